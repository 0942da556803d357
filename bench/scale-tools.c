/* scale-tools.c: the two helpers of bench-scale.sh.
 *
 *   scale-tools write N PATH     writes an N-ion .pos: the demo's first specimen tiled along z
 *                                (record by record, so the writer itself stays small)
 *   scale-tools picture PATH     loads PATH as the window does and builds the 3-D view's first
 *                                picture (ISC_POINT_BATCH_PREVIEW_IONS) and its detail batch
 *                                (isc_point_batch_detail_limit ()), printing the milliseconds of
 *                                each and the ions each holds
 *   scale-tools measure CMD ...  runs CMD and prints "SECONDS PEAK_RSS_KIB STATUS PEAK_PRIVATE_KIB"
 *                                on stderr: wall time, the child's peak resident memory (from
 *                                wait4, file pages of a mapping included) and its peak private
 *                                memory (RssAnon of /proc/PID/status, sampled every 5 ms)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "demo-apt.h"
#include "point-batch.h"

static int
write_pos (guint64     n,
           const char *path)
{
  g_autoptr(IscIonCloud) specimen = isc_demo_apt_specimen (0, 0);
  FILE *out = g_fopen (path, "wb");
  guint32 rec[4096 * 4];
  guint64 i = 0;

  if (out == NULL)
    {
      fprintf (stderr, "scale-tools: cannot write %s\n", path);
      return 1;
    }
  while (i < n)
    {
      gsize fill = 0;

      for (; fill < 4096 && i < n; fill++, i++)
        {
          gsize j = i % specimen->n_ions;
          float v[4] = { specimen->x[j], specimen->y[j],
                         specimen->z[j] + 200.0f * (float) (i / specimen->n_ions), specimen->mq[j] };

          for (int k = 0; k < 4; k++)
            {
              memcpy (&rec[4 * fill + k], &v[k], 4);
              rec[4 * fill + k] = GUINT32_TO_BE (rec[4 * fill + k]);
            }
        }
      if (fwrite (rec, 16, fill, out) != fill)
        {
          fclose (out);
          fprintf (stderr, "scale-tools: cannot write %s (disk full?)\n", path);
          return 1;
        }
    }
  return fclose (out) == 0 ? 0 : 1;
}

static int
picture (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscPointBatch) preview = NULL;
  g_autoptr(IscPointBatch) detail = NULL;
  gint64 t0 = g_get_monotonic_time (), t1, t2, t3;

  cloud = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
  t1 = g_get_monotonic_time ();
  if (cloud != NULL)
    preview = isc_point_batch_new_sample (cloud, ISC_POINT_BATCH_PREVIEW_IONS, NULL, &error);
  t2 = g_get_monotonic_time ();
  if (preview != NULL)
    detail = isc_point_batch_new_sample (cloud, isc_point_batch_detail_limit (), NULL, &error);
  t3 = g_get_monotonic_time ();
  if (detail == NULL)
    {
      fprintf (stderr, "scale-tools: %s\n", error->message);
      return 1;
    }
  printf ("load %.0f ms, first picture %.0f ms (%" G_GSIZE_FORMAT " ions), detail %.0f ms (%" G_GSIZE_FORMAT " ions)\n",
          (t1 - t0) / 1e3, (t2 - t1) / 1e3, preview->n_vertices, (t3 - t2) / 1e3, detail->n_vertices);
  return 0;
}

/* Resident anonymous memory of @pid in KiB (its private memory: not the pages of mapped
 * files, which the kernel may drop and read again), or -1. */
static long
rss_anon_kib (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, "RssAnon:")) == NULL)
    return -1;
  return strtol (line + strlen ("RssAnon:"), NULL, 10);
}

static int
measure (char **argv)
{
  gint64 t0 = g_get_monotonic_time ();
  struct rusage ru;
  int status = 0;
  long peak_anon = 0;
  pid_t pid = fork ();

  if (pid == 0)
    {
      execvp (argv[0], argv);
      _exit (127);
    }
  if (pid < 0)
    return 1;
  for (;;)
    {
      /* WNOWAIT: the child stays a zombie until wait4 collects its rusage */
      siginfo_t info = { 0 };

      if (waitid (P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid)
        break;
      peak_anon = MAX (peak_anon, rss_anon_kib (pid));
      g_usleep (5000);
    }
  if (wait4 (pid, &status, 0, &ru) < 0)
    return 1;
  fprintf (stderr, "%.3f %ld %d %ld\n", (g_get_monotonic_time () - t0) / 1e6, ru.ru_maxrss,
           WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status), peak_anon);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "write"))
    return write_pos (g_ascii_strtoull (argv[2], NULL, 10), argv[3]);
  if (argc == 3 && g_str_equal (argv[1], "picture"))
    return picture (argv[2]);
  if (argc >= 3 && g_str_equal (argv[1], "measure"))
    return measure (argv + 2);
  fprintf (stderr, "usage: scale-tools write N PATH | scale-tools picture PATH | scale-tools measure CMD [ARG…]\n");
  return 1;
}
