/* fuzz-apt.c: APT data readers (.pos, .epos, AP Suite .apt, LAWATAP .ato, NXapm). An NXapm
 * input also goes through the NXapm ranging reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-input.h"
#include "ion-cloud.h"
#include "range-set.h"

const char * const isc_fuzz_suffixes[] = { ".pos", ".epos", ".apt", ".ato", ".nxs", ".h5", NULL };

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *path = isc_fuzz_write_input (data, size);
  GError *error = NULL;
  IscIonCloud *cloud = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);

  /* Exactly one of result and error. */
  g_assert ((cloud == NULL) != (error == NULL));
  if (cloud != NULL)
    {
      /* Touch every value, so a reader that claims more ions than it allocated is caught by
       * AddressSanitizer (and uninitialised ones by MemorySanitizer, where available). */
      static volatile double sink;
      double sum = 0;

      for (gsize i = 0; i < cloud->n_ions; i++)
        sum += cloud->x[i] + cloud->y[i] + cloud->z[i] + cloud->mq[i];
      sink = sum;
      (void) sink;
      isc_ion_cloud_unref (cloud);
    }
  g_clear_error (&error);

  if (g_str_has_suffix (path, ".nxs") || g_str_has_suffix (path, ".h5"))
    {
      IscRangeSet *ranges = isc_range_set_load (path, &error);

      g_assert ((ranges == NULL) != (error == NULL));
      g_clear_pointer (&ranges, isc_range_set_free);
      g_clear_error (&error);
    }
  return 0;
}
