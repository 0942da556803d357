/* image-tiff-write.c: calibrated TIFF in ImageJ's convention.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>
#include <tiffio.h>
#include <glib/gi18n.h>

#include "image-readers.h"

static int
on_write_error (TIFF       *tif,
                void       *user_data,
                const char *module,
                const char *fmt,
                va_list     ap)
{
  char **first = user_data;

  (void) tif;
  (void) module;
  if (*first == NULL)
    *first = g_strdup_vprintf (fmt, ap);
  return 1;
}

gboolean
isc_image_write_tiff (const IscImage *image,
                      const char     *path,
                      GError        **error)
{
  g_autofree char *first_error = NULL;
  g_autoptr(GString) desc = g_string_new ("ImageJ=1.11a\n");
  TIFFOpenOptions *options;
  TIFF *tif;
  guint16 bits, format;
  gboolean ok = TRUE;
  const IscAxisCalibration *ax, *ay;
  char num[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (image != NULL && path != NULL, FALSE);

  switch (image->dtype)
    {
    case ISC_IMAGE_DTYPE_U8:  bits = 8;  format = SAMPLEFORMAT_UINT; break;
    case ISC_IMAGE_DTYPE_U16: bits = 16; format = SAMPLEFORMAT_UINT; break;
    case ISC_IMAGE_DTYPE_I16: bits = 16; format = SAMPLEFORMAT_INT; break;
    default:                  bits = 32; format = SAMPLEFORMAT_IEEEFP; break;
    }

  ax = &image->axis[ISC_IMAGE_AXIS_X];
  ay = &image->axis[ISC_IMAGE_AXIS_Y];
  if (image->frames > 1)
    g_string_append_printf (desc, "images=%u\nslices=%u\n", image->frames, image->frames);
  if (ax->unit[0] != '\0')
    {
      g_string_append_printf (desc, "unit=%s\n", ax->unit);
      /* ImageJ keeps the origin in pixels: calibrated x = (i - xorigin) * scale */
      if (ax->origin != 0.0)
        g_string_append_printf (desc, "xorigin=%s\n", g_ascii_dtostr (num, sizeof num, -ax->origin / ax->scale));
      if (ay->origin != 0.0)
        g_string_append_printf (desc, "yorigin=%s\n", g_ascii_dtostr (num, sizeof num, -ay->origin / ay->scale));
    }
  if (image->frames > 1 && image->axis[ISC_IMAGE_AXIS_FRAME].scale != 1.0)
    g_string_append_printf (desc, "spacing=%s\n",
                            g_ascii_dtostr (num, sizeof num, image->axis[ISC_IMAGE_AXIS_FRAME].scale));
  g_string_append (desc, "loop=false\n");

  options = TIFFOpenOptionsAlloc ();
  TIFFOpenOptionsSetErrorHandlerExtR (options, on_write_error, &first_error);
  tif = TIFFOpenExt (path, (gsize) image->width * image->height * image->frames * (bits / 8) > ((gsize) 1 << 31) ? "w8" : "w",
                     options);
  TIFFOpenOptionsFree (options);
  if (tif == NULL)
    {
      isc_image_set_error (error, ISC_ERROR_IO, path, _ ("cannot create the TIFF file (%s)"),
                           first_error ? first_error : "unknown error");
      return FALSE;
    }

  for (guint f = 0; f < image->frames && ok; f++)
    {
      const float *src = isc_image_frame_const (image, f);
      gsize row_bytes = (gsize) image->width * bits / 8;
      g_autofree guint8 *row = g_malloc (row_bytes);

      TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, image->width);
      TIFFSetField (tif, TIFFTAG_IMAGELENGTH, image->height);
      TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, bits);
      TIFFSetField (tif, TIFFTAG_SAMPLEFORMAT, format);
      TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 1);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
      TIFFSetField (tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
      TIFFSetField (tif, TIFFTAG_COMPRESSION, COMPRESSION_NONE);
      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize (tif, 0));
      if (image->frames > 1)
        {
          TIFFSetField (tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
          TIFFSetField (tif, TIFFTAG_PAGENUMBER, f, image->frames);
        }
      TIFFSetField (tif, TIFFTAG_IMAGEDESCRIPTION, desc->str);
      if (ax->unit[0] != '\0')
        {
          TIFFSetField (tif, TIFFTAG_XRESOLUTION, (float) (1.0 / ax->scale));
          TIFFSetField (tif, TIFFTAG_YRESOLUTION, (float) (1.0 / ay->scale));
          TIFFSetField (tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_NONE);
        }
      for (guint y = 0; y < image->height && ok; y++)
        {
          const float *s = src + (gsize) y * image->width;

          for (guint x = 0; x < image->width; x++)
            {
              float v = isnan (s[x]) ? 0.0f : s[x];

              if (bits == 8)
                row[x] = (guint8) CLAMP (lrintf (v), 0, 255);
              else if (bits == 16 && format == SAMPLEFORMAT_UINT)
                {
                  guint16 u = (guint16) CLAMP (lrintf (v), 0, 65535);
                  memcpy (row + 2 * x, &u, 2);
                }
              else if (bits == 16)
                {
                  gint16 i = (gint16) CLAMP (lrintf (v), -32768, 32767);
                  memcpy (row + 2 * x, &i, 2);
                }
              else
                memcpy (row + 4 * x, &s[x], 4);
            }
          ok = TIFFWriteScanline (tif, row, y, 0) >= 0;
        }
      if (ok)
        ok = TIFFWriteDirectory (tif);
    }
  TIFFClose (tif);
  if (!ok)
    {
      isc_image_set_error (error, ISC_ERROR_IO, path, _ ("writing the TIFF failed (%s)"),
                           first_error ? first_error : "disk full?");
      return FALSE;
    }
  return TRUE;
}
