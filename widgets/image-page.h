/* image-page.h: a STEM/TEM image with its analyses laid out together — the image view beside
 * a column holding the line-profile plot (distance in nm, its dominant period shown as
 * "d = 0.470 nm") and the FFT panel (clickable spots, strongest reflections listed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "isc-page.h"

#include "core-shell-panel.h"

#include "fft-panel.h"
#include "image-view.h"
#include "disorder.h"
#include "line-profile.h"
#include "plot-view.h"

G_BEGIN_DECLS

#define ISC_TYPE_IMAGE_PAGE (isc_image_page_get_type ())
G_DECLARE_FINAL_TYPE (IscImagePage, isc_image_page, ISC, IMAGE_PAGE, GtkWidget)

GtkWidget            *isc_image_page_new           (void);

/* Takes ownership of @image (NULL clears): the image view keeps it until the next image or
 * until the page is destroyed; the FFT is computed from a copy of the shown frame, in a
 * worker thread. */
void                  isc_image_page_set_image     (IscImagePage *self,
                                                    IscImage     *image);
IscImageView         *isc_image_page_get_view      (IscImagePage *self);
IscFftPanel          *isc_image_page_get_fft_panel (IscImagePage *self);

/* What the profile of the current line shows (owned by the page): the profile, NULL without a
 * line; its dominant period (in the profile's unit, isc_line_profile_periods ()), when
 * has_spacing; the layer period (the dominant period or twice it) and the measures of disorder
 * along the line (isc_disorder_analyse ()), NULL when the profile shows no layers. */
typedef struct
{
  const IscLineProfile    *profile;
  gboolean                 has_spacing;
  double                   spacing;
  const IscProfilePeriods *periods;
  const IscDisorder       *disorder;
} IscImageProfileResult;

IscImageProfileResult isc_image_page_get_profile_result (IscImagePage *self);

/* The core/shell analysis of image series (shown for images with several frames). */
IscCoreShellPanel    *isc_image_page_get_core_shell_panel (IscImagePage *self);

G_END_DECLS
