/* xrd-plot.c: figures of diffraction series — the heat map of log intensity (2θ across,
 * temperature or time up), stacked patterns with offsets, and one pattern with its fitted
 * profiles and the reflections of phases as ticks. Shared by `ionscape-cli xrd --plot` and the
 * XRD page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "palette.h"
#include "xrd-plot.h"

typedef enum
{
  ROWS_BY_INDEX,
  ROWS_BY_TEMPERATURE,
  ROWS_BY_TIME,
} RowMode;

/* Patterns go up by temperature when every one has it, else by time (minutes), else by number. */
static RowMode
row_mode (const IscXrdSeries *series)
{
  gboolean all_t = TRUE, all_time = series->patterns->len > 1;

  for (guint i = 0; i < series->patterns->len; i++)
    {
      const IscXrdPattern *p = isc_xrd_series_get (series, i);

      all_t = all_t && !isnan (p->temperature_c);
      all_time = all_time && !isnan (p->time_s);
    }
  return all_t ? ROWS_BY_TEMPERATURE : all_time ? ROWS_BY_TIME : ROWS_BY_INDEX;
}

static double
row_value (const IscXrdPattern *p,
           guint                index,
           RowMode              mode)
{
  switch (mode)
    {
    case ROWS_BY_TEMPERATURE:
      return p->temperature_c;
    case ROWS_BY_TIME:
      return p->time_s / 60;
    case ROWS_BY_INDEX:
    default:
      return (double) index + 1;
    }
}

static const char *
row_label (RowMode mode)
{
  return mode == ROWS_BY_TEMPERATURE ? "Temperature (°C)" : mode == ROWS_BY_TIME ? "Time (min)" : "Pattern";
}

/* Linear interpolation of @p at @x; NAN outside its range. */
static double
interpolate (const IscXrdPattern *p,
             double               x)
{
  guint lo = 0, hi = p->n - 1;

  if (x < p->two_theta[0] || x > p->two_theta[p->n - 1])
    return NAN;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (p->two_theta[mid] <= x)
        lo = mid;
      else
        hi = mid;
    }
  {
    double t = (x - p->two_theta[lo]) / (p->two_theta[hi] - p->two_theta[lo]);

    return p->intensity[lo] + t * (p->intensity[hi] - p->intensity[lo]);
  }
}

/* Heat map: every pattern resampled on one 2θ grid; rows evenly spaced in temperature, each
 * showing the pattern nearest to it (a series measured at uneven steps stays in place). */
IscPlot *
isc_xrd_plot_heatmap (const IscXrdSeries *series,
                      double              lo,
                      double              hi)
{
  IscPlot *plot = isc_plot_new ();
  RowMode mode = series->patterns->len > 1 ? row_mode (series) : ROWS_BY_INDEX;
  gboolean by_value = mode != ROWS_BY_INDEX;
  guint n = series->patterns->len, nx = 800, ny;
  double t0 = INFINITY, t1 = -INFINITY, floor_value = INFINITY, half;
  g_autofree double *z = NULL;

  for (guint i = 0; i < n; i++)
    {
      const IscXrdPattern *p = isc_xrd_series_get (series, i);
      double t = row_value (p, i, mode);

      t0 = MIN (t0, t);
      t1 = MAX (t1, t);
      for (guint j = 0; j < p->n; j++)
        if (p->intensity[j] > 0)
          floor_value = MIN (floor_value, p->intensity[j]);
    }
  if (!isfinite (floor_value))
    floor_value = 1;
  half = n > 1 ? 0.5 * (t1 - t0) / (n - 1) : 0.5;
  t0 -= half;
  t1 += half;
  ny = by_value ? MIN (400, MAX (n, 4 * n)) : n;
  z = g_new (double, (gsize) nx * ny);
  for (guint r = 0; r < ny; r++)
    {
      double t = t0 + (r + 0.5) * (t1 - t0) / ny;
      const IscXrdPattern *best = NULL;
      double best_dist = INFINITY;

      for (guint i = 0; i < n; i++)
        {
          const IscXrdPattern *p = isc_xrd_series_get (series, i);
          double dist = fabs (row_value (p, i, mode) - t);

          if (dist < best_dist)
            {
              best_dist = dist;
              best = p;
            }
        }
      for (guint c = 0; c < nx; c++)
        {
          double v = interpolate (best, lo + (c + 0.5) * (hi - lo) / nx);

          z[(gsize) r * nx + c] = isnan (v) ? NAN : log10 (MAX (v, floor_value));
        }
    }
  isc_plot_add_heatmap (plot, "log<sub>10</sub> I", z, nx, ny, lo, hi, t0, t1);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, "2θ (°)");
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, row_label (mode));
  isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_X, lo, hi, NULL);
  isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_Y, t0, t1, NULL);
  return plot;
}

IscPlot *
isc_xrd_plot_stack (const IscXrdSeries *series)
{
  IscPlot *plot = isc_plot_new ();
  RowMode mode = row_mode (series);
  guint n = series->patterns->len;
  double top = 0;

  for (guint i = 0; i < n; i++)
    {
      const IscXrdPattern *p = isc_xrd_series_get (series, i);

      for (guint j = 0; j < p->n; j++)
        top = MAX (top, p->intensity[j]);
    }
  for (guint i = 0; i < n; i++)
    {
      const IscXrdPattern *p = isc_xrd_series_get (series, i);
      g_autofree double *y = g_new (double, p->n);
      g_autofree char *label = mode == ROWS_BY_TEMPERATURE ? g_strdup_printf ("%.0f °C", p->temperature_c)
                               : mode == ROWS_BY_TIME ? g_strdup_printf ("%.0f min", p->time_s / 60)
                               : g_markup_escape_text (p->label, -1);
      /* Offsets of a third of the strongest count keep neighbours apart without flattening them. */
      double offset = i * top / 3;
      IscPlotSeries *s;
      IscColor color = isc_colormap_viridis (n > 1 ? 0.9 * i / (n - 1) : 0);

      for (guint j = 0; j < p->n; j++)
        y[j] = p->intensity[j] + offset;
      s = isc_plot_add_series (plot, ISC_SERIES_LINE, label, p->two_theta, y, p->n);
      isc_plot_series_set_color (s, &color);
      isc_plot_series_set_line_width (s, 0.75);
      /* Long series: the first and the last name the colour scale. */
      isc_plot_series_set_show_in_legend (s, n <= 8 || i == 0 || i == n - 1);
    }
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, "2θ (°)");
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, "Intensity + offset");
  isc_plot_set_legend_visible (plot, TRUE);
  return plot;
}

IscPlot *
isc_xrd_plot_pattern (const IscXrdPattern    *p,
                      GPtrArray              *phases,
                      const GArray           *fits,
                      const IscXrdFitOptions *windows,
                      guint                   n_windows,
                      double                  zero_shift)
{
  IscPlot *plot = isc_plot_new ();
  g_autofree char *label = g_markup_escape_text (p->label, -1);
  double top = 0;

  for (guint j = 0; j < p->n; j++)
    top = MAX (top, p->intensity[j]);
  isc_plot_add_series (plot, ISC_SERIES_LINE, label, p->two_theta, p->intensity, p->n);
  /* Fitted profiles over their windows. */
  for (guint w = 0; fits != NULL && w < n_windows; w++)
    {
      const IscXrdPeakFit *f = &g_array_index (fits, IscXrdPeakFit, w);
      g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));
      double mid = 0.5 * (windows[w].lo + windows[w].hi);
      IscPlotSeries *s;

      if (!f->ok)
        continue;
      for (guint i = 0; i <= 200; i++)
        {
          double xi = windows[w].lo + (windows[w].hi - windows[w].lo) * i / 200;
          double yi = f->background + f->background_slope * (xi - mid)
                      + isc_xrd_pseudo_voigt (xi, f->center, f->fwhm_left, f->fwhm_right, f->eta, f->area);

          if (f->ka2_modelled)
            {
              double c2 = 2 * asin (MIN (1.0, p->wavelength2 / p->wavelength * sin (f->center * G_PI / 360))) * 180 / G_PI;

              yi += isc_xrd_pseudo_voigt (xi, c2, f->fwhm_left, f->fwhm_right, f->eta, f->area * p->ka2_ratio);
            }
          g_array_append_val (x, xi);
          g_array_append_val (y, yi);
        }
      s = isc_plot_add_series (plot, ISC_SERIES_LINE, w == 0 ? "Pseudo-Voigt fit" : "", (double *) x->data,
                               (double *) y->data, x->len);
      isc_plot_series_set_show_in_legend (s, w == 0);
      isc_plot_series_set_color (s, &(IscColor) { 0.84, 0.37, 0.0, 1 });
    }
  /* Phase reflections as ticks below the pattern, one row per phase. */
  for (guint k = 0; phases != NULL && k < phases->len; k++)
    {
      const IscXrdPhase *phase = g_ptr_array_index (phases, k);
      g_autoptr(GArray) r = isc_xrd_phase_reflections (phase, p->wavelength, p->two_theta[0] - zero_shift,
                                                       p->two_theta[p->n - 1] - zero_shift);
      g_autofree double *x = g_new (double, MAX (r->len, 1));
      g_autofree double *y = g_new (double, MAX (r->len, 1));
      g_autofree double *e = g_new (double, MAX (r->len, 1));
      IscPlotSeries *s;
      IscColor color = isc_palette_get (k + 2);

      for (guint i = 0; i < r->len; i++)
        {
          x[i] = g_array_index (r, IscXrdReflection, i).two_theta + zero_shift;
          y[i] = -(0.06 + 0.07 * k) * top;
          e[i] = 0.025 * top;
        }
      if (r->len == 0)
        continue;
      s = isc_plot_add_series (plot, ISC_SERIES_ERRORBARS, phase->name, x, y, r->len);
      isc_plot_series_set_errors (s, e, NULL);
      /* A small square on each tick gives the legend its swatch. */
      isc_plot_series_set_marker (s, ISC_MARKER_SQUARE, 1.5);
      isc_plot_series_set_color (s, &color);
    }
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, "2θ (°)");
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, p->intensity_unit != NULL && g_str_equal (p->intensity_unit, "cps")
                                                  ? "Intensity (counts s<sup>−1</sup>)" : "Intensity (counts)");
  return plot;
}

void
isc_xrd_plot_two_theta_range (const IscXrdSeries *series,
                              double             *lo,
                              double             *hi)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint i = 0; i < series->patterns->len; i++)
    {
      IscXrdPattern *p = isc_xrd_series_get (series, i);

      *lo = MIN (*lo, p->two_theta[0]);
      *hi = MAX (*hi, p->two_theta[p->n - 1]);
    }
}
