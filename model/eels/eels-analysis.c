/* eels-analysis.c: zero-loss peak and t/λ, power-law backgrounds, edge onsets, edge integrals
 * and the L3/L2 white-line ratio by Pearson's step method.
 *
 * Edge search without given windows (what a user of DigitalMicrograph's edge tools expects on
 * a spectrum whose energy scale may be off by several eV): a first background is fitted in
 * [E0 − 15 − w, E0 − 15] eV before the tabulated edge E0, w = max(40 eV, 0.08·E0), and the
 * 10 % onset is searched in [E0 − 15, E0 + 30]; the final background is then fitted in
 * [onset − 3 − w, onset − 3] and the onset searched again over the 30 eV after that window.
 * "Found" needs a fitted exponent 0 < r < 8, an edge above 3σ of the fit scatter, and an onset
 * within [E0 − 20, E0 + 15] eV (scales off by ~15 eV occur; a rise further away is the fine
 * structure of another edge, e.g. O K's continuum where Mn L would be).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "eels.h"

static const IscEelsEdgeInfo edge_table[] = {
  { "C",  "K",    284.0,  0 },
  { "O",  "K",    532.0,  0 },
  { "Ti", "L2,3", 456.0,  462.0 },
  { "Mn", "L2,3", 640.0,  651.0 },
  { "Fe", "L2,3", 708.0,  721.0 },
  { "Co", "L2,3", 779.0,  794.0 },
  { "Ni", "L2,3", 855.0,  872.0 },
  { "Si", "K",    1839.0, 0 },
};

const IscEelsEdgeInfo *
isc_eels_edge_table (guint *n)
{
  *n = G_N_ELEMENTS (edge_table);
  return edge_table;
}

const IscEelsEdgeInfo *
isc_eels_edge_lookup (const char *element)
{
  for (guint i = 0; i < G_N_ELEMENTS (edge_table); i++)
    if (g_ascii_strcasecmp (edge_table[i].element, element) == 0)
      return &edge_table[i];
  return NULL;
}

void
isc_eels_edge_options_init (IscEelsEdgeOptions *options)
{
  options->bg_lo = NAN;
  options->bg_hi = NAN;
  options->integration_width = 50;
  options->method = ISC_EELS_WHITE_LINE_PEARSON;
}

const char *
isc_eels_white_line_method_to_string (IscEelsWhiteLineMethod method)
{
  return method == ISC_EELS_WHITE_LINE_SECOND_DERIVATIVE ? "second-derivative" : "pearson";
}

gboolean
isc_eels_white_line_method_from_string (const char             *text,
                                        IscEelsWhiteLineMethod *method)
{
  if (g_ascii_strcasecmp (text, "pearson") == 0)
    *method = ISC_EELS_WHITE_LINE_PEARSON;
  else if (g_ascii_strcasecmp (text, "second-derivative") == 0 || g_ascii_strcasecmp (text, "d2") == 0)
    *method = ISC_EELS_WHITE_LINE_SECOND_DERIVATIVE;
  else
    return FALSE;
  return TRUE;
}

const char *
isc_eels_white_line_method_describe (IscEelsWhiteLineMethod method)
{
  if (method == ISC_EELS_WHITE_LINE_SECOND_DERIVATIVE)
    return "second derivative: the background-subtracted signal smoothed by a Gaussian (sigma = max(1 eV, "
           "2 channels)), differentiated twice, and the negative lobe around the L3 and the L2 maximum "
           "integrated between its zero crossings (the step continuum drops out)";
  return "Pearson: Heaviside steps at the L3 and L2 maxima (2/3 and 1/3 of the mean background-subtracted "
         "signal 10-20 eV after L2) removed, areas over +-half the L3-L2 splitting around each maximum";
}

gboolean
isc_eels_fit_power_law (const double    *e,
                        const double    *y,
                        guint            n,
                        double           lo,
                        double           hi,
                        IscEelsPowerLaw *out)
{
  double sx = 0, sy = 0, sxx = 0, sxy = 0, ss = 0, det;
  guint m = 0;

  memset (out, 0, sizeof *out);
  out->lo = lo;
  out->hi = hi;
  for (guint i = 0; i < n; i++)
    if (e[i] >= lo && e[i] <= hi && e[i] > 0 && y[i] > 0 && isfinite (y[i]))
      {
        double lx = log (e[i]), ly = log (y[i]);

        sx += lx;
        sy += ly;
        sxx += lx * lx;
        sxy += lx * ly;
        m++;
      }
  out->n_points = m;
  if (m < 3)
    return FALSE;
  det = m * sxx - sx * sx;
  if (!(fabs (det) > 0))
    return FALSE;
  out->r = -(m * sxy - sx * sy) / det;
  out->a = exp ((sy + out->r * sx) / m);
  if (!isfinite (out->a) || !isfinite (out->r))
    return FALSE;
  out->ok = TRUE;
  for (guint i = 0; i < n; i++)
    if (e[i] >= lo && e[i] <= hi && e[i] > 0 && y[i] > 0 && isfinite (y[i]))
      {
        double d = y[i] - isc_eels_power_law_eval (out, e[i]);
        ss += d * d;
      }
  out->rms = sqrt (ss / m);
  return TRUE;
}

double
isc_eels_power_law_eval (const IscEelsPowerLaw *bg,
                         double                 e)
{
  if (!bg->ok || e <= 0)
    return NAN;
  return bg->a * pow (e, -bg->r);
}

double
isc_eels_peak_in (const double *e,
                  const double *y,
                  guint         n,
                  double        lo,
                  double        hi,
                  double       *out_height)
{
  guint best = G_MAXUINT;
  double x, h, d, denom;

  for (guint i = 0; i < n; i++)
    if (e[i] >= lo && e[i] <= hi && isfinite (y[i]) && (best == G_MAXUINT || y[i] > y[best]))
      best = i;
  if (best == G_MAXUINT)
    {
      if (out_height)
        *out_height = NAN;
      return NAN;
    }
  x = e[best];
  h = y[best];
  if (best > 0 && best + 1 < n)
    {
      denom = y[best - 1] - 2 * y[best] + y[best + 1];
      if (denom < 0)
        {
          d = 0.5 * (y[best - 1] - y[best + 1]) / denom;
          if (fabs (d) <= 1)
            {
              x = e[best] + d * (e[best + 1] - e[best - 1]) / 2;
              h = y[best] - 0.25 * (y[best - 1] - y[best + 1]) * d;
            }
        }
    }
  if (out_height)
    *out_height = h;
  return x;
}

gboolean
isc_eels_zero_loss (const double    *e,
                    const double    *y,
                    guint            n,
                    IscEelsZeroLoss *out)
{
  guint top = 0, lo, hi, first_min;
  double half, left, right;

  memset (out, 0, sizeof *out);
  out->centre_ev = out->fwhm_ev = out->t_over_lambda = out->first_minimum_ev = NAN;
  if (n < 5)
    return FALSE;
  for (guint i = 1; i < n; i++)
    if (y[i] > y[top])
      top = i;
  if (top == 0 || top + 1 >= n || !(y[top] > 0))
    return FALSE;
  out->centre_ev = isc_eels_peak_in (e, y, n, e[top], e[top], &out->height);
  /* half of the refined (parabolic) maximum, as REFERENCE.md and HyperSpy estimate it */
  half = out->height / 2;
  for (lo = top; lo > 0 && y[lo] >= half; lo--)
    ;
  for (hi = top; hi + 1 < n && y[hi] >= half; hi++)
    ;
  if (y[lo] >= half || y[hi] >= half)
    return FALSE;
  left = e[lo] + (half - y[lo]) * (e[lo + 1] - e[lo]) / (y[lo + 1] - y[lo]);
  right = e[hi - 1] + (half - y[hi - 1]) * (e[hi] - e[hi - 1]) / (y[hi] - y[hi - 1]);
  out->fwhm_ev = right - left;

  /* the first local minimum after the peak ends the zero-loss integral */
  for (first_min = top + 1; first_min + 1 < n && y[first_min + 1] < y[first_min]; first_min++)
    ;
  out->first_minimum_ev = e[first_min];
  for (guint i = 0; i < n; i++)
    {
      out->i_total += y[i];
      if (i <= first_min)
        out->i_zlp += y[i];
    }
  out->t_over_lambda = out->i_zlp > 0 && out->i_total > 0 ? log (out->i_total / out->i_zlp) : NAN;
  out->ok = TRUE;
  return TRUE;
}

/* 5-point moving average (shorter at the ends). */
static void
smooth5 (const double *s,
         guint         n,
         double       *out)
{
  for (guint i = 0; i < n; i++)
    {
      double sum = 0;
      guint m = 0;

      for (int k = -2; k <= 2; k++)
        {
          gint64 j = (gint64) i + k;

          if (j >= 0 && j < n)
            {
              sum += s[j];
              m++;
            }
        }
      out[i] = sum / m;
    }
}

/* First energy in (from, to] where @ss exceeds 10 % of its maximum there; NAN when none. */
static double
onset_in (const double *e,
          const double *ss,
          guint         n,
          double        from,
          double        to,
          double       *out_max)
{
  double top = -INFINITY;

  for (guint i = 0; i < n; i++)
    if (e[i] > from && e[i] <= to && ss[i] > top)
      top = ss[i];
  *out_max = top;
  if (!(top > 0))
    return NAN;
  for (guint i = 0; i < n; i++)
    if (e[i] > from && e[i] <= to && ss[i] > 0.1 * top)
      return e[i];
  return NAN;
}

static void
subtract (const double          *e,
          const double          *y,
          guint                  n,
          const IscEelsPowerLaw *bg,
          double                *s,
          double                *ss)
{
  for (guint i = 0; i < n; i++)
    {
      double b = isc_eels_power_law_eval (bg, e[i]);

      s[i] = isfinite (b) ? y[i] - b : 0;
    }
  smooth5 (s, n, ss);
}

static gboolean
fit_clipped (const double    *e,
             const double    *y,
             guint            n,
             double           lo,
             double           hi,
             IscEelsPowerLaw *bg)
{
  double step = fabs (e[n - 1] - e[0]) / MAX (n - 1, 1);

  lo = MAX (lo, e[0]);
  if (hi - lo < 5 * step)
    {
      memset (bg, 0, sizeof *bg);
      bg->lo = lo;
      bg->hi = hi;
      return FALSE;
    }
  return isc_eels_fit_power_law (e, y, n, lo, hi, bg);
}

double
isc_eels_white_line_ratio (const double *e,
                           const double *s,
                           guint         n,
                           double        l3_ev,
                           double        l2_ev,
                           double       *out_l3_area,
                           double       *out_l2_area,
                           double       *out_continuum)
{
  double h = (l2_ev - l3_ev) / 2, c = 0, a3 = 0, a2 = 0;
  guint m = 0;

  if (out_l3_area)
    *out_l3_area = NAN;
  if (out_l2_area)
    *out_l2_area = NAN;
  if (out_continuum)
    *out_continuum = NAN;
  if (!(h > 0) || n < 2)
    return NAN;
  for (guint i = 0; i < n; i++)
    if (e[i] >= l2_ev + 10 && e[i] <= l2_ev + 20)
      {
        c += s[i];
        m++;
      }
  /* a spectrum ending early: the continuum just after the L2 window */
  if (m < 3)
    {
      c = 0;
      m = 0;
      for (guint i = 0; i < n; i++)
        if (e[i] >= l2_ev + h)
          {
            c += s[i];
            m++;
          }
    }
  if (m < 3)
    return NAN;
  c /= m;
  for (guint i = 0; i < n; i++)
    {
      double de = i + 1 < n ? e[i + 1] - e[i] : e[i] - e[i - 1];
      double step = (e[i] >= l3_ev ? 2 * c / 3 : 0) + (e[i] >= l2_ev ? c / 3 : 0);

      if (e[i] >= l3_ev - h && e[i] < l3_ev + h)
        a3 += (s[i] - step) * de;
      else if (e[i] >= l2_ev - h && e[i] < l2_ev + h)
        a2 += (s[i] - step) * de;
    }
  if (out_l3_area)
    *out_l3_area = a3;
  if (out_l2_area)
    *out_l2_area = a2;
  if (out_continuum)
    *out_continuum = c;
  return a2 != 0 ? a3 / a2 : NAN;
}

/* The negative lobe of @d2 around @centre: from the minimum within ±@reach eV out to the zero
 * crossings on both sides, integrated as −d2 dE. */
static double
negative_lobe (const double *e,
               const double *d2,
               guint         n,
               double        centre,
               double        reach)
{
  guint m = G_MAXUINT, lo, hi;
  double area = 0;

  for (guint i = 1; i + 1 < n; i++)
    if (fabs (e[i] - centre) <= reach && (m == G_MAXUINT || d2[i] < d2[m]))
      m = i;
  if (m == G_MAXUINT || !(d2[m] < 0))
    return NAN;
  for (lo = m; lo > 1 && d2[lo - 1] < 0; lo--)
    ;
  for (hi = m; hi + 2 < n && d2[hi + 1] < 0; hi++)
    ;
  for (guint i = lo; i <= hi; i++)
    area -= d2[i] * (e[i + 1] - e[i - 1]) / 2;
  return area;
}

double
isc_eels_white_line_ratio_d2 (const double *e,
                              const double *s,
                              guint         n,
                              double        l3_ev,
                              double        l2_ev,
                              double       *out_l3_lobe,
                              double       *out_l2_lobe)
{
  g_autofree double *g = NULL;
  g_autofree double *d2 = NULL;
  double step, sigma, a3, a2;
  int half;

  if (out_l3_lobe)
    *out_l3_lobe = NAN;
  if (out_l2_lobe)
    *out_l2_lobe = NAN;
  if (n < 8 || !(l2_ev > l3_ev))
    return NAN;
  step = (e[n - 1] - e[0]) / (n - 1);
  if (!(step > 0))
    return NAN;
  sigma = MAX (1.0, 2 * step);
  half = (int) ceil (3 * sigma / step);
  g = g_new0 (double, n);
  d2 = g_new0 (double, n);
  /* Gaussian smoothing, renormalised where the kernel runs off the ends */
  for (guint i = 0; i < n; i++)
    {
      double sum = 0, w = 0;

      for (int k = -half; k <= half; k++)
        {
          gint64 j = (gint64) i + k;
          double x, wk;

          if (j < 0 || j >= n)
            continue;
          x = (e[j] - e[i]) / sigma;
          wk = exp (-0.5 * x * x);
          sum += wk * s[j];
          w += wk;
        }
      g[i] = sum / w;
    }
  for (guint i = 1; i + 1 < n; i++)
    {
      double h1 = e[i] - e[i - 1], h2 = e[i + 1] - e[i];

      d2[i] = 2 * (h1 * g[i + 1] - (h1 + h2) * g[i] + h2 * g[i - 1]) / (h1 * h2 * (h1 + h2));
    }
  a3 = negative_lobe (e, d2, n, l3_ev, MIN (2 * sigma, (l2_ev - l3_ev) / 4));
  a2 = negative_lobe (e, d2, n, l2_ev, MIN (2 * sigma, (l2_ev - l3_ev) / 4));
  if (out_l3_lobe)
    *out_l3_lobe = a3;
  if (out_l2_lobe)
    *out_l2_lobe = a2;
  return isfinite (a3) && isfinite (a2) && a2 > 0 ? a3 / a2 : NAN;
}

gboolean
isc_eels_analyse_edge (const double             *e,
                       const double             *y,
                       guint                     n,
                       const IscEelsEdgeInfo    *info,
                       const IscEelsEdgeOptions *options,
                       IscEelsEdgeResult        *out)
{
  IscEelsEdgeOptions defaults;
  g_autofree double *s = NULL;
  g_autofree double *ss = NULL;
  double e0 = info->onset_ev, search_hi, onset;

  memset (out, 0, sizeof *out);
  out->info = info;
  out->onset_ev = out->l3_ev = out->l2_ev = out->l3_height = out->l2_height = NAN;
  out->l3_area = out->l2_area = out->continuum = out->l3_l2_ratio = out->integral = NAN;
  out->int_lo = out->int_hi = NAN;
  if (options == NULL)
    {
      isc_eels_edge_options_init (&defaults);
      options = &defaults;
    }
  out->method = options->method;
  if (n < 10 || e0 < e[0] || e0 > e[n - 1])
    return FALSE;
  s = g_new (double, n);
  ss = g_new (double, n);

  if (!isnan (options->bg_lo) && !isnan (options->bg_hi))
    {
      if (!fit_clipped (e, y, n, options->bg_lo, options->bg_hi, &out->background))
        return FALSE;
      subtract (e, y, n, &out->background, s, ss);
      onset = onset_in (e, ss, n, out->background.hi, out->background.hi + 30, &out->edge_max);
    }
  else
    {
      /* weak edges at high energy need a longer lever arm for the exponent */
      double width = MAX (40, 0.08 * e0);

      if (!fit_clipped (e, y, n, e0 - 15 - width, e0 - 15, &out->background))
        return FALSE;
      subtract (e, y, n, &out->background, s, ss);
      onset = onset_in (e, ss, n, e0 - 15, e0 + 30, &out->edge_max);
      if (!isnan (onset))
        {
          IscEelsPowerLaw refined;

          if (fit_clipped (e, y, n, onset - 3 - width, onset - 3, &refined))
            {
              out->background = refined;
              subtract (e, y, n, &out->background, s, ss);
              onset = onset_in (e, ss, n, refined.hi, refined.hi + 30, &out->edge_max);
            }
        }
    }
  out->onset_ev = onset;
  /* found: the smoothed edge rises well above the scatter of the fit window */
  out->found = !isnan (onset) && out->edge_max > 3 * out->background.rms / sqrt (5)
               && out->background.r > 0 && out->background.r < 8
               && onset >= e0 - 20 && onset <= e0 + 15;
  if (isnan (onset))
    return TRUE;

  search_hi = onset + options->integration_width;
  out->int_lo = onset;
  out->int_hi = MIN (search_hi, e[n - 1]);
  out->integral = 0;
  for (guint i = 0; i + 1 < n; i++)
    if (e[i] >= out->int_lo && e[i] < out->int_hi)
      out->integral += s[i] * (e[i + 1] - e[i]);

  if (info->l2_ev > 0)
    {
      double split = info->l2_ev - info->onset_ev;

      out->l3_ev = isc_eels_peak_in (e, s, n, onset, onset + 0.7 * split, &out->l3_height);
      if (!isnan (out->l3_ev))
        out->l2_ev = isc_eels_peak_in (e, s, n, out->l3_ev + 0.6 * split, out->l3_ev + 1.4 * split, &out->l2_height);
      if (!isnan (out->l2_ev) && options->method == ISC_EELS_WHITE_LINE_SECOND_DERIVATIVE)
        out->l3_l2_ratio = isc_eels_white_line_ratio_d2 (e, s, n, out->l3_ev, out->l2_ev, &out->l3_area, &out->l2_area);
      else if (!isnan (out->l2_ev))
        out->l3_l2_ratio = isc_eels_white_line_ratio (e, s, n, out->l3_ev, out->l2_ev, &out->l3_area, &out->l2_area,
                                                      &out->continuum);
    }
  return TRUE;
}

void
isc_eels_analyse_map (const IscEelsData        *data,
                      const double             *e,
                      const IscEelsEdgeInfo    *info,
                      const IscEelsEdgeOptions *options,
                      const IscEelsEdgeResult  *reference,
                      IscEelsEdgeResult        *out)
{
  IscEelsEdgeOptions po;

  if (options != NULL)
    po = *options;
  else
    isc_eels_edge_options_init (&po);
  if (reference != NULL && reference->background.ok)
    {
      po.bg_lo = reference->background.lo;
      po.bg_hi = reference->background.hi;
    }
  for (guint y = 0; y < data->height; y++)
    for (guint x = 0; x < data->width; x++)
      isc_eels_analyse_edge (e, isc_eels_spectrum (data, x, y), data->n_channels, info, &po,
                             &out[(gsize) y * data->width + x]);
}
