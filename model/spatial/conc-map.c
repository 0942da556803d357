/* conc-map.c: 2D concentration maps of a slab.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "ion-pass.h"
#include "voxel.h"

#define MAX_PIXELS (16u * 1024 * 1024)

void
isc_conc_map_settings_init (IscConcMapSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->axis = ISC_PROFILE_AXIS_Z;
  settings->from = -INFINITY;
  settings->to = INFINITY;
  settings->bin = 1.0;
  settings->min_atoms = 1.0;
  settings->n_workers = 0;
}

void
isc_conc_map_free (IscConcMap *map)
{
  if (map == NULL)
    return;
  g_free (map->quantity);
  g_free (map->num);
  g_free (map->den);
  g_free (map->value);
  g_free (map->sigma);
  g_free (map);
}

typedef struct
{
  const IscIonCloud *cloud;
  const IscRoi      *roi;
  guint8           **mask;
  guint              num_w[256];
  guint              den_w[256];
  double             origin[3];
  double             axis[3];
  double             u[3];
  double             v[3];
  double             from, to;
  IscConcMap        *map;
  guint64          **num;   /* per worker */
  guint64          **den;
} MapPass;

static void
map_chunk (gsize    first,
           gsize    n,
           guint    worker,
           gpointer data)
{
  MapPass *p = data;
  const IscIonCloud *cloud = p->cloud;
  guint8 *mask = NULL;
  guint64 *num = p->num[worker], *den = p->den[worker];
  double inv = 1.0 / p->map->bin;

  if (p->roi != NULL)
    {
      mask = p->mask[worker];
      isc_roi_select_range (p->roi, cloud, first, n, mask);
    }
  for (gsize j = 0; j < n; j++)
    {
      gsize i = first + j;
      guint t = cloud->ion_type[i];
      double q[3], s, a, b;
      long pu, pv;

      if (p->den_w[t] == 0 && p->num_w[t] == 0)
        continue;
      if (mask != NULL && !mask[j])
        continue;
      q[0] = cloud->x[i] - p->origin[0];
      q[1] = cloud->y[i] - p->origin[1];
      q[2] = cloud->z[i] - p->origin[2];
      s = q[0] * p->axis[0] + q[1] * p->axis[1] + q[2] * p->axis[2];
      if (s < p->from || s >= p->to)
        continue;
      a = q[0] * p->u[0] + q[1] * p->u[1] + q[2] * p->u[2];
      b = q[0] * p->v[0] + q[1] * p->v[1] + q[2] * p->v[2];
      pu = (long) floor ((a - p->map->u0) * inv);
      pv = (long) floor ((b - p->map->v0) * inv);
      if (pu < 0 || pv < 0 || pu >= p->map->width || pv >= p->map->height)
        continue;
      num[pv * p->map->width + pu] += p->num_w[t];
      den[pv * p->map->width + pu] += p->den_w[t];
    }
}

static void
cross (const double a[3], const double b[3], double out[3])
{
  out[0] = a[1] * b[2] - a[2] * b[1];
  out[1] = a[2] * b[0] - a[0] * b[2];
  out[2] = a[0] * b[1] - a[1] * b[0];
}

IscConcMap *
isc_conc_map_compute (const IscIonCloud         *cloud,
                      const IscRangeSet         *ranges,
                      const IscRoi              *roi,
                      const IscQuantity         *quantity,
                      const IscConcMapSettings  *settings,
                      GCancellable              *cancellable,
                      IscProgressFunc            progress,
                      gpointer                   progress_data,
                      GError                   **error)
{
  g_autoptr(IscConcMap) map = g_new0 (IscConcMap, 1);
  IscAtomTable table;
  MapPass pass = { 0 };
  IscRoi all;
  double lo[3], hi[3], umin = INFINITY, umax = -INFINITY, vmin = INFINITY, vmax = -INFINITY;
  double smin = INFINITY, smax = -INFINITY, pixels;
  guint n_workers;
  gsize n_px;
  gboolean ok = FALSE;

  g_return_val_if_fail (cloud != NULL && ranges != NULL && quantity != NULL && settings != NULL, NULL);

  if (!isc_spatial_check_ranged ("map", cloud, ranges, error))
    return NULL;
  if (!(isfinite (settings->bin) && settings->bin > 0))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "map: the pixel size must be a positive number of nm, not %g", settings->bin);
      return NULL;
    }
  if (!(settings->to > settings->from))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "map: the slab %g … %g nm is empty (the end must lie beyond the start)",
                   settings->from, settings->to);
      return NULL;
    }
  if (roi == NULL)
    {
      isc_roi_init_all (&all);
      roi = &all;
    }

  /* The slab normal and the map's two axes. */
  if (settings->axis == ISC_PROFILE_AXIS_ROI)
    {
      double e[3] = { 0, 0, 0 };
      int least = 0;

      isc_roi_get_axis (roi, pass.origin, pass.axis);
      for (int a = 1; a < 3; a++)
        if (fabs (pass.axis[a]) < fabs (pass.axis[least]))
          least = a;
      e[least] = 1;
      cross (pass.axis, e, pass.u);
      {
        double l = sqrt (pass.u[0] * pass.u[0] + pass.u[1] * pass.u[1] + pass.u[2] * pass.u[2]);

        for (int a = 0; a < 3; a++)
          pass.u[a] /= l;
      }
      cross (pass.axis, pass.u, pass.v);
    }
  else
    {
      int a = settings->axis == ISC_PROFILE_AXIS_X ? 0 : settings->axis == ISC_PROFILE_AXIS_Y ? 1 : 2;
      int ua = a == 0 ? 1 : 0, va = a == 2 ? 1 : 2;

      pass.axis[a] = 1;
      pass.u[ua] = 1;
      pass.v[va] = 1;
    }

  /* Extent of the map: the region's box projected. */
  if (cloud->n_ions == 0)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT, "%s: the dataset holds no ions", "map");
      return NULL;
    }
  if (!isc_roi_bounds (roi, cloud, lo, hi))
    {
      g_autofree char *spec = roi != NULL ? isc_roi_to_string (roi) : g_strdup ("all");

      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "map: the region %s lies outside the data", spec);
      return NULL;
    }
  for (int c = 0; c < 8; c++)
    {
      double q[3] = { (c & 1 ? hi[0] : lo[0]) - pass.origin[0], (c & 2 ? hi[1] : lo[1]) - pass.origin[1],
                      (c & 4 ? hi[2] : lo[2]) - pass.origin[2] };
      double a = q[0] * pass.u[0] + q[1] * pass.u[1] + q[2] * pass.u[2];
      double b = q[0] * pass.v[0] + q[1] * pass.v[1] + q[2] * pass.v[2];
      double s = q[0] * pass.axis[0] + q[1] * pass.axis[1] + q[2] * pass.axis[2];

      umin = MIN (umin, a);
      umax = MAX (umax, a);
      vmin = MIN (vmin, b);
      vmax = MAX (vmax, b);
      smin = MIN (smin, s);
      smax = MAX (smax, s);
    }
  if (cloud->n_ions > 0 && settings->bin > MAX (umax - umin, vmax - vmin))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "map: a pixel of %g nm is larger than the data (%.4g × %.4g nm)",
                   settings->bin, umax - umin, vmax - vmin);
      return NULL;
    }
  map->bin = settings->bin;
  map->u0 = floor (umin / settings->bin) * settings->bin;
  map->v0 = floor (vmin / settings->bin) * settings->bin;
  pixels = (floor ((umax - map->u0) / settings->bin) + 1) * (floor ((vmax - map->v0) / settings->bin) + 1);
  if (pixels > MAX_PIXELS)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "map: a pixel of %g nm gives %.0f pixels, too many; choose a larger pixel",
                   settings->bin, pixels);
      return NULL;
    }
  map->width = (guint) floor ((umax - map->u0) / settings->bin) + 1;
  map->height = (guint) floor ((vmax - map->v0) / settings->bin) + 1;
  memcpy (map->u_dir, pass.u, sizeof pass.u);
  memcpy (map->v_dir, pass.v, sizeof pass.v);
  map->quantity = g_strdup (quantity->text);
  n_px = (gsize) map->width * map->height;
  map->num = g_new0 (guint64, n_px);
  map->den = g_new0 (guint64, n_px);
  map->value = g_new (double, n_px);
  map->sigma = g_new (double, n_px);

  isc_atom_table_init (&table, ranges);
  isc_quantity_weights (quantity, &table, pass.num_w, pass.den_w);
  isc_atom_table_clear (&table);
  pass.cloud = cloud;
  pass.roi = roi->kind == ISC_ROI_ALL ? NULL : roi;
  pass.from = settings->from;
  pass.to = settings->to;
  pass.map = map;
  n_workers = settings->n_workers ? settings->n_workers : isc_ion_pass_default_workers ();
  pass.num = g_new0 (guint64 *, n_workers);
  pass.den = g_new0 (guint64 *, n_workers);
  pass.mask = g_new0 (guint8 *, n_workers);
  for (guint w = 0; w < n_workers; w++)
    {
      pass.num[w] = w == 0 ? map->num : g_new0 (guint64, n_px);
      pass.den[w] = w == 0 ? map->den : g_new0 (guint64, n_px);
      pass.mask[w] = g_new (guint8, ISC_ION_PASS_CHUNK);
    }
  if (!isc_ion_pass_run_full (cloud, cloud->n_ions, ISC_ION_PASS_CHUNK, n_workers, map_chunk, &pass,
                              cancellable, progress, progress_data, 0.0, 0.95, error))
    goto out;
  for (guint w = 1; w < n_workers; w++)
    for (gsize k = 0; k < n_px; k++)
      {
        map->num[k] += pass.num[w][k];
        map->den[k] += pass.den[w][k];
      }
  for (gsize k = 0; k < n_px; k++)
    {
      isc_quantity_value (quantity, map->num[k], map->den[k], MAX (settings->min_atoms, 1),
                          &map->value[k], &map->sigma[k]);
      map->n_atoms += map->den[k];
    }
  if (progress != NULL)
    progress (1.0, progress_data);
  ok = TRUE;

out:
  for (guint w = 0; w < n_workers; w++)
    {
      if (w > 0)
        {
          g_free (pass.num[w]);
          g_free (pass.den[w]);
        }
      g_free (pass.mask[w]);
    }
  g_free (pass.num);
  g_free (pass.den);
  g_free (pass.mask);
  return ok ? g_steal_pointer (&map) : NULL;
}

char *
isc_conc_map_to_csv (const IscConcMap *map)
{
  GString *s = g_string_new ("u_nm,v_nm,num_atoms,den_atoms,value,sigma\n");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (map != NULL, NULL);

  for (guint j = 0; j < map->height; j++)
    for (guint i = 0; i < map->width; i++)
      {
        gsize k = (gsize) j * map->width + i;

        g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", map->u0 + (i + 0.5) * map->bin));
        g_string_append_c (s, ',');
        g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", map->v0 + (j + 0.5) * map->bin));
        g_string_append_printf (s, ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT, map->num[k], map->den[k]);
        if (isnan (map->value[k]))
          g_string_append (s, ",nan,nan\n");
        else
          {
            g_string_append_c (s, ',');
            g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", map->value[k]));
            g_string_append_c (s, ',');
            g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", map->sigma[k]));
            g_string_append_c (s, '\n');
          }
      }
  return g_string_free (s, FALSE);
}
