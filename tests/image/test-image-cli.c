/* test-image-cli.c: ionscape-cli image-info, line-profile and fft, as the contract.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "image.h"
#include "test-util.h"

/* A 128 × 96 uint16 image of fringes along x with a 0.5 nm period, 0.025 nm pixels
 * (20 px per fringe), written as a calibrated TIFF. */
static char *
write_fringes (const char *dir)
{
  g_autoptr(IscImage) image = isc_image_new (128, 96, 1, ISC_IMAGE_DTYPE_U16, NULL);
  char *path = g_build_filename (dir, "fringes.tif", NULL);

  for (guint y = 0; y < 96; y++)
    for (guint x = 0; x < 128; x++)
      image->pixels[y * 128 + x] = 1000 + (y == 0 && x == 0 ? 1000 : 0) + lrint (500 * cos (2 * G_PI * x / 20.0));
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, 0.025, "nm", "x");
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0, 0.025, "nm", "y");
  g_assert_true (isc_image_write_tiff (image, path, NULL));
  return path;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_info_json (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = write_fringes (dir);
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) obj = NULL;
  JsonArray *size;

  g_assert_cmpint (isc_test_run_cli (&out, NULL, "image-info", path, "--json", NULL), ==, 0);
  obj = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (obj, "format"), ==, "tiff");
  g_assert_cmpint (json_object_get_int_member (obj, "width"), ==, 128);
  g_assert_cmpint (json_object_get_int_member (obj, "height"), ==, 96);
  g_assert_cmpint (json_object_get_int_member (obj, "frames"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (obj, "dtype"), ==, "uint16");
  /* 1000 ± 500 with one pixel raised by 1000: min 500, max 2500 */
  g_assert_cmpfloat (json_object_get_double_member (obj, "min"), ==, 500);
  g_assert_cmpfloat (json_object_get_double_member (obj, "max"), ==, 2500);
  /* the cosine averages to zero over whole periods: (1000·N + 1000) / N; 128 px is 6.4
   * periods, so compare with the mean worked out here */
  {
    double sum = 0;
    for (guint y = 0; y < 96; y++)
      for (guint x = 0; x < 128; x++)
        sum += 1000 + (y == 0 && x == 0 ? 1000 : 0) + lrint (500 * cos (2 * G_PI * x / 20.0));
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (obj, "mean"), sum / (128 * 96), 1e-6);
  }
  size = json_object_get_array_member (obj, "pixel_size");
  g_assert_cmpuint (json_array_get_length (size), ==, 2);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (size, 0), 0.025, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (size, 1), 0.025, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (obj, "unit"), ==, "nm");
}

static void
test_info_fixture (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("stem/rsciio/tia_old_16x16_STEM_BF_DF_acquire.emi");
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) obj = NULL;

  if (path == NULL)
    return;
  /* image 1 is the second detector (DF): REFERENCE.txt min 2549, max 2798, 21.51 nm */
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "image-info", path, "--index", "1", "--json", NULL), ==, 0);
  obj = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (obj, "format"), ==, "ser");
  g_assert_cmpfloat (json_object_get_double_member (obj, "min"), ==, 2549);
  g_assert_cmpfloat (json_object_get_double_member (obj, "max"), ==, 2798);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (json_object_get_array_member (obj, "pixel_size"), 0),
                                  21.5100441, 1e-6);
}

static void
test_line_profile_csv (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = write_fringes (dir);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (isc_test_run_cli (&out, NULL, "line-profile", path, "--from", "10,50", "--to", "50,50",
                                     "--width", "3", NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "distance_nm,intensity");
  /* 41 samples (ceil(40) + 1) and a final empty line */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 41 + 1);
  for (guint i = 0; i < 41; i++)
    {
      double d, v;
      double expected = 1000 + lrint (500 * cos (2 * G_PI * (10 + i) / 20.0));

      g_assert_cmpint (sscanf (lines[1 + i], "%lf,%lf", &d, &v), ==, 2);
      g_assert_cmpfloat_with_epsilon (d, i * 0.025, 1e-6);
      g_assert_cmpfloat_with_epsilon (v, expected, 1e-3);
    }
}

static void
test_fft_json (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = write_fringes (dir);
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) obj = NULL;
  JsonArray *peaks;
  JsonObject *first;

  g_assert_cmpint (isc_test_run_cli (&out, NULL, "fft", path, "--peaks", "3", "--json", NULL), ==, 0);
  obj = parse_object (out);
  peaks = json_object_get_array_member (obj, "peaks");
  g_assert_cmpuint (json_array_get_length (peaks), >=, 1);
  g_assert_cmpuint (json_array_get_length (peaks), <=, 3);
  first = json_array_get_object_element (peaks, 0);
  /* 20 px × 0.025 nm = 0.5 nm, along x */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (first, "d_nm"), 0.5, 0.01);
  g_assert_cmpfloat (fabs (remainder (json_object_get_double_member (first, "angle_deg"), 180.0)), <, 2);
  g_assert_cmpfloat (json_object_get_double_member (first, "magnitude"), >, 0);
  for (guint i = 1; i < json_array_get_length (peaks); i++)
    g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (peaks, i), "magnitude"), <=,
                       json_object_get_double_member (json_array_get_object_element (peaks, i - 1), "magnitude"));
}

static void
test_errors (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = write_fringes (dir);
  g_autofree char *missing = g_build_filename (dir, "missing.dm3", NULL);
  const char *cases[][8] = {
    { "image-info", missing, "--json", NULL },
    { "image-info", path, "--index", "3", NULL },
    { "line-profile", path, "--from", "1,2,3", "--to", "4,5", NULL },
    { "line-profile", path, "--from", "4,5", "--to", "4,5", NULL },
    { "fft", path, "--peaks", "0", NULL },
    { "fft", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      g_auto(GStrv) lines = NULL;
      int status = isc_test_run_cli (NULL, &err, cases[i][0], cases[i][1], cases[i][2], cases[i][3],
                                     cases[i][4], cases[i][5], cases[i][6], NULL);

      g_assert_cmpint (status, ==, 1);
      lines = g_strsplit (g_strstrip (err), "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, 1);
      g_assert_true (g_str_has_prefix (lines[0], "ionscape-cli: "));
    }
}

/* --json: the profile's dominant period (0.5 nm fringes), its strength and the maxima. */
static void
test_line_profile_json (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = write_fringes (dir);
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) obj = NULL;
  JsonArray *maxima;

  g_assert_cmpint (isc_test_run_cli (&out, NULL, "line-profile", path, "--from", "10,50", "--to", "120,50",
                                     "--width", "3", "--json", NULL), ==, 0);
  obj = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (obj, "unit"), ==, "nm");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (obj, "spacing"), 0.5, 0.005);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (obj, "layer_period"), 0.5, 0.005);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (obj, "layer_strength"), 500, 25);
  g_assert_cmpfloat (json_object_get_double_member (obj, "half_strength"), <, 10);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "profile")), ==, 111);
  /* maxima at x = 20, 40, … px: 0.25 nm + k × 0.5 nm from the start at x = 10 */
  maxima = json_object_get_array_member (obj, "maxima");
  g_assert_cmpuint (json_array_get_length (maxima), >=, 4);
  for (guint i = 0; i < json_array_get_length (maxima); i++)
    {
      double x = json_object_get_double_member (json_array_get_object_element (maxima, i), "position");

      g_assert_cmpfloat (fabs (remainder (x - 0.25, 0.5)), <, 0.01);
    }
}

/* Horizontal (003) planes, 0.47 nm apart at 0.01 nm per pixel, from the surface at y = 0: TM
 * planes of 1000 counts, Li planes of 900 within 2 nm of the surface and 200 beyond. */
static char *
write_layers (const char *dir,
              gboolean    flat)
{
  g_autoptr(IscImage) image = isc_image_new (64, 600, 1, ISC_IMAGE_DTYPE_F32, NULL);
  char *path = g_build_filename (dir, flat ? "flat.tif" : "layers.tif", NULL);

  for (guint y = 0; y < 600; y++)
    {
      double v = 10, yn = y * 0.01;

      for (int k = -1; k < 14 && !flat; k++)
        {
          double tm = (k + 0.25) * 0.47, li = tm + 0.235;

          v += 1000 * exp (-(yn - tm) * (yn - tm) / (2 * 0.045 * 0.045));
          v += (li < 2.0 ? 900 : 200) * exp (-(yn - li) * (yn - li) / (2 * 0.045 * 0.045));
        }
      for (guint x = 0; x < 64; x++)
        image->pixels[y * 64 + x] = v;
    }
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, 0.01, "nm", "x");
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0, 0.01, "nm", "y");
  g_assert_true (isc_image_write_tiff (image, path, NULL));
  return path;
}

static void
test_disorder (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = write_layers (dir, FALSE);
  g_autofree char *flat = write_layers (dir, TRUE);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) obj = NULL;
  JsonArray *maxima;
  guint li = 0;

  g_assert_cmpint (isc_test_run_cli (&out, NULL, "disorder", path, "--from", "32,0", "--to", "32,599",
                                     "--width", "21", "--background", "10", "--json", NULL), ==, 0);
  obj = parse_object (out);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (obj, "layer_period_nm"), 0.47, 0.005);
  g_assert_true (json_object_has_member (obj, "spacing_nm"));
  /* 4 Li planes of 0.9 and 8 of 0.2: the mean intensities' ratio */
  g_assert_cmpfloat (json_object_get_double_member (obj, "li_tm_ratio"), >, 0.35);
  g_assert_cmpfloat (json_object_get_double_member (obj, "li_tm_ratio"), <, 0.5);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (obj, "rocksalt_thickness_nm"), 2.0, 0.2);
  g_assert_false (json_object_get_boolean_member (obj, "rocksalt_to_end"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (obj, "rocksalt_thickness_fft_nm"), 2.0, 0.2);
  maxima = json_object_get_array_member (obj, "maxima");
  for (guint i = 0; i < json_array_get_length (maxima); i++)
    {
      JsonObject *m = json_array_get_object_element (maxima, i);

      if (g_str_equal (json_object_get_string_member (m, "plane"), "Li"))
        {
          li++;
          g_assert_cmpfloat (json_object_get_double_member (m, "position_nm"), <, 2.0);
        }
    }
  g_assert_cmpuint (li, >=, 3);
  g_clear_pointer (&out, g_free);

  /* the text read-out */
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "disorder", path, "--from", "32,0", "--to", "32,599",
                                     "--width", "21", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Li/TM ratio: "));
  g_clear_pointer (&out, g_free);

  /* no planes: one line on stderr, status 1 */
  g_assert_cmpint (isc_test_run_cli (&out, &err, "disorder", flat, "--from", "32,0", "--to", "32,599", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no periodic planes"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/image/cli/info-json", test_info_json);
  g_test_add_func ("/image/cli/info-fixture", test_info_fixture);
  g_test_add_func ("/image/cli/line-profile-csv", test_line_profile_csv);
  g_test_add_func ("/image/cli/line-profile-json", test_line_profile_json);
  g_test_add_func ("/image/cli/disorder", test_disorder);
  g_test_add_func ("/image/cli/fft-json", test_fft_json);
  g_test_add_func ("/image/cli/errors", test_errors);
  return g_test_run ();
}
