/* test-isolate.c: the child-process reader survives crashes, endless loops and cancellation,
 * and hands back results and errors intact.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <string.h>

#include "isc-error.h"
#include "isc-isolate.h"

static gboolean
write_numbers (IscIsolateWriter  *writer,
               gpointer           user_data,
               GError           **error)
{
  guint n = GPOINTER_TO_UINT (user_data);

  isc_isolate_write_string (writer, "ions");
  isc_isolate_write_string (writer, NULL);
  isc_isolate_write_u64 (writer, n);
  for (guint i = 0; i < n; i++)
    isc_isolate_write_double (writer, i * 0.5);
  return TRUE;
}

static void
test_result_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  /* 2 M doubles: more than a pipe buffer, so the result cannot rely on one. */
  g_autoptr(GBytes) bytes = isc_isolate_run ("numbers.bin", ISC_APT_ERROR, write_numbers,
                                             GUINT_TO_POINTER (2000000), NULL, NULL, &error);
  IscIsolateReader reader;
  g_autofree char *word = NULL;
  g_autofree char *absent = NULL;
  guint64 n;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  isc_isolate_reader_init (&reader, bytes);
  word = isc_isolate_read_string (&reader);
  absent = isc_isolate_read_string (&reader);
  n = isc_isolate_read_u64 (&reader);
  g_assert_cmpstr (word, ==, "ions");
  g_assert_null (absent);
  g_assert_cmpuint (n, ==, 2000000);
  for (guint64 i = 0; i < n; i++)
    {
      double v = isc_isolate_read_double (&reader);

      if (v != i * 0.5)
        g_assert_cmpfloat (v, ==, i * 0.5);
    }
  g_assert_false (reader.failed);
  g_assert_cmpuint (reader.pos, ==, reader.len);
  /* Reading past the end fails without touching memory beyond it. */
  g_assert_cmpuint (isc_isolate_read_u64 (&reader), ==, 0);
  g_assert_true (reader.failed);
}

static gboolean
fail_with_error (IscIsolateWriter  *writer,
                 gpointer           user_data,
                 GError           **error)
{
  isc_isolate_write_u64 (writer, 42);   /* discarded: only the error goes back */
  g_set_error (error, ISC_IMAGE_ERROR, ISC_ERROR_UNSUPPORTED, "scan.emd: a detector Ionscape does not read");
  return FALSE;
}

static void
test_error_keeps_domain_and_code (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = isc_isolate_run ("scan.emd", ISC_APT_ERROR, fail_with_error, NULL, NULL, NULL, &error);

  g_assert_null (bytes);
  g_assert_error (error, ISC_IMAGE_ERROR, ISC_ERROR_UNSUPPORTED);
  g_assert_cmpstr (error->message, ==, "scan.emd: a detector Ionscape does not read");
}

static gboolean
crash (IscIsolateWriter  *writer,
       gpointer           user_data,
       GError           **error)
{
  isc_isolate_write_u64 (writer, 1);
  raise (GPOINTER_TO_INT (user_data));
  return TRUE;
}

static void
test_crash_becomes_error (void)
{
  int signals[] = { SIGSEGV, SIGABRT, SIGBUS };

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = isc_isolate_run ("/data/needle.nxs", ISC_APT_ERROR, crash,
                                                 GINT_TO_POINTER (signals[i]), NULL, NULL, &error);

      g_assert_null (bytes);
      g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT);
      g_assert_true (g_str_has_prefix (error->message, "/data/needle.nxs: the file is damaged: "));
      g_assert_null (strchr (error->message, '\n'));
    }
}

static gboolean
loop_forever (IscIsolateWriter  *writer,
              gpointer           user_data,
              GError           **error)
{
  for (;;)
    g_usleep (1000);
  return TRUE;
}

static void
test_endless_loop_is_stopped (void)
{
  IscIsolateLimits limits = { 0.3, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = isc_isolate_run ("loop.emd", ISC_IMAGE_ERROR, loop_forever, NULL, &limits, NULL, &error);

  g_assert_null (bytes);
  g_assert_error (error, ISC_IMAGE_ERROR, ISC_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "longer than 0 s"));
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static gpointer
run_in_thread (gpointer data)
{
  GError *error = NULL;
  GBytes *bytes = isc_isolate_run ("loop.nxs", ISC_APT_ERROR, loop_forever, NULL, NULL, data, &error);

  g_assert_null (bytes);
  return error;
}

static void
test_cancel_kills_the_child (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GThread *thread;
  GError *error;

  /* The default limit is 10 s; cancelling after 0.1 s must end the run long before. */
  g_timeout_add (100, cancel_soon, cancellable);
  thread = g_thread_new ("isolate", run_in_thread, cancellable);
  while (!g_cancellable_is_cancelled (cancellable))
    g_main_context_iteration (NULL, TRUE);
  error = g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_error_free (error);
}

#if !defined(__SANITIZE_ADDRESS__)
static gboolean
allocate_too_much (IscIsolateWriter  *writer,
                   gpointer           user_data,
                   GError           **error)
{
  /* 64 GB in 1 GB pieces, each touched: the memory limit must stop this long before. */
  for (guint i = 0; i < 64; i++)
    {
      char *p = g_malloc (1u << 30);

      memset (p, 1, 1u << 30);
    }
  return TRUE;
}

static void
test_runaway_allocation_is_stopped (void)
{
  IscIsolateLimits limits = { 20.0, (guint64) 256 << 20 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = isc_isolate_run ("huge.emd", ISC_IMAGE_ERROR, allocate_too_much, NULL, &limits, NULL, &error);

  g_assert_null (bytes);
  g_assert_error (error, ISC_IMAGE_ERROR, ISC_ERROR_FORMAT);
  g_assert_true (g_str_has_prefix (error->message, "huge.emd: the file is damaged: "));
}
#endif

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/isolate/result-round-trip", test_result_round_trip);
  g_test_add_func ("/isolate/error-keeps-domain-and-code", test_error_keeps_domain_and_code);
  g_test_add_func ("/isolate/crash-becomes-error", test_crash_becomes_error);
  g_test_add_func ("/isolate/endless-loop-is-stopped", test_endless_loop_is_stopped);
  g_test_add_func ("/isolate/cancel-kills-the-child", test_cancel_kills_the_child);
#if !defined(__SANITIZE_ADDRESS__)
  g_test_add_func ("/isolate/runaway-allocation-is-stopped", test_runaway_allocation_is_stopped);
#endif
  return g_test_run ();
}
