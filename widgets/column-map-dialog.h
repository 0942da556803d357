/* column-map-dialog.h: a modal window that asks which column of a cycler table holds time,
 * voltage, current, capacities, cycle and step, with the file's column names and first rows
 * as a preview. Pre-filled from the header names (isc_cycling_guess_columns) or a given map.
 *
 * Signal "mapping-chosen" (const IscCyclingColumnMap *map): OK was pressed with a valid
 * mapping; the window closes afterwards. Cancel (or Escape) closes without it.
 * Action column-map.accept: what OK does (disabled while the mapping is invalid).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cycling-data.h"

G_BEGIN_DECLS

/* IscCyclingColumnMap as a boxed type, for the signal. */
#define ISC_TYPE_CYCLING_COLUMN_MAP (isc_cycling_column_map_get_type ())
GType isc_cycling_column_map_get_type (void) G_GNUC_CONST;

#define ISC_TYPE_COLUMN_MAP_DIALOG (isc_column_map_dialog_get_type ())
G_DECLARE_FINAL_TYPE (IscColumnMapDialog, isc_column_map_dialog, ISC, COLUMN_MAP_DIALOG, GtkWindow)

/* Reads the start of @path (isc_cycling_table_preview; errors in ISC_CYCLING_ERROR) and builds
 * the window, transient for @parent (may be NULL). @initial: the map to show, NULL = guessed
 * from the column names. The window is not shown yet: call gtk_window_present. */
IscColumnMapDialog *isc_column_map_dialog_new        (GtkWindow                 *parent,
                                                      const char                *path,
                                                      const IscCyclingColumnMap *initial,
                                                      GError                   **error);
const char         *isc_column_map_dialog_get_path   (IscColumnMapDialog *self);
/* The mapping as chosen now; returns whether it is valid (the problem is shown in the window
 * and returned by get_problem). */
gboolean            isc_column_map_dialog_get_map    (IscColumnMapDialog  *self,
                                                      IscCyclingColumnMap *map);
/* Sets one field: @index = column (0-based) or -1 for none; @scale = the factor to s, V, mA or
 * mAh (one of the offered units; another factor is added as a unit of its own). */
void                isc_column_map_dialog_set_column (IscColumnMapDialog *self,
                                                      IscCyclingColumn    column,
                                                      int                 index,
                                                      double              scale);
/* Why the mapping cannot be used (translated), or NULL when it can. */
const char         *isc_column_map_dialog_get_problem (IscColumnMapDialog *self);

G_END_DECLS
