/* test-apt-ranges.c: range-file readers against the 3Depict expectations and real files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/types.h>

#include "range-io.h"
#include "isc-fixtures.h"
#include "range-set.h"
#include "test-util.h"

typedef struct
{
  const char *file;
  int         ions;     /* -1: must fail */
  int         ranges;
} Expected;

/* 3Depict's own loader test (src/testing/testing.cpp), via SOURCES.md. Two files 3Depict
 * accepts are refused on purpose: test9.rng and test10.rng put their windows at 10^7…10^8 Da,
 * far above any ion's m/n (ISC_RANGE_MAX_DA); in real files such bounds come from damage.
 * Windows that reach below 0 Da but end above it (test7.rng, −0.5…0.5) stay accepted. */
static const Expected depict[] = {
  { "test1.rng", 10, 6 }, { "test2.rng", 7, 9 }, { "test3.rng", 19, 59 }, { "test4.rng", -1, 0 },
  { "test5.rng", 4, 2 }, { "test6.rng", -1, 0 }, { "test7.rng", 2, 2 }, { "test8.rng", 2, 2 },
  { "test9.rng", -1, 0 }, { "test10.rng", -1, 0 }, { "test11.rng", 5, 10 }, { "test12.rng", 5, 10 },
  { "test1.rrng", 1, 1 }, { "test2.rrng", 3, 6 }, { "test3.rrng", 8, 42 }, { "test4.rrng", 14, 15 },
  { "test5.rrng", 1, 1 }, { "test6.rrng", 2, 4 }, { "test1.env", 1, 1 },
};

static void
test_3depict (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (depict); i++)
    {
      g_autofree char *rel = g_build_filename ("apt", "3depict", depict[i].file, NULL);
      g_autofree char *path = isc_test_fixture_or_skip (rel);
      g_autoptr(IscRangeSet) set = NULL;
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        return;
      set = isc_range_set_load (path, &error);
      if (depict[i].ions < 0)
        {
          g_assert_null (set);
          g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID);
          g_assert_nonnull (strstr (error->message, depict[i].file));
          continue;
        }
      if (set == NULL)
        g_error ("%s: %s", depict[i].file, error->message);
      g_test_message ("%s: %u ions, %u ranges", depict[i].file, isc_range_set_get_n_ion_types (set),
                      isc_range_set_get_n_ranges (set));
      g_assert_cmpuint (isc_range_set_get_n_ion_types (set), ==, (guint) depict[i].ions);
      g_assert_cmpuint (isc_range_set_get_n_ranges (set), ==, (guint) depict[i].ranges);
    }
}

static void
collect (const char *dir,
         GPtrArray  *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      g_autofree char *lower = g_ascii_strdown (name, -1);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        collect (child, out);
      else if (g_str_has_suffix (lower, ".rrng") || g_str_has_suffix (lower, ".rng")
               || g_str_has_suffix (lower, ".env"))
        g_ptr_array_add (out, g_steal_pointer (&child));
    }
}

/* Every real range file in the fixtures parses (3Depict's must-fail files excepted, and
 * test9/test10 with their 10^7 Da windows, see depict[]). */
static void
test_all_real (void)
{
  g_autofree char *root = isc_test_fixture_or_skip ("apt");
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  guint n_parsed = 0;

  if (root == NULL)
    return;
  collect (root, files);
  g_assert_cmpuint (files->len, >=, 30);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(IscRangeSet) set = isc_range_set_load (path, &error);

      if (g_str_has_suffix (path, "3depict/test4.rng") || g_str_has_suffix (path, "3depict/test6.rng")
          || g_str_has_suffix (path, "3depict/test9.rng") || g_str_has_suffix (path, "3depict/test10.rng"))
        {
          g_assert_null (set);
          continue;
        }
      if (set == NULL)
        g_error ("%s", error->message);
      g_assert_cmpuint (isc_range_set_get_n_ranges (set), >, 0);
      n_parsed++;
    }
  g_test_message ("%u range files parsed", n_parsed);
}

static IscRangeSet *
load_fixture (const char *rel)
{
  g_autofree char *path = isc_test_fixture_or_skip (rel);
  g_autoptr(GError) error = NULL;
  IscRangeSet *set;

  if (path == NULL)
    return NULL;
  set = isc_range_set_load (path, &error);
  g_assert_no_error (error);
  return set;
}

static int
find_type (const IscRangeSet *set,
           const char        *name)
{
  for (guint i = 0; i < isc_range_set_get_n_ion_types (set); i++)
    if (g_str_equal (isc_range_set_get_ion_type (set, i)->name, name))
      return (int) i;
  return -1;
}

static void
test_quirks (void)
{
  g_autoptr(IscRangeSet) mo = load_fixture ("apt/ifes_apt_tc_data_modeling/rrng/examples_without_provenance/ger_duesseldorf_kuehbach/Mo_range.rrng");
  g_autoptr(IscRangeSet) nio = NULL;
  g_autoptr(IscRangeSet) rapt = NULL;
  g_autoptr(IscRangeSet) para = NULL;
  g_autoptr(IscRangeSet) t12 = NULL;
  g_autoptr(IscRangeSet) t5 = NULL;
  int t;

  if (mo == NULL)
    return;
  /* Decimal commas: "Range1=22,8615 23,0910 Vol:0,01558 Mo:1" */
  t = find_type (mo, "Mo");
  g_assert_cmpint (t, >=, 0);
  g_assert_cmpuint (isc_range_set_lookup (mo, 22.9f), ==, (guint) t);
  g_assert_cmpuint (isc_range_set_lookup (mo, 22.86f), ==, ISC_ION_UNRANGED);

  /* NiO-family molecular ions decompose by element. */
  nio = load_fixture ("apt/ifes_apt_tc_data_modeling/rrng/examples_without_provenance/ger_berlin_kuehbach/Ranges_R45_2434-v01.rrng");
  t = find_type (nio, "Ni2O");
  g_assert_cmpint (t, >=, 0);
  g_assert_cmpuint (isc_range_set_count_atoms (nio, t, "Ni"), ==, 2);
  g_assert_cmpuint (isc_range_set_count_atoms (nio, t, "O"), ==, 1);
  g_assert_cmpint (find_type (nio, "NiO3"), >=, 0);

  /* Shared boundary Cr …–25.4120 / V 25.4120–…: accepted, the boundary goes to V. */
  rapt = load_fixture ("apt/rapt/example-rrng.rrng");
  g_assert_cmpuint (isc_range_set_lookup (rapt, 25.412f), ==, (guint) find_type (rapt, "V"));
  g_assert_cmpuint (isc_range_set_lookup (rapt, 25.41f), ==, (guint) find_type (rapt, "Cr"));

  /* Every line keyed Range1=: all ranges still read. */
  para = load_fixture ("apt/PARAPROBE/PARAPROBE.Paper14.RangingTest.rrng");
  g_assert_cmpuint (isc_range_set_get_n_ranges (para), >, 1);

  /* Double ORNL: the extension renames the composite to AaAd, with its colour. */
  t12 = load_fixture ("apt/3depict/test12.rng");
  t = find_type (t12, "AaAd");
  g_assert_cmpint (t, >=, 0);
  g_assert_cmpuint (isc_range_set_lookup (t12, 44.0f), ==, (guint) t);
  g_assert_cmpfloat (isc_range_set_get_ion_type (t12, t)->color[2], ==, 1.0);

  /* "0 2 0 0" maps to the declared Cd2, "1 2 0 0" to AbCd2. */
  t5 = load_fixture ("apt/3depict/test5.rng");
  g_assert_cmpuint (isc_range_set_lookup (t5, 1.5f), ==, (guint) find_type (t5, "Cd2"));
  g_assert_cmpuint (isc_range_set_lookup (t5, 2.5f), ==, (guint) find_type (t5, "AbCd2"));
  g_assert_cmpuint (isc_range_set_count_atoms (t5, find_type (t5, "AbCd2"), "Cd"), ==, 2);
}

/* Writes @text as a range file named @name and loads it: the load must fail with one line that
 * names the file. Returns the error (free with g_error_free) and the file's path in @path_out. */
static GError *
load_expecting_failure (const char  *name,
                        const char  *text,
                        char       **path_out)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GError *error = NULL;
  g_autoptr(IscRangeSet) set = NULL;

  isc_test_write_file (path, text, strlen (text));
  set = isc_range_set_load (path, &error);
  g_assert_null (set);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, name));
  g_assert_null (strchr (error->message, '\n'));
  if (path_out != NULL)
    *path_out = g_steal_pointer (&path);
  return error;
}

static void
expect_fail (const char *name,
             const char *text)
{
  g_error_free (load_expecting_failure (name, text, NULL));
}

static void
test_malformed (void)
{
  static const guint8 junk[] = { 0x7f, 'E', 'L', 'F', 0, 1, 2, 3, 0xff, 0xfe, '\n', 0 };
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "junk.rrng", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscRangeSet) set = NULL;

  expect_fail ("empty.rrng", "");
  expect_fail ("nosection.rrng", "Range1=1 2 Fe:1\n");
  expect_fail ("noranges.rrng", "[Ions]\nNumber=1\nIon1=Fe\n");
  expect_fail ("badnum.rrng", "[Ranges]\nRange1=1..2 3 Fe:1\n");
  expect_fail ("flipped.rrng", "[Ranges]\nRange1=3 2 Fe:1\n");
  expect_fail ("overlap.rrng", "[Ranges]\nRange1=1 3 Fe:1\nRange2=2 4 Ni:1\n");
  expect_fail ("badcolor.rrng", "[Ranges]\nRange1=1 3 Fe:1 Color:XYZ\n");
  expect_fail ("fraction.rrng", "[Ranges]\nRange1=1 3 Fe:1.5\n");
  expect_fail ("nan.rrng", "[Ranges]\nRange1=nan 3 Fe:1\n");
  expect_fail ("counts.rng", "999999999 5\n");
  expect_fail ("short.rng", "2 1\nFe\nFe 1 0 0\n");
  expect_fail ("row.rng", "1 1\nFe\nFe 1 0 0\n---- Fe\n. 1 2 1 0 0\n");
  expect_fail ("nodash.rng", "1 1\nFe\nFe 1 0 0\n. 1 2 1\n");
  expect_fail ("env.env", "2 1\nFe 1 0 0\nNi 0 1 0\nCu 1 2 3 1\n");

  isc_test_write_file (path, junk, sizeof junk);
  set = isc_range_set_load (path, &error);
  g_assert_null (set);
  g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT);

  /* Overlap messages name both ranges. */
  {
    g_autoptr(IscRangeSet) s = NULL;
    g_autoptr(GError) e = NULL;
    const char *text = "[Ranges]\nRange1=1 3 Fe:1\nRange2=2 4 Ni:1\n";

    s = isc_range_set_parse_rrng ("x.rrng", text, strlen (text), &e);
    g_assert_error (e, ISC_APT_ERROR, ISC_ERROR_INVALID);
    g_assert_nonnull (strstr (e->message, "Fe"));
    g_assert_nonnull (strstr (e->message, "Ni"));
    g_assert_nonnull (strstr (e->message, "line 3"));
  }
}

static void
test_rrng_quirks_inline (void)
{
  /* BOM, CRLF, case, key:value in any order, float counts, Name-only, duplicates,
   * scientific notation, negative low, no final newline. */
  const char *text = "\xEF\xBB\xBF# comment\r\n[IONS]\r\nNumber=2\r\nIon1=Ni\r\n\r\n[ranges]\r\n"
                     "NUMBER=5\r\nRange1= -0.5 0.5 Name:Noise Color:0000FF\r\n"
                     "Range2=2.9e1 3.0e1 Color:00FF00 Ni:1.000 vol:0.01\r\n"
                     "Range3=29.0 30.0 Ni:1 Color:00FF00\r\n"
                     "Range4=37 38 O:1 Ni:1 Name:NiO\r\n"
                     "Range5=7.0 7.1 Vol:0.1 Li:1";
  g_autoptr(GError) error = NULL;
  g_autoptr(IscRangeSet) set = isc_range_set_parse_rrng ("inline.rrng", text, strlen (text), &error);
  int nio;

  g_assert_no_error (error);
  g_assert_cmpuint (isc_range_set_get_n_ranges (set), ==, 4);
  g_assert_cmpuint (isc_range_set_get_n_ion_types (set), ==, 4);
  g_assert_cmpstr (isc_range_set_get_ion_type (set, 0)->name, ==, "Noise");
  g_assert_cmpuint (isc_range_set_get_ion_type (set, 0)->n_elements, ==, 0);
  g_assert_cmpfloat (isc_range_set_get_ion_type (set, 0)->color[2], ==, 1.0);
  g_assert_cmpuint (isc_range_set_lookup (set, -0.25f), ==, 0);
  g_assert_cmpuint (isc_range_set_lookup (set, 30.0f), ==, 1);
  g_assert_cmpuint (isc_range_set_lookup (set, 30.01f), ==, ISC_ION_UNRANGED);
  nio = find_type (set, "NiO");
  g_assert_cmpuint (isc_range_set_count_atoms (set, nio, "O"), ==, 1);
  g_assert_cmpuint (isc_range_set_lookup (set, 7.05f), ==, (guint) find_type (set, "Li"));
}

/* Like expect_fail, and the message starts with the file's path and names the line of the bad
 * definition (and @why, when not NULL). */
static void
expect_fail_at (const char *name,
                const char *text,
                const char *where,
                const char *why)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = load_expecting_failure (name, text, &path);

  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, where));
  if (why != NULL)
    g_assert_nonnull (strstr (error->message, why));
}

/* Windows no ion can fall in, or that only damage produces, are refused naming file and line;
 * so are counts the file cannot hold. */
static void
test_bad_windows (void)
{
  expect_fail_at ("zero.rrng", "[Ranges]\nRange1=2 2 Fe:1\n", "line 2", "zero width");
  expect_fail_at ("inverted.rrng", "[Ranges]\nRange1=5 2 Fe:1\n", "line 2", "below the low bound");
  expect_fail_at ("negative.rrng", "[Ranges]\nRange1=-5 -2 Fe:1\n", "line 2", "below 0 Da");
  expect_fail_at ("absurd.rrng", "[Ranges]\nRange1=6.0 20000 Fe:1\n", "line 2", "above 10000 Da");
  expect_fail_at ("huge.rrng", "[Ranges]\nRange1=6.0 1e100 Fe:1\n", "line 2", "above 10000 Da");
  expect_fail_at ("inf.rrng", "[Ranges]\nRange1=6.0 inf Fe:1\n", "line 2", NULL);
  expect_fail_at ("nan.rrng", "[Ranges]\nRange1=6.0 nan Fe:1\n", "line 2", NULL);
  expect_fail_at ("count.rrng", "[Ions]\nNumber=1\nIon1=Fe\n[Ranges]\nNumber=100000000\nRange1=1 2 Fe:1\n",
                  "line 5", "Number=");
  expect_fail_at ("huge.rng", "1 1\nFe\nFe 1 0 0\n---- Fe\n. 1.0 1e100 1\n", "line 5", "above 10000 Da");
  expect_fail_at ("zero.rng", "1 1\nFe\nFe 1 0 0\n---- Fe\n. 3.0 3.0 1\n", "line 5", "zero width");
  expect_fail_at ("count.rng", "1 100000000\nFe\nFe 1 0 0\n---- Fe\n. 1.0 2.0 1\n", "line 1", NULL);
  expect_fail_at ("huge.env", "1 1\nFe 1 0 0\nFe 1.0 1e300\n", "line 3", "above 10000 Da");
  expect_fail_at ("count.env", "1 100000000\nFe 1 0 0\nFe 1.0 2.0\n", "line 1", NULL);

  /* Still accepted: a window that starts below 0 Da but ends above it (3Depict test7). */
  {
    const char *text = "[Ranges]\nRange1=-0.5 0.5 Fe:1\n";
    g_autoptr(GError) error = NULL;
    g_autoptr(IscRangeSet) set = isc_range_set_parse_rrng ("ok.rrng", text, strlen (text), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (isc_range_set_get_n_ranges (set), ==, 1);
  }
}

/* The fuzzer's range files (../shared/fixtures/malformed): UBSan reported a NaN or huge float
 * converted to size_t in the lookup table; now each is refused in one line naming the file. */
static void
test_fuzzed_fixtures (void)
{
  static const char *names[] = { "malformed/range-1e100.rrng", "malformed/rng-ef481f5f.rng" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = isc_fixture_path (names[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(IscRangeSet) set = NULL;

      if (path == NULL)
        {
          g_test_skip_printf ("fixture %s not found (set IONSCAPE_FIXTURES or put shared/ beside the source)",
                              names[i]);
          return;
        }
      set = isc_range_set_load (path, &error);
      g_assert_null (set);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, path));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_nonnull (strstr (error->message, "line "));
      g_assert_null (strchr (error->message, '\n'));
    }
}

/* A FIFO named as a range file is refused at once (open () on it would block for ever). */
static void
test_fifo (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "pipe.rrng", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscRangeSet) set = NULL;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  alarm (20);   /* a reader that blocks on the FIFO fails the test instead of hanging it */
  set = isc_range_set_load (path, &error);
  g_assert_null (set);
  g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "FIFO"));
  g_unlink (path);
  alarm (0);
}

/* Write → read → write is byte-identical; read back gives the same ranges and ion types. */
static void
test_rrng_round_trip (void)
{
  static const char *files[] = {
    "apt/pyccapt/rangefile.rrng",
    "apt/ifes_apt_tc_data_modeling/rng/examples_without_provenance/ger_duesseldorf_kuehbach/SeHoKim_R5076_44076_v02.rng",
    "apt/ifes_apt_tc_data_modeling/env/examples_without_provenance/ErMnO.env",
    "apt/3depict/test12.rng",
  };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr(IscRangeSet) a = load_fixture (files[f]);
      g_autoptr(IscRangeSet) b = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text_a = NULL;
      g_autofree char *text_b = NULL;

      if (a == NULL)
        return;
      text_a = isc_range_set_to_rrng (a);
      b = isc_range_set_parse_rrng ("round.rrng", text_a, strlen (text_a), &error);
      g_assert_no_error (error);
      text_b = isc_range_set_to_rrng (b);
      g_assert_true (strcmp (text_a, text_b) == 0);

      g_assert_cmpuint (isc_range_set_get_n_ranges (a), ==, isc_range_set_get_n_ranges (b));
      for (guint i = 0; i < isc_range_set_get_n_ranges (a); i++)
        {
          const IscRange *ra = isc_range_set_get_range (a, i), *rb = isc_range_set_get_range (b, i);
          const IscIonType *ta = isc_range_set_get_ion_type (a, ra->ion_type);
          const IscIonType *tb = isc_range_set_get_ion_type (b, rb->ion_type);

          g_assert_cmpfloat (ra->low, ==, rb->low);
          g_assert_cmpfloat (ra->high, ==, rb->high);
          g_assert_cmpstr (ta->name, ==, tb->name);
          g_assert_cmpuint (ta->n_elements, ==, tb->n_elements);
          for (guint j = 0; j < ta->n_elements; j++)
            g_assert_cmpuint (isc_range_set_count_atoms (a, ra->ion_type, ta->elements[j].symbol), ==,
                              isc_range_set_count_atoms (b, rb->ion_type, ta->elements[j].symbol));
          for (int c = 0; c < 3; c++)
            g_assert_cmpfloat_with_epsilon (ta->color[c], tb->color[c], 0.5 / 255);
        }
    }
}

/* isc_range_set_apply's lookup table agrees with isc_range_set_lookup everywhere, edges included. */
static void
check_apply_matches_lookup (const IscRangeSet *set)
{
  GArray *values = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(GError) error = NULL;
  guint32 state = 7;

  for (guint i = 0; i < isc_range_set_get_n_ranges (set); i++)
    {
      const IscRange *r = isc_range_set_get_range (set, i);
      float edges[2] = { (float) r->low, (float) r->high };

      for (int e = 0; e < 2; e++)
        {
          float v[3] = { edges[e], nextafterf (edges[e], -INFINITY), nextafterf (edges[e], INFINITY) };

          g_array_append_vals (values, v, 3);
        }
    }
  for (int i = 0; i < 200000; i++)
    {
      float v;

      state = state * 1664525u + 1013904223u;
      v = (state >> 8) * (1.0f / (1 << 24)) * 250.0f - 10.0f;
      g_array_append_val (values, v);
    }
  {
    float specials[] = { NAN, INFINITY, -INFINITY, 0.0f, -0.0f, 1e30f, -1e30f };

    g_array_append_vals (values, specials, G_N_ELEMENTS (specials));
  }

  cloud = isc_ion_cloud_new (values->len);
  for (guint i = 0; i < values->len; i++)
    {
      cloud->x[i] = cloud->y[i] = cloud->z[i] = 0;
      cloud->mq[i] = g_array_index (values, float, i);
    }
  g_assert_true (isc_range_set_apply (set, cloud, NULL, NULL, NULL, &error));
  for (guint i = 0; i < values->len; i++)
    if (cloud->ion_type[i] != isc_range_set_lookup (set, cloud->mq[i]))
      g_error ("m/n %.9g: apply gives %u, lookup %u", cloud->mq[i], cloud->ion_type[i],
               isc_range_set_lookup (set, cloud->mq[i]));

  /* The composition's counting (four interleaved histograms, with and without a selection)
   * gives the histogram of the lookups. */
  {
    g_autoptr(IscRangeTable) table = isc_range_table_new (set);
    g_autofree guint8 *selected = g_new (guint8, values->len);
    guint64 expect_all[256] = { 0 }, expect_sel[256] = { 0 }, all[256] = { 0 }, sel[256] = { 0 };

    for (guint i = 0; i < values->len; i++)
      {
        guint8 t = isc_range_set_lookup (set, cloud->mq[i]);

        selected[i] = (i % 3) == 1;
        expect_all[t]++;
        expect_sel[t] += selected[i];
      }
    isc_range_table_count (table, cloud->mq, NULL, values->len, all);
    isc_range_table_count (table, cloud->mq, selected, values->len, sel);
    for (guint t = 0; t < 256; t++)
      {
        g_assert_cmpuint (all[t], ==, expect_all[t]);
        g_assert_cmpuint (sel[t], ==, expect_sel[t]);
      }
  }
  g_array_unref (values);
}

static void
test_apply_table (void)
{
  g_autoptr(IscRangeSet) big = load_fixture ("apt/ifes_apt_tc_data_modeling/rng/examples_without_provenance/ger_duesseldorf_kuehbach/SeHoKim_R5076_44076_v02.rng");
  g_autoptr(IscRangeSet) rapt = load_fixture ("apt/rapt/example-rrng.rrng");
  g_autoptr(IscRangeSet) empty = isc_range_set_new ();

  if (big == NULL)
    return;
  check_apply_matches_lookup (big);
  check_apply_matches_lookup (rapt);
  check_apply_matches_lookup (empty);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/apt/ranges/3depict", test_3depict);
  g_test_add_func ("/apt/ranges/all-real", test_all_real);
  g_test_add_func ("/apt/ranges/quirks", test_quirks);
  g_test_add_func ("/apt/ranges/inline-quirks", test_rrng_quirks_inline);
  g_test_add_func ("/apt/ranges/malformed", test_malformed);
  g_test_add_func ("/apt/ranges/bad-windows", test_bad_windows);
  g_test_add_func ("/apt/ranges/fuzzed-fixtures", test_fuzzed_fixtures);
  g_test_add_func ("/apt/ranges/fifo", test_fifo);
  g_test_add_func ("/apt/ranges/rrng-round-trip", test_rrng_round_trip);
  g_test_add_func ("/apt/ranges/apply-table", test_apply_table);
  return g_test_run ();
}
