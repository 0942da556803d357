/* test-plot.c: ticks, drawing (pixels) and export of the plot engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "figure.h"
#include "isc-error.h"
#include "plot-ticks.h"
#include "plot.h"
#include "test-util.h"

static void
assert_ticks_sane (IscTicks *t,
                   double    min,
                   double    max)
{
  g_assert_cmpuint (t->major->len, >=, 2);
  g_assert_cmpuint (t->major->len, <=, 12);
  g_assert_cmpuint (t->labels->len, ==, t->major->len);
  for (guint i = 0; i < t->major->len; i++)
    {
      double v = g_array_index (t->major, double, i);

      g_assert_true (isfinite (v));
      g_assert_cmpfloat (v, >=, min - (max - min) * 1e-6);
      g_assert_cmpfloat (v, <=, max + (max - min) * 1e-6);
      if (i > 0)
        {
          g_assert_cmpfloat (v, >, g_array_index (t->major, double, i - 1));
          /* Labels must tell neighbouring ticks apart. */
          g_assert_cmpstr (g_ptr_array_index (t->labels, i), !=, g_ptr_array_index (t->labels, i - 1));
        }
    }
}

static void
test_ticks_simple (void)
{
  g_autoptr(IscTicks) t = NULL;
  const double expected[] = { 0, 2, 4, 6, 8, 10 };

  g_assert_true (isc_ticks_compute (ISC_AXIS_LINEAR, 0, 10, 5, &t, NULL));
  g_assert_cmpuint (t->major->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < t->major->len; i++)
    g_assert_cmpfloat_with_epsilon (g_array_index (t->major, double, i), expected[i], 1e-12);
  g_assert_cmpstr (g_ptr_array_index (t->labels, 5), ==, "10");
  /* 2-steps get 4 minor intervals: 0.5, 1, 1.5 between 0 and 2. */
  g_assert_cmpuint (t->minor->len, ==, 15);
  g_assert_cmpfloat_with_epsilon (g_array_index (t->minor, double, 0), 0.5, 1e-12);
}

static void
test_ticks_negative_labels (void)
{
  g_autoptr(IscTicks) t = NULL;

  g_assert_true (isc_ticks_compute (ISC_AXIS_LINEAR, -1, 1, 5, &t, NULL));
  /* −1.0, −0.5, 0, 0.5, 1.0 with a typographic minus and a bare zero. */
  g_assert_cmpuint (t->major->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (t->labels, 0), ==, "\xe2\x88\x92" "1.0");
  g_assert_cmpstr (g_ptr_array_index (t->labels, 2), ==, "0");
  g_assert_cmpstr (g_ptr_array_index (t->labels, 3), ==, "0.5");
}

static void
test_copy (void)
{
  g_autoptr(IscPlot) plot = isc_plot_new ();
  g_autoptr(IscPlot) copy = NULL;
  cairo_surface_t *a = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 150);
  cairo_surface_t *b = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 150);
  cairo_t *ca = cairo_create (a), *cb = cairo_create (b);
  const double x[] = { 0, 1, 2 }, y[] = { 2, 0, 1 }, e[] = { 0.1, 0.2, 0.3 };
  IscPlotSeries *s;

  s = isc_plot_add_series (plot, ISC_SERIES_ERRORBARS, "e", x, y, 3);
  isc_plot_series_set_errors (s, e, e);
  isc_plot_add_text (plot, 1, 1, "note");
  isc_plot_set_title (plot, "T");
  copy = isc_plot_copy (plot);
  isc_plot_free (g_steal_pointer (&plot));   /* the copy owns its own data */
  plot = isc_plot_copy (copy);
  isc_plot_draw (plot, ca, 200, 150);
  isc_plot_draw (copy, cb, 200, 150);
  cairo_surface_flush (a);
  cairo_surface_flush (b);
  g_assert_cmpmem (cairo_image_surface_get_data (a), 200 * 150 * 4, cairo_image_surface_get_data (b), 200 * 150 * 4);
  cairo_destroy (ca);
  cairo_destroy (cb);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

static void
test_ticks_tiny_span (void)
{
  g_autoptr(IscTicks) t = NULL;
  double step;

  g_assert_true (isc_ticks_compute (ISC_AXIS_LINEAR, 1.0, 1.0 + 1e-9, 5, &t, NULL));
  assert_ticks_sane (t, 1.0, 1.0 + 1e-9);
  step = g_array_index (t->major, double, 1) - g_array_index (t->major, double, 0);
  /* 1e-9 / 5 → a 2e-10 step (1-2-5 rule). */
  g_assert_cmpfloat_with_epsilon (step, 2e-10, 1e-15);
}

static void
test_ticks_single_point (void)
{
  g_autoptr(IscTicks) t = NULL;
  double lo = 3.7, hi = 3.7;

  isc_axis_fix_range (ISC_AXIS_LINEAR, &lo, &hi);
  g_assert_cmpfloat (lo, <, 3.7);
  g_assert_cmpfloat (hi, >, 3.7);
  g_assert_true (isc_ticks_compute (ISC_AXIS_LINEAR, 3.7, 3.7, 5, &t, NULL));
  g_assert_cmpuint (t->major->len, >=, 2);

  lo = hi = 0;
  isc_axis_fix_range (ISC_AXIS_LINEAR, &lo, &hi);
  g_assert_cmpfloat (lo, ==, -1);
  g_assert_cmpfloat (hi, ==, 1);
}

static void
test_ticks_log (void)
{
  g_autoptr(IscTicks) t = NULL;
  g_autoptr(GError) error = NULL;
  IscTicks *bad = NULL;

  g_assert_true (isc_ticks_compute (ISC_AXIS_LOG, 1, 1e4, 6, &t, NULL));
  g_assert_cmpuint (t->major->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpfloat_with_epsilon (g_array_index (t->major, double, i), pow (10, i), 1e-9);
  /* 2..9 between each decade: 4 decades × 8. */
  g_assert_cmpuint (t->minor->len, ==, 32);

  g_assert_false (isc_ticks_compute (ISC_AXIS_LOG, -1, 100, 5, &bad, &error));
  g_assert_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_null (bad);
  g_clear_error (&error);
  g_assert_false (isc_ticks_compute (ISC_AXIS_LOG, 0, 100, 5, &bad, &error));
  g_assert_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT);
}

static void
test_ticks_huge (void)
{
  g_autoptr(IscTicks) a = NULL;
  g_autoptr(IscTicks) b = NULL;
  g_autoptr(IscTicks) c = NULL;

  g_assert_true (isc_ticks_compute (ISC_AXIS_LINEAR, 1e300, 5e300, 5, &a, NULL));
  assert_ticks_sane (a, 1e300, 5e300);
  /* The span itself overflows a double here. */
  g_assert_true (isc_ticks_compute (ISC_AXIS_LINEAR, -1.5e308, 1.5e308, 5, &b, NULL));
  assert_ticks_sane (b, -1.5e308, 1.5e308);
  g_assert_true (isc_ticks_compute (ISC_AXIS_LINEAR, -3e-300, 7e-300, 5, &c, NULL));
  assert_ticks_sane (c, -3e-300, 7e-300);
  g_assert_false (isc_ticks_compute (ISC_AXIS_LINEAR, NAN, 1, 5, &c, NULL));
}

static void
test_log_range_refused (void)
{
  g_autoptr(IscPlot) plot = isc_plot_new ();
  g_autoptr(GError) error = NULL;
  double lo, hi;

  isc_plot_set_axis_scale (plot, ISC_PLOT_AXIS_Y, ISC_AXIS_LOG);
  g_assert_false (isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_Y, -5, 10, &error));
  g_assert_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "logarithmic"));
  g_assert_true (isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_Y, 0.1, 10, NULL));
  isc_plot_get_axis_range (plot, ISC_PLOT_AXIS_Y, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0.1);
  g_assert_cmpfloat (hi, ==, 10);
}

static guint32
pixel_at (cairo_surface_t *s,
          int              x,
          int              y)
{
  unsigned char *data = cairo_image_surface_get_data (s);
  int stride = cairo_image_surface_get_stride (s);

  return ((guint32 *) (data + (gsize) stride * y))[x];
}

static gboolean
is_reddish (guint32 p)
{
  guint r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

  return r > 200 && g < 80 && b < 80;
}

static void
test_draw_pixels (void)
{
  g_autoptr(IscPlot) plot = isc_plot_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cairo_t *cr = cairo_create (surface);
  const double x[] = { 0, 1, 2, 3, 4 };
  const double y[] = { 1, 1, 3, 3, 3 };
  IscPlotSeries *s;
  IscColor red = { 1, 0, 0, 1 };
  double px, py, ax, ay, aw, ah, dx, dy;
  guint si = 99, pi = 99;

  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, "Cycle");
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, "Capacity (mAh g<sup>−1</sup>)");
  isc_plot_set_legend_visible (plot, FALSE);
  s = isc_plot_add_series (plot, ISC_SERIES_LINE, "red", x, y, 5);
  isc_plot_series_set_color (s, &red);
  isc_plot_series_set_line_width (s, 3);
  g_assert_true (isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_X, 0, 4, NULL));
  g_assert_true (isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_Y, 0, 4, NULL));

  g_assert_false (isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 0, 0, &px, &py));
  isc_plot_draw (plot, cr, 400, 300);
  cairo_surface_flush (surface);

  /* Midpoints of the two flat segments are red, where the transform puts them. */
  g_assert_true (isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 0.5, 1, &px, &py));
  g_assert_true (is_reddish (pixel_at (surface, (int) px, (int) py)));
  g_assert_true (isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 3.0, 3, &px, &py));
  g_assert_true (is_reddish (pixel_at (surface, (int) px, (int) py)));
  /* Away from the line: background white. */
  g_assert_true (isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 0.5, 3, &px, &py));
  g_assert_cmphex (pixel_at (surface, (int) px, (int) py), ==, 0xffffffff);
  g_assert_cmphex (pixel_at (surface, 0, 0), ==, 0xffffffff);

  /* The frame is black along the left edge of the data area. */
  g_assert_true (isc_plot_get_data_area (plot, &ax, &ay, &aw, &ah));
  g_assert_cmpfloat (ax, >, 10);   /* room for tick labels and the y label */
  g_assert_cmpfloat (ay + ah, <, 290);
  {
    guint ink = 0;

    /* A 0.75 pt black line antialiased over two pixel columns: 0.75 × 255 of ink in total. */
    for (int xx = (int) ax - 2; xx <= (int) ax + 2; xx++)
      ink += 255 - ((pixel_at (surface, xx, (int) (ay + ah * 0.37)) >> 16) & 0xff);
    g_assert_cmpuint (ink, >=, 170);
    g_assert_cmpuint (ink, <=, 210);
  }

  /* Transforms are inverse; the corners map to the range. */
  g_assert_true (isc_plot_pixel_to_data (plot, ISC_PLOT_AXIS_Y, ax, ay + ah, &dx, &dy));
  g_assert_cmpfloat_with_epsilon (dx, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (dy, 0, 1e-9);
  g_assert_true (isc_plot_pixel_to_data (plot, ISC_PLOT_AXIS_Y, ax + aw, ay, &dx, &dy));
  g_assert_cmpfloat_with_epsilon (dx, 4, 1e-9);
  g_assert_cmpfloat_with_epsilon (dy, 4, 1e-9);

  /* Nearest point. */
  isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 2, 3, &px, &py);
  g_assert_true (isc_plot_find_nearest (plot, px + 3, py - 2, 10, &si, &pi));
  g_assert_cmpuint (si, ==, 0);
  g_assert_cmpuint (pi, ==, 2);
  g_assert_false (isc_plot_find_nearest (plot, ax + 1, ay + 1, 5, &si, &pi));

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_draw_dark_twin_log (void)
{
  g_autoptr(IscPlot) plot = isc_plot_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 500, 300);
  cairo_t *cr = cairo_create (surface);
  const double x[] = { 1, 10, 100, 1000 };
  const double y[] = { 1, 10, 100, 1000 };
  const double eff[] = { 99.0, 99.5, 99.8, 99.9 };
  const double err[] = { 0.1, 0.1, 0.1, 0.1 };
  IscPlotSeries *s;
  double px, py, x0, w;

  isc_plot_set_theme (plot, ISC_PLOT_THEME_DARK);
  isc_plot_set_axis_scale (plot, ISC_PLOT_AXIS_X, ISC_AXIS_LOG);
  isc_plot_set_axis_scale (plot, ISC_PLOT_AXIS_Y, ISC_AXIS_LOG);
  isc_plot_add_series (plot, ISC_SERIES_LINE, "log", x, y, 4);
  s = isc_plot_add_series (plot, ISC_SERIES_ERRORBARS, "CE (%)", x, eff, 4);
  isc_plot_series_set_errors (s, err, NULL);
  isc_plot_series_set_y_axis (s, ISC_PLOT_AXIS_Y2);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y2, "Efficiency (%)");
  isc_plot_draw (plot, cr, 500, 300);
  cairo_surface_flush (surface);

  /* Dark background in the corner. */
  {
    guint32 p = pixel_at (surface, 1, 1);

    g_assert_cmpuint ((p >> 16) & 0xff, <, 60);
  }
  /* On log-log axes y = x is a straight diagonal: the midpoint (31.6, 31.6) lies on it. */
  isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, sqrt (1000), sqrt (1000), &px, &py);
  isc_plot_get_data_area (plot, &x0, NULL, &w, NULL);
  g_assert_cmpfloat_with_epsilon (px, x0 + w / 2, 1.0);
  /* The twin axis leaves room on the right for its labels. */
  g_assert_cmpfloat (x0 + w, <, 480);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_heatmap_and_kinds (void)
{
  g_autoptr(IscPlot) plot = isc_plot_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cairo_t *cr = cairo_create (surface);
  double z[4 * 3];
  double px, py;
  guint32 p;
  IscColor top;

  for (guint i = 0; i < 12; i++)
    z[i] = i;
  isc_plot_add_heatmap (plot, "Counts", z, 4, 3, 0, 4, 0, 3);
  isc_plot_draw (plot, cr, 400, 300);
  cairo_surface_flush (surface);
  /* Cell (3, 2) holds the maximum: the top of the viridis map (yellow). */
  isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 3.5, 2.5, &px, &py);
  p = pixel_at (surface, (int) px, (int) py);
  top = isc_colormap_viridis (1);
  g_assert_cmpint (abs ((int) ((p >> 16) & 0xff) - (int) (top.r * 255)), <=, 2);
  g_assert_cmpint (abs ((int) ((p >> 8) & 0xff) - (int) (top.g * 255)), <=, 2);
  /* Cell (0, 0) the minimum: dark purple. */
  isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 0.5, 0.5, &px, &py);
  p = pixel_at (surface, (int) px, (int) py);
  g_assert_cmphex (p & 0xffffff, ==, 0x440154);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  /* Every other kind draws without trouble, also with NaN and empty series. */
  {
    g_autoptr(IscPlot) p2 = isc_plot_new ();
    const double x[] = { 1, 2, 3, NAN };
    const double y[] = { 2, 0, 5, 1 };
    const double hi[] = { 3, 1, 6, 2 };

    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 150);
    cr = cairo_create (surface);
    isc_plot_add_series (p2, ISC_SERIES_STEP, "step", x, y, 3);
    isc_plot_add_series (p2, ISC_SERIES_BARS, "bars", x, y, 3);
    isc_plot_add_series (p2, ISC_SERIES_SCATTER, "scatter", x, y, 4);
    isc_plot_add_band (p2, "band", x, y, hi, 3);
    isc_plot_add_series (p2, ISC_SERIES_LINE, "empty", NULL, NULL, 0);
    isc_plot_add_text (p2, 2, 4, "<i>note</i>");
    isc_plot_add_vline (p2, 2, NULL);
    isc_plot_set_axis_scale (p2, ISC_PLOT_AXIS_Y, ISC_AXIS_LOG);   /* y = 0 must not crash */
    isc_plot_draw (p2, cr, 200, 150);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
}

static void
test_legend_avoids_data (void)
{
  g_autoptr(IscPlot) plot = isc_plot_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cairo_t *cr = cairo_create (surface);
  double x[50], y[50];
  IscColor green = { 0, 1, 0, 1 };
  IscPlotSeries *s;
  double ax, ay, aw, ah;
  gboolean found_text_bottom = FALSE;

  /* Data along the top: the legend must go to a bottom corner. */
  for (guint i = 0; i < 50; i++)
    {
      x[i] = i;
      y[i] = 10 - (i % 2) * 0.1;
    }
  s = isc_plot_add_series (plot, ISC_SERIES_SCATTER, "a long legend label", x, y, 50);
  isc_plot_series_set_color (s, &green);
  g_assert_true (isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_Y, 0, 10.5, NULL));
  isc_plot_draw (plot, cr, 400, 300);
  cairo_surface_flush (surface);
  isc_plot_get_data_area (plot, &ax, &ay, &aw, &ah);
  /* The legend sample marker (green) appears in the lower half of the data area. */
  for (int yy = (int) (ay + ah * 0.6); yy < (int) (ay + ah) && !found_text_bottom; yy++)
    for (int xx = (int) ax + 2; xx < (int) (ax + aw) - 2; xx++)
      if ((pixel_at (surface, xx, yy) & 0xffffff) == 0x00ff00)
        {
          found_text_bottom = TRUE;
          break;
        }
  g_assert_true (found_text_bottom);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static IscPlot *
sample_plot (void)
{
  IscPlot *plot = isc_plot_new ();
  const double x[] = { 1, 2, 3, 4, 5 };
  const double y[] = { 180.9, 179, 176, 170, 165 };

  isc_plot_set_title (plot, "Retention");
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, "Cycle");
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, "Capacity (mAh g<sup>−1</sup>)");
  isc_plot_add_series (plot, ISC_SERIES_LINE, "Li/(Ni+Co+Mn) &amp; more", x, y, 5);
  return plot;
}

static void
test_export_png (void)
{
  g_autoptr(IscPlot) plot = sample_plot ();
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "fig.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  gsize len;
  const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint32 w, h;

  /* 252 × 180 pt at 144 dpi → 504 × 360 pixels. */
  g_assert_true (isc_plot_export (plot, path, 252, 180, 144, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  g_assert_cmpuint (len, >, 33);
  g_assert_cmpmem (bytes, 8, sig, 8);
  g_assert_cmpmem (bytes + 12, 4, "IHDR", 4);
  w = GUINT32_FROM_BE (*(guint32 *) (bytes + 16));
  h = GUINT32_FROM_BE (*(guint32 *) (bytes + 20));
  g_assert_cmpuint (w, ==, 504);
  g_assert_cmpuint (h, ==, 360);

  g_assert_false (isc_plot_export (plot, "/nonexistent-dir/x.png", 100, 100, 72, &error));
  g_assert_error (error, ISC_RENDER_ERROR, ISC_ERROR_IO);
  g_clear_error (&error);
  g_assert_false (isc_plot_export (plot, path, 100, 100, 72, NULL) && FALSE);
  g_assert_false (isc_plot_export (plot, "x.bmp", 100, 100, 72, &error));
  g_assert_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT);
}

typedef struct
{
  guint n_elements;
  gboolean saw_svg;
} SvgCount;

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              data,
           GError              **error)
{
  SvgCount *c = data;

  c->n_elements++;
  if (g_str_equal (element, "svg"))
    {
      c->saw_svg = TRUE;
      for (guint i = 0; names[i] != NULL; i++)
        if (g_str_equal (names[i], "width"))
          g_assert_true (g_str_has_prefix (values[i], "252"));
    }
}

static void
test_export_svg (void)
{
  g_autoptr(IscPlot) plot = sample_plot ();
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "fig.svg", NULL);
  g_autofree char *text = NULL;
  gsize len;
  GMarkupParser parser = { svg_start, NULL, NULL, NULL, NULL };
  SvgCount count = { 0 };
  GMarkupParseContext *ctx;
  g_autoptr(GError) error = NULL;

  g_assert_true (isc_plot_export (plot, path, 252, 180, 72, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  ctx = g_markup_parse_context_new (&parser, 0, &count, NULL);
  g_assert_true (g_markup_parse_context_parse (ctx, text, len, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (ctx, &error));
  g_markup_parse_context_free (ctx);
  g_assert_true (count.saw_svg);
  g_assert_cmpuint (count.n_elements, >, 20);
}

static void
check_pdf (const char *path,
           double      width_pt,
           double      height_pt)
{
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_autofree char *bytes = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  g_assert_cmpuint (len, >, 100);
  g_assert_cmpmem (bytes, 5, "%PDF-", 5);
  if (pdfinfo != NULL)
    {
      const char *argv[] = { pdfinfo, path, NULL };
      g_autofree char *out = NULL;
      g_autofree char *expected = g_strdup_printf ("^Page size:\\s+%g x %g pts", width_pt, height_pt);
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                   &out, NULL, &status, NULL));
      g_assert_cmpint (status, ==, 0);
      g_assert_true (g_regex_match_simple ("^Pages:\\s+1$", out, G_REGEX_MULTILINE, 0));
      g_assert_true (g_regex_match_simple (expected, out, G_REGEX_MULTILINE, 0));
    }
  else
    g_test_message ("pdfinfo not found: checked the PDF header only");
}

static void
test_export_pdf (void)
{
  g_autoptr(IscPlot) plot = sample_plot ();
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "fig.PDF", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (isc_plot_export (plot, path, 252, 180, 72, &error));
  g_assert_no_error (error);
  check_pdf (path, 252, 180);
}

static void
red_panel (cairo_t  *cr,
           double    width,
           double    height,
           gpointer  data)
{
  (*(guint *) data)++;
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_set_source_rgb (cr, 1, 0, 0);
  cairo_fill (cr);
}

/* An "image" panel: a dark grey image with a 5 nm scale bar, as the STEM panels will be drawn. */
static void
image_panel (cairo_t  *cr,
             double    width,
             double    height,
             gpointer  data)
{
  double *bar_px = data;

  cairo_rectangle (cr, 0, 0, width, height);
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  cairo_fill (cr);
  /* 0.05 nm/px image drawn 1:1: 5 nm = 100 px. */
  *bar_px = 5.0 / 0.05;
  isc_figure_draw_scale_bar (cr, 10, height - 10, *bar_px, "5 nm");
}

static void
test_scale_bar (void)
{
  g_autoptr(IscFigure) fig = isc_figure_new (1, 1);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 150);
  cairo_t *cr = cairo_create (surface);
  double bar = 0;
  int first = -1, last = -1;

  isc_figure_set_letters (fig, FALSE);
  isc_figure_set_spacing (fig, 0);
  isc_figure_set_panel_func (fig, 0, 0, image_panel, &bar, NULL);
  isc_figure_draw (fig, cr, 200, 150);
  cairo_surface_flush (surface);
  /* Scan the row through the bar's middle (4 px thick: y from 136 to 140): white from x = 10
   * to 110. */
  for (int x = 0; x < 200; x++)
    if ((pixel_at (surface, x, 138) & 0xffffff) == 0xffffff)
      {
        if (first < 0)
          first = x;
        last = x;
      }
  g_assert_cmpfloat (bar, ==, 100);
  g_assert_cmpint (first, >=, 10);
  g_assert_cmpint (first, <=, 11);
  g_assert_cmpint (last, >=, 108);
  g_assert_cmpint (last, <=, 110);
  g_assert_cmphex (pixel_at (surface, 150, 20) & 0xffffff, ==, 0x333333);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_figure (void)
{
  g_autoptr(IscFigure) fig = isc_figure_new (2, 2);
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *pdf = g_build_filename (dir, "figure.pdf", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 400);
  cairo_t *cr = cairo_create (surface);
  guint calls = 0;
  guint32 p;

  isc_figure_set_plot (fig, 0, 0, sample_plot ());
  isc_figure_set_panel_func (fig, 0, 1, red_panel, &calls, NULL);
  isc_figure_set_plot (fig, 1, 0, sample_plot ());
  isc_figure_draw (fig, cr, 400, 400);
  cairo_surface_flush (surface);
  g_assert_cmpuint (calls, ==, 1);
  /* Panel b (top right) is red in its middle; cell (1,1) is empty: white. */
  p = pixel_at (surface, 300, 100);
  g_assert_cmphex (p, ==, 0xffff0000);
  g_assert_cmphex (pixel_at (surface, 300, 300), ==, 0xffffffff);
  /* Letter "b" sits in the strip left of panel b: some dark pixels there. */
  {
    gboolean dark = FALSE;

    for (int y = 0; y < 14 && !dark; y++)
      for (int x = 203; x < 214; x++)
        if (((pixel_at (surface, x, y) >> 8) & 0xff) < 100)
          dark = TRUE;
    g_assert_true (dark);
  }
  g_assert_true (isc_figure_export (fig, pdf, 500, 400, 72, NULL));
  check_pdf (pdf, 500, 400);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_tsv (void)
{
  g_autoptr(IscPlot) plot = sample_plot ();
  g_autofree char *tsv = isc_plot_to_tsv (plot);
  g_auto(GStrv) lines = g_strsplit (tsv, "\n", -1);

  g_assert_cmpstr (lines[0], ==, "Cycle\tLi/(Ni+Co+Mn) & more");
  g_assert_cmpstr (lines[1], ==, "1\t180.9");
  g_assert_cmpstr (lines[5], ==, "5\t165");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plot/ticks/simple", test_ticks_simple);
  g_test_add_func ("/plot/ticks/tiny-span", test_ticks_tiny_span);
  g_test_add_func ("/plot/ticks/negative-labels", test_ticks_negative_labels);
  g_test_add_func ("/plot/copy", test_copy);
  g_test_add_func ("/plot/ticks/single-point", test_ticks_single_point);
  g_test_add_func ("/plot/ticks/log", test_ticks_log);
  g_test_add_func ("/plot/ticks/huge", test_ticks_huge);
  g_test_add_func ("/plot/axis/log-range-refused", test_log_range_refused);
  g_test_add_func ("/plot/draw/pixels", test_draw_pixels);
  g_test_add_func ("/plot/draw/dark-twin-log", test_draw_dark_twin_log);
  g_test_add_func ("/plot/draw/heatmap-and-kinds", test_heatmap_and_kinds);
  g_test_add_func ("/plot/draw/legend-avoids-data", test_legend_avoids_data);
  g_test_add_func ("/plot/export/png", test_export_png);
  g_test_add_func ("/plot/export/svg", test_export_svg);
  g_test_add_func ("/plot/export/pdf", test_export_pdf);
  g_test_add_func ("/plot/figure", test_figure);
  g_test_add_func ("/plot/figure/scale-bar", test_scale_bar);
  g_test_add_func ("/plot/tsv", test_tsv);
  return g_test_run ();
}
