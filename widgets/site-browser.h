/* site-browser.h: the project sidebar — conditions → sites → datasets.
 *
 * Shows a project's conditions (with their cycle counts), their cycler files and sites (label and
 * depth below the surface, "R1 · 15 nm"), and each site's datasets (file name, an icon per kind).
 * Files dropped onto a site become datasets of that site; a site's label and depth are edited in
 * place through a small popover. Activating a row emits "dataset-activated" (path, kind) or
 * "site-activated" (site). Every change to the project emits "project-changed".
 * Keys: + or → opens the selected row, − or ← folds it; expanders and edit buttons carry
 * accessible names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "project.h"

G_BEGIN_DECLS

#define ISC_TYPE_SITE_BROWSER (isc_site_browser_get_type ())

G_DECLARE_FINAL_TYPE (IscSiteBrowser, isc_site_browser, ISC, SITE_BROWSER, GtkWidget)

GtkWidget  *isc_site_browser_new           (void);

/* Shows @project (borrowed: the caller keeps it alive while it is shown, or sets NULL first). */
void        isc_site_browser_set_project   (IscSiteBrowser *self,
                                            IscProject     *project);

/* Rows currently in the tree (expanded rows count their children). */
guint       isc_site_browser_get_n_rows    (IscSiteBrowser *self);
/* Text shown in row @position, or NULL past the end. Free with g_free. */
char       *isc_site_browser_get_row_text  (IscSiteBrowser *self,
                                            guint           position);
/* Activates row @position as a double click would (emits the matching signal). */
void        isc_site_browser_activate_row  (IscSiteBrowser *self,
                                            guint           position);

/* Adds the local files of @files (GFile*) as datasets of @site, the kind guessed from the file
 * name; unknown kinds and files already present are skipped. A dropped APT file takes the site's
 * range file; a dropped range file becomes the range file of the site's APT files without one.
 * Returns the number of datasets added. This is what a drop onto the site's row does. */
guint       isc_site_browser_add_files     (IscSiteBrowser *self,
                                            IscSite        *site,
                                            GSList         *files);

/* Sets a site's label and depth (nm) and updates its row. This is what the edit popover does. */
void        isc_site_browser_edit_site     (IscSiteBrowser *self,
                                            IscSite        *site,
                                            const char     *label,
                                            double          depth_nm);

/* Folds every site so that only conditions and sites show (large projects); a site's row
 * expands again on demand. */
void        isc_site_browser_collapse_sites (IscSiteBrowser *self);

/* Icon name for a dataset kind. */
const char *isc_site_browser_kind_icon     (IscDatasetKind  kind);

G_END_DECLS
