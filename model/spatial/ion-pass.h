/* ion-pass.h: one chunked, parallel pass over the ions (or any index range), with progress and
 * cancellation in one place, for every spatial analysis.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ion-cloud.h"
#include "isc-error.h"

G_BEGIN_DECLS

#define ISC_ION_PASS_CHUNK       65536  /* items per chunk */
#define ISC_ION_PASS_MAX_WORKERS 16

/* Called for items @first … @first + @n − 1 by worker @worker (0 … n_workers − 1). Chunks are
 * handed out in order but run concurrently on different workers: the function may only write
 * to state of its own worker (index the caller's per-worker arrays by @worker) or to the
 * slots of its own items. */
typedef void (*IscIonPassFunc) (gsize    first,
                                gsize    n,
                                guint    worker,
                                gpointer user_data);

/* Workers a pass uses by default: the processors (IONSCAPE_WORKERS overrides it, for tests and
 * benchmarks), at most ISC_ION_PASS_MAX_WORKERS. Results never depend on it. */
guint    isc_ion_pass_default_workers (void);

/* Bytes an analysis that files the ions of a region (fixed-count profiles, spatial frequency
 * blocks) holds at once: more ions are filed in bands, one pass over the file each, so its
 * memory stays bounded at any size (1.5 GiB; IONSCAPE_BAND_BYTES overrides it, for tests).
 * Results never depend on it. */
guint64  isc_ion_pass_band_bytes      (void);

/* Runs @func over [0, @n_items) in chunks of @chunk items (0: ISC_ION_PASS_CHUNK) on @n_workers
 * threads (0: the default; one thread when there are few items; the calling thread is worker 0).
 * Progress goes from @progress_from to @progress_to as chunks finish, from worker 0 only.
 * Returns FALSE with G_IO_ERROR_CANCELLED once @cancellable fires (chunks already started
 * finish first). */
gboolean isc_parallel_run             (gsize            n_items,
                                       gsize            chunk,
                                       guint            n_workers,
                                       IscIonPassFunc   func,
                                       gpointer         user_data,
                                       GCancellable    *cancellable,
                                       IscProgressFunc  progress,
                                       gpointer         progress_data,
                                       double           progress_from,
                                       double           progress_to,
                                       GError         **error);

/* isc_parallel_run () reading the channels of @cloud: before each chunk it checks that the
 * file they may be mapped from is still whole (isc_ion_cloud_check_mapping ()) and otherwise
 * stops with that error, so a cache truncated under the program never raises SIGBUS. */
gboolean isc_ion_pass_run_full        (const IscIonCloud *cloud,
                                       gsize              n_items,
                                       gsize              chunk,
                                       guint              n_workers,
                                       IscIonPassFunc     func,
                                       gpointer           user_data,
                                       GCancellable      *cancellable,
                                       IscProgressFunc    progress,
                                       gpointer           progress_data,
                                       double             progress_from,
                                       double             progress_to,
                                       GError           **error);

/* isc_ion_pass_run_full () over the ions of @cloud (items = ion indices), progress 0 → 1. */
gboolean isc_ion_pass_run             (const IscIonCloud *cloud,
                                       guint              n_workers,
                                       IscIonPassFunc     func,
                                       gpointer           user_data,
                                       GCancellable      *cancellable,
                                       IscProgressFunc    progress,
                                       gpointer           progress_data,
                                       GError           **error);

G_END_DECLS
