/* test-cycling-view.c: the cycling view compares cells (screenshot shows each cell's colour),
 * switches to voltage curves coloured by cycle, and follows the active-mass entry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "cycling-view.h"
#include "demo-cycling.h"
#include "project-retention.h"
#include "test-gtk-util.h"
#include "test-util.h"
#include "../render/widget-shot.h"   /* shared screenshot helper */

static IscCyclingData *
load_demo (const char *dir,
           const char *file)
{
  g_autofree char *path = g_build_filename (dir, "cycling", file, NULL);
  g_autoptr(GError) error = NULL;
  IscCyclingData *data = isc_cycling_load (path, ISC_CYCLER_AUTO, NULL, &error);

  g_assert_no_error (error);
  return data;
}

static void
test_compare_cells (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  GtkWidget *view = isc_cycling_view_new ();
  GtkWidget *window = gtk_window_new ();
  IscPlotView *pv = ISC_PLOT_VIEW (isc_test_get_widget (view, ISC_TYPE_PLOT_VIEW, "plot_view"));
  double ax, ay, aw, ah;
  IscColor c0 = isc_palette_get (0), c1 = isc_palette_get (1);
  guint32 rgb0 = ((guint32) (c0.r * 255 + 0.5) << 16) | ((guint32) (c0.g * 255 + 0.5) << 8) | (guint32) (c0.b * 255 + 0.5);
  guint32 rgb1 = ((guint32) (c1.r * 255 + 0.5) << 16) | ((guint32) (c1.g * 255 + 0.5) << 8) | (guint32) (c1.b * 255 + 0.5);
  IscColor early = isc_colormap_viridis (0), late = isc_colormap_viridis (0.9);

  g_assert_true (isc_demo_write_cycling (dir, NULL, NULL));
  isc_cycling_view_add_cell (ISC_CYCLING_VIEW (view), "TS-NCM", load_demo (dir, "TS-NCM-half-cell.csv"));
  isc_cycling_view_add_cell (ISC_CYCLING_VIEW (view), "R-NCM", load_demo (dir, "R-NCM-half-cell.csv"));
  g_assert_cmpuint (isc_cycling_view_get_n_cells (ISC_CYCLING_VIEW (view)), ==, 2);
  isc_cycling_view_set_kind (ISC_CYCLING_VIEW (view), ISC_CYCLING_PLOT_RETENTION);
  /* SCIENCE.md counts the retention over the 100 cycles at 0.5 C, which start at cycle 2. */
  isc_cycling_view_set_reference_cycle (ISC_CYCLING_VIEW (view), 2);

  gtk_window_set_default_size (GTK_WINDOW (window), 820, 520);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  {
    g_autoptr(WidgetShot) shot = widget_shot_take (GTK_WIDGET (pv));
    double px, py;

    g_assert_true (isc_plot_get_data_area (isc_plot_view_get_plot (pv), &ax, &ay, &aw, &ah));
    /* Both cells' colours are on screen inside the data area. */
    g_assert_cmpuint (widget_shot_count (shot, rgb0, 12, ax, ay, ax + aw, ay + ah), >, 40);
    g_assert_cmpuint (widget_shot_count (shot, rgb1, 12, ax, ay, ax + aw, ay + ah), >, 40);
    /* R-NCM's retention at cycle 101 (74 %) sits below TS-NCM's (83 %): vermillion pixels at
     * the 74 % height near the right end, blue at 83 %. */
    isc_plot_data_to_pixel (isc_plot_view_get_plot (pv), ISC_PLOT_AXIS_Y, 101, 74.0, &px, &py);
    g_assert_cmpuint (widget_shot_count (shot, rgb1, 12, px - 8, py - 4, px + 2, py + 4), >, 0);
    isc_plot_data_to_pixel (isc_plot_view_get_plot (pv), ISC_PLOT_AXIS_Y, 101, 83.0, &px, &py);
    g_assert_cmpuint (widget_shot_count (shot, rgb0, 12, px - 8, py - 4, px + 2, py + 4), >, 0);
  }

  /* One cell, voltage curves: coloured by cycle number (viridis, dark purple → yellow-green). */
  isc_cycling_view_clear (ISC_CYCLING_VIEW (view));
  isc_cycling_view_add_cell (ISC_CYCLING_VIEW (view), "18650", load_demo (dir, "18650-full-cell.csv"));
  gtk_widget_activate_action (view, "cycling.kind", "s", "voltage");
  g_assert_cmpint (isc_cycling_view_get_kind (ISC_CYCLING_VIEW (view)), ==, ISC_CYCLING_PLOT_VOLTAGE);
  gtk_test_widget_wait_for_draw (window);
  {
    g_autoptr(WidgetShot) shot = widget_shot_take (GTK_WIDGET (pv));
    guint32 e = ((guint32) (early.r * 255 + 0.5) << 16) | ((guint32) (early.g * 255 + 0.5) << 8) | (guint32) (early.b * 255 + 0.5);
    guint32 l = ((guint32) (late.r * 255 + 0.5) << 16) | ((guint32) (late.g * 255 + 0.5) << 8) | (guint32) (late.b * 255 + 0.5);

    g_assert_true (isc_plot_get_data_area (isc_plot_view_get_plot (pv), &ax, &ay, &aw, &ah));
    g_assert_cmpuint (widget_shot_count (shot, e, 16, ax, ay, ax + aw, ay + ah), >, 20);
    g_assert_cmpuint (widget_shot_count (shot, l, 16, ax, ay, ax + aw, ay + ah), >, 20);
  }

  /* The mass comes from the file (15 g) unless typed in; either way capacities are per gram. */
  g_assert_nonnull (strstr (isc_plot_get_axis_label (isc_plot_view_get_plot (pv), ISC_PLOT_AXIS_X), "g<sup>"));
  isc_cycling_view_set_mass_mg (ISC_CYCLING_VIEW (view), 30000);
  {
    double lo, hi;

    /* Half the capacity per gram with twice the mass: the axis ends near 216/2 mAh/g. */
    isc_plot_get_axis_range (isc_plot_view_get_plot (pv), ISC_PLOT_AXIS_X, &lo, &hi);
    g_assert_cmpfloat (hi, <, 120);
    g_assert_cmpfloat (hi, >, 100);
  }

  /* The default plot: capacity with the efficiency on the twin axis. */
  gtk_widget_activate_action (view, "cycling.kind", "s", "capacity-efficiency");
  g_assert_true (isc_plot_has_twin_axis (isc_plot_view_get_plot (pv)));
  gtk_test_widget_wait_for_draw (window);
  if (g_getenv ("ISC_TEST_SAVE_SHOTS") != NULL)
    widget_shot_free (widget_shot_take (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Issue 20 item 1: by default the view counts retention from cycle 3, the first at 1 C (76.0 %
 * after 300 cycles), as the retention-versus-Li plot does, and says so above the plot and in
 * the retention plot's title. */
static void
test_default_reference (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  GtkWidget *view = isc_cycling_view_new ();
  GtkWidget *window = gtk_window_new ();
  IscPlotView *pv = ISC_PLOT_VIEW (isc_test_get_widget (view, ISC_TYPE_PLOT_VIEW, "plot_view"));
  g_autoptr(IscCyclingData) data = NULL;
  GtkWidget *label;
  IscRetention r;
  const double *x, *y;
  guint n = 0;

  g_assert_true (isc_demo_write_cycling (dir, NULL, NULL));
  data = load_demo (dir, "18650-full-cell.csv");
  g_assert_true (isc_cycling_get_retention (data, 0, &r, NULL));
  isc_cycling_view_add_cell (ISC_CYCLING_VIEW (view), "18650", load_demo (dir, "18650-full-cell.csv"));
  isc_cycling_view_set_kind (ISC_CYCLING_VIEW (view), ISC_CYCLING_PLOT_RETENTION);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  for (guint i = 0; i < isc_plot_get_n_series (isc_plot_view_get_plot (pv)) && n == 0; i++)
    n = isc_plot_series_get_data (isc_plot_get_series (isc_plot_view_get_plot (pv), i), &x, &y);
  g_assert_cmpuint (n, ==, 302);
  g_assert_cmpfloat_with_epsilon (y[n - 1], 76.0, 0.1);
  g_assert_cmpfloat_with_epsilon (y[n - 1], 100 * r.retention, 1e-9);
  g_assert_cmpint (r.reference_cycle, ==, 3);
  label = isc_test_get_widget (window, GTK_TYPE_LABEL, "reference_label");
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "cycle 3, the first at 1 C"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "cycles 1–2 at 0.2 C"));
  g_assert_cmpuint (isc_plot_get_n_xspans (isc_plot_view_get_plot (pv)), ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/cycling-view/compare-cells", test_compare_cells);
  g_test_add_func ("/cycling-view/default-reference", test_default_reference);
  return g_test_run ();
}
