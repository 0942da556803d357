/* project-analysis.h: per-specimen analyses over a whole project, cached in its datasets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "isc-error.h"
#include "project.h"

G_BEGIN_DECLS

/* Site setting naming the comma-separated elements the ratios are normalised to. */
#define ISC_SITE_SETTING_METAL_BASIS "metal_basis"

/* The basis of @site: its "metal_basis" setting, or "Ni,Co,Mn". Free with g_free. */
char     *isc_site_get_basis          (IscSite *site);

/* Reads, ranges and counts every APT dataset of @project whose cached ratios are missing,
 * stale (file size or mtime changed) or normalised to another basis, and caches the ratios of
 * every element (atoms per atom of the basis). Each range file is read once. Sets @n_computed
 * (may be NULL) to the datasets analysed. Callable from a worker thread (nothing else may touch
 * @project meanwhile); cancellable. Errors name the file: an APT dataset without a range file is
 * ISC_PROJECT_ERROR / ISC_ERROR_ARGUMENT, reader errors keep their domain. */
gboolean  isc_project_update_ratios   (IscProject       *project,
                                       GCancellable     *cancellable,
                                       IscProgressFunc   progress,
                                       gpointer          progress_data,
                                       guint            *n_computed,
                                       GError          **error);

G_END_DECLS
