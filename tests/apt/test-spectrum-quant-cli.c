/* test-spectrum-quant-cli.c: `ionscape-cli isotopes | spectrum --background | composition
 * --decompose | multihit | detector-map` on files written here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "test-util.h"

static JsonObject *
parse_object (const char  *text,
              JsonParser **parser)
{
  g_autoptr(GError) error = NULL;

  *parser = json_parser_new ();
  json_parser_load_from_data (*parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (*parser));
}

static void
test_isotopes (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *peaks;
  JsonObject *o;

  g_assert_cmpint (isc_test_run_cli (&out, NULL, "isotopes", "O2", "--charge", "1", "--json", NULL), ==, 0);
  o = parse_object (out, &parser);
  peaks = json_object_get_array_member (o, "peaks");
  g_assert_cmpuint (json_array_get_length (peaks), ==, 3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (peaks, 0), "mass_da"),
                                  31.990, 5e-4);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (peaks, 1), "mass_da"),
                                  32.994, 5e-4);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (peaks, 2), "mass_da"),
                                  33.994, 5e-4);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (peaks, 0), "abundance"),
                                  0.99757 * 0.99757, 1e-6);

  g_assert_cmpint (isc_test_run_cli (NULL, &err, "isotopes", "Qq", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Qq"));

  /* What could be at 29.5 Da? ⁵⁹Co²⁺ (29.467 Da) first. */
  g_clear_pointer (&out, g_free);
  g_clear_object (&parser);
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "isotopes", "--at", "29.5", "--elements", "Li,O,Co,Ni",
                                     "--json", NULL), ==, 0);
  o = parse_object (out, &parser);
  peaks = json_object_get_array_member (o, "candidates");
  g_assert_cmpuint (json_array_get_length (peaks), >, 0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (peaks, 0), "ion"), ==, "Co");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (peaks, 0), "charge"), ==, 2);
}

/* 2000 background ions evenly over 0–100 Da (20 per Da), 1000 Li⁺ at 7.016 Da, 3000 O⁺ at
 * 15.995 Da and 500 O₂²⁺, which share the 16 Da peak; O₂²⁺ also at 16.497 (none drawn there:
 * too few ions for a test of the split, see test-spectrum-quant). */
static char *
write_data (const char *dir)
{
  char *path = g_build_filename (dir, "quant.pos", NULL);
  g_autoptr(GArray) ions = g_array_new (FALSE, FALSE, sizeof (float[4]));

  for (guint i = 0; i < 2000; i++)
    {
      float ion[4] = { 0, 0, i * 0.01f, 0.025f + i * 0.05f };

      g_array_append_val (ions, ion);
    }
  for (guint i = 0; i < 1000; i++)
    {
      float ion[4] = { 1, 0, i * 0.01f, 7.016f + 0.01f * ((int) (i % 11) - 5) / 5.0f };

      g_array_append_val (ions, ion);
    }
  for (guint i = 0; i < 3000; i++)
    {
      float ion[4] = { 2, 0, i * 0.01f, 15.995f + 0.01f * ((int) (i % 11) - 5) / 5.0f };

      g_array_append_val (ions, ion);
    }
  isc_test_write_pos (path, (const float (*)[4]) ions->data, ions->len);
  return path;
}

static void
test_spectrum_background (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *pos = write_data (dir);
  g_autofree char *rrng = g_build_filename (dir, "quant.rrng", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = NULL;
  const char *text = "[Ranges]\nNumber=2\nRange1=6.5 7.5 Li:1\nRange2=15.5 16.5 O:1\n";
  JsonObject *o, *li;
  JsonArray *ranges;

  isc_test_write_file (rrng, text, strlen (text));
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "spectrum", pos, "--ranges", rrng,
                                     "--background", "20:60,70:100", "--json", NULL), ==, 0);
  o = parse_object (out, &parser);
  g_assert_cmpstr (json_object_get_string_member (o, "background_model"), ==, "constant");
  ranges = json_object_get_array_member (o, "ranges");
  g_assert_cmpuint (json_array_get_length (ranges), ==, 2);
  li = json_array_get_object_element (ranges, 0);
  g_assert_cmpstr (json_object_get_string_member (li, "name"), ==, "Li");
  /* 1000 Li + 20 background ions in the 1 Da window; the background is exactly 20 per Da. */
  g_assert_cmpint (json_object_get_int_member (li, "raw"), ==, 1020);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (li, "background"), 20.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (li, "corrected"), 1000.0, 1e-9);
  /* σ² = 1020 + 1²·(1400 / 70²) */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (li, "sigma"), sqrt (1020 + 1400.0 / 4900), 1e-9);

  g_clear_pointer (&out, g_free);
  g_clear_object (&parser);
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "spectrum", pos, "--ranges", rrng, "--json", NULL), ==, 0);
  o = parse_object (out, &parser);
  g_assert_true (json_node_is_null (json_object_get_member (o, "background_model")));

  g_assert_cmpint (isc_test_run_cli (NULL, &err, "spectrum", pos, "--ranges", rrng,
                                     "--background", "60:20", "--json", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "60:20"));
}

static void
test_composition_decompose (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *pos = write_data (dir);
  g_autofree char *rrng = g_build_filename (dir, "o.rrng", NULL);
  g_autofree char *typo = g_build_filename (dir, "typo.rrng", NULL);
  g_autofree char *out = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = NULL;
  const char *text = "[Ranges]\nNumber=4\nRange1=6.9 7.1 Li:1\nRange2=15.9 16.1 O:1\n"
                     "Range3=15.95 16.05 O:2\nRange4=16.45 16.55 O:2\n";
  const char *bad = "[Ranges]\nNumber=2\nRange1=6.9 7.2 Li:1\nRange2=7.1 7.3 Co:1\n";
  JsonObject *o, *ions;
  double o_count, o2_count;

  isc_test_write_file (rrng, text, strlen (text));
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "composition", pos, "--ranges", rrng, "--decompose",
                                     "--background", "20:60,70:100", "--json", NULL), ==, 0);
  o = parse_object (out, &parser);
  g_assert_true (json_object_get_boolean_member (o, "decomposed"));
  g_assert_cmpstr (json_object_get_string_member (o, "background_model"), ==, "constant");
  ions = json_object_get_object_member (o, "ions");
  o_count = json_object_get_double_member (json_object_get_object_member (ions, "O"), "count");
  o2_count = json_object_get_double_member (json_object_get_object_member (ions, "O2"), "count");
  /* The 16.5 Da window holds one background ion (0.1 Da × 20, less its background): O₂²⁺ is
   * near zero and O⁺ carries the 3000 ions. */
  g_assert_cmpfloat (fabs (o_count - 3000), <, 3 * json_object_get_double_member (json_object_get_object_member (ions, "O"), "sigma"));
  g_assert_cmpfloat (o2_count, <, 0.1 * o_count);
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (ions, "Li"), "count"), >, 990);
  g_assert_true (json_object_has_member (json_object_get_object_member (ions, "Li"), "sigma"));

  /* Without --decompose: window counting as before, whole counts and no "decomposed". */
  g_assert_cmpint (isc_test_run_cli (&plain, NULL, "composition", pos, "--ranges", rrng, "--json", NULL), ==, 0);
  g_assert_null (strstr (plain, "decomposed"));
  {
    g_autoptr(JsonParser) plain_parser = NULL;
    JsonObject *po = parse_object (plain, &plain_parser);
    JsonObject *pions = json_object_get_object_member (po, "ions");
    JsonNode *count = json_object_get_member (json_object_get_object_member (pions, "O2"), "count");

    g_assert_cmpint (json_node_get_value_type (count), ==, G_TYPE_INT64);
    /* Counting gives the 16 Da ions to the inner (O2) window. */
    g_assert_cmpint (json_node_get_int (count), >, 2900);
    g_assert_false (json_object_has_member (json_object_get_object_member (pions, "O2"), "sigma"));
  }
  g_assert_cmpint (isc_test_run_cli (NULL, &err, "composition", pos, "--ranges", rrng,
                                     "--background", "20:60", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--decompose"));
  g_clear_pointer (&err, g_free);

  /* A typo overlap names both ranges, on one line. */
  isc_test_write_file (typo, bad, strlen (bad));
  g_assert_cmpint (isc_test_run_cli (NULL, &err, "composition", pos, "--ranges", typo, "--decompose", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "6.9–7.2 Da (Li)"));
  g_assert_nonnull (strstr (err, "7.1–7.3 Da (Co)"));
  {
    g_auto(GStrv) lines = g_strsplit (err, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), <=, 2);
  }
}

static void
put32 (GByteArray *a,
       guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (a, b, 4);
}

static void
putf (GByteArray *a,
      float       f)
{
  guint32 u;

  memcpy (&u, &f, 4);
  put32 (a, u);
}

static void
test_multihit (void)
{
  static const guint sizes[] = { 1, 2, 1, 3, 1 };
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *epos = g_build_filename (dir, "hits.epos", NULL);
  g_autofree char *pos = write_data (dir);
  g_autofree char *png = g_build_filename (dir, "corr.png", NULL);
  g_autofree char *map = g_build_filename (dir, "map.png", NULL);
  g_autoptr(GByteArray) a = g_byte_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *err = NULL;
  g_autofree char *bytes = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *o;
  gsize len = 0;
  guint ion = 0;

  for (guint e = 0; e < G_N_ELEMENTS (sizes); e++)
    for (guint k = 0; k < sizes[e]; k++, ion++)
      {
        putf (a, 0); putf (a, 0); putf (a, (float) ion);
        putf (a, 10.0f * (ion + 1));
        putf (a, 100); putf (a, 5); putf (a, 0);
        putf (a, (float) ion); putf (a, -(float) ion);
        put32 (a, k == 0 ? 3 : 0);
        put32 (a, k == 0 ? sizes[e] : 0);
      }
  isc_test_write_file (epos, a->data, a->len);

  g_assert_cmpint (isc_test_run_cli (&out, NULL, "multihit", epos, "--json", NULL), ==, 0);
  o = parse_object (out, &parser);
  g_assert_cmpint (json_object_get_int_member (o, "events"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (o, "ions"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (o, "pairs"), ==, 4);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "multiple_fraction"), 0.625, 1e-12);

  g_assert_cmpint (isc_test_run_cli (&csv, NULL, "multihit", epos, "--csv", "--range", "0,100", "--bins", "10", NULL), ==, 0);
  g_assert_cmpstr (csv, ==, "mq1,mq2,pairs\n25,35,1\n55,65,1\n55,75,1\n65,75,1\n");

  g_assert_cmpint (isc_test_run_cli (NULL, NULL, "multihit", epos, "--out", png, "--track", "NiO:2:Ni:1", NULL), ==, 0);
  g_assert_cmpint (isc_test_run_cli (NULL, &err, "multihit", epos, "--out", png, "--track", "LiO:1:Li:1", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "LiO:1:Li:1"));
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_get_contents (png, &bytes, &len, NULL));
  g_assert_cmpuint (len, >, 8);
  g_assert_cmpint (memcmp (bytes, "\x89PNG", 4), ==, 0);
  g_clear_pointer (&bytes, g_free);

  g_assert_cmpint (isc_test_run_cli (NULL, NULL, "detector-map", epos, "--out", map, NULL), ==, 0);
  g_assert_true (g_file_get_contents (map, &bytes, &len, NULL));
  g_assert_cmpint (memcmp (bytes, "\x89PNG", 4), ==, 0);

  /* .pos data has neither channel: one clear line. */
  g_assert_cmpint (isc_test_run_cli (NULL, &err, "multihit", pos, "--json", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "multiplicity"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (isc_test_run_cli (NULL, &err, "detector-map", pos, "--out", map, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "detector"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/quant-cli/isotopes", test_isotopes);
  g_test_add_func ("/quant-cli/spectrum-background", test_spectrum_background);
  g_test_add_func ("/quant-cli/composition-decompose", test_composition_decompose);
  g_test_add_func ("/quant-cli/multihit", test_multihit);
  return g_test_run ();
}
