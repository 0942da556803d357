/* test-apt-spatial.c: the APT page draws the spatial panel's isosurfaces and clusters in its
 * ion map (surfaces as a mesh, cluster ions recoloured, other ions hidden on request) and
 * frames a cluster picked in the table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include <gtk/gtk.h>

#include "demo-apt.h"
#include "demo-sites.h"
#include "isc-apt-page.h"
#include "test-gtk-util.h"
#include "test-util.h"

static gboolean
not_busy (gpointer panel)
{
  return !isc_spatial_panel_is_busy (panel);
}

static void
set_check (GtkWidget  *root,
           const char *id,
           gboolean    active)
{
  gtk_check_button_set_active (GTK_CHECK_BUTTON (isc_test_get_widget (root, GTK_TYPE_CHECK_BUTTON, id)), active);
}

/* Pixels that differ by more than 40 in some channel between two PNGs of one size. */
static guint
count_changed (const char *a_path,
               const char *b_path)
{
  cairo_surface_t *a = cairo_image_surface_create_from_png (a_path);
  cairo_surface_t *b = cairo_image_surface_create_from_png (b_path);
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  guint n = 0;

  g_assert_cmpint (cairo_surface_status (a), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (b), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (b), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p = *(guint32 *) (cairo_image_surface_get_data (a) + y * cairo_image_surface_get_stride (a) + 4 * x);
        guint32 q = *(guint32 *) (cairo_image_surface_get_data (b) + y * cairo_image_surface_get_stride (b) + 4 * x);
        gboolean differs = FALSE;

        for (int c = 0; c < 24; c += 8)
          differs |= ABS ((int) ((p >> c) & 0xff) - (int) ((q >> c) & 0xff)) > 40;
        n += differs;
      }
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  return n;
}

static void
test_map_follows_panel (void)
{
  guint n_sites = 0, site = 0;
  GtkWidget *page = isc_apt_page_new ();
  GtkWindow *window = isc_test_show_in_window (page, 1200, 800);
  IscSpatialPanel *panel = isc_apt_page_get_spatial_panel (ISC_APT_PAGE (page));
  IscIonView *view = isc_apt_page_get_ion_view (ISC_APT_PAGE (page));
  IscIonCloud *cloud;
  IscRangeSet *ranges;
  const IscIsosurface *iso;
  const IscClusterResult *cl;
  IscCamera *camera;
  gsize labelled = 0;

  isc_demo_sites_get (&n_sites);
  while (site < n_sites && !isc_demo_apt_has_line_defects (site))
    site++;
  cloud = isc_demo_apt_specimen (site, 0);
  ranges = isc_demo_apt_ranges ();
  g_assert_true (isc_range_set_apply (ranges, cloud, NULL, NULL, NULL, NULL));
  isc_apt_page_set_data (ISC_APT_PAGE (page), cloud, ranges, isc_composition_compute (cloud, ranges, NULL, NULL, NULL));
  /* Behind another tab the panel computes nothing; shown, it catches up. */
  g_assert_false (isc_spatial_panel_is_busy (panel));
  g_assert_null (isc_spatial_panel_get_results (panel).conc_map);
  isc_apt_page_show_tab (ISC_APT_PAGE (page), "spatial");
  g_assert_true (isc_test_wait_until (not_busy, panel, 120));
  g_assert_nonnull (isc_spatial_panel_get_results (panel).conc_map);
  gtk_expander_set_expanded (GTK_EXPANDER (isc_test_get_widget (GTK_WIDGET (panel), GTK_TYPE_EXPANDER, "iso_expander")), TRUE);
  gtk_expander_set_expanded (GTK_EXPANDER (isc_test_get_widget (GTK_WIDGET (panel), GTK_TYPE_EXPANDER, "cluster_expander")), TRUE);
  isc_spatial_panel_set_isosurface_settings (panel, "Li", 35, 2, 1.5);
  isc_spatial_panel_set_cluster_settings (panel, "Li", 1.2, 300, 0, 0);
  g_assert_true (isc_test_wait_until (not_busy, panel, 120));

  /* The surfaces, as the panel computed them. */
  iso = isc_spatial_panel_get_results (panel).isosurface;
  g_assert_nonnull (iso);
  g_assert_cmpuint (iso->n_triangles, >, 0);
  g_assert_cmpuint (isc_ion_view_get_mesh_triangles (view), ==, iso->n_triangles);
  set_check (GTK_WIDGET (panel), "iso_show_check", FALSE);
  g_assert_cmpuint (isc_ion_view_get_mesh_triangles (view), ==, 0);
  set_check (GTK_WIDGET (panel), "iso_show_check", TRUE);
  g_assert_cmpuint (isc_ion_view_get_mesh_triangles (view), ==, iso->n_triangles);

  /* Every ion of a cluster recoloured, and none else. */
  cl = isc_spatial_panel_get_results (panel).clusters;
  g_assert_nonnull (cl);
  g_assert_cmpuint (cl->n_clusters, >, 0);
  labelled = cl->n_members;
  g_assert_cmpuint (labelled, >, 0);
  g_assert_cmpuint (isc_ion_view_get_n_labelled_ions (view), ==, labelled);
  {
    int w, h;

    /* For a person to look at: surfaces and coloured clusters in the map. */
    g_free (isc_test_snapshot (GTK_WIDGET (window), &w, &h, "apt-spatial-map.png"));
  }
  /* The exported figure shows them too: it changes where the surfaces and cluster colours
   * are, and loses them when the panel turns them off. */
  if (isc_ion_view_get_gl_available (view))
    {
      g_autofree char *dir = isc_test_make_tmpdir ();
      g_autofree char *shown = g_build_filename (dir, "shown.png", NULL);
      g_autofree char *plain = g_build_filename (dir, "plain.png", NULL);
      g_autofree char *again = g_build_filename (dir, "again.png", NULL);
      g_autoptr(GError) error = NULL;
      guint changed;

      g_assert_true (isc_ion_view_export_png (view, shown, 400, 300, FALSE, FALSE, &error));
      g_assert_no_error (error);
      set_check (GTK_WIDGET (panel), "iso_show_check", FALSE);
      set_check (GTK_WIDGET (panel), "cluster_colour_check", FALSE);
      g_assert_true (isc_ion_view_export_png (view, plain, 400, 300, FALSE, FALSE, &error));
      g_assert_true (isc_ion_view_export_png (view, again, 400, 300, FALSE, FALSE, &error));
      changed = count_changed (shown, plain);
      g_test_message ("%u of 120000 pixels show surfaces or cluster colours", changed);
      /* Five surfaces seen end-on as discs, about 2 % of the frame. */
      g_assert_cmpuint (changed, >, 1000);
      g_assert_cmpuint (count_changed (plain, again), ==, 0);
      set_check (GTK_WIDGET (panel), "iso_show_check", TRUE);
      set_check (GTK_WIDGET (panel), "cluster_colour_check", TRUE);
      /* Other ions hidden: the matrix goes from the figure too (white where it was). */
      set_check (GTK_WIDGET (panel), "cluster_hide_check", TRUE);
      g_assert_true (isc_ion_view_export_png (view, again, 400, 300, FALSE, FALSE, &error));
      changed = count_changed (shown, again);
      g_test_message ("%u pixels lose the matrix ions", changed);
      g_assert_cmpuint (changed, >, 5000);
      set_check (GTK_WIDGET (panel), "cluster_hide_check", FALSE);
    }
  else
    g_test_message ("no OpenGL in this display: the figure export is not checked");
  set_check (GTK_WIDGET (panel), "cluster_hide_check", TRUE);
  g_assert_cmpuint (isc_ion_view_get_n_labelled_ions (view), ==, labelled);
  set_check (GTK_WIDGET (panel), "cluster_colour_check", FALSE);
  g_assert_cmpuint (isc_ion_view_get_n_labelled_ions (view), ==, 0);
  set_check (GTK_WIDGET (panel), "cluster_colour_check", TRUE);
  g_assert_cmpuint (isc_ion_view_get_n_labelled_ions (view), ==, labelled);

  /* Picking a cluster in the table turns the map onto it. */
  camera = isc_ion_view_get_camera (view);
  isc_spatial_panel_select_cluster (panel, cl->n_clusters - 1);
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat_with_epsilon (camera->target[i], cl->clusters[cl->n_clusters - 1].centre[i], 1e-6);
  g_assert_cmpfloat (camera->distance, <, 200);

  /* New data drop the old analysis from the map. */
  isc_spatial_panel_set_data (panel, NULL, NULL);
  g_assert_cmpuint (isc_ion_view_get_mesh_triangles (view), ==, 0);
  g_assert_cmpuint (isc_ion_view_get_n_labelled_ions (view), ==, 0);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/apt-spatial/map-follows-panel", test_map_follows_panel);
  return g_test_run ();
}
