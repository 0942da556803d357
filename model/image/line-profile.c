/* line-profile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <glib/gi18n.h>

#include "line-profile.h"

static gboolean
bilinear (const float *p,
          guint        w,
          guint        h,
          double       x,
          double       y,
          double      *out)
{
  double fx, fy;
  int ix, iy;

  /* half a pixel of tolerance at the borders would extrapolate: stay inside */
  if (!(x >= 0 && y >= 0 && x <= w - 1 && y <= h - 1))
    return FALSE;
  ix = MIN ((int) floor (x), (int) w - 2);
  iy = MIN ((int) floor (y), (int) h - 2);
  if (w == 1)
    ix = 0;
  if (h == 1)
    iy = 0;
  fx = w == 1 ? 0 : x - ix;
  fy = h == 1 ? 0 : y - iy;
  {
    double v00 = p[(gsize) iy * w + ix];
    double v10 = w > 1 ? p[(gsize) iy * w + ix + 1] : v00;
    double v01 = h > 1 ? p[(gsize) (iy + 1) * w + ix] : v00;
    double v11 = (w > 1 && h > 1) ? p[(gsize) (iy + 1) * w + ix + 1] : v00;

    *out = (1 - fy) * ((1 - fx) * v00 + fx * v10) + fy * ((1 - fx) * v01 + fx * v11);
  }
  return !isnan (*out);
}

IscLineProfile *
isc_line_profile_compute (const IscImage  *image,
                          guint            frame,
                          double           x0,
                          double           y0,
                          double           x1,
                          double           y1,
                          double           width_px,
                          GError         **error)
{
  IscLineProfile *profile;
  const float *p;
  double dx = x1 - x0, dy = y1 - y0, len = hypot (dx, dy);
  double sx, sy, nx, ny, cal_len;
  guint lines, n;
  gboolean calibrated;

  g_return_val_if_fail (image != NULL, NULL);
  if (frame >= image->frames)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT, _ ("frame %u does not exist (the image has %u)"), frame, image->frames);
      return NULL;
    }
  if (!isfinite (len) || len < 1e-9 || len > 1e7 || !isfinite (x0) || !isfinite (y0))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT, _ ("the line from (%g, %g) to (%g, %g) has no usable length"), x0, y0, x1, y1);
      return NULL;
    }
  if (!(width_px >= 1 && width_px <= 10000))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT, _ ("integration width %g px must be at least 1"), width_px);
      return NULL;
    }

  p = isc_image_frame_const (image, frame);
  calibrated = image->axis[ISC_IMAGE_AXIS_X].unit[0] != '\0'
               && g_str_equal (image->axis[ISC_IMAGE_AXIS_X].unit, image->axis[ISC_IMAGE_AXIS_Y].unit);
  sx = calibrated ? fabs (image->axis[ISC_IMAGE_AXIS_X].scale) : 1.0;
  sy = calibrated ? fabs (image->axis[ISC_IMAGE_AXIS_Y].scale) : 1.0;
  cal_len = hypot (dx * sx, dy * sy);

  n = (guint) ceil (len) + 1;
  lines = (guint) MAX (1, lround (width_px));
  /* unit normal to the line, in pixels */
  nx = -dy / len;
  ny = dx / len;

  profile = g_new0 (IscLineProfile, 1);
  profile->n = n;
  profile->distance = g_new (double, n);
  profile->intensity = g_new (double, n);
  profile->step = cal_len / (n - 1);
  profile->width_px = lines;
  profile->width = lines * hypot (nx * sx, ny * sy);
  profile->unit = g_strdup (calibrated ? image->axis[ISC_IMAGE_AXIS_X].unit : "px");

  for (guint i = 0; i < n; i++)
    {
      double t = (double) i / (n - 1);
      double cx = x0 + t * dx, cy = y0 + t * dy, sum = 0;
      guint count = 0;

      for (guint k = 0; k < lines; k++)
        {
          double off = (double) k - (lines - 1) / 2.0, v;

          if (bilinear (p, image->width, image->height, cx + off * nx, cy + off * ny, &v))
            {
              sum += v;
              count++;
            }
        }
      profile->distance[i] = t * cal_len;
      profile->intensity[i] = count ? sum / count : NAN;
    }
  return profile;
}

void
isc_line_profile_free (IscLineProfile *profile)
{
  if (profile == NULL)
    return;
  g_free (profile->distance);
  g_free (profile->intensity);
  g_free (profile->unit);
  g_free (profile);
}

/* Period (in samples) from the first maximum of the autocorrelation after its first zero. */
static double
estimate_period (const double *v,
                 guint         n)
{
  g_autofree double *ac = g_new0 (double, n);
  guint lag, first_zero = 0;
  double best = -INFINITY, best_lag = 0;

  for (lag = 0; lag < n / 2; lag++)
    {
      double s = 0;
      for (guint i = 0; i + lag < n; i++)
        s += v[i] * v[i + lag];
      ac[lag] = s / (n - lag);
    }
  for (lag = 1; lag < n / 2; lag++)
    if (ac[lag] <= 0)
      {
        first_zero = lag;
        break;
      }
  if (first_zero == 0)
    return 0;
  for (lag = first_zero; lag < n / 2; lag++)
    if (ac[lag] > best && ac[lag] >= ac[lag - 1] && (lag + 1 >= n / 2 || ac[lag] >= ac[lag + 1]))
      {
        best = ac[lag];
        best_lag = lag;
        break; /* the first local maximum is the fundamental */
      }
  return best_lag;
}

gboolean
isc_line_profile_peak_spacing (const IscLineProfile *profile,
                               double               *out_spacing,
                               guint                *out_n_peaks)
{
  g_autofree double *v = NULL;
  g_autoptr(GArray) peaks = g_array_new (FALSE, FALSE, sizeof (double));
  double mean = 0, period;
  guint n, count = 0;

  g_return_val_if_fail (profile != NULL, FALSE);
  n = profile->n;
  if (n < 5)
    return FALSE;
  v = g_new (double, n);
  for (guint i = 0; i < n; i++)
    if (!isnan (profile->intensity[i]))
      {
        mean += profile->intensity[i];
        count++;
      }
  if (count < 5)
    return FALSE;
  mean /= count;
  for (guint i = 0; i < n; i++)
    v[i] = isnan (profile->intensity[i]) ? 0 : profile->intensity[i] - mean;

  period = estimate_period (v, n);
  if (period < 2)
    return FALSE;

  /* one maximum per period-wide window, each the highest sample within ±period/2 */
  {
    int half = MAX (1, (int) floor (period / 2));

    for (int i = 1; i + 1 < (int) n; i++)
      {
        gboolean is_max = v[i] > 0;

        for (int j = MAX (0, i - half); j <= MIN ((int) n - 1, i + half) && is_max; j++)
          if (v[j] > v[i] || (v[j] == v[i] && j < i))
            is_max = FALSE;
        /* a maximum cut by the ends of the line is not trusted */
        if (is_max && i - half >= 0 && i + half < (int) n)
          {
            double a = v[i - 1], b = v[i], c = v[i + 1], denom = a - 2 * b + c;
            double shift = denom != 0 ? 0.5 * (a - c) / denom : 0;
            double pos = i + CLAMP (shift, -0.5, 0.5);

            g_array_append_val (peaks, pos);
          }
      }
  }
  if (out_n_peaks)
    *out_n_peaks = peaks->len;
  if (peaks->len < 2)
    return FALSE;
  if (out_spacing)
    *out_spacing = (g_array_index (peaks, double, peaks->len - 1) - g_array_index (peaks, double, 0))
                   / (peaks->len - 1) * profile->step;
  return TRUE;
}
