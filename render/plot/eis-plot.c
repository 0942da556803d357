/* eis-plot.c: Nyquist and Bode plots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>
#include <math.h>

#include "eis-plot.h"

gboolean
isc_eis_plot_kind_from_string (const char     *text,
                               IscEisPlotKind *kind)
{
  g_return_val_if_fail (text != NULL && kind != NULL, FALSE);
  if (g_ascii_strcasecmp (text, "nyquist") == 0)
    *kind = ISC_EIS_PLOT_NYQUIST;
  else if (g_ascii_strcasecmp (text, "bode") == 0)
    *kind = ISC_EIS_PLOT_BODE;
  else if (g_ascii_strcasecmp (text, "rct") == 0)
    *kind = ISC_EIS_PLOT_RCT;
  else
    return FALSE;
  return TRUE;
}

/* The fitted circuit on a dense logarithmic grid over the spectrum's frequencies. */
static void
fit_curve (const IscEisPlotSpectrum *item,
           guint                     n,
           double                   *freq,
           double                   *re,
           double                   *im)
{
  const IscEisSpectrum *s = item->spectrum;
  double f_min = G_MAXDOUBLE, f_max = 0;

  for (guint i = 0; i < s->n; i++)
    {
      f_min = MIN (f_min, s->freq[i]);
      f_max = MAX (f_max, s->freq[i]);
    }
  for (guint i = 0; i < n; i++)
    {
      freq[i] = f_max * pow (f_min / f_max, (double) i / (n - 1));
      isc_eis_circuit_eval (item->circuit, item->params, freq[i], &re[i], &im[i]);
    }
}

/* R_ct against cycle, with error bars: the growth of the charge-transfer resistance over
 * cycling (spectra without a fit, or a circuit without a parallel R, are left out). */
static IscPlot *
rct_plot_new (const IscEisPlotSpectrum *spectra,
              guint                     n)
{
  IscPlot *plot = isc_plot_new ();
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) e = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint k = 0; k < n; k++)
    {
      int index = spectra[k].circuit != NULL ? isc_eis_circuit_charge_transfer (spectra[k].circuit) : -1;
      double cycle = spectra[k].spectrum->cycle, err;

      if (index < 0 || spectra[k].params == NULL)
        continue;
      err = spectra[k].errors != NULL && isfinite (spectra[k].errors[index]) ? spectra[k].errors[index] : 0;
      g_array_append_val (x, cycle);
      g_array_append_val (y, spectra[k].params[index]);
      g_array_append_val (e, err);
    }
  if (x->len > 0)
    {
      IscPlotSeries *series = isc_plot_add_series (plot, ISC_SERIES_ERRORBARS, NULL, (double *) x->data,
                                                   (double *) y->data, x->len);

      isc_plot_series_set_errors (series, (double *) e->data, NULL);
      isc_plot_series_set_marker (series, ISC_MARKER_CIRCLE, 4);
    }
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, _("Cycle"));
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, _("<i>R</i><sub>ct</sub> (Ω)"));
  isc_plot_set_legend_visible (plot, FALSE);
  return plot;
}

IscPlot *
isc_eis_plot_new (IscEisPlotKind            kind,
                  const IscEisPlotSpectrum *spectra,
                  guint                     n)
{
  IscPlot *plot;

  g_return_val_if_fail (spectra != NULL || n == 0, NULL);
  if (kind == ISC_EIS_PLOT_RCT)
    return rct_plot_new (spectra, n);
  plot = isc_plot_new ();

  for (guint k = 0; k < n; k++)
    {
      const IscEisPlotSpectrum *item = &spectra[k];
      const IscEisSpectrum *s = item->spectrum;
      IscColor color = isc_palette_get (k);
      g_autofree double *x = g_new (double, MAX (s->n, 1));
      g_autofree double *y = g_new (double, MAX (s->n, 1));
      g_autofree double *y2 = g_new (double, MAX (s->n, 1));
      IscPlotSeries *series;

      for (guint i = 0; i < s->n; i++)
        {
          if (kind == ISC_EIS_PLOT_NYQUIST)
            {
              x[i] = s->re[i];
              y[i] = -s->im[i];
            }
          else
            {
              x[i] = s->freq[i];
              y[i] = hypot (s->re[i], s->im[i]);
              y2[i] = -atan2 (s->im[i], s->re[i]) * 180 / G_PI;
            }
        }
      series = isc_plot_add_series (plot, ISC_SERIES_SCATTER, item->label, x, y, s->n);
      isc_plot_series_set_color (series, &color);
      isc_plot_series_set_marker (series, ISC_MARKER_CIRCLE, 4);
      if (kind == ISC_EIS_PLOT_BODE)
        {
          series = isc_plot_add_series (plot, ISC_SERIES_SCATTER, NULL, x, y2, s->n);
          isc_plot_series_set_color (series, &color);
          isc_plot_series_set_marker (series, ISC_MARKER_TRIANGLE, 4);
          isc_plot_series_set_y_axis (series, ISC_PLOT_AXIS_Y2);
          isc_plot_series_set_show_in_legend (series, FALSE);
        }

      if (item->circuit != NULL && item->params != NULL && s->n > 1)
        {
          enum { N_FIT = 200 };
          double freq[N_FIT], re[N_FIT], im[N_FIT], fx[N_FIT], fy[N_FIT], fy2[N_FIT];

          fit_curve (item, N_FIT, freq, re, im);
          for (guint i = 0; i < N_FIT; i++)
            {
              fx[i] = kind == ISC_EIS_PLOT_NYQUIST ? re[i] : freq[i];
              fy[i] = kind == ISC_EIS_PLOT_NYQUIST ? -im[i] : hypot (re[i], im[i]);
              fy2[i] = -atan2 (im[i], re[i]) * 180 / G_PI;
            }
          series = isc_plot_add_series (plot, ISC_SERIES_LINE, NULL, fx, fy, N_FIT);
          isc_plot_series_set_color (series, &color);
          isc_plot_series_set_show_in_legend (series, FALSE);
          if (kind == ISC_EIS_PLOT_BODE)
            {
              series = isc_plot_add_series (plot, ISC_SERIES_LINE, NULL, fx, fy2, N_FIT);
              isc_plot_series_set_color (series, &color);
              isc_plot_series_set_y_axis (series, ISC_PLOT_AXIS_Y2);
              isc_plot_series_set_show_in_legend (series, FALSE);
            }
        }
    }

  if (kind == ISC_EIS_PLOT_NYQUIST)
    {
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, _("<i>Z</i>′ (Ω)"));
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, _("−<i>Z</i>″ (Ω)"));
    }
  else
    {
      isc_plot_set_axis_scale (plot, ISC_PLOT_AXIS_X, ISC_AXIS_LOG);
      isc_plot_set_axis_scale (plot, ISC_PLOT_AXIS_Y, ISC_AXIS_LOG);
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, _("Frequency (Hz)"));
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, _("|<i>Z</i>| (Ω), circles"));
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y2, _("−Phase (°), triangles"));
    }
  isc_plot_set_legend_visible (plot, n > 1);
  return plot;
}

/* The extent of every x/y series of @plot. */
static gboolean
data_extent (IscPlot *plot,
             double  *x0,
             double  *x1,
             double  *y0,
             double  *y1)
{
  gboolean any = FALSE;

  *x0 = *y0 = G_MAXDOUBLE;
  *x1 = *y1 = -G_MAXDOUBLE;
  for (guint k = 0; k < isc_plot_get_n_series (plot); k++)
    {
      const double *x, *y;
      guint n = isc_plot_series_get_data (isc_plot_get_series (plot, k), &x, &y);

      for (guint i = 0; i < n; i++)
        if (isfinite (x[i]) && isfinite (y[i]))
          {
            *x0 = MIN (*x0, x[i]);
            *x1 = MAX (*x1, x[i]);
            *y0 = MIN (*y0, y[i]);
            *y1 = MAX (*y1, y[i]);
            any = TRUE;
          }
    }
  return any;
}

void
isc_eis_plot_equalize (IscPlot *plot,
                       double   width,
                       double   height)
{
  double x0, x1, y0, y1;
  double pad;

  g_return_if_fail (plot != NULL);
  if (width <= 0 || height <= 0 || !data_extent (plot, &x0, &x1, &y0, &y1))
    return;
  /* The Nyquist plane starts at the real axis: −Z'' from 0 unless the data dip far below. */
  y0 = MIN (y0, 0);
  pad = 0.05 * MAX (x1 - x0, y1 - y0);
  if (!(pad > 0))
    pad = 1;
  x0 -= pad;
  x1 += pad;
  y1 += pad;
  if (y0 < 0)
    y0 -= pad;

  /* Tick labels change the data area as the ranges change: two rounds settle it. */
  for (int round = 0; round < 2; round++)
    {
      cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
      cairo_t *cr = cairo_create (surface);
      double ax, ay, aw = 0, ah = 0, per_unit, cx;

      isc_plot_draw (plot, cr, width, height);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      if (!isc_plot_get_data_area (plot, &ax, &ay, &aw, &ah) || aw <= 0 || ah <= 0)
        return;
      /* Ohms per pixel: the larger need of the two axes, applied to both. */
      per_unit = MAX ((x1 - x0) / aw, (y1 - y0) / ah);
      cx = 0.5 * (x0 + x1);
      /* Keep the real axis (or the data's lowest point) at the bottom. */
      {
        double ylo = y0;
        double xlo = cx - 0.5 * per_unit * aw;

        isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_X, xlo, xlo + per_unit * aw, NULL);
        isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_Y, ylo, ylo + per_unit * ah, NULL);
      }
    }
}

gboolean
isc_eis_plot_export (IscPlot                 *plot,
                     IscEisPlotKind           kind,
                     const char              *path,
                     const IscFigureOptions  *options,
                     GError                 **error)
{
  g_autoptr(IscPlot) copy = NULL;

  g_return_val_if_fail (plot != NULL && path != NULL && options != NULL, FALSE);
  if (kind == ISC_EIS_PLOT_NYQUIST)
    {
      /* Equalise with the figure's fonts, at the figure's size in points. */
      copy = isc_plot_copy (plot);
      isc_figure_options_apply_to_plot (options, copy);
      isc_eis_plot_equalize (copy, isc_figure_options_width_pt (options), isc_figure_options_height_pt (options));
      return isc_plot_export_with_options (copy, path, options, error);
    }
  return isc_plot_export_with_options (plot, path, options, error);
}
