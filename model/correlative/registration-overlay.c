/* registration-overlay.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "registration-overlay.h"

#define MAX_MAP_SIDE 1024

float *
isc_registration_overlay_new (const IscRegistration *registration,
                              const IscIonCloud     *cloud,
                              const IscRangeSet     *ranges,
                              const char            *element,
                              guint                  width,
                              guint                  height,
                              char                 **label,
                              GError               **error)
{
  g_autoptr(IscProjectedMap) map = NULL;
  gboolean selected[256];
  double extent, bin;
  gboolean fraction = ranges != NULL && cloud->ion_type != NULL;

  g_return_val_if_fail (registration != NULL && cloud != NULL, NULL);
  if (fraction && !isc_range_set_select_element (ranges, element, selected))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT, "no ion of the ranges holds %s",
                   element);
      return NULL;
    }
  /* a composition needs ions to count: bins of about a pixel, at least 1 nm of smoothing */
  extent = MAX (cloud->bounds_max[0] - cloud->bounds_min[0], cloud->bounds_max[1] - cloud->bounds_min[1]);
  extent = MAX (extent, cloud->bounds_max[2] - cloud->bounds_min[2]);
  bin = MAX (registration->pixel_size_nm / MAX (registration->scale, 1e-6), extent / MAX_MAP_SIDE);
  map = isc_projected_map_new (cloud->x, cloud->y, cloud->z, cloud->n_ions,
                               fraction ? cloud->ion_type : NULL, fraction ? selected : NULL,
                               fraction ? ISC_MAP_FRACTION : ISC_MAP_DENSITY,
                               registration->view, bin, MAX (1.0, 1.5 * bin), error);
  if (map == NULL)
    return NULL;
  if (label != NULL)
    *label = fraction ? g_strdup_printf ("%s ion fraction", element) : g_strdup ("ion density (a.u.)");
  return isc_projected_map_resample (map, registration, width, height);
}
