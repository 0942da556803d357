/* cmd-line-profile.c: `ionscape-cli line-profile IMAGE --from X0,Y0 --to X1,Y1 --width W` →
 * CSV distance_nm,intensity (pixel coordinates in, calibrated distances out).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli-commands.h"
#include "image.h"
#include "line-profile.h"

int
isc_cli_cmd_line_profile (int    argc,
                          char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("IMAGE");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = NULL;
  g_autoptr(IscLineProfile) profile = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  double width = 1, p0[2], p1[2];
  int index = 0, frame = 0;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "Start point in pixels", "X0,Y0" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "End point in pixels", "X1,Y1" },
    { "width", 'w', 0, G_OPTION_ARG_DOUBLE, &width, "Integration width in pixels (default 1)", "W" },
    { "index", 'i', 0, G_OPTION_ARG_INT, &index, "Which image of a multi-image file (from 0)", "K" },
    { "frame", 'f', 0, G_OPTION_ARG_INT, &frame, "Which frame of a stack (from 0)", "F" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Intensity profile along a line, averaged across its width; CSV distance_nm,intensity.");
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return isc_cli_fail ("line-profile needs exactly one IMAGE file");
  if (!isc_cli_parse_doubles (from, p0, 2))
    return isc_cli_fail ("--from must be two numbers X0,Y0 (pixels)");
  if (!isc_cli_parse_doubles (to, p1, 2))
    return isc_cli_fail ("--to must be two numbers X1,Y1 (pixels)");
  if (index < 0 || frame < 0)
    return isc_cli_fail ("--index and --frame must not be negative");

  image = isc_image_load (argv[1], index, NULL, NULL, NULL, &error);
  if (image == NULL)
    return isc_cli_fail_error (error);
  profile = isc_line_profile_compute (image, frame, p0[0], p0[1], p1[0], p1[1], width, &error);
  if (profile == NULL)
    return isc_cli_fail_error (error);

  /* the column says what the distances are: nm for calibrated images, px otherwise */
  printf ("distance_%s,intensity\n", g_str_equal (profile->unit, "nm") ? "nm" : g_str_equal (profile->unit, "1/nm") ? "per_nm" : profile->unit[0] ? profile->unit : "px");
  for (guint i = 0; i < profile->n; i++)
    {
      if (isnan (profile->intensity[i]))
        printf ("%.6f,\n", profile->distance[i]);
      else
        printf ("%.6f,%.6g\n", profile->distance[i], profile->intensity[i]);
    }
  return 0;
}
