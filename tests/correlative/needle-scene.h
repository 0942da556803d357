/* needle-scene.h: a synthetic needle for the outline registration tests — the ions of its apex (a
 * cone along z from the apex at z = 0) and an image of the whole needle seen from the side (along
 * y), dark on a bright background with noise, placed by a known transform.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "registration.h"

#define NEEDLE_APEX_R     10.0    /* nm: the radius at the apex */
#define NEEDLE_TAPER      0.2     /* the radius grows by this per nm along the needle */
#define NEEDLE_APT_DEPTH  60.0    /* nm of the needle the ions fill */
#define NEEDLE_LENGTH     300.0   /* nm of the needle the image shows (cut by its edge) */

extern const double needle_side_view[3];

/* @n ions filling the apex's NEEDLE_APT_DEPTH nm (free the arrays with g_free). */
void   needle_scene_points (gsize    n,
                            guint32  seed,
                            float  **x,
                            float  **y,
                            float  **z);

/* @size × @size pixels: 0.3 on the needle, 0.9 around it, plus noise of σ 0.05. */
float *needle_scene_image  (const IscRegistration *truth,
                            guint                  size,
                            guint32                seed);
