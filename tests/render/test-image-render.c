/* test-image-render.c: colour maps, contrast, scale bar and export of image rendering.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "colormap.h"
#include "figure.h"
#include "image-render.h"
#include "scale-bar.h"
#include "test-util.h"

/* Values of matplotlib's _cm_listed.py (the published float tables) at entries 0, 128, 255. */
static const struct
{
  IscColormap map;
  guint       index;
  double      rgb[3];
} published[] = {
  { ISC_COLORMAP_VIRIDIS, 0, { 0.267004, 0.004874, 0.329415 } },
  { ISC_COLORMAP_VIRIDIS, 128, { 0.127568, 0.566949, 0.550556 } },
  { ISC_COLORMAP_VIRIDIS, 255, { 0.993248, 0.906157, 0.143936 } },
  { ISC_COLORMAP_INFERNO, 0, { 0.001462, 0.000466, 0.013866 } },
  { ISC_COLORMAP_INFERNO, 128, { 0.735683, 0.215906, 0.330245 } },
  { ISC_COLORMAP_INFERNO, 255, { 0.988362, 0.998364, 0.644924 } },
  { ISC_COLORMAP_MAGMA, 0, { 0.001462, 0.000466, 0.013866 } },
  { ISC_COLORMAP_MAGMA, 128, { 0.716387, 0.214982, 0.475290 } },
  { ISC_COLORMAP_MAGMA, 255, { 0.987053, 0.991438, 0.749504 } },
};

static void
test_colormap_tables (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (published); i++)
    {
      const guint8 *table = isc_colormap_table (published[i].map);

      for (guint c = 0; c < 3; c++)
        g_assert_cmpfloat_with_epsilon (table[3 * published[i].index + c] / 255.0, published[i].rgb[c], 1.0 / 255);
    }
  for (guint i = 0; i < 256; i++)
    {
      const guint8 *grey = isc_colormap_table (ISC_COLORMAP_GREY);

      g_assert_cmpuint (grey[3 * i], ==, i);
      g_assert_cmpuint (grey[3 * i + 2], ==, i);
    }
  for (IscColormap m = 0; m < ISC_N_COLORMAPS; m++)
    {
      IscColormap back = ISC_N_COLORMAPS;

      g_assert_true (isc_colormap_from_name (isc_colormap_name (m), &back));
      g_assert_cmpint (back, ==, m);
    }
  g_assert_false (isc_colormap_from_name ("jet", &(IscColormap) { 0 }));
}

/* A ramp: pixel (x, y) holds y * w + x, so the sorted values are 0 … n−1 and the p-th
 * percentile is p / 100 × (n − 1) (numpy's linear convention). */
static IscImage *
make_ramp (guint w,
           guint h)
{
  IscImage *image = isc_image_new (w, h, 1, ISC_IMAGE_DTYPE_F32, NULL);

  for (guint i = 0; i < w * h; i++)
    image->pixels[i] = i;
  return image;
}

static guint32
pixel_at (cairo_surface_t *s,
          guint            x,
          guint            y)
{
  return ((guint32 *) (cairo_image_surface_get_data (s) + y * cairo_image_surface_get_stride (s)))[x];
}

static void
test_percentile_ramp (void)
{
  g_autoptr(IscImage) image = make_ramp (200, 100);
  g_autoptr(IscImageLevels) levels = isc_image_levels_compute (image, 0);
  double n = 200 * 100, lo, hi, black, white;
  IscContrast contrast;
  cairo_surface_t *s;
  double counts[10];

  g_assert_cmpuint (isc_image_levels_get_range (levels, &lo, &hi), ==, 20000);
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat (hi, ==, 19999);
  g_assert_cmpfloat_with_epsilon (isc_image_levels_percentile (levels, 0.5), 0.005 * (n - 1), 0.5);
  g_assert_cmpfloat_with_epsilon (isc_image_levels_percentile (levels, 50), 0.5 * (n - 1), 0.5);
  g_assert_cmpfloat_with_epsilon (isc_image_levels_percentile (levels, 99.5), 0.995 * (n - 1), 0.5);

  isc_image_levels_histogram (levels, 0, 20000, 10, counts);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpfloat_with_epsilon (counts[i], 2000, 2);  /* bin edges fall inside fine bins */

  isc_contrast_init_default (&contrast);
  s = isc_image_render_rgba (image, 0, &contrast, ISC_COLORMAP_GREY, levels, &black, &white);
  g_assert_cmpfloat_with_epsilon (black, 99.995, 0.5);
  g_assert_cmpfloat_with_epsilon (white, 19899.005, 0.5);
  /* Below the 0.5 % level: black; above 99.5 %: white; the midpoint 9999.5 (pixel 9999/10000): mid grey. */
  g_assert_cmphex (pixel_at (s, 50, 0), ==, 0xff000000);
  g_assert_cmphex (pixel_at (s, 150, 99), ==, 0xffffffff);
  g_assert_cmpuint (pixel_at (s, 199, 49) & 0xff, >=, 127);
  g_assert_cmpuint (pixel_at (s, 199, 49) & 0xff, <=, 128);
  /* A quarter of the way between the limits: 255 / 4. */
  {
    guint v = (guint) (black + 0.25 * (white - black) + 0.5);

    g_assert_cmpint (abs ((int) (pixel_at (s, v % 200, v / 200) & 0xff) - 64), <=, 1);
  }
  cairo_surface_destroy (s);

  /* Gamma 2 darkens the midpoint to 0.25. */
  contrast.mode = ISC_CONTRAST_FULL;
  contrast.gamma = 2;
  s = isc_image_render_rgba (image, 0, &contrast, ISC_COLORMAP_GREY, levels, &black, &white);
  g_assert_cmpfloat (black, ==, 0);
  g_assert_cmpfloat (white, ==, 19999);
  g_assert_cmpint (abs ((int) (pixel_at (s, 199, 49) & 0xff) - 64), <=, 1);
  cairo_surface_destroy (s);

  /* Manual limits need no levels; NaN is transparent; viridis at the top is the table's end. */
  contrast.mode = ISC_CONTRAST_MANUAL;
  contrast.low = 1000;
  contrast.high = 2000;
  contrast.gamma = 1;
  image->pixels[0] = NAN;
  s = isc_image_render_rgba (image, 0, &contrast, ISC_COLORMAP_VIRIDIS, NULL, NULL, NULL);
  g_assert_cmphex (pixel_at (s, 0, 0), ==, 0);
  g_assert_cmphex (pixel_at (s, 0, 50), ==, 0xfffde725);
  g_assert_cmphex (pixel_at (s, 1, 0), ==, 0xff440154);
  cairo_surface_destroy (s);
}

static double
label_in_unit (const char *label,
               const char *unit)
{
  char *end = NULL;
  double v = g_ascii_strtod (label, &end);

  g_assert_true (end != label);
  g_assert_true (*end == ' ');
  if (strcmp (end + 1, "µm") == 0 && strcmp (unit, "nm") == 0)
    return v * 1000;
  g_assert_cmpstr (end + 1, ==, unit);
  return v;
}

static void
test_scale_bar_choice (void)
{
  IscScaleBar bar;

  /* 512 px of 0.0125 nm: 20 % is 1.28 nm → 1 nm = 80 px. */
  g_assert_true (isc_scale_bar_choose (0.0125, "nm", 512, &bar));
  g_assert_cmpstr (bar.label, ==, "1 nm");
  g_assert_cmpfloat_with_epsilon (bar.length_px, 80, 1e-9);
  /* 1024 px of 0.00244 nm (2.5 nm field): 20 % is 0.4997 nm → 0.5 nm. */
  g_assert_true (isc_scale_bar_choose (0.00244, "nm", 1024, &bar));
  g_assert_cmpstr (bar.label, ==, "0.5 nm");
  /* 2048 px of 4 nm: 1638 nm → 2 µm. */
  g_assert_true (isc_scale_bar_choose (4, "nm", 2048, &bar));
  g_assert_cmpstr (bar.label, ==, "2 µm");
  g_assert_cmpfloat_with_epsilon (bar.length_px, 500, 1e-9);

  for (double ps = 0.0013; ps < 900; ps *= 1.37)
    {
      char *end;
      double mantissa;

      g_assert_true (isc_scale_bar_choose (ps, "nm", 700, &bar));
      /* Length in pixels = label / pixel size. */
      g_assert_cmpfloat_with_epsilon (bar.length_px, label_in_unit (bar.label, "nm") / ps, 1e-9 * bar.length_px);
      /* Round: 1, 2 or 5 × 10^n, and between 12 and 32 % (1-2-5 steps cannot always hit 15–25 %). */
      mantissa = g_ascii_strtod (bar.label, &end);
      mantissa /= pow (10, floor (log10 (mantissa) + 1e-9));
      g_assert_true (fabs (mantissa - 1) < 1e-9 || fabs (mantissa - 2) < 1e-9 || fabs (mantissa - 5) < 1e-9);
      g_assert_cmpfloat (bar.length_px / 700, >=, 0.12);
      g_assert_cmpfloat (bar.length_px / 700, <=, 0.32);
    }

  /* A fixed length: 3 nm at 0.02 nm per pixel is 150 px. */
  g_assert_true (isc_scale_bar_for_length (3, 0.02, "nm", &bar));
  g_assert_cmpstr (bar.label, ==, "3 nm");
  g_assert_cmpfloat_with_epsilon (bar.length_px, 150, 1e-9);
  g_assert_false (isc_scale_bar_for_length (0, 0.02, "nm", &bar));

  g_assert_false (isc_scale_bar_choose (1, "", 100, &bar));
  g_assert_false (isc_scale_bar_choose (1, "px", 100, &bar));
  g_assert_false (isc_scale_bar_choose (0, "nm", 100, &bar));
  g_assert_false (isc_scale_bar_choose (NAN, "nm", 100, &bar));
}

static IscImage *
make_flat_calibrated (guint w,
                      guint h,
                      double pixel_nm)
{
  IscImage *image = isc_image_new (w, h, 1, ISC_IMAGE_DTYPE_U16, NULL);

  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, pixel_nm, "nm", "x");
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0, pixel_nm, "nm", "y");
  return image;
}

/* The longest run of pure white in any row of the bottom half, between x = @x0 and @x1. */
static int
longest_white_run_in (cairo_surface_t *s,
                      int              x0,
                      int              x1)
{
  int h = cairo_image_surface_get_height (s), best = 0;

  for (int y = h / 2; y < h; y++)
    {
      int run = 0;

      for (int x = x0; x < x1; x++)
        {
          run = (pixel_at (s, x, y) & 0xffffff) == 0xffffff ? run + 1 : 0;
          best = MAX (best, run);
        }
    }
  return best;
}

static int
longest_white_run (cairo_surface_t *s)
{
  return longest_white_run_in (s, cairo_image_surface_get_width (s) / 4, cairo_image_surface_get_width (s));
}

static void
test_export (void)
{
  g_autoptr(IscImage) image = make_flat_calibrated (400, 300, 0.02);
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *png = g_build_filename (dir, "image.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "image.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "image.pdf", NULL);
  g_autofree char *bad = g_build_filename (dir, "image.bmp", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) ctx = NULL;
  GMarkupParser parser = { 0 };
  cairo_surface_t *s;
  IscScaleBar bar;
  gsize len;

  /* 400 px × 0.02 nm = 8 nm; 20 % is 1.6 nm → 2 nm = 100 px. */
  g_assert_true (isc_scale_bar_choose (0.02, "nm", 400, &bar));
  g_assert_cmpstr (bar.label, ==, "2 nm");

  g_assert_true (isc_image_export (image, 0, NULL, ISC_COLORMAP_GREY, TRUE, png, &error));
  g_assert_no_error (error);
  s = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 400);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 300);
  /* The flat image is mid grey; the bar is white and 100 px long (± an antialiased edge). */
  g_assert_cmphex (pixel_at (s, 10, 10) & 0xffffff, ==, 0x808080);
  g_assert_cmpint (abs (longest_white_run (s) - 100), <=, 1);
  cairo_surface_destroy (s);

  /* Without the bar, no white at all. */
  g_assert_true (isc_image_export (image, 0, NULL, ISC_COLORMAP_GREY, FALSE, png, &error));
  s = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (longest_white_run (s), ==, 0);
  cairo_surface_destroy (s);

  g_assert_true (isc_image_export (image, 0, NULL, ISC_COLORMAP_MAGMA, TRUE, svg, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &text, &len, NULL));
  g_assert_nonnull (strstr (text, "<svg"));
  ctx = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_assert_true (g_markup_parse_context_parse (ctx, text, len, &error));
  g_assert_true (g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);

  g_assert_true (isc_image_export (image, 0, NULL, ISC_COLORMAP_VIRIDIS, TRUE, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &text, &len, NULL));
  g_assert_cmpuint (len, >, 100);
  g_assert_true (g_str_has_prefix (text, "%PDF-"));

  g_assert_false (isc_image_export (image, 0, NULL, ISC_COLORMAP_GREY, TRUE, bad, &error));
  g_assert_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (isc_image_export (image, 3, NULL, ISC_COLORMAP_GREY, TRUE, png, &error));
  g_assert_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT);

  g_clear_error (&error);

  /* As a figure panel beside an empty plot cell: the image fills its cell's height, with a bar. */
  {
    g_autoptr(IscFigure) figure = isc_figure_new (1, 2);

    isc_figure_set_letters (figure, FALSE);
    isc_figure_set_spacing (figure, 0);
    g_assert_true (isc_image_set_figure_panel (figure, 0, 0, image, 0, NULL, ISC_COLORMAP_GREY, TRUE));
    g_assert_false (isc_image_set_figure_panel (figure, 0, 1, image, 1, NULL, ISC_COLORMAP_GREY, TRUE));
    g_assert_true (isc_figure_export (figure, png, 800, 300, 72, &error));
    g_assert_no_error (error);
    s = cairo_image_surface_create_from_png (png);
    g_assert_cmpint (cairo_image_surface_get_width (s), ==, 800);
    /* Cell 0 is 400 × 300: the 400 × 300 image fills it at scale 1, so the bar is 100 px again. */
    g_assert_cmphex (pixel_at (s, 200, 20) & 0xffffff, ==, 0x808080);
    g_assert_cmpint (abs (longest_white_run_in (s, 0, 400) - 100), <=, 1);
    cairo_surface_destroy (s);
  }

  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/render/image/colormap-tables", test_colormap_tables);
  g_test_add_func ("/render/image/percentile-ramp", test_percentile_ramp);
  g_test_add_func ("/render/image/scale-bar-choice", test_scale_bar_choice);
  g_test_add_func ("/render/image/export", test_export);
  return g_test_run ();
}
