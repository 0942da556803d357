/* neighbours.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ion-lists.h"
#include "ion-pass.h"
#include "isc-memory.h"
#include "neighbours.h"
#include "spatial-common.h"
#include "spatial-index.h"

#define MAX_BINS 100000

/* Flags of an ion in the ion lists; the random ones only while relabelling. */
enum { IN_REGION = 1, IS_FROM = 2, IS_TO = 4, RANDOM_QUERY = 8, RANDOM_TO = 16 };

void
isc_nn_settings_init (IscNnSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->k_max = 1;
  settings->bin = 0.01;
  settings->max_queries = ISC_NN_DEFAULT_QUERIES;
  settings->seed = 0x5EED;
  settings->n_workers = 0;
}

void
isc_rdf_settings_init (IscRdfSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->r_max = 2.0;
  settings->dr = 0.05;
  settings->max_centres = 100000;
  settings->n_workers = 0;
}

void
isc_nn_result_free (IscNnResult *r)
{
  if (r == NULL)
    return;
  g_free (r->from);
  g_free (r->to);
  g_free (r->hist);
  g_free (r->random_hist);
  g_free (r);
}

void
isc_rdf_result_free (IscRdfResult *r)
{
  if (r == NULL)
    return;
  g_free (r->from);
  g_free (r->to);
  g_free (r->to_atoms);
  g_free (r->all_atoms);
  g_free (r->rdf);
  g_free (r->sigma);
  g_free (r);
}

double
isc_ks_p_value (double d,
                double n1,
                double n2)
{
  double ne, lambda, sum = 0, sign = 1;

  if (!(n1 > 0 && n2 > 0) || isnan (d))
    return NAN;
  ne = n1 * n2 / (n1 + n2);
  lambda = (sqrt (ne) + 0.12 + 0.11 / sqrt (ne)) * d;
  if (lambda < 0.2)
    return 1.0;
  for (int j = 1; j <= 100; j++)
    {
      double term = sign * exp (-2.0 * j * j * lambda * lambda);

      sum += term;
      if (fabs (term) < 1e-12 * fabs (sum))
        break;
      sign = -sign;
    }
  return CLAMP (2 * sum, 0.0, 1.0);
}

/* ---- which ions take part ---- */

/* The flags of an ion for the ion lists (ion-lists.h): in the region, of the "from" and "to"
 * elements, and while relabelling the random queries and targets. */
typedef struct
{
  const IscIonCloud *cloud;
  const IscRoi      *roi;          /* NULL: every ion */
  guint8             type_flags[256];
  /* random relabelling: an ion of the region draws u in [0, 1) from the seed and its index
   * (relabel_draw ()), so every pass sees the same labels without a list of them */
  gboolean           relabel;
  guint64            seed;
  double             u_query;      /* a random query below this */
  double             u_to_lo;      /* a random target from here … */
  double             u_to_hi;      /* … to here */
} NnFlags;

static guint64 next_random (guint64 *s);

/* The draw of ion @i, uniform in [0, 1) with 53 bits: the same for a seed and an ion in every
 * pass and on any number of workers. */
static inline double
relabel_draw (guint64 seed,
              gsize   i)
{
  guint64 s = seed ^ ((guint64) i * 0xD1B54A32D192ED03ull);

  return (next_random (&s) >> 11) * 0x1p-53;
}

/* A random query is a random "from" ion (the subsample of them that is measured), a random
 * target a random "to" ion; "from" and "to" take disjoint intervals of u unless they are the
 * same element. */
static void
nn_flags (gsize first, gsize n, guint8 *flags, guint8 *scratch, gpointer data)
{
  const NnFlags *f = data;

  isc_ion_flags_by_type (f->cloud, f->roi, f->type_flags, first, n, flags, scratch);
  if (!f->relabel)
    return;
  for (gsize j = 0; j < n; j++)
    if (flags[j] & IN_REGION)
      {
        double u = relabel_draw (f->seed, first + j);

        flags[j] |= (u < f->u_query ? RANDOM_QUERY : 0) | (u >= f->u_to_lo && u < f->u_to_hi ? RANDOM_TO : 0);
      }
}

/* The lists of @from and @to ions in @roi, counted: n[0] the region's ranged ions, n[1] the
 * "from" ions, n[2] the "to" ions; @types the region's ions per type (may be NULL). */
static IscIonLists *
nn_lists_new (NnFlags            *f,
              const IscIonCloud  *cloud,
              const IscRoi       *roi,
              const IscAtomTable *table,
              int                 from,
              int                 to,
              guint               n_workers,
              gsize               n[3],
              guint64            *types,
              GCancellable       *cancellable,
              GError            **error)
{
  g_autoptr(IscIonLists) lists = NULL;
  guint64 counts[8];

  *f = (NnFlags) { cloud, roi != NULL && roi->kind != ISC_ROI_ALL ? roi : NULL };
  for (guint t = 0; t < 256; t++)
    if (table->atoms[t] > 0)
      f->type_flags[t] = IN_REGION | (table->per_element[t * table->n_elements + from] > 0 ? IS_FROM : 0)
                         | (table->per_element[t * table->n_elements + to] > 0 ? IS_TO : 0);
  lists = isc_ion_lists_new (cloud, n_workers, nn_flags, f);
  if (!isc_ion_lists_count (lists, counts, types, cancellable, error))
    return NULL;
  n[0] = counts[0];
  n[1] = counts[1];
  n[2] = counts[2];
  return g_steal_pointer (&lists);
}

/* A cell size that holds about @per_cell of @n points spread over the region's box. */
static double
cell_for_density (const IscIonCloud *cloud,
                  const IscRoi      *roi,
                  gsize              n,
                  double             per_cell)
{
  double lo[3], hi[3], v = 1;

  isc_roi_bounds (roi, cloud, lo, hi);
  for (int a = 0; a < 3; a++)
    v *= MAX (hi[a] - lo[a], 1e-3);
  return MAX (cbrt (v * per_cell / MAX (n, 1)), 0.05);
}

static guint64
next_random (guint64 *s)
{
  guint64 z = (*s += 0x9E3779B97F4A7C15ull);

  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* ---- nearest neighbours ---- */

typedef struct
{
  const IscSpatialIndex *index;    /* the targets */
  const IscSpatialIndex *order;    /* the queries, sorted by cell */
  guint                  k;
  double                 max_dist; /* nm: neighbours farther away are not looked for */
  float                 *dist;     /* n_queries × k, k-major: [k · n_queries + q] */
  gsize                  n_queries;
  guint8                *found;    /* per query: all k found */
} KnnJob;

static void
knn_chunk (gsize first, gsize n, guint worker, gpointer data)
{
  KnnJob *job = data;

  for (gsize q = first; q < first + n; q++)
    {
      /* Queries in cell order: neighbouring queries read the same cells. */
      guint32 i = job->order->id[q];
      double p[3], d[ISC_NN_MAX_K];
      guint got;

      isc_spatial_index_point (job->order, q, p);
      got = isc_spatial_index_knn (job->index, p, job->k, i, job->max_dist, d, NULL);

      job->found[q] = got == job->k;
      for (guint k = 0; k < job->k; k++)
        job->dist[k * job->n_queries + q] = k < got ? (float) d[k] : INFINITY;
    }
}

/* The k nearest targets of each query within @max_dist into @dist (k-major), @found per query. */
static gboolean
knn_run (const IscSpatialIndex *targets,
         const IscSpatialIndex *queries,
         guint                  k_max,
         double                 max_dist,
         float                 *dist,
         guint8                *found,
         guint                  n_workers,
         GCancellable          *cancellable,
         GError               **error)
{
  KnnJob job = { targets, queries, k_max, max_dist, dist, queries->n_points, found };

  return isc_parallel_run (queries->n_points, 4096, n_workers, knn_chunk, &job, cancellable, NULL, NULL, 0, 1, error);
}

static int
compare_float (const void *a, const void *b)
{
  float x = *(const float *) a, y = *(const float *) b;

  return x < y ? -1 : x > y;
}

typedef struct
{
  float *dist;
  gsize  n;
} SortJob;

static void
sort_chunk (gsize first, gsize n, guint worker, gpointer data)
{
  SortJob *job = data;

  for (gsize r = first; r < first + n; r++)
    qsort (job->dist + r * job->n, job->n, sizeof (float), compare_float);
}

/* Sorts each k's @n distances (infinite ones last); frees @dist on failure. */
static float *
sort_per_k (float        *dist,
            gsize         n,
            guint         k_max,
            guint         n_workers,
            GCancellable *cancellable,
            GError      **error)
{
  SortJob sj = { dist, n };

  if (!isc_parallel_run (k_max, 1, n_workers, sort_chunk, &sj, cancellable, NULL, NULL, 0, 1, error))
    {
      g_free (dist);
      return NULL;
    }
  return dist;
}

/* k-th distances of @queries to the points of @targets (g_malloc'd, taken: the index keeps
 * them), sorted per k, infinite ones dropped (count per k in @n_valid). @queries NULL: the
 * targets themselves, read through the same index. Only distances come out, so the order of
 * the targets does not matter. */
static float *
measure (const IscIonCloud *cloud,
         guint32           *targets,
         gsize              n_targets,
         const guint32     *queries,
         gsize              n_queries,
         guint              k_max,
         double             cell,
         guint              n_workers,
         GCancellable      *cancellable,
         GError           **error)
{
  g_autoptr(IscSpatialIndex) index = isc_spatial_index_new_take (cloud, targets, n_targets, cell, error);
  g_autoptr(IscSpatialIndex) own_order = NULL;
  const IscSpatialIndex *order = index;
  g_autofree guint8 *found = NULL;
  float *dist;

  if (index == NULL)
    return NULL;
  if (queries != NULL)
    {
      order = own_order = isc_spatial_index_new (cloud, queries, n_queries, cell, error);
      if (order == NULL)
        return NULL;
    }
  n_queries = order->n_points;
  dist = isc_memory_try_new (n_queries * k_max, sizeof (float), FALSE, "nearest neighbours", error);
  if (dist == NULL)
    return NULL;
  found = g_new (guint8, MAX (n_queries, 1));
  if (!knn_run (index, order, k_max, INFINITY, dist, found, n_workers, cancellable, error))
    {
      g_free (dist);
      return NULL;
    }
  return sort_per_k (dist, n_queries, k_max, n_workers, cancellable, error);
}

/* Distances of each query, written to the next free slot (the order does not matter: each k's
 * distances are sorted afterwards). */
typedef struct
{
  float *dist;   /* n × k, k-major */
  gsize  n;
  guint  k;
  gsize  next;
} NearDistances;

static void
keep_distances (guint32 query, guint found, const double *dist, const guint32 *ids, guint worker, gpointer data)
{
  NearDistances *nd = data;
  gsize slot = (gsize) g_atomic_pointer_add (&nd->next, 1);

  for (guint k = 0; k < nd->k; k++)
    nd->dist[k * nd->n + slot] = k < found ? (float) dist[k] : INFINITY;
}

/* measure () for a few queries among many targets (the ions of @lists with @bit): only the
 * targets near a query are indexed (isc_ion_lists_nearest ()), so the memory follows the
 * queries, not the data, and the distances are those against every target. Takes @queries. */
static float *
measure_near (IscIonLists   *lists,
              guint8         bit,
              const IscRoi  *roi,
              guint32       *queries,
              gsize          n_queries,
              guint          k_max,
              double         cell,
              guint          n_workers,
              GCancellable  *cancellable,
              GError       **error)
{
  NearDistances nd = { NULL, n_queries, k_max, 0 };

  nd.dist = isc_memory_try_new (n_queries * k_max, sizeof (float), FALSE, "nearest neighbours", error);
  if (nd.dist == NULL)
    {
      g_free (queries);
      return NULL;
    }
  if (!isc_ion_lists_nearest (lists, bit, queries, n_queries, k_max, cell, roi, keep_distances, &nd,
                              cancellable, NULL, NULL, 0, 1, error))
    {
      g_free (nd.dist);
      return NULL;
    }
  g_assert (nd.next == n_queries);
  return sort_per_k (nd.dist, n_queries, k_max, n_workers, cancellable, error);
}

static gsize
count_finite (const float *sorted, gsize n)
{
  while (n > 0 && !isfinite (sorted[n - 1]))
    n--;
  return n;
}

static double
ks_statistic (const float *a, gsize na, const float *b, gsize nb)
{
  gsize i = 0, j = 0;
  double d = 0;

  while (i < na && j < nb)
    {
      float v = MIN (a[i], b[j]);

      while (i < na && a[i] <= v)
        i++;
      while (j < nb && b[j] <= v)
        j++;
      d = MAX (d, fabs ((double) i / na - (double) j / nb));
    }
  return d;
}

IscNnResult *
isc_nn_compute (const IscIonCloud    *cloud,
                const IscRangeSet    *ranges,
                const IscRoi         *roi,
                const char           *from,
                const char           *to,
                const IscNnSettings  *settings,
                GCancellable         *cancellable,
                IscProgressFunc       progress,
                gpointer              progress_data,
                GError              **error)
{
  g_autoptr(IscNnResult) r = NULL;
  g_autoptr(IscIonLists) lists = NULL;
  g_autofree guint32 *a = NULL, *b = NULL, *rq = NULL;
  g_autofree float *obs = NULL, *rnd = NULL;
  IscAtomTable table;
  NnFlags flags;
  gsize n[3], n_a, n_b, n_all, n_q, n_rq;
  int e_from, e_to;
  guint n_workers, k_max;
  gboolean same, every;
  double max_d = 0, cell;

  g_return_val_if_fail (cloud != NULL && ranges != NULL && from != NULL && settings != NULL, NULL);

  if (!isc_spatial_check_ranged ("nn", cloud, ranges, error))
    return NULL;
  k_max = settings->k_max;
  if (k_max < 1 || k_max > ISC_NN_MAX_K)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "nn: k must lie between 1 and %d, not %u", ISC_NN_MAX_K, k_max);
      return NULL;
    }
  if (!(isfinite (settings->bin) && settings->bin > 0))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "nn: the histogram bin must be a positive number of nm, not %g", settings->bin);
      return NULL;
    }
  isc_atom_table_init (&table, ranges);
  e_from = isc_atom_table_require (&table, "nn", from, error);
  e_to = e_from < 0 ? -1 : isc_atom_table_require (&table, "nn", to != NULL ? to : from, error);
  if (e_to < 0)
    {
      isc_atom_table_clear (&table);
      return NULL;
    }
  same = e_from == e_to;
  n_workers = settings->n_workers ? settings->n_workers : isc_ion_pass_default_workers ();
  lists = nn_lists_new (&flags, cloud, roi, &table, e_from, e_to, n_workers, n, NULL, cancellable, error);
  if (lists == NULL)
    {
      isc_atom_table_clear (&table);
      return NULL;
    }
  if (progress != NULL)
    progress (0.05, progress_data);

  r = g_new0 (IscNnResult, 1);
  r->from = g_strdup (table.elements[e_from]);
  r->to = g_strdup (table.elements[e_to]);
  r->k_max = k_max;
  r->bin = settings->bin;
  n_all = n[0];
  n_a = n[1];
  n_b = n[2];
  r->n_from = n_a;
  r->n_to = n_b;
  if (n_b < k_max + (same ? 1 : 0) || n_a == 0)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "nn: the region holds %" G_GSIZE_FORMAT " %s and %" G_GSIZE_FORMAT " %s ions, "
                   "too few for neighbour order k = %u", n_a, r->from, n_b, r->to, k_max);
      goto fail;
    }

  /* Measured: the queries are every "from" ion, or a subsample of them evenly over the file.
   * All of them: the targets' whole list goes to their index; a subsample: only the targets
   * near a query are indexed. */
  every = settings->max_queries == 0 || n_a <= settings->max_queries;
  cell = cell_for_density (cloud, roi, n_b, 2.0 * k_max);
  a = isc_ion_lists_collect (lists, IS_FROM, settings->max_queries, &n_q, cancellable, error);
  if (a == NULL)
    goto fail;
  if (!every)
    obs = measure_near (lists, same ? IS_FROM : IS_TO, roi, g_steal_pointer (&a), n_q, k_max, cell, n_workers,
                        cancellable, error);
  else if (same)
    obs = measure (cloud, g_steal_pointer (&a), n_b, NULL, n_q, k_max, cell, n_workers, cancellable, error);
  else
    {
      b = isc_ion_lists_collect (lists, IS_TO, 0, &n_b, cancellable, error);
      if (b == NULL)
        goto fail;
      obs = measure (cloud, g_steal_pointer (&b), n_b, a, n_q, k_max, cell, n_workers, cancellable, error);
    }
  if (obs == NULL)
    goto fail;
  g_clear_pointer (&a, g_free);
  if (progress != NULL)
    progress (0.5, progress_data);

  /* Randomly relabelled: each ion of the region draws a number from the seed and its index and
   * is a "from" ion below the fraction of them in the region, a "to" ion in the next interval
   * as wide as theirs (the same one for one element), so the labels keep the composition
   * (binomially) without a list of the region's ions; the queries are the "from" draws below
   * the fraction measured, at most max_queries of them. */
  {
    double pa = (double) n_a / n_all, pb = (double) MIN (n_b, n_all - MIN (n_a, n_all)) / n_all;
    guint64 counts[8];

    flags.relabel = TRUE;
    flags.seed = settings->seed;
    flags.u_query = every ? pa : pa * settings->max_queries / n_a;
    flags.u_to_lo = same ? 0 : pa;
    flags.u_to_hi = same ? pa : pa + pb;
    if (!isc_ion_lists_count (lists, counts, NULL, cancellable, error))
      goto fail;
    rq = isc_ion_lists_collect (lists, RANDOM_QUERY, settings->max_queries, &n_rq, cancellable, error);
    if (rq == NULL)
      goto fail;
    if (!every)
      rnd = measure_near (lists, RANDOM_TO, roi, g_steal_pointer (&rq), n_rq, k_max, cell, n_workers,
                          cancellable, error);
    else if (same)
      rnd = measure (cloud, g_steal_pointer (&rq), n_rq, NULL, n_rq, k_max, cell, n_workers, cancellable, error);
    else
      {
        gsize n_rt;
        guint32 *rt = isc_ion_lists_collect (lists, RANDOM_TO, 0, &n_rt, cancellable, error);

        rnd = rt != NULL ? measure (cloud, rt, n_rt, rq, n_rq, k_max, cell, n_workers, cancellable, error) : NULL;
      }
  }
  g_clear_pointer (&lists, isc_ion_lists_free);
  isc_atom_table_clear (&table);
  if (rnd == NULL)
    return NULL;
  if (progress != NULL)
    progress (0.95, progress_data);

  /* Summaries and histograms. */
  for (guint k = 0; k < k_max; k++)
    {
      const float *o = obs + k * n_q, *x = rnd + k * n_rq;
      gsize no = count_finite (o, n_q), nx = count_finite (x, n_rq);
      double so = 0, sx = 0;

      for (gsize i = 0; i < no; i++)
        so += o[i];
      for (gsize i = 0; i < nx; i++)
        sx += x[i];
      r->mean[k] = no > 0 ? so / no : NAN;
      r->random_mean[k] = nx > 0 ? sx / nx : NAN;
      r->ks_d[k] = no > 0 && nx > 0 ? ks_statistic (o, no, x, nx) : NAN;
      r->ks_p[k] = isc_ks_p_value (r->ks_d[k], no, nx);
      if (k == 0)
        r->n_queries = no;
      if (no > 0)
        max_d = MAX (max_d, o[no - 1]);
      if (nx > 0)
        max_d = MAX (max_d, x[nx - 1]);
    }
  r->n_bins = (guint) MIN (floor (max_d / r->bin) + 1, MAX_BINS);
  r->hist = g_new0 (guint64, (gsize) k_max * r->n_bins);
  r->random_hist = g_new0 (guint64, (gsize) k_max * r->n_bins);
  for (guint k = 0; k < k_max; k++)
    {
      for (gsize i = 0; i < n_q; i++)
        if (isfinite (obs[k * n_q + i]))
          r->hist[(gsize) k * r->n_bins + MIN ((guint) (obs[k * n_q + i] / r->bin), r->n_bins - 1)]++;
      for (gsize i = 0; i < n_rq; i++)
        if (isfinite (rnd[k * n_rq + i]))
          r->random_hist[(gsize) k * r->n_bins + MIN ((guint) (rnd[k * n_rq + i] / r->bin), r->n_bins - 1)]++;
    }

  /* d_max: past the measured peak, where measured first falls to the random level (a few bins
   * smoothed, scaled to equal totals). */
  r->suggested_dmax = NAN;
  {
    guint peak = 0;
    double scale = n_rq > 0 ? (double) n_q / n_rq : 1;

    for (guint i = 0; i < r->n_bins; i++)
      if (r->hist[i] > r->hist[peak])
        peak = i;
    for (guint i = peak; i + 2 < r->n_bins; i++)
      {
        double o = r->hist[i] + r->hist[i + 1] + r->hist[i + 2];
        double x = scale * (r->random_hist[i] + r->random_hist[i + 1] + r->random_hist[i + 2]);

        if (o <= x && x > 0)
          {
            r->suggested_dmax = (i + 1) * r->bin;
            break;
          }
      }
  }
  if (progress != NULL)
    progress (1.0, progress_data);
  return g_steal_pointer (&r);

fail:
  isc_atom_table_clear (&table);
  return NULL;
}

char *
isc_nn_result_to_csv (const IscNnResult *r)
{
  GString *s = g_string_new ("r_nm");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (r != NULL, NULL);

  for (guint k = 1; k <= r->k_max; k++)
    g_string_append_printf (s, ",k%u,k%u_random", k, k);
  g_string_append_c (s, '\n');
  for (guint i = 0; i < r->n_bins; i++)
    {
      g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", (i + 0.5) * r->bin));
      for (guint k = 0; k < r->k_max; k++)
        g_string_append_printf (s, ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT,
                                r->hist[(gsize) k * r->n_bins + i], r->random_hist[(gsize) k * r->n_bins + i]);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

/* ---- radial distribution ---- */

typedef struct
{
  const IscIonCloud     *cloud;
  const IscSpatialIndex *index;
  const IscAtomTable    *table;
  const IscSpatialIndex *centres;    /* read in their cells' order: nearby centres, nearby cells */
  int                    to;
  double                 r_max, dr;
  guint                  n_bins;
  guint64              **to_atoms;   /* per worker */
  guint64              **all_atoms;
} RdfJob;

static void
rdf_chunk (gsize first, gsize n, guint worker, gpointer data)
{
  RdfJob *job = data;
  const IscSpatialIndex *ix = job->index;
  const IscAtomTable *t = job->table;
  guint64 *to = job->to_atoms[worker], *all = job->all_atoms[worker];
  double r2 = job->r_max * job->r_max, inv = 1.0 / job->dr;

  for (gsize c = first; c < first + n; c++)
    {
      guint32 i = job->centres->id[c];
      double p[3];
      guint lo[3], hi[3];

      isc_spatial_index_point (job->centres, c, p);
      if (!isc_spatial_index_cell_range (ix, p, job->r_max, lo, hi))
        continue;
      for (guint cz = lo[2]; cz <= hi[2]; cz++)
        for (guint cy = lo[1]; cy <= hi[1]; cy++)
          {
            gsize c0 = isc_spatial_index_cell_of (ix, lo[0], cy, cz), c1 = isc_spatial_index_cell_of (ix, hi[0], cy, cz);

            for (guint32 j = ix->cell_start[c0]; j < ix->cell_start[c1 + 1]; j++)
              {
                double v[3], dx, dy, dz, d2;
                guint type, shell;

                isc_spatial_index_point (ix, j, v);
                dx = v[0] - p[0];
                dy = v[1] - p[1];
                dz = v[2] - p[2];
                d2 = dx * dx + dy * dy + dz * dz;
                if (d2 >= r2 || ix->id[j] == i)
                  continue;
                type = job->cloud->ion_type[ix->id[j]];
                shell = MIN ((guint) (sqrt (d2) * inv), job->n_bins - 1);
                to[shell] += t->per_element[type * t->n_elements + job->to];
                all[shell] += t->atoms[type];
              }
          }
    }
}

IscRdfResult *
isc_rdf_compute (const IscIonCloud    *cloud,
                 const IscRangeSet    *ranges,
                 const IscRoi         *roi,
                 const char           *from,
                 const char           *to,
                 const IscRdfSettings *settings,
                 GCancellable         *cancellable,
                 IscProgressFunc       progress,
                 gpointer              progress_data,
                 GError              **error)
{
  g_autoptr(IscRdfResult) r = NULL;
  g_autoptr(IscSpatialIndex) index = NULL;
  g_autoptr(IscSpatialIndex) centre_index = NULL;
  g_autofree guint32 *centres = NULL, *near = NULL;
  IscAtomTable table;
  g_autoptr(IscIonLists) lists = NULL;
  NnFlags flags;
  guint64 types[256];
  RdfJob job = { 0 };
  gsize n[3], n_c, n_near;
  guint64 bulk_to = 0, bulk_all = 0;
  int e_from, e_to;
  guint n_workers;
  gboolean ok = FALSE;

  g_return_val_if_fail (cloud != NULL && ranges != NULL && from != NULL && settings != NULL, NULL);

  if (!isc_spatial_check_ranged ("rdf", cloud, ranges, error))
    return NULL;
  if (!(isfinite (settings->r_max) && settings->r_max > 0 && isfinite (settings->dr) && settings->dr > 0)
      || settings->r_max / settings->dr > MAX_BINS)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "rdf: r_max (%g nm) and the shell width (%g nm) must be positive, with at most %d shells",
                   settings->r_max, settings->dr, MAX_BINS);
      return NULL;
    }
  isc_atom_table_init (&table, ranges);
  e_from = isc_atom_table_require (&table, "rdf", from, error);
  e_to = e_from < 0 ? -1 : isc_atom_table_require (&table, "rdf", to != NULL ? to : from, error);
  if (e_to < 0)
    goto out;
  n_workers = settings->n_workers ? settings->n_workers : isc_ion_pass_default_workers ();
  lists = nn_lists_new (&flags, cloud, roi, &table, e_from, e_to, n_workers, n, types, cancellable, error);
  if (lists == NULL)
    goto out;

  r = g_new0 (IscRdfResult, 1);
  r->from = g_strdup (table.elements[e_from]);
  r->to = g_strdup (table.elements[e_to]);
  r->dr = settings->dr;
  r->n_bins = (guint) ceil (settings->r_max / settings->dr - 1e-9);
  r->to_atoms = g_new0 (guint64, r->n_bins);
  r->all_atoms = g_new0 (guint64, r->n_bins);
  r->rdf = g_new (double, r->n_bins);
  r->sigma = g_new (double, r->n_bins);
  for (guint t = 0; t < 256; t++)
    if (types[t] > 0)
      {
        bulk_to += types[t] * table.per_element[t * table.n_elements + e_to];
        bulk_all += types[t] * table.atoms[t];
      }
  r->bulk = bulk_all > 0 ? (double) bulk_to / bulk_all : NAN;
  centres = isc_ion_lists_collect (lists, IS_FROM, settings->max_centres, &n_c, cancellable, error);
  if (centres == NULL)
    goto out;
  r->n_centres = n_c;
  /* the centres sorted by cell, so that neighbouring centres read the same cells */
  centre_index = isc_spatial_index_new_take (cloud, g_renew (guint32, g_steal_pointer (&centres), MAX (n_c, 1)),
                                             n_c, settings->r_max, error);
  if (centre_index == NULL)
    goto out;
  /* Only the ions of the region near a centre are indexed, not the whole region: the shells
   * count the same pairs, and the index stays small at any size. */
  near = isc_ion_lists_collect_near (lists, IN_REGION, centre_index, settings->r_max, &n_near, cancellable, error);
  if (near == NULL)
    goto out;
  g_clear_pointer (&lists, isc_ion_lists_free);
  index = isc_spatial_index_new_take (cloud, g_steal_pointer (&near), n_near, settings->r_max, error);
  if (index == NULL)
    goto out;
  job = (RdfJob) { cloud, index, &table, centre_index, e_to, settings->r_max, settings->dr, r->n_bins, NULL, NULL };
  job.to_atoms = g_new0 (guint64 *, n_workers);
  job.all_atoms = g_new0 (guint64 *, n_workers);
  for (guint w = 0; w < n_workers; w++)
    {
      job.to_atoms[w] = g_new0 (guint64, r->n_bins);
      job.all_atoms[w] = g_new0 (guint64, r->n_bins);
    }
  ok = isc_ion_pass_run_full (cloud, n_c, 256, n_workers, rdf_chunk, &job, cancellable, progress,
                              progress_data, 0.1, 1.0, error);
  for (guint w = 0; w < n_workers; w++)
    {
      for (guint s = 0; s < r->n_bins; s++)
        {
          r->to_atoms[s] += job.to_atoms[w][s];
          r->all_atoms[s] += job.all_atoms[w][s];
        }
      g_free (job.to_atoms[w]);
      g_free (job.all_atoms[w]);
    }
  g_free (job.to_atoms);
  g_free (job.all_atoms);
  for (guint s = 0; s < r->n_bins; s++)
    {
      double n = r->all_atoms[s], c = n > 0 ? r->to_atoms[s] / n : NAN;

      r->rdf[s] = n > 0 && r->bulk > 0 ? c / r->bulk : NAN;
      r->sigma[s] = n > 0 && r->bulk > 0 ? sqrt (c * (1 - c) / n) / r->bulk : NAN;
    }

out:
  isc_atom_table_clear (&table);
  return ok ? g_steal_pointer (&r) : NULL;
}

char *
isc_rdf_result_to_csv (const IscRdfResult *r)
{
  GString *s = g_string_new ("r_nm,to_atoms,all_atoms,rdf,sigma\n");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (r != NULL, NULL);

  for (guint k = 0; k < r->n_bins; k++)
    {
      g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", (k + 0.5) * r->dr));
      g_string_append_printf (s, ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT, r->to_atoms[k], r->all_atoms[k]);
      if (isnan (r->rdf[k]))
        g_string_append (s, ",nan,nan\n");
      else
        {
          g_string_append_c (s, ',');
          g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", r->rdf[k]));
          g_string_append_c (s, ',');
          g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", r->sigma[k]));
          g_string_append_c (s, '\n');
        }
    }
  return g_string_free (s, FALSE);
}
