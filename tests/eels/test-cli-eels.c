/* test-cli-eels.c: `ionscape-cli eels` — the JSON of the issue (edges with onset, L3, L2 and
 * L3/L2 ratio; background), zero-loss alignment with --low-loss, spectrum-image maps, the
 * spectrum figure and one-line errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "test-util.h"

static JsonNode *
parse (const char *out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
edge_named (JsonObject *root,
            const char *element)
{
  JsonArray *edges = json_object_get_array_member (root, "edges");

  for (guint i = 0; i < json_array_get_length (edges); i++)
    {
      JsonObject *o = json_array_get_object_element (edges, i);

      if (g_str_equal (json_object_get_string_member (o, "element"), element))
        return o;
    }
  g_assert_not_reached ();
  return NULL;
}

/* MnOx core loss aligned by its low-loss partner (ZLP at +0.873 eV): every position moves down
 * by the ZLP centre; the L3–L2 splitting stays 10.80 eV. */
static void
test_mnox_with_low_loss (void)
{
  g_autofree char *core = isc_test_fixture_or_skip ("eels/hyperspy/coreloss_spectrum.msa");
  g_autofree char *low = isc_test_fixture_or_skip ("eels/hyperspy/lowloss_spectrum.msa");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root, *mn, *o, *zl, *bg;
  const char *keys[] = { "element", "edge", "onset_ev", "l3_ev", "l2_ev", "l3_l2_ratio" };

  if (core == NULL || low == NULL)
    return;
  g_assert_cmpint (isc_test_run_cli (&out, &err, "eels", core, "--edges", "Mn,O", "--low-loss", low, "--json", NULL), ==, 0);
  node = parse (out);
  root = json_node_get_object (node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "edges")), ==, 2);
  mn = edge_named (root, "Mn");
  o = edge_named (root, "O");
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      g_assert_true (json_object_has_member (mn, keys[k]));
      g_assert_true (json_object_has_member (o, keys[k]));
    }
  g_assert_cmpstr (json_object_get_string_member (mn, "edge"), ==, "L2,3");
  g_assert_cmpstr (json_object_get_string_member (o, "edge"), ==, "K");
  zl = json_object_get_object_member (root, "zero_loss");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (zl, "centre_ev"), 0.873, 0.005);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (zl, "fwhm_ev"), 3.14, 0.005);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (zl, "t_over_lambda"), 0.489, 0.001);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (zl, "shift_applied_ev"), -0.873, 0.005);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (mn, "l3_ev"), 648.532 - 0.873, 0.1);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (mn, "l2_ev"), 659.337 - 0.873, 0.1);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (mn, "onset_ev"), 645.0 - 0.873, 1.0);
  g_assert_cmpfloat (json_object_get_double_member (mn, "l3_l2_ratio"), >, 1.5);
  g_assert_cmpfloat (json_object_get_double_member (mn, "l3_l2_ratio"), <, 5.0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "onset_ev"), 534.6 - 0.873, 1.0);
  g_assert_true (json_object_get_null_member (o, "l3_l2_ratio") || json_node_is_null (json_object_get_member (o, "l3_l2_ratio")));
  bg = json_object_get_object_member (root, "background");
  g_assert_nonnull (strstr (json_object_get_string_member (bg, "model"), "A*E^-r"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (bg, "edges")), ==, 2);
  g_assert_nonnull (strstr (json_object_get_string_member (root, "white_line_method"), "Pearson"));
  g_assert_false (json_object_has_member (root, "map"));
}

/* --method second-derivative: the method named for the whole run and for every edge, and a ratio
 * of the same white lines near Pearson's. */
static void
test_method (void)
{
  g_autofree char *core = isc_test_fixture_or_skip ("eels/hyperspy/coreloss_spectrum.msa");
  g_autofree char *out = NULL;
  g_autofree char *pearson_out = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) pearson_node = NULL;
  JsonObject *root, *mn, *pearson;
  double d2, p;

  if (core == NULL)
    return;
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "eels", core, "--edges", "Mn", "--method", "second-derivative",
                                     "--json", NULL), ==, 0);
  g_assert_cmpint (isc_test_run_cli (&pearson_out, NULL, "eels", core, "--edges", "Mn", "--json", NULL), ==, 0);
  node = json_from_string (out, NULL);
  pearson_node = json_from_string (pearson_out, NULL);
  root = json_node_get_object (node);
  mn = edge_named (root, "Mn");
  pearson = edge_named (json_node_get_object (pearson_node), "Mn");
  g_assert_cmpstr (json_object_get_string_member (root, "white_line_method_id"), ==, "second-derivative");
  g_assert_nonnull (strstr (json_object_get_string_member (root, "white_line_method"), "second derivative"));
  g_assert_cmpstr (json_object_get_string_member (mn, "l3_l2_method"), ==, "second-derivative");
  g_assert_cmpstr (json_object_get_string_member (pearson, "l3_l2_method"), ==, "pearson");
  d2 = json_object_get_double_member (mn, "l3_l2_ratio");
  p = json_object_get_double_member (pearson, "l3_l2_ratio");
  g_test_message ("Mn L3/L2: second derivative %.3f, Pearson %.3f", d2, p);
  g_assert_cmpfloat (d2, >, 1.0);
  g_assert_cmpfloat (d2, <, 6.0);
  g_assert_cmpfloat (fabs (d2 - p), >, 1e-6);
}

/* Without --low-loss the energies are the file's own. */
static void
test_sto_default_edges (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("eels/pytemlib/EELS_STO.dm3");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root, *ti;

  if (path == NULL)
    return;
  g_assert_cmpint (isc_test_run_cli (&out, &err, "eels", path, "--json", NULL), ==, 0);
  node = parse (out);
  root = json_node_get_object (node);
  g_assert_cmpfloat (json_object_get_double_member (root, "origin_channels"), ==, -1400.0);
  g_assert_cmpfloat (json_object_get_double_member (root, "energy_offset_ev"), ==, 350.0);
  g_assert_false (json_object_has_member (root, "zero_loss"));
  ti = edge_named (root, "Ti");
  g_assert_true (json_object_get_boolean_member (ti, "found"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ti, "onset_ev"), 452.75, 1.0);
  g_assert_true (json_object_get_boolean_member (edge_named (root, "O"), "found"));
}

/* The 2 × 2 spectrum image: per-pixel maps of the O K edge. */
static void
test_spectrum_image_map (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("eels/rsciio/EELS_SI.dm4");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root, *map, *first;
  JsonArray *onsets;

  if (path == NULL)
    return;
  g_assert_cmpint (isc_test_run_cli (&out, &err, "eels", path, "--edges", "O", "--json", NULL), ==, 0);
  node = parse (out);
  root = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (root, "width"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (root, "height"), ==, 2);
  map = json_object_get_object_member (root, "map");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (map, "pixel_size"), 1.992, 0.001);
  g_assert_cmpstr (json_object_get_string_member (map, "pixel_unit"), ==, "nm");
  first = json_array_get_object_element (json_object_get_array_member (map, "edges"), 0);
  onsets = json_object_get_array_member (first, "onset_ev");
  g_assert_cmpuint (json_array_get_length (onsets), ==, 4);
  for (guint p = 0; p < 4; p++)
    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (onsets, p), 524, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "integral")), ==, 4);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (edge_named (root, "O"), "onset_ev"), 524, 1.5);
}

static void
test_plot (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("eels/hyperspy/coreloss_spectrum.msa");
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *png = g_build_filename (dir, "eels.png", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *bytes = NULL;
  gsize len = 0;

  if (path == NULL)
    return;
  g_assert_cmpint (isc_test_run_cli (&out, &err, "eels", path, "--edges", "Mn,O", "--plot", "spectrum", "--out", png, NULL),
                   ==, 0);
  g_assert_true (g_file_get_contents (png, &bytes, &len, NULL));
  g_assert_cmpuint (len, >, 2000);
  g_assert_cmpmem (bytes, 4, "\x89PNG", 4);
  g_unlink (png);
  g_rmdir (dir);
}

static void
check_fails (const char *needle,
             ...)
{
  const char *args[8] = { NULL };
  guint n = 0;
  va_list ap;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  va_start (ap, needle);
  for (const char *a = va_arg (ap, const char *); a != NULL && n < 7; a = va_arg (ap, const char *))
    args[n++] = a;
  va_end (ap);
  g_assert_cmpint (isc_test_run_cli (&out, &err, "eels", args[0], args[1], args[2], args[3], args[4], args[5], NULL), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, needle));
  /* one line */
  g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
}

static void
test_errors (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("eels/hyperspy/coreloss_spectrum.msa");
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *cut = g_build_filename (dir, "cut.dm3", NULL);
  g_autofree char *sto = isc_test_fixture_or_skip ("eels/pytemlib/EELS_STO.dm3");
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (path == NULL || sto == NULL)
    return;
  check_fails ("Xx", path, "--edges", "Mn,Xx", "--json", NULL);
  check_fails ("--json", path, NULL);
  check_fails ("--out", path, "--plot", "spectrum", NULL);
  check_fails ("second-derivative", path, "--method", "areas", "--json", NULL);
  check_fails ("spectrum", path, "--plot", "map", "--out", "/tmp/x.png", NULL);
  g_assert_true (g_file_get_contents (sto, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (cut, contents, len / 2, NULL));
  check_fails ("cut.dm3", cut, "--json", NULL);
  g_unlink (cut);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/eels/mnox-low-loss", test_mnox_with_low_loss);
  g_test_add_func ("/cli/eels/sto-default-edges", test_sto_default_edges);
  g_test_add_func ("/cli/eels/spectrum-image-map", test_spectrum_image_map);
  g_test_add_func ("/cli/eels/plot", test_plot);
  g_test_add_func ("/cli/eels/method", test_method);
  g_test_add_func ("/cli/eels/errors", test_errors);
  return g_test_run ();
}
