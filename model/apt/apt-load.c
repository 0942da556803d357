/* apt-load.c: isc_ion_cloud_load, the one entry point that picks a reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "apt-file.h"
#include "ion-cloud.h"
#include "pos-io.h"

static gboolean
has_suffix (const char *path,
            const char *suffix)
{
  gsize n = strlen (path), m = strlen (suffix);

  return n > m && g_ascii_strcasecmp (path + n - m, suffix) == 0;
}

IscIonCloud *
isc_ion_cloud_load (const char       *path,
                    GCancellable     *cancellable,
                    IscProgressFunc   progress,
                    gpointer          progress_data,
                    GError          **error)
{
  IscAptFile file;
  guint8 magic[8] = { 0 };
  gsize n_magic;

  g_return_val_if_fail (path != NULL, NULL);

  if (!isc_apt_file_open (&file, path, error))
    return NULL;
  n_magic = (gsize) MIN (file.size, sizeof magic);
  if (!isc_apt_file_read (&file, magic, n_magic, 0, error))
    {
      isc_apt_file_close (&file);
      return NULL;
    }
  isc_apt_file_close (&file);

  /* Formats with a signature are recognised whatever their name. */
  if (n_magic >= 4 && memcmp (magic, "APT\0", 4) == 0)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_UNSUPPORTED, "%s: AP Suite .apt files are not supported yet", path);
      return NULL;
    }
  if (n_magic >= 8 && memcmp (magic, "\x89HDF\r\n\x1a\n", 8) == 0)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_UNSUPPORTED, "%s: NeXus/HDF5 APT files are not supported yet", path);
      return NULL;
    }

  if (has_suffix (path, ".pos"))
    return isc_ion_cloud_load_pos (path, cancellable, progress, progress_data, error);

  g_set_error (error, ISC_APT_ERROR, ISC_ERROR_UNSUPPORTED,
               "%s: not an APT data file Ionscape reads (.pos)", path);
  return NULL;
}
