/* range-index.h: the ion types of a mapped cloud kept beside its column cache, one byte per
 * ion, keyed by the cache and the range set's windows, so that a command does not read and
 * range the mass column again: it maps the index (file pages, not the program's memory).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ion-cloud.h"
#include "range-set.h"

G_BEGIN_DECLS

/* isc_range_set_apply (), through the persistent index when @cloud is mapped from a column
 * cache and has no ion types yet: maps it when it exists, otherwise ranges the ions on every
 * core into a new one (written atomically) and maps that. Anything else, or an index that
 * cannot be written, ranges into the cloud's own memory as isc_range_set_apply () does. The
 * types are the same either way. */
gboolean isc_range_index_apply (const IscRangeSet  *set,
                                IscIonCloud        *cloud,
                                GCancellable       *cancellable,
                                IscProgressFunc     progress,
                                gpointer            progress_data,
                                GError            **error);

/* The index file of @cloud under @set (whether or not it exists), or NULL when @cloud is not
 * mapped from a column cache. */
char    *isc_range_index_path  (const IscRangeSet  *set,
                                const IscIonCloud  *cloud);

G_END_DECLS
