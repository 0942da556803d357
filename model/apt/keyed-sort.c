/* keyed-sort.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "keyed-sort-private.h"

#define SMALL      48

/* Insertion sort that gives up once it has moved records more than @budget places in all;
 * TRUE when it finished. Stable: a record moves only past strictly greater keys, so a sorted
 * prefix left behind keeps equal keys in their input order too. */
static gboolean
insertion_sort_within (IscKeyedRecord *r,
                       gsize           n,
                       gsize           budget)
{
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
      if (i - j > budget)
        return FALSE;
      budget -= i - j;
    }
  return TRUE;
}

static void
sort_small (IscKeyedRecord *r,
            gsize           n)
{
  insertion_sort_within (r, n, G_MAXSIZE);
}

/* Stable merge sort for the rare bucket that four bucket passes could not spread. */
static void
merge_sort (IscKeyedRecord *r,
            gsize           n,
            IscKeyedRecord *scratch)
{
  gsize half = n / 2, i = 0, j = half, k = 0;

  if (n <= SMALL)
    {
      sort_small (r, n);
      return;
    }
  merge_sort (r, half, scratch);
  merge_sort (r + half, n - half, scratch);
  while (i < half && j < n)
    /* Take from the right run only when strictly smaller: equal keys keep their order. */
    scratch[k++] = r[j].key < r[i].key ? r[j++] : r[i++];
  while (i < half)
    scratch[k++] = r[i++];
  while (j < n)
    scratch[k++] = r[j++];
  memcpy (r, scratch, n * sizeof *r);
}

/* Bucket pass into @scratch and back, then each bucket again. About two records per bucket
 * (at most 65536 buckets, so the counters stay in L2): when every bucket is that small one
 * insertion pass over the whole finishes the job, as no record moves out of its bucket.
 * Every pass keeps the input order of equal keys, so the whole sort is stable. */
static void
bucket_sort (IscKeyedRecord *r,
             gsize           n,
             IscKeyedRecord *scratch,
             guint           depth)
{
  guint32 local[1025];
  g_autofree guint32 *heap = NULL;
  guint32 *start;
  float lo = r[0].key, hi = r[0].key;
  gsize k, largest = 0;
  double scale;

  if (n <= SMALL)
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
  if (depth >= 4 || !(hi - lo < INFINITY))
    {
      merge_sort (r, n, scratch);
      return;
    }

  k = CLAMP (n / 2, 2, 65536);
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
    {
      largest = MAX (largest, start[b]);
      start[b] += start[b - 1];
    }
  for (gsize i = 0; i < n; i++)
    {
      double d = ((double) r[i].key - lo) * scale;
      gsize b = d > 0 ? (gsize) d : 0;

      scratch[start[MIN (b, k - 1)]++] = r[i];
    }
  if (largest <= SMALL)
    {
      /* Insertion sort from @scratch back into @r. */
      for (gsize i = 0; i < n; i++)
        {
          IscKeyedRecord v = scratch[i];
          gsize j = i;

          while (j > 0 && r[j - 1].key > v.key)
            {
              r[j] = r[j - 1];
              j--;
            }
          r[j] = v;
        }
      return;
    }
  memcpy (r, scratch, n * sizeof *r);
  /* start[b] is now the end of bucket b. */
  for (gsize b = 0, first = 0; b < k; b++)
    {
      gsize end = start[b];

      if (end - first > 1)
        bucket_sort (r + first, end - first, scratch + first, depth + 1);
      first = end;
    }
}

void
isc_keyed_sort_stable (IscKeyedRecord *records,
                       gsize           n,
                       IscKeyedRecord *scratch)
{
  g_return_if_fail (n <= G_MAXUINT32);

  if (n >= 2)
    bucket_sort (records, n, scratch, 0);
}

/* Records that arrive almost in order (z along a column of a needle, in evaporation order) cost
 * an insertion sort a few moves each, well under the bucket passes. It gives up once it has
 * moved records 8 times their number; the bucket sort then orders the rest. That is still the
 * one stable order: the sorted prefix kept equal keys in their input order, ahead of the rest. */
void
isc_keyed_sort_stable_adaptive (IscKeyedRecord *records,
                                gsize           n,
                                IscKeyedRecord *scratch)
{
  g_return_if_fail (n <= G_MAXUINT32);

  if (!insertion_sort_within (records, n, 8 * n))
    isc_keyed_sort_stable (records, n, scratch);
}

gboolean
isc_sort_keyed_records (IscKeyedRecord  *records,
                        gsize            n,
                        GCancellable    *cancellable,
                        GError         **error)
{
  IscKeyedRecord *scratch;

  g_return_val_if_fail (records != NULL || n == 0, FALSE);
  g_return_val_if_fail (n <= G_MAXUINT32, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (n < 2)
    return TRUE;
  scratch = g_new (IscKeyedRecord, n);
  isc_keyed_sort_stable (records, n, scratch);
  g_free (scratch);
  return TRUE;
}
