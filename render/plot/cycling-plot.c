/* cycling-plot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include <glib/gi18n.h>

#include "cycling-plot.h"

gboolean
isc_cycling_plot_kind_from_string (const char         *text,
                                   IscCyclingPlotKind *kind)
{
  static const char *const names[] = { "capacity", "retention", "efficiency", "voltage", "dqdv",
                                       "capacity-efficiency" };

  g_return_val_if_fail (kind != NULL, FALSE);
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (text, names[i]))
      {
        *kind = (IscCyclingPlotKind) i;
        return TRUE;
      }
  return FALSE;
}

char *
isc_cycling_reference_text (const IscReferenceChoice *choice)
{
  g_autofree char *rate = NULL;

  g_return_val_if_fail (choice != NULL, NULL);
  rate = isc_c_rate_format (choice->c_rate);
  switch (choice->reason)
    {
    case ISC_REFERENCE_NONE:
      return g_strdup (_("no cycle with a discharge"));
    case ISC_REFERENCE_AFTER_FORMATION:
      if (*rate != '\0')
        /* Translators: %d is a cycle number, %s a rate such as “1 C” */
        return g_strdup_printf (_("retention relative to cycle %d, the first at %s"), choice->cycle, rate);
      return g_strdup_printf (_("retention relative to cycle %d, the first after formation"), choice->cycle);
    case ISC_REFERENCE_FIRST_CYCLE:
    case ISC_REFERENCE_REQUESTED:
    default:
      return g_strdup_printf (_("retention relative to cycle %d"), choice->cycle);
    }
}

char *
isc_cycling_segments_text (const IscCyclingData *data)
{
  g_autoptr(GArray) segments = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (data != NULL, NULL);
  segments = isc_cycling_rate_segments (data);
  if (segments->len < 2)
    return g_strdup ("");
  for (guint i = 0; i < segments->len; i++)
    {
      const IscRateSegment *seg = &g_array_index (segments, IscRateSegment, i);
      g_autofree char *rate = isc_c_rate_format (seg->c_rate);

      if (*rate == '\0')
        return g_strdup ("");
      if (i > 0)
        g_string_append (out, ", ");
      if (seg->first_cycle == seg->last_cycle)
        /* Translators: a cycle number and its rate, e.g. “cycle 1 at 0.1 C” */
        g_string_append_printf (out, _("cycle %d at %s"), seg->first_cycle, rate);
      else
        /* Translators: a range of cycles and their rate, e.g. “cycles 3–302 at 1 C” */
        g_string_append_printf (out, _("cycles %d–%d at %s"), seg->first_cycle, seg->last_cycle, rate);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The rate segments as pale bands with their rate on top (one cell only). */
static void
add_segment_spans (IscPlot              *plot,
                   const IscCyclingData *data)
{
  g_autoptr(GArray) segments = isc_cycling_rate_segments (data);

  if (segments->len < 2)
    return;
  for (guint i = 0; i < segments->len; i++)
    {
      const IscRateSegment *seg = &g_array_index (segments, IscRateSegment, i);
      g_autofree char *rate = isc_c_rate_format (seg->c_rate);
      IscColor color = isc_color_with_alpha (isc_palette_get (i % 2 == 0 ? 7 : 4), 0.12);

      if (*rate == '\0')
        return;
      isc_plot_add_xspan (plot, seg->first_cycle - 0.5, seg->last_cycle + 0.5, &color, rate);
    }
}

GArray *
isc_cycling_pick_cycles (const IscCyclingData *data,
                         guint                 max)
{
  g_autoptr(GArray) summary = isc_cycling_summarize (data, NAN, -1);
  g_autoptr(GArray) with_discharge = g_array_new (FALSE, FALSE, sizeof (gint32));
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gint32));

  for (guint i = 0; i < summary->len; i++)
    {
      IscCycleSummary *s = &g_array_index (summary, IscCycleSummary, i);

      if (s->discharge_mah > 0 && s->charge_mah > 0)
        g_array_append_val (with_discharge, s->cycle);
    }
  if (with_discharge->len == 0 || max == 0)
    return out;
  if (with_discharge->len <= max)
    {
      g_array_append_vals (out, with_discharge->data, with_discharge->len);
      return out;
    }
  for (guint k = 0; k < max; k++)
    {
      guint idx = (guint) round ((double) k * (with_discharge->len - 1) / (max - 1));
      gint32 c = g_array_index (with_discharge, gint32, idx);

      if (out->len == 0 || g_array_index (out, gint32, out->len - 1) != c)
        g_array_append_val (out, c);
    }
  return out;
}

static double
cell_mass (const IscCyclingCell *cell)
{
  if (cell->mass_g > 0)
    return cell->mass_g;
  if (cell->data->active_mass_g > 0)
    return cell->data->active_mass_g;
  return NAN;
}

static gboolean
all_have_mass (const IscCyclingCell *cells,
               guint                 n)
{
  for (guint i = 0; i < n; i++)
    if (!(cell_mass (&cells[i]) > 0))
      return FALSE;
  return n > 0;
}

static void
add_per_cycle (IscPlot              *plot,
               const IscCyclingCell *cell,
               guint                 index,
               IscCyclingPlotKind    kind,
               gboolean              specific,
               gint32                reference_cycle,
               gboolean              twin,
               gboolean              single)
{
  IscReferenceChoice choice;
  g_autoptr(GArray) s = isc_cycling_summarize_full (cell->data, cell->mass_g, reference_cycle, &choice);
  g_autofree double *x = g_new0 (double, MAX (s->len, 1));
  g_autofree double *qd = g_new0 (double, MAX (s->len, 1));
  g_autofree double *qc = g_new0 (double, MAX (s->len, 1));
  g_autofree double *ce = g_new0 (double, MAX (s->len, 1));
  g_autofree double *rt = g_new0 (double, MAX (s->len, 1));
  IscColor color = isc_palette_get (index);
  guint n = 0;
  IscPlotSeries *series;
  const char *label = cell->label != NULL ? cell->label : "";

  for (guint i = 0; i < s->len; i++)
    {
      IscCycleSummary *c = &g_array_index (s, IscCycleSummary, i);

      if (c->charge_mah <= 0 && c->discharge_mah <= 0)
        continue;   /* rest-only or EIS "cycles" */
      x[n] = c->cycle;
      qd[n] = c->discharge_mah > 0 ? (specific ? c->discharge_mah_g : c->discharge_mah) : NAN;
      qc[n] = c->charge_mah > 0 ? (specific ? c->charge_mah_g : c->charge_mah) : NAN;
      ce[n] = c->coulombic_efficiency;
      rt[n] = c->discharge_mah > 0 ? c->retention : NAN;
      n++;
    }

  if (kind == ISC_CYCLING_PLOT_CAPACITY || kind == ISC_CYCLING_PLOT_CAPACITY_EFFICIENCY)
    {
      g_autofree char *ld = single ? g_strdup (_("Discharge")) : g_strdup_printf (_("%s discharge"), label);
      g_autofree char *lc = single ? g_strdup (_("Charge")) : g_strdup_printf (_("%s charge"), label);

      /* One cell: a colour per quantity. Several: a colour per cell, charge paler. */
      IscColor c_dis = color, c_ch = single ? isc_palette_get (1) : isc_color_with_alpha (color, 0.55);
      IscColor c_ce = single ? isc_palette_get (2) : color;
      double ms = n > 80 ? 2.5 : 4;

      if (single)
        add_segment_spans (plot, cell->data);

      series = isc_plot_add_series (plot, ISC_SERIES_LINE, ld, x, qd, n);
      isc_plot_series_set_color (series, &c_dis);
      isc_plot_series_set_marker (series, ISC_MARKER_CIRCLE, ms);
      series = isc_plot_add_series (plot, ISC_SERIES_SCATTER, lc, x, qc, n);
      isc_plot_series_set_color (series, &c_ch);
      isc_plot_series_set_marker (series, ISC_MARKER_TRIANGLE, ms);
      if (twin)
        {
          g_autofree char *le = single ? g_strdup (_("Efficiency")) : g_strdup_printf (_("%s efficiency"), label);

          series = isc_plot_add_series (plot, ISC_SERIES_SCATTER, le, x, ce, n);
          isc_plot_series_set_color (series, &c_ce);
          isc_plot_series_set_marker (series, ISC_MARKER_DIAMOND, ms);
          isc_plot_series_set_y_axis (series, ISC_PLOT_AXIS_Y2);
        }
    }
  else
    {
      g_autofree char *ref_label = NULL;

      if (kind == ISC_CYCLING_PLOT_RETENTION)
        {
          /* Say what 100 % is: a title for one cell, in each legend entry for several. */
          g_autofree char *text = isc_cycling_reference_text (&choice);

          if (single)
            {
              g_autofree char *title = g_strdup_printf ("%C%s", g_unichar_toupper (g_utf8_get_char (text)),
                                                        g_utf8_next_char (text));
              isc_plot_set_title (plot, title);
            }
          else
            ref_label = g_strdup_printf ("%s (%s)", label, text);
        }
      if (single && kind != ISC_CYCLING_PLOT_EFFICIENCY)
        add_segment_spans (plot, cell->data);
      series = isc_plot_add_series (plot, ISC_SERIES_LINE, ref_label != NULL ? ref_label : label, x,
                                    kind == ISC_CYCLING_PLOT_RETENTION ? rt : ce, n);
      isc_plot_series_set_show_in_legend (series, !single);
      isc_plot_series_set_color (series, &color);
      isc_plot_series_set_marker (series, ISC_MARKER_CIRCLE, 3);
    }
}

static void
add_curves (IscPlot              *plot,
            const IscCyclingCell *cell,
            guint                 index,
            guint                 n_cells,
            IscCyclingPlotKind    kind,
            gboolean              specific,
            const gint32         *cycles,
            guint                 n_cycles)
{
  g_autoptr(GArray) picked = NULL;
  gint32 cmin = G_MAXINT32, cmax = G_MININT32;

  if (cycles == NULL)
    {
      picked = isc_cycling_pick_cycles (cell->data, 5);
      cycles = (const gint32 *) picked->data;
      n_cycles = picked->len;
    }
  for (guint k = 0; k < n_cycles; k++)
    {
      cmin = MIN (cmin, cycles[k]);
      cmax = MAX (cmax, cycles[k]);
    }
  for (guint k = 0; k < n_cycles; k++)
    {
      /* Colour by cycle number (viridis) for one cell; by cell when comparing several. */
      IscColor color = n_cells > 1 ? isc_palette_get (index)
                       : isc_colormap_viridis (cmax > cmin ? 0.9 * (cycles[k] - cmin) / (double) (cmax - cmin) : 0);

      for (int half = 0; half < 2; half++)
        {
          g_autoptr(GArray) a = NULL;
          g_autoptr(GArray) b = NULL;
          g_autofree char *label = NULL;
          IscPlotSeries *series;
          gboolean ok;
          double mass = specific ? cell_mass (cell) : -1;

          if (kind == ISC_CYCLING_PLOT_VOLTAGE)
            ok = isc_cycling_voltage_curve (cell->data, cycles[k], half == 0, mass, &a, &b);
          else
            ok = isc_cycling_dqdv (cell->data, cycles[k], half == 0, mass, 0, &a, &b);
          if (!ok)
            continue;
          if (kind == ISC_CYCLING_PLOT_DQDV && half == 1)
            for (guint i = 0; i < b->len; i++)
              g_array_index (b, double, i) = -g_array_index (b, double, i);   /* discharge below zero */
          if (half == 0)
            label = n_cells > 1 ? g_strdup_printf (_("%s, cycle %d"), cell->label != NULL ? cell->label : "", cycles[k])
                                : g_strdup_printf (_("Cycle %d"), cycles[k]);
          if (kind == ISC_CYCLING_PLOT_VOLTAGE)
            series = isc_plot_add_series (plot, ISC_SERIES_LINE, label, (double *) a->data, (double *) b->data, a->len);
          else
            series = isc_plot_add_series (plot, ISC_SERIES_LINE, label, (double *) a->data, (double *) b->data, a->len);
          isc_plot_series_set_color (series, &color);
          isc_plot_series_set_show_in_legend (series, half == 0 && (n_cells == 1 || k == 0));
        }
    }
}

IscPlot *
isc_cycling_plot_new (IscCyclingPlotKind    kind,
                      const IscCyclingCell *cells,
                      guint                 n_cells,
                      const gint32         *cycles,
                      guint                 n_cycles,
                      gint32                reference_cycle)
{
  IscPlot *plot;
  gboolean specific;
  const char *cap_label;

  g_return_val_if_fail (n_cells == 0 || cells != NULL, NULL);

  plot = isc_plot_new ();
  specific = all_have_mass (cells, n_cells);
  cap_label = specific ? _("Capacity (mAh g<sup>−1</sup>)") : _("Capacity (mAh)");
  switch (kind)
    {
    case ISC_CYCLING_PLOT_CAPACITY:
    case ISC_CYCLING_PLOT_CAPACITY_EFFICIENCY:
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, _("Cycle"));
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, cap_label);
      if (kind == ISC_CYCLING_PLOT_CAPACITY_EFFICIENCY)
        isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y2, _("Coulombic efficiency (%)"));
      break;
    case ISC_CYCLING_PLOT_RETENTION:
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, _("Cycle"));
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, _("Capacity retention (%)"));
      break;
    case ISC_CYCLING_PLOT_EFFICIENCY:
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, _("Cycle"));
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, _("Coulombic efficiency (%)"));
      break;
    case ISC_CYCLING_PLOT_VOLTAGE:
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, cap_label);
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, _("Voltage (V)"));
      break;
    case ISC_CYCLING_PLOT_DQDV:
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, _("Voltage (V)"));
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y,
                               specific ? _("dQ/dV (mAh g<sup>−1</sup> V<sup>−1</sup>)") : _("dQ/dV (mAh V<sup>−1</sup>)"));
      break;
    }

  for (guint i = 0; i < n_cells; i++)
    {
      if (kind == ISC_CYCLING_PLOT_VOLTAGE || kind == ISC_CYCLING_PLOT_DQDV)
        add_curves (plot, &cells[i], i, n_cells, kind, specific, cycles, n_cycles);
      else
        add_per_cycle (plot, &cells[i], i, kind, specific, reference_cycle,
                       kind == ISC_CYCLING_PLOT_CAPACITY_EFFICIENCY, n_cells == 1);
    }
  return plot;
}
