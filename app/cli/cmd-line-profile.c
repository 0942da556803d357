/* cmd-line-profile.c: `ionscape-cli line-profile IMAGE --from X0,Y0 --to X1,Y1 --width W` →
 * CSV distance_nm,intensity (pixel coordinates in, calibrated distances out); with --json the
 * profile's periods (dominant spacing, the strengths of the layer period and its half) and its
 * maxima as well.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli-commands.h"
#include "image.h"
#include "line-profile.h"

static void
print_json (const char           *path,
            const IscLineProfile *profile,
            double                period)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(IscProfilePeriods) periods = isc_line_profile_periods (profile, period);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "file");
  json_builder_add_string_value (b, path);
  json_builder_set_member_name (b, "unit");
  json_builder_add_string_value (b, profile->unit);
  isc_cli_json_add_member (b, "step", profile->step);
  isc_cli_json_add_member (b, "width", profile->width);
  /* null without a period above the noise */
  isc_cli_json_add_member (b, "spacing", periods ? periods->spacing : NAN);
  isc_cli_json_add_member (b, "spacing_strength", periods ? periods->spacing_strength : NAN);
  isc_cli_json_add_member (b, "layer_period", periods ? periods->layer_period : NAN);
  isc_cli_json_add_member (b, "layer_strength", periods ? periods->layer_strength : NAN);
  isc_cli_json_add_member (b, "half_period", periods ? periods->layer_period / 2 : NAN);
  isc_cli_json_add_member (b, "half_strength", periods ? periods->half_strength : NAN);
  isc_cli_json_add_member (b, "noise", periods ? periods->noise : NAN);
  json_builder_set_member_name (b, "maxima");
  json_builder_begin_array (b);
  for (guint i = 0; periods != NULL && i < periods->maxima->len; i++)
    {
      const IscProfileMaximum *m = &g_array_index (periods->maxima, IscProfileMaximum, i);

      json_builder_begin_object (b);
      isc_cli_json_add_member (b, "position", m->position);
      isc_cli_json_add_member (b, "intensity", m->intensity);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "profile");
  json_builder_begin_array (b);
  for (guint i = 0; i < profile->n; i++)
    {
      json_builder_begin_array (b);
      isc_cli_json_add_number (b, profile->distance[i]);
      isc_cli_json_add_number (b, profile->intensity[i]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  isc_cli_print_json (root);
}

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
  double width = 1, period = 0, p0[2], p1[2];
  int index = 0, frame = 0;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "Start point in pixels", "X0,Y0" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "End point in pixels", "X1,Y1" },
    { "width", 'w', 0, G_OPTION_ARG_DOUBLE, &width, "Integration width in pixels (default 1)", "W" },
    { "index", 'i', 0, G_OPTION_ARG_INT, &index, "Which image of a multi-image file (from 0)", "K" },
    { "frame", 'f', 0, G_OPTION_ARG_INT, &frame, "Which frame of a stack (from 0)", "F" },
    { "period", 'p', 0, G_OPTION_ARG_DOUBLE, &period, "With --json: the layer period to look for (default: found)", "P" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON: the profile, its periods and maxima", NULL },
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
  if (!(period >= 0))
    return isc_cli_fail ("--period must not be negative");

  image = isc_image_load (argv[1], index, NULL, NULL, NULL, &error);
  if (image == NULL)
    return isc_cli_fail_error (error);
  profile = isc_line_profile_compute (image, frame, p0[0], p0[1], p1[0], p1[1], width, &error);
  if (profile == NULL)
    return isc_cli_fail_error (error);

  if (json)
    {
      print_json (argv[1], profile, period);
      return 0;
    }
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
