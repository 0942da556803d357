/* image-ser.c: FEI/Thermo TIA .ser series (with the .emi partner for metadata).
 *
 * A .emi file names a group: <base>.emi ↔ <base>_1.ser, <base>_2.ser… (one per detector); opening
 * the .emi gives image K from <base>_{K+1}.ser. Rows are stored bottom-up and are flipped here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "isc-regular-file.h"
#include "image-readers.h"

typedef struct
{
  const guint8 *data;
  gsize         len;
} Bytes;

static gboolean
get_u16 (const Bytes *b, guint64 off, guint16 *out)
{
  guint16 v;

  if (off > b->len || b->len - off < 2)
    return FALSE;
  memcpy (&v, b->data + off, 2);
  *out = GUINT16_FROM_LE (v);
  return TRUE;
}

static gboolean
get_u32 (const Bytes *b, guint64 off, guint32 *out)
{
  guint32 v;

  if (off > b->len || b->len - off < 4)
    return FALSE;
  memcpy (&v, b->data + off, 4);
  *out = GUINT32_FROM_LE (v);
  return TRUE;
}

static gboolean
get_u64 (const Bytes *b, guint64 off, guint64 *out)
{
  guint64 v;

  if (off > b->len || b->len - off < 8)
    return FALSE;
  memcpy (&v, b->data + off, 8);
  *out = GUINT64_FROM_LE (v);
  return TRUE;
}

static gboolean
get_f64 (const Bytes *b, guint64 off, double *out)
{
  guint64 v;

  if (!get_u64 (b, off, &v))
    return FALSE;
  memcpy (out, &v, 8);
  return TRUE;
}

static gboolean
ser_dtype (guint16        code,
           IscImageDtype *out)
{
  static const IscImageDtype types[] = {
    0, ISC_IMAGE_DTYPE_U8, ISC_IMAGE_DTYPE_U16, ISC_IMAGE_DTYPE_U32, ISC_IMAGE_DTYPE_I8,
    ISC_IMAGE_DTYPE_I16, ISC_IMAGE_DTYPE_I32, ISC_IMAGE_DTYPE_F32, ISC_IMAGE_DTYPE_F64,
    ISC_IMAGE_DTYPE_C64, ISC_IMAGE_DTYPE_C128,
  };

  if (code < 1 || code >= G_N_ELEMENTS (types))
    return FALSE;
  *out = types[code];
  return TRUE;
}

/* The .ser files that belong to an .emi, in detector order. */
static GPtrArray *
ser_partners (const char *emi)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *base = g_strndup (emi, strlen (emi) - 4);

  for (guint k = 1; k < 100; k++)
    {
      char *ser = g_strdup_printf ("%s_%u.ser", base, k);

      if (!g_file_test (ser, G_FILE_TEST_EXISTS))
        {
          g_free (ser);
          break;
        }
      g_ptr_array_add (list, ser);
    }
  return list;
}

/* The .emi of a .ser ("x_1.ser" → "x.emi"), or NULL. */
static char *
emi_partner (const char *ser)
{
  const char *underscore = strrchr (ser, '_');
  g_autofree char *prefix = NULL;
  char *emi;

  if (underscore == NULL)
    return NULL;
  prefix = g_strndup (ser, underscore - ser);
  emi = g_strconcat (prefix, ".emi", NULL);
  if (!g_file_test (emi, G_FILE_TEST_EXISTS))
    g_clear_pointer (&emi, g_free);
  return emi;
}

/* A few readable fields of the .emi's XML, as metadata. */
static void
emi_metadata (IscImage   *image,
              const char *emi)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  const char *start, *end;

  /* Optional metadata: a missing, odd (FIFO) or huge .emi is ignored. */
  if (emi == NULL || !isc_regular_file_get_contents (emi, ISC_IMAGE_ERROR, 64u << 20, &text, &len, NULL))
    return;
  start = g_strstr_len (text, len, "<ObjectInfo>");
  end = g_strstr_len (text, len, "</ObjectInfo>");
  if (start == NULL || end == NULL || end < start)
    return;
  {
    g_autofree char *xml = g_strndup (start, end - start);
    /* <Label>key</Label><Value>v</Value> pairs of ExperimentalConditions/Description */
    for (const char *p = xml; (p = strstr (p, "<Label>")) != NULL; p++)
      {
        const char *le = strstr (p, "</Label>");
        const char *v = le ? strstr (le, "<Value>") : NULL;
        const char *ve = v ? strstr (v, "</Value>") : NULL;

        if (le == NULL || v == NULL || ve == NULL || ve - v > 200)
          break;
        {
          g_autofree char *key = g_strndup (p + 7, le - p - 7);
          g_autofree char *value = g_strndup (v + 7, ve - v - 7);

          if (g_utf8_validate (key, -1, NULL) && g_utf8_validate (value, -1, NULL))
            isc_image_add_meta (image, key, value);
        }
      }
  }
}

static IscImage *
read_ser_file (const char    *path,
               const char    *emi,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autofree guint64 *offsets = NULL;
  Bytes b;
  guint16 order = 0, series = 0, version = 0;
  guint32 data_type = 0, tag_type = 0, total = 0, valid = 0, n_dims = 0;
  guint64 offset_array = 0;
  gboolean wide, ok;
  guint64 pos;
  guint width = 0, height = 0, frames = 0;
  IscImageDtype dtype = ISC_IMAGE_DTYPE_U16;
  IscImage *image = NULL;
  double cx[3] = { 0, 1, 0 }, cy[3] = { 0, 1, 0 };

  mapped = isc_image_map_file (path, error);
  if (mapped == NULL)
    return NULL;
  b.data = (const guint8 *) g_mapped_file_get_contents (mapped);
  b.len = g_mapped_file_get_length (mapped);

  if (!get_u16 (&b, 0, &order) || !get_u16 (&b, 2, &series) || !get_u16 (&b, 4, &version)
      || !get_u32 (&b, 6, &data_type) || !get_u32 (&b, 10, &tag_type) || !get_u32 (&b, 14, &total)
      || !get_u32 (&b, 18, &valid))
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path, "SER header truncated (file of %" G_GSIZE_FORMAT " bytes)", b.len);
      return NULL;
    }
  if (order != 0x4949 || series != 0x0197)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("not a TIA SER file (byte order 0x%04x, series id 0x%04x at byte 0)"), order, series);
      return NULL;
    }
  if (version != 0x0210 && version != 0x0220)
    {
      isc_image_set_error (error, ISC_ERROR_UNSUPPORTED, path, _ ("SER version 0x%04x at byte 4 (expected 0x0210 or 0x0220)"), version);
      return NULL;
    }
  wide = version == 0x0220;
  if (data_type != 0x4122)
    {
      isc_image_set_error (error, data_type == 0x4120 ? ISC_ERROR_UNSUPPORTED : ISC_ERROR_FORMAT, path,
                           data_type == 0x4120 ? "the SER series holds 1-D spectra, not images"
                           : "SER data type id 0x%x at byte 6 (expected 0x4122 for images)", data_type);
      return NULL;
    }
  if (wide)
    ok = get_u64 (&b, 22, &offset_array);
  else
    {
      guint32 o32 = 0;
      ok = get_u32 (&b, 22, &o32);
      offset_array = o32;
    }
  if (!ok || !get_u32 (&b, wide ? 30 : 26, &n_dims))
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("SER header truncated"));
      return NULL;
    }
  (void) n_dims;
  if (valid == 0 || valid > total || total > 10000000)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("SER holds %u valid of %u elements"), valid, total);
      return NULL;
    }
  /* Bound every allocation by the file: the offset array must be in it. */
  if (offset_array > b.len || (guint64) valid * (wide ? 8 : 4) > b.len - offset_array)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path,
                           "SER offset array of %u elements at byte %" G_GUINT64_FORMAT " runs past the end of the %"
                           G_GSIZE_FORMAT "-byte file", valid, offset_array, b.len);
      return NULL;
    }
  offsets = g_new0 (guint64, valid);
  for (guint i = 0; i < valid; i++)
    {
      guint32 o32 = 0;
      gboolean ok = wide ? get_u64 (&b, offset_array + 8ull * i, &offsets[i])
                         : get_u32 (&b, offset_array + 4ull * i, &o32);

      if (!wide)
        offsets[i] = o32;
      if (!ok)
        {
          isc_image_set_error (error, ISC_ERROR_FORMAT, path, "SER offset array at byte %" G_GUINT64_FORMAT " runs past the end", offset_array);
          return NULL;
        }
    }

  /* every element must be an image of the same size and type */
  for (guint i = 0; i < valid; i++)
    {
      gint32 w = 0, h = 0;
      guint16 code = 0;
      IscImageDtype t;

      pos = offsets[i];
      if (!get_u16 (&b, pos + 40, &code) || !get_u32 (&b, pos + 42, (guint32 *) &w) || !get_u32 (&b, pos + 46, (guint32 *) &h))
        {
          isc_image_set_error (error, ISC_ERROR_FORMAT, path, "SER element %u header at byte %" G_GUINT64_FORMAT " runs past the end", i, pos);
          return NULL;
        }
      if (!ser_dtype (code, &t) || w <= 0 || h <= 0 || w > 100000 || h > 100000)
        {
          isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("SER element %u: type %u, %d × %d pixels is not valid"), i, code, w, h);
          return NULL;
        }
      if (i == 0)
        {
          width = w;
          height = h;
          dtype = t;
          get_f64 (&b, pos, &cx[0]);
          get_f64 (&b, pos + 8, &cx[1]);
          {
            guint32 e = 0;
            get_u32 (&b, pos + 16, &e);
            cx[2] = (gint32) e;
            get_u32 (&b, pos + 36, &e);
            cy[2] = (gint32) e;
          }
          get_f64 (&b, pos + 20, &cy[0]);
          get_f64 (&b, pos + 28, &cy[1]);
        }
      else if ((guint) w != width || (guint) h != height || t != dtype)
        {
          isc_image_set_error (error, ISC_ERROR_UNSUPPORTED, path, _ ("SER elements differ in size or type (element %u)"), i);
          return NULL;
        }
      if (pos + 50 + (guint64) w * h * isc_image_dtype_size (t) > b.len)
        {
          isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("SER element %u pixels run past the end of the file (truncated)"), i);
          return NULL;
        }
    }
  frames = valid;
  /* Elements may point at the same bytes: all frames together must still fit in the file. */
  if ((guint64) frames * width * height * isc_image_dtype_size (dtype) > b.len)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path,
                           _ ("SER claims %u frames of %u × %u pixels, more than the %llu-byte file holds"),
                           frames, width, height, (unsigned long long) b.len);
      return NULL;
    }

  image = isc_image_new_for_file (path, width, height, frames, dtype, error);
  if (image == NULL)
    return NULL;
  g_free (image->format);
  image->format = g_strdup ("ser");
  for (guint i = 0; i < frames; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          isc_image_free (image);
          return NULL;
        }
      isc_image_convert (b.data + offsets[i] + 50, dtype, FALSE, (gsize) width * height, isc_image_frame (image, i));
    }
  isc_image_flip_rows (image);

  /* coordinate of pixel i = offset + (i - element) × delta, in metres (TIA's own numbers,
   * also for y after the flip, as ncempy and hyperspy report them) */
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, cx[0] - cx[2] * cx[1], cx[1], "m", "x");
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, cy[0] - cy[2] * cy[1], cy[1], "m", "y");
  emi_metadata (image, emi);
  return image;
}

IscImage *
isc_image_read_ser (const char    *path,
                    guint          index,
                    guint         *out_count,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".emi"))
    {
      g_autoptr(GPtrArray) sers = ser_partners (path);

      if (out_count)
        *out_count = sers->len;
      if (index == G_MAXUINT)
        return NULL;
      if (sers->len == 0)
        {
          isc_image_set_error (error, ISC_ERROR_IO, path, _ ("no .ser data file found beside the .emi (expected %s)"),
                               "<name>_1.ser");
          return NULL;
        }
      if (index >= sers->len)
        {
          isc_image_set_error (error, ISC_ERROR_ARGUMENT, path, _ ("image %u requested but %u .ser files belong to this .emi"), index, sers->len);
          return NULL;
        }
      return read_ser_file (g_ptr_array_index (sers, index), path, cancellable, error);
    }
  else
    {
      g_autofree char *emi = emi_partner (path);

      if (out_count)
        *out_count = 1;
      if (index == G_MAXUINT)
        return NULL;
      if (index != 0)
        {
          isc_image_set_error (error, ISC_ERROR_ARGUMENT, path, _ ("a .ser file holds one image series; index %u does not exist"), index);
          return NULL;
        }
      return read_ser_file (path, emi, cancellable, error);
    }
}
