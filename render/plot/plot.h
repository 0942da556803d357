/* plot.h: a plot model (axes, series, legend, annotations) and the one function that draws it
 * onto any cairo_t — screen, PNG, SVG and PDF all go through isc_plot_draw ().
 *
 * Units: sizes passed to isc_plot_draw are in cairo user units (device pixels on screen, points in
 * vector exports). Line widths and font sizes in the theme are in points at scale 1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "palette.h"

G_BEGIN_DECLS

typedef enum
{
  ISC_PLOT_AXIS_X,
  ISC_PLOT_AXIS_Y,
  ISC_PLOT_AXIS_Y2,      /* the twin y axis on the right; shown only when a series uses it */
  ISC_PLOT_N_AXES
} IscPlotAxis;

typedef enum
{
  ISC_AXIS_LINEAR,
  ISC_AXIS_LOG,          /* base 10; needs a strictly positive range */
} IscAxisScale;

typedef enum
{
  ISC_SERIES_LINE,
  ISC_SERIES_SCATTER,    /* markers, no line */
  ISC_SERIES_ERRORBARS,  /* markers with y (and optional x) error bars */
  ISC_SERIES_STEP,       /* histogram outline: x are bin centres */
  ISC_SERIES_BARS,       /* bars from 0 to y, width from the x spacing */
  ISC_SERIES_BAND,       /* filled between y_low and y_high */
  ISC_SERIES_HEATMAP,    /* a grid of values with a colour bar */
} IscSeriesKind;

typedef enum
{
  ISC_MARKER_NONE,
  ISC_MARKER_CIRCLE,
  ISC_MARKER_SQUARE,
  ISC_MARKER_TRIANGLE,
  ISC_MARKER_DIAMOND,
} IscMarker;

typedef enum
{
  ISC_PLOT_THEME_PUBLICATION,  /* white background, black frame, 8 pt text: for papers */
  ISC_PLOT_THEME_DARK,         /* dark background for the screen */
} IscPlotThemeKind;

typedef struct
{
  IscColor background;
  IscColor frame;        /* axes frame, ticks and text */
  IscColor grid;
  double   font_size;    /* pt, tick labels; titles are 1.15× */
  double   line_width;   /* pt, series lines */
  double   frame_width;  /* pt */
  gboolean show_grid;
} IscPlotTheme;

typedef struct _IscPlot IscPlot;
typedef struct _IscPlotSeries IscPlotSeries;

IscPlot       *isc_plot_new                (void);
void           isc_plot_free               (IscPlot *plot);
IscPlot       *isc_plot_copy               (const IscPlot *plot);

/* Title and axis labels take Pango markup ("mAh g<sup>−1</sup>"); NULL clears. */
void           isc_plot_set_title          (IscPlot     *plot,
                                            const char  *markup);
void           isc_plot_set_axis_label     (IscPlot     *plot,
                                            IscPlotAxis  axis,
                                            const char  *markup);
const char    *isc_plot_get_axis_label     (const IscPlot *plot,
                                            IscPlotAxis    axis);
void           isc_plot_set_axis_scale     (IscPlot     *plot,
                                            IscPlotAxis  axis,
                                            IscAxisScale scale);
/* Fixes the range. Refuses (FALSE + ISC_ERROR_ARGUMENT) min >= max, non-finite values and
 * non-positive bounds on a log axis; the axis then keeps its previous range. */
gboolean       isc_plot_set_axis_range     (IscPlot     *plot,
                                            IscPlotAxis  axis,
                                            double       min,
                                            double       max,
                                            GError     **error);
void           isc_plot_set_axis_auto      (IscPlot     *plot,
                                            IscPlotAxis  axis);
/* TRUE if the range is fixed (and then fills @min, @max). */
gboolean       isc_plot_get_axis_fixed     (IscPlot     *plot,
                                            IscPlotAxis  axis,
                                            double      *min,
                                            double      *max);
/* Whether a series uses the twin axis (it is drawn only then). */
gboolean       isc_plot_has_twin_axis      (IscPlot     *plot);
/* The range used by the last draw (or the automatic one if never drawn). */
void           isc_plot_get_axis_range     (IscPlot     *plot,
                                            IscPlotAxis  axis,
                                            double      *min,
                                            double      *max);

void           isc_plot_set_theme          (IscPlot          *plot,
                                            IscPlotThemeKind  kind);
IscPlotTheme  *isc_plot_get_theme          (IscPlot *plot);   /* owned by the plot, editable */
void           isc_plot_set_legend_visible (IscPlot  *plot,
                                            gboolean  visible);

/* Series: the arrays are copied. The returned series is owned by the plot. Colours default to
 * the colour-blind-safe palette in order of addition. */
IscPlotSeries *isc_plot_add_series         (IscPlot       *plot,
                                            IscSeriesKind  kind,
                                            const char    *label,
                                            const double  *x,
                                            const double  *y,
                                            guint          n);
/* Filled band between @y_low and @y_high. */
IscPlotSeries *isc_plot_add_band           (IscPlot      *plot,
                                            const char   *label,
                                            const double *x,
                                            const double *y_low,
                                            const double *y_high,
                                            guint         n);
/* Heat map: @z is row-major, @nx columns by @ny rows, covering [x0, x1] × [y0, y1]
 * (row 0 at y0). NaN cells are left empty. A colour bar labelled @z_label is drawn at the right. */
IscPlotSeries *isc_plot_add_heatmap        (IscPlot      *plot,
                                            const char   *z_label,
                                            const double *z,
                                            guint         nx,
                                            guint         ny,
                                            double        x0,
                                            double        x1,
                                            double        y0,
                                            double        y1);
guint          isc_plot_get_n_series       (const IscPlot *plot);
IscPlotSeries *isc_plot_get_series         (IscPlot *plot,
                                            guint    index);
void           isc_plot_clear_series       (IscPlot *plot);

void           isc_plot_series_set_color   (IscPlotSeries  *series,
                                            const IscColor *color);
void           isc_plot_series_set_line_width (IscPlotSeries *series,
                                               double         width_pt);
void           isc_plot_series_set_marker  (IscPlotSeries *series,
                                            IscMarker      marker,
                                            double         size_pt);
void           isc_plot_series_set_y_axis  (IscPlotSeries *series,
                                            IscPlotAxis    axis);   /* Y (default) or Y2 */
/* Error bars (half widths, copied); @x_err may be NULL. */
void           isc_plot_series_set_errors  (IscPlotSeries *series,
                                            const double  *y_err,
                                            const double  *x_err);
void           isc_plot_series_set_show_in_legend (IscPlotSeries *series,
                                                   gboolean       show);
IscMarker      isc_plot_series_get_marker  (const IscPlotSeries *series,
                                            double              *size_pt);
IscSeriesKind  isc_plot_series_get_kind    (const IscPlotSeries *series);
const char    *isc_plot_series_get_label   (const IscPlotSeries *series);
/* Borrowed pointers to the series data (NULL for heat maps). */
guint          isc_plot_series_get_data    (const IscPlotSeries *series,
                                            const double       **x,
                                            const double       **y);
IscColor       isc_plot_series_get_color   (const IscPlotSeries *series);

/* Series drawn in the legend must be told apart in print: FALSE when two of them (lines,
 * markers, steps, bars, error bars, bands; heat maps aside) share both colour and marker, and then
 * @first < @second name the pair (either may be NULL). */
gboolean       isc_plot_check_series_distinct (IscPlot *plot,
                                               guint   *first,
                                               guint   *second);

/* Annotations in data coordinates of the x and y (left) axis. */
void           isc_plot_add_text           (IscPlot        *plot,
                                            double          x,
                                            double          y,
                                            const char     *markup);
void           isc_plot_add_vline          (IscPlot        *plot,
                                            double          x,
                                            const IscColor *color);
void           isc_plot_add_hline          (IscPlot        *plot,
                                            double          y,
                                            const IscColor *color);
/* A shaded vertical band over [x0, x1] (data units of x, any order), drawn beneath the series
 * across the whole data area, with an optional label (Pango markup) at its top in the span's
 * colour at full opacity. Give @color a partial alpha (e.g. 0.3) so the series stays visible;
 * NULL uses the frame colour. Spans do not change the automatic axis ranges. */
void           isc_plot_add_xspan          (IscPlot        *plot,
                                            double          x0,
                                            double          x1,
                                            const IscColor *color,
                                            const char     *label_markup);
guint          isc_plot_get_n_xspans       (const IscPlot *plot);
void           isc_plot_clear_annotations  (IscPlot *plot);

/* Draws the whole plot into the rectangle (0, 0, width, height) of @cr's user space. */
void           isc_plot_draw               (IscPlot *plot,
                                            cairo_t *cr,
                                            double   width,
                                            double   height);

/* Transforms of the last draw (user units of that draw). FALSE before the first draw. */
gboolean       isc_plot_data_to_pixel      (IscPlot     *plot,
                                            IscPlotAxis  y_axis,
                                            double       x,
                                            double       y,
                                            double      *px,
                                            double      *py);
gboolean       isc_plot_pixel_to_data      (IscPlot     *plot,
                                            IscPlotAxis  y_axis,
                                            double       px,
                                            double       py,
                                            double      *x,
                                            double      *y);
/* The data area of the last draw. */
gboolean       isc_plot_get_data_area      (IscPlot *plot,
                                            double  *x,
                                            double  *y,
                                            double  *width,
                                            double  *height);
/* The legend box of the last draw; FALSE when none was drawn. */
gboolean       isc_plot_get_legend_area    (IscPlot *plot,
                                            double  *x,
                                            double  *y,
                                            double  *width,
                                            double  *height);
/* The point (of a line/scatter/step/bar/error-bar series) nearest to the pixel, within
 * @max_distance pixels. */
gboolean       isc_plot_find_nearest       (IscPlot *plot,
                                            double   px,
                                            double   py,
                                            double   max_distance,
                                            guint   *series_index,
                                            guint   *point_index);

/* Writes PNG, SVG or PDF by the suffix of @path. Sizes in points (1/72 in); @dpi sets the PNG
 * pixel size (ignored for vector formats). */
gboolean       isc_plot_export             (IscPlot    *plot,
                                            const char *path,
                                            double      width_pt,
                                            double      height_pt,
                                            double      dpi,
                                            GError    **error);

/* Tab-separated values of every x/y series (for the clipboard). Free with g_free. */
char          *isc_plot_to_tsv             (IscPlot *plot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscPlot, isc_plot_free)

G_END_DECLS
