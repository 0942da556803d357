/* test-figure-export.c: figures in journal units (figure-options.h) — sizes in mm, resolution in
 * the PNG and TIFF files, PDF page size and text size, the format from the extension, and the
 * check that series can be told apart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <tiffio.h>

#include "cycling-data.h"
#include "cycling-plot.h"
#include "demo-cycling.h"
#include "figure-options.h"
#include "figure.h"
#include "plot-export.h"
#include "test-util.h"

static IscPlot *
make_plot (void)
{
  static const double x[] = { 0, 1, 2, 3 }, y[] = { 1, 3, 2, 4 }, y2[] = { 2, 1, 3, 2 };
  IscPlot *plot = isc_plot_new ();

  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, "Cycle");
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, "Capacity");
  isc_plot_add_series (plot, ISC_SERIES_LINE, "first", x, y, 4);
  isc_plot_add_series (plot, ISC_SERIES_SCATTER, "second", x, y2, 4);
  return plot;
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* The resolution of a PNG's pHYs chunk in dots per inch; 0 when it has none. */
static double
png_dpi (const char *path,
         int        *width)
{
  g_autofree char *data = NULL;
  gsize len, at = 8;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  *width = (int) be32 ((const guint8 *) data + 16);
  while (at + 12 <= len)
    {
      guint32 n = be32 ((const guint8 *) data + at);

      if (memcmp (data + at + 4, "pHYs", 4) == 0)
        {
          const guint8 *p = (const guint8 *) data + at + 8;

          g_assert_cmpuint (p[8], ==, 1);
          g_assert_cmpuint (be32 (p), ==, be32 (p + 4));
          return be32 (p) * 0.0254;
        }
      at += 12 + n;
    }
  return 0;
}

static void
test_sizes (void)
{
  IscFigureOptions o;

  isc_figure_options_init (&o);
  g_assert_cmpfloat (isc_figure_options_width_mm (&o), ==, 85);
  g_assert_cmpfloat (o.font_pt, ==, 8);
  o.dpi = 600;
  g_assert_cmpint (isc_figure_options_width_px (&o), ==, 2008);
  g_assert_cmpfloat_with_epsilon (isc_figure_options_width_pt (&o), 240.945, 0.01);
  g_assert_cmpfloat_with_epsilon (isc_figure_options_height_mm (&o), 63.75, 1e-9);
  o.width_preset = ISC_FIGURE_WIDTH_ONE_HALF;
  g_assert_cmpfloat (isc_figure_options_width_mm (&o), ==, 120);
  o.width_preset = ISC_FIGURE_WIDTH_DOUBLE;
  g_assert_cmpfloat (isc_figure_options_width_mm (&o), ==, 180);
  o.width_preset = ISC_FIGURE_WIDTH_CUSTOM;
  o.width_mm = 3.5 * 25.4;     /* inches are mm × 25.4 */
  o.height_mm = 50;
  g_assert_cmpfloat_with_epsilon (isc_figure_options_width_pt (&o), 252, 1e-9);
  g_assert_cmpfloat (isc_figure_options_height_mm (&o), ==, 50);
  g_assert_true (isc_figure_options_check (&o, NULL));
  o.font_pt = 2;
  g_assert_false (isc_figure_options_check (&o, NULL));
  o.font_pt = 8;
  o.dpi = 5000;
  g_assert_false (isc_figure_options_check (&o, NULL));
}

static void
test_png_600 (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "fig.png", NULL);
  g_autoptr(IscPlot) plot = make_plot ();
  g_autoptr(GError) error = NULL;
  IscFigureOptions o;
  int width;

  isc_figure_options_init (&o);
  o.dpi = 600;
  g_assert_true (isc_plot_export_with_options (plot, path, &o, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (png_dpi (path, &width), 600, 0.5);
  g_assert_cmpint (abs (width - 2008), <=, 1);
}

static char *
run (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, NULL))
    return NULL;
  return g_steal_pointer (&out);
}

/* The height of the first pdftotext -bbox word equal to @word, in points; -1 when none. */
static double
word_height (const char *bbox_html,
             const char *word)
{
  g_autofree char *needle = g_strdup_printf (">%s</word>", word);
  const char *end = strstr (bbox_html, needle), *start;
  double ymin, ymax;

  if (end == NULL)
    return -1;
  for (start = end; start > bbox_html && strncmp (start, "<word", 5) != 0; start--)
    ;
  g_assert_nonnull (strstr (start, "yMin=\""));
  ymin = g_ascii_strtod (strstr (start, "yMin=\"") + 6, NULL);
  ymax = g_ascii_strtod (strstr (start, "yMax=\"") + 6, NULL);
  return ymax - ymin;
}

static void
test_pdf (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "fig.pdf", NULL);
  g_autofree char *bbox_path = g_build_filename (dir, "fig.html", NULL);
  g_autofree char *pdf = NULL, *info = NULL, *fonts = NULL, *bbox = NULL;
  g_autoptr(IscPlot) plot = make_plot ();
  g_autoptr(GError) error = NULL;
  IscFigureOptions o;
  const char *media;
  double w, h, h8, h16;

  isc_figure_options_init (&o);
  o.dpi = 600;
  g_assert_true (isc_plot_export_with_options (plot, path, &o, &error));
  g_assert_no_error (error);
  gsize pdf_len;

  g_assert_true (g_file_get_contents (path, &pdf, &pdf_len, NULL));
  /* Compressed streams hold NUL bytes: search the whole length. */
  media = memmem (pdf, pdf_len, "/MediaBox [ 0 0 ", 16);
  g_assert_nonnull (media);
  w = g_ascii_strtod (media + 16, (char **) &media);
  h = g_ascii_strtod (media, NULL);
  g_assert_cmpfloat (fabs (w - 241), <=, 1);
  g_assert_cmpfloat_with_epsilon (h, w * 0.75, 0.01);

  info = run ((const char *[]) { "pdffonts", path, NULL });
  if (info == NULL)
    {
      g_test_skip ("poppler-utils (pdffonts, pdftotext) are not installed");
      return;
    }
  /* Text is text, with its fonts embedded: every font line says "yes" under emb. */
  g_assert_nonnull (strstr (info, "yes"));
  {
    g_auto(GStrv) lines = g_strsplit (info, "\n", -1);
    guint fonts_seen = 0;

    for (guint i = 2; lines[i] != NULL; i++)
      if (*lines[i] != '\0')
        {
          g_auto(GStrv) cols = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
          guint n = 0;
          const char *emb = NULL;

          /* name type… encoding emb sub uni object ID: emb is 5th from the end */
          for (guint k = 0; cols[k] != NULL; k++)
            if (*cols[k] != '\0')
              n++;
          for (guint k = 0, m = 0; cols[k] != NULL; k++)
            if (*cols[k] != '\0' && ++m == n - 4)
              emb = cols[k];
          g_assert_cmpstr (emb, ==, "yes");
          fonts_seen++;
        }
    g_assert_cmpuint (fonts_seen, >=, 1);
  }

  /* Text measured at 8 pt: the word box is the font's em box (ascent + descent of the font),
   * so it scales exactly with the size: 16 pt text is twice as tall, and 8 pt lies between
   * 8 pt and 1.25 × 8 pt (DejaVu Sans: 1.16 em). */
  bbox = run ((const char *[]) { "pdftotext", "-bbox", path, bbox_path, NULL });
  g_assert_nonnull (bbox);
  g_clear_pointer (&bbox, g_free);
  g_assert_true (g_file_get_contents (bbox_path, &bbox, NULL, NULL));
  h8 = word_height (bbox, "Cycle");
  g_assert_cmpfloat (h8, >, 0);
  o.font_pt = 16;
  g_assert_true (isc_plot_export_with_options (plot, path, &o, &error));
  g_clear_pointer (&bbox, g_free);
  bbox = run ((const char *[]) { "pdftotext", "-bbox", path, bbox_path, NULL });
  g_clear_pointer (&bbox, g_free);
  g_assert_true (g_file_get_contents (bbox_path, &bbox, NULL, NULL));
  h16 = word_height (bbox, "Cycle");
  g_test_message ("8 pt text: %.3f pt tall; 16 pt: %.3f pt", h8, h16);
  g_assert_cmpfloat_with_epsilon (h16 / h8, 2.0, 0.01);
  g_assert_cmpfloat (h8, >=, 8 * 0.98);
  g_assert_cmpfloat (h8, <=, 8 * 1.25);
  (void) fonts;
}

static void
test_tiff (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "fig.tif", NULL);
  g_autoptr(IscPlot) plot = make_plot ();
  g_autoptr(GError) error = NULL;
  IscFigureOptions o;
  TIFF *tif;
  guint16 compression = 0, unit = 0, spp = 0;
  guint32 width = 0;
  float xres = 0, yres = 0;

  isc_figure_options_init (&o);
  o.dpi = 600;
  g_assert_true (isc_plot_export_with_options (plot, path, &o, &error));
  g_assert_no_error (error);
  tif = TIFFOpen (path, "r");
  g_assert_nonnull (tif);
  g_assert_true (TIFFGetField (tif, TIFFTAG_COMPRESSION, &compression));
  g_assert_cmpuint (compression, ==, COMPRESSION_LZW);
  g_assert_true (TIFFGetField (tif, TIFFTAG_IMAGEWIDTH, &width));
  g_assert_cmpuint (width, ==, 2008);
  g_assert_true (TIFFGetField (tif, TIFFTAG_XRESOLUTION, &xres));
  g_assert_true (TIFFGetField (tif, TIFFTAG_YRESOLUTION, &yres));
  g_assert_true (TIFFGetField (tif, TIFFTAG_RESOLUTIONUNIT, &unit));
  g_assert_true (TIFFGetField (tif, TIFFTAG_SAMPLESPERPIXEL, &spp));
  g_assert_cmpfloat (xres, ==, 600);
  g_assert_cmpfloat (yres, ==, 600);
  g_assert_cmpuint (unit, ==, RESUNIT_INCH);
  g_assert_cmpuint (spp, ==, 3);   /* white background: opaque RGB */
  {
    /* The pixels read back: the corner is the white background. */
    g_autofree guint32 *raster = g_new (guint32, (gsize) width * 8);
    guint32 h = 0;

    TIFFGetField (tif, TIFFTAG_IMAGELENGTH, &h);
    g_assert_cmpuint (h, ==, (guint32) ceil (85 * 0.75 / 25.4 * 600 - 1e-6));
    TIFFClose (tif);
  }

  /* Transparent: RGBA. */
  o.background = ISC_FIGURE_BACKGROUND_TRANSPARENT;
  o.dpi = 300;
  g_assert_true (isc_plot_export_with_options (plot, path, &o, &error));
  tif = TIFFOpen (path, "r");
  g_assert_true (TIFFGetField (tif, TIFFTAG_SAMPLESPERPIXEL, &spp));
  g_assert_cmpuint (spp, ==, 4);
  g_assert_true (TIFFGetField (tif, TIFFTAG_XRESOLUTION, &xres));
  g_assert_cmpfloat (xres, ==, 300);
  TIFFClose (tif);
}

static void
test_transparent_png (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "fig.png", NULL);
  g_autoptr(IscPlot) plot = make_plot ();
  IscFigureOptions o;
  cairo_surface_t *s;

  isc_figure_options_init (&o);
  o.background = ISC_FIGURE_BACKGROUND_TRANSPARENT;
  g_assert_true (isc_plot_export_with_options (plot, path, &o, NULL));
  s = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_format (s), ==, CAIRO_FORMAT_ARGB32);
  cairo_surface_flush (s);
  g_assert_cmpuint (((guint32 *) cairo_image_surface_get_data (s))[0] >> 24, ==, 0);
  cairo_surface_destroy (s);
}

/* The bytes follow the extension, whatever was asked before. */
static void
test_magic (void)
{
  static const struct { const char *name; const char *magic; gsize n; } cases[] = {
    { "a.png", "\x89PNG", 4 },
    { "a.PDF", "%PDF", 4 },
    { "a.svg", "<?xml", 5 },
    { "a.tif", "II*\0", 4 },
    { "a.TIFF", "II*\0", 4 },
  };
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autoptr(IscPlot) plot = make_plot ();
  IscFigureOptions o;

  isc_figure_options_init (&o);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      g_autofree char *data = NULL;
      gsize len;

      g_assert_true (isc_plot_export_with_options (plot, path, &o, NULL));
      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      g_assert_cmpuint (len, >, cases[i].n);
      g_assert_cmpmem (data, cases[i].n, cases[i].magic, cases[i].n);
    }
  {
    g_autofree char *path = g_build_filename (dir, "a.jpg", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_false (isc_plot_export_with_options (plot, path, &o, &error));
    g_assert_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT);
  }
}

static void
test_path_format (void)
{
  static const struct { const char *in; IscFigureFormat f; const char *out; } cases[] = {
    { "fig.pdf", ISC_FIGURE_FORMAT_PNG, "fig.png" },
    { "fig.PNG", ISC_FIGURE_FORMAT_PNG, "fig.PNG" },
    { "fig.tiff", ISC_FIGURE_FORMAT_PDF, "fig.pdf" },
    { "fig", ISC_FIGURE_FORMAT_TIFF, "fig.tif" },
    { "fig.v2", ISC_FIGURE_FORMAT_SVG, "fig.v2.svg" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = isc_figure_path_set_format (cases[i].in, cases[i].f);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
  g_assert_cmpint (isc_figure_format_from_path ("x.Tif"), ==, ISC_FIGURE_FORMAT_TIFF);
  g_assert_cmpint (isc_figure_format_from_path ("x.jpeg"), ==, ISC_FIGURE_FORMAT_UNKNOWN);
}

/* Lines and markers are in points: twice the resolution, twice the pixels of a line. */
static void
test_line_scales_with_dpi (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  double dark[2];

  for (guint k = 0; k < 2; k++)
    {
      g_autofree char *path = g_build_filename (dir, k == 0 ? "a.png" : "b.png", NULL);
      g_autoptr(IscPlot) plot = isc_plot_new ();
      static const double x[] = { 0, 1 }, y[] = { 0.5, 0.5 };
      IscFigureOptions o;
      cairo_surface_t *s;
      guint n = 0;

      isc_plot_add_series (plot, ISC_SERIES_LINE, NULL, x, y, 2);
      isc_figure_options_init (&o);
      o.dpi = k == 0 ? 300 : 600;
      o.line_pt = 2;
      g_assert_true (isc_plot_export_with_options (plot, path, &o, NULL));
      s = cairo_image_surface_create_from_png (path);
      cairo_surface_flush (s);
      for (int yy = 0; yy < cairo_image_surface_get_height (s); yy++)
        {
          guint32 p = ((guint32 *) (cairo_image_surface_get_data (s)
                                    + yy * cairo_image_surface_get_stride (s)))
                      [cairo_image_surface_get_width (s) / 2];

          if ((p & 0xff) > 0x80 && ((p >> 16) & 0xff) < 0x60)
            n++;
        }
      dark[k] = n;
      cairo_surface_destroy (s);
    }
  /* 2 pt = 8.3 px at 300 dpi; counted by the series' Okabe–Ito blue, not the black frame. */
  g_assert_cmpfloat (dark[0], >=, 6);
  g_assert_cmpfloat (fabs (dark[1] / dark[0] - 2), <=, 0.3);
}

static void
test_distinct (void)
{
  static const double x[] = { 0, 1 }, y[] = { 0, 1 };
  g_autoptr(IscPlot) plot = isc_plot_new ();
  IscPlotSeries *a, *b, *c;
  IscColor first;
  guint i = 99, j = 99;

  /* By default every series takes the next Okabe–Ito colour. */
  for (guint k = 0; k < isc_palette_get_n (); k++)
    isc_plot_add_series (plot, ISC_SERIES_LINE, "s", x, y, 2);
  g_assert_true (isc_plot_check_series_distinct (plot, NULL, NULL));
  isc_plot_clear_series (plot);

  a = isc_plot_add_series (plot, ISC_SERIES_LINE, "a", x, y, 2);
  b = isc_plot_add_series (plot, ISC_SERIES_LINE, "b", x, y, 2);
  c = isc_plot_add_series (plot, ISC_SERIES_LINE, "c", x, y, 2);
  g_assert_true (isc_plot_check_series_distinct (plot, NULL, NULL));
  first = isc_plot_series_get_color (a);
  isc_plot_series_set_color (c, &first);
  g_assert_false (isc_plot_check_series_distinct (plot, &i, &j));
  g_assert_cmpuint (i, ==, 0);
  g_assert_cmpuint (j, ==, 2);
  /* A different marker tells them apart. */
  isc_plot_series_set_marker (c, ISC_MARKER_SQUARE, 4);
  g_assert_true (isc_plot_check_series_distinct (plot, NULL, NULL));
  /* Series left out of the legend are not compared. */
  isc_plot_series_set_marker (c, ISC_MARKER_NONE, 4);
  isc_plot_series_set_show_in_legend (c, FALSE);
  g_assert_true (isc_plot_check_series_distinct (plot, NULL, NULL));
  (void) b;

  /* The palette is Okabe–Ito: blue, vermillion, bluish green first. */
  first = isc_palette_get (0);
  g_assert_cmpfloat_with_epsilon (first.b, 0xB2 / 255.0, 0.01);
  first = isc_palette_get (1);
  g_assert_cmpfloat_with_epsilon (first.r, 0xD5 / 255.0, 0.01);
}

/* The plots Ionscape draws of several series keep them apart in print: the demo's three cells in
 * every cycling plot, and one cell's charge, discharge and efficiency. */
static void
test_cycling_plots_distinct (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  const IscDemoCell *demo;
  IscCyclingData *data[3] = { NULL };
  IscCyclingCell cells[3];
  guint n = 0;

  g_assert_true (isc_demo_write_cycling (dir, NULL, &error));
  g_assert_no_error (error);
  demo = isc_demo_cycling_cells (&n);
  g_assert_cmpuint (n, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *path = g_build_filename (dir, "cycling", demo[i].file, NULL);

      data[i] = isc_cycling_load (path, ISC_CYCLER_AUTO, NULL, &error);
      g_assert_no_error (error);
      cells[i] = (IscCyclingCell) { data[i], demo[i].label, demo[i].active_mass_mg / 1000.0 };
    }
  for (int kind = ISC_CYCLING_PLOT_CAPACITY; kind <= ISC_CYCLING_PLOT_CAPACITY_EFFICIENCY; kind++)
    for (guint n_cells = 1; n_cells <= 3; n_cells += 2)
      {
        g_autoptr(IscPlot) plot = isc_cycling_plot_new (kind, cells, n_cells, NULL, 0, -1);
        guint a = 0, b = 0;

        if (!isc_plot_check_series_distinct (plot, &a, &b))
          g_error ("cycling plot %d of %u cells: series “%s” and “%s” share colour and marker",
                   kind, n_cells, isc_plot_series_get_label (isc_plot_get_series (plot, a)),
                   isc_plot_series_get_label (isc_plot_get_series (plot, b)));
      }
  for (guint i = 0; i < 3; i++)
    isc_cycling_data_free (data[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/figure-export/sizes", test_sizes);
  g_test_add_func ("/figure-export/png-600dpi", test_png_600);
  g_test_add_func ("/figure-export/pdf", test_pdf);
  g_test_add_func ("/figure-export/tiff", test_tiff);
  g_test_add_func ("/figure-export/transparent-png", test_transparent_png);
  g_test_add_func ("/figure-export/magic", test_magic);
  g_test_add_func ("/figure-export/path-format", test_path_format);
  g_test_add_func ("/figure-export/line-scales-with-dpi", test_line_scales_with_dpi);
  g_test_add_func ("/figure-export/distinct", test_distinct);
  g_test_add_func ("/figure-export/cycling-plots-distinct", test_cycling_plots_distinct);
  return g_test_run ();
}
