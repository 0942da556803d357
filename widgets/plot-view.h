/* plot-view.h: a GtkWidget showing an IscPlot, with box zoom (drag), wheel zoom, pan (right or
 * middle drag, or Shift+drag), reset (double click), a hover read-out of the value under the
 * pointer (in the widget's font, placed beside its marker where it hides no data, never over
 * the legend), and buttons to export the figure and copy the data as TSV. On screen the plot
 * follows the window's dark style; exported figures stay white.
 *
 * Actions: plot.reset, plot.zoom (d: factor < 1 zooms in, about the centre), plot.export,
 * plot.copy-tsv.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "figure-options.h"

#include "plot.h"

G_BEGIN_DECLS

#define ISC_TYPE_PLOT_VIEW (isc_plot_view_get_type ())
G_DECLARE_FINAL_TYPE (IscPlotView, isc_plot_view, ISC, PLOT_VIEW, GtkWidget)

/* Text of the hover read-out for the point (@x, @y) of @series (x under the pointer, value
 * there); a view with its own status line passes the same formatter to both, so they say the
 * same thing. Returns a newly allocated string, or NULL for the default text. */
typedef char *(*IscPlotViewReadoutFunc) (IscPlotView   *view,
                                         IscPlotSeries *series,
                                         double         x,
                                         double         y,
                                         gpointer       user_data);

GtkWidget *isc_plot_view_new          (void);
/* Replaces the read-out's text (NULL: the default "x label: x\nseries: y"). */
void       isc_plot_view_set_readout_func (IscPlotView            *view,
                                           IscPlotViewReadoutFunc  func,
                                           gpointer                user_data,
                                           GDestroyNotify          destroy);
/* Takes ownership of @plot (may be NULL). Its fixed ranges become the "reset" view. */
void       isc_plot_view_set_plot     (IscPlotView *view,
                                       IscPlot     *plot);
/* Borrowed; valid until the next set_plot. Call isc_plot_view_queue_redraw () after editing. */
IscPlot   *isc_plot_view_get_plot     (IscPlotView *view);
void       isc_plot_view_queue_redraw (IscPlotView *view);
/* The view follows the window's dark style (isc-style.h) until this fixes it. Exports keep
 * the publication theme either way. */
void       isc_plot_view_set_dark     (IscPlotView *view,
                                       gboolean     dark);
/* Zooms by @factor (< 1 in) about the widget point (px, py). */
void       isc_plot_view_zoom_at      (IscPlotView *view,
                                       double       factor,
                                       double       px,
                                       double       py);
void       isc_plot_view_reset        (IscPlotView *view);
/* PDF, SVG, PNG or TIFF by suffix, with the last export's journal size, text size and
 * resolution (isc_save_dialog_get_figure_options ()), in the publication colours (white
 * background) even when the window is dark. */
gboolean   isc_plot_view_export       (IscPlotView *view,
                                       const char  *path,
                                       GError     **error);
/* The figure in journal units (figure-options.h); the format follows @path's suffix. */
gboolean   isc_plot_view_export_with_options (IscPlotView             *view,
                                              const char              *path,
                                              const IscFigureOptions  *options,
                                              GError                 **error);
/* The hover read-out as shown ("Mass-to-charge (Da): 7.338\nCounts: 0"): the x under the
 * pointer and the value there of the curve or histogram nearest to it (or, near a marker,
 * that point), or NULL; and, when the last draw put it on screen (drawn), where its box and
 * the marker of the point it describes are (widget coordinates). */
typedef struct
{
  const char      *text;
  gboolean         drawn;
  graphene_rect_t  box;
  double           marker_x;
  double           marker_y;
} IscPlotReadout;

IscPlotReadout isc_plot_view_get_readout (IscPlotView *view);
/* Updates the hover read-out as if the pointer were at (px, py). */
void       isc_plot_view_hover        (IscPlotView *view,
                                       double       px,
                                       double       py);

/* Adds to @plot element @e of a composition binned along a distance, as a profile or a
 * proxigram holds it: bin b spans [start[b], end[b]), @fraction and @sigma hold n_bins ×
 * @n_elements values, bin by bin. Error bars at the bin centres, times @scale (100 for at.%);
 * empty bins (NaN) are left out. Returns the series, or NULL when every bin is empty. */
IscPlotSeries *isc_plot_add_binned_fraction (IscPlot      *plot,
                                             const char   *label,
                                             guint         n_bins,
                                             const double *start,
                                             const double *end,
                                             guint         n_elements,
                                             guint         e,
                                             const double *fraction,
                                             const double *sigma,
                                             double        scale);

G_END_DECLS
