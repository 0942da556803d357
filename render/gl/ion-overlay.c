/* ion-overlay.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ion-overlay.h"

#include <math.h>
#include <pango/pangocairo.h>

#define MARGIN 12.0

double
isc_ion_overlay_nice_length (double max_nm)
{
  double decade, best;

  if (!(max_nm > 0.0) || !isfinite (max_nm))
    return 0.0;
  decade = pow (10.0, floor (log10 (max_nm)));
  best = decade;
  if (2.0 * decade <= max_nm)
    best = 2.0 * decade;
  if (5.0 * decade <= max_nm)
    best = 5.0 * decade;
  return best;
}

void
isc_ion_overlay_ink_for_background (const float background[3],
                                    float       ink[3])
{
  float luminance = 0.2126f * background[0] + 0.7152f * background[1] + 0.0722f * background[2];
  float v = luminance > 0.5f ? 0.0f : 1.0f;

  ink[0] = ink[1] = ink[2] = v;
}

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *text,
             double      height)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans");

  /* Text grows with the image so exports at poster size stay readable. */
  pango_font_description_set_absolute_size (font, MAX (11.0, height / 50.0) * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_font_description_free (font);
  return layout;
}

double
isc_ion_overlay_draw_scale_bar (cairo_t     *cr,
                                double       width,
                                double       height,
                                double       nm_per_px,
                                const float  rgb[3])
{
  g_return_val_if_fail (cr != NULL, 0.0);

  if (!(nm_per_px > 0.0))
    return 0.0;
  return isc_ion_overlay_draw_scale_bar_of (cr, width, height, nm_per_px,
                                            isc_ion_overlay_nice_length (width * 0.25 * nm_per_px), rgb);
}

double
isc_ion_overlay_draw_scale_bar_of (cairo_t     *cr,
                                   double       width,
                                   double       height,
                                   double       nm_per_px,
                                   double       length_nm,
                                   const float  rgb[3])
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *text = NULL;
  double length_px, x1, y, thickness;
  int tw, th;

  g_return_val_if_fail (cr != NULL, 0.0);

  if (!(nm_per_px > 0.0) || !(length_nm > 0.0))
    return 0.0;
  length_px = length_nm / nm_per_px;
  thickness = MAX (3.0, height / 200.0);

  x1 = width - MARGIN;
  y = height - MARGIN - thickness;
  cairo_save (cr);
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_rectangle (cr, x1 - length_px, y, length_px, thickness);
  cairo_fill (cr);

  text = g_strdup_printf ("%g nm", length_nm);
  layout = make_layout (cr, text, height);
  pango_layout_get_pixel_size (layout, &tw, &th);
  cairo_move_to (cr, x1 - length_px / 2.0 - tw / 2.0, y - th - 2.0);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  return length_nm;
}

guint
isc_ion_overlay_draw_legend (cairo_t          *cr,
                             double            width,
                             double            height,
                             IscPointRenderer *renderer,
                             const float       rgb[3])
{
  double y = MARGIN;
  guint n = 0;

  g_return_val_if_fail (cr != NULL, 0);
  g_return_val_if_fail (renderer != NULL, 0);

  cairo_save (cr);
  for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
    {
      g_autoptr(PangoLayout) layout = NULL;
      const char *name = NULL;
      float color[3];
      gboolean visible = FALSE;
      gsize count = isc_point_renderer_get_species (renderer, s, &name, color, NULL, &visible);
      int tw, th;
      double swatch;

      if (count == 0 || !visible)
        continue;

      layout = make_layout (cr, name != NULL ? name : "?", height);
      pango_layout_get_pixel_size (layout, &tw, &th);
      swatch = th * 0.7;
      cairo_set_source_rgb (cr, color[0], color[1], color[2]);
      /* The text before leaves a current point: without a new path the swatch's fill would
       * reach back to it in a thin sliver. */
      cairo_new_path (cr);
      cairo_arc (cr, width - MARGIN - tw - swatch * 1.5 + swatch / 2.0, y + th / 2.0,
                 swatch / 2.0, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      cairo_move_to (cr, width - MARGIN - tw, y);
      pango_cairo_show_layout (cr, layout);
      y += th * 1.2;
      n++;
    }
  cairo_restore (cr);
  return n;
}

void
isc_ion_overlay_draw_axis_labels (cairo_t         *cr,
                                  double           height,
                                  const IscCamera *camera,
                                  double           triad_px,
                                  const float      rgb[3])
{
  static const char *names[3] = { "x", "y", "z" };
  static const double lengths[3] = { 0.8, 0.8, 1.0 };
  float m[16];

  g_return_if_fail (cr != NULL);
  g_return_if_fail (camera != NULL);

  isc_camera_get_rotation_matrix (camera, m);
  cairo_save (cr);
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  for (int a = 0; a < 3; a++)
    {
      g_autoptr(PangoLayout) layout = make_layout (cr, names[a], MIN (height, 550.0));
      /* Column a of the rotation is the screen direction of world axis a. */
      double reach = ISC_POINT_RENDERER_TRIAD_REACH * (lengths[a] + 0.2);
      double nx = m[a * 4 + 0] * reach, ny = m[a * 4 + 1] * reach;
      double cx = triad_px / 2.0 * (1.0 + nx);
      double cy = height - triad_px / 2.0 * (1.0 + ny);
      int tw, th;

      /* An axis pointing at the viewer has no direction on screen: no label. */
      if (hypot (m[a * 4 + 0], m[a * 4 + 1]) < 0.15)
        continue;
      pango_layout_get_pixel_size (layout, &tw, &th);
      cairo_move_to (cr, cx - tw / 2.0, cy - th / 2.0);
      pango_cairo_show_layout (cr, layout);
    }
  cairo_restore (cr);
}
