/* cmd-disorder.c: `ionscape-cli disorder IMAGE --from X0,Y0 --to X1,Y1 [--width W] [--period P]
 * [--threshold T] [--background B] [--json]`: measures of cation disorder from a HAADF profile
 * across the (003) planes, drawn from the surface inward — the dominant spacing, the Li-layer /
 * TM-layer intensity ratio, the thickness of the rock-salt surface layer and the maxima.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli-commands.h"
#include "disorder.h"
#include "image.h"
#include "line-profile.h"

static void
print_json (const char        *path,
            const IscDisorder *d)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "file");
  json_builder_add_string_value (b, path);
  /* lengths are in nm for calibrated images; "unit" says when they are not */
  json_builder_set_member_name (b, "unit");
  json_builder_add_string_value (b, d->unit);
  isc_cli_json_add_member (b, "length_nm", d->length);
  isc_cli_json_add_member (b, "spacing_nm", d->spacing);
  isc_cli_json_add_member (b, "layer_period_nm", d->layer_period);
  isc_cli_json_add_member (b, "layer_strength", d->layer_strength);
  isc_cli_json_add_member (b, "half_strength", d->half_strength);
  isc_cli_json_add_member (b, "background", d->background);
  isc_cli_json_add_member (b, "li_tm_ratio", d->li_tm_ratio);
  isc_cli_json_add_member (b, "threshold", d->threshold);
  isc_cli_json_add_member (b, "rocksalt_thickness_nm", d->rocksalt_thickness);
  json_builder_set_member_name (b, "rocksalt_to_end");
  json_builder_add_boolean_value (b, d->rocksalt_to_end);
  isc_cli_json_add_member (b, "rocksalt_thickness_fft_nm", d->rocksalt_thickness_fft);
  isc_cli_json_add_member (b, "fft_window_nm", d->fft_window);
  json_builder_set_member_name (b, "layers");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->layers->len; i++)
    {
      const IscDisorderLayer *l = &g_array_index (d->layers, IscDisorderLayer, i);

      json_builder_begin_object (b);
      isc_cli_json_add_member (b, "position_nm", l->position);
      isc_cli_json_add_member (b, "li", l->li);
      isc_cli_json_add_member (b, "tm", l->tm);
      isc_cli_json_add_member (b, "ratio", l->ratio);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "maxima");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->maxima->len; i++)
    {
      const IscDisorderMaximum *m = &g_array_index (d->maxima, IscDisorderMaximum, i);

      json_builder_begin_object (b);
      isc_cli_json_add_member (b, "position_nm", m->position);
      isc_cli_json_add_member (b, "intensity", m->intensity);
      json_builder_set_member_name (b, "plane");
      json_builder_add_string_value (b, m->li_layer ? "Li" : "TM");
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  isc_cli_print_json (root);
}

static void
print_text (const IscDisorder *d)
{
  const char *u = d->unit;

  printf ("spacing: %.4f %s (dominant period)\n", d->spacing, u);
  printf ("layer period: %.4f %s, strength %.4g; half period %.4f %s, strength %.4g\n",
          d->layer_period, u, d->layer_strength, d->layer_period / 2, u, d->half_strength);
  printf ("Li/TM ratio: %.3f over %u layers (background %g)\n", d->li_tm_ratio, d->layers->len, d->background);
  printf ("rock-salt layer: %s%.3f %s (Li/TM above %.2f)\n", d->rocksalt_to_end ? "at least " : "",
          d->rocksalt_thickness, u, d->threshold);
  if (isfinite (d->rocksalt_thickness_fft))
    printf ("rock-salt layer from the (003) spot: %.3f %s (window %.3f %s)\n", d->rocksalt_thickness_fft, u,
            d->fft_window, u);
  else
    printf ("rock-salt layer from the (003) spot: no boundary along the line (window %.3f %s)\n", d->fft_window, u);
  printf ("maxima:");
  for (guint i = 0; i < d->maxima->len; i++)
    {
      const IscDisorderMaximum *m = &g_array_index (d->maxima, IscDisorderMaximum, i);

      printf (" %.4f%s", m->position, m->li_layer ? "(Li)" : "");
    }
  printf ("\n");
}

int
isc_cli_cmd_disorder (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("IMAGE");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = NULL;
  g_autoptr(IscLineProfile) profile = NULL;
  g_autoptr(IscDisorder) disorder = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  double width = 1, period = 0, threshold = ISC_DISORDER_DEFAULT_THRESHOLD, background = 0, p0[2], p1[2];
  int index = 0, frame = 0;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "Start point in pixels, on the surface", "X0,Y0" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "End point in pixels, inside the particle", "X1,Y1" },
    { "width", 'w', 0, G_OPTION_ARG_DOUBLE, &width, "Integration width in pixels (default 1)", "W" },
    { "period", 'p', 0, G_OPTION_ARG_DOUBLE, &period, "Layer period to look for, in the image's unit (default: found)", "P" },
    { "threshold", 't', 0, G_OPTION_ARG_DOUBLE, &threshold, "Li/TM ratio above which a layer counts as rock salt (default 0.6)", "T" },
    { "background", 'b', 0, G_OPTION_ARG_DOUBLE, &background, "Intensity subtracted before the ratios (default 0)", "B" },
    { "index", 'i', 0, G_OPTION_ARG_INT, &index, "Which image of a multi-image file (from 0)", "K" },
    { "frame", 'f', 0, G_OPTION_ARG_INT, &frame, "Which frame of a stack (from 0)", "F" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Cation disorder of a layered oxide from a HAADF line profile across its (003) planes: the "
                                "Li-layer / TM-layer intensity ratio and the thickness of the rock-salt surface layer "
                                "(the line starts on the surface).");
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return isc_cli_fail ("disorder needs exactly one IMAGE file");
  if (!isc_cli_parse_doubles (from, p0, 2))
    return isc_cli_fail ("--from must be two numbers X0,Y0 (pixels)");
  if (!isc_cli_parse_doubles (to, p1, 2))
    return isc_cli_fail ("--to must be two numbers X1,Y1 (pixels)");
  if (index < 0 || frame < 0)
    return isc_cli_fail ("--index and --frame must not be negative");
  if (!(threshold > 0) || !(period >= 0) || !isfinite (background))
    return isc_cli_fail ("--threshold must be positive, --period not negative");

  image = isc_image_load (argv[1], index, NULL, NULL, NULL, &error);
  if (image == NULL)
    return isc_cli_fail_error (error);
  profile = isc_line_profile_compute (image, frame, p0[0], p0[1], p1[0], p1[1], width, &error);
  if (profile == NULL)
    return isc_cli_fail_error (error);
  disorder = isc_disorder_analyse (profile, period, threshold, background, &error);
  if (disorder == NULL)
    return isc_cli_fail ("%s: %s", argv[1], error->message);
  if (json)
    print_json (argv[1], disorder);
  else
    print_text (disorder);
  return 0;
}
