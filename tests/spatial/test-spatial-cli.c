/* test-spatial-cli.c: ionscape-cli voxel, map, isosurface, proxigram, cluster, nn and rdf on the
 * demo dataset (whose 300-cycle R2 site has Li-rich lines and whose R1 site has none).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "test-util.h"

static char *demo_dir;
static char *lines_pos;    /* 300 cycles, R2: Li along dislocation-like lines */
static char *plain_pos;    /* 300 cycles, R1 */
static char *ranges;

static JsonObject *
run_json (JsonParser *parser,
          const char *first,
          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  va_list ap;
  const char *a;

  g_ptr_array_add (args, (gpointer) g_getenv ("ISC_CLI"));
  va_start (ap, first);
  for (a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  proc = g_subprocess_newv ((const char * const *) args->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
  if (g_subprocess_get_exit_status (proc) != 0)
    g_error ("%s failed: %s", first, err);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* Runs a command that must fail: exit status 1 and exactly one "ionscape-cli: " line naming
 * @needle. */
static void
expect_one_error (const char *needle,
                  const char *first,
                  ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines = 0;
  va_list ap;
  const char *a;

  g_ptr_array_add (args, (gpointer) g_getenv ("ISC_CLI"));
  va_start (ap, first);
  for (a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  proc = g_subprocess_newv ((const char * const *) args->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
  lines = g_strsplit (err, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      {
        n_lines++;
        g_assert_true (g_str_has_prefix (lines[i], "ionscape-cli: "));
        if (strstr (lines[i], needle) == NULL)
          g_error ("“%s” does not name “%s”", lines[i], needle);
      }
  g_assert_cmpuint (n_lines, ==, 1);
}

static void
test_help (void)
{
  const char *commands[] = { "voxel", "map", "isosurface", "proxigram", "cluster", "nn", "rdf" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *out = NULL;

      g_assert_cmpint (isc_test_run_cli (&out, NULL, commands[i], "--help", NULL), ==, 0);
      g_assert_nonnull (strstr (out, "--roi"));
      g_assert_nonnull (strstr (out, "--json"));
    }
}

static void
test_isosurface_shows_lines (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) plain_parser = json_parser_new ();
  g_autofree char *ply = g_build_filename (demo_dir, "lines.ply", NULL);
  g_autofree char *stl = g_build_filename (demo_dir, "lines.stl", NULL);
  g_autofree char *text = NULL;
  JsonObject *o;
  JsonArray *surfaces;
  guint n_big = 0;
  gsize len;

  o = run_json (parser, "isosurface", lines_pos, "--ranges", ranges, "--element", "Li", "--threshold", "35",
                "--bin", "2", "--delocalise", "1.5", "--out", ply, "--json", NULL);
  surfaces = json_object_get_array_member (o, "surfaces");
  for (guint i = 0; i < json_array_get_length (surfaces); i++)
    {
      JsonObject *s = json_array_get_object_element (surfaces, i);

      g_assert_true (json_object_has_member (s, "id"));
      g_assert_true (json_object_has_member (s, "closed"));
      g_assert_cmpfloat (json_object_get_double_member (s, "area_nm2"), >, 0);
      if (json_object_get_double_member (s, "volume_nm3") > 200)
        {
          n_big++;
          g_assert_cmpint (json_object_get_int_member (s, "ions"), >, 100);
          /* Inside a Li isosurface at 35 at.%: Li-rich. */
          g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (s, "composition"), "Li"), >, 0.35);
        }
    }
  /* The demo draws four to six lines through this needle. */
  g_assert_cmpuint (n_big, >=, 4);
  g_assert_cmpuint (n_big, <=, 6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "threshold"), 0.35, 1e-9);
  g_assert_true (g_file_get_contents (ply, &text, &len, NULL));
  g_assert_true (g_str_has_prefix (text, "ply\n"));

  /* The R1 site has no lines: an empty list, not zeros. */
  o = run_json (plain_parser, "isosurface", plain_pos, "--ranges", ranges, "--element", "Li", "--threshold", "35",
                "--bin", "2", "--delocalise", "1.5", "--out", stl, "--json", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "surfaces")), ==, 0);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (stl, &text, &len, NULL));
  g_assert_cmpuint (len, ==, 84);
}

static void
test_cluster_finds_lines (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) plain_parser = json_parser_new ();
  JsonObject *o, *params;
  JsonArray *clusters;

  o = run_json (parser, "cluster", lines_pos, "--ranges", ranges, "--elements", "Li", "--dmax", "1.2",
                "--nmin", "300", "--json", NULL);
  clusters = json_object_get_array_member (o, "clusters");
  g_assert_cmpuint (json_array_get_length (clusters), >=, 4);
  g_assert_cmpuint (json_array_get_length (clusters), <=, 6);
  for (guint i = 0; i < json_array_get_length (clusters); i++)
    {
      JsonObject *c = json_array_get_object_element (clusters, i);
      JsonArray *centre = json_object_get_array_member (c, "centre_nm");
      double rg = json_object_get_double_member (c, "rg_nm");

      g_assert_cmpint (json_object_get_int_member (c, "id"), ==, i);
      g_assert_cmpint (json_object_get_int_member (c, "solute_atoms"), >=, 300);
      g_assert_cmpint (json_object_get_int_member (c, "atoms"), >=, json_object_get_int_member (c, "solute_atoms"));
      g_assert_cmpuint (json_array_get_length (centre), ==, 3);
      /* Lines across the needle: long, so a large radius of gyration. */
      g_assert_cmpfloat (rg, >, 5);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c, "guinier_radius_nm"), sqrt (5.0 / 3.0) * rg, 1e-6);
      g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (c, "composition"), "Li"), >, 0.8);
    }
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (
                       json_object_get_object_member (o, "matrix"), "composition"), "Li"), <, 0.2);
  params = json_object_get_object_member (o, "parameters");
  g_assert_cmpfloat (json_object_get_double_member (params, "dmax_nm"), ==, 1.2);
  g_assert_cmpint (json_object_get_int_member (params, "nmin"), ==, 300);
  g_assert_true (json_object_has_member (o, "size_distribution"));

  /* d_max from the 1st-neighbour distribution of Li against random relabelling. */
  {
    g_autoptr(JsonParser) auto_parser = json_parser_new ();
    JsonObject *a = run_json (auto_parser, "cluster", lines_pos, "--ranges", ranges, "--elements", "Li",
                              "--dmax", "auto", "--nmin", "300", "--json", NULL);
    JsonObject *ap = json_object_get_object_member (a, "parameters");

    g_assert_true (json_object_get_boolean_member (ap, "dmax_auto"));
    g_assert_cmpfloat (json_object_get_double_member (ap, "dmax_nm"), >, 0.3);
    g_assert_cmpfloat (json_object_get_double_member (ap, "dmax_nm"), <, 2.0);
  }

  o = run_json (plain_parser, "cluster", plain_pos, "--ranges", ranges, "--elements", "Li", "--dmax", "1.2",
                "--nmin", "300", "--json", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "clusters")), ==, 0);
}

static void
test_nn_rdf_voxel_map_proxigram (void)
{
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  g_autoptr(JsonParser) p3 = json_parser_new ();
  g_autoptr(JsonParser) p4 = json_parser_new ();
  g_autoptr(JsonParser) p5 = json_parser_new ();
  g_autofree char *csv = NULL;
  JsonObject *o;
  JsonArray *shells;
  double inner = 0, outer = 0;

  o = run_json (p1, "nn", lines_pos, "--ranges", ranges, "--element", "Li", "--k", "2", "--json", NULL);
  g_assert_cmpint (json_object_get_int_member (o, "k"), ==, 2);
  /* Li on lines sits closer to Li than randomly relabelled ions do. */
  g_assert_cmpfloat (json_object_get_double_member (o, "mean_nm"), <, json_object_get_double_member (o, "random_mean_nm"));
  g_assert_cmpfloat (json_object_get_double_member (o, "ks_p"), <, 1e-6);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "per_k")), ==, 2);

  o = run_json (p2, "rdf", lines_pos, "--ranges", ranges, "--element", "Li", "--rmax", "3", "--dr", "0.5", "--json", NULL);
  shells = json_object_get_array_member (o, "shells");
  g_assert_cmpuint (json_array_get_length (shells), ==, 6);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (shells, 1), "rdf"), >, 1.1);

  o = run_json (p3, "voxel", lines_pos, "--ranges", ranges, "--bin", "2", "--element", "Li", "--json", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "dims")), ==, 3);
  g_assert_cmpint (json_object_get_int_member (o, "filled_voxels") + json_object_get_int_member (o, "empty_voxels"),
                   ==, json_object_get_int_member (o, "voxels"));
  g_assert_cmpint (json_object_get_int_member (o, "empty_voxels"), >, 0);

  o = run_json (p4, "map", lines_pos, "--ranges", ranges, "--element", "Li/(Ni+Co+Mn)", "--axis", "z",
                "--slab", "40:50", "--bin", "2", "--json", NULL);
  g_assert_cmpint (json_object_get_int_member (o, "width"), >, 10);
  g_assert_cmpstr (json_object_get_string_member (o, "quantity"), ==, "Li/(Ni+Co+Mn)");
  g_assert_cmpint (isc_test_run_cli (&csv, NULL, "map", lines_pos, "--ranges", ranges, "--element", "Li",
                                     "--slab", "40:50", "--bin", "2", "--csv", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (csv, "u_nm,v_nm,num_atoms,den_atoms,value,sigma\n"));
  {
    g_autofree char *png = g_build_filename (demo_dir, "map.png", NULL);
    g_autofree char *bytes = NULL;
    gsize len;

    g_assert_cmpint (isc_test_run_cli (NULL, NULL, "map", lines_pos, "--ranges", ranges, "--element", "Li",
                                       "--slab", "20:30", "--bin", "1", "--out", png, NULL), ==, 0);
    g_assert_true (g_file_get_contents (png, &bytes, &len, NULL));
    g_assert_cmpuint (len, >, 1000);
    g_assert_cmpmem (bytes, 8, "\x89PNG\r\n\x1a\n", 8);
  }

  o = run_json (p5, "proxigram", lines_pos, "--ranges", ranges, "--element", "Li", "--threshold", "35",
                "--bin", "2", "--delocalise", "1.5", "--shell", "1", "--range", "-4:4", "--json", NULL);
  shells = json_object_get_array_member (o, "shells");
  g_assert_cmpuint (json_array_get_length (shells), ==, 8);
  /* Li-rich inside the surfaces, the matrix outside. */
  inner = json_object_get_double_member (json_object_get_object_member (json_array_get_object_element (shells, 5), "composition"), "Li");
  outer = json_object_get_double_member (json_object_get_object_member (json_array_get_object_element (shells, 1), "composition"), "Li");
  g_assert_cmpfloat (inner, >, outer + 0.2);
}

static void
test_errors (void)
{
  expect_one_error ("d_max", "cluster", lines_pos, "--ranges", ranges, "--elements", "Li", "--dmax", "0",
                    "--nmin", "5", "--json", NULL);
  expect_one_error ("“Xx” is not in the ranges", "cluster", lines_pos, "--ranges", ranges, "--elements", "Xx",
                    "--dmax", "1", "--nmin", "5", NULL);
  expect_one_error ("larger than the data", "voxel", lines_pos, "--ranges", ranges, "--bin", "1000", NULL);
  expect_one_error ("“Zr” is not in the ranges", "nn", lines_pos, "--ranges", ranges, "--element", "Zr", NULL);
  expect_one_error ("--k", "nn", lines_pos, "--ranges", ranges, "--element", "Li", "--k", "11", NULL);
  expect_one_error (".png", "map", lines_pos, "--ranges", ranges, "--element", "Li", "--out", "m.jpg", NULL);
  expect_one_error ("--slab", "map", lines_pos, "--ranges", ranges, "--element", "Li", "--slab", "4-5", NULL);
  expect_one_error ("“Q” is not in the ranges", "isosurface", lines_pos, "--ranges", ranges, "--element", "Q",
                    "--threshold", "30", NULL);
  expect_one_error (".ply or .stl", "isosurface", lines_pos, "--ranges", ranges, "--element", "Li",
                    "--threshold", "30", "--out", "x.obj", NULL);
  expect_one_error ("--roi", "rdf", lines_pos, "--ranges", ranges, "--element", "Li", "--roi", "cube:1", NULL);
  expect_one_error ("lies outside the data", "voxel", lines_pos, "--ranges", ranges, "--roi", "sphere:500,500,500,1", NULL);
  expect_one_error ("lies outside the data", "map", lines_pos, "--ranges", ranges, "--element", "Li",
                    "--roi", "sphere:500,500,500,1", NULL);
  expect_one_error ("--ranges", "cluster", lines_pos, "--elements", "Li", "--dmax", "1", "--nmin", "5", NULL);
}

/* fda --blocks nn: one block per ranged ion of its k nearest neighbours. */
static void
test_fda_nn (void)
{
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  JsonObject *lines, *plain;
  JsonArray *observed;
  gint64 sum = 0;

  lines = run_json (p1, "fda", lines_pos, "--ranges", ranges, "--element", "Li", "--blocks", "nn", "--k", "12",
                    "--json", NULL);
  plain = run_json (p2, "fda", plain_pos, "--ranges", ranges, "--element", "Li", "--blocks", "nn", "--k", "12",
                    "--json", NULL);
  g_assert_cmpstr (json_object_get_string_member (lines, "block_layout"), ==, "nn");
  g_assert_cmpint (json_object_get_int_member (lines, "block_size"), ==, 12);
  observed = json_object_get_array_member (lines, "observed");
  g_assert_cmpuint (json_array_get_length (observed), ==, 13);
  for (guint n = 0; n <= 12; n++)
    sum += json_array_get_int_element (observed, n);
  g_assert_cmpint (sum, ==, json_object_get_int_member (lines, "blocks"));
  /* Every ranged ion is a centre: far more blocks than ions / 12. */
  g_assert_cmpint (json_object_get_int_member (lines, "blocks"), >, 50000);
  /* Li along lines: the neighbourhoods of Li are Li-rich, far from binomial. */
  g_assert_cmpfloat (json_object_get_double_member (lines, "mu"), >, 0.5);
  /* A sample of 2000 centres: as many blocks, the same neighbourhoods. */
  {
    g_autoptr(JsonParser) p3 = json_parser_new ();
    JsonObject *sampled = run_json (p3, "fda", lines_pos, "--ranges", ranges, "--element", "Li", "--blocks", "nn",
                                    "--k", "12", "--max-blocks", "2000", "--json", NULL);

    g_assert_cmpint (json_object_get_int_member (sampled, "blocks"), ==, 2000);
    g_assert_cmpfloat (json_object_get_double_member (sampled, "mu"), >, 0.5);
  }
  g_assert_cmpfloat (json_object_get_double_member (lines, "mu"), >,
                     3 * json_object_get_double_member (plain, "mu"));

  expect_one_error ("--k 65: expected 1 to 64", "fda", lines_pos, "--ranges", ranges, "--element", "Li",
                    "--blocks", "nn", "--k", "65", NULL);
  expect_one_error ("--k and --max-blocks are for --blocks nn", "fda", lines_pos, "--ranges", ranges,
                    "--element", "Li", "--k", "5", NULL);
  expect_one_error ("--k and --max-blocks are for --blocks nn", "fda", lines_pos, "--ranges", ranges,
                    "--element", "Li", "--max-blocks", "5", NULL);
  expect_one_error ("expected sequence, spatial or nn", "fda", lines_pos, "--ranges", ranges, "--element", "Li",
                    "--blocks", "knn", NULL);
}

static void
test_roi (void)
{
  g_autoptr(JsonParser) all = json_parser_new ();
  g_autoptr(JsonParser) part = json_parser_new ();
  JsonObject *a, *b;

  a = run_json (all, "voxel", lines_pos, "--ranges", ranges, "--bin", "2", "--json", NULL);
  b = run_json (part, "voxel", lines_pos, "--ranges", ranges, "--bin", "2", "--roi", "box:-10,-10,20,10,10,40", "--json", NULL);
  g_assert_cmpint (json_object_get_int_member (b, "ions"), >, 0);
  g_assert_cmpint (json_object_get_int_member (b, "ions"), <, json_object_get_int_member (a, "ions") / 4);
  g_assert_cmpstr (json_object_get_string_member (b, "roi"), ==, "box:-10,-10,20,10,10,40");
}

int
main (int argc, char *argv[])
{
  g_autofree char *out = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  demo_dir = isc_test_make_tmpdir ();
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "demo", "--out", demo_dir, NULL), ==, 0);
  lines_pos = g_build_filename (demo_dir, "apt", "300cycles_R2", "specimen-1.pos", NULL);
  plain_pos = g_build_filename (demo_dir, "apt", "300cycles_R1", "specimen-1.pos", NULL);
  ranges = g_build_filename (demo_dir, "apt", "ranges.rrng", NULL);
  g_assert_true (g_file_test (lines_pos, G_FILE_TEST_EXISTS));

  g_test_add_func ("/spatial-cli/help", test_help);
  g_test_add_func ("/spatial-cli/isosurface-lines", test_isosurface_shows_lines);
  g_test_add_func ("/spatial-cli/cluster-lines", test_cluster_finds_lines);
  g_test_add_func ("/spatial-cli/nn-rdf-voxel-map-proxigram", test_nn_rdf_voxel_map_proxigram);
  g_test_add_func ("/spatial-cli/errors", test_errors);
  g_test_add_func ("/spatial-cli/roi", test_roi);
  g_test_add_func ("/spatial-cli/fda-nn", test_fda_nn);
  status = g_test_run ();
  g_free (lines_pos);
  g_free (plain_pos);
  g_free (ranges);
  g_free (demo_dir);
  return status;
}
