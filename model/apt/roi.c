/* roi.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "roi.h"

void
isc_roi_init_all (IscRoi *roi)
{
  g_return_if_fail (roi != NULL);

  memset (roi, 0, sizeof *roi);
  roi->kind = ISC_ROI_ALL;
  roi->axis[2] = 1.0;
}

static gboolean
all_finite (const double *v,
            guint         n)
{
  for (guint i = 0; i < n; i++)
    if (!isfinite (v[i]))
      return FALSE;
  return TRUE;
}

gboolean
isc_roi_set_cylinder (IscRoi       *roi,
                      const double  center[3],
                      const double  axis[3],
                      double        radius,
                      double        length,
                      GError      **error)
{
  double norm;

  g_return_val_if_fail (roi != NULL, FALSE);

  if (!all_finite (center, 3) || !all_finite (axis, 3) || !isfinite (radius) || !isfinite (length))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "cylinder: every number must be finite");
      return FALSE;
    }
  norm = sqrt (axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
  if (norm == 0.0)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "cylinder: the axis (ax,ay,az) must not be zero");
      return FALSE;
    }
  if (radius <= 0.0 || length <= 0.0)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "cylinder: radius (%g nm) and length (%g nm) must be positive", radius, length);
      return FALSE;
    }

  isc_roi_init_all (roi);
  roi->kind = ISC_ROI_CYLINDER;
  for (int k = 0; k < 3; k++)
    {
      roi->center[k] = center[k];
      roi->axis[k] = axis[k] / norm;
    }
  roi->radius = radius;
  roi->length = length;
  return TRUE;
}

gboolean
isc_roi_set_box (IscRoi       *roi,
                 const double  corner0[3],
                 const double  corner1[3],
                 GError      **error)
{
  g_return_val_if_fail (roi != NULL, FALSE);

  if (!all_finite (corner0, 3) || !all_finite (corner1, 3))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT, "box: every number must be finite");
      return FALSE;
    }
  for (int k = 0; k < 3; k++)
    if (corner0[k] == corner1[k])
      {
        g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                     "box: the corners have the same %c (%g nm); the box would be empty",
                     "xyz"[k], corner0[k]);
        return FALSE;
      }

  isc_roi_init_all (roi);
  roi->kind = ISC_ROI_BOX;
  /* Corners may come in any order (a drag in the view gives them either way). */
  for (int k = 0; k < 3; k++)
    {
      roi->box_min[k] = MIN (corner0[k], corner1[k]);
      roi->box_max[k] = MAX (corner0[k], corner1[k]);
    }
  return TRUE;
}

gboolean
isc_roi_set_sphere (IscRoi       *roi,
                    const double  center[3],
                    double        radius,
                    GError      **error)
{
  g_return_val_if_fail (roi != NULL, FALSE);

  if (!all_finite (center, 3) || !isfinite (radius))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT, "sphere: every number must be finite");
      return FALSE;
    }
  if (radius <= 0.0)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "sphere: the radius (%g nm) must be positive", radius);
      return FALSE;
    }
  isc_roi_init_all (roi);
  roi->kind = ISC_ROI_SPHERE;
  memcpy (roi->center, center, sizeof roi->center);
  roi->radius = radius;
  return TRUE;
}

/* Splits "a,b,c" into exactly @n finite doubles (C locale). */
static gboolean
parse_numbers (const char  *kind,
               const char  *usage,
               const char  *text,
               double      *out,
               guint        n,
               GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  guint n_parts = g_strv_length (parts);

  if (n_parts != n)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "region “%s:%s”: expected %u comma-separated numbers (%s:%s), found %u",
                   kind, text, n, kind, usage, n_parts);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      const char *s = g_strstrip (parts[i]);
      char *end = NULL;

      out[i] = g_ascii_strtod (s, &end);
      if (*s == '\0' || end == NULL || *end != '\0' || !isfinite (out[i]))
        {
          g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                       "region “%s:%s”: number %u (“%s”) is not a finite number (%s:%s)",
                       kind, text, i + 1, s, kind, usage);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
isc_roi_parse (const char  *spec,
               IscRoi      *out,
               GError     **error)
{
  g_autofree char *kind = NULL;
  const char *colon;
  const char *args;
  double v[8];
  IscRoi roi;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (g_ascii_strcasecmp (spec, "all") == 0)
    {
      isc_roi_init_all (out);
      return TRUE;
    }

  colon = strchr (spec, ':');
  if (colon == NULL)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "region “%s”: expected cylinder:cx,cy,cz,ax,ay,az,radius,length, "
                   "box:x0,y0,z0,x1,y1,z1, sphere:cx,cy,cz,r or all", spec);
      return FALSE;
    }
  kind = g_ascii_strdown (spec, colon - spec);
  args = colon + 1;

  if (g_str_equal (kind, "cylinder"))
    {
      if (!parse_numbers (kind, "cx,cy,cz,ax,ay,az,radius,length", args, v, 8, error)
          || !isc_roi_set_cylinder (&roi, v, v + 3, v[6], v[7], error))
        return FALSE;
    }
  else if (g_str_equal (kind, "box"))
    {
      if (!parse_numbers (kind, "x0,y0,z0,x1,y1,z1", args, v, 6, error)
          || !isc_roi_set_box (&roi, v, v + 3, error))
        return FALSE;
    }
  else if (g_str_equal (kind, "sphere"))
    {
      if (!parse_numbers (kind, "cx,cy,cz,r", args, v, 4, error)
          || !isc_roi_set_sphere (&roi, v, v[3], error))
        return FALSE;
    }
  else
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "region “%s”: unknown kind “%s” (expected cylinder, box, sphere or all)",
                   spec, kind);
      return FALSE;
    }

  *out = roi;
  return TRUE;
}

char *
isc_roi_to_string (const IscRoi *roi)
{
  g_return_val_if_fail (roi != NULL, NULL);

  switch (roi->kind)
    {
    case ISC_ROI_CYLINDER:
      return g_strdup_printf ("cylinder:%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g",
                              roi->center[0], roi->center[1], roi->center[2],
                              roi->axis[0], roi->axis[1], roi->axis[2], roi->radius, roi->length);
    case ISC_ROI_BOX:
      return g_strdup_printf ("box:%.9g,%.9g,%.9g,%.9g,%.9g,%.9g",
                              roi->box_min[0], roi->box_min[1], roi->box_min[2],
                              roi->box_max[0], roi->box_max[1], roi->box_max[2]);
    case ISC_ROI_SPHERE:
      return g_strdup_printf ("sphere:%.9g,%.9g,%.9g,%.9g",
                              roi->center[0], roi->center[1], roi->center[2], roi->radius);
    case ISC_ROI_ALL:
    default:
      return g_strdup ("all");
    }
}

gboolean
isc_roi_contains (const IscRoi *roi,
                  double        x,
                  double        y,
                  double        z)
{
  g_return_val_if_fail (roi != NULL, FALSE);

  switch (roi->kind)
    {
    case ISC_ROI_CYLINDER:
      {
        double d[3] = { x - roi->center[0], y - roi->center[1], z - roi->center[2] };
        double t = d[0] * roi->axis[0] + d[1] * roi->axis[1] + d[2] * roi->axis[2];
        double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2] - t * t;

        return fabs (t) <= 0.5 * roi->length && r2 <= roi->radius * roi->radius;
      }
    case ISC_ROI_BOX:
      return x >= roi->box_min[0] && x <= roi->box_max[0]
          && y >= roi->box_min[1] && y <= roi->box_max[1]
          && z >= roi->box_min[2] && z <= roi->box_max[2];
    case ISC_ROI_SPHERE:
      {
        double dx = x - roi->center[0], dy = y - roi->center[1], dz = z - roi->center[2];

        return dx * dx + dy * dy + dz * dz <= roi->radius * roi->radius;
      }
    case ISC_ROI_ALL:
    default:
      return TRUE;
    }
}

/* Each loop is branch-light over the float arrays so the compiler can vectorise it;
 * single precision is enough (positions are float32 to begin with). */
gsize
isc_roi_select (const IscRoi      *roi,
                const IscIonCloud *cloud,
                guint8            *mask_out)
{
  const float *restrict x, *restrict y, *restrict z;
  gsize n, count = 0;

  g_return_val_if_fail (roi != NULL, 0);
  g_return_val_if_fail (cloud != NULL, 0);

  n = cloud->n_ions;
  x = cloud->x;
  y = cloud->y;
  z = cloud->z;

  switch (roi->kind)
    {
    case ISC_ROI_CYLINDER:
      {
        const float cx = roi->center[0], cy = roi->center[1], cz = roi->center[2];
        const float ax = roi->axis[0], ay = roi->axis[1], az = roi->axis[2];
        const float half = 0.5 * roi->length, r2 = roi->radius * roi->radius;

        for (gsize i = 0; i < n; i++)
          {
            float dx = x[i] - cx, dy = y[i] - cy, dz = z[i] - cz;
            float t = dx * ax + dy * ay + dz * az;
            float d2 = dx * dx + dy * dy + dz * dz - t * t;
            guint8 in = (fabsf (t) <= half) & (d2 <= r2);

            if (mask_out != NULL)
              mask_out[i] = in;
            count += in;
          }
        break;
      }
    case ISC_ROI_BOX:
      {
        const float x0 = roi->box_min[0], y0 = roi->box_min[1], z0 = roi->box_min[2];
        const float x1 = roi->box_max[0], y1 = roi->box_max[1], z1 = roi->box_max[2];

        for (gsize i = 0; i < n; i++)
          {
            guint8 in = (x[i] >= x0) & (x[i] <= x1) & (y[i] >= y0) & (y[i] <= y1)
                        & (z[i] >= z0) & (z[i] <= z1);

            if (mask_out != NULL)
              mask_out[i] = in;
            count += in;
          }
        break;
      }
    case ISC_ROI_SPHERE:
      {
        const float cx = roi->center[0], cy = roi->center[1], cz = roi->center[2];
        const float r2 = roi->radius * roi->radius;

        for (gsize i = 0; i < n; i++)
          {
            float dx = x[i] - cx, dy = y[i] - cy, dz = z[i] - cz;
            guint8 in = dx * dx + dy * dy + dz * dz <= r2;

            if (mask_out != NULL)
              mask_out[i] = in;
            count += in;
          }
        break;
      }
    case ISC_ROI_ALL:
    default:
      if (mask_out != NULL)
        memset (mask_out, 1, n);
      count = n;
      break;
    }
  return count;
}

gsize
isc_roi_select_range (const IscRoi      *roi,
                      const IscIonCloud *cloud,
                      gsize              first,
                      gsize              n,
                      guint8            *mask_out)
{
  IscIonCloud view = { 0 };

  g_return_val_if_fail (roi != NULL, 0);
  g_return_val_if_fail (cloud != NULL, 0);
  g_return_val_if_fail (first <= cloud->n_ions && n <= cloud->n_ions - first, 0);

  /* Only the positions are read: a view onto them is enough. */
  view.n_ions = n;
  view.x = cloud->x + first;
  view.y = cloud->y + first;
  view.z = cloud->z + first;
  return isc_roi_select (roi, &view, mask_out);
}

void
isc_roi_get_axis (const IscRoi *roi,
                  double        origin[3],
                  double        direction[3])
{
  g_return_if_fail (roi != NULL);

  if (roi->kind == ISC_ROI_CYLINDER)
    {
      for (int k = 0; k < 3; k++)
        {
          origin[k] = roi->center[k] - 0.5 * roi->length * roi->axis[k];
          direction[k] = roi->axis[k];
        }
    }
  else
    {
      origin[0] = origin[1] = origin[2] = 0.0;
      direction[0] = direction[1] = 0.0;
      direction[2] = 1.0;
    }
}

double
isc_roi_axis_coordinate (const IscRoi *roi,
                         double        x,
                         double        y,
                         double        z)
{
  double o[3], d[3];

  g_return_val_if_fail (roi != NULL, 0.0);

  isc_roi_get_axis (roi, o, d);
  return (x - o[0]) * d[0] + (y - o[1]) * d[1] + (z - o[2]) * d[2];
}
