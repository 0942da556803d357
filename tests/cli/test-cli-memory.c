/* test-cli-memory.c: an analysis whose arrays do not fit in memory ends in one clear error
 * with exit status 1 (never a GLib abort, exit 133). IONSCAPE_MEMORY_LIMIT caps every
 * request the way a full machine or `ulimit -v` would; the data is mapped from the column
 * cache (written by a first run without the cap), so only the analyses ask for much.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "test-util.h"

static const char rrng[] =
  "[Ions]\r\nNumber=3\r\nIon1=Li\r\nIon2=O\r\nIon3=Ni\r\n"
  "[Ranges]\r\nNumber=3\r\n"
  "Range1=6.7000 7.3000 Vol:0.01 Li:1 Color:FF0000\r\n"
  "Range2=15.7000 16.3000 Vol:0.01 O:1 Color:00FF00\r\n"
  "Range3=57.7000 58.3000 Vol:0.01 Ni:1 Color:0000FF\r\n";

#define N_IONS 200000

static char *dir, *pos, *ranges;

static void
assert_out_of_memory (const char *what,
                      int         status,
                      const char *err)
{
  g_test_message ("%s: %s", what, err);
  g_assert_cmpint (status, ==, 1);
  g_assert_null (strstr (err, "GLib-ERROR"));
  g_assert_nonnull (strstr (err, "of memory, which is not available"));
  /* one message, one line */
  g_assert_nonnull (strchr (err, '\n'));
  g_assert_cmpstr (strchr (err, '\n'), ==, "\n");
}

static void
test_analyses (void)
{
  struct { const char *what; const char *args[13]; } cases[] = {
    { "fda spatial", { "fda", pos, "--ranges", ranges, "--element", "Li", "--blocks", "spatial", NULL } },
    { "profile --count", { "profile", pos, "--ranges", ranges, "--count", "100", "--axis", "z", NULL } },
    { "cluster", { "cluster", pos, "--ranges", ranges, "--elements", "Li", "--dmax", "0.5", "--nmin", "5", NULL } },
    { "nn", { "nn", pos, "--ranges", ranges, "--element", "Li", "--k", "2", NULL } },
    { "isosurface", { "isosurface", pos, "--ranges", ranges, "--element", "Li", "--threshold", "20",
                      "--bin", "0.3", NULL } },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const char **a = cases[c].args;
      g_autofree char *err = NULL;
      int status;

      /* without the cap each runs */
      g_unsetenv ("IONSCAPE_MEMORY_LIMIT");
      status = isc_test_run_cli (NULL, &err, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], NULL);
      g_assert_cmpint (status, ==, 0);
      g_clear_pointer (&err, g_free);
      /* 300 kB: the range index (200 kB) fits, the analyses' arrays do not */
      g_setenv ("IONSCAPE_MEMORY_LIMIT", "300000", TRUE);
      status = isc_test_run_cli (NULL, &err, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], NULL);
      assert_out_of_memory (cases[c].what, status, err);
    }
  g_unsetenv ("IONSCAPE_MEMORY_LIMIT");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree float (*ions)[4] = g_malloc (sizeof (float[4]) * N_IONS);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autofree char *cache = NULL;
  int status;

  dir = isc_test_make_tmpdir ();
  cache = g_build_filename (dir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("IONSCAPE_COLUMN_CACHE_MIN_BYTES", "0", TRUE);
  g_setenv ("IONSCAPE_COLUMN_CACHE", "1", TRUE);
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < N_IONS; i++)
    {
      double u = g_rand_double (rand);

      ions[i][0] = g_rand_double_range (rand, -15, 15);
      ions[i][1] = g_rand_double_range (rand, -15, 15);
      ions[i][2] = g_rand_double_range (rand, 0, 40);
      ions[i][3] = u < 0.2 ? 7.0f : u < 0.6 ? 16.0f : 58.0f;
    }
  pos = g_build_filename (dir, "needle.pos", NULL);
  ranges = g_build_filename (dir, "needle.rrng", NULL);
  isc_test_write_pos (pos, (const float (*)[4]) ions, N_IONS);
  isc_test_write_file (ranges, rrng, strlen (rrng));
  g_test_add_func ("/cli/memory/analyses", test_analyses);
  status = g_test_run ();
  g_free (pos);
  g_free (ranges);
  g_free (dir);
  return status;
}
