/* xrd-plot.h: figures of X-ray diffraction series (heat map, stacked patterns, one pattern with
 * fitted profiles and phase ticks), for the CLI and the XRD page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "plot.h"
#include "xrd-fit.h"
#include "xrd-pattern.h"
#include "xrd-phase.h"

G_BEGIN_DECLS

/* The 2θ range (deg) covered by any pattern of @series (not empty). */
void     isc_xrd_plot_two_theta_range (const IscXrdSeries *series,
                                       double             *lo,
                                       double             *hi);

/* log10 intensity over 2θ [@lo, @hi] across and temperature (else time, else pattern number)
 * up; each row shows the pattern nearest to it. */
IscPlot *isc_xrd_plot_heatmap         (const IscXrdSeries *series,
                                       double              lo,
                                       double              hi);

/* Every pattern, offset by a third of the strongest count, coloured by its place in the series. */
IscPlot *isc_xrd_plot_stack           (const IscXrdSeries *series);

/* One pattern; @fits (IscXrdPeakFit, one per window of @windows, may be NULL) drawn over their
 * windows; the reflections of @phases (IscXrdPhase*, may be NULL) as ticks below, one row per
 * phase, shifted by @zero_shift degrees. */
IscPlot *isc_xrd_plot_pattern         (const IscXrdPattern    *p,
                                       GPtrArray              *phases,
                                       const GArray           *fits,
                                       const IscXrdFitOptions *windows,
                                       guint                   n_windows,
                                       double                  zero_shift);

G_END_DECLS
