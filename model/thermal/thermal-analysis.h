/* thermal-analysis.h: mass % against temperature, its derivative (DTG), and mass-loss steps
 * found automatically or in temperature windows given by hand.
 *
 * Method, stated in the output of every caller:
 *  - mass % = mass / initial mass × 100, the initial mass being the first point's (a file in %
 *    is taken as it is);
 *  - DTG = −d(mass %)/dT in %/K: first derivatives of mass % and of temperature against the
 *    point index by a Savitzky–Golay filter (polynomial order 2, window N points: the local
 *    least-squares slope) within each segment of the file, then their ratio; NAN where the sample
 *    is not heating (smoothed dT per point below a fifth of its segment's ramp, or a segment
 *    spanning less than 20 K), so isothermal holds, their overshoot and cooling have none;
 *  - a step: a DTG maximum above the threshold; its window runs outward from the peak until the
 *    DTG falls to 0.1 % of the peak (or three times its noise, estimated from the mass curve's
 *    second differences) or rises again into the next step; mass loss =
 *    mass % at the window's start − at its end; onset = the intersection of the baseline tangent
 *    (least-squares line of mass % over the plateau before the window) with the inflection
 *    tangent (through the DTG peak, slope −DTG); endset likewise with the plateau after.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "thermal-curve.h"

G_BEGIN_DECLS

typedef struct
{
  guint window;          /* Savitzky–Golay window in points (odd, ≥ 3); 0: covering ~4 K of the ramps */
  double threshold;      /* DTG peaks below this (%/K) are no steps; ≤ 0: 5 % of the largest peak */
  double min_loss;       /* steps losing less than this (%) are dropped; default 0.1 */
} IscThermalOptions;

typedef struct
{
  double onset_c;        /* tangent onset, °C (NAN when the tangents do not cross in the window) */
  double endset_c;       /* tangent endset, °C (or NAN) */
  double peak_c;         /* DTG maximum, °C */
  double dtg_peak;       /* −dm/dT at the peak, %/K */
  double lo_c;           /* the step's window, °C */
  double hi_c;
  double mass_start_pct; /* mass % at lo_c and hi_c */
  double mass_end_pct;
  double mass_loss_pct;  /* mass_start_pct − mass_end_pct (negative: a gain) */
  gboolean manual;       /* the window was given by hand */
} IscThermalStep;

typedef struct
{
  guint n;
  double *temperature_c; /* the curve's, n */
  double *mass_pct;      /* n, or NULL when the curve has no mass */
  double *dtg;           /* −d(mass %)/dT, %/K, n (NAN outside heating), or NULL */
  double *signal;        /* the DTA/DSC signal passed through, or NULL */
  guint window;          /* the Savitzky–Golay window used */
  GArray *steps;         /* IscThermalStep */
} IscThermalAnalysis;

void                isc_thermal_options_init   (IscThermalOptions *options);

/* Mass %, DTG and steps found automatically. NULL with @error when the curve has no mass. */
IscThermalAnalysis *isc_thermal_analyse        (const IscThermalCurve   *curve,
                                                const IscThermalOptions *options,
                                                GError                 **error);
/* Replaces the steps by those of the windows [@lo[i], @hi[i]] (°C, on heating): the DTG peak
 * inside each, onset, endset and loss as for automatic steps. FALSE when a window is empty. */
gboolean            isc_thermal_analysis_set_windows (IscThermalAnalysis *analysis,
                                                      const double       *lo,
                                                      const double       *hi,
                                                      guint               n,
                                                      GError            **error);
void                isc_thermal_analysis_free  (IscThermalAnalysis *analysis);

/* Savitzky–Golay first derivative (order 2, window @window odd) of @y against the index. */
void                isc_thermal_sg_derivative  (const double *y,
                                                guint         n,
                                                guint         window,
                                                double       *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscThermalAnalysis, isc_thermal_analysis_free)

G_END_DECLS
