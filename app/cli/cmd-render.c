/* cmd-render.c: `ionscape-cli render DATA --ranges RANGES --out FILE.png --size WxH
 * [--species Li,Ni] [--azimuth DEG] [--elevation DEG] [--point-size PX]` — the 3-D ion map
 * rendered offscreen (EGL, no window) to a PNG. As a figure for paper: `--dpi DPI` with
 * `--width single|1.5|double|LENGTH` or `--width-mm/--height-mm` (instead of --size),
 * `--font-pt`, `--background white|black|transparent`, and .png or .tif (cli-figure-options.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "camera.h"
#include "cli-commands.h"
#include "cli-figure-options.h"
#include "gl-context-headless.h"
#include "gl-export.h"
#include "ion-cloud.h"
#include "point-renderer.h"
#include "range-set.h"

static gboolean
parse_size (const char *text,
            int        *width,
            int        *height)
{
  g_auto(GStrv) parts = NULL;
  gint64 v[2];

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, "x", -1);
  if (g_strv_length (parts) != 2)
    return FALSE;
  for (int i = 0; i < 2; i++)
    if (!g_ascii_string_to_signed (parts[i], 10, 1, 32767, &v[i], NULL))
      return FALSE;
  *width = (int) v[0];
  *height = (int) v[1];
  return TRUE;
}

/* Shows only the named species: each name selects the ion type of that name ("LiO") and every
 * ion type containing it as an element ("Li" → Li and LiO), so an element map includes its
 * molecular ions. Everything else, unranged included, is hidden. */
static int
select_species (IscPointRenderer  *renderer,
                const IscRangeSet *set,
                const char        *list)
{
  g_auto(GStrv) names = g_strsplit (list, ",", -1);
  guint n_types = isc_range_set_get_n_ion_types (set);
  gboolean keep[ISC_POINT_RENDERER_N_SPECIES] = { FALSE };

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);
      gboolean found = FALSE;

      if (name[0] == '\0')
        continue;
      for (guint t = 0; t < n_types; t++)
        if (g_str_equal (isc_range_set_get_ion_type (set, t)->name, name)
            || isc_range_set_count_atoms (set, t, name) > 0)
          keep[t] = found = TRUE;
      if (!found)
        {
          g_autoptr(GString) known = g_string_new (NULL);

          for (guint t = 0; t < n_types; t++)
            g_string_append_printf (known, "%s%s", t ? ", " : "",
                                    isc_range_set_get_ion_type (set, t)->name);
          return isc_cli_fail ("render: --species: “%s” is neither an ion nor an element of the "
                               "range file (it has %s)", name, known->str);
        }
    }
  for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
    isc_point_renderer_set_species_visible (renderer, s, keep[s]);
  return 0;
}

int
isc_cli_cmd_render (int    argc,
                    char **argv)
{
  g_autofree char *ranges_path = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *species = NULL;
  double azimuth = 0, elevation = 0, point_size = 2;
  gboolean ortho = FALSE, no_legend = FALSE, no_scale_bar = FALSE;
  GOptionEntry entries[] = {
    { "ranges", 0, 0, G_OPTION_ARG_FILENAME, &ranges_path, "Range file: species and their colours", "RANGES" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "PNG file to write", "FILE.png" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size_text, "Image size in pixels", "WxH" },
    { "species", 0, 0, G_OPTION_ARG_STRING, &species, "Show only these ions or elements", "Li,Ni" },
    { "azimuth", 0, 0, G_OPTION_ARG_DOUBLE, &azimuth, "Turn about z (0 looks along +y)", "DEG" },
    { "elevation", 0, 0, G_OPTION_ARG_DOUBLE, &elevation, "Raise the eye above the x-y plane", "DEG" },
    { "point-size", 0, 0, G_OPTION_ARG_DOUBLE, &point_size, "Ion diameter in pixels (default 2)", "PX" },
    { "ortho", 0, 0, G_OPTION_ARG_NONE, &ortho, "Orthographic instead of perspective projection", NULL },
    { "no-legend", 0, 0, G_OPTION_ARG_NONE, &no_legend, "Leave out the colour legend", NULL },
    { "no-scale-bar", 0, 0, G_OPTION_ARG_NONE, &no_scale_bar, "Leave out the scale bar", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DATA — render the 3-D ion map to a PNG");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) set = NULL;
  g_autoptr(IscGlHeadless) gl = NULL;
  g_autoptr(IscPointRenderer) renderer = NULL;
  g_autoptr(IscCamera) camera = NULL;
  IscGlExportOptions options = { 0 };
  IscCliFigureArgs figure_args;
  IscFigureOptions figure;
  gboolean paper, parsed;
  guint64 shown, total;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  isc_cli_figure_args_init (&figure_args);
  isc_cli_figure_args_add (&figure_args, context);
  parsed = isc_cli_parse (context, &argc, &argv)
           && isc_cli_figure_args_resolve (&figure_args, "render", 0, 0, &figure);
  paper = !isnan (figure_args.dpi) || figure_args.width != NULL || !isnan (figure_args.width_mm);
  isc_cli_figure_args_clear (&figure_args);
  if (!parsed)
    return 1;
  if (argc != 2)
    return isc_cli_fail ("render: expected one DATA file");
  if (out_path == NULL)
    return isc_cli_fail ("render: --out FILE.png is required");
  if (paper)
    {
      /* A figure: pixels from the size in mm, points and text in points. */
      options.dpi = figure.dpi;
      options.font_pt = figure.font_pt;
      options.background = figure.background;
      options.width = isc_figure_options_width_px (&figure);
      options.height = isc_figure_options_height_px (&figure);
      if (size_text != NULL && !parse_size (size_text, &options.width, &options.height))
        return isc_cli_fail ("render: --size must be WxH with whole pixels 1…32767 (got “%s”)",
                             size_text);
    }
  else if (!parse_size (size_text, &options.width, &options.height))
    return isc_cli_fail ("render: --size must be WxH with whole pixels 1…32767 (got “%s”)",
                         size_text != NULL ? size_text : "");
  if (!(point_size >= 1 && point_size <= 64))
    return isc_cli_fail ("render: --point-size must be 1…64 pixels");
  if (!(elevation >= -90 && elevation <= 90) || !isfinite (azimuth))
    return isc_cli_fail ("render: --elevation must be −90…90 degrees and --azimuth finite");
  if (species != NULL && ranges_path == NULL)
    return isc_cli_fail ("render: --species needs --ranges");
  options.legend = !no_legend && ranges_path != NULL;
  options.scale_bar = !no_scale_bar;

  if ((status = isc_cli_load_ranged (argv[1], ranges_path, &cloud, &set)) != 0)
    return status;

  gl = isc_gl_headless_new (&error);
  if (gl == NULL)
    return isc_cli_fail ("render: %s", error->message);
  renderer = isc_point_renderer_new (&error);
  if (renderer == NULL)
    return isc_cli_fail ("render: %s", error->message);

  if (!isc_point_renderer_set_cloud (renderer, cloud, &error))
    return isc_cli_fail ("render: %s: %s", argv[1], error->message);
  if (set != NULL)
    isc_point_renderer_set_species_from_ranges (renderer, set);
  for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
    isc_point_renderer_set_species_size (renderer, s, point_size);
  if (species != NULL && (status = select_species (renderer, set, species)) != 0)
    return status;

  camera = isc_camera_new ();
  isc_camera_set_viewport (camera, options.width, options.height);
  isc_camera_set_scene_bounds (camera, cloud->bounds_min, cloud->bounds_max);
  isc_camera_set_projection (camera, ortho ? ISC_PROJECTION_ORTHOGRAPHIC
                                           : ISC_PROJECTION_PERSPECTIVE);
  isc_camera_set_azimuth_elevation (camera, azimuth, elevation);

  if (!isc_gl_export_png (renderer, camera, &options, out_path, &error))
    return isc_cli_fail ("render: %s", error->message);
  isc_point_renderer_get_counts (renderer, &shown, &total);
  printf ("%s: %d×%d, %" G_GUINT64_FORMAT " ions drawn (%s)\n", out_path, options.width,
          options.height, shown, isc_gl_headless_get_renderer (gl));
  return 0;
}
