/* test-demo-cycling.c: the demo's cycler files read back through the CSV reader reproduce
 * SCIENCE.md's numbers (76.0 %, 83 %, 74 % retention; 180.9 → 137.5 mAh/g).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "cycling-data.h"
#include "demo-cycling.h"
#include "test-util.h"

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

static void
test_demo_cycling (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json_path = g_build_filename (dir, "cycling", "cells.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  /* SCIENCE.md, written here independently of the generator's table. */
  const struct { const char *label; double retention; gint32 last; double mass_mg; } expected[] = {
    { "18650 full cell", 76.0, 302, -1 }, { "TS-NCM", 83.0, 101, -1 }, { "R-NCM", 74.0, 101, -1 },
  };
  JsonArray *cells;
  double ts_first_ce = NAN;

  g_assert_true (isc_demo_write_cycling (dir, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_file (parser, json_path, &error));
  g_assert_no_error (error);
  cells = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "cells");
  g_assert_cmpuint (json_array_get_length (cells), ==, 3);

  for (guint i = 0; i < 3; i++)
    {
      JsonObject *cell = json_array_get_object_element (cells, i);
      g_autofree char *path = g_build_filename (dir, "cycling", json_object_get_string_member (cell, "file"), NULL);
      g_autoptr(IscCyclingData) data = NULL;
      g_autoptr(GArray) summary = NULL;
      gint32 ref = (gint32) json_object_get_int_member (cell, "reference_cycle");
      double mass_g = json_object_get_double_member (cell, "active_mass_mg") / 1000;
      IscCycleSummary *first, *last;

      g_assert_cmpstr (json_object_get_string_member (cell, "label"), ==, expected[i].label);
      data = isc_cycling_load_csv (path, NULL, NULL, &error);
      g_assert_no_error (error);
      /* The mass in the file's comment line matches the side file. */
      g_assert_cmpfloat_with_epsilon (data->active_mass_g, mass_g, 1e-9);
      summary = isc_cycling_summarize (data, NAN, ref);
      /* The default reference is the same cycle, found from the rates (issue 20 item 1). */
      {
        IscReferenceChoice choice;
        g_autoptr(GArray) by_default = isc_cycling_summarize_full (data, NAN, -1, &choice);

        g_assert_cmpint (choice.cycle, ==, ref);
        g_assert_cmpint (choice.reason, ==, ISC_REFERENCE_AFTER_FORMATION);
        g_assert_cmpuint (choice.n_formation, ==, (guint) ref - 1);
        g_assert_cmpfloat (choice.c_rate, ==, i == 0 ? 1.0 : 0.5);
        g_assert_cmpfloat (choice.formation_c_rate, ==, i == 0 ? 0.2 : 0.1);
        g_assert_cmpfloat_with_epsilon (find_cycle (by_default, expected[i].last)->retention,
                                        expected[i].retention, 0.5);
      }
      g_assert_cmpuint (summary->len, ==, (guint) expected[i].last);
      last = find_cycle (summary, expected[i].last);
      g_assert_cmpfloat_with_epsilon (last->retention, expected[i].retention, 0.5);
      first = find_cycle (summary, 1);
      if (i == 0)
        {
          IscCycleSummary *ref_cycle = find_cycle (summary, ref);

          g_assert_cmpint (ref, ==, 3);   /* two formation cycles first */
          g_assert_cmpfloat_with_epsilon (ref_cycle->discharge_mah_g, 180.9, 0.5);
          g_assert_cmpfloat_with_epsilon (last->discharge_mah_g, 137.5, 0.5);
          g_assert_cmpfloat_with_epsilon (last->mean_discharge_v, 3.6, 0.4);
        }
      else
        g_assert_cmpfloat_with_epsilon (first->discharge_mah_g, 180.0, 2.0);   /* ~180 at 0.1 C */
      /* The study: TS-NCM starts with the higher Coulombic efficiency. */
      if (i == 1)
        ts_first_ce = first->coulombic_efficiency;
      if (i == 2)
        g_assert_cmpfloat (ts_first_ce, >, first->coulombic_efficiency + 2.0);
      /* Formation loses lithium: the first cycle's efficiency is the lowest. */
      g_assert_cmpfloat (first->coulombic_efficiency, <, last->coulombic_efficiency);
      /* Voltage window of SCIENCE.md. */
      for (guint k = 0; k < data->records->len; k++)
        {
          double v = g_array_index (data->records, IscCyclingRecord, k).voltage_v;

          g_assert_cmpfloat (v, >=, i == 0 ? 2.8 : 2.7);
          g_assert_cmpfloat (v, <=, i == 0 ? 4.35 : 4.3);
        }
    }
}

static void
test_demo_deterministic (void)
{
  g_autofree char *a = isc_test_make_tmpdir ();
  g_autofree char *b = isc_test_make_tmpdir ();
  g_autofree char *pa = g_build_filename (a, "cycling", "R-NCM-half-cell.csv", NULL);
  g_autofree char *pb = g_build_filename (b, "cycling", "R-NCM-half-cell.csv", NULL);
  g_autofree char *ta = NULL;
  g_autofree char *tb = NULL;

  g_assert_true (isc_demo_write_cycling (a, NULL, NULL));
  g_assert_true (isc_demo_write_cycling (b, NULL, NULL));
  g_assert_true (g_file_get_contents (pa, &ta, NULL, NULL));
  g_assert_true (g_file_get_contents (pb, &tb, NULL, NULL));
  g_assert_cmpstr (ta, ==, tb);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/demo/cycling/retention", test_demo_cycling);
  g_test_add_func ("/demo/cycling/deterministic", test_demo_deterministic);
  return g_test_run ();
}
