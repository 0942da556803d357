/* demo-eis.h: synthetic impedance spectra of the two NCM622 cathodes of ../shared/SCIENCE.md §2,
 * half cells against Li metal: TS-NCM (two-step calcination) and R-NCM (reference), before and
 * after 100 cycles at 0.5 C. The charge-transfer resistance grows from 80 Ω to 110 Ω (TS-NCM)
 * and to 150 Ω (R-NCM).
 *
 * Each spectrum is the circuit ISC_DEMO_EIS_CIRCUIT (electrolyte resistance, the charge-transfer
 * arc as R_ct parallel to a CPE, a Warburg diffusion tail) from 100 kHz to 10 mHz, ten points
 * per decade, with ±0.3 % noise on Z' and Z'' from a fixed seed. A file per cathode is an EC-Lab
 * PEIS text export holding two spectra, "cycle number" 1 (before) and 100 (after).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "isc-error.h"

G_BEGIN_DECLS

#define ISC_DEMO_EIS_CIRCUIT          "R0-p(R1,CPE1)-W1"
#define ISC_DEMO_EIS_RCT_BEFORE       80.0    /* Ω, both cathodes */
#define ISC_DEMO_EIS_RCT_TS_AFTER     110.0   /* Ω, TS-NCM after 100 cycles */
#define ISC_DEMO_EIS_RCT_R_AFTER      150.0   /* Ω, R-NCM after 100 cycles */
#define ISC_DEMO_EIS_CYCLE_BEFORE     1
#define ISC_DEMO_EIS_CYCLE_AFTER      100

/* The file names written into DIR/eis/. */
#define ISC_DEMO_EIS_TS_NCM           "ts-ncm.mpt"
#define ISC_DEMO_EIS_R_NCM            "r-ncm.mpt"

/* The parameters of ISC_DEMO_EIS_CIRCUIT a spectrum was made with (R0, R1, CPE1_0, CPE1_1, W1). */
void     isc_demo_eis_params (gboolean  two_step,
                              gboolean  cycled,
                              double    params[5]);

/* Writes DIR/eis/ts-ncm.mpt and r-ncm.mpt. The signature of a demo part. */
gboolean isc_demo_write_eis  (const char       *dir,
                              GCancellable     *cancellable,
                              IscProgressFunc   progress,
                              gpointer          progress_data,
                              GError          **error);

G_END_DECLS
