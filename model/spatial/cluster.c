/* cluster.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "isc-memory.h"
#include "ion-lists.h"
#include "ion-pass.h"
#include "spatial-common.h"
#include "spatial-index.h"

/* How the classification sees an ion type: ranged with atoms (so counted when in the region),
 * and holding a solute element. */
enum { IS_RANGED = 1, IS_SOLUTE = 2 };

#define WHAT "cluster analysis"

/* Cluster members while computing: ion indices ascending, each with its cluster. */
typedef struct
{
  gsize    n;
  guint32 *ions;
  guint32 *cluster;
} Members;

/* An ion and a number that goes with it (a union-find root, or a cluster), for sorting and
 * for the per-chunk finds of the envelope. */
typedef struct
{
  guint32 ion;
  guint32 value;
} Pair;

/* What every pass over the ions shares. */
typedef struct
{
  const IscIonCloud  *cloud;
  const IscRoi       *roi;           /* NULL: every ion */
  guint8              flags[256];    /* per ion type: IS_RANGED | IS_SOLUTE */
  guint               n_workers;
  guint8            **mask;          /* per worker: the flags of a chunk's ions, 0 outside the region */
  gsize               n_chunks;
  GCancellable       *cancellable;
  IscProgressFunc     progress;
  gpointer            progress_data;
} Run;

void
isc_cluster_settings_init (IscClusterSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->solutes = NULL;
  settings->d_max = 0.5;
  settings->n_min = 10;
  settings->envelope = 0;
  settings->erosion = 0;
  settings->n_workers = 0;
}

void
isc_cluster_result_free (IscClusterResult *r)
{
  if (r == NULL)
    return;
  for (guint c = 0; c < r->n_clusters; c++)
    g_free (r->clusters[c].counts);
  g_free (r->clusters);
  g_free (r->sizes);
  g_free (r->matrix_counts);
  g_free (r->member_ions);
  g_free (r->member_cluster);
  g_strfreev (r->elements);
  g_strfreev (r->solutes);
  g_free (r);
}

/* The first k with ions[k] ≥ @ion (@n when none). */
static gsize
lower_bound (const guint32 *ions,
             gsize          n,
             gsize          ion)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (ions[mid] < ion)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gint32
isc_cluster_result_label (const IscClusterResult *r,
                          gsize                   ion)
{
  gsize k;

  g_return_val_if_fail (r != NULL, -1);

  k = lower_bound (r->member_ions, r->n_members, ion);
  return k < r->n_members && r->member_ions[k] == ion ? (gint32) r->member_cluster[k] : -1;
}

double
isc_cluster_fraction (const IscClusterResult *result,
                      const IscCluster       *cluster,
                      guint                   e)
{
  g_return_val_if_fail (e < result->n_elements, NAN);

  return cluster->atoms > 0 ? (double) cluster->counts[e] / cluster->atoms : NAN;
}

static void
members_clear (Members *m)
{
  g_clear_pointer (&m->ions, g_free);
  g_clear_pointer (&m->cluster, g_free);
  m->n = 0;
}

static gboolean
members_alloc (Members  *m,
               gsize     n,
               GError  **error)
{
  m->n = n;
  m->ions = isc_memory_try_new (n, sizeof (guint32), FALSE, WHAT, error);
  m->cluster = m->ions != NULL ? isc_memory_try_new (n, sizeof (guint32), FALSE, WHAT, error) : NULL;
  if (m->cluster == NULL)
    {
      members_clear (m);
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_pass (const Run      *run,
          gsize           n_items,
          gsize           chunk,
          IscIonPassFunc  func,
          gpointer        data,
          double          progress_from,
          double          progress_to,
          GError        **error)
{
  return isc_ion_pass_run_full (run->cloud, n_items, chunk, run->n_workers, func, data, run->cancellable,
                                run->progress, run->progress_data, progress_from, progress_to, error);
}

/* The flags of ions @first … @first + @n − 1 into @flags, 0 for those outside the region
 * (@scratch: a chunk's bytes for the region's mask). */
static void
fill_region_flags (gsize first, gsize n, guint8 *flags, guint8 *scratch, gpointer data)
{
  const Run *run = data;

  isc_ion_flags_by_type (run->cloud, run->roi, run->flags, first, n, flags, scratch);
}

/* fill_region_flags () into the worker's own chunk of flags. */
static const guint8 *
region_flags (const Run *run,
              gsize      first,
              gsize      n,
              guint      worker)
{
  guint8 *mask = run->mask[worker];

  fill_region_flags (first, n, mask, mask, (gpointer) run);
  return mask;
}

/* Walks a sorted member list beside the ions of a chunk: whether ion @i (ascending from one
 * call to the next) is a member, with *@k the list's position to go on from. */
static inline gboolean
members_hold (const Members *m,
              gsize         *k,
              gsize          i)
{
  while (*k < m->n && m->ions[*k] < i)
    (*k)++;
  return *k < m->n && m->ions[*k] == i;
}

/* ---- 1. the region's solute ions, in file order ---- */

/* The solute ions of the region, ascending, gathered as an ion list (two passes, nothing held
 * per ion); the region's ranged ions per type in @region_types. */
static guint32 *
gather_solutes (Run      *run,
                guint64   region_types[256],
                gsize    *n_solutes,
                GError  **error)
{
  g_autoptr(IscIonLists) lists = isc_ion_lists_new (run->cloud, run->n_workers, fill_region_flags, run);
  guint64 counts[8];

  if (!isc_ion_lists_count (lists, counts, region_types, run->cancellable, error))
    return NULL;
  if (run->progress != NULL)
    run->progress (0.05, run->progress_data);
  return isc_ion_lists_collect (lists, IS_SOLUTE, 0, n_solutes, run->cancellable, error);
}

/* ---- 2. link solutes closer than d_max (lock-free union-find) ---- */

typedef struct
{
  const IscSpatialIndex *index;
  double                 d_max;
  gint                  *parent;   /* over index positions */
} LinkJob;

static inline gint
uf_find (gint *parent, gint x)
{
  gint p;

  while ((p = g_atomic_int_get (&parent[x])) != x)
    x = p;
  return x;
}

static void
uf_union (gint *parent, gint a, gint b)
{
  for (;;)
    {
      a = uf_find (parent, a);
      b = uf_find (parent, b);
      if (a == b)
        return;
      if (a < b)
        {
          gint t = a;

          a = b;
          b = t;
        }
      /* Link the larger root under the smaller: roots only ever change from themselves. */
      if (g_atomic_int_compare_and_exchange (&parent[a], a, b))
        return;
    }
}

static void
link_chunk (gsize first, gsize n, guint worker, gpointer data)
{
  LinkJob *job = data;
  const IscSpatialIndex *ix = job->index;
  double d2max = job->d_max * job->d_max;

  for (gsize i = first; i < first + n; i++)
    {
      double p[3];
      guint lo[3], hi[3];

      isc_spatial_index_point (ix, i, p);
      if (!isc_spatial_index_cell_range (ix, p, job->d_max, lo, hi))
        continue;
      for (guint cz = lo[2]; cz <= hi[2]; cz++)
        for (guint cy = lo[1]; cy <= hi[1]; cy++)
          {
            gsize c0 = isc_spatial_index_cell_of (ix, lo[0], cy, cz), c1 = isc_spatial_index_cell_of (ix, hi[0], cy, cz);

            /* Cells lo[0] … hi[0] of a row are contiguous, so are their points. */
            for (guint32 j = MAX (ix->cell_start[c0], (guint32) i + 1); j < ix->cell_start[c1 + 1]; j++)
              {
                double v[3], dx, dy, dz;

                isc_spatial_index_point (ix, j, v);
                dx = v[0] - p[0];
                dy = v[1] - p[1];
                dz = v[2] - p[2];
                if (dx * dx + dy * dy + dz * dz <= d2max)
                  uf_union (job->parent, (gint) i, (gint) j);
              }
          }
    }
}

static int
compare_pair_ion (const void *a, const void *b)
{
  guint32 x = ((const Pair *) a)->ion, y = ((const Pair *) b)->ion;

  return x < y ? -1 : x > y;
}

/* Once the roots hold minus their sizes (core_members ()): the root of position @i. */
static inline gint
root_of (const gint *parent,
         gsize       i)
{
  return parent[i] < 0 ? (gint) i : parent[i];
}

/* The solutes of linked sets of at least @n_min, as members numbered in file order of their
 * first ion. Consumes @parent (the union-find over @index's positions). */
static gboolean
core_members (const IscSpatialIndex  *index,
              gint                   *parent,
              guint                   n_min,
              Members                *core,
              guint                  *n_clusters,
              GError                **error)
{
  gsize n = index->n_points, n_core = 0;
  g_autofree Pair *pairs = NULL;

  /* A root is the first position of its component (the larger root is linked under the
   * smaller), so in ascending order each root is compressed before its members, and then holds
   * minus its component's size in place of a table of sizes. */
  for (gsize i = 0; i < n; i++)
    parent[i] = uf_find (parent, (gint) i);
  for (gsize i = 0; i < n; i++)
    {
      if (parent[i] == (gint) i)
        parent[i] = -1;
      else
        parent[parent[i]]--;
    }
  for (gsize i = 0; i < n; i++)
    n_core += (guint) -parent[root_of (parent, i)] >= n_min;
  pairs = isc_memory_try_new (n_core, sizeof (Pair), FALSE, WHAT, error);
  if (pairs == NULL)
    return FALSE;
  n_core = 0;
  for (gsize i = 0; i < n; i++)
    if ((guint) -parent[root_of (parent, i)] >= n_min)
      pairs[n_core++] = (Pair) { index->id[i], (guint32) root_of (parent, i) };
  qsort (pairs, n_core, sizeof (Pair), compare_pair_ion);

  /* The union-find array, now the cluster of each root. */
  if (!members_alloc (core, n_core, error))
    return FALSE;
  memset (parent, 0xff, MAX (n, 1) * sizeof (gint));
  *n_clusters = 0;
  for (gsize k = 0; k < n_core; k++)
    {
      gint *cluster = &parent[pairs[k].value];

      if (*cluster < 0)
        *cluster = (gint) (*n_clusters)++;
      core->ions[k] = pairs[k].ion;
      core->cluster[k] = (guint32) *cluster;
    }
  return TRUE;
}

/* The clusters' solute ions: the region's solutes linked by d_max, in sets of N_min or more. */
static gboolean
find_cores (Run                       *run,
            const IscClusterSettings  *settings,
            guint64                    region_types[256],
            IscClusterResult          *r,
            Members                   *core,
            GError                   **error)
{
  g_autoptr(IscSpatialIndex) index = NULL;
  g_autofree gint *parent = NULL;
  guint32 *solutes;
  gsize n_solutes = 0;
  LinkJob lj;

  solutes = gather_solutes (run, region_types, &n_solutes, error);
  if (solutes == NULL)
    return FALSE;
  r->solute_ions = n_solutes;
  /* Per solute: its id (kept by the index) and its union-find parent, nothing else. */
  index = isc_spatial_index_new_take (run->cloud, solutes, n_solutes, settings->d_max, error);
  if (index == NULL)
    return FALSE;
  parent = isc_memory_try_new (n_solutes, sizeof (gint), FALSE, WHAT, error);
  if (parent == NULL)
    return FALSE;
  for (gsize i = 0; i < n_solutes; i++)
    parent[i] = (gint) i;
  lj = (LinkJob) { index, settings->d_max, parent };
  if (!isc_parallel_run (n_solutes, 4096, run->n_workers, link_chunk, &lj, run->cancellable, run->progress,
                         run->progress_data, 0.1, 0.5, error))
    return FALSE;
  return core_members (index, parent, settings->n_min, core, &r->n_clusters, error);
}

/* ---- 3. envelope: every other ion within L of a cluster's solutes joins the nearest ---- */

typedef struct
{
  Run                   *run;
  const Members         *core;
  const IscSpatialIndex *index;   /* the core */
  double                 dist;
  GArray               **found;   /* per chunk: Pair (ion, cluster), NULL for none */
} EnvelopeJob;

static void
envelope_chunk (gsize first, gsize n, guint worker, gpointer data)
{
  EnvelopeJob *job = data;
  const IscIonCloud *cloud = job->run->cloud;
  const guint8 *flags = region_flags (job->run, first, n, worker);
  gsize k = lower_bound (job->core->ions, job->core->n, first);
  GArray *found = NULL;

  for (gsize j = 0; j < n; j++)
    {
      gsize i = first + j;
      double p[3] = { cloud->x[i], cloud->y[i], cloud->z[i] }, d;
      guint32 id;
      Pair m;

      if (!flags[j] || members_hold (job->core, &k, i))
        continue;
      if (isc_spatial_index_knn (job->index, p, 1, G_MAXUINT32, job->dist, &d, &id) != 1)
        continue;
      m = (Pair) { (guint32) i, job->core->cluster[lower_bound (job->core->ions, job->core->n, id)] };
      if (found == NULL)
        found = g_array_new (FALSE, FALSE, sizeof (Pair));
      g_array_append_val (found, m);
    }
  job->found[first / ISC_ION_PASS_CHUNK] = found;
}

static void
found_free (GArray **found,
            gsize    n_chunks)
{
  for (gsize c = 0; c < n_chunks; c++)
    g_clear_pointer (&found[c], g_array_unref);
  g_free (found);
}

/* The ions the envelope adds, ascending (the chunks' finds in chunk order). */
static gboolean
add_envelope (Run            *run,
              const Members  *core,
              double          envelope,
              Members        *added,
              GError        **error)
{
  g_autoptr(IscSpatialIndex) index = NULL;
  GArray **found = g_new0 (GArray *, MAX (run->n_chunks, 1));
  EnvelopeJob job;
  gsize total = 0, k = 0;

  index = isc_spatial_index_new (run->cloud, core->ions, core->n, envelope, error);
  job = (EnvelopeJob) { run, core, index, envelope, found };
  if (index == NULL
      || !run_pass (run, run->cloud->n_ions, 0, envelope_chunk, &job, 0.5, 0.7, error))
    {
      found_free (found, run->n_chunks);
      return FALSE;
    }
  g_clear_pointer (&index, isc_spatial_index_free);
  for (gsize c = 0; c < run->n_chunks; c++)
    total += found[c] != NULL ? found[c]->len : 0;
  if (!members_alloc (added, total, error))
    {
      found_free (found, run->n_chunks);
      return FALSE;
    }
  for (gsize c = 0; c < run->n_chunks; c++)
    {
      for (guint j = 0; found[c] != NULL && j < found[c]->len; j++, k++)
        {
          added->ions[k] = g_array_index (found[c], Pair, j).ion;
          added->cluster[k] = g_array_index (found[c], Pair, j).value;
        }
      g_clear_pointer (&found[c], g_array_unref);
    }
  found_free (found, run->n_chunks);
  return TRUE;
}

/* ---- 4. erosion: added ions within E of an ion outside every cluster leave again ---- */

/* The other way round from the definition, so that only the added ions are indexed: each
 * outside ion marks the added ions within E of it. The same pairs, the same distances. */
typedef struct
{
  Run                   *run;
  const Members         *core;
  const Members         *added;
  const IscSpatialIndex *index;   /* the added ions */
  double                 dist;
  guint8                *marks;   /* per point of the index: within E of an outside ion */
} ErosionJob;

static void
mark_near (ErosionJob   *job,
           const double  p[3])
{
  const IscSpatialIndex *ix = job->index;
  double d2max = job->dist * job->dist;
  guint lo[3], hi[3];

  if (!isc_spatial_index_cell_range (ix, p, job->dist, lo, hi))
    return;
  for (guint cz = lo[2]; cz <= hi[2]; cz++)
    for (guint cy = lo[1]; cy <= hi[1]; cy++)
      {
        gsize c0 = isc_spatial_index_cell_of (ix, lo[0], cy, cz), c1 = isc_spatial_index_cell_of (ix, hi[0], cy, cz);

        for (guint32 j = ix->cell_start[c0]; j < ix->cell_start[c1 + 1]; j++)
          {
            double v[3], dx, dy, dz;

            /* Several workers may mark the same ion: relaxed atomics, as all write 1. */
            if (__atomic_load_n (&job->marks[j], __ATOMIC_RELAXED))
              continue;
            isc_spatial_index_point (ix, j, v);
            dx = v[0] - p[0];
            dy = v[1] - p[1];
            dz = v[2] - p[2];
            if (dx * dx + dy * dy + dz * dz <= d2max)
              __atomic_store_n (&job->marks[j], 1, __ATOMIC_RELAXED);
          }
      }
}

static void
erosion_chunk (gsize first, gsize n, guint worker, gpointer data)
{
  ErosionJob *job = data;
  const IscIonCloud *cloud = job->run->cloud;
  const guint8 *flags = region_flags (job->run, first, n, worker);
  gsize kc = lower_bound (job->core->ions, job->core->n, first);
  gsize ka = lower_bound (job->added->ions, job->added->n, first);

  for (gsize j = 0; j < n; j++)
    {
      gsize i = first + j;
      gboolean member;

      if (!flags[j])
        continue;
      /* Both walks advance for every ion, so no || that skips the second. */
      member = members_hold (job->core, &kc, i);
      member |= members_hold (job->added, &ka, i);
      if (!member)
        {
          double p[3] = { cloud->x[i], cloud->y[i], cloud->z[i] };

          mark_near (job, p);
        }
    }
}

/* Removes the marked ions from @added, keeping its order. */
static void
drop_marked (Members               *added,
             const IscSpatialIndex *index,
             const guint8          *marks)
{
  gsize kept = 0;

  for (gsize j = 0; j < index->n_points; j++)
    if (marks[j])
      added->cluster[lower_bound (added->ions, added->n, index->id[j])] = G_MAXUINT32;
  for (gsize k = 0; k < added->n; k++)
    if (added->cluster[k] != G_MAXUINT32)
      {
        added->ions[kept] = added->ions[k];
        added->cluster[kept++] = added->cluster[k];
      }
  added->n = kept;
}

static gboolean
erode (Run            *run,
       const Members  *core,
       Members        *added,
       double          erosion,
       GError        **error)
{
  g_autoptr(IscSpatialIndex) index = NULL;
  g_autofree guint8 *marks = NULL;
  ErosionJob job;

  index = isc_spatial_index_new (run->cloud, added->ions, added->n, MAX (erosion, 0.5), error);
  if (index == NULL)
    return FALSE;
  marks = isc_memory_try_new (added->n, 1, TRUE, WHAT, error);
  if (marks == NULL)
    return FALSE;
  job = (ErosionJob) { run, core, added, index, erosion, marks };
  if (!run_pass (run, run->cloud->n_ions, 0, erosion_chunk, &job, 0.7, 0.85, error))
    return FALSE;
  drop_marked (added, index, marks);
  return TRUE;
}

/* ---- 5. the result ---- */

/* The members of the result: @core and @added merged (both ascending, no ion in both). */
static gboolean
merge_members (IscClusterResult  *r,
               Members           *core,
               const Members     *added,
               GError           **error)
{
  gsize a = 0, b = 0;

  if (added->n == 0)
    {
      r->n_members = core->n;
      r->member_ions = g_steal_pointer (&core->ions);
      r->member_cluster = g_steal_pointer (&core->cluster);
      return TRUE;
    }
  r->n_members = core->n + added->n;
  r->member_ions = isc_memory_try_new (r->n_members, sizeof (guint32), FALSE, WHAT, error);
  r->member_cluster = r->member_ions != NULL
                      ? isc_memory_try_new (r->n_members, sizeof (guint32), FALSE, WHAT, error) : NULL;
  if (r->member_cluster == NULL)
    return FALSE;
  for (gsize k = 0; k < r->n_members; k++)
    {
      const Members *from = b >= added->n || (a < core->n && core->ions[a] < added->ions[b]) ? core : added;
      gsize *at = from == core ? &a : &b;

      r->member_ions[k] = from->ions[*at];
      r->member_cluster[k] = from->cluster[*at];
      (*at)++;
    }
  return TRUE;
}

/* Per cluster: counts, centre, radius of gyration of the solute ions, summed over the members
 * in ascending ion order; the members per type in @member_types. */
static void
cluster_statistics (IscClusterResult    *r,
                    const Run           *run,
                    const IscAtomTable  *table,
                    const char * const  *solutes,
                    guint64              member_types[256])
{
  const IscIonCloud *cloud = run->cloud;
  g_autofree double *sums = g_new0 (double, (gsize) MAX (r->n_clusters, 1) * 10);

  r->clusters = g_new0 (IscCluster, MAX (r->n_clusters, 1));
  for (guint c = 0; c < r->n_clusters; c++)
    {
      r->clusters[c].id = c;
      r->clusters[c].counts = g_new0 (guint64, MAX (r->n_elements, 1));
    }
  memset (member_types, 0, 256 * sizeof (guint64));
  for (gsize k = 0; k < r->n_members; k++)
    {
      gsize i = r->member_ions[k];
      guint t = cloud->ion_type[i];
      IscCluster *c = &r->clusters[r->member_cluster[k]];
      double *s = sums + (gsize) r->member_cluster[k] * 10;

      member_types[t]++;
      c->ions++;
      c->atoms += table->atoms[t];
      for (guint e = 0; e < r->n_elements; e++)
        c->counts[e] += table->per_element[t * table->n_elements + e];
      s[0] += cloud->x[i];
      s[1] += cloud->y[i];
      s[2] += cloud->z[i];
      if (run->flags[t] & IS_SOLUTE)
        {
          c->solute_ions++;
          s[3] += 1;
          s[4] += cloud->x[i];
          s[5] += cloud->y[i];
          s[6] += cloud->z[i];
          s[7] += (double) cloud->x[i] * cloud->x[i];
          s[8] += (double) cloud->y[i] * cloud->y[i];
          s[9] += (double) cloud->z[i] * cloud->z[i];
        }
    }
  for (guint c = 0; c < r->n_clusters; c++)
    {
      IscCluster *cl = &r->clusters[c];
      double *s = sums + (gsize) c * 10, var = 0;

      for (int a = 0; a < 3; a++)
        {
          double m = s[4 + a] / s[3];

          cl->centre[a] = s[a] / cl->ions;
          var += s[7 + a] / s[3] - m * m;
        }
      cl->rg = sqrt (MAX (var, 0.0));
      cl->guinier = sqrt (5.0 / 3.0) * cl->rg;
      for (guint e = 0; e < r->n_elements; e++)
        for (guint k = 0; solutes[k] != NULL; k++)
          if (g_ascii_strcasecmp (r->elements[e], solutes[k]) == 0)
            cl->solute_atoms += cl->counts[e];
    }
}

/* The matrix: the region's ranged ions less the members, type by type. */
static void
matrix_counts (IscClusterResult    *r,
               const IscAtomTable  *table,
               const guint64        region_types[256],
               const guint64        member_types[256])
{
  for (guint t = 0; t < 256; t++)
    {
      guint64 m = region_types[t] - member_types[t];

      if (m == 0)
        continue;
      r->matrix_ions += m;
      r->matrix_atoms += m * table->atoms[t];
      for (guint e = 0; e < r->n_elements; e++)
        r->matrix_counts[e] += m * table->per_element[t * table->n_elements + e];
    }
}

static int
compare_size (const void *a, const void *b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

static void
size_distribution (IscClusterResult *r)
{
  g_autofree guint64 *sizes = g_new (guint64, MAX (r->n_clusters, 1));

  for (guint c = 0; c < r->n_clusters; c++)
    sizes[c] = r->clusters[c].solute_atoms;
  qsort (sizes, r->n_clusters, sizeof (guint64), compare_size);
  r->sizes = g_new0 (IscClusterSize, MAX (r->n_clusters, 1));
  for (guint c = 0; c < r->n_clusters; c++)
    {
      if (r->n_sizes == 0 || r->sizes[r->n_sizes - 1].solute_atoms != sizes[c])
        r->sizes[r->n_sizes++].solute_atoms = sizes[c];
      r->sizes[r->n_sizes - 1].n_clusters++;
    }
}

/* ---- the analysis ---- */

static gboolean
check_settings (const IscIonCloud         *cloud,
                const IscRangeSet         *ranges,
                const IscClusterSettings  *settings,
                GError                   **error)
{
  if (!isc_spatial_check_ranged ("cluster", cloud, ranges, error))
    return FALSE;
  if (!(isfinite (settings->d_max) && settings->d_max > 0))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "cluster: d_max must be a positive distance in nm, not %g", settings->d_max);
      return FALSE;
    }
  if (settings->n_min < 1)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "cluster: N_min must be at least 1 solute ion");
      return FALSE;
    }
  if (!(isfinite (settings->envelope) && settings->envelope >= 0)
      || !(isfinite (settings->erosion) && settings->erosion >= 0))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "cluster: the envelope (%g nm) and erosion (%g nm) distances must be 0 or positive",
                   settings->envelope, settings->erosion);
      return FALSE;
    }
  if (settings->solutes == NULL || settings->solutes[0] == NULL)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "cluster: name at least one solute element");
      return FALSE;
    }
  /* Union-find parents are gint, ion ids guint32. */
  if (cloud->n_ions > G_MAXINT32)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_UNSUPPORTED,
                   "cluster: at most %d ions", G_MAXINT32);
      return FALSE;
    }
  return TRUE;
}

/* Which ion types count, and which are solutes; FALSE when a solute is not in the ranges. */
static gboolean
classify_types (Run                 *run,
                const IscAtomTable  *table,
                const char * const  *solutes,
                GError             **error)
{
  for (guint t = 0; t < 256; t++)
    run->flags[t] = table->atoms[t] > 0 ? IS_RANGED : 0;
  for (guint s = 0; solutes[s] != NULL; s++)
    {
      int e = isc_atom_table_require (table, "cluster", solutes[s], error);

      if (e < 0)
        return FALSE;
      for (guint t = 0; t < table->n_types; t++)
        if (table->per_element[t * table->n_elements + e] > 0)
          run->flags[t] |= IS_SOLUTE;
    }
  return TRUE;
}

static void
run_init (Run                       *run,
          const IscIonCloud         *cloud,
          const IscRoi              *roi,
          const IscClusterSettings  *settings,
          GCancellable              *cancellable,
          IscProgressFunc            progress,
          gpointer                   progress_data)
{
  *run = (Run) { cloud, roi != NULL && roi->kind != ISC_ROI_ALL ? roi : NULL };
  run->n_workers = settings->n_workers ? settings->n_workers : isc_ion_pass_default_workers ();
  run->n_chunks = (cloud->n_ions + ISC_ION_PASS_CHUNK - 1) / ISC_ION_PASS_CHUNK;
  run->mask = g_new0 (guint8 *, run->n_workers);
  for (guint w = 0; w < run->n_workers; w++)
    run->mask[w] = g_new (guint8, ISC_ION_PASS_CHUNK);
  run->cancellable = cancellable;
  run->progress = progress;
  run->progress_data = progress_data;
}

static void
run_clear (Run *run)
{
  for (guint w = 0; w < run->n_workers; w++)
    g_free (run->mask[w]);
  g_clear_pointer (&run->mask, g_free);
}

static IscClusterResult *
result_new (const IscAtomTable        *table,
            const IscClusterSettings  *settings)
{
  IscClusterResult *r = g_new0 (IscClusterResult, 1);

  r->n_elements = table->n_elements;
  r->elements = g_strdupv (table->elements);
  r->solutes = g_strdupv ((char **) settings->solutes);
  r->d_max = settings->d_max;
  r->n_min = settings->n_min;
  r->envelope = settings->envelope;
  r->erosion = settings->erosion;
  r->matrix_counts = g_new0 (guint64, MAX (r->n_elements, 1));
  return r;
}

/* Memory: per solute of the region 4 bytes of index id and 4 of union-find parent (plus the
 * index's grid), per cluster member 8 bytes (16 while sorted or merged); nothing per other
 * ion, so a mapped cloud of 10⁹ ions needs what its solutes and clusters need. */
IscClusterResult *
isc_cluster_compute (const IscIonCloud         *cloud,
                     const IscRangeSet         *ranges,
                     const IscRoi              *roi,
                     const IscClusterSettings  *settings,
                     GCancellable              *cancellable,
                     IscProgressFunc            progress,
                     gpointer                   progress_data,
                     GError                   **error)
{
  g_autoptr(IscClusterResult) r = NULL;
  IscAtomTable table;
  Run run;
  Members core = { 0 }, added = { 0 };
  guint64 region_types[256], member_types[256];
  gboolean ok = FALSE;

  g_return_val_if_fail (cloud != NULL && ranges != NULL && settings != NULL, NULL);

  if (!check_settings (cloud, ranges, settings, error))
    return NULL;
  isc_atom_table_init (&table, ranges);
  run_init (&run, cloud, roi, settings, cancellable, progress, progress_data);
  if (!classify_types (&run, &table, settings->solutes, error))
    goto out;
  r = result_new (&table, settings);

  if (!find_cores (&run, settings, region_types, r, &core, error))
    goto out;
  if (settings->envelope > 0 && r->n_clusters > 0)
    {
      if (!add_envelope (&run, &core, settings->envelope, &added, error))
        goto out;
      if (settings->erosion > 0 && added.n > 0 && !erode (&run, &core, &added, settings->erosion, error))
        goto out;
    }
  if (!merge_members (r, &core, &added, error))
    goto out;
  members_clear (&core);
  members_clear (&added);

  /* One serial read of the members' positions, after the mapping is checked as a pass would. */
  if (!isc_ion_cloud_check_mapping (cloud, error))
    goto out;
  cluster_statistics (r, &run, &table, settings->solutes, member_types);
  matrix_counts (r, &table, region_types, member_types);
  size_distribution (r);
  if (progress != NULL)
    progress (1.0, progress_data);
  ok = TRUE;

out:
  members_clear (&core);
  members_clear (&added);
  run_clear (&run);
  isc_atom_table_clear (&table);
  return ok ? g_steal_pointer (&r) : NULL;
}

char *
isc_cluster_result_to_csv (const IscClusterResult *r)
{
  GString *s = g_string_new ("id,solute_ions,solute_atoms,ions,atoms,x_nm,y_nm,z_nm,rg_nm,guinier_radius_nm");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (r != NULL, NULL);

  for (guint e = 0; e < r->n_elements; e++)
    g_string_append_printf (s, ",%s_fraction", r->elements[e]);
  g_string_append_c (s, '\n');
  for (guint c = 0; c < r->n_clusters; c++)
    {
      const IscCluster *cl = &r->clusters[c];
      double v[5] = { cl->centre[0], cl->centre[1], cl->centre[2], cl->rg, cl->guinier };

      g_string_append_printf (s, "%u,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT
                              ",%" G_GUINT64_FORMAT, cl->id, cl->solute_ions, cl->solute_atoms, cl->ions, cl->atoms);
      for (int k = 0; k < 5; k++)
        {
          g_string_append_c (s, ',');
          g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", v[k]));
        }
      for (guint e = 0; e < r->n_elements; e++)
        {
          g_string_append_c (s, ',');
          g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", isc_cluster_fraction (r, cl, e)));
        }
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}
