/* gradient.h: element-versus-depth gradients across sites and cycling conditions.
 *
 * Input is one number per specimen: the atomic ratio of an element normalised to the metal sum
 * (SCIENCE.md) of one APT needle, with the condition, its number of cycles, the site and the site's
 * depth below the particle surface (nm). From these the gradient computes per site the mean,
 * sample standard deviation and count; per condition the series sorted by depth; the gradient
 * depth (where the element first reaches a share of the deepest site's value); a linear fit of
 * gradient depth against cycles; and a fit of capacity retention against the mean ratio.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "isc-error.h"
#include "project.h"

G_BEGIN_DECLS

#define ISC_GRADIENT_DEFAULT_SHARE 0.90

typedef struct _IscGradient IscGradient;

typedef struct
{
  const char *label;      /* site label (owned by the gradient) */
  double      depth_nm;   /* nm below the surface */
  double      mean;       /* mean ratio over the specimens */
  double      std;        /* sample standard deviation (n - 1); NaN when n < 2 */
  guint       n;          /* specimens */
} IscGradientPoint;

typedef struct
{
  double slope;
  double intercept;
  double r2;              /* coefficient of determination; NaN when y does not vary */
  guint  n;               /* points used */
} IscLinearFit;

IscGradient *isc_gradient_new               (void);
void         isc_gradient_free              (IscGradient *gradient);

/* Adds one specimen's ratio. Conditions and sites are created on first use, in order of first
 * appearance; a site is identified by condition + label (the first depth given is kept).
 * Non-finite ratios are ignored. */
void         isc_gradient_add_specimen      (IscGradient *gradient,
                                             const char  *condition,
                                             guint        cycles,
                                             const char  *site,
                                             double       depth_nm,
                                             const char  *element,
                                             double       ratio);
/* Capacity retention of a condition as a fraction (0.76 = 76 %). */
void         isc_gradient_set_retention     (IscGradient *gradient,
                                             const char  *condition,
                                             guint        cycles,
                                             double       retention);
/* Adds every APT dataset of @project with a cached result (all of them when @only_valid is FALSE,
 * else only those whose cache matches the files), each condition's retention, and the project's
 * bulk references (a reference named after a condition, "300 cycles (ICP-AES)", belongs to the
 * condition "300 cycles"). Returns the number of specimens added. */
guint        isc_gradient_add_project       (IscGradient *gradient,
                                             IscProject  *project,
                                             gboolean     only_valid);

guint        isc_gradient_get_n_conditions  (IscGradient *gradient);
const char  *isc_gradient_get_condition     (IscGradient *gradient,
                                             guint        index,
                                             guint       *cycles);
/* Capacity retention of condition @index as a fraction; NaN when unknown. */
double       isc_gradient_get_retention     (IscGradient *gradient,
                                             guint        index);
/* Elements seen in any specimen of condition @index (all conditions when @index is G_MAXUINT),
 * sorted by name. Free with g_strfreev. */
char       **isc_gradient_list_elements     (IscGradient *gradient,
                                             guint        index);

/* The series of @element for condition @index, sorted by depth: an array of IscGradientPoint
 * (sites without that element are left out). Free with g_array_unref. */
GArray      *isc_gradient_get_series        (IscGradient *gradient,
                                             guint        index,
                                             const char  *element);

/* Depth (nm) at which @element first reaches @share of its value at the condition's deepest
 * site, interpolated linearly between neighbouring site means. NaN, with a reason in
 * @reason (may be NULL; free with g_free) when it is never crossed. */
double       isc_gradient_get_depth         (IscGradient *gradient,
                                             guint        index,
                                             const char  *element,
                                             double       share,
                                             char       **reason);

/* Least-squares line of gradient depth (nm) against cycles over the conditions with a finite
 * depth. FALSE with ISC_ANALYSIS_ERROR when fewer than two distinct cycle counts remain. */
gboolean     isc_gradient_fit_depth         (IscGradient  *gradient,
                                             const char   *element,
                                             double        share,
                                             IscLinearFit *fit,
                                             GError      **error);

/* Least squares through the origin, depth = slope × cycles (the study's "grows in proportion
 * to the cycles"): one parameter, so two conditions leave one degree of freedom for
 * @slope_sigma (the standard error from the residuals; NaN with one point). FALSE with
 * ISC_ANALYSIS_ERROR when no condition with cycles > 0 has a depth. */
gboolean     isc_gradient_fit_depth_origin  (IscGradient  *gradient,
                                             const char   *element,
                                             double        share,
                                             double       *slope,
                                             double       *slope_sigma,
                                             guint        *n,
                                             GError      **error);

/* Uncertainty (nm) of the gradient depth of condition @index from the specimen scatter: each
 * site mean moved by its standard error (std / √n) in turn, the depth changes added in
 * quadrature. 0 when no site has a scatter; NaN when there is no depth. */
double       isc_gradient_get_depth_sigma   (IscGradient *gradient,
                                             guint        index,
                                             const char  *element,
                                             double       share);

/* Sensitivity of the gradient depth to the threshold: d depth / d share (nm per unit of share)
 * by a central difference over share ± @step (clamped to (0, 1]); NaN when either side has no
 * depth. */
double       isc_gradient_get_depth_sensitivity (IscGradient *gradient,
                                                 guint        index,
                                                 const char  *element,
                                                 double       share,
                                                 double       step);

/* A bulk reference (ICP-AES) ratio of @element for a condition, e.g. from the project's
 * references; replaces an earlier one of the same condition and element. */
void         isc_gradient_set_bulk_reference (IscGradient *gradient,
                                              const char  *condition,
                                              guint        cycles,
                                              const char  *name,
                                              const char  *element,
                                              double       value);
/* The bulk reference of condition @index for @element, NaN when none; @name (may be NULL) gets
 * the reference's name (owned by the gradient). */
double       isc_gradient_get_bulk_reference (IscGradient *gradient,
                                              guint        index,
                                              const char  *element,
                                              const char **name);

/* Mean ratio of @element over a condition: the mean of its site means (each site weighs the
 * same, as the sites sample depths, not specimens). NaN when absent. */
double       isc_gradient_get_condition_mean (IscGradient *gradient,
                                              guint        index,
                                              const char  *element);

/* Least-squares line of retention (fraction) against the condition mean of @element, over the
 * conditions with both known. FALSE with ISC_ANALYSIS_ERROR when fewer than two remain. */
gboolean     isc_gradient_fit_retention     (IscGradient  *gradient,
                                             const char   *element,
                                             IscLinearFit *fit,
                                             GError      **error);

/* Plain least squares of y on x over @n points; FALSE when n < 2 or x does not vary. */
gboolean     isc_linear_fit                 (const double *x,
                                             const double *y,
                                             guint         n,
                                             IscLinearFit *fit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscGradient, isc_gradient_free)

G_END_DECLS
