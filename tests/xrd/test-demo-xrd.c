/* test-demo-xrd.c: the demo's in situ XRD heating series reads back as a temperature series and
 * gives SCIENCE.md §2's numbers through the analyses: the hydroxide (001) at 19.5° moving toward
 * the layered (003) at 18.5° from 200 °C, and 69.7 / 19.5 / 10.9 % R-3m / Fm-3m / P-3m1 at 300 °C
 * by the RIR method.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "demo-xrd.h"
#include "test-util.h"
#include "xrd-fit.h"
#include "xrd-phase.h"

static IscXrdSeries *
write_and_load (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *folder = g_build_filename (dir, "xrd", "heating", NULL);
  g_autoptr(GError) error = NULL;
  IscXrdSeries *s;

  g_assert_true (isc_demo_write_xrd (dir, NULL, &error));
  g_assert_no_error (error);
  s = isc_xrd_load (folder, ISC_XRD_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  return s;
}

static double
peak_at (const IscXrdPattern *p,
         double               lo,
         double               hi)
{
  IscXrdFitOptions options;
  IscXrdPeakFit fit;

  isc_xrd_fit_options_init (&options, lo, hi);
  return isc_xrd_fit_peak (p, &options, &fit, NULL) && fit.height > 500 ? fit.center : NAN;
}

static void
test_series (void)
{
  g_autoptr(IscXrdSeries) s = write_and_load ();
  IscXrdPattern *p100, *p300;

  g_assert_cmpuint (isc_xrd_series_get_n (s), ==, ISC_DEMO_XRD_N_STEPS);
  for (guint i = 0; i < ISC_DEMO_XRD_N_STEPS; i++)
    g_assert_cmpfloat (isc_xrd_series_get (s, i)->temperature_c, ==, ISC_DEMO_XRD_T_START + ISC_DEMO_XRD_T_STEP * i);
  p100 = isc_xrd_series_get (s, 3);
  p300 = isc_xrd_series_get (s, 11);
  g_assert_cmpfloat (p300->temperature_c, ==, 300);
  /* .xy states no wavelength: Cu Kα1, as the demo was written. */
  g_assert_false (p300->wavelength_from_file);
  /* The hydroxide (001) at 19.5° below 200 °C; at 300 °C it has moved toward 18.5°. */
  g_assert_cmpfloat_with_epsilon (peak_at (p100, 19.1, 19.9), 19.50, 0.02);
  g_assert_cmpfloat (peak_at (p300, 19.0, 19.6), <, 19.40);
  /* No layered (003) at 100 °C; at 300 °C at 18.5°. */
  g_assert_true (isnan (peak_at (p100, 18.2, 18.8)));
  g_assert_cmpfloat_with_epsilon (peak_at (p300, 18.2, 18.8), 18.50, 0.02);
}

static void
test_fractions_300 (void)
{
  g_autoptr(IscXrdPattern) p = isc_demo_xrd_pattern (11);
  g_autoptr(IscXrdPhase) layered = isc_xrd_phase_copy (isc_xrd_builtin_phase ("layered"));
  g_autoptr(IscXrdPhase) rocksalt = isc_xrd_phase_copy (isc_xrd_builtin_phase ("rocksalt"));
  g_autoptr(IscXrdPhase) hydroxide = isc_xrd_phase_copy (isc_xrd_builtin_phase ("hydroxide"));
  IscDemoXrdState state = isc_demo_xrd_state (300);
  const IscXrdPhase *phases[3];
  double areas[3], rir[3], f[3];

  g_assert_cmpfloat (p->temperature_c, ==, 300);
  layered->a = ISC_DEMO_XRD_LAYERED_A;
  layered->c = ISC_DEMO_XRD_LAYERED_C;
  rocksalt->a = rocksalt->c = ISC_DEMO_XRD_ROCKSALT_A;
  hydroxide->a = ISC_DEMO_XRD_HYDROXIDE_A;
  hydroxide->c = state.hydroxide_c;
  phases[0] = layered;
  phases[1] = rocksalt;
  phases[2] = hydroxide;
  for (guint k = 0; k < 3; k++)
    {
      IscXrdPeakFit fit;
      g_autoptr(GError) error = NULL;

      g_assert_true (isc_xrd_phase_line_area (p, phases, 3, k, ISC_XRD_PROFILE_PSEUDO_VOIGT, TRUE, 0, &fit, &error));
      g_assert_no_error (error);
      areas[k] = fit.area;
      rir[k] = phases[k]->rir;
    }
  g_assert_true (isc_xrd_rir_fractions (areas, rir, NULL, 3, f, NULL));
  g_test_message ("300 °C: %.2f %% R-3m, %.2f %% Fm-3m, %.2f %% P-3m1", 100 * f[0], 100 * f[1], 100 * f[2]);
  g_assert_cmpfloat (round (1000 * f[0]), ==, 697);
  g_assert_cmpfloat (round (1000 * f[1]), ==, 195);
  g_assert_cmpfloat (round (1000 * f[2]), ==, 109);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/xrd/demo/series", test_series);
  g_test_add_func ("/xrd/demo/fractions-300", test_fractions_300);
  return g_test_run ();
}
