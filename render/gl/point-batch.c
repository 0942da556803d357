/* point-batch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "point-batch.h"
#include "isc-error.h"

#include <string.h>
#include <unistd.h>

#define CHECK_EVERY (1u << 20)

/* xorshift64*: fast and fixed-seeded, so the subsample is the same on every run. */
static inline guint64
next_random (guint64 *state)
{
  guint64 x = *state;

  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return x * G_GUINT64_CONSTANT (0x2545F4914F6CDD1D);
}

/* Fisher–Yates over 6-byte vertices (x, y, z shorts). */
static gboolean
shuffle (guint16      *items,
         gsize         n,
         guint64       seed,
         GCancellable *cancellable)
{
  guint64 state = seed | 1;

  for (gsize i = n; i > 1; i--)
    {
      gsize j = (gsize) ((next_random (&state) >> 11) % i);
      guint16 *a = items + 3 * (i - 1), *b = items + 3 * j;
      guint16 t0 = a[0], t1 = a[1], t2 = a[2];

      a[0] = b[0];
      a[1] = b[1];
      a[2] = b[2];
      b[0] = t0;
      b[1] = t1;
      b[2] = t2;
      if ((i & (CHECK_EVERY - 1)) == 0 && g_cancellable_is_cancelled (cancellable))
        return FALSE;
    }
  return TRUE;
}

static inline guint16
quantise (float v,
          float origin,
          float inv_extent)
{
  float t = (v - origin) * inv_extent;

  if (!(t > 0.0f))   /* also catches NaN */
    return 0;
  if (t >= 1.0f)
    return 65535;
  return (guint16) (t * 65535.0f + 0.5f);
}

IscPointBatch *
isc_point_batch_new (const IscIonCloud *cloud,
                     GCancellable      *cancellable,
                     GError           **error)
{
  return isc_point_batch_new_sample (cloud, 0, cancellable, error);
}

/* Ions of a run of a sample: a page of each channel holds 1024. */
#define RUN_IONS 64

gsize
isc_point_batch_detail_limit (void)
{
  const char *text = g_getenv ("IONSCAPE_VIEW_MAX_IONS");
  guint64 set = text != NULL ? g_ascii_strtoull (text, NULL, 10) : 0;
  long pages = sysconf (_SC_PHYS_PAGES), page = sysconf (_SC_PAGESIZE);
  guint64 memory = pages > 0 && page > 0 ? (guint64) pages * (guint64) page : G_GUINT64_CONSTANT (8) << 30;

  if (set > 0)
    return (gsize) set;
  return (gsize) MIN (G_GUINT64_CONSTANT (200000000), memory / 64);
}

/* The ions a batch takes: @n_runs runs of @run consecutive ions, the k-th from ion
 * k · n_ions / n_runs (never overlapping, as n_runs · run ≤ n_ions). */
typedef struct
{
  gsize n_ions;
  gsize n_runs;
  gsize run;
} Runs;

static inline gsize
run_first (const Runs *runs,
           gsize       k)
{
  return (gsize) ((guint64) k * runs->n_ions / runs->n_runs);
}

IscPointBatch *
isc_point_batch_new_sample (const IscIonCloud *cloud,
                            gsize              max_ions,
                            GCancellable      *cancellable,
                            GError           **error)
{
  g_autoptr(IscPointBatch) batch = NULL;
  gsize fill[ISC_POINT_BATCH_N_SPECIES];
  float inv_extent[3];
  Runs runs = { cloud != NULL ? cloud->n_ions : 0, 1, 0 };
  gsize n;
  gint64 start = g_get_monotonic_time ();

  g_return_val_if_fail (cloud != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (max_ions == 0 || cloud->n_ions <= max_ions)
    runs.run = cloud->n_ions;   /* every ion: one run */
  else
    {
      runs.run = MIN (RUN_IONS, max_ions);
      runs.n_runs = max_ions / runs.run;
    }
  n = runs.n_runs * runs.run;

  batch = g_new0 (IscPointBatch, 1);
  batch->n_vertices = n;
  batch->stride = n > 0 ? (cloud->n_ions + n - 1) / n : 1;
  batch->untyped = cloud->ion_type == NULL;
  for (int i = 0; i < 3; i++)
    {
      batch->bounds_min[i] = cloud->bounds_min[i];
      batch->bounds_max[i] = cloud->bounds_max[i];
      batch->origin[i] = cloud->bounds_min[i];
      batch->extent[i] = MAX (cloud->bounds_max[i] - cloud->bounds_min[i], 1e-6f);
      inv_extent[i] = 1.0f / batch->extent[i];
    }

  if (cloud->ion_type == NULL)
    batch->counts[ISC_ION_UNRANGED] = n;
  else
    for (gsize k = 0; k < runs.n_runs; k++)
      for (gsize i = run_first (&runs, k), end = i + runs.run; i < end; i++)
        batch->counts[cloud->ion_type[i]]++;
  batch->offsets[0] = 0;
  for (guint s = 1; s < ISC_POINT_BATCH_N_SPECIES; s++)
    batch->offsets[s] = batch->offsets[s - 1] + batch->counts[s - 1];

  batch->vertices = g_try_new (guint16, 3 * MAX (n, 1));
  if (batch->vertices == NULL)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_IO,
                   "cannot allocate %" G_GSIZE_FORMAT " MB of vertex data for %" G_GSIZE_FORMAT
                   " ions", (n * 3 * sizeof (guint16)) >> 20, n);
      return NULL;
    }

  /* One pass groups ions by species. */
  memcpy (fill, batch->offsets, sizeof fill);
  for (gsize k = 0, done = 0; k < runs.n_runs; k++)
    for (gsize i = run_first (&runs, k), end = i + runs.run; i < end; i++, done++)
      {
        guint s = cloud->ion_type ? cloud->ion_type[i] : ISC_ION_UNRANGED;
        guint16 *q = batch->vertices + 3 * fill[s]++;

        q[0] = quantise (cloud->x[i], batch->origin[0], inv_extent[0]);
        q[1] = quantise (cloud->y[i], batch->origin[1], inv_extent[1]);
        q[2] = quantise (cloud->z[i], batch->origin[2], inv_extent[2]);
        if ((done & (CHECK_EVERY - 1)) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
          return NULL;
      }

  for (guint s = 0; s < ISC_POINT_BATCH_N_SPECIES; s++)
    if (!shuffle (batch->vertices + 3 * batch->offsets[s], batch->counts[s],
                  G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) + s, cancellable))
      break;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  batch->prepare_ms = (g_get_monotonic_time () - start) / 1000.0;
  return g_steal_pointer (&batch);
}

void
isc_point_batch_free (IscPointBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->vertices);
  g_free (batch);
}
