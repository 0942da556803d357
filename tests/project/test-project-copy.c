/* test-project-copy.c: a worker's private copy of a project holds everything, stays separate,
 * and its cached results come back into the edited original.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "project-copy.h"
#include "test-util.h"

static char *
touch (const char *dir,
       const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  isc_test_write_file (path, name, strlen (name));
  return path;
}

static IscProject *
make_project (const char *dir)
{
  IscProject *project = isc_project_new ();
  IscCondition *condition = isc_project_add_condition (project, "300 cycles", 300);
  IscSite *site = isc_condition_add_site (condition, "R1", 15, "< 30 nm");
  g_autofree char *pos = touch (dir, "a.pos");
  g_autofree char *rrng = touch (dir, "a.rrng");
  g_autofree char *tif = touch (dir, "a.tif");
  g_autofree char *csv = touch (dir, "cell.csv");
  IscDataset *apt = isc_site_add_dataset (site, ISC_DATASET_APT, pos);
  IscReference *icp = isc_project_add_reference (project, "300 cycles (ICP)");

  condition->retention = 0.76;
  isc_condition_add_cycler (condition, csv, 15000.0);
  isc_dataset_set_range_path (apt, rrng);
  isc_site_add_dataset (site, ISC_DATASET_STEM, tif);
  isc_site_add_roi (site, "cylinder:0,0,0,0,0,1,10,60");
  isc_site_set_setting (site, "metal_basis", "Ni,Co,Mn");
  isc_ratios_set (icp->ratios, "Li", 0.83);
  isc_project_set_notes (project, "notes");
  return project;
}

static void
test_copy_is_deep (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autoptr(IscProject) project = make_project (dir);
  g_autoptr(IscProject) copy = isc_project_copy (project);
  IscCondition *condition = g_ptr_array_index (copy->conditions, 0);
  IscSite *site = g_ptr_array_index (condition->sites, 0);
  IscDataset *apt = g_ptr_array_index (site->datasets, 0);
  IscReference *icp = g_ptr_array_index (copy->references, 0);
  double li = 0;

  g_assert_cmpstr (condition->name, ==, "300 cycles");
  g_assert_cmpuint (condition->cycles, ==, 300);
  g_assert_cmpfloat (condition->retention, ==, 0.76);
  g_assert_cmpuint (condition->cycler_files->len, ==, 1);
  g_assert_cmpfloat (((IscDataset *) g_ptr_array_index (condition->cycler_files, 0))->active_mass_mg, ==, 15000.0);
  g_assert_cmpstr (site->label, ==, "R1");
  g_assert_cmpfloat (site->depth_nm, ==, 15);
  g_assert_cmpstr (site->region, ==, "< 30 nm");
  g_assert_cmpuint (site->datasets->len, ==, 2);
  g_assert_true (g_str_has_suffix (apt->range_path, "a.rrng"));
  g_assert_cmpstr (g_ptr_array_index (site->rois, 0), ==, "cylinder:0,0,0,0,0,1,10,60");
  g_assert_cmpstr (isc_site_get_setting (site, "metal_basis"), ==, "Ni,Co,Mn");
  g_assert_true (isc_ratios_get (icp->ratios, "Li", &li));
  g_assert_cmpfloat (li, ==, 0.83);
  g_assert_cmpstr (copy->notes, ==, "notes");

  /* Editing the original leaves the copy as it was. */
  isc_site_set_label (g_ptr_array_index (((IscCondition *) g_ptr_array_index (project->conditions, 0))->sites, 0), "R9");
  g_assert_cmpstr (site->label, ==, "R1");
}

static void
test_merge_cache (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autoptr(IscProject) project = make_project (dir);
  g_autoptr(IscProject) copy = isc_project_copy (project);
  IscSite *copy_site = g_ptr_array_index (((IscCondition *) g_ptr_array_index (copy->conditions, 0))->sites, 0);
  IscSite *site = g_ptr_array_index (((IscCondition *) g_ptr_array_index (project->conditions, 0))->sites, 0);
  IscDataset *computed = g_ptr_array_index (copy_site->datasets, 0);
  IscDataset *original = g_ptr_array_index (site->datasets, 0);
  g_autofree char *extra = touch (dir, "b.pos");
  const char *elements[] = { "Li", "Ni" };
  const double values[] = { 0.37, 0.81 };
  double li = 0;

  /* The worker's copy computed one specimen and saw a file the user has since removed. */
  g_assert_true (isc_dataset_store_ratios (computed, "Ni,Co,Mn", elements, values, 2));
  g_assert_true (isc_dataset_store_ratios (isc_site_add_dataset (copy_site, ISC_DATASET_APT, extra),
                                           "Ni,Co,Mn", elements, values, 2));
  g_assert_false (isc_dataset_cache_is_valid (original));

  g_assert_cmpuint (isc_project_merge_cache (project, copy), ==, 1);
  g_assert_true (isc_dataset_cache_is_valid (original));
  g_assert_true (isc_dataset_get_ratio (original, "Li", &li));
  g_assert_cmpfloat (li, ==, 0.37);
  g_assert_cmpstr (original->cache_basis, ==, "Ni,Co,Mn");
  g_assert_null (isc_site_find_dataset (site, extra));

  /* A second merge finds nothing new to bring. */
  g_assert_cmpuint (isc_project_merge_cache (project, copy), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/project/copy/deep", test_copy_is_deep);
  g_test_add_func ("/project/copy/merge-cache", test_merge_cache);
  return g_test_run ();
}
