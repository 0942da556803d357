/* test-eis-page.c: the impedance page — fits on load, Nyquist with equal axes on screen, Bode,
 * a wrong circuit answered in the status line — and the window opening an EC-Lab PEIS file
 * into it through the dataset-kind registry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "demo-eis.h"
#include "eis-page.h"
#include "isc-application.h"
#include "isc-window-private.h"
#include "plot-view.h"
#include "test-gtk-util.h"
#include "test-util.h"

static IscApplication *app;

static IscEisData *
load_series (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("eis/yadg/peis.issue_149.mpt");
  g_autoptr(GError) error = NULL;
  IscEisData *data;

  if (path == NULL)
    return NULL;
  data = isc_eis_data_load (path, &error);
  g_assert_no_error (error);
  return data;
}

/* Pixels per ohm along x and along y of the view's plot drawn at the view's size (the view
 * draws a themed copy, so the plot's own last draw may be older). */
static void
pixels_per_ohm (IscPlotView *view,
                double      *along_x,
                double      *along_y)
{
  IscPlot *plot = isc_plot_view_get_plot (view);
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);
  double px0, py0, px1, py1;

  isc_plot_draw (plot, cr, gtk_widget_get_width (GTK_WIDGET (view)), gtk_widget_get_height (GTK_WIDGET (view)));
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  g_assert_true (isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 20, 10, &px0, &py0));
  g_assert_true (isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 70, 30, &px1, &py1));
  *along_x = fabs (px1 - px0) / 50;
  *along_y = fabs (py1 - py0) / 20;
}

static void
test_page (void)
{
  IscEisData *data = load_series ();
  GtkWidget *page;
  GtkWindow *window;
  IscPlotView *view;
  double rx, ry, last = G_MAXDOUBLE;

  if (data == NULL)
    return;
  page = isc_eis_page_new ();
  window = isc_test_show_in_window (page, 900, 560);
  isc_eis_page_set_data (ISC_EIS_PAGE (page), data);
  view = ISC_PLOT_VIEW (isc_test_get_widget (page, ISC_TYPE_PLOT_VIEW, "plot_view"));

  /* The default circuit is fitted to all four cycles at once; R_ct shrinks cycle by cycle. */
  for (guint i = 0; i < 4; i++)
    {
      double rct = isc_eis_page_get_parameter (ISC_EIS_PAGE (page), i, "R1");

      g_assert_cmpfloat (rct, >, 80);
      g_assert_cmpfloat (rct, <, last);
      last = rct;
    }
  /* Four spectra as markers, four fitted curves. */
  g_assert_cmpuint (isc_plot_get_n_series (isc_plot_view_get_plot (view)), ==, 8);
  g_assert_true (isc_page_can_export_figure (ISC_PAGE (page)));

  /* On screen an ohm is as long across as up, and stays so when the window changes shape. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  pixels_per_ohm (view, &rx, &ry);
  g_assert_cmpfloat_with_epsilon (rx, ry, 0.02 * rx);
  gtk_window_set_default_size (window, 700, 700);
  for (int i = 0; i < 20 && gtk_widget_get_width (GTK_WIDGET (window)) != 700; i++)
    g_main_context_iteration (NULL, FALSE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  pixels_per_ohm (view, &rx, &ry);
  g_assert_cmpfloat_with_epsilon (rx, ry, 0.02 * rx);

  /* A circuit that does not parse keeps the last fit and says where it went wrong. */
  g_assert_false (isc_eis_page_fit (ISC_EIS_PAGE (page), "R0-p(R1"));
  g_assert_nonnull (strstr (isc_test_label_text (page, "status_label"), "offset"));
  g_assert_cmpfloat (isc_eis_page_get_parameter (ISC_EIS_PAGE (page), 0, "R1"), >, 80);
  g_assert_true (isc_eis_page_fit (ISC_EIS_PAGE (page), "R0-p(R1,C1)"));
  g_assert_true (isnan (isc_eis_page_get_parameter (ISC_EIS_PAGE (page), 0, "CPE1_0")));
  g_assert_cmpfloat (isc_eis_page_get_parameter (ISC_EIS_PAGE (page), 0, "C1"), >, 0);

  /* Bode: |Z| and phase per spectrum, with their fitted curves, on log frequency. */
  isc_eis_page_set_plot_kind (ISC_EIS_PAGE (page), ISC_EIS_PLOT_BODE);
  g_assert_cmpuint (isc_plot_get_n_series (isc_plot_view_get_plot (view)), ==, 16);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  {
    g_autofree guint32 *pixels = NULL;
    int w, h;
    IscColor c = isc_palette_get (0);
    guint32 rgb = ((guint32) (c.r * 255 + 0.5) << 16) | ((guint32) (c.g * 255 + 0.5) << 8) | (guint32) (c.b * 255 + 0.5);

    pixels = isc_test_snapshot_cairo (GTK_WIDGET (view), &w, &h, "eis-page-bode.png");
    g_assert_cmpuint (isc_test_count_color (pixels, w, h, rgb, 16), >, 50);
  }

  /* R_ct against cycle: one point per fitted spectrum. */
  isc_eis_page_set_plot_kind (ISC_EIS_PAGE (page), ISC_EIS_PLOT_RCT);
  {
    IscPlot *plot = isc_plot_view_get_plot (view);
    const double *x, *y;

    g_assert_cmpuint (isc_plot_get_n_series (plot), ==, 1);
    g_assert_cmpuint (isc_plot_series_get_data (isc_plot_get_series (plot, 0), &x, &y), ==, 4);
    g_assert_cmpfloat (x[3], ==, 4);
    g_assert_cmpfloat (y[0], ==, isc_eis_page_get_parameter (ISC_EIS_PAGE (page), 0, "R1"));
  }
  gtk_window_destroy (window);
}

static void
wait_for_job (IscWindow *window)
{
  do
    g_main_context_iteration (NULL, TRUE);
  while (window->job_cancellable != NULL);
}

/* A new window that opened @path onto the impedance page without a complaint. */
static IscWindow *
open_in_new_window (const char *path)
{
  IscWindow *window = isc_window_new (app);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  isc_window_open_file (window, file);
  wait_for_job (window);
  g_assert_null (isc_window_get_banner_text (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "eis");
  return window;
}

/* Opening an EC-Lab PEIS .mpt (a suffix the cycler kind shares) shows the impedance page. */
static void
test_window_opens_eis (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("eis/yadg/peis.issue_149.mpt");
  g_autoptr(GFile) file = NULL;
  IscWindow *window;
  GtkWidget *page;

  if (path == NULL)
    return;
  window = open_in_new_window (path);
  file = g_file_new_for_path (path);
  page = gtk_stack_get_visible_child (window->content_stack);
  g_assert_true (ISC_IS_EIS_PAGE (page));
  g_assert_cmpuint (isc_eis_page_get_data (ISC_EIS_PAGE (page))->spectra->len, ==, 4);
  g_assert_true (gtk_widget_is_visible (page));
  /* Export Figure follows the page's answer. */
  g_assert_true (isc_page_can_export_figure (ISC_PAGE (page)));

  /* The sidebar gained a row for the page, selected; after another page, it brings it back. */
  {
    GtkListBoxRow *row = gtk_list_box_get_selected_row (window->page_list);

    g_assert_nonnull (row);
    g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (row)), ==, "kind-eis");
    gtk_stack_set_visible_child (window->content_stack, GTK_WIDGET (window->gradient_view));
    g_assert_false (gtk_list_box_row_is_selected (row));
    g_signal_emit_by_name (window->page_list, "row-activated", row);
    g_assert_true (gtk_stack_get_visible_child (window->content_stack) == page);
    g_assert_true (gtk_list_box_row_is_selected (row));
  }
  /* A second file reuses the page and its row. */
  isc_window_open_file (window, file);
  wait_for_job (window);
  g_assert_true (gtk_stack_get_visible_child (window->content_stack) == page);
  {
    guint rows = 0;

    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (window->page_list)); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      rows += g_strcmp0 (gtk_widget_get_name (child), "kind-eis") == 0;
    g_assert_cmpuint (rows, ==, 1);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The demo's impedance spectra open in the window; fitted on the page with the circuit they
 * were made with, R_ct is 80 Ω before and 150 Ω (R-NCM) after 100 cycles, within 2 %. */
static void
test_window_opens_demo (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "eis", ISC_DEMO_EIS_R_NCM, NULL);
  g_autoptr(GError) error = NULL;
  IscWindow *window;
  IscEisPage *page;

  g_assert_true (isc_demo_write_eis (dir, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  window = open_in_new_window (path);
  page = ISC_EIS_PAGE (gtk_stack_get_visible_child (window->content_stack));
  g_assert_cmpuint (isc_eis_page_get_data (page)->spectra->len, ==, 2);
  g_assert_true (isc_eis_page_fit (page, ISC_DEMO_EIS_CIRCUIT));
  g_assert_cmpfloat_with_epsilon (isc_eis_page_get_parameter (page, 0, "R1"), ISC_DEMO_EIS_RCT_BEFORE,
                                  0.02 * ISC_DEMO_EIS_RCT_BEFORE);
  g_assert_cmpfloat_with_epsilon (isc_eis_page_get_parameter (page, 1, "R1"), ISC_DEMO_EIS_RCT_R_AFTER,
                                  0.02 * ISC_DEMO_EIS_RCT_R_AFTER);
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
  g_test_add_func ("/eis-page/page", test_page);
  g_test_add_func ("/eis-page/window-opens-eis", test_window_opens_eis);
  g_test_add_func ("/eis-page/window-opens-demo", test_window_opens_demo);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
