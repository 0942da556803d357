/* fuzz-project.c: the .ionscape project file (HDF5).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-input.h"
#include "project-file.h"

const char * const isc_fuzz_suffixes[] = { ".ionscape", NULL };

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *path = isc_fuzz_write_input (data, size);
  GError *error = NULL;
  IscProject *project = isc_project_load (path, &error);

  g_assert ((project == NULL) != (error == NULL));
  g_clear_pointer (&project, isc_project_free);
  g_clear_error (&error);
  return 0;
}
