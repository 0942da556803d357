/* test-waits.c: the shared main-loop waits of test-util.h report what happened, give up at
 * their deadline, and survive the object going away. Needs no display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>

#include "test-util.h"

static gboolean
disable (gpointer action)
{
  g_simple_action_set_enabled (action, FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
activate (gpointer action)
{
  g_action_activate (action, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
drop (gpointer object)
{
  g_object_unref (object);
  return G_SOURCE_REMOVE;
}

static void
test_signal_and_notify (void)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new ("a", NULL);
  gint64 start;

  /* Emitted later from the main loop: seen. */
  g_idle_add (activate, action);
  g_assert_true (isc_test_wait_for_signal (action, "activate", 10));
  g_idle_add (disable, action);
  g_assert_true (isc_test_wait_for_notify (action, "enabled", 10));
  g_assert_false (g_action_get_enabled (G_ACTION (action)));

  /* Never emitted: FALSE at the deadline, not before. */
  start = g_get_monotonic_time ();
  g_assert_false (isc_test_wait_for_signal (action, "activate", 0.1));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 90000);
  g_assert_false (isc_test_wait_for_notify (action, "state", 0.05));

  /* The object goes away while waited for: FALSE at once, without touching it afterwards. */
  {
    GSimpleAction *doomed = g_simple_action_new ("b", NULL);

    g_idle_add (drop, doomed);
    start = g_get_monotonic_time ();
    g_assert_false (isc_test_wait_for_signal (doomed, "activate", 10));
    g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  }
}

static gpointer
raise_later (gpointer data)
{
  g_usleep (30000);
  g_atomic_int_set ((int *) data, 1);
  return NULL;
}

static gboolean
raised (gpointer data)
{
  return g_atomic_int_get ((int *) data) == 1;
}

static void
test_until_and_ticker (void)
{
  g_autoptr(IscTestTicker) ticker = isc_test_ticker_new (5);
  int flag = 0;
  GThread *thread;

  /* A worker thread changes the condition without waking the main loop: still seen. */
  thread = g_thread_new ("raise", raise_later, &flag);
  g_assert_true (isc_test_wait_until (raised, &flag, 10));
  g_thread_join (thread);
  /* A condition that never holds gives FALSE at the deadline. */
  flag = 0;
  g_assert_false (isc_test_wait_until (raised, &flag, 0.05));

  /* The ticker counts the main loop's turns. */
  g_assert_true (isc_test_ticker_wait (ticker, 3, 10));
  g_assert_cmpuint (ticker->ticks, >=, 3);
  g_assert_cmpint (ticker->longest_gap_us, >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/test-util/wait-for-signal-and-notify", test_signal_and_notify);
  g_test_add_func ("/test-util/wait-until-and-ticker", test_until_and_ticker);
  return g_test_run ();
}
