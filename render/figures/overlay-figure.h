/* overlay-figure.h: the correlative overlay — a site's microscope image with its APT composition
 * (or density) map, registered to the image, drawn over it with an opacity and a colour scale —
 * as PNG, TIFF, SVG or PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "colormap.h"
#include "figure-options.h"
#include "image-render.h"
#include "image.h"

G_BEGIN_DECLS

/* Everything is borrowed for the duration of the call and only read. */
typedef struct
{
  const IscImage    *image;          /* required, calibrated in nm */
  guint              frame;
  const IscContrast *contrast;       /* NULL: the default */
  const float       *overlay;        /* image width × height values on the image's pixels (e.g.
                                      * isc_projected_map_resample ()), NaN where there is none */
  double             low, high;      /* the colour scale; low ≥ high: 2–98 % of the overlay */
  double             opacity;        /* 0–1 */
  IscColormap        colormap;       /* of the overlay */
  const char        *label;          /* of the colour bar, e.g. "Li ion fraction"; may be NULL */
  const char        *title;          /* above the image; NULL or "": none */
  double             font_size;      /* of the colour bar's text; 0: from the figure's size */
} IscOverlayFigureInput;

/* Draws into (0, 0, @width, @height) of @cr (white background). ISC_RENDER_ERROR INVALID when
 * the image or the overlay cannot be drawn. */
gboolean isc_overlay_figure_draw   (const IscOverlayFigureInput *in,
                                    cairo_t                     *cr,
                                    double                       width,
                                    double                       height,
                                    GError                     **error);

/* The image in grey with the map over it at the opacity, image width × height pixels, and the
 * colour scale used (FALSE/NULL as isc_overlay_figure_draw ()). */
cairo_surface_t *isc_overlay_figure_render (const IscOverlayFigureInput *in,
                                            double                      *low,
                                            double                      *high,
                                            GError                     **error);

/* The colour bar of the map, from @low (bottom) to @high, with its numbers and label, in a strip
 * isc_overlay_figure_colour_bar_width (@font_size) wide whose left edge is @x. */
void     isc_overlay_figure_draw_colour_bar  (const IscOverlayFigureInput *in,
                                              cairo_t                     *cr,
                                              double                       low,
                                              double                       high,
                                              double                       x,
                                              double                       y,
                                              double                       height,
                                              double                       font_size);
double   isc_overlay_figure_colour_bar_width (double                       font_size);

/* Writes the figure to @path in the size and format of @options. */
gboolean isc_overlay_figure_export (const IscOverlayFigureInput *in,
                                    const char                  *path,
                                    const IscFigureOptions      *options,
                                    GError                     **error);

/* The colour scale isc_overlay_figure_draw () uses for @in (2–98 % when not given). FALSE when
 * the overlay has no finite value. */
gboolean isc_overlay_figure_range  (const IscOverlayFigureInput *in,
                                    double                      *low,
                                    double                      *high);

G_END_DECLS
