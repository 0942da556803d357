/* isc-widgets.h: the GTK widgets of Ionscape.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Registers every widget type so .ui templates can name them. */
void isc_widgets_ensure_types (void);

G_END_DECLS
