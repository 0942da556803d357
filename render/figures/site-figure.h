/* site-figure.h: the figure of one site for a paper — (a) the APT ion map and (b) the STEM image
 * of the same place side by side, with scale bars of the same physical length (the map gets its
 * own when that length would be too short to read on it), and optionally
 * (c) the 1-D concentration profile along the needle — as PNG, SVG or PDF.
 *
 * The ion map is rendered offscreen in a headless OpenGL context made on the calling thread,
 * so the functions below may run in a worker thread and need no window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "colormap.h"
#include "figure.h"
#include "figure-options.h"
#include "image-render.h"
#include "image.h"
#include "ion-cloud.h"
#include "profile.h"
#include "range-set.h"

G_BEGIN_DECLS

/* Everything is borrowed for the duration of the call and only read. */
typedef struct
{
  const IscIonCloud *cloud;           /* required; ion types filled when @ranges is set */
  const IscRangeSet *ranges;          /* species names and colours; NULL: one unranged layer */
  const gboolean    *visible;         /* NULL: every species; else 256 flags (index = ion type,
                                       * 255 = unranged) */
  double             azimuth;         /* degrees, as isc_camera_set_azimuth_elevation () */
  double             elevation;       /* degrees */
  double             point_size;      /* ion diameter in points; 0: 1.5 */
  gboolean           legend;          /* draw the species legend on the ion map */

  const IscImage    *image;           /* required, calibrated in nm */
  guint              frame;
  const IscContrast *contrast;        /* NULL: the default */
  IscColormap        colormap;

  const char        *title;           /* drawn above the panels; NULL or "": none */
  double             scale_bar_nm;    /* both bars' length; 0: isc_site_figure_common_scale_bar () */

  const IscProfile  *profile;         /* NULL: no panel c */
  const char        *profile_element; /* series of panel c; NULL: "Li" */
} IscSiteFigureInput;

/* Where things landed in the last draw, in the user units of the cairo_t given to
 * isc_site_figure_draw () (pixels on an unscaled image surface). Panels are a, b (, c). */
typedef struct
{
  guint  n_panels;
  double panel_x[3], panel_y[3], panel_width[3], panel_height[3]; /* drawing area of each panel */
  double letter_x[3], letter_y[3], letter_size;                   /* top-left of each letter box */
  double scale_bar_nm;                 /* the common length */
  double bar_length[2];                /* of the bars of a and b */
  double bar_center_x[2], bar_center_y[2];
  double nm_per_unit[2];               /* the scale of the ion map (a) and the image (b) */
  double bar_nm[2];                    /* each bar's length: the common one, or for the ion map its
                                        * own when the common one would be under a tenth of the
                                        * panel (an atomic-resolution image beside a needle) */
} IscSiteFigureLayout;

/* The site page's choice: a round length (1, 2, 5 × 10ⁿ nm) not over a quarter of the image
 * width; 0 when the image is not calibrated in nm. */
double   isc_site_figure_common_scale_bar (const IscImage *image);

/* Draws the figure into (0, 0, @width, @height) of @cr (white background). @layout may be NULL.
 * Errors: ISC_RENDER_ERROR UNSUPPORTED "no OpenGL available: …" when no context can be made;
 * INVALID for an uncalibrated image or an empty cloud; ARGUMENT for a missing element. */
gboolean isc_site_figure_draw   (const IscSiteFigureInput *in,
                                 cairo_t                  *cr,
                                 double                    width,
                                 double                    height,
                                 IscSiteFigureLayout      *layout,
                                 GError                  **error);

/* Writes the figure to @path: PNG (@width_pt × @dpi / 72 pixels), SVG or PDF by the suffix.
 * Sizes in points. Nothing is written when it fails (errors as above, or IO). */
gboolean isc_site_figure_export (const IscSiteFigureInput *in,
                                 const char               *path,
                                 double                    width_pt,
                                 double                    height_pt,
                                 double                    dpi,
                                 GError                  **error);

/* The same in journal units: size, resolution, text size (scale bars, legend, letters, panel c)
 * and background of @options (figure-options.h: white or transparent, where the ion map's
 * background is cleared too; black is refused); the format follows the extension of @path. */
gboolean isc_site_figure_export_with_options (const IscSiteFigureInput *in,
                                              const char               *path,
                                              const IscFigureOptions   *options,
                                              GError                  **error);

/* The ion map of @in alone (no image needed) as panel (row, column) of @figure, with its own scale
 * bar, legend when @in->legend, text at @options' size (NULL: 8 pt) and its background. The
 * panel keeps a reference to the cloud and a copy of the ranges; the headless OpenGL context is
 * made now, on this thread, where the figure must be drawn and freed. */
gboolean isc_site_figure_set_ion_map_panel (IscFigure                *figure,
                                            guint                     row,
                                            guint                     column,
                                            const IscSiteFigureInput *in,
                                            const IscFigureOptions   *options,
                                            GError                  **error);

/* Panel c: the atomic fraction (at.%) of @element along the profile, with its ± σ band (publication
 * theme). NULL with ISC_RENDER_ERROR ARGUMENT/INVALID for a missing element or an empty profile. */
IscPlot *isc_site_figure_profile_plot_new  (const IscProfile *profile,
                                            const char       *element,
                                            GError          **error);

G_END_DECLS
