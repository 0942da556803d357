/* cmd-voxel.c: ionscape-cli voxel — atoms per element on a grid, as CSV (filled voxels) or a
 * JSON summary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli-commands.h"
#include "cli-spatial.h"
#include "voxel.h"

int
isc_cli_cmd_voxel (int    argc,
                   char **argv)
{
  IscCliSpatial common = { 0 };
  g_autofree char *element = NULL;
  double bin = 1.0, delocalise = 0, min_atoms = 1;
  GOptionEntry entries[] = {
    ISC_CLI_SPATIAL_ENTRIES (common),
    { "bin", 0, 0, G_OPTION_ARG_DOUBLE, &bin, "Voxel edge (nm, default 1)", "NM" },
    { "delocalise", 0, 0, G_OPTION_ARG_DOUBLE, &delocalise, "Gaussian delocalisation σ (nm, default 0)", "NM" },
    { "min-atoms", 0, 0, G_OPTION_ARG_DOUBLE, &min_atoms, "Voxels with fewer atoms are empty (default 1)", "N" },
    { "element", 0, 0, G_OPTION_ARG_STRING, &element, "Summarise this element or ratio (e.g. Li/(Ni+Co+Mn)) in the JSON", "EL" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DATA — voxelise ranged APT data (counts per element on a grid)");
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscVoxelGrid) grid = NULL;
  g_autoptr(GError) error = NULL;
  IscVoxelSettings settings;
  IscQuantity quantity = { 0 };
  IscRoi roi;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if ((status = isc_cli_spatial_load ("voxel", argc, argv, &common, &roi, &cloud, &ranges)) != 0)
    goto out;
  if (element != NULL && !isc_quantity_parse (element, ranges, &quantity, &error))
    {
      status = isc_cli_fail ("voxel: --element %s", error->message);
      goto out;
    }
  isc_voxel_settings_init (&settings);
  settings.bin = bin;
  settings.delocalise = delocalise;
  settings.min_atoms = min_atoms;
  grid = isc_voxel_grid_compute (cloud, ranges, &roi, &settings, NULL, NULL, NULL, &error);
  if (grid == NULL)
    {
      status = isc_cli_fail_error (error);
      goto out;
    }

  if (common.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      gsize n_vox = isc_voxel_grid_get_n_voxels (grid), filled = isc_voxel_grid_count_filled (grid);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "dims");
      json_builder_begin_array (b);
      for (int a = 0; a < 3; a++)
        json_builder_add_int_value (b, grid->dims[a]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "origin_nm");
      json_builder_begin_array (b);
      for (int a = 0; a < 3; a++)
        isc_cli_json_add_number (b, grid->origin[a]);
      json_builder_end_array (b);
      isc_cli_json_add_member (b, "bin_nm", grid->bin);
      isc_cli_json_add_member (b, "delocalise_nm", grid->delocalise);
      isc_cli_json_add_member (b, "min_atoms", grid->min_atoms);
      json_builder_set_member_name (b, "voxels");
      json_builder_add_int_value (b, n_vox);
      json_builder_set_member_name (b, "filled_voxels");
      json_builder_add_int_value (b, filled);
      json_builder_set_member_name (b, "empty_voxels");
      json_builder_add_int_value (b, n_vox - filled);
      json_builder_set_member_name (b, "ions");
      json_builder_add_int_value (b, grid->n_ions);
      json_builder_set_member_name (b, "atoms");
      json_builder_add_int_value (b, grid->n_atoms);
      json_builder_set_member_name (b, "elements");
      json_builder_begin_array (b);
      for (guint e = 0; e < grid->n_elements; e++)
        json_builder_add_string_value (b, grid->elements[e]);
      json_builder_end_array (b);
      if (quantity.text != NULL)
        {
          g_autofree float *v = isc_voxel_grid_quantity (grid, &quantity);
          double lo = INFINITY, hi = -INFINITY, sum = 0;
          gsize n = 0;

          for (gsize k = 0; k < n_vox; k++)
            if (!isnan (v[k]))
              {
                lo = MIN (lo, v[k]);
                hi = MAX (hi, v[k]);
                sum += v[k];
                n++;
              }
          json_builder_set_member_name (b, "quantity");
          json_builder_begin_object (b);
          isc_cli_json_add_string (b, "name", quantity.text);
          isc_cli_json_add_member (b, "mean", n > 0 ? sum / n : NAN);
          isc_cli_json_add_member (b, "min", n > 0 ? lo : NAN);
          isc_cli_json_add_member (b, "max", n > 0 ? hi : NAN);
          json_builder_end_object (b);
        }
      isc_cli_json_add_string (b, "roi", common.roi_spec != NULL ? common.roi_spec : "all");
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      isc_cli_print_json (root);
    }
  else
    {
      g_autofree char *csv = isc_voxel_grid_to_csv (grid);

      fputs (csv, stdout);
    }

out:
  isc_quantity_clear (&quantity);
  isc_cli_spatial_clear (&common);
  return status;
}
