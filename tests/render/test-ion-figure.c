/* test-ion-figure.c: the ion map as a figure for paper (`ionscape-cli render --dpi …`,
 * IscGlExportOptions.dpi): points, legend and scale bar in points, so they scale with the
 * resolution; the legend inside a margin and without stray strokes; transparent and black
 * backgrounds; the resolution stored in the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo.h>
#include <math.h>
#include <string.h>

#include <cairo-svg.h>

#include "gl-context-headless.h"
#include "ion-overlay.h"
#include "point-renderer.h"
#include "test-util.h"

static const char rrng[] =
  "[Ions]\r\nNumber=3\r\nIon1=Li\r\nIon2=O\r\nIon3=Ni\r\n"
  "[Ranges]\r\nNumber=3\r\n"
  "Range1=6.7000 7.3000 Vol:0.01 Li:1 Color:FF0000\r\n"
  "Range2=15.7000 16.3000 Vol:0.01 O:1 Color:00FF00\r\n"
  "Range3=57.7000 58.3000 Vol:0.01 Ni:1 Color:0000FF\r\n";

static char *dir, *pos_path, *rrng_path;

/* Li at the left, Ni at the right, O at the top of a ±30 nm box marked by unranged corners. */
static void
write_files (void)
{
  static const float site[3][4] = { { -20, 0, 0, 7 }, { 20, 0, 0, 58 }, { 0, 0, 20, 16 } };
  float ions[3 * 5 + 8][4];
  guint k = 0;

  for (guint s = 0; s < 3; s++)
    for (int j = 0; j < 5; j++, k++)
      memcpy (ions[k], site[s], sizeof ions[k]);
  for (int c = 0; c < 8; c++, k++)
    {
      for (int i = 0; i < 3; i++)
        ions[k][i] = (c & (1 << i)) ? 30.0f : -30.0f;
      ions[k][3] = 100.0f;
    }
  dir = isc_test_make_tmpdir ();
  pos_path = g_build_filename (dir, "sites.pos", NULL);
  rrng_path = g_build_filename (dir, "sites.rrng", NULL);
  isc_test_write_pos (pos_path, (const float (*)[4]) ions, k);
  isc_test_write_file (rrng_path, rrng, strlen (rrng));
}

/* Renders with the extra arguments (NULL-terminated, at most 12); NULL when there is no GL. */
static cairo_surface_t *
render (const char *name,
        ...)
{
  g_autofree char *out = g_build_filename (dir, name, NULL);
  g_autofree char *err = NULL;
  const char *a[13] = { NULL };
  va_list ap;
  int status;

  va_start (ap, name);
  for (guint i = 0; i < 12 && (a[i] = va_arg (ap, const char *)) != NULL; i++)
    ;
  va_end (ap);
  status = isc_test_run_cli (NULL, &err, "render", pos_path, "--ranges", rrng_path, "--ortho",
                             "--out", out, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9],
                             a[10], a[11], NULL);
  if (status != 0 && strstr (err, "no OpenGL available") != NULL)
    {
      g_test_skip (err);
      return NULL;
    }
  g_assert_cmpint (status, ==, 0);
  if (!g_str_has_suffix (name, ".png"))
    return NULL;
  return cairo_image_surface_create_from_png (out);
}

static guint32
pixel (cairo_surface_t *s,
       int              x,
       int              y)
{
  return ((guint32 *) (cairo_image_surface_get_data (s) + y * cairo_image_surface_get_stride (s)))[x];
}

/* Opaque pixels of the hue of the pure colour @rgb (ions are shaded spheres: each channel of
 * @rgb that is full is over 120, each that is empty under 80) in columns ≥ @x0 and rows < @y1;
 * their bounding box. */
static guint
count_rgb (cairo_surface_t *s,
           guint32          rgb,
           int              x0,
           int              y1,
           int              box[4])
{
  guint n = 0;

  box[0] = box[1] = G_MAXINT;
  box[2] = box[3] = -1;
  cairo_surface_flush (s);
  for (int y = 0; y < MIN (y1, cairo_image_surface_get_height (s)); y++)
    for (int x = x0; x < cairo_image_surface_get_width (s); x++)
      {
        guint32 p = pixel (s, x, y);
        gboolean near = TRUE;

        if ((p >> 24) != 0xff)
          continue;
        for (int c = 0; c < 3; c++)
          {
            guint v = (p >> (8 * c)) & 0xff;

            near = near && (((rgb >> (8 * c)) & 0xff) != 0 ? v > 120 : v < 80);
          }
        if (near)
          {
            n++;
            box[0] = MIN (box[0], x);
            box[1] = MIN (box[1], y);
            box[2] = MAX (box[2], x);
            box[3] = MAX (box[3], y);
          }
      }
  return n;
}

static void
test_points_scale_with_dpi (void)
{
  guint n[2];
  int box[4];

  for (guint k = 0; k < 2; k++)
    {
      cairo_surface_t *s = render (k == 0 ? "a.png" : "b.png", "--width-mm", "40", "--height-mm",
                                   "40", "--dpi", k == 0 ? "150" : "300", "--no-legend",
                                   "--no-scale-bar", "--point-size", "8", NULL);

      if (s == NULL)
        return;
      g_assert_cmpint (cairo_image_surface_get_width (s), ==, k == 0 ? 237 : 473);
      /* Above the axis triad (lower left), whose x axis is red too. */
      n[k] = count_rgb (s, 0xff0000, 0, cairo_image_surface_get_height (s) * 55 / 100, box);
      cairo_surface_destroy (s);
    }
  g_test_message ("Li splat: %u px at 150 dpi, %u px at 300 dpi", n[0], n[1]);
  /* Twice the resolution, the same size on paper: four times the pixels. */
  g_assert_cmpuint (n[0], >, 10);
  g_assert_cmpfloat (fabs ((double) n[1] / n[0] - 4), <, 0.8);
}

static void
test_legend_margin_and_swatches (void)
{
  cairo_surface_t *s = render ("legend.png", "--width", "single", "--dpi", "300", "--font-pt",
                               "8", NULL);
  int w, box[4], right = -1;
  double pt = 300 / 72.0;

  if (s == NULL)
    return;
  w = cairo_image_surface_get_width (s);
  g_assert_cmpint (w, ==, 1004);
  /* The legend's text and swatches keep a margin of at least half the text size. */
  for (int y = 0; y < cairo_image_surface_get_height (s) / 4; y++)
    for (int x = w * 3 / 4; x < w; x++)
      if ((pixel (s, x, y) & 0xffffff) != 0xffffff)
        right = MAX (right, x);
  g_assert_cmpint (right, >, 0);
  g_assert_cmpfloat (w - 1 - right, >=, 4 * pt);
  /* The O swatch (green) at the right is a round dot: no fill reaching back to the text above
   * it (a sliver from the previous entry made its box much taller than wide). */
  g_assert_cmpuint (count_rgb (s, 0x00ff00, w * 3 / 4, G_MAXINT, box), >, 20);
  g_test_message ("O swatch %d×%d px", box[2] - box[0] + 1, box[3] - box[1] + 1);
  g_assert_cmpint (abs ((box[3] - box[1]) - (box[2] - box[0])), <=, 3);
  /* The swatch is sized in points: about 0.7 × the text (8 pt = 33 px). */
  g_assert_cmpint (box[2] - box[0], >=, 15);
  cairo_surface_destroy (s);
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static void
test_backgrounds (void)
{
  cairo_surface_t *s = render ("t.png", "--width-mm", "40", "--height-mm", "30", "--dpi", "600",
                               "--background", "transparent", NULL);
  g_autofree char *path = g_build_filename (dir, "t.png", NULL);
  g_autofree char *data = NULL;
  int box[4];
  gsize len;
  const char *phys;

  if (s == NULL)
    return;
  cairo_surface_flush (s);
  g_assert_cmpint (cairo_image_surface_get_format (s), ==, CAIRO_FORMAT_ARGB32);
  g_assert_cmpuint (pixel (s, 0, 0) >> 24, ==, 0);
  g_assert_cmpuint (count_rgb (s, 0xff0000, 0, G_MAXINT, box), >, 10);
  cairo_surface_destroy (s);
  /* The resolution is in the file. */
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  phys = memmem (data, len, "pHYs", 4);
  g_assert_nonnull (phys);
  g_assert_cmpfloat_with_epsilon (be32 ((const guint8 *) phys + 4) * 0.0254, 600, 0.5);

  s = render ("k.png", "--width-mm", "40", "--height-mm", "30", "--dpi", "150", "--background",
              "black", NULL);
  cairo_surface_flush (s);
  g_assert_cmpuint (pixel (s, 0, 0) & 0xffffff, ==, 0);
  /* The scale bar and its text are white on black. */
  {
    int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
    guint white = 0;

    for (int y = h * 3 / 4; y < h; y++)
      for (int x = w / 2; x < w; x++)
        white += (pixel (s, x, y) & 0xffffff) == 0xffffff;
    g_assert_cmpuint (white, >, 50);
  }
  cairo_surface_destroy (s);

  /* TIFF, by the extension. */
  render ("m.tif", "--width-mm", "40", "--height-mm", "30", "--dpi", "300", NULL);
  {
    g_autofree char *tif = g_build_filename (dir, "m.tif", NULL);
    g_autofree char *bytes = NULL;

    g_assert_true (g_file_get_contents (tif, &bytes, &len, NULL));
    g_assert_cmpmem (bytes, 4, "II*\0", 4);
  }
}

/* The legend's swatches are circles only: each fill starts a new path, so no stroke reaches back
 * from the text before it (drawn as a faint diagonal hairline in PDF viewers). Read in the SVG,
 * where a swatch is one <path> outside the glyph definitions. */
static void
test_legend_paths (void)
{
  static const char *const formulas[] = { "Li", "O", "Ni" };
  static const float masses[] = { 7, 16, 58 };
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (3);
  g_autofree char *path = g_build_filename (dir, "legend.svg", NULL);
  g_autofree char *svg = NULL;
  IscRangeSet *ranges = isc_test_make_ranges (formulas, masses, 3);
  IscGlHeadless *gl = isc_gl_headless_new (&error);
  IscPointRenderer *renderer;
  cairo_surface_t *surface;
  cairo_t *cr;
  const char *at;
  guint n_paths = 0;

  if (gl == NULL)
    {
      g_test_skip (error->message);
      isc_range_set_free (ranges);
      return;
    }
  cloud->ion_type = g_new0 (guint8, 3);
  for (guint i = 0; i < 3; i++)
    {
      cloud->x[i] = cloud->y[i] = cloud->z[i] = i;
      cloud->mq[i] = masses[i];
      cloud->ion_type[i] = i;
      cloud->bounds_min[i] = 0;
      cloud->bounds_max[i] = 2;
    }
  renderer = isc_point_renderer_new (&error);
  g_assert_no_error (error);
  g_assert_true (isc_point_renderer_set_cloud (renderer, cloud, &error));
  isc_point_renderer_set_species_from_ranges (renderer, ranges);

  surface = cairo_svg_surface_create (path, 300, 200);
  cr = cairo_create (surface);
  g_assert_cmpuint (isc_ion_overlay_draw_legend (cr, 300, 200, renderer,
                                                 (const float[3]) { 0, 0, 0 }), ==, 3);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
  at = strstr (svg, "</defs>");
  at = at != NULL ? at : svg;
  while ((at = strstr (at, "<path")) != NULL)
    {
      const char *d = strstr (at, " d=\"");
      const char *end;
      g_autofree char *data = NULL;

      g_assert_nonnull (d);
      end = strchr (d + 4, '"');
      data = g_strndup (d + 4, end - d - 4);
      g_assert_null (strstr (data, " L "));
      n_paths++;
      at = end;
    }
  g_assert_cmpuint (n_paths, ==, 3);

  isc_point_renderer_free (renderer);
  isc_gl_headless_free (gl);
  isc_range_set_free (ranges);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  write_files ();
  g_test_add_func ("/ion-figure/points-scale-with-dpi", test_points_scale_with_dpi);
  g_test_add_func ("/ion-figure/legend-margin-and-swatches", test_legend_margin_and_swatches);
  g_test_add_func ("/ion-figure/backgrounds", test_backgrounds);
  g_test_add_func ("/ion-figure/legend-paths", test_legend_paths);
  return g_test_run ();
}
