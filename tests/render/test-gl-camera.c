/* test-gl-camera.c: the camera's math against hand-worked projections (no GL).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "camera.h"

#define W 400
#define H 300

static IscCamera *
make_camera (IscProjection projection)
{
  static const float min[3] = { -10, -10, -50 };
  static const float max[3] = { 10, 10, 50 };
  IscCamera *camera = isc_camera_new ();

  isc_camera_set_viewport (camera, W, H);
  isc_camera_set_scene_bounds (camera, min, max);
  isc_camera_set_projection (camera, projection);
  return camera;
}

static void
project (IscCamera    *camera,
         double        x,
         double        y,
         double        z,
         double       *px,
         double       *py)
{
  double p[3] = { x, y, z };

  g_assert_true (isc_camera_project (camera, p, px, py, NULL));
}

/* Ortho nm per pixel worked by hand: visible height 2 d tan(fovy / 2) over H pixels. */
static double
hand_nm_per_px (IscCamera *camera)
{
  return 2.0 * camera->distance * tan (15.0 * G_PI / 180.0) / H;
}

static void
test_reset_frames_scene (void)
{
  g_autoptr(IscCamera) camera = make_camera (ISC_PROJECTION_PERSPECTIVE);
  double px, py, radius = sqrt (10 * 10 + 10 * 10 + 50 * 50);

  /* The bounding sphere fits the vertical field of 30° with 5 % margin. */
  g_assert_cmpfloat_with_epsilon (camera->distance, radius / sin (15.0 * G_PI / 180.0) * 1.05,
                                  1e-9);
  project (camera, 0, 0, 0, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, W / 2.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (py, H / 2.0, 1e-6);
  /* Side view: x to the right, z (analysis direction) up, y into the screen. */
  project (camera, 5, 0, 0, &px, &py);
  g_assert_cmpfloat (px, >, W / 2.0 + 1);
  g_assert_cmpfloat_with_epsilon (py, H / 2.0, 1e-6);
  project (camera, 0, 0, 20, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, W / 2.0, 1e-6);
  g_assert_cmpfloat (py, <, H / 2.0 - 1);
  /* The whole box projects inside the viewport. */
  for (int c = 0; c < 8; c++)
    {
      project (camera, c & 1 ? 10 : -10, c & 2 ? 10 : -10, c & 4 ? 50 : -50, &px, &py);
      g_assert_cmpfloat (px, >=, 0);
      g_assert_cmpfloat (px, <=, W);
      g_assert_cmpfloat (py, >=, 0);
      g_assert_cmpfloat (py, <=, H);
    }
}

static void
test_ortho_scale (void)
{
  g_autoptr(IscCamera) camera = make_camera (ISC_PROJECTION_ORTHOGRAPHIC);
  double px, py, s = hand_nm_per_px (camera);

  g_assert_cmpfloat_with_epsilon (isc_camera_get_nm_per_pixel (camera), s, 1e-12);
  /* In orthographic projection depth does not matter: y = ±8 nm land on the same pixel. */
  for (int k = -1; k <= 1; k++)
    {
      project (camera, 7, 8.0 * k, -3, &px, &py);
      g_assert_cmpfloat_with_epsilon (px, W / 2.0 + 7 / s, 1e-3);
      g_assert_cmpfloat_with_epsilon (py, H / 2.0 + 3 / s, 1e-3);
    }
}

typedef struct
{
  IscViewAxis axis;
  double      right[3];
  double      up[3];
  double      forward[3];
} AxisCase;

static void
test_axis_views (void)
{
  /* Hand-derived: looking along f with "up" z (or y for the z views), right = f × up. */
  static const AxisCase cases[] = {
    { ISC_VIEW_AXIS_PLUS_X, { 0, -1, 0 }, { 0, 0, 1 }, { 1, 0, 0 } },
    { ISC_VIEW_AXIS_MINUS_X, { 0, 1, 0 }, { 0, 0, 1 }, { -1, 0, 0 } },
    { ISC_VIEW_AXIS_PLUS_Y, { 1, 0, 0 }, { 0, 0, 1 }, { 0, 1, 0 } },
    { ISC_VIEW_AXIS_MINUS_Y, { -1, 0, 0 }, { 0, 0, 1 }, { 0, -1, 0 } },
    { ISC_VIEW_AXIS_PLUS_Z, { -1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } },
    { ISC_VIEW_AXIS_MINUS_Z, { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, -1 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(IscCamera) camera = make_camera (ISC_PROJECTION_ORTHOGRAPHIC);
      const AxisCase *c = &cases[i];
      double s, px, py, dir[3], d_near, d_far;
      double p_near[3], p_far[3];

      isc_camera_view_axis (camera, c->axis);
      s = hand_nm_per_px (camera);
      isc_camera_get_view_direction (camera, dir);
      for (int k = 0; k < 3; k++)
        g_assert_cmpfloat_with_epsilon (dir[k], c->forward[k], 1e-9);

      project (camera, 4 * c->right[0], 4 * c->right[1], 4 * c->right[2], &px, &py);
      g_assert_cmpfloat_with_epsilon (px, W / 2.0 + 4 / s, 1e-3);
      g_assert_cmpfloat_with_epsilon (py, H / 2.0, 1e-3);
      project (camera, 3 * c->up[0], 3 * c->up[1], 3 * c->up[2], &px, &py);
      g_assert_cmpfloat_with_epsilon (px, W / 2.0, 1e-3);
      g_assert_cmpfloat_with_epsilon (py, H / 2.0 - 3 / s, 1e-3);

      /* A point further along the view direction is deeper. */
      for (int k = 0; k < 3; k++)
        {
          p_near[k] = -5 * c->forward[k];
          p_far[k] = 5 * c->forward[k];
        }
      g_assert_true (isc_camera_project (camera, p_near, NULL, NULL, &d_near));
      g_assert_true (isc_camera_project (camera, p_far, NULL, NULL, &d_far));
      g_assert_cmpfloat (d_near, <, d_far);
    }
}

static void
test_azimuth_elevation (void)
{
  g_autoptr(IscCamera) camera = make_camera (ISC_PROJECTION_ORTHOGRAPHIC);
  double px, py, dir[3], s = hand_nm_per_px (camera);

  /* Azimuth 90°: looking along −x, so +y is to the right. */
  isc_camera_set_azimuth_elevation (camera, 90, 0);
  isc_camera_get_view_direction (camera, dir);
  g_assert_cmpfloat_with_epsilon (dir[0], -1, 1e-9);
  project (camera, 0, 6, 0, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, W / 2.0 + 6 / s, 1e-3);

  /* Elevation 30° at azimuth 0: the eye is raised, view direction (0, cos30, −sin30). */
  isc_camera_set_azimuth_elevation (camera, 0, 30);
  isc_camera_get_view_direction (camera, dir);
  g_assert_cmpfloat_with_epsilon (dir[0], 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (dir[1], cos (G_PI / 6), 1e-9);
  g_assert_cmpfloat_with_epsilon (dir[2], -0.5, 1e-9);
  /* A point 10 nm up the z axis appears 10 cos30 nm above the centre. */
  project (camera, 0, 0, 10, &px, &py);
  g_assert_cmpfloat_with_epsilon (py, H / 2.0 - 10 * cos (G_PI / 6) / s, 1e-3);

  /* Elevation 90°: looking straight down, x right and y up. */
  isc_camera_set_azimuth_elevation (camera, 0, 90);
  project (camera, 2, 3, 7, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, W / 2.0 + 2 / s, 1e-3);
  g_assert_cmpfloat_with_epsilon (py, H / 2.0 - 3 / s, 1e-3);
}

static void
test_arcball_and_orbit (void)
{
  g_autoptr(IscCamera) camera = make_camera (ISC_PROJECTION_ORTHOGRAPHIC);
  double px, py, s = hand_nm_per_px (camera);
  double half = MIN (W, H) / 2.0;

  /* Drag from the centre to sin(30°) of the ball radius: a 30° turn about the screen's
   * vertical, so the x axis (pointing right) foreshortens to cos 30°. */
  isc_camera_arcball_begin (camera, W / 2.0, H / 2.0);
  isc_camera_arcball_drag (camera, W / 2.0 + half * 0.5, H / 2.0);
  isc_camera_arcball_end (camera);
  project (camera, 10, 0, 0, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, W / 2.0 + 10 * cos (G_PI / 6) / s, 1e-3);
  g_assert_cmpfloat_with_epsilon (py, H / 2.0, 1e-3);
  /* while y (into the screen before) swings the other way, left by sin 30°. */
  project (camera, 0, 10, 0, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, W / 2.0 - 10 * 0.5 / s, 1e-3);

  /* Orbit 90° about the vertical from the reset view: the scene turns right, so x now
   * points into the screen and −y (towards the viewer before) points right. */
  isc_camera_reset (camera);
  isc_camera_orbit (camera, 90, 0);
  project (camera, 0, 0, 10, &px, &py);
  g_assert_cmpfloat_with_epsilon (py, H / 2.0 - 10 / s, 1e-3);
  project (camera, 0, -10, 0, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, W / 2.0 + 10 / s, 1e-3);
}

static void
test_pan_and_zoom (void)
{
  g_autoptr(IscCamera) camera = make_camera (ISC_PROJECTION_PERSPECTIVE);
  double px, py, before_x, before_y, s, d0;
  double target[3];

  /* Panning moves a point in the focal plane with the cursor. */
  isc_camera_pan (camera, 30, -20);
  project (camera, 0, 0, 0, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, W / 2.0 + 30, 1e-3);
  g_assert_cmpfloat_with_epsilon (py, H / 2.0 - 20, 1e-3);

  /* Zoom to the cursor: the focal-plane point under the cursor stays put. */
  isc_camera_reset (camera);
  s = isc_camera_get_nm_per_pixel (camera);
  d0 = camera->distance;
  target[0] = (300 - W / 2.0) * s;     /* x to the right, z up, in the side view */
  target[1] = 0;
  target[2] = (H / 2.0 - 80) * s;
  project (camera, target[0], target[1], target[2], &before_x, &before_y);
  g_assert_cmpfloat_with_epsilon (before_x, 300, 1e-3);
  g_assert_cmpfloat_with_epsilon (before_y, 80, 1e-3);
  isc_camera_zoom (camera, 0.5, 300, 80);
  g_assert_cmpfloat_with_epsilon (camera->distance, d0 * 0.5, 1e-9);
  project (camera, target[0], target[1], target[2], &px, &py);
  g_assert_cmpfloat_with_epsilon (px, 300, 1e-3);
  g_assert_cmpfloat_with_epsilon (py, 80, 1e-3);
  /* and everything else spreads by the zoom factor around it. */
  project (camera, 0, 0, 0, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, 300 + (W / 2.0 - 300) * 2, 1e-3);
  g_assert_cmpfloat_with_epsilon (isc_camera_get_nm_per_pixel (camera), s / 2, 1e-12);
}

/* A view given its data before its size (a window still laying out) frames the scene once it
 * has the size; after a zoom the user's distance stays. */
static void
test_framing_follows_viewport (void)
{
  static const float lo[3] = { -20, -20, 0 }, hi[3] = { 20, 20, 100 };
  g_autoptr(IscCamera) early = isc_camera_new ();
  g_autoptr(IscCamera) late = isc_camera_new ();
  double zoomed;

  isc_camera_set_viewport (early, 1, 1);
  isc_camera_set_scene_bounds (early, lo, hi);
  isc_camera_set_viewport (early, 300, 600);
  isc_camera_set_viewport (late, 300, 600);
  isc_camera_set_scene_bounds (late, lo, hi);
  g_assert_cmpfloat (early->distance, ==, late->distance);

  isc_camera_zoom (early, 0.5, 150, 300);
  zoomed = early->distance;
  isc_camera_set_viewport (early, 200, 800);
  g_assert_cmpfloat (early->distance, ==, zoomed);
  /* an axis view frames again */
  isc_camera_view_axis (early, ISC_VIEW_AXIS_PLUS_Y);
  isc_camera_set_viewport (early, 300, 600);
  g_assert_cmpfloat (early->distance, ==, late->distance);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gl/camera/reset", test_reset_frames_scene);
  g_test_add_func ("/gl/camera/framing-follows-viewport", test_framing_follows_viewport);
  g_test_add_func ("/gl/camera/ortho-scale", test_ortho_scale);
  g_test_add_func ("/gl/camera/axis-views", test_axis_views);
  g_test_add_func ("/gl/camera/azimuth-elevation", test_azimuth_elevation);
  g_test_add_func ("/gl/camera/arcball-orbit", test_arcball_and_orbit);
  g_test_add_func ("/gl/camera/pan-zoom", test_pan_and_zoom);
  return g_test_run ();
}
