/* isc-task-slot.c: one background computation per widget, where the latest request wins.
 *
 * Each run is a small reference-counted record shared by the slot (main thread), the worker
 * thread and the pending progress idle. The slot points at its newest run; a run that is no
 * longer the slot's newest, or whose slot is gone, is stale, and its result is freed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "isc-task-slot.h"

typedef struct _Run Run;

struct _IscTaskSlot
{
  GWeakRef             owner;
  IscTaskSlotProgress  progress;
  GMainContext        *context;
  Run                 *current;     /* the newest run (owned), or NULL when idle */
};

struct _Run
{
  /* Main thread only */
  IscTaskSlot     *slot;            /* NULL once the slot is freed */
  IscTaskSlotDone  done;

  /* Set before the worker starts, read-only after */
  IscTaskSlotFunc  func;
  gpointer         input;
  GDestroyNotify   input_free;
  GDestroyNotify   result_free;
  GCancellable    *cancellable;
  GMainContext    *context;

  /* Worker → main thread progress, under lock */
  GMutex           lock;
  double           fraction;
  gboolean         progress_pending;
};

static void
run_clear (Run *run)
{
  if (run->input_free != NULL && run->input != NULL)
    run->input_free (run->input);
  g_clear_object (&run->cancellable);
  g_main_context_unref (run->context);
  g_mutex_clear (&run->lock);
}

static Run *
run_ref (Run *run)
{
  return g_atomic_rc_box_acquire (run);
}

static void
run_unref (Run *run)
{
  g_atomic_rc_box_release_full (run, (GDestroyNotify) run_clear);
}

static gboolean
run_is_current (Run *run)
{
  return run->slot != NULL && run->slot->current == run;
}

static gboolean
progress_idle (gpointer data)
{
  Run *run = data;
  double fraction;

  g_mutex_lock (&run->lock);
  fraction = run->fraction;
  run->progress_pending = FALSE;
  g_mutex_unlock (&run->lock);

  if (run_is_current (run) && run->slot->progress != NULL)
    {
      g_autoptr(GObject) owner = g_weak_ref_get (&run->slot->owner);

      if (owner != NULL)
        run->slot->progress (owner, fraction);
    }
  return G_SOURCE_REMOVE;
}

/* Worker thread: keeps only the newest fraction and posts one idle at a time. */
static void
run_progress (double   fraction,
              gpointer data)
{
  Run *run = data;
  gboolean post;

  g_mutex_lock (&run->lock);
  run->fraction = fraction;
  post = !run->progress_pending;
  run->progress_pending = TRUE;
  g_mutex_unlock (&run->lock);

  if (post)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
      g_source_set_callback (source, progress_idle, run_ref (run), (GDestroyNotify) run_unref);
      g_source_set_static_name (source, "[ionscape] task slot progress");
      g_source_attach (source, run->context);
    }
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Run *run = task_data;
  GError *error = NULL;
  gpointer result;

  result = run->func (run->input, cancellable, run_progress, run, &error);
  /* Let go of the input (references to shared data) as soon as the work is done. */
  if (run->input_free != NULL && run->input != NULL)
    run->input_free (g_steal_pointer (&run->input));

  if (result == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "no result");
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, result, run->result_free);
}

static void
run_finished (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  gpointer value = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GObject) owner = NULL;

  if (run_is_current (run))
    {
      IscTaskSlot *slot = run->slot;

      owner = g_weak_ref_get (&slot->owner);
      slot->current = NULL;
      run->slot = NULL;
      if (owner != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          run->done (owner, g_steal_pointer (&value), error);
        }
      run_unref (run);            /* the slot's reference */
    }
  if (value != NULL && run->result_free != NULL)
    run->result_free (value);
  run_unref (run);                /* the callback's reference */
}

IscTaskSlot *
isc_task_slot_new (gpointer            owner,
                   IscTaskSlotProgress progress)
{
  IscTaskSlot *slot = g_new0 (IscTaskSlot, 1);

  g_return_val_if_fail (G_IS_OBJECT (owner), NULL);

  g_weak_ref_init (&slot->owner, owner);
  slot->progress = progress;
  slot->context = g_main_context_ref_thread_default ();
  return slot;
}

void
isc_task_slot_cancel (IscTaskSlot *slot)
{
  Run *run;

  g_return_if_fail (slot != NULL);

  run = g_steal_pointer (&slot->current);
  if (run == NULL)
    return;
  run->slot = NULL;
  g_cancellable_cancel (run->cancellable);
  run_unref (run);
}

void
isc_task_slot_run (IscTaskSlot     *slot,
                   IscTaskSlotFunc  func,
                   gpointer         input,
                   GDestroyNotify   input_free,
                   GDestroyNotify   result_free,
                   IscTaskSlotDone  done)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (slot != NULL);
  g_return_if_fail (func != NULL && done != NULL);

  isc_task_slot_cancel (slot);

  run = g_atomic_rc_box_new0 (Run);
  g_mutex_init (&run->lock);
  run->slot = slot;
  run->done = done;
  run->func = func;
  run->input = input;
  run->input_free = input_free;
  run->result_free = result_free;
  run->cancellable = g_cancellable_new ();
  run->context = g_main_context_ref (slot->context);
  slot->current = run;            /* the slot's reference */

  task = g_task_new (NULL, run->cancellable, run_finished, run_ref (run));
  g_task_set_source_tag (task, isc_task_slot_run);
  g_task_set_name (task, "[ionscape] task slot");
  g_task_set_task_data (task, run_ref (run), (GDestroyNotify) run_unref);
  g_task_run_in_thread (task, run_thread);
}

gboolean
isc_task_slot_is_busy (IscTaskSlot *slot)
{
  g_return_val_if_fail (slot != NULL, FALSE);

  return slot->current != NULL;
}

void
isc_task_slot_free (IscTaskSlot *slot)
{
  if (slot == NULL)
    return;
  isc_task_slot_cancel (slot);
  g_weak_ref_clear (&slot->owner);
  g_main_context_unref (slot->context);
  g_free (slot);
}
