/* saed-page.h: an electron diffraction (SAED) pattern — the pattern in log intensity about its
 * found centre with the fitted rings, the azimuthal average against q or d with the chosen
 * phases' reflections as ticks, and a table of the rings (radius, d, hkl, phase, mismatch).
 * The calibration comes from the file or from a standard's rings (Au, Al, Si, TlCl) fitted
 * here. Analysis (model/diffraction, as `ionscape-cli saed`) runs in a worker; the newest
 * request wins.
 *
 * A compact page (the site view's core-vs-shell pair) shows only the pattern and the table.
 *
 * Signal "analysed" (no arguments): a new result (or error) is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "figure-options.h"
#include "image.h"
#include "isc-dataset-page.h"
#include "plot-view.h"
#include "saed.h"

G_BEGIN_DECLS

#define ISC_TYPE_SAED_PAGE (isc_saed_page_get_type ())
G_DECLARE_FINAL_TYPE (IscSaedPage, isc_saed_page, ISC, SAED_PAGE, IscDatasetPage)

GtkWidget           *isc_saed_page_new             (void);

/* Shows @image (transfer full; NULL clears) under @title and analyses it. */
void                 isc_saed_page_set_image       (IscSaedPage *self,
                                                    IscImage    *image,
                                                    const char  *title);
/* Reads @path (image 0) in the worker, then analyses it. */
void                 isc_saed_page_load            (IscSaedPage *self,
                                                    const char  *path);

/* Only the pattern and the ring table, without controls. */
void                 isc_saed_page_set_compact     (IscSaedPage *self,
                                                    gboolean     compact);
/* Calibrate on a standard's rings ("Au", "Al", "Si", "TlCl"), or NULL: the file's calibration. */
void                 isc_saed_page_set_standard    (IscSaedPage *self,
                                                    const char  *standard);
/* Shows (ticks, indexing) the phase @id ("layered", "rocksalt", "spinel") or not. */
void                 isc_saed_page_set_phase_shown (IscSaedPage *self,
                                                    const char  *id,
                                                    gboolean     shown);

/* The last result (owned by the page), NULL before one or after an error. */
const IscSaedResult *isc_saed_page_get_result      (IscSaedPage *self);
const IscImage      *isc_saed_page_get_image       (IscSaedPage *self);
/* The label of ring @i as the table shows it ("layered 003"), or NULL. Free with g_free. */
char                *isc_saed_page_dup_ring_label  (IscSaedPage *self,
                                                    guint        i);
/* Writes the pattern with its rings (PDF, SVG, PNG or TIFF by suffix) at @options' size, one
 * nm⁻¹ as long on both axes, as Export Figure does. FALSE with @error when nothing is shown. */
gboolean             isc_saed_page_write_pattern_figure (IscSaedPage             *self,
                                                         const char              *path,
                                                         const IscFigureOptions  *options,
                                                         GError                 **error);

G_END_DECLS
