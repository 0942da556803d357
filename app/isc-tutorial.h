/* isc-tutorial.h: the guided tour of the demo project.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Number of steps in the tour, and the title of step @index (for tests). */
guint       isc_tutorial_get_n_steps  (void);
const char *isc_tutorial_get_title    (guint index);

/* Shows the tour beside @parent (not modal, so the user can follow each step). */
GtkWindow  *isc_tutorial_show         (GtkWindow *parent);

G_END_DECLS
