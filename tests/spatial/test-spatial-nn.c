/* test-spatial-nn.c: nearest-neighbour distributions measured on a subsample of queries, where
 * only the targets near a query are indexed, against brute force over every pair; and the
 * random relabelling drawn per ion.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "neighbours.h"
#include "roi.h"
#include "spatial-test-data.h"

#define BOX 24.0

/* Li in one sphere in a corner of the box (80 %), none in the matrix: the average density
 * sizes the search, so a lone Li ion far from it needs the wider rounds. */
static double
li_one_sphere (double x, double y, double z, gpointer data)
{
  double d2 = (x - 6) * (x - 6) + (y - 6) * (y - 6) + (z - 6) * (z - 6);

  return d2 < 1.5 * 1.5 ? 0.8 : 0.0;
}

/* The sphere cloud; ion 0 is a lone Li ion in the far corner (the first query of any
 * subsample), and some ions of the sphere are LiO, which counts as Li and O both. */
static IscIonCloud *
lone_ion_cloud (void)
{
  IscIonCloud *cloud = test_cloud_box ((gsize) (BOX * BOX * BOX * 20), BOX, li_one_sphere, NULL, 7);

  cloud->x[0] = cloud->y[0] = cloud->z[0] = 23.5f;
  cloud->ion_type[0] = T_LI;
  for (gsize i = 1; i < cloud->n_ions; i += 7)
    if (li_one_sphere (cloud->x[i], cloud->y[i], cloud->z[i], NULL) > 0)
      cloud->ion_type[i] = T_LIO;
  isc_ion_cloud_update_bounds (cloud);
  return cloud;
}

static gboolean
holds (guint type, const char *element)
{
  return type == T_LIO ? TRUE : strcmp (test_formulas[type], element) == 0;
}

static int
compare_float (const void *a, const void *b)
{
  float x = *(const float *) a, y = *(const float *) b;

  return x < y ? -1 : x > y;
}

/* The k-th nearest distances (float, as the analysis keeps them) of the subsampled queries to
 * every target, by brute force: for each k, sorted. Returns n_queries. */
static gsize
brute_force (const IscIonCloud *cloud,
             const IscRoi      *roi,
             const char        *from,
             const char        *to,
             gsize              max_queries,
             guint              k_max,
             float            **out)
{
  g_autofree guint8 *in = g_new (guint8, cloud->n_ions);
  g_autoptr(GArray) a = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) b = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree guint32 *q = NULL;
  gsize n_q;
  float *dist;

  if (roi != NULL)
    isc_roi_select (roi, cloud, in);
  else
    memset (in, 1, cloud->n_ions);
  for (guint32 i = 0; i < cloud->n_ions; i++)
    {
      if (in[i] && holds (cloud->ion_type[i], from))
        g_array_append_val (a, i);
      if (in[i] && holds (cloud->ion_type[i], to))
        g_array_append_val (b, i);
    }
  /* the documented subsample: every (n / max)-th "from" ion, evenly over the file */
  n_q = MIN (a->len, max_queries);
  q = g_new (guint32, n_q);
  for (gsize m = 0; m < n_q; m++)
    q[m] = g_array_index (a, guint32, (gsize) (m * ((double) a->len / max_queries)));
  dist = g_new (float, n_q * k_max);
  for (gsize m = 0; m < n_q; m++)
    {
      g_autofree double *d = g_new (double, b->len);
      guint n = 0;

      for (guint j = 0; j < b->len; j++)
        {
          guint32 t = g_array_index (b, guint32, j);
          double dx = (double) cloud->x[t] - cloud->x[q[m]];
          double dy = (double) cloud->y[t] - cloud->y[q[m]];
          double dz = (double) cloud->z[t] - cloud->z[q[m]];

          if (t != q[m])
            d[n++] = dx * dx + dy * dy + dz * dz;
        }
      /* the k smallest, by a partial selection */
      for (guint k = 0; k < k_max; k++)
        {
          guint best = k;

          for (guint j = k + 1; j < n; j++)
            if (d[j] < d[best])
              best = j;
          if (k < n)
            {
              double t = d[k];

              d[k] = d[best];
              d[best] = t;
            }
          dist[k * n_q + m] = k < n ? (float) sqrt (d[k]) : INFINITY;
        }
    }
  for (guint k = 0; k < k_max; k++)
    qsort (dist + k * n_q, n_q, sizeof (float), compare_float);
  *out = dist;
  return n_q;
}

static void
check_measured (const IscIonCloud *cloud,
                const IscRoi      *roi,
                const char        *from,
                const char        *to,
                gsize              max_queries,
                guint              k_max,
                guint              n_workers)
{
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(IscNnResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *ref = NULL;
  IscNnSettings settings;
  gsize n_q;

  isc_nn_settings_init (&settings);
  settings.k_max = k_max;
  settings.max_queries = max_queries;
  settings.n_workers = n_workers;
  r = isc_nn_compute (cloud, ranges, roi, from, to, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  n_q = brute_force (cloud, roi, from, to != NULL ? to : from, max_queries, k_max, &ref);
  g_assert_cmpuint (n_q, <, r->n_from);   /* a subsample: the near-target search */
  for (guint k = 0; k < k_max; k++)
    {
      g_autofree guint64 *hist = g_new0 (guint64, r->n_bins);
      double sum = 0;
      gsize n = 0;

      for (gsize i = 0; i < n_q && isfinite (ref[k * n_q + i]); i++, n++)
        {
          sum += ref[k * n_q + i];
          hist[MIN ((guint) (ref[k * n_q + i] / r->bin), r->n_bins - 1)]++;
        }
      /* the same distances summed in the same order: equal to the last bit */
      g_assert_cmpfloat (r->mean[k], ==, sum / n);
      ISC_TEST_SAME_ARRAY (r->hist + (gsize) k * r->n_bins, hist, r->n_bins);
      if (k == 0)
        g_assert_cmpuint (r->n_queries, ==, n);
    }
}

/* The lone ion's neighbours lie beyond the first radius: it is asked again farther out, and
 * every distance equals brute force's, for one element and two, in a region and on several
 * workers. */
static void
test_nn_subsample_exact (void)
{
  g_autoptr(IscIonCloud) cloud = lone_ion_cloud ();
  IscRoi box;
  double lo[3] = { 2, 2, 2 }, hi[3] = { 24, 24, 24 };

  g_assert_true (isc_roi_set_box (&box, lo, hi, NULL));
  check_measured (cloud, NULL, "Li", NULL, 150, 1, 1);
  check_measured (cloud, NULL, "Li", NULL, 150, 3, 3);
  check_measured (cloud, NULL, "Li", "O", 200, 2, 2);
  check_measured (cloud, &box, "Li", NULL, 100, 4, 3);
}

static double
li_uniform (double x, double y, double z, gpointer data)
{
  return 0.3;
}

static IscNnResult *
nn_run (const IscIonCloud *cloud, const char *to, gsize max_queries, guint64 seed, guint n_workers)
{
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  g_autoptr(GError) error = NULL;
  IscNnSettings settings;
  IscNnResult *r;

  isc_nn_settings_init (&settings);
  settings.k_max = 2;
  settings.max_queries = max_queries;
  settings.seed = seed;
  settings.n_workers = n_workers;
  r = isc_nn_compute (cloud, ranges, NULL, "Li", to, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return r;
}

static guint64
total (const guint64 *hist, guint n)
{
  guint64 t = 0;

  for (guint i = 0; i < n; i++)
    t += hist[i];
  return t;
}

/* Each ion draws its random label from the seed and its index: the same labels on any number
 * of workers, at most max_queries random queries, the composition kept, and for a random
 * solution the measured and relabelled distributions agree. */
static void
test_nn_relabel (void)
{
  g_autoptr(IscIonCloud) cloud = test_cloud_box (60000, 14, li_uniform, NULL, 99);
  g_autoptr(IscNnResult) one = nn_run (cloud, NULL, 2000, 7, 1);
  g_autoptr(IscNnResult) three = nn_run (cloud, NULL, 2000, 7, 3);
  g_autoptr(IscNnResult) other = nn_run (cloud, NULL, 2000, 8, 3);
  g_autoptr(IscNnResult) every = nn_run (cloud, NULL, 0, 7, 3);
  g_autoptr(IscNnResult) to_o = nn_run (cloud, "O", 0, 7, 2);
  double theory;
  guint64 n_random;

  ISC_TEST_SAME_ARRAY (one->random_mean, three->random_mean, 2);
  g_assert_cmpuint (one->n_bins, ==, three->n_bins);
  ISC_TEST_SAME_ARRAY (one->random_hist, three->random_hist, 2 * one->n_bins);
  g_assert_cmpfloat (one->random_mean[0], !=, other->random_mean[0]);

  /* at most 2000 queries, and about as many (the draws below the measured fraction) */
  n_random = total (one->random_hist, one->n_bins);
  g_assert_cmpuint (n_random, <=, 2000);
  g_assert_cmpuint (n_random, >=, 1850);
  /* every Li ion queried: the relabelled Li ions are about as many as the Li ions (binomial,
   * σ ≈ 100 of 18 000) */
  n_random = total (every->random_hist, every->n_bins);
  g_assert_cmpfloat (fabs ((double) n_random - every->n_from), <, 500);

  /* A random solution: relabelled like measured, and both like a Poisson process, whose mean
   * 1st-neighbour distance is Γ(4/3) (4π ρ / 3)^(−1/3). */
  theory = tgamma (4.0 / 3.0) * pow (4 * G_PI * (every->n_from / (14.0 * 14 * 14)) / 3, -1.0 / 3);
  for (guint k = 0; k < 2; k++)
    {
      g_assert_cmpfloat_with_epsilon (one->mean[k] / one->random_mean[k], 1.0, 0.03);
      g_assert_cmpfloat_with_epsilon (every->mean[k] / every->random_mean[k], 1.0, 0.01);
      g_assert_cmpfloat_with_epsilon (to_o->mean[k] / to_o->random_mean[k], 1.0, 0.01);
    }
  /* the box's faces lengthen the mean a little */
  g_assert_cmpfloat (every->random_mean[0] / theory, >, 0.99);
  g_assert_cmpfloat (every->random_mean[0] / theory, <, 1.06);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/spatial/nn/subsample-exact", test_nn_subsample_exact);
  g_test_add_func ("/spatial/nn/relabel", test_nn_relabel);
  return g_test_run ();
}
