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

int
main (int    argc,
      char **argv)
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/page-interface/image-page", test_image_page);
  g_test_add_func ("/page-interface/cycling-view", test_cycling_view);
  g_test_add_func ("/page-interface/gradient-view", test_gradient_view);
  return g_test_run ();
}
