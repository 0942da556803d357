/* cmd-eels.c: `ionscape-cli eels FILE [--edges Ni,Co,Mn,O] [--low-loss FILE] --json | --plot
 * spectrum --out F` → edge onsets, L3/L2 white lines and ratios, power-law backgrounds, the
 * zero-loss peak and t/λ, and per-pixel maps of a line scan or spectrum image.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli-commands.h"
#include "eels.h"
#include "eels-plot.h"
#include "plot.h"

static void
add_string (JsonBuilder *b,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, value);
}

static void
add_window (JsonBuilder *b,
            const char  *key,
            double       lo,
            double       hi)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  isc_cli_json_add_number (b, lo);
  isc_cli_json_add_number (b, hi);
  json_builder_end_array (b);
}

static void
add_zero_loss (JsonBuilder           *b,
               const char            *source,
               const IscEelsZeroLoss *z,
               double                 shift)
{
  json_builder_set_member_name (b, "zero_loss");
  json_builder_begin_object (b);
  add_string (b, "source", source);
  isc_cli_json_add_member (b, "centre_ev", z->centre_ev);
  isc_cli_json_add_member (b, "fwhm_ev", z->fwhm_ev);
  isc_cli_json_add_member (b, "first_minimum_ev", z->first_minimum_ev);
  isc_cli_json_add_member (b, "t_over_lambda", z->t_over_lambda);
  add_string (b, "t_over_lambda_method", "log-ratio: ln(I_total / I_ZLP), I_ZLP summed up to the first minimum after the peak");
  isc_cli_json_add_member (b, "shift_applied_ev", shift);
  json_builder_end_object (b);
}

int
isc_cli_cmd_eels (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscEelsData) data = NULL;
  g_autoptr(IscEelsData) low = NULL;
  g_autoptr(GPtrArray) edges = g_ptr_array_new ();
  g_autofree char *edges_text = NULL;
  g_autofree char *low_path = NULL;
  g_autofree char *plot_name = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *method_text = NULL;
  g_autofree double *sum = NULL;
  g_autofree double *e = NULL;
  g_autofree IscEelsEdgeResult *results = NULL;
  double width = 50, shift = 0;
  gboolean json = FALSE, have_zlp = FALSE;
  IscEelsZeroLoss zlp = { 0 };
  const char *zlp_source = NULL;
  IscEelsEdgeOptions options;
  GOptionEntry entries[] = {
    { "edges", 'e', 0, G_OPTION_ARG_STRING, &edges_text, "Edges by element, e.g. Ni,Co,Mn,O (default: every tabulated edge in range)", "LIST" },
    { "low-loss", 'l', 0, G_OPTION_ARG_FILENAME, &low_path, "Low-loss spectrum: align the energy scale to its zero-loss peak, t/λ", "FILE" },
    { "method", 'm', 0, G_OPTION_ARG_STRING, &method_text, "L3/L2 white-line ratio: pearson (default) or second-derivative", "METHOD" },
    { "integration-width", 'w', 0, G_OPTION_ARG_DOUBLE, &width, "Edge integration window after the onset in eV (default 50)", "EV" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { "plot", 'p', 0, G_OPTION_ARG_STRING, &plot_name, "Figure to write: spectrum", "KIND" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, "Figure file (.png, .svg, .pdf)", "FILE" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "EELS edges of a spectrum, line scan or spectrum image (DM3/DM4, EMSA/MSA): power-law "
                                "background, onsets, L3/L2 white-line ratio (Pearson's or the second-derivative method), zero-loss peak and t/λ.");
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return isc_cli_fail ("eels needs exactly one FILE");
  if (!json && plot_name == NULL)
    return isc_cli_fail ("eels: give --json or --plot spectrum --out FILE");
  if (plot_name != NULL && !g_str_equal (plot_name, "spectrum"))
    return isc_cli_fail ("eels: --plot is “spectrum”, got “%s”", plot_name);
  if (plot_name != NULL && out_path == NULL)
    return isc_cli_fail ("eels: --plot needs --out FILE");
  isc_eels_edge_options_init (&options);
  if (method_text != NULL && !isc_eels_white_line_method_from_string (method_text, &options.method))
    return isc_cli_fail ("eels: --method is “pearson” or “second-derivative”, got “%s”", method_text);
  if (!(width > 0 && width <= 1000))
    return isc_cli_fail ("eels: --integration-width must be in (0, 1000] eV");
  if (edges_text != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (edges_text, ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          const IscEelsEdgeInfo *info = isc_eels_edge_lookup (g_strstrip (parts[j]));

          if (info == NULL)
            {
              GString *known = g_string_new (NULL);
              guint n;
              const IscEelsEdgeInfo *table = isc_eels_edge_table (&n);

              for (guint k = 0; k < n; k++)
                g_string_append_printf (known, "%s%s", k ? ", " : "", table[k].element);
              isc_cli_fail ("eels: no edge of “%s” in the table (%s)", parts[j], known->str);
              g_string_free (known, TRUE);
              return 1;
            }
          g_ptr_array_add (edges, (gpointer) info);
        }
    }

  data = isc_eels_load (argv[1], &error);
  if (data == NULL)
    return isc_cli_fail_error (error);
  sum = isc_eels_sum_spectrum (data);

  /* Zero-loss alignment: the low-loss partner's ZLP, else this file's own when it holds 0 eV. */
  if (low_path != NULL)
    {
      g_autofree double *le = NULL;
      g_autofree double *lsum = NULL;

      low = isc_eels_load (low_path, &error);
      if (low == NULL)
        return isc_cli_fail_error (error);
      le = isc_eels_energy_axis (low, 0);
      lsum = isc_eels_sum_spectrum (low);
      if (!isc_eels_zero_loss (le, lsum, low->n_channels, &zlp))
        return isc_cli_fail ("eels: no zero-loss peak in %s", low_path);
      have_zlp = TRUE;
      zlp_source = "low-loss";
    }
  else if (isc_eels_energy (data, 0) < 0 && isc_eels_energy (data, data->n_channels - 1) > 0)
    {
      g_autofree double *own = isc_eels_energy_axis (data, 0);

      have_zlp = isc_eels_zero_loss (own, sum, data->n_channels, &zlp);
      zlp_source = "file";
    }
  if (have_zlp)
    shift = -zlp.centre_ev;
  e = isc_eels_energy_axis (data, shift);

  if (edges_text == NULL)
    {
      guint n;
      const IscEelsEdgeInfo *table = isc_eels_edge_table (&n);

      for (guint k = 0; k < n; k++)
        if (table[k].onset_ev - 30 > e[0] && table[k].onset_ev + 10 < e[data->n_channels - 1])
          g_ptr_array_add (edges, (gpointer) &table[k]);
    }
  options.integration_width = width;
  results = g_new0 (IscEelsEdgeResult, MAX (edges->len, 1));
  for (guint k = 0; k < edges->len; k++)
    isc_eels_analyse_edge (e, sum, data->n_channels, g_ptr_array_index (edges, k), &options, &results[k]);

  if (plot_name != NULL)
    {
      g_autoptr(IscPlot) plot = isc_eels_plot_spectrum (data->title, e, sum, data->n_channels, results, edges->len, NULL);

      if (!isc_plot_export (plot, out_path, 480, 320, 150, &error))
        return isc_cli_fail_error (error);
    }

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      guint n_pixels = data->width * data->height;

      json_builder_begin_object (b);
      add_string (b, "file", argv[1]);
      add_string (b, "format", data->format);
      add_string (b, "title", data->title);
      json_builder_set_member_name (b, "n_channels");
      json_builder_add_int_value (b, data->n_channels);
      json_builder_set_member_name (b, "width");
      json_builder_add_int_value (b, data->width);
      json_builder_set_member_name (b, "height");
      json_builder_add_int_value (b, data->height);
      isc_cli_json_add_member (b, "energy_offset_ev", data->energy_offset);
      isc_cli_json_add_member (b, "energy_scale_ev", data->energy_scale);
      isc_cli_json_add_member (b, "origin_channels", data->origin_channels);
      isc_cli_json_add_member (b, "beam_energy_kev", data->beam_energy_kev);
      if (have_zlp)
        add_zero_loss (b, zlp_source, &zlp, shift);
      add_string (b, "white_line_method", isc_eels_white_line_method_describe (options.method));
      add_string (b, "white_line_method_id", isc_eels_white_line_method_to_string (options.method));

      json_builder_set_member_name (b, "edges");
      json_builder_begin_array (b);
      for (guint k = 0; k < edges->len; k++)
        {
          const IscEelsEdgeResult *r = &results[k];

          json_builder_begin_object (b);
          add_string (b, "element", r->info->element);
          add_string (b, "edge", r->info->edge);
          json_builder_set_member_name (b, "found");
          json_builder_add_boolean_value (b, r->found);
          /* an edge that is not found has no onset or white lines worth printing */
          isc_cli_json_add_member (b, "onset_ev", r->found ? r->onset_ev : NAN);
          isc_cli_json_add_member (b, "l3_ev", r->found ? r->l3_ev : NAN);
          isc_cli_json_add_member (b, "l2_ev", r->found ? r->l2_ev : NAN);
          isc_cli_json_add_member (b, "l3_l2_ratio", r->found ? r->l3_l2_ratio : NAN);
          add_string (b, "l3_l2_method", isc_eels_white_line_method_to_string (r->method));
          isc_cli_json_add_member (b, "table_onset_ev", r->info->onset_ev);
          isc_cli_json_add_member (b, "l3_height", r->found ? r->l3_height : NAN);
          isc_cli_json_add_member (b, "l2_height", r->found ? r->l2_height : NAN);
          isc_cli_json_add_member (b, "l3_area", r->found ? r->l3_area : NAN);
          isc_cli_json_add_member (b, "l2_area", r->found ? r->l2_area : NAN);
          isc_cli_json_add_member (b, "continuum", r->found ? r->continuum : NAN);
          isc_cli_json_add_member (b, "integral", r->found ? r->integral : NAN);
          add_window (b, "integration_window_ev", r->int_lo, r->int_hi);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);

      json_builder_set_member_name (b, "background");
      json_builder_begin_object (b);
      add_string (b, "model", "power law A*E^-r");
      add_string (b, "fit", "linear least squares of ln I against ln E over a pre-edge window");
      json_builder_set_member_name (b, "edges");
      json_builder_begin_array (b);
      for (guint k = 0; k < edges->len; k++)
        {
          const IscEelsEdgeResult *r = &results[k];

          json_builder_begin_object (b);
          add_string (b, "element", r->info->element);
          add_window (b, "window_ev", r->background.lo, r->background.hi);
          isc_cli_json_add_member (b, "A", r->background.ok ? r->background.a : NAN);
          isc_cli_json_add_member (b, "r", r->background.ok ? r->background.r : NAN);
          isc_cli_json_add_member (b, "rms", r->background.ok ? r->background.rms : NAN);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);

      /* Line scan / spectrum image: every pixel with the background window of the sum spectrum. */
      if (n_pixels > 1)
        {
          json_builder_set_member_name (b, "map");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "width");
          json_builder_add_int_value (b, data->width);
          json_builder_set_member_name (b, "height");
          json_builder_add_int_value (b, data->height);
          isc_cli_json_add_member (b, "pixel_size", data->spatial_scale);
          add_string (b, "pixel_unit", data->spatial_unit);
          add_string (b, "order", "row-major, x fastest");
          json_builder_set_member_name (b, "edges");
          json_builder_begin_array (b);
          for (guint k = 0; k < edges->len; k++)
            {
              const IscEelsEdgeResult *r = &results[k];
              g_autofree IscEelsEdgeResult *px = g_new0 (IscEelsEdgeResult, n_pixels);
              const char *keys[] = { "onset_ev", "integral", "l3_ev", "l3_l2_ratio" };

              isc_eels_analyse_map (data, e, r->info, &options, r, px);
              json_builder_begin_object (b);
              add_string (b, "element", r->info->element);
              json_builder_set_member_name (b, "found");
              json_builder_begin_array (b);
              for (guint p = 0; p < n_pixels; p++)
                json_builder_add_boolean_value (b, px[p].found);
              json_builder_end_array (b);
              for (guint q = 0; q < G_N_ELEMENTS (keys); q++)
                {
                  if (q >= 2 && r->info->l2_ev == 0)
                    break;
                  json_builder_set_member_name (b, keys[q]);
                  json_builder_begin_array (b);
                  for (guint p = 0; p < n_pixels; p++)
                    isc_cli_json_add_number (b, q == 0 ? px[p].onset_ev : q == 1 ? px[p].integral
                                                : q == 2 ? px[p].l3_ev : px[p].l3_l2_ratio);
                  json_builder_end_array (b);
                }
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      isc_cli_print_json (root);
    }
  return 0;
}
