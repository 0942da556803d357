/* test-dark-style.c: with the window in the dark style the ion map and the image page's plots
 * are dark with light text on screen; their exported figures stay white. Pixels of real
 * snapshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "analysis-panel.h"
#include "demo-sites.h"
#include "demo-stem.h"
#include "image-page.h"
#include "ion-view.h"
#include "test-gtk-util.h"
#include "test-util.h"

static double
luminance (guint32 p)
{
  return (0.3 * ((p >> 16) & 0xff) + 0.6 * ((p >> 8) & 0xff) + 0.1 * (p & 0xff)) / 255.0;
}

static void
set_dark (gboolean dark)
{
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
}

static void
settle (GtkWidget *widget)
{
  for (int i = 0; i < 3; i++)
    {
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      gtk_test_widget_wait_for_draw (widget);
    }
}

static double
png_corner_luminance (const char *path)
{
  cairo_surface_t *png = cairo_image_surface_create_from_png (path);
  guint32 p;

  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (png);
  p = *(guint32 *) (cairo_image_surface_get_data (png) + 2 * cairo_image_surface_get_stride (png) + 2 * 4);
  cairo_surface_destroy (png);
  return luminance (p);
}

static void
test_ion_map (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "map.png", NULL);
  IscIonCloud *cloud = isc_ion_cloud_new (400);
  GtkWidget *view = isc_ion_view_new ();
  GtkWindow *window;
  g_autofree guint32 *pixels = NULL;
  g_autoptr(GError) error = NULL;
  int w, h;

  for (guint i = 0; i < 400; i++)
    {
      cloud->x[i] = (float) (i % 10);
      cloud->y[i] = (float) (i % 7);
      cloud->z[i] = i * 0.05f;
      cloud->mq[i] = 7.0f;
    }
  isc_ion_view_set_cloud (ISC_ION_VIEW (view), cloud, NULL);
  window = isc_test_show_in_window (view, 400, 300);
  while (isc_ion_view_get_loading (ISC_ION_VIEW (view)))
    g_main_context_iteration (NULL, TRUE);
  if (!isc_ion_view_get_gl_available (ISC_ION_VIEW (view)))
    {
      g_test_skip ("no OpenGL context");
      gtk_window_destroy (window);
      isc_ion_cloud_unref (cloud);
      return;
    }
  pixels = isc_test_snapshot_cairo (view, &w, &h, NULL);
  g_assert_cmpfloat (luminance (pixels[2 * w + 2]), >, 0.9);

  set_dark (TRUE);
  settle (view);
  g_clear_pointer (&pixels, g_free);
  pixels = isc_test_snapshot_cairo (view, &w, &h, "dark-ion-map.png");
  g_assert_cmpfloat (luminance (pixels[2 * w + 2]), <, 0.25);
  g_assert_cmpfloat (luminance (pixels[(h - 3) * w + w - 3]), <, 0.25);
  /* the figure for paper is white */
  g_assert_true (isc_ion_view_export_png (ISC_ION_VIEW (view), path, 320, 240, TRUE, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (png_corner_luminance (path), >, 0.9);
  /* and the screen stays dark after the export */
  settle (view);
  g_clear_pointer (&pixels, g_free);
  pixels = isc_test_snapshot_cairo (view, &w, &h, NULL);
  g_assert_cmpfloat (luminance (pixels[2 * w + 2]), <, 0.25);

  set_dark (FALSE);
  settle (view);
  g_clear_pointer (&pixels, g_free);
  pixels = isc_test_snapshot_cairo (view, &w, &h, NULL);
  g_assert_cmpfloat (luminance (pixels[2 * w + 2]), >, 0.9);
  gtk_window_destroy (window);
  isc_ion_cloud_unref (cloud);
}

/* The image page's line profile follows the style: dark plot, light axis text. */
static void
test_image_page (void)
{
  const IscDemoSite *sites = isc_demo_sites_get (NULL);
  GtkWidget *page = isc_image_page_new ();
  GtkWindow *window = isc_test_show_in_window (page, 1000, 720);
  IscImageView *view = isc_image_page_get_view (ISC_IMAGE_PAGE (page));
  GtkWidget *plot = GTK_WIDGET (gtk_widget_get_template_child (page, ISC_TYPE_IMAGE_PAGE, "plot_view"));
  g_autofree guint32 *pixels = NULL;
  int w, h, bright = 0;

  isc_image_page_set_image (ISC_IMAGE_PAGE (page), isc_demo_stem_image (&sites[3], 3));
  isc_image_view_set_line (view, 10, 10, 60, 40);
  set_dark (TRUE);
  settle (page);
  pixels = isc_test_snapshot_cairo (plot, &w, &h, "dark-image-page-profile.png");
  g_assert_cmpfloat (luminance (pixels[2 * w + 2]), <, 0.25);
  for (int i = 0; i < w * h; i++)
    if (luminance (pixels[i]) > 0.7)
      bright++;
  g_assert_cmpint (bright, >, 50);   /* axes, ticks and labels */
  g_free (isc_test_snapshot (GTK_WIDGET (window), &w, &h, "dark-image-page.png"));
  set_dark (FALSE);
  gtk_window_destroy (window);
}

/* The analysis panel's profile and frequency plots follow the style on screen too. */
static void
test_analysis_panel (void)
{
  GtkWidget *panel = isc_analysis_panel_new ();
  GtkWindow *window = isc_test_show_in_window (panel, 700, 880);
  GtkWidget *area = isc_test_get_widget (panel, GTK_TYPE_DRAWING_AREA, "profile_area");
  g_autofree guint32 *light = NULL, *dark = NULL;
  int w, h;

  settle (panel);
  light = isc_test_snapshot_cairo (area, &w, &h, "light-analysis-profile.png");
  g_assert_cmpfloat (luminance (light[2 * w + 2]), >, 0.9);
  set_dark (TRUE);
  settle (panel);
  dark = isc_test_snapshot_cairo (area, &w, &h, "dark-analysis-profile.png");
  g_assert_cmpfloat (luminance (dark[2 * w + 2]), <, 0.25);
  set_dark (FALSE);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/dark-style/ion-map", test_ion_map);
  g_test_add_func ("/dark-style/image-page", test_image_page);
  g_test_add_func ("/dark-style/analysis-panel", test_analysis_panel);
  return g_test_run ();
}
