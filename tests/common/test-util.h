/* test-util.h: helpers shared by the test programs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ion-cloud.h"
#include "range-set.h"

G_BEGIN_DECLS

/* Path of a fixture, or NULL after calling g_test_skip () with a message when the shared
 * fixtures folder or the file is missing. Free with g_free. */
char *isc_test_fixture_or_skip (const char *relative);

/* Runs ionscape-cli (from $ISC_CLI) with the NULL-terminated arguments; returns the exit
 * status and fills the captured output (either may be NULL). */
int   isc_test_run_cli         (char       **out_stdout,
                                char       **out_stderr,
                                const char  *first_arg,
                                ...) G_GNUC_NULL_TERMINATED;

/* SHA-256 of the contents of @path (aborts the test when it cannot be read). Free with g_free. */
char *isc_test_checksum_file   (const char *path);

/* Writes DIR/NAME as a calibrated 32-bit TIFF of @width × @height pixels of @nm_per_pixel,
 * pixel (x, y) = x (a ramp along x); returns its path (free with g_free). */
char *isc_test_write_tiff      (const char *dir,
                                const char *name,
                                guint       width,
                                guint       height,
                                double      nm_per_pixel);

/* A fresh temporary folder for this test, removed with its content at exit. */
char *isc_test_make_tmpdir     (void);

/* Writes @len bytes to @path or aborts the test. */
void  isc_test_write_file      (const char *path,
                                const void *data,
                                gsize       len);

/* Writes a .pos file byte by byte, without the model's writer: per ion x, y, z (nm) and m/n (Da)
 * as big-endian float32, in the order of @ions. */
void  isc_test_write_pos       (const char  *path,
                                const float (*ions)[4],
                                gsize        n);

/* @path loaded and ranged by @ranges, as the CLI does with a mapped cache (the range index of
 * range-index.h) or as the window does with arrays in memory (isc_range_set_apply ());
 * aborts the test on any failure. Sets IONSCAPE_COLUMN_CACHE. */
IscIonCloud *isc_test_load_ranged (const char        *path,
                                   const IscRangeSet *ranges,
                                   gboolean           mapped);

/* Two arrays of @n elements hold the same bytes: results bit for bit. */
#define ISC_TEST_SAME_ARRAY(a, b, n) g_assert_cmpint (memcmp ((a), (b), (n) * sizeof *(a)), ==, 0)

/* A range set of @n ion types named by @formulas (parsed as formulas, grey), ion type t with the
 * window @masses[t] ± 0.3 Da; aborts the test on any failure. Free with isc_range_set_free. */
IscRangeSet *isc_test_make_ranges (const char *const *formulas,
                                   const float       *masses,
                                   guint              n);

/* Main-loop waits with a deadline. Each runs the thread-default main context (blocking
 * iterations, so the CPU is left to the workers) until the event or @timeout_s seconds, and
 * returns TRUE if the event happened, FALSE on timeout: wrap them in g_assert_true ().
 * A timeout is a guard against a hang, not a measurement; keep it generous (10-60 s). */

/* Until @object emits @detailed_signal ("spectrum-updated", "notify::busy"). Any signature:
 * the return value of a signal that has one is left at its default. Also returns (FALSE)
 * when @object is finalized first. */
gboolean   isc_test_wait_for_signal (gpointer     object,
                                     const char  *detailed_signal,
                                     double       timeout_s) G_GNUC_WARN_UNUSED_RESULT;
/* Until @object notifies @property (a change, or a notify of the same value). */
gboolean   isc_test_wait_for_notify (gpointer     object,
                                     const char  *property,
                                     double       timeout_s) G_GNUC_WARN_UNUSED_RESULT;

typedef gboolean (*IscTestCondition) (gpointer data);

/* Until @condition (@data) is TRUE; checked before each iteration, and every few
 * milliseconds, so a condition changed by a worker thread is seen too. */
gboolean   isc_test_wait_until      (IscTestCondition  condition,
                                     gpointer          data,
                                     double            timeout_s) G_GNUC_WARN_UNUSED_RESULT;

/* Shows that the main loop keeps running: a @interval_ms timeout on the thread-default main
 * context that counts its calls and the longest gap between two. While the loop is blocked
 * (a main thread waiting on a worker) it cannot fire. Free to stop it. */
typedef struct
{
  guint  ticks;
  gint64 longest_gap_us;
  gint64 last_us;       /* monotonic time of the last tick, 0 before the first */
  GSource *source;
} IscTestTicker;

IscTestTicker *isc_test_ticker_new  (guint          interval_ms);
void           isc_test_ticker_free (IscTestTicker *ticker);
/* Runs the main loop until @ticker has ticked @n more times; FALSE after @timeout_s. */
gboolean       isc_test_ticker_wait (IscTestTicker *ticker,
                                     guint          n,
                                     double         timeout_s) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscTestTicker, isc_test_ticker_free)

G_END_DECLS
