/* test-gl-cli.c: `ionscape-cli render` on a .pos and .rrng written here: exact image size,
 * range-file colours at the projected ion positions, species selection, view angles and
 * one-line errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "camera.h"
#include "test-util.h"

/* Colours in the file: Li red, O green, LiO yellow, Ni blue. */
static const char rrng[] =
  "[Ions]\r\nNumber=3\r\nIon1=Li\r\nIon2=O\r\nIon3=Ni\r\n"
  "[Ranges]\r\nNumber=4\r\n"
  "Range1=6.7000 7.3000 Vol:0.01 Li:1 Color:FF0000\r\n"
  "Range2=15.7000 16.3000 Vol:0.01 O:1 Color:00FF00\r\n"
  "Range3=22.7000 23.3000 Vol:0.01 Li:1 O:1 Color:FFFF00\r\n"
  "Range4=57.7000 58.3000 Vol:0.01 Ni:1 Color:0000FF\r\n";

typedef struct
{
  float  pos[3];
  float  mq;
  guint32 rgb;
} Site;

static const Site sites[] = {
  { { -20, 0, 0 }, 7.0f, 0xff0000 },    /* Li */
  { { 20, 0, 0 }, 58.0f, 0x0000ff },    /* Ni */
  { { 0, 0, 20 }, 16.0f, 0x00ff00 },    /* O */
  { { 0, 0, -20 }, 23.0f, 0xffff00 },   /* LiO */
};

#define WHITE 0xffffff

static char *dir, *pos_path, *rrng_path;

/* Five ions per site, plus unranged ions (m/n 100) at the corners of a ±30 nm box. */
static void
write_files (void)
{
  guint n = G_N_ELEMENTS (sites) * 5 + 8, k = 0;
  g_autofree float (*ions)[4] = g_malloc (n * sizeof *ions);

  for (guint s = 0; s < G_N_ELEMENTS (sites); s++)
    for (int j = 0; j < 5; j++, k++)
      {
        for (int i = 0; i < 3; i++)
          ions[k][i] = sites[s].pos[i];
        ions[k][3] = sites[s].mq;
      }
  for (int c = 0; c < 8; c++, k++)
    {
      for (int i = 0; i < 3; i++)
        ions[k][i] = (c & (1 << i)) ? 30.0f : -30.0f;
      ions[k][3] = 100.0f;
    }
  dir = isc_test_make_tmpdir ();
  pos_path = g_build_filename (dir, "sites.pos", NULL);
  rrng_path = g_build_filename (dir, "sites.rrng", NULL);
  isc_test_write_pos (pos_path, (const float (*)[4]) ions, n);
  isc_test_write_file (rrng_path, rrng, strlen (rrng));
}

typedef struct
{
  cairo_surface_t *image;
  IscCamera       *camera;
} Render;

static gboolean
render (Render     *r,
        const char *size,
        double      azimuth,
        double      elevation,
        const char *species)
{
  static const float min[3] = { -30, -30, -30 }, max[3] = { 30, 30, 30 };
  g_autofree char *out = g_build_filename (dir, "out.png", NULL);
  g_autofree char *az = g_strdup_printf ("%g", azimuth);
  g_autofree char *el = g_strdup_printf ("%g", elevation);
  g_autofree char *stdout_text = NULL, *stderr_text = NULL;
  int w, h, status;

  g_remove (out);
  if (species != NULL)
    status = isc_test_run_cli (&stdout_text, &stderr_text, "render", pos_path, "--ranges",
                               rrng_path, "--out", out, "--size", size, "--azimuth", az,
                               "--elevation", el, "--point-size", "9", "--no-legend",
                               "--no-scale-bar", "--species", species, NULL);
  else
    status = isc_test_run_cli (&stdout_text, &stderr_text, "render", pos_path, "--ranges",
                               rrng_path, "--out", out, "--size", size, "--azimuth", az,
                               "--elevation", el, "--point-size", "9", "--no-legend",
                               "--no-scale-bar", NULL);
  if (status != 0 && strstr (stderr_text, "no OpenGL available") != NULL)
    {
      g_test_skip (stderr_text);
      return FALSE;
    }
  g_assert_cmpint (status, ==, 0);
  r->image = cairo_image_surface_create_from_png (out);
  g_assert_cmpint (cairo_surface_status (r->image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_true (sscanf (size, "%dx%d", &w, &h) == 2);
  r->camera = isc_camera_new ();
  isc_camera_set_viewport (r->camera, w, h);
  isc_camera_set_scene_bounds (r->camera, min, max);
  isc_camera_set_azimuth_elevation (r->camera, azimuth, elevation);
  return TRUE;
}

static void
render_clear (Render *r)
{
  g_clear_pointer (&r->image, cairo_surface_destroy);
  g_clear_pointer (&r->camera, isc_camera_free);
}

static guint32
pixel_at (Render      *r,
          const float  pos[3])
{
  double p[3] = { pos[0], pos[1], pos[2] }, px, py;
  const guint8 *data = cairo_image_surface_get_data (r->image);
  int stride = cairo_image_surface_get_stride (r->image);

  g_assert_true (isc_camera_project (r->camera, p, &px, &py, NULL));
  return *(const guint32 *) (data + (int) floor (py) * stride + 4 * (int) floor (px)) & 0xffffff;
}

static gboolean
near (guint32 a,
      guint32 b)
{
  for (int shift = 0; shift < 24; shift += 8)
    if (abs ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > 4)
      return FALSE;
  return TRUE;
}

static void
test_colors_and_size (void)
{
  Render r = { 0 };

  if (!render (&r, "241x173", 0, 0, NULL))
    return;
  g_assert_cmpint (cairo_image_surface_get_width (r.image), ==, 241);
  g_assert_cmpint (cairo_image_surface_get_height (r.image), ==, 173);
  for (guint s = 0; s < G_N_ELEMENTS (sites); s++)
    g_assert_true (near (pixel_at (&r, sites[s].pos), sites[s].rgb));
  render_clear (&r);
}

static void
test_species_selection (void)
{
  Render r = { 0 };

  /* Elements select their ions, molecular ones included: Li, Ni → Li, Ni and LiO. */
  if (!render (&r, "200x150", 0, 0, "Li,Ni"))
    return;
  g_assert_true (near (pixel_at (&r, sites[0].pos), sites[0].rgb));
  g_assert_true (near (pixel_at (&r, sites[1].pos), sites[1].rgb));
  g_assert_true (near (pixel_at (&r, sites[2].pos), WHITE));
  g_assert_true (near (pixel_at (&r, sites[3].pos), sites[3].rgb));
  render_clear (&r);

  /* An ion name alone. */
  render (&r, "200x150", 0, 0, "LiO");
  g_assert_true (near (pixel_at (&r, sites[0].pos), WHITE));
  g_assert_true (near (pixel_at (&r, sites[1].pos), WHITE));
  g_assert_true (near (pixel_at (&r, sites[2].pos), WHITE));
  g_assert_true (near (pixel_at (&r, sites[3].pos), sites[3].rgb));
  render_clear (&r);

  /* O → O and LiO. */
  render (&r, "200x150", 0, 0, "O");
  g_assert_true (near (pixel_at (&r, sites[0].pos), WHITE));
  g_assert_true (near (pixel_at (&r, sites[1].pos), WHITE));
  g_assert_true (near (pixel_at (&r, sites[2].pos), sites[2].rgb));
  g_assert_true (near (pixel_at (&r, sites[3].pos), sites[3].rgb));
  render_clear (&r);
}

static void
test_view_angles (void)
{
  Render r = { 0 };
  const guint8 *data;
  int stride;

  /* Azimuth 90°: looking along −x, Ni (x = +20) is in front of Li on the centre pixel. */
  if (!render (&r, "200x150", 90, 0, NULL))
    return;
  data = cairo_image_surface_get_data (r.image);
  stride = cairo_image_surface_get_stride (r.image);
  g_assert_true (near (*(const guint32 *) (data + 75 * stride + 4 * 100) & 0xffffff, 0x0000ff));
  render_clear (&r);

  /* Azimuth −90°: looking along +x, Li is in front. */
  render (&r, "200x150", -90, 0, NULL);
  data = cairo_image_surface_get_data (r.image);
  stride = cairo_image_surface_get_stride (r.image);
  g_assert_true (near (*(const guint32 *) (data + 75 * stride + 4 * 100) & 0xffffff, 0xff0000));
  render_clear (&r);

  /* Elevation 90°: looking down −z, O (z = +20) covers LiO on the centre pixel. */
  render (&r, "200x150", 0, 90, NULL);
  data = cairo_image_surface_get_data (r.image);
  stride = cairo_image_surface_get_stride (r.image);
  g_assert_true (near (*(const guint32 *) (data + 75 * stride + 4 * 100) & 0xffffff, 0x00ff00));
  render_clear (&r);
}

static void
expect_error (const char *needle,
              const char *first,
              ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL;
  va_list ap;
  int status;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  while (args->len < 12)
    g_ptr_array_add (args, NULL);
  status = isc_test_run_cli (&out, &err, "render",
                             args->pdata[0], args->pdata[1], args->pdata[2], args->pdata[3],
                             args->pdata[4], args->pdata[5], args->pdata[6], args->pdata[7],
                             args->pdata[8], args->pdata[9], args->pdata[10], args->pdata[11],
                             NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, needle));
  /* One line. */
  g_assert_null (strchr (err, '\n') != NULL ? strchr (strchr (err, '\n') + 1, '\n') : NULL);
}

static void
test_errors (void)
{
  g_autofree char *out = g_build_filename (dir, "e.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.pos", NULL);

  expect_error ("--size", pos_path, "--out", out, "--size", "0x10", NULL);
  expect_error ("--size", pos_path, "--out", out, "--size", "12", NULL);
  expect_error ("--out", pos_path, "--size", "10x10", NULL);
  expect_error ("missing.pos", missing, "--out", out, "--size", "10x10", NULL);
  expect_error ("Xx", pos_path, "--ranges", rrng_path, "--out", out, "--size", "10x10",
                "--species", "Xx", NULL);
}

/* With no EGL vendor (glvnd reads this variable) there is no OpenGL at all: exit 1 with one
 * clear line, no crash. */
static void
test_no_gl (void)
{
  g_autofree char *out = g_build_filename (dir, "nogl.png", NULL);
  g_autofree char *stdout_text = NULL, *stderr_text = NULL;
  int status;

  g_setenv ("__EGL_VENDOR_LIBRARY_FILENAMES", "/nonexistent/egl-vendor.json", TRUE);
  status = isc_test_run_cli (&stdout_text, &stderr_text, "render", pos_path, "--out", out,
                             "--size", "10x10", NULL);
  g_unsetenv ("__EGL_VENDOR_LIBRARY_FILENAMES");
  if (status == 0)
    {
      g_test_skip ("this EGL does not honour __EGL_VENDOR_LIBRARY_FILENAMES");
      return;
    }
  g_assert_cmpint (status, ==, 1);
  g_assert_true (g_str_has_prefix (stderr_text, "ionscape-cli: render: no OpenGL available: "));
  g_assert_cmpint (strlen (stderr_text), ==, strchr (stderr_text, '\n') + 1 - stderr_text);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  write_files ();
  g_test_add_func ("/gl/cli/colors-size", test_colors_and_size);
  g_test_add_func ("/gl/cli/species", test_species_selection);
  g_test_add_func ("/gl/cli/view-angles", test_view_angles);
  g_test_add_func ("/gl/cli/errors", test_errors);
  g_test_add_func ("/gl/cli/no-gl", test_no_gl);
  return g_test_run ();
}
