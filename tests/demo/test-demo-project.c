/* test-demo-project.c: the whole demo, written by `ionscape-cli demo --out` and read back through
 * the real readers and the project file, reproduces the published site table (SCIENCE.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "demo-sites.h"
#include "gradient.h"
#include "project-analysis.h"
#include "project-file.h"
#include "test-util.h"

static const IscGradientPoint *
find_point (GArray     *series,
            const char *label)
{
  for (guint i = 0; i < series->len; i++)
    {
      const IscGradientPoint *p = &g_array_index (series, IscGradientPoint, i);

      if (g_str_equal (p->label, label))
        return p;
    }
  return NULL;
}

static void
test_demo_reproduces_site_table (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *project_path = g_build_filename (dir, "demo.ionscape", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscProject) project = NULL;
  g_autoptr(IscGradient) gradient = isc_gradient_new ();
  const IscDemoSite *sites;
  guint n_sites, n_computed = 0;

  g_assert_cmpint (isc_test_run_cli (NULL, NULL, "demo", "--out", dir, NULL), ==, 0);
  g_assert_true (g_file_test (project_path, G_FILE_TEST_IS_REGULAR));

  project = isc_project_load (project_path, &error);
  g_assert_no_error (error);
  g_assert_true (isc_project_update_ratios (project, NULL, NULL, NULL, &n_computed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_computed, ==, 14 * ISC_DEMO_SPECIMENS_PER_SITE);
  isc_gradient_add_project (gradient, project, TRUE);

  sites = isc_demo_sites_get (&n_sites);
  g_assert_cmpuint (n_sites, ==, 14);
  /* the EELS line scan across a nanopore sits at the pristine site, and reads as EELS */
  {
    IscSite *pristine = isc_condition_find_site (isc_project_find_condition (project, "pristine"), "bulk");
    guint n_eels = 0;

    for (guint i = 0; i < pristine->datasets->len; i++)
      {
        IscDataset *dataset = g_ptr_array_index (pristine->datasets, i);
        IscDatasetKind kind;

        if (dataset->kind != ISC_DATASET_EELS)
          continue;
        n_eels++;
        g_assert_true (isc_dataset_kind_guess (dataset->path, &kind));
        g_assert_cmpint (kind, ==, ISC_DATASET_EELS);
      }
    g_assert_cmpuint (n_eels, ==, 1);
  }
  for (guint s = 0; s < n_sites; s++)
    {
      const IscDemoSite *site = &sites[s];
      const struct { const char *element; double published; } expected[] = {
        { "Li", site->li }, { "Ni", site->ni }, { "Co", site->co }, { "Mn", site->mn },
      };
      guint c;

      for (c = 0; c < isc_gradient_get_n_conditions (gradient); c++)
        if (g_str_equal (isc_gradient_get_condition (gradient, c, NULL), site->condition))
          break;
      g_assert_cmpuint (c, <, isc_gradient_get_n_conditions (gradient));

      for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
        {
          g_autoptr(GArray) series = isc_gradient_get_series (gradient, c, expected[e].element);
          const IscGradientPoint *point = find_point (series, site->label);

          g_assert_nonnull (point);
          g_assert_cmpuint (point->n, ==, ISC_DEMO_SPECIMENS_PER_SITE);
          g_assert_cmpfloat_with_epsilon (point->depth_nm, site->depth_nm, 1e-9);
          /* Within 0.02 of the published ratio, Li and the flat metals alike. The formation row's
           * metals are rescaled to sum to 1 (published 1.01), hence the 0.01 extra for metals. */
          g_assert_cmpfloat_with_epsilon (point->mean, expected[e].published,
                                          e == 0 ? 0.02 : 0.03);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/demo/project/reproduces-site-table", test_demo_reproduces_site_table);
  return g_test_run ();
}
