/* saed-kind.c: recognising electron diffraction patterns among microscope images.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "saed-kind.h"
#include "saed.h"

/* How much of each end of a file the sniff reads: DM tags after a 4k × 4k float image sit in
 * the last few hundred KiB. */
#define SNIFF_END_BYTES (1024 * 1024)

static const char *
find_bytes (const char *hay,
            gsize       len,
            const char *needle,
            gsize       n)
{
  if (n == 0 || len < n)
    return NULL;
  return memmem (hay, len, needle, n);
}

/* DM tag @name followed (within the tag's type header) by the UTF-16LE string @value. */
static gboolean
dm_tag_is (const char *bytes,
           gsize       len,
           const char *name,
           const char *value)
{
  gsize n = strlen (name);
  gsize vn = strlen (value);
  const char *p = bytes;
  const char *end = bytes + len;

  while ((p = find_bytes (p, end - p, name, n)) != NULL)
    {
      /* "%%%%", the type and length words (DM4: 64-bit), then the characters */
      const char *window = p + n;
      gsize wlen = MIN ((gsize) (end - window), (gsize) 64 + 2 * vn);

      for (gsize i = 0; i + 2 * vn <= wlen; i++)
        {
          gsize k;

          for (k = 0; k < vn; k++)
            if (window[i + 2 * k] != value[k] || window[i + 2 * k + 1] != 0)
              break;
          if (k == vn)
            return TRUE;
        }
      p += n;
    }
  return FALSE;
}

/* Velox: "PixelUnitX": "1/m" (JSON may escape the slash). */
static gboolean
velox_reciprocal (const char *bytes,
                  gsize       len)
{
  static const char key[] = "\"PixelUnitX\"";
  const char *p = bytes;
  const char *end = bytes + len;

  while ((p = find_bytes (p, end - p, key, sizeof key - 1)) != NULL)
    {
      const char *q = p + sizeof key - 1;

      while (q < end && (*q == ' ' || *q == ':' || *q == '\n' || *q == '\r' || *q == '\t'))
        q++;
      if (q + 5 <= end && q[0] == '"' && q[1] == '1' && (q[2] == '/' || (q[2] == '\\' && q + 6 <= end && q[3] == '/')))
        return TRUE;
      p = q;
    }
  return FALSE;
}

/* ImageJ: "ImageJ=…\nunit=1/nm\n" (1/m, 1/A, 1/Å, 1/pm as well). */
static gboolean
imagej_reciprocal (const char *bytes,
                   gsize       len)
{
  const char *p = bytes;
  const char *end = bytes + len;

  if (find_bytes (bytes, len, "ImageJ=", 7) == NULL)
    return FALSE;
  while ((p = find_bytes (p, end - p, "\nunit=", 6)) != NULL)
    {
      p += 6;
      if (end - p >= 3 && p[0] == '1' && p[1] == '/' && g_ascii_isalpha (p[2]))
        return TRUE;
      if (end - p >= 4 && p[0] == '1' && p[1] == '/' && (guchar) p[2] == 0xc3 && (guchar) p[3] == 0x85)
        return TRUE;
    }
  return FALSE;
}

gboolean
isc_saed_sniff (const char *bytes,
                gsize       len)
{
  g_return_val_if_fail (bytes != NULL || len == 0, FALSE);
  return dm_tag_is (bytes, len, "Operation Mode", "DIFFRACTION")
         || velox_reciprocal (bytes, len)
         || imagej_reciprocal (bytes, len);
}

/* Reads up to @n bytes at @offset. */
static gboolean
read_at (GInputStream *stream,
         goffset       offset,
         char         *buf,
         gsize         n,
         gsize        *got)
{
  return g_seekable_seek (G_SEEKABLE (stream), offset, G_SEEK_SET, NULL, NULL)
         && g_input_stream_read_all (stream, buf, n, got, NULL, NULL);
}

gboolean
isc_saed_sniff_file (const char *path)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *buf = NULL;
  goffset size;
  gsize got = 0;

  g_return_val_if_fail (path != NULL, FALSE);
  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL)
    return FALSE;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info == NULL)
    return FALSE;
  size = g_file_info_get_size (info);
  buf = g_malloc (SNIFF_END_BYTES);
  /* the head: ImageJ descriptions and small files whole */
  if (!read_at (G_INPUT_STREAM (stream), 0, buf, SNIFF_END_BYTES, &got))
    return FALSE;
  if (isc_saed_sniff (buf, got))
    return TRUE;
  if (size <= SNIFF_END_BYTES)
    return FALSE;
  /* the tail, overlapping the head a little so a tag cut at the seam is seen whole */
  if (!read_at (G_INPUT_STREAM (stream), MAX (size - SNIFF_END_BYTES, SNIFF_END_BYTES - 4096), buf,
                SNIFF_END_BYTES, &got))
    return FALSE;
  return isc_saed_sniff (buf, got);
}

JsonNode *
isc_saed_summarize (const char  *path,
                    GError     **error)
{
  g_autoptr(IscImage) image = isc_image_load (path, 0, NULL, NULL, NULL, error);
  g_autoptr(JsonBuilder) b = NULL;
  double length_m, volts, cx, cy;

  if (image == NULL)
    return NULL;
  isc_saed_instrument_from_image (image, &length_m, &volts);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "diffraction");
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, image->format);
  json_builder_set_member_name (b, "width");
  json_builder_add_int_value (b, image->width);
  json_builder_set_member_name (b, "height");
  json_builder_add_int_value (b, image->height);
  json_builder_set_member_name (b, "frames");
  json_builder_add_int_value (b, image->frames);
  if (isc_saed_centre_from_image (image, &cx, &cy))
    {
      json_builder_set_member_name (b, "file_centre_px");
      json_builder_begin_array (b);
      json_builder_add_double_value (b, cx);
      json_builder_add_double_value (b, cy);
      json_builder_end_array (b);
    }
  {
    /* null for what the file does not state */
    const struct { const char *name; double value; } numbers[] = {
      { "calibration_nm_inv_per_px", isc_saed_calibration_from_image (image) },
      { "camera_length_m", length_m },
      { "voltage_v", volts },
    };

    for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
      {
        json_builder_set_member_name (b, numbers[i].name);
        if (isfinite (numbers[i].value))
          json_builder_add_double_value (b, numbers[i].value);
        else
          json_builder_add_null_value (b);
      }
  }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
