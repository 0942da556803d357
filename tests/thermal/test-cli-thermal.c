/* test-cli-thermal.c: `ionscape-cli thermal` — steps as JSON (automatic and hand-given windows) on
 * a fixture and on the demo's curves (the steps it was built with), overlaid figures, and
 * one-line errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo.h>
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "demo-thermal.h"
#include "test-util.h"

static JsonNode *
run_json (const char *a,
          const char *b,
          const char *c,
          const char *d,
          const char *e)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  int status = isc_test_run_cli (&out, &err, "thermal", a, b, c, d, e, NULL);

  if (status != 0)
    g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonArray *
steps_of (JsonNode *root,
          guint     curve)
{
  JsonArray *curves = json_object_get_array_member (json_node_get_object (root), "curves");

  return json_object_get_array_member (json_array_get_object_element (curves, curve), "steps");
}

static double
member (JsonArray  *steps,
        guint       i,
        const char *name)
{
  return json_object_get_double_member (json_array_get_object_element (steps, i), name);
}

/* REFERENCE.md: DTG maximum at 359.8 °C; 300–400 °C loses 71.5 % (97.487 → 26.002 %). */
static void
test_fixture_json (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("thermal/pytga/netzsch2_example_file.txt");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) manual = NULL;
  JsonObject *top, *curve;
  JsonArray *steps;

  if (path == NULL)
    return;
  root = run_json (path, "--json", NULL, NULL, NULL);
  top = json_node_get_object (root);
  g_assert_nonnull (strstr (json_object_get_string_member (top, "dtg_method"), "Savitzky–Golay"));
  curve = json_array_get_object_element (json_object_get_array_member (top, "curves"), 0);
  g_assert_cmpint (json_object_get_int_member (curve, "n_points"), ==, 270);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (curve, "temperature_min_c"), 27.251, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (curve, "temperature_max_c"), 699.751, 1e-6);
  steps = steps_of (root, 0);
  g_assert_cmpuint (json_array_get_length (steps), ==, 1);
  g_assert_cmpfloat_with_epsilon (member (steps, 0, "peak_c"), 359.8, 0.5);
  g_assert_cmpfloat (member (steps, 0, "onset_c"), >, 300);
  g_assert_cmpfloat (member (steps, 0, "onset_c"), <, 359.8);
  /* The summary shape: every step at the top level too. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top, "steps")), ==, 1);

  manual = run_json (path, "--steps", "300:400", "--json", NULL);
  steps = steps_of (manual, 0);
  g_assert_cmpuint (json_array_get_length (steps), ==, 1);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (steps, 0), "manual"));
  g_assert_cmpfloat_with_epsilon (member (steps, 0, "mass_start_pct"), 97.487, 0.01);
  g_assert_cmpfloat_with_epsilon (member (steps, 0, "mass_end_pct"), 26.002, 0.01);
  g_assert_cmpfloat_with_epsilon (member (steps, 0, "mass_loss_pct"), 71.485, 0.02);
}

/* The demo's TM(OH)2 with and without LiOH: every step it was built with, onset within 2 °C
 * (center − 2 width of the logistic step), DTG peak within 2 °C, loss within 0.1 %. */
static void
test_demo_steps (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;

  g_assert_true (isc_demo_write_thermal (dir, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint with = 0; with < 2; with++)
    {
      g_autofree char *path = g_build_filename (dir, "thermal", with ? ISC_DEMO_THERMAL_MIXTURE : ISC_DEMO_THERMAL_HYDROXIDE,
                                                NULL);
      g_autoptr(JsonNode) root = run_json (path, "--json", NULL, NULL, NULL);
      JsonArray *steps = steps_of (root, 0);
      guint n;
      const IscDemoThermalStep *built = isc_demo_thermal_steps (with, &n);

      g_assert_cmpuint (json_array_get_length (steps), ==, n);
      for (guint k = 0; k < n; k++)
        {
          g_test_message ("%s step %u: onset %.2f (built %.2f) peak %.2f loss %.3f (built %.3f)", with ? "mixture" : "hydroxide",
                          k, member (steps, k, "onset_c"), built[k].center_c - 2 * built[k].width_k,
                          member (steps, k, "peak_c"), member (steps, k, "mass_loss_pct"), built[k].loss_pct);
          g_assert_cmpfloat_with_epsilon (member (steps, k, "onset_c"), built[k].center_c - 2 * built[k].width_k, 2);
          g_assert_cmpfloat_with_epsilon (member (steps, k, "peak_c"), built[k].center_c, 2);
          g_assert_cmpfloat_with_epsilon (member (steps, k, "mass_loss_pct"), built[k].loss_pct, 0.1);
        }
    }
  /* SCIENCE.md §2: with LiOH a step near 200 °C precedes the decomposition (220–350 °C); without it
   * there is none between 150 and 250 °C. */
  {
    guint n;
    const IscDemoThermalStep *mix = isc_demo_thermal_steps (TRUE, &n);
    const IscDemoThermalStep *hyd = isc_demo_thermal_steps (FALSE, &n);

    g_assert_cmpfloat_with_epsilon (mix[1].center_c, 200, 10);
    g_assert_cmpfloat (mix[2].center_c, >, 220);
    g_assert_cmpfloat (mix[2].center_c, <, 350);
    for (guint k = 0; k < n; k++)
      g_assert_false (hyd[k].center_c > 150 && hyd[k].center_c < 250);
  }
}

static void
check_png (const char *path)
{
  cairo_surface_t *s = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (s), >, 100);
  cairo_surface_destroy (s);
}

/* Mass, DTG, mass with DTG and DTA of both demo curves overlaid (and the DTA of a file with none refused). */
static void
test_plots (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *a = g_build_filename (dir, "thermal", ISC_DEMO_THERMAL_HYDROXIDE, NULL);
  g_autofree char *b = g_build_filename (dir, "thermal", ISC_DEMO_THERMAL_MIXTURE, NULL);
  g_autofree char *nomass = g_build_filename (dir, "m.csv", NULL);
  static const char *const kinds[] = { "mass", "dtg", "mass-dtg", "dta" };
  g_autoptr(GError) error = NULL;

  g_assert_true (isc_demo_write_thermal (dir, NULL, NULL, NULL, &error));
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *out = g_strdup_printf ("%s/%s.png", dir, kinds[k]);
      g_autofree char *err = NULL;

      g_assert_cmpint (isc_test_run_cli (NULL, &err, "thermal", a, b, "--plot", kinds[k], "--out", out, NULL), ==, 0);
      check_png (out);
    }
  {
    const char text[] = "Temperature/°C,Mass/mg\n25,10\n26,9.9\n27,9.8\n";
    g_autofree char *out = g_strdup_printf ("%s/x.png", dir);
    g_autofree char *err = NULL;

    isc_test_write_file (nomass, text, strlen (text));
    g_assert_cmpint (isc_test_run_cli (NULL, &err, "thermal", nomass, "--plot", "dta", "--out", out, NULL), ==, 1);
    g_assert_nonnull (strstr (err, "DTA"));
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
}

static void
test_errors (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *junk = g_build_filename (dir, "junk.txt", NULL);
  g_autofree char *csv = g_build_filename (dir, "cols.csv", NULL);
  const char text[] = "a,b,c\n25,10,1\n30,9,2\n35,8,3\n";
  struct
  {
    const char *args[5];
    const char *needle;
  } cases[] = {
    { { junk, "--json", NULL }, "junk.txt: " },
    { { csv, "--json", NULL }, "cols.csv: " },
    { { csv, "--steps", "400:300", "--json", NULL }, "--steps" },
    { { csv, "--window", "4", "--json", NULL }, "--window" },
    { { csv, "--plot", "mass", NULL }, "--out" },
    { { csv, "--plot", "heat", "--out", "x.png" }, "heat" },
    { { csv, NULL }, "--json" },
    { { csv, "--columns", "temperature=1,mass=2", "--steps=700:800", "--json" }, "700" },
  };

  isc_test_write_file (junk, "\x01\x02garbage\n\xff\n", 12);
  isc_test_write_file (csv, text, strlen (text));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      int status = isc_test_run_cli (NULL, &err, "thermal", cases[i].args[0], cases[i].args[1], cases[i].args[2],
                                     cases[i].args[3], cases[i].args[4], NULL);

      g_test_message ("case %u: %s", i, err);
      g_assert_cmpint (status, ==, 1);
      g_assert_nonnull (strstr (err, cases[i].needle));
      /* One line. */
      g_assert_null (strchr (err, '\n') != NULL && strchr (err, '\n')[1] != '\0' ? err : NULL);
    }
  /* Mapped columns read what names cannot. */
  {
    g_autofree char *out = NULL;
    int status = isc_test_run_cli (&out, NULL, "thermal", csv, "--columns", "temperature=1,mass=2,signal=3", "--json", NULL);

    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "\"n_points\" : 3"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/thermal/cli/fixture-json", test_fixture_json);
  g_test_add_func ("/thermal/cli/demo-steps", test_demo_steps);
  g_test_add_func ("/thermal/cli/plots", test_plots);
  g_test_add_func ("/thermal/cli/errors", test_errors);
  return g_test_run ();
}
