/* isc-hdf5-write.h: the few pieces every HDF5 writer of Ionscape needs — groups, attributes,
 * arrays and strings — and an atomic create: the file is written beside its target under a
 * temporary name and renamed over it only when complete, so a failed export never leaves half a
 * file where a good one was. Call them with isc_hdf5_lock () held.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <hdf5.h>

G_BEGIN_DECLS

/* A new HDF5 file at a temporary path beside @path (returned in @temp_path), or -1 with @error
 * (in @domain, naming @path). */
hid_t    isc_hdf5_create_atomic   (const char  *path,
                                   char       **temp_path,
                                   GQuark       domain,
                                   GError     **error);
/* Closes @file and, when @ok and the close succeeds, renames @temp_path over @path; otherwise
 * removes the temporary file. FALSE with @error (naming @path) when anything failed. */
gboolean isc_hdf5_commit_atomic   (hid_t        file,
                                   const char  *temp_path,
                                   const char  *path,
                                   gboolean     ok,
                                   GQuark       domain,
                                   GError     **error);

/* Each returns TRUE when written. */
gboolean isc_hdf5_set_string_attr (hid_t        object,
                                   const char  *name,
                                   const char  *value);
gboolean isc_hdf5_set_double_attr (hid_t        object,
                                   const char  *name,
                                   double       value);
gboolean isc_hdf5_set_int_attr    (hid_t        object,
                                   const char  *name,
                                   gint64       value);
/* A boolean as h5py stores numpy's: an 8-bit enum FALSE = 0, TRUE = 1. */
gboolean isc_hdf5_set_bool_attr   (hid_t        object,
                                   const char  *name,
                                   gboolean     value);
/* A group (-1 when it cannot be made); with @nx_class its NeXus class attribute. */
hid_t    isc_hdf5_make_group      (hid_t        parent,
                                   const char  *name,
                                   const char  *nx_class);
/* A scalar UTF-8 string dataset. */
gboolean isc_hdf5_write_string    (hid_t        group,
                                   const char  *name,
                                   const char  *value);
/* A one-dimensional dataset of @n UTF-8 strings. */
gboolean isc_hdf5_write_strings   (hid_t        group,
                                   const char  *name,
                                   const char * const *values,
                                   hsize_t      n);
/* An array of @rank dimensions @dims, stored as @file_type from @mem_type; with @units (may be
 * NULL) its "units" attribute. */
gboolean isc_hdf5_write_array     (hid_t          group,
                                   const char    *name,
                                   hid_t          file_type,
                                   hid_t          mem_type,
                                   int            rank,
                                   const hsize_t *dims,
                                   const void    *data,
                                   const char    *units);

G_END_DECLS
