/* overlay-figure.c: a registered APT map drawn over the microscope image, with its colour bar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "overlay-figure.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>

#include "plot-export.h"

static int
compare_floats (const void *a,
                const void *b)
{
  float x = *(const float *) a, y = *(const float *) b;

  return (x > y) - (x < y);
}

gboolean
isc_overlay_figure_range (const IscOverlayFigureInput *in,
                          double                      *low,
                          double                      *high)
{
  gsize n = (gsize) in->image->width * in->image->height, m = 0;
  g_autofree float *finite = NULL;

  if (in->low < in->high)
    {
      *low = in->low;
      *high = in->high;
      return TRUE;
    }
  finite = g_new (float, n);
  for (gsize i = 0; i < n; i++)
    if (isfinite (in->overlay[i]))
      finite[m++] = in->overlay[i];
  if (m == 0)
    return FALSE;
  qsort (finite, m, sizeof (float), compare_floats);
  *low = finite[(gsize) (0.02 * (m - 1))];
  *high = finite[(gsize) (0.98 * (m - 1))];
  if (!(*high > *low))
    *high = *low + MAX (fabs (*low) * 1e-3, 1e-6);
  return TRUE;
}

static void
draw_text (cairo_t    *cr,
           const char *text,
           double      size,
           double      x,
           double      y,
           double      anchor_x,   /* 0 left, 0.5 centre, 1 right */
           double      anchor_y,
           gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (bold ? "Sans Bold" : "Sans");
  int w, h;

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - anchor_x * w, y - anchor_y * h);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

gboolean
isc_overlay_figure_draw (const IscOverlayFigureInput *in,
                         cairo_t                     *cr,
                         double                       width,
                         double                       height,
                         GError                     **error)
{
  cairo_surface_t *base, *overlay, *composite;
  cairo_t *c;
  const guint8 *table = isc_colormap_table (in->colormap);
  double low, high, fs = MAX (6, MIN (width, height) / 30);
  double top = in->title != NULL && in->title[0] != '\0' ? 2 * fs : 0;
  double bar_area = 7 * fs, bar_w = 1.2 * fs, bar_x, bar_y, bar_h;
  char text[64];

  g_return_val_if_fail (in != NULL && in->image != NULL && in->overlay != NULL, FALSE);

  if (!isc_overlay_figure_range (in, &low, &high))
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_INVALID,
                   "the APT map does not reach the image: nothing to overlay");
      return FALSE;
    }
  base = isc_image_render_rgba (in->image, in->frame, in->contrast, ISC_COLORMAP_GREY, NULL,
                               NULL, NULL);
  overlay = isc_image_render_float (in->overlay, in->image->width, in->image->height, low, high,
                                    1.0, in->colormap);
  if (base == NULL || overlay == NULL)
    {
      g_clear_pointer (&base, cairo_surface_destroy);
      g_clear_pointer (&overlay, cairo_surface_destroy);
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_INVALID,
                   "the image (%u × %u pixels) is too large or empty to draw",
                   in->image->width, in->image->height);
      return FALSE;
    }
  composite = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, in->image->width,
                                          in->image->height);
  c = cairo_create (composite);
  cairo_set_source_surface (c, base, 0, 0);
  cairo_paint (c);
  cairo_set_source_surface (c, overlay, 0, 0);
  cairo_paint_with_alpha (c, CLAMP (in->opacity, 0, 1));
  cairo_destroy (c);
  cairo_surface_destroy (base);
  cairo_surface_destroy (overlay);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  if (top > 0)
    {
      cairo_set_source_rgb (cr, 0, 0, 0);
      draw_text (cr, in->title, 1.1 * fs, width / 2, 0.4 * fs, 0.5, 0, TRUE);
    }
  cairo_save (cr);
  cairo_translate (cr, 0, top);
  isc_image_draw_fitted (cr, composite, in->image, width - bar_area, height - top, TRUE);
  cairo_restore (cr);
  cairo_surface_destroy (composite);

  /* The colour bar: the map's colours from low (bottom) to high, as drawn over the image. */
  bar_x = width - bar_area + fs;
  bar_h = 0.7 * (height - top);
  bar_y = top + 0.15 * (height - top);
  for (guint i = 0; i < 256; i++)
    {
      cairo_set_source_rgb (cr, table[3 * i] / 255.0, table[3 * i + 1] / 255.0,
                            table[3 * i + 2] / 255.0);
      cairo_rectangle (cr, bar_x, bar_y + bar_h * (255 - i) / 256.0, bar_w, bar_h / 256.0 + 0.5);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, MAX (0.5, fs / 12));
  cairo_rectangle (cr, bar_x, bar_y, bar_w, bar_h);
  cairo_stroke (cr);
  g_snprintf (text, sizeof text, "%.3g", high);
  draw_text (cr, text, fs, bar_x + bar_w + 0.3 * fs, bar_y, 0, 0.5, FALSE);
  g_snprintf (text, sizeof text, "%.3g", low);
  draw_text (cr, text, fs, bar_x + bar_w + 0.3 * fs, bar_y + bar_h, 0, 0.5, FALSE);
  if (in->label != NULL)
    {
      cairo_save (cr);
      cairo_translate (cr, bar_x - 0.3 * fs, bar_y + bar_h / 2);
      cairo_rotate (cr, -G_PI / 2);
      draw_text (cr, in->label, fs, 0, 0, 0.5, 1, FALSE);
      cairo_restore (cr);
    }
  cairo_restore (cr);
  return TRUE;
}

typedef struct
{
  const IscOverlayFigureInput *in;
  GError                      *error;
} ExportData;

static void
export_draw (cairo_t  *cr,
             double    width,
             double    height,
             gpointer  user_data)
{
  ExportData *data = user_data;

  if (data->error == NULL)
    isc_overlay_figure_draw (data->in, cr, width, height, &data->error);
}

gboolean
isc_overlay_figure_export (const IscOverlayFigureInput *in,
                           const char                  *path,
                           const IscFigureOptions      *options,
                           GError                     **error)
{
  ExportData data = { in, NULL };

  if (!isc_render_export_with_options (path, options, export_draw, &data, error))
    {
      g_clear_error (&data.error);
      return FALSE;
    }
  if (data.error != NULL)
    {
      g_propagate_error (error, data.error);
      return FALSE;
    }
  return TRUE;
}
