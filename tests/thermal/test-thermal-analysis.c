/* test-thermal-analysis.c: mass %, DTG and steps on synthetic sigmoidal steps with known tangent
 * onset and loss, hand-given windows, and the fixture values of REFERENCE.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "test-util.h"
#include "thermal-analysis.h"

typedef struct
{
  double center;   /* °C, the inflection */
  double width;    /* K: m = L / (1 + exp (−(T − center) / width)) lost */
  double loss;     /* % */
} Sigmoid;

/* A TGA curve in mg (initial 10 mg), 25 → 600 °C at 0.5 K per point; for a logistic step the
 * inflection tangent meets the plateau at center − 2 width. @noise: amplitude in mg of a fixed
 * pseudo-random noise. */
static IscThermalCurve *
synthetic (const Sigmoid *steps,
           guint          n_steps,
           double         noise)
{
  guint n = 1151;
  IscThermalCurve *c = isc_thermal_curve_new (n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  c->source = g_strdup ("synthetic");
  c->label = g_strdup ("synthetic");
  c->mass = g_new (double, n);
  c->time_min = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      double t = 25 + 0.5 * i, m = 100;

      for (guint k = 0; k < n_steps; k++)
        m -= steps[k].loss / (1 + exp (-(t - steps[k].center) / steps[k].width));
      c->temperature_c[i] = t;
      c->time_min[i] = 0.05 * i;
      c->mass[i] = m / 10 + (noise > 0 ? noise * g_rand_double_range (rand, -1, 1) : 0);
    }
  return c;
}

static void
test_sg (void)
{
  double y[21], d[21];

  for (guint i = 0; i < 21; i++)
    y[i] = 3 + 2 * i + 0.5 * i * i;
  isc_thermal_sg_derivative (y, 21, 7, d);
  /* Exact for a quadratic wherever the window is symmetric. */
  for (guint i = 1; i < 20; i++)
    g_assert_cmpfloat_with_epsilon (d[i], 2 + (double) i, 1e-9);
}

static void
test_single_step (void)
{
  const Sigmoid s = { 300, 8, 20 };
  g_autoptr(IscThermalCurve) c = synthetic (&s, 1, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscThermalAnalysis) a = isc_thermal_analyse (c, NULL, &error);
  const IscThermalStep *st;

  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (a->mass_pct[0], 100, 1e-9);
  g_assert_cmpuint (a->steps->len, ==, 1);
  st = &g_array_index (a->steps, IscThermalStep, 0);
  g_test_message ("onset %.3f peak %.3f loss %.4f endset %.3f", st->onset_c, st->peak_c, st->mass_loss_pct, st->endset_c);
  g_assert_cmpfloat_with_epsilon (st->onset_c, 300 - 2 * 8, 2);
  g_assert_cmpfloat_with_epsilon (st->endset_c, 300 + 2 * 8, 2);
  g_assert_cmpfloat_with_epsilon (st->peak_c, 300, 0.5);
  g_assert_cmpfloat_with_epsilon (st->mass_loss_pct, 20, 0.1);
  /* The DTG peak of a logistic step: L / (4 w). */
  g_assert_cmpfloat_with_epsilon (st->dtg_peak, 20.0 / 32, 0.01);
  g_assert_false (st->manual);
}

/* Two steps (as lithiation before decomposition) 90 K apart, with noise of ±0.005 %. */
static void
test_two_steps (void)
{
  const Sigmoid s[] = { { 200, 5, 5 }, { 290, 8, 15 } };
  g_autoptr(IscThermalCurve) c = synthetic (s, 2, 0.0005);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscThermalAnalysis) a = isc_thermal_analyse (c, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (a->steps->len, ==, 2);
  for (guint k = 0; k < 2; k++)
    {
      const IscThermalStep *st = &g_array_index (a->steps, IscThermalStep, k);

      g_test_message ("step %u: onset %.3f peak %.3f loss %.4f", k, st->onset_c, st->peak_c, st->mass_loss_pct);
      g_assert_cmpfloat_with_epsilon (st->onset_c, s[k].center - 2 * s[k].width, 2);
      g_assert_cmpfloat_with_epsilon (st->peak_c, s[k].center, 1);
      g_assert_cmpfloat_with_epsilon (st->mass_loss_pct, s[k].loss, 0.1);
    }
}

/* Steps given by hand (each on the first heating through it, overlaps allowed): the loss between
 * the window's ends, the DTG peak inside it. */
static void
test_windows (void)
{
  const Sigmoid s[] = { { 205, 6, 5 }, { 285, 10, 15 } };
  g_autoptr(IscThermalCurve) c = synthetic (s, 2, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscThermalAnalysis) a = isc_thermal_analyse (c, NULL, &error);
  const double lo[] = { 100 }, hi[] = { 500 };
  const double lo2[] = { 700 }, hi2[] = { 800 };
  const IscThermalStep *st;

  g_assert_no_error (error);
  g_assert_true (isc_thermal_analysis_set_windows (a, lo, hi, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (a->steps->len, ==, 1);
  st = &g_array_index (a->steps, IscThermalStep, 0);
  g_assert_true (st->manual);
  g_assert_cmpfloat (st->lo_c, ==, 100);
  g_assert_cmpfloat_with_epsilon (st->mass_loss_pct, 20, 0.01);
  g_assert_cmpfloat_with_epsilon (st->peak_c, 285, 1);
  g_assert_false (isc_thermal_analysis_set_windows (a, lo2, hi2, 1, &error));
  g_assert_error (error, ISC_THERMAL_ERROR, ISC_ERROR_ARGUMENT);
  /* The old steps stay when a window is refused. */
  g_assert_cmpuint (a->steps->len, ==, 1);
}

/* REFERENCE.md: main step 300–400 °C loses 71.5 %, total 74.45 %; DTG maximum (3-point
 * smoothing) at 359.8 °C, 2.03 %/K. */
static void
test_netzsch_fixture (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("thermal/pytga/netzsch2_example_file.txt");
  g_autoptr(GPtrArray) curves = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IscThermalAnalysis) a = NULL;
  IscThermalOptions options;
  const double lo[] = { 300, 30 }, hi[] = { 400, 699.75 };
  const IscThermalStep *st;

  if (path == NULL)
    return;
  curves = isc_thermal_load (path, ISC_THERMAL_FORMAT_AUTO, NULL, &error);
  g_assert_no_error (error);
  isc_thermal_options_init (&options);
  options.window = 3;
  a = isc_thermal_analyse (g_ptr_array_index (curves, 0), &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->steps->len, >=, 1);
  st = NULL;
  for (guint k = 0; k < a->steps->len; k++)
    if (st == NULL || g_array_index (a->steps, IscThermalStep, k).dtg_peak > st->dtg_peak)
      st = &g_array_index (a->steps, IscThermalStep, k);
  g_test_message ("main step: onset %.2f peak %.2f dtg %.3f loss %.3f (%.1f–%.1f)", st->onset_c, st->peak_c,
                  st->dtg_peak, st->mass_loss_pct, st->lo_c, st->hi_c);
  g_assert_cmpfloat_with_epsilon (st->peak_c, 359.8, 0.5);
  /* 3-point moving average then difference there, a 3-point derivative here: within 5 %. */
  g_assert_cmpfloat_with_epsilon (st->dtg_peak, 2.03, 0.1);
  g_assert_cmpfloat (st->onset_c, >, 300);
  g_assert_cmpfloat (st->onset_c, <, st->peak_c);
  g_assert_true (isc_thermal_analysis_set_windows (a, lo, hi, 2, &error));
  g_assert_no_error (error);
  /* Both windows hold the main DTG peak. */
  for (guint k = 0; k < 2; k++)
    {
      st = &g_array_index (a->steps, IscThermalStep, k);
      if (st->lo_c == 300)
        {
          g_assert_cmpfloat_with_epsilon (st->mass_start_pct, 97.487, 0.01);
          g_assert_cmpfloat_with_epsilon (st->mass_end_pct, 26.002, 0.01);
          g_assert_cmpfloat_with_epsilon (st->mass_loss_pct, 71.485, 0.02);
        }
      else
        g_assert_cmpfloat_with_epsilon (st->mass_loss_pct, 74.45, 0.01);
      g_assert_cmpfloat_with_epsilon (st->peak_c, 359.8, 0.5);
    }
}

/* REFERENCE.md: Mettler PP cracking, max −dm/dt at Ts 454.61 °C; the heat flow passes through. */
static void
test_mettler_fixture (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("thermal/pytga/MettlerToledo_example_file.txt");
  g_autoptr(GPtrArray) curves = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IscThermalAnalysis) a = NULL;
  const IscThermalStep *st;

  if (path == NULL)
    return;
  curves = isc_thermal_load (path, ISC_THERMAL_FORMAT_AUTO, NULL, &error);
  g_assert_no_error (error);
  a = isc_thermal_analyse (g_ptr_array_index (curves, 0), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (a->signal);
  g_assert_cmpfloat (a->signal[0], ==, 31.4048);
  g_assert_cmpuint (a->steps->len, >=, 1);
  st = &g_array_index (a->steps, IscThermalStep, 0);
  for (guint k = 1; k < a->steps->len; k++)
    if (g_array_index (a->steps, IscThermalStep, k).mass_loss_pct > st->mass_loss_pct)
      st = &g_array_index (a->steps, IscThermalStep, k);
  g_test_message ("window %u; main step: onset %.2f peak %.2f loss %.3f (%.1f–%.1f), %u steps", a->window, st->onset_c,
                  st->peak_c, st->mass_loss_pct, st->lo_c, st->hi_c, a->steps->len);
  g_assert_cmpfloat_with_epsilon (st->peak_c, 454.61, 1.0);
  /* 96.78 % at 400 °C (4.77025 of 4.92915 mg) to 0.51 % at 500 °C: the step starts before 400 °C
   * and ends near 480 °C with all but ~0.5 % of the polymer gone. */
  g_assert_cmpfloat (st->mass_start_pct, >, 96.78);
  g_assert_cmpfloat (st->mass_start_pct, <, 100.2);
  g_assert_cmpfloat (st->mass_end_pct, <, 0.6);
  g_assert_cmpfloat (st->onset_c, >, 400);
  g_assert_cmpfloat (st->onset_c, <, 454);
}

/* The step with the largest DTG peak of a fixture, analysed with the default options. */
static IscThermalStep
largest_step (const char *relative,
              guint      *n_steps)
{
  g_autofree char *path = isc_test_fixture_or_skip (relative);
  g_autoptr(GPtrArray) curves = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IscThermalAnalysis) a = NULL;
  IscThermalStep best = { 0 };

  *n_steps = 0;
  if (path == NULL)
    return best;
  curves = isc_thermal_load (path, ISC_THERMAL_FORMAT_AUTO, NULL, &error);
  g_assert_no_error (error);
  a = isc_thermal_analyse (g_ptr_array_index (curves, 0), NULL, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < a->steps->len; k++)
    if (k == 0 || g_array_index (a->steps, IscThermalStep, k).dtg_peak > best.dtg_peak)
      best = g_array_index (a->steps, IscThermalStep, k);
  *n_steps = a->steps->len;
  g_test_message ("%s: window %u, %u steps; largest: onset %.2f peak %.2f loss %.3f (%.1f–%.1f)", relative, a->window,
                  a->steps->len, best.onset_c, best.peak_c, best.mass_loss_pct, best.lo_c, best.hi_c);
  return best;
}

/* REFERENCE.md: NETZSCH STA, DTG maxima of segment 1 at 988.6 °C (largest), 928.2, 862.9 °C. The
 * 30 min hold at 1000 °C (segment 2) and its overshoot have no DTG: differentiated across the
 * segment boundary the largest peak would sit at 1006 °C. The broad burn-off is one step. */
static void
test_netzsch_sta_fixture (void)
{
  guint n;
  IscThermalStep st = largest_step ("thermal/pytga/netzsch_example3.txt", &n);

  if (n == 0)
    return;
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpfloat_with_epsilon (st.peak_c, 988.6, 1.5);
  g_assert_cmpfloat (st.hi_c, <, 1000);
}

/* REFERENCE.md: PerkinElmer PP cracking, stage 4 at 5 K/min among ramps at 20 and 100 K/min: the
 * maximum of −dW/dt at Ts 243.16 °C (pyTGA's 30-point triangular mean: 245.0 °C, ±2 K). */
static void
test_perkinelmer_fixture (void)
{
  guint n;
  IscThermalStep st = largest_step ("thermal/pytga/PerkinElmer_example_file.txt", &n);

  if (n == 0)
    return;
  g_assert_cmpfloat_with_epsilon (st.peak_c, 243.16, 2);
  /* Most of the polymer (4.86 of 7.03 mg) goes in this step. */
  g_assert_cmpfloat (st.mass_loss_pct, >, 60);
}

static void
test_no_mass (void)
{
  g_autoptr(IscThermalCurve) c = isc_thermal_curve_new (5);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscThermalAnalysis) a = NULL;
  IscThermalOptions options;
  const Sigmoid s = { 300, 8, 20 };
  g_autoptr(IscThermalCurve) good = synthetic (&s, 1, 0);

  c->label = g_strdup ("dsc.txt");
  a = isc_thermal_analyse (c, NULL, &error);
  g_assert_null (a);
  g_assert_error (error, ISC_THERMAL_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "dsc.txt"));
  g_clear_error (&error);
  isc_thermal_options_init (&options);
  options.window = 4;
  g_assert_null (isc_thermal_analyse (good, &options, &error));
  g_assert_error (error, ISC_THERMAL_ERROR, ISC_ERROR_ARGUMENT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/thermal/analysis/sg", test_sg);
  g_test_add_func ("/thermal/analysis/single-step", test_single_step);
  g_test_add_func ("/thermal/analysis/two-steps", test_two_steps);
  g_test_add_func ("/thermal/analysis/windows", test_windows);
  g_test_add_func ("/thermal/analysis/netzsch", test_netzsch_fixture);
  g_test_add_func ("/thermal/analysis/mettler", test_mettler_fixture);
  g_test_add_func ("/thermal/analysis/netzsch-sta", test_netzsch_sta_fixture);
  g_test_add_func ("/thermal/analysis/perkinelmer", test_perkinelmer_fixture);
  g_test_add_func ("/thermal/analysis/no-mass", test_no_mass);
  return g_test_run ();
}
