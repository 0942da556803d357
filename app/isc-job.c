/* isc-job.c: one job runs at a time per window; later ones wait in a queue, so opening several
 * files at once loads them one after the other. Cancel stops the running job and drops the
 * queue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "isc-job.h"

typedef struct
{
  char           *label;
  IscJobFunc      func;
  gpointer        input;
  GDestroyNotify  input_free;
  GDestroyNotify  result_free;
  IscJobDone      done;
  gpointer        user_data;
  GCancellable   *cancellable;
} Job;

#define QUEUE_KEY "isc-job-queue"

static void start_job (IscWindow *window,
                       Job       *job);
static void free_queue (GQueue *queue);

static void
job_free (gpointer data)
{
  Job *job = data;

  if (job->input_free != NULL && job->input != NULL)
    job->input_free (job->input);
  g_clear_object (&job->cancellable);
  g_free (job->label);
  g_free (job);
}

static GQueue *
get_queue (IscWindow *window)
{
  GQueue *queue = g_object_get_data (G_OBJECT (window), QUEUE_KEY);

  if (queue == NULL)
    {
      queue = g_queue_new ();
      /* Jobs still waiting when the window goes are freed without running. */
      g_object_set_data_full (G_OBJECT (window), QUEUE_KEY, queue, (GDestroyNotify) free_queue);
    }
  return queue;
}

static void
free_queue (GQueue *queue)
{
  g_queue_free_full (queue, job_free);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  gpointer result;

  result = job->func (job->input, cancellable, isc_window_job_progress, source_object, &error);
  if (result == NULL && error == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "the operation produced no result");
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, job->result_free);
}

static void
job_finished (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  IscWindow *window = ISC_WINDOW (source);
  GTask *task = G_TASK (res);
  Job *job = g_task_get_task_data (task);
  GQueue *queue = get_queue (window);
  g_autoptr(GError) error = NULL;
  gboolean cancelled;
  gpointer result;

  /* Don't let GTask turn cancellation into its own error: report what the worker said. */
  g_task_set_check_cancellable (task, FALSE);
  result = g_task_propagate_pointer (task, &error);
  cancelled = g_cancellable_is_cancelled (job->cancellable);

  isc_window_job_end_if (window, job->cancellable);
  job->done (window, result, error, job->user_data);

  /* A cancel stops what the user asked for as a whole: the waiting jobs too. */
  while (!g_queue_is_empty (queue))
    {
      Job *next = g_queue_pop_head (queue);

      if (!cancelled)
        {
          start_job (window, next);
          return;
        }
      {
        g_autoptr(GError) cancel = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");

        next->done (window, NULL, cancel, next->user_data);
        job_free (next);
      }
    }
}

static void
start_job (IscWindow *window,
           Job       *job)
{
  g_autoptr(GTask) task = NULL;

  job->cancellable = isc_window_job_begin (window, job->label);
  task = g_task_new (window, job->cancellable, job_finished, NULL);
  g_task_set_task_data (task, job, job_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, job_thread);
}

void
isc_job_run (IscWindow      *window,
             const char     *label,
             IscJobFunc      func,
             gpointer        input,
             GDestroyNotify  input_free,
             GDestroyNotify  result_free,
             IscJobDone      done,
             gpointer        user_data)
{
  Job *job;

  g_return_if_fail (ISC_IS_WINDOW (window));
  g_return_if_fail (func != NULL && done != NULL);

  job = g_new0 (Job, 1);
  job->label = g_strdup (label);
  job->func = func;
  job->input = input;
  job->input_free = input_free;
  job->result_free = result_free;
  job->done = done;
  job->user_data = user_data;

  if (isc_window_job_is_running (window))
    g_queue_push_tail (get_queue (window), job);
  else
    start_job (window, job);
}
