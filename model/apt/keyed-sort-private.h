/* keyed-sort-private.h: private helpers of profile.c, fda.c and spatial/proxigram.c: a stable sort of (float key,
 * payload) records. Not part of the model's public API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  float   key;
  guint32 payload;
} IscKeyedRecord;

/* Sorts @n records by key, keeping records with equal keys in their input order. @scratch holds
 * at least @n records. O(n) bucket passes for spread-out keys, merge sort for clumps. */
void      isc_keyed_sort_stable  (IscKeyedRecord *records,
                                  gsize           n,
                                  IscKeyedRecord *scratch);

/* The same order as isc_keyed_sort_stable (), faster for records that arrive nearly in order
 * (a few places out at most); no slower than about twice that otherwise. Keys must not be NaN. */
void      isc_keyed_sort_stable_adaptive (IscKeyedRecord *records,
                                          gsize           n,
                                          IscKeyedRecord *scratch);

/* Sorts @n (≤ G_MAXUINT32) records by key with bucket passes (O(n) for spread-out keys, merge
 * sort for pathological clumps); equal keys keep their input order (the sort is stable). */
gboolean  isc_sort_keyed_records (IscKeyedRecord  *records,
                                  gsize            n,
                                  GCancellable    *cancellable,
                                  GError         **error);

G_END_DECLS
