/* eis-fit.h: complex nonlinear least-squares fits of equivalent circuits, and the Lin-KK check.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "eis-circuit.h"
#include "eis-data.h"

G_BEGIN_DECLS

typedef enum
{
  ISC_EIS_WEIGHT_MODULUS,  /* residuals divided by |Z| (the default: every decade counts) */
  ISC_EIS_WEIGHT_UNIT,     /* plain residuals in Ω (impedance.py's default, curve_fit without sigma) */
} IscEisWeighting;

typedef struct
{
  guint   n_params;
  double *values;        /* in the circuit's parameter order and units */
  double *errors;        /* standard errors: √diag of the covariance scaled by χ²/(2N − p), as
                          * scipy's curve_fit reports them; NaN when the fit is singular */
  double  chi2;          /* weighted sum of squared residuals */
  double  rms_ohm;       /* √(mean |Z_model − Z_data|²), Ω, unweighted */
  guint   iterations;
} IscEisFit;

/* Fits @circuit to @spectrum starting at @initial (NULL: isc_eis_circuit_guess_initial).
 * Parameters stay positive and CPE exponents in (0, 1), as impedance.py's default bounds keep
 * them: the solver works on their logarithms and logits. Fails (ISC_EIS_ERROR) with fewer
 * points than parameters. */
IscEisFit *isc_eis_fit          (const IscEisCircuit  *circuit,
                                 const IscEisSpectrum *spectrum,
                                 const double         *initial,
                                 IscEisWeighting       weighting,
                                 GError              **error);
void       isc_eis_fit_free     (IscEisFit            *fit);

/* Lin-KK (Schönleber et al., Electrochim. Acta 131 (2014) 20): the spectrum fitted by a series
 * resistance, an inductance and M RC elements with time constants spread logarithmically over
 * 1/(2π f_max) … 1/(2π f_min); M grows from 1 until μ = 1 − Σ|R_k<0| / Σ|R_k≥0| falls below
 * @mu_limit (0.85) or reaches @max_m. With @add_cap a series capacitance joins them, for a
 * spectrum that ends in a capacitive tail (blocking electrode, diffusion). Residuals are
 * relative to |Z| at each point. */
typedef struct
{
  guint   n;
  guint   m;             /* RC elements used */
  double  mu;
  double *res_re;        /* (Z'_data − Z'_KK)/|Z_data| */
  double *res_im;        /* (Z''_data − Z''_KK)/|Z_data| */
  double  max_residual;  /* the largest |res_re|, |res_im| */
} IscEisLinKK;

IscEisLinKK *isc_eis_linkk      (const IscEisSpectrum *spectrum,
                                 double                mu_limit,
                                 guint                 max_m,
                                 gboolean              add_cap,
                                 GError              **error);
void         isc_eis_linkk_free (IscEisLinKK          *linkk);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscEisFit, isc_eis_fit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscEisLinKK, isc_eis_linkk_free)

G_END_DECLS
