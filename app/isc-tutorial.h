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

/* Performs step @index on the demo project ("Show me"). */
typedef void (*IscTutorialStepFunc) (guint    index,
                                     gpointer user_data);

/* Shows the tour beside @parent (not modal, so the user can follow each step). "Show me"
 * calls @show_step (may be NULL: the button is then hidden). */
GtkWindow  *isc_tutorial_show         (GtkWindow           *parent,
                                       IscTutorialStepFunc  show_step,
                                       gpointer             user_data);

G_END_DECLS
