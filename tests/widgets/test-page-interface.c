/* test-page-interface.c: the window's pages answer "can you export a figure?" through IscPage,
 * and say when the answer may have changed, so the window's actions follow them without
 * knowing which page is which.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cycling-view.h"
#include "eels-page.h"
#include "eis-page.h"
#include "gradient-view.h"
#include "image-page.h"
#include "isc-dataset-page.h"
#include "isc-page.h"
#include "saed-page.h"
#include "test-gtk-util.h"
#include "test-util.h"
#include "thermal-page.h"
#include "xrd-page.h"

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

/* The page told the window to ask again (and the count starts over), and now answers
 * @can_export. */
static void
assert_told (GtkWidget *page,
             guint     *changes,
             gboolean   can_export)
{
  g_assert_cmpuint (*changes, >=, 1);
  g_assert_cmpint (isc_page_can_export_figure (ISC_PAGE (page)), ==, can_export);
  *changes = 0;
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
  assert_told (page, &changes, TRUE);
  isc_image_page_set_image (ISC_IMAGE_PAGE (page), NULL);
  assert_told (page, &changes, FALSE);
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
  assert_told (page, &changes, TRUE);
  isc_cycling_view_clear (ISC_CYCLING_VIEW (page));
  assert_told (page, &changes, FALSE);
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
  assert_told (page, &changes, TRUE);
  isc_gradient_view_set_project (ISC_GRADIENT_VIEW (page), NULL);
  assert_told (page, &changes, FALSE);
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

/* Every instrument page is an IscDatasetPage: an IscPage with nothing to export before its data,
 * and a status line hidden while it has nothing to say. */
static void
test_dataset_pages (void)
{
  GType types[] = { ISC_TYPE_XRD_PAGE, ISC_TYPE_EIS_PAGE, ISC_TYPE_THERMAL_PAGE, ISC_TYPE_EELS_PAGE,
                    ISC_TYPE_SAED_PAGE };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GtkWidget *page = g_object_ref_sink (g_object_new (types[i], NULL));
      GtkWidget *status = isc_test_get_widget (page, GTK_TYPE_LABEL, "status_label");

      g_test_message ("%s", G_OBJECT_TYPE_NAME (page));
      g_assert_true (ISC_IS_DATASET_PAGE (page));
      g_assert_true (ISC_IS_PAGE (page));
      g_assert_false (isc_page_can_export_figure (ISC_PAGE (page)));
      g_assert_false (gtk_widget_get_visible (status));
      g_assert_false (isc_dataset_page_is_busy (ISC_DATASET_PAGE (page)));
      g_assert_finalize_object (page);
    }
}

/* One diffraction scan: a peak at 19° 2θ on a flat background. */
static IscXrdSeries *
xrd_series_new (void)
{
  IscXrdSeries *series = isc_xrd_series_new ();
  IscXrdPattern *p = isc_xrd_pattern_new (201);

  p->label = g_strdup ("scan");
  for (guint i = 0; i < p->n; i++)
    {
      p->two_theta[i] = 15 + 0.04 * i;
      p->intensity[i] = 10 + 1000 * exp (-0.5 * pow ((p->two_theta[i] - 19) / 0.1, 2));
    }
  g_ptr_array_add (series->patterns, p);
  return series;
}

/* A page of the base exports its figure view's plot while it shows one, and tells the window
 * when its data comes and goes. */
static void
test_dataset_page_figure (void)
{
  GtkWidget *page = g_object_ref_sink (isc_xrd_page_new ());
  guint changes;

  watch (page, &changes);
  isc_xrd_page_set_series (ISC_XRD_PAGE (page), xrd_series_new ());
  assert_told (page, &changes, TRUE);
  assert_export_opens_chooser (page, "Export Figure");
  changes = 0;
  isc_xrd_page_set_series (ISC_XRD_PAGE (page), NULL);
  assert_told (page, &changes, FALSE);
  g_object_unref (page);
}

static gboolean
page_idle (gpointer page)
{
  return !isc_dataset_page_is_busy (page);
}

/* A run of the base says so to the window when it starts and ends, and its error stands in the
 * status line, whole in the tooltip where the line is cut short (EELS's sits in its toolbar). */
static void
test_dataset_page_run_error (void)
{
  GtkWidget *page = g_object_ref_sink (isc_eels_page_new ());
  GtkWidget *status = isc_test_get_widget (page, GTK_TYPE_LABEL, "status_label");
  guint changes;

  watch (page, &changes);
  isc_eels_page_load (ISC_EELS_PAGE (page), "/nonexistent/ionscape/spectrum.dm4");
  g_assert_true (isc_dataset_page_is_busy (ISC_DATASET_PAGE (page)));
  g_assert_cmpuint (changes, ==, 1);
  g_assert_true (isc_test_wait_until (page_idle, page, 30));
  g_assert_cmpuint (changes, >=, 2);
  g_assert_true (gtk_widget_get_visible (status));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), !=, "");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (status), ==, gtk_label_get_text (GTK_LABEL (status)));
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
  g_test_add_func ("/page-interface/export-action", test_export_action);
  g_test_add_func ("/page-interface/dataset-pages", test_dataset_pages);
  g_test_add_func ("/page-interface/dataset-page-figure", test_dataset_page_figure);
  g_test_add_func ("/page-interface/dataset-page-run-error", test_dataset_page_run_error);
  return g_test_run ();
}
