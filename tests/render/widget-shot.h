/* widget-shot.h: a real screenshot of a widget (GtkWidgetPaintable → GSK cairo renderer →
 * texture → pixels), shared by the plot and cycling view tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

typedef struct
{
  int width, height;
  guint32 *pixels;   /* 0xAARRGGBB */
} WidgetShot;

static inline WidgetShot *
widget_shot_take (GtkWidget *widget)
{
  WidgetShot *shot = g_new0 (WidgetShot, 1);
  GdkPaintable *paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderer *renderer = gsk_cairo_renderer_new ();
  GskRenderNode *node;
  GdkTexture *texture;
  GError *error = NULL;

  shot->width = gtk_widget_get_width (widget);
  shot->height = gtk_widget_get_height (widget);
  g_assert_cmpint (shot->width, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, shot->width, shot->height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  g_assert_true (gsk_renderer_realize (renderer, NULL, &error));
  g_assert_no_error (error);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, shot->width, shot->height));
  shot->pixels = g_new (guint32, (gsize) shot->width * shot->height);
  gdk_texture_download (texture, (guchar *) shot->pixels, shot->width * 4);
  if (g_getenv ("ISC_TEST_SAVE_SHOTS") != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s/shot-%s.png", g_get_tmp_dir (), G_OBJECT_TYPE_NAME (widget));

      gdk_texture_save_to_png (texture, name);
    }
  g_object_unref (texture);
  gsk_render_node_unref (node);
  gsk_renderer_unrealize (renderer);
  g_object_unref (renderer);
  g_object_unref (paintable);
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
