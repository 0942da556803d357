/* spectrum.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "spectrum.h"

#define MAX_BINS 100000000.0

IscSpectrum *
isc_spectrum_compute (const IscIonCloud  *cloud,
                      const IscRangeSet  *ranges,
                      const guint8       *selected,
                      double              bin_width,
                      double              mq_low,
                      double              mq_high,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_autoptr(IscSpectrum) spectrum = NULL;
  const gsize chunk = 1 << 20;
  double n_bins, inv;

  g_return_val_if_fail (cloud != NULL, NULL);

  if (!(bin_width > 0) || !isfinite (bin_width))
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT, "bin width %g Da must be positive", bin_width);
      return NULL;
    }
  if (mq_low == 0 && mq_high == 0)
    {
      mq_low = MIN (0.0, cloud->mq_min);
      mq_high = MAX (cloud->mq_max, 0.0);
    }
  if (!(mq_high >= mq_low) || !isfinite (mq_low) || !isfinite (mq_high))
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT, "m/n interval %g–%g Da is empty", mq_low, mq_high);
      return NULL;
    }

  spectrum = g_new0 (IscSpectrum, 1);
  spectrum->bin_width = bin_width;
  spectrum->start = floor (mq_low / bin_width) * bin_width;
  n_bins = floor ((mq_high - spectrum->start) / bin_width) + 1;
  if (n_bins > MAX_BINS)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT,
                   "bin width %g Da gives %.0f bins over %g–%g Da (at most 10⁸)", bin_width, n_bins, mq_low, mq_high);
      return NULL;
    }
  spectrum->n_bins = (gsize) n_bins;
  spectrum->counts = g_new0 (guint64, spectrum->n_bins);

  inv = 1.0 / bin_width;
  for (gsize s = 0; s < cloud->n_ions; s += chunk)
    {
      gsize end = MIN (s + chunk, cloud->n_ions);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      for (gsize i = s; i < end; i++)
        {
          double k;

          if (selected != NULL && !selected[i])
            continue;
          k = floor ((cloud->mq[i] - spectrum->start) * inv);
          if (k >= 0 && k < n_bins && cloud->mq[i] <= mq_high)
            spectrum->counts[(gsize) k]++;
        }
    }

  if (ranges != NULL)
    {
      spectrum->ion_type = g_new (guint8, spectrum->n_bins);
      for (gsize k = 0; k < spectrum->n_bins; k++)
        spectrum->ion_type[k] = isc_range_set_lookup (ranges, (float) (spectrum->start + (k + 0.5) * bin_width));
    }
  return g_steal_pointer (&spectrum);
}

void
isc_spectrum_free (IscSpectrum *spectrum)
{
  if (spectrum == NULL)
    return;
  g_free (spectrum->counts);
  g_free (spectrum->ion_type);
  g_free (spectrum);
}
