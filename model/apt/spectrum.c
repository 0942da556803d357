/* spectrum.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "spectrum.h"

#define MAX_BINS 100000000.0

/* Index of the range holding @mq, or -1 (same rule as isc_range_set_lookup). */
static int
range_index (const IscRange *r,
             guint           n,
             float           mq,
             gboolean        overlaps)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if ((float) r[mid].low <= mq)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return -1;
  if (mq <= (float) r[lo - 1].high)
    return (int) lo - 1;
  /* As isc_range_set_lookup: an earlier window may reach over a nested one. */
  if (overlaps)
    for (guint k = lo - 1; k-- > 0;)
      if (mq <= (float) r[k].high)
        return (int) k;
  return -1;
}

/* Each bin is labelled with the ion type most of its ranged ions belong to; a bin without
 * ranged ions takes the window that holds its centre. Counting per (range, bin) slot keeps
 * memory proportional to the bins the windows cover, not bins × ion types. */
static gboolean
label_bins (IscSpectrum        *spectrum,
            const IscIonCloud  *cloud,
            const IscRangeSet  *ranges,
            const guint8       *selected,
            double              mq_high,
            GCancellable       *cancellable,
            GError            **error)
{
  const IscRange *r = (const IscRange *) ranges->ranges->data;
  guint n = ranges->ranges->len;
  g_autofree gsize *first_bin = g_new (gsize, n + 1);
  g_autofree gsize *offset = g_new (gsize, n + 1);
  g_autofree guint64 *slots = NULL;
  g_autofree guint64 *best = NULL;
  gsize n_slots = 0;
  double w = spectrum->bin_width;

  spectrum->ion_type = g_new (guint8, spectrum->n_bins);
  for (gsize k = 0; k < spectrum->n_bins; k++)
    spectrum->ion_type[k] = isc_range_set_lookup (ranges, (float) (spectrum->start + (k + 0.5) * w));

  for (guint i = 0; i < n; i++)
    {
      double kb = CLAMP (floor ((r[i].low - spectrum->start) / w), 0, spectrum->n_bins - 1.0);
      double ke = CLAMP (floor ((r[i].high - spectrum->start) / w), 0, spectrum->n_bins - 1.0);

      first_bin[i] = (gsize) kb;
      offset[i] = n_slots;
      n_slots += (gsize) (ke - kb) + 1;
      if (n_slots > 50000000)
        return TRUE;   /* absurdly fine bins: the centre rule alone is good enough */
    }
  offset[n] = n_slots;
  slots = g_new0 (guint64, MAX (n_slots, 1));

  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      int ri;
      double k;

      if ((i & 0xfffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (selected != NULL && !selected[i])
        continue;
      ri = range_index (r, n, cloud->mq[i], ranges->has_overlaps);
      if (ri < 0)
        continue;
      k = floor ((cloud->mq[i] - spectrum->start) / w);
      if (k < first_bin[ri] || k >= spectrum->n_bins || cloud->mq[i] > mq_high)
        continue;
      if (first_bin[ri] + (offset[ri + 1] - offset[ri]) > (gsize) k)
        slots[offset[ri] + ((gsize) k - first_bin[ri])]++;
    }

  best = g_new0 (guint64, spectrum->n_bins);
  for (guint i = 0; i < n; i++)
    for (gsize s = offset[i]; s < offset[i + 1]; s++)
      {
        gsize k = first_bin[i] + (s - offset[i]);

        if (slots[s] > best[k])
          {
            best[k] = slots[s];
            spectrum->ion_type[k] = r[i].ion_type;
          }
      }
  return TRUE;
}

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

  if (ranges != NULL && !label_bins (spectrum, cloud, ranges, selected, mq_high, cancellable, error))
    return NULL;
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
