/* cmd-detector-map.c: `ionscape-cli detector-map DATA.epos --out F.png [--ranges R --ion NAME]`:
 * hits on the detector (x_det, y_det), all ions or one ion type, to see poles and the field of view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "cli-commands.h"
#include "cli-histogram-png.h"
#include "multihit.h"

int
isc_cli_cmd_detector_map (int    argc,
                          char **argv)
{
  g_autofree char *out_path = NULL;
  g_autofree char *ranges_path = NULL;
  g_autofree char *ion = NULL;
  g_autofree guint8 *selected = NULL;
  g_autofree char *title = NULL;
  int bins = 200;
  double radius = 0;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "Write the hit map as PNG", "F.png" },
    { "ranges", 0, 0, G_OPTION_ARG_FILENAME, &ranges_path, "Range file, to map one ion type (--ion)", "RANGES" },
    { "ion", 0, 0, G_OPTION_ARG_STRING, &ion, "Only the hits of this ion type", "NAME" },
    { "bins", 0, 0, G_OPTION_ARG_INT, &bins, "Bins per axis (default 200)", "N" },
    { "radius", 0, 0, G_OPTION_ARG_DOUBLE, &radius, "Half-width of the map in mm (default: the data's extent)", "MM" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DATA.epos — detector hit map as PNG");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) set = NULL;
  g_autoptr(IscHistogram2D) h = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return isc_cli_fail ("detector-map: expected one DATA file (.epos or .apt)");
  if (out_path == NULL)
    return isc_cli_fail ("detector-map: --out F.png is required");
  if (bins < 1 || bins > 4096)
    return isc_cli_fail ("detector-map: --bins must be between 1 and 4096");
  if ((ion != NULL) != (ranges_path != NULL))
    return isc_cli_fail ("detector-map: --ion NAME and --ranges RANGES go together");

  if ((status = isc_cli_load_data (argv[1], ranges_path, &cloud, &set)) != 0)
    return status;
  if (ion != NULL)
    {
      int type = -1;

      for (guint t = 0; t < isc_range_set_get_n_ion_types (set); t++)
        if (g_str_equal (isc_range_set_get_ion_type (set, t)->name, ion))
          type = (int) t;
      if (type < 0)
        return isc_cli_fail ("detector-map: the ranges have no ion “%s”", ion);
      selected = g_new (guint8, MAX (cloud->n_ions, 1));
      for (gsize i = 0; i < cloud->n_ions; i++)
        selected[i] = isc_range_set_lookup (set, cloud->mq[i]) == type;
    }
  h = isc_detector_map (cloud, selected, radius, (guint) bins, &error);
  if (h == NULL)
    return isc_cli_fail ("detector-map: %s", error->message);
  title = g_strdup_printf ("Detector hit map%s%s", ion != NULL ? ": " : " (all ions)", ion != NULL ? ion : "");
  if (!isc_cli_histogram_png (h, NULL, title, "x_det (mm)", "y_det (mm)", out_path, &error))
    return isc_cli_fail_error (error);
  return 0;
}
