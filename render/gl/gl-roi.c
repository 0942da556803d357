/* gl-roi.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gl-roi.h"

#include <math.h>

#define CIRCLE_SEGMENTS 48

static void
push (GArray       *vertices,
      const double  p[3])
{
  float v[3] = { (float) p[0], (float) p[1], (float) p[2] };

  g_array_append_vals (vertices, v, 3);
}

/* Two unit vectors perpendicular to @axis and to each other. */
static void
perpendicular_basis (const double axis[3],
                     double       u[3],
                     double       v[3])
{
  double a[3] = { axis[0], axis[1], axis[2] };
  double n = sqrt (a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
  double helper[3] = { 1, 0, 0 };

  if (n < 1e-12)
    {
      a[0] = a[1] = 0;
      a[2] = n = 1;
    }
  for (int i = 0; i < 3; i++)
    a[i] /= n;
  if (fabs (a[0]) > 0.9)
    {
      helper[0] = 0;
      helper[1] = 1;
    }
  u[0] = a[1] * helper[2] - a[2] * helper[1];
  u[1] = a[2] * helper[0] - a[0] * helper[2];
  u[2] = a[0] * helper[1] - a[1] * helper[0];
  n = sqrt (u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
  for (int i = 0; i < 3; i++)
    u[i] /= n;
  v[0] = a[1] * u[2] - a[2] * u[1];
  v[1] = a[2] * u[0] - a[0] * u[2];
  v[2] = a[0] * u[1] - a[1] * u[0];
}

static guint
append_circle (GArray       *vertices,
               const double  center[3],
               const double  u[3],
               const double  v[3],
               double        radius)
{
  for (int k = 0; k < CIRCLE_SEGMENTS; k++)
    for (int e = 0; e < 2; e++)
      {
        double t = 2.0 * G_PI * (k + e) / CIRCLE_SEGMENTS;
        double p[3];

        for (int i = 0; i < 3; i++)
          p[i] = center[i] + radius * (cos (t) * u[i] + sin (t) * v[i]);
        push (vertices, p);
      }
  return 2 * CIRCLE_SEGMENTS;
}

guint
isc_gl_roi_append_outline (const IscRoi *roi,
                           GArray       *vertices)
{
  guint n = 0;

  g_return_val_if_fail (roi != NULL, 0);
  g_return_val_if_fail (vertices != NULL, 0);

  switch (roi->kind)
    {
    case ISC_ROI_CYLINDER:
      {
        double u[3], v[3], a[3], len, ends[2][3];

        perpendicular_basis (roi->axis, u, v);
        len = sqrt (roi->axis[0] * roi->axis[0] + roi->axis[1] * roi->axis[1]
                    + roi->axis[2] * roi->axis[2]);
        for (int i = 0; i < 3; i++)
          a[i] = len > 1e-12 ? roi->axis[i] / len : (i == 2);
        for (int e = 0; e < 2; e++)
          {
            for (int i = 0; i < 3; i++)
              ends[e][i] = roi->center[i] + (e ? 0.5 : -0.5) * roi->length * a[i];
            n += append_circle (vertices, ends[e], u, v, roi->radius);
          }
        for (int k = 0; k < 4; k++)
          {
            double t = G_PI / 2.0 * k;

            for (int e = 0; e < 2; e++)
              {
                double p[3];

                for (int i = 0; i < 3; i++)
                  p[i] = ends[e][i] + roi->radius * (cos (t) * u[i] + sin (t) * v[i]);
                push (vertices, p);
                n++;
              }
          }
        break;
      }

    case ISC_ROI_SPHERE:
      {
        static const double ex[3] = { 1, 0, 0 }, ey[3] = { 0, 1, 0 }, ez[3] = { 0, 0, 1 };

        n += append_circle (vertices, roi->center, ex, ey, roi->radius);
        n += append_circle (vertices, roi->center, ey, ez, roi->radius);
        n += append_circle (vertices, roi->center, ez, ex, roi->radius);
        break;
      }

    case ISC_ROI_BOX:
      /* Each edge joins two corners that differ in exactly one coordinate. */
      for (int c = 0; c < 8; c++)
        for (int bit = 0; bit < 3; bit++)
          {
            if (c & (1 << bit))
              continue;
            for (int e = 0; e < 2; e++)
              {
                int corner = e ? (c | (1 << bit)) : c;
                double p[3];

                for (int i = 0; i < 3; i++)
                  p[i] = (corner & (1 << i)) ? roi->box_max[i] : roi->box_min[i];
                push (vertices, p);
                n++;
              }
          }
      break;

    case ISC_ROI_ALL:
      break;

    default:
      g_return_val_if_reached (0);
    }
  return n;
}
