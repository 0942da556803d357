/* plot-ticks.h: "nice" tick positions and labels for linear and log axes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "plot.h"

G_BEGIN_DECLS

typedef struct
{
  GArray *major;     /* double, inside [min, max], ascending */
  GArray *minor;     /* double, inside [min, max], not coinciding with a major tick */
  GPtrArray *labels; /* one UTF-8 string per major tick (Pango markup on log axes: 10<sup>3</sup>) */
} IscTicks;

/* Computes ticks for [min, max] with about @target_count major ticks (1-2-5 steps on linear
 * axes, decades on log axes). Refuses (FALSE, ISC_RENDER_ERROR/ISC_ERROR_ARGUMENT) non-finite
 * bounds, min > max, and non-positive bounds on a log axis. */
gboolean  isc_ticks_compute        (IscAxisScale   scale,
                                    double         min,
                                    double         max,
                                    guint          target_count,
                                    IscTicks     **out,
                                    GError       **error);
void      isc_ticks_free           (IscTicks *ticks);

/* Widens a degenerate or empty range (single point, min == max) to something drawable.
 * On a log axis non-positive input gives [1, 10]. */
void      isc_axis_fix_range       (IscAxisScale  scale,
                                    double       *min,
                                    double       *max);

/* Formats @value with enough digits to tell ticks @step apart. Free with g_free. */
char     *isc_ticks_format         (double value,
                                    double step);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscTicks, isc_ticks_free)

G_END_DECLS
