/* test-project.c: the project data API and the demo project's structure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "demo-sites.h"
#include "project-demo.h"
#include "test-util.h"

static void
test_edit (void)
{
  g_autoptr(IscProject) project = isc_project_new ();
  IscCondition *a = isc_project_add_condition (project, "100 cycles", 100);
  IscCondition *b = isc_project_add_condition (project, "300 cycles", 300);
  IscSite *deep = isc_condition_add_site (a, "R4", 2000, "~2 um");
  IscSite *shallow = isc_condition_add_site (a, "R1", 50, "< 100 nm");
  IscDataset *dataset = isc_site_add_dataset (shallow, ISC_DATASET_APT, "/data/a.pos");
  IscDatasetKind kind;

  g_assert_true (isc_project_find_condition (project, "300 cycles") == b);
  g_assert_null (isc_project_find_condition (project, "nope"));
  g_assert_true (isc_condition_find_site (a, "R1") == shallow);
  g_assert_true (isc_site_find_dataset (shallow, "/data/a.pos") == dataset);
  g_assert_true (dataset->site == shallow && dataset->condition == a);
  g_assert_true (isnan (dataset->active_mass_mg));

  isc_condition_sort_sites (a);
  g_assert_true (g_ptr_array_index (a->sites, 0) == shallow);
  g_assert_true (g_ptr_array_index (a->sites, 1) == deep);

  /* Moving a site to another condition re-parents it and its datasets. */
  g_assert_true (isc_condition_move_site (b, shallow, 0));
  g_assert_cmpuint (a->sites->len, ==, 1);
  g_assert_cmpuint (b->sites->len, ==, 1);
  g_assert_true (shallow->condition == b && dataset->condition == b);

  g_assert_true (isc_project_move_condition (project, b, 0));
  g_assert_true (g_ptr_array_index (project->conditions, 0) == b);
  g_assert_true (isc_site_remove_dataset (shallow, dataset));
  g_assert_cmpuint (shallow->datasets->len, ==, 0);
  g_assert_true (isc_condition_remove_site (a, deep));
  g_assert_true (isc_project_remove_condition (project, a));
  g_assert_cmpuint (project->conditions->len, ==, 1);

  isc_site_set_setting (shallow, "metal_basis", "Ni,Co,Mn");
  g_assert_cmpstr (isc_site_get_setting (shallow, "metal_basis"), ==, "Ni,Co,Mn");
  isc_site_set_setting (shallow, "metal_basis", NULL);
  g_assert_null (isc_site_get_setting (shallow, "metal_basis"));

  g_assert_true (isc_dataset_kind_guess ("/x/Specimen.POS", &kind) && kind == ISC_DATASET_APT);
  g_assert_true (isc_dataset_kind_guess ("r.rrng", &kind) && kind == ISC_DATASET_RANGES);
  g_assert_true (isc_dataset_kind_guess ("i.tif", &kind) && kind == ISC_DATASET_STEM);
  g_assert_false (isc_dataset_kind_guess ("notes.docx", &kind));
  for (guint i = 0; i < ISC_DATASET_N_KINDS; i++)
    g_assert_true (isc_dataset_kind_from_string (isc_dataset_kind_to_string (i), &kind)
                   && kind == i);
}

static void
test_cache_validity (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *pos = g_build_filename (dir, "a.pos", NULL);
  g_autofree char *rrng = g_build_filename (dir, "r.rrng", NULL);
  g_autoptr(IscProject) project = isc_project_new ();
  IscSite *site = isc_condition_add_site (isc_project_add_condition (project, "c", 1), "R1", 1,
                                          "");
  IscDataset *dataset = isc_site_add_dataset (site, ISC_DATASET_APT, pos);
  const char *elements[] = { "Li" };
  double values[] = { 0.5 }, value = 0;

  /* Files that do not exist cannot be stamped. */
  g_assert_false (isc_dataset_store_ratios (dataset, "Ni,Co,Mn", elements, values, 1));
  isc_test_write_file (pos, "12345678", 8);
  isc_test_write_file (rrng, "[Ions]", 6);
  isc_dataset_set_range_path (dataset, rrng);
  g_assert_true (isc_dataset_store_ratios (dataset, "Ni,Co,Mn", elements, values, 1));
  g_assert_true (isc_dataset_cache_is_valid (dataset));
  g_assert_true (isc_dataset_get_ratio (dataset, "Li", &value));
  g_assert_cmpfloat (value, ==, 0.5);

  /* A changed range file invalidates the result. */
  isc_test_write_file (rrng, "[Ions]\n", 7);
  g_assert_false (isc_dataset_cache_is_valid (dataset));
  /* So does choosing another range file (the cache is dropped). */
  g_assert_true (isc_dataset_store_ratios (dataset, "Ni,Co,Mn", elements, values, 1));
  g_assert_true (isc_dataset_cache_is_valid (dataset));
  isc_dataset_set_range_path (dataset, pos);
  g_assert_false (dataset->has_cache);
}

static void
test_demo_structure (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *cycling = g_build_filename (dir, "cycling", NULL);
  g_autofree char *full = g_build_filename (cycling, "18650-full-cell.csv", NULL);
  g_autofree char *half = g_build_filename (cycling, "half-cell-TS-NCM.csv", NULL);
  g_autoptr(IscProject) project = NULL;
  g_autoptr(GError) error = NULL;
  const IscDemoSite *demo;
  guint n_demo, seen = 0;
  static const struct { const char *name; guint cycles, n_sites; } expected[] = {
    { "pristine", 0, 1 }, { "formation", 2, 1 }, { "100 cycles", 100, 4 },
    { "300 cycles", 300, 8 },
  };

  g_assert_cmpint (g_mkdir (cycling, 0755), ==, 0);
  isc_test_write_file (full, "x", 1);
  isc_test_write_file (half, "x", 1);
  project = isc_project_new_from_demo_dir (dir, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (project->conditions->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      IscCondition *condition = g_ptr_array_index (project->conditions, i);

      g_assert_cmpstr (condition->name, ==, expected[i].name);
      g_assert_cmpuint (condition->cycles, ==, expected[i].cycles);
      g_assert_cmpuint (condition->sites->len, ==, expected[i].n_sites);
      /* The full cell belongs to the cycled conditions only; the half cells to none. */
      g_assert_cmpuint (condition->cycler_files->len, ==, condition->cycles > 0 ? 1 : 0);
      if (condition->cycles > 0)
        g_assert_cmpstr (((IscDataset *) g_ptr_array_index (condition->cycler_files, 0))->path,
                         ==, full);
    }
  g_assert_cmpfloat (((IscCondition *) g_ptr_array_index (project->conditions, 3))->retention,
                     ==, 0.760);

  demo = isc_demo_sites_get (&n_demo);
  for (guint i = 0; i < n_demo; i++)
    {
      IscCondition *condition = isc_project_find_condition (project, demo[i].condition);
      IscSite *site = isc_condition_find_site (condition, demo[i].label);
      g_autofree char *slug = isc_demo_site_slug (&demo[i]);
      g_autofree char *stem_name = g_strdup_printf ("%s.tif", slug);
      g_autofree char *stem = g_build_filename (dir, "stem", stem_name, NULL);
      g_autofree char *ranges = g_build_filename (dir, "apt", "ranges.rrng", NULL);

      g_assert_nonnull (site);
      g_assert_cmpfloat (site->depth_nm, ==, demo[i].depth_nm);
      g_assert_cmpstr (site->region, ==, demo[i].region);
      g_assert_cmpuint (site->datasets->len, ==, ISC_DEMO_SPECIMENS_PER_SITE + 1);
      for (guint k = 1; k <= ISC_DEMO_SPECIMENS_PER_SITE; k++)
        {
          g_autofree char *name = g_strdup_printf ("specimen-%u.pos", k);
          g_autofree char *pos = g_build_filename (dir, "apt", slug, name, NULL);
          IscDataset *dataset = isc_site_find_dataset (site, pos);

          g_assert_nonnull (dataset);
          g_assert_cmpint (dataset->kind, ==, ISC_DATASET_APT);
          g_assert_cmpstr (dataset->range_path, ==, ranges);
        }
      g_assert_cmpint (isc_site_find_dataset (site, stem)->kind, ==, ISC_DATASET_STEM);
      seen++;
    }
  g_assert_cmpuint (seen, ==, 14);
  g_assert_cmpuint (project->references->len, ==, 3);
}

static void
test_demo_without_files (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "nowhere", NULL);
  g_autoptr(IscProject) project = isc_project_new_from_demo_dir (dir, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (project->conditions->len, ==, 4);
  g_assert_cmpuint (((IscCondition *) g_ptr_array_index (project->conditions, 3))
                    ->cycler_files->len, ==, 0);
  g_assert_null (isc_project_new_from_demo_dir (missing, &error));
  g_assert_error (error, ISC_PROJECT_ERROR, ISC_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "nowhere"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/project/edit", test_edit);
  g_test_add_func ("/project/cache-validity", test_cache_validity);
  g_test_add_func ("/project/demo-structure", test_demo_structure);
  g_test_add_func ("/project/demo-without-files", test_demo_without_files);
  return g_test_run ();
}
