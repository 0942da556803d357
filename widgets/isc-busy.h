/* isc-busy.h: the "busy" property of a widget that computes in the background.
 *
 * Every widget that runs work through an IscTaskSlot lets the window and the tests follow it
 * through a read-only boolean "busy" property (G_PARAM_EXPLICIT_NOTIFY). These helpers give
 * that property one shape: install it in class_init, notify it when the answer changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*IscBusyFunc) (gpointer self);

/* For a class whose only property is "busy": installs it, answered by @is_busy, and sets the
 * class's get_property. A class with more properties installs isc_busy_param_spec_new ()
 * itself instead. */
void        isc_busy_class_install  (GObjectClass *object_class,
                                     IscBusyFunc   is_busy);

/* The "busy" property, for a class that has other properties too. */
GParamSpec *isc_busy_param_spec_new (void);

/* Stores @busy in *@state and notifies "busy" on @self when it changed. */
void        isc_busy_update         (gpointer      self,
                                     gboolean     *state,
                                     gboolean      busy);

/* Shows and spins @spinner while @busy (its visibility is the state) and notifies "busy" on
 * @self when that changed. */
void        isc_busy_set_spinner    (gpointer      self,
                                     GtkWidget    *spinner,
                                     gboolean      busy);

G_END_DECLS
