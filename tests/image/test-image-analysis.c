/* test-image-analysis.c: line profiles, FFT d-spacings and the calibrated TIFF round trip.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "fft.h"
#include "image.h"
#include "line-profile.h"
#include "test-util.h"

/* Cosine fringes of @period_nm whose wave vector points at @angle_deg (counter-clockwise from
 * +x, y up), on a @n × @n image of @scale_nm pixels. */
static IscImage *
make_fringes (guint  n,
              double scale_nm,
              double period_nm,
              double angle_deg)
{
  IscImage *image = isc_image_new (n, n, 1, ISC_IMAGE_DTYPE_F32, NULL);
  double a = angle_deg * G_PI / 180.0;

  for (guint y = 0; y < n; y++)
    for (guint x = 0; x < n; x++)
      {
        /* physical position with y pointing up */
        double px = x * scale_nm, py = -(double) y * scale_nm;
        image->pixels[y * n + x] = 1000 + 400 * cos (2 * G_PI * (px * cos (a) + py * sin (a)) / period_nm);
      }
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, scale_nm, "nm", "x");
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0, scale_nm, "nm", "y");
  return image;
}

static void
test_profile_fringes (void)
{
  g_autoptr(IscImage) image = make_fringes (256, 0.02, 0.47, 0);
  g_autoptr(IscImage) tilted = make_fringes (256, 0.02, 0.47, 30);
  g_autoptr(IscLineProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  double spacing = 0;
  guint n_peaks = 0;

  profile = isc_line_profile_compute (image, 0, 10, 128, 245, 128, 5, &error);
  g_assert_no_error (error);
  /* ceil(235) + 1 samples, one pixel (0.02 nm) apart */
  g_assert_cmpuint (profile->n, ==, 236);
  g_assert_cmpfloat_with_epsilon (profile->step, 0.02, 1e-12);
  g_assert_cmpfloat_with_epsilon (profile->distance[profile->n - 1], 235 * 0.02, 1e-9);
  g_assert_cmpstr (profile->unit, ==, "nm");
  g_assert_cmpfloat_with_epsilon (profile->width, 5 * 0.02, 1e-12);
  g_assert_true (isc_line_profile_peak_spacing (profile, &spacing, &n_peaks));
  /* 4.7 nm / 0.47 nm: 10 fringes in the line */
  g_assert_cmpuint (n_peaks, >=, 9);
  g_assert_cmpfloat_with_epsilon (spacing, 0.47, 0.005);
  g_clear_pointer (&profile, isc_line_profile_free);

  /* along the tilted wave vector (30° up to the right), across a 9-px band */
  profile = isc_line_profile_compute (tilted, 0, 40, 200, 40 + 180 * cos (G_PI / 6), 200 - 180 * sin (G_PI / 6), 9, &error);
  g_assert_no_error (error);
  g_assert_true (isc_line_profile_peak_spacing (profile, &spacing, &n_peaks));
  g_assert_cmpfloat_with_epsilon (spacing, 0.47, 0.005);
}

static void
test_fft_fringes (void)
{
  const double angles[] = { 0, 30, 90, 135 };

  for (guint i = 0; i < G_N_ELEMENTS (angles); i++)
    {
      g_autoptr(IscImage) image = make_fringes (256, 0.02, 0.47, angles[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(IscFft) fft = isc_fft_compute (image, 0, NULL, &error);
      g_autoptr(GArray) peaks = NULL;
      const IscFftPeak *p;

      g_assert_no_error (error);
      g_assert_cmpstr (fft->unit, ==, "1/nm");
      g_assert_cmpfloat_with_epsilon (fft->freq_step_x, 1.0 / (256 * 0.02), 1e-12);
      peaks = isc_fft_find_peaks (fft, 5, 0, 0);
      g_assert_cmpuint (peaks->len, >=, 1);
      p = &g_array_index (peaks, IscFftPeak, 0);
      g_assert_cmpfloat_with_epsilon (p->d, 0.47, 0.47 * 0.02);
      /* directions are defined modulo 180° (k and -k are the same fringes) */
      g_assert_cmpfloat (fabs (remainder (p->angle_deg - angles[i], 180.0)), <, 2.0);
      /* strongest first */
      for (guint k = 1; k < peaks->len; k++)
        g_assert_cmpfloat (g_array_index (peaks, IscFftPeak, k).magnitude, <=, g_array_index (peaks, IscFftPeak, k - 1).magnitude);
    }
}

static void
test_fft_click (void)
{
  g_autoptr(IscImage) image = make_fringes (128, 0.05, 1.0, 0);
  g_autoptr(IscFft) fft = isc_fft_compute (image, 0, NULL, NULL);
  double angle = -1;

  /* 10 FFT pixels right of the centre: k = 10 / (128 × 0.05 nm) → d = 0.64 nm along x */
  g_assert_cmpfloat_with_epsilon (isc_fft_d_spacing_at (fft, 64 + 10, 64, &angle), 0.64, 1e-12);
  g_assert_cmpfloat_with_epsilon (angle, 0, 1e-9);
  /* 8 up, 6 right: |k| = 10 px, angle atan2(8, 6) */
  g_assert_cmpfloat_with_epsilon (isc_fft_d_spacing_at (fft, 64 + 6, 64 - 8, &angle), 0.64, 1e-12);
  g_assert_cmpfloat_with_epsilon (angle, atan2 (8, 6) * 180 / G_PI, 1e-9);
  g_assert_true (isinf (isc_fft_d_spacing_at (fft, 64, 64, NULL)));
}

static void
test_bad_arguments (void)
{
  g_autoptr(IscImage) image = make_fringes (16, 0.1, 1.0, 0);
  g_autoptr(IscImage) tiny = isc_image_new (2, 2, 1, ISC_IMAGE_DTYPE_U8, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (isc_line_profile_compute (image, 0, 3, 3, 3, 3, 1, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (isc_line_profile_compute (image, 0, 0, 0, 5, 5, 0, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (isc_line_profile_compute (image, 1, 0, 0, 5, 5, 1, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (isc_fft_compute (tiny, 0, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
}

/* REFERENCE.txt: hyperspy Line2DROI on 16_STOimage (rows in display order). */
static void
test_profile_reference (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("stem/ncempy/16_STOimage.emi");
  g_autoptr(IscImage) image = NULL;
  const struct { double x1, y1, w; guint n; double first[5], mean, min, max; } cases[] = {
    { 300, 100, 1, 201, { 17536, 17955, 17709, 17948, 18145 }, 18486.194, 16778, 21274 },
    { 300, 100, 5, 201, { 17482.6, 17622.6, 17649.8, 17909.6, 18021.0 }, 18516.120, 17267.2, 20787.2 },
  };

  if (path == NULL)
    return;
  image = isc_image_load (path, 0, NULL, NULL, NULL, NULL);
  g_assert_nonnull (image);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(IscLineProfile) profile = isc_line_profile_compute (image, 0, 100, 100, cases[c].x1, cases[c].y1, cases[c].w, NULL);
      double sum = 0, lo = INFINITY, hi = -INFINITY;

      g_assert_cmpuint (profile->n, ==, cases[c].n);
      for (guint i = 0; i < 5; i++)
        g_assert_cmpfloat_with_epsilon (profile->intensity[i], cases[c].first[i], 0.06);
      for (guint i = 0; i < profile->n; i++)
        {
          sum += profile->intensity[i];
          lo = MIN (lo, profile->intensity[i]);
          hi = MAX (hi, profile->intensity[i]);
        }
      g_assert_cmpfloat_with_epsilon (sum / profile->n, cases[c].mean, 0.001);
      g_assert_cmpfloat_with_epsilon (lo, cases[c].min, 0.06);
      g_assert_cmpfloat_with_epsilon (hi, cases[c].max, 0.06);
      /* 200 px × 0.0100127042 nm, sampled every pixel */
      g_assert_cmpfloat_with_epsilon (profile->distance[profile->n - 1], 200 * 0.0100127042, 1e-8);
    }

  /* The diagonal case: hyperspy 1.7.3 sampled it with nearest-neighbour (its values for this
   * line are those of rounded coordinates), so the reference is recomputed here by hand with
   * bilinear interpolation at the same 5 × 284 sample points. */
  {
    g_autoptr(IscLineProfile) profile = isc_line_profile_compute (image, 0, 100, 100, 300, 300, 5, NULL);
    const float *p = image->pixels;

    g_assert_cmpuint (profile->n, ==, 284);
    for (guint i = 0; i < 3; i++)
      {
        double t = i / 283.0, cx = 100 + 200 * t, cy = cx, sum = 0;

        for (int k = -2; k <= 2; k++)
          {
            double x = cx - k * M_SQRT1_2, y = cy + k * M_SQRT1_2;
            int ix = (int) floor (x), iy = (int) floor (y);
            double fx = x - ix, fy = y - iy;

            sum += (1 - fy) * ((1 - fx) * p[iy * 1024 + ix] + fx * p[iy * 1024 + ix + 1])
                   + fy * ((1 - fx) * p[(iy + 1) * 1024 + ix] + fx * p[(iy + 1) * 1024 + ix + 1]);
          }
        g_assert_cmpfloat_with_epsilon (profile->intensity[i], sum / 5, 1e-6 * sum);
      }
  }
}

/* Does any of @peaks have d within @tol (relative) of @d? */
static gboolean
has_spacing (GArray *peaks,
             double  d,
             double  tol)
{
  for (guint i = 0; i < peaks->len; i++)
    if (fabs (g_array_index (peaks, IscFftPeak, i).d - d) <= tol * d)
      return TRUE;
  return FALSE;
}

static void
test_fft_srtio3 (void)
{
  g_autofree char *ser = isc_test_fixture_or_skip ("stem/ncempy/16_STOimage.emi");
  g_autofree char *emd = isc_test_fixture_or_skip ("stem/ncempy/Acquisition_18.emd");
  g_autoptr(IscImage) image = NULL;
  g_autoptr(IscFft) fft = NULL;
  g_autoptr(GArray) peaks = NULL;
  double a100 = NAN, b100 = NAN;

  if (ser == NULL || emd == NULL)
    return;
  image = isc_image_load (ser, 0, NULL, NULL, NULL, NULL);
  fft = isc_fft_compute (image, 0, NULL, NULL);
  peaks = isc_fft_find_peaks (fft, 6, 0, 0);
  /* SrTiO3 a = 0.3905 nm: two {100} spots about 90° apart, and the {110} family (0.276) */
  for (guint i = 0; i < peaks->len; i++)
    {
      const IscFftPeak *p = &g_array_index (peaks, IscFftPeak, i);

      g_test_message ("16_STOimage peak d = %.4f nm at %.1f°", p->d, p->angle_deg);
      if (fabs (p->d - 0.3905) < 0.02)
        {
          if (isnan (a100))
            a100 = p->angle_deg;
          else
            b100 = p->angle_deg;
        }
    }
  g_assert_false (isnan (a100) || isnan (b100));
  g_assert_cmpfloat_with_epsilon (fabs (remainder (a100 - b100, 180.0)), 90, 3);
  g_assert_true (has_spacing (peaks, 0.2761, 0.06));
  g_clear_pointer (&peaks, g_array_unref);
  g_clear_pointer (&fft, isc_fft_free);
  g_clear_pointer (&image, isc_image_free);

  /* REFERENCE.txt's integer-pixel maxima of Acquisition_18: 0.292, 0.283, 0.2065 nm (±4 %) */
  image = isc_image_load (emd, 0, NULL, NULL, NULL, NULL);
  fft = isc_fft_compute (image, 0, NULL, NULL);
  peaks = isc_fft_find_peaks (fft, 6, 0, 0);
  g_assert_true (has_spacing (peaks, 0.292, 0.04));
  g_assert_true (has_spacing (peaks, 0.283, 0.04));
  g_assert_true (has_spacing (peaks, 0.2065, 0.04));
}

static void
test_tiff_round_trip (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "calibrated.tif", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = isc_image_new (7, 5, 3, ISC_IMAGE_DTYPE_F32, &error);
  g_autoptr(IscImage) back = NULL;

  for (guint i = 0; i < 7 * 5 * 3; i++)
    image->pixels[i] = 0.5f * i - 3.25f;
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, -0.123, 0.0123, "nm", "x");
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0.5, 24.6, "pm", "y");
  isc_image_set_axis (image, ISC_IMAGE_AXIS_FRAME, 0, 0.25, "nm", "z");
  g_assert_true (isc_image_write_tiff (image, path, &error));
  g_assert_no_error (error);

  back = isc_image_load (path, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->width, ==, 7);
  g_assert_cmpuint (back->height, ==, 5);
  g_assert_cmpuint (back->frames, ==, 3);
  g_assert_cmpstr (isc_image_dtype_name (back->dtype), ==, "float32");
  g_assert_cmpmem (back->pixels, 7 * 5 * 3 * sizeof (float), image->pixels, 7 * 5 * 3 * sizeof (float));
  g_assert_cmpstr (back->axis[ISC_IMAGE_AXIS_X].unit, ==, "nm");
  g_assert_cmpfloat_with_epsilon (back->axis[ISC_IMAGE_AXIS_X].scale, 0.0123, 0.0123 * 1e-6);
  g_assert_cmpfloat_with_epsilon (back->axis[ISC_IMAGE_AXIS_Y].scale, 0.0246, 0.0246 * 1e-6);
  g_assert_cmpfloat_with_epsilon (back->axis[ISC_IMAGE_AXIS_X].origin, -0.123, 1e-6);
  g_assert_cmpfloat_with_epsilon (back->axis[ISC_IMAGE_AXIS_Y].origin, 0.0005, 1e-9);
  g_assert_cmpfloat_with_epsilon (back->axis[ISC_IMAGE_AXIS_FRAME].scale, 0.25, 1e-9);

  /* 16-bit stays 16-bit */
  {
    g_autoptr(IscImage) u16 = isc_image_new (4, 4, 1, ISC_IMAGE_DTYPE_U16, NULL);
    g_autoptr(IscImage) u16_back = NULL;

    for (guint i = 0; i < 16; i++)
      u16->pixels[i] = 4000 * i;
    g_assert_true (isc_image_write_tiff (u16, path, NULL));
    u16_back = isc_image_load (path, 0, NULL, NULL, NULL, NULL);
    g_assert_cmpstr (isc_image_dtype_name (u16_back->dtype), ==, "uint16");
    g_assert_cmpfloat (u16_back->pixels[15], ==, 60000);
    g_assert_cmpstr (u16_back->axis[ISC_IMAGE_AXIS_X].unit, ==, "");
  }
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  IscImage **out = user_data;
  g_autoptr(GError) error = NULL;

  (void) source;
  *out = isc_image_load_finish (result, &error);
  g_assert_no_error (error);
}

/* The GTask wrapper gives the same image as the synchronous loader. */
static void
test_load_async (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "async.tif", NULL);
  g_autoptr(IscImage) image = make_fringes (32, 0.1, 1.0, 0);
  g_autoptr(IscImage) loaded = NULL;

  g_assert_true (isc_image_write_tiff (image, path, NULL));
  isc_image_load_async (path, 0, NULL, on_loaded, &loaded);
  while (loaded == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpmem (loaded->pixels, 32 * 32 * sizeof (float), image->pixels, 32 * 32 * sizeof (float));
  g_assert_cmpfloat_with_epsilon (loaded->axis[ISC_IMAGE_AXIS_X].scale, 0.1, 1e-9);
}

static void
test_units (void)
{
  const struct { const char *unit; double factor; const char *nm; } cases[] = {
    { "m", 1e9, "nm" }, { "µm", 1e3, "nm" }, { "micron", 1e3, "nm" }, { "A", 0.1, "nm" }, { "Å", 0.1, "nm" },
    { "pm", 1e-3, "nm" }, { "n_m", 1, "nm" }, { "[n_m]", 1, "nm" }, { "1/m", 1e-9, "1/nm" }, { "1/Å", 10, "1/nm" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double f = 0;
      const char *u = NULL;

      g_assert_true (isc_unit_to_nm (cases[i].unit, &f, &u));
      g_assert_cmpfloat_with_epsilon (f, cases[i].factor, cases[i].factor * 1e-12);
      g_assert_cmpstr (u, ==, cases[i].nm);
    }
  g_assert_false (isc_unit_to_nm ("eV", &(double){ 0 }, NULL));
  g_assert_false (isc_unit_to_nm ("", &(double){ 0 }, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/image/analysis/profile-fringes", test_profile_fringes);
  g_test_add_func ("/image/analysis/fft-fringes", test_fft_fringes);
  g_test_add_func ("/image/analysis/fft-click", test_fft_click);
  g_test_add_func ("/image/analysis/bad-arguments", test_bad_arguments);
  g_test_add_func ("/image/analysis/profile-reference", test_profile_reference);
  g_test_add_func ("/image/analysis/fft-srtio3", test_fft_srtio3);
  g_test_add_func ("/image/analysis/tiff-round-trip", test_tiff_round_trip);
  g_test_add_func ("/image/analysis/units", test_units);
  g_test_add_func ("/image/analysis/load-async", test_load_async);
  return g_test_run ();
}
