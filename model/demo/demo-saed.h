/* demo-saed.h: the demo's electron diffraction pair — a ring pattern of the layered R-3m core
 * and one of the rock-salt shell of the same site (300 cycles, R1), made from the phases'
 * d-spacings (model/diffraction) with a known calibration and an off-centre direct beam.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "image.h"
#include "project.h"

G_BEGIN_DECLS

#define ISC_DEMO_SAED_SIZE          512      /* pixels per side */
#define ISC_DEMO_SAED_NM_INV_PER_PX 0.04     /* calibration, stated in the file (1/nm axes) */
#define ISC_DEMO_SAED_CX            261.3    /* direct beam, px (not the image centre) */
#define ISC_DEMO_SAED_CY            249.6
#define ISC_DEMO_SAED_CONDITION     "300 cycles"
#define ISC_DEMO_SAED_SITE          "R1"

/* The phase id ("layered" for the core, "rocksalt" for the shell) and the d-spacings (nm,
 * largest first, @n of them; free with g_free) whose rings the pattern shows. */
const char   *isc_demo_saed_phase   (gboolean       shell);
double       *isc_demo_saed_d_nm    (gboolean       shell,
                                     guint         *n);

/* The pattern: Gaussian rings at those d-spacings on a falling background with a direct beam,
 * Poisson noise from ISC_DEMO_SEED; float32, both axes in 1/nm. */
IscImage     *isc_demo_saed_image   (gboolean       shell);

/* DIR/saed/<slug>-core.tif and -shell.tif (ImageJ TIFFs calibrated in 1/nm). Free with g_free. */
char         *isc_demo_saed_path    (const char    *dir,
                                     gboolean       shell);

gboolean      isc_demo_write_saed   (const char    *dir,
                                     GCancellable  *cancellable,
                                     GError       **error);

/* When the demo folder @dir holds the pair, adds both to the site as diffraction datasets. */
void          isc_demo_saed_attach  (IscProject    *project,
                                     const char    *dir);

G_END_DECLS
