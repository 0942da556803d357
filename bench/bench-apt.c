/* bench-apt.c: .pos loading against a plain read() of the same bytes, ranging throughput and
 * memory per ion. Usage: bench-apt [MILLIONS_OF_IONS] (default 10).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "column-cache.h"
#include "demo-apt.h"
#include "apt-readers.h"
#include "pos-io.h"
#include "range-set.h"

static double
plain_read (const char *path,
            guint8     *buf,
            gsize       len)
{
  gint64 t0 = g_get_monotonic_time ();
  int fd = g_open (path, O_RDONLY, 0);
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = read (fd, buf + done, len - done);

      if (n <= 0)
        break;
      done += (gsize) n;
    }
  close (fd);
  g_assert (done == len);
  return (g_get_monotonic_time () - t0) / 1e6;
}

static long
max_rss_kib (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

/* Resident anonymous memory (private: not the page cache of a mapped file), KiB. */
static long
rss_anon_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "RssAnon:")) == NULL)
    return 0;
  return strtol (line + 8, NULL, 10);
}

typedef struct
{
  long base;
  long peak;
} AnonPeak;

static void
sample_anon (double   fraction,
             gpointer data)
{
  AnonPeak *p = data;

  p->peak = MAX (p->peak, rss_anon_kib () - p->base);
}

/* The first load of an N-ion .epos: streamed into the cache (now) against parsed into memory
 * with its cache written after (before), peak private memory sampled at every chunk. */
static void
bench_epos (const char *dir,
            gsize       n)
{
  g_autoptr(IscIonCloud) specimen = isc_demo_apt_specimen (0, 0);
  g_autofree char *path = g_build_filename (dir, "bench.epos", NULL);
  g_autofree char *cache = isc_column_cache_path (path);
  FILE *out = g_fopen (path, "wb");
  double t[2];
  long peak[2];

  for (gsize i = 0; i < n; i++)
    {
      gsize j = i % specimen->n_ions;
      float v[9] = { specimen->x[j], specimen->y[j], specimen->z[j] + 200.0f * (float) (i / specimen->n_ions),
                     specimen->mq[j], 400.0f + j % 100, 5.0f + i * 1e-7f, 1.0f, j % 40 - 20.0f, j % 30 - 15.0f };
      guint32 rec[11];

      for (int k = 0; k < 9; k++)
        {
          memcpy (&rec[k], &v[k], 4);
          rec[k] = GUINT32_TO_BE (rec[k]);
        }
      rec[9] = GUINT32_TO_BE ((guint32) (i % 3));
      rec[10] = GUINT32_TO_BE (1u);
      fwrite (rec, sizeof rec, 1, out);
    }
  fclose (out);
  printf (".epos first load, %" G_GSIZE_FORMAT " ions (%.1f MB):\n", n, n * 44 / 1e6);
  for (int streamed = 1; streamed >= 0; streamed--)
    {
      g_autoptr(GError) error = NULL;
      AnonPeak p = { rss_anon_kib (), 0 };
      gint64 t0 = g_get_monotonic_time ();
      IscIonCloud *c;

      g_unlink (cache);
      if (streamed)
        c = isc_ion_cloud_load (path, NULL, sample_anon, &p, &error);
      else
        {
          /* as a first load was before: parsed, then its cache stored */
          c = isc_ion_cloud_load_epos (path, NULL, sample_anon, &p, &error);
          g_assert (c != NULL);
          g_assert (isc_column_cache_store (path, c, &error));
        }
      sample_anon (1, &p);
      t[streamed] = (g_get_monotonic_time () - t0) / 1e6;
      peak[streamed] = p.peak;
      g_assert (c != NULL && isc_ion_cloud_is_mapped (c) == streamed);
      isc_ion_cloud_unref (c);
    }
  printf ("parsed + cache written (before): %7.3f s, peak private %8.2f bytes/ion\n",
          t[0], peak[0] * 1024.0 / n);
  printf ("streamed into the cache (now):   %7.3f s, peak private %8.2f bytes/ion (%.1f MiB)\n",
          t[1], peak[1] * 1024.0 / n, peak[1] / 1024.0);
  g_unlink (cache);
  g_unlink (path);
  printf ("\n");
}

int
main (int   argc,
      char *argv[])
{
  double millions = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 10.0;
  gsize n = (gsize) (millions * 1e6);
  g_autoptr(IscRangeSet) ranges = isc_demo_apt_ranges ();
  g_autoptr(IscIonCloud) specimen = isc_demo_apt_specimen (0, 0);
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-apt-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.pos", NULL);
  g_autofree guint8 *buf = NULL;
  double t_read = 1e30, t_read_fresh = 1e30, t_load = 1e30, t_range = 1e30;
  long rss_before, rss_after;
  FILE *out;

  if (n == 0)
    {
      fprintf (stderr, "usage: bench-apt [MILLIONS_OF_IONS]\n");
      return 1;
    }
  /* the column cache of this run lives beside its file and goes with it */
  g_setenv ("XDG_CACHE_HOME", dir, TRUE);
  g_setenv ("IONSCAPE_COLUMN_CACHE_MIN_BYTES", "0", TRUE);
  /* first, while the process holds no freed memory that a new buffer could reuse unseen */
  bench_epos (dir, n);

  /* The demo's first specimen tiled to n ions, written record by record so that no
   * full-size buffer exists before the memory measurement. */
  out = g_fopen (path, "wb");
  for (gsize i = 0; i < n; i++)
    {
      gsize j = i % specimen->n_ions;
      float v[4] = { specimen->x[j], specimen->y[j],
                     specimen->z[j] + 200.0f * (float) (i / specimen->n_ions), specimen->mq[j] };
      guint32 rec[4];

      for (int k = 0; k < 4; k++)
        {
          memcpy (&rec[k], &v[k], 4);
          rec[k] = GUINT32_TO_BE (rec[k]);
        }
      fwrite (rec, sizeof rec, 1, out);
    }
  if (fclose (out) != 0)
    {
      fprintf (stderr, "cannot write %s\n", path);
      return 1;
    }
  printf ("ions: %" G_GSIZE_FORMAT " (%.1f MB .pos)\n", n, n * 16 / 1e6);

  /* Warm the page cache through a small buffer. */
  {
    guint8 small[1 << 16];
    int fd = g_open (path, O_RDONLY, 0);

    while (read (fd, small, sizeof small) > 0)
      ;
    close (fd);
  }

  rss_before = max_rss_kib ();
  for (int r = 0; r < 3; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      IscIonCloud *c = isc_ion_cloud_load_pos (path, NULL, NULL, NULL, &error);

      t_load = MIN (t_load, (g_get_monotonic_time () - t0) / 1e6);
      g_assert (c != NULL);
      if (r < 2)
        isc_ion_cloud_unref (c);
      else
        cloud = c;
    }
  for (int r = 0; r < 3; r++)
    {
      gint64 t0 = g_get_monotonic_time ();

      isc_range_set_apply (ranges, cloud, NULL, NULL, NULL, NULL);
      t_range = MIN (t_range, (g_get_monotonic_time () - t0) / 1e6);
    }
  rss_after = max_rss_kib ();

  /* Baselines last, so that their buffers do not count in the memory figure. */
  buf = g_malloc (n * 16);
  plain_read (path, buf, n * 16);
  for (int r = 0; r < 3; r++)
    t_read = MIN (t_read, plain_read (path, buf, n * 16));
  g_clear_pointer (&buf, g_free);
  /* A loader must also obtain fresh memory: the same read() into a new buffer each time. */
  for (int r = 0; r < 3; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      guint8 *fresh = g_malloc (n * 16);

      plain_read (path, fresh, n * 16);
      t_read_fresh = MIN (t_read_fresh, (g_get_monotonic_time () - t0) / 1e6);
      g_free (fresh);
    }

  printf ("read(), warm buffer: %8.3f s  (%.0f MB/s)\n", t_read, n * 16 / 1e6 / t_read);
  printf ("read(), new buffer:  %8.3f s  (%.0f MB/s)\n", t_read_fresh, n * 16 / 1e6 / t_read_fresh);
  printf ("isc .pos load:       %8.3f s  ratio to read() into a new buffer: %.2fx, into a warm one: %.2fx "
          "(goal <= 1.5x)\n", t_load, t_load / t_read_fresh, t_load / t_read);
  printf ("ranging (%u windows): %7.3f s  %.0f M ions/s on one core (goal >= 200)\n",
          isc_range_set_get_n_ranges (ranges), t_range, n / t_range / 1e6);
  printf ("cloud memory:        %8.2f bytes/ion (x, y, z, m/n, ion type)\n",
          (double) isc_ion_cloud_get_memory_size (cloud) / n);
  printf ("peak memory:         %8.2f bytes/ion (RSS growth while loading and ranging)\n",
          (rss_after - rss_before) * 1024.0 / n);

  /* Zero-copy: the first isc_ion_cloud_load writes the native-order column cache, later ones
   * map it; their cost against read() of the same bytes, and the private memory per ion. */
  {
    double t_first, t_wait, t_mapped = 1e30;
    gint64 t0 = g_get_monotonic_time ();
    IscIonCloud *c = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
    g_autofree char *cache = isc_column_cache_path (path);
    g_autofree char *cache_dir = g_path_get_dirname (cache);
    g_autofree char *cache_parent = g_path_get_dirname (cache_dir);

    g_assert (c != NULL);
    t_first = (g_get_monotonic_time () - t0) / 1e6;
    isc_ion_cloud_unref (c);
    t0 = g_get_monotonic_time ();
    isc_column_cache_wait ();
    t_wait = (g_get_monotonic_time () - t0) / 1e6;
    for (int r = 0; r < 3; r++)
      {
        t0 = g_get_monotonic_time ();
        c = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
        t_mapped = MIN (t_mapped, (g_get_monotonic_time () - t0) / 1e6);
        g_assert (c != NULL && isc_ion_cloud_is_mapped (c));
        if (r < 2)
          isc_ion_cloud_unref (c);
      }
    printf ("first load:          %8.3f s  ratio to read() into a new buffer: %.2fx\n",
            t_first, t_first / t_read_fresh);
    printf ("cache written:       %8.3f s more, in the background\n", t_wait);
    printf ("mapped load:         %8.4f s  ratio to read() into a new buffer: %.4fx\n",
            t_mapped, t_mapped / t_read_fresh);
    isc_range_set_apply (ranges, c, NULL, NULL, NULL, NULL);
    printf ("mapped cloud memory: %8.2f bytes/ion of its own (the range index; goal <= 2)\n",
            (double) isc_ion_cloud_get_memory_size (c) / n);
    isc_ion_cloud_unref (c);
    g_unlink (cache);
    g_rmdir (cache_dir);
    g_rmdir (cache_parent);
  }

  g_unlink (path);
  {
    g_autofree char *columns = isc_column_cache_dir ();
    g_autofree char *parent = g_path_get_dirname (columns);

    g_rmdir (columns);
    g_rmdir (parent);
  }
  g_rmdir (dir);
  return 0;
}
