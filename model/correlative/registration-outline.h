/* registration-outline.h: a registration started from the outline of the needle, for an image of
 * the specimen taken before it was evaporated (a TEM or SEM image of the needle), where no
 * landmarks can be placed.
 *
 * Both the image and the APT data projected along the view direction are reduced to silhouettes:
 * their long axes give the rotation and their apexes the translation; the scale is taken as 1
 * (both calibrations trusted). That start is good to a few degrees and pixels; the correlation
 * refinement of the two silhouettes (isc_registration_refine_outline ()) takes it from there and
 * frees the scale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "registration.h"

G_BEGIN_DECLS

/* The silhouette of one needle on a grid: its long axis points from the shank to the apex. */
typedef struct
{
  double centroid[2];  /* grid units: columns, rows */
  double axis[2];      /* unit vector towards the apex */
  double apex[2];      /* the tip: the outermost point along the axis */
  double length;       /* extent along the axis */
  double elongation;   /* square root of the ratio of the principal moments (1: a disc) */
  gsize  n_cells;      /* cells in the silhouette */
} IscNeedleOutline;

/* The needle of an image: the pixels of the Otsu class that touches the border least (the needle
 * enters from one edge, the background surrounds it), smoothed, its largest connected piece, of
 * which the axis is taken within @max_length pixels of the apex (0: all of it). @mask (may be NULL) receives width × height values, 1 on the needle and 0 elsewhere (free with
 * g_free). FALSE with @error (ISC_ANALYSIS_ERROR INVALID) when the image shows no elongated
 * object. */
gboolean isc_needle_outline_of_image  (const float        *pixels,
                                       guint               width,
                                       guint               height,
                                       double              max_length,
                                       IscNeedleOutline   *outline,
                                       float             **mask,
                                       GError            **error);

/* The outline of the APT points projected along @view (NULL: z), in nm of the (u, v) plane of
 * isc_registration_project (), from bins of @bin_nm. */
gboolean isc_needle_outline_of_points (const float        *x,
                                       const float        *y,
                                       const float        *z,
                                       gsize               n,
                                       const double        view[3],
                                       double              bin_nm,
                                       IscNeedleOutline   *outline,
                                       GError            **error);

/* The similarity transform (scale 1) that lays the APT outline on the image's: rotation from the
 * axes, translation from the apexes. @mask as for isc_needle_outline_of_image (), for refining
 * against it. */
gboolean isc_registration_from_outline (IscRegistration   *reg,
                                        const float       *x,
                                        const float       *y,
                                        const float       *z,
                                        gsize              n,
                                        const double       view[3],
                                        const float       *pixels,
                                        guint              width,
                                        guint              height,
                                        double             pixel_size_nm,
                                        float            **mask,
                                        GError           **error);

/* Refines @reg (as isc_registration_refine ()) by the correlation of the needle @mask (from
 * isc_registration_from_outline ()) with the silhouette of the APT points: their density would
 * pull the scale, as a needle seen from the side is thickest along its middle. */
gboolean isc_registration_refine_outline (IscRegistration *reg,
                                          const float     *x,
                                          const float     *y,
                                          const float     *z,
                                          gsize            n,
                                          const float     *mask,
                                          guint            width,
                                          guint            height,
                                          double          *ncc,
                                          GError         **error);

G_END_DECLS
