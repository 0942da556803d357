/* test-eis.c: impedance readers on the real files of ../shared/fixtures (eis/REFERENCE.md),
 * circuits, the published impedance.py fit, synthetic recovery and Lin-KK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "eis-circuit.h"
#include "eis-data.h"
#include "eis-fit.h"
#include "test-util.h"

#define REL_CLOSE(a, b, rel) g_assert_cmpfloat_with_epsilon ((a), (b), fabs ((double) (b)) * (rel))

static IscEisData *
load_fixture (const char *relative)
{
  g_autofree char *path = isc_test_fixture_or_skip (relative);
  g_autoptr(GError) error = NULL;
  IscEisData *data;

  if (path == NULL)
    return NULL;
  data = isc_eis_data_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (data);
  return data;
}

static const IscEisSpectrum *
first (const IscEisData *data)
{
  return g_ptr_array_index (data->spectra, 0);
}

static void
test_read_csv (void)
{
  g_autoptr(IscEisData) data = load_fixture ("cycling/impedance_py/exampleData.csv");
  g_autoptr(IscEisSpectrum) capacitive = NULL;

  if (data == NULL)
    return;
  g_assert_cmpstr (data->format, ==, "csv");
  g_assert_cmpuint (data->spectra->len, ==, 1);
  g_assert_cmpuint (first (data)->n, ==, 66);
  capacitive = isc_eis_spectrum_capacitive (first (data));
  /* 9 inductive points at high frequency: impedance.py's ignoreBelowX keeps 57. */
  g_assert_cmpuint (capacitive->n, ==, 57);
  REL_CLOSE (capacitive->freq[0], 0.0031623, 1e-4);
  REL_CLOSE (capacitive->freq[56], 1258.9, 1e-4);
}

static void
test_read_gamry (void)
{
  g_autoptr(IscEisData) data = load_fixture ("cycling/impedance_py/exampleDataGamry.DTA");
  const IscEisSpectrum *s;

  if (data == NULL)
    return;
  s = first (data);
  g_assert_cmpstr (data->format, ==, "gamry-dta");
  g_assert_cmpuint (s->n, ==, 72);
  REL_CLOSE (s->freq[0], 200015.6, 1e-9);
  REL_CLOSE (s->re[0], 825.8584, 1e-9);
  REL_CLOSE (s->im[0], -1367.239, 1e-9);
  REL_CLOSE (s->freq[71], 0.0158898, 1e-9);
}

static void
test_read_zplot (void)
{
  g_autoptr(IscEisData) data = load_fixture ("cycling/impedance_py/exampleDataZPlot.z");
  const IscEisSpectrum *s;

  if (data == NULL)
    return;
  s = first (data);
  g_assert_cmpstr (data->format, ==, "zplot-z");
  g_assert_cmpuint (s->n, ==, 21);
  REL_CLOSE (s->freq[0], 3e5, 1e-9);
  REL_CLOSE (s->freq[20], 3e3, 1e-9);
  /* R_hf: Z' at the highest frequency (no zero crossing). */
  REL_CLOSE (s->re[0], 147.77, 1e-9);
}

static void
test_read_text_exports (void)
{
  g_autoptr(IscEisData) autolab = load_fixture ("eis/impedance_py/exampleDataAutolab.txt");
  g_autoptr(IscEisData) chi = NULL;
  const IscEisSpectrum *s;

  if (autolab == NULL)
    return;
  s = first (autolab);
  g_assert_cmpstr (autolab->format, ==, "z60w-txt");
  g_assert_cmpuint (s->n, ==, 41);
  REL_CLOSE (s->freq[0], 1e4, 1e-12);
  REL_CLOSE (s->re[0], 0.01378586, 1e-6);
  REL_CLOSE (s->im[0], 0.00719195, 1e-6);
  REL_CLOSE (s->re[40], 0.03456978, 1e-6);
  REL_CLOSE (s->im[40], -0.00390293, 1e-6);

  chi = load_fixture ("eis/impedance_py/exampleDataCHInstruments.txt");
  s = first (chi);
  g_assert_cmpstr (chi->format, ==, "chi-txt");
  g_assert_cmpuint (s->n, ==, 73);
  REL_CLOSE (s->freq[0], 9.961e4, 1e-12);
  REL_CLOSE (s->re[0], 98.91, 1e-12);
  REL_CLOSE (s->im[0], -2.748, 1e-12);
  REL_CLOSE (s->freq[72], 0.1, 1e-12);
  REL_CLOSE (s->re[72], 5685, 1e-12);
  REL_CLOSE (s->im[72], -15860, 1e-12);
}

/* An EC-Lab PEIS run with four cycles gives four spectra of 21 points; column 3 is −Im(Z). */
static void
test_read_biologic (void)
{
  g_autoptr(IscEisData) data = load_fixture ("eis/yadg/peis.issue_149.mpt");
  g_autoptr(IscEisData) example = NULL;

  if (data == NULL)
    return;
  g_assert_cmpstr (data->format, ==, "biologic-mpt");
  g_assert_cmpuint (data->spectra->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      const IscEisSpectrum *s = g_ptr_array_index (data->spectra, i);

      g_assert_cmpuint (s->n, ==, 21);
      g_assert_cmpuint (s->cycle, ==, i + 1);
      REL_CLOSE (s->freq[0], 199998.14, 1e-6);
      REL_CLOSE (s->freq[20], 99.968, 1e-4);
    }
  REL_CLOSE (first (data)->re[0], 12.753284, 1e-7);
  REL_CLOSE (first (data)->im[0], -0.96167845, 1e-7);

  example = load_fixture ("cycling/impedance_py/exampleDataBioLogic.mpt");
  g_assert_cmpuint (example->spectra->len, ==, 1);
  g_assert_cmpuint (first (example)->n, ==, 43);
}

/* A galvanostatic cycling .mpt is no impedance file: one clear error naming it. */
static void
test_read_errors (void)
{
  g_autofree char *gcpl = isc_test_fixture_or_skip ("cycling/yadg/gcpl.issue_149.mpt");
  g_autoptr(GError) error = NULL;
  static const char bad_row[] = "1000,0.5,-0.1\n100,abc,-0.2\n";
  static const char no_rows[] = "freq,Z',Z''\n";

  g_assert_null (isc_eis_data_parse ("bad.csv", bad_row, sizeof bad_row - 1, &error));
  g_assert_error (error, ISC_EIS_ERROR, ISC_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "bad.csv: line 2"));
  g_clear_error (&error);
  g_assert_null (isc_eis_data_parse ("empty.csv", no_rows, sizeof no_rows - 1, &error));
  g_assert_nonnull (strstr (error->message, "empty.csv"));
  g_clear_error (&error);
  g_assert_null (isc_eis_data_parse ("empty.z", "", 0, &error));
  g_assert_nonnull (strstr (error->message, "empty.z: the file is empty"));
  g_clear_error (&error);
  g_assert_null (isc_eis_data_parse ("x.mpr", "BIO\0LOGIC", 9, &error));
  g_assert_nonnull (strstr (error->message, "x.mpr"));
  g_clear_error (&error);

  /* Each format's own damage: a ZCURVE table without its columns, a ZPlot file cut before its
   * data, an EC-Lab header without its line count, a Gamry row with a zero frequency. */
  {
    static const struct { const char *name, *text, *expect; } damaged[] = {
      { "a.DTA", "EXPLAIN\nTAG\tEISPOT\nZCURVE\tTABLE\n\tPt\tTime\n\t#\ts\n\t0\t1\n", "a.DTA: line 4: expected Freq" },
      { "b.z", "ZPLOT2 ASCII\n  Measured Data\n", "b.z: no “End Comments”" },
      { "c.mpt", "EC-Lab ASCII FILE\nPotentio Electrochemical Impedance Spectroscopy\n", "c.mpt: line 2" },
      { "d.DTA", "EXPLAIN\nZCURVE\tTABLE\n\tPt\tFreq\tZreal\tZimag\n\t#\tHz\tohm\tohm\n\t0\t0\t1\t-1\n", "d.DTA: line 5" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
      {
        g_assert_null (isc_eis_data_parse (damaged[i].name, damaged[i].text, strlen (damaged[i].text), &error));
        g_assert_error (error, ISC_EIS_ERROR, ISC_ERROR_FORMAT);
        if (strstr (error->message, damaged[i].expect) == NULL)
          g_error ("“%s” lacks “%s”", error->message, damaged[i].expect);
        g_clear_error (&error);
      }
  }

  if (gcpl == NULL)
    return;
  g_assert_null (isc_eis_data_load (gcpl, &error));
  g_assert_error (error, ISC_EIS_ERROR, ISC_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "gcpl.issue_149.mpt"));
  g_assert_nonnull (strstr (error->message, "not an impedance"));
}

static void
test_circuit_parse (void)
{
  g_autoptr(IscEisCircuit) c = NULL;
  g_autoptr(GError) error = NULL;
  static const char *bad[] = { "", "R0-", "p(R1)", "p(R1,C1", "X1", "R0-R0", "R0)", "Cx" };
  static const char *names[] = { "R0", "R1", "CPE1_0", "CPE1_1", "Wo1_0", "Wo1_1", "L_2", "Ws3_0", "Ws3_1", "W4", "C5" };

  c = isc_eis_circuit_parse ("R0-p(R1,CPE1)-Wo1 - L_2-p(Ws3,W4-C5)", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (isc_eis_circuit_get_n_params (c), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpstr (isc_eis_circuit_get_param_name (c, i), ==, names[i]);
  g_assert_cmpstr (isc_eis_circuit_get_param_unit (c, 0), ==, "Ohm");
  g_assert_cmpstr (isc_eis_circuit_get_param_unit (c, 5), ==, "s");
  g_assert_cmpint (isc_eis_circuit_charge_transfer (c), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(IscEisCircuit) none = isc_eis_circuit_parse (bad[i], &error);

      g_assert_null (none);
      g_assert_error (error, ISC_EIS_ERROR, ISC_ERROR_ARGUMENT);
      g_clear_error (&error);
    }
}

/* REFERENCE.md §1's model check values at the published parameters. */
static const double published[] = { 1.65e-02, 8.68e-03, 3.32e+00, 5.39e-03, 6.31e-02, 2.33e+02, 2.20e-01 };

static void
test_circuit_eval (void)
{
  g_autoptr(IscEisCircuit) c = isc_eis_circuit_parse ("R0-p(R1,C1)-p(R2-Wo1,C2)", NULL);
  static const double check[][3] = {
    { 1000, 1.659485e-02, -7.581175e-04 }, { 10, 2.419371e-02, -4.488935e-03 },
    { 0.1, 3.424552e-02, -3.854231e-03 }, { 0.01, 4.237288e-02, -1.166591e-02 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (check); i++)
    {
      double re, im;

      isc_eis_circuit_eval (c, published, check[i][0], &re, &im);
      REL_CLOSE (re, check[i][1], 1e-6);
      REL_CLOSE (im, check[i][2], 1e-6);
    }
}

/* The published impedance.py fit of exampleData.csv (REFERENCE.md §1): unweighted, the
 * published initial guess, on the 57 capacitive points; 1 % per parameter, 3 % on Wo1_1. */
static void
test_fit_published (void)
{
  g_autoptr(IscEisData) data = load_fixture ("cycling/impedance_py/exampleData.csv");
  g_autoptr(IscEisSpectrum) s = NULL;
  g_autoptr(IscEisCircuit) c = isc_eis_circuit_parse ("R0-p(R1,C1)-p(R2-Wo1,C2)", NULL);
  g_autoptr(IscEisFit) fit = NULL;
  g_autoptr(GError) error = NULL;
  static const double initial[] = { .01, .01, 100, .01, .05, 100, 1 };
  static const double refit[] = { 1.652e-02, 8.677e-03, 3.321e+00, 5.390e-03, 6.309e-02, 2.325e+02, 2.195e-01 };
  static const double sigma[] = { 1.54e-04, 1.91e-04, 1.90e-01, 2.06e-04, 1.94e-03, 1.62e+01, 1.75e-02 };

  if (data == NULL)
    return;
  s = isc_eis_spectrum_capacitive (first (data));
  fit = isc_eis_fit (c, s, initial, ISC_EIS_WEIGHT_UNIT, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < 7; k++)
    {
      g_test_message ("%s = %.5g +/- %.3g (published %.3g +/- %.3g)", isc_eis_circuit_get_param_name (c, k),
                      fit->values[k], fit->errors[k], published[k], sigma[k]);
      REL_CLOSE (fit->values[k], refit[k], k == 5 ? 0.03 : 0.01);
      REL_CLOSE (fit->errors[k], sigma[k], 0.1);
    }
  /* RMS |Z_model − Z_data| at the optimum: 5.839e-4 Ω. */
  g_test_message ("rms %.5g Ohm, %u iterations", fit->rms_ohm, fit->iterations);
  REL_CLOSE (fit->rms_ohm, 5.839e-4, 0.01);
}

/* The same data weighted by |Z| (curve_fit with sigma = |Z|): impedance.py's test_fitting.py
 * publishes [1.64e-2, 9.06e-3, 3.06, 5.29e-3, 1.45e-1, 1.32e3, 2.02e-1] (three digits: 1 %). */
static void
test_fit_published_modulus (void)
{
  g_autoptr(IscEisData) data = load_fixture ("cycling/impedance_py/exampleData.csv");
  g_autoptr(IscEisSpectrum) s = NULL;
  g_autoptr(IscEisCircuit) c = isc_eis_circuit_parse ("R0-p(R1,C1)-p(R2-Wo1,C2)", NULL);
  g_autoptr(IscEisFit) fit = NULL;
  g_autoptr(GError) error = NULL;
  static const double initial[] = { .01, .01, 100, .01, .05, 100, 1 };
  static const double weighted[] = { 1.64e-2, 9.06e-3, 3.06, 5.29e-3, 1.45e-1, 1.32e3, 2.02e-1 };

  if (data == NULL)
    return;
  s = isc_eis_spectrum_capacitive (first (data));
  fit = isc_eis_fit (c, s, initial, ISC_EIS_WEIGHT_MODULUS, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < 7; k++)
    REL_CLOSE (fit->values[k], weighted[k], 0.01);
}

static IscEisSpectrum *
synthetic (const IscEisCircuit *c,
           const double        *params,
           double               f_hi,
           double               f_lo,
           guint                n)
{
  IscEisSpectrum *s = isc_eis_spectrum_new (n, NULL, NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      s->freq[i] = f_hi * pow (f_lo / f_hi, (double) i / (n - 1));
      isc_eis_circuit_eval (c, params, s->freq[i], &s->re[i], &s->im[i]);
    }
  return s;
}

/* A spectrum made from known parameters is fitted back from the automatic initial guess. */
static void
test_fit_synthetic (void)
{
  static const struct { const char *circuit; double params[6]; } cases[] = {
    { "R0-p(R1,CPE1)", { 12.5, 80, 2e-5, 0.85 } },
    { "R0-p(R1,C1)-W1", { 5, 150, 1e-5, 20 } },
    { "R0-p(R1,CPE1)-Wo1", { 2, 40, 1e-4, 0.9, 30, 5 } },
  };

  for (guint t = 0; t < G_N_ELEMENTS (cases); t++)
    {
      g_autoptr(IscEisCircuit) c = isc_eis_circuit_parse (cases[t].circuit, NULL);
      g_autoptr(IscEisSpectrum) s = synthetic (c, cases[t].params, 1e5, 1e-2, 50);
      g_autoptr(GError) error = NULL;
      g_autoptr(IscEisFit) fit = isc_eis_fit (c, s, NULL, ISC_EIS_WEIGHT_MODULUS, &error);

      g_assert_no_error (error);
      for (guint k = 0; k < isc_eis_circuit_get_n_params (c); k++)
        {
          g_test_message ("%s %s = %g (true %g)", cases[t].circuit, isc_eis_circuit_get_param_name (c, k),
                          fit->values[k], cases[t].params[k]);
          REL_CLOSE (fit->values[k], cases[t].params[k], 1e-4);
        }
    }
}

/* Lin-KK: a circuit's spectrum is Kramers–Kronig consistent; one whose real part drifts
 * (as a cell that changes during the sweep) is not. */
static void
test_linkk (void)
{
  g_autoptr(IscEisCircuit) c = isc_eis_circuit_parse ("R0-p(R1,CPE1)-p(R2,C2)", NULL);
  static const double params[] = { 10, 100, 1e-5, 0.9, 50, 1e-2 };
  g_autoptr(IscEisSpectrum) s = synthetic (c, params, 1e5, 1e-2, 61);
  /* Exact data never over-fits, so μ is no guide: 25 RC elements over the seven decades. */
  g_autoptr(IscEisLinKK) good = isc_eis_linkk (s, 0, 25, FALSE, NULL);
  g_autoptr(IscEisLinKK) bad = NULL;
  g_autoptr(IscEisData) data = NULL;

  g_test_message ("consistent: M = %u, mu = %.3f, max residual %.2e", good->m, good->mu, good->max_residual);
  g_assert_cmpuint (good->m, ==, 25);
  g_assert_cmpfloat (good->max_residual, <, 5e-3);
  for (guint i = 0; i < s->n; i++)
    s->re[i] += 0.5 * i;   /* a drift of 30 Ω over the sweep */
  bad = isc_eis_linkk (s, 0, 25, FALSE, NULL);
  g_test_message ("drifting: M = %u, mu = %.3f, max residual %.2e", bad->m, bad->mu, bad->max_residual);
  g_assert_cmpfloat (bad->max_residual, >, 0.02);

  data = load_fixture ("cycling/impedance_py/exampleData.csv");
  if (data != NULL)
    {
      g_autoptr(IscEisLinKK) real = isc_eis_linkk (first (data), 0.5, 100, TRUE, NULL);

      g_test_message ("exampleData.csv: M = %u, mu = %.3f, max residual %.2e", real->m, real->mu, real->max_residual);
      g_assert_cmpfloat (real->max_residual, <, 0.02);
    }
}

/* R_ct of each cycle of the PEIS series: the arc shrinks from cycle 1 to 4 (REFERENCE.md §2). */
static void
test_rct_series (void)
{
  g_autoptr(IscEisData) data = load_fixture ("eis/yadg/peis.issue_149.mpt");
  g_autoptr(IscEisCircuit) c = isc_eis_circuit_parse ("R0-p(R1,CPE1)", NULL);
  static const double chord[] = { 89.973, 89.188, 88.269, 87.735 };
  double last = G_MAXDOUBLE;

  if (data == NULL)
    return;
  for (guint i = 0; i < data->spectra->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IscEisFit) fit = isc_eis_fit (c, g_ptr_array_index (data->spectra, i), NULL,
                                              ISC_EIS_WEIGHT_MODULUS, &error);
      double rct;

      g_assert_no_error (error);
      rct = fit->values[isc_eis_circuit_charge_transfer (c)];
      g_test_message ("cycle %u: R0 %.4g R_ct %.4g +/- %.2g (circle chord %.4g), rms %.3g", i + 1, fit->values[0],
                      rct, fit->errors[1], chord[i], fit->rms_ohm);
      g_assert_cmpfloat (rct, <, last);
      REL_CLOSE (rct, chord[i], 0.15);
      last = rct;
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/eis/read/csv", test_read_csv);
  g_test_add_func ("/eis/read/gamry", test_read_gamry);
  g_test_add_func ("/eis/read/zplot", test_read_zplot);
  g_test_add_func ("/eis/read/text-exports", test_read_text_exports);
  g_test_add_func ("/eis/read/biologic", test_read_biologic);
  g_test_add_func ("/eis/read/errors", test_read_errors);
  g_test_add_func ("/eis/circuit/parse", test_circuit_parse);
  g_test_add_func ("/eis/circuit/eval", test_circuit_eval);
  g_test_add_func ("/eis/fit/published", test_fit_published);
  g_test_add_func ("/eis/fit/published-modulus", test_fit_published_modulus);
  g_test_add_func ("/eis/fit/synthetic", test_fit_synthetic);
  g_test_add_func ("/eis/linkk", test_linkk);
  g_test_add_func ("/eis/rct-series", test_rct_series);
  return g_test_run ();
}
