/* test-site-figure-gui.c: the site page's "Export Figure…" button and
 * isc_site_page_export_figure () — chooser answered by the test, figure written by the worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

#include "isc-site-page.h"
#include "project-registration.h"
#include "site-figure.h"
#include "test-util.h"

static IscImage *
make_image (void)
{
  IscImage *image = isc_image_new (200, 100, 1, ISC_IMAGE_DTYPE_F32, NULL);
  float *pixels = isc_image_frame (image, 0);

  for (guint i = 0; i < 200 * 100; i++)
    pixels[i] = (float) (i % 200);
  for (guint a = 0; a < 2; a++)
    {
      image->axis[a].scale = 0.2;
      g_free (image->axis[a].unit);
      image->axis[a].unit = g_strdup ("nm");
    }
  return image;
}

static void
make_cloud (IscIonCloud **cloud,
            IscRangeSet **ranges)
{
  static const double red[3] = { 1, 0, 0 };
  IscElementCount li = { "Li", 1 };

  *ranges = isc_range_set_new ();
  g_assert_cmpint (isc_range_set_add_ion_type (*ranges, "Li", &li, 1, red, NULL), ==, 0);
  g_assert_true (isc_range_set_add_range (*ranges, 6.5, 7.5, 0, NULL));
  *cloud = isc_ion_cloud_new (500);
  for (guint i = 0; i < 500; i++)
    {
      (*cloud)->x[i] = (float) (i % 9);
      (*cloud)->y[i] = (float) (i % 7);
      (*cloud)->z[i] = i * 0.1f;
      (*cloud)->mq[i] = 7.0f;
    }
  isc_ion_cloud_update_bounds (*cloud);
  g_assert_true (isc_range_set_apply (*ranges, *cloud, NULL, NULL, NULL, NULL));
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static void
spin_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
chooser_shown (gpointer data)
{
  return find_chooser () != NULL;
}

typedef struct
{
  GtkWidget  *button;
  const char *path;
} Export;

/* The worker turns the button off while it writes; back on with the file there, it is done. */
static gboolean
export_finished (gpointer data)
{
  Export *e = data;

  return gtk_widget_get_sensitive (e->button) && g_file_test (e->path, G_FILE_TEST_EXISTS);
}

static void
test_export_button (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "site.png", NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = isc_site_page_new ();
  GtkWidget *button, *chooser;
  IscIonCloud *cloud;
  IscRangeSet *ranges;
  cairo_surface_t *png;

  /* Setting the chooser's folder races its loading; starting there is reliable. */
  g_assert_cmpint (g_chdir (dir), ==, 0);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 500);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));

  button = find_button (page, "Export _Figure…");
  g_assert_nonnull (button);
  /* Nothing shown: nothing to export. */
  g_assert_false (gtk_widget_get_sensitive (button));

  /* A map alone has no partner for the scale bar. */
  make_cloud (&cloud, &ranges);
  isc_site_page_set_site (ISC_SITE_PAGE (page), "300 cycles / R1", cloud, ranges, NULL);
  g_assert_false (gtk_widget_get_sensitive (button));

  make_cloud (&cloud, &ranges);
  isc_site_page_set_site (ISC_SITE_PAGE (page), "300 cycles / R1", cloud, ranges, make_image ());
  g_assert_true (gtk_widget_get_sensitive (button));
  /* 200 px × 0.2 nm: a quarter of 40 nm is 10 nm. */
  g_assert_cmpfloat (isc_site_page_get_scale_bar_nm (ISC_SITE_PAGE (page)), ==, 10);
  gtk_test_widget_wait_for_draw (window);

  /* The chooser opens; answer it with a PNG path. */
  isc_site_page_export_figure (ISC_SITE_PAGE (page));
  spin_until (chooser_shown, NULL);
  chooser = find_chooser ();
  if (chooser == NULL)
    {
      g_test_skip ("no in-process file chooser (a portal is in use)");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  /* The chooser opened in the working folder (the test's own, see below): only the name changes,
   * as a user would type it. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "site.png");
  /* Through the accept button, so the chooser checks the name as for a click. */
  {
    GtkWidget *accept = find_button (chooser, "_Export");

    g_assert_nonnull (accept);
    for (int i = 0; i < 20; i++)
      g_main_context_iteration (NULL, FALSE);
    g_signal_emit_by_name (accept, "clicked");
  }
  spin_until (export_finished, &(Export) { button, path });
  g_assert_true (gtk_widget_get_sensitive (button));

  png = cairo_image_surface_create_from_png (path);
  if (cairo_surface_status (png) != CAIRO_STATUS_SUCCESS)
    {
      /* Only a missing GL may stop the figure, and it says so in an error dialog. */
      cairo_surface_destroy (png);
      g_test_skip ("no figure written (no OpenGL?)");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  /* Two journal columns, 180 × 90 mm, at 300 dpi (the chooser's first choices). */
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 2126);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 1063);
  cairo_surface_destroy (png);
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_check (GtkWidget  *root,
            const char *label)
{
  if (GTK_IS_CHECK_BUTTON (root) && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_check (c, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* "Depth profile" adds the CLI's panel c: three panels in the same width (504 × 168 pt),
 * offered only for ranged ions. */
static void
test_profile_panel (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "site-profile.png", NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = isc_site_page_new ();
  GtkWidget *button, *check;
  g_autoptr(GError) error = NULL;
  IscIonCloud *cloud;
  IscRangeSet *ranges;
  cairo_surface_t *png;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 500);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  button = find_button (page, "Export _Figure…");
  check = find_check (page, "Depth _profile");
  g_assert_nonnull (check);

  /* unranged ions: no profile to draw */
  cloud = isc_ion_cloud_new (10);
  isc_site_page_set_site (ISC_SITE_PAGE (page), "unranged", cloud, NULL, make_image ());
  g_assert_false (gtk_widget_get_sensitive (check));

  make_cloud (&cloud, &ranges);
  isc_site_page_set_site (ISC_SITE_PAGE (page), "300 cycles / R1", cloud, ranges, make_image ());
  g_assert_true (gtk_widget_get_sensitive (check));
  isc_site_page_set_profile_panel (ISC_SITE_PAGE (page), TRUE);
  gtk_test_widget_wait_for_draw (window);
  g_assert_true (isc_site_page_write_figure (ISC_SITE_PAGE (page), path, &error));
  g_assert_no_error (error);
  spin_until (export_finished, &(Export) { button, path });

  png = cairo_image_surface_create_from_png (path);
  if (cairo_surface_status (png) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (png);
      g_test_skip ("no figure written (no OpenGL?)");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  /* Two journal columns, 180 × 60 mm at 300 dpi. */
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 2126);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 709);
  cairo_surface_destroy (png);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* "Registered overlay" is offered, and ticked, only for a site registered to the image shown; it
 * adds a panel: three in two journal columns, 180 × 60 mm; and four with the profile. */
static void
test_overlay_panel (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "site-overlay.png", NULL);
  g_autofree char *image_path = g_build_filename (dir, "haadf.tif", NULL);
  g_autoptr(IscProject) project = isc_project_new ();
  IscCondition *condition = isc_project_add_condition (project, "300 cycles", 300);
  IscSite *site = isc_condition_add_site (condition, "R2", 50, NULL);
  IscSiteRegistration *registration = isc_site_registration_new (image_path);
  static const double view[3] = { 0, 0, 1 };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = isc_site_page_new ();
  GtkWidget *button, *check;
  g_autoptr(GError) error = NULL;
  IscIonCloud *cloud;
  IscRangeSet *ranges;
  cairo_surface_t *png;
  guint32 *row;
  gboolean coloured = FALSE;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 500);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  button = find_button (page, "Export _Figure…");
  check = find_check (page, "Registered _overlay");
  g_assert_nonnull (check);

  /* not registered: nothing to overlay */
  make_cloud (&cloud, &ranges);
  isc_site_page_set_site (ISC_SITE_PAGE (page), "300 cycles / R1", cloud, ranges, make_image ());
  g_assert_false (isc_site_page_get_overlay_possible (ISC_SITE_PAGE (page)));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));

  /* registered to its first image, the one shown: the APT x, y (0–8 nm) at 0.2 nm/px */
  isc_site_add_dataset (site, ISC_DATASET_STEM, image_path);
  isc_registration_init (&registration->transform, view, 0.2, 0, 1, 40, 20);
  isc_site_set_registration (site, registration);
  isc_site_page_prepare_registration (ISC_SITE_PAGE (page), "300 cycles / R2", site);
  make_cloud (&cloud, &ranges);
  isc_site_page_set_site (ISC_SITE_PAGE (page), "300 cycles / R2", cloud, ranges, make_image ());
  g_assert_true (isc_site_page_get_overlay_possible (ISC_SITE_PAGE (page)));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));

  gtk_test_widget_wait_for_draw (window);
  g_assert_true (isc_site_page_write_figure (ISC_SITE_PAGE (page), path, &error));
  g_assert_no_error (error);
  spin_until (export_finished, &(Export) { button, path });
  png = cairo_image_surface_create_from_png (path);
  if (cairo_surface_status (png) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (png);
      g_test_skip ("no figure written (no OpenGL?)");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  /* Two journal columns, three square panels: 180 × 60 mm at 300 dpi. */
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 2126);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 709);
  /* The overlay's colours (viridis over the grey image) appear in the third panel only: a pixel
   * whose channels differ. The image is grey and panel a's ions are red on white. */
  cairo_surface_flush (png);
  for (int y = 0; y < cairo_image_surface_get_height (png) && !coloured; y++)
    {
      row = (guint32 *) (cairo_image_surface_get_data (png) + y * cairo_image_surface_get_stride (png));
      for (int x = 2 * 2126 / 3 + 10; x < 2126 && !coloured; x++)
        {
          guint r = (row[x] >> 16) & 0xff, g = (row[x] >> 8) & 0xff, b = row[x] & 0xff;

          /* a green-blue viridis tone: never in the grey image */
          coloured = g > r + 40 && b > r + 20;
        }
    }
  g_assert_true (coloured);
  cairo_surface_destroy (png);

  /* with the profile: four panels, 180 × 45 mm */
  isc_site_page_set_profile_panel (ISC_SITE_PAGE (page), TRUE);
  g_assert_true (isc_site_page_write_figure (ISC_SITE_PAGE (page), path, &error));
  g_assert_no_error (error);
  spin_until (export_finished, &(Export) { button, path });
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 532);
  cairo_surface_destroy (png);

  /* unticked: two panels again */
  isc_site_page_set_profile_panel (ISC_SITE_PAGE (page), FALSE);
  isc_site_page_set_overlay_panel (ISC_SITE_PAGE (page), FALSE);
  g_assert_true (isc_site_page_write_figure (ISC_SITE_PAGE (page), path, &error));
  spin_until (export_finished, &(Export) { button, path });
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 1063);
  cairo_surface_destroy (png);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("1..0 # SKIP no display\n");
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  g_test_add_func ("/site-page/export-figure", test_export_button);
  g_test_add_func ("/site-page/profile-panel", test_profile_panel);
  g_test_add_func ("/site-page/overlay-panel", test_overlay_panel);
  return g_test_run ();
}
