/* project-retention.c: retention from cycler data, by the rule in project-retention.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "project-retention.h"

#include <math.h>

static gboolean
is_full (const IscCycleSummary *s)
{
  return s->charge_mah > 0.0 && s->discharge_mah > 0.0;
}

gboolean
isc_cycling_get_retention (const IscCyclingData *data,
                           guint                 cycles,
                           IscRetention         *out,
                           GError              **error)
{
  g_autoptr(GArray) summary = NULL;
  const IscCycleSummary *s, *reference = NULL, *end = NULL;
  IscReferenceChoice choice;
  gint last = -1;
  guint formation;
  gint64 wanted;

  g_return_val_if_fail (data != NULL && out != NULL, FALSE);

  /* The same choice as the cycling view and `cycling`: formation detected from the rate
   * segments, the reference is the first full cycle at the main rate. */
  summary = isc_cycling_summarize_full (data, NAN, -1, &choice);
  s = (const IscCycleSummary *) summary->data;
  for (guint i = 0; i < summary->len; i++)
    if (s[i].discharge_mah > 0.0)
      last = i;
  if (last < 0)
    {
      g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_INVALID,
                   "%s: no cycle with a discharge capacity", data->source);
      return FALSE;
    }

  formation = choice.reason == ISC_REFERENCE_AFTER_FORMATION ? choice.n_formation : 0;
  out->n_formation = formation;
  if (cycles > 0 && cycles <= formation)
    {
      /* Stopped within formation: nothing after formation to count from. */
      out->retention = NAN;
      out->reference_cycle = out->end_cycle = -1;
      return TRUE;
    }
  for (guint i = 0; i <= (guint) last && reference == NULL; i++)
    if (is_full (&s[i]) && (formation == 0 || s[i].cycle == choice.cycle))
      reference = &s[i];
  if (reference == NULL)
    {
      g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_INVALID,
                   "%s: no full cycle (charge and discharge) after %u formation cycle(s)",
                   data->source, formation);
      return FALSE;
    }

  /* The end cycle by number, so gaps in the file's numbering do not shift it. */
  wanted = cycles > 0 ? (gint64) reference->cycle + cycles - 1 : G_MAXINT64;
  for (guint i = 0; i <= (guint) last; i++)
    if (s[i].discharge_mah > 0.0 && s[i].cycle >= reference->cycle && s[i].cycle <= wanted)
      end = &s[i];
  g_assert (end != NULL);

  out->retention = end->discharge_mah / reference->discharge_mah;
  out->reference_cycle = reference->cycle;
  out->end_cycle = end->cycle;
  return TRUE;
}

gboolean
isc_condition_get_cycler_retention (IscCondition *condition,
                                    GCancellable *cancellable,
                                    double       *retention,
                                    GError      **error)
{
  double sum = 0.0;
  guint n = 0;

  g_return_val_if_fail (condition != NULL && retention != NULL, FALSE);
  *retention = NAN;
  for (guint i = 0; i < condition->cycler_files->len; i++)
    {
      IscDataset *dataset = g_ptr_array_index (condition->cycler_files, i);
      g_autoptr(IscCyclingData) data = NULL;
      IscRetention r;

      data = isc_cycling_load (dataset->path, ISC_CYCLER_AUTO, cancellable, error);
      if (data == NULL)
        return FALSE;
      if (!isc_cycling_get_retention (data, condition->cycles, &r, error))
        return FALSE;
      if (isfinite (r.retention))
        {
          sum += r.retention;
          n++;
        }
    }
  if (n > 0)
    *retention = sum / n;
  return TRUE;
}

gboolean
isc_gradient_add_cycler_retention (IscGradient  *gradient,
                                   IscProject   *project,
                                   GCancellable *cancellable,
                                   guint        *n_set,
                                   GError      **error)
{
  g_autoptr(GError) first_error = NULL;
  guint set = 0;

  g_return_val_if_fail (gradient != NULL && project != NULL, FALSE);
  for (guint c = 0; c < project->conditions->len; c++)
    {
      IscCondition *condition = g_ptr_array_index (project->conditions, c);
      g_autoptr(GError) local = NULL;
      double retention;

      if (condition->cycler_files->len == 0)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!isc_condition_get_cycler_retention (condition, cancellable, &retention, &local))
        {
          if (first_error == NULL)
            first_error = g_steal_pointer (&local);
          continue;
        }
      if (!isfinite (retention))
        continue;
      isc_gradient_set_retention (gradient, condition->name, condition->cycles, retention);
      set++;
    }
  if (n_set != NULL)
    *n_set = set;
  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }
  return TRUE;
}
