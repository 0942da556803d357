/* isosurface.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "ion-pass.h"
#include "isosurface.h"

/* The six tetrahedra of a cube around its diagonal 0–7 (corner c = dx + 2 dy + 4 dz). */
static const guint8 tets[6][4] = {
  { 0, 1, 3, 7 }, { 0, 1, 5, 7 }, { 0, 2, 3, 7 }, { 0, 2, 6, 7 }, { 0, 4, 5, 7 }, { 0, 4, 6, 7 },
};

void
isc_isosurface_free (IscIsosurface *surface)
{
  if (surface == NULL)
    return;
  g_free (surface->quantity);
  g_free (surface->vertices);
  g_free (surface->triangles);
  g_free (surface->surface_of);
  for (guint i = 0; surface->surfaces != NULL && i < surface->n_surfaces; i++)
    g_free (surface->surfaces[i].counts);
  g_free (surface->surfaces);
  g_strfreev (surface->elements);
  g_free (surface->field);
  g_free (surface->label);
  g_free (surface->region_of);
  g_free (surface);
}

/* Open-addressing map from a grid edge (two point indices) to its vertex. */
typedef struct
{
  guint64 *keys;    /* 0: empty; key + 1 stored */
  guint32 *values;
  gsize    mask;
  gsize    used;
} EdgeMap;

static void
edge_map_init (EdgeMap *m, gsize capacity)
{
  gsize n = 1024;

  while (n < capacity * 2)
    n *= 2;
  m->keys = g_new0 (guint64, n);
  m->values = g_new (guint32, n);
  m->mask = n - 1;
  m->used = 0;
}

static inline gsize
edge_hash (guint64 k)
{
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  return (gsize) k;
}

static void edge_map_insert_raw (EdgeMap *m, guint64 stored, guint32 value);

static void
edge_map_grow (EdgeMap *m)
{
  EdgeMap bigger;
  gsize old = m->mask + 1;

  edge_map_init (&bigger, old);
  for (gsize i = 0; i < old; i++)
    if (m->keys[i] != 0)
      edge_map_insert_raw (&bigger, m->keys[i], m->values[i]);
  g_free (m->keys);
  g_free (m->values);
  *m = bigger;
}

static void
edge_map_insert_raw (EdgeMap *m, guint64 stored, guint32 value)
{
  gsize at = edge_hash (stored) & m->mask;

  while (m->keys[at] != 0)
    at = (at + 1) & m->mask;
  m->keys[at] = stored;
  m->values[at] = value;
  m->used++;
}

/* The vertex of @key, or G_MAXUINT32 with *@slot where to insert it. */
static inline guint32
edge_map_lookup (EdgeMap *m, guint64 key)
{
  gsize at = edge_hash (key + 1) & m->mask;

  while (m->keys[at] != 0)
    {
      if (m->keys[at] == key + 1)
        return m->values[at];
      at = (at + 1) & m->mask;
    }
  return G_MAXUINT32;
}

typedef struct
{
  IscIsosurface *s;
  GArray        *vertices;   /* float × 3 */
  GArray        *inside_pt;  /* guint32: the point above the threshold of each vertex's edge */
  GArray        *boundary;   /* guint8: the edge touches the padding */
  GArray        *triangles;  /* guint32 × 3 */
  EdgeMap        map;
  gsize          n_points;
} Builder;

static inline gboolean
is_padding (const IscIsosurface *s, gsize p)
{
  gsize i = p % s->pdims[0], j = (p / s->pdims[0]) % s->pdims[1], k = p / ((gsize) s->pdims[0] * s->pdims[1]);

  return i == 0 || j == 0 || k == 0 || i == s->pdims[0] - 1 || j == s->pdims[1] - 1 || k == s->pdims[2] - 1;
}

static inline void
point_position (const IscIsosurface *s, gsize p, double out[3])
{
  gsize i = p % s->pdims[0], j = (p / s->pdims[0]) % s->pdims[1], k = p / ((gsize) s->pdims[0] * s->pdims[1]);

  out[0] = s->origin[0] + i * s->bin;
  out[1] = s->origin[1] + j * s->bin;
  out[2] = s->origin[2] + k * s->bin;
}

static guint32
edge_vertex (Builder *b, gsize in, gsize out)
{
  guint64 lo = MIN (in, out), hi = MAX (in, out), key = lo * b->n_points + hi;
  guint32 v = edge_map_lookup (&b->map, key);
  double pi[3], po[3];
  float xyz[3];
  double fi, fo, t;
  guint8 edge;

  if (v != G_MAXUINT32)
    return v;
  fi = b->s->field[in];
  fo = b->s->field[out];
  t = fi != fo ? (fi - b->s->threshold) / (fi - fo) : 0.5;
  t = CLAMP (t, 0.0, 1.0);
  point_position (b->s, in, pi);
  point_position (b->s, out, po);
  for (int a = 0; a < 3; a++)
    xyz[a] = (float) (pi[a] + t * (po[a] - pi[a]));
  v = b->vertices->len;
  g_array_append_vals (b->vertices, xyz, 1);
  {
    guint32 p = (guint32) in;

    g_array_append_val (b->inside_pt, p);
  }
  edge = is_padding (b->s, in) || is_padding (b->s, out);
  g_array_append_val (b->boundary, edge);
  if ((b->map.used + 1) * 2 > b->map.mask)
    edge_map_grow (&b->map);
  edge_map_insert_raw (&b->map, key + 1, v);
  return v;
}

static void
emit_triangle (Builder     *b,
               guint32      v0,
               guint32      v1,
               guint32      v2,
               const double outward[3])
{
  const float *a = &g_array_index (b->vertices, float, 3 * v0);
  const float *p = &g_array_index (b->vertices, float, 3 * v1);
  const float *q = &g_array_index (b->vertices, float, 3 * v2);
  double e1[3] = { p[0] - a[0], p[1] - a[1], p[2] - a[2] };
  double e2[3] = { q[0] - a[0], q[1] - a[1], q[2] - a[2] };
  double n[3] = { e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0] };
  guint32 tri[3] = { v0, v1, v2 };

  if (v0 == v1 || v1 == v2 || v0 == v2)
    return;
  if (n[0] * outward[0] + n[1] * outward[1] + n[2] * outward[2] < 0)
    {
      tri[1] = v2;
      tri[2] = v1;
    }
  g_array_append_vals (b->triangles, tri, 3);
}

static void
march_tet (Builder     *b,
           const gsize  pt[4])
{
  const IscIsosurface *s = b->s;
  gsize in[4], out[4];
  guint n_in = 0, n_out = 0;
  double ci[3] = { 0, 0, 0 }, co[3] = { 0, 0, 0 }, outward[3], pos[3];

  for (int k = 0; k < 4; k++)
    {
      if (s->field[pt[k]] >= s->threshold)
        in[n_in++] = pt[k];
      else
        out[n_out++] = pt[k];
    }
  if (n_in == 0 || n_out == 0)
    return;
  for (guint k = 0; k < n_in; k++)
    {
      point_position (s, in[k], pos);
      for (int a = 0; a < 3; a++)
        ci[a] += pos[a] / n_in;
    }
  for (guint k = 0; k < n_out; k++)
    {
      point_position (s, out[k], pos);
      for (int a = 0; a < 3; a++)
        co[a] += pos[a] / n_out;
    }
  for (int a = 0; a < 3; a++)
    outward[a] = co[a] - ci[a];

  if (n_in == 1)
    emit_triangle (b, edge_vertex (b, in[0], out[0]), edge_vertex (b, in[0], out[1]),
                   edge_vertex (b, in[0], out[2]), outward);
  else if (n_in == 3)
    emit_triangle (b, edge_vertex (b, in[0], out[0]), edge_vertex (b, in[1], out[0]),
                   edge_vertex (b, in[2], out[0]), outward);
  else
    {
      /* A quad in0-out0, in0-out1, in1-out1, in1-out0 as two triangles. */
      guint32 a = edge_vertex (b, in[0], out[0]), c = edge_vertex (b, in[0], out[1]);
      guint32 d = edge_vertex (b, in[1], out[1]), e = edge_vertex (b, in[1], out[0]);

      emit_triangle (b, a, c, d, outward);
      emit_triangle (b, a, d, e, outward);
    }
}

static guint32
uf_find (guint32 *parent, guint32 x)
{
  while (parent[x] != x)
    {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
  return x;
}

/* Regions above the threshold, 14-connected as the tetrahedra connect points. */
static void
label_regions (IscIsosurface *s)
{
  static const int off[7][3] = {
    { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 }, { 1, 1, 0 }, { 1, 0, 1 }, { 0, 1, 1 }, { 1, 1, 1 },
  };
  gsize n = (gsize) s->pdims[0] * s->pdims[1] * s->pdims[2];
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (gsize));

  s->label = g_new (gint32, n);
  for (gsize p = 0; p < n; p++)
    s->label[p] = -1;
  s->n_regions = 0;
  for (gsize seed = 0; seed < n; seed++)
    {
      if (s->label[seed] >= 0 || !(s->field[seed] >= s->threshold))
        continue;
      s->label[seed] = s->n_regions;
      g_array_set_size (stack, 0);
      g_array_append_val (stack, seed);
      while (stack->len > 0)
        {
          gsize p = g_array_index (stack, gsize, stack->len - 1);
          int i = p % s->pdims[0], j = (p / s->pdims[0]) % s->pdims[1];
          int k = p / ((gsize) s->pdims[0] * s->pdims[1]);

          g_array_set_size (stack, stack->len - 1);
          for (int o = 0; o < 7; o++)
            for (int sign = -1; sign <= 1; sign += 2)
              {
                int ni = i + sign * off[o][0], nj = j + sign * off[o][1], nk = k + sign * off[o][2];
                gsize q;

                if (ni < 0 || nj < 0 || nk < 0 || ni >= (int) s->pdims[0] || nj >= (int) s->pdims[1]
                    || nk >= (int) s->pdims[2])
                  continue;
                q = ((gsize) nk * s->pdims[1] + nj) * s->pdims[0] + ni;
                if (s->label[q] >= 0 || !(s->field[q] >= s->threshold))
                  continue;
                s->label[q] = s->n_regions;
                g_array_append_val (stack, q);
              }
        }
      s->n_regions++;
    }
}

IscIsosurface *
isc_isosurface_compute (const IscVoxelGrid *grid,
                        const IscQuantity  *quantity,
                        double              threshold,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autoptr(IscIsosurface) s = NULL;
  g_autofree float *values = NULL;
  g_autofree guint32 *parent = NULL;
  g_autofree guint32 *compact = NULL;
  Builder b;
  gsize n_points, px, pxy;

  g_return_val_if_fail (grid != NULL && quantity != NULL, NULL);

  if (!(isfinite (threshold) && threshold > 0))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "isosurface: the threshold must be a positive fraction or ratio, not %g", threshold);
      return NULL;
    }
  s = g_new0 (IscIsosurface, 1);
  s->threshold = threshold;
  s->quantity = g_strdup (quantity->text);
  s->bin = grid->bin;
  for (int a = 0; a < 3; a++)
    {
      s->pdims[a] = grid->dims[a] + 2;
      s->origin[a] = grid->origin[a] - 0.5 * grid->bin;
    }
  px = s->pdims[0];
  pxy = px * s->pdims[1];
  n_points = pxy * s->pdims[2];
  values = isc_voxel_grid_quantity (grid, quantity);
  s->field = g_new0 (float, n_points);
  for (guint k = 0; k < grid->dims[2]; k++)
    for (guint j = 0; j < grid->dims[1]; j++)
      for (guint i = 0; i < grid->dims[0]; i++)
        {
          float v = values[((gsize) k * grid->dims[1] + j) * grid->dims[0] + i];

          s->field[(k + 1) * pxy + (j + 1) * px + i + 1] = isnan (v) ? 0.0f : v;
        }

  b.s = s;
  b.n_points = n_points;
  b.vertices = g_array_new (FALSE, FALSE, 3 * sizeof (float));
  b.inside_pt = g_array_new (FALSE, FALSE, sizeof (guint32));
  b.boundary = g_array_new (FALSE, FALSE, sizeof (guint8));
  b.triangles = g_array_new (FALSE, FALSE, sizeof (guint32));
  edge_map_init (&b.map, 4096);
  for (gsize k = 0; k + 1 < s->pdims[2]; k++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_array_unref (b.vertices);
          g_array_unref (b.inside_pt);
          g_array_unref (b.boundary);
          g_array_unref (b.triangles);
          g_free (b.map.keys);
          g_free (b.map.values);
          return NULL;
        }
      for (gsize j = 0; j + 1 < s->pdims[1]; j++)
        for (gsize i = 0; i + 1 < s->pdims[0]; i++)
          {
            gsize base = k * pxy + j * px + i, corner[8];
            guint n_above = 0;

            for (int c = 0; c < 8; c++)
              {
                corner[c] = base + (c & 1) + (c & 2 ? px : 0) + (c & 4 ? pxy : 0);
                n_above += s->field[corner[c]] >= threshold;
              }
            if (n_above == 0 || n_above == 8)
              continue;
            for (int t = 0; t < 6; t++)
              {
                gsize pt[4] = { corner[tets[t][0]], corner[tets[t][1]], corner[tets[t][2]], corner[tets[t][3]] };

                march_tet (&b, pt);
              }
          }
    }
  g_free (b.map.keys);
  g_free (b.map.values);

  s->n_vertices = b.vertices->len;
  s->n_triangles = b.triangles->len / 3;
  s->vertices = (float *) g_array_free (b.vertices, FALSE);
  s->triangles = (guint32 *) g_array_free (b.triangles, FALSE);

  /* Surfaces: connected sets of triangles. */
  parent = g_new (guint32, MAX (s->n_vertices, 1));
  for (guint v = 0; v < s->n_vertices; v++)
    parent[v] = v;
  for (guint t = 0; t < s->n_triangles; t++)
    for (int e = 1; e < 3; e++)
      {
        guint32 r0 = uf_find (parent, s->triangles[3 * t]), r1 = uf_find (parent, s->triangles[3 * t + e]);

        if (r0 != r1)
          parent[MAX (r0, r1)] = MIN (r0, r1);
      }
  compact = g_new (guint32, MAX (s->n_vertices, 1));
  memset (compact, 0xff, MAX (s->n_vertices, 1) * sizeof (guint32));
  s->surface_of = g_new (guint32, MAX (s->n_triangles, 1));
  for (guint t = 0; t < s->n_triangles; t++)
    {
      guint32 r = uf_find (parent, s->triangles[3 * t]);

      if (compact[r] == G_MAXUINT32)
        compact[r] = s->n_surfaces++;
      s->surface_of[t] = compact[r];
    }
  s->surfaces = g_new0 (IscSurfaceInfo, MAX (s->n_surfaces, 1));
  s->region_of = g_new0 (guint32, MAX (s->n_surfaces, 1));
  label_regions (s);
  for (guint i = 0; i < s->n_surfaces; i++)
    {
      s->surfaces[i].id = i;
      s->surfaces[i].closed = TRUE;
    }
  for (guint t = 0; t < s->n_triangles; t++)
    {
      IscSurfaceInfo *info = &s->surfaces[s->surface_of[t]];
      const guint32 *tri = s->triangles + 3 * t;
      double p[3][3], e1[3], e2[3], n[3];

      for (int c = 0; c < 3; c++)
        for (int a = 0; a < 3; a++)
          p[c][a] = s->vertices[3 * tri[c] + a] - s->origin[a];
      for (int a = 0; a < 3; a++)
        {
          e1[a] = p[1][a] - p[0][a];
          e2[a] = p[2][a] - p[0][a];
        }
      n[0] = e1[1] * e2[2] - e1[2] * e2[1];
      n[1] = e1[2] * e2[0] - e1[0] * e2[2];
      n[2] = e1[0] * e2[1] - e1[1] * e2[0];
      info->n_triangles++;
      info->area += 0.5 * sqrt (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
      /* Divergence theorem: signed tetrahedra from the origin. */
      info->volume += (p[0][0] * (p[1][1] * p[2][2] - p[1][2] * p[2][1])
                       - p[0][1] * (p[1][0] * p[2][2] - p[1][2] * p[2][0])
                       + p[0][2] * (p[1][0] * p[2][1] - p[1][1] * p[2][0])) / 6.0;
      for (int c = 0; c < 3; c++)
        if (g_array_index (b.boundary, guint8, tri[c]))
          info->closed = FALSE;
      if (info->n_triangles == 1)
        s->region_of[s->surface_of[t]] = s->label[g_array_index (b.inside_pt, guint32, tri[0])];
    }
  for (guint i = 0; i < s->n_surfaces; i++)
    s->surfaces[i].volume = fabs (s->surfaces[i].volume);
  g_array_unref (b.inside_pt);
  g_array_unref (b.boundary);
  return g_steal_pointer (&s);
}

typedef struct
{
  const IscIsosurface *s;
  const IscIonCloud   *cloud;
  const IscRoi        *roi;
  guint8             **mask;
  guint64            **per_region;   /* per worker: n_regions × n_types ions */
  guint                n_types;
} CountJob;

static void
count_ions_chunk (gsize    first,
                  gsize    n,
                  guint    worker,
                  gpointer data)
{
  CountJob *job = data;
  const IscIsosurface *s = job->s;
  const IscIonCloud *cloud = job->cloud;
  guint8 *mask = NULL;
  double inv = 1.0 / s->bin;

  if (job->roi != NULL)
    {
      mask = job->mask[worker];
      isc_roi_select_range (job->roi, cloud, first, n, mask);
    }
  for (gsize j = 0; j < n; j++)
    {
      gsize i = first + j;
      long c[3];
      gint32 l;

      if (cloud->ion_type[i] >= job->n_types || (mask != NULL && !mask[j]))
        continue;
      /* Nearest padded point: the voxel that holds the ion. */
      c[0] = lround ((cloud->x[i] - s->origin[0]) * inv);
      c[1] = lround ((cloud->y[i] - s->origin[1]) * inv);
      c[2] = lround ((cloud->z[i] - s->origin[2]) * inv);
      if (c[0] < 0 || c[1] < 0 || c[2] < 0 || c[0] >= s->pdims[0] || c[1] >= s->pdims[1] || c[2] >= s->pdims[2])
        continue;
      l = s->label[((gsize) c[2] * s->pdims[1] + c[1]) * s->pdims[0] + c[0]];
      if (l >= 0)
        job->per_region[worker][(gsize) l * job->n_types + cloud->ion_type[i]]++;
    }
}

gboolean
isc_isosurface_count_ions (IscIsosurface      *surface,
                           const IscIonCloud  *cloud,
                           const IscRangeSet  *ranges,
                           const IscRoi       *roi,
                           GCancellable       *cancellable,
                           GError            **error)
{
  guint n_workers = isc_ion_pass_default_workers ();
  CountJob job = { surface, cloud, roi != NULL && roi->kind != ISC_ROI_ALL ? roi : NULL, NULL, NULL, 0 };
  IscAtomTable table;
  gboolean ok;

  g_return_val_if_fail (surface != NULL && cloud != NULL && ranges != NULL, FALSE);

  if (!isc_spatial_check_ranged ("isosurface", cloud, ranges, error))
    return FALSE;
  isc_atom_table_init (&table, ranges);
  job.n_types = MAX (table.n_types, 1);
  job.mask = g_new0 (guint8 *, n_workers);
  job.per_region = g_new0 (guint64 *, n_workers);
  for (guint w = 0; w < n_workers; w++)
    {
      job.mask[w] = g_new (guint8, ISC_ION_PASS_CHUNK);
      job.per_region[w] = g_new0 (guint64, (gsize) MAX (surface->n_regions, 1) * job.n_types);
    }
  ok = isc_ion_pass_run_full (cloud, cloud->n_ions, 0, n_workers, count_ions_chunk, &job, cancellable,
                              NULL, NULL, 0, 1, error);
  if (ok)
    {
      g_strfreev (surface->elements);
      surface->elements = g_strdupv (table.elements);
      surface->n_elements = table.n_elements;
      for (guint i = 0; i < surface->n_surfaces; i++)
        {
          IscSurfaceInfo *info = &surface->surfaces[i];

          g_free (info->counts);
          info->counts = g_new0 (guint64, MAX (table.n_elements, 1));
          info->n_ions = info->atoms = 0;
          for (guint w = 0; w < n_workers; w++)
            for (guint t = 0; t < table.n_types; t++)
              {
                guint64 n = job.per_region[w][(gsize) surface->region_of[i] * job.n_types + t];

                if (n == 0 || table.atoms[t] == 0)
                  continue;
                info->n_ions += n;
                info->atoms += n * table.atoms[t];
                for (guint e = 0; e < table.n_elements; e++)
                  info->counts[e] += n * table.per_element[t * table.n_elements + e];
              }
        }
    }
  for (guint w = 0; w < n_workers; w++)
    {
      g_free (job.mask[w]);
      g_free (job.per_region[w]);
    }
  g_free (job.mask);
  g_free (job.per_region);
  isc_atom_table_clear (&table);
  return ok;
}

double
isc_isosurface_field_at (const IscIsosurface *s,
                         const double         p[3])
{
  double g[3], f[3];
  gsize base, px = s->pdims[0], pxy = px * s->pdims[1], at;
  int order[3] = { 0, 1, 2 };
  double v, prev;
  long c[3];

  for (int a = 0; a < 3; a++)
    {
      g[a] = (p[a] - s->origin[a]) / s->bin;
      c[a] = (long) floor (g[a]);
      c[a] = CLAMP (c[a], 0, (long) s->pdims[a] - 2);
      f[a] = CLAMP (g[a] - c[a], 0.0, 1.0);
    }
  /* Sort the fractions descending: the tetrahedron 0 → e_a → e_a + e_b → 7 holds the point. */
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2 - i; j++)
      if (f[order[j]] < f[order[j + 1]])
        {
          int t = order[j];

          order[j] = order[j + 1];
          order[j + 1] = t;
        }
  base = (gsize) c[2] * pxy + (gsize) c[1] * px + c[0];
  at = base;
  prev = s->field[at];
  v = prev;
  for (int k = 0; k < 3; k++)
    {
      int a = order[k];
      double next;

      at += a == 0 ? 1 : a == 1 ? px : pxy;
      next = s->field[at];
      v += f[a] * (next - prev);
      prev = next;
    }
  return v;
}

float *
isc_isosurface_vertex_normals (const IscIsosurface *s)
{
  float *normals;

  g_return_val_if_fail (s != NULL, NULL);

  normals = g_new0 (float, 3 * (gsize) MAX (s->n_vertices, 1));
  for (guint t = 0; t < s->n_triangles; t++)
    {
      const guint32 *tri = s->triangles + 3 * t;
      const float *a = s->vertices + 3 * tri[0], *b = s->vertices + 3 * tri[1], *c = s->vertices + 3 * tri[2];
      float e1[3] = { b[0] - a[0], b[1] - a[1], b[2] - a[2] }, e2[3] = { c[0] - a[0], c[1] - a[1], c[2] - a[2] };
      /* The cross product's length is twice the area: area weighting for free. */
      float n[3] = { e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0] };

      for (int k = 0; k < 3; k++)
        for (int a_ = 0; a_ < 3; a_++)
          normals[3 * (gsize) tri[k] + a_] += n[a_];
    }
  for (guint v = 0; v < s->n_vertices; v++)
    {
      float *n = normals + 3 * (gsize) v;
      float l = sqrtf (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);

      if (l > 0)
        for (int a = 0; a < 3; a++)
          n[a] /= l;
    }
  return normals;
}

static void
put_le32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

  g_byte_array_append (out, b, 4);
}

static void
put_float (GByteArray *out, float f)
{
  guint32 bits;

  memcpy (&bits, &f, 4);
  put_le32 (out, bits);
}

gboolean
isc_isosurface_save (const IscIsosurface *s,
                     const char          *path,
                     GError             **error)
{
  gboolean ok;

  g_return_val_if_fail (s != NULL && path != NULL, FALSE);

  if (g_str_has_suffix (path, ".ply") || g_str_has_suffix (path, ".PLY"))
    {
      GString *t = g_string_new (NULL);
      char buf[3][G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (t, "ply\nformat ascii 1.0\ncomment Ionscape isosurface of %s at %g\n"
                              "element vertex %u\nproperty float x\nproperty float y\nproperty float z\n"
                              "element face %u\nproperty list uchar int vertex_indices\nproperty int surface\n"
                              "end_header\n", s->quantity, s->threshold, s->n_vertices, s->n_triangles);
      for (guint v = 0; v < s->n_vertices; v++)
        g_string_append_printf (t, "%s %s %s\n",
                                g_ascii_formatd (buf[0], sizeof buf[0], "%.6g", s->vertices[3 * v]),
                                g_ascii_formatd (buf[1], sizeof buf[1], "%.6g", s->vertices[3 * v + 1]),
                                g_ascii_formatd (buf[2], sizeof buf[2], "%.6g", s->vertices[3 * v + 2]));
      for (guint f = 0; f < s->n_triangles; f++)
        g_string_append_printf (t, "3 %u %u %u %u\n", s->triangles[3 * f], s->triangles[3 * f + 1],
                                s->triangles[3 * f + 2], s->surface_of[f]);
      ok = g_file_set_contents (path, t->str, t->len, error);
      g_string_free (t, TRUE);
    }
  else if (g_str_has_suffix (path, ".stl") || g_str_has_suffix (path, ".STL"))
    {
      GByteArray *out = g_byte_array_sized_new (84 + 50 * s->n_triangles);
      guint8 header[80] = { 0 };

      g_strlcpy ((char *) header, "Ionscape isosurface (nm)", sizeof header);
      g_byte_array_append (out, header, 80);
      put_le32 (out, s->n_triangles);
      for (guint f = 0; f < s->n_triangles; f++)
        {
          const float *a = s->vertices + 3 * s->triangles[3 * f];
          const float *b = s->vertices + 3 * s->triangles[3 * f + 1];
          const float *c = s->vertices + 3 * s->triangles[3 * f + 2];
          double e1[3] = { b[0] - a[0], b[1] - a[1], b[2] - a[2] }, e2[3] = { c[0] - a[0], c[1] - a[1], c[2] - a[2] };
          double n[3] = { e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0] };
          double l = sqrt (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
          guint8 zero[2] = { 0, 0 };

          for (int k = 0; k < 3; k++)
            put_float (out, l > 0 ? n[k] / l : 0);
          for (int k = 0; k < 3; k++)
            put_float (out, a[k]);
          for (int k = 0; k < 3; k++)
            put_float (out, b[k]);
          for (int k = 0; k < 3; k++)
            put_float (out, c[k]);
          g_byte_array_append (out, zero, 2);
        }
      ok = g_file_set_contents (path, (const char *) out->data, out->len, error);
      g_byte_array_unref (out);
    }
  else
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "isosurface: “%s”: expected a .ply or .stl file name", path);
      return FALSE;
    }
  if (!ok)
    g_prefix_error (error, "isosurface: ");
  return ok;
}
