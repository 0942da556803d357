/* test-spatial-index-bands.c: the point index keeps its ids only (reading positions from the
 * cloud) once a coordinate copy would exceed the band bytes; cluster, nn, rdf and nn frequency
 * blocks then give the results of the copied index on the loaded arrays, bit for bit, on a
 * mapped cloud and any number of workers. A request that does not fit ends in one error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "cluster.h"
#include "fda.h"
#include "ion-pass.h"
#include "neighbours.h"
#include "range-index.h"
#include "spatial-index.h"
#include "test-util.h"

enum { T_LI, T_O, T_NI, T_LIO, N_TYPES };
static const char *formulas[N_TYPES] = { "Li", "O", "Ni", "LiO" };
static const float masses[N_TYPES] = { 7.0f, 16.0f, 58.0f, 23.0f };

#define N_IONS 200000  /* several chunks of 65536 */

static char *pos_path;

/* A needle with Li in clusters and unranged ions among the rest. */
static void
write_needle (const char *path)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (41);
  g_autofree float (*ions)[4] = g_malloc (sizeof (float[4]) * N_IONS);

  for (gsize i = 0; i < N_IONS; i++)
    {
      float x = g_rand_double_range (rand, -12, 12), y = g_rand_double_range (rand, -12, 12);
      float z = g_rand_double_range (rand, 0, 80);
      gboolean in_cluster = ((int) (x + 12) / 4 + (int) (y + 12) / 4 + (int) z / 4) % 5 == 0;
      double u = g_rand_double (rand);

      ions[i][0] = x;
      ions[i][1] = y;
      ions[i][2] = z;
      ions[i][3] = u < (in_cluster ? 0.5 : 0.05) ? masses[T_LI]
                   : u < 0.6 ? masses[T_O] : u < 0.8 ? masses[T_NI] : u < 0.9 ? masses[T_LIO] : 100.0f;
    }
  isc_test_write_pos (path, (const float (*)[4]) ions, N_IONS);
}

static IscIonCloud *
load (const IscRangeSet *ranges,
      gboolean           mapped)
{
  return isc_test_load_ranged (pos_path, ranges, mapped);
}

/* Small bands: every index below keeps its ids only. */
static void
ids_only (gboolean on)
{
  if (on)
    g_setenv ("IONSCAPE_BAND_BYTES", "1000", TRUE);
  else
    g_unsetenv ("IONSCAPE_BAND_BYTES");
}

#define SAME_ARRAY ISC_TEST_SAME_ARRAY
#define SAME(a, b) SAME_ARRAY (&(a), &(b), 1)

/* The index itself: the same cells and ids either way, every point read where it is. */
static void
test_index (void)
{
  g_autoptr(IscRangeSet) ranges = isc_test_make_ranges (formulas, masses, N_TYPES);
  g_autoptr(IscIonCloud) cloud = load (ranges, TRUE);
  g_autoptr(IscSpatialIndex) copied = NULL;
  g_autoptr(IscSpatialIndex) lean = NULL;
  g_autoptr(IscSpatialIndex) taken = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *list = g_new (guint32, N_IONS);
  gsize n_list = 0, n_cells;

  for (gsize i = 0; i < N_IONS; i += 1 + i % 3)
    list[n_list++] = (guint32) i;
  copied = isc_spatial_index_new (cloud, list, n_list, 0.7, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copied->x);
  ids_only (TRUE);
  lean = isc_spatial_index_new (cloud, list, n_list, 0.7, &error);
  g_assert_no_error (error);
  taken = isc_spatial_index_new_take (cloud, g_memdup2 (list, n_list * sizeof (guint32)), n_list, 0.7, &error);
  g_assert_no_error (error);
  ids_only (FALSE);
  g_assert_null (lean->x);
  g_assert_null (taken->x);

  n_cells = (gsize) copied->dims[0] * copied->dims[1] * copied->dims[2];
  g_assert_cmpuint (n_cells, >, 1000);
  for (const IscSpatialIndex *ix = lean; ix != NULL; ix = ix == lean ? taken : NULL)
    {
      g_assert_cmpuint (ix->n_points, ==, n_list);
      SAME_ARRAY (ix->dims, copied->dims, 3);
      SAME_ARRAY (ix->origin, copied->origin, 3);
      SAME_ARRAY (ix->cell_start, copied->cell_start, n_cells + 1);
      SAME_ARRAY (ix->id, copied->id, n_list);
    }
  for (gsize i = 0; i < n_list; i++)
    {
      double a[3], b[3];
      guint32 j = copied->id[i];

      isc_spatial_index_point (copied, i, a);
      isc_spatial_index_point (lean, i, b);
      SAME_ARRAY (a, b, 3);
      g_assert_cmpfloat (b[0], ==, cloud->x[j]);
      g_assert_cmpfloat (b[1], ==, cloud->y[j]);
      g_assert_cmpfloat (b[2], ==, cloud->z[j]);
    }
  for (gsize q = 0; q < N_IONS; q += 997)
    {
      double p[3] = { cloud->x[q], cloud->y[q], cloud->z[q] }, da[8], db[8];
      guint32 ia[8], ib[8];
      guint na = isc_spatial_index_knn (copied, p, 8, (guint32) q, INFINITY, da, ia);
      guint nb = isc_spatial_index_knn (lean, p, 8, (guint32) q, INFINITY, db, ib);

      g_assert_cmpuint (na, ==, 8);
      g_assert_cmpuint (na, ==, nb);
      SAME_ARRAY (da, db, na);
      SAME_ARRAY (ia, ib, na);
    }
}

static IscClusterResult *
cluster (const IscIonCloud *cloud,
         const IscRangeSet *ranges,
         const IscRoi      *roi,
         guint              n_workers)
{
  g_autoptr(GError) error = NULL;
  const char *solutes[] = { "Li", NULL };
  IscClusterSettings s;
  IscClusterResult *r;

  isc_cluster_settings_init (&s);
  s.solutes = solutes;
  s.d_max = 0.9;
  s.n_min = 5;
  s.envelope = 0.6;
  s.erosion = 0.3;
  s.n_workers = n_workers;
  r = isc_cluster_compute (cloud, ranges, roi, &s, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return r;
}

static void
same_clusters (const IscClusterResult *a,
               const IscClusterResult *b)
{
  g_assert_cmpuint (a->n_clusters, >, 20);
  g_assert_cmpuint (a->n_clusters, ==, b->n_clusters);
  g_assert_cmpuint (a->n_sizes, ==, b->n_sizes);
  g_assert_cmpuint (a->n_elements, ==, b->n_elements);
  SAME (a->matrix_ions, b->matrix_ions);
  SAME (a->matrix_atoms, b->matrix_atoms);
  SAME (a->solute_ions, b->solute_ions);
  SAME_ARRAY (a->matrix_counts, b->matrix_counts, a->n_elements);
  g_assert_cmpuint (a->n_members, ==, b->n_members);
  SAME_ARRAY (a->member_ions, b->member_ions, a->n_members);
  SAME_ARRAY (a->member_cluster, b->member_cluster, a->n_members);
  SAME_ARRAY (a->sizes, b->sizes, a->n_sizes);
  for (guint c = 0; c < a->n_clusters; c++)
    {
      const IscCluster *x = &a->clusters[c], *y = &b->clusters[c];

      SAME (x->id, y->id);
      SAME (x->solute_ions, y->solute_ions);
      SAME (x->solute_atoms, y->solute_atoms);
      SAME (x->ions, y->ions);
      SAME (x->atoms, y->atoms);
      SAME_ARRAY (x->counts, y->counts, a->n_elements);
      SAME_ARRAY (x->centre, y->centre, 3);
      SAME (x->rg, y->rg);
      SAME (x->guinier, y->guinier);
    }
}

static IscNnResult *
nn (const IscIonCloud *cloud,
    const IscRangeSet *ranges,
    const IscRoi      *roi,
    const char        *to,
    guint              k,
    gsize              max_queries,
    guint              n_workers)
{
  g_autoptr(GError) error = NULL;
  IscNnSettings s;
  IscNnResult *r;

  isc_nn_settings_init (&s);
  s.k_max = k;
  s.max_queries = max_queries;
  s.n_workers = n_workers;
  r = isc_nn_compute (cloud, ranges, roi, "Li", to, &s, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return r;
}

static void
same_nn (const IscNnResult *a,
         const IscNnResult *b)
{
  g_assert_cmpuint (a->n_queries, >, 1000);
  SAME (a->n_from, b->n_from);
  SAME (a->n_to, b->n_to);
  SAME (a->n_queries, b->n_queries);
  SAME_ARRAY (a->mean, b->mean, a->k_max);
  SAME_ARRAY (a->random_mean, b->random_mean, a->k_max);
  SAME_ARRAY (a->ks_d, b->ks_d, a->k_max);
  SAME_ARRAY (a->ks_p, b->ks_p, a->k_max);
  g_assert_cmpuint (a->n_bins, ==, b->n_bins);
  SAME_ARRAY (a->hist, b->hist, (gsize) a->k_max * a->n_bins);
  SAME_ARRAY (a->random_hist, b->random_hist, (gsize) a->k_max * a->n_bins);
  SAME (a->suggested_dmax, b->suggested_dmax);
}

static IscRdfResult *
rdf (const IscIonCloud *cloud,
     const IscRangeSet *ranges,
     const IscRoi      *roi,
     const char        *to,
     gsize              max_centres,
     guint              n_workers)
{
  g_autoptr(GError) error = NULL;
  IscRdfSettings s;
  IscRdfResult *r;

  isc_rdf_settings_init (&s);
  s.r_max = 1.5;
  s.dr = 0.05;
  s.max_centres = max_centres;
  s.n_workers = n_workers;
  r = isc_rdf_compute (cloud, ranges, roi, "Li", to, &s, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return r;
}

static void
same_rdf (const IscRdfResult *a,
          const IscRdfResult *b)
{
  g_assert_cmpuint (a->n_centres, >=, 150);
  g_assert_cmpuint (a->all_atoms[a->n_bins - 1], >, 500);
  g_assert_cmpuint (a->n_bins, ==, b->n_bins);
  SAME (a->n_centres, b->n_centres);
  SAME (a->bulk, b->bulk);
  SAME_ARRAY (a->to_atoms, b->to_atoms, a->n_bins);
  SAME_ARRAY (a->all_atoms, b->all_atoms, a->n_bins);
  SAME_ARRAY (a->rdf, b->rdf, a->n_bins);
  SAME_ARRAY (a->sigma, b->sigma, a->n_bins);
}

static GPtrArray *
fda_nn (const IscIonCloud *cloud,
        const IscRangeSet *ranges,
        const IscRoi      *roi,
        IscFdaCountUnit    unit)
{
  g_autoptr(GError) error = NULL;
  IscFdaSettings s;
  GPtrArray *results;

  isc_fda_settings_init (&s);
  s.blocks = ISC_FDA_BLOCKS_NN;
  s.block_size = 20;
  s.count_unit = unit;
  results = isc_fda_compute (cloud, ranges, roi, &s, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return results;
}

static void
same_fda (GPtrArray *one,
          GPtrArray *other)
{
  g_autofree char *csv_one = isc_fda_results_to_csv (one);
  g_autofree char *csv_other = isc_fda_results_to_csv (other);

  g_assert_cmpuint (one->len, ==, 3);
  g_assert_cmpuint (one->len, ==, other->len);
  for (guint e = 0; e < one->len; e++)
    {
      const IscFdaResult *a = one->pdata[e], *b = other->pdata[e];

      g_assert_cmpuint (a->n_blocks, >, 1000);
      g_assert_cmpuint (a->n_blocks, ==, b->n_blocks);
      g_assert_cmpuint (a->n_solute, ==, b->n_solute);
      SAME_ARRAY (a->observed, b->observed, a->block_size + 1);
      SAME_ARRAY (a->expected, b->expected, a->block_size + 1);
      SAME (a->chi2, b->chi2);
      SAME (a->mu, b->mu);
    }
  g_assert_cmpstr (csv_one, ==, csv_other);
}

/* Each analysis on the loaded arrays with the coordinates copied, against the mapped cloud
 * with ids-only indexes on 1 and 3 workers, over the whole cloud and in a sphere. */
static void
test_analyses (void)
{
  g_autoptr(IscRangeSet) ranges = isc_test_make_ranges (formulas, masses, N_TYPES);
  g_autoptr(IscIonCloud) arrays = load (ranges, FALSE);
  g_autoptr(IscIonCloud) mapped = load (ranges, TRUE);
  const double centre[3] = { 1, -2, 40 };
  IscRoi sphere;

  isc_roi_init_all (&sphere);
  g_assert_true (isc_roi_set_sphere (&sphere, centre, 14, NULL));
  for (guint k = 0; k < 4; k++)
    {
      const IscRoi *roi = k < 2 ? NULL : &sphere;
      guint workers = k % 2 ? 3 : 1;
      g_autoptr(IscClusterResult) c1 = NULL, c2 = NULL;
      g_autoptr(IscNnResult) n1 = NULL, n2 = NULL, m1 = NULL, m2 = NULL;
      g_autoptr(IscRdfResult) r1 = NULL, r2 = NULL, s1 = NULL, s2 = NULL;
      g_autoptr(GPtrArray) f1 = NULL, f2 = NULL;
      IscFdaCountUnit unit = k % 2 ? ISC_FDA_COUNT_IONS : ISC_FDA_COUNT_ATOMS;

      g_setenv ("IONSCAPE_WORKERS", "2", TRUE);
      c1 = cluster (arrays, ranges, roi, 2);
      n1 = nn (arrays, ranges, roi, NULL, 3, 2000, 2);
      m1 = nn (arrays, ranges, roi, "Ni", 2, 0, 2);
      r1 = rdf (arrays, ranges, roi, "O", 1500, 2);
      s1 = rdf (arrays, ranges, roi, NULL, 0, 2);
      f1 = fda_nn (arrays, ranges, roi, unit);

      ids_only (TRUE);
      g_setenv ("IONSCAPE_WORKERS", workers == 1 ? "1" : "3", TRUE);
      c2 = cluster (mapped, ranges, roi, workers);
      n2 = nn (mapped, ranges, roi, NULL, 3, 2000, workers);
      m2 = nn (mapped, ranges, roi, "Ni", 2, 0, workers);
      r2 = rdf (mapped, ranges, roi, "O", 1500, workers);
      s2 = rdf (mapped, ranges, roi, NULL, 0, workers);
      f2 = fda_nn (mapped, ranges, roi, unit);
      ids_only (FALSE);

      same_clusters (c1, c2);
      same_nn (n1, n2);
      same_nn (m1, m2);
      same_rdf (r1, r2);
      same_rdf (s1, s2);
      same_fda (f1, f2);
    }
  g_unsetenv ("IONSCAPE_WORKERS");
}

/* rdf indexes only the ions near its centres: a few centres, so that most ions are left out,
 * count what every pair of a centre and an ion of the cloud counts. */
static void
test_rdf_pairs (void)
{
  static const guint o_atoms[N_TYPES] = { 0, 1, 0, 1 }, atoms[N_TYPES] = { 1, 1, 1, 2 };
  g_autoptr(IscRangeSet) ranges = isc_test_make_ranges (formulas, masses, N_TYPES);
  g_autoptr(IscIonCloud) arrays = load (ranges, FALSE);
  g_autoptr(IscIonCloud) mapped = load (ranges, TRUE);
  g_autoptr(IscRdfResult) r = NULL;
  g_autoptr(IscRdfResult) lean = NULL;
  g_autofree guint32 *li = g_new (guint32, N_IONS);
  g_autofree guint64 *to = NULL, *all = NULL;
  gsize n_li = 0, max = 150;
  double r2 = 1.5 * 1.5;

  r = rdf (arrays, ranges, NULL, "O", max, 2);
  ids_only (TRUE);
  lean = rdf (mapped, ranges, NULL, "O", max, 3);
  ids_only (FALSE);
  same_rdf (r, lean);
  g_assert_cmpuint (r->n_centres, ==, max);

  for (gsize i = 0; i < N_IONS; i++)
    if (arrays->ion_type[i] == T_LI || arrays->ion_type[i] == T_LIO)
      li[n_li++] = (guint32) i;
  to = g_new0 (guint64, r->n_bins);
  all = g_new0 (guint64, r->n_bins);
  for (gsize m = 0; m < max; m++)
    {
      guint32 c = li[(gsize) (m * ((double) n_li / max))];
      double p[3] = { arrays->x[c], arrays->y[c], arrays->z[c] };

      for (gsize j = 0; j < N_IONS; j++)
        {
          guint t = arrays->ion_type[j];
          double dx = arrays->x[j] - p[0], dy = arrays->y[j] - p[1], dz = arrays->z[j] - p[2];
          double d2 = dx * dx + dy * dy + dz * dz;
          guint shell;

          if (t >= N_TYPES || j == c || d2 >= r2)
            continue;
          shell = MIN ((guint) (sqrt (d2) / 0.05), r->n_bins - 1);
          to[shell] += o_atoms[t];
          all[shell] += atoms[t];
        }
    }
  SAME_ARRAY (r->to_atoms, to, r->n_bins);
  SAME_ARRAY (r->all_atoms, all, r->n_bins);
}

/* An index, a cluster analysis or an rdf that cannot have its memory says so, once. */
static void
test_no_memory (void)
{
  g_autoptr(IscRangeSet) ranges = isc_test_make_ranges (formulas, masses, N_TYPES);
  g_autoptr(IscIonCloud) cloud = load (ranges, TRUE);
  g_autoptr(GError) error = NULL;
  const char *solutes[] = { "Li", NULL };
  IscClusterSettings cs;
  IscRdfSettings rs;

  g_setenv ("IONSCAPE_MEMORY_LIMIT", "100000", TRUE);
  g_assert_null (isc_spatial_index_new (cloud, NULL, 0, 0.5, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "spatial index needs"));
  g_clear_error (&error);
  {
    guint32 *all = g_new (guint32, N_IONS);

    for (guint32 i = 0; i < N_IONS; i++)
      all[i] = i;
    /* the list is freed with the failure */
    g_assert_null (isc_spatial_index_new_take (cloud, all, N_IONS, 0.05, &error));
  }
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_IO);
  g_clear_error (&error);

  isc_cluster_settings_init (&cs);
  cs.solutes = solutes;
  g_assert_null (isc_cluster_compute (cloud, ranges, NULL, &cs, NULL, NULL, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_IO);
  g_clear_error (&error);
  isc_rdf_settings_init (&rs);
  rs.max_centres = 0;
  g_assert_null (isc_rdf_compute (cloud, ranges, NULL, "Li", NULL, &rs, NULL, NULL, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_IO);
  g_unsetenv ("IONSCAPE_MEMORY_LIMIT");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  int status;

  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("IONSCAPE_COLUMN_CACHE_MIN_BYTES", "0", TRUE);
  g_test_init (&argc, &argv, NULL);
  pos_path = g_build_filename (dir, "needle.pos", NULL);
  write_needle (pos_path);
  g_test_add_func ("/spatial/index-bands/index", test_index);
  g_test_add_func ("/spatial/index-bands/analyses", test_analyses);
  g_test_add_func ("/spatial/index-bands/rdf-pairs", test_rdf_pairs);
  g_test_add_func ("/spatial/index-bands/no-memory", test_no_memory);
  status = g_test_run ();
  g_free (pos_path);
  return status;
}
