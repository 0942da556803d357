/* isc-widgets.h: the GTK widgets of Ionscape.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Registers every widget type so .ui templates can name them. */
void isc_widgets_ensure_types (void);

/* In class_init of a template widget: the template resources/ui/@name.ui, the CSS node name
 * (NULL: the type's) and the layout manager (G_TYPE_INVALID where the template sets the
 * `layout-manager` property itself, as the pages with a vertical box do). Registers every widget
 * type first, so the template may name any of them. */
void isc_widget_class_set_template (GtkWidgetClass *widget_class,
                                    const char     *name,
                                    const char     *css_name,
                                    GType           layout_manager_type);

/* The dispose of a final template widget that holds nothing else to release
 * (`object_class->dispose = isc_widget_dispose_template;`): its template children, bound or not,
 * then the parent class's dispose. */
void isc_widget_dispose_template (GObject *object);

/* A page's status line: @text (NULL or "" hides the label). */
void isc_label_set_status (GtkWidget  *label,
                           const char *text);

/* Template parts bound from one list instead of one gtk_widget_class_bind_template_child () line
 * after another:
 *
 *   ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscFooPage, box, plot_view, status_label);
 *   ISC_BIND_TEMPLATE_CALLBACKS (widget_class, on_kind_selected, on_export_clicked);
 *
 * Each name is a member of the instance struct (children) or a function in scope (callbacks), and
 * the builder id or handler name in the .ui file, exactly as with the GTK macros; a misspelt name
 * fails to compile. Up to 48 names a call. */
#define ISC_BIND_TEMPLATE_CHILDREN(widget_class, TypeName, ...) \
  G_STMT_START { \
    _ISC_FOREACH (_ISC_BIND_CHILD, widget_class, TypeName, __VA_ARGS__) \
  } G_STMT_END
#define ISC_BIND_TEMPLATE_CALLBACKS(widget_class, ...) \
  G_STMT_START { \
    _ISC_FOREACH (_ISC_BIND_CALLBACK, widget_class, 0, __VA_ARGS__) \
  } G_STMT_END

/* Private to the two macros above. */
#define _ISC_BIND_CHILD(widget_class, TypeName, member) \
  gtk_widget_class_bind_template_child_full (widget_class, #member, FALSE, \
                                             G_STRUCT_OFFSET (TypeName, member));
#define _ISC_BIND_CALLBACK(widget_class, unused, callback) \
  gtk_widget_class_bind_template_callback_full (widget_class, #callback, G_CALLBACK (callback));

#define _ISC_NARGS(...) \
  _ISC_NARGS_PICK (__VA_ARGS__, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, \
                   28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, \
                   8, 7, 6, 5, 4, 3, 2, 1, 0)
#define _ISC_NARGS_PICK( \
  _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19, _20, \
  _21, _22, _23, _24, _25, _26, _27, _28, _29, _30, _31, _32, _33, _34, _35, _36, _37, _38, \
  _39, _40, _41, _42, _43, _44, _45, _46, _47, _48, n, ...) n
#define _ISC_CONCAT(a, b) _ISC_CONCAT_ (a, b)
#define _ISC_CONCAT_(a, b) a##b
#define _ISC_FOREACH(step, c, T, ...) _ISC_CONCAT (_ISC_FOREACH_, _ISC_NARGS (__VA_ARGS__)) (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_1(step, c, T, x) step (c, T, x)
#define _ISC_FOREACH_2(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_1 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_3(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_2 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_4(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_3 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_5(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_4 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_6(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_5 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_7(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_6 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_8(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_7 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_9(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_8 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_10(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_9 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_11(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_10 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_12(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_11 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_13(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_12 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_14(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_13 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_15(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_14 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_16(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_15 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_17(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_16 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_18(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_17 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_19(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_18 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_20(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_19 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_21(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_20 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_22(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_21 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_23(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_22 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_24(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_23 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_25(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_24 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_26(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_25 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_27(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_26 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_28(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_27 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_29(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_28 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_30(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_29 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_31(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_30 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_32(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_31 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_33(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_32 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_34(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_33 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_35(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_34 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_36(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_35 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_37(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_36 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_38(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_37 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_39(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_38 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_40(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_39 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_41(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_40 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_42(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_41 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_43(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_42 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_44(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_43 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_45(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_44 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_46(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_45 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_47(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_46 (step, c, T, __VA_ARGS__)
#define _ISC_FOREACH_48(step, c, T, x, ...) step (c, T, x) _ISC_FOREACH_47 (step, c, T, __VA_ARGS__)

G_END_DECLS
