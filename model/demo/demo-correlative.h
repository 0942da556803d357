/* demo-correlative.h: the demo's correlative pair — an image of one needle (the line-defect site,
 * 300 cycles R2, specimen 1) seen along its axis, rendered from the APT data with a known
 * transform, and the landmark pairs a user would click on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "project.h"
#include "registration.h"

G_BEGIN_DECLS

#define ISC_DEMO_CORRELATIVE_SIZE      512     /* pixels per side */
#define ISC_DEMO_CORRELATIVE_PIXEL_NM  0.15    /* nm per pixel, as calibrated in the file */
#define ISC_DEMO_CORRELATIVE_ROT_DEG   17.0    /* the true transform … */
#define ISC_DEMO_CORRELATIVE_SCALE     1.0
#define ISC_DEMO_CORRELATIVE_TX_PX     262.0
#define ISC_DEMO_CORRELATIVE_TY_PX     247.0   /* … where the needle axis lands */
#define ISC_DEMO_CORRELATIVE_N_MARKS   6
#define ISC_DEMO_CORRELATIVE_CLICK_PX  0.4     /* σ of the landmark clicks on the image */

/* The true transform (along z). */
void      isc_demo_correlative_truth     (IscRegistration *reg);
/* The site index (isc_demo_sites_get) of the registered needle. */
guint     isc_demo_correlative_site      (void);

/* DIR/correlative/<slug>-needle.tif and DIR/correlative/<slug>-landmarks.csv. Free with g_free. */
char     *isc_demo_correlative_image_path     (const char *dir);
char     *isc_demo_correlative_landmarks_path (const char *dir);

/* Writes both files. */
gboolean  isc_demo_write_correlative     (const char    *dir,
                                          GCancellable  *cancellable,
                                          GError       **error);

/* When the demo folder @dir holds the pair, registers that site of @project to the image from
 * the landmarks (as `ionscape-cli register … --save` would). */
void      isc_demo_correlative_attach    (IscProject    *project,
                                          const char    *dir);

G_END_DECLS
