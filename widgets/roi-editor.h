/* roi-editor.h: a side panel that edits one region of interest numerically: its kind, its
 * fields in nm, and the CLI ROI spec (model/apt/roi.h) as text, with errors shown inline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "roi.h"

G_BEGIN_DECLS

#define ISC_TYPE_ROI_EDITOR (isc_roi_editor_get_type ())
G_DECLARE_FINAL_TYPE (IscRoiEditor, isc_roi_editor, ISC, ROI_EDITOR, GtkWidget)

/* Signals:
 *   "roi-edited" (IscRoiEditor *, const IscRoi *roi): the user changed the region (a valid
 *   one: the pointer is valid during the emission only).
 *   "remove-requested" (IscRoiEditor *): the user pressed Remove. */

GtkWidget  *isc_roi_editor_new        (void);

/* Shows @roi (copied) without emitting "roi-edited"; NULL shows that no region is selected
 * and makes the fields insensitive. Clears any error. */
void        isc_roi_editor_set_roi    (IscRoiEditor *editor,
                                       const IscRoi *roi);
/* The last valid region shown or edited; FALSE (and @out untouched) when there is none. */
gboolean    isc_roi_editor_get_roi    (IscRoiEditor *editor,
                                       IscRoi       *out);
/* The message shown under the fields ("" when the last edit was valid). */
const char *isc_roi_editor_get_error  (IscRoiEditor *editor);

G_END_DECLS
