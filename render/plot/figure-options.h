/* figure-options.h: the size, type and format of an exported figure in journal units — one
 * options struct shared by every figure export (plots, multi-panel figures, the site figure,
 * the ion map), the GUI's export dialog and `ionscape-cli figure`.
 *
 * Widths come from the common journal column presets (85, 120, 180 mm) or a custom length;
 * heights from an explicit length or the aspect ratio. Text, lines and markers are in points, so
 * a figure looks the same at any resolution: only the pixel count of raster formats follows @dpi.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "plot.h"

G_BEGIN_DECLS

#define ISC_MM_TO_PT(mm) ((mm) * 72.0 / 25.4)
#define ISC_PT_TO_MM(pt) ((pt) * 25.4 / 72.0)

typedef enum
{
  ISC_FIGURE_WIDTH_SINGLE,      /* one column, 85 mm */
  ISC_FIGURE_WIDTH_ONE_HALF,    /* 1.5 columns, 120 mm */
  ISC_FIGURE_WIDTH_DOUBLE,      /* two columns (full page width), 180 mm */
  ISC_FIGURE_WIDTH_CUSTOM,      /* width_mm as given */
} IscFigureWidth;

typedef enum
{
  ISC_FIGURE_BACKGROUND_WHITE,
  ISC_FIGURE_BACKGROUND_BLACK,
  ISC_FIGURE_BACKGROUND_TRANSPARENT,   /* PNG and TIFF keep alpha; PDF/SVG draw no background */
} IscFigureBackground;

typedef enum
{
  ISC_FIGURE_FORMAT_UNKNOWN,
  ISC_FIGURE_FORMAT_PNG,
  ISC_FIGURE_FORMAT_SVG,
  ISC_FIGURE_FORMAT_PDF,
  ISC_FIGURE_FORMAT_TIFF,
} IscFigureFormat;

typedef struct
{
  IscFigureWidth      width_preset;
  double              width_mm;     /* with ISC_FIGURE_WIDTH_CUSTOM */
  double              height_mm;    /* 0: width × aspect */
  double              aspect;       /* height / width when height_mm is 0 (default 0.75) */
  double              font_pt;      /* tick labels; default 8 pt, the usual journal minimum */
  double              line_pt;      /* series lines; default 1 pt */
  double              marker_pt;    /* marker diameter; default 4 pt */
  double              dpi;          /* PNG and TIFF; default 300 */
  IscFigureBackground background;
} IscFigureOptions;

/* Single column, 3:4, 8 pt, 300 dpi, white. */
void            isc_figure_options_init        (IscFigureOptions *options);
/* The preset's width (custom: 0). */
double          isc_figure_width_preset_mm     (IscFigureWidth preset);
double          isc_figure_options_width_mm    (const IscFigureOptions *options);
double          isc_figure_options_height_mm   (const IscFigureOptions *options);
double          isc_figure_options_width_pt    (const IscFigureOptions *options);
double          isc_figure_options_height_pt   (const IscFigureOptions *options);
/* Pixels of a raster export: ceil (mm / 25.4 × dpi). */
int             isc_figure_options_width_px    (const IscFigureOptions *options);
int             isc_figure_options_height_px   (const IscFigureOptions *options);
/* ISC_ERROR_ARGUMENT when a size, font, line or resolution makes no sense (sizes 5–1000 mm,
 * fonts 4–36 pt, 10–2400 dpi). */
gboolean        isc_figure_options_check       (const IscFigureOptions  *options,
                                                GError                 **error);

/* The format of a file name's extension (case-insensitive; .tif and .tiff are TIFF). */
IscFigureFormat isc_figure_format_from_path    (const char *path);
/* "png", "svg", "pdf", "tif". */
const char     *isc_figure_format_suffix       (IscFigureFormat format);
/* @path with its figure extension replaced by (or, when it has none, extended with) that of
 * @format. Free with g_free. */
char           *isc_figure_path_set_format     (const char      *path,
                                                IscFigureFormat  format);

/* Puts the options' text size, line widths, marker sizes and background into @plot's theme and
 * series (the publication theme; white text on black for a black background). */
void            isc_figure_options_apply_to_plot (const IscFigureOptions *options,
                                                  IscPlot                *plot);

/* Exports a copy of @plot with the options applied (isc_render_export () for the formats). */
gboolean        isc_plot_export_with_options     (IscPlot                *plot,
                                                  const char             *path,
                                                  const IscFigureOptions *options,
                                                  GError                **error);

G_END_DECLS
