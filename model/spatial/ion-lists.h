/* ion-lists.h: lists of ion indices gathered in chunked passes over a cloud (count per chunk,
 * then fill at each chunk's offset), without a flag per ion held between passes: 4 bytes a
 * listed ion is all a list costs. The caller says which lists an ion belongs to through up to
 * eight flag bits, recomputed for each chunk of each pass. On top: the k nearest listed ions of
 * a few queries, indexing only the listed ions near them, for neighbour analyses of any size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ion-cloud.h"
#include "isc-error.h"
#include "roi.h"
#include "spatial-index.h"

G_BEGIN_DECLS

/* Fills @flags[0 … n − 1] with the flag bits of ions @first … @first + @n − 1 (0: in no list).
 * Called from several workers at once; @scratch is the calling worker's ISC_ION_PASS_CHUNK
 * bytes (for a region mask). */
typedef void (*IscIonFlagFunc) (gsize     first,
                                gsize     n,
                                guint8   *flags,
                                guint8   *scratch,
                                gpointer  user_data);

typedef struct _IscIonLists IscIonLists;

/* The usual flags: @type_flags of each ion's type inside @roi (NULL or ISC_ROI_ALL: every ion),
 * 0 outside it; a flag function's body, or its start. */
void         isc_ion_flags_by_type (const IscIonCloud *cloud,
                                    const IscRoi      *roi,
                                    const guint8       type_flags[256],
                                    gsize              first,
                                    gsize              n,
                                    guint8            *flags,
                                    guint8            *scratch);

IscIonLists *isc_ion_lists_new     (const IscIonCloud *cloud,
                                    guint              n_workers,
                                    IscIonFlagFunc     flag,
                                    gpointer           user_data);
void         isc_ion_lists_free    (IscIonLists       *lists);

/* One pass: the ions carrying each flag bit (@counts[b] for bit 1 << b) and, when @types is
 * not NULL, the ions with any flag per ion type (256). Kept per chunk, so a list counted here
 * is collected in one more pass. Count again when the flags change. */
gboolean     isc_ion_lists_count   (IscIonLists       *lists,
                                    guint64            counts[8],
                                    guint64           *types,
                                    GCancellable      *cancellable,
                                    GError           **error);

/* The ions whose flags hold @bit, in file order, their number in @count. @max > 0 with more
 * listed: every (n / max)-th of them by rank, floor (m · n / max) for m = 0 … max − 1, evenly
 * over the file. */
guint32     *isc_ion_lists_collect (IscIonLists            *lists,
                                    guint8                  bit,
                                    gsize                   max,
                                    gsize                  *count,
                                    GCancellable           *cancellable,
                                    GError                **error);
/* The same, only those within @radius (nm) of a point of @near, and a few more: a grid of cells
 * of about half the radius marks those within the radius of a point's cell. */
guint32     *isc_ion_lists_collect_near (IscIonLists            *lists,
                                         guint8                  bit,
                                         const IscSpatialIndex  *near,
                                         double                  radius,
                                         gsize                  *count,
                                         GCancellable           *cancellable,
                                         GError                **error);

/* Called once per query with its @found nearest listed ions (ascending @dist, nm; @ids): all k
 * of them, or fewer only when fewer listed ions than k exist besides the query. Runs on
 * several workers at once (@worker: 0 … n_workers − 1). */
typedef void (*IscIonNearFunc) (guint32        query,
                                guint          found,
                                const double  *dist,
                                const guint32 *ids,
                                guint          worker,
                                gpointer       user_data);

/* The @k (≤ 64) nearest ions with @bit of each of @queries (taken; ion indices), the query
 * itself left out. Only the listed ions within a radius of a query are indexed (in cells of
 * @cell nm, and a first radius of @cell); a query with fewer than k inside is asked again with
 * a radius four times wider, until the radius spans @roi's box of the data, so the answers are
 * those against every listed ion. Cancellable; progress goes from @progress_from to
 * @progress_to with the queries answered. */
gboolean     isc_ion_lists_nearest (IscIonLists       *lists,
                                    guint8             bit,
                                    guint32           *queries,
                                    gsize              n_queries,
                                    guint              k,
                                    double             cell,
                                    const IscRoi      *roi,
                                    IscIonNearFunc     func,
                                    gpointer           user_data,
                                    GCancellable      *cancellable,
                                    IscProgressFunc    progress,
                                    gpointer           progress_data,
                                    double             progress_from,
                                    double             progress_to,
                                    GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscIonLists, isc_ion_lists_free)

G_END_DECLS
