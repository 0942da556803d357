/* test-saed-demo.c: the demo's core (layered) and shell (rock-salt) ring patterns are found,
 * calibrated from the file and indexed to the phase and d-spacings they were made from; the
 * files written are recognised as diffraction patterns and attached to their site.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>

#include "demo-saed.h"
#include "isc-dataset-kind.h"
#include "project.h"
#include "saed.h"
#include "test-util.h"

static void
check_pattern (const IscImage *image,
               gboolean        shell)
{
  IscSaedOptions options = { NULL, 0, FALSE, 0, 0 };
  g_autoptr(IscSaedResult) res = isc_saed_analyse (image, &options, NULL);
  const IscCrystalPhase *phases[] = {
    isc_saed_phase_lookup ("layered"), isc_saed_phase_lookup ("rocksalt"), isc_saed_phase_lookup ("spinel"),
  };
  const IscCrystalPhase *truth = isc_saed_phase_lookup (isc_demo_saed_phase (shell));
  guint n;
  g_autofree double *d = isc_demo_saed_d_nm (shell, &n);

  g_assert_nonnull (res);
  g_assert_cmpint (res->calibration_source, ==, ISC_SAED_CALIBRATION_FILE);
  g_assert_cmpfloat_with_epsilon (res->calibration, ISC_DEMO_SAED_NM_INV_PER_PX, 1e-6);
  g_assert_cmpfloat_with_epsilon (res->cx, ISC_DEMO_SAED_CX, 0.3);
  g_assert_cmpfloat_with_epsilon (res->cy, ISC_DEMO_SAED_CY, 0.3);
  g_assert_nonnull (res->rings);
  g_assert_cmpuint (res->rings->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      double r = g_array_index (res->rings, IscSaedRing, i).radius_px;
      double d_obs = 1.0 / (r * res->calibration);
      IscSaedIndexing ix;

      /* rings by radius: d largest first, as generated */
      g_assert_cmpfloat (fabs (d_obs - d[i]) / d[i], <, 0.005);
      /* against every phase of the list, the phase it was made from wins */
      g_assert_true (isc_saed_index_best (phases, G_N_ELEMENTS (phases), d_obs, 0.02, &ix));
      g_assert_true (ix.phase == truth);
      g_assert_cmpfloat (fabs (ix.reflection.d_nm - d[i]) / d[i], <, 1e-6);
      g_assert_cmpfloat (fabs (ix.mismatch), <, 0.005);
    }
}

static void
test_core (void)
{
  g_autoptr(IscImage) image = isc_demo_saed_image (FALSE);

  check_pattern (image, FALSE);
}

static void
test_shell (void)
{
  g_autoptr(IscImage) image = isc_demo_saed_image (TRUE);

  check_pattern (image, TRUE);
}

/* Written as ImageJ TIFFs in 1/nm: read back, they are diffraction patterns with the same
 * rings; attached to their site as diffraction datasets. */
static void
test_files (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autoptr(IscProject) project = isc_project_new ();
  IscCondition *condition = isc_project_add_condition (project, ISC_DEMO_SAED_CONDITION, 300);
  IscSite *site = isc_condition_add_site (condition, ISC_DEMO_SAED_SITE, 30, "< 30 nm");

  g_assert_true (isc_demo_write_saed (dir, NULL, NULL));
  for (guint k = 0; k < 2; k++)
    {
      g_autofree char *path = isc_demo_saed_path (dir, k == 1);
      g_autoptr(IscImage) image = isc_image_load (path, 0, NULL, NULL, NULL, NULL);
      IscDatasetKind kind;

      g_assert_nonnull (image);
      g_assert_true (isc_dataset_kind_guess (path, &kind));
      g_assert_cmpstr (isc_dataset_kind_to_string (kind), ==, "diffraction");
      check_pattern (image, k == 1);
    }
  isc_demo_saed_attach (project, dir);
  g_assert_cmpuint (site->datasets->len, ==, 2);
  for (guint k = 0; k < 2; k++)
    {
      const IscDataset *dataset = g_ptr_array_index (site->datasets, k);
      g_autofree char *path = isc_demo_saed_path (dir, k == 1);

      g_assert_cmpint (dataset->kind, ==, ISC_DATASET_DIFFRACTION);
      g_assert_cmpstr (dataset->path, ==, path);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/saed/demo/core", test_core);
  g_test_add_func ("/saed/demo/shell", test_shell);
  g_test_add_func ("/saed/demo/files", test_files);
  return g_test_run ();
}
