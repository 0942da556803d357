/* test-spatial-grid.c: the parallel pass, the spatial index, voxels, maps, isosurfaces and
 * proxigrams on synthetic data with known answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "ion-pass.h"
#include "isosurface.h"
#include "spatial-index.h"
#include "spatial-test-data.h"
#include "voxel.h"

/* ---- the pass ---- */

typedef struct
{
  guint64  sums[ISC_ION_PASS_MAX_WORKERS];
  guint8  *seen;
  GCancellable *cancel_after;
  gint     chunks;
} SumJob;

static void
sum_chunk (gsize first, gsize n, guint worker, gpointer data)
{
  SumJob *job = data;

  for (gsize i = first; i < first + n; i++)
    {
      job->sums[worker] += i;
      job->seen[i]++;
    }
  if (job->cancel_after != NULL && g_atomic_int_add (&job->chunks, 1) == 2)
    g_cancellable_cancel (job->cancel_after);
}

static void
record_progress (double fraction, gpointer data)
{
  double *last = data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
test_pass_covers_every_item_once (void)
{
  gsize n = 1000003;
  SumJob job = { { 0 } };
  guint64 total = 0;
  double last = 0;
  g_autoptr(GError) error = NULL;

  job.seen = g_new0 (guint8, n);
  g_assert_true (isc_parallel_run (n, 4096, 2, sum_chunk, &job, NULL, record_progress, &last, 0, 1, &error));
  g_assert_no_error (error);
  for (guint w = 0; w < ISC_ION_PASS_MAX_WORKERS; w++)
    total += job.sums[w];
  g_assert_cmpuint (total, ==, (guint64) n * (n - 1) / 2);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpuint (job.seen[i], ==, 1);
  g_assert_cmpfloat (last, ==, 1.0);
  g_free (job.seen);
}

static void
test_pass_cancel (void)
{
  gsize n = 4000000;
  SumJob job = { { 0 } };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gsize n_seen = 0;

  job.seen = g_new0 (guint8, n);
  job.cancel_after = cancellable;
  g_assert_false (isc_parallel_run (n, 4096, 2, sum_chunk, &job, cancellable, NULL, NULL, 0, 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  for (gsize i = 0; i < n; i++)
    n_seen += job.seen[i];
  /* Stopped long before the end. */
  g_assert_cmpuint (n_seen, <, n / 4);
  g_free (job.seen);
}

/* ---- the index ---- */

static void
test_index_knn_matches_brute_force (void)
{
  g_autoptr(IscIonCloud) cloud = test_cloud_new (5000);
  g_autoptr(IscSpatialIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  TestRng rng = { 7 };

  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      cloud->x[i] = 10 * test_uniform (&rng);
      cloud->y[i] = 6 * test_uniform (&rng);
      cloud->z[i] = 30 * test_uniform (&rng);
    }
  index = isc_spatial_index_new (cloud, NULL, 0, 0.7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (index->n_points, ==, cloud->n_ions);
  for (guint q = 0; q < 200; q++)
    {
      double p[3] = { cloud->x[q], cloud->y[q], cloud->z[q] }, dist[6], brute[6];
      guint32 ids[6];
      guint n_brute = 0;

      /* Brute force: the 6 smallest distances to other points. */
      for (gsize i = 0; i < cloud->n_ions; i++)
        {
          double dx = cloud->x[i] - p[0], dy = cloud->y[i] - p[1], dz = cloud->z[i] - p[2];
          double d = sqrt (dx * dx + dy * dy + dz * dz);
          guint at;

          if (i == q)
            continue;
          if (n_brute == 6 && d >= brute[5])
            continue;
          at = n_brute < 6 ? n_brute++ : 5;
          while (at > 0 && brute[at - 1] > d)
            {
              brute[at] = brute[at - 1];
              at--;
            }
          brute[at] = d;
        }
      g_assert_cmpuint (isc_spatial_index_knn (index, p, 6, q, INFINITY, dist, ids), ==, 6);
      for (int k = 0; k < 6; k++)
        g_assert_cmpfloat_with_epsilon (dist[k], brute[k], 1e-9);
      g_assert_cmpuint (ids[0], !=, q);
    }
  /* A limit keeps far points out. */
  {
    double p[3] = { -100, -100, -100 }, dist[2];

    g_assert_cmpuint (isc_spatial_index_knn (index, p, 2, G_MAXUINT32, 5.0, dist, NULL), ==, 0);
  }
  g_assert_null (isc_spatial_index_new (cloud, NULL, 0, 0.0, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
}

/* ---- voxels ---- */

static double
li_half (double x, double y, double z, gpointer data)
{
  return x < 10 ? 0.2 : 0.6;
}

static void
test_voxel_counts_atoms (void)
{
  g_autoptr(IscIonCloud) cloud = test_cloud_new (4);
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscVoxelGrid) grid = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *li = NULL;
  IscVoxelSettings settings;
  IscQuantity q;
  /* Two voxels of 1 nm: NiO + Li in the first, LiO in the second; one unranged ion. */
  const float pos[4][3] = { { 0.2f, 0.2f, 0.2f }, { 0.7f, 0.3f, 0.1f }, { 1.5f, 0.5f, 0.5f }, { 1.6f, 0.1f, 0.9f } };
  const guint8 types[4] = { T_NIO, T_LI, T_LIO, 255 };

  for (int i = 0; i < 4; i++)
    {
      cloud->x[i] = pos[i][0];
      cloud->y[i] = pos[i][1];
      cloud->z[i] = pos[i][2];
      cloud->ion_type[i] = types[i];
    }
  test_cloud_finish (cloud);
  isc_voxel_settings_init (&settings);
  settings.bin = 1.0;
  grid = isc_voxel_grid_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (grid->dims[0], ==, 2);
  g_assert_cmpuint (grid->n_ions, ==, 3);
  g_assert_cmpuint (grid->n_atoms, ==, 5);
  g_assert_cmpfloat (grid->atoms[0], ==, 3);
  g_assert_cmpfloat (grid->atoms[1], ==, 2);
  g_assert_true (isc_quantity_parse ("Li", ranges, &q, &error));
  li = isc_voxel_grid_quantity (grid, &q);
  g_assert_cmpfloat_with_epsilon (li[0], 1.0 / 3, 1e-6);
  g_assert_cmpfloat_with_epsilon (li[1], 0.5, 1e-6);
  isc_quantity_clear (&q);

  /* A minimum of 3 atoms: the second voxel is empty (NAN), not 0 %. */
  settings.min_atoms = 3;
  isc_voxel_grid_free (grid);
  grid = isc_voxel_grid_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, &error);
  g_assert_true (isc_quantity_parse ("Li/Ni", ranges, &q, &error));
  g_free (li);
  li = isc_voxel_grid_quantity (grid, &q);
  g_assert_cmpfloat_with_epsilon (li[0], 1.0, 1e-6);
  g_assert_true (isnan (li[1]));
  g_assert_cmpuint (isc_voxel_grid_count_filled (grid), ==, 1);
  isc_quantity_clear (&q);
}

static void
test_voxel_errors (void)
{
  g_autoptr(IscIonCloud) cloud = test_cloud_box (1000, 10, li_half, NULL, 3);
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(GError) error = NULL;
  IscVoxelSettings settings;
  IscQuantity q;

  isc_voxel_settings_init (&settings);
  settings.bin = 50;
  g_assert_null (isc_voxel_grid_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "larger than the data"));
  g_clear_error (&error);
  settings.bin = -1;
  g_assert_null (isc_voxel_grid_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_clear_error (&error);
  {
    g_autoptr(IscIonCloud) empty = test_cloud_new (0);

    test_cloud_finish (empty);
    settings.bin = 1;
    g_assert_null (isc_voxel_grid_compute (empty, ranges, NULL, &settings, NULL, NULL, NULL, &error));
    g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "no ions"));
    g_clear_error (&error);
  }
  g_assert_false (isc_quantity_parse ("Mn", ranges, &q, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "“Mn” is not in the ranges"));
  g_clear_error (&error);
  g_assert_false (isc_quantity_parse ("Li/(Ni+Xx)", ranges, &q, &error));
  g_assert_nonnull (strstr (error->message, "Xx"));
}

static void
test_voxel_roi_and_delocalisation (void)
{
  g_autoptr(IscIonCloud) cloud = test_cloud_box (200000, 20, li_half, NULL, 5);
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscVoxelGrid) plain = NULL, smooth = NULL, boxed = NULL;
  g_autoptr(GError) error = NULL;
  IscVoxelSettings settings;
  IscRoi roi;
  double total_plain = 0, total_smooth = 0, c0[3] = { 2, 2, 2 }, c1[3] = { 8, 8, 8 };
  gsize n_vox;

  isc_voxel_settings_init (&settings);
  plain = isc_voxel_grid_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  settings.delocalise = 1.0;
  smooth = isc_voxel_grid_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  n_vox = isc_voxel_grid_get_n_voxels (plain);
  for (gsize v = 0; v < n_vox; v++)
    {
      total_plain += plain->atoms[v];
      total_smooth += smooth->atoms[v];
    }
  g_assert_cmpfloat (total_plain, ==, 200000);
  /* Spreading moves atoms, and loses only what leaves the grid at its faces. */
  g_assert_cmpfloat (total_smooth, <, total_plain);
  g_assert_cmpfloat (total_smooth, >, 0.85 * total_plain);

  g_assert_true (isc_roi_set_box (&roi, c0, c1, &error));
  settings.delocalise = 0;
  boxed = isc_voxel_grid_compute (cloud, ranges, &roi, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* 6³ of 20³ of the volume. */
  g_assert_cmpfloat_with_epsilon (boxed->n_ions / 200000.0, 216.0 / 8000, 0.003);
  g_assert_cmpfloat_with_epsilon (boxed->origin[0], 2.0, 0.01);
}

/* One atom in a box of other-sized sides, spread with σ = 1 nm on 0.25 nm voxels: the spread is a
 * Gaussian of σ along each axis, centred on the atom's voxel, and keeps its one atom. */
static void
test_voxel_delocalisation_is_gaussian (void)
{
  g_autoptr(IscIonCloud) cloud = test_cloud_new (3);
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscVoxelGrid) grid = NULL;
  g_autoptr(GError) error = NULL;
  IscVoxelSettings settings;
  double sum = 0, m1[3] = { 0 }, m2[3] = { 0 }, centre[3];

  /* Two unranged ions set the box: 14 × 12 × 10 nm; the Li atom at (6.1, 5.1, 4.1). */
  cloud->x[0] = 0, cloud->y[0] = 0, cloud->z[0] = 0;
  cloud->x[1] = 14, cloud->y[1] = 12, cloud->z[1] = 10;
  cloud->x[2] = 6.1f, cloud->y[2] = 5.1f, cloud->z[2] = 4.1f;
  cloud->ion_type[0] = cloud->ion_type[1] = 255;
  cloud->ion_type[2] = T_LI;
  test_cloud_finish (cloud);
  isc_voxel_settings_init (&settings);
  settings.bin = 0.25;
  settings.delocalise = 1.0;
  settings.min_atoms = 0;
  grid = isc_voxel_grid_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (grid->dims[0], !=, grid->dims[1]);
  for (guint k = 0; k < grid->dims[2]; k++)
    for (guint j = 0; j < grid->dims[1]; j++)
      for (guint i = 0; i < grid->dims[0]; i++)
        {
          double w = grid->atoms[((gsize) k * grid->dims[1] + j) * grid->dims[0] + i];
          double c[3] = { i, j, k };

          sum += w;
          for (int a = 0; a < 3; a++)
            {
              double x = grid->origin[a] + (c[a] + 0.5) * grid->bin;

              m1[a] += w * x;
              m2[a] += w * x * x;
            }
        }
  g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-3);
  centre[0] = 6.125, centre[1] = 5.125, centre[2] = 4.125;   /* the atom's voxel centre */
  for (int a = 0; a < 3; a++)
    {
      double mean = m1[a] / sum, var = m2[a] / sum - mean * mean;

      g_assert_cmpfloat_with_epsilon (mean, centre[a], 1e-3);
      g_assert_cmpfloat_with_epsilon (sqrt (var), 1.0, 0.02);
    }
  /* Li everywhere the atom went: fraction 1 where there is any. */
  {
    gsize v = ((gsize) 16 * grid->dims[1] + 20) * grid->dims[0] + 24;

    g_assert_cmpfloat (grid->atoms[v], >, 5e-4);
    g_assert_cmpfloat_with_epsilon (grid->counts[v * grid->n_elements] / grid->atoms[v], 1.0, 1e-5);
  }
}

/* ---- maps ---- */

static void
test_map_ratio_and_error (void)
{
  g_autoptr(IscIonCloud) cloud = test_cloud_box (200000, 20, li_half, NULL, 11);
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscConcMap) map = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  IscConcMapSettings settings;
  IscQuantity q;
  guint64 atoms = 0;

  g_assert_true (isc_quantity_parse ("Li", ranges, &q, &error));
  isc_conc_map_settings_init (&settings);
  settings.axis = ISC_PROFILE_AXIS_Z;
  settings.from = 5;
  settings.to = 15;
  settings.bin = 2;
  map = isc_conc_map_compute (cloud, ranges, NULL, &q, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (map->width, >=, 10);
  for (guint j = 1; j + 1 < map->height; j++)
    for (guint i = 1; i + 1 < map->width; i++)
      {
        gsize k = (gsize) j * map->width + i;
        double u = map->u0 + (i + 0.5) * map->bin;
        double expect = u < 10 ? 0.2 : 0.6;

        atoms += map->den[k];
        if (fabs (u - 10) < 1.5)
          continue;
        /* 2 × 2 × 10 nm of 25 atoms/nm³: 1000 atoms; 5 σ. */
        g_assert_cmpfloat (fabs (map->value[k] - expect), <, 5 * map->sigma[k]);
        g_assert_cmpfloat_with_epsilon (map->sigma[k], sqrt (expect * (1 - expect) / map->den[k]), 0.01);
      }
  g_assert_cmpuint (atoms, >, 60000);
  csv = isc_conc_map_to_csv (map);
  g_assert_true (g_str_has_prefix (csv, "u_nm,v_nm,num_atoms,den_atoms,value,sigma\n"));
  isc_quantity_clear (&q);

  /* A ratio: Li/O = 0.25 and 1.5. */
  g_assert_true (isc_quantity_parse ("Li/(O)", ranges, &q, &error));
  g_clear_pointer (&map, isc_conc_map_free);
  map = isc_conc_map_compute (cloud, ranges, NULL, &q, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    gsize k = (gsize) (map->height / 2) * map->width + 1;

    g_assert_cmpfloat (fabs (map->value[k] - 0.25), <, 5 * map->sigma[k]);
  }
  isc_quantity_clear (&q);
}

static void
test_map_roi_axis (void)
{
  g_autoptr(IscIonCloud) cloud = test_cloud_box (200000, 20, li_half, NULL, 23);
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscConcMap) map = NULL;
  g_autoptr(GError) error = NULL;
  IscConcMapSettings settings;
  IscQuantity q;
  IscRoi roi;
  double centre[3] = { 10, 10, 10 }, axis[3] = { 0, 1, 0 };
  guint n_low = 0, n_high = 0;

  /* A cylinder along y: the slab is cut along y, the map spans x and z. */
  g_assert_true (isc_roi_set_cylinder (&roi, centre, axis, 8, 16, &error));
  g_assert_true (isc_quantity_parse ("Li", ranges, &q, &error));
  isc_conc_map_settings_init (&settings);
  settings.axis = ISC_PROFILE_AXIS_ROI;
  settings.from = 4;
  settings.to = 12;
  settings.bin = 2;
  settings.min_atoms = 100;
  map = isc_conc_map_compute (cloud, ranges, &roi, &q, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (map->u_dir[1]) + fabs (map->v_dir[1]), <, 1e-9);
  for (gsize k = 0; k < (gsize) map->width * map->height; k++)
    {
      if (isnan (map->value[k]))
        continue;
      n_low += fabs (map->value[k] - 0.2) < 5 * map->sigma[k];
      n_high += fabs (map->value[k] - 0.6) < 5 * map->sigma[k];
    }
  g_assert_cmpuint (n_low, >, 5);
  g_assert_cmpuint (n_high, >, 5);
  /* π 8² × 8 nm of 25 atoms/nm³. */
  g_assert_cmpfloat_with_epsilon (map->n_atoms / (G_PI * 64 * 8 * 25.0), 1.0, 0.03);
  isc_quantity_clear (&q);
}

/* ---- isosurfaces ---- */

static double
li_cube (double x, double y, double z, gpointer data)
{
  return x >= 5 && x < 15 && y >= 5 && y < 15 && z >= 5 && z < 15 ? 0.9 : 0.1;
}

static void
test_isosurface_cube_volume (void)
{
  g_autoptr(IscIonCloud) cloud = test_cloud_box (240000, 20, li_cube, NULL, 13);
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscVoxelGrid) grid = NULL;
  g_autoptr(IscIsosurface) iso = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *ply = g_build_filename (dir, "cube.ply", NULL);
  g_autofree char *stl = g_build_filename (dir, "cube.stl", NULL);
  g_autofree char *text = NULL;
  gsize len;
  IscVoxelSettings settings;
  IscQuantity q;
  guint64 in_cube = 0;

  /* Align the grid with the cube's faces: the data start at 0. */
  cloud->x[0] = cloud->y[0] = cloud->z[0] = 0;
  isc_ion_cloud_update_bounds (cloud);
  isc_voxel_settings_init (&settings);
  settings.bin = 1.0;
  grid = isc_voxel_grid_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (isc_quantity_parse ("Li", ranges, &q, &error));
  iso = isc_isosurface_compute (grid, &q, 0.5, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (iso->n_surfaces, ==, 1);
  g_test_message ("cube of 1000 nm³, 600 nm²: %.1f nm³, %.1f nm²", iso->surfaces[0].volume, iso->surfaces[0].area);
  g_assert_true (iso->surfaces[0].closed);
  g_assert_cmpfloat_with_epsilon (iso->surfaces[0].volume / 1000.0, 1.0, 0.03);
  g_assert_cmpfloat_with_epsilon (iso->surfaces[0].area / 600.0, 1.0, 0.06);
  g_assert_true (isc_isosurface_count_ions (iso, cloud, ranges, NULL, NULL, &error));
  for (gsize i = 0; i < cloud->n_ions; i++)
    in_cube += li_cube (cloud->x[i], cloud->y[i], cloud->z[i], NULL) > 0.5;
  g_assert_cmpfloat_with_epsilon ((double) iso->surfaces[0].n_ions / in_cube, 1.0, 0.02);
  /* The cube's composition: 90 % Li (the voxels at its faces bring a little matrix in). */
  g_assert_cmpstr (iso->elements[0], ==, "Li");
  g_assert_cmpfloat_with_epsilon ((double) iso->surfaces[0].counts[0] / iso->surfaces[0].atoms, 0.9, 0.02);
  /* Normals point outwards: away from the cube's centre. */
  {
    g_autofree float *normals = isc_isosurface_vertex_normals (iso);
    guint n_out = 0;

    for (guint v = 0; v < iso->n_vertices; v++)
      {
        const float *p = iso->vertices + 3 * v, *n = normals + 3 * v;

        n_out += (p[0] - 10) * n[0] + (p[1] - 10) * n[1] + (p[2] - 10) * n[2] > 0;
      }
    g_assert_cmpuint (n_out, >, 0.99 * iso->n_vertices);
  }
  /* The field is above the threshold inside only. */
  {
    double in[3] = { 10, 10, 10 }, out[3] = { 2, 10, 10 };

    g_assert_cmpfloat (isc_isosurface_field_at (iso, in), >, 0.5);
    g_assert_cmpfloat (isc_isosurface_field_at (iso, out), <, 0.5);
  }

  g_assert_true (isc_isosurface_save (iso, ply, &error));
  g_assert_true (g_file_get_contents (ply, &text, &len, NULL));
  g_assert_true (g_str_has_prefix (text, "ply\nformat ascii 1.0\n"));
  g_assert_nonnull (strstr (text, "element face"));
  g_clear_pointer (&text, g_free);
  g_assert_true (isc_isosurface_save (iso, stl, &error));
  g_assert_true (g_file_get_contents (stl, &text, &len, NULL));
  g_assert_cmpuint (len, ==, 84 + 50 * (gsize) iso->n_triangles);
  g_assert_false (isc_isosurface_save (iso, "/tmp/x.obj", &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_clear_error (&error);

  /* Above every voxel: no surface, an empty result. */
  g_clear_pointer (&iso, isc_isosurface_free);
  iso = isc_isosurface_compute (grid, &q, 1.01, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (iso->n_surfaces, ==, 0);
  g_assert_null (isc_isosurface_compute (grid, &q, 0, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  isc_quantity_clear (&q);
}

static void
test_proxigram_step (void)
{
  g_autoptr(IscIonCloud) cloud = test_cloud_box (160000, 20, li_half, NULL, 17);
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscVoxelGrid) grid = NULL;
  g_autoptr(IscIsosurface) iso = NULL;
  g_autoptr(IscProxigram) prox = NULL;
  g_autoptr(GError) error = NULL;
  IscVoxelSettings settings;
  IscProxigramSettings ps;
  IscQuantity q;
  int li;

  isc_voxel_settings_init (&settings);
  settings.bin = 1.0;
  settings.delocalise = 0.5;
  grid = isc_voxel_grid_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (isc_quantity_parse ("Li", ranges, &q, &error));
  iso = isc_isosurface_compute (grid, &q, 0.4, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (iso->n_surfaces, >=, 1);
  /* The plane runs into the data's edges. */
  g_assert_false (iso->surfaces[0].closed);

  isc_proxigram_settings_init (&ps);
  ps.shell = 0.5;
  ps.d_min = -4;
  ps.d_max = 4;
  prox = isc_proxigram_compute (iso, cloud, ranges, NULL, &ps, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (prox->n_shells, ==, 16);
  li = isc_proxigram_find_element (prox, "Li");
  for (guint k = 0; k < prox->n_shells; k++)
    {
      double mid = 0.5 * (prox->start[k] + prox->end[k]);
      double c = prox->fraction[(gsize) k * prox->n_elements + li];
      double s = prox->sigma[(gsize) k * prox->n_elements + li];

      g_assert_cmpuint (prox->atoms[k], >, 400);
      if (mid > 1.0)
        g_assert_cmpfloat (fabs (c - 0.6), <, MAX (5 * s, 0.02));
      else if (mid < -1.0)
        g_assert_cmpfloat (fabs (c - 0.2), <, MAX (5 * s, 0.02));
    }
  /* The step lies at 0: the two shells next to it differ by most of it. */
  g_assert_cmpfloat (prox->fraction[8 * prox->n_elements + li] - prox->fraction[7 * prox->n_elements + li], >, 0.1);
  isc_quantity_clear (&q);
}

/* Distance from @p to triangle a, b, c by brute force: the plane's foot when it falls inside,
 * else the nearest of the three edges. */
static double
segment_d2 (const double p[3], const float *a, const float *b)
{
  double ab[3] = { b[0] - a[0], b[1] - a[1], b[2] - a[2] }, ap[3] = { p[0] - a[0], p[1] - a[1], p[2] - a[2] };
  double l2 = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2];
  double t = l2 > 0 ? CLAMP ((ap[0] * ab[0] + ap[1] * ab[1] + ap[2] * ab[2]) / l2, 0.0, 1.0) : 0.0;
  double d[3] = { ap[0] - t * ab[0], ap[1] - t * ab[1], ap[2] - t * ab[2] };

  return d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
}

static double
brute_triangle_d2 (const double p[3], const float *a, const float *b, const float *c)
{
  double e1[3] = { b[0] - a[0], b[1] - a[1], b[2] - a[2] }, e2[3] = { c[0] - a[0], c[1] - a[1], c[2] - a[2] };
  double n[3] = { e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0] };
  double nn = n[0] * n[0] + n[1] * n[1] + n[2] * n[2];
  double ap[3] = { p[0] - a[0], p[1] - a[1], p[2] - a[2] };
  double h = (ap[0] * n[0] + ap[1] * n[1] + ap[2] * n[2]) / nn;
  double f[3] = { p[0] - h * n[0], p[1] - h * n[1], p[2] - h * n[2] };
  gboolean inside = TRUE;
  const float *v[3] = { a, b, c };

  for (int k = 0; k < 3 && nn > 0; k++)
    {
      const float *u = v[k], *w = v[(k + 1) % 3];
      double ed[3] = { w[0] - u[0], w[1] - u[1], w[2] - u[2] }, fu[3] = { f[0] - u[0], f[1] - u[1], f[2] - u[2] };
      double cr[3] = { ed[1] * fu[2] - ed[2] * fu[1], ed[2] * fu[0] - ed[0] * fu[2], ed[0] * fu[1] - ed[1] * fu[0] };

      if (cr[0] * n[0] + cr[1] * n[1] + cr[2] * n[2] < 0)
        inside = FALSE;
    }
  if (nn > 0 && inside)
    return h * h * nn;
  return MIN (segment_d2 (p, a, b), MIN (segment_d2 (p, b, c), segment_d2 (p, c, a)));
}

static double
li_small_cube (double x, double y, double z, gpointer data)
{
  return x >= 4 && x < 9 && y >= 4 && y < 9 && z >= 4 && z < 9 ? 0.9 : 0.1;
}

/* The proxigram's cell search against every triangle for every ion. */
static void
test_proxigram_matches_brute_force (void)
{
  g_autoptr(IscIonCloud) cloud = test_cloud_box (15000, 13, li_small_cube, NULL, 29);
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscVoxelGrid) grid = NULL;
  g_autoptr(IscIsosurface) iso = NULL;
  g_autoptr(IscProxigram) prox = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint64 *expected = NULL;
  IscVoxelSettings settings;
  IscProxigramSettings ps;
  IscQuantity q;
  guint64 mismatched = 0, total = 0;

  isc_voxel_settings_init (&settings);
  settings.bin = 1.0;
  settings.delocalise = 0.7;
  grid = isc_voxel_grid_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, &error);
  g_assert_true (isc_quantity_parse ("Li", ranges, &q, &error));
  iso = isc_isosurface_compute (grid, &q, 0.5, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (iso->n_triangles, >, 100);
  isc_proxigram_settings_init (&ps);
  ps.shell = 0.25;
  ps.d_min = -4;
  ps.d_max = 3;
  prox = isc_proxigram_compute (iso, cloud, ranges, NULL, &ps, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  expected = g_new0 (guint64, prox->n_shells);
  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      double p[3] = { cloud->x[i], cloud->y[i], cloud->z[i] }, best = INFINITY, d;
      long shell;

      for (guint t = 0; t < iso->n_triangles; t++)
        best = MIN (best, brute_triangle_d2 (p, iso->vertices + 3 * iso->triangles[3 * t],
                                             iso->vertices + 3 * iso->triangles[3 * t + 1],
                                             iso->vertices + 3 * iso->triangles[3 * t + 2]));
      d = sqrt (best);
      if (d > 4)
        continue;
      if (!(isc_isosurface_field_at (iso, p) >= iso->threshold))
        d = -d;
      shell = (long) floor ((d - ps.d_min) / ps.shell);
      if (shell >= 0 && shell < prox->n_shells)
        expected[shell]++;
    }
  for (guint k = 0; k < prox->n_shells; k++)
    {
      /* One atom per ion here (Li or O). */
      mismatched += expected[k] > prox->atoms[k] ? expected[k] - prox->atoms[k] : prox->atoms[k] - expected[k];
      total += expected[k];
    }
  g_test_message ("%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " ions in another shell", mismatched, total);
  g_assert_cmpuint (total, >, 5000);
  /* The data are fixed: no ion lies within rounding of a shell edge, so every ion must land in
   * the same shell (a search that stops one ring early moves two). */
  g_assert_cmpuint (mismatched, ==, 0);
  isc_quantity_clear (&q);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/spatial/pass/every-item-once", test_pass_covers_every_item_once);
  g_test_add_func ("/spatial/pass/cancel", test_pass_cancel);
  g_test_add_func ("/spatial/index/knn", test_index_knn_matches_brute_force);
  g_test_add_func ("/spatial/voxel/counts-atoms", test_voxel_counts_atoms);
  g_test_add_func ("/spatial/voxel/errors", test_voxel_errors);
  g_test_add_func ("/spatial/voxel/roi-delocalise", test_voxel_roi_and_delocalisation);
  g_test_add_func ("/spatial/voxel/delocalisation-gaussian", test_voxel_delocalisation_is_gaussian);
  g_test_add_func ("/spatial/map/ratio-error", test_map_ratio_and_error);
  g_test_add_func ("/spatial/map/roi-axis", test_map_roi_axis);
  g_test_add_func ("/spatial/isosurface/cube", test_isosurface_cube_volume);
  g_test_add_func ("/spatial/proxigram/step", test_proxigram_step);
  g_test_add_func ("/spatial/proxigram/brute-force", test_proxigram_matches_brute_force);
  return g_test_run ();
}
