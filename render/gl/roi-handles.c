/* roi-handles.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "roi-handles.h"

#include <math.h>

#include "gl-roi.h"

static double
dot3 (const double a[3],
      const double b[3])
{
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static void
unit_axis (const IscRoi *roi,
           double        a[3])
{
  double n = sqrt (dot3 (roi->axis, roi->axis));

  for (int i = 0; i < 3; i++)
    a[i] = n > 1e-12 ? roi->axis[i] / n : (i == 2);
}

/* Rows of the camera rotation: screen right, screen up (world). */
static void
camera_right_up (const IscCamera *camera,
                 double           right[3],
                 double           up[3])
{
  float m[16];

  isc_camera_get_rotation_matrix (camera, m);
  for (int i = 0; i < 3; i++)
    {
      right[i] = m[i * 4 + 0];
      up[i] = m[i * 4 + 1];
    }
}

/* Unit direction perpendicular to @a, as close to the screen's right as possible. */
static void
rim_direction (const IscCamera *camera,
               const double     a[3],
               double           w[3])
{
  double right[3], up[3], n;
  const double *pick = right;

  camera_right_up (camera, right, up);
  if (fabs (dot3 (right, a)) > 0.95)
    pick = up;
  for (int i = 0; i < 3; i++)
    w[i] = pick[i] - dot3 (pick, a) * a[i];
  n = sqrt (dot3 (w, w));
  for (int i = 0; i < 3; i++)
    w[i] /= n;
}

guint
isc_roi_handles_get (const IscRoi    *roi,
                     const IscCamera *camera,
                     IscRoiHandle     handles[ISC_ROI_MAX_HANDLES],
                     double           positions[ISC_ROI_MAX_HANDLES][3])
{
  double a[3], w[3], right[3], up[3];

  g_return_val_if_fail (roi != NULL, 0);
  g_return_val_if_fail (camera != NULL, 0);

  switch (roi->kind)
    {
    case ISC_ROI_CYLINDER:
      unit_axis (roi, a);
      rim_direction (camera, a, w);
      handles[0] = ISC_ROI_HANDLE_CENTER;
      handles[1] = ISC_ROI_HANDLE_END_LOW;
      handles[2] = ISC_ROI_HANDLE_END_HIGH;
      handles[3] = ISC_ROI_HANDLE_RIM;
      for (int i = 0; i < 3; i++)
        {
          positions[0][i] = roi->center[i];
          positions[1][i] = roi->center[i] - 0.5 * roi->length * a[i];
          positions[2][i] = roi->center[i] + 0.5 * roi->length * a[i];
          positions[3][i] = roi->center[i] + roi->radius * w[i];
        }
      return 4;

    case ISC_ROI_SPHERE:
      camera_right_up (camera, right, up);
      handles[0] = ISC_ROI_HANDLE_CENTER;
      handles[1] = ISC_ROI_HANDLE_SURFACE;
      for (int i = 0; i < 3; i++)
        {
          positions[0][i] = roi->center[i];
          positions[1][i] = roi->center[i] + roi->radius * right[i];
        }
      return 2;

    case ISC_ROI_BOX:
      handles[0] = ISC_ROI_HANDLE_CORNER_MIN;
      handles[1] = ISC_ROI_HANDLE_CORNER_MAX;
      for (int i = 0; i < 3; i++)
        {
          positions[0][i] = roi->box_min[i];
          positions[1][i] = roi->box_max[i];
        }
      return 2;

    case ISC_ROI_ALL:
    default:
      return 0;
    }
}

IscRoiHandle
isc_roi_handles_hit (const IscRoi    *roi,
                     const IscCamera *camera,
                     double           x,
                     double           y,
                     double           tolerance)
{
  IscRoiHandle handles[ISC_ROI_MAX_HANDLES];
  double positions[ISC_ROI_MAX_HANDLES][3];
  guint n = isc_roi_handles_get (roi, camera, handles, positions);
  IscRoiHandle best = ISC_ROI_HANDLE_NONE;
  double best_d = tolerance;

  for (guint k = 0; k < n; k++)
    {
      double px, py, d;

      if (!isc_camera_project (camera, positions[k], &px, &py, NULL))
        continue;
      d = hypot (px - x, py - y);
      if (d <= best_d)
        {
          best_d = d;
          best = handles[k];
        }
    }
  return best;
}

static double
segment_distance (double px,
                  double py,
                  double ax,
                  double ay,
                  double bx,
                  double by)
{
  double ux = bx - ax, uy = by - ay, len2 = ux * ux + uy * uy;
  double t = len2 > 0 ? ((px - ax) * ux + (py - ay) * uy) / len2 : 0.0;

  t = CLAMP (t, 0.0, 1.0);
  return hypot (px - (ax + t * ux), py - (ay + t * uy));
}

double
isc_roi_outline_distance (const IscRoi    *roi,
                          const IscCamera *camera,
                          double           x,
                          double           y)
{
  g_autoptr(GArray) v = g_array_new (FALSE, FALSE, sizeof (float));
  guint n;
  double best = G_MAXDOUBLE;

  g_return_val_if_fail (roi != NULL, G_MAXDOUBLE);
  g_return_val_if_fail (camera != NULL, G_MAXDOUBLE);

  n = isc_gl_roi_append_outline (roi, v);
  for (guint k = 0; k + 1 < n; k += 2)
    {
      double p[2][3], s[2][2];
      gboolean front = TRUE;

      for (int e = 0; e < 2; e++)
        {
          for (int i = 0; i < 3; i++)
            p[e][i] = g_array_index (v, float, 3 * (k + e) + i);
          front = front && isc_camera_project (camera, p[e], &s[e][0], &s[e][1], NULL);
        }
      if (front)
        best = MIN (best, segment_distance (x, y, s[0][0], s[0][1], s[1][0], s[1][1]));
    }
  return best;
}

/* Pixel displacement of the projection of @point when it moves by @dir (nm). */
static gboolean
screen_jacobian_column (const IscCamera *camera,
                        const double     point[3],
                        const double     origin_px[2],
                        const double     dir[3],
                        double           col[2])
{
  double q[3];

  for (int i = 0; i < 3; i++)
    q[i] = point[i] + dir[i];
  if (!isc_camera_project (camera, q, &col[0], &col[1], NULL))
    return FALSE;
  col[0] -= origin_px[0];
  col[1] -= origin_px[1];
  return TRUE;
}

gboolean
isc_roi_handles_screen_delta (const IscCamera *camera,
                              const double     point[3],
                              double           dx,
                              double           dy,
                              double           delta[3])
{
  double right[3], up[3], o[2], cr[2], cu[2], det, a, b;

  g_return_val_if_fail (camera != NULL, FALSE);

  camera_right_up (camera, right, up);
  /* Within a plane parallel to the screen the projection is affine (one perspective divide
   * for the whole plane), so two probe directions give the exact inverse. */
  if (!isc_camera_project (camera, point, &o[0], &o[1], NULL)
      || !screen_jacobian_column (camera, point, o, right, cr)
      || !screen_jacobian_column (camera, point, o, up, cu))
    return FALSE;
  det = cr[0] * cu[1] - cu[0] * cr[1];
  if (fabs (det) < 1e-12)
    return FALSE;
  a = (dx * cu[1] - cu[0] * dy) / det;
  b = (cr[0] * dy - dx * cr[1]) / det;
  for (int i = 0; i < 3; i++)
    delta[i] = a * right[i] + b * up[i];
  return TRUE;
}

gboolean
isc_roi_handles_drag (const IscRoi    *start,
                      IscRoiHandle     handle,
                      const IscCamera *camera,
                      double           x0,
                      double           y0,
                      double           x1,
                      double           y1,
                      IscRoi          *out)
{
  IscRoiHandle handles[ISC_ROI_MAX_HANDLES];
  double positions[ISC_ROI_MAX_HANDLES][3];
  double delta[3], a[3];
  const double *p = NULL;
  IscRoi r;
  guint n;

  g_return_val_if_fail (start != NULL, FALSE);
  g_return_val_if_fail (camera != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  r = *start;
  n = isc_roi_handles_get (start, camera, handles, positions);
  for (guint k = 0; k < n; k++)
    if (handles[k] == handle)
      p = positions[k];
  if (p == NULL)
    {
      *out = r;
      return FALSE;
    }

  if (handle == ISC_ROI_HANDLE_END_LOW || handle == ISC_ROI_HANDLE_END_HIGH)
    {
      double o[2], col[2], len2, s, sign = handle == ISC_ROI_HANDLE_END_HIGH ? 1.0 : -1.0;
      double length;

      unit_axis (start, a);
      if (!isc_camera_project (camera, p, &o[0], &o[1], NULL)
          || !screen_jacobian_column (camera, p, o, a, col))
        {
          *out = r;
          return FALSE;
        }
      len2 = col[0] * col[0] + col[1] * col[1];
      /* Looking straight down the axis the ends cannot move along it. */
      s = len2 > 1e-9 ? ((x1 - x0) * col[0] + (y1 - y0) * col[1]) / len2 : 0.0;
      length = MAX (start->length + sign * s, ISC_ROI_HANDLE_MIN_SIZE);
      /* The opposite end stays put: the centre moves by half the change. */
      for (int i = 0; i < 3; i++)
        r.center[i] = start->center[i] + sign * 0.5 * (length - start->length) * a[i];
      r.length = length;
      *out = r;
      return TRUE;
    }

  if (!isc_roi_handles_screen_delta (camera, p, x1 - x0, y1 - y0, delta))
    {
      *out = r;
      return FALSE;
    }

  switch (handle)
    {
    case ISC_ROI_HANDLE_CENTER:
      for (int i = 0; i < 3; i++)
        r.center[i] += delta[i];
      break;

    case ISC_ROI_HANDLE_RIM:
      {
        double q[3], along;

        unit_axis (start, a);
        for (int i = 0; i < 3; i++)
          q[i] = p[i] + delta[i] - start->center[i];
        along = dot3 (q, a);
        for (int i = 0; i < 3; i++)
          q[i] -= along * a[i];
        r.radius = MAX (sqrt (dot3 (q, q)), ISC_ROI_HANDLE_MIN_SIZE);
        break;
      }

    case ISC_ROI_HANDLE_SURFACE:
      {
        double q[3];

        for (int i = 0; i < 3; i++)
          q[i] = p[i] + delta[i] - start->center[i];
        r.radius = MAX (sqrt (dot3 (q, q)), ISC_ROI_HANDLE_MIN_SIZE);
        break;
      }

    case ISC_ROI_HANDLE_CORNER_MIN:
    case ISC_ROI_HANDLE_CORNER_MAX:
      {
        double moved[3], fixed[3];
        gboolean is_min = handle == ISC_ROI_HANDLE_CORNER_MIN;

        for (int i = 0; i < 3; i++)
          {
            moved[i] = p[i] + delta[i];
            fixed[i] = is_min ? start->box_max[i] : start->box_min[i];
            /* A corner dragged past the other one makes the box span them the other way. */
            if (fabs (moved[i] - fixed[i]) < ISC_ROI_HANDLE_MIN_SIZE)
              moved[i] = fixed[i] + (moved[i] >= fixed[i] ? 1 : -1) * ISC_ROI_HANDLE_MIN_SIZE;
            r.box_min[i] = MIN (moved[i], fixed[i]);
            r.box_max[i] = MAX (moved[i], fixed[i]);
          }
        break;
      }

    default:
      break;
    }
  *out = r;
  return TRUE;
}
