/* test-cli-figure.c: `ionscape-cli figure` on a small project of real .pos and .rrng files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "demo-cycling.h"
#include "gradient-plots.h"
#include "gradient-test-project.h"
#include "project-figures.h"
#include "project-file.h"
#include "test-util.h"

static gboolean
is_one_line (const char *text)
{
  const char *nl = strchr (text, '\n');

  return nl != NULL && nl[1] == '\0' && nl > text;
}

/* Pixels of @png within ±0.04 per channel of @color. */
static guint
count_color (const char *png,
             IscColor    color)
{
  cairo_surface_t *s = cairo_image_surface_create_from_png (png);
  unsigned char *data;
  int stride, w, h;
  guint n = 0;

  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (s);
  data = cairo_image_surface_get_data (s);
  stride = cairo_image_surface_get_stride (s);
  w = cairo_image_surface_get_width (s);
  h = cairo_image_surface_get_height (s);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p = *(guint32 *) (data + y * stride + x * 4);

        if (fabs (((p >> 16) & 0xff) / 255.0 - color.r) < 0.04
            && fabs (((p >> 8) & 0xff) / 255.0 - color.g) < 0.04
            && fabs ((p & 0xff) / 255.0 - color.b) < 0.04)
          n++;
      }
  cairo_surface_destroy (s);
  return n;
}

static void
png_size (const char *png,
          int        *w,
          int        *h)
{
  cairo_surface_t *s = cairo_image_surface_create_from_png (png);

  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  *w = cairo_image_surface_get_width (s);
  *h = cairo_image_surface_get_height (s);
  cairo_surface_destroy (s);
}

static void
test_figures (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *project = isc_test_write_gradient_project (dir, NULL);
  g_autofree char *png = g_build_filename (dir, "gradient.png", NULL);
  g_autofree char *elements = g_build_filename (dir, "elements.png", NULL);
  const char *const kinds[] = { "gradient", "elements", "gradient-depth", "retention" };
  const char *const suffixes[] = { "png", "svg", "pdf" };
  int status, w, h;

  /* Every kind in every format. */
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint f = 0; f < G_N_ELEMENTS (suffixes); f++)
      {
        g_autofree char *name = g_strdup_printf ("%s.%s", kinds[k], suffixes[f]);
        g_autofree char *out = g_build_filename (dir, name, NULL);
        g_autofree char *err = NULL;
        g_autofree char *bytes = NULL;
        gsize len;

        status = isc_test_run_cli (NULL, &err, "figure", project, "--plot", kinds[k], "--out",
                                   out, "--dpi", "72", NULL);
        g_assert_cmpint (status, ==, 0);
        g_assert_cmpstr (err, ==, "");
        g_assert_true (g_file_get_contents (out, &bytes, &len, NULL));
        if (f == 0)
          g_assert_cmpmem (bytes, 4, "\x89PNG", 4);
        else if (f == 1)
          g_assert_nonnull (strstr (bytes, "<svg"));
        else
          g_assert_cmpmem (bytes, 5, "%PDF-", 5);
      }

  /* Default size: one journal column, 85 × 63.75 mm (240.9 × 180.7 pt), at 72 dpi. */
  png_size (png, &w, &h);
  g_assert_cmpint (w, ==, 241);
  g_assert_cmpint (h, ==, 181);
  /* The three conditions' colours are in the Li figure. */
  for (guint c = 0; c < 3; c++)
    g_assert_cmpuint (count_color (png, isc_gradient_condition_color (c)), >, 15);
  /* The fourth palette colour is not (nothing is drawn in it). */
  g_assert_cmpuint (count_color (png, isc_gradient_condition_color (3)), <, 5);

  /* --size, --log-depth, --element and --condition. */
  status = isc_test_run_cli (NULL, NULL, "figure", project, "--plot", "gradient", "--log-depth",
                             "--element", "Ni", "--size", "200x150", "--dpi", "144", "--out",
                             png, NULL);
  g_assert_cmpint (status, ==, 0);
  png_size (png, &w, &h);
  g_assert_cmpint (w, ==, 400);
  g_assert_cmpint (h, ==, 300);
  /* Journal units: two columns at 600 dpi, 180 mm = 4252 px; a height in mm; 3.5 in. */
  status = isc_test_run_cli (NULL, NULL, "figure", project, "--plot", "gradient", "--width",
                             "double", "--height-mm", "60", "--font-pt", "9", "--dpi", "600",
                             "--out", png, NULL);
  g_assert_cmpint (status, ==, 0);
  png_size (png, &w, &h);
  g_assert_cmpint (w, ==, 4252);
  g_assert_cmpint (h, ==, 1418);
  status = isc_test_run_cli (NULL, NULL, "figure", project, "--plot", "gradient", "--width",
                             "3.5in", "--dpi", "100", "--out", png, NULL);
  g_assert_cmpint (status, ==, 0);
  png_size (png, &w, &h);
  g_assert_cmpint (w, ==, 350);
  status = isc_test_run_cli (NULL, NULL, "figure", project, "--plot", "gradient", "--width-mm",
                             "120", "--height-mm", "80", "--dpi", "300", "--out", png, NULL);
  g_assert_cmpint (status, ==, 0);
  png_size (png, &w, &h);
  g_assert_cmpint (w, ==, 1418);
  g_assert_cmpint (h, ==, 945);
  {
    g_autofree char *tif = g_build_filename (dir, "f.tif", NULL);
    g_autofree char *bytes = NULL;
    gsize len;

    status = isc_test_run_cli (NULL, NULL, "figure", project, "--plot", "gradient", "--out", tif,
                               NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_file_get_contents (tif, &bytes, &len, NULL));
    g_assert_cmpmem (bytes, 4, "II*\0", 4);
  }

  status = isc_test_run_cli (NULL, NULL, "figure", project, "--plot", "elements", "--condition",
                             "300 cycles", "--dpi", "72", "--out", elements, NULL);
  g_assert_cmpint (status, ==, 0);
  /* Five elements (Co, Li, Mn, Ni, O) in the first five palette colours. */
  for (guint e = 0; e < 5; e++)
    g_assert_cmpuint (count_color (elements, isc_palette_get (e)), >, 10);
}

/* With the demo's full cell as the cycler data of "100 cycles", the retention figure gains that
 * condition's point (from the data: cycle 102 over cycle 3); without it only pristine and
 * 300 cycles have a retention. */
static void
test_retention_from_cycler (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *cell = g_build_filename (dir, "cycling", "18650-full-cell.csv", NULL);
  g_autofree char *project = NULL;
  g_autofree char *png = g_build_filename (dir, "retention.png", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  IscColor vermillion = isc_gradient_condition_color (1);
  int status;

  g_assert_true (isc_demo_write_cycling (dir, NULL, &error));
  g_assert_no_error (error);
  project = isc_test_write_gradient_project (dir, NULL);
  status = isc_test_run_cli (NULL, &err, "figure", project, "--plot", "retention", "--dpi", "72",
                             "--out", png, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (count_color (png, vermillion), <, 5);

  g_free (project);
  g_clear_pointer (&err, g_free);
  project = isc_test_write_gradient_project (dir, cell);
  status = isc_test_run_cli (NULL, &err, "figure", project, "--plot", "retention", "--dpi", "72",
                             "--out", png, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (count_color (png, vermillion), >, 15);
}

static void
test_errors (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *project = isc_test_write_gradient_project (dir, NULL);
  g_autofree char *out = g_build_filename (dir, "f.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "nope.ionscape", NULL);
  static const struct
  {
    const char *args[6];
    const char *needle;
  } cases[] = {
    { { "--plot", "pie", "--out", "f.png", NULL }, "pie" },
    { { "--plot", "gradient", NULL }, "--out" },
    { { "--out", "f.png", NULL }, "--plot" },
    { { "--plot", "gradient", "--size", "big", "--out", "f.png" }, "big" },
    { { "--plot", "gradient", "--element", "Xe", "--out", "f.png" }, "Xe" },
    { { "--plot", "elements", "--condition", "7 cycles", "--out", "f.png" }, "7 cycles" },
    { { "--plot", "gradient", "--out", "f.bmp", NULL }, "f.bmp" },
    { { "--plot", "gradient", "--width", "huge", "--out", "f.png" }, "huge" },
    { { "--plot", "gradient", "--background", "pink", "--out", "f.png" }, "pink" },
    { { "--plot", "gradient", "--font-pt", "2", "--out", "f.png" }, "2 pt" },
    { { "--plot", "gradient", "--width-mm", "2000", "--out", "f.png" }, "2000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      const char *a[6];

      /* Relative output names land in the temporary folder. */
      for (guint k = 0; k < 6; k++)
        a[k] = cases[i].args[k] != NULL && g_str_equal (cases[i].args[k], "f.png") ? out
               : cases[i].args[k];
      {
        int status = isc_test_run_cli (NULL, &err, "figure", project, a[0], a[1], a[2], a[3],
                                       a[4], a[5], NULL);

        g_assert_cmpint (status, ==, 1);
        g_assert_true (is_one_line (err));
        g_assert_nonnull (strstr (err, cases[i].needle));
      }
    }
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  /* A project that does not exist: its name in the message. */
  {
    g_autofree char *err = NULL;
    int status = isc_test_run_cli (NULL, &err, "figure", missing, "--plot", "gradient", "--out",
                                   out, NULL);

    g_assert_cmpint (status, ==, 1);
    g_assert_true (is_one_line (err));
    g_assert_nonnull (strstr (err, "nope.ionscape"));
  }
}

/* Dark pixels (all channels under 100) in a rectangle of @s. */
static guint
count_dark_in (cairo_surface_t *s,
               int              x0,
               int              y0,
               int              w,
               int              h)
{
  guint n = 0;

  cairo_surface_flush (s);
  for (int y = y0; y < y0 + h; y++)
    for (int x = x0; x < x0 + w; x++)
      {
        guint32 p = ((guint32 *) (cairo_image_surface_get_data (s)
                                  + y * cairo_image_surface_get_stride (s)))[x];

        n += ((p >> 16) & 0xff) < 100 && ((p >> 8) & 0xff) < 100 && (p & 0xff) < 100;
      }
  return n;
}

/* --layout: a 2 × 2 grid with three panels; each sits in its cell (its frame and letter there),
 * the empty cell stays white, and the size comes from the layout. */
static void
test_layout (void)
{
  static const char layout[] =
    "{\"rows\": 2, \"columns\": 2, \"width_mm\": 180, \"height_mm\": 120, \"font_pt\": 8,\n"
    " \"panels\": [{\"row\": 0, \"column\": 0, \"plot\": \"gradient\", \"element\": \"Li\"},\n"
    "            {\"row\": 0, \"column\": 1, \"plot\": \"retention\"},\n"
    "            {\"row\": 1, \"column\": 1, \"plot\": \"elements\"}]}\n";
  static const char bad_layout[] =
    "{\"rows\": 1, \"columns\": 1, \"panels\": [{\"row\": 0, \"column\": 3, \"plot\": \"gradient\"}]}";
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *project = isc_test_write_gradient_project (dir, NULL);
  g_autofree char *json = g_build_filename (dir, "layout.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *png = g_build_filename (dir, "grid.png", NULL);
  g_autofree char *err = NULL;
  cairo_surface_t *s;
  int status, w, h;

  isc_test_write_file (json, layout, strlen (layout));
  status = isc_test_run_cli (NULL, NULL, "figure", project, "--layout", json, "--dpi", "100",
                             "--out", png, NULL);
  g_assert_cmpint (status, ==, 0);
  s = cairo_image_surface_create_from_png (png);
  w = cairo_image_surface_get_width (s);
  h = cairo_image_surface_get_height (s);
  /* 180 × 120 mm at 100 dpi. */
  g_assert_cmpint (w, ==, 709);
  g_assert_cmpint (h, ==, 473);
  /* Cells of about 351 × 233 px (6 pt gaps): three hold a plot, (1, 0) is empty. */
  g_assert_cmpuint (count_dark_in (s, 0, 0, w / 2 - 10, h / 2 - 10), >, 500);
  g_assert_cmpuint (count_dark_in (s, w / 2 + 10, 0, w / 2 - 10, h / 2 - 10), >, 500);
  g_assert_cmpuint (count_dark_in (s, w / 2 + 10, h / 2 + 10, w / 2 - 10, h / 2 - 10), >, 500);
  g_assert_cmpuint (count_dark_in (s, 0, h / 2 + 10, w / 2 - 10, h / 2 - 10), ==, 0);
  /* Letters a, b, c in the top-left corners of the filled cells (bold, 8 pt ≈ 11 px). */
  g_assert_cmpuint (count_dark_in (s, 0, 0, 14, 14), >, 5);
  g_assert_cmpuint (count_dark_in (s, w / 2 + 3, 0, 14, 14), >, 5);
  g_assert_cmpuint (count_dark_in (s, w / 2 + 3, h / 2 + 3, 14, 14), >, 5);
  cairo_surface_destroy (s);

  /* The same layout saved in the project renders by its name. */
  {
    g_autoptr(GError) error = NULL;
    IscProject *loaded = isc_project_load (project, &error);

    g_assert_no_error (error);
    isc_project_set_figure (loaded, "Figure 2", layout);
    g_assert_true (isc_project_save (loaded, project, &error));
    g_assert_no_error (error);
    isc_project_free (loaded);
  }
  g_unlink (png);
  status = isc_test_run_cli (NULL, NULL, "figure", project, "--layout", "Figure 2", "--dpi", "100",
                             "--out", png, NULL);
  g_assert_cmpint (status, ==, 0);
  png_size (png, &w, &h);
  g_assert_cmpint (w, ==, 709);
  g_assert_cmpint (h, ==, 473);
  status = isc_test_run_cli (NULL, &err, "figure", project, "--layout", "Figure 9", "--out", png, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "“Figure 2”"));
  g_clear_pointer (&err, g_free);

  /* A panel outside the grid is named. */
  isc_test_write_file (bad, bad_layout, strlen (bad_layout));
  status = isc_test_run_cli (NULL, &err, "figure", project, "--layout", bad, "--out", png, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "outside"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/figure/layout", test_layout);
  g_test_add_func ("/cli/figure/kinds-formats", test_figures);
  g_test_add_func ("/cli/figure/retention-from-cycler", test_retention_from_cycler);
  g_test_add_func ("/cli/figure/errors", test_errors);
  return g_test_run ();
}
