/* test-apt-cli.c: `ionscape-cli info | composition | spectrum` on fixtures and hand-built files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pos-io.h"
#include "test-util.h"

#define RPV_POS "apt/jenjamin_APT-Data-Analysis/RPV_Cluster_Analysis/006_full.cluster.pos"
#define RPV_RRNG "apt/jenjamin_APT-Data-Analysis/Automated_Edge_Cluster_Detection/006_full.cluster.rrng"

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

/* Exit status 1 and exactly one stderr line, naming @name. */
static void
assert_one_line_error (int         status,
                       const char *err,
                       const char *name)
{
  g_auto(GStrv) lines = g_strsplit (err, "\n", -1);

  g_assert_cmpint (status, ==, 1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);   /* one line + the empty rest */
  g_assert_cmpstr (lines[1], ==, "");
  g_assert_nonnull (strstr (lines[0], name));
}

static void
test_info_pos (void)
{
  g_autofree char *pos = isc_test_fixture_or_skip (RPV_POS);
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *o;
  JsonArray *min, *max, *mass;

  if (pos == NULL)
    return;
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "info", pos, "--json", NULL), ==, 0);
  o = parse_object (out, &parser);
  g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "pos");
  g_assert_cmpint (json_object_get_int_member (o, "ions"), ==, 21772);
  min = json_object_get_array_member (json_object_get_object_member (o, "bounds"), "min");
  max = json_object_get_array_member (json_object_get_object_member (o, "bounds"), "max");
  /* REFERENCE.md */
  g_assert_cmpfloat (json_array_get_double_element (min, 0), ==, -18.318418502807617);
  g_assert_cmpfloat (json_array_get_double_element (min, 2), ==, -18.9760684967041);
  g_assert_cmpfloat (json_array_get_double_element (max, 1), ==, 18.882736206054688);
  mass = json_object_get_array_member (o, "mass_range");
  g_assert_cmpfloat (json_array_get_double_element (mass, 0), ==, 1.0);
  g_assert_cmpfloat (json_array_get_double_element (mass, 1), ==, 3.0);
}

static void
test_info_ranges (void)
{
  g_autofree char *rng = isc_test_fixture_or_skip ("apt/3depict/test12.rng");
  g_autofree char *rrng = isc_test_fixture_or_skip ("apt/3depict/test3.rrng");
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autoptr(JsonParser) p1 = NULL;
  g_autoptr(JsonParser) p2 = NULL;
  JsonObject *o;

  if (rng == NULL || rrng == NULL)
    return;
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "info", rng, "--json", NULL), ==, 0);
  o = parse_object (out, &p1);
  g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "rng");
  g_assert_cmpint (json_object_get_int_member (o, "ions"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (o, "ranges"), ==, 10);

  g_assert_cmpint (isc_test_run_cli (&out2, NULL, "info", rrng, "--json", NULL), ==, 0);
  o = parse_object (out2, &p2);
  g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "rrng");
  g_assert_cmpint (json_object_get_int_member (o, "ions"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (o, "ranges"), ==, 42);

  /* A NeXus file with ranging definitions only is described as ranges. */
  {
    g_autofree char *nxs = isc_test_fixture_or_skip ("apt/ifes_apt_tc_data_modeling/imago/examples_without_provenance/default.analysis.nxs");
    g_autofree char *out3 = NULL;
    g_autoptr(JsonParser) p3 = NULL;

    if (nxs == NULL)
      return;
    g_assert_cmpint (isc_test_run_cli (&out3, NULL, "info", nxs, "--json", NULL), ==, 0);
    o = parse_object (out3, &p3);
    g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "nxapm");
    g_assert_cmpint (json_object_get_int_member (o, "ions"), ==, 8);
    g_assert_cmpint (json_object_get_int_member (o, "ranges"), ==, 14);
  }
}

static void
test_info_errors (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *tif = g_build_filename (dir, "image.tif", NULL);
  g_autofree char *bad = g_build_filename (dir, "broken.pos", NULL);
  g_autofree char *badr = g_build_filename (dir, "broken.rrng", NULL);
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *err3 = NULL;
  g_autofree char *err4 = NULL;
  int status;

  isc_test_write_file (tif, "II*\0", 4);
  status = isc_test_run_cli (NULL, &err, "info", tif, "--json", NULL);
  /* A broken image reaches the image reader, whose message names the file too. */
  assert_one_line_error (status, err, "image.tif");

  isc_test_write_file (bad, "0123456789abcdefXYZ", 19);
  status = isc_test_run_cli (NULL, &err2, "info", bad, "--json", NULL);
  assert_one_line_error (status, err2, "broken.pos");
  g_assert_nonnull (strstr (err2, "multiple of the 16-byte"));

  isc_test_write_file (badr, "[Ranges]\nRange1=5 4 Fe:1\n", 25);
  status = isc_test_run_cli (NULL, &err3, "info", badr, NULL);
  assert_one_line_error (status, err3, "broken.rrng");

  status = isc_test_run_cli (NULL, &err4, "info", "/nonexistent/none.pos", NULL);
  assert_one_line_error (status, err4, "none.pos");
}

/* A file larger than the memory the process may have ends in one line naming the file and
 * exit status 1, not a GLib abort (`failed to allocate …`, status 133). A sparse .pos of
 * 10⁸ ions (1.6 GB of zeros, no disk used) is read under an address-space limit of 512 MB. */
static void
test_too_large (void)
{
#if defined(__SANITIZE_ADDRESS__)
  g_test_skip ("AddressSanitizer reserves more address space than the limit allows");
#else
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *big = g_build_filename (dir, "huge.pos", NULL);
  const char *cli = g_getenv ("ISC_CLI");
  g_autofree char *out = NULL, *err = NULL;
  const char *argv[] = { "prlimit", "--as=536870912", cli, "composition", big, NULL, NULL, NULL };
  g_autofree char *ranges = g_build_filename (dir, "r.rrng", NULL);
  int status = 0;
  FILE *f;

  g_autofree char *prlimit = g_find_program_in_path ("prlimit");

  if (prlimit == NULL)
    {
      g_test_skip ("prlimit (util-linux) is not installed");
      return;
    }
  g_assert_nonnull (cli);
  f = fopen (big, "wb");
  g_assert_nonnull (f);
  g_assert_cmpint (ftruncate (fileno (f), (off_t) 16 * 100000000), ==, 0);
  fclose (f);
  {
    const char *rrng = "[Ions]\nNumber=1\nIon1=Li\n[Ranges]\nNumber=1\nRange1=6.9 7.1 Vol:0.02 Li:1 Color:FF0000\n";

    isc_test_write_file (ranges, rrng, strlen (rrng));
  }
  argv[5] = "--ranges";
  argv[6] = ranges;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, NULL));
  g_assert_true (WIFEXITED (status));
  assert_one_line_error (WEXITSTATUS (status), err, "huge.pos");
  g_assert_nonnull (strstr (err, "not enough memory"));
#endif
}

/* The hand-worked cloud of test-apt-composition, written as real files. */
static void
write_hand_files (const char *dir,
                  char      **pos_out,
                  char      **rrng_out)
{
  static const float masses[] = { 7.0f, 7.05f, 6.95f, 16.0f, 16.0f, 15.95f, 16.05f, 74.0f, 74.0f,
                                  29.0f, 29.0f, 29.5f, 27.5f, 50.0f, 100.0f };
  static const char *rrng = "[Ions]\nNumber=1\nIon1=Li\n[Ranges]\nNumber=6\n"
                            "Range1=6.9 7.1 Li:1\nRange2=15.9 16.1 O:1\nRange3=73.9 74.1 Ni:1 O:1\n"
                            "Range4=28.9 29.1 Ni:1\nRange5=29.4 29.6 Co:1\nRange6=27.4 27.6 Mn:1\n";
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (G_N_ELEMENTS (masses));
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (masses); i++)
    {
      cloud->x[i] = cloud->y[i] = cloud->z[i] = i;
      cloud->mq[i] = masses[i];
    }
  *pos_out = g_build_filename (dir, "hand.pos", NULL);
  *rrng_out = g_build_filename (dir, "hand.rrng", NULL);
  g_assert_true (isc_ion_cloud_save_pos (cloud, *pos_out, &error));
  isc_test_write_file (*rrng_out, rrng, strlen (rrng));
}

static void
test_composition (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *pos = NULL;
  g_autofree char *rrng = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonParser) parser2 = NULL;
  JsonObject *o, *atoms, *li, *ratios;
  JsonArray *basis;

  write_hand_files (dir, &pos, &rrng);
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "composition", pos, "--ranges", rrng, "--json", NULL), ==, 0);
  o = parse_object (out, &parser);
  g_assert_cmpint (json_object_get_int_member (o, "ions_total"), ==, 15);
  g_assert_cmpint (json_object_get_int_member (o, "ions_ranged"), ==, 13);
  g_assert_cmpint (json_object_get_int_member (o, "ions_unranged"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_object_get_object_member (o, "ions"), "NiO"), "count"), ==, 2);
  atoms = json_object_get_object_member (o, "atoms");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (atoms, "O"), "count"), ==, 6);
  li = json_object_get_object_member (atoms, "Li");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (li, "fraction"), 0.2, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (li, "sigma"), 0.10327955589886444, 1e-12);
  basis = json_object_get_array_member (json_object_get_object_member (o, "normalized"), "basis");
  g_assert_cmpuint (json_array_get_length (basis), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (basis, 0), ==, "Ni");
  ratios = json_object_get_object_member (json_object_get_object_member (o, "normalized"), "ratios");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ratios, "Li"), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ratios, "O"), 1.0, 1e-12);

  /* Basis Li,O: Ni = 4 / 9. */
  g_assert_cmpint (isc_test_run_cli (&out2, NULL, "composition", pos, "--ranges", rrng, "--basis", "Li,O",
                                     "--json", NULL), ==, 0);
  o = parse_object (out2, &parser2);
  ratios = json_object_get_object_member (json_object_get_object_member (o, "normalized"), "ratios");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ratios, "Ni"), 4.0 / 9.0, 1e-12);
}

static void
test_composition_fixture (void)
{
  g_autofree char *pos = isc_test_fixture_or_skip (RPV_POS);
  g_autofree char *rrng = isc_test_fixture_or_skip (RPV_RRNG);
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *o, *fe;

  if (pos == NULL || rrng == NULL)
    return;
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "composition", pos, "--ranges", rrng, "--basis", "Ni,Cu",
                                     "--json", NULL), ==, 0);
  o = parse_object (out, &parser);
  g_assert_cmpint (json_object_get_int_member (o, "ions_ranged"), ==, 21772);
  fe = json_object_get_object_member (json_object_get_object_member (o, "atoms"), "Fe");
  g_assert_cmpint (json_object_get_int_member (fe, "count"), ==, 891);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (fe, "fraction"), 891.0 / 21772, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_object_get_object_member (
                                    json_object_get_object_member (o, "normalized"), "ratios"), "Fe"),
                                  891.0 / (10249 + 10632), 1e-12);
}

static void
test_spectrum (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *pos = NULL;
  g_autofree char *rrng = NULL;
  g_autofree char *out = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *broken = g_build_filename (dir, "broken.rrng", NULL);
  int status;

  write_hand_files (dir, &pos, &rrng);
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "spectrum", pos, "--bin", "1", "--ranges", rrng, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "mq_start,count,ion");
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 101 + 1);   /* header, 0…100 Da, empty tail */
  g_assert_cmpstr (lines[1 + 7], ==, "7,2,Li");
  g_assert_cmpstr (lines[1 + 16], ==, "16,3,O");
  g_assert_cmpstr (lines[1 + 50], ==, "50,1,");
  g_assert_cmpstr (lines[1 + 74], ==, "74,2,NiO");

  g_assert_cmpint (isc_test_run_cli (&plain, NULL, "spectrum", pos, "--bin", "0.5", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (plain, "mq_start,count\n0,0\n0.5,0\n"));
  g_assert_nonnull (strstr (plain, "\n7,2\n"));

  isc_test_write_file (broken, "[Ranges]\nRange1=1 3 Fe:1\nRange2=2 4 Ni:1\n", 41);
  status = isc_test_run_cli (NULL, &err, "spectrum", pos, "--bin", "1", "--ranges", broken, NULL);
  assert_one_line_error (status, err, "broken.rrng");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/apt/info-pos", test_info_pos);
  g_test_add_func ("/cli/apt/info-ranges", test_info_ranges);
  g_test_add_func ("/cli/apt/info-errors", test_info_errors);
  g_test_add_func ("/cli/apt/too-large", test_too_large);
  g_test_add_func ("/cli/apt/composition", test_composition);
  g_test_add_func ("/cli/apt/composition-fixture", test_composition_fixture);
  g_test_add_func ("/cli/apt/spectrum", test_spectrum);
  return g_test_run ();
}
