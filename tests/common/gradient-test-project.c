/* gradient-test-project.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gradient-test-project.h"

#include <math.h>

#include "pos-io.h"
#include "project-file.h"
#include "range-io.h"
#include "test-util.h"

#define IONS_PER_SPECIMEN 400

void
isc_test_write_gradient_specimen (const char *path,
                                  guint       li)
{
  static const struct { float mq; guint n; } fixed[] = { { 58, 80 }, { 59, 15 }, { 55, 5 } };
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (IONS_PER_SPECIMEN);
  g_autoptr(GError) error = NULL;
  guint i = 0;

  for (guint k = 0; k < G_N_ELEMENTS (fixed); k++)
    for (guint j = 0; j < fixed[k].n; j++)
      cloud->mq[i++] = fixed[k].mq;
  for (guint j = 0; j < li; j++)
    cloud->mq[i++] = 7;
  while (i < IONS_PER_SPECIMEN)
    cloud->mq[i++] = 16;
  for (i = 0; i < IONS_PER_SPECIMEN; i++)
    {
      cloud->x[i] = i % 7;
      cloud->y[i] = i % 11;
      cloud->z[i] = i * 0.1f;
    }
  isc_ion_cloud_update_bounds (cloud);
  g_assert_true (isc_ion_cloud_save_pos (cloud, path, &error));
  g_assert_no_error (error);
}

void
isc_test_write_gradient_ranges (const char *path)
{
  static const char *const ions[] = { "Li", "O", "Mn", "Ni", "Co" };
  static const float masses[] = { 7, 16, 55, 58, 59 };
  g_autoptr(IscRangeSet) set = isc_test_make_ranges (ions, masses, G_N_ELEMENTS (ions));
  g_autoptr(GError) error = NULL;

  g_assert_true (isc_range_set_save_rrng (set, path, &error));
  g_assert_no_error (error);
}

char *
isc_test_write_gradient_project (const char *dir,
                                 const char *cycler_path)
{
  static const struct
  {
    const char *condition;
    guint cycles;
    const char *site;
    double depth;
    guint li[2];   /* li[1] == 0: one specimen only */
  } rows[] = {
    { "pristine", 0, "bulk", 500, { 103, 101 } },
    { "100 cycles", 100, "R1", 50, { 57, 0 } },
    { "100 cycles", 100, "R4", 2000, { 99, 0 } },
    { "300 cycles", 300, "R1", 15, { 37, 37 } },
    { "300 cycles", 300, "R3", 350, { 69, 71 } },
    { "300 cycles", 300, "R7", 2500, { 103, 0 } },
  };
  g_autoptr(IscProject) project = isc_project_new ();
  g_autofree char *ranges = g_build_filename (dir, "ranges.rrng", NULL);
  char *file = g_build_filename (dir, "study.ionscape", NULL);
  g_autoptr(GError) error = NULL;

  isc_test_write_gradient_ranges (ranges);
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      IscCondition *condition = isc_project_find_condition (project, rows[r].condition);
      g_autofree char *folder = g_strdup_printf ("c%u", rows[r].cycles);
      g_autofree char *sub = g_build_filename (dir, folder, NULL);
      IscSite *site;

      if (condition == NULL)
        condition = isc_project_add_condition (project, rows[r].condition, rows[r].cycles);
      site = isc_condition_add_site (condition, rows[r].site, rows[r].depth, "");
      g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
      for (guint k = 0; k < 2 && rows[r].li[k] > 0; k++)
        {
          g_autofree char *name = g_strdup_printf ("%s-%u.pos", rows[r].site, k + 1);
          g_autofree char *pos = g_build_filename (sub, name, NULL);

          isc_test_write_gradient_specimen (pos, rows[r].li[k]);
          isc_dataset_set_range_path (isc_site_add_dataset (site, ISC_DATASET_APT, pos), ranges);
        }
    }
  isc_project_find_condition (project, "pristine")->retention = 1.0;
  isc_project_find_condition (project, "300 cycles")->retention = 0.76;
  if (cycler_path != NULL)
    isc_condition_add_cycler (isc_project_find_condition (project, "100 cycles"), cycler_path,
                              NAN);
  g_assert_true (isc_project_save (project, file, &error));
  g_assert_no_error (error);
  return file;
}
