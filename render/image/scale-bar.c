/* scale-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "scale-bar.h"

gboolean
isc_scale_bar_choose (double       pixel_size,
                      const char  *unit,
                      double       view_width_px,
                      IscScaleBar *out)
{
  static const double mantissas[] = { 1, 2, 5, 10 };
  double target, decade, best = 0, best_err = G_MAXDOUBLE;
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (out != NULL, FALSE);
  memset (out, 0, sizeof *out);
  if (!(pixel_size > 0) || !isfinite (pixel_size) || !(view_width_px > 0) || !isfinite (view_width_px)
      || unit == NULL || *unit == '\0' || strcmp (unit, "px") == 0)
    return FALSE;

  target = 0.2 * view_width_px * pixel_size;
  decade = pow (10, floor (log10 (target)));
  for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
    {
      double err = fabs (log (mantissas[i] * decade / target));

      if (err < best_err)
        {
          best_err = err;
          best = mantissas[i] * decade;
        }
    }
  /* Round away the binary noise of the power of ten (0.2 rather than 0.20000000000000001). */
  best = g_ascii_strtod (g_ascii_formatd (number, sizeof number, "%.6g", best), NULL);
  return isc_scale_bar_for_length (best, pixel_size, unit, out);
}

gboolean
isc_scale_bar_for_length (double       length,
                          double       pixel_size,
                          const char  *unit,
                          IscScaleBar *out)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  const char *shown_unit = unit;
  double shown = length;

  g_return_val_if_fail (out != NULL, FALSE);
  memset (out, 0, sizeof *out);
  if (!(length > 0) || !isfinite (length) || !(pixel_size > 0) || !isfinite (pixel_size)
      || unit == NULL || *unit == '\0' || strcmp (unit, "px") == 0)
    return FALSE;
  out->length = length;
  out->length_px = length / pixel_size;
  if (strcmp (unit, "nm") == 0 && length >= 1000)
    {
      shown = length / 1000;
      shown_unit = "µm";
    }
  g_ascii_formatd (number, sizeof number, "%.6g", shown);
  g_snprintf (out->label, sizeof out->label, "%s %s", number, shown_unit);
  return TRUE;
}

void
isc_scale_bar_draw (cairo_t    *cr,
                    const char *label,
                    double      length,
                    double      view_width,
                    double      view_height,
                    double      font_size)
{
  PangoLayout *layout;
  PangoFontDescription *font;
  PangoRectangle logical;
  double pad = 0.5 * font_size, margin = 0.8 * font_size, thickness = MAX (2, 0.35 * font_size);
  double box_w, box_h, box_x, box_y, text_w, text_h;

  g_return_if_fail (cr != NULL && label != NULL);
  if (!(length > 0) || !(font_size > 0))
    return;

  cairo_save (cr);
  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Sans Bold");
  pango_font_description_set_absolute_size (font, font_size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, label, -1);
  pango_layout_get_extents (layout, NULL, &logical);
  text_w = (double) logical.width / PANGO_SCALE;
  text_h = (double) logical.height / PANGO_SCALE;

  box_w = MAX (length, text_w) + 2 * pad;
  box_h = text_h + 0.3 * font_size + thickness + 2 * pad;
  box_x = view_width - margin - box_w;
  box_y = view_height - margin - box_h;

  cairo_rectangle (cr, box_x, box_y, box_w, box_h);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, 1, 1, 1);
  /* Bar and label centred in the box; the bar's length is the measurement, so never rounded. */
  cairo_rectangle (cr, box_x + (box_w - length) / 2, box_y + box_h - pad - thickness, length, thickness);
  cairo_fill (cr);
  cairo_move_to (cr, box_x + (box_w - text_w) / 2 - (double) logical.x / PANGO_SCALE, box_y + pad);
  pango_cairo_show_layout (cr, layout);

  g_object_unref (layout);
  cairo_restore (cr);
}
