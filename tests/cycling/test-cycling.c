/* test-cycling.c: cycler readers against SOURCES.md's per-cycle capacities, against a
 * trapezoidal integration written here, and against malformed files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cycling-data.h"
#include "cycling-readers-private.h"   /* isc_cycling_load_mpr */
#include "test-util.h"

/* Lines of @text, cut in place (g_strsplit on megabytes is quadratic under AddressSanitizer). */
static GPtrArray *
split_text_lines (char *text)
{
  GPtrArray *lines = g_ptr_array_new ();
  char *start = text;

  for (char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      {
        *p = '\0';
        g_ptr_array_add (lines, start);
        start = p + 1;
      }
  g_ptr_array_add (lines, start);
  return lines;
}

static const char *
line_at (GPtrArray *lines,
         guint      i)
{
  return g_ptr_array_index (lines, i);
}

typedef struct
{
  gint32 cycle;
  double charge, discharge;   /* in the unit of the reference table */
} RefCycle;

static IscCycleSummary *
find_cycle (GArray *summary,
            gint32  cycle)
{
  for (guint i = 0; i < summary->len; i++)
    if (g_array_index (summary, IscCycleSummary, i).cycle == cycle)
      return &g_array_index (summary, IscCycleSummary, i);
  g_assert_not_reached ();
  return NULL;
}

/* @to_mah converts the reference unit (Ah → 1000). */
static void
check_reference (const char     *fixture,
                 IscCyclerFormat format,
                 const RefCycle *ref,
                 guint           n,
                 double          to_mah,
                 double          tol)
{
  g_autofree char *path = isc_test_fixture_or_skip (fixture);
  g_autoptr(IscCyclingData) data = NULL;
  g_autoptr(GArray) summary = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;
  data = isc_cycling_load (path, format, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (data);
  summary = isc_cycling_summarize (data, NAN, -1);
  for (guint i = 0; i < n; i++)
    {
      IscCycleSummary *s = find_cycle (summary, ref[i].cycle);

      g_assert_cmpfloat_with_epsilon (s->charge_mah, ref[i].charge * to_mah, tol * to_mah);
      g_assert_cmpfloat_with_epsilon (s->discharge_mah, ref[i].discharge * to_mah, tol * to_mah);
    }
}

/* SOURCES.md: gcpl.pr_182.1 per-cycle max Qch/Qdis mAh. */
static const RefCycle pr_182[] = {
  { 0, 0, 3.252 }, { 1, 2.616, 2.252 }, { 2, 2.093, 2.120 }, { 3, 1.988, 2.088 }, { 4, 1.979, 0 },
};

static void
test_biologic_mpt (void)
{
  check_reference ("cycling/yadg/gcpl.pr_182.1.mpt", ISC_CYCLER_AUTO, pr_182, G_N_ELEMENTS (pr_182), 1, 0.0006);
  check_reference ("cycling/yadg/gcpl.pr_182.1.mpt", ISC_CYCLER_BIOLOGIC, pr_182, G_N_ELEMENTS (pr_182), 1, 0.0006);
}

static void
test_biologic_mpr (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("cycling/yadg/gcpl.pr_182.1.mpr");
  g_autoptr(IscCyclingData) data = NULL;
  IscCyclingRecord *r0;

  if (path == NULL)
    return;
  /* The binary file has no cycle column: the cycles come from the current's sign changes and
   * must still agree with EC-Lab's own export. */
  check_reference ("cycling/yadg/gcpl.pr_182.1.mpr", ISC_CYCLER_AUTO, pr_182, G_N_ELEMENTS (pr_182), 1, 0.0006);
  data = isc_cycling_load (path, ISC_CYCLER_BIOLOGIC, NULL, NULL);
  g_assert_nonnull (data);
  g_assert_cmpuint (data->records->len, ==, 2533);
  r0 = &g_array_index (data->records, IscCyclingRecord, 0);
  g_assert_cmpfloat (r0->time_s, ==, 0);
  g_assert_cmpfloat_with_epsilon (r0->voltage_v, 2.3403094, 1e-6);
}

static void
assert_same_records (IscCyclingData *a,
                     IscCyclingData *b,
                     double          tol)
{
  g_assert_cmpuint (a->records->len, ==, b->records->len);
  for (guint i = 0; i < a->records->len; i++)
    {
      IscCyclingRecord *ra = &g_array_index (a->records, IscCyclingRecord, i);
      IscCyclingRecord *rb = &g_array_index (b->records, IscCyclingRecord, i);

      g_assert_cmpfloat_with_epsilon (ra->time_s, rb->time_s, 1e-3);
      g_assert_cmpfloat_with_epsilon (ra->voltage_v, rb->voltage_v, 1e-5);
      g_assert_cmpint (ra->cycle, ==, rb->cycle);
      /* The text export's Q columns restart each half cycle, the binary's dq is summed per
       * cycle: compare capacities record by record only between two text exports. */
      if (tol > 0)
        {
          g_assert_cmpfloat_with_epsilon (ra->charge_mah, rb->charge_mah, tol);
          g_assert_cmpfloat_with_epsilon (ra->discharge_mah, rb->discharge_mah, tol);
        }
    }
}

static void
assert_same_cycles (IscCyclingData *a,
                    IscCyclingData *b)
{
  g_autoptr(GArray) sa = isc_cycling_summarize (a, NAN, -1);
  g_autoptr(GArray) sb = isc_cycling_summarize (b, NAN, -1);

  g_assert_cmpuint (sa->len, ==, sb->len);
  for (guint i = 0; i < sa->len; i++)
    {
      IscCycleSummary *x = &g_array_index (sa, IscCycleSummary, i);
      IscCycleSummary *y = &g_array_index (sb, IscCycleSummary, i);

      g_assert_cmpint (x->cycle, ==, y->cycle);
      g_assert_cmpfloat_with_epsilon (x->charge_mah, y->charge_mah, 1e-6);
      g_assert_cmpfloat_with_epsilon (x->discharge_mah, y->discharge_mah, 1e-6);
    }
}

static void
test_biologic_locales (void)
{
  g_autofree char *en = isc_test_fixture_or_skip ("cycling/yadg/mb.issue_95.mpt");
  g_autofree char *de = en != NULL ? isc_test_fixture_or_skip ("cycling/yadg/mb.issue_95.de.mpt") : NULL;
  g_autofree char *bin = de != NULL ? isc_test_fixture_or_skip ("cycling/yadg/mb.issue_95.mpr") : NULL;
  g_autofree char *c_mpt = bin != NULL ? isc_test_fixture_or_skip ("cycling/yadg/gcpl.issue_149.mpt") : NULL;
  g_autofree char *c_mpr = c_mpt != NULL ? isc_test_fixture_or_skip ("cycling/yadg/gcpl.issue_149.mpr") : NULL;
  g_autoptr(IscCyclingData) a = NULL;
  g_autoptr(IscCyclingData) b = NULL;
  g_autoptr(IscCyclingData) c = NULL;
  g_autoptr(IscCyclingData) d = NULL;
  g_autoptr(IscCyclingData) e = NULL;
  g_autoptr(GError) error = NULL;

  if (c_mpr == NULL)
    return;
  /* Same data with '.' and ',' decimals, and the binary original. */
  a = isc_cycling_load (en, ISC_CYCLER_AUTO, NULL, &error);
  g_assert_no_error (error);
  b = isc_cycling_load (de, ISC_CYCLER_AUTO, NULL, &error);
  g_assert_no_error (error);
  c = isc_cycling_load (bin, ISC_CYCLER_AUTO, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->records->len, ==, 33);
  assert_same_records (a, b, 1e-9);
  assert_same_records (a, c, 0);
  assert_same_cycles (a, c);
  /* Decimal commas plus an 81-line latin-1 header (EC-Lab 11.50) against its .mpr. */
  d = isc_cycling_load (c_mpt, ISC_CYCLER_AUTO, NULL, &error);
  g_assert_no_error (error);
  e = isc_cycling_load (c_mpr, ISC_CYCLER_AUTO, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->records->len, ==, 132);
  assert_same_records (d, e, 0);
  assert_same_cycles (d, e);
  /* "Mass of active material : 0,001 mg" is EC-Lab's placeholder, not a mass. */
  g_assert_true (isnan (d->active_mass_g));
}

static void
test_arbin (void)
{
  static const RefCycle ref[] = { { 1, 1.0719, 1.07236 }, { 2, 1.07253, 1.07291 } };

  check_reference ("cycling/bdt/arbin_example.csv", ISC_CYCLER_ARBIN, ref, G_N_ELEMENTS (ref), 1000, 0.00005);
}

static void
test_neware (void)
{
  static const RefCycle ref[] = {
    { 1, 0.004249, 0.004680 }, { 2, 0.004247, 0.004065 }, { 3, 0.004242, 0.004030 }, { 4, 0.001438, 0.003315 },
  };

  check_reference ("cycling/cellpy/neware_uio.csv", ISC_CYCLER_NEWARE, ref, G_N_ELEMENTS (ref), 1000, 0.0000006);
}

/* Neware's nested export: the records, flattened, must add up to the file's own cycle rows. */
static void
test_neware_hierarchical (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("cycling/cellpy/nw_regular_export_ife_example.csv");
  g_autoptr(IscCyclingData) data = NULL;
  g_autoptr(GArray) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  guint checked = 0;

  if (path == NULL)
    return;
  data = isc_cycling_load (path, ISC_CYCLER_AUTO, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (data->format, ==, ISC_CYCLER_NEWARE);
  summary = isc_cycling_summarize (data, NAN, -1);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = split_text_lines (text);
  for (guint i = 3; i < lines->len; i++)
    if (g_ascii_isdigit (line_at (lines, i)[0]))
      {
        g_auto(GStrv) f = g_strsplit (line_at (lines, i), ",", -1);
        IscCycleSummary *s = find_cycle (summary, atoi (f[0]));

        /* Cycle rows hold Chg. Cap.(Ah) and DChg. Cap.(Ah) rounded to 10 µAh. */
        g_assert_cmpfloat_with_epsilon (s->charge_mah, g_ascii_strtod (f[1], NULL) * 1000, 0.006);
        g_assert_cmpfloat_with_epsilon (s->discharge_mah, g_ascii_strtod (f[2], NULL) * 1000, 0.006);
        checked++;
      }
  g_assert_cmpuint (checked, ==, summary->len);
  g_assert_cmpuint (checked, >=, 10);
}

static void
test_bdf_csv (void)
{
  static const RefCycle ref[] = {
    { 1, 0.158948, 0.159789 }, { 2, 0.155163, 0.146838 }, { 109, 0.149361, 0.149361 },
  };
  g_autofree char *path = isc_test_fixture_or_skip ("cycling/cellpy/batmo_bdf.csv");
  g_autoptr(IscCyclingData) data = NULL;
  g_autoptr(GArray) summary = NULL;

  if (path == NULL)
    return;
  check_reference ("cycling/cellpy/batmo_bdf.csv", ISC_CYCLER_CSV, ref, G_N_ELEMENTS (ref), 1000, 0.000001);
  data = isc_cycling_load (path, ISC_CYCLER_AUTO, NULL, NULL);
  summary = isc_cycling_summarize (data, NAN, 1);
  /* SOURCES.md: Qdis(100)/Qdis(1) = 0.8211. */
  g_assert_cmpfloat_with_epsilon (find_cycle (summary, 100)->retention, 82.11, 0.01);
  g_assert_cmpfloat_with_epsilon (find_cycle (summary, 2)->coulombic_efficiency, 94.63, 0.01);
  /* This file counts discharge current as positive: after import, discharge is negative. */
  for (guint i = 1; i < data->records->len; i++)
    {
      IscCyclingRecord *a = &g_array_index (data->records, IscCyclingRecord, i - 1);
      IscCyclingRecord *b = a + 1;

      if (a->cycle == b->cycle && b->discharge_mah > a->discharge_mah + 1e-6)
        {
          g_assert_cmpfloat (b->current_ma, <, 0);
          break;
        }
    }
}

/* Issue 20 item 1 on a cycler file with a known protocol: batmo_bdf.csv runs protocol "0" (cycle 1,
 * ~C/25), protocol "A" (cycles 2–5, check-ups at half the ageing rate), protocol "B" (cycles 6–105,
 * the ageing) and "A2" (106–109). The default reference is cycle 6, the first of the ageing. */
static void
test_formation_bdf (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("cycling/cellpy/batmo_bdf.csv");
  g_autoptr(IscCyclingData) data = NULL;
  g_autoptr(GArray) summary = NULL;
  g_autoptr(GArray) segments = NULL;
  g_autofree char *why = NULL;
  IscReferenceChoice choice;
  static const gint32 bounds[][2] = { { 1, 1 }, { 2, 5 }, { 6, 105 }, { 106, 109 } };

  if (path == NULL)
    return;
  data = isc_cycling_load (path, ISC_CYCLER_AUTO, NULL, NULL);
  summary = isc_cycling_summarize_full (data, NAN, -1, &choice);
  g_assert_cmpint (choice.cycle, ==, 6);
  g_assert_cmpint (choice.reason, ==, ISC_REFERENCE_AFTER_FORMATION);
  g_assert_cmpuint (choice.n_formation, ==, 5);
  g_assert_cmpfloat_with_epsilon (find_cycle (summary, 6)->retention, 100.0, 1e-9);
  segments = isc_cycling_rate_segments (data);
  g_assert_cmpuint (segments->len, ==, G_N_ELEMENTS (bounds));
  for (guint i = 0; i < segments->len; i++)
    {
      const IscRateSegment *seg = &g_array_index (segments, IscRateSegment, i);

      g_assert_cmpint (seg->first_cycle, ==, bounds[i][0]);
      g_assert_cmpint (seg->last_cycle, ==, bounds[i][1]);
    }
  /* The ageing runs at twice the check-up current. */
  g_assert_cmpfloat_with_epsilon (g_array_index (segments, IscRateSegment, 2).current_ma
                                  / g_array_index (segments, IscRateSegment, 1).current_ma, 2.0, 0.01);
  why = isc_reference_choice_describe (&choice);
  g_assert_nonnull (strstr (why, "cycle 6"));
  g_assert_nonnull (strstr (why, "5 formation"));
  /* Asking for a cycle still wins. */
  g_clear_pointer (&summary, g_array_unref);
  summary = isc_cycling_summarize_full (data, NAN, 1, &choice);
  g_assert_cmpint (choice.reason, ==, ISC_REFERENCE_REQUESTED);
  g_assert_cmpfloat_with_epsilon (find_cycle (summary, 100)->retention, 82.11, 0.01);
}

/* A file without formation keeps cycle 1 (Neware, three cycles at the same rate and an
 * unfinished fourth). */
static void
test_formation_none (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("cycling/cellpy/neware_uio.csv");
  g_autoptr(IscCyclingData) data = NULL;
  IscReferenceChoice choice;

  if (path == NULL)
    return;
  data = isc_cycling_load (path, ISC_CYCLER_AUTO, NULL, NULL);
  isc_cycling_choose_reference (data, -1, &choice);
  g_assert_cmpint (choice.cycle, ==, 1);
  g_assert_cmpint (choice.reason, ==, ISC_REFERENCE_FIRST_CYCLE);
  g_assert_cmpuint (choice.n_formation, ==, 0);
}

/* Synthetic tests with known protocols: two C/5 formation cycles then twelve at 1 C; and a
 * rate-capability test (three cycles each at 0.1, 0.2, 0.5, 1 and 2 C) that has no formation. */
static char *
write_protocol (const double *rates,
                const guint  *n_cycles,
                guint         n_segments)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  char *path = g_build_filename (dir, "protocol.csv", NULL);
  g_autoptr(GString) out = g_string_new ("Test_Time(s),Voltage(V),Current(mA),Cycle_Index\n");
  double t = 0, nominal = 100;   /* mAh */
  gint32 cycle = 1;

  for (guint s = 0; s < n_segments; s++)
    for (guint k = 0; k < n_cycles[s]; k++, cycle++)
      {
        double i = rates[s] * nominal, hours = 0.98 / rates[s] * (1 - 0.002 * cycle);

        /* Charge and discharge as four points each. */
        for (guint half = 0; half < 2; half++)
          for (guint p = 0; p < 4; p++)
            {
              g_string_append_printf (out, "%.1f,%.3f,%.3f,%d\n", t + p * hours * 3600 / 3,
                                      half == 0 ? 3.5 + 0.2 * p : 4.1 - 0.2 * p, half == 0 ? i : -i, cycle);
              if (p == 3)
                t += hours * 3600 + 1;
            }
      }
  isc_test_write_file (path, out->str, out->len);
  return path;
}

static void
test_formation_synthetic (void)
{
  const double formation_rates[] = { 0.2, 1.0 };
  const guint formation_n[] = { 2, 12 };
  const double rate_test[] = { 0.1, 0.2, 0.5, 1.0, 2.0 };
  const guint rate_n[] = { 3, 3, 3, 3, 3 };
  g_autofree char *a = write_protocol (formation_rates, formation_n, 2);
  g_autofree char *b = write_protocol (rate_test, rate_n, 5);
  g_autoptr(IscCyclingData) da = isc_cycling_load (a, ISC_CYCLER_AUTO, NULL, NULL);
  g_autoptr(IscCyclingData) db = isc_cycling_load (b, ISC_CYCLER_AUTO, NULL, NULL);
  g_autoptr(GArray) sb = NULL;
  IscReferenceChoice choice;

  g_assert_nonnull (da);
  g_assert_nonnull (db);
  isc_cycling_choose_reference (da, -1, &choice);
  g_assert_cmpint (choice.cycle, ==, 3);
  g_assert_cmpuint (choice.n_formation, ==, 2);
  g_assert_cmpfloat (choice.c_rate, ==, 1.0);
  g_assert_cmpfloat (choice.formation_c_rate, ==, 0.2);

  isc_cycling_choose_reference (db, -1, &choice);
  g_assert_cmpint (choice.cycle, ==, 1);
  g_assert_cmpint (choice.reason, ==, ISC_REFERENCE_FIRST_CYCLE);
  sb = isc_cycling_rate_segments (db);
  g_assert_cmpuint (sb->len, ==, 5);
  for (guint i = 0; i < sb->len; i++)
    {
      g_assert_cmpint (g_array_index (sb, IscRateSegment, i).first_cycle, ==, 1 + 3 * (gint32) i);
      g_assert_cmpfloat (g_array_index (sb, IscRateSegment, i).c_rate, ==, rate_test[i]);
    }
}

/* The test's own reading of a Maccor export: columns by index, trapezoid of current × time. */
static void
test_maccor_integration (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("cycling/cellpy/maccor_002.txt");
  g_autoptr(IscCyclingData) data = NULL;
  g_autoptr(GArray) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  double qc[4] = { 0 }, qd[4] = { 0 };
  double t_prev = NAN, i_prev = 0;
  int c_prev = -1;

  if (path == NULL)
    return;
  data = isc_cycling_load (path, ISC_CYCLER_MACCOR, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (data->format, ==, ISC_CYCLER_MACCOR);
  summary = isc_cycling_summarize (data, NAN, -1);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = split_text_lines (text);
  for (guint ln = 14; ln < lines->len; ln++)
    {
      g_auto(GStrv) f = g_strsplit (line_at (lines, ln), "\t", -1);
      int cycle;
      double t, cur;

      if (g_strv_length (f) < 10)
        continue;
      cycle = atoi (f[2]);                    /* Cycle C */
      t = g_ascii_strtod (f[4], NULL) * 60;   /* TestTime, min (DPT Time advances 1 min per 1.0) */
      cur = g_ascii_strtod (f[8], NULL);      /* Current [A] */
      if (f[10][0] == 'D')                    /* Md: some exports keep |I| */
        cur = -fabs (cur);
      if (cycle == c_prev && cycle >= 1 && cycle <= 3)
        {
          double q = 0.5 * (cur + i_prev) * (t - t_prev) / 3.6;   /* A·s → mAh */

          if (q > 0)
            qc[cycle] += q;
          else
            qd[cycle] -= q;
        }
      c_prev = cycle;
      t_prev = t;
      i_prev = cur;
    }
  for (int c = 1; c <= 2; c++)
    {
      IscCycleSummary *s = find_cycle (summary, c);

      g_assert_cmpfloat (qc[c], >, 0.5);
      g_assert_cmpfloat_with_epsilon (s->charge_mah, qc[c], qc[c] * 0.02);
      g_assert_cmpfloat_with_epsilon (s->discharge_mah, qd[c], qd[c] * 0.02);
    }
}

static void
test_other_fixtures_parse (void)
{
  static const char *const files[] = {
    "cycling/bdt/maccor_example.001", "cycling/bdt/maccor_example.002",
    "cycling/beep/PredictionDiagnostics_000151_test.052", "cycling/beep/maccor_test_file_4267-66-6519.041",
    "cycling/beep/FastCharge_000025_CH8.csv", "cycling/bdt/p492-13-raw.csv",
    "cycling/navani/00_test_02_MB_C01.mpr",
    "cycling/bdt/CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_timeseries.csv",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = isc_test_fixture_or_skip (files[i]);
      g_autoptr(IscCyclingData) data = NULL;
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        return;
      data = isc_cycling_load (path, ISC_CYCLER_AUTO, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (data->records->len, >, 0);
    }
}

static void
test_mpr_derived_cycles (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("cycling/navani/jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr");
  g_autoptr(IscCyclingData) data = NULL;
  g_autoptr(GArray) summary = NULL;
  g_autoptr(GError) error = NULL;
  guint full = 0;

  if (path == NULL)
    return;
  data = isc_cycling_load (path, ISC_CYCLER_AUTO, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (data->records->len, ==, 46102);
  summary = isc_cycling_summarize (data, NAN, -1);
  for (guint i = 0; i < summary->len; i++)
    {
      IscCycleSummary *s = &g_array_index (summary, IscCycleSummary, i);

      if (s->charge_mah > 0.5 && s->discharge_mah > 0.5)
        {
          full++;
          /* 2.0–3.8 V window: mean voltages inside it, discharge below charge. */
          g_assert_cmpfloat (s->mean_discharge_v, >, 2.0);
          g_assert_cmpfloat (s->mean_discharge_v, <, s->mean_charge_v);
          g_assert_cmpfloat (s->mean_charge_v, <, 3.8);
        }
    }
  g_assert_cmpuint (full, >=, 5);   /* "5cycles" in the name */
}

/* ------------------------------------------------------------ synthetic files */

static char *
write_tmp (const char *name,
           const char *text)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  char *path = g_build_filename (dir, name, NULL);

  isc_test_write_file (path, text, strlen (text));
  return path;
}

static void
test_generic_csv_guess_and_integration (void)
{
  /* Hours, mV, mA and no capacity column: 10 mA for 1 h up, −10 mA for 1 h down, two cycles.
   * Trapezoid by hand: each half gives 10 mAh; the ramp rows between add ±0.5 × 10 mA × 0.1 h. */
  const char *csv =
    "Test Time (h),Voltage (mV),Current (mA),Cycle\n"
    "0.0,3000,10,1\n0.5,3500,10,1\n1.0,4000,10,1\n1.1,3900,-10,1\n1.6,3500,-10,1\n2.1,3000,-10,1\n"
    "2.2,3010,10,2\n2.7,3500,10,2\n3.2,4000,10,2\n3.3,3900,-10,2\n3.8,3500,-10,2\n4.3,3000,-10,2\n";
  g_autofree char *path = write_tmp ("generic.csv", csv);
  g_autoptr(IscCyclingData) data = NULL;
  g_autoptr(GArray) summary = NULL;
  g_autoptr(GError) error = NULL;
  IscCycleSummary *s;

  data = isc_cycling_load (path, ISC_CYCLER_AUTO, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (data->format, ==, ISC_CYCLER_CSV);
  g_assert_cmpfloat_with_epsilon (g_array_index (data->records, IscCyclingRecord, 1).time_s, 1800, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (data->records, IscCyclingRecord, 1).voltage_v, 3.5, 1e-12);
  summary = isc_cycling_summarize (data, 0.050, 1);
  g_assert_cmpuint (summary->len, ==, 2);
  s = &g_array_index (summary, IscCycleSummary, 0);
  /* Charge: 1 h at 10 mA = 10 mAh; the 1.0→1.1 h ramp (10 → −10 mA) averages to 0. */
  g_assert_cmpfloat_with_epsilon (s->charge_mah, 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->discharge_mah, 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->charge_mah_g, 200.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (s->coulombic_efficiency, 100.0, 1e-9);
  /* Mean voltage of the charge: trapezoid of V over equal Q steps = 3.5 V. */
  g_assert_cmpfloat_with_epsilon (s->mean_charge_v, 3.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->charge_energy_mwh, 35.0, 1e-9);
  s = &g_array_index (summary, IscCycleSummary, 1);
  g_assert_cmpfloat_with_epsilon (s->retention, 100.0, 1e-9);
}

static void
test_explicit_mapping_semicolon (void)
{
  /* Unusual names and decimal commas: the mapping is given, not guessed. */
  const char *csv =
    "# exported by a home-made rig\n"
    "zeit;spannung;strom;zyklus\n"
    "0;3,0;0,002;5\n3600;4,0;0,002;5\n3601;4,0;-0,002;5\n7201;3,0;-0,002;5\n";
  g_autofree char *path = write_tmp ("rig.csv", csv);
  g_autoptr(IscCyclingData) guessed = NULL;
  g_autoptr(IscCyclingData) data = NULL;
  g_autoptr(GArray) summary = NULL;
  g_autoptr(GError) error = NULL;
  IscCyclingColumnMap map;
  IscCycleSummary *s;

  guessed = isc_cycling_load_csv (path, NULL, NULL, &error);
  /* A code of its own, so that the window can ask for the columns instead of failing. */
  g_assert_error (error, ISC_CYCLING_ERROR, ISC_CYCLING_ERROR_COLUMNS);
  g_assert_nonnull (strstr (error->message, "rig.csv"));
  g_assert_null (guessed);
  g_clear_error (&error);

  isc_cycling_column_map_init (&map);
  map.index[ISC_CYCLING_COL_TIME] = 0;
  map.index[ISC_CYCLING_COL_VOLTAGE] = 1;
  map.index[ISC_CYCLING_COL_CURRENT] = 2;
  map.scale[ISC_CYCLING_COL_CURRENT] = 1000;   /* A → mA */
  map.index[ISC_CYCLING_COL_CYCLE] = 3;
  data = isc_cycling_load_csv (path, &map, NULL, &error);
  g_assert_no_error (error);
  /* The map that was read travels with the data. */
  g_assert_cmpmem (data->columns.index, sizeof map.index, map.index, sizeof map.index);
  g_assert_cmpfloat (data->columns.scale[ISC_CYCLING_COL_CURRENT], ==, 1000);
  summary = isc_cycling_summarize (data, NAN, -1);
  g_assert_cmpuint (summary->len, ==, 1);
  s = &g_array_index (summary, IscCycleSummary, 0);
  g_assert_cmpint (s->cycle, ==, 5);
  /* 2 mA × 1 h each way; the 1 s sign flip contributes 0. */
  g_assert_cmpfloat_with_epsilon (s->charge_mah, 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->discharge_mah, 2.0, 1e-9);

  map.index[ISC_CYCLING_COL_STEP] = 9;
  g_assert_null (isc_cycling_load_csv (path, &map, NULL, &error));
  g_assert_error (error, ISC_CYCLING_ERROR, ISC_ERROR_ARGUMENT);
}

static void
test_guess_columns (void)
{
  const char *h1[] = { "Data_Point", "Test_Time", "Current", "Voltage", "Charge_Capacity", "Discharge_Capacity",
                       "Cycle_Index", "Step_Index" };
  const char *h2[] = { "time/s", "Ewe/V", "<I>/mA", "Q charge/discharge/mA.h", "Q charge/mA.h",
                       "Q discharge/mA.h", "cycle number", "Capacity/mA.h" };
  const char *h3[] = { "Rec#", "Cyc#", "Step", "Test (Min)", "Amp-hr", "Amps", "Volts", "State" };
  IscCyclingColumnMap m;

  g_assert_true (isc_cycling_guess_columns (h1, G_N_ELEMENTS (h1), &m));
  g_assert_cmpint (m.index[ISC_CYCLING_COL_TIME], ==, 1);
  g_assert_cmpfloat (m.scale[ISC_CYCLING_COL_CURRENT], ==, 1000);
  g_assert_cmpint (m.index[ISC_CYCLING_COL_CYCLE], ==, 6);
  g_assert_cmpint (m.index[ISC_CYCLING_COL_STEP], ==, 7);

  g_assert_true (isc_cycling_guess_columns (h2, G_N_ELEMENTS (h2), &m));
  g_assert_cmpint (m.index[ISC_CYCLING_COL_CURRENT], ==, 2);
  g_assert_cmpfloat (m.scale[ISC_CYCLING_COL_CURRENT], ==, 1);
  g_assert_cmpint (m.index[ISC_CYCLING_COL_CHARGE_CAPACITY], ==, 4);
  g_assert_cmpint (m.index[ISC_CYCLING_COL_DISCHARGE_CAPACITY], ==, 5);
  g_assert_cmpint (m.index[ISC_CYCLING_COL_CAPACITY], ==, -1);

  g_assert_true (isc_cycling_guess_columns (h3, G_N_ELEMENTS (h3), &m));
  g_assert_cmpint (m.index[ISC_CYCLING_COL_TIME], ==, 3);
  g_assert_cmpfloat (m.scale[ISC_CYCLING_COL_TIME], ==, 60);
  g_assert_cmpint (m.index[ISC_CYCLING_COL_CAPACITY], ==, 4);
  g_assert_cmpint (m.index[ISC_CYCLING_COL_STATE], ==, 7);
}

static void
test_table_preview (void)
{
  /* A preamble, semicolons, decimal commas, a blank line and a ragged row. */
  const char *csv =
    "# exported by a home-made rig\n"
    "zeit ; spannung;strom;zyklus\n"
    "0;3,0;0,002;5\n\n3600;4,0;0,002;5\n3601;4,0;-0,002\n7201;3,0;-0,002;5\n";
  g_autofree char *path = write_tmp ("rig.csv", csv);
  g_autofree char *empty = write_tmp ("empty.csv", "");
  g_autoptr(IscCyclingTablePreview) preview = NULL;
  g_autoptr(IscCyclingTablePreview) two = NULL;
  g_autoptr(GError) error = NULL;
  char **row;

  preview = isc_cycling_table_preview (path, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (preview->source, ==, path);
  g_assert_cmpint (preview->format, ==, ISC_CYCLER_CSV);
  g_assert_cmpuint (preview->header_line, ==, 2);
  g_assert_cmpint (preview->delimiter, ==, ';');
  g_assert_true (preview->decimal_comma);
  g_assert_cmpuint (preview->n_columns, ==, 4);
  g_assert_cmpstr (preview->headers[0], ==, "zeit");
  g_assert_cmpstr (preview->headers[1], ==, "spannung");
  g_assert_cmpstr (preview->headers[3], ==, "zyklus");
  g_assert_null (preview->headers[4]);
  g_assert_cmpuint (preview->rows->len, ==, 4);   /* the blank line is skipped */
  row = g_ptr_array_index (preview->rows, 1);
  g_assert_cmpstr (row[0], ==, "3600");
  g_assert_cmpstr (row[1], ==, "4,0");
  row = g_ptr_array_index (preview->rows, 2);
  g_assert_cmpuint (g_strv_length (row), ==, 3);
  g_assert_cmpstr (row[2], ==, "-0,002");

  two = isc_cycling_table_preview (path, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (two->rows->len, ==, 2);
  row = g_ptr_array_index (two->rows, 1);
  g_assert_cmpstr (row[0], ==, "3600");

  g_assert_null (isc_cycling_table_preview (empty, 10, &error));
  g_assert_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "empty.csv"));
  g_clear_error (&error);
  g_assert_null (isc_cycling_table_preview ("/nonexistent/x.csv", 10, &error));
  g_assert_error (error, ISC_CYCLING_ERROR, ISC_ERROR_IO);
}

static void
test_curves_and_dqdv (void)
{
  /* Linear charge V = 3 + Q/10 (Q 0..10 mAh in 101 points): dQ/dV = 10 mAh/V everywhere. */
  g_autoptr(IscCyclingData) data = isc_cycling_data_new ("synthetic");
  g_autoptr(GArray) q = NULL;
  g_autoptr(GArray) v = NULL;
  g_autoptr(GArray) vv = NULL;
  g_autoptr(GArray) d = NULL;

  for (guint i = 0; i <= 100; i++)
    {
      IscCyclingRecord r = { .time_s = i * 36.0, .voltage_v = 3 + i * 0.01, .current_ma = 10,
                             .cycle = 1, .step = 1 };

      g_array_append_val (data->records, r);
    }
  isc_cycling_data_normalize (data, FALSE);
  g_assert_true (isc_cycling_voltage_curve (data, 1, TRUE, NAN, &q, &v));
  g_assert_cmpuint (q->len, ==, 101);
  g_assert_cmpfloat_with_epsilon (g_array_index (q, double, 0), 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (g_array_index (q, double, 100), 10, 1e-9);
  g_assert_false (isc_cycling_voltage_curve (data, 1, FALSE, NAN, &q, &v));
  g_assert_false (isc_cycling_voltage_curve (data, 7, TRUE, NAN, &q, &v));

  g_assert_true (isc_cycling_dqdv (data, 1, TRUE, NAN, 0.05, &vv, &d));
  for (guint b = 2; b + 3 < d->len; b++)
    g_assert_cmpfloat_with_epsilon (g_array_index (d, double, b), 10.0, 0.3);
}

static void
test_maccor_steps (void)
{
  /* Classic Maccor: Amp-hr restarts at every step; a CC step then a CV step (1.0 + 0.5 mAh) make
   * one charge, and this export keeps the current positive on discharge (State D). */
  const char *text =
    "Today's Date 01/01/2020  Date of Test:\t01/01/2020\t Filename:\tx.001 Procedure:\tp\tComment/Barcode: \n"
    "Rec#\tCyc#\tStep\tTest (Min)\tStep (Min)\tAmp-hr\tWatt-hr\tAmps\tVolts\tState\tES\tDPt Time\n"
    "1\t1\t1\t0\t0\t0\t0\t0.001\t3.5\tC\t0\t\n"
    "2\t1\t1\t60\t60\t0.001\t0\t0.001\t4.2\tC\t0\t\n"
    "3\t1\t2\t61\t0\t0\t0\t0.0005\t4.2\tC\t0\t\n"
    "4\t1\t2\t121\t60\t0.0005\t0\t0.0005\t4.2\tC\t0\t\n"
    "5\t1\t3\t122\t0\t0\t0\t0.001\t4.1\tD\t0\t\n"
    "6\t1\t3\t182\t60\t0.001\t0\t0.001\t3.0\tD\t0\t\n";
  g_autofree char *path = write_tmp ("steps.001", text);
  g_autoptr(IscCyclingData) data = NULL;
  g_autoptr(GArray) summary = NULL;
  g_autoptr(GError) error = NULL;
  IscCycleSummary *s;

  data = isc_cycling_load (path, ISC_CYCLER_MACCOR, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (data->format, ==, ISC_CYCLER_MACCOR);
  g_assert_cmpfloat_with_epsilon (g_array_index (data->records, IscCyclingRecord, 3).time_s, 121 * 60, 1e-9);
  g_assert_cmpfloat (g_array_index (data->records, IscCyclingRecord, 5).current_ma, ==, -1.0);
  summary = isc_cycling_summarize (data, NAN, -1);
  s = &g_array_index (summary, IscCycleSummary, 0);
  g_assert_cmpfloat_with_epsilon (s->charge_mah, 1.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (s->discharge_mah, 1.0, 1e-12);
}

static void
count_progress (double   fraction,
                gpointer data)
{
  double *last = data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  *last = fraction;
}

static void
test_progress_and_cancel (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("cycling/cellpy/neware_uio.csv");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(IscCyclingData) data = NULL;
  g_autoptr(GError) error = NULL;
  double last = 0;

  if (path == NULL)
    return;
  data = isc_cycling_load_full (path, ISC_CYCLER_AUTO, NULL, cancellable, count_progress, &last, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
  g_cancellable_cancel (cancellable);
  g_assert_null (isc_cycling_load_full (path, ISC_CYCLER_AUTO, NULL, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* One cycle of 2 mA for 1 h each way between 3 V and 4 V: charge and discharge 2 mAh, and
 * with the voltage linear in time the charge energy is 2 mAh × 3.5 V = 7 mWh. */
static void
assert_one_cycle (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscCyclingData) data = isc_cycling_load (path, ISC_CYCLER_AUTO, NULL, &error);
  g_autoptr(GArray) summary = NULL;
  IscCycleSummary *s;

  g_assert_no_error (error);
  g_assert_cmpuint (data->records->len, ==, 4);
  g_assert_cmpfloat_with_epsilon (g_array_index (data->records, IscCyclingRecord, 1).time_s, 3600, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (data->records, IscCyclingRecord, 0).voltage_v, 3.0, 1e-12);
  summary = isc_cycling_summarize (data, NAN, -1);
  g_assert_cmpuint (summary->len, ==, 1);
  s = &g_array_index (summary, IscCycleSummary, 0);
  g_assert_cmpfloat_with_epsilon (s->charge_mah, 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->discharge_mah, 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->charge_energy_mwh, 7.0, 1e-6);
}

/* Decimal commas: accepted with tab or semicolon separators, and inside quotes with commas. */
static void
test_decimal_commas (void)
{
  g_autofree char *tab = write_tmp ("de.txt",
    "Time/s\tVoltage/V\tCurrent/mA\tCycle\n"
    "0,0000\t3,0000\t2,0000\t1\n3600,0000\t4,0000\t2,0000\t1\n"
    "3601,0000\t4,0000\t-2,0000\t1\n7201,0000\t3,0000\t-2,0000\t1\n");
  g_autofree char *semi = write_tmp ("de.csv",
    "Time/s;Voltage/V;Current/mA;Cycle\n"
    "0;3,0;2,0;1\n3600;4,0;2,0;1\n3601;4,0;-2,0;1\n7201;3,0;-2,0;1\n");
  g_autofree char *quoted = write_tmp ("quoted.csv",
    "Time/s,Voltage/V,Current/mA,Cycle\n"
    "\"0,0\",\"3,0\",\"2,0\",1\n\"3600,0\",\"4,0\",\"2,0\",1\n"
    "\"3601,0\",\"4,0\",\"-2,0\",1\n\"7201,0\",\"3,0\",\"-2,0\",1\n");
  g_autofree char *plain = write_tmp ("plain.csv",
    "Time/s,Voltage/V,Current/mA,Cycle\n"
    "0,3.0,2.0,1\n3600,4.0,2.0,1\n3601,4.0,-2.0,1\n7201,3.0,-2.0,1\n");

  assert_one_cycle (tab);
  assert_one_cycle (semi);
  assert_one_cycle (quoted);
  assert_one_cycle (plain);
}

/* A UTF-8 byte-order mark before "EC-Lab ASCII FILE" still reads as BioLogic, with its mass. */
static void
test_mpt_bom (void)
{
  g_autofree char *path = write_tmp ("bom.mpt",
    "\xEF\xBB\xBF" "EC-Lab ASCII FILE\n"
    "Nb header lines : 4\n"
    "Mass of active material : 12,500 mg\n"
    "mode\ttime/s\tEwe/V\tI/mA\tcycle number\n"
    "1\t0,0\t3,0\t2,0\t1\n1\t3600,0\t4,0\t2,0\t1\n1\t3601,0\t4,0\t-2,0\t1\n1\t7201,0\t3,0\t-2,0\t1\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscCyclingData) data = isc_cycling_load (path, ISC_CYCLER_AUTO, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (data->format, ==, ISC_CYCLER_BIOLOGIC);
  g_assert_cmpfloat_with_epsilon (data->active_mass_g, 0.0125, 1e-12);
  assert_one_cycle (path);
}

/* The active mass of a preamble survives semicolon- and tab-separated layouts. */
static void
test_preamble_mass (void)
{
  static const struct { const char *name, *preamble; char sep; } cases[] = {
    { "a.csv", "Active mass;12,5;mg\n", ';' },
    { "b.csv", "Active mass (mg);12,5\n", ';' },
    { "c.csv", "# active mass: 12,5 mg\n", ';' },
    { "d.txt", "Active mass\t12,5\tmg\n", '\t' },
    { "e.csv", "# active mass 12.5 mg\n", ',' },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char sep = cases[i].sep;
      g_autofree char *text = g_strdup_printf ("%sTime/s%cVoltage/V%cCurrent/mA\n0%c3%c2\n3600%c4%c2\n",
                                               cases[i].preamble, sep, sep, sep, sep, sep, sep);
      g_autofree char *path = write_tmp (cases[i].name, text);
      g_autoptr(GError) error = NULL;
      g_autoptr(IscCyclingData) data = isc_cycling_load (path, ISC_CYCLER_AUTO, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (data->active_mass_g, 0.0125, 1e-12);
    }
}

/* NaN and Inf in a data column are refused, naming file, line and column: let through, they
 * changed the integrated capacity and energy of their cycle. */
static void
test_non_finite (void)
{
  static const char *rows[] = {
    "3600,nan,2.0,1\n", "3600,4.0,inf,1\n", "3600,4.0,2.0,nan\n", "3600,4.0,-Infinity,1\n", "NaN,4.0,2.0,1\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *text = g_strconcat ("Time/s,Voltage/V,Current/mA,Cycle\n0,3.0,2.0,1\n", rows[i],
                                           "7200,3.0,-2.0,1\n", NULL);
      g_autofree char *path = write_tmp ("nonfinite.csv", text);
      g_autoptr(GError) error = NULL;
      g_autoptr(IscCyclingData) data = isc_cycling_load (path, ISC_CYCLER_AUTO, NULL, &error);

      g_assert_null (data);
      g_assert_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, path));
      g_assert_nonnull (strstr (error->message, "line 3"));
      g_assert_nonnull (strstr (error->message, "finite"));
    }
}

/* A FIFO named as cycler data is refused at once instead of blocking in open (). */
static void
test_fifo (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "pipe.mpt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscCyclingData) data = NULL;
  g_autoptr(IscCyclingTablePreview) preview = NULL;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  alarm (20);   /* a reader that blocks on the FIFO fails the test instead of hanging it */
  data = isc_cycling_load (path, ISC_CYCLER_AUTO, NULL, &error);
  g_assert_null (data);
  g_assert_error (error, ISC_CYCLING_ERROR, ISC_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_clear_error (&error);
  data = isc_cycling_load_mpr (path, NULL, NULL, NULL, &error);
  g_assert_null (data);
  g_assert_error (error, ISC_CYCLING_ERROR, ISC_ERROR_IO);
  g_clear_error (&error);
  preview = isc_cycling_table_preview (path, 10, &error);
  g_assert_null (preview);
  g_assert_error (error, ISC_CYCLING_ERROR, ISC_ERROR_IO);
  alarm (0);
}

static void
test_malformed (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *empty = g_build_filename (dir, "empty.csv", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.mpr", NULL);
  g_autofree char *trunc = g_build_filename (dir, "trunc.mpr", NULL);
  g_autofree char *badnum = g_build_filename (dir, "bad.csv", NULL);
  g_autofree char *badmpt = g_build_filename (dir, "bad.mpt", NULL);
  g_autofree char *fixture = isc_test_fixture_or_skip ("cycling/yadg/gcpl.pr_182.1.mpr");
  g_autoptr(GError) error = NULL;
  const char bad_csv[] = "Test_Time,Voltage,Current,Cycle_Index\n0,3.1,0.1,1\n1,abc,0.1,1\n";
  const char bad_mpt[] = "EC-Lab ASCII FILE\nNb header lines : 999\n";
  guint8 junk_bytes[100];

  isc_test_write_file (empty, "", 0);
  g_assert_null (isc_cycling_load (empty, ISC_CYCLER_AUTO, NULL, &error));
  g_assert_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT);
  g_clear_error (&error);

  g_assert_null (isc_cycling_load ("/nonexistent/x.csv", ISC_CYCLER_AUTO, NULL, &error));
  g_assert_error (error, ISC_CYCLING_ERROR, ISC_ERROR_IO);
  g_clear_error (&error);

  isc_test_write_file (badnum, bad_csv, sizeof bad_csv - 1);
  g_assert_null (isc_cycling_load (badnum, ISC_CYCLER_AUTO, NULL, &error));
  g_assert_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_assert_nonnull (strstr (error->message, "Voltage"));
  g_clear_error (&error);
  /* Not what --format claims. */
  g_assert_null (isc_cycling_load (badnum, ISC_CYCLER_MACCOR, NULL, &error));
  g_assert_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT);
  g_clear_error (&error);

  isc_test_write_file (badmpt, bad_mpt, sizeof bad_mpt - 1);
  g_assert_null (isc_cycling_load (badmpt, ISC_CYCLER_AUTO, NULL, &error));
  g_assert_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_clear_error (&error);

  /* A zip (xlsx, ndax): refused as unsupported, not misread as text. */
  {
    g_autofree char *zip = g_build_filename (dir, "cell.xlsx", NULL);
    const char zip_bytes[] = "PK\003\004\024\000\000\000";

    isc_test_write_file (zip, zip_bytes, sizeof zip_bytes);
    g_assert_null (isc_cycling_load (zip, ISC_CYCLER_AUTO, NULL, &error));
    g_assert_error (error, ISC_CYCLING_ERROR, ISC_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "cell.xlsx"));
    g_clear_error (&error);
  }

  memset (junk_bytes, 0xab, sizeof junk_bytes);
  memcpy (junk_bytes, "BIO-LOGIC MODULAR FILE", 22);
  isc_test_write_file (junk, junk_bytes, sizeof junk_bytes);
  g_assert_null (isc_cycling_load (junk, ISC_CYCLER_AUTO, NULL, &error));
  g_assert_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT);
  g_clear_error (&error);

  if (fixture != NULL)
    {
      g_autofree char *bytes = NULL;
      gsize len;

      /* Cut inside the data module: the record count no longer fits. */
      g_assert_true (g_file_get_contents (fixture, &bytes, &len, NULL));
      for (gsize cut = 60; cut < len; cut += len / 7)
        {
          isc_test_write_file (trunc, bytes, cut);
          g_assert_null (isc_cycling_load (trunc, ISC_CYCLER_AUTO, NULL, &error));
          g_assert_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT);
          g_clear_error (&error);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cycling/biologic/mpt", test_biologic_mpt);
  g_test_add_func ("/cycling/biologic/mpr", test_biologic_mpr);
  g_test_add_func ("/cycling/biologic/locales-and-binary", test_biologic_locales);
  g_test_add_func ("/cycling/biologic/mpr-derived-cycles", test_mpr_derived_cycles);
  g_test_add_func ("/cycling/arbin", test_arbin);
  g_test_add_func ("/cycling/neware", test_neware);
  g_test_add_func ("/cycling/neware-hierarchical", test_neware_hierarchical);
  g_test_add_func ("/cycling/bdf-csv", test_bdf_csv);
  g_test_add_func ("/cycling/formation/bdf", test_formation_bdf);
  g_test_add_func ("/cycling/formation/none", test_formation_none);
  g_test_add_func ("/cycling/formation/synthetic", test_formation_synthetic);
  g_test_add_func ("/cycling/maccor-integration", test_maccor_integration);
  g_test_add_func ("/cycling/other-fixtures", test_other_fixtures_parse);
  g_test_add_func ("/cycling/csv/guess-and-integration", test_generic_csv_guess_and_integration);
  g_test_add_func ("/cycling/csv/explicit-mapping", test_explicit_mapping_semicolon);
  g_test_add_func ("/cycling/csv/guess-columns", test_guess_columns);
  g_test_add_func ("/cycling/csv/table-preview", test_table_preview);
  g_test_add_func ("/cycling/curves-and-dqdv", test_curves_and_dqdv);
  g_test_add_func ("/cycling/maccor-steps", test_maccor_steps);
  g_test_add_func ("/cycling/progress-and-cancel", test_progress_and_cancel);
  g_test_add_func ("/cycling/malformed", test_malformed);
  g_test_add_func ("/cycling/csv/decimal-commas", test_decimal_commas);
  g_test_add_func ("/cycling/biologic/mpt-bom", test_mpt_bom);
  g_test_add_func ("/cycling/csv/preamble-mass", test_preamble_mass);
  g_test_add_func ("/cycling/csv/non-finite", test_non_finite);
  g_test_add_func ("/cycling/fifo", test_fifo);
  return g_test_run ();
}
