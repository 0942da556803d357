/* test-page-interface.c: the window's pages answer "can you export a figure?" through IscPage,
 * and say when the answer may have changed, so the window's actions follow them without
 * knowing which page is which.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cycling-view.h"
#include "gradient-view.h"
#include "image-page.h"
#include "isc-page.h"
#include "test-gtk-util.h"

static void
count_changes (IscPage *page,
               guint   *changes)
{
  (*changes)++;
}

/* Counts the page's capabilities-changed signals into @changes. */
static void
watch (GtkWidget *page,
       guint     *changes)
{
  *changes = 0;
  g_signal_connect (page, "capabilities-changed", G_CALLBACK (count_changes), changes);
}

static void
test_image_page (void)
{
  GtkWidget *page = g_object_ref_sink (isc_image_page_new ());
  guint changes;
  IscImage *image = isc_image_new (32, 24, 1, ISC_IMAGE_DTYPE_U8, NULL);

  watch (page, &changes);
  g_assert_true (ISC_IS_PAGE (page));
  g_assert_false (isc_page_can_export_figure (ISC_PAGE (page)));
  isc_image_page_set_image (ISC_IMAGE_PAGE (page), image);   /* takes it */
  g_assert_cmpuint (changes, >=, 1);
  g_assert_true (isc_page_can_export_figure (ISC_PAGE (page)));
  changes = 0;
  isc_image_page_set_image (ISC_IMAGE_PAGE (page), NULL);
  g_assert_cmpuint (changes, >=, 1);
  g_assert_false (isc_page_can_export_figure (ISC_PAGE (page)));
  g_object_unref (page);
}

static void
test_cycling_view (void)
{
  GtkWidget *page = g_object_ref_sink (isc_cycling_view_new ());
  guint changes;

  watch (page, &changes);
  g_assert_true (ISC_IS_PAGE (page));
  g_assert_false (isc_page_can_export_figure (ISC_PAGE (page)));
  isc_cycling_view_add_cell (ISC_CYCLING_VIEW (page), "cell", isc_cycling_data_new ("test"));
  g_assert_cmpuint (changes, >=, 1);
  g_assert_true (isc_page_can_export_figure (ISC_PAGE (page)));
  changes = 0;
  isc_cycling_view_clear (ISC_CYCLING_VIEW (page));
  g_assert_cmpuint (changes, >=, 1);
  g_assert_false (isc_page_can_export_figure (ISC_PAGE (page)));
  g_object_unref (page);
}

static void
test_gradient_view (void)
{
  GtkWidget *page = g_object_ref_sink (isc_gradient_view_new ());
  guint changes;
  g_autoptr(IscProject) project = isc_project_new ();

  watch (page, &changes);
  g_assert_true (ISC_IS_PAGE (page));
  g_assert_false (isc_page_can_export_figure (ISC_PAGE (page)));
  isc_gradient_view_set_project (ISC_GRADIENT_VIEW (page), project);
  g_assert_cmpuint (changes, >=, 1);
  g_assert_true (isc_page_can_export_figure (ISC_PAGE (page)));
  changes = 0;
  isc_gradient_view_set_project (ISC_GRADIENT_VIEW (page), NULL);
  g_assert_cmpuint (changes, >=, 1);
  g_assert_false (isc_page_can_export_figure (ISC_PAGE (page)));
  g_assert_finalize_object (page);
}

/* isc_page_export_figure () reaches the export action of the page's part (set with
 * isc_page_set_export_action ()): its chooser opens, and is cancelled here. */
static void
assert_export_opens_chooser (GtkWidget  *page,
                             const char *title)
{
  GtkWindow *window = isc_test_show_in_window (page, 800, 600);
  GtkWindow *chooser;

  g_assert_null (isc_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL));
  isc_page_export_figure (ISC_PAGE (page));
  for (int i = 0; i < 50 && (chooser = isc_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL)) == NULL; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (chooser);
  g_assert_cmpstr (gtk_window_get_title (chooser), ==, title);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  for (int i = 0; i < 50 && isc_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL) != NULL; i++)
    g_main_context_iteration (NULL, FALSE);
  gtk_window_set_child (window, NULL);
  gtk_window_destroy (window);
}

static void
test_export_action (void)
{
  GtkWidget *cycling = g_object_ref_sink (isc_cycling_view_new ());
  GtkWidget *image_page = g_object_ref_sink (isc_image_page_new ());

  isc_cycling_view_add_cell (ISC_CYCLING_VIEW (cycling), "cell", isc_cycling_data_new ("test"));
  assert_export_opens_chooser (cycling, "Export Figure");
  isc_image_page_set_image (ISC_IMAGE_PAGE (image_page), isc_image_new (32, 24, 1, ISC_IMAGE_DTYPE_U8, NULL));
  assert_export_opens_chooser (image_page, "Export Image");
  g_object_unref (cycling);
  g_object_unref (image_page);
}

int
main (int    argc,
      char **argv)
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/page-interface/image-page", test_image_page);
  g_test_add_func ("/page-interface/cycling-view", test_cycling_view);
  g_test_add_func ("/page-interface/gradient-view", test_gradient_view);
  g_test_add_func ("/page-interface/export-action", test_export_action);
  return g_test_run ();
}
