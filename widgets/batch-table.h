/* batch-table.h: the last recipe run over a project (project-batch.h) as a table, one row per
 * dataset and one column per analysis value, as the window shows it after a run or a reload.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "project-batch.h"

G_BEGIN_DECLS

#define ISC_TYPE_BATCH_TABLE (isc_batch_table_get_type ())
G_DECLARE_FINAL_TYPE (IscBatchTable, isc_batch_table, ISC, BATCH_TABLE, GtkWidget)

GtkWidget  *isc_batch_table_new           (void);
/* Shows @batch (copied; NULL: none). */
void        isc_batch_table_set_batch     (IscBatchTable         *self,
                                           const IscProjectBatch *batch);
/* The table as shown: rows are datasets, column 0 the dataset, then "analysis · key". */
guint       isc_batch_table_get_n_rows    (IscBatchTable         *self);
guint       isc_batch_table_get_n_columns (IscBatchTable         *self);
const char *isc_batch_table_get_column_title (IscBatchTable       *self,
                                             guint                column);
const char *isc_batch_table_get_cell      (IscBatchTable         *self,
                                           guint                  row,
                                           guint                  column);

G_END_DECLS
