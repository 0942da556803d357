/* project-figures.h: the composed figures saved in a project — each a name and its layout as
 * JSON (render/figures/figure-layout.h reads it; the model only keeps it), so a figure can be
 * regenerated after the data change. Stored in the project file as one "figures" byte dataset
 * holding a JSON array [{"name": …, "layout": "…"}]; files without it have no figures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <hdf5.h>

#include "project.h"

G_BEGIN_DECLS

typedef struct
{
  char *name;       /* unique within the project */
  char *layout;     /* JSON of the layout */
} IscProjectFigure;

/* The figures, in order (IscProjectFigure*, owned by the project); never NULL. */
GPtrArray        *isc_project_get_figures   (IscProject *project);
IscProjectFigure *isc_project_find_figure   (IscProject *project,
                                             const char *name);
/* Adds the figure, or replaces the layout of the one with that name. Returns it (borrowed). */
IscProjectFigure *isc_project_set_figure    (IscProject *project,
                                             const char *name,
                                             const char *layout);
gboolean          isc_project_remove_figure (IscProject *project,
                                             const char *name);
/* Copies every figure of @from into @to (isc_project_copy). */
void              isc_project_copy_figures  (IscProject       *to,
                                             const IscProject *from);
/* Frees the list (isc_project_free). */
void              isc_project_free_figures  (IscProject *project);

/* For project-file.c, with the HDF5 lock held: the "figures" dataset of @file. Writing an empty
 * list writes nothing; reading a file without the dataset gives no figures. */
gboolean          _isc_project_figures_write (const IscProject  *project,
                                              hid_t              file,
                                              GError           **error);
gboolean          _isc_project_figures_read  (IscProject        *project,
                                              hid_t              file,
                                              GError           **error);

G_END_DECLS
