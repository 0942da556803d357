/* test-fda.c: frequency-distribution analysis against the worked example and synthetic clouds
 * whose distribution is known by construction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <sys/resource.h>
#include <string.h>

#include "fda.h"
#include "test-util.h"

/* The worked example of shared/reference/apt-formats.md §3.3 (n_b = 20, N_b = 50). */
static const guint example_counts[50] = {
  0, 1, 1, 2, 0, 3, 1, 2, 2, 1, 0, 1, 4, 2, 1, 1, 0, 2, 3, 1,
  1, 2, 0, 1, 1, 5, 2, 1, 0, 2, 1, 3, 1, 2, 1, 0, 1, 2, 6, 1,
  2, 1, 1, 0, 2, 3, 1, 1, 2, 0,
};
static const guint64 example_observed[8] = { 9, 21, 13, 4, 1, 1, 1, 0 };
static const double example_expected[8] = { 10.7446, 17.1728, 13.0372, 6.2511, 2.1231, 0.5429, 0.1085, 0.0173 };

static void
check_example_pool (const IscFdaResult *r)
{
  static const double class_o[4] = { 9, 21, 13, 7 };
  static const double class_e[4] = { 10.7446, 17.1728, 13.0372, 9.0454 };
  double chi2_by_hand = 0;

  g_assert_cmpuint (r->block_size, ==, 20);
  g_assert_cmpuint (r->n_blocks, ==, 50);
  g_assert_cmpuint (r->n_solute, ==, 74);
  g_assert_cmpfloat_with_epsilon (r->fraction, 0.074, 1e-12);
  for (guint n = 0; n < 8; n++)
    {
      g_assert_cmpuint (r->observed[n], ==, example_observed[n]);
      g_assert_cmpfloat_with_epsilon (r->expected[n], example_expected[n], 5e-5);
    }
  for (guint n = 8; n <= 20; n++)
    g_assert_cmpuint (r->observed[n], ==, 0);

  g_assert_cmpint (r->mode, ==, ISC_FDA_CHI2_POOL);
  g_assert_cmpuint (r->n_classes, ==, 4);
  for (guint k = 0; k < 4; k++)
    {
      g_assert_cmpfloat (r->classes[k].observed, ==, class_o[k]);
      g_assert_cmpfloat_with_epsilon (r->classes[k].expected, class_e[k], 5e-5);
      chi2_by_hand += (class_o[k] - class_e[k]) * (class_o[k] - class_e[k]) / class_e[k];
    }
  g_assert_cmpuint (r->classes[3].first, ==, 3);
  g_assert_cmpuint (r->classes[3].last, ==, 20);
  /* The class table rounded to 4 decimals gives chi2 to ~1e-4. */
  g_assert_cmpfloat_with_epsilon (r->chi2, chi2_by_hand, 2e-4);
  g_assert_cmpfloat_with_epsilon (r->chi2, 1.598859, 1e-6);
  g_assert_cmpuint (r->dof, ==, 3);
  g_assert_cmpfloat_with_epsilon (r->p_value, 0.659649, 1e-6);
  g_assert_cmpfloat_with_epsilon (r->mu, 0.145428, 1e-6);
  g_assert_cmpfloat_with_epsilon (r->mu, sqrt (r->chi2 / (74 + r->chi2)), 1e-12);
}

static void
check_example_skip (const IscFdaResult *r)
{
  g_assert_cmpint (r->mode, ==, ISC_FDA_CHI2_SKIP);
  g_assert_cmpuint (r->n_solute, ==, 74);
  /* Only n = 0, 1, 2 have O ≥ 5. */
  g_assert_cmpuint (r->n_classes, ==, 3);
  for (guint k = 0; k < 3; k++)
    {
      g_assert_cmpuint (r->classes[k].first, ==, k);
      g_assert_cmpfloat (r->classes[k].observed, ==, example_observed[k]);
    }
  g_assert_cmpfloat_with_epsilon (r->chi2, 1.136331, 1e-6);
  g_assert_cmpuint (r->dof, ==, 2);
  g_assert_cmpfloat_with_epsilon (r->p_value, 0.566564, 1e-6);
  g_assert_cmpfloat_with_epsilon (r->mu, 0.122978, 1e-6);
}

static void
test_worked_example_counts (void)
{
  g_autoptr(IscFdaResult) pool = NULL;
  g_autoptr(IscFdaResult) skip = NULL;
  g_autoptr(GError) error = NULL;

  pool = isc_fda_from_block_counts ("Li", example_counts, 50, 20, ISC_FDA_CHI2_POOL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pool->element, ==, "Li");
  check_example_pool (pool);

  skip = isc_fda_from_block_counts ("Li", example_counts, 50, 20, ISC_FDA_CHI2_SKIP, &error);
  g_assert_no_error (error);
  check_example_skip (skip);

  /* μ's N: N_s = 74 by default, N_b = 50 blocks, or all 1000 units. */
  g_assert_cmpint (pool->mu_n, ==, ISC_FDA_MU_N_SOLUTE);
  g_assert_cmpuint (pool->mu_n_value, ==, 74);
  isc_fda_result_set_mu_n (pool, ISC_FDA_MU_N_BLOCKS);
  g_assert_cmpuint (pool->mu_n_value, ==, 50);
  g_assert_cmpfloat_with_epsilon (pool->mu, sqrt (1.598859 / (50 + 1.598859)), 1e-6);
  isc_fda_result_set_mu_n (pool, ISC_FDA_MU_N_ATOMS);
  g_assert_cmpuint (pool->mu_n_value, ==, 1000);
  g_assert_cmpfloat_with_epsilon (pool->mu, sqrt (1.598859 / (1000 + 1.598859)), 1e-6);
  isc_fda_result_set_mu_n (pool, ISC_FDA_MU_N_SOLUTE);
  g_assert_cmpfloat_with_epsilon (pool->mu, 0.145428, 1e-6);
  {
    GPtrArray *one = g_ptr_array_new ();
    g_autofree char *csv = NULL;

    g_ptr_array_add (one, pool);
    csv = isc_fda_results_to_csv (one);
    g_ptr_array_unref (one);
    g_assert_true (g_str_has_suffix (csv, ",pool,atoms,sequence,solute\n"));
  }
}

static void
test_block_count_errors (void)
{
  static const guint too_many[3] = { 1, 21, 0 };
  g_autoptr(GError) error = NULL;

  g_assert_null (isc_fda_from_block_counts ("Li", too_many, 3, 20, ISC_FDA_CHI2_POOL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "block 1"));
  g_clear_error (&error);
  g_assert_null (isc_fda_from_block_counts ("Li", too_many, 0, 20, ISC_FDA_CHI2_POOL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
}

/* An element absent from every block: one class, no p-value, chi2 0. */
static void
test_absent_element (void)
{
  static const guint zeros[10] = { 0 };
  g_autoptr(IscFdaResult) r = isc_fda_from_block_counts ("Co", zeros, 10, 20, ISC_FDA_CHI2_POOL, NULL);

  g_assert_cmpfloat (r->fraction, ==, 0.0);
  g_assert_cmpuint (r->n_classes, ==, 1);
  g_assert_cmpfloat (r->chi2, ==, 0.0);
  g_assert_cmpuint (r->dof, ==, 0);
  g_assert_true (isnan (r->p_value));
  g_assert_true (isnan (r->mu));
}

/* Skip mode with no class observed 5 times: no test, so no p and no mu (not a misleading 0). */
static void
test_skip_without_classes (void)
{
  static const guint counts[4] = { 3, 4, 3, 5 };
  g_autoptr(IscFdaResult) r = isc_fda_from_block_counts ("Li", counts, 4, 10, ISC_FDA_CHI2_SKIP, NULL);

  g_assert_cmpuint (r->n_solute, ==, 15);
  g_assert_cmpuint (r->n_classes, ==, 0);
  g_assert_cmpuint (r->dof, ==, 0);
  g_assert_true (isnan (r->p_value));
  g_assert_true (isnan (r->mu));
}

/* ---- Synthetic clouds ----------------------------------------------------------------- */

enum { T_LI, T_O, T_NI, T_LIO, T_O2, N_TYPES };
static const char *formulas[N_TYPES] = { "Li", "O", "Ni", "LiO", "O2" };
static const float masses[N_TYPES] = { 7.0f, 16.0f, 58.0f, 23.0f, 32.0f };
#define MQ_UNRANGED 100.0f

static IscRangeSet *
make_ranges (void)
{
  return isc_test_make_ranges (formulas, masses, N_TYPES);
}

/* A cloud from ion types in file order (-1 = unranged), all at x = 0 unless @outside. */
static IscIonCloud *
cloud_from_types (const int         *types,
                  const gboolean    *outside,
                  gsize              n,
                  const IscRangeSet *set)
{
  IscIonCloud *cloud = isc_ion_cloud_new (n);

  for (gsize i = 0; i < n; i++)
    {
      cloud->x[i] = outside != NULL && outside[i] ? 5.0f : 0.0f;
      cloud->y[i] = 0.0f;
      cloud->z[i] = i * 0.01f;
      cloud->mq[i] = types[i] < 0 ? MQ_UNRANGED : masses[types[i]];
    }
  g_assert_true (isc_range_set_apply (set, cloud, NULL, NULL, NULL, NULL));
  return cloud;
}

static IscFdaResult *
fda_one (const IscIonCloud    *cloud,
         const IscRangeSet    *set,
         const IscRoi         *roi,
         const IscFdaSettings *s,
         const char           *element)
{
  const char *elements[] = { element, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = isc_fda_compute (cloud, set, roi, s, elements, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  return g_ptr_array_steal_index (results, 0);
}

/* Hand-worked expansion: molecular ions give their atoms in definition order and may straddle
 * blocks; in ion mode each ion is one unit counting for each of its elements. */
static void
test_expansion_by_hand (void)
{
  static const int types[] = { T_LI, T_LIO, T_O, T_O2, T_NI, T_LIO, T_LI, T_O, -1, T_NI };
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(IscIonCloud) cloud = cloud_from_types (types, NULL, G_N_ELEMENTS (types), set);
  g_autoptr(IscFdaResult) li_atoms = NULL, o_atoms = NULL, li_ions = NULL, o_ions = NULL;
  IscFdaSettings s;

  isc_fda_settings_init (&s);
  g_assert_cmpuint (s.block_size, ==, 100);
  s.block_size = 2;
  /* Atoms: Li | Li O | O | O O | Ni | Li O | Li | O | Ni → (Li Li)(O O)(O O)(Ni Li)(O Li)(O Ni):
   * Li per block 2 0 0 1 1 0, O per block 0 2 2 0 1 1. */
  li_atoms = fda_one (cloud, set, NULL, &s, "Li");
  g_assert_cmpuint (li_atoms->n_blocks, ==, 6);
  g_assert_cmpuint (li_atoms->n_solute, ==, 4);
  g_assert_cmpuint (li_atoms->observed[0], ==, 3);
  g_assert_cmpuint (li_atoms->observed[1], ==, 2);
  g_assert_cmpuint (li_atoms->observed[2], ==, 1);
  g_assert_cmpint (li_atoms->count_unit, ==, ISC_FDA_COUNT_ATOMS);
  o_atoms = fda_one (cloud, set, NULL, &s, "O");
  g_assert_cmpuint (o_atoms->n_solute, ==, 6);
  g_assert_cmpuint (o_atoms->observed[0], ==, 2);
  g_assert_cmpuint (o_atoms->observed[1], ==, 2);
  g_assert_cmpuint (o_atoms->observed[2], ==, 2);

  /* Ions: (Li, LiO)(O, O2)(Ni, LiO)(Li, O), the lone Ni dropped: Li 2 0 1 1, O 1 2 1 1. */
  s.count_unit = ISC_FDA_COUNT_IONS;
  li_ions = fda_one (cloud, set, NULL, &s, "Li");
  g_assert_cmpuint (li_ions->n_blocks, ==, 4);
  g_assert_cmpuint (li_ions->n_solute, ==, 4);
  g_assert_cmpuint (li_ions->observed[0], ==, 1);
  g_assert_cmpuint (li_ions->observed[1], ==, 2);
  g_assert_cmpuint (li_ions->observed[2], ==, 1);
  g_assert_cmpint (li_ions->count_unit, ==, ISC_FDA_COUNT_IONS);
  o_ions = fda_one (cloud, set, NULL, &s, "O");
  g_assert_cmpuint (o_ions->n_solute, ==, 5);
  g_assert_cmpuint (o_ions->observed[1], ==, 3);
  g_assert_cmpuint (o_ions->observed[2], ==, 1);
}

/* The worked example through the whole path: a cloud whose atom sequence has the example's
 * Li count in each block of 20, with molecular ions (some straddling blocks), unranged ions,
 * ions outside the region and an incomplete last block. */
static void
test_worked_example_cloud (void)
{
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GArray) atoms = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) types = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) outside = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscFdaResult) pool = NULL, skip = NULL;
  guint n_molecules = 0, n_straddling = 0;
  gsize atom_index = 0;
  IscFdaSettings s;
  IscRoi roi;

  /* Atom sequence: block b holds example_counts[b] Li at random places, the rest O or Ni;
   * then 13 more atoms (the incomplete block). */
  for (guint b = 0; b < 51; b++)
    {
      guint size = b < 50 ? 20 : 13;
      int block[20];

      for (guint k = 0; k < size; k++)
        block[k] = (b < 50 && k < example_counts[b]) ? T_LI : g_rand_boolean (rand) ? T_O : T_NI;
      for (guint k = size - 1; k > 0; k--)
        {
          guint j = g_rand_int_range (rand, 0, k + 1);
          int tmp = block[k];

          block[k] = block[j];
          block[j] = tmp;
        }
      g_array_append_vals (atoms, block, size);
    }

  /* Group atoms into ions: Li followed by O may become LiO, O followed by O may become O2.
   * Unranged ions and ions outside the region are slipped in between. */
  while (atom_index < atoms->len)
    {
      int a = g_array_index (atoms, int, atom_index);
      int next = atom_index + 1 < atoms->len ? g_array_index (atoms, int, atom_index + 1) : -1;
      int t = a;
      gboolean out = FALSE;

      if (g_rand_int_range (rand, 0, 10) == 0)
        {
          int noise = -1;

          g_array_append_val (types, noise);
          g_array_append_val (outside, out);
        }
      if (g_rand_int_range (rand, 0, 10) == 0)
        {
          int stray = g_rand_int_range (rand, 0, N_TYPES);
          gboolean yes = TRUE;

          g_array_append_val (types, stray);
          g_array_append_val (outside, yes);
        }
      if (((a == T_LI && next == T_O) || (a == T_O && next == T_O)) && g_rand_boolean (rand))
        {
          t = a == T_LI ? T_LIO : T_O2;
          n_molecules++;
          n_straddling += (atom_index % 20) == 19;
          atom_index += 2;
        }
      else
        atom_index += 1;
      g_array_append_val (types, t);
      g_array_append_val (outside, out);
    }
  g_assert_cmpuint (n_molecules, >, 20);
  cloud = cloud_from_types ((int *) types->data, (gboolean *) outside->data, types->len, set);

  g_assert_true (isc_roi_parse ("box:-1,-1,-1,1,1,1000", &roi, NULL));
  isc_fda_settings_init (&s);
  s.block_size = 20;
  pool = fda_one (cloud, set, &roi, &s, "Li");
  check_example_pool (pool);
  s.chi2_mode = ISC_FDA_CHI2_SKIP;
  skip = fda_one (cloud, set, &roi, &s, "Li");
  check_example_skip (skip);
  g_test_message ("%u molecular ions, %u straddling a block edge", n_molecules, n_straddling);
}

/* Random solid solution: every ion independently Li with probability 0.1 (else O or Ni), so the
 * block counts are binomial by construction and p should be uniform over seeds. */
static double
random_solution_p (guint32 seed,
                   const IscRangeSet *set)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (20000);
  g_autoptr(IscFdaResult) r = NULL;
  IscFdaSettings s;

  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      double u = g_rand_double (rand);

      cloud->x[i] = cloud->y[i] = 0;
      cloud->z[i] = i * 1e-3f;
      cloud->mq[i] = u < 0.1 ? masses[T_LI] : u < 0.55 ? masses[T_O] : masses[T_NI];
    }
  g_assert_true (isc_range_set_apply (set, cloud, NULL, NULL, NULL, NULL));
  isc_fda_settings_init (&s);
  r = fda_one (cloud, set, NULL, &s, "Li");
  g_assert_cmpuint (r->n_blocks, ==, 200);
  g_assert_cmpuint (r->dof, >=, 4);
  return r->p_value;
}

static void
test_random_solution (void)
{
  g_autoptr(IscRangeSet) set = make_ranges ();
  guint n_seeds = 200, below_001 = 0, quartile[4] = { 0 };

  for (guint seed = 1; seed <= n_seeds; seed++)
    {
      double p = random_solution_p (seed, set);

      g_assert_cmpfloat (p, >=, 0.0);
      g_assert_cmpfloat (p, <=, 1.0);
      below_001 += p < 0.01;
      quartile[MIN ((guint) (p * 4), 3)]++;
    }
  g_test_message ("p < 0.01: %u of %u; quartiles %u %u %u %u",
                  below_001, n_seeds, quartile[0], quartile[1], quartile[2], quartile[3]);
  g_assert_cmpuint (below_001, <, 0.03 * n_seeds);
  /* Roughly uniform: 50 expected per quartile, binomial sd ≈ 6.1; dof = classes − 1 with c
   * estimated from the data makes p slightly conservative, so allow 25..80 per quartile. */
  for (guint q = 0; q < 4; q++)
    {
      g_assert_cmpuint (quartile[q], >=, 25);
      g_assert_cmpuint (quartile[q], <=, 80);
    }
}

/* Li-rich layers across the evaporation direction (file order = depth): sequence blocks are
 * slabs, alternately rich and poor. */
static void
test_enriched_layers (void)
{
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (40000);
  g_autoptr(IscFdaResult) li = NULL, ni = NULL;
  IscFdaSettings s;

  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      double z = i * 0.001;                         /* 0..40 nm in file order */
      double p_li = fmod (z, 4.0) < 1.0 ? 0.6 : 0.02;  /* 1 nm Li-rich layer every 4 nm */
      double u = g_rand_double (rand);

      cloud->x[i] = g_rand_double_range (rand, -5, 5);
      cloud->y[i] = g_rand_double_range (rand, -5, 5);
      cloud->z[i] = z;
      cloud->mq[i] = u < p_li ? masses[T_LI] : masses[T_NI];
    }
  g_assert_true (isc_range_set_apply (set, cloud, NULL, NULL, NULL, NULL));
  isc_fda_settings_init (&s);
  li = fda_one (cloud, set, NULL, &s, "Li");
  g_test_message ("layers: chi2 %g dof %u p %g mu %g", li->chi2, li->dof, li->p_value, li->mu);
  g_assert_cmpfloat (li->mu, >, 0.5);
  g_assert_cmpfloat (li->p_value, <, 1e-10);
  /* Ni is the complement of Li here: as far from binomial, but mu is normalised by its own,
   * larger N_s, so it comes out smaller. */
  ni = fda_one (cloud, set, NULL, &s, "Ni");
  g_assert_cmpfloat (ni->p_value, <, 1e-10);
  g_assert_cmpuint (ni->n_solute, >, li->n_solute);
  g_assert_cmpfloat (ni->mu, <, li->mu);
}

/* Li-rich lines along z, ions in random file order: sequence blocks sample the whole volume and
 * see a random solution, spatial blocks resolve the lines. */
static void
test_enriched_lines (void)
{
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (100000);
  g_autoptr(IscFdaResult) seq = NULL, spatial = NULL;
  IscFdaSettings s;

  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      double x = g_rand_double_range (rand, 0, 20);
      double y = g_rand_double_range (rand, 0, 20);
      /* 2 nm × 2 nm lines every 5 nm in x and y. */
      gboolean line = fmod (x, 5.0) < 2.0 && fmod (y, 5.0) < 2.0;
      double u = g_rand_double (rand);

      cloud->x[i] = x;
      cloud->y[i] = y;
      cloud->z[i] = g_rand_double_range (rand, 0, 30);
      cloud->mq[i] = u < (line ? 0.7 : 0.02) ? masses[T_LI] : masses[T_O];
    }
  g_assert_true (isc_range_set_apply (set, cloud, NULL, NULL, NULL, NULL));
  isc_fda_settings_init (&s);
  seq = fda_one (cloud, set, NULL, &s, "Li");
  s.blocks = ISC_FDA_BLOCKS_SPATIAL;
  spatial = fda_one (cloud, set, NULL, &s, "Li");
  g_test_message ("lines: sequence mu %g p %g; spatial mu %g p %g, %" G_GUINT64_FORMAT " blocks",
                  seq->mu, seq->p_value, spatial->mu, spatial->p_value, spatial->n_blocks);
  g_assert_cmpint (spatial->blocks, ==, ISC_FDA_BLOCKS_SPATIAL);
  g_assert_cmpfloat (spatial->mu, >, 0.5);
  g_assert_cmpfloat (seq->mu, <, 0.2);
  /* Every spatial block is complete: N_b · n_b ≤ units, and most of the data is used. */
  g_assert_cmpuint (spatial->n_blocks * 100, <=, cloud->n_ions);
  g_assert_cmpuint (spatial->n_blocks * 100, >, cloud->n_ions * 0.8);
}

/* Spatial blocks of a random solution stay random. */
static void
test_spatial_random (void)
{
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (50000);
  g_autoptr(IscFdaResult) r = NULL;
  IscFdaSettings s;

  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      cloud->x[i] = g_rand_double_range (rand, 0, 20);
      cloud->y[i] = g_rand_double_range (rand, 0, 20);
      cloud->z[i] = g_rand_double_range (rand, 0, 30);
      cloud->mq[i] = g_rand_double (rand) < 0.2 ? masses[T_LI] : masses[T_O];
    }
  g_assert_true (isc_range_set_apply (set, cloud, NULL, NULL, NULL, NULL));
  isc_fda_settings_init (&s);
  s.blocks = ISC_FDA_BLOCKS_SPATIAL;
  r = fda_one (cloud, set, NULL, &s, "Li");
  g_test_message ("spatial random: mu %g p %g", r->mu, r->p_value);
  g_assert_cmpfloat (r->p_value, >, 0.001);
  g_assert_cmpfloat (r->mu, <, 0.1);
}

/* Spatial blocks file 7 bytes per ion: when the process cannot have them (its address space
 * limited to a little more than it uses), the analysis ends in one error, not a GLib abort. */
static void
test_spatial_out_of_memory (void)
{
#if defined(__SANITIZE_ADDRESS__)
  g_test_skip ("AddressSanitizer reserves more address space than such a limit allows");
#else
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (20000000);
  const char *elements[] = { "Li", NULL };
  g_autoptr(GError) error = NULL;
  GPtrArray *results;
  IscFdaSettings s;
  struct rlimit saved, limit;
  g_autofree char *status = NULL;
  const char *vm;
  guint64 vm_kib;

  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      cloud->x[i] = (float) (i % 300) * 0.1f;
      cloud->y[i] = (float) ((i / 300) % 300) * 0.1f;
      cloud->z[i] = (float) i * 1e-5f;
      cloud->mq[i] = i % 5 == 0 ? masses[T_LI] : masses[T_O];
    }
  g_assert_true (isc_range_set_apply (set, cloud, NULL, NULL, NULL, NULL));
  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  vm = strstr (status, "VmSize:");
  g_assert_nonnull (vm);
  vm_kib = g_ascii_strtoull (vm + strlen ("VmSize:"), NULL, 10);
  isc_fda_settings_init (&s);
  s.blocks = ISC_FDA_BLOCKS_SPATIAL;

  /* 40 MB to spare: the pools want 140 MB */
  g_assert_cmpint (getrlimit (RLIMIT_AS, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = (vm_kib << 10) + (40u << 20);
  g_assert_cmpint (setrlimit (RLIMIT_AS, &limit), ==, 0);
  results = isc_fda_compute (cloud, set, NULL, &s, elements, NULL, NULL, NULL, &error);
  g_assert_cmpint (setrlimit (RLIMIT_AS, &saved), ==, 0);

  g_assert_null (results);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "not available"));
#endif
}

/* ---- Spatial blocks against a plain reference -------------------------------------------- */

/* Units of each test ion type in definition order (element index 0 Li, 1 O, 2 Ni). */
static const int unit_atoms[N_TYPES][3] = { { 0, -1 }, { 1, -1 }, { 2, -1 }, { 0, 1, -1 }, { 1, 1, -1 } };
static const int unit_ions[N_TYPES][3] = { { 0, -1 }, { 1, -1 }, { 2, -1 }, { 0, 1, -1 }, { 1, -1 } };

typedef struct
{
  guint column;
  float z;
  guint index;
} RefIon;

static int
compare_ref_ion (const void *a,
                 const void *b)
{
  const RefIon *x = a, *y = b;

  if (x->column != y->column)
    return x->column < y->column ? -1 : 1;
  if (x->z != y->z)
    return x->z < y->z ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* The spatial-block definition written out plainly: columns of side a = cbrt (V n_b / units)
 * over the bounding box of the region's ranged ions (a flat extent counts as 1 nm), each column
 * walked along z (equal z in file order) and cut every n_b units, its remainder dropped.
 * Returns per-block counts of element @el (0 Li, 1 O, 2 Ni). */
static GArray *
reference_spatial (const IscIonCloud *cloud,
                   const IscRoi      *roi,
                   guint              block_size,
                   gboolean           ions,
                   int                el)
{
  g_autofree guint8 *mask = g_new (guint8, cloud->n_ions);
  g_autofree RefIon *list = g_new (RefIon, cloud->n_ions);
  GArray *blocks = g_array_new (FALSE, FALSE, sizeof (guint));
  float lo[3] = { INFINITY, INFINITY, INFINITY }, hi[3] = { -INFINITY, -INFINITY, -INFINITY };
  double units = 0, volume, side;
  guint nx, ny, fill = 0, count = 0;
  gsize n = 0;

  isc_roi_select (roi, cloud, mask);
  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      guint t = cloud->ion_type[i];

      if (!mask[i] || t >= N_TYPES)
        continue;
      for (guint k = 0; k < 3 && unit_atoms[t][k] >= 0; k++)
        units += ions ? (k == 0) : 1;
      lo[0] = MIN (lo[0], cloud->x[i]); hi[0] = MAX (hi[0], cloud->x[i]);
      lo[1] = MIN (lo[1], cloud->y[i]); hi[1] = MAX (hi[1], cloud->y[i]);
      lo[2] = MIN (lo[2], cloud->z[i]); hi[2] = MAX (hi[2], cloud->z[i]);
    }
  volume = MAX (hi[0] - lo[0], 1.0) * MAX (hi[1] - lo[1], 1.0) * MAX (hi[2] - lo[2], 1.0);
  side = cbrt (volume * block_size / units);
  nx = (guint) CLAMP (ceil ((hi[0] - lo[0]) / side), 1, 4096);
  ny = (guint) CLAMP (ceil ((hi[1] - lo[1]) / side), 1, 4096);
  for (gsize i = 0; i < cloud->n_ions; i++)
    if (mask[i] && cloud->ion_type[i] < N_TYPES)
      {
        double fx = (cloud->x[i] - lo[0]) / side, fy = (cloud->y[i] - lo[1]) / side;
        guint cx = fx > 0 ? (guint) MIN (fx, nx - 1.0) : 0, cy = fy > 0 ? (guint) MIN (fy, ny - 1.0) : 0;

        list[n++] = (RefIon) { cy * nx + cx, cloud->z[i], i };
      }
  qsort (list, n, sizeof *list, compare_ref_ion);

  for (gsize k = 0; k < n; k++)
    {
      const int *u = (ions ? unit_ions : unit_atoms)[cloud->ion_type[list[k].index]];

      if (k > 0 && list[k].column != list[k - 1].column)
        fill = count = 0;  /* a column's incomplete last block is dropped */
      if (ions)
        {
          for (guint j = 0; j < 3 && u[j] >= 0; j++)
            count += u[j] == el;
          if (++fill == block_size)
            {
              g_array_append_val (blocks, count);
              fill = count = 0;
            }
        }
      else
        for (guint j = 0; j < 3 && u[j] >= 0; j++)
          {
            count += u[j] == el;
            if (++fill == block_size)
              {
                g_array_append_val (blocks, count);
                fill = count = 0;
              }
          }
    }
  return blocks;
}

/* Random clouds with molecular and unranged ions and many equal z (a 0.05 nm grid) in random
 * file order: spatial blocks give exactly the reference's distribution, for atoms and ions, in
 * the whole dataset and in regions. */
static void
test_spatial_reference (void)
{
  static const char *symbols[] = { "Li", "O", "Ni" };
  static const char *regions[] = { "all", "sphere:0,0,10,7", "box:-8,-3,2,5,9,18" };
  static const guint block_sizes[] = { 1, 7, 100 };
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (77);
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (30000);
  guint64 n_blocks = 0;

  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      int t = g_rand_int_range (rand, -1, N_TYPES);

      cloud->x[i] = g_rand_double_range (rand, -10, 10);
      cloud->y[i] = g_rand_double_range (rand, -10, 10);
      cloud->z[i] = g_rand_int_range (rand, 0, 400) * 0.05f;
      cloud->mq[i] = t < 0 ? MQ_UNRANGED : masses[t];
    }
  g_assert_true (isc_range_set_apply (set, cloud, NULL, NULL, NULL, NULL));

  for (guint r = 0; r < G_N_ELEMENTS (regions); r++)
    for (guint b = 0; b < G_N_ELEMENTS (block_sizes); b++)
      for (int ions = 0; ions < 2; ions++)
        {
          g_autoptr(GPtrArray) results = NULL;
          g_autoptr(GError) error = NULL;
          IscFdaSettings s;
          IscRoi roi;

          g_assert_true (isc_roi_parse (regions[r], &roi, NULL));
          isc_fda_settings_init (&s);
          s.blocks = ISC_FDA_BLOCKS_SPATIAL;
          s.block_size = block_sizes[b];
          s.count_unit = ions ? ISC_FDA_COUNT_IONS : ISC_FDA_COUNT_ATOMS;
          results = isc_fda_compute (cloud, set, &roi, &s, symbols, NULL, NULL, NULL, &error);
          g_assert_no_error (error);
          for (int e = 0; e < 3; e++)
            {
              const IscFdaResult *got = g_ptr_array_index (results, e);
              g_autoptr(GArray) blocks = reference_spatial (cloud, &roi, s.block_size, ions, e);
              g_autoptr(IscFdaResult) want = isc_fda_from_block_counts (symbols[e], (guint *) blocks->data,
                                                                        blocks->len, s.block_size,
                                                                        s.chi2_mode, NULL);

              g_assert_nonnull (want);
              g_assert_cmpuint (got->n_blocks, ==, want->n_blocks);
              g_assert_cmpuint (got->n_solute, ==, want->n_solute);
              g_assert_cmpmem (got->observed, (s.block_size + 1) * sizeof (guint64),
                               want->observed, (s.block_size + 1) * sizeof (guint64));
              g_assert_cmpfloat (got->chi2, ==, want->chi2);
              n_blocks += want->n_blocks;
            }
        }
  g_test_message ("%" G_GUINT64_FORMAT " blocks compared", n_blocks);
}

typedef struct
{
  GArray       *values;
  GCancellable *cancel_at_half;  /* cancelled once progress passes 0.5, or NULL */
} ProgressLog;

static void
log_progress (double   fraction,
              gpointer data)
{
  ProgressLog *log = data;

  g_array_append_val (log->values, fraction);
  if (log->cancel_at_half != NULL && fraction > 0.5)
    g_cancellable_cancel (log->cancel_at_half);
}

/* Spatial blocks on enough ions for the second thread: progress rises to 1; a cancellation
 * half-way (while the ions are filed, on both threads) ends with G_IO_ERROR_CANCELLED. */
static void
test_spatial_progress_cancel (void)
{
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (400000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  ProgressLog log = { values, NULL };
  IscFdaSettings s;

  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      cloud->x[i] = g_rand_double_range (rand, 0, 40);
      cloud->y[i] = g_rand_double_range (rand, 0, 40);
      cloud->z[i] = g_rand_double_range (rand, 0, 60);
      cloud->mq[i] = masses[g_rand_int_range (rand, 0, N_TYPES)];
    }
  g_assert_true (isc_range_set_apply (set, cloud, NULL, NULL, NULL, NULL));
  isc_fda_settings_init (&s);
  s.blocks = ISC_FDA_BLOCKS_SPATIAL;

  results = isc_fda_compute (cloud, set, NULL, &s, NULL, NULL, log_progress, &log, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 3);
  g_assert_cmpuint (values->len, >, 4);
  for (guint i = 1; i < values->len; i++)
    g_assert_cmpfloat (g_array_index (values, double, i), >=, g_array_index (values, double, i - 1));
  g_assert_cmpfloat (g_array_index (values, double, values->len - 1), ==, 1.0);

  log.cancel_at_half = cancellable;
  g_assert_null (isc_fda_compute (cloud, set, NULL, &s, NULL, cancellable, log_progress, &log, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_errors_and_cancel (void)
{
  static const int types[] = { T_LI, T_O, T_NI, T_LI, T_O };
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(IscIonCloud) cloud = cloud_from_types (types, NULL, G_N_ELEMENTS (types), set);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  const char *co[] = { "Co", NULL };
  IscFdaSettings s;
  guint8 *saved;

  isc_fda_settings_init (&s);
  g_assert_null (isc_fda_compute (cloud, set, NULL, &s, co, NULL, NULL, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "“Co”"));
  g_assert_nonnull (strstr (error->message, "Li, O, Ni"));
  g_clear_error (&error);

  /* 5 atoms cannot fill a block of 100. */
  g_assert_null (isc_fda_compute (cloud, set, NULL, &s, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID);
  g_clear_error (&error);

  s.block_size = 2;
  g_cancellable_cancel (cancellable);
  g_assert_null (isc_fda_compute (cloud, set, NULL, &s, NULL, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  saved = cloud->ion_type;
  cloud->ion_type = NULL;
  g_assert_null (isc_fda_compute (cloud, set, NULL, &s, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  cloud->ion_type = saved;
  g_clear_error (&error);

  /* Every element at once, in range-set order. */
  {
    g_autoptr(GPtrArray) all = isc_fda_compute (cloud, set, NULL, &s, NULL, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 3);
    g_assert_cmpstr (((IscFdaResult *) all->pdata[0])->element, ==, "Li");
    g_assert_cmpstr (((IscFdaResult *) all->pdata[2])->element, ==, "Ni");
  }
}

static void
test_mode_strings (void)
{
  IscFdaChi2Mode mode;
  IscFdaCountUnit unit;

  g_assert_true (isc_fda_chi2_mode_from_string ("skip", &mode));
  g_assert_cmpint (mode, ==, ISC_FDA_CHI2_SKIP);
  g_assert_false (isc_fda_chi2_mode_from_string ("merge", &mode));
  g_assert_cmpstr (isc_fda_chi2_mode_to_string (ISC_FDA_CHI2_POOL), ==, "pool");
  g_assert_true (isc_fda_count_unit_from_string ("ions", &unit));
  g_assert_cmpint (unit, ==, ISC_FDA_COUNT_IONS);
  g_assert_false (isc_fda_count_unit_from_string ("molecules", &unit));
  g_assert_cmpstr (isc_fda_count_unit_to_string (ISC_FDA_COUNT_ATOMS), ==, "atoms");
  g_assert_cmpstr (isc_fda_blocks_to_string (ISC_FDA_BLOCKS_SPATIAL), ==, "spatial");
}

/* A chi-square tail below 1e-300 underflows to 0: people must read a bound, never "0". */
static void
test_format_p_value (void)
{
  static const struct { double p; const char *text; } cases[] = {
    { 0.0, "< 1e-300" }, { 1e-301, "< 1e-300" }, { 1e-300, "1e-300" }, { 0.0123456, "0.0123" },
    { 1.0, "1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = isc_fda_format_p_value (cases[i].p);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
  {
    g_autofree char *text = isc_fda_format_p_value (NAN);

    g_assert_cmpstr (text, ==, "—");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fda/worked-example-counts", test_worked_example_counts);
  g_test_add_func ("/fda/block-count-errors", test_block_count_errors);
  g_test_add_func ("/fda/absent-element", test_absent_element);
  g_test_add_func ("/fda/skip-without-classes", test_skip_without_classes);
  g_test_add_func ("/fda/expansion-by-hand", test_expansion_by_hand);
  g_test_add_func ("/fda/worked-example-cloud", test_worked_example_cloud);
  g_test_add_func ("/fda/random-solution", test_random_solution);
  g_test_add_func ("/fda/enriched-layers", test_enriched_layers);
  g_test_add_func ("/fda/enriched-lines", test_enriched_lines);
  g_test_add_func ("/fda/spatial-random", test_spatial_random);
  g_test_add_func ("/fda/spatial-reference", test_spatial_reference);
  g_test_add_func ("/fda/spatial-out-of-memory", test_spatial_out_of_memory);
  g_test_add_func ("/fda/spatial-progress-cancel", test_spatial_progress_cancel);
  g_test_add_func ("/fda/errors-and-cancel", test_errors_and_cancel);
  g_test_add_func ("/fda/mode-strings", test_mode_strings);
  g_test_add_func ("/fda/format-p-value", test_format_p_value);
  return g_test_run ();
}
