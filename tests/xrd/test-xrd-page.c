/* test-xrd-page.c: the diffraction page — the demo heating series loaded in its worker from a
 * folder, the three views, a peak fitted over every scan and listed as the model fits it, phase
 * ticks and the RIR fractions with their method stated — and the window opening a multi-scan
 * Bruker file into it through the dataset-kind registry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "demo-xrd.h"
#include "isc-application.h"
#include "isc-page.h"
#include "isc-window-private.h"
#include "plot-view.h"
#include "test-gtk-util.h"
#include "test-util.h"
#include "xrd-page.h"

static IscApplication *app;

static void
wait_until_loaded (IscXrdPage *page)
{
  for (int i = 0; i < 6000 && isc_xrd_page_is_busy (page); i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (isc_xrd_page_is_busy (page));
}

static GtkWidget *
plot_view (IscXrdPage *page)
{
  return isc_test_get_widget (GTK_WIDGET (page), ISC_TYPE_PLOT_VIEW, "plot_view");
}

static guint
n_series (IscXrdPage *page)
{
  return isc_plot_get_n_series (isc_plot_view_get_plot (ISC_PLOT_VIEW (plot_view (page))));
}

static void
test_page (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *folder = g_build_filename (dir, "xrd", "heating", NULL);
  g_autoptr(GError) error = NULL;
  const char *paths[] = { folder };
  IscXrdPage *page;
  GtkWindow *window;
  const IscXrdSeries *series;
  const IscXrdPeakFit *listed;
  IscXrdFitOptions options;
  IscXrdPeakFit fit;
  guint last;

  g_assert_true (isc_demo_write_xrd (dir, NULL, &error));
  g_assert_no_error (error);
  page = ISC_XRD_PAGE (isc_xrd_page_new ());
  window = isc_test_show_in_window (GTK_WIDGET (page), 1000, 640);
  g_assert_false (isc_page_can_export_figure (ISC_PAGE (page)));

  /* The folder is read in the worker: busy first, then the sixteen patterns, by temperature. */
  isc_xrd_page_load (page, paths, 1);
  g_assert_true (isc_xrd_page_is_busy (page));
  wait_until_loaded (page);
  series = isc_xrd_page_get_series (page);
  g_assert_nonnull (series);
  g_assert_cmpuint (isc_xrd_series_get_n (series), ==, ISC_DEMO_XRD_N_STEPS);
  last = ISC_DEMO_XRD_N_STEPS - 1;
  g_assert_cmpfloat (isc_xrd_series_get (series, last)->temperature_c, >, isc_xrd_series_get (series, 0)->temperature_c);
  g_assert_true (isc_page_can_export_figure (ISC_PAGE (page)));

  /* Heat map: one heat-map series; stacked: one line per pattern. */
  g_assert_cmpuint (n_series (page), ==, 1);
  isc_xrd_page_set_view (page, ISC_XRD_VIEW_STACK);
  g_assert_cmpuint (n_series (page), ==, ISC_DEMO_XRD_N_STEPS);

  /* The layered (003) near 18.5° at the top of the ramp, fitted in every scan; the listed
   * position is the model's fit of that scan. */
  g_assert_false (isc_xrd_page_fit (page, "20:18"));
  g_assert_cmpstr (isc_test_label_text (GTK_WIDGET (page), "status_label"), !=, "");
  g_assert_true (isc_xrd_page_fit (page, "17.8:19.2"));
  g_assert_cmpstr (isc_test_label_text (GTK_WIDGET (page), "status_label"), ==, "");
  isc_xrd_fit_options_init (&options, 17.8, 19.2);
  g_assert_true (isc_xrd_fit_peak (isc_xrd_series_get (series, last), &options, &fit, NULL));
  listed = isc_xrd_page_get_fit (page, last);
  g_assert_nonnull (listed);
  g_assert_true (listed->ok);
  g_assert_cmpfloat_with_epsilon (listed->center, fit.center, 1e-9);
  g_assert_cmpfloat_with_epsilon (listed->center, 18.5, 0.15);
  {
    g_autofree char *position = g_strdup_printf ("2θ %.4f ± %.4f°", fit.center, fit.center_sigma);

    g_assert_nonnull (strstr (isc_xrd_page_get_results (page), position));
  }

  /* The single pattern of the last scan: the pattern and its fitted profile. */
  isc_xrd_page_set_view (page, ISC_XRD_VIEW_PATTERN);
  isc_xrd_page_set_scan (page, last);
  g_assert_cmpuint (n_series (page), ==, 2);
  /* A phase's ticks add a series; its RIR fraction is shown with the method stated. */
  isc_xrd_page_set_phase_shown (page, "layered", TRUE);
  isc_xrd_page_set_phase_shown (page, "rocksalt", TRUE);
  g_assert_cmpuint (n_series (page), ==, 4);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  {
    int w, h;
    g_autofree guint32 *pixels = isc_test_snapshot_cairo (plot_view (page), &w, &h, "xrd-page-pattern.png");
    IscColor c = isc_palette_get (2);
    guint32 rgb = ((guint32) (c.r * 255 + 0.5) << 16) | ((guint32) (c.g * 255 + 0.5) << 8) | (guint32) (c.b * 255 + 0.5);

    /* The first phase's ticks are drawn in its palette colour. */
    g_assert_cmpuint (isc_test_count_color (pixels, w, h, rgb, 16), >, 10);
  }
  {
    int w, h;

    g_free (isc_test_snapshot_cairo (GTK_WIDGET (page), &w, &h, "xrd-page.png"));
  }
  isc_xrd_page_set_phase_shown (page, "rocksalt", FALSE);
  g_assert_cmpuint (n_series (page), ==, 3);

  /* Back to the heat map, the fit stays listed. */
  isc_xrd_page_set_view (page, ISC_XRD_VIEW_HEATMAP);
  g_assert_cmpuint (n_series (page), ==, 1);
  g_assert_nonnull (isc_xrd_page_get_fit (page, 0));
  gtk_window_destroy (window);
}

static void
wait_for_page (IscWindow *window)
{
  GtkWidget *page;

  for (int i = 0; i < 6000 && gtk_stack_get_child_by_name (window->content_stack, "xrd") == NULL; i++)
    g_main_context_iteration (NULL, TRUE);
  page = gtk_stack_get_child_by_name (window->content_stack, "xrd");
  g_assert_nonnull (page);
  wait_until_loaded (ISC_XRD_PAGE (page));
}

/* Opening a Bruker .uxd of 22 scans shows them as one series on the diffraction page. */
static void
test_window_opens_xrd (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("xrd/dxtools/Temperature.uxd");
  g_autoptr(GFile) file = NULL;
  IscWindow *window;
  GtkWidget *page;

  if (path == NULL)
    return;
  window = isc_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  file = g_file_new_for_path (path);
  isc_window_open_file (window, file);
  wait_for_page (window);
  g_assert_null (isc_window_get_banner_text (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "xrd");
  page = gtk_stack_get_visible_child (window->content_stack);
  g_assert_true (ISC_IS_XRD_PAGE (page));
  g_assert_cmpuint (isc_xrd_series_get_n (isc_xrd_page_get_series (ISC_XRD_PAGE (page))), ==, 22);
  g_assert_true (isc_page_can_export_figure (ISC_PAGE (page)));
  /* Its 61.5–66.5° scans miss the default 18–20° window: the first look fits the strongest
   * peak instead, without an error. */
  g_assert_cmpstr (isc_test_label_text (page, "status_label"), ==, "");
  g_assert_nonnull (isc_xrd_page_get_fit (ISC_XRD_PAGE (page), 0));
  g_assert_true (isc_xrd_page_get_fit (ISC_XRD_PAGE (page), 0)->ok);
  g_assert_cmpfloat_with_epsilon (isc_xrd_page_get_fit (ISC_XRD_PAGE (page), 0)->center, 62.7, 0.3);
  {
    GtkListBoxRow *row = gtk_list_box_get_selected_row (window->page_list);

    g_assert_nonnull (row);
    g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (row)), ==, "kind-xrd");
  }

  /* Two files opened together (as from one Open dialog) form one series, sorted by the
   * temperatures in their names. */
  {
    g_autofree char *hot = isc_test_fixture_or_skip ("xrd/vt_pxrd_plotter/700deg.xy");
    g_autofree char *cold = isc_test_fixture_or_skip ("xrd/vt_pxrd_plotter/300deg.xy");
    g_autoptr(GFile) hot_file = NULL;
    g_autoptr(GFile) cold_file = NULL;
    const IscXrdSeries *series;

    if (hot != NULL && cold != NULL)
      {
        hot_file = g_file_new_for_path (hot);
        cold_file = g_file_new_for_path (cold);
        isc_window_open_file (window, hot_file);
        isc_window_open_file (window, cold_file);
        wait_until_loaded (ISC_XRD_PAGE (page));
        series = isc_xrd_page_get_series (ISC_XRD_PAGE (page));
        g_assert_cmpuint (isc_xrd_series_get_n (series), ==, 2);
        g_assert_cmpfloat (isc_xrd_series_get (series, 0)->temperature_c, ==, 300);
        g_assert_cmpfloat (isc_xrd_series_get (series, 1)->temperature_c, ==, 700);
      }
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  app = isc_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);
  g_test_add_func ("/xrd-page/page", test_page);
  g_test_add_func ("/xrd-page/window-opens-xrd", test_window_opens_xrd);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
