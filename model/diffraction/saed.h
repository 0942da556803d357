/* saed.h: selected-area electron diffraction patterns: reciprocal-space calibration (from
 * the file or from a standard ring pattern), centre finding, azimuthal average, ring and spot
 * d-spacings, indexing against crystal phases and the zone axis of a spot pattern.
 *
 * Units: radii and positions in pixels (x to the right, y down, pixel centres at integer
 * coordinates), reciprocal lengths in 1/nm, d-spacings in nm.
 *
 * Centre finding: ring fitting (least-squares circle fit to points of the strongest ring)
 * for ring patterns, Friedel pairs (mean midpoint of symmetric spots) for spot patterns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "image.h"

G_BEGIN_DECLS

#define ISC_SAED_ERROR (isc_saed_error_quark ())
GQuark isc_saed_error_quark (void);

typedef enum
{
  ISC_SAED_ERROR_NO_RINGS,
  ISC_SAED_ERROR_NO_SPOTS,
  ISC_SAED_ERROR_NO_MATCH,
  ISC_SAED_ERROR_INVALID,
} IscSaedError;

/* ---- Crystal lattices: calibration standards and the phases rings are indexed against ---- */

typedef enum
{
  ISC_LATTICE_CUBIC,
  ISC_LATTICE_HEXAGONAL,   /* hexagonal axes (a = b, γ = 120°), as R-3m is tabulated */
} IscLatticeSystem;

/* Reflection conditions we need; each names the space-group rule it applies. */
typedef enum
{
  ISC_REFLECTIONS_P,          /* primitive (CsCl type, Pm-3m): all hkl */
  ISC_REFLECTIONS_F,          /* face-centred (Fm-3m): h, k, l all odd or all even */
  ISC_REFLECTIONS_DIAMOND,    /* Fd-3m with atoms on 8a only (Si): F and, all even, h+k+l = 4n */
  ISC_REFLECTIONS_FD3M,       /* Fd-3m general (spinel): F; 0kl k+l = 4n; hhl h+l = 2n; h00 h = 4n */
  ISC_REFLECTIONS_R_OBVERSE,  /* R-3m, hexagonal axes, obverse: −h+k+l = 3n */
} IscReflectionRule;

typedef struct
{
  const char        *id;      /* "au", "layered", … (CLI names) */
  const char        *name;    /* "Au", "LiNi0.6Co0.2Mn0.2O2 (R-3m)", … */
  IscLatticeSystem   system;
  IscReflectionRule  rule;
  double             a_nm;
  double             c_nm;    /* hexagonal only; 0 for cubic */
} IscCrystalPhase;

/* One family of reflections: a representative hkl (largest h, then k, non-negative where the
 * symmetry allows) and its d-spacing. */
typedef struct
{
  int    h, k, l;
  double d_nm;
  guint  multiplicity;   /* how many hkl of the enumeration fell on this d */
} IscReflection;

/* "111", "1-10", or with spaces when an index has two digits ("1 1 12"). Free with g_free. */
char      *isc_reflection_label      (int h, int k, int l);

/* The built-in standards (Au, Al, Si, TlCl) and phases (layered, rocksalt, spinel); static. */
const IscCrystalPhase *isc_saed_standard_lookup (const char *id);   /* case-insensitive; NULL if unknown */
const IscCrystalPhase *isc_saed_phase_lookup    (const char *id);
const char            *isc_saed_standard_ids    (void);              /* "Au, Al, Si, TlCl" */
const char            *isc_saed_phase_ids       (void);              /* "layered, rocksalt, spinel" */

/* The smallest d indexed or listed (nm): reflection lists grow as (a/d)³, and no SAED pattern
 * reaches q = 50 nm⁻¹. */
#define ISC_SAED_D_MIN_NM 0.02

/* d-spacing of @h @k @l in @phase, nm. */
double     isc_crystal_phase_d       (const IscCrystalPhase *phase,
                                      int h, int k, int l);
/* Allowed families with d ≥ MAX (@d_min_nm, ISC_SAED_D_MIN_NM), largest d first (GArray of IscReflection). Families are
 * grouped by equal d (within 1e-6 nm), so 333/511 of a cubic phase share one entry. */
GArray    *isc_crystal_phase_reflections (const IscCrystalPhase *phase,
                                          double                 d_min_nm);
/* TRUE when @h @k @l is allowed by @phase's reflection conditions. */
gboolean   isc_crystal_phase_allows  (const IscCrystalPhase *phase,
                                      int h, int k, int l);

/* ---- Azimuthal average ---- */

typedef struct
{
  double  cx, cy;      /* centre, px */
  double  step;        /* bin width, px; bin i covers [i·step, (i+1)·step) */
  guint   n;
  double *radius;      /* bin centres, px */
  double *intensity;   /* mean of the pixels in the bin (NAN when empty) */
  double *error;       /* standard error of that mean (std / √count; NAN below 2 pixels) */
  guint  *count;       /* pixels per bin */
} IscSaedProfile;

/* Mean intensity in rings of width @step about (@cx, @cy) out to @r_max (≤ 0: the farthest
 * corner), NaN pixels skipped. */
IscSaedProfile *isc_saed_profile_new  (const float *pixels,
                                       guint        width,
                                       guint        height,
                                       double       cx,
                                       double       cy,
                                       double       step,
                                       double       r_max);
void            isc_saed_profile_free (IscSaedProfile *profile);

/* ---- Rings ---- */

typedef struct
{
  double radius_px;    /* parabolic vertex of the profile maximum */
  double height;       /* profile value at the maximum */
  double prominence;   /* height above the higher of the minima either side */
} IscSaedRing;

/* Local maxima of @profile (smoothed over ±1 px to find them, then refined on the raw bins)
 * between @r_min and the end, at least @min_prominence (a fraction of the largest prominence)
 * prominent and at least 4 standard errors of the smoothed profile there (noise is no ring),
 * by increasing radius. GArray of IscSaedRing. */
GArray    *isc_saed_find_rings       (const IscSaedProfile *profile,
                                      double                r_min,
                                      double                min_prominence);

/* ---- Centre ---- */

/* Direct-beam centre: intensity-weighted centroid of the pixels above half the maximum in a
 * 21 × 21 box about the brightest pixel (after a 3 × 3 mean, so one hot pixel cannot win). */
void       isc_saed_direct_beam      (const float *pixels,
                                      guint        width,
                                      guint        height,
                                      double      *cx,
                                      double      *cy);

/* Ring pattern centre by ring fitting: starting at (*@cx, *@cy), the most prominent ring
 * outside @r_min px (the direct beam) is located in 72 sectors of 5° each (background-
 * subtracted centroid of the sector's radial profile) and a least-squares circle fit (Kåsa)
 * gives the new centre; four rounds. Because an
 * ellipse is centred too, a slightly elliptical pattern still gives its true centre. Returns
 * FALSE with @error when the pattern shows no ring. */
gboolean   isc_saed_refine_centre    (const float  *pixels,
                                      guint         width,
                                      guint         height,
                                      double        r_min,
                                      double       *cx,
                                      double       *cy,
                                      GError      **error);

/* Elliptical distortion of a ring (projector lens astigmatism): an ellipse centred on
 * (@cx, @cy) fitted by least squares (A x² + B xy + C y² = 1) to the ring's points in 72
 * sectors, the ring searched within ±max(4 px, 8 %) of @radius. */
typedef struct
{
  double major_px, minor_px;   /* semi-axes */
  double angle_deg;            /* of the major axis from +x towards +y (down), [0, 180) */
} IscSaedEllipse;

gboolean   isc_saed_fit_ellipse      (const float    *pixels,
                                      guint           width,
                                      guint           height,
                                      double          cx,
                                      double          cy,
                                      double          radius,
                                      IscSaedEllipse *out);

/* The alternative: Nelder-Mead maximising the summed peak-to-valley contrast of the azimuthal
 * average at those rings (the profile is sharpest about the centre). Noisier than the circle
 * fit on an elliptical pattern; kept for comparison. */
gboolean   isc_saed_refine_centre_sharpness (const float  *pixels,
                                             guint         width,
                                             guint         height,
                                             double        r_min,
                                             double       *cx,
                                             double       *cy,
                                             GError      **error);

/* ---- Calibration ---- */

/* Relativistic electron wavelength at @volts, nm. */
double     isc_electron_wavelength_nm (double volts);

/* nm⁻¹ per pixel from the file's axis calibration (x axis in 1/nm), or NAN. */
double     isc_saed_calibration_from_image (const IscImage *image);

/* The pixel where the file puts k = 0 (−origin / scale of x and y, both axes in 1/nm and
 * not both origins 0). FALSE when the file states no such point. */
gboolean   isc_saed_centre_from_image (const IscImage *image,
                                       double         *cx,
                                       double         *cy);

/* nm⁻¹ per pixel from a camera length (m), a detector pixel (m) and the voltage (V):
 * small-angle, g = r·p / (λ L). */
double     isc_saed_calibration_from_camera (double camera_length_m,
                                             double pixel_m,
                                             double volts);
/* The camera length (m) a calibration implies for @pixel_m at @volts (inverse of the above). */
double     isc_saed_camera_length    (double nm_inv_per_px,
                                      double pixel_m,
                                      double volts);

/* What the file states about the microscope: nominal camera length (m; Velox
 * Optics.CameraLength, DigitalMicrograph Microscope Info "Camera Length"/"STEM Camera Length"
 * in mm) and accelerating voltage (V). NAN for what it does not state (or states as 0). */
void       isc_saed_instrument_from_image (const IscImage *image,
                                           double         *camera_length_m,
                                           double         *volts);

typedef struct
{
  guint          ring;         /* index into the rings array */
  IscReflection  reflection;   /* the standard's reflection it was assigned */
  double         radius_px;
  double         scale;        /* 1/(d·r): this ring's own calibration */
} IscSaedStandardMatch;

/* Fits @standard's first rings to @rings (GArray of IscSaedRing): every assignment of one of
 * the three innermost rings to one of the first three families is tried, the rings that then
 * lie within @tolerance (relative, e.g. 0.02) of a family are matched, and the calibration is
 * the least-squares scale through the origin over the matches. The winner matches the most
 * rings and leaves the fewest families of the standard unseen between the innermost and
 * outermost matched ring. Returns nm⁻¹ per pixel (NAN with @error when fewer than two
 * rings match); @matches (nullable) receives a GArray of IscSaedStandardMatch. */
double     isc_saed_calibrate_standard (GArray                *rings,
                                        const IscCrystalPhase *standard,
                                        double                 tolerance,
                                        GArray               **matches,
                                        GError               **error);

/* ---- Indexing ---- */

typedef struct
{
  const IscCrystalPhase *phase;
  IscReflection          reflection;   /* nearest family */
  double                 mismatch;     /* (d_obs − d_calc) / d_calc */
} IscSaedIndexing;

/* The family of @phase whose d is nearest @d_nm (relative), with its mismatch. FALSE when
 * @d_nm lies outside the phase's list (larger than its largest d by more than 10 %, or below
 * ISC_SAED_D_MIN_NM). */
gboolean   isc_saed_index_d          (const IscCrystalPhase *phase,
                                      double                 d_nm,
                                      IscSaedIndexing       *out);

/* The best indexing of @d_nm over @n_phases phases: the phase and family with the smallest
 * |mismatch| within @tolerance (relative). FALSE when no phase indexes it that well. */
gboolean   isc_saed_index_best       (const IscCrystalPhase * const *phases,
                                      guint                          n_phases,
                                      double                         d_nm,
                                      double                         tolerance,
                                      IscSaedIndexing               *out);

/* ---- Spot patterns ---- */

typedef struct
{
  double x, y;         /* centroid, px */
  double intensity;    /* summed intensity above the local background */
} IscSaedSpot;

/* Spots: local maxima of the 3 × 3-smoothed image above the median by at least @threshold ×
 * the brightest (usually the direct beam; 0.01 suits most patterns) and 5 σ of the background
 * noise (from the median absolute deviation), at least @min_separation px apart,
 * centroid-refined in a 7 × 7 box; strongest first. GArray of IscSaedSpot. */
GArray    *isc_saed_find_spots       (const float *pixels,
                                      guint        width,
                                      guint        height,
                                      double       threshold,
                                      double       min_separation);

/* Centre from Friedel pairs: for spots (excluding the one nearest (@cx0, @cy0) when it is
 * the direct beam) the pairs whose midpoint lies within @tolerance px of the guess and whose
 * intensities agree within a factor 3 vote; the centre is the mean midpoint. Returns the
 * number of pairs used (0: *@cx, *@cy unchanged). */
guint      isc_saed_friedel_centre   (GArray *spots,
                                      double  cx0,
                                      double  cy0,
                                      double  tolerance,
                                      double *cx,
                                      double *cy);

typedef struct
{
  int    h1, k1, l1;      /* indices given to spot 1 and spot 2 */
  int    h2, k2, l2;
  int    u, v, w;         /* zone axis [uvw] = g1 × g2, reduced (direct-lattice indices) */
  double angle_obs_deg;   /* angle between the two spot vectors */
  double angle_calc_deg;
  double mismatch1, mismatch2;   /* relative d mismatch of each spot */
} IscSaedZone;

/* Indexes two spots of a pattern about one centre: g vectors (px) @g1, @g2 and a calibration.
 * Tries every hkl of @phase whose d matches each spot within @tolerance and keeps the pair
 * whose angle matches best; the zone axis is their cross product. FALSE when nothing fits
 * (d within @tolerance and angle within 3°). */
gboolean   isc_saed_zone_axis        (const IscCrystalPhase *phase,
                                      const double           g1[2],
                                      const double           g2[2],
                                      double                 nm_inv_per_px,
                                      double                 tolerance,
                                      IscSaedZone           *out);

/* ---- One pattern, start to end (what the CLI and a page show) ---- */

typedef enum
{
  ISC_SAED_CALIBRATION_NONE,
  ISC_SAED_CALIBRATION_GIVEN,      /* the caller's number */
  ISC_SAED_CALIBRATION_FILE,       /* the image's 1/nm axis */
  ISC_SAED_CALIBRATION_STANDARD,   /* fitted to a standard's rings */
} IscSaedCalibrationSource;

typedef struct
{
  const IscCrystalPhase *standard;     /* NULL: no standard fit */
  double                 calibration;  /* > 0: use this nm⁻¹/px, else the file's */
  gboolean               spots;        /* a spot pattern (single crystal) */
  double                 r_min;        /* px; ≤ 0: 4 % of the smaller side (the direct beam) */
  guint                  frame;
} IscSaedOptions;

typedef struct
{
  double                    cx, cy;
  const char               *centre_method;   /* "ring-fit", "friedel-pairs", "direct-beam", "file" */
  gboolean                  has_file_centre; /* the file's k = 0 pixel (isc_saed_centre_from_image) */
  double                    file_cx, file_cy;
  IscSaedProfile           *profile;         /* 0.25 px bins about the centre */
  GArray                   *rings;           /* IscSaedRing, by radius (ring patterns) */
  GArray                   *spots;           /* IscSaedSpot, strongest first (spot patterns) */
  double                    calibration;     /* nm⁻¹/px, NAN when unknown */
  IscSaedCalibrationSource  calibration_source;
  GArray                   *standard_matches;/* IscSaedStandardMatch or NULL */
  gboolean                  has_ellipse;     /* ring patterns: the strongest ring's distortion */
  double                    ellipse_ring_px;
  IscSaedEllipse            ellipse;
} IscSaedResult;

/* Centre, profile, rings or spots and calibration of @image. NULL with @error when a standard
 * was asked for and its rings cannot be fitted, or the frame does not exist. */
IscSaedResult *isc_saed_analyse     (const IscImage        *image,
                                     const IscSaedOptions  *options,
                                     GError               **error);
void           isc_saed_result_free (IscSaedResult         *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscSaedResult, isc_saed_result_free)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscSaedProfile, isc_saed_profile_free)

G_END_DECLS
