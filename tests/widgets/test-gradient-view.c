/* test-gradient-view.c: the gradient view analyses a project off the main thread, shows each
 * condition in its colour (screenshot), follows the choosers, exports the site table and
 * reports a broken project in one line; the main loop runs on while a specimen of twenty
 * million ions is analysed, and the view is finalized at once when destroyed while busy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cycling-data.h"
#include "demo-cycling.h"
#include "gradient-test-project.h"
#include "gradient-view.h"
#include "pos-io.h"
#include "project-file.h"
#include "test-gtk-util.h"
#include "test-util.h"
#include "../render/widget-shot.h"

static guint32
rgb_of (IscColor c)
{
  return ((guint32) (c.r * 255 + 0.5) << 16) | ((guint32) (c.g * 255 + 0.5) << 8)
         | (guint32) (c.b * 255 + 0.5);
}

static IscPlotView *
plot_view (IscGradientView *view)
{
  return ISC_PLOT_VIEW (isc_test_get_widget (GTK_WIDGET (view), ISC_TYPE_PLOT_VIEW, "plot_view"));
}

static gboolean
not_busy (gpointer view)
{
  return !isc_gradient_view_get_busy (view);
}

/* Runs the main loop until the analysis is over (a guard, not a timing: 60 s). */
static void
wait_idle (IscGradientView *view)
{
  g_assert_true (isc_test_wait_until (not_busy, view, 60));
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
      g_assert_cmpfloat_with_epsilon (sy[i], y[i], 1e-6);
    }
}

static void
test_views (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = isc_test_write_gradient_project (dir, NULL);
  g_autofree char *csv_path = g_build_filename (dir, "sites.csv", NULL);
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IscProject) project = isc_project_load (file, &error);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = isc_gradient_view_new ();
  IscGradientView *view = ISC_GRADIENT_VIEW (widget);
  IscPlotView *pv = plot_view (view);
  IscPlot *plot;
  double ax, ay, aw, ah, px, py;

  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));

  isc_gradient_view_set_project (view, project);
  g_assert_true (isc_gradient_view_get_busy (view));
  wait_idle (view);
  g_assert_null (isc_gradient_view_get_message (view));
  g_assert_nonnull (isc_gradient_view_get_gradient (view));
  g_assert_cmpstr (isc_gradient_view_get_element (view), ==, "Li");
  gtk_test_widget_wait_for_draw (window);

  /* Li versus depth: the three conditions, 300 cycles at 15, 350 and 2500 nm. */
  plot = isc_plot_view_get_plot (pv);
  g_assert_cmpuint (isc_plot_get_n_series (plot), ==, 3);
  check_series (isc_plot_get_series (plot, 2), (double[]) { 15, 350, 2500 },
                (double[]) { 0.37, 0.70, 1.03 }, 3);
  {
    g_autoptr(WidgetShot) shot = widget_shot_take (GTK_WIDGET (pv));

    g_assert_true (isc_plot_get_data_area (plot, &ax, &ay, &aw, &ah));
    for (guint c = 0; c < 3; c++)
      g_assert_cmpuint (widget_shot_count (shot, rgb_of (isc_gradient_condition_color (c)), 12,
                                           ax, ay, ax + aw, ay + ah), >, 10);
    /* The deepest 300-cycle point (2500 nm, 1.03) is green where it should be; the 100-cycle
     * point (2000 nm, 0.99) is vermillion. */
    isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 2500, 1.03, &px, &py);
    g_assert_cmpuint (widget_shot_count (shot, rgb_of (isc_gradient_condition_color (2)), 12,
                                         px - 2, py - 2, px + 3, py + 3), >=, 6);
    isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 2000, 0.99, &px, &py);
    g_assert_cmpuint (widget_shot_count (shot, rgb_of (isc_gradient_condition_color (1)), 12,
                                         px - 2, py - 2, px + 3, py + 3), >=, 6);
    g_assert_cmpuint (widget_shot_count (shot, rgb_of (isc_gradient_condition_color (2)), 12,
                                         px - 2, py - 2, px + 3, py + 3), ==, 0);
  }

  /* Log depth: decades are equally wide. */
  isc_gradient_view_set_log_depth (view, TRUE);
  gtk_test_widget_wait_for_draw (window);
  {
    double p10, p100, p1000;

    plot = isc_plot_view_get_plot (pv);
    isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 10, 0.5, &p10, &py);
    isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 100, 0.5, &p100, &py);
    isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 1000, 0.5, &p1000, &py);
    g_assert_cmpfloat_with_epsilon (p100 - p10, p1000 - p100, 1e-6);
  }

  /* All elements of 300 cycles, chosen through the action and the chooser. */
  gtk_widget_activate_action (widget, "gradient.kind", "s", "elements");
  g_assert_cmpint (isc_gradient_view_get_kind (view), ==, ISC_GRADIENT_PLOT_ELEMENTS);
  isc_gradient_view_set_condition (view, "300 cycles");
  plot = isc_plot_view_get_plot (pv);
  g_assert_cmpuint (isc_plot_get_n_series (plot), ==, 5);   /* Co Li Mn Ni O */
  g_assert_cmpstr (isc_plot_series_get_label (isc_plot_get_series (plot, 3)), ==, "Ni");
  check_series (isc_plot_get_series (plot, 3), (double[]) { 15, 350, 2500 },
                (double[]) { 0.80, 0.80, 0.80 }, 3);

  /* Another element for the gradient plot. */
  isc_gradient_view_set_kind (view, ISC_GRADIENT_PLOT_GRADIENT);
  isc_gradient_view_set_element (view, "Mn");
  g_assert_cmpstr (isc_gradient_view_get_element (view), ==, "Mn");
  check_series (isc_plot_get_series (isc_plot_view_get_plot (pv), 0), (double[]) { 500 },
                (double[]) { 0.05 }, 1);
  isc_gradient_view_set_element (view, "Li");

  /* Retention versus Li: pristine (1.02, 100 %) and 300 cycles (0.70, 76 %); 100 cycles has
   * no retention. */
  isc_gradient_view_set_kind (view, ISC_GRADIENT_PLOT_RETENTION);
  gtk_test_widget_wait_for_draw (window);
  plot = isc_plot_view_get_plot (pv);
  g_assert_cmpuint (isc_plot_get_n_series (plot), ==, 3);
  check_series (isc_plot_get_series (plot, 1), (double[]) { 0.70 }, (double[]) { 76 }, 1);
  {
    g_autoptr(WidgetShot) shot = widget_shot_take (GTK_WIDGET (pv));

    isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 0.70, 76, &px, &py);
    g_assert_cmpuint (widget_shot_count (shot, rgb_of (isc_gradient_condition_color (2)), 12,
                                         px - 2, py - 2, px + 3, py + 3), >=, 6);
  }

  /* Gradient depth: 100 cycles at 50 + 0.321 / 0.42 × 1950 nm, 300 cycles at
   * 350 + 0.227 / 0.33 × 2150 nm (share 0.9 of 0.99 and 1.03). */
  isc_gradient_view_set_kind (view, ISC_GRADIENT_PLOT_DEPTH);
  plot = isc_plot_view_get_plot (pv);
  check_series (isc_plot_get_series (plot, 0), (double[]) { 100 },
                (double[]) { 50 + 0.321 / 0.42 * 1950 }, 1);
  check_series (isc_plot_get_series (plot, 1), (double[]) { 300 },
                (double[]) { 350 + 0.227 / 0.33 * 2150 }, 1);

  /* The site table. */
  g_assert_true (isc_gradient_view_export_table (view, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "condition,cycles,site,depth_nm,n,Co_mean,Co_std,"
                                        "Li_mean,Li_std,Mn_mean,Mn_std,Ni_mean,Ni_std,"
                                        "O_mean,O_std\n"));
  /* R3: Li 0.69 and 0.71 → 0.7 ± 0.0141421; O fills up to 400 ions: 2.31 and 2.29. */
  g_assert_nonnull (strstr (csv, "\n300 cycles,300,R3,350,2,0.15,0,0.7,0.0141421,0.05,0,0.8,0,"
                                 "2.3,0.0141421\n"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Retention of "100 cycles" from its cycler data (the demo's full cell): the discharge of the
 * 100th test cycle (102) over that of the first after the two formation cycles (3), read from
 * the per-cycle summary. */
static void
test_cycler_retention (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *cell = g_build_filename (dir, "cycling", "18650-full-cell.csv", NULL);
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IscProject) project = NULL;
  g_autoptr(IscCyclingData) data = NULL;
  g_autoptr(GArray) summary = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = isc_gradient_view_new ();
  IscGradientView *view = ISC_GRADIENT_VIEW (widget);
  double q3 = NAN, q102 = NAN;

  g_assert_true (isc_demo_write_cycling (dir, NULL, &error));
  g_assert_no_error (error);
  file = isc_test_write_gradient_project (dir, cell);
  project = isc_project_load (file, &error);
  g_assert_no_error (error);
  data = isc_cycling_load (cell, ISC_CYCLER_AUTO, NULL, &error);
  g_assert_no_error (error);
  summary = isc_cycling_summarize (data, NAN, -1);
  for (guint i = 0; i < summary->len; i++)
    {
      IscCycleSummary *s = &g_array_index (summary, IscCycleSummary, i);

      if (s->cycle == 3)
        q3 = s->discharge_mah;
      if (s->cycle == 102)
        q102 = s->discharge_mah;
    }

  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  isc_gradient_view_set_project (view, project);
  wait_idle (view);
  g_assert_cmpfloat_with_epsilon (isc_gradient_get_retention (isc_gradient_view_get_gradient (view), 1),
                                  q102 / q3, 1e-9);
  /* Between the fresh cell and the 76 % after 300 cycles. */
  g_assert_cmpfloat (q102 / q3, <, 1.0);
  g_assert_cmpfloat (q102 / q3, >, 0.76);
  isc_gradient_view_set_kind (view, ISC_GRADIENT_PLOT_RETENTION);
  g_assert_cmpuint (isc_plot_get_n_series (isc_plot_view_get_plot (plot_view (view))),
                    ==, 4);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Replacing the project while busy, and destroying the view while busy, cancel cleanly; a
 * specimen without a range file is reported by name. */
static void
test_cancel_and_errors (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = isc_test_write_gradient_project (dir, NULL);
  g_autofree char *broken_file = g_build_filename (dir, "broken.ionscape", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscProject) project = isc_project_load (file, &error);
  g_autoptr(IscProject) second = isc_project_load (file, &error);
  g_autoptr(IscProject) broken = isc_project_new ();
  g_autofree char *lonely = g_build_filename (dir, "c300", "R1-1.pos", NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = isc_gradient_view_new ();
  IscGradientView *view = ISC_GRADIENT_VIEW (widget);

  g_assert_no_error (error);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));

  isc_gradient_view_set_project (view, project);
  isc_gradient_view_set_project (view, second);
  wait_idle (view);
  g_assert_nonnull (isc_gradient_view_get_gradient (view));
  g_assert_cmpuint (isc_gradient_get_n_conditions (isc_gradient_view_get_gradient (view)), ==, 3);

  isc_gradient_view_set_project (view, NULL);
  g_assert_false (isc_gradient_view_get_busy (view));
  g_assert_null (isc_gradient_view_get_gradient (view));
  g_assert_null (isc_plot_view_get_plot (plot_view (view)));

  isc_site_add_dataset (isc_condition_add_site (isc_project_add_condition (broken, "c", 1), "R1",
                                                10, ""), ISC_DATASET_APT, lonely);
  isc_gradient_view_set_project (view, broken);
  wait_idle (view);
  g_assert_null (isc_gradient_view_get_gradient (view));
  g_assert_nonnull (strstr (isc_gradient_view_get_message (view), "R1-1.pos"));
  g_assert_null (strchr (isc_gradient_view_get_message (view), '\n'));
  g_assert_false (isc_gradient_view_export_table (view, broken_file, &error));
  g_assert_error (error, ISC_PROJECT_ERROR, ISC_ERROR_ARGUMENT);

  /* Destroyed while busy: the worker reads its own copy of the project, so the view is
   * finalized at once, and the project may go right after. */
  isc_gradient_view_set_project (view, second);
  g_assert_true (isc_gradient_view_get_busy (view));
  g_object_ref (widget);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (widget);
  g_clear_pointer (&second, isc_project_free);
}

/* Laptop sizes (issue 11): in a 740 px wide page (1024 × 700 with the sidebar folded) every
 * chooser and the export button are inside the view, which is no wider than the page: the
 * controls wrap onto a second line rather than scroll sideways. */
static void
test_narrow (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = isc_test_write_gradient_project (dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscProject) project = isc_project_load (file, &error);
  GtkWidget *widget = isc_gradient_view_new ();
  GtkWindow *window = isc_test_show_in_window (widget, 740, 560);
  static const struct { GType (*type) (void); const char *name; } controls[] = {
    { gtk_drop_down_get_type, "kind_dropdown" },
    { gtk_drop_down_get_type, "element_dropdown" },
    { gtk_drop_down_get_type, "condition_dropdown" },
    { gtk_check_button_get_type, "Log depth" },
    { gtk_button_get_type, "Export site table (CSV)…" },
  };
  graphene_rect_t plot;
  int w, h;

  g_assert_no_error (error);
  isc_gradient_view_set_project (ISC_GRADIENT_VIEW (widget), project);
  wait_idle (ISC_GRADIENT_VIEW (widget));
  /* The widest choice of each chooser is shown. */
  isc_gradient_view_set_kind (ISC_GRADIENT_VIEW (widget), ISC_GRADIENT_PLOT_RETENTION);
  isc_gradient_view_set_condition (ISC_GRADIENT_VIEW (widget), "100 cycles");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_cmpint (gtk_widget_get_width (widget), <=, 740);
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      GtkWidget *control = isc_test_get_widget (widget, controls[i].type (), controls[i].name);
      graphene_rect_t b;

      g_assert_true (gtk_widget_get_mapped (control));
      g_assert_true (gtk_widget_compute_bounds (control, widget, &b));
      g_test_message ("%s: x %.0f–%.0f, y %.0f–%.0f of %d", controls[i].name, b.origin.x,
                      b.origin.x + b.size.width, b.origin.y, b.origin.y + b.size.height,
                      gtk_widget_get_width (widget));
      g_assert_cmpfloat (b.origin.x, >=, 0);
      g_assert_cmpfloat (b.origin.x + b.size.width, <=, gtk_widget_get_width (widget));
    }
  /* The plot keeps most of the height. */
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (plot_view (ISC_GRADIENT_VIEW (widget))),
                                            widget, &plot));
  g_assert_cmpfloat (plot.size.width, ==, gtk_widget_get_width (widget));
  g_assert_cmpfloat (plot.size.height, >, 0.75 * gtk_widget_get_height (widget));
  g_free (isc_test_snapshot (GTK_WIDGET (window), &w, &h, "gradient-view-740.png"));
  gtk_window_destroy (window);
}

/* ------------------------------------------------------------ a large specimen */

#define N_LARGE ((gsize) 20000000)

/* A one-site project (condition "big", 300 cycles) whose only specimen holds @n ions of the
 * study's ions (per 200: Ni 80, Co 15, Mn 5, Li 35, O 65), so the analysis loads, ranges and
 * counts them all. Written once per run. */
static IscProject *
large_project (void)
{
  static char *dir;
  g_autofree char *ranges = NULL;
  g_autofree char *pos = NULL;
  IscProject *project = isc_project_new ();
  IscSite *site;

  if (dir == NULL)
    {
      static const float cycle[] = { 58, 59, 55, 7, 16 };
      static const guint counts[] = { 80, 15, 5, 35, 65 };
      g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (N_LARGE);
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      gsize i = 0;

      dir = isc_test_make_tmpdir ();
      while (i < N_LARGE)
        for (guint k = 0; k < G_N_ELEMENTS (cycle) && i < N_LARGE; k++)
          for (guint j = 0; j < counts[k] && i < N_LARGE; j++, i++)
            cloud->mq[i] = cycle[k];
      for (i = 0; i < N_LARGE; i++)
        {
          cloud->x[i] = (float) (i % 97) * 0.5f;
          cloud->y[i] = (float) (i % 89) * 0.5f;
          cloud->z[i] = (float) i * 1e-5f;
        }
      isc_ion_cloud_update_bounds (cloud);
      pos = g_build_filename (dir, "large.pos", NULL);
      g_assert_true (isc_ion_cloud_save_pos (cloud, pos, &error));
      g_assert_no_error (error);
      ranges = g_build_filename (dir, "ranges.rrng", NULL);
      isc_test_write_gradient_ranges (ranges);
      g_clear_pointer (&pos, g_free);
      g_clear_pointer (&ranges, g_free);
      g_test_message ("wrote %" G_GSIZE_FORMAT " ions in %.0f ms", N_LARGE,
                      (g_get_monotonic_time () - start) / 1000.0);
    }
  pos = g_build_filename (dir, "large.pos", NULL);
  ranges = g_build_filename (dir, "ranges.rrng", NULL);
  site = isc_condition_add_site (isc_project_add_condition (project, "big", 300), "R1", 100, "");
  isc_dataset_set_range_path (isc_site_add_dataset (site, ISC_DATASET_APT, pos), ranges);
  return project;
}

/* The window never waits for the analysis (issue 22): a 10 ms timer keeps firing while 20
 * million ions are read, ranged and counted, and another project given mid-analysis is taken
 * at once. */
static void
test_main_loop_while_busy (void)
{
  g_autoptr(IscProject) project = large_project ();
  g_autoptr(IscProject) again = large_project ();
  GtkWidget *widget = isc_gradient_view_new ();
  IscGradientView *view = ISC_GRADIENT_VIEW (widget);
  GtkWindow *window = isc_test_show_in_window (widget, 900, 600);
  g_autoptr(IscTestTicker) ticker = NULL;
  gint64 start, call, elapsed;

  ticker = isc_test_ticker_new (10);
  start = g_get_monotonic_time ();
  isc_gradient_view_set_project (view, project);
  call = g_get_monotonic_time () - start;
  g_assert_true (isc_gradient_view_get_busy (view));
  g_assert_true (isc_test_wait_for_notify (view, "busy", 60));
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("%" G_GSIZE_FORMAT " ions: analysis in %.0f ms; set_project returned in %.2f ms; "
                  "the 10 ms timer fired %u times, longest gap %.0f ms",
                  N_LARGE, elapsed / 1000.0, call / 1000.0, ticker->ticks, ticker->longest_gap_us / 1000.0);
  g_assert_false (isc_gradient_view_get_busy (view));
  g_assert_null (isc_gradient_view_get_message (view));
  /* Li / (Ni + Co + Mn) = 35 / 100 in every 200 ions. */
  g_assert_cmpuint (isc_gradient_get_n_conditions (isc_gradient_view_get_gradient (view)), ==, 1);
  g_assert_cmpfloat_with_epsilon (isc_gradient_get_condition_mean (isc_gradient_view_get_gradient (view),
                                                                   0, "Li"), 0.35, 1e-6);
  g_assert_cmpint (call, <, G_USEC_PER_SEC);   /* sanity bound: timings belong in bench/ */
  /* A blocked loop would tick at most once, at the end; a free one ticks along the way. The
   * count is not held against the elapsed time: a loaded machine gives the loop few turns. */
  if (elapsed > 60000)
    g_assert_cmpuint (ticker->ticks, >=, 2);
  else
    g_test_message ("the analysis took under 60 ms: too short to tell whether the loop turned");

  /* Mid-analysis, another project (the same study again, cache and all dropped) is taken at
   * once, and so is none. */
  isc_gradient_view_set_project (view, again);
  /* Busy at once: a tick of the loop could already see it done, the specimens now being mapped
   * from the column cache the first analysis wrote. */
  g_assert_true (isc_gradient_view_get_busy (view));
  start = g_get_monotonic_time ();
  isc_gradient_view_set_project (view, NULL);
  call = g_get_monotonic_time () - start;
  g_test_message ("replacing the project mid-analysis returned in %.2f ms", call / 1000.0);
  g_assert_cmpint (call, <, G_USEC_PER_SEC);   /* sanity bound: timings belong in bench/ */
  g_assert_false (isc_gradient_view_get_busy (view));
  g_assert_null (isc_gradient_view_get_gradient (view));

  gtk_window_destroy (window);
}

/* Destroying the window while a large specimen is analysed finalizes the view at once. */
static void
test_dispose_while_busy (void)
{
  g_autoptr(IscProject) project = large_project ();
  GtkWidget *widget = isc_gradient_view_new ();
  GtkWindow *window = isc_test_show_in_window (widget, 900, 600);
  gint64 start;

  isc_gradient_view_set_project (ISC_GRADIENT_VIEW (widget), project);
  g_assert_true (isc_gradient_view_get_busy (ISC_GRADIENT_VIEW (widget)));
  g_object_ref (widget);
  start = g_get_monotonic_time ();
  gtk_window_destroy (window);
  g_assert_finalize_object (widget);
  g_test_message ("destroyed in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
}

/* Issue 20 item 2: the project's ICP-AES row of a condition shows as its bulk level in the
 * view's Li-versus-depth plot, beside the APT site means. */
static void
test_bulk_reference (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = isc_test_write_gradient_project (dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscProject) project = isc_project_load (file, &error);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = isc_gradient_view_new ();
  IscGradientView *view = ISC_GRADIENT_VIEW (widget);
  IscPlot *plot;
  IscPlotSeries *bulk;
  IscReference *icp;
  const double *x, *y;

  g_assert_no_error (error);
  icp = isc_project_add_reference (project, "300 cycles (ICP-AES)");
  isc_ratios_set (icp->ratios, "Li", 0.83);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  isc_gradient_view_set_project (view, project);
  wait_idle (view);
  plot = isc_plot_view_get_plot (plot_view (view));
  g_assert_cmpuint (isc_plot_get_n_series (plot), ==, 4);
  bulk = isc_plot_get_series (plot, 3);
  g_assert_cmpstr (isc_plot_series_get_label (bulk), ==, "Bulk: 300 cycles (ICP-AES)");
  g_assert_cmpuint (isc_plot_series_get_data (bulk, &x, &y), ==, 2);
  g_assert_cmpfloat (y[0], ==, 0.83);
  g_assert_cmpfloat (y[1], ==, 0.83);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/widgets/gradient-view/plots", test_views);
  g_test_add_func ("/widgets/gradient-view/cycler-retention", test_cycler_retention);
  g_test_add_func ("/widgets/gradient-view/cancel-and-errors", test_cancel_and_errors);
  g_test_add_func ("/widgets/gradient-view/narrow", test_narrow);
  g_test_add_func ("/widgets/gradient-view/bulk-reference", test_bulk_reference);
  g_test_add_func ("/widgets/gradient-view/main-loop-while-busy", test_main_loop_while_busy);
  g_test_add_func ("/widgets/gradient-view/dispose-while-busy", test_dispose_while_busy);
  return g_test_run ();
}
