/* range-set.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "range-set.h"
#include "isc-memory.h"
#include "isotopes.h"

static void
ion_type_free (gpointer data)
{
  IscIonType *type = data;

  g_free (type->name);
  g_free (type);
}

IscRangeSet *
isc_range_set_new (void)
{
  IscRangeSet *set = g_new0 (IscRangeSet, 1);

  set->ion_types = g_ptr_array_new_with_free_func (ion_type_free);
  set->ranges = g_array_new (FALSE, FALSE, sizeof (IscRange));
  return set;
}

void
isc_range_set_free (IscRangeSet *set)
{
  if (set == NULL)
    return;
  g_ptr_array_unref (set->ion_types);
  g_array_unref (set->ranges);
  g_free (set->source_path);
  g_free (set);
}

IscRangeSet *
isc_range_set_copy (const IscRangeSet *set)
{
  IscRangeSet *copy = isc_range_set_new ();

  g_return_val_if_fail (set != NULL, copy);

  for (guint i = 0; i < set->ion_types->len; i++)
    {
      const IscIonType *type = g_ptr_array_index (set->ion_types, i);
      IscIonType *dup = g_memdup2 (type, sizeof *type);

      dup->name = g_strdup (type->name);
      g_ptr_array_add (copy->ion_types, dup);
    }
  g_array_append_vals (copy->ranges, set->ranges->data, set->ranges->len);
  copy->has_overlaps = set->has_overlaps;
  copy->source_path = g_strdup (set->source_path);
  return copy;
}

static gboolean
same_elements (const IscIonType      *type,
               const IscElementCount *elements,
               guint                  n_elements)
{
  if (type->n_elements != n_elements)
    return FALSE;
  /* Same multiset, whatever the order. */
  for (guint i = 0; i < n_elements; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < type->n_elements && !found; j++)
        found = g_str_equal (type->elements[j].symbol, elements[i].symbol)
                && type->elements[j].count == elements[i].count;
      if (!found)
        return FALSE;
    }
  return TRUE;
}

int
isc_range_set_add_ion_type (IscRangeSet            *set,
                            const char             *name,
                            const IscElementCount  *elements,
                            guint                   n_elements,
                            const double            color[3],
                            GError                **error)
{
  IscIonType *type;

  g_return_val_if_fail (set != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);
  g_return_val_if_fail (n_elements <= ISC_MAX_ELEMENTS_PER_ION, -1);

  for (guint i = 0; i < set->ion_types->len; i++)
    {
      const IscIonType *existing = g_ptr_array_index (set->ion_types, i);

      if (n_elements > 0 ? same_elements (existing, elements, n_elements)
                         : (existing->n_elements == 0 && g_str_equal (existing->name, name)))
        return (int) i;
    }

  if (set->ion_types->len >= ISC_MAX_ION_TYPES)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID,
                   "too many ion types (at most %d): cannot add “%s”", ISC_MAX_ION_TYPES, name);
      return -1;
    }

  type = g_new0 (IscIonType, 1);
  type->name = g_strdup (name);
  type->n_elements = n_elements;
  for (guint i = 0; i < n_elements; i++)
    type->elements[i] = elements[i];
  if (color != NULL)
    memcpy (type->color, color, sizeof type->color);
  else
    isc_element_default_color (n_elements > 0 ? elements[0].symbol : name, type->color);
  g_ptr_array_add (set->ion_types, type);
  return (int) set->ion_types->len - 1;
}

/* TRUE when ion types @a and @b both have an isotope peak, at some charge state 1–4, inside
 * [@low, @high]: the overlap of their windows is then a real coincidence of peaks. */
static gboolean
shared_isotope_story (const IscRangeSet *set,
                      guint              a,
                      guint              b,
                      double             low,
                      double             high)
{
  const IscIonType *ta = g_ptr_array_index (set->ion_types, a);
  const IscIonType *tb = g_ptr_array_index (set->ion_types, b);
  gboolean in_a = FALSE, in_b = FALSE;

  for (guint z = 1; z <= 4 && !in_a; z++)
    in_a = isc_isotopes_peak_in (ta->elements, ta->n_elements, z, low, high);
  for (guint z = 1; z <= 4 && in_a && !in_b; z++)
    in_b = isc_isotopes_peak_in (tb->elements, tb->n_elements, z, low, high);
  return in_a && in_b;
}

static const char *
type_name (const IscRangeSet *set,
           guint8             index)
{
  return ((const IscIonType *) g_ptr_array_index (set->ion_types, index))->name;
}

gboolean
isc_range_set_add_range (IscRangeSet  *set,
                         double        low,
                         double        high,
                         guint8        ion_type,
                         GError      **error)
{
  return isc_range_set_add_range_full (set, low, high, ion_type, TRUE, error);
}

gboolean
isc_range_set_add_range_full (IscRangeSet  *set,
                              double        low,
                              double        high,
                              guint8        ion_type,
                              gboolean      merge_same_ion,
                              GError      **error)
{
  IscRange range = { low, high, ion_type };
  guint pos = 0;

  g_return_val_if_fail (set != NULL, FALSE);
  g_return_val_if_fail (ion_type < set->ion_types->len, FALSE);

  /* Windows come from files and from the user: anything but a finite window of positive
   * width ending in 0…ISC_RANGE_MAX_DA is a mistake (and would break the lookup table's
   * arithmetic). A low bound below 0 is kept when the window ends above 0 (3Depict accepts
   * −0.5…0.5); a window wholly at or below 0 Da can hold no ion. */
  if (!isfinite (low) || !isfinite (high) || high <= 0 || high <= low || high > ISC_RANGE_MAX_DA
      || low < -ISC_RANGE_MAX_DA)
    {
      const char *why = !isfinite (low) || !isfinite (high) ? "a bound is not a finite number"
                        : high == low ? "the window has zero width"
                        : high < low ? "the high bound is below the low bound"
                        : high <= 0 ? "the window lies below 0 Da"
                        : low < -ISC_RANGE_MAX_DA ? "the low bound is below -" G_STRINGIFY (ISC_RANGE_MAX_DA) " Da"
                        : "the high bound is above " G_STRINGIFY (ISC_RANGE_MAX_DA) " Da";

      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID,
                   "range %g–%g Da of %s is not a valid window: %s", low, high, type_name (set, ion_type), why);
      return FALSE;
    }

  /* Overlaps with a window of the same ion merge into their union (IVAS exports repeat and
   * nest windows of one ion); overlaps between different ions are refused. */
  for (guint i = 0; i < set->ranges->len;)
    {
      const IscRange *other = &g_array_index (set->ranges, IscRange, i);

      /* Windows that only share a boundary are accepted (IVAS writes Cr …–25.412 then
       * V 25.412–…); the shared value goes to the upper window (see lookup). */
      if (!(range.low < other->high && other->low < range.high)
          && !(other->low == range.low && other->high == range.high))
        {
          i++;
          continue;
        }
      if (other->ion_type != ion_type && shared_isotope_story (set, ion_type, other->ion_type,
                                                              MAX (range.low, other->low),
                                                              MIN (range.high, other->high)))
        {
          /* Both ions have an isotope peak in the overlap (O⁺ and O₂²⁺ at 16 Da): the window
           * is kept beside the other, for the decomposition to split. */
          set->has_overlaps = TRUE;
          i++;
          continue;
        }
      if (other->ion_type != ion_type
          || (!merge_same_ion && !(other->low == range.low && other->high == range.high)))
        {
          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID,
                       other->ion_type != ion_type
                       ? "range %g–%g Da (%s) overlaps range %g–%g Da (%s), and no isotope peak of both ions lies in the overlap"
                       : "range %g–%g Da (%s) overlaps range %g–%g Da (%s)",
                       low, high, type_name (set, ion_type),
                       other->low, other->high, type_name (set, other->ion_type));
          return FALSE;
        }
      range.low = MIN (range.low, other->low);
      range.high = MAX (range.high, other->high);
      g_array_remove_index (set->ranges, i);
      i = 0;
    }
  while (pos < set->ranges->len && g_array_index (set->ranges, IscRange, pos).low < range.low)
    pos++;
  g_array_insert_val (set->ranges, pos, range);
  return TRUE;
}

void
isc_range_set_remove_range (IscRangeSet *set,
                            guint        index)
{
  g_return_if_fail (set != NULL);
  g_return_if_fail (index < set->ranges->len);
  g_array_remove_index (set->ranges, index);
}

guint
isc_range_set_get_n_ion_types (const IscRangeSet *set)
{
  g_return_val_if_fail (set != NULL, 0);
  return set->ion_types->len;
}

guint
isc_range_set_get_n_ranges (const IscRangeSet *set)
{
  g_return_val_if_fail (set != NULL, 0);
  return set->ranges->len;
}

const IscIonType *
isc_range_set_get_ion_type (const IscRangeSet *set,
                            guint              index)
{
  g_return_val_if_fail (set != NULL, NULL);
  g_return_val_if_fail (index < set->ion_types->len, NULL);
  return g_ptr_array_index (set->ion_types, index);
}

const IscRange *
isc_range_set_get_range (const IscRangeSet *set,
                         guint              index)
{
  g_return_val_if_fail (set != NULL, NULL);
  g_return_val_if_fail (index < set->ranges->len, NULL);
  return &g_array_index (set->ranges, IscRange, index);
}

guint8
isc_range_set_lookup (const IscRangeSet *set,
                      float              mq)
{
  const IscRange *ranges = (const IscRange *) set->ranges->data;
  guint lo = 0, hi = set->ranges->len;

  /* Last range whose low ≤ mq, then check its high. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      /* Compare in float32, the precision of the data, so a bound written as 0.9 holds
       * an ion stored as 0.9f. */
      if ((float) ranges[mid].low <= mq)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return ISC_ION_UNRANGED;
  if (mq <= (float) ranges[lo - 1].high)
    return ranges[lo - 1].ion_type;
  /* Overlapping windows: an earlier one may reach further (O⁺ 15.9–16.1 around O₂²⁺
   * 15.95–16.05). Plain counting gives an ion in an overlap to the window starting last. */
  if (set->has_overlaps)
    for (guint k = lo - 1; k-- > 0;)
      if (mq <= (float) ranges[k].high)
        return ranges[k].ion_type;
  return ISC_ION_UNRANGED;
}

/* A direct-lookup table over the ranged m/n span: each bin holds the ion type every value in
 * it maps to, or TABLE_MIXED when a window edge falls inside it (then binary search decides).
 * Bins are indexed with the same float arithmetic for edges and ions, and that index is
 * monotonic in m/n, so a bin without an edge lies between two consecutive edges and the
 * answer is the same for all its values. */
#define TABLE_MIXED   254
#define TABLE_PER_DA  256.0f
#define TABLE_MAX     (1 << 22)

struct _IscRangeTable
{
  const IscRangeSet *set;   /* borrowed: the table lives no longer than its set */
  gboolean           valid; /* FALSE: no ranges, every ion unranged */
  float              start;
  float              inv;
  gsize              n;
  guint8            *bins;
};

static inline gboolean
table_index (const IscRangeTable *t,
             float                mq,
             gsize               *k)
{
  float f = (mq - t->start) * t->inv;

  /* Also false for NaN. */
  if (!(f >= 0.0f && f < (float) t->n))
    return FALSE;
  *k = (gsize) f;
  return *k < t->n;
}

static inline guint8
table_lookup (const IscRangeTable *t,
              float                mq)
{
  gsize k;
  guint8 type;

  if (!table_index (t, mq, &k))
    return ISC_ION_UNRANGED;
  type = t->bins[k];
  if (G_UNLIKELY (type == TABLE_MIXED))
    type = isc_range_set_lookup (t->set, mq);
  return type;
}

IscRangeTable *
isc_range_table_new (const IscRangeSet *set)
{
  g_autoptr(IscRangeTable) t = g_new0 (IscRangeTable, 1);
  const IscRange *r;
  guint n_ranges;
  float lo, hi, span;

  g_return_val_if_fail (set != NULL, NULL);
  t->set = set;
  r = (const IscRange *) set->ranges->data;
  n_ranges = set->ranges->len;
  if (n_ranges == 0)
    return g_steal_pointer (&t);
  lo = (float) r[0].low;
  hi = (float) r[0].high;
  for (guint i = 1; i < n_ranges; i++)
    hi = MAX (hi, (float) r[i].high);
  span = hi - lo;
  /* add_range keeps windows finite and bounded; still, never convert a NaN or a huge float
   * to an index. */
  if (!(span >= 0) || !isfinite (span) || !isfinite (lo))
    {
      /* binary search then decides every ion: one bin, always mixed */
      t->valid = TRUE;
      t->start = -G_MAXFLOAT;
      t->inv = 0;
      t->n = 1;
      t->bins = g_new (guint8, 1);
      t->bins[0] = TABLE_MIXED;
      return g_steal_pointer (&t);
    }

  t->start = lo;
  t->inv = TABLE_PER_DA;
  if (span * t->inv + 2 > TABLE_MAX)
    t->inv = (TABLE_MAX - 2) / MAX (span, 1e-3f);
  t->n = (gsize) (span * t->inv) + 2;
  t->bins = g_new (guint8, t->n);
  t->valid = TRUE;

  for (gsize k = 0; k < t->n; k++)
    {
      float centre = t->start + ((float) k + 0.5f) / t->inv;
      gsize kc;

      t->bins[k] = (table_index (t, centre, &kc) && kc == k) ? isc_range_set_lookup (set, centre) : TABLE_MIXED;
    }
  for (guint i = 0; i < n_ranges; i++)
    {
      gsize k;

      if (table_index (t, (float) r[i].low, &k))
        t->bins[k] = TABLE_MIXED;
      if (table_index (t, (float) r[i].high, &k))
        t->bins[k] = TABLE_MIXED;
    }
  return g_steal_pointer (&t);
}

void
isc_range_table_free (IscRangeTable *table)
{
  if (table == NULL)
    return;
  g_free (table->bins);
  g_free (table);
}

void
isc_range_table_classify (const IscRangeTable *table,
                          const float         *mq,
                          gsize                n,
                          guint8              *types)
{
  g_return_if_fail (table != NULL);
  if (!table->valid)
    {
      memset (types, ISC_ION_UNRANGED, n);
      return;
    }
  for (gsize i = 0; i < n; i++)
    types[i] = table_lookup (table, mq[i]);
}

void
isc_range_table_count (const IscRangeTable *table,
                       const float         *mq,
                       const guint8        *selected,
                       gsize                n,
                       guint64              counts[256])
{
  g_return_if_fail (table != NULL);
  if (!table->valid)
    {
      if (selected == NULL)
        counts[ISC_ION_UNRANGED] += n;
      else
        for (gsize i = 0; i < n; i++)
          counts[ISC_ION_UNRANGED] += selected[i] != 0;
      return;
    }
  /* Four histograms in turn: most ions fall into a handful of types, and one histogram would
   * make each increment wait for the previous store to the same counter. */
  for (gsize start = 0; start < n; start += G_MAXUINT32)
    {
      gsize end = MIN (n, start + (gsize) G_MAXUINT32);
      guint32 sub[4][256] = { { 0 } };
      gsize i = start;

      if (selected == NULL)
        {
          for (; i + 4 <= end; i += 4)
            {
              sub[0][table_lookup (table, mq[i])]++;
              sub[1][table_lookup (table, mq[i + 1])]++;
              sub[2][table_lookup (table, mq[i + 2])]++;
              sub[3][table_lookup (table, mq[i + 3])]++;
            }
          for (; i < end; i++)
            sub[0][table_lookup (table, mq[i])]++;
        }
      else
        for (; i < end; i++)
          if (selected[i])
            sub[i & 3][table_lookup (table, mq[i])]++;
      for (guint t = 0; t < 256; t++)
        counts[t] += (guint64) sub[0][t] + sub[1][t] + sub[2][t] + sub[3][t];
    }
}

gboolean
isc_range_set_apply (const IscRangeSet  *set,
                     IscIonCloud        *cloud,
                     GCancellable       *cancellable,
                     IscProgressFunc     progress,
                     gpointer            progress_data,
                     GError            **error)
{
  const gsize chunk = 1 << 20;
  g_autoptr(IscRangeTable) table = NULL;

  g_return_val_if_fail (set != NULL, FALSE);
  g_return_val_if_fail (cloud != NULL, FALSE);

  if (cloud->ion_type == NULL && isc_memory_check (cloud->n_ions, "ranging", NULL))
    cloud->ion_type = g_try_new (guint8, MAX (cloud->n_ions, 1));
  if (cloud->ion_type == NULL)
    {
      g_autofree char *size = g_format_size (cloud->n_ions);

      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_IO,
                   "%s: not enough memory to range %" G_GSIZE_FORMAT " ions (%s)",
                   cloud->source_path != NULL ? cloud->source_path : "ions", cloud->n_ions, size);
      return FALSE;
    }
  table = isc_range_table_new (set);

  for (gsize start = 0; start < cloud->n_ions; start += chunk)
    {
      gsize end = MIN (start + chunk, cloud->n_ions);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      isc_range_table_classify (table, cloud->mq + start, end - start, cloud->ion_type + start);
      if (progress != NULL)
        progress ((double) end / cloud->n_ions, progress_data);
    }
  return TRUE;
}

char **
isc_range_set_list_elements (const IscRangeSet *set)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  g_return_val_if_fail (set != NULL, NULL);

  for (guint i = 0; i < set->ion_types->len; i++)
    {
      const IscIonType *type = g_ptr_array_index (set->ion_types, i);

      for (guint j = 0; j < type->n_elements; j++)
        {
          const char *symbol = type->elements[j].symbol;

          if (!g_ptr_array_find_with_equal_func (seen, symbol, g_str_equal, NULL))
            {
              g_ptr_array_add (seen, (gpointer) symbol);
              g_strv_builder_add (builder, symbol);
            }
        }
    }
  return g_strv_builder_end (builder);
}

guint
isc_range_set_count_atoms (const IscRangeSet *set,
                           guint              ion_type,
                           const char        *symbol)
{
  const IscIonType *type;
  guint n = 0;

  g_return_val_if_fail (set != NULL, 0);
  if (ion_type >= set->ion_types->len)
    return 0;
  type = g_ptr_array_index (set->ion_types, ion_type);
  for (guint j = 0; j < type->n_elements; j++)
    if (g_str_equal (type->elements[j].symbol, symbol))
      n += type->elements[j].count;
  return n;
}

gboolean
isc_parse_formula (const char       *formula,
                   IscElementCount  *elements,
                   guint            *n_elements,
                   GError          **error)
{
  const char *p = formula;
  guint n = 0;

  g_return_val_if_fail (formula != NULL && elements != NULL && n_elements != NULL, FALSE);

  while (*p != '\0')
    {
      IscElementCount entry = { { 0 }, 0 };
      guint len = 0;
      guint64 count = 1;
      gboolean merged = FALSE;

      if (!g_ascii_isupper (*p))
        goto bad;
      entry.symbol[len++] = *p++;
      while (g_ascii_islower (*p) && len < 3)
        entry.symbol[len++] = *p++;
      if (g_ascii_islower (*p))
        goto bad;
      if (g_ascii_isdigit (*p))
        {
          char *end = NULL;

          count = g_ascii_strtoull (p, &end, 10);
          if (count == 0 || count > 1000)
            goto bad;
          p = end;
        }
      entry.count = (guint) count;

      for (guint i = 0; i < n && !merged; i++)
        if (g_str_equal (elements[i].symbol, entry.symbol))
          {
            elements[i].count += entry.count;
            merged = TRUE;
          }
      if (!merged)
        {
          if (n >= ISC_MAX_ELEMENTS_PER_ION)
            goto bad;
          elements[n++] = entry;
        }
    }
  if (n == 0)
    goto bad;
  *n_elements = n;
  return TRUE;

bad:
  g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "“%s” is not a chemical formula", formula);
  return FALSE;
}

void
isc_element_default_color (const char *symbol,
                           double      color[3])
{
  /* Familiar colours for the cathode elements; a hash-derived hue for the rest. */
  static const struct { const char *symbol; guint32 rgb; } known[] = {
    { "Li", 0xE69F00 }, { "O", 0x56B4E9 }, { "Ni", 0x009E73 }, { "Co", 0x0072B2 },
    { "Mn", 0xCC79A7 }, { "H", 0x999999 }, { "C", 0x444444 }, { "Al", 0xD55E00 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_strcmp0 (symbol, known[i].symbol) == 0)
      {
        color[0] = ((known[i].rgb >> 16) & 0xff) / 255.0;
        color[1] = ((known[i].rgb >> 8) & 0xff) / 255.0;
        color[2] = (known[i].rgb & 0xff) / 255.0;
        return;
      }

  {
    guint h = g_str_hash (symbol != NULL ? symbol : "");
    double hue = (h % 360) / 60.0;
    double x = 1.0 - fabs (fmod (hue, 2.0) - 1.0);
    double rgb[6][3] = { { 1, x, 0 }, { x, 1, 0 }, { 0, 1, x }, { 0, x, 1 }, { x, 0, 1 }, { 1, 0, x } };
    int sector = (int) hue % 6;

    for (int k = 0; k < 3; k++)
      color[k] = 0.2 + 0.7 * rgb[sector][k];
  }
}

gboolean
isc_range_set_select_element (const IscRangeSet *set,
                              const char        *symbol,
                              gboolean          *selected)
{
  gboolean any = FALSE;

  g_return_val_if_fail (set != NULL && symbol != NULL && selected != NULL, FALSE);
  memset (selected, 0, 256 * sizeof (gboolean));
  for (guint t = 0; t < set->ion_types->len; t++)
    {
      const IscIonType *type = g_ptr_array_index (set->ion_types, t);

      for (guint e = 0; e < type->n_elements; e++)
        if (g_str_equal (type->elements[e].symbol, symbol))
          selected[t] = any = TRUE;
    }
  return any;
}
