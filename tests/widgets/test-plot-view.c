/* test-plot-view.c: the plot view draws where the plot's transform says (real screenshot),
 * zooms, resets, reads out the hovered point and copies TSV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "plot-view.h"
#include "test-gtk-util.h"
#include "../render/widget-shot.h"   /* shared screenshot helper */

static GtkWidget *
new_window (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 520, 380);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  return window;
}

static IscPlot *
diagonal_plot (void)
{
  IscPlot *plot = isc_plot_new ();
  double x[11], y[11];
  IscColor red = { 1, 0, 0, 1 };
  IscPlotSeries *s;

  for (guint i = 0; i <= 10; i++)
    x[i] = y[i] = i;
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, "x (nm)");
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, "y");
  isc_plot_set_legend_visible (plot, FALSE);
  s = isc_plot_add_series (plot, ISC_SERIES_LINE, "diagonal", x, y, 11);
  isc_plot_series_set_color (s, &red);
  isc_plot_series_set_line_width (s, 2.5);
  g_assert_true (isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_X, 0, 10, NULL));
  g_assert_true (isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_Y, 0, 10, NULL));
  return plot;
}

static gboolean
red_near (WidgetShot *shot,
          double      px,
          double      py)
{
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      {
        guint32 p = widget_shot_pixel (shot, (int) px + dx, (int) py + dy);

        if (((p >> 16) & 0xff) > 200 && ((p >> 8) & 0xff) < 90 && (p & 0xff) < 90)
          return TRUE;
      }
  return FALSE;
}

static void
test_draw_and_zoom (void)
{
  GtkWidget *view = isc_plot_view_new ();
  GtkWidget *window;
  IscPlot *plot;
  double px, py, lo, hi;

  isc_plot_view_set_plot (ISC_PLOT_VIEW (view), diagonal_plot ());
  window = new_window (view);
  plot = isc_plot_view_get_plot (ISC_PLOT_VIEW (view));

  {
    g_autoptr(WidgetShot) shot = widget_shot_take (view);

    for (double t = 1.5; t < 10; t += 2.5)
      {
        g_assert_true (isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, t, t, &px, &py));
        g_assert_true (red_near (shot, px, py));
      }
    /* Off the line (upper left of the data area): white background. */
    isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 2, 8, &px, &py);
    g_assert_cmphex (widget_shot_pixel (shot, (int) px, (int) py) & 0xffffff, ==, 0xffffff);
  }

  /* Zoom in by 2 about the centre: [0, 10] → [2.5, 7.5] on both axes. */
  gtk_widget_activate_action (view, "plot.zoom", "d", 0.5);
  g_assert_true (isc_plot_get_axis_fixed (plot, ISC_PLOT_AXIS_X, &lo, &hi));
  g_assert_cmpfloat_with_epsilon (lo, 2.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (hi, 7.5, 1e-6);
  gtk_test_widget_wait_for_draw (window);
  {
    g_autoptr(WidgetShot) shot = widget_shot_take (view);

    isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 3, 3, &px, &py);
    g_assert_true (red_near (shot, px, py));
    /* The point (2.2, 2.2) is now just outside, in the margin: clipped, not drawn. */
    isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 2.2, 2.2, &px, &py);
    g_assert_false (red_near (shot, px, py));
  }

  gtk_widget_activate_action (view, "plot.reset", NULL);
  g_assert_true (isc_plot_get_axis_fixed (plot, ISC_PLOT_AXIS_X, &lo, &hi));
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat (hi, ==, 10);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_text (GObject      *clipboard,
         GAsyncResult *result,
         gpointer      data)
{
  *(char **) data = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (clipboard), result, NULL);
}

static void
test_hover_and_copy (void)
{
  GtkWidget *view = isc_plot_view_new ();
  GtkWidget *window;
  IscPlot *plot;
  double px, py;
  char *text = NULL;
  g_auto(GStrv) lines = NULL;

  isc_plot_view_set_plot (ISC_PLOT_VIEW (view), diagonal_plot ());
  window = new_window (view);
  plot = isc_plot_view_get_plot (ISC_PLOT_VIEW (view));

  isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 4, 4, &px, &py);
  isc_plot_view_hover (ISC_PLOT_VIEW (view), px + 3, py + 2);
  g_assert_cmpstr (isc_plot_view_get_readout (ISC_PLOT_VIEW (view)), ==, "diagonal: 4, 4");
  isc_plot_view_hover (ISC_PLOT_VIEW (view), 2, 2);   /* the window corner: nothing near */
  g_assert_null (isc_plot_view_get_readout (ISC_PLOT_VIEW (view)));

  gtk_widget_activate_action (view, "plot.copy-tsv", NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (view), NULL, on_text, &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "x (nm)\tdiagonal");
  g_assert_cmpstr (lines[11], ==, "10\t10");
  g_free (text);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/plot-view/draw-and-zoom", test_draw_and_zoom);
  g_test_add_func ("/plot-view/hover-and-copy", test_hover_and_copy);
  return g_test_run ();
}
