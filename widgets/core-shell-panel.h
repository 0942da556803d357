/* core-shell-panel.h: the core/shell analysis of an image series (in situ heating) beside its
 * image view — particle centre, radius and shell thickness (nm), reference frame, temperature
 * of the first frame and step per frame (°C); a plot of the core and shell negative intensity
 * relative to the reference frame against temperature (against frame when the step is 0) with
 * a vertical line at the selected frame; a frame slider; CSV export.
 *
 * The analysis (isc_core_shell_analyse) runs in the panel's IscTaskSlot on a reference to the
 * view's series (shared, never changed) and is restarted (the previous run cancelled)
 * whenever a setting or the image changes; disposing the panel never waits for it.
 *
 * The circles (outer radius and core boundary) are drawn by a separate, non-targetable widget
 * (isc_core_shell_panel_get_overlay) meant to be stacked over the image view in a GtkOverlay;
 * it draws only while the panel is mapped and "Show on image" is on.
 *
 * Signal "analysed" (no arguments): a run finished, with a result or with an error (then
 * isc_core_shell_panel_get_series () is NULL and the status text says why).
 *
 * Actions: core-shell.export-csv.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core-shell.h"
#include "image-view.h"
#include "plot-view.h"

G_BEGIN_DECLS

#define ISC_TYPE_CORE_SHELL_PANEL (isc_core_shell_panel_get_type ())
G_DECLARE_FINAL_TYPE (IscCoreShellPanel, isc_core_shell_panel, ISC, CORE_SHELL_PANEL, GtkWidget)

GtkWidget                *isc_core_shell_panel_new             (void);

/* The view whose image series is analysed (borrowed, weak). Its "line-changed" signal tells
 * the panel about a new image (the geometry is then reset to a centred guess unless set
 * explicitly since) or a new frame. */
void                      isc_core_shell_panel_set_view        (IscCoreShellPanel          *self,
                                                                IscImageView               *view);
/* The widget that draws the circles; owned by the panel (add it to a GtkOverlay). */
GtkWidget                *isc_core_shell_panel_get_overlay     (IscCoreShellPanel          *self);

/* Centre, radius, shell and margin (nm) from @geometry; frame_centres is ignored. */
void                      isc_core_shell_panel_set_geometry    (IscCoreShellPanel          *self,
                                                                const IscCoreShellGeometry *geometry);
void                      isc_core_shell_panel_get_geometry    (IscCoreShellPanel          *self,
                                                                IscCoreShellGeometry       *geometry);
/* Temperature of frame 0 and step per frame (°C); a step of 0 means "no temperatures". */
void                      isc_core_shell_panel_set_temperatures (IscCoreShellPanel         *self,
                                                                 double                     start,
                                                                 double                     step);
/* @frame counts from 0 here; the panel shows it counting from 1, as every frame number. */
void                      isc_core_shell_panel_set_reference_frame (IscCoreShellPanel      *self,
                                                                    guint                   frame);
/* Selects @frame: moves the slider and the plot's line and shows the frame in the view. */
void                      isc_core_shell_panel_set_frame       (IscCoreShellPanel          *self,
                                                                guint                       frame);
guint                     isc_core_shell_panel_get_frame       (IscCoreShellPanel          *self);
/* The slider's text for @frame (0-based): "16 of 31 · 300 °C" (1-based, as shown). */
char                     *isc_core_shell_panel_format_frame    (IscCoreShellPanel          *self,
                                                                guint                       frame);

/* Reads a side-car JSON (isc_core_shell_read_json): geometry, the first temperature and the
 * step between the first two, and the reference frame nearest to its reference temperature. */
gboolean                  isc_core_shell_panel_load_sidecar    (IscCoreShellPanel          *self,
                                                                const char                 *path,
                                                                GError                    **error);

/* The last result (owned by the panel) or NULL while running or after an error. */
const IscCoreShellSeries *isc_core_shell_panel_get_series      (IscCoreShellPanel          *self);
gboolean                  isc_core_shell_panel_is_running      (IscCoreShellPanel          *self);

/* Writes the last result as CSV (isc_core_shell_series_to_csv). */
gboolean                  isc_core_shell_panel_export_csv      (IscCoreShellPanel          *self,
                                                                const char                 *path,
                                                                GError                    **error);

G_END_DECLS
