/* eels-plot.h: the figure of an energy-loss spectrum with its edges — the spectrum, the fitted
 * power-law background of each edge (over its fit window and on under the edge), the edge
 * energies of the table as markers and each integration window shaded. Shared by
 * `ionscape-cli eels --plot spectrum` and the EELS page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "eels.h"
#include "plot.h"

G_BEGIN_DECLS

/* Words of the figure, so that the page can translate them and the CLI keep them English. */
typedef struct
{
  const char *spectrum;     /* legend of the spectrum: "Spectrum" */
  const char *background;   /* the word after "Ni L2,3" in a background's legend: "background" */
  const char *x_axis;       /* "Energy loss (eV)" */
  const char *y_axis;       /* "Counts" */
} IscEelsPlotWords;

/* English words (static). */
const IscEelsPlotWords *isc_eels_plot_words_english (void);

/* @e and @y: @n channels; @results: @n_results edges (those without a fitted background are left
 * out). Every table edge inside the energy range is marked, found or not. */
IscPlot *isc_eels_plot_spectrum (const char              *title,
                                 const double            *e,
                                 const double            *y,
                                 guint                    n,
                                 const IscEelsEdgeResult *results,
                                 guint                    n_results,
                                 const IscEelsPlotWords  *words);

/* The colour of the @k-th edge's background and window (static palette). */
IscColor isc_eels_plot_edge_color (guint k);

G_END_DECLS
