/* fft.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fftw3.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "fft.h"

/* FFTW's planner is not thread-safe. */
G_LOCK_DEFINE_STATIC (fftw_planner);

IscFft *
isc_fft_compute (const IscImage *image,
                 guint           frame,
                 GCancellable   *cancellable,
                 GError        **error)
{
  guint w, h, hw;
  const float *src;
  float *in;
  fftwf_complex *out;
  fftwf_plan plan;
  g_autofree double *win_x = NULL;
  g_autofree double *win_y = NULL;
  double mean = 0;
  IscFft *fft;
  gboolean calibrated;

  g_return_val_if_fail (image != NULL, NULL);
  if (frame >= image->frames)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT, _ ("frame %u does not exist (the image has %u)"), frame, image->frames);
      return NULL;
    }
  w = image->width;
  h = image->height;
  if (w < 4 || h < 4)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT, _ ("an FFT needs at least 4 × 4 pixels (the image is %u × %u)"), w, h);
      return NULL;
    }
  hw = w / 2 + 1;
  src = isc_image_frame_const (image, frame);

  in = fftwf_alloc_real ((gsize) w * h);
  out = fftwf_alloc_complex ((gsize) h * hw);
  if (in == NULL || out == NULL)
    {
      fftwf_free (in);
      fftwf_free (out);
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_IO, _ ("not enough memory for the FFT of %u × %u"), w, h);
      return NULL;
    }
  G_LOCK (fftw_planner);
  plan = fftwf_plan_dft_r2c_2d (h, w, in, out, FFTW_ESTIMATE);
  G_UNLOCK (fftw_planner);

  {
    gsize count = 0;
    for (gsize i = 0; i < (gsize) w * h; i++)
      if (isfinite (src[i]))
        {
          mean += src[i];
          count++;
        }
    mean = count ? mean / count : 0;
  }
  win_x = g_new (double, w);
  win_y = g_new (double, h);
  for (guint x = 0; x < w; x++)
    win_x[x] = 0.5 - 0.5 * cos (2 * G_PI * x / (w - 1));
  for (guint y = 0; y < h; y++)
    win_y[y] = 0.5 - 0.5 * cos (2 * G_PI * y / (h - 1));
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        float v = src[(gsize) y * w + x];
        in[(gsize) y * w + x] = isfinite (v) ? (v - mean) * win_x[x] * win_y[y] : 0.0f;
      }
  fftwf_execute (plan);
  G_LOCK (fftw_planner);
  fftwf_destroy_plan (plan);
  G_UNLOCK (fftw_planner);
  fftwf_free (in);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      fftwf_free (out);
      return NULL;
    }

  fft = g_new0 (IscFft, 1);
  fft->width = w;
  fft->height = h;
  fft->magnitude = g_new (float, (gsize) w * h);
  /* Centred: output pixel (X, Y) holds frequency (kx, ky) = (X − w/2, Y − h/2). The r2c
   * transform stores only kx ≥ 0; kx < 0 follows from Hermitian symmetry F(−k) = conj F(k),
   * so those pixels read row −ky at column −kx. Rows are resolved once, not per pixel: this
   * loop ran 2.5× as long as the transform itself with a modulo, hypotf and log1pf per pixel. */
  for (guint Y = 0; Y < h; Y++)
    {
      int ky = (int) Y - (int) (h / 2);
      const fftwf_complex *row_pos = out + (gsize) (((ky % (int) h) + (int) h) % (int) h) * hw;
      const fftwf_complex *row_neg = out + (gsize) (((-ky % (int) h) + (int) h) % (int) h) * hw;
      float *dst = fft->magnitude + (gsize) Y * w;
      guint X = 0;

      for (; X < w / 2; X++)
        {
          guint ux = MIN (w / 2 - X, hw - 1);
          float re = row_neg[ux][0], im = row_neg[ux][1];

          dst[X] = sqrtf (re * re + im * im);
        }
      for (; X < w; X++)
        {
          guint ux = MIN (X - w / 2, hw - 1);
          float re = row_pos[ux][0], im = row_pos[ux][1];

          dst[X] = sqrtf (re * re + im * im);
        }
    }
  fftwf_free (out);

  calibrated = image->axis[ISC_IMAGE_AXIS_X].unit[0] != '\0'
               && g_str_equal (image->axis[ISC_IMAGE_AXIS_X].unit, image->axis[ISC_IMAGE_AXIS_Y].unit);
  fft->freq_step_x = 1.0 / (w * (calibrated ? fabs (image->axis[ISC_IMAGE_AXIS_X].scale) : 1.0));
  fft->freq_step_y = 1.0 / (h * (calibrated ? fabs (image->axis[ISC_IMAGE_AXIS_Y].scale) : 1.0));
  fft->unit = calibrated ? g_strdup_printf ("1/%s", image->axis[ISC_IMAGE_AXIS_X].unit) : g_strdup ("1/px");
  return fft;
}

void
isc_fft_free (IscFft *fft)
{
  if (fft == NULL)
    return;
  g_free (fft->magnitude);
  g_free (fft->unit);
  g_free (fft);
}

double
isc_fft_d_spacing_at (const IscFft *fft,
                      double        px,
                      double        py,
                      double       *out_angle_deg)
{
  double kx, ky, k, angle;

  g_return_val_if_fail (fft != NULL, NAN);
  kx = (px - (double) (fft->width / 2)) * fft->freq_step_x;
  /* image rows grow downwards; angles are counted with y up */
  ky = -(py - (double) (fft->height / 2)) * fft->freq_step_y;
  k = hypot (kx, ky);
  angle = atan2 (ky, kx) * 180.0 / G_PI;
  if (angle < 0)
    angle += 180.0;
  if (angle >= 180.0)
    angle -= 180.0;
  if (out_angle_deg)
    *out_angle_deg = angle;
  return k > 0 ? 1.0 / k : INFINITY;
}

static int
compare_peaks (gconstpointer a,
               gconstpointer b)
{
  const IscFftPeak *pa = a, *pb = b;

  return (pa->magnitude < pb->magnitude) - (pa->magnitude > pb->magnitude);
}

GArray *
isc_fft_find_peaks (const IscFft *fft,
                    guint         max_peaks,
                    double        min_radius_px,
                    double        suppress_px)
{
  GArray *peaks = g_array_new (FALSE, FALSE, sizeof (IscFftPeak));
  int w, h, cx, cy, s;
  double min_r2;
  float threshold = -G_MAXFLOAT;

  g_return_val_if_fail (fft != NULL, peaks);
  w = fft->width;
  h = fft->height;
  cx = w / 2;
  cy = h / 2;
  if (min_radius_px <= 0)
    min_radius_px = MAX (4.0, 0.02 * MIN (w, h));
  if (suppress_px <= 0)
    suppress_px = 5;
  s = (int) ceil (suppress_px);
  min_r2 = min_radius_px * min_radius_px;

  /* one of each Friedel pair: the upper half plane (dy < 0), plus the +x half of the axis */
  for (int y = 1; y < MIN (h - 1, cy + 1); y++)
    for (int x = 1; x < w - 1; x++)
      {
        const float *m = fft->magnitude;
        float v = m[(gsize) y * w + x];
        int dx = x - cx, dy = y - cy;
        gboolean is_max = TRUE;

        /* only the max_peaks largest are kept: a pixel below the smallest of those found
         * so far cannot enter the list (one compare for almost every pixel) */
        if (v < threshold)
          continue;
        if ((double) dx * dx + (double) dy * dy < min_r2)
          continue;
        if (dy == 0 && dx < 0)
          continue;
        /* most pixels are not even the largest of their 3 × 3 block: reject those with
         * the nearest neighbours before the wide suppression window */
        if (m[(gsize) y * w + x - 1] > v || m[(gsize) y * w + x + 1] > v
            || m[(gsize) (y - 1) * w + x] > v || m[(gsize) (y + 1) * w + x] > v)
          continue;
        for (int j = MAX (0, y - s); j <= MIN (h - 1, y + s) && is_max; j++)
          for (int i = MAX (0, x - s); i <= MIN (w - 1, x + s) && is_max; i++)
            {
              float u = m[(gsize) j * w + i];
              if (u > v || (u == v && (j < y || (j == y && i < x))))
                is_max = FALSE;
            }
        if (!is_max || v <= 0)
          continue;
        {
          IscFftPeak peak = { 0 };
          /* Gaussian (parabola on the log) through the maximum and its neighbours, per axis */
          double l0 = log (v), lxm = log (MAX (m[(gsize) y * w + x - 1], 1e-30f)), lxp = log (MAX (m[(gsize) y * w + x + 1], 1e-30f));
          double lym = log (MAX (m[(gsize) (y - 1) * w + x], 1e-30f)), lyp = log (MAX (m[(gsize) (y + 1) * w + x], 1e-30f));
          double denx = lxm - 2 * l0 + lxp, deny = lym - 2 * l0 + lyp;

          peak.px = x + (denx < 0 ? CLAMP (0.5 * (lxm - lxp) / denx, -0.5, 0.5) : 0);
          peak.py = y + (deny < 0 ? CLAMP (0.5 * (lym - lyp) / deny, -0.5, 0.5) : 0);
          peak.kx = (peak.px - cx) * fft->freq_step_x;
          peak.ky = -(peak.py - cy) * fft->freq_step_y;
          peak.d = isc_fft_d_spacing_at (fft, peak.px, peak.py, &peak.angle_deg);
          peak.magnitude = v;
          g_array_append_val (peaks, peak);
          if (max_peaks > 0 && peaks->len >= 2 * max_peaks)
            {
              /* keep the list short; its max_peaks-th value is the new threshold */
              g_array_sort (peaks, compare_peaks);
              g_array_set_size (peaks, max_peaks);
              threshold = g_array_index (peaks, IscFftPeak, max_peaks - 1).magnitude;
            }
        }
      }
  g_array_sort (peaks, compare_peaks);
  if (max_peaks > 0 && peaks->len > max_peaks)
    g_array_set_size (peaks, max_peaks);
  return peaks;
}
