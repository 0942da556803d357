/* test-plot-view.c: the plot view draws where the plot's transform says (real screenshot),
 * zooms, resets, reads out the hovered point and copies TSV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include <glib/gstdio.h>
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
  isc_plot_view_hover (ISC_PLOT_VIEW (view), px, py + 2);
  g_assert_cmpstr (isc_plot_view_get_readout (ISC_PLOT_VIEW (view)).text, ==, "x (nm): 4\ndiagonal: 4");
  isc_plot_view_hover (ISC_PLOT_VIEW (view), 2, 2);   /* the window corner: nothing near */
  g_assert_null (isc_plot_view_get_readout (ISC_PLOT_VIEW (view)).text);

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

static gboolean
rects_meet (const graphene_rect_t *a,
            const graphene_rect_t *b)
{
  return a->origin.x < b->origin.x + b->size.width && b->origin.x < a->origin.x + a->size.width
         && a->origin.y < b->origin.y + b->size.height && b->origin.y < a->origin.y + a->size.height;
}

/* A spectrum-like histogram (bins of 0.5 from 0) with a legend: the read-out gives the x under
 * the pointer and the count of the bin there — what the spectrum's status line computes — and
 * its box leaves the marker, the legend and the axis labels free. */
static void
test_hover_readout (void)
{
  GtkWidget *view = isc_plot_view_new ();
  GtkWidget *window;
  IscPlot *plot = isc_plot_new ();
  double x[40], y[40], px, py, ax, ay, aw, ah, lx, ly, lw, lh, mx, my, at;
  graphene_rect_t box, marker, legend;
  IscPlotReadout readout;
  g_autofree char *expected = NULL;
  int sw, sh;

  for (guint k = 0; k < 40; k++)
    {
      x[k] = (k + 0.5) * 0.5;
      y[k] = k == 14 ? 15789 : 10 + k;
    }
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, "Mass-to-charge (Da)");
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, "Counts");
  isc_plot_add_series (plot, ISC_SERIES_STEP, "Counts", x, y, 40);
  isc_plot_add_series (plot, ISC_SERIES_LINE, "Fit", x, y, 40);
  isc_plot_set_legend_visible (plot, TRUE);
  isc_plot_view_set_plot (ISC_PLOT_VIEW (view), plot);
  window = new_window (view);

  /* inside bin 14 ([7, 7.5)), left of its centre */
  g_assert_true (isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 7.12, 15789, &px, &py));
  isc_plot_view_hover (ISC_PLOT_VIEW (view), px, py);
  g_assert_true (isc_plot_pixel_to_data (plot, ISC_PLOT_AXIS_Y, px, py, &at, NULL));
  g_assert_cmpint ((int) floor (at / 0.5), ==, 14);
  expected = g_strdup_printf ("Mass-to-charge (Da): %.4g\nCounts: 15789", at);
  g_assert_cmpstr (isc_plot_view_get_readout (ISC_PLOT_VIEW (view)).text, ==, expected);

  gtk_widget_queue_draw (view);
  gtk_test_widget_wait_for_draw (view);
  g_free (isc_test_snapshot_cairo (view, &sw, &sh, "plot-view-hover.png"));
  readout = isc_plot_view_get_readout (ISC_PLOT_VIEW (view));
  g_assert_true (readout.drawn);
  box = readout.box;
  mx = readout.marker_x;
  my = readout.marker_y;
  g_assert_cmpfloat_with_epsilon (mx, px, 0.5);
  g_assert_cmpfloat_with_epsilon (my, py, 0.5);
  marker = GRAPHENE_RECT_INIT (mx - 6, my - 6, 12, 12);
  g_assert_false (rects_meet (&box, &marker));
  g_assert_true (isc_plot_get_legend_area (plot, &lx, &ly, &lw, &lh));
  legend = GRAPHENE_RECT_INIT (lx, ly, lw, lh);
  g_assert_false (rects_meet (&box, &legend));
  /* inside the data area: tick and axis labels stay readable */
  g_assert_true (isc_plot_get_data_area (plot, &ax, &ay, &aw, &ah));
  g_assert_cmpfloat (box.origin.x, >=, ax);
  g_assert_cmpfloat (box.origin.y, >=, ay);
  g_assert_cmpfloat (box.origin.x + box.size.width, <=, ax + aw);
  g_assert_cmpfloat (box.origin.y + box.size.height, <=, ay + ah);

  /* the same in the top-left corner, where the box used to sit */
  g_assert_true (isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 0.3, 10, &px, &py));
  isc_plot_view_hover (ISC_PLOT_VIEW (view), px, ay + 5);
  gtk_widget_queue_draw (view);
  gtk_test_widget_wait_for_draw (view);
  readout = isc_plot_view_get_readout (ISC_PLOT_VIEW (view));
  g_assert_true (readout.drawn);
  box = readout.box;
  mx = readout.marker_x;
  my = readout.marker_y;
  marker = GRAPHENE_RECT_INIT (mx - 6, my - 6, 12, 12);
  g_assert_false (rects_meet (&box, &marker));
  g_assert_false (rects_meet (&box, &legend));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* What a spectrum view's status line says: the read-out can say exactly the same. */
static char *
status_text (IscPlotView   *view,
             IscPlotSeries *series,
             double         x,
             double         y,
             gpointer       data)
{
  return g_strdup_printf ("m/n %.3f Da · %.0f counts", x, y);
}

static void
test_readout_func (void)
{
  GtkWidget *view = isc_plot_view_new ();
  GtkWidget *window;
  IscPlot *plot;
  double px, py, at;
  g_autofree char *expected = NULL;

  isc_plot_view_set_plot (ISC_PLOT_VIEW (view), diagonal_plot ());
  isc_plot_view_set_readout_func (ISC_PLOT_VIEW (view), status_text, NULL, NULL);
  window = new_window (view);
  plot = isc_plot_view_get_plot (ISC_PLOT_VIEW (view));
  isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 7.3, 7.3, &px, &py);
  isc_plot_view_hover (ISC_PLOT_VIEW (view), px, py);
  g_assert_true (isc_plot_pixel_to_data (plot, ISC_PLOT_AXIS_Y, px, py, &at, NULL));
  expected = g_strdup_printf ("m/n %.3f Da · %.0f counts", at, at);
  g_assert_cmpstr (isc_plot_view_get_readout (ISC_PLOT_VIEW (view)).text, ==, expected);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The floating buttons show near the top of the plot, not while the pointer reads values in
 * the data, where they would hide points. */
static void
test_buttons_near_top (void)
{
  GtkWidget *view = isc_plot_view_new ();
  GtkWidget *window, *buttons;
  double ax, ay, aw, ah;

  isc_plot_view_set_plot (ISC_PLOT_VIEW (view), diagonal_plot ());
  window = new_window (view);
  buttons = gtk_widget_get_first_child (view);
  g_assert_true (GTK_IS_BOX (buttons));
  g_assert_true (isc_plot_get_data_area (isc_plot_view_get_plot (ISC_PLOT_VIEW (view)), &ax, &ay, &aw, &ah));
  isc_plot_view_hover (ISC_PLOT_VIEW (view), ax + aw * 0.9, ay + ah * 0.5);
  g_assert_false (gtk_widget_get_visible (buttons));
  isc_plot_view_hover (ISC_PLOT_VIEW (view), ax + aw * 0.9, 4);
  g_assert_true (gtk_widget_get_visible (buttons));
  isc_plot_view_hover (ISC_PLOT_VIEW (view), -1, -1);
  g_assert_false (gtk_widget_get_visible (buttons));
  gtk_window_destroy (GTK_WINDOW (window));
}

static guint32
pixel_at (const guint32 *pixels,
          int            width,
          int            x,
          int            y)
{
  return pixels[(gsize) y * width + x] & 0xffffff;
}

static double
luminance (guint32 rgb)
{
  return (0.3 * ((rgb >> 16) & 0xff) + 0.6 * ((rgb >> 8) & 0xff) + 0.1 * (rgb & 0xff)) / 255.0;
}

/* In the dark style the plot is dark with light text on screen; the exported figure stays
 * white. */
static void
test_dark_style (void)
{
  GtkWidget *view = isc_plot_view_new ();
  GtkWidget *window;
  IscPlot *plot;
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree guint32 *light = NULL;
  g_autofree guint32 *dark = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plot-view-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "figure.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  double ax, ay, aw, ah;
  int w, h, bright = 0;

  isc_plot_view_set_plot (ISC_PLOT_VIEW (view), diagonal_plot ());
  window = new_window (view);
  plot = isc_plot_view_get_plot (ISC_PLOT_VIEW (view));
  light = isc_test_snapshot_cairo (view, &w, &h, NULL);
  g_assert_true (isc_plot_get_data_area (plot, &ax, &ay, &aw, &ah));
  g_assert_cmpfloat (luminance (pixel_at (light, w, (int) (ax + aw * 0.2), (int) (ay + ah * 0.2))), >, 0.9);

  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  gtk_test_widget_wait_for_draw (view);
  dark = isc_test_snapshot_cairo (view, &w, &h, "plot-view-dark.png");
  /* background inside and outside the data area */
  g_assert_cmpfloat (luminance (pixel_at (dark, w, (int) (ax + aw * 0.2), (int) (ay + ah * 0.2))), <, 0.25);
  g_assert_cmpfloat (luminance (pixel_at (dark, w, 2, h - 2)), <, 0.25);
  /* light tick labels and axis text left of the data area */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < (int) ax - 2; x++)
      if (luminance (pixel_at (dark, w, x, y)) > 0.7)
        bright++;
  g_assert_cmpint (bright, >, 20);

  g_assert_true (isc_plot_view_export (ISC_PLOT_VIEW (view), png, &error));
  g_assert_no_error (error);
  texture = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  {
    int tw = gdk_texture_get_width (texture), th = gdk_texture_get_height (texture);
    g_autofree guint32 *paper = g_new (guint32, (gsize) tw * th);

    gdk_texture_download (texture, (guchar *) paper, tw * 4);
    g_assert_cmpfloat (luminance (pixel_at (paper, tw, 3, th - 3)), >, 0.95);
    g_assert_cmpfloat (luminance (pixel_at (paper, tw, tw / 2, th / 3)), >, 0.95);
  }

  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
  gtk_test_widget_wait_for_draw (view);
  g_clear_pointer (&light, g_free);
  light = isc_test_snapshot_cairo (view, &w, &h, NULL);
  g_assert_cmpfloat (luminance (pixel_at (light, w, 2, h - 2)), >, 0.9);
  g_unlink (png);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Element 1 of three bins × two elements: the empty middle bin is left out, the others sit at
 * their bin centres, scaled; an element with every bin empty adds nothing. */
static void
test_binned_fraction (void)
{
  const double start[] = { 0, 1, 3 }, end[] = { 1, 3, 4 };
  const double fraction[] = { 0.1, 0.2, NAN, NAN, 0.7, 0.4 };
  const double sigma[] = { 0.01, 0.02, NAN, NAN, 0.07, 0.04 };
  const double empty[] = { NAN, NAN, NAN, NAN, NAN, NAN };
  g_autoptr(IscPlot) plot = isc_plot_new ();
  IscPlotSeries *series;
  const double *x, *y;

  series = isc_plot_add_binned_fraction (plot, "Ni", 3, start, end, 2, 1, fraction, sigma, 100.0);
  g_assert_nonnull (series);
  g_assert_cmpstr (isc_plot_series_get_label (series), ==, "Ni");
  g_assert_cmpint (isc_plot_series_get_kind (series), ==, ISC_SERIES_ERRORBARS);
  g_assert_cmpuint (isc_plot_series_get_data (series, &x, &y), ==, 2);
  g_assert_cmpfloat_with_epsilon (x[0], 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (y[0], 20.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (x[1], 3.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (y[1], 40.0, 1e-12);
  g_assert_null (isc_plot_add_binned_fraction (plot, "Al", 3, start, end, 2, 0, empty, empty, 1.0));
  g_assert_cmpuint (isc_plot_get_n_series (plot), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/plot-view/draw-and-zoom", test_draw_and_zoom);
  g_test_add_func ("/plot-view/hover-and-copy", test_hover_and_copy);
  g_test_add_func ("/plot-view/hover-readout", test_hover_readout);
  g_test_add_func ("/plot-view/dark-style", test_dark_style);
  g_test_add_func ("/plot-view/readout-func", test_readout_func);
  g_test_add_func ("/plot-view/buttons-near-top", test_buttons_near_top);
  g_test_add_func ("/plot-view/binned-fraction", test_binned_fraction);
  return g_test_run ();
}
