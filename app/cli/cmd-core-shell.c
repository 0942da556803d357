/* cmd-core-shell.c: `ionscape-cli core-shell SERIES --centre X,Y --radius R --shell T
 * [--reference K | --reference-temperature C] [--temperatures T0,STEP | --temperatures-from
 * FILE.json] [--json]` → CSV frame,temperature_C,core,shell,core_relative,shell_relative,
 * core_sem,shell_sem (or JSON): the mean negative intensity of a particle's core and shell in
 * every frame of an in situ series (lengths in nm).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli-commands.h"
#include "cli-util.h"
#include "core-shell.h"
#include "image.h"

static void
add_number_or_null (JsonBuilder *b,
                    const char  *name,
                    double       v)
{
  json_builder_set_member_name (b, name);
  if (isfinite (v))
    json_builder_add_double_value (b, v);
  else
    json_builder_add_null_value (b);
}

static void
print_json (const char               *path,
            const IscCoreShellSeries *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  double onset = NAN, sigma = NAN;
  gboolean has_onset;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "file");
  json_builder_add_string_value (b, path);
  json_builder_set_member_name (b, "particle");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "centre_nm");
  json_builder_begin_array (b);
  json_builder_add_double_value (b, s->geometry.centre_x);
  json_builder_add_double_value (b, s->geometry.centre_y);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "radius_nm");
  json_builder_add_double_value (b, s->geometry.radius);
  json_builder_set_member_name (b, "shell_nm");
  json_builder_add_double_value (b, s->geometry.shell);
  json_builder_set_member_name (b, "background_margin_nm");
  json_builder_add_double_value (b, s->geometry.margin);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "reference_frame");
  json_builder_add_int_value (b, s->reference_frame);
  /* where shell and core part by more than 1 % for good, placed between frames; ± half the
   * frame spacing. "onset" is in °C, or a frame index when there are no temperatures. */
  has_onset = isc_core_shell_series_onset_full (s, 0.01, &onset, &sigma);
  add_number_or_null (b, "onset", has_onset ? onset : NAN);
  add_number_or_null (b, "onset_c", has_onset && s->has_temperatures ? onset : NAN);
  add_number_or_null (b, "onset_sigma_c", has_onset && s->has_temperatures ? sigma : NAN);
  json_builder_set_member_name (b, "frames");
  json_builder_begin_array (b);
  for (guint f = 0; f < s->n_frames; f++)
    {
      const IscCoreShellFrame *fr = &s->frames[f];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "frame");
      json_builder_add_int_value (b, fr->frame);
      add_number_or_null (b, "temperature_C", fr->temperature);
      add_number_or_null (b, "background", fr->background);
      add_number_or_null (b, "core", fr->core);
      add_number_or_null (b, "shell", fr->shell);
      add_number_or_null (b, "core_relative", fr->core_relative);
      add_number_or_null (b, "shell_relative", fr->shell_relative);
      add_number_or_null (b, "core_sem", fr->core_sem);
      add_number_or_null (b, "shell_sem", fr->shell_sem);
      json_builder_set_member_name (b, "core_pixels");
      json_builder_add_int_value (b, (gint64) fr->core_pixels);
      json_builder_set_member_name (b, "shell_pixels");
      json_builder_add_int_value (b, (gint64) fr->shell_pixels);
      json_builder_set_member_name (b, "background_pixels");
      json_builder_add_int_value (b, (gint64) fr->background_pixels);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  isc_cli_print_json (root);
}

int
isc_cli_cmd_core_shell (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("SERIES");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = NULL;
  g_autoptr(IscCoreShellSeries) series = NULL;
  g_autofree char *centre = NULL;
  g_autofree char *temps_text = NULL;
  g_autofree char *temps_file = NULL;
  g_autofree double *temps = NULL;
  IscCoreShellGeometry geometry;
  double radius = NAN, shell = NAN, margin = ISC_CORE_SHELL_DEFAULT_MARGIN;
  double reference_t = NAN, json_reference_t = NAN, c[2];
  int reference = -1, index = 0;
  guint n_temps = 0, reference_frame = 0;
  gboolean json = FALSE, have_geometry = FALSE;
  GOptionEntry entries[] = {
    { "centre", 'c', 0, G_OPTION_ARG_STRING, &centre, "Particle centre in nm (default: from --temperatures-from)", "X,Y" },
    { "radius", 'r', 0, G_OPTION_ARG_DOUBLE, &radius, "Outer radius of the particle in nm", "R" },
    { "shell", 's', 0, G_OPTION_ARG_DOUBLE, &shell, "Shell thickness in nm", "T" },
    { "margin", 'm', 0, G_OPTION_ARG_DOUBLE, &margin, "Gap between particle and background in nm (default 10)", "M" },
    { "reference", 0, 0, G_OPTION_ARG_INT, &reference, "Reference frame (from 0; default 0)", "K" },
    { "reference-temperature", 0, 0, G_OPTION_ARG_DOUBLE, &reference_t, "Reference: the frame nearest to this temperature (°C)", "C" },
    { "temperatures", 't', 0, G_OPTION_ARG_STRING, &temps_text, "Temperature of frame 0 and step per frame (°C)", "T0,STEP" },
    { "temperatures-from", 0, 0, G_OPTION_ARG_FILENAME, &temps_file, "JSON with \"temperatures_C\" (and optionally \"particle\", \"reference_temperature_C\")", "FILE.json" },
    { "index", 'i', 0, G_OPTION_ARG_INT, &index, "Which image of a multi-image file (from 0)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON instead of CSV", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Mean negative intensity (background − intensity, ∝ mass-thickness) of a particle's "
                                "core (r < R − T) and shell (R − T ≤ r ≤ R) in every frame, relative to a reference frame.");
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return isc_cli_fail ("core-shell needs exactly one SERIES file");
  if (temps_text != NULL && temps_file != NULL)
    return isc_cli_fail ("give either --temperatures or --temperatures-from, not both");
  if (reference >= 0 && isfinite (reference_t))
    return isc_cli_fail ("give either --reference or --reference-temperature, not both");
  if (index < 0)
    return isc_cli_fail ("--index must not be negative");
  if (!(margin >= 0))
    return isc_cli_fail ("--margin must not be negative");

  isc_core_shell_geometry_init (&geometry, NAN, NAN, NAN, NAN);
  if (temps_file != NULL)
    {
      if (!isc_core_shell_read_json (temps_file, &temps, &n_temps, &geometry, &json_reference_t, &error))
        return isc_cli_fail_error (error);
      have_geometry = geometry.radius > 0;
      if (temps == NULL)
        return isc_cli_fail ("%s: no \"temperatures_C\" array", temps_file);
    }
  if (centre != NULL)
    {
      if (!isc_cli_parse_doubles (centre, c, 2))
        return isc_cli_fail ("--centre must be two numbers X,Y (nm)");
      geometry.centre_x = c[0];
      geometry.centre_y = c[1];
    }
  else if (!have_geometry)
    return isc_cli_fail ("--centre X,Y is required (nm)");
  if (!isnan (radius))
    geometry.radius = radius;
  else if (!have_geometry)
    return isc_cli_fail ("--radius R is required (nm)");
  if (!isnan (shell))
    geometry.shell = shell;
  else if (!have_geometry)
    return isc_cli_fail ("--shell T is required (nm)");
  geometry.margin = margin;

  image = isc_image_load (argv[1], index, NULL, NULL, NULL, &error);
  if (image == NULL)
    return isc_cli_fail_error (error);

  if (temps_text != NULL)
    {
      double t0_step[2];

      if (!isc_cli_parse_doubles (temps_text, t0_step, 2))
        return isc_cli_fail ("--temperatures must be two numbers T0,STEP (°C)");
      n_temps = image->frames;
      temps = g_new (double, n_temps);
      for (guint f = 0; f < n_temps; f++)
        temps[f] = t0_step[0] + f * t0_step[1];
    }
  if (temps != NULL && n_temps != image->frames)
    return isc_cli_fail ("%s: %u temperatures for the %u frames of %s", temps_file, n_temps, image->frames, argv[1]);

  if (!isfinite (reference_t) && reference < 0 && isfinite (json_reference_t))
    reference_t = json_reference_t;
  if (reference >= 0)
    reference_frame = (guint) reference;
  else if (isfinite (reference_t))
    {
      if (!isc_core_shell_nearest_frame (temps, n_temps, reference_t, &reference_frame))
        return isc_cli_fail ("--reference-temperature needs --temperatures or --temperatures-from");
    }

  series = isc_core_shell_analyse (image, &geometry, reference_frame, temps, NULL, &error);
  if (series == NULL)
    return isc_cli_fail ("%s: %s", argv[1], error->message);
  if (json)
    print_json (argv[1], series);
  else
    {
      g_autofree char *csv = isc_core_shell_series_to_csv (series);

      fputs (csv, stdout);
    }
  return 0;
}
