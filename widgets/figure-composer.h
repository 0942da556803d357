/* figure-composer.h: a window that composes a figure from any of the project's plots and views —
 * a grid of panels, each chosen with what it shows (site, condition, element), the journal size
 * and text size — with a live preview, Export, and Save in Project (figure-layout.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "figure-layout.h"
#include "project.h"

G_BEGIN_DECLS

#define ISC_TYPE_FIGURE_COMPOSER (isc_figure_composer_get_type ())
G_DECLARE_FINAL_TYPE (IscFigureComposer, isc_figure_composer, ISC, FIGURE_COMPOSER, GtkWindow)

/* Works on a private copy of @project (read in worker threads), transient for @parent. Starts
 * from the project's first saved figure, else the site figure of the first site that has an APT
 * specimen and a STEM image, else an empty 2 × 2 grid. "save-figure" (name, layout JSON) asks the
 * owner to keep the figure in its project. */
GtkWidget             *isc_figure_composer_new        (GtkWindow  *parent,
                                                       IscProject *project);
void                   isc_figure_composer_set_layout (IscFigureComposer     *self,
                                                       const IscFigureLayout *layout);
const IscFigureLayout *isc_figure_composer_get_layout (IscFigureComposer     *self);
/* Selects the cell whose panel the Panel controls edit. */
void                   isc_figure_composer_select_cell (IscFigureComposer *self,
                                                        guint              row,
                                                        guint              column);
/* Writes the figure now (the Export button does it in a worker thread after the chooser). */
gboolean               isc_figure_composer_export     (IscFigureComposer  *self,
                                                       const char         *path,
                                                       GError            **error);

G_END_DECLS
