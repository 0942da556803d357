/* xrd-fit.c: pseudo-Voigt peak fitting with gsl_multifit_nlinear.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <string.h>

#include "xrd-fit.h"

#define LN2 0.69314718055994530942

/* Parameters per peak: area, centre, FWHM (left), [FWHM right], u (η = (1 + tanh u)/2); then
 * the background b0, b1 shared by all peaks. */
typedef struct
{
  const double *x;
  const double *y;
  const double *w;      /* 1/σ² */
  guint n;
  guint n_peaks;
  gboolean split;
  double mid;           /* window centre, deg */
  double ka2_ratio;     /* 0: no Kα2 line */
  double lambda_ratio;  /* λ(Kα2)/λ(Kα1) */
} FitData;

/* Area of a unit-height profile of FWHM w with Lorentzian fraction η. */
static double
shape_area (double eta)
{
  return eta * G_PI / 2 + (1 - eta) * 0.5 * sqrt (G_PI / LN2);
}

double
isc_xrd_pseudo_voigt (double x,
                      double center,
                      double fwhm_left,
                      double fwhm_right,
                      double eta,
                      double area)
{
  double w = x < center ? fwhm_left : fwhm_right;
  double mean_w = 0.5 * (fwhm_left + fwhm_right);
  double t = (x - center) / w;
  double height;

  if (!(mean_w > 0))
    return 0;
  height = area / (mean_w * shape_area (eta));
  return height * (eta / (1 + 4 * t * t) + (1 - eta) * exp (-4 * LN2 * t * t));
}

static double
ka2_position (double center,
              double lambda_ratio)
{
  double s = lambda_ratio * sin (center * G_PI / 360);

  return s < 1 ? 2 * asin (s) * 180 / G_PI : center;
}

typedef struct
{
  double area, center, wl, wr, eta;
} Peak;

static guint
per_peak (gboolean split)
{
  return split ? 5 : 4;
}

static Peak
unpack_peak (const gsl_vector *p,
             gboolean          split,
             guint             j)
{
  guint k = j * per_peak (split);
  Peak q;

  q.area = gsl_vector_get (p, k++);
  q.center = gsl_vector_get (p, k++);
  q.wl = fabs (gsl_vector_get (p, k++));
  q.wr = split ? fabs (gsl_vector_get (p, k++)) : q.wl;
  q.eta = 0.5 * (1 + tanh (gsl_vector_get (p, k++)));
  return q;
}

static double
model (const FitData    *d,
       const gsl_vector *p,
       double            x)
{
  guint nb = d->n_peaks * per_peak (d->split);
  double v = gsl_vector_get (p, nb) + gsl_vector_get (p, nb + 1) * (x - d->mid);

  for (guint j = 0; j < d->n_peaks; j++)
    {
      Peak q = unpack_peak (p, d->split, j);

      v += isc_xrd_pseudo_voigt (x, q.center, q.wl, q.wr, q.eta, q.area);
      if (d->ka2_ratio > 0)
        v += isc_xrd_pseudo_voigt (x, ka2_position (q.center, d->lambda_ratio), q.wl, q.wr, q.eta,
                                   q.area * d->ka2_ratio);
    }
  return v;
}

static int
residuals (const gsl_vector *p,
           void             *user_data,
           gsl_vector       *f)
{
  const FitData *d = user_data;

  for (guint i = 0; i < d->n; i++)
    gsl_vector_set (f, i, (model (d, p, d->x[i]) - d->y[i]) * sqrt (d->w[i]));
  return GSL_SUCCESS;
}

void
isc_xrd_fit_options_init (IscXrdFitOptions *options,
                          double            lo,
                          double            hi)
{
  options->lo = MIN (lo, hi);
  options->hi = MAX (lo, hi);
  options->profile = ISC_XRD_PROFILE_PSEUDO_VOIGT;
  options->model_ka2 = TRUE;
  options->guess_center = NAN;
}

static void
fit_clear (IscXrdPeakFit *fit)
{
  fit->ok = FALSE;
  fit->n_points = 0;
  fit->center = fit->center_sigma = fit->fwhm = fit->fwhm_sigma = NAN;
  fit->fwhm_left = fit->fwhm_right = fit->area = fit->area_sigma = fit->height = NAN;
  fit->eta = fit->eta_sigma = fit->background = fit->background_slope = fit->chi2_reduced = NAN;
  fit->ka2_modelled = FALSE;
}

/* Index of the point nearest @x. */
static guint
nearest (const FitData *d,
         double         x)
{
  guint best = 0;

  for (guint i = 1; i < d->n; i++)
    if (fabs (d->x[i] - x) < fabs (d->x[best] - x))
      best = i;
  return best;
}

/* Fits @n_centers peaks (guesses @centers; one automatic peak when @n_centers is 0). Fills
 * @fits[MAX (n_centers, 1)]; TRUE when the fit converged and the first peak is valid. */
static gboolean
fit_once (const IscXrdPattern    *pattern,
          const IscXrdFitOptions *options,
          const double           *centers,
          guint                   n_centers,
          gboolean                with_ka2,
          IscXrdPeakFit          *fits,
          GError                **error)
{
  g_autofree double *w = NULL;
  g_autofree double *guess = NULL;
  gboolean split = options->profile == ISC_XRD_PROFILE_SPLIT_PSEUDO_VOIGT;
  guint m = MAX (n_centers, 1), pp = per_peak (split), np = m * pp + 2;
  guint i0 = 0, i1 = 0, n, edge;
  double bg_lo = 0, bg_hi = 0, b1, b0, step, chi2, dof, scale;
  FitData d;
  gsl_multifit_nlinear_fdf fdf;
  gsl_multifit_nlinear_parameters params = gsl_multifit_nlinear_default_parameters ();
  gsl_multifit_nlinear_workspace *ws;
  gsl_matrix *covar;
  gsl_vector *p0;
  int info, status;

  for (guint j = 0; j < m; j++)
    fit_clear (&fits[j]);

  while (i0 < pattern->n && pattern->two_theta[i0] < options->lo)
    i0++;
  i1 = i0;
  while (i1 < pattern->n && pattern->two_theta[i1] <= options->hi)
    i1++;
  n = i1 - i0;
  if (n < MAX (10, np + 4))
    {
      g_set_error (error, ISC_XRD_ERROR, ISC_ERROR_ARGUMENT,
                   "%s: the window %.3f–%.3f° 2θ holds %u points (at least %u are needed; the pattern covers %.3f–%.3f°)",
                   pattern->label, options->lo, options->hi, n, MAX (10, np + 4), pattern->two_theta[0],
                   pattern->two_theta[pattern->n - 1]);
      return FALSE;
    }

  d.x = pattern->two_theta + i0;
  d.y = pattern->intensity + i0;
  d.n = n;
  d.n_peaks = m;
  d.split = split;
  d.mid = 0.5 * (d.x[0] + d.x[n - 1]);
  d.ka2_ratio = 0;
  d.lambda_ratio = 1;
  if (with_ka2)
    {
      d.ka2_ratio = pattern->ka2_ratio;
      d.lambda_ratio = pattern->wavelength2 / pattern->wavelength;
    }
  w = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      double s2 = pattern->sigma != NULL ? pattern->sigma[i0 + i] * pattern->sigma[i0 + i] : MAX (d.y[i], 1.0);

      w[i] = 1 / MAX (s2, 1e-12);
    }
  d.w = w;
  step = (d.x[n - 1] - d.x[0]) / (n - 1);

  /* Start: background through the ends; each peak at the highest point near its guess (or the
   * highest of the window), its half-maximum width. */
  edge = MAX (1, n / 20);
  for (guint i = 0; i < edge; i++)
    {
      bg_lo += d.y[i] / edge;
      bg_hi += d.y[n - 1 - i] / edge;
    }
  b1 = (bg_hi - bg_lo) / (d.x[n - 1] - d.x[0]);
  b0 = 0.5 * (bg_lo + bg_hi);
#define ABOVE(i) (d.y[(i)] - (b0 + b1 * (d.x[(i)] - d.mid)))
  guess = g_new (double, m);
  if (n_centers == 0)
    guess[0] = isfinite (options->guess_center) ? options->guess_center : NAN;
  else
    memcpy (guess, centers, sizeof (double) * m);

  p0 = gsl_vector_alloc (np);
  for (guint j = 0; j < m; j++)
    {
      guint peak = 0, k = j * pp;
      double best = -INFINITY, height, half, left, right, width;

      if (isfinite (guess[j]))
        {
          guint c = nearest (&d, guess[j]);

          for (guint i = c > 3 ? c - 3 : 0; i <= MIN (c + 3, n - 1); i++)
            if (ABOVE (i) > best)
              {
                best = ABOVE (i);
                peak = i;
              }
        }
      else
        for (guint i = 0; i < n; i++)
          if (ABOVE (i) > best)
            {
              best = ABOVE (i);
              peak = i;
            }
      height = MAX (best, 1e-6);
      if (j == 0 && !(best > 0))
        {
          g_set_error (error, ISC_XRD_ERROR, ISC_ERROR_INVALID, "%s: no peak above the background in %.3f–%.3f° 2θ",
                       pattern->label, options->lo, options->hi);
          gsl_vector_free (p0);
          return FALSE;
        }
      half = 0.5 * height;
      left = d.x[0];
      for (guint i = peak; i > 0; i--)
        if (ABOVE (i) < half)
          {
            left = d.x[i];
            break;
          }
      right = d.x[n - 1];
      for (guint i = peak; i < n; i++)
        if (ABOVE (i) < half)
          {
            right = d.x[i];
            break;
          }
      width = MAX (right - left, 2 * step);
      /* Neighbouring guesses bound the width a peak can start with. */
      for (guint o = 0; o < m; o++)
        if (o != j && isfinite (guess[o]))
          width = MIN (width, MAX (fabs (guess[o] - d.x[peak]), 2 * step));
      gsl_vector_set (p0, k++, height * width * shape_area (0.5));
      gsl_vector_set (p0, k++, d.x[peak]);
      gsl_vector_set (p0, k++, width);
      if (split)
        gsl_vector_set (p0, k++, width);
      gsl_vector_set (p0, k++, 0);
    }
#undef ABOVE
  gsl_vector_set (p0, m * pp, b0);
  gsl_vector_set (p0, m * pp + 1, b1);

  fdf.f = residuals;
  fdf.df = NULL;      /* finite differences */
  fdf.fvv = NULL;
  fdf.n = n;
  fdf.p = np;
  fdf.params = &d;
  params.trs = gsl_multifit_nlinear_trs_lm;
  ws = gsl_multifit_nlinear_alloc (gsl_multifit_nlinear_trust, &params, n, np);
  gsl_multifit_nlinear_init (p0, &fdf, ws);
  {
    gsl_error_handler_t *old = gsl_set_error_handler_off ();

    status = gsl_multifit_nlinear_driver (500, 1e-10, 1e-10, 0, NULL, NULL, &info, ws);
    gsl_set_error_handler (old);
  }
  {
    gsl_vector *f = gsl_multifit_nlinear_residual (ws);

    gsl_blas_ddot (f, f, &chi2);
  }
  dof = (double) n - np;
  scale = dof > 0 ? chi2 / dof : NAN;
  covar = gsl_matrix_alloc (np, np);
  gsl_multifit_nlinear_covar (gsl_multifit_nlinear_jac (ws), 0.0, covar);

  for (guint j = 0; j < m; j++)
    {
      Peak q = unpack_peak (ws->x, split, j);
      IscXrdPeakFit *fit = &fits[j];
      guint k = j * pp, k_eta = k + (split ? 4 : 3);
      double s_eta = sqrt (gsl_matrix_get (covar, k_eta, k_eta) * scale);
      double var_w = split
                     ? 0.25 * (gsl_matrix_get (covar, k + 2, k + 2) + gsl_matrix_get (covar, k + 3, k + 3)
                               + 2 * gsl_matrix_get (covar, k + 2, k + 3))
                     : gsl_matrix_get (covar, k + 2, k + 2);
      double t = tanh (gsl_vector_get (ws->x, k_eta));

      if ((status != GSL_SUCCESS && status != GSL_EMAXITER) || !isfinite (q.center)
          || q.center < d.x[0] || q.center > d.x[n - 1] || !(q.area > 0) || !(q.wl > 0))
        continue;
      fit->ok = TRUE;
      fit->n_points = n;
      fit->center = q.center;
      fit->center_sigma = sqrt (gsl_matrix_get (covar, k + 1, k + 1) * scale);
      fit->fwhm_left = q.wl;
      fit->fwhm_right = q.wr;
      fit->fwhm = 0.5 * (q.wl + q.wr);
      fit->fwhm_sigma = sqrt (var_w * scale);
      fit->area = q.area;
      fit->area_sigma = sqrt (gsl_matrix_get (covar, k, k) * scale);
      fit->eta = q.eta;
      fit->eta_sigma = 0.5 * (1 - t * t) * s_eta;
      fit->height = q.area / (fit->fwhm * shape_area (q.eta));
      fit->background = gsl_vector_get (ws->x, m * pp);
      fit->background_slope = gsl_vector_get (ws->x, m * pp + 1);
      fit->chi2_reduced = scale;
      fit->ka2_modelled = with_ka2;
    }
  gsl_matrix_free (covar);
  gsl_vector_free (p0);
  gsl_multifit_nlinear_free (ws);
  if (!fits[0].ok)
    {
      g_set_error (error, ISC_XRD_ERROR, ISC_ERROR_INVALID,
                   "%s: the fit in %.3f–%.3f° 2θ did not converge to a peak inside the window (%s)",
                   pattern->label, options->lo, options->hi,
                   status != GSL_SUCCESS && status != GSL_EMAXITER ? gsl_strerror (status) : "peak outside or negative");
      return FALSE;
    }
  return TRUE;
}

gboolean
isc_xrd_fit_peaks (const IscXrdPattern    *pattern,
                   const IscXrdFitOptions *options,
                   const double           *centers,
                   guint                   n_centers,
                   IscXrdPeakFit          *fits,
                   GError                **error)
{
  guint m = MAX (n_centers, 1);
  g_autofree IscXrdPeakFit *single = g_new (IscXrdPeakFit, m);
  g_autofree IscXrdPeakFit *doublet = g_new (IscXrdPeakFit, m);
  g_autoptr(GError) single_error = NULL;
  gboolean single_ok;

  g_return_val_if_fail (pattern != NULL && options != NULL && fits != NULL, FALSE);

  single_ok = fit_once (pattern, options, centers, n_centers, FALSE, single, &single_error);
  /* Files state Kα2 even when a monochromator removed it (the Bruker in situ example): the
   * doublet is kept only when it describes the data better. */
  if (options->model_ka2 && pattern->ka2_ratio > 0 && pattern->wavelength2 > pattern->wavelength
      && fit_once (pattern, options, centers, n_centers, TRUE, doublet, NULL)
      && (!single_ok || doublet[0].chi2_reduced < single[0].chi2_reduced))
    {
      memcpy (fits, doublet, sizeof (IscXrdPeakFit) * m);
      return TRUE;
    }
  memcpy (fits, single, sizeof (IscXrdPeakFit) * m);
  if (!single_ok)
    g_propagate_error (error, g_steal_pointer (&single_error));
  return single_ok;
}

gboolean
isc_xrd_fit_peak (const IscXrdPattern    *pattern,
                  const IscXrdFitOptions *options,
                  IscXrdPeakFit          *fit,
                  GError                **error)
{
  return isc_xrd_fit_peaks (pattern, options, NULL, 0, fit, error);
}

GArray *
isc_xrd_fit_series (const IscXrdSeries     *series,
                    const IscXrdFitOptions *options)
{
  GArray *fits = g_array_sized_new (FALSE, TRUE, sizeof (IscXrdPeakFit), series->patterns->len);

  for (guint i = 0; i < series->patterns->len; i++)
    {
      IscXrdPeakFit fit;

      isc_xrd_fit_peak (g_ptr_array_index (series->patterns, i), options, &fit, NULL);
      g_array_append_val (fits, fit);
    }
  return fits;
}
