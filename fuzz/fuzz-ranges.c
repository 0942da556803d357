/* fuzz-ranges.c: range files (.rrng, .rng, .env).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-input.h"
#include "range-set.h"

const char * const isc_fuzz_suffixes[] = { ".rrng", ".rng", ".env", NULL };

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *path = isc_fuzz_write_input (data, size);
  GError *error = NULL;
  IscRangeSet *ranges = isc_range_set_load (path, &error);

  g_assert ((ranges == NULL) != (error == NULL));
  if (ranges != NULL)
    {
      /* What was accepted is usable: sorted, finite, non-overlapping windows. */
      for (guint i = 0; i < ranges->ranges->len; i++)
        {
          const IscRange *r = &g_array_index (ranges->ranges, IscRange, i);

          g_assert (r->low <= r->high && r->ion_type < ranges->ion_types->len);
          if (i > 0)
            g_assert (g_array_index (ranges->ranges, IscRange, i - 1).high <= r->low);
        }
      isc_range_set_free (ranges);
    }
  g_clear_error (&error);
  return 0;
}
