/* isc-style.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "isc-style.h"

gboolean
isc_style_is_dark (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  const char *forced = g_getenv ("GTK_THEME");
  g_autofree char *theme = NULL;
  gboolean prefer_dark = FALSE;

  /* Asking the style manager before adw_init () would create it half set up. */
  if (adw_is_initialized () && adw_style_manager_get_dark (adw_style_manager_get_default ()))
    return TRUE;
  /* GTK_THEME=Adwaita:dark, or a theme that is dark by name */
  if (forced != NULL && g_str_has_suffix (forced, ":dark"))
    return TRUE;
  if (settings == NULL)
    return FALSE;
  g_object_get (settings, "gtk-application-prefer-dark-theme", &prefer_dark, "gtk-theme-name", &theme, NULL);
  return prefer_dark || (theme != NULL && g_str_has_suffix (theme, "-dark"));
}

void
isc_style_watch (GtkWidget *widget,
                 void     (*changed) (GtkWidget *widget))
{
  GtkSettings *settings = gtk_settings_get_default ();

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (changed != NULL);

  if (settings != NULL)
    {
      g_signal_connect_object (settings, "notify::gtk-application-prefer-dark-theme",
                               G_CALLBACK (changed), widget, G_CONNECT_SWAPPED);
      g_signal_connect_object (settings, "notify::gtk-theme-name",
                               G_CALLBACK (changed), widget, G_CONNECT_SWAPPED);
    }
  if (adw_is_initialized ())
    g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                             G_CALLBACK (changed), widget, G_CONNECT_SWAPPED);
}

void
isc_label_drop_down (GtkWidget  *drop_down,
                     const char *name)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));

  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  for (GtkWidget *c = gtk_widget_get_first_child (drop_down); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_TOGGLE_BUTTON (c))
      gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

GtkWidget *
isc_table_label_new (const char *text,
                     gboolean    numeric)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_widget_add_css_class (label, "isc-table-cell");
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

GtkWidget *
isc_table_heading_new (const char *text,
                       gboolean    numeric)
{
  GtkWidget *label = isc_table_label_new (text, numeric);

  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), numeric ? GTK_JUSTIFY_RIGHT : GTK_JUSTIFY_LEFT);
  return label;
}
