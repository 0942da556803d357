/* cmd-eis.c: `ionscape-cli eis FILE [--circuit STR] [--initial v1,v2,…] --json | --plot
 * nyquist|bode --out FIG` — impedance spectra, equivalent-circuit fits and the Lin-KK check.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "cli-commands.h"
#include "cli-figure-options.h"
#include "eis-circuit.h"
#include "eis-data.h"
#include "eis-fit.h"
#include "eis-plot.h"

/* Parses "v1,v2,…" into exactly @n positive numbers. */
static gboolean
parse_initial (const char *text,
               double     *out,
               guint       n)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  if (g_strv_length (parts) != n)
    return FALSE;
  return isc_cli_parse_doubles (text, out, n);
}

static void
add_spectrum_json (JsonBuilder          *b,
                   const IscEisSpectrum *s,
                   const IscEisCircuit  *circuit,
                   const IscEisFit      *fit,
                   const IscEisLinKK    *kk)
{
  double f_min = G_MAXDOUBLE, f_max = 0;

  for (guint i = 0; i < s->n; i++)
    {
      f_min = MIN (f_min, s->freq[i]);
      f_max = MAX (f_max, s->freq[i]);
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cycle");
  json_builder_add_int_value (b, s->cycle);
  json_builder_set_member_name (b, "points");
  json_builder_add_int_value (b, s->n);
  isc_cli_json_add_member (b, "freq_min_hz", f_min);
  isc_cli_json_add_member (b, "freq_max_hz", f_max);
  if (fit != NULL)
    {
      int rct = isc_eis_circuit_charge_transfer (circuit);

      json_builder_set_member_name (b, "parameters");
      json_builder_begin_object (b);
      for (guint k = 0; k < fit->n_params; k++)
        isc_cli_json_add_member (b, isc_eis_circuit_get_param_name (circuit, k), fit->values[k]);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "errors");
      json_builder_begin_object (b);
      for (guint k = 0; k < fit->n_params; k++)
        isc_cli_json_add_member (b, isc_eis_circuit_get_param_name (circuit, k), fit->errors[k]);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "units");
      json_builder_begin_object (b);
      for (guint k = 0; k < fit->n_params; k++)
        {
          json_builder_set_member_name (b, isc_eis_circuit_get_param_name (circuit, k));
          json_builder_add_string_value (b, isc_eis_circuit_get_param_unit (circuit, k));
        }
      json_builder_end_object (b);
      isc_cli_json_add_member (b, "r_ct_ohm", rct >= 0 ? fit->values[rct] : NAN);
      isc_cli_json_add_member (b, "rms_ohm", fit->rms_ohm);
    }
  if (kk != NULL)
    {
      isc_cli_json_add_member (b, "kk_residual_max", kk->max_residual);
      json_builder_set_member_name (b, "kk_rc_elements");
      json_builder_add_int_value (b, kk->m);
      isc_cli_json_add_member (b, "kk_mu", kk->mu);
    }
  else
    isc_cli_json_add_member (b, "kk_residual_max", NAN);
  json_builder_end_object (b);
}

int
isc_cli_cmd_eis (int    argc,
                 char **argv)
{
  g_autofree char *circuit_text = NULL;
  g_autofree char *initial_text = NULL;
  g_autofree char *weighting_text = NULL;
  g_autofree char *plot_name = NULL;
  g_autofree char *out_path = NULL;
  gboolean json = FALSE, capacitive = FALSE;
  GOptionEntry entries[] = {
    { "circuit", 0, 0, G_OPTION_ARG_STRING, &circuit_text, "Equivalent circuit to fit, e.g. 'R0-p(R1,CPE1)'", "STR" },
    { "initial", 0, 0, G_OPTION_ARG_STRING, &initial_text, "Initial parameter values in circuit order (default: from the spectrum)", "V1,V2,…" },
    { "weighting", 0, 0, G_OPTION_ARG_STRING, &weighting_text, "modulus (residuals / |Z|, default) or unit", "W" },
    { "capacitive-only", 0, 0, G_OPTION_ARG_NONE, &capacitive, "Drop the points with Z'' >= 0 (inductive high-frequency tail)", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Spectra, fitted parameters, errors and Lin-KK as JSON", NULL },
    { "plot", 0, 0, G_OPTION_ARG_STRING, &plot_name, "nyquist|bode|rct (R_ct against cycle, needs --circuit)", "KIND" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "Figure file (.png, .tif, .svg or .pdf)", "FIG" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscEisData) data = NULL;
  g_autoptr(IscEisCircuit) circuit = NULL;
  g_autoptr(GPtrArray) spectra = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_eis_spectrum_free);
  g_autoptr(GPtrArray) fits = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_eis_fit_free);
  g_autofree double *initial = NULL;
  IscEisWeighting weighting = ISC_EIS_WEIGHT_MODULUS;
  IscEisPlotKind plot_kind = ISC_EIS_PLOT_NYQUIST;
  IscCliFigureArgs figure_args;
  IscFigureOptions figure;
  gboolean figure_ok;

  g_option_context_set_summary (context,
                                "Reads impedance spectra (BioLogic PEIS .mpt, Gamry .DTA, ZPlot/ZView .z, Z60W and\n"
                                "CH Instruments text, CSV of frequency, Z', Z''), fits an equivalent circuit to each\n"
                                "(complex nonlinear least squares) and checks it with Lin-KK; or draws Nyquist/Bode plots.");
  g_option_context_add_main_entries (context, entries, NULL);
  isc_cli_figure_args_init (&figure_args);
  isc_cli_figure_args_add (&figure_args, context);
  figure_ok = isc_cli_parse (context, &argc, &argv)
              && isc_cli_figure_args_resolve (&figure_args, "eis", 0, 0, &figure);
  isc_cli_figure_args_clear (&figure_args);
  if (!figure_ok)
    return 1;
  if (argc != 2)
    return isc_cli_fail ("eis: expected exactly one FILE");
  if (!json && plot_name == NULL)
    return isc_cli_fail ("eis: give --json or --plot nyquist|bode --out FIG");
  if (plot_name != NULL && !isc_eis_plot_kind_from_string (plot_name, &plot_kind))
    return isc_cli_fail ("eis: unknown --plot “%s” (nyquist, bode, rct)", plot_name);
  if (plot_name != NULL && out_path == NULL)
    return isc_cli_fail ("eis: --plot needs --out FIG.png|svg|pdf");
  if (plot_name != NULL && plot_kind == ISC_EIS_PLOT_RCT && circuit_text == NULL)
    return isc_cli_fail ("eis: --plot rct needs --circuit");
  if (weighting_text != NULL)
    {
      if (g_str_equal (weighting_text, "modulus"))
        weighting = ISC_EIS_WEIGHT_MODULUS;
      else if (g_str_equal (weighting_text, "unit"))
        weighting = ISC_EIS_WEIGHT_UNIT;
      else
        return isc_cli_fail ("eis: unknown --weighting “%s” (modulus, unit)", weighting_text);
    }
  if (circuit_text != NULL)
    {
      circuit = isc_eis_circuit_parse (circuit_text, &error);
      if (circuit == NULL)
        return isc_cli_fail_error (error);
    }
  if (initial_text != NULL)
    {
      guint n;

      if (circuit == NULL)
        return isc_cli_fail ("eis: --initial needs --circuit");
      n = isc_eis_circuit_get_n_params (circuit);
      initial = g_new (double, n);
      if (!parse_initial (initial_text, initial, n))
        return isc_cli_fail ("eis: --initial expects %u numbers separated by commas (circuit “%s”), got “%s”",
                             n, circuit_text, initial_text);
    }

  data = isc_eis_data_load (argv[1], &error);
  if (data == NULL)
    return isc_cli_fail_error (error);

  for (guint i = 0; i < data->spectra->len; i++)
    {
      const IscEisSpectrum *s = g_ptr_array_index (data->spectra, i);
      IscEisSpectrum *used = capacitive ? isc_eis_spectrum_capacitive (s)
                                        : isc_eis_spectrum_new (s->n, s->freq, s->re, s->im);

      used->cycle = s->cycle;
      g_ptr_array_add (spectra, used);
      if (circuit != NULL)
        {
          IscEisFit *fit = isc_eis_fit (circuit, used, initial, weighting, &error);

          if (fit == NULL)
            return isc_cli_fail ("%s: spectrum %u: %s", argv[1], used->cycle, error->message);
          g_ptr_array_add (fits, fit);
        }
    }

  if (plot_name != NULL)
    {
      g_autofree IscEisPlotSpectrum *items = g_new0 (IscEisPlotSpectrum, spectra->len);
      g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(IscPlot) plot = NULL;

      for (guint i = 0; i < spectra->len; i++)
        {
          const IscEisSpectrum *s = g_ptr_array_index (spectra, i);
          char *label = g_strdup_printf ("Cycle %u", s->cycle);

          g_ptr_array_add (labels, label);
          items[i].spectrum = s;
          items[i].label = label;
          if (circuit != NULL)
            {
              items[i].circuit = circuit;
              items[i].params = ((IscEisFit *) g_ptr_array_index (fits, i))->values;
              items[i].errors = ((IscEisFit *) g_ptr_array_index (fits, i))->errors;
            }
        }
      plot = isc_eis_plot_new (plot_kind, items, spectra->len);
      if (!isc_eis_plot_export (plot, plot_kind, out_path, &figure, &error))
        return isc_cli_fail_error (error);
    }

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "file");
      json_builder_add_string_value (b, argv[1]);
      json_builder_set_member_name (b, "format");
      json_builder_add_string_value (b, data->format);
      json_builder_set_member_name (b, "circuit");
      if (circuit != NULL)
        json_builder_add_string_value (b, isc_eis_circuit_get_text (circuit));
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "weighting");
      json_builder_add_string_value (b, weighting == ISC_EIS_WEIGHT_MODULUS ? "modulus" : "unit");
      json_builder_set_member_name (b, "spectra");
      json_builder_begin_array (b);
      for (guint i = 0; i < spectra->len; i++)
        {
          const IscEisSpectrum *s = g_ptr_array_index (spectra, i);
          /* Lin-KK with a series capacitance: battery spectra end in a diffusion tail. */
          g_autoptr(IscEisLinKK) kk = isc_eis_linkk (s, 0.85, 50, TRUE, NULL);

          add_spectrum_json (b, s, circuit, circuit != NULL ? g_ptr_array_index (fits, i) : NULL, kk);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      isc_cli_print_json (root);
    }
  return 0;
}
