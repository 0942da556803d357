/* cycling-readers-private.h: what the cycler readers share, and nobody else needs.
 *
 * Layers inside model/cycling: cycling-data.c (records, per-cycle analyses) calls no reader;
 * cycling-mpr.c (binary .mpr) builds on it; cycling-table.c (every text export, and the
 * format dispatch of isc_cycling_load ()) builds on both. Readers include this header;
 * everyone else includes cycling-data.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cycling-data.h"

G_BEGIN_DECLS

/* The BioLogic binary .mpr reader (cycling-mpr.c); isc_cycling_load () calls it for .mpr
 * content. Returns normalised data (isc_cycling_data_normalize) or NULL with @error. */
IscCyclingData *isc_cycling_load_mpr        (const char      *path,
                                             GCancellable    *cancellable,
                                             IscProgressFunc  progress,
                                             gpointer         progress_data,
                                             GError         **error);

G_END_DECLS
