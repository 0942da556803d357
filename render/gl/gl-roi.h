/* gl-roi.h: a plain region-of-interest description for drawing outlines in the 3-D view.
 * (The analyses' own ROI type lives in model/apt; this one only knows how to look.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  ISC_GL_ROI_CYLINDER,
  ISC_GL_ROI_BOX,
  ISC_GL_ROI_SPHERE,
} IscGlRoiShape;

typedef struct
{
  IscGlRoiShape shape;
  double        center[3];     /* nm */
  double        axis[3];       /* cylinder axis (need not be unit length) */
  double        radius;        /* nm, cylinder and sphere */
  double        length;        /* nm, cylinder, along the axis */
  double        half_size[3];  /* nm, box half extents along x, y, z */
  float         color[4];      /* r, g, b, a in 0..1 */
} IscGlRoi;

/* Appends the outline as line segments (pairs of float xyz vertices, nm) to @vertices, an
 * array of float. Cylinders: both end circles and four generatrices; spheres: three great
 * circles; boxes: twelve edges. Returns the number of vertices appended. */
guint isc_gl_roi_append_outline (const IscGlRoi *roi,
                                 GArray         *vertices);

G_END_DECLS
