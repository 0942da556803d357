/* isc-register-view.h: the site page's Register mode — the image with the projected APT map
 * over it (opacity, element), landmark pairs clicked on it (a feature of the map, then the same
 * feature on the image), Fit with the residuals, and a profile line giving the image intensity
 * and the APT composition along the same line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "image.h"
#include "ion-cloud.h"
#include "project-registration.h"
#include "range-set.h"

G_BEGIN_DECLS

#define ISC_TYPE_REGISTER_VIEW (isc_register_view_get_type ())
G_DECLARE_FINAL_TYPE (IscRegisterView, isc_register_view, ISC, REGISTER_VIEW, GtkWidget)

GtkWidget *isc_register_view_new          (void);

/* Shows @image with @cloud over it. @cloud and @image are referenced; @ranges is borrowed and
 * must outlive the next call; @registration (may be NULL: none yet) is copied. Any may be NULL. */
void       isc_register_view_set_data     (IscRegisterView           *self,
                                           IscIonCloud               *cloud,
                                           const IscRangeSet         *ranges,
                                           IscImage                  *image,
                                           const IscSiteRegistration *registration);

/* The current registration (owned by the view), or NULL before a fit or a stored one. */
const IscSiteRegistration *isc_register_view_get_registration (IscRegisterView *self);

/* Adds a landmark pair as two clicks would (@uv_nm on the projected map, @image_px on the image);
 * for tests and scripted use. */
void       isc_register_view_add_landmark (IscRegisterView           *self,
                                           const double               uv_nm[2],
                                           const double               image_px[2]);
/* Fits as the Fit button does; FALSE (with the reason shown) when it cannot. */
gboolean   isc_register_view_fit          (IscRegisterView           *self);
/* Without landmarks, for an image of the whole needle: places the map by the needle's outline
 * (seen across the needle, along y) and refines it, in a worker; "registered" when done, else
 * the reason in the status line. */
void       isc_register_view_start_from_outline (IscRegisterView     *self);
/* A profile line between two image pixels; @n_points samples of the image intensity and of the
 * APT map (NaN off the map) along it, at @distance_nm, written to the arrays (n_points each, any
 * may be NULL). FALSE without an image. */
gboolean   isc_register_view_set_line     (IscRegisterView           *self,
                                           const double               from_px[2],
                                           const double               to_px[2]);
guint      isc_register_view_get_profile  (IscRegisterView           *self,
                                           const double             **distance_nm,
                                           const double             **intensity,
                                           const double             **map_value);

G_END_DECLS
