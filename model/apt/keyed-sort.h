/* keyed-sort.h: private helpers of profile.c and fda.c: a stable sort of (float key, payload)
 * records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "profile.h"  /* IscKeyedRecord */

G_BEGIN_DECLS

/* Sorts @n records by key, keeping records with equal keys in their input order. @scratch holds
 * at least @n records. O(n) bucket passes for spread-out keys, merge sort for clumps. */
void      isc_keyed_sort_stable  (IscKeyedRecord *records,
                                  gsize           n,
                                  IscKeyedRecord *scratch);

G_END_DECLS
