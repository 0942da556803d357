/* fuzz-input.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-input.h"

static char *suffix;
static char *folder;
static char *input_path;

const char *
isc_fuzz_suffix (void)
{
  if (suffix == NULL)
    {
      const char *env = g_getenv ("ISC_FUZZ_SUFFIX");

      suffix = g_strdup (env != NULL ? env : isc_fuzz_suffixes[0]);
    }
  return suffix;
}

void
isc_fuzz_set_suffix (const char *value)
{
  g_free (suffix);
  suffix = g_strdup (value);
}

static void
remove_folder (void)
{
  if (input_path != NULL)
    g_unlink (input_path);
  if (folder != NULL)
    g_rmdir (folder);
}

const char *
isc_fuzz_write_input (const uint8_t *data,
                      size_t         size)
{
  if (folder == NULL)
    {
      folder = g_dir_make_tmp ("ionscape-fuzz-XXXXXX", NULL);
      g_assert (folder != NULL);
      atexit (remove_folder);
    }
  if (input_path != NULL)
    g_unlink (input_path);
  g_free (input_path);
  input_path = g_strconcat (folder, "/input", isc_fuzz_suffix (), NULL);
  if (!g_file_set_contents (input_path, (const char *) data, (gssize) size, NULL))
    g_error ("cannot write the fuzz input %s", input_path);
  return input_path;
}
