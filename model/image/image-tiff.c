/* image-tiff.c: TIFF reader (libtiff) with ImageJ, Gatan (DM export) and FEI calibrations.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "isc-regular-file.h"
#include "image-readers.h"

#define TAG_FEI_SFEG    34680
#define TAG_FEI_HELIOS  34682
#define TAG_GATAN_FIRST 65003

/* Up to this many IFDs make a stack; more is a corrupt directory chain. */
#define MAX_FRAMES 100000

/* Compressed strips cannot be checked against the file size byte for byte: refuse more than
 * 2^31 pixels, and more than MAX_COMPRESSION bytes of pixels per byte of file (deflate tops
 * out near 1032:1, LZW and PackBits far lower). */
#define MAX_PIXELS      ((guint64) 1 << 31)
#define MAX_COMPRESSION 2000

typedef struct
{
  char *first_error;
} TiffMessages;

static int
on_tiff_error (TIFF       *tif,
               void       *user_data,
               const char *module,
               const char *fmt,
               va_list     ap)
{
  TiffMessages *messages = user_data;

  (void) tif;
  (void) module;
  if (messages->first_error == NULL)
    messages->first_error = g_strdup_vprintf (fmt, ap);
  return 1;
}

static int
on_tiff_warning (TIFF       *tif,
                 void       *user_data,
                 const char *module,
                 const char *fmt,
                 va_list     ap)
{
  /* unknown private tags (Gatan, FEI) produce warnings: they are expected */
  (void) tif; (void) user_data; (void) module; (void) fmt; (void) ap;
  return 1;
}

/* Reads a private tag of any numeric type as a double. */
static gboolean
get_double_tag (TIFF   *tif,
                guint32 tag,
                double *out)
{
  const TIFFField *field = TIFFFindField (tif, tag, TIFF_ANY);
  guint32 count = 0;
  void *data = NULL;

  if (field == NULL || !TIFFGetField (tif, tag, &count, &data) || data == NULL || count < 1)
    return FALSE;
  switch (TIFFFieldDataType (field))
    {
    case TIFF_DOUBLE: *out = *(double *) data; return TRUE;
    case TIFF_FLOAT:  *out = *(float *) data; return TRUE;
    case TIFF_SHORT:  *out = *(guint16 *) data; return TRUE;
    case TIFF_SSHORT: *out = *(gint16 *) data; return TRUE;
    case TIFF_LONG:   *out = *(guint32 *) data; return TRUE;
    case TIFF_SLONG:  *out = *(gint32 *) data; return TRUE;
    default: return FALSE;
    }
}

/* Reads an ASCII private tag (copied, NUL-terminated; latin-1 converted to UTF-8). */
static char *
get_text_tag (TIFF   *tif,
              guint32 tag)
{
  const TIFFField *field = TIFFFindField (tif, tag, TIFF_ANY);
  guint32 count = 0;
  void *data = NULL;
  g_autofree char *raw = NULL;

  if (field == NULL)
    return NULL;
  if (TIFFFieldPassCount (field))
    {
      if (TIFFFieldReadCount (field) == TIFF_VARIABLE2 || TIFFFieldReadCount (field) == TIFF_VARIABLE)
        {
          if (TIFFFieldReadCount (field) == TIFF_VARIABLE)
            {
              guint16 c16 = 0;
              if (!TIFFGetField (tif, tag, &c16, &data))
                return NULL;
              count = c16;
            }
          else if (!TIFFGetField (tif, tag, &count, &data))
            return NULL;
        }
      else
        return NULL;
    }
  else
    {
      if (!TIFFGetField (tif, tag, &data) || data == NULL)
        return NULL;
      count = strlen (data);
    }
  if (data == NULL || (TIFFFieldDataType (field) != TIFF_ASCII && TIFFFieldDataType (field) != TIFF_UNDEFINED
                       && TIFFFieldDataType (field) != TIFF_BYTE))
    return NULL;
  raw = g_strndup (data, count);
  if (g_utf8_validate (raw, -1, NULL))
    return g_steal_pointer (&raw);
  return g_convert (raw, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
}

/* Value of "key=" in an INI section of FEI's metadata text. */
static gboolean
fei_value (const char *ini,
           const char *section,
           const char *key,
           double     *out)
{
  g_auto(GStrv) lines = g_strsplit_set (ini, "\r\n", -1);
  g_autofree char *header = g_strdup_printf ("[%s]", section);
  gboolean inside = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (line[0] == '[')
        inside = g_str_equal (line, header);
      else if (inside && g_str_has_prefix (line, key) && line[strlen (key)] == '=')
        {
          char *end = NULL;
          double v = g_ascii_strtod (line + strlen (key) + 1, &end);

          if (end != line + strlen (key) + 1 && isfinite (v))
            {
              *out = v;
              return TRUE;
            }
        }
    }
  return FALSE;
}

static void
apply_fei (IscImage   *image,
           const char *ini,
           guint      *crop_height)
{
  double w = 0, h = 0, rows = 0, hfw = 0, resx = 0;

  if (!fei_value (ini, "Scan", "PixelWidth", &w) && fei_value (ini, "EScan", "PixelWidth", &w) == FALSE)
    {
      if (fei_value (ini, "IRBeam", "HFW", &hfw) && fei_value (ini, "Image", "ResolutionX", &resx) && resx > 0)
        w = hfw / resx;
    }
  if (!fei_value (ini, "Scan", "PixelHeight", &h) && !fei_value (ini, "EScan", "PixelHeight", &h))
    h = w;
  if (w > 0)
    {
      isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, w, "m", "x");
      isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0, h > 0 ? h : w, "m", "y");
    }
  /* the data bar below the image is not part of the picture */
  if (fei_value (ini, "Image", "ResolutionY", &rows) && rows >= 1 && rows < image->height)
    *crop_height = (guint) rows;
}

static void
apply_imagej (IscImage   *image,
              TIFF       *tif,
              const char *description)
{
  g_auto(GStrv) lines = g_strsplit (description, "\n", -1);
  g_autofree char *unit = NULL;
  double spacing = 0, xorigin = 0, yorigin = 0;
  float xres = 0, yres = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *eq = strchr (lines[i], '=');

      if (eq == NULL)
        continue;
      *eq = '\0';
      g_strstrip (lines[i]);
      if (g_str_equal (lines[i], "unit"))
        {
          /* the last unit= wins (ImageJ writes it again for stacks) */
          g_free (unit);
          unit = g_strstrip (g_strdup (eq + 1));
        }
      else if (g_str_equal (lines[i], "spacing"))
        spacing = g_ascii_strtod (eq + 1, NULL);
      else if (g_str_equal (lines[i], "xorigin"))
        xorigin = g_ascii_strtod (eq + 1, NULL);
      else if (g_str_equal (lines[i], "yorigin"))
        yorigin = g_ascii_strtod (eq + 1, NULL);
      isc_image_add_meta (image, lines[i], eq + 1);
    }
  if (unit == NULL)
    return;
  if (TIFFGetField (tif, TIFFTAG_XRESOLUTION, &xres) && xres > 0 && isfinite (xres))
    {
      if (!TIFFGetField (tif, TIFFTAG_YRESOLUTION, &yres) || !(yres > 0) || !isfinite (yres))
        yres = xres;
      /* ImageJ's origin is in pixels */
      isc_image_set_axis (image, ISC_IMAGE_AXIS_X, -xorigin / xres, 1.0 / xres, unit, "x");
      isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, -yorigin / yres, 1.0 / yres, unit, "y");
      if (spacing > 0 && image->frames > 1)
        isc_image_set_axis (image, ISC_IMAGE_AXIS_FRAME, 0, spacing, unit, "z");
    }
}

/* Gatan's private tags follow DM's dimension order: 65003/65006/65009 describe dimension 0
 * (x), then y, then z (units, origin, scale). */
static gboolean
apply_gatan (IscImage *image,
             TIFF     *tif)
{
  gboolean any = FALSE;

  for (guint dim = 0; dim < 3; dim++)
    {
      double scale = 0, offset = 0;
      g_autofree char *unit = get_text_tag (tif, TAG_GATAN_FIRST + dim);

      if (!get_double_tag (tif, TAG_GATAN_FIRST + 6 + dim, &scale) || scale == 0)
        continue;
      get_double_tag (tif, TAG_GATAN_FIRST + 3 + dim, &offset);
      if (dim == 2 && image->frames < 2)
        continue;
      isc_image_set_axis (image, dim, offset, scale, unit ? unit : "", dim == 0 ? "x" : dim == 1 ? "y" : "z");
      any = TRUE;
    }
  {
    double ioff = 0, iscale = 1;
    g_autofree char *iunit = get_text_tag (tif, 65022);

    if (get_double_tag (tif, 65025, &iscale) && iscale != 0)
      {
        get_double_tag (tif, 65024, &ioff);
        image->intensity.offset = ioff;
        image->intensity.scale = iscale;
        g_free (image->intensity.unit);
        image->intensity.unit = g_strdup (iunit ? iunit : "");
      }
  }
  return any;
}

static gboolean
pixel_type (guint16        bits,
            guint16        format,
            IscImageDtype *out)
{
  if (format == SAMPLEFORMAT_IEEEFP)
    {
      if (bits == 16) *out = ISC_IMAGE_DTYPE_F16;
      else if (bits == 32) *out = ISC_IMAGE_DTYPE_F32;
      else if (bits == 64) *out = ISC_IMAGE_DTYPE_F64;
      else return FALSE;
      return TRUE;
    }
  if (format == SAMPLEFORMAT_INT)
    {
      if (bits == 8) *out = ISC_IMAGE_DTYPE_I8;
      else if (bits == 16) *out = ISC_IMAGE_DTYPE_I16;
      else if (bits == 32) *out = ISC_IMAGE_DTYPE_I32;
      else if (bits == 64) *out = ISC_IMAGE_DTYPE_I64;
      else return FALSE;
      return TRUE;
    }
  if (format == SAMPLEFORMAT_UINT || format == SAMPLEFORMAT_VOID)
    {
      if (bits == 8) *out = ISC_IMAGE_DTYPE_U8;
      else if (bits == 16) *out = ISC_IMAGE_DTYPE_U16;
      else if (bits == 32) *out = ISC_IMAGE_DTYPE_U32;
      else if (bits == 64) *out = ISC_IMAGE_DTYPE_U64;
      else return FALSE;
      return TRUE;
    }
  return FALSE;
}

/* Reads the current directory into @dst (width × height floats); luminance for RGB. */
static gboolean
read_directory (TIFF          *tif,
                const char    *path,
                guint          width,
                guint          height,
                IscImageDtype  dtype,
                guint16        spp,
                float         *dst,
                GError       **error)
{
  guint esize = isc_image_dtype_size (dtype);
  const gboolean big = FALSE; /* libtiff hands out samples in host byte order */
  g_autofree float *tmp = g_new (float, (gsize) width * spp);

  if (TIFFIsTiled (tif))
    {
      guint32 tw = 0, th = 0;
      tmsize_t tsize = TIFFTileSize (tif);
      g_autofree guint8 *tile = NULL;
      g_autofree float *tfl = NULL;

      TIFFGetField (tif, TIFFTAG_TILEWIDTH, &tw);
      TIFFGetField (tif, TIFFTAG_TILELENGTH, &th);
      /* tiles may overhang the image, but not by more than a few times its area */
      if (tw == 0 || th == 0 || tsize <= 0 || (guint64) tw * th * spp * esize > (guint64) tsize
          || (guint64) tw * th > 4 * MAX ((guint64) width * height, (guint64) 1 << 16))
        {
          isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("TIFF tile layout is inconsistent"));
          return FALSE;
        }
      tile = g_malloc (tsize);
      tfl = g_new (float, (gsize) tw * th * spp);
      for (guint ty = 0; ty < height; ty += th)
        for (guint tx = 0; tx < width; tx += tw)
          {
            if (TIFFReadTile (tif, tile, tx, ty, 0, 0) < 0)
              return FALSE;
            isc_image_convert (tile, dtype, big, (gsize) tw * th * spp, tfl);
            for (guint y = ty; y < MIN (height, ty + th); y++)
              for (guint x = tx; x < MIN (width, tx + tw); x++)
                {
                  const float *s = tfl + ((gsize) (y - ty) * tw + (x - tx)) * spp;
                  dst[(gsize) y * width + x] = spp >= 3 ? 0.2126f * s[0] + 0.7152f * s[1] + 0.0722f * s[2] : s[0];
                }
          }
      return TRUE;
    }

  {
    tmsize_t line = TIFFScanlineSize (tif);
    g_autofree guint8 *buf = NULL;

    if (line <= 0 || (guint64) line < (guint64) width * spp * esize)
      {
        isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("TIFF scanline size %lld is too small for %u pixels"),
                             (long long) line, width);
        return FALSE;
      }
    buf = g_malloc (line);
    for (guint y = 0; y < height; y++)
      {
        if (TIFFReadScanline (tif, buf, y, 0) < 0)
          return FALSE;
        if (spp == 1)
          isc_image_convert (buf, dtype, big, width, dst + (gsize) y * width);
        else
          {
            isc_image_convert (buf, dtype, big, (gsize) width * spp, tmp);
            for (guint x = 0; x < width; x++)
              {
                const float *s = tmp + (gsize) x * spp;
                dst[(gsize) y * width + x] = spp >= 3 ? 0.2126f * s[0] + 0.7152f * s[1] + 0.0722f * s[2] : s[0];
              }
          }
      }
  }
  return TRUE;
}

IscImage *
isc_image_read_tiff (const char    *path,
                     guint          index,
                     guint         *out_count,
                     GCancellable  *cancellable,
                     GError       **error)
{
  TiffMessages messages = { NULL };
  TIFFOpenOptions *options;
  TIFF *tif;
  guint64 file_size = 0;
  guint16 compression = COMPRESSION_NONE;
  int fd;
  guint32 width = 0, height = 0;
  guint16 bits = 1, format = SAMPLEFORMAT_UINT, spp = 1, planar = PLANARCONFIG_CONTIG;
  IscImageDtype dtype;
  guint frames = 0, crop_height;
  IscImage *image = NULL;
  g_autofree char *description = NULL;
  g_autofree char *fei = NULL;
  g_autoptr(GArray) dirs = g_array_new (FALSE, FALSE, sizeof (tdir_t));

  /* libtiff's own open () would block on a FIFO: open a checked regular file and hand it over */
  fd = isc_regular_file_open (path, ISC_IMAGE_ERROR, &file_size, error);
  if (fd < 0)
    return NULL;
  options = TIFFOpenOptionsAlloc ();
  TIFFOpenOptionsSetErrorHandlerExtR (options, on_tiff_error, &messages);
  TIFFOpenOptionsSetWarningHandlerExtR (options, on_tiff_warning, NULL);
  /* a corrupt header must not make libtiff allocate gigabytes */
  TIFFOpenOptionsSetMaxSingleMemAlloc (options, (tmsize_t) 1 << 31);
  tif = TIFFFdOpenExt (fd, path, "r", options);
  TIFFOpenOptionsFree (options);
  if (tif == NULL)
    {
      close (fd);
      isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("not a readable TIFF file (%s)"),
                           messages.first_error ? messages.first_error : "no valid header");
      g_free (messages.first_error);
      return NULL;
    }

  if (out_count)
    *out_count = 1;
  if (index == G_MAXUINT)
    goto out;
  if (index != 0)
    {
      isc_image_set_error (error, ISC_ERROR_ARGUMENT, path, _ ("a TIFF file holds one image (its pages are frames); index %u does not exist"), index);
      goto out;
    }

  TIFFGetField (tif, TIFFTAG_IMAGEWIDTH, &width);
  TIFFGetField (tif, TIFFTAG_IMAGELENGTH, &height);
  TIFFGetFieldDefaulted (tif, TIFFTAG_BITSPERSAMPLE, &bits);
  TIFFGetFieldDefaulted (tif, TIFFTAG_SAMPLEFORMAT, &format);
  TIFFGetFieldDefaulted (tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
  TIFFGetFieldDefaulted (tif, TIFFTAG_PLANARCONFIG, &planar);
  if (width == 0 || height == 0 || width > 1000000 || height > 1000000)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("TIFF image size %u × %u is not plausible"), width, height);
      goto out;
    }
  if (!pixel_type (bits, format, &dtype) || spp == 0 || spp > 4
      || (spp > 1 && planar != PLANARCONFIG_CONTIG))
    {
      isc_image_set_error (error, ISC_ERROR_UNSUPPORTED, path,
                           _ ("TIFF pixels of %u bits, sample format %u, %u samples per pixel (planar %u) are not supported"),
                           bits, format, spp, planar);
      goto out;
    }

  /* frames: every following full-resolution page of the same size and type */
  do
    {
      guint32 w = 0, h = 0, subfile = 0;
      guint16 b = 1, f = SAMPLEFORMAT_UINT, s = 1;

      TIFFGetField (tif, TIFFTAG_IMAGEWIDTH, &w);
      TIFFGetField (tif, TIFFTAG_IMAGELENGTH, &h);
      TIFFGetFieldDefaulted (tif, TIFFTAG_BITSPERSAMPLE, &b);
      TIFFGetFieldDefaulted (tif, TIFFTAG_SAMPLEFORMAT, &f);
      TIFFGetFieldDefaulted (tif, TIFFTAG_SAMPLESPERPIXEL, &s);
      TIFFGetField (tif, TIFFTAG_SUBFILETYPE, &subfile);
      if (w == width && h == height && b == bits && f == format && s == spp
          && !(subfile & FILETYPE_REDUCEDIMAGE))
        {
          tdir_t d = TIFFCurrentDirectory (tif);
          g_array_append_val (dirs, d);
        }
    }
  while (dirs->len < MAX_FRAMES && TIFFReadDirectory (tif));
  frames = dirs->len;
  TIFFSetDirectory (tif, 0);

  /* Bound the allocation by what the file can hold before making the image. */
  TIFFGetFieldDefaulted (tif, TIFFTAG_COMPRESSION, &compression);
  {
    guint64 n_pixels = (guint64) width * height * frames;
    guint64 stored = n_pixels * spp * MAX (bits / 8, 1);

    if (n_pixels > MAX_PIXELS)
      {
        isc_image_set_error (error, ISC_ERROR_UNSUPPORTED, path,
                             _ ("TIFF image of %u × %u × %u pixels is larger than the %llu pixels Ionscape reads"),
                             width, height, frames, (unsigned long long) MAX_PIXELS);
        goto out;
      }
    if (compression == COMPRESSION_NONE ? stored > file_size : stored / MAX_COMPRESSION > file_size)
      {
        isc_image_set_error (error, ISC_ERROR_FORMAT, path,
                             compression == COMPRESSION_NONE
                             ? _ ("TIFF claims %u × %u × %u pixels (%llu bytes) but the file has %llu bytes")
                             : _ ("TIFF claims %u × %u × %u pixels (%llu bytes) from a %llu-byte file, "
                                  "beyond any real compression ratio"),
                             width, height, frames, (unsigned long long) stored, (unsigned long long) file_size);
        goto out;
      }
  }

  image = isc_image_new_for_file (path, width, height, frames, spp >= 3 ? ISC_IMAGE_DTYPE_RGBA8 : dtype, error);
  if (image == NULL)
    goto out;
  g_free (image->format);
  image->format = g_strdup ("tiff");

  for (guint f = 0; f < frames; f++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || !TIFFSetDirectory (tif, g_array_index (dirs, tdir_t, f))
          || !read_directory (tif, path, width, height, dtype, spp, isc_image_frame (image, f), error))
        {
          if (error && *error == NULL)
            isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("TIFF page %u cannot be read (%s)"), f,
                                 messages.first_error ? messages.first_error : "truncated or corrupt data");
          g_clear_pointer (&image, isc_image_free);
          goto out;
        }
    }
  TIFFSetDirectory (tif, 0);

  crop_height = height;
  description = get_text_tag (tif, TIFFTAG_IMAGEDESCRIPTION);
  fei = get_text_tag (tif, TAG_FEI_HELIOS);
  if (fei == NULL)
    fei = get_text_tag (tif, TAG_FEI_SFEG);
  if (fei != NULL)
    {
      apply_fei (image, fei, &crop_height);
      isc_image_add_meta (image, "FEI", fei);
    }
  else if (description != NULL && g_str_has_prefix (description, "ImageJ="))
    apply_imagej (image, tif, description);
  else
    apply_gatan (image, tif);
  if (description != NULL && !g_str_has_prefix (description, "ImageJ="))
    isc_image_add_meta (image, "ImageDescription", description);

  if (crop_height < height)
    {
      /* keep the image rows of every frame, drop the data bar */
      gsize plane = (gsize) width * crop_height;

      for (guint f = 0; f < frames; f++)
        memmove (image->pixels + f * plane, isc_image_frame (image, f), plane * sizeof (float));
      image->height = crop_height;
      image->pixels = g_realloc (image->pixels, plane * frames * sizeof (float));
    }

out:
  TIFFClose (tif);
  g_free (messages.first_error);
  return image;
}
