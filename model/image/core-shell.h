/* core-shell.h: core and shell "negative intensity" of a particle through an image series
 * (in situ heating TEM: the reaction front of a precursor particle).
 *
 * In a bright-field TEM image the particle is darker than the vacuum/support around it, and
 * the darkening is proportional to the mass-thickness in the beam. Per frame:
 *   B  = mean intensity of the background, the pixels with r > R + margin;
 *   negative intensity of a pixel = B − I;
 *   core  = mean of B − I over the pixels with r < R − t;
 *   shell = mean of B − I over the pixels with R − t ≤ r ≤ R;
 * where r is the distance of the pixel *centre* from the particle centre (a pixel counts
 * wholly in the region its centre lies in; no partial-pixel weighting), R the outer radius and
 * t the shell thickness. The pixels between R and R + margin are used by neither region.
 * Relative values divide by the same quantity at the reference frame, so the shell gaining
 * mass shows as shell_relative > 1, the core losing it as core_relative < 1.
 *
 * Lengths are in the image's calibrated length unit (nm), measured with the axis calibration
 * (coordinate of pixel i = origin + i × scale); for an uncalibrated image they are pixels.
 * NaN pixels are skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "image.h"
#include "isc-error.h"

G_BEGIN_DECLS

/* Fewest pixels accepted in each of core, shell and background of every frame. */
#define ISC_CORE_SHELL_MIN_PIXELS       16
/* Default gap between the particle and its background ring, nm. */
#define ISC_CORE_SHELL_DEFAULT_MARGIN   10.0

typedef struct
{
  double        centre_x;       /* nm, calibrated x of the particle centre */
  double        centre_y;       /* nm */
  double        radius;         /* nm, outer radius R (> 0) */
  double        shell;          /* nm, shell thickness t (0 < t < R) */
  double        margin;         /* nm, background starts at R + margin; < 0 → default */
  /* Optional per-frame centres to follow drift: 2 × frames doubles (x0, y0, x1, y1, …), nm;
   * borrowed; NULL → the constant centre above for every frame. */
  const double *frame_centres;
  guint         n_frame_centres; /* number of (x, y) pairs in frame_centres */
} IscCoreShellGeometry;

/* Fills @geometry with a constant centre and the default margin. */
void isc_core_shell_geometry_init (IscCoreShellGeometry *geometry,
                                   double                centre_x,
                                   double                centre_y,
                                   double                radius,
                                   double                shell);

typedef struct
{
  guint   frame;
  double  temperature;        /* °C, NaN when the series has no temperatures */
  double  background;         /* mean intensity B of the background, stored units */
  double  core;               /* mean negative intensity of the core, stored units */
  double  shell;              /* mean negative intensity of the shell */
  /* Standard errors of core and shell: the standard error of the region's mean intensity
   * and that of B, added in quadrature. */
  double  core_sem;
  double  shell_sem;
  double  core_relative;      /* core / core of the reference frame */
  double  shell_relative;     /* shell / shell of the reference frame */
  guint64 core_pixels;
  guint64 shell_pixels;
  guint64 background_pixels;
} IscCoreShellFrame;

typedef struct
{
  guint                 n_frames;
  IscCoreShellFrame    *frames;           /* owned, n_frames */
  guint                 reference_frame;
  gboolean              has_temperatures;
  IscCoreShellGeometry  geometry;         /* copy; frame_centres is NULL here */
} IscCoreShellSeries;

/* Analyses every frame of @series. @temperatures (°C, one per frame) may be NULL.
 * Errors (ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT): shell ≤ 0 or ≥ radius, radius ≤ 0, a
 * centre outside the field of view, fewer than ISC_CORE_SHELL_MIN_PIXELS pixels in core,
 * shell or background of a frame, reference_frame ≥ frames, per-frame centres whose count is
 * not the number of frames; ISC_ERROR_INVALID when the core or shell of the reference frame
 * is no darker than the background (zero negative intensity). G_IO_ERROR_CANCELLED when
 * cancelled. Callable from a worker thread. Free with isc_core_shell_series_free. */
IscCoreShellSeries *isc_core_shell_analyse     (const IscImage             *series,
                                                const IscCoreShellGeometry *geometry,
                                                guint                       reference_frame,
                                                const double               *temperatures,
                                                GCancellable               *cancellable,
                                                GError                    **error);
void                isc_core_shell_series_free (IscCoreShellSeries         *series);

/* The frame whose temperature is nearest to @temperature (°C); FALSE when none has one. */
gboolean            isc_core_shell_nearest_frame (const double *temperatures,
                                                  guint         n,
                                                  double        temperature,
                                                  guint        *frame);

/* The temperature (or frame index when there are no temperatures) from which shell_relative −
 * core_relative stays above @threshold up to the last frame: where the core–shell contrast
 * appears. FALSE when the last frame is not above it.
 *
 * The contrast is sampled once per frame, so the first frame above the threshold (f) lies up
 * to one frame spacing after the onset. The onset is the corner of a change point fitted by
 * least squares to the frames up to f + 2: a flat baseline, then a straight rise, the corner
 * between frames f − 2 (f − 1 may already have begun to rise) and f. With no frame after f,
 * it is where the line from frame f − 1 to f crosses the threshold.
 * @sigma (may be NULL) is half the spacing between frames f − 1 and f (0 when f is frame 0). */
gboolean            isc_core_shell_series_onset  (const IscCoreShellSeries *series,
                                                  double                    threshold,
                                                  double                   *onset);
gboolean            isc_core_shell_series_onset_full (const IscCoreShellSeries *series,
                                                      double                    threshold,
                                                      double                   *onset,
                                                      double                   *sigma);

/* CSV with a header line: frame,temperature_C,core,shell,core_relative,shell_relative,
 * core_sem,shell_sem ('.' decimals; empty temperature when there is none). Free with g_free. */
char               *isc_core_shell_series_to_csv (const IscCoreShellSeries *series);

/* Side-car JSON of a heating series (as the demo writes it):
 *   { "temperatures_C": [150, 160, …],
 *     "particle": { "centre_nm": [x, y], "radius_nm": R, "shell_nm": t },
 *     "reference_temperature_C": 170 }
 * Any member may be missing: @temperatures then stays NULL (n 0), the geometry's radius 0,
 * the reference NaN. Returned arrays are owned by the caller (g_free). Errors name the file. */
gboolean            isc_core_shell_read_json     (const char            *path,
                                                  double               **temperatures,
                                                  guint                 *n_temperatures,
                                                  IscCoreShellGeometry  *geometry,
                                                  double                *reference_temperature,
                                                  GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscCoreShellSeries, isc_core_shell_series_free)

G_END_DECLS
