/* test-xrd-readers.c: every XRD reader on the real files of ../shared/fixtures/xrd against the
 * independently computed values of its REFERENCE.md; small written files for what has no
 * fixture; a truncated copy of every binary format must fail with one error naming the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "test-util.h"
#include "xrd-pattern.h"

static IscXrdSeries *
load_fixture (const char *relative)
{
  g_autofree char *path = isc_test_fixture_or_skip (relative);
  g_autoptr(GError) error = NULL;
  IscXrdSeries *series;

  if (path == NULL)
    return NULL;
  series = isc_xrd_load (path, ISC_XRD_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_nonnull (series);
  return series;
}

static double
sum (const IscXrdPattern *p)
{
  double s = 0;

  for (guint i = 0; i < p->n; i++)
    s += p->intensity[i];
  return s;
}

static double
max_value (const IscXrdPattern *p,
           guint               *at)
{
  double m = -INFINITY;

  for (guint i = 0; i < p->n; i++)
    if (p->intensity[i] > m)
      {
        m = p->intensity[i];
        if (at != NULL)
          *at = i;
      }
  return m;
}

static void
test_xrdml (void)
{
  g_autoptr(IscXrdSeries) s = load_fixture ("xrd/yadg/210520step1_30min.xrdml");
  IscXrdPattern *p;
  guint at = 0;

  if (s == NULL)
    return;
  g_assert_cmpuint (isc_xrd_series_get_n (s), ==, 1);
  p = isc_xrd_series_get (s, 0);
  g_assert_cmpint (p->format, ==, ISC_XRD_FORMAT_XRDML);
  g_assert_cmpuint (p->n, ==, 4489);
  g_assert_cmpfloat_with_epsilon (p->two_theta[0], 5.00835563, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->two_theta[p->n - 1], 80.00853080, 1e-9);
  g_assert_true (p->wavelength_from_file);
  g_assert_cmpfloat_with_epsilon (p->wavelength, 1.5405980, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->wavelength2, 1.5444260, 1e-9);
  g_assert_cmpfloat (p->ka2_ratio, ==, 0);
  g_assert_cmpstr (p->anode, ==, "Cu");
  g_assert_cmpfloat (sum (p), ==, 3375875);
  g_assert_cmpfloat (max_value (p, &at), ==, 10718);
  g_assert_cmpfloat_with_epsilon (p->two_theta[at], 29.0392, 1e-3);
}

/* The same measurement as .xrdml, .xy and PANalytical .csv: identical counts, 2θ to 5e-9°. */
static void
test_panalytical_triple (void)
{
  g_autoptr(IscXrdSeries) a = load_fixture ("xrd/yadg/210520step1_30min.xrdml");
  g_autoptr(IscXrdSeries) b = load_fixture ("xrd/yadg/210520step1_30min.xy");
  g_autoptr(IscXrdSeries) c = load_fixture ("xrd/yadg/210520step1_30min.csv");
  IscXrdPattern *pa, *pb, *pc;

  if (a == NULL || b == NULL || c == NULL)
    return;
  pa = isc_xrd_series_get (a, 0);
  pb = isc_xrd_series_get (b, 0);
  pc = isc_xrd_series_get (c, 0);
  g_assert_cmpuint (pb->n, ==, 4489);
  g_assert_cmpuint (pc->n, ==, 4489);
  for (guint i = 0; i < pa->n; i++)
    {
      g_assert_cmpfloat_with_epsilon (pb->two_theta[i], pa->two_theta[i], 5e-9);
      g_assert_cmpfloat (pb->two_theta[i], ==, pc->two_theta[i]);
      g_assert_cmpfloat (pb->intensity[i], ==, pa->intensity[i]);
      g_assert_cmpfloat (pc->intensity[i], ==, pa->intensity[i]);
    }
  /* .xy states no radiation: Cu Kα1 assumed and said so; the CSV header gives it. */
  g_assert_false (pb->wavelength_from_file);
  g_assert_cmpfloat (pb->wavelength, ==, ISC_XRD_CU_KALPHA1);
  g_assert_true (pc->wavelength_from_file);
  g_assert_cmpfloat_with_epsilon (pc->wavelength, 1.5405980, 1e-9);
  g_assert_cmpstr (pc->anode, ==, "Cu");
}

static void
test_raw_v3 (void)
{
  g_autoptr(IscXrdSeries) s = load_fixture ("xrd/gsas2_tutorials/LaB6_Jan2018.raw");
  IscXrdPattern *p;

  if (s == NULL)
    return;
  g_assert_cmpuint (isc_xrd_series_get_n (s), ==, 1);
  p = isc_xrd_series_get (s, 0);
  g_assert_cmpuint (p->n, ==, 3040);
  g_assert_cmpfloat_with_epsilon (p->two_theta[0], 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->two_theta[p->n - 1], 70.0044472, 1e-6);
  g_assert_cmpfloat (p->intensity[0], ==, 7393);
  g_assert_cmpfloat (p->intensity[1], ==, 7478);
  g_assert_cmpfloat (p->intensity[2], ==, 7347);
  g_assert_cmpfloat (sum (p), ==, 10491778);
  g_assert_cmpfloat (max_value (p, NULL), ==, 134930);
  g_assert_cmpfloat_with_epsilon (p->wavelength, 1.5406, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->wavelength2, 1.54439, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->ka2_ratio, 0.5, 1e-9);
  g_assert_cmpstr (p->anode, ==, "Cu");
}

/* v4 with 8-byte datums: a 4-byte reader would read the uint32 flags as intensities. */
static void
test_raw_v4 (void)
{
  g_autoptr(IscXrdSeries) s = load_fixture ("xrd/nomad_measurements/TwoTheta_scan_scrambled.raw");
  const double first[5] = { 283.7692, -164.53447, -164.53447, 3158.152, -164.53447 };
  IscXrdPattern *p;
  double lo = INFINITY;

  if (s == NULL)
    return;
  g_assert_cmpuint (isc_xrd_series_get_n (s), ==, 1);
  p = isc_xrd_series_get (s, 0);
  g_assert_cmpuint (p->n, ==, 7134);
  g_assert_cmpfloat_with_epsilon (p->two_theta[0], 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->two_theta[p->n - 1], 85.041299, 1e-5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpfloat_with_epsilon (p->intensity[i], first[i], 1e-3);
  g_assert_cmpfloat_with_epsilon (sum (p), 2107237.94, 0.5);
  g_assert_cmpfloat_with_epsilon (max_value (p, NULL), 11330.587, 1e-3);
  for (guint i = 0; i < p->n; i++)
    lo = MIN (lo, p->intensity[i]);
  g_assert_cmpfloat_with_epsilon (lo, -164.5345, 1e-3);
  g_assert_cmpfloat_with_epsilon (p->wavelength, 1.5406, 1e-6);
  g_assert_cmpfloat (p->ka2_ratio, ==, 0);
  g_assert_cmpstr (p->anode, ==, "Cu");
}

static void
test_rasx (void)
{
  g_autoptr(IscXrdSeries) s = load_fixture ("xrd/nomad_measurements/TwoTheta_scan_powder.rasx");
  IscXrdPattern *p;

  if (s == NULL)
    return;
  g_assert_cmpuint (isc_xrd_series_get_n (s), ==, 1);
  p = isc_xrd_series_get (s, 0);
  g_assert_cmpint (p->format, ==, ISC_XRD_FORMAT_RASX);
  g_assert_cmpuint (p->n, ==, 2726);
  g_assert_cmpfloat_with_epsilon (p->two_theta[0], 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->two_theta[p->n - 1], 119.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (sum (p), 149926.853, 1e-2);
  g_assert_cmpfloat_with_epsilon (max_value (p, NULL), 1698.509, 1e-3);
  g_assert_true (p->wavelength_from_file);
  g_assert_cmpfloat_with_epsilon (p->wavelength, 1.540593, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->wavelength2, 1.544414, 1e-9);
  g_assert_cmpstr (p->intensity_unit, ==, "counts");
}

/* Reference: strongest-peak table of REFERENCE.md (brml per-point temperatures, Σcounts). */
static void
test_brml_series (void)
{
  g_autoptr(IscXrdSeries) s = load_fixture ("xrd/dxtools/Temperature.brml");
  IscXrdPattern *p, *last;

  if (s == NULL)
    return;
  g_assert_cmpuint (isc_xrd_series_get_n (s), ==, 22);
  p = isc_xrd_series_get (s, 0);
  last = isc_xrd_series_get (s, 21);
  g_assert_cmpuint (p->n, ==, 501);
  g_assert_cmpfloat_with_epsilon (p->two_theta[0], 61.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->two_theta[p->n - 1], 66.5, 1e-6);
  g_assert_cmpfloat (p->intensity[0], ==, 7);
  g_assert_cmpfloat (p->intensity[1], ==, 11);
  g_assert_cmpfloat (p->intensity[2], ==, 10);
  g_assert_nonnull (p->point_temperature);
  g_assert_cmpfloat (p->point_temperature[0], ==, 40);
  g_assert_cmpfloat_with_epsilon (p->temperature_c, 40.5449, 1e-3);
  g_assert_cmpfloat (sum (p), ==, 1092460);
  /* RawData10 must not come before RawData2: the last range is the 100 °C one. */
  g_assert_cmpfloat_with_epsilon (last->temperature_c, 100.00, 1e-3);
  g_assert_cmpfloat (sum (last), ==, 1084679);
  g_assert_cmpfloat (sum (isc_xrd_series_get (s, 9)), ==, 951845);
  g_assert_cmpfloat_with_epsilon (p->wavelength, 1.5406, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->ka2_ratio, 0.5, 1e-9);
  g_assert_cmpfloat (p->time_s, ==, 0);
  g_assert_cmpfloat (last->time_s, >, 0);
}

/* The UXD export of the same series: same counts and 2θ, _V4_TEMPERATURE (K) in °C. */
static void
test_uxd_series (void)
{
  g_autoptr(IscXrdSeries) u = load_fixture ("xrd/dxtools/Temperature.uxd");
  g_autoptr(IscXrdSeries) b = load_fixture ("xrd/dxtools/Temperature.brml");

  if (u == NULL || b == NULL)
    return;
  g_assert_cmpuint (isc_xrd_series_get_n (u), ==, 22);
  g_assert_cmpfloat_with_epsilon (isc_xrd_series_get (u, 0)->temperature_c, 313.6949 - 273.15, 1e-6);
  g_assert_cmpfloat_with_epsilon (isc_xrd_series_get (u, 21)->temperature_c, 100.0, 1e-6);
  for (guint r = 0; r < 22; r++)
    {
      IscXrdPattern *pu = isc_xrd_series_get (u, r);
      IscXrdPattern *pb = isc_xrd_series_get (b, r);

      g_assert_cmpuint (pu->n, ==, pb->n);
      g_assert_cmpfloat_with_epsilon (pu->temperature_c, pb->temperature_c, 1e-3);
      for (guint i = 0; i < pu->n; i++)
        {
          g_assert_cmpfloat (pu->intensity[i], ==, pb->intensity[i]);
          g_assert_cmpfloat_with_epsilon (pu->two_theta[i], pb->two_theta[i], 1e-5);
        }
    }
  g_assert_cmpfloat_with_epsilon (isc_xrd_series_get (u, 0)->wavelength, 1.5406, 1e-9);
  g_assert_cmpfloat_with_epsilon (isc_xrd_series_get (u, 0)->wavelength2, 1.54439, 1e-9);
}

static void
test_ras_shift_jis (void)
{
  g_autoptr(IscXrdSeries) s = load_fixture ("xrd/genx/rigaku_test.ras");
  IscXrdPattern *p;
  guint at = 0;

  if (s == NULL)
    return;
  g_assert_cmpuint (isc_xrd_series_get_n (s), ==, 1);
  p = isc_xrd_series_get (s, 0);
  g_assert_cmpuint (p->n, ==, 1401);
  g_assert_cmpfloat_with_epsilon (p->two_theta[0], 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->two_theta[p->n - 1], 30.0, 1e-9);
  g_assert_cmpfloat (sum (p), ==, 7445661);
  g_assert_cmpfloat (max_value (p, &at), ==, 173128);
  g_assert_cmpfloat_with_epsilon (p->two_theta[at], 6.88, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->wavelength, 1.540593, 1e-9);
  g_assert_cmpstr (p->anode, ==, "Cu");
  g_assert_cmpstr (p->intensity_unit, ==, "counts");
}

/* A folder of files is a series, ordered by the temperature in the file names. */
static void
test_folder_series (void)
{
  g_autofree char *dir = isc_test_fixture_or_skip ("xrd/vt_pxrd_plotter");
  g_autoptr(IscXrdSeries) s = NULL;
  g_autoptr(GError) error = NULL;
  const double temps[5] = { 300, 400, 500, 600, 700 };
  const double sums[5] = { 581981, 474403, 409161, 362073, 459919 };
  const double maxes[5] = { 1888, 1985, 1829, 991, 2358 };

  if (dir == NULL)
    return;
  s = isc_xrd_load (dir, ISC_XRD_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (isc_xrd_series_get_n (s), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      IscXrdPattern *p = isc_xrd_series_get (s, i);

      g_assert_cmpfloat (p->temperature_c, ==, temps[i]);
      g_assert_cmpuint (p->n, ==, 3962);
      g_assert_cmpfloat_with_epsilon (p->two_theta[0], 9.99763, 1e-5);
      g_assert_cmpfloat_with_epsilon (p->two_theta[p->n - 1], 89.99609, 1e-5);
      g_assert_cmpfloat_with_epsilon (sum (p), sums[i], 1e-6);
      g_assert_cmpfloat (max_value (p, NULL), ==, maxes[i]);
    }
}

/* Several files given in any order: sorted by temperature. */
static void
test_load_many (void)
{
  g_autofree char *a = isc_test_fixture_or_skip ("xrd/vt_pxrd_plotter/700deg.xy");
  g_autofree char *b = isc_test_fixture_or_skip ("xrd/vt_pxrd_plotter/300deg.xy");
  g_autoptr(IscXrdSeries) s = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[2];

  if (a == NULL || b == NULL)
    return;
  paths[0] = a;
  paths[1] = b;
  s = isc_xrd_load_many (paths, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (isc_xrd_series_get_n (s), ==, 2);
  g_assert_cmpfloat (isc_xrd_series_get (s, 0)->temperature_c, ==, 300);
  g_assert_cmpfloat (isc_xrd_series_get (s, 1)->temperature_c, ==, 700);
}

static void
test_tab_crlf_xy (void)
{
  g_autoptr(IscXrdSeries) s = load_fixture ("xrd/xrd_autoanalyzer/MnO.xy");
  g_autoptr(IscXrdSeries) l = load_fixture ("xrd/xrd_autoanalyzer/LiMn2O4.xy");

  if (s == NULL || l == NULL)
    return;
  g_assert_cmpuint (isc_xrd_series_get (s, 0)->n, ==, 9001);
  g_assert_cmpfloat (sum (isc_xrd_series_get (s, 0)), ==, 15756817);
  g_assert_cmpfloat (max_value (isc_xrd_series_get (s, 0), NULL), ==, 28818);
  g_assert_cmpfloat (sum (isc_xrd_series_get (l, 0)), ==, 15764060);
}

/* No fixture has .xye: a three-column file written here keeps its σ column; a header line and a
 * comment before the data are skipped. */
static void
test_xye_written (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "sample_450C.xye", NULL);
  const char *text = "# written by the test\n2theta intensity esd\n10.0 100 10\n10.5 121 11\n11.0 144 12\n";
  g_autoptr(IscXrdSeries) s = NULL;
  g_autoptr(GError) error = NULL;
  IscXrdPattern *p;

  isc_test_write_file (path, text, strlen (text));
  s = isc_xrd_load (path, ISC_XRD_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  p = isc_xrd_series_get (s, 0);
  g_assert_cmpuint (p->n, ==, 3);
  g_assert_nonnull (p->sigma);
  g_assert_cmpfloat (p->sigma[2], ==, 12);
  g_assert_cmpfloat (p->intensity[1], ==, 121);
  g_assert_cmpfloat (p->temperature_c, ==, 450);
}

/* An XRDML file with two scans, listed positions in the second (no fixture has either): a series
 * of two, times from the scans' start stamps. */
static void
test_xrdml_two_scans (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "two.xrdml", NULL);
  const char *text =
    "<?xml version=\"1.0\"?>\n<xrdMeasurements xmlns=\"http://www.xrdml.com/XRDMeasurement/1.5\"><xrdMeasurement>"
    "<usedWavelength><kAlpha1 unit=\"Angstrom\">1.7890100</kAlpha1><kAlpha2 unit=\"Angstrom\">1.7928500</kAlpha2>"
    "<ratioKAlpha2KAlpha1>0.5000</ratioKAlpha2KAlpha1></usedWavelength>"
    "<scan><header><startTimeStamp>2024-01-01T10:00:00+01:00</startTimeStamp></header><dataPoints>"
    "<positions axis=\"2Theta\" unit=\"deg\"><startPosition>20</startPosition><endPosition>21</endPosition></positions>"
    "<intensities unit=\"counts\">1 2 3</intensities></dataPoints></scan>"
    "<scan><header><startTimeStamp>2024-01-01T10:30:00+01:00</startTimeStamp></header><dataPoints>"
    "<positions axis=\"2Theta\" unit=\"deg\"><listPositions>20 20.2 20.5 21</listPositions></positions>"
    "<intensities unit=\"counts\">4 5 6 7</intensities></dataPoints></scan></xrdMeasurement></xrdMeasurements>\n";
  g_autoptr(IscXrdSeries) s = NULL;
  g_autoptr(GError) error = NULL;
  IscXrdPattern *a, *b;

  isc_test_write_file (path, text, strlen (text));
  s = isc_xrd_load (path, ISC_XRD_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (isc_xrd_series_get_n (s), ==, 2);
  a = isc_xrd_series_get (s, 0);
  b = isc_xrd_series_get (s, 1);
  g_assert_cmpuint (a->n, ==, 3);
  g_assert_cmpfloat (a->two_theta[1], ==, 20.5);
  g_assert_cmpfloat (a->wavelength, ==, 1.78901);
  g_assert_cmpfloat (a->ka2_ratio, ==, 0.5);
  g_assert_cmpuint (b->n, ==, 4);
  g_assert_cmpfloat (b->two_theta[2], ==, 20.5);
  g_assert_cmpfloat (b->intensity[3], ==, 7);
  g_assert_cmpfloat (a->time_s, ==, 0);
  g_assert_cmpfloat (b->time_s, ==, 1800);
}

/* A RAS file with two scans (no fixture has one): a series of two. */
static void
test_ras_two_scans (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "two.ras", NULL);
  const char *text =
    "*RAS_DATA_START\n*RAS_HEADER_START\n*HW_XG_WAVE_LENGTH_ALPHA1 \"1.789007\"\n*HW_XG_TARGET_NAME \"Co\"\n"
    "*RAS_HEADER_END\n*RAS_INT_START\n20.0 5 1\n20.1 6 2\n*RAS_INT_END\n"
    "*RAS_HEADER_START\n*HW_XG_WAVE_LENGTH_ALPHA1 \"1.789007\"\n*RAS_HEADER_END\n*RAS_INT_START\n20.0 7 1\n20.1 8 1\n20.2 9 1\n"
    "*RAS_INT_END\n*RAS_DATA_END\n";
  g_autoptr(IscXrdSeries) s = NULL;
  g_autoptr(GError) error = NULL;

  isc_test_write_file (path, text, strlen (text));
  s = isc_xrd_load (path, ISC_XRD_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (isc_xrd_series_get_n (s), ==, 2);
  g_assert_cmpfloat (isc_xrd_series_get (s, 0)->wavelength, ==, 1.789007);
  g_assert_cmpstr (isc_xrd_series_get (s, 0)->anode, ==, "Co");
  /* counts × attenuator factor */
  g_assert_cmpfloat (isc_xrd_series_get (s, 0)->intensity[1], ==, 12);
  g_assert_cmpuint (isc_xrd_series_get (s, 1)->n, ==, 3);
}

static void
test_temperature_from_name (void)
{
  g_assert_cmpfloat (isc_xrd_temperature_from_name ("/a/300deg.xy"), ==, 300);
  g_assert_cmpfloat (isc_xrd_temperature_from_name ("run_T450C_2.xy"), ==, 450);
  g_assert_cmpfloat_with_epsilon (isc_xrd_temperature_from_name ("scan-573K.xrdml"), 299.85, 1e-9);
  g_assert_true (isnan (isc_xrd_temperature_from_name ("LiMn2O4.xy")));
  g_assert_true (isnan (isc_xrd_temperature_from_name ("MnO.xy")));
}

static void
test_bragg (void)
{
  /* d = λ / (2 sin θ): Si (111), d = 5.4311/√3 = 3.13565 Å; sin θ = 1.5406/6.27130 = 0.245659,
   * θ = 14.2208° → 2θ = 28.4416° at 1.5406 Å. */
  g_assert_cmpfloat_with_epsilon (isc_xrd_two_theta_from_d (5.4311 / sqrt (3), 1.5406), 28.4416, 2e-4);
  g_assert_cmpfloat_with_epsilon (isc_xrd_d_from_two_theta (28.4416, 1.5406), 3.13565, 2e-5);
  g_assert_true (isnan (isc_xrd_two_theta_from_d (0.5, 1.5406)));
}

/* Damaged input: a truncated copy of each binary or zipped format, and text junk, each fails
 * with one error that names the file, and never reads out of bounds (the sanitizer build). */
static void
check_truncated (const char *relative,
                 gsize       keep_bytes)
{
  g_autofree char *src = isc_test_fixture_or_skip (relative);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IscXrdSeries) s = NULL;
  gsize len;

  if (src == NULL)
    return;
  g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
  g_assert_cmpuint (keep_bytes, <, len);
  dir = isc_test_make_tmpdir ();
  base = g_strconcat ("cut-", strrchr (relative, '/') + 1, NULL);
  path = g_build_filename (dir, base, NULL);
  isc_test_write_file (path, contents, keep_bytes);
  s = isc_xrd_load (path, ISC_XRD_FORMAT_AUTO, &error);
  g_assert_null (s);
  g_assert_error (error, ISC_XRD_ERROR, ISC_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, base));
  g_test_message ("%s: %s", relative, error->message);
}

static void
test_malformed (void)
{
  /* RAW v3: inside the header, then inside the data. */
  check_truncated ("xrd/gsas2_tutorials/LaB6_Jan2018.raw", 500);
  check_truncated ("xrd/gsas2_tutorials/LaB6_Jan2018.raw", 8000);
  /* RAW v4: inside a segment, inside the range header, inside the 8-byte datums. */
  check_truncated ("xrd/nomad_measurements/TwoTheta_scan_scrambled.raw", 200);
  check_truncated ("xrd/nomad_measurements/TwoTheta_scan_scrambled.raw", 500);
  check_truncated ("xrd/nomad_measurements/TwoTheta_scan_scrambled.raw", 30000);
  /* Zip containers cut short, and XML cut short. */
  check_truncated ("xrd/dxtools/Temperature.brml", 300000);
  check_truncated ("xrd/nomad_measurements/TwoTheta_scan_powder.rasx", 20000);
  check_truncated ("xrd/yadg/210520step1_30min.xrdml", 5000);
}

static void
test_malformed_text (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "junk.xy", NULL);
  const char *text = "10.0 5\n10.1 six\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(IscXrdSeries) s = NULL;

  isc_test_write_file (path, text, strlen (text));
  s = isc_xrd_load (path, ISC_XRD_FORMAT_AUTO, &error);
  g_assert_null (s);
  g_assert_error (error, ISC_XRD_ERROR, ISC_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "junk.xy"));
  g_assert_nonnull (strstr (error->message, "line 2"));
}

/* 2θ that goes backwards in the middle is refused (not silently sorted). */
static void
test_non_monotonic (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "back.xy", NULL);
  const char *text = "10.0 5\n10.2 6\n10.1 7\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(IscXrdSeries) s = NULL;

  isc_test_write_file (path, text, strlen (text));
  s = isc_xrd_load (path, ISC_XRD_FORMAT_AUTO, &error);
  g_assert_null (s);
  g_assert_error (error, ISC_XRD_ERROR, ISC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "back.xy"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/xrd/readers/xrdml", test_xrdml);
  g_test_add_func ("/xrd/readers/panalytical-triple", test_panalytical_triple);
  g_test_add_func ("/xrd/readers/raw-v3", test_raw_v3);
  g_test_add_func ("/xrd/readers/raw-v4", test_raw_v4);
  g_test_add_func ("/xrd/readers/rasx", test_rasx);
  g_test_add_func ("/xrd/readers/brml-series", test_brml_series);
  g_test_add_func ("/xrd/readers/uxd-series", test_uxd_series);
  g_test_add_func ("/xrd/readers/ras-shift-jis", test_ras_shift_jis);
  g_test_add_func ("/xrd/readers/folder-series", test_folder_series);
  g_test_add_func ("/xrd/readers/load-many", test_load_many);
  g_test_add_func ("/xrd/readers/tab-crlf-xy", test_tab_crlf_xy);
  g_test_add_func ("/xrd/readers/xye-written", test_xye_written);
  g_test_add_func ("/xrd/readers/ras-two-scans", test_ras_two_scans);
  g_test_add_func ("/xrd/readers/xrdml-two-scans", test_xrdml_two_scans);
  g_test_add_func ("/xrd/readers/temperature-from-name", test_temperature_from_name);
  g_test_add_func ("/xrd/readers/bragg", test_bragg);
  g_test_add_func ("/xrd/readers/malformed", test_malformed);
  g_test_add_func ("/xrd/readers/malformed-text", test_malformed_text);
  g_test_add_func ("/xrd/readers/non-monotonic", test_non_monotonic);
  return g_test_run ();
}
