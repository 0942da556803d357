/* disorder.h: measures of cation disorder in a HAADF image of a layered oxide, from a line
 * profile across its (003) planes.
 *
 * Along the profile the bright transition-metal (TM) planes repeat every layer period (0.47 nm
 * in NCM); the Li planes lie midway and are dark while the Li layer holds only Li. Transition
 * metals that migrate into the Li layer light it up, until every cation plane looks alike
 * (rock salt). Two measures follow:
 *
 * - the Li-layer / TM-layer intensity ratio: the mean intensity at the Li planes over the mean
 *   at the TM planes, each sampled at the plane (averaged over ±1/20 of the layer period), after
 *   subtracting a background the caller gives (0: raw intensities, as the study reads them; the
 *   demo's pristine images give ~0.3, the cycled surface ~0.9);
 * - the thickness of the rock-salt surface layer, with the line drawn from the surface inward
 *   (its start on the surface): (a) the distance over which the ratio of each Li plane to its two
 *   TM neighbours (a running median over three layers) stays above a threshold, the crossing
 *   interpolated between planes; (b) where the 1/period component of a sliding window (Hann,
 *   four layer periods wide) — the (003) spot of a local FFT — comes back: the first position
 *   where it rises above half-way between its lowest and highest values along the line.
 *   Measure (b) is undefined (NaN) when the spot's strength hardly changes along the line
 *   (highest < 2 × lowest): no boundary within the line.
 *
 * TM planes are told from Li planes by the phase of the layer period over the whole line: the
 * brighter plane of the layered part is TM. Positions are distances from the start of the
 * line in the profile's unit (nm for calibrated images).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "line-profile.h"
#include "isc-error.h"

G_BEGIN_DECLS

/* Default threshold of the Li/TM ratio for the rock-salt layer: half-way between the demo's
 * layered (~0.3) and rock-salt-like (~0.9) surfaces. */
#define ISC_DISORDER_DEFAULT_THRESHOLD 0.6

typedef struct
{
  double   position;
  double   intensity;
  gboolean li_layer;    /* a maximum in a Li plane, between the TM planes */
} IscDisorderMaximum;

typedef struct
{
  double position;      /* of the Li plane */
  double li;            /* intensity at the Li plane, background subtracted */
  double tm;            /* mean of its two TM neighbours */
  double ratio;         /* li / tm */
} IscDisorderLayer;

typedef struct
{
  char    *unit;
  double   length;                  /* of the line */
  double   spacing;                 /* dominant period of the profile */
  double   layer_period;            /* TM plane to TM plane */
  double   layer_strength;          /* amplitude of the layer period (intensity units) */
  double   half_strength;           /* amplitude of half the layer period */
  double   background;              /* subtracted before the ratios */
  double   li_tm_ratio;
  double   threshold;
  double   rocksalt_thickness;      /* (a), from the start of the line */
  gboolean rocksalt_to_end;         /* (a) the ratio stays above the threshold to the last plane:
                                     * the thickness is a lower bound */
  double   rocksalt_thickness_fft;  /* (b); NaN without a boundary */
  double   fft_window;              /* width of the sliding window */
  GArray  *layers;                  /* IscDisorderLayer, by position */
  GArray  *maxima;                  /* IscDisorderMaximum, by position */
} IscDisorder;

/* Analyses @profile (see above). @layer_period > 0 fixes the layer period near that value;
 * ≤ 0 finds it (isc_line_profile_periods). @threshold ≤ 0 → ISC_DISORDER_DEFAULT_THRESHOLD.
 * Errors (ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID): no period in the profile, or fewer than two
 * complete layers along the line. */
IscDisorder *isc_disorder_analyse (const IscLineProfile  *profile,
                                   double                 layer_period,
                                   double                 threshold,
                                   double                 background,
                                   GError               **error);
void         isc_disorder_free    (IscDisorder           *disorder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscDisorder, isc_disorder_free)

G_END_DECLS
