/* test-window-saed.c: the window opens a file that says it is a diffraction pattern on the
 * Electron Diffraction page (made on first use, with its sidebar row), keeps a HAADF image on
 * the image page, and "Analyse as Diffraction Pattern" there moves the shown image to the
 * diffraction page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "demo-saed.h"
#include "isc-application.h"
#include "isc-page.h"
#include "isc-window-private.h"
#include "saed-page.h"
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

static gboolean
page_is (gpointer data)
{
  IscWindow *window = data;
  const char *name = gtk_stack_get_visible_child_name (window->content_stack);

  return g_strcmp0 (name, g_object_get_data (G_OBJECT (window), "want")) == 0;
}

static void
wait_for_page (IscWindow  *window,
               const char *name)
{
  g_object_set_data_full (G_OBJECT (window), "want", g_strdup (name), g_free);
  g_assert_true (isc_test_wait_until (page_is, window, 60));
}

static gboolean
image_shown (gpointer data)
{
  IscWindow *window = data;

  return isc_image_view_get_image (isc_image_page_get_view (window->image_page)) != NULL;
}

static IscSaedPage *
saed_page (IscWindow *window)
{
  GtkWidget *page = gtk_stack_get_child_by_name (window->content_stack, "saed");

  g_assert_nonnull (page);
  return ISC_SAED_PAGE (page);
}

static void
wait_analysed (IscSaedPage *page)
{
  if (isc_dataset_page_is_busy (ISC_DATASET_PAGE (page)))
    g_assert_true (isc_test_wait_for_signal (page, "analysed", 60));
  g_assert_nonnull (isc_saed_page_get_result (page));
}

static void
test_open_pattern (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *shell = isc_demo_saed_path (dir, TRUE);
  IscWindow *window = new_window ();
  IscSaedPage *page;

  g_assert_true (isc_demo_write_saed (dir, NULL, NULL));
  g_assert_null (gtk_stack_get_child_by_name (window->content_stack, "saed"));
  {
    g_autoptr(GFile) file = g_file_new_for_path (shell);
    isc_window_open_file (window, file);
  }
  wait_for_page (window, "saed");
  page = saed_page (window);
  wait_analysed (page);
  g_assert_cmpuint (isc_saed_page_get_result (page)->rings->len, ==, 5);
  /* the sidebar row of the page */
  {
    gboolean found = FALSE;

    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (window->page_list)); row != NULL;
         row = gtk_widget_get_next_sibling (row))
      found |= g_strcmp0 (gtk_widget_get_name (row), "kind-saed") == 0;
    g_assert_true (found);
  }
  /* exporting a figure is offered for the page */
  g_assert_true (isc_page_can_export_figure (ISC_PAGE (page)));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A ring pattern whose file says nothing (the Au TIFF) opens as an image; the image page's
 * button analyses it as a pattern. A HAADF image stays on the image page. */
static void
test_analyse_image (void)
{
  g_autofree char *au = isc_test_fixture_or_skip ("saed/pyxem/au_xgrating_20cm.tif");
  IscWindow *window;
  IscSaedPage *page;

  if (au == NULL)
    return;
  window = new_window ();
  {
    g_autoptr(GFile) file = g_file_new_for_path (au);
    isc_window_open_file (window, file);
  }
  wait_for_page (window, "image");
  g_assert_null (gtk_stack_get_child_by_name (window->content_stack, "saed"));
  g_assert_true (isc_test_wait_until (image_shown, window, 60));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.analyse-diffraction", NULL);
  wait_for_page (window, "saed");
  page = saed_page (window);
  isc_saed_page_set_standard (page, "Au");
  wait_analysed (page);
  g_assert_cmpint (isc_saed_page_get_result (page)->calibration_source, ==, ISC_SAED_CALIBRATION_STANDARD);
  g_assert_cmpuint (isc_saed_page_get_image (page)->width, ==, 256);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  {
    g_autofree char *cache = isc_test_make_tmpdir ();

    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }
  gtk_init ();
  app = isc_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);
  g_test_add_func ("/window-saed/open-pattern", test_open_pattern);
  g_test_add_func ("/window-saed/analyse-image", test_analyse_image);
  return g_test_run ();
}
