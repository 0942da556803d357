/* apt-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "apt-file.h"
#include "isc-error.h"
#include "isc-regular-file.h"

gboolean
isc_apt_file_open (IscAptFile  *file,
                   const char  *path,
                   GError     **error)
{
  file->path = path;
  file->fd = isc_regular_file_open (path, ISC_APT_ERROR, &file->size, error);
  return file->fd >= 0;
}

void
isc_apt_file_close (IscAptFile *file)
{
  if (file->fd >= 0)
    close (file->fd);
  file->fd = -1;
}

gboolean
isc_apt_file_read (IscAptFile  *file,
                   void        *buf,
                   gsize        len,
                   guint64      offset,
                   GError     **error)
{
  guint8 *p = buf;
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = pread (file->fd, p + done, len - done, (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_IO, "%s: read error at byte %" G_GUINT64_FORMAT ": %s",
                       file->path, offset + done, g_strerror (saved));
          return FALSE;
        }
      if (n == 0)
        {
          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT,
                       "%s: file ends at byte %" G_GUINT64_FORMAT ", expected %" G_GSIZE_FORMAT " more bytes",
                       file->path, offset + done, len - done);
          return FALSE;
        }
      done += (gsize) n;
    }
  return TRUE;
}

gboolean
isc_apt_write_all (int          fd,
                   const void  *buf,
                   gsize        len,
                   const char  *path,
                   GError     **error)
{
  const guint8 *p = buf;

  while (len > 0)
    {
      ssize_t n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;

          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_IO, "%s: cannot write: %s", path, g_strerror (saved));
          return FALSE;
        }
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}
