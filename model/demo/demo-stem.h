/* demo-stem.h: synthetic HAADF-STEM images of the demo sites (layered R-3m cathode).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "demo-sites.h"
#include "image.h"

G_BEGIN_DECLS

#define ISC_DEMO_STEM_SIZE        1024    /* pixels per side */
#define ISC_DEMO_STEM_PIXEL_NM    0.01    /* nm per pixel */
#define ISC_DEMO_STEM_LAYER_NM    0.47    /* (003) spacing: transition-metal plane to plane */

/* One HAADF image of @site: horizontal transition-metal planes ISC_DEMO_STEM_LAYER_NM apart
 * (bright columns), Li planes half-way between them whose column intensity above the
 * background is site->disorder times that of a transition-metal column (cation mixing),
 * stacked ABC along the zone axis, with Poisson shot noise from a seed derived from
 * ISC_DEMO_SEED and @site_index. Calibrated in nm; stored type uint16. */
IscImage *isc_demo_stem_image (const IscDemoSite *site,
                               guint              site_index);

/* Writes one ImageJ-calibrated TIFF per demo site to DIR/stem/<isc_demo_site_slug>.tif. */
gboolean  isc_demo_write_stem (const char    *dir,
                               GCancellable  *cancellable,
                               GError       **error);

G_END_DECLS
