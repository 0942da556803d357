/* disorder.c: Li-layer / TM-layer ratio and rock-salt thickness from a line profile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <glib/gi18n.h>

#include "disorder.h"

void
isc_disorder_free (IscDisorder *disorder)
{
  if (disorder == NULL)
    return;
  g_clear_pointer (&disorder->layers, g_array_unref);
  g_clear_pointer (&disorder->maxima, g_array_unref);
  g_free (disorder->unit);
  g_free (disorder);
}

/* Mean of the samples within ±@half of @x; the nearest valid sample when none lies that close. */
static double
sample_mean (const IscLineProfile *p,
             double                x,
             double                half)
{
  int lo = (int) ceil ((x - half) / p->step), hi = (int) floor ((x + half) / p->step);
  double sum = 0;
  guint count = 0;

  lo = MAX (lo, 0);
  hi = MIN (hi, (int) p->n - 1);
  for (int i = lo; i <= hi; i++)
    if (!isnan (p->intensity[i]))
      {
        sum += p->intensity[i];
        count++;
      }
  if (count > 0)
    return sum / count;
  {
    int i = CLAMP ((int) lround (x / p->step), 0, (int) p->n - 1);

    return p->intensity[i];
  }
}

/* The brightest point within ±@half of @x, refined with a parabola; @x itself when the
 * brightest sample lies on the edge of the window (no maximum inside). */
static double
refine_maximum (const IscLineProfile *p,
                double                x,
                double                half)
{
  int lo = MAX (1, (int) ceil ((x - half) / p->step));
  int hi = MIN ((int) p->n - 2, (int) floor ((x + half) / p->step));
  int best = -1;

  for (int i = lo; i <= hi; i++)
    if (!isnan (p->intensity[i]) && (best < 0 || p->intensity[i] > p->intensity[best]))
      best = i;
  if (best <= lo || best >= hi || isnan (p->intensity[best - 1]) || isnan (p->intensity[best + 1]))
    return x;
  {
    double a = p->intensity[best - 1], b = p->intensity[best], c = p->intensity[best + 1];
    double denom = a - 2 * b + c;
    double shift = denom < 0 ? CLAMP (0.5 * (a - c) / denom, -0.5, 0.5) : 0;

    return (best + shift) * p->step;
  }
}

/* Complex amplitude of frequency @f over samples [lo, hi] (Hann window, deviations from their
 * mean); returns the amplitude and, if @phase is not NULL, θ with v ≈ A cos (2π f x − θ). */
static double
window_component (const IscLineProfile *p,
                  int                   lo,
                  int                   hi,
                  double                f,
                  double               *phase)
{
  double mean = 0, re = 0, im = 0, w_sum = 0;
  guint count = 0;
  int m = hi - lo + 1;

  for (int i = lo; i <= hi; i++)
    if (!isnan (p->intensity[i]))
      {
        mean += p->intensity[i];
        count++;
      }
  if (count == 0)
    return 0;
  mean /= count;
  for (int i = lo; i <= hi; i++)
    {
      double w = 0.5 - 0.5 * cos (2 * G_PI * (i - lo + 0.5) / m);
      double v = isnan (p->intensity[i]) ? 0 : p->intensity[i] - mean;
      double k = 2 * G_PI * f * i * p->step;

      re += w * v * cos (k);
      im -= w * v * sin (k);
      w_sum += w;
    }
  if (phase)
    *phase = -atan2 (im, re);
  return 2 * hypot (re, im) / w_sum;
}

/* (a): from the start of the line, where the running median of three layers' ratios (robust
 * to one noisy plane, and keeping a step where it is) falls below the threshold. */
static void
thickness_from_ratio (IscDisorder *d)
{
  guint n = d->layers->len;
  g_autofree double *smooth = g_new (double, MAX (n, 1));

  for (guint k = 0; k < n; k++)
    {
      double a = g_array_index (d->layers, IscDisorderLayer, k > 0 ? k - 1 : k).ratio;
      double b = g_array_index (d->layers, IscDisorderLayer, k).ratio;
      double c = g_array_index (d->layers, IscDisorderLayer, k + 1 < n ? k + 1 : k).ratio;

      smooth[k] = MAX (MIN (a, b), MIN (MAX (a, b), c));
    }
  d->rocksalt_thickness = 0;
  d->rocksalt_to_end = FALSE;
  if (n == 0 || smooth[0] < d->threshold)
    return;
  for (guint k = 1; k < n; k++)
    if (smooth[k] < d->threshold)
      {
        double x0 = g_array_index (d->layers, IscDisorderLayer, k - 1).position;
        double x1 = g_array_index (d->layers, IscDisorderLayer, k).position;
        double t = (smooth[k - 1] - d->threshold) / (smooth[k - 1] - smooth[k]);

        d->rocksalt_thickness = x0 + t * (x1 - x0);
        return;
      }
  /* rock salt to the last Li plane: at least to the TM plane beyond it */
  d->rocksalt_thickness = MIN (d->length, g_array_index (d->layers, IscDisorderLayer, n - 1).position
                                          + d->layer_period / 2);
  d->rocksalt_to_end = TRUE;
}

/* (b): the (003) component of a sliding window, from the start of the line. */
static void
thickness_from_fft (IscDisorder          *d,
                    const IscLineProfile *p)
{
  int n = (int) p->n, w = (int) lround (d->fft_window / p->step), half = w / 2;
  g_autoptr(GArray) amp = g_array_new (FALSE, FALSE, sizeof (double));
  double lo = INFINITY, hi = 0, level;

  d->rocksalt_thickness_fft = NAN;
  if (w < 8 || w >= n)
    return;
  for (int c = half; c + half < n; c++)
    {
      double a = window_component (p, c - half, c + half, 1.0 / d->layer_period, NULL);

      g_array_append_val (amp, a);
      lo = MIN (lo, a);
      hi = MAX (hi, a);
    }
  if (amp->len < 2 || !(hi >= 2 * lo))
    return;
  level = 0.5 * (lo + hi);
  if (g_array_index (amp, double, 0) >= level)
    {
      /* the spot is there from the first window on: no rock salt wider than half a window */
      d->rocksalt_thickness_fft = 0;
      return;
    }
  for (guint j = 1; j < amp->len; j++)
    {
      double a0 = g_array_index (amp, double, j - 1), a1 = g_array_index (amp, double, j);

      if (a1 >= level)
        {
          d->rocksalt_thickness_fft = (half + j - 1 + (level - a0) / (a1 - a0)) * p->step;
          return;
        }
    }
}

IscDisorder *
isc_disorder_analyse (const IscLineProfile  *profile,
                      double                 layer_period,
                      double                 threshold,
                      double                 background,
                      GError               **error)
{
  g_autoptr(IscDisorder) d = NULL;
  g_autoptr(IscProfilePeriods) periods = NULL;
  g_autoptr(GArray) tm = g_array_new (FALSE, FALSE, sizeof (double));
  double L, theta = 0, sum_li = 0, sum_tm = 0;

  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  periods = isc_line_profile_periods (profile, layer_period);
  if (periods == NULL)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID,
                   _ ("disorder: the profile shows no periodic planes"));
      return NULL;
    }
  d = g_new0 (IscDisorder, 1);
  d->unit = g_strdup (profile->unit);
  d->length = profile->step * (profile->n - 1);
  d->spacing = periods->spacing;
  d->layer_period = L = periods->layer_period;
  d->layer_strength = periods->layer_strength;
  d->half_strength = periods->half_strength;
  d->background = background;
  d->threshold = threshold > 0 ? threshold : ISC_DISORDER_DEFAULT_THRESHOLD;
  d->fft_window = 4 * L;
  d->layers = g_array_new (FALSE, FALSE, sizeof (IscDisorderLayer));
  d->maxima = g_array_new (FALSE, FALSE, sizeof (IscDisorderMaximum));

  /* the TM planes: the maxima of the layer period's phase over the whole line, each refined
   * on the profile */
  window_component (profile, 0, (int) profile->n - 1, 1.0 / L, &theta);
  {
    double first = fmod (theta / (2 * G_PI), 1.0);

    if (first < 0)
      first += 1.0;
    for (double x = first * L; x <= d->length + 1e-9; x += L)
      if (x >= L / 4 && x <= d->length - L / 4)
        {
          double at = refine_maximum (profile, x, L / 4);

          g_array_append_val (tm, at);
        }
  }
  for (guint k = 0; k + 1 < tm->len; k++)
    {
      double x0 = g_array_index (tm, double, k), x1 = g_array_index (tm, double, k + 1);
      IscDisorderLayer layer;

      if (x1 - x0 > 1.5 * L)
        continue;
      layer.position = 0.5 * (x0 + x1);
      layer.li = sample_mean (profile, layer.position, L / 20) - background;
      layer.tm = 0.5 * (sample_mean (profile, x0, L / 20) + sample_mean (profile, x1, L / 20)) - background;
      layer.ratio = layer.tm != 0 ? layer.li / layer.tm : NAN;
      g_array_append_val (d->layers, layer);
      sum_li += layer.li;
      sum_tm += layer.tm;
    }
  if (d->layers->len < 2 || !(sum_tm > 0))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID,
                   _ ("disorder: fewer than two complete layers along the line (layer period %.3g %s)"),
                   L, profile->unit);
      return NULL;
    }
  d->li_tm_ratio = sum_li / sum_tm;

  for (guint i = 0; i < periods->maxima->len; i++)
    {
      const IscProfileMaximum *m = &g_array_index (periods->maxima, IscProfileMaximum, i);
      double phase = fmod ((m->position - theta / (2 * G_PI) * L) / L, 1.0);
      IscDisorderMaximum out = { .position = m->position, .intensity = m->intensity };

      if (phase < 0)
        phase += 1.0;
      /* a TM plane at phase 0, a Li plane at ½ */
      out.li_layer = phase > 0.25 && phase < 0.75;
      g_array_append_val (d->maxima, out);
    }

  thickness_from_ratio (d);
  thickness_from_fft (d, profile);
  return g_steal_pointer (&d);
}
