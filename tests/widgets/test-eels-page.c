/* test-eels-page.c: the EELS page — a fixture spectrum analysed in the worker with its edges
 * in the table and the plot, the white-line method switched and stated, a line scan's profiles
 * beside the survey image with the scan line on the same distance axis, the survey image read
 * from the file, the latest request winning, and the figures exported.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "demo-eels.h"
#include "eels-page.h"
#include "image-view.h"
#include "isc-page.h"
#include "plot-view.h"
#include "test-gtk-util.h"
#include "test-util.h"

static gboolean
idle_page (gpointer data)
{
  return !isc_dataset_page_is_busy (ISC_DATASET_PAGE (data));
}

static void
wait_idle (IscEelsPage *page)
{
  g_assert_true (isc_test_wait_until (idle_page, page, 60));
}

/* Does a label of the edge table read @text? */
static gboolean
table_has (IscEelsPage *page,
           const char  *text)
{
  GtkWidget *grid = isc_test_get_widget (GTK_WIDGET (page), GTK_TYPE_GRID, "edge_grid");

  for (GtkWidget *c = gtk_widget_get_first_child (grid); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LABEL (c) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (c)), text) == 0)
      return TRUE;
  return FALSE;
}

/* The page's plot view of builder id @id. */
static GtkWidget *
view_of (GtkWidget  *page,
         const char *id)
{
  return isc_test_get_widget (page, ISC_TYPE_PLOT_VIEW, id);
}

static IscPlot *
plot_of (GtkWidget  *page,
         const char *id)
{
  return isc_plot_view_get_plot (ISC_PLOT_VIEW (view_of (page, id)));
}

static void
test_spectrum (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("eels/hyperspy/coreloss_spectrum.msa");
  g_autofree char *dir = isc_test_make_tmpdir ();
  GtkWidget *page;
  GtkWindow *window;
  const IscEelsEdgeResult *mn, *o;
  IscPlot *plot;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;
  page = isc_eels_page_new ();
  window = isc_test_show_in_window (page, 1000, 700);
  g_assert_false (isc_page_can_export_figure (ISC_PAGE (page)));
  isc_eels_page_load (ISC_EELS_PAGE (page), path);
  g_assert_true (isc_dataset_page_is_busy (ISC_DATASET_PAGE (page)));
  wait_idle (ISC_EELS_PAGE (page));
  g_assert_cmpstr (isc_test_label_text (page, "status_label"), ==, "");

  /* REFERENCE.md: Mn L3 maximum 648.53 eV (background-subtracted 648.54), O K onset ≈ 534.6 eV */
  mn = isc_eels_page_get_edge (ISC_EELS_PAGE (page), "Mn");
  o = isc_eels_page_get_edge (ISC_EELS_PAGE (page), "O");
  g_assert_nonnull (mn);
  g_assert_nonnull (o);
  g_assert_true (mn->found && o->found);
  g_assert_cmpfloat_with_epsilon (mn->l3_ev, 648.54, 0.1);
  g_assert_cmpfloat_with_epsilon (o->onset_ev, 534.6, 2.0);
  g_assert_cmpint (mn->method, ==, ISC_EELS_WHITE_LINE_PEARSON);

  /* the table: a row per edge, the ratio with its method, the background's exponent */
  g_assert_true (table_has (ISC_EELS_PAGE (page), "Mn L2,3"));
  g_assert_true (table_has (ISC_EELS_PAGE (page), "Pearson"));
  {
    g_autofree char *r = g_strdup_printf ("%.3f", mn->background.r);
    g_autofree char *ratio = g_strdup_printf ("%.2f", mn->l3_l2_ratio);

    g_assert_true (table_has (ISC_EELS_PAGE (page), r));
    g_assert_true (table_has (ISC_EELS_PAGE (page), ratio));
  }

  /* the plot: spectrum plus a background per edge, a shaded window per edge found */
  plot = plot_of (page, "spectrum_view");
  g_assert_nonnull (plot);
  g_assert_cmpuint (isc_plot_get_n_series (plot), >=, 3);
  g_assert_cmpuint (isc_plot_get_n_xspans (plot), >=, 2);
  /* a single spectrum has no profile */
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (view_of (page, "profile_view"))));

  g_assert_true (isc_page_can_export_figure (ISC_PAGE (page)));
  for (guint i = 0; i < 3; i++)
    {
      const char *suffix[] = { "png", "svg", "pdf" };
      g_autofree char *name = g_strdup_printf ("spectrum.%s", suffix[i]);
      g_autofree char *out = g_build_filename (dir, name, NULL);
      g_autofree char *bytes = NULL;
      gsize len = 0;

      g_assert_true (isc_plot_view_export (ISC_PLOT_VIEW (view_of (page, "spectrum_view")),
                                           out, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (out, &bytes, &len, NULL));
      g_assert_cmpuint (len, >, 1000);
    }

  /* the second-derivative method: analysed again, stated in the table and in the result */
  isc_eels_page_set_method (ISC_EELS_PAGE (page), ISC_EELS_WHITE_LINE_SECOND_DERIVATIVE);
  g_assert_true (isc_dataset_page_is_busy (ISC_DATASET_PAGE (page)));
  wait_idle (ISC_EELS_PAGE (page));
  mn = isc_eels_page_get_edge (ISC_EELS_PAGE (page), "Mn");
  g_assert_cmpint (mn->method, ==, ISC_EELS_WHITE_LINE_SECOND_DERIVATIVE);
  g_assert_true (isfinite (mn->l3_l2_ratio));
  g_assert_true (table_has (ISC_EELS_PAGE (page), "Second derivative"));
  g_assert_false (table_has (ISC_EELS_PAGE (page), "Pearson"));
  /* the drop-down states it: 0 Pearson, 1 second derivative */
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (isc_test_get_widget (page, GTK_TYPE_DROP_DOWN, "method_dropdown"))),
                    ==, 1);
  gtk_window_destroy (window);
}

/* Two requests in a row: only the second one's result is shown. */
static void
test_latest_wins (void)
{
  g_autofree char *core = isc_test_fixture_or_skip ("eels/hyperspy/coreloss_spectrum.msa");
  g_autofree char *low = isc_test_fixture_or_skip ("eels/hyperspy/lowloss_spectrum.msa");
  GtkWidget *page;
  GtkWindow *window;

  if (core == NULL || low == NULL)
    return;
  page = isc_eels_page_new ();
  window = isc_test_show_in_window (page, 800, 600);
  isc_eels_page_load (ISC_EELS_PAGE (page), core);
  isc_eels_page_load (ISC_EELS_PAGE (page), low);
  wait_idle (ISC_EELS_PAGE (page));
  /* the low-loss spectrum holds no Mn edge, and its zero-loss peak (+0.873 eV) shifts the scale */
  g_assert_null (isc_eels_page_get_edge (ISC_EELS_PAGE (page), "Mn"));
  g_assert_nonnull (strstr (isc_test_label_text (page, "status_label"), "-0.87"));
  gtk_window_destroy (window);
}

/* The demo's line scan: profiles along the line, the survey with the scan line at its length. */
static void
test_line_scan (void)
{
  GtkWidget *page = isc_eels_page_new ();
  GtkWindow *window = isc_test_show_in_window (page, 1000, 720);
  GtkWidget *survey = isc_test_get_widget (page, ISC_TYPE_IMAGE_VIEW, "survey_view");
  IscPlot *profile;
  double x0, y0, x1, y1;
  guint n, found = 0;

  isc_eels_page_set_data (ISC_EELS_PAGE (page), isc_demo_eels_line_scan ());
  isc_eels_page_set_survey (ISC_EELS_PAGE (page), isc_demo_eels_survey ());
  wait_idle (ISC_EELS_PAGE (page));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (survey)));
  g_assert_nonnull (isc_image_view_get_image (ISC_IMAGE_VIEW (survey)));
  /* 40 steps of 0.25 nm on 0.1 nm pixels: 100 px, through the centre */
  g_assert_true (isc_image_view_get_line (ISC_IMAGE_VIEW (survey), &x0, &y0, &x1, &y1));
  g_assert_cmpfloat_with_epsilon (x1 - x0, 100, 1e-6);
  g_assert_cmpfloat_with_epsilon (y0, (ISC_DEMO_EELS_SURVEY_PX - 1) / 2.0, 1e-6);

  /* L3/L2 of Mn, Co and Ni along the line, over 0 … 10 nm */
  profile = plot_of (page, "profile_view");
  g_assert_nonnull (profile);
  g_assert_cmpuint (isc_plot_get_n_series (profile), ==, 3);
  n = isc_plot_series_get_data (isc_plot_get_series (profile, 2), NULL, NULL);
  g_assert_cmpuint (n, ==, ISC_DEMO_EELS_POINTS);
  g_assert_cmpstr (isc_plot_series_get_label (isc_plot_get_series (profile, 2)), ==, "Ni");

  /* the Ni L3 shift: lower at the pore (centre) than at the ends of the line */
  isc_eels_page_set_profile_kind (ISC_EELS_PAGE (page), ISC_EELS_PROFILE_L3_SHIFT);
  profile = plot_of (page, "profile_view");
  {
    const double *x = NULL, *y = NULL;
    double centre = 0, ends = 0;
    guint nc = 0, ne = 0;

    n = isc_plot_series_get_data (isc_plot_get_series (profile, 2), &x, &y);
    g_assert_cmpfloat_with_epsilon (x[n - 1], (ISC_DEMO_EELS_POINTS - 1) * ISC_DEMO_EELS_STEP_NM, 1e-9);
    for (guint i = 0; i < n; i++)
      {
        double r = fabs (x[i] - x[n - 1] / 2);

        if (!isfinite (y[i]))
          continue;
        found++;
        if (r < 1.0)
          centre += y[i], nc++;
        else if (r > 3.5)
          ends += y[i], ne++;
      }
    g_assert_cmpuint (nc, >, 0);
    g_assert_cmpuint (ne, >, 0);
    g_test_message ("Ni L3 shift: centre %.2f, ends %.2f eV", centre / nc, ends / ne);
    g_assert_cmpfloat (centre / nc - ends / ne, <, -0.3);
  }
  g_assert_cmpuint (found, >, ISC_DEMO_EELS_POINTS - 5);
  gtk_window_destroy (window);
}

/* A low-loss line scan: the t/λ profile follows the thickness put in (plasmon over zero loss);
 * a core-loss scan has none, and says why. */
static void
test_thickness_profile (void)
{
  const guint n = 1100, width = 6;
  IscEelsData *d = isc_eels_data_new (n, width, 1);
  GtkWidget *page = isc_eels_page_new ();
  GtkWindow *window = isc_test_show_in_window (page, 1000, 720);
  IscPlot *profile;
  const double *x = NULL, *y = NULL;
  guint got;

  d->energy_offset = -10;
  d->energy_scale = 0.1;
  d->spatial_scale = 2;
  g_free (d->spatial_unit);
  d->spatial_unit = g_strdup ("nm");
  for (guint p = 0; p < width; p++)
    {
      /* Poisson: plasmon/zero-loss = t/λ for single scattering */
      double t = 0.1 + 0.1 * p;

      for (guint i = 0; i < n; i++)
        {
          double e = -10 + 0.1 * i;

          d->counts[(gsize) p * n + i] = 1e5 * exp (-0.5 * pow (e / 0.5, 2)) + 1e5 * t * 0.5 / 4 * exp (-0.5 * pow ((e - 15) / 4, 2));
        }
    }
  isc_eels_page_set_data (ISC_EELS_PAGE (page), d);
  wait_idle (ISC_EELS_PAGE (page));
  isc_eels_page_set_profile_kind (ISC_EELS_PAGE (page), ISC_EELS_PROFILE_THICKNESS);
  profile = plot_of (page, "profile_view");
  g_assert_nonnull (profile);
  got = isc_plot_series_get_data (isc_plot_get_series (profile, 0), &x, &y);
  g_assert_cmpuint (got, ==, width);
  g_assert_cmpfloat_with_epsilon (x[width - 1], 10, 1e-9);
  for (guint p = 0; p < width; p++)
    {
      /* ln (1 + A_plasmon / A_zlp); the plasmon area is t/λ of the zero-loss area */
      double expected = log (1 + (0.1 + 0.1 * p) * 0.5 / 4 * 4 / 0.5);

      g_assert_cmpfloat (fabs (y[p] - expected), <, 0.02);
    }

  /* the demo's core-loss scan has no zero-loss peak */
  isc_eels_page_set_data (ISC_EELS_PAGE (page), isc_demo_eels_line_scan ());
  wait_idle (ISC_EELS_PAGE (page));
  g_assert_null (plot_of (page, "profile_view"));
  g_assert_nonnull (strstr (isc_test_label_text (page, "status_label"), "zero-loss"));
  isc_eels_page_set_profile_kind (ISC_EELS_PAGE (page), ISC_EELS_PROFILE_RATIO);
  g_assert_cmpstr (isc_test_label_text (page, "status_label"), ==, "");
  gtk_window_destroy (window);
}

/* The DM3 of the demo holds its survey: the page takes it from the file. */
static void
test_file_survey (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "scan.dm3", NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *page = isc_eels_page_new ();
  GtkWindow *window = isc_test_show_in_window (page, 1000, 720);
  const IscImage *image;

  g_assert_true (isc_demo_eels_write_dm3 (path, &error));
  g_assert_no_error (error);
  isc_eels_page_load (ISC_EELS_PAGE (page), path);
  wait_idle (ISC_EELS_PAGE (page));
  image = isc_image_view_get_image (ISC_IMAGE_VIEW (isc_test_get_widget (page, ISC_TYPE_IMAGE_VIEW, "survey_view")));
  g_assert_nonnull (image);
  g_assert_cmpuint (image->width, ==, ISC_DEMO_EELS_SURVEY_PX);
  g_assert_cmpstr (image->axis[ISC_IMAGE_AXIS_X].unit, ==, "nm");
  g_assert_nonnull (isc_eels_page_get_edge (ISC_EELS_PAGE (page), "Ni"));
  g_assert_true (isc_eels_page_get_edge (ISC_EELS_PAGE (page), "Ni")->found);
  {
    int w, h;

    g_free (isc_test_snapshot (GTK_WIDGET (window), &w, &h, "eels-page-line-scan.png"));
  }
  gtk_window_destroy (window);
}

int
main (int    argc,
      char **argv)
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/eels-page/spectrum", test_spectrum);
  g_test_add_func ("/eels-page/latest-wins", test_latest_wins);
  g_test_add_func ("/eels-page/line-scan", test_line_scan);
  g_test_add_func ("/eels-page/file-survey", test_file_survey);
  g_test_add_func ("/eels-page/thickness-profile", test_thickness_profile);
  return g_test_run ();
}
