/* test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "isc-fixtures.h"
#include "range-index.h"
#include "test-util.h"

char *
isc_test_fixture_or_skip (const char *relative)
{
  char *path = isc_fixture_path (relative);

  if (path == NULL)
    g_test_skip_printf ("fixture %s not found (set IONSCAPE_FIXTURES or put shared/ beside the source)", relative);
  return path;
}

int
isc_test_run_cli (char       **out_stdout,
                  char       **out_stderr,
                  const char  *first_arg,
                  ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("ISC_CLI");
  int wait_status = 0;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* Output nobody asked for must not reach the TAP stream. */
  g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                (out_stdout == NULL ? G_SPAWN_STDOUT_TO_DEV_NULL : 0)
                | (out_stderr == NULL ? G_SPAWN_STDERR_TO_DEV_NULL : 0), NULL, NULL,
                out_stdout, out_stderr, &wait_status, &error);
  g_assert_no_error (error);
  if (WIFEXITED (wait_status))
    return WEXITSTATUS (wait_status);
  g_error ("ionscape-cli did not exit normally (status %d)", wait_status);
  return -1;
}

static GPtrArray *tmpdirs;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
remove_tmpdirs (void)
{
  if (g_getenv ("ISC_KEEP_TMP") == NULL)
    for (guint i = 0; i < tmpdirs->len; i++)
      remove_tree (g_ptr_array_index (tmpdirs, i));
  g_ptr_array_unref (tmpdirs);
}

char *
isc_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("ionscape-test-XXXXXX", &error);

  g_assert_no_error (error);
  if (tmpdirs == NULL)
    {
      tmpdirs = g_ptr_array_new_with_free_func (g_free);
      atexit (remove_tmpdirs);
    }
  g_ptr_array_add (tmpdirs, g_strdup (dir));
  return dir;
}

void
isc_test_write_file (const char *path,
                     const void *data,
                     gsize       len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
}

IscRangeSet *
isc_test_make_ranges (const char *const *formulas,
                      const float       *masses,
                      guint              n)
{
  IscRangeSet *set = isc_range_set_new ();
  const double color[3] = { 0.5, 0.5, 0.5 };

  for (guint t = 0; t < n; t++)
    {
      IscElementCount el[ISC_MAX_ELEMENTS_PER_ION];
      guint n_el = 0;

      g_assert_true (isc_parse_formula (formulas[t], el, &n_el, NULL));
      g_assert_cmpint (isc_range_set_add_ion_type (set, formulas[t], el, n_el, color, NULL), ==, t);
      g_assert_true (isc_range_set_add_range (set, masses[t] - 0.3, masses[t] + 0.3, t, NULL));
    }
  return set;
}

void
isc_test_write_pos (const char  *path,
                    const float (*ions)[4],
                    gsize        n)
{
  g_autofree guint8 *bytes = g_new (guint8, 16 * MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    for (int k = 0; k < 4; k++)
      {
        guint32 bits;

        memcpy (&bits, &ions[i][k], sizeof bits);
        bits = GUINT32_TO_BE (bits);
        memcpy (bytes + 16 * i + 4 * k, &bits, sizeof bits);
      }
  isc_test_write_file (path, bytes, 16 * n);
}

IscIonCloud *
isc_test_load_ranged (const char        *path,
                      const IscRangeSet *ranges,
                      gboolean           mapped)
{
  g_autoptr(GError) error = NULL;
  IscIonCloud *cloud;

  g_setenv ("IONSCAPE_COLUMN_CACHE", mapped ? "1" : "0", TRUE);
  cloud = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cloud);
  g_assert_cmpint (isc_ion_cloud_is_mapped (cloud), ==, mapped);
  if (mapped)
    g_assert_true (isc_range_index_apply (ranges, cloud, NULL, NULL, NULL, &error));
  else
    g_assert_true (isc_range_set_apply (ranges, cloud, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return cloud;
}

char *
isc_test_checksum_file (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

char *
isc_test_write_tiff (const char *dir,
                     const char *name,
                     guint       width,
                     guint       height,
                     double      nm_per_pixel)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(IscImage) image = isc_image_new (width, height, 1, ISC_IMAGE_DTYPE_F32, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < width * height; i++)
    image->pixels[i] = (float) (i % width);
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, nm_per_pixel, "nm", NULL);
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0, nm_per_pixel, "nm", NULL);
  g_assert_true (isc_image_write_tiff (image, path, &error));
  g_assert_no_error (error);
  return path;
}

/* ------------------------------------------------------------ main-loop waits */

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
keep_awake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* A closure that only raises a flag, whatever the signal's parameters and return type. */
static void
flag_marshal (GClosure     *closure,
              GValue       *return_value,
              guint         n_param_values,
              const GValue *param_values,
              gpointer      invocation_hint,
              gpointer      marshal_data)
{
  *(gboolean *) closure->data = TRUE;
}

gboolean
isc_test_wait_for_signal (gpointer    object,
                          const char *detailed_signal,
                          double      timeout_s)
{
  GMainContext *context = g_main_context_ref_thread_default ();
  gboolean fired = FALSE, timed_out = FALSE;
  GClosure *closure;
  GSource *timeout;
  gulong id;

  g_return_val_if_fail (G_IS_OBJECT (object), FALSE);
  g_return_val_if_fail (detailed_signal != NULL, FALSE);

  closure = g_closure_new_simple (sizeof (GClosure), &fired);
  g_closure_set_marshal (closure, flag_marshal);
  id = g_signal_connect_closure (object, detailed_signal, closure, FALSE);
  g_assert_cmpuint (id, !=, 0);
  g_object_add_weak_pointer (object, &object);

  timeout = g_timeout_source_new ((guint) MAX (1, timeout_s * 1000));
  g_source_set_callback (timeout, set_flag, &timed_out, NULL);
  g_source_attach (timeout, context);
  while (!fired && !timed_out && object != NULL)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);

  if (object != NULL)
    {
      g_signal_handler_disconnect (object, id);
      g_object_remove_weak_pointer (object, &object);
    }
  g_main_context_unref (context);
  return fired;
}

gboolean
isc_test_wait_for_notify (gpointer    object,
                          const char *property,
                          double      timeout_s)
{
  g_autofree char *signal = NULL;

  g_return_val_if_fail (G_IS_OBJECT (object), FALSE);
  g_return_val_if_fail (property != NULL, FALSE);
  /* A typo must fail loudly, not time out. */
  g_assert_nonnull (g_object_class_find_property (G_OBJECT_GET_CLASS (object), property));

  signal = g_strconcat ("notify::", property, NULL);
  return isc_test_wait_for_signal (object, signal, timeout_s);
}

gboolean
isc_test_wait_until (IscTestCondition condition,
                     gpointer         data,
                     double           timeout_s)
{
  GMainContext *context = g_main_context_ref_thread_default ();
  gboolean timed_out = FALSE, met;
  GSource *timeout, *poll;

  g_return_val_if_fail (condition != NULL, FALSE);

  timeout = g_timeout_source_new ((guint) MAX (1, timeout_s * 1000));
  g_source_set_callback (timeout, set_flag, &timed_out, NULL);
  g_source_attach (timeout, context);
  /* Wakes the loop now and then: a worker thread may change the condition silently. */
  poll = g_timeout_source_new (5);
  g_source_set_callback (poll, keep_awake, NULL, NULL);
  g_source_attach (poll, context);
  while (!(met = condition (data)) && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (poll);
  g_source_unref (poll);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  g_main_context_unref (context);
  return met;
}

static gboolean
ticker_tick (gpointer data)
{
  IscTestTicker *t = data;
  gint64 now = g_get_monotonic_time ();

  if (t->last_us != 0)
    t->longest_gap_us = MAX (t->longest_gap_us, now - t->last_us);
  t->last_us = now;
  t->ticks++;
  return G_SOURCE_CONTINUE;
}

IscTestTicker *
isc_test_ticker_new (guint interval_ms)
{
  IscTestTicker *ticker = g_new0 (IscTestTicker, 1);
  GMainContext *context = g_main_context_ref_thread_default ();

  ticker->source = g_timeout_source_new (interval_ms);
  g_source_set_callback (ticker->source, ticker_tick, ticker, NULL);
  g_source_attach (ticker->source, context);
  g_main_context_unref (context);
  return ticker;
}

void
isc_test_ticker_free (IscTestTicker *ticker)
{
  if (ticker == NULL)
    return;
  g_source_destroy (ticker->source);
  g_source_unref (ticker->source);
  g_free (ticker);
}

typedef struct
{
  IscTestTicker *ticker;
  guint          target;
} TickerWait;

static gboolean
ticker_reached (gpointer data)
{
  TickerWait *wait = data;

  return wait->ticker->ticks >= wait->target;
}

gboolean
isc_test_ticker_wait (IscTestTicker *ticker,
                      guint          n,
                      double         timeout_s)
{
  TickerWait wait = { ticker, ticker->ticks + n };

  return isc_test_wait_until (ticker_reached, &wait, timeout_s);
}
