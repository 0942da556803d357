/* isc-style.h: whether the window is drawn in the dark style, for widgets that paint their own
 * background (plots, images, the ion map).
 *
 * Dark is on when libadwaita's style manager says so (once adw_init () has run), when
 * GtkSettings:gtk-application-prefer-dark-theme is set (how the application applies its
 * colour-scheme setting on GTK 4.8), or when the theme is a dark one (GTK_THEME=Adwaita:dark,
 * a theme name ending in "-dark"). Exported figures do not follow this: they keep a white
 * background unless the caller asks otherwise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean isc_style_is_dark (void);

/* Calls @changed (@widget) whenever the dark style may have changed, for as long as @widget
 * lives. */
void     isc_style_watch   (GtkWidget *widget,
                            void     (*changed) (GtkWidget *widget));

/* GTK 4.8 reads a drop-down to screen readers through its inner button, which has no name of
 * its own: gives it @name (and the drop-down too). */
void     isc_label_drop_down (GtkWidget  *drop_down,
                              const char *name);

/* A cell of a table laid out in a GtkGrid: a label styled .isc-table-cell, right-aligned in
 * tabular figures when @numeric. @text may be NULL. */
GtkWidget *isc_table_label_new (const char *text,
                                gboolean    numeric);

/* A heading of such a table: isc_table_label_new () in bold (.heading), wrapping rather than
 * widening a narrow pane, justified to its column's side. */
GtkWidget *isc_table_heading_new (const char *text,
                                  gboolean    numeric);

G_END_DECLS
