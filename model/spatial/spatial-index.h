/* spatial-index.h: a uniform grid of cubic cells over a set of ions, shared by the
 * neighbour, cluster and RDF analyses. Points are stored sorted by cell, so a cell's points
 * are contiguous: their ids, and a copy of their coordinates (12 more bytes a point) while that
 * copy stays within isc_ion_pass_band_bytes (); a larger set keeps the ids only and reads the
 * coordinates from the cloud (which may be mapped), so an index of 10⁹ ions holds 4 bytes a
 * point besides its grid. Read a point with isc_spatial_index_point () either way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ion-cloud.h"
#include "isc-error.h"

G_BEGIN_DECLS

#define ISC_SPATIAL_INDEX_MAX_CELLS (64u * 1024 * 1024)

typedef struct
{
  gsize     n_points;
  float    *x;            /* nm, sorted by cell; NULL when the index keeps ids only */
  float    *y;
  float    *z;
  guint32  *id;           /* ion index of each stored point */
  const float *cloud_x;   /* the cloud's positions, read by id when x is NULL */
  const float *cloud_y;
  const float *cloud_z;
  double    origin[3];    /* nm, corner of cell (0, 0, 0) */
  double    cell;         /* nm, edge of a cell (may be larger than asked, see _new) */
  guint     dims[3];
  guint32  *cell_start;   /* points of cell c: cell_start[c] … cell_start[c + 1] − 1 */
} IscSpatialIndex;

/* Indexes ions @ids[0 … n − 1] of @cloud (@ids NULL: all ions, n = cloud->n_ions) in cells of
 * @cell_nm, enlarged when the grid would exceed ISC_SPATIAL_INDEX_MAX_CELLS. A cell's points
 * keep the order of @ids. At most G_MAXUINT32 points. @cloud must outlive the index. Returns
 * NULL with @error on a bad cell size, too many points, or when the index does not fit in
 * memory. */
IscSpatialIndex *isc_spatial_index_new       (const IscIonCloud *cloud,
                                              const guint32     *ids,
                                              gsize              n,
                                              double             cell_nm,
                                              GError           **error);
/* isc_spatial_index_new () that sorts @ids (ascending, g_malloc'd) in place and keeps them as
 * its id array, so the caller's list is not held twice. @ids is freed on failure either way. */
IscSpatialIndex *isc_spatial_index_new_take  (const IscIonCloud *cloud,
                                              guint32           *ids,
                                              gsize              n,
                                              double             cell_nm,
                                              GError           **error);
void             isc_spatial_index_free      (IscSpatialIndex   *index);

/* The coordinates (nm) of stored point @i, the only way readers see them. */
static inline void
isc_spatial_index_point (const IscSpatialIndex *index,
                         gsize                  i,
                         double                 p[3])
{
  if (G_LIKELY (index->x != NULL))
    {
      p[0] = index->x[i];
      p[1] = index->y[i];
      p[2] = index->z[i];
    }
  else
    {
      guint32 j = index->id[i];

      p[0] = index->cloud_x[j];
      p[1] = index->cloud_y[j];
      p[2] = index->cloud_z[j];
    }
}

static inline gsize
isc_spatial_index_cell_of (const IscSpatialIndex *index,
                           guint                  cx,
                           guint                  cy,
                           guint                  cz)
{
  return ((gsize) cz * index->dims[1] + cy) * index->dims[0] + cx;
}

/* The cells (inclusive bounds, clipped to the grid) that may hold points within @r of @p.
 * FALSE when the sphere misses the grid. */
gboolean         isc_spatial_index_cell_range (const IscSpatialIndex *index,
                                               const double           p[3],
                                               double                 r,
                                               guint                  lo[3],
                                               guint                  hi[3]);

/* The @k nearest stored points to @p (k ≤ 64), skipping the point whose id is @exclude_id
 * (G_MAXUINT32: none), closer than @max_dist (INFINITY: no limit). Fills @dist (nm, ascending)
 * and @ids (may be NULL) and returns how many were found (< k only when too few points lie
 * within @max_dist). */
guint            isc_spatial_index_knn       (const IscSpatialIndex *index,
                                              const double           p[3],
                                              guint                  k,
                                              guint32                exclude_id,
                                              double                 max_dist,
                                              double                *dist,
                                              guint32               *ids);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscSpatialIndex, isc_spatial_index_free)

G_END_DECLS
