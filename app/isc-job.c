/* isc-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "isc-job.h"

typedef struct
{
  IscJobFunc      func;
  gpointer        input;
  GDestroyNotify  input_free;
  GDestroyNotify  result_free;
  IscJobDone      done;
  gpointer        user_data;
  GCancellable   *cancellable;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  if (job->input_free != NULL && job->input != NULL)
    job->input_free (job->input);
  g_clear_object (&job->cancellable);
  g_free (job);
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
  g_autoptr(GError) error = NULL;
  gpointer result;

  /* Don't let GTask turn cancellation into its own error: report what the worker said. */
  g_task_set_check_cancellable (task, FALSE);
  result = g_task_propagate_pointer (task, &error);

  /* A newer job may have replaced ours; only our own job hides the progress bar. */
  isc_window_job_end_if (window, job->cancellable);
  job->done (window, result, error, job->user_data);
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
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (ISC_IS_WINDOW (window));
  g_return_if_fail (func != NULL && done != NULL);

  job = g_new0 (Job, 1);
  job->func = func;
  job->input = input;
  job->input_free = input_free;
  job->result_free = result_free;
  job->done = done;
  job->user_data = user_data;
  job->cancellable = isc_window_job_begin (window, label);

  task = g_task_new (window, job->cancellable, job_finished, NULL);
  g_task_set_task_data (task, job, job_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, job_thread);
}
