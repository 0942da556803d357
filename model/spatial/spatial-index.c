/* spatial-index.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>

#include "ion-pass.h"
#include "isc-memory.h"
#include "spatial-index.h"

void
isc_spatial_index_free (IscSpatialIndex *index)
{
  if (index == NULL)
    return;
  g_free (index->x);
  g_free (index->y);
  g_free (index->z);
  g_free (index->id);
  g_free (index->cell_start);
  g_free (index);
}

static inline guint
cell_coord (const IscSpatialIndex *index,
            int                    axis,
            double                 v)
{
  double c = floor ((v - index->origin[axis]) / index->cell);

  if (!(c >= 0))
    return 0;
  if (c >= index->dims[axis])
    return index->dims[axis] - 1;
  return (guint) c;
}

static inline gsize
cell_of_point (const IscSpatialIndex *index,
               const IscIonCloud     *cloud,
               gsize                  j)
{
  return isc_spatial_index_cell_of (index, cell_coord (index, 0, cloud->x[j]), cell_coord (index, 1, cloud->y[j]),
                                    cell_coord (index, 2, cloud->z[j]));
}

static int
compare_id (const void *a,
            const void *b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

/* Sorts @ids (owned by the index) by cell in place: each point is carried round its cycle of
 * the permutation into the top free slot of its cell, then each cell is put back in ascending
 * order, the order isc_spatial_index_new () keeps. */
static gboolean
sort_in_place (IscSpatialIndex   *index,
               const IscIonCloud *cloud,
               gsize              n_cells,
               GError           **error)
{
  guint32 *ids = index->id, *head = index->cell_start;
  g_autofree guint64 *placed = isc_memory_try_new ((index->n_points + 63) / 64, sizeof (guint64), TRUE,
                                                   "spatial index", error);

  if (placed == NULL)
    return FALSE;
  for (gsize i = index->n_points; i-- > 0;)
    {
      guint32 e;

      if (placed[i / 64] & (G_GUINT64_CONSTANT (1) << (i % 64)))
        continue;
      e = ids[i];
      for (;;)
        {
          guint32 at = --head[cell_of_point (index, cloud, e)];
          guint32 next = ids[at];

          ids[at] = e;
          placed[at / 64] |= G_GUINT64_CONSTANT (1) << (at % 64);
          if (at == i)
            break;
          e = next;
        }
    }
  for (gsize c = 0; c < n_cells; c++)
    {
      guint32 *p = ids + head[c];
      gsize m = head[c + 1] - head[c];

      if (m > 16)
        qsort (p, m, sizeof (guint32), compare_id);
      else
        for (gsize k = 1; k < m; k++)
          {
            guint32 v = p[k];
            gsize at = k;

            for (; at > 0 && p[at - 1] > v; at--)
              p[at] = p[at - 1];
            p[at] = v;
          }
    }
  return TRUE;
}

/* Either @ids (read only, or NULL for all ions) or @owned (sorted in place and kept). */
static IscSpatialIndex *
index_build (const IscIonCloud *cloud,
             const guint32     *ids,
             guint32           *owned,
             gsize              n,
             double             cell_nm,
             GError           **error)
{
  g_autoptr(IscSpatialIndex) index = NULL;
  g_autofree guint32 *cell_of = NULL;
  g_autofree guint32 *source = NULL;
  const guint32 *list = owned != NULL ? owned : ids;
  double lo[3] = { INFINITY, INFINITY, INFINITY }, hi[3] = { -INFINITY, -INFINITY, -INFINITY };
  gsize n_cells;

  if (!(isfinite (cell_nm) && cell_nm > 0))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "spatial index: the cell size must be a positive number of nm, not %g", cell_nm);
      g_free (owned);
      return NULL;
    }
  if (n > G_MAXUINT32)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_UNSUPPORTED,
                   "spatial index: at most %u points, not %" G_GSIZE_FORMAT, G_MAXUINT32, n);
      g_free (owned);
      return NULL;
    }

  index = g_new0 (IscSpatialIndex, 1);
  index->n_points = n;
  index->id = owned;
  index->cloud_x = cloud->x;
  index->cloud_y = cloud->y;
  index->cloud_z = cloud->z;
  /* reads the positions straight through: a cache cut short under it is an error, not SIGBUS */
  if (!isc_ion_cloud_check_mapping (cloud, error))
    return NULL;

  for (gsize i = 0; i < n; i++)
    {
      gsize j = list ? list[i] : i;

      lo[0] = MIN (lo[0], cloud->x[j]);
      hi[0] = MAX (hi[0], cloud->x[j]);
      lo[1] = MIN (lo[1], cloud->y[j]);
      hi[1] = MAX (hi[1], cloud->y[j]);
      lo[2] = MIN (lo[2], cloud->z[j]);
      hi[2] = MAX (hi[2], cloud->z[j]);
    }
  if (n == 0)
    lo[0] = lo[1] = lo[2] = hi[0] = hi[1] = hi[2] = 0;

  index->cell = cell_nm;
  for (;;)
    {
      n_cells = 1;
      for (int a = 0; a < 3; a++)
        {
          double span = hi[a] - lo[a];

          index->origin[a] = lo[a];
          index->dims[a] = (guint) MIN (floor (span / index->cell) + 1, (double) G_MAXUINT / 4);
          n_cells *= index->dims[a];
          if (n_cells > ISC_SPATIAL_INDEX_MAX_CELLS)
            break;
        }
      if (n_cells <= ISC_SPATIAL_INDEX_MAX_CELLS)
        break;
      index->cell *= 1.5;
    }

  index->cell_start = isc_memory_try_new (n_cells + 1, sizeof (guint32), TRUE, "spatial index", error);
  if (index->cell_start == NULL)
    return NULL;
  if (owned == NULL)
    {
      index->id = isc_memory_try_new (n, sizeof (guint32), FALSE, "spatial index", error);
      if (index->id == NULL)
        return NULL;
    }
  /* The coordinates are copied (reading them in cell order is faster than through the ids)
   * while they fit in a band and in memory; larger sets are read from the cloud. */
  if ((guint64) n * 3 * sizeof (float) <= isc_ion_pass_band_bytes ())
    {
      index->x = isc_memory_try_new (n, sizeof (float), FALSE, "spatial index", NULL);
      index->y = index->x ? isc_memory_try_new (n, sizeof (float), FALSE, "spatial index", NULL) : NULL;
      index->z = index->y ? isc_memory_try_new (n, sizeof (float), FALSE, "spatial index", NULL) : NULL;
      if (index->z == NULL)
        {
          g_clear_pointer (&index->x, g_free);
          g_clear_pointer (&index->y, g_free);
        }
      /* With room, a taken list is copied in order like any other (sorting it in place jumps
       * about memory, several times slower), and each point's cell computed once. */
      else
        {
          if (owned != NULL)
            {
              guint32 *fresh = isc_memory_try_new (n, sizeof (guint32), FALSE, "spatial index", NULL);

              if (fresh != NULL)
                {
                  source = owned;
                  index->id = fresh;
                  ids = owned;
                  owned = NULL;
                }
            }
          if (owned == NULL)
            cell_of = isc_memory_try_new (n, sizeof (guint32), FALSE, "spatial index", NULL);
        }
    }

  /* Counting sort by cell: counts, running ends, then each cell filled from its end. */
  for (gsize i = 0; i < n; i++)
    {
      gsize c = cell_of_point (index, cloud, list ? list[i] : i);

      if (cell_of != NULL)
        cell_of[i] = (guint32) c;
      index->cell_start[c]++;
    }
  for (gsize c = 1; c < n_cells; c++)
    index->cell_start[c] += index->cell_start[c - 1];
  index->cell_start[n_cells] = (guint32) n;
  if (owned != NULL)
    {
      if (!sort_in_place (index, cloud, n_cells, error))
        return NULL;
      if (index->x != NULL)
        for (gsize at = 0; at < n; at++)
          {
            guint32 j = index->id[at];

            index->x[at] = cloud->x[j];
            index->y[at] = cloud->y[j];
            index->z[at] = cloud->z[j];
          }
      return g_steal_pointer (&index);
    }
  /* Backwards, so each cell keeps the order of @ids. */
  for (gsize i = n; i-- > 0;)
    {
      gsize j = ids ? ids[i] : i;
      gsize c = cell_of != NULL ? cell_of[i] : cell_of_point (index, cloud, j);
      guint32 at = --index->cell_start[c];

      index->id[at] = (guint32) j;
      if (index->x != NULL)
        {
          index->x[at] = cloud->x[j];
          index->y[at] = cloud->y[j];
          index->z[at] = cloud->z[j];
        }
    }
  return g_steal_pointer (&index);
}

IscSpatialIndex *
isc_spatial_index_new (const IscIonCloud *cloud,
                       const guint32     *ids,
                       gsize              n,
                       double             cell_nm,
                       GError           **error)
{
  g_return_val_if_fail (cloud != NULL, NULL);

  return index_build (cloud, ids, NULL, ids != NULL ? n : cloud->n_ions, cell_nm, error);
}

IscSpatialIndex *
isc_spatial_index_new_take (const IscIonCloud *cloud,
                            guint32           *ids,
                            gsize              n,
                            double             cell_nm,
                            GError           **error)
{
  g_return_val_if_fail (cloud != NULL && ids != NULL, NULL);

  return index_build (cloud, NULL, ids, n, cell_nm, error);
}

gboolean
isc_spatial_index_cell_range (const IscSpatialIndex *index,
                              const double           p[3],
                              double                 r,
                              guint                  lo[3],
                              guint                  hi[3])
{
  for (int a = 0; a < 3; a++)
    {
      double l = floor ((p[a] - r - index->origin[a]) / index->cell);
      double h = floor ((p[a] + r - index->origin[a]) / index->cell);

      if (h < 0 || l >= index->dims[a] || !(l <= h))
        return FALSE;
      lo[a] = l < 0 ? 0 : (guint) l;
      hi[a] = h >= index->dims[a] ? index->dims[a] - 1 : (guint) h;
    }
  return TRUE;
}

/* Inserts (d, id) into the ascending list of at most k. */
static inline void
keep_best (double  *dist,
           guint32 *ids,
           guint   *n_found,
           guint    k,
           double   d,
           guint32  id)
{
  guint at;

  if (*n_found == k && d >= dist[k - 1])
    return;
  at = *n_found < k ? (*n_found)++ : k - 1;
  while (at > 0 && dist[at - 1] > d)
    {
      dist[at] = dist[at - 1];
      ids[at] = ids[at - 1];
      at--;
    }
  dist[at] = d;
  ids[at] = id;
}

guint
isc_spatial_index_knn (const IscSpatialIndex *index,
                       const double           p[3],
                       guint                  k,
                       guint32                exclude_id,
                       double                 max_dist,
                       double                *dist,
                       guint32               *ids)
{
  guint32 own_ids[64];
  double d2[64];
  guint n_found = 0, c0[3], max_ring = 0;
  double max2 = max_dist * max_dist;

  g_return_val_if_fail (k >= 1 && k <= 64, 0);

  if (ids == NULL)
    ids = own_ids;
  if (index->n_points == 0)
    return 0;
  for (int a = 0; a < 3; a++)
    {
      c0[a] = cell_coord (index, a, p[a]);
      max_ring = MAX (max_ring, MAX (c0[a], index->dims[a] - 1 - c0[a]));
    }

  for (guint ring = 0; ring <= max_ring; ring++)
    {
      int lo[3], hi[3];

      /* Every cell of this ring and beyond lies at least (ring − 1) cells away. */
      if (ring >= 1 && (double) (ring - 1) * index->cell >= max_dist)
        break;
      for (int a = 0; a < 3; a++)
        {
          lo[a] = MAX ((int) c0[a] - (int) ring, 0);
          hi[a] = MIN ((int) c0[a] + (int) ring, (int) index->dims[a] - 1);
        }
      for (int cz = lo[2]; cz <= hi[2]; cz++)
        for (int cy = lo[1]; cy <= hi[1]; cy++)
          {
            /* Rows on the ring's faces are scanned whole (their cells' points are contiguous);
             * rows through its inside only at their two ends. */
            gboolean face = ABS (cz - (int) c0[2]) == (int) ring || ABS (cy - (int) c0[1]) == (int) ring;
            int runs[2][2];
            int n_runs = 0;

            if (face)
              {
                runs[0][0] = lo[0];
                runs[0][1] = hi[0];
                n_runs = 1;
              }
            else
              {
                if ((int) c0[0] - (int) ring >= 0)
                  {
                    runs[n_runs][0] = runs[n_runs][1] = (int) c0[0] - (int) ring;
                    n_runs++;
                  }
                if ((int) c0[0] + (int) ring < (int) index->dims[0])
                  {
                    runs[n_runs][0] = runs[n_runs][1] = (int) c0[0] + (int) ring;
                    n_runs++;
                  }
              }
            for (int r = 0; r < n_runs; r++)
              {
                gsize first = isc_spatial_index_cell_of (index, runs[r][0], cy, cz);
                gsize last = isc_spatial_index_cell_of (index, runs[r][1], cy, cz);

                for (guint32 i = index->cell_start[first]; i < index->cell_start[last + 1]; i++)
                  {
                    double v[3], dx, dy, dz, q;

                    isc_spatial_index_point (index, i, v);
                    dx = v[0] - p[0];
                    dy = v[1] - p[1];
                    dz = v[2] - p[2];
                    q = dx * dx + dy * dy + dz * dz;

                    if (q > max2 || (n_found == k && q >= d2[k - 1]) || index->id[i] == exclude_id)
                      continue;
                    keep_best (d2, ids, &n_found, k, q, index->id[i]);
                  }
              }
          }
      if (n_found == k && d2[k - 1] <= ((double) ring * index->cell) * ((double) ring * index->cell))
        break;
    }
  for (guint i = 0; i < n_found; i++)
    dist[i] = sqrt (d2[i]);
  return n_found;
}
