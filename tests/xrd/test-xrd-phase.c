/* test-xrd-phase.c: reflection conditions and positions worked by hand, lattice refinement,
 * zero-shift correction on the LaB6 standard, RIR fractions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "test-util.h"
#include "xrd-fit.h"
#include "xrd-phase.h"

static gboolean
has_reflection (GArray *r,
                int     h,
                int     k,
                int     l)
{
  for (guint i = 0; i < r->len; i++)
    {
      IscXrdReflection *x = &g_array_index (r, IscXrdReflection, i);

      if (x->h == h && x->k == k && x->l == l)
        return TRUE;
    }
  return FALSE;
}

static void
test_conditions (void)
{
  /* R-3m: −h+k+l = 3n. */
  g_assert_true (isc_xrd_reflection_allowed (ISC_XRD_SG_R3M, 0, 0, 3));
  g_assert_false (isc_xrd_reflection_allowed (ISC_XRD_SG_R3M, 0, 0, 1));
  g_assert_true (isc_xrd_reflection_allowed (ISC_XRD_SG_R3M, 1, 0, 4));
  g_assert_false (isc_xrd_reflection_allowed (ISC_XRD_SG_R3M, 1, 0, 2));
  g_assert_true (isc_xrd_reflection_allowed (ISC_XRD_SG_R3M, 0, 1, 2));
  g_assert_true (isc_xrd_reflection_allowed (ISC_XRD_SG_R3M, 1, 1, 0));
  /* Fm-3m: unmixed. */
  g_assert_true (isc_xrd_reflection_allowed (ISC_XRD_SG_FM3M, 1, 1, 1));
  g_assert_true (isc_xrd_reflection_allowed (ISC_XRD_SG_FM3M, 2, 0, 0));
  g_assert_false (isc_xrd_reflection_allowed (ISC_XRD_SG_FM3M, 1, 0, 0));
  g_assert_false (isc_xrd_reflection_allowed (ISC_XRD_SG_FM3M, 2, 1, 0));
  /* Fd-3m: F, and 0kl with k + l = 4n. */
  g_assert_true (isc_xrd_reflection_allowed (ISC_XRD_SG_FD3M, 2, 2, 0));
  g_assert_true (isc_xrd_reflection_allowed (ISC_XRD_SG_FD3M, 4, 0, 0));
  g_assert_true (isc_xrd_reflection_allowed (ISC_XRD_SG_FD3M, 2, 2, 2));
  g_assert_false (isc_xrd_reflection_allowed (ISC_XRD_SG_FD3M, 2, 0, 0));
  g_assert_false (isc_xrd_reflection_allowed (ISC_XRD_SG_FD3M, 4, 2, 0));
  /* P-3m1 and Pm-3m: none. */
  g_assert_true (isc_xrd_reflection_allowed (ISC_XRD_SG_P3M1, 0, 0, 1));
  g_assert_true (isc_xrd_reflection_allowed (ISC_XRD_SG_PM3M, 1, 0, 0));
  g_assert_false (isc_xrd_reflection_allowed (ISC_XRD_SG_PM3M, 0, 0, 0));
}

/* Layered NCM622, a = 2.868, c = 14.22 Å at 1.5406 Å:
 * d(003) = c/3 = 4.74 Å, sin θ = 1.5406 / 9.48 = 0.162511, 2θ = 18.7053°;
 * d(104): 1/d² = 4/3 · 1/2.868² + 16/14.22² = 0.162098 + 0.079126 = 0.241224, d = 2.03605 Å, 2θ = 44.4606°. */
static void
test_layered_positions (void)
{
  const IscXrdPhase *layered = isc_xrd_builtin_phase ("layered");
  g_autoptr(GArray) r = isc_xrd_phase_reflections (layered, 1.5406, 10, 70);
  IscXrdReflection *first = &g_array_index (r, IscXrdReflection, 0);
  const int expected[10][3] = { { 0, 0, 3 }, { 1, 0, 1 }, { 0, 0, 6 }, { 0, 1, 2 }, { 1, 0, 4 },
                                { 0, 1, 5 }, { 0, 0, 9 }, { 1, 0, 7 }, { 0, 1, 8 }, { 1, 1, 0 } };

  g_assert_cmpint (first->h, ==, 0);
  g_assert_cmpint (first->k, ==, 0);
  g_assert_cmpint (first->l, ==, 3);
  g_assert_cmpfloat_with_epsilon (first->d, 14.22 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (first->two_theta, 18.7053, 1e-4);
  g_assert_cmpfloat_with_epsilon (isc_xrd_phase_d (layered, 1, 0, 4), 2.03605, 1e-5);
  /* The textbook LiMO2 sequence up to (110), in order. */
  for (guint i = 0; i < 10; i++)
    {
      IscXrdReflection *x = &g_array_index (r, IscXrdReflection, i);

      g_assert_cmpint (x->h, ==, expected[i][0]);
      g_assert_cmpint (x->k, ==, expected[i][1]);
      g_assert_cmpint (x->l, ==, expected[i][2]);
    }
  g_assert_cmpfloat_with_epsilon (g_array_index (r, IscXrdReflection, 4).two_theta, 44.4606, 1e-4);
  g_assert_false (has_reflection (r, 1, 0, 2));
  g_assert_false (has_reflection (r, 0, 0, 1));
  g_assert_false (has_reflection (r, 1, 0, 0));
}

/* NiO, a = 4.1771 Å: d(200) = a/2 = 2.08855 Å → 43.2858°; 100, 110, 210 absent. */
static void
test_rocksalt_positions (void)
{
  g_autoptr(GArray) r = isc_xrd_phase_reflections (isc_xrd_builtin_phase ("rocksalt"), 1.5406, 10, 80);

  g_assert_true (has_reflection (r, 1, 1, 1));
  g_assert_true (has_reflection (r, 2, 0, 0));
  g_assert_true (has_reflection (r, 2, 2, 0));
  g_assert_true (has_reflection (r, 3, 1, 1));
  g_assert_true (has_reflection (r, 2, 2, 2));
  g_assert_false (has_reflection (r, 1, 0, 0));
  g_assert_false (has_reflection (r, 1, 1, 0));
  g_assert_false (has_reflection (r, 2, 1, 0));
  g_assert_cmpuint (r->len, ==, 5);
  g_assert_cmpfloat_with_epsilon (g_array_index (r, IscXrdReflection, 1).two_theta, 43.2858, 1e-4);
  g_assert_cmpuint (g_array_index (r, IscXrdReflection, 1).multiplicity, ==, 6);
  g_assert_cmpuint (g_array_index (r, IscXrdReflection, 0).multiplicity, ==, 8);
}

/* Spinel: 111 220 311 222 400 331 422 511(+333) 440; 200 and 420 absent. */
static void
test_spinel_positions (void)
{
  g_autoptr(GArray) r = isc_xrd_phase_reflections (isc_xrd_builtin_phase ("spinel"), 1.5406, 10, 66);
  const int expected[9][3] = { { 1, 1, 1 }, { 2, 2, 0 }, { 3, 1, 1 }, { 2, 2, 2 }, { 4, 0, 0 },
                               { 3, 3, 1 }, { 4, 2, 2 }, { 5, 1, 1 }, { 4, 4, 0 } };

  g_assert_cmpuint (r->len, ==, 9);
  for (guint i = 0; i < 9; i++)
    {
      IscXrdReflection *x = &g_array_index (r, IscXrdReflection, i);

      g_assert_cmpint (x->h, ==, expected[i][0]);
      g_assert_cmpint (x->k, ==, expected[i][1]);
      g_assert_cmpint (x->l, ==, expected[i][2]);
    }
  /* 511 and 333 share d = a/√27: one entry, 24 + 8 reflections. */
  g_assert_cmpuint (g_array_index (r, IscXrdReflection, 7).multiplicity, ==, 32);
}

/* Every built-in phase gives reflections, including tetragonal LiOH and monoclinic Li2CO3. */
static void
test_builtins (void)
{
  guint n;
  const IscXrdPhase *phases = isc_xrd_builtin_phases (&n);

  g_assert_cmpuint (n, >=, 6);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GArray) r = isc_xrd_phase_reflections (&phases[i], 1.5406, 10, 80);

      g_assert_cmpuint (r->len, >, 2);
      g_test_message ("%s: first %d%d%d at %.3f°", phases[i].id, g_array_index (r, IscXrdReflection, 0).h,
                      g_array_index (r, IscXrdReflection, 0).k, g_array_index (r, IscXrdReflection, 0).l,
                      g_array_index (r, IscXrdReflection, 0).two_theta);
    }
  /* Ni(OH)2 (001): d = c = 4.605 Å, sin θ = 1.5406/9.21 = 0.167275 → 2θ = 19.2585°. */
  g_assert_cmpfloat_with_epsilon (isc_xrd_two_theta_from_d (isc_xrd_phase_d (isc_xrd_builtin_phase ("hydroxide"), 0, 0, 1), 1.5406),
                                  19.2585, 1e-3);
  g_assert_false (isc_xrd_reflection_allowed (ISC_XRD_SG_P4NMM, 1, 0, 0));
  g_assert_true (isc_xrd_reflection_allowed (ISC_XRD_SG_P4NMM, 1, 1, 0));
  g_assert_false (isc_xrd_reflection_allowed (ISC_XRD_SG_C2C, 1, 0, 0));
  g_assert_false (isc_xrd_reflection_allowed (ISC_XRD_SG_C2C, 2, 0, 1));
  g_assert_true (isc_xrd_reflection_allowed (ISC_XRD_SG_C2C, 1, 1, 0));
}

/* Positions computed from a = 2.87, c = 14.20 Å come back as those parameters. */
static void
test_refine_exact (void)
{
  g_autoptr(IscXrdPhase) truth = isc_xrd_phase_new ("x", NULL, ISC_XRD_SG_R3M, 2.87, 0, 14.20, 90);
  g_autoptr(IscXrdPhase) start = isc_xrd_phase_new ("x", NULL, ISC_XRD_SG_R3M, 2.80, 0, 14.0, 90);
  g_autoptr(IscXrdPhase) refined = NULL;
  const int hkl[5][3] = { { 0, 0, 3 }, { 1, 0, 1 }, { 1, 0, 4 }, { 0, 1, 8 }, { 1, 1, 0 } };
  IscXrdAssignedPeak peaks[5];
  double sa, sc;

  for (guint i = 0; i < 5; i++)
    {
      peaks[i] = (IscXrdAssignedPeak) { hkl[i][0], hkl[i][1], hkl[i][2],
        isc_xrd_two_theta_from_d (isc_xrd_phase_d (truth, hkl[i][0], hkl[i][1], hkl[i][2]), 1.5406) + 0.03, 0.002 };
    }
  /* With the +0.03° zero shift removed, exact. */
  g_assert_true (isc_xrd_refine_lattice (start, peaks, 5, 1.5406, 0.03, &refined, &sa, &sc, NULL));
  g_assert_cmpfloat_with_epsilon (refined->a, 2.87, 1e-8);
  g_assert_cmpfloat_with_epsilon (refined->c, 14.20, 1e-7);
  /* Exact data: the error is that of the stated σ(2θ) = 0.002°, not of the scatter. */
  g_assert_cmpfloat (sa, >, 0);
  g_assert_cmpfloat (sa, <, 2e-4);
  g_clear_pointer (&refined, isc_xrd_phase_free);
  /* Cubic needs one reflection; hexagonal two independent ones. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (isc_xrd_refine_lattice (start, peaks, 1, 1.5406, 0, &refined, &sa, &sc, &error));
    g_assert_error (error, ISC_XRD_ERROR, ISC_ERROR_ARGUMENT);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (isc_xrd_refine_lattice (isc_xrd_builtin_phase ("li2co3"), peaks, 5, 1.5406, 0, &refined, &sa, &sc, &error));
    g_assert_error (error, ISC_XRD_ERROR, ISC_ERROR_UNSUPPORTED);
  }
}

/* Si standard measured with a +0.05° zero error: the shift comes back. */
static void
test_zero_shift_synthetic (void)
{
  const IscXrdPhase *si = isc_xrd_builtin_phase ("si");
  const int hkl[4][3] = { { 1, 1, 1 }, { 2, 2, 0 }, { 3, 1, 1 }, { 4, 0, 0 } };
  IscXrdAssignedPeak peaks[4];
  double zero, sigma;

  for (guint i = 0; i < 4; i++)
    peaks[i] = (IscXrdAssignedPeak) { hkl[i][0], hkl[i][1], hkl[i][2],
      isc_xrd_two_theta_from_d (isc_xrd_phase_d (si, hkl[i][0], hkl[i][1], hkl[i][2]), 1.5406) + 0.05, 0.002 };
  g_assert_true (isc_xrd_zero_shift (si, peaks, 4, 1.5406, &zero, &sigma, NULL));
  g_assert_cmpfloat_with_epsilon (zero, 0.05, 1e-9);
  g_assert_cmpfloat (sigma, <, 1e-6);
}

/* The LaB6 line-position standard (GSAS-II tutorial file): the eight fitted lines index as
 * LaB6; the zero shift from four of them, applied to the other four, gives a within 0.0005 Å of
 * the certified 4.156826 Å (NIST SRM 660c). */
static void
test_lab6_standard (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("xrd/gsas2_tutorials/LaB6_Jan2018.raw");
  const IscXrdPhase *lab6 = isc_xrd_builtin_phase ("lab6");
  const double near[8] = { 21.3685, 30.3936, 37.4487, 43.5144, 48.9659, 53.9985, 63.2313, 67.5592 };
  g_autoptr(IscXrdSeries) s = NULL;
  g_autoptr(GArray) reflections = NULL;
  g_autoptr(IscXrdPhase) refined = NULL;
  IscXrdAssignedPeak standard[4], sample[4];
  double fitted[8], zero, zero_sigma, sa, sc;
  int assignment[8];
  IscXrdPattern *p;

  if (path == NULL)
    return;
  s = isc_xrd_load (path, ISC_XRD_FORMAT_AUTO, NULL);
  p = isc_xrd_series_get (s, 0);
  reflections = isc_xrd_phase_reflections (lab6, p->wavelength, 15, 70);
  g_assert_cmpuint (reflections->len, ==, 8);
  for (guint i = 0; i < 8; i++)
    {
      IscXrdFitOptions options;
      IscXrdPeakFit fit;

      isc_xrd_fit_options_init (&options, near[i] - 0.5, near[i] + 0.5);
      g_assert_true (isc_xrd_fit_peak (p, &options, &fit, NULL));
      fitted[i] = fit.center;
      if (i % 2 == 0)
        standard[i / 2] = (IscXrdAssignedPeak) { 0, 0, 0, fit.center, fit.center_sigma };
      else
        sample[i / 2] = (IscXrdAssignedPeak) { 0, 0, 0, fit.center, fit.center_sigma };
    }
  isc_xrd_assign (reflections, fitted, 8, 0.1, assignment);
  for (guint i = 0; i < 8; i++)
    {
      IscXrdReflection *r;
      IscXrdAssignedPeak *a = i % 2 == 0 ? &standard[i / 2] : &sample[i / 2];

      g_assert_cmpint (assignment[i], ==, (int) i);
      r = &g_array_index (reflections, IscXrdReflection, assignment[i]);
      a->h = r->h;
      a->k = r->k;
      a->l = r->l;
    }
  g_assert_true (isc_xrd_zero_shift (lab6, standard, 4, p->wavelength, &zero, &zero_sigma, NULL));
  g_assert_true (isc_xrd_refine_lattice (lab6, sample, 4, p->wavelength, zero, &refined, &sa, &sc, NULL));
  g_test_message ("LaB6: zero shift %+.4f ± %.4f°, a = %.5f ± %.5f Å (certified 4.156826)", zero, zero_sigma,
                  refined->a, sa);
  g_assert_cmpfloat_with_epsilon (refined->a, 4.156826, 0.0005);
}

/* RIR by hand: areas 100 and 50, RIR 4 and 2 → 25 : 25 → 50 % each; with the second phase's line
 * at 50 % of its strongest, 25 : 50 → 1/3, 2/3. */
static void
test_rir (void)
{
  const double areas[2] = { 100, 50 };
  const double rir[2] = { 4, 2 };
  const double rel[2] = { 1, 0.5 };
  const double bad[2] = { 4, 0 };
  double f[2];
  g_autoptr(GError) error = NULL;

  g_assert_true (isc_xrd_rir_fractions (areas, rir, NULL, 2, f, NULL));
  g_assert_cmpfloat_with_epsilon (f[0], 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (f[1], 0.5, 1e-12);
  g_assert_true (isc_xrd_rir_fractions (areas, rir, rel, 2, f, NULL));
  g_assert_cmpfloat_with_epsilon (f[0], 1.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (f[1], 2.0 / 3, 1e-12);
  g_assert_false (isc_xrd_rir_fractions (areas, bad, NULL, 2, f, &error));
  g_assert_error (error, ISC_XRD_ERROR, ISC_ERROR_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/xrd/phase/conditions", test_conditions);
  g_test_add_func ("/xrd/phase/layered", test_layered_positions);
  g_test_add_func ("/xrd/phase/rocksalt", test_rocksalt_positions);
  g_test_add_func ("/xrd/phase/spinel", test_spinel_positions);
  g_test_add_func ("/xrd/phase/builtins", test_builtins);
  g_test_add_func ("/xrd/phase/refine-exact", test_refine_exact);
  g_test_add_func ("/xrd/phase/zero-shift", test_zero_shift_synthetic);
  g_test_add_func ("/xrd/phase/lab6-standard", test_lab6_standard);
  g_test_add_func ("/xrd/phase/rir", test_rir);
  return g_test_run ();
}
