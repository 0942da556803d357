/* test-analysis-cli.c: ionscape-cli profile and fda on files written here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "composition.h"
#include "fda.h"
#include "ion-cloud.h"
#include "range-set.h"
#include "test-util.h"

static const char rrng[] =
  "[Ions]\r\nNumber=3\r\nIon1=Li\r\nIon2=O\r\nIon3=Ni\r\n"
  "[Ranges]\r\nNumber=4\r\n"
  "Range1=6.7000 7.3000 Vol:0.01 Li:1 Color:FF0000\r\n"
  "Range2=15.7000 16.3000 Vol:0.01 O:1 Color:00FF00\r\n"
  "Range3=22.7000 23.3000 Vol:0.01 Li:1 O:1 Color:FFFF00\r\n"
  "Range4=57.7000 58.3000 Vol:0.01 Ni:1 Color:0000FF\r\n";

#define LI 7.0f
#define O 16.0f
#define LIO 23.0f
#define NI 58.0f
#define UNRANGED 100.0f

/* A .pos file: x, y, z, m/n as big-endian float32 per ion. */
static char *
write_pos (const char  *dir,
           const char  *name,
           const float (*ions)[4],
           gsize        n)
{
  char *path = g_build_filename (dir, name, NULL);

  isc_test_write_pos (path, ions, n);
  return path;
}

static char *
write_rrng (const char *dir)
{
  char *path = g_build_filename (dir, "test.rrng", NULL);

  isc_test_write_file (path, rrng, strlen (rrng));
  return path;
}

/* CSV as rows of fields; the header row first. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (rows, g_strsplit (lines[i], ",", -1));
  return rows;
}

static int
column (GPtrArray  *rows,
        const char *name)
{
  char **header = g_ptr_array_index (rows, 0);

  for (int c = 0; header[c] != NULL; c++)
    if (g_str_equal (header[c], name))
      return c;
  g_error ("column %s missing", name);
  return -1;
}

static double
cell (GPtrArray  *rows,
      guint       row,
      const char *name)
{
  char **fields = g_ptr_array_index (rows, row);

  return g_ascii_strtod (fields[column (rows, name)], NULL);
}

static void
test_profile_csv (void)
{
  /* Same layout as the profile unit test, worked by hand: bins [0,1) [1,2) [2,3) [3,4). */
  static const float ions[][4] = {
    { 0, 0, -5.0f, UNRANGED },
    { 0, 0, 0.5f, LI },
    { 0, 0, 0.7f, LIO },
    { 0, 0, 1.2f, O },
    { 0, 0, 1.9f, NI },
    { 0, 0, 2.5f, UNRANGED },
    { 9, 0, 3.1f, LIO },     /* outside the box below */
    { 0, 0, 3.6f, NI },
  };
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *pos = write_pos (dir, "step.pos", ions, G_N_ELEMENTS (ions));
  g_autofree char *ranges = write_rrng (dir);
  g_autofree char *out = NULL, *out_roi = NULL, *out_count = NULL;
  g_autoptr(GPtrArray) rows = NULL, rows_roi = NULL, rows_count = NULL;
  char **header;

  g_assert_cmpint (isc_test_run_cli (&out, NULL, "profile", pos, "--ranges", ranges,
                                     "--axis", "z", "--bin", "1", NULL), ==, 0);
  rows = parse_csv (out);
  header = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (header[0], ==, "start_nm");
  g_assert_cmpstr (header[1], ==, "end_nm");
  g_assert_cmpstr (header[2], ==, "atoms");
  g_assert_true (g_str_has_suffix (header[3], "_count"));
  g_assert_true (g_str_has_suffix (header[4], "_fraction"));
  g_assert_true (g_str_has_suffix (header[5], "_sigma"));
  g_assert_cmpuint (g_strv_length (header), ==, 3 + 3 * 3);
  g_assert_cmpuint (rows->len, ==, 1 + 4);
  g_assert_cmpfloat (cell (rows, 1, "start_nm"), ==, 0.0);
  g_assert_cmpfloat (cell (rows, 4, "end_nm"), ==, 4.0);
  /* [0,1): Li + LiO → Li 2, O 1 of 3; sigma sqrt (2/3·1/3/3). */
  g_assert_cmpfloat (cell (rows, 1, "atoms"), ==, 3);
  g_assert_cmpfloat (cell (rows, 1, "Li_count"), ==, 2);
  g_assert_cmpfloat_with_epsilon (cell (rows, 1, "Li_fraction"), 2.0 / 3.0, 1e-8);
  g_assert_cmpfloat_with_epsilon (cell (rows, 1, "Li_sigma"), sqrt (2.0 / 27.0), 1e-8);
  /* [1,2): O + Ni. */
  g_assert_cmpfloat (cell (rows, 2, "O_count"), ==, 1);
  g_assert_cmpfloat (cell (rows, 2, "Ni_count"), ==, 1);
  g_assert_cmpfloat_with_epsilon (cell (rows, 2, "Ni_fraction"), 0.5, 1e-12);
  /* [2,3): only an unranged ion. */
  g_assert_cmpfloat (cell (rows, 3, "atoms"), ==, 0);
  g_assert_true (isnan (cell (rows, 3, "Li_fraction")));
  /* [3,4): LiO + Ni. */
  g_assert_cmpfloat (cell (rows, 4, "atoms"), ==, 3);
  g_assert_cmpfloat_with_epsilon (cell (rows, 4, "Li_fraction"), 1.0 / 3.0, 1e-8);

  /* The box drops the LiO at x = 9: the last bin keeps Ni alone. */
  g_assert_cmpint (isc_test_run_cli (&out_roi, NULL, "profile", pos, "--ranges", ranges,
                                     "--roi", "box:-1,-1,-10,1,1,10", "--axis", "z", "--bin", "1",
                                     NULL), ==, 0);
  rows_roi = parse_csv (out_roi);
  g_assert_cmpuint (rows_roi->len, ==, 5);
  g_assert_cmpfloat (cell (rows_roi, 4, "atoms"), ==, 1);
  g_assert_cmpfloat (cell (rows_roi, 4, "Ni_fraction"), ==, 1.0);

  /* Fixed count of 3 atoms: Li+LiO (3) | O+Ni+LiO (4, molecular ions are not split) | Ni (1). */
  g_assert_cmpint (isc_test_run_cli (&out_count, NULL, "profile", pos, "--ranges", ranges,
                                     "--axis", "z", "--count", "3", NULL), ==, 0);
  rows_count = parse_csv (out_count);
  g_assert_cmpuint (rows_count->len, ==, 4);
  g_assert_cmpfloat (cell (rows_count, 1, "atoms"), ==, 3);
  g_assert_cmpfloat (cell (rows_count, 2, "atoms"), ==, 4);
  g_assert_cmpfloat (cell (rows_count, 3, "atoms"), ==, 1);
  g_assert_cmpfloat (cell (rows_count, 1, "start_nm"), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (cell (rows_count, 1, "end_nm"), 1.2, 1e-6);
  g_assert_cmpfloat_with_epsilon (cell (rows_count, 2, "end_nm"), 3.6, 1e-6);
}

static const guint example_counts[50] = {
  0, 1, 1, 2, 0, 3, 1, 2, 2, 1, 0, 1, 4, 2, 1, 1, 0, 2, 3, 1,
  1, 2, 0, 1, 1, 5, 2, 1, 0, 2, 1, 3, 1, 2, 1, 0, 1, 2, 6, 1,
  2, 1, 1, 0, 2, 3, 1, 1, 2, 0,
};

static JsonObject *
run_fda_json (const char *pos,
              const char *ranges,
              const char *mode,
              JsonParser *parser)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (isc_test_run_cli (&out, NULL, "fda", pos, "--ranges", ranges, "--element", "Li",
                                     "--block", "20", "--chi2", mode, "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* The worked example of apt-formats.md §3.3 as a .pos file: block b of 20 ions holds
 * example_counts[b] Li ions, the rest O; 7 more ions form the dropped incomplete block. */
static void
test_fda_worked_example (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree float *ions = g_new0 (float, 4 * 1007);
  g_autofree char *pos = NULL;
  g_autofree char *ranges = write_rrng (dir);
  g_autoptr(JsonParser) parser_pool = json_parser_new ();
  g_autoptr(JsonParser) parser_skip = json_parser_new ();
  static const double expected[8] = { 10.7446, 17.1728, 13.0372, 6.2511, 2.1231, 0.5429, 0.1085, 0.0173 };
  static const gint64 observed[8] = { 9, 21, 13, 4, 1, 1, 1, 0 };
  JsonObject *pool, *skip;
  JsonArray *obs, *exp;

  for (guint i = 0; i < 1007; i++)
    {
      guint b = i / 20, k = i % 20;

      ions[4 * i + 2] = i * 0.01f;
      ions[4 * i + 3] = b < 50 && (k * 7) % 20 < example_counts[b] ? LI : O;
    }
  /* (k·7) mod 20 runs over 0..19 once per block, so exactly example_counts[b] ions are Li. */
  pos = write_pos (dir, "example.pos", (const float (*)[4]) ions, 1007);

  pool = run_fda_json (pos, ranges, "pool", parser_pool);
  g_assert_cmpstr (json_object_get_string_member (pool, "element"), ==, "Li");
  g_assert_cmpint (json_object_get_int_member (pool, "block_size"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (pool, "blocks"), ==, 50);
  g_assert_cmpint (json_object_get_int_member (pool, "n_solute"), ==, 74);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (pool, "fraction"), 0.074, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (pool, "chi2"), 1.598859, 1e-6);
  g_assert_cmpint (json_object_get_int_member (pool, "dof"), ==, 3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (pool, "p_value"), 0.659649, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (pool, "mu"), 0.145428, 1e-6);
  g_assert_cmpstr (json_object_get_string_member (pool, "mode"), ==, "pool");
  obs = json_object_get_array_member (pool, "observed");
  exp = json_object_get_array_member (pool, "expected");
  g_assert_cmpuint (json_array_get_length (obs), ==, 21);
  g_assert_cmpuint (json_array_get_length (exp), ==, 21);
  for (guint n = 0; n < 8; n++)
    {
      g_assert_cmpint (json_array_get_int_element (obs, n), ==, observed[n]);
      g_assert_cmpfloat_with_epsilon (json_array_get_double_element (exp, n), expected[n], 5e-5);
    }

  skip = run_fda_json (pos, ranges, "skip", parser_skip);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (skip, "chi2"), 1.136331, 1e-6);
  g_assert_cmpint (json_object_get_int_member (skip, "dof"), ==, 2);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (skip, "p_value"), 0.566564, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (skip, "mu"), 0.122978, 1e-6);
  g_assert_cmpstr (json_object_get_string_member (skip, "mode"), ==, "skip");

  /* μ's N is named beside it, N_s by default; --mu-n blocks uses N_b = 50. */
  g_assert_cmpstr (json_object_get_string_member (pool, "mu_n"), ==, "solute");
  g_assert_cmpint (json_object_get_int_member (pool, "mu_n_value"), ==, 74);
  {
    g_autofree char *out = NULL;
    g_autofree char *text = NULL;
    g_autofree char *err = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *o;

    g_assert_cmpint (isc_test_run_cli (&out, NULL, "fda", pos, "--ranges", ranges, "--element", "Li",
                                       "--block", "20", "--mu-n", "blocks", "--json", NULL), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    o = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (o, "mu_n"), ==, "blocks");
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "mu"), sqrt (1.598859 / (50 + 1.598859)), 1e-6);
    g_assert_cmpint (isc_test_run_cli (&text, NULL, "fda", pos, "--ranges", ranges, "--element", "Li",
                                       "--block", "20", "--mu-n", "atoms", NULL), ==, 0);
    g_assert_nonnull (strstr (text, "(N = atoms = 1000;"));
    g_assert_cmpint (isc_test_run_cli (NULL, &err, "fda", pos, "--ranges", ranges, "--element", "Li",
                                       "--mu-n", "ions", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "--mu-n"));
  }
}

/* `fda --csv` writes the model's table (isc_fda_results_to_csv) byte for byte, for every element
 * of the ranges, as the GUI's export does; a p value below 1e-300 is written as a bound, not 0. */
static void
test_fda_csv (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree float *ions = g_new0 (float, 4 * 20000);
  g_autofree char *pos = NULL;
  g_autofree char *ranges_path = write_rrng (dir);
  g_autofree char *out = NULL;
  g_autofree char *file_csv = NULL;
  g_autofree char *model_csv = NULL;
  g_autofree char *csv_path = g_build_filename (dir, "fda.csv", NULL);
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  IscFdaSettings settings;
  g_auto(GStrv) lines = NULL;

  /* Blocks of 20: Li segregated into every other block (p underflows), O and Ni mixed. */
  for (guint i = 0; i < 20000; i++)
    {
      guint b = i / 20, k = i % 20;

      ions[4 * i + 2] = i * 0.01f;
      ions[4 * i + 3] = b % 2 == 0 ? (k < 18 ? LI : NI) : (k % 3 == 0 ? NI : k == 1 ? LIO : O);
    }
  pos = write_pos (dir, "segregated.pos", (const float (*)[4]) ions, 20000);

  g_assert_cmpint (isc_test_run_cli (&out, NULL, "fda", pos, "--ranges", ranges_path, "--block", "20",
                                     "--csv", "-", NULL), ==, 0);
  g_assert_cmpint (isc_test_run_cli (NULL, NULL, "fda", pos, "--ranges", ranges_path, "--block", "20",
                                     "--csv", csv_path, NULL), ==, 0);
  g_assert_true (g_file_get_contents (csv_path, &file_csv, NULL, &error));
  g_assert_no_error (error);

  cloud = isc_ion_cloud_load (pos, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  ranges = isc_range_set_load (ranges_path, &error);
  g_assert_no_error (error);
  g_assert_true (isc_range_set_apply (ranges, cloud, NULL, NULL, NULL, &error));
  isc_fda_settings_init (&settings);
  settings.block_size = 20;
  results = isc_fda_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  model_csv = isc_fda_results_to_csv (results);

  g_assert_cmpstr (out, ==, model_csv);
  g_assert_cmpstr (file_csv, ==, model_csv);
  g_test_message ("%s", model_csv);
  lines = g_strsplit (model_csv, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "element,block_size,blocks,fraction,chi2,dof,p_value,mu,n_solute,mode,count,block_layout,mu_n");
  g_assert_true (g_str_has_prefix (lines[1], "Li,20,1025,"));
  g_assert_nonnull (strstr (lines[1], ",<1e-300,"));
  g_assert_true (g_str_has_prefix (lines[2], "O,20,1025,"));
  g_assert_true (g_str_has_prefix (lines[3], "Ni,20,1025,"));
  g_assert_cmpstr (lines[4], ==, "");
  g_assert_null (lines[5]);
}

/* `composition --csv` writes the model's text (the GUI's Export CSV) byte for byte, also for a
 * region and another basis. */
static void
test_composition_csv (void)
{
  static const float ions[][4] = {
    { 0, 0, 0, LI }, { 0, 0, 1, O }, { 0, 0, 2, LIO }, { 0, 0, 3, NI }, { 5, 5, 4, LI },
    { 5, 5, 5, UNRANGED }, { 0, 0, 6, NI }, { 0, 0, 7, O },
  };
  static const char * const basis[] = { "Ni", NULL };
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *pos = write_pos (dir, "small.pos", ions, G_N_ELEMENTS (ions));
  g_autofree char *ranges_path = write_rrng (dir);
  g_autofree char *out = NULL;
  g_autofree char *out_roi = NULL;
  g_autofree char *model_csv = NULL;
  g_autofree char *model_roi_csv = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autoptr(IscComposition) all = NULL;
  g_autoptr(IscComposition) inside = NULL;
  g_autoptr(GError) error = NULL;
  guint8 selected[G_N_ELEMENTS (ions)];
  IscRoi roi;

  g_assert_cmpint (isc_test_run_cli (&out, NULL, "composition", pos, "--ranges", ranges_path, "--basis", "Ni",
                                     "--csv", "-", NULL), ==, 0);
  g_assert_cmpint (isc_test_run_cli (&out_roi, NULL, "composition", pos, "--ranges", ranges_path,
                                     "--roi", "sphere:0,0,2,2.5", "--csv", "-", NULL), ==, 0);

  cloud = isc_ion_cloud_load (pos, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  ranges = isc_range_set_load (ranges_path, &error);
  g_assert_no_error (error);
  all = isc_composition_compute (cloud, ranges, NULL, NULL, &error);
  g_assert_no_error (error);
  model_csv = isc_composition_to_text (all, basis, ',');
  g_assert_cmpstr (out, ==, model_csv);
  g_assert_true (g_str_has_prefix (model_csv, "Element,at.%,sigma at.%,Atoms,Ratio to Ni\n"));
  g_assert_nonnull (strstr (model_csv, "\nTotal,8\n"));

  g_assert_true (isc_roi_parse ("sphere:0,0,2,2.5", &roi, NULL));
  g_assert_cmpuint (isc_roi_select (&roi, cloud, selected), ==, 4);
  inside = isc_composition_compute (cloud, ranges, selected, NULL, &error);
  g_assert_no_error (error);
  model_roi_csv = isc_composition_to_text (inside, NULL, ',');
  g_assert_cmpstr (out_roi, ==, model_roi_csv);
  g_assert_nonnull (strstr (model_roi_csv, "\nTotal,4\n"));
}

static void
expect_failure (const char *needle,
                const char *first,
                ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  const char *arg;
  va_list ap;
  int status;

  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  while (args->len < 12)
    g_ptr_array_add (args, NULL);
  status = isc_test_run_cli (&out, &err, args->pdata[0], args->pdata[1], args->pdata[2], args->pdata[3],
                             args->pdata[4], args->pdata[5], args->pdata[6], args->pdata[7],
                             args->pdata[8], args->pdata[9], args->pdata[10], NULL);
  g_assert_cmpint (status, ==, 1);
  lines = g_strsplit (err, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "ionscape-cli: "));
  if (strstr (lines[0], needle) == NULL)
    g_error ("stderr “%s” lacks “%s”", lines[0], needle);
}

static void
test_errors (void)
{
  static const float ions[][4] = { { 0, 0, 0, LI }, { 0, 0, 1, O } };
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *pos = write_pos (dir, "small.pos", ions, G_N_ELEMENTS (ions));
  g_autofree char *ranges = write_rrng (dir);
  g_autofree char *missing = g_build_filename (dir, "missing.pos", NULL);

  expect_failure ("--ranges", "profile", pos, "--axis", "z", "--bin", "1", NULL);
  expect_failure ("--axis", "profile", pos, "--ranges", ranges, "--bin", "1", NULL);
  expect_failure ("“w”", "profile", pos, "--ranges", ranges, "--axis", "w", "--bin", "1", NULL);
  expect_failure ("exactly one of", "profile", pos, "--ranges", ranges, "--axis", "z", "--bin", "1",
                  "--count", "5", NULL);
  expect_failure ("exactly one of", "profile", pos, "--ranges", ranges, "--axis", "z", NULL);
  expect_failure ("expected 4", "profile", pos, "--ranges", ranges, "--axis", "z", "--bin", "1",
                  "--roi", "sphere:1,2", NULL);
  expect_failure ("missing.pos", "profile", missing, "--ranges", ranges, "--axis", "z", "--bin", "1", NULL);
  expect_failure ("“Co”", "fda", pos, "--ranges", ranges, "--element", "Co", "--json", NULL);
  expect_failure ("--element", "fda", pos, "--ranges", ranges, "--json", NULL);
  expect_failure ("“merge”", "fda", pos, "--ranges", ranges, "--element", "Li", "--chi2", "merge", NULL);
  expect_failure ("fewer than one block", "fda", pos, "--ranges", ranges, "--element", "Li", "--json", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/analysis-cli/profile-csv", test_profile_csv);
  g_test_add_func ("/analysis-cli/fda-worked-example", test_fda_worked_example);
  g_test_add_func ("/analysis-cli/fda-csv", test_fda_csv);
  g_test_add_func ("/analysis-cli/composition-csv", test_composition_csv);
  g_test_add_func ("/analysis-cli/errors", test_errors);
  return g_test_run ();
}
