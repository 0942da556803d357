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

/* Mean spacing between successive maxima of the profile (in its distance unit): the period is
 * first estimated from the autocorrelation, then each maximum is located within a window of
 * that period and refined with a parabola. FALSE when fewer than two maxima are found. */
gboolean        isc_line_profile_peak_spacing (const IscLineProfile *profile,
                                               double               *out_spacing,
                                               guint                *out_n_peaks);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscLineProfile, isc_line_profile_free)

G_END_DECLS
