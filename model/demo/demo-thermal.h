/* demo-thermal.h: synthetic TGA/DTA curves of the NCM622 precursor (co-precipitated
 * Ni0.6Co0.2Mn0.2(OH)2) alone and mixed with LiOH (Li/M = 1.05), after ../shared/SCIENCE.md §2:
 * with LiOH the hydroxide is lithiated near 200 °C before it decomposes (220–350 °C); without it
 * only the decomposition (and the loss of adsorbed water) is seen. Each mass-loss step is a
 * logistic curve, so its tangent onset is center − 2 width and its DTG peak is at its center.
 * 25 → 600 °C at 5 K/min, 0.5 K per point, ±0.002 % noise from a fixed seed; the DTA signal
 * (µV, endotherms negative) follows the steps plus the melting of LiOH at 462 °C.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "isc-error.h"

G_BEGIN_DECLS

#define ISC_DEMO_THERMAL_T_START   25.0    /* °C */
#define ISC_DEMO_THERMAL_T_END     600.0
#define ISC_DEMO_THERMAL_T_STEP    0.5     /* K per point */
#define ISC_DEMO_THERMAL_RATE      5.0     /* K/min */
#define ISC_DEMO_THERMAL_LIOH_MELT 462.0   /* °C, DTA only */

typedef struct
{
  double center_c;   /* inflection = DTG peak */
  double width_k;    /* logistic width: onset = center − 2 width */
  double loss_pct;   /* of the initial mass */
  const char *what;
} IscDemoThermalStep;

/* The steps a curve was built with (in order of temperature). */
const IscDemoThermalStep *isc_demo_thermal_steps (gboolean  with_lioh,
                                                  guint    *n_steps);

/* The file names written into DIR/thermal/. */
#define ISC_DEMO_THERMAL_HYDROXIDE "tmoh2.csv"
#define ISC_DEMO_THERMAL_MIXTURE   "tmoh2-lioh.csv"

/* Writes DIR/thermal/tmoh2.csv and tmoh2-lioh.csv (Time/min, Temperature/°C, Mass/mg, DTA/uV).
 * The signature of a demo part (@progress may be NULL; the files are small). */
gboolean isc_demo_write_thermal (const char       *dir,
                                 GCancellable     *cancellable,
                                 IscProgressFunc   progress,
                                 gpointer          progress_data,
                                 GError          **error);

G_END_DECLS
