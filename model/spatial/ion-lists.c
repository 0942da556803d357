/* ion-lists.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "ion-lists.h"
#include "ion-pass.h"
#include "isc-memory.h"
#include "spatial-common.h"

/* Cells of about half the radius over the points' box grown by the radius, one bit each, set
 * where a cell lies within the radius of a point's cell: an ion within the radius of a point
 * lies in a set cell, and the set cells hold little more than the spheres about the points. */
typedef struct
{
  double   origin[3];
  double   inv_cell;
  guint64  dims[3];
  guint64 *bits;
} NearGrid;

/* At most this many cells (64 MiB of bits); a larger box takes wider cells. */
#define NEAR_GRID_MAX_CELLS (G_GUINT64_CONSTANT (1) << 29)

struct _IscIonLists
{
  const IscIonCloud     *cloud;
  guint                  n_workers;
  IscIonFlagFunc         flag;
  gpointer               flag_data;
  guint8               **flags;       /* per worker, a chunk */
  guint8               **scratch;     /* per worker, a chunk */
  gsize                  n_chunks;
  gsize                 *counts;      /* per chunk × 8 bits, from isc_ion_lists_count () */
  gboolean               counted;
  guint64               *types;       /* per worker × 256 */
  /* the pass under way */
  guint8                 bit;
  const NearGrid        *near;        /* only ions in its marked cells, when set */
  gsize                 *recount;     /* per chunk: ions with bit near near */
  gsize                 *offset;      /* per chunk */
  gsize                  max;         /* an even subsample of at most max (0: all) */
  double                 stride;
  guint32               *ids;
};

IscIonLists *
isc_ion_lists_new (const IscIonCloud *cloud,
                   guint              n_workers,
                   IscIonFlagFunc     flag,
                   gpointer           user_data)
{
  IscIonLists *l = g_new0 (IscIonLists, 1);

  l->cloud = cloud;
  l->n_workers = MAX (n_workers, 1);
  l->flag = flag;
  l->flag_data = user_data;
  l->flags = g_new0 (guint8 *, l->n_workers);
  l->scratch = g_new0 (guint8 *, l->n_workers);
  for (guint w = 0; w < l->n_workers; w++)
    {
      l->flags[w] = g_new (guint8, ISC_ION_PASS_CHUNK);
      l->scratch[w] = g_new (guint8, ISC_ION_PASS_CHUNK);
    }
  l->n_chunks = (cloud->n_ions + ISC_ION_PASS_CHUNK - 1) / ISC_ION_PASS_CHUNK;
  l->counts = g_new0 (gsize, MAX (l->n_chunks, 1) * 8);
  l->recount = g_new0 (gsize, MAX (l->n_chunks, 1));
  l->offset = g_new0 (gsize, MAX (l->n_chunks, 1));
  l->types = g_new0 (guint64, (gsize) l->n_workers * 256);
  return l;
}

void
isc_ion_lists_free (IscIonLists *l)
{
  if (l == NULL)
    return;
  for (guint w = 0; w < l->n_workers; w++)
    {
      g_free (l->flags[w]);
      g_free (l->scratch[w]);
    }
  g_free (l->flags);
  g_free (l->scratch);
  g_free (l->counts);
  g_free (l->recount);
  g_free (l->offset);
  g_free (l->types);
  g_free (l);
}

void
isc_ion_flags_by_type (const IscIonCloud *cloud,
                       const IscRoi      *roi,
                       const guint8       type_flags[256],
                       gsize              first,
                       gsize              n,
                       guint8            *flags,
                       guint8            *scratch)
{
  const guint8 *type = cloud->ion_type + first;

  if (roi == NULL || roi->kind == ISC_ROI_ALL)
    {
      for (gsize j = 0; j < n; j++)
        flags[j] = type_flags[type[j]];
      return;
    }
  isc_roi_select_range (roi, cloud, first, n, scratch);
  for (gsize j = 0; j < n; j++)
    flags[j] = scratch[j] ? type_flags[type[j]] : 0;
}

static guint8 *
flags_of (IscIonLists *l, gsize first, gsize n, guint worker)
{
  l->flag (first, n, l->flags[worker], l->scratch[worker], l->flag_data);
  return l->flags[worker];
}

/* ---- counting ---- */

static void
count_chunk (gsize first, gsize n, guint worker, gpointer data)
{
  IscIonLists *l = data;
  const guint8 *flags = flags_of (l, first, n, worker);
  gsize *counts = l->counts + first / ISC_ION_PASS_CHUNK * 8;
  guint64 *types = l->types + (gsize) worker * 256;

  memset (counts, 0, 8 * sizeof (gsize));
  for (gsize j = 0; j < n; j++)
    if (flags[j])
      {
        for (int b = 0; b < 8; b++)
          counts[b] += (flags[j] >> b) & 1;
        types[l->cloud->ion_type[first + j]]++;
      }
}

gboolean
isc_ion_lists_count (IscIonLists   *l,
                     guint64        counts[8],
                     guint64       *types,
                     GCancellable  *cancellable,
                     GError       **error)
{
  memset (l->types, 0, (gsize) l->n_workers * 256 * sizeof (guint64));
  l->counted = FALSE;
  if (!isc_ion_pass_run_full (l->cloud, l->cloud->n_ions, 0, l->n_workers, count_chunk, l, cancellable, NULL,
                              NULL, 0, 1, error))
    return FALSE;
  l->counted = TRUE;
  for (int b = 0; b < 8; b++)
    {
      counts[b] = 0;
      for (gsize c = 0; c < l->n_chunks; c++)
        counts[b] += l->counts[c * 8 + b];
    }
  if (types != NULL)
    for (guint t = 0; t < 256; t++)
      {
        types[t] = 0;
        for (guint w = 0; w < l->n_workers; w++)
          types[t] += l->types[(gsize) w * 256 + t];
      }
  return TRUE;
}

/* ---- near the points of an index ---- */

static void
near_grid_free (NearGrid *g)
{
  g_free (g->bits);
  g_free (g);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NearGrid, near_grid_free)

static inline gboolean
near_grid_cell (const NearGrid *g,
                const double    p[3],
                gint64          c[3])
{
  for (int a = 0; a < 3; a++)
    {
      double v = (p[a] - g->origin[a]) * g->inv_cell;

      if (!(v >= 0 && v < g->dims[a]))
        return FALSE;
      c[a] = (gint64) v;
    }
  return TRUE;
}

static NearGrid *
near_grid_new (const IscIonCloud     *cloud,
               const IscSpatialIndex *ix,
               double                 radius,
               GError               **error)
{
  g_autoptr(NearGrid) g = g_new0 (NearGrid, 1);
  g_autoptr(GArray) stencil = g_array_new (FALSE, FALSE, 3 * sizeof (int));
  double lo[3] = { INFINITY, INFINITY, INFINITY }, hi[3] = { -INFINITY, -INFINITY, -INFINITY };
  double cell = radius / 2, limit;
  guint64 n_cells;
  int reach;

  /* a serial read of the points, which may be mapped: check the file first */
  if (!isc_ion_cloud_check_mapping (cloud, error))
    return NULL;
  for (gsize i = 0; i < ix->n_points; i++)
    {
      double p[3];

      isc_spatial_index_point (ix, i, p);
      for (int a = 0; a < 3; a++)
        if (isfinite (p[a]))
          {
            lo[a] = MIN (lo[a], p[a]);
            hi[a] = MAX (hi[a], p[a]);
          }
    }
  for (int a = 0; a < 3; a++)
    if (!(lo[a] <= hi[a] && isfinite (lo[a]) && isfinite (hi[a])))
      lo[a] = hi[a] = 0;   /* no point (or none finite): one empty cell will do */
  for (;;)
    {
      n_cells = 1;
      for (int a = 0; a < 3; a++)
        {
          /* the box grown by the radius and a cell, so every ion within reach lies inside */
          g->origin[a] = lo[a] - radius - cell;
          g->dims[a] = (guint64) ((hi[a] - lo[a] + 2 * (radius + cell)) / cell) + 1;
          n_cells *= g->dims[a];
        }
      if (n_cells <= NEAR_GRID_MAX_CELLS || !(n_cells < G_MAXUINT64 / 2))
        break;
      cell *= 1.25;
    }
  g->inv_cell = 1 / cell;
  g->bits = isc_memory_try_new ((n_cells + 63) / 64, sizeof (guint64), TRUE, "ion list", error);
  if (g->bits == NULL)
    return NULL;
  /* The offsets of the cells whose gap to the centre cell is within the radius (a point on a
   * cell boundary may be filed on either side: a margin). */
  limit = radius * 1.001 / cell;
  reach = (int) ceil (limit) + 1;
  for (int dz = -reach; dz <= reach; dz++)
    for (int dy = -reach; dy <= reach; dy++)
      for (int dx = -reach; dx <= reach; dx++)
        {
          double gx = MAX (ABS (dx) - 1, 0), gy = MAX (ABS (dy) - 1, 0), gz = MAX (ABS (dz) - 1, 0);
          int d[3] = { dx, dy, dz };

          if (gx * gx + gy * gy + gz * gz <= limit * limit)
            g_array_append_val (stencil, d);
        }
  for (gsize i = 0; i < ix->n_points; i++)
    {
      double p[3];
      gint64 c[3];

      isc_spatial_index_point (ix, i, p);
      if (!near_grid_cell (g, p, c))
        continue;
      for (guint k = 0; k < stencil->len; k++)
        {
          const int *d = &g_array_index (stencil, int, 3 * k);
          gint64 x = c[0] + d[0], y = c[1] + d[1], z = c[2] + d[2];
          guint64 bit;

          if (x < 0 || y < 0 || z < 0 || x >= (gint64) g->dims[0] || y >= (gint64) g->dims[1] || z >= (gint64) g->dims[2])
            continue;
          bit = ((guint64) z * g->dims[1] + (guint64) y) * g->dims[0] + (guint64) x;
          g->bits[bit >> 6] |= G_GUINT64_CONSTANT (1) << (bit & 63);
        }
    }
  return g_steal_pointer (&g);
}

/* Whether ion @i lies in a marked cell of l->near. */
static inline gboolean
is_near (const IscIonLists *l, gsize i)
{
  const NearGrid *g = l->near;
  const double p[3] = { l->cloud->x[i], l->cloud->y[i], l->cloud->z[i] };
  gint64 c[3];
  guint64 bit;

  if (!near_grid_cell (g, p, c))
    return FALSE;
  bit = ((guint64) c[2] * g->dims[1] + (guint64) c[1]) * g->dims[0] + (guint64) c[0];
  return (g->bits[bit >> 6] >> (bit & 63)) & 1;
}

static void
count_near_chunk (gsize first, gsize n, guint worker, gpointer data)
{
  IscIonLists *l = data;
  const guint8 *flags = flags_of (l, first, n, worker);
  gsize c = 0;

  for (gsize j = 0; j < n; j++)
    c += (flags[j] & l->bit) && (l->near == NULL || is_near (l, first + j));
  l->recount[first / ISC_ION_PASS_CHUNK] = c;
}

/* ---- filling ---- */

/* Whether listed rank @r is one of the subsample's, floor (m · stride); its m in @m. */
static inline gboolean
in_subsample (const IscIonLists *l, gsize r, gsize *m)
{
  gsize guess = (gsize) (r / l->stride);

  /* the division may round either way: look on both sides */
  for (gsize k = guess > 0 ? guess - 1 : 0; k <= guess + 1 && k < l->max; k++)
    if ((gsize) (k * l->stride) == r)
      {
        *m = k;
        return TRUE;
      }
  return FALSE;
}

static void
fill_chunk (gsize first, gsize n, guint worker, gpointer data)
{
  IscIonLists *l = data;
  const guint8 *flags = flags_of (l, first, n, worker);
  gsize at = l->offset[first / ISC_ION_PASS_CHUNK], m;

  for (gsize j = 0; j < n; j++)
    {
      if (!(flags[j] & l->bit) || (l->near != NULL && !is_near (l, first + j)))
        continue;
      if (l->max == 0)
        l->ids[at] = (guint32) (first + j);
      else if (in_subsample (l, at, &m))
        l->ids[m] = (guint32) (first + j);
      at++;
    }
}

/* The list's ions (near l->near when set, see isc_ion_lists_collect_near ()), @max of them
 * evenly when more. */
guint32 *
isc_ion_lists_collect (IscIonLists   *l,
                       guint8         bit,
                       gsize          max,
                       gsize         *count,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree guint32 *ids = NULL;
  gsize total = 0, b = g_bit_nth_lsf (bit, -1);
  /* the counting pass counted the lists of the data, not those near an index */
  gboolean recount = l->near != NULL || !l->counted;

  g_return_val_if_fail (bit != 0 && (bit & (bit - 1)) == 0, NULL);

  l->bit = bit;
  if (recount && !isc_ion_pass_run_full (l->cloud, l->cloud->n_ions, 0, l->n_workers, count_near_chunk, l,
                                         cancellable, NULL, NULL, 0, 1, error))
    return NULL;
  for (gsize c = 0; c < l->n_chunks; c++)
    {
      l->offset[c] = total;
      total += recount ? l->recount[c] : l->counts[c * 8 + b];
    }
  l->max = max > 0 && total > max ? max : 0;
  l->stride = l->max > 0 ? (double) total / l->max : 1;
  ids = isc_memory_try_new (l->max > 0 ? l->max : total, sizeof (guint32), FALSE, "ion list", error);
  if (ids == NULL)
    return NULL;
  l->ids = ids;
  if (!isc_ion_pass_run_full (l->cloud, l->cloud->n_ions, 0, l->n_workers, fill_chunk, l, cancellable, NULL,
                              NULL, 0, 1, error))
    return NULL;
  l->ids = NULL;
  *count = l->max > 0 ? l->max : total;
  return g_steal_pointer (&ids);
}

guint32 *
isc_ion_lists_collect_near (IscIonLists            *l,
                            guint8                  bit,
                            const IscSpatialIndex  *near,
                            double                  radius,
                            gsize                  *count,
                            GCancellable           *cancellable,
                            GError                **error)
{
  g_autoptr(NearGrid) grid = near_grid_new (l->cloud, near, radius, error);
  guint32 *ids;

  if (grid == NULL)
    return NULL;
  l->near = grid;
  ids = isc_ion_lists_collect (l, bit, 0, count, cancellable, error);
  l->near = NULL;
  return ids;
}

/* ---- the nearest of a few queries ---- */

typedef struct
{
  const IscSpatialIndex *index;    /* the listed ions near the queries */
  const IscSpatialIndex *order;    /* the queries, sorted by cell */
  guint                  k;
  double                 radius;   /* INFINITY: every listed ion is indexed */
  guint8                *again;    /* per query: fewer than k within the radius */
  IscIonNearFunc         func;
  gpointer               data;
} NearJob;

static void
near_chunk (gsize first, gsize n, guint worker, gpointer data)
{
  NearJob *job = data;
  double dist[64];
  guint32 ids[64];

  for (gsize q = first; q < first + n; q++)
    {
      guint32 id = job->order->id[q];
      double p[3];
      guint got;

      isc_spatial_index_point (job->order, q, p);
      got = isc_spatial_index_knn (job->index, p, job->k, id, job->radius, dist, ids);
      job->again[q] = got < job->k && isfinite (job->radius);
      if (!job->again[q])
        job->func (id, got, dist, ids, worker, job->data);
    }
}

gboolean
isc_ion_lists_nearest (IscIonLists       *l,
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
                       GError           **error)
{
  g_autofree guint32 *ask = queries;
  gsize n_ask = n_queries, answered = 0;
  double step = (progress_to - progress_from) / MAX (n_queries, 1);
  double lo[3], hi[3], span = 0, radius = cell;

  g_return_val_if_fail (k >= 1 && k <= 64, FALSE);

  isc_roi_bounds (roi, l->cloud, lo, hi);
  for (int a = 0; a < 3; a++)
    span += (hi[a] - lo[a]) * (hi[a] - lo[a]);
  span = sqrt (span);
  while (n_ask > 0)
    {
      /* Past the region's span every listed ion lies within the radius of every query. */
      gboolean whole = radius >= span;
      g_autoptr(IscSpatialIndex) order = NULL;
      g_autoptr(IscSpatialIndex) index = NULL;
      g_autofree guint8 *again = NULL;
      guint32 *near;
      gsize n_near, n_again = 0;
      NearJob job;

      /* the queries sorted by cell, so that neighbouring queries read the same cells */
      order = isc_spatial_index_new_take (l->cloud, g_steal_pointer (&ask), n_ask, cell, error);
      if (order == NULL)
        return FALSE;
      near = whole ? isc_ion_lists_collect (l, bit, 0, &n_near, cancellable, error)
                   : isc_ion_lists_collect_near (l, bit, order, radius, &n_near, cancellable, error);
      if (near == NULL)
        return FALSE;
      index = isc_spatial_index_new_take (l->cloud, near, n_near, cell, error);
      if (index == NULL)
        return FALSE;
      again = g_new (guint8, MAX (n_ask, 1));
      job = (NearJob) { index, order, k, whole ? INFINITY : radius, again, func, user_data };
      if (!isc_ion_pass_run_full (l->cloud, n_ask, 4096, l->n_workers, near_chunk, &job, cancellable, progress,
                                  progress_data, progress_from + answered * step,
                                  progress_from + (answered + n_ask) * step, error))
        return FALSE;
      g_clear_pointer (&index, isc_spatial_index_free);
      ask = g_new (guint32, MAX (n_ask, 1));
      for (gsize q = 0; q < n_ask; q++)
        if (again[q])
          ask[n_again++] = order->id[q];
      answered += n_ask - n_again;
      n_ask = n_again;
      radius *= 4;
    }
  return TRUE;
}
