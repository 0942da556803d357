/* test-thermal-page.c: the thermal-analysis page — the demo's TGA/DTA curves of TM(OH)2 with
 * and without LiOH overlaid, mass % with DTG on the twin axis, the DTA signal, the steps table
 * listing what the model finds, figures in PNG/SVG/PDF — and the window opening thermal files
 * through the dataset-kind registry (Open, project sidebar), with the unknown-file message
 * naming every kind of the registry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "demo-thermal.h"
#include "isc-application.h"
#include "isc-page.h"
#include "isc-window-private.h"
#include "palette.h"
#include "plot-view.h"
#include "test-gtk-util.h"
#include "test-util.h"
#include "thermal-page.h"

static IscApplication *app;

/* DIR/thermal/NAME of a freshly written demo. */
static char *
demo_file (const char *dir,
           const char *name)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isc_demo_write_thermal (dir, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return g_build_filename (dir, "thermal", name, NULL);
}

static GPtrArray *
load (const char *path)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *curves = isc_thermal_load (path, ISC_THERMAL_FORMAT_AUTO, NULL, &error);

  g_assert_no_error (error);
  return curves;
}

static GtkWidget *
plot_view (IscThermalPage *page)
{
  return isc_test_get_widget (GTK_WIDGET (page), ISC_TYPE_PLOT_VIEW, "plot_view");
}

static IscPlot *
page_plot (IscThermalPage *page)
{
  return isc_plot_view_get_plot (ISC_PLOT_VIEW (plot_view (page)));
}

static guint32
palette_rgb (guint index)
{
  IscColor c = isc_palette_get (index);

  return ((guint32) (c.r * 255 + 0.5) << 16) | ((guint32) (c.g * 255 + 0.5) << 8) | (guint32) (c.b * 255 + 0.5);
}

static void
test_page (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *hydroxide = demo_file (dir, ISC_DEMO_THERMAL_HYDROXIDE);
  g_autofree char *mixture = demo_file (dir, ISC_DEMO_THERMAL_MIXTURE);
  g_autofree char *steps = NULL;
  g_autoptr(IscThermalCurve) reference = NULL;
  g_autoptr(IscThermalAnalysis) expected = NULL;
  const IscThermalAnalysis *shown;
  IscThermalOptions options;
  IscThermalPage *page;
  GtkWindow *window;
  gboolean lithiation = FALSE;

  page = ISC_THERMAL_PAGE (isc_thermal_page_new ());
  window = isc_test_show_in_window (GTK_WIDGET (page), 1000, 640);
  g_assert_false (isc_page_can_export_figure (ISC_PAGE (page)));
  g_assert_null (page_plot (page));

  isc_thermal_page_add_curves (page, load (hydroxide));
  isc_thermal_page_add_curves (page, load (mixture));
  g_assert_cmpuint (isc_thermal_page_get_n_curves (page), ==, 2);
  g_assert_true (isc_page_can_export_figure (ISC_PAGE (page)));
  /* Opened again, a file replaces its curve in the overlay. */
  isc_thermal_page_add_curves (page, load (mixture));
  g_assert_cmpuint (isc_thermal_page_get_n_curves (page), ==, 2);
  g_assert_cmpstr (isc_thermal_page_get_curve (page, 1)->source, ==, mixture);

  /* The steps listed are the model's own for the same curve and options. */
  {
    g_autoptr(GPtrArray) curves = load (mixture);

    reference = g_ptr_array_steal_index (curves, 0);
  }
  isc_thermal_options_init (&options);
  expected = isc_thermal_analyse (reference, &options, NULL);
  g_assert_nonnull (expected);
  shown = isc_thermal_page_get_analysis (page, 1);
  g_assert_nonnull (shown);
  g_assert_cmpuint (shown->steps->len, ==, expected->steps->len);
  steps = isc_thermal_page_dup_steps_text (page);
  for (guint k = 0; k < expected->steps->len; k++)
    {
      const IscThermalStep *s = &g_array_index (expected->steps, IscThermalStep, k);
      g_autofree char *row = g_strdup_printf ("%s\t%.1f\t%.1f\t%.2f\n", reference->label, s->onset_c, s->peak_c,
                                              s->mass_loss_pct);

      g_assert_nonnull (strstr (steps, row));
      /* With LiOH, the hydroxide is lithiated near 200 °C before it decomposes. */
      if (fabs (s->peak_c - 200) < 5 && s->onset_c < 200)
        lithiation = TRUE;
    }
  g_assert_true (lithiation);

  /* Mass with DTG: per curve its mass, its DTG on the twin axis and its onset triangles. */
  g_assert_cmpuint (isc_plot_get_n_series (page_plot (page)), ==, 6);
  g_assert_true (isc_plot_has_twin_axis (page_plot (page)));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  {
    int w, h;
    g_autofree guint32 *pixels = isc_test_snapshot_cairo (plot_view (page), &w, &h, "thermal-page-plot.png");

    /* Both curves are drawn, each in its palette colour. */
    g_assert_cmpuint (isc_test_count_color (pixels, w, h, palette_rgb (0), 16), >, 200);
    g_assert_cmpuint (isc_test_count_color (pixels, w, h, palette_rgb (1), 16), >, 200);
  }
  {
    int w, h;

    g_free (isc_test_snapshot_cairo (GTK_WIDGET (page), &w, &h, "thermal-page.png"));
  }

  /* Every plot exports as a figure in the three formats. */
  for (IscThermalPlotKind kind = ISC_THERMAL_PLOT_MASS_DTG; kind <= ISC_THERMAL_PLOT_SIGNAL; kind++)
    {
      static const char *suffixes[] = { "png", "svg", "pdf" };

      isc_thermal_page_set_plot_kind (page, kind);
      g_assert_cmpuint (isc_plot_get_n_series (page_plot (page)), >=, 2);
      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *name = g_strdup_printf ("figure-%d.%s", kind, suffixes[i]);
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_autoptr(GError) error = NULL;

          g_assert_true (isc_plot_export (page_plot (page), path, 400, 300, 150, &error));
          g_assert_no_error (error);
          g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
        }
    }
  /* The DTA signal: one line per curve, no twin axis. */
  g_assert_cmpuint (isc_plot_get_n_series (page_plot (page)), ==, 2);
  g_assert_false (isc_plot_has_twin_axis (page_plot (page)));

  isc_thermal_page_clear (page);
  g_assert_cmpuint (isc_thermal_page_get_n_curves (page), ==, 0);
  g_assert_false (isc_page_can_export_figure (ISC_PAGE (page)));
  gtk_window_destroy (window);
}

static GtkWidget *
wait_for_curves (IscWindow *window,
                 guint      n)
{
  GtkWidget *page = NULL;

  for (int i = 0; i < 6000; i++)
    {
      page = gtk_stack_get_child_by_name (window->content_stack, "thermal");
      if (page != NULL && isc_thermal_page_get_n_curves (ISC_THERMAL_PAGE (page)) >= n)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_nonnull (page);
  g_assert_cmpuint (isc_thermal_page_get_n_curves (ISC_THERMAL_PAGE (page)), ==, n);
  return page;
}

/* Open, the sidebar and a real NETZSCH export all land on the thermal page. */
static void
test_window_opens_thermal (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *hydroxide = demo_file (dir, ISC_DEMO_THERMAL_HYDROXIDE);
  g_autofree char *mixture = demo_file (dir, ISC_DEMO_THERMAL_MIXTURE);
  g_autoptr(GFile) file = g_file_new_for_path (hydroxide);
  IscWindow *window = isc_window_new (app);
  GtkWidget *page;

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  isc_window_open_file (window, file);
  page = wait_for_curves (window, 1);
  g_assert_null (isc_window_get_banner_text (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "thermal");
  g_assert_true (isc_page_can_export_figure (ISC_PAGE (page)));
  {
    GtkListBoxRow *row = gtk_list_box_get_selected_row (window->page_list);

    g_assert_nonnull (row);
    g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (row)), ==, "kind-thermal");
  }
  /* A project's dataset opened from the sidebar joins the overlay. */
  _isc_window_dataset_activated (window, mixture, ISC_DATASET_THERMAL);
  wait_for_curves (window, 2);

  {
    g_autofree char *netzsch = isc_test_fixture_or_skip ("thermal/pytga/netzsch2_example_file.txt");

    if (netzsch != NULL)
      {
        g_autoptr(GFile) real = g_file_new_for_path (netzsch);

        isc_window_open_file (window, real);
        wait_for_curves (window, 3);
        g_assert_null (isc_window_get_banner_text (window));
      }
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A file of no known kind is answered with every kind the registry knows, by name. */
static void
test_unknown_file_names_kinds (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "notes.unknown", NULL);
  g_autoptr(GFile) file = NULL;
  IscWindow *window = isc_window_new (app);
  const char *banner;

  isc_test_write_file (path, "hello", 5);
  file = g_file_new_for_path (path);
  gtk_window_present (GTK_WINDOW (window));
  isc_window_open_file (window, file);
  banner = isc_window_get_banner_text (window);
  g_assert_nonnull (banner);
  g_assert_nonnull (strstr (banner, "notes.unknown"));
  for (IscDatasetKind kind = 0; kind < ISC_DATASET_N_KINDS; kind++)
    if (strstr (banner, isc_dataset_kind_describe (kind)) == NULL)
      g_error ("the message “%s” does not name %s", banner, isc_dataset_kind_to_string (kind));
  g_assert_nonnull (strstr (banner, "Diffraction patterns"));
  g_assert_nonnull (strstr (banner, "Thermal analysis curves"));
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
  g_test_add_func ("/thermal-page/page", test_page);
  g_test_add_func ("/thermal-page/window-opens-thermal", test_window_opens_thermal);
  g_test_add_func ("/thermal-page/unknown-file-names-kinds", test_unknown_file_names_kinds);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
