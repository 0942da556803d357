/* test-cli-site-figure.c: `ionscape-cli figure PROJECT --plot site` on a small project of real
 * .pos, .rrng and calibrated TIFF files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo.h>
#include <math.h>
#include <string.h>

#include "gradient-test-project.h"
#include "image.h"
#include "project-file.h"
#include "range-set.h"
#include "test-util.h"

#define IMAGE_W 120
#define IMAGE_H 80

static gboolean
is_one_line (const char *text)
{
  const char *nl = strchr (text, '\n');

  return nl != NULL && nl[1] == '\0' && nl > text;
}

/* The study's ranges, with a distinct colour for each ion (the study's own file is all grey). */
static const char coloured_ranges[] =
  "[Ions]\nNumber=5\nIon1=Li\nIon2=O\nIon3=Mn\nIon4=Ni\nIon5=Co\n"
  "[Ranges]\nNumber=5\n"
  "Range1=6.7000 7.3000 Vol:0.00000 Li:1 Color:00CC00\n"
  "Range2=15.7000 16.3000 Vol:0.00000 O:1 Color:FF0000\n"
  "Range3=54.7000 55.3000 Vol:0.00000 Mn:1 Color:FF00FF\n"
  "Range4=57.7000 58.3000 Vol:0.00000 Ni:1 Color:0000FF\n"
  "Range5=58.7000 59.3000 Vol:0.00000 Co:1 Color:00CCCC\n";

/* The gradient study with a 30 × 20 nm STEM image (grey levels 0…99 in a ramp) at 300 cycles/R1. */
static char *
write_project (const char *dir)
{
  g_autofree char *path = isc_test_write_gradient_project (dir, NULL);
  g_autofree char *tiff = g_build_filename (dir, "r1-haadf.tif", NULL);
  g_autofree char *ranges = g_build_filename (dir, "ranges.rrng", NULL);
  g_autoptr(IscProject) project = NULL;
  g_autoptr(IscImage) image = NULL;
  g_autoptr(GError) error = NULL;
  IscCondition *condition;
  IscSite *site;
  float *pixels;

  isc_test_write_file (ranges, coloured_ranges, strlen (coloured_ranges));
  image = isc_image_new (IMAGE_W, IMAGE_H, 1, ISC_IMAGE_DTYPE_F32, &error);
  g_assert_no_error (error);
  pixels = isc_image_frame (image, 0);
  for (guint i = 0; i < IMAGE_W * IMAGE_H; i++)
    pixels[i] = (float) ((i % IMAGE_W) * 100 / IMAGE_W);
  for (guint a = 0; a < 2; a++)
    {
      image->axis[a].scale = 0.25;
      g_free (image->axis[a].unit);
      image->axis[a].unit = g_strdup ("nm");
    }
  g_assert_true (isc_image_write_tiff (image, tiff, &error));
  g_assert_no_error (error);

  project = isc_project_load (path, &error);
  g_assert_no_error (error);
  condition = isc_project_find_condition (project, "300 cycles");
  g_assert_nonnull (condition);
  site = isc_condition_find_site (condition, "R1");
  g_assert_nonnull (site);
  g_assert_nonnull (isc_site_add_dataset (site, ISC_DATASET_STEM, tiff));
  g_assert_true (isc_project_save (project, path, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* Pixels in the rectangle that match one of the range file's ion colours (±0.1), and grey
 * pixels (r = g = b) of mid levels. */
static void
count_pixels (cairo_surface_t   *s,
              const IscRangeSet *ranges,
              int                x0,
              int                y0,
              int                x1,
              int                y1,
              guint             *species,
              guint             *greys)
{
  unsigned char *data = cairo_image_surface_get_data (s);
  int stride = cairo_image_surface_get_stride (s);

  *species = *greys = 0;
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 p = *(guint32 *) (data + y * stride + x * 4);
        double r = ((p >> 16) & 0xff) / 255.0, g = ((p >> 8) & 0xff) / 255.0, b = (p & 0xff) / 255.0;

        if (r == g && g == b && r > 0.1 && r < 0.9)
          (*greys)++;
        for (guint t = 0; t < isc_range_set_get_n_ion_types (ranges); t++)
          {
            const double *c = isc_range_set_get_ion_type (ranges, t)->color;

            if (fabs (r - c[0]) < 0.1 && fabs (g - c[1]) < 0.1 && fabs (b - c[2]) < 0.1
                && !(r == g && g == b))
              {
                (*species)++;
                break;
              }
          }
      }
}

static gboolean
gl_missing (const char *err)
{
  if (err != NULL && strstr (err, "no OpenGL available: ") != NULL)
    {
      g_test_skip (err);
      return TRUE;
    }
  return FALSE;
}

static void
test_site_png (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *project = write_project (dir);
  g_autofree char *ranges_path = g_build_filename (dir, "ranges.rrng", NULL);
  g_autofree char *png = g_build_filename (dir, "site.png", NULL);
  g_autofree char *err = NULL;
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *s;
  guint species, greys;
  int status;

  ranges = isc_range_set_load (ranges_path, &error);
  g_assert_no_error (error);
  status = isc_test_run_cli (NULL, &err, "figure", project, "--plot", "site", "--site",
                             "300 cycles/R1", "--out", png, "--size", "360x180", "--dpi", "144",
                             NULL);
  if (status != 0 && gl_missing (err))
    return;
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);

  s = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (s);
  /* 360 × 180 pt at 144 dpi. */
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 720);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 360);
  /* Panel a (left half; its lower left part, away from the legend): ions in the range colours,
   * no image greys. */
  count_pixels (s, ranges, 40, 120, 260, 360, &species, &greys);
  g_test_message ("panel a: %u ion pixels, %u greys", species, greys);
  g_assert_cmpuint (species, >, 50);
  g_assert_cmpuint (greys, <, species);
  /* Panel b (right half): the image's grey ramp fills most of it, no ion colours. */
  count_pixels (s, ranges, 380, 0, 720, 360, &species, &greys);
  g_test_message ("panel b: %u ion pixels, %u greys", species, greys);
  g_assert_cmpuint (greys, >, 300 * 150);
  g_assert_cmpuint (species, ==, 0);
  cairo_surface_destroy (s);
}

static void
test_site_vector_and_profile (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *project = write_project (dir);
  g_autofree char *svg = g_build_filename (dir, "site.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "site.pdf", NULL);
  g_autofree char *png = g_build_filename (dir, "profile.png", NULL);
  g_autofree char *err = NULL;
  g_autofree char *bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) parser = NULL;
  GMarkupParser nothing = { 0 };
  cairo_surface_t *s;
  gsize len;
  int status;

  status = isc_test_run_cli (NULL, &err, "figure", project, "--plot", "site", "--site",
                             "300 cycles/R1", "--out", svg, NULL);
  if (status != 0 && gl_missing (err))
    return;
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_get_contents (svg, &bytes, &len, NULL));
  parser = g_markup_parse_context_new (&nothing, 0, NULL, NULL);
  g_assert_true (g_markup_parse_context_parse (parser, bytes, len, &error));
  g_assert_true (g_markup_parse_context_end_parse (parser, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (bytes, "<svg"));
  g_clear_pointer (&bytes, g_free);

  status = isc_test_run_cli (NULL, NULL, "figure", project, "--plot", "site", "--site",
                             "300 cycles/R1", "--out", pdf, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_get_contents (pdf, &bytes, &len, NULL));
  g_assert_cmpmem (bytes, 5, "%PDF-", 5);

  /* --profile: three panels, default two journal columns, 180 × 60 mm; at 100 dpi 709 × 237
   * pixels. */
  status = isc_test_run_cli (NULL, NULL, "figure", project, "--plot", "site", "--site",
                             "300 cycles/R1", "--profile", "--specimen", "2", "--dpi", "100",
                             "--out", png, NULL);
  g_assert_cmpint (status, ==, 0);
  s = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 709);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 237);
  cairo_surface_destroy (s);
}

static void
test_site_errors (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *project = write_project (dir);
  g_autofree char *png = g_build_filename (dir, "site.png", NULL);
  struct { const char *site; const char *extra; const char *message; } cases[] = {
    { "300 cycles/R9", NULL, "has no site “300 cycles/R9” (it has " },
    { "nowhere", NULL, "has no site “nowhere”" },
    { "100 cycles/R1", NULL, "site “100 cycles/R1” has no STEM image" },
    { "300 cycles/R1", "7", "site “300 cycles/R1” has no APT specimen 7" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      int status;

      if (cases[i].extra != NULL)
        status = isc_test_run_cli (NULL, &err, "figure", project, "--plot", "site", "--site",
                                   cases[i].site, "--specimen", cases[i].extra, "--out", png, NULL);
      else
        status = isc_test_run_cli (NULL, &err, "figure", project, "--plot", "site", "--site",
                                   cases[i].site, "--out", png, NULL);
      g_assert_cmpint (status, ==, 1);
      g_assert_true (is_one_line (err));
      g_assert_nonnull (strstr (err, cases[i].message));
      g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
    }
}

/* Without any EGL vendor (glvnd reads this variable) there is no OpenGL: one clear line, exit 1,
 * no file, no crash. */
static void
test_site_no_gl (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *project = write_project (dir);
  g_autofree char *png = g_build_filename (dir, "site.png", NULL);
  g_autofree char *err = NULL;
  int status;

  g_setenv ("__EGL_VENDOR_LIBRARY_FILENAMES", "/nonexistent/egl-vendor.json", TRUE);
  status = isc_test_run_cli (NULL, &err, "figure", project, "--plot", "site", "--site",
                             "300 cycles/R1", "--out", png, NULL);
  g_unsetenv ("__EGL_VENDOR_LIBRARY_FILENAMES");
  if (status == 0)
    {
      g_test_skip ("this EGL does not honour __EGL_VENDOR_LIBRARY_FILENAMES");
      return;
    }
  g_assert_cmpint (status, ==, 1);
  g_assert_true (is_one_line (err));
  g_assert_true (g_str_has_prefix (err, "ionscape-cli: figure: no OpenGL available: "));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/figure/site-png", test_site_png);
  g_test_add_func ("/cli/figure/site-vector-profile", test_site_vector_and_profile);
  g_test_add_func ("/cli/figure/site-errors", test_site_errors);
  g_test_add_func ("/cli/figure/site-no-gl", test_site_no_gl);
  return g_test_run ();
}
