/* ion-pass.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ion-pass.h"

#define PARALLEL_MIN_ITEMS 16384  /* below, a second thread costs more than it saves */

typedef struct
{
  gsize            n_items;
  gsize            chunk;
  gsize            n_chunks;
  IscIonPassFunc   func;
  gpointer         user_data;
  GCancellable    *cancellable;
  IscProgressFunc  progress;
  gpointer         progress_data;
  double           progress_from;
  double           progress_to;
  gint             next_chunk;   /* atomic */
  gint             done_chunks;  /* atomic */
  gint             cancelled;    /* atomic: cancelled or failed */
  const IscIonCloud *guard;      /* checked before each chunk, or NULL */
  GMutex           lock;
  GError          *failure;      /* under lock: the first failed check */
} Pass;

typedef struct
{
  Pass  *pass;
  guint  worker;
} Worker;

static gpointer
worker_run (gpointer data)
{
  Worker *w = data;
  Pass *p = w->pass;

  for (;;)
    {
      gsize c, first;

      if (g_atomic_int_get (&p->cancelled))
        break;
      if (g_cancellable_is_cancelled (p->cancellable))
        {
          g_atomic_int_set (&p->cancelled, 1);
          break;
        }
      c = (gsize) g_atomic_int_add (&p->next_chunk, 1);
      if (c >= p->n_chunks)
        break;
      if (p->guard != NULL)
        {
          GError *failure = NULL;

          /* a mapped file cut short would raise SIGBUS in the chunk: stop with an error */
          if (!isc_ion_cloud_check_mapping (p->guard, &failure))
            {
              g_mutex_lock (&p->lock);
              if (p->failure == NULL)
                p->failure = failure;
              else
                g_error_free (failure);
              g_mutex_unlock (&p->lock);
              g_atomic_int_set (&p->cancelled, 1);
              break;
            }
        }
      first = c * p->chunk;
      p->func (first, MIN (p->chunk, p->n_items - first), w->worker, p->user_data);
      g_atomic_int_inc (&p->done_chunks);
      if (w->worker == 0 && p->progress != NULL)
        p->progress (p->progress_from + (p->progress_to - p->progress_from)
                     * g_atomic_int_get (&p->done_chunks) / p->n_chunks, p->progress_data);
    }
  return NULL;
}

guint
isc_ion_pass_default_workers (void)
{
  const char *workers = g_getenv ("IONSCAPE_WORKERS");
  guint n = g_get_num_processors ();

  if (workers != NULL && g_ascii_strtoull (workers, NULL, 10) > 0)
    n = (guint) MIN (g_ascii_strtoull (workers, NULL, 10), ISC_ION_PASS_MAX_WORKERS);
  return CLAMP (n, 1, ISC_ION_PASS_MAX_WORKERS);
}

guint64
isc_ion_pass_band_bytes (void)
{
  const char *text = g_getenv ("IONSCAPE_BAND_BYTES");
  guint64 bytes = text != NULL ? g_ascii_strtoull (text, NULL, 10) : 0;

  return bytes > 0 ? bytes : G_GUINT64_CONSTANT (3) << 29;   /* 1.5 GiB */
}

static gboolean
parallel_run (const IscIonCloud *guard,
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
              GError           **error)
{
  Pass p = { 0 };
  Worker workers[ISC_ION_PASS_MAX_WORKERS];
  GThread *threads[ISC_ION_PASS_MAX_WORKERS] = { NULL };

  g_return_val_if_fail (func != NULL, FALSE);

  if (chunk == 0)
    chunk = ISC_ION_PASS_CHUNK;
  if (n_workers == 0)
    n_workers = isc_ion_pass_default_workers ();
  n_workers = MIN (n_workers, ISC_ION_PASS_MAX_WORKERS);
  p.n_items = n_items;
  p.chunk = chunk;
  p.n_chunks = (n_items + chunk - 1) / chunk;
  if (p.n_chunks > G_MAXINT / 2)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_UNSUPPORTED,
                   "pass over %" G_GSIZE_FORMAT " items in chunks of %" G_GSIZE_FORMAT
                   ": too many chunks", n_items, chunk);
      return FALSE;
    }
  if (n_items < PARALLEL_MIN_ITEMS)
    n_workers = 1;
  n_workers = MAX (1, MIN (n_workers, p.n_chunks));
  p.func = func;
  p.user_data = user_data;
  p.cancellable = cancellable;
  p.progress = progress;
  p.progress_data = progress_data;
  p.progress_from = progress_from;
  p.progress_to = progress_to;
  p.guard = guard;
  g_mutex_init (&p.lock);

  for (guint w = 0; w < n_workers; w++)
    workers[w] = (Worker) { &p, w };
  for (guint w = 1; w < n_workers; w++)
    /* a worker that cannot start leaves its chunks to the others */
    threads[w] = g_thread_try_new ("isc-ion-pass", worker_run, &workers[w], NULL);
  worker_run (&workers[0]);
  for (guint w = 1; w < n_workers; w++)
    if (threads[w] != NULL)
      g_thread_join (threads[w]);
  g_mutex_clear (&p.lock);

  if (p.failure != NULL)
    {
      g_propagate_error (error, p.failure);
      return FALSE;
    }
  if (p.cancelled || g_cancellable_is_cancelled (cancellable))
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
      return FALSE;
    }
  if (progress != NULL)
    progress (progress_to, progress_data);
  return TRUE;
}

gboolean
isc_parallel_run (gsize            n_items,
                  gsize            chunk,
                  guint            n_workers,
                  IscIonPassFunc   func,
                  gpointer         user_data,
                  GCancellable    *cancellable,
                  IscProgressFunc  progress,
                  gpointer         progress_data,
                  double           progress_from,
                  double           progress_to,
                  GError         **error)
{
  return parallel_run (NULL, n_items, chunk, n_workers, func, user_data, cancellable,
                       progress, progress_data, progress_from, progress_to, error);
}

gboolean
isc_ion_pass_run_full (const IscIonCloud *cloud,
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
                       GError           **error)
{
  g_return_val_if_fail (cloud != NULL, FALSE);

  return parallel_run (cloud, n_items, chunk, n_workers, func, user_data, cancellable,
                       progress, progress_data, progress_from, progress_to, error);
}

gboolean
isc_ion_pass_run (const IscIonCloud *cloud,
                  guint              n_workers,
                  IscIonPassFunc     func,
                  gpointer           user_data,
                  GCancellable      *cancellable,
                  IscProgressFunc    progress,
                  gpointer           progress_data,
                  GError           **error)
{
  g_return_val_if_fail (cloud != NULL, FALSE);

  return parallel_run (cloud, cloud->n_ions, ISC_ION_PASS_CHUNK, n_workers, func, user_data,
                       cancellable, progress, progress_data, 0.0, 1.0, error);
}
