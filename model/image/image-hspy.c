/* image-hspy.c: images written as HyperSpy 3.1 HDF5 (see the header).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "image-hspy.h"

#include <string.h>

#include "isc-error.h"
#include "isc-hdf5-write.h"
#include "isc-hdf5.h"

/* One axis group: HyperSpy's DataAxis attributes. */
static gboolean
write_axis (hid_t       experiment,
            guint       index,
            const char *name,
            const char *units,
            double      scale,
            double      offset,
            guint       size,
            gboolean    navigate)
{
  g_autofree char *group_name = g_strdup_printf ("axis-%u", index);
  hid_t axis = isc_hdf5_make_group (experiment, group_name, NULL);
  gboolean ok;

  if (axis < 0)
    return FALSE;
  ok = isc_hdf5_set_string_attr (axis, "name", name)
       && isc_hdf5_set_string_attr (axis, "units", units)
       && isc_hdf5_set_double_attr (axis, "scale", scale)
       && isc_hdf5_set_double_attr (axis, "offset", offset)
       && isc_hdf5_set_int_attr (axis, "size", size)
       && isc_hdf5_set_bool_attr (axis, "navigate", navigate)
       && isc_hdf5_set_bool_attr (axis, "is_binned", FALSE);
  H5Gclose (axis);
  return ok;
}

static gboolean
write_metadata (hid_t           experiment,
                const IscImage *image,
                const char     *title)
{
  hid_t metadata = isc_hdf5_make_group (experiment, "metadata", NULL);
  hid_t general = -1, signal = -1, original = -1;
  gboolean ok = FALSE;

  if (metadata < 0)
    return FALSE;
  general = isc_hdf5_make_group (metadata, "General", NULL);
  signal = isc_hdf5_make_group (metadata, "Signal", NULL);
  original = isc_hdf5_make_group (experiment, "original_metadata", NULL);
  if (general >= 0 && signal >= 0 && original >= 0)
    {
      ok = isc_hdf5_set_string_attr (general, "title", title)
           && isc_hdf5_set_string_attr (signal, "signal_type", "")
           && isc_hdf5_set_string_attr (signal, "quantity",
                                        image->intensity.unit[0] != '\0' ? image->intensity.unit
                                                                         : "Intensity");
      /* The source file's own metadata, as HyperSpy keeps a reader's original_metadata. */
      for (guint i = 0; ok && image->meta_keys != NULL && i < image->meta_keys->len; i++)
        {
          const char *key = g_ptr_array_index (image->meta_keys, i);

          /* HDF5 attribute names are unique: a repeated key keeps its first value. */
          if (H5Aexists (original, key) <= 0)
            ok = isc_hdf5_set_string_attr (original, key, g_ptr_array_index (image->meta_values, i));
        }
      if (ok && image->format != NULL)
        ok = isc_hdf5_set_string_attr (general, "original_format", image->format);
    }
  if (original >= 0)
    H5Gclose (original);
  if (signal >= 0)
    H5Gclose (signal);
  if (general >= 0)
    H5Gclose (general);
  H5Gclose (metadata);
  return ok;
}

static gboolean
write_locked (const IscImage  *image,
              const char      *path,
              GError         **error)
{
  const IscAxisCalibration *x = &image->axis[ISC_IMAGE_AXIS_X];
  const IscAxisCalibration *y = &image->axis[ISC_IMAGE_AXIS_Y];
  const IscAxisCalibration *t = &image->axis[ISC_IMAGE_AXIS_FRAME];
  g_autofree char *temp_path = NULL;
  /* An experiment's name is a group name: no slashes, never empty. */
  g_autofree char *title = g_strdup (image->title != NULL && image->title[0] != '\0'
                                     ? image->title : "image");
  hsize_t dims[3] = { image->frames, image->height, image->width };
  gboolean stack = image->frames > 1, ok;
  hid_t file, experiments = -1, experiment = -1;
  guint a = 0;

  g_strdelimit (title, "/", '-');
  file = isc_hdf5_create_atomic (path, &temp_path, ISC_IMAGE_ERROR, error);
  if (file < 0)
    return FALSE;
  ok = isc_hdf5_set_string_attr (file, "file_format", "HyperSpy")
       && isc_hdf5_set_string_attr (file, "file_format_version", "3.1")
       && (experiments = isc_hdf5_make_group (file, "Experiments", NULL)) >= 0
       && (experiment = isc_hdf5_make_group (experiments, title, NULL)) >= 0
       && isc_hdf5_write_array (experiment, "data", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT,
                                stack ? 3 : 2, stack ? dims : dims + 1, image->pixels, NULL);
  /* Slowest first, as numpy orders the data: the frames navigate, the image is the signal. */
  if (ok && stack)
    ok = write_axis (experiment, a++, t->name != NULL ? t->name : "frame", t->unit, t->scale,
                     t->origin, image->frames, TRUE);
  ok = ok && write_axis (experiment, a++, y->name != NULL ? y->name : "y", y->unit, y->scale,
                         y->origin, image->height, FALSE)
       && write_axis (experiment, a++, x->name != NULL ? x->name : "x", x->unit, x->scale,
                      x->origin, image->width, FALSE)
       && write_metadata (experiment, image, title);
  if (experiment >= 0)
    H5Gclose (experiment);
  if (experiments >= 0)
    H5Gclose (experiments);
  return isc_hdf5_commit_atomic (file, temp_path, path, ok, ISC_IMAGE_ERROR, error);
}

gboolean
isc_image_write_hspy (const IscImage  *image,
                      const char      *path,
                      GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (image != NULL && path != NULL, FALSE);

  isc_hdf5_lock ();
  ok = write_locked (image, path, error);
  isc_hdf5_unlock ();
  return ok;
}
