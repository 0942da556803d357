/* roi-handles.h: the draggable handles of a region of interest in the 3-D view as pure math
 * (no GL): where they are, which one (or which outline) lies under the cursor, and how a
 * drag in screen pixels changes the region.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "camera.h"
#include "roi.h"

G_BEGIN_DECLS

typedef enum
{
  ISC_ROI_HANDLE_NONE = -1,
  ISC_ROI_HANDLE_CENTER,      /* cylinder, sphere: moves the whole region */
  ISC_ROI_HANDLE_END_LOW,     /* cylinder: the end at center − axis·length/2 (length) */
  ISC_ROI_HANDLE_END_HIGH,    /* cylinder: the end at center + axis·length/2 (length) */
  ISC_ROI_HANDLE_RIM,         /* cylinder: a point on the mid circle (radius) */
  ISC_ROI_HANDLE_CORNER_MIN,  /* box: box_min */
  ISC_ROI_HANDLE_CORNER_MAX,  /* box: box_max */
  ISC_ROI_HANDLE_SURFACE,     /* sphere: a point on the surface (radius) */
} IscRoiHandle;

#define ISC_ROI_MAX_HANDLES 4
/* Smallest radius, length or box side (nm) a drag leaves. */
#define ISC_ROI_HANDLE_MIN_SIZE 0.01

/* The handles of @roi and their world positions (nm). The rim and surface handles sit along
 * the camera's screen-right direction (perpendicular to a cylinder's axis) so they never hide
 * behind the centre. Returns the number of handles (0 for ISC_ROI_ALL). */
guint        isc_roi_handles_get          (const IscRoi    *roi,
                                           const IscCamera *camera,
                                           IscRoiHandle     handles[ISC_ROI_MAX_HANDLES],
                                           double           positions[ISC_ROI_MAX_HANDLES][3]);

/* The handle whose projection lies nearest to the cursor (@x, @y, viewport pixels as the
 * camera uses them) within @tolerance pixels, or ISC_ROI_HANDLE_NONE. */
IscRoiHandle isc_roi_handles_hit          (const IscRoi    *roi,
                                           const IscCamera *camera,
                                           double           x,
                                           double           y,
                                           double           tolerance);

/* Screen distance (pixels) from the cursor to the nearest segment of the projected outline of
 * @roi (gl-roi.h), or G_MAXDOUBLE when nothing of it is in front of the eye. */
double       isc_roi_outline_distance     (const IscRoi    *roi,
                                           const IscCamera *camera,
                                           double           x,
                                           double           y);

/* World displacement (nm) in the plane through @point parallel to the screen that moves the
 * projection of @point by (@dx, @dy) pixels. FALSE when @point is behind the eye. */
gboolean     isc_roi_handles_screen_delta (const IscCamera *camera,
                                           const double     point[3],
                                           double           dx,
                                           double           dy,
                                           double           delta[3]);

/* The region after dragging @handle of @start from cursor (@x0, @y0) to (@x1, @y1) (pixels):
 * the centre, corners and rim/surface points move in the plane through the handle parallel to
 * the screen; the end caps move along the axis by the cursor's motion along the projected
 * axis, the opposite end staying put. Sizes stay ≥ ISC_ROI_HANDLE_MIN_SIZE. Returns FALSE
 * (and leaves @out = @start) when the handle does not belong to the region's kind or lies
 * behind the eye. @out may be @start. */
gboolean     isc_roi_handles_drag         (const IscRoi    *start,
                                           IscRoiHandle     handle,
                                           const IscCamera *camera,
                                           double           x0,
                                           double           y0,
                                           double           x1,
                                           double           y1,
                                           IscRoi          *out);

G_END_DECLS
