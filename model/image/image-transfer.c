/* image-transfer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "image-readers.h"
#include "image-transfer.h"

gboolean
isc_image_transfer_write (IscIsolateWriter *writer,
                          guint             count,
                          const IscImage   *image)
{
  isc_isolate_write_u64 (writer, count);
  isc_isolate_write_u64 (writer, image != NULL);
  if (image == NULL)
    return isc_isolate_write_u64 (writer, 0);
  isc_isolate_write_u64 (writer, image->width);
  isc_isolate_write_u64 (writer, image->height);
  isc_isolate_write_u64 (writer, image->frames);
  isc_isolate_write_u64 (writer, image->dtype);
  for (guint a = 0; a < 3; a++)
    {
      isc_isolate_write_double (writer, image->axis[a].origin);
      isc_isolate_write_double (writer, image->axis[a].scale);
      isc_isolate_write_string (writer, image->axis[a].unit);
      isc_isolate_write_string (writer, image->axis[a].name);
    }
  isc_isolate_write_double (writer, image->intensity.offset);
  isc_isolate_write_double (writer, image->intensity.scale);
  isc_isolate_write_string (writer, image->intensity.unit);
  isc_isolate_write_string (writer, image->format);
  isc_isolate_write_string (writer, image->title);
  isc_isolate_write_u64 (writer, image->meta_keys->len);
  for (guint i = 0; i < image->meta_keys->len; i++)
    {
      isc_isolate_write_string (writer, g_ptr_array_index (image->meta_keys, i));
      isc_isolate_write_string (writer, g_ptr_array_index (image->meta_values, i));
    }
  return isc_isolate_write (writer, image->pixels,
                            (gsize) image->width * image->height * image->frames * sizeof (float));
}

static void
replace_string (char **slot,
                char  *value)
{
  g_free (*slot);
  *slot = value;
}

IscImage *
isc_image_transfer_read (GBytes      *bytes,
                         const char  *path,
                         guint       *out_count,
                         GError     **error)
{
  g_autoptr(IscImage) image = NULL;
  IscIsolateReader reader;
  guint64 count, has_image, width, height, frames, dtype, n_meta;

  isc_isolate_reader_init (&reader, bytes);
  count = isc_isolate_read_u64 (&reader);
  has_image = isc_isolate_read_u64 (&reader);
  if (out_count != NULL)
    *out_count = (guint) MIN (count, G_MAXUINT);
  if (!reader.failed && !has_image)
    return NULL;
  width = isc_isolate_read_u64 (&reader);
  height = isc_isolate_read_u64 (&reader);
  frames = isc_isolate_read_u64 (&reader);
  dtype = isc_isolate_read_u64 (&reader);
  if (reader.failed || width > G_MAXUINT || height > G_MAXUINT || frames > G_MAXUINT
      || dtype > ISC_IMAGE_DTYPE_BOOL)
    goto short_result;
  image = isc_image_new_for_file (path, (guint) width, (guint) height, (guint) frames, (IscImageDtype) dtype, error);
  if (image == NULL)
    return NULL;
  for (guint a = 0; a < 3; a++)
    {
      double origin = isc_isolate_read_double (&reader);
      double scale = isc_isolate_read_double (&reader);
      g_autofree char *unit = isc_isolate_read_string (&reader);
      g_autofree char *name = isc_isolate_read_string (&reader);

      image->axis[a].origin = origin;
      image->axis[a].scale = scale;
      if (unit != NULL)
        replace_string (&image->axis[a].unit, g_steal_pointer (&unit));
      replace_string (&image->axis[a].name, g_steal_pointer (&name));
    }
  image->intensity.offset = isc_isolate_read_double (&reader);
  image->intensity.scale = isc_isolate_read_double (&reader);
  {
    char *unit = isc_isolate_read_string (&reader);

    if (unit != NULL)
      replace_string (&image->intensity.unit, unit);
  }
  replace_string (&image->format, isc_isolate_read_string (&reader));
  replace_string (&image->title, isc_isolate_read_string (&reader));
  n_meta = isc_isolate_read_u64 (&reader);
  for (guint64 i = 0; i < n_meta && !reader.failed; i++)
    {
      g_autofree char *key = isc_isolate_read_string (&reader);
      g_autofree char *value = isc_isolate_read_string (&reader);

      if (key != NULL && value != NULL)
        isc_image_add_meta (image, key, value);
    }
  isc_isolate_read (&reader, image->pixels, (gsize) width * height * frames * sizeof (float));
  if (reader.failed)
    goto short_result;
  if (image->format == NULL)
    image->format = g_strdup ("");
  if (image->title == NULL)
    image->title = g_strdup ("");
  return g_steal_pointer (&image);

short_result:
  isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("the reader returned a short result"));
  return NULL;
}
