/* cmd-fft.c: `ionscape-cli fft IMAGE [--peaks N] [--json]` → reflections of the diffractogram
 * with their lattice spacings, strongest first, the centre excluded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "cli-commands.h"
#include "fft.h"
#include "image.h"

int
isc_cli_cmd_fft (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("IMAGE");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = NULL;
  g_autoptr(IscFft) fft = NULL;
  g_autoptr(GArray) peaks = NULL;
  int n_peaks = 6, index = 0, frame = 0;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "peaks", 'n', 0, G_OPTION_ARG_INT, &n_peaks, "How many reflections to list (default 6)", "N" },
    { "index", 'i', 0, G_OPTION_ARG_INT, &index, "Which image of a multi-image file (from 0)", "K" },
    { "frame", 'f', 0, G_OPTION_ARG_INT, &frame, "Which frame of a stack (from 0)", "F" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Reflections of the image's FFT (Hann window) with d-spacings in nm.");
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return isc_cli_fail ("fft needs exactly one IMAGE file");
  if (n_peaks < 1 || n_peaks > 1000)
    return isc_cli_fail ("--peaks must be between 1 and 1000");
  if (index < 0 || frame < 0)
    return isc_cli_fail ("--index and --frame must not be negative");

  image = isc_image_load (argv[1], index, NULL, NULL, NULL, &error);
  if (image == NULL)
    return isc_cli_fail_error (error);
  fft = isc_fft_compute (image, frame, NULL, &error);
  if (fft == NULL)
    return isc_cli_fail_error (error);
  peaks = isc_fft_find_peaks (fft, n_peaks, 0, 0);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "peaks");
      json_builder_begin_array (b);
      for (guint i = 0; i < peaks->len; i++)
        {
          const IscFftPeak *p = &g_array_index (peaks, IscFftPeak, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "d_nm");
          json_builder_add_double_value (b, p->d);
          json_builder_set_member_name (b, "angle_deg");
          json_builder_add_double_value (b, p->angle_deg);
          json_builder_set_member_name (b, "magnitude");
          json_builder_add_double_value (b, p->magnitude);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      isc_cli_print_json (root);
    }
  else
    {
      const char *unit = g_str_has_prefix (fft->unit, "1/") ? fft->unit + 2 : fft->unit;

      printf ("%-12s %-10s %s\n", "d", "angle_deg", "magnitude");
      for (guint i = 0; i < peaks->len; i++)
        {
          const IscFftPeak *p = &g_array_index (peaks, IscFftPeak, i);
          printf ("%8.4f %-3s %-10.2f %.6g\n", p->d, unit, p->angle_deg, p->magnitude);
        }
    }
  return 0;
}
