/* eis-fit.c: circuit fits with gsl_multifit_nlinear, Lin-KK with gsl_multifit_linear.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <math.h>
#include <string.h>

#include "eis-fit.h"

typedef struct
{
  const IscEisCircuit  *circuit;
  const IscEisSpectrum *spectrum;
  IscEisWeighting       weighting;
  double               *params;   /* scratch: the parameters of the solver's variables */
} FitData;

/* The solver's variable for a parameter and back: the logit of a fraction, else the log. */
static double
to_solver (const IscEisCircuit *circuit,
           guint                k,
           double               value)
{
  if (isc_eis_circuit_param_is_fraction (circuit, k))
    {
      value = CLAMP (value, 1e-6, 1 - 1e-6);
      return log (value / (1 - value));
    }
  return log (value);
}

static double
from_solver (const IscEisCircuit *circuit,
             guint                k,
             double               q)
{
  if (isc_eis_circuit_param_is_fraction (circuit, k))
    return 1 / (1 + exp (-q));
  return exp (q);
}

/* d(parameter)/d(variable), to carry the covariance over. */
static double
solver_slope (const IscEisCircuit *circuit,
              guint                k,
              double               value)
{
  return isc_eis_circuit_param_is_fraction (circuit, k) ? value * (1 - value) : value;
}

/* Residuals: real parts then imaginary parts, each divided by the point's weight. */
static int
residuals (const gsl_vector *x,
           void             *user_data,
           gsl_vector       *f)
{
  FitData *d = user_data;
  guint n = d->spectrum->n;

  for (guint k = 0; k < x->size; k++)
    d->params[k] = from_solver (d->circuit, k, gsl_vector_get (x, k));
  for (guint i = 0; i < n; i++)
    {
      double re, im, w = 1;

      isc_eis_circuit_eval (d->circuit, d->params, d->spectrum->freq[i], &re, &im);
      if (d->weighting == ISC_EIS_WEIGHT_MODULUS)
        w = hypot (d->spectrum->re[i], d->spectrum->im[i]);
      if (!isfinite (re) || !isfinite (im))
        return GSL_EDOM;
      gsl_vector_set (f, i, (re - d->spectrum->re[i]) / w);
      gsl_vector_set (f, n + i, (im - d->spectrum->im[i]) / w);
    }
  return GSL_SUCCESS;
}

void
isc_eis_fit_free (IscEisFit *fit)
{
  if (fit == NULL)
    return;
  g_free (fit->values);
  g_free (fit->errors);
  g_free (fit);
}

IscEisFit *
isc_eis_fit (const IscEisCircuit  *circuit,
             const IscEisSpectrum *spectrum,
             const double         *initial,
             IscEisWeighting       weighting,
             GError              **error)
{
  guint p, n;
  g_autofree double *start = NULL;
  g_autofree double *scratch = NULL;
  gsl_multifit_nlinear_parameters fdf_params = gsl_multifit_nlinear_default_parameters ();
  gsl_multifit_nlinear_fdf fdf = { 0 };
  gsl_multifit_nlinear_workspace *w;
  gsl_vector *x0;
  gsl_matrix *covar;
  gsl_vector *f;
  FitData data;
  IscEisFit *fit;
  int info = 0, status;
  double chi2 = 0, sum2 = 0;

  g_return_val_if_fail (circuit != NULL && spectrum != NULL, NULL);

  p = isc_eis_circuit_get_n_params (circuit);
  n = spectrum->n;
  if (2 * n <= p)
    {
      g_set_error (error, ISC_EIS_ERROR, ISC_ERROR_ARGUMENT,
                   "circuit “%s” has %u parameters: %u points are too few to fit it",
                   isc_eis_circuit_get_text (circuit), p, n);
      return NULL;
    }
  start = g_new (double, p);
  if (initial != NULL)
    memcpy (start, initial, p * sizeof (double));
  else
    isc_eis_circuit_guess_initial (circuit, spectrum, start);
  for (guint k = 0; k < p; k++)
    if (!(start[k] > 0) || !isfinite (start[k])
        || (isc_eis_circuit_param_is_fraction (circuit, k) && start[k] > 1))
      {
        g_set_error (error, ISC_EIS_ERROR, ISC_ERROR_ARGUMENT,
                     isc_eis_circuit_param_is_fraction (circuit, k) ? "initial value %g of %s: expected a number in (0, 1]"
                                                                    : "initial value %g of %s: expected a positive number",
                     start[k], isc_eis_circuit_get_param_name (circuit, k));
        return NULL;
      }

  scratch = g_new (double, p);
  data = (FitData) { circuit, spectrum, weighting, scratch };
  fdf.f = residuals;
  fdf.n = 2 * n;
  fdf.p = p;
  fdf.params = &data;
  /* Geodesic acceleration and Moré scaling: the parameters span twelve decades. */
  fdf_params.trs = gsl_multifit_nlinear_trs_lm;
  fdf_params.scale = gsl_multifit_nlinear_scale_more;

  w = gsl_multifit_nlinear_alloc (gsl_multifit_nlinear_trust, &fdf_params, 2 * n, p);
  x0 = gsl_vector_alloc (p);
  for (guint k = 0; k < p; k++)
    gsl_vector_set (x0, k, to_solver (circuit, k, start[k]));
  gsl_set_error_handler_off ();
  status = gsl_multifit_nlinear_init (x0, &fdf, w);
  if (status == GSL_SUCCESS)
    status = gsl_multifit_nlinear_driver (2000, 1e-12, 1e-12, 1e-12, NULL, NULL, &info, w);
  gsl_vector_free (x0);
  if (status != GSL_SUCCESS && status != GSL_EMAXITER)
    {
      g_set_error (error, ISC_EIS_ERROR, ISC_ERROR_INVALID,
                   "circuit “%s”: the fit failed (%s); try other initial values",
                   isc_eis_circuit_get_text (circuit), gsl_strerror (status));
      gsl_multifit_nlinear_free (w);
      return NULL;
    }

  fit = g_new0 (IscEisFit, 1);
  fit->n_params = p;
  fit->values = g_new (double, p);
  fit->errors = g_new (double, p);
  fit->iterations = gsl_multifit_nlinear_niter (w);
  for (guint k = 0; k < p; k++)
    fit->values[k] = from_solver (circuit, k, gsl_vector_get (gsl_multifit_nlinear_position (w), k));

  f = gsl_multifit_nlinear_residual (w);
  gsl_blas_ddot (f, f, &chi2);
  fit->chi2 = chi2;
  /* The covariance of the solver's variables, carried to the parameters: σ_p = p σ_ln p,
   * σ_α = α(1 − α) σ_logit α. */
  covar = gsl_matrix_alloc (p, p);
  if (gsl_multifit_nlinear_covar (gsl_multifit_nlinear_jac (w), 0.0, covar) == GSL_SUCCESS)
    for (guint k = 0; k < p; k++)
      {
        double var = gsl_matrix_get (covar, k, k) * chi2 / (2.0 * n - p);

        fit->errors[k] = var >= 0 ? solver_slope (circuit, k, fit->values[k]) * sqrt (var) : NAN;
      }
  else
    for (guint k = 0; k < p; k++)
      fit->errors[k] = NAN;
  gsl_matrix_free (covar);
  gsl_multifit_nlinear_free (w);

  for (guint i = 0; i < n; i++)
    {
      double re, im;

      isc_eis_circuit_eval (circuit, fit->values, spectrum->freq[i], &re, &im);
      sum2 += (re - spectrum->re[i]) * (re - spectrum->re[i]) + (im - spectrum->im[i]) * (im - spectrum->im[i]);
    }
  fit->rms_ohm = sqrt (sum2 / n);
  return fit;
}

/* ---- Lin-KK ----------------------------------------------------------------------------- */

void
isc_eis_linkk_free (IscEisLinKK *linkk)
{
  if (linkk == NULL)
    return;
  g_free (linkk->res_re);
  g_free (linkk->res_im);
  g_free (linkk);
}

/* Fits R0, L and @m RC elements linearly; returns μ and fills the residuals. */
static double
linkk_fit (const IscEisSpectrum *s,
           guint                 m,
           gboolean              add_cap,
           double               *res_re,
           double               *res_im)
{
  guint n = s->n, rc0 = add_cap ? 3 : 2, cols = m + rc0;
  double f_min = G_MAXDOUBLE, f_max = 0, tau_min, tau_max, chisq;
  double pos = 0, neg = 0;
  gsl_matrix *X = gsl_matrix_alloc (2 * n, cols);
  gsl_vector *y = gsl_vector_alloc (2 * n);
  gsl_vector *c = gsl_vector_alloc (cols);
  gsl_matrix *cov = gsl_matrix_alloc (cols, cols);
  gsl_multifit_linear_workspace *work = gsl_multifit_linear_alloc (2 * n, cols);
  g_autofree double *tau = g_new (double, m);

  for (guint i = 0; i < n; i++)
    {
      f_min = MIN (f_min, s->freq[i]);
      f_max = MAX (f_max, s->freq[i]);
    }
  tau_min = 1 / (2 * G_PI * f_max);
  tau_max = 1 / (2 * G_PI * f_min);
  for (guint k = 0; k < m; k++)
    tau[k] = m == 1 ? tau_min : pow (10, log10 (tau_min) + k * log10 (tau_max / tau_min) / (m - 1));

  /* Rows weighted by 1/|Z|: the columns are the unit responses of R0, L and each RC. */
  for (guint i = 0; i < n; i++)
    {
      double omega = 2 * G_PI * s->freq[i];
      double wz = 1 / hypot (s->re[i], s->im[i]);

      gsl_matrix_set (X, i, 0, wz);
      gsl_matrix_set (X, n + i, 0, 0);
      gsl_matrix_set (X, i, 1, 0);
      gsl_matrix_set (X, n + i, 1, omega * 1e-6 * wz);   /* L in µH keeps the columns comparable */
      if (add_cap)
        {
          /* The unknown is 1/C: Z_C = −j/(ωC). */
          gsl_matrix_set (X, i, 2, 0);
          gsl_matrix_set (X, n + i, 2, -wz / omega);
        }
      for (guint k = 0; k < m; k++)
        {
          double wt = omega * tau[k], d = 1 + wt * wt;

          gsl_matrix_set (X, i, k + rc0, wz / d);
          gsl_matrix_set (X, n + i, k + rc0, -wt / d * wz);
        }
      gsl_vector_set (y, i, s->re[i] * wz);
      gsl_vector_set (y, n + i, s->im[i] * wz);
    }
  gsl_multifit_linear (X, y, c, cov, &chisq, work);

  for (guint k = 0; k < m; k++)
    {
      double r = gsl_vector_get (c, k + rc0);

      if (r >= 0)
        pos += r;
      else
        neg -= r;
    }
  for (guint i = 0; i < n; i++)
    {
      double omega = 2 * G_PI * s->freq[i];
      double re = gsl_vector_get (c, 0), im = omega * 1e-6 * gsl_vector_get (c, 1);

      if (add_cap)
        im -= gsl_vector_get (c, 2) / omega;
      double mod = hypot (s->re[i], s->im[i]);

      for (guint k = 0; k < m; k++)
        {
          double wt = omega * tau[k], d = 1 + wt * wt, r = gsl_vector_get (c, k + rc0);

          re += r / d;
          im -= r * wt / d;
        }
      res_re[i] = (s->re[i] - re) / mod;
      res_im[i] = (s->im[i] - im) / mod;
    }
  gsl_multifit_linear_free (work);
  gsl_matrix_free (X);
  gsl_matrix_free (cov);
  gsl_vector_free (y);
  gsl_vector_free (c);
  return pos > 0 ? 1 - neg / pos : 0;
}

IscEisLinKK *
isc_eis_linkk (const IscEisSpectrum *spectrum,
               double                mu_limit,
               guint                 max_m,
               gboolean              add_cap,
               GError              **error)
{
  IscEisLinKK *kk;

  g_return_val_if_fail (spectrum != NULL, NULL);
  if (spectrum->n < 4)
    {
      g_set_error (error, ISC_EIS_ERROR, ISC_ERROR_ARGUMENT,
                   "Lin-KK needs at least 4 points; the spectrum has %u", spectrum->n);
      return NULL;
    }
  kk = g_new0 (IscEisLinKK, 1);
  kk->n = spectrum->n;
  kk->res_re = g_new0 (double, spectrum->n);
  kk->res_im = g_new0 (double, spectrum->n);
  /* 2N equations: keep M + 3 unknowns below them. */
  max_m = MIN (max_m, 2 * spectrum->n - 4);
  for (guint m = 1; m <= max_m; m++)
    {
      kk->m = m;
      kk->mu = linkk_fit (spectrum, m, add_cap, kk->res_re, kk->res_im);
      if (kk->mu <= mu_limit)
        break;
    }
  kk->max_residual = 0;
  for (guint i = 0; i < spectrum->n; i++)
    kk->max_residual = MAX (kk->max_residual, MAX (fabs (kk->res_re[i]), fabs (kk->res_im[i])));
  return kk;
}
