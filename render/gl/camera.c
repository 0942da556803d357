/* camera.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "camera.h"

#include <math.h>
#include <string.h>

#define DEG (G_PI / 180.0)

static void
quat_mul (const double a[4],
          const double b[4],
          double       out[4])
{
  double r[4];

  r[0] = a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3];
  r[1] = a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2];
  r[2] = a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1];
  r[3] = a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0];
  memcpy (out, r, sizeof r);
}

static void
quat_normalize (double q[4])
{
  double n = sqrt (q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);

  if (n < 1e-300)
    {
      q[0] = 1.0;
      q[1] = q[2] = q[3] = 0.0;
      return;
    }
  for (int i = 0; i < 4; i++)
    q[i] /= n;
}

static void
quat_from_axis_angle (const double axis[3],
                      double       angle,
                      double       q[4])
{
  double n = sqrt (axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
  double s;

  if (n < 1e-300)
    {
      q[0] = 1.0;
      q[1] = q[2] = q[3] = 0.0;
      return;
    }
  s = sin (angle / 2.0) / n;
  q[0] = cos (angle / 2.0);
  q[1] = axis[0] * s;
  q[2] = axis[1] * s;
  q[3] = axis[2] * s;
}

/* Rows of the 3×3 rotation (world → camera): r[0] = right, r[1] = up, r[2] = backward. */
static void
quat_to_rows (const double q[4],
              double       r[3][3])
{
  double w = q[0], x = q[1], y = q[2], z = q[3];

  r[0][0] = 1 - 2 * (y * y + z * z);
  r[0][1] = 2 * (x * y - w * z);
  r[0][2] = 2 * (x * z + w * y);
  r[1][0] = 2 * (x * y + w * z);
  r[1][1] = 1 - 2 * (x * x + z * z);
  r[1][2] = 2 * (y * z - w * x);
  r[2][0] = 2 * (x * z - w * y);
  r[2][1] = 2 * (y * z + w * x);
  r[2][2] = 1 - 2 * (x * x + y * y);
}

static void
quat_from_rows (const double r[3][3],
                double       q[4])
{
  double tr = r[0][0] + r[1][1] + r[2][2];

  if (tr > 0)
    {
      double s = sqrt (tr + 1.0) * 2;
      q[0] = 0.25 * s;
      q[1] = (r[2][1] - r[1][2]) / s;
      q[2] = (r[0][2] - r[2][0]) / s;
      q[3] = (r[1][0] - r[0][1]) / s;
    }
  else if (r[0][0] > r[1][1] && r[0][0] > r[2][2])
    {
      double s = sqrt (1.0 + r[0][0] - r[1][1] - r[2][2]) * 2;
      q[0] = (r[2][1] - r[1][2]) / s;
      q[1] = 0.25 * s;
      q[2] = (r[0][1] + r[1][0]) / s;
      q[3] = (r[0][2] + r[2][0]) / s;
    }
  else if (r[1][1] > r[2][2])
    {
      double s = sqrt (1.0 + r[1][1] - r[0][0] - r[2][2]) * 2;
      q[0] = (r[0][2] - r[2][0]) / s;
      q[1] = (r[0][1] + r[1][0]) / s;
      q[2] = 0.25 * s;
      q[3] = (r[1][2] + r[2][1]) / s;
    }
  else
    {
      double s = sqrt (1.0 + r[2][2] - r[0][0] - r[1][1]) * 2;
      q[0] = (r[1][0] - r[0][1]) / s;
      q[1] = (r[0][2] + r[2][0]) / s;
      q[2] = (r[1][2] + r[2][1]) / s;
      q[3] = 0.25 * s;
    }
  quat_normalize (q);
}

static void
cross (const double a[3],
       const double b[3],
       double       out[3])
{
  double r[3] = {
    a[1] * b[2] - a[2] * b[1],
    a[2] * b[0] - a[0] * b[2],
    a[0] * b[1] - a[1] * b[0],
  };
  memcpy (out, r, sizeof r);
}

static void
normalize3 (double v[3])
{
  double n = sqrt (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);

  if (n > 1e-300)
    for (int i = 0; i < 3; i++)
      v[i] /= n;
}

/* Orients the camera to look along @forward with @up roughly upwards. */
static void
set_basis (IscCamera    *camera,
           const double  forward[3],
           const double  up[3])
{
  double f[3] = { forward[0], forward[1], forward[2] };
  double r[3][3];
  double right[3], u[3];

  normalize3 (f);
  cross (f, up, right);
  normalize3 (right);
  cross (right, f, u);
  for (int i = 0; i < 3; i++)
    {
      r[0][i] = right[i];
      r[1][i] = u[i];
      r[2][i] = -f[i];
    }
  quat_from_rows (r, camera->rotation);
}

IscCamera *
isc_camera_new (void)
{
  IscCamera *camera = g_new0 (IscCamera, 1);

  camera->fovy = 30.0;
  camera->projection = ISC_PROJECTION_PERSPECTIVE;
  camera->width = 1;
  camera->height = 1;
  camera->scene_radius = 1.0;
  isc_camera_reset (camera);
  return camera;
}

void
isc_camera_free (IscCamera *camera)
{
  g_free (camera);
}

IscCamera *
isc_camera_copy (const IscCamera *camera)
{
  g_return_val_if_fail (camera != NULL, NULL);

  return g_memdup2 (camera, sizeof *camera);
}

static double framing_distance (const IscCamera *camera);

void
isc_camera_set_viewport (IscCamera *camera,
                         int        width,
                         int        height)
{
  g_return_if_fail (camera != NULL);

  camera->width = MAX (width, 1);
  camera->height = MAX (height, 1);
  if (camera->framed)
    camera->distance = framing_distance (camera);
}

void
isc_camera_set_scene_bounds (IscCamera   *camera,
                             const float  min[3],
                             const float  max[3])
{
  double r2 = 0.0;

  g_return_if_fail (camera != NULL);

  for (int i = 0; i < 3; i++)
    {
      double half = 0.5 * ((double) max[i] - min[i]);
      camera->scene_center[i] = 0.5 * ((double) max[i] + min[i]);
      r2 += half * half;
    }
  camera->scene_radius = MAX (sqrt (r2), 1e-3);
  isc_camera_reset (camera);
}

void
isc_camera_set_projection (IscCamera     *camera,
                           IscProjection  projection)
{
  g_return_if_fail (camera != NULL);

  camera->projection = projection;
}

/* Distance at which the bounding sphere fits the narrower field of view. */
static double
framing_distance (const IscCamera *camera)
{
  double half_y = camera->fovy * DEG / 2.0;
  double aspect = (double) camera->width / camera->height;
  double half_x = atan (tan (half_y) * aspect);
  double half = MIN (half_y, half_x);

  return camera->scene_radius / sin (half) * 1.05;
}

void
isc_camera_set_azimuth_elevation (IscCamera *camera,
                                  double     azimuth,
                                  double     elevation)
{
  double az = azimuth * DEG, el = elevation * DEG;
  double forward[3] = { -sin (az) * cos (el), cos (az) * cos (el), -sin (el) };
  double right[3] = { cos (az), sin (az), 0.0 };
  double up[3];

  g_return_if_fail (camera != NULL);

  /* Build up from right so that ±90° elevation stays well defined. */
  cross (right, forward, up);
  set_basis (camera, forward, up);
}

void
isc_camera_reset (IscCamera *camera)
{
  g_return_if_fail (camera != NULL);

  memcpy (camera->target, camera->scene_center, sizeof camera->target);
  camera->distance = framing_distance (camera);
  camera->framed = TRUE;
  camera->dragging = FALSE;
  isc_camera_set_azimuth_elevation (camera, 0.0, 0.0);
}

void
isc_camera_view_axis (IscCamera   *camera,
                      IscViewAxis  axis)
{
  static const double forwards[6][3] = {
    { 1, 0, 0 }, { -1, 0, 0 }, { 0, 1, 0 }, { 0, -1, 0 }, { 0, 0, 1 }, { 0, 0, -1 },
  };
  static const double z_up[3] = { 0, 0, 1 };
  static const double y_up[3] = { 0, 1, 0 };

  g_return_if_fail (camera != NULL);
  g_return_if_fail ((int) axis >= 0 && axis <= ISC_VIEW_AXIS_MINUS_Z);

  memcpy (camera->target, camera->scene_center, sizeof camera->target);
  camera->distance = framing_distance (camera);
  camera->framed = TRUE;
  set_basis (camera, forwards[axis], axis >= ISC_VIEW_AXIS_PLUS_Z ? y_up : z_up);
}

static void
arcball_point (const IscCamera *camera,
               double           x,
               double           y,
               double           p[3])
{
  double s = MIN (camera->width, camera->height);
  double r2;

  p[0] = (2.0 * x - camera->width) / s;
  p[1] = (camera->height - 2.0 * y) / s;
  r2 = p[0] * p[0] + p[1] * p[1];
  if (r2 <= 1.0)
    p[2] = sqrt (1.0 - r2);
  else
    {
      p[2] = 0.0;
      normalize3 (p);
    }
}

void
isc_camera_arcball_begin (IscCamera *camera,
                          double     x,
                          double     y)
{
  g_return_if_fail (camera != NULL);

  arcball_point (camera, x, y, camera->drag_start);
  memcpy (camera->drag_rotation, camera->rotation, sizeof camera->rotation);
  camera->dragging = TRUE;
}

void
isc_camera_arcball_drag (IscCamera *camera,
                         double     x,
                         double     y)
{
  double p[3], axis[3], dq[4], dot;

  g_return_if_fail (camera != NULL);

  if (!camera->dragging)
    return;

  arcball_point (camera, x, y, p);
  cross (camera->drag_start, p, axis);
  dot = camera->drag_start[0] * p[0] + camera->drag_start[1] * p[1] + camera->drag_start[2] * p[2];
  /* The rotation is about an axis in camera space, applied after world → camera. */
  quat_from_axis_angle (axis, acos (CLAMP (dot, -1.0, 1.0)), dq);
  quat_mul (dq, camera->drag_rotation, camera->rotation);
  quat_normalize (camera->rotation);
}

void
isc_camera_arcball_end (IscCamera *camera)
{
  g_return_if_fail (camera != NULL);

  camera->dragging = FALSE;
}

void
isc_camera_orbit (IscCamera *camera,
                  double     dx_degrees,
                  double     dy_degrees)
{
  static const double cam_up[3] = { 0, 1, 0 };
  static const double cam_right[3] = { 1, 0, 0 };
  double qa[4], qb[4];

  g_return_if_fail (camera != NULL);

  quat_from_axis_angle (cam_up, dx_degrees * DEG, qa);
  quat_from_axis_angle (cam_right, dy_degrees * DEG, qb);
  quat_mul (qa, camera->rotation, camera->rotation);
  quat_mul (qb, camera->rotation, camera->rotation);
  quat_normalize (camera->rotation);
}

double
isc_camera_get_nm_per_pixel (const IscCamera *camera)
{
  g_return_val_if_fail (camera != NULL, 1.0);

  return 2.0 * camera->distance * tan (camera->fovy * DEG / 2.0) / camera->height;
}

void
isc_camera_pan (IscCamera *camera,
                double     dx,
                double     dy)
{
  double r[3][3];
  double s;

  g_return_if_fail (camera != NULL);

  quat_to_rows (camera->rotation, r);
  s = isc_camera_get_nm_per_pixel (camera);
  for (int i = 0; i < 3; i++)
    camera->target[i] += (-r[0][i] * dx + r[1][i] * dy) * s;
  camera->framed = FALSE;
}

void
isc_camera_zoom (IscCamera *camera,
                 double     factor,
                 double     x,
                 double     y)
{
  double r[3][3];
  double s, u, v, p[3];

  g_return_if_fail (camera != NULL);
  g_return_if_fail (factor > 0.0);

  /* Keep the point under the cursor on the target plane fixed: it is the same fraction of
   * the (scaled) view after the zoom. */
  quat_to_rows (camera->rotation, r);
  s = isc_camera_get_nm_per_pixel (camera);
  u = (x - camera->width / 2.0) * s;
  v = (camera->height / 2.0 - y) * s;
  for (int i = 0; i < 3; i++)
    p[i] = camera->target[i] + r[0][i] * u + r[1][i] * v;

  camera->distance = CLAMP (camera->distance * factor, camera->scene_radius * 1e-4,
                            camera->scene_radius * 1e3);
  camera->framed = FALSE;
  factor = camera->distance / (s * camera->height / (2.0 * tan (camera->fovy * DEG / 2.0)));
  for (int i = 0; i < 3; i++)
    camera->target[i] = p[i] + (camera->target[i] - p[i]) * factor;
}

void
isc_camera_get_view_direction (const IscCamera *camera,
                               double           dir[3])
{
  double r[3][3];

  g_return_if_fail (camera != NULL);

  quat_to_rows (camera->rotation, r);
  for (int i = 0; i < 3; i++)
    dir[i] = -r[2][i];
}

void
isc_camera_get_rotation_matrix (const IscCamera *camera,
                                float            m[16])
{
  double r[3][3];

  g_return_if_fail (camera != NULL);

  quat_to_rows (camera->rotation, r);
  memset (m, 0, 16 * sizeof (float));
  for (int row = 0; row < 3; row++)
    for (int col = 0; col < 3; col++)
      m[col * 4 + row] = r[row][col];
  m[15] = 1.0f;
}

static void
view_matrix_d (const IscCamera *camera,
               double           m[16])
{
  double r[3][3];

  quat_to_rows (camera->rotation, r);
  memset (m, 0, 16 * sizeof (double));
  for (int row = 0; row < 3; row++)
    {
      double t = 0.0;

      for (int col = 0; col < 3; col++)
        {
          m[col * 4 + row] = r[row][col];
          t -= r[row][col] * camera->target[col];
        }
      m[12 + row] = t;
    }
  m[14] -= camera->distance;
  m[15] = 1.0;
}

static void
projection_matrix_d (const IscCamera *camera,
                     double           m[16])
{
  double aspect = (double) camera->width / camera->height;
  double offset = 0.0, far, near;
  double half_h = camera->distance * tan (camera->fovy * DEG / 2.0);

  for (int i = 0; i < 3; i++)
    offset += (camera->target[i] - camera->scene_center[i])
              * (camera->target[i] - camera->scene_center[i]);
  offset = sqrt (offset) + camera->scene_radius * 1.5;
  far = camera->distance + offset;
  near = camera->distance - offset;

  memset (m, 0, 16 * sizeof (double));
  if (camera->projection == ISC_PROJECTION_PERSPECTIVE)
    {
      double f = 1.0 / tan (camera->fovy * DEG / 2.0);

      near = MAX (near, far * 1e-3);
      m[0] = f / aspect;
      m[5] = f;
      m[10] = (far + near) / (near - far);
      m[11] = -1.0;
      m[14] = 2.0 * far * near / (near - far);
    }
  else
    {
      double half_w = half_h * aspect;

      m[0] = 1.0 / half_w;
      m[5] = 1.0 / half_h;
      m[10] = -2.0 / (far - near);
      m[14] = -(far + near) / (far - near);
      m[15] = 1.0;
    }
}

static void
mat_mul_d (const double a[16],
           const double b[16],
           double       out[16])
{
  double r[16];

  for (int col = 0; col < 4; col++)
    for (int row = 0; row < 4; row++)
      {
        double s = 0.0;

        for (int k = 0; k < 4; k++)
          s += a[k * 4 + row] * b[col * 4 + k];
        r[col * 4 + row] = s;
      }
  memcpy (out, r, sizeof r);
}

static void
to_float (const double in[16],
          float        out[16])
{
  for (int i = 0; i < 16; i++)
    out[i] = (float) in[i];
}

void
isc_camera_get_view_matrix (const IscCamera *camera,
                            float            m[16])
{
  double d[16];

  g_return_if_fail (camera != NULL);

  view_matrix_d (camera, d);
  to_float (d, m);
}

void
isc_camera_get_projection_matrix (const IscCamera *camera,
                                  float            m[16])
{
  double d[16];

  g_return_if_fail (camera != NULL);

  projection_matrix_d (camera, d);
  to_float (d, m);
}

void
isc_camera_get_view_projection (const IscCamera *camera,
                                float            m[16])
{
  double v[16], p[16], vp[16];

  g_return_if_fail (camera != NULL);

  view_matrix_d (camera, v);
  projection_matrix_d (camera, p);
  mat_mul_d (p, v, vp);
  to_float (vp, m);
}

gboolean
isc_camera_project (const IscCamera *camera,
                    const double     world[3],
                    double          *px,
                    double          *py,
                    double          *depth)
{
  double v[16], p[16], vp[16], clip[4];

  g_return_val_if_fail (camera != NULL, FALSE);

  view_matrix_d (camera, v);
  projection_matrix_d (camera, p);
  mat_mul_d (p, v, vp);
  for (int row = 0; row < 4; row++)
    clip[row] = vp[row] * world[0] + vp[4 + row] * world[1] + vp[8 + row] * world[2] + vp[12 + row];
  if (clip[3] <= 0.0)
    return FALSE;
  if (px != NULL)
    *px = (clip[0] / clip[3] + 1.0) / 2.0 * camera->width;
  if (py != NULL)
    *py = (1.0 - clip[1] / clip[3]) / 2.0 * camera->height;
  if (depth != NULL)
    *depth = (clip[2] / clip[3] + 1.0) / 2.0;
  return TRUE;
}
