/* cycling-plot.h: the standard battery-cycling plots, built from IscCyclingData for the
 * cycling view and for `ionscape-cli cycling --plot`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cycling-data.h"
#include "plot.h"

G_BEGIN_DECLS

typedef enum
{
  ISC_CYCLING_PLOT_CAPACITY,    /* charge and discharge capacity versus cycle */
  ISC_CYCLING_PLOT_RETENTION,   /* discharge retention (%) versus cycle */
  ISC_CYCLING_PLOT_EFFICIENCY,  /* Coulombic efficiency (%) versus cycle */
  ISC_CYCLING_PLOT_VOLTAGE,     /* voltage versus capacity of chosen cycles, coloured by cycle */
  ISC_CYCLING_PLOT_DQDV,        /* dQ/dV versus voltage of chosen cycles */
  ISC_CYCLING_PLOT_CAPACITY_EFFICIENCY, /* capacity with the efficiency on a twin axis */
} IscCyclingPlotKind;

typedef struct
{
  const IscCyclingData *data;
  const char *label;        /* legend text (markup) */
  double mass_g;            /* active mass, g; NAN or ≤ 0 = the file's or none (then mAh) */
} IscCyclingCell;

gboolean  isc_cycling_plot_kind_from_string (const char         *text,
                                             IscCyclingPlotKind *kind);

/* @cycles: cycles to draw for VOLTAGE and DQDV (NULL = up to five spread over the test).
 * @reference_cycle as isc_cycling_summarize (). Returns a new plot. */
IscPlot  *isc_cycling_plot_new              (IscCyclingPlotKind    kind,
                                             const IscCyclingCell *cells,
                                             guint                 n_cells,
                                             const gint32         *cycles,
                                             guint                 n_cycles,
                                             gint32                reference_cycle);

/* What the retention is relative to, for axis labels and the view's summary, translated:
 * "retention relative to cycle 3, the first at 1 C". New string. */
char     *isc_cycling_reference_text        (const IscReferenceChoice *choice);

/* The rate segments as text, translated: "cycles 1–2 at 0.2 C, 3–302 at 1 C"; "" with one
 * segment or no current. New string. */
char     *isc_cycling_segments_text         (const IscCyclingData *data);

/* Up to @max cycle numbers spread evenly over the cycles that have a discharge (new array of gint32). */
GArray   *isc_cycling_pick_cycles           (const IscCyclingData *data,
                                             guint                 max);

G_END_DECLS
