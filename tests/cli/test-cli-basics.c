/* test-cli-basics.c: ionscape-cli's version, help and error conventions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "test-util.h"

static void
test_version (void)
{
  g_autofree char *out = NULL;
  g_autofree char *expected = g_strdup_printf ("ionscape-cli %s\n", PACKAGE_VERSION);

  g_assert_cmpint (isc_test_run_cli (&out, NULL, "--version", NULL), ==, 0);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_help (void)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (isc_test_run_cli (&out, NULL, "--help", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Usage: ionscape-cli COMMAND"));
}

static void
test_unknown_command (void)
{
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_error_lines = 0;

  g_assert_cmpint (isc_test_run_cli (NULL, &err, "frobnicate", NULL), ==, 1);
  lines = g_strsplit (err, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "ionscape-cli: "))
      {
        n_error_lines++;
        g_assert_nonnull (strstr (lines[i], "frobnicate"));
      }
  g_assert_cmpuint (n_error_lines, ==, 1);
}

static void
test_info_routes_images (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("stem/ncempy/08_carbon.dm3");
  g_autofree char *out = NULL;

  if (path == NULL)
    return;
  /* `info` hands image files to the image describer: its JSON has width and pixel_size. */
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "info", path, "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"width\" : 2048"));
  g_assert_nonnull (strstr (out, "\"pixel_size\""));
}

static void
test_composition_roi (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *pos = g_build_filename (dir, "four.pos", NULL);
  g_autofree char *rrng = g_build_filename (dir, "four.rrng", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  /* Two Li ions below z = 5 nm, one Li and one O above: the box keeps the lower two. */
  const float ions[4][4] = { { 0, 0, 1, 7.0f }, { 1, 0, 2, 7.0f }, { 0, 1, 8, 7.0f }, { 1, 1, 9, 16.0f } };
  const char *ranges =
    "[Ions]\nNumber=2\nIon1=Li\nIon2=O\n[Ranges]\nNumber=2\n"
    "Range1=6.9 7.1 Vol:0.01 Li:1 Color:FF0000\nRange2=15.9 16.1 Vol:0.01 O:1 Color:0000FF\n";

  isc_test_write_pos (pos, ions, G_N_ELEMENTS (ions));
  isc_test_write_file (rrng, ranges, strlen (ranges));

  g_assert_cmpint (isc_test_run_cli (&out, NULL, "composition", pos, "--ranges", rrng,
                                     "--roi", "box:-1,-1,0,2,2,5", "--json", NULL), ==, 0);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *root, *atoms;

    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpint (json_object_get_int_member (root, "ions_total"), ==, 2);
    atoms = json_object_get_object_member (root, "atoms");
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (atoms, "Li"), "count"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (atoms, "O"), "count"), ==, 0);
  }

  g_assert_cmpint (isc_test_run_cli (NULL, &err, "composition", pos, "--ranges", rrng,
                                     "--roi", "box:1,2", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--roi"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/version", test_version);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/unknown-command", test_unknown_command);
  g_test_add_func ("/cli/info-routes-images", test_info_routes_images);
  g_test_add_func ("/cli/composition-roi", test_composition_roi);
  return g_test_run ();
}
