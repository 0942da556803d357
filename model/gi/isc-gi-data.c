/* isc-gi-data.c: images, cycler data and any dataset kind through the registry, for
 * introspection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "isc-gi-private.h"

#include "cycling-data.h"
#include "image.h"

/* Images -------------------------------------------------------------------------------------- */

struct _IscGiImage
{
  GObject   parent_instance;
  IscImage *image;
};

G_DEFINE_FINAL_TYPE (IscGiImage, isc_gi_image, G_TYPE_OBJECT)

static void
isc_gi_image_finalize (GObject *object)
{
  g_clear_pointer (&ISC_GI_IMAGE (object)->image, isc_image_unref);
  G_OBJECT_CLASS (isc_gi_image_parent_class)->finalize (object);
}

static void
isc_gi_image_class_init (IscGiImageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isc_gi_image_finalize;
}

static void
isc_gi_image_init (IscGiImage *self)
{
}

/**
 * isc_gi_image_load:
 * @path: (type filename): an image (.dm3, .dm4, .emd, .ser, .tif, .mrc)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the first image of the file (every frame of a series).
 *
 * Returns: (transfer full): the image, or %NULL with @error
 */
IscGiImage *
isc_gi_image_load (const char    *path,
                   GCancellable  *cancellable,
                   GError       **error)
{
  IscImage *image;
  IscGiImage *self;

  g_return_val_if_fail (path != NULL, NULL);

  if ((image = isc_image_load (path, 0, cancellable, NULL, NULL, error)) == NULL)
    return NULL;
  self = g_object_new (ISC_GI_TYPE_IMAGE, NULL);
  self->image = image;
  return self;
}

/**
 * isc_gi_image_get_width:
 * @self: the image
 *
 * Returns: pixels per row
 */
guint
isc_gi_image_get_width (IscGiImage *self)
{
  g_return_val_if_fail (ISC_GI_IS_IMAGE (self), 0);
  return self->image->width;
}

/**
 * isc_gi_image_get_height:
 * @self: the image
 *
 * Returns: rows (row 0 is the top)
 */
guint
isc_gi_image_get_height (IscGiImage *self)
{
  g_return_val_if_fail (ISC_GI_IS_IMAGE (self), 0);
  return self->image->height;
}

/**
 * isc_gi_image_get_frames:
 * @self: the image
 *
 * Returns: frames (1 for a single image)
 */
guint
isc_gi_image_get_frames (IscGiImage *self)
{
  g_return_val_if_fail (ISC_GI_IS_IMAGE (self), 0);
  return self->image->frames;
}

/**
 * isc_gi_image_get_dtype:
 * @self: the image
 *
 * Returns: the stored type, as numpy names it ("uint16", "float32", …); the pixels are
 *   float32 whatever it is
 */
const char *
isc_gi_image_get_dtype (IscGiImage *self)
{
  g_return_val_if_fail (ISC_GI_IS_IMAGE (self), NULL);
  return isc_image_dtype_name (self->image->dtype);
}

/**
 * isc_gi_image_get_format:
 * @self: the image
 *
 * Returns: (nullable): the reader: "tiff", "dm3", "velox-emd", …
 */
const char *
isc_gi_image_get_format (IscGiImage *self)
{
  g_return_val_if_fail (ISC_GI_IS_IMAGE (self), NULL);
  return self->image->format;
}

/**
 * isc_gi_image_get_title:
 * @self: the image
 *
 * Returns: (nullable): the title the file gives
 */
const char *
isc_gi_image_get_title (IscGiImage *self)
{
  g_return_val_if_fail (ISC_GI_IS_IMAGE (self), NULL);
  return self->image->title;
}

/**
 * isc_gi_image_get_pixels:
 * @self: the image
 *
 * The image's own float32 pixels, frames × height × width with x fastest (numpy shape
 * (frames, height, width)), not a copy: the bytes hold a reference on the image.
 *
 * Returns: (transfer full): the pixels
 */
GBytes *
isc_gi_image_get_pixels (IscGiImage *self)
{
  const IscImage *image;

  g_return_val_if_fail (ISC_GI_IS_IMAGE (self), NULL);

  image = self->image;
  return g_bytes_new_with_free_func (image->pixels,
                                     (gsize) image->width * image->height * image->frames * sizeof (float),
                                     (GDestroyNotify) isc_image_unref, isc_image_ref (self->image));
}

static const IscAxisCalibration *
image_axis (IscGiImage *self,
            guint       axis)
{
  return &self->image->axis[MIN (axis, (guint) ISC_IMAGE_AXIS_FRAME)];
}

/**
 * isc_gi_image_get_axis_origin:
 * @self: the image
 * @axis: 0 for x, 1 for y, 2 for frames
 *
 * The calibrated coordinate of pixel i is origin + i × scale.
 *
 * Returns: the coordinate of pixel 0, in the axis unit
 */
double
isc_gi_image_get_axis_origin (IscGiImage *self,
                              guint       axis)
{
  g_return_val_if_fail (ISC_GI_IS_IMAGE (self), NAN);
  return image_axis (self, axis)->origin;
}

/**
 * isc_gi_image_get_axis_scale:
 * @self: the image
 * @axis: 0 for x, 1 for y, 2 for frames
 *
 * Returns: the size of a pixel, in the axis unit
 */
double
isc_gi_image_get_axis_scale (IscGiImage *self,
                             guint       axis)
{
  g_return_val_if_fail (ISC_GI_IS_IMAGE (self), NAN);
  return image_axis (self, axis)->scale;
}

/**
 * isc_gi_image_get_axis_unit:
 * @self: the image
 * @axis: 0 for x, 1 for y, 2 for frames
 *
 * Returns: "nm" for lengths, "1/nm" for reciprocal lengths, else as stored ("" uncalibrated)
 */
const char *
isc_gi_image_get_axis_unit (IscGiImage *self,
                            guint       axis)
{
  g_return_val_if_fail (ISC_GI_IS_IMAGE (self), NULL);
  return image_axis (self, axis)->unit;
}

/**
 * isc_gi_image_get_intensity_offset:
 * @self: the image
 *
 * Calibrated intensity = offset + scale × pixel.
 *
 * Returns: the offset
 */
double
isc_gi_image_get_intensity_offset (IscGiImage *self)
{
  g_return_val_if_fail (ISC_GI_IS_IMAGE (self), NAN);
  return self->image->intensity.offset;
}

/**
 * isc_gi_image_get_intensity_scale:
 * @self: the image
 *
 * Returns: the scale of the intensity calibration
 */
double
isc_gi_image_get_intensity_scale (IscGiImage *self)
{
  g_return_val_if_fail (ISC_GI_IS_IMAGE (self), NAN);
  return self->image->intensity.scale;
}

/**
 * isc_gi_image_get_intensity_unit:
 * @self: the image
 *
 * Returns: the intensity unit ("" when uncalibrated)
 */
const char *
isc_gi_image_get_intensity_unit (IscGiImage *self)
{
  g_return_val_if_fail (ISC_GI_IS_IMAGE (self), NULL);
  return self->image->intensity.unit;
}

/**
 * isc_gi_image_list_metadata:
 * @self: the image
 *
 * Returns: (transfer full) (array zero-terminated=1): the metadata keys, in file order
 */
char **
isc_gi_image_list_metadata (IscGiImage *self)
{
  GPtrArray *keys;
  char **out;

  g_return_val_if_fail (ISC_GI_IS_IMAGE (self), NULL);

  keys = self->image->meta_keys;
  out = g_new0 (char *, (keys != NULL ? keys->len : 0) + 1);
  for (guint i = 0; keys != NULL && i < keys->len; i++)
    out[i] = g_strdup (g_ptr_array_index (keys, i));
  return out;
}

/**
 * isc_gi_image_get_metadata:
 * @self: the image
 * @key: a key of isc_gi_image_list_metadata ()
 *
 * Returns: (nullable): its value
 */
const char *
isc_gi_image_get_metadata (IscGiImage *self,
                           const char *key)
{
  g_return_val_if_fail (ISC_GI_IS_IMAGE (self), NULL);
  return isc_image_get_meta (self->image, key);
}

/* Cycler data --------------------------------------------------------------------------------- */

struct _IscGiCyclerData
{
  GObject         parent_instance;
  IscCyclingData *data;
};

G_DEFINE_FINAL_TYPE (IscGiCyclerData, isc_gi_cycler_data, G_TYPE_OBJECT)

static void
isc_gi_cycler_data_finalize (GObject *object)
{
  g_clear_pointer (&ISC_GI_CYCLER_DATA (object)->data, isc_cycling_data_free);
  G_OBJECT_CLASS (isc_gi_cycler_data_parent_class)->finalize (object);
}

static void
isc_gi_cycler_data_class_init (IscGiCyclerDataClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isc_gi_cycler_data_finalize;
}

static void
isc_gi_cycler_data_init (IscGiCyclerData *self)
{
}

/**
 * isc_gi_cycler_data_load:
 * @path: (type filename): cycler data (BioLogic .mpt/.mpr, Arbin, Neware, Maccor, CSV)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the records, or %NULL with @error
 */
IscGiCyclerData *
isc_gi_cycler_data_load (const char    *path,
                         GCancellable  *cancellable,
                         GError       **error)
{
  IscCyclingData *data;
  IscGiCyclerData *self;

  g_return_val_if_fail (path != NULL, NULL);

  if ((data = isc_cycling_load (path, ISC_CYCLER_AUTO, cancellable, error)) == NULL)
    return NULL;
  self = g_object_new (ISC_GI_TYPE_CYCLER_DATA, NULL);
  self->data = data;
  return self;
}

/**
 * isc_gi_cycler_data_get_n_records:
 * @self: the data
 *
 * Returns: the records, in time order
 */
guint
isc_gi_cycler_data_get_n_records (IscGiCyclerData *self)
{
  g_return_val_if_fail (ISC_GI_IS_CYCLER_DATA (self), 0);
  return self->data->records->len;
}

/**
 * isc_gi_cycler_data_get_format:
 * @self: the data
 *
 * Returns: the format that was read
 */
const char *
isc_gi_cycler_data_get_format (IscGiCyclerData *self)
{
  g_return_val_if_fail (ISC_GI_IS_CYCLER_DATA (self), NULL);
  return isc_cycler_format_to_string (self->data->format);
}

/**
 * isc_gi_cycler_data_get_active_mass_g:
 * @self: the data
 *
 * Returns: the active mass the file states, g, or NaN
 */
double
isc_gi_cycler_data_get_active_mass_g (IscGiCyclerData *self)
{
  g_return_val_if_fail (ISC_GI_IS_CYCLER_DATA (self), NAN);
  return self->data->active_mass_g;
}

/**
 * isc_gi_cycler_data_get_column:
 * @self: the data
 * @name: "time_s", "voltage_v", "current_ma" (positive = charge), "charge_mah",
 *   "discharge_mah" (passed so far in the cycle), "cycle" or "step"
 * @error: return location for a #GError
 *
 * One value per record: float64, but int32 for "cycle" and "step" (-1: no step). A copy
 * (the records are stored row by row).
 *
 * Returns: (transfer full): the column, or %NULL with @error for an unknown name
 */
GBytes *
isc_gi_cycler_data_get_column (IscGiCyclerData  *self,
                               const char       *name,
                               GError          **error)
{
  static const struct { const char *name; gsize offset; gboolean is_int; } columns[] = {
    { "time_s", G_STRUCT_OFFSET (IscCyclingRecord, time_s), FALSE },
    { "voltage_v", G_STRUCT_OFFSET (IscCyclingRecord, voltage_v), FALSE },
    { "current_ma", G_STRUCT_OFFSET (IscCyclingRecord, current_ma), FALSE },
    { "charge_mah", G_STRUCT_OFFSET (IscCyclingRecord, charge_mah), FALSE },
    { "discharge_mah", G_STRUCT_OFFSET (IscCyclingRecord, discharge_mah), FALSE },
    { "cycle", G_STRUCT_OFFSET (IscCyclingRecord, cycle), TRUE },
    { "step", G_STRUCT_OFFSET (IscCyclingRecord, step), TRUE },
  };
  GArray *records;

  g_return_val_if_fail (ISC_GI_IS_CYCLER_DATA (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  records = self->data->records;
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    if (strcmp (columns[c].name, name) == 0)
      {
        gsize size = columns[c].is_int ? sizeof (gint32) : sizeof (double);
        guint8 *out = g_malloc (MAX (records->len, 1) * size);

        for (guint i = 0; i < records->len; i++)
          memcpy (out + i * size, (const guint8 *) &g_array_index (records, IscCyclingRecord, i)
                  + columns[c].offset, size);
        return g_bytes_new_take (out, records->len * size);
      }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "cycler data: no column “%s” (time_s, voltage_v, current_ma, charge_mah, "
               "discharge_mah, cycle, step)", name);
  return NULL;
}

/* Datasets of any kind ------------------------------------------------------------------------ */

struct _IscGiDataset
{
  GObject         parent_instance;
  IscDatasetKind  kind;
  char           *path;
  char           *range_path;
};

G_DEFINE_FINAL_TYPE (IscGiDataset, isc_gi_dataset, G_TYPE_OBJECT)

static void
isc_gi_dataset_finalize (GObject *object)
{
  IscGiDataset *self = ISC_GI_DATASET (object);

  g_free (self->path);
  g_free (self->range_path);
  G_OBJECT_CLASS (isc_gi_dataset_parent_class)->finalize (object);
}

static void
isc_gi_dataset_class_init (IscGiDatasetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isc_gi_dataset_finalize;
}

static void
isc_gi_dataset_init (IscGiDataset *self)
{
}

IscGiDataset *
_isc_gi_dataset_new (IscDatasetKind  kind,
                     const char     *path,
                     const char     *range_path)
{
  IscGiDataset *self = g_object_new (ISC_GI_TYPE_DATASET, NULL);

  self->kind = kind;
  self->path = g_strdup (path);
  self->range_path = g_strdup (range_path);
  return self;
}

/**
 * isc_gi_dataset_new_for_path:
 * @path: (type filename): a data file of any kind Ionscape reads
 * @error: return location for a #GError
 *
 * Recognises the kind of @path (suffix, then the first bytes) as opening it in Ionscape does.
 *
 * Returns: (transfer full): the dataset, or %NULL with @error when no kind reads it
 */
IscGiDataset *
isc_gi_dataset_new_for_path (const char  *path,
                             GError     **error)
{
  IscDatasetKind kind;

  g_return_val_if_fail (path != NULL, NULL);

  if (!isc_dataset_kind_guess (path, &kind))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "%s: not a kind of data Ionscape reads (unknown suffix or content)", path);
      return NULL;
    }
  return _isc_gi_dataset_new (kind, path, NULL);
}

/**
 * isc_gi_dataset_get_kind:
 * @self: the dataset
 *
 * Returns: the kind's id as the project file stores it: "apt", "ranges", "stem", "cycler",
 *   "eis", "xrd"
 */
const char *
isc_gi_dataset_get_kind (IscGiDataset *self)
{
  g_return_val_if_fail (ISC_GI_IS_DATASET (self), NULL);
  return isc_dataset_kind_to_string (self->kind);
}

/**
 * isc_gi_dataset_get_path:
 * @self: the dataset
 *
 * Returns: (type filename): its file
 */
const char *
isc_gi_dataset_get_path (IscGiDataset *self)
{
  g_return_val_if_fail (ISC_GI_IS_DATASET (self), NULL);
  return self->path;
}

/**
 * isc_gi_dataset_get_range_path:
 * @self: the dataset
 *
 * Returns: (type filename) (nullable): the range file a project pairs with APT data
 */
const char *
isc_gi_dataset_get_range_path (IscGiDataset *self)
{
  g_return_val_if_fail (ISC_GI_IS_DATASET (self), NULL);
  return self->range_path;
}

/**
 * isc_gi_dataset_load:
 * @self: the dataset
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the file with its kind's reader: an #IscGiAptData, #IscGiRanges, #IscGiImage or
 * #IscGiCyclerData. Kinds without a Python type yet (impedance, XRD) fail with
 * %G_IO_ERROR_NOT_SUPPORTED: read them with `ionscape-cli info --json`.
 *
 * Returns: (transfer full): the data, or %NULL with @error
 */
GObject *
isc_gi_dataset_load (IscGiDataset  *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_return_val_if_fail (ISC_GI_IS_DATASET (self), NULL);

  switch (self->kind)
    {
    case ISC_DATASET_APT:
      return G_OBJECT (isc_gi_apt_data_load (self->path, cancellable, error));
    case ISC_DATASET_RANGES:
      return G_OBJECT (isc_gi_ranges_load (self->path, error));
    case ISC_DATASET_STEM:
      return G_OBJECT (isc_gi_image_load (self->path, cancellable, error));
    case ISC_DATASET_CYCLER:
      return G_OBJECT (isc_gi_cycler_data_load (self->path, cancellable, error));
    case ISC_DATASET_EIS:
    case ISC_DATASET_XRD:
    case ISC_DATASET_N_KINDS:
    default:
      break;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               "%s: %s data has no Python type yet (ionscape-cli info --json summarises it)",
               self->path, isc_dataset_kind_to_string (self->kind));
  return NULL;
}

/**
 * isc_gi_dataset_load_ranges:
 * @self: the dataset
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the ranges of isc_gi_dataset_get_range_path (), or %NULL with
 *   @error (also when the dataset has none)
 */
IscGiRanges *
isc_gi_dataset_load_ranges (IscGiDataset  *self,
                            GError       **error)
{
  g_return_val_if_fail (ISC_GI_IS_DATASET (self), NULL);

  if (self->range_path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: no range file is set", self->path);
      return NULL;
    }
  return isc_gi_ranges_load (self->range_path, error);
}

/**
 * isc_gi_dataset_summarize:
 * @self: the dataset
 * @error: return location for a #GError
 *
 * The registry's summary of the file, for the kinds that have one (impedance spectra, XRD):
 * the JSON of `ionscape-cli info --json`. Other kinds fail with %G_IO_ERROR_NOT_SUPPORTED:
 * isc_gi_dataset_load () reads them.
 *
 * Returns: (transfer full): JSON text for json.loads (), or %NULL with @error
 */
char *
isc_gi_dataset_summarize (IscGiDataset  *self,
                          GError       **error)
{
  const IscDatasetKindInfo *info;
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (ISC_GI_IS_DATASET (self), NULL);

  info = isc_dataset_kind_get_info (self->kind);
  if (info->summarize == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "%s: %s data has no summary here: load () reads it", self->path, info->id);
      return NULL;
    }
  if ((node = info->summarize (self->path, error)) == NULL)
    return NULL;
  return json_to_string (node, TRUE);
}

/**
 * isc_gi_load:
 * @path: (type filename): a data file of any kind Ionscape reads
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * isc_gi_dataset_new_for_path () and isc_gi_dataset_load () in one: `Ionscape.load (path)`.
 *
 * Returns: (transfer full): the data, or %NULL with @error
 */
GObject *
isc_gi_load (const char    *path,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(IscGiDataset) dataset = isc_gi_dataset_new_for_path (path, error);

  return dataset != NULL ? isc_gi_dataset_load (dataset, cancellable, error) : NULL;
}
