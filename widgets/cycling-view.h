/* cycling-view.h: battery-cycling results of one or several cells: capacity (charge and
 * discharge) with the Coulombic efficiency on a twin axis, retention, efficiency, voltage
 * curves of chosen cycles coloured by cycle number, dQ/dV; an active-mass entry.
 *
 * Signal "columns-requested" (guint cell, const char *path, const IscCyclingColumnMap *columns):
 * the Columns… button, for the last cell read from a generic table (sensitive only while a
 * handler is connected).
 *
 * Actions: cycling.kind (s: "capacity-efficiency", "capacity", "retention", "efficiency",
 * "voltage", "dqdv").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "isc-page.h"

#include "cycling-data.h"
#include "cycling-plot.h"
#include "plot-view.h"

G_BEGIN_DECLS

#define ISC_TYPE_CYCLING_VIEW (isc_cycling_view_get_type ())
G_DECLARE_FINAL_TYPE (IscCyclingView, isc_cycling_view, ISC, CYCLING_VIEW, GtkWidget)

GtkWidget          *isc_cycling_view_new                 (void);
/* Adds a cell to the comparison; takes ownership of @data. @label is plain text. */
void                isc_cycling_view_add_cell            (IscCyclingView *view,
                                                          const char     *label,
                                                          IscCyclingData *data);
/* Puts @data (owned) in place of cell @index (appends when there is no such cell). */
void                isc_cycling_view_replace_cell        (IscCyclingView *view,
                                                          guint           index,
                                                          const char     *label,
                                                          IscCyclingData *data);
void                isc_cycling_view_clear               (IscCyclingView *view);
guint               isc_cycling_view_get_n_cells         (IscCyclingView *view);
void                isc_cycling_view_set_kind            (IscCyclingView     *view,
                                                          IscCyclingPlotKind  kind);
IscCyclingPlotKind  isc_cycling_view_get_kind            (IscCyclingView *view);
/* Active mass in mg for every cell (NAN: each file's own, else capacities stay in mAh). */
void                isc_cycling_view_set_mass_mg         (IscCyclingView *view,
                                                          double          mass_mg);
/* Cycles for the voltage and dQ/dV plots (NULL: up to five spread over the test). */
void                isc_cycling_view_set_cycles          (IscCyclingView *view,
                                                          const gint32   *cycles,
                                                          guint           n_cycles);
void                isc_cycling_view_set_reference_cycle (IscCyclingView *view,
                                                          gint32          cycle);

G_END_DECLS
