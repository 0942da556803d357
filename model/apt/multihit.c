/* multihit.c: multiplicity statistics, correlation histogram, detector map.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "multihit.h"
#include "isc-error.h"
#include "isotopes.h"

/* Walks the events: calls @func for each with the index of its first ion and its size. */
typedef void (*EventFunc) (const IscIonCloud *cloud,
                           gsize              first,
                           guint              size,
                           gpointer           data);

static gboolean
for_each_event (const IscIonCloud  *cloud,
                EventFunc           func,
                gpointer            data,
                GError            **error)
{
  gsize i = 0;

  if (cloud->multiplicity == NULL)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT,
                   "%s carries no multiplicity (ions per pulse): multiple hits need .epos or .apt data",
                   cloud->source_path != NULL ? cloud->source_path : "the data");
      return FALSE;
    }
  while (i < cloud->n_ions)
    {
      guint size = cloud->multiplicity[i];

      if (size == 0)
        {
          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID,
                       "ion %" G_GSIZE_FORMAT " has multiplicity 0 but no event before it announced it", i);
          return FALSE;
        }
      if (size > cloud->n_ions - i)
        {
          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID,
                       "the event at ion %" G_GSIZE_FORMAT " announces %u ions, past the end of the data", i, size);
          return FALSE;
        }
      for (guint k = 1; k < size; k++)
        if (cloud->multiplicity[i + k] != 0)
          {
            g_set_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID,
                         "the event at ion %" G_GSIZE_FORMAT " announces %u ions, but ion %" G_GSIZE_FORMAT
                         " starts another", i, size, i + k);
            return FALSE;
          }
      func (cloud, i, size, data);
      i += size;
    }
  return TRUE;
}

static void
count_event (const IscIonCloud *cloud G_GNUC_UNUSED,
             gsize              first G_GNUC_UNUSED,
             guint              size,
             gpointer           data)
{
  IscMultihitStats *s = data;
  guint k = MIN (size, ISC_MULTIHIT_MAX_CLASS);

  s->events++;
  s->ions += size;
  s->events_by_multiplicity[k]++;
  s->ions_by_multiplicity[k] += size;
  s->pairs += (guint64) size * (size - 1) / 2;
}

gboolean
isc_multihit_stats (const IscIonCloud  *cloud,
                    IscMultihitStats   *stats,
                    GError            **error)
{
  g_return_val_if_fail (cloud != NULL && stats != NULL, FALSE);

  *stats = (IscMultihitStats) { 0 };
  if (!for_each_event (cloud, count_event, stats, error))
    return FALSE;
  if (stats->ions > 0)
    stats->multiple_fraction = (double) (stats->ions - stats->ions_by_multiplicity[1]) / stats->ions;
  stats->mean_multiplicity = stats->events > 0 ? (double) stats->ions / stats->events : 0;
  return TRUE;
}

static IscHistogram2D *
histogram_new (double lo,
               double hi,
               guint  n)
{
  IscHistogram2D *h = g_new0 (IscHistogram2D, 1);

  h->lo = lo;
  h->hi = hi;
  h->n = n;
  h->bins = g_new0 (guint64, (gsize) n * n);
  return h;
}

static void
histogram_add (IscHistogram2D *h,
               double          x,
               double          y)
{
  double scale = h->n / (h->hi - h->lo);
  double fx = (x - h->lo) * scale, fy = (y - h->lo) * scale;

  if (fx >= 0 && fy >= 0 && fx < h->n && fy < h->n)
    h->bins[(gsize) fy * h->n + (gsize) fx]++;
}

static void
pair_event (const IscIonCloud *cloud,
            gsize              first,
            guint              size,
            gpointer           data)
{
  for (guint a = 0; a < size; a++)
    for (guint b = a + 1; b < size; b++)
      {
        float ma = cloud->mq[first + a], mb = cloud->mq[first + b];

        histogram_add (data, MIN (ma, mb), MAX (ma, mb));
      }
}

static gboolean
check_bins (double   lo,
            double   hi,
            guint    n,
            GError **error)
{
  if (!(hi > lo) || !isfinite (lo) || !isfinite (hi) || n == 0 || n > 4096)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT,
                   "the histogram needs LO < HI and 1 to 4096 bins");
      return FALSE;
    }
  return TRUE;
}

IscHistogram2D *
isc_multihit_correlation (const IscIonCloud  *cloud,
                          double              lo,
                          double              hi,
                          guint               n_bins,
                          GError            **error)
{
  g_autoptr(IscHistogram2D) h = NULL;

  g_return_val_if_fail (cloud != NULL, NULL);
  if (!check_bins (lo, hi, n_bins, error))
    return NULL;
  h = histogram_new (lo, hi, n_bins);
  if (!for_each_event (cloud, pair_event, h, error))
    return NULL;
  return g_steal_pointer (&h);
}

IscHistogram2D *
isc_detector_map (const IscIonCloud  *cloud,
                  const guint8       *selected,
                  double              radius,
                  guint               n_bins,
                  GError            **error)
{
  g_autoptr(IscHistogram2D) h = NULL;

  g_return_val_if_fail (cloud != NULL, NULL);
  if (cloud->det_x == NULL || cloud->det_y == NULL)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT,
                   "%s carries no detector coordinates: the hit map needs .epos or .apt data",
                   cloud->source_path != NULL ? cloud->source_path : "the data");
      return NULL;
    }
  if (radius <= 0)
    for (gsize i = 0; i < cloud->n_ions; i++)
      if (selected == NULL || selected[i])
        radius = MAX (radius, MAX (fabsf (cloud->det_x[i]), fabsf (cloud->det_y[i])));
  if (radius <= 0)
    radius = 1;
  /* The extreme hit lies on the edge: widen by half a bin so it is drawn. */
  radius *= 1.0 + 1.0 / MAX (n_bins, 1);
  if (!check_bins (-radius, radius, n_bins, error))
    return NULL;
  h = histogram_new (-radius, radius, n_bins);
  for (gsize i = 0; i < cloud->n_ions; i++)
    if (selected == NULL || selected[i])
      histogram_add (h, cloud->det_x[i], cloud->det_y[i]);
  return g_steal_pointer (&h);
}

void
isc_histogram_2d_free (IscHistogram2D *h)
{
  if (h == NULL)
    return;
  g_free (h->bins);
  g_free (h);
}

guint32 *
isc_histogram_2d_to_argb (const IscHistogram2D *h)
{
  guint32 *pixels = g_new (guint32, (gsize) h->n * h->n);
  guint64 max = 0;
  double scale;

  for (gsize k = 0; k < (gsize) h->n * h->n; k++)
    max = MAX (max, h->bins[k]);
  scale = max > 0 ? 1.0 / log1p ((double) max) : 0;
  for (guint row = 0; row < h->n; row++)
    for (guint x = 0; x < h->n; x++)
      {
        guint64 c = h->bins[(gsize) (h->n - 1 - row) * h->n + x];
        /* Log scale so that weak tracks show beside the strong diagonal spots. */
        double t = c > 0 ? 0.15 + 0.85 * log1p ((double) c) * scale : 0;
        guint8 r = (guint8) lround (255 * (1 - t));
        guint8 g = (guint8) lround (255 * (1 - 0.85 * t));
        guint8 b = (guint8) lround (255 * (1 - 0.5 * t));

        pixels[(gsize) row * h->n + x] = 0xff000000u | (guint32) r << 16 | (guint32) g << 8 | b;
      }
  return pixels;
}

static double
apparent_mq (double m,
             guint  q,
             double parent_mass,
             guint  parent_charge,
             double alpha)
{
  return m / (parent_charge * (1 - alpha) * m / parent_mass + q * alpha);
}

gboolean
isc_multihit_dissociation_track (double  parent_mass,
                                 guint   parent_charge,
                                 double  daughter_mass,
                                 guint   daughter_charge,
                                 guint   n_points,
                                 double *x,
                                 double *y)
{
  double other_mass = parent_mass - daughter_mass;
  guint other_charge;

  if (daughter_charge == 0 || daughter_charge >= parent_charge || !(daughter_mass > 0) || !(other_mass > 0)
      || n_points < 2)
    return FALSE;
  other_charge = parent_charge - daughter_charge;
  for (guint k = 0; k < n_points; k++)
    {
      double alpha = (double) k / (n_points - 1);
      double a = apparent_mq (daughter_mass, daughter_charge, parent_mass, parent_charge, alpha);
      double b = apparent_mq (other_mass, other_charge, parent_mass, parent_charge, alpha);

      x[k] = MIN (a, b);
      y[k] = MAX (a, b);
    }
  return TRUE;
}

static double
main_peak_mass (GArray *peaks)
{
  const IscIsotopePeak *best = &g_array_index (peaks, IscIsotopePeak, 0);

  for (guint i = 1; i < peaks->len; i++)
    if (g_array_index (peaks, IscIsotopePeak, i).abundance > best->abundance)
      best = &g_array_index (peaks, IscIsotopePeak, i);
  return best->mass_da;
}

GArray *
isc_multihit_track_parse (const char  *text,
                          GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);
  g_autoptr(GArray) parent = NULL;
  g_autoptr(GArray) daughter = NULL;
  GArray *points;
  guint64 zp = 0, zd = 0;
  double x[64], y[64], mp, md;

  if (g_strv_length (parts) != 4 || !g_ascii_string_to_unsigned (parts[1], 10, 1, 8, &zp, NULL)
      || !g_ascii_string_to_unsigned (parts[3], 10, 1, 8, &zd, NULL))
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT,
                   "track “%s” is not PARENT:CHARGE:DAUGHTER:CHARGE (e.g. O2:2:O:1)", text);
      return NULL;
    }
  /* Masses of the most abundant isotopologues. */
  parent = isc_isotopes_formula_peaks (parts[0], 1, 0.01, 0, error);
  if (parent == NULL)
    return NULL;
  daughter = isc_isotopes_formula_peaks (parts[2], 1, 0.01, 0, error);
  if (daughter == NULL)
    return NULL;
  mp = main_peak_mass (parent);
  md = main_peak_mass (daughter);
  if (!isc_multihit_dissociation_track (mp, (guint) zp, md, (guint) zd, G_N_ELEMENTS (x), x, y))
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT,
                   "track “%s”: the daughter must be lighter than the parent and leave a charged remainder", text);
      return NULL;
    }
  points = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint k = 0; k < G_N_ELEMENTS (x); k++)
    {
      g_array_append_val (points, x[k]);
      g_array_append_val (points, y[k]);
    }
  return points;
}
