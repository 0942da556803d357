/* test-pass-workers.c: the analyses on the one chunked pass (ion-pass.h) give the same result
 * bit for bit on one worker and on several (IONSCAPE_WORKERS), whatever the chunks each got.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "composition.h"
#include "fda.h"
#include "ion-pass.h"
#include "profile.h"
#include "test-util.h"

enum { T_LI, T_O, T_NI, T_LIO, N_TYPES };
static const char *formulas[N_TYPES] = { "Li", "O", "Ni", "LiO" };
static const float masses[N_TYPES] = { 7.0f, 16.0f, 58.0f, 23.0f };

#define N_IONS 400000  /* several chunks of 65536 for every worker */

/* A needle with Li clustered in a few spheres and unranged ions among the rest; equal z
 * values repeat so the order of equal keys matters. */
static IscIonCloud *
make_cloud (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  g_autoptr(IscRangeSet) ranges = isc_test_make_ranges (formulas, masses, N_TYPES);
  IscIonCloud *cloud = isc_ion_cloud_new (N_IONS);

  for (gsize i = 0; i < N_IONS; i++)
    {
      float x = g_rand_double_range (rand, -15, 15), y = g_rand_double_range (rand, -15, 15);
      float z = (float) (g_rand_int_range (rand, 0, 20000) * 0.005);
      gboolean in_cluster = ((int) (x + 15) / 6 + (int) (y + 15) / 6 + (int) z / 20) % 4 == 0;
      double u = g_rand_double (rand);

      cloud->x[i] = x;
      cloud->y[i] = y;
      cloud->z[i] = z;
      cloud->mq[i] = u < (in_cluster ? 0.5 : 0.05) ? masses[T_LI]
                     : u < 0.6 ? masses[T_O] : u < 0.8 ? masses[T_NI] : u < 0.9 ? masses[T_LIO] : 100.0f;
    }
  isc_ion_cloud_update_bounds (cloud);
  g_assert_true (isc_range_set_apply (ranges, cloud, NULL, NULL, NULL, NULL));
  return cloud;
}

static void
use_workers (guint n)
{
  g_autofree char *text = g_strdup_printf ("%u", n);

  g_setenv ("IONSCAPE_WORKERS", text, TRUE);
  g_assert_cmpuint (isc_ion_pass_default_workers (), ==, n);
}

#define SAME_ARRAY ISC_TEST_SAME_ARRAY

static IscProfile *
profile (const IscIonCloud *cloud,
         IscProfileAxis     axis,
         IscProfileBinning  binning)
{
  g_autoptr(IscRangeSet) ranges = isc_test_make_ranges (formulas, masses, N_TYPES);
  g_autoptr(GError) error = NULL;
  IscProfileSettings settings;
  IscProfile *p;

  isc_profile_settings_init (&settings);
  settings.binning = binning;
  settings.atoms_per_bin = 997;
  settings.bin_width = 0.0731;
  settings.axis = axis;
  p = isc_profile_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);
  return p;
}

static void
test_profile (void)
{
  g_autoptr(IscIonCloud) cloud = make_cloud ();

  for (guint k = 0; k < 6; k++)
    {
      IscProfileAxis axis = ISC_PROFILE_AXIS_X + k % 3;
      IscProfileBinning binning = k < 3 ? ISC_PROFILE_FIXED_COUNT : ISC_PROFILE_FIXED_WIDTH;
      g_autoptr(IscProfile) one = NULL;
      g_autoptr(IscProfile) three = NULL;
      g_autofree char *csv_one = NULL;
      g_autofree char *csv_three = NULL;
      gsize cells;

      use_workers (1);
      one = profile (cloud, axis, binning);
      use_workers (3);
      three = profile (cloud, axis, binning);
      g_assert_cmpuint (one->n_bins, >, 100);
      g_assert_cmpuint (one->n_bins, ==, three->n_bins);
      g_assert_cmpuint (one->n_elements, ==, three->n_elements);
      cells = (gsize) one->n_bins * one->n_elements;
      SAME_ARRAY (one->start, three->start, one->n_bins);
      SAME_ARRAY (one->end, three->end, one->n_bins);
      SAME_ARRAY (one->atoms, three->atoms, one->n_bins);
      SAME_ARRAY (one->counts, three->counts, cells);
      SAME_ARRAY (one->fraction, three->fraction, cells);
      SAME_ARRAY (one->sigma, three->sigma, cells);
      csv_one = isc_profile_to_csv (one);
      csv_three = isc_profile_to_csv (three);
      g_assert_cmpstr (csv_one, ==, csv_three);
    }
}

static GPtrArray *
fda (const IscIonCloud *cloud,
     IscFdaBlocks       blocks,
     IscFdaCountUnit    unit)
{
  g_autoptr(IscRangeSet) ranges = isc_test_make_ranges (formulas, masses, N_TYPES);
  g_autoptr(GError) error = NULL;
  IscFdaSettings settings;
  GPtrArray *results;

  isc_fda_settings_init (&settings);
  settings.blocks = blocks;
  settings.count_unit = unit;
  settings.block_size = 50;
  results = isc_fda_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

static void
test_fda (void)
{
  g_autoptr(IscIonCloud) cloud = make_cloud ();

  for (int unit = ISC_FDA_COUNT_ATOMS; unit <= ISC_FDA_COUNT_IONS; unit++)
    {
      g_autoptr(GPtrArray) one = NULL;
      g_autoptr(GPtrArray) three = NULL;
      g_autofree char *csv_one = NULL;
      g_autofree char *csv_three = NULL;

      use_workers (1);
      one = fda (cloud, ISC_FDA_BLOCKS_SPATIAL, unit);
      use_workers (3);
      three = fda (cloud, ISC_FDA_BLOCKS_SPATIAL, unit);
      g_assert_cmpuint (one->len, ==, 3);
      g_assert_cmpuint (one->len, ==, three->len);
      for (guint k = 0; k < one->len; k++)
        {
          const IscFdaResult *a = one->pdata[k], *b = three->pdata[k];

          g_assert_cmpuint (a->n_blocks, >, 1000);
          g_assert_cmpuint (a->n_blocks, ==, b->n_blocks);
          g_assert_cmpuint (a->n_solute, ==, b->n_solute);
          SAME_ARRAY (a->observed, b->observed, a->block_size + 1);
          SAME_ARRAY (a->expected, b->expected, a->block_size + 1);
          SAME_ARRAY (&a->chi2, &b->chi2, 1);
          SAME_ARRAY (&a->mu, &b->mu, 1);
        }
      csv_one = isc_fda_results_to_csv (one);
      csv_three = isc_fda_results_to_csv (three);
      g_assert_cmpstr (csv_one, ==, csv_three);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/apt/pass-workers/profile", test_profile);
  g_test_add_func ("/apt/pass-workers/fda-spatial", test_fda);
  return g_test_run ();
}
