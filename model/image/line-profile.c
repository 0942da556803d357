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

void
isc_profile_periods_free (IscProfilePeriods *periods)
{
  if (periods == NULL)
    return;
  g_clear_pointer (&periods->maxima, g_array_unref);
  g_free (periods);
}

/* The profile's deviations from its mean, Hann-windowed; NaN samples count as the mean. */
typedef struct
{
  guint   n;
  double *v;        /* deviation from the mean */
  double *w;        /* Hann weight */
  double  w_sum;
  double  step;
} Spectrum;

static gboolean
spectrum_init (Spectrum             *sp,
               const IscLineProfile *profile)
{
  double mean = 0;
  guint count = 0, n = profile->n;

  sp->n = n;
  sp->step = profile->step;
  sp->v = NULL;
  sp->w = NULL;
  if (n < 8 || !(profile->step > 0))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!isnan (profile->intensity[i]))
      {
        mean += profile->intensity[i];
        count++;
      }
  if (count < 8)
    return FALSE;
  mean /= count;
  sp->v = g_new (double, n);
  sp->w = g_new (double, n);
  sp->w_sum = 0;
  for (guint i = 0; i < n; i++)
    {
      sp->v[i] = isnan (profile->intensity[i]) ? 0 : profile->intensity[i] - mean;
      sp->w[i] = 0.5 - 0.5 * cos (2 * G_PI * (i + 0.5) / n);
      sp->w_sum += sp->w[i];
    }
  return TRUE;
}

static void
spectrum_clear (Spectrum *sp)
{
  g_clear_pointer (&sp->v, g_free);
  g_clear_pointer (&sp->w, g_free);
}

/* Amplitude at @f cycles per distance unit: a sinusoid of amplitude b gives b. */
static double
spectrum_amplitude (const Spectrum *sp,
                    double          f)
{
  double re = 0, im = 0, k = 2 * G_PI * f * sp->step;
  double c = 1, s = 0, dc = cos (k), ds = sin (k);

  /* e^{-ik i} by rotation: no cos/sin per sample, renormalised every 256 steps */
  for (guint i = 0; i < sp->n; i++)
    {
      double a = sp->w[i] * sp->v[i], t;

      re += a * c;
      im -= a * s;
      t = c * dc - s * ds;
      s = s * dc + c * ds;
      c = t;
      if ((i & 255) == 255)
        {
          c = cos (k * (i + 1));
          s = sin (k * (i + 1));
        }
    }
  return 2 * hypot (re, im) / sp->w_sum;
}

/* Vertex of the parabola through (−1, a), (0, b), (1, c), within ±½. */
static double
parabola_shift (double a,
                double b,
                double c)
{
  double denom = a - 2 * b + c;

  return denom < 0 ? CLAMP (0.5 * (a - c) / denom, -0.5, 0.5) : 0;
}

/* The highest local maximum of the spectrum between f_lo and f_hi on a grid of @df, refined;
 * FALSE when the range holds no interior maximum. */
static gboolean
spectrum_peak (const Spectrum *sp,
               double          f_lo,
               double          f_hi,
               double          df,
               double         *f_out,
               double         *a_out)
{
  guint m = (guint) ceil ((f_hi - f_lo) / df) + 1;
  g_autofree double *a = NULL;
  gboolean found = FALSE;
  double best = -1;

  if (m < 3)
    return FALSE;
  a = g_new (double, m + 2);
  /* one grid point beyond each end, so that a maximum at the ends can be recognised */
  for (guint j = 0; j < m + 2; j++)
    a[j] = spectrum_amplitude (sp, MAX (0.0, f_lo + ((double) j - 1) * df));
  for (guint j = 1; j <= m; j++)
    if (a[j] > a[j - 1] && a[j] >= a[j + 1] && a[j] > best)
      {
        double shift = parabola_shift (a[j - 1], a[j], a[j + 1]);

        best = a[j];
        *f_out = f_lo + ((double) j - 1 + shift) * df;
        found = TRUE;
      }
  if (found)
    *a_out = spectrum_amplitude (sp, *f_out);
  return found;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
isc_line_profile_amplitude_at (const IscLineProfile *profile,
                               double                period)
{
  Spectrum sp;
  double a = NAN;

  g_return_val_if_fail (profile != NULL, NAN);
  if (period > 0 && spectrum_init (&sp, profile))
    a = spectrum_amplitude (&sp, 1.0 / period);
  spectrum_clear (&sp);
  return a;
}

/* One maximum per period-wide window: each the highest sample within ±period/2, refined with a
 * parabola; maxima cut by the ends of the line are not trusted. */
static GArray *
find_maxima (const IscLineProfile *profile,
             const double         *v,
             double                period_samples)
{
  GArray *maxima = g_array_new (FALSE, FALSE, sizeof (IscProfileMaximum));
  int n = (int) profile->n, half = MAX (1, (int) floor (period_samples / 2));

  for (int i = 1; i + 1 < n; i++)
    {
      gboolean is_max = v[i] > 0 && i - half >= 0 && i + half < n;

      for (int j = MAX (0, i - half); j <= MIN (n - 1, i + half) && is_max; j++)
        if (v[j] > v[i] || (v[j] == v[i] && j < i))
          is_max = FALSE;
      if (is_max)
        {
          double shift = parabola_shift (v[i - 1], v[i], v[i + 1]);
          IscProfileMaximum m = {
            .position = (i + shift) * profile->step,
            .intensity = profile->intensity[i],
          };

          g_array_append_val (maxima, m);
        }
    }
  return maxima;
}

IscProfilePeriods *
isc_line_profile_periods (const IscLineProfile *profile,
                          double                layer_hint)
{
  g_autoptr(IscProfilePeriods) out = NULL;
  g_autoptr(GArray) grid = NULL;
  Spectrum sp;
  double length, df, f_min, f_max, best = -1, f_dom = 0, a_dom = 0;
  guint m;

  g_return_val_if_fail (profile != NULL, NULL);
  if (!spectrum_init (&sp, profile))
    {
      spectrum_clear (&sp);
      return NULL;
    }
  length = profile->step * (profile->n - 1);
  df = 1.0 / (4 * length);
  f_min = 2.0 / length;                 /* two periods at least within the line */
  f_max = 1.0 / (2.0 * profile->step);  /* two samples per period at most */
  out = g_new0 (IscProfilePeriods, 1);

  /* the whole spectrum: its median is the noise, its highest interior maximum the dominant period */
  m = (guint) floor ((f_max - f_min) / df) + 1;
  if (m < 3)
    {
      spectrum_clear (&sp);
      return NULL;
    }
  grid = g_array_sized_new (FALSE, FALSE, sizeof (double), m);
  for (guint j = 0; j < m; j++)
    {
      double a = spectrum_amplitude (&sp, f_min + j * df);

      g_array_append_val (grid, a);
    }
  for (guint j = 1; j + 1 < m; j++)
    {
      double *a = (double *) grid->data;

      if (a[j] > a[j - 1] && a[j] >= a[j + 1] && a[j] > best)
        {
          best = a[j];
          f_dom = f_min + (j + parabola_shift (a[j - 1], a[j], a[j + 1])) * df;
        }
    }
  {
    g_autoptr(GArray) sorted = g_array_copy (grid);

    g_array_sort (sorted, compare_doubles);
    out->noise = g_array_index (sorted, double, sorted->len / 2);
  }
  if (best < 0)
    {
      spectrum_clear (&sp);
      return NULL;
    }
  a_dom = spectrum_amplitude (&sp, f_dom);
  if (!(a_dom > 4 * out->noise))
    {
      spectrum_clear (&sp);
      return NULL;
    }
  out->spacing = 1.0 / f_dom;
  out->spacing_strength = a_dom;

  {
    double f_layer = f_dom, a_layer = a_dom, f_sub, a_sub, f_half, a_half;

    if (layer_hint > 0)
      {
        if (!spectrum_peak (&sp, 0.9 / layer_hint, 1.1 / layer_hint, df / 4, &f_layer, &a_layer))
          {
            f_layer = 1.0 / layer_hint;
            a_layer = spectrum_amplitude (&sp, f_layer);
          }
      }
    else if (f_dom / 2 >= f_min
             && spectrum_peak (&sp, 0.45 * f_dom, 0.55 * f_dom, df / 4, &f_sub, &a_sub)
             && a_sub > 4 * out->noise && a_sub > 0.02 * a_dom)
      {
        /* the layered order under a dominant half period */
        f_layer = f_sub;
        a_layer = a_sub;
      }
    out->layer_period = 1.0 / f_layer;
    out->layer_strength = a_layer;
    if (fabs (2 * f_layer - f_dom) < 0.05 * f_dom)
      a_half = a_dom;
    else if (!spectrum_peak (&sp, 1.9 * f_layer, 2.1 * f_layer, df / 4, &f_half, &a_half))
      a_half = 2 * f_layer <= f_max ? spectrum_amplitude (&sp, 2 * f_layer) : NAN;
    out->half_strength = a_half;
  }

  out->maxima = find_maxima (profile, sp.v, out->spacing / profile->step);
  spectrum_clear (&sp);
  return g_steal_pointer (&out);
}

gboolean
isc_line_profile_peak_spacing (const IscLineProfile *profile,
                               double               *out_spacing,
                               guint                *out_n_peaks)
{
  g_autoptr(IscProfilePeriods) periods = NULL;

  g_return_val_if_fail (profile != NULL, FALSE);
  periods = isc_line_profile_periods (profile, 0);
  if (out_n_peaks)
    *out_n_peaks = periods ? periods->maxima->len : 0;
  if (periods == NULL || periods->maxima->len < 2)
    return FALSE;
  if (out_spacing)
    *out_spacing = periods->spacing;
  return TRUE;
}
