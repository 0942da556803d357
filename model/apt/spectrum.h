/* spectrum.h: the mass-to-charge histogram of an ion cloud.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ion-cloud.h"
#include "range-set.h"

G_BEGIN_DECLS

typedef struct
{
  double   start;       /* Da, lower edge of bin 0 (a multiple of bin_width) */
  double   bin_width;   /* Da */
  gsize    n_bins;
  guint64 *counts;      /* ions per bin: bin k holds start + k·w ≤ m/n < start + (k+1)·w */
  guint8  *ion_type;    /* per bin: the ion type most of the bin's ranged ions belong to; for a
                         * bin without ranged ions the window holding the bin centre, else
                         * ISC_ION_UNRANGED. NULL when computed without ranges. */
} IscSpectrum;

/* Histograms the ions of @cloud (all, or those with @selected[i] != 0) at @bin_width Da over
 * [@mq_low, @mq_high]; with @mq_low == @mq_high == 0 the data's own m/n range is used
 * (from 0 or below). Refuses widths that are not positive or give more than 10^8 bins.
 * Cancellable; callable from a worker thread. */
IscSpectrum *isc_spectrum_compute (const IscIonCloud  *cloud,
                                   const IscRangeSet  *ranges,
                                   const guint8       *selected,
                                   double              bin_width,
                                   double              mq_low,
                                   double              mq_high,
                                   GCancellable       *cancellable,
                                   GError            **error);

void         isc_spectrum_free    (IscSpectrum *spectrum);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscSpectrum, isc_spectrum_free)

G_END_DECLS
