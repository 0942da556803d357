/* isc-page.h: what a page of the window can do, asked by the window instead of by page name.
 *
 * Every page in the window's content stack (APT data, site, image, gradient, cycling)
 * implements IscPage. The window enables its actions from these answers in one place and
 * listens to "capabilities-changed", which a page emits when an answer may have changed
 * (data shown or cleared, work begun or ended). A new page implements the interface and the
 * window's actions follow it without a new branch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ISC_TYPE_PAGE (isc_page_get_type ())
G_DECLARE_INTERFACE (IscPage, isc_page, ISC, PAGE, GtkWidget)

struct _IscPageInterface
{
  GTypeInterface parent_iface;

  /* TRUE when the page shows something it can export as a figure (PNG, SVG, PDF). */
  gboolean (*can_export_figure) (IscPage *self);
  /* Asks where to and exports (a file chooser of the page's own). */
  void     (*export_figure)     (IscPage *self);
};

gboolean isc_page_can_export_figure    (IscPage *self);
void     isc_page_export_figure        (IscPage *self);

/* For implementations whose figure is exported by an action of a part (a plot view's
 * "plot.export"): the interface's own export_figure then activates @action_name on @target
 * (held weakly), so the page implements can_export_figure only. */
void     isc_page_set_export_action    (IscPage    *self,
                                        GtkWidget  *target,
                                        const char *action_name);

/* For implementations: tells the window to ask again. */
void     isc_page_capabilities_changed (IscPage *self);

G_END_DECLS
