/* spectrum-view.h: the mass spectrum of an ion cloud with its range windows, and range editing.
 *
 * Counts on a log axis as a histogram (bin width editable, default 0.05 Da); range windows shaded
 * in their ion colours and labelled; zoom and pan (IscPlotView); a hover read-out of m/n, counts
 * and the ion under the pointer. Editing: drag over a peak with Ctrl held (or with "Add range"
 * on) and choose the ion type in the popover (an existing one or a formula); drag a window's edge
 * to resize it; click a window and press Delete (or "Delete range") to remove it; "Save ranges…"
 * writes .rrng. Edits that would overlap another ion's window are refused with the range set's
 * message shown under the plot. The histogram is computed in a worker thread (property
 * "busy"); the toolbar wraps onto more lines rather than widen the view beyond its pane.
 *
 * Signals: "ranges-changed" () after every edit of the range set; "spectrum-updated" () when a
 * new histogram is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "background.h"
#include "figure-options.h"
#include "composition.h"
#include "ion-cloud.h"
#include "plot.h"
#include "range-set.h"
#include "spectrum.h"

G_BEGIN_DECLS

#define ISC_TYPE_SPECTRUM_VIEW (isc_spectrum_view_get_type ())
G_DECLARE_FINAL_TYPE (IscSpectrumView, isc_spectrum_view, ISC, SPECTRUM_VIEW, GtkWidget)

#define ISC_SPECTRUM_VIEW_DEFAULT_BIN_WIDTH 0.05   /* Da */

GtkWidget         *isc_spectrum_view_new              (void);

/* Takes a reference to @cloud (may be NULL), which must not change while shared. @ranges is
 * borrowed and edited in place; it may be NULL, and must outlive the view or be replaced.
 * Starts a new histogram in a worker thread (property "busy"); never waits for the one it
 * replaces, whose result is dropped. */
void               isc_spectrum_view_set_data         (IscSpectrumView   *self,
                                                       IscIonCloud       *cloud,
                                                       IscRangeSet       *ranges);

/* Call after changing the range set from outside (e.g. colours): redraws the windows. */
void               isc_spectrum_view_ranges_changed   (IscSpectrumView *self);

/* Bin width in Da (> 0); recomputes the histogram. */
void               isc_spectrum_view_set_bin_width    (IscSpectrumView *self,
                                                       double           bin_width);
double             isc_spectrum_view_get_bin_width    (IscSpectrumView *self);

/* The histogram shown (NULL while none is computed yet); borrowed. */
const IscSpectrum *isc_spectrum_view_get_spectrum     (IscSpectrumView *self);
/* The "busy" property: TRUE while a histogram is computed. */
gboolean           isc_spectrum_view_is_computing     (IscSpectrumView *self);

/* Adds the window [low, high] Da for @ion: the name of an existing ion type, else a formula
 * (isc_parse_formula) that becomes a new ion type. Returns FALSE with @error (shown under the
 * plot) when the formula is not one or the window overlaps another ion's window; the range set
 * is then unchanged. Emits "ranges-changed" on success. */
gboolean           isc_spectrum_view_add_range        (IscSpectrumView  *self,
                                                       double            low,
                                                       double            high,
                                                       const char       *ion,
                                                       GError          **error);
/* Moves the edges of range @index to [low, high]; refused as above (the range then keeps its
 * window). */
gboolean           isc_spectrum_view_resize_range     (IscSpectrumView  *self,
                                                       guint             index,
                                                       double            low,
                                                       double            high,
                                                       GError          **error);
void               isc_spectrum_view_delete_range     (IscSpectrumView *self,
                                                       guint            index);
/* The selected range, or -1. */
int                isc_spectrum_view_get_selected_range (IscSpectrumView *self);
void               isc_spectrum_view_select_range     (IscSpectrumView *self,
                                                       int              index);

/* Mouse editing in widget coordinates of the plot (what the gestures call): a primary-button
 * drag from (x0, y) to (x1, y) with @state modifiers. An edge grabbed within a few pixels is
 * resized; with Ctrl or "Add range" a new window is proposed and the ion popover opens.
 * Returns TRUE if the drag edited (or proposed) a range, FALSE if it was left to zoom. */
gboolean           isc_spectrum_view_drag             (IscSpectrumView *self,
                                                       double           x0,
                                                       double           x1,
                                                       double           y,
                                                       GdkModifierType  state);
/* The window proposed by the last add-drag, waiting for its ion in the popover. */
gboolean           isc_spectrum_view_get_pending_range (IscSpectrumView *self,
                                                        double          *low,
                                                        double          *high);

/* The hover read-out as if the pointer were at (x, y) of the plot: "m/n 58.03 Da · 120 counts
 * · Ni" (NULL outside the data area). */
const char        *isc_spectrum_view_hover            (IscSpectrumView *self,
                                                       double           x,
                                                       double           y);

GtkWidget         *isc_spectrum_view_get_plot_view    (IscSpectrumView *self);

/* Background: peak-free windows (drag with "Background" on, or this call) where the model is
 * fitted on the histogram; the windows are shaded grey and the fitted curve (counts per bin)
 * drawn over the spectrum. Refused windows (overlapping another, holding no whole bin) leave
 * the background as it was, with the message under the plot. */
gboolean           isc_spectrum_view_add_background_window (IscSpectrumView     *self,
                                                            double               low,
                                                            double               high,
                                                            GError             **error);
void               isc_spectrum_view_clear_background (IscSpectrumView     *self);
void               isc_spectrum_view_set_background_model (IscSpectrumView    *self,
                                                           IscBackgroundModel  model);
/* The fitted background (NULL without windows or histogram); borrowed. */
const IscBackground *isc_spectrum_view_get_background (IscSpectrumView *self);
/* FALSE: no background is fitted or subtracted ("None"); the windows stay. Setting a model
 * turns it on again. */
void               isc_spectrum_view_set_background_enabled (IscSpectrumView *self,
                                                             gboolean         enabled);
/* Where windows of different ions overlap: the isotope-abundance split of their ions (less the
 * background), computed in a worker after each change and drawn as stacked fills; NULL without
 * overlaps or while it runs. */
const IscDecomposition *isc_spectrum_view_get_decomposition (IscSpectrumView *self);
gboolean           isc_spectrum_view_get_decomposition_busy (IscSpectrumView *self);

/* Peak identification: opens a pop-over at plot pixel (@px, @py) listing the ions (of the range
 * set's elements, else common ones; up to three atoms, charges 1–3) with an isotope peak near
 * its m/n. Returns the number of candidates listed (the secondary button does this). */
guint              isc_spectrum_view_identify         (IscSpectrumView *self,
                                                       double           px,
                                                       double           py);

/* Writes the spectrum as a figure (PNG, TIFF, SVG or PDF by the suffix of @path) in the journal
 * units of the last figure export (isc_save_dialog_get_figure_options ()). */
gboolean           isc_spectrum_view_export           (IscSpectrumView  *self,
                                                       const char       *path,
                                                       GError          **error);
/* The same with @options: width, height, text size, resolution, background. */
gboolean           isc_spectrum_view_export_with_options (IscSpectrumView        *self,
                                                          const char             *path,
                                                          const IscFigureOptions *options,
                                                          GError                **error);
/* Writes the range set as .rrng (atomically). */
gboolean           isc_spectrum_view_save_ranges      (IscSpectrumView  *self,
                                                       const char       *path,
                                                       GError          **error);

G_END_DECLS
