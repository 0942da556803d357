/* test-roi-handles.c: handle positions, hit-testing and drags of ROI handles (no GL), checked
 * against an orthographic side view worked by hand and against re-projection in perspective.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "roi-handles.h"

#define W 400
#define H 300

/* Side view along +y with z up: screen right is +x, screen up is +z. */
static IscCamera *
side_camera (IscProjection projection)
{
  IscCamera *camera = isc_camera_new ();
  float min[3] = { -30, -30, -30 }, max[3] = { 30, 30, 30 };

  isc_camera_set_viewport (camera, W, H);
  isc_camera_set_scene_bounds (camera, min, max);
  isc_camera_set_projection (camera, projection);
  isc_camera_set_azimuth_elevation (camera, 0, 0);
  return camera;
}

/* Orthographic: the viewport's height spans 2·distance·tan(fovy/2) nm. */
static double
ortho_nm_per_px (const IscCamera *camera)
{
  return 2.0 * camera->distance * tan (camera->fovy * G_PI / 180.0 / 2.0) / camera->height;
}

static const IscRoi cylinder = { .kind = ISC_ROI_CYLINDER, .center = { 2, 0, 1 },
                                 .axis = { 0, 0, 1 }, .radius = 5, .length = 20 };

static void
test_positions (void)
{
  g_autoptr(IscCamera) camera = side_camera (ISC_PROJECTION_ORTHOGRAPHIC);
  IscRoiHandle handles[ISC_ROI_MAX_HANDLES];
  double pos[ISC_ROI_MAX_HANDLES][3];
  IscRoi box = { .kind = ISC_ROI_BOX, .box_min = { -1, -2, -3 }, .box_max = { 4, 5, 6 } };
  IscRoi sphere = { .kind = ISC_ROI_SPHERE, .center = { 1, 1, 1 }, .radius = 3 };
  IscRoi all = { .kind = ISC_ROI_ALL };
  /* Cylinder: centre, ends 10 nm below and above, rim 5 nm to the screen's right (+x). */
  static const double want_cyl[4][3] = { { 2, 0, 1 }, { 2, 0, -9 }, { 2, 0, 11 }, { 7, 0, 1 } };

  g_assert_cmpuint (isc_roi_handles_get (&cylinder, camera, handles, pos), ==, 4);
  g_assert_cmpint (handles[0], ==, ISC_ROI_HANDLE_CENTER);
  g_assert_cmpint (handles[1], ==, ISC_ROI_HANDLE_END_LOW);
  g_assert_cmpint (handles[2], ==, ISC_ROI_HANDLE_END_HIGH);
  g_assert_cmpint (handles[3], ==, ISC_ROI_HANDLE_RIM);
  for (int k = 0; k < 4; k++)
    for (int i = 0; i < 3; i++)
      g_assert_cmpfloat_with_epsilon (pos[k][i], want_cyl[k][i], 1e-6);

  g_assert_cmpuint (isc_roi_handles_get (&box, camera, handles, pos), ==, 2);
  g_assert_cmpint (handles[0], ==, ISC_ROI_HANDLE_CORNER_MIN);
  g_assert_cmpfloat_with_epsilon (pos[1][2], 6, 1e-9);

  g_assert_cmpuint (isc_roi_handles_get (&sphere, camera, handles, pos), ==, 2);
  g_assert_cmpint (handles[1], ==, ISC_ROI_HANDLE_SURFACE);
  g_assert_cmpfloat_with_epsilon (pos[1][0], 4, 1e-6);
  g_assert_cmpfloat_with_epsilon (pos[1][2], 1, 1e-6);

  g_assert_cmpuint (isc_roi_handles_get (&all, camera, handles, pos), ==, 0);
}

static void
test_hit (void)
{
  g_autoptr(IscCamera) camera = side_camera (ISC_PROJECTION_ORTHOGRAPHIC);
  double k = ortho_nm_per_px (camera), cx, cy;
  double top[3] = { 2, 0, 11 };

  /* The scene centre (0, 0, 0) is the middle of the viewport. */
  cx = W / 2.0 + 2 / k;
  cy = H / 2.0 - 1 / k;
  g_assert_cmpint (isc_roi_handles_hit (&cylinder, camera, cx + 3, cy - 2, 6), ==,
                   ISC_ROI_HANDLE_CENTER);
  g_assert_cmpint (isc_roi_handles_hit (&cylinder, camera, cx, cy - 10 / k, 6), ==,
                   ISC_ROI_HANDLE_END_HIGH);
  g_assert_cmpint (isc_roi_handles_hit (&cylinder, camera, cx + 5 / k + 4, cy, 6), ==,
                   ISC_ROI_HANDLE_RIM);
  g_assert_cmpint (isc_roi_handles_hit (&cylinder, camera, cx - 8, cy, 6), ==,
                   ISC_ROI_HANDLE_NONE);
  {
    double px, py;

    g_assert_true (isc_camera_project (camera, top, &px, &py, NULL));
    g_assert_cmpfloat_with_epsilon (px, cx, 1e-6);
    g_assert_cmpfloat_with_epsilon (py, cy - 10 / k, 1e-6);
  }
}

static void
test_outline_distance (void)
{
  g_autoptr(IscCamera) camera = side_camera (ISC_PROJECTION_ORTHOGRAPHIC);
  IscRoi box = { .kind = ISC_ROI_BOX, .box_min = { -10, -10, -10 }, .box_max = { 10, 10, 10 } };
  IscRoi all = { .kind = ISC_ROI_ALL };
  double k = ortho_nm_per_px (camera);
  double right_edge = W / 2.0 + 10 / k;

  /* Seen from the side the box is a square; its right edge is the line x = +10 nm. */
  g_assert_cmpfloat_with_epsilon (isc_roi_outline_distance (&box, camera, right_edge, H / 2.0),
                                  0.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (isc_roi_outline_distance (&box, camera, right_edge + 7, H / 2.0),
                                  7.0, 1e-6);
  /* The middle of the square is 10 nm from every edge. */
  g_assert_cmpfloat_with_epsilon (isc_roi_outline_distance (&box, camera, W / 2.0, H / 2.0),
                                  10 / k, 1e-6);
  g_assert_cmpfloat (isc_roi_outline_distance (&all, camera, 0, 0), ==, G_MAXDOUBLE);
}

static void
test_drag_ortho (void)
{
  g_autoptr(IscCamera) camera = side_camera (ISC_PROJECTION_ORTHOGRAPHIC);
  double k = ortho_nm_per_px (camera);
  IscRoi r;
  IscRoi box = { .kind = ISC_ROI_BOX, .box_min = { -1, -2, -3 }, .box_max = { 4, 5, 6 } };
  IscRoi sphere = { .kind = ISC_ROI_SPHERE, .center = { 1, 1, 1 }, .radius = 3 };

  /* Centre: 10 px right, 20 px up → +10k nm in x, +20k nm in z. */
  g_assert_true (isc_roi_handles_drag (&cylinder, ISC_ROI_HANDLE_CENTER, camera,
                                       100, 100, 110, 80, &r));
  g_assert_cmpfloat_with_epsilon (r.center[0], 2 + 10 * k, 1e-6);
  g_assert_cmpfloat_with_epsilon (r.center[1], 0, 1e-6);
  g_assert_cmpfloat_with_epsilon (r.center[2], 1 + 20 * k, 1e-6);
  g_assert_cmpfloat (r.radius, ==, 5);
  g_assert_cmpfloat (r.length, ==, 20);

  /* Upper end up by 8 px (sideways motion ignored): length +8k, lower end stays at z = −9. */
  g_assert_true (isc_roi_handles_drag (&cylinder, ISC_ROI_HANDLE_END_HIGH, camera,
                                       50, 50, 53, 42, &r));
  g_assert_cmpfloat_with_epsilon (r.length, 20 + 8 * k, 1e-6);
  g_assert_cmpfloat_with_epsilon (r.center[2] - r.length / 2, -9, 1e-6);
  g_assert_cmpfloat_with_epsilon (r.center[0], 2, 1e-9);

  /* Lower end up by 8 px: shorter, upper end stays at z = 11. */
  g_assert_true (isc_roi_handles_drag (&cylinder, ISC_ROI_HANDLE_END_LOW, camera,
                                       50, 50, 50, 42, &r));
  g_assert_cmpfloat_with_epsilon (r.length, 20 - 8 * k, 1e-6);
  g_assert_cmpfloat_with_epsilon (r.center[2] + r.length / 2, 11, 1e-6);

  /* Far past the other end: the length stops at the minimum. */
  g_assert_true (isc_roi_handles_drag (&cylinder, ISC_ROI_HANDLE_END_LOW, camera,
                                       50, 50, 50, 50 - 100 / k, &r));
  g_assert_cmpfloat_with_epsilon (r.length, ISC_ROI_HANDLE_MIN_SIZE, 1e-9);
  g_assert_cmpfloat_with_epsilon (r.center[2] + r.length / 2, 11, 1e-6);

  /* Rim 6 px right: radius 5 + 6k; 4 px up does not change the distance to the z axis. */
  g_assert_true (isc_roi_handles_drag (&cylinder, ISC_ROI_HANDLE_RIM, camera,
                                       0, 0, 6, -4, &r));
  g_assert_cmpfloat_with_epsilon (r.radius, 5 + 6 * k, 1e-6);
  g_assert_cmpfloat_with_epsilon (r.length, 20, 1e-12);

  /* Sphere surface 3 px left and 4 px up: (3 − 3k, 4k) from the centre in x, z. */
  g_assert_true (isc_roi_handles_drag (&sphere, ISC_ROI_HANDLE_SURFACE, camera,
                                       0, 0, -3, -4, &r));
  g_assert_cmpfloat_with_epsilon (r.radius, hypot (3 - 3 * k, 4 * k), 1e-6);

  /* Box upper corner 10 px right and 5 px down. */
  g_assert_true (isc_roi_handles_drag (&box, ISC_ROI_HANDLE_CORNER_MAX, camera,
                                       0, 0, 10, 5, &r));
  g_assert_cmpfloat_with_epsilon (r.box_max[0], 4 + 10 * k, 1e-6);
  g_assert_cmpfloat_with_epsilon (r.box_max[1], 5, 1e-6);
  g_assert_cmpfloat_with_epsilon (r.box_max[2], 6 - 5 * k, 1e-6);
  g_assert_cmpfloat_with_epsilon (r.box_min[0], -1, 1e-12);

  /* Lower corner dragged past the upper one in x: the box spans them the other way. */
  g_assert_true (isc_roi_handles_drag (&box, ISC_ROI_HANDLE_CORNER_MIN, camera,
                                       0, 0, 7 / k, 0, &r));
  g_assert_cmpfloat_with_epsilon (r.box_min[0], 4, 1e-6);
  g_assert_cmpfloat_with_epsilon (r.box_max[0], 6, 1e-6);

  /* A handle the kind does not have. */
  g_assert_false (isc_roi_handles_drag (&box, ISC_ROI_HANDLE_RIM, camera, 0, 0, 5, 5, &r));
  g_assert_cmpfloat (r.box_max[0], ==, 4);
}

/* In perspective the dragged centre must project under the cursor at its old depth. */
static void
test_drag_perspective (void)
{
  g_autoptr(IscCamera) camera = side_camera (ISC_PROJECTION_PERSPECTIVE);
  double px0, py0, d0, px1, py1, d1, dir[3], depth0 = 0, depth1 = 0;
  IscRoi r;

  isc_camera_orbit (camera, 30, 20);
  g_assert_true (isc_camera_project (camera, cylinder.center, &px0, &py0, &d0));
  g_assert_true (isc_roi_handles_drag (&cylinder, ISC_ROI_HANDLE_CENTER, camera,
                                       px0, py0, px0 + 25, py0 - 12, &r));
  g_assert_true (isc_camera_project (camera, r.center, &px1, &py1, &d1));
  g_assert_cmpfloat_with_epsilon (px1, px0 + 25, 1e-6);
  g_assert_cmpfloat_with_epsilon (py1, py0 - 12, 1e-6);
  isc_camera_get_view_direction (camera, dir);
  for (int i = 0; i < 3; i++)
    {
      depth0 += cylinder.center[i] * dir[i];
      depth1 += r.center[i] * dir[i];
    }
  g_assert_cmpfloat_with_epsilon (depth1, depth0, 1e-6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/roi-handles/positions", test_positions);
  g_test_add_func ("/roi-handles/hit", test_hit);
  g_test_add_func ("/roi-handles/outline-distance", test_outline_distance);
  g_test_add_func ("/roi-handles/drag-orthographic", test_drag_ortho);
  g_test_add_func ("/roi-handles/drag-perspective", test_drag_perspective);
  return g_test_run ();
}
