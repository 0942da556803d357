/* project-copy.h: a private copy of a project for a worker thread, and bringing the cached
 * results it computed back into the project the user edits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "project.h"

G_BEGIN_DECLS

/* A deep copy: conditions, sites, datasets with their caches, settings, ROIs, references,
 * notes and path. Free with isc_project_free. */
IscProject *isc_project_copy        (const IscProject *project);

/* Copies every valid cached result of @from into the dataset of @to with the same path, unless
 * that one already holds a valid result. Datasets that exist in only one of the two are left
 * alone (the user may have edited @to meanwhile). Returns the number of results copied. */
guint       isc_project_merge_cache (IscProject       *to,
                                     const IscProject *from);

G_END_DECLS
