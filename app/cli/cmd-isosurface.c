/* cmd-isosurface.c: ionscape-cli isosurface — isoconcentration surfaces with area, volume and
 * ions; the mesh as PLY or STL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli-commands.h"
#include "cli-spatial.h"

int
isc_cli_cmd_isosurface (int    argc,
                        char **argv)
{
  IscCliSpatial common = { 0 };
  g_autofree char *element = NULL, *out_path = NULL;
  double threshold = NAN, bin = 1.0, delocalise = 1.0;
  GOptionEntry entries[] = {
    ISC_CLI_SPATIAL_ENTRIES (common),
    { "element", 0, 0, G_OPTION_ARG_STRING, &element, "Element or ratio such as Li/(Ni+Co+Mn)", "EL" },
    { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &threshold, "Threshold: at.% for an element, the value for a ratio", "AT%" },
    { "bin", 0, 0, G_OPTION_ARG_DOUBLE, &bin, "Voxel edge (nm, default 1)", "NM" },
    { "delocalise", 0, 0, G_OPTION_ARG_DOUBLE, &delocalise, "Gaussian delocalisation σ (nm, default 1; 0: none)", "NM" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "Write the mesh (.ply or .stl)", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DATA — isoconcentration surfaces (JSON or CSV; --out F.ply|F.stl)");
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscIsosurface) surface = NULL;
  g_autoptr(GError) error = NULL;
  IscRoi roi;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (isnan (threshold))
    {
      status = isc_cli_fail ("isosurface: --threshold AT%% is required");
      goto out;
    }
  if (out_path != NULL && !g_str_has_suffix (out_path, ".ply") && !g_str_has_suffix (out_path, ".stl"))
    {
      status = isc_cli_fail ("isosurface: --out “%s”: expected a .ply or .stl file name", out_path);
      goto out;
    }
  if ((status = isc_cli_spatial_load ("isosurface", argc, argv, &common, &roi, &cloud, &ranges)) != 0)
    goto out;
  surface = isc_cli_spatial_isosurface ("isosurface", cloud, ranges, &roi, element, threshold, bin,
                                        delocalise, &status);
  if (surface == NULL)
    goto out;
  if (out_path != NULL && !isc_isosurface_save (surface, out_path, &error))
    {
      status = isc_cli_fail_error (error);
      goto out;
    }

  if (common.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "surfaces");
      json_builder_begin_array (b);
      for (guint s = 0; s < surface->n_surfaces; s++)
        {
          const IscSurfaceInfo *info = &surface->surfaces[s];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, info->id);
          isc_cli_json_add_member (b, "area_nm2", info->area);
          isc_cli_json_add_member (b, "volume_nm3", info->volume);
          json_builder_set_member_name (b, "closed");
          json_builder_add_boolean_value (b, info->closed);
          json_builder_set_member_name (b, "ions");
          json_builder_add_int_value (b, info->n_ions);
          json_builder_set_member_name (b, "atoms");
          json_builder_add_int_value (b, info->atoms);
          isc_cli_json_add_composition (b, "composition", surface->elements, info->counts, info->atoms);
          json_builder_set_member_name (b, "triangles");
          json_builder_add_int_value (b, info->n_triangles);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      isc_cli_json_add_string (b, "quantity", surface->quantity);
      isc_cli_json_add_member (b, "threshold", surface->threshold);
      isc_cli_json_add_member (b, "bin_nm", bin);
      isc_cli_json_add_member (b, "delocalise_nm", delocalise);
      json_builder_set_member_name (b, "vertices");
      json_builder_add_int_value (b, surface->n_vertices);
      json_builder_set_member_name (b, "triangles");
      json_builder_add_int_value (b, surface->n_triangles);
      isc_cli_json_add_string (b, "roi", common.roi_spec != NULL ? common.roi_spec : "all");
      isc_cli_json_add_string (b, "mesh", out_path);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      isc_cli_print_json (root);
    }
  else
    {
      char buf[2][G_ASCII_DTOSTR_BUF_SIZE];

      printf ("id,area_nm2,volume_nm3,closed,ions,triangles\n");
      for (guint s = 0; s < surface->n_surfaces; s++)
        {
          const IscSurfaceInfo *info = &surface->surfaces[s];

          printf ("%u,%s,%s,%s,%" G_GUINT64_FORMAT ",%u\n", info->id,
                  g_ascii_formatd (buf[0], sizeof buf[0], "%.6g", info->area),
                  g_ascii_formatd (buf[1], sizeof buf[1], "%.6g", info->volume),
                  info->closed ? "true" : "false", info->n_ions, info->n_triangles);
        }
    }

out:
  isc_cli_spatial_clear (&common);
  return status;
}
