/* test-cli-cycling.c: `ionscape-cli cycling` — JSON per cycle and figures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "test-util.h"

/* Two cycles numbered 7 and 8 by the file; charge 1 h at 20 mA (20 mAh), discharge 1 h at
 * 18 mA then 19 mA (18 and 19 mAh): worked by hand, CE 90 % and 95 %, retention 100 and 105.6 %. */
static const char csv[] =
  "Test_Time(s),Voltage(V),Current(A),Cycle_Index\n"
  "0,3.0,0.020,7\n3600,4.2,0.020,7\n3601,4.1,-0.018,7\n7201,3.0,-0.018,7\n"
  "7202,3.0,0.020,8\n10802,4.2,0.020,8\n10803,4.1,-0.019,8\n14403,3.0,-0.019,8\n";

static char *
write_csv (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  char *path = g_build_filename (dir, "cell.csv", NULL);

  isc_test_write_file (path, csv, sizeof csv - 1);
  return path;
}

static JsonObject *
cycle_at (JsonNode *root,
          guint     i)
{
  JsonArray *cycles = json_object_get_array_member (json_node_get_object (root), "cycles");

  return json_array_get_object_element (cycles, i);
}

static void
test_json (void)
{
  g_autofree char *path = write_csv ();
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *c;
  /* The 1 s sign flips count half a second at +20 and −18 mA: ±(20 − 18)/2 × 1/3600 mAh. */
  double flip = 0.5 * (0.020 - 0.018) * 1000 / 3600.0;

  g_assert_cmpint (isc_test_run_cli (&out, NULL, "cycling", path, "--mass-mg", "100", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (json_parser_get_root (parser)), "cycles")), ==, 2);
  /* Both cycles at one rate: no formation, the first cycle is the reference, and the JSON says why. */
  {
    JsonObject *o = json_node_get_object (json_parser_get_root (parser));

    g_assert_cmpint (json_object_get_int_member (o, "reference_cycle"), ==, 7);
    g_assert_cmpstr (json_object_get_string_member (o, "reference_reason"), ==, "first-cycle");
    g_assert_nonnull (strstr (json_object_get_string_member (o, "reference_note"), "no formation"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "rate_segments")), ==, 1);
  }
  c = cycle_at (json_parser_get_root (parser), 0);
  g_assert_cmpint (json_object_get_int_member (c, "cycle"), ==, 7);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c, "charge_mAh"), 20.0 + flip, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c, "discharge_mAh"), 18.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c, "coulombic_efficiency"),
                                  100 * 18.0 / (20.0 + flip), 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c, "discharge_mAh_g"), 180.0, 1e-9);
  c = cycle_at (json_parser_get_root (parser), 1);
  g_assert_cmpint (json_object_get_int_member (c, "cycle"), ==, 8);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c, "retention"), 100 * 19.0 / 18.0, 1e-9);
}

static void
test_plots (void)
{
  g_autofree char *path = write_csv ();
  g_autofree char *dir = isc_test_make_tmpdir ();
  const char *kinds[] = { "capacity", "retention", "efficiency", "voltage", "dqdv" };
  const char *suffix[] = { "png", "svg", "pdf", "png", "svg" };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.%s", kinds[i], suffix[i]);
      g_autofree char *fig = g_build_filename (dir, name, NULL);
      g_autofree char *bytes = NULL;
      gsize len;

      g_assert_cmpint (isc_test_run_cli (NULL, NULL, "cycling", path, "--plot", kinds[i], "--out", fig, NULL), ==, 0);
      g_assert_true (g_file_get_contents (fig, &bytes, &len, NULL));
      if (g_str_equal (suffix[i], "png"))
        g_assert_cmpmem (bytes, 4, "\211PNG", 4);
      else if (g_str_equal (suffix[i], "pdf"))
        g_assert_cmpmem (bytes, 5, "%PDF-", 5);
      else
        g_assert_nonnull (strstr (bytes, "<svg"));
    }
}

static void
assert_fails (const char *expected,
              ...)
{
  const char *args[12];
  guint n = 0;
  va_list ap;
  g_autofree char *err = NULL;
  int status;

  va_start (ap, expected);
  for (const char *a = va_arg (ap, const char *); a != NULL && n < 11; a = va_arg (ap, const char *))
    args[n++] = a;
  va_end (ap);
  args[n] = NULL;
  status = isc_test_run_cli (NULL, &err, args[0], args[1], args[2], args[3], args[4], args[5], args[6],
                             n > 7 ? args[7] : NULL, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_true (g_str_has_prefix (err, "ionscape-cli: "));
  g_assert_nonnull (strstr (err, expected));
  /* Exactly one line. */
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

static void
test_errors (void)
{
  g_autofree char *path = write_csv ();

  assert_fails ("frob", "cycling", path, "--format", "frob", "--json", NULL, NULL, NULL);
  assert_fails ("pie", "cycling", path, "--plot", "pie", "--out", "/tmp/x.png", NULL);
  assert_fails ("not a maccor", "cycling", path, "--format", "maccor", "--json", NULL, NULL, NULL);
  assert_fails ("nonexistent", "cycling", "/nonexistent/file.csv", "--json", NULL, NULL, NULL, NULL, NULL);
  assert_fails ("--mass-mg", "cycling", path, "--mass-mg", "-3", "--json", NULL, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/cycling/json", test_json);
  g_test_add_func ("/cli/cycling/plots", test_plots);
  g_test_add_func ("/cli/cycling/errors", test_errors);
  return g_test_run ();
}
