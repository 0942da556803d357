/* demo.h: the demo project generator — real files in real formats, from a fixed seed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "isc-error.h"

G_BEGIN_DECLS

/* Writes every part of the demo project below @dir (created when missing): for now the APT
 * part (DIR/apt/…, see demo-apt.h). Each part is one function in demo.c's table; progress runs
 * over all parts. Callable from a worker thread. */
gboolean isc_demo_write (const char       *dir,
                         GCancellable     *cancellable,
                         IscProgressFunc   progress,
                         gpointer          progress_data,
                         GError          **error);

/* Creates DIR/@name (and its parents) and returns its path, or NULL with @error (naming the
 * folder) when it cannot be made or @cancellable is cancelled. For the parts of the demo. */
char    *isc_demo_make_folder (const char    *dir,
                               const char    *name,
                               GCancellable  *cancellable,
                               GError       **error);

G_END_DECLS
