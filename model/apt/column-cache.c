/* column-cache.c
 *
 * File layout (host byte order; the cache never leaves the machine that wrote it):
 *   bytes 0 … 4095   CacheHeader, zero padded
 *   then one column per channel present, n_ions × 4 bytes each, every column starting on a
 *   4096-byte boundary so that it maps as an aligned float (or guint32) array.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "apt-file.h"
#include "column-cache.h"
#include "column-cache-private.h"

/* The channels of a cloud, in file order; the first four are always present. */
static gpointer *
column_slot (IscIonCloud *cloud,
             guint        k)
{
  switch (k)
    {
    case 0: return (gpointer *) &cloud->x;
    case 1: return (gpointer *) &cloud->y;
    case 2: return (gpointer *) &cloud->z;
    case 3: return (gpointer *) &cloud->mq;
    case 4: return (gpointer *) &cloud->tof;
    case 5: return (gpointer *) &cloud->v_dc;
    case 6: return (gpointer *) &cloud->v_pulse;
    case 7: return (gpointer *) &cloud->det_x;
    case 8: return (gpointer *) &cloud->det_y;
    case 9: return (gpointer *) &cloud->pulse_delta;
    case 10: return (gpointer *) &cloud->multiplicity;
    default: g_return_val_if_reached (NULL);
    }
}

gboolean
isc_column_cache_wanted (guint64 size)
{
  const char *enabled = g_getenv ("IONSCAPE_COLUMN_CACHE");
  const char *min = g_getenv ("IONSCAPE_COLUMN_CACHE_MIN_BYTES");
  guint64 threshold = ISC_COLUMN_CACHE_MIN_BYTES;

  if (enabled != NULL && g_str_equal (enabled, "0"))
    return FALSE;
  if (min != NULL)
    threshold = g_ascii_strtoull (min, NULL, 10);
  return size >= threshold;
}

char *
isc_column_cache_path (const char *source_path)
{
  g_autofree char *absolute = g_canonicalize_filename (source_path, NULL);
  g_autofree char *key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, absolute, -1);
  g_autofree char *name = g_strconcat (key, CACHE_SUFFIX, NULL);
  g_autofree char *dir = isc_column_cache_dir ();

  return g_build_filename (dir, name, NULL);
}

gboolean
isc_column_cache_source_stat (const char *path,
                              guint64    *size,
                              gint64     *mtime_usec)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return FALSE;
  *size = (guint64) st.st_size;
  *mtime_usec = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
  return TRUE;
}

static guint64
align_up (guint64 offset)
{
  return (offset + CACHE_ALIGN - 1) / CACHE_ALIGN * CACHE_ALIGN;
}

static gboolean
pwrite_all (int          fd,
            const void  *data,
            gsize        n,
            guint64      offset,
            const char  *path,
            GError     **error)
{
  const char *p = data;

  while (n > 0)
    {
      gssize done = pwrite (fd, p, n, (off_t) offset);

      if (done < 0 && errno == EINTR)
        continue;
      if (done <= 0)
        {
          int saved = done < 0 ? errno : ENOSPC;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
          return FALSE;
        }
      p += done;
      n -= done;
      offset += done;
    }
  return TRUE;
}

IscIonCloud *
isc_column_cache_open (const char *source_path)
{
  g_autofree char *path = isc_column_cache_path (source_path);
  g_autoptr(GMappedFile) mapping = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  CacheHeader header;
  const char *bytes;
  guint64 length, size, columns_bytes;
  gint64 mtime;
  int fd;

  if (!isc_column_cache_source_stat (source_path, &size, &mtime))
    return NULL;
  /* writable maps copy-on-write: a stray write changes this process's pages, never the cache;
   * the descriptor stays open with the cloud, to notice the file changing under the mapping */
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return NULL;
  mapping = g_mapped_file_new_from_fd (fd, TRUE, NULL);
  if (mapping == NULL)
    {
      close (fd);
      return NULL;
    }
  bytes = g_mapped_file_get_contents (mapping);
  length = g_mapped_file_get_length (mapping);
  if (length < CACHE_ALIGN)
    {
      close (fd);
      return NULL;
    }
  memcpy (&header, bytes, sizeof header);
  if (memcmp (header.magic, CACHE_MAGIC, 8) != 0 || header.version != CACHE_VERSION
      || header.header_bytes != CACHE_ALIGN || header.n_ions == 0
      || header.source_size != size || header.source_mtime_usec != mtime
      || (header.column_mask & 0xf) != 0xf || header.column_mask >> CACHE_COLUMNS != 0
      || header.n_ions > G_MAXSIZE / 4)
    {
      close (fd);
      return NULL;
    }

  columns_bytes = header.n_ions * 4;
  cloud = isc_ion_cloud_new_mapped (header.n_ions, mapping, fd);
  for (guint k = 0; k < CACHE_COLUMNS; k++)
    {
      guint64 offset = header.column_offset[k];

      if (!(header.column_mask & (1u << k)))
        continue;
      /* every column inside the file, aligned: a damaged cache is ignored, never read past */
      if (offset % CACHE_ALIGN != 0 || offset < CACHE_ALIGN || offset > length
          || columns_bytes > length - offset)
        return NULL;
      *column_slot (cloud, k) = (gpointer) (bytes + offset);
    }
  header.format[sizeof header.format - 1] = '\0';
  memcpy (cloud->bounds_min, header.bounds_min, sizeof cloud->bounds_min);
  memcpy (cloud->bounds_max, header.bounds_max, sizeof cloud->bounds_max);
  cloud->mq_min = header.mq_min;
  cloud->mq_max = header.mq_max;
  cloud->source_path = g_strdup (source_path);
  cloud->format = g_strdup (header.format);
  /* the least recently used caches go first when the cache is over its limit */
  isc_column_cache_touch (fd);
  /* once a process, with this cache mapped (so kept): what killed runs left behind goes */
  {
    static gsize tidied = 0;

    if (g_once_init_enter (&tidied))
      {
        isc_column_cache_tidy (0);
        g_once_init_leave (&tidied, 1);
      }
  }
  return g_steal_pointer (&cloud);
}

void
isc_column_cache_touch (int fd)
{
  const struct timespec times[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };

  futimens (fd, times);
}

static gboolean
write_all (FILE       *stream,
           const void *data,
           gsize       n)
{
  return n == 0 || fwrite (data, 1, n, stream) == n;
}

/* The header block: @header, then the source's absolute path (when it fits), zero padded. */
static void
header_block (guint8            *block,
              const CacheHeader *header,
              const char        *source_path)
{
  g_autofree char *absolute = g_canonicalize_filename (source_path, NULL);

  memset (block, 0, CACHE_ALIGN);
  memcpy (block, header, sizeof *header);
  if (strlen (absolute) < CACHE_ALIGN - CACHE_SOURCE_OFFSET)
    memcpy (block + CACHE_SOURCE_OFFSET, absolute, strlen (absolute));
}

static gboolean
pad_to (FILE    *stream,
        guint64  from,
        guint64  to)
{
  static const char zeros[CACHE_ALIGN] = { 0 };

  return write_all (stream, zeros, (gsize) (to - from));
}

gboolean
isc_column_cache_store (const char        *source_path,
                        const IscIonCloud *cloud,
                        GError           **error)
{
  g_autofree char *path = isc_column_cache_path (source_path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  CacheHeader header = { { 0 } };
  g_autofree guint8 *block = g_malloc (CACHE_ALIGN);
  guint64 offset;
  FILE *stream;
  gboolean ok = TRUE;
  int fd, saved;

  g_return_val_if_fail (cloud != NULL && cloud->n_ions > 0, FALSE);
  if (!isc_column_cache_source_stat (source_path, &header.source_size, &header.source_mtime_usec))
    {
      saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", source_path, g_strerror (saved));
      return FALSE;
    }
  offset = CACHE_ALIGN;
  for (guint k = 0; k < CACHE_COLUMNS; k++)
    if (*column_slot ((IscIonCloud *) cloud, k) != NULL)
      offset += align_up ((guint64) cloud->n_ions * 4);
  isc_column_cache_tidy (offset);
  if (g_mkdir_with_parents (dir, 0700) != 0 || (fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600)) < 0)
    {
      saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  /* held while writing: a tidy in another process sees the temporary in use */
  flock (fd, LOCK_EX | LOCK_NB);
  stream = fdopen (fd, "wb");
  if (stream == NULL)
    {
      close (fd);
      g_unlink (tmp);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot write", tmp);
      return FALSE;
    }

  memcpy (header.magic, CACHE_MAGIC, 8);
  header.version = CACHE_VERSION;
  header.header_bytes = CACHE_ALIGN;
  header.n_ions = cloud->n_ions;
  memcpy (header.bounds_min, cloud->bounds_min, sizeof header.bounds_min);
  memcpy (header.bounds_max, cloud->bounds_max, sizeof header.bounds_max);
  header.mq_min = cloud->mq_min;
  header.mq_max = cloud->mq_max;
  g_strlcpy (header.format, cloud->format != NULL ? cloud->format : "", sizeof header.format);
  offset = CACHE_ALIGN;
  for (guint k = 0; k < CACHE_COLUMNS; k++)
    if (*column_slot ((IscIonCloud *) cloud, k) != NULL)
      {
        header.column_mask |= 1u << k;
        header.column_offset[k] = offset;
        offset = align_up (offset + (guint64) cloud->n_ions * 4);
      }

  header_block (block, &header, source_path);
  ok = write_all (stream, block, CACHE_ALIGN);
  offset = CACHE_ALIGN;
  for (guint k = 0; ok && k < CACHE_COLUMNS; k++)
    if (header.column_mask & (1u << k))
      {
        guint64 end = offset + (guint64) cloud->n_ions * 4;

        ok = write_all (stream, *column_slot ((IscIonCloud *) cloud, k), (gsize) cloud->n_ions * 4)
             && pad_to (stream, end, align_up (end));
        offset = align_up (end);
      }
  saved = errno;
  if (ok && fflush (stream) != 0)
    {
      saved = errno;
      ok = FALSE;
    }
  /* only a complete file gets the name later loads look for (renamed while still locked) */
  if (ok && g_rename (tmp, path) != 0)
    {
      saved = errno;
      ok = FALSE;
    }
  if (fclose (stream) != 0 && ok)
    {
      saved = errno;
      g_unlink (path);
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (tmp);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char        *source_path;
  IscIonCloud *cloud;
} StoreJob;

G_LOCK_DEFINE_STATIC (writers);
static GPtrArray *writers;   /* GThread* of the stores not yet waited for */

static gpointer
store_thread (gpointer data)
{
  StoreJob *job = data;
  g_autoptr(GError) error = NULL;

  if (!isc_column_cache_store (job->source_path, job->cloud, &error))
    g_debug ("column cache of %s: %s", job->source_path, error->message);
  isc_ion_cloud_unref (job->cloud);
  g_free (job->source_path);
  g_free (job);
  return NULL;
}

void
isc_column_cache_store_in_background (const char  *source_path,
                                      IscIonCloud *cloud)
{
  StoreJob *job = g_new0 (StoreJob, 1);
  GThread *thread;

  job->source_path = g_strdup (source_path);
  job->cloud = isc_ion_cloud_ref (cloud);
  thread = g_thread_try_new ("isc-column-cache", store_thread, job, NULL);

  if (thread == NULL)
    {
      /* no thread to spare (a process at its limits): the next load parses again */
      isc_ion_cloud_unref (job->cloud);
      g_free (job->source_path);
      g_free (job);
      return;
    }
  G_LOCK (writers);
  if (writers == NULL)
    writers = g_ptr_array_new ();
  g_ptr_array_add (writers, thread);
  G_UNLOCK (writers);
}

void
isc_column_cache_wait (void)
{
  for (;;)
    {
      GThread *thread = NULL;

      G_LOCK (writers);
      if (writers != NULL && writers->len > 0)
        thread = g_ptr_array_steal_index (writers, writers->len - 1);
      G_UNLOCK (writers);
      if (thread == NULL)
        return;
      g_thread_join (thread);
    }
}

/* ---- The first load of a .pos or .epos: streamed into the cache ------------------------- */

#define CONVERT_BYTES (16u << 20)   /* records per read: 16 MiB in, one column of them out */

/* Where a cache column comes from in a record: a big-endian word at @offset, a float scaled by
 * @scale (the .epos reader gives kV as V) or a plain word, and whether it must be finite. */
typedef struct
{
  guint  column;     /* column_slot () index */
  guint  offset;     /* bytes into the record */
  float  scale;      /* 0: copied as a word */
  gboolean finite;   /* a position or m/n: the reader rejects the file otherwise */
} ConvertColumn;

typedef struct
{
  const char          *format;
  const char          *suffix;
  guint                record;     /* bytes, a multiple of 4 */
  guint                n_columns;
  const ConvertColumn *columns;
} ConvertLayout;

/* As pos-io.c and epos-io.c read them: the cache must equal the parsed cloud bit for bit. */
static const ConvertColumn pos_columns[] = {
  { 0, 0, 1.0f, TRUE }, { 1, 4, 1.0f, TRUE }, { 2, 8, 1.0f, TRUE }, { 3, 12, 1.0f, TRUE },
};
static const ConvertColumn epos_columns[] = {
  { 0, 0, 1.0f, TRUE }, { 1, 4, 1.0f, TRUE }, { 2, 8, 1.0f, TRUE }, { 3, 12, 1.0f, TRUE },
  { 4, 16, 1.0f, FALSE },                       /* tof, ns */
  { 5, 20, 1000.0f, FALSE },                    /* v_dc, kV → V */
  { 6, 24, 1000.0f, FALSE },                    /* v_pulse, kV → V */
  { 7, 28, 1.0f, FALSE }, { 8, 32, 1.0f, FALSE },  /* detector x, y, mm */
  { 9, 36, 0.0f, FALSE },                       /* pulses since the previous event */
  { 10, 40, 0.0f, FALSE },                      /* ions in the event */
};
static const ConvertLayout layouts[] = {
  { "pos", ".pos", 16, G_N_ELEMENTS (pos_columns), pos_columns },
  { "epos", ".epos", 44, G_N_ELEMENTS (epos_columns), epos_columns },
};

/* One column of @count records into @out (host order, scaled as the reader does), its range
 * folded into @lo/@hi in file order (as isc_ion_cloud_update_bounds () does). FALSE when a
 * value that must be finite is not. */
static gboolean
convert_column (const guint32       *in,
                gsize                count,
                guint                words,
                const ConvertColumn *c,
                guint32             *out,
                float               *lo,
                float               *hi)
{
  const guint32 *p = in + c->offset / 4;
  guint32 bad = 0;

  if (c->scale == 0.0f)
    {
      for (gsize i = 0; i < count; i++)
        out[i] = GUINT32_FROM_BE (p[i * words]);
      return TRUE;
    }
  if (c->scale != 1.0f)
    {
      for (gsize i = 0; i < count; i++)
        {
          guint32 v = GUINT32_FROM_BE (p[i * words]);
          float f;

          memcpy (&f, &v, 4);
          f *= c->scale;
          memcpy (&out[i], &f, 4);
        }
      return TRUE;
    }
  if (!c->finite)
    {
      for (gsize i = 0; i < count; i++)
        out[i] = GUINT32_FROM_BE (p[i * words]);
      return TRUE;
    }
  {
    float l = *lo, h = *hi;

    for (gsize i = 0; i < count; i++)
      {
        guint32 v = GUINT32_FROM_BE (p[i * words]);
        float f;

        bad |= (v & 0x7f800000u) == 0x7f800000u;
        out[i] = v;
        memcpy (&f, &v, 4);
        l = MIN (l, f);
        h = MAX (h, f);
      }
    *lo = l;
    *hi = h;
  }
  return !bad;
}

IscIonCloud *
isc_column_cache_convert (const char       *source_path,
                          GCancellable     *cancellable,
                          IscProgressFunc   progress,
                          gpointer          progress_data,
                          GError          **error)
{
  g_autofree char *path = isc_column_cache_path (source_path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  g_autofree guint32 *in = NULL;
  g_autofree guint32 *out = NULL;
  const ConvertLayout *layout = NULL;
  CacheHeader header = { { 0 } };
  IscAptFile file;
  float lo[4] = { INFINITY, INFINITY, INFINITY, INFINITY };
  float hi[4] = { -INFINITY, -INFINITY, -INFINITY, -INFINITY };
  guint8 magic[8] = { 0 };
  guint64 n_ions, length, offset, chunk;
  gboolean ok = TRUE;
  int fd, saved;

  for (guint l = 0; l < G_N_ELEMENTS (layouts); l++)
    {
      gsize n = strlen (source_path), m = strlen (layouts[l].suffix);

      if (n > m && g_ascii_strcasecmp (source_path + n - m, layouts[l].suffix) == 0)
        layout = &layouts[l];
    }
  if (layout == NULL)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_UNSUPPORTED, "%s: only .pos and .epos stream into the cache",
                   source_path);
      return NULL;
    }
  if (!isc_column_cache_source_stat (source_path, &header.source_size, &header.source_mtime_usec))
    {
      saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", source_path, g_strerror (saved));
      return NULL;
    }
  n_ions = header.source_size / layout->record;
  /* anything the reader would reject is left to it, for its message */
  if (header.source_size % layout->record != 0 || n_ions == 0 || n_ions > G_MAXSIZE / 64)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: not a whole number of %s records",
                   source_path, layout->suffix);
      return NULL;
    }
  if (!isc_apt_file_open (&file, source_path, error))
    return NULL;
  /* a file with a signature is another format whatever its name (apt-load.c reads it so) */
  if (!isc_apt_file_read (&file, magic, MIN (sizeof magic, header.source_size), 0, error))
    {
      isc_apt_file_close (&file);
      return NULL;
    }
  if (memcmp (magic, "APT\0", 4) == 0 || memcmp (magic, "\x89HDF\r\n\x1a\n", 8) == 0)
    {
      isc_apt_file_close (&file);
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_UNSUPPORTED, "%s: a signature at byte 0, not %s records",
                   source_path, layout->suffix);
      return NULL;
    }
  length = CACHE_ALIGN;
  for (guint k = 0; k < layout->n_columns; k++)
    length += align_up (n_ions * 4);
  /* a cache this process could not map (ulimit -v) is not worth its disk: the reader then says
   * what memory is missing */
  {
    struct rlimit as;

    if (getrlimit (RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY && length > as.rlim_cur)
      {
        isc_apt_file_close (&file);
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOMEM, "%s: a cache of %" G_GUINT64_FORMAT
                     " bytes would not map within the address-space limit", path, length);
        return NULL;
      }
  }
  isc_column_cache_tidy (length);
  if (g_mkdir_with_parents (dir, 0700) != 0 || (fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600)) < 0)
    {
      saved = errno;
      isc_apt_file_close (&file);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
      return NULL;
    }
  /* held until the file is renamed or removed: a tidy in another process sees it in use */
  flock (fd, LOCK_EX | LOCK_NB);

  memcpy (header.magic, CACHE_MAGIC, 8);
  header.version = CACHE_VERSION;
  header.header_bytes = CACHE_ALIGN;
  header.n_ions = n_ions;
  offset = CACHE_ALIGN;
  for (guint k = 0; k < layout->n_columns; k++)
    {
      header.column_mask |= 1u << layout->columns[k].column;
      header.column_offset[layout->columns[k].column] = offset;
      offset += align_up (n_ions * 4);
    }
  /* the whole file's blocks first: a full disk says so now, not in the middle */
  saved = posix_fallocate (fd, 0, (off_t) length);
  if (saved != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", tmp, g_strerror (saved));
      ok = FALSE;
    }

  chunk = MIN (n_ions, CONVERT_BYTES / layout->record);
  in = g_new (guint32, (gsize) chunk * layout->record / 4);
  out = g_new (guint32, (gsize) chunk);
  for (guint64 start = 0; ok && start < n_ions; start += chunk)
    {
      gsize count = (gsize) MIN (chunk, n_ions - start);

      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || !isc_apt_file_read (&file, in, count * layout->record, start * layout->record, error))
        {
          ok = FALSE;
          break;
        }
      /* one column at a time from the records, swapped to host order */
      for (guint k = 0; ok && k < layout->n_columns; k++)
        {
          const ConvertColumn *c = &layout->columns[k];
          guint b = MIN (c->column, 3);

          if (!convert_column (in, count, layout->record / 4, c, out, &lo[b], &hi[b]))
            {
              /* the reader names the ion and the byte */
              g_set_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID, "%s: a non-finite value", source_path);
              ok = FALSE;
              break;
            }
          ok = pwrite_all (fd, out, count * 4, header.column_offset[c->column] + start * 4, tmp, error);
        }
      if (ok && progress != NULL)
        progress ((double) (start + count) / n_ions, progress_data);
    }
  isc_apt_file_close (&file);

  if (ok)
    {
      memcpy (header.bounds_min, lo, sizeof header.bounds_min);
      memcpy (header.bounds_max, hi, sizeof header.bounds_max);
      header.mq_min = lo[3];
      header.mq_max = hi[3];
      g_strlcpy (header.format, layout->format, sizeof header.format);
      g_autofree guint8 *block = g_malloc (CACHE_ALIGN);

      header_block (block, &header, source_path);
      ok = pwrite_all (fd, block, CACHE_ALIGN, 0, tmp, error);
    }
  /* only a complete file gets the name later loads look for (renamed while still locked) */
  if (ok && g_rename (tmp, path) != 0)
    {
      saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp);
  if (close (fd) != 0 && ok)
    {
      saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      g_unlink (path);
      ok = FALSE;
    }
  if (!ok)
    return NULL;
  {
    IscIonCloud *cloud = isc_column_cache_open (source_path);

    if (cloud == NULL)
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: written but not readable", path);
    return cloud;
  }
}

IscIonCloud *
isc_column_cache_convert_pos (const char       *source_path,
                              GCancellable     *cancellable,
                              IscProgressFunc   progress,
                              gpointer          progress_data,
                              GError          **error)
{
  return isc_column_cache_convert (source_path, cancellable, progress, progress_data, error);
}
