/* test-cli-basics.c: ionscape-cli's version, help and error conventions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/version", test_version);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/unknown-command", test_unknown_command);
  g_test_add_func ("/cli/info-routes-images", test_info_routes_images);
  return g_test_run ();
}
