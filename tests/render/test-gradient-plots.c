/* test-gradient-plots.c: the four gradient figures from a hand-made gradient with known numbers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "gradient-plots.h"
#include "test-util.h"

/* Three conditions; site means, stds and gradient depths worked by hand (share 0.9):
 *  A "100 cycles": 50 nm {0.5, 0.6} → 0.55 ± 0.0707; 200 nm {0.7, 0.8, 0.9} → 0.8 ± 0.1;
 *                  1000 nm {1.0, 1.0} → 1.0 ± 0. Threshold 0.9 → 200 + 0.5 × 800 = 600 nm.
 *  B "300 cycles": 20 nm {0.2, 0.4} → 0.3 ± 0.1414; 400 nm {0.6, 0.6}; 2000 nm {1.0, 1.0}.
 *                  Threshold 0.9 → 400 + 0.75 × 1600 = 1600 nm.
 *  C "500 cycles": 100 nm {0.1}; 3000 nm {1.0}. 100 + 2900 × 0.8 / 0.9 = 2677.78 nm.
 * Ni is 0.8 everywhere. Retention: A 0.90, B 0.76, C unknown. */
static IscGradient *
make_gradient (void)
{
  IscGradient *g = isc_gradient_new ();
  static const struct
  {
    const char *condition;
    guint cycles;
    const char *site;
    double depth, li;
  } rows[] = {
    { "100 cycles", 100, "R1", 50, 0.5 },   { "100 cycles", 100, "R1", 50, 0.6 },
    { "100 cycles", 100, "R2", 200, 0.7 },  { "100 cycles", 100, "R2", 200, 0.8 },
    { "100 cycles", 100, "R2", 200, 0.9 },  { "100 cycles", 100, "R3", 1000, 1.0 },
    { "100 cycles", 100, "R3", 1000, 1.0 },
    { "300 cycles", 300, "R1", 20, 0.2 },   { "300 cycles", 300, "R1", 20, 0.4 },
    { "300 cycles", 300, "R2", 400, 0.6 },  { "300 cycles", 300, "R2", 400, 0.6 },
    { "300 cycles", 300, "R3", 2000, 1.0 }, { "300 cycles", 300, "R3", 2000, 1.0 },
    { "500 cycles", 500, "R1", 100, 0.1 },  { "500 cycles", 500, "R2", 3000, 1.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      isc_gradient_add_specimen (g, rows[i].condition, rows[i].cycles, rows[i].site,
                                 rows[i].depth, "Li", rows[i].li);
      isc_gradient_add_specimen (g, rows[i].condition, rows[i].cycles, rows[i].site,
                                 rows[i].depth, "Ni", 0.8);
    }
  isc_gradient_set_retention (g, "100 cycles", 100, 0.90);
  isc_gradient_set_retention (g, "300 cycles", 300, 0.76);
  return g;
}

static void
check_series (IscPlotSeries *s,
              const double  *x,
              const double  *y,
              guint          n)
{
  const double *sx, *sy;

  g_assert_cmpuint (isc_plot_series_get_data (s, &sx, &sy), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat_with_epsilon (sx[i], x[i], 1e-9);
      g_assert_cmpfloat_with_epsilon (sy[i], y[i], 1e-9);
    }
}

static void
check_color (IscPlotSeries *s,
             guint          index)
{
  IscColor a = isc_plot_series_get_color (s), b = isc_gradient_condition_color (index);

  g_assert_cmpfloat_with_epsilon (a.r, b.r, 1e-9);
  g_assert_cmpfloat_with_epsilon (a.g, b.g, 1e-9);
  g_assert_cmpfloat_with_epsilon (a.b, b.b, 1e-9);
}

/* Draws @plot at 600 × 400 and returns the surface. */
static cairo_surface_t *
draw (IscPlot *plot)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 400);
  cairo_t *cr = cairo_create (surface);

  isc_plot_draw (plot, cr, 600, 400);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Counts pixels within @radius of (px, py) that have @color (±0.04 per channel). */
static guint
count_color (cairo_surface_t *surface,
             double           px,
             double           py,
             int              radius,
             IscColor         color)
{
  unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  guint n = 0;

  for (int y = (int) py - radius; y <= (int) py + radius; y++)
    for (int x = (int) px - radius; x <= (int) px + radius; x++)
      {
        guint32 p;

        if (x < 0 || y < 0 || x >= w || y >= h)
          continue;
        p = *(guint32 *) (data + y * stride + x * 4);
        if (fabs (((p >> 16) & 0xff) / 255.0 - color.r) < 0.04
            && fabs (((p >> 8) & 0xff) / 255.0 - color.g) < 0.04
            && fabs ((p & 0xff) / 255.0 - color.b) < 0.04)
          n++;
      }
  return n;
}

static void
test_gradient_plot (void)
{
  g_autoptr(IscGradient) g = make_gradient ();
  g_autoptr(GError) error = NULL;
  IscGradientPlotOptions options = { "Li", NULL, NULL, FALSE, 0 };
  g_autoptr(IscPlot) plot = isc_gradient_plot_new (g, ISC_GRADIENT_PLOT_GRADIENT, &options, &error);
  cairo_surface_t *surface;
  double xmin, xmax, ymin, ymax;

  g_assert_no_error (error);
  g_assert_nonnull (plot);
  g_assert_cmpstr (isc_plot_get_axis_label (plot, ISC_PLOT_AXIS_Y), ==, "Li/(Ni+Co+Mn)");
  g_assert_cmpstr (isc_plot_get_axis_label (plot, ISC_PLOT_AXIS_X), ==,
                   "Depth below surface (nm)");
  g_assert_cmpuint (isc_plot_get_n_series (plot), ==, 3);
  g_assert_cmpstr (isc_plot_series_get_label (isc_plot_get_series (plot, 1)), ==, "300 cycles");
  g_assert_cmpint (isc_plot_series_get_kind (isc_plot_get_series (plot, 0)), ==,
                   ISC_SERIES_ERRORBARS);
  check_series (isc_plot_get_series (plot, 0), (double[]) { 50, 200, 1000 },
                (double[]) { 0.55, 0.8, 1.0 }, 3);
  check_series (isc_plot_get_series (plot, 1), (double[]) { 20, 400, 2000 },
                (double[]) { 0.3, 0.6, 1.0 }, 3);
  check_series (isc_plot_get_series (plot, 2), (double[]) { 100, 3000 },
                (double[]) { 0.1, 1.0 }, 2);
  for (guint c = 0; c < 3; c++)
    check_color (isc_plot_get_series (plot, c), c);

  surface = draw (plot);
  /* The range holds every point and every error bar (0.3 − 0.1414 at 20 nm). */
  isc_plot_get_axis_range (plot, ISC_PLOT_AXIS_X, &xmin, &xmax);
  isc_plot_get_axis_range (plot, ISC_PLOT_AXIS_Y, &ymin, &ymax);
  g_assert_cmpfloat (xmin, <=, 20);
  g_assert_cmpfloat (xmax, >=, 3000);
  g_assert_cmpfloat (ymin, <=, 0.1);
  g_assert_cmpfloat (ymax, >=, 1.0);

  /* Each condition's marker is drawn in its colour where its points are: the deepest points
   * are alone in their neighbourhood (1000, 2000 and 3000 nm). */
  for (guint c = 0; c < 3; c++)
    {
      const double depth[] = { 1000, 2000, 3000 };
      IscColor mine = isc_gradient_condition_color (c);
      IscColor other = isc_gradient_condition_color ((c + 1) % 3);
      double px, py;

      g_assert_true (isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, depth[c], 1.0, &px, &py));
      g_assert_cmpuint (count_color (surface, px, py, 1, mine), >=, 5);
      g_assert_cmpuint (count_color (surface, px, py, 2, other), ==, 0);
    }
  cairo_surface_destroy (surface);

  /* Log depth: a log axis whose range holds 20 … 3000 nm. */
  g_clear_pointer (&plot, isc_plot_free);
  options.log_depth = TRUE;
  plot = isc_gradient_plot_new (g, ISC_GRADIENT_PLOT_GRADIENT, &options, &error);
  g_assert_no_error (error);
  surface = draw (plot);
  cairo_surface_destroy (surface);
  isc_plot_get_axis_range (plot, ISC_PLOT_AXIS_X, &xmin, &xmax);
  g_assert_cmpfloat (xmin, >, 0);
  g_assert_cmpfloat (xmin, <=, 20);
  g_assert_cmpfloat (xmax, >=, 3000);
  /* On a log axis 20 and 2000 nm are as far apart as 200 and 20000 would be: check the
   * mapping is logarithmic through the pixel positions of 20, 200 and 2000 nm. */
  {
    double p20, p200, p2000, py;

    isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 20, 0.5, &p20, &py);
    isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 200, 0.5, &p200, &py);
    isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 2000, 0.5, &p2000, &py);
    g_assert_cmpfloat_with_epsilon (p200 - p20, p2000 - p200, 1e-6);
  }

  /* Another element and basis. */
  g_clear_pointer (&plot, isc_plot_free);
  options.element = "Ni";
  options.basis = "Ni, Co";
  plot = isc_gradient_plot_new (g, ISC_GRADIENT_PLOT_GRADIENT, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (isc_plot_get_axis_label (plot, ISC_PLOT_AXIS_Y), ==, "Ni/(Ni+Co)");
  check_series (isc_plot_get_series (plot, 1), (double[]) { 20, 400, 2000 },
                (double[]) { 0.8, 0.8, 0.8 }, 3);

  /* Unknown element. */
  g_clear_pointer (&plot, isc_plot_free);
  options.element = "Xe";
  plot = isc_gradient_plot_new (g, ISC_GRADIENT_PLOT_GRADIENT, &options, &error);
  g_assert_null (plot);
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Xe"));
}

static void
test_elements_plot (void)
{
  g_autoptr(IscGradient) g = make_gradient ();
  g_autoptr(GError) error = NULL;
  IscGradientPlotOptions options = { NULL, "300 cycles", NULL, FALSE, 0 };
  g_autoptr(IscPlot) plot = isc_gradient_plot_new (g, ISC_GRADIENT_PLOT_ELEMENTS, &options, &error);

  g_assert_no_error (error);
  /* Elements sorted by name: Li, Ni. */
  g_assert_cmpuint (isc_plot_get_n_series (plot), ==, 2);
  g_assert_cmpstr (isc_plot_series_get_label (isc_plot_get_series (plot, 0)), ==, "Li");
  g_assert_cmpstr (isc_plot_series_get_label (isc_plot_get_series (plot, 1)), ==, "Ni");
  check_series (isc_plot_get_series (plot, 0), (double[]) { 20, 400, 2000 },
                (double[]) { 0.3, 0.6, 1.0 }, 3);
  check_series (isc_plot_get_series (plot, 1), (double[]) { 20, 400, 2000 },
                (double[]) { 0.8, 0.8, 0.8 }, 3);
  g_assert_cmpstr (isc_plot_get_axis_label (plot, ISC_PLOT_AXIS_Y), ==,
                   "Atomic ratio to (Ni+Co+Mn)");

  /* Without a name: the first condition. */
  g_clear_pointer (&plot, isc_plot_free);
  options.condition = NULL;
  plot = isc_gradient_plot_new (g, ISC_GRADIENT_PLOT_ELEMENTS, &options, &error);
  g_assert_no_error (error);
  check_series (isc_plot_get_series (plot, 0), (double[]) { 50, 200, 1000 },
                (double[]) { 0.55, 0.8, 1.0 }, 3);

  g_clear_pointer (&plot, isc_plot_free);
  options.condition = "42 cycles";
  plot = isc_gradient_plot_new (g, ISC_GRADIENT_PLOT_ELEMENTS, &options, &error);
  g_assert_null (plot);
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "42 cycles"));
}

static void
test_depth_plot (void)
{
  g_autoptr(IscGradient) g = make_gradient ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IscPlot) plot = isc_gradient_plot_new (g, ISC_GRADIENT_PLOT_DEPTH, NULL, &error);
  double d3 = 100 + 2900 * 0.8 / 0.9;
  /* Equally spaced cycles: slope = (y3 − y1) / (x3 − x1), intercept through the means. */
  double slope = (d3 - 600) / 400, intercept = (600 + 1600 + d3) / 3 - slope * 300;
  const double *x, *y;
  IscPlotSeries *fit;
  double ymin, ymax;

  g_assert_no_error (error);
  /* Three conditions, the free line and the line through the origin. */
  g_assert_cmpuint (isc_plot_get_n_series (plot), ==, 5);
  check_series (isc_plot_get_series (plot, 0), (double[]) { 100 }, (double[]) { 600 }, 1);
  check_series (isc_plot_get_series (plot, 1), (double[]) { 300 }, (double[]) { 1600 }, 1);
  check_series (isc_plot_get_series (plot, 2), (double[]) { 500 }, (double[]) { d3 }, 1);
  for (guint c = 0; c < 3; c++)
    check_color (isc_plot_get_series (plot, c), c);
  fit = isc_plot_get_series (plot, 3);
  g_assert_cmpint (isc_plot_series_get_kind (fit), ==, ISC_SERIES_LINE);
  g_assert_cmpuint (isc_plot_series_get_data (fit, &x, &y), ==, 2);
  g_assert_cmpfloat_with_epsilon (x[0], 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (x[1], 500, 1e-9);
  g_assert_cmpfloat_with_epsilon (y[0], intercept + slope * 100, 1e-6);
  g_assert_cmpfloat_with_epsilon (y[1], intercept + slope * 500, 1e-6);
  g_assert_true (g_str_has_prefix (isc_plot_series_get_label (fit),
                                   "Fit: <i>d</i> = 5.19 <i>N</i> + 67.6 nm"));
  {
    const double cx[3] = { 100, 300, 500 }, cy[3] = { 600, 1600, d3 };
    double my = (cy[0] + cy[1] + cy[2]) / 3, ss_res = 0, ss_tot = 0;
    g_autofree char *r2 = NULL;

    for (guint i = 0; i < 3; i++)
      {
        ss_res += pow (cy[i] - (intercept + slope * cx[i]), 2);
        ss_tot += pow (cy[i] - my, 2);
      }
    r2 = g_strdup_printf ("r² = %.3f", 1 - ss_res / ss_tot);
    g_assert_nonnull (strstr (isc_plot_series_get_label (fit), r2));
  }
  g_assert_null (strstr (isc_plot_series_get_label (fit), "two points"));
  /* Issue 20 item 3: depth proportional to cycles, k = Σ N d / Σ N², from N = 0. */
  {
    double k = (100 * 600 + 300 * 1600 + 500 * d3) / (100.0 * 100 + 300 * 300 + 500 * 500);
    IscPlotSeries *origin = isc_plot_get_series (plot, 4);
    g_autofree char *prefix = g_strdup_printf ("Through the origin: <i>d</i> = (%.3g ± ", k);

    g_assert_cmpuint (isc_plot_series_get_data (origin, &x, &y), ==, 2);
    g_assert_cmpfloat_with_epsilon (x[0], 0, 1e-9);
    g_assert_cmpfloat_with_epsilon (y[0], 0, 1e-9);
    g_assert_cmpfloat_with_epsilon (y[1], k * x[1], 1e-6);
    g_assert_true (g_str_has_prefix (isc_plot_series_get_label (origin), prefix));
  }
  /* The points carry error bars: the depth's uncertainty (tested in test-gradient.c). */
  g_assert_cmpint (isc_plot_series_get_kind (isc_plot_get_series (plot, 0)), ==, ISC_SERIES_ERRORBARS);
  cairo_surface_destroy (draw (plot));
  isc_plot_get_axis_range (plot, ISC_PLOT_AXIS_Y, &ymin, &ymax);
  g_assert_cmpfloat (ymin, <=, 600);
  g_assert_cmpfloat (ymax, >=, d3);

  /* Two conditions only (A and B): the line through them, said to carry no statistics. */
  {
    g_autoptr(IscGradient) two = isc_gradient_new ();
    g_autoptr(IscPlot) pair = NULL;
    static const struct { guint cycles; double depth, li; } rows[] = {
      { 100, 200, 0.8 }, { 100, 1000, 1.0 }, { 300, 400, 0.6 }, { 300, 2000, 1.0 },
    };
    const char *label;

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      isc_gradient_add_specimen (two, rows[i].cycles == 100 ? "A" : "B", rows[i].cycles,
                                 rows[i].depth < 500 ? "R1" : "R2", rows[i].depth, "Li", rows[i].li);
    pair = isc_gradient_plot_new (two, ISC_GRADIENT_PLOT_DEPTH, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (isc_plot_get_n_series (pair), ==, 4);
    label = isc_plot_series_get_label (isc_plot_get_series (pair, 2));
    g_assert_true (g_str_has_prefix (label, "Fit: <i>d</i> = "));
    g_assert_nonnull (strstr (label, "two points: no fit statistics"));
    g_assert_null (strstr (label, "r²"));
  }
}

static void
test_retention_plot (void)
{
  g_autoptr(IscGradient) g = make_gradient ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IscPlot) plot = isc_gradient_plot_new (g, ISC_GRADIENT_PLOT_RETENTION, NULL, &error);
  double ma = (0.55 + 0.8 + 1.0) / 3, mb = (0.3 + 0.6 + 1.0) / 3;
  const double *x, *y;
  IscPlotSeries *fit;

  g_assert_no_error (error);
  /* C has no retention: two points and the line through them. */
  g_assert_cmpuint (isc_plot_get_n_series (plot), ==, 3);
  check_series (isc_plot_get_series (plot, 0), &ma, (double[]) { 90 }, 1);
  check_series (isc_plot_get_series (plot, 1), &mb, (double[]) { 76 }, 1);
  check_color (isc_plot_get_series (plot, 1), 1);
  fit = isc_plot_get_series (plot, 2);
  g_assert_cmpuint (isc_plot_series_get_data (fit, &x, &y), ==, 2);
  g_assert_cmpfloat_with_epsilon (x[0], mb, 1e-9);
  g_assert_cmpfloat_with_epsilon (y[0], 76, 1e-6);
  g_assert_cmpfloat_with_epsilon (x[1], ma, 1e-9);
  g_assert_cmpfloat_with_epsilon (y[1], 90, 1e-6);
  g_assert_cmpstr (isc_plot_get_axis_label (plot, ISC_PLOT_AXIS_Y), ==, "Capacity retention (%)");
  /* Slope (90 − 76) / (ma − mb) = 93.3 %, intercept 76 − 93.3 × mb = 16.9 %. */
  {
    g_autofree char *expected = g_strdup_printf ("Fit: <i>R</i> = %.3g <i>x</i> + %.3g %%",
                                                 14 / (ma - mb), 76 - 14 / (ma - mb) * mb);

    g_assert_true (g_str_has_prefix (isc_plot_series_get_label (fit), expected));
  }
  /* A line through two points fits them exactly: no r² = 1.000 pretending otherwise
   * (issue 11). */
  g_assert_nonnull (strstr (isc_plot_series_get_label (fit), "two points: no fit statistics"));
  g_assert_null (strstr (isc_plot_series_get_label (fit), "r²"));

  /* Without any retention there is nothing to draw. */
  {
    g_autoptr(IscGradient) bare = isc_gradient_new ();
    g_autoptr(IscPlot) none = NULL;

    isc_gradient_add_specimen (bare, "A", 1, "R1", 10, "Li", 0.5);
    none = isc_gradient_plot_new (bare, ISC_GRADIENT_PLOT_RETENTION, NULL, &error);
    g_assert_null (none);
    g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  }
}

static void
test_kinds (void)
{
  IscGradientPlotKind kind;

  for (guint k = 0; k < ISC_GRADIENT_PLOT_N_KINDS; k++)
    {
      g_assert_true (isc_gradient_plot_kind_from_string (isc_gradient_plot_kind_to_string (k),
                                                         &kind));
      g_assert_cmpint (kind, ==, k);
    }
  g_assert_true (isc_gradient_plot_kind_from_string ("gradient-depth", &kind));
  g_assert_cmpint (kind, ==, ISC_GRADIENT_PLOT_DEPTH);
  g_assert_false (isc_gradient_plot_kind_from_string ("depth", &kind));
  g_assert_false (isc_gradient_plot_kind_from_string (NULL, &kind));
  /* Colours differ between conditions, markers too for the first four. */
  for (guint a = 0; a < 4; a++)
    for (guint b = a + 1; b < 4; b++)
      {
        IscColor ca = isc_gradient_condition_color (a), cb = isc_gradient_condition_color (b);

        g_assert_true (ca.r != cb.r || ca.g != cb.g || ca.b != cb.b);
        g_assert_cmpint (isc_gradient_condition_marker (a), !=, isc_gradient_condition_marker (b));
      }
}

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              data,
           GError              **error)
{
  (*(guint *) data)++;
}

static void
test_exports (void)
{
  g_autoptr(IscGradient) g = make_gradient ();
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  for (guint k = 0; k < ISC_GRADIENT_PLOT_N_KINDS; k++)
    {
      g_autoptr(IscPlot) plot = isc_gradient_plot_new (g, k, NULL, &error);
      g_autofree char *png = g_strdup_printf ("%s/%s.png", dir, isc_gradient_plot_kind_to_string (k));
      g_autofree char *svg = g_strdup_printf ("%s/%s.svg", dir, isc_gradient_plot_kind_to_string (k));
      g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", dir, isc_gradient_plot_kind_to_string (k));
      g_autofree char *bytes = NULL;
      gsize len;
      GMarkupParser parser = { svg_start, NULL, NULL, NULL, NULL };
      GMarkupParseContext *ctx;
      guint n_elements = 0;

      g_assert_no_error (error);
      /* 288 × 216 pt at 144 dpi → 576 × 432 px. */
      g_assert_true (isc_plot_export (plot, png, 288, 216, 144, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (png, &bytes, &len, NULL));
      g_assert_cmpuint (len, >, 24);
      g_assert_cmpmem (bytes, 8, sig, 8);
      g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (bytes + 16)), ==, 576);
      g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (bytes + 20)), ==, 432);
      g_clear_pointer (&bytes, g_free);

      g_assert_true (isc_plot_export (plot, svg, 288, 216, 72, &error));
      g_assert_true (g_file_get_contents (svg, &bytes, &len, NULL));
      ctx = g_markup_parse_context_new (&parser, 0, &n_elements, NULL);
      g_assert_true (g_markup_parse_context_parse (ctx, bytes, len, &error));
      g_assert_no_error (error);
      g_assert_true (g_markup_parse_context_end_parse (ctx, &error));
      g_markup_parse_context_free (ctx);
      g_assert_cmpuint (n_elements, >, 20);
      g_clear_pointer (&bytes, g_free);

      g_assert_true (isc_plot_export (plot, pdf, 288, 216, 72, &error));
      g_assert_true (g_file_get_contents (pdf, &bytes, &len, NULL));
      g_assert_cmpuint (len, >, 100);
      g_assert_cmpmem (bytes, 5, "%PDF-", 5);
    }
}

/* Issue 20 item 2: the bulk (ICP-AES) ratio of a condition is drawn as a level beside its APT
 * site means, in the condition's colour, across every depth. */
static void
test_bulk_reference (void)
{
  g_autoptr(IscGradient) g = make_gradient ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IscPlot) plot = NULL;
  IscPlotSeries *bulk = NULL;
  const double *x, *y;

  isc_gradient_set_bulk_reference (g, "300 cycles", 300, "300 cycles (ICP-AES)", "Li", 0.83);
  plot = isc_gradient_plot_new (g, ISC_GRADIENT_PLOT_GRADIENT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (isc_plot_get_n_series (plot), ==, 4);
  bulk = isc_plot_get_series (plot, 3);
  g_assert_cmpstr (isc_plot_series_get_label (bulk), ==, "Bulk: 300 cycles (ICP-AES)");
  g_assert_cmpint (isc_plot_series_get_kind (bulk), ==, ISC_SERIES_LINE);
  g_assert_cmpuint (isc_plot_series_get_data (bulk, &x, &y), ==, 2);
  g_assert_cmpfloat_with_epsilon (x[0], 20, 1e-9);
  g_assert_cmpfloat_with_epsilon (x[1], 3000, 1e-9);
  g_assert_cmpfloat_with_epsilon (y[0], 0.83, 1e-9);
  g_assert_cmpfloat_with_epsilon (y[1], 0.83, 1e-9);
  {
    IscColor want = isc_gradient_condition_color (1), got = isc_plot_series_get_color (bulk);

    g_assert_cmpfloat_with_epsilon (got.r, want.r, 1e-9);
    g_assert_cmpfloat_with_epsilon (got.g, want.g, 1e-9);
    g_assert_cmpfloat_with_epsilon (got.b, want.b, 1e-9);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gradient-plots/kinds", test_kinds);
  g_test_add_func ("/gradient-plots/gradient", test_gradient_plot);
  g_test_add_func ("/gradient-plots/elements", test_elements_plot);
  g_test_add_func ("/gradient-plots/gradient-depth", test_depth_plot);
  g_test_add_func ("/gradient-plots/retention", test_retention_plot);
  g_test_add_func ("/gradient-plots/exports", test_exports);
  g_test_add_func ("/gradient-plots/bulk-reference", test_bulk_reference);
  return g_test_run ();
}
