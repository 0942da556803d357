/* isc-application.c: the AdwApplication — app-wide actions, settings, style and windows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Ionscape"

#include "config.h"

#include <glib/gi18n.h>

#include "isc-application.h"
#include "isc-window.h"
#include "isc-widgets.h"
#include "ion-view.h"

#define MAX_RECENT 10

struct _IscApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *site;       /* --site CONDITION/LABEL */
};

G_DEFINE_FINAL_TYPE (IscApplication, isc_application, ADW_TYPE_APPLICATION)

static IscWindow *
get_or_create_window (IscApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (isc_window_new (self));
  return ISC_WINDOW (window);
}

static void
apply_color_scheme (IscApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme color_scheme = ADW_COLOR_SCHEME_DEFAULT;

  /* "default" follows the desktop's preference (light unless it asks for dark). */
  if (g_str_equal (scheme, "dark"))
    color_scheme = ADW_COLOR_SCHEME_FORCE_DARK;
  else if (g_str_equal (scheme, "light"))
    color_scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  adw_style_manager_set_color_scheme (adw_application_get_style_manager (ADW_APPLICATION (self)),
                                      color_scheme);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  IscApplication *self = user_data;
  static const char *developers[] = { "The Ionscape developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", "Ionscape",
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Correlative atom probe tomography and STEM workbench for battery cathodes"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developer-name", "The Ionscape developers",
                        "developers", developers,
                        "copyright", "© 2026 The Ionscape developers",
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  IscApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing each window lets it save its size; quitting directly would skip that. */
  for (GList *l = windows; l != NULL; l = windows)
    {
      windows = l->next;
      gtk_window_close (GTK_WINDOW (l->data));
    }
}

static void
tutorial_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  isc_window_show_tutorial (get_or_create_window (user_data));
}

static void
help_shown (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GtkWindow) window = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (gtk_show_uri_full_finish (window, result, &error))
    return;
  /* Without Yelp (or another help: handler) nothing opens; say so rather than do nothing. */
  message = g_strdup_printf (_("The manual could not be opened (is the Yelp help viewer installed?): %s"),
                             error->message);
  isc_window_show_banner (ISC_WINDOW (window), ISC_BANNER_ERROR, message);
}

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkWindow *window = GTK_WINDOW (get_or_create_window (user_data));

  /* help:ionscape is the manual installed from help/ (gnome.yelp). */
  gtk_show_uri_full (window, "help:ionscape", GDK_CURRENT_TIME, NULL, help_shown, g_object_ref (window));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_action },
  { .name = "help", .activate = help_action },
  { .name = "quit", .activate = quit_action },
  { .name = "tutorial", .activate = tutorial_action },
};

static void
isc_application_startup (GApplication *app)
{
  IscApplication *self = ISC_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *open_project_accels[] = { "<Control><Shift>o", NULL };
  static const char *save_accels[] = { "<Control>s", NULL };
  static const char *export_accels[] = { "<Control>e", NULL };
  static const char *help_accels[] = { "F1", NULL };
  g_autoptr(GAction) scheme_action = NULL;

  /* Initialises libadwaita: style manager, its stylesheet, and the app's style.css. */
  G_APPLICATION_CLASS (isc_application_parent_class)->startup (app);

  isc_widgets_ensure_types ();
  /* before any window: GTK's GL compositing is what slows the 3-D view on software GL */
  isc_ion_view_prefer_cairo_on_software_gl ();

  self->settings = g_settings_new (APP_ID);
  scheme_action = g_settings_create_action (self->settings, "color-scheme");
  g_action_map_add_action (G_ACTION_MAP (self), scheme_action);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (apply_color_scheme), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.open-project", open_project_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.save-project", save_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.export-figure", export_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);
  /* style.css under the resource base path is loaded by AdwApplication itself. */
}

static void
isc_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_or_create_window (ISC_APPLICATION (app))));
}

static void
isc_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  IscWindow *window = get_or_create_window (ISC_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  if (ISC_APPLICATION (app)->site != NULL)
    isc_window_set_pending_site (window, ISC_APPLICATION (app)->site);
  for (int i = 0; i < n_files; i++)
    isc_window_open_file (window, files[i]);
}

static int
isc_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  IscApplication *self = ISC_APPLICATION (app);

  g_variant_dict_lookup (options, "site", "s", &self->site);
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("ionscape %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

static void
isc_application_dispose (GObject *object)
{
  IscApplication *self = ISC_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->site, g_free);
  G_OBJECT_CLASS (isc_application_parent_class)->dispose (object);
}

static void
isc_application_class_init (IscApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = isc_application_dispose;
  app_class->startup = isc_application_startup;
  app_class->activate = isc_application_activate;
  app_class->open = isc_application_open;
  app_class->handle_local_options = isc_application_handle_local_options;
}

static void
isc_application_init (IscApplication *self)
{
  static const GOptionEntry options[] = {
    { "site", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show this site of the project side by side (e.g. \"300 cycles/R1\")"), N_("CONDITION/SITE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

IscApplication *
isc_application_new (void)
{
  return g_object_new (ISC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/ionscape/Ionscape",
                       NULL);
}

GSettings *
isc_application_get_settings (IscApplication *self)
{
  g_return_val_if_fail (ISC_IS_APPLICATION (self), NULL);
  return self->settings;
}

void
isc_application_add_recent (IscApplication *self,
                            const char     *path)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  g_return_if_fail (ISC_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  old = g_settings_get_strv (self->settings, "recent-files");
  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    if (!g_str_equal (old[i], path))
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char * const *) recent);
}
