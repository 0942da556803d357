/* column-cache.h: a native-order, column-per-channel copy of an APT data file in the user's
 * cache directory, memory-mapped by later loads of the same file.
 *
 * A .pos stores big-endian records of four floats, an .epos of eleven words; the analyses want
 * one array per channel in host order. The first load of a large .pos or .epos streams it into
 * the cache and maps that (a file the cache cannot take is parsed and its cache stored in the
 * background). Converting once and mapping the result makes a later load of a 10⁹-ion file
 * cost page-cache lookups instead of a 16 GB copy: the arrays of the cloud are
 * file-backed pages the kernel may drop and re-read, so the only private memory per ion is
 * the range index (1 byte). The cache is keyed by the source's absolute path and checked
 * against its size and modification time, so a changed source is parsed again.
 *
 * The cache, not the source, is the zero-copy form: reading a .pos in place would mean strided,
 * byte-swapping loads in every analysis loop, the GL upload and the spatial index; one
 * conversion keeps all of them on plain host-order arrays. A mapped cloud keeps the cache's
 * descriptor so passes can see it truncated under them (isc_ion_cloud_check_mapping ()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ion-cloud.h"

G_BEGIN_DECLS

/* Sources smaller than this load from the file itself (parsing is as fast as mapping).
 * IONSCAPE_COLUMN_CACHE_MIN_BYTES overrides it; IONSCAPE_COLUMN_CACHE=0 turns the cache off. */
#define ISC_COLUMN_CACHE_MIN_BYTES (G_GUINT64_CONSTANT (64) << 20)

/* Whether a source of @size bytes goes through the cache. */
gboolean     isc_column_cache_wanted (guint64            size);

/* The cached columns of @source_path, mapped (isc_ion_cloud_is_mapped () is TRUE), or NULL
 * when there is no valid cache for the file as it is now (never an error: the caller then
 * parses the source). */
IscIonCloud *isc_column_cache_open   (const char        *source_path);

/* Writes @cloud's channels as the cache of @source_path (atomically: a temporary file renamed
 * into place). FALSE with @error when the cache directory cannot take it. */
gboolean     isc_column_cache_store  (const char        *source_path,
                                      const IscIonCloud *cloud,
                                      GError           **error);

/* isc_column_cache_store () in a thread of its own, holding a reference to @cloud (which must
 * stay unchanged: clouds are immutable once shared), so a load returns as soon as it has
 * parsed; failures are only logged. The next load of the file maps what it wrote. */
void         isc_column_cache_store_in_background (const char  *source_path,
                                                   IscIonCloud *cloud);
/* Waits for every background store of this process (the CLI before it exits, tests). */
void         isc_column_cache_wait   (void);

/* The first load of a large .pos or .epos (by suffix): streams the file into its cache in
 * 16 MiB chunks (byte order swapped and channels scaled as the readers do; no copy of the
 * whole file in memory) and returns the mapped result, as isc_column_cache_open () would: the
 * same cloud, bit for bit, as the reader's. NULL with @error when the cache cannot be written
 * (G_FILE_ERROR: no directory, no space), when the file has anything the reader would reject
 * (ISC_APT_ERROR: its message is better; ISC_ERROR_UNSUPPORTED: another format's signature at
 * byte 0), or when @cancellable fires; the caller then parses the file. Makes room first (isc_column_cache_tidy ()). */
IscIonCloud *isc_column_cache_convert     (const char      *source_path,
                                           GCancellable    *cancellable,
                                           IscProgressFunc  progress,
                                           gpointer         progress_data,
                                           GError         **error);
/* The same, kept for callers of the .pos-only name. */
IscIonCloud *isc_column_cache_convert_pos (const char      *source_path,
                                           GCancellable    *cancellable,
                                           IscProgressFunc  progress,
                                           gpointer         progress_data,
                                           GError         **error);

/* The cache file that belongs to @source_path (whether or not it exists). */
char        *isc_column_cache_path   (const char        *source_path);

/* ---- The cache directory: limit, tidy, list, clear (column-cache-dir.c) ----
 *
 * A 10⁹-ion .pos leaves a 16 GB cache and an .epos 44 GB, so the directory is kept in bounds:
 * - a temporary (CACHE.iscol.XXXXXX) is removed once no process writes it (the writer holds
 *   an flock on it) and it is a minute old, or in any case after a day;
 * - a cache whose source has changed (size or time) can never be used again and is removed;
 * - then whole caches go, least recently used first (the access time, set on each open), while
 *   the directory holds more than the limit, or while the disk lacks room for a cache about to
 *   be written. A cache mapped by this process is never removed; one mapped by another process
 *   may be (caches are only ever unlinked, never truncated, so its mapping stays valid).
 * The cache being written is always written, even when it alone exceeds the limit: without it
 * its first load would need the whole file in memory. */

/* The limit in bytes: IONSCAPE_CACHE_LIMIT ("40G", "500M", "10%" of the cache's file system,
 * or bytes), otherwise ISC_COLUMN_CACHE_DEFAULT_PERCENT of the file system, at least
 * ISC_COLUMN_CACHE_DEFAULT_MIN (journald keeps its logs to 10 % of a disk the same way). */
#define ISC_COLUMN_CACHE_DEFAULT_PERCENT 10
#define ISC_COLUMN_CACHE_DEFAULT_MIN     (G_GUINT64_CONSTANT (4) << 30)
guint64      isc_column_cache_limit  (void);

/* The directory of the caches ($XDG_CACHE_HOME/ionscape/columns). */
char        *isc_column_cache_dir    (void);

/* Removes dead temporaries and useless caches, then evicts as above so that @room more bytes
 * fit under the limit and on the disk. Returns the bytes freed. Runs once per process at the
 * first cache opened, and before each cache is written. Thread-safe, safe across processes. */
guint64      isc_column_cache_tidy   (guint64            room);

typedef enum
{
  ISC_COLUMN_CACHE_SOURCE_CURRENT,   /* the source is as the cache recorded it */
  ISC_COLUMN_CACHE_SOURCE_CHANGED,   /* other size or time: the cache is useless */
  ISC_COLUMN_CACHE_SOURCE_MISSING,   /* gone (or on a disk not mounted now) */
  ISC_COLUMN_CACHE_SOURCE_UNKNOWN,   /* a cache from before the source was recorded, or damaged */
} IscColumnCacheSource;

typedef struct
{
  char                 *path;         /* the cache file */
  char                 *source_path;  /* the data file it holds, or NULL when unknown */
  char                 *format;       /* "pos", "epos", … ("" when unknown) */
  guint64               n_ions;
  guint64               bytes;        /* on disk */
  gint64                last_used;    /* Unix time, s */
  gboolean              temporary;    /* a conversion in progress or a dead one */
  gboolean              in_use;       /* mapped by this process, or a temporary being written */
  IscColumnCacheSource  source;
} IscColumnCacheEntry;

void         isc_column_cache_entry_free (IscColumnCacheEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscColumnCacheEntry, isc_column_cache_entry_free)

/* The caches and temporaries of the directory, least recently used first (an empty array when
 * there is no directory). */
GPtrArray   *isc_column_cache_list   (void);

/* Removes every cache and temporary not in use; @n_removed and @bytes_freed (may be NULL) say
 * how many and how much. FALSE with @error when one could not be removed (the others are). */
gboolean     isc_column_cache_clear  (guint             *n_removed,
                                      guint64           *bytes_freed,
                                      GError           **error);

G_END_DECLS
