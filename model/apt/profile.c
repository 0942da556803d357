/* profile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

#define CHUNK          (1 << 16)
#define MAX_BINS       1000000
#define MAX_HIST_CELLS (64u * 1024 * 1024)

void
isc_profile_settings_init (IscProfileSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->axis = ISC_PROFILE_AXIS_Z;
  settings->binning = ISC_PROFILE_FIXED_WIDTH;
  settings->bin_width = 1.0;
  settings->atoms_per_bin = 1000;
}

void
isc_profile_free (IscProfile *profile)
{
  if (profile == NULL)
    return;
  g_strfreev (profile->elements);
  g_free (profile->start);
  g_free (profile->end);
  g_free (profile->atoms);
  g_free (profile->counts);
  g_free (profile->fraction);
  g_free (profile->sigma);
  g_free (profile);
}

int
isc_profile_find_element (const IscProfile *profile,
                          const char       *symbol)
{
  g_return_val_if_fail (profile != NULL && symbol != NULL, -1);

  for (guint e = 0; e < profile->n_elements; e++)
    if (g_str_equal (profile->elements[e], symbol))
      return e;
  return -1;
}

const char *
isc_profile_axis_to_string (IscProfileAxis axis)
{
  switch (axis)
    {
    case ISC_PROFILE_AXIS_X: return "x";
    case ISC_PROFILE_AXIS_Y: return "y";
    case ISC_PROFILE_AXIS_Z: return "z";
    case ISC_PROFILE_AXIS_ROI: return "roi";
    default: return "z";
    }
}

gboolean
isc_profile_axis_from_string (const char     *text,
                              IscProfileAxis *out)
{
  static const IscProfileAxis all[] = {
    ISC_PROFILE_AXIS_X, ISC_PROFILE_AXIS_Y, ISC_PROFILE_AXIS_Z, ISC_PROFILE_AXIS_ROI,
  };

  g_return_val_if_fail (text != NULL && out != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (g_ascii_strcasecmp (text, isc_profile_axis_to_string (all[i])) == 0)
      {
        *out = all[i];
        return TRUE;
      }
  return FALSE;
}

/* Per ion type: atoms of each element and in total (0 for unranged and element-less types). */
typedef struct
{
  guint    n_types;
  guint    n_elements;
  guint    atoms[256];
  guint   *per_element;  /* 256 × n_elements */
} AtomTable;

static void
atom_table_init (AtomTable          *table,
                 const IscRangeSet  *ranges,
                 char              **elements)
{
  table->n_types = MIN (isc_range_set_get_n_ion_types (ranges), ISC_MAX_ION_TYPES);
  table->n_elements = g_strv_length (elements);
  table->per_element = g_new0 (guint, 256 * MAX (table->n_elements, 1));
  memset (table->atoms, 0, sizeof table->atoms);
  for (guint t = 0; t < table->n_types; t++)
    for (guint e = 0; e < table->n_elements; e++)
      {
        guint n = isc_range_set_count_atoms (ranges, t, elements[e]);

        table->per_element[t * table->n_elements + e] = n;
        table->atoms[t] += n;
      }
}

/* Axis as origin + direction, in float like the positions. */
typedef struct
{
  float o[3];
  float d[3];
} Axis;

static void
axis_init (Axis               *axis,
           IscProfileAxis      kind,
           const IscRoi       *roi)
{
  double o[3] = { 0, 0, 0 }, d[3] = { 0, 0, 0 };

  if (kind == ISC_PROFILE_AXIS_ROI)
    isc_roi_get_axis (roi, o, d);
  else
    d[kind == ISC_PROFILE_AXIS_X ? 0 : kind == ISC_PROFILE_AXIS_Y ? 1 : 2] = 1.0;
  for (int k = 0; k < 3; k++)
    {
      axis->o[k] = o[k];
      axis->d[k] = d[k];
    }
}

static inline float
axis_coordinate (const Axis *a, float x, float y, float z)
{
  return (x - a->o[0]) * a->d[0] + (y - a->o[1]) * a->d[1] + (z - a->o[2]) * a->d[2];
}

static gboolean
check_cancel (GCancellable  *cancellable,
              GError       **error)
{
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static int
compare_keyed (const void *a,
               const void *b)
{
  float x = ((const IscKeyedRecord *) a)->key, y = ((const IscKeyedRecord *) b)->key;

  return x < y ? -1 : x > y ? 1 : 0;
}

static void
sort_small (IscKeyedRecord *r,
            gsize           n)
{
  if (n > 48)
    {
      qsort (r, n, sizeof *r, compare_keyed);
      return;
    }
  for (gsize i = 1; i < n; i++)
    {
      IscKeyedRecord v = r[i];
      gsize j = i;

      while (j > 0 && r[j - 1].key > v.key)
        {
          r[j] = r[j - 1];
          j--;
        }
      r[j] = v;
    }
}

/* Bucket pass into @scratch and back, then each bucket again: the first level keeps its
 * counters in L2 (≤ 65536 buckets), deeper levels work on cache-sized pieces. */
static void
bucket_sort (IscKeyedRecord *r,
             gsize           n,
             IscKeyedRecord *scratch,
             guint           depth)
{
  guint32 local[257];
  g_autofree guint32 *heap = NULL;
  guint32 *start;
  float lo = r[0].key, hi = r[0].key;
  gsize k;
  double scale;

  if (n <= 48)
    {
      sort_small (r, n);
      return;
    }
  for (gsize i = 1; i < n; i++)
    {
      lo = MIN (lo, r[i].key);
      hi = MAX (hi, r[i].key);
    }
  if (!(hi > lo))
    return;  /* all equal (or NaN): nothing to order */
  if (depth >= 4)
    {
      qsort (r, n, sizeof *r, compare_keyed);
      return;
    }

  k = CLAMP (n / 16, 2, 4096);
  start = k < G_N_ELEMENTS (local) ? local : (heap = g_new (guint32, k + 1));
  memset (start, 0, (k + 1) * sizeof *start);
  scale = k / ((double) hi - lo) * (1.0 - 1e-9);

  for (gsize i = 0; i < n; i++)
    {
      double d = ((double) r[i].key - lo) * scale;
      gsize b = d > 0 ? (gsize) d : 0;  /* a NaN key goes first rather than out of bounds */

      start[MIN (b, k - 1) + 1]++;
    }
  for (gsize b = 1; b <= k; b++)
    start[b] += start[b - 1];
  for (gsize i = 0; i < n; i++)
    {
      double d = ((double) r[i].key - lo) * scale;
      gsize b = d > 0 ? (gsize) d : 0;

      scratch[start[MIN (b, k - 1)]++] = r[i];
    }
  memcpy (r, scratch, n * sizeof *r);
  /* start[b] is now the end of bucket b. */
  for (gsize b = 0, first = 0; b < k; b++)
    {
      gsize end = start[b];

      bucket_sort (r + first, end - first, scratch + first, depth + 1);
      first = end;
    }
}

gboolean
isc_sort_keyed_records (IscKeyedRecord  *records,
                        gsize            n,
                        GCancellable    *cancellable,
                        GError         **error)
{
  g_autofree IscKeyedRecord *scratch = NULL;

  g_return_val_if_fail (records != NULL || n == 0, FALSE);
  g_return_val_if_fail (n <= G_MAXUINT32, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (n < 2)
    return TRUE;
  scratch = g_new (IscKeyedRecord, n);
  bucket_sort (records, n, scratch, 0);
  return TRUE;
}

static IscProfile *
profile_alloc (char    **elements,
               guint     n_bins)
{
  IscProfile *p = g_new0 (IscProfile, 1);
  guint n_el = g_strv_length (elements);

  p->n_bins = n_bins;
  p->n_elements = n_el;
  p->elements = g_strdupv (elements);
  p->start = g_new0 (double, MAX (n_bins, 1));
  p->end = g_new0 (double, MAX (n_bins, 1));
  p->atoms = g_new0 (guint64, MAX (n_bins, 1));
  p->counts = g_new0 (guint64, MAX ((gsize) n_bins * n_el, 1));
  p->fraction = g_new0 (double, MAX ((gsize) n_bins * n_el, 1));
  p->sigma = g_new0 (double, MAX ((gsize) n_bins * n_el, 1));
  return p;
}

static void
profile_finish (IscProfile *p)
{
  for (guint b = 0; b < p->n_bins; b++)
    for (guint e = 0; e < p->n_elements; e++)
      {
        gsize k = (gsize) b * p->n_elements + e;
        double n = p->atoms[b];
        double c = n > 0 ? p->counts[k] / n : NAN;

        p->fraction[k] = c;
        p->sigma[k] = n > 0 ? sqrt (c * (1.0 - c) / n) : NAN;
      }
}

/* Pass over the region: smallest and largest coordinate of ranged ions that carry atoms. */
static gboolean
coordinate_range (const IscIonCloud  *cloud,
                  const IscRoi       *roi,
                  const Axis         *axis,
                  const AtomTable    *table,
                  float              *min_out,
                  float              *max_out,
                  guint64            *n_out,
                  GCancellable       *cancellable,
                  IscProgressFunc     progress,
                  gpointer            progress_data,
                  double              progress_share,
                  GError            **error)
{
  g_autofree guint8 *mask = g_new (guint8, CHUNK);
  float lo = INFINITY, hi = -INFINITY;
  guint64 n_in = 0;

  for (gsize first = 0; first < cloud->n_ions; first += CHUNK)
    {
      gsize n = MIN (CHUNK, cloud->n_ions - first);

      if (!check_cancel (cancellable, error))
        return FALSE;
      isc_roi_select_range (roi, cloud, first, n, mask);
      for (gsize j = 0; j < n; j++)
        {
          gsize i = first + j;

          if (mask[j] && table->atoms[cloud->ion_type[i]] > 0)
            {
              float c = axis_coordinate (axis, cloud->x[i], cloud->y[i], cloud->z[i]);

              lo = MIN (lo, c);
              hi = MAX (hi, c);
              n_in++;
            }
        }
      if (progress != NULL)
        progress (progress_share * (first + n) / cloud->n_ions, progress_data);
    }
  *min_out = lo;
  *max_out = hi;
  *n_out = n_in;
  return TRUE;
}

static IscProfile *
profile_fixed_width (const IscIonCloud         *cloud,
                     const IscRoi              *roi,
                     const IscProfileSettings  *settings,
                     const Axis                *axis,
                     const AtomTable           *table,
                     char                     **elements,
                     GCancellable              *cancellable,
                     IscProgressFunc            progress,
                     gpointer                   progress_data,
                     GError                   **error)
{
  g_autoptr(IscProfile) p = NULL;
  g_autofree guint8 *mask = g_new (guint8, CHUNK);
  g_autofree guint64 *hist = NULL;
  float lo, hi;
  guint64 n_in;
  double origin, width = settings->bin_width, span;
  guint n_bins, n_types = MAX (table->n_types, 1);

  if (!coordinate_range (cloud, roi, axis, table, &lo, &hi, &n_in, cancellable,
                         progress, progress_data, 0.5, error))
    return NULL;
  if (n_in == 0)
    {
      p = profile_alloc (elements, 0);
      return g_steal_pointer (&p);
    }

  origin = floor (lo);
  span = ((double) hi - origin) / width;
  if (span >= MAX_BINS || (double) (span + 1) * n_types > MAX_HIST_CELLS)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "profile: a bin width of %g nm over %g nm gives too many bins (at most %d)",
                   width, (double) hi - origin, MAX_BINS);
      return NULL;
    }
  n_bins = (guint) span + 1;
  p = profile_alloc (elements, n_bins);
  p->n_ions = n_in;

  /* Count ions per (bin, type) first: one increment per ion; atoms follow per type. */
  hist = g_new0 (guint64, (gsize) n_bins * n_types);
  for (gsize first = 0; first < cloud->n_ions; first += CHUNK)
    {
      gsize n = MIN (CHUNK, cloud->n_ions - first);

      if (!check_cancel (cancellable, error))
        return NULL;
      isc_roi_select_range (roi, cloud, first, n, mask);
      for (gsize j = 0; j < n; j++)
        {
          gsize i = first + j;
          guint8 t = cloud->ion_type[i];

          if (mask[j] && table->atoms[t] > 0)
            {
              double d = (axis_coordinate (axis, cloud->x[i], cloud->y[i], cloud->z[i]) - origin) / width;
              /* Written so that a NaN position lands in bin 0 instead of an undefined cast. */
              gsize b = d > 0 ? (gsize) MIN (d, n_bins - 1.0) : 0;

              hist[b * n_types + t]++;
            }
        }
      if (progress != NULL)
        progress (0.5 + 0.5 * (first + n) / cloud->n_ions, progress_data);
    }

  for (guint b = 0; b < n_bins; b++)
    {
      p->start[b] = origin + b * width;
      p->end[b] = origin + (b + 1) * width;
      for (guint t = 0; t < table->n_types; t++)
        {
          guint64 h = hist[(gsize) b * n_types + t];

          if (h == 0)
            continue;
          p->atoms[b] += h * table->atoms[t];
          for (guint e = 0; e < table->n_elements; e++)
            p->counts[(gsize) b * table->n_elements + e] += h * table->per_element[t * table->n_elements + e];
        }
    }
  profile_finish (p);
  return g_steal_pointer (&p);
}

static IscProfile *
profile_fixed_count (const IscIonCloud         *cloud,
                     const IscRoi              *roi,
                     const IscProfileSettings  *settings,
                     const Axis                *axis,
                     const AtomTable           *table,
                     char                     **elements,
                     GCancellable              *cancellable,
                     IscProgressFunc            progress,
                     gpointer                   progress_data,
                     GError                   **error)
{
  g_autoptr(IscProfile) p = NULL;
  g_autofree guint8 *mask = g_new (guint8, CHUNK);
  g_autofree IscKeyedRecord *records = NULL;
  gsize n_rec = 0;
  guint64 total_atoms = 0, per_bin = settings->atoms_per_bin, n_in;
  guint n_bins, b;
  guint64 fill;
  float lo, hi;

  if (!coordinate_range (cloud, roi, axis, table, &lo, &hi, &n_in, cancellable,
                         progress, progress_data, 0.2, error))
    return NULL;
  if (n_in == 0)
    {
      p = profile_alloc (elements, 0);
      return g_steal_pointer (&p);
    }

  /* Gather (coordinate, type) of the ions in the region, then sort them along the axis. */
  records = g_new (IscKeyedRecord, n_in);
  for (gsize first = 0; first < cloud->n_ions; first += CHUNK)
    {
      gsize n = MIN (CHUNK, cloud->n_ions - first);

      if (!check_cancel (cancellable, error))
        return NULL;
      isc_roi_select_range (roi, cloud, first, n, mask);
      for (gsize j = 0; j < n; j++)
        {
          gsize i = first + j;
          guint8 t = cloud->ion_type[i];

          if (mask[j] && table->atoms[t] > 0)
            {
              records[n_rec].key = axis_coordinate (axis, cloud->x[i], cloud->y[i], cloud->z[i]);
              records[n_rec].payload = t;
              n_rec++;
              total_atoms += table->atoms[t];
            }
        }
      if (progress != NULL)
        progress (0.2 + 0.3 * (first + n) / cloud->n_ions, progress_data);
    }
  g_assert (n_rec == n_in);
  if (!isc_sort_keyed_records (records, n_rec, cancellable, error))
    return NULL;
  if (progress != NULL)
    progress (0.9, progress_data);

  /* A bin closes once it holds at least per_bin atoms: molecular ions are not split. */
  if ((total_atoms + per_bin - 1) / per_bin > MAX_BINS * 10ull)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "profile: %" G_GUINT64_FORMAT " atoms per bin gives too many bins", per_bin);
      return NULL;
    }
  n_bins = 0;
  fill = 0;
  for (gsize i = 0; i < n_rec; i++)
    {
      fill += table->atoms[records[i].payload];
      if (fill >= per_bin || i + 1 == n_rec)
        {
          n_bins++;
          fill = 0;
        }
    }

  p = profile_alloc (elements, n_bins);
  p->n_ions = n_rec;
  b = 0;
  fill = 0;
  p->start[0] = floor (records[0].key);
  for (gsize i = 0; i < n_rec; i++)
    {
      guint t = records[i].payload;

      fill += table->atoms[t];
      p->atoms[b] += table->atoms[t];
      for (guint e = 0; e < table->n_elements; e++)
        p->counts[(gsize) b * table->n_elements + e] += table->per_element[t * table->n_elements + e];
      if (fill >= per_bin || i + 1 == n_rec)
        {
          if (i + 1 < n_rec)
            {
              p->end[b] = records[i + 1].key;
              p->start[b + 1] = p->end[b];
            }
          else
            p->end[b] = records[i].key;
          b++;
          fill = 0;
        }
    }
  g_assert (b == n_bins);
  profile_finish (p);
  return g_steal_pointer (&p);
}

IscProfile *
isc_profile_compute (const IscIonCloud         *cloud,
                     const IscRangeSet         *ranges,
                     const IscRoi              *roi,
                     const IscProfileSettings  *settings,
                     GCancellable              *cancellable,
                     IscProgressFunc            progress,
                     gpointer                   progress_data,
                     GError                   **error)
{
  g_auto(GStrv) elements = NULL;
  IscRoi all;
  AtomTable table;
  Axis axis;
  IscProfile *p;

  g_return_val_if_fail (cloud != NULL, NULL);
  g_return_val_if_fail (ranges != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  if (roi == NULL)
    {
      isc_roi_init_all (&all);
      roi = &all;
    }
  if (cloud->ion_type == NULL)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "profile: the ions of %s are not ranged yet (apply a range set first)",
                   cloud->source_path ? cloud->source_path : "the dataset");
      return NULL;
    }
  if (settings->binning == ISC_PROFILE_FIXED_WIDTH
      && !(isfinite (settings->bin_width) && settings->bin_width > 0))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "profile: the bin width must be a positive number of nm, not %g", settings->bin_width);
      return NULL;
    }
  if (settings->binning == ISC_PROFILE_FIXED_COUNT && settings->atoms_per_bin == 0)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "profile: the number of atoms per bin must be at least 1");
      return NULL;
    }

  elements = isc_range_set_list_elements (ranges);
  if (elements[0] == NULL)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "profile: the range set %s names no elements",
                   ranges->source_path ? ranges->source_path : "");
      return NULL;
    }
  atom_table_init (&table, ranges, elements);
  axis_init (&axis, settings->axis, roi);

  if (settings->binning == ISC_PROFILE_FIXED_COUNT)
    p = profile_fixed_count (cloud, roi, settings, &axis, &table, elements,
                             cancellable, progress, progress_data, error);
  else
    p = profile_fixed_width (cloud, roi, settings, &axis, &table, elements,
                             cancellable, progress, progress_data, error);
  g_free (table.per_element);
  if (p != NULL && progress != NULL)
    progress (1.0, progress_data);
  return p;
}

static void
append_double (GString *s,
               double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (v))
    g_string_append (s, ",nan");
  else
    {
      g_ascii_formatd (buf, sizeof buf, "%.9g", v);
      g_string_append_c (s, ',');
      g_string_append (s, buf);
    }
}

char *
isc_profile_to_csv (const IscProfile *profile)
{
  GString *s = g_string_new ("start_nm,end_nm,atoms");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (profile != NULL, NULL);

  for (guint e = 0; e < profile->n_elements; e++)
    g_string_append_printf (s, ",%s_count,%s_fraction,%s_sigma",
                            profile->elements[e], profile->elements[e], profile->elements[e]);
  g_string_append_c (s, '\n');
  for (guint b = 0; b < profile->n_bins; b++)
    {
      g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.9g", profile->start[b]));
      append_double (s, profile->end[b]);
      g_string_append_printf (s, ",%" G_GUINT64_FORMAT, profile->atoms[b]);
      for (guint e = 0; e < profile->n_elements; e++)
        {
          gsize k = (gsize) b * profile->n_elements + e;

          g_string_append_printf (s, ",%" G_GUINT64_FORMAT, profile->counts[k]);
          append_double (s, profile->fraction[k]);
          append_double (s, profile->sigma[k]);
        }
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}
