/* test-figure-view-exports.c: the spectrum and the ion map export in journal units — the same
 * figure options as every other figure: an 85 mm spectrum at 600 dpi is 2008 px wide whatever the
 * window's size; the ion map's points grow with the resolution, so they cover the same share of
 * the figure at 300 and 600 dpi; PDF and TIFF follow the extension.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>

#include "ion-view.h"
#include "spectrum-view.h"
#include "test-gtk-util.h"
#include "test-util.h"

static gboolean
not_computing (gpointer view)
{
  return !isc_spectrum_view_is_computing (view);
}

static gboolean
prepared (gpointer view)
{
  return !isc_ion_view_get_loading (view);
}

static IscIonCloud *
make_cloud (void)
{
  IscIonCloud *cloud = isc_ion_cloud_new (400);

  cloud->ion_type = g_new (guint8, cloud->n_ions);
  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      /* A 20 × 20 grid of ions 3 nm apart in x-z, of one species. */
      cloud->x[i] = (float) (i % 20) * 3.0f - 28.5f;
      cloud->y[i] = 0;
      cloud->z[i] = (float) (i / 20) * 3.0f - 28.5f;
      cloud->mq[i] = i % 2 == 0 ? 7.0f : 16.0f;
      cloud->ion_type[i] = 0;
    }
  for (int a = 0; a < 3; a++)
    {
      cloud->bounds_min[a] = -30;
      cloud->bounds_max[a] = 30;
    }
  return cloud;
}

static void
test_spectrum (void)
{
  g_autoptr(IscIonCloud) cloud = make_cloud ();
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *png = g_build_filename (dir, "spectrum.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "spectrum.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  GtkWidget *widget = isc_spectrum_view_new ();
  GtkWindow *window = isc_test_show_in_window (widget, 900, 500);
  IscFigureOptions options;
  cairo_surface_t *s;

  isc_spectrum_view_set_data (ISC_SPECTRUM_VIEW (widget), cloud, NULL);
  g_assert_true (isc_test_wait_until (not_computing, widget, 30));

  isc_figure_options_init (&options);
  options.dpi = 600;
  g_assert_true (isc_spectrum_view_export_with_options (ISC_SPECTRUM_VIEW (widget), png, &options, &error));
  g_assert_no_error (error);
  s = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (abs (cairo_image_surface_get_width (s) - 2008), <=, 1);
  cairo_surface_destroy (s);
  g_assert_true (isc_spectrum_view_export_with_options (ISC_SPECTRUM_VIEW (widget), pdf, &options, &error));
  g_assert_true (g_file_get_contents (pdf, &bytes, NULL, NULL));
  g_assert_true (g_str_has_prefix (bytes, "%PDF"));
  gtk_window_destroy (window);
}

/* Red pixels of a PNG. */
static double
red_share (const char *path,
           int        *width)
{
  cairo_surface_t *s = cairo_image_surface_create_from_png (path);
  const guint8 *data = cairo_image_surface_get_data (s);
  int stride = cairo_image_surface_get_stride (s), w = cairo_image_surface_get_width (s);
  int h = cairo_image_surface_get_height (s);
  gsize n = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p = *(const guint32 *) (data + (gsize) y * stride + 4 * x);

        n += ((p >> 16) & 0xff) > 180 && ((p >> 8) & 0xff) < 90 && (p & 0xff) < 90;
      }
  cairo_surface_destroy (s);
  *width = w;
  return (double) n / ((double) w * h);
}

static void
test_ion_map (void)
{
  g_autoptr(IscIonCloud) cloud = make_cloud ();
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *low = g_build_filename (dir, "map-300.png", NULL);
  g_autofree char *high = g_build_filename (dir, "map-600.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "map.pdf", NULL);
  g_autofree char *tif = g_build_filename (dir, "map.tif", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  const double red[3] = { 1, 0, 0 };
  GtkWidget *widget = isc_ion_view_new ();
  GtkWindow *window;
  IscFigureOptions options;
  double share_low, share_high;
  int w_low, w_high;

  g_object_set (widget, "show-overlay", FALSE, NULL);
  window = isc_test_show_in_window (widget, 500, 400);
  isc_ion_view_set_cloud (ISC_ION_VIEW (widget), cloud, NULL);
  isc_ion_view_set_species_color (ISC_ION_VIEW (widget), 0, red);
  g_assert_true (isc_test_wait_until (prepared, widget, 30));
  if (!isc_ion_view_get_gl_available (ISC_ION_VIEW (widget)))
    {
      g_test_skip ("no OpenGL context could be made for the view");
      gtk_window_destroy (window);
      return;
    }

  isc_figure_options_init (&options);
  options.dpi = 300;
  g_assert_true (isc_ion_view_export_with_options (ISC_ION_VIEW (widget), low, &options, &error));
  g_assert_no_error (error);
  options.dpi = 600;
  g_assert_true (isc_ion_view_export_with_options (ISC_ION_VIEW (widget), high, &options, &error));
  g_assert_no_error (error);
  share_low = red_share (low, &w_low);
  share_high = red_share (high, &w_high);
  g_test_message ("red share %.4f at 300 dpi (%d px), %.4f at 600 dpi (%d px)", share_low, w_low,
                  share_high, w_high);
  g_assert_cmpint (abs (w_low - 1004), <=, 1);
  g_assert_cmpint (abs (w_high - 2008), <=, 1);
  /* Points sized in points: the same share of the figure at both resolutions. */
  g_assert_cmpfloat (share_low, >, 0.002);
  g_assert_cmpfloat (fabs (share_high / share_low - 1), <, 0.25);

  g_assert_true (isc_ion_view_export_with_options (ISC_ION_VIEW (widget), pdf, &options, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &bytes, NULL, NULL));
  g_assert_true (g_str_has_prefix (bytes, "%PDF"));
  g_clear_pointer (&bytes, g_free);
  g_assert_true (isc_ion_view_export_with_options (ISC_ION_VIEW (widget), tif, &options, &error));
  g_assert_true (g_file_get_contents (tif, &bytes, NULL, NULL));
  g_assert_cmpmem (bytes, 4, "II*\0", 4);
  gtk_window_destroy (window);
}

int
main (int    argc,
      char **argv)
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/widgets/figure-exports/spectrum", test_spectrum);
  g_test_add_func ("/widgets/figure-exports/ion-map", test_ion_map);
  return g_test_run ();
}
