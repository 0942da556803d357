/* test-cli-eis.c: `ionscape-cli eis` — fits as JSON, Nyquist/Bode figures, errors — and
 * `ionscape-cli info` on an impedance file through the dataset-kind registry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "test-util.h"

static JsonObject *
run_json (JsonParser  *parser,
          const char  *a0,
          const char  *a1,
          const char  *a2,
          const char  *a3,
          const char  *a4,
          const char  *a5,
          const char  *a6,
          const char  *a7,
          const char  *a8,
          const char  *a9)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = isc_test_run_cli (&out, &err, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, NULL);

  if (status != 0)
    g_error ("ionscape-cli %s failed: %s", a0, err);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* The published impedance.py fit of exampleData.csv (eis/REFERENCE.md §1) through the CLI:
 * 1 % per parameter (3 % on the weakly determined τ, Wo1_1). */
static void
test_published_fit (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("cycling/impedance_py/exampleData.csv");
  g_autoptr(JsonParser) parser = json_parser_new ();
  static const char *names[] = { "R0", "R1", "C1", "R2", "Wo1_0", "Wo1_1", "C2" };
  static const double refit[] = { 1.652e-02, 8.677e-03, 3.321e+00, 5.390e-03, 6.309e-02, 2.325e+02, 2.195e-01 };
  JsonObject *root, *spectrum, *params, *errors;

  if (path == NULL)
    return;
  root = run_json (parser, "eis", path, "--circuit", "R0-p(R1,C1)-p(R2-Wo1,C2)", "--initial",
                   ".01,.01,100,.01,.05,100,1", "--weighting", "unit", "--capacitive-only", "--json");
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "csv");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "spectra")), ==, 1);
  spectrum = json_array_get_object_element (json_object_get_array_member (root, "spectra"), 0);
  g_assert_cmpint (json_object_get_int_member (spectrum, "points"), ==, 57);
  params = json_object_get_object_member (spectrum, "parameters");
  errors = json_object_get_object_member (spectrum, "errors");
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      double v = json_object_get_double_member (params, names[k]);

      g_assert_cmpfloat_with_epsilon (v, refit[k], refit[k] * (k == 5 ? 0.03 : 0.01));
      g_assert_cmpfloat (json_object_get_double_member (errors, names[k]), >, 0);
    }
  /* R_ct: the first resistance inside a parallel block. */
  g_assert_cmpfloat (json_object_get_double_member (spectrum, "r_ct_ohm"), ==,
                     json_object_get_double_member (params, "R1"));
  g_assert_cmpfloat (json_object_get_double_member (spectrum, "kk_residual_max"), <, 0.02);
}

/* Four PEIS cycles: four fits, R_ct shrinking as the cell charges (REFERENCE.md §2). */
static void
test_series (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("eis/yadg/peis.issue_149.mpt");
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *spectra;
  double last = G_MAXDOUBLE;

  if (path == NULL)
    return;
  spectra = json_object_get_array_member (run_json (parser, "eis", path, "--circuit", "R0-p(R1,CPE1)", "--json",
                                                    NULL, NULL, NULL, NULL, NULL),
                                          "spectra");
  g_assert_cmpuint (json_array_get_length (spectra), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *s = json_array_get_object_element (spectra, i);
      double rct = json_object_get_double_member (s, "r_ct_ohm");

      g_assert_cmpint (json_object_get_int_member (s, "cycle"), ==, i + 1);
      g_assert_cmpint (json_object_get_int_member (s, "points"), ==, 21);
      g_assert_true (json_object_has_member (json_object_get_object_member (s, "parameters"), "CPE1_1"));
      g_assert_cmpfloat (rct, <, last);
      g_assert_cmpfloat (rct, >, 80);
      g_assert_cmpfloat (json_object_get_double_member (s, "kk_residual_max"), <, 0.01);
      last = rct;
    }
}

static gboolean
png_size (const char *path,
          guint      *width,
          guint      *height)
{
  g_autofree guint8 *bytes = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, (char **) &bytes, &len, NULL) || len < 24
      || memcmp (bytes, "\x89PNG", 4) != 0)
    return FALSE;
  *width = (guint) bytes[16] << 24 | bytes[17] << 16 | bytes[18] << 8 | bytes[19];
  *height = (guint) bytes[20] << 24 | bytes[21] << 16 | bytes[22] << 8 | bytes[23];
  return TRUE;
}

static void
test_plots (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("cycling/impedance_py/exampleDataGamry.DTA");
  g_autofree char *dir = NULL;
  g_autofree char *nyquist = NULL;
  g_autofree char *bode = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *rct = NULL;
  g_autofree char *series = isc_test_fixture_or_skip ("eis/yadg/peis.issue_149.mpt");
  guint w = 0, h = 0;

  if (path == NULL)
    return;
  dir = isc_test_make_tmpdir ();
  nyquist = g_build_filename (dir, "nyquist.png", NULL);
  bode = g_build_filename (dir, "bode.svg", NULL);
  g_assert_cmpint (isc_test_run_cli (NULL, NULL, "eis", path, "--circuit", "R0-p(R1,CPE1)-W1", "--plot", "nyquist",
                                     "--out", nyquist, NULL), ==, 0);
  g_assert_true (png_size (nyquist, &w, &h));
  g_assert_cmpuint (w, >, 500);
  g_assert_cmpuint (h, >, 300);
  g_assert_cmpint (isc_test_run_cli (NULL, NULL, "eis", path, "--plot", "bode", "--out", bode, NULL), ==, 0);
  g_assert_true (g_file_get_contents (bode, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, "<svg"));

  /* R_ct against cycle needs a circuit to fit. */
  rct = g_build_filename (dir, "rct.png", NULL);
  g_assert_cmpint (isc_test_run_cli (NULL, NULL, "eis", series, "--plot", "rct", "--out", rct, NULL), ==, 1);
  g_assert_cmpint (isc_test_run_cli (NULL, NULL, "eis", series, "--circuit", "R0-p(R1,CPE1)", "--plot", "rct",
                                     "--out", rct, NULL), ==, 0);
  g_assert_true (png_size (rct, &w, &h));
}

/* Each mistake gets one line that says what was wrong. */
static void
test_errors (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("cycling/impedance_py/exampleDataZPlot.z");
  g_autofree char *gcpl = isc_test_fixture_or_skip ("cycling/yadg/gcpl.issue_149.mpt");
  static const struct { const char *args[4]; const char *expect; } cases[] = {
    { { "--circuit", "R0-p(R1", "--json", NULL }, "offset" },
    { { "--circuit", "R0-Q1", "--json", NULL }, "element type" },
    { { "--plot", "smith", "--out", "x.png" }, "unknown --plot" },
    { { "--plot", "nyquist", NULL, NULL }, "--out" },
    { { "--initial", "1,2", "--json", NULL }, "--initial needs --circuit" },
  };

  if (path == NULL || gcpl == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (isc_test_run_cli (NULL, &err, "eis", path, cases[i].args[0], cases[i].args[1],
                                         cases[i].args[2], cases[i].args[3], NULL), ==, 1);
      if (strstr (err, cases[i].expect) == NULL)
        g_error ("case %u: “%s” lacks “%s”", i, err, cases[i].expect);
    }
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (isc_test_run_cli (NULL, &err, "eis", path, "--circuit", "R0-p(R1,C1)", "--initial", "1,2",
                                       "--json", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "3 numbers"));
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (isc_test_run_cli (NULL, &err, "eis", gcpl, "--json", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "gcpl.issue_149.mpt"));
    /* One line. */
    g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  }
}

/* `info` describes an impedance file through the registry's summary. */
static void
test_info (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("eis/yadg/peis.issue_149.mpt");
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  if (path == NULL)
    return;
  root = run_json (parser, "info", path, "--json", NULL, NULL, NULL, NULL, NULL, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (root, "kind"), ==, "eis");
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "biologic-mpt");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "spectra")), ==, 4);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/eis/published-fit", test_published_fit);
  g_test_add_func ("/cli/eis/series", test_series);
  g_test_add_func ("/cli/eis/plots", test_plots);
  g_test_add_func ("/cli/eis/errors", test_errors);
  g_test_add_func ("/cli/eis/info", test_info);
  return g_test_run ();
}
