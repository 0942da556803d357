/* bench-image.c: loading a 16-bit TIFF, showing it (histogram + 8-bit display buffer) and the
 * FFT of an image, as ratios to a plain read of the same file and to one pass over the pixels.
 *
 * Usage: bench-image [LOAD_SIZE [FFT_SIZE]]   (defaults 4096 and 2048, the sizes)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fftw3.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fft.h"
#include "image-render.h"
#include "image.h"

#define REPEATS 9

/* Best of REPEATS: the least disturbed run on a shared machine. */
typedef double (*Job) (gpointer data);

static double
best_seconds (Job      job,
              gpointer data,
              double  *sink)
{
  double best = INFINITY;

  for (guint r = 0; r < REPEATS; r++)
    {
      gint64 t0 = g_get_monotonic_time ();

      *sink += job (data);
      best = MIN (best, (g_get_monotonic_time () - t0) / 1e6);
    }
  return best;
}

static double
plain_read (gpointer data)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (data, &contents, &len, NULL))
    g_error ("cannot read %s", (char *) data);
  return contents[len / 2];
}

static double
load_image (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = isc_image_load (data, 0, NULL, NULL, NULL, &error);

  if (image == NULL)
    g_error ("%s", error->message);
  return image->pixels[image->width];
}

/* What the image view does for a new image: the frame's histogram, then the display buffer
 * under percentile contrast. */
static double
display_new (gpointer data)
{
  const IscImage *image = data;
  g_autoptr(IscImageLevels) levels = isc_image_levels_compute (image, 0);
  IscContrast contrast;
  cairo_surface_t *surface;
  double v;

  isc_contrast_init_default (&contrast);
  surface = isc_image_render_rgba (image, 0, &contrast, ISC_COLORMAP_GREY, levels, NULL, NULL);
  v = cairo_image_surface_get_data (surface)[17];
  cairo_surface_destroy (surface);
  return v;
}

typedef struct
{
  const IscImage *image;
  IscImageLevels *levels;
} ContrastJob;

/* What it does for a contrast or colour-map change: the display buffer only. */
static double
display_contrast (gpointer data)
{
  ContrastJob *job = data;
  IscContrast contrast = { ISC_CONTRAST_PERCENTILE, 1, 99, 0.8 };
  cairo_surface_t *surface = isc_image_render_rgba (job->image, 0, &contrast, ISC_COLORMAP_VIRIDIS, job->levels, NULL, NULL);
  double v = cairo_image_surface_get_data (surface)[17];

  cairo_surface_destroy (surface);
  return v;
}

static double
one_pass (gpointer data)
{
  const IscImage *image = data;
  double sum = 0;

  for (gsize i = 0; i < (gsize) image->width * image->height; i++)
    sum += image->pixels[i];
  return sum;
}

static double
fft_peaks (gpointer data)
{
  g_autoptr(IscFft) fft = isc_fft_compute (data, 0, NULL, NULL);
  g_autoptr(GArray) peaks = isc_fft_find_peaks (fft, 6, 0, 0);

  return peaks->len ? g_array_index (peaks, IscFftPeak, 0).d : 0;
}

static double
peaks_only (gpointer data)
{
  g_autoptr(GArray) peaks = isc_fft_find_peaks (data, 6, 0, 0);

  return peaks->len ? g_array_index (peaks, IscFftPeak, 0).d : 0;
}

static double
fft_only (gpointer data)
{
  g_autoptr(IscFft) fft = isc_fft_compute (data, 0, NULL, NULL);

  return fft->magnitude[0];
}

/* The baseline of the FFT figures: FFTW's real-to-complex transform alone (plan and execute),
 * on the same pixels. What isc_fft_compute adds (mean, window, magnitude) and the peak search
 * are measured against it. */
static double
transform_only (gpointer data)
{
  const IscImage *image = data;
  gsize n = (gsize) image->width * image->height;
  float *in = fftwf_alloc_real (n);
  fftwf_complex *out = fftwf_alloc_complex ((gsize) image->height * (image->width / 2 + 1));
  fftwf_plan plan = fftwf_plan_dft_r2c_2d (image->height, image->width, in, out, FFTW_ESTIMATE);
  double first;

  memcpy (in, image->pixels, n * sizeof (float));
  fftwf_execute (plan);
  first = out[1][0];
  fftwf_destroy_plan (plan);
  fftwf_free (in);
  fftwf_free (out);
  return first;
}

static IscImage *
make_image (guint         n,
            IscImageDtype dtype)
{
  IscImage *image = isc_image_new (n, n, 1, dtype, NULL);

  for (guint y = 0; y < n; y++)
    for (guint x = 0; x < n; x++)
      image->pixels[(gsize) y * n + x] = 20000 + 8000 * cos (x * 0.27) * cos (y * 0.31) + (x * 7919u + y * 104729u) % 500;
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, 0.01, "nm", "x");
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0, 0.01, "nm", "y");
  return image;
}

int
main (int   argc,
      char *argv[])
{
  guint load_n = argc > 1 ? (guint) atoi (argv[1]) : 4096;
  guint fft_n = argc > 2 ? (guint) atoi (argv[2]) : 2048;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  double sink = 0, t_read, t_load, t_pass, t_fft, t_fft_only, t_transform, t_show, t_contrast, t_peaks;
  int fd;

  if (load_n < 16 || load_n > 16384 || fft_n < 16 || fft_n > 16384)
    {
      fprintf (stderr, "usage: bench-image [LOAD_SIZE [FFT_SIZE]] (16 … 16384)\n");
      return 1;
    }

  fd = g_file_open_tmp ("bench-image-XXXXXX.tif", &path, &error);
  if (fd < 0)
    g_error ("%s", error->message);
  close (fd);
  {
    g_autoptr(IscImage) image = make_image (load_n, ISC_IMAGE_DTYPE_U16);

    if (!isc_image_write_tiff (image, path, &error))
      g_error ("%s", error->message);
  }

  /* warm the page cache so that both measure the same thing: bytes already in memory */
  plain_read (path);
  t_read = best_seconds (plain_read, path, &sink);
  t_load = best_seconds (load_image, path, &sink);
  {
    g_autoptr(IscImage) image = isc_image_load (path, 0, NULL, NULL, NULL, &error);
    ContrastJob job;

    if (image == NULL)
      g_error ("%s", error->message);
    t_show = best_seconds (display_new, image, &sink);
    job.image = image;
    job.levels = isc_image_levels_compute (image, 0);
    t_contrast = best_seconds (display_contrast, &job, &sink);
    isc_image_levels_free (job.levels);
  }
  g_unlink (path);

  {
    g_autoptr(IscImage) image = make_image (fft_n, ISC_IMAGE_DTYPE_F32);

    t_pass = best_seconds (one_pass, image, &sink);
    t_transform = best_seconds (transform_only, image, &sink);
    t_fft_only = best_seconds (fft_only, image, &sink);
    t_fft = best_seconds (fft_peaks, image, &sink);
    {
      g_autoptr(IscFft) fft = isc_fft_compute (image, 0, NULL, NULL);

      t_peaks = best_seconds (peaks_only, fft, &sink);
    }
  }

  printf ("bench-image (best of %d; checksum %g)\n", REPEATS, sink);
  printf ("  load %u² uint16 TIFF      %8.1f ms   plain read of the file %7.1f ms   ratio %.2f\n",
          load_n, t_load * 1e3, t_read * 1e3, t_load / t_read);
  printf ("  show %u² (histogram + display buffer) %6.1f ms   ratio to plain read %.2f\n",
          load_n, t_show * 1e3, t_show / t_read);
  printf ("  contrast change %u² (display buffer)    %6.1f ms   ratio to plain read %.2f\n",
          load_n, t_contrast * 1e3, t_contrast / t_read);
  printf ("  FFT %u² (window, |F|)  %8.1f ms   one pass over pixels   %7.1f ms   ratio %.1f\n",
          fft_n, t_fft_only * 1e3, t_pass * 1e3, t_fft_only / t_pass);
  printf ("  FFT %u² + peak search   %8.1f ms   one pass over pixels   %7.1f ms   ratio %.1f\n",
          fft_n, t_fft * 1e3, t_pass * 1e3, t_fft / t_pass);
  /* the goal: window, magnitude and peak search together ≤ 0.5 × the transform. The peak
   * search is timed on its own; window and |F| are what isc_fft_compute adds to the transform
   * (a difference of two timings, so it reads low or even negative on a busy machine). */
  printf ("  FFTW r2c transform alone %6.1f ms   window + |F| %7.1f ms   peaks %7.1f ms   ratio %.2f\n",
          t_transform * 1e3, (t_fft_only - t_transform) * 1e3, t_peaks * 1e3,
          (MAX (t_fft_only - t_transform, 0) + t_peaks) / t_transform);
  return 0;
}
