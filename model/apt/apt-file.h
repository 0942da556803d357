/* apt-file.h: small helpers shared by the binary APT readers (not public API).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* An open file for sequential reading with its size; error messages name @path. */
typedef struct
{
  int         fd;
  const char *path;
  guint64     size;
} IscAptFile;

gboolean isc_apt_file_open  (IscAptFile  *file,
                             const char  *path,
                             GError     **error);
void     isc_apt_file_close (IscAptFile  *file);

/* Reads exactly @len bytes at the current position; a short read is a format error
 * that names the offset. */
gboolean isc_apt_file_read  (IscAptFile  *file,
                             void        *buf,
                             gsize        len,
                             guint64      offset,
                             GError     **error);

/* Writes all of @len bytes to @fd, naming @path on failure. */
gboolean isc_apt_write_all  (int          fd,
                             const void  *buf,
                             gsize        len,
                             const char  *path,
                             GError     **error);

G_END_DECLS
