/* isc-gi-private.h: what the facade's files share and Python does not see.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "isc-gi.h"
#include "isc-dataset-kind.h"

G_BEGIN_DECLS

IscGiDataset *_isc_gi_dataset_new (IscDatasetKind  kind,
                                   const char     *path,
                                   const char     *range_path);

G_END_DECLS
