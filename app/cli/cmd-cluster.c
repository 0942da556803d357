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
      g_autoptr(JsonNode) root = isc_cluster_result_to_json_node (r, dmax_auto, common.roi_spec);

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
