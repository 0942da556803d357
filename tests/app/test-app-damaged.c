/* test-app-damaged.c: damaged HDF5 files that crash or hang libhdf5 (fixtures/malformed) are
 * opened in a running window: the window survives, the banner names each file, and the image
 * already shown stays shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "isc-application.h"
#include "isc-fixtures.h"
#include "isc-window-private.h"
#include "test-util.h"

static IscApplication *app;

static void
wait_for_job (IscWindow *window)
{
  do
    g_main_context_iteration (NULL, TRUE);
  while (window->job_cancellable != NULL);
}

static void
test_damaged_hdf5_files (void)
{
  const char *names[] = {
    "h5-min-e7008566.nxs", "h5-timeout-b5e17e16.nxs", "velox-min-022b4f40.emd",
    "berkeley-oom.emd", "berkeley-timeout.emd",
  };
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *shown = isc_test_write_tiff (dir, "shown.tif", 32, 24, 1.0);
  g_autoptr(GFile) shown_file = g_file_new_for_path (shown);
  IscWindow *window;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *relative = g_build_filename ("malformed", names[i], NULL);

      if (isc_fixture_path (relative) == NULL)
        {
          g_test_skip ("../shared/fixtures/malformed is missing");
          return;
        }
    }

  window = isc_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  isc_window_open_file (window, shown_file);
  wait_for_job (window);
  g_assert_null (isc_window_get_banner_text (window));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *relative = g_build_filename ("malformed", names[i], NULL);
      g_autofree char *path = isc_fixture_path (relative);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      const char *banner;

      isc_window_open_file (window, file);
      wait_for_job (window);
      banner = isc_window_get_banner_text (window);
      g_assert_nonnull (banner);
      if (strstr (banner, names[i]) == NULL)
        g_error ("banner “%s” does not name %s", banner, names[i]);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-banner", NULL);
    }
  /* The image opened first is still the one shown. */
  g_assert_cmpuint (isc_image_view_get_image (isc_image_page_get_view (window->image_page))->width, ==, 32);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  {
    g_autofree char *cache = isc_test_make_tmpdir ();

    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }
  gtk_init ();
  app = isc_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);
  g_test_add_func ("/app/damaged-hdf5-files", test_damaged_hdf5_files);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
