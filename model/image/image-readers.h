/* image-readers.h: the per-format readers behind isc_image_load (private to model/image).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "image.h"

G_BEGIN_DECLS

/* Each reader loads image @index; when @out_count is not NULL it receives how many images the
 * file holds (then @index may be G_MAXUINT to only count, returning NULL without error). */
typedef IscImage *(*IscImageReadFunc) (const char    *path,
                                       guint          index,
                                       guint         *out_count,
                                       GCancellable  *cancellable,
                                       GError       **error);

IscImage *isc_image_read_tiff   (const char *path, guint index, guint *out_count,
                                 GCancellable *cancellable, GError **error);
IscImage *isc_image_read_dm     (const char *path, guint index, guint *out_count,
                                 GCancellable *cancellable, GError **error);
IscImage *isc_image_read_emd    (const char *path, guint index, guint *out_count,
                                 GCancellable *cancellable, GError **error);
IscImage *isc_image_read_ser    (const char *path, guint index, guint *out_count,
                                 GCancellable *cancellable, GError **error);
IscImage *isc_image_read_mrc    (const char *path, guint index, guint *out_count,
                                 GCancellable *cancellable, GError **error);

/* Bytes per stored element of @dtype (complex: both parts). */
guint     isc_image_dtype_size  (IscImageDtype dtype);

/* Converts @n stored elements at @src (byte order @big_endian) to floats at @dst. */
void      isc_image_convert     (const guint8  *src,
                                 IscImageDtype  dtype,
                                 gboolean       big_endian,
                                 gsize          n,
                                 float         *dst);

/* Flips each frame's rows in place (formats that store the bottom row first). */
void      isc_image_flip_rows   (IscImage *image);

/* Error helpers: every message starts with the file's base name. */
void      isc_image_set_error   (GError     **error,
                                 int          code,
                                 const char  *path,
                                 const char  *format,
                                 ...) G_GNUC_PRINTF (4, 5);

/* isc_image_new for a reader: on failure the message is prefixed with the file's base name. */
/* Maps @path read-only after checking that it is a regular file (a FIFO or device would
 * block or never end). Sets @error naming the file. */
GMappedFile *isc_image_map_file  (const char  *path,
                                  GError     **error);

IscImage *isc_image_new_for_file (const char    *path,
                                  guint          width,
                                  guint          height,
                                  guint          frames,
                                  IscImageDtype  dtype,
                                  GError       **error);

G_END_DECLS
