/* test-cli-register.c: `ionscape-cli register` and `ionscape-cli figure --plot overlay` on a
 * project whose site holds a synthetic needle (.pos) and an image of it rendered with a known
 * transform.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needle-scene.h"
#include "figure-layout.h"
#include "project-file.h"
#include "project-registration.h"
#include "registration.h"
#include "test-util.h"

#define N_BLOBS    8
#define SIZE       256
#define PIXEL_NM   0.5
#define ROT        -31.0
#define SCALE      0.97
#define TX         120.0
#define TY         135.0

typedef struct
{
  char *dir;
  char *project;
  char *landmarks;
} Fixture;

/* A cylinder of radius 22 nm with dense blobs, as .pos; the image of it along z under the
 * transform; five landmark pairs on the blobs; a project with the site "300 cycles/R1". */
static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  const gsize background = 40000, per_blob = 2000, n = background + N_BLOBS * per_blob;
  float (*ions)[4] = g_malloc (sizeof (float[4]) * n);
  g_autofree float *x = g_new (float, n), *y = g_new (float, n), *z = g_new (float, n);
  g_autofree char *pos = NULL, *tif = NULL, *plain = NULL;
  g_autoptr(IscProjectedMap) map = NULL;
  g_autoptr(IscImage) image = NULL;
  g_autoptr(IscProject) project = isc_project_new ();
  g_autoptr(GError) error = NULL;
  g_autofree float *pixels = NULL;
  double blob[N_BLOBS][3];
  IscLandmark marks[5];
  IscRegistration truth;
  IscSite *site;
  gsize at = 0;

  fx->dir = isc_test_make_tmpdir ();
  for (guint b = 0; b < N_BLOBS; b++)
    {
      double r = 17 * sqrt (g_rand_double (rand)), a = g_rand_double_range (rand, 0, 2 * G_PI);

      blob[b][0] = r * cos (a);
      blob[b][1] = r * sin (a);
      blob[b][2] = g_rand_double_range (rand, 5, 55);
    }
  while (at < background)
    {
      double px = g_rand_double_range (rand, -22, 22), py = g_rand_double_range (rand, -22, 22);

      if (px * px + py * py > 22 * 22)
        continue;
      x[at] = px;
      y[at] = py;
      z[at++] = g_rand_double_range (rand, 0, 60);
    }
  for (guint b = 0; b < N_BLOBS; b++)
    for (gsize k = 0; k < per_blob; k++, at++)
      {
        x[at] = blob[b][0] + g_rand_double_range (rand, -1.5, 1.5);
        y[at] = blob[b][1] + g_rand_double_range (rand, -1.5, 1.5);
        z[at] = blob[b][2] + g_rand_double_range (rand, -1.5, 1.5);
      }
  for (gsize i = 0; i < n; i++)
    {
      ions[i][0] = x[i];
      ions[i][1] = y[i];
      ions[i][2] = z[i];
      ions[i][3] = 27.0f;
    }
  pos = g_build_filename (fx->dir, "needle.pos", NULL);
  isc_test_write_pos (pos, (const float (*)[4]) ions, n);
  g_free (ions);

  isc_registration_init (&truth, NULL, PIXEL_NM, ROT, SCALE, TX, TY);
  map = isc_projected_map_new (x, y, z, n, NULL, NULL, ISC_MAP_DENSITY, NULL, 0.25, 0.8, &error);
  g_assert_no_error (error);
  pixels = isc_projected_map_resample (map, &truth, SIZE, SIZE);
  image = isc_image_new (SIZE, SIZE, 1, ISC_IMAGE_DTYPE_F32, &error);
  for (gsize i = 0; i < SIZE * SIZE; i++)
    image->pixels[i] = (isfinite (pixels[i]) ? pixels[i] : 0) + g_rand_double_range (rand, 0, 2);
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, PIXEL_NM, "nm", NULL);
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0, PIXEL_NM, "nm", NULL);
  tif = g_build_filename (fx->dir, "haadf.tif", NULL);
  g_assert_true (isc_image_write_tiff (image, tif, &error));
  /* The same pixels without a calibration. */
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, 1, "", NULL);
  plain = g_build_filename (fx->dir, "plain.tif", NULL);
  g_assert_true (isc_image_write_tiff (image, plain, &error));

  for (guint i = 0; i < 5; i++)
    {
      memcpy (marks[i].apt_nm, blob[i], sizeof marks[i].apt_nm);
      isc_registration_apply (&truth, blob[i], marks[i].image_px);
    }
  fx->landmarks = g_build_filename (fx->dir, "landmarks.csv", NULL);
  g_assert_true (isc_landmarks_write_csv (fx->landmarks, marks, 5, &error));

  site = isc_condition_add_site (isc_project_add_condition (project, "300 cycles", 300), "R1",
                                 30, "< 100 nm");
  isc_site_add_dataset (site, ISC_DATASET_APT, pos);
  isc_site_add_dataset (site, ISC_DATASET_STEM, tif);
  isc_site_add_dataset (site, ISC_DATASET_STEM, plain);
  fx->project = g_build_filename (fx->dir, "study.ionscape", NULL);
  g_assert_true (isc_project_save (project, fx->project, &error));
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_free (fx->dir);
  g_free (fx->project);
  g_free (fx->landmarks);
}

static double
member (JsonObject *o,
        const char *name)
{
  return json_object_get_double_member (o, name);
}

static void
test_register_json (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(IscProject) project = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *o;
  JsonArray *t, *residuals;
  IscSite *site;
  int status;

  status = isc_test_run_cli (&out, &err, "register", fx->project, "--site", "300 cycles/R1",
                             "--landmarks", fx->landmarks, "--json", NULL);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpfloat_with_epsilon (member (o, "rotation_deg"), ROT, 1e-3);
  g_assert_cmpfloat_with_epsilon (member (o, "scale"), SCALE, 1e-5);
  /* Scale against both calibrations: the pixel the APT reconstruction implies. */
  g_assert_cmpfloat_with_epsilon (member (o, "pixel_size_from_apt_nm"), PIXEL_NM / SCALE, 1e-5);
  t = json_object_get_array_member (o, "translation_px");
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (t, 0), TX, 1e-3);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (t, 1), TY, 1e-3);
  residuals = json_object_get_array_member (o, "residuals_nm");
  g_assert_cmpuint (json_array_get_length (residuals), ==, 5);
  /* The CSV keeps 4 decimals of a pixel. */
  g_assert_cmpfloat (member (o, "rms_nm"), <, 1e-3);
  g_assert_false (json_object_get_boolean_member (o, "refined"));

  /* Nothing stored without --save. */
  project = isc_project_load (fx->project, &error);
  g_assert_no_error (error);
  site = isc_condition_find_site (isc_project_find_condition (project, "300 cycles"), "R1");
  g_assert_null (site->registration);
}

static void
test_register_refine_save (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *figure = g_build_filename (fx->dir, "overlay.png", NULL);
  g_autofree char *png = NULL;
  g_autoptr(IscProject) project = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  IscSite *site;
  int status;

  /* No registration yet: the overlay says what to do. */
  status = isc_test_run_cli (NULL, &err, "figure", fx->project, "--plot", "overlay", "--site",
                             "300 cycles/R1", "--out", figure, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "not registered"));
  g_clear_pointer (&err, g_free);
  status = isc_test_run_cli (NULL, &err, "figure", fx->project, "--plot", "site", "--site",
                             "300 cycles/R1", "--overlay", "--out", figure, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "--overlay: site “300 cycles/R1” is not registered"));
  g_clear_pointer (&err, g_free);

  status = isc_test_run_cli (&out, &err, "register", fx->project, "--site", "300 cycles/R1",
                             "--image", "haadf.tif", "--landmarks", fx->landmarks, "--refine",
                             "--save", NULL);
  g_test_message ("%s%s", out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "refined: normalised cross-correlation"));

  project = isc_project_load (fx->project, &error);
  g_assert_no_error (error);
  site = isc_condition_find_site (isc_project_find_condition (project, "300 cycles"), "R1");
  g_assert_nonnull (site->registration);
  g_assert_true (site->registration->refined);
  g_assert_true (g_str_has_suffix (site->registration->image_path, "haadf.tif"));
  g_assert_cmpuint (site->registration->landmarks->len, ==, 5);
  g_assert_cmpfloat (fabs (remainder (site->registration->transform.rotation_deg - ROT, 360)), <,
                     0.5);
  g_assert_cmpfloat (fabs (site->registration->transform.scale / SCALE - 1), <, 0.005);

  g_clear_pointer (&err, g_free);
  status = isc_test_run_cli (NULL, &err, "figure", fx->project, "--plot", "overlay", "--site",
                             "300 cycles/R1", "--out", figure, NULL);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_get_contents (figure, &png, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (memcmp (png, "\x89PNG", 4) == 0);

  /* The figure composer's layouts take the overlay as a panel (here the right one of two): its
   * half of the figure carries the image and the map, the empty left half nothing. */
  {
    g_autofree char *composed = g_build_filename (fx->dir, "composed.png", NULL);
    const char *json = "{\"rows\": 1, \"columns\": 2, \"width_mm\": 120, \"height_mm\": 60, \"dpi\": 150,"
                       " \"panels\": [{\"row\": 0, \"column\": 1, \"plot\": \"overlay\", \"site\": \"300 cycles/R1\"}]}";
    g_autoptr(IscFigureLayout) layout = isc_figure_layout_from_json (json, NULL, &error);
    cairo_surface_t *surface;
    int w, h, stride;
    const guint8 *data;
    gsize ink[2] = { 0, 0 };

    g_assert_no_error (error);
    g_assert_true (isc_figure_layout_export (layout, project, composed, NULL, &error));
    g_assert_no_error (error);
    surface = cairo_image_surface_create_from_png (composed);
    g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
    w = cairo_image_surface_get_width (surface);
    h = cairo_image_surface_get_height (surface);
    stride = cairo_image_surface_get_stride (surface);
    data = cairo_image_surface_get_data (surface);
    g_assert_cmpint (w, ==, 709);   /* 120 mm at 150 dpi */
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        {
          guint32 px = *(const guint32 *) (data + (gsize) y * stride + 4 * x);

          if ((px & 0xffffff) != 0xffffff)
            ink[x >= w / 2]++;
        }
    cairo_surface_destroy (surface);
    g_assert_cmpuint (ink[0], <, (gsize) w * h / 200);
    g_assert_cmpuint (ink[1], >, (gsize) w * h / 10);
  }

  /* The site figure takes the registration as its panel c: three panels in two columns. */
  {
    g_autofree char *site_png = g_build_filename (fx->dir, "site.png", NULL);
    cairo_surface_t *surface;

    g_clear_pointer (&err, g_free);
    status = isc_test_run_cli (NULL, &err, "figure", fx->project, "--plot", "site", "--site",
                               "300 cycles/R1", "--overlay", "--dpi", "150", "--out", site_png,
                               NULL);
    g_test_message ("%s", err);
    if (status == 1 && strstr (err, "OpenGL") != NULL)
      return;   /* the ion map needs a headless context */
    g_assert_cmpint (status, ==, 0);
    surface = cairo_image_surface_create_from_png (site_png);
    g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1063);   /* 180 mm */
    /* a third: 60 mm, 354.3 px rounded up */
    g_assert_cmpint (abs (cairo_image_surface_get_height (surface) - 354), <=, 1);
    cairo_surface_destroy (surface);
  }
}

static void
test_register_errors (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *two = g_build_filename (fx->dir, "two.csv", NULL);
  g_autofree char *bad = g_build_filename (fx->dir, "bad.csv", NULL);
  const char *two_text = "apt_x_nm,apt_y_nm,apt_z_nm,image_x_px,image_y_px\n0,0,0,1,1\n1,0,0,2,1\n";
  const char *bad_text = "x,y,z,u,v\n0,0,0,1,1\n";
  struct
  {
    const char *image;
    const char *landmarks;
    const char *expected;
  } cases[] = {
    { NULL, two, "at least 3" },
    { NULL, bad, "expected the header" },
    { "plain.tif", fx->landmarks, "calibration" },
    { "nope.tif", fx->landmarks, "no image called" },
  };

  isc_test_write_file (two, two_text, strlen (two_text));
  isc_test_write_file (bad, bad_text, strlen (bad_text));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      int status;

      if (cases[i].image != NULL)
        status = isc_test_run_cli (NULL, &err, "register", fx->project, "--site", "300 cycles/R1",
                                   "--image", cases[i].image, "--landmarks", cases[i].landmarks,
                                   "--json", NULL);
      else
        status = isc_test_run_cli (NULL, &err, "register", fx->project, "--site", "300 cycles/R1",
                                   "--landmarks", cases[i].landmarks, "--json", NULL);
      g_test_message ("%s", err);
      g_assert_cmpint (status, ==, 1);
      g_assert_nonnull (strstr (err, cases[i].expected));
      /* One line, no transform printed. */
      g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
    }
}

/* --outline: the ions of a needle's apex and an image of the whole needle seen from the side,
 * dark on bright, made under a known transform (needle-scene.h); registered with no landmarks. */
static void
test_register_outline (Fixture       *fx,
                       gconstpointer  data)
{
  const gsize n = 50000, size = 320;
  g_autoptr(IscImage) image = isc_image_new (size, size, 1, ISC_IMAGE_DTYPE_F32, NULL);
  g_autoptr(IscProject) project = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *pos = g_build_filename (fx->dir, "cone.pos", NULL);
  g_autofree char *tif = g_build_filename (fx->dir, "needle.tif", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree float *x = NULL, *y = NULL, *z = NULL, *pixels = NULL;
  float (*ions)[4] = g_malloc (sizeof (float[4]) * n);
  IscRegistration truth;
  IscSite *site;
  JsonObject *o;
  int status;

  needle_scene_points (n, 3, &x, &y, &z);
  for (gsize k = 0; k < n; k++)
    {
      ions[k][0] = x[k];
      ions[k][1] = y[k];
      ions[k][2] = z[k];
      ions[k][3] = 27.0f;
    }
  isc_test_write_pos (pos, (const float (*)[4]) ions, n);
  g_free (ions);

  /* The whole needle, apex at (100, 60) px, running down and to the right. */
  isc_registration_init (&truth, needle_side_view, PIXEL_NM, 150, 1.0, 100, 60);
  pixels = needle_scene_image (&truth, size, 5);
  memcpy (image->pixels, pixels, sizeof (float) * size * size);
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, PIXEL_NM, "nm", NULL);
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0, PIXEL_NM, "nm", NULL);
  g_assert_true (isc_image_write_tiff (image, tif, &error));
  g_assert_no_error (error);

  project = isc_project_load (fx->project, &error);
  g_assert_no_error (error);
  site = isc_condition_add_site (isc_project_find_condition (project, "300 cycles"), "N1", 0, NULL);
  isc_site_add_dataset (site, ISC_DATASET_APT, pos);
  isc_site_add_dataset (site, ISC_DATASET_STEM, tif);
  g_assert_true (isc_project_save (project, fx->project, &error));

  /* Seen along the needle's axis (the default view), the ions are a disc: said so. */
  status = isc_test_run_cli (NULL, &err, "register", fx->project, "--site", "300 cycles/N1",
                             "--outline", "--json", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "no needle"));
  g_clear_pointer (&err, g_free);
  /* Both ways of starting at once make no sense. */
  status = isc_test_run_cli (NULL, &err, "register", fx->project, "--site", "300 cycles/N1",
                             "--outline", "--landmarks", fx->landmarks, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "either --landmarks"));
  g_clear_pointer (&err, g_free);

  status = isc_test_run_cli (&out, &err, "register", fx->project, "--site", "300 cycles/N1",
                             "--outline", "--view", "y", "--refine", "--json", NULL);
  g_test_message ("%s%s", out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "start"), ==, "outline");
  g_assert_true (json_object_get_boolean_member (o, "refined"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "residuals_nm")), ==, 0);
  g_assert_cmpfloat (fabs (remainder (member (o, "rotation_deg") - 150, 360)), <, 0.5);
  g_assert_cmpfloat (fabs (member (o, "scale") - 1), <, 0.015);
  g_assert_cmpfloat (fabs (json_array_get_double_element (
                       json_object_get_array_member (o, "translation_px"), 0) - 100), <, 2);
  g_assert_cmpfloat (fabs (json_array_get_double_element (
                       json_object_get_array_member (o, "translation_px"), 1) - 60), <, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/cli-register/json", Fixture, NULL, fixture_set_up, test_register_json,
              fixture_tear_down);
  g_test_add ("/cli-register/refine-save-overlay", Fixture, NULL, fixture_set_up,
              test_register_refine_save, fixture_tear_down);
  g_test_add ("/cli-register/errors", Fixture, NULL, fixture_set_up, test_register_errors,
              fixture_tear_down);
  g_test_add ("/cli-register/outline", Fixture, NULL, fixture_set_up, test_register_outline,
              fixture_tear_down);
  return g_test_run ();
}
