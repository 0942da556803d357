/* test-gtk-util.h: screenshots of real widgets for pixel checks, and finding widgets in a
 * tree (GTK tests only). Main-loop waits are in test-util.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* TRUE when a display exists; otherwise prints the TAP skip line (the caller returns 0). */
gboolean  isc_test_gtk_init          (int    *argc,
                                      char ***argv);

/* Puts @widget alone in a window of @width × @height, shows it and waits for a frame. */
GtkWindow *isc_test_show_in_window   (GtkWidget *widget,
                                      int        width,
                                      int        height);

/* Renders @widget as it is on screen into ARGB32 pixels (0xAARRGGBB words, row stride
 * width*4). Writes the PNG to $G_TEST_BUILDDIR/@png_name when @png_name is not NULL. */
guint32  *isc_test_snapshot          (GtkWidget  *widget,
                                      int        *width,
                                      int        *height,
                                      const char *png_name);

/* As isc_test_snapshot, drawn by a cairo GSK renderer without a surface: the same pixels on
 * every machine, independent of the window's GL renderer. Waits for the widget's first frame. */
guint32  *isc_test_snapshot_cairo    (GtkWidget  *widget,
                                      int        *width,
                                      int        *height,
                                      const char *png_name);

/* Counts the pixels of @pixels within @tolerance (per channel, 0..255) of @rgb (0xRRGGBB). */
gsize     isc_test_count_color       (const guint32 *pixels,
                                      int            width,
                                      int            height,
                                      guint32        rgb,
                                      int            tolerance);

/* The first widget under @root (itself included, depth first, hidden ones too) that is a
 * @type and, unless @name_or_label is NULL, whose builder id (a template child's name),
 * widget name, label (GtkLabel, GtkButton, GtkCheckButton, GtkMenuButton, GtkExpander; with
 * or without its mnemonic underscores) or tooltip is @name_or_label. NULL if none. */
GtkWidget *isc_test_find_widget      (GtkWidget  *root,
                                      GType       type,
                                      const char *name_or_label);

/* Like isc_test_find_widget, but fails the test when there is none. */
GtkWidget *isc_test_get_widget       (GtkWidget  *root,
                                      GType       type,
                                      const char *name_or_label);

/* The text of the GtkLabel under @root whose builder id, name or label is @name (fails the
 * test when there is none): what a status line or result label shows. */
const char *isc_test_label_text      (GtkWidget  *root,
                                      const char *name);

/* The first visible toplevel window that is a @type (a class or an interface such as
 * GTK_TYPE_FILE_CHOOSER) and, unless @title is NULL, has that title. NULL if none. */
GtkWindow *isc_test_find_toplevel    (GType       type,
                                      const char *title);

G_END_DECLS
