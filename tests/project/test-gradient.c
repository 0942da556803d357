/* test-gradient.c: site statistics, gradient depth and fits against numbers worked by hand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "gradient.h"
#include "test-util.h"

/* The Li column of SCIENCE.md's site table for 100 and 300 cycles. */
static const struct { const char *condition; guint cycles; const char *label; double depth, li; }
li_table[] = {
  { "100 cycles", 100, "R1", 50, 0.57 },   { "100 cycles", 100, "R2", 200, 0.68 },
  { "100 cycles", 100, "R3", 300, 0.76 },  { "100 cycles", 100, "R4", 2000, 0.99 },
  { "300 cycles", 300, "R0", 5, 0.03 },    { "300 cycles", 300, "R1", 15, 0.37 },
  { "300 cycles", 300, "R2", 100, 0.47 },  { "300 cycles", 300, "R3", 350, 0.69 },
  { "300 cycles", 300, "R4", 700, 0.77 },  { "300 cycles", 300, "R5", 1000, 0.84 },
  { "300 cycles", 300, "R6", 1500, 0.91 }, { "300 cycles", 300, "R7", 2500, 1.03 },
};

/* Five specimens per site scattered by -0.02, -0.01, 0, +0.01, +0.02 around the table value:
 * mean = table value, sample std = sqrt ((4 + 1 + 0 + 1 + 4) e-4 / 4) = sqrt (2.5e-4). */
static const double scatter[5] = { -0.02, -0.01, 0.0, 0.01, 0.02 };

static IscGradient *
table_gradient (void)
{
  IscGradient *gradient = isc_gradient_new ();

  isc_gradient_add_specimen (gradient, "pristine", 0, "bulk", 500, "Li", 1.03);
  /* Added in reverse order: the series must come back sorted by depth. */
  for (int i = G_N_ELEMENTS (li_table) - 1; i >= 0; i--)
    for (guint k = 0; k < 5; k++)
      {
        isc_gradient_add_specimen (gradient, li_table[i].condition, li_table[i].cycles,
                                   li_table[i].label, li_table[i].depth, "Li",
                                   li_table[i].li + scatter[k]);
        isc_gradient_add_specimen (gradient, li_table[i].condition, li_table[i].cycles,
                                   li_table[i].label, li_table[i].depth, "Ni", 0.80);
      }
  return gradient;
}

static guint
find_condition (IscGradient *gradient,
                const char  *name)
{
  for (guint i = 0; i < isc_gradient_get_n_conditions (gradient); i++)
    if (g_str_equal (isc_gradient_get_condition (gradient, i, NULL), name))
      return i;
  g_assert_not_reached ();
  return 0;
}

static void
test_site_statistics (void)
{
  g_autoptr(IscGradient) gradient = table_gradient ();
  guint c300 = find_condition (gradient, "300 cycles");
  g_autoptr(GArray) series = isc_gradient_get_series (gradient, c300, "Li");
  g_auto(GStrv) elements = isc_gradient_list_elements (gradient, c300);
  guint cycles = 0;

  isc_gradient_get_condition (gradient, c300, &cycles);
  g_assert_cmpuint (cycles, ==, 300);
  g_assert_cmpuint (series->len, ==, 8);
  for (guint i = 0; i < 8; i++)
    {
      const IscGradientPoint *p = &g_array_index (series, IscGradientPoint, i);

      g_assert_cmpstr (p->label, ==, li_table[4 + i].label);
      g_assert_cmpfloat (p->depth_nm, ==, li_table[4 + i].depth);
      g_assert_cmpfloat_with_epsilon (p->mean, li_table[4 + i].li, 1e-12);
      g_assert_cmpfloat_with_epsilon (p->std, sqrt (2.5e-4), 1e-12);
      g_assert_cmpuint (p->n, ==, 5);
    }
  g_assert_cmpuint (g_strv_length (elements), ==, 2);
  g_assert_cmpstr (elements[0], ==, "Li");
  g_assert_cmpstr (elements[1], ==, "Ni");
}

static void
test_single_specimen_has_no_std (void)
{
  g_autoptr(IscGradient) gradient = table_gradient ();
  g_autoptr(GArray) series = isc_gradient_get_series (gradient, find_condition (gradient,
                                                                                "pristine"), "Li");

  g_assert_cmpuint (series->len, ==, 1);
  g_assert_cmpuint (g_array_index (series, IscGradientPoint, 0).n, ==, 1);
  g_assert_true (isnan (g_array_index (series, IscGradientPoint, 0).std));
}

static void
test_gradient_depth (void)
{
  g_autoptr(IscGradient) gradient = table_gradient ();
  g_autofree char *reason = NULL;
  double depth;

  /* 300 cycles: deepest Li 1.03, 90 % of it is 0.927. R6 (1500 nm) has 0.91 < 0.927 and R7
   * (2500 nm) 1.03 >= 0.927, so depth = 1500 + (0.927 - 0.91) / (1.03 - 0.91) * 1000
   * = 1500 + 0.017 / 0.12 * 1000 = 1641.667 nm. */
  depth = isc_gradient_get_depth (gradient, find_condition (gradient, "300 cycles"), "Li", 0.90,
                                  &reason);
  g_assert_null (reason);
  g_assert_cmpfloat_with_epsilon (depth, 1500.0 + 0.017 / 0.12 * 1000.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (depth, 1641.667, 1e-3);

  /* 100 cycles: 0.9 * 0.99 = 0.891 between R3 (300 nm, 0.76) and R4 (2000 nm, 0.99):
   * 300 + 0.131 / 0.23 * 1700 = 1268.261 nm. */
  depth = isc_gradient_get_depth (gradient, find_condition (gradient, "100 cycles"), "Li", 0.90,
                                  NULL);
  g_assert_cmpfloat_with_epsilon (depth, 1268.261, 1e-3);

  /* 50 %: 0.515 between R2 (100 nm, 0.47) and R3 (350 nm, 0.69) at 300 cycles:
   * 100 + 0.045 / 0.22 * 250 = 151.136 nm. */
  depth = isc_gradient_get_depth (gradient, find_condition (gradient, "300 cycles"), "Li", 0.50,
                                  NULL);
  g_assert_cmpfloat_with_epsilon (depth, 151.136, 1e-3);

  /* Ni is flat: already at 90 % at the shallowest site. */
  depth = isc_gradient_get_depth (gradient, find_condition (gradient, "300 cycles"), "Ni", 0.90,
                                  &reason);
  g_assert_true (isnan (depth));
  g_assert_nonnull (strstr (reason, "shallowest"));
  g_clear_pointer (&reason, g_free);

  /* Pristine has one site. */
  depth = isc_gradient_get_depth (gradient, find_condition (gradient, "pristine"), "Li", 0.90,
                                  &reason);
  g_assert_true (isnan (depth));
  g_assert_nonnull (strstr (reason, "two depths"));
}

static void
test_depth_fit (void)
{
  g_autoptr(IscGradient) gradient = table_gradient ();
  g_autoptr(GError) error = NULL;
  IscLinearFit fit;
  double d100 = 300.0 + 0.131 / 0.23 * 1700.0;
  double d300 = 1500.0 + 0.017 / 0.12 * 1000.0;

  /* Two conditions with a gradient (pristine has none): the line through both points. */
  g_assert_true (isc_gradient_fit_depth (gradient, "Li", 0.90, &fit, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fit.n, ==, 2);
  g_assert_cmpfloat_with_epsilon (fit.slope, (d300 - d100) / 200.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (fit.slope, 1.86703, 1e-5);
  g_assert_cmpfloat_with_epsilon (fit.intercept, d100 - 100.0 * (d300 - d100) / 200.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (fit.r2, 1.0, 1e-12);

  /* Ni has no gradient anywhere. */
  g_assert_false (isc_gradient_fit_depth (gradient, "Ni", 0.90, &fit, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID);
}

static void
test_retention_fit (void)
{
  g_autoptr(IscGradient) gradient = table_gradient ();
  IscLinearFit fit;

  isc_gradient_set_retention (gradient, "pristine", 0, 1.0);
  isc_gradient_set_retention (gradient, "300 cycles", 300, 0.76);
  /* Mean of the 300-cycle site means: (0.03 + 0.37 + 0.47 + 0.69 + 0.77 + 0.84 + 0.91 + 1.03) / 8
   * = 5.11 / 8 = 0.63875. */
  g_assert_cmpfloat_with_epsilon (isc_gradient_get_condition_mean (
                                    gradient, find_condition (gradient, "300 cycles"), "Li"),
                                  0.63875, 1e-12);
  /* Line through (1.03, 1.0) and (0.63875, 0.76): slope 0.24 / 0.39125 = 0.613419. */
  g_assert_true (isc_gradient_fit_retention (gradient, "Li", &fit, NULL));
  g_assert_cmpuint (fit.n, ==, 2);
  g_assert_cmpfloat_with_epsilon (fit.slope, 0.613419, 1e-6);
  g_assert_cmpfloat_with_epsilon (fit.intercept, 1.0 - 0.613419 * 1.03, 1e-6);
}

static void
test_linear_fit (void)
{
  double x[] = { 0, 1, 2 };
  double y[] = { 1, 3, 2 };
  double flat_x[] = { 1, 1 };
  IscLinearFit fit;

  /* By hand: mean x 1, mean y 2, Sxx 2, Sxy 1 → slope 0.5, intercept 1.5; residuals -0.5, 1,
   * -0.5 → SSres 1.5, SStot 2 → r² 0.25. */
  g_assert_true (isc_linear_fit (x, y, 3, &fit));
  g_assert_cmpfloat_with_epsilon (fit.slope, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (fit.intercept, 1.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (fit.r2, 0.25, 1e-12);
  g_assert_false (isc_linear_fit (flat_x, y, 2, &fit));
  g_assert_false (isc_linear_fit (x, y, 1, &fit));
}

static void
test_from_project (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *pos = g_build_filename (dir, "a.pos", NULL);
  g_autoptr(IscProject) project = isc_project_new ();
  g_autoptr(IscGradient) gradient = isc_gradient_new ();
  const char *elements[] = { "Li", "Ni" };
  double values[] = { 0.37, 0.81 };
  IscCondition *condition = isc_project_add_condition (project, "300 cycles", 300);
  IscSite *site = isc_condition_add_site (condition, "R1", 15, "< 30 nm");
  IscDataset *dataset = isc_site_add_dataset (site, ISC_DATASET_APT, pos);
  IscDataset *stale = isc_site_add_dataset (site, ISC_DATASET_APT, pos);
  g_autoptr(GArray) series = NULL;

  isc_test_write_file (pos, "1234", 4);
  g_assert_true (isc_dataset_store_ratios (dataset, "Ni,Co,Mn", elements, values, 2));
  values[0] = 0.41;
  g_assert_true (isc_dataset_store_ratios (stale, "Ni,Co,Mn", elements, values, 2));
  stale->stamp.size = 99;   /* as if the file had changed since */
  condition->retention = 0.76;

  g_assert_cmpuint (isc_gradient_add_project (gradient, project, TRUE), ==, 1);
  series = isc_gradient_get_series (gradient, 0, "Li");
  g_assert_cmpuint (series->len, ==, 1);
  g_assert_cmpfloat (g_array_index (series, IscGradientPoint, 0).mean, ==, 0.37);
  g_assert_cmpfloat (g_array_index (series, IscGradientPoint, 0).depth_nm, ==, 15);
}

/* Issue 20 item 3, worked by hand: sites at 50 nm (0.55), 200 nm (0.7, 0.8, 0.9) and 1000 nm
 * (1.0, 1.0). With share 0.9 the crossing is halfway from 200 to 1000 nm: 600 nm. */
static IscGradient *
uncertainty_gradient (void)
{
  IscGradient *g = isc_gradient_new ();
  static const struct { const char *site; double depth, li; } rows[] = {
    { "R1", 50, 0.5 }, { "R1", 50, 0.6 }, { "R2", 200, 0.7 }, { "R2", 200, 0.8 }, { "R2", 200, 0.9 },
    { "R3", 1000, 1.0 }, { "R3", 1000, 1.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    isc_gradient_add_specimen (g, "A", 100, rows[i].site, rows[i].depth, "Li", rows[i].li);
  /* B: 300 cycles, the crossing at 0.9 between 0.6 (400 nm) and 1.0 (2000 nm): 1600 nm. */
  isc_gradient_add_specimen (g, "B", 300, "R1", 400, "Li", 0.6);
  isc_gradient_add_specimen (g, "B", 300, "R2", 2000, "Li", 1.0);
  return g;
}

static void
test_depth_uncertainty (void)
{
  g_autoptr(IscGradient) g = uncertainty_gradient ();
  double se = 0.1 / sqrt (3);
  double up = 200 + (0.9 - (0.8 + se)) / (1.0 - (0.8 + se)) * 800;
  double down = 200 + (0.9 - (0.8 - se)) / (1.0 - (0.8 - se)) * 800;
  double k, k_sigma;
  guint n;
  IscLinearFit fit;

  g_assert_cmpfloat_with_epsilon (isc_gradient_get_depth (g, 0, "Li", 0.9, NULL), 600, 1e-9);
  /* Only R2 has a scatter that moves the crossing (R1 lies below it, R3 has none). */
  g_assert_cmpfloat_with_epsilon (isc_gradient_get_depth_sigma (g, 0, "Li", 0.9), 0.5 * (down - up), 1e-9);
  /* One specimen per site: no scatter to propagate. */
  g_assert_cmpfloat (isc_gradient_get_depth_sigma (g, 1, "Li", 0.9), ==, 0.0);
  /* Threshold 0.85 → 400 nm, 0.95 → 800 nm: 4000 nm per unit of share. */
  g_assert_cmpfloat_with_epsilon (isc_gradient_get_depth_sensitivity (g, 0, "Li", 0.9, 0.05), 4000, 1e-6);
  /* B: 0.85 → 1400, 0.95 → 1800 nm. */
  g_assert_cmpfloat_with_epsilon (isc_gradient_get_depth_sensitivity (g, 1, "Li", 0.9, 0.05), 4000, 1e-6);

  /* Two points: the free line goes through both; through the origin one parameter is left,
   * k = Σ N d / Σ N², with one degree of freedom for its error. */
  g_assert_true (isc_gradient_fit_depth (g, "Li", 0.9, &fit, NULL));
  g_assert_cmpuint (fit.n, ==, 2);
  g_assert_true (isc_gradient_fit_depth_origin (g, "Li", 0.9, &k, &k_sigma, &n, NULL));
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat_with_epsilon (k, (100 * 600 + 300 * 1600) / (100.0 * 100 + 300 * 300), 1e-9);
  {
    double r1 = 600 - 100 * k, r2 = 1600 - 300 * k;

    g_assert_cmpfloat_with_epsilon (k_sigma, sqrt ((r1 * r1 + r2 * r2) / 1 / (100.0 * 100 + 300 * 300)), 1e-9);
  }
}

/* Issue 20 item 2: the project's ICP-AES rows become each condition's bulk reference by name. */
static void
test_bulk_reference_from_project (void)
{
  g_autoptr(IscProject) project = isc_project_new ();
  g_autoptr(IscGradient) gradient = isc_gradient_new ();
  IscReference *icp = NULL;
  const char *name = NULL;

  isc_project_add_condition (project, "300 cycles", 300);
  isc_project_add_condition (project, "3", 3);
  icp = isc_project_add_reference (project, "300 cycles (ICP-AES)");
  isc_ratios_set (icp->ratios, "Li", 0.83);
  isc_ratios_set (icp->ratios, "Ni", 0.80);
  isc_gradient_add_project (gradient, project, TRUE);
  g_assert_cmpfloat (isc_gradient_get_bulk_reference (gradient, 0, "Li", &name), ==, 0.83);
  g_assert_cmpstr (name, ==, "300 cycles (ICP-AES)");
  g_assert_cmpfloat (isc_gradient_get_bulk_reference (gradient, 0, "Ni", NULL), ==, 0.80);
  g_assert_true (isnan (isc_gradient_get_bulk_reference (gradient, 0, "Co", NULL)));
  /* "3" is a prefix of the reference's name but not its condition. */
  g_assert_true (isnan (isc_gradient_get_bulk_reference (gradient, 1, "Li", NULL)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gradient/site-statistics", test_site_statistics);
  g_test_add_func ("/gradient/single-specimen", test_single_specimen_has_no_std);
  g_test_add_func ("/gradient/depth", test_gradient_depth);
  g_test_add_func ("/gradient/depth-fit", test_depth_fit);
  g_test_add_func ("/gradient/retention-fit", test_retention_fit);
  g_test_add_func ("/gradient/linear-fit", test_linear_fit);
  g_test_add_func ("/gradient/from-project", test_from_project);
  g_test_add_func ("/gradient/depth-uncertainty", test_depth_uncertainty);
  g_test_add_func ("/gradient/bulk-reference", test_bulk_reference_from_project);
  return g_test_run ();
}
