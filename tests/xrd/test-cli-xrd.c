/* test-cli-xrd.c: `ionscape-cli xrd` — JSON of fits over a series, phase assignment and RIR
 * fractions, the three figures, and one-line errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo.h>
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "demo-xrd.h"
#include "test-util.h"
#include "xrd-fit.h"

static JsonNode *
run_json (const char *first,
          ...)
{
  const char *args[12];
  guint n = 0;
  va_list ap;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  int status;

  va_start (ap, first);
  for (const char *a = first; a != NULL && n < 11; a = va_arg (ap, const char *))
    args[n++] = a;
  va_end (ap);
  while (n < 11)
    args[n++] = NULL;
  status = isc_test_run_cli (&out, &err, "xrd", args[0], args[1], args[2], args[3], args[4], args[5], args[6],
                             args[7], args[8], args[9], NULL);
  if (status != 0)
    g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
pattern_at (JsonNode *root,
            guint     i)
{
  return json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "patterns"), i);
}

static JsonObject *
peak_of (JsonObject *pattern,
         guint       i)
{
  return json_array_get_object_element (json_object_get_array_member (pattern, "peaks"), i);
}

/* The in situ series: 22 patterns, temperatures from the per-point brml column, the fitted peak
 * of REFERENCE.md's table within 0.02°. */
static void
test_series_json (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("xrd/dxtools/Temperature.brml");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *first, *last;

  if (path == NULL)
    return;
  root = run_json (path, "--peak", "62.2:63.3", "--json", NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "n_patterns"), ==, 22);
  first = pattern_at (root, 0);
  last = pattern_at (root, 21);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (first, "temperature_c"), 40.5449, 1e-3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (last, "temperature_c"), 100.0, 1e-3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (peak_of (first, 0), "two_theta_deg"), 62.7407, 0.02);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (peak_of (last, 0), "two_theta_deg"), 62.7030, 0.02);
  g_assert_cmpfloat (json_object_get_double_member (peak_of (first, 0), "two_theta_sigma"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (peak_of (first, 0), "fwhm_deg"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (peak_of (first, 0), "area"), >, 0);
  g_assert_cmpint (json_object_get_int_member (first, "n_points"), ==, 501);
  g_assert_true (json_object_get_boolean_member (first, "wavelength_from_file"));
}

/* LaB6 (110) assigned to the right reflection; the zero shift is subtracted. */
static void
test_phases_json (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("xrd/gsas2_tutorials/LaB6_Jan2018.raw");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) shifted = NULL;
  JsonObject *peak;
  double plain;

  if (path == NULL)
    return;
  root = run_json (path, "--phases", "lab6", "--peak", "30:30.8", "--json", NULL);
  peak = peak_of (pattern_at (root, 0), 0);
  g_assert_cmpstr (json_object_get_string_member (peak, "phase"), ==, "lab6");
  g_assert_cmpstr (json_object_get_string_member (peak, "hkl"), ==, "110");
  plain = json_object_get_double_member (peak, "two_theta_deg");
  g_assert_cmpfloat_with_epsilon (plain, 30.3936, 0.02);
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (root), "phase_fraction_method"),
                            "semi-quantitative"));
  shifted = run_json (path, "--phases", "lab6", "--peak", "30:30.8", "--zero-shift", "0.01", "--json", NULL);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (peak_of (pattern_at (shifted, 0), 0), "two_theta_deg"),
                                  plain - 0.01, 1e-9);
}

/* Zero shift from the LaB6 standard, then the LaB6 lattice refined with it: a within 0.0005 Å of
 * the certified 4.156826 Å. */
static void
test_standard_refine (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("xrd/gsas2_tutorials/LaB6_Jan2018.raw");
  const char *windows = "20.9:21.9,29.9:30.9,36.9:37.9,43:44,48.5:49.5,53.5:54.5,62.7:63.7,67:68";
  g_autoptr(JsonNode) zero_root = NULL;
  g_autoptr(JsonNode) refine_root = NULL;
  g_autofree char *zero_text = NULL;
  JsonObject *zero, *refined;
  double shift;

  if (path == NULL)
    return;
  zero_root = run_json (path, "--standard", "lab6", "--peak", windows, "--json", NULL);
  zero = json_object_get_object_member (pattern_at (zero_root, 0), "zero_shift_from_standard");
  g_assert_cmpint (json_object_get_int_member (zero, "n_reflections"), ==, 8);
  shift = json_object_get_double_member (zero, "zero_shift_deg");
  g_assert_cmpfloat (shift, >, 0);
  g_assert_cmpfloat (shift, <, 0.02);
  zero_text = g_strdup_printf ("%.6f", shift);
  refine_root = run_json (path, "--phases", "lab6", "--refine", "--zero-shift", zero_text, "--peak", windows, "--json", NULL);
  refined = json_object_get_object_member (json_array_get_object_element (
    json_object_get_array_member (pattern_at (refine_root, 0), "phases"), 0), "refined");
  g_assert_cmpint (json_object_get_int_member (refined, "n_reflections"), ==, 8);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (refined, "a_A"), 4.156826, 0.0005);
}

/* A written two-phase pattern: rock salt (200) and layered (003) of known areas. With RIR 5.4 and
 * 4.0 (the built-in values) areas 400 and 216 give 400/4.0 : 216/5.4 = 100 : 40 → 71.4 % : 28.6 %. */
static void
test_rir_json (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "mix.xy", NULL);
  g_autoptr(GString) text = g_string_new ("# two phases\n");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *fractions;
  double t003 = isc_xrd_two_theta_from_d (14.22 / 3, 1.5406), t200 = isc_xrd_two_theta_from_d (4.1771 / 2, 1.5406);

  for (guint i = 0; i <= 4000; i++)
    {
      double x = 15 + 0.01 * i;
      double y = 50 + isc_xrd_pseudo_voigt (x, t003, 0.1, 0.1, 0.5, 400) + isc_xrd_pseudo_voigt (x, t200, 0.1, 0.1, 0.5, 216);

      g_string_append_printf (text, "%.4f %.4f\n", x, y);
    }
  isc_test_write_file (path, text->str, text->len);
  root = run_json (path, "--phases", "layered,rocksalt", "--json", NULL);
  fractions = json_object_get_object_member (pattern_at (root, 0), "phase_fractions");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (fractions, "layered"), 100.0 / 140, 0.005);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (fractions, "rocksalt"), 40.0 / 140, 0.005);
  /* No wavelength in an .xy file: the default is stated. */
  g_assert_false (json_object_get_boolean_member (pattern_at (root, 0), "wavelength_from_file"));
  g_assert_nonnull (strstr (json_object_get_string_member (pattern_at (root, 0), "radiation"), "default"));
}

/* Count distinct colours in a PNG: a heat map has many, an empty frame a handful. */
static guint
distinct_colours (const char *png)
{
  cairo_surface_t *s = cairo_image_surface_create_from_png (png);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  int w, h, stride;
  const guint8 *data;
  guint n;

  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  w = cairo_image_surface_get_width (s);
  h = cairo_image_surface_get_height (s);
  stride = cairo_image_surface_get_stride (s);
  data = cairo_image_surface_get_data (s);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 v;

        memcpy (&v, data + (gsize) y * stride + 4 * x, 4);
        g_hash_table_add (seen, GUINT_TO_POINTER (v & 0xffffff));
      }
  n = g_hash_table_size (seen);
  cairo_surface_destroy (s);
  return n;
}

static void
test_plots (void)
{
  g_autofree char *brml = isc_test_fixture_or_skip ("xrd/dxtools/Temperature.brml");
  g_autofree char *dir = isc_test_make_tmpdir ();
  const char *kinds[] = { "heatmap", "stack", "pattern" };

  if (brml == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.png", kinds[i]);
      g_autofree char *fig = g_build_filename (dir, name, NULL);
      g_autofree char *svg = g_strdup_printf ("%s/%s.svg", dir, kinds[i]);
      g_autofree char *bytes = NULL;
      gsize len;

      g_assert_cmpint (isc_test_run_cli (NULL, NULL, "xrd", brml, "--plot", kinds[i], "--out", fig, NULL), ==, 0);
      g_assert_true (g_file_get_contents (fig, &bytes, &len, NULL));
      g_assert_cmpmem (bytes, 4, "\211PNG", 4);
      if (i == 0)
        g_assert_cmpuint (distinct_colours (fig), >, 100);
      g_assert_cmpint (isc_test_run_cli (NULL, NULL, "xrd", brml, "--plot", kinds[i], "--out", svg, NULL), ==, 0);
    }
}

/* The demo heating series through the CLI: the folder is a temperature series; at 300 °C the
 * RIR fractions with the demo's lattices are SCIENCE.md's 69.7 / 19.5 / 10.9 %. */
static void
test_demo_json (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *folder = g_build_filename (dir, "xrd", "heating", NULL);
  g_autofree char *layered = g_strdup_printf ("layered=%g,%g", ISC_DEMO_XRD_LAYERED_A, ISC_DEMO_XRD_LAYERED_C);
  g_autofree char *rocksalt = g_strdup_printf ("rocksalt=%g", ISC_DEMO_XRD_ROCKSALT_A);
  g_autofree char *hydroxide = g_strdup_printf ("hydroxide=%g,%g", ISC_DEMO_XRD_HYDROXIDE_A, isc_demo_xrd_state (300).hydroxide_c);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *p300, *fractions;

  g_assert_true (isc_demo_write_xrd (dir, NULL, NULL));
  root = run_json (folder, "--phases", "layered,rocksalt,hydroxide", "--lattice", layered, "--lattice", rocksalt,
                   "--lattice", hydroxide, "--json", NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "n_patterns"), ==, ISC_DEMO_XRD_N_STEPS);
  p300 = pattern_at (root, 11);
  g_assert_cmpfloat (json_object_get_double_member (p300, "temperature_c"), ==, 300);
  fractions = json_object_get_object_member (p300, "phase_fractions");
  g_assert_cmpfloat (round (1000 * json_object_get_double_member (fractions, "layered")), ==, 697);
  g_assert_cmpfloat (round (1000 * json_object_get_double_member (fractions, "rocksalt")), ==, 195);
  g_assert_cmpfloat (round (1000 * json_object_get_double_member (fractions, "hydroxide")), ==, 109);
}

static void
assert_fails (const char *expected,
              const char *a1,
              const char *a2,
              const char *a3,
              const char *a4)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (isc_test_run_cli (NULL, &err, "xrd", a1, a2, a3, a4, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err, "ionscape-cli: "));
  g_assert_nonnull (strstr (err, expected));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

static void
test_errors (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "tiny.xy", NULL);
  g_autofree char *bad = g_build_filename (dir, "broken.raw", NULL);

  isc_test_write_file (path, "10 1\n10.1 2\n10.2 3\n", 18);
  isc_test_write_file (bad, "RAW1.01\0\0\0\0\0", 12);
  assert_fails ("--peak", path, "--peak", "20", "--json");
  assert_fails ("unknown phase", path, "--phases", "unobtainium", "--json");
  assert_fails ("pie", path, "--plot", "pie", "--json");
  assert_fails ("broken.raw", bad, "--json", NULL, NULL);
  assert_fails ("nonexistent", "/nonexistent/x.xy", "--json", NULL, NULL);
  assert_fails ("--json", path, NULL, NULL, NULL);
  assert_fails ("--lattice", path, "--lattice", "spinel=8.1", "--json");
  assert_fails ("--standard", path, "--standard", "layered", "--json");
  assert_fails ("--refine", path, "--refine", "--json", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/xrd/cli/series-json", test_series_json);
  g_test_add_func ("/xrd/cli/phases-json", test_phases_json);
  g_test_add_func ("/xrd/cli/rir-json", test_rir_json);
  g_test_add_func ("/xrd/cli/standard-refine", test_standard_refine);
  g_test_add_func ("/xrd/cli/plots", test_plots);
  g_test_add_func ("/xrd/cli/demo-json", test_demo_json);
  g_test_add_func ("/xrd/cli/errors", test_errors);
  return g_test_run ();
}
