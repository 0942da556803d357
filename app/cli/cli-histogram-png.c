/* cli-histogram-png.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo.h>

#include "cli-histogram-png.h"
#include "isc-error.h"

#define PLOT 600
#define MARGIN 80

gboolean
isc_cli_histogram_png (const IscHistogram2D  *h,
                       GPtrArray             *tracks,
                       const char            *title,
                       const char            *x_label,
                       const char            *y_label,
                       const char            *path,
                       GError               **error)
{
  g_autofree guint32 *pixels = isc_histogram_2d_to_argb (h);
  cairo_surface_t *image = cairo_image_surface_create_for_data ((unsigned char *) pixels, CAIRO_FORMAT_ARGB32,
                                                                (int) h->n, (int) h->n, (int) (h->n * 4));
  cairo_surface_t *out = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, PLOT + 2 * MARGIN, PLOT + 2 * MARGIN);
  cairo_t *cr = cairo_create (out);
  cairo_status_t status;
  char text[64];

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_save (cr);
  cairo_translate (cr, MARGIN, MARGIN);
  cairo_scale (cr, (double) PLOT / h->n, (double) PLOT / h->n);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);

  /* Dissociation tracks over the histogram, clipped to it. */
  cairo_save (cr);
  cairo_rectangle (cr, MARGIN, MARGIN, PLOT, PLOT);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 0.85, 0.1, 0.1);
  cairo_set_line_width (cr, 1.5);
  for (guint t = 0; tracks != NULL && t < tracks->len; t++)
    {
      GArray *points = g_ptr_array_index (tracks, t);

      for (guint k = 0; k + 1 < points->len; k += 2)
        {
          double px = MARGIN + PLOT * (g_array_index (points, double, k) - h->lo) / (h->hi - h->lo);
          double py = MARGIN + PLOT - PLOT * (g_array_index (points, double, k + 1) - h->lo) / (h->hi - h->lo);

          if (k == 0)
            cairo_move_to (cr, px, py);
          else
            cairo_line_to (cr, px, py);
        }
      cairo_stroke (cr);
    }
  cairo_restore (cr);

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, MARGIN + 0.5, MARGIN + 0.5, PLOT, PLOT);
  cairo_stroke (cr);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 13);
  for (guint k = 0; k <= 4; k++)
    {
      double v = h->lo + (h->hi - h->lo) * k / 4.0;
      double px = MARGIN + PLOT * k / 4.0;
      double py = MARGIN + PLOT - PLOT * k / 4.0;

      g_snprintf (text, sizeof text, "%.4g", v);
      cairo_move_to (cr, px - 12, MARGIN + PLOT + 18);
      cairo_show_text (cr, text);
      {
        cairo_text_extents_t ext;

        /* Right-aligned beside the axis, clear of the rotated axis label. */
        cairo_text_extents (cr, text, &ext);
        cairo_move_to (cr, MARGIN - 6 - ext.x_advance, py + 4);
        cairo_show_text (cr, text);
      }
    }
  cairo_move_to (cr, MARGIN + PLOT / 2.0 - 40, MARGIN + PLOT + 40);
  cairo_show_text (cr, x_label);
  cairo_save (cr);
  cairo_move_to (cr, 16, MARGIN + PLOT / 2.0 + 80);
  cairo_rotate (cr, -G_PI / 2);
  cairo_show_text (cr, y_label);
  cairo_restore (cr);
  cairo_set_font_size (cr, 15);
  cairo_move_to (cr, MARGIN, MARGIN - 20);
  cairo_show_text (cr, title);

  cairo_destroy (cr);
  cairo_surface_destroy (image);
  status = cairo_surface_write_to_png (out, path);
  cairo_surface_destroy (out);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_IO, "%s: %s", path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
