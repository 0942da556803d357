/* cmd-spectrum.c: `ionscape-cli spectrum DATA --bin W [--ranges RANGES]` → CSV mq_start,count[,ion];
 * `ionscape-cli spectrum DATA --ranges R [--background LO:HI,…] [--background-model M] --json` →
 * per range raw, background and corrected counts with σ.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "background.h"
#include "cli-commands.h"
#include "ion-cloud.h"
#include "range-set.h"
#include "spectrum.h"

/* Parses --background and --background-model and fits; *@bg stays NULL without windows. */
int
isc_cli_fit_background (const char          *command,
                        const IscIonCloud   *cloud,
                        const guint8        *selected,
                        const char          *windows_text,
                        const char          *model_text,
                        IscBackground      **bg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) windows = NULL;
  IscBackgroundModel model = ISC_BACKGROUND_CONSTANT;

  *bg = NULL;
  if (model_text != NULL && !isc_background_model_from_string (model_text, &model))
    return isc_cli_fail ("%s: --background-model “%s” is not constant or inv-sqrt", command, model_text);
  if (windows_text == NULL)
    return model_text != NULL ? isc_cli_fail ("%s: --background-model needs --background LO:HI[,LO:HI]", command) : 0;
  windows = isc_mass_windows_parse (windows_text, &error);
  if (windows == NULL)
    return isc_cli_fail ("%s: --background: %s", command, error->message);
  *bg = isc_background_fit (cloud, selected, (const IscMassWindow *) windows->data, windows->len, model, NULL, &error);
  if (*bg == NULL)
    return isc_cli_fail ("%s: --background: %s", command, error->message);
  return 0;
}

int
isc_cli_decomposition (const char          *command,
                       const IscIonCloud   *cloud,
                       const IscRangeSet   *ranges,
                       gboolean             decompose,
                       const char          *windows_text,
                       const char          *model_text,
                       IscDecomposition   **d)
{
  g_autoptr(IscBackground) bg = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  *d = NULL;
  if (!decompose)
    return windows_text != NULL || model_text != NULL
           ? isc_cli_fail ("%s: --background needs --decompose", command) : 0;
  if ((status = isc_cli_fit_background (command, cloud, NULL, windows_text, model_text, &bg)) != 0)
    return status;
  *d = isc_decomposition_compute (cloud, ranges, NULL, bg, NULL, &error);
  if (*d == NULL)
    return isc_cli_fail ("%s: --decompose: %s", command, error->message);
  return 0;
}

static void
print_ranges_json (GArray              *counts,
                   const IscBackground *bg)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "background_model");
  if (bg != NULL)
    json_builder_add_string_value (b, isc_background_model_to_string (bg->model));
  else
    json_builder_add_null_value (b);
  if (bg != NULL)
    {
      json_builder_set_member_name (b, "background");
      json_builder_begin_object (b);
      isc_cli_json_add_member (b, "a", bg->a);
      isc_cli_json_add_member (b, "b", bg->b);
      json_builder_set_member_name (b, "windows");
      json_builder_begin_array (b);
      for (guint i = 0; i < bg->n_windows; i++)
        {
          json_builder_begin_array (b);
          json_builder_add_double_value (b, bg->windows[i].low);
          json_builder_add_double_value (b, bg->windows[i].high);
          json_builder_end_array (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "counts");
      json_builder_add_int_value (b, (gint64) bg->counts);
      json_builder_end_object (b);
    }
  json_builder_set_member_name (b, "ranges");
  json_builder_begin_array (b);
  for (guint k = 0; k < counts->len; k++)
    {
      const IscRangeCount *rc = &g_array_index (counts, IscRangeCount, k);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, rc->name);
      isc_cli_json_add_member (b, "low", rc->low);
      isc_cli_json_add_member (b, "high", rc->high);
      json_builder_set_member_name (b, "raw");
      json_builder_add_int_value (b, (gint64) rc->raw);
      isc_cli_json_add_member (b, "background", rc->background);
      isc_cli_json_add_member (b, "corrected", rc->corrected);
      isc_cli_json_add_member (b, "sigma", rc->sigma);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  isc_cli_print_json (root);
}

int
isc_cli_cmd_spectrum (int    argc,
                      char **argv)
{
  g_autofree char *ranges_path = NULL;
  g_autofree char *bg_text = NULL;
  g_autofree char *bg_model = NULL;
  gboolean json = FALSE;
  double bin = 0;
  GOptionEntry entries[] = {
    { "bin", 0, 0, G_OPTION_ARG_DOUBLE, &bin, "Bin width in Da", "W" },
    { "ranges", 0, 0, G_OPTION_ARG_FILENAME, &ranges_path, "Range file: adds the ion of each bin", "RANGES" },
    { "background", 0, 0, G_OPTION_ARG_STRING, &bg_text, "Peak-free windows to fit the background in (Da)", "LO:HI[,LO:HI]" },
    { "background-model", 0, 0, G_OPTION_ARG_STRING, &bg_model,
      "constant (default) or inv-sqrt (a/√m + b, laser pulsing)", "MODEL" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Per range: raw, background, corrected counts and σ as JSON", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DATA — mass-to-charge histogram as CSV, or counts per range");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) set = NULL;
  g_autoptr(IscSpectrum) spectrum = NULL;
  g_autoptr(IscBackground) bg = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return isc_cli_fail ("spectrum: expected one DATA file");
  if (json || bg_text != NULL || bg_model != NULL)
    {
      g_autoptr(GArray) counts = NULL;

      if (!json)
        return isc_cli_fail ("spectrum: --background gives range counts: add --json");
      if (ranges_path == NULL)
        return isc_cli_fail ("spectrum: --json needs --ranges RANGES");
      if ((status = isc_cli_load_data (argv[1], ranges_path, &cloud, &set)) != 0)
        return status;
      if ((status = isc_cli_fit_background ("spectrum", cloud, NULL, bg_text, bg_model, &bg)) != 0)
        return status;
      counts = isc_range_counts_compute (cloud, set, NULL, bg, NULL, &error);
      if (counts == NULL)
        return isc_cli_fail_error (error);
      print_ranges_json (counts, bg);
      return 0;
    }
  if (!(bin > 0))
    return isc_cli_fail ("spectrum: --bin W must be a positive width in Da");

  if ((status = isc_cli_load_data (argv[1], ranges_path, &cloud, &set)) != 0)
    return status;
  spectrum = isc_spectrum_compute (cloud, set, NULL, bin, 0, 0, NULL, &error);
  if (spectrum == NULL)
    return isc_cli_fail_error (error);

  g_string_append (out, set != NULL ? "mq_start,count,ion\n" : "mq_start,count\n");
  for (gsize k = 0; k < spectrum->n_bins; k++)
    {
      char start[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (start, sizeof start, "%.10g", spectrum->start + k * spectrum->bin_width);
      g_string_append_printf (out, "%s,%" G_GUINT64_FORMAT, start, spectrum->counts[k]);
      if (set != NULL)
        {
          guint8 t = spectrum->ion_type[k];

          g_string_append_c (out, ',');
          if (t != ISC_ION_UNRANGED)
            g_string_append (out, isc_range_set_get_ion_type (set, t)->name);
        }
      g_string_append_c (out, '\n');
    }
  fwrite (out->str, 1, out->len, stdout);
  return 0;
}
