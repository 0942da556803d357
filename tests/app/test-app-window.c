/* test-app-window.c: the main window opens, shows its parts, reports unreadable files in a
 * banner and comes up translated with LANGUAGE=de.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>

#include "isc-application.h"
#include "isc-job.h"
#include "isc-tutorial.h"
#include "isc-window.h"
#include <string.h>

#include "test-util.h"

static IscApplication *app;

static IscWindow *
new_window (void)
{
  IscWindow *window = isc_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_window_parts (void)
{
  IscWindow *window = new_window ();

  g_assert_nonnull (find_label (GTK_WIDGET (window), _("Welcome to Ionscape")));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_unknown_file_banner (void)
{
  IscWindow *window = new_window ();
  g_autoptr(GFile) file = g_file_new_for_path ("/nowhere/notes.docx");

  g_assert_null (isc_window_get_banner_text (window));
  isc_window_open_file (window, file);
  g_assert_nonnull (strstr (isc_window_get_banner_text (window), "notes.docx"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-banner", NULL);
  g_assert_null (isc_window_get_banner_text (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_translated_title (void)
{
  IscWindow *window = new_window ();

  /* main () switched to German before GTK started; the sidebar heading must follow. */
  g_assert_nonnull (find_label (GTK_WIDGET (window), "Projekt"));
  g_assert_cmpstr (isc_tutorial_get_title (0), ==, "Das Demo-Projekt");
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  gboolean done;
  gpointer result;
  GError  *error;
} JobOutcome;

static gpointer
count_job (gpointer          input,
           GCancellable     *cancellable,
           IscProgressFunc   progress,
           gpointer          progress_data,
           GError          **error)
{
  guint limit = GPOINTER_TO_UINT (input);
  guint64 sum = 0;

  /* Spins until cancelled when the limit is 0, else sums 1..limit. */
  for (guint i = 1; limit == 0 || i <= limit; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      sum += i;
      if (limit == 0)
        g_usleep (1000);
      else if (i % 100 == 0)
        progress ((double) i / limit, progress_data);
    }
  return g_memdup2 (&sum, sizeof sum);
}

static void
job_done (IscWindow    *window,
          gpointer      result,
          const GError *error,
          gpointer      user_data)
{
  JobOutcome *outcome = user_data;

  outcome->done = TRUE;
  outcome->result = result;
  outcome->error = error != NULL ? g_error_copy (error) : NULL;
}

static void
test_job_result_and_cancel (void)
{
  IscWindow *window = new_window ();
  JobOutcome finished = { 0 }, cancelled = { 0 };

  isc_job_run (window, "sum", count_job, GUINT_TO_POINTER (1000), NULL, g_free, job_done, &finished);
  while (!finished.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (finished.error);
  g_assert_cmpuint (*(guint64 *) finished.result, ==, 1000 * 1001 / 2);
  g_free (finished.result);

  isc_job_run (window, "spin", count_job, GUINT_TO_POINTER (0), NULL, g_free, job_done, &cancelled);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL);
  while (!cancelled.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (cancelled.result);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancelled.error);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_tutorial_steps (void)
{
  g_assert_cmpuint (isc_tutorial_get_n_steps (), >=, 6);
  for (guint i = 0; i < isc_tutorial_get_n_steps (); i++)
    g_assert_nonnull (isc_tutorial_get_title (i));
}

int
main (int   argc,
      char *argv[])
{
  gboolean german = argc > 1 && g_str_equal (argv[argc - 1], "--german");
  int status;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

  if (german)
    argc--;

  g_test_init (&argc, &argv, NULL);
  /* C.UTF-8 rather than C: gettext ignores LANGUAGE only under the plain C locale. */
  if (german)
    {
      g_setenv ("LANGUAGE", "de", TRUE);
      setlocale (LC_ALL, "C.UTF-8");
    }
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("IONSCAPE_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();

  app = isc_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);
  /* startup ran inside register: resources, actions and settings are ready. */

  if (german)
    g_test_add_func ("/app/translated-title", test_translated_title);
  else
    {
      g_test_add_func ("/app/window-parts", test_window_parts);
      g_test_add_func ("/app/unknown-file-banner", test_unknown_file_banner);
      g_test_add_func ("/app/tutorial-steps", test_tutorial_steps);
      g_test_add_func ("/app/job-result-and-cancel", test_job_result_and_cancel);
    }

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
