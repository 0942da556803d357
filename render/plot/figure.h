/* figure.h: several panels (plots or caller-drawn content such as an image with a scale bar)
 * in a grid with panel letters a, b, c — drawn and exported like a single plot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "plot-export.h"
#include "plot.h"

G_BEGIN_DECLS

typedef struct _IscFigure IscFigure;

IscFigure *isc_figure_new            (guint rows,
                                      guint columns);
void       isc_figure_free           (IscFigure *figure);

/* Puts @plot (ownership taken) into the cell; replaces what was there. */
void       isc_figure_set_plot       (IscFigure *figure,
                                      guint      row,
                                      guint      column,
                                      IscPlot   *plot);
/* A panel drawn by @draw into (0, 0, width, height); @destroy frees @user_data. */
void       isc_figure_set_panel_func (IscFigure      *figure,
                                      guint           row,
                                      guint           column,
                                      IscDrawFunc     draw,
                                      gpointer        user_data,
                                      GDestroyNotify  destroy);
IscPlot   *isc_figure_get_plot       (IscFigure *figure,
                                      guint      row,
                                      guint      column);
/* Panel letters (bold a, b, c … row by row over the non-empty panels); on by default. */
void       isc_figure_set_letters    (IscFigure *figure,
                                      gboolean   letters);
/* No white page beneath the panels (default FALSE). */
void       isc_figure_set_transparent (IscFigure *figure,
                                       gboolean   transparent);
/* Gap between panels in points (default 6). */
void       isc_figure_set_spacing    (IscFigure *figure,
                                      double     spacing_pt);

void       isc_figure_draw           (IscFigure *figure,
                                      cairo_t   *cr,
                                      double     width,
                                      double     height);
/* PNG/SVG/PDF by suffix, as isc_plot_export (). */
gboolean   isc_figure_export         (IscFigure  *figure,
                                      const char *path,
                                      double      width_pt,
                                      double      height_pt,
                                      double      dpi,
                                      GError    **error);
/* The text size, lines, markers and background of @options on every plot panel (the export
 * below does this; a preview drawn with isc_figure_draw () calls it first). */
void       isc_figure_apply_options  (IscFigure              *figure,
                                      const IscFigureOptions *options);
/* With the size, resolution and text size of @options (the panels' plots get its theme). */
gboolean   isc_figure_export_with_options (IscFigure              *figure,
                                           const char             *path,
                                           const IscFigureOptions *options,
                                           GError                **error);

/* For image panels: a scale bar of @length (user units, e.g. pixels of the drawn image) with
 * its @label ("5 nm") centred above, bottom-left corner at (x, y). White with a dark outline so
 * that it reads on any image. */
void       isc_figure_draw_scale_bar (cairo_t    *cr,
                                      double      x,
                                      double      y,
                                      double      length,
                                      const char *label);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscFigure, isc_figure_free)

G_END_DECLS
