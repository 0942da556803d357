/* cmd-proxigram.c: ionscape-cli proxigram — composition against signed distance to an
 * isosurface (positive inside), as CSV or JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli-commands.h"
#include "cli-spatial.h"

int
isc_cli_cmd_proxigram (int    argc,
                       char **argv)
{
  IscCliSpatial common = { 0 };
  g_autofree char *element = NULL, *span = NULL;
  double threshold = NAN, bin = 1.0, delocalise = 1.0, shell = 0.2;
  gint surface_id = -1;
  GOptionEntry entries[] = {
    ISC_CLI_SPATIAL_ENTRIES (common),
    { "element", 0, 0, G_OPTION_ARG_STRING, &element, "Element or ratio of the isosurface", "EL" },
    { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &threshold, "Threshold: at.% for an element, the value for a ratio", "AT%" },
    { "bin", 0, 0, G_OPTION_ARG_DOUBLE, &bin, "Voxel edge (nm, default 1)", "NM" },
    { "delocalise", 0, 0, G_OPTION_ARG_DOUBLE, &delocalise, "Gaussian delocalisation σ (nm, default 1)", "NM" },
    { "shell", 0, 0, G_OPTION_ARG_DOUBLE, &shell, "Shell width (nm, default 0.2)", "NM" },
    { "range", 0, 0, G_OPTION_ARG_STRING, &span, "Signed distances (nm, default -5:5)", "FROM:TO" },
    { "surface", 0, 0, G_OPTION_ARG_INT, &surface_id, "Only this surface id (default all)", "ID" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DATA — proximity histogram of an isosurface (CSV or JSON)");
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscIsosurface) surface = NULL;
  g_autoptr(IscProxigram) prox = NULL;
  g_autoptr(GError) error = NULL;
  IscProxigramSettings settings;
  IscRoi roi;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  isc_proxigram_settings_init (&settings);
  if (isnan (threshold))
    {
      status = isc_cli_fail ("proxigram: --threshold AT%% is required");
      goto out;
    }
  if (span != NULL && !isc_cli_parse_span (span, &settings.d_min, &settings.d_max))
    {
      status = isc_cli_fail ("proxigram: --range “%s”: expected FROM:TO in nm, e.g. -5:5", span);
      goto out;
    }
  if ((status = isc_cli_spatial_load ("proxigram", argc, argv, &common, &roi, &cloud, &ranges)) != 0)
    goto out;
  surface = isc_cli_spatial_isosurface ("proxigram", cloud, ranges, &roi, element, threshold, bin,
                                        delocalise, &status);
  if (surface == NULL)
    goto out;
  settings.shell = shell;
  settings.surface = surface_id;
  prox = isc_proxigram_compute (surface, cloud, ranges, &roi, &settings, NULL, NULL, NULL, &error);
  if (prox == NULL)
    {
      status = isc_cli_fail_error (error);
      goto out;
    }

  if (common.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "shells");
      json_builder_begin_array (b);
      for (guint k = 0; k < prox->n_shells; k++)
        {
          json_builder_begin_object (b);
          isc_cli_json_add_member (b, "start_nm", prox->start[k]);
          isc_cli_json_add_member (b, "end_nm", prox->end[k]);
          json_builder_set_member_name (b, "atoms");
          json_builder_add_int_value (b, prox->atoms[k]);
          isc_cli_json_add_composition (b, "composition", prox->elements,
                                        prox->counts + (gsize) k * prox->n_elements, prox->atoms[k]);
          json_builder_set_member_name (b, "sigma");
          json_builder_begin_object (b);
          for (guint e = 0; e < prox->n_elements; e++)
            isc_cli_json_add_member (b, prox->elements[e], prox->sigma[(gsize) k * prox->n_elements + e]);
          json_builder_end_object (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "surfaces");
      json_builder_add_int_value (b, surface->n_surfaces);
      isc_cli_json_add_string (b, "quantity", surface->quantity);
      isc_cli_json_add_member (b, "threshold", surface->threshold);
      isc_cli_json_add_member (b, "shell_nm", settings.shell);
      json_builder_set_member_name (b, "ions");
      json_builder_add_int_value (b, prox->n_ions);
      isc_cli_json_add_string (b, "roi", common.roi_spec != NULL ? common.roi_spec : "all");
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      isc_cli_print_json (root);
    }
  else
    {
      g_autofree char *csv = isc_proxigram_to_csv (prox);

      fputs (csv, stdout);
    }

out:
  isc_cli_spatial_clear (&common);
  return status;
}
