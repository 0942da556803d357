/* batch-h5.h: the batch table (batch-run.h) as HDF5: group "batch" with the 1-D columns
 * dataset, analysis, key (UTF-8 strings), value (float64, NaN where not a number) and
 * value_text (the CSV's text).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "batch-recipe.h"

G_BEGIN_DECLS

/* @names: the dataset name of each row (char*), @rows: IscBatchRow*, as long. */
gboolean isc_batch_write_h5 (const char  *path,
                             GPtrArray   *names,
                             GPtrArray   *rows,
                             GError     **error);

G_END_DECLS
