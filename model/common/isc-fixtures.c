/* isc-fixtures.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#include "isc-fixtures.h"

char *
isc_fixtures_dir (void)
{
  const char *env = g_getenv ("IONSCAPE_FIXTURES");
  g_autofree char *beside = NULL;

  if (env != NULL && g_file_test (env, G_FILE_TEST_IS_DIR))
    return g_strdup (env);

  beside = g_build_filename (SOURCE_ROOT, "..", "shared", "fixtures", NULL);
  if (g_file_test (beside, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&beside);

  return NULL;
}

char *
isc_fixture_path (const char *relative)
{
  g_autofree char *dir = isc_fixtures_dir ();
  g_autofree char *path = NULL;

  g_return_val_if_fail (relative != NULL, NULL);

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  return g_steal_pointer (&path);
}
