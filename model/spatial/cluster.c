/* cluster.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "isc-memory.h"
#include "ion-pass.h"
#include "spatial-common.h"
#include "spatial-index.h"

/* Label values while computing. */
#define L_OUT      (-2)           /* outside the region, unranged, or without atoms */
#define L_MATRIX   (-1)
#define L_SOLUTE   (-3)           /* a solute ion not (yet) in a cluster */
#define ENVELOPE_BIT 0x40000000   /* set on ions the envelope added */

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
  g_free (r->labels);
  g_strfreev (r->elements);
  g_strfreev (r->solutes);
  g_free (r);
}

double
isc_cluster_fraction (const IscClusterResult *result,
                      const IscCluster       *cluster,
                      guint                   e)
{
  g_return_val_if_fail (e < result->n_elements, NAN);

  return cluster->atoms > 0 ? (double) cluster->counts[e] / cluster->atoms : NAN;
}

/* ---- pass 1: classify ions ---- */

typedef struct
{
  const IscIonCloud  *cloud;
  const IscRoi       *roi;
  const IscAtomTable *table;
  gboolean            solute_type[256];
  gint32             *labels;
  guint8            **mask;
} ClassifyJob;

static void
classify_chunk (gsize first, gsize n, guint worker, gpointer data)
{
  ClassifyJob *job = data;
  guint8 *mask = NULL;

  if (job->roi != NULL)
    {
      mask = job->mask[worker];
      isc_roi_select_range (job->roi, job->cloud, first, n, mask);
    }
  for (gsize j = 0; j < n; j++)
    {
      gsize i = first + j;
      guint t = job->cloud->ion_type[i];

      if (job->table->atoms[t] == 0 || (mask != NULL && !mask[j]))
        job->labels[i] = L_OUT;
      else
        job->labels[i] = job->solute_type[t] ? L_SOLUTE : L_MATRIX;
    }
}

/* ---- pass 2: link solutes closer than d_max (lock-free union-find) ---- */

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

/* ---- envelope and erosion ---- */

typedef struct
{
  const IscIonCloud     *cloud;
  const IscSpatialIndex *index;   /* clustered solutes (envelope) or matrix ions (erosion) */
  double                 dist;
  gint32                *labels;
  const guint32         *ids;     /* erosion: the envelope-added ions */
} ShellJob;

static void
envelope_chunk (gsize first, gsize n, guint worker, gpointer data)
{
  ShellJob *job = data;
  const IscIonCloud *cloud = job->cloud;

  for (gsize i = first; i < first + n; i++)
    {
      double p[3], d;
      guint32 id;
      gint32 l = job->labels[i];

      if (l != L_MATRIX && l != L_SOLUTE)
        continue;
      p[0] = cloud->x[i];
      p[1] = cloud->y[i];
      p[2] = cloud->z[i];
      if (isc_spatial_index_knn (job->index, p, 1, G_MAXUINT32, job->dist, &d, &id) == 1)
        job->labels[i] = job->labels[id] | ENVELOPE_BIT;
    }
}

static void
erosion_chunk (gsize first, gsize n, guint worker, gpointer data)
{
  ShellJob *job = data;
  const IscIonCloud *cloud = job->cloud;

  for (gsize k = first; k < first + n; k++)
    {
      guint32 i = job->ids[k];
      double p[3] = { cloud->x[i], cloud->y[i], cloud->z[i] }, d;

      if (isc_spatial_index_knn (job->index, p, 1, G_MAXUINT32, job->dist, &d, NULL) == 1)
        job->labels[i] = L_MATRIX;
    }
}

static int
compare_size (const void *a, const void *b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
require_ranged (const char *what, const IscIonCloud *cloud, const IscRangeSet *ranges, GError **error)
{
  return isc_spatial_check_ranged (what, cloud, ranges, error);
}

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
  g_autoptr(IscSpatialIndex) index = NULL;
  g_autofree guint32 *ids = NULL;
  g_autofree gint *parent = NULL;
  IscAtomTable table;
  ClassifyJob cj = { 0 };
  guint n_workers;
  gsize n_solutes = 0, n = cloud != NULL ? cloud->n_ions : 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (cloud != NULL && ranges != NULL && settings != NULL, NULL);

  if (!require_ranged ("cluster", cloud, ranges, error))
    return NULL;
  if (!(isfinite (settings->d_max) && settings->d_max > 0))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "cluster: d_max must be a positive distance in nm, not %g", settings->d_max);
      return NULL;
    }
  if (settings->n_min < 1)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "cluster: N_min must be at least 1 solute ion");
      return NULL;
    }
  if (!(isfinite (settings->envelope) && settings->envelope >= 0)
      || !(isfinite (settings->erosion) && settings->erosion >= 0))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "cluster: the envelope (%g nm) and erosion (%g nm) distances must be 0 or positive",
                   settings->envelope, settings->erosion);
      return NULL;
    }
  if (settings->solutes == NULL || settings->solutes[0] == NULL)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "cluster: name at least one solute element");
      return NULL;
    }
  if (n > G_MAXINT32)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_UNSUPPORTED,
                   "cluster: at most %d ions", G_MAXINT32);
      return NULL;
    }

  isc_atom_table_init (&table, ranges);
  for (guint s = 0; settings->solutes[s] != NULL; s++)
    {
      int e = isc_atom_table_require (&table, "cluster", settings->solutes[s], error);

      if (e < 0)
        {
          isc_atom_table_clear (&table);
          return NULL;
        }
      for (guint t = 0; t < table.n_types; t++)
        if (table.per_element[t * table.n_elements + e] > 0)
          cj.solute_type[t] = TRUE;
    }

  r = g_new0 (IscClusterResult, 1);
  r->n_elements = table.n_elements;
  r->elements = g_strdupv (table.elements);
  r->solutes = g_strdupv ((char **) settings->solutes);
  r->d_max = settings->d_max;
  r->n_min = settings->n_min;
  r->envelope = settings->envelope;
  r->erosion = settings->erosion;
  r->n_ions = n;
  if (!isc_memory_check ((guint64) MAX (n, 1) * 4, "cluster analysis", error))
    goto out;
  r->labels = g_new (gint32, MAX (n, 1));
  r->matrix_counts = g_new0 (guint64, MAX (r->n_elements, 1));
  n_workers = settings->n_workers ? settings->n_workers : isc_ion_pass_default_workers ();

  /* 1. Which ions are solutes. */
  cj.cloud = cloud;
  cj.roi = roi != NULL && roi->kind != ISC_ROI_ALL ? roi : NULL;
  cj.table = &table;
  cj.labels = r->labels;
  cj.mask = g_new0 (guint8 *, n_workers);
  for (guint w = 0; w < n_workers; w++)
    cj.mask[w] = g_new (guint8, ISC_ION_PASS_CHUNK);
  ok = isc_ion_pass_run_full (cloud, n, 0, n_workers, classify_chunk, &cj, cancellable, progress,
                              progress_data, 0.0, 0.1, error);
  for (guint w = 0; w < n_workers; w++)
    g_free (cj.mask[w]);
  g_free (cj.mask);
  if (!ok)
    goto out;
  ok = FALSE;
  for (gsize i = 0; i < n; i++)
    n_solutes += r->labels[i] == L_SOLUTE;
  r->solute_ions = n_solutes;
  /* Per solute: its id (kept by the index) and its union-find parent, nothing else. */
  ids = isc_memory_try_new (n_solutes, sizeof (guint32), FALSE, "cluster analysis", error);
  if (ids == NULL)
    goto out;
  n_solutes = 0;
  for (gsize i = 0; i < n; i++)
    if (r->labels[i] == L_SOLUTE)
      ids[n_solutes++] = (guint32) i;

  /* 2. Link. */
  index = isc_spatial_index_new_take (cloud, g_steal_pointer (&ids), n_solutes, settings->d_max, error);
  if (index == NULL)
    goto out;
  parent = isc_memory_try_new (n_solutes, sizeof (gint), FALSE, "cluster analysis", error);
  if (parent == NULL)
    goto out;
  for (gsize i = 0; i < n_solutes; i++)
    parent[i] = (gint) i;
  {
    LinkJob lj = { index, settings->d_max, parent };

    if (!isc_parallel_run (n_solutes, 4096, n_workers, link_chunk, &lj, cancellable, progress,
                           progress_data, 0.1, 0.5, error))
      goto out;
  }

  /* 3. Clusters of at least N_min solute ions, numbered in file order of their first ion. A
   * root is the first position of its component (the larger root is linked under the smaller),
   * so in ascending order each root is compressed before its members, and then holds minus
   * its component's size in place of a table of sizes. */
  for (gsize i = 0; i < n_solutes; i++)
    parent[i] = uf_find (parent, (gint) i);
  for (gsize i = 0; i < n_solutes; i++)
    {
      if (parent[i] == (gint) i)
        parent[i] = -1;
      else
        parent[parent[i]]--;
    }
  for (gsize i = 0; i < n_solutes; i++)
    {
      gint root = parent[i] < 0 ? (gint) i : parent[i];

      r->labels[index->id[i]] = (guint) -parent[root] >= settings->n_min ? -(10 + root) : L_SOLUTE;
    }
  g_clear_pointer (&index, isc_spatial_index_free);
  /* the union-find array, now the cluster of each root */
  memset (parent, 0xff, MAX (n_solutes, 1) * sizeof (gint));
  for (gsize i = 0; i < n; i++)
    if (r->labels[i] <= -10)
      {
        gint root = -(r->labels[i] + 10);

        if (parent[root] < 0)
          parent[root] = r->n_clusters++;
        r->labels[i] = parent[root];
      }
  g_clear_pointer (&parent, g_free);

  /* 4. Envelope: every other ion within L of a cluster's solutes joins the nearest cluster. */
  if (settings->envelope > 0 && r->n_clusters > 0)
    {
      gsize n_core = 0;
      ShellJob sj;

      for (gsize i = 0; i < n; i++)
        n_core += r->labels[i] >= 0;
      ids = isc_memory_try_new (n_core, sizeof (guint32), FALSE, "cluster analysis", error);
      if (ids == NULL)
        goto out;
      n_core = 0;
      for (gsize i = 0; i < n; i++)
        if (r->labels[i] >= 0)
          ids[n_core++] = (guint32) i;
      index = isc_spatial_index_new_take (cloud, g_steal_pointer (&ids), n_core, settings->envelope, error);
      if (index == NULL)
        goto out;
      sj = (ShellJob) { cloud, index, settings->envelope, r->labels, NULL };
      if (!isc_ion_pass_run_full (cloud, n, 0, n_workers, envelope_chunk, &sj, cancellable, progress,
                                  progress_data, 0.5, 0.7, error))
        goto out;
      g_clear_pointer (&index, isc_spatial_index_free);

      /* 5. Erosion: added ions within E of an ion outside every cluster leave again. */
      if (settings->erosion > 0)
        {
          g_autofree guint32 *added = NULL;
          g_autofree guint32 *outside = NULL;
          gsize n_added = 0, n_outside = 0;

          for (gsize i = 0; i < n; i++)
            {
              if (r->labels[i] >= 0 && (r->labels[i] & ENVELOPE_BIT))
                n_added++;
              else if (r->labels[i] == L_MATRIX || r->labels[i] == L_SOLUTE)
                n_outside++;
            }
          added = isc_memory_try_new (n_added, sizeof (guint32), FALSE, "cluster analysis", error);
          outside = added ? isc_memory_try_new (n_outside, sizeof (guint32), FALSE, "cluster analysis", error) : NULL;
          if (outside == NULL)
            goto out;
          n_added = n_outside = 0;
          for (gsize i = 0; i < n; i++)
            {
              if (r->labels[i] >= 0 && (r->labels[i] & ENVELOPE_BIT))
                added[n_added++] = (guint32) i;
              else if (r->labels[i] == L_MATRIX || r->labels[i] == L_SOLUTE)
                outside[n_outside++] = (guint32) i;
            }
          index = isc_spatial_index_new_take (cloud, g_steal_pointer (&outside), n_outside,
                                              MAX (settings->erosion, 0.5), error);
          if (index == NULL)
            goto out;
          sj = (ShellJob) { cloud, index, settings->erosion, r->labels, added };
          if (!isc_ion_pass_run_full (cloud, n_added, 4096, n_workers, erosion_chunk, &sj, cancellable,
                                      progress, progress_data, 0.7, 0.85, error))
            goto out;
          g_clear_pointer (&index, isc_spatial_index_free);
        }
    }

  /* 6. Per cluster: counts, centre, radius of gyration of the solute ions (one serial read of
   * the positions, after the mapping is checked as a pass would). */
  if (!isc_ion_cloud_check_mapping (cloud, error))
    goto out;
  r->clusters = g_new0 (IscCluster, MAX (r->n_clusters, 1));
  {
    g_autofree double *sums = g_new0 (double, (gsize) MAX (r->n_clusters, 1) * 10);

    for (guint c = 0; c < r->n_clusters; c++)
      {
        r->clusters[c].id = c;
        r->clusters[c].counts = g_new0 (guint64, MAX (r->n_elements, 1));
      }
    for (gsize i = 0; i < n; i++)
      {
        gint32 l = r->labels[i];
        guint t = cloud->ion_type[i];

        if (l >= 0)
          {
            IscCluster *c;
            double *s;

            l &= ~ENVELOPE_BIT;
            r->labels[i] = l;
            c = &r->clusters[l];
            s = sums + (gsize) l * 10;
            c->ions++;
            c->atoms += table.atoms[t];
            for (guint e = 0; e < r->n_elements; e++)
              c->counts[e] += table.per_element[t * table.n_elements + e];
            s[0] += cloud->x[i];
            s[1] += cloud->y[i];
            s[2] += cloud->z[i];
            if (cj.solute_type[t])
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
        else
          {
            if (l == L_MATRIX || l == L_SOLUTE)
              {
                r->matrix_ions++;
                r->matrix_atoms += table.atoms[t];
                for (guint e = 0; e < r->n_elements; e++)
                  r->matrix_counts[e] += table.per_element[t * table.n_elements + e];
              }
            r->labels[i] = -1;
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
          for (guint k = 0; settings->solutes[k] != NULL; k++)
            if (g_ascii_strcasecmp (r->elements[e], settings->solutes[k]) == 0)
              cl->solute_atoms += cl->counts[e];
      }
  }

  /* The size distribution. */
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
  if (progress != NULL)
    progress (1.0, progress_data);
  ok = TRUE;

out:
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
