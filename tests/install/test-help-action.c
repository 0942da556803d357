/* test-help-action.c: F1 and the primary menu's Help open help:ionscape, through whatever
 * handles help: URIs (a stand-in here that records the URI it was given); with no help viewer
 * at all the window says so in its banner rather than do nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "isc-application.h"
#include "isc-window-private.h"

#include "test-util.h"

static IscApplication *app;
static char *record_path;   /* the stand-in help viewer writes its argument here */

static gboolean
menu_has_action (GMenuModel *model,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name)
          && g_str_equal (name, action))
        return TRUE;
      link = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      if (link == NULL)
        link = g_menu_model_get_item_link (model, i, G_MENU_LINK_SUBMENU);
      if (link != NULL)
        {
          gboolean found = menu_has_action (link, action);

          g_object_unref (link);
          if (found)
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
recorded (gpointer data)
{
  return g_file_test (record_path, G_FILE_TEST_EXISTS);
}

static void
test_help_entry_points (void)
{
  IscWindow *window = isc_window_new (app);
  g_auto(GStrv) accels = NULL;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "help"));
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.help");
  g_assert_true (g_strv_contains ((const char * const *) accels, "F1"));
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (window->primary_menu_button),
                                  "app.help"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_help_opens_manual (void)
{
  IscWindow *window = isc_window_new (app);
  g_autofree char *uri = NULL;

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "help", NULL);
  g_assert_true (isc_test_wait_until (recorded, NULL, 20));
  /* the handler may still be writing */
  for (int i = 0; i < 100 && (uri == NULL || strchr (uri, '\n') == NULL); i++)
    {
      g_clear_pointer (&uri, g_free);
      g_file_get_contents (record_path, &uri, NULL, NULL);
      g_usleep (20000);
    }
  g_assert_cmpstr (uri, ==, "help:ionscape\n");
  g_assert_null (isc_window_get_banner_text (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_banner (gpointer window)
{
  return isc_window_get_banner_text (window) != NULL;
}

/* In a subprocess whose XDG folders hold no help: handler at all. */
static void
test_help_missing_viewer (void)
{
  IscWindow *window;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }
  window = isc_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "help", NULL);
  g_assert_true (isc_test_wait_until (has_banner, window, 20));
  g_assert_nonnull (strstr (isc_window_get_banner_text (window), "Yelp"));
  g_assert_false (g_file_test (record_path, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
write_handler (const char *dir)
{
  g_autofree char *apps = g_build_filename (dir, "data", "applications", NULL);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *script = g_build_filename (dir, "fake-yelp.sh", NULL);
  g_autofree char *desktop = g_build_filename (apps, "fake-yelp.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (config, "mimeapps.list", NULL);
  g_autofree char *script_text = g_strdup_printf ("#!/bin/sh\nprintf '%%s\\n' \"$1\" > '%s.tmp'\n"
                                                  "mv '%s.tmp' '%s'\n",
                                                  record_path, record_path, record_path);
  g_autofree char *desktop_text = g_strdup_printf ("[Desktop Entry]\nType=Application\n"
                                                   "Name=Fake Help\nExec=%s %%u\n"
                                                   "MimeType=x-scheme-handler/help;\n", script);
  const char *mimeapps_text = "[Default Applications]\nx-scheme-handler/help=fake-yelp.desktop\n";

  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  isc_test_write_file (script, script_text, strlen (script_text));
  g_assert_cmpint (g_chmod (script, 0700), ==, 0);
  isc_test_write_file (desktop, desktop_text, strlen (desktop_text));
  isc_test_write_file (mimeapps, mimeapps_text, strlen (mimeapps_text));
  /* GIO reads these when it first looks for a handler, after main () set them. */
  g_setenv ("XDG_DATA_HOME", g_build_filename (dir, "data", NULL), TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  dir = isc_test_make_tmpdir ();
  record_path = g_build_filename (dir, "opened-uri", NULL);
  if (g_test_subprocess ())
    {
      g_autofree char *empty = g_build_filename (dir, "empty", NULL);

      g_autofree char *mime = g_build_filename (empty, "mime", NULL);

      g_assert_cmpint (g_mkdir_with_parents (empty, 0700), ==, 0);
      /* Only the MIME database (image loading needs it), without the system's applications. */
      g_assert_cmpint (symlink ("/usr/share/mime", mime), ==, 0);
      g_setenv ("XDG_DATA_HOME", empty, TRUE);
      g_setenv ("XDG_DATA_DIRS", empty, TRUE);
      g_setenv ("XDG_CONFIG_HOME", empty, TRUE);
      g_setenv ("XDG_CONFIG_DIRS", empty, TRUE);
    }
  else
    write_handler (dir);
  /* No portal: GTK launches the handler GIO finds, as on a desktop outside a sandbox. */
  g_unsetenv ("GTK_USE_PORTAL");
  gtk_init ();

  app = isc_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/help/entry-points", test_help_entry_points);
  g_test_add_func ("/help/opens-manual", test_help_opens_manual);
  g_test_add_func ("/help/missing-viewer", test_help_missing_viewer);
  return g_test_run ();
}
