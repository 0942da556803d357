/* cli-spatial.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "cli-spatial.h"

void
isc_cli_spatial_clear (IscCliSpatial *c)
{
  g_clear_pointer (&c->ranges_path, g_free);
  g_clear_pointer (&c->roi_spec, g_free);
}

int
isc_cli_spatial_load (const char     *command,
                      int             argc,
                      char          **argv,
                      IscCliSpatial  *c,
                      IscRoi         *roi,
                      IscIonCloud   **cloud,
                      IscRangeSet   **ranges)
{
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    return isc_cli_fail ("%s: give exactly one DATA file (found %d arguments)", command, argc - 1);
  if (c->ranges_path == NULL)
    return isc_cli_fail ("%s: --ranges RANGES is required", command);
  if (c->json && c->csv)
    return isc_cli_fail ("%s: give --json or --csv, not both", command);
  isc_roi_init_all (roi);
  if (c->roi_spec != NULL && !isc_roi_parse (c->roi_spec, roi, &error))
    return isc_cli_fail ("%s: --roi: %s", command, error->message);
  return isc_cli_load_ranged (argv[1], c->ranges_path, cloud, ranges);
}

gboolean
isc_cli_parse_span (const char *text,
                    double     *from,
                    double     *to)
{
  g_auto(GStrv) parts = NULL;
  char *end;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, ":", -1);
  if (g_strv_length (parts) != 2)
    return FALSE;
  *from = g_ascii_strtod (parts[0], &end);
  if (end == parts[0] || *end != '\0')
    return FALSE;
  *to = g_ascii_strtod (parts[1], &end);
  if (end == parts[1] || *end != '\0')
    return FALSE;
  return isfinite (*from) && isfinite (*to);
}

double
isc_cli_spatial_threshold (const IscQuantity *quantity,
                           double             given)
{
  return quantity->den_mask == 0 ? given / 100.0 : given;
}

void
isc_cli_json_add_composition (JsonBuilder    *b,
                              const char     *name,
                              char          **elements,
                              const guint64  *counts,
                              guint64         atoms)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  for (guint e = 0; elements[e] != NULL; e++)
    isc_cli_json_add_member (b, elements[e], atoms > 0 ? (double) counts[e] / atoms : NAN);
  json_builder_end_object (b);
}

void
isc_cli_json_add_string (JsonBuilder *b,
                         const char  *name,
                         const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

IscIsosurface *
isc_cli_spatial_isosurface (const char        *command,
                            const IscIonCloud *cloud,
                            const IscRangeSet *ranges,
                            const IscRoi      *roi,
                            const char        *element,
                            double             threshold,
                            double             bin,
                            double             delocalise,
                            int               *status)
{
  g_autoptr(IscVoxelGrid) grid = NULL;
  g_autoptr(GError) error = NULL;
  IscIsosurface *surface = NULL;
  IscVoxelSettings settings;
  IscQuantity quantity = { 0 };

  *status = 0;
  if (element == NULL)
    {
      *status = isc_cli_fail ("%s: --element EL is required", command);
      return NULL;
    }
  if (!isc_quantity_parse (element, ranges, &quantity, &error))
    {
      *status = isc_cli_fail ("%s: --element %s", command, error->message);
      return NULL;
    }
  isc_voxel_settings_init (&settings);
  settings.bin = bin;
  settings.delocalise = delocalise;
  grid = isc_voxel_grid_compute (cloud, ranges, roi, &settings, NULL, NULL, NULL, &error);
  if (grid != NULL)
    surface = isc_isosurface_compute (grid, &quantity, isc_cli_spatial_threshold (&quantity, threshold),
                                      NULL, &error);
  if (surface != NULL && !isc_isosurface_count_ions (surface, cloud, ranges, roi, NULL, &error))
    g_clear_pointer (&surface, isc_isosurface_free);
  if (surface == NULL)
    *status = isc_cli_fail_error (error);
  isc_quantity_clear (&quantity);
  return surface;
}
