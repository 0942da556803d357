/* isc-hdf5.h: the one lock around libhdf5 (Debian builds it without thread safety) and the
 * checks every HDF5 reader makes before it trusts a damaged file's numbers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <hdf5.h>

G_BEGIN_DECLS

/* Held around every use of libhdf5, in every layer. isc_isolate_run () is called with it held,
 * so the child process starts with the library idle. */
void     isc_hdf5_lock                (void);
void     isc_hdf5_unlock              (void);

/* Opens @path read-only with HDF5's own error printing off; -1 with @error (in @domain,
 * naming @path) when it is not a readable HDF5 file. */
hid_t    isc_hdf5_open_read           (const char  *path,
                                       GQuark       domain,
                                       GError     **error);

/* Checks, before a read, that dataset @dset (called @name in messages) can hold what its
 * dataspace claims: a simple dataspace of at most @max_rank dimensions, every chunk written
 * (an unwritten one would read as fill values), and raw data that fits in the file when
 * stored uncompressed, or at most @max_bytes when compressed. @dims receives the extents. */
gboolean isc_hdf5_check_dataset       (hid_t        dset,
                                       const char  *path,
                                       const char  *name,
                                       GQuark       domain,
                                       int          max_rank,
                                       guint64      max_bytes,
                                       hsize_t     *dims,
                                       int         *rank,
                                       GError     **error);

/* Size of @path in bytes, or 0 when it cannot be read. */
guint64  isc_hdf5_file_size           (const char  *path);

G_END_DECLS
