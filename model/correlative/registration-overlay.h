/* registration-overlay.h: the APT composition (or density) of a registered site, resampled onto
 * the pixels of its image — what the overlay figure, the figure composer and the CLI draw over the
 * microscope image.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ion-cloud.h"
#include "range-set.h"
#include "registration.h"

G_BEGIN_DECLS

/* width × height values on the image's pixels (NaN where there are no ions): the fraction of the
 * ranged ions holding @element, or with @ranges NULL the ion density. Bins of about one image
 * pixel (at most 1024 a side) smoothed over at least 1 nm. @label receives the colour bar's text
 * ("Li ion fraction"). NULL with @error when @element is in no ion of @ranges. */
float *isc_registration_overlay_new (const IscRegistration *registration,
                                     const IscIonCloud     *cloud,
                                     const IscRangeSet     *ranges,
                                     const char            *element,
                                     guint                  width,
                                     guint                  height,
                                     char                 **label,
                                     GError               **error);

G_END_DECLS
