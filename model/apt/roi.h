/* roi.h: regions of interest in a reconstruction (whole dataset, cylinder, box, sphere),
 * membership over the ion arrays, and the coordinate along a region's axis.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ion-cloud.h"
#include "isc-error.h"

G_BEGIN_DECLS

typedef enum
{
  ISC_ROI_ALL,       /* every ion */
  ISC_ROI_CYLINDER,  /* centre, unit axis, radius, full length */
  ISC_ROI_BOX,       /* axis-aligned, box_min..box_max */
  ISC_ROI_SPHERE,    /* centre, radius */
} IscRoiKind;

/* A plain value type: copy it with '='. All lengths in nm. */
typedef struct
{
  IscRoiKind kind;
  double     center[3];   /* cylinder: mid-point of the axis; sphere: centre */
  double     axis[3];     /* cylinder: unit vector (normalised by the parser / isc_roi_set_cylinder) */
  double     radius;      /* cylinder, sphere */
  double     length;      /* cylinder: full length, the ends lie at center ± axis·length/2 */
  double     box_min[3];  /* box: lower corner */
  double     box_max[3];  /* box: upper corner */
} IscRoi;

void      isc_roi_init_all      (IscRoi       *roi);
gboolean  isc_roi_set_cylinder  (IscRoi       *roi,
                                 const double  center[3],
                                 const double  axis[3],
                                 double        radius,
                                 double        length,
                                 GError      **error);
gboolean  isc_roi_set_box       (IscRoi       *roi,
                                 const double  corner0[3],
                                 const double  corner1[3],
                                 GError      **error);
gboolean  isc_roi_set_sphere    (IscRoi       *roi,
                                 const double  center[3],
                                 double        radius,
                                 GError      **error);

/* Parses "cylinder:cx,cy,cz,ax,ay,az,radius,length", "box:x0,y0,z0,x1,y1,z1",
 * "sphere:cx,cy,cz,r" or "all" (nm). On failure @out is untouched and @error says what was
 * expected (ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT). */
gboolean  isc_roi_parse         (const char   *spec,
                                 IscRoi       *out,
                                 GError      **error);

/* The spec string isc_roi_parse () reads back (%.9g numbers). Free with g_free. */
char     *isc_roi_to_string     (const IscRoi *roi);

gboolean  isc_roi_contains      (const IscRoi *roi,
                                 double        x,
                                 double        y,
                                 double        z);

/* Marks in @mask_out (n_ions bytes, may be NULL to only count) 1 for ions inside, 0 outside;
 * returns the number inside. */
gsize     isc_roi_select        (const IscRoi      *roi,
                                 const IscIonCloud *cloud,
                                 guint8            *mask_out);

/* isc_roi_select () over ions @first … @first + @n − 1 of @cloud only: @mask_out (n bytes, may be
 * NULL) gets one byte per ion of the slice. Lets a long pass select chunk by chunk. */
gsize     isc_roi_select_range  (const IscRoi      *roi,
                                 const IscIonCloud *cloud,
                                 gsize              first,
                                 gsize              n,
                                 guint8            *mask_out);

/* The region's own axis: a cylinder's axis starting at its lower end (center − axis·length/2);
 * for every other kind the z axis from z = 0. Coordinate of a point along it (nm). */
void      isc_roi_get_axis      (const IscRoi *roi,
                                 double        origin[3],
                                 double        direction[3]);
double    isc_roi_axis_coordinate (const IscRoi *roi,
                                   double        x,
                                   double        y,
                                   double        z);

G_END_DECLS
