/* test-cli-gradient.c: `ionscape-cli gradient` on a small project of real .pos and .rrng files
 * whose ratios are known by construction; cached results are reused while the files keep their
 * size and mtime and recomputed when they change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "demo-sites.h"
#include "gradient-test-project.h"
#include "pos-io.h"
#include "project-demo.h"
#include "project-file.h"
#include "range-io.h"
#include "test-util.h"

static JsonObject *
run_gradient (JsonParser *parser,
              const char *file,
              const char *extra)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = isc_test_run_cli (&out, &err, "gradient", file, "--json", extra, NULL);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static JsonObject *
condition_named (JsonObject *root,
                 const char *name)
{
  JsonArray *conditions = json_object_get_array_member (root, "conditions");

  for (guint i = 0; i < json_array_get_length (conditions); i++)
    {
      JsonObject *c = json_array_get_object_element (conditions, i);

      if (g_str_equal (json_object_get_string_member (c, "name"), name))
        return c;
    }
  g_assert_not_reached ();
  return NULL;
}

static JsonObject *
site_of (JsonObject *condition,
         guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (condition, "sites"), index);
}

static void
test_gradient_json (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = isc_test_write_gradient_project (dir, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(IscProject) cached = NULL;
  JsonObject *root = run_gradient (parser, file, NULL);
  JsonObject *c300, *pristine, *fit;
  double d100 = 50.0 + (0.891 - 0.57) / (0.99 - 0.57) * 1950.0;
  double d300 = 350.0 + (0.927 - 0.70) / (1.03 - 0.70) * 2150.0;
  IscDataset *dataset;

  g_assert_cmpstr (json_object_get_string_member (root, "element"), ==, "Li");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "conditions")),
                    ==, 3);

  /* Pristine: 1.03 and 1.01 → mean 1.02, sample std sqrt (2 × 0.01² / 1) = 0.0141421. */
  pristine = condition_named (root, "pristine");
  g_assert_cmpint (json_object_get_int_member (pristine, "cycles"), ==, 0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (site_of (pristine, 0), "mean"),
                                  1.02, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (site_of (pristine, 0), "std"),
                                  sqrt (2e-4), 1e-9);
  g_assert_cmpint (json_object_get_int_member (site_of (pristine, 0), "n"), ==, 2);
  g_assert_true (json_object_get_null_member (pristine, "gradient_depth_nm"));

  /* 300 cycles, sorted by depth: R1 0.37 (n 2, std 0), R3 0.70 (std 0.0141421), R7 1.03 (n 1). */
  c300 = condition_named (root, "300 cycles");
  g_assert_cmpstr (json_object_get_string_member (site_of (c300, 0), "label"), ==, "R1");
  g_assert_cmpfloat (json_object_get_double_member (site_of (c300, 0), "depth_nm"), ==, 15);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (site_of (c300, 0), "std"), 0,
                                  1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (site_of (c300, 1), "mean"),
                                  0.70, 1e-9);
  g_assert_true (json_object_get_null_member (site_of (c300, 2), "std"));
  /* 90 % of 1.03 = 0.927 between R3 (350 nm, 0.70) and R7 (2500 nm, 1.03):
   * 350 + 0.227 / 0.33 × 2150 = 1828.94 nm. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c300, "gradient_depth_nm"),
                                  d300, 1e-6);
  g_assert_cmpfloat_with_epsilon (d300, 1828.939, 1e-3);

  /* Line through (100, 1540.36) and (300, 1828.94). */
  fit = json_object_get_object_member (root, "fit");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (fit, "slope"),
                                  (d300 - d100) / 200.0, 1e-9);
  g_assert_cmpint (json_object_get_int_member (fit, "n"), ==, 2);
  /* Issue 20 item 3: two points carry no r², the JSON says so and adds the fit through the
   * origin, k = Σ N d / Σ N². */
  g_assert_true (json_object_get_null_member (fit, "r2"));
  g_assert_nonnull (strstr (json_object_get_string_member (root, "fit_note"), "two points"));
  {
    JsonObject *origin = json_object_get_object_member (root, "fit_origin");
    double k = (100 * d100 + 300 * d300) / (100.0 * 100 + 300 * 300);
    double r1 = d100 - 100 * k, r2 = d300 - 300 * k;

    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (origin, "slope_nm_per_cycle"), k, 1e-9);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (origin, "slope_sigma"),
                                    sqrt ((r1 * r1 + r2 * r2) / (100.0 * 100 + 300 * 300)), 1e-9);
  }
  /* The depth's sensitivity to --share (0.85 → 0.95 moves the threshold across R3–R7:
   * 2150 × 1.03 / 0.33 nm per unit share) and its uncertainty from R3's scatter (standard
   * error 0.01; R1 has none, R7 one specimen). */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c300, "gradient_depth_per_share_nm"),
                                  2150 * 1.03 / 0.33, 1e-6);
  {
    double up = 350 + (0.927 - 0.71) / (1.03 - 0.71) * 2150, down = 350 + (0.927 - 0.69) / (1.03 - 0.69) * 2150;

    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c300, "gradient_depth_sigma_nm"),
                                    0.5 * (down - up), 1e-6);
  }
  /* This project has no ICP-AES rows. */
  g_assert_true (json_object_get_null_member (c300, "bulk_reference"));
  /* Retention 1.0 at mean 1.02, 0.76 at mean (0.37 + 0.70 + 1.03) / 3 = 0.70: slope 0.24 / 0.32. */
  fit = json_object_get_object_member (root, "retention_fit");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (fit, "slope"), 0.75, 1e-9);

  /* The results are now cached in the project. */
  cached = isc_project_load (file, NULL);
  dataset = g_ptr_array_index (((IscSite *) g_ptr_array_index (
                                  ((IscCondition *) g_ptr_array_index (cached->conditions, 0))
                                  ->sites, 0))->datasets, 0);
  g_assert_true (dataset->has_cache);
  g_assert_cmpstr (dataset->cache_basis, ==, "Ni,Co,Mn");
  g_assert_true (isc_dataset_cache_is_valid (dataset));
}

static void
test_cache_reuse (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = isc_test_write_gradient_project (dir, NULL);
  g_autofree char *r7 = g_build_filename (dir, "c300", "R7-1.pos", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  struct stat st;
  struct timespec times[2];

  root = run_gradient (parser, file, NULL);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (
                                    site_of (condition_named (root, "300 cycles"), 2), "mean"),
                                  1.03, 1e-9);

  /* Same size, same mtime, other content: the cached 1.03 is used, not the file's 0.91. */
  g_assert_cmpint (stat (r7, &st), ==, 0);
  isc_test_write_gradient_specimen (r7, 91);
  times[0] = st.st_atim;
  times[1] = st.st_mtim;
  g_assert_cmpint (utimensat (AT_FDCWD, r7, times, 0), ==, 0);
  root = run_gradient (parser, file, "--no-save");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (
                                    site_of (condition_named (root, "300 cycles"), 2), "mean"),
                                  1.03, 1e-9);

  /* A new mtime makes the cache stale: recomputed from the file. */
  times[1].tv_sec += 10;
  g_assert_cmpint (utimensat (AT_FDCWD, r7, times, 0), ==, 0);
  root = run_gradient (parser, file, "--no-save");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (
                                    site_of (condition_named (root, "300 cycles"), 2), "mean"),
                                  0.91, 1e-9);
}

/* Writes a specimen with the given atom counts per element (single-atom ions only). */
static void
write_counts (const char *path,
              const guint counts[5])
{
  static const float mq[5] = { 7, 58, 59, 55, 16 };   /* Li, Ni, Co, Mn, O */
  guint n = 0, i = 0;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(GError) error = NULL;

  for (guint e = 0; e < 5; e++)
    n += counts[e];
  cloud = isc_ion_cloud_new (n);
  for (guint e = 0; e < 5; e++)
    for (guint j = 0; j < counts[e]; j++, i++)
      {
        cloud->mq[i] = mq[e];
        cloud->x[i] = i % 5;
        cloud->y[i] = i % 3;
        cloud->z[i] = i * 0.05f;
      }
  isc_ion_cloud_update_bounds (cloud);
  g_assert_true (isc_ion_cloud_save_pos (cloud, path, &error));
  g_assert_no_error (error);
}

/* The demo folder layout (apt/ranges.rrng, apt/<slug>/specimen-<k>.pos) filled with specimens
 * whose counts follow the site table (200 metal atoms per specimen, Li scattered by -2..+2
 * atoms = ±0.01): the structure builder, the project file and the analysis together give back
 * the table's Li column, and Ni stays flat. */
static void
test_demo_layout (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *apt = g_build_filename (dir, "apt", NULL);
  g_autofree char *ranges = g_build_filename (apt, "ranges.rrng", NULL);
  g_autofree char *file = g_build_filename (dir, "demo.ionscape", NULL);
  g_autoptr(IscProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) ni_parser = json_parser_new ();
  const IscDemoSite *sites;
  guint n_sites;
  JsonObject *root, *ni_root;
  double ni_min = G_MAXDOUBLE, ni_max = -G_MAXDOUBLE;

  g_assert_cmpint (g_mkdir_with_parents (apt, 0755), ==, 0);
  isc_test_write_gradient_ranges (ranges);
  sites = isc_demo_sites_get (&n_sites);
  for (guint s = 0; s < n_sites; s++)
    {
      g_autofree char *slug = isc_demo_site_slug (&sites[s]);
      g_autofree char *folder = g_build_filename (apt, slug, NULL);

      g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
      for (guint k = 1; k <= ISC_DEMO_SPECIMENS_PER_SITE; k++)
        {
          g_autofree char *name = g_strdup_printf ("specimen-%u.pos", k);
          g_autofree char *path = g_build_filename (folder, name, NULL);
          guint counts[5] = {
            (guint) lround (sites[s].li * 200) + k - 3,
            (guint) lround (sites[s].ni * 200), (guint) lround (sites[s].co * 200),
            (guint) lround (sites[s].mn * 200), (guint) lround (sites[s].o * 200),
          };

          write_counts (path, counts);
        }
    }
  project = isc_project_new_from_demo_dir (dir, &error);
  g_assert_no_error (error);
  g_assert_true (isc_project_save (project, file, &error));
  g_assert_no_error (error);

  root = run_gradient (parser, file, NULL);
  ni_root = run_gradient (ni_parser, file, "--element=Ni");
  for (guint s = 0; s < n_sites; s++)
    {
      JsonObject *condition = condition_named (root, sites[s].condition);
      JsonObject *ni_condition = condition_named (ni_root, sites[s].condition);
      JsonArray *list = json_object_get_array_member (condition, "sites");
      gboolean found = FALSE;

      /* Flat Ni: no condition has a Ni gradient. */
      g_assert_true (json_object_get_null_member (ni_condition, "gradient_depth_nm"));
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonObject *site = json_array_get_object_element (list, i);
          JsonObject *ni_site = site_of (ni_condition, i);

          if (!g_str_equal (json_object_get_string_member (site, "label"), sites[s].label))
            continue;
          found = TRUE;
          g_assert_cmpfloat (json_object_get_double_member (site, "depth_nm"), ==,
                             sites[s].depth_nm);
          g_assert_cmpint (json_object_get_int_member (site, "n"), ==, 5);
          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (site, "mean"),
                                          sites[s].li, 0.02);
          /* -2..+2 atoms of 200: sample std sqrt (10 / 4) / 200 = 0.0079. */
          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (site, "std"),
                                          sqrt (2.5) / 200.0, 0.002);
          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ni_site, "mean"),
                                          sites[s].ni, 0.02);
          ni_min = MIN (ni_min, json_object_get_double_member (ni_site, "mean"));
          ni_max = MAX (ni_max, json_object_get_double_member (ni_site, "mean"));
        }
      g_assert_true (found);
    }
  /* Ni spans 0.79..0.84 over all 14 sites, while Li spans 0.03..1.03. */
  g_assert_cmpfloat (ni_max - ni_min, <, 0.06);
  /* 300 cycles: 0.927 between R6 (1500 nm, 0.91) and R7 (2500 nm, 1.03) → 1641.7 nm. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (
                                    condition_named (root, "300 cycles"), "gradient_depth_nm"),
                                  1641.667, 1.0);
  g_assert_true (json_object_get_null_member (condition_named (root, "pristine"),
                                              "gradient_depth_nm"));
  g_assert_cmpfloat (json_object_get_double_member (
                       json_object_get_object_member (root, "fit"), "slope"), >, 0.0);
  /* Issue 20 item 2: the demo's ICP-AES Table 1 beside the APT mean per condition. */
  {
    static const struct { const char *condition; double icp; } icp[] = {
      { "pristine", 1.04 }, { "100 cycles", 0.94 }, { "300 cycles", 0.83 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (icp); i++)
      {
        JsonObject *condition = condition_named (root, icp[i].condition);
        JsonObject *bulk = json_object_get_object_member (condition, "bulk_reference");
        double mean = json_object_get_double_member (condition, "mean");

        g_assert_nonnull (bulk);
        g_assert_cmpfloat (json_object_get_double_member (bulk, "value"), ==, icp[i].icp);
        g_assert_cmpfloat (json_object_get_double_member (bulk, "apt_mean"), ==, mean);
        g_assert_cmpfloat_with_epsilon (json_object_get_double_member (bulk, "apt_minus_bulk"),
                                        mean - icp[i].icp, 1e-12);
        g_assert_nonnull (strstr (json_object_get_string_member (bulk, "name"), "ICP-AES"));
      }
    /* Formation has no ICP row. */
    g_assert_true (json_object_get_null_member (condition_named (root, "formation"), "bulk_reference"));
  }
}

static void
test_gradient_errors (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *text = g_build_filename (dir, "notes.ionscape", NULL);
  g_autofree char *file = g_build_filename (dir, "norange.ionscape", NULL);
  g_autofree char *pos = g_build_filename (dir, "lonely.pos", NULL);
  g_autoptr(IscProject) project = isc_project_new ();
  g_autofree char *err = NULL;
  int status;

  isc_test_write_file (text, "hello\n", 6);
  status = isc_test_run_cli (NULL, &err, "gradient", text, "--json", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "notes.ionscape"));
  g_assert_cmpuint (strlen (err), ==, (gsize) (strchr (err, '\n') - err) + 1);
  g_clear_pointer (&err, g_free);

  isc_test_write_gradient_specimen (pos, 50);
  isc_site_add_dataset (isc_condition_add_site (isc_project_add_condition (project, "c", 1), "R1",
                                                10, ""), ISC_DATASET_APT, pos);
  g_assert_true (isc_project_save (project, file, NULL));
  status = isc_test_run_cli (NULL, &err, "gradient", file, "--json", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "lonely.pos"));
  g_assert_nonnull (strstr (err, "range file"));
  g_clear_pointer (&err, g_free);

  status = isc_test_run_cli (NULL, &err, "gradient", file, "--share", "1.5", NULL);
  g_assert_cmpint (status, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/gradient/json", test_gradient_json);
  g_test_add_func ("/cli/gradient/cache-reuse", test_cache_reuse);
  g_test_add_func ("/cli/gradient/errors", test_gradient_errors);
  g_test_add_func ("/cli/gradient/demo-layout", test_demo_layout);
  return g_test_run ();
}
