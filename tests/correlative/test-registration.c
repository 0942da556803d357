/* test-registration.c: landmark fit, refinement and degenerate input of the correlative
 * registration, on a synthetic needle and an image rendered from it with a known transform.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "registration.h"

#define N_BLOBS      16
#define IMAGE_SIZE   320
#define PIXEL_NM     0.4
#define TRUE_ROT     23.0
#define TRUE_SCALE   1.04
#define TRUE_TX      150.0
#define TRUE_TY      140.0

typedef struct
{
  gsize   n;
  float  *x, *y, *z;
  double  blob[N_BLOBS][3];
} Needle;

static void
needle_free (Needle *needle)
{
  g_free (needle->x);
  g_free (needle->y);
  g_free (needle->z);
  g_free (needle);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Needle, needle_free)

/* A cylinder of radius 25 nm and height 80 nm with uniform background and N_BLOBS dense
 * precipitates of radius 2.5 nm: features an image shows and a user would click. */
static Needle *
make_needle (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);
  const gsize background = 60000, per_blob = 2500;
  Needle *needle = g_new0 (Needle, 1);
  gsize at = 0;

  needle->n = background + N_BLOBS * per_blob;
  needle->x = g_new (float, needle->n);
  needle->y = g_new (float, needle->n);
  needle->z = g_new (float, needle->n);
  for (guint b = 0; b < N_BLOBS; b++)
    {
      double r = 20 * sqrt (g_rand_double (rand)), a = g_rand_double_range (rand, 0, 2 * G_PI);

      needle->blob[b][0] = r * cos (a);
      needle->blob[b][1] = r * sin (a);
      needle->blob[b][2] = g_rand_double_range (rand, 5, 75);
    }
  while (at < background)
    {
      double x = g_rand_double_range (rand, -25, 25), y = g_rand_double_range (rand, -25, 25);

      if (x * x + y * y > 625)
        continue;
      needle->x[at] = x;
      needle->y[at] = y;
      needle->z[at] = g_rand_double_range (rand, 0, 80);
      at++;
    }
  for (guint b = 0; b < N_BLOBS; b++)
    for (gsize k = 0; k < per_blob; k++, at++)
      {
        double d[3];

        do
          for (guint i = 0; i < 3; i++)
            d[i] = g_rand_double_range (rand, -2.5, 2.5);
        while (d[0] * d[0] + d[1] * d[1] + d[2] * d[2] > 6.25);
        needle->x[at] = needle->blob[b][0] + d[0];
        needle->y[at] = needle->blob[b][1] + d[1];
        needle->z[at] = needle->blob[b][2] + d[2];
      }
  return needle;
}

/* The image of the needle: its density projected along z, placed by @reg, with Gaussian noise of
 * 5 % of the brightest pixel. */
static float *
render_image (const Needle          *needle,
              const IscRegistration *reg)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(IscProjectedMap) map = isc_projected_map_new (needle->x, needle->y, needle->z,
                                                          needle->n, NULL, NULL, ISC_MAP_DENSITY,
                                                          NULL, 0.25, 0.8, NULL);
  float *pixels = isc_projected_map_resample (map, reg, IMAGE_SIZE, IMAGE_SIZE);
  double peak = 0;

  for (gsize i = 0; i < IMAGE_SIZE * IMAGE_SIZE; i++)
    {
      if (!isfinite (pixels[i]))
        pixels[i] = 0;
      peak = MAX (peak, pixels[i]);
    }
  for (gsize i = 0; i < IMAGE_SIZE * IMAGE_SIZE; i++)
    {
      /* Box–Muller */
      double u1 = g_rand_double_range (rand, 1e-12, 1), u2 = g_rand_double (rand);

      pixels[i] += 0.05 * peak * sqrt (-2 * log (u1)) * cos (2 * G_PI * u2);
    }
  return pixels;
}

static double
gaussian (GRand *rand)
{
  double u1 = g_rand_double_range (rand, 1e-12, 1), u2 = g_rand_double (rand);

  return sqrt (-2 * log (u1)) * cos (2 * G_PI * u2);
}

static double
angle_difference (double a,
                  double b)
{
  return remainder (a - b, 360.0);
}

static void
make_landmarks (const Needle          *needle,
                const IscRegistration *truth,
                double                 noise_px,
                IscLandmark           *landmarks)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);

  for (guint b = 0; b < N_BLOBS; b++)
    {
      memcpy (landmarks[b].apt_nm, needle->blob[b], sizeof landmarks[b].apt_nm);
      isc_registration_apply (truth, needle->blob[b], landmarks[b].image_px);
      landmarks[b].image_px[0] += noise_px * gaussian (rand);
      landmarks[b].image_px[1] += noise_px * gaussian (rand);
    }
}

static void
test_fit_recovers_transform (void)
{
  g_autoptr(Needle) needle = make_needle ();
  IscRegistration truth, fit;
  IscLandmark landmarks[N_BLOBS];
  double residuals[N_BLOBS], rms, expected;
  const double noise_px = 0.5;

  isc_registration_init (&truth, NULL, PIXEL_NM, TRUE_ROT, TRUE_SCALE, TRUE_TX, TRUE_TY);
  g_assert_cmpfloat_with_epsilon (truth.scale, TRUE_SCALE, 1e-12);

  /* Without noise the fit is exact. */
  make_landmarks (needle, &truth, 0, landmarks);
  g_assert_true (isc_registration_fit (landmarks, N_BLOBS, ISC_REGISTRATION_SIMILARITY, NULL,
                                       PIXEL_NM, &fit, residuals, &rms, NULL));
  g_assert_cmpfloat_with_epsilon (fit.rotation_deg, TRUE_ROT, 1e-9);
  g_assert_cmpfloat_with_epsilon (fit.scale, TRUE_SCALE, 1e-9);
  g_assert_cmpfloat (rms, <, 1e-9);

  make_landmarks (needle, &truth, noise_px, landmarks);
  g_assert_true (isc_registration_fit (landmarks, N_BLOBS, ISC_REGISTRATION_SIMILARITY, NULL,
                                       PIXEL_NM, &fit, residuals, &rms, NULL));
  g_test_message ("fit: %.3f°, scale %.4f, t (%.2f, %.2f) px, rms %.3f nm", fit.rotation_deg,
                  fit.scale, fit.translation_px[0], fit.translation_px[1], rms);
  g_assert_cmpfloat (fabs (angle_difference (fit.rotation_deg, TRUE_ROT)), <, 0.5);
  g_assert_cmpfloat (fabs (fit.scale / TRUE_SCALE - 1), <, 0.005);
  g_assert_cmpfloat (fabs (fit.translation_px[0] - TRUE_TX), <, 1.0);
  g_assert_cmpfloat (fabs (fit.translation_px[1] - TRUE_TY), <, 1.0);

  /* The residuals are the noise: 2n coordinates less 4 parameters, σ per coordinate. */
  expected = noise_px * PIXEL_NM * sqrt (2.0 * (2 * N_BLOBS - 4) / (2 * N_BLOBS));
  g_assert_cmpfloat (rms, >, 0.6 * expected);
  g_assert_cmpfloat (rms, <, 1.5 * expected);
  for (guint i = 0; i < N_BLOBS; i++)
    g_assert_cmpfloat (residuals[i], <, 5 * noise_px * PIXEL_NM);

  /* The residual of a landmark clicked 10 px off stands out. */
  landmarks[4].image_px[0] += 10;
  g_assert_true (isc_registration_fit (landmarks, N_BLOBS, ISC_REGISTRATION_SIMILARITY, NULL,
                                       PIXEL_NM, &fit, residuals, &rms, NULL));
  for (guint i = 0; i < N_BLOBS; i++)
    if (i != 4)
      g_assert_cmpfloat (residuals[i], <, residuals[4]);
  g_assert_cmpfloat (residuals[4], >, 5 * PIXEL_NM);
}

/* A calibration mistake of the image shows up as a scale ≠ 1. */
static void
test_scale_reports_calibration (void)
{
  g_autoptr(Needle) needle = make_needle ();
  IscRegistration truth, fit;
  IscLandmark landmarks[N_BLOBS];

  isc_registration_init (&truth, NULL, PIXEL_NM, -40, 1.0, 100, 120);
  make_landmarks (needle, &truth, 0, landmarks);
  g_assert_true (isc_registration_fit (landmarks, N_BLOBS, ISC_REGISTRATION_SIMILARITY, NULL,
                                       PIXEL_NM, &fit, NULL, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (fit.scale, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (fit.rotation_deg, -40, 1e-9);
  /* The same pixels read with a pixel size 10 % too large. */
  g_assert_true (isc_registration_fit (landmarks, N_BLOBS, ISC_REGISTRATION_SIMILARITY, NULL,
                                       PIXEL_NM * 1.1, &fit, NULL, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (fit.scale, 1.1, 1e-9);
}

static void
test_affine_fit (void)
{
  g_autoptr(Needle) needle = make_needle ();
  IscRegistration truth, fit;
  IscLandmark landmarks[N_BLOBS];
  double rms;

  isc_registration_init (&truth, NULL, PIXEL_NM, 10, 1.0, 100, 120);
  truth.kind = ISC_REGISTRATION_AFFINE;
  truth.matrix[1] += 0.3;   /* a shear no similarity can follow */
  make_landmarks (needle, &truth, 0, landmarks);
  g_assert_true (isc_registration_fit (landmarks, N_BLOBS, ISC_REGISTRATION_SIMILARITY, NULL,
                                       PIXEL_NM, &fit, NULL, &rms, NULL));
  g_assert_cmpfloat (rms, >, 0.5);
  g_assert_true (isc_registration_fit (landmarks, N_BLOBS, ISC_REGISTRATION_AFFINE, NULL,
                                       PIXEL_NM, &fit, NULL, &rms, NULL));
  g_assert_cmpfloat (rms, <, 1e-9);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat_with_epsilon (fit.matrix[i], truth.matrix[i], 1e-9);
}

static void
test_refine_converges (void)
{
  g_autoptr(Needle) needle = make_needle ();
  g_autoptr(IscProjectedMap) map = NULL;
  g_autofree float *image = NULL;
  g_autoptr(GError) error = NULL;
  IscRegistration truth, start, refined;
  double ncc_true, ncc_start, ncc = 0;

  isc_registration_init (&truth, NULL, PIXEL_NM, TRUE_ROT, TRUE_SCALE, TRUE_TX, TRUE_TY);
  image = render_image (needle, &truth);
  /* Bins of about an image pixel, blurred as the image is: a map blurred more than the image
   * would pull the scale a little down (its disc looks wider). */
  map = isc_projected_map_new (needle->x, needle->y, needle->z, needle->n, NULL, NULL,
                               ISC_MAP_DENSITY, NULL, PIXEL_NM, 0.8, &error);
  g_assert_no_error (error);

  /* A start as a rough landmark fit leaves it: 2°, 2 %, a few pixels off. */
  isc_registration_init (&start, NULL, PIXEL_NM, TRUE_ROT + 2, TRUE_SCALE * 1.02,
                         TRUE_TX + 3, TRUE_TY - 2);
  ncc_true = isc_registration_ncc (&truth, map, image, IMAGE_SIZE, IMAGE_SIZE);
  ncc_start = isc_registration_ncc (&start, map, image, IMAGE_SIZE, IMAGE_SIZE);
  g_assert_cmpfloat (ncc_start, <, ncc_true);

  refined = start;
  g_assert_true (isc_registration_refine (&refined, map, image, IMAGE_SIZE, IMAGE_SIZE, &ncc,
                                          &error));
  g_assert_no_error (error);
  g_test_message ("refined: %.3f°, scale %.4f, t (%.2f, %.2f) px, ncc %.4f (start %.4f, "
                  "truth %.4f)", refined.rotation_deg, refined.scale, refined.translation_px[0],
                  refined.translation_px[1], ncc, ncc_start, ncc_true);
  g_assert_cmpfloat (fabs (angle_difference (refined.rotation_deg, TRUE_ROT)), <, 0.5);
  g_assert_cmpfloat (fabs (refined.scale / TRUE_SCALE - 1), <, 0.005);
  g_assert_cmpfloat (fabs (refined.translation_px[0] - TRUE_TX), <, 1.0);
  g_assert_cmpfloat (fabs (refined.translation_px[1] - TRUE_TY), <, 1.0);
  g_assert_cmpfloat (ncc, >=, ncc_true - 0.01);
}

/* From the points, with the map's blur matched to the image: the image is blurred more than
 * one pixel here, and a sharp map would pull the scale. */
static void
test_refine_points (void)
{
  g_autoptr(Needle) needle = make_needle ();
  g_autofree float *image = NULL;
  g_autoptr(GError) error = NULL;
  IscRegistration truth, refined;
  double ncc = 0;

  isc_registration_init (&truth, NULL, PIXEL_NM, TRUE_ROT, TRUE_SCALE, TRUE_TX, TRUE_TY);
  image = render_image (needle, &truth);
  isc_registration_init (&refined, NULL, PIXEL_NM, TRUE_ROT - 2, TRUE_SCALE * 0.98,
                         TRUE_TX - 2, TRUE_TY + 3);
  g_assert_true (isc_registration_refine_points (&refined, needle->x, needle->y, needle->z,
                                                 needle->n, NULL, NULL, image, IMAGE_SIZE,
                                                 IMAGE_SIZE, &ncc, &error));
  g_assert_no_error (error);
  g_test_message ("refined from points: %.3f°, scale %.4f, t (%.2f, %.2f) px, ncc %.4f",
                  refined.rotation_deg, refined.scale, refined.translation_px[0],
                  refined.translation_px[1], ncc);
  g_assert_cmpfloat (fabs (angle_difference (refined.rotation_deg, TRUE_ROT)), <, 0.5);
  g_assert_cmpfloat (fabs (refined.scale / TRUE_SCALE - 1), <, 0.005);
  g_assert_cmpfloat (fabs (refined.translation_px[0] - TRUE_TX), <, 1.0);
  g_assert_cmpfloat (fabs (refined.translation_px[1] - TRUE_TY), <, 1.0);
}

/* An image of something else: the best correlation is chance, and refinement says so. */
static void
test_refine_refuses_wrong_image (void)
{
  g_autoptr(Needle) needle = make_needle ();
  g_autofree float *image = g_new (float, IMAGE_SIZE * IMAGE_SIZE);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GError) error = NULL;
  IscRegistration reg, start;

  for (gsize i = 0; i < IMAGE_SIZE * IMAGE_SIZE; i++)
    image[i] = g_rand_double (rand);
  isc_registration_init (&reg, NULL, PIXEL_NM, TRUE_ROT, TRUE_SCALE, TRUE_TX, TRUE_TY);
  start = reg;
  g_assert_false (isc_registration_refine_points (&reg, needle->x, needle->y, needle->z,
                                                  needle->n, NULL, NULL, image, IMAGE_SIZE,
                                                  IMAGE_SIZE, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID);
  g_assert_true (memcmp (&reg, &start, sizeof reg) == 0);
}

static void
test_refine_refuses_off_image (void)
{
  g_autoptr(Needle) needle = make_needle ();
  g_autoptr(IscProjectedMap) map = isc_projected_map_new (needle->x, needle->y, needle->z,
                                                          needle->n, NULL, NULL, ISC_MAP_DENSITY,
                                                          NULL, 0.5, 1.0, NULL);
  g_autofree float *image = g_new0 (float, IMAGE_SIZE * IMAGE_SIZE);
  g_autoptr(GError) error = NULL;
  IscRegistration reg;

  isc_registration_init (&reg, NULL, PIXEL_NM, 0, 1, -5000, -5000);
  g_assert_false (isc_registration_refine (&reg, map, image, IMAGE_SIZE, IMAGE_SIZE, NULL,
                                           &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "quarter"));
  g_assert_cmpfloat (reg.translation_px[0], ==, -5000);
}

static void
test_degenerate (void)
{
  IscLandmark two[2] = { { { 0, 0, 0 }, { 10, 10 } }, { { 5, 0, 1 }, { 20, 10 } } };
  IscLandmark line[4] = {
    { { 0, 0, 0 }, { 10, 10 } }, { { 5, 5, 3 }, { 20, 20 } },
    { { 10, 10, 9 }, { 30, 30 } }, { { 20, 20.05, 2 }, { 50, 50 } },
  };
  /* Distinct in 3D, one point once projected along z. */
  IscLandmark stacked[3] = {
    { { 1, 2, 0 }, { 10, 10 } }, { { 1, 2, 10 }, { 20, 20 } }, { { 1, 2, 20 }, { 30, 10 } },
  };
  IscLandmark good[3] = {
    { { 0, 0, 0 }, { 10, 10 } }, { { 10, 0, 0 }, { 20, 10 } }, { { 0, 10, 0 }, { 10, 20 } },
  };
  IscLandmark image_point[3] = {
    { { 0, 0, 0 }, { 10, 10 } }, { { 10, 0, 0 }, { 10, 10 } }, { { 0, 10, 0 }, { 10, 10 } },
  };
  IscRegistration reg, untouched;
  g_autoptr(IscImage) image = isc_image_new (16, 16, 1, ISC_IMAGE_DTYPE_F32, NULL);
  GError *error = NULL;

  isc_registration_init (&reg, NULL, 1, 0, 1, 0, 0);
  untouched = reg;

  g_assert_false (isc_registration_fit (two, 2, ISC_REGISTRATION_SIMILARITY, NULL, 1, &reg, NULL,
                                        NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "at least 3"));
  g_clear_error (&error);

  g_assert_false (isc_registration_fit (line, 4, ISC_REGISTRATION_SIMILARITY, NULL, 1, &reg, NULL,
                                        NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "one line"));
  g_clear_error (&error);

  g_assert_false (isc_registration_fit (stacked, 3, ISC_REGISTRATION_AFFINE, NULL, 1, &reg, NULL,
                                        NULL, &error));
  g_assert_nonnull (strstr (error->message, "coincide"));
  g_clear_error (&error);

  g_assert_false (isc_registration_fit (image_point, 3, ISC_REGISTRATION_SIMILARITY, NULL, 1,
                                        &reg, NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "image landmarks"));
  g_clear_error (&error);

  g_assert_false (isc_registration_fit (good, 3, ISC_REGISTRATION_SIMILARITY, NULL, NAN, &reg,
                                        NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "calibration"));
  g_clear_error (&error);
  g_assert_true (memcmp (&reg, &untouched, sizeof reg) == 0);

  /* An image as a plain TIFF without calibration has no pixel size. */
  g_assert_true (isnan (isc_registration_pixel_size (image, &error)));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "calibrat"));
  g_clear_error (&error);
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, 0.5, "Å", NULL);
  g_assert_cmpfloat_with_epsilon (isc_registration_pixel_size (image, NULL), 0.05, 1e-12);

  g_assert_true (isc_registration_fit (good, 3, ISC_REGISTRATION_SIMILARITY, NULL, 1, &reg, NULL,
                                       NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (reg.scale, 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (reg.rotation_deg, 0, 1e-12);
}

static void
test_view (void)
{
  double view[3], uv[2];
  double p[3] = { 1, 2, 3 };
  GError *error = NULL;

  isc_registration_project (NULL, p, uv);
  g_assert_cmpfloat (uv[0], ==, 1);
  g_assert_cmpfloat (uv[1], ==, 2);
  g_assert_true (isc_registration_parse_view ("0,0,2", view, NULL));
  g_assert_cmpfloat (view[2], ==, 1);
  g_assert_true (isc_registration_parse_view ("x", view, NULL));
  isc_registration_project (view, p, uv);
  /* Looking along x the plane holds y and z (turned by the shortest rotation). */
  g_assert_cmpfloat_with_epsilon (fabs (uv[1]), 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (fabs (uv[0]), 3, 1e-12);
  g_assert_false (isc_registration_parse_view ("0,0,0", view, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (isc_registration_parse_view ("w", view, &error));
  g_clear_error (&error);
}

/* A composition map is the fraction of the ranged ions that are selected. */
static void
test_composition_map (void)
{
  float x[4] = { 0, 0, 10, 10 }, y[4] = { 0, 0, 0, 0 }, z[4] = { 0, 5, 0, 5 };
  guint8 type[4] = { 0, 1, 1, 255 };
  gboolean selected[256] = { FALSE };
  g_autoptr(IscProjectedMap) map = NULL;
  double at0[2] = { 0, 0 }, at10[2] = { 10, 0 };

  selected[0] = TRUE;
  map = isc_projected_map_new (x, y, z, 4, type, selected, ISC_MAP_FRACTION, NULL, 1.0, 0,
                               NULL);
  g_assert_nonnull (map);
  g_assert_cmpfloat_with_epsilon (isc_projected_map_sample (map, at0), 0.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (isc_projected_map_sample (map, at10), 0.0, 1e-6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/registration/fit", test_fit_recovers_transform);
  g_test_add_func ("/registration/scale-calibration", test_scale_reports_calibration);
  g_test_add_func ("/registration/affine", test_affine_fit);
  g_test_add_func ("/registration/refine", test_refine_converges);
  g_test_add_func ("/registration/refine-points", test_refine_points);
  g_test_add_func ("/registration/refine-wrong-image", test_refine_refuses_wrong_image);
  g_test_add_func ("/registration/refine-off-image", test_refine_refuses_off_image);
  g_test_add_func ("/registration/degenerate", test_degenerate);
  g_test_add_func ("/registration/view", test_view);
  g_test_add_func ("/registration/composition-map", test_composition_map);
  return g_test_run ();
}
