/* replay-main.c: runs a fuzz harness once over each file given, or each file in each folder
 * given, taking the format from the file's own suffix and skipping suffixes the harness does
 * not read. Built with the ordinary compiler, so `make test` replays every saved input
 * (under AddressSanitizer and UBSan in the sanitizer build) without libFuzzer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "fuzz-input.h"

static const char *
matching_suffix (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; isc_fuzz_suffixes[i] != NULL; i++)
    if (g_str_has_suffix (lower, isc_fuzz_suffixes[i]))
      return isc_fuzz_suffixes[i];
  return NULL;
}

static guint
replay_file (const char *path)
{
  const char *suffix = matching_suffix (path);
  g_autofree char *data = NULL;
  gsize len = 0;

  if (suffix == NULL)
    return 0;
  if (!g_file_get_contents (path, &data, &len, NULL))
    g_error ("cannot read %s", path);
  isc_fuzz_set_suffix (suffix);
  printf ("# %s\n", path);
  fflush (stdout);
  LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
  return 1;
}

int
main (int    argc,
      char **argv)
{
  guint replayed = 0;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
      const char *name;

      if (dir == NULL)
        {
          if (g_file_test (argv[i], G_FILE_TEST_IS_REGULAR))
            replayed += replay_file (argv[i]);
          continue;   /* a missing folder (no shared fixtures) replays nothing */
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);

          if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            replayed += replay_file (path);
        }
    }
  /* TAP: one test that passes when no input crashed, hung or failed an assertion. */
  printf ("1..1\nok 1 replayed %u inputs\n", replayed);
  return 0;
}
