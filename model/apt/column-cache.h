/* column-cache.h: a native-order, column-per-channel copy of an APT data file in the user's
 * cache directory, memory-mapped by later loads of the same file.
 *
 * A .pos stores big-endian records of four floats; the analyses want one array per channel
 * in host order. The first load of a large .pos streams it into the cache and maps that; an
 * .epos is parsed and stored in the background. Converting once and mapping the result makes a later load of a
 * 10⁹-ion file cost page-cache lookups instead of a 16 GB copy: the arrays of the cloud are
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

/* The first load of a large .pos: streams the file into its cache in chunks of bounded size
 * (byte order swapped while converting; no copy of the whole file in memory) and returns the
 * mapped result, as isc_column_cache_open () would. NULL with @error when the cache cannot be
 * written (no directory, no space), when the file has anything the .pos reader would reject
 * (its message is better), or when @cancellable fires; the caller then parses the file. */
IscIonCloud *isc_column_cache_convert_pos (const char      *source_path,
                                           GCancellable    *cancellable,
                                           IscProgressFunc  progress,
                                           gpointer         progress_data,
                                           GError         **error);

/* The cache file that belongs to @source_path (whether or not it exists). */
char        *isc_column_cache_path   (const char        *source_path);

G_END_DECLS
