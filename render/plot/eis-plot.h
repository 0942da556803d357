/* eis-plot.h: Nyquist and Bode plots of impedance spectra, with fitted circuits, for the EIS
 * page and `ionscape-cli eis --plot`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eis-circuit.h"
#include "eis-data.h"
#include "figure-options.h"
#include "plot.h"

G_BEGIN_DECLS

typedef enum
{
  ISC_EIS_PLOT_NYQUIST,   /* −Z'' against Z', one Ω per Ω on both axes */
  ISC_EIS_PLOT_BODE,      /* |Z| (log) and −phase (twin axis) against frequency (log) */
  ISC_EIS_PLOT_RCT,       /* charge-transfer resistance of each fitted spectrum against its cycle */
} IscEisPlotKind;

typedef struct
{
  const IscEisSpectrum *spectrum;
  const char           *label;     /* legend text (markup), or NULL */
  const IscEisCircuit  *circuit;   /* fitted circuit drawn as a line, or NULL */
  const double         *params;    /* its parameters */
  const double         *errors;    /* their standard errors, or NULL (R_ct error bars) */
} IscEisPlotSpectrum;

gboolean  isc_eis_plot_kind_from_string (const char               *text,
                                         IscEisPlotKind           *kind);
/* A new plot of @n spectra (compared in palette colours, e.g. before and after cycling). */
IscPlot  *isc_eis_plot_new              (IscEisPlotKind            kind,
                                         const IscEisPlotSpectrum *spectra,
                                         guint                     n);
/* Sets the Nyquist plot's ranges so that an ohm spans as many units on both axes when drawn
 * at @width × @height (user units of isc_plot_draw): arcs stay round. */
void      isc_eis_plot_equalize         (IscPlot                  *plot,
                                         double                    width,
                                         double                    height);
/* Exports with @options, equalising a Nyquist plot at the figure's size first. */
gboolean  isc_eis_plot_export           (IscPlot                  *plot,
                                         IscEisPlotKind            kind,
                                         const char               *path,
                                         const IscFigureOptions   *options,
                                         GError                  **error);

G_END_DECLS
