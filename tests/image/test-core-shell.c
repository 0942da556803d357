/* test-core-shell.c: core/shell negative intensity on series whose region values are set by
 * hand, and on the demo heating series read back from its multi-frame TIFF.
 *
 * Region sizes are checked against the Gauss circle numbers (lattice points with
 * i² + j² ≤ r²: 81 for r = 5, 317 for r = 10; 12 of the 81 lie exactly on r = 5).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "core-shell.h"
#include "demo-insitu.h"
#include "image.h"
#include "test-util.h"

/* 48 × 40 px, 0.5 nm/px, x origin 1 nm, y origin −2 nm. Particle centre at pixel (cx, cy):
 * core = d² < 25 px², shell = d² ≤ 100 px², background = d² > 144 px² (radius 5 nm, shell
 * 2.5 nm, margin 1 nm), the band between gets 999 which must never be used. */
#define W 48
#define H 40
#define PX 0.5
#define OX 1.0
#define OY -2.0

static void
paint_frame (IscImage *image,
             guint     frame,
             int       cx,
             int       cy,
             float     background,
             float     shell,
             float     core)
{
  float *p = isc_image_frame (image, frame);

  for (int j = 0; j < H; j++)
    for (int i = 0; i < W; i++)
      {
        int d2 = (i - cx) * (i - cx) + (j - cy) * (j - cy);

        p[j * W + i] = d2 < 25 ? core : d2 <= 100 ? shell : d2 > 144 ? background : 999.0f;
      }
}

static IscImage *
make_series (guint frames)
{
  IscImage *image = isc_image_new (W, H, frames, ISC_IMAGE_DTYPE_F32, NULL);

  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, OX, PX, "nm", "x");
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, OY, PX, "nm", "y");
  return image;
}

static void
geometry_at (IscCoreShellGeometry *g,
             int                   cx,
             int                   cy)
{
  isc_core_shell_geometry_init (g, OX + cx * PX, OY + cy * PX, 5.0, 2.5);
  g->margin = 1.0;
}

static void
test_hand_set (void)
{
  g_autoptr(IscImage) image = make_series (3);
  g_autoptr(IscCoreShellSeries) s = NULL;
  g_autoptr(GError) error = NULL;
  const double temps[3] = { 150, 170, 300 };
  IscCoreShellGeometry g;
  double onset = 0;

  /* frame 0: B 100, shell 70, core 40 → shell 30, core 60
   * frame 1 (reference): B 110, shell 80, core 60 → shell 30, core 50
   * frame 2: B 100, shell 55, core 60 → shell 45, core 40 */
  paint_frame (image, 0, 20, 18, 100, 70, 40);
  paint_frame (image, 1, 20, 18, 110, 80, 60);
  paint_frame (image, 2, 20, 18, 100, 55, 60);
  geometry_at (&g, 20, 18);
  s = isc_core_shell_analyse (image, &g, 1, temps, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->n_frames, ==, 3);
  g_assert_true (s->has_temperatures);

  g_assert_cmpuint (s->frames[0].core_pixels, ==, 81 - 12);
  g_assert_cmpuint (s->frames[0].shell_pixels, ==, 317 - (81 - 12));
  /* background: everything farther than 12 px; the disc d² ≤ 144 holds 441 lattice points */
  g_assert_cmpuint (s->frames[0].background_pixels, ==, W * H - 441);

  g_assert_cmpfloat_with_epsilon (s->frames[0].background, 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->frames[0].core, 60, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->frames[0].shell, 30, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->frames[1].core, 50, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->frames[1].shell, 30, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->frames[2].core, 40, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->frames[2].shell, 45, 1e-9);

  g_assert_cmpfloat_with_epsilon (s->frames[0].core_relative, 60.0 / 50.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (s->frames[0].shell_relative, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (s->frames[1].core_relative, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (s->frames[2].core_relative, 40.0 / 50.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (s->frames[2].shell_relative, 45.0 / 30.0, 1e-12);
  /* uniform regions: no scatter */
  g_assert_cmpfloat (s->frames[0].core_sem, ==, 0.0);
  g_assert_cmpfloat (s->frames[2].shell_sem, ==, 0.0);
  g_assert_cmpfloat (s->frames[2].temperature, ==, 300);

  /* shell − core: −0.2, 0, +0.7: only the last frame is above 0.1; with no frame after it the
   * onset is where the line from 170 °C to 300 °C crosses 0.1: 170 + 130 / 7 */
  g_assert_true (isc_core_shell_series_onset (s, 0.1, &onset));
  g_assert_cmpfloat_with_epsilon (onset, 170 + 130.0 / 7, 1e-9);
  g_assert_false (isc_core_shell_series_onset (s, 0.8, &onset));

  {
    g_autofree char *csv = isc_core_shell_series_to_csv (s);
    g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);

    g_assert_cmpstr (lines[0], ==, "frame,temperature_C,core,shell,core_relative,shell_relative,core_sem,shell_sem");
    g_assert_cmpstr (lines[3], ==, "2,300,40,45,0.8,1.5,0,0");
    g_assert_cmpstr (lines[4], ==, "");
  }
}

static void
test_sem (void)
{
  g_autoptr(IscImage) image = make_series (1);
  g_autoptr(IscCoreShellSeries) s = NULL;
  g_autoptr(GError) error = NULL;
  IscCoreShellGeometry g;
  float *p;
  double expected_core, n_core = 0, n_back = 0;

  /* core pixels alternate 40 ± 4 in rows; background alternates 100 ± 2: each value's
   * population, and so the standard error, is counted here from the known lattice */
  paint_frame (image, 0, 20, 18, 100, 70, 40);
  p = isc_image_frame (image, 0);
  {
    double sum_core = 0, sum_back = 0, ss_core = 0, ss_back = 0, mc, mb;

    for (int j = 0; j < H; j++)
      for (int i = 0; i < W; i++)
        {
          int d2 = (i - 20) * (i - 20) + (j - 18) * (j - 18);
          float sign = (i + j) % 2 ? 1.0f : -1.0f;

          if (d2 < 25)
            {
              p[j * W + i] += 4 * sign;
              sum_core += p[j * W + i];
              n_core++;
            }
          else if (d2 > 144)
            {
              p[j * W + i] += 2 * sign;
              sum_back += p[j * W + i];
              n_back++;
            }
        }
    mc = sum_core / n_core;
    mb = sum_back / n_back;
    for (int j = 0; j < H; j++)
      for (int i = 0; i < W; i++)
        {
          int d2 = (i - 20) * (i - 20) + (j - 18) * (j - 18);

          if (d2 < 25)
            ss_core += (p[j * W + i] - mc) * (p[j * W + i] - mc);
          else if (d2 > 144)
            ss_back += (p[j * W + i] - mb) * (p[j * W + i] - mb);
        }
    expected_core = sqrt (ss_core / (n_core - 1) / n_core + ss_back / (n_back - 1) / n_back);
    geometry_at (&g, 20, 18);
    s = isc_core_shell_analyse (image, &g, 0, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat_with_epsilon (s->frames[0].core, mb - mc, 1e-9);
  }
  g_assert_cmpfloat_with_epsilon (s->frames[0].core_sem, expected_core, 1e-9);
  /* 69 core pixels: 4/√69 alone is 0.48, so the value is of that size */
  g_assert_cmpfloat (s->frames[0].core_sem, >, 0.4);
  g_assert_cmpfloat (s->frames[0].core_sem, <, 0.6);
  g_assert_false (s->has_temperatures);
  g_assert_true (isnan (s->frames[0].temperature));
}

static void
test_shifted_centre (void)
{
  g_autoptr(IscImage) image = make_series (2);
  g_autoptr(IscCoreShellSeries) drift = NULL;
  g_autoptr(IscCoreShellSeries) fixed = NULL;
  g_autoptr(GError) error = NULL;
  IscCoreShellGeometry g;
  double centres[4] = { OX + 14 * PX, OY + 13 * PX, OX + 30 * PX, OY + 24 * PX };

  /* the particle drifts from pixel (14, 13) to (30, 24) */
  paint_frame (image, 0, 14, 13, 200, 150, 120);
  paint_frame (image, 1, 30, 24, 200, 140, 130);

  geometry_at (&g, 14, 13);
  g.frame_centres = centres;
  g.n_frame_centres = 2;
  drift = isc_core_shell_analyse (image, &g, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (drift->frames[0].core, 80, 1e-9);
  g_assert_cmpfloat_with_epsilon (drift->frames[0].shell, 50, 1e-9);
  g_assert_cmpfloat_with_epsilon (drift->frames[1].core, 70, 1e-9);
  g_assert_cmpfloat_with_epsilon (drift->frames[1].shell, 60, 1e-9);
  g_assert_cmpfloat_with_epsilon (drift->frames[1].shell_relative, 1.2, 1e-12);
  g_assert_cmpuint (drift->frames[1].shell_pixels, ==, 248);

  /* a constant centre misses the drifted particle: its core is background in frame 1 */
  g.frame_centres = NULL;
  g.n_frame_centres = 0;
  fixed = isc_core_shell_analyse (image, &g, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (fixed->frames[0].core, 80, 1e-9);
  g_assert_cmpfloat (fabs (fixed->frames[1].core - 70), >, 10);

  /* per-frame centres must match the frame count */
  g.frame_centres = centres;
  g.n_frame_centres = 1;
  g_assert_null (isc_core_shell_analyse (image, &g, 0, NULL, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
}

static void
test_uncalibrated (void)
{
  g_autoptr(IscImage) image = isc_image_new (W, H, 1, ISC_IMAGE_DTYPE_F32, NULL);
  g_autoptr(IscCoreShellSeries) s = NULL;
  g_autoptr(GError) error = NULL;
  IscCoreShellGeometry g;

  /* no calibration: geometry in pixels */
  paint_frame (image, 0, 25, 20, 100, 90, 20);
  isc_core_shell_geometry_init (&g, 25, 20, 10, 5);
  g.margin = 2;
  s = isc_core_shell_analyse (image, &g, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (s->frames[0].core, 80, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->frames[0].shell, 10, 1e-9);
}

static void
expect_error (const IscImage *image,
              double          cx,
              double          cy,
              double          radius,
              double          shell,
              guint           reference,
              int             code)
{
  g_autoptr(GError) error = NULL;
  IscCoreShellGeometry g;

  isc_core_shell_geometry_init (&g, cx, cy, radius, shell);
  g.margin = 1.0;
  g_assert_null (isc_core_shell_analyse (image, &g, reference, NULL, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, code);
  g_assert_true (g_str_has_prefix (error->message, "core"));
}

static void
test_errors (void)
{
  g_autoptr(IscImage) image = make_series (2);
  double cx = OX + 20 * PX, cy = OY + 18 * PX;

  paint_frame (image, 0, 20, 18, 100, 70, 40);
  paint_frame (image, 1, 20, 18, 100, 70, 40);
  expect_error (image, cx, cy, 5.0, 5.0, 0, ISC_ERROR_ARGUMENT);      /* shell = radius */
  expect_error (image, cx, cy, 5.0, 6.0, 0, ISC_ERROR_ARGUMENT);      /* thicker */
  expect_error (image, cx, cy, 5.0, 0.0, 0, ISC_ERROR_ARGUMENT);
  expect_error (image, cx, cy, -1.0, 0.5, 0, ISC_ERROR_ARGUMENT);
  expect_error (image, cx, cy, NAN, 0.5, 0, ISC_ERROR_ARGUMENT);
  expect_error (image, -50, cy, 5.0, 2.5, 0, ISC_ERROR_ARGUMENT);     /* outside */
  expect_error (image, cx, OY + 60 * PX, 5.0, 2.5, 0, ISC_ERROR_ARGUMENT);
  expect_error (image, cx, cy, 1.0, 0.5, 0, ISC_ERROR_ARGUMENT);      /* core of 1 pixel */
  expect_error (image, cx, cy, 16.0, 2.5, 0, ISC_ERROR_ARGUMENT);     /* no background left */
  expect_error (image, cx, cy, 5.0, 2.5, 2, ISC_ERROR_ARGUMENT);      /* no frame 2 */

  /* a reference frame with no contrast */
  paint_frame (image, 1, 20, 18, 100, 100, 100);
  expect_error (image, cx, cy, 5.0, 2.5, 1, ISC_ERROR_INVALID);
}

static void
test_cancelled (void)
{
  g_autoptr(IscImage) image = make_series (2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  IscCoreShellGeometry g;

  paint_frame (image, 0, 20, 18, 100, 70, 40);
  paint_frame (image, 1, 20, 18, 100, 70, 40);
  geometry_at (&g, 20, 18);
  g_cancellable_cancel (cancellable);
  g_assert_null (isc_core_shell_analyse (image, &g, 0, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_nearest_frame (void)
{
  const double t[4] = { 150, 160, NAN, 180 };
  guint f = 99;

  g_assert_true (isc_core_shell_nearest_frame (t, 4, 171, &f));
  g_assert_cmpuint (f, ==, 3);
  g_assert_true (isc_core_shell_nearest_frame (t, 4, 0, &f));
  g_assert_cmpuint (f, ==, 0);
  g_assert_false (isc_core_shell_nearest_frame (NULL, 4, 0, &f));
}

static void
test_read_json (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "s.json", NULL);
  g_autofree double *t = NULL;
  g_autoptr(GError) error = NULL;
  IscCoreShellGeometry g;
  guint n = 0;
  double ref = 0;
  const char *good = "{\"temperatures_C\": [20, 30.5], \"reference_temperature_C\": 30,"
                     " \"particle\": {\"centre_nm\": [1.5, 2], \"radius_nm\": 9, \"shell_nm\": 3}}";
  const char *bad = "{\"temperatures_C\": [20, \"hot\"]}";

  isc_test_write_file (path, good, strlen (good));
  g_assert_true (isc_core_shell_read_json (path, &t, &n, &g, &ref, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (t[1], ==, 30.5);
  g_assert_cmpfloat (ref, ==, 30);
  g_assert_cmpfloat (g.centre_x, ==, 1.5);
  g_assert_cmpfloat (g.centre_y, ==, 2);
  g_assert_cmpfloat (g.radius, ==, 9);
  g_assert_cmpfloat (g.shell, ==, 3);
  g_clear_pointer (&t, g_free);

  isc_test_write_file (path, bad, strlen (bad));
  g_assert_false (isc_core_shell_read_json (path, &t, &n, &g, &ref, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "element 1"));
  g_clear_error (&error);

  g_clear_error (&error);
  g_assert_false (isc_core_shell_read_json ("/nonexistent/s.json", &t, &n, &g, &ref, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/s.json"));
  g_clear_error (&error);

  isc_test_write_file (path, "[1", 2);
  g_assert_false (isc_core_shell_read_json (path, &t, &n, &g, &ref, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_FORMAT);
}

/* The demo series, written and read back: a multi-frame uint16 TIFF round trip, then the
 * analysis with the geometry from its JSON. */
static void
test_demo_series (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *tif = g_build_filename (dir, "insitu", "ncm622-heating.tif", NULL);
  g_autofree char *json = g_build_filename (dir, "insitu", "ncm622-heating.json", NULL);
  g_autoptr(IscImage) direct = isc_demo_insitu_series ();
  g_autoptr(IscImage) image = NULL;
  g_autoptr(IscCoreShellSeries) s = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *temps = NULL;
  IscCoreShellGeometry g;
  guint n = 0, ref = 0, f300 = 0, f170 = 0;
  double ref_t = 0, onset = 0, shell_change, core_change;

  g_assert_true (isc_demo_write_insitu (dir, NULL, &error));
  g_assert_no_error (error);
  image = isc_image_load (tif, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (image->frames, ==, 31);
  g_assert_cmpuint (image->width, ==, 256);
  g_assert_cmpuint (image->height, ==, 256);
  g_assert_cmpstr (isc_image_dtype_name (image->dtype), ==, "uint16");
  g_assert_cmpstr (image->axis[ISC_IMAGE_AXIS_X].unit, ==, "nm");
  g_assert_cmpfloat_with_epsilon (image->axis[ISC_IMAGE_AXIS_X].scale, 2.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (image->axis[ISC_IMAGE_AXIS_Y].scale, 2.0, 1e-6);
  g_assert_cmpmem (image->pixels, 256 * 256 * 31 * sizeof (float),
                   direct->pixels, 256 * 256 * 31 * sizeof (float));

  g_assert_true (isc_core_shell_read_json (json, &temps, &n, &g, &ref_t, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 31);
  g_assert_cmpfloat (temps[0], ==, 150);
  g_assert_cmpfloat (temps[30], ==, 450);
  g_assert_cmpfloat (ref_t, ==, 170);
  g_assert_true (isc_core_shell_nearest_frame (temps, n, ref_t, &ref));
  g_assert_cmpuint (ref, ==, 2);
  g_assert_true (isc_core_shell_nearest_frame (temps, n, 300, &f300));
  g_assert_true (isc_core_shell_nearest_frame (temps, n, 170, &f170));

  s = isc_core_shell_analyse (image, &g, ref, temps, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (s->frames[f170].core_relative, 1.0, 0.01);
  g_assert_cmpfloat_with_epsilon (s->frames[f170].shell_relative, 1.0, 0.01);
  g_assert_cmpfloat_with_epsilon (s->frames[0].core_relative, 1.0, 0.01);
  g_assert_cmpfloat_with_epsilon (s->frames[0].shell_relative, 1.0, 0.01);
  g_assert_cmpfloat (s->frames[f300].shell_relative, >, 1.05);
  g_assert_cmpfloat (s->frames[f300].core_relative, <, 0.97);
  /* the generator's own changes (+8 %/−5 % at 300 °C) within the noise */
  isc_demo_insitu_change (300, &shell_change, &core_change);
  g_assert_cmpfloat_with_epsilon (s->frames[f300].shell_relative, 1 + shell_change, 0.01);
  g_assert_cmpfloat_with_epsilon (s->frames[f300].core_relative, 1 + core_change, 0.01);
  g_assert_cmpfloat_with_epsilon (s->frames[30].shell_relative, 1.15, 0.01);
  g_assert_cmpfloat_with_epsilon (s->frames[30].core_relative, 0.90, 0.01);
  /* shot noise of ~30 counts over thousands of pixels: the errors are small */
  g_assert_cmpfloat (s->frames[f300].shell_sem, <, 1.0);
  g_assert_cmpfloat (s->frames[f300].shell_sem, >, 0.05);
  /* the shell and core part from 240 °C (ISC_DEMO_INSITU_ONSET_C), found between the frames at
   * 240 and 250 °C rather than at the first frame past the threshold, ± 5 °C */
  {
    double sigma = 0;

    g_assert_true (isc_core_shell_series_onset_full (s, 0.01, &onset, &sigma));
    g_assert_cmpfloat_with_epsilon (onset, ISC_DEMO_INSITU_ONSET_C, 2.0);
    g_assert_cmpfloat (sigma, ==, 5.0);
  }
}

/* A series with a known onset between frames: the contrast rises linearly from 237 °C. */
static void
test_onset_between_frames (void)
{
  const double onsets[] = { 237.0, 241.5, 249.0 };

  for (guint o = 0; o < G_N_ELEMENTS (onsets); o++)
    {
      IscCoreShellSeries s = { 0 };
      IscCoreShellFrame frames[20] = { { 0 } };
      double onset = 0, sigma = 0;

      s.n_frames = G_N_ELEMENTS (frames);
      s.frames = frames;
      s.has_temperatures = TRUE;
      for (guint f = 0; f < s.n_frames; f++)
        {
          double t = 150 + 10.0 * f, rise = MAX (0.0, t - onsets[o]) * 0.002;

          frames[f].frame = f;
          frames[f].temperature = t;
          frames[f].shell_relative = 1 + 0.6 * rise;
          frames[f].core_relative = 1 - 0.4 * rise;
        }
      g_assert_true (isc_core_shell_series_onset_full (&s, 0.01, &onset, &sigma));
      g_assert_cmpfloat_with_epsilon (onset, onsets[o], 1e-9);
      g_assert_cmpfloat (sigma, ==, 5.0);
      /* a threshold never reached */
      g_assert_false (isc_core_shell_series_onset_full (&s, 10, &onset, &sigma));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core-shell/hand-set", test_hand_set);
  g_test_add_func ("/core-shell/sem", test_sem);
  g_test_add_func ("/core-shell/shifted-centre", test_shifted_centre);
  g_test_add_func ("/core-shell/uncalibrated", test_uncalibrated);
  g_test_add_func ("/core-shell/errors", test_errors);
  g_test_add_func ("/core-shell/cancelled", test_cancelled);
  g_test_add_func ("/core-shell/nearest-frame", test_nearest_frame);
  g_test_add_func ("/core-shell/read-json", test_read_json);
  g_test_add_func ("/core-shell/demo-series", test_demo_series);
  g_test_add_func ("/core-shell/onset-between-frames", test_onset_between_frames);
  return g_test_run ();
}
