/* test-spatial-panel.c: the spatial panel computes on the demo's 300-cycle R2 specimen (Li
 * along line defects) off the main thread, its table and plots carry the model's values, it
 * finds the surfaces and clusters the CLI finds with the same numbers, and it can be destroyed
 * mid-computation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <gtk/gtk.h>

#include "demo-apt.h"
#include "demo-sites.h"
#include "plot-view.h"
#include "spatial-panel.h"
#include "test-gtk-util.h"
#include "test-util.h"

static guint
lines_site (void)
{
  guint n = 0;

  isc_demo_sites_get (&n);
  for (guint s = 0; s < n; s++)
    if (isc_demo_apt_has_line_defects (s))
      return s;
  g_assert_not_reached ();
}

static IscIonCloud *
lines_cloud (IscRangeSet **ranges)
{
  IscIonCloud *cloud = isc_demo_apt_specimen (lines_site (), 0);

  *ranges = isc_demo_apt_ranges ();
  g_assert_true (isc_range_set_apply (*ranges, cloud, NULL, NULL, NULL, NULL));
  return cloud;
}

static gboolean
not_busy (gpointer panel)
{
  return !isc_spatial_panel_is_busy (panel);
}

static void
wait_idle (IscSpatialPanel *panel)
{
  g_assert_true (isc_test_wait_until (not_busy, panel, 120));
}

static GtkExpander *
expander (IscSpatialPanel *panel,
          const char      *id)
{
  return GTK_EXPANDER (isc_test_get_widget (GTK_WIDGET (panel), GTK_TYPE_EXPANDER, id));
}

/* The tutorial's numbers (tests/spatial/test-spatial-cli.c uses the same): a Li isosurface at
 * 35 at.% (bin 2, delocalisation 1.5) shows the 4–6 lines, and clustering Li with d_max 1.2 and
 * N_min 300 finds them as about five clusters; the table and plots hold the model's values. */
static void
test_lines (void)
{
  IscRangeSet *ranges = NULL;
  g_autoptr(IscIonCloud) cloud = lines_cloud (&ranges);
  GtkWidget *widget = isc_spatial_panel_new ();
  IscSpatialPanel *panel = ISC_SPATIAL_PANEL (widget);
  GtkWindow *window = isc_test_show_in_window (widget, 700, 900);
  const IscIsosurface *iso;
  const IscProxigram *prox;
  const IscClusterResult *cl;
  GListModel *rows;
  IscPlot *plot;
  GtkWidget *table;
  guint n_rows = 0;

  isc_spatial_panel_set_data (panel, cloud, ranges);
  /* The map is open by default and computes on its own. */
  wait_idle (panel);
  g_assert_nonnull (isc_spatial_panel_get_results (panel).conc_map);
  plot = isc_plot_view_get_plot (ISC_PLOT_VIEW (isc_test_get_widget (widget, ISC_TYPE_PLOT_VIEW, "map_view")));
  g_assert_cmpuint (isc_plot_get_n_series (plot), ==, 1);
  g_assert_cmpint (isc_plot_series_get_kind (isc_plot_get_series (plot, 0)), ==, ISC_SERIES_HEATMAP);
  /* Another slab normal: the slab moves to the middle of the data along it. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (isc_test_get_widget (widget, GTK_TYPE_DROP_DOWN, "map_axis_dropdown")), 0);
  wait_idle (panel);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (isc_test_get_widget (widget, GTK_TYPE_SPIN_BUTTON, "map_position_spin"))),
                                  0.5 * (cloud->bounds_min[0] + cloud->bounds_max[0]), 0.01);
  g_assert_cmpfloat (isc_spatial_panel_get_results (panel).conc_map->u_dir[1], ==, 1);
  g_assert_cmpuint (isc_spatial_panel_get_results (panel).conc_map->n_atoms, >, 1000);
  plot = isc_plot_view_get_plot (ISC_PLOT_VIEW (isc_test_get_widget (widget, ISC_TYPE_PLOT_VIEW, "map_view")));
  g_assert_cmpstr (isc_plot_series_get_label (isc_plot_get_series (plot, 0)), ==, "Li (at.%)");
  /* A ratio is drawn as it is, not in at.%. */
  {
    GtkWidget *entry = isc_test_get_widget (widget, GTK_TYPE_ENTRY, "map_quantity_entry");

    gtk_editable_set_text (GTK_EDITABLE (entry), "Li/(Ni+Co+Mn)");
    g_signal_emit_by_name (entry, "activate");
    wait_idle (panel);
    g_assert_cmpstr (isc_spatial_panel_get_results (panel).conc_map->quantity, ==, "Li/(Ni+Co+Mn)");
    plot = isc_plot_view_get_plot (ISC_PLOT_VIEW (isc_test_get_widget (widget, ISC_TYPE_PLOT_VIEW, "map_view")));
    g_assert_cmpstr (isc_plot_series_get_label (isc_plot_get_series (plot, 0)), ==, "Li/(Ni+Co+Mn)");
  }

  gtk_expander_set_expanded (expander (panel, "iso_expander"), TRUE);
  isc_spatial_panel_set_isosurface_settings (panel, "Li", 35, 2, 1.5);
  wait_idle (panel);
  iso = isc_spatial_panel_get_results (panel).isosurface;
  g_assert_nonnull (iso);
  g_test_message ("%u surfaces", iso->n_surfaces);
  g_assert_cmpuint (iso->n_surfaces, >=, 4);
  g_assert_cmpuint (iso->n_surfaces, <=, 6);
  g_assert_cmpfloat_with_epsilon (iso->threshold, 0.35, 1e-9);
  g_assert_nonnull (isc_spatial_panel_get_results (panel).isosurface_normals);
  /* One table row per surface: its area as the model gives it. */
  table = isc_test_get_widget (widget, GTK_TYPE_GRID, "iso_table");
  for (guint i = 0; i < iso->n_surfaces; i++)
    {
      char area[32];
      GtkWidget *cell = gtk_grid_get_child_at (GTK_GRID (table), 2, i + 1);

      g_snprintf (area, sizeof area, "%.1f", iso->surfaces[i].area);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cell)), ==, area);
      g_assert_cmpuint (iso->surfaces[i].n_ions, >, 0);
    }
  /* The proxigram plots every element with error bars; Li inside the surface (d > 0) is
   * richer than outside. */
  prox = isc_spatial_panel_get_results (panel).proxigram;
  g_assert_nonnull (prox);
  plot = isc_plot_view_get_plot (ISC_PLOT_VIEW (isc_test_get_widget (widget, ISC_TYPE_PLOT_VIEW, "proxigram_view")));
  g_assert_cmpuint (isc_plot_get_n_series (plot), >=, 3);
  for (guint s = 0; s < isc_plot_get_n_series (plot); s++)
    {
      IscPlotSeries *series = isc_plot_get_series (plot, s);
      const double *x, *y;
      int e = isc_proxigram_find_element (prox, isc_plot_series_get_label (series));
      guint n = isc_plot_series_get_data (series, &x, &y);

      g_assert_cmpint (isc_plot_series_get_kind (series), ==, ISC_SERIES_ERRORBARS);
      g_assert_cmpint (e, >=, 0);
      if (g_str_equal (isc_plot_series_get_label (series), "Li"))
        {
          double inside = 0, outside = 0;

          for (guint i = 0; i < n; i++)
            {
              if (x[i] > 0.5 && x[i] < 1.5)
                inside = y[i];
              if (x[i] < -1.5 && x[i] > -2.5)
                outside = y[i];
            }
          g_assert_cmpfloat (inside, >, outside);
        }
    }

  gtk_expander_set_expanded (expander (panel, "cluster_expander"), TRUE);
  isc_spatial_panel_set_cluster_settings (panel, "Li", 1.2, 300, 0, 0);
  wait_idle (panel);
  cl = isc_spatial_panel_get_results (panel).clusters;
  g_assert_nonnull (cl);
  g_test_message ("%u clusters", cl->n_clusters);
  g_assert_cmpuint (cl->n_clusters, >=, 4);
  g_assert_cmpuint (cl->n_clusters, <=, 7);
  rows = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (isc_test_get_widget (GTK_WIDGET (panel), GTK_TYPE_COLUMN_VIEW, "cluster_view"))));
  n_rows = g_list_model_get_n_items (rows);
  g_assert_cmpuint (n_rows, ==, cl->n_clusters);
  plot = isc_plot_view_get_plot (ISC_PLOT_VIEW (isc_test_get_widget (widget, ISC_TYPE_PLOT_VIEW, "cluster_hist_view")));
  g_assert_cmpuint (isc_plot_get_n_series (plot), ==, 1);
  {
    const double *x, *y;
    guint n = isc_plot_series_get_data (isc_plot_get_series (plot, 0), &x, &y);
    double total = 0;

    for (guint i = 0; i < n; i++)
      total += y[i];
    g_assert_cmpfloat (total, ==, cl->n_clusters);
  }

  gtk_expander_set_expanded (expander (panel, "nn_expander"), TRUE);
  wait_idle (panel);
  g_assert_nonnull (isc_spatial_panel_get_results (panel).nn);
  g_assert_nonnull (isc_spatial_panel_get_results (panel).rdf);
  g_assert_cmpstr (isc_spatial_panel_get_results (panel).nn->from, ==, "Li");
  plot = isc_plot_view_get_plot (ISC_PLOT_VIEW (isc_test_get_widget (widget, ISC_TYPE_PLOT_VIEW, "nn_view")));
  g_assert_cmpuint (isc_plot_get_n_series (plot), ==, 2);
  plot = isc_plot_view_get_plot (ISC_PLOT_VIEW (isc_test_get_widget (widget, ISC_TYPE_PLOT_VIEW, "rdf_view")));
  g_assert_cmpuint (isc_plot_get_n_series (plot), ==, 1);

  gtk_window_destroy (window);
  isc_range_set_free (ranges);
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* The chooser a panel export opens, answered with @path's folder and name. */
static void
answer_chooser (const char *path)
{
  GtkWindow *chooser = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while ((chooser = isc_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL)) == NULL
         && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (chooser);
  for (int i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  g_assert_true (isc_test_wait_until (file_exists, (gpointer) path, 10));
}

/* Sorting the cluster table by a column orders the rows by that value; selecting one emits
 * its id. */
static void
on_selected (IscSpatialPanel *panel,
             guint            id,
             gpointer         data)
{
  *(guint *) data = id;
}

static void
test_cluster_table (void)
{
  IscRangeSet *ranges = NULL;
  g_autoptr(IscIonCloud) cloud = lines_cloud (&ranges);
  GtkWidget *widget = isc_spatial_panel_new ();
  IscSpatialPanel *panel = ISC_SPATIAL_PANEL (widget);
  GtkWindow *window = isc_test_show_in_window (widget, 700, 900);
  GtkColumnView *view;
  GListModel *columns;
  g_autoptr(GtkColumnViewColumn) atoms = NULL;
  GListModel *rows;
  const IscClusterResult *cl;
  guint selected = G_MAXUINT;
  guint64 largest = 0;

  isc_spatial_panel_set_data (panel, cloud, ranges);
  gtk_expander_set_expanded (expander (panel, "map_expander"), FALSE);
  gtk_expander_set_expanded (expander (panel, "cluster_expander"), TRUE);
  isc_spatial_panel_set_cluster_settings (panel, "Li", 1.2, 300, 0, 0);
  wait_idle (panel);
  cl = isc_spatial_panel_get_results (panel).clusters;
  g_assert_nonnull (cl);
  g_assert_cmpuint (cl->n_clusters, >, 1);
  for (guint i = 0; i < cl->n_clusters; i++)
    largest = MAX (largest, cl->clusters[i].atoms);

  view = GTK_COLUMN_VIEW (isc_test_get_widget (GTK_WIDGET (panel), GTK_TYPE_COLUMN_VIEW, "cluster_view"));
  columns = gtk_column_view_get_columns (view);
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 6);
  atoms = g_list_model_get_item (columns, 2);
  gtk_column_view_sort_by_column (view, atoms, GTK_SORT_DESCENDING);
  rows = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_signal_connect (panel, "cluster-selected", G_CALLBACK (on_selected), &selected);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (rows), 0);
  g_assert_cmpuint (selected, <, cl->n_clusters);
  g_assert_cmpuint (cl->clusters[selected].atoms, ==, largest);

  /* Export JSON writes the model's JSON (that of ionscape-cli cluster --json). */
  {
    g_autofree char *dir = isc_test_make_tmpdir ();
    g_autofree char *path = g_build_filename (dir, "clusters.json", NULL);
    g_autofree char *text = NULL, *expected = isc_cluster_result_to_json (cl, FALSE, NULL);

    g_assert_true (gtk_widget_activate_action (widget, "spatial.export-clusters-json", NULL));
    answer_chooser (path);
    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    g_assert_cmpstr (text, ==, expected);
    g_assert_nonnull (strstr (text, "\"guinier_radius_nm\""));
  }

  gtk_window_destroy (window);
  isc_range_set_free (ranges);
}

/* An element the ranges do not hold gives one clear error in the status line, no result, and
 * the error stays until that section succeeds. */
static void
test_bad_element (void)
{
  IscRangeSet *ranges = NULL;
  g_autoptr(IscIonCloud) cloud = lines_cloud (&ranges);
  GtkWidget *widget = isc_spatial_panel_new ();
  IscSpatialPanel *panel = ISC_SPATIAL_PANEL (widget);
  GtkWindow *window = isc_test_show_in_window (widget, 700, 900);

  isc_spatial_panel_set_data (panel, cloud, ranges);
  gtk_expander_set_expanded (expander (panel, "map_expander"), FALSE);
  gtk_expander_set_expanded (expander (panel, "iso_expander"), TRUE);
  isc_spatial_panel_set_isosurface_settings (panel, "Xx", 35, 2, 1.5);
  wait_idle (panel);
  g_assert_null (isc_spatial_panel_get_results (panel).isosurface);
  g_assert_nonnull (strstr (isc_test_label_text (GTK_WIDGET (panel), "status_label"), "Xx"));
  /* Another section's success does not hide the error; fixing the element clears it. */
  isc_spatial_panel_compute (panel, ISC_SPATIAL_MAP);
  wait_idle (panel);
  g_assert_nonnull (strstr (isc_test_label_text (GTK_WIDGET (panel), "status_label"), "Xx"));
  isc_spatial_panel_set_isosurface_settings (panel, "Li", 35, 2, 1.5);
  wait_idle (panel);
  g_assert_nonnull (isc_spatial_panel_get_results (panel).isosurface);
  g_assert_null (strstr (isc_test_label_text (GTK_WIDGET (panel), "status_label"), "Xx"));
  gtk_window_destroy (window);
  isc_range_set_free (ranges);
}

/* Moving the threshold slider gives surfaces on a grid twice as coarse at once, then the
 * exact ones (the set bin, with ions counted and a proxigram) once it rests. */
static void
test_slider_coarse_then_exact (void)
{
  IscRangeSet *ranges = NULL;
  g_autoptr(IscIonCloud) cloud = lines_cloud (&ranges);
  GtkWidget *widget = isc_spatial_panel_new ();
  IscSpatialPanel *panel = ISC_SPATIAL_PANEL (widget);
  GtkWindow *window = isc_test_show_in_window (widget, 700, 900);
  GtkRange *scale;
  const IscIsosurface *iso;

  isc_spatial_panel_set_data (panel, cloud, ranges);
  gtk_expander_set_expanded (expander (panel, "map_expander"), FALSE);
  gtk_expander_set_expanded (expander (panel, "iso_expander"), TRUE);
  isc_spatial_panel_set_isosurface_settings (panel, "Li", 35, 2, 1.5);
  wait_idle (panel);
  g_assert_cmpfloat (isc_spatial_panel_get_results (panel).isosurface->bin, ==, 2);

  scale = GTK_RANGE (isc_test_get_widget (widget, GTK_TYPE_SCALE, "iso_threshold_scale"));
  gtk_range_set_value (scale, 30);
  g_assert_true (isc_test_wait_for_signal (panel, "updated", 60));
  iso = isc_spatial_panel_get_results (panel).isosurface;
  g_assert_nonnull (iso);
  g_assert_cmpfloat (iso->bin, ==, 4);
  g_assert_cmpfloat_with_epsilon (iso->threshold, 0.30, 1e-9);
  g_assert_true (isc_spatial_panel_is_busy (panel));
  wait_idle (panel);
  iso = isc_spatial_panel_get_results (panel).isosurface;
  g_assert_cmpfloat (iso->bin, ==, 2);
  g_assert_cmpfloat_with_epsilon (iso->threshold, 0.30, 1e-9);
  g_assert_nonnull (isc_spatial_panel_get_results (panel).proxigram);
  gtk_window_destroy (window);
  isc_range_set_free (ranges);
}

/* Destroying the window while the workers run finalizes the panel at once: the workers hold
 * only their jobs, and nothing waits for them. */
static void
test_dispose_while_busy (void)
{
  IscRangeSet *ranges = NULL;
  g_autoptr(IscIonCloud) cloud = lines_cloud (&ranges);
  GtkWidget *widget = isc_spatial_panel_new ();
  IscSpatialPanel *panel = ISC_SPATIAL_PANEL (widget);
  GtkWindow *window = isc_test_show_in_window (widget, 700, 900);

  isc_spatial_panel_set_data (panel, cloud, ranges);
  isc_range_set_free (ranges);
  gtk_expander_set_expanded (expander (panel, "cluster_expander"), TRUE);
  gtk_expander_set_expanded (expander (panel, "iso_expander"), TRUE);
  isc_spatial_panel_set_cluster_settings (panel, "Li", 1.2, 300, 0, 0);
  /* one iteration at a time: the check comes before a fast worker's result is delivered */
  {
    gboolean busy = isc_spatial_panel_is_busy (panel);

    for (int i = 0; i < 10000 && !busy; i++)
      {
        g_main_context_iteration (NULL, FALSE);
        busy = isc_spatial_panel_is_busy (panel);
      }
    g_assert_true (busy);
  }
  g_object_ref (widget);
  gtk_window_destroy (window);
  g_assert_finalize_object (widget);
  /* The workers finish on their own; their results are dropped without touching the panel. */
  for (int i = 0; i < 100; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (20000);
    }
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/spatial-panel/lines", test_lines);
  g_test_add_func ("/spatial-panel/cluster-table", test_cluster_table);
  g_test_add_func ("/spatial-panel/bad-element", test_bad_element);
  g_test_add_func ("/spatial-panel/slider-coarse-then-exact", test_slider_coarse_then_exact);
  g_test_add_func ("/spatial-panel/dispose-while-busy", test_dispose_while_busy);
  return g_test_run ();
}
