/* range-index.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "column-cache.h"
#include "ion-pass.h"
#include "range-index.h"

#define INDEX_MAGIC   "ISCRIDX1"
#define INDEX_HEADER  4096   /* the types start page-aligned */
#define INDEX_CHUNK   (1 << 20)

typedef struct
{
  char    magic[8];
  guint64 n_ions;
  guint8  key[32];   /* SHA-256 of what the types depend on (index_key ()) */
} IndexHeader;

/* Everything the types depend on: the cache the masses are read from (its path, size and
 * time) and the windows of the range set (bounds and ion type, in order; names and colours do
 * not change a type). */
static void
index_key (const IscRangeSet *set,
           const IscIonCloud *cloud,
           guint8             key[32])
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *cache = isc_column_cache_path (cloud->source_path);
  guint64 header[4] = { cloud->n_ions, cloud->mapping_size, (guint64) cloud->mapping_mtime_nsec,
                        set->ranges->len };
  gsize length = 32;

  g_checksum_update (sum, (const guchar *) INDEX_MAGIC, 8);
  g_checksum_update (sum, (const guchar *) cache, strlen (cache) + 1);
  g_checksum_update (sum, (const guchar *) header, sizeof header);
  for (guint i = 0; i < set->ranges->len; i++)
    {
      const IscRange *r = &g_array_index (set->ranges, IscRange, i);

      g_checksum_update (sum, (const guchar *) &r->low, sizeof r->low);
      g_checksum_update (sum, (const guchar *) &r->high, sizeof r->high);
      g_checksum_update (sum, &r->ion_type, 1);
    }
  g_checksum_get_digest (sum, key, &length);
}

char *
isc_range_index_path (const IscRangeSet *set,
                      const IscIonCloud *cloud)
{
  g_autofree char *cache = NULL;
  g_autofree char *hex = NULL;
  guint8 key[32];

  g_return_val_if_fail (set != NULL && cloud != NULL, NULL);

  if (cloud->mapping == NULL || cloud->mapping_fd < 0 || cloud->source_path == NULL)
    return NULL;
  cache = isc_column_cache_path (cloud->source_path);
  index_key (set, cloud, key);
  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, key, sizeof key);
  hex[16] = '\0';
  return g_strdup_printf ("%s.%s.types", cache, hex);
}

/* Maps the index at @path into @cloud when it is whole and its key matches. */
static gboolean
index_open (const char  *path,
            IscIonCloud *cloud,
            const guint8 key[32])
{
  g_autoptr(GMappedFile) mapping = NULL;
  IndexHeader header;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return FALSE;
  /* writable maps copy-on-write: ranging the cloud again changes its pages, never the file */
  mapping = g_mapped_file_new_from_fd (fd, TRUE, NULL);
  if (mapping == NULL || g_mapped_file_get_length (mapping) != INDEX_HEADER + (guint64) cloud->n_ions)
    {
      close (fd);
      return FALSE;
    }
  memcpy (&header, g_mapped_file_get_contents (mapping), sizeof header);
  if (memcmp (header.magic, INDEX_MAGIC, 8) != 0 || header.n_ions != cloud->n_ions
      || memcmp (header.key, key, 32) != 0)
    {
      close (fd);
      return FALSE;
    }
  cloud->type_mapping = g_steal_pointer (&mapping);
  cloud->type_mapping_fd = fd;
  cloud->type_mapping_size = INDEX_HEADER + (guint64) cloud->n_ions;
  cloud->ion_type = (guint8 *) g_mapped_file_get_contents (cloud->type_mapping) + INDEX_HEADER;
  return TRUE;
}

typedef struct
{
  const IscRangeTable *table;
  const float         *mq;
  guint8              *types;
} ClassifyJob;

static void
classify_chunk (gsize    first,
                gsize    n,
                guint    worker,
                gpointer data)
{
  ClassifyJob *job = data;

  (void) worker;
  isc_range_table_classify (job->table, job->mq + first, n, job->types + first);
}

/* Ranges @cloud into a new index at @path: a temporary file beside it, filled through a
 * shared mapping on every core (file pages the kernel writes back, never private memory),
 * its header written last, then renamed into place. FALSE with @error only when cancelled or
 * the cache changed; FALSE without it when the file could not be written. */
static gboolean
index_create (const char         *path,
              const IscRangeSet  *set,
              IscIonCloud        *cloud,
              const guint8        key[32],
              GCancellable       *cancellable,
              IscProgressFunc     progress,
              gpointer            progress_data,
              GError            **error)
{
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  g_autoptr(IscRangeTable) table = isc_range_table_new (set);
  IndexHeader header = { .n_ions = cloud->n_ions };
  guint64 size = INDEX_HEADER + (guint64) cloud->n_ions;
  ClassifyJob job = { table, cloud->mq, NULL };
  guint8 *bytes;
  gboolean ok;
  int fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0644);

  if (fd < 0)
    return FALSE;
  /* held while it is written: the cache tidy removes only temporaries nobody holds */
  flock (fd, LOCK_EX | LOCK_NB);
  if (posix_fallocate (fd, 0, (off_t) size) != 0
      || (bytes = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) == MAP_FAILED)
    {
      close (fd);
      g_unlink (tmp);
      return FALSE;
    }
  job.types = bytes + INDEX_HEADER;
  ok = isc_ion_pass_run_full (cloud, cloud->n_ions, INDEX_CHUNK, 0, classify_chunk, &job,
                              cancellable, progress, progress_data, 0.0, 1.0, error);
  memcpy (header.magic, INDEX_MAGIC, 8);
  memcpy (header.key, key, 32);
  memcpy (bytes, &header, sizeof header);
  munmap (bytes, size);
  /* the descriptor is closed once on every path: after a failed pass too, and never twice */
  ok = ok && fsync (fd) == 0;
  ok = close (fd) == 0 && ok;
  if (!ok || g_rename (tmp, path) != 0)
    {
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}

gboolean
isc_range_index_apply (const IscRangeSet  *set,
                       IscIonCloud        *cloud,
                       GCancellable       *cancellable,
                       IscProgressFunc     progress,
                       gpointer            progress_data,
                       GError            **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) local = NULL;
  guint8 key[32];

  g_return_val_if_fail (set != NULL, FALSE);
  g_return_val_if_fail (cloud != NULL, FALSE);

  if (cloud->ion_type != NULL || (path = isc_range_index_path (set, cloud)) == NULL)
    return isc_range_set_apply (set, cloud, cancellable, progress, progress_data, error);
  index_key (set, cloud, key);
  if (index_open (path, cloud, key))
    {
      if (progress != NULL)
        progress (1.0, progress_data);
      return TRUE;
    }
  if (!index_create (path, set, cloud, key, cancellable, progress, progress_data, &local))
    {
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      /* a cache folder that cannot take the index: range into memory */
      return isc_range_set_apply (set, cloud, cancellable, progress, progress_data, error);
    }
  if (index_open (path, cloud, key))
    return TRUE;
  return isc_range_set_apply (set, cloud, cancellable, progress, progress_data, error);
}
