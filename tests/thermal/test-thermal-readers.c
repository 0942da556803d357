/* test-thermal-readers.c: the thermal-analysis readers on the real exports of
 * ../shared/fixtures/thermal (values of its REFERENCE.md), on small files written here for what
 * has no fixture (CSV with mapped columns, decimal commas), and on damaged files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "isc-fixtures.h"
#include "test-util.h"
#include "thermal-curve.h"

static IscThermalCurve *
load_one (const char      *path,
          IscThermalFormat expect)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) curves = isc_thermal_load (path, ISC_THERMAL_FORMAT_AUTO, NULL, &error);
  IscThermalCurve *c;

  g_assert_no_error (error);
  g_assert_cmpuint (curves->len, ==, 1);
  c = g_ptr_array_steal_index (curves, 0);
  g_assert_cmpint (c->format, ==, expect);
  return c;
}

static void
minmax (const double *v,
        guint         n,
        double       *lo,
        double       *hi)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint i = 0; i < n; i++)
    {
      *lo = MIN (*lo, v[i]);
      *hi = MAX (*hi, v[i]);
    }
}

static guint
count_segment (const IscThermalCurve *c,
               guint                  segment)
{
  guint n = 0;

  for (guint i = 0; i < c->n; i++)
    n += c->segment[i] == segment;
  return n;
}

static void
test_netzsch (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("thermal/pytga/netzsch2_example_file.txt");
  g_autoptr(IscThermalCurve) c = NULL;

  if (path == NULL)
    return;
  c = load_one (path, ISC_THERMAL_FORMAT_NETZSCH);
  g_assert_cmpuint (c->n, ==, 270);
  g_assert_cmpfloat_with_epsilon (c->temperature_c[0], 27.251, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->temperature_c[269], 699.751, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->time_min[0], 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->time_min[269], 133.9894, 1e-4);
  g_assert_cmpint (c->mass_unit, ==, ISC_THERMAL_MASS_PERCENT);
  g_assert_cmpfloat_with_epsilon (c->mass[0], 99.99434, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->mass[269], 25.54136, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->sample_mass_mg, 13.10, 1e-9);
  g_assert_cmpstr (c->sample, ==, "BAN-1-32 Co L-asp bpe");
  g_assert_cmpstr (c->instrument, ==, "NETZSCH TG 209F1 Libra");
  g_assert_null (c->signal);
}

/* 0x9B degree sign, a decimal comma in the header, segments from the Segment column. */
static void
test_netzsch_sta (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("thermal/pytga/netzsch_example3.txt");
  g_autoptr(IscThermalCurve) c = NULL;
  double lo, hi;

  if (path == NULL)
    return;
  c = load_one (path, ISC_THERMAL_FORMAT_NETZSCH);
  g_assert_cmpuint (c->n, ==, 7022);
  g_assert_nonnull (c->segment);
  g_assert_cmpuint (count_segment (c, 1), ==, 6421);
  g_assert_cmpuint (count_segment (c, 2), ==, 601);
  g_assert_cmpfloat_with_epsilon (c->temperature_c[0], 31.06, 0.005);
  g_assert_cmpfloat_with_epsilon (c->temperature_c[6420], 999.33, 0.005);
  g_assert_cmpfloat_with_epsilon (c->time_min[6420], 64.198, 0.0006);
  g_assert_cmpfloat_with_epsilon (c->time_min[6421], 64.248, 0.0006);
  g_assert_cmpfloat_with_epsilon (c->time_min[7021], 94.201, 0.0006);
  g_assert_cmpfloat_with_epsilon (c->mass[0], 100.000, 0.0001);
  g_assert_cmpfloat_with_epsilon (c->mass[6420], 42.1495, 0.0001);
  g_assert_cmpfloat_with_epsilon (c->mass[6421], 41.5421, 0.0001);
  g_assert_cmpfloat_with_epsilon (c->mass[7021], 2.0327, 0.0001);
  minmax (c->mass, c->n, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, 1.7991, 0.0001);
  g_assert_cmpfloat_with_epsilon (c->sample_mass_mg, 4.28, 1e-9);
}

/* UTF-16 LE with BOM, three marker rows dropped, the gas switch as a new segment. */
static void
test_ta_utf16 (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("thermal/pytga/TAInstruments_example_file.txt");
  g_autoptr(IscThermalCurve) c = NULL;
  double lo, hi;

  if (path == NULL)
    return;
  c = load_one (path, ISC_THERMAL_FORMAT_TA);
  g_assert_cmpuint (c->n, ==, 15577);
  g_assert_cmpfloat_with_epsilon (c->time_min[0], 0.000666667, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->time_min[c->n - 1], 129.7958, 1e-4);
  minmax (c->temperature_c, c->n, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, 22.702, 0.0006);
  g_assert_cmpfloat_with_epsilon (hi, 121.107, 0.0006);
  g_assert_cmpint (c->mass_unit, ==, ISC_THERMAL_MASS_MG);
  g_assert_cmpfloat_with_epsilon (c->mass[0], 20.82160, 1e-6);
  g_assert_cmpfloat_with_epsilon (c->mass[c->n - 1], 19.18695, 1e-6);
  minmax (c->mass, c->n, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, 17.14779, 1e-6);
  g_assert_nonnull (c->segment);
  g_assert_cmpuint (count_segment (c, 1), ==, 10177);
  g_assert_cmpuint (count_segment (c, 2), ==, 5400);
  g_assert_cmpfloat_with_epsilon (c->mass[10176], 17.32664, 1e-6);
  g_assert_cmpfloat_with_epsilon (c->mass[10177], 17.32674, 1e-6);
  g_assert_cmpfloat_with_epsilon (c->sample_mass_mg, 20.8210, 1e-9);
  g_assert_cmpstr (c->sample, ==, "example_sample");
  g_assert_cmpstr (c->instrument, ==, "TGA Q500 V20.13 Build 39");
}

/* Single-byte TA export with the DOS degree sign 0xF8: a DSC curve without mass. */
static void
test_ta_dsc (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("thermal/pkynetics/sample_dsc_tainstruments.txt");
  g_autoptr(IscThermalCurve) c = NULL;
  double lo, hi;

  if (path == NULL)
    return;
  c = load_one (path, ISC_THERMAL_FORMAT_TA);
  g_assert_cmpuint (c->n, ==, 19000);
  g_assert_null (c->mass);
  g_assert_nonnull (c->signal);
  g_assert_cmpstr (c->signal_name, ==, "Heat Flow");
  g_assert_cmpstr (c->signal_unit, ==, "mW");
  g_assert_cmpfloat_with_epsilon (c->time_min[0], 187.9960, 1e-4);
  g_assert_cmpfloat_with_epsilon (c->time_min[c->n - 1], 370.9860, 1e-4);
  minmax (c->temperature_c, c->n, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, -21.183, 0.0006);
  g_assert_cmpfloat_with_epsilon (hi, 69.642, 0.0006);
  minmax (c->signal, c->n, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, -25.7614, 1e-4);
  g_assert_cmpfloat_with_epsilon (hi, 12.4859, 1e-4);
  g_assert_cmpfloat_with_epsilon (c->sample_mass_mg, 9.0, 1e-9);
}

static char *
write_tmp (const char *name,
           const char *text,
           gssize      len)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  char *path = g_build_filename (dir, name, NULL);

  isc_test_write_file (path, text, len >= 0 ? (gsize) len : strlen (text));
  return path;
}

/* A single-byte TA export written here: 20 signals, the temperature and weight last (beyond any
 * small row buffer), a marker row, and a row with too few columns. */
static void
test_ta_wide (void)
{
  GString *text = g_string_new ("OPEN\nInstrument\tTGA Q50\nSample\twide\nSize\t5.0000\tmg\nNsig\t20\n");
  g_autofree char *path = NULL;
  g_autofree char *short_path = NULL;
  g_autoptr(GPtrArray) curves = NULL;
  g_autoptr(GError) error = NULL;
  IscThermalCurve *c;

  g_string_append (text, "Sig1\tTime (min)\n");
  for (guint k = 2; k <= 18; k++)
    g_string_append_printf (text, "Sig%u\tFlow %u (mL/min)\n", k, k);
  g_string_append (text, "Sig19\tTemperature (\xf8" "C)\nSig20\tWeight (mg)\nStartOfData\n");
  for (guint r = 0; r < 4; r++)
    {
      g_string_append_printf (text, "%s", r == 0 ? "-3" : r == 1 ? "0.0" : r == 2 ? "0.5" : "1.0");
      for (guint k = 2; k <= 18; k++)
        g_string_append (text, "\t1");
      g_string_append_printf (text, "\t%d\t%g\n", 25 + 5 * (int) r, 5.0 - 0.1 * r);
    }
  path = write_tmp ("wide.txt", text->str, text->len);
  curves = isc_thermal_load (path, ISC_THERMAL_FORMAT_AUTO, NULL, &error);
  g_assert_no_error (error);
  c = g_ptr_array_index (curves, 0);
  g_assert_cmpint (c->format, ==, ISC_THERMAL_FORMAT_TA);
  g_assert_cmpuint (c->n, ==, 3);
  g_assert_cmpfloat (c->temperature_c[0], ==, 30);
  g_assert_cmpfloat (c->mass[2], ==, 4.7);
  g_assert_cmpfloat (c->sample_mass_mg, ==, 5.0);
  g_clear_pointer (&curves, g_ptr_array_unref);
  g_string_append (text, "2.0\t1\t1\n");
  short_path = write_tmp ("short.txt", text->str, text->len);
  curves = isc_thermal_load (short_path, ISC_THERMAL_FORMAT_AUTO, NULL, &error);
  g_assert_null (curves);
  g_assert_error (error, ISC_THERMAL_ERROR, ISC_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "short.txt"));
  g_string_free (text, TRUE);
}

/* Ten stage blocks, the column header after the first only, a footer after the data. */
static void
test_perkinelmer (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("thermal/pytga/PerkinElmer_example_file.txt");
  g_autoptr(IscThermalCurve) c = NULL;
  const guint stages[] = { 50, 960, 1200, 5640, 310, 61, 1200, 2250, 120, 307 };
  double lo, hi;

  if (path == NULL)
    return;
  c = load_one (path, ISC_THERMAL_FORMAT_PERKINELMER);
  g_assert_cmpuint (c->n, ==, 12098);
  for (guint s = 0; s < G_N_ELEMENTS (stages); s++)
    g_assert_cmpuint (count_segment (c, s + 1), ==, stages[s]);
  g_assert_cmpfloat_with_epsilon (c->time_min[0], 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->time_min[c->n - 1], 201.632308, 1e-6);
  g_assert_cmpfloat_with_epsilon (c->mass[0], 7.021777, 1e-6);
  g_assert_cmpfloat_with_epsilon (c->mass[c->n - 1], 2.057777, 1e-6);
  minmax (c->mass, c->n, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, 2.057607, 1e-6);
  g_assert_cmpfloat_with_epsilon (c->sample_mass_mg, 7.026, 1e-9);
  /* Stage 4 (130 → 598.47 °C): its first and last weights. */
  g_assert_cmpfloat_with_epsilon (c->mass[50 + 960 + 1200], 6.924095, 1e-6);
  g_assert_cmpfloat_with_epsilon (c->mass[50 + 960 + 1200 + 5640 - 1], 2.141252, 1e-6);
}

/* Two curves (mass and heat flow) on one time base become one curve with both. */
static void
test_mettler (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("thermal/pytga/MettlerToledo_example_file.txt");
  g_autoptr(IscThermalCurve) c = NULL;
  double lo, hi;

  if (path == NULL)
    return;
  c = load_one (path, ISC_THERMAL_FORMAT_METTLER);
  g_assert_cmpuint (c->n, ==, 12661);
  g_assert_cmpfloat_with_epsilon (c->time_min[0], 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->time_min[c->n - 1], 12660.0 / 60, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->temperature_c[0], 45.647, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->temperature_c[c->n - 1], 805.934, 6e-4);
  g_assert_cmpfloat_with_epsilon (c->mass[0], 4.92915, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->mass[c->n - 1], 0.02869, 1e-5);
  minmax (c->mass, c->n, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, 0.02477, 1e-5);
  g_assert_nonnull (c->signal);
  g_assert_cmpstr (c->signal_unit, ==, "mW");
  g_assert_cmpfloat_with_epsilon (c->signal[0], 31.4048, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->signal[c->n - 1], -10.6218, 1e-9);
  minmax (c->signal, c->n, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, -18.4372, 1e-4);
  g_assert_cmpfloat_with_epsilon (c->sample_mass_mg, 4.9292, 1e-9);
  g_assert_cmpstr (c->sample, ==, "TGA_PP");
}

/* Sniffing for a registry: every fixture by its header; CSV only with thermal column names. */
static void
test_guess (void)
{
  static const struct
  {
    const char *name;
    IscThermalFormat format;
  } files[] = {
    { "thermal/pytga/netzsch2_example_file.txt", ISC_THERMAL_FORMAT_NETZSCH },
    { "thermal/pytga/netzsch_example3.txt", ISC_THERMAL_FORMAT_NETZSCH },
    { "thermal/pytga/TAInstruments_example_file.txt", ISC_THERMAL_FORMAT_TA },
    { "thermal/pytga/PerkinElmer_example_file.txt", ISC_THERMAL_FORMAT_PERKINELMER },
    { "thermal/pytga/MettlerToledo_example_file.txt", ISC_THERMAL_FORMAT_METTLER },
    { "thermal/pkynetics/sample_dsc_tainstruments.txt", ISC_THERMAL_FORMAT_TA },
  };
  static const char csv[] = "Temperature (°C),Weight (mg)\n25,10\n";
  static const char other[] = "2theta,intensity\n10,5\n";

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = isc_fixture_path (files[i].name);
      g_autofree char *data = NULL;
      gsize len;

      if (path == NULL)
        continue;
      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      g_assert_cmpint (isc_thermal_format_guess ((const guint8 *) data, MIN (len, 4096)), ==, files[i].format);
    }
  g_assert_cmpint (isc_thermal_format_guess ((const guint8 *) csv, strlen (csv)), ==, ISC_THERMAL_FORMAT_CSV);
  g_assert_cmpint (isc_thermal_format_guess ((const guint8 *) other, strlen (other)), ==, ISC_THERMAL_FORMAT_AUTO);
}

/* CSV by names (semicolons, decimal commas, quoted header), and by mapped column numbers. */
static void
test_csv (void)
{
  g_autofree char *path = write_tmp ("run.csv",
                                     "# exported by hand\n"
                                     "\"Time/min\";\"Temperature/°C\";\"Mass/mg\";\"DTA/(uV)\"\n"
                                     "0,0;25,0;10,000;0,5\n"
                                     "0,5;30,0;9,990;0,4\n"
                                     "1,0;35,0;9,950;-1,2\n", -1);
  g_autofree char *mapped = write_tmp ("cols.csv",
                                       "a,b,c,d\n"
                                       "25,1,0.1,10\n"
                                       "30,2,0.2,9\n"
                                       "35,3,0.3,8\n", -1);
  g_autoptr(GPtrArray) curves = NULL;
  g_autoptr(GError) error = NULL;
  IscThermalColumns columns;
  IscThermalCurve *c;

  curves = isc_thermal_load (path, ISC_THERMAL_FORMAT_AUTO, NULL, &error);
  g_assert_no_error (error);
  c = g_ptr_array_index (curves, 0);
  g_assert_cmpint (c->format, ==, ISC_THERMAL_FORMAT_CSV);
  g_assert_cmpuint (c->n, ==, 3);
  g_assert_cmpfloat (c->temperature_c[2], ==, 35.0);
  g_assert_cmpfloat (c->mass[1], ==, 9.99);
  g_assert_cmpfloat (c->time_min[1], ==, 0.5);
  g_assert_cmpfloat (c->signal[2], ==, -1.2);
  g_assert_cmpstr (c->signal_name, ==, "DTA");
  g_assert_cmpstr (c->signal_unit, ==, "µV");
  g_clear_pointer (&curves, g_ptr_array_unref);

  /* Unknown names: no temperature, a clear error; mapped columns read. */
  curves = isc_thermal_load (mapped, ISC_THERMAL_FORMAT_AUTO, NULL, &error);
  g_assert_error (error, ISC_THERMAL_ERROR, ISC_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "cols.csv"));
  g_clear_error (&error);
  isc_thermal_columns_init (&columns);
  columns.temperature = 0;
  columns.mass = 3;
  columns.time = 1;
  curves = isc_thermal_load (mapped, ISC_THERMAL_FORMAT_AUTO, &columns, &error);
  g_assert_no_error (error);
  c = g_ptr_array_index (curves, 0);
  g_assert_cmpfloat (c->mass[2], ==, 8.0);
  g_assert_cmpfloat (c->time_min[2], ==, 3.0);
  g_assert_null (c->signal);
  g_clear_pointer (&curves, g_ptr_array_unref);
  columns.signal = 7;
  curves = isc_thermal_load (mapped, ISC_THERMAL_FORMAT_AUTO, &columns, &error);
  g_assert_error (error, ISC_THERMAL_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_null (curves);
}

/* A NETZSCH export with #DECIMAL:COMMA, a DSC column and the 0x9B degree sign. */
static void
test_netzsch_comma (void)
{
  static const char text[] = "#EXPORTTYPE:DATA ALL\r\n#FTYPE:ASCII\r\n#DECIMAL:COMMA\r\n#SEPARATOR:SEMICOLON\r\n"
                             "#SAMPLE:X\r\n#SAMPLE MASS /mg:12,5\r\n\r\n"
                             "##Temp./\x9b" "C;Time/min;DSC/(mW/mg);Mass/%;Segment\r\n"
                             "30,5;0,0;0,12;100,00;1\r\n31,5;0,1;0,10;99,95;1\r\n32,5;0,2;-0,05;99,90;1\r\n";
  g_autofree char *path = write_tmp ("sta.txt", text, -1);
  g_autoptr(GPtrArray) curves = NULL;
  g_autoptr(GError) error = NULL;
  IscThermalCurve *c;

  curves = isc_thermal_load (path, ISC_THERMAL_FORMAT_AUTO, NULL, &error);
  g_assert_no_error (error);
  c = g_ptr_array_index (curves, 0);
  g_assert_cmpint (c->format, ==, ISC_THERMAL_FORMAT_NETZSCH);
  g_assert_cmpfloat (c->temperature_c[0], ==, 30.5);
  g_assert_cmpfloat (c->mass[2], ==, 99.90);
  g_assert_cmpfloat (c->signal[2], ==, -0.05);
  g_assert_cmpstr (c->signal_unit, ==, "mW/mg");
  g_assert_cmpstr (c->signal_name, ==, "DSC");
  g_assert_cmpfloat (c->sample_mass_mg, ==, 12.5);
  g_assert_cmpstr (c->sample, ==, "X");
}

/* Truncated copies of every fixture and junk: either fewer points or one error naming the file,
 * never a crash or a read past the end (run under the sanitizer build). */
static void
test_damaged (void)
{
  static const char *const names[] = {
    "thermal/pytga/netzsch2_example_file.txt", "thermal/pytga/netzsch_example3.txt",
    "thermal/pytga/TAInstruments_example_file.txt", "thermal/pytga/PerkinElmer_example_file.txt",
    "thermal/pytga/MettlerToledo_example_file.txt", "thermal/pkynetics/sample_dsc_tainstruments.txt",
  };
  static const gsize cuts[] = { 1, 2, 3, 17, 300, 1201, 2500, 4001, 9000 };
  static const guint8 junk[] = { 0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00, 0x00, 0xdc, 0x0a };

  for (guint f = 0; f < G_N_ELEMENTS (names); f++)
    {
      g_autofree char *path = isc_fixture_path (names[f]);
      g_autofree char *data = NULL;
      gsize len;

      if (path == NULL)
        continue;
      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      for (guint k = 0; k < G_N_ELEMENTS (cuts) + 3; k++)
        {
          /* The fixed cuts, then a third, half and all but the last byte. */
          gsize cut = k < G_N_ELEMENTS (cuts) ? cuts[k] : k == G_N_ELEMENTS (cuts) ? len / 3
                      : k == G_N_ELEMENTS (cuts) + 1 ? len / 2 + 1 : len - 1;
          g_autofree guint8 *copy = g_memdup2 (data, cut);
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) curves = isc_thermal_load_data ("cut.txt", copy, cut, ISC_THERMAL_FORMAT_AUTO, NULL,
                                                               &error);

          if (curves == NULL)
            {
              g_assert_nonnull (error);
              g_assert_true (g_str_has_prefix (error->message, "cut.txt: "));
            }
          else
            g_assert_cmpuint (((IscThermalCurve *) g_ptr_array_index (curves, 0))->n, >=, 2);
        }
    }
  {
    g_autofree char *path = write_tmp ("junk.txt", (const char *) junk, sizeof junk);
    g_autofree char *empty = write_tmp ("empty.txt", "", 0);
    g_autofree char *text = write_tmp ("notes.txt", "hello\nworld\n", -1);
    g_autofree char *bad = write_tmp ("bad.csv", "Temperature,Mass\n25,10\n26,abc\n", -1);
    const char *paths[] = { path, empty, text, bad, "/nonexistent/x.txt" };

    for (guint k = 0; k < G_N_ELEMENTS (paths); k++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) curves = isc_thermal_load (paths[k], ISC_THERMAL_FORMAT_AUTO, NULL, &error);
        g_autofree char *base = g_path_get_basename (paths[k]);

        g_assert_null (curves);
        g_assert_nonnull (error);
        g_assert_nonnull (strstr (error->message, base));
        g_assert_null (strchr (error->message, '\n'));
      }
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/thermal/readers/netzsch", test_netzsch);
  g_test_add_func ("/thermal/readers/netzsch-sta", test_netzsch_sta);
  g_test_add_func ("/thermal/readers/netzsch-comma", test_netzsch_comma);
  g_test_add_func ("/thermal/readers/ta-utf16", test_ta_utf16);
  g_test_add_func ("/thermal/readers/ta-dsc", test_ta_dsc);
  g_test_add_func ("/thermal/readers/ta-wide", test_ta_wide);
  g_test_add_func ("/thermal/readers/perkinelmer", test_perkinelmer);
  g_test_add_func ("/thermal/readers/mettler", test_mettler);
  g_test_add_func ("/thermal/readers/csv", test_csv);
  g_test_add_func ("/thermal/readers/guess", test_guess);
  g_test_add_func ("/thermal/readers/damaged", test_damaged);
  return g_test_run ();
}
