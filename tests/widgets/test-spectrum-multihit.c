/* test-spectrum-multihit.c: the correlation histogram (Saxey plot) and the detector hit map
 * beside the mass spectrum of the APT page: shown for .epos data, greyed out with the reason
 * for data without ions per pulse or detector coordinates (issue 14).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "demo-apt.h"
#include "isc-apt-page.h"
#include "multihit-view.h"
#include "plot-view.h"
#include "test-gtk-util.h"
#include "test-util.h"

static void
put32 (GByteArray *a,
       guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (a, b, 4);
}

static void
putf (GByteArray *a,
      float       f)
{
  guint32 u;

  memcpy (&u, &f, 4);
  put32 (a, u);
}

/* 4000 pulses of two ions each: Li⁺ (7 Da) with O⁺ (16 Da), or O⁺ with O₂⁺ (32 Da), the
 * first in 3 of 4; the hits spread over a disc of 20 mm on the detector. */
#define N_EVENTS 4000

static char *
write_epos (const char *dir)
{
  g_autoptr(GByteArray) a = g_byte_array_new ();
  char *path = g_build_filename (dir, "pairs.epos", NULL);

  for (guint e = 0; e < N_EVENTS; e++)
    for (guint k = 0; k < 2; k++)
      {
        guint ion = 2 * e + k;
        float m = e % 4 != 3 ? (k == 0 ? 7.016f : 15.995f) : (k == 0 ? 15.995f : 31.990f);
        double t = ion * 2.399963, r = 20.0 * sqrt ((ion % 997) / 997.0);

        putf (a, (float) (r * cos (t))); putf (a, (float) (r * sin (t))); putf (a, ion * 0.01f);
        putf (a, m + 0.01f * ((int) (ion % 7) - 3));
        putf (a, 100); putf (a, 5000); putf (a, 0);
        putf (a, (float) (r * cos (t))); putf (a, (float) (r * sin (t)));
        put32 (a, k == 0 ? 1 : 0);
        put32 (a, k == 0 ? 2 : 0);
      }
  isc_test_write_file (path, a->data, a->len);
  return path;
}

static gboolean
has_histogram (gpointer data)
{
  return isc_multihit_view_get_histogram (data) != NULL;
}

/* Pixels of colour (not white, grey or black) in @widget: the heat map's cells. */
static gsize
count_coloured (GtkWidget  *widget,
                const char *png)
{
  int w, h;
  g_autofree guint32 *px = isc_test_snapshot (widget, &w, &h, png);
  gsize n = 0;

  for (gsize i = 0; i < (gsize) w * h; i++)
    {
      int r = (px[i] >> 16) & 0xff, g = (px[i] >> 8) & 0xff, b = px[i] & 0xff;

      n += MAX (r, MAX (g, b)) - MIN (r, MIN (g, b)) > 60;
    }
  return n;
}

static void
set_data (IscAptPage  *page,
          IscIonCloud *cloud)
{
  IscRangeSet *ranges = isc_demo_apt_ranges ();

  g_assert_true (isc_range_set_apply (ranges, cloud, NULL, NULL, NULL, NULL));
  isc_apt_page_set_data (page, cloud, ranges, isc_composition_compute (cloud, ranges, NULL, NULL, NULL));
}

static void
test_epos_views (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = write_epos (dir);
  g_autoptr(GError) error = NULL;
  IscIonCloud *cloud = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
  GtkWidget *widget = isc_apt_page_new ();
  IscAptPage *page = ISC_APT_PAGE (widget);
  GtkWindow *window = isc_test_show_in_window (widget, 1024, 700);
  IscMultihitView *corr = isc_apt_page_get_multihit_view (page, ISC_MULTIHIT_VIEW_CORRELATION);
  IscMultihitView *det = isc_apt_page_get_multihit_view (page, ISC_MULTIHIT_VIEW_DETECTOR);
  GtkWidget *corr_button, *det_button;
  const IscHistogram2D *h;
  double per_bin;
  guint64 total = 0;
  gsize coloured;
  int w, hh;

  g_assert_no_error (error);
  corr_button = isc_test_get_widget (widget, GTK_TYPE_TOGGLE_BUTTON, "correlation_button");
  det_button = isc_test_get_widget (widget, GTK_TYPE_TOGGLE_BUTTON, "detector_button");
  /* Without data, nothing to show. */
  g_assert_false (gtk_widget_get_sensitive (corr_button));

  set_data (page, cloud);
  g_assert_true (gtk_widget_get_sensitive (corr_button));
  g_assert_true (gtk_widget_get_sensitive (det_button));
  g_assert_cmpstr (isc_apt_page_get_spectrum_view_name (page), ==, "spectrum");
  /* Not computed while hidden. */
  g_assert_null (isc_multihit_view_get_histogram (corr));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (corr_button), TRUE);
  g_assert_cmpstr (isc_apt_page_get_spectrum_view_name (page), ==, "correlation");
  g_assert_true (isc_test_wait_until (has_histogram, corr, 30));
  h = isc_multihit_view_get_histogram (corr);
  per_bin = (h->hi - h->lo) / h->n;
  for (gsize i = 0; i < (gsize) h->n * h->n; i++)
    total += h->bins[i];
  /* One pair per pulse; Li–O pairs in the bins around (7, 16). */
  g_assert_cmpuint (total, ==, N_EVENTS);
  {
    guint64 li_o = 0;

    for (guint iy = 0; iy < h->n; iy++)
      for (guint ix = 0; ix < h->n; ix++)
        if (fabs (h->lo + (ix + 0.5) * per_bin - 7.0) < 0.5 && fabs (h->lo + (iy + 0.5) * per_bin - 16.0) < 0.5)
          li_o += h->bins[iy * h->n + ix];
    g_assert_cmpuint (li_o, ==, 3 * N_EVENTS / 4);
  }
  g_assert_nonnull (strstr (isc_test_label_text (GTK_WIDGET (corr), "status_label"), "4000"));
  gtk_test_widget_wait_for_draw (widget);
  coloured = count_coloured (isc_multihit_view_get_plot_view (corr), "multihit-correlation.png");
  g_test_message ("%" G_GSIZE_FORMAT " coloured pixels in the correlation histogram", coloured);
  g_assert_cmpuint (coloured, >, 200);
  g_free (isc_test_snapshot (widget, &w, &hh, "multihit-page-correlation.png"));

  /* Dissociation tracks: one line series each over the heat map and the diagonal; a bad one is
   * named and leaves the drawn ones as they were. */
  {
    g_autoptr(GError) error = NULL;
    IscPlot *plot = isc_plot_view_get_plot (ISC_PLOT_VIEW (isc_multihit_view_get_plot_view (corr)));
    guint before = isc_plot_get_n_series (plot);

    g_assert_true (isc_multihit_view_set_tracks (corr, "O2:2:O:1; NiO:2:Ni:1", &error));
    g_assert_no_error (error);
    g_assert_cmpuint (isc_multihit_view_get_n_tracks (corr), ==, 2);
    plot = isc_plot_view_get_plot (ISC_PLOT_VIEW (isc_multihit_view_get_plot_view (corr)));
    g_assert_cmpuint (isc_plot_get_n_series (plot), ==, before + 2);
    g_assert_false (isc_multihit_view_set_tracks (corr, "LiO:1:Li:1", &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "LiO:1:Li:1"));
    g_assert_cmpuint (isc_multihit_view_get_n_tracks (corr), ==, 2);
    g_assert_true (isc_multihit_view_set_tracks (corr, "", NULL));
    g_assert_cmpuint (isc_multihit_view_get_n_tracks (corr), ==, 0);
  }

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (det_button), TRUE);
  g_assert_cmpstr (isc_apt_page_get_spectrum_view_name (page), ==, "detector");
  g_assert_true (isc_test_wait_until (has_histogram, det, 30));
  h = isc_multihit_view_get_histogram (det);
  total = 0;
  for (gsize i = 0; i < (gsize) h->n * h->n; i++)
    total += h->bins[i];
  g_assert_cmpuint (total, ==, 2 * N_EVENTS);
  gtk_test_widget_wait_for_draw (widget);
  coloured = count_coloured (isc_multihit_view_get_plot_view (det), "multihit-detector.png");
  g_test_message ("%" G_GSIZE_FORMAT " coloured pixels in the detector map", coloured);
  g_assert_cmpuint (coloured, >, 2000);
  g_free (isc_test_snapshot (widget, &w, &hh, "multihit-page-detector.png"));

  /* Data without those channels (.pos): back to the spectrum, both greyed out, saying why. */
  set_data (page, isc_demo_apt_specimen (0, 0));
  g_assert_cmpstr (isc_apt_page_get_spectrum_view_name (page), ==, "spectrum");
  g_assert_false (gtk_widget_get_sensitive (corr_button));
  g_assert_false (gtk_widget_get_sensitive (det_button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (corr_button), ".epos"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (det_button), ".epos"));
  g_assert_null (isc_multihit_view_get_histogram (det));

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/spectrum-multihit/epos-views", test_epos_views);
  return g_test_run ();
}
