/* eels-plot.c: an energy-loss spectrum with its backgrounds, edge markers and windows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "eels-plot.h"

static const IscColor edge_colors[] = {
  { 0.84, 0.37, 0.0, 1 }, { 0.0, 0.45, 0.70, 1 }, { 0.0, 0.62, 0.45, 1 },
  { 0.80, 0.47, 0.74, 1 }, { 0.90, 0.62, 0.0, 1 },
};

const IscEelsPlotWords *
isc_eels_plot_words_english (void)
{
  static const IscEelsPlotWords words = { "Spectrum", "background", "Energy loss (eV)", "Counts" };

  return &words;
}

IscColor
isc_eels_plot_edge_color (guint k)
{
  return edge_colors[k % G_N_ELEMENTS (edge_colors)];
}

/* A table energy as a thin grey line, in range only. */
static void
mark (IscPlot *plot,
      double   x,
      double   lo,
      double   hi)
{
  const IscColor grey = { 0.45, 0.45, 0.45, 0.8 };

  if (x > lo && x < hi)
    isc_plot_add_vline (plot, x, &grey);
}

IscPlot *
isc_eels_plot_spectrum (const char              *title,
                        const double            *e,
                        const double            *y,
                        guint                    n,
                        const IscEelsEdgeResult *results,
                        guint                    n_results,
                        const IscEelsPlotWords  *words)
{
  IscPlot *plot = isc_plot_new ();
  const IscEelsEdgeInfo *table;
  guint n_table;

  g_return_val_if_fail (n > 0, plot);
  if (words == NULL)
    words = isc_eels_plot_words_english ();
  isc_plot_series_set_color (isc_plot_add_series (plot, ISC_SERIES_LINE, words->spectrum, e, y, n),
                             &(IscColor) { 0.15, 0.15, 0.15, 1 });
  table = isc_eels_edge_table (&n_table);
  for (guint k = 0; k < n_table; k++)
    {
      mark (plot, table[k].onset_ev, e[0], e[n - 1]);
      if (table[k].l2_ev > 0)
        mark (plot, table[k].l2_ev, e[0], e[n - 1]);
    }
  for (guint k = 0; k < n_results; k++)
    {
      const IscEelsEdgeResult *r = &results[k];
      g_autoptr(GArray) bx = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) by = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *label = NULL;
      IscColor color = isc_eels_plot_edge_color (k);
      double hi;
      IscPlotSeries *s;

      if (!r->background.ok)
        continue;
      hi = isnan (r->int_hi) ? r->background.hi + 30 : r->int_hi;
      for (guint i = 0; i < n; i++)
        if (e[i] >= r->background.lo && e[i] <= hi)
          {
            double v = isc_eels_power_law_eval (&r->background, e[i]);

            g_array_append_val (bx, e[i]);
            g_array_append_val (by, v);
          }
      if (bx->len == 0)
        continue;
      label = g_strdup_printf ("%s %s %s (r = %.2f)", r->info->element, r->info->edge, words->background,
                               r->background.r);
      s = isc_plot_add_series (plot, ISC_SERIES_LINE, label, (double *) bx->data, (double *) by->data, bx->len);
      isc_plot_series_set_color (s, &color);
      if (r->found && isfinite (r->int_lo) && isfinite (r->int_hi))
        {
          g_autofree char *name = g_markup_escape_text (r->info->element, -1);

          isc_plot_add_xspan (plot, r->int_lo, r->int_hi, &(IscColor) { color.r, color.g, color.b, 0.15 }, name);
        }
    }
  isc_plot_set_title (plot, title);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, words->x_axis);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, words->y_axis);
  isc_plot_set_legend_visible (plot, TRUE);
  return plot;
}
