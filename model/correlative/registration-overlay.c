/* registration-overlay.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "registration-overlay.h"

#define MAX_MAP_SIDE 1024

static gboolean
select_element (const IscRangeSet *ranges,
                const char        *element,
                gboolean          *selected,
                GError           **error)
{
  gboolean any = FALSE;

  memset (selected, 0, 256 * sizeof (gboolean));
  for (guint t = 0; t < isc_range_set_get_n_ion_types (ranges); t++)
    {
      const IscIonType *type = isc_range_set_get_ion_type (ranges, t);

      for (guint e = 0; e < type->n_elements; e++)
        if (g_str_equal (type->elements[e].symbol, element))
          selected[t] = any = TRUE;
    }
  if (!any)
    g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT, "no ion of the ranges holds %s",
                 element);
  return any;
}

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
  if (fraction && !select_element (ranges, element, selected, error))
    return NULL;
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
