/* profile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "keyed-sort-private.h"
#include "isc-memory.h"
#include "ion-pass.h"
#include "profile.h"

#define CHUNK          (1 << 16)
#define MAX_BINS       1000000
#define MAX_HIST_CELLS (64u * 1024 * 1024)
#define MAX_BUCKETS    256
#define MAX_SLOTS      65536

void
isc_profile_settings_init (IscProfileSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->axis = ISC_PROFILE_AXIS_Z;
  settings->binning = ISC_PROFILE_FIXED_WIDTH;
  settings->bin_width = 1.0;
  settings->atoms_per_bin = 1000;
  settings->decomposition = NULL;
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
  g_free (profile->atom_estimates);
  g_free (profile->count_estimates);
  g_free (profile->method);
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
  double  *weights;      /* decomposed: 256 × n_elements expected atoms per ion, else NULL */
} AtomTable;

static void
atom_table_init (AtomTable          *table,
                 const IscRangeSet  *ranges,
                 char              **elements)
{
  table->weights = NULL;
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

/* Keys of a decomposition instead of ion types: the plain atoms of each key's ion type cut
 * bins and select ions; the weights count them. */
static void
atom_table_init_decomposed (AtomTable               *table,
                            const IscRangeSet       *ranges,
                            const IscDecomposition  *d,
                            char                   **elements)
{
  table->n_types = d->n_keys;
  table->n_elements = g_strv_length (elements);
  table->per_element = g_new0 (guint, 256 * MAX (table->n_elements, 1));
  table->weights = g_new0 (double, 256 * MAX (table->n_elements, 1));
  memset (table->atoms, 0, sizeof table->atoms);
  isc_decomposition_element_weights (d, ranges, elements, table->weights, NULL);
  for (guint k = 0; k < table->n_types; k++)
    for (guint e = 0; e < table->n_elements; e++)
      {
        guint n = isc_range_set_count_atoms (ranges, d->key_type[k], elements[e]);

        table->per_element[k * table->n_elements + e] = n;
        table->atoms[k] += n;
      }
}

/* Axis as origin + direction, in float like the positions. */
typedef struct
{
  float o[3];
  float d[3];
  const float *column;  /* x, y or z itself for those axes (set by the caller), else NULL */
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
  axis->column = NULL;
}

static inline float
axis_coordinate (const Axis *a, float x, float y, float z)
{
  return (x - a->o[0]) * a->d[0] + (y - a->o[1]) * a->d[1] + (z - a->o[2]) * a->d[2];
}

/* The coordinate of ion @i: along x, y or z only that column is read (a third of the memory
 * traffic of a mapped file); + 0 makes −0 the +0 the dot product gives. */
static inline float
ion_coordinate (const Axis        *a,
                const IscIonCloud *cloud,
                gsize              i)
{
  if (a->column != NULL)
    return a->column[i] + 0.0f;
  return axis_coordinate (a, cloud->x[i], cloud->y[i], cloud->z[i]);
}

static gboolean
check_cancel (GCancellable  *cancellable,
              GError       **error)
{
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
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

/* Fractional atoms and counts per bin, for a decomposition. */
static void
profile_alloc_estimates (IscProfile *p)
{
  p->atom_estimates = g_new0 (double, MAX (p->n_bins, 1));
  p->count_estimates = g_new0 (double, MAX ((gsize) p->n_bins * p->n_elements, 1));
}

static void
profile_finish (IscProfile *p)
{
  for (guint b = 0; b < p->n_bins; b++)
    for (guint e = 0; e < p->n_elements; e++)
      {
        gsize k = (gsize) b * p->n_elements + e;
        double n = p->atom_estimates != NULL ? p->atom_estimates[b] : p->atoms[b];
        double c = n > 0 ? (p->count_estimates != NULL ? p->count_estimates[k] : p->counts[k]) / n : NAN;

        if (p->atom_estimates != NULL)
          {
            p->counts[k] = (guint64) llround (MAX (p->count_estimates[k], 0));
            if (e == 0)
              p->atoms[b] = (guint64) llround (MAX (p->atom_estimates[b], 0));
          }

        p->fraction[k] = c;
        p->sigma[k] = n > 0 ? sqrt (c * (1.0 - c) / n) : NAN;
      }
}

/* Pass over the region: smallest and largest coordinate of ranged ions that carry atoms. */
/* Output bins as they close during the scan of profile_fixed_count (). */
typedef struct
{
  const AtomTable *table;
  GArray          *edges;     /* double: start of bin 0, then the end of every bin */
  GArray          *atoms;     /* guint64 per bin */
  GArray          *counts;    /* guint64, n_elements per bin */
  guint64         *of_type;   /* ions of each type in the open bin */
  GArray          *estimates; /* decomposed: double, atoms then n_elements counts per bin */
} BinWriter;

static void
bin_writer_close (BinWriter *w,
                  double     end)
{
  const AtomTable *table = w->table;
  guint64 atoms = 0;
  guint64 row[256] = { 0 };

  g_array_append_val (w->edges, end);
  if (table->weights != NULL)
    {
      double est[257] = { 0 };

      for (guint t = 0; t < table->n_types; t++)
        for (guint e = 0; e < table->n_elements; e++)
          {
            double a = w->of_type[t] * table->weights[t * table->n_elements + e];

            est[0] += a;
            est[1 + e] += a;
          }
      g_array_append_vals (w->estimates, est, 1 + table->n_elements);
    }
  for (guint t = 0; t < table->n_types; t++)
    {
      guint64 h = w->of_type[t];

      if (h == 0)
        continue;
      atoms += h * table->atoms[t];
      for (guint e = 0; e < table->n_elements; e++)
        row[e] += h * table->per_element[t * table->n_elements + e];
      w->of_type[t] = 0;
    }
  g_array_append_val (w->atoms, atoms);
  g_array_append_vals (w->counts, row, table->n_elements);
}

/* Where a coordinate goes: bucket (of MAX_BUCKETS over [min, max]) and a finer slot inside it,
 * both non-decreasing in @c, so sorting slot by slot and bucket by bucket sorts the whole. A NaN
 * lands in bucket 0, slot 0 instead of an undefined cast. */
typedef struct
{
  double lo;
  double scale;      /* buckets per nm */
  gsize  n_buckets;
} Bucketing;

static inline double
bucket_position (const Bucketing *bt,
                 float            c)
{
  double d = ((double) c - bt->lo) * bt->scale;

  return d > 0 ? MIN (d, (double) bt->n_buckets) : 0;
}

static inline gsize
bucket_of (const Bucketing *bt,
           double           d)
{
  return MIN ((gsize) d, bt->n_buckets - 1);
}

static inline gsize
slot_of (double d,
         gsize  bucket,
         gsize  n_slots)
{
  double s = (d - bucket) * n_slots;

  return s > 0 ? MIN ((gsize) s, n_slots - 1) : 0;
}

/* Smallest key of a run (its first one once sorted). */
static float
run_min (const float *keys,
         gsize        n)
{
  float m = keys[0];

  for (gsize i = 1; i < n; i++)
    m = MIN (m, keys[i]);
  return m;
}

/* One bucket split into slots, in cache: records slot by slot in file order. */
typedef struct
{
  gsize    n_slots;
  guint32 *start;      /* n_slots + 1 */
  guint64 *atoms;      /* atoms per slot */
  guint32 *slot;       /* slot of each record of the bucket */
  float   *keys;
  guint8  *types;
} Split;

static void
split_bucket (Split           *sp,
              const Bucketing *bt,
              const AtomTable *table,
              const float     *keys,
              const guint8    *types,
              gsize            bucket,
              gsize            n)
{
  /* About 16 ions per slot, so that a slot in which a bin closes is cheap to sort. */
  gsize n_slots = 1;

  while (n_slots * 2 <= n / 16 && n_slots * 2 <= MAX_SLOTS)
    n_slots *= 2;
  sp->n_slots = n_slots;
  memset (sp->start, 0, (n_slots + 1) * sizeof *sp->start);
  memset (sp->atoms, 0, n_slots * sizeof *sp->atoms);
  for (gsize i = 0; i < n; i++)
    {
      gsize s = slot_of (bucket_position (bt, keys[i]), bucket, n_slots);

      sp->slot[i] = s;
      sp->start[s + 1]++;
      sp->atoms[s] += table->atoms[types[i]];
    }
  for (gsize s = 1; s <= n_slots; s++)
    sp->start[s] += sp->start[s - 1];
  for (gsize i = 0; i < n; i++)
    {
      guint32 at = sp->start[sp->slot[i]]++;

      sp->keys[at] = keys[i];
      sp->types[at] = types[i];
    }
  /* start[s] is now the end of slot s: shift back. */
  memmove (sp->start + 1, sp->start, n_slots * sizeof *sp->start);
  sp->start[0] = 0;
}

/* One pass of profile_fixed_count () over the ions, in chunks of CHUNK on every worker
 * (ion-pass.h). Whatever the number of workers, the sums are of integers and the filing
 * places each chunk's ions at slots fixed in advance, so the result is the same bit for bit. */
typedef enum
{
  PASS_RANGE,  /* smallest and largest coordinate, number of ions */
  PASS_COUNT,  /* ions per (bucket, type), and per bucket for each chunk */
  PASS_FILE,   /* (coordinate, type) filed by bucket, each chunk from its own slots */
} PassKind;

typedef struct
{
  PassKind           kind;
  const IscIonCloud *cloud;
  const IscRoi      *roi;
  const Axis        *axis;
  const AtomTable   *table;
  const Bucketing   *bt;
  guint              n_types;
  float              lo[ISC_ION_PASS_MAX_WORKERS];    /* PASS_RANGE, per worker */
  float              hi[ISC_ION_PASS_MAX_WORKERS];
  guint64            n_in[ISC_ION_PASS_MAX_WORKERS];
  guint32           *hist;         /* PASS_COUNT: per worker, n_buckets × n_types, zeroed */
  guint32           *chunk_slot;   /* n_chunks × n_buckets: PASS_COUNT ions of the chunk in the
                                    * bucket, PASS_FILE the chunk's first slot in it */
  float             *chunk_min;    /* PASS_COUNT: n_chunks × n_buckets, smallest coordinate */
  gsize              band_lo;      /* PASS_FILE: buckets [band_lo, band_hi) only, */
  gsize              band_hi;
  gsize              band_base;    /* slots from this one on */
  const guint16     *chunk_first;  /* PASS_FILE: first and last bucket of each chunk's ions */
  const guint16     *chunk_last;
  float             *keys;         /* PASS_FILE */
  guint8            *types;        /* PASS_FILE */
} PassJob;

static void
run_pass_chunk (gsize    first,
                gsize    n,
                guint    worker,
                gpointer data)
{
  PassJob *job = data;
  const IscIonCloud *cloud = job->cloud;
  const AtomTable *table = job->table;
  const Bucketing *bt = job->bt;
  guint8 mask[CHUNK];
  guint32 *slot = job->chunk_slot != NULL ? job->chunk_slot + first / CHUNK * bt->n_buckets : NULL;
  guint32 *hist = job->hist != NULL ? job->hist + (gsize) worker * bt->n_buckets * job->n_types : NULL;
  float lo = job->lo[worker], hi = job->hi[worker];
  guint64 n_in = 0;

  /* a chunk with none of the band's buckets is not read: along z (file order, in a real
   * acquisition) a band's pass reads about its share of the file */
  if (job->kind == PASS_FILE && (job->chunk_last[first / CHUNK] < job->band_lo
                                 || job->chunk_first[first / CHUNK] >= job->band_hi))
    return;
  isc_roi_select_range (job->roi, cloud, first, n, mask);
  for (gsize j = 0; j < n; j++)
    {
      gsize i = first + j;
      guint8 t = cloud->ion_type[i];
      float c;

      if (!mask[j] || table->atoms[t] == 0)
        continue;
      c = ion_coordinate (job->axis, cloud, i);
      switch (job->kind)
        {
        case PASS_RANGE:
          lo = MIN (lo, c);
          hi = MAX (hi, c);
          n_in++;
          break;
        case PASS_COUNT:
          {
            gsize b = bucket_of (bt, bucket_position (bt, c));
            float *m = job->chunk_min + first / CHUNK * bt->n_buckets + b;

            hist[b * job->n_types + t]++;
            slot[b]++;
            /* in file order, as run_min () would fold the bucket */
            *m = MIN (*m, c);
          }
          break;
        case PASS_FILE:
          {
            gsize b = bucket_of (bt, bucket_position (bt, c)), at;

            if (b < job->band_lo || b >= job->band_hi)
              break;
            at = slot[b]++ - job->band_base;
            job->keys[at] = c;
            job->types[at] = t;
          }
          break;
        }
    }
  job->lo[worker] = lo;
  job->hi[worker] = hi;
  job->n_in[worker] += n_in;
}

static gboolean
run_pass (PassJob         *job,
          guint            n_workers,
          GCancellable    *cancellable,
          IscProgressFunc  progress,
          gpointer         progress_data,
          double           progress_from,
          double           progress_to,
          GError         **error)
{
  return isc_ion_pass_run_full (job->cloud, job->cloud->n_ions, CHUNK, n_workers, run_pass_chunk, job,
                                cancellable, progress, progress_data, progress_from, progress_to, error);
}

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
  g_autofree PassJob *job = g_new0 (PassJob, 1);
  float lo = INFINITY, hi = -INFINITY;
  guint64 n_in = 0;

  *job = (PassJob) { PASS_RANGE, cloud, roi, axis, table, NULL, MAX (table->n_types, 1) };
  for (guint k = 0; k < ISC_ION_PASS_MAX_WORKERS; k++)
    {
      job->lo[k] = INFINITY;
      job->hi[k] = -INFINITY;
    }
  if (!run_pass (job, 0, cancellable, progress, progress_data, 0.0, progress_share, error))
    return FALSE;
  for (guint k = 0; k < ISC_ION_PASS_MAX_WORKERS; k++)
    {
      lo = MIN (lo, job->lo[k]);
      hi = MAX (hi, job->hi[k]);
      n_in += job->n_in[k];
    }
  *min_out = lo;
  *max_out = hi;
  *n_out = n_in;
  return TRUE;
}

/* Ions per (bin, type) of profile_fixed_width (), one histogram per worker. */
typedef struct
{
  const IscIonCloud *cloud;
  const IscRoi      *roi;
  const Axis        *axis;
  const AtomTable   *table;
  double             origin, width;
  guint              n_bins, n_types;
  guint64           *hist;   /* n_workers × n_bins × n_types */
} WidthJob;

static void
width_chunk (gsize    first,
             gsize    n,
             guint    worker,
             gpointer data)
{
  WidthJob *job = data;
  const IscIonCloud *cloud = job->cloud;
  guint64 *hist = job->hist + (gsize) worker * job->n_bins * job->n_types;
  guint8 mask[CHUNK];

  isc_roi_select_range (job->roi, cloud, first, n, mask);
  for (gsize j = 0; j < n; j++)
    {
      gsize i = first + j;
      guint8 t = cloud->ion_type[i];

      if (mask[j] && job->table->atoms[t] > 0)
        {
          double d = (ion_coordinate (job->axis, cloud, i) - job->origin) / job->width;
          /* Written so that a NaN position lands in bin 0 instead of an undefined cast. */
          gsize b = d > 0 ? (gsize) MIN (d, job->n_bins - 1.0) : 0;

          hist[b * job->n_types + t]++;
        }
    }
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
  g_autofree guint64 *hist = NULL;
  g_autofree WidthJob *job = g_new0 (WidthJob, 1);
  guint n_workers = isc_ion_pass_default_workers ();
  gsize cells;
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
  if (table->weights != NULL)
    profile_alloc_estimates (p);

  /* Count ions per (bin, type) first: one increment per ion; atoms follow per type. Each
   * worker counts into a histogram of its own (sums of integers: the same on any number of
   * workers), while those stay small. */
  cells = (gsize) n_bins * n_types;
  if (cells * sizeof (guint64) * n_workers > (64u << 20))
    n_workers = 1;
  job->hist = hist = isc_memory_try_new (cells * n_workers, sizeof (guint64), TRUE, "profile", error);
  if (hist == NULL)
    return NULL;
  job->cloud = cloud;
  job->roi = roi;
  job->axis = axis;
  job->table = table;
  job->origin = origin;
  job->width = width;
  job->n_bins = n_bins;
  job->n_types = n_types;
  if (!isc_ion_pass_run_full (cloud, cloud->n_ions, CHUNK, n_workers, width_chunk, job,
                              cancellable, progress, progress_data, 0.5, 1.0, error))
    return NULL;
  for (guint k = 1; k < n_workers; k++)
    for (gsize c = 0; c < cells; c++)
      hist[c] += hist[(gsize) k * cells + c];

  for (guint b = 0; b < n_bins; b++)
    {
      p->start[b] = origin + b * width;
      p->end[b] = origin + (b + 1) * width;
      for (guint t = 0; t < table->n_types; t++)
        {
          guint64 h = hist[(gsize) b * n_types + t];

          if (h == 0)
            continue;
          if (table->weights != NULL)
            {
              for (guint e = 0; e < table->n_elements; e++)
                {
                  double a = h * table->weights[t * table->n_elements + e];

                  p->count_estimates[(gsize) b * table->n_elements + e] += a;
                  p->atom_estimates[b] += a;
                }
              continue;
            }
          p->atoms[b] += h * table->atoms[t];
          for (guint e = 0; e < table->n_elements; e++)
            p->counts[(gsize) b * table->n_elements + e] += h * table->per_element[t * table->n_elements + e];
        }
    }
  profile_finish (p);
  return g_steal_pointer (&p);
}

/* Fixed atom count per bin, as if the ions were sorted along the axis (equal coordinates in
 * file order) and cut once a bin holds at least atoms_per_bin atoms. Instead of sorting all of
 * them: a pass counts ions per (bucket, type) over [min, max], a second files (coordinate, type)
 * by bucket (few buckets: the scattered writes stay within the TLB even when the axis is
 * uncorrelated with file order). The scan takes whole buckets while no bin can close inside
 * them; otherwise it splits the bucket into small slots in cache, takes whole slots the same
 * way and sorts only the slots in which a bin closes. */
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
  g_autofree guint32 *hist = NULL;
  g_autofree guint32 *chunk_slot = NULL;
  g_autofree float *chunk_min = NULL;
  g_autofree float *bucket_min = NULL;
  g_autofree guint16 *chunk_first = NULL;
  g_autofree guint16 *chunk_last = NULL;
  g_autofree gsize *bucket_start = NULL;
  g_autofree guint64 *bucket_atoms = NULL;
  g_autofree IscKeyedRecord *run = NULL;
  g_autofree IscKeyedRecord *scratch = NULL;
  g_autofree guint64 *of_type = NULL;
  g_autoptr(GArray) edges = NULL;
  g_autoptr(GArray) bin_atoms = NULL;
  g_autoptr(GArray) bin_counts = NULL;
  g_autofree float *keys = NULL;
  g_autofree guint8 *types = NULL;
  g_autofree PassJob *job = g_new0 (PassJob, 1);
  Split sp = { 0 };
  guint64 total_atoms = 0, per_bin = settings->atoms_per_bin, n_in = 0, fill;
  guint64 band_ions = MAX (isc_ion_pass_band_bytes () / 5, 1);
  gsize band_cap = 0, band_lo = 0, band_hi = 0;
  double band_from = 0.4, band_to = 0.4;
  guint n_types = MAX (table->n_types, 1);
  guint n_workers = isc_ion_pass_default_workers ();
  gsize max_bucket = 0, last_bucket = 0, n_chunks = (cloud->n_ions + CHUNK - 1) / CHUNK;
  double span;
  float lo = INFINITY, hi = -INFINITY;
  Bucketing bt = { 0, 0, 1 };
  BinWriter w = { 0 };
  gboolean ok = FALSE;

  /* Pass 0: extent along the axis. */
  *job = (PassJob) { PASS_RANGE, cloud, roi, axis, table, &bt, n_types };
  for (guint k = 0; k < ISC_ION_PASS_MAX_WORKERS; k++)
    {
      job->lo[k] = INFINITY;
      job->hi[k] = -INFINITY;
    }
  if (!run_pass (job, n_workers, cancellable, progress, progress_data, 0.0, 0.2, error))
    return NULL;
  for (guint k = 0; k < ISC_ION_PASS_MAX_WORKERS; k++)
    {
      lo = MIN (lo, job->lo[k]);
      hi = MAX (hi, job->hi[k]);
      n_in += job->n_in[k];
    }
  if (n_in == 0)
    {
      p = profile_alloc (elements, 0);
      return g_steal_pointer (&p);
    }
  if (n_in > G_MAXUINT32)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_UNSUPPORTED,
                   "profile: fixed-count bins support at most %u ions", G_MAXUINT32);
      return NULL;
    }

  bt.n_buckets = 1;
  while (bt.n_buckets * 2 <= MAX_BUCKETS && bt.n_buckets * 2 <= n_in / 64)
    bt.n_buckets *= 2;
  bt.lo = lo;
  span = (double) hi - lo;
  bt.scale = span > 0 && isfinite (span) ? bt.n_buckets / span : 0.0;

  /* Pass 1: ions per (bucket, type) for each worker, and per bucket for each chunk. */
  hist = g_new0 (guint32, (gsize) n_workers * bt.n_buckets * n_types);
  if (isc_memory_check ((guint64) n_chunks * bt.n_buckets * 8, "fixed-count profile", NULL))
    {
      chunk_slot = g_try_new0 (guint32, n_chunks * bt.n_buckets);
      chunk_min = g_try_new (float, n_chunks * bt.n_buckets);
    }
  if (chunk_slot == NULL || chunk_min == NULL)
    goto no_memory;
  for (gsize k = 0; k < n_chunks * bt.n_buckets; k++)
    chunk_min[k] = INFINITY;
  job->kind = PASS_COUNT;
  job->hist = hist;
  job->chunk_slot = chunk_slot;
  job->chunk_min = chunk_min;
  if (!run_pass (job, n_workers, cancellable, progress, progress_data, 0.2, 0.4, error))
    return NULL;
  for (guint k = 1; k < n_workers; k++)
    for (gsize c = 0; c < bt.n_buckets * n_types; c++)
      hist[c] += hist[(gsize) k * bt.n_buckets * n_types + c];

  chunk_first = g_new (guint16, MAX (n_chunks, 1));
  chunk_last = g_new (guint16, MAX (n_chunks, 1));
  for (gsize c = 0; c < n_chunks; c++)
    {
      chunk_first[c] = G_MAXUINT16;
      chunk_last[c] = 0;
    }
  bucket_start = g_new (gsize, bt.n_buckets + 1);
  bucket_atoms = g_new (guint64, bt.n_buckets);
  bucket_start[0] = 0;
  for (gsize b = 0; b < bt.n_buckets; b++)
    {
      guint64 ions = 0, atoms = 0;
      gsize at = bucket_start[b];

      for (guint t = 0; t < table->n_types; t++)
        {
          ions += hist[b * n_types + t];
          atoms += (guint64) hist[b * n_types + t] * table->atoms[t];
        }
      bucket_start[b + 1] = bucket_start[b] + ions;
      bucket_atoms[b] = atoms;
      total_atoms += atoms;
      max_bucket = MAX (max_bucket, ions);
      if (ions > 0)
        last_bucket = b;
      /* each chunk files its ions of the bucket after those of the chunks before it */
      for (gsize c = 0; c < n_chunks; c++)
        {
          guint32 count = chunk_slot[c * bt.n_buckets + b];

          chunk_slot[c * bt.n_buckets + b] = at;
          at += count;
          if (count > 0)
            {
              chunk_first[c] = MIN (chunk_first[c], b);
              chunk_last[c] = b;
            }
        }
    }
  g_assert (bucket_start[bt.n_buckets] == n_in);

  /* The smallest coordinate of each bucket, folded in file order (see run_min ()). */
  bucket_min = g_new (float, bt.n_buckets);
  for (gsize b = 0; b < bt.n_buckets; b++)
    {
      float m = INFINITY;

      for (gsize c = 0; c < n_chunks; c++)
        m = MIN (m, chunk_min[c * bt.n_buckets + b]);
      bucket_min[b] = m;
    }
  g_clear_pointer (&chunk_min, g_free);

  /* Bands of whole buckets of at most band_ions (or one bucket), filed and scanned one after
   * the other: memory stays bounded whatever the number of ions. */
  for (gsize b = 0; b < bt.n_buckets;)
    {
      gsize e = b + 1;

      while (e < bt.n_buckets && bucket_start[e + 1] - bucket_start[b] <= band_ions)
        e++;
      band_cap = MAX (band_cap, bucket_start[e] - bucket_start[b]);
      b = e;
    }
  if (isc_memory_check ((guint64) band_cap * 5, "fixed-count profile", NULL))
    {
      keys = g_try_new (float, MAX (band_cap, 1));
      types = g_try_new (guint8, MAX (band_cap, 1));
    }
  if (keys == NULL || types == NULL)
    goto no_memory;

  /* A bin closes once it holds at least per_bin atoms: molecular ions are not split. */
  if ((total_atoms + per_bin - 1) / per_bin > MAX_BINS * 10ull)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "profile: %" G_GUINT64_FORMAT " atoms per bin gives too many bins", per_bin);
      return NULL;
    }

  job->kind = PASS_FILE;
  job->chunk_first = chunk_first;
  job->chunk_last = chunk_last;
  job->hist = NULL;
  job->keys = keys;
  job->types = types;

  /* The scan. */
  sp.start = g_new (guint32, MAX_SLOTS + 1);
  sp.atoms = g_new (guint64, MAX_SLOTS);
  sp.slot = g_new (guint32, MAX (max_bucket, 1));
  sp.keys = g_new (float, MAX (max_bucket, 1));
  sp.types = g_new (guint8, MAX (max_bucket, 1));
  of_type = g_new0 (guint64, 256);
  edges = g_array_new (FALSE, FALSE, sizeof (double));
  bin_atoms = g_array_new (FALSE, FALSE, sizeof (guint64));
  bin_counts = g_array_new (FALSE, FALSE, sizeof (guint64));
  w = (BinWriter) { table, edges, bin_atoms, bin_counts, of_type,
                    g_array_new (FALSE, FALSE, sizeof (double)) };
  {
    double start = floor (lo);

    g_array_append_val (edges, start);
  }
  fill = 0;
  for (gsize b = 0; b <= last_bucket; b++)
    {
      gsize n_b = bucket_start[b + 1] - bucket_start[b], last_slot = 0;
      const float *band_keys = keys - bucket_start[band_lo];
      const guint8 *band_types = types - bucket_start[band_lo];

      if (b >= band_hi)
        {
          /* Pass 2 for the next band: (coordinate, type) filed by bucket, in file order
           * within each. */
          band_lo = b;
          band_hi = b + 1;
          while (band_hi < bt.n_buckets && bucket_start[band_hi + 1] - bucket_start[b] <= band_ions)
            band_hi++;
          job->band_lo = band_lo;
          job->band_hi = band_hi;
          job->band_base = bucket_start[band_lo];
          /* the band's share of progress: half filing, half scanning */
          band_from = 0.4 + 0.55 * bucket_start[band_lo] / n_in;
          band_to = 0.4 + 0.55 * bucket_start[band_hi] / n_in;
          if (!run_pass (job, n_workers, cancellable, progress, progress_data,
                         band_from, (band_from + band_to) / 2, error))
            goto out;
          band_keys = keys - bucket_start[band_lo];
          band_types = types - bucket_start[band_lo];
        }
      if (n_b == 0)
        continue;
      if (!check_cancel (cancellable, error))
        goto out;
      if (fill + bucket_atoms[b] < per_bin && b != last_bucket)
        {
          for (guint t = 0; t < table->n_types; t++)
            of_type[t] += hist[b * n_types + t];
          fill += bucket_atoms[b];
          continue;
        }

      split_bucket (&sp, &bt, table, band_keys + bucket_start[b], band_types + bucket_start[b], b, n_b);
      for (gsize s = 0; s < sp.n_slots; s++)
        if (sp.start[s + 1] > sp.start[s])
          last_slot = s;
      for (gsize s = 0; s <= last_slot; s++)
        {
          gsize first = sp.start[s], n = sp.start[s + 1] - first;
          gboolean last_run = b == last_bucket && s == last_slot;

          if (n == 0)
            continue;
          if (fill + sp.atoms[s] < per_bin && !last_run)
            {
              for (gsize k = 0; k < n; k++)
                of_type[sp.types[first + k]]++;
              fill += sp.atoms[s];
              continue;
            }
          if (run == NULL)
            {
              run = g_new (IscKeyedRecord, max_bucket);
              scratch = g_new (IscKeyedRecord, max_bucket);
            }
          for (gsize k = 0; k < n; k++)
            run[k] = (IscKeyedRecord) { sp.keys[first + k], sp.types[first + k] };
          isc_keyed_sort_stable (run, n, scratch);
          for (gsize k = 0; k < n; k++)
            {
              guint t = run[k].payload;

              fill += table->atoms[t];
              of_type[t]++;
              if (fill >= per_bin || (last_run && k + 1 == n))
                {
                  double end;

                  if (k + 1 < n)
                    end = run[k + 1].key;
                  else if (last_run)
                    end = run[k].key;
                  else if (s < last_slot)
                    {
                      /* The next ion is the smallest of the next non-empty slot … */
                      gsize next = s + 1;

                      while (sp.start[next + 1] == sp.start[next])
                        next++;
                      end = run_min (sp.keys + sp.start[next], sp.start[next + 1] - sp.start[next]);
                    }
                  else
                    {
                      /* … or of the next non-empty bucket. */
                      gsize next = b + 1;

                      while (bucket_start[next + 1] == bucket_start[next])
                        next++;
                      end = bucket_min[next];
                    }
                  bin_writer_close (&w, end);
                  fill = 0;
                }
            }
        }
      if (progress != NULL)
        progress ((band_from + band_to) / 2 + (band_to - band_from) / 2
                  * (bucket_start[b + 1] - bucket_start[band_lo])
                  / MAX (bucket_start[band_hi] - bucket_start[band_lo], 1), progress_data);
    }

  p = profile_alloc (elements, bin_atoms->len);
  p->n_ions = n_in;
  for (guint k = 0; k < p->n_bins; k++)
    {
      p->start[k] = g_array_index (edges, double, k);
      p->end[k] = g_array_index (edges, double, k + 1);
      p->atoms[k] = g_array_index (bin_atoms, guint64, k);
    }
  memcpy (p->counts, bin_counts->data, (gsize) p->n_bins * p->n_elements * sizeof (guint64));
  if (table->weights != NULL)
    {
      profile_alloc_estimates (p);
      for (guint k = 0; k < p->n_bins; k++)
        {
          const double *est = &g_array_index (w.estimates, double, (gsize) k * (1 + p->n_elements));

          p->atom_estimates[k] = est[0];
          memcpy (p->count_estimates + (gsize) k * p->n_elements, est + 1, p->n_elements * sizeof (double));
        }
    }
  profile_finish (p);
  ok = TRUE;

  if (FALSE)
    {
    no_memory:
      {
        g_autofree char *size = g_format_size ((guint64) MAX (band_cap, MIN (n_in, band_ions)) * 5
                                               + (guint64) n_chunks * bt.n_buckets * 8);

        g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_IO,
                     "profile: fixed-count bins over %" G_GUINT64_FORMAT " ions need %s of memory, "
                     "which is not available (use fixed-width bins, or a region)", n_in, size);
      }
    }

out:
  if (w.estimates != NULL)
    g_array_unref (w.estimates);
  g_free (sp.start);
  g_free (sp.atoms);
  g_free (sp.slot);
  g_free (sp.keys);
  g_free (sp.types);
  return ok ? g_steal_pointer (&p) : NULL;
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
  g_autofree guint8 *keys = NULL;
  IscIonCloud keyed;
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
  if (settings->decomposition != NULL)
    {
      /* The same ions and coordinates, keyed by (window group, ion type). */
      keys = isc_decomposition_key_ions (settings->decomposition, cloud, cancellable, error);
      if (keys == NULL)
        return NULL;
      keyed = *cloud;
      keyed.ion_type = keys;
      cloud = &keyed;
      atom_table_init_decomposed (&table, ranges, settings->decomposition, elements);
    }
  else
    atom_table_init (&table, ranges, elements);
  axis_init (&axis, settings->axis, roi);
  if (settings->axis != ISC_PROFILE_AXIS_ROI)
    axis.column = settings->axis == ISC_PROFILE_AXIS_X ? cloud->x
                  : settings->axis == ISC_PROFILE_AXIS_Y ? cloud->y : cloud->z;

  if (settings->binning == ISC_PROFILE_FIXED_COUNT)
    p = profile_fixed_count (cloud, roi, settings, &axis, &table, elements,
                             cancellable, progress, progress_data, error);
  else
    p = profile_fixed_width (cloud, roi, settings, &axis, &table, elements,
                             cancellable, progress, progress_data, error);
  g_free (table.per_element);
  g_free (table.weights);
  if (p != NULL && settings->decomposition != NULL)
    p->method = g_strdup_printf ("decomposed by isotope abundances%s%s",
                                 settings->decomposition->background_model != NULL ? ", background " : "",
                                 settings->decomposition->background_model != NULL
                                 ? settings->decomposition->background_model : "");
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
  GString *s = g_string_new (NULL);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (profile != NULL, NULL);

  if (profile->method != NULL)
    g_string_append_printf (s, "# counts: %s\n", profile->method);
  g_string_append (s, "start_nm,end_nm,atoms");

  for (guint e = 0; e < profile->n_elements; e++)
    g_string_append_printf (s, ",%s_count,%s_fraction,%s_sigma",
                            profile->elements[e], profile->elements[e], profile->elements[e]);
  g_string_append_c (s, '\n');
  for (guint b = 0; b < profile->n_bins; b++)
    {
      g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.9g", profile->start[b]));
      append_double (s, profile->end[b]);
      if (profile->atom_estimates != NULL)
        append_double (s, profile->atom_estimates[b]);
      else
        g_string_append_printf (s, ",%" G_GUINT64_FORMAT, profile->atoms[b]);
      for (guint e = 0; e < profile->n_elements; e++)
        {
          gsize k = (gsize) b * profile->n_elements + e;

          if (profile->count_estimates != NULL)
            append_double (s, profile->count_estimates[k]);
          else
            g_string_append_printf (s, ",%" G_GUINT64_FORMAT, profile->counts[k]);
          append_double (s, profile->fraction[k]);
          append_double (s, profile->sigma[k]);
        }
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}
