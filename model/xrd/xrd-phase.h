/* xrd-phase.h: crystalline phases for indexing powder patterns — reflection positions from a
 * space group and lattice parameters, a small built-in list for the phases of the NCM
 * synthesis study, lattice-parameter refinement from fitted peak positions, zero-shift
 * correction from a line-position standard, and semi-quantitative phase fractions by the
 * reference-intensity-ratio (RIR) method.
 *
 * The RIR fractions are semi-quantitative: they assume random orientation, no amorphous part
 * and I/Ic values from reference cards; a Rietveld refinement is out of scope.
 *
 * Units: Å, degrees 2θ.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xrd-fit.h"
#include "xrd-pattern.h"

G_BEGIN_DECLS

typedef enum
{
  ISC_XRD_SG_R3M,     /* R-3m, hexagonal axes: −h+k+l = 3n (layered LiMO2) */
  ISC_XRD_SG_P3M1,    /* P-3m1: no condition (brucite-type M(OH)2) */
  ISC_XRD_SG_FM3M,    /* Fm-3m: h, k, l all even or all odd (rock salt) */
  ISC_XRD_SG_FD3M,    /* Fd-3m: F-centred, and 0kl with k + l = 4n (spinel, Si) */
  ISC_XRD_SG_PM3M,    /* Pm-3m: no condition (LaB6) */
  ISC_XRD_SG_P4NMM,   /* P4/nmm: hk0 with h + k = 2n (LiOH) */
  ISC_XRD_SG_C2C,     /* C2/c, unique axis b: h + k = 2n; h0l with h, l = 2n (Li2CO3) */
} IscXrdSpaceGroup;

typedef enum
{
  ISC_XRD_SYSTEM_CUBIC,
  ISC_XRD_SYSTEM_HEXAGONAL,   /* hexagonal and trigonal (hexagonal axes) */
  ISC_XRD_SYSTEM_TETRAGONAL,
  ISC_XRD_SYSTEM_MONOCLINIC,
} IscXrdCrystalSystem;

typedef struct
{
  char *id;            /* short key: "layered", "rocksalt" … */
  char *name;          /* formula and structure, for display */
  IscXrdSpaceGroup group;
  double a, b, c;      /* Å (b and c ignored where the system fixes them) */
  double beta;         /* deg, monoclinic only (90 otherwise) */
  double rir;          /* I/I(corundum) of the strongest line, NAN when unknown */
  int ref_h, ref_k, ref_l;  /* the strongest reflection (used for RIR) */
} IscXrdPhase;

typedef struct
{
  int h, k, l;         /* a representative of the reflections sharing this spacing */
  double d;            /* Å */
  double two_theta;    /* deg at the requested wavelength */
  guint multiplicity;  /* allowed (hkl) with this spacing */
} IscXrdReflection;

const char          *isc_xrd_space_group_name   (IscXrdSpaceGroup group);
gboolean             isc_xrd_space_group_from_string (const char       *text,
                                                      IscXrdSpaceGroup *group);
IscXrdCrystalSystem  isc_xrd_space_group_system (IscXrdSpaceGroup group);
/* Whether (hkl) is allowed by the reflection conditions of @group (general and zonal). */
gboolean             isc_xrd_reflection_allowed (IscXrdSpaceGroup group,
                                                 int              h,
                                                 int              k,
                                                 int              l);

/* The built-in phases (static, not to be freed), with literature lattice parameters. */
const IscXrdPhase   *isc_xrd_builtin_phases     (guint *n_phases);
/* A built-in phase by id, or NULL. */
const IscXrdPhase   *isc_xrd_builtin_phase      (const char *id);

IscXrdPhase         *isc_xrd_phase_new          (const char       *id,
                                                 const char       *name,
                                                 IscXrdSpaceGroup  group,
                                                 double            a,
                                                 double            b,
                                                 double            c,
                                                 double            beta);
IscXrdPhase         *isc_xrd_phase_copy         (const IscXrdPhase *phase);
void                 isc_xrd_phase_free         (IscXrdPhase *phase);

/* d-spacing of (hkl), Å. */
double               isc_xrd_phase_d            (const IscXrdPhase *phase,
                                                 int                h,
                                                 int                k,
                                                 int                l);
/* Allowed reflections between @two_theta_min and @two_theta_max at @wavelength, by increasing
 * 2θ; reflections of equal spacing are merged into one entry. Array of IscXrdReflection. */
GArray              *isc_xrd_phase_reflections  (const IscXrdPhase *phase,
                                                 double             wavelength,
                                                 double             two_theta_min,
                                                 double             two_theta_max);

/* A fitted peak assigned to a reflection. */
typedef struct
{
  int h, k, l;
  double two_theta;    /* observed, deg */
  double sigma;        /* its standard error, deg (≤ 0 or NAN: 0.01° assumed) */
} IscXrdAssignedPeak;

/* Lattice parameters from assigned positions by weighted linear least squares in 1/d²
 * (cubic: a; hexagonal and tetragonal: a and c), after subtracting @zero_shift (deg) from every
 * position. Fills @refined (a copy of @phase with the new a, c) and the standard errors (NAN with
 * no redundancy). FALSE + ISC_ERROR_ARGUMENT with too few or degenerate reflections,
 * ISC_ERROR_UNSUPPORTED for a monoclinic phase. */
gboolean             isc_xrd_refine_lattice     (const IscXrdPhase        *phase,
                                                 const IscXrdAssignedPeak *peaks,
                                                 guint                     n_peaks,
                                                 double                    wavelength,
                                                 double                    zero_shift,
                                                 IscXrdPhase             **refined,
                                                 double                   *sigma_a,
                                                 double                   *sigma_c,
                                                 GError                  **error);

/* Zero shift of the instrument from a standard of known lattice (Si, LaB6) measured on it:
 * the weighted mean of observed − calculated 2θ. Subtract it from positions measured on the same
 * instrument. @sigma: standard error of the mean. */
gboolean             isc_xrd_zero_shift         (const IscXrdPhase        *standard,
                                                 const IscXrdAssignedPeak *peaks,
                                                 guint                     n_peaks,
                                                 double                    wavelength,
                                                 double                   *zero_shift,
                                                 double                   *sigma,
                                                 GError                  **error);

/* For each fitted position, the nearest reflection of @reflections within @tolerance degrees
 * (index into @reflections, or -1). */
void                 isc_xrd_assign             (const GArray *reflections,
                                                 const double *two_theta,
                                                 guint         n,
                                                 double        tolerance,
                                                 int          *assignment);

/* Semi-quantitative weight fractions by the reference-intensity-ratio method:
 * w_i ∝ I_i / (RIR_i · Irel_i), where I_i is the integrated intensity of a reflection of phase i
 * and Irel_i its intensity relative to that phase's strongest line (1 when it is the strongest).
 * Fills @fractions (sum 1). FALSE + ISC_ERROR_ARGUMENT when a RIR or area is not positive. */
gboolean             isc_xrd_rir_fractions      (const double *areas,
                                                 const double *rir,
                                                 const double *relative_intensity,
                                                 guint         n,
                                                 double       *fractions,
                                                 GError      **error);

/* The integrated intensity of the reference (strongest) line of @phases[@index] in @pattern, for
 * RIR fractions: fitted together with every reflection of @phases within 1° of it on one linear
 * background, so a neighbour's tails are not counted. Positions are calculated + @zero_shift. */
gboolean             isc_xrd_phase_line_area    (const IscXrdPattern        *pattern,
                                                 const IscXrdPhase * const  *phases,
                                                 guint                       n_phases,
                                                 guint                       index,
                                                 IscXrdProfile               profile,
                                                 gboolean                    model_ka2,
                                                 double                      zero_shift,
                                                 IscXrdPeakFit              *fit,
                                                 GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscXrdPhase, isc_xrd_phase_free)

G_END_DECLS
