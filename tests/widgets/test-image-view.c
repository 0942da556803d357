/* test-image-view.c: image view, line profile and FFT panel on a synthetic calibrated fringe
 * image, checked on real screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "demo-stem.h"
#include "image-page.h"
#include "image-view.h"
#include "test-gtk-util.h"
#include "test-util.h"

#define SIZE    256
#define PIXEL   0.02     /* nm */
#define PX      16       /* x fringe period, pixels: d = 0.32 nm */
#define PY      32       /* weaker y fringes: d = 0.64 nm */

/* I = 1000 + 500 cos(2πx/PX) + 100 cos(2πy/PY): along a row the profile has period PX; the FFT
 * has spots PX and PY apart from the centre... at SIZE/PX and SIZE/PY FFT pixels. */
static double
fringe (double x,
        double y)
{
  return 1000 + 500 * cos (2 * G_PI * x / PX) + 100 * cos (2 * G_PI * y / PY);
}

static IscImage *
make_fringes (void)
{
  IscImage *image = isc_image_new (SIZE, SIZE, 1, ISC_IMAGE_DTYPE_F32, NULL);

  for (guint y = 0; y < SIZE; y++)
    for (guint x = 0; x < SIZE; x++)
      image->pixels[y * SIZE + x] = fringe (x, y);
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, PIXEL, "nm", "x");
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0, PIXEL, "nm", "y");
  return image;
}

static guint32
rgb_at (const guint32 *pixels,
        int            width,
        double         x,
        double         y)
{
  return pixels[(int) floor (y) * width + (int) floor (x)] & 0xffffff;
}

/* Canvas point of image pixel (ix, iy) in @widget's coordinates. */
static void
image_point (IscImageView *view,
             GtkWidget    *widget,
             double        ix,
             double        iy,
             double       *wx,
             double       *wy)
{
  graphene_point_t in, out;
  double cx, cy;

  isc_image_view_image_to_canvas (view, ix, iy, &cx, &cy);
  in = GRAPHENE_POINT_INIT (cx, cy);
  g_assert_true (gtk_widget_compute_point (isc_image_view_get_canvas (view), widget, &in, &out));
  *wx = out.x;
  *wy = out.y;
}

static int
grey_of (guint32 rgb)
{
  int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;

  g_assert_cmpint (abs (r - g), <=, 1);
  g_assert_cmpint (abs (g - b), <=, 1);
  return g;
}

static void
pump (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
test_grey_levels_and_scale_bar (void)
{
  GtkWidget *widget = isc_image_view_new ();
  IscImageView *view = ISC_IMAGE_VIEW (widget);
  IscContrast contrast = { ISC_CONTRAST_MANUAL, 400, 1600, 1.0 };
  GtkWindow *window;
  guint32 *pixels;
  int width, height, best = 0;
  double zoom, wx, wy, ix, iy;
  const char *label;

  isc_image_view_set_image (view, make_fringes ());
  isc_image_view_set_contrast (view, &contrast);
  window = isc_test_show_in_window (widget, 760, 640);
  zoom = isc_image_view_get_zoom (view);
  /* Fitted: the whole image shows, magnified. */
  g_assert_cmpfloat (zoom, >, 1);
  g_assert_cmpfloat (zoom * SIZE, <=, gtk_widget_get_width (isc_image_view_get_canvas (view)) + 1e-6);

  pixels = isc_test_snapshot (widget, &width, &height, "image-view.png");
  /* Row 10 (away from the scale bar): grey = (I − 400) / 1200 × 255, I from the formula. */
  for (guint x = 0; x < 64; x += 4)
    {
      double expected = (fringe (x, 10) - 400) / 1200 * 255;

      image_point (view, widget, x, 10, &wx, &wy);
      g_assert_cmpint (abs (grey_of (rgb_at (pixels, width, wx, wy)) - (int) lround (expected)), <=, 1);
    }

  /* Scale bar: 20 % of 256 × 0.02 nm is 1.02 nm → "1 nm", drawn 1 nm / (0.02 nm / zoom) long. */
  label = isc_image_view_get_scale_bar_label (view);
  g_assert_cmpstr (label, ==, "1 nm");
  for (int y = height / 2; y < height; y++)
    {
      int run = 0;

      for (int x = width / 2; x < width; x++)
        {
          run = (pixels[y * width + x] & 0xffffff) == 0xffffff ? run + 1 : 0;
          best = MAX (best, run);
        }
    }
  g_assert_cmpint (abs (best - (int) lround (1.0 / (PIXEL / zoom))), <=, 2);
  g_free (pixels);

  /* A fixed length (to match another view): 2 nm. */
  isc_image_view_set_scale_bar_length (view, 2);
  gtk_test_widget_wait_for_draw (widget);
  g_assert_cmpstr (isc_image_view_get_scale_bar_label (view), ==, "2 nm");
  isc_image_view_set_scale_bar_length (view, 0);

  /* Without it, no long white run is left (fringe maxima are one image pixel wide). */
  isc_image_view_set_scale_bar (view, FALSE);
  gtk_test_widget_wait_for_draw (widget);
  g_assert_null (isc_image_view_get_scale_bar_label (view));
  pixels = isc_test_snapshot (widget, &width, &height, NULL);
  best = 0;
  for (int y = height / 2; y < height; y++)
    {
      int run = 0;

      for (int x = width / 2; x < width; x++)
        {
          run = (pixels[y * width + x] & 0xffffff) == 0xffffff ? run + 1 : 0;
          best = MAX (best, run);
        }
    }
  g_assert_cmpint (best, <, zoom * 2 + 2);
  g_free (pixels);

  /* Viridis: a fringe maximum (x = 0, 1600 is white) takes the table's top colour. */
  contrast.low = 0;
  contrast.high = 1600;
  isc_image_view_set_contrast (view, &contrast);
  isc_image_view_set_colormap (view, ISC_COLORMAP_VIRIDIS);
  gtk_test_widget_wait_for_draw (widget);
  pixels = isc_test_snapshot (widget, &width, &height, NULL);
  image_point (view, widget, 0, 0, &wx, &wy);
  g_assert_cmphex (rgb_at (pixels, width, wx + 0.3 * zoom, wy + 0.3 * zoom), ==, 0xfde725);
  g_free (pixels);

  /* The histogram in the display popover: bars, and the black (blue) and white (yellow) levels
   * of 5–95 % percentile contrast where the data range maps onto its width. */
  {
    IscContrast pct = { ISC_CONTRAST_PERCENTILE, 5, 95, 1.0 };
    GtkWidget *hist = isc_image_view_get_histogram (view);
    double black, white;
    int hw, hh, col[2] = { -1, -1 };
    guint32 *hp;

    isc_image_view_set_contrast (view, &pct);
    isc_image_view_get_display_range (view, &black, &white);
    isc_image_view_show_display_settings (view);
    gtk_test_widget_wait_for_draw (hist);
    pump ();
    g_assert_true (gtk_widget_get_mapped (hist));
    hp = isc_test_snapshot (hist, &hw, &hh, "image-view-histogram.png");
    g_assert_cmpuint (isc_test_count_color (hp, hw, hh, 0xbfbfbf, 4), >, 200);
    /* The columns most covered by the level lines (antialiased, so matched by hue): data
     * 400–1600 spans the width. */
    {
      int most[2] = { 0, 0 };

      for (int x = 0; x < hw; x++)
        {
          int n[2] = { 0, 0 };

          for (int y = 0; y < hh; y++)
            {
              guint32 c = hp[y * hw + x];
              int r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, b = c & 0xff;

              n[0] += b > 180 && r < 150;
              n[1] += r > 180 && g > 120 && b < 100;
            }
          for (int e = 0; e < 2; e++)
            if (n[e] > most[e])
              {
                most[e] = n[e];
                col[e] = x;
              }
        }
      g_assert_cmpint (most[0], >, hh / 2);
      g_assert_cmpint (most[1], >, hh / 2);
    }
    g_assert_cmpint (abs (col[0] - (int) ((black - 400) / 1200 * hw)), <=, 2);
    g_assert_cmpint (abs (col[1] - (int) ((white - 400) / 1200 * hw)), <=, 2);
    g_free (hp);
    gtk_widget_set_visible (gtk_widget_get_ancestor (hist, GTK_TYPE_POPOVER), FALSE);
    isc_image_view_set_contrast (view, &contrast);
  }

  /* Read-out in nm at pixel (100, 50); the intensity is the pixel's. */
  isc_image_view_image_to_canvas (view, 100, 50, &wx, &wy);
  isc_image_view_hover (view, wx, wy);
  g_assert_nonnull (strstr (isc_image_view_get_readout (view), "x = 2 nm"));
  g_assert_nonnull (strstr (isc_image_view_get_readout (view), "y = 1 nm"));
  {
    g_autofree char *intensity = g_strdup_printf ("I = %.6g", (double) (float) fringe (100, 50));

    g_assert_nonnull (strstr (isc_image_view_get_readout (view), intensity));
  }
  isc_image_view_hover (view, -50, -50);
  g_assert_null (isc_image_view_get_readout (view));

  /* Wheel zoom keeps the image point under the pointer; 1:1 gives zoom 1. */
  isc_image_view_image_to_canvas (view, 40, 30, &wx, &wy);
  isc_image_view_zoom_at (view, 2.5, wx, wy);
  isc_image_view_canvas_to_image (view, wx, wy, &ix, &iy);
  g_assert_cmpfloat_with_epsilon (ix, 40, 1e-9);
  g_assert_cmpfloat_with_epsilon (iy, 30, 1e-9);
  isc_image_view_zoom_one_to_one (view);
  g_assert_cmpfloat (isc_image_view_get_zoom (view), ==, 1);
  isc_image_view_zoom_fit (view);
  g_assert_cmpfloat_with_epsilon (isc_image_view_get_zoom (view), zoom, 1e-9);

  /* Export: PNG of the shown frame at one pixel per pixel; TIFF keeps the data and calibration. */
  {
    g_autofree char *dir = isc_test_make_tmpdir ();
    g_autofree char *png = g_build_filename (dir, "view.png", NULL);
    g_autofree char *tif = g_build_filename (dir, "view.tif", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(IscImage) back = NULL;
    cairo_surface_t *s;

    g_assert_true (isc_image_view_export (view, png, &error));
    g_assert_no_error (error);
    s = cairo_image_surface_create_from_png (png);
    g_assert_cmpint (cairo_image_surface_get_width (s), ==, SIZE);
    g_assert_cmpint (cairo_image_surface_get_height (s), ==, SIZE);
    /* Top-left pixel: I = 1600 at the top of the 0–1600 viridis range. */
    g_assert_cmphex (((guint32 *) cairo_image_surface_get_data (s))[0] & 0xffffff, ==, 0xfde725);
    cairo_surface_destroy (s);

    g_assert_true (isc_image_view_export (view, tif, &error));
    g_assert_no_error (error);
    back = isc_image_load (tif, 0, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (back->width, ==, SIZE);
    g_assert_cmpstr (back->axis[ISC_IMAGE_AXIS_X].unit, ==, "nm");
    g_assert_cmpfloat_with_epsilon (back->axis[ISC_IMAGE_AXIS_X].scale, PIXEL, 1e-6);
    g_assert_cmpfloat_with_epsilon (back->pixels[SIZE * 3 + 5], fringe (5, 3), 1e-3);
    g_unlink (png);
    g_unlink (tif);
    g_rmdir (dir);
  }

  gtk_window_destroy (window);
}

static guint line_changes;

static void
on_line_changed (IscImageView *view,
                 gpointer      data)
{
  line_changes++;
}

static void
test_page_profile_and_fft (void)
{
  GtkWidget *page = isc_image_page_new ();
  IscImagePage *p = ISC_IMAGE_PAGE (page);
  IscImageView *view = isc_image_page_get_view (p);
  IscFftPanel *fft = isc_image_page_get_fft_panel (p);
  GtkWidget *plot = GTK_WIDGET (isc_image_page_get_profile_view (p));
  const IscLineProfile *profile;
  GtkWindow *window;
  guint32 *pixels;
  int width, height;
  double spacing, d, angle, cx, cy, wx, wy;
  gint64 deadline;
  GArray *peaks;
  gsize yellow;

  isc_image_page_set_image (p, make_fringes ());
  g_signal_connect (view, "line-changed", G_CALLBACK (on_line_changed), NULL);
  window = isc_test_show_in_window (page, 1200, 820);

  /* No line yet: no profile. */
  g_assert_null (isc_image_page_get_profile (p));
  g_assert_false (isc_image_page_get_spacing (p, NULL));

  /* A line along a row, across the x fringes, 0.1 nm (5 px) wide. */
  line_changes = 0;
  isc_image_view_set_line_width (view, 0.1);
  isc_image_view_set_line (view, 20, 128, 220, 128);
  g_assert_cmpuint (line_changes, ==, 1);
  g_assert_cmpfloat_with_epsilon (isc_image_view_get_line_width_px (view), 5, 1e-9);
  profile = isc_image_page_get_profile (p);
  g_assert_nonnull (profile);
  g_assert_cmpstr (profile->unit, ==, "nm");
  g_assert_cmpuint (profile->n, ==, 201);
  g_assert_cmpfloat_with_epsilon (profile->distance[profile->n - 1], 200 * PIXEL, 1e-9);
  /* The band averages rows 126–130: the y term is their mean of 100 cos(2πy/32). */
  {
    double ymean = 0;

    for (int y = 126; y <= 130; y++)
      ymean += 100 * cos (2 * G_PI * y / PY) / 5;
    g_assert_cmpfloat_with_epsilon (profile->intensity[12], 1000 + 500 * cos (2 * G_PI * 32 / PX) + ymean, 0.5);
  }
  g_assert_true (isc_image_page_get_spacing (p, &spacing));
  g_assert_cmpfloat_with_epsilon (spacing, PX * PIXEL, 0.002);
  g_assert_true (g_str_has_prefix (isc_image_page_get_spacing_text (p), "d = 0.320 nm"));

  /* Wait for the FFT (worker thread). */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (isc_fft_panel_is_busy (fft) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (isc_fft_panel_is_busy (fft));
  g_assert_nonnull (isc_fft_panel_get_fft (fft));
  pump ();
  gtk_test_widget_wait_for_draw (page);

  pixels = isc_test_snapshot (page, &width, &height, "image-page.png");
  /* The line and its band are drawn on the image (yellow). */
  yellow = isc_test_count_color (pixels, width, height, 0xffcc00, 40);
  g_assert_cmpuint (yellow, >, 200);
  g_free (pixels);
  /* The profile plot shows a curve: many pixels of the first palette colour. */
  pixels = isc_test_snapshot (plot, &width, &height, "image-page-profile.png");
  {
    IscColor c = isc_palette_get (0);
    guint32 rgb = ((guint32) lround (c.r * 255) << 16) | ((guint32) lround (c.g * 255) << 8) | (guint32) lround (c.b * 255);

    g_assert_cmpuint (isc_test_count_color (pixels, width, height, rgb, 30), >, 150);
  }
  g_free (pixels);

  /* The strongest reflection is the x fringe: d = 16 × 0.02 nm at 0°. */
  peaks = isc_fft_panel_get_peaks (fft);
  g_assert_nonnull (peaks);
  g_assert_cmpuint (peaks->len, >=, 2);
  g_assert_cmpfloat_with_epsilon (g_array_index (peaks, IscFftPeak, 0).d, PX * PIXEL, 1e-3);

  /* Click 2 px beside the y-fringe spot (FFT pixel (128, 128 − 256/32)): d = 0.64 nm at 90°. */
  g_assert_true (isc_fft_panel_fft_to_canvas (fft, SIZE / 2, SIZE / 2 - SIZE / PY, &cx, &cy));
  g_assert_true (isc_fft_panel_click (fft, cx + 2, cy - 1));
  g_assert_true (isc_fft_panel_get_selection (fft, &d, &angle));
  g_assert_cmpfloat_with_epsilon (d, PY * PIXEL, 1e-3);
  g_assert_cmpfloat_with_epsilon (angle, 90, 0.5);
  g_assert_true (g_str_has_prefix (isc_test_label_text (GTK_WIDGET (fft), "selection_label"), "d = 0.6400 nm"));
  /* And the x spot, with the centre magnified 4×: 64 FFT pixels away on either side. */
  isc_fft_panel_set_zoom (fft, 4);
  g_assert_cmpuint (isc_fft_panel_get_zoom (fft), ==, 4);
  g_assert_true (isc_fft_panel_fft_to_canvas (fft, SIZE / 2 + SIZE / PX, SIZE / 2, &cx, &cy));
  g_assert_true (isc_fft_panel_click (fft, cx - 1, cy + 2));
  g_assert_true (isc_fft_panel_get_selection (fft, &d, &angle));
  g_assert_cmpfloat_with_epsilon (d, PX * PIXEL, 1e-3);
  g_assert_true (angle < 0.5 || angle > 179.5);

  /* On screen the spot is bright and the background between spots dark. */
  gtk_test_widget_wait_for_draw (page);
  pixels = isc_test_snapshot (GTK_WIDGET (fft), &width, &height, "image-page-fft.png");
  {
    GtkWidget *canvas = isc_test_get_widget (GTK_WIDGET (fft), GTK_TYPE_DRAWING_AREA, "canvas");
    graphene_point_t in, out;

    isc_fft_panel_fft_to_canvas (fft, SIZE / 2 + SIZE / PX, SIZE / 2, &cx, &cy);
    in = GRAPHENE_POINT_INIT (cx, cy);
    g_assert_true (gtk_widget_compute_point (canvas, GTK_WIDGET (fft), &in, &out));
    wx = out.x;
    wy = out.y;
    g_assert_cmpint ((rgb_at (pixels, width, wx, wy) >> 8) & 0xff, >, 150);
    isc_fft_panel_fft_to_canvas (fft, SIZE / 2 + 40, SIZE / 2 + 40, &cx, &cy);
    in = GRAPHENE_POINT_INIT (cx, cy);
    g_assert_true (gtk_widget_compute_point (canvas, GTK_WIDGET (fft), &in, &out));
    g_assert_cmpint ((rgb_at (pixels, width, out.x, out.y) >> 8) & 0xff, <, 80);
  }
  g_free (pixels);

  /* Removing the line clears the profile. */
  isc_image_view_clear_line (view);
  g_assert_null (isc_image_page_get_profile (p));

  gtk_window_destroy (window);
}

/* A real atomic-resolution SrTiO3 HAADF image (a = 0.3905 nm): the FFT panel lists d(100) and a
 * click beside that spot on screen gives it (REFERENCE.txt: 0.394 nm at integer precision). */
static void
test_page_srtio3 (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("stem/ncempy/16_STOimage.emi");
  g_autoptr(GError) error = NULL;
  GtkWidget *page;
  IscFftPanel *fft;
  GtkWindow *window;
  GArray *peaks;
  IscImage *image;
  const IscFftPeak *p100 = NULL;
  double cx, cy, d, angle;
  gint64 deadline;

  if (path == NULL)
    return;
  image = isc_image_load (path, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  page = isc_image_page_new ();
  fft = isc_image_page_get_fft_panel (ISC_IMAGE_PAGE (page));
  isc_image_page_set_image (ISC_IMAGE_PAGE (page), image);
  window = isc_test_show_in_window (page, 1200, 820);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (isc_fft_panel_is_busy (fft) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (isc_fft_panel_is_busy (fft));

  peaks = isc_fft_panel_get_peaks (fft);
  g_assert_nonnull (peaks);
  for (guint i = 0; i < peaks->len && p100 == NULL; i++)
    if (fabs (g_array_index (peaks, IscFftPeak, i).d - 0.3905) < 0.02)
      p100 = &g_array_index (peaks, IscFftPeak, i);
  g_assert_nonnull (p100);

  isc_fft_panel_set_zoom (fft, 4);
  g_assert_true (isc_fft_panel_fft_to_canvas (fft, p100->px, p100->py, &cx, &cy));
  g_assert_true (isc_fft_panel_click (fft, cx + 1.5, cy - 1.5));
  g_assert_true (isc_fft_panel_get_selection (fft, &d, &angle));
  g_assert_cmpfloat_with_epsilon (d, 0.3905, 0.02);
  g_assert_cmpfloat_with_epsilon (d, p100->d, 0.005);
  gtk_test_widget_wait_for_draw (page);
  g_free (isc_test_snapshot (page, &(int) { 0 }, &(int) { 0 }, "image-page-srtio3.png"));

  gtk_window_destroy (window);
}

/* The action of a key binding installed on the widget's class, or NULL. */
static gboolean
has_key_for (GtkWidget  *widget,
             const char *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutAction *a = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_NAMED_ACTION (a) && g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (a)), action) == 0
              && GTK_IS_KEYVAL_TRIGGER (gtk_shortcut_get_trigger (shortcut)))
            return TRUE;
        }
    }
  return FALSE;
}

static GtkWidget *
find_toggle (GtkWidget *widget)
{
  if (GTK_IS_TOGGLE_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_toggle (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every toolbar button has a key while the view has the focus: F, 1, L, D, Ctrl+Shift+S. */
static void
test_keys (void)
{
  GtkWidget *view = isc_image_view_new ();
  GtkWindow *window = isc_test_show_in_window (view, 600, 400);
  const char *actions[] = { "image.fit", "image.one-to-one", "image.line-tool", "image.display", "image.export" };
  GtkWidget *line_toggle = find_toggle (view);
  GtkWidget *histogram;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (!has_key_for (view, actions[i]))
      g_error ("no key for %s", actions[i]);
  g_assert_nonnull (line_toggle);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (line_toggle)));
  gtk_widget_activate_action (view, "image.line-tool", NULL);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (line_toggle)));
  gtk_widget_activate_action (view, "image.display", NULL);
  histogram = isc_image_view_get_histogram (ISC_IMAGE_VIEW (view));
  for (int i = 0; i < 20 && !gtk_widget_get_mapped (histogram); i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (histogram, GTK_TYPE_POPOVER)));
  gtk_window_destroy (window);
}

/* The demo's HAADF images: the profile across the planes shows the dominant period, both
 * strengths, the maxima and the measures of disorder — 0.47 nm and Li/TM ~0.3 pristine,
 * 0.235 nm and ~0.9 at the 300-cycle surface, rock salt along the whole line. */
static void
test_page_disorder (void)
{
  const IscDemoSite *sites = isc_demo_sites_get (NULL);
  GtkWidget *page = isc_image_page_new ();
  IscImagePage *p = ISC_IMAGE_PAGE (page);
  IscImageView *view = isc_image_page_get_view (p);
  GtkWindow *window = isc_test_show_in_window (page, 1200, 820);
  const guint which[] = { 0, 6 };
  int width, height;

  for (guint w = 0; w < G_N_ELEMENTS (which); w++)
    {
      const IscDisorder *d;
      const char *text;

      isc_image_page_set_image (p, isc_demo_stem_image (&sites[which[w]], which[w]));
      isc_image_view_set_line_width (view, 1.0);
      isc_image_view_set_line (view, 512, 50, 512, 970);
      text = isc_image_page_get_spacing_text (p);
      g_test_message ("%s", text);
      d = isc_image_page_get_disorder (p);
      g_assert_nonnull (d);
      g_assert_cmpfloat_with_epsilon (isc_image_page_get_periods (p)->layer_period, 0.47, 0.005);
      if (w == 0)
        {
          g_assert_true (g_str_has_prefix (text, "d = 0.470 nm (dominant period)"));
          g_assert_cmpfloat_with_epsilon (d->li_tm_ratio, 0.3, 0.05);
          g_assert_nonnull (strstr (text, "Rock-salt layer (Li/TM above 0.60): 0.00 nm"));
        }
      else
        {
          g_assert_true (g_str_has_prefix (text, "d = 0.235 nm (dominant period)"));
          g_assert_cmpfloat_with_epsilon (d->li_tm_ratio, 0.9, 0.05);
          g_assert_nonnull (strstr (text, "Rock-salt layer (Li/TM above 0.60): at least"));
        }
      g_assert_nonnull (strstr (text, "Strength of 0.470 nm: "));
      g_assert_nonnull (strstr (text, " maxima at "));
      g_assert_nonnull (strstr (text, "Li/TM layer intensity ratio "));
    }
  gtk_test_widget_wait_for_draw (page);
  g_free (isc_test_snapshot (page, &width, &height, "image-page-disorder.png"));
  gtk_window_destroy (window);
}

int
main (int    argc,
      char **argv)
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/widgets/image-view/grey-levels-scale-bar", test_grey_levels_and_scale_bar);
  g_test_add_func ("/widgets/image-view/page-profile-fft", test_page_profile_and_fft);
  g_test_add_func ("/widgets/image-view/page-srtio3", test_page_srtio3);
  g_test_add_func ("/widgets/image-view/keys", test_keys);
  g_test_add_func ("/widgets/image-view/page-disorder", test_page_disorder);
  return g_test_run ();
}
