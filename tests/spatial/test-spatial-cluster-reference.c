/* test-spatial-cluster-reference.c: the cluster analysis against a brute-force reference
 * written from the definitions in cluster.h (every pair of ions compared, nothing shared with
 * the model's code but the region test), on a small cloud with planted clusters.
 *
 * The few thousand ranged ions are scattered among some 200 000 unranged ones, so the passes
 * run over several chunks and workers while the reference stays O(ranged²).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "cluster.h"
#include "spatial-test-data.h"

#define N_IONS       (3 * 65536 + 1234)
#define N_BACKGROUND 3000
#define N_PLANTED    5
#define PER_PLANT    28
#define PLANT_RADIUS 0.6
#define PER_SHELL    24    /* oxygen ions around each, PLANT_RADIUS … SHELL_RADIUS from its centre */
#define SHELL_RADIUS 1.1
#define TIP          0.55

/* Where the bridge ions lie between the two tips (0, 1: the tips themselves). */
static const double bridge[] = { 0, 1, 0.33, 0.4, 0.45, 0.55, 0.6, 0.67 };
#define BOX          7.0
#define D_MAX        0.45
#define N_MIN        5

/* The first two 1.8 nm apart, with oxygen ions between them within L of both, so the nearest
 * must be chosen. */
static const double plants[N_PLANTED][3] = {
  { 1.8, 1.8, 1.8 }, { 3.6, 1.8, 1.8 }, { 5.2, 5.0, 2.0 }, { 2.0, 5.0, 5.0 }, { 5.0, 3.0, 5.2 },
};

/* Elements of the test ranges, and atoms of each per ion type (Li, O, Ni, NiO, LiO). */
enum { E_LI, E_O, E_NI, N_EL };
static const char *const el_names[N_EL] = { "Li", "O", "Ni" };
static const guint type_atoms[N_TEST_TYPES][N_EL] = {
  { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 }, { 0, 1, 1 }, { 1, 1, 0 },
};

static gboolean
is_solute (guint8 t)
{
  return t == T_LI || t == T_LIO;
}

static guint
atoms_of (guint8 t)
{
  return type_atoms[t][E_LI] + type_atoms[t][E_O] + type_atoms[t][E_NI];
}

static gsize
free_slot (TestRng *rng, const guint8 *used)
{
  gsize i;

  do
    i = (gsize) (test_uniform (rng) * N_IONS);
  while (used[i]);
  return i;
}

static guint8
background_type (TestRng *rng)
{
  double u = test_uniform (rng);

  return u < 0.06 ? T_LI : u < 0.11 ? T_LIO : u < 0.71 ? T_O : u < 0.91 ? T_NI : T_NIO;
}

static IscIonCloud *
planted_cloud (void)
{
  IscIonCloud *cloud = test_cloud_new (N_IONS);
  g_autofree guint8 *used = g_new0 (guint8, N_IONS);
  TestRng rng = { 17 };

  /* Unranged ions everywhere: ignored whatever their position. */
  for (gsize i = 0; i < N_IONS; i++)
    {
      cloud->x[i] = BOX * test_uniform (&rng);
      cloud->y[i] = BOX * test_uniform (&rng);
      cloud->z[i] = BOX * test_uniform (&rng);
      cloud->ion_type[i] = 255;
    }
  for (gsize k = 0; k < N_BACKGROUND; k++)
    {
      gsize i = free_slot (&rng, used);

      used[i] = 1;
      cloud->ion_type[i] = background_type (&rng);
    }
  for (gsize p = 0; p < N_PLANTED; p++)
    for (gsize k = 0; k < PER_PLANT + PER_SHELL; k++)
      {
        gsize i = free_slot (&rng, used);
        gboolean core = k < PER_PLANT;
        double v[3], r2;

        do
          {
            for (int a = 0; a < 3; a++)
              v[a] = SHELL_RADIUS * (2 * test_uniform (&rng) - 1);
            r2 = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
          }
        while (core ? r2 > PLANT_RADIUS * PLANT_RADIUS
                    : r2 > SHELL_RADIUS * SHELL_RADIUS || r2 < PLANT_RADIUS * PLANT_RADIUS);
        used[i] = 1;
        cloud->x[i] = plants[p][0] + v[0];
        cloud->y[i] = plants[p][1] + v[1];
        cloud->z[i] = plants[p][2] + v[2];
        cloud->ion_type[i] = !core ? T_O : test_uniform (&rng) < 0.7 ? T_LI : T_LIO;
      }
  /* A Li tip on each of the first two, facing the other (0.7 nm apart, too far to link), and
   * oxygen ions on the line between the tips, within L = 0.5 of both: the first three nearer
   * the first cluster, the other three the second. */
  for (gsize k = 0; k < G_N_ELEMENTS (bridge); k++)
    {
      gsize i = free_slot (&rng, used);
      double tip0 = plants[0][0] + TIP, tip1 = plants[1][0] - TIP;

      used[i] = 1;
      cloud->x[i] = tip0 + bridge[k] * (tip1 - tip0);
      cloud->y[i] = plants[0][1] + 0.03 * (k % 3);
      cloud->z[i] = plants[0][2] - 0.02 * (k % 2);
      cloud->ion_type[i] = bridge[k] == 0 || bridge[k] == 1 ? T_LI : T_O;
    }
  test_cloud_finish (cloud);
  return cloud;
}

static double
dist2 (const IscIonCloud *c, gsize i, gsize j)
{
  double dx = (double) c->x[i] - c->x[j], dy = (double) c->y[i] - c->y[j], dz = (double) c->z[i] - c->z[j];

  return dx * dx + dy * dy + dz * dz;
}

typedef struct
{
  guint64 ions, atoms, solute_ions, counts[N_EL];
  double  centre[3], rg;
} RefCluster;

typedef struct
{
  gint32     *label;            /* per ion: cluster, or −1 */
  guint       n_clusters;
  RefCluster *clusters;
  guint64     matrix_ions, matrix_atoms, matrix_counts[N_EL], solute_ions;
  gsize       contested;        /* envelope ions with more than one cluster within L … */
  gsize       nearest_not_low;  /* … whose nearest is not the lowest-numbered of them */
  gsize       nearest_not_high; /* … nor the highest */
  gsize       eroded, kept;     /* envelope ions erosion removed and kept */
} Reference;

static void
reference_clear (Reference *ref)
{
  g_free (ref->label);
  g_free (ref->clusters);
}

/* Linked sets of solutes (pairs ≤ d_max, by flood fill), those of N_min or more numbered in
 * file order of their first ion: ref->label of their solutes. */
static void
reference_link (Reference *ref, const IscIonCloud *cloud, const guint8 *in, double d_max, guint n_min)
{
  g_autofree gint32 *comp = g_new (gint32, N_IONS);
  g_autofree gsize *size = g_new0 (gsize, N_IONS);
  g_autofree gint32 *number = g_new (gint32, N_IONS);
  g_autoptr(GArray) solutes = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (gsize));
  gint32 n_comp = 0;

  for (gsize i = 0; i < N_IONS; i++)
    {
      comp[i] = -1;
      number[i] = -1;
      ref->label[i] = -1;
      if (in[i] && is_solute (cloud->ion_type[i]))
        g_array_append_val (solutes, i);
    }
  ref->solute_ions = solutes->len;
  for (guint s = 0; s < solutes->len; s++)
    {
      gsize seed = g_array_index (solutes, gsize, s);

      if (comp[seed] >= 0)
        continue;
      comp[seed] = n_comp;
      g_array_append_val (stack, seed);
      while (stack->len > 0)
        {
          gsize i = g_array_index (stack, gsize, stack->len - 1);

          g_array_set_size (stack, stack->len - 1);
          size[n_comp]++;
          for (guint t = 0; t < solutes->len; t++)
            {
              gsize j = g_array_index (solutes, gsize, t);

              if (comp[j] < 0 && dist2 (cloud, i, j) <= d_max * d_max)
                {
                  comp[j] = n_comp;
                  g_array_append_val (stack, j);
                }
            }
        }
      n_comp++;
    }
  for (guint s = 0; s < solutes->len; s++)
    {
      gsize i = g_array_index (solutes, gsize, s);

      if (size[comp[i]] < n_min)
        continue;
      if (number[comp[i]] < 0)
        number[comp[i]] = (gint32) ref->n_clusters++;
      ref->label[i] = number[comp[i]];
    }
}

/* Every other ranged ion of the region within L of a cluster's solute joins the cluster of
 * the nearest one; @added flags them. */
static void
reference_envelope (Reference *ref, const IscIonCloud *cloud, const guint8 *in, double envelope, guint8 *added)
{
  g_autoptr(GArray) core = g_array_new (FALSE, FALSE, sizeof (gsize));

  for (gsize i = 0; i < N_IONS; i++)
    if (ref->label[i] >= 0)
      g_array_append_val (core, i);
  for (gsize i = 0; i < N_IONS; i++)
    {
      double best = INFINITY;
      gint32 nearest = -1, low = G_MAXINT32, high = -1;

      if (!in[i] || ref->label[i] >= 0)
        continue;
      for (guint k = 0; k < core->len; k++)
        {
          gsize j = g_array_index (core, gsize, k);
          double d = dist2 (cloud, i, j);

          if (d > envelope * envelope)
            continue;
          low = MIN (low, ref->label[j]);
          high = MAX (high, ref->label[j]);
          if (d < best)
            {
              best = d;
              nearest = ref->label[j];
            }
        }
      if (nearest < 0)
        continue;
      added[i] = 1;
      if (low != high)
        {
          ref->contested++;
          ref->nearest_not_low += nearest != low;
          ref->nearest_not_high += nearest != high;
        }
      /* Set after the loop over all ions would be the same: core labels never change here. */
      ref->label[i] = nearest;
    }
}

/* An added ion leaves when an ion outside every cluster (ranged, in the region, neither core
 * nor added) lies within E. */
static void
reference_erosion (Reference *ref, const IscIonCloud *cloud, const guint8 *in, double erosion, const guint8 *added)
{
  g_autofree guint8 *leaves = g_new0 (guint8, N_IONS);

  for (gsize i = 0; i < N_IONS; i++)
    {
      if (!added[i])
        continue;
      for (gsize j = 0; j < N_IONS && !leaves[i]; j++)
        leaves[i] = in[j] && ref->label[j] < 0 && dist2 (cloud, i, j) <= erosion * erosion;
    }
  for (gsize i = 0; i < N_IONS; i++)
    if (added[i])
      {
        ref->eroded += leaves[i];
        ref->kept += !leaves[i];
        if (leaves[i])
          ref->label[i] = -1;
      }
}

static void
reference_statistics (Reference *ref, const IscIonCloud *cloud, const guint8 *in)
{
  ref->clusters = g_new0 (RefCluster, MAX (ref->n_clusters, 1));
  for (guint c = 0; c < ref->n_clusters; c++)
    {
      RefCluster *cl = &ref->clusters[c];
      double all[3] = { 0 }, sol[3] = { 0 }, var = 0;

      for (gsize i = 0; i < N_IONS; i++)
        if (ref->label[i] == (gint32) c)
          {
            guint8 t = cloud->ion_type[i];
            double p[3] = { cloud->x[i], cloud->y[i], cloud->z[i] };

            cl->ions++;
            cl->atoms += atoms_of (t);
            for (int e = 0; e < N_EL; e++)
              cl->counts[e] += type_atoms[t][e];
            for (int a = 0; a < 3; a++)
              all[a] += p[a];
            if (is_solute (t))
              {
                cl->solute_ions++;
                for (int a = 0; a < 3; a++)
                  sol[a] += p[a];
              }
          }
      for (int a = 0; a < 3; a++)
        {
          cl->centre[a] = all[a] / cl->ions;
          sol[a] /= cl->solute_ions;
        }
      /* The radius of gyration of the solute ions about their own centre, in two passes. */
      for (gsize i = 0; i < N_IONS; i++)
        if (ref->label[i] == (gint32) c && is_solute (cloud->ion_type[i]))
          {
            double p[3] = { cloud->x[i], cloud->y[i], cloud->z[i] };

            for (int a = 0; a < 3; a++)
              var += (p[a] - sol[a]) * (p[a] - sol[a]);
          }
      cl->rg = sqrt (var / cl->solute_ions);
    }
  for (gsize i = 0; i < N_IONS; i++)
    if (in[i] && ref->label[i] < 0)
      {
        guint8 t = cloud->ion_type[i];

        ref->matrix_ions++;
        ref->matrix_atoms += atoms_of (t);
        for (int e = 0; e < N_EL; e++)
          ref->matrix_counts[e] += type_atoms[t][e];
      }
}

static void
reference_compute (Reference *ref, const IscIonCloud *cloud, const IscRoi *roi, const IscClusterSettings *s)
{
  g_autofree guint8 *in = g_new0 (guint8, N_IONS);
  g_autofree guint8 *added = g_new0 (guint8, N_IONS);

  memset (ref, 0, sizeof *ref);
  ref->label = g_new (gint32, N_IONS);
  if (roi != NULL)
    isc_roi_select (roi, cloud, in);
  else
    memset (in, 1, N_IONS);
  for (gsize i = 0; i < N_IONS; i++)
    in[i] = in[i] && cloud->ion_type[i] < N_TEST_TYPES;
  reference_link (ref, cloud, in, s->d_max, s->n_min);
  if (s->envelope > 0)
    reference_envelope (ref, cloud, in, s->envelope, added);
  if (s->envelope > 0 && s->erosion > 0)
    reference_erosion (ref, cloud, in, s->erosion, added);
  reference_statistics (ref, cloud, in);
}

static int
element_index (const IscClusterResult *r, int e)
{
  for (guint k = 0; k < r->n_elements; k++)
    if (g_str_equal (r->elements[k], el_names[e]))
      return (int) k;
  g_assert_not_reached ();
}

static void
assert_same (const IscClusterResult *r, const Reference *ref, const IscIonCloud *cloud)
{
  gsize m = 0;

  g_assert_cmpuint (r->n_clusters, ==, ref->n_clusters);
  g_assert_cmpuint (r->solute_ions, ==, ref->solute_ions);
  /* Every member, in ascending order, with its cluster; and the label of every ion. */
  for (gsize i = 0; i < N_IONS; i++)
    {
      g_assert_cmpint (isc_cluster_result_label (r, i), ==, ref->label[i]);
      if (ref->label[i] < 0)
        continue;
      g_assert_cmpuint (m, <, r->n_members);
      g_assert_cmpuint (r->member_ions[m], ==, i);
      g_assert_cmpuint (r->member_cluster[m], ==, ref->label[i]);
      m++;
    }
  g_assert_cmpuint (r->n_members, ==, m);
  for (guint c = 0; c < r->n_clusters; c++)
    {
      const IscCluster *cl = &r->clusters[c];
      const RefCluster *rc = &ref->clusters[c];

      g_assert_cmpuint (cl->id, ==, c);
      g_assert_cmpuint (cl->ions, ==, rc->ions);
      g_assert_cmpuint (cl->atoms, ==, rc->atoms);
      g_assert_cmpuint (cl->solute_ions, ==, rc->solute_ions);
      g_assert_cmpuint (cl->solute_atoms, ==, rc->counts[E_LI]);
      for (int e = 0; e < N_EL; e++)
        g_assert_cmpuint (cl->counts[element_index (r, e)], ==, rc->counts[e]);
      for (int a = 0; a < 3; a++)
        g_assert_cmpfloat_with_epsilon (cl->centre[a], rc->centre[a], 1e-9);
      g_assert_cmpfloat_with_epsilon (cl->rg, rc->rg, 1e-6);
      g_assert_cmpfloat_with_epsilon (cl->guinier, sqrt (5.0 / 3.0) * rc->rg, 1e-6);
    }
  g_assert_cmpuint (r->matrix_ions, ==, ref->matrix_ions);
  g_assert_cmpuint (r->matrix_atoms, ==, ref->matrix_atoms);
  for (int e = 0; e < N_EL; e++)
    g_assert_cmpuint (r->matrix_counts[element_index (r, e)], ==, ref->matrix_counts[e]);
}

static void
check_case (const IscIonCloud *cloud, const IscRoi *roi, double envelope, double erosion)
{
  g_autoptr(IscRangeSet) ranges = test_ranges ();
  const char *solutes[] = { "Li", NULL };
  IscClusterSettings s;
  Reference ref;

  isc_cluster_settings_init (&s);
  s.solutes = solutes;
  s.d_max = D_MAX;
  s.n_min = N_MIN;
  s.envelope = envelope;
  s.erosion = erosion;
  reference_compute (&ref, cloud, roi, &s);
  g_test_message ("%s, L %.2f, E %.2f: %u clusters, %" G_GSIZE_FORMAT " contested envelope ions (%"
                  G_GSIZE_FORMAT " not nearest to the lowest, %" G_GSIZE_FORMAT " to the highest), %"
                  G_GSIZE_FORMAT " eroded, %" G_GSIZE_FORMAT " kept", roi ? "sphere" : "all", envelope, erosion,
                  ref.n_clusters, ref.contested, ref.nearest_not_low, ref.nearest_not_high, ref.eroded, ref.kept);
  /* The cloud must put every step to the test: a skipped erosion or an envelope that takes
   * any cluster within L, not the nearest, would differ from the reference. */
  g_assert_cmpuint (ref.n_clusters, >=, roi ? 2 : N_PLANTED);
  if (envelope > 0)
    {
      g_assert_cmpuint (ref.nearest_not_low, >, 0);
      g_assert_cmpuint (ref.nearest_not_high, >, 0);
    }
  if (erosion > 0)
    {
      g_assert_cmpuint (ref.eroded, >, 0);
      g_assert_cmpuint (ref.kept, >, 0);
    }
  for (guint workers = 1; workers <= 3; workers += 2)
    {
      g_autoptr(IscClusterResult) r = NULL;
      g_autoptr(GError) error = NULL;

      s.n_workers = workers;
      r = isc_cluster_compute (cloud, ranges, roi, &s, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      assert_same (r, &ref, cloud);
    }
  reference_clear (&ref);
}

static void
test_reference_whole (void)
{
  g_autoptr(IscIonCloud) cloud = planted_cloud ();

  check_case (cloud, NULL, 0.5, 0.3);
  check_case (cloud, NULL, 0.5, 0);
  check_case (cloud, NULL, 0, 0);
}

static void
test_reference_region (void)
{
  g_autoptr(IscIonCloud) cloud = planted_cloud ();
  g_autoptr(GError) error = NULL;
  /* Through the first two clusters, cutting the third and fourth. */
  double centre[3] = { 3.0, 2.5, 2.5 };
  IscRoi roi;

  g_assert_true (isc_roi_set_sphere (&roi, centre, 2.6, &error));
  g_assert_no_error (error);
  check_case (cloud, &roi, 0.5, 0.3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cluster/reference/whole", test_reference_whole);
  g_test_add_func ("/cluster/reference/region", test_reference_region);
  return g_test_run ();
}
