/* cmd-figure.c: `ionscape-cli figure PROJECT --plot gradient|elements|gradient-depth|retention
 * [--element Li] [--condition NAME] [--log-depth] --out FIG.(png|tif|svg|pdf)
 * [--width single|1.5|double|LENGTH] [--width-mm MM] [--height-mm MM] [--font-pt PT] [--dpi DPI]
 * [--background white|black|transparent]` (journal units, cli-figure-options.h), and
 * `--plot site --site "CONDITION/LABEL" [--specimen N] [--overlay] [--profile]`: the ion map beside
 * the STEM image of one site, with scale bars of one length (site-figure.h), then with --overlay the
 * site's registered APT map of --element over the image it is registered to; and `--layout FILE.json|NAME`:
 * a layout file, or a figure composed and saved in the project: any of the project's plots and
 * views in a grid of panels lettered (a), (b), … with one text size (figure-layout.h), e.g. {"rows": 2, "columns": 2, "width_mm": 180, "height_mm": 120, "font_pt": 8,
 * "panels": [{"row": 0, "column": 0, "plot": "gradient", "element": "Li"}, …]}.
 *
 * The same figures as the gradient view, through the same functions (gradient-plots.h).
 * Specimens are analysed only when their cached ratios are missing or stale, as in `gradient`;
 * retention comes from each condition's cycler data when it has any (project-retention.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli-commands.h"
#include "cli-figure-options.h"
#include "figure-layout.h"
#include "figure.h"
#include "gradient-plots.h"
#include "image.h"
#include "profile.h"
#include "project-analysis.h"
#include "project-figures.h"
#include "project-file.h"
#include "project-registration.h"
#include "project-retention.h"
#include "registration-overlay.h"
#include "site-figure.h"

/* "360x270" → 360, 270 (points, both > 0 and at most 10000). */
static gboolean
parse_size (const char *text,
            double     *width,
            double     *height)
{
  g_auto(GStrv) parts = g_strsplit (text, "x", -1);
  char *end = NULL;

  if (g_strv_length (parts) != 2)
    return FALSE;
  *width = g_ascii_strtod (parts[0], &end);
  if (end == parts[0] || *end != '\0')
    return FALSE;
  *height = g_ascii_strtod (parts[1], &end);
  if (end == parts[1] || *end != '\0')
    return FALSE;
  return *width > 0 && *height > 0 && *width <= 10000 && *height <= 10000;
}

typedef struct
{
  const char *site;        /* "CONDITION/LABEL" */
  const char *title;       /* or NULL */
  const char *element;     /* of the profile */
  int         specimen;    /* 1-based among the site's APT specimens */
  gboolean    profile;
  gboolean    overlay;     /* the registered map over its image as a panel */
  double      azimuth;
  double      elevation;
  gboolean    allow_outside;
} SiteFigureArgs;

static IscDataset *
nth_dataset (IscSite        *site,
             IscDatasetKind  kind,
             int             n)
{
  for (guint i = 0; i < site->datasets->len; i++)
    {
      IscDataset *dataset = g_ptr_array_index (site->datasets, i);

      if (dataset->kind == kind && --n == 0)
        return dataset;
    }
  return NULL;
}

/* "300 cycles/R1": the label follows the last slash, so condition names may hold one. */
static IscSite *
find_site (IscProject *project,
           const char *spec)
{
  const char *slash = strrchr (spec, '/');
  g_autofree char *condition_name = NULL;
  IscCondition *condition;

  if (slash == NULL)
    return NULL;
  condition_name = g_strndup (spec, slash - spec);
  condition = isc_project_find_condition (project, g_strstrip (condition_name));
  return condition != NULL ? isc_condition_find_site (condition, slash + 1) : NULL;
}

static int
site_figure (const char             *project_path,
             const SiteFigureArgs   *args,
             const char             *out_path,
             const IscFigureOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscProject) project = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autoptr(IscImage) image = NULL;
  g_autoptr(IscProfile) profile = NULL;
  g_autofree float *overlay = NULL;
  g_autofree char *overlay_label = NULL;
  IscSiteFigureInput in = { 0 };
  const char *image_path;
  IscDataset *apt, *stem;
  IscSite *site;
  int status;

  if ((status = isc_cli_open_project (project_path, args->allow_outside, &project)) != 0)
    return status;
  site = find_site (project, args->site);
  if (site == NULL)
    {
      g_autoptr(GString) known = g_string_new (NULL);

      for (guint c = 0; c < project->conditions->len; c++)
        {
          IscCondition *cond = g_ptr_array_index (project->conditions, c);

          for (guint i = 0; i < cond->sites->len; i++)
            g_string_append_printf (known, "%s“%s/%s”", known->len > 0 ? ", " : "", cond->name,
                                    ((IscSite *) g_ptr_array_index (cond->sites, i))->label);
        }
      return isc_cli_fail ("figure: %s has no site “%s” (it has %s)", project_path, args->site,
                           known->len > 0 ? known->str : "none");
    }
  apt = nth_dataset (site, ISC_DATASET_APT, args->specimen);
  if (apt == NULL)
    return isc_cli_fail ("figure: site “%s” has no APT specimen %d", args->site, args->specimen);
  stem = nth_dataset (site, ISC_DATASET_STEM, 1);
  if (stem == NULL)
    return isc_cli_fail ("figure: site “%s” has no STEM image", args->site);
  if (args->profile && apt->range_path == NULL)
    return isc_cli_fail ("figure: --profile needs ranges, but specimen %s has no range file",
                         apt->path);
  if (args->overlay && site->registration == NULL)
    return isc_cli_fail ("figure: --overlay: site “%s” is not registered: run ionscape-cli "
                         "register %s --site “%s” --landmarks F.csv --save first", args->site,
                         project_path, args->site);
  /* With the overlay, panel b is the image the APT data is registered to. */
  image_path = args->overlay ? site->registration->image_path : stem->path;

  if ((status = isc_cli_load_ranged (apt->path, apt->range_path, &cloud, &ranges)) != 0)
    return status;
  image = isc_image_load (image_path, 0, NULL, NULL, NULL, &error);
  if (image == NULL)
    return isc_cli_fail_error (error);
  if (args->overlay)
    {
      overlay = isc_registration_overlay_new (&site->registration->transform, cloud, ranges,
                                              args->element, image->width, image->height,
                                              &overlay_label, &error);
      if (overlay == NULL)
        return isc_cli_fail ("figure: --overlay: %s", error->message);
    }
  if (args->profile)
    {
      IscProfileSettings settings;

      isc_profile_settings_init (&settings);
      settings.axis = ISC_PROFILE_AXIS_Z;
      profile = isc_profile_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, &error);
      if (profile == NULL)
        return isc_cli_fail ("figure: %s: %s", apt->path, error->message);
    }

  in.cloud = cloud;
  in.ranges = ranges;
  in.azimuth = args->azimuth;
  in.elevation = args->elevation;
  in.legend = ranges != NULL;
  in.image = image;
  in.colormap = ISC_COLORMAP_GREY;
  in.title = args->title;
  in.overlay = overlay;
  in.overlay_label = overlay_label;
  in.profile = profile;
  in.profile_element = args->element;
  if (!isc_site_figure_export_with_options (&in, out_path, options, &error))
    return isc_cli_fail ("figure: %s", error->message);
  return 0;
}

/* --layout: a JSON file, else the name of a figure saved in the project; sizes from the layout
 * where it gives them, else from the command line (figure-layout.h). */
static int
layout_figure (IscProject             *project,
               const char             *project_path,
               const char             *layout_arg,
               const char             *out_path,
               const IscFigureOptions *figure)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscFigureLayout) layout = NULL;

  if (g_file_test (layout_arg, G_FILE_TEST_EXISTS))
    layout = isc_figure_layout_load (layout_arg, figure, &error);
  else
    {
      IscProjectFigure *saved = isc_project_find_figure (project, layout_arg);

      if (saved == NULL)
        {
          g_autoptr(GString) known = g_string_new (NULL);
          GPtrArray *figures = isc_project_get_figures (project);

          for (guint i = 0; i < figures->len; i++)
            g_string_append_printf (known, "%s“%s”", i > 0 ? ", " : "",
                                    ((IscProjectFigure *) g_ptr_array_index (figures, i))->name);
          return isc_cli_fail ("figure: --layout %s: no such file, nor a figure of %s (it has %s)",
                               layout_arg, project_path, known->len > 0 ? known->str : "none");
        }
      layout = isc_figure_layout_from_json (saved->layout, figure, &error);
      if (layout == NULL)
        g_prefix_error (&error, "%s, figure “%s”: ", project_path, layout_arg);
    }
  if (layout == NULL)
    return isc_cli_fail ("figure: --layout %s", error->message);
  if (!isc_figure_layout_export (layout, project, out_path, NULL, &error))
    return isc_cli_fail ("figure: --layout %s: %s", layout_arg, error->message);
  return 0;
}

int
isc_cli_cmd_figure (int    argc,
                    char **argv)
{
  g_autofree char *plot_name = NULL;
  g_autofree char *element = NULL;
  g_autofree char *condition = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *site = NULL;
  g_autofree char *title = NULL;
  g_autofree char *layout = NULL;
  double share = ISC_GRADIENT_DEFAULT_SHARE, width = 0, height = 0;
  double azimuth = 0, elevation = 0;
  gboolean log_depth = FALSE, no_save = FALSE, profile = FALSE, site_plot, allow_outside = FALSE;
  gboolean overlay = FALSE;
  int specimen = 1, n_panels;
  GOptionEntry entries[] = {
    { "plot", 0, 0, G_OPTION_ARG_STRING, &plot_name,
      "gradient|elements|gradient-depth|retention|site", "KIND" },
    { "site", 0, 0, G_OPTION_ARG_STRING, &site, "Site of the site figure", "CONDITION/LABEL" },
    { "layout", 0, 0, G_OPTION_ARG_FILENAME, &layout,
      "A grid of lettered panels: FILE.json, or the name of a figure saved in PROJECT "
      "(instead of --plot)", "FILE|NAME" },
    { "specimen", 0, 0, G_OPTION_ARG_INT, &specimen,
      "Which APT specimen of the site (default 1, the first)", "N" },
    { "overlay", 0, 0, G_OPTION_ARG_NONE, &overlay,
      "Add the site's registered APT map of --element over its image (ionscape-cli register)",
      NULL },
    { "profile", 0, 0, G_OPTION_ARG_NONE, &profile,
      "Add the profile of --element along z as the last panel", NULL },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, "Title above the site figure", "TEXT" },
    { "azimuth", 0, 0, G_OPTION_ARG_DOUBLE, &azimuth, "Ion map: turn about z (degrees)", "DEG" },
    { "elevation", 0, 0, G_OPTION_ARG_DOUBLE, &elevation,
      "Ion map: raise the eye above the x-y plane (degrees)", "DEG" },
    { "element", 0, 0, G_OPTION_ARG_STRING, &element, "Element to follow (default Li)", "EL" },
    { "condition", 0, 0, G_OPTION_ARG_STRING, &condition,
      "Condition of the elements plot (default: the first)", "NAME" },
    { "log-depth", 0, 0, G_OPTION_ARG_NONE, &log_depth, "Logarithmic depth axis", NULL },
    { "share", 0, 0, G_OPTION_ARG_DOUBLE, &share,
      "Share of the deepest site's value that defines the gradient depth (default 0.9)", "F" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path,
      "Figure file (.png, .tif, .svg or .pdf: the format follows the extension)", "FIG" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size_text,
      "Figure size in points, WxH (instead of --width/--height-mm)", "WxH" },
    { "no-save", 0, 0, G_OPTION_ARG_NONE, &no_save, "Do not cache new results in PROJECT", NULL },
    ISC_CLI_ALLOW_OUTSIDE_ENTRY (&allow_outside),
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("PROJECT — a figure of the gradient study");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscProject) project = NULL;
  g_autoptr(IscGradient) gradient = NULL;
  g_autoptr(IscPlot) plot = NULL;
  g_autofree char *basis = NULL;
  IscGradientPlotOptions options = { 0 };
  IscGradientPlotKind kind;
  IscCliFigureArgs figure_args;
  IscFigureOptions figure;
  int status;

  isc_cli_figure_args_init (&figure_args);
  g_option_context_add_main_entries (context, entries, NULL);
  isc_cli_figure_args_add (&figure_args, context);
  g_option_context_set_description (context,
    "Sizes are a journal's: one column (85 mm, the default for plots), 1.5 columns (120 mm, the\n"
    "site figure) or two (180 mm, the site figure with --overlay or --profile); text 8 pt. The format follows\n"
    "the extension of --out: PNG (resolution stored), TIFF (LZW), SVG or PDF (text as text).");
  if (!isc_cli_parse (context, &argc, &argv))
    {
      isc_cli_figure_args_clear (&figure_args);
      return 1;
    }
  site_plot = plot_name != NULL && g_str_equal (plot_name, "site");
  /* The site figure: 1.5 columns for two panels, two columns (and lower) for more. */
  n_panels = 2 + (overlay ? 1 : 0) + (profile ? 1 : 0);
  status = isc_cli_figure_args_resolve (&figure_args, "figure",
                                        site_plot ? (n_panels > 2 ? 180 : 120) : 0,
                                        site_plot ? 1.0 / n_panels : 0.75, &figure)
           ? 0 : 1;
  isc_cli_figure_args_clear (&figure_args);
  if (status != 0)
    return status;
  if (argc != 2)
    return isc_cli_fail ("figure: expected one PROJECT file");
  if (plot_name == NULL && layout == NULL)
    return isc_cli_fail ("figure: give --plot gradient|elements|gradient-depth|retention|site");
  if (plot_name != NULL && layout != NULL)
    return isc_cli_fail ("figure: give either --plot or --layout");
  if (plot_name != NULL && g_str_equal (plot_name, "overlay"))
    return isc_cli_overlay_figure (argv[1], site, element != NULL ? element : "Li", title,
                                   out_path, &figure, allow_outside);
  if (layout == NULL && !site_plot && !isc_gradient_plot_kind_from_string (plot_name, &kind))
    return isc_cli_fail ("figure: unknown --plot “%s” (gradient, elements, gradient-depth, "
                         "retention)", plot_name);
  if (out_path == NULL)
    return isc_cli_fail ("figure: --out FIG.png|tif|svg|pdf is required");
  if (isc_figure_format_from_path (out_path) == ISC_FIGURE_FORMAT_UNKNOWN)
    return isc_cli_fail ("figure: --out %s: unknown format (use .png, .tif, .svg or .pdf)",
                         out_path);
  if (size_text != NULL && !parse_size (size_text, &width, &height))
    return isc_cli_fail ("figure: --size expects WxH in points, e.g. 360x270, got “%s”",
                         size_text);
  if (size_text != NULL)
    {
      figure.width_preset = ISC_FIGURE_WIDTH_CUSTOM;
      figure.width_mm = ISC_PT_TO_MM (width);
      figure.height_mm = ISC_PT_TO_MM (height);
    }
  if (!(share > 0.0 && share <= 1.0))
    return isc_cli_fail ("figure: --share %g is outside (0, 1]", share);
  if (site_plot)
    {
      SiteFigureArgs args = { site, title, element != NULL ? element : "Li", specimen, profile,
                              overlay, azimuth, elevation, allow_outside };

      if (site == NULL)
        return isc_cli_fail ("figure: --plot site needs --site “CONDITION/LABEL”");
      if (specimen < 1)
        return isc_cli_fail ("figure: --specimen counts from 1 (got %d)", specimen);
      if (!(elevation >= -90 && elevation <= 90) || !isfinite (azimuth))
        return isc_cli_fail ("figure: --elevation must be −90…90 degrees and --azimuth finite");
      return site_figure (argv[1], &args, out_path, &figure);
    }

  if ((status = isc_cli_load_project (argv[1], !no_save, allow_outside, &project)) != 0)
    return status;
  if (layout != NULL)
    return layout_figure (project, argv[1], layout, out_path, &figure);

  gradient = isc_gradient_new ();
  isc_gradient_add_project (gradient, project, TRUE);
  if (kind == ISC_GRADIENT_PLOT_RETENTION
      && !isc_gradient_add_cycler_retention (gradient, project, NULL, NULL, &error))
    {
      /* The stored retention still stands for that condition: say so, and go on. */
      fprintf (stderr, "ionscape-cli: warning: stored retention used: %s\n", error->message);
      g_clear_error (&error);
    }

  /* The axis names the basis the specimens were normalised to (that of the first site). */
  for (guint c = 0; c < project->conditions->len && basis == NULL; c++)
    {
      IscCondition *cond = g_ptr_array_index (project->conditions, c);

      if (cond->sites->len > 0)
        basis = isc_site_get_basis (g_ptr_array_index (cond->sites, 0));
    }

  options.element = element != NULL ? element : "Li";
  options.condition = condition;
  options.basis = basis;
  options.log_depth = log_depth;
  options.share = share;
  plot = isc_gradient_plot_new (gradient, kind, &options, &error);
  if (plot == NULL)
    return isc_cli_fail ("figure: %s: %s", argv[1], error->message);
  if (!isc_plot_export_with_options (plot, out_path, &figure, &error))
    return isc_cli_fail_error (error);
  return 0;
}
