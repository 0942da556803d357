/* plot-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <tiffio.h>

#include <glib/gstdio.h>

#include "isc-error.h"
#include "plot-export.h"

static gboolean
check_surface (cairo_surface_t  *surface,
               const char       *path,
               GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_IO, "Cannot write figure %s: %s",
               path, cairo_status_to_string (status));
  return FALSE;
}

static guint32
png_crc (const guint8 *data,
         gsize         len,
         guint32       crc)
{
  static guint32 table[256];
  static gsize ready;

  if (g_once_init_enter (&ready))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&ready, 1);
    }
  for (gsize i = 0; i < len; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
put_be32 (guint8  *p,
          guint32  v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

/* cairo writes no resolution; a pHYs chunk right after IHDR (8 + 25 bytes) tells word processors
 * and journals the figure's physical size. */
static gboolean
write_png (cairo_surface_t  *surface,
           const char       *path,
           double            dpi,
           GError          **error)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  cairo_status_t status = cairo_surface_write_to_png_stream (surface, append_bytes, png);
  guint8 chunk[21];
  guint32 ppm = (guint32) lround (dpi / 0.0254);

  if (status != CAIRO_STATUS_SUCCESS || png->len < 33)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_IO, "Cannot write figure %s: %s",
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  put_be32 (chunk, 9);
  memcpy (chunk + 4, "pHYs", 4);
  put_be32 (chunk + 8, ppm);
  put_be32 (chunk + 12, ppm);
  chunk[16] = 1;   /* unit: metre */
  put_be32 (chunk + 17, png_crc (chunk + 4, 13, 0xffffffffu) ^ 0xffffffffu);
  {
    g_autoptr(GByteArray) out = g_byte_array_sized_new (png->len + sizeof chunk);
    g_autoptr(GError) local = NULL;

    g_byte_array_append (out, png->data, 33);
    g_byte_array_append (out, chunk, sizeof chunk);
    g_byte_array_append (out, png->data + 33, png->len - 33);

    if (g_file_set_contents (path, (const char *) out->data, out->len, &local))
      return TRUE;
    g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_IO, "Cannot write figure %s: %s", path,
                 local->message);
    return FALSE;
  }
}

static void
tiff_silence (const char *module,
              const char *fmt,
              va_list     ap)
{
}

/* RGB, or RGBA (unassociated alpha) when any pixel is not opaque; LZW with the horizontal
 * predictor, resolution in dots per inch. */
static gboolean
write_tiff (cairo_surface_t  *surface,
            const char       *path,
            double            dpi,
            GError          **error)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  gboolean alpha = FALSE;
  g_autofree guint8 *row = NULL;
  TIFFErrorHandler old_error, old_warning;
  TIFF *tif;
  int spp;
  gboolean ok = TRUE;

  for (int y = 0; y < h && !alpha; y++)
    for (int x = 0; x < w && !alpha; x++)
      alpha = (((const guint32 *) (data + y * stride))[x] >> 24) != 0xff;
  spp = alpha ? 4 : 3;

  old_error = TIFFSetErrorHandler (tiff_silence);
  old_warning = TIFFSetWarningHandler (tiff_silence);
  tif = TIFFOpen (path, "w");
  if (tif == NULL)
    {
      TIFFSetErrorHandler (old_error);
      TIFFSetWarningHandler (old_warning);
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_IO, "Cannot write figure %s", path);
      return FALSE;
    }
  TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, (guint32) w);
  TIFFSetField (tif, TIFFTAG_IMAGELENGTH, (guint32) h);
  TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 8);
  TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, spp);
  TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
  TIFFSetField (tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField (tif, TIFFTAG_COMPRESSION, COMPRESSION_LZW);
  TIFFSetField (tif, TIFFTAG_PREDICTOR, PREDICTOR_HORIZONTAL);
  TIFFSetField (tif, TIFFTAG_XRESOLUTION, (float) dpi);
  TIFFSetField (tif, TIFFTAG_YRESOLUTION, (float) dpi);
  TIFFSetField (tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
  TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize (tif, 0));
  TIFFSetField (tif, TIFFTAG_SOFTWARE, "Ionscape");
  if (alpha)
    {
      guint16 extra = EXTRASAMPLE_UNASSALPHA;

      TIFFSetField (tif, TIFFTAG_EXTRASAMPLES, 1, &extra);
    }
  row = g_malloc ((gsize) w * spp);
  for (int y = 0; y < h && ok; y++)
    {
      const guint32 *src = (const guint32 *) (data + y * stride);

      for (int x = 0; x < w; x++)
        {
          guint32 p = src[x];
          guint a = p >> 24;
          guint8 *d = row + (gsize) x * spp;
          guint c[3] = { (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff };

          /* cairo stores premultiplied colour. */
          for (int k = 0; k < 3; k++)
            d[k] = a == 0 ? 0 : a == 255 ? c[k] : MIN (255, (c[k] * 255 + a / 2) / a);
          if (alpha)
            d[3] = a;
        }
      ok = TIFFWriteScanline (tif, row, y, 0) >= 0;
    }
  TIFFClose (tif);
  TIFFSetErrorHandler (old_error);
  TIFFSetWarningHandler (old_warning);
  if (!ok)
    {
      g_unlink (path);
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_IO, "Cannot write figure %s", path);
    }
  return ok;
}

gboolean
isc_render_export (const char  *path,
                   double       width_pt,
                   double       height_pt,
                   double       dpi,
                   IscDrawFunc  draw,
                   gpointer     user_data,
                   GError     **error)
{
  IscFigureFormat format;
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  gboolean ok;

  g_return_val_if_fail (path != NULL && draw != NULL, FALSE);

  if (!(width_pt >= 1 && height_pt >= 1 && width_pt <= 14400 && height_pt <= 14400))
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "Figure %s: size %g × %g pt is outside 1–14400 pt", path, width_pt, height_pt);
      return FALSE;
    }
  format = isc_figure_format_from_path (path);
  if (format == ISC_FIGURE_FORMAT_PNG || format == ISC_FIGURE_FORMAT_TIFF)
    {
      double scale;
      double wpx, hpx;

      if (!(dpi >= 10 && dpi <= 2400))
        {
          g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                       "Figure %s: resolution %g dpi is outside 10–2400", path, dpi);
          return FALSE;
        }
      scale = dpi / 72.0;
      /* Less a hair, so that an exact product (85 mm at 600 dpi) is not rounded up a pixel. */
      wpx = ceil (width_pt * scale - 1e-6);
      hpx = ceil (height_pt * scale - 1e-6);
      if (wpx * hpx > 400e6)
        {
          g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                       "Figure %s: %.0f × %.0f pixels is too large", path, wpx, hpx);
          return FALSE;
        }
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) wpx, (int) hpx);
      if (!check_surface (surface, path, error))
        {
          cairo_surface_destroy (surface);
          return FALSE;
        }
      cr = cairo_create (surface);
      /* Stretched by under a pixel to the whole pixels, so no half-covered edge column is left
       * semi-transparent. */
      cairo_scale (cr, wpx / width_pt, hpx / height_pt);
      draw (cr, width_pt, height_pt, user_data);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      if (format == ISC_FIGURE_FORMAT_PNG)
        ok = write_png (surface, path, dpi, error);
      else
        ok = write_tiff (surface, path, dpi, error);
      cairo_surface_destroy (surface);
      return ok;
    }

  if (format == ISC_FIGURE_FORMAT_SVG)
    surface = cairo_svg_surface_create (path, width_pt, height_pt);
  else if (format == ISC_FIGURE_FORMAT_PDF)
    surface = cairo_pdf_surface_create (path, width_pt, height_pt);
  else
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "Figure %s: unknown format (use .png, .tif, .svg or .pdf)", path);
      return FALSE;
    }
  if (!check_surface (surface, path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cr = cairo_create (surface);
  draw (cr, width_pt, height_pt, user_data);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  ok = check_surface (surface, path, error);
  cairo_surface_destroy (surface);
  return ok;
}

gboolean
isc_render_export_with_options (const char              *path,
                                const IscFigureOptions  *options,
                                IscDrawFunc              draw,
                                gpointer                 user_data,
                                GError                 **error)
{
  g_return_val_if_fail (path != NULL && options != NULL && draw != NULL, FALSE);

  if (!isc_figure_options_check (options, error))
    return FALSE;
  return isc_render_export (path, isc_figure_options_width_pt (options),
                            isc_figure_options_height_pt (options), options->dpi, draw, user_data,
                            error);
}

gboolean
isc_render_write_raster (cairo_surface_t  *surface,
                         const char       *path,
                         double            dpi,
                         GError          **error)
{
  g_return_val_if_fail (surface != NULL && path != NULL, FALSE);
  g_return_val_if_fail (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE, FALSE);

  cairo_surface_flush (surface);
  if (cairo_image_surface_get_format (surface) != CAIRO_FORMAT_ARGB32
      && cairo_image_surface_get_format (surface) != CAIRO_FORMAT_RGB24)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "Figure %s: only RGB images can be written", path);
      return FALSE;
    }
  if (isc_figure_format_from_path (path) == ISC_FIGURE_FORMAT_TIFF)
    {
      /* RGB24 leaves the alpha byte undefined: write it opaque. */
      if (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_RGB24)
        {
          cairo_surface_t *argb = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                              cairo_image_surface_get_width (surface),
                                                              cairo_image_surface_get_height (surface));
          cairo_t *cr = cairo_create (argb);
          gboolean ok;

          cairo_set_source_surface (cr, surface, 0, 0);
          cairo_paint (cr);
          cairo_destroy (cr);
          cairo_surface_flush (argb);
          ok = write_tiff (argb, path, dpi, error);
          cairo_surface_destroy (argb);
          return ok;
        }
      return write_tiff (surface, path, dpi, error);
    }
  return write_png (surface, path, dpi, error);
}
