/* test-keyed-sort.c: the stable keyed sorts against a plain stable reference (qsort on key,
 * then input position).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "keyed-sort-private.h"

/* Payload = input position, so equal keys in input order is payload order. */
static int
compare_key_then_position (const void *a,
                           const void *b)
{
  const IscKeyedRecord *ra = a, *rb = b;

  if (ra->key != rb->key)
    return ra->key < rb->key ? -1 : 1;
  return ra->payload < rb->payload ? -1 : ra->payload > rb->payload;
}

static IscKeyedRecord *
records_new (const float *keys,
             gsize        n)
{
  IscKeyedRecord *r = g_new (IscKeyedRecord, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    r[i] = (IscKeyedRecord) { keys[i], (guint32) i };
  return r;
}

/* Both sorts give exactly the reference order (payloads included). */
static void
assert_sorts (const float *keys,
              gsize        n)
{
  g_autofree IscKeyedRecord *expected = records_new (keys, n);
  g_autofree IscKeyedRecord *plain = records_new (keys, n);
  g_autofree IscKeyedRecord *adaptive = records_new (keys, n);
  g_autofree IscKeyedRecord *scratch = g_new (IscKeyedRecord, MAX (n, 1));

  qsort (expected, n, sizeof *expected, compare_key_then_position);
  isc_keyed_sort_stable (plain, n, scratch);
  isc_keyed_sort_stable_adaptive (adaptive, n, scratch);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpuint (plain[i].payload, ==, expected[i].payload);
      g_assert_cmpuint (adaptive[i].payload, ==, expected[i].payload);
    }
}

/* Keys along a column in evaporation order: rising, each a few places out. */
static void
test_nearly_sorted (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gsize n = 100000;
  g_autofree float *keys = g_new (float, n);

  for (gsize i = 0; i < n; i++)
    keys[i] = (float) i * 0.01f + (float) g_rand_double_range (rand, 0.0, 0.08);
  assert_sorts (keys, n);
}

/* Shuffled keys exhaust the insertion budget at once: the bucket sort finishes the job, and
 * the order is still the stable one. Few distinct values make many ties. */
static void
test_shuffled_with_ties (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  gsize n = 50000;
  g_autofree float *keys = g_new (float, n);

  for (gsize i = 0; i < n; i++)
    keys[i] = (float) g_rand_int_range (rand, 0, 300) * 0.5f;
  assert_sorts (keys, n);
  for (gsize i = 0; i < n; i++)
    keys[i] = (float) g_rand_double_range (rand, -1e3, 1e3);
  assert_sorts (keys, n);
}

/* Sorted for most of the way, then a stretch in reverse: the budget runs out part-way, after
 * the prefix is sorted. Also the small and degenerate cases, and −0 beside +0 (equal keys). */
static void
test_budget_part_way_and_edges (void)
{
  gsize n = 20000;
  g_autofree float *keys = g_new (float, n);
  const float signed_zeros[] = { 0.0f, -0.0f, 1.0f, -0.0f, 0.0f, -1.0f, INFINITY, -INFINITY };
  const float one[] = { 3.0f };

  for (gsize i = 0; i < n; i++)
    keys[i] = i < n / 2 ? (float) i : (float) (n - i);
  assert_sorts (keys, n);
  for (gsize i = 0; i < n; i++)
    keys[i] = 5.0f;
  assert_sorts (keys, n);
  assert_sorts (signed_zeros, G_N_ELEMENTS (signed_zeros));
  assert_sorts (one, 1);
  assert_sorts (one, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keyed-sort/nearly-sorted", test_nearly_sorted);
  g_test_add_func ("/keyed-sort/shuffled-with-ties", test_shuffled_with_ties);
  g_test_add_func ("/keyed-sort/budget-part-way-and-edges", test_budget_part_way_and_edges);
  return g_test_run ();
}
