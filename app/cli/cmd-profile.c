/* cmd-profile.c: ionscape-cli profile — a 1D concentration profile as CSV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "cli-commands.h"
#include "profile.h"

int
isc_cli_cmd_profile (int    argc,
                     char **argv)
{
  g_autofree char *ranges_path = NULL, *roi_spec = NULL, *axis_name = NULL;
  double bin_width = 0;
  gint64 count = 0;
  g_autofree char *bg_text = NULL, *bg_model = NULL;
  g_autoptr(IscDecomposition) decomposition = NULL;
  gboolean decompose = FALSE;
  GOptionEntry entries[] = {
    { "ranges", 0, 0, G_OPTION_ARG_FILENAME, &ranges_path, "Range file (.rrng, .rng, .env)", "RANGES" },
    { "roi", 0, 0, G_OPTION_ARG_STRING, &roi_spec, "Region: cylinder:cx,cy,cz,ax,ay,az,radius,length, "
      "box:x0,y0,z0,x1,y1,z1 or sphere:cx,cy,cz,r (nm)", "SPEC" },
    { "axis", 0, 0, G_OPTION_ARG_STRING, &axis_name, "Profile axis: x, y, z or roi", "AXIS" },
    { "bin", 0, 0, G_OPTION_ARG_DOUBLE, &bin_width, "Fixed bin width (nm)", "NM" },
    { "count", 0, 0, G_OPTION_ARG_INT64, &count, "Fixed number of atoms per bin", "N" },
    { "decompose", 0, 0, G_OPTION_ARG_NONE, &decompose, "Split ions of overlapping windows by isotope "
      "abundances (fractional counts, stated in the output)", NULL },
    { "background", 0, 0, G_OPTION_ARG_STRING, &bg_text, "With --decompose: subtract the background fitted in "
      "these peak-free windows", "LO:HI[,LO:HI]" },
    { "background-model", 0, 0, G_OPTION_ARG_STRING, &bg_model, "constant (default) or inv-sqrt (a/√m + b)", "MODEL" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DATA — 1D concentration profile as CSV");
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  IscProfileSettings settings;
  IscRoi roi;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return isc_cli_fail ("profile: give exactly one DATA file (found %d arguments)", argc - 1);
  if (ranges_path == NULL)
    return isc_cli_fail ("profile: --ranges RANGES is required");
  isc_profile_settings_init (&settings);
  if (axis_name == NULL)
    return isc_cli_fail ("profile: --axis x|y|z|roi is required");
  if (!isc_profile_axis_from_string (axis_name, &settings.axis))
    return isc_cli_fail ("profile: --axis “%s”: expected x, y, z or roi", axis_name);
  if ((bin_width != 0) == (count != 0))
    return isc_cli_fail ("profile: give exactly one of --bin NM or --count N");
  if (bin_width != 0)
    {
      if (!(bin_width > 0))
        return isc_cli_fail ("profile: --bin %g: the bin width must be positive (nm)", bin_width);
      settings.binning = ISC_PROFILE_FIXED_WIDTH;
      settings.bin_width = bin_width;
    }
  else
    {
      if (count < 1)
        return isc_cli_fail ("profile: --count %" G_GINT64_FORMAT ": expected at least 1 atom per bin", count);
      settings.binning = ISC_PROFILE_FIXED_COUNT;
      settings.atoms_per_bin = count;
    }
  isc_roi_init_all (&roi);
  if (roi_spec != NULL && !isc_roi_parse (roi_spec, &roi, &error))
    return isc_cli_fail_error (error);

  if ((status = isc_cli_load_ranged (argv[1], ranges_path, &cloud, &ranges)) != 0)
    return status;
  if ((status = isc_cli_decomposition ("profile", cloud, ranges, decompose, bg_text, bg_model, &decomposition)) != 0)
    return status;
  settings.decomposition = decomposition;
  profile = isc_profile_compute (cloud, ranges, &roi, &settings, NULL, NULL, NULL, &error);
  if (profile == NULL)
    return isc_cli_fail_error (error);
  csv = isc_profile_to_csv (profile);
  fputs (csv, stdout);
  return 0;
}
