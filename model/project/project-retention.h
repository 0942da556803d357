/* project-retention.h: capacity retention of a cycling condition from its cycler data.
 *
 * The rule (documented here because the number depends on it):
 *  - Formation cycles are the leading cycles run at a lower rate than the test, as
 *    isc_cycling_choose_reference () finds them (cycling-data.h: the leading cycles before the
 *    longest rate segment, each below 0.75 × its rate, at most 10). Files without a current
 *    (capacities only) have no detectable formation.
 *  - The reference is the first full cycle (charge and discharge both > 0) after formation;
 *    it counts as 100 %.
 *  - The end cycle is the condition's last cycle: the reference plus (cycles − 1), i.e. the
 *    condition's cycles are counted at the test rate, clamped to the last cycle with a
 *    discharge in the file (one long test can serve conditions stopped earlier).
 *  - Retention = discharge capacity of the end cycle / discharge capacity of the reference.
 *  - A condition whose cycles do not go past formation (cycles ≤ formation cycles) has no
 *    retention from the data (NaN; the stored value stays). With several cycler files the
 *    mean over the files that give one is used.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cycling-data.h"
#include "gradient.h"
#include "project.h"

G_BEGIN_DECLS

#define ISC_RETENTION_FORMATION_RATE_SHARE ISC_CYCLING_FORMATION_RATE_SHARE

typedef struct
{
  double retention;        /* fraction (0.76 = 76 %) */
  gint32 reference_cycle;  /* the file's cycle number counted as 100 % */
  gint32 end_cycle;        /* the cycle the retention is read at */
  guint  n_formation;      /* leading cycles recognised as formation */
} IscRetention;

/* Retention after @cycles cycles of a condition (0 = the last cycle in the data), by the rule
 * above; NaN (and TRUE) when @cycles ends within formation. FALSE with ISC_CYCLING_ERROR / ISC_ERROR_INVALID (naming @data's source) when the data
 * has no full cycle after formation or the condition ends within formation. */
gboolean isc_cycling_get_retention       (const IscCyclingData *data,
                                          guint                 cycles,
                                          IscRetention         *out,
                                          GError              **error);

/* Reads the cycler files of @condition and returns the mean retention over them as a fraction;
 * NaN when the condition has no cycler file or none gives one. FALSE with an error naming the file when a file
 * cannot be read or gives no retention. Callable from a worker thread. */
gboolean isc_condition_get_cycler_retention (IscCondition *condition,
                                             GCancellable *cancellable,
                                             double       *retention,
                                             GError      **error);

/* Sets the retention of every condition of @project that has cycler data in @gradient (which
 * must already hold the project, see isc_gradient_add_project ()); conditions without cycler
 * data keep the stored value. Conditions whose files fail also keep the stored value: the
 * first failure is returned in @error (may be NULL) and the function returns FALSE, after
 * processing every condition. Returns the number of conditions set through @n_set (may be NULL). */
gboolean isc_gradient_add_cycler_retention (IscGradient  *gradient,
                                            IscProject   *project,
                                            GCancellable *cancellable,
                                            guint        *n_set,
                                            GError      **error);

G_END_DECLS
