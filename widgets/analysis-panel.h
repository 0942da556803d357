/* analysis-panel.h: profile, frequency-distribution plot and chi2/p/mu table of a region,
 * recomputed off the main thread whenever the region or a setting changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fda.h"
#include "profile.h"

G_BEGIN_DECLS

#define ISC_TYPE_ANALYSIS_PANEL (isc_analysis_panel_get_type ())
G_DECLARE_FINAL_TYPE (IscAnalysisPanel, isc_analysis_panel, ISC, ANALYSIS_PANEL, GtkWidget)

GtkWidget          *isc_analysis_panel_new              (void);

/* The ranged cloud to analyse and its range set (copied). The panel keeps @cloud until it is
 * given another one, it is disposed, and every computation on it has finished; then it calls
 * @cloud_destroy (may be NULL when the caller guarantees that lifetime itself). */
void                isc_analysis_panel_set_data         (IscAnalysisPanel  *self,
                                                         IscIonCloud       *cloud,
                                                         GDestroyNotify     cloud_destroy,
                                                         const IscRangeSet *ranges);
/* The region (copied); NULL means the whole dataset. */
void                isc_analysis_panel_set_roi          (IscAnalysisPanel  *self,
                                                         const IscRoi      *roi);

/* Settings; each change starts a new computation. Also editable in the panel itself. */
void                isc_analysis_panel_set_profile_settings (IscAnalysisPanel         *self,
                                                             const IscProfileSettings *settings);
void                isc_analysis_panel_set_fda_settings (IscAnalysisPanel     *self,
                                                         const IscFdaSettings *settings);
/* Rows whose mu exceeds @threshold are highlighted (default 0.1). */
void                isc_analysis_panel_set_mu_threshold (IscAnalysisPanel *self,
                                                         double            threshold);

/* Whether the profile plot shows @element: the analysis's own choice, independent of which
 * species the ion map shows. New data tick Li, else the Ni, Co, Mn basis, else everything. */
void                isc_analysis_panel_set_element_visible (IscAnalysisPanel *self,
                                                            const char       *element,
                                                            gboolean          visible);
gboolean            isc_analysis_panel_get_element_visible (IscAnalysisPanel *self,
                                                            const char       *element);

/* TRUE while a computation is queued or runs (the "busy" property, notified on change). */
gboolean            isc_analysis_panel_is_busy          (IscAnalysisPanel *self);

/* Results of the last completed computation (owned by the panel, NULL before the first). */
const IscProfile   *isc_analysis_panel_get_profile      (IscAnalysisPanel *self);
const IscFdaResult *isc_analysis_panel_get_fda_result   (IscAnalysisPanel *self,
                                                         const char       *element);
/* The table's label widget of @element's mu, for tests and accessibility relations. */
GtkWidget          *isc_analysis_panel_get_mu_label     (IscAnalysisPanel *self,
                                                         const char       *element);

/* CSV text of the profile (isc_profile_to_csv) and of the chi2 table (isc_fda_results_to_csv).
 * NULL before results. */
char               *isc_analysis_panel_get_profile_csv  (IscAnalysisPanel *self);
char               *isc_analysis_panel_get_fda_csv      (IscAnalysisPanel *self);

G_END_DECLS
