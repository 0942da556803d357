/* image.c: the calibrated image, unit conversion and the reader dispatch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <glib/gi18n.h>

#include <unistd.h>

#include "isc-regular-file.h"
#include "image-readers.h"
#include "image.h"

const char *
isc_image_dtype_name (IscImageDtype dtype)
{
  static const char *names[] = {
    "uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64",
    "float16", "float32", "float64", "complex64", "complex128", "rgba8", "bool",
  };

  if ((guint) dtype < G_N_ELEMENTS (names))
    return names[dtype];
  return "unknown";
}

guint
isc_image_dtype_size (IscImageDtype dtype)
{
  switch (dtype)
    {
    case ISC_IMAGE_DTYPE_U8: case ISC_IMAGE_DTYPE_I8: case ISC_IMAGE_DTYPE_BOOL:
      return 1;
    case ISC_IMAGE_DTYPE_U16: case ISC_IMAGE_DTYPE_I16: case ISC_IMAGE_DTYPE_F16:
      return 2;
    case ISC_IMAGE_DTYPE_U32: case ISC_IMAGE_DTYPE_I32: case ISC_IMAGE_DTYPE_F32:
    case ISC_IMAGE_DTYPE_RGBA8:
      return 4;
    case ISC_IMAGE_DTYPE_U64: case ISC_IMAGE_DTYPE_I64: case ISC_IMAGE_DTYPE_F64:
    case ISC_IMAGE_DTYPE_C64:
      return 8;
    case ISC_IMAGE_DTYPE_C128:
      return 16;
    default:
      return 0;
    }
}

void
isc_image_set_error (GError     **error,
                     int          code,
                     const char  *path,
                     const char  *format,
                     ...)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, ISC_IMAGE_ERROR, code, "%s: %s", base, message);
}

IscImage *
isc_image_new (guint          width,
               guint          height,
               guint          frames,
               IscImageDtype  dtype,
               GError       **error)
{
  IscImage *image;
  guint64 n = (guint64) width * height * frames;

  if (width == 0 || height == 0 || frames == 0 || n > G_MAXSIZE / sizeof (float)
      || n > (guint64) 1 << 33)
    {
      g_set_error (error, ISC_IMAGE_ERROR, ISC_ERROR_FORMAT,
                   _ ("image size %u × %u × %u is not plausible"), width, height, frames);
      return NULL;
    }

  image = g_new0 (IscImage, 1);
  g_atomic_ref_count_init (&image->ref_count);
  image->pixels = g_try_malloc0 (n * sizeof (float));
  if (image->pixels == NULL)
    {
      g_free (image);
      g_set_error (error, ISC_IMAGE_ERROR, ISC_ERROR_IO,
                   _ ("not enough memory for %u × %u × %u pixels"), width, height, frames);
      return NULL;
    }
  image->width = width;
  image->height = height;
  image->frames = frames;
  image->dtype = dtype;
  for (guint a = 0; a < 3; a++)
    {
      image->axis[a].scale = 1.0;
      image->axis[a].unit = g_strdup ("");
    }
  image->intensity.scale = 1.0;
  image->intensity.unit = g_strdup ("");
  image->format = g_strdup ("");
  image->title = g_strdup ("");
  image->meta_keys = g_ptr_array_new_with_free_func (g_free);
  image->meta_values = g_ptr_array_new_with_free_func (g_free);
  return image;
}

IscImage *
isc_image_new_for_file (const char    *path,
                        guint          width,
                        guint          height,
                        guint          frames,
                        IscImageDtype  dtype,
                        GError       **error)
{
  GError *local = NULL;
  IscImage *image = isc_image_new (width, height, frames, dtype, &local);

  if (image == NULL)
    {
      isc_image_set_error (error, local->code, path, "%s", local->message);
      g_error_free (local);
    }
  return image;
}

G_DEFINE_BOXED_TYPE (IscImage, isc_image, isc_image_ref, isc_image_unref)

IscImage *
isc_image_ref (IscImage *image)
{
  g_return_val_if_fail (image != NULL, NULL);
  g_atomic_ref_count_inc (&image->ref_count);
  return image;
}

void
isc_image_free (IscImage *image)
{
  isc_image_unref (image);
}

void
isc_image_unref (IscImage *image)
{
  if (image == NULL || !g_atomic_ref_count_dec (&image->ref_count))
    return;
  g_free (image->pixels);
  for (guint a = 0; a < 3; a++)
    {
      g_free (image->axis[a].unit);
      g_free (image->axis[a].name);
    }
  g_free (image->intensity.unit);
  g_free (image->format);
  g_free (image->title);
  g_ptr_array_unref (image->meta_keys);
  g_ptr_array_unref (image->meta_values);
  g_free (image);
}

float *
isc_image_frame (IscImage *image,
                 guint     frame)
{
  g_return_val_if_fail (image != NULL && frame < image->frames, NULL);
  return image->pixels + (gsize) frame * image->width * image->height;
}

const float *
isc_image_frame_const (const IscImage *image,
                       guint           frame)
{
  g_return_val_if_fail (image != NULL && frame < image->frames, NULL);
  return image->pixels + (gsize) frame * image->width * image->height;
}

/* Strips MATLAB-era decorations: "[n_m]" and "n_m" both mean "nm". */
static char *
clean_unit (const char *unit)
{
  GString *s = g_string_new (NULL);
  gboolean underscored;

  for (const char *p = unit; *p != '\0'; p++)
    if (*p != '[' && *p != ']')
      g_string_append_c (s, *p);
  g_strstrip (s->str);
  g_string_set_size (s, strlen (s->str));
  /* "n_m": every other character an underscore */
  underscored = s->len >= 3 && s->len % 2 == 1;
  for (gsize i = 1; i < s->len && underscored; i += 2)
    if (s->str[i] != '_')
      underscored = FALSE;
  if (underscored)
    {
      gsize j = 0;
      for (gsize i = 0; i < s->len; i += 2)
        s->str[j++] = s->str[i];
      g_string_set_size (s, j);
    }
  return g_string_free (s, FALSE);
}

static gboolean
length_factor (const char *unit,
               double     *factor)
{
  static const struct { const char *name; double nm; } lengths[] = {
    { "m", 1e9 }, { "meter", 1e9 }, { "metre", 1e9 }, { "cm", 1e7 }, { "mm", 1e6 },
    { "µm", 1e3 }, { "μm", 1e3 }, { "um", 1e3 }, { "micron", 1e3 }, { "microns", 1e3 },
    { "\\u00B5m", 1e3 }, { "nm", 1.0 }, { "Å", 0.1 }, { "A", 0.1 }, { "angstrom", 0.1 },
    { "Angstrom", 0.1 }, { "pm", 1e-3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    if (g_str_equal (unit, lengths[i].name))
      {
        *factor = lengths[i].nm;
        return TRUE;
      }
  return FALSE;
}

gboolean
isc_unit_to_nm (const char  *unit,
                double      *factor,
                const char **out_unit)
{
  g_autofree char *clean = NULL;
  double f;

  g_return_val_if_fail (unit != NULL && factor != NULL, FALSE);
  clean = clean_unit (unit);
  if (length_factor (clean, &f))
    {
      *factor = f;
      if (out_unit)
        *out_unit = "nm";
      return TRUE;
    }
  if (g_str_has_prefix (clean, "1/") && length_factor (clean + 2, &f))
    {
      *factor = 1.0 / f;
      if (out_unit)
        *out_unit = "1/nm";
      return TRUE;
    }
  return FALSE;
}

void
isc_image_set_axis (IscImage   *image,
                    guint       axis,
                    double      origin,
                    double      scale,
                    const char *unit,
                    const char *name)
{
  IscAxisCalibration *cal;
  const char *nm_unit = NULL;
  double factor = 1.0;

  g_return_if_fail (image != NULL && axis < 3);
  cal = &image->axis[axis];
  if (unit == NULL)
    unit = "";
  if (!isfinite (scale) || scale == 0.0)
    {
      /* a zero or broken scale would make every distance meaningless: treat as uncalibrated */
      scale = 1.0;
      origin = 0.0;
      unit = "";
    }
  if (!isfinite (origin))
    origin = 0.0;
  g_free (cal->unit);
  if (isc_unit_to_nm (unit, &factor, &nm_unit))
    cal->unit = g_strdup (nm_unit);
  else
    cal->unit = clean_unit (unit);
  cal->origin = origin * factor;
  cal->scale = scale * factor;
  g_free (cal->name);
  cal->name = g_strdup (name);
}

void
isc_image_add_meta (IscImage   *image,
                    const char *key,
                    const char *value)
{
  g_return_if_fail (image != NULL && key != NULL);
  g_ptr_array_add (image->meta_keys, g_strdup (key));
  g_ptr_array_add (image->meta_values, g_strdup (value ? value : ""));
}

const char *
isc_image_get_meta (const IscImage *image,
                    const char     *key)
{
  g_return_val_if_fail (image != NULL && key != NULL, NULL);
  for (guint i = 0; i < image->meta_keys->len; i++)
    if (g_str_equal (g_ptr_array_index (image->meta_keys, i), key))
      return g_ptr_array_index (image->meta_values, i);
  return NULL;
}

void
isc_image_stats (const IscImage *image,
                 guint           frame,
                 double         *out_min,
                 double         *out_max,
                 double         *out_mean)
{
  const float *p;
  gsize n;
  double lo = INFINITY, hi = -INFINITY, sum = 0.0;
  gsize count = 0;

  g_return_if_fail (image != NULL);
  if (frame == G_MAXUINT)
    {
      p = image->pixels;
      n = (gsize) image->width * image->height * image->frames;
    }
  else
    {
      g_return_if_fail (frame < image->frames);
      p = isc_image_frame_const (image, frame);
      n = (gsize) image->width * image->height;
    }
  for (gsize i = 0; i < n; i++)
    {
      double v = p[i];

      if (isnan (v))
        continue;
      lo = MIN (lo, v);
      hi = MAX (hi, v);
      sum += v;
      count++;
    }
  if (count == 0)
    lo = hi = NAN;
  if (out_min)
    *out_min = lo;
  if (out_max)
    *out_max = hi;
  if (out_mean)
    *out_mean = count ? sum / count : NAN;
}

static float
half_to_float (guint16 h)
{
  int exponent = (h >> 10) & 0x1f;
  int mantissa = h & 0x3ff;
  double v;

  if (exponent == 0)
    v = ldexp (mantissa, -24);
  else if (exponent == 31)
    v = mantissa ? NAN : INFINITY;
  else
    v = ldexp (mantissa + 1024, exponent - 25);
  return (h & 0x8000) ? -v : v;
}

void
isc_image_convert (const guint8  *src,
                   IscImageDtype  dtype,
                   gboolean       big_endian,
                   gsize          n,
                   float         *dst)
{
  guint size = isc_image_dtype_size (dtype);
  gboolean swap = big_endian != (G_BYTE_ORDER == G_BIG_ENDIAN);
  guint part = (dtype == ISC_IMAGE_DTYPE_C64 || dtype == ISC_IMAGE_DTYPE_C128) ? size / 2 : size;

  /* fast paths for the common types in host byte order (memcpy: src may be unaligned) */
#define CONVERT_LOOP(ctype)                         \
  for (gsize i = 0; i < n; i++)                     \
    {                                               \
      ctype v;                                      \
      memcpy (&v, src + i * sizeof (ctype), sizeof (ctype)); \
      dst[i] = (float) v;                           \
    }                                               \
  return
  if (!swap)
    switch (dtype)
      {
      case ISC_IMAGE_DTYPE_U8:  CONVERT_LOOP (guint8);
      case ISC_IMAGE_DTYPE_I8:  CONVERT_LOOP (gint8);
      case ISC_IMAGE_DTYPE_U16: CONVERT_LOOP (guint16);
      case ISC_IMAGE_DTYPE_I16: CONVERT_LOOP (gint16);
      case ISC_IMAGE_DTYPE_U32: CONVERT_LOOP (guint32);
      case ISC_IMAGE_DTYPE_I32: CONVERT_LOOP (gint32);
      case ISC_IMAGE_DTYPE_F32: CONVERT_LOOP (float);
      case ISC_IMAGE_DTYPE_F64: CONVERT_LOOP (double);
      default: break;
      }
#undef CONVERT_LOOP

  for (gsize i = 0; i < n; i++)
    {
      guint8 b[16];
      const guint8 *e = src + i * size;

      memcpy (b, e, size);
      if (swap && dtype != ISC_IMAGE_DTYPE_RGBA8)
        for (guint off = 0; off < size; off += part)
          for (guint k = 0; k < part / 2; k++)
            {
              guint8 t = b[off + k];
              b[off + k] = b[off + part - 1 - k];
              b[off + part - 1 - k] = t;
            }
      switch (dtype)
        {
        case ISC_IMAGE_DTYPE_U8:   dst[i] = b[0]; break;
        case ISC_IMAGE_DTYPE_BOOL: dst[i] = b[0] != 0; break;
        case ISC_IMAGE_DTYPE_I8:   dst[i] = (gint8) b[0]; break;
        case ISC_IMAGE_DTYPE_U16:  { guint16 v; memcpy (&v, b, 2); dst[i] = v; } break;
        case ISC_IMAGE_DTYPE_I16:  { gint16 v; memcpy (&v, b, 2); dst[i] = v; } break;
        case ISC_IMAGE_DTYPE_F16:  { guint16 v; memcpy (&v, b, 2); dst[i] = half_to_float (v); } break;
        case ISC_IMAGE_DTYPE_U32:  { guint32 v; memcpy (&v, b, 4); dst[i] = v; } break;
        case ISC_IMAGE_DTYPE_I32:  { gint32 v; memcpy (&v, b, 4); dst[i] = v; } break;
        case ISC_IMAGE_DTYPE_F32:  { float v; memcpy (&v, b, 4); dst[i] = v; } break;
        case ISC_IMAGE_DTYPE_U64:  { guint64 v; memcpy (&v, b, 8); dst[i] = v; } break;
        case ISC_IMAGE_DTYPE_I64:  { gint64 v; memcpy (&v, b, 8); dst[i] = v; } break;
        case ISC_IMAGE_DTYPE_F64:  { double v; memcpy (&v, b, 8); dst[i] = v; } break;
        case ISC_IMAGE_DTYPE_C64:  { float v[2]; memcpy (v, b, 8); dst[i] = hypotf (v[0], v[1]); } break;
        case ISC_IMAGE_DTYPE_C128: { double v[2]; memcpy (v, b, 16); dst[i] = hypot (v[0], v[1]); } break;
        case ISC_IMAGE_DTYPE_RGBA8:
          /* DM stores B, G, R, A */
          dst[i] = 0.0722f * b[0] + 0.7152f * b[1] + 0.2126f * b[2];
          break;
        default:
          dst[i] = NAN;
        }
    }
}

void
isc_image_flip_rows (IscImage *image)
{
  gsize row = image->width * sizeof (float);
  g_autofree float *tmp = g_malloc (row);

  for (guint f = 0; f < image->frames; f++)
    {
      float *p = isc_image_frame (image, f);

      for (guint y = 0; y < image->height / 2; y++)
        {
          float *a = p + (gsize) y * image->width;
          float *b = p + (gsize) (image->height - 1 - y) * image->width;

          memcpy (tmp, a, row);
          memcpy (a, b, row);
          memcpy (b, tmp, row);
        }
    }
}

GMappedFile *
isc_image_map_file (const char  *path,
                    GError     **error)
{
  g_autoptr(GError) local = NULL;
  GMappedFile *mapped;
  int fd = isc_regular_file_open (path, ISC_IMAGE_ERROR, NULL, error);

  if (fd < 0)
    return NULL;
  mapped = g_mapped_file_new_from_fd (fd, FALSE, &local);
  close (fd);   /* the mapping outlives the descriptor */
  if (mapped == NULL)
    isc_image_set_error (error, ISC_ERROR_IO, path, _ ("cannot open the file: %s"), local->message);
  return mapped;
}

/* Picks the reader from the first bytes, then from the name. */
static IscImageReadFunc
choose_reader (const char  *path,
               GError     **error)
{
  guint8 head[16] = { 0 };
  g_autofree char *lower = g_ascii_strdown (path, -1);
  gsize got = 0;

  if (!isc_regular_file_read_head (path, ISC_IMAGE_ERROR, head, sizeof head, &got, error))
    return NULL;

  if (got >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0)
                   || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42)
                   || (head[0] == 'I' && head[1] == 'I' && head[2] == 43 && head[3] == 0)
                   || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 43)))
    return isc_image_read_tiff;
  if (got >= 8 && memcmp (head, "\x89HDF\r\n\x1a\n", 8) == 0)
    return isc_image_read_emd;
  if (got >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0 && (head[3] == 3 || head[3] == 4))
    return isc_image_read_dm;
  if (got >= 4 && head[0] == 0x49 && head[1] == 0x49 && head[2] == 0x97 && head[3] == 0x01)
    return isc_image_read_ser;
  if (g_str_has_suffix (lower, ".emi"))
    return isc_image_read_ser;
  if (g_str_has_suffix (lower, ".mrc") || g_str_has_suffix (lower, ".mrcs")
      || g_str_has_suffix (lower, ".rec") || g_str_has_suffix (lower, ".ali"))
    return isc_image_read_mrc;

  if (g_str_has_suffix (lower, ".tif") || g_str_has_suffix (lower, ".tiff")
      || g_str_has_suffix (lower, ".dm3") || g_str_has_suffix (lower, ".dm4")
      || g_str_has_suffix (lower, ".emd") || g_str_has_suffix (lower, ".h5")
      || g_str_has_suffix (lower, ".ser"))
    isc_image_set_error (error, ISC_ERROR_FORMAT, path,
                         _ ("the first bytes do not match the format its name promises"));
  else
    isc_image_set_error (error, ISC_ERROR_UNSUPPORTED, path,
                         _ ("not a recognised image format (TIFF, DM3/DM4, EMD, SER/EMI, MRC)"));
  return NULL;
}

guint
isc_image_count_in_file (const char  *path,
                         GError     **error)
{
  IscImageReadFunc reader;
  guint count = 0;
  GError *local = NULL;

  g_return_val_if_fail (path != NULL, 0);
  reader = choose_reader (path, error);
  if (reader == NULL)
    return 0;
  reader (path, G_MAXUINT, &count, NULL, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return 0;
    }
  return count;
}

IscImage *
isc_image_load (const char      *path,
                guint            index,
                GCancellable    *cancellable,
                IscProgressFunc  progress,
                gpointer         progress_data,
                GError         **error)
{
  IscImageReadFunc reader;
  IscImage *image;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (index != G_MAXUINT, NULL);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (progress)
    progress (0.0, progress_data);
  reader = choose_reader (path, error);
  if (reader == NULL)
    return NULL;
  image = reader (path, index, NULL, cancellable, error);
  if (image != NULL && progress)
    progress (1.0, progress_data);
  return image;
}

typedef struct
{
  char  *path;
  guint  index;
} LoadTaskData;

static void
load_task_data_free (gpointer p)
{
  LoadTaskData *data = p;

  g_free (data->path);
  g_free (data);
}

static void
load_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LoadTaskData *data = task_data;
  GError *error = NULL;
  IscImage *image;

  (void) source;
  image = isc_image_load (data->path, data->index, cancellable, NULL, NULL, &error);
  if (image == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, image, (GDestroyNotify) isc_image_free);
}

void
isc_image_load_async (const char          *path,
                      guint                index,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadTaskData *data;

  g_return_if_fail (path != NULL);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, isc_image_load_async);
  data = g_new0 (LoadTaskData, 1);
  data->path = g_strdup (path);
  data->index = index;
  g_task_set_task_data (task, data, load_task_data_free);
  g_task_run_in_thread (task, load_in_thread);
}

IscImage *
isc_image_load_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
