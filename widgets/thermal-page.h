/* thermal-page.h: the page of thermal-analysis curves (TGA, DTA, DSC) — mass % with its
 * derivative (DTG), or the DTA/DSC signal, against temperature, every curve opened overlaid
 * (a precursor with and without LiOH), and the mass-loss steps the model finds (tangent onset,
 * DTG peak, mass loss) in a table beside the plot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "isc-dataset-page.h"
#include "thermal-analysis.h"
#include "thermal-plot.h"

G_BEGIN_DECLS

#define ISC_TYPE_THERMAL_PAGE (isc_thermal_page_get_type ())
G_DECLARE_FINAL_TYPE (IscThermalPage, isc_thermal_page, ISC, THERMAL_PAGE, IscDatasetPage)

GtkWidget                *isc_thermal_page_new            (void);
/* Adds the curves of one file (IscThermalCurve*, transfer full) to the overlay and finds their
 * steps; curves of a file already shown replace its old ones. */
void                      isc_thermal_page_add_curves     (IscThermalPage     *self,
                                                           GPtrArray          *curves);
void                      isc_thermal_page_clear          (IscThermalPage     *self);
guint                     isc_thermal_page_get_n_curves   (IscThermalPage     *self);
/* Curve @index and, in @analysis (may be NULL), its analysis: NULL when the curve has no mass
 * (DSC only). */
const IscThermalCurve    *isc_thermal_page_get_curve      (IscThermalPage            *self,
                                                           guint                      index,
                                                           const IscThermalAnalysis **analysis);
void                      isc_thermal_page_set_plot_kind  (IscThermalPage     *self,
                                                           IscThermalPlotKind  kind);
/* The steps table as tab-separated text, one line a step (for tests and copying). */
char                     *isc_thermal_page_dup_steps_text (IscThermalPage     *self);

G_END_DECLS
