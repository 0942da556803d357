/* site-browser-row.h: one row of the project sidebar (template site-browser-row.ui) — the
 * expander, the kind's icon, the title, and for a site the button that edits its label and
 * depth. Files dropped on a site's row become its datasets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ISC_TYPE_SITE_BROWSER_ROW (isc_site_browser_row_get_type ())
G_DECLARE_FINAL_TYPE (IscSiteBrowserRow, isc_site_browser_row, ISC, SITE_BROWSER_ROW, GtkWidget)

void            isc_site_browser_row_set_list_row (IscSiteBrowserRow *self,
                                                   GtkTreeListRow    *list_row);

G_END_DECLS
