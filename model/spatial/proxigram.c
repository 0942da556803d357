/* proxigram.c: composition against signed distance to an isosurface.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "ion-pass.h"
#include "isosurface.h"
#include "keyed-sort-private.h"

#define MAX_SHELLS 100000
#define PROX_CHUNK 16384   /* ions per chunk, sorted by cell within it */

void
isc_proxigram_settings_init (IscProxigramSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->shell = 0.2;
  settings->d_min = -5.0;
  settings->d_max = 5.0;
  settings->surface = -1;
  settings->n_workers = 0;
}

void
isc_proxigram_free (IscProxigram *p)
{
  if (p == NULL)
    return;
  g_strfreev (p->elements);
  g_free (p->start);
  g_free (p->end);
  g_free (p->atoms);
  g_free (p->counts);
  g_free (p->fraction);
  g_free (p->sigma);
  g_free (p);
}

int
isc_proxigram_find_element (const IscProxigram *p,
                            const char         *symbol)
{
  for (guint e = 0; e < p->n_elements; e++)
    if (g_str_equal (p->elements[e], symbol))
      return e;
  return -1;
}

/* Triangles filed by cell (cells = the padded grid's points, one bin each), and per cell the
 * Chebyshev distance in cells to the nearest non-empty cell. */
typedef struct
{
  const IscIsosurface *s;
  guint                dims[3];
  guint32             *start;     /* n_cells + 1 */
  guint32             *tris;
  double               cell;      /* nm, edge of a cell (a multiple of the voxel bin) */
  guint16             *ring;      /* lower bound: no triangle in cells closer than this ring */
  guint                max_ring;
  float               *sphere;    /* per triangle: centre x, y, z and radius of a bounding sphere */
  float               *entry_sphere; /* the same per filed entry (in tris order) */
} TriGrid;

static inline gsize
tri_cell (const TriGrid *g, long i, long j, long k)
{
  return ((gsize) k * g->dims[1] + j) * g->dims[0] + i;
}

static void
tri_grid_build (TriGrid             *g,
                const IscIsosurface *s,
                gint                 only,
                double               cell,
                guint                max_ring)
{
  gsize n_cells;
  g_autofree guint32 *cursor = NULL;
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (guint32));

  g->s = s;
  for (int a = 0; a < 3; a++)
    g->dims[a] = (guint) ceil (s->pdims[a] * s->bin / cell);
  g->cell = cell;
  g->sphere = g_new (float, 4 * (gsize) MAX (s->n_triangles, 1));
  for (guint t = 0; t < s->n_triangles; t++)
    {
      float *c = g->sphere + 4 * (gsize) t;
      double r2 = 0;

      for (int a = 0; a < 3; a++)
        c[a] = (s->vertices[3 * s->triangles[3 * t] + a] + s->vertices[3 * s->triangles[3 * t + 1] + a]
                + s->vertices[3 * s->triangles[3 * t + 2] + a]) / 3.0f;
      for (int k = 0; k < 3; k++)
        {
          const float *v = s->vertices + 3 * s->triangles[3 * t + k];
          double d2 = (v[0] - c[0]) * (v[0] - c[0]) + (v[1] - c[1]) * (v[1] - c[1]) + (v[2] - c[2]) * (v[2] - c[2]);

          r2 = MAX (r2, d2);
        }
      c[3] = (float) sqrt (r2) * 1.0001f;
    }
  n_cells = (gsize) g->dims[0] * g->dims[1] * g->dims[2];
  g->start = g_new0 (guint32, n_cells + 1);
  g->max_ring = max_ring;
  for (int pass = 0; pass < 2; pass++)
    {
      for (guint t = 0; t < s->n_triangles; t++)
        {
          long lo[3], hi[3];

          if (only >= 0 && s->surface_of[t] != (guint) only)
            continue;
          for (int a = 0; a < 3; a++)
            {
              double mn = INFINITY, mx = -INFINITY;

              for (int c = 0; c < 3; c++)
                {
                  double v = (s->vertices[3 * s->triangles[3 * t + c] + a] - s->origin[a]) / g->cell;

                  mn = MIN (mn, v);
                  mx = MAX (mx, v);
                }
              lo[a] = CLAMP ((long) floor (mn), 0, (long) g->dims[a] - 1);
              hi[a] = CLAMP ((long) floor (mx), 0, (long) g->dims[a] - 1);
            }
          for (long k = lo[2]; k <= hi[2]; k++)
            for (long j = lo[1]; j <= hi[1]; j++)
              for (long i = lo[0]; i <= hi[0]; i++)
                {
                  gsize c = tri_cell (g, i, j, k);

                  if (pass == 0)
                    g->start[c + 1]++;
                  else
                    g->tris[cursor[c]++] = t;
                }
        }
      if (pass == 0)
        {
          for (gsize c = 0; c < n_cells; c++)
            g->start[c + 1] += g->start[c];
          g->tris = g_new (guint32, MAX (g->start[n_cells], 1));
          cursor = g_memdup2 (g->start, n_cells * sizeof (guint32));
        }
    }

  /* Each filed entry's bounding sphere beside it, so a cell's spheres are read in sequence. */
  g->entry_sphere = g_new (float, 4 * (gsize) MAX (g->start[n_cells], 1));
  for (gsize e = 0; e < g->start[n_cells]; e++)
    memcpy (g->entry_sphere + 4 * e, g->sphere + 4 * (gsize) g->tris[e], 4 * sizeof (float));

  /* Multi-source breadth-first search over the 26 neighbours: Chebyshev rings. */
  g->ring = g_new (guint16, n_cells);
  for (gsize c = 0; c < n_cells; c++)
    {
      g->ring[c] = G_MAXUINT16;
      if (g->start[c + 1] > g->start[c])
        {
          guint32 c32 = (guint32) c;

          g->ring[c] = 0;
          g_array_append_val (queue, c32);
        }
    }
  for (guint head = 0; head < queue->len; head++)
    {
      guint32 c = g_array_index (queue, guint32, head);
      long i = c % g->dims[0], j = (c / g->dims[0]) % g->dims[1], k = c / ((gsize) g->dims[0] * g->dims[1]);

      if (g->ring[c] >= max_ring)
        continue;
      for (int dk = -1; dk <= 1; dk++)
        for (int dj = -1; dj <= 1; dj++)
          for (int di = -1; di <= 1; di++)
            {
              long ni = i + di, nj = j + dj, nk = k + dk;
              gsize q;

              if (ni < 0 || nj < 0 || nk < 0 || ni >= g->dims[0] || nj >= g->dims[1] || nk >= g->dims[2])
                continue;
              q = tri_cell (g, ni, nj, nk);
              if (g->ring[q] != G_MAXUINT16)
                continue;
              g->ring[q] = g->ring[c] + 1;
              {
                guint32 q32 = (guint32) q;

                g_array_append_val (queue, q32);
              }
            }
    }
}

static void
tri_grid_clear (TriGrid *g)
{
  g_free (g->start);
  g_free (g->tris);
  g_free (g->ring);
  g_free (g->sphere);
  g_free (g->entry_sphere);
}

/* Squared distance from @p to triangle a, b, c (Ericson, Real-Time Collision Detection 5.1.5). */
static double
point_triangle_d2 (const double p[3], const float *A, const float *B, const float *C)
{
  double a[3] = { A[0], A[1], A[2] }, b[3] = { B[0], B[1], B[2] }, c[3] = { C[0], C[1], C[2] };
  double ab[3], ac[3], ap[3], bp[3], cp[3], q[3];
  double d1, d2, d3, d4, d5, d6, va, vb, vc, v, w;

#define DOT(u, x) ((u)[0] * (x)[0] + (u)[1] * (x)[1] + (u)[2] * (x)[2])
  for (int k = 0; k < 3; k++)
    {
      ab[k] = b[k] - a[k];
      ac[k] = c[k] - a[k];
      ap[k] = p[k] - a[k];
      bp[k] = p[k] - b[k];
      cp[k] = p[k] - c[k];
    }
  d1 = DOT (ab, ap);
  d2 = DOT (ac, ap);
  if (d1 <= 0 && d2 <= 0)
    return DOT (ap, ap);
  d3 = DOT (ab, bp);
  d4 = DOT (ac, bp);
  if (d3 >= 0 && d4 <= d3)
    return DOT (bp, bp);
  vc = d1 * d4 - d3 * d2;
  if (vc <= 0 && d1 >= 0 && d3 <= 0)
    {
      v = d1 / (d1 - d3);
      for (int k = 0; k < 3; k++)
        q[k] = ap[k] - v * ab[k];
      return DOT (q, q);
    }
  d5 = DOT (ab, cp);
  d6 = DOT (ac, cp);
  if (d6 >= 0 && d5 <= d6)
    return DOT (cp, cp);
  vb = d5 * d2 - d1 * d6;
  if (vb <= 0 && d2 >= 0 && d6 <= 0)
    {
      w = d2 / (d2 - d6);
      for (int k = 0; k < 3; k++)
        q[k] = ap[k] - w * ac[k];
      return DOT (q, q);
    }
  va = d3 * d6 - d5 * d4;
  if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0)
    {
      w = (d4 - d3) / ((d4 - d3) + (d5 - d6));
      for (int k = 0; k < 3; k++)
        q[k] = bp[k] - w * (c[k] - b[k]);
      return DOT (q, q);
    }
  {
    double denom = 1.0 / (va + vb + vc);

    v = vb * denom;
    w = vc * denom;
    for (int k = 0; k < 3; k++)
      q[k] = ap[k] - ab[k] * v - ac[k] * w;
    return DOT (q, q);
  }
#undef DOT
}

/* Unsigned distance to the nearest filed triangle, or INFINITY beyond @limit. */
static double
nearest_triangle (const TriGrid *g,
                  const double   p[3],
                  double         limit,
                  guint32       *hint)
{
  const IscIsosurface *s = g->s;
  long c0[3];
  double best2 = INFINITY, best = INFINITY;
  guint r0, max_ring = 0;

  /* The previous ion's nearest triangle (ions come in cell order): a tight first bound, so the
   * distance checks of cells and bounding spheres skip nearly everything else. */
  if (*hint != G_MAXUINT32)
    {
      best2 = point_triangle_d2 (p, s->vertices + 3 * s->triangles[3 * *hint],
                                 s->vertices + 3 * s->triangles[3 * *hint + 1],
                                 s->vertices + 3 * s->triangles[3 * *hint + 2]);
      best = sqrt (best2);
    }

  for (int a = 0; a < 3; a++)
    {
      c0[a] = (long) floor ((p[a] - s->origin[a]) / g->cell);
      c0[a] = CLAMP (c0[a], 0, (long) g->dims[a] - 1);
      max_ring = MAX (max_ring, (guint) MAX (c0[a], (long) g->dims[a] - 1 - c0[a]));
    }
  r0 = g->ring[tri_cell (g, c0[0], c0[1], c0[2])];
  if (r0 == G_MAXUINT16 || r0 > g->max_ring)
    return INFINITY;
  if (r0 >= 1 && (r0 - 1) * g->cell > limit)
    return INFINITY;
  for (guint r = r0; r <= max_ring; r++)
    {
      if (r >= 1 && (r - 1) * g->cell > limit)
        break;
      for (long k = c0[2] - (long) r; k <= c0[2] + (long) r; k++)
        for (long j = c0[1] - (long) r; j <= c0[1] + (long) r; j++)
          for (long i = c0[0] - (long) r; i <= c0[0] + (long) r; i++)
            {
              gsize c;

              if (i < 0 || j < 0 || k < 0 || i >= g->dims[0] || j >= g->dims[1] || k >= g->dims[2])
                continue;
              if (labs (i - c0[0]) != (long) r && labs (j - c0[1]) != (long) r && labs (k - c0[2]) != (long) r)
                {
                  if (r > 0 && i < c0[0] + (long) r)
                    i = c0[0] + (long) r - 1;
                  continue;
                }
              c = tri_cell (g, i, j, k);
              if (g->start[c + 1] == g->start[c])
                continue;
              /* The whole cell lies farther than the best so far. */
              {
                double box2 = 0;
                long cc[3] = { i, j, k };

                for (int a = 0; a < 3; a++)
                  {
                    double lo = s->origin[a] + cc[a] * g->cell, e = 0;

                    if (p[a] < lo)
                      e = lo - p[a];
                    else if (p[a] > lo + g->cell)
                      e = p[a] - lo - g->cell;
                    box2 += e * e;
                  }
                if (box2 >= best2)
                  continue;
              }
              for (guint32 n = g->start[c]; n < g->start[c + 1]; n++)
                {
                  const float *sp = g->entry_sphere + 4 * (gsize) n;
                  double dx = p[0] - sp[0], dy = p[1] - sp[1], dz = p[2] - sp[2];
                  double reach = sp[3] + best, d2;
                  guint32 t;

                  /* Farther than the best so far even from the bounding sphere. */
                  if (dx * dx + dy * dy + dz * dz >= reach * reach)
                    continue;
                  t = g->tris[n];
                  d2 = point_triangle_d2 (p, s->vertices + 3 * s->triangles[3 * t],
                                          s->vertices + 3 * s->triangles[3 * t + 1],
                                          s->vertices + 3 * s->triangles[3 * t + 2]);
                  if (d2 < best2)
                    {
                      best2 = d2;
                      best = sqrt (d2);
                      *hint = t;
                    }
                }
            }
      if (best2 <= ((double) r * g->cell) * ((double) r * g->cell))
        break;
    }
  return best2 <= limit * limit ? sqrt (best2) : INFINITY;
}

typedef struct
{
  const TriGrid     *grid;
  const IscIonCloud *cloud;
  const IscRoi      *roi;
  const IscAtomTable *table;
  double             d_min, shell, limit;
  guint              n_shells;
  guint              n_types;
  guint8           **mask;
  guint64          **hist;   /* per worker: n_shells × n_types */
  IscKeyedRecord   **order;  /* per worker: a chunk's ions by cell */
  IscKeyedRecord   **scratch;
} ProxJob;

static void
prox_chunk (gsize    first,
            gsize    n,
            guint    worker,
            gpointer data)
{
  ProxJob *job = data;
  const IscIonCloud *cloud = job->cloud;
  const IscIsosurface *s = job->grid->s;
  const TriGrid *g = job->grid;
  guint8 *mask = job->mask[worker];
  IscKeyedRecord *order = job->order[worker];
  guint32 hint = G_MAXUINT32;
  gsize m = 0;

  if (job->roi != NULL)
    isc_roi_select_range (job->roi, cloud, first, n, mask);
  /* The chunk's ions in cell order: neighbouring ions search the same cells, in cache. */
  for (gsize j = 0; j < n; j++)
    {
      gsize i = first + j;
      guint t = cloud->ion_type[i];
      long c[3];

      if (t >= job->n_types || job->table->atoms[t] == 0 || (job->roi != NULL && !mask[j]))
        continue;
      c[0] = CLAMP ((long) floor ((cloud->x[i] - s->origin[0]) / g->cell), 0, (long) g->dims[0] - 1);
      c[1] = CLAMP ((long) floor ((cloud->y[i] - s->origin[1]) / g->cell), 0, (long) g->dims[1] - 1);
      c[2] = CLAMP ((long) floor ((cloud->z[i] - s->origin[2]) / g->cell), 0, (long) g->dims[2] - 1);
      order[m].key = (float) tri_cell (g, c[0], c[1], c[2]);
      order[m].payload = (guint32) j;
      m++;
    }
  isc_keyed_sort_stable (order, m, job->scratch[worker]);
  for (gsize k = 0; k < m; k++)
    {
      gsize i = first + order[k].payload;
      guint t = cloud->ion_type[i];
      double p[3], d;
      long shell;

      p[0] = cloud->x[i];
      p[1] = cloud->y[i];
      p[2] = cloud->z[i];
      d = nearest_triangle (job->grid, p, job->limit, &hint);
      if (!isfinite (d))
        continue;
      if (!(isc_isosurface_field_at (s, p) >= s->threshold))
        d = -d;
      shell = (long) floor ((d - job->d_min) / job->shell);
      if (shell < 0 || shell >= job->n_shells)
        continue;
      job->hist[worker][shell * job->n_types + t]++;
    }
}

IscProxigram *
isc_proxigram_compute (const IscIsosurface         *surface,
                       const IscIonCloud           *cloud,
                       const IscRangeSet           *ranges,
                       const IscRoi                *roi,
                       const IscProxigramSettings  *settings,
                       GCancellable                *cancellable,
                       IscProgressFunc              progress,
                       gpointer                     progress_data,
                       GError                     **error)
{
  g_autoptr(IscProxigram) p = NULL;
  IscAtomTable table;
  TriGrid grid = { 0 };
  ProxJob job = { 0 };
  double span, limit;
  guint n_workers;
  gboolean ok;

  g_return_val_if_fail (surface != NULL && cloud != NULL && ranges != NULL && settings != NULL, NULL);

  if (!isc_spatial_check_ranged ("proxigram", cloud, ranges, error))
    return NULL;
  if (!(isfinite (settings->shell) && settings->shell > 0))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "proxigram: the shell width must be a positive number of nm, not %g", settings->shell);
      return NULL;
    }
  span = settings->d_max - settings->d_min;
  if (!(isfinite (span) && span > 0) || span / settings->shell > MAX_SHELLS)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "proxigram: the distance range %g … %g nm in shells of %g nm is empty or too fine",
                   settings->d_min, settings->d_max, settings->shell);
      return NULL;
    }
  if (settings->surface >= 0 && (guint) settings->surface >= surface->n_surfaces)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "proxigram: there is no surface %d (the isosurface has %u)", settings->surface,
                   surface->n_surfaces);
      return NULL;
    }

  isc_atom_table_init (&table, ranges);
  p = g_new0 (IscProxigram, 1);
  p->n_shells = (guint) ceil (span / settings->shell - 1e-9);
  p->n_elements = table.n_elements;
  p->elements = g_strdupv (table.elements);
  p->start = g_new (double, p->n_shells);
  p->end = g_new (double, p->n_shells);
  p->atoms = g_new0 (guint64, p->n_shells);
  p->counts = g_new0 (guint64, (gsize) p->n_shells * p->n_elements);
  p->fraction = g_new (double, (gsize) p->n_shells * p->n_elements);
  p->sigma = g_new (double, (gsize) p->n_shells * p->n_elements);
  for (guint k = 0; k < p->n_shells; k++)
    {
      p->start[k] = settings->d_min + k * settings->shell;
      p->end[k] = MIN (settings->d_min + (k + 1) * settings->shell, settings->d_max);
    }

  limit = MAX (fabs (settings->d_min), fabs (settings->d_max));
  /* Cells of a third of the distance range (at least a voxel): few rings to search, and the
   * distance checks of cells and bounding spheres keep the triangles tested few. */
  {
    double cell = surface->bin * MAX (1.0, ceil (limit / 3.0 / surface->bin));

    tri_grid_build (&grid, surface, settings->surface, cell,
                    (guint) MIN (ceil (limit / cell) + 2, G_MAXUINT16 - 1));
  }
  n_workers = settings->n_workers ? settings->n_workers : isc_ion_pass_default_workers ();
  job = (ProxJob) { &grid, cloud, roi != NULL && roi->kind != ISC_ROI_ALL ? roi : NULL, &table,
                    settings->d_min, settings->shell, limit, p->n_shells, MAX (table.n_types, 1),
                    NULL, NULL, NULL, NULL };
  job.mask = g_new0 (guint8 *, n_workers);
  job.hist = g_new0 (guint64 *, n_workers);
  job.order = g_new0 (IscKeyedRecord *, n_workers);
  job.scratch = g_new0 (IscKeyedRecord *, n_workers);
  for (guint w = 0; w < n_workers; w++)
    {
      job.order[w] = g_new (IscKeyedRecord, PROX_CHUNK);
      job.scratch[w] = g_new (IscKeyedRecord, PROX_CHUNK);
      job.mask[w] = g_new (guint8, PROX_CHUNK);
      job.hist[w] = g_new0 (guint64, (gsize) p->n_shells * job.n_types);
    }
  ok = surface->n_triangles == 0
       || isc_ion_pass_run_full (cloud, cloud->n_ions, PROX_CHUNK, n_workers, prox_chunk, &job, cancellable,
                                 progress, progress_data, 0, 1, error);
  if (ok)
    for (guint k = 0; k < p->n_shells; k++)
      for (guint t = 0; t < job.n_types; t++)
        {
          guint64 n_t = 0;

          for (guint w = 0; w < n_workers; w++)
            n_t += job.hist[w][(gsize) k * job.n_types + t];
          if (n_t == 0)
            continue;
          p->n_ions += n_t;
          p->atoms[k] += n_t * table.atoms[t];
          for (guint e = 0; e < p->n_elements; e++)
            p->counts[(gsize) k * p->n_elements + e] += n_t * table.per_element[t * table.n_elements + e];
        }
  for (guint k = 0; k < p->n_shells; k++)
    for (guint e = 0; e < p->n_elements; e++)
      {
        gsize at = (gsize) k * p->n_elements + e;
        double n = p->atoms[k], c = n > 0 ? p->counts[at] / n : NAN;

        p->fraction[at] = c;
        p->sigma[at] = n > 0 ? sqrt (c * (1 - c) / n) : NAN;
      }
  for (guint w = 0; w < n_workers; w++)
    {
      g_free (job.mask[w]);
      g_free (job.hist[w]);
      g_free (job.order[w]);
      g_free (job.scratch[w]);
    }
  g_free (job.mask);
  g_free (job.hist);
  g_free (job.order);
  g_free (job.scratch);
  tri_grid_clear (&grid);
  isc_atom_table_clear (&table);
  if (!ok)
    return NULL;
  if (progress != NULL)
    progress (1.0, progress_data);
  return g_steal_pointer (&p);
}

char *
isc_proxigram_to_csv (const IscProxigram *p)
{
  GString *s = g_string_new ("start_nm,end_nm,atoms");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (p != NULL, NULL);

  for (guint e = 0; e < p->n_elements; e++)
    g_string_append_printf (s, ",%s_count,%s_fraction,%s_sigma", p->elements[e], p->elements[e], p->elements[e]);
  g_string_append_c (s, '\n');
  for (guint k = 0; k < p->n_shells; k++)
    {
      g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", p->start[k]));
      g_string_append_c (s, ',');
      g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", p->end[k]));
      g_string_append_printf (s, ",%" G_GUINT64_FORMAT, p->atoms[k]);
      for (guint e = 0; e < p->n_elements; e++)
        {
          gsize at = (gsize) k * p->n_elements + e;

          g_string_append_printf (s, ",%" G_GUINT64_FORMAT, p->counts[at]);
          if (isnan (p->fraction[at]))
            g_string_append (s, ",nan,nan");
          else
            {
              g_string_append_c (s, ',');
              g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", p->fraction[at]));
              g_string_append_c (s, ',');
              g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", p->sigma[at]));
            }
        }
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}
