/* scale-bar.h: a calibrated scale bar of a round length (1, 2 or 5 × 10ⁿ) for images.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double length;      /* calibrated length, in the unit the pixel size was given in (nm) */
  double length_px;   /* the same length in image pixels */
  char   label[32];   /* "0.5 nm", "20 nm", "2 µm": C-locale number, unit switched to µm ≥ 1000 nm */
} IscScaleBar;

/* Picks the round length (1, 2 or 5 × 10ⁿ @unit) closest, on a log scale, to 20 % of a view
 * @view_width_px image pixels wide (so the bar spans about 15–25 % of it). @pixel_size is the
 * calibrated size of one image pixel in @unit ("nm" is labelled nm/µm; other units as given).
 * FALSE when the pixel size or width is not positive and finite, or @unit is empty ("" or "px"
 * means uncalibrated). */
gboolean isc_scale_bar_choose (double       pixel_size,
                               const char  *unit,
                               double       view_width_px,
                               IscScaleBar *out);

/* A bar of exactly @length @unit (e.g. to match another view's bar); FALSE as above. */
gboolean isc_scale_bar_for_length (double       length,
                                   double       pixel_size,
                                   const char  *unit,
                                   IscScaleBar *out);

/* Draws a white bar @length user units long with @label centred above it, on a translucent
 * dark box, at the bottom-right corner of the rectangle (0, 0, @view_width, @view_height).
 * @font_size is in user units; the bar and the margins scale with it. */
void     isc_scale_bar_draw   (cairo_t     *cr,
                               const char  *label,
                               double       length,
                               double       view_width,
                               double       view_height,
                               double       font_size);

G_END_DECLS
