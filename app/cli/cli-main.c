/* cli-main.c: ionscape-cli — every analysis of the GUI, headless.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli-commands.h"
#include "column-cache.h"

typedef struct
{
  const char        *name;
  IscCliCommandFunc  run;
  const char        *summary;
} CliCommand;

static const CliCommand commands[] = {
  { "info", isc_cli_cmd_info, "Describe an APT data, range or image file" },
  { "composition", isc_cli_cmd_composition, "Ion and atom counts, fractions and ratios of APT data" },
  { "spectrum", isc_cli_cmd_spectrum, "Mass-to-charge histogram of APT data as CSV" },
  { "gradient", isc_cli_cmd_gradient, "Element versus depth per condition of a project, gradient depth and fits" },
  { "profile", isc_cli_cmd_profile, "1D concentration profile of a region as CSV" },
  { "fda", isc_cli_cmd_fda, "Frequency-distribution analysis (chi2, p, Pearson mu) of an element" },
  { "image-info", isc_cli_cmd_image_info, "Size, type, statistics and calibration of a STEM/TEM image" },
  { "line-profile", isc_cli_cmd_line_profile, "Intensity profile along a line of an image (CSV)" },
  { "core-shell", isc_cli_cmd_core_shell, "Core and shell negative intensity of a particle through an image series (CSV)" },
  { "disorder", isc_cli_cmd_disorder, "Li-layer/TM-layer ratio and rock-salt thickness from a HAADF line profile" },
  { "fft", isc_cli_cmd_fft, "Reflections of an image's FFT with d-spacings" },
  { "demo", isc_cli_cmd_demo, "Write the demo project (--out DIR) or summarise it (--summary DIR)" },
  { "cycling", isc_cli_cmd_cycling, "Per-cycle capacity, efficiency and retention of a cycler export, or its plots" },
  { "figure", isc_cli_cmd_figure, "A figure of a project's gradient study: Li versus depth, all elements, gradient depth or retention" },
  { "eis", isc_cli_cmd_eis, "Impedance spectra: equivalent-circuit fits with errors, Lin-KK, Nyquist/Bode plots" },
  { "render", isc_cli_cmd_render, "Render the 3-D ion map to a PNG without a window" },
  { "voxel", isc_cli_cmd_voxel, "Atoms per element on a voxel grid (CSV) or its summary (JSON)" },
  { "map", isc_cli_cmd_map, "2D concentration map of a slab with counting errors (CSV or JSON)" },
  { "isosurface", isc_cli_cmd_isosurface, "Isoconcentration surfaces: area, volume, ions; mesh as PLY/STL" },
  { "proxigram", isc_cli_cmd_proxigram, "Composition against distance to an isosurface (CSV or JSON)" },
  { "cluster", isc_cli_cmd_cluster, "Maximum-separation cluster analysis (JSON or CSV)" },
  { "nn", isc_cli_cmd_nn, "k-th nearest-neighbour distances against random relabelling" },
  { "rdf", isc_cli_cmd_rdf, "Radial distribution of an element pair normalised to the bulk" },
  { "isotopes", isc_cli_cmd_isotopes, "Isotope peaks (m/n, abundance) of an ion at a charge state" },
  { "multihit", isc_cli_cmd_multihit, "Multiple-hit statistics and the correlation histogram of an .epos file" },
  { "detector-map", isc_cli_cmd_detector_map, "Detector hit map of an .epos file as a PNG" },
  { "xrd", isc_cli_cmd_xrd, "X-ray diffraction patterns and series: peak fits, phases, RIR fractions (JSON) or heat map/stack/pattern figures" },
  { "thermal", isc_cli_cmd_thermal, "Thermal analysis (TGA/DTA/DSC): mass-loss steps with tangent onsets (JSON) or mass/DTG/DTA figures" },
  { "batch", isc_cli_cmd_batch, "Run a recipe of analyses over every dataset of a project (CSV), resumable" },
  { "eels", isc_cli_cmd_eels, "EELS edges of a spectrum, line scan or spectrum image: onsets, L3/L2 ratios, backgrounds (JSON) or a figure" },
  { "register", isc_cli_cmd_register, "Place a site's APT data on its image: landmark fit, refinement (JSON)" },
  { "export", isc_cli_cmd_export, "APT data as NeXus NXapm (with its composition) or CSV, images as HyperSpy .hspy or TIFF" },
  { "saed", isc_cli_cmd_saed, "Electron diffraction: centre, rings and d-spacings, calibration (file or standard), indexing, zone axis (JSON) or profile/rings figures" },
  { "cache", isc_cli_cmd_cache, "The column caches of large .pos/.epos files: list, clear, tidy" },
  { NULL, NULL, NULL },
};

static void
print_help (FILE *out)
{
  fprintf (out,
           "Usage: ionscape-cli COMMAND [OPTIONS…]\n"
           "\n"
           "Ionscape's analyses without a window. Errors exit with status 1 and one line on stderr.\n"
           "\n"
           "Commands:\n");
  for (guint i = 0; commands[i].name != NULL; i++)
    fprintf (out, "  %-14s %s\n", commands[i].name, commands[i].summary);
  fprintf (out,
           "\n"
           "Options:\n"
           "  --help         Show this help (COMMAND --help for a command's options)\n"
           "  --version      Show the version\n");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  /* Numbers in CSV and JSON must use '.', whatever the user's locale. */
  setlocale (LC_NUMERIC, "C");

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")
      || g_str_equal (argv[1], "help"))
    {
      print_help (stdout);
      return argc < 2 ? 1 : 0;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      printf ("ionscape-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; commands[i].name != NULL; i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        int status = commands[i].run (argc - 1, argv + 1);

        /* a large file's column cache finishes, so the next command maps it */
        isc_column_cache_wait ();
        return status;
      }

  print_help (stderr);
  return isc_cli_fail ("unknown command “%s”", argv[1]);
}
