/* image-emd.c: HDF5-based EMD readers: Velox (Thermo Fisher, v8 and v11) and Berkeley EMD v0.2.
 *
 * Velox keeps images in /Data/Image/<uuid>/Data shaped (rows, cols, frames) with per-frame JSON
 * metadata; Berkeley EMD marks dataset groups with the attribute emd_group_type = 1 and
 * describes data axis K-1 with the vector dimK (the format author's convention: no transpose).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <hdf5.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "image-readers.h"
#include "image-transfer.h"
#include "isc-hdf5.h"
#include "isc-isolate.h"

/* Real EMD files hold tens of objects; a damaged one can make a link walk run for minutes. */
#define MAX_VISITED_LINKS 100000
/* The most raw data one dataset may claim once decompressed (4 GB: a 32k × 32k float image). */
#define MAX_DATASET_BYTES ((guint64) 4 << 30)

/* HDF5 prints its error stack on stderr unless told not to. */
static void
quiet_hdf5 (void)
{
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
}

/* Any attribute (string, fixed or variable, or number, or 1-element array) as text. */
static char *
attr_string (hid_t       obj,
             const char *name)
{
  hid_t attr, type, space;
  char *result = NULL;
  hssize_t n;

  if (H5Aexists (obj, name) <= 0)
    return NULL;
  attr = H5Aopen (obj, name, H5P_DEFAULT);
  if (attr < 0)
    return NULL;
  type = H5Aget_type (attr);
  space = H5Aget_space (attr);
  n = H5Sget_simple_extent_npoints (space);
  if (n >= 1 && n < 1000000 && H5Tget_class (type) == H5T_STRING)
    {
      if (H5Tis_variable_str (type) > 0)
        {
          char **strs = g_new0 (char *, n);
          hid_t mem = H5Tcopy (H5T_C_S1);

          H5Tset_size (mem, H5T_VARIABLE);
          H5Tset_cset (mem, H5Tget_cset (type));
          if (H5Aread (attr, mem, strs) >= 0 && strs[0] != NULL)
            result = g_strdup (strs[0]);
          H5Dvlen_reclaim (mem, space, H5P_DEFAULT, strs);
          H5Tclose (mem);
          g_free (strs);
        }
      else
        {
          size_t size = H5Tget_size (type);

          if (size > 0 && size < (1 << 24))
            {
              g_autofree char *buf = g_malloc0 ((gsize) size * n + 1);
              hid_t mem = H5Tcopy (H5T_C_S1);

              H5Tset_size (mem, size);
              H5Tset_strpad (mem, H5T_STR_NULLTERM);
              /* read with the file's own padding then cut at the first NUL */
              H5Tclose (mem);
              mem = H5Tcopy (type);
              if (H5Aread (attr, mem, buf) >= 0)
                result = g_strndup (buf, size);
              H5Tclose (mem);
            }
        }
    }
  else if (n >= 1 && n < 1000000 && (H5Tget_class (type) == H5T_INTEGER || H5Tget_class (type) == H5T_FLOAT))
    {
      g_autofree double *v = g_new0 (double, n);

      if (H5Aread (attr, H5T_NATIVE_DOUBLE, v) >= 0)
        {
          if (H5Tget_class (type) == H5T_INTEGER && H5Tget_size (type) == 1 && n > 1)
            {
              /* byte arrays are strings in some writers */
              GString *s = g_string_new (NULL);
              for (hssize_t i = 0; i < n && v[i] != 0; i++)
                g_string_append_c (s, (char) (int) v[i]);
              result = g_string_free (s, FALSE);
            }
          else
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];
              result = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.17g", v[0]));
            }
        }
    }
  H5Sclose (space);
  H5Tclose (type);
  H5Aclose (attr);
  if (result != NULL && !g_utf8_validate (result, -1, NULL))
    {
      char *conv = g_convert (result, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
      g_free (result);
      result = conv;
    }
  if (result != NULL)
    g_strstrip (result);
  return result;
}

static gboolean
stored_dtype (hid_t          type,
              IscImageDtype *out)
{
  H5T_class_t cls = H5Tget_class (type);
  size_t size = H5Tget_size (type);

  if (cls == H5T_INTEGER)
    {
      gboolean sign = H5Tget_sign (type) == H5T_SGN_2;

      switch (size)
        {
        case 1: *out = sign ? ISC_IMAGE_DTYPE_I8 : ISC_IMAGE_DTYPE_U8; return TRUE;
        case 2: *out = sign ? ISC_IMAGE_DTYPE_I16 : ISC_IMAGE_DTYPE_U16; return TRUE;
        case 4: *out = sign ? ISC_IMAGE_DTYPE_I32 : ISC_IMAGE_DTYPE_U32; return TRUE;
        case 8: *out = sign ? ISC_IMAGE_DTYPE_I64 : ISC_IMAGE_DTYPE_U64; return TRUE;
        default: return FALSE;
        }
    }
  if (cls == H5T_FLOAT)
    {
      if (size == 2) *out = ISC_IMAGE_DTYPE_F16;
      else if (size == 4) *out = ISC_IMAGE_DTYPE_F32;
      else if (size == 8) *out = ISC_IMAGE_DTYPE_F64;
      else return FALSE;
      return TRUE;
    }
  if (cls == H5T_COMPOUND && H5Tget_nmembers (type) == 2)
    {
      hid_t m0 = H5Tget_member_type (type, 0);
      gboolean ok = H5Tget_class (m0) == H5T_FLOAT;
      size_t ms = H5Tget_size (m0);

      H5Tclose (m0);
      if (!ok)
        return FALSE;
      *out = ms == 8 ? ISC_IMAGE_DTYPE_C128 : ISC_IMAGE_DTYPE_C64;
      return TRUE;
    }
  return FALSE;
}

/* Reads a whole dataset as floats (complex compounds as magnitudes). */
static float *
read_dataset_floats (hid_t        dset,
                     const char  *path,
                     hsize_t     *dims,
                     int         *rank,
                     IscImageDtype *dtype,
                     GError     **error)
{
  hid_t space = H5Dget_space (dset), type = H5Dget_type (dset);
  float *out = NULL;
  hsize_t n = 1;
  herr_t status;

  /* Before any allocation: the dataspace must be one the file can actually hold. */
  if (!isc_hdf5_check_dataset (dset, path, "image data", ISC_IMAGE_ERROR, 8, MAX_DATASET_BYTES, dims, rank, error))
    goto out;
  for (int i = 0; i < *rank; i++)
    {
      if (n > ((hsize_t) 1 << 33) / dims[i])
        {
          isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("dataset shape is empty or implausibly large"));
          goto out;
        }
      n *= dims[i];
    }
  if (!stored_dtype (type, dtype))
    {
      isc_image_set_error (error, ISC_ERROR_UNSUPPORTED, path, _ ("dataset element type (HDF5 class %d, %zu bytes) is not supported"),
                           (int) H5Tget_class (type), H5Tget_size (type));
      goto out;
    }
  out = g_try_malloc (n * sizeof (float));
  if (out == NULL)
    {
      isc_image_set_error (error, ISC_ERROR_IO, path, _ ("not enough memory for %llu values"), (unsigned long long) n);
      goto out;
    }
  if (*dtype == ISC_IMAGE_DTYPE_C64 || *dtype == ISC_IMAGE_DTYPE_C128)
    {
      hid_t mem = H5Tcreate (H5T_COMPOUND, 2 * sizeof (double));
      char *n0 = H5Tget_member_name (type, 0), *n1 = H5Tget_member_name (type, 1);
      double *pairs = g_try_malloc (n * 2 * sizeof (double));

      H5Tinsert (mem, n0, 0, H5T_NATIVE_DOUBLE);
      H5Tinsert (mem, n1, sizeof (double), H5T_NATIVE_DOUBLE);
      status = pairs ? H5Dread (dset, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, pairs) : -1;
      if (status >= 0)
        for (hsize_t i = 0; i < n; i++)
          out[i] = hypot (pairs[2 * i], pairs[2 * i + 1]);
      g_free (pairs);
      H5free_memory (n0);
      H5free_memory (n1);
      H5Tclose (mem);
    }
  else
    status = H5Dread (dset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, out);
  if (status < 0)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("the dataset's values cannot be read (truncated or corrupt file)"));
      g_clear_pointer (&out, g_free);
    }
out:
  H5Tclose (type);
  H5Sclose (space);
  return out;
}

/* Builds an image from data shaped (rows, cols, frames…) with frames last. */
static IscImage *
image_from_rows_cols_frames (const float   *src,
                             const hsize_t *dims,
                             int            rank,
                             IscImageDtype  dtype,
                             const char    *path,
                             GError       **error)
{
  guint height, width, frames = 1;
  IscImage *image;

  if (rank == 1)
    {
      height = 1;
      width = dims[0];
    }
  else
    {
      height = dims[0];
      width = dims[1];
      for (int i = 2; i < rank; i++)
        frames *= dims[i];
    }
  image = isc_image_new_for_file (path, width, height, frames, dtype, error);
  if (image == NULL)
    return NULL;
  if (frames == 1)
    memcpy (image->pixels, src, (gsize) width * height * sizeof (float));
  else
    for (guint y = 0; y < height; y++)
      for (guint x = 0; x < width; x++)
        {
          const float *s = src + ((gsize) y * width + x) * frames;
          for (guint f = 0; f < frames; f++)
            image->pixels[((gsize) f * height + y) * width + x] = s[f];
        }
  return image;
}

/* ---- Velox ---- */

static herr_t
collect_name (hid_t             group,
              const char       *name,
              const H5L_info_t *info,
              void             *data)
{
  GPtrArray *names = data;

  (void) group;
  (void) info;
  if (names->len >= 10000)
    return 1;   /* a damaged link table, not ten thousand detectors */
  g_ptr_array_add (names, g_strdup (name));
  return 0;
}

static void
flatten_json (IscImage   *image,
              JsonNode   *node,
              const char *prefix)
{
  if (image->meta_keys->len > 4000)
    return;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (obj);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *key = prefix[0] ? g_strconcat (prefix, ".", l->data, NULL) : g_strdup (l->data);
          flatten_json (image, json_object_get_member (obj, l->data), key);
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node))
    {
      GValue v = G_VALUE_INIT;
      GValue s = G_VALUE_INIT;

      json_node_get_value (node, &v);
      g_value_init (&s, G_TYPE_STRING);
      if (g_value_transform (&v, &s))
        isc_image_add_meta (image, prefix, g_value_get_string (&s));
      g_value_unset (&v);
      g_value_unset (&s);
    }
}

static double
meta_double (IscImage   *image,
             const char *key,
             double      fallback)
{
  const char *s = isc_image_get_meta (image, key);
  char *end = NULL;
  double v;

  if (s == NULL)
    return fallback;
  v = g_ascii_strtod (s, &end);
  return (end != s && isfinite (v)) ? v : fallback;
}

static void
velox_metadata (IscImage   *image,
                hid_t       group,
                const char *path)
{
  hid_t dset, space, mem, file_space;
  hsize_t dims[2] = { 0, 0 }, start[2] = { 0, 0 }, count[2];
  g_autofree guint8 *buf = NULL;
  g_autoptr(JsonParser) parser = NULL;

  (void) path;
  if (H5Lexists (group, "Metadata", H5P_DEFAULT) <= 0)
    return;
  dset = H5Dopen2 (group, "Metadata", H5P_DEFAULT);
  if (dset < 0)
    return;
  file_space = H5Dget_space (dset);
  if (H5Sget_simple_extent_ndims (file_space) == 2)
    {
      H5Sget_simple_extent_dims (file_space, dims, NULL);
      if (dims[0] > 0 && dims[0] < (1 << 24) && dims[1] > 0)
        {
          /* column 0: the JSON of frame 0 */
          count[0] = dims[0];
          count[1] = 1;
          buf = g_malloc0 (dims[0] + 1);
          H5Sselect_hyperslab (file_space, H5S_SELECT_SET, start, NULL, count, NULL);
          space = H5Screate_simple (2, count, NULL);
          mem = H5T_NATIVE_UCHAR;
          if (H5Dread (dset, mem, space, file_space, H5P_DEFAULT, buf) < 0)
            g_clear_pointer (&buf, g_free);
          H5Sclose (space);
        }
    }
  H5Sclose (file_space);
  H5Dclose (dset);
  if (buf == NULL)
    return;

  parser = json_parser_new ();
  if (!g_utf8_validate ((char *) buf, -1, NULL) || !json_parser_load_from_data (parser, (char *) buf, -1, NULL))
    return;
  flatten_json (image, json_parser_get_root (parser), "");

  {
    double w = meta_double (image, "BinaryResult.PixelSize.width", 0);
    double h = meta_double (image, "BinaryResult.PixelSize.height", w);
    double ox = meta_double (image, "BinaryResult.Offset.x", 0);
    double oy = meta_double (image, "BinaryResult.Offset.y", 0);
    const char *ux = isc_image_get_meta (image, "BinaryResult.PixelUnitX");
    const char *uy = isc_image_get_meta (image, "BinaryResult.PixelUnitY");
    const char *detector = isc_image_get_meta (image, "BinaryResult.Detector");

    if (w > 0)
      {
        isc_image_set_axis (image, ISC_IMAGE_AXIS_X, ox, w, ux ? ux : "m", "x");
        isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, oy, h > 0 ? h : w, uy ? uy : "m", "y");
      }
    if (detector != NULL)
      {
        g_free (image->title);
        image->title = g_strdup (detector);
      }
  }
}

/* Velox names the signal of a detector segment (DF4-A, …) in its StemInputOperation, whose
 * JSON points at the image with "dataPath"; returns that name for @image_path or NULL. */
static char *
velox_stem_input_name (hid_t       file,
                       const char *image_path)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func (g_free);
  const char *group_path = "/Operations/StemInputOperation";
  char *result = NULL;
  hid_t group;

  if (H5Lexists (file, "/Operations", H5P_DEFAULT) <= 0 || H5Lexists (file, group_path, H5P_DEFAULT) <= 0)
    return NULL;
  group = H5Gopen2 (file, group_path, H5P_DEFAULT);
  if (group < 0)
    return NULL;
  H5Literate (group, H5_INDEX_NAME, H5_ITER_INC, NULL, collect_name, ops);
  for (guint i = 0; i < ops->len && result == NULL && i < 256; i++)
    {
      hid_t dset = H5Dopen2 (group, g_ptr_array_index (ops, i), H5P_DEFAULT);
      hid_t type, mem;
      char *text[1] = { NULL };

      if (dset < 0)
        continue;
      type = H5Dget_type (dset);
      if (H5Tget_class (type) == H5T_STRING && H5Tis_variable_str (type) > 0)
        {
          hid_t space = H5Dget_space (dset);

          mem = H5Tcopy (H5T_C_S1);
          H5Tset_size (mem, H5T_VARIABLE);
          if (H5Sget_simple_extent_npoints (space) == 1
              && H5Dread (dset, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, text) >= 0 && text[0] != NULL)
            {
              char *copy = g_strdup (text[0]);
              H5Dvlen_reclaim (mem, space, H5P_DEFAULT, text);
              text[0] = copy;
            }
          else
            text[0] = NULL;
          H5Tclose (mem);
          H5Sclose (space);
        }
      else if (H5Tget_class (type) == H5T_STRING && H5Tget_size (type) < (1 << 20))
        {
          g_autofree char *buf = g_malloc0 (H5Tget_size (type) + 1);

          mem = H5Tcopy (type);
          if (H5Dread (dset, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0)
            text[0] = g_strdup (buf);
          H5Tclose (mem);
        }
      H5Tclose (type);
      H5Dclose (dset);
      if (text[0] != NULL && g_utf8_validate (text[0], -1, NULL))
        {
          g_autoptr(JsonParser) parser = json_parser_new ();

          if (json_parser_load_from_data (parser, text[0], -1, NULL)
              && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
            {
              JsonObject *obj = json_node_get_object (json_parser_get_root (parser));
              const char *data_path = json_object_get_string_member_with_default (obj, "dataPath", "");
              const char *detector = json_object_get_string_member_with_default (obj, "detector", NULL);

              if (detector != NULL && g_str_equal (data_path, image_path))
                result = g_strdup (detector);
            }
        }
      g_free (text[0]);
    }
  H5Gclose (group);
  return result;
}

static IscImage *
read_velox (hid_t          file,
            const char    *path,
            guint          index,
            guint         *out_count,
            GError       **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree float *values = NULL;
  hid_t images, group, dset;
  hsize_t dims[8];
  int rank = 0;
  IscImageDtype dtype;
  IscImage *image = NULL;

  images = H5Gopen2 (file, "/Data/Image", H5P_DEFAULT);
  if (images < 0)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("Velox EMD without a readable /Data/Image group"));
      return NULL;
    }
  H5Literate (images, H5_INDEX_NAME, H5_ITER_INC, NULL, collect_name, names);
  if (out_count)
    *out_count = names->len;
  if (index == G_MAXUINT)
    goto out;
  if (names->len == 0)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("Velox EMD holds no image under /Data/Image (spectra only?)"));
      goto out;
    }
  if (index >= names->len)
    {
      isc_image_set_error (error, ISC_ERROR_ARGUMENT, path, _ ("image %u requested but the file holds %u"), index, names->len);
      goto out;
    }
  group = H5Gopen2 (images, g_ptr_array_index (names, index), H5P_DEFAULT);
  if (group < 0)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("/Data/Image/%s is not a group"), (char *) g_ptr_array_index (names, index));
      goto out;
    }
  dset = H5Lexists (group, "Data", H5P_DEFAULT) > 0 ? H5Dopen2 (group, "Data", H5P_DEFAULT) : -1;
  if (dset < 0)
    isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("/Data/Image/%s has no Data dataset"), (char *) g_ptr_array_index (names, index));
  else
    {
      values = read_dataset_floats (dset, path, dims, &rank, &dtype, error);
      H5Dclose (dset);
      if (values != NULL)
        image = image_from_rows_cols_frames (values, dims, rank, dtype, path, error);
      if (image != NULL)
        {
          g_free (image->format);
          image->format = g_strdup ("velox-emd");
          g_free (image->title);
          image->title = g_strdup (g_ptr_array_index (names, index));
          velox_metadata (image, group, path);
          {
            g_autofree char *image_path = g_strconcat ("/Data/Image/", g_ptr_array_index (names, index), NULL);
            g_autofree char *segment = velox_stem_input_name (file, image_path);

            if (segment != NULL)
              {
                g_free (image->title);
                image->title = g_steal_pointer (&segment);
              }
          }
        }
    }
  H5Gclose (group);
out:
  H5Gclose (images);
  return image;
}

/* ---- Berkeley EMD v0.2 ---- */

typedef struct
{
  GPtrArray *groups;
  guint      visited;
} EmdSearch;

static herr_t
find_emd_groups (hid_t             root,
                 const char       *name,
                 const H5L_info_t *info,
                 void             *data)
{
  EmdSearch *search = data;
  hid_t obj;

  if (++search->visited > MAX_VISITED_LINKS)
    return -1;
  if (info->type != H5L_TYPE_HARD || search->groups->len > 10000)
    return 0;
  obj = H5Oopen (root, name, H5P_DEFAULT);
  if (obj < 0)
    return 0;
  if (H5Iget_type (obj) == H5I_GROUP)
    {
      g_autofree char *type = attr_string (obj, "emd_group_type");

      if (type != NULL && g_ascii_strtod (type, NULL) == 1.0)
        g_ptr_array_add (search->groups, g_strdup (name));
    }
  H5Oclose (obj);
  return 0;
}

static herr_t
first_data_name (hid_t             group,
                 const char       *name,
                 const H5L_info_t *info,
                 void             *data)
{
  char **out = data;
  H5O_info_t oinfo;

  (void) info;
  /* dimN are the axis vectors; anything else (Prismatic's "realslice", …) is the data */
  if (g_str_has_prefix (name, "dim") && g_ascii_isdigit (name[3]))
    return 0;
#if H5_VERSION_GE (1, 12, 0)
  if (H5Oget_info_by_name3 (group, name, &oinfo, H5O_INFO_BASIC, H5P_DEFAULT) < 0)
#else
  if (H5Oget_info_by_name2 (group, name, &oinfo, H5O_INFO_BASIC, H5P_DEFAULT) < 0)
#endif
    return 0;
  if (oinfo.type != H5O_TYPE_DATASET)
    return 0;
  *out = g_strdup (name);
  return 1;
}

static void
apply_dim (IscImage   *image,
           hid_t       group,
           guint       k,
           guint       axis,
           hsize_t     expected)
{
  g_autofree char *dname = g_strdup_printf ("dim%u", k);
  g_autofree char *name = NULL;
  g_autofree char *units = NULL;
  hid_t dset, space;
  hssize_t n;

  if (H5Lexists (group, dname, H5P_DEFAULT) <= 0)
    return;
  dset = H5Dopen2 (group, dname, H5P_DEFAULT);
  if (dset < 0)
    return;
  space = H5Dget_space (dset);
  n = H5Sget_simple_extent_npoints (space);
  name = attr_string (dset, "name");
  units = attr_string (dset, "units");
  if (n >= 1 && (hsize_t) n <= MAX (expected, 2))
    {
      g_autofree double *v = g_new0 (double, n);
      hid_t type = H5Dget_type (dset);
      gboolean numeric = H5Tget_class (type) == H5T_INTEGER || H5Tget_class (type) == H5T_FLOAT;

      H5Tclose (type);
      if (numeric && H5Dread (dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0)
        isc_image_set_axis (image, axis, v[0], n >= 2 ? v[1] - v[0] : 1.0, units ? units : "", name);
    }
  H5Sclose (space);
  H5Dclose (dset);
}

static void
add_group_attrs (IscImage   *image,
                 hid_t       file,
                 const char *group_name)
{
  hid_t g;
  H5O_info_t info;

  if (H5Lexists (file, group_name, H5P_DEFAULT) <= 0)
    return;
  g = H5Gopen2 (file, group_name, H5P_DEFAULT);
  if (g < 0)
    return;
#if H5_VERSION_GE (1, 12, 0)
  if (H5Oget_info3 (g, &info, H5O_INFO_NUM_ATTRS) >= 0)
#else
  if (H5Oget_info2 (g, &info, H5O_INFO_NUM_ATTRS) >= 0)
#endif
    for (hsize_t i = 0; i < info.num_attrs && i < 200; i++)
      {
        char aname[256] = "";
        g_autofree char *value = NULL;

        if (H5Aget_name_by_idx (g, ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, i, aname, sizeof aname, H5P_DEFAULT) < 0
            && H5Aget_name_by_idx (g, ".", H5_INDEX_NAME, H5_ITER_INC, i, aname, sizeof aname, H5P_DEFAULT) < 0)
          continue;
        value = attr_string (g, aname);
        if (value != NULL)
          {
            g_autofree char *key = g_strconcat (group_name + 1, ".", aname, NULL);
            isc_image_add_meta (image, key, value);
          }
      }
  H5Gclose (g);
}

static IscImage *
read_berkeley (hid_t       file,
               const char *path,
               guint       index,
               guint      *out_count,
               GError    **error)
{
  EmdSearch search = { g_ptr_array_new_with_free_func (g_free), 0 };
  g_autofree float *values = NULL;
  IscImage *image = NULL;
  hid_t group, dset;
  hsize_t dims[8];
  int rank = 0;
  IscImageDtype dtype;
  const char *name;

  H5Lvisit (file, H5_INDEX_NAME, H5_ITER_INC, find_emd_groups, &search);
  if (out_count)
    *out_count = search.groups->len;
  if (index == G_MAXUINT)
    goto out;
  if (search.groups->len == 0)
    {
      isc_image_set_error (error, ISC_ERROR_UNSUPPORTED, path,
                           _ ("HDF5 file is neither a Velox EMD (/Data/Image) nor a Berkeley EMD (no group with emd_group_type = 1)"));
      goto out;
    }
  if (index >= search.groups->len)
    {
      isc_image_set_error (error, ISC_ERROR_ARGUMENT, path, _ ("image %u requested but the file holds %u"), index, search.groups->len);
      goto out;
    }
  name = g_ptr_array_index (search.groups, index);
  group = H5Gopen2 (file, name, H5P_DEFAULT);
  if (group < 0)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("EMD group %s cannot be opened"), name);
      goto out;
    }
  {
    g_autofree char *data_name = NULL;

    if (H5Lexists (group, "data", H5P_DEFAULT) > 0)
      data_name = g_strdup ("data");
    else
      H5Literate (group, H5_INDEX_NAME, H5_ITER_INC, NULL, first_data_name, &data_name);
    dset = data_name ? H5Dopen2 (group, data_name, H5P_DEFAULT) : -1;
  }
  if (dset < 0)
    isc_image_set_error (error, ISC_ERROR_FORMAT, path, _ ("EMD group %s has no readable data"), name);
  else
    {
      values = read_dataset_floats (dset, path, dims, &rank, &dtype, error);
      H5Dclose (dset);
      if (values != NULL)
        image = image_from_rows_cols_frames (values, dims, rank, dtype, path, error);
      if (image != NULL)
        {
          const char *slash = strrchr (name, '/');

          g_free (image->format);
          image->format = g_strdup ("berkeley-emd");
          g_free (image->title);
          image->title = g_strdup (slash ? slash + 1 : name);
          /* dim1 describes axis 0 (rows), dim2 axis 1 (columns), dim3 the frames */
          if (rank == 1)
            apply_dim (image, group, 1, ISC_IMAGE_AXIS_X, dims[0]);
          else
            {
              apply_dim (image, group, 1, ISC_IMAGE_AXIS_Y, dims[0]);
              apply_dim (image, group, 2, ISC_IMAGE_AXIS_X, dims[1]);
              if (rank == 3)
                apply_dim (image, group, 3, ISC_IMAGE_AXIS_FRAME, dims[2]);
            }
          add_group_attrs (image, file, "/microscope");
          add_group_attrs (image, file, "/sample");
          add_group_attrs (image, file, "/user");
          add_group_attrs (image, file, "/comments");
        }
    }
  H5Gclose (group);
out:
  g_ptr_array_unref (search.groups);
  return image;
}

typedef struct
{
  const char *path;
  guint       index;
} EmdRequest;

/* Child side: opens the file, reads image @index (or only counts) and sends it back. */
static gboolean
read_emd_in_child (IscIsolateWriter  *writer,
                   gpointer           user_data,
                   GError           **error)
{
  const EmdRequest *request = user_data;
  g_autoptr(IscImage) image = NULL;
  GError *local = NULL;
  guint count = 0;
  hid_t file;

  quiet_hdf5 ();
  file = H5Fopen (request->path, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0)
    {
      isc_image_set_error (error, ISC_ERROR_FORMAT, request->path,
                           _ ("not a readable HDF5 file (bad superblock or truncated)"));
      return FALSE;
    }
  if (H5Lexists (file, "/Data", H5P_DEFAULT) > 0 && H5Lexists (file, "/Data/Image", H5P_DEFAULT) > 0)
    image = read_velox (file, request->path, request->index, &count, &local);
  else
    image = read_berkeley (file, request->path, request->index, &count, &local);
  H5Fclose (file);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return isc_image_transfer_write (writer, count, image);
}

IscImage *
isc_image_read_emd (const char    *path,
                    guint          index,
                    guint         *out_count,
                    GCancellable  *cancellable,
                    GError       **error)
{
  EmdRequest request = { path, index };
  IscIsolateLimits limits = isc_isolate_limits_for_file (isc_hdf5_file_size (path));
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *base = g_path_get_basename (path);
  GError *local = NULL;
  IscImage *image;

  /* libhdf5 crashes, loops and over-allocates on some damaged files: read in a child process,
   * which the one HDF5 lock keeps from starting while another thread is inside the library. */
  isc_hdf5_lock ();
  /* Image messages name the file by its base name, as isc_image_set_error does. */
  bytes = isc_isolate_run (base, ISC_IMAGE_ERROR, read_emd_in_child, &request, &limits, cancellable, error);
  isc_hdf5_unlock ();
  if (bytes == NULL)
    return NULL;
  image = isc_image_transfer_read (bytes, path, out_count, &local);
  if (image == NULL && local == NULL && index != G_MAXUINT)
    isc_image_set_error (&local, ISC_ERROR_FORMAT, path, _ ("the reader returned a short result"));
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (image != NULL && g_cancellable_set_error_if_cancelled (cancellable, error))
    g_clear_pointer (&image, isc_image_free);
  return image;
}
