/* test-site-figure.c: the site figure — ion map and STEM image with scale bars of one physical
 * length, measured on the drawn pixels, and the panel letters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo.h>
#include <math.h>
#include <string.h>

#include "isc-error.h"
#include "site-figure.h"
#include "test-util.h"

#define NEEDLE_LENGTH 100.0   /* nm along z */
#define IMAGE_W       200
#define IMAGE_H       100
#define PIXEL_NM      0.2

typedef struct
{
  IscIonCloud *cloud;
  IscRangeSet *ranges;
  IscImage    *image;
} Site;

static void
site_clear (Site *site)
{
  g_clear_pointer (&site->cloud, isc_ion_cloud_unref);
  g_clear_pointer (&site->ranges, isc_range_set_free);
  g_clear_pointer (&site->image, isc_image_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Site, site_clear)

/* A needle 20 × 20 × 100 nm of Li (pure red) and O (pure blue) ions, and a 40 × 20 nm image. */
static void
make_site (Site *site)
{
  static const double red[3] = { 1, 0, 0 }, blue[3] = { 0, 0, 1 };
  IscElementCount li = { "Li", 1 }, o = { "O", 1 };
  g_autoptr(GError) error = NULL;
  const guint n = 6000;
  float *pixels;

  site->ranges = isc_range_set_new ();
  g_assert_cmpint (isc_range_set_add_ion_type (site->ranges, "Li", &li, 1, red, &error), ==, 0);
  g_assert_cmpint (isc_range_set_add_ion_type (site->ranges, "O", &o, 1, blue, &error), ==, 1);
  g_assert_true (isc_range_set_add_range (site->ranges, 6.5, 7.5, 0, &error));
  g_assert_true (isc_range_set_add_range (site->ranges, 15.5, 16.5, 1, &error));

  site->cloud = isc_ion_cloud_new (n);
  for (guint i = 0; i < n; i++)
    {
      site->cloud->x[i] = -10.0f + 20.0f * ((i * 37) % 101) / 100.0f;
      site->cloud->y[i] = -10.0f + 20.0f * ((i * 53) % 97) / 96.0f;
      site->cloud->z[i] = (float) (NEEDLE_LENGTH * i / (n - 1));
      site->cloud->mq[i] = i % 3 == 0 ? 7.0f : 16.0f;
    }
  isc_ion_cloud_update_bounds (site->cloud);
  g_assert_true (isc_range_set_apply (site->ranges, site->cloud, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  site->image = isc_image_new (IMAGE_W, IMAGE_H, 1, ISC_IMAGE_DTYPE_F32, &error);
  g_assert_no_error (error);
  pixels = isc_image_frame (site->image, 0);
  for (guint y = 0; y < IMAGE_H; y++)
    for (guint x = 0; x < IMAGE_W; x++)
      pixels[y * IMAGE_W + x] = (float) ((x + y) % 50);
  site->image->axis[ISC_IMAGE_AXIS_X].scale = PIXEL_NM;
  site->image->axis[ISC_IMAGE_AXIS_Y].scale = PIXEL_NM;
  g_free (site->image->axis[ISC_IMAGE_AXIS_X].unit);
  g_free (site->image->axis[ISC_IMAGE_AXIS_Y].unit);
  site->image->axis[ISC_IMAGE_AXIS_X].unit = g_strdup ("nm");
  site->image->axis[ISC_IMAGE_AXIS_Y].unit = g_strdup ("nm");
}

static guint32
pixel (cairo_surface_t *s,
       int              x,
       int              y)
{
  return *(guint32 *) (cairo_image_surface_get_data (s) + y * cairo_image_surface_get_stride (s)
                       + x * 4);
}

static gboolean
is_white (guint32 p)
{
  return ((p >> 16) & 0xff) >= 245 && ((p >> 8) & 0xff) >= 245 && (p & 0xff) >= 245;
}

static gboolean
is_dark (guint32 p)
{
  return ((p >> 16) & 0xff) < 90 && ((p >> 8) & 0xff) < 90 && (p & 0xff) < 90;
}

/* Length of the run of white pixels through (x, y) along the row. */
static int
white_run (cairo_surface_t *s,
           int              x,
           int              y)
{
  int left = x, right = x, w = cairo_image_surface_get_width (s);

  g_assert_true (is_white (pixel (s, x, y)));
  while (left > 0 && is_white (pixel (s, left - 1, y)))
    left--;
  while (right < w - 1 && is_white (pixel (s, right + 1, y)))
    right++;
  return right - left + 1;
}

/* The dark run through (x, y) along the row: the ion map's black bar. */
static int
dark_run (cairo_surface_t *s,
          int              x,
          int              y)
{
  int left = x, right = x, w = cairo_image_surface_get_width (s);

  g_assert_true (is_dark (pixel (s, x, y)));
  while (left > 0 && is_dark (pixel (s, left - 1, y)))
    left--;
  while (right < w - 1 && is_dark (pixel (s, right + 1, y)))
    right++;
  return right - left + 1;
}

static guint
count_dark (cairo_surface_t *s,
            double           x0,
            double           y0,
            double           w,
            double           h)
{
  guint n = 0;

  for (int y = (int) y0; y < (int) (y0 + h); y++)
    for (int x = (int) x0; x < (int) (x0 + w); x++)
      n += is_dark (pixel (s, x, y));
  return n;
}

static gboolean
draw_or_skip (const IscSiteFigureInput *in,
              cairo_surface_t          *surface,
              IscSiteFigureLayout      *layout)
{
  g_autoptr(GError) error = NULL;
  cairo_t *cr = cairo_create (surface);
  gboolean ok;

  ok = isc_site_figure_draw (in, cr, cairo_image_surface_get_width (surface),
                             cairo_image_surface_get_height (surface), layout, &error);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (!ok && g_error_matches (error, ISC_RENDER_ERROR, ISC_ERROR_UNSUPPORTED))
    {
      g_assert_true (g_str_has_prefix (error->message, "no OpenGL available: "));
      g_test_skip (error->message);
      return FALSE;
    }
  g_assert_no_error (error);
  g_assert_true (ok);
  return TRUE;
}

static void
test_same_bar_length (void)
{
  g_auto(Site) site = { 0 };
  IscSiteFigureInput in = { 0 };
  IscSiteFigureLayout layout;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 720, 360);
  /* By hand: two columns of (720 − 6) / 2 = 357 units; letters of 14 units leave a strip of
   * 18.2, so the panels are 338.8 × 360 and the 200 × 100 image is shown 1.694× enlarged. */
  double panel_w = 357 - 14 * 1.3, zoom = MIN (panel_w / IMAGE_W, 360.0 / IMAGE_H);
  double image_bar = 20.0 / PIXEL_NM * zoom;
  int top = G_MAXINT, bottom = -1, run_a, run_b;
  double nm_per_px;

  make_site (&site);
  in.cloud = site.cloud;
  in.ranges = site.ranges;
  in.image = site.image;
  in.scale_bar_nm = 20;
  in.point_size = 2;
  if (!draw_or_skip (&in, surface, &layout))
    {
      cairo_surface_destroy (surface);
      return;
    }

  g_assert_cmpuint (layout.n_panels, ==, 2);
  g_assert_cmpfloat (layout.scale_bar_nm, ==, 20);
  g_assert_cmpfloat_with_epsilon (layout.panel_width[1], panel_w, 1e-6);
  g_assert_cmpfloat_with_epsilon (layout.bar_length[1], image_bar, 1e-6);

  /* Panel b: the white bar measured on the pixels is 20 nm of image pixels. */
  run_b = white_run (surface, (int) layout.bar_center_x[1], (int) layout.bar_center_y[1]);
  g_assert_cmpfloat (fabs (run_b - image_bar), <=, 2.0);

  /* Panel a: the needle's height in pixels gives the map's scale independently of the camera;
   * the bar must be 20 nm on that scale. Only the central columns hold the needle. */
  for (int y = 0; y < 360; y++)
    for (int x = (int) (layout.panel_x[0] + layout.panel_width[0] / 2 - 40);
         x < (int) (layout.panel_x[0] + layout.panel_width[0] / 2 + 40); x++)
      {
        guint32 p = pixel (surface, x, y);

        if (((p >> 16) & 0xff) > 200 && ((p >> 8) & 0xff) < 80 && (p & 0xff) < 80)
          {
            top = MIN (top, y);
            bottom = MAX (bottom, y);
          }
      }
  g_assert_cmpint (bottom, >, top + 100);
  /* Extent of the centres = extent of the pixels less one point diameter (2 px). */
  nm_per_px = NEEDLE_LENGTH / (bottom - top + 1 - 2);
  /* The map's bar is black on the white map (no box). */
  run_a = dark_run (surface, (int) layout.bar_center_x[0], (int) layout.bar_center_y[0]);
  g_assert_cmpfloat (layout.bar_nm[0], ==, 20);
  g_assert_cmpfloat (layout.bar_nm[1], ==, 20);
  g_test_message ("map %.4f nm/px (layout %.4f), bars %d px and %d px", nm_per_px,
                  layout.nm_per_unit[0], run_a, run_b);
  g_assert_cmpfloat (fabs (run_a * nm_per_px - 20.0), <=, 20.0 * 0.04);
  g_assert_cmpfloat_with_epsilon (layout.bar_length[0] * layout.nm_per_unit[0], 20.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (layout.bar_length[1] * layout.nm_per_unit[1], 20.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (layout.nm_per_unit[1], PIXEL_NM / zoom, 1e-9);

  /* Letters a and b: dark pixels in their boxes, none in the empty strip beneath them. */
  for (guint c = 0; c < 2; c++)
    {
      g_assert_cmpuint (count_dark (surface, layout.letter_x[c], layout.letter_y[c],
                                    layout.letter_size, layout.letter_size * 1.3), >, 10);
      g_assert_cmpuint (count_dark (surface, layout.letter_x[c], layout.letter_y[c] + 40,
                                    layout.letter_size, layout.letter_size * 1.3), ==, 0);
    }
  cairo_surface_destroy (surface);
}

static void
test_profile_panel (void)
{
  g_auto(Site) site = { 0 };
  g_autoptr(IscProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  IscProfileSettings settings;
  IscSiteFigureInput in = { 0 };
  IscSiteFigureLayout layout;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 900, 300);

  make_site (&site);
  isc_profile_settings_init (&settings);
  settings.bin_width = 5;
  profile = isc_profile_compute (site.cloud, site.ranges, NULL, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  in.cloud = site.cloud;
  in.ranges = site.ranges;
  in.image = site.image;
  in.profile = profile;
  in.title = "300 cycles / R1";
  if (!draw_or_skip (&in, surface, &layout))
    {
      cairo_surface_destroy (surface);
      return;
    }
  g_assert_cmpuint (layout.n_panels, ==, 3);
  /* Scale bar chosen like the site page: a quarter of 40 nm is 10 nm, a round length. */
  g_assert_cmpfloat (layout.scale_bar_nm, ==, 10);
  /* The title pushes the panels down. */
  g_assert_cmpfloat (layout.letter_y[0], >, 8);
  for (guint c = 0; c < 3; c++)
    g_assert_cmpuint (count_dark (surface, layout.letter_x[c], layout.letter_y[c],
                                  layout.letter_size, layout.letter_size * 1.3), >, 10);
  /* Panel c is a plot: its frame and ticks are dark. */
  g_assert_cmpuint (count_dark (surface, layout.panel_x[2], layout.panel_y[2],
                                layout.panel_width[2], layout.panel_height[2]), >, 200);
  cairo_surface_destroy (surface);
}

static void
test_common_scale_bar (void)
{
  g_auto(Site) site = { 0 };

  make_site (&site);
  /* 200 px × 0.2 nm = 40 nm; a quarter is 10 → 10 nm. */
  g_assert_cmpfloat (isc_site_figure_common_scale_bar (site.image), ==, 10);
  /* 0.15 nm: 7.5 nm → 5 nm. */
  site.image->axis[ISC_IMAGE_AXIS_X].scale = 0.15;
  g_assert_cmpfloat (isc_site_figure_common_scale_bar (site.image), ==, 5);
  g_free (site.image->axis[ISC_IMAGE_AXIS_X].unit);
  site.image->axis[ISC_IMAGE_AXIS_X].unit = g_strdup ("");
  g_assert_cmpfloat (isc_site_figure_common_scale_bar (site.image), ==, 0);
}

static void
test_errors (void)
{
  g_auto(Site) site = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "fig.png", NULL);
  IscSiteFigureInput in = { 0 };

  make_site (&site);
  in.cloud = site.cloud;
  in.ranges = site.ranges;
  in.image = site.image;
  g_free (site.image->axis[ISC_IMAGE_AXIS_X].unit);
  site.image->axis[ISC_IMAGE_AXIS_X].unit = g_strdup ("");
  g_assert_false (isc_site_figure_export (&in, path, 300, 150, 72, &error));
  g_assert_error (error, ISC_RENDER_ERROR, ISC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not calibrated in nm"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_export_png_size (void)
{
  g_auto(Site) site = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "fig.png", NULL);
  IscSiteFigureInput in = { 0 };
  cairo_surface_t *png;

  make_site (&site);
  in.cloud = site.cloud;
  in.ranges = site.ranges;
  in.image = site.image;
  in.legend = TRUE;
  if (!isc_site_figure_export (&in, path, 360, 180, 144, &error))
    {
      g_assert_error (error, ISC_RENDER_ERROR, ISC_ERROR_UNSUPPORTED);
      g_test_skip (error->message);
      return;
    }
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  /* 360 × 180 pt at 144 dpi. */
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 720);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 360);
  cairo_surface_destroy (png);
}

/* An image at atomic resolution beside a 100 nm needle: the common 0.5 nm bar would be a dot on
 * the map (the "tiny square in a grey box"), so the map gets its own round length, drawn plain
 * black on white. */
static void
test_map_bar_own_length (void)
{
  g_auto(Site) site = { 0 };
  IscSiteFigureInput in = { 0 };
  IscSiteFigureLayout layout;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 720, 360);
  int run, x, y;

  make_site (&site);
  in.cloud = site.cloud;
  in.ranges = site.ranges;
  in.image = site.image;
  in.scale_bar_nm = 0.5;
  in.point_size = 2;
  if (!draw_or_skip (&in, surface, &layout))
    {
      cairo_surface_destroy (surface);
      return;
    }
  g_assert_cmpfloat (layout.bar_nm[1], ==, 0.5);
  g_assert_cmpfloat (layout.bar_nm[0], >, 0.5);
  g_assert_cmpfloat (layout.bar_length[0], >=, 0.1 * layout.panel_width[0]);
  g_assert_cmpfloat (layout.bar_length[0], <=, 0.25 * layout.panel_width[0] + 1e-6);
  g_assert_cmpfloat_with_epsilon (layout.bar_length[0] * layout.nm_per_unit[0], layout.bar_nm[0],
                                  1e-9);
  x = (int) layout.bar_center_x[0];
  y = (int) layout.bar_center_y[0];
  run = dark_run (surface, x, y);
  g_assert_cmpfloat (fabs (run - layout.bar_length[0]), <=, 2.0);
  /* No box: white right beside and below the bar. */
  g_assert_true (is_white (pixel (surface, (int) (x + layout.bar_length[0] / 2 + 3), y)));
  g_assert_true (is_white (pixel (surface, x, y + 4)));
  cairo_surface_destroy (surface);
}

/* Journal units: a 120 mm PDF page, text at the options' size. */
static void
test_export_options (void)
{
  g_auto(Site) site = { 0 };
  IscSiteFigureInput in = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "site.pdf", NULL);
  g_autofree char *pdf = NULL;
  IscFigureOptions options;
  const char *media;
  gsize len;

  make_site (&site);
  in.cloud = site.cloud;
  in.ranges = site.ranges;
  in.image = site.image;
  in.legend = TRUE;
  isc_figure_options_init (&options);
  options.width_preset = ISC_FIGURE_WIDTH_ONE_HALF;
  options.aspect = 0.5;
  if (!isc_site_figure_export_with_options (&in, path, &options, &error))
    {
      g_assert_error (error, ISC_RENDER_ERROR, ISC_ERROR_UNSUPPORTED);
      g_test_skip (error->message);
      return;
    }
  g_assert_true (g_file_get_contents (path, &pdf, &len, NULL));
  media = memmem (pdf, len, "/MediaBox [ 0 0 ", 16);
  g_assert_nonnull (media);
  g_assert_cmpfloat (fabs (g_ascii_strtod (media + 16, NULL) - 120 * 72 / 25.4), <, 0.01);
  options.font_pt = 1;
  g_assert_false (isc_site_figure_export_with_options (&in, path, &options, NULL));
  options.font_pt = 8;

  /* Transparent: the page and the ion map's background are cleared, the ions and the STEM image
   * stay opaque. Black is refused (letters and bars are drawn for white paper). */
  {
    g_autofree char *png_path = g_build_filename (dir, "site.png", NULL);
    cairo_surface_t *png;
    guint32 *px;
    int stride, w, h;
    guint opaque_a = 0, clear_a = 0;

    options.background = ISC_FIGURE_BACKGROUND_TRANSPARENT;
    options.dpi = 150;
    g_assert_true (isc_site_figure_export_with_options (&in, png_path, &options, NULL));
    png = cairo_image_surface_create_from_png (png_path);
    cairo_surface_flush (png);
    px = (guint32 *) cairo_image_surface_get_data (png);
    stride = cairo_image_surface_get_stride (png) / 4;
    w = cairo_image_surface_get_width (png);
    h = cairo_image_surface_get_height (png);
    g_assert_cmpint (cairo_image_surface_get_format (png), ==, CAIRO_FORMAT_ARGB32);
    g_assert_cmpuint (px[0] >> 24, ==, 0);
    /* Panel a, the left third: ions opaque, its background clear. */
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w / 3; x++)
        {
          opaque_a += (px[y * stride + x] >> 24) == 0xff;
          clear_a += (px[y * stride + x] >> 24) == 0;
        }
    g_assert_cmpuint (opaque_a, >, 100);
    g_assert_cmpuint (clear_a, >, (guint) (w / 3 * h) / 2);
    /* The middle of panel b, the STEM image, is opaque. */
    g_assert_cmpuint (px[(h / 2) * stride + w * 3 / 4] >> 24, ==, 0xff);
    cairo_surface_destroy (png);
    options.background = ISC_FIGURE_BACKGROUND_BLACK;
    g_assert_false (isc_site_figure_export_with_options (&in, png_path, &options, NULL));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/site-figure/same-bar-length", test_same_bar_length);
  g_test_add_func ("/site-figure/profile-panel", test_profile_panel);
  g_test_add_func ("/site-figure/common-scale-bar", test_common_scale_bar);
  g_test_add_func ("/site-figure/errors", test_errors);
  g_test_add_func ("/site-figure/export-png-size", test_export_png_size);
  g_test_add_func ("/site-figure/map-bar-own-length", test_map_bar_own_length);
  g_test_add_func ("/site-figure/export-options", test_export_options);
  return g_test_run ();
}
