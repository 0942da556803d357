/* isc-job.h: runs long work (loading, analysis, export) in a worker thread with the window's
 * progress bar and Cancel button, and hands the result back on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "isc-error.h"
#include "isc-window.h"

G_BEGIN_DECLS

/* Runs in the worker thread. Returns the result (owned by the job until @done runs) or NULL
 * with @error set. Must poll @cancellable and may call @progress (thread-safe). */
typedef gpointer (*IscJobFunc) (gpointer          input,
                                GCancellable     *cancellable,
                                IscProgressFunc   progress,
                                gpointer          progress_data,
                                GError          **error);

/* Runs on the main thread when the job ends. @result is NULL on error or cancellation;
 * @error is NULL on success. The callee takes ownership of @result. */
typedef void (*IscJobDone) (IscWindow    *window,
                            gpointer      result,
                            const GError *error,
                            gpointer      user_data);

/* Starts @func on @input in a thread, or queues it behind the window's running job. @input_free (may be NULL) frees the input afterwards,
 * @result_free frees a result that nobody took (window closed). A cancelled job calls @done
 * with a G_IO_ERROR_CANCELLED error. */
void isc_job_run (IscWindow      *window,
                  const char     *label,
                  IscJobFunc      func,
                  gpointer        input,
                  GDestroyNotify  input_free,
                  GDestroyNotify  result_free,
                  IscJobDone      done,
                  gpointer        user_data);

G_END_DECLS
