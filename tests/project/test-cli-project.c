/* test-cli-project.c: ionscape-cli and unsafe projects — data files outside the project's folder
 * are not read without --allow-outside, a damaged project is refused whole and never rewritten.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <hdf5.h>
#include <string.h>

#include "gradient-test-project.h"
#include "project-file.h"
#include "test-util.h"

#define SECRET "root:x:0:0:root:/root:/bin/bash"

/* The gradient study in DIR/project, one range path pointing at DIR/secret.rrng. */
static char *
write_escaping_project (const char *dir)
{
  g_autofree char *project_dir = g_build_filename (dir, "project", NULL);
  g_autofree char *secret = g_build_filename (dir, "secret.rrng", NULL);
  g_autoptr(IscProject) project = NULL;
  g_autoptr(GError) error = NULL;
  char *file;
  IscSite *site;

  g_assert_cmpint (g_mkdir (project_dir, 0755), ==, 0);
  file = isc_test_write_gradient_project (project_dir, NULL);
  isc_test_write_file (secret, SECRET "\n", strlen (SECRET) + 1);
  project = isc_project_load (file, &error);
  g_assert_no_error (error);
  site = isc_condition_find_site (isc_project_find_condition (project, "300 cycles"), "R1");
  isc_dataset_set_range_path (g_ptr_array_index (site->datasets, 0), secret);
  g_assert_true (isc_project_save (project, file, &error));
  g_assert_no_error (error);
  return file;
}

static void
assert_refused_outside (int         status,
                        const char *err)
{
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "outside the project folder"));
  g_assert_nonnull (strstr (err, "--allow-outside"));
  g_assert_null (strstr (err, "root:x"));
}

static void
test_outside_refused (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = write_escaping_project (dir);
  g_autofree char *figure = g_build_filename (dir, "figure.png", NULL);
  const char *commands[][6] = {
    { "gradient", "--json", NULL },
    { "gradient", "--no-save", NULL },
    { "figure", "--plot", "gradient", "--out", figure, NULL },
    { "figure", "--plot", "site", "--site", "300 cycles/R1", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *err = NULL;
      int status;

      if (g_str_equal (commands[i][0], "figure") && g_str_equal (commands[i][2], "site"))
        status = isc_test_run_cli (NULL, &err, "figure", file, "--plot", "site", "--site",
                                   "300 cycles/R1", "--out", figure, NULL);
      else
        status = isc_test_run_cli (NULL, &err, commands[i][0], file, commands[i][1],
                                   commands[i][2], commands[i][3], commands[i][4], NULL);
      assert_refused_outside (status, err);
      g_assert_false (g_file_test (figure, G_FILE_TEST_EXISTS));
    }

  /* Allowed, the file is read (and, not being a range file, refused by its reader). */
  {
    g_autofree char *err = NULL;
    int status = isc_test_run_cli (NULL, &err, "gradient", file, "--allow-outside", NULL);

    g_test_message ("%s", err);
    g_assert_cmpint (status, !=, 0);
    g_assert_null (strstr (err, "--allow-outside"));
    g_assert_nonnull (strstr (err, "secret.rrng"));
  }
}

static void
test_gaps_refused_and_kept (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = isc_test_write_gradient_project (dir, NULL);
  g_autofree char *backup = g_strconcat (file, ".bak", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  gsize len_before, len_after;
  hid_t h5;
  int status;

  /* Conditions 0 and 2 only: the ratios are not cached yet, so a load that dropped condition 1
   * would compute them and save the rest without it. */
  h5 = H5Fopen (file, H5F_ACC_RDWR, H5P_DEFAULT);
  g_assert_cmpint (H5Ldelete (h5, "/conditions/1", H5P_DEFAULT), >=, 0);
  H5Fclose (h5);
  g_assert_true (g_file_get_contents (file, &before, &len_before, NULL));

  status = isc_test_run_cli (NULL, &err, "gradient", file, "--json", NULL);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "study.ionscape"));
  g_assert_nonnull (strstr (err, "/conditions"));
  g_assert_nonnull (strstr (err, "missing"));
  g_assert_true (g_file_get_contents (file, &after, &len_after, NULL));
  g_assert_cmpuint (len_after, ==, len_before);
  g_assert_true (memcmp (before, after, len_before) == 0);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
}

/* The automatic save that caches the ratios keeps everything it loaded. */
static void
test_automatic_save_complete (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = isc_test_write_gradient_project (dir, NULL);
  g_autoptr(IscProject) before = isc_project_load (file, NULL);
  g_autoptr(IscProject) after = NULL;
  g_autofree char *err = NULL;
  IscProjectCounts a, b;

  g_assert_cmpint (isc_test_run_cli (NULL, &err, "gradient", file, "--json", NULL), ==, 0);
  after = isc_project_load (file, NULL);
  g_assert_nonnull (after);
  isc_project_count (before, &a);
  isc_project_count (after, &b);
  g_assert_cmpuint (a.conditions, ==, b.conditions);
  g_assert_cmpuint (a.sites, ==, b.sites);
  g_assert_cmpuint (a.datasets, ==, b.datasets);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-project/outside-refused", test_outside_refused);
  g_test_add_func ("/cli-project/gaps-refused-and-kept", test_gaps_refused_and_kept);
  g_test_add_func ("/cli-project/automatic-save-complete", test_automatic_save_complete);
  return g_test_run ();
}
