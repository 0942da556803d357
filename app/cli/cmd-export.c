/* cmd-export.c: `ionscape-cli export FILE [--ranges R] [--index K] --out OUT` — data in the
 * forms the rest of the field reads:
 *   APT data → .nxs (NeXus NXapm with its ranges and, when ranged, the composition attached as
 *              /entry1/composition) or .csv (x_nm, y_nm, z_nm, mass_to_charge_da[, ion]);
 *   an image → .hspy (HyperSpy 3.1 HDF5, calibrated axes) or .tif (calibrated TIFF).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "cli-commands.h"
#include "composition.h"
#include "image-hspy.h"
#include "image.h"
#include "isc-dataset-kind.h"
#include "nxapm-io.h"
#include "pos-io.h"

static int
export_apt (const char *path,
            const char *ranges_path,
            const char *out_path,
            const char *suffix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autoptr(IscComposition) composition = NULL;
  int status;

  if (!g_str_equal (suffix, "nxs") && !g_str_equal (suffix, "csv"))
    return isc_cli_fail ("export: APT data goes to .nxs (NeXus NXapm) or .csv, not .%s", suffix);
  if ((status = isc_cli_load_ranged (path, ranges_path, &cloud, &ranges)) != 0)
    return status;
  if (g_str_equal (suffix, "csv"))
    {
      if (!isc_ion_cloud_save_csv (cloud, ranges, out_path, &error))
        return isc_cli_fail_error (error);
      return 0;
    }
  if (ranges != NULL)
    {
      composition = isc_composition_compute (cloud, ranges, NULL, NULL, &error);
      if (composition == NULL)
        return isc_cli_fail ("export: %s: %s", path, error->message);
      if (!isc_ion_cloud_save_nxapm_with_results (cloud, ranges, composition, out_path, &error))
        return isc_cli_fail_error (error);
    }
  else if (!isc_ion_cloud_save_nxapm (cloud, NULL, out_path, &error))
    return isc_cli_fail_error (error);
  return 0;
}

static int
export_image (const char *path,
              int         index,
              const char *out_path,
              const char *suffix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = NULL;
  gboolean ok;

  if (!g_str_equal (suffix, "hspy") && !g_str_equal (suffix, "tif") && !g_str_equal (suffix, "tiff"))
    return isc_cli_fail ("export: images go to .hspy (HyperSpy) or .tif, not .%s", suffix);
  image = isc_image_load (path, index, NULL, NULL, NULL, &error);
  if (image == NULL)
    return isc_cli_fail_error (error);
  ok = g_str_equal (suffix, "hspy") ? isc_image_write_hspy (image, out_path, &error)
                                    : isc_image_write_tiff (image, out_path, &error);
  return ok ? 0 : isc_cli_fail_error (error);
}

int
isc_cli_cmd_export (int    argc,
                    char **argv)
{
  g_autofree char *ranges_path = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *suffix = NULL;
  int index = 0;
  GOptionEntry entries[] = {
    { "ranges", 'r', 0, G_OPTION_ARG_FILENAME, &ranges_path,
      "Range file of APT data (default: one beside it)", "R" },
    { "index", 'i', 0, G_OPTION_ARG_INT, &index, "Which image of a multi-image file (from 0)", "K" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path,
      "Output: .nxs or .csv for APT data, .hspy or .tif for an image", "OUT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE — data for other programs");
  IscDatasetKind kind;
  const char *dot;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "APT data → NeXus NXapm (.nxs: positions, mass-to-charge, ranges, and the composition when\n"
    "ranged) or CSV with units in the header; an image → HyperSpy HDF5 (.hspy: hs.load () gives a\n"
    "calibrated Signal2D) or a calibrated TIFF. Files are written atomically.");
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return isc_cli_fail ("export: expected one FILE");
  if (out_path == NULL)
    return isc_cli_fail ("export: --out OUT is required");
  dot = strrchr (out_path, '.');
  if (dot == NULL || strchr (dot, '/') != NULL)
    return isc_cli_fail ("export: --out %s has no extension (.nxs, .csv, .hspy, .tif)", out_path);
  suffix = g_ascii_strdown (dot + 1, -1);
  if (!isc_dataset_kind_guess (argv[1], &kind))
    return isc_cli_fail ("export: %s: not a file Ionscape recognises", argv[1]);
  switch (kind)
    {
    case ISC_DATASET_APT:
      return export_apt (argv[1], ranges_path, out_path, suffix);
    case ISC_DATASET_STEM:
      return export_image (argv[1], index, out_path, suffix);
    default:
      return isc_cli_fail ("export: %s: %s cannot be exported yet (APT data and images can)",
                           argv[1], isc_dataset_kind_get_info (kind)->name);
    }
}
