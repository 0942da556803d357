/* cmd-fda.c: ionscape-cli fda — frequency-distribution analysis of one element.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli-commands.h"
#include "fda.h"

static JsonNode *
result_to_json (const IscFdaResult *r,
                const char         *roi_text)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "element");
  json_builder_add_string_value (b, r->element);
  json_builder_set_member_name (b, "block_size");
  json_builder_add_int_value (b, r->block_size);
  json_builder_set_member_name (b, "blocks");
  json_builder_add_int_value (b, r->n_blocks);
  isc_cli_json_add_member (b, "fraction", r->fraction);
  isc_cli_json_add_member (b, "chi2", r->chi2);
  json_builder_set_member_name (b, "dof");
  json_builder_add_int_value (b, r->dof);
  isc_cli_json_add_member (b, "p_value", r->p_value);
  isc_cli_json_add_member (b, "mu", r->mu);
  json_builder_set_member_name (b, "mu_n");
  json_builder_add_string_value (b, isc_fda_mu_n_to_string (r->mu_n));
  json_builder_set_member_name (b, "mu_n_value");
  json_builder_add_int_value (b, (gint64) r->mu_n_value);
  json_builder_set_member_name (b, "n_solute");
  json_builder_add_int_value (b, r->n_solute);
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, isc_fda_chi2_mode_to_string (r->mode));
  json_builder_set_member_name (b, "count");
  json_builder_add_string_value (b, isc_fda_count_unit_to_string (r->count_unit));
  json_builder_set_member_name (b, "block_layout");
  json_builder_add_string_value (b, isc_fda_blocks_to_string (r->blocks));
  json_builder_set_member_name (b, "roi");
  json_builder_add_string_value (b, roi_text);
  json_builder_set_member_name (b, "decomposed");
  json_builder_add_boolean_value (b, r->method != NULL);
  if (r->method != NULL)
    {
      json_builder_set_member_name (b, "counts");
      json_builder_add_string_value (b, r->method);
    }
  json_builder_set_member_name (b, "observed");
  json_builder_begin_array (b);
  for (guint n = 0; n <= r->block_size; n++)
    json_builder_add_int_value (b, r->observed[n]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "expected");
  json_builder_begin_array (b);
  for (guint n = 0; n <= r->block_size; n++)
    json_builder_add_double_value (b, r->expected[n]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "classes");
  json_builder_begin_array (b);
  for (guint k = 0; k < r->n_classes; k++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "first");
      json_builder_add_int_value (b, r->classes[k].first);
      json_builder_set_member_name (b, "last");
      json_builder_add_int_value (b, r->classes[k].last);
      isc_cli_json_add_member (b, "observed", r->classes[k].observed);
      isc_cli_json_add_member (b, "expected", r->classes[k].expected);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

int
isc_cli_cmd_fda (int    argc,
                 char **argv)
{
  g_autofree char *ranges_path = NULL, *roi_spec = NULL, *element = NULL;
  g_autofree char *chi2_name = NULL, *count_name = NULL, *layout_name = NULL;
  gint64 block = ISC_FDA_DEFAULT_BLOCK_SIZE, nn_k = 0, max_blocks = -1;
  g_autofree char *csv_path = NULL;
  g_autofree char *mu_n_name = NULL;
  gboolean json = FALSE;
  g_autofree char *bg_text = NULL, *bg_model = NULL;
  g_autoptr(IscDecomposition) decomposition = NULL;
  gboolean decompose = FALSE;
  GOptionEntry entries[] = {
    { "ranges", 0, 0, G_OPTION_ARG_FILENAME, &ranges_path, "Range file (.rrng, .rng, .env)", "RANGES" },
    { "element", 0, 0, G_OPTION_ARG_STRING, &element, "Element to test, e.g. Li (with --csv: every element "
      "of the ranges when absent)", "EL" },
    { "block", 0, 0, G_OPTION_ARG_INT64, &block, "Atoms (or ions) per block (default 100)", "N" },
    { "chi2", 0, 0, G_OPTION_ARG_STRING, &chi2_name, "Classes with E < 5: pool (default) or skip (3Depict)", "MODE" },
    { "count", 0, 0, G_OPTION_ARG_STRING, &count_name, "Count atoms (default) or ions", "UNIT" },
    { "mu-n", 0, 0, G_OPTION_ARG_STRING, &mu_n_name, "N of Pearson's mu: solute (default, as 3Depict: the "
      "element's units), blocks, or atoms (all units in the blocks)", "N" },
    { "blocks", 0, 0, G_OPTION_ARG_STRING, &layout_name, "Blocks in sequence (default), spatial, or nn "
      "(each ranged ion's --k nearest neighbours; as many overlapping blocks as ions make p small for "
      "slight departures: compare mu)", "LAYOUT" },
    { "k", 0, 0, G_OPTION_ARG_INT64, &nn_k, "With --blocks nn: neighbours per block, 1 to 64 (default 20)", "N" },
    { "max-blocks", 0, 0, G_OPTION_ARG_INT64, &max_blocks, "With --blocks nn: at most N blocks, centred on ranged "
      "ions spread evenly over the file (default 100000; 0: one per ranged ion)", "N" },
    { "roi", 0, 0, G_OPTION_ARG_STRING, &roi_spec, "Region: cylinder:cx,cy,cz,ax,ay,az,radius,length, "
      "box:x0,y0,z0,x1,y1,z1 or sphere:cx,cy,cz,r (nm)", "SPEC" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the result as JSON", NULL },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path, "Write the results table as CSV (as the GUI's "
      "Export Table CSV) to FILE, - for standard output", "FILE" },
    { "decompose", 0, 0, G_OPTION_ARG_NONE, &decompose, "Split ions of overlapping windows by isotope "
      "abundances (fractional counts, stated in the output)", NULL },
    { "background", 0, 0, G_OPTION_ARG_STRING, &bg_text, "With --decompose: subtract the background fitted in "
      "these peak-free windows", "LO:HI[,LO:HI]" },
    { "background-model", 0, 0, G_OPTION_ARG_STRING, &bg_model, "constant (default) or inv-sqrt (a/√m + b)", "MODEL" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DATA — frequency-distribution analysis");
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *roi_text = NULL;
  const char *elements[2] = { NULL, NULL };
  const IscFdaResult *r;
  IscFdaSettings settings;
  IscRoi roi;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return isc_cli_fail ("fda: give exactly one DATA file (found %d arguments)", argc - 1);
  if (ranges_path == NULL)
    return isc_cli_fail ("fda: --ranges RANGES is required");
  if (element == NULL && csv_path == NULL)
    return isc_cli_fail ("fda: --element EL is required");
  if (json && csv_path != NULL)
    return isc_cli_fail ("fda: give --json or --csv, not both");
  isc_fda_settings_init (&settings);
  if (block < 1 || block > 100000)
    return isc_cli_fail ("fda: --block %" G_GINT64_FORMAT ": expected 1 to 100000", block);
  settings.block_size = block;
  if (chi2_name != NULL && !isc_fda_chi2_mode_from_string (chi2_name, &settings.chi2_mode))
    return isc_cli_fail ("fda: --chi2 “%s”: expected pool or skip", chi2_name);
  if (count_name != NULL && !isc_fda_count_unit_from_string (count_name, &settings.count_unit))
    return isc_cli_fail ("fda: --count “%s”: expected atoms or ions", count_name);
  if (mu_n_name != NULL && !isc_fda_mu_n_from_string (mu_n_name, &settings.mu_n))
    return isc_cli_fail ("fda: --mu-n “%s”: expected solute, blocks or atoms", mu_n_name);
  if (layout_name != NULL && !isc_fda_blocks_from_string (layout_name, &settings.blocks))
    return isc_cli_fail ("fda: --blocks “%s”: expected sequence, spatial or nn", layout_name);
  if (settings.blocks == ISC_FDA_BLOCKS_NN)
    {
      /* The block of an ion is its k nearest neighbours: k is the block size. */
      if (block != ISC_FDA_DEFAULT_BLOCK_SIZE)
        return isc_cli_fail ("fda: --blocks nn takes its block size from --k, not --block");
      if (nn_k == 0)
        nn_k = 20;
      if (nn_k < 1 || nn_k > 64)
        return isc_cli_fail ("fda: --k %" G_GINT64_FORMAT ": expected 1 to 64", nn_k);
      settings.block_size = nn_k;
      if (max_blocks < -1)
        return isc_cli_fail ("fda: --max-blocks must not be negative");
      if (max_blocks >= 0)
        settings.max_nn_blocks = max_blocks;
    }
  else if (nn_k != 0 || max_blocks != -1)
    return isc_cli_fail ("fda: --k and --max-blocks are for --blocks nn");
  isc_roi_init_all (&roi);
  if (roi_spec != NULL && !isc_roi_parse (roi_spec, &roi, &error))
    return isc_cli_fail_error (error);
  roi_text = isc_roi_to_string (&roi);

  if ((status = isc_cli_load_ranged (argv[1], ranges_path, &cloud, &ranges)) != 0)
    return status;
  if ((status = isc_cli_decomposition ("fda", cloud, ranges, decompose, bg_text, bg_model, &decomposition)) != 0)
    return status;
  settings.decomposition = decomposition;
  elements[0] = element;
  results = isc_fda_compute (cloud, ranges, &roi, &settings, element != NULL ? elements : NULL,
                             NULL, NULL, NULL, &error);
  if (results == NULL)
    return isc_cli_fail_error (error);
  r = g_ptr_array_index (results, 0);

  if (csv_path != NULL)
    {
      g_autofree char *csv = isc_fda_results_to_csv (results);

      if (g_strcmp0 (csv_path, "-") == 0)
        fputs (csv, stdout);
      else if (!g_file_set_contents (csv_path, csv, -1, &error))
        return isc_cli_fail_error (error);
    }
  else if (json)
    {
      g_autoptr(JsonNode) node = result_to_json (r, roi_text);

      isc_cli_print_json (node);
    }
  else
    {
      if (r->method != NULL)
        printf ("counts %s\n", r->method);
      printf ("element %s  blocks %" G_GUINT64_FORMAT " × %u %s (%s)  fraction %.6g\n"
            "chi2 %.6g  dof %u  p %.6g  mu %.6g (N = %s = %" G_GUINT64_FORMAT "; N_s = %" G_GUINT64_FORMAT
            ", classes %s)\n",
            r->element, r->n_blocks, r->block_size, isc_fda_count_unit_to_string (r->count_unit),
            isc_fda_blocks_to_string (r->blocks), r->fraction, r->chi2, r->dof, r->p_value, r->mu,
            isc_fda_mu_n_to_string (r->mu_n), r->mu_n_value, r->n_solute, isc_fda_chi2_mode_to_string (r->mode));
    }
  return 0;
}
