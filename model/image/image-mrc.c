/* image-mrc.c: MRC / MRC2014 reader (little-endian, extended headers skipped).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "image-readers.h"

#define MRC_HEADER 1024

static gint32
le_i32 (const guint8 *h, guint off)
{
  guint32 v;

  memcpy (&v, h + off, 4);
  return (gint32) GUINT32_FROM_LE (v);
}

static float
le_f32 (const guint8 *h, guint off)
{
  guint32 v;
  float f;

  memcpy (&v, h + off, 4);
  v = GUINT32_FROM_LE (v);
  memcpy (&f, &v, 4);
  return f;
}

IscImage *
isc_image_read_mrc (const char    *path,
                    guint          index,
                    guint         *out_count,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  const guint8 *h;
  gsize len;
  gint32 nx, ny, nz, mode, mx, my, nsymbt;
  float cella_x, cella_y, cella_z;
  IscImageDtype dtype;
  guint64 start, need;
  IscImage *image;

  if (out_count)
    *out_count = 1;
  mapped = isc_image_map_file (path, error);
  if (mapped == NULL)
    return NULL;
  h = (const guint8 *) g_mapped_file_get_contents (mapped);
  len = g_mapped_file_get_length (mapped);
  if (len < MRC_HEADER)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path, "MRC header truncated (%" G_GSIZE_FORMAT " of 1024 bytes)", len);
      return NULL;
    }
  nx = le_i32 (h, 0);
  ny = le_i32 (h, 4);
  nz = le_i32 (h, 8);
  mode = le_i32 (h, 12);
  mx = le_i32 (h, 28);
  my = le_i32 (h, 32);
  cella_x = le_f32 (h, 40);
  cella_y = le_f32 (h, 44);
  cella_z = le_f32 (h, 48);
  nsymbt = le_i32 (h, 92);
  if (nx <= 0 || ny <= 0 || nz <= 0 || nx > 1000000 || ny > 1000000 || nz > 1000000 || nsymbt < 0)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("MRC header gives %d × %d × %d pixels and %d extended bytes (not plausible)"),
                           nx, ny, nz, nsymbt);
      return NULL;
    }
  switch (mode)
    {
    case 0:  dtype = ISC_IMAGE_DTYPE_I8; break;
    case 1:  dtype = ISC_IMAGE_DTYPE_I16; break;
    case 2:  dtype = ISC_IMAGE_DTYPE_F32; break;
    case 4:  dtype = ISC_IMAGE_DTYPE_C64; break;
    case 6:  dtype = ISC_IMAGE_DTYPE_U16; break;
    case 12: dtype = ISC_IMAGE_DTYPE_F16; break;
    default:
      isc_image_set_error (error, ISC_ERROR_UNSUPPORTED, path, _ ("MRC mode %d at byte 12 is not supported"), mode);
      return NULL;
    }
  if (index == G_MAXUINT)
    return NULL;
  if (index != 0)
    {
      isc_image_set_error (error, ISC_ERROR_ARGUMENT, path, _ ("an MRC file holds one image (its sections are frames); index %u does not exist"), index);
      return NULL;
    }
  start = MRC_HEADER + (guint64) nsymbt;
  need = (guint64) nx * ny * nz * isc_image_dtype_size (dtype);
  if (start > len || len - start < need)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path,
                           "MRC data of %" G_GUINT64_FORMAT " bytes expected from byte %" G_GUINT64_FORMAT " but the file has %" G_GSIZE_FORMAT " bytes",
                           need, start, len);
      return NULL;
    }
  image = isc_image_new_for_file (path, nx, ny, nz, dtype, error);
  if (image == NULL)
    return NULL;
  g_free (image->format);
  image->format = g_strdup ("mrc");
  isc_image_convert (h + start, dtype, FALSE, (gsize) nx * ny * nz, image->pixels);

  /* cell lengths are in Ångström over MX/MY/MZ grid steps */
  if (mx > 0 && my > 0 && cella_x > 0 && cella_y > 0 && isfinite (cella_x) && isfinite (cella_y))
    {
      isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, cella_x / mx, "Å", "x");
      isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0, cella_y / my, "Å", "y");
      if (nz > 1 && le_i32 (h, 36) > 0 && cella_z > 0 && isfinite (cella_z))
        isc_image_set_axis (image, ISC_IMAGE_AXIS_FRAME, 0, cella_z / le_i32 (h, 36), "Å", "z");
    }
  {
    char ext[5] = { 0 };
    memcpy (ext, h + 104, 4);
    if (g_utf8_validate (ext, -1, NULL))
      isc_image_add_meta (image, "EXTTYP", ext);
  }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    g_clear_pointer (&image, isc_image_free);
  return image;
}
