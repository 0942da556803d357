/* cmd-cluster.c: ionscape-cli cluster — maximum-separation cluster analysis, as JSON or CSV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli-commands.h"
#include "cli-spatial.h"
#include "cluster.h"
#include "neighbours.h"

int
isc_cli_cmd_cluster (int    argc,
                     char **argv)
{
  IscCliSpatial common = { 0 };
  g_autofree char *elements = NULL, *dmax_text = NULL;
  double envelope = 0, erosion = 0, d_max = NAN;
  gint64 n_min = 0;
  gboolean dmax_auto = FALSE;
  GOptionEntry entries[] = {
    ISC_CLI_SPATIAL_ENTRIES (common),
    { "elements", 0, 0, G_OPTION_ARG_STRING, &elements, "Solute elements, comma-separated (e.g. Li or Li,Ni)", "EL[,EL]" },
    { "dmax", 0, 0, G_OPTION_ARG_STRING, &dmax_text, "Largest solute separation in a cluster (nm), or “auto” "
      "(from the 1st-neighbour distribution against random relabelling)", "NM" },
    { "nmin", 0, 0, G_OPTION_ARG_INT64, &n_min, "Fewest solute ions of a cluster", "N" },
    { "envelope", 0, 0, G_OPTION_ARG_DOUBLE, &envelope, "Envelope distance L (nm, default 0: solutes only)", "NM" },
    { "erosion", 0, 0, G_OPTION_ARG_DOUBLE, &erosion, "Erosion distance E (nm, default 0)", "NM" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DATA — maximum-separation cluster analysis (JSON or CSV)");
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscClusterResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) solutes = NULL;
  IscClusterSettings settings;
  IscRoi roi;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (elements == NULL || elements[0] == '\0')
    {
      status = isc_cli_fail ("cluster: --elements EL[,EL] is required");
      goto out;
    }
  if (dmax_text == NULL)
    {
      status = isc_cli_fail ("cluster: --dmax NM (or auto) is required");
      goto out;
    }
  if (g_ascii_strcasecmp (dmax_text, "auto") == 0)
    dmax_auto = TRUE;
  else
    {
      char *end;

      d_max = g_ascii_strtod (dmax_text, &end);
      if (end == dmax_text || *end != '\0' || !(d_max > 0) || !isfinite (d_max))
        {
          status = isc_cli_fail ("cluster: --dmax %s: d_max must be a positive distance in nm (or auto)", dmax_text);
          goto out;
        }
    }
  if (n_min < 1)
    {
      status = isc_cli_fail ("cluster: --nmin N is required (at least 1 solute ion)");
      goto out;
    }
  if ((status = isc_cli_spatial_load ("cluster", argc, argv, &common, &roi, &cloud, &ranges)) != 0)
    goto out;
  solutes = g_strsplit (elements, ",", -1);
  for (guint i = 0; solutes[i] != NULL; i++)
    g_strstrip (solutes[i]);
  if (dmax_auto)
    {
      g_autoptr(IscNnResult) nn = NULL;
      IscNnSettings ns;

      isc_nn_settings_init (&ns);
      ns.k_max = 1;
      nn = isc_nn_compute (cloud, ranges, &roi, solutes[0], NULL, &ns, NULL, NULL, NULL, &error);
      if (nn == NULL)
        {
          status = isc_cli_fail ("cluster: --dmax auto: %s", error->message);
          goto out;
        }
      if (isnan (nn->suggested_dmax))
        {
          status = isc_cli_fail ("cluster: --dmax auto: the %s neighbour distribution does not differ from a "
                                 "random one; give --dmax NM", solutes[0]);
          goto out;
        }
      d_max = nn->suggested_dmax;
    }
  isc_cluster_settings_init (&settings);
  settings.solutes = (const char * const *) solutes;
  settings.d_max = d_max;
  settings.n_min = (guint) MIN (n_min, G_MAXUINT);
  settings.envelope = envelope;
  settings.erosion = erosion;
  r = isc_cluster_compute (cloud, ranges, &roi, &settings, NULL, NULL, NULL, &error);
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
      json_builder_set_member_name (b, "clusters");
      json_builder_begin_array (b);
      for (guint c = 0; c < r->n_clusters; c++)
        {
          const IscCluster *cl = &r->clusters[c];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, cl->id);
          json_builder_set_member_name (b, "solute_atoms");
          json_builder_add_int_value (b, cl->solute_atoms);
          json_builder_set_member_name (b, "solute_ions");
          json_builder_add_int_value (b, cl->solute_ions);
          json_builder_set_member_name (b, "atoms");
          json_builder_add_int_value (b, cl->atoms);
          json_builder_set_member_name (b, "ions");
          json_builder_add_int_value (b, cl->ions);
          isc_cli_json_add_composition (b, "composition", r->elements, cl->counts, cl->atoms);
          json_builder_set_member_name (b, "centre_nm");
          json_builder_begin_array (b);
          for (int a = 0; a < 3; a++)
            isc_cli_json_add_number (b, cl->centre[a]);
          json_builder_end_array (b);
          isc_cli_json_add_member (b, "rg_nm", cl->rg);
          isc_cli_json_add_member (b, "guinier_radius_nm", cl->guinier);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "matrix");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "ions");
      json_builder_add_int_value (b, r->matrix_ions);
      json_builder_set_member_name (b, "atoms");
      json_builder_add_int_value (b, r->matrix_atoms);
      isc_cli_json_add_composition (b, "composition", r->elements, r->matrix_counts, r->matrix_atoms);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "size_distribution");
      json_builder_begin_array (b);
      for (guint s = 0; s < r->n_sizes; s++)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "solute_atoms");
          json_builder_add_int_value (b, r->sizes[s].solute_atoms);
          json_builder_set_member_name (b, "clusters");
          json_builder_add_int_value (b, r->sizes[s].n_clusters);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "parameters");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "elements");
      json_builder_begin_array (b);
      for (guint i = 0; r->solutes[i] != NULL; i++)
        json_builder_add_string_value (b, r->solutes[i]);
      json_builder_end_array (b);
      isc_cli_json_add_member (b, "dmax_nm", r->d_max);
      json_builder_set_member_name (b, "dmax_auto");
      json_builder_add_boolean_value (b, dmax_auto);
      json_builder_set_member_name (b, "nmin");
      json_builder_add_int_value (b, r->n_min);
      isc_cli_json_add_member (b, "envelope_nm", r->envelope);
      isc_cli_json_add_member (b, "erosion_nm", r->erosion);
      isc_cli_json_add_string (b, "roi", common.roi_spec != NULL ? common.roi_spec : "all");
      json_builder_set_member_name (b, "solute_ions");
      json_builder_add_int_value (b, r->solute_ions);
      json_builder_end_object (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      isc_cli_print_json (root);
    }
  else
    {
      g_autofree char *csv = isc_cluster_result_to_csv (r);

      fputs (csv, stdout);
    }

out:
  isc_cli_spatial_clear (&common);
  return status;
}
