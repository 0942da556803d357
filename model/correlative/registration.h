/* registration.h: correlative registration of a site's APT data to one of its images.
 *
 * The APT points are projected along a view direction (the needle axis z by default) onto a plane
 * with coordinates (u, v) in nm; the transform maps them to image pixels as
 *
 *   p = scale · R(rotation) · (u, v) / pixel_size + translation
 *
 * so scale is 1 when the APT reconstruction and the image calibration agree, and a calibration
 * mistake shows up as scale ≠ 1. An affine transform (p = M · (u, v) + translation) is available
 * as an option; its rotation and scale are then those of the nearest similarity.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "image.h"
#include "isc-error.h"

G_BEGIN_DECLS

/* Version of the stored registration (project file), raised when its fields change. */
#define ISC_REGISTRATION_FORMAT_VERSION 1

typedef enum
{
  ISC_REGISTRATION_SIMILARITY,   /* rotation, isotropic scale, translation: 4 parameters */
  ISC_REGISTRATION_AFFINE,       /* general 2 × 2 matrix and translation: 6 parameters */
} IscRegistrationKind;

/* One pair of landmarks: a point of the APT reconstruction and the same point on the image. */
typedef struct
{
  double apt_nm[3];     /* x, y, z in the reconstruction, nm */
  double image_px[2];   /* column, row of the image (row 0 at the top), pixels */
} IscLandmark;

typedef struct
{
  IscRegistrationKind kind;
  double view[3];            /* unit vector: the projection direction in the APT frame */
  double pixel_size_nm;      /* the image calibration the transform was fitted against, nm/px */
  double matrix[4];          /* px per nm, row-major: p = matrix · (u, v) + translation */
  double translation_px[2];  /* px */
  /* Derived from matrix (isc_registration_update): for a similarity, exactly the parameters of
   * the convention above. */
  double rotation_deg;
  double scale;
} IscRegistration;

/* The header of a landmark CSV file: one pair per line below it. */
#define ISC_LANDMARKS_CSV_HEADER "apt_x_nm,apt_y_nm,apt_z_nm,image_x_px,image_y_px"

/* Reads the landmark pairs (IscLandmark) of a CSV file with ISC_LANDMARKS_CSV_HEADER; blank
 * lines and lines starting with # are skipped. NULL with @error (ISC_ANALYSIS_ERROR FORMAT,
 * naming the file and line) otherwise. */
GArray   *isc_landmarks_read_csv       (const char            *path,
                                        GError               **error);
/* Writes @n pairs in that form; FALSE with @error when the file cannot be written. */
gboolean  isc_landmarks_write_csv      (const char            *path,
                                        const IscLandmark     *landmarks,
                                        guint                  n,
                                        GError               **error);

/* Parses "x", "y", "z", "-z" or "a,b,c" into a unit vector; FALSE (with @error) otherwise. */
gboolean  isc_registration_parse_view  (const char            *text,
                                        double                 view[3],
                                        GError               **error);

/* Projects an APT point along @view (NULL: z) onto the (u, v) plane, nm. For the z axis (u, v)
 * is (x, y); for other directions the plane is that of the shortest rotation taking @view to z. */
void      isc_registration_project     (const double           view[3],
                                        const double           apt_nm[3],
                                        double                 uv_nm[2]);

/* The pixel size (nm/px) of @image's x axis, or NaN with @error when the image has no length
 * calibration. */
double    isc_registration_pixel_size  (const IscImage        *image,
                                        GError               **error);

/* Sets a similarity transform from its parameters. @view may be NULL (z). */
void      isc_registration_init        (IscRegistration       *reg,
                                        const double           view[3],
                                        double                 pixel_size_nm,
                                        double                 rotation_deg,
                                        double                 scale,
                                        double                 translation_x_px,
                                        double                 translation_y_px);
/* Recomputes rotation_deg and scale from matrix and pixel_size_nm. */
void      isc_registration_update      (IscRegistration       *reg);

/* Maps projected (u, v) in nm, or an APT point, to image pixels; and back. */
void      isc_registration_apply_uv    (const IscRegistration *reg,
                                        const double           uv_nm[2],
                                        double                 px[2]);
void      isc_registration_apply       (const IscRegistration *reg,
                                        const double           apt_nm[3],
                                        double                 px[2]);
gboolean  isc_registration_invert_uv   (const IscRegistration *reg,
                                        const double           px[2],
                                        double                 uv_nm[2]);

/* Least-squares fit of @n ≥ 3 landmark pairs (linear least squares, closed form). @view may be
 * NULL (z). Fails with ISC_ANALYSIS_ERROR / ISC_ERROR_ARGUMENT for fewer than 3 pairs, collinear or
 * coincident landmarks, non-finite coordinates or a pixel size that is not a positive length.
 * @residuals_nm (n values, may be NULL) receives each landmark's misfit on the image, in nm of the
 * image calibration; @rms_nm (may be NULL) their root mean square. */
gboolean  isc_registration_fit         (const IscLandmark     *landmarks,
                                        guint                  n,
                                        IscRegistrationKind    kind,
                                        const double           view[3],
                                        double                 pixel_size_nm,
                                        IscRegistration       *reg,
                                        double                *residuals_nm,
                                        double                *rms_nm,
                                        GError               **error);

/* Residuals of @landmarks under @reg (as isc_registration_fit reports them). */
void      isc_registration_residuals   (const IscRegistration *reg,
                                        const IscLandmark     *landmarks,
                                        guint                  n,
                                        double                *residuals_nm,
                                        double                *rms_nm);

/* A 2D map of the APT data projected along a view direction: the ion density (counts per bin)
 * or, when a selection of ion types is given, the fraction of ranged ions that are selected. */
typedef struct
{
  guint   width;
  guint   height;
  double  origin_nm[2];  /* (u, v) of the centre of bin (0, 0) */
  double  bin_nm;
  double  view[3];
  float  *values;        /* height × width, u fastest; NaN where a composition has no ions */
  float  *counts;        /* height × width: ions per bin (after smoothing) */
} IscProjectedMap;

typedef enum
{
  ISC_MAP_DENSITY,    /* ions per bin: of the selected types, or all ions without a selection */
  ISC_MAP_FRACTION,   /* selected ions / ranged ions: a composition (NaN without ions) */
} IscMapQuantity;

/* Projects @n points (x, y, z in nm) along @view (NULL: z) into bins of @bin_nm, smoothed by a
 * Gaussian of @smooth_nm (0: none). @ion_type and @selected (256 flags) choose the ions of
 * @quantity; both NULL: every ion. NULL with @error when the extent or the bin make no sense. */
IscProjectedMap *isc_projected_map_new (const float           *x,
                                        const float           *y,
                                        const float           *z,
                                        gsize                  n,
                                        const guint8          *ion_type,
                                        const gboolean        *selected,
                                        IscMapQuantity         quantity,
                                        const double           view[3],
                                        double                 bin_nm,
                                        double                 smooth_nm,
                                        GError               **error);
void      isc_projected_map_free       (IscProjectedMap       *map);

/* The map's value at (u, v) nm, bilinear between bin centres; NaN outside the map or where
 * a composition is undefined. */
double    isc_projected_map_sample     (const IscProjectedMap *map,
                                        const double           uv_nm[2]);
/* The map placed on an image of @width × @height pixels by @reg: a newly allocated grid
 * (free with g_free), row 0 at the top, NaN where the map does not reach. */
float    *isc_projected_map_resample   (const IscProjectedMap *map,
                                        const IscRegistration *reg,
                                        guint                  width,
                                        guint                  height);

/* Refines @reg (in place) by maximising the normalised cross-correlation between @pixels
 * (@width × @height floats, row 0 at the top) and @map over small rotations, scales and shifts
 * about the current transform (Nelder–Mead simplex). @ncc (may be NULL) receives the final
 * correlation. Fails, leaving @reg as it was, when too little of the map falls on the image, the
 * map or image is flat, the best correlation stays under 0.2 (another image, or a map of a
 * quantity the image does not show) or the optimum lies far (> 10°, > 20 %) from the start. */
gboolean  isc_registration_refine      (IscRegistration       *reg,
                                        const IscProjectedMap *map,
                                        const float           *pixels,
                                        guint                  width,
                                        guint                  height,
                                        double                *ncc,
                                        GError               **error);

/* Refinement against the points themselves: density maps (of the selected ion types, or of all
 * ions) in bins of about one image pixel, whose blur is chosen to match the image's before each of
 * two rounds of isc_registration_refine (a map sharper or blurrier than the image pulls the scale).
 * Same failures as isc_registration_refine. */
gboolean  isc_registration_refine_points (IscRegistration     *reg,
                                          const float         *x,
                                          const float         *y,
                                          const float         *z,
                                          gsize                n,
                                          const guint8        *ion_type,
                                          const gboolean      *selected,
                                          const float         *pixels,
                                          guint                width,
                                          guint                height,
                                          double              *ncc,
                                          GError             **error);

/* The normalised cross-correlation of @map placed by @reg on the image, in [-1, 1]; NaN when
 * fewer than a quarter of the map's bins fall on the image. */
double    isc_registration_ncc         (const IscRegistration *reg,
                                        const IscProjectedMap *map,
                                        const float           *pixels,
                                        guint                  width,
                                        guint                  height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscProjectedMap, isc_projected_map_free)

G_END_DECLS
