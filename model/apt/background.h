/* background.h: the mass-spectrum background fitted in peak-free windows, and background-
 * corrected range counts with their counting errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ion-cloud.h"
#include "range-set.h"

G_BEGIN_DECLS

typedef enum
{
  ISC_BACKGROUND_CONSTANT,   /* b counts per Da */
  ISC_BACKGROUND_INV_SQRT,   /* a/√m + b counts per Da (laser-pulsed APT, time-of-flight noise) */
} IscBackgroundModel;

typedef struct
{
  double low;    /* Da */
  double high;   /* Da */
} IscMassWindow;

typedef struct
{
  IscBackgroundModel  model;
  double              a;           /* counts·Da^-1/2 (0 for the constant model) */
  double              b;           /* counts per Da */
  double              cov[2][2];   /* covariance of (a, b) */
  guint64             counts;      /* ions inside the windows */
  double              width;       /* summed window width, Da */
  IscMassWindow      *windows;
  guint               n_windows;
} IscBackground;

/* Parses "LO:HI[,LO:HI…]" (Da). Returns an array of IscMassWindow, or NULL with @error. */
GArray        *isc_mass_windows_parse        (const char  *text,
                                              GError     **error);

/* The model's name for outputs: "constant" or "a/sqrt(m)+b". */
const char    *isc_background_model_to_string (IscBackgroundModel model);
gboolean       isc_background_model_from_string (const char         *text,
                                                 IscBackgroundModel *model);

/* Fits @model to the ions of @cloud (all, or @selected[i] != 0) inside @windows: the constant
 * as counts / width (exact Poisson estimate); a/√m + b by least squares on sub-windows with
 * Poisson weights from the model (iterated), which needs windows spread over some mass range.
 * Fails on empty, inverted or overlapping windows. */
IscBackground *isc_background_fit            (const IscIonCloud    *cloud,
                                              const guint8         *selected,
                                              const IscMassWindow  *windows,
                                              guint                 n_windows,
                                              IscBackgroundModel    model,
                                              GCancellable         *cancellable,
                                              GError              **error);

/* The same fit from a histogram (@bins of @bin_width Da from @start): each window counts the
 * bins whose centre it holds, with their edges (for the spectrum view, without a pass over the
 * ions). */
IscBackground *isc_background_fit_histogram  (const guint64        *bins,
                                              gsize                 n_bins,
                                              double                start,
                                              double                bin_width,
                                              const IscMassWindow  *windows,
                                              guint                 n_windows,
                                              IscBackgroundModel    model,
                                              GError              **error);

void           isc_background_free           (IscBackground *background);

/* Background counts per Da at @mq. */
double         isc_background_density        (const IscBackground *background,
                                              double               mq);

/* Expected background ions in [@low, @high] and the variance of that estimate. */
double         isc_background_integral       (const IscBackground *background,
                                              double               low,
                                              double               high,
                                              double              *variance);

typedef struct
{
  const char *name;        /* the ion type's name (owned by the range set) */
  guint8      ion_type;
  double      low;         /* Da */
  double      high;
  guint64     raw;         /* ions in the window */
  double      background;  /* expected background ions in the window (0 without background) */
  double      corrected;   /* raw − background */
  double      sigma;       /* √(raw + var(background)) */
} IscRangeCount;

/* Counts the ions in each window of @set (overlapping windows each count all their ions) and
 * subtracts @background (may be NULL). Returns an array of IscRangeCount in the set's order. */
GArray        *isc_range_counts_compute      (const IscIonCloud    *cloud,
                                              const IscRangeSet    *set,
                                              const guint8         *selected,
                                              const IscBackground  *background,
                                              GCancellable         *cancellable,
                                              GError              **error);

/* Ions of @cloud in each of @n inclusive windows [@lows[k], @highs[k]] (bounds as float32, as
 * the range lookup compares them); windows may overlap. */
gboolean       isc_count_in_windows          (const IscIonCloud *cloud,
                                              const guint8      *selected,
                                              const double      *lows,
                                              const double      *highs,
                                              guint              n,
                                              guint64           *counts,
                                              GCancellable      *cancellable,
                                              GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscBackground, isc_background_free)

G_END_DECLS
