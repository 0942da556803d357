/* figure-options.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "figure-options.h"
#include "isc-error.h"
#include "plot-export.h"

void
isc_figure_options_init (IscFigureOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->width_preset = ISC_FIGURE_WIDTH_SINGLE;
  options->width_mm = 85;
  options->height_mm = 0;
  options->aspect = 0.75;
  options->font_pt = 8;
  options->line_pt = 1;
  options->marker_pt = 4;
  options->dpi = 300;
  options->background = ISC_FIGURE_BACKGROUND_WHITE;
}

double
isc_figure_width_preset_mm (IscFigureWidth preset)
{
  switch (preset)
    {
    case ISC_FIGURE_WIDTH_SINGLE:
      return 85;
    case ISC_FIGURE_WIDTH_ONE_HALF:
      return 120;
    case ISC_FIGURE_WIDTH_DOUBLE:
      return 180;
    case ISC_FIGURE_WIDTH_CUSTOM:
    default:
      return 0;
    }
}

double
isc_figure_options_width_mm (const IscFigureOptions *options)
{
  g_return_val_if_fail (options != NULL, 0);

  if (options->width_preset == ISC_FIGURE_WIDTH_CUSTOM)
    return options->width_mm;
  return isc_figure_width_preset_mm (options->width_preset);
}

double
isc_figure_options_height_mm (const IscFigureOptions *options)
{
  g_return_val_if_fail (options != NULL, 0);

  if (options->height_mm > 0)
    return options->height_mm;
  return isc_figure_options_width_mm (options) * (options->aspect > 0 ? options->aspect : 0.75);
}

double
isc_figure_options_width_pt (const IscFigureOptions *options)
{
  return ISC_MM_TO_PT (isc_figure_options_width_mm (options));
}

double
isc_figure_options_height_pt (const IscFigureOptions *options)
{
  return ISC_MM_TO_PT (isc_figure_options_height_mm (options));
}

/* A hair below the exact product so that 85 mm at 600 dpi (2007.87…) gives 2008, not 2009
 * through rounding noise on an exact integer. */
static int
to_px (double mm,
       double dpi)
{
  return (int) ceil (mm / 25.4 * dpi - 1e-6);
}

int
isc_figure_options_width_px (const IscFigureOptions *options)
{
  return to_px (isc_figure_options_width_mm (options), options->dpi);
}

int
isc_figure_options_height_px (const IscFigureOptions *options)
{
  return to_px (isc_figure_options_height_mm (options), options->dpi);
}

gboolean
isc_figure_options_check (const IscFigureOptions  *options,
                          GError                 **error)
{
  double w, h;

  g_return_val_if_fail (options != NULL, FALSE);

  w = isc_figure_options_width_mm (options);
  h = isc_figure_options_height_mm (options);
  if (!(w >= 5 && w <= 1000 && h >= 5 && h <= 1000))
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "Figure size %g × %g mm is outside 5–1000 mm", w, h);
      return FALSE;
    }
  if (!(options->font_pt >= 4 && options->font_pt <= 36))
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "Font size %g pt is outside 4–36 pt", options->font_pt);
      return FALSE;
    }
  if (!(options->line_pt > 0 && options->line_pt <= 10 && options->marker_pt > 0
        && options->marker_pt <= 30))
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "Line width %g pt or marker size %g pt is out of range", options->line_pt,
                   options->marker_pt);
      return FALSE;
    }
  if (!(options->dpi >= 10 && options->dpi <= 2400))
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "Resolution %g dpi is outside 10–2400", options->dpi);
      return FALSE;
    }
  return TRUE;
}

static const struct
{
  const char     *suffix;
  IscFigureFormat format;
} suffixes[] = {
  { ".png", ISC_FIGURE_FORMAT_PNG },
  { ".svg", ISC_FIGURE_FORMAT_SVG },
  { ".pdf", ISC_FIGURE_FORMAT_PDF },
  { ".tif", ISC_FIGURE_FORMAT_TIFF },
  { ".tiff", ISC_FIGURE_FORMAT_TIFF },
};

IscFigureFormat
isc_figure_format_from_path (const char *path)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, ISC_FIGURE_FORMAT_UNKNOWN);

  lower = g_ascii_strdown (path, -1);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i].suffix))
      return suffixes[i].format;
  return ISC_FIGURE_FORMAT_UNKNOWN;
}

const char *
isc_figure_format_suffix (IscFigureFormat format)
{
  switch (format)
    {
    case ISC_FIGURE_FORMAT_PNG:
      return "png";
    case ISC_FIGURE_FORMAT_SVG:
      return "svg";
    case ISC_FIGURE_FORMAT_PDF:
      return "pdf";
    case ISC_FIGURE_FORMAT_TIFF:
      return "tif";
    case ISC_FIGURE_FORMAT_UNKNOWN:
    default:
      return NULL;
    }
}

char *
isc_figure_path_set_format (const char      *path,
                            IscFigureFormat  format)
{
  g_autofree char *lower = NULL;
  const char *suffix = isc_figure_format_suffix (format);
  gsize keep;

  g_return_val_if_fail (path != NULL, NULL);

  if (suffix == NULL || isc_figure_format_from_path (path) == format)
    return g_strdup (path);
  lower = g_ascii_strdown (path, -1);
  keep = strlen (path);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i].suffix))
      {
        keep -= strlen (suffixes[i].suffix);
        break;
      }
  return g_strdup_printf ("%.*s.%s", (int) keep, path, suffix);
}

void
isc_figure_options_apply_to_plot (const IscFigureOptions *options,
                                  IscPlot                *plot)
{
  IscPlotTheme *theme;

  g_return_if_fail (options != NULL && plot != NULL);

  isc_plot_set_theme (plot, ISC_PLOT_THEME_PUBLICATION);
  theme = isc_plot_get_theme (plot);
  theme->font_size = options->font_pt;
  theme->line_width = options->line_pt;
  /* Frames a little thinner than the data, as journals draw them. */
  theme->frame_width = options->line_pt * 0.75;
  switch (options->background)
    {
    case ISC_FIGURE_BACKGROUND_BLACK:
      theme->background = (IscColor) { 0, 0, 0, 1 };
      theme->frame = (IscColor) { 1, 1, 1, 1 };
      theme->grid = (IscColor) { 1, 1, 1, 0.25 };
      break;
    case ISC_FIGURE_BACKGROUND_TRANSPARENT:
      theme->background.a = 0;
      break;
    case ISC_FIGURE_BACKGROUND_WHITE:
    default:
      break;
    }
  /* Markers keep their proportions to one another: 4 pt, the plots' default, becomes marker_pt. */
  for (guint i = 0; i < isc_plot_get_n_series (plot); i++)
    {
      IscPlotSeries *series = isc_plot_get_series (plot, i);
      double size;
      IscMarker marker = isc_plot_series_get_marker (series, &size);

      isc_plot_series_set_marker (series, marker, size * options->marker_pt / 4.0);
    }
}

gboolean
isc_plot_export_with_options (IscPlot                *plot,
                              const char             *path,
                              const IscFigureOptions *options,
                              GError                **error)
{
  g_autoptr(IscPlot) paper = NULL;

  g_return_val_if_fail (plot != NULL && path != NULL && options != NULL, FALSE);

  if (!isc_figure_options_check (options, error))
    return FALSE;
  paper = isc_plot_copy (plot);
  isc_figure_options_apply_to_plot (options, paper);
  return isc_plot_export (paper, path, isc_figure_options_width_pt (options),
                          isc_figure_options_height_pt (options), options->dpi, error);
}
