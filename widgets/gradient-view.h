/* gradient-view.h: the figures of a gradient study — Li (or any element) versus depth for every
 * condition, all elements of one condition, gradient depth versus cycles and retention versus
 * the mean ratio — with an element chooser, a condition chooser (all-elements plot), a
 * logarithmic depth toggle, figure export (the plot view's button: PNG/SVG/PDF) and export of
 * the site table as CSV.
 *
 * The project is borrowed. A worker thread analyses a private copy of it (cached ratios brought
 * up to date, cycler data read), so the user may edit the project meanwhile; the ratios it
 * cached are merged back into the project when the analysis ends. Disposing the view or setting
 * another project cancels the work without waiting for the worker.
 *
 * Actions: gradient.kind (s: "gradient", "elements", "gradient-depth", "retention"),
 * gradient.export-table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "isc-page.h"

#include "gradient-plots.h"
#include "plot-view.h"
#include "project.h"

G_BEGIN_DECLS

#define ISC_TYPE_GRADIENT_VIEW (isc_gradient_view_get_type ())
G_DECLARE_FINAL_TYPE (IscGradientView, isc_gradient_view, ISC, GRADIENT_VIEW, GtkWidget)

GtkWidget          *isc_gradient_view_new             (void);
/* Borrowed; must outlive the view or be replaced first (NULL clears). Starts the analysis. */
void                isc_gradient_view_set_project     (IscGradientView     *view,
                                                       IscProject          *project);
/* TRUE while the analysis runs (property "busy"). */
gboolean            isc_gradient_view_get_busy        (IscGradientView     *view);
/* The last analysis or plot problem shown to the user, or NULL. */
const char         *isc_gradient_view_get_message     (IscGradientView     *view);

void                isc_gradient_view_set_kind        (IscGradientView     *view,
                                                       IscGradientPlotKind  kind);
IscGradientPlotKind isc_gradient_view_get_kind        (IscGradientView     *view);
/* Chooses the element (ignored when no specimen has it). */
void                isc_gradient_view_set_element     (IscGradientView     *view,
                                                       const char          *element);
const char         *isc_gradient_view_get_element     (IscGradientView     *view);
/* Chooses the condition of the all-elements plot (ignored when unknown). */
void                isc_gradient_view_set_condition   (IscGradientView     *view,
                                                       const char          *condition);
void                isc_gradient_view_set_log_depth   (IscGradientView     *view,
                                                       gboolean             log_depth);

/* The gradient of the last finished analysis (borrowed), or NULL. */
IscGradient        *isc_gradient_view_get_gradient    (IscGradientView     *view);
/* Writes the site table (isc_gradient_site_table_csv ()) to @path. */
gboolean            isc_gradient_view_export_table    (IscGradientView     *view,
                                                       const char          *path,
                                                       GError             **error);

G_END_DECLS
