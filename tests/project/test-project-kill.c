/* test-project-kill.c: a save killed at any moment leaves a project file that loads, complete,
 * with either the old or the new content.
 *
 * A child process saves a realistic project (about 300 KB) over and over, alternating two versions; the
 * parent kills it with SIGKILL after a random delay (fixed seed), then loads the file and
 * compares it with both versions, field by field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "project-file.h"
#include "test-util.h"

#define N_KILLS 200
#define SEED    20240611

/* 5 conditions × 6 sites × 3 datasets with cached ratios, ROIs and settings, and long notes:
 * the size of a real study (a few hundred KB). @version changes the notes and drops a site. */
static IscProject *
study (const char *dir,
       guint       version)
{
  IscProject *project = isc_project_new ();
  g_autoptr(GString) notes = g_string_new (NULL);
  const char *elements[] = { "Li", "Ni", "Co", "Mn", "O", "Al" };

  g_string_append_printf (notes, "version %u\n", version);
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (notes, "line %u of the lab notes, version %u\n", i, version);
  isc_project_set_notes (project, notes->str);
  for (guint c = 0; c < 5; c++)
    {
      g_autofree char *name = g_strdup_printf ("%u cycles", c * 100);
      g_autofree char *cycler = g_strdup_printf ("%s/cycling/cell-%u.mpt", dir, c);
      IscCondition *condition = isc_project_add_condition (project, name, c * 100);

      condition->retention = 1.0 - 0.04 * c;
      isc_condition_add_cycler (condition, cycler, 12.5 + c);
      for (guint s = 0; s < 6; s++)
        {
          g_autofree char *label = g_strdup_printf ("R%u", s + 1);
          IscSite *site;

          if (version == 1 && c == 3 && s == 4)
            continue;
          site = isc_condition_add_site (condition, label, 15.0 * (s + 1) + c, "< 30 nm");
          isc_site_add_roi (site, "cyl:0,0,0,0,0,1,10,50");
          isc_site_set_setting (site, "metal_basis", "Ni,Co,Mn");
          isc_site_set_setting (site, "block_size", "100");
          for (guint d = 0; d < 3; d++)
            {
              g_autofree char *pos = g_strdup_printf ("%s/apt/c%u/R%u-%u.pos", dir, c, s, d);
              g_autofree char *rrng = g_strdup_printf ("%s/apt/ranges.rrng", dir);
              IscDataset *dataset = isc_site_add_dataset (site, ISC_DATASET_APT, pos);

              isc_dataset_set_range_path (dataset, rrng);
              dataset->has_cache = TRUE;
              dataset->cache_basis = g_strdup ("Ni,Co,Mn");
              dataset->stamp.size = 1000000 + d;
              dataset->stamp.mtime_us = 1700000000000000 + s;
              for (guint e = 0; e < G_N_ELEMENTS (elements); e++)
                isc_ratios_set (dataset->ratios, elements[e], 0.1 * e + 0.01 * s + version);
            }
        }
    }
  return project;
}

static void
append_dataset (GString          *out,
                const IscDataset *dataset)
{
  g_string_append_printf (out, "D %d %s %s %.17g %d %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                          " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
                          dataset->kind, dataset->path, dataset->range_path,
                          dataset->active_mass_mg, dataset->has_cache, dataset->cache_basis,
                          dataset->stamp.size, dataset->stamp.mtime_us, dataset->range_stamp.size,
                          dataset->range_stamp.mtime_us);
  for (guint i = 0; i < dataset->ratios->len; i++)
    g_string_append_printf (out, " %s=%.17g", g_array_index (dataset->ratios, IscRatio, i).element,
                            g_array_index (dataset->ratios, IscRatio, i).value);
  g_string_append_c (out, '\n');
}

/* Everything a project holds, as text: equal texts, equal projects. */
static char *
fingerprint (const IscProject *project)
{
  g_autoptr(GString) out = g_string_new (project->notes);

  for (guint c = 0; c < project->conditions->len; c++)
    {
      const IscCondition *condition = g_ptr_array_index (project->conditions, c);

      g_string_append_printf (out, "C %s %u %.17g\n", condition->name, condition->cycles,
                              condition->retention);
      for (guint i = 0; i < condition->cycler_files->len; i++)
        append_dataset (out, g_ptr_array_index (condition->cycler_files, i));
      for (guint s = 0; s < condition->sites->len; s++)
        {
          const IscSite *site = g_ptr_array_index (condition->sites, s);
          g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (site->settings),
                                               (GCompareFunc) strcmp);

          g_string_append_printf (out, "S %s %.17g %s\n", site->label, site->depth_nm,
                                  site->region);
          for (guint r = 0; r < site->rois->len; r++)
            g_string_append_printf (out, "R %s\n", (char *) g_ptr_array_index (site->rois, r));
          for (GList *l = keys; l != NULL; l = l->next)
            g_string_append_printf (out, "K %s=%s\n", (char *) l->data,
                                    (char *) g_hash_table_lookup (site->settings, l->data));
          for (guint d = 0; d < site->datasets->len; d++)
            append_dataset (out, g_ptr_array_index (site->datasets, d));
        }
    }
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, out->str, out->len);
}

static guint
count_temps (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (folder)) != NULL)
    if (g_str_has_prefix (name, ".study.ionscape."))
      n++;
  return n;
}

static void
test_killed_saves (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "study.ionscape", NULL);
  g_autoptr(IscProject) version0 = study (dir, 0);
  g_autoptr(IscProject) version1 = study (dir, 1);
  IscProject *versions[2] = { version0, version1 };
  g_autofree char *expected0 = NULL;
  g_autofree char *expected1 = NULL;
  const char *expected[2];
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  guint seen[2] = { 0, 0 }, mid_save = 0, max_temps = 0;
  GStatBuf st;
  gint64 start, save_us;

  expected[0] = expected0 = fingerprint (version0);
  expected[1] = expected1 = fingerprint (version1);
  g_assert_cmpstr (expected[0], !=, expected[1]);

  start = g_get_monotonic_time ();
  g_assert_true (isc_project_save (versions[0], file, NULL));
  save_us = MAX (g_get_monotonic_time () - start, 1000);
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_test_message ("project file: %" G_GINT64_FORMAT " bytes, one save %" G_GINT64_FORMAT " µs",
                  (gint64) st.st_size, save_us);
  g_assert_cmpint (st.st_size, >, 100000);

  for (guint kill_no = 0; kill_no < N_KILLS; kill_no++)
    {
      g_autoptr(IscProject) loaded = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *got = NULL;
      /* Anywhere within the first few saves of the child, start-up included. */
      gint64 delay = g_rand_int_range (rand, 0, (gint32) MIN (save_us * 3, 2000000));
      guint temps;
      pid_t pid;
      int status;

      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          for (guint i = 0;; i++)
            if (!isc_project_save (versions[(i + kill_no) % 2], file, NULL))
              _exit (3);
        }
      g_usleep (delay);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      /* Killed, not failed: a save error would have ended the child with status 3. */
      g_assert_true (WIFSIGNALED (status));

      temps = count_temps (dir);
      if (temps > 0)
        mid_save++;
      max_temps = MAX (max_temps, temps);

      loaded = isc_project_load (file, &error);
      g_assert_no_error (error);
      got = fingerprint (loaded);
      if (g_str_equal (got, expected[0]))
        seen[0]++;
      else if (g_str_equal (got, expected[1]))
        seen[1]++;
      else
        g_error ("after kill %u (%" G_GINT64_FORMAT " µs) the file holds neither version", kill_no,
                 delay);
    }

  g_test_message ("%u kills: %u left version 0, %u version 1, %u interrupted a save "
                  "(temporary file left), at most %u temporary files at once", N_KILLS, seen[0],
                  seen[1], mid_save, max_temps);
  g_assert_cmpuint (seen[0] + seen[1], ==, N_KILLS);
  g_assert_cmpuint (seen[0], >, 0);
  g_assert_cmpuint (seen[1], >, 0);
  /* The test means something only if many kills hit a save in progress. */
  g_assert_cmpuint (mid_save, >=, N_KILLS / 4);
  /* Each save removes what the killed ones left: they never pile up. */
  g_assert_cmpuint (max_temps, <=, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/project-kill/killed-saves", test_killed_saves);
  return g_test_run ();
}
