/* image.h: a calibrated microscope image (STEM/TEM) with one or more frames.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "isc-error.h"

G_BEGIN_DECLS

/* The pixel type as stored in the file; the pixels themselves are always kept as float. */
typedef enum
{
  ISC_IMAGE_DTYPE_U8,
  ISC_IMAGE_DTYPE_I8,
  ISC_IMAGE_DTYPE_U16,
  ISC_IMAGE_DTYPE_I16,
  ISC_IMAGE_DTYPE_U32,
  ISC_IMAGE_DTYPE_I32,
  ISC_IMAGE_DTYPE_U64,
  ISC_IMAGE_DTYPE_I64,
  ISC_IMAGE_DTYPE_F16,
  ISC_IMAGE_DTYPE_F32,
  ISC_IMAGE_DTYPE_F64,
  ISC_IMAGE_DTYPE_C64,    /* complex float: the float view holds the magnitude */
  ISC_IMAGE_DTYPE_C128,   /* complex double: the float view holds the magnitude */
  ISC_IMAGE_DTYPE_RGBA8,  /* colour: the float view holds the luminance */
  ISC_IMAGE_DTYPE_BOOL,
} IscImageDtype;

/* numpy-style name ("uint16", "float32", "complex64", "rgba8", …). Static string. */
const char *isc_image_dtype_name (IscImageDtype dtype);

/* Calibration of one axis: the calibrated coordinate of pixel index i is origin + i * scale.
 * Lengths are converted to nm (unit "nm") and reciprocal lengths to 1/nm (unit "1/nm");
 * other units ("eV", "s", "" for uncalibrated) are kept as stored. */
typedef struct
{
  double  origin;
  double  scale;
  char   *unit;   /* owned, never NULL */
  char   *name;   /* owned, may be NULL */
} IscAxisCalibration;

/* Calibrated intensity = offset + scale * stored value. */
typedef struct
{
  double  offset;
  double  scale;
  char   *unit;   /* owned, never NULL */
} IscIntensityCalibration;

enum
{
  ISC_IMAGE_AXIS_X,
  ISC_IMAGE_AXIS_Y,
  ISC_IMAGE_AXIS_FRAME,
};

typedef struct
{
  guint                    width;      /* pixels per row */
  guint                    height;     /* rows; row 0 is the top of the image as displayed */
  guint                    frames;     /* ≥ 1 */
  IscImageDtype            dtype;
  float                   *pixels;     /* frames × height × width, x fastest; owned */
  IscAxisCalibration       axis[3];    /* x, y, frame */
  IscIntensityCalibration  intensity;
  char                    *format;     /* reader name ("tiff", "dm3", "velox-emd", …); owned */
  char                    *title;      /* owned, may be "" */
  GPtrArray               *meta_keys;  /* char *, owned */
  GPtrArray               *meta_values;/* char *, owned; same length as meta_keys */
  gatomicrefcount          ref_count;  /* private: isc_image_ref/unref */
} IscImage;

#define ISC_TYPE_IMAGE (isc_image_get_type ())
GType        isc_image_get_type      (void) G_GNUC_CONST;

/* Allocates an uncalibrated image (scale 1, unit "") with zeroed pixels, or NULL with
 * @error when the size overflows or cannot be allocated. The image is reference counted
 * (a boxed type): whoever fills it holds the only reference; once it is shared (a view, a
 * worker thread) nobody changes it — take a copy to edit. */
IscImage    *isc_image_new           (guint          width,
                                      guint          height,
                                      guint          frames,
                                      IscImageDtype  dtype,
                                      GError       **error);
IscImage    *isc_image_ref           (IscImage      *image);
/* Drops a reference; the last one frees the image. NULL is ignored. */
void         isc_image_unref         (IscImage      *image);
/* The same as isc_image_unref (the name the readers grew up with). */
void         isc_image_free          (IscImage      *image);

/* Pixels of @frame (height × width floats). */
float       *isc_image_frame         (IscImage      *image,
                                      guint          frame);
const float *isc_image_frame_const   (const IscImage *image,
                                      guint          frame);

/* Sets an axis; converts lengths (m, mm, µm/um/micron, nm, Å/A, pm) to nm and reciprocal
 * lengths (1/m … 1/Å) to 1/nm; MATLAB-era "n_m"/"[n_m]" spellings are understood. */
void         isc_image_set_axis      (IscImage      *image,
                                      guint          axis,
                                      double         origin,
                                      double         scale,
                                      const char    *unit,
                                      const char    *name);

/* Appends a metadata pair (copies both). */
void         isc_image_add_meta      (IscImage      *image,
                                      const char    *key,
                                      const char    *value);
/* Value of the first pair named @key, or NULL. */
const char  *isc_image_get_meta      (const IscImage *image,
                                      const char    *key);

/* Min, max and mean of @frame (or of all frames when @frame is G_MAXUINT), ignoring NaN. */
void         isc_image_stats         (const IscImage *image,
                                      guint          frame,
                                      double        *out_min,
                                      double        *out_max,
                                      double        *out_mean);

/* Converts @value in @unit to nm (or 1/nm); returns FALSE when @unit is neither a length
 * nor a reciprocal length. @out_unit receives "nm" or "1/nm". */
gboolean     isc_unit_to_nm          (const char    *unit,
                                      double        *factor,
                                      const char   **out_unit);

/* Number of images a multi-image file holds (detectors in a Velox EMD, signals in a .ser/.emi
 * group, datasets in a Berkeley EMD, …); 1 for single-image formats. */
guint        isc_image_count_in_file (const char    *path,
                                      GError       **error);

/* The units of the axes of a DM3/DM4 file's first image ("eV" on a spectrum's energy axis, ""
 * where uncalibrated), from its tag tree alone: the pixels are not read, so this is cheap on a
 * large file. NULL-terminated (free with g_strfreev), or NULL when @path is no readable DM file. */
char       **isc_image_dm_peek_units (const char    *path);

/* Loads image number @index of @path, choosing the reader by magic bytes and then by
 * extension. Callable from a worker thread. Returns NULL with @error (ISC_IMAGE_ERROR) on
 * failure. Free with isc_image_free. */
IscImage    *isc_image_load          (const char      *path,
                                      guint            index,
                                      GCancellable    *cancellable,
                                      IscProgressFunc  progress,
                                      gpointer         progress_data,
                                      GError         **error);

/* isc_image_load in a GTask worker thread; @callback runs in the caller's main context. */
void         isc_image_load_async    (const char          *path,
                                      guint                index,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
/* The image (free with isc_image_free) or NULL with @error. */
IscImage    *isc_image_load_finish   (GAsyncResult        *result,
                                      GError             **error);

/* Writes @image as a TIFF in ImageJ's convention (ImageDescription "ImageJ=…, unit=…",
 * XResolution/YResolution = pixels per unit), one page per frame: 8/16-bit stored types are
 * kept, everything else is written as 32-bit float. Reads back with the same calibration. */
gboolean     isc_image_write_tiff    (const IscImage *image,
                                      const char     *path,
                                      GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscImage, isc_image_unref)

G_END_DECLS
