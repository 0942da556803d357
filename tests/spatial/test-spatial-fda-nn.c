/* test-spatial-fda-nn.c: frequency distributions on nearest-neighbour blocks (each ranged ion's
 * k nearest ranged ions): hand-worked clouds, and a brute-force O(n²) count on a random cloud
 * with molecular ions, in atom and ion units, with and without a region, for every ion and for
 * a sample of centres.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fda.h"
#include "spatial-test-data.h"

static GPtrArray *
run_nn_sampled (const IscIonCloud  *cloud,
                const IscRangeSet  *ranges,
                const IscRoi       *roi,
                guint               k,
                IscFdaCountUnit     unit,
                const char * const *elements,
                gsize               max_blocks,
                GError            **error)
{
  IscFdaSettings s;

  isc_fda_settings_init (&s);
  s.max_nn_blocks = max_blocks;
  s.blocks = ISC_FDA_BLOCKS_NN;
  s.block_size = k;
  s.count_unit = unit;
  return isc_fda_compute (cloud, ranges, roi, &s, elements, NULL, NULL, NULL, error);
}

static GPtrArray *
run_nn (const IscIonCloud  *cloud,
        const IscRangeSet  *ranges,
        const IscRoi       *roi,
        guint               k,
        IscFdaCountUnit     unit,
        const char * const *elements,
        GError            **error)
{
  return run_nn_sampled (cloud, ranges, roi, k, unit, elements, 0, error);
}

static void
assert_observed (const IscFdaResult *r,
                 const guint64      *expected)
{
  for (guint n = 0; n <= r->block_size; n++)
    if (r->observed[n] != expected[n])
      g_error ("%s: O(%u) = %" G_GUINT64_FORMAT ", expected %" G_GUINT64_FORMAT,
               r->element, n, r->observed[n], expected[n]);
}

/* 50 Li ions in one small cube, 70 O ions in another 100 nm away: every Li block holds k Li,
 * every O block none. */
static void
test_two_phases (void)
{
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscIonCloud) cloud = test_cloud_new (120);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  const char *elements[] = { "Li", "O", NULL };
  guint64 li[11] = { 0 }, o[11] = { 0 };
  TestRng rng = { 7 };
  const IscFdaResult *r;

  for (gsize i = 0; i < 120; i++)
    {
      double off = i < 50 ? 0 : 100;

      cloud->x[i] = off + 5 * test_uniform (&rng);
      cloud->y[i] = off + 5 * test_uniform (&rng);
      cloud->z[i] = off + 5 * test_uniform (&rng);
      cloud->ion_type[i] = i < 50 ? T_LI : T_O;
    }
  test_cloud_finish (cloud);

  results = run_nn (cloud, ranges, NULL, 10, ISC_FDA_COUNT_ATOMS, elements, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 2);
  r = g_ptr_array_index (results, 0);
  g_assert_cmpstr (r->element, ==, "Li");
  g_assert_cmpint (r->blocks, ==, ISC_FDA_BLOCKS_NN);
  g_assert_cmpuint (r->block_size, ==, 10);
  g_assert_cmpuint (r->n_blocks, ==, 120);
  g_assert_cmpuint (r->n_solute, ==, 500);
  g_assert_cmpfloat_with_epsilon (r->fraction, 500.0 / 1200.0, 1e-12);
  li[0] = 70;
  li[10] = 50;
  assert_observed (r, li);
  /* Two phases: nothing like a binomial. */
  g_assert_cmpfloat (r->p_value, <, 1e-20);
  g_assert_cmpfloat (r->mu, >, 0.5);
  r = g_ptr_array_index (results, 1);
  o[0] = 50;
  o[10] = 70;
  assert_observed (r, o);
}

/* Three ions, worked by hand with k = 2: A = LiO at the origin, B = Li at (1, 0, 0), C = O at
 * (0, 2.5, 0). Neighbours by distance: of A, B then C; of B, A then C (√7.25); of C, A then B.
 * Atoms: A's block is B's Li and C's O; B's and C's blocks are A's two atoms (Li, O), the
 * farther ion giving nothing. Ions: A's block is B + C, B's is A + C, C's is A + B. */
static void
test_hand_worked (void)
{
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscIonCloud) cloud = test_cloud_new (3);
  g_autoptr(GPtrArray) atoms = NULL, ions = NULL;
  g_autoptr(GError) error = NULL;
  const char *elements[] = { "Li", "O", NULL };
  const IscFdaResult *r;

  memset (cloud->x, 0, 3 * sizeof (float));
  memset (cloud->y, 0, 3 * sizeof (float));
  memset (cloud->z, 0, 3 * sizeof (float));
  cloud->ion_type[0] = T_LIO;
  cloud->x[1] = 1;
  cloud->ion_type[1] = T_LI;
  cloud->y[2] = 2.5;
  cloud->ion_type[2] = T_O;
  test_cloud_finish (cloud);

  atoms = run_nn (cloud, ranges, NULL, 2, ISC_FDA_COUNT_ATOMS, elements, &error);
  g_assert_no_error (error);
  r = g_ptr_array_index (atoms, 0);
  assert_observed (r, (guint64[]) { 0, 3, 0 });   /* Li: 1, 1, 1 */
  r = g_ptr_array_index (atoms, 1);
  assert_observed (r, (guint64[]) { 0, 3, 0 });   /* O: 1, 1, 1 */

  ions = run_nn (cloud, ranges, NULL, 2, ISC_FDA_COUNT_IONS, elements, &error);
  g_assert_no_error (error);
  r = g_ptr_array_index (ions, 0);
  assert_observed (r, (guint64[]) { 0, 2, 1 });   /* Li: B 1, A + C 1, A + B 2 */
  g_assert_cmpuint (r->n_solute, ==, 4);
  r = g_ptr_array_index (ions, 1);
  assert_observed (r, (guint64[]) { 0, 2, 1 });   /* O: B + C 1, A + C 2, A + B 1 */
  g_assert_cmpint (r->count_unit, ==, ISC_FDA_COUNT_IONS);
}

/* ---- Brute force ------------------------------------------------------------------------ */

typedef struct
{
  double d;
  gsize  id;
} Near;

static int
compare_near (const void *a,
              const void *b)
{
  const Near *x = a, *y = b;

  return x->d < y->d ? -1 : x->d > y->d ? 1 : 0;
}

/* Atoms of one ion in formula order, as symbols. */
static guint
formula_atoms (guint8       type,
               const char **out)
{
  switch (type)
    {
    case T_LI:  out[0] = "Li"; return 1;
    case T_O:   out[0] = "O"; return 1;
    case T_NI:  out[0] = "Ni"; return 1;
    case T_NIO: out[0] = "Ni"; out[1] = "O"; return 2;
    case T_LIO: out[0] = "Li"; out[1] = "O"; return 2;
    default:    return 0;
    }
}

/* Per-block counts of @element by sorting every other ion by distance; with @max (> 0, fewer
 * than the ranged ions) only for the documented sample of centres, the ranged ions of rank
 * floor (c · n / max). */
static guint *
brute_force_sampled (const IscIonCloud *cloud,
                     const IscRoi      *roi,
                     guint              k,
                     gboolean           ions,
                     const char        *element,
                     gsize              max,
                     gsize             *n_blocks)
{
  g_autofree gsize *in = g_new (gsize, cloud->n_ions);
  g_autofree Near *near = g_new (Near, cloud->n_ions);
  guint *counts = g_new0 (guint, cloud->n_ions);
  gsize n_in = 0, n_centres;

  for (gsize i = 0; i < cloud->n_ions; i++)
    if (cloud->ion_type[i] < N_TEST_TYPES && (roi == NULL || isc_roi_contains (roi, cloud->x[i], cloud->y[i], cloud->z[i])))
      in[n_in++] = i;
  n_centres = max > 0 && max < n_in ? max : n_in;
  for (gsize c = 0; c < n_centres; c++)
    {
      gsize a = n_centres < n_in ? (gsize) (c * ((double) n_in / max)) : c, m = 0;
      guint fill = 0;

      for (gsize b = 0; b < n_in; b++)
        if (b != a)
          {
            double dx = (double) cloud->x[in[b]] - cloud->x[in[a]];
            double dy = (double) cloud->y[in[b]] - cloud->y[in[a]];
            double dz = (double) cloud->z[in[b]] - cloud->z[in[a]];

            near[m++] = (Near) { dx * dx + dy * dy + dz * dz, in[b] };
          }
      qsort (near, m, sizeof *near, compare_near);
      for (gsize j = 0; j < m && fill < k; j++)
        {
          const char *sym[2];
          guint n_atoms = formula_atoms (cloud->ion_type[near[j].id], sym);

          if (ions)
            {
              for (guint u = 0; u < n_atoms; u++)
                if (g_str_equal (sym[u], element))
                  {
                    counts[c]++;
                    break;
                  }
              fill++;
            }
          else
            for (guint u = 0; u < n_atoms && fill < k; u++, fill++)
              counts[c] += g_str_equal (sym[u], element);
        }
    }
  *n_blocks = n_centres;
  return counts;
}

static guint *
brute_force (const IscIonCloud *cloud,
             const IscRoi      *roi,
             guint              k,
             gboolean           ions,
             const char        *element,
             gsize             *n_blocks)
{
  return brute_force_sampled (cloud, roi, k, ions, element, 0, n_blocks);
}

/* A Li-rich slab in a random mixture of all five ion types, and unranged ions that must be
 * ignored. */
static IscIonCloud *
mixed_cloud (gsize n)
{
  IscIonCloud *cloud = test_cloud_new (n);
  TestRng rng = { 2024 };

  for (gsize i = 0; i < n; i++)
    {
      double x = 12 * test_uniform (&rng), u = test_uniform (&rng);

      cloud->x[i] = x;
      cloud->y[i] = 12 * test_uniform (&rng);
      cloud->z[i] = 12 * test_uniform (&rng);
      if (x > 5 && x < 7 && u < 0.6)
        cloud->ion_type[i] = T_LI;
      else if (u < 0.05)
        cloud->ion_type[i] = 255;
      else
        cloud->ion_type[i] = (guint8) (test_uniform (&rng) * N_TEST_TYPES);
    }
  test_cloud_finish (cloud);
  return cloud;
}

static void
test_brute_force (void)
{
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscIonCloud) cloud = mixed_cloud (1500);
  const char *elements[] = { "Li", "O", "Ni", NULL };
  const guint ks[] = { 1, 7, 24 };
  IscRoi roi;

  g_assert_true (isc_roi_parse ("sphere:6,6,6,5", &roi, NULL));
  for (guint ki = 0; ki < G_N_ELEMENTS (ks); ki++)
    for (int unit = 0; unit < 2; unit++)
      for (int with_roi = 0; with_roi < 2; with_roi++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) results = run_nn (cloud, ranges, with_roi ? &roi : NULL, ks[ki],
                                                 unit ? ISC_FDA_COUNT_IONS : ISC_FDA_COUNT_ATOMS,
                                                 elements, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (results->len, ==, 3);
          for (guint w = 0; w < 3; w++)
            {
              const IscFdaResult *r = g_ptr_array_index (results, w);
              gsize n_blocks;
              g_autofree guint *counts = brute_force (cloud, with_roi ? &roi : NULL, ks[ki], unit,
                                                      elements[w], &n_blocks);
              g_autoptr(IscFdaResult) ref = isc_fda_from_block_counts (elements[w], counts, n_blocks,
                                                                       ks[ki], ISC_FDA_CHI2_POOL, &error);

              g_assert_no_error (error);
              g_assert_cmpuint (r->n_blocks, ==, n_blocks);
              g_assert_cmpuint (r->n_solute, ==, ref->n_solute);
              assert_observed (r, ref->observed);
              g_assert_cmpfloat_with_epsilon (r->chi2, ref->chi2, 1e-9 * MAX (1, ref->chi2));
              g_assert_cmpuint (r->dof, ==, ref->dof);
            }
          /* The slab: Li's blocks far from binomial. */
          if (ks[ki] == 24)
            g_assert_cmpfloat (((const IscFdaResult *) g_ptr_array_index (results, 0))->p_value, <, 1e-6);
        }
}

/* [0]: the last fraction, [1]: the highest short of the end */
static void
record_progress (double fraction, gpointer data)
{
  double *seen = data;

  g_assert_cmpfloat (fraction, >=, seen[0]);
  seen[0] = fraction;
  if (fraction < 1)
    seen[1] = fraction;
}

/* A sample of centres, spread evenly over the file: their blocks are those of every ranged ion
 * around them, though only the ions near a centre are indexed; the progress climbs through the
 * neighbour search to the end. */
static void
test_sampled (void)
{
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscIonCloud) cloud = mixed_cloud (3000);
  const char *elements[] = { "Li", "O", NULL };
  IscRoi roi;

  g_assert_true (isc_roi_parse ("box:1,0,0,12,11,12", &roi, NULL));
  for (int unit = 0; unit < 2; unit++)
    for (int with_roi = 0; with_roi < 2; with_roi++)
      {
        g_autoptr(GError) error = NULL;
        guint k = unit ? 12 : 30;
        g_autoptr(GPtrArray) results = run_nn_sampled (cloud, ranges, with_roi ? &roi : NULL, k,
                                                       unit ? ISC_FDA_COUNT_IONS : ISC_FDA_COUNT_ATOMS,
                                                       elements, 250, &error);

        g_assert_no_error (error);
        for (guint w = 0; w < 2; w++)
          {
            const IscFdaResult *r = g_ptr_array_index (results, w);
            gsize n_blocks;
            g_autofree guint *counts = brute_force_sampled (cloud, with_roi ? &roi : NULL, k, unit, elements[w],
                                                            250, &n_blocks);
            g_autoptr(IscFdaResult) ref = isc_fda_from_block_counts (elements[w], counts, n_blocks, k,
                                                                     ISC_FDA_CHI2_POOL, &error);

            g_assert_no_error (error);
            g_assert_cmpuint (r->n_blocks, ==, 250);
            g_assert_cmpuint (r->n_solute, ==, ref->n_solute);
            assert_observed (r, ref->observed);
          }
      }
  {
    g_autoptr(GPtrArray) results = NULL;
    g_autoptr(GError) error = NULL;
    IscFdaSettings s;
    double seen[2] = { 0, 0 };

    isc_fda_settings_init (&s);
    s.blocks = ISC_FDA_BLOCKS_NN;
    s.block_size = 10;
    s.max_nn_blocks = 500;
    results = isc_fda_compute (cloud, ranges, NULL, &s, elements, NULL, record_progress, seen, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (seen[0], ==, 1.0);
    g_assert_cmpfloat (seen[1], >=, 0.9);
  }
}

static double
li_fraction_random (double x, double y, double z, gpointer data)
{
  return 0.2;
}

static double
li_fraction_layers (double x, double y, double z, gpointer data)
{
  return fmod (x, 6.0) < 2.0 ? 0.6 : 0.0;
}

/* Overlapping blocks inflate χ², so μ is the measure: near 0 for a random solution, large for
 * Li in layers 2 nm thick (the neighbours of a layer ion are mostly layer ions). */
static double
li_mu (TestLiFunc li)
{
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscIonCloud) cloud = test_cloud_box (20000, 30, li, NULL, 99);
  g_autoptr(GError) error = NULL;
  const char *elements[] = { "Li", NULL };
  g_autoptr(GPtrArray) results = run_nn (cloud, ranges, NULL, 20, ISC_FDA_COUNT_ATOMS, elements, &error);
  const IscFdaResult *r;

  g_assert_no_error (error);
  r = g_ptr_array_index (results, 0);
  g_test_message ("Li: c %.3f, chi2 %.1f (dof %u), p %.3g, mu %.4f", r->fraction, r->chi2, r->dof, r->p_value, r->mu);
  return r->mu;
}

static void
test_random_and_layers (void)
{
  double random = li_mu (li_fraction_random), layers = li_mu (li_fraction_layers);

  g_assert_cmpfloat (random, <, 0.05);
  g_assert_cmpfloat (layers, >, 0.5);
}

static void
test_errors (void)
{
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscIonCloud) cloud = mixed_cloud (200);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  const char *li[] = { "Li", NULL };
  IscRoi roi;

  results = run_nn (cloud, ranges, NULL, 65, ISC_FDA_COUNT_ATOMS, li, &error);
  g_assert_null (results);
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "1 to 64"));
  g_clear_error (&error);

  /* A region with a handful of ions cannot give blocks of 20 neighbours. */
  g_assert_true (isc_roi_parse ("sphere:6,6,6,0.8", &roi, NULL));
  results = run_nn (cloud, ranges, &roi, 20, ISC_FDA_COUNT_ATOMS, li, &error);
  g_assert_null (results);
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "at least 21 ranged ions"));

  g_assert_cmpstr (isc_fda_blocks_to_string (ISC_FDA_BLOCKS_NN), ==, "nn");
  {
    IscFdaBlocks b;

    g_assert_true (isc_fda_blocks_from_string ("nn", &b));
    g_assert_cmpint (b, ==, ISC_FDA_BLOCKS_NN);
    g_assert_false (isc_fda_blocks_from_string ("grid", &b));
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fda-nn/two-phases", test_two_phases);
  g_test_add_func ("/fda-nn/hand-worked", test_hand_worked);
  g_test_add_func ("/fda-nn/brute-force", test_brute_force);
  g_test_add_func ("/fda-nn/sampled", test_sampled);
  g_test_add_func ("/fda-nn/random-and-layers", test_random_and_layers);
  g_test_add_func ("/fda-nn/errors", test_errors);
  return g_test_run ();
}
