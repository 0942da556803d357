/* demo-eels.h: the demo's EELS line scan across a nanopore (../shared/SCIENCE.md: the
 * transition metals slightly more reduced at the pore, which is Li-deficient rock salt).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "eels.h"
#include "image.h"
#include "project.h"

G_BEGIN_DECLS

#define ISC_DEMO_EELS_POINTS      41      /* spectra along the line */
#define ISC_DEMO_EELS_STEP_NM     0.25    /* nm between them: a 10 nm line */
#define ISC_DEMO_EELS_PORE_NM     2.0     /* pore radius, centred on the line */
#define ISC_DEMO_EELS_NI_SHIFT_EV (-0.6)  /* Ni L3 at the pore centre against the dense oxide */
#define ISC_DEMO_EELS_SURVEY_PX   128     /* survey image side */
#define ISC_DEMO_EELS_SURVEY_NM   0.1     /* nm per survey pixel */

/* The line scan: O K, Mn, Co and Ni L2,3 (500–950 eV, 0.25 eV/ch) on power-law backgrounds,
 * Li(Ni0.8Co0.15Mn0.05)O2 proportions; at the pore less material (lower counts), L3 moved down
 * (Ni by ISC_DEMO_EELS_NI_SHIFT_EV) and L3/L2 up. Counting noise from ISC_DEMO_SEED. */
IscEelsData *isc_demo_eels_line_scan   (void);
/* The HAADF survey acquired with it: layers along y, the pore a dark disc at the centre, where
 * the line runs horizontally through the centre. Calibrated in nm. */
IscImage    *isc_demo_eels_survey      (void);
/* Writes both, line scan first, as one DigitalMicrograph DM3 file at @path. */
gboolean     isc_demo_eels_write_dm3   (const char  *path,
                                        GError     **error);
/* DIR/eels/pore-line-scan.dm3 (newly allocated). */
char        *isc_demo_eels_path        (const char  *dir);
/* Writes the file of isc_demo_eels_path (). */
gboolean     isc_demo_write_eels       (const char       *dir,
                                        GCancellable     *cancellable,
                                        IscProgressFunc   progress,
                                        gpointer          progress_data,
                                        GError          **error);
/* Adds the line scan to the demo's pristine site when the file exists. */
void         isc_demo_eels_attach      (IscProject *project,
                                        const char *dir);

G_END_DECLS
