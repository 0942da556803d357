/* figure-layout.h: a composed figure as data — a grid of panels, each one of the project's plots
 * or views named by kind and by what it shows (site, condition, element), plus the figure's
 * journal size — stored as JSON (a file, or an entry of the project's "figures" list) and drawn
 * by one function for the window's composer and `ionscape-cli figure --layout`.
 *
 * JSON: {"name": "Figure 2", "rows": 2, "columns": 2, "width": "double" | "width_mm": 180,
 * "width_unit": "mm" | "in", "height_mm": 120, "font_pt": 8, "dpi": 300, "background": "white",
 * "panels": [{"row": 0, "column": 0, "plot": "gradient", "element": "Li"},
 *            {"row": 0, "column": 1, "plot": "ion-map", "site": "300 cycles/R1"}, …]}
 * Every key but "panels" is optional; missing options come from the caller's defaults.
 *
 * Panel kinds ("plot"): gradient, elements, gradient-depth, retention (the gradient study);
 * capacity, cycle-retention (a condition's cycler data); ion-map, stem-image, line-profile, fft,
 * profile, fda (a site: its first APT specimen with ranges, its first STEM image); overlay (a
 * registered site: the element's composition drawn over the image it is registered to); insitu (an
 * image series file, "path" relative to the project's folder: four frames spread over it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "figure-options.h"
#include "figure.h"
#include "project.h"

G_BEGIN_DECLS

#define ISC_FIGURE_LAYOUT_MAX_CELLS 8   /* rows and columns each */

typedef struct
{
  guint     row;
  guint     column;
  char     *kind;        /* "gradient", "ion-map", … (isc_figure_panel_kinds ()) */
  char     *element;     /* NULL: "Li" */
  char     *condition;   /* elements, capacity, cycle-retention; NULL: the first condition */
  char     *site;        /* site panels: "CONDITION/LABEL" */
  char     *path;        /* insitu: image file, relative to the project's folder or absolute */
  gboolean  log_depth;   /* gradient, elements */
} IscFigurePanelSpec;

typedef struct
{
  char             *name;        /* shown in the composer and used by `figure --layout NAME` */
  guint             rows;
  guint             columns;
  IscFigureOptions  options;
  gboolean          width_in_inches;  /* the custom width was typed in inches (shown so again) */
  GPtrArray        *panels;      /* IscFigurePanelSpec*, at most one per cell */
} IscFigureLayout;

typedef enum
{
  ISC_FIGURE_PANEL_NEEDS_NOTHING,    /* the gradient study */
  ISC_FIGURE_PANEL_NEEDS_CONDITION,
  ISC_FIGURE_PANEL_NEEDS_SITE,
  ISC_FIGURE_PANEL_NEEDS_PATH,
} IscFigurePanelNeeds;

/* The kinds, NULL-terminated, in the composer's order. */
const char * const *isc_figure_panel_kinds       (void);
gboolean            isc_figure_panel_kind_exists (const char *kind);
IscFigurePanelNeeds isc_figure_panel_kind_needs  (const char *kind);

IscFigureLayout *isc_figure_layout_new        (const char *name,
                                               guint       rows,
                                               guint       columns);
IscFigureLayout *isc_figure_layout_copy       (const IscFigureLayout *layout);
void             isc_figure_layout_free       (IscFigureLayout *layout);
/* Changes the grid; panels outside it are dropped. */
void             isc_figure_layout_set_grid   (IscFigureLayout *layout,
                                               guint            rows,
                                               guint            columns);
/* Puts a panel of @kind into the cell (@kind NULL: empties it); returns the new panel (owned by
 * the layout) for its other fields, or NULL. */
IscFigurePanelSpec *isc_figure_layout_set_panel (IscFigureLayout *layout,
                                                 guint            row,
                                                 guint            column,
                                                 const char      *kind);
IscFigurePanelSpec *isc_figure_layout_get_panel (const IscFigureLayout *layout,
                                                 guint                  row,
                                                 guint                  column);

/* The site figure as a layout: the ion map, the STEM image (and the profile of @element along
 * the needle when @profile), one row, two columns wide. */
IscFigureLayout *isc_figure_layout_new_site   (const char *site,
                                               gboolean    profile,
                                               const char *element);

/* Parses @json; options missing from it are those of @defaults (NULL: isc_figure_options_init).
 * Errors: ISC_RENDER_ERROR ARGUMENT naming the key or panel that is wrong. */
IscFigureLayout *isc_figure_layout_from_json  (const char              *json,
                                               const IscFigureOptions  *defaults,
                                               GError                 **error);
IscFigureLayout *isc_figure_layout_load       (const char              *path,
                                               const IscFigureOptions  *defaults,
                                               GError                 **error);
/* Pretty-printed JSON with every option. Free with g_free. */
char            *isc_figure_layout_to_json    (const IscFigureLayout   *layout);
gboolean         isc_figure_layout_save       (const IscFigureLayout   *layout,
                                               const char              *path,
                                               GError                 **error);

/* Loads what the panels show from @project (its caches for the gradient study, its files for the
 * rest) and builds the figure; @options (NULL: the layout's) applied to every plot. Site panels
 * load their specimen once. The ion map is drawn in a headless OpenGL context made on this
 * thread: build, draw and free the figure on one thread (a worker thread is fine). */
IscFigure       *isc_figure_layout_build      (const IscFigureLayout   *layout,
                                               IscProject              *project,
                                               GCancellable            *cancellable,
                                               GError                 **error);
/* Builds and writes the figure with the layout's options; format from @path's extension. */
gboolean         isc_figure_layout_export     (const IscFigureLayout   *layout,
                                               IscProject              *project,
                                               const char              *path,
                                               GCancellable            *cancellable,
                                               GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscFigureLayout, isc_figure_layout_free)

G_END_DECLS
