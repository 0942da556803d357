/* fda.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "fda.h"
#include "isc-memory.h"
#include "ion-lists.h"
#include "ion-pass.h"
#include "keyed-sort-private.h"
#include "spatial-common.h"
#include "spatial-index.h"

#define CHUNK (1 << 16)
#define PARALLEL_MIN_IONS 16384  /* below, a second thread costs more than it saves */

void
isc_fda_settings_init (IscFdaSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->block_size = ISC_FDA_DEFAULT_BLOCK_SIZE;
  settings->chi2_mode = ISC_FDA_CHI2_POOL;
  settings->count_unit = ISC_FDA_COUNT_ATOMS;
  settings->blocks = ISC_FDA_BLOCKS_SEQUENCE;
  settings->mu_n = ISC_FDA_MU_N_SOLUTE;
  settings->decomposition = NULL;
  settings->max_nn_blocks = ISC_FDA_NN_DEFAULT_BLOCKS;
}

void
isc_fda_result_free (IscFdaResult *result)
{
  if (result == NULL)
    return;
  g_free (result->element);
  g_free (result->observed);
  g_free (result->expected);
  g_free (result->classes);
  g_free (result->method);
  g_free (result);
}

const char *
isc_fda_chi2_mode_to_string (IscFdaChi2Mode mode)
{
  return mode == ISC_FDA_CHI2_SKIP ? "skip" : "pool";
}

gboolean
isc_fda_chi2_mode_from_string (const char     *text,
                               IscFdaChi2Mode *out)
{
  g_return_val_if_fail (text != NULL && out != NULL, FALSE);

  if (g_ascii_strcasecmp (text, "pool") == 0)
    *out = ISC_FDA_CHI2_POOL;
  else if (g_ascii_strcasecmp (text, "skip") == 0)
    *out = ISC_FDA_CHI2_SKIP;
  else
    return FALSE;
  return TRUE;
}

const char *
isc_fda_count_unit_to_string (IscFdaCountUnit unit)
{
  return unit == ISC_FDA_COUNT_IONS ? "ions" : "atoms";
}

gboolean
isc_fda_count_unit_from_string (const char      *text,
                                IscFdaCountUnit *out)
{
  g_return_val_if_fail (text != NULL && out != NULL, FALSE);

  if (g_ascii_strcasecmp (text, "atoms") == 0)
    *out = ISC_FDA_COUNT_ATOMS;
  else if (g_ascii_strcasecmp (text, "ions") == 0)
    *out = ISC_FDA_COUNT_IONS;
  else
    return FALSE;
  return TRUE;
}

const char *
isc_fda_blocks_to_string (IscFdaBlocks blocks)
{
  return blocks == ISC_FDA_BLOCKS_SPATIAL ? "spatial"
         : blocks == ISC_FDA_BLOCKS_NN ? "nn"
         : "sequence";
}

gboolean
isc_fda_blocks_from_string (const char   *text,
                            IscFdaBlocks *out)
{
  if (g_strcmp0 (text, "sequence") == 0)
    *out = ISC_FDA_BLOCKS_SEQUENCE;
  else if (g_strcmp0 (text, "spatial") == 0)
    *out = ISC_FDA_BLOCKS_SPATIAL;
  else if (g_strcmp0 (text, "nn") == 0)
    *out = ISC_FDA_BLOCKS_NN;
  else
    return FALSE;
  return TRUE;
}

/* Below this a chi-square tail is 0 in double precision or close to it: print a bound. */
#define P_VALUE_FLOOR 1e-300

char *
isc_fda_format_p_value (double p)
{
  if (isnan (p))
    return g_strdup ("—");
  if (p < P_VALUE_FLOOR)
    return g_strdup ("< 1e-300");
  return g_strdup_printf ("%.3g", p);
}

static void
append_csv_double (GString *s,
                   double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (s, ',');
  g_string_append (s, isnan (v) ? "nan" : g_ascii_formatd (buf, sizeof buf, "%.9g", v));
}

char *
isc_fda_results_to_csv (GPtrArray *results)
{
  GString *s;

  g_return_val_if_fail (results != NULL, NULL);

  s = g_string_new (NULL);
  if (results->len > 0 && ((const IscFdaResult *) g_ptr_array_index (results, 0))->method != NULL)
    g_string_append_printf (s, "# counts: %s\n", ((const IscFdaResult *) g_ptr_array_index (results, 0))->method);
  g_string_append (s, "element,block_size,blocks,fraction,chi2,dof,p_value,mu,n_solute,mode,count,block_layout,mu_n\n");
  for (guint i = 0; i < results->len; i++)
    {
      const IscFdaResult *r = g_ptr_array_index (results, i);

      g_string_append_printf (s, "%s,%u,%" G_GUINT64_FORMAT, r->element, r->block_size, r->n_blocks);
      append_csv_double (s, r->fraction);
      append_csv_double (s, r->chi2);
      g_string_append_printf (s, ",%u", r->dof);
      if (!isnan (r->p_value) && r->p_value < P_VALUE_FLOOR)
        g_string_append (s, ",<1e-300");
      else
        append_csv_double (s, r->p_value);
      append_csv_double (s, r->mu);
      g_string_append_printf (s, ",%" G_GUINT64_FORMAT ",%s,%s,%s,%s\n", r->n_solute,
                              isc_fda_chi2_mode_to_string (r->mode),
                              isc_fda_count_unit_to_string (r->count_unit),
                              isc_fda_blocks_to_string (r->blocks),
                              isc_fda_mu_n_to_string (r->mu_n));
    }
  return g_string_free (s, FALSE);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* chi2, classes and the statistics from the observed histogram O(0..n_b). */
static IscFdaResult *
fda_from_histogram (const char      *element,
                    guint64         *observed,   /* taken */
                    guint64          n_blocks,
                    guint64          n_solute,
                    guint            block_size,
                    IscFdaChi2Mode   mode)
{
  IscFdaResult *r = g_new0 (IscFdaResult, 1);
  g_autofree double *terms = g_new (double, block_size + 1);
  guint n_terms = 0;
  double c = (double) n_solute / ((double) n_blocks * block_size);

  r->element = g_strdup (element);
  r->block_size = block_size;
  r->n_blocks = n_blocks;
  r->n_solute = n_solute;
  r->fraction = c;
  r->mode = mode;
  r->observed = observed;
  r->expected = g_new (double, block_size + 1);
  r->classes = g_new0 (IscFdaClass, block_size + 1);
  for (guint n = 0; n <= block_size; n++)
    r->expected[n] = n_blocks * gsl_ran_binomial_pdf (n, c, block_size);

  if (mode == ISC_FDA_CHI2_POOL)
    {
      IscFdaClass open = { 0, 0, 0, 0 };

      for (guint n = 0; n <= block_size; n++)
        {
          open.last = n;
          open.observed += observed[n];
          open.expected += r->expected[n];
          if (open.expected >= ISC_FDA_MIN_EXPECTED)
            {
              r->classes[r->n_classes++] = open;
              open.first = n + 1;
              open.observed = open.expected = 0;
            }
        }
      if (open.first <= block_size)
        {
          /* The remainder (expectation below 5) joins the last class, or is the only one. */
          if (r->n_classes == 0)
            r->classes[r->n_classes++] = open;
          else
            {
              IscFdaClass *last = &r->classes[r->n_classes - 1];

              last->last = open.last;
              last->observed += open.observed;
              last->expected += open.expected;
            }
        }
    }
  else
    {
      for (guint n = 0; n <= block_size; n++)
        if (observed[n] >= ISC_FDA_MIN_EXPECTED && r->expected[n] > 0)
          r->classes[r->n_classes++] = (IscFdaClass) { n, n, observed[n], r->expected[n] };
    }

  for (guint k = 0; k < r->n_classes; k++)
    {
      const IscFdaClass *cl = &r->classes[k];

      if (cl->expected > 0)
        terms[n_terms++] = (cl->observed - cl->expected) * (cl->observed - cl->expected) / cl->expected;
    }
  /* Smallest terms first, like 3Depict, for a stable sum. */
  qsort (terms, n_terms, sizeof *terms, compare_double);
  r->chi2 = 0;
  for (guint k = 0; k < n_terms; k++)
    r->chi2 += terms[k];

  /* With fewer than two classes there is no test: neither p nor mu means anything. */
  if (r->n_classes >= 2)
    {
      r->dof = r->n_classes - 1;
      r->p_value = gsl_cdf_chisq_Q (r->chi2, r->dof);
      r->mu = (n_solute + r->chi2) > 0 ? sqrt (r->chi2 / (n_solute + r->chi2)) : NAN;
      r->mu_n_value = n_solute;
    }
  else
    {
      r->dof = 0;
      r->p_value = NAN;
      r->mu = NAN;
    }
  return r;
}

IscFdaResult *
isc_fda_from_block_counts (const char      *element,
                           const guint     *counts,
                           gsize            n_blocks,
                           guint            block_size,
                           IscFdaChi2Mode   mode,
                           GError         **error)
{
  g_autofree guint64 *observed = NULL;
  guint64 n_solute = 0;

  g_return_val_if_fail (element != NULL, NULL);
  g_return_val_if_fail (counts != NULL || n_blocks == 0, NULL);

  if (block_size == 0 || n_blocks == 0)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "frequency distribution of %s: needs at least one block of at least one unit "
                   "(%" G_GSIZE_FORMAT " blocks of %u)", element, n_blocks, block_size);
      return NULL;
    }
  observed = g_new0 (guint64, block_size + 1);
  for (gsize b = 0; b < n_blocks; b++)
    {
      if (counts[b] > block_size)
        {
          g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                       "frequency distribution of %s: block %" G_GSIZE_FORMAT " holds %u atoms, "
                       "more than the block size %u", element, b, counts[b], block_size);
          return NULL;
        }
      observed[counts[b]]++;
      n_solute += counts[b];
    }
  return fda_from_histogram (element, g_steal_pointer (&observed), n_blocks, n_solute,
                             block_size, mode);
}

/* ---- Forming the blocks ---------------------------------------------------------------- */

/* What one ion of each type contributes: its units in order (element index per unit). */
typedef struct
{
  guint   n_elements;
  guint   n_units[256];
  guint8 *units;        /* 256 × max_units element indices */
  guint   max_units;
  guint  *weights;      /* decomposed: 256 × n_elements per-unit counts, in 1/FIXED_ONE; else NULL */
} UnitTable;

/* Decomposed counts are summed in fixed point inside the block counters. */
#define FIXED_ONE (1u << 16)

static gboolean
unit_table_init (UnitTable          *table,
                 const IscRangeSet  *ranges,
                 char              **elements,
                 IscFdaCountUnit     unit,
                 GError            **error)
{
  guint n_types = MIN (isc_range_set_get_n_ion_types (ranges), ISC_MAX_ION_TYPES);

  memset (table, 0, sizeof *table);
  table->n_elements = g_strv_length (elements);
  for (guint t = 0; t < n_types; t++)
    {
      const IscIonType *type = isc_range_set_get_ion_type (ranges, t);
      guint n = 0;

      for (guint j = 0; j < type->n_elements; j++)
        n += unit == ISC_FDA_COUNT_IONS ? 1 : type->elements[j].count;
      table->max_units = MAX (table->max_units, n);
    }
  if (table->max_units > 4096)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID,
                   "frequency distribution: an ion type holds %u atoms; that is not a real ion",
                   table->max_units);
      return FALSE;
    }
  table->units = g_new0 (guint8, 256 * MAX (table->max_units, 1));
  for (guint t = 0; t < n_types; t++)
    {
      const IscIonType *type = isc_range_set_get_ion_type (ranges, t);
      guint8 *u = table->units + t * table->max_units;
      guint n = 0;

      /* Elements in the order the definition lists them; an ion counts once per element in
       * ion mode (a repeated symbol in one definition still counts once). */
      for (guint j = 0; j < type->n_elements; j++)
        {
          guint e = 0;

          while (e < table->n_elements && !g_str_equal (elements[e], type->elements[j].symbol))
            e++;
          g_assert (e < table->n_elements);
          if (unit == ISC_FDA_COUNT_IONS)
            {
              gboolean dup = FALSE;

              for (guint k = 0; k < n; k++)
                dup |= u[k] == e;
              if (!dup)
                u[n++] = e;
            }
          else
            for (guint k = 0; k < type->elements[j].count; k++)
              u[n++] = e;
        }
      table->n_units[t] = n;
    }
  return TRUE;
}

/* Keys of a decomposition instead of ion types: each key has its ion type's units (so blocks
 * are cut as without it), and every unit counts the key's group share of each element. */
static gboolean
unit_table_init_decomposed (UnitTable               *table,
                            const IscRangeSet       *ranges,
                            const IscDecomposition  *d,
                            char                   **elements,
                            IscFdaCountUnit          unit,
                            GError                 **error)
{
  UnitTable plain;
  guint n_el = g_strv_length (elements);
  g_autofree double *atoms = g_new0 (double, (gsize) MAX (d->n_keys, 1) * MAX (n_el, 1));
  g_autofree double *ions = g_new0 (double, (gsize) MAX (d->n_keys, 1) * MAX (n_el, 1));

  if (!unit_table_init (&plain, ranges, elements, unit, error))
    return FALSE;
  memset (table, 0, sizeof *table);
  table->n_elements = plain.n_elements;
  table->max_units = plain.max_units;
  table->units = g_new0 (guint8, 256 * MAX (table->max_units, 1));
  table->weights = g_new0 (guint, 256 * MAX (n_el, 1));
  isc_decomposition_element_weights (d, ranges, elements, atoms, ions);
  for (guint k = 0; k < d->n_keys; k++)
    {
      guint t = d->key_type[k];
      const double *share = d->shares + (gsize) d->key_group[k] * d->n_ion_types;
      double signal = 0, atoms_sum = 0;

      table->n_units[k] = plain.n_units[t];
      memcpy (table->units + k * table->max_units, plain.units + t * plain.max_units, plain.n_units[t]);
      for (guint u = 0; u < d->n_ion_types; u++)
        signal += share[u];
      for (guint e = 0; e < n_el; e++)
        atoms_sum += atoms[(gsize) k * n_el + e];
      signal = CLAMP (signal, 0.0, 1.0);
      for (guint e = 0; e < n_el; e++)
        {
          /* Atoms: a unit is an atom of the group's decomposed atoms, or background. Ions: the
           * expected ions of the group that contain the element. */
          double w = unit == ISC_FDA_COUNT_IONS ? ions[(gsize) k * n_el + e]
                   : atoms_sum > 0 ? signal * atoms[(gsize) k * n_el + e] / atoms_sum : 0.0;

          table->weights[k * n_el + e] = (guint) lround (CLAMP (w, 0.0, 1.0) * FIXED_ONE);
        }
    }
  g_free (plain.units);
  return TRUE;
}

/* Per-block counts of every element, grown as blocks close. */
typedef struct
{
  guint    n_elements;
  guint    block_size;
  gboolean ions;        /* an ion is one unit that counts for all its elements */
  guint   *current;     /* n_elements */
  guint    fill;
  guint   *blocks;      /* n_blocks × n_elements */
  gsize    n_blocks;
  gsize    capacity;
  gboolean keep_columns;  /* spatial blocks in z bands: each block's column, to order them */
  guint32  column;        /* the column being cut */
  guint32 *columns;       /* n_blocks, when keep_columns */
} Blocker;

static void
blocker_flush (Blocker *bk)
{
  if (bk->n_blocks == bk->capacity)
    {
      bk->capacity = MAX (bk->capacity * 2, 1024);
      bk->blocks = g_renew (guint, bk->blocks, bk->capacity * bk->n_elements);
      if (bk->keep_columns)
        bk->columns = g_renew (guint32, bk->columns, bk->capacity);
    }
  memcpy (bk->blocks + bk->n_blocks * bk->n_elements, bk->current, bk->n_elements * sizeof (guint));
  if (bk->keep_columns)
    bk->columns[bk->n_blocks] = bk->column;
  bk->n_blocks++;
  memset (bk->current, 0, bk->n_elements * sizeof (guint));
  bk->fill = 0;
}

/* Drops the incomplete block being filled (end of the data or of a spatial column). */
static void
blocker_drop_partial (Blocker *bk)
{
  memset (bk->current, 0, bk->n_elements * sizeof (guint));
  bk->fill = 0;
}

static inline void
blocker_add_ion (Blocker         *bk,
                 const UnitTable *table,
                 guint8           t)
{
  guint n = table->n_units[t];
  const guint8 *u = table->units + t * table->max_units;

  if (n == 0)
    return;
  if (table->weights != NULL)
    {
      /* Decomposed: every unit adds its share of each element (fixed point). */
      const guint *w = table->weights + t * bk->n_elements;

      for (guint k = 0; k < (bk->ions ? 1 : n); k++)
        {
          for (guint e = 0; e < bk->n_elements; e++)
            bk->current[e] += w[e];
          if (++bk->fill == bk->block_size)
            blocker_flush (bk);
        }
      return;
    }
  if (bk->ions)
    {
      for (guint k = 0; k < n; k++)
        bk->current[u[k]]++;
      if (++bk->fill == bk->block_size)
        blocker_flush (bk);
    }
  else if (bk->fill + n < bk->block_size)
    {
      for (guint k = 0; k < n; k++)
        bk->current[u[k]]++;
      bk->fill += n;
    }
  else
    /* The ion's atoms may straddle blocks: place them one by one, in order. */
    for (guint k = 0; k < n; k++)
      {
        bk->current[u[k]]++;
        if (++bk->fill == bk->block_size)
          blocker_flush (bk);
      }
}

static gboolean
blocks_sequence (Blocker            *bk,
                 const IscIonCloud  *cloud,
                 const IscRoi       *roi,
                 const UnitTable    *table,
                 GCancellable       *cancellable,
                 IscProgressFunc     progress,
                 gpointer            progress_data,
                 GError            **error)
{
  g_autofree guint8 *mask = g_new (guint8, CHUNK);

  for (gsize first = 0; first < cloud->n_ions; first += CHUNK)
    {
      gsize n = MIN (CHUNK, cloud->n_ions - first);
      const guint8 *types = cloud->ion_type + first;

      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || (roi->kind != ISC_ROI_ALL && !isc_ion_cloud_check_mapping (cloud, error)))
        return FALSE;
      if (roi->kind == ISC_ROI_ALL)
        for (gsize j = 0; j < n; j++)
          blocker_add_ion (bk, table, types[j]);
      else
        {
          isc_roi_select_range (roi, cloud, first, n, mask);
          for (gsize j = 0; j < n; j++)
            if (mask[j])
              blocker_add_ion (bk, table, types[j]);
        }
      if (progress != NULL)
        progress (0.9 * (first + n) / cloud->n_ions, progress_data);
    }
  blocker_drop_partial (bk);
  return TRUE;
}

/* The grid of xy columns. */
typedef struct
{
  float  lo[2];
  double side;  /* nm */
  guint  nx, ny;
} Columns;

/* Column index along one axis: floor ((v − lo) / side), clamped; NaN-safe (only a comparison
 * that holds lets the value through the cast). */
static inline guint
column_1d (const Columns *g,
           float          v,
           float          lo,
           guint          n)
{
  double q = (v - lo) / g->side;

  return q > 0 ? (guint) MIN (q, n - 1.0) : 0;
}

/* Bands along z, for data larger than a band: a band is a range of bins of an order-preserving
 * integer key of z (its high 16 bits), so that along every column the ions of a band all sort
 * before those of the next, and the bands' sorted parts in turn are the sorted column. A NaN z
 * sorts as +∞ in the columns, and falls in the bin of +∞ here. */
#define Z_BINS 65536

static inline float
z_sort_key (float z)
{
  return isnan (z) ? INFINITY : z;
}

static inline guint
z_bin (float z)
{
  float v = z_sort_key (z);
  gint32 b;
  gint64 key;

  memcpy (&b, &v, 4);
  key = b >= 0 ? (gint64) b : -(gint64) (b & 0x7fffffff);   /* −0 and +0: one key */
  return (guint) ((key >> 16) + Z_BINS / 2);
}

/* Files (z, type, x column) of the region's ranged ions of one z band, from @from to @to, by
 * row of columns, in file order, into chunks of a shared pool, chaining each row's chunks: a job
 * for one thread (see blocks_spatial). Pieces of the file that hold nothing of the band are
 * passed over unread. */
typedef struct
{
  const IscIonCloud *cloud;
  const IscRoi      *roi;
  const UnitTable   *table;
  const Columns     *grid;
  const guint32     *piece_in;    /* pass 1, per CHUNK of ions: the region's ions */
  const float       *piece_zlo;   /* and their z_sort_key () range */
  const float       *piece_zhi;
  guint              bin_lo;      /* the band: z_bin () in [bin_lo, bin_hi) */
  guint              bin_hi;
  gsize              from;
  gsize              to;
  float             *pool_z;
  guint8            *pool_type;
  guint16           *pool_cx;
  guint32           *chunk_next;
  guint32           *chunk_fill;
  gsize              chunk;
  gint              *next_chunk;  /* the pool's next free chunk, shared by the band's jobs */
  guint32            n_chunks;
  guint32           *row_first;   /* G_MAXUINT32: none */
  guint32           *row_last;
  GCancellable      *cancellable;
  IscProgressFunc    progress;    /* NULL but on worker 0 */
  gpointer           progress_data;
  gboolean           cancelled;   /* or the mapped file changed (see check_mapping) */
  double             progress_from;
  double             progress_to;
} FileJob;

static gpointer
file_by_row (gpointer data)
{
  FileJob *job = data;
  const IscIonCloud *cloud = job->cloud;
  const Columns *grid = job->grid;
  g_autofree guint8 *mask = g_new (guint8, CHUNK);
  g_autofree gsize *row_at = g_new0 (gsize, grid->ny);
  g_autofree gsize *row_end = g_new0 (gsize, grid->ny);
  gsize chunk = job->chunk;
  /* locals, so that the stores into the pool do not make the compiler read these again */
  const float *x = cloud->x, *y = cloud->y, *z = cloud->z;
  const guint8 *types = cloud->ion_type;
  const guint *n_units = job->table->n_units;
  float *pool_z = job->pool_z;
  guint8 *pool_type = job->pool_type;
  guint16 *pool_cx = job->pool_cx;
  guint bin_lo = job->bin_lo, bin_hi = job->bin_hi;

  for (guint r = 0; r < grid->ny; r++)
    job->row_first[r] = job->row_last[r] = G_MAXUINT32;
  for (gsize first = job->from; first < job->to; first += CHUNK)
    {
      gsize n = MIN (CHUNK, job->to - first), piece = first / CHUNK;
      guint piece_lo = z_bin (job->piece_zlo[piece]), piece_hi = z_bin (job->piece_zhi[piece]);
      gboolean inside = piece_lo >= bin_lo && piece_hi < bin_hi;

      if (job->piece_in[piece] == 0 || piece_hi < bin_lo || piece_lo >= bin_hi)
        continue;
      if (g_cancellable_is_cancelled (job->cancellable) || !isc_ion_cloud_check_mapping (cloud, NULL))
        {
          job->cancelled = TRUE;
          return NULL;
        }
      isc_roi_select_range (job->roi, cloud, first, n, mask);
      for (gsize j = 0; j < n; j++)
        {
          gsize i = first + j;
          guint8 t = types[i];
          guint cy;
          gsize at;

          if (!mask[j] || n_units[t] == 0)
            continue;
          if (!inside)
            {
              guint b = z_bin (z[i]);

              if (b < bin_lo || b >= bin_hi)
                continue;
            }
          cy = column_1d (grid, y[i], grid->lo[1], grid->ny);
          at = row_at[cy];
          if (G_UNLIKELY (at == row_end[cy]))
            {
              /* Close the row's full chunk and chain a fresh one. */
              guint32 k = (guint32) g_atomic_int_add (job->next_chunk, 1);

              g_assert (k < job->n_chunks);
              job->chunk_next[k] = G_MAXUINT32;
              if (job->row_last[cy] == G_MAXUINT32)
                job->row_first[cy] = k;
              else
                {
                  job->chunk_fill[job->row_last[cy]] = chunk;
                  job->chunk_next[job->row_last[cy]] = k;
                }
              job->row_last[cy] = k;
              at = (gsize) k * chunk;
              row_end[cy] = at + chunk;
            }
          pool_z[at] = z[i];
          pool_type[at] = t;
          pool_cx[at] = column_1d (grid, x[i], grid->lo[0], grid->nx);
          row_at[cy] = at + 1;
        }
      if (job->progress != NULL)
        job->progress (job->progress_from + (job->progress_to - job->progress_from)
                       * (first + n - job->from) / (job->to - job->from), job->progress_data);
    }
  for (guint r = 0; r < grid->ny; r++)
    if (job->row_last[r] != G_MAXUINT32)
      job->chunk_fill[job->row_last[r]] = row_at[r] - (gsize) job->row_last[r] * chunk;
  return NULL;
}

/* The ions of a range of rows of columns, chained in chunks of a pool (see blocks_spatial),
 * turned into blocks: a job for one thread. */
typedef struct
{
  const Columns   *grid;
  const UnitTable *table;
  const float     *pool_z;
  const guint8    *pool_type;
  const guint16   *pool_cx;
  const guint32   *chunk_next;
  const guint32   *chunk_fill;
  const guint32   *row_first;
  gsize            chunk;
  guint            first_row;
  guint            end_row;
  Blocker         *bk;
  GCancellable    *cancellable;
  IscProgressFunc  progress;       /* NULL but on worker 0 */
  gpointer         progress_data;
  double           progress_from;
  gboolean         cancelled;
  double           progress_to;
  guint            col_lo;         /* only the columns [col_lo, col_hi) of each row */
  guint            col_hi;
  guint           *carry_counts;   /* z bands: each column's part-filled block (n_elements */
  guint           *carry_fill;     /* counts and fill a column), NULL for one band */
  gboolean         last_band;      /* drop what is left of each column, as one band would */
} RowJob;

/* A column's blocks go on from where the band before left them. */
static void
blocker_enter_column (RowJob  *job,
                      guint32  column)
{
  Blocker *bk = job->bk;

  bk->column = column;
  if (job->carry_fill == NULL)
    return;
  memcpy (bk->current, job->carry_counts + (gsize) column * bk->n_elements, bk->n_elements * sizeof (guint));
  bk->fill = job->carry_fill[column];
}

/* The column's part-filled block waits for the next band; after the last, it is dropped. */
static void
blocker_leave_column (RowJob  *job,
                      guint32  column)
{
  Blocker *bk = job->bk;

  if (job->carry_fill != NULL && !job->last_band)
    {
      memcpy (job->carry_counts + (gsize) column * bk->n_elements, bk->current, bk->n_elements * sizeof (guint));
      job->carry_fill[column] = bk->fill;
    }
  blocker_drop_partial (bk);
}

/* Row by row: file the row's ions by column (in cache, keeping file order), then walk each
 * column along z and cut it into blocks. */

static gpointer
rows_to_blocks (gpointer data)
{
  RowJob *job = data;
  const Columns *grid = job->grid;
  g_autofree guint32 *column_start = g_new (guint32, grid->nx + 1);
  g_autofree guint32 *cursor = g_new (guint32, grid->nx);
  g_autofree float *column_z = NULL;
  g_autofree guint8 *column_type = NULL;
  g_autofree IscKeyedRecord *run = NULL;
  g_autofree IscKeyedRecord *scratch = NULL;
  gsize row_capacity = 0, run_capacity = 0, chunk = job->chunk;
  /* records of a row copied out at once: 5 B each, 80 MB a worker for 1.5 GiB bands */
  guint32 group_records = MAX (isc_ion_pass_band_bytes () / 96, 256);

  for (guint r = job->first_row; r < job->end_row; r++)
    {
      gsize row_n = 0, max_column = 0, base_at;

      if (g_cancellable_is_cancelled (job->cancellable))
        {
          job->cancelled = TRUE;
          return NULL;
        }
      memset (column_start, 0, (grid->nx + 1) * sizeof *column_start);
      for (guint32 k = job->row_first[r]; k != G_MAXUINT32; k = job->chunk_next[k])
        {
          const guint16 *cx = job->pool_cx + (gsize) k * chunk;

          for (guint32 i = 0; i < job->chunk_fill[k]; i++)
            column_start[cx[i] + 1]++;
          row_n += job->chunk_fill[k];
        }
      if (row_n == 0)
        continue;
      for (guint cx = 1; cx <= grid->nx; cx++)
        {
          if (cx - 1 >= job->col_lo && cx - 1 < job->col_hi)
            max_column = MAX (max_column, column_start[cx]);
          column_start[cx] += column_start[cx - 1];
        }
      /* the job's columns only: their records from 0 on */
      base_at = column_start[job->col_lo];
      row_n = column_start[job->col_hi] - base_at;
      if (row_n == 0)
        continue;
      for (guint cx = 0; cx <= grid->nx; cx++)
        column_start[cx] = column_start[cx] >= base_at ? column_start[cx] - base_at : 0;
      if (max_column > run_capacity)
        {
          run_capacity = max_column;
          run = g_renew (IscKeyedRecord, run, run_capacity);
          scratch = g_renew (IscKeyedRecord, scratch, run_capacity);
        }
      /* The columns in groups of at most group_records records (or one column), each copied
       * out of the row's chunks on its own: a worker's copy stays small whatever the row's
       * size, for one more read of the row's column numbers per group. */
      for (guint g_lo = job->col_lo; g_lo < job->col_hi;)
        {
          guint g_hi = g_lo + 1;
          guint32 g_base = column_start[g_lo];
          gsize g_n;

          while (g_hi < job->col_hi && column_start[g_hi + 1] - g_base <= group_records)
            g_hi++;
          g_n = column_start[g_hi] - g_base;
          if (g_n == 0)
            {
              g_lo = g_hi;
              continue;
            }
          if (g_n > row_capacity)
            {
              row_capacity = g_n;
              column_z = g_renew (float, column_z, row_capacity);
              column_type = g_renew (guint8, column_type, row_capacity);
            }
          for (guint cx = g_lo; cx < g_hi; cx++)
            cursor[cx] = column_start[cx] - g_base;
          for (guint32 k = job->row_first[r]; k != G_MAXUINT32; k = job->chunk_next[k])
            {
              gsize base = (gsize) k * chunk;

              for (guint32 i = 0; i < job->chunk_fill[k]; i++)
                {
                  guint c = job->pool_cx[base + i];
                  guint32 at;

                  if (c < g_lo || c >= g_hi)
                    continue;
                  at = cursor[c]++;
                  column_z[at] = job->pool_z[base + i];
                  column_type[at] = job->pool_type[base + i];
                }
            }
          for (guint cx = g_lo; cx < g_hi; cx++)
            {
              guint32 first = column_start[cx] - g_base, n = column_start[cx + 1] - column_start[cx];

              if (n == 0)
                continue;
              for (guint32 k = 0; k < n; k++)
                run[k] = (IscKeyedRecord) { z_sort_key (column_z[first + k]), column_type[first + k] };
              isc_keyed_sort_stable_adaptive (run, n, scratch);
              blocker_enter_column (job, r * grid->nx + cx);
              for (guint32 k = 0; k < n; k++)
                blocker_add_ion (job->bk, job->table, run[k].payload);
              blocker_leave_column (job, r * grid->nx + cx);
            }
          g_lo = g_hi;
        }
      if (job->progress != NULL)
        job->progress (job->progress_from + (job->progress_to - job->progress_from)
                       * (r + 1) / grid->ny, job->progress_data);
    }
  return NULL;
}

/* Pass 1 of blocks_spatial (): extent and amount of the data in the region, per worker; the
 * region's ions of each piece of CHUNK ions and their z range; the histogram of z for bands. */
typedef struct
{
  const IscIonCloud *cloud;
  const IscRoi      *roi;
  const UnitTable   *table;
  gboolean           ions;
  guint32           *piece_in;                          /* per CHUNK of ions (a piece) */
  float             *piece_zlo;                         /* its z_sort_key () range */
  float             *piece_zhi;
  guint64           *z_hist;                            /* n_workers × Z_BINS, or NULL */
  float              lo[ISC_ION_PASS_MAX_WORKERS][3];
  float              hi[ISC_ION_PASS_MAX_WORKERS][3];
  double             units[ISC_ION_PASS_MAX_WORKERS];   /* sums of integers: exact */
} ExtentJob;

static void
extent_chunk (gsize    first,
              gsize    n,
              guint    worker,
              gpointer data)
{
  ExtentJob *job = data;
  const IscIonCloud *cloud = job->cloud;
  /* locals, so that the compiler keeps the bounds in registers (a store through job->lo could
   * otherwise change the cloud's column pointers as far as it knows) */
  const float *x = cloud->x + first, *y = cloud->y + first, *z = cloud->z + first;
  const guint8 *types = cloud->ion_type + first;
  const guint *n_units = job->table->n_units;
  float lo0 = INFINITY, lo1 = INFINITY, lo2 = INFINITY, hi0 = -INFINITY, hi1 = -INFINITY, hi2 = -INFINITY;
  float zlo = INFINITY, zhi = -INFINITY;
  guint64 *z_hist = job->z_hist != NULL ? job->z_hist + (gsize) worker * Z_BINS : NULL;
  guint8 mask[CHUNK];
  guint32 n_in = 0;
  guint64 units = 0;

  isc_roi_select_range (job->roi, cloud, first, n, mask);
  for (gsize j = 0; j < n; j++)
    {
      guint t = types[j];

      if (!mask[j] || n_units[t] == 0)
        continue;
      n_in++;
      units += job->ions ? 1 : n_units[t];
      lo0 = MIN (lo0, x[j]); hi0 = MAX (hi0, x[j]);
      lo1 = MIN (lo1, y[j]); hi1 = MAX (hi1, y[j]);
      lo2 = MIN (lo2, z[j]); hi2 = MAX (hi2, z[j]);
      zlo = MIN (zlo, z_sort_key (z[j])); zhi = MAX (zhi, z_sort_key (z[j]));
      if (z_hist != NULL)
        z_hist[z_bin (z[j])]++;
    }
  job->lo[worker][0] = MIN (job->lo[worker][0], lo0);
  job->lo[worker][1] = MIN (job->lo[worker][1], lo1);
  job->lo[worker][2] = MIN (job->lo[worker][2], lo2);
  job->hi[worker][0] = MAX (job->hi[worker][0], hi0);
  job->hi[worker][1] = MAX (job->hi[worker][1], hi1);
  job->hi[worker][2] = MAX (job->hi[worker][2], hi2);
  job->piece_in[first / CHUNK] = n_in;
  job->piece_zlo[first / CHUNK] = zlo;
  job->piece_zhi[first / CHUNK] = zhi;
  job->units[worker] += units;
}

/* Pass 2: each segment of the file (one per worker) filed into its own chunks of the pool. */
typedef struct
{
  FileJob *segments;
  gsize    offset;      /* the first ion of the band's part of the file */
  gsize    segment;     /* ions per segment */
} FileSegments;

static void
file_segment (gsize    first,
              gsize    n,
              guint    worker,
              gpointer data)
{
  FileSegments *fs = data;
  FileJob *job = &fs->segments[first / fs->segment];

  job->from = fs->offset + first;
  job->to = fs->offset + first + n;
  if (worker != 0)
    job->progress = NULL;
  file_by_row (job);
}

/* Pass 3: the band's rows in units of one row, or of a part of its columns for a row that holds
 * much of the band, each into blocks of its own (handed out in order, ITEMS_PER_UNIT items
 * each so that the pass runs on every worker). */
#define ITEMS_PER_UNIT 16384

typedef struct
{
  const RowJob *model;
  const guint  *unit_row;   /* n_units */
  const guint  *unit_col;   /* n_units + 1: columns [unit_col[u], unit_col[u] or nx) */
  const guint  *unit_end;   /* n_units: end column */
  Blocker      *unit_bk;    /* n_units */
} RowUnits;

static void
rows_unit (gsize    first,
           gsize    n,
           guint    worker,
           gpointer data)
{
  RowUnits *ru = data;
  gsize u = first / ITEMS_PER_UNIT;
  RowJob job = *ru->model;

  (void) n;
  job.first_row = ru->unit_row[u];
  job.end_row = ru->unit_row[u] + 1;
  job.col_lo = ru->unit_col[u];
  job.col_hi = ru->unit_end[u];
  job.bk = &ru->unit_bk[u];
  if (worker != 0)
    job.progress = NULL;
  rows_to_blocks (&job);
}

/* The z bands: ranges of bins of about a budget of records each, their ions and the part of
 * the file (pieces of CHUNK ions) that holds them. */
typedef struct
{
  guint   bin_lo, bin_hi;
  guint64 n_in;
  gsize   piece_lo, piece_hi;
} ZBand;

/* Records a band aims at: small bands keep their records in cache (10^8 ions file and cut in
 * bands of 50 MB twice as fast as in one of 700 MB). */
#define SMALL_BAND_RECORDS ((G_GUINT64_CONSTANT (48) << 20) / 7)

/* Bands of at most @budget records (a bin never splits, so a band of one bin may hold more);
 * @reads: the pieces of the file they read together. */
static GArray *
z_bands_cut (const guint64   *z_bins,
             guint64          n_in,
             guint64          budget,
             const ExtentJob *extent,
             gsize            n_pieces,
             gsize           *reads)
{
  GArray *bands = g_array_new (FALSE, TRUE, sizeof (ZBand));
  ZBand band = { .bin_hi = Z_BINS };

  if (z_bins == NULL)
    band.n_in = n_in;
  else
    for (guint b = 0; b < Z_BINS; b++)
      {
        if (band.n_in > 0 && band.n_in + z_bins[b] > budget)
          {
            band.bin_hi = b;
            g_array_append_val (bands, band);
            band = (ZBand) { .bin_lo = b, .bin_hi = Z_BINS };
          }
        band.n_in += z_bins[b];
      }
  g_array_append_val (bands, band);
  *reads = 0;
  for (guint k = 0; k < bands->len; k++)
    {
      ZBand *zb = &g_array_index (bands, ZBand, k);

      zb->piece_lo = n_pieces;
      zb->piece_hi = 0;
      for (gsize c = 0; c < n_pieces; c++)
        if (extent->piece_in[c] > 0 && z_bin (extent->piece_zhi[c]) >= zb->bin_lo
            && z_bin (extent->piece_zlo[c]) < zb->bin_hi)
          {
            zb->piece_lo = MIN (zb->piece_lo, c);
            zb->piece_hi = c + 1;
            (*reads)++;
          }
    }
  return bands;
}

/* Small bands while their parts of the file hardly overlap (ions recorded roughly along z); the
 * budget doubles while they would read the file more than 1.25 times over, up to
 * isc_ion_pass_band_bytes (), so that data in no order along z is not read band after band. */
static ZBand *
z_bands_choose (const guint64   *z_bins,
                guint64          n_in,
                const ExtentJob *extent,
                gsize            n_pieces,
                guint           *n_bands)
{
  guint64 largest = MAX (isc_ion_pass_band_bytes () / 7, 1);
  guint64 budget = MIN (largest, SMALL_BAND_RECORDS);
  gsize with_data = 0, reads;
  GArray *bands;

  for (gsize c = 0; c < n_pieces; c++)
    with_data += extent->piece_in[c] > 0;
  for (;;)
    {
      bands = z_bands_cut (z_bins, n_in, budget, extent, n_pieces, &reads);
      if (reads * 4 <= with_data * 5 || budget >= largest)
        break;
      g_array_free (bands, TRUE);
      budget = MIN (budget * 2, largest);
    }
  *n_bands = bands->len;
  return (ZBand *) g_array_free (bands, FALSE);
}

/* Blocks cut band by band into the order one band gives: by column (row by row), each column's
 * blocks along z. A stable counting sort on the blocks' columns. */
static gboolean
blocker_order_by_column (Blocker  *bk,
                         guint32   n_columns,
                         GError  **error)
{
  g_autofree gsize *start = g_new0 (gsize, (gsize) n_columns + 1);
  guint *sorted = isc_memory_try_new (MAX (bk->n_blocks, 1) * bk->n_elements, sizeof (guint), FALSE,
                                      "spatial blocks", error);

  if (sorted == NULL)
    return FALSE;
  for (gsize b = 0; b < bk->n_blocks; b++)
    start[bk->columns[b] + 1]++;
  for (guint32 c = 1; c <= n_columns; c++)
    start[c] += start[c - 1];
  for (gsize b = 0; b < bk->n_blocks; b++)
    memcpy (sorted + start[bk->columns[b]]++ * bk->n_elements, bk->blocks + b * bk->n_elements,
            bk->n_elements * sizeof (guint));
  g_free (bk->blocks);
  bk->blocks = sorted;
  bk->capacity = MAX (bk->n_blocks, 1);
  g_clear_pointer (&bk->columns, g_free);
  bk->keep_columns = FALSE;
  return TRUE;
}

/* One band's rows to blocks, in parts of about equal ions, one per worker; each part's blocks
 * follow those of the parts before it, as if one thread had done all (blocks never span two
 * columns), and are appended to @bk. */
static gboolean
band_to_blocks (Blocker        *bk,
                const RowJob   *model,
                guint64         band_in,
                guint           n_workers,
                GCancellable   *cancellable,
                GError        **error)
{
  const Columns *grid = model->grid;
  g_autofree guint *unit_row = g_new (guint, (gsize) grid->ny * n_workers);
  g_autofree guint *unit_col = g_new (guint, (gsize) grid->ny * n_workers);
  g_autofree guint *unit_end = g_new (guint, (gsize) grid->ny * n_workers);
  g_autofree Blocker *unit_bk = NULL;
  RowUnits ru;
  gboolean ok;
  gsize n_units = 0;

  for (guint r = 0; r < grid->ny; r++)
    {
      guint64 row_n = 0;
      guint pieces;

      for (guint32 k = model->row_first[r]; k != G_MAXUINT32; k = model->chunk_next[k])
        row_n += model->chunk_fill[k];
      if (row_n == 0)
        continue;
      /* a row with much of the band is shared by the workers, by columns */
      pieces = n_workers > 1 && row_n * 2 * n_workers > band_in ? MIN (n_workers, grid->nx) : 1;
      for (guint p = 0; p < pieces; p++)
        {
          unit_row[n_units] = r;
          unit_col[n_units] = (guint) ((guint64) grid->nx * p / pieces);
          unit_end[n_units] = (guint) ((guint64) grid->nx * (p + 1) / pieces);
          n_units++;
        }
    }
  unit_bk = g_new0 (Blocker, MAX (n_units, 1));
  for (gsize u = 0; u < n_units; u++)
    {
      unit_bk[u].n_elements = bk->n_elements;
      unit_bk[u].block_size = bk->block_size;
      unit_bk[u].ions = bk->ions;
      unit_bk[u].keep_columns = bk->keep_columns;
      unit_bk[u].current = g_new0 (guint, bk->n_elements);
    }
  ru = (RowUnits) { model, unit_row, unit_col, unit_end, unit_bk };
  ok = isc_parallel_run (n_units * ITEMS_PER_UNIT, ITEMS_PER_UNIT, n_workers, rows_unit, &ru,
                         cancellable, NULL, NULL, model->progress_from, model->progress_to, error);
  for (gsize u = 0; u < n_units; u++)
    {
      for (gsize k = 0; ok && k < unit_bk[u].n_blocks; k++)
        {
          memcpy (bk->current, unit_bk[u].blocks + k * bk->n_elements, bk->n_elements * sizeof (guint));
          if (bk->keep_columns)
            bk->column = unit_bk[u].columns[k];
          blocker_flush (bk);
        }
      g_free (unit_bk[u].current);
      g_free (unit_bk[u].blocks);
      g_free (unit_bk[u].columns);
    }
  return ok;
}

/* 3Depict-style "auto brick": xy columns of side a, where a cube a³ holds block_size units on
 * average; each column is walked along z (equal z in file order) and cut every block_size
 * units, its remainder dropped. (z, type, x column) are filed by row of columns, then by column,
 * and each column is sorted along z on its own: small sorts in cache instead of one sort of
 * everything. Data larger than a band goes in bands along z, each column's part-filled block
 * carried from one band to the next; as ions are recorded roughly in z order, each band reads
 * little more than its own part of the file. Every step runs on the one chunked pass
 * (ion-pass.h) and gives the same blocks whatever the number of workers or bands. */
static gboolean
blocks_spatial (Blocker            *bk,
                const IscIonCloud  *cloud,
                const IscRoi       *roi,
                const UnitTable    *table,
                GCancellable       *cancellable,
                IscProgressFunc     progress,
                gpointer            progress_data,
                GError            **error)
{
  g_autofree ExtentJob *extent = g_new0 (ExtentJob, 1);
  g_autofree guint32 *piece_in = NULL;
  g_autofree float *piece_zlo = NULL;
  g_autofree float *piece_zhi = NULL;
  g_autofree guint64 *z_hist = NULL;
  g_autofree ZBand *bands = NULL;
  g_autofree float *pool_z = NULL;
  g_autofree guint8 *pool_type = NULL;
  g_autofree guint16 *pool_cx = NULL;
  g_autofree guint32 *chunk_next = NULL;
  g_autofree guint32 *chunk_fill = NULL;
  g_autofree guint32 *row_first = NULL;
  g_autofree guint32 *row_last = NULL;
  g_autofree guint32 *row_ends = NULL;
  g_autofree guint *carry_counts = NULL;
  g_autofree guint *carry_fill = NULL;
  g_autofree FileJob *segments = NULL;
  guint n_bands;
  guint64 below;
  guint n_workers = isc_ion_pass_default_workers ();
  gsize n_in = 0, chunk, n_chunks = 0, n_pieces = (cloud->n_ions + CHUNK - 1) / CHUNK;
  float lo[3] = { INFINITY, INFINITY, INFINITY }, hi[3] = { -INFINITY, -INFINITY, -INFINITY };
  double units = 0, volume, side;
  guint32 n_columns;
  Columns grid;

  if (cloud->n_ions < PARALLEL_MIN_IONS)
    n_workers = 1;

  /* Pass 1: extent and amount of the data in the region, each piece's z range, and where the
   * data may need bands, the histogram of z they are cut from. */
  piece_in = g_new0 (guint32, MAX (n_pieces, 1));
  piece_zlo = g_new (float, MAX (n_pieces, 1));
  piece_zhi = g_new (float, MAX (n_pieces, 1));
  if ((guint64) cloud->n_ions > MIN (isc_ion_pass_band_bytes () / 7, SMALL_BAND_RECORDS))
    z_hist = g_new0 (guint64, (gsize) n_workers * Z_BINS);
  *extent = (ExtentJob) { cloud, roi, table, bk->ions, piece_in, piece_zlo, piece_zhi, z_hist };
  for (guint w = 0; w < ISC_ION_PASS_MAX_WORKERS; w++)
    for (guint k = 0; k < 3; k++)
      {
        extent->lo[w][k] = INFINITY;
        extent->hi[w][k] = -INFINITY;
      }
  if (!isc_ion_pass_run_full (cloud, cloud->n_ions, CHUNK, n_workers, extent_chunk, extent,
                              cancellable, progress, progress_data, 0.0, 0.2, error))
    return FALSE;
  for (guint w = 0; w < ISC_ION_PASS_MAX_WORKERS; w++)
    {
      for (guint k = 0; k < 3; k++)
        {
          lo[k] = MIN (lo[k], extent->lo[w][k]);
          hi[k] = MAX (hi[k], extent->hi[w][k]);
        }
      units += extent->units[w];
    }
  for (gsize c = 0; c < n_pieces; c++)
    n_in += piece_in[c];
  if (n_in == 0)
    return TRUE;
  for (guint w = 1; z_hist != NULL && w < n_workers; w++)
    for (guint b = 0; b < Z_BINS; b++)
      z_hist[b] += z_hist[(gsize) w * Z_BINS + b];
  if (n_in > G_MAXUINT32)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_UNSUPPORTED,
                   "frequency distribution: spatial blocks support at most %u ions", G_MAXUINT32);
      return FALSE;
    }

  /* Volume of the bounding box; a flat extent counts as 1 nm so the grid stays finite. */
  volume = MAX (hi[0] - lo[0], 1.0) * MAX (hi[1] - lo[1], 1.0) * MAX (hi[2] - lo[2], 1.0);
  side = cbrt (volume * bk->block_size / units);
  grid.nx = (guint) CLAMP (ceil ((hi[0] - lo[0]) / side), 1, 4096);
  grid.ny = (guint) CLAMP (ceil ((hi[1] - lo[1]) / side), 1, 4096);
  grid.lo[0] = lo[0];
  grid.lo[1] = lo[1];
  grid.side = side;
  n_columns = grid.nx * grid.ny;

  /* The bands, and the pool the largest needs. Pass 2 files (z, type, x column) by row of
   * columns, in file order, into chunks of the pool (a row's chunks are chained). Few rows: the
   * scattered writes stay in L1, where thousands of column streams would miss it at every ion;
   * and no counting pass is needed first. Each worker files a segment of the band's part of the
   * file, whose chunks are chained after those of the segments before it, keeping file order
   * within each row; every row of a segment leaves at most one chunk part-filled. */
  bands = z_bands_choose (z_hist, n_in, extent, n_pieces, &n_bands);
  chunk = CLAMP (n_in / ((gsize) grid.ny * 8), 256, 8192);
  for (guint b = 0; b < n_bands; b++)
    n_chunks = MAX (n_chunks, bands[b].n_in / chunk + (gsize) n_workers * grid.ny + 1);
  if (n_chunks > G_MAXUINT32 / 2)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_UNSUPPORTED,
                   "frequency distribution: too many ions for spatial blocks");
      return FALSE;
    }

  /* 7 bytes per ion of a band: ask, and say so when it does not fit (never abort) */
  if (isc_memory_check ((guint64) n_chunks * (chunk * 7 + 8), "spatial blocks", NULL))
    {
      pool_z = g_try_new (float, n_chunks * chunk);
      pool_type = g_try_new (guint8, n_chunks * chunk);
      pool_cx = g_try_new (guint16, n_chunks * chunk);
      chunk_next = g_try_new (guint32, n_chunks);
      chunk_fill = g_try_new (guint32, n_chunks);
    }
  if (n_bands > 1)
    {
      carry_counts = isc_memory_try_new ((gsize) n_columns * bk->n_elements, sizeof (guint), TRUE,
                                         "spatial blocks", NULL);
      carry_fill = g_try_new0 (guint, n_columns);
      bk->keep_columns = TRUE;
    }
  if (pool_z == NULL || pool_type == NULL || pool_cx == NULL || chunk_next == NULL || chunk_fill == NULL
      || (n_bands > 1 && (carry_counts == NULL || carry_fill == NULL)))
    {
      g_autofree char *size = g_format_size ((guint64) n_chunks * chunk * 7);

      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_IO,
                   "frequency distribution: spatial blocks of %" G_GSIZE_FORMAT " ions need %s of memory, "
                   "which is not available (use sequence blocks, or a region)", n_in, size);
      return FALSE;
    }
  segments = g_new0 (FileJob, n_workers);
  row_ends = g_new (guint32, 2 * (gsize) n_workers * grid.ny);
  row_first = g_new (guint32, grid.ny);
  row_last = g_new (guint32, grid.ny);

  below = 0;
  for (guint b = 0; b < n_bands; b++)
    {
      const ZBand *band = &bands[b];
      gsize offset = band->piece_lo * CHUNK;
      gsize part = band->piece_hi > band->piece_lo ? MIN (band->piece_hi * CHUNK, cloud->n_ions) - offset : 0;
      gsize segment = (band->piece_hi - band->piece_lo + n_workers - 1) / n_workers * CHUNK;
      gsize n_segments = part > 0 ? (part + segment - 1) / segment : 0;
      FileSegments fs = { segments, offset, MAX (segment, 1) };
      gint next = 0;
      double from, mid, to;

      if (band->n_in == 0)
        continue;
      /* progress: the band's share of 0.2 … 1, five eighths filing, the rest into blocks */
      from = 0.2 + 0.8 * below / n_in;
      to = 0.2 + 0.8 * (below + band->n_in) / n_in;
      mid = from + (to - from) * 5 / 8;
      below += band->n_in;
      for (gsize s = 0; s < n_segments; s++)
        segments[s] = (FileJob) {
          cloud, roi, table, &grid, piece_in, piece_zlo, piece_zhi, band->bin_lo, band->bin_hi, 0, 0,
          pool_z, pool_type, pool_cx, chunk_next, chunk_fill, chunk, &next, (guint32) n_chunks,
          row_ends + 2 * s * grid.ny, row_ends + (2 * s + 1) * grid.ny, cancellable,
          /* each segment its share of the filing: rising whichever segments worker 0 takes */
          progress, progress_data, FALSE, from + (mid - from) * s / n_segments,
          from + (mid - from) * (s + 1) / n_segments,
        };
      if (!isc_ion_pass_run_full (cloud, part, segment, n_workers, file_segment, &fs,
                                  cancellable, NULL, NULL, from, mid, error))
        return FALSE;
      for (gsize s = 0; s < n_segments; s++)
        if (segments[s].cancelled)
          {
            if (!g_cancellable_set_error_if_cancelled (cancellable, error))
              isc_ion_cloud_check_mapping (cloud, error);
            return FALSE;
          }

      /* Chain the segments' rows in file order. */
      memcpy (row_first, segments[0].row_first, grid.ny * sizeof (guint32));
      memcpy (row_last, segments[0].row_last, grid.ny * sizeof (guint32));
      for (gsize s = 1; s < n_segments; s++)
        for (guint r = 0; r < grid.ny; r++)
          {
            if (segments[s].row_first[r] == G_MAXUINT32)
              continue;
            if (row_last[r] == G_MAXUINT32)
              row_first[r] = segments[s].row_first[r];
            else
              chunk_next[row_last[r]] = segments[s].row_first[r];
            row_last[r] = segments[s].row_last[r];
          }

      {
        RowJob model = {
          &grid, table, pool_z, pool_type, pool_cx, chunk_next, chunk_fill, row_first, chunk,
          0, grid.ny, NULL, cancellable, progress, progress_data, mid, FALSE, to, 0, grid.nx,
          carry_counts, carry_fill, b + 1 == n_bands,
        };

        if (!band_to_blocks (bk, &model, band->n_in, n_workers, cancellable, error))
          return FALSE;
      }
    }
  return !bk->keep_columns || blocker_order_by_column (bk, n_columns, error);
}

/* ---- Nearest-neighbour blocks (Stephenson et al. 2014) ------------------------------------ */

typedef struct
{
  const IscIonCloud     *cloud;
  const IscSpatialIndex *index;
  const UnitTable       *table;
  const guint           *wanted;
  guint                  n_wanted;
  guint                  k;
  gboolean               ions;
  guint                 *current;   /* n_workers × n_elements */
  guint64               *hist;      /* n_workers × n_wanted × (k + 1) */
  guint64               *solute;    /* n_workers × n_wanted */
} NnBlocks;

/* Counts one block, the centre's @found (= k or more units' worth) nearest ions @ids. */
static void
count_nn_block (NnBlocks      *nb,
                guint          worker,
                guint          found,
                const guint32 *ids)
{
  const UnitTable *table = nb->table;
  guint *current = nb->current + (gsize) worker * table->n_elements;
  guint64 *hist = nb->hist + (gsize) worker * nb->n_wanted * (nb->k + 1);
  guint64 *solute = nb->solute + (gsize) worker * nb->n_wanted;
  guint fill = 0;

  memset (current, 0, table->n_elements * sizeof (guint));
  /* The neighbours' units in order of distance until the block holds k: in atom mode the
   * farthest ion may give only some of its atoms, as an ion straddles sequence blocks. */
  for (guint j = 0; j < found && fill < nb->k; j++)
    {
      guint8 t = nb->cloud->ion_type[ids[j]];
      const guint8 *u = table->units + t * table->max_units;

      if (nb->ions)
        {
          for (guint m = 0; m < table->n_units[t]; m++)
            current[u[m]]++;
          fill++;
        }
      else
        for (guint m = 0; m < table->n_units[t] && fill < nb->k; m++, fill++)
          current[u[m]]++;
    }
  g_assert (fill == nb->k);
  for (guint w = 0; w < nb->n_wanted; w++)
    {
      guint c = current[nb->wanted[w]];

      hist[w * (nb->k + 1) + c]++;
      solute[w] += c;
    }
}

static void
nn_blocks_chunk (gsize    first,
                 gsize    n,
                 guint    worker,
                 gpointer data)
{
  NnBlocks *nb = data;
  double dist[64];
  guint32 ids[64];

  for (gsize i = first; i < first + n; i++)
    {
      double p[3];
      guint found;

      isc_spatial_index_point (nb->index, i, p);
      found = isc_spatial_index_knn (nb->index, p, nb->k, nb->index->id[i], INFINITY, dist, ids);
      count_nn_block (nb, worker, found, ids);
    }
}

static void
nn_block_found (guint32        centre,
                guint          found,
                const double  *dist,
                const guint32 *ids,
                guint          worker,
                gpointer       data)
{
  count_nn_block (data, worker, found, ids);
}

/* The ranged ions of the region (flag 1), for the ion lists of sampled blocks. */
typedef struct
{
  const IscIonCloud *cloud;
  const IscRoi      *roi;
  guint8             ranged[256];
} NnRegion;

static void
nn_region_flags (gsize first, gsize n, guint8 *flags, guint8 *scratch, gpointer data)
{
  const NnRegion *region = data;

  isc_ion_flags_by_type (region->cloud, region->roi, region->ranged, first, n, flags, scratch);
}

/* Cells that hold about @per_cell of the @n points in the box @lo … @hi. */
static double
nn_cell_size (const double lo[3],
              const double hi[3],
              gsize        n,
              double       per_cell)
{
  double v = 1;

  for (int a = 0; a < 3; a++)
    v *= MAX (hi[a] - lo[a], 0.1);
  return MAX (cbrt (v * per_cell / MAX (n, 1)), 0.05);
}

/* The whole region's blocks: every ranged ion is indexed and is a centre, in the index's cell
 * order (neighbouring queries read the same cells). Takes @ids, the ranged ions. */
static gboolean
nn_blocks_every (NnBlocks      *nb,
                 guint32       *ids,
                 gsize          n_ids,
                 guint          n_workers,
                 GCancellable  *cancellable,
                 IscProgressFunc progress,
                 gpointer       progress_data,
                 GError       **error)
{
  const IscIonCloud *cloud = nb->cloud;
  double lo[3] = { INFINITY, INFINITY, INFINITY }, hi[3] = { -INFINITY, -INFINITY, -INFINITY };
  g_autoptr(IscSpatialIndex) index = NULL;

  /* a serial read of the positions, which may be mapped: check the file first */
  if (!isc_ion_cloud_check_mapping (cloud, error))
    {
      g_free (ids);
      return FALSE;
    }
  for (gsize i = 0; i < n_ids; i++)
    {
      const float v[3] = { cloud->x[ids[i]], cloud->y[ids[i]], cloud->z[ids[i]] };

      for (int a = 0; a < 3; a++)
        {
          lo[a] = MIN (lo[a], v[a]);
          hi[a] = MAX (hi[a], v[a]);
        }
    }
  /* About k/2 points per cell: the k-th neighbour then lies within the 27 cells about the
   * centre's most of the time, and fewer points are measured than with k per cell. */
  index = isc_spatial_index_new_take (cloud, ids, n_ids, nn_cell_size (lo, hi, n_ids, MAX (nb->k / 2.0, 4)), error);
  if (index == NULL)
    return FALSE;
  nb->index = index;
  return isc_parallel_run (index->n_points, 4096, n_workers, nn_blocks_chunk, nb, cancellable,
                           progress, progress_data, 0.1, 0.95, error);
}

/* One block per ranged ion of the region (its centre), or per one of max_nn_blocks centres
 * spread evenly over the file: the k = block_size nearest other ranged ions, counted in the
 * table's units. Returns the results for the @wanted elements. */
static GPtrArray *
fda_nn (const IscIonCloud     *cloud,
        const IscRoi          *roi,
        const UnitTable       *table,
        const IscFdaSettings  *settings,
        const char * const    *elements,
        const guint           *wanted,
        guint                  n_wanted,
        GCancellable          *cancellable,
        IscProgressFunc        progress,
        gpointer               progress_data,
        GError               **error)
{
  g_autoptr(IscIonLists) lists = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree guint32 *ids = NULL;
  guint k = settings->block_size;
  guint n_workers = isc_ion_pass_default_workers ();
  NnRegion region = { cloud, roi };
  NnBlocks nb = { 0 };
  guint64 counts[8], n_blocks;
  gsize n_ids;
  gboolean ok;

  if (k > 64)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "frequency distribution: nearest-neighbour blocks hold 1 to 64 neighbours, not %u", k);
      return NULL;
    }
  if (cloud->n_ions > G_MAXUINT32)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "frequency distribution: nearest-neighbour blocks index at most %u ions", G_MAXUINT32);
      return NULL;
    }
  for (guint t = 0; t < 256; t++)
    region.ranged[t] = table->n_units[t] > 0;
  lists = isc_ion_lists_new (cloud, n_workers, nn_region_flags, &region);
  if (!isc_ion_lists_count (lists, counts, NULL, cancellable, error))
    return NULL;
  if (counts[0] < (guint64) k + 1)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID,
                   "frequency distribution: nearest-neighbour blocks of %u need at least %u ranged ions "
                   "in the region (it holds %" G_GUINT64_FORMAT ")", k, k + 1, counts[0]);
      return NULL;
    }
  /* The centres: every ranged ion, or an even sample of them. */
  ids = isc_ion_lists_collect (lists, 1, settings->max_nn_blocks, &n_ids, cancellable, error);
  if (ids == NULL)
    return NULL;
  if (progress != NULL)
    progress (0.05, progress_data);

  nb.cloud = cloud;
  nb.table = table;
  nb.wanted = wanted;
  nb.n_wanted = n_wanted;
  nb.k = k;
  nb.ions = settings->count_unit == ISC_FDA_COUNT_IONS;
  nb.current = g_new0 (guint, (gsize) n_workers * table->n_elements);
  nb.hist = g_new0 (guint64, (gsize) n_workers * n_wanted * (k + 1));
  nb.solute = g_new0 (guint64, (gsize) n_workers * n_wanted);
  n_blocks = n_ids;
  if (n_ids == counts[0])
    ok = nn_blocks_every (&nb, g_steal_pointer (&ids), n_ids, n_workers, cancellable, progress, progress_data, error);
  else
    {
      /* A sample: only the ranged ions near a centre are indexed, so memory follows the
       * centres; the neighbours are those among every ranged ion all the same. */
      double lo[3], hi[3];

      isc_roi_bounds (roi, cloud, lo, hi);
      ok = isc_ion_lists_nearest (lists, 1, g_steal_pointer (&ids), n_ids, k,
                                  nn_cell_size (lo, hi, counts[0], MAX (k / 2.0, 4)), roi, nn_block_found, &nb,
                                  cancellable, progress, progress_data, 0.1, 0.95, error);
    }
  if (ok)
    {
      results = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_fda_result_free);
      for (guint w = 0; w < n_wanted; w++)
        {
          guint64 *observed = g_new0 (guint64, k + 1);
          guint64 n_solute = 0;
          IscFdaResult *r;

          for (guint t = 0; t < n_workers; t++)
            {
              for (guint c = 0; c <= k; c++)
                observed[c] += nb.hist[((gsize) t * n_wanted + w) * (k + 1) + c];
              n_solute += nb.solute[(gsize) t * n_wanted + w];
            }
          r = fda_from_histogram (elements[w], observed, n_blocks, n_solute, k, settings->chi2_mode);
          g_ptr_array_add (results, r);
        }
    }
  g_free (nb.current);
  g_free (nb.hist);
  g_free (nb.solute);
  return g_steal_pointer (&results);
}

GPtrArray *
isc_fda_compute (const IscIonCloud     *cloud,
                 const IscRangeSet     *ranges,
                 const IscRoi          *roi,
                 const IscFdaSettings  *settings,
                 const char * const    *elements,
                 GCancellable          *cancellable,
                 IscProgressFunc        progress,
                 gpointer               progress_data,
                 GError               **error)
{
  g_auto(GStrv) all = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree guint *wanted = NULL;
  g_autofree guint *column = NULL;
  g_autofree guint8 *keys = NULL;
  IscIonCloud keyed;
  guint n_wanted;
  UnitTable table;
  Blocker bk = { 0 };
  IscRoi whole;
  gboolean ok;

  g_return_val_if_fail (cloud != NULL, NULL);
  g_return_val_if_fail (ranges != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  if (roi == NULL)
    {
      isc_roi_init_all (&whole);
      roi = &whole;
    }
  if (cloud->ion_type == NULL)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "frequency distribution: the ions of %s are not ranged yet (apply a range set first)",
                   cloud->source_path ? cloud->source_path : "the dataset");
      return NULL;
    }
  if (settings->block_size < 1)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "frequency distribution: the block size must be at least 1");
      return NULL;
    }

  all = isc_range_set_list_elements (ranges);
  if (all[0] == NULL)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "frequency distribution: the range set names no elements");
      return NULL;
    }
  if (elements == NULL)
    elements = (const char * const *) all;
  n_wanted = g_strv_length ((char **) elements);
  wanted = g_new (guint, MAX (n_wanted, 1));
  for (guint w = 0; w < n_wanted; w++)
    {
      guint e = 0;

      while (all[e] != NULL && !g_str_equal (all[e], elements[w]))
        e++;
      if (all[e] == NULL)
        {
          g_autofree char *known = g_strjoinv (", ", all);

          g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                       "frequency distribution: element “%s” is not in the range set (it has %s)",
                       elements[w], known);
          return NULL;
        }
      wanted[w] = e;
    }

  if (settings->decomposition != NULL)
    {
      if (settings->block_size >= G_MAXUINT32 / FIXED_ONE)
        {
          g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                       "frequency distribution: decomposed counts support blocks of at most %u units",
                       G_MAXUINT32 / FIXED_ONE - 1);
          return NULL;
        }
      /* The same ions, keyed by (window group, ion type). */
      keys = isc_decomposition_key_ions (settings->decomposition, cloud, cancellable, error);
      if (keys == NULL)
        return NULL;
      keyed = *cloud;
      keyed.ion_type = keys;
      cloud = &keyed;
      if (!unit_table_init_decomposed (&table, ranges, settings->decomposition, all,
                                       settings->count_unit, error))
        return NULL;
    }
  else if (!unit_table_init (&table, ranges, all, settings->count_unit, error))
    return NULL;

  if (settings->blocks == ISC_FDA_BLOCKS_NN)
    {
      results = fda_nn (cloud, roi, &table, settings, elements, wanted, n_wanted,
                        cancellable, progress, progress_data, error);
      g_free (table.units);
      if (results == NULL)
        return NULL;
      for (guint w = 0; w < results->len; w++)
        {
          IscFdaResult *r = g_ptr_array_index (results, w);

          r->count_unit = settings->count_unit;
          r->blocks = settings->blocks;
          isc_fda_result_set_mu_n (r, settings->mu_n);
        }
      if (progress != NULL)
        progress (1.0, progress_data);
      return g_steal_pointer (&results);
    }

  bk.n_elements = table.n_elements;
  bk.block_size = settings->block_size;
  bk.ions = settings->count_unit == ISC_FDA_COUNT_IONS;
  bk.current = g_new0 (guint, table.n_elements);

  if (settings->blocks == ISC_FDA_BLOCKS_SPATIAL)
    ok = blocks_spatial (&bk, cloud, roi, &table, cancellable, progress, progress_data, error);
  else
    ok = blocks_sequence (&bk, cloud, roi, &table, cancellable, progress, progress_data, error);
  g_free (table.units);
  g_free (table.weights);
  g_free (bk.current);
  g_free (bk.columns);

  if (ok && bk.n_blocks == 0)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID,
                   "frequency distribution: the region holds fewer than one block of %u %s",
                   settings->block_size, isc_fda_count_unit_to_string (settings->count_unit));
      ok = FALSE;
    }
  if (!ok)
    {
      g_free (bk.blocks);
      return NULL;
    }

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_fda_result_free);
  column = g_new (guint, bk.n_blocks);
  for (guint w = 0; w < n_wanted; w++)
    {
      IscFdaResult *r;

      for (gsize b = 0; b < bk.n_blocks; b++)
        column[b] = bk.blocks[b * bk.n_elements + wanted[w]];
      if (settings->decomposition != NULL)
        {
          /* Whole counts that carry each block's remainder into the next, so the total stays
           * the rounded sum (rounding each block alone is biased: a block with one third of an
           * ion would always lose it). */
          guint64 sum = 0, emitted = 0;

          for (gsize b = 0; b < bk.n_blocks; b++)
            {
              guint64 target;

              sum += column[b];
              target = (sum + FIXED_ONE / 2) / FIXED_ONE;
              column[b] = (guint) MIN (target - MIN (target, emitted), bk.block_size);
              emitted += column[b];
            }
        }
      r = isc_fda_from_block_counts (elements[w], column, bk.n_blocks, bk.block_size,
                                     settings->chi2_mode, error);
      g_assert (r != NULL);
      r->count_unit = settings->count_unit;
      r->blocks = settings->blocks;
      isc_fda_result_set_mu_n (r, settings->mu_n);
      if (settings->decomposition != NULL)
        r->method = g_strdup_printf ("decomposed by isotope abundances%s%s",
                                     settings->decomposition->background_model != NULL ? ", background " : "",
                                     settings->decomposition->background_model != NULL
                                     ? settings->decomposition->background_model : "");
      g_ptr_array_add (results, r);
    }
  g_free (bk.blocks);
  if (progress != NULL)
    progress (1.0, progress_data);
  return g_steal_pointer (&results);
}

const char *
isc_fda_mu_n_to_string (IscFdaMuN mu_n)
{
  switch (mu_n)
    {
    case ISC_FDA_MU_N_BLOCKS:
      return "blocks";
    case ISC_FDA_MU_N_ATOMS:
      return "atoms";
    case ISC_FDA_MU_N_SOLUTE:
    default:
      return "solute";
    }
}

gboolean
isc_fda_mu_n_from_string (const char *text,
                          IscFdaMuN  *out)
{
  if (g_strcmp0 (text, "solute") == 0)
    *out = ISC_FDA_MU_N_SOLUTE;
  else if (g_strcmp0 (text, "blocks") == 0)
    *out = ISC_FDA_MU_N_BLOCKS;
  else if (g_strcmp0 (text, "atoms") == 0)
    *out = ISC_FDA_MU_N_ATOMS;
  else
    return FALSE;
  return TRUE;
}

void
isc_fda_result_set_mu_n (IscFdaResult *r,
                         IscFdaMuN     mu_n)
{
  guint64 n;

  g_return_if_fail (r != NULL);

  n = mu_n == ISC_FDA_MU_N_BLOCKS ? r->n_blocks
      : mu_n == ISC_FDA_MU_N_ATOMS ? r->n_blocks * r->block_size
      : r->n_solute;
  r->mu_n = mu_n;
  r->mu_n_value = n;
  if (r->n_classes >= 2)
    r->mu = (n + r->chi2) > 0 ? sqrt (r->chi2 / (n + r->chi2)) : NAN;
}
