/* isc-memory.h: asking before allocating arrays whose size comes from the data (per ion, per
 * voxel, per bin), so that a request too large for the machine ends in one clear error
 * instead of GLib's abort.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* FALSE with @error (ISC_ANALYSIS_ERROR, ISC_ERROR_IO: "@what needs SIZE of memory, which is
 * not available") when @bytes cannot be had: more than the address space left under the
 * process's limit (ulimit -v), more than the memory and swap the system has available, or
 * more than IONSCAPE_MEMORY_LIMIT bytes (a cap on every single request, for tests). A TRUE
 * answer is no promise (other processes allocate too): allocate with g_try_new afterwards. */
gboolean isc_memory_check (guint64      bytes,
                           const char  *what,
                           GError     **error);

/* isc_memory_check () of @n × @size bytes (FALSE when the product overflows), then
 * g_try_malloc (or g_try_malloc0 when @zeroed); NULL with @error when either fails.
 * Never NULL for @n = 0 (one element is allocated). Free with g_free. */
gpointer isc_memory_try_new (gsize        n,
                             gsize        size,
                             gboolean     zeroed,
                             const char  *what,
                             GError     **error);

G_END_DECLS
