/* project-file.h: the .ionscape project file (HDF5).
 *
 * Layout, format version 1 (every name below is an HDF5 group unless it says attribute):
 *   /                       attributes ionscape_format_version (int) = 1, application = "Ionscape"
 *   /notes                  1-D uint8 dataset: the notes as UTF-8 (no size limit, unlike attributes)
 *   /references/<i>         attribute name; /ratios (see below)
 *   /conditions/<i>         attributes name, cycles, retention
 *     /cycler/<j>           a dataset entry (below)
 *     /sites/<j>            attributes label, depth_nm, region
 *       /rois               attributes "0", "1", …: ROI specifications
 *       /settings           attributes "k0", "v0", "k1", "v1", …: key/value pairs, keys sorted
 *       /datasets/<k>       a dataset entry
 *   dataset entry           attributes kind ("apt", "ranges", "stem", "cycler"), path, [range_path],
 *                           active_mass_mg, has_cache, [cache_basis], stamp_size, stamp_mtime_us,
 *                           range_stamp_size, range_stamp_mtime_us; /ratios
 *   ratios                  attributes "e0", "v0", "e1", "v1", …: element and value
 * <i>, <j>, <k> are decimal indices from 0 without gaps. Paths are stored relative to the folder of
 * the project file ("apt/ranges.rrng", "../data/x.pos") and made absolute again on load.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "isc-error.h"
#include "project.h"

G_BEGIN_DECLS

#define ISC_PROJECT_FORMAT_VERSION 1
#define ISC_PROJECT_SUFFIX         ".ionscape"

/* Writes @project to @path atomically: a temporary file beside @path is written, flushed and
 * fsync'ed, then renamed over @path, so @path holds either the old or the new project, never a
 * partial one. On success sets project->path to the absolute @path. Errors: ISC_PROJECT_ERROR. */
gboolean    isc_project_save      (IscProject  *project,
                                   const char  *path,
                                   GError     **error);

/* Reads a project file (opened read-only: a refused file is never modified). Refuses files that
 * are not HDF5, truncated or corrupt (ISC_ERROR_FORMAT), HDF5 files of another application
 * (ISC_ERROR_FORMAT) and newer format versions (ISC_ERROR_VERSION). Returns a new project with
 * absolute paths and project->path set; free with isc_project_free. */
IscProject *isc_project_load      (const char  *path,
                                   GError     **error);

/* @path expressed relative to the folder @base_dir (both absolute); newly allocated. */
char       *isc_path_relative_to  (const char  *base_dir,
                                   const char  *path);

G_END_DECLS
