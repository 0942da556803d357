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
#define ISC_PROJECT_BACKUP_SUFFIX  ".bak"

typedef enum
{
  ISC_PROJECT_SAVE_DEFAULT   = 0,
  /* A save the user did not ask for (results cached on the way): refused (ISC_ERROR_INVALID)
   * when the project holds fewer conditions, sites or datasets than were loaded, less those
   * removed through the remove functions. */
  ISC_PROJECT_SAVE_AUTOMATIC = 1 << 0,
} IscProjectSaveFlags;

/* Writes @project to @path atomically: a temporary file ".NAME.XXXXXX" beside @path is written,
 * flushed and fsync'ed, then renamed over @path and the folder fsync'ed, so @path holds either
 * the old or the new project, never a partial one. When @path is a symbolic link, the file it
 * points to is replaced (in that file's folder) and the link kept. Temporary files of earlier
 * saves that were killed are removed first. When the new file holds fewer conditions, sites or
 * datasets than the one on disk, or is less than half its size, the old one is kept as
 * "NAME.bak" (ISC_PROJECT_BACKUP_SUFFIX), and the save fails if it cannot be. On success sets
 * project->path to the absolute @path. Errors: ISC_PROJECT_ERROR. */
gboolean    isc_project_save      (IscProject  *project,
                                   const char  *path,
                                   GError     **error);
gboolean    isc_project_save_full (IscProject          *project,
                                   const char          *path,
                                   IscProjectSaveFlags  flags,
                                   GError             **error);

/* Reads a project file (opened read-only: a refused file is never modified), completely or not
 * at all. Refuses files that are not HDF5, truncated or corrupt (ISC_ERROR_FORMAT), numbered
 * groups or attributes with gaps or stray entries (ISC_ERROR_FORMAT, naming the group), HDF5
 * files of another application (ISC_ERROR_FORMAT), meaningless values such as a NaN or negative
 * site depth (ISC_ERROR_INVALID) and newer format versions (ISC_ERROR_VERSION); messages quote
 * the file's content only as short escaped tokens. Returns a new project with absolute paths,
 * project->path set, project->outside_paths listing the dataset and range paths outside the
 * folder of the file (not read: the caller decides whether to follow them) and
 * project->loaded counted; free with isc_project_free. Removes temporary files of killed saves
 * of this project that are more than a few seconds old. */
IscProject *isc_project_load      (const char  *path,
                                   GError     **error);

/* @path expressed relative to the folder @base_dir (both absolute); newly allocated. */
char       *isc_path_relative_to  (const char  *base_dir,
                                   const char  *path);

/* TRUE when @path lies inside the folder @dir (both absolute), also after following symbolic
 * links when both exist. */
gboolean    isc_path_is_inside    (const char  *dir,
                                   const char  *path);

G_END_DECLS
