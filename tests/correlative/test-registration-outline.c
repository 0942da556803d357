/* test-registration-outline.c: a registration started from the needle's outline — an image of the
 * whole needle (before evaporation) rendered with a known transform, the APT data of its apex —
 * then refined against the needle mask.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "needle-scene.h"
#include "registration-outline.h"

#define PIXEL_NM  0.5
#define SIZE      400
#define ROTATION  25.0     /* degrees */
#define N_IONS    60000

static const double *side_view = needle_side_view;

/* The transform that puts the apex 150 px from the image's centre, the shank running through it
 * (z goes to (0, −1) on the (u, v) plane of the side view, turned by @rotation). */
static void
place_needle (IscRegistration *truth,
              double           rotation)
{
  double t = rotation * G_PI / 180, shank[2] = { sin (t), -cos (t) };

  isc_registration_init (truth, side_view, PIXEL_NM, rotation, 1.0, SIZE / 2 - 150 * shank[0],
                         SIZE / 2 - 150 * shank[1]);
}

static void
make_points (float **x,
             float **y,
             float **z,
             gsize  *n)
{
  *n = N_IONS;
  needle_scene_points (N_IONS, 7, x, y, z);
}

static float *
make_image (const IscRegistration *truth)
{
  return needle_scene_image (truth, SIZE, 11);
}

static void
test_outline_start_and_refine (void)
{
  g_autofree float *x = NULL, *y = NULL, *z = NULL, *pixels = NULL, *mask = NULL;
  g_autoptr(GError) error = NULL;
  IscRegistration truth, reg;
  double apex_nm[3] = { 0, 0, 0 }, far_nm[3] = { 0, 0, NEEDLE_APT_DEPTH }, want[2], got[2], ncc = 0;
  gsize n;

  make_points (&x, &y, &z, &n);
  place_needle (&truth, ROTATION);
  pixels = make_image (&truth);

  g_assert_true (isc_registration_from_outline (&reg, x, y, z, n, side_view, pixels, SIZE, SIZE,
                                                PIXEL_NM, &mask, &error));
  g_assert_no_error (error);
  g_test_message ("outline start: rotation %.2f°, translation (%.1f, %.1f) px",
                  reg.rotation_deg, reg.translation_px[0], reg.translation_px[1]);
  /* A start: within a few degrees, and the apex within a few pixels (the mask's tip is blunt
   * by the smoothing). */
  g_assert_cmpfloat (fabs (remainder (reg.rotation_deg - ROTATION, 360)), <, 3.0);
  g_assert_cmpfloat (reg.scale, ==, 1.0);
  isc_registration_apply (&truth, apex_nm, want);
  isc_registration_apply (&reg, apex_nm, got);
  g_assert_cmpfloat (hypot (got[0] - want[0], got[1] - want[1]), <, 6.0);
  /* the needle mask: 1 on the dark needle */
  isc_registration_apply (&truth, far_nm, want);
  g_assert_cmpfloat (mask[(gsize) lround (want[1]) * SIZE + lround (want[0])], ==, 1.0f);
  g_assert_cmpfloat (mask[5 * SIZE + 5], ==, 0.0f);

  /* Refined against the mask: the transform the image was made with. */
  g_assert_true (isc_registration_refine_outline (&reg, x, y, z, n, mask, SIZE, SIZE, &ncc,
                                                  &error));
  g_assert_no_error (error);
  g_test_message ("refined: rotation %.3f°, scale %.4f, ncc %.3f", reg.rotation_deg, reg.scale, ncc);
  g_assert_cmpfloat (fabs (remainder (reg.rotation_deg - ROTATION, 360)), <, 0.5);
  g_assert_cmpfloat (fabs (reg.scale - 1.0), <, 0.015);
  isc_registration_apply (&truth, far_nm, want);
  isc_registration_apply (&reg, far_nm, got);
  g_assert_cmpfloat (hypot (got[0] - want[0], got[1] - want[1]), <, 2.0);
}

/* An image whose calibration is 10 % off: the start assumes scale 1, the refinement finds 1.1. */
static void
test_calibration_mistake (void)
{
  g_autofree float *x = NULL, *y = NULL, *z = NULL, *pixels = NULL, *mask = NULL;
  g_autoptr(GError) error = NULL;
  IscRegistration truth, reg;
  double ncc;
  gsize n;

  make_points (&x, &y, &z, &n);
  place_needle (&truth, -40);
  isc_registration_init (&truth, side_view, PIXEL_NM, -40, 1.1, truth.translation_px[0],
                         truth.translation_px[1]);
  pixels = make_image (&truth);
  g_assert_true (isc_registration_from_outline (&reg, x, y, z, n, side_view, pixels, SIZE, SIZE,
                                                PIXEL_NM, &mask, &error));
  g_assert_no_error (error);
  g_assert_true (isc_registration_refine_outline (&reg, x, y, z, n, mask, SIZE, SIZE, &ncc,
                                                  &error));
  g_assert_no_error (error);
  g_test_message ("10 %% calibration mistake: rotation %.3f°, scale %.4f", reg.rotation_deg,
                  reg.scale);
  g_assert_cmpfloat (fabs (remainder (reg.rotation_deg + 40, 360)), <, 0.5);
  g_assert_cmpfloat (fabs (reg.scale / 1.1 - 1.0), <, 0.015);
}

/* The needle's apex is told from its shank whichever way it points. */
static void
test_apex_direction (void)
{
  g_autofree float *x = NULL, *y = NULL, *z = NULL;
  double rotations[] = { -150, -60, 0, 100, 179 };
  gsize n;

  make_points (&x, &y, &z, &n);
  for (guint i = 0; i < G_N_ELEMENTS (rotations); i++)
    {
      g_autofree float *pixels = NULL;
      g_autoptr(GError) error = NULL;
      IscRegistration truth, reg;

      place_needle (&truth, rotations[i]);
      pixels = make_image (&truth);
      g_assert_true (isc_registration_from_outline (&reg, x, y, z, n, side_view, pixels, SIZE,
                                                    SIZE, PIXEL_NM, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (fabs (remainder (reg.rotation_deg - rotations[i], 360)), <, 3.0);
    }
}

/* What cannot be outlined says so. */
static void
test_degenerate (void)
{
  g_autofree float *x = NULL, *y = NULL, *z = NULL, *flat = g_new0 (float, SIZE * SIZE);
  g_autofree float *pixels = NULL;
  g_autoptr(GError) error = NULL;
  static const double along_z[3] = { 0, 0, 1 };
  IscRegistration truth, reg;
  gsize n;

  make_points (&x, &y, &z, &n);
  g_assert_false (isc_registration_from_outline (&reg, x, y, z, n, side_view, flat, SIZE, SIZE,
                                                 PIXEL_NM, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "flat"));
  g_clear_error (&error);

  /* seen along its own axis the needle is a disc: no axis to align */
  place_needle (&truth, ROTATION);
  pixels = make_image (&truth);
  g_assert_false (isc_registration_from_outline (&reg, x, y, z, n, along_z, pixels, SIZE, SIZE,
                                                 PIXEL_NM, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no needle"));
  g_clear_error (&error);

  g_assert_false (isc_registration_from_outline (&reg, x, y, z, n, side_view, pixels, SIZE, SIZE,
                                                 0.0, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "calibration"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/registration-outline/start-and-refine", test_outline_start_and_refine);
  g_test_add_func ("/registration-outline/calibration-mistake", test_calibration_mistake);
  g_test_add_func ("/registration-outline/apex-direction", test_apex_direction);
  g_test_add_func ("/registration-outline/degenerate", test_degenerate);
  return g_test_run ();
}
