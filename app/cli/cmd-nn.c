/* cmd-nn.c: ionscape-cli nn — k-th nearest-neighbour distances against random relabelling.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli-commands.h"
#include "cli-spatial.h"
#include "neighbours.h"

int
isc_cli_cmd_nn (int    argc,
                char **argv)
{
  IscCliSpatial common = { 0 };
  g_autofree char *element = NULL, *to = NULL;
  gint k = 1;
  gint64 max_queries = ISC_NN_DEFAULT_QUERIES, seed = 0x5EED;
  double bin = 0.01;
  GOptionEntry entries[] = {
    ISC_CLI_SPATIAL_ENTRIES (common),
    { "element", 0, 0, G_OPTION_ARG_STRING, &element, "Element whose ions are the centres", "EL" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "Neighbour element (default the same)", "EL2" },
    { "k", 0, 0, G_OPTION_ARG_INT, &k, "Neighbour order, 1 … 10 (every order up to it is measured)", "K" },
    { "bin", 0, 0, G_OPTION_ARG_DOUBLE, &bin, "Histogram bin (nm, default 0.01)", "NM" },
    { "max-queries", 0, 0, G_OPTION_ARG_INT64, &max_queries, "Measure at most N centre ions, spread evenly over the file (default 1000000; 0: all)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the random relabelling", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DATA — k-th nearest-neighbour distributions against random relabelling");
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscNnResult) r = NULL;
  g_autoptr(GError) error = NULL;
  IscNnSettings settings;
  IscRoi roi;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (element == NULL)
    {
      status = isc_cli_fail ("nn: --element EL is required");
      goto out;
    }
  if (k < 1 || k > ISC_NN_MAX_K)
    {
      status = isc_cli_fail ("nn: --k %d: expected 1 … %d", k, ISC_NN_MAX_K);
      goto out;
    }
  if (max_queries < 0)
    {
      status = isc_cli_fail ("nn: --max-queries must not be negative");
      goto out;
    }
  if ((status = isc_cli_spatial_load ("nn", argc, argv, &common, &roi, &cloud, &ranges)) != 0)
    goto out;
  isc_nn_settings_init (&settings);
  settings.k_max = k;
  settings.bin = bin;
  settings.max_queries = max_queries;
  settings.seed = seed;
  r = isc_nn_compute (cloud, ranges, &roi, element, to, &settings, NULL, NULL, NULL, &error);
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
      json_builder_set_member_name (b, "k");
      json_builder_add_int_value (b, k);
      isc_cli_json_add_member (b, "mean_nm", r->mean[k - 1]);
      isc_cli_json_add_member (b, "random_mean_nm", r->random_mean[k - 1]);
      isc_cli_json_add_member (b, "ks_d", r->ks_d[k - 1]);
      isc_cli_json_add_member (b, "ks_p", r->ks_p[k - 1]);
      json_builder_set_member_name (b, "ions");
      json_builder_add_int_value (b, r->n_from);
      json_builder_set_member_name (b, "to_ions");
      json_builder_add_int_value (b, r->n_to);
      json_builder_set_member_name (b, "queries");
      json_builder_add_int_value (b, r->n_queries);
      isc_cli_json_add_member (b, "suggested_dmax_nm", r->suggested_dmax);
      json_builder_set_member_name (b, "per_k");
      json_builder_begin_array (b);
      for (guint j = 0; j < r->k_max; j++)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "k");
          json_builder_add_int_value (b, j + 1);
          isc_cli_json_add_member (b, "mean_nm", r->mean[j]);
          isc_cli_json_add_member (b, "random_mean_nm", r->random_mean[j]);
          isc_cli_json_add_member (b, "ks_d", r->ks_d[j]);
          isc_cli_json_add_member (b, "ks_p", r->ks_p[j]);
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
      g_autofree char *csv = isc_nn_result_to_csv (r);

      fputs (csv, stdout);
    }

out:
  isc_cli_spatial_clear (&common);
  return status;
}
