/* ion-overlay.h: 2-D annotations of the 3-D ion map drawn with cairo + pango: a scale bar
 * in nm and a colour legend of the visible species. Used on exported images and over the
 * widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "point-renderer.h"

G_BEGIN_DECLS

/* A "nice" bar length (1, 2 or 5 × 10^k nm) not longer than @max_nm. */
double isc_ion_overlay_nice_length    (double            max_nm);

/* Draws a bar of a nice length near the lower-right corner of a @width × @height image
 * whose scale is @nm_per_px at the focal plane, with its length as text. @rgb is the ink
 * colour. Returns the bar length in nm. */
double isc_ion_overlay_draw_scale_bar (cairo_t          *cr,
                                       double            width,
                                       double            height,
                                       double            nm_per_px,
                                       const float       rgb[3]);

/* As above with a bar of exactly @length_nm (e.g. to match another view's scale bar). */
double isc_ion_overlay_draw_scale_bar_of (cairo_t        *cr,
                                          double          width,
                                          double          height,
                                          double          nm_per_px,
                                          double          length_nm,
                                          const float     rgb[3]);

/* Draws a swatch and name for every visible species that has ions, in the upper-right
 * corner, in @renderer's colours. Returns the number of entries drawn. */
guint  isc_ion_overlay_draw_legend    (cairo_t          *cr,
                                       double            width,
                                       double            height,
                                       IscPointRenderer *renderer,
                                       const float       rgb[3]);

/* Labels "x", "y", "z" beyond the ends of the renderer's axis triad, whose square is
 * @triad_px wide in the lower-left corner of a @height-high image. */
void   isc_ion_overlay_draw_axis_labels (cairo_t         *cr,
                                         double           height,
                                         const IscCamera *camera,
                                         double           triad_px,
                                         const float      rgb[3]);

/* Black on light backgrounds, white on dark ones. */
void   isc_ion_overlay_ink_for_background (const float   background[3],
                                           float         ink[3]);

G_END_DECLS
