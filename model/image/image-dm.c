/* image-dm.c: Gatan DigitalMicrograph DM3/DM4 reader (tag tree, every pixel type, stacks).
 *
 * The tag tree is flattened into dotted paths ("ImageList.1.ImageData.Data"); unnamed tags are
 * named by their position among their siblings. Pixel payloads are not parsed while walking:
 * only their offset is kept and converted once the image is chosen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "image-readers.h"

#define MAX_DEPTH 64

typedef struct
{
  char    *path;
  guint32  type;       /* simple type code, 18 string, 20 array of elem_type, 15 struct */
  guint32  elem_type;  /* for arrays */
  guint64  count;      /* elements of an array */
  gsize    offset;     /* payload offset in the file */
} DmTag;

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
  gboolean      dm4;
  gboolean      little;   /* byte order of tag values and pixels */
  GPtrArray    *tags;     /* DmTag * */
  const char   *file;
  GError      **error;
  guint         n_tags;
} DmParser;

static void
dm_tag_free (gpointer p)
{
  DmTag *tag = p;

  g_free (tag->path);
  g_free (tag);
}

static gboolean
fail (DmParser   *p,
      const char *what)
{
  if (p->error && *p->error == NULL)
    isc_image_set_error (p->error, ISC_ERROR_FORMAT, p->file,
                         _("DM tag tree is corrupt at byte %lu: %s"), (unsigned long) p->pos, what);
  return FALSE;
}

static gboolean
read_be (DmParser *p,
         guint     size,
         guint64  *out)
{
  guint64 v = 0;

  if (p->pos > p->len || p->len - p->pos < size)
    return fail (p, _("unexpected end of file"));
  for (guint i = 0; i < size; i++)
    v = (v << 8) | p->data[p->pos + i];
  p->pos += size;
  *out = v;
  return TRUE;
}

/* Header integers are 4 bytes in DM3 and 8 in DM4. */
static gboolean
read_word (DmParser *p,
           guint64  *out)
{
  return read_be (p, p->dm4 ? 8 : 4, out);
}

static guint
simple_size (guint64 type)
{
  switch (type)
    {
    case 2: case 4: return 2;
    case 3: case 5: case 6: return 4;
    case 7: case 11: case 12: return 8;
    case 8: case 9: case 10: return 1;
    default: return 0;
    }
}

static gboolean parse_group (DmParser *p, const char *prefix, guint depth);

static gboolean
skip_bytes (DmParser *p,
            guint64   n)
{
  if (p->pos > p->len || n > p->len - p->pos)
    return fail (p, _("a tag's data runs past the end of the file"));
  p->pos += n;
  return TRUE;
}

static gboolean
parse_data (DmParser   *p,
            const char *path)
{
  guint64 delim = 0, n_info = 0, info[4096 / 8] = { 0 };
  DmTag *tag;

  if (!read_be (p, 4, &delim))
    return FALSE;
  if (delim != 0x25252525)
    return fail (p, _("expected the “%%%%” delimiter of a data tag"));
  if (!read_word (p, &n_info))
    return FALSE;
  if (n_info == 0 || n_info > G_N_ELEMENTS (info))
    return fail (p, _("implausible type description length"));
  for (guint64 i = 0; i < n_info; i++)
    if (!read_word (p, &info[i]))
      return FALSE;

  tag = g_new0 (DmTag, 1);
  tag->path = g_strdup (path);
  tag->offset = p->pos;
  g_ptr_array_add (p->tags, tag);

  if (n_info == 1)
    {
      guint size = simple_size (info[0]);

      tag->type = info[0];
      tag->count = 1;
      if (size == 0)
        return fail (p, _("unknown simple type"));
      return skip_bytes (p, size);
    }
  if (info[0] == 18 && n_info == 2)
    {
      tag->type = 18;
      tag->count = info[1];
      return skip_bytes (p, info[1]);
    }
  if (info[0] == 15)
    {
      /* struct: [15, name_len, n_fields, (name_len, type) × n] */
      guint64 n_fields = info[2], size = 0;

      if (n_info < 3 + 2 * n_fields)
        return fail (p, _("struct description is too short"));
      for (guint64 i = 0; i < n_fields; i++)
        {
          guint s = simple_size (info[4 + 2 * i]);
          if (s == 0)
            return fail (p, _("struct with a non-simple field"));
          size += s;
        }
      tag->type = 15;
      tag->count = n_fields;
      return skip_bytes (p, size);
    }
  if (info[0] == 20 && n_info == 3)
    {
      guint size = simple_size (info[1]);

      if (size == 0)
        return fail (p, _("array of an unknown type"));
      tag->type = 20;
      tag->elem_type = info[1];
      tag->count = info[2];
      if (info[2] > G_MAXUINT64 / size)
        return fail (p, _("array size overflows"));
      return skip_bytes (p, info[2] * size);
    }
  if (info[0] == 20 && info[1] == 15 && n_info >= 5)
    {
      /* array of structs: [20, 15, name_len, n_fields, (name_len, type) × n, count] */
      guint64 n_fields = info[3], size = 0, count;

      if (n_info != 5 + 2 * n_fields)
        return fail (p, _("array-of-struct description has the wrong length"));
      for (guint64 i = 0; i < n_fields; i++)
        {
          guint s = simple_size (info[5 + 2 * i]);
          if (s == 0)
            return fail (p, _("array of structs with a non-simple field"));
          size += s;
        }
      count = info[n_info - 1];
      tag->type = 20;
      tag->elem_type = 15;
      tag->count = count;
      if (size != 0 && count > G_MAXUINT64 / size)
        return fail (p, _("array size overflows"));
      return skip_bytes (p, count * size);
    }
  return fail (p, _("unknown tag type description"));
}

static gboolean
parse_group (DmParser   *p,
             const char *prefix,
             guint       depth)
{
  guint64 sorted, open, n_tags;

  if (depth > MAX_DEPTH)
    return fail (p, _("tag groups nested too deeply"));
  if (!read_be (p, 1, &sorted) || !read_be (p, 1, &open) || !read_word (p, &n_tags))
    return FALSE;
  /* each entry takes at least 3 bytes */
  if (n_tags > (p->len - MIN (p->pos, p->len)) / 3)
    return fail (p, _("tag count larger than the file"));

  for (guint64 i = 0; i < n_tags; i++)
    {
      guint64 kind, name_len, tag_size = 0;
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      if (++p->n_tags > 10000000)
        return fail (p, _("too many tags"));
      if (!read_be (p, 1, &kind) || !read_be (p, 2, &name_len))
        return FALSE;
      if (name_len > p->len - MIN (p->pos, p->len))
        return fail (p, _("tag name runs past the end of the file"));
      if (name_len > 0)
        {
          g_autofree char *raw = g_strndup ((const char *) p->data + p->pos, name_len);

          name = g_utf8_validate (raw, -1, NULL) ? g_strdup (raw)
                 : g_convert (raw, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
          if (name == NULL)
            name = g_strdup ("?");
        }
      else
        name = g_strdup_printf ("%" G_GUINT64_FORMAT, i);
      p->pos += name_len;
      path = prefix[0] ? g_strconcat (prefix, ".", name, NULL) : g_strdup (name);
      if (p->dm4 && !read_be (p, 8, &tag_size))
        return FALSE;

      if (kind == 20)
        {
          if (!parse_group (p, path, depth + 1))
            return FALSE;
        }
      else if (kind == 21)
        {
          if (!parse_data (p, path))
            return FALSE;
        }
      else if (kind == 0)
        break; /* end marker some writers leave */
      else
        return fail (p, _("expected a tag group (20) or data tag (21)"));
    }
  return TRUE;
}

static const DmTag *
find_tag (GHashTable *index,
          const char *prefix,
          const char *rest)
{
  g_autofree char *path = g_strconcat (prefix, ".", rest, NULL);

  return g_hash_table_lookup (index, path);
}

static gboolean
tag_double (const DmParser *p,
            const DmTag    *tag,
            double         *out)
{
  float f[1];

  if (tag == NULL || tag->type == 18 || tag->type == 20 || tag->type == 15)
    return FALSE;
  isc_image_convert (p->data + tag->offset,
                     tag->type == 2 ? ISC_IMAGE_DTYPE_I16 : tag->type == 3 ? ISC_IMAGE_DTYPE_I32
                     : tag->type == 4 ? ISC_IMAGE_DTYPE_U16 : tag->type == 5 ? ISC_IMAGE_DTYPE_U32
                     : tag->type == 6 ? ISC_IMAGE_DTYPE_F32 : tag->type == 9 ? ISC_IMAGE_DTYPE_I8
                     : tag->type == 11 ? ISC_IMAGE_DTYPE_I64 : tag->type == 12 ? ISC_IMAGE_DTYPE_U64
                     : tag->type == 7 ? ISC_IMAGE_DTYPE_F64 : ISC_IMAGE_DTYPE_U8,
                     !p->little, 1, f);
  if (tag->type == 7)
    {
      /* doubles keep their precision (calibrations) */
      guint64 bits = 0;
      double d;

      for (guint i = 0; i < 8; i++)
        bits |= (guint64) p->data[tag->offset + i] << (p->little ? 8 * i : 8 * (7 - i));
      memcpy (&d, &bits, 8);
      *out = d;
      return TRUE;
    }
  *out = f[0];
  return TRUE;
}

/* Strings: arrays of u16 (UTF-16), of bytes, or type 18. */
static char *
tag_string (const DmParser *p,
            const DmTag    *tag)
{
  if (tag == NULL)
    return NULL;
  if (tag->type == 20 && (tag->elem_type == 4 || tag->elem_type == 2) && tag->count < 65536)
    {
      g_autofree gunichar2 *u = g_new0 (gunichar2, tag->count + 1);

      for (guint64 i = 0; i < tag->count; i++)
        {
          const guint8 *b = p->data + tag->offset + 2 * i;
          u[i] = p->little ? b[0] | (b[1] << 8) : (b[0] << 8) | b[1];
        }
      return g_utf16_to_utf8 (u, tag->count, NULL, NULL, NULL);
    }
  if ((tag->type == 20 && (tag->elem_type == 9 || tag->elem_type == 10)) || tag->type == 18)
    {
      g_autofree char *raw = g_strndup ((const char *) p->data + tag->offset, MIN (tag->count, 65536));

      if (g_utf8_validate (raw, -1, NULL))
        return g_steal_pointer (&raw);
      return g_convert (raw, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
    }
  return NULL;
}

static gboolean
dm_pixel_type (gint32          code,
               IscImageDtype  *out,
               guint          *per_pixel)
{
  *per_pixel = 1;
  switch (code)
    {
    case 1:  *out = ISC_IMAGE_DTYPE_I16; return TRUE;
    case 2:  *out = ISC_IMAGE_DTYPE_F32; return TRUE;
    case 3:  *out = ISC_IMAGE_DTYPE_C64; return TRUE;
    case 6:  *out = ISC_IMAGE_DTYPE_U8; return TRUE;
    case 7:  *out = ISC_IMAGE_DTYPE_I32; return TRUE;
    case 8:  *out = ISC_IMAGE_DTYPE_RGBA8; return TRUE;
    case 9:  *out = ISC_IMAGE_DTYPE_I8; return TRUE;
    case 10: *out = ISC_IMAGE_DTYPE_U16; return TRUE;
    case 11: *out = ISC_IMAGE_DTYPE_U32; return TRUE;
    case 12: *out = ISC_IMAGE_DTYPE_F64; return TRUE;
    case 13: *out = ISC_IMAGE_DTYPE_C128; return TRUE;
    case 14: *out = ISC_IMAGE_DTYPE_BOOL; return TRUE;
    case 23: *out = ISC_IMAGE_DTYPE_RGBA8; return TRUE;
    case 27: *out = ISC_IMAGE_DTYPE_C64; return TRUE;
    case 28: *out = ISC_IMAGE_DTYPE_C128; return TRUE;
    default: return FALSE;
    }
}

/* The ImageList entries that are real images (not thumbnails). */
static GArray *
list_images (const DmParser *p,
             GHashTable     *index)
{
  GArray *images = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) thumbs = g_array_new (FALSE, FALSE, sizeof (guint));
  guint total = 0, first_with_data = 0;

  for (guint t = 0; t < 64; t++)
    {
      g_autofree char *key = g_strdup_printf ("Thumbnails.%u.ImageIndex", t);
      double v;

      if (!tag_double (p, g_hash_table_lookup (index, key), &v))
        break;
      {
        guint k = (guint) v;
        g_array_append_val (thumbs, k);
      }
    }
  for (guint k = 0; k < 4096; k++)
    {
      g_autofree char *prefix = g_strdup_printf ("ImageList.%u", k);
      double type = 0;
      gboolean thumb = FALSE;

      if (find_tag (index, prefix, "ImageData.Data") == NULL)
        {
          g_autofree char *group = g_strdup_printf ("ImageList.%u.ImageData.DataType", k);
          if (g_hash_table_lookup (index, group) == NULL)
            break;
          continue;
        }
      if (total++ == 0)
        first_with_data = k;
      for (guint t = 0; t < thumbs->len; t++)
        if (g_array_index (thumbs, guint, t) == k)
          thumb = TRUE;
      tag_double (p, find_tag (index, prefix, "ImageData.DataType"), &type);
      /* without a Thumbnails list, a leading RGB image is the thumbnail */
      if (thumbs->len == 0 && k == 0 && (int) type == 23)
        thumb = TRUE;
      if (!thumb)
        g_array_append_val (images, k);
    }
  /* a file holding only an RGB picture: show that */
  if (images->len == 0 && total > 0)
    g_array_append_val (images, first_with_data);
  return images;
}

static void
add_tag_meta (IscImage       *image,
              const DmParser *p,
              const char     *prefix)
{
  gsize plen = strlen (prefix);

  for (guint i = 0; i < p->tags->len && image->meta_keys->len < 2000; i++)
    {
      const DmTag *tag = g_ptr_array_index (p->tags, i);
      g_autofree char *value = NULL;
      double d;

      if (!g_str_has_prefix (tag->path, prefix) || tag->path[plen] != '.')
        continue;
      if (g_str_has_prefix (tag->path + plen + 1, "ImageData."))
        continue;
      if (tag->type == 20 || tag->type == 18)
        value = tag_string (p, tag);
      else if (tag_double (p, tag, &d))
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          value = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.10g", d));
        }
      if (value != NULL)
        isc_image_add_meta (image, tag->path + plen + 1, value);
    }
}

/* Maps @path and walks its tag tree into @tags and @tag_index (pixels are not read). */
static gboolean
dm_parse (const char   *path,
          GMappedFile **mapped,
          DmParser     *p,
          GPtrArray    *tags,
          GHashTable   *tag_index,
          GError      **error)
{
  guint64 version = 0, file_size = 0, order = 0;

  *mapped = isc_image_map_file (path, error);
  if (*mapped == NULL)
    return FALSE;
  p->data = (const guint8 *) g_mapped_file_get_contents (*mapped);
  p->len = g_mapped_file_get_length (*mapped);
  p->tags = tags;
  p->file = path;
  p->error = error;

  if (!read_be (p, 4, &version))
    return FALSE;
  if (version != 3 && version != 4)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path, "DM version %" G_GUINT64_FORMAT " at byte 0 (expected 3 or 4)", version);
      return FALSE;
    }
  p->dm4 = version == 4;
  if (!read_be (p, p->dm4 ? 8 : 4, &file_size) || !read_be (p, 4, &order))
    return FALSE;
  if (order > 1)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path, "byte-order flag %" G_GUINT64_FORMAT " at byte %d (expected 0 or 1)",
                           order, p->dm4 ? 12 : 8);
      return FALSE;
    }
  p->little = order == 1;
  if (!parse_group (p, "", 0))
    return FALSE;

  for (guint i = 0; i < tags->len; i++)
    {
      DmTag *tag = g_ptr_array_index (tags, i);
      g_hash_table_insert (tag_index, tag->path, tag);
    }
  return TRUE;
}

char **
isc_image_dm_peek_units (const char *path)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (dm_tag_free);
  g_autoptr(GHashTable) tag_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) images = NULL;
  g_autoptr(GStrvBuilder) units = g_strv_builder_new ();
  g_autofree char *prefix = NULL;
  DmParser p = { 0 };

  if (!dm_parse (path, &mapped, &p, tags, tag_index, NULL))
    return NULL;
  images = list_images (&p, tag_index);
  if (images->len == 0)
    return NULL;
  prefix = g_strdup_printf ("ImageList.%u", g_array_index (images, guint, 0));
  for (guint d = 0; d < 8; d++)
    {
      g_autofree char *dim = g_strdup_printf ("ImageData.Dimensions.%u", d);
      g_autofree char *key = g_strdup_printf ("ImageData.Calibrations.Dimension.%u.Units", d);
      g_autofree char *unit = NULL;

      if (find_tag (tag_index, prefix, dim) == NULL)
        break;
      unit = tag_string (&p, find_tag (tag_index, prefix, key));
      g_strv_builder_add (units, unit != NULL ? unit : "");
    }
  return g_strv_builder_end (units);
}

IscImage *
isc_image_read_dm (const char    *path,
                   guint          index,
                   guint         *out_count,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (dm_tag_free);
  g_autoptr(GHashTable) tag_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) images = NULL;
  g_autofree char *prefix = NULL;
  DmParser p = { 0 };
  guint64 dims[8] = { 0 };
  guint n_dims = 0, per_pixel;
  double code = -1;
  IscImageDtype dtype;
  const DmTag *data;
  IscImage *image;
  guint64 pixels = 1;
  guint width, height, frames;
  gboolean packed;

  if (!dm_parse (path, &mapped, &p, tags, tag_index, error))
    return NULL;

  images = list_images (&p, tag_index);
  if (out_count)
    *out_count = images->len;
  if (index == G_MAXUINT)
    return NULL;
  if (images->len == 0)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("the DM file holds no image data (no ImageList entry with ImageData.Data)"));
      return NULL;
    }
  if (index >= images->len)
    {
      isc_image_set_error (error, ISC_ERROR_ARGUMENT, path, _ ("image %u requested but the file holds %u"), index, images->len);
      return NULL;
    }
  prefix = g_strdup_printf ("ImageList.%u", g_array_index (images, guint, index));

  tag_double (&p, find_tag (tag_index, prefix, "ImageData.DataType"), &code);
  if (!dm_pixel_type ((gint32) code, &dtype, &per_pixel))
    {
      isc_image_set_error (error, ISC_ERROR_UNSUPPORTED, path, _ ("DM pixel type %d is not supported"), (int) code);
      return NULL;
    }
  packed = (int) code == 27 || (int) code == 28;
  for (n_dims = 0; n_dims < G_N_ELEMENTS (dims); n_dims++)
    {
      g_autofree char *key = g_strdup_printf ("ImageData.Dimensions.%u", n_dims);
      double d;

      if (!tag_double (&p, find_tag (tag_index, prefix, key), &d))
        break;
      if (!(d >= 1 && d <= 1e7))
        {
          isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("DM dimension %u is %g"), n_dims, d);
          return NULL;
        }
      dims[n_dims] = (guint64) d;
      pixels *= dims[n_dims];
      if (pixels > ((guint64) 1 << 33))
        {
          isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("DM image dimensions are implausibly large"));
          return NULL;
        }
    }
  if (n_dims == 0)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("DM image has no ImageData.Dimensions"));
      return NULL;
    }
  width = dims[0];
  height = n_dims > 1 ? dims[1] : 1;
  /* pixels ≤ 2^33 but one frame count must still fit a guint (and match the allocation) */
  if (pixels / ((guint64) width * height) > G_MAXUINT)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("DM image dimensions are implausibly large"));
      return NULL;
    }
  frames = (guint) (pixels / ((guint64) width * height));

  data = find_tag (tag_index, prefix, "ImageData.Data");
  {
    guint esize = isc_image_dtype_size (dtype);
    guint64 stored_esize = data->type == 20 ? simple_size (data->elem_type) : 0;
    guint64 stored_bytes = data->count * stored_esize;
    /* packed complex: the half plane (height × (width/2 + 1)) of complex values */
    guint64 need = packed ? (guint64) height * (width / 2 + 1) * esize * frames : pixels * esize;

    if (data->type != 20 || stored_esize == 0 || stored_bytes < need)
      {
        isc_image_set_error (error, ISC_ERROR_FORMAT, path,
                             "DM image data holds %" G_GUINT64_FORMAT " bytes but %u × %u × %u pixels of %s need %" G_GUINT64_FORMAT,
                             stored_bytes, width, height, frames, isc_image_dtype_name (dtype), need);
        return NULL;
      }
  }

  image = isc_image_new_for_file (path, width, height, frames, dtype, error);
  if (image == NULL)
    return NULL;
  g_free (image->format);
  image->format = g_strdup (p.dm4 ? "dm4" : "dm3");

  if (packed)
    {
      /* Hermitian expansion of the half plane; the FFT is shown centred as DM does */
      guint hw = width / 2 + 1;
      gboolean is128 = (int) code == 28;
      g_autofree float *half = g_new (float, (gsize) height * hw);

      for (guint f = 0; f < frames; f++)
        {
          float *dst = isc_image_frame (image, f);

          isc_image_convert (p.data + data->offset + (gsize) f * height * hw * (is128 ? 16 : 8),
                             dtype, !p.little, (gsize) height * hw, half);
          /* DM keeps the rows already centred; columns hold kx = 0 … width/2. Spread them
           * to both sides of the centre column (|F(-kx)| = |F(kx)|), as DM displays them. */
          for (guint y = 0; y < height; y++)
            for (guint x = 0; x < width; x++)
              {
                int k = abs ((int) x - (int) (width / 2));

                dst[(gsize) y * width + x] = half[(gsize) y * hw + MIN (k, (int) hw - 1)];
              }
        }
    }
  else
    isc_image_convert (p.data + data->offset, dtype, !p.little, pixels, image->pixels);

  /* calibrations: physical coordinate of pixel i = (i - Origin) × Scale */
  for (guint d = 0; d < MIN (n_dims, 3u); d++)
    {
      g_autofree char *base = g_strdup_printf ("ImageData.Calibrations.Dimension.%u", d);
      g_autofree char *ko = g_strconcat (base, ".Origin", NULL);
      g_autofree char *ks = g_strconcat (base, ".Scale", NULL);
      g_autofree char *ku = g_strconcat (base, ".Units", NULL);
      g_autofree char *unit = tag_string (&p, find_tag (tag_index, prefix, ku));
      double origin = 0, scale = 1;

      if (!tag_double (&p, find_tag (tag_index, prefix, ks), &scale))
        continue;
      tag_double (&p, find_tag (tag_index, prefix, ko), &origin);
      isc_image_set_axis (image, d, -origin * scale, scale, unit ? unit : "",
                          d == 0 ? "x" : d == 1 ? "y" : "z");
    }
  {
    double o = 0, s = 1;
    g_autofree char *u = tag_string (&p, find_tag (tag_index, prefix, "ImageData.Calibrations.Brightness.Units"));

    if (tag_double (&p, find_tag (tag_index, prefix, "ImageData.Calibrations.Brightness.Scale"), &s) && s != 0)
      {
        tag_double (&p, find_tag (tag_index, prefix, "ImageData.Calibrations.Brightness.Origin"), &o);
        image->intensity.scale = s;
        image->intensity.offset = -o * s;
        g_free (image->intensity.unit);
        image->intensity.unit = g_strdup (u ? u : "");
      }
  }
  {
    g_autofree char *name = tag_string (&p, find_tag (tag_index, prefix, "Name"));
    if (name != NULL)
      {
        g_free (image->title);
        image->title = g_steal_pointer (&name);
      }
  }
  add_tag_meta (image, &p, prefix);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    g_clear_pointer (&image, isc_image_free);
  return image;
}
