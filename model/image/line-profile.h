/* line-profile.h: intensity profile along a line of an image, averaged across a band.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "image.h"

G_BEGIN_DECLS

typedef struct
{
  guint   n;            /* samples, ceil(length in px) + 1, from the start to the end point */
  double *distance;     /* calibrated distance from the start (nm when the image is calibrated in nm) */
  double *intensity;    /* mean over the band; NaN where the whole band lies outside the image */
  double  step;         /* calibrated distance between samples */
  double  width_px;     /* integration width (pixels) */
  double  width;        /* integration width in calibrated units */
  char   *unit;         /* unit of distance: "nm", … or "px" when the image is uncalibrated */
} IscLineProfile;

/* Profile of @frame from (x0, y0) to (x1, y1) (pixel coordinates, pixel centres at integers):
 * samples every pixel length along the line, bilinear interpolation, averaged over
 * round(@width_px) parallel lines one pixel apart (as skimage/hyperspy). Fails on a zero-length
 * line or a width < 1. */
IscLineProfile *isc_line_profile_compute (const IscImage  *image,
                                          guint            frame,
                                          double           x0,
                                          double           y0,
                                          double           x1,
                                          double           y1,
                                          double           width_px,
                                          GError         **error);
void            isc_line_profile_free    (IscLineProfile  *profile);

typedef struct
{
  double position;      /* distance from the start of the line */
  double intensity;
} IscProfileMaximum;

/* The periods of a profile, from the amplitude spectrum of its deviations from the mean (Hann
 * window, evaluated on a grid four times finer than the line's own frequency resolution,
 * refined by a parabola through the grid's three highest neighbouring values). Strengths are
 * amplitudes in intensity units: a profile a + b cos (2π x / d) has strength b at period d.
 *
 * A layered oxide seen across its (003) planes has two periods: the layer period (0.47 nm, TM
 * plane to TM plane) and its half (every cation plane, dominant once the Li layer fills with
 * transition metals, as in rock salt). The dominant period is whichever is stronger; the layer
 * period is twice the dominant one when the spectrum holds a peak there above the noise (the
 * layered order survives under the rock-salt-like contrast), the dominant one otherwise. */
typedef struct
{
  double  spacing;            /* the dominant period, distance unit of the profile */
  double  spacing_strength;   /* its amplitude */
  double  layer_period;       /* the layer period: spacing or 2 × spacing */
  double  layer_strength;     /* amplitude at the layer period */
  double  half_strength;      /* amplitude at half the layer period */
  double  noise;              /* median amplitude of the spectrum: the level of no period */
  GArray *maxima;             /* IscProfileMaximum, by position: one per dominant period at most */
} IscProfilePeriods;

/* The periods and the maxima of @profile. @layer_hint > 0 fixes the layer period near that value
 * (the strongest peak within ±10 %) instead of choosing it from the dominant one. NULL when the
 * profile has fewer than 8 valid samples or no period of at least two samples shorter than
 * half the line stands above the noise. */
IscProfilePeriods *isc_line_profile_periods      (const IscLineProfile *profile,
                                                  double                layer_hint);
void               isc_profile_periods_free      (IscProfilePeriods    *periods);

/* Amplitude of the period @period in @profile (the spectrum of isc_line_profile_periods, at one
 * frequency, without refinement); NaN when the profile is too short. */
double             isc_line_profile_amplitude_at (const IscLineProfile *profile,
                                                  double                period);

/* The dominant period of the profile (isc_line_profile_periods) and the number of maxima.
 * FALSE when there is no period or fewer than two maxima. */
gboolean        isc_line_profile_peak_spacing (const IscLineProfile *profile,
                                               double               *out_spacing,
                                               guint                *out_n_peaks);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscProfilePeriods, isc_profile_periods_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscLineProfile, isc_line_profile_free)

G_END_DECLS
