/* column-cache-dir.c: the directory of column caches kept in bounds — dead temporaries, caches
 * of changed sources, and least-recently-used eviction under a size limit (column-cache.h).
 *
 * Caches are only ever unlinked, never truncated: another process that maps one keeps valid
 * pages until it lets go, and this process never removes one it maps (/proc/self/maps).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE 1   /* O_NOATIME */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "column-cache.h"
#include "column-cache-private.h"

/* A temporary nobody holds locked may still be between its creation and its writer's flock
 * for an instant; one untouched this long is dead. After a day it goes even when locked (a
 * writer stopped that long is not coming back to it). */
#define TEMP_GRACE_SECONDS  60
#define TEMP_MAX_SECONDS    (24 * 60 * 60)
#define COMPANION_SUFFIX    ".types"

G_LOCK_DEFINE_STATIC (tidy);

char *
isc_column_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "ionscape", "columns", NULL);
}

static guint64
filesystem_bytes (const char *dir,
                  gboolean    available)
{
  g_autofree char *probe = g_strdup (dir);
  struct statvfs vfs;

  /* the directory may not exist yet: ask the nearest one that does */
  while (statvfs (probe, &vfs) != 0)
    {
      char *parent = g_path_get_dirname (probe);

      if (g_str_equal (parent, probe))
        {
          g_free (parent);
          return 0;
        }
      g_free (probe);
      probe = parent;
    }
  return (guint64) (available ? vfs.f_bavail : vfs.f_blocks) * vfs.f_frsize;
}

guint64
isc_column_cache_limit (void)
{
  const char *text = g_getenv ("IONSCAPE_CACHE_LIMIT");
  g_autofree char *dir = isc_column_cache_dir ();
  guint64 disk = filesystem_bytes (dir, FALSE);

  if (text != NULL && *text != '\0')
    {
      char *end = NULL;
      double value = g_ascii_strtod (text, &end);
      double scale = 1;

      if (end != text && value >= 0)
        {
          switch (g_ascii_toupper (*end))
            {
            case 'K': scale = 1024.0; end++; break;
            case 'M': scale = 1024.0 * 1024; end++; break;
            case 'G': scale = 1024.0 * 1024 * 1024; end++; break;
            case 'T': scale = 1024.0 * 1024 * 1024 * 1024; end++; break;
            case '%': scale = disk / 100.0; end++; break;
            default: break;
            }
          if (g_ascii_toupper (*end) == 'B' || g_ascii_toupper (*end) == 'I')
            end++;
          if (*end == '\0' || g_ascii_toupper (*end) == 'B')
            return (guint64) MIN (value * scale, (double) G_MAXUINT64);
        }
      g_debug ("IONSCAPE_CACHE_LIMIT=%s is not a size (40G, 500M, 10%%, bytes): the default applies", text);
    }
  return MAX (disk / 100 * ISC_COLUMN_CACHE_DEFAULT_PERCENT, ISC_COLUMN_CACHE_DEFAULT_MIN);
}

/* (device, inode) of every file this process maps. */
static GHashTable *
mapped_files (void)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *maps = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL))
    return set;
  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      unsigned int dev_major, dev_minor;
      unsigned long long inode;
      int path_at = 0;

      if (sscanf (lines[i], "%*s %*s %*s %x:%x %llu %n", &dev_major, &dev_minor, &inode, &path_at) >= 3
          && inode != 0)
        {
          g_hash_table_add (set, g_strdup_printf ("%x:%x:%llu", dev_major, dev_minor, inode));
          /* by name too: on overlayfs the numbers are the lower file's, not what stat () says */
          if (path_at > 0 && lines[i][path_at] == '/')
            g_hash_table_add (set, g_strdup (lines[i] + path_at));
        }
    }
  return set;
}

static gboolean
is_mapped (GHashTable        *mapped,
           const char        *path,
           const struct stat *st)
{
  g_autofree char *key = g_strdup_printf ("%x:%x:%llu", major (st->st_dev), minor (st->st_dev),
                                          (unsigned long long) st->st_ino);
  g_autofree char *real = realpath (path, NULL);

  return g_hash_table_contains (mapped, key) || (real != NULL && g_hash_table_contains (mapped, real));
}

/* Whether a writer holds the temporary at @path (its flock). */
static gboolean
is_locked (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean locked = FALSE;

  if (fd < 0)
    return FALSE;
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    locked = errno == EWOULDBLOCK;
  close (fd);   /* releases the test lock */
  return locked;
}

/* NAME.iscol.XXXXXX, as g_mkstemp_full () makes them from the cache's name. */
static gboolean
is_temporary_name (const char *name)
{
  const char *dot = g_strrstr (name, CACHE_SUFFIX ".");

  return dot != NULL && strlen (dot) == strlen (CACHE_SUFFIX ".XXXXXX");
}

/* NAME.iscol.KEY.types, a range index of the cache NAME.iscol (range-index.c), and its
 * temporaries NAME.iscol.KEY.types.XXXXXX: they live and die with their cache. Returns the
 * cache's file name, or NULL when @name is not such a file. */
static char *
companion_cache_name (const char *name)
{
  const char *dot = strstr (name, CACHE_SUFFIX ".");

  if (dot == NULL || is_temporary_name (name) || strstr (dot, COMPANION_SUFFIX) == NULL)
    return NULL;
  return g_strndup (name, (gsize) (dot - name) + strlen (CACHE_SUFFIX));
}

/* Removes the range indexes no one can use again: every one not mapped here when @all, else
 * those whose cache is gone and temporaries whose writer is gone (the rule of the caches' own
 * temporaries). Returns the bytes freed. */
static guint64
remove_companions (gboolean all)
{
  g_autofree char *dir_path = isc_column_cache_dir ();
  g_autoptr(GHashTable) mapped = mapped_files ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GDir *dir = g_dir_open (dir_path, 0, NULL);
  guint64 freed = 0;
  const char *name;

  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *cache_name = companion_cache_name (name);
      g_autofree char *cache = NULL;
      g_autofree char *path = NULL;
      gboolean temporary, dead;
      struct stat st;

      if (cache_name == NULL)
        continue;
      path = g_build_filename (dir_path, name, NULL);
      if (lstat (path, &st) != 0 || !S_ISREG (st.st_mode) || is_mapped (mapped, path, &st))
        continue;
      cache = g_build_filename (dir_path, cache_name, NULL);
      temporary = !g_str_has_suffix (name, COMPANION_SUFFIX);
      if (temporary)
        dead = now - st.st_mtim.tv_sec >= TEMP_MAX_SECONDS
               || (now - st.st_mtim.tv_sec >= TEMP_GRACE_SECONDS && !is_locked (path));
      else
        dead = all || !g_file_test (cache, G_FILE_TEST_EXISTS);
      if (dead && g_unlink (path) == 0)
        {
          g_debug ("column cache: removed %s (%s)", path, temporary ? "dead temporary" : "its cache is gone");
          freed += (guint64) st.st_blocks * 512;
        }
    }
  g_dir_close (dir);
  return freed;
}

static void
read_header (IscColumnCacheEntry *entry)
{
  g_autofree guint8 *block = g_malloc0 (CACHE_ALIGN);
  CacheHeader header;
  /* reading it is not using it: the access time orders the eviction */
  int fd = open (entry->path, O_RDONLY | O_CLOEXEC | O_NOATIME);
  gssize got;

  if (fd < 0 && errno == EPERM)
    fd = g_open (entry->path, O_RDONLY | O_CLOEXEC, 0);
  got = fd >= 0 ? pread (fd, block, CACHE_ALIGN, 0) : -1;

  if (fd >= 0)
    close (fd);
  entry->source = ISC_COLUMN_CACHE_SOURCE_UNKNOWN;
  entry->format = g_strdup ("");
  if (got != CACHE_ALIGN)
    return;
  memcpy (&header, block, sizeof header);
  if (memcmp (header.magic, CACHE_MAGIC, 8) != 0 || header.version != CACHE_VERSION)
    return;
  header.format[sizeof header.format - 1] = '\0';
  g_free (entry->format);
  entry->format = g_strdup (header.format);
  entry->n_ions = header.n_ions;
  block[CACHE_ALIGN - 1] = '\0';
  if (block[CACHE_SOURCE_OFFSET] == '/')
    {
      guint64 size;
      gint64 mtime;

      entry->source_path = g_strdup ((const char *) block + CACHE_SOURCE_OFFSET);
      if (!isc_column_cache_source_stat (entry->source_path, &size, &mtime))
        entry->source = errno == ENOENT || errno == ENOTDIR ? ISC_COLUMN_CACHE_SOURCE_MISSING
                                                            : ISC_COLUMN_CACHE_SOURCE_UNKNOWN;
      else if (size != header.source_size || mtime != header.source_mtime_usec)
        entry->source = ISC_COLUMN_CACHE_SOURCE_CHANGED;
      else
        entry->source = ISC_COLUMN_CACHE_SOURCE_CURRENT;
    }
}

void
isc_column_cache_entry_free (IscColumnCacheEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->path);
  g_free (entry->source_path);
  g_free (entry->format);
  g_free (entry);
}

static gint
by_last_use (gconstpointer a,
             gconstpointer b)
{
  const IscColumnCacheEntry *x = *(IscColumnCacheEntry * const *) a;
  const IscColumnCacheEntry *y = *(IscColumnCacheEntry * const *) b;

  if (x->last_used != y->last_used)
    return x->last_used < y->last_used ? -1 : 1;
  return g_strcmp0 (x->path, y->path);
}

/* The caches and temporaries of the directory, least recently used first. */
static GPtrArray *
list_entries (void)
{
  g_autofree char *dir_path = isc_column_cache_dir ();
  g_autoptr(GHashTable) mapped = mapped_files ();
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_column_cache_entry_free);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GDir *dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return entries;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      IscColumnCacheEntry *entry;
      gboolean temporary = is_temporary_name (name);
      struct stat st;
      g_autofree char *path = NULL;

      if (!temporary && !g_str_has_suffix (name, CACHE_SUFFIX))
        continue;   /* not ours */
      path = g_build_filename (dir_path, name, NULL);
      if (lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      entry = g_new0 (IscColumnCacheEntry, 1);
      entry->path = g_steal_pointer (&path);
      entry->bytes = (guint64) st.st_blocks * 512;
      entry->last_used = st.st_atim.tv_sec;
      entry->temporary = temporary;
      if (temporary)
        {
          entry->format = g_strdup ("");
          entry->source = ISC_COLUMN_CACHE_SOURCE_UNKNOWN;
          /* only a temporary old enough to be dead is asked for its lock */
          entry->in_use = now - st.st_mtim.tv_sec < TEMP_GRACE_SECONDS
                          || (now - st.st_mtim.tv_sec < TEMP_MAX_SECONDS && is_locked (entry->path));
        }
      else
        {
          read_header (entry);
          entry->in_use = is_mapped (mapped, entry->path, &st);
        }
      g_ptr_array_add (entries, entry);
    }
  g_dir_close (dir);
  g_ptr_array_sort (entries, by_last_use);
  return entries;
}

GPtrArray *
isc_column_cache_list (void)
{
  return list_entries ();
}

static gboolean
remove_entry (const IscColumnCacheEntry *entry,
              GError                   **error)
{
  if (g_unlink (entry->path) == 0 || errno == ENOENT)
    return TRUE;
  {
    int saved = errno;

    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", entry->path, g_strerror (saved));
  }
  return FALSE;
}

guint64
isc_column_cache_tidy (guint64 room)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *dir = isc_column_cache_dir ();
  guint64 limit = isc_column_cache_limit ();
  guint64 total = 0, freed = 0, available;

  G_LOCK (tidy);
  entries = list_entries ();
  /* what can never be used again goes whatever the limit */
  for (guint i = 0; i < entries->len; i++)
    {
      IscColumnCacheEntry *e = g_ptr_array_index (entries, i);
      gboolean dead = !e->in_use && (e->temporary || e->source == ISC_COLUMN_CACHE_SOURCE_CHANGED);

      if (dead && remove_entry (e, NULL))
        {
          g_debug ("column cache: removed %s (%s)", e->path, e->temporary ? "dead temporary" : "source changed");
          freed += e->bytes;
          g_ptr_array_remove_index (entries, i--);
        }
      else
        total += e->bytes;
    }
  /* then the least recently used, while over the limit or short of room on the disk */
  available = filesystem_bytes (dir, TRUE);
  for (guint i = 0; i < entries->len; i++)
    {
      IscColumnCacheEntry *e = g_ptr_array_index (entries, i);

      if (total + room <= limit && available >= room)
        break;
      if (e->in_use || e->temporary || !remove_entry (e, NULL))
        continue;
      g_debug ("column cache: evicted %s (%" G_GUINT64_FORMAT " bytes, limit %" G_GUINT64_FORMAT ")",
               e->path, e->bytes, limit);
      total -= e->bytes;
      available += e->bytes;
      freed += e->bytes;
    }
  freed += remove_companions (FALSE);
  G_UNLOCK (tidy);
  return freed;
}

gboolean
isc_column_cache_clear (guint    *n_removed,
                        guint64  *bytes_freed,
                        GError  **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  guint n = 0;
  guint64 bytes = 0;
  gboolean ok = TRUE;

  G_LOCK (tidy);
  entries = list_entries ();
  for (guint i = 0; i < entries->len; i++)
    {
      IscColumnCacheEntry *e = g_ptr_array_index (entries, i);
      GError *local = NULL;

      if (e->in_use)
        continue;
      if (remove_entry (e, &local))
        {
          n++;
          bytes += e->bytes;
        }
      else if (ok)
        {
          g_propagate_error (error, local);
          ok = FALSE;
        }
      else
        g_error_free (local);
    }
  bytes += remove_companions (TRUE);
  G_UNLOCK (tidy);
  if (n_removed != NULL)
    *n_removed = n;
  if (bytes_freed != NULL)
    *bytes_freed = bytes;
  return ok;
}
