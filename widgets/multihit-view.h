/* multihit-view.h: the correlation histogram of multiple hits (Saxey plot) or the detector hit
 * map of an .epos dataset, as a log-scaled heat map.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ion-cloud.h"
#include "multihit.h"

G_BEGIN_DECLS

typedef enum
{
  ISC_MULTIHIT_VIEW_CORRELATION,  /* m/n of ion 1 against ion 2 of the same pulse */
  ISC_MULTIHIT_VIEW_DETECTOR,     /* hits per detector bin (x_det, y_det) */
} IscMultihitViewKind;

#define ISC_TYPE_MULTIHIT_VIEW (isc_multihit_view_get_type ())
G_DECLARE_FINAL_TYPE (IscMultihitView, isc_multihit_view, ISC, MULTIHIT_VIEW, GtkWidget)

GtkWidget            *isc_multihit_view_new           (IscMultihitViewKind kind);

/* Takes a reference to @cloud (NULL clears). The histogram is computed in a worker thread when
 * the view is on screen. */
void                  isc_multihit_view_set_cloud     (IscMultihitView *self,
                                                       IscIonCloud     *cloud);

/* Whether @cloud carries what @kind needs (ions per pulse, detector coordinates); if not,
 * *@why (may be NULL) says so for a tooltip (translated, static). */
gboolean              isc_multihit_view_can_show      (IscMultihitViewKind   kind,
                                                       const IscIonCloud    *cloud,
                                                       const char          **why);

/* The histogram shown, or NULL (none yet, or the data cannot give one). */
const IscHistogram2D *isc_multihit_view_get_histogram (IscMultihitView *self);
gboolean              isc_multihit_view_get_busy      (IscMultihitView *self);
GtkWidget            *isc_multihit_view_get_plot_view (IscMultihitView *self);
/* Dissociation tracks drawn on the correlation histogram, "PARENT:Z:DAUGHTER:Z" separated by
 * ";" (e.g. "O2:2:O:1; NiO:2:Ni:1"); "" removes them. FALSE with @error naming a bad one (the
 * tracks drawn stay as they were). */
gboolean              isc_multihit_view_set_tracks    (IscMultihitView  *self,
                                                       const char       *text,
                                                       GError          **error);
guint                 isc_multihit_view_get_n_tracks  (IscMultihitView *self);

G_END_DECLS
