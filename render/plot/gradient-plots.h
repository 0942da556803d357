/* gradient-plots.h: the figures of a gradient study, built from an IscGradient for the gradient
 * view and for `ionscape-cli figure`.
 *
 * Every condition keeps one colour (colour-blind-safe palette) and one marker across the plots,
 * chosen by its index in the gradient, so a reader can follow it from figure to figure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gradient.h"
#include "plot.h"

G_BEGIN_DECLS

typedef enum
{
  ISC_GRADIENT_PLOT_GRADIENT,    /* element ratio versus depth, every condition, ± std */
  ISC_GRADIENT_PLOT_ELEMENTS,    /* every element versus depth for one condition, ± std */
  ISC_GRADIENT_PLOT_DEPTH,       /* gradient depth versus cycles with its linear fit */
  ISC_GRADIENT_PLOT_RETENTION,   /* capacity retention versus the condition's mean ratio, with fit */
} IscGradientPlotKind;

#define ISC_GRADIENT_PLOT_N_KINDS 4

typedef struct
{
  const char *element;     /* element followed (GRADIENT, DEPTH, RETENTION); NULL = "Li" */
  const char *condition;   /* ELEMENTS: condition name; NULL = the first condition */
  const char *basis;       /* comma-separated normalising elements, for the axis label;
                            * NULL = the default metal basis "Ni,Co,Mn" */
  gboolean    log_depth;   /* log depth axis (GRADIENT, ELEMENTS) */
  double      share;       /* DEPTH: share of the deepest value; ≤ 0 = ISC_GRADIENT_DEFAULT_SHARE */
} IscGradientPlotOptions;

/* "gradient", "elements", "gradient-depth", "retention". */
gboolean     isc_gradient_plot_kind_from_string (const char          *text,
                                                 IscGradientPlotKind *kind);
const char  *isc_gradient_plot_kind_to_string   (IscGradientPlotKind  kind);

/* The colour and marker of the condition at @index. */
IscColor     isc_gradient_condition_color       (guint index);
IscMarker    isc_gradient_condition_marker      (guint index);

/* Pango markup of the ratio's name, "Li/(Ni+Co+Mn)". Free with g_free. */
char        *isc_gradient_ratio_markup          (const char *element,
                                                 const char *basis);

/* Builds the plot (publication theme). FALSE-like NULL with ISC_ANALYSIS_ERROR / ARGUMENT when
 * the condition is unknown, the element is in no specimen, or nothing can be drawn (no depth
 * or no retention for any condition). Fits that cannot be made (fewer than two points) are left
 * out of the plot, not errors. */
IscPlot     *isc_gradient_plot_new              (IscGradient                  *gradient,
                                                 IscGradientPlotKind           kind,
                                                 const IscGradientPlotOptions *options,
                                                 GError                      **error);

G_END_DECLS
