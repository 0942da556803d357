/* thermal-plot.c: mass %, DTG and DTA/DSC curves against temperature.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>
#include <math.h>

#include "palette.h"
#include "thermal-plot.h"

/* Mass % at @t_c on the curve, by linear interpolation over the first heating pass through it. */
static double
mass_at (const IscThermalAnalysis *a,
         double                    t_c)
{
  for (guint k = 1; k < a->n; k++)
    {
      double t0 = a->temperature_c[k - 1], t1 = a->temperature_c[k];

      if (t0 <= t_c && t_c <= t1 && t1 > t0)
        return a->mass_pct[k - 1] + (a->mass_pct[k] - a->mass_pct[k - 1]) * (t_c - t0) / (t1 - t0);
    }
  return NAN;
}

/* The onsets as triangles on the mass curve, in the curve's colour. */
static void
add_onsets (IscPlot                  *plot,
            const IscThermalAnalysis *a,
            const IscColor           *color)
{
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));
  IscPlotSeries *series;

  for (guint k = 0; k < a->steps->len; k++)
    {
      double onset = g_array_index (a->steps, IscThermalStep, k).onset_c;
      double m = isfinite (onset) ? mass_at (a, onset) : NAN;

      if (isfinite (m))
        {
          g_array_append_val (x, onset);
          g_array_append_val (y, m);
        }
    }
  if (x->len == 0)
    return;
  series = isc_plot_add_series (plot, ISC_SERIES_SCATTER, NULL, (double *) x->data, (double *) y->data, x->len);
  isc_plot_series_set_color (series, color);
  isc_plot_series_set_marker (series, ISC_MARKER_TRIANGLE, 6);
  isc_plot_series_set_show_in_legend (series, FALSE);
}

IscPlot *
isc_thermal_plot_new (IscThermalPlotKind         kind,
                      const IscThermalPlotCurve *curves,
                      guint                      n)
{
  IscPlot *plot = isc_plot_new ();
  g_autofree char *signal_label = NULL;
  guint drawn = 0;

  g_return_val_if_fail (curves != NULL || n == 0, plot);

  /* Labels are file names: the plot shows text that is no valid markup verbatim. */
  for (guint i = 0; i < n; i++)
    {
      const IscThermalCurve *c = curves[i].curve;
      const IscThermalAnalysis *a = curves[i].analysis;
      const double *y = NULL, *y2 = NULL;
      IscColor color, faint;
      IscPlotSeries *series;

      switch (kind)
        {
        case ISC_THERMAL_PLOT_MASS_DTG:
          y = a != NULL ? a->mass_pct : NULL;
          y2 = a != NULL ? a->dtg : NULL;
          break;
        case ISC_THERMAL_PLOT_MASS:
          y = a != NULL ? a->mass_pct : NULL;
          break;
        case ISC_THERMAL_PLOT_DTG:
          y = a != NULL ? a->dtg : NULL;
          break;
        case ISC_THERMAL_PLOT_SIGNAL:
        default:
          y = c->signal;
          if (y != NULL && signal_label == NULL)
            signal_label = g_strdup_printf ("%s (%s)", c->signal_name != NULL ? c->signal_name : _("Signal"),
                                            c->signal_unit != NULL ? c->signal_unit : _("a.u."));
          break;
        }
      if (y == NULL)
        continue;
      color = isc_palette_get (drawn++ % isc_palette_get_n ());
      faint = isc_color_with_alpha (color, 0.6);
      series = isc_plot_add_series (plot, ISC_SERIES_LINE, c->label, c->temperature_c, y, c->n);
      isc_plot_series_set_color (series, &color);
      if (y2 != NULL)
        {
          /* The derivative, thinner and fainter on the right-hand axis: one legend row a curve. */
          series = isc_plot_add_series (plot, ISC_SERIES_LINE, NULL, c->temperature_c, y2, c->n);
          isc_plot_series_set_color (series, &faint);
          isc_plot_series_set_line_width (series, 0.75);
          isc_plot_series_set_y_axis (series, ISC_PLOT_AXIS_Y2);
          isc_plot_series_set_show_in_legend (series, FALSE);
        }
      if (kind != ISC_THERMAL_PLOT_SIGNAL && a != NULL)
        {
          for (guint k = 0; k < a->steps->len; k++)
            isc_plot_add_vline (plot, g_array_index (a->steps, IscThermalStep, k).peak_c, &faint);
          if (kind != ISC_THERMAL_PLOT_DTG)
            add_onsets (plot, a, &color);
        }
    }
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, _("Temperature (°C)"));
  switch (kind)
    {
    case ISC_THERMAL_PLOT_MASS_DTG:
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, _("Mass (%)"));
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y2, _("DTG −d<i>m</i>/d<i>T</i> (%/K), thin"));
      break;
    case ISC_THERMAL_PLOT_MASS:
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, _("Mass (%)"));
      break;
    case ISC_THERMAL_PLOT_DTG:
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, _("DTG −d<i>m</i>/d<i>T</i> (%/K)"));
      break;
    case ISC_THERMAL_PLOT_SIGNAL:
    default:
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, signal_label != NULL ? signal_label : _("DTA/DSC"));
      break;
    }
  isc_plot_set_legend_visible (plot, drawn > 1);
  return plot;
}
