/* gradient-test-project.h: a small gradient study of real .pos and .rrng files, written by the
 * tests of the gradient analysis (CLI, figures and widget), with Li ratios known by construction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each specimen has Ni 80, Co 15, Mn 5 atoms, so Li / (Ni + Co + Mn) = li / 100:
 *   pristine   (0 cycles)   bulk 500 nm:  1.03, 1.01                   retention 1.00 (stored)
 *   100 cycles (100 cycles) R1 50 nm: 0.57; R4 2000 nm: 0.99           retention unknown
 *   300 cycles (300 cycles) R1 15 nm: 0.37, 0.37; R3 350 nm: 0.69, 0.71; R7 2500 nm: 1.03
 *                                                                       retention 0.76 (stored)
 * Writes DIR/ranges.rrng, the specimens under DIR/c<cycles>/ and DIR/study.ionscape, whose
 * path is returned (free with g_free). @cycler_path (may be NULL) is attached to "100 cycles"
 * as its cycler data. */
char *isc_test_write_gradient_project (const char *dir,
                                       const char *cycler_path);

/* One specimen of the study as a .pos file: Ni 80, Co 15, Mn 5 and @li Li atoms; O fills up to
 * a fixed ion count, so specimens differing only in Li have the same file size. */
void  isc_test_write_gradient_specimen (const char *path,
                                        guint       li);

/* The study's ranges (Li 7, O 16, Mn 55, Ni 58, Co 59 Da, each ± 0.3) as an .rrng file. */
void  isc_test_write_gradient_ranges   (const char *path);

G_END_DECLS
