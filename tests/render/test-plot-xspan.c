/* test-plot-xspan.c: shaded, labelled x spans of the plot engine (as used for range windows).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "plot.h"

static guint32
pixel_at (cairo_surface_t *s,
          int              x,
          int              y)
{
  unsigned char *data = cairo_image_surface_get_data (s);
  int stride = cairo_image_surface_get_stride (s);

  return ((guint32 *) (data + (gsize) stride * y))[x] & 0xffffff;
}

/* An opaque-white background blended with (r, g, b, a): c' = a·c + (1 − a)·255. */
static guint32
over_white (double r,
            double g,
            double b,
            double a)
{
  guint cr = (guint) lround (255 * (a * r + (1 - a))), cg = (guint) lround (255 * (a * g + (1 - a)));
  guint cb = (guint) lround (255 * (a * b + (1 - a)));

  return (cr << 16) | (cg << 8) | cb;
}

static gboolean
close_to (guint32 p,
          guint32 q,
          guint   tol)
{
  for (int shift = 0; shift <= 16; shift += 8)
    if (ABS ((int) ((p >> shift) & 0xff) - (int) ((q >> shift) & 0xff)) > (int) tol)
      return FALSE;
  return TRUE;
}

static void
test_xspan_draw (void)
{
  g_autoptr(IscPlot) plot = isc_plot_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 500, 300);
  cairo_t *cr = cairo_create (surface);
  const double x[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
  const double y[] = { 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 };
  IscColor blue = { 0, 0, 1, 1 }, span = { 1, 0, 0, 0.4 }, span2 = { 0, 0.6, 0, 0.4 };
  IscPlotSeries *s;
  double px0, px1, pxc, py, py_line, ax, ay, aw, ah, lo, hi;
  guint32 expected = over_white (1, 0, 0, 0.4);
  guint label_ink = 0;

  isc_plot_set_legend_visible (plot, FALSE);
  s = isc_plot_add_series (plot, ISC_SERIES_LINE, "flat", x, y, G_N_ELEMENTS (x));
  isc_plot_series_set_color (s, &blue);
  isc_plot_series_set_line_width (s, 3);
  isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_Y, 0, 4, NULL);
  /* Given in reverse order: the span is [2, 4]. Far outside the data: must not widen the x range. */
  isc_plot_add_xspan (plot, 4, 2, &span, "Ni<sup>+</sup>");
  isc_plot_add_xspan (plot, 6, 6.5, &span2, NULL);
  isc_plot_add_xspan (plot, 50, 60, &span2, "far");
  g_assert_cmpuint (isc_plot_get_n_xspans (plot), ==, 3);
  isc_plot_add_vline (plot, 9, NULL);
  g_assert_cmpuint (isc_plot_get_n_xspans (plot), ==, 3);

  isc_plot_draw (plot, cr, 500, 300);
  cairo_surface_flush (surface);

  /* Automatic x range: the data 0..10 plus 4 % padding each side, the spans ignored. */
  isc_plot_get_axis_range (plot, ISC_PLOT_AXIS_X, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, -0.4, 1e-9);
  g_assert_cmpfloat_with_epsilon (hi, 10.4, 1e-9);

  g_assert_true (isc_plot_get_data_area (plot, &ax, &ay, &aw, &ah));
  g_assert_true (isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 2, 1, &px0, &py));
  g_assert_true (isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 4, 1, &px1, NULL));
  g_assert_true (isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 3, 2, &pxc, &py_line));

  /* Inside the span (away from the line and the label): red at 40 % over white. */
  g_assert_true (close_to (pixel_at (surface, (int) pxc, (int) py), expected, 3));
  g_assert_true (close_to (pixel_at (surface, (int) (px0 + 3), (int) (ay + ah - 3)), expected, 3));
  g_assert_true (close_to (pixel_at (surface, (int) (px1 - 3), (int) (ay + ah * 0.75)), expected, 3));
  /* Just outside on both sides: white. */
  g_assert_cmphex (pixel_at (surface, (int) (px0 - 3), (int) py), ==, 0xffffff);
  g_assert_cmphex (pixel_at (surface, (int) (px1 + 3), (int) py), ==, 0xffffff);
  /* The series is drawn above the span: pure blue on the line inside the span. */
  g_assert_cmphex (pixel_at (surface, (int) pxc, (int) round (py_line)), ==, 0x0000ff);
  /* The second span, green at 40 %. */
  g_assert_true (isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 6.25, 1, &pxc, &py));
  g_assert_true (close_to (pixel_at (surface, (int) pxc, (int) py), over_white (0, 0.6, 0, 0.4), 3));

  /* The label sits at the top of the span in opaque red: strongly red pixels exist in the
   * top 20 px of the span, and none in the top of the unlabelled green span. */
  for (int yy = (int) ay; yy < (int) ay + 20; yy++)
    for (int xx = (int) px0; xx <= (int) px1; xx++)
      {
        guint32 p = pixel_at (surface, xx, yy);

        label_ink += ((p >> 16) & 0xff) > 180 && ((p >> 8) & 0xff) < 90 && (p & 0xff) < 90;
      }
  g_assert_cmpuint (label_ink, >, 10);

  /* A copy keeps the spans. */
  {
    g_autoptr(IscPlot) copy = isc_plot_copy (plot);

    g_assert_cmpuint (isc_plot_get_n_xspans (copy), ==, 3);
  }
  isc_plot_clear_annotations (plot);
  g_assert_cmpuint (isc_plot_get_n_xspans (plot), ==, 0);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* A span narrower than a pixel still shows (one pixel column), and a log y axis does not
 * change the span's full height. */
static void
test_xspan_narrow_log (void)
{
  g_autoptr(IscPlot) plot = isc_plot_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cairo_t *cr = cairo_create (surface);
  const double x[] = { 0, 100 };
  const double y[] = { 1, 1000 };
  IscColor span = { 0, 0, 1, 0.5 };
  double px, ax, ay, aw, ah;
  guint hits = 0;

  isc_plot_set_legend_visible (plot, FALSE);
  isc_plot_add_series (plot, ISC_SERIES_STEP, NULL, x, y, 2);
  isc_plot_set_axis_scale (plot, ISC_PLOT_AXIS_Y, ISC_AXIS_LOG);
  isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_X, 0, 100, NULL);
  isc_plot_add_xspan (plot, 30.001, 30.002, &span, NULL);
  isc_plot_draw (plot, cr, 400, 300);
  cairo_surface_flush (surface);

  g_assert_true (isc_plot_get_data_area (plot, &ax, &ay, &aw, &ah));
  g_assert_true (isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 30.0015, 10, &px, NULL));
  /* The one-pixel column may straddle two pixels: some blue-tinted (not white) pixel around px
   * near both the top and the bottom of the data area. */
  for (int xx = (int) px - 1; xx <= (int) px + 1; xx++)
    {
      guint32 top = pixel_at (surface, xx, (int) (ay + ah * 0.1));
      guint32 bottom = pixel_at (surface, xx, (int) (ay + ah * 0.9));

      hits += (top & 0xff) >= 250 && ((top >> 16) & 0xff) < 240;
      hits += (bottom & 0xff) >= 250 && ((bottom >> 16) & 0xff) < 240;
    }
  g_assert_cmpuint (hits, >=, 2);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plot/xspan/draw", test_xspan_draw);
  g_test_add_func ("/plot/xspan/narrow-log", test_xspan_narrow_log);
  return g_test_run ();
}
