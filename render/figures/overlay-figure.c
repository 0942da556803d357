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

cairo_surface_t *
isc_overlay_figure_render (const IscOverlayFigureInput *in,
                           double                      *low,
                           double                      *high,
                           GError                     **error)
{
  cairo_surface_t *base, *overlay, *composite;
  cairo_t *c;

  g_return_val_if_fail (in != NULL && in->image != NULL && in->overlay != NULL, NULL);

  if (!isc_overlay_figure_range (in, low, high))
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_INVALID,
                   "the APT map does not reach the image: nothing to overlay");
      return NULL;
    }
  base = isc_image_render_rgba (in->image, in->frame, in->contrast, ISC_COLORMAP_GREY, NULL,
                               NULL, NULL);
  overlay = isc_image_render_float (in->overlay, in->image->width, in->image->height, *low, *high,
                                    1.0, in->colormap);
  if (base == NULL || overlay == NULL)
    {
      g_clear_pointer (&base, cairo_surface_destroy);
      g_clear_pointer (&overlay, cairo_surface_destroy);
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_INVALID,
                   "the image (%u × %u pixels) is too large or empty to draw",
                   in->image->width, in->image->height);
      return NULL;
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
  return composite;
}

double
isc_overlay_figure_colour_bar_width (double font_size)
{
  return 5.5 * font_size;
}

void
isc_overlay_figure_draw_colour_bar (const IscOverlayFigureInput *in,
                                    cairo_t                     *cr,
                                    double                       low,
                                    double                       high,
                                    double                       x,
                                    double                       y,
                                    double                       height,
                                    double                       fs)
{
  const guint8 *table = isc_colormap_table (in->colormap);
  double bar_w = 1.0 * fs, bar_x = x + 0.4 * fs;
  char text[64];

  cairo_save (cr);
  /* The map's colours from low (bottom) to high, as drawn over the image. */
  for (guint i = 0; i < 256; i++)
    {
      cairo_set_source_rgb (cr, table[3 * i] / 255.0, table[3 * i + 1] / 255.0,
                            table[3 * i + 2] / 255.0);
      cairo_rectangle (cr, bar_x, y + height * (255 - i) / 256.0, bar_w, height / 256.0 + 0.5);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, MAX (0.5, fs / 12));
  cairo_rectangle (cr, bar_x, y, bar_w, height);
  cairo_stroke (cr);
  g_snprintf (text, sizeof text, "%.3g", high);
  draw_text (cr, text, fs, bar_x + bar_w + 0.3 * fs, y, 0, 0.5, FALSE);
  g_snprintf (text, sizeof text, "%.3g", low);
  draw_text (cr, text, fs, bar_x + bar_w + 0.3 * fs, y + height, 0, 0.5, FALSE);
  if (in->label != NULL)
    {
      /* Along the strip's right edge, reading upwards, clear of the numbers. */
      cairo_translate (cr, x + isc_overlay_figure_colour_bar_width (fs), y + height / 2);
      cairo_rotate (cr, -G_PI / 2);
      draw_text (cr, in->label, fs, 0, 0, 0.5, 1, FALSE);
    }
  cairo_restore (cr);
}

gboolean
isc_overlay_figure_draw (const IscOverlayFigureInput *in,
                         cairo_t                     *cr,
                         double                       width,
                         double                       height,
                         GError                     **error)
{
  cairo_surface_t *composite;
  double low, high, fs = in->font_size > 0 ? in->font_size : MAX (6, MIN (width, height) / 30);
  double top = in->title != NULL && in->title[0] != '\0' ? 2 * fs : 0;
  double bar_area = isc_overlay_figure_colour_bar_width (fs);

  g_return_val_if_fail (in != NULL && in->image != NULL && in->overlay != NULL, FALSE);

  composite = isc_overlay_figure_render (in, &low, &high, error);
  if (composite == NULL)
    return FALSE;

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
  isc_overlay_figure_draw_colour_bar (in, cr, low, high, width - bar_area,
                                      top + 0.15 * (height - top), 0.7 * (height - top), fs);
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
