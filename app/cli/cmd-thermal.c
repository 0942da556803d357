/* cmd-thermal.c: `ionscape-cli thermal FILE…` — thermogravimetric curves: mass-loss steps found
 * automatically (DTG peaks; tangent onset) or in given temperature windows, as JSON, or a figure
 * of mass %, DTG or the DTA/DSC signal against temperature with every file overlaid.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli-commands.h"
#include "cli-figure-options.h"
#include "plot.h"
#include "thermal-analysis.h"
#include "thermal-plot.h"

#define ONSET_METHOD "tangent: the least-squares line of mass % over the plateau before the step meets " \
                     "the tangent at the DTG peak (inflection); endset likewise with the plateau after"

typedef struct
{
  IscThermalCurve *curve;          /* owned by the curves array */
  IscThermalAnalysis *analysis;    /* owned, or NULL when the curve has no mass */
} Entry;

static void
entry_clear (gpointer data)
{
  Entry *e = data;

  g_clear_pointer (&e->analysis, isc_thermal_analysis_free);
}

static char *
dtg_method (guint window)
{
  return g_strdup_printf ("Savitzky–Golay first derivative (polynomial order 2, window %u points) of mass %% and of "
                          "temperature against the point index; DTG = −d(mass %%)/dT in %%/K, on heating only", window);
}

/* "300:400,420:500" → window pairs. */
static gboolean
parse_windows (const char *text,
               GArray     *lo,
               GArray     *hi)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) ab = g_strsplit (g_strstrip (parts[i]), ":", -1);
      double a, b;
      char *end_a, *end_b;

      if (g_strv_length (ab) != 2)
        return FALSE;
      a = g_ascii_strtod (ab[0], &end_a);
      b = g_ascii_strtod (ab[1], &end_b);
      if (end_a == ab[0] || *end_a != '\0' || end_b == ab[1] || *end_b != '\0' || !isfinite (a) || !isfinite (b)
          || !(a < b))
        return FALSE;
      g_array_append_val (lo, a);
      g_array_append_val (hi, b);
    }
  return lo->len > 0;
}

/* "temperature=1,mass=3,time=2,signal=4" (1-based) → columns. */
static gboolean
parse_columns (const char        *text,
               IscThermalColumns *columns)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  isc_thermal_columns_init (columns);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (g_strstrip (parts[i]), "=", 2);
      char *end;
      guint64 v;

      if (kv[0] == NULL || kv[1] == NULL)
        return FALSE;
      v = g_ascii_strtoull (kv[1], &end, 10);
      if (end == kv[1] || *end != '\0' || v < 1 || v > 64)
        return FALSE;
      if (g_str_equal (kv[0], "temperature"))
        columns->temperature = v - 1;
      else if (g_str_equal (kv[0], "mass"))
        columns->mass = v - 1;
      else if (g_str_equal (kv[0], "time"))
        columns->time = v - 1;
      else if (g_str_equal (kv[0], "signal"))
        columns->signal = v - 1;
      else
        return FALSE;
    }
  return TRUE;
}

static void
add_step (JsonBuilder          *b,
          const IscThermalStep *s,
          const char           *file)
{
  json_builder_begin_object (b);
  if (file != NULL)
    {
      json_builder_set_member_name (b, "file");
      json_builder_add_string_value (b, file);
    }
  isc_cli_json_add_member (b, "onset_c", s->onset_c);
  isc_cli_json_add_member (b, "peak_c", s->peak_c);
  isc_cli_json_add_member (b, "endset_c", s->endset_c);
  isc_cli_json_add_member (b, "mass_loss_pct", s->mass_loss_pct);
  isc_cli_json_add_member (b, "dtg_peak_pct_per_k", s->dtg_peak);
  isc_cli_json_add_member (b, "window_lo_c", s->lo_c);
  isc_cli_json_add_member (b, "window_hi_c", s->hi_c);
  isc_cli_json_add_member (b, "mass_start_pct", s->mass_start_pct);
  isc_cli_json_add_member (b, "mass_end_pct", s->mass_end_pct);
  json_builder_set_member_name (b, "manual");
  json_builder_add_boolean_value (b, s->manual);
  json_builder_end_object (b);
}

static IscPlot *
make_plot (GArray             *entries,
           IscThermalPlotKind  kind)
{
  g_autofree IscThermalPlotCurve *items = g_new0 (IscThermalPlotCurve, MAX (entries->len, 1));

  for (guint i = 0; i < entries->len; i++)
    {
      items[i].curve = g_array_index (entries, Entry, i).curve;
      items[i].analysis = g_array_index (entries, Entry, i).analysis;
    }
  return isc_thermal_plot_new (kind, items, entries->len);
}

int
isc_cli_cmd_thermal (int    argc,
                     char **argv)
{
  g_autofree char *steps_text = NULL;
  g_autofree char *plot_name = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *columns_text = NULL;
  int window = 0;
  double threshold = 0, min_loss = 0.1;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "steps", 0, 0, G_OPTION_ARG_STRING, &steps_text, "auto (DTG peaks, default) or temperature windows T1:T2,… in °C", "auto|T1:T2,…" },
    { "window", 0, 0, G_OPTION_ARG_INT, &window, "Savitzky–Golay window of the DTG in points (odd; default: ~4 K of heating)", "N" },
    { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &threshold, "Smallest DTG peak that is a step, %/K (default: 5 % of the largest)", "X" },
    { "min-loss", 0, 0, G_OPTION_ARG_DOUBLE, &min_loss, "Drop automatic steps losing less than this, % (default 0.1)", "PCT" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, "ta|netzsch|mettler|perkinelmer|csv (default: from the content)", "NAME" },
    { "columns", 0, 0, G_OPTION_ARG_STRING, &columns_text, "CSV columns by number from 1: temperature=N,mass=N[,time=N][,signal=N]", "MAP" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Curves and steps as JSON on stdout", NULL },
    { "plot", 0, 0, G_OPTION_ARG_STRING, &plot_name, "mass|dtg|mass-dtg|dta, every file overlaid (mass-dtg: DTG on the right-hand axis)", "KIND" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "Figure file (.png, .tif, .svg or .pdf)", "FIG" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE…");
  g_autoptr(GPtrArray) curves = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_thermal_curve_free);
  g_autoptr(GArray) list = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_autoptr(GArray) win_lo = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) win_hi = g_array_new (FALSE, FALSE, sizeof (double));
  IscThermalFormat format = ISC_THERMAL_FORMAT_AUTO;
  IscThermalColumns columns;
  IscThermalOptions options;
  IscThermalPlotKind plot_kind = ISC_THERMAL_PLOT_MASS;
  IscCliFigureArgs figure_args;
  IscFigureOptions figure;
  gboolean figure_ok;

  g_array_set_clear_func (list, entry_clear);
  g_option_context_set_summary (context,
                                "Reads thermogravimetric and DTA/DSC exports (TA Instruments, NETZSCH, METTLER TOLEDO\n"
                                "STARe, PerkinElmer Pyris, CSV). Mass % is relative to the first point's mass; DTG is a\n"
                                "Savitzky–Golay derivative (stated in the output); steps are DTG peaks with the tangent\n"
                                "onset, DTG peak temperature and mass loss, or the windows given by --steps.");
  g_option_context_add_main_entries (context, entries, NULL);
  isc_cli_figure_args_init (&figure_args);
  isc_cli_figure_args_add (&figure_args, context);
  figure_ok = isc_cli_parse (context, &argc, &argv)
              && isc_cli_figure_args_resolve (&figure_args, "thermal", 0, 0.75, &figure);
  isc_cli_figure_args_clear (&figure_args);
  if (!figure_ok)
    return 1;
  if (argc < 2)
    return isc_cli_fail ("thermal: expected at least one FILE");
  if (!json && plot_name == NULL)
    return isc_cli_fail ("thermal: give --json or --plot mass|dtg|mass-dtg|dta --out FIG");
  if (plot_name != NULL)
    {
      if (g_str_equal (plot_name, "mass-dtg"))
        plot_kind = ISC_THERMAL_PLOT_MASS_DTG;
      else if (g_str_equal (plot_name, "mass"))
        plot_kind = ISC_THERMAL_PLOT_MASS;
      else if (g_str_equal (plot_name, "dtg"))
        plot_kind = ISC_THERMAL_PLOT_DTG;
      else if (g_str_equal (plot_name, "dta") || g_str_equal (plot_name, "dsc"))
        plot_kind = ISC_THERMAL_PLOT_SIGNAL;
      else
        return isc_cli_fail ("thermal: unknown --plot “%s” (mass, dtg, mass-dtg, dta)", plot_name);
      if (out_path == NULL)
        return isc_cli_fail ("thermal: --plot needs --out FIG.png|svg|pdf");
    }
  if (steps_text != NULL && !g_str_equal (steps_text, "auto") && !parse_windows (steps_text, win_lo, win_hi))
    return isc_cli_fail ("thermal: --steps expects auto or T1:T2[,T3:T4…] in °C with T1 < T2, got “%s”", steps_text);
  if (window != 0 && (window < 3 || window % 2 == 0 || window > 2001))
    return isc_cli_fail ("thermal: --window must be an odd number of points from 3 to 2001, got %d", window);
  if (!isfinite (threshold) || threshold < 0 || !isfinite (min_loss) || min_loss < 0)
    return isc_cli_fail ("thermal: --threshold and --min-loss must be ≥ 0");
  if (format_name != NULL)
    {
      static const char *const names[] = { "ta", "netzsch", "mettler", "perkinelmer", "csv" };
      static const IscThermalFormat formats[] = { ISC_THERMAL_FORMAT_TA, ISC_THERMAL_FORMAT_NETZSCH,
                                                  ISC_THERMAL_FORMAT_METTLER, ISC_THERMAL_FORMAT_PERKINELMER,
                                                  ISC_THERMAL_FORMAT_CSV };

      format = G_N_ELEMENTS (names);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        if (g_ascii_strcasecmp (format_name, names[i]) == 0)
          format = formats[i];
      if (format == G_N_ELEMENTS (names))
        return isc_cli_fail ("thermal: unknown --format “%s” (ta, netzsch, mettler, perkinelmer, csv)", format_name);
    }
  isc_thermal_columns_init (&columns);
  if (columns_text != NULL && !parse_columns (columns_text, &columns))
    return isc_cli_fail ("thermal: --columns expects temperature=N,mass=N[,time=N][,signal=N], got “%s”", columns_text);
  isc_thermal_options_init (&options);
  options.window = window;
  options.threshold = threshold;
  options.min_loss = min_loss;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) loaded = isc_thermal_load (argv[i], format, &columns, &error);

      if (loaded == NULL)
        return isc_cli_fail_error (error);
      while (loaded->len > 0)
        g_ptr_array_add (curves, g_ptr_array_steal_index (loaded, 0));
    }
  for (guint i = 0; i < curves->len; i++)
    {
      Entry e = { g_ptr_array_index (curves, i), NULL };

      if (e.curve->mass != NULL)
        {
          g_autoptr(GError) error = NULL;

          e.analysis = isc_thermal_analyse (e.curve, &options, &error);
          if (e.analysis == NULL)
            return isc_cli_fail_error (error);
          if (win_lo->len > 0
              && !isc_thermal_analysis_set_windows (e.analysis, (double *) win_lo->data, (double *) win_hi->data, win_lo->len,
                                                    &error))
            {
              g_autofree char *message = g_strdup_printf ("%s: %s", e.curve->label, error->message);

              isc_thermal_analysis_free (e.analysis);
              return isc_cli_fail ("thermal: %s", message);
            }
        }
      /* A DSC-only file has no steps; it is still listed (and drawn by --plot dta). */
      g_array_append_val (list, e);
    }

  if (plot_name != NULL)
    {
      g_autoptr(IscPlot) plot = make_plot (list, plot_kind);
      g_autoptr(GError) error = NULL;

      if (isc_plot_get_n_series (plot) == 0)
        return isc_cli_fail ("thermal: no file has %s to plot", plot_kind == ISC_THERMAL_PLOT_SIGNAL ? "a DTA/DSC signal" : "a mass curve");
      if (!isc_plot_export_with_options (plot, out_path, &figure, &error))
        return isc_cli_fail_error (error);
    }

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      guint first_window = 0;

      for (guint i = 0; i < list->len && first_window == 0; i++)
        if (g_array_index (list, Entry, i).analysis != NULL)
          first_window = g_array_index (list, Entry, i).analysis->window;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "mass_pct_method");
      json_builder_add_string_value (b, "mass / mass of the first point × 100 (files in % as written)");
      json_builder_set_member_name (b, "onset_method");
      json_builder_add_string_value (b, ONSET_METHOD);
      json_builder_set_member_name (b, "curves");
      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          const Entry *e = &g_array_index (list, Entry, i);
          const IscThermalCurve *c = e->curve;
          double tmin, tmax;

          isc_thermal_curve_get_range (c, &tmin, &tmax);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "file");
          json_builder_add_string_value (b, c->source);
          json_builder_set_member_name (b, "label");
          json_builder_add_string_value (b, c->label);
          json_builder_set_member_name (b, "format");
          json_builder_add_string_value (b, isc_thermal_format_to_string (c->format));
          json_builder_set_member_name (b, "sample");
          if (c->sample != NULL)
            json_builder_add_string_value (b, c->sample);
          else
            json_builder_add_null_value (b);
          isc_cli_json_add_member (b, "sample_mass_mg", c->sample_mass_mg);
          json_builder_set_member_name (b, "n_points");
          json_builder_add_int_value (b, c->n);
          isc_cli_json_add_member (b, "temperature_min_c", tmin);
          isc_cli_json_add_member (b, "temperature_max_c", tmax);
          json_builder_set_member_name (b, "mass_unit");
          if (c->mass != NULL)
            json_builder_add_string_value (b, c->mass_unit == ISC_THERMAL_MASS_PERCENT ? "%" : "mg");
          else
            json_builder_add_null_value (b);
          isc_cli_json_add_member (b, "mass_first", c->mass != NULL ? c->mass[0] : NAN);
          isc_cli_json_add_member (b, "mass_last", c->mass != NULL ? c->mass[c->n - 1] : NAN);
          isc_cli_json_add_member (b, "mass_last_pct", e->analysis != NULL ? e->analysis->mass_pct[c->n - 1] : NAN);
          json_builder_set_member_name (b, "signal");
          if (c->signal != NULL)
            {
              g_autofree char *s = g_strdup_printf ("%s (%s)", c->signal_name != NULL ? c->signal_name : "signal",
                                                    c->signal_unit != NULL ? c->signal_unit : "a.u.");

              json_builder_add_string_value (b, s);
            }
          else
            json_builder_add_null_value (b);
          if (e->analysis != NULL)
            {
              g_autofree char *method = dtg_method (e->analysis->window);

              json_builder_set_member_name (b, "dtg_window");
              json_builder_add_int_value (b, e->analysis->window);
              json_builder_set_member_name (b, "dtg_method");
              json_builder_add_string_value (b, method);
            }
          json_builder_set_member_name (b, "steps");
          json_builder_begin_array (b);
          for (guint k = 0; e->analysis != NULL && k < e->analysis->steps->len; k++)
            add_step (b, &g_array_index (e->analysis->steps, IscThermalStep, k), NULL);
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      /* Every step of every curve, as the summary shape. */
      if (first_window > 0)
        {
          g_autofree char *method = dtg_method (first_window);

          json_builder_set_member_name (b, "dtg_method");
          json_builder_add_string_value (b, method);
        }
      json_builder_set_member_name (b, "steps");
      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          const Entry *e = &g_array_index (list, Entry, i);

          for (guint k = 0; e->analysis != NULL && k < e->analysis->steps->len; k++)
            add_step (b, &g_array_index (e->analysis->steps, IscThermalStep, k), e->curve->source);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      isc_cli_print_json (root);
    }
  return 0;
}
