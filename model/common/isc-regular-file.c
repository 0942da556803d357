/* isc-regular-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isc-error.h"
#include "isc-regular-file.h"

static const char *
describe_mode (mode_t mode)
{
  if (S_ISDIR (mode))
    return "a folder";
  if (S_ISFIFO (mode))
    return "a pipe (FIFO)";
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return "a device";
  if (S_ISSOCK (mode))
    return "a socket";
  return "not a regular file";
}

gboolean
isc_regular_file_check (const char  *path,
                        GQuark       domain,
                        GError     **error)
{
  GStatBuf st;

  g_return_val_if_fail (path != NULL, FALSE);
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, domain, ISC_ERROR_IO, "%s: cannot open: %s", path, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, domain, ISC_ERROR_IO, "%s: cannot read %s as a data file", path,
                   describe_mode (st.st_mode));
      return FALSE;
    }
  return TRUE;
}

int
isc_regular_file_open (const char  *path,
                       GQuark       domain,
                       guint64     *size,
                       GError     **error)
{
  struct stat st;
  int fd, flags;

  g_return_val_if_fail (path != NULL, -1);
  /* stat first: even an O_NONBLOCK open of a FIFO succeeds, and of some devices has effects. */
  if (!isc_regular_file_check (path, domain, error))
    return -1;
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, domain, ISC_ERROR_IO, "%s: cannot open: %s", path, g_strerror (saved));
      return -1;
    }
  /* The path may have been swapped between stat and open: check what was opened. */
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, domain, ISC_ERROR_IO, "%s: cannot read %s as a data file", path,
                   describe_mode (st.st_mode));
      close (fd);
      return -1;
    }
  flags = fcntl (fd, F_GETFL);
  if (flags >= 0)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
  if (size != NULL)
    *size = (guint64) st.st_size;
  return fd;
}

/* Reads up to @len bytes from @fd into @buf, retrying interrupted reads; stops early at the end
 * of the file (it may have shrunk since it was measured). FALSE with @error on a read error. */
static gboolean
read_up_to (int          fd,
            const char  *path,
            GQuark       domain,
            guint8      *buf,
            gsize        len,
            gsize       *done,
            GError     **error)
{
  *done = 0;
  while (*done < len)
    {
      ssize_t n = read (fd, buf + *done, len - *done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, domain, ISC_ERROR_IO, "%s: cannot read: %s", path, g_strerror (saved));
          return FALSE;
        }
      if (n == 0)
        break;
      *done += (gsize) n;
    }
  return TRUE;
}

gboolean
isc_regular_file_read_head (const char  *path,
                            GQuark       domain,
                            void        *buf,
                            gsize        max_bytes,
                            gsize       *got,
                            GError     **error)
{
  gboolean ok;
  int fd;

  g_return_val_if_fail (buf != NULL && got != NULL, FALSE);
  *got = 0;
  fd = isc_regular_file_open (path, domain, NULL, error);
  if (fd < 0)
    return FALSE;
  ok = read_up_to (fd, path, domain, buf, max_bytes, got, error);
  close (fd);
  return ok;
}

gboolean
isc_regular_file_get_contents (const char  *path,
                               GQuark       domain,
                               gsize        max_bytes,
                               char       **contents,
                               gsize       *length,
                               GError     **error)
{
  guint64 size = 0;
  g_autofree char *buf = NULL;
  gsize done = 0;
  int fd;

  g_return_val_if_fail (contents != NULL, FALSE);
  fd = isc_regular_file_open (path, domain, &size, error);
  if (fd < 0)
    return FALSE;
  if ((max_bytes > 0 && size > max_bytes) || size >= G_MAXSIZE)
    {
      g_set_error (error, domain, ISC_ERROR_UNSUPPORTED,
                   "%s: %" G_GUINT64_FORMAT " bytes is larger than the %" G_GSIZE_FORMAT
                   " bytes this kind of file can hold", path, size, max_bytes);
      close (fd);
      return FALSE;
    }
  buf = g_try_malloc ((gsize) size + 1);
  if (buf == NULL)
    {
      g_set_error (error, domain, ISC_ERROR_IO, "%s: not enough memory to read %" G_GUINT64_FORMAT " bytes",
                   path, size);
      close (fd);
      return FALSE;
    }
  if (!read_up_to (fd, path, domain, (guint8 *) buf, (gsize) size, &done, error))
    {
      close (fd);
      return FALSE;
    }
  close (fd);
  buf[done] = '\0';
  *contents = g_steal_pointer (&buf);
  if (length != NULL)
    *length = done;
  return TRUE;
}
