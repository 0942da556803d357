/* test-spectrum-quant.c: isotope peaks, background fits, decomposition of overlapping peaks,
 * overlap rules of ranges and multiple hits, on spectra and .epos files made here with known
 * amounts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "background.h"
#include "composition.h"
#include "isotopes.h"
#include "multihit.h"
#include "spectrum.h"
#include "test-util.h"

/* ---- isotopes ---- */

static void
assert_peak (GArray *peaks,
             guint   i,
             double  mass,
             double  abundance)
{
  const IscIsotopePeak *p = &g_array_index (peaks, IscIsotopePeak, i);

  g_assert_cmpfloat_with_epsilon (p->mass_da, mass, 5e-4);
  g_assert_cmpfloat_with_epsilon (p->abundance, abundance, 1e-6);
}

static void
test_isotopes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) o2 = isc_isotopes_formula_peaks ("O2", 1, 0.01, 1e-5, &error);
  g_autoptr(GArray) o2_2 = isc_isotopes_formula_peaks ("O2", 2, 0.01, 1e-5, &error);
  g_autoptr(GArray) ni = isc_isotopes_formula_peaks ("Ni", 2, 0.01, 0, &error);
  g_autoptr(GArray) none = NULL;
  double sum = 0;

  g_assert_no_error (error);
  /* By hand: O 15.99491 (99.757 %), 16.99913 (0.038 %), 17.99916 (0.205 %). */
  g_assert_cmpuint (o2->len, ==, 3);
  assert_peak (o2, 0, 31.990, 0.99757 * 0.99757);
  assert_peak (o2, 1, 32.994, 2 * 0.99757 * 0.00038);
  /* ¹⁶O¹⁸O (33.9941) and ¹⁷O¹⁷O (33.9983) lie within 0.01 Da: one peak. */
  assert_peak (o2, 2, 33.994, 2 * 0.99757 * 0.00205 + 0.00038 * 0.00038);
  /* O₂²⁺ lands on O⁺ at 16 and 17 Da, and alone at 16.5 Da. */
  g_assert_cmpuint (o2_2->len, ==, 3);
  assert_peak (o2_2, 0, 15.995, 0.99757 * 0.99757);
  assert_peak (o2_2, 1, 16.497, 2 * 0.99757 * 0.00038);
  assert_peak (o2_2, 2, 16.997, 2 * 0.99757 * 0.00205 + 0.00038 * 0.00038);
  /* ⁶⁴Ni²⁺ at 31.964 Da, inside a 32 Da O₂⁺ window. */
  g_assert_cmpuint (ni->len, ==, 5);
  assert_peak (ni, 0, 28.968, 0.68077);
  assert_peak (ni, 4, 31.964, 0.009255);
  for (guint i = 0; i < ni->len; i++)
    sum += g_array_index (ni, IscIsotopePeak, i).abundance;
  g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-3);

  /* Every element the issue names is in the table, abundances summing to 1. */
  {
    const char *symbols[] = { "H", "Li", "B", "C", "N", "O", "F", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "K",
                              "Ca", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Nb", "Mo",
                              "Zr", "W" };

    for (guint s = 0; s < G_N_ELEMENTS (symbols); s++)
      {
        guint n = 0;
        const IscIsotope *iso = isc_isotopes_lookup (symbols[s], &n);
        double total = 0;

        g_assert_nonnull (iso);
        for (guint k = 0; k < n; k++)
          {
            total += iso[k].abundance;
            /* The mass lies within 0.1 Da of the mass number. */
            g_assert_cmpfloat (fabs (iso[k].mass - iso[k].mass_number), <, 0.1);
          }
        if (fabs (total - 1) > 2e-3)
          g_error ("%s abundances sum to %g", symbols[s], total);
      }
  }

  none = isc_isotopes_formula_peaks ("Xx", 1, 0.01, 0, &error);
  g_assert_null (none);
  g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Xx"));
}

/* ---- synthetic spectra ---- */

static double
gauss (GRand *rand)
{
  double u = g_rand_double (rand), v = g_rand_double (rand);

  return sqrt (-2 * log (1 - u)) * cos (2 * G_PI * v);
}

typedef struct
{
  GArray *mq;   /* float */
} Spectrum;

/* @n ions of @formula at @charge, each at an isotopologue drawn by abundance, with 0.01 Da of
 * peak width. */
static void
add_species (GArray     *mq,
             GRand      *rand,
             const char *formula,
             guint       charge,
             guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) peaks = isc_isotopes_formula_peaks (formula, charge, 0.01, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      double u = g_rand_double (rand), acc = 0;
      guint k = 0;

      for (; k + 1 < peaks->len; k++)
        {
          acc += g_array_index (peaks, IscIsotopePeak, k).abundance;
          if (u < acc)
            break;
        }
      {
        float m = (float) (g_array_index (peaks, IscIsotopePeak, k).mass_da + 0.01 * gauss (rand));

        g_array_append_val (mq, m);
      }
    }
}

/* @n ions with density ∝ a/√m + b over [lo, hi] (inverse CDF by bisection). */
static void
add_background (GArray *mq,
                GRand  *rand,
                double  a,
                double  b,
                double  lo,
                double  hi,
                guint   n)
{
  double c_lo = 2 * a * sqrt (lo) + b * lo, c_hi = 2 * a * sqrt (hi) + b * hi;

  for (guint i = 0; i < n; i++)
    {
      double target = c_lo + g_rand_double (rand) * (c_hi - c_lo), l = lo, h = hi;
      float m;

      for (int it = 0; it < 60; it++)
        {
          double mid = 0.5 * (l + h);

          if (2 * a * sqrt (mid) + b * mid < target)
            l = mid;
          else
            h = mid;
        }
      m = (float) (0.5 * (l + h));
      g_array_append_val (mq, m);
    }
}

static IscIonCloud *
cloud_from (GArray *mq)
{
  IscIonCloud *cloud = isc_ion_cloud_new (mq->len);

  for (guint i = 0; i < mq->len; i++)
    {
      cloud->x[i] = cloud->y[i] = cloud->z[i] = 0;
      cloud->mq[i] = g_array_index (mq, float, i);
    }
  isc_ion_cloud_update_bounds (cloud);
  return cloud;
}

static void
test_background_constant (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  g_autoptr(GArray) mq = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscBackground) bg = NULL;
  g_autoptr(IscRangeSet) set = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GError) error = NULL;
  const IscRangeCount *rc;
  IscMassWindow windows[] = { { 2, 14 }, { 40, 90 } };
  const char *formulas[] = { "Ni" };
  const float masses[] = { 28.968f };
  double sigma_b, var;

  /* 300 background ions per Da over 1–100 Da, and 4000 Ni²⁺ ions (28.97–31.96 Da). */
  add_background (mq, rand, 0, 1, 1, 100, 300 * 99);
  add_species (mq, rand, "Ni", 2, 4000);
  cloud = cloud_from (mq);

  bg = isc_background_fit (cloud, NULL, windows, 2, ISC_BACKGROUND_CONSTANT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (isc_background_model_to_string (bg->model), ==, "constant");
  sigma_b = sqrt (bg->cov[1][1]);
  g_assert_cmpfloat (sigma_b, >, 2.0);   /* √(300·62)/62 ≈ 2.2 counts per Da */
  g_assert_cmpfloat (sigma_b, <, 3.0);
  g_assert_cmpfloat (fabs (bg->b - 300), <, 2 * sigma_b);
  g_assert_cmpfloat (bg->a, ==, 0);

  /* The ⁵⁸Ni²⁺ window of 0.6 Da: 4000 × 68.077 % + 180 background ions. */
  set = isc_test_make_ranges (formulas, masses, 1);
  counts = isc_range_counts_compute (cloud, set, NULL, bg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts->len, ==, 1);
  rc = &g_array_index (counts, IscRangeCount, 0);
  g_assert_cmpstr (rc->name, ==, "Ni");
  g_assert_cmpfloat_with_epsilon (rc->background, bg->b * (rc->high - rc->low), 1e-6);
  isc_background_integral (bg, rc->low, rc->high, &var);
  g_assert_cmpfloat_with_epsilon (rc->sigma, sqrt (rc->raw + var), 1e-9);
  g_assert_cmpfloat (fabs (rc->corrected - 4000 * 0.68077), <, 2 * rc->sigma);
  /* Without background, corrected is raw. */
  {
    g_autoptr(GArray) plain = isc_range_counts_compute (cloud, set, NULL, NULL, NULL, &error);

    g_assert_cmpfloat (g_array_index (plain, IscRangeCount, 0).corrected, ==,
                       (double) g_array_index (plain, IscRangeCount, 0).raw);
    g_assert_cmpfloat (g_array_index (plain, IscRangeCount, 0).raw, >, 4000 * 0.68077 + 100);
  }

  /* Overlapping or inverted windows are refused. */
  {
    IscMassWindow bad[] = { { 2, 14 }, { 10, 20 } };
    IscBackground *none = isc_background_fit (cloud, NULL, bad, 2, ISC_BACKGROUND_CONSTANT, NULL, &error);

    g_assert_null (none);
    g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT);
    g_clear_error (&error);
  }
  {
    g_autoptr(GArray) parsed = isc_mass_windows_parse ("2:14, 20:60", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (parsed->len, ==, 2);
    g_assert_cmpfloat (g_array_index (parsed, IscMassWindow, 1).high, ==, 60);
    g_assert_null (isc_mass_windows_parse ("14:2", &error));
    g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT);
  }
}

static void
test_background_inv_sqrt (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1414);
  g_autoptr(GArray) mq = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscBackground) bg = NULL;
  g_autoptr(IscBackground) flat = NULL;
  g_autoptr(GError) error = NULL;
  IscMassWindow windows[] = { { 2, 12 }, { 20, 45 }, { 55, 95 } };
  const double a = 2000, b = 50;
  double c_lo = 2 * a + b, c_hi = 2 * a * 10 + b * 100, var, integral, truth;

  add_background (mq, rand, a, b, 1, 100, (guint) (c_hi - c_lo));
  cloud = cloud_from (mq);
  bg = isc_background_fit (cloud, NULL, windows, 3, ISC_BACKGROUND_INV_SQRT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (isc_background_model_to_string (bg->model), ==, "a/sqrt(m)+b");
  g_assert_cmpfloat (fabs (bg->a - a), <, 2 * sqrt (bg->cov[0][0]));
  g_assert_cmpfloat (fabs (bg->b - b), <, 2 * sqrt (bg->cov[1][1]));
  /* Under a peak window between the background windows: the expected count within its error. */
  integral = isc_background_integral (bg, 49.5, 50.5, &var);
  truth = 2 * a * (sqrt (50.5) - sqrt (49.5)) + b;
  g_assert_cmpfloat (fabs (integral - truth), <, 2 * sqrt (var));
  g_assert_cmpfloat (isc_background_density (bg, 25), >, isc_background_density (bg, 81));

  /* A constant fitted to the same data misses the 50 Da level by far more than its error. */
  flat = isc_background_fit (cloud, NULL, windows, 3, ISC_BACKGROUND_CONSTANT, NULL, &error);
  integral = isc_background_integral (flat, 49.5, 50.5, &var);
  g_assert_cmpfloat (fabs (integral - truth), >, 5 * sqrt (var));

  /* One narrow window cannot tell a/√m from b. */
  {
    IscMassWindow one[] = { { 40, 40.001 } };
    IscBackground *none = isc_background_fit (cloud, NULL, one, 1, ISC_BACKGROUND_INV_SQRT, NULL, &error);

    g_assert_null (none);
    g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT);
  }
}

/* The spectrum view fits on its histogram: the same level as on the ions, within the error. */
static void
test_background_histogram (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GArray) mq = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscSpectrum) spectrum = NULL;
  g_autoptr(IscBackground) on_ions = NULL;
  g_autoptr(IscBackground) on_bins = NULL;
  g_autoptr(GError) error = NULL;
  IscMassWindow windows[] = { { 2, 12 }, { 20, 45 }, { 55, 95 } };

  add_background (mq, rand, 1000, 40, 1, 100, 30000);
  cloud = cloud_from (mq);
  spectrum = isc_spectrum_compute (cloud, NULL, NULL, 0.05, 0, 0, NULL, &error);
  g_assert_no_error (error);
  for (guint model = ISC_BACKGROUND_CONSTANT; model <= ISC_BACKGROUND_INV_SQRT; model++)
    {
      double v1, v2, i1, i2;

      g_clear_pointer (&on_ions, isc_background_free);
      g_clear_pointer (&on_bins, isc_background_free);
      on_ions = isc_background_fit (cloud, NULL, windows, 3, model, NULL, &error);
      g_assert_no_error (error);
      on_bins = isc_background_fit_histogram (spectrum->counts, spectrum->n_bins, spectrum->start,
                                              spectrum->bin_width, windows, 3, model, &error);
      g_assert_no_error (error);
      i1 = isc_background_integral (on_ions, 49, 51, &v1);
      i2 = isc_background_integral (on_bins, 49, 51, &v2);
      g_assert_cmpfloat (fabs (i1 - i2), <, 0.2 * sqrt (v1));
    }
  {
    IscMassWindow thin[] = { { 2.01, 2.02 } };

    g_assert_null (isc_background_fit_histogram (spectrum->counts, spectrum->n_bins, spectrum->start,
                                                 spectrum->bin_width, thin, 1, ISC_BACKGROUND_CONSTANT, &error));
    g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT);
  }
}

static void
test_candidates (void)
{
  const char *elements[] = { "Li", "O", "Ni", "Co", "Mn", "Xx", NULL };
  g_autoptr(GArray) at_29_5 = isc_isotopes_candidates (29.5, 0.05, elements, 3, 3);
  g_autoptr(GArray) at_16 = isc_isotopes_candidates (16.0, 0.02, elements, 3, 3);
  gboolean co = FALSE, o = FALSE, o2 = FALSE;

  /* ⁵⁹Co²⁺ at 29.467 Da is the answer at 29.5 Da. */
  g_assert_cmpuint (at_29_5->len, >, 0);
  for (guint i = 0; i < at_29_5->len; i++)
    {
      const IscIonCandidate *c = &g_array_index (at_29_5, IscIonCandidate, i);

      g_assert_cmpfloat (fabs (c->mass_da - 29.5), <=, 0.05);
      co |= g_str_equal (c->formula, "Co") && c->charge == 2;
    }
  g_assert_true (co);
  for (guint i = 0; i < at_16->len; i++)
    {
      const IscIonCandidate *c = &g_array_index (at_16, IscIonCandidate, i);

      o |= g_str_equal (c->formula, "O") && c->charge == 1;
      o2 |= g_str_equal (c->formula, "O2") && c->charge == 2;
      if (i > 0)
        g_assert_cmpfloat (fabs (c->mass_da - 16.0), >=,
                           fabs (g_array_index (at_16, IscIonCandidate, i - 1).mass_da - 16.0));
    }
  g_assert_true (o);
  g_assert_true (o2);
}

/* ---- overlap rules ---- */

static IscRangeSet *
load_rrng (const char *text,
           GError    **error)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "quant.rrng", NULL);

  isc_test_write_file (path, text, strlen (text));
  return isc_range_set_load (path, error);
}

static void
test_overlap_rules (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscRangeSet) set = NULL;
  IscRangeSet *bad;

  /* O⁺ and O₂²⁺ share the 16 Da peak: the overlap is kept. */
  set = load_rrng ("[Ranges]\nNumber=2\nRange1=15.9 16.1 O:1\nRange2=15.95 16.05 O:2\n", &error);
  g_assert_no_error (error);
  g_assert_true (set->has_overlaps);
  g_assert_cmpuint (isc_range_set_get_n_ranges (set), ==, 2);
  /* Plain counting: the inner window holds its ions, the outer one the rest. */
  g_assert_cmpstr (isc_range_set_get_ion_type (set, isc_range_set_lookup (set, 16.0f))->name, ==, "O2");
  g_assert_cmpstr (isc_range_set_get_ion_type (set, isc_range_set_lookup (set, 16.07f))->name, ==, "O");
  g_assert_cmpstr (isc_range_set_get_ion_type (set, isc_range_set_lookup (set, 15.92f))->name, ==, "O");
  g_assert_cmpint (isc_range_set_lookup (set, 16.2f), ==, ISC_ION_UNRANGED);
  {
    g_autoptr(IscRangeSet) copy = isc_range_set_copy (set);

    g_assert_true (copy->has_overlaps);
  }
  /* The spectrum labels bins the same way, and ranging a cloud agrees with the lookup. */
  {
    static const float m[] = { 15.92f, 16.0f, 16.07f, 16.07f, 16.07f, 16.2f };
    g_autoptr(GArray) mq = g_array_new (FALSE, FALSE, sizeof (float));
    g_autoptr(IscIonCloud) cloud = NULL;
    g_autoptr(IscSpectrum) spectrum = NULL;
    gsize k;

    g_array_append_vals (mq, m, G_N_ELEMENTS (m));
    cloud = cloud_from (mq);
    spectrum = isc_spectrum_compute (cloud, set, NULL, 0.02, 15, 17, NULL, &error);
    g_assert_no_error (error);
    k = (gsize) floor ((16.07 - spectrum->start) / spectrum->bin_width);
    g_assert_cmpstr (isc_range_set_get_ion_type (set, spectrum->ion_type[k])->name, ==, "O");
    k = (gsize) floor ((16.0 - spectrum->start) / spectrum->bin_width);
    g_assert_cmpstr (isc_range_set_get_ion_type (set, spectrum->ion_type[k])->name, ==, "O2");
    /* A bin of 15.96–16.08 Da: its centre lies in the O2 window, but three of its four ions
     * (16.07 Da) are O's. */
    g_clear_pointer (&spectrum, isc_spectrum_free);
    spectrum = isc_spectrum_compute (cloud, set, NULL, 0.12, 15, 17, NULL, &error);
    g_assert_no_error (error);
    k = (gsize) floor ((16.07 - spectrum->start) / spectrum->bin_width);
    g_assert_cmpuint (spectrum->counts[k], ==, 4);
    g_assert_cmpstr (isc_range_set_get_ion_type (set, spectrum->ion_type[k])->name, ==, "O");
    g_assert_true (isc_range_set_apply (set, cloud, NULL, NULL, NULL, &error));
    for (guint i = 0; i < G_N_ELEMENTS (m); i++)
      g_assert_cmpint (cloud->ion_type[i], ==, isc_range_set_lookup (set, m[i]));
    g_assert_cmpint (cloud->ion_type[3], !=, ISC_ION_UNRANGED);
  }

  /* A typo (Li over Co at 7 Da) shares no peak: refused, naming both windows. */
  bad = load_rrng ("[Ranges]\nNumber=2\nRange1=6.9 7.2 Li:1\nRange2=7.1 7.3 Co:1\n", &error);
  g_assert_null (bad);
  g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "6.9–7.2 Da (Li)"));
  g_assert_nonnull (strstr (error->message, "7.1–7.3 Da (Co)"));
  g_assert_nonnull (strstr (error->message, "overlaps"));
  g_clear_error (&error);

  /* Overlap next to, but not over, a shared peak: still refused. */
  bad = load_rrng ("[Ranges]\nNumber=2\nRange1=15.9 16.1 O:1\nRange2=16.05 16.3 O:2\n", &error);
  g_assert_null (bad);
  g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID);
}

/* ---- decomposition ---- */

static const char *o_o2_rrng =
  "[Ranges]\nNumber=6\n"
  "Range1=15.9 16.1 O:1\nRange2=16.9 17.1 O:1\nRange3=17.9 18.1 O:1\n"
  "Range4=15.95 16.05 O:2\nRange5=16.45 16.55 O:2\nRange6=16.95 17.05 O:2\n";

static double
in_range_fraction (const char *formula,
                   guint       charge,
                   const IscRangeSet *set)
{
  g_autoptr(GArray) peaks = isc_isotopes_formula_peaks (formula, charge, 0, 0, NULL);
  double f = 0;

  for (guint i = 0; i < peaks->len; i++)
    {
      double m = g_array_index (peaks, IscIsotopePeak, i).mass_da;

      for (guint r = 0; r < isc_range_set_get_n_ranges (set); r++)
        if (m >= isc_range_set_get_range (set, r)->low && m <= isc_range_set_get_range (set, r)->high)
          {
            f += g_array_index (peaks, IscIsotopePeak, i).abundance;
            break;
          }
    }
  return f;
}

static void
test_decompose_o_o2 (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (16);
  g_autoptr(GArray) mq = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) set = NULL;
  g_autoptr(IscBackground) bg = NULL;
  g_autoptr(IscComposition) comp = NULL;
  g_autoptr(IscComposition) plain = NULL;
  g_autoptr(GError) error = NULL;
  IscMassWindow windows[] = { { 2, 14 }, { 19, 40 } };
  const guint n_o = 400000, n_o2 = 200000;
  double truth_o, truth_o2, truth_atoms_o;
  int io, io2, eo;

  add_species (mq, rand, "O", 1, n_o);
  add_species (mq, rand, "O2", 2, n_o2);
  add_background (mq, rand, 0, 1, 1, 40, 39 * 50);
  cloud = cloud_from (mq);
  set = load_rrng (o_o2_rrng, &error);
  g_assert_no_error (error);
  bg = isc_background_fit (cloud, NULL, windows, 2, ISC_BACKGROUND_CONSTANT, NULL, &error);
  g_assert_no_error (error);

  comp = isc_composition_compute_decomposed (cloud, set, NULL, bg, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (comp->decomposed);
  g_assert_cmpstr (comp->background_model, ==, "constant");
  io = g_str_equal (comp->ion_names[0], "O") ? 0 : 1;
  io2 = 1 - io;
  g_assert_cmpstr (comp->ion_names[io2], ==, "O2");
  /* Ions of each species the ranged windows hold, on average. */
  truth_o = n_o * in_range_fraction ("O", 1, set);
  truth_o2 = n_o2 * in_range_fraction ("O2", 2, set);
  g_assert_cmpfloat (truth_o, >, 0.9999 * n_o);
  g_test_message ("O: %.0f ± %.0f (truth %.0f); O2: %.0f ± %.0f (truth %.0f)",
                  comp->ion_estimates[io], comp->ion_sigmas[io], truth_o,
                  comp->ion_estimates[io2], comp->ion_sigmas[io2], truth_o2);
  g_assert_cmpfloat (comp->ion_sigmas[io], >, 0);
  g_assert_cmpfloat (comp->ion_sigmas[io2], >, 0);
  g_assert_cmpfloat (fabs (comp->ion_estimates[io] - truth_o), <, 2 * comp->ion_sigmas[io]);
  g_assert_cmpfloat (fabs (comp->ion_estimates[io2] - truth_o2), <, 2 * comp->ion_sigmas[io2]);
  /* The split is informative: each σ below 10 % of its count. */
  g_assert_cmpfloat (comp->ion_sigmas[io2], <, 0.1 * truth_o2);
  /* Atoms: O⁺ gives one O, O₂²⁺ two. */
  eo = isc_composition_find_element (comp, "O");
  g_assert_cmpint (eo, ==, 0);
  truth_atoms_o = comp->ion_estimates[io] + 2 * comp->ion_estimates[io2];
  g_assert_cmpfloat_with_epsilon (comp->atom_estimates[eo], truth_atoms_o, 1e-6 * truth_atoms_o);
  g_assert_cmpuint (comp->ions_total, ==, cloud->n_ions);

  /* The default stays window counting: every ion once, the overlap to the inner window. */
  plain = isc_composition_compute (cloud, set, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (plain->decomposed);
  g_assert_null (plain->ion_estimates);
  g_assert_cmpuint (plain->ions_ranged, ==, comp->ions_ranged);
  /* Most 16 Da ions lie inside the O2 window, so counting gives O2 far too many. */
  g_assert_cmpfloat (plain->ion_counts[io2], >, 2 * truth_o2);

  /* The text output states the method. */
  {
    g_autofree char *text = isc_composition_to_text (comp, NULL, ',');

    g_assert_nonnull (strstr (text, "Counts,\"decomposed by isotope abundances, background constant\"\n"));
  }
}

/* ⁶⁴Ni²⁺ inside the O₂⁺ window at 32 Da: without decomposition it counts as O₂. */
static void
test_decompose_ni_in_o2 (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (64);
  g_autoptr(GArray) mq = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) set = NULL;
  g_autoptr(IscComposition) comp = NULL;
  g_autoptr(GError) error = NULL;
  const guint n_ni = 300000, n_o2 = 20000;

  add_species (mq, rand, "Ni", 2, n_ni);
  add_species (mq, rand, "O2", 1, n_o2);
  cloud = cloud_from (mq);
  set = load_rrng ("[Ranges]\nNumber=6\n"
                   "Range1=28.9 29.05 Ni:1\nRange2=29.9 30.05 Ni:1\nRange3=30.9 31.05 Ni:1\n"
                   "Range4=31.9 32.05 Ni:1\nRange5=31.93 32.05 O:2\nRange6=33.9 34.1 O:2\n", &error);
  g_assert_no_error (error);
  g_assert_true (set->has_overlaps);
  comp = isc_composition_compute_decomposed (cloud, set, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint t = 0; t < comp->n_ion_types; t++)
    {
      double truth = g_str_equal (comp->ion_names[t], "Ni") ? n_ni * in_range_fraction ("Ni", 2, set)
                                                           : n_o2 * in_range_fraction ("O2", 1, set);

      g_test_message ("%s: %.0f ± %.0f (truth %.0f)", comp->ion_names[t], comp->ion_estimates[t],
                      comp->ion_sigmas[t], truth);
      g_assert_cmpfloat (fabs (comp->ion_estimates[t] - truth), <, 2 * comp->ion_sigmas[t]);
    }
}

/* Overlapping species with no peak of their own to tell them apart cannot be separated. */
static void
test_decompose_unresolvable (void)
{
  g_autoptr(GArray) mq = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(GRand) rand = g_rand_new_with_seed (2);
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) set = NULL;
  g_autoptr(GError) error = NULL;
  IscComposition *comp;

  add_species (mq, rand, "O", 1, 1000);
  cloud = cloud_from (mq);
  set = load_rrng ("[Ranges]\nNumber=2\nRange1=15.9 16.1 O:1\nRange2=15.95 16.05 O:2\n", &error);
  g_assert_no_error (error);
  comp = isc_composition_compute_decomposed (cloud, set, NULL, NULL, NULL, &error);
  g_assert_null (comp);
  g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "O2"));
}

/* ---- multiple hits ---- */

static void
put32 (GByteArray *a,
       guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (a, b, 4);
}

static void
putf (GByteArray *a,
      float       f)
{
  guint32 u;

  memcpy (&u, &f, 4);
  put32 (a, u);
}

/* Events of 1, 2, 1, 3 and 1 ions; m/n 10, 20, 30, …; detector x = i mm, y = −i mm. */
static char *
write_epos (const char *dir)
{
  static const guint sizes[] = { 1, 2, 1, 3, 1 };
  g_autoptr(GByteArray) a = g_byte_array_new ();
  char *path = g_build_filename (dir, "hits.epos", NULL);
  guint ion = 0;

  for (guint e = 0; e < G_N_ELEMENTS (sizes); e++)
    for (guint k = 0; k < sizes[e]; k++, ion++)
      {
        putf (a, 0); putf (a, 0); putf (a, (float) ion);
        putf (a, 10.0f * (ion + 1));          /* m/n */
        putf (a, 100); putf (a, 5); putf (a, 0);
        putf (a, (float) ion); putf (a, -(float) ion);   /* detector x, y mm */
        put32 (a, k == 0 ? 3 : 0);           /* pulses since the last event */
        put32 (a, k == 0 ? sizes[e] : 0);    /* ions per pulse */
      }
  isc_test_write_file (path, a->data, a->len);
  return path;
}

static void
test_multihit (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = write_epos (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
  g_autoptr(IscHistogram2D) corr = NULL;
  g_autoptr(IscHistogram2D) map = NULL;
  IscMultihitStats s;
  guint64 total = 0;

  g_assert_no_error (error);
  g_assert_true (isc_multihit_stats (cloud, &s, &error));
  g_assert_cmpuint (s.events, ==, 5);
  g_assert_cmpuint (s.ions, ==, 8);
  g_assert_cmpuint (s.events_by_multiplicity[1], ==, 3);
  g_assert_cmpuint (s.events_by_multiplicity[2], ==, 1);
  g_assert_cmpuint (s.events_by_multiplicity[3], ==, 1);
  g_assert_cmpuint (s.ions_by_multiplicity[3], ==, 3);
  g_assert_cmpuint (s.pairs, ==, 1 + 3);
  g_assert_cmpfloat_with_epsilon (s.multiple_fraction, 5.0 / 8, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.mean_multiplicity, 8.0 / 5, 1e-12);

  /* Pairs (20, 30) and (50, 60), (50, 70), (60, 70) on 10 Da bins over 0–100 Da. */
  corr = isc_multihit_correlation (cloud, 0, 100, 10, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < 100; k++)
    total += corr->bins[k];
  g_assert_cmpuint (total, ==, 4);
  g_assert_cmpuint (corr->bins[3 * 10 + 2], ==, 1);   /* y = 30, x = 20 */
  g_assert_cmpuint (corr->bins[7 * 10 + 5], ==, 1);
  g_assert_cmpuint (corr->bins[7 * 10 + 6], ==, 1);
  g_assert_cmpuint (corr->bins[6 * 10 + 5], ==, 1);

  map = isc_detector_map (cloud, NULL, 0, 16, &error);
  g_assert_no_error (error);
  total = 0;
  for (guint k = 0; k < 16 * 16; k++)
    total += map->bins[k];
  g_assert_cmpuint (total, ==, 8);
  g_assert_cmpfloat (map->hi, >, 7);

  /* Dissociation track of O₂²⁺ → O⁺ + O⁺: from (16, 16) to (16, 16) is a point; of NiO²⁺
   * (74 Da, 37 Da per charge) → Ni⁺ + O⁺: from (37, 37) to (16, 58). Halfway (α = ½) by hand:
   * O: 16 / (2·½·16/74 + ½) = 22.34 Da, Ni: 58 / (2·½·58/74 + ½) = 45.18 Da. */
  {
    double x[3], y[3];

    g_assert_true (isc_multihit_dissociation_track (74, 2, 16, 1, 3, x, y));
    g_assert_cmpfloat_with_epsilon (x[0], 37, 1e-9);
    g_assert_cmpfloat_with_epsilon (y[0], 37, 1e-9);
    g_assert_cmpfloat_with_epsilon (x[1], 16 / (16.0 / 74 + 0.5), 1e-9);
    g_assert_cmpfloat_with_epsilon (x[1], 22.34, 0.01);
    g_assert_cmpfloat_with_epsilon (y[1], 45.18, 0.01);
    g_assert_cmpfloat_with_epsilon (x[2], 16, 1e-9);
    g_assert_cmpfloat_with_epsilon (y[2], 58, 1e-9);
    /* A daughter carrying all the charge leaves a neutral, which no detector sees. */
    g_assert_false (isc_multihit_dissociation_track (23, 1, 7, 1, 3, x, y));
  }

  /* A multiplicity that runs past the data is an error, not a crash. */
  cloud->multiplicity[7] = 4;
  g_assert_false (isc_multihit_stats (cloud, &s, &error));
  g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID);
  g_clear_error (&error);
  /* .pos data has no multiplicity. */
  g_clear_pointer (&cloud->multiplicity, g_free);
  g_assert_false (isc_multihit_stats (cloud, &s, &error));
  g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/quant/isotopes", test_isotopes);
  g_test_add_func ("/quant/background/constant", test_background_constant);
  g_test_add_func ("/quant/background/inv-sqrt", test_background_inv_sqrt);
  g_test_add_func ("/quant/background/histogram", test_background_histogram);
  g_test_add_func ("/quant/candidates", test_candidates);
  g_test_add_func ("/quant/overlap-rules", test_overlap_rules);
  g_test_add_func ("/quant/decompose/o-o2", test_decompose_o_o2);
  g_test_add_func ("/quant/decompose/ni-in-o2", test_decompose_ni_in_o2);
  g_test_add_func ("/quant/decompose/unresolvable", test_decompose_unresolvable);
  g_test_add_func ("/quant/multihit", test_multihit);
  return g_test_run ();
}
