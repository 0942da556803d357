/* test-project-batch.c: the last recipe run cached in the project — its table read back from
 * the CSV that `ionscape-cli batch` writes (quoted fields too), kept through a save, a reload
 * and a copy; a project without one opens with none, and a damaged "batch" dataset is refused
 * with a message that names it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <hdf5.h>
#include <string.h>

#include "isc-error.h"
#include "isc-hdf5.h"
#include "project-batch.h"
#include "project-copy.h"
#include "project-file.h"
#include "test-util.h"

#define TABLE "dataset,analysis,key,value\n" \
              "apt/a.pos,composition,ratio_Li,0.371\n" \
              "\"apt/with,comma.pos\",fda_Li,mu,0.12\n" \
              "apt/a.pos,fda_Li,p_value,nan\r\n"

static IscProject *
small_project (void)
{
  IscProject *project = isc_project_new ();

  isc_condition_add_site (isc_project_add_condition (project, "aged", 300), "R1", 50, NULL);
  return project;
}

static void
check_rows (const IscProjectBatch *batch)
{
  const IscProjectBatchRow *row;

  g_assert_nonnull (batch);
  g_assert_cmpuint (batch->rows->len, ==, 3);
  row = g_ptr_array_index (batch->rows, 0);
  g_assert_cmpstr (row->dataset, ==, "apt/a.pos");
  g_assert_cmpstr (row->analysis, ==, "composition");
  g_assert_cmpstr (row->key, ==, "ratio_Li");
  g_assert_cmpstr (row->value, ==, "0.371");
  row = g_ptr_array_index (batch->rows, 1);
  g_assert_cmpstr (row->dataset, ==, "apt/with,comma.pos");
  g_assert_cmpstr (row->value, ==, "0.12");
  row = g_ptr_array_index (batch->rows, 2);
  g_assert_cmpstr (row->key, ==, "p_value");
  g_assert_cmpstr (row->value, ==, "nan");
}

static void
test_round_trip (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "p.ionscape", NULL);
  g_autofree char *csv = g_build_filename (dir, "p-recipe.csv", NULL);
  g_autoptr(IscProject) project = small_project ();
  g_autoptr(IscProject) loaded = NULL;
  g_autoptr(IscProject) copy = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 finished = G_GINT64_CONSTANT (1796547600) * G_USEC_PER_SEC;
  IscProjectBatch *batch;

  isc_test_write_file (csv, TABLE, strlen (TABLE));
  batch = isc_project_batch_read_table (csv, "recipe.json", finished, &error);
  g_assert_no_error (error);
  check_rows (batch);
  isc_project_set_batch (project, batch);
  g_assert_true (isc_project_get_batch (project) == batch);
  g_assert_true (isc_project_save (project, path, &error));
  g_assert_no_error (error);

  loaded = isc_project_load (path, &error);
  g_assert_no_error (error);
  check_rows (isc_project_get_batch (loaded));
  g_assert_cmpstr (isc_project_get_batch (loaded)->recipe, ==, "recipe.json");
  g_assert_cmpstr (isc_project_get_batch (loaded)->table, ==, csv);
  g_assert_cmpint (isc_project_get_batch (loaded)->finished_us, ==, finished);

  /* The copy a save or an analysis works on keeps it. */
  copy = isc_project_copy (loaded);
  check_rows (isc_project_get_batch (copy));
  g_assert_true (isc_project_get_batch (copy) != isc_project_get_batch (loaded));

  /* Forgetting it writes no dataset: the file reads as one without a run. */
  isc_project_set_batch (copy, NULL);
  g_assert_true (isc_project_save (copy, path, &error));
  g_assert_no_error (error);
  g_clear_pointer (&loaded, isc_project_free);
  loaded = isc_project_load (path, &error);
  g_assert_no_error (error);
  g_assert_null (isc_project_get_batch (loaded));
}

static void
test_bad_table (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *csv = g_build_filename (dir, "t.csv", NULL);
  g_autoptr(GError) error = NULL;
  const char no_header[] = "a,b,c,d\n";
  const char short_row[] = "dataset,analysis,key,value\nx.pos,composition,ratio_Li\n";

  isc_test_write_file (csv, no_header, strlen (no_header));
  g_assert_null (isc_project_batch_read_table (csv, "r.json", 0, &error));
  g_assert_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "line 1"));
  g_clear_error (&error);

  isc_test_write_file (csv, short_row, strlen (short_row));
  g_assert_null (isc_project_batch_read_table (csv, "r.json", 0, &error));
  g_assert_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "line 2"));
}

/* Replaces the "batch" dataset of @path with @text. */
static void
overwrite_batch (const char *path,
                 const char *text)
{
  hsize_t len = strlen (text);
  hid_t file, space, dset;

  isc_hdf5_lock ();
  file = H5Fopen (path, H5F_ACC_RDWR, H5P_DEFAULT);
  g_assert_cmpint (file, >=, 0);
  if (H5Lexists (file, "batch", H5P_DEFAULT) > 0)
    g_assert_cmpint (H5Ldelete (file, "batch", H5P_DEFAULT), >=, 0);
  space = H5Screate_simple (1, &len, NULL);
  dset = H5Dcreate2 (file, "batch", H5T_STD_U8LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (H5Dwrite (dset, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, text), >=, 0);
  H5Dclose (dset);
  H5Sclose (space);
  H5Fclose (file);
  isc_hdf5_unlock ();
}

static void
test_damaged (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "p.ionscape", NULL);
  g_autoptr(IscProject) project = small_project ();
  g_autoptr(GError) error = NULL;
  const char *cases[][2] = {
    { "not json", "not a JSON object" },
    { "{\"recipe\": \"r.json\"}", "has no recipe or rows" },
    { "{\"recipe\": \"r.json\", \"rows\": [[\"a\", \"b\", \"c\"]]}", "row 1 of the batch dataset" },
    { "{\"recipe\": \"r.json\", \"finished\": \"yesterday\", \"rows\": []}", "ISO 8601" },
  };

  g_assert_true (isc_project_save (project, path, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(IscProject) loaded = NULL;

      overwrite_batch (path, cases[i][0]);
      loaded = isc_project_load (path, &error);
      g_assert_null (loaded);
      g_assert_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT);
      if (strstr (error->message, cases[i][1]) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i][1]);
      g_clear_error (&error);
    }

  /* A good one written by hand reads, with a table path relative to the project. */
  overwrite_batch (path, "{\"recipe\": \"r.json\", \"table\": \"out/t.csv\", \"finished\": "
                   "\"2026-12-06T08:00:00Z\", \"rows\": [[\"a.pos\", \"composition\", \"ratio_Li\", \"0.5\"]]}");
  {
    g_autoptr(IscProject) loaded = isc_project_load (path, &error);
    g_autofree char *table = g_build_filename (dir, "out", "t.csv", NULL);

    g_assert_no_error (error);
    g_assert_cmpuint (isc_project_get_batch (loaded)->rows->len, ==, 1);
    g_assert_cmpstr (isc_project_get_batch (loaded)->table, ==, table);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/project-batch/round-trip", test_round_trip);
  g_test_add_func ("/project-batch/bad-table", test_bad_table);
  g_test_add_func ("/project-batch/damaged", test_damaged);
  return g_test_run ();
}
