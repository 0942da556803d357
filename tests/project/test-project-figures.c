/* test-project-figures.c: composed figures kept in the project file — they survive a save and a
 * reload and a copy for a worker, a project file without them opens with none, and a damaged
 * "figures" dataset is refused with a message that names it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <hdf5.h>
#include <string.h>

#include "isc-error.h"
#include "project-copy.h"
#include "project-figures.h"
#include "project-file.h"
#include "test-util.h"

#define LAYOUT_A "{\"rows\": 1, \"columns\": 2, \"panels\": []}"
#define LAYOUT_B "{\"rows\": 2, \"columns\": 2, \"width_mm\": 85.09, \"width_unit\": \"in\", \"panels\": []}"

static IscProject *
small_project (void)
{
  IscProject *project = isc_project_new ();

  isc_condition_add_site (isc_project_add_condition (project, "aged", 300), "R1", 50, NULL);
  return project;
}

static void
test_round_trip (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "p.ionscape", NULL);
  g_autoptr(IscProject) project = small_project ();
  g_autoptr(IscProject) loaded = NULL;
  g_autoptr(IscProject) copy = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *figures;

  isc_project_set_figure (project, "Figure 1", "{}");
  isc_project_set_figure (project, "Figure 2", LAYOUT_B);
  /* The same name replaces the layout, keeping the place. */
  isc_project_set_figure (project, "Figure 1", LAYOUT_A);
  isc_project_set_figure (project, "scratch", "{}");
  g_assert_true (isc_project_remove_figure (project, "scratch"));
  g_assert_false (isc_project_remove_figure (project, "scratch"));
  g_assert_true (isc_project_save (project, path, &error));
  g_assert_no_error (error);

  loaded = isc_project_load (path, &error);
  g_assert_no_error (error);
  figures = isc_project_get_figures (loaded);
  g_assert_cmpuint (figures->len, ==, 2);
  g_assert_cmpstr (((IscProjectFigure *) g_ptr_array_index (figures, 0))->name, ==, "Figure 1");
  g_assert_cmpstr (((IscProjectFigure *) g_ptr_array_index (figures, 0))->layout, ==, LAYOUT_A);
  g_assert_cmpstr (isc_project_find_figure (loaded, "Figure 2")->layout, ==, LAYOUT_B);

  /* The copy a save or an analysis works on keeps them. */
  copy = isc_project_copy (loaded);
  g_assert_cmpstr (isc_project_find_figure (copy, "Figure 2")->layout, ==, LAYOUT_B);
}

static void
test_without_figures (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.ionscape", NULL);
  g_autoptr(IscProject) project = small_project ();
  g_autoptr(IscProject) loaded = NULL;
  g_autoptr(GError) error = NULL;
  hid_t file;

  g_assert_true (isc_project_save (project, path, &error));
  g_assert_no_error (error);
  /* As files written before figures existed: no "figures" dataset at all. */
  file = H5Fopen (path, H5F_ACC_RDONLY, H5P_DEFAULT);
  g_assert_cmpint (file, >=, 0);
  g_assert_cmpint (H5Lexists (file, "figures", H5P_DEFAULT), ==, 0);
  H5Fclose (file);

  loaded = isc_project_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (isc_project_find_condition (loaded, "aged"));
  g_assert_cmpuint (isc_project_get_figures (loaded)->len, ==, 0);
}

static void
test_damaged (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "bad.ionscape", NULL);
  g_autoptr(IscProject) project = small_project ();
  g_autoptr(IscProject) loaded = NULL;
  g_autoptr(GError) error = NULL;
  const char text[] = "[{\"name\": 3}]";
  hsize_t len = strlen (text);
  hid_t file, space, dset;

  g_assert_true (isc_project_save (project, path, &error));
  file = H5Fopen (path, H5F_ACC_RDWR, H5P_DEFAULT);
  space = H5Screate_simple (1, &len, NULL);
  dset = H5Dcreate2 (file, "figures", H5T_STD_U8LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (H5Dwrite (dset, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, text), >=, 0);
  H5Dclose (dset);
  H5Sclose (space);
  H5Fclose (file);

  loaded = isc_project_load (path, &error);
  g_assert_null (loaded);
  g_assert_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "figures"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/project/figures/round-trip", test_round_trip);
  g_test_add_func ("/project/figures/without-figures", test_without_figures);
  g_test_add_func ("/project/figures/damaged", test_damaged);
  return g_test_run ();
}
