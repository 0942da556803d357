/* test-project-retention.c: retention from cycler data (formation, reference, end cycle).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "demo-cycling.h"
#include "gradient.h"
#include "project-retention.h"
#include "test-util.h"

/* One cycle: a charge then a discharge of @q mAh at @current mA, in four records each. */
static void
add_cycle (IscCyclingData *data,
           gint32          cycle,
           double          q,
           double          current,
           double         *t)
{
  for (int half = 0; half < 2; half++)
    for (int k = 1; k <= 4; k++)
      {
        IscCyclingRecord r = { 0 };

        r.time_s = (*t += 3600.0 * q / current / 4);
        r.voltage_v = half == 0 ? 3.6 + 0.1 * k : 4.0 - 0.1 * k;
        r.current_ma = half == 0 ? current : -current;
        r.charge_mah = half == 0 ? q * k / 4 : q;
        r.discharge_mah = half == 0 ? 0 : q * k / 4;
        r.cycle = cycle;
        r.step = half;
        g_array_append_val (data->records, r);
      }
}

/* Two formation cycles at 0.2 mA (200 and 190 mAh), then cycles 3…12 at 1 mA with a discharge
 * of 180 − 2 (n − 3) mAh: cycle 3 is the reference (180), cycle 12 gives 162 → 0.9. */
static IscCyclingData *
make_cell (const char *source)
{
  IscCyclingData *data = isc_cycling_data_new (source);
  double t = 0;

  add_cycle (data, 1, 200, 0.2, &t);
  add_cycle (data, 2, 190, 0.2, &t);
  for (gint32 n = 3; n <= 12; n++)
    add_cycle (data, n, 180 - 2.0 * (n - 3), 1.0, &t);
  isc_cycling_data_normalize (data, TRUE);
  return data;
}

static void
test_rule (void)
{
  g_autoptr(IscCyclingData) data = make_cell ("cell.csv");
  g_autoptr(GError) error = NULL;
  IscRetention r;

  /* The whole file: 162 / 180. */
  g_assert_true (isc_cycling_get_retention (data, 0, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.n_formation, ==, 2);
  g_assert_cmpint (r.reference_cycle, ==, 3);
  g_assert_cmpint (r.end_cycle, ==, 12);
  g_assert_cmpfloat_with_epsilon (r.retention, 162.0 / 180.0, 1e-9);

  /* A condition stopped after 5 test cycles: cycles 3…7, 172 / 180. */
  g_assert_true (isc_cycling_get_retention (data, 5, &r, &error));
  g_assert_cmpint (r.end_cycle, ==, 7);
  g_assert_cmpfloat_with_epsilon (r.retention, 172.0 / 180.0, 1e-9);

  /* More cycles than the file holds: its last cycle. */
  g_assert_true (isc_cycling_get_retention (data, 300, &r, &error));
  g_assert_cmpint (r.end_cycle, ==, 12);

  /* Within formation: no retention, no error. */
  g_assert_true (isc_cycling_get_retention (data, 2, &r, &error));
  g_assert_true (isnan (r.retention));
}

static void
test_no_discharge (void)
{
  g_autoptr(IscCyclingData) data = isc_cycling_data_new ("empty.csv");
  g_autoptr(GError) error = NULL;
  IscRetention r;

  g_assert_false (isc_cycling_get_retention (data, 0, &r, &error));
  g_assert_error (error, ISC_CYCLING_ERROR, ISC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "empty.csv"));
}

/* Through the project: a CSV cycler file read back by the real reader sets the gradient's
 * retention; a condition without cycler data keeps its stored value; a broken file is
 * reported by name and leaves the stored value. */
static void
test_project (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *good = g_build_filename (dir, "cell.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "broken.csv", NULL);
  g_autoptr(IscCyclingData) data = make_cell ("cell");
  g_autoptr(GString) csv = g_string_new ("Test_Time(s),Voltage(V),Current(mA),Charge_Capacity(mAh),"
                                         "Discharge_Capacity(mAh),Cycle_Index,Step_Index\n");
  g_autoptr(IscProject) project = isc_project_new ();
  g_autoptr(IscGradient) gradient = isc_gradient_new ();
  g_autoptr(GError) error = NULL;
  IscCondition *a, *b, *c;
  guint n_set = 0;

  for (guint i = 0; i < data->records->len; i++)
    {
      IscCyclingRecord *r = &g_array_index (data->records, IscCyclingRecord, i);

      g_string_append_printf (csv, "%.3f,%.3f,%.3f,%.4f,%.4f,%d,%d\n", r->time_s, r->voltage_v,
                              r->current_ma, r->charge_mah, r->discharge_mah, r->cycle, r->step);
    }
  isc_test_write_file (good, csv->str, csv->len);
  isc_test_write_file (bad, "nothing useful\n", 15);

  a = isc_project_add_condition (project, "5 cycles", 5);
  a->retention = 0.5;
  isc_condition_add_cycler (a, good, NAN);
  b = isc_project_add_condition (project, "stored", 10);
  b->retention = 0.8;
  c = isc_project_add_condition (project, "broken", 10);
  c->retention = 0.7;
  isc_condition_add_cycler (c, bad, NAN);

  isc_gradient_add_project (gradient, project, FALSE);
  g_assert_false (isc_gradient_add_cycler_retention (gradient, project, NULL, &n_set, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "broken.csv"));
  g_assert_cmpuint (n_set, ==, 1);
  g_assert_cmpfloat_with_epsilon (isc_gradient_get_retention (gradient, 0), 172.0 / 180.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (isc_gradient_get_retention (gradient, 1), 0.8, 1e-12);
  g_assert_cmpfloat_with_epsilon (isc_gradient_get_retention (gradient, 2), 0.7, 1e-12);
}

/* The demo's cycler files (written by model/demo) give back the published numbers: 76.0 % after
 * 300 cycles at 1 C following two 0.2 C formation cycles; 83 % and 74 % for the half cells
 * after 100 cycles at 0.5 C following one 0.1 C cycle (SCIENCE.md). */
static void
test_demo_cells (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  const IscDemoCell *cells;
  guint n_cells;

  g_assert_true (isc_demo_write_cycling (dir, NULL, &error));
  g_assert_no_error (error);
  cells = isc_demo_cycling_cells (&n_cells);
  for (guint i = 0; i < n_cells; i++)
    {
      g_autofree char *path = g_build_filename (dir, "cycling", cells[i].file, NULL);
      g_autoptr(IscCyclingData) data = isc_cycling_load (path, ISC_CYCLER_AUTO, NULL, &error);
      IscRetention r;
      guint cycles = cells[i].last_cycle - cells[i].reference_cycle + 1;

      g_assert_no_error (error);
      g_assert_true (isc_cycling_get_retention (data, cycles, &r, &error));
      g_assert_no_error (error);
      g_assert_cmpint (r.reference_cycle, ==, cells[i].reference_cycle);
      g_assert_cmpuint (r.n_formation, ==, cells[i].reference_cycle - 1);
      g_assert_cmpint (r.end_cycle, ==, cells[i].last_cycle);
      g_assert_cmpfloat_with_epsilon (r.retention, cells[i].retention / 100.0, 0.005);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/project-retention/rule", test_rule);
  g_test_add_func ("/project-retention/no-discharge", test_no_discharge);
  g_test_add_func ("/project-retention/project", test_project);
  g_test_add_func ("/project-retention/demo-cells", test_demo_cells);
  return g_test_run ();
}
