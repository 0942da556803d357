/* test-spectrum-quant-view.c: the spectrum view's quantification (issue 14): the background
 * model control (none, constant, a/√m + b) and the label that states it; overlapping windows
 * drawn as stacked fills, each species' share of the counts in its colour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "isotopes.h"
#include "plot-view.h"
#include "spectrum-view.h"
#include "test-gtk-util.h"
#include "test-util.h"

static const double red[3] = { 1, 0, 0 };
static const double blue[3] = { 0, 0, 1 };

static gboolean
not_computing (gpointer view)
{
  return !isc_spectrum_view_is_computing (view);
}

static gboolean
decomposed (gpointer view)
{
  return !isc_spectrum_view_get_decomposition_busy (view) && isc_spectrum_view_get_decomposition (view) != NULL;
}

static void
redraw (GtkWidget *widget)
{
  gtk_widget_queue_draw (widget);
  gtk_test_widget_wait_for_draw (widget);
}

static IscPlot *
plot_of (IscSpectrumView *view)
{
  return isc_plot_view_get_plot (ISC_PLOT_VIEW (isc_spectrum_view_get_plot_view (view)));
}

static guint
count_series (IscPlot       *plot,
              IscSeriesKind  kind,
              const char    *label)
{
  guint n = 0;

  for (guint i = 0; i < isc_plot_get_n_series (plot); i++)
    {
      IscPlotSeries *s = isc_plot_get_series (plot, i);

      n += isc_plot_series_get_kind (s) == kind
           && (label == NULL || g_strcmp0 (isc_plot_series_get_label (s), label) == 0);
    }
  return n;
}

/* @n ions of @formula at @charge, as many at each isotope peak as its abundance gives, each
 * within ±0.004 Da of it. */
static void
add_species (GArray     *mq,
             const char *formula,
             guint       charge,
             guint       n)
{
  g_autoptr(GArray) peaks = isc_isotopes_formula_peaks (formula, charge, 0, 0, NULL);

  g_assert_nonnull (peaks);
  for (guint p = 0; p < peaks->len; p++)
    {
      const IscIsotopePeak *peak = &g_array_index (peaks, IscIsotopePeak, p);
      guint k = (guint) lround (n * peak->abundance);

      for (guint i = 0; i < k; i++)
        {
          float m = (float) (peak->mass_da + 0.004 * ((int) (i % 5) - 2) / 2.0);

          g_array_append_val (mq, m);
        }
    }
}

static IscIonCloud *
cloud_from (GArray *mq)
{
  IscIonCloud *cloud = isc_ion_cloud_new (mq->len);

  memcpy (cloud->mq, mq->data, mq->len * sizeof (float));
  memset (cloud->x, 0, mq->len * sizeof (float));
  memset (cloud->y, 0, mq->len * sizeof (float));
  memset (cloud->z, 0, mq->len * sizeof (float));
  isc_ion_cloud_update_bounds (cloud);
  return cloud;
}

static void
test_background_model (void)
{
  g_autoptr(GArray) mq = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) ranges = isc_range_set_new ();
  IscElementCount o[] = { { "O", 1 } };
  GtkWidget *widget = isc_spectrum_view_new ();
  IscSpectrumView *view = ISC_SPECTRUM_VIEW (widget);
  GtkWidget *dropdown, *label;
  GtkWindow *window;
  const IscBackground *bg;

  /* 100 ions per Da over 1–41 Da and an O⁺ peak. */
  for (guint i = 0; i < 4000; i++)
    {
      float m = 1.0f + (float) i / 100.0f;

      g_array_append_val (mq, m);
    }
  add_species (mq, "O", 1, 5000);
  cloud = cloud_from (mq);
  g_assert_cmpint (isc_range_set_add_ion_type (ranges, "O", o, 1, blue, NULL), ==, 0);
  g_assert_true (isc_range_set_add_range (ranges, 15.9, 16.1, 0, NULL));

  window = isc_test_show_in_window (widget, 680, 440);
  isc_spectrum_view_set_data (view, cloud, ranges);
  g_assert_true (isc_test_wait_until (not_computing, view, 30));
  dropdown = isc_test_get_widget (widget, GTK_TYPE_DROP_DOWN, "bg_model_dropdown");
  label = isc_test_get_widget (widget, GTK_TYPE_LABEL, "bg_label");
  /* Constant by default, waiting for windows. */
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, 1);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "constant"));

  g_assert_true (isc_spectrum_view_add_background_window (view, 2, 14, NULL));
  g_assert_true (isc_spectrum_view_add_background_window (view, 20, 40, NULL));
  bg = isc_spectrum_view_get_background (view);
  g_assert_nonnull (bg);
  g_assert_cmpint (bg->model, ==, ISC_BACKGROUND_CONSTANT);
  g_assert_cmpfloat (fabs (bg->b - 100), <, 3 * sqrt (bg->cov[1][1]));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "constant"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "windows: 2"));
  g_assert_cmpuint (count_series (plot_of (view), ISC_SERIES_LINE, NULL), ==, 1);

  /* a/√m + b from the dropdown; the label names it. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 2);
  bg = isc_spectrum_view_get_background (view);
  g_assert_nonnull (bg);
  g_assert_cmpint (bg->model, ==, ISC_BACKGROUND_INV_SQRT);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "/√m +"));

  /* None: no fit, no curve, the windows kept for later. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 0);
  g_assert_null (isc_spectrum_view_get_background (view));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "none"));
  g_assert_cmpuint (count_series (plot_of (view), ISC_SERIES_LINE, NULL), ==, 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);
  g_assert_nonnull (isc_spectrum_view_get_background (view));
  g_assert_cmpint (isc_spectrum_view_get_background (view)->model, ==, ISC_BACKGROUND_CONSTANT);

  /* The model set from code moves the dropdown. */
  isc_spectrum_view_set_background_model (view, ISC_BACKGROUND_INV_SQRT);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, 2);
  gtk_window_destroy (window);
}

/* O⁺ and O₂²⁺ share the 16 Da peak: the 16 Da bar is filled in O's colour up to O's share and
 * in O₂'s above it. */
static void
test_stacked_fills (void)
{
  g_autoptr(GArray) mq = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) ranges = isc_range_set_new ();
  IscElementCount o[] = { { "O", 1 } };
  IscElementCount o2[] = { { "O", 2 } };
  GtkWidget *widget = isc_spectrum_view_new ();
  IscSpectrumView *view = ISC_SPECTRUM_VIEW (widget);
  GtkWidget *plot_view = isc_spectrum_view_get_plot_view (view);
  const IscDecomposition *d;
  g_autofree guint32 *pixels = NULL;
  GtkWindow *window;
  IscPlot *plot;
  double px, ax, ay, aw, ah, share_o;
  guint n_red = 0, n_blue = 0;
  int g, w, h;

  add_species (mq, "O", 1, 20000);
  add_species (mq, "O2", 2, 10000);
  cloud = cloud_from (mq);
  g_assert_cmpint (isc_range_set_add_ion_type (ranges, "O", o, 1, blue, NULL), ==, 0);
  g_assert_cmpint (isc_range_set_add_ion_type (ranges, "O2", o2, 1, red, NULL), ==, 1);
  g_assert_true (isc_range_set_add_range (ranges, 15.9, 16.1, 0, NULL));
  g_assert_true (isc_range_set_add_range (ranges, 16.9, 17.1, 0, NULL));
  g_assert_true (isc_range_set_add_range (ranges, 17.9, 18.1, 0, NULL));
  g_assert_true (isc_range_set_add_range (ranges, 15.95, 16.05, 1, NULL));
  g_assert_true (isc_range_set_add_range (ranges, 16.45, 16.55, 1, NULL));
  g_assert_true (isc_range_set_add_range (ranges, 16.95, 17.05, 1, NULL));
  g_assert_true (ranges->has_overlaps);

  window = isc_test_show_in_window (widget, 680, 440);
  isc_spectrum_view_set_data (view, cloud, ranges);
  g_assert_true (isc_test_wait_until (not_computing, view, 30));
  g_assert_true (isc_test_wait_until (decomposed, view, 30));
  d = isc_spectrum_view_get_decomposition (view);
  g = isc_decomposition_find_group (d, 15.995f);
  g_assert_cmpint (g, >=, 0);
  /* By hand: 19 951 O⁺ and 9 951 O₂²⁺ ions at 16 Da, O's share 0.667. */
  share_o = d->shares[g * 2 + 0];
  g_test_message ("16 Da: O %.4f, O2 %.4f", share_o, d->shares[g * 2 + 1]);
  g_assert_cmpfloat_with_epsilon (share_o, 19951.0 / (19951.0 + 9951.0), 0.01);
  g_assert_cmpfloat_with_epsilon (d->shares[g * 2 + 1], 9951.0 / (19951.0 + 9951.0), 0.01);

  plot = plot_of (view);
  /* One fill per species in the 16 and 17 Da groups. */
  g_assert_cmpuint (count_series (plot, ISC_SERIES_BAND, "O"), ==, 2);
  g_assert_cmpuint (count_series (plot, ISC_SERIES_BAND, "O2"), ==, 2);

  /* Pixels: zoomed on 15.5–16.5 Da, the 16 Da bar holds both colours. */
  g_assert_true (isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_X, 15.5, 16.5, NULL));
  g_assert_true (isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_Y, 0.5, 50000, NULL));
  redraw (plot_view);
  pixels = isc_test_snapshot (plot_view, &w, &h, "spectrum-view-stacked.png");
  g_assert_true (isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 16.0, 1, &px, NULL));
  g_assert_true (isc_plot_get_data_area (plot, &ax, &ay, &aw, &ah));
  for (int y = (int) ay + 1; y < (int) (ay + ah) - 1; y++)
    {
      guint32 p = pixels[(gsize) y * w + (gsize) px] & 0xffffff;
      int r = (p >> 16) & 0xff, gg = (p >> 8) & 0xff, b = p & 0xff;

      n_red += r > b + 40 && r > gg + 40;
      n_blue += b > r + 40 && b > gg + 40;
    }
  g_test_message ("16 Da column: %u rows in O's colour, %u in O2's", n_blue, n_red);
  g_assert_cmpuint (n_blue, >, 50);
  g_assert_cmpuint (n_red, >, 3);
  g_assert_cmpuint (n_red, <, n_blue);

  /* Ranges without overlaps: no fills. */
  isc_range_set_remove_range (ranges, 3);
  isc_range_set_remove_range (ranges, 3);
  isc_range_set_remove_range (ranges, 3);
  ranges->has_overlaps = FALSE;
  isc_spectrum_view_ranges_changed (view);
  g_assert_null (isc_spectrum_view_get_decomposition (view));
  g_assert_cmpuint (count_series (plot_of (view), ISC_SERIES_BAND, NULL), ==, 0);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/widgets/spectrum-quant/background-model", test_background_model);
  g_test_add_func ("/widgets/spectrum-quant/stacked-fills", test_stacked_fills);
  return g_test_run ();
}
