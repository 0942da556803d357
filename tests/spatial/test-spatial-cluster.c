/* test-spatial-cluster.c: maximum-separation clusters, nearest-neighbour distributions and the
 * RDF on synthetic data with known answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "cluster.h"
#include "neighbours.h"
#include "spatial-test-data.h"

#define BOX      24.0
#define DENSITY  20.0   /* ions per nm³ */
#define RADIUS   1.5    /* nm */
#define N_SPHERES 8

/* Eight spheres at the corners of a cube of side 12 nm centred in the box: 80 % Li inside,
 * 1 % Li in the matrix, the rest O. */
static double
li_spheres (double x, double y, double z, gpointer data)
{
  for (int c = 0; c < N_SPHERES; c++)
    {
      double cx = c & 1 ? 18 : 6, cy = c & 2 ? 18 : 6, cz = c & 4 ? 18 : 6;
      double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz);

      if (d2 < RADIUS * RADIUS)
        return 0.8;
    }
  return 0.01;
}

static double
li_random (double x, double y, double z, gpointer data)
{
  return 0.3;
}

static IscIonCloud *
spheres_cloud (void)
{
  return test_cloud_box ((gsize) (BOX * BOX * BOX * DENSITY), BOX, li_spheres, NULL, 42);
}

static void
test_cluster_spheres (void)
{
  g_autoptr(IscIonCloud) cloud = spheres_cloud ();
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscClusterResult) r = NULL;
  g_autoptr(GError) error = NULL;
  const char *solutes[] = { "Li", NULL };
  IscClusterSettings settings;
  double rg = sqrt (3.0 / 5.0) * RADIUS;
  guint64 labelled = 0, in_clusters = 0;
  int li;

  isc_cluster_settings_init (&settings);
  settings.solutes = solutes;
  settings.d_max = 0.5;
  settings.n_min = 20;
  r = isc_cluster_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n_clusters, ==, N_SPHERES);
  li = -1;
  for (guint e = 0; e < r->n_elements; e++)
    if (g_str_equal (r->elements[e], "Li"))
      li = e;
  g_assert_cmpint (li, >=, 0);
  for (guint c = 0; c < r->n_clusters; c++)
    {
      const IscCluster *cl = &r->clusters[c];
      double expected_li = 0.8 * DENSITY * 4.0 / 3.0 * G_PI * pow (RADIUS, 3);

      g_test_message ("cluster %u: Rg %.3f nm (sphere %.3f), Guinier %.3f nm (radius %.2f)", c, cl->rg, rg, cl->guinier, RADIUS);
      g_assert_cmpfloat_with_epsilon (cl->rg / rg, 1.0, 0.05);
      g_assert_cmpfloat_with_epsilon (cl->guinier / RADIUS, 1.0, 0.05);
      g_assert_cmpfloat_with_epsilon (cl->solute_atoms / expected_li, 1.0, 0.2);
      /* Without an envelope a cluster holds its solute ions only. */
      g_assert_cmpfloat (isc_cluster_fraction (r, cl, li), ==, 1.0);
      g_assert_cmpfloat (fabs (fmod (cl->centre[0], 12.0) - 6.0), <, 0.3);
      in_clusters += cl->ions;
    }
  for (gsize i = 0; i < cloud->n_ions; i++)
    labelled += isc_cluster_result_label (r, i) >= 0;
  g_assert_cmpuint (labelled, ==, in_clusters);
  g_assert_cmpuint (r->n_members, ==, in_clusters);
  g_assert_cmpuint (r->matrix_ions + in_clusters, ==, cloud->n_ions);
  g_assert_cmpfloat_with_epsilon ((double) r->matrix_counts[li] / r->matrix_atoms, 0.01, 0.003);
  g_assert_cmpuint (r->n_sizes, >=, 1);

  /* A sphere region around one of them: one cluster, and only ions of the region labelled. */
  {
    g_autoptr(IscClusterResult) one = NULL;
    double centre[3] = { 6, 6, 6 };
    IscRoi roi;

    g_assert_true (isc_roi_set_sphere (&roi, centre, 3, &error));
    one = isc_cluster_compute (cloud, ranges, &roi, &settings, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (one->n_clusters, ==, 1);
    g_assert_cmpfloat (fabs (one->clusters[0].centre[0] - 6), <, 0.3);
    g_assert_cmpuint (one->matrix_ions + one->clusters[0].ions, ==, isc_roi_select (&roi, cloud, NULL));
  }

  /* Envelope and erosion bring the matrix ions of the spheres in: 80 % Li. */
  settings.envelope = 0.5;
  settings.erosion = 0.5;
  g_clear_pointer (&r, isc_cluster_result_free);
  r = isc_cluster_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n_clusters, ==, N_SPHERES);
  for (guint c = 0; c < r->n_clusters; c++)
    {
      double expected_ions = DENSITY * 4.0 / 3.0 * G_PI * pow (RADIUS, 3);

      g_assert_cmpfloat_with_epsilon (isc_cluster_fraction (r, &r->clusters[c], li), 0.8, 0.08);
      g_assert_cmpfloat_with_epsilon (r->clusters[c].ions / expected_ions, 1.0, 0.25);
    }

  /* The JSON carries the same numbers (what the CLI prints and the panel exports). */
  {
    g_autofree char *text = isc_cluster_result_to_json (r, TRUE, "sphere:6,6,6,3");
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *root, *params, *matrix;
    JsonArray *clusters, *sizes;
    guint64 sized = 0;

    g_assert_true (g_str_has_suffix (text, "}\n"));
    g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
    g_assert_no_error (error);
    root = json_node_get_object (json_parser_get_root (parser));
    clusters = json_object_get_array_member (root, "clusters");
    g_assert_cmpuint (json_array_get_length (clusters), ==, N_SPHERES);
    for (guint c = 0; c < N_SPHERES; c++)
      {
        JsonObject *o = json_array_get_object_element (clusters, c);
        JsonArray *centre = json_object_get_array_member (o, "centre_nm");

        g_assert_cmpint (json_object_get_int_member (o, "id"), ==, r->clusters[c].id);
        g_assert_cmpint (json_object_get_int_member (o, "solute_atoms"), ==, r->clusters[c].solute_atoms);
        g_assert_cmpint (json_object_get_int_member (o, "atoms"), ==, r->clusters[c].atoms);
        g_assert_cmpint (json_object_get_int_member (o, "ions"), ==, r->clusters[c].ions);
        for (int a = 0; a < 3; a++)
          g_assert_cmpfloat (json_array_get_double_element (centre, a), ==, r->clusters[c].centre[a]);
        g_assert_cmpfloat (json_object_get_double_member (o, "rg_nm"), ==, r->clusters[c].rg);
        g_assert_cmpfloat (json_object_get_double_member (o, "guinier_radius_nm"), ==, r->clusters[c].guinier);
        g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (o, "composition"), "Li"),
                           ==, isc_cluster_fraction (r, &r->clusters[c], li));
      }
    matrix = json_object_get_object_member (root, "matrix");
    g_assert_cmpint (json_object_get_int_member (matrix, "ions"), ==, r->matrix_ions);
    /* Ni is in the ranges but in no ion here: a fraction of 0. */
    g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (
                         json_array_get_object_element (clusters, 0), "composition"), "Ni"), ==, 0);
    sizes = json_object_get_array_member (root, "size_distribution");
    for (guint i = 0; i < json_array_get_length (sizes); i++)
      sized += json_object_get_int_member (json_array_get_object_element (sizes, i), "clusters");
    g_assert_cmpuint (sized, ==, N_SPHERES);
    params = json_object_get_object_member (root, "parameters");
    g_assert_cmpfloat (json_object_get_double_member (params, "dmax_nm"), ==, 0.5);
    g_assert_true (json_object_get_boolean_member (params, "dmax_auto"));
    g_assert_cmpint (json_object_get_int_member (params, "nmin"), ==, 20);
    g_assert_cmpfloat (json_object_get_double_member (params, "envelope_nm"), ==, 0.5);
    g_assert_cmpstr (json_object_get_string_member (params, "roi"), ==, "sphere:6,6,6,3");
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (params, "elements"), 0), ==, "Li");
  }
}

static void
test_cluster_errors_and_empty (void)
{
  g_autoptr(IscIonCloud) cloud = test_cloud_box (20000, 10, li_random, NULL, 3);
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscClusterResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  const char *solutes[] = { "Li", NULL }, *unknown[] = { "Mn", NULL };
  IscClusterSettings settings;

  isc_cluster_settings_init (&settings);
  settings.solutes = solutes;
  settings.d_max = 0;
  g_assert_null (isc_cluster_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "d_max"));
  g_clear_error (&error);
  settings.d_max = 0.5;
  settings.solutes = unknown;
  g_assert_null (isc_cluster_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Mn"));
  g_clear_error (&error);

  /* Nothing that big in a random solution: an empty result. */
  settings.solutes = solutes;
  settings.n_min = 100000;
  r = isc_cluster_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n_clusters, ==, 0);
  g_assert_cmpuint (r->n_sizes, ==, 0);
  g_assert_cmpuint (r->matrix_ions, ==, cloud->n_ions);

  /* No ions at all: empty too. */
  {
    g_autoptr(IscIonCloud) empty = test_cloud_new (0);
    g_autoptr(IscClusterResult) none = NULL;
    g_autoptr(IscRdfResult) rdf = NULL;
    IscRdfSettings rs;

    test_cloud_finish (empty);
    none = isc_cluster_compute (empty, ranges, NULL, &settings, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (none->n_clusters, ==, 0);
    isc_rdf_settings_init (&rs);
    rdf = isc_rdf_compute (empty, ranges, NULL, "Li", NULL, &rs, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rdf->n_centres, ==, 0);
    g_assert_true (isnan (rdf->rdf[0]));
  }

  g_cancellable_cancel (cancelled);
  g_assert_null (isc_cluster_compute (cloud, ranges, NULL, &settings, cancelled, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_nn_random_solution (void)
{
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  guint n_pass[5] = { 0 };

  for (guint seed = 1; seed <= 10; seed++)
    {
      g_autoptr(IscIonCloud) cloud = test_cloud_box (100000, 17, li_random, NULL, 1000 + seed);
      g_autoptr(IscNnResult) r = NULL;
      g_autoptr(GError) error = NULL;
      IscNnSettings settings;

      isc_nn_settings_init (&settings);
      settings.k_max = 5;
      settings.seed = seed;
      r = isc_nn_compute (cloud, ranges, NULL, "Li", NULL, &settings, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (r->n_queries, ==, r->n_from);
      for (guint k = 0; k < 5; k++)
        {
          g_assert_cmpfloat_with_epsilon (r->mean[k] / r->random_mean[k], 1.0, 0.01);
          if (k > 0)
            g_assert_cmpfloat (r->mean[k], >, r->mean[k - 1]);
          n_pass[k] += r->ks_p[k] > 0.01;
        }
    }
  /* Neighbour distances are not independent (mutual neighbours share one), so the KS p-value
   * is smaller than for independent samples: "for most seeds", per k. */
  for (guint k = 0; k < 5; k++)
    g_assert_cmpuint (n_pass[k], >=, 7);
}

static void
test_nn_clustered_and_errors (void)
{
  g_autoptr(IscIonCloud) cloud = spheres_cloud ();
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscNnResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  IscNnSettings settings;

  isc_nn_settings_init (&settings);
  settings.k_max = 3;
  r = isc_nn_compute (cloud, ranges, NULL, "Li", NULL, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (r->mean[0], <, 0.9 * r->random_mean[0]);
  g_assert_cmpfloat (r->ks_p[0], <, 1e-6);
  /* The suggested d_max separates cluster neighbours (≈ 0.2 nm) from matrix ones (≈ 0.9 nm). */
  g_assert_cmpfloat (r->suggested_dmax, >, 0.2);
  g_assert_cmpfloat (r->suggested_dmax, <, 0.9);
  csv = isc_nn_result_to_csv (r);
  g_assert_true (g_str_has_prefix (csv, "r_nm,k1,k1_random,k2,k2_random,k3,k3_random\n"));
  g_clear_pointer (&r, isc_nn_result_free);

  /* Li to O: O is everywhere, so Li sits no closer to O than random ions do. */
  r = isc_nn_compute (cloud, ranges, NULL, "Li", "O", &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r->to, ==, "O");
  g_assert_cmpfloat (r->mean[0], >=, 0.95 * r->random_mean[0]);
  g_clear_pointer (&r, isc_nn_result_free);

  settings.k_max = 11;
  g_assert_null (isc_nn_compute (cloud, ranges, NULL, "Li", NULL, &settings, NULL, NULL, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_clear_error (&error);
  settings.k_max = 1;
  g_assert_null (isc_nn_compute (cloud, ranges, NULL, "Co", NULL, &settings, NULL, NULL, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Co"));
}

static void
test_ks_p_value (void)
{
  /* Tabulated: D = 1.36 / sqrt (ne) gives p ≈ 0.05 for large samples. */
  g_assert_cmpfloat_with_epsilon (isc_ks_p_value (1.36 / sqrt (5000.0), 10000, 10000), 0.05, 0.005);
  g_assert_cmpfloat (isc_ks_p_value (0.0, 100, 100), ==, 1.0);
  g_assert_cmpfloat (isc_ks_p_value (0.5, 1000, 1000), <, 1e-10);
}

static void
test_rdf (void)
{
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscIonCloud) random = test_cloud_box (100000, 17, li_random, NULL, 9);
  g_autoptr(IscIonCloud) spheres = spheres_cloud ();
  g_autoptr(IscRdfResult) r = NULL;
  g_autoptr(GError) error = NULL;
  IscRdfSettings settings;

  isc_rdf_settings_init (&settings);
  settings.r_max = 1.5;
  settings.dr = 0.1;
  r = isc_rdf_compute (random, ranges, NULL, "Li", "Li", &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n_bins, ==, 15);
  g_assert_cmpfloat_with_epsilon (r->bulk, 0.3, 0.01);
  for (guint s = 2; s < r->n_bins; s++)
    g_assert_cmpfloat (fabs (r->rdf[s] - 1.0), <, MAX (5 * r->sigma[s], 0.01));
  g_clear_pointer (&r, isc_rdf_result_free);

  r = isc_rdf_compute (spheres, ranges, NULL, "Li", "Li", &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Li sits next to Li far more than the bulk 4 % says. */
  g_assert_cmpfloat (r->rdf[3], >, 5.0);
  g_clear_pointer (&r, isc_rdf_result_free);

  settings.dr = 0;
  g_assert_null (isc_rdf_compute (spheres, ranges, NULL, "Li", "Li", &settings, NULL, NULL, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/spatial/cluster/spheres", test_cluster_spheres);
  g_test_add_func ("/spatial/cluster/errors-empty", test_cluster_errors_and_empty);
  g_test_add_func ("/spatial/nn/random-solution", test_nn_random_solution);
  g_test_add_func ("/spatial/nn/clustered-errors", test_nn_clustered_and_errors);
  g_test_add_func ("/spatial/nn/ks-p", test_ks_p_value);
  g_test_add_func ("/spatial/rdf", test_rdf);
  return g_test_run ();
}
