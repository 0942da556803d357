/* fft-panel.h: the diffractogram (log |FFT|) of an image frame, computed off the main thread,
 * with its strongest reflections marked and listed (d-spacing, angle); a click on a spot gives
 * its d-spacing and angle.
 *
 * Signal "computed" (no arguments): a computation finished (successfully or not).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fft.h"

G_BEGIN_DECLS

#define ISC_TYPE_FFT_PANEL (isc_fft_panel_get_type ())
G_DECLARE_FINAL_TYPE (IscFftPanel, isc_fft_panel, ISC, FFT_PANEL, GtkWidget)

GtkWidget    *isc_fft_panel_new          (void);

/* Starts computing the FFT of @frame of @image in the panel's IscTaskSlot; cancels a
 * computation still running. The panel takes a reference to @image (shared images are never
 * changed), so the caller may drop its own at once. NULL clears the panel. */
void          isc_fft_panel_compute      (IscFftPanel    *self,
                                          const IscImage *image,
                                          guint           frame);
gboolean      isc_fft_panel_is_busy      (IscFftPanel    *self);

/* The last result, owned by the panel (NULL before the first or after an error). */
const IscFft *isc_fft_panel_get_fft      (IscFftPanel    *self);
/* The listed reflections (IscFftPeak), strongest first; owned by the panel, may be NULL. */
GArray       *isc_fft_panel_get_peaks    (IscFftPanel    *self);

/* Magnification of the centre of the diffractogram: 1 (whole), 2, 4 or 8 (rounded down). */
void          isc_fft_panel_set_zoom     (IscFftPanel    *self,
                                          guint           zoom);
guint         isc_fft_panel_get_zoom     (IscFftPanel    *self);

gboolean      isc_fft_panel_fft_to_canvas (IscFftPanel   *self,
                                           double         fft_x,
                                           double         fft_y,
                                           double        *canvas_x,
                                           double        *canvas_y);

/* Acts as a click at the canvas point: the brightest FFT pixel near it is taken as the spot
 * (refined to sub-pixel), and its d-spacing and angle are shown. FALSE without an FFT. */
gboolean      isc_fft_panel_click        (IscFftPanel    *self,
                                          double          canvas_x,
                                          double          canvas_y);
/* The clicked spot: d-spacing (nm when calibrated) and angle (degrees, [0, 180)); FALSE when
 * none is selected. */
gboolean      isc_fft_panel_get_selection (IscFftPanel   *self,
                                           double        *d,
                                           double        *angle_deg);

G_END_DECLS
