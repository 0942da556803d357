/* fuzz-image.c: microscope image readers (TIFF, DM3/DM4, Velox and Berkeley EMD, SER, MRC).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-input.h"
#include "image.h"

const char * const isc_fuzz_suffixes[] = { ".tif", ".dm3", ".dm4", ".emd", ".ser", ".mrc", NULL };

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *path = isc_fuzz_write_input (data, size);
  GError *error = NULL;
  guint count = isc_image_count_in_file (path, &error);
  IscImage *image;

  g_clear_error (&error);
  (void) count;
  image = isc_image_load (path, 0, NULL, NULL, NULL, &error);
  g_assert ((image == NULL) != (error == NULL));
  if (image != NULL)
    {
      double lo, hi, mean;

      isc_image_stats (image, G_MAXUINT, &lo, &hi, &mean);
      isc_image_free (image);
    }
  g_clear_error (&error);
  return 0;
}
