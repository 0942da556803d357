/* cmd-cycling.c: `ionscape-cli cycling FILE` — per-cycle capacities as JSON, or a figure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "cli-commands.h"
#include "cli-figure-options.h"
#include "cycling-data.h"
#include "cycling-plot.h"

int
isc_cli_cmd_cycling (int    argc,
                     char **argv)
{
  g_autofree char *format_name = NULL;
  g_autofree char *plot_name = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *cycles_text = NULL;
  double mass_mg = NAN, width = NAN, height = NAN;
  int reference = -1;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, "auto|biologic|arbin|maccor|neware|csv (default auto)", "NAME" },
    { "mass-mg", 0, 0, G_OPTION_ARG_DOUBLE, &mass_mg, "Active mass in mg (gives mAh/g)", "M" },
    { "reference-cycle", 0, 0, G_OPTION_ARG_INT, &reference, "Cycle taken as 100 % retention (default: the first at the main rate after formation cycles)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Per-cycle summary as JSON on stdout", NULL },
    { "plot", 0, 0, G_OPTION_ARG_STRING, &plot_name, "capacity|retention|efficiency|voltage|dqdv", "KIND" },
    { "cycles", 0, 0, G_OPTION_ARG_STRING, &cycles_text, "Cycles for voltage/dqdv, e.g. 1,50,100", "LIST" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "Figure file (.png, .tif, .svg or .pdf)", "FIG" },
    { "width-pt", 0, 0, G_OPTION_ARG_DOUBLE, &width, "Figure width in points (default: --width single)", "PT" },
    { "height-pt", 0, 0, G_OPTION_ARG_DOUBLE, &height, "Figure height in points", "PT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscCyclingData) data = NULL;
  IscCyclerFormat format = ISC_CYCLER_AUTO;
  double mass_g;
  IscCliFigureArgs figure_args;
  IscFigureOptions figure;
  gboolean figure_ok;

  g_option_context_set_summary (context,
                                "Reads a cycler export (BioLogic .mpt/.mpr, Arbin, Maccor, Neware, CSV) and prints\n"
                                "per-cycle charge/discharge capacity (mAh), Coulombic efficiency (%), retention (%),\n"
                                "mean voltages (V) and energies (mWh), or draws a figure.");
  g_option_context_add_main_entries (context, entries, NULL);
  isc_cli_figure_args_init (&figure_args);
  isc_cli_figure_args_add (&figure_args, context);
  figure_ok = isc_cli_parse (context, &argc, &argv)
              && isc_cli_figure_args_resolve (&figure_args, "cycling", 0, 0, &figure);
  isc_cli_figure_args_clear (&figure_args);
  if (!figure_ok)
    return 1;
  /* Sizes in points, as before the journal units. */
  if (!isnan (width) || !isnan (height))
    {
      figure.width_preset = ISC_FIGURE_WIDTH_CUSTOM;
      figure.width_mm = ISC_PT_TO_MM (!isnan (width) ? width : isc_figure_options_width_pt (&figure));
      if (!isnan (height))
        figure.height_mm = ISC_PT_TO_MM (height);
    }
  if (argc != 2)
    return isc_cli_fail ("cycling: expected exactly one FILE");
  if (format_name != NULL && !isc_cycler_format_from_string (format_name, &format))
    return isc_cli_fail ("cycling: unknown --format “%s” (auto, biologic, arbin, maccor, neware, csv)", format_name);
  if (!isnan (mass_mg) && !(mass_mg > 0))
    return isc_cli_fail ("cycling: --mass-mg must be positive, got %g", mass_mg);
  if (!json && plot_name == NULL)
    return isc_cli_fail ("cycling: give --json or --plot KIND --out FIG");
  mass_g = mass_mg / 1000.0;

  data = isc_cycling_load (argv[1], format, NULL, &error);
  if (data == NULL)
    return isc_cli_fail_error (error);

  if (plot_name != NULL)
    {
      IscCyclingPlotKind kind;
      g_autoptr(IscPlot) plot = NULL;
      g_autoptr(GArray) cycles = g_array_new (FALSE, FALSE, sizeof (gint32));
      g_autofree char *base = g_path_get_basename (argv[1]);
      IscCyclingCell cell = { data, base, mass_g };

      if (!isc_cycling_plot_kind_from_string (plot_name, &kind))
        return isc_cli_fail ("cycling: unknown --plot “%s” (capacity, retention, efficiency, voltage, dqdv)", plot_name);
      if (out_path == NULL)
        return isc_cli_fail ("cycling: --plot needs --out FIG.png|svg|pdf");
      if (cycles_text != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (cycles_text, ",", -1);

          for (guint i = 0; parts[i] != NULL; i++)
            {
              gint64 v;

              if (!g_ascii_string_to_signed (g_strstrip (parts[i]), 10, G_MININT32, G_MAXINT32, &v, NULL))
                return isc_cli_fail ("cycling: --cycles expects integers separated by commas, got “%s”", cycles_text);
              g_array_append_val (cycles, (gint32) { (gint32) v });
            }
        }
      plot = isc_cycling_plot_new (kind, &cell, 1, cycles->len > 0 ? (gint32 *) cycles->data : NULL,
                                   cycles->len, reference);
      if (!isc_plot_export_with_options (plot, out_path, &figure, &error))
        return isc_cli_fail_error (error);
    }

  if (json)
    {
      IscReferenceChoice choice;
      g_autoptr(GArray) summary = isc_cycling_summarize_full (data, mass_g, reference, &choice);
      g_autoptr(GArray) segments = isc_cycling_rate_segments (data);
      g_autofree char *why = isc_reference_choice_describe (&choice);
      static const char *const reasons[] = { "none", "requested", "first-cycle", "after-formation" };
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      double used_mass = mass_g > 0 ? mass_g : data->active_mass_g;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "file");
      json_builder_add_string_value (b, argv[1]);
      json_builder_set_member_name (b, "format");
      json_builder_add_string_value (b, isc_cycler_format_to_string (data->format));
      isc_cli_json_add_member (b, "active_mass_mg", used_mass > 0 ? used_mass * 1000 : NAN);
      json_builder_set_member_name (b, "n_records");
      json_builder_add_int_value (b, data->records->len);
      json_builder_set_member_name (b, "reference_cycle");
      json_builder_add_int_value (b, choice.cycle);
      json_builder_set_member_name (b, "reference_reason");
      json_builder_add_string_value (b, reasons[choice.reason]);
      json_builder_set_member_name (b, "reference_note");
      json_builder_add_string_value (b, why);
      json_builder_set_member_name (b, "n_formation_cycles");
      json_builder_add_int_value (b, choice.n_formation);
      isc_cli_json_add_member (b, "reference_c_rate", choice.c_rate);
      json_builder_set_member_name (b, "rate_segments");
      json_builder_begin_array (b);
      for (guint i = 0; i < segments->len; i++)
        {
          const IscRateSegment *seg = &g_array_index (segments, IscRateSegment, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "first_cycle");
          json_builder_add_int_value (b, seg->first_cycle);
          json_builder_set_member_name (b, "last_cycle");
          json_builder_add_int_value (b, seg->last_cycle);
          json_builder_set_member_name (b, "n_cycles");
          json_builder_add_int_value (b, seg->n_cycles);
          isc_cli_json_add_member (b, "discharge_current_mA", seg->current_ma);
          isc_cli_json_add_member (b, "c_rate", seg->c_rate);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "cycles");
      json_builder_begin_array (b);
      for (guint i = 0; i < summary->len; i++)
        {
          IscCycleSummary *s = &g_array_index (summary, IscCycleSummary, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "cycle");
          json_builder_add_int_value (b, s->cycle);
          isc_cli_json_add_member (b, "charge_mAh", s->charge_mah);
          isc_cli_json_add_member (b, "discharge_mAh", s->discharge_mah);
          isc_cli_json_add_member (b, "coulombic_efficiency", s->coulombic_efficiency);
          isc_cli_json_add_member (b, "retention", s->retention);
          isc_cli_json_add_member (b, "charge_mAh_g", s->charge_mah_g);
          isc_cli_json_add_member (b, "discharge_mAh_g", s->discharge_mah_g);
          isc_cli_json_add_member (b, "mean_charge_V", s->mean_charge_v);
          isc_cli_json_add_member (b, "mean_discharge_V", s->mean_discharge_v);
          isc_cli_json_add_member (b, "charge_energy_mWh", s->charge_energy_mwh);
          isc_cli_json_add_member (b, "discharge_energy_mWh", s->discharge_energy_mwh);
          json_builder_set_member_name (b, "n_records");
          json_builder_add_int_value (b, s->n_records);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      isc_cli_print_json (root);
    }
  return 0;
}
