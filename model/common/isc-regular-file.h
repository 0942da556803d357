/* isc-regular-file.h: open and read only regular files, so that a FIFO, a device or a
 * directory named as a data file ends in an error instead of a read that blocks forever.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Checks with stat () that @path is a regular file (symbolic links are followed).
 * On failure sets @error in @domain (ISC_ERROR_IO) naming @path and returns FALSE. */
gboolean isc_regular_file_check    (const char  *path,
                                    GQuark       domain,
                                    GError     **error);

/* Opens @path read-only with O_NONBLOCK (so opening a FIFO never blocks), then checks with
 * fstat () that it is a regular file and clears O_NONBLOCK. Returns the descriptor (close
 * it with close ()) or -1 with @error in @domain. @size receives the file size when not NULL. */
int      isc_regular_file_open     (const char  *path,
                                    GQuark       domain,
                                    guint64     *size,
                                    GError     **error);

/* Reads the first bytes of @path (up to @max_bytes, fewer when the file is shorter) into @buf,
 * for recognising a format by its magic bytes; regular files only. @got receives the count. */
gboolean isc_regular_file_read_head    (const char  *path,
                                        GQuark       domain,
                                        void        *buf,
                                        gsize        max_bytes,
                                        gsize       *got,
                                        GError     **error);

/* g_file_get_contents () for regular files only, refusing files larger than @max_bytes
 * (0: no limit) with a clear message. The contents are NUL-terminated. */
gboolean isc_regular_file_get_contents (const char  *path,
                                        GQuark       domain,
                                        gsize        max_bytes,
                                        char       **contents,
                                        gsize       *length,
                                        GError     **error);

G_END_DECLS
