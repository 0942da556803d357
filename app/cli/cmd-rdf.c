/* cmd-rdf.c: ionscape-cli rdf — radial distribution of one element around another, normalised
 * to the bulk composition.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli-commands.h"
#include "cli-spatial.h"
#include "neighbours.h"

int
isc_cli_cmd_rdf (int    argc,
                 char **argv)
{
  IscCliSpatial common = { 0 };
  g_autofree char *element = NULL, *to = NULL;
  double r_max = 2.0, dr = 0.05;
  gint64 max_centres = 100000;
  GOptionEntry entries[] = {
    ISC_CLI_SPATIAL_ENTRIES (common),
    { "element", 0, 0, G_OPTION_ARG_STRING, &element, "Element whose ions are the centres", "EL" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "Element counted around them (default the same)", "EL2" },
    { "rmax", 0, 0, G_OPTION_ARG_DOUBLE, &r_max, "Largest distance (nm, default 2)", "NM" },
    { "dr", 0, 0, G_OPTION_ARG_DOUBLE, &dr, "Shell width (nm, default 0.05)", "NM" },
    { "max-centres", 0, 0, G_OPTION_ARG_INT64, &max_centres, "Centre ions sampled (default 100000; 0: all)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DATA — radial distribution normalised to the bulk composition");
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRdfResult) r = NULL;
  g_autoptr(GError) error = NULL;
  IscRdfSettings settings;
  IscRoi roi;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (element == NULL)
    {
      status = isc_cli_fail ("rdf: --element EL is required");
      goto out;
    }
  if (max_centres < 0)
    {
      status = isc_cli_fail ("rdf: --max-centres must not be negative");
      goto out;
    }
  if ((status = isc_cli_spatial_load ("rdf", argc, argv, &common, &roi, &cloud, &ranges)) != 0)
    goto out;
  isc_rdf_settings_init (&settings);
  settings.r_max = r_max;
  settings.dr = dr;
  settings.max_centres = max_centres;
  r = isc_rdf_compute (cloud, ranges, &roi, element, to, &settings, NULL, NULL, NULL, &error);
  if (r == NULL)
    {
      status = isc_cli_fail_error (error);
      goto out;
    }

  if (common.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      isc_cli_json_add_string (b, "element", r->from);
      isc_cli_json_add_string (b, "to", r->to);
      isc_cli_json_add_member (b, "bulk_fraction", r->bulk);
      json_builder_set_member_name (b, "centres");
      json_builder_add_int_value (b, r->n_centres);
      isc_cli_json_add_member (b, "dr_nm", r->dr);
      json_builder_set_member_name (b, "shells");
      json_builder_begin_array (b);
      for (guint s = 0; s < r->n_bins; s++)
        {
          json_builder_begin_object (b);
          isc_cli_json_add_member (b, "r_nm", (s + 0.5) * r->dr);
          json_builder_set_member_name (b, "to_atoms");
          json_builder_add_int_value (b, r->to_atoms[s]);
          json_builder_set_member_name (b, "atoms");
          json_builder_add_int_value (b, r->all_atoms[s]);
          isc_cli_json_add_member (b, "rdf", r->rdf[s]);
          isc_cli_json_add_member (b, "sigma", r->sigma[s]);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      isc_cli_json_add_string (b, "roi", common.roi_spec != NULL ? common.roi_spec : "all");
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      isc_cli_print_json (root);
    }
  else
    {
      g_autofree char *csv = isc_rdf_result_to_csv (r);

      fputs (csv, stdout);
    }

out:
  isc_cli_spatial_clear (&common);
  return status;
}
