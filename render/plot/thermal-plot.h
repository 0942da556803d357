/* thermal-plot.h: figures of thermal-analysis curves — mass % with its derivative (DTG) on the
 * twin axis, either alone, or the DTA/DSC signal — every curve overlaid in palette colours, for
 * the thermal page and `ionscape-cli thermal --plot`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "plot.h"
#include "thermal-analysis.h"

G_BEGIN_DECLS

typedef enum
{
  ISC_THERMAL_PLOT_MASS_DTG,  /* mass % (left axis) and DTG (right axis, fainter) */
  ISC_THERMAL_PLOT_MASS,      /* mass % */
  ISC_THERMAL_PLOT_DTG,       /* −d(mass %)/dT in %/K */
  ISC_THERMAL_PLOT_SIGNAL,    /* the DTA/DSC signal in the file's unit */
} IscThermalPlotKind;

typedef struct
{
  const IscThermalCurve    *curve;
  const IscThermalAnalysis *analysis;  /* NULL when the curve has no mass */
} IscThermalPlotCurve;

/* A new plot of @n curves against temperature. The steps' DTG peaks are faint vertical lines
 * in the curve's colour; on mass plots their tangent onsets are marked with triangles.
 * Curves without what @kind draws are left out (the plot may have no series). */
IscPlot *isc_thermal_plot_new (IscThermalPlotKind         kind,
                               const IscThermalPlotCurve *curves,
                               guint                      n);

G_END_DECLS
