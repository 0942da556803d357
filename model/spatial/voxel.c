/* voxel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "ion-pass.h"
#include "isc-memory.h"
#include "voxel.h"

#define MAX_HIST_BYTES (1024u * 1024 * 1024)  /* per-worker ion-type counts, all workers */

void
isc_voxel_settings_init (IscVoxelSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->bin = 1.0;
  settings->delocalise = 0.0;
  settings->min_atoms = 1.0;
  settings->n_workers = 0;
}

void
isc_voxel_grid_free (IscVoxelGrid *grid)
{
  if (grid == NULL)
    return;
  g_strfreev (grid->elements);
  g_free (grid->counts);
  g_free (grid->atoms);
  g_free (grid);
}

/* ---- the counting pass ---- */

typedef struct
{
  const IscIonCloud *cloud;
  const IscRoi      *roi;            /* NULL: every ion */
  const IscAtomTable *table;
  float              origin[3];
  float              inv_bin;
  guint              dims[3];
  guint              n_types;
  guint32          **hist;           /* per worker: n_voxels × n_types */
  guint8           **mask;           /* per worker: ISC_ION_PASS_CHUNK bytes, with a region */
  guint64           *n_ions;         /* per worker */
} CountPass;

#define BLOCK 512

/* Histogram slot (voxel · n_types + type) of each ion of a block, or @dump for ions outside the
 * grid or unranged: branch-free so that it vectorises. Types without atoms are counted too;
 * they add no atoms when the counts are merged. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__ ((optimize ("tree-vectorize")))
#endif
static void
block_slots (const float  *restrict x,
             const float  *restrict y,
             const float  *restrict z,
             const guint8 *restrict type,
             gsize                  m,
             const float            o[3],
             float                  inv,
             const float            max[3],
             guint32                d0,
             guint32                d01,
             guint32                n_types,
             guint32                dump,
             guint32      *restrict out)
{
  for (gsize j = 0; j < m; j++)
    {
      float fx = (x[j] - o[0]) * inv, fy = (y[j] - o[1]) * inv, fz = (z[j] - o[2]) * inv;
      guint32 t = type[j];
      int in = (fx >= 0) & (fx < max[0]) & (fy >= 0) & (fy < max[1]) & (fz >= 0) & (fz < max[2]) & (t < n_types);
      /* Clamped first so the conversions stay defined; truncation is floor here. */
      guint32 v = (guint32) (gint32) (in ? fz : 0) * d01 + (guint32) (gint32) (in ? fy : 0) * d0
                  + (guint32) (gint32) (in ? fx : 0);

      out[j] = in ? v * n_types + t : dump;
    }
}

/* Per block of ions: the slots without branches, then the increments. */
static void
count_chunk (gsize    first,
             gsize    n,
             guint    worker,
             gpointer data)
{
  CountPass *p = data;
  const IscIonCloud *cloud = p->cloud;
  guint32 *hist = p->hist[worker];
  const guint8 *mask = NULL;
  const guint n_types = p->n_types;
  const float max[3] = { p->dims[0], p->dims[1], p->dims[2] };
  const guint32 d0 = p->dims[0], d01 = p->dims[0] * p->dims[1];
  const guint32 dump = d01 * p->dims[2] * n_types;
  guint32 slot[BLOCK];

  if (p->roi != NULL)
    {
      isc_roi_select_range (p->roi, cloud, first, n, p->mask[worker]);
      mask = p->mask[worker];
    }
  for (gsize b = 0; b < n; b += BLOCK)
    {
      gsize m = MIN (BLOCK, n - b);

      block_slots (cloud->x + first + b, cloud->y + first + b, cloud->z + first + b,
                   cloud->ion_type + first + b, m, p->origin, p->inv_bin, max, d0, d01, n_types,
                   dump, slot);
      if (mask != NULL)
        for (gsize j = 0; j < m; j++)
          if (!mask[b + j])
            slot[j] = dump;
      for (gsize j = 0; j < m; j++)
        hist[slot[j]]++;
    }
}

/* Worker sums into worker 0's counts, then atoms per element: over voxel ranges. */
typedef struct
{
  CountPass     *pass;
  guint          n_workers;
  IscVoxelGrid  *grid;
  guint64       *n_ions;   /* per worker */
} MergeJob;

static void
merge_chunk (gsize    first,
             gsize    n,
             guint    worker,
             gpointer data)
{
  MergeJob *m = data;
  const IscAtomTable *table = m->pass->table;
  guint n_types = m->pass->n_types, n_el = m->grid->n_elements;

  for (gsize v = first; v < first + n; v++)
    {
      guint32 *h0 = m->pass->hist[0] + v * n_types;
      float atoms = 0;

      for (guint w = 1; w < m->n_workers; w++)
        for (guint t = 0; t < n_types; t++)
          h0[t] += m->pass->hist[w][v * n_types + t];
      for (guint e = 0; e < n_el; e++)
        m->grid->counts[v * n_el + e] = 0;
      for (guint t = 0; t < n_types; t++)
        if (h0[t] > 0)
          {
            if (table->atoms[t] > 0)
              m->n_ions[worker] += h0[t];
            for (guint e = 0; e < n_el; e++)
              m->grid->counts[v * n_el + e] += (float) h0[t] * table->per_element[t * n_el + e];
            atoms += (float) h0[t] * table->atoms[t];
          }
      m->grid->atoms[v] = atoms;
    }
}

/* ---- delocalisation: a separable Gaussian over every channel ---- */

typedef struct
{
  float   *data;       /* n_voxels × n_channels, interleaved */
  guint    n_channels;
  guint    dims[3];
  int      axis;
  int      radius;
  float   *weights;    /* 2 · radius + 1 */
} Blur;

static void
blur_lines (gsize    first,
            gsize    n,
            guint    worker,
            gpointer user_data)
{
  Blur *b = user_data;
  guint len = b->dims[b->axis], C = b->n_channels;
  guint other0 = b->axis == 0 ? 1 : 0;
  gsize stride = b->axis == 0 ? 1 : b->axis == 1 ? b->dims[0] : (gsize) b->dims[0] * b->dims[1];
  g_autofree float *in = g_new (float, (gsize) len * C);
  g_autofree float *out = g_new (float, (gsize) len * C);

  for (gsize line = first; line < first + n; line++)
    {
      /* The line's two other coordinates. */
      guint a = line % b->dims[other0];
      guint c = line / b->dims[other0];
      gsize base;

      if (b->axis == 0)
        base = ((gsize) c * b->dims[1] + a) * b->dims[0];
      else if (b->axis == 1)
        base = (gsize) c * b->dims[0] * b->dims[1] + a;
      else
        base = (gsize) c * b->dims[0] + a;

      for (guint s = 0; s < len; s++)
        memcpy (in + (gsize) s * C, b->data + (base + s * stride) * C, C * sizeof (float));
      memset (out, 0, (gsize) len * C * sizeof (float));
      for (guint s = 0; s < len; s++)
        {
          const float *src = in + (gsize) s * C;
          gboolean any = FALSE;

          for (guint k = 0; k < C && !any; k++)
            any = src[k] != 0;
          if (!any)
            continue;
          for (int d = -b->radius; d <= b->radius; d++)
            {
              int to = (int) s + d;
              float w = b->weights[d + b->radius];

              if (to < 0 || to >= (int) len)
                continue;
              for (guint k = 0; k < C; k++)
                out[(gsize) to * C + k] += w * src[k];
            }
        }
      for (guint s = 0; s < len; s++)
        memcpy (b->data + (base + s * stride) * C, out + (gsize) s * C, C * sizeof (float));
    }
}

static gboolean
delocalise (IscVoxelGrid     *grid,
            guint             n_workers,
            GCancellable     *cancellable,
            IscProgressFunc   progress,
            gpointer          progress_data,
            GError          **error)
{
  gsize n_vox = isc_voxel_grid_get_n_voxels (grid);
  guint C = grid->n_elements + 1;
  g_autofree float *data = g_new (float, n_vox * C);
  double sigma = grid->delocalise / grid->bin;
  int radius = (int) ceil (3 * sigma);
  g_autofree float *weights = g_new (float, 2 * radius + 1);
  double sum = 0;
  Blur b;

  for (int d = -radius; d <= radius; d++)
    sum += weights[d + radius] = exp (-(double) d * d / (2 * sigma * sigma));
  for (int d = -radius; d <= radius; d++)
    weights[d + radius] /= sum;
  for (gsize v = 0; v < n_vox; v++)
    {
      memcpy (data + v * C, grid->counts + v * grid->n_elements, grid->n_elements * sizeof (float));
      data[v * C + grid->n_elements] = grid->atoms[v];
    }
  b = (Blur) { data, C, { grid->dims[0], grid->dims[1], grid->dims[2] }, 0, radius, weights };
  for (int axis = 0; axis < 3; axis++)
    {
      gsize n_lines = n_vox / grid->dims[axis];

      b.axis = axis;
      if (!isc_parallel_run (n_lines, 64, n_workers, blur_lines, &b, cancellable,
                             progress, progress_data, 0.8 + 0.05 * axis, 0.85 + 0.05 * axis, error))
        return FALSE;
    }
  for (gsize v = 0; v < n_vox; v++)
    {
      memcpy (grid->counts + v * grid->n_elements, data + v * C, grid->n_elements * sizeof (float));
      grid->atoms[v] = data[v * C + grid->n_elements];
    }
  return TRUE;
}

IscVoxelGrid *
isc_voxel_grid_compute (const IscIonCloud       *cloud,
                        const IscRangeSet       *ranges,
                        const IscRoi            *roi,
                        const IscVoxelSettings  *settings,
                        GCancellable            *cancellable,
                        IscProgressFunc          progress,
                        gpointer                 progress_data,
                        GError                 **error)
{
  g_autoptr(IscVoxelGrid) grid = NULL;
  IscAtomTable table;
  CountPass pass = { 0 };
  MergeJob merge;
  double lo[3], hi[3], extent = 0, n_vox_d = 1;
  guint n_workers;
  gsize n_vox;
  gboolean ok = FALSE;

  g_return_val_if_fail (cloud != NULL && ranges != NULL && settings != NULL, NULL);

  if (!isc_spatial_check_ranged ("voxels", cloud, ranges, error))
    return NULL;
  if (!(isfinite (settings->bin) && settings->bin > 0))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "voxels: the bin must be a positive number of nm, not %g", settings->bin);
      return NULL;
    }
  if (!(isfinite (settings->delocalise) && settings->delocalise >= 0))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "voxels: the delocalisation must be 0 or a positive number of nm, not %g",
                   settings->delocalise);
      return NULL;
    }
  if (roi != NULL && roi->kind == ISC_ROI_ALL)
    roi = NULL;
  if (cloud->n_ions == 0)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT, "%s: the dataset holds no ions", "voxels");
      return NULL;
    }
  if (!isc_roi_bounds (roi, cloud, lo, hi))
    {
      g_autofree char *spec = roi != NULL ? isc_roi_to_string (roi) : g_strdup ("all");

      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "voxels: the region %s lies outside the data", spec);
      return NULL;
    }
  for (int a = 0; a < 3; a++)
    extent = MAX (extent, hi[a] - lo[a]);
  if (cloud->n_ions > 0 && settings->bin > extent)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "voxels: a bin of %g nm is larger than the data (%.4g nm across at most)",
                   settings->bin, extent);
      return NULL;
    }

  grid = g_new0 (IscVoxelGrid, 1);
  grid->bin = settings->bin;
  grid->delocalise = settings->delocalise;
  grid->min_atoms = settings->min_atoms;
  for (int a = 0; a < 3; a++)
    {
      grid->origin[a] = lo[a];
      grid->dims[a] = (guint) MIN (floor ((hi[a] - lo[a]) / settings->bin) + 1, 1e9);
      n_vox_d *= grid->dims[a];
    }
  isc_atom_table_init (&table, ranges);
  n_workers = settings->n_workers ? settings->n_workers : isc_ion_pass_default_workers ();
  if (cloud->n_ions < 16384)
    n_workers = 1;
  if (n_vox_d > ISC_VOXEL_MAX_VOXELS
      || n_vox_d * MAX (table.n_types, 1) * 4 * n_workers > MAX_HIST_BYTES)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "voxels: a bin of %g nm gives %.0f voxels (%u × %u × %u), too many; choose a larger bin",
                   settings->bin, n_vox_d, grid->dims[0], grid->dims[1], grid->dims[2]);
      isc_atom_table_clear (&table);
      return NULL;
    }
  n_vox = (gsize) n_vox_d;
  if (!isc_memory_check ((guint64) n_vox * (table.n_elements + 1) * 4
                         + (guint64) n_workers * (n_vox + 1) * MAX (table.n_types, 1) * 4, "voxel grid", error))
    {
      isc_atom_table_clear (&table);
      return NULL;
    }
  grid->n_elements = table.n_elements;
  grid->elements = g_strdupv (table.elements);
  grid->counts = g_new0 (float, MAX (n_vox * grid->n_elements, 1));
  grid->atoms = g_new0 (float, n_vox);

  pass.cloud = cloud;
  pass.roi = roi;
  pass.table = &table;
  pass.inv_bin = 1.0 / settings->bin;
  pass.n_types = MAX (table.n_types, 1);
  for (int a = 0; a < 3; a++)
    {
      pass.origin[a] = lo[a];
      pass.dims[a] = grid->dims[a];
    }
  pass.hist = g_new0 (guint32 *, n_workers);
  pass.mask = g_new0 (guint8 *, n_workers);
  pass.n_ions = g_new0 (guint64, n_workers);
  for (guint w = 0; w < n_workers; w++)
    {
      pass.hist[w] = g_new0 (guint32, (n_vox + 1) * pass.n_types);  /* + the dump voxel */
      if (roi != NULL)
        pass.mask[w] = g_new (guint8, ISC_ION_PASS_CHUNK);
    }
  if (!isc_ion_pass_run_full (cloud, cloud->n_ions, ISC_ION_PASS_CHUNK, n_workers, count_chunk, &pass,
                              cancellable, progress, progress_data, 0.0, 0.7, error))
    goto out;
  merge = (MergeJob) { &pass, n_workers, grid, pass.n_ions };
  if (!isc_parallel_run (n_vox, 4096, n_workers, merge_chunk, &merge, cancellable,
                         progress, progress_data, 0.7, 0.8, error))
    goto out;
  for (guint w = 0; w < n_workers; w++)
    grid->n_ions += pass.n_ions[w];
  for (gsize v = 0; v < n_vox; v++)
    grid->n_atoms += (guint64) grid->atoms[v];
  if (settings->delocalise > 0
      && !delocalise (grid, n_workers, cancellable, progress, progress_data, error))
    goto out;
  if (progress != NULL)
    progress (1.0, progress_data);
  ok = TRUE;

out:
  for (guint w = 0; w < n_workers; w++)
    {
      g_free (pass.hist[w]);
      g_free (pass.mask[w]);
    }
  g_free (pass.hist);
  g_free (pass.mask);
  g_free (pass.n_ions);
  isc_atom_table_clear (&table);
  return ok ? g_steal_pointer (&grid) : NULL;
}

float *
isc_voxel_grid_quantity (const IscVoxelGrid *grid,
                         const IscQuantity  *quantity)
{
  gsize n_vox;
  float *out;

  g_return_val_if_fail (grid != NULL && quantity != NULL, NULL);

  n_vox = isc_voxel_grid_get_n_voxels (grid);
  out = g_new (float, MAX (n_vox, 1));
  for (gsize v = 0; v < n_vox; v++)
    {
      double num = 0, den = 0, value, sigma;

      for (guint e = 0; e < grid->n_elements; e++)
        {
          double c = grid->counts[v * grid->n_elements + e];

          if (quantity->num_mask & (G_GUINT64_CONSTANT (1) << e))
            num += c;
          if (quantity->den_mask & (G_GUINT64_CONSTANT (1) << e))
            den += c;
        }
      if (quantity->den_mask == 0)
        den = grid->atoms[v];
      /* Emptiness follows the voxel's atoms, not the denominator's. */
      if (grid->atoms[v] < grid->min_atoms || grid->atoms[v] <= 0)
        value = NAN;
      else
        isc_quantity_value (quantity, num, den, 0, &value, &sigma);
      out[v] = value;
    }
  return out;
}

gsize
isc_voxel_grid_count_filled (const IscVoxelGrid *grid)
{
  gsize n = 0, n_vox = isc_voxel_grid_get_n_voxels (grid);

  for (gsize v = 0; v < n_vox; v++)
    if (grid->atoms[v] >= grid->min_atoms && grid->atoms[v] > 0)
      n++;
  return n;
}

static void
append_number (GString *s,
               double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (s, ',');
  if (isnan (v))
    g_string_append (s, "nan");
  else
    g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.7g", v));
}

char *
isc_voxel_grid_to_csv (const IscVoxelGrid *grid)
{
  GString *s = g_string_new ("i,j,k,x_nm,y_nm,z_nm,atoms");

  g_return_val_if_fail (grid != NULL, NULL);

  for (guint e = 0; e < grid->n_elements; e++)
    g_string_append_printf (s, ",%s_count", grid->elements[e]);
  for (guint e = 0; e < grid->n_elements; e++)
    g_string_append_printf (s, ",%s_fraction", grid->elements[e]);
  g_string_append_c (s, '\n');
  for (guint k = 0; k < grid->dims[2]; k++)
    for (guint j = 0; j < grid->dims[1]; j++)
      for (guint i = 0; i < grid->dims[0]; i++)
        {
          gsize v = ((gsize) k * grid->dims[1] + j) * grid->dims[0] + i;
          double atoms = grid->atoms[v];

          if (atoms < grid->min_atoms || atoms <= 0)
            continue;
          g_string_append_printf (s, "%u,%u,%u", i, j, k);
          append_number (s, grid->origin[0] + (i + 0.5) * grid->bin);
          append_number (s, grid->origin[1] + (j + 0.5) * grid->bin);
          append_number (s, grid->origin[2] + (k + 0.5) * grid->bin);
          append_number (s, atoms);
          for (guint e = 0; e < grid->n_elements; e++)
            append_number (s, grid->counts[v * grid->n_elements + e]);
          for (guint e = 0; e < grid->n_elements; e++)
            append_number (s, grid->counts[v * grid->n_elements + e] / atoms);
          g_string_append_c (s, '\n');
        }
  return g_string_free (s, FALSE);
}
