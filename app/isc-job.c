/* isc-job.c: one job runs at a time per window; later ones wait in the window's queue, so
 * opening several files at once loads them one after the other. Cancel stops the running job
 * and drops the queue. Also the window's progress bar: workers post a fraction, one pending
 * idle shows the latest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Ionscape"

#include "config.h"

#include "isc-job.h"
#include "isc-window-private.h"

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

static void start_job (IscWindow *window,
                       Job       *job);

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

void
_isc_window_jobs_clear (IscWindow *self)
{
  /* Jobs still waiting when the window goes are freed without running. */
  g_queue_clear_full (&self->jobs, job_free);
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
  gboolean cancelled;
  gpointer result;

  /* Don't let GTask turn cancellation into its own error: report what the worker said. */
  g_task_set_check_cancellable (task, FALSE);
  result = g_task_propagate_pointer (task, &error);
  cancelled = g_cancellable_is_cancelled (job->cancellable);

  isc_window_job_end_if (window, job->cancellable);
  job->done (window, result, error, job->user_data);
  /* What the result changed (data shown, a project open) changes what the window can do. */
  _isc_window_update_page_rows (window);
  _isc_window_actions_update (window);

  /* A cancel stops what the user asked for as a whole: the waiting jobs too. */
  while (!g_queue_is_empty (&window->jobs))
    {
      Job *next = g_queue_pop_head (&window->jobs);

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
    g_queue_push_tail (&window->jobs, job);
  else
    start_job (window, job);
}

/* ---- The window's side: progress bar and Cancel -------------------------------------- */

static gboolean
progress_idle_cb (gpointer data)
{
  IscWindow *self = data;
  double fraction;

  g_mutex_lock (&self->progress_lock);
  fraction = self->progress_fraction;
  self->progress_source = 0;
  g_mutex_unlock (&self->progress_lock);
  if (self->progress_bar != NULL)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  return G_SOURCE_REMOVE;
}

GCancellable *
isc_window_job_begin (IscWindow  *self,
                      const char *label)
{
  g_return_val_if_fail (ISC_IS_WINDOW (self), NULL);

  /* isc-job queues jobs, so none should be running here; if one is, it gives way. */
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->job_cancellable);
  self->job_cancellable = g_cancellable_new ();

  gtk_label_set_text (self->progress_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  _isc_window_actions_update (self);
  return g_object_ref (self->job_cancellable);
}

void
isc_window_job_progress (double   fraction,
                         gpointer window)
{
  IscWindow *self = window;

  /* Workers call this from their thread, often: keep the latest fraction and let one idle
   * at a time show it on the main loop. The worker's GTask keeps the window alive. */
  g_mutex_lock (&self->progress_lock);
  self->progress_fraction = fraction;
  if (self->progress_source == 0)
    self->progress_source = g_idle_add_full (G_PRIORITY_LOW, progress_idle_cb, g_object_ref (self),
                                             g_object_unref);
  g_mutex_unlock (&self->progress_lock);
}

void
isc_window_job_end (IscWindow *self)
{
  g_return_if_fail (ISC_IS_WINDOW (self));

  g_clear_object (&self->job_cancellable);
  if (self->progress_revealer != NULL)
    gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  _isc_window_actions_update (self);
}

gboolean
isc_window_job_is_running (IscWindow *self)
{
  g_return_val_if_fail (ISC_IS_WINDOW (self), FALSE);
  return self->job_cancellable != NULL;
}

void
isc_window_job_end_if (IscWindow    *self,
                       GCancellable *cancellable)
{
  g_return_if_fail (ISC_IS_WINDOW (self));

  if (self->job_cancellable == cancellable)
    isc_window_job_end (self);
}
