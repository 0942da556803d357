/* camera.h: the 3-D view of an ion cloud as pure math (no GL): arcball rotation, pan,
 * zoom to the cursor, axis views and perspective/orthographic projection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  ISC_PROJECTION_PERSPECTIVE,
  ISC_PROJECTION_ORTHOGRAPHIC,
} IscProjection;

/* The six axis views: the camera looks along the named direction (world axes; z is the
 * analysis direction). */
typedef enum
{
  ISC_VIEW_AXIS_PLUS_X,
  ISC_VIEW_AXIS_MINUS_X,
  ISC_VIEW_AXIS_PLUS_Y,
  ISC_VIEW_AXIS_MINUS_Y,
  ISC_VIEW_AXIS_PLUS_Z,
  ISC_VIEW_AXIS_MINUS_Z,
} IscViewAxis;

/* Matrices are column-major float[16] as OpenGL expects. Lengths are in nm (world units),
 * cursor positions in pixels with the origin at the top-left of the viewport. */
typedef struct
{
  double        target[3];        /* nm, the point the camera orbits and looks at */
  double        distance;         /* nm, from the eye to the target */
  double        rotation[4];      /* unit quaternion (w, x, y, z): world → camera */
  double        fovy;             /* degrees, vertical field of view (perspective) */
  IscProjection projection;
  int           width;            /* px, viewport */
  int           height;           /* px */

  double        scene_center[3];  /* nm */
  double        scene_radius;     /* nm, bounding sphere of the scene */
  /* TRUE while the distance frames the scene (after a reset or an axis view): it then follows
   * the viewport's aspect, so a view sized after its data arrived still frames it; a pan or a
   * zoom ends it. */
  gboolean      framed;

  /* arcball drag state */
  double        drag_start[3];
  double        drag_rotation[4];
  gboolean      dragging;
} IscCamera;

IscCamera *isc_camera_new                 (void);
void       isc_camera_free                (IscCamera      *camera);
IscCamera *isc_camera_copy                (const IscCamera *camera);

void       isc_camera_set_viewport        (IscCamera      *camera,
                                           int             width,
                                           int             height);
/* Frames the box [min, max] (nm) and resets the view. */
void       isc_camera_set_scene_bounds    (IscCamera      *camera,
                                           const float     min[3],
                                           const float     max[3]);
void       isc_camera_set_projection      (IscCamera      *camera,
                                           IscProjection   projection);
/* Side view (azimuth 0°, elevation 0°: looking along +y, z up) framing the whole scene. */
void       isc_camera_reset               (IscCamera      *camera);
void       isc_camera_view_axis           (IscCamera      *camera,
                                           IscViewAxis     axis);
/* Orbit angles in degrees. Azimuth turns about z (0° looks along +y, 90° along −x);
 * elevation lifts the eye above the x-y plane (90° looks down along −z). */
void       isc_camera_set_azimuth_elevation (IscCamera    *camera,
                                             double        azimuth,
                                             double        elevation);

/* Arcball: begin at a cursor position, then drag to another; the rotation is relative to
 * the one at begin. */
void       isc_camera_arcball_begin       (IscCamera      *camera,
                                           double          x,
                                           double          y);
void       isc_camera_arcball_drag        (IscCamera      *camera,
                                           double          x,
                                           double          y);
void       isc_camera_arcball_end         (IscCamera      *camera);
/* Rotates about the camera's own up (dx) and right (dy) axes, in degrees. */
void       isc_camera_orbit               (IscCamera      *camera,
                                           double          dx_degrees,
                                           double          dy_degrees);

/* Moves the view by a cursor displacement in pixels (the scene follows the cursor). */
void       isc_camera_pan                 (IscCamera      *camera,
                                           double          dx,
                                           double          dy);
/* Scales the view by @factor (< 1 zooms in) keeping the point under the cursor fixed. */
void       isc_camera_zoom                (IscCamera      *camera,
                                           double          factor,
                                           double          x,
                                           double          y);

void       isc_camera_get_view_matrix     (const IscCamera *camera,
                                           float            m[16]);
void       isc_camera_get_projection_matrix (const IscCamera *camera,
                                             float            m[16]);
/* projection × view */
void       isc_camera_get_view_projection (const IscCamera *camera,
                                           float            m[16]);
/* Rotation part of the view (for the axis triad). */
void       isc_camera_get_rotation_matrix (const IscCamera *camera,
                                           float            m[16]);

/* Projects a world point (nm) to viewport pixels (top-left origin). Returns FALSE when the
 * point is behind the eye. @depth (may be NULL) receives the window depth in 0..1. */
gboolean   isc_camera_project             (const IscCamera *camera,
                                           const double     world[3],
                                           double          *px,
                                           double          *py,
                                           double          *depth);
/* nm per pixel at the target's depth (for the scale bar). */
double     isc_camera_get_nm_per_pixel    (const IscCamera *camera);
/* Unit vector from the eye into the scene (world). */
void       isc_camera_get_view_direction  (const IscCamera *camera,
                                           double           dir[3]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscCamera, isc_camera_free)

G_END_DECLS
