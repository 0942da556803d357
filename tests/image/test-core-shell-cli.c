/* test-core-shell-cli.c: `ionscape-cli core-shell` on a small hand-painted series.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "demo-insitu.h"
#include "image.h"
#include "test-util.h"

/* 40 × 40 px, 1 nm/px, particle centre at pixel (20, 20) = (20 nm, 20 nm): core d² < 36 px²
 * (R 10, shell 4), shell d² ≤ 100, background d² > 144 (margin 2); 999 in between. Frame
 * values (background, shell, core): (100, 80, 40), (100, 70, 50), (120, 84, 72):
 * negative intensities shell 20, 30, 36 and core 60, 50, 48. */
static const float values[3][3] = { { 100, 80, 40 }, { 100, 70, 50 }, { 120, 84, 72 } };

static char *
write_series (const char *dir)
{
  g_autoptr(IscImage) image = isc_image_new (40, 40, 3, ISC_IMAGE_DTYPE_U16, NULL);
  char *path = g_build_filename (dir, "series.tif", NULL);

  for (guint f = 0; f < 3; f++)
    {
      float *p = isc_image_frame (image, f);

      for (int j = 0; j < 40; j++)
        for (int i = 0; i < 40; i++)
          {
            int d2 = (i - 20) * (i - 20) + (j - 20) * (j - 20);

            p[j * 40 + i] = d2 < 36 ? values[f][2] : d2 <= 100 ? values[f][1] : d2 > 144 ? values[f][0] : 999;
          }
    }
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, 1.0, "nm", "x");
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0, 1.0, "nm", "y");
  g_assert_true (isc_image_write_tiff (image, path, NULL));
  return path;
}

static void
test_csv (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = write_series (dir);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (isc_test_run_cli (&out, NULL, "core-shell", path, "--centre", "20,20", "--radius", "10",
                                     "--shell", "4", "--margin", "2", "--temperatures", "150,10",
                                     "--reference", "1", NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_cmpstr (lines[0], ==, "frame,temperature_C,core,shell,core_relative,shell_relative,core_sem,shell_sem");
  /* core 60/50, shell 20/30 */
  g_assert_cmpstr (lines[1], ==, "0,150,60,20,1.2,0.666667,0,0");
  g_assert_cmpstr (lines[2], ==, "1,160,50,30,1,1,0,0");
  /* 48/50 and 36/30 */
  g_assert_cmpstr (lines[3], ==, "2,170,48,36,0.96,1.2,0,0");
}

static void
test_json_and_reference_temperature (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = write_series (dir);
  g_autofree char *side = g_build_filename (dir, "series.json", NULL);
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *json = "{\"temperatures_C\": [25, 240, 300], \"reference_temperature_C\": 250,"
                     " \"particle\": {\"centre_nm\": [20, 20], \"radius_nm\": 10, \"shell_nm\": 4}}";
  JsonObject *obj, *frame;
  JsonArray *frames;

  isc_test_write_file (side, json, strlen (json));
  /* geometry and reference (240 °C is nearest to 250 °C: frame 1) from the side-car file */
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "core-shell", path, "--temperatures-from", side,
                                     "--margin", "2", "--json", NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  obj = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (obj, "reference_frame"), ==, 1);
  frames = json_object_get_array_member (obj, "frames");
  g_assert_cmpuint (json_array_get_length (frames), ==, 3);
  frame = json_array_get_object_element (frames, 2);
  g_assert_cmpfloat (json_object_get_double_member (frame, "temperature_C"), ==, 300);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (frame, "background"), 120, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (frame, "core"), 48, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (frame, "shell_relative"), 1.2, 1e-12);
  /* core: lattice points with d² < 36 = 113 − 4 on the circle r = 6 (Gauss circle N(6) = 113) */
  g_assert_cmpint (json_object_get_int_member (frame, "core_pixels"), ==, 109);
  /* shell − core: 0 at 240 °C (the reference), 0.24 at 300 °C: the 1 % threshold is crossed
   * at 240 + 60 × 0.01 / 0.24 = 242.5 °C, ± half the 60 °C between the frames */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (obj, "onset_c"), 242.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (obj, "onset_sigma_c"), 30, 1e-9);
  g_clear_pointer (&out, g_free);

  /* --reference-temperature overrides the file's */
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "core-shell", path, "--temperatures-from", side,
                                     "--margin", "2", "--reference-temperature", "20", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\n0,25,60,20,1,1,0,0\n"));
}

static void
expect_failure (const char *needle,
                const char *first,
                ...) G_GNUC_NULL_TERMINATED;

static void
expect_failure (const char *needle,
                const char *first,
                ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *err = NULL;
  va_list ap;
  int status;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  while (args->len < 12)
    g_ptr_array_add (args, NULL);
  status = isc_test_run_cli (NULL, &err, "core-shell",
                             args->pdata[0], args->pdata[1], args->pdata[2], args->pdata[3],
                             args->pdata[4], args->pdata[5], args->pdata[6], args->pdata[7],
                             args->pdata[8], args->pdata[9], args->pdata[10], NULL);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, needle));
  /* one line */
  g_assert_cmpuint (strlen (err), >, 0);
  g_assert_true (strchr (err, '\n') == NULL || strchr (err, '\n')[1] == '\0');
}

static void
test_errors (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = write_series (dir);
  g_autofree char *missing = g_build_filename (dir, "none.tif", NULL);

  expect_failure ("--radius", path, "--centre", "20,20", "--shell", "4", NULL);
  expect_failure ("--centre", path, "--centre", "20", "--radius", "10", "--shell", "4", NULL);
  expect_failure ("shell thickness", path, "--centre", "20,20", "--radius", "10", "--shell", "12", NULL);
  expect_failure ("outside", path, "--centre", "-30,20", "--radius", "10", "--shell", "4", NULL);
  expect_failure ("reference frame 5", path, "--centre", "20,20", "--radius", "10", "--shell", "4",
                  "--margin", "2", "--reference", "5", NULL);
  expect_failure ("needs --temperatures", path, "--centre", "20,20", "--radius", "10", "--shell", "4",
                  "--reference-temperature", "170", NULL);
  expect_failure ("not both", path, "--centre", "20,20", "--radius", "10", "--shell", "4",
                  "--reference-temperature", "170", "--reference", "0", NULL);
  expect_failure ("none.tif", missing, "--centre", "20,20", "--radius", "10", "--shell", "4", NULL);
}

static void
test_temperature_count (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = write_series (dir);
  g_autofree char *side = g_build_filename (dir, "short.json", NULL);
  const char *json = "{\"temperatures_C\": [25, 240]}";

  isc_test_write_file (side, json, strlen (json));
  expect_failure ("2 temperatures for the 3 frames", path, "--centre", "20,20", "--radius", "10", "--shell", "4",
                  "--temperatures-from", side, NULL);
}

/* The demo series with its side-car file: the shell gains and the core loses from ~240 °C. */
static void
test_demo (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *tif = g_build_filename (dir, "insitu", "ncm622-heating.tif", NULL);
  g_autofree char *side = g_build_filename (dir, "insitu", "ncm622-heating.json", NULL);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) f170 = NULL;
  g_auto(GStrv) f300 = NULL;

  g_assert_true (isc_demo_write_insitu (dir, NULL, NULL));
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "core-shell", tif, "--temperatures-from", side, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 33);
  /* frame 2 is 170 °C (the file's reference), frame 15 is 300 °C */
  f170 = g_strsplit (lines[3], ",", -1);
  f300 = g_strsplit (lines[16], ",", -1);
  g_assert_cmpstr (f170[1], ==, "170");
  g_assert_cmpstr (f170[4], ==, "1");
  g_assert_cmpstr (f170[5], ==, "1");
  g_assert_cmpstr (f300[1], ==, "300");
  g_assert_cmpfloat (g_ascii_strtod (f300[4], NULL), <, 0.97);
  g_assert_cmpfloat (g_ascii_strtod (f300[5], NULL), >, 1.05);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core-shell-cli/csv", test_csv);
  g_test_add_func ("/core-shell-cli/json-reference-temperature", test_json_and_reference_temperature);
  g_test_add_func ("/core-shell-cli/errors", test_errors);
  g_test_add_func ("/core-shell-cli/temperature-count", test_temperature_count);
  g_test_add_func ("/core-shell-cli/demo", test_demo);
  return g_test_run ();
}
