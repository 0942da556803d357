/* cycling-data.c: the record type and the per-cycle analyses. Calls no reader: the readers
 * (cycling-table.c, cycling-mpr.c) build on this file, never the other way round.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "cycling-data.h"

void
isc_cycling_column_map_init (IscCyclingColumnMap *map)
{
  g_return_if_fail (map != NULL);
  for (guint i = 0; i < ISC_CYCLING_N_COLS; i++)
    {
      map->index[i] = -1;
      map->scale[i] = 1.0;
    }
}

IscCyclingData *
isc_cycling_data_new (const char *source)
{
  IscCyclingData *data = g_new0 (IscCyclingData, 1);

  data->source = g_strdup (source);
  data->records = g_array_new (FALSE, FALSE, sizeof (IscCyclingRecord));
  data->active_mass_g = NAN;
  isc_cycling_column_map_init (&data->columns);
  return data;
}

void
isc_cycling_data_free (IscCyclingData *data)
{
  if (data == NULL)
    return;
  g_free (data->source);
  g_array_unref (data->records);
  g_free (data);
}

static const char *const format_names[] = { "auto", "biologic", "arbin", "maccor", "neware", "csv" };

const char *
isc_cycler_format_to_string (IscCyclerFormat format)
{
  g_return_val_if_fail (format <= ISC_CYCLER_CSV, "auto");
  return format_names[format];
}

gboolean
isc_cycler_format_from_string (const char      *text,
                               IscCyclerFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (text, format_names[i]) == 0)
      {
        *format = (IscCyclerFormat) i;
        return TRUE;
      }
  return FALSE;
}

#define REC(d, i) (&g_array_index ((d)->records, IscCyclingRecord, (i)))

void
isc_cycling_integrate (const IscCyclingData *data,
                       guint                 first,
                       guint                 n,
                       double               *charge_mah,
                       double               *discharge_mah)
{
  double qc = 0, qd = 0;

  g_return_if_fail (data != NULL);
  for (guint i = first + 1; i < first + n && i < data->records->len; i++)
    {
      const IscCyclingRecord *a = REC (data, i - 1), *b = REC (data, i);
      double dt = b->time_s - a->time_s;
      double q;

      if (!(dt > 0) || !isfinite (a->current_ma) || !isfinite (b->current_ma))
        continue;
      q = 0.5 * (a->current_ma + b->current_ma) * dt / 3600.0;
      if (q > 0)
        qc += q;
      else
        qd -= q;
    }
  if (charge_mah != NULL)
    *charge_mah = qc;
  if (discharge_mah != NULL)
    *discharge_mah = qd;
}

void
isc_cycling_data_normalize (IscCyclingData *data,
                            gboolean        capacities_given)
{
  GArray *r;

  g_return_if_fail (data != NULL);
  r = data->records;

  if (capacities_given)
    {
      /* Some cyclers (BDF exports, some Maccor) count discharge current as positive: find
       * out from which current flows while the charge capacity grows. */
      double while_charging = 0, while_discharging = 0;

      for (guint i = 1; i < r->len; i++)
        {
          const IscCyclingRecord *a = REC (data, i - 1), *b = REC (data, i);

          if (a->cycle != b->cycle || !isfinite (b->current_ma))
            continue;
          if (b->charge_mah > a->charge_mah)
            while_charging += b->current_ma;
          if (b->discharge_mah > a->discharge_mah)
            while_discharging += b->current_ma;
        }
      if (while_charging < 0 && while_discharging >= 0 && !(while_charging == 0 && while_discharging == 0))
        for (guint i = 0; i < r->len; i++)
          REC (data, i)->current_ma = -REC (data, i)->current_ma;
      else if (while_charging == 0 && while_discharging > 0)
        for (guint i = 0; i < r->len; i++)
          REC (data, i)->current_ma = -REC (data, i)->current_ma;
      return;
    }

  /* No capacity in the file: integrate the current, restarting every cycle. */
  {
    double qc = 0, qd = 0;

    for (guint i = 0; i < r->len; i++)
      {
        IscCyclingRecord *b = REC (data, i);

        if (i == 0 || REC (data, i - 1)->cycle != b->cycle)
          qc = qd = 0;
        else
          {
            IscCyclingRecord *a = REC (data, i - 1);
            double dt = b->time_s - a->time_s;

            if (dt > 0 && isfinite (a->current_ma) && isfinite (b->current_ma))
              {
                double q = 0.5 * (a->current_ma + b->current_ma) * dt / 3600.0;

                if (q > 0)
                  qc += q;
                else
                  qd -= q;
              }
          }
        b->charge_mah = qc;
        b->discharge_mah = qd;
      }
  }
}

static double
resolve_mass (const IscCyclingData *data,
              double                mass_g)
{
  if (mass_g > 0)
    return mass_g;
  if (data->active_mass_g > 0)
    return data->active_mass_g;
  return NAN;
}

/* The per-cycle quantities without retention. */
static GArray *
summarize_cycles (const IscCyclingData *data,
                  double                mass_g)
{
  GArray *out;
  double mass;
  guint i = 0;

  out = g_array_new (FALSE, TRUE, sizeof (IscCycleSummary));
  mass = resolve_mass (data, mass_g);
  while (i < data->records->len)
    {
      IscCycleSummary s = { 0 };
      guint j = i;
      double ech = 0, edis = 0, qch_sum = 0, qdis_sum = 0;

      s.cycle = REC (data, i)->cycle;
      s.first_record = i;
      while (j < data->records->len && REC (data, j)->cycle == s.cycle)
        {
          const IscCyclingRecord *b = REC (data, j);

          if (isfinite (b->charge_mah))
            s.charge_mah = MAX (s.charge_mah, b->charge_mah);
          if (isfinite (b->discharge_mah))
            s.discharge_mah = MAX (s.discharge_mah, b->discharge_mah);
          if (j > i)
            {
              /* Energy = ∫ V dQ, from the capacity increments (works without a current column). */
              const IscCyclingRecord *a = REC (data, j - 1);
              double v = 0.5 * (a->voltage_v + b->voltage_v);
              double dqc = b->charge_mah - a->charge_mah, dqd = b->discharge_mah - a->discharge_mah;

              if (isfinite (v) && dqc > 0)
                {
                  ech += v * dqc;
                  qch_sum += dqc;
                }
              if (isfinite (v) && dqd > 0)
                {
                  edis += v * dqd;
                  qdis_sum += dqd;
                }
            }
          j++;
        }
      s.n_records = j - i;
      s.charge_energy_mwh = ech;
      s.discharge_energy_mwh = edis;
      /* Mean voltage over the increments themselves: counters that restart per step would
       * otherwise make energy / max(Q) exceed the voltage range. */
      s.mean_charge_v = qch_sum > 0 ? ech / qch_sum : NAN;
      s.mean_discharge_v = qdis_sum > 0 ? edis / qdis_sum : NAN;
      s.charge_mah_g = s.charge_mah / mass;
      s.discharge_mah_g = s.discharge_mah / mass;
      s.coulombic_efficiency = s.charge_mah > 0 ? 100.0 * s.discharge_mah / s.charge_mah : NAN;
      s.retention = NAN;
      g_array_append_val (out, s);
      i = j;
    }
  return out;
}

double
isc_cycling_mean_discharge_current (const IscCyclingData  *data,
                                    const IscCycleSummary *cycle)
{
  double sum = 0.0;
  guint n = 0;

  g_return_val_if_fail (data != NULL && cycle != NULL, NAN);
  for (guint i = cycle->first_record; i < cycle->first_record + cycle->n_records && i < data->records->len; i++)
    {
      const IscCyclingRecord *r = REC (data, i);

      if (r->current_ma < 0.0)
        {
          sum += -r->current_ma;
          n++;
        }
    }
  return n > 0 ? sum / n : NAN;
}

static gboolean
is_full_cycle (const IscCycleSummary *s)
{
  return s->charge_mah > 0.0 && s->discharge_mah > 0.0;
}

/* Usual rates, so that 0.968 C (a 1 C current against a first cycle slightly above nominal)
 * reads "1 C". */
static double
snap_rate (double rate)
{
  static const double usual[] = { 0.02, 0.05, 0.1, 0.2, 0.25, 1.0 / 3.0, 0.5, 1, 2, 3, 4, 5, 10 };

  if (!(rate > 0))
    return NAN;
  for (guint i = 0; i < G_N_ELEMENTS (usual); i++)
    if (fabs (rate / usual[i] - 1.0) <= 0.08)
      return usual[i];
  {
    /* Two significant digits, as printed. */
    double scale = pow (10.0, floor (log10 (rate)) - 1);

    return round (rate / scale) * scale;
  }
}

char *
isc_c_rate_format (double c_rate)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (c_rate))
    return g_strdup ("");
  return g_strdup_printf ("%s C", g_ascii_formatd (buf, sizeof buf, "%.2g", c_rate));
}

/* Segments over a summary: the cycles that discharge at all, grouped by current. */
static GArray *
rate_segments (const IscCyclingData *data,
               GArray               *summary)
{
  GArray *segments = g_array_new (FALSE, TRUE, sizeof (IscRateSegment));
  IscRateSegment *cur = NULL;
  double nominal = NAN, sum = 0;
  guint n_sum = 0;

  /* 1 C from the largest discharge of the test (usually the slow first cycles): a tiny
   * partial cycle 0 must not set it. */
  for (guint i = 0; i < summary->len; i++)
    {
      const IscCycleSummary *s = &g_array_index (summary, IscCycleSummary, i);

      if (s->discharge_mah > 0 && !(s->discharge_mah <= nominal))
        nominal = s->discharge_mah;
    }
  for (guint i = 0; i < summary->len; i++)
    {
      const IscCycleSummary *s = &g_array_index (summary, IscCycleSummary, i);
      double current;
      gboolean same;

      if (!(s->discharge_mah > 0))
        continue;
      current = isc_cycling_mean_discharge_current (data, s);
      if (cur != NULL)
        {
          double first = cur->current_ma;

          same = (!isfinite (current) && !isfinite (first))
                 || (isfinite (current) && isfinite (first) && fabs (current - first) <= 0.15 * first);
        }
      else
        same = FALSE;
      if (!same)
        {
          IscRateSegment seg = { s->cycle, s->cycle, 0, current, NAN };

          if (cur != NULL && n_sum > 0)
            cur->current_ma = sum / n_sum;
          g_array_append_val (segments, seg);
          cur = &g_array_index (segments, IscRateSegment, segments->len - 1);
          sum = 0;
          n_sum = 0;
        }
      cur->last_cycle = s->cycle;
      cur->n_cycles++;
      if (isfinite (current))
        {
          sum += current;
          n_sum++;
        }
    }
  if (cur != NULL && n_sum > 0)
    cur->current_ma = sum / n_sum;
  for (guint i = 0; i < segments->len; i++)
    {
      IscRateSegment *seg = &g_array_index (segments, IscRateSegment, i);

      seg->c_rate = nominal > 0 ? snap_rate (seg->current_ma / nominal) : NAN;
    }
  return segments;
}

GArray *
isc_cycling_rate_segments (const IscCyclingData *data)
{
  g_autoptr(GArray) summary = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  summary = summarize_cycles (data, NAN);
  return rate_segments (data, summary);
}

static void
choose_reference (const IscCyclingData *data,
                  GArray               *summary,
                  gint32                requested,
                  IscReferenceChoice   *choice)
{
  g_autoptr(GArray) segments = rate_segments (data, summary);
  const IscRateSegment *main_seg = NULL;
  guint formation = 0, main_index = 0;
  gboolean formation_ok = TRUE;

  choice->cycle = -1;
  choice->reason = ISC_REFERENCE_NONE;
  choice->n_formation = 0;
  choice->c_rate = NAN;
  choice->formation_c_rate = NAN;

  for (guint i = 0; i < segments->len; i++)
    {
      const IscRateSegment *seg = &g_array_index (segments, IscRateSegment, i);

      if (main_seg == NULL || seg->n_cycles > main_seg->n_cycles)
        {
          main_seg = seg;
          main_index = i;
        }
    }
  if (main_seg != NULL && isfinite (main_seg->current_ma))
    {
      for (guint i = 0; i < main_index; i++)
        {
          const IscRateSegment *seg = &g_array_index (segments, IscRateSegment, i);

          if (!(seg->current_ma < ISC_CYCLING_FORMATION_RATE_SHARE * main_seg->current_ma))
            formation_ok = FALSE;
          formation += seg->n_cycles;
        }
      if (!formation_ok || formation > ISC_CYCLING_MAX_FORMATION)
        formation = 0;
    }

  if (requested >= 0)
    {
      choice->cycle = requested;
      choice->reason = ISC_REFERENCE_REQUESTED;
    }
  else if (formation > 0)
    {
      /* The first full cycle of the main segment. */
      for (guint i = 0; i < summary->len; i++)
        {
          const IscCycleSummary *s = &g_array_index (summary, IscCycleSummary, i);

          if (s->cycle >= main_seg->first_cycle && is_full_cycle (s))
            {
              choice->cycle = s->cycle;
              choice->reason = ISC_REFERENCE_AFTER_FORMATION;
              break;
            }
        }
    }
  if (choice->reason == ISC_REFERENCE_NONE)
    {
      formation = 0;
      for (guint i = 0; i < summary->len; i++)
        if (g_array_index (summary, IscCycleSummary, i).discharge_mah > 0)
          {
            choice->cycle = g_array_index (summary, IscCycleSummary, i).cycle;
            choice->reason = ISC_REFERENCE_FIRST_CYCLE;
            break;
          }
    }
  choice->n_formation = formation;
  if (formation > 0)
    choice->formation_c_rate = g_array_index (segments, IscRateSegment, 0).c_rate;
  for (guint i = 0; i < segments->len; i++)
    {
      const IscRateSegment *seg = &g_array_index (segments, IscRateSegment, i);

      if (choice->cycle >= seg->first_cycle && choice->cycle <= seg->last_cycle)
        choice->c_rate = seg->c_rate;
    }
}

void
isc_cycling_choose_reference (const IscCyclingData *data,
                              gint32                requested,
                              IscReferenceChoice   *choice)
{
  g_autoptr(GArray) summary = NULL;

  g_return_if_fail (data != NULL && choice != NULL);
  summary = summarize_cycles (data, NAN);
  choose_reference (data, summary, requested, choice);
}

char *
isc_reference_choice_describe (const IscReferenceChoice *choice)
{
  g_autofree char *rate = NULL;
  g_autofree char *frate = NULL;

  g_return_val_if_fail (choice != NULL, NULL);
  rate = isc_c_rate_format (choice->c_rate);
  frate = isc_c_rate_format (choice->formation_c_rate);
  switch (choice->reason)
    {
    case ISC_REFERENCE_NONE:
      return g_strdup ("no cycle with a discharge");
    case ISC_REFERENCE_REQUESTED:
      return g_strdup_printf ("cycle %d, as requested", choice->cycle);
    case ISC_REFERENCE_FIRST_CYCLE:
      return g_strdup_printf ("cycle %d, the first with a discharge (no formation cycles detected)",
                              choice->cycle);
    case ISC_REFERENCE_AFTER_FORMATION:
    default:
      if (*rate == '\0')
        return g_strdup_printf ("cycle %d, the first after %u formation cycle(s)",
                                choice->cycle, choice->n_formation);
      return g_strdup_printf ("cycle %d, the first at %s after %u formation cycle(s)%s%s",
                              choice->cycle, rate, choice->n_formation,
                              *frate != '\0' ? " at " : "", frate);
    }
}

GArray *
isc_cycling_summarize_full (const IscCyclingData *data,
                            double                mass_g,
                            gint32                reference_cycle,
                            IscReferenceChoice   *choice)
{
  GArray *out;
  IscReferenceChoice local;
  double ref = NAN;

  g_return_val_if_fail (data != NULL, NULL);

  out = summarize_cycles (data, mass_g);
  choose_reference (data, out, reference_cycle, &local);
  for (guint k = 0; k < out->len; k++)
    {
      IscCycleSummary *s = &g_array_index (out, IscCycleSummary, k);

      if (s->cycle == local.cycle)
        {
          ref = s->discharge_mah;
          break;
        }
    }
  for (guint k = 0; k < out->len; k++)
    {
      IscCycleSummary *s = &g_array_index (out, IscCycleSummary, k);

      s->retention = ref > 0 ? 100.0 * s->discharge_mah / ref : NAN;
    }
  if (choice != NULL)
    *choice = local;
  return out;
}

GArray *
isc_cycling_summarize (const IscCyclingData *data,
                       double                mass_g,
                       gint32                reference_cycle)
{
  return isc_cycling_summarize_full (data, mass_g, reference_cycle, NULL);
}

/* The records of one half cycle: in @cycle, current of the right sign. */
static gboolean
half_cycle_points (const IscCyclingData *data,
                   gint32                cycle,
                   gboolean              charge,
                   double                mass_g,
                   GArray              **capacity,
                   GArray              **voltage)
{
  GArray *q = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *v = g_array_new (FALSE, FALSE, sizeof (double));
  double mass = resolve_mass (data, mass_g);
  double q0 = INFINITY;
  double div = mass > 0 ? mass : 1.0;

  for (guint i = 0; i < data->records->len; i++)
    {
      const IscCyclingRecord *r = REC (data, i);
      double cap = charge ? r->charge_mah : r->discharge_mah;

      if (r->cycle != cycle || !isfinite (cap) || !isfinite (r->voltage_v))
        continue;
      if (charge ? !(r->current_ma > 0) : !(r->current_ma < 0))
        continue;
      q0 = MIN (q0, cap);
      g_array_append_val (q, cap);
      g_array_append_val (v, r->voltage_v);
    }
  if (q->len < 2)
    {
      g_array_unref (q);
      g_array_unref (v);
      return FALSE;
    }
  /* Start each curve at zero: some cyclers carry the previous cycle's count into the first rows. */
  for (guint i = 0; i < q->len; i++)
    g_array_index (q, double, i) = (g_array_index (q, double, i) - q0) / div;
  *capacity = q;
  *voltage = v;
  return TRUE;
}

gboolean
isc_cycling_voltage_curve (const IscCyclingData *data,
                           gint32                cycle,
                           gboolean              charge,
                           double                mass_g,
                           GArray              **capacity,
                           GArray              **voltage)
{
  g_return_val_if_fail (data != NULL && capacity != NULL && voltage != NULL, FALSE);
  return half_cycle_points (data, cycle, charge, mass_g, capacity, voltage);
}

gboolean
isc_cycling_dqdv (const IscCyclingData *data,
                  gint32                cycle,
                  gboolean              charge,
                  double                mass_g,
                  double                bin_v,
                  GArray              **voltage,
                  GArray              **dqdv)
{
  g_autoptr(GArray) q = NULL;
  g_autoptr(GArray) v = NULL;
  GArray *vo, *dq;
  guint stride;

  g_return_val_if_fail (data != NULL && voltage != NULL && dqdv != NULL, FALSE);

  if (!half_cycle_points (data, cycle, charge, mass_g, &q, &v) || q->len < 3)
    return FALSE;
  if (!(bin_v > 0))
    bin_v = 0.005;
  /* Central differences over a window that spans at least @bin_v volts: noise in dense data
   * averages out, and sparse data (a few dozen points per half) still gives a smooth curve,
   * where fixed voltage bins would be mostly empty. */
  stride = MAX (1, q->len / 2000);
  vo = g_array_new (FALSE, FALSE, sizeof (double));
  dq = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < q->len; i += stride)
    {
      guint lo = i, hi = i;
      double dv = 0, val, vm;

      while (dv < bin_v && (lo > 0 || hi + 1 < q->len) && hi - lo < 400)
        {
          if (lo > 0)
            lo--;
          if (hi + 1 < q->len)
            hi++;
          dv = fabs (g_array_index (v, double, hi) - g_array_index (v, double, lo));
        }
      if (!(dv > 0))
        continue;
      val = fabs (g_array_index (q, double, hi) - g_array_index (q, double, lo)) / dv;
      vm = g_array_index (v, double, i);
      g_array_append_val (vo, vm);
      g_array_append_val (dq, val);
    }
  if (vo->len == 0)
    {
      g_array_unref (vo);
      g_array_unref (dq);
      return FALSE;
    }
  *voltage = vo;
  *dqdv = dq;
  return TRUE;
}
