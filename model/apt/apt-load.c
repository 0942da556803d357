/* apt-load.c: isc_ion_cloud_load, the one entry point that picks a reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "apt-file.h"
#include "apt-readers.h"
#include "column-cache.h"
#include "ion-cloud.h"
#include "pos-io.h"

static gboolean
has_suffix (const char *path,
            const char *suffix)
{
  gsize n = strlen (path), m = strlen (suffix);

  return n > m && g_ascii_strcasecmp (path + n - m, suffix) == 0;
}

/* Formats whose every channel has a column in the cache (column-cache.h). A cloud that comes
 * with ion types of its own (an .apt "Ion Type" section) is not cached: the columns do not keep
 * them. */
static gboolean
cacheable_format (const char *path)
{
  static const char *suffixes[] = { ".pos", ".epos", ".apt", ".ato", ".nxs", ".h5", ".hdf5" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (has_suffix (path, suffixes[i]))
      return TRUE;
  return FALSE;
}

static IscIonCloud *
parse_source (const char       *path,
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
    return isc_ion_cloud_load_apt (path, cancellable, progress, progress_data, error);
  if (n_magic >= 8 && memcmp (magic, "\x89HDF\r\n\x1a\n", 8) == 0)
    return isc_ion_cloud_load_nxapm (path, cancellable, progress, progress_data, error);

  if (has_suffix (path, ".pos"))
    return isc_ion_cloud_load_pos (path, cancellable, progress, progress_data, error);
  if (has_suffix (path, ".epos"))
    return isc_ion_cloud_load_epos (path, cancellable, progress, progress_data, error);
  if (has_suffix (path, ".ato"))
    return isc_ion_cloud_load_ato (path, cancellable, progress, progress_data, error);
  if (has_suffix (path, ".apt"))
    return isc_ion_cloud_load_apt (path, cancellable, progress, progress_data, error);   /* names the missing signature */
  if (has_suffix (path, ".nxs") || has_suffix (path, ".h5") || has_suffix (path, ".hdf5"))
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: no HDF5 signature at byte 0", path);
      return NULL;
    }

  g_set_error (error, ISC_APT_ERROR, ISC_ERROR_UNSUPPORTED,
               "%s: not an APT data file Ionscape reads (.pos, .epos, .apt, .ato, NXapm .nxs/.h5)", path);
  return NULL;
}

IscIonCloud *
isc_ion_cloud_load (const char       *path,
                    GCancellable     *cancellable,
                    IscProgressFunc   progress,
                    gpointer          progress_data,
                    GError          **error)
{
  g_autoptr(IscIonCloud) parsed = NULL;
  IscIonCloud *mapped;
  GStatBuf st;
  gboolean cached;

  g_return_val_if_fail (path != NULL, NULL);

  /* Large files: map the native-order columns written by an earlier load of the same file
   * (column-cache.h) instead of parsing them into new memory again. */
  cached = cacheable_format (path) && g_stat (path, &st) == 0 && S_ISREG (st.st_mode)
           && isc_column_cache_wanted ((guint64) st.st_size);
  if (cached && (mapped = isc_column_cache_open (path)) != NULL)
    {
      if (progress != NULL)
        progress (1.0, progress_data);
      return mapped;
    }

  /* A first load of a large .pos or .epos streams it into the cache and maps that: the private
   * memory stays the range index, as on later loads. Only when the cache cannot be written (or
   * the file needs the reader's message) is it parsed into memory. The other formats are
   * parsed once, and their cache written beside. */
  if (cached && (has_suffix (path, ".pos") || has_suffix (path, ".epos")))
    {
      g_autoptr(GError) local = NULL;

      mapped = isc_column_cache_convert (path, cancellable, progress, progress_data, &local);
      if (mapped != NULL)
        return mapped;
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      g_debug ("column cache of %s: %s", path, local->message);
      /* a cache that could not be written will not be written in the background either, nor
       * one of a file whose signature names another format than its suffix (parsed below, as
       * that format, each time) */
      cached = local->domain != G_FILE_ERROR
               && !g_error_matches (local, ISC_APT_ERROR, ISC_ERROR_UNSUPPORTED);
    }

  parsed = parse_source (path, cancellable, progress, progress_data, error);
  /* The cache is written while the caller already works on the parsed cloud: the next load
   * maps it. A cache that cannot be written (disk full, read-only home) costs nothing but
   * the speed of that next load. */
  if (parsed != NULL && cached && parsed->ion_type == NULL && !g_cancellable_is_cancelled (cancellable))
    isc_column_cache_store_in_background (path, parsed);
  return g_steal_pointer (&parsed);
}

typedef struct
{
  char            *path;
  IscProgressFunc  progress;
  gpointer         progress_data;
} LoadJob;

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  g_free (job->path);
  g_free (job);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GError *error = NULL;
  IscIonCloud *cloud = isc_ion_cloud_load (job->path, cancellable, job->progress, job->progress_data, &error);

  if (cloud == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, cloud, (GDestroyNotify) isc_ion_cloud_unref);
}

void
isc_ion_cloud_load_async (const char          *path,
                          GCancellable        *cancellable,
                          IscProgressFunc      progress,
                          gpointer             progress_data,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job;

  g_return_if_fail (path != NULL);

  job = g_new0 (LoadJob, 1);
  job->path = g_strdup (path);
  job->progress = progress;
  job->progress_data = progress_data;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, isc_ion_cloud_load_async);
  g_task_set_task_data (task, job, load_job_free);
  g_task_run_in_thread (task, load_thread);
}

IscIonCloud *
isc_ion_cloud_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
