/* multihit.h: multiple-hit events of .epos data (ions per pulse): multiplicity statistics,
 * the correlation histogram (Saxey plot) and the detector hit map.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ion-cloud.h"

G_BEGIN_DECLS

#define ISC_MULTIHIT_MAX_CLASS 16   /* events of more ions are counted in the last class */

typedef struct
{
  guint64 events;                              /* pulses that detected at least one ion */
  guint64 ions;
  guint64 events_by_multiplicity[ISC_MULTIHIT_MAX_CLASS + 1];  /* [k]: events of k ions (k ≥ 1) */
  guint64 ions_by_multiplicity[ISC_MULTIHIT_MAX_CLASS + 1];
  double  multiple_fraction;                   /* ions in events of two or more, / ions */
  double  mean_multiplicity;                   /* ions / events */
  guint64 pairs;                               /* ion pairs (i < j) within events */
} IscMultihitStats;

/* Statistics from the multiplicity channel (the first ion of an event carries its count, the
 * others 0). Fails when @cloud has no multiplicity channel or the channel contradicts itself
 * (an event announced longer than the file). */
gboolean   isc_multihit_stats        (const IscIonCloud  *cloud,
                                      IscMultihitStats   *stats,
                                      GError            **error);

/* A 2D histogram over [lo, hi]² of n × n bins; bins[iy * n + ix]. */
typedef struct
{
  double   lo;
  double   hi;
  guint    n;
  guint64 *bins;
} IscHistogram2D;

/* The correlation histogram: for every pair of ions of one event, m/n of the lighter (x)
 * against the heavier (y), so the plot fills the upper triangle. */
IscHistogram2D *isc_multihit_correlation (const IscIonCloud  *cloud,
                                          double              lo,
                                          double              hi,
                                          guint               n_bins,
                                          GError            **error);

/* Detector hit map: hits per bin of x_det, y_det (mm) over [-@radius, @radius]², of the ions
 * with @selected[i] (all when NULL). @radius ≤ 0 takes the data's extent. */
IscHistogram2D *isc_detector_map         (const IscIonCloud  *cloud,
                                          const guint8       *selected,
                                          double              radius,
                                          guint               n_bins,
                                          GError            **error);

/* The dissociation track of a molecular ion of mass @parent_mass (Da) and charge @parent_charge
 * that splits in flight into a daughter of @daughter_mass and @daughter_charge plus the
 * remainder (the rest of the mass and charge, which must be charged to be detected): for a
 * split where a fraction α of the accelerating potential remains (α = 0 at the detector, 1 at
 * the tip), a daughter of mass m and charge q appears, by time of flight, at
 * m / (q_p (1 − α) m / M + q α) Da. Fills @x (lighter daughter) and @y (heavier) with
 * @n_points points from α = 0 (both at the parent's m/n) to α = 1 (both at their own).
 * FALSE when the charges leave no charged remainder. (Saxey, Ultramicroscopy 111 (2011) 473.) */
gboolean        isc_multihit_dissociation_track (double  parent_mass,
                                                 guint   parent_charge,
                                                 double  daughter_mass,
                                                 guint   daughter_charge,
                                                 guint   n_points,
                                                 double *x,
                                                 double *y);

/* "PARENT:Z:DAUGHTER:Z" (e.g. "O2:2:O:1") → the dissociation track of the main isotopologues as
 * x, y pairs (doubles) for drawing; ISC_ERROR_ARGUMENT naming @text when it is not one. */
GArray         *isc_multihit_track_parse (const char  *text,
                                          GError     **error);

void            isc_histogram_2d_free    (IscHistogram2D *histogram);

/* The histogram as an image of log-scaled counts (white = none, dark = most), ARGB32 rows of
 * n pixels from the top (high y first). Free with g_free. */
guint32        *isc_histogram_2d_to_argb (const IscHistogram2D *histogram);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscHistogram2D, isc_histogram_2d_free)

G_END_DECLS
