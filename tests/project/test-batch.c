/* test-batch.c: `ionscape-cli batch` over the demo project — the same numbers as the per-file
 * commands, the same table however many jobs ran and however often the run was interrupted,
 * finished datasets not recomputed, and one-line errors for bad recipes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <hdf5.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <utime.h>

#include "batch-recipe.h"
#include "batch-run.h"
#include "isc-hdf5.h"
#include "project-file.h"
#include "test-util.h"

static char *demo_dir;      /* the demo project, written once */
static char *demo_project;  /* DIR/demo.ionscape */
static char *ranges_path;   /* DIR/apt/ranges.rrng */
static char *recipe_path;

static const char recipe_text[] =
  "{\"analyses\": [\n"
  "  {\"kind\": \"composition\", \"basis\": [\"Ni\", \"Co\", \"Mn\"]},\n"
  "  {\"kind\": \"fda\", \"element\": \"Li\", \"block\": 100, \"chi2\": \"pool\"},\n"
  "  {\"kind\": \"profile\", \"axis\": \"z\", \"bin\": 10},\n"
  "  {\"kind\": \"cluster\", \"elements\": [\"Li\"], \"dmax\": 0.5, \"nmin\": 10}\n"
  "]}\n";

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* dataset|analysis|key → value of a batch CSV; the header checked. */
static GHashTable *
read_table (const char *path,
            guint      *n_rows)
{
  g_autofree char *text = read_text (path);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_cmpstr (lines[0], ==, "dataset,analysis,key,value");
  *n_rows = 0;
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], ",", -1);
      g_autofree char *key = NULL;

      g_assert_cmpuint (g_strv_length (f), ==, 4);
      key = g_strdup_printf ("%s|%s|%s", f[0], f[1], f[2]);
      if (g_hash_table_contains (table, key))
        g_error ("%s: row %s twice", path, key);
      g_hash_table_insert (table, g_steal_pointer (&key), g_strdup (f[3]));
      (*n_rows)++;
    }
  return table;
}

static const char *
cell (GHashTable *table,
      const char *dataset,
      const char *analysis,
      const char *key)
{
  g_autofree char *k = g_strdup_printf ("%s|%s|%s", dataset, analysis, key);
  const char *value = g_hash_table_lookup (table, k);

  if (value == NULL)
    g_error ("no row %s", k);
  return value;
}

/* The CSV's text must be the JSON's number, to the last digit. */
static void
assert_same_number (const char *csv_value,
                    JsonObject *object,
                    const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *expected = NULL;

  g_assert_nonnull (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    expected = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else
    expected = isc_batch_format_double (json_node_get_double (node));
  g_assert_cmpstr (csv_value, ==, expected);
}

static JsonNode *
run_json (const char *first,
          ...) G_GNUC_NULL_TERMINATED;

static JsonNode *
run_json (const char *first,
          ...)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *cli = g_getenv ("ISC_CLI");
  int status = 0;
  va_list ap;

  g_ptr_array_add (args, (gpointer) cli);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static guint
count_lines_starting (const char *text,
                      const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (lines[i], prefix);
  return n;
}

static int
run_batch (const char *out,
           const char *jobs,
           const char *max,
           char      **err)
{
  if (max != NULL)
    return isc_test_run_cli (NULL, err, "batch", demo_project, "--recipe", recipe_path, "--jobs", jobs,
                             "--out", out, "--max-datasets", max, NULL);
  return isc_test_run_cli (NULL, err, "batch", demo_project, "--recipe", recipe_path, "--jobs", jobs,
                           "--out", out, NULL);
}

static void
check_dataset_against_cli (GHashTable *table,
                           const char *name)
{
  g_autofree char *file = g_build_filename (demo_dir, name, NULL);
  g_autoptr(JsonNode) comp = run_json ("composition", file, "--ranges", ranges_path, "--basis", "Ni,Co,Mn",
                                       "--json", NULL);
  g_autoptr(JsonNode) fda = run_json ("fda", file, "--ranges", ranges_path, "--element", "Li", "--block", "100",
                                      "--chi2", "pool", "--json", NULL);
  g_autoptr(JsonNode) cluster = run_json ("cluster", file, "--ranges", ranges_path, "--elements", "Li",
                                          "--dmax", "0.5", "--nmin", "10", "--json", NULL);
  JsonObject *c = json_node_get_object (comp);
  JsonObject *atoms = json_object_get_object_member (c, "atoms");
  JsonObject *ratios = json_object_get_object_member (json_object_get_object_member (c, "normalized"), "ratios");
  g_autoptr(GList) elements = json_object_get_members (atoms);
  JsonObject *f = json_node_get_object (fda);
  JsonObject *matrix = json_object_get_object_member (json_node_get_object (cluster), "matrix");
  const char *fda_keys[] = { "blocks", "fraction", "chi2", "dof", "p_value", "mu", "mu_n_value", "n_solute" };
  g_autofree char *cli_profile = NULL;
  g_auto(GStrv) profile_lines = NULL;
  g_autofree char *n_bins = NULL;

  assert_same_number (cell (table, name, "composition", "ions_total"), c, "ions_total");
  assert_same_number (cell (table, name, "composition", "ions_ranged"), c, "ions_ranged");
  g_assert_cmpuint (g_list_length (elements), ==, 5);
  for (GList *l = elements; l != NULL; l = l->next)
    {
      const char *el = l->data;
      JsonObject *a = json_object_get_object_member (atoms, el);
      g_autofree char *k_atoms = g_strdup_printf ("atoms_%s", el);
      g_autofree char *k_fraction = g_strdup_printf ("fraction_%s", el);
      g_autofree char *k_sigma = g_strdup_printf ("sigma_%s", el);
      g_autofree char *k_ratio = g_strdup_printf ("ratio_%s", el);

      assert_same_number (cell (table, name, "composition", k_atoms), a, "count");
      assert_same_number (cell (table, name, "composition", k_fraction), a, "fraction");
      assert_same_number (cell (table, name, "composition", k_sigma), a, "sigma");
      assert_same_number (cell (table, name, "composition", k_ratio), ratios, el);
    }
  for (guint i = 0; i < G_N_ELEMENTS (fda_keys); i++)
    assert_same_number (cell (table, name, "fda_Li", fda_keys[i]), f, fda_keys[i]);
  assert_same_number (cell (table, name, "cluster_Li", "matrix_ions"), matrix, "ions");
  assert_same_number (cell (table, name, "cluster_Li", "matrix_atoms"), matrix, "atoms");

  /* The profile command writes CSV at 9 digits (start) or its own precision: same bins, same
   * counts, fractions equal to the digits printed. */
  g_assert_cmpint (isc_test_run_cli (&cli_profile, NULL, "profile", file, "--ranges", ranges_path, "--axis", "z",
                                     "--bin", "10", NULL), ==, 0);
  profile_lines = g_strsplit (cli_profile, "\n", -1);
  n_bins = g_strdup_printf ("%u", g_strv_length (profile_lines) - 2);   /* less header and final "" */
  g_assert_cmpstr (cell (table, name, "profile_z", "bins"), ==, n_bins);
  for (guint b = 0; profile_lines[b + 1] != NULL && profile_lines[b + 1][0] != '\0'; b++)
    {
      g_auto(GStrv) cols = g_strsplit (profile_lines[b + 1], ",", -1);
      g_autofree char *k_atoms = g_strdup_printf ("bin%u_atoms", b);
      g_autofree char *k_count = g_strdup_printf ("bin%u_Li_count", b);
      g_autofree char *k_fraction = g_strdup_printf ("bin%u_Li_fraction", b);
      double cli_fraction = g_ascii_strtod (cols[4], NULL);
      double batch_fraction = g_ascii_strtod (cell (table, name, "profile_z", k_fraction), NULL);

      g_assert_cmpstr (cell (table, name, "profile_z", k_atoms), ==, cols[2]);
      g_assert_cmpstr (cell (table, name, "profile_z", k_count), ==, cols[3]);
      g_assert_cmpfloat_with_epsilon (batch_fraction, cli_fraction, 1e-8 * fabs (cli_fraction) + 1e-15);
    }
}

static void
test_batch_equals_cli (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *out = g_build_filename (dir, "table.csv", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(GHashTable) datasets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_rows;

  g_assert_cmpint (run_batch (out, "2", NULL, &err), ==, 0);
  /* Progress: a line per dataset, then the summary. */
  g_assert_nonnull (strstr (err, "1/70 datasets"));
  g_assert_nonnull (strstr (err, "70/70 datasets: 70 analysed, 0 done before"));
  table = read_table (out, &n_rows);
  g_assert_cmpuint (g_hash_table_size (table), ==, n_rows);
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, table);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        g_auto(GStrv) parts = g_strsplit (key, "|", 2);

        /* Dataset paths relative to the project's folder. */
        g_assert_true (g_str_has_prefix (parts[0], "apt/"));
        g_hash_table_add (datasets, g_strdup (parts[0]));
      }
  }
  g_assert_cmpuint (g_hash_table_size (datasets), ==, 70);
  g_assert_cmpstr (cell (table, "apt/300cycles_R1/specimen-1.pos", "fda_Li", "block_size"), ==, "100");

  check_dataset_against_cli (table, "apt/300cycles_R1/specimen-1.pos");
  check_dataset_against_cli (table, "apt/pristine_bulk/specimen-2.pos");
}

static void
test_batch_resume (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *whole = g_build_filename (dir, "whole.csv", NULL);
  g_autofree char *out = g_build_filename (dir, "resumed.csv", NULL);
  g_autofree char *done_path = g_strconcat (out, ".done", NULL);
  g_autofree char *err = NULL, *err2 = NULL, *err3 = NULL, *err4 = NULL;
  g_autofree char *partial = NULL, *record = NULL, *tampered = NULL;
  g_autofree char *whole_text = NULL, *resumed_text = NULL, *text = NULL;
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(GError) error = NULL;
  const char *first = "apt/pristine_bulk/specimen-1.pos";
  g_autofree char *first_file = g_build_filename (demo_dir, first, NULL);
  g_autofree char *true_value = NULL;
  guint n_rows;

  /* Uninterrupted, one job. */
  g_assert_cmpint (run_batch (whole, "1", NULL, NULL), ==, 0);
  whole_text = read_text (whole);

  /* Interrupted after 3 datasets (two jobs), as a kill would leave it: a partial block with no
   * #done line at the end. */
  g_assert_cmpint (run_batch (out, "2", "3", &err), ==, 0);
  g_assert_nonnull (strstr (err, "3/70 datasets: 3 analysed, 0 done before"));
  partial = read_text (done_path);
  g_assert_cmpuint (count_lines_starting (partial, "#done,"), ==, 3);
  table = read_table (out, &n_rows);
  g_assert_cmpuint (n_rows, >, 0);
  {
    g_autoptr(GString) cut = g_string_new (partial);

    g_string_append (cut, "apt/300cycles_R7/specimen-5.pos,composition,ions_total,1\n"
                          "apt/300cycles_R7/specimen-5.pos,composition,ions_ran");
    g_assert_true (g_file_set_contents (done_path, cut->str, -1, &error));
    g_assert_no_error (error);
  }

  /* The rerun analyses only the other 67 and appends to the record. */
  g_assert_cmpint (run_batch (out, "2", NULL, &err2), ==, 0);
  g_assert_nonnull (strstr (err2, "70/70 datasets: 67 analysed, 3 done before"));
  record = read_text (done_path);
  g_assert_true (g_str_has_prefix (record, partial));
  g_assert_cmpuint (count_lines_starting (record, "#done,"), ==, 70);
  resumed_text = read_text (out);
  g_assert_cmpstr (resumed_text, ==, whole_text);

  /* Finished rows are taken from the record, not recomputed: a value changed there shows. */
  {
    g_autofree char *row = g_strdup_printf ("\n%s,composition,ions_total,", first);
    const char *at = strstr (record, row);
    const char *end;
    g_autoptr(GString) changed = g_string_new (NULL);

    g_assert_nonnull (at);
    at += strlen (row);
    end = strchr (at, '\n');
    true_value = g_strndup (at, end - at);
    g_string_append_len (changed, record, at - record);
    g_string_append (changed, "42");
    g_string_append (changed, end);
    g_assert_true (g_file_set_contents (done_path, changed->str, -1, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (run_batch (out, "2", NULL, &err3), ==, 0);
  g_assert_nonnull (strstr (err3, "0 analysed, 70 done before"));
  g_clear_pointer (&table, g_hash_table_unref);
  table = read_table (out, &n_rows);
  g_assert_cmpstr (cell (table, first, "composition", "ions_total"), ==, "42");

  /* A dataset whose file changed (here its mtime) is analysed again. */
  {
    struct utimbuf times = { 1000000000, 1000000000 };

    g_assert_cmpint (utime (first_file, &times), ==, 0);
  }
  g_assert_cmpint (run_batch (out, "2", NULL, &err4), ==, 0);
  g_assert_nonnull (strstr (err4, "1 analysed, 69 done before"));
  text = read_text (out);
  g_assert_cmpstr (text, ==, whole_text);
  g_clear_pointer (&table, g_hash_table_unref);
  table = read_table (out, &n_rows);
  g_assert_cmpstr (cell (table, first, "composition", "ions_total"), ==, true_value);
}

static void
test_batch_other_recipe (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *out = g_build_filename (dir, "t.csv", NULL);
  g_autofree char *other = g_build_filename (dir, "other.json", NULL);
  g_autofree char *err = NULL, *err2 = NULL;
  g_autoptr(GHashTable) table = NULL;
  guint n_rows;
  const char other_text[] = "{\"analyses\": [{\"kind\": \"composition\", \"basis\": [\"Ni\"]}]}";

  g_assert_cmpint (run_batch (out, "2", "2", NULL), ==, 0);
  isc_test_write_file (other, other_text, strlen (other_text));
  /* The record of another recipe is not mixed in: every dataset is analysed again. */
  g_assert_cmpint (isc_test_run_cli (NULL, &err, "batch", demo_project, "--recipe", other, "--jobs", "2",
                                     "--out", out, "--max-datasets", "4", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "4 analysed, 0 done before (the record of another recipe was discarded)"));
  table = read_table (out, &n_rows);
  /* Normalised to Ni alone, Ni's ratio is exactly 1. */
  g_assert_cmpstr (cell (table, "apt/pristine_bulk/specimen-1.pos", "composition", "ratio_Ni"), ==, "1.0");
  g_assert_null (g_hash_table_lookup (table, "apt/pristine_bulk/specimen-1.pos|fda_Li|mu"));

  /* A glob of files with --ranges: the files' rows, named as matched. */
  {
    g_autofree char *glob = g_build_filename (demo_dir, "apt", "300cycles_R1", "specimen-[12].pos", NULL);
    g_autofree char *out2 = g_build_filename (dir, "glob.csv", NULL);
    g_autofree char *f1 = g_build_filename (demo_dir, "apt", "300cycles_R1", "specimen-1.pos", NULL);
    g_autoptr(GHashTable) t2 = NULL;

    g_assert_cmpint (isc_test_run_cli (NULL, &err2, "batch", glob, "--ranges", ranges_path, "--recipe", other,
                                       "--out", out2, NULL), ==, 0);
    t2 = read_table (out2, &n_rows);
    g_assert_cmpuint (n_rows, ==, 2 * (3 + 8 + 4 * 5));   /* 3 totals, 8 ion types, 4 keys × 5 elements */
    g_assert_nonnull (cell (t2, f1, "composition", "ratio_Li"));
  }
}

static void
test_batch_bad_recipes (void)
{
  static const struct
  {
    const char *json;
    const char *message;   /* after "ionscape-cli: DIR/bad.json: " */
  } cases[] = {
    { "{\"analyses\": [{\"kind\": \"composition\"}, {\"kind\": \"fdaa\"}]}",
      "analyses[1] (fdaa): unknown kind (expected composition, fda, profile or cluster)" },
    { "{\"analyses\": [{\"kind\": \"fda\", \"element\": \"Li\", \"blok\": 100}]}",
      "analyses[0] (fda): unknown key “blok” (expected kind, name, element, block, chi2, count, mu_n, blocks, k, roi)" },
    { "{\"analyses\": [{\"kind\": \"fda\", \"element\": \"Li\", \"chi2\": \"pooled\"}]}",
      "analyses[0] (fda): “chi2” “pooled”: expected pool or skip" },
    { "{\"analyses\": [{\"kind\": \"fda\", \"element\": \"Li\", \"count\": \"atom\"}]}",
      "analyses[0] (fda): “count” “atom”: expected atoms or ions" },
    { "{\"analyses\": [{\"kind\": \"fda\", \"element\": \"Li\", \"mu_n\": \"ions\"}]}",
      "analyses[0] (fda): “mu_n” “ions”: expected solute, blocks or atoms" },
    { "{\"analyses\": [{\"kind\": \"fda\", \"element\": \"Li\", \"blocks\": \"knn\"}]}",
      "analyses[0] (fda): “blocks” “knn”: expected sequence, spatial or nn" },
    { "{\"analyses\": [{\"kind\": \"fda\", \"element\": \"Li\", \"blocks\": 3}]}",
      "analyses[0] (fda): “blocks” must be a string" },
    { "{\"analyses\": [{\"kind\": \"fda\", \"element\": \"Li\", \"block\": 2.5}]}",
      "analyses[0] (fda): “block” 2.5: expected a whole number from 1 to 100000" },
    { "{\"analyses\": [{\"kind\": \"fda\", \"block\": 100}]}",
      "analyses[0] (fda): “element” is required (e.g. \"Li\")" },
    { "{\"analyses\": [{\"kind\": \"composition\", \"basis\": \"Ni,,Co\"}]}",
      "analyses[0] (composition): “basis” has an empty element" },
    { "{\"analyses\": [{\"kind\": \"profile\", \"axis\": \"w\", \"bin\": 1}]}",
      "analyses[0] (profile): “axis” “w”: expected x, y, z or roi" },
    { "{\"analyses\": [{\"kind\": \"profile\", \"axis\": \"z\"}]}",
      "analyses[0] (profile): give exactly one of “bin” (nm) or “count” (atoms per bin)" },
    { "{\"analyses\": [{\"kind\": \"cluster\", \"elements\": [\"Li\"], \"dmax\": -1, \"nmin\": 5}]}",
      "analyses[0] (cluster): “dmax” -1: d_max must be a positive distance in nm" },
    { "{\"analyses\": [{\"kind\": \"composition\", \"roi\": \"cone:1\"}]}", NULL },
    { "{\"analyses\": [{\"kind\": \"fda\", \"element\": \"Li\"}, {\"kind\": \"fda\", \"element\": \"Li\"}]}",
      "analyses[1] (fda): a second analysis named “fda_Li” (give one a \"name\")" },
    { "{\"analyses\": []}", "“analyses” is empty" },
    { "{\"analysis\": []}", "unknown key “analysis” (expected analyses)" },
    { "[1, 2]", "expected an object with an array “analyses”" },
    { "{\"analyses\": [", NULL },
  };
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *out = g_build_filename (dir, "t.csv", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      g_autofree char *prefix = g_strdup_printf ("ionscape-cli: %s: ", bad);

      isc_test_write_file (bad, cases[i].json, strlen (cases[i].json));
      g_assert_cmpint (isc_test_run_cli (NULL, &err, "batch", demo_project, "--recipe", bad, "--out", out,
                                         NULL), ==, 1);
      /* One line, naming the file (and the analysis). */
      g_assert_true (g_str_has_suffix (err, "\n"));
      g_assert_cmpuint (count_lines_starting (err, ""), ==, 2);   /* one line and the final "" */
      g_assert_true (g_str_has_prefix (err, prefix));
      if (cases[i].message != NULL)
        {
          g_autofree char *expected = g_strdup_printf ("%s%s\n", prefix, cases[i].message);

          g_assert_cmpstr (err, ==, expected);
        }
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }

  /* A recipe that reads but does not fit the data: the dataset and analysis are named. */
  {
    const char json[] = "{\"analyses\": [{\"kind\": \"fda\", \"element\": \"Xx\"}]}";
    g_autofree char *err = NULL;

    isc_test_write_file (bad, json, strlen (json));
    g_assert_cmpint (isc_test_run_cli (NULL, &err, "batch", demo_project, "--recipe", bad, "--jobs", "1",
                                       "--out", out, NULL), ==, 1);
    g_assert_true (g_str_has_prefix (err, "ionscape-cli: apt/pristine_bulk/specimen-1.pos: fda_Xx: "));
    g_assert_cmpuint (count_lines_starting (err, ""), ==, 2);   /* one line and the final "" */
  }
}

static char **
read_h5_strings (hid_t       group,
                 const char *name,
                 hsize_t     n)
{
  hid_t dset = H5Dopen2 (group, name, H5P_DEFAULT);
  hid_t type = H5Tcopy (H5T_C_S1);
  char **values = g_new0 (char *, n + 1);
  hid_t space = H5Dget_space (dset);
  hsize_t dims[1] = { 0 };

  g_assert_cmpint (dset, >=, 0);
  g_assert_cmpint (H5Sget_simple_extent_dims (space, dims, NULL), ==, 1);
  g_assert_cmpuint (dims[0], ==, n);
  H5Tset_size (type, H5T_VARIABLE);
  H5Tset_cset (type, H5T_CSET_UTF8);
  g_assert_cmpint (H5Dread (dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), >=, 0);
  /* HDF5 allocated them with malloc: copy into GLib's ownership. */
  for (hsize_t i = 0; i < n; i++)
    {
      char *own = g_strdup (values[i]);

      H5free_memory (values[i]);
      values[i] = own;
    }
  H5Sclose (space);
  H5Tclose (type);
  H5Dclose (dset);
  return values;
}

/* --out T.h5: the same rows as the CSV, values as numbers and as the CSV's text. */
static void
test_batch_h5 (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *csv = g_build_filename (dir, "t.csv", NULL);
  g_autofree char *h5 = g_build_filename (dir, "t.h5", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) datasets = NULL, analyses = NULL, keys = NULL, texts = NULL;
  g_autofree double *values = NULL;
  hsize_t n;
  hid_t file, group, dset;

  g_assert_cmpint (run_batch (csv, "2", "3", NULL), ==, 0);
  g_assert_cmpint (run_batch (h5, "2", "3", NULL), ==, 0);
  text = read_text (csv);
  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines) - 2;   /* less the header and the final "" */
  g_assert_cmpuint (n, >, 100);

  isc_hdf5_lock ();
  file = H5Fopen (h5, H5F_ACC_RDONLY, H5P_DEFAULT);
  g_assert_cmpint (file, >=, 0);
  group = H5Gopen2 (file, "batch", H5P_DEFAULT);
  g_assert_cmpint (group, >=, 0);
  datasets = read_h5_strings (group, "dataset", n);
  analyses = read_h5_strings (group, "analysis", n);
  keys = read_h5_strings (group, "key", n);
  texts = read_h5_strings (group, "value_text", n);
  values = g_new (double, n);
  dset = H5Dopen2 (group, "value", H5P_DEFAULT);
  g_assert_cmpint (H5Dread (dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), >=, 0);
  H5Dclose (dset);
  H5Gclose (group);
  H5Fclose (file);
  isc_hdf5_unlock ();

  for (hsize_t i = 0; i < n; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i + 1], ",", -1);
      double expected = g_ascii_strtod (f[3], NULL);

      g_assert_cmpstr (datasets[i], ==, f[0]);
      g_assert_cmpstr (analyses[i], ==, f[1]);
      g_assert_cmpstr (keys[i], ==, f[2]);
      g_assert_cmpstr (texts[i], ==, f[3]);
      if (isnan (expected))
        g_assert_true (isnan (values[i]));
      else
        g_assert_cmpfloat (values[i], ==, expected);
    }
}

typedef struct
{
  GCancellable *cancellable;
  guint         calls;
} CancelAfterFirst;

static void
cancel_after_first (guint       done,
                    guint       total,
                    const char *dataset,
                    gpointer    user_data)
{
  CancelAfterFirst *c = user_data;

  c->calls++;
  if (dataset != NULL)
    g_cancellable_cancel (c->cancellable);
}

/* The model's run, cancelled (as the window's Cancel does) once the first dataset is recorded:
 * it stops with G_IO_ERROR_CANCELLED, keeps what it finished, and the next run completes it. */
static void
test_batch_cancel (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *out = g_build_filename (dir, "t.csv", NULL);
  g_autofree char *whole = g_build_filename (dir, "whole.csv", NULL);
  g_autofree char *done_path = isc_batch_done_path (out);
  g_autofree char *record = NULL, *a = NULL, *b = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(IscBatchRecipe) recipe = NULL;
  g_autoptr(IscProject) project = NULL;
  g_autoptr(GPtrArray) datasets = NULL;
  g_autoptr(GError) error = NULL;
  CancelAfterFirst c = { cancellable, 0 };
  IscBatchOptions options = { 1, 0 };
  IscBatchStats stats;
  guint recorded;

  recipe = isc_batch_recipe_load (recipe_path, &error);
  g_assert_no_error (error);
  project = isc_project_load (demo_project, &error);
  g_assert_no_error (error);
  datasets = isc_batch_datasets_from_project (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (datasets->len, ==, 70);

  g_assert_false (isc_batch_run (recipe, datasets, out, &options, &stats, cancellable, cancel_after_first, &c,
                                 &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  record = read_text (done_path);
  recorded = count_lines_starting (record, "#done,");
  /* The first, and at most the one a worker finished before it saw the cancellation. */
  g_assert_cmpuint (recorded, >=, 1);
  g_assert_cmpuint (recorded, <=, 2);
  g_assert_cmpuint (stats.computed, ==, recorded);

  options.jobs = 2;
  g_assert_true (isc_batch_run (recipe, datasets, out, &options, &stats, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.skipped, ==, recorded);
  g_assert_cmpuint (stats.computed, ==, 70 - recorded);
  g_assert_true (isc_batch_run (recipe, datasets, whole, &options, &stats, NULL, NULL, NULL, &error));
  a = read_text (out);
  b = read_text (whole);
  g_assert_cmpstr (a, ==, b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  demo_dir = isc_test_make_tmpdir ();
  demo_project = g_build_filename (demo_dir, "demo.ionscape", NULL);
  ranges_path = g_build_filename (demo_dir, "apt", "ranges.rrng", NULL);
  recipe_path = g_build_filename (demo_dir, "recipe.json", NULL);
  g_assert_cmpint (isc_test_run_cli (NULL, NULL, "demo", "--out", demo_dir, NULL), ==, 0);
  isc_test_write_file (recipe_path, recipe_text, strlen (recipe_text));

  g_test_add_func ("/batch/equals-cli", test_batch_equals_cli);
  g_test_add_func ("/batch/resume", test_batch_resume);
  g_test_add_func ("/batch/other-recipe-and-glob", test_batch_other_recipe);
  g_test_add_func ("/batch/bad-recipes", test_batch_bad_recipes);
  g_test_add_func ("/batch/cancel", test_batch_cancel);
  g_test_add_func ("/batch/h5", test_batch_h5);
  return g_test_run ();
}
