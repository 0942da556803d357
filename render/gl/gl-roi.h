/* gl-roi.h: outlines of regions of interest (model/apt/roi.h) as line segments for the 3-D
 * view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "roi.h"

G_BEGIN_DECLS

/* Appends the outline of @roi as line segments (pairs of float x, y, z vertices, nm) to
 * @vertices, an array of float. Cylinders: both end circles and four lines along the side;
 * spheres: three great circles; boxes: twelve edges; ISC_ROI_ALL: nothing. Returns the
 * number of vertices appended. */
guint isc_gl_roi_append_outline (const IscRoi *roi,
                                 GArray       *vertices);

G_END_DECLS
