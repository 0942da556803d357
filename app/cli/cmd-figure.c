/* cmd-figure.c: `ionscape-cli figure PROJECT --plot gradient|elements|gradient-depth|retention
 * [--element Li] [--condition NAME] [--log-depth] --out FIG.(png|svg|pdf) [--size WxH]`.
 *
 * The same figures as the gradient view, through the same functions (gradient-plots.h).
 * Specimens are analysed only when their cached ratios are missing or stale, as in `gradient`;
 * retention comes from each condition's cycler data when it has any (project-retention.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli-commands.h"
#include "gradient-plots.h"
#include "project-analysis.h"
#include "project-retention.h"

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

int
isc_cli_cmd_figure (int    argc,
                    char **argv)
{
  g_autofree char *plot_name = NULL;
  g_autofree char *element = NULL;
  g_autofree char *condition = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *size_text = NULL;
  double share = ISC_GRADIENT_DEFAULT_SHARE, dpi = 300, width = 360, height = 270;
  gboolean log_depth = FALSE, no_save = FALSE;
  GOptionEntry entries[] = {
    { "plot", 0, 0, G_OPTION_ARG_STRING, &plot_name,
      "gradient|elements|gradient-depth|retention", "KIND" },
    { "element", 0, 0, G_OPTION_ARG_STRING, &element, "Element to follow (default Li)", "EL" },
    { "condition", 0, 0, G_OPTION_ARG_STRING, &condition,
      "Condition of the elements plot (default: the first)", "NAME" },
    { "log-depth", 0, 0, G_OPTION_ARG_NONE, &log_depth, "Logarithmic depth axis", NULL },
    { "share", 0, 0, G_OPTION_ARG_DOUBLE, &share,
      "Share of the deepest site's value that defines the gradient depth (default 0.9)", "F" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "Figure file (.png, .svg or .pdf)", "FIG" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size_text,
      "Figure size in points, WxH (default 360x270)", "WxH" },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, "PNG resolution (default 300)", "DPI" },
    { "no-save", 0, 0, G_OPTION_ARG_NONE, &no_save, "Do not cache new results in PROJECT", NULL },
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
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return isc_cli_fail ("figure: expected one PROJECT file");
  if (plot_name == NULL)
    return isc_cli_fail ("figure: give --plot gradient|elements|gradient-depth|retention");
  if (!isc_gradient_plot_kind_from_string (plot_name, &kind))
    return isc_cli_fail ("figure: unknown --plot “%s” (gradient, elements, gradient-depth, "
                         "retention)", plot_name);
  if (out_path == NULL)
    return isc_cli_fail ("figure: --out FIG.png|svg|pdf is required");
  if (size_text != NULL && !parse_size (size_text, &width, &height))
    return isc_cli_fail ("figure: --size expects WxH in points, e.g. 360x270, got “%s”",
                         size_text);
  if (!(share > 0.0 && share <= 1.0))
    return isc_cli_fail ("figure: --share %g is outside (0, 1]", share);

  if ((status = isc_cli_load_project (argv[1], !no_save, &project)) != 0)
    return status;

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
  if (!isc_plot_export (plot, out_path, width, height, dpi, &error))
    return isc_cli_fail_error (error);
  return 0;
}
