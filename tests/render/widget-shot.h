/* widget-shot.h: pixel access on a real screenshot (isc_test_snapshot_cairo), shared by the plot,
 * cycling and gradient view tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "test-gtk-util.h"

typedef struct
{
  int width, height;
  guint32 *pixels;   /* 0xAARRGGBB */
} WidgetShot;

static inline WidgetShot *
widget_shot_take (GtkWidget *widget)
{
  WidgetShot *shot = g_new0 (WidgetShot, 1);

  shot->pixels = isc_test_snapshot_cairo (widget, &shot->width, &shot->height,
                                          g_getenv ("ISC_TEST_SAVE_SHOTS") != NULL ? "widget-shot.png" : NULL);
  return shot;
}

static inline void
widget_shot_free (WidgetShot *shot)
{
  g_free (shot->pixels);
  g_free (shot);
}

static inline guint32
widget_shot_pixel (WidgetShot *shot,
                   int         x,
                   int         y)
{
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, shot->width);
  g_assert_cmpint (y, <, shot->height);
  return shot->pixels[(gsize) y * shot->width + x];
}

/* Pixels within @tol per channel of @rgb inside the rectangle. */
static inline guint
widget_shot_count (WidgetShot *shot,
                   guint32     rgb,
                   int         tol,
                   int         x0,
                   int         y0,
                   int         x1,
                   int         y1)
{
  guint n = 0;

  for (int y = MAX (y0, 0); y < MIN (y1, shot->height); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, shot->width); x++)
      {
        guint32 p = shot->pixels[(gsize) y * shot->width + x];

        if (ABS ((int) ((p >> 16) & 0xff) - (int) ((rgb >> 16) & 0xff)) <= tol
            && ABS ((int) ((p >> 8) & 0xff) - (int) ((rgb >> 8) & 0xff)) <= tol
            && ABS ((int) (p & 0xff) - (int) (rgb & 0xff)) <= tol)
          n++;
      }
  return n;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WidgetShot, widget_shot_free)
