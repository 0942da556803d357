/* test-task-slot.c: the latest request wins, stale results are freed, the owner may go away
 * while a worker runs, and progress is coalesced. Needs no display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>

#include "isc-task-slot.h"
#include "test-util.h"

/* A worker that waits until the test opens its gate, so the test decides when it ends. */
typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean open;
  int      started;
  int      progressed;   /* the worker has sent all its progress reports */
  int      results_freed;
  int      done_calls;
  int      progress_calls;
  double   last_fraction;
  int      last_value;
  char    *last_error;
  int      inputs_freed;
} Gate;

static Gate gate;

static void
gate_reset (void)
{
  g_free (gate.last_error);
  memset (&gate, 0, sizeof gate);
  g_mutex_init (&gate.lock);
  g_cond_init (&gate.cond);
}

static void
gate_open (void)
{
  g_mutex_lock (&gate.lock);
  gate.open = TRUE;
  g_cond_broadcast (&gate.cond);
  g_mutex_unlock (&gate.lock);
}

static void
result_free (gpointer result)
{
  g_atomic_int_inc (&gate.results_freed);
  g_free (result);
}

/* Input: the value to return (as a pointer-sized int); a negative value fails; a value of
 * 1000 or more ignores cancellation, as a computation between two checks does. */
static gpointer
gated_worker (gpointer          input,
              GCancellable     *cancellable,
              IscProgressFunc   progress,
              gpointer          progress_data,
              GError          **error)
{
  int value = GPOINTER_TO_INT (input);
  int *result;

  g_atomic_int_inc (&gate.started);
  /* Many progress calls before the main loop runs again: the slot must coalesce them. */
  for (int i = 1; i <= 1000; i++)
    progress (i / 1000.0, progress_data);
  g_atomic_int_set (&gate.progressed, 1);
  g_mutex_lock (&gate.lock);
  while (!gate.open && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait_until (&gate.cond, &gate.lock, g_get_monotonic_time () + 2000);
  g_mutex_unlock (&gate.lock);
  if (value < 1000 && g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (value < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "value %d refused", value);
      return NULL;
    }
  result = g_new (int, 1);
  *result = value;
  return result;
}

static void
input_free (gpointer input)
{
  g_atomic_int_inc (&gate.inputs_freed);
}

typedef struct
{
  int *counter;
  int  at_least;
} Count;

static gboolean
count_reached (gpointer data)
{
  Count *c = data;

  return g_atomic_int_get (c->counter) >= c->at_least;
}


static void
on_done (gpointer      owner,
         gpointer      result,
         const GError *error)
{
  g_assert_true (G_IS_OBJECT (owner));
  gate.done_calls++;
  if (result != NULL)
    {
      gate.last_value = *(int *) result;
      result_free (result);
    }
  g_free (gate.last_error);
  gate.last_error = error != NULL ? g_strdup (error->message) : NULL;
}

static void
on_progress (gpointer owner,
             double   fraction)
{
  gate.progress_calls++;
  gate.last_fraction = fraction;
}

static gboolean one_started (gpointer data) { return g_atomic_int_get (&gate.started) >= 1; }
static gboolean one_done (gpointer data) { return gate.done_calls >= 1; }
static gboolean one_freed (gpointer data) { return g_atomic_int_get (&gate.results_freed) >= 1; }

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
iterate_until (IscTestCondition condition)
{
  g_assert_true (isc_test_wait_until (condition, NULL, 10));
}

static void
test_result_reaches_done (void)
{
  g_autoptr(GObject) owner = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(IscTaskSlot) slot = isc_task_slot_new (owner, on_progress);

  gate_reset ();
  isc_task_slot_run (slot, gated_worker, GINT_TO_POINTER (42), NULL, result_free, on_done);
  g_assert_true (isc_task_slot_is_busy (slot));
  /* The worker sends 1000 reports while the main loop does not turn (no iteration here)... */
  while (!g_atomic_int_get (&gate.progressed))
    g_usleep (1000);
  /* ...and they reach the widget as one call with the newest fraction. (Reports still pending
   * when the result arrives are dropped: the result supersedes them.) */
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (gate.progress_calls, ==, 1);
  g_assert_cmpfloat (gate.last_fraction, ==, 1.0);
  gate_open ();
  iterate_until (one_done);
  g_assert_cmpint (gate.done_calls, ==, 1);
  g_assert_cmpint (gate.last_value, ==, 42);
  g_assert_null (gate.last_error);
  g_assert_false (isc_task_slot_is_busy (slot));
}

static void
test_latest_wins (void)
{
  g_autoptr(GObject) owner = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(IscTaskSlot) slot = isc_task_slot_new (owner, NULL);

  gate_reset ();
  /* The first run is cancelled by the second; whatever it returns must be dropped. */
  isc_task_slot_run (slot, gated_worker, GINT_TO_POINTER (1), NULL, result_free, on_done);
  isc_task_slot_run (slot, gated_worker, GINT_TO_POINTER (2), NULL, result_free, on_done);
  gate_open ();
  iterate_until (one_done);
  /* Let the first run's callback arrive too, then check it never reached done. */
  g_assert_false (isc_test_wait_until (never, NULL, 0.05));
  g_assert_cmpint (gate.done_calls, ==, 1);
  g_assert_cmpint (gate.last_value, ==, 2);
}

static void
test_error_reaches_done (void)
{
  g_autoptr(GObject) owner = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(IscTaskSlot) slot = isc_task_slot_new (owner, NULL);

  gate_reset ();
  gate_open ();
  isc_task_slot_run (slot, gated_worker, GINT_TO_POINTER (-5), NULL, result_free, on_done);
  iterate_until (one_done);
  g_assert_cmpstr (gate.last_error, ==, "value -5 refused");
}

/* The owner (a widget in dispose) frees its slot while the worker runs: nothing waits, done is
 * never called, the result is freed, and the owner is finalized at once. */
static void
test_free_while_busy (void)
{
  GObject *owner = g_object_new (G_TYPE_OBJECT, NULL);
  IscTaskSlot *slot = isc_task_slot_new (owner, on_progress);

  gate_reset ();
  isc_task_slot_run (slot, gated_worker, GINT_TO_POINTER (7), NULL, result_free, on_done);
  iterate_until (one_started);
  isc_task_slot_free (slot);
  g_assert_finalize_object (owner);
  /* The worker was cancelled; run one that ignores that and returns after its slot is gone. */
  owner = g_object_new (G_TYPE_OBJECT, NULL);
  slot = isc_task_slot_new (owner, NULL);
  gate_open ();
  isc_task_slot_run (slot, gated_worker, GINT_TO_POINTER (1008), NULL, result_free, on_done);
  isc_task_slot_free (slot);
  g_assert_finalize_object (owner);
  iterate_until (one_freed);
  g_assert_false (isc_test_wait_until (never, NULL, 0.05));
  g_assert_cmpint (gate.done_calls, ==, 0);
}

/* Every run's input is released exactly once, by the worker when it is done with it: for the
 * run that delivers, for a run replaced by a newer one and for a run whose slot is freed. */
static void
test_input_released (void)
{
  GObject *owner = g_object_new (G_TYPE_OBJECT, NULL);
  IscTaskSlot *slot = isc_task_slot_new (owner, NULL);

  gate_reset ();
  isc_task_slot_run (slot, gated_worker, GINT_TO_POINTER (1), input_free, result_free, on_done);
  isc_task_slot_run (slot, gated_worker, GINT_TO_POINTER (2), input_free, result_free, on_done);
  gate_open ();
  g_assert_true (isc_test_wait_until (count_reached, &(Count) { &gate.done_calls, 1 }, 10));
  g_assert_cmpint (gate.last_value, ==, 2);
  g_assert_true (isc_test_wait_until (count_reached, &(Count) { &gate.inputs_freed, 2 }, 10));

  /* Cancelling an idle slot is harmless; a cancelled run's input is released too. */
  isc_task_slot_cancel (slot);
  g_assert_false (isc_task_slot_is_busy (slot));
  isc_task_slot_run (slot, gated_worker, GINT_TO_POINTER (1003), input_free, result_free, on_done);
  isc_task_slot_cancel (slot);
  g_assert_false (isc_task_slot_is_busy (slot));
  isc_task_slot_run (slot, gated_worker, GINT_TO_POINTER (1004), input_free, result_free, on_done);
  isc_task_slot_free (slot);
  g_assert_finalize_object (owner);
  g_assert_true (isc_test_wait_until (count_reached, &(Count) { &gate.inputs_freed, 4 }, 10));
  /* Run 2's result went to done, which freed it; those of 1003 and 1004 (which ignore
   * cancellation) were freed by the slot. */
  g_assert_true (isc_test_wait_until (count_reached, &(Count) { &gate.results_freed, 3 }, 10));
  g_assert_false (isc_test_wait_until (never, NULL, 0.1));
  g_assert_cmpint (gate.done_calls, ==, 1);
  g_assert_cmpint (g_atomic_int_get (&gate.results_freed), ==, 3);
  g_assert_cmpint (g_atomic_int_get (&gate.inputs_freed), ==, 4);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/task-slot/result-reaches-done", test_result_reaches_done);
  g_test_add_func ("/task-slot/latest-wins", test_latest_wins);
  g_test_add_func ("/task-slot/error-reaches-done", test_error_reaches_done);
  g_test_add_func ("/task-slot/free-while-busy", test_free_while_busy);
  g_test_add_func ("/task-slot/input-released", test_input_released);
  return g_test_run ();
}
