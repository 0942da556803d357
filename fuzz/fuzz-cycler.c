/* fuzz-cycler.c: battery-cycler exports (BioLogic .mpt/.mpr, Arbin/Neware/Maccor text, CSV).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cycling-data.h"
#include "fuzz-input.h"

const char * const isc_fuzz_suffixes[] = { ".csv", ".mpt", ".mpr", ".txt", NULL };

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *path = isc_fuzz_write_input (data, size);
  GError *error = NULL;
  IscCyclingData *cycling = isc_cycling_load (path, ISC_CYCLER_AUTO, NULL, &error);

  g_assert ((cycling == NULL) != (error == NULL));
  g_clear_pointer (&cycling, isc_cycling_data_free);
  g_clear_error (&error);
  return 0;
}
