/* thermal-analysis.c: mass %, DTG by a Savitzky–Golay derivative, and tangent-onset steps
 * (the method is described in thermal-analysis.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "thermal-analysis.h"

#define DEFAULT_WINDOW_K   4.0    /* K of heating the automatic window covers */
#define MAX_WINDOW         201
#define STOP_FRACTION      0.001  /* a step's window ends where DTG falls to this share of its peak */

void
isc_thermal_options_init (IscThermalOptions *options)
{
  options->window = 0;
  options->threshold = 0;
  options->min_loss = 0.1;
}

void
isc_thermal_analysis_free (IscThermalAnalysis *analysis)
{
  if (analysis == NULL)
    return;
  g_free (analysis->temperature_c);
  g_free (analysis->mass_pct);
  g_free (analysis->dtg);
  g_free (analysis->signal);
  g_clear_pointer (&analysis->steps, g_array_unref);
  g_free (analysis);
}

void
isc_thermal_sg_derivative (const double *y,
                           guint         n,
                           guint         window,
                           double       *out)
{
  guint half = MAX (window, 3) / 2;

  for (guint i = 0; i < n; i++)
    {
      /* The window shrinks symmetrically at the ends; a one-sided difference at the very ends. */
      guint k = MIN (half, MIN (i, n - 1 - i));
      double num = 0, den = 0;

      if (n < 2)
        {
          out[i] = 0;
          continue;
        }
      if (k == 0)
        {
          out[i] = i == 0 ? y[1] - y[0] : y[n - 1] - y[n - 2];
          continue;
        }
      for (guint j = 1; j <= k; j++)
        {
          num += j * (y[i + j] - y[i - j]);
          den += 2.0 * j * j;
        }
      out[i] = num / den;
    }
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* The @q quantile of the finite values of @v (NAN when none). */
static double
quantile (const double *v,
          guint         n,
          double        q)
{
  g_autofree double *s = g_new (double, MAX (n, 1));
  guint m = 0;

  for (guint i = 0; i < n; i++)
    if (isfinite (v[i]))
      s[m++] = v[i];
  if (m == 0)
    return NAN;
  qsort (s, m, sizeof (double), compare_double);
  return s[MIN ((guint) (q * (m - 1) + 0.5), m - 1)];
}

/* The end (exclusive) of the segment starting at @i: a run of equal segment numbers, or all. */
static guint
segment_end (const IscThermalCurve *curve,
             guint                  i)
{
  guint j = i;

  if (curve->segment == NULL)
    return curve->n;
  while (j < curve->n && curve->segment[j] == curve->segment[i])
    j++;
  return j;
}

/* DTG over the curve with window @window, differentiated within each segment of the file (a
 * derivative never mixes a ramp with the hold after it). NAN where the sample is not heating:
 * the smoothed heating per point below a fifth of its segment's ramp (the 99th percentile:
 * holds, the approach to a hold, cooling), or in a segment spanning less than 20 K. */
static void
compute_dtg (IscThermalAnalysis    *a,
             const IscThermalCurve *curve,
             guint                  window)
{
  g_autofree double *dm = g_new (double, a->n);
  g_autofree double *dt = g_new (double, a->n);

  for (guint i = 0; i < a->n;)
    {
      guint j = segment_end (curve, i), len = j - i;
      double lo = INFINITY, hi = -INFINITY, rate;

      isc_thermal_sg_derivative (a->mass_pct + i, len, window, dm + i);
      isc_thermal_sg_derivative (a->temperature_c + i, len, window, dt + i);
      for (guint k = i; k < j; k++)
        {
          lo = MIN (lo, a->temperature_c[k]);
          hi = MAX (hi, a->temperature_c[k]);
        }
      rate = quantile (dt + i, len, 0.99);
      for (guint k = i; k < j; k++)
        a->dtg[k] = len >= 3 && hi - lo >= 20 && rate > 0 && dt[k] > 0.2 * rate ? -dm[k] / dt[k] : NAN;
      i = j;
    }
}

/* ~4 K of the ramps: the median heating per point where the DTG exists (from a first pass). */
static guint
default_window (const IscThermalAnalysis *a)
{
  g_autofree double *dt = g_new (double, a->n);
  double step;
  guint w;

  for (guint i = 0; i < a->n; i++)
    dt[i] = i + 1 < a->n && isfinite (a->dtg[i]) && isfinite (a->dtg[i + 1])
            ? a->temperature_c[i + 1] - a->temperature_c[i] : NAN;
  step = quantile (dt, a->n, 0.5);
  if (!(step > 0))
    return 5;
  w = (guint) (DEFAULT_WINDOW_K / step + 0.5);
  w |= 1;
  return CLAMP (w, 5, MAX_WINDOW);
}

/* Least-squares line of mass % against T over heating points [@a, @b]; FALSE with fewer than 2. */
static gboolean
fit_line (const IscThermalAnalysis *an,
          guint                     a,
          guint                     b,
          double                   *slope,
          double                   *intercept)
{
  double sx = 0, sy = 0, sxx = 0, sxy = 0, d;
  guint m = 0;

  for (guint i = a; i <= b && i < an->n; i++)
    if (isfinite (an->dtg[i]))
      {
        double x = an->temperature_c[i], y = an->mass_pct[i];

        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
        m++;
      }
  if (m < 2)
    return FALSE;
  d = m * sxx - sx * sx;
  if (!(fabs (d) > 1e-12))
    return FALSE;
  *slope = (m * sxy - sx * sy) / d;
  *intercept = (sy - *slope * sx) / m;
  return TRUE;
}

/* The step over indices [@lo, @hi] with the DTG peak at @peak; @prev_hi/@next_lo bound the
 * plateaus the baseline tangents are fitted on. */
static IscThermalStep
step_from_indices (const IscThermalAnalysis *an,
                   guint                     lo,
                   guint                     hi,
                   guint                     peak,
                   guint                     prev_hi,
                   guint                     next_lo)
{
  IscThermalStep s = { 0 };
  const double *T = an->temperature_c, *m = an->mass_pct;
  double tp = T[peak], mp = m[peak], slope, b_slope, b_icpt, w;

  s.lo_c = T[lo];
  s.hi_c = T[hi];
  s.mass_start_pct = m[lo];
  s.mass_end_pct = m[hi];
  s.mass_loss_pct = m[lo] - m[hi];
  s.dtg_peak = an->dtg[peak];
  /* The peak temperature by a parabola through the three highest DTG points. */
  if (peak > 0 && peak + 1 < an->n && isfinite (an->dtg[peak - 1]) && isfinite (an->dtg[peak + 1]))
    {
      double y0 = an->dtg[peak - 1], y1 = an->dtg[peak], y2 = an->dtg[peak + 1];
      double den = y0 - 2 * y1 + y2;
      double off = den < 0 ? 0.5 * (y0 - y2) / den : 0;

      off = CLAMP (off, -0.5, 0.5);
      tp = off >= 0 ? T[peak] + off * (T[peak + 1] - T[peak]) : T[peak] + off * (T[peak] - T[peak - 1]);
      s.dtg_peak = y1 - 0.25 * (y0 - y2) * off;
      mp = off >= 0 ? m[peak] + off * (m[peak + 1] - m[peak]) : m[peak] + off * (m[peak] - m[peak - 1]);
    }
  s.peak_c = tp;
  slope = -s.dtg_peak;
  s.onset_c = s.endset_c = NAN;
  /* Plateau before: at most as wide as the step's rise, at least 5 K. */
  w = MAX (tp - T[lo], 5.0);
  {
    guint a = lo;

    while (a > prev_hi && a > 0 && T[a - 1] >= T[lo] - w && isfinite (an->dtg[a - 1]))
      a--;
    if (fit_line (an, a, lo, &b_slope, &b_icpt) && fabs (b_slope - slope) > 1e-12)
      {
        double t = (mp - slope * tp - b_icpt) / (b_slope - slope);

        if (t > T[lo] - 2 * w && t <= tp)
          s.onset_c = t;
      }
    else if (fabs (slope) > 1e-12)
      s.onset_c = tp + (m[lo] - mp) / slope;
  }
  w = MAX (T[hi] - tp, 5.0);
  {
    guint b = hi;

    while (b + 1 < next_lo && b + 1 < an->n && T[b + 1] <= T[hi] + w && isfinite (an->dtg[b + 1]))
      b++;
    if (fit_line (an, hi, b, &b_slope, &b_icpt) && fabs (b_slope - slope) > 1e-12)
      {
        double t = (mp - slope * tp - b_icpt) / (b_slope - slope);

        if (t >= tp && t < T[hi] + 2 * w)
          s.endset_c = t;
      }
    else if (fabs (slope) > 1e-12)
      s.endset_c = tp + (m[hi] - mp) / slope;
  }
  return s;
}

static int
compare_steps (const void *a,
               const void *b)
{
  const IscThermalStep *x = a, *y = b;

  return x->peak_c < y->peak_c ? -1 : x->peak_c > y->peak_c ? 1 : 0;
}

typedef struct
{
  guint lo, hi, peak;
} Span;

static int
compare_spans (const void *a,
               const void *b)
{
  const Span *x = a, *y = b;

  return x->lo < y->lo ? -1 : x->lo > y->lo ? 1 : 0;
}

/* The standard deviation of the DTG from noise alone: the mass noise from the median absolute
 * second difference (σ√6 for white noise; smooth parts add almost nothing), through the
 * Savitzky–Golay slope's variance σ² · 3 / (k (k + 1) (2k + 1)), per kelvin of heating. */
static double
dtg_noise (const IscThermalAnalysis *an)
{
  g_autofree double *d2 = g_new (double, an->n);
  g_autofree double *dt = g_new (double, an->n);
  double sigma, step;
  guint k = an->window / 2;

  for (guint i = 0; i < an->n; i++)
    {
      d2[i] = i > 0 && i + 1 < an->n ? fabs (an->mass_pct[i + 1] - 2 * an->mass_pct[i] + an->mass_pct[i - 1]) : NAN;
      dt[i] = i + 1 < an->n && isfinite (an->dtg[i]) ? an->temperature_c[i + 1] - an->temperature_c[i] : NAN;
    }
  sigma = 1.4826 * quantile (d2, an->n, 0.5) / sqrt (6);
  step = quantile (dt, an->n, 0.5);
  if (!isfinite (sigma) || !(step > 0) || k == 0)
    return 0;
  return sigma * sqrt (3.0 / (k * (k + 1.0) * (2 * k + 1.0))) / step;
}

static void
find_steps (IscThermalAnalysis      *an,
            const IscThermalOptions *options)
{
  g_autofree gboolean *used = g_new0 (gboolean, an->n);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  double largest = -INFINITY, threshold, noise;

  for (guint i = 0; i < an->n; i++)
    if (isfinite (an->dtg[i]))
      largest = MAX (largest, an->dtg[i]);
  if (!(largest > 0))
    return;
  threshold = options->threshold > 0 ? options->threshold : 0.05 * largest;
  noise = dtg_noise (an);
  for (;;)
    {
      guint peak = G_MAXUINT, lo, hi;
      double best = -INFINITY, stop, run_min;
      Span span;

      /* The largest local maximum not yet in a step (a tail beside a step is no maximum). */
      for (guint i = 0; i < an->n; i++)
        if (!used[i] && isfinite (an->dtg[i]) && an->dtg[i] > best
            && (i == 0 || (!used[i - 1] && !(an->dtg[i - 1] > an->dtg[i])))
            && (i + 1 == an->n || (!used[i + 1] && !(an->dtg[i + 1] > an->dtg[i]))))
          {
            best = an->dtg[i];
            peak = i;
          }
      if (peak == G_MAXUINT || best < threshold)
        break;
      stop = MAX (STOP_FRACTION * best, 3 * noise);
      stop = MIN (stop, 0.5 * best);
      /* Outward until the DTG is down to the floor or climbs again into another step. */
      lo = peak;
      run_min = best;
      while (lo > 0 && !used[lo - 1] && isfinite (an->dtg[lo - 1]) && an->dtg[lo - 1] > stop
             && !(run_min < 0.5 * best && an->dtg[lo - 1] > 2 * run_min + stop))
        {
          lo--;
          run_min = MIN (run_min, an->dtg[lo]);
        }
      hi = peak;
      run_min = best;
      while (hi + 1 < an->n && !used[hi + 1] && isfinite (an->dtg[hi + 1]) && an->dtg[hi + 1] > stop
             && !(run_min < 0.5 * best && an->dtg[hi + 1] > 2 * run_min + stop))
        {
          hi++;
          run_min = MIN (run_min, an->dtg[hi]);
        }
      for (guint i = lo; i <= hi; i++)
        used[i] = TRUE;
      /* A lone point (a spike) is no step. */
      if (hi - lo < 2)
        continue;
      span.lo = lo;
      span.hi = hi;
      span.peak = peak;
      g_array_append_val (spans, span);
    }
  g_array_sort (spans, compare_spans);
  /* Touching spans with no real valley between them (the DTG there above half the smaller
   * peak: noise on one broad event) are one step. */
  for (guint k = 0; k + 1 < spans->len;)
    {
      Span *x = &g_array_index (spans, Span, k), *y = &g_array_index (spans, Span, k + 1);
      double valley = MIN (an->dtg[x->hi], an->dtg[y->lo]);

      if (x->hi + 1 >= y->lo && valley > 0.5 * MIN (an->dtg[x->peak], an->dtg[y->peak]))
        {
          x->hi = y->hi;
          if (an->dtg[y->peak] > an->dtg[x->peak])
            x->peak = y->peak;
          g_array_remove_index (spans, k + 1);
        }
      else
        k++;
    }
  for (guint k = 0; k < spans->len; k++)
    {
      Span *sp = &g_array_index (spans, Span, k);
      guint prev_hi = k > 0 ? g_array_index (spans, Span, k - 1).hi : 0;
      guint next_lo = k + 1 < spans->len ? g_array_index (spans, Span, k + 1).lo : an->n;
      IscThermalStep s = step_from_indices (an, sp->lo, sp->hi, sp->peak, prev_hi, next_lo);

      if (fabs (s.mass_loss_pct) >= options->min_loss)
        g_array_append_val (an->steps, s);
    }
  g_array_sort (an->steps, compare_steps);
}

IscThermalAnalysis *
isc_thermal_analyse (const IscThermalCurve   *curve,
                     const IscThermalOptions *options,
                     GError                 **error)
{
  IscThermalOptions defaults;
  IscThermalAnalysis *an;
  double m0;

  if (options == NULL)
    {
      isc_thermal_options_init (&defaults);
      options = &defaults;
    }
  if (curve->mass == NULL || curve->n < 3)
    {
      g_set_error (error, ISC_THERMAL_ERROR, ISC_ERROR_ARGUMENT, "%s: no mass curve to analyse", curve->label);
      return NULL;
    }
  m0 = curve->mass[0];
  if (curve->mass_unit == ISC_THERMAL_MASS_MG && !(m0 > 0))
    {
      g_set_error (error, ISC_THERMAL_ERROR, ISC_ERROR_INVALID, "%s: the initial mass %g mg is not positive",
                   curve->label, m0);
      return NULL;
    }
  if (options->window != 0 && (options->window < 3 || options->window % 2 == 0 || options->window > 2001))
    {
      g_set_error (error, ISC_THERMAL_ERROR, ISC_ERROR_ARGUMENT, "the DTG window must be an odd number of points ≥ 3, got %u",
                   options->window);
      return NULL;
    }
  an = g_new0 (IscThermalAnalysis, 1);
  an->n = curve->n;
  an->temperature_c = g_memdup2 (curve->temperature_c, sizeof (double) * curve->n);
  an->mass_pct = g_new (double, curve->n);
  for (guint i = 0; i < curve->n; i++)
    an->mass_pct[i] = curve->mass_unit == ISC_THERMAL_MASS_PERCENT ? curve->mass[i] : 100 * curve->mass[i] / m0;
  if (curve->signal != NULL)
    an->signal = g_memdup2 (curve->signal, sizeof (double) * curve->n);
  an->dtg = g_new (double, curve->n);
  an->steps = g_array_new (FALSE, FALSE, sizeof (IscThermalStep));
  if (options->window != 0)
    an->window = options->window;
  else
    {
      compute_dtg (an, curve, 5);
      an->window = default_window (an);
    }
  compute_dtg (an, curve, an->window);
  find_steps (an, options);
  return an;
}

/* The first index from @from where heating crosses @t (the nearer of the two points), and the
 * mass % there by linear interpolation. */
static gboolean
first_crossing (const IscThermalAnalysis *an,
                guint                     from,
                double                    t,
                guint                    *index,
                double                   *mass)
{
  for (guint i = MAX (from, 1); i < an->n; i++)
    if (isfinite (an->dtg[i]) && an->temperature_c[i - 1] <= t && an->temperature_c[i] >= t)
      {
        double t0 = an->temperature_c[i - 1], t1 = an->temperature_c[i];
        double f = t1 > t0 ? (t - t0) / (t1 - t0) : 0;

        *index = f < 0.5 ? i - 1 : i;
        *mass = an->mass_pct[i - 1] + f * (an->mass_pct[i] - an->mass_pct[i - 1]);
        return TRUE;
      }
  return FALSE;
}

gboolean
isc_thermal_analysis_set_windows (IscThermalAnalysis *analysis,
                                  const double       *lo,
                                  const double       *hi,
                                  guint               n,
                                  GError            **error)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (IscThermalStep));
  for (guint k = 0; k < n; k++)
    {
      guint a, b, peak;
      double ma, mb;
      IscThermalStep s;

      if (!(lo[k] < hi[k]) || !first_crossing (analysis, 0, lo[k], &a, &ma)
          || !first_crossing (analysis, a, hi[k], &b, &mb)
          || b < a + 2)
        {
          g_set_error (error, ISC_THERMAL_ERROR, ISC_ERROR_ARGUMENT,
                       "the step window %g–%g °C is not covered by heating data", lo[k], hi[k]);
          return FALSE;
        }
      peak = a;
      for (guint i = a; i <= b; i++)
        if (isfinite (analysis->dtg[i]) && (!isfinite (analysis->dtg[peak]) || analysis->dtg[i] > analysis->dtg[peak]))
          peak = i;
      s = step_from_indices (analysis, a, b, peak, 0, analysis->n);
      /* Exactly the given window's masses, by linear interpolation at the crossings. */
      s.lo_c = lo[k];
      s.hi_c = hi[k];
      s.mass_start_pct = ma;
      s.mass_end_pct = mb;
      s.mass_loss_pct = ma - mb;
      s.manual = TRUE;
      g_array_append_val (steps, s);
    }
  g_array_sort (steps, compare_steps);
  g_array_unref (analysis->steps);
  analysis->steps = g_steal_pointer (&steps);
  return TRUE;
}
