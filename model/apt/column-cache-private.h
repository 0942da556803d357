/* column-cache-private.h: the layout of a column cache file, shared by column-cache.c (reading
 * and writing one) and column-cache-dir.c (listing, tidying and evicting them). Not public API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CACHE_MAGIC    "ISCCOL1\n"
#define CACHE_VERSION  1
#define CACHE_ALIGN    4096
#define CACHE_COLUMNS  11
#define CACHE_SUFFIX   ".iscol"
/* The source's absolute path, NUL-terminated, in the header block's padding (caches written
 * before it was there read as zeros: the source is then unknown, the cache still valid). */
#define CACHE_SOURCE_OFFSET 1024

typedef struct
{
  char    magic[8];
  guint32 version;
  guint32 header_bytes;
  guint64 n_ions;
  guint64 source_size;
  gint64  source_mtime_usec;
  guint32 column_mask;            /* bit k: column k is present */
  guint32 reserved;
  float   bounds_min[3];
  float   bounds_max[3];
  float   mq_min;
  float   mq_max;
  char    format[16];
  guint64 column_offset[CACHE_COLUMNS];
} CacheHeader;

G_STATIC_ASSERT (sizeof (CacheHeader) <= CACHE_SOURCE_OFFSET);

/* Size and modification time (µs) of @path as the header records them. */
gboolean isc_column_cache_source_stat (const char *path,
                                       guint64    *size,
                                       gint64     *mtime_usec);

/* Marks the cache open on @fd as used now (its access time; the modification time, which
 * mapped clouds compare, stays). */
void     isc_column_cache_touch       (int         fd);

G_END_DECLS
