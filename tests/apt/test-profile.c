/* test-profile.c: 1D concentration profiles on synthetic clouds with known composition.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "profile.h"
#include "test-util.h"

/* Ion types of the synthetic range set and the mass-to-charge each one is placed at. */
enum { T_LI, T_O, T_NI, T_LIO, T_O2, N_TYPES };
static const char *formulas[N_TYPES] = { "Li", "O", "Ni", "LiO", "O2" };
static const float masses[N_TYPES] = { 7.0f, 16.0f, 58.0f, 23.0f, 32.0f };
#define MQ_UNRANGED 100.0f

static IscRangeSet *
make_ranges (void)
{
  return isc_test_make_ranges (formulas, masses, N_TYPES);
}

static void
range_cloud (IscIonCloud       *cloud,
             const IscRangeSet *set)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isc_range_set_apply (set, cloud, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Uniform in x, y ∈ [−10, 10] and z ∈ [0, 40) with the first ion at z = 0 exactly; Li with
 * probability 0.1 below z = 20 and 0.4 above, otherwise O or Ni. */
static IscIonCloud *
make_step_cloud (gsize n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  IscIonCloud *cloud = isc_ion_cloud_new (n);

  for (gsize i = 0; i < n; i++)
    {
      double z = i == 0 ? 0.0 : g_rand_double_range (rand, 0.0, 39.999);
      double p_li = z < 20.0 ? 0.1 : 0.4;
      double u = g_rand_double (rand);

      cloud->x[i] = g_rand_double_range (rand, -10, 10);
      cloud->y[i] = g_rand_double_range (rand, -10, 10);
      cloud->z[i] = z;
      cloud->mq[i] = u < p_li ? masses[T_LI] : u < p_li + (1 - p_li) / 2 ? masses[T_O] : masses[T_NI];
    }
  return cloud;
}

static void
check_step_bins (const IscProfile *p,
                 gsize             n_ions)
{
  int li = isc_profile_find_element (p, "Li");
  guint64 total = 0;
  guint n_checked = 0;

  g_assert_cmpint (li, >=, 0);
  for (guint b = 0; b < p->n_bins; b++)
    {
      gsize k = (gsize) b * p->n_elements + li;
      double n = p->atoms[b];
      double expected, sigma_expected;
      guint64 sum = 0;

      total += p->atoms[b];
      for (guint e = 0; e < p->n_elements; e++)
        sum += p->counts[(gsize) b * p->n_elements + e];
      g_assert_cmpuint (sum, ==, p->atoms[b]);
      if (n < 100)
        continue;
      /* The reported counting error is sqrt (c (1 − c) / N) of the measured fraction. */
      g_assert_cmpfloat_with_epsilon (p->fraction[k], p->counts[k] / n, 1e-12);
      g_assert_cmpfloat_with_epsilon (p->sigma[k], sqrt (p->fraction[k] * (1 - p->fraction[k]) / n), 1e-12);
      if (p->start[b] < 20.0 && p->end[b] > 20.0)
        continue;  /* a bin straddling the step holds a mixture */
      expected = p->end[b] <= 20.0 ? 0.1 : 0.4;
      sigma_expected = sqrt (expected * (1 - expected) / n);
      if (fabs (p->fraction[k] - expected) > 4 * sigma_expected)
        g_error ("bin %u [%g, %g): Li fraction %g, expected %g ± %g (4σ)",
                 b, p->start[b], p->end[b], p->fraction[k], expected, 4 * sigma_expected);
      n_checked++;
    }
  g_assert_cmpuint (total, ==, n_ions);
  g_assert_cmpuint (n_checked, >=, p->n_bins - 1);
}

static void
test_step_fixed_width (void)
{
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(IscIonCloud) cloud = make_step_cloud (60000);
  g_autoptr(IscProfile) p = NULL;
  g_autoptr(GError) error = NULL;
  IscProfileSettings s;

  range_cloud (cloud, set);
  isc_profile_settings_init (&s);
  s.axis = ISC_PROFILE_AXIS_Z;
  s.binning = ISC_PROFILE_FIXED_WIDTH;
  s.bin_width = 2.0;
  p = isc_profile_compute (cloud, set, NULL, &s, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* floor (0) = 0 to 39.999: 20 bins of 2 nm, the step falls on a bin edge. */
  g_assert_cmpuint (p->n_bins, ==, 20);
  for (guint b = 0; b < p->n_bins; b++)
    {
      g_assert_cmpfloat (p->start[b], ==, 2.0 * b);
      g_assert_cmpfloat (p->end[b], ==, 2.0 * b + 2.0);
    }
  g_assert_cmpuint (p->n_ions, ==, 60000);
  check_step_bins (p, 60000);
}

static void
test_step_roi_axis (void)
{
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(IscIonCloud) cloud = make_step_cloud (60000);
  g_autoptr(IscProfile) p = NULL;
  g_autoptr(IscProfile) pz = NULL;
  IscProfileSettings s;
  IscRoi roi;
  gsize n_in;

  range_cloud (cloud, set);
  /* A cylinder along z from z = −2 to 42: axis coordinate = z + 2, radius 5 keeps ~20 %. */
  g_assert_true (isc_roi_parse ("cylinder:0,0,20,0,0,1,5,44", &roi, NULL));
  n_in = isc_roi_select (&roi, cloud, NULL);
  isc_profile_settings_init (&s);
  s.axis = ISC_PROFILE_AXIS_ROI;
  s.bin_width = 2.0;
  p = isc_profile_compute (cloud, set, &roi, &s, NULL, NULL, NULL, NULL);
  g_assert_nonnull (p);
  g_assert_cmpuint (p->n_ions, ==, n_in);
  /* The smallest coordinate is ~2 (the ion at z = 0 may lie outside the radius): bins start at an
   * integer at or below it, and 2 nm bins from an even start keep the step (at 22) on an edge. */
  g_assert_cmpfloat (p->start[0], ==, floor (p->start[0]));
  g_assert_cmpfloat (p->start[0], <=, 2.0);
  g_assert_cmpfloat (p->start[0], >=, 2.0);
  for (guint b = 0; b < p->n_bins; b++)
    {
      p->start[b] -= 2.0;  /* back to z for the step check */
      p->end[b] -= 2.0;
    }
  check_step_bins (p, n_in);

  /* Same ions, profile along z with the cylinder: identical counts bin by bin. */
  s.axis = ISC_PROFILE_AXIS_Z;
  pz = isc_profile_compute (cloud, set, &roi, &s, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (pz->n_bins, ==, p->n_bins);
  g_assert_cmpmem (pz->counts, pz->n_bins * pz->n_elements * sizeof (guint64),
                   p->counts, p->n_bins * p->n_elements * sizeof (guint64));
}

static void
test_step_fixed_count (void)
{
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(IscIonCloud) cloud = make_step_cloud (60000);
  g_autoptr(IscProfile) p = NULL;
  IscProfileSettings s;

  range_cloud (cloud, set);
  isc_profile_settings_init (&s);
  s.binning = ISC_PROFILE_FIXED_COUNT;
  s.atoms_per_bin = 1600;
  p = isc_profile_compute (cloud, set, NULL, &s, NULL, NULL, NULL, NULL);
  g_assert_nonnull (p);
  /* 60000 = 37 × 1600 + 800: 38 bins, the last one short. */
  g_assert_cmpuint (p->n_bins, ==, 38);
  g_assert_cmpfloat (p->start[0], ==, 0.0);
  for (guint b = 0; b < p->n_bins; b++)
    {
      g_assert_cmpuint (p->atoms[b], ==, b + 1 < p->n_bins ? 1600 : 800);
      g_assert_cmpfloat (p->end[b], >=, p->start[b]);
      if (b > 0)
        g_assert_cmpfloat (p->start[b], ==, p->end[b - 1]);
    }
  g_assert_cmpfloat (p->end[p->n_bins - 1], <, 40.0);
  g_assert_cmpfloat (p->end[p->n_bins - 1], >, 39.9);
  check_step_bins (p, 60000);
}

/* Molecular ions decompose at their position; unranged ions count nowhere, not even for the
 * start of the first bin. Worked by hand. */
static void
test_decomposition (void)
{
  static const struct { float z; int type; } ions[] = {
    { -5.0f, -1 },       /* unranged: ignored, also for floor (min) */
    { 0.5f, T_LI },
    { 0.7f, T_LIO },
    { 1.2f, T_O2 },
    { 1.9f, T_NI },
    { 2.5f, -1 },
    { 3.1f, T_LIO },
  };
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (G_N_ELEMENTS (ions));
  g_autoptr(IscProfile) p = NULL;
  g_autofree char *csv = NULL;
  IscProfileSettings s;
  int li, o, ni;
  /* bins [0,1) [1,2) [2,3) [3,4): Li, O, Ni counts */
  static const guint64 want[4][3] = { { 2, 1, 0 }, { 0, 2, 1 }, { 0, 0, 0 }, { 1, 1, 0 } };

  for (guint i = 0; i < G_N_ELEMENTS (ions); i++)
    {
      cloud->x[i] = cloud->y[i] = 0;
      cloud->z[i] = ions[i].z;
      cloud->mq[i] = ions[i].type < 0 ? MQ_UNRANGED : masses[ions[i].type];
    }
  range_cloud (cloud, set);
  isc_profile_settings_init (&s);
  s.bin_width = 1.0;
  p = isc_profile_compute (cloud, set, NULL, &s, NULL, NULL, NULL, NULL);
  g_assert_nonnull (p);
  g_assert_cmpuint (p->n_bins, ==, 4);
  g_assert_cmpfloat (p->start[0], ==, 0.0);
  li = isc_profile_find_element (p, "Li");
  o = isc_profile_find_element (p, "O");
  ni = isc_profile_find_element (p, "Ni");
  g_assert_cmpint (li, >=, 0);
  g_assert_cmpint (o, >=, 0);
  g_assert_cmpint (ni, >=, 0);
  g_assert_cmpint (isc_profile_find_element (p, "Co"), ==, -1);
  for (guint b = 0; b < 4; b++)
    {
      g_assert_cmpuint (p->counts[b * p->n_elements + li], ==, want[b][0]);
      g_assert_cmpuint (p->counts[b * p->n_elements + o], ==, want[b][1]);
      g_assert_cmpuint (p->counts[b * p->n_elements + ni], ==, want[b][2]);
      g_assert_cmpuint (p->atoms[b], ==, want[b][0] + want[b][1] + want[b][2]);
    }
  /* Bin 0: Li 2/3, sigma = sqrt (2/3 · 1/3 / 3) = sqrt (2/27) = 0.272165527. */
  g_assert_cmpfloat_with_epsilon (p->fraction[li], 2.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (p->sigma[li], sqrt (2.0 / 27.0), 1e-12);
  g_assert_true (isnan (p->fraction[2 * p->n_elements + li]));

  csv = isc_profile_to_csv (p);
  g_assert_true (g_str_has_prefix (csv, "start_nm,end_nm,atoms,Li_count,Li_fraction,Li_sigma,"
                                        "O_count,O_fraction,O_sigma,Ni_count,Ni_fraction,Ni_sigma\n"
                                        "0,1,3,2,0.666666667,0.272165527,1,0.333333333,0.272165527,0,0,0\n"
                                        "1,2,3,0,0,0,2,0.666666667,0.272165527,1,0.333333333,0.272165527\n"
                                        "2,3,0,0,nan,nan,0,nan,nan,0,nan,nan\n"));

  /* A negative start: floor (−1.3) = −2. */
  cloud->z[1] = -1.3f;
  g_clear_pointer (&p, isc_profile_free);
  p = isc_profile_compute (cloud, set, NULL, &s, NULL, NULL, NULL, NULL);
  g_assert_cmpfloat (p->start[0], ==, -2.0);
  g_assert_cmpuint (p->counts[0 * p->n_elements + li], ==, 1);
}

/* ---- Fixed-count bins against a plain reference ------------------------------------------- */

typedef struct
{
  float key;
  guint index;  /* file order, to order equal coordinates */
} RefIon;

static int
compare_ref_ion (const void *a,
                 const void *b)
{
  const RefIon *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* The definition, written out without any cleverness: every ranged ion of the region sorted
 * along the axis (equal coordinates in file order); a bin closes after the ion that brings it
 * to at least @per_bin atoms, and ends where the next ion sits (the last bin at its last ion);
 * the first bin starts at floor () of the first ion. The axis coordinate is computed in float,
 * origin and direction rounded to float, as the profile does. */
static IscProfile *
reference_fixed_count (const IscIonCloud *cloud,
                       const IscRangeSet *set,
                       const IscRoi      *roi,
                       IscProfileAxis     axis_kind,
                       guint64            per_bin)
{
  g_auto(GStrv) elements = isc_range_set_list_elements (set);
  guint n_el = g_strv_length (elements);
  guint n_types = isc_range_set_get_n_ion_types (set);
  g_autofree guint8 *mask = g_new (guint8, cloud->n_ions);
  g_autofree RefIon *ions = g_new (RefIon, cloud->n_ions);
  g_autoptr(GArray) start = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) end = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) atoms = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GArray) counts = g_array_new (TRUE, TRUE, sizeof (guint64));
  guint per_type[256][8] = { { 0 } }, atoms_of[256] = { 0 };
  float o[3], d[3];
  double od[3] = { 0, 0, 0 }, dd[3] = { 0, 0, 0 };
  gsize n = 0;
  guint64 fill = 0;
  IscProfile *p;

  g_assert_cmpuint (n_el, <=, 8);
  for (guint t = 0; t < n_types; t++)
    for (guint e = 0; e < n_el; e++)
      {
        per_type[t][e] = isc_range_set_count_atoms (set, t, elements[e]);
        atoms_of[t] += per_type[t][e];
      }
  if (axis_kind == ISC_PROFILE_AXIS_ROI)
    isc_roi_get_axis (roi, od, dd);
  else
    dd[axis_kind] = 1.0;
  for (int k = 0; k < 3; k++)
    {
      o[k] = od[k];
      d[k] = dd[k];
    }

  isc_roi_select (roi, cloud, mask);
  for (gsize i = 0; i < cloud->n_ions; i++)
    if (mask[i] && cloud->ion_type[i] < n_types && atoms_of[cloud->ion_type[i]] > 0)
      {
        ions[n].key = (cloud->x[i] - o[0]) * d[0] + (cloud->y[i] - o[1]) * d[1] + (cloud->z[i] - o[2]) * d[2];
        ions[n].index = i;
        n++;
      }
  qsort (ions, n, sizeof *ions, compare_ref_ion);

  for (gsize k = 0; k < n; k++)
    {
      guint t = cloud->ion_type[ions[k].index];

      if (fill == 0)
        {
          double s = k == 0 ? floor (ions[0].key) : g_array_index (end, double, end->len - 1);
          guint64 zero = 0;

          g_array_append_val (start, s);
          g_array_append_val (atoms, zero);
          for (guint e = 0; e < n_el; e++)
            g_array_append_val (counts, zero);
        }
      fill += atoms_of[t];
      g_array_index (atoms, guint64, atoms->len - 1) += atoms_of[t];
      for (guint e = 0; e < n_el; e++)
        g_array_index (counts, guint64, (atoms->len - 1) * n_el + e) += per_type[t][e];
      if (fill >= per_bin || k + 1 == n)
        {
          double e = k + 1 < n ? ions[k + 1].key : ions[k].key;

          g_array_append_val (end, e);
          fill = 0;
        }
    }

  p = g_new0 (IscProfile, 1);
  p->n_bins = atoms->len;
  p->n_elements = n_el;
  p->elements = g_steal_pointer (&elements);
  p->start = (double *) g_array_free (g_steal_pointer (&start), FALSE);
  p->end = (double *) g_array_free (g_steal_pointer (&end), FALSE);
  p->atoms = (guint64 *) g_array_free (g_steal_pointer (&atoms), FALSE);
  p->counts = (guint64 *) g_array_free (g_steal_pointer (&counts), FALSE);
  p->n_ions = n;
  return p;
}

static void
assert_same_bins (const IscProfile *got,
                  const IscProfile *want)
{
  g_assert_cmpuint (got->n_ions, ==, want->n_ions);
  g_assert_cmpuint (got->n_bins, ==, want->n_bins);
  g_assert_cmpuint (got->n_elements, ==, want->n_elements);
  for (guint b = 0; b < want->n_bins; b++)
    {
      if (got->start[b] != want->start[b] || got->end[b] != want->end[b] || got->atoms[b] != want->atoms[b])
        g_error ("bin %u of %u: [%.9g, %.9g) with %" G_GUINT64_FORMAT " atoms, expected [%.9g, %.9g) with %"
                 G_GUINT64_FORMAT, b, want->n_bins, got->start[b], got->end[b], got->atoms[b],
                 want->start[b], want->end[b], want->atoms[b]);
      for (guint e = 0; e < want->n_elements; e++)
        g_assert_cmpuint (got->counts[b * want->n_elements + e], ==, want->counts[b * want->n_elements + e]);
    }
}

/* Random clouds with molecular ions, unranged ions and many equal coordinates (positions on a
 * 0.05 nm grid), in random file order: fixed-count bins equal the reference exactly, along every
 * axis, in a region, for bin sizes from 1 atom to more than all of them. */
static void
test_fixed_count_reference (void)
{
  static const guint64 per_bins[] = { 1, 2, 3, 17, 500, 4999, 1000000 };
  g_autoptr(IscRangeSet) set = make_ranges ();
  guint n_compared = 0;

  for (guint seed = 1; seed <= 4; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      gsize n = seed == 4 ? 3000 : 40000;
      g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (n);
      IscRoi roi;

      for (gsize i = 0; i < n; i++)
        {
          int t = g_rand_int_range (rand, -1, N_TYPES);

          cloud->x[i] = g_rand_int_range (rand, -200, 200) * 0.05f;
          cloud->y[i] = g_rand_int_range (rand, -200, 200) * 0.05f;
          cloud->z[i] = g_rand_int_range (rand, 0, 800) * 0.05f;
          if (seed == 3 && i % 10 != 0)
            cloud->z[i] = 7.25f;  /* a clump: most ions at one depth, the rest spread out */
          if (seed == 3 && i == 5)
            cloud->z[i] = 1e4f;   /* and an outlier far away */
          cloud->mq[i] = t < 0 ? MQ_UNRANGED : masses[t];
        }
      range_cloud (cloud, set);
      g_assert_true (isc_roi_parse ("cylinder:1,0,20,0.3,0.2,1,6,30", &roi, NULL));

      for (guint a = 0; a < 4; a++)
        for (guint k = 0; k < G_N_ELEMENTS (per_bins); k++)
          {
            const IscProfileAxis axes[] = { ISC_PROFILE_AXIS_Z, ISC_PROFILE_AXIS_X,
                                            ISC_PROFILE_AXIS_Y, ISC_PROFILE_AXIS_ROI };
            const IscRoi *region = a >= 2 ? &roi : NULL;
            IscRoi all;
            g_autoptr(IscProfile) got = NULL, want = NULL;
            IscProfileSettings s;

            isc_roi_init_all (&all);
            isc_profile_settings_init (&s);
            s.axis = axes[a];
            s.binning = ISC_PROFILE_FIXED_COUNT;
            s.atoms_per_bin = per_bins[k];
            got = isc_profile_compute (cloud, set, region, &s, NULL, NULL, NULL, NULL);
            g_assert_nonnull (got);
            want = reference_fixed_count (cloud, set, region ? region : &all, axes[a], per_bins[k]);
            assert_same_bins (got, want);
            n_compared += want->n_bins;
          }
    }
  g_test_message ("%u bins compared", n_compared);
}

/* Whole-cloud fixed-count profiles along x, y and z do not trust the cloud's stored bounds: the
 * bins are the reference's whatever the bounds say — exact, wider than the ions, stale and
 * narrower, or NaN. */
static void
test_fixed_count_bounds (void)
{
  static const guint64 per_bins[] = { 1, 17, 4999 };
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gsize n = 40000;
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (n);
  IscRoi all;

  for (gsize i = 0; i < n; i++)
    {
      int t = g_rand_int_range (rand, -1, N_TYPES);

      cloud->x[i] = g_rand_int_range (rand, -200, 200) * 0.05f;
      cloud->y[i] = g_rand_int_range (rand, -200, 200) * 0.05f;
      cloud->z[i] = g_rand_int_range (rand, 0, 800) * 0.05f;
      if (i % 3 == 0)
        cloud->z[i] = 11.5f;  /* a clump at one depth */
      cloud->mq[i] = t < 0 ? MQ_UNRANGED : masses[t];
    }
  range_cloud (cloud, set);
  isc_roi_init_all (&all);

  for (guint v = 0; v < 4; v++)
    {
      isc_ion_cloud_update_bounds (cloud);
      for (int d = 0; d < 3; d++)
        if (v == 1)
          {
            cloud->bounds_min[d] -= 100.0f;
            cloud->bounds_max[d] += 3.0f;
          }
        else if (v == 2)
          {
            cloud->bounds_min[d] += 2.0f;
            cloud->bounds_max[d] -= 5.0f;
          }
        else if (v == 3)
          cloud->bounds_max[d] = NAN;
      for (guint a = 0; a < 3; a++)
        for (guint k = 0; k < G_N_ELEMENTS (per_bins); k++)
          {
            const IscProfileAxis axes[] = { ISC_PROFILE_AXIS_X, ISC_PROFILE_AXIS_Y, ISC_PROFILE_AXIS_Z };
            g_autoptr(IscProfile) got = NULL, want = NULL;
            IscProfileSettings s;

            isc_profile_settings_init (&s);
            s.axis = axes[a];
            s.binning = ISC_PROFILE_FIXED_COUNT;
            s.atoms_per_bin = per_bins[k];
            got = isc_profile_compute (cloud, set, NULL, &s, NULL, NULL, NULL, NULL);
            g_assert_nonnull (got);
            want = reference_fixed_count (cloud, set, &all, axes[a], per_bins[k]);
            assert_same_bins (got, want);
          }
    }
}

static void
record_progress (double   fraction,
                 gpointer data)
{
  GArray *values = data;

  g_array_append_val (values, fraction);
}

static void
test_errors_cancel_progress (void)
{
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(IscIonCloud) cloud = make_step_cloud (200000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autoptr(IscProfile) p = NULL;
  IscProfileSettings s;

  isc_profile_settings_init (&s);
  p = isc_profile_compute (cloud, set, NULL, &s, NULL, NULL, NULL, &error);
  g_assert_null (p);
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "not ranged"));
  g_clear_error (&error);

  range_cloud (cloud, set);
  s.bin_width = 0;
  g_assert_null (isc_profile_compute (cloud, set, NULL, &s, NULL, NULL, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_clear_error (&error);
  s.bin_width = 1e-9;
  g_assert_null (isc_profile_compute (cloud, set, NULL, &s, NULL, NULL, NULL, &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_clear_error (&error);

  for (int mode = 0; mode < 2; mode++)
    {
      s.binning = mode == 0 ? ISC_PROFILE_FIXED_WIDTH : ISC_PROFILE_FIXED_COUNT;
      s.bin_width = 1.0;
      s.atoms_per_bin = 1000;
      g_array_set_size (values, 0);
      p = isc_profile_compute (cloud, set, NULL, &s, NULL, record_progress, values, NULL);
      g_assert_nonnull (p);
      g_clear_pointer (&p, isc_profile_free);
      g_assert_cmpuint (values->len, >, 2);
      for (guint i = 1; i < values->len; i++)
        g_assert_cmpfloat (g_array_index (values, double, i), >=, g_array_index (values, double, i - 1));
      g_assert_cmpfloat (g_array_index (values, double, values->len - 1), ==, 1.0);

      g_cancellable_cancel (cancellable);
      g_assert_null (isc_profile_compute (cloud, set, NULL, &s, cancellable, NULL, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      g_cancellable_reset (cancellable);
    }
}

static void
cancel_past_half (double   fraction,
                  gpointer data)
{
  if (fraction > 0.5)
    g_cancellable_cancel (data);
}

/* Fixed-count bins on enough ions for the second thread, cancelled half-way (while the ions
 * are filed on both threads): G_IO_ERROR_CANCELLED, and the same cloud then profiles fine. */
static void
test_fixed_count_cancel_midway (void)
{
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(IscIonCloud) cloud = make_step_cloud (300000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IscProfile) p = NULL;
  IscProfileSettings s;

  range_cloud (cloud, set);
  isc_profile_settings_init (&s);
  s.binning = ISC_PROFILE_FIXED_COUNT;
  s.atoms_per_bin = 1600;
  g_assert_null (isc_profile_compute (cloud, set, NULL, &s, cancellable, cancel_past_half, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_cancellable_reset (cancellable);
  p = isc_profile_compute (cloud, set, NULL, &s, cancellable, NULL, NULL, NULL);
  g_assert_nonnull (p);
  /* 300000 = 187 × 1600 + 800. */
  g_assert_cmpuint (p->n_bins, ==, 188);
  check_step_bins (p, 300000);
}

static void
test_axis_strings (void)
{
  IscProfileAxis axis;

  g_assert_true (isc_profile_axis_from_string ("roi", &axis));
  g_assert_cmpint (axis, ==, ISC_PROFILE_AXIS_ROI);
  g_assert_true (isc_profile_axis_from_string ("X", &axis));
  g_assert_cmpint (axis, ==, ISC_PROFILE_AXIS_X);
  g_assert_false (isc_profile_axis_from_string ("w", &axis));
  g_assert_cmpstr (isc_profile_axis_to_string (ISC_PROFILE_AXIS_Y), ==, "y");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/profile/step-fixed-width", test_step_fixed_width);
  g_test_add_func ("/profile/step-roi-axis", test_step_roi_axis);
  g_test_add_func ("/profile/step-fixed-count", test_step_fixed_count);
  g_test_add_func ("/profile/fixed-count-reference", test_fixed_count_reference);
  g_test_add_func ("/profile/fixed-count-bounds", test_fixed_count_bounds);
  g_test_add_func ("/profile/decomposition", test_decomposition);
  g_test_add_func ("/profile/errors-cancel-progress", test_errors_cancel_progress);
  g_test_add_func ("/profile/fixed-count-cancel-midway", test_fixed_count_cancel_midway);
  g_test_add_func ("/profile/axis-strings", test_axis_strings);
  return g_test_run ();
}
