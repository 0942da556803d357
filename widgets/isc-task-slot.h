/* isc-task-slot.h: one background computation per widget, where the latest request wins.
 *
 * A widget that recomputes in a worker thread (a spectrum, an FFT, an analysis) owns one slot.
 * isc_task_slot_run () cancels the run before it and starts a new one; only the newest run's
 * result reaches @done, on the main context of the thread that created the slot. Progress
 * from the worker is coalesced into one pending idle. Freeing the slot (in dispose) cancels the
 * run and never waits: a result that arrives later is freed, and @done is not called.
 *
 * The worker must not touch the widget. Give it what it needs as @input: references to
 * shared, immutable data (an ion cloud, an image) and copies of settings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "isc-error.h"

G_BEGIN_DECLS

typedef struct _IscTaskSlot IscTaskSlot;

/* Runs in a worker thread. Returns the result (freed with @result_free if nobody takes it) or
 * NULL with @error set. Polls @cancellable; may call @progress (any thread, any rate). */
typedef gpointer (*IscTaskSlotFunc) (gpointer          input,
                                     GCancellable     *cancellable,
                                     IscProgressFunc   progress,
                                     gpointer          progress_data,
                                     GError          **error);

/* Main thread, newest run only, while the owner is alive. The callee owns @result (NULL on
 * error); @error is NULL on success and never G_IO_ERROR_CANCELLED. */
typedef void (*IscTaskSlotDone) (gpointer      owner,
                                 gpointer      result,
                                 const GError *error);

/* Main thread, newest run only, at most one call per main-loop iteration. */
typedef void (*IscTaskSlotProgress) (gpointer owner,
                                     double   fraction);

/* @owner: the widget (held by a weak reference, not owned). @progress may be NULL. */
IscTaskSlot *isc_task_slot_new      (gpointer             owner,
                                     IscTaskSlotProgress  progress);

/* Cancels any running computation, then runs @func on @input in a thread. @input_free
 * (may be NULL) frees @input when the worker is done with it. */
void         isc_task_slot_run      (IscTaskSlot         *slot,
                                     IscTaskSlotFunc      func,
                                     gpointer             input,
                                     GDestroyNotify       input_free,
                                     GDestroyNotify       result_free,
                                     IscTaskSlotDone      done);

/* Cancels the running computation, if any; its result will be dropped. */
void         isc_task_slot_cancel   (IscTaskSlot         *slot);

/* TRUE from isc_task_slot_run () until its @done has been called or it was cancelled. */
gboolean     isc_task_slot_is_busy  (IscTaskSlot         *slot);

/* Cancels and frees; safe while a worker is running (it finishes on its own). */
void         isc_task_slot_free     (IscTaskSlot         *slot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscTaskSlot, isc_task_slot_free)

G_END_DECLS
