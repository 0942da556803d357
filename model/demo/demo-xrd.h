/* demo-xrd.h: a synthetic in situ XRD heating series of the NCM622 precursor (co-precipitated
 * TM(OH)2 + LiOH) matching ../shared/SCIENCE.md §2: the hydroxide's (001) near 19.5° 2θ moves
 * toward the layered oxide's (003) at 18.5° from ~200 °C; at 300 °C the sample is 69.7 % layered
 * R-3m, 19.5 % rock salt Fm-3m and 10.9 % hydroxide P-3m1 (weight fractions by the RIR method
 * with the built-in I/Ic values). Cu Kα1 only (as behind a monochromator), Poisson noise from a
 * fixed seed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "xrd-pattern.h"

G_BEGIN_DECLS

/* Lattices of the demo phases (Å). The layered c puts (003) at 18.5° (SCIENCE.md); the hydroxide
 * c grows from 4.549 Å (001 at 19.5°) below 200 °C as lithium enters. */
#define ISC_DEMO_XRD_LAYERED_A     2.870
#define ISC_DEMO_XRD_LAYERED_C     14.376
#define ISC_DEMO_XRD_ROCKSALT_A    4.160
#define ISC_DEMO_XRD_HYDROXIDE_A   3.050
#define ISC_DEMO_XRD_T_START       25.0    /* °C, first pattern */
#define ISC_DEMO_XRD_T_STEP        25.0
#define ISC_DEMO_XRD_N_STEPS       16      /* 25 … 400 °C */
#define ISC_DEMO_XRD_ONSET_C       200.0   /* the hydroxide starts to react */

typedef struct
{
  double temperature_c;
  double layered;       /* weight fractions, sum 1 */
  double rocksalt;
  double hydroxide;
  double lioh;
  double hydroxide_c;   /* Å */
} IscDemoXrdState;

/* The phase state at @temperature_c (piecewise linear between the anchor temperatures). */
IscDemoXrdState  isc_demo_xrd_state   (double temperature_c);

/* Pattern @step (0 … ISC_DEMO_XRD_N_STEPS − 1): 10–80° 2θ by 0.02°. */
IscXrdPattern   *isc_demo_xrd_pattern (guint step);

/* Writes DIR/xrd/heating/NNNC.xy (two columns, a comment header) for every step. */
gboolean         isc_demo_write_xrd   (const char    *dir,
                                       GCancellable  *cancellable,
                                       GError       **error);

G_END_DECLS
