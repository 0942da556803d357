/* eis-page.h: the page of impedance spectra — Nyquist (equal axes) or Bode plot of every
 * spectrum of a file, compared in colour, an equivalent circuit typed in the common notation
 * and fitted to each, with the parameters, their standard errors, R_ct and the Lin-KK residual
 * listed beside the plot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "eis-data.h"
#include "eis-plot.h"
#include "isc-dataset-page.h"

G_BEGIN_DECLS

#define ISC_TYPE_EIS_PAGE (isc_eis_page_get_type ())
G_DECLARE_FINAL_TYPE (IscEisPage, isc_eis_page, ISC, EIS_PAGE, IscDatasetPage)

GtkWidget        *isc_eis_page_new            (void);
/* Shows @data (transfer full; NULL clears) and fits the current circuit to it. */
void              isc_eis_page_set_data       (IscEisPage     *self,
                                               IscEisData     *data);
const IscEisData *isc_eis_page_get_data       (IscEisPage     *self);
void              isc_eis_page_set_plot_kind  (IscEisPage     *self,
                                               IscEisPlotKind  kind);
/* Sets the circuit text and fits it; FALSE (and the error in the status line) when it does not
 * parse or a fit fails. */
gboolean          isc_eis_page_fit            (IscEisPage     *self,
                                               const char     *circuit);
/* The fitted value of parameter @name of spectrum @index, or NaN. */
double            isc_eis_page_get_parameter  (IscEisPage     *self,
                                               guint           index,
                                               const char     *name);

G_END_DECLS
