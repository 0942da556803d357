/* ion-view-private.h: internals of IscIonView exposed to its tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ion-view.h"
#include "roi-handles.h"

G_BEGIN_DECLS

/* Drags @handle of the selected region from (@x0, @y0) to (@x1, @y1) (widget coordinates,
 * logical pixels) through the same code as the mouse: press, one motion, release. FALSE when
 * nothing is selected or the region has no such handle. */
gboolean _isc_ion_view_drag_handle (IscIonView   *view,
                                    IscRoiHandle  handle,
                                    double        x0,
                                    double        y0,
                                    double        x1,
                                    double        y1);

/* Makes every frame report @ms as its duration (instead of the measured one) to the level of
 * detail; a negative @ms measures again. */
void     _isc_ion_view_force_frame_time (IscIonView *view,
                                         double      ms);
/* Makes frames take @ms of GTK's time beyond the draw (compositing, presenting) while the
 * frame time is forced; a negative @ms is 0. */
void     _isc_ion_view_force_frame_overhead (IscIonView *view,
                                             double      ms);
/* Ions in the last frame (@shown), the budget it drew with (@budget: G_MAXUINT64 at rest)
 * and the ions of the visible species (returned). */
guint64  _isc_ion_view_get_counts       (IscIonView *view,
                                         guint64    *shown,
                                         guint64    *budget);
/* Ions a frame may draw: the interactive subsample, and the step of refinement at rest. */
guint64  _isc_ion_view_get_lod_budget   (IscIonView *view);

G_END_DECLS
