/* test-fft-panel.c: the FFT panel hands its worker the image by reference (no copy) and may be
 * destroyed while the worker runs: it is finalized at once, and the worker lets go of the
 * image when it ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "fft-panel.h"
#include "test-gtk-util.h"

static IscImage *
lattice (guint size)
{
  IscImage *image = isc_image_new (size, size, 1, ISC_IMAGE_DTYPE_F32, NULL);

  g_assert_nonnull (image);
  for (guint y = 0; y < size; y++)
    for (guint x = 0; x < size; x++)
      isc_image_frame (image, 0)[(gsize) y * size + x] = (float) (cos (2 * G_PI * x / 8.0) * cos (2 * G_PI * y / 8.0));
  return image;
}

static gboolean
only_reference (IscImage *image)
{
  return g_atomic_ref_count_compare (&image->ref_count, 1);
}

static void
wait_until_only_reference (IscImage *image)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!only_reference (image) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (only_reference (image));
}

/* A finished computation keeps no reference to the image. */
static void
test_reference_not_copy (void)
{
  GtkWidget *panel = isc_fft_panel_new ();
  GtkWindow *window = isc_test_show_in_window (panel, 400, 500);
  /* Large enough that the transform outlasts the next line by far (tens of ms; a 256² image
   * was done before the check now and then, under a loaded test run). */
  g_autoptr(IscImage) image = lattice (2048);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  isc_fft_panel_compute (ISC_FFT_PANEL (panel), image, 0);
  g_assert_true (isc_fft_panel_is_busy (ISC_FFT_PANEL (panel)));
  /* the worker holds the caller's image itself, not a copy of its pixels */
  g_assert_false (only_reference (image));
  while (isc_fft_panel_is_busy (ISC_FFT_PANEL (panel)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (isc_fft_panel_get_fft (ISC_FFT_PANEL (panel)));
  wait_until_only_reference (image);
  gtk_window_destroy (window);
}

static void
test_dispose_while_busy (void)
{
  GtkWidget *panel = isc_fft_panel_new ();
  GtkWindow *window = isc_test_show_in_window (panel, 400, 500);
  g_autoptr(IscImage) image = lattice (2048);

  g_object_ref (panel);
  isc_fft_panel_compute (ISC_FFT_PANEL (panel), image, 0);
  g_assert_true (isc_fft_panel_is_busy (ISC_FFT_PANEL (panel)));
  gtk_window_destroy (window);
  /* nothing waited for the worker, and nothing keeps the panel alive */
  g_assert_finalize_object (panel);
  wait_until_only_reference (image);
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/fft-panel/reference-not-copy", test_reference_not_copy);
  g_test_add_func ("/fft-panel/dispose-while-busy", test_dispose_while_busy);
  return g_test_run ();
}
