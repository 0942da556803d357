/* test-eels-analysis.c: power-law background, onsets, white lines and L3/L2 ratios — on
 * synthetic spectra with known answers and on the fixtures of fixtures/eels/REFERENCE.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "eels.h"
#include "test-util.h"

/* A synthetic L2,3 edge: A·E^−r + Gaussian white lines of known areas + Pearson's double step
 * (2/3 : 1/3 of the continuum, at the line maxima), with Gaussian noise of √counts. */
typedef struct
{
  double a, r, l3, l2, area3, area2, sigma, continuum;
} Synth;

static void
synth_fill (const Synth *p,
            double      *e,
            double      *y,
            guint        n,
            double       e0,
            double       de,
            gboolean     noise)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (16);

  for (guint i = 0; i < n; i++)
    {
      double x = e0 + i * de, v;

      e[i] = x;
      v = p->a * pow (x, -p->r)
          + p->area3 / (p->sigma * sqrt (2 * G_PI)) * exp (-0.5 * pow ((x - p->l3) / p->sigma, 2))
          + p->area2 / (p->sigma * sqrt (2 * G_PI)) * exp (-0.5 * pow ((x - p->l2) / p->sigma, 2))
          + (x >= p->l3 ? 2 * p->continuum / 3 : 0) + (x >= p->l2 ? p->continuum / 3 : 0);
      if (noise)
        {
          /* Box–Muller */
          double u1 = g_rand_double_range (rand, 1e-12, 1), u2 = g_rand_double (rand);
          v += sqrt (v) * sqrt (-2 * log (u1)) * cos (2 * G_PI * u2);
        }
      y[i] = v;
    }
}

static void
test_power_law (void)
{
  double e[500], y[500];
  IscEelsPowerLaw bg;

  for (guint i = 0; i < 500; i++)
    {
      e[i] = 300 + i * 0.5;
      y[i] = 3.0e9 * pow (e[i], -2.7);
    }
  g_assert_true (isc_eels_fit_power_law (e, y, 500, 350, 450, &bg));
  g_assert_cmpfloat_with_epsilon (bg.r, 2.7, 1e-9);
  g_assert_cmpfloat_with_epsilon (bg.a / 3.0e9, 1.0, 1e-8);
  g_assert_cmpuint (bg.n_points, ==, 201);
  /* too few points */
  g_assert_false (isc_eels_fit_power_law (e, y, 500, 350, 350.6, &bg));
}

#define SYNTH_N 2048

/* @element's L2,3 edge, shifted by @shift eV, with white lines of area ratio @ratio; @e and @y
 * hold SYNTH_N channels. */
static Synth
synth_edge (const IscEelsEdgeInfo *info,
            double                 shift,
            double                 ratio,
            gboolean               noise,
            double                *e,
            double                *y)
{
  Synth p = { 4.0e11, 2.9, info->onset_ev + shift, info->l2_ev + shift, 0, 0, 0.9, 2500 };

  p.area2 = 60000;
  p.area3 = ratio * p.area2;
  synth_fill (&p, e, y, SYNTH_N, info->onset_ev - 150, 0.2, noise);
  return p;
}

static void
check_synthetic (const char *element,
                 double      shift,
                 double      ratio,
                 gboolean    noise)
{
  const IscEelsEdgeInfo *info = isc_eels_edge_lookup (element);
  guint n = SYNTH_N;
  g_autofree double *e = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  Synth p = synth_edge (info, shift, ratio, noise, e, y);
  IscEelsEdgeResult r;

  g_assert_true (isc_eels_analyse_edge (e, y, n, info, NULL, &r));
  g_test_message ("max %g rms %g", r.edge_max, r.background.rms);
  g_test_message ("%s: r %.4f A %.4g onset %.2f L3 %.3f L2 %.3f areas %.1f %.1f C %.1f ratio %.4f", element,
                  r.background.r, r.background.a, r.onset_ev, r.l3_ev, r.l2_ev, r.l3_area, r.l2_area, r.continuum,
                  r.l3_l2_ratio);
  g_assert_true (r.found);
  if (!noise)
    g_assert_cmpfloat_with_epsilon (r.background.r, p.r, 1e-4);
  /* with noise r scatters (±0.15 over a 37 eV window of ~3000 counts) but the extrapolated
   * background under the edge stays within 1 % */
  g_assert_cmpfloat (fabs (isc_eels_power_law_eval (&r.background, p.l3) / (p.a * pow (p.l3, -p.r)) - 1), <, 0.01);
  g_assert_cmpfloat_with_epsilon (r.l3_ev, p.l3, 0.05);
  g_assert_cmpfloat_with_epsilon (r.l2_ev, p.l2, 0.05);
  g_assert_cmpfloat (fabs (r.l3_area / p.area3 - 1), <, 0.02);
  g_assert_cmpfloat (fabs (r.l2_area / p.area2 - 1), <, 0.02);
  g_assert_cmpfloat (fabs (r.l3_l2_ratio / ratio - 1), <, 0.02);
  g_assert_cmpfloat (fabs (r.continuum / p.continuum - 1), <, 0.05);
  g_assert_cmpfloat (r.onset_ev, <, p.l3);
  g_assert_cmpfloat (r.onset_ev, >, p.l3 - 3);
}

static void
test_synthetic_white_lines (void)
{
  /* Mn2+-like, Co3+-like and Ni2+-like ratios; edges at the table energies and shifted by an
   * uncalibrated energy scale */
  check_synthetic ("Mn", 0, 4.0, FALSE);
  check_synthetic ("Co", 0, 3.0, FALSE);
  check_synthetic ("Ni", 0, 2.5, FALSE);
  check_synthetic ("Mn", 8.0, 2.2, FALSE);
  check_synthetic ("Mn", 0, 4.0, TRUE);
  check_synthetic ("Co", -5.0, 3.0, TRUE);
  check_synthetic ("Ni", 4.0, 2.5, TRUE);
}

/* The second-derivative method on the same spectra: white lines of equal width, so the ratio of
 * the negative lobes is the area ratio; the steps, odd about each maximum, drop out. */
static void
check_synthetic_d2 (const char *element,
                    double      shift,
                    double      ratio,
                    gboolean    noise)
{
  const IscEelsEdgeInfo *info = isc_eels_edge_lookup (element);
  guint n = SYNTH_N;
  g_autofree double *e = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  IscEelsEdgeOptions opt;
  IscEelsEdgeResult r, pearson;

  synth_edge (info, shift, ratio, noise, e, y);
  isc_eels_edge_options_init (&opt);
  g_assert_cmpint (opt.method, ==, ISC_EELS_WHITE_LINE_PEARSON);
  g_assert_true (isc_eels_analyse_edge (e, y, n, info, &opt, &pearson));
  opt.method = ISC_EELS_WHITE_LINE_SECOND_DERIVATIVE;
  g_assert_true (isc_eels_analyse_edge (e, y, n, info, &opt, &r));
  g_test_message ("%s d2: lobes %.2f %.2f ratio %.4f (Pearson %.4f), true %.2f", element, r.l3_area, r.l2_area,
                  r.l3_l2_ratio, pearson.l3_l2_ratio, ratio);
  g_assert_cmpint (r.method, ==, ISC_EELS_WHITE_LINE_SECOND_DERIVATIVE);
  g_assert_cmpint (pearson.method, ==, ISC_EELS_WHITE_LINE_PEARSON);
  g_assert_true (r.found);
  g_assert_cmpfloat (fabs (r.l3_l2_ratio / ratio - 1), <, 0.02);
  g_assert_true (isnan (r.continuum));
  /* the lobes are not Pearson's areas: the two methods really ran differently */
  g_assert_cmpfloat (fabs (r.l3_area - pearson.l3_area), >, 1);
}

static void
test_synthetic_d2 (void)
{
  g_autofree double *e = g_new (double, 400);
  g_autofree double *s = g_new (double, 400);
  IscEelsWhiteLineMethod m;

  check_synthetic_d2 ("Mn", 0, 4.0, FALSE);
  check_synthetic_d2 ("Co", 0, 3.0, FALSE);
  check_synthetic_d2 ("Ni", 0, 2.5, FALSE);
  check_synthetic_d2 ("Ni", -1.5, 2.5, FALSE);
  check_synthetic_d2 ("Mn", 0, 4.0, TRUE);
  check_synthetic_d2 ("Ni", 4.0, 2.5, TRUE);

  /* L2 below L3 is no white-line pair */
  for (guint i = 0; i < 400; i++)
    {
      e[i] = 800 + 0.25 * i;
      s[i] = e[i] >= 855 ? 100 : 0;
    }
  g_assert_true (isnan (isc_eels_white_line_ratio_d2 (e, s, 400, 872, 855, NULL, NULL)));

  g_assert_true (isc_eels_white_line_method_from_string ("second-derivative", &m));
  g_assert_cmpint (m, ==, ISC_EELS_WHITE_LINE_SECOND_DERIVATIVE);
  g_assert_cmpstr (isc_eels_white_line_method_to_string (m), ==, "second-derivative");
  g_assert_true (isc_eels_white_line_method_from_string ("Pearson", &m));
  g_assert_cmpint (m, ==, ISC_EELS_WHITE_LINE_PEARSON);
  g_assert_false (isc_eels_white_line_method_from_string ("area", &m));
}

/* A spectrum without the edge is not "found". */
static void
test_no_edge (void)
{
  const IscEelsEdgeInfo *info = isc_eels_edge_lookup ("Co");
  guint n = 2048;
  g_autofree double *e = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  Synth p = { 4.0e11, 2.9, 0, 0, 0, 0, 1, 0 };
  IscEelsEdgeResult r;

  p.l3 = p.l2 = 5000; /* outside the spectrum */
  synth_fill (&p, e, y, n, 600, 0.2, TRUE);
  isc_eels_analyse_edge (e, y, n, info, NULL, &r);
  g_assert_false (r.found);
  g_assert_null (isc_eels_edge_lookup ("Xx"));
  g_assert_true (isc_eels_edge_lookup ("ni") == isc_eels_edge_lookup ("Ni"));
}

/* A line scan across a particle: the Co L3/L2 ratio falls from 3.2 to 2.4 along x (a reduced
 * oxidation state at one end); the profile recovers every pixel within 2 %. */
static void
test_line_scan_profile (void)
{
  const IscEelsEdgeInfo *info = isc_eels_edge_lookup ("Co");
  guint n = 2048, w = 6;
  g_autoptr(IscEelsData) d = isc_eels_data_new (n, w, 1);
  g_autofree double *e = g_new (double, n);
  g_autofree double *sum = NULL;
  g_autofree IscEelsEdgeResult *px = g_new0 (IscEelsEdgeResult, w);
  IscEelsEdgeResult whole;

  d->energy_offset = 600;
  d->energy_scale = 0.2;
  for (guint x = 0; x < w; x++)
    {
      Synth p = { 4.0e11, 2.9, 779, 794, 0, 60000, 0.9, 2500 };

      p.area3 = (3.2 - 0.8 * x / (w - 1)) * p.area2;
      synth_fill (&p, e, d->counts + (gsize) x * n, n, 600, 0.2, FALSE);
    }
  sum = isc_eels_sum_spectrum (d);
  g_assert_true (isc_eels_analyse_edge (e, sum, n, info, NULL, &whole));
  isc_eels_analyse_map (d, e, info, NULL, &whole, px);
  for (guint x = 0; x < w; x++)
    {
      double want = 3.2 - 0.8 * x / (w - 1);

      g_assert_true (px[x].found);
      g_assert_cmpfloat (px[x].background.lo, ==, whole.background.lo);
      g_assert_cmpfloat (fabs (px[x].l3_l2_ratio / want - 1), <, 0.02);
      g_assert_cmpfloat_with_epsilon (px[x].l3_ev, 779, 0.05);
    }
  /* the ratio falls monotonically along the line */
  for (guint x = 1; x < w; x++)
    g_assert_cmpfloat (px[x].l3_l2_ratio, <, px[x - 1].l3_l2_ratio);
}

static IscEelsData *
load (const char *relative)
{
  g_autofree char *path = isc_test_fixture_or_skip (relative);
  g_autoptr(GError) error = NULL;
  IscEelsData *d;

  if (path == NULL)
    return NULL;
  d = isc_eels_load (path, &error);
  g_assert_no_error (error);
  return d;
}

static void
test_fixture_mnox (void)
{
  g_autoptr(IscEelsData) d = load ("eels/hyperspy/coreloss_spectrum.msa");
  g_autofree double *e = NULL;
  IscEelsEdgeOptions opt;
  IscEelsEdgeResult o, mn, mn_auto, o_auto;

  if (d == NULL)
    return;
  e = isc_eels_energy_axis (d, 0);
  /* the windows of REFERENCE.md */
  isc_eels_edge_options_init (&opt);
  opt.bg_lo = 480;
  opt.bg_hi = 530;
  g_assert_true (isc_eels_analyse_edge (e, d->counts, d->n_channels, isc_eels_edge_lookup ("O"), &opt, &o));
  g_assert_cmpfloat_with_epsilon (o.background.r, 2.477, 0.001);
  g_assert_cmpfloat_with_epsilon (o.onset_ev, 534.6, 1.0);
  opt.bg_lo = 600;
  opt.bg_hi = 642;
  g_assert_true (isc_eels_analyse_edge (e, d->counts, d->n_channels, isc_eels_edge_lookup ("Mn"), &opt, &mn));
  g_test_message ("Mn ref window: r %.4f onset %.2f L3 %.3f (%.0f) L2 %.3f (%.0f) ratio %.3f", mn.background.r,
                  mn.onset_ev, mn.l3_ev, mn.l3_height, mn.l2_ev, mn.l2_height, mn.l3_l2_ratio);
  g_assert_cmpfloat_with_epsilon (mn.background.r, 2.552, 0.001);
  g_assert_cmpfloat_with_epsilon (mn.onset_ev, 645.0, 1.0);
  g_assert_cmpfloat_with_epsilon (mn.l3_ev, 648.54, 0.1);
  g_assert_cmpfloat_with_epsilon (mn.l2_ev, 659.35, 0.1);
  g_assert_cmpfloat_with_epsilon (mn.l3_height, 15441, 150);
  g_assert_cmpfloat_with_epsilon (mn.l2_height, 8954, 150);
  g_assert_cmpfloat_with_epsilon (mn.l2_ev - mn.l3_ev, 10.80, 0.1);

  /* automatic windows on the uncalibrated scale find the same edges */
  g_assert_true (isc_eels_analyse_edge (e, d->counts, d->n_channels, isc_eels_edge_lookup ("Mn"), NULL, &mn_auto));
  g_assert_true (isc_eels_analyse_edge (e, d->counts, d->n_channels, isc_eels_edge_lookup ("O"), NULL, &o_auto));
  g_test_message ("Mn auto: window %.1f-%.1f r %.4f onset %.2f L3 %.3f L2 %.3f ratio %.3f; O auto: %.1f-%.1f r %.3f onset %.2f",
                  mn_auto.background.lo, mn_auto.background.hi, mn_auto.background.r, mn_auto.onset_ev, mn_auto.l3_ev,
                  mn_auto.l2_ev, mn_auto.l3_l2_ratio, o_auto.background.lo, o_auto.background.hi, o_auto.background.r,
                  o_auto.onset_ev);
  g_assert_true (mn_auto.found);
  g_assert_true (o_auto.found);
  g_assert_cmpfloat_with_epsilon (mn_auto.onset_ev, 645.0, 1.0);
  g_assert_cmpfloat_with_epsilon (mn_auto.l3_ev, 648.53, 0.1);
  g_assert_cmpfloat_with_epsilon (mn_auto.l2_ev, 659.34, 0.1);
  g_assert_cmpfloat_with_epsilon (o_auto.onset_ev, 534.6, 1.0);
  /* Mn oxides: L3/L2 by Pearson's method between 1.5 and 5 */
  g_assert_cmpfloat (mn_auto.l3_l2_ratio, >, 1.5);
  g_assert_cmpfloat (mn_auto.l3_l2_ratio, <, 5.0);
}

static void
test_fixture_sto (void)
{
  g_autoptr(IscEelsData) d = load ("eels/pytemlib/EELS_STO.dm3");
  g_autofree double *e = NULL;
  IscEelsEdgeOptions opt;
  IscEelsEdgeResult ti, o, o_auto;

  if (d == NULL)
    return;
  e = isc_eels_energy_axis (d, 0);
  isc_eels_edge_options_init (&opt);
  opt.bg_lo = 400;
  opt.bg_hi = 450;
  g_assert_true (isc_eels_analyse_edge (e, d->counts, d->n_channels, isc_eels_edge_lookup ("Ti"), &opt, &ti));
  g_test_message ("Ti: r %.4f onset %.2f L3 %.3f L2 %.3f", ti.background.r, ti.onset_ev, ti.l3_ev, ti.l2_ev);
  g_assert_cmpfloat_with_epsilon (ti.background.r, 2.441, 0.001);
  g_assert_cmpfloat_with_epsilon (ti.onset_ev, 452.75, 1.0);
  opt.bg_lo = 490;
  opt.bg_hi = 525;
  g_assert_true (isc_eels_analyse_edge (e, d->counts, d->n_channels, isc_eels_edge_lookup ("O"), &opt, &o));
  g_assert_cmpfloat_with_epsilon (o.background.r, 2.223, 0.001);
  g_assert_cmpfloat_with_epsilon (o.onset_ev, 525.25, 1.0);
  g_assert_true (isc_eels_analyse_edge (e, d->counts, d->n_channels, isc_eels_edge_lookup ("O"), NULL, &o_auto));
  g_test_message ("O auto: %.1f-%.1f r %.3f onset %.2f", o_auto.background.lo, o_auto.background.hi,
                  o_auto.background.r, o_auto.onset_ev);
  g_assert_true (o_auto.found);
  /* the automatic window (≈480–520 eV) sits on the Ti L2,3 tail, which steepens the power law
   * (r ≈ 2.6): the onset comes out ~2 eV before the one of the hand-placed 490–525 eV window */
  g_assert_cmpfloat_with_epsilon (o_auto.onset_ev, 525.25, 2.5);
}

static void
test_fixture_si (void)
{
  g_autoptr(IscEelsData) d = load ("eels/rsciio/EELS_SI.dm4");
  g_autofree double *e = NULL;
  g_autofree double *sum = NULL;
  IscEelsEdgeOptions opt;
  IscEelsEdgeResult o, si;

  if (d == NULL)
    return;
  e = isc_eels_energy_axis (d, 0);
  sum = isc_eels_sum_spectrum (d);
  isc_eels_edge_options_init (&opt);
  opt.bg_lo = 420;
  opt.bg_hi = 515;
  g_assert_true (isc_eels_analyse_edge (e, sum, d->n_channels, isc_eels_edge_lookup ("O"), &opt, &o));
  g_assert_cmpfloat_with_epsilon (o.background.r, 2.291, 0.001);
  g_assert_cmpfloat_with_epsilon (o.onset_ev, 524, 1.0);
  g_assert_true (isc_eels_analyse_edge (e, sum, d->n_channels, isc_eels_edge_lookup ("Si"), NULL, &si));
  g_test_message ("Si auto: %.1f-%.1f r %.3f onset %.2f max %.1f rms %.1f", si.background.lo, si.background.hi,
                  si.background.r, si.onset_ev, si.edge_max, si.background.rms);
  g_assert_true (si.found);
  g_assert_cmpfloat (si.onset_ev, >=, 1820);
  g_assert_cmpfloat (si.onset_ev, <=, 1850);
  /* no Mn here: the O K continuum under Mn L's window is not an edge */
  g_assert_true (isc_eels_analyse_edge (e, sum, d->n_channels, isc_eels_edge_lookup ("Mn"), NULL, &si));
  g_assert_false (si.found);
  g_assert_true (isc_eels_analyse_edge (e, sum, d->n_channels, isc_eels_edge_lookup ("Ni"), NULL, &si));
  g_assert_false (si.found);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/eels/analysis/power-law", test_power_law);
  g_test_add_func ("/eels/analysis/synthetic-white-lines", test_synthetic_white_lines);
  g_test_add_func ("/eels/analysis/synthetic-second-derivative", test_synthetic_d2);
  g_test_add_func ("/eels/analysis/no-edge", test_no_edge);
  g_test_add_func ("/eels/analysis/line-scan-profile", test_line_scan_profile);
  g_test_add_func ("/eels/analysis/fixture-mnox", test_fixture_mnox);
  g_test_add_func ("/eels/analysis/fixture-sto", test_fixture_sto);
  g_test_add_func ("/eels/analysis/fixture-si", test_fixture_si);
  return g_test_run ();
}
