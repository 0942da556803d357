/* test-demo-cli.c: `ionscape-cli demo` argument and error handling.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "test-util.h"

static void
assert_one_line (const char *err,
                 const char *needle)
{
  g_auto(GStrv) lines = g_strsplit (err, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_nonnull (strstr (lines[0], needle));
}

static void
test_usage (void)
{
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  int status;

  status = isc_test_run_cli (NULL, &err, "demo", NULL);
  g_assert_cmpint (status, ==, 1);
  assert_one_line (err, "--out DIR or --summary DIR");

  status = isc_test_run_cli (NULL, &err2, "demo", "--summary", "/nonexistent/demo", NULL);
  g_assert_cmpint (status, ==, 1);
  assert_one_line (err2, "/nonexistent/demo/apt/ranges.rrng");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/demo/usage", test_usage);
  return g_test_run ();
}
