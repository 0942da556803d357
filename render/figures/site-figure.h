/* site-figure.h: the figure of one site for a paper — (a) the APT ion map and (b) the STEM image
 * of the same place side by side, with scale bars of the same physical length (the map gets its
 * own when that length would be too short to read on it), and optionally the APT composition
 * registered onto the image (the site's correlative registration, overlay-figure.h) and the 1-D
 * concentration profile along the needle, lettered on in that order — as PNG, SVG or PDF.
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

  /* The registered overlay panel: the image again with the APT map over it. */
  const float       *overlay;         /* NULL: no overlay panel; else image width × height values
                                       * (isc_registration_overlay_new ()), NaN where none */
  const char        *overlay_label;   /* its colour bar's text, e.g. "Li ion fraction" */
  double             overlay_opacity; /* 0: 0.6 */

  const IscProfile  *profile;         /* NULL: no profile panel */
  const char        *profile_element; /* series of the profile panel; NULL: "Li" */
} IscSiteFigureInput;

/* Ion map, image, registered overlay, profile. */
#define ISC_SITE_FIGURE_MAX_PANELS 4

/* Where things landed in the last draw, in the user units of the cairo_t given to
 * isc_site_figure_draw () (pixels on an unscaled image surface). Panels are a, b (, c, d): the
 * overlay, when there is one, before the profile. */
typedef struct
{
  guint  n_panels;
  double panel_x[ISC_SITE_FIGURE_MAX_PANELS], panel_y[ISC_SITE_FIGURE_MAX_PANELS];
  double panel_width[ISC_SITE_FIGURE_MAX_PANELS], panel_height[ISC_SITE_FIGURE_MAX_PANELS];
  double letter_x[ISC_SITE_FIGURE_MAX_PANELS], letter_y[ISC_SITE_FIGURE_MAX_PANELS];
  double letter_size;                  /* top-left of each letter box, and its size */
  double scale_bar_nm;                 /* the common length */
  /* The scale bars of the ion map (a), the image (b) and the overlay (c) when there is one. */
  double bar_length[ISC_SITE_FIGURE_MAX_PANELS];
  double bar_center_x[ISC_SITE_FIGURE_MAX_PANELS], bar_center_y[ISC_SITE_FIGURE_MAX_PANELS];
  double nm_per_unit[ISC_SITE_FIGURE_MAX_PANELS]; /* the scale of each panel's bar */
  double bar_nm[ISC_SITE_FIGURE_MAX_PANELS];      /* each bar's length: the common one, or for the
                                        * ion map its own when the common one would be under a
                                        * tenth of the panel (an atomic-resolution image beside a
                                        * needle) */
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

/* The number of panels @in asks for (2 to ISC_SITE_FIGURE_MAX_PANELS). */
guint    isc_site_figure_count_panels    (const IscSiteFigureInput *in);

/* The profile panel: the atomic fraction (at.%) of @element along the profile, with its ± σ band (publication
 * theme). NULL with ISC_RENDER_ERROR ARGUMENT/INVALID for a missing element or an empty profile. */
IscPlot *isc_site_figure_profile_plot_new  (const IscProfile *profile,
                                            const char       *element,
                                            GError          **error);

G_END_DECLS
