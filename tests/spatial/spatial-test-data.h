/* spatial-test-data.h: synthetic ion clouds with known answers for the spatial tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>

#include "ion-cloud.h"
#include "range-set.h"
#include "test-util.h"

/* Ion types of every synthetic cloud: Li, O, Ni, NiO, LiO. */
enum { T_LI, T_O, T_NI, T_NIO, T_LIO, N_TEST_TYPES };

static const char *const test_formulas[N_TEST_TYPES] = { "Li", "O", "Ni", "NiO", "LiO" };
static const float test_masses[N_TEST_TYPES] = { 7.0f, 16.0f, 58.0f, 74.0f, 23.0f };

static inline IscRangeSet *
test_ranges (void)
{
  return isc_test_make_ranges (test_formulas, test_masses, N_TEST_TYPES);
}

/* A deterministic generator (splitmix64). */
typedef struct
{
  guint64 s;
} TestRng;

static inline double
test_uniform (TestRng *r)
{
  guint64 z = (r->s += 0x9E3779B97F4A7C15ull);

  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return (z >> 11) * (1.0 / 9007199254740992.0);
}

/* A cloud of @n ions whose positions and types the caller fills; ion_type allocated, mq set by
 * test_cloud_finish (). */
static inline IscIonCloud *
test_cloud_new (gsize n)
{
  IscIonCloud *cloud = isc_ion_cloud_new (n);

  cloud->ion_type = g_new0 (guint8, MAX (n, 1));
  return cloud;
}

static inline void
test_cloud_finish (IscIonCloud *cloud)
{
  for (gsize i = 0; i < cloud->n_ions; i++)
    cloud->mq[i] = cloud->ion_type[i] < N_TEST_TYPES ? test_masses[cloud->ion_type[i]] : 200.0f;
  isc_ion_cloud_update_bounds (cloud);
}

/* Uniform ions in the box [0, size)³, Li with probability @li(x, y, z), else O. */
typedef double (*TestLiFunc) (double x, double y, double z, gpointer data);

static inline IscIonCloud *
test_cloud_box (gsize       n,
                double      size,
                TestLiFunc  li,
                gpointer    data,
                guint64     seed)
{
  IscIonCloud *cloud = test_cloud_new (n);
  TestRng rng = { seed };

  for (gsize i = 0; i < n; i++)
    {
      double x = size * test_uniform (&rng), y = size * test_uniform (&rng), z = size * test_uniform (&rng);

      cloud->x[i] = x;
      cloud->y[i] = y;
      cloud->z[i] = z;
      cloud->ion_type[i] = test_uniform (&rng) < li (x, y, z, data) ? T_LI : T_O;
    }
  test_cloud_finish (cloud);
  return cloud;
}
