/* xrd-fit.h: single-peak fitting of diffraction patterns — a pseudo-Voigt (or split
 * pseudo-Voigt) profile on a linear background inside a 2θ window, by GSL's nonlinear least
 * squares (gsl_multifit_nlinear, Levenberg–Marquardt), over one pattern or a whole series.
 *
 * Profile: I(2θ) = A·[η·L + (1−η)·G] + b0 + b1·(2θ − centre of window), with L and G of equal FWHM
 * and unit area. The split form has separate FWHM left and right of the peak (and one η).
 * With Kα1+Kα2 radiation (pattern ka2_ratio > 0) and @model_ka2, a Kα2 copy at its Bragg position
 * with area ratio × A is also tried and kept when its χ² is lower (files state Kα2 even behind a
 * monochromator); position, FWHM and area are then those of the Kα1 line.
 * Weights are 1/σ² (the file's σ, else Poisson: σ² = max(I, 1)); standard errors come from the
 * covariance at the minimum scaled by χ²/(n − p).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xrd-pattern.h"

G_BEGIN_DECLS

typedef enum
{
  ISC_XRD_PROFILE_PSEUDO_VOIGT,
  ISC_XRD_PROFILE_SPLIT_PSEUDO_VOIGT,
} IscXrdProfile;

typedef struct
{
  double lo;               /* window, 2θ degrees */
  double hi;
  IscXrdProfile profile;
  gboolean model_ka2;      /* add the Kα2 line when the pattern has one (default TRUE) */
  double guess_center;     /* start position, deg; NAN = the highest point above background */
} IscXrdFitOptions;

typedef struct
{
  gboolean ok;             /* FALSE: too few points, no peak or no convergence (values NAN) */
  guint n_points;
  double center;           /* 2θ of the (Kα1) maximum, deg */
  double center_sigma;
  double fwhm;             /* deg; the mean of left and right for the split profile */
  double fwhm_sigma;
  double fwhm_left;        /* deg; equal to fwhm for the symmetric profile */
  double fwhm_right;
  double area;             /* integrated intensity of the (Kα1) peak above background, intensity × deg */
  double area_sigma;
  double height;           /* peak maximum above background */
  double eta;              /* Lorentzian fraction, 0…1 */
  double eta_sigma;
  double background;       /* at the window centre */
  double background_slope; /* per degree */
  double chi2_reduced;
  gboolean ka2_modelled;   /* the Kα2 line was part of the model */
} IscXrdPeakFit;

void      isc_xrd_fit_options_init (IscXrdFitOptions *options,
                                    double            lo,
                                    double            hi);

/* Unit-area pseudo-Voigt (split when @fwhm_left != @fwhm_right) times @area, at @x. */
double    isc_xrd_pseudo_voigt     (double x,
                                    double center,
                                    double fwhm_left,
                                    double fwhm_right,
                                    double eta,
                                    double area);

/* Fits one pattern. FALSE + ISC_ERROR_ARGUMENT for a window outside the pattern or with fewer
 * than 10 points, ISC_ERROR_INVALID when the fit does not converge to a peak inside the window. */
gboolean  isc_xrd_fit_peak         (const IscXrdPattern    *pattern,
                                    const IscXrdFitOptions *options,
                                    IscXrdPeakFit          *fit,
                                    GError                **error);

/* Several overlapping peaks in one window on one background: @centers are the starting
 * positions (deg); fills @fits[@n_centers] (each with its own ok). TRUE when the fit converged
 * and the first peak is valid. @n_centers = 0 is isc_xrd_fit_peak (). */
gboolean  isc_xrd_fit_peaks        (const IscXrdPattern    *pattern,
                                    const IscXrdFitOptions *options,
                                    const double           *centers,
                                    guint                   n_centers,
                                    IscXrdPeakFit          *fits,
                                    GError                **error);

/* Fits every pattern of @series; a pattern whose fit fails gets ok = FALSE (the series goes on).
 * Returns an array of IscXrdPeakFit, one per pattern. */
GArray   *isc_xrd_fit_series       (const IscXrdSeries     *series,
                                    const IscXrdFitOptions *options);

G_END_DECLS
