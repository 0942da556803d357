/* fft.h: diffractogram (power spectrum) of an image and its reflections → d-spacings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "image.h"

G_BEGIN_DECLS

typedef struct
{
  guint   width;           /* same as the image: FFT pixel (width/2, height/2) is zero frequency */
  guint   height;
  float  *magnitude;       /* |F| of the mean-subtracted, Hann-windowed image, centred; owned */
  double  freq_step_x;     /* spatial frequency per FFT pixel along x (1/nm when calibrated in nm) */
  double  freq_step_y;
  char   *unit;            /* "1/nm", or "1/px" for an uncalibrated image */
} IscFft;

typedef struct
{
  double px, py;           /* position in the centred FFT image (pixels, sub-pixel) */
  double kx, ky;           /* spatial frequency (unit of the FFT), ky positive upwards */
  double d;                /* lattice spacing 1/|k| (nm when calibrated) */
  double angle_deg;        /* direction of k, counter-clockwise from +x, in [0, 180) */
  double magnitude;        /* |F| at the peak */
} IscFftPeak;

/* FFT of @frame: mean subtracted, 2-D Hann window, FFTW (single precision). Callable from a
 * worker thread (plans are made under a lock). */
IscFft  *isc_fft_compute      (const IscImage *image,
                               guint           frame,
                               GCancellable   *cancellable,
                               GError        **error);
void     isc_fft_free         (IscFft         *fft);

/* Up to @max_peaks reflections, strongest first: local maxima of |F| that dominate their
 * neighbourhood (±@suppress_px pixels), outside @min_radius_px of the centre; one of each
 * Friedel pair (k, -k). Positions are refined by a Gaussian through the 4 neighbours. Returns an array of
 * IscFftPeak. @suppress_px ≤ 0 and @min_radius_px ≤ 0 choose defaults (5 px, 2 % of size ≥ 4). */
GArray  *isc_fft_find_peaks   (const IscFft   *fft,
                               guint           max_peaks,
                               double          min_radius_px,
                               double          suppress_px);

/* Lattice spacing of the FFT point (px, py) (e.g. a click), and its angle; +inf at the centre. */
double   isc_fft_d_spacing_at (const IscFft   *fft,
                               double          px,
                               double          py,
                               double         *out_angle_deg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscFft, isc_fft_free)

G_END_DECLS
