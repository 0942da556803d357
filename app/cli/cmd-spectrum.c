/* cmd-spectrum.c: `ionscape-cli spectrum DATA --bin W [--ranges RANGES]` → CSV mq_start,count[,ion].
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "cli-commands.h"
#include "ion-cloud.h"
#include "range-set.h"
#include "spectrum.h"

int
isc_cli_cmd_spectrum (int    argc,
                      char **argv)
{
  g_autofree char *ranges_path = NULL;
  double bin = 0;
  GOptionEntry entries[] = {
    { "bin", 0, 0, G_OPTION_ARG_DOUBLE, &bin, "Bin width in Da", "W" },
    { "ranges", 0, 0, G_OPTION_ARG_FILENAME, &ranges_path, "Range file: adds the ion of each bin", "RANGES" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DATA — mass-to-charge histogram as CSV");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) set = NULL;
  g_autoptr(IscSpectrum) spectrum = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return isc_cli_fail ("spectrum: expected one DATA file");
  if (!(bin > 0))
    return isc_cli_fail ("spectrum: --bin W must be a positive width in Da");

  if ((status = isc_cli_load_data (argv[1], ranges_path, &cloud, &set)) != 0)
    return status;
  spectrum = isc_spectrum_compute (cloud, set, NULL, bin, 0, 0, NULL, &error);
  if (spectrum == NULL)
    return isc_cli_fail_error (error);

  g_string_append (out, set != NULL ? "mq_start,count,ion\n" : "mq_start,count\n");
  for (gsize k = 0; k < spectrum->n_bins; k++)
    {
      char start[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (start, sizeof start, "%.10g", spectrum->start + k * spectrum->bin_width);
      g_string_append_printf (out, "%s,%" G_GUINT64_FORMAT, start, spectrum->counts[k]);
      if (set != NULL)
        {
          guint8 t = spectrum->ion_type[k];

          g_string_append_c (out, ',');
          if (t != ISC_ION_UNRANGED)
            g_string_append (out, isc_range_set_get_ion_type (set, t)->name);
        }
      g_string_append_c (out, '\n');
    }
  fwrite (out->str, 1, out->len, stdout);
  return 0;
}
