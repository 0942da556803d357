/* xrd-page.h: the page of X-ray diffraction series — a heat map of log intensity against
 * temperature, stacked patterns or one pattern with the reflections of the built-in phases as
 * ticks; a pseudo-Voigt peak fitted in a 2θ window over every scan (position, FWHM and area with
 * their standard errors listed), and semi-quantitative RIR phase fractions of the shown scan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "isc-dataset-page.h"
#include "xrd-fit.h"
#include "xrd-pattern.h"

G_BEGIN_DECLS

#define ISC_TYPE_XRD_PAGE (isc_xrd_page_get_type ())
G_DECLARE_FINAL_TYPE (IscXrdPage, isc_xrd_page, ISC, XRD_PAGE, IscDatasetPage)

typedef enum
{
  ISC_XRD_VIEW_HEATMAP,
  ISC_XRD_VIEW_STACK,
  ISC_XRD_VIEW_PATTERN,
} IscXrdView;

GtkWidget          *isc_xrd_page_new           (void);
/* Reads @paths (files or folders; several form one series) in a worker, then shows them. */
void                isc_xrd_page_load          (IscXrdPage         *self,
                                                const char * const *paths,
                                                guint               n_paths);
/* Adds @path to the series read on the next main-loop turn: the files opened together (one Open
 * dialog, one drop) form one series. */
void                isc_xrd_page_queue_path    (IscXrdPage         *self,
                                                const char         *path);
/* TRUE while a load runs or waits for its main-loop turn. */
gboolean            isc_xrd_page_is_busy       (IscXrdPage         *self);
/* Shows @series (transfer full; NULL clears). */
void                isc_xrd_page_set_series    (IscXrdPage         *self,
                                                IscXrdSeries       *series);
const IscXrdSeries *isc_xrd_page_get_series    (IscXrdPage         *self);
void                isc_xrd_page_set_view      (IscXrdPage         *self,
                                                IscXrdView          view);
/* The scan drawn by the single-pattern view (0-based). */
void                isc_xrd_page_set_scan      (IscXrdPage         *self,
                                                guint               index);
/* Sets the window text ("18:19.5") and fits it over every scan; FALSE with the reason in the
 * status line when the text is not a window inside the patterns. */
gboolean            isc_xrd_page_fit           (IscXrdPage         *self,
                                                const char         *window);
/* The fit of scan @index, or NULL before a fit. */
const IscXrdPeakFit *isc_xrd_page_get_fit      (IscXrdPage         *self,
                                                guint               index);
/* Shows the ticks of built-in phase @id (and counts it in the phase fractions). */
void                isc_xrd_page_set_phase_shown (IscXrdPage       *self,
                                                  const char       *id,
                                                  gboolean          shown);
/* The listed fits and phase fractions, as plain text. */
const char         *isc_xrd_page_get_results   (IscXrdPage         *self);

G_END_DECLS
