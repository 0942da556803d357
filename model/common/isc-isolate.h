/* isc-isolate.h: run a reader in a child process, so that a crash, an endless loop or a
 * runaway allocation inside a third-party library (libhdf5 on a damaged file) ends the child
 * and becomes an error message, instead of taking the application and its unsaved work down.
 *
 * The child is a fork () of the caller: it runs @func, which writes its result through an
 * IscIsolateWriter into an anonymous memory file; the caller reads it back with an
 * IscIsolateReader once the child has exited. The child has a time limit (and, outside
 * AddressSanitizer builds, a memory limit); the caller's GCancellable kills it at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _IscIsolateWriter IscIsolateWriter;

/* Runs in the child. Writes the result with isc_isolate_write_* and returns TRUE, or returns
 * FALSE with @error, which is handed back to the caller with its domain, code and message. */
typedef gboolean (*IscIsolatedFunc) (IscIsolateWriter  *writer,
                                     gpointer           user_data,
                                     GError           **error);

typedef struct
{
  double  timeout_s;     /* wall-clock limit for the child; ≤ 0: 10 s */
  guint64 memory_bytes;  /* extra address space the child may use; 0: 2 GiB */
} IscIsolateLimits;

/* Limits for reading @file_size bytes: 5 s plus 1 s per 40 MB, memory 2 GiB plus 8× the
 * file (decompressed HDF5 data can be several times larger than the file). */
IscIsolateLimits isc_isolate_limits_for_file (guint64 file_size);

/* Runs @func (@user_data) in a child process. Returns the bytes it wrote (free with
 * g_bytes_unref), or NULL with @error: the child's own error, or, when the child crashed,
 * ran out of time or memory, or was cancelled, a message in @domain naming @path. */
GBytes  *isc_isolate_run           (const char              *path,
                                    GQuark                   domain,
                                    IscIsolatedFunc          func,
                                    gpointer                 user_data,
                                    const IscIsolateLimits  *limits,
                                    GCancellable            *cancellable,
                                    GError                 **error);

/* Writers (child side). Each returns FALSE only when the memory file cannot grow; the
 * child then fails as a whole. */
gboolean isc_isolate_write         (IscIsolateWriter  *writer,
                                    const void        *data,
                                    gsize              len);
gboolean isc_isolate_write_u64     (IscIsolateWriter  *writer,
                                    guint64            value);
gboolean isc_isolate_write_double  (IscIsolateWriter  *writer,
                                    double             value);
/* A length-prefixed string; NULL is written as absent and read back as NULL. */
gboolean isc_isolate_write_string  (IscIsolateWriter  *writer,
                                    const char        *text);

/* Reader (caller side): a cursor over the bytes the child wrote. Every read checks the
 * remaining length, so a short or garbled result ends in FALSE, never an overread. */
typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
  gboolean      failed;
} IscIsolateReader;

void        isc_isolate_reader_init   (IscIsolateReader *reader,
                                       GBytes           *bytes);
gboolean    isc_isolate_read          (IscIsolateReader *reader,
                                       void             *out,
                                       gsize             len);
guint64     isc_isolate_read_u64      (IscIsolateReader *reader);
double      isc_isolate_read_double   (IscIsolateReader *reader);
/* A new string, or NULL when absent or on failure (see reader->failed). */
char       *isc_isolate_read_string   (IscIsolateReader *reader);

G_END_DECLS
