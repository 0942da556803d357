/* test-cli-batch-cache.c: `ionscape-cli batch PROJECT --cache` keeps the finished table in the
 * project file (the window's Recipe Results page reads it), an interrupted run leaves the
 * project as it was, and --cache is refused where there is no project or no CSV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "project-batch.h"
#include "project-file.h"
#include "test-util.h"

/* DIR/NAME.pos: @n_li Li and 10 NiO ions (DIR/needle.rrng ranges them). */
static char *
write_dataset (const char *dir,
               const char *name,
               guint       n_li)
{
  float ions[40][4];
  g_autofree char *file = g_strdup_printf ("%s.pos", name);
  char *pos = g_build_filename (dir, file, NULL);
  guint n = n_li + 10;

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (ions));
  for (guint i = 0; i < n; i++)
    {
      ions[i][0] = (float) (i % 5);
      ions[i][1] = (float) (i % 3);
      ions[i][2] = (float) i;
      ions[i][3] = i < n_li ? 7.0f : 74.0f;
    }
  isc_test_write_pos (pos, (const float (*)[4]) ions, n);
  return pos;
}

static void
test_cache (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *pos1 = write_dataset (dir, "needle-1", 20);
  g_autofree char *pos2 = write_dataset (dir, "needle-2", 25);
  g_autofree char *rrng = g_build_filename (dir, "needle.rrng", NULL);
  g_autofree char *path = g_build_filename (dir, "study.ionscape", NULL);
  g_autofree char *recipe = g_build_filename (dir, "li.json", NULL);
  g_autofree char *csv = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *h5 = g_build_filename (dir, "out.h5", NULL);
  g_autofree char *text = NULL, *err = NULL, *before = NULL;
  g_autoptr(IscProject) project = isc_project_new ();
  g_autoptr(IscProject) loaded = NULL;
  g_autoptr(GError) error = NULL;
  IscSite *site = isc_condition_add_site (isc_project_add_condition (project, "aged", 300), "R1", 50, NULL);
  const char ranges[] = "[Ions]\nNumber=2\nIon1=Li\nIon2=NiO\n[Ranges]\nNumber=2\n"
                        "Range1=6.9 7.1 Vol:0.01 Li:1 Color:E69F00\nRange2=73.9 74.1 Vol:0.02 Ni:1 O:1 Color:009E73\n";
  const char recipe_text[] = "{\"analyses\": [{\"kind\": \"composition\", \"basis\": [\"Ni\"]}]}";
  const IscProjectBatch *batch;
  guint n_ratio_li = 0;

  isc_test_write_file (rrng, ranges, strlen (ranges));
  isc_test_write_file (recipe, recipe_text, strlen (recipe_text));
  isc_dataset_set_range_path (isc_site_add_dataset (site, ISC_DATASET_APT, pos1), rrng);
  isc_dataset_set_range_path (isc_site_add_dataset (site, ISC_DATASET_APT, pos2), rrng);
  g_assert_true (isc_project_save (project, path, &error));
  g_assert_no_error (error);
  before = isc_test_checksum_file (path);

  /* Without a project or with HDF5 output there is nothing to cache in. */
  g_assert_cmpint (isc_test_run_cli (NULL, &err, "batch", pos1, "--ranges", rrng, "--recipe", recipe,
                                     "--out", csv, "--cache", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--cache"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (isc_test_run_cli (NULL, &err, "batch", path, "--recipe", recipe, "--out", h5, "--cache",
                                     NULL), ==, 1);
  g_clear_pointer (&err, g_free);

  /* Interrupted after one dataset: the project is left alone. */
  g_assert_cmpint (isc_test_run_cli (NULL, NULL, "batch", path, "--recipe", recipe, "--out", csv, "--cache",
                                     "--max-datasets", "1", "-q", NULL), ==, 0);
  {
    g_autofree char *after = isc_test_checksum_file (path);

    g_assert_cmpstr (after, ==, before);
  }

  /* Finished: the rows of the CSV are in the project file, in its order. */
  g_assert_cmpint (isc_test_run_cli (NULL, NULL, "batch", path, "--recipe", recipe, "--out", csv, "--cache",
                                     "-q", NULL), ==, 0);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  loaded = isc_project_load (path, &error);
  g_assert_no_error (error);
  batch = isc_project_get_batch (loaded);
  g_assert_nonnull (batch);
  g_assert_cmpstr (batch->recipe, ==, "li.json");
  g_assert_cmpstr (batch->table, ==, csv);
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
    guint n_lines = g_strv_length (lines);

    /* Header, one line per row, and the empty string after the last newline. */
    g_assert_cmpuint (batch->rows->len, ==, n_lines - 2);
  }
  for (guint i = 0; i < batch->rows->len; i++)
    {
      const IscProjectBatchRow *row = g_ptr_array_index (batch->rows, i);
      g_autofree char *line = g_strdup_printf ("\n%s,%s,%s,%s\n", row->dataset, row->analysis, row->key, row->value);

      g_assert_nonnull (strstr (text, line));
      if (g_str_equal (row->key, "ratio_Li"))
        n_ratio_li++;
    }
  g_assert_cmpuint (n_ratio_li, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-batch-cache/cache", test_cache);
  return g_test_run ();
}
