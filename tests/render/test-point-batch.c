/* test-point-batch.c: the vertex batches of the 3-D view without a GL context — the full
 * batch holds every ion grouped by species; a sample holds runs of 64 consecutive ions spread
 * evenly over the cloud, at most the asked number, with the same quantisation, so it draws
 * where the full one does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <unistd.h>

#include "point-batch.h"

static IscIonCloud *
make_cloud (gsize n)
{
  IscIonCloud *cloud = isc_ion_cloud_new (n);

  cloud->ion_type = g_new (guint8, n);
  for (gsize i = 0; i < n; i++)
    {
      cloud->x[i] = (float) (i % 1000) * 0.1f;
      cloud->y[i] = (float) ((i / 1000) % 1000) * 0.1f;
      cloud->z[i] = (float) i * 1e-5f;
      cloud->mq[i] = 10;
      cloud->ion_type[i] = (guint8) (i % 7 == 0 ? 2 : i % 2);
    }
  isc_ion_cloud_update_bounds (cloud);
  return cloud;
}

static void
test_sample (void)
{
  const gsize n = 2500000, max = 1000000;
  g_autoptr(IscIonCloud) cloud = make_cloud (n);
  g_autoptr(IscPointBatch) full = isc_point_batch_new (cloud, NULL, NULL);
  g_autoptr(IscPointBatch) sample = isc_point_batch_new_sample (cloud, max, NULL, NULL);
  gsize expect[3] = { 0 };

  g_assert_nonnull (full);
  g_assert_nonnull (sample);
  g_assert_cmpuint (full->n_vertices, ==, n);
  g_assert_cmpuint (full->stride, ==, 1);
  g_assert_false (full->preview);
  /* 1 M / 64 = 15 625 runs of 64 ions, one every 2.5 M / 15 625 = 160 ions: ions 0–63,
   * 160–223, …; about 1 in ⌈2.5 M / 1 M⌉ = 3 */
  g_assert_cmpuint (sample->stride, ==, 3);
  g_assert_cmpuint (sample->n_vertices, ==, 1000000);
  for (gsize first = 0; first < n; first += 160)
    for (gsize i = first; i < first + 64; i++)
      expect[cloud->ion_type[i]]++;
  for (guint s = 0; s < 3; s++)
    g_assert_cmpuint (sample->counts[s], ==, expect[s]);
  g_assert_cmpuint (sample->offsets[2], ==, expect[0] + expect[1]);
  /* the same frame of quantisation as the full batch */
  g_assert_cmpint (memcmp (sample->origin, full->origin, sizeof full->origin), ==, 0);
  g_assert_cmpint (memcmp (sample->extent, full->extent, sizeof full->extent), ==, 0);
  /* ion 0 is of species 2 (0 % 7 == 0) and in the sample; it sits at the bounds' minimum,
   * so its vertex is quantised (0, 0, 0) and must be among species 2's */
  {
    gboolean found = FALSE;

    for (gsize v = sample->offsets[2]; v < sample->offsets[2] + sample->counts[2] && !found; v++)
      found = sample->vertices[3 * v] == 0 && sample->vertices[3 * v + 1] == 0
              && sample->vertices[3 * v + 2] == 0;
    g_assert_true (found);
  }
  /* small clouds are not sampled */
  {
    g_autoptr(IscPointBatch) small = isc_point_batch_new_sample (cloud, n, NULL, NULL);

    g_assert_cmpuint (small->stride, ==, 1);
    g_assert_cmpuint (small->n_vertices, ==, n);
  }
  /* fewer ions asked than a run: one run, from ion 0 */
  {
    g_autoptr(IscPointBatch) tiny = isc_point_batch_new_sample (cloud, 10, NULL, NULL);

    g_assert_cmpuint (tiny->n_vertices, ==, 10);
    g_assert_cmpuint (tiny->counts[2], ==, 2);   /* ions 0 and 7 */
  }
}

/* The most ions the view draws: 2 × 10⁸ at most, a 64th of memory in bytes, or what
 * IONSCAPE_VIEW_MAX_IONS says. */
static void
test_detail_limit (void)
{
  guint64 memory = (guint64) sysconf (_SC_PHYS_PAGES) * (guint64) sysconf (_SC_PAGESIZE);

  g_unsetenv ("IONSCAPE_VIEW_MAX_IONS");
  g_assert_cmpuint (isc_point_batch_detail_limit (), ==, MIN (200000000, memory / 64));
  g_setenv ("IONSCAPE_VIEW_MAX_IONS", "12345", TRUE);
  g_assert_cmpuint (isc_point_batch_detail_limit (), ==, 12345);
  g_unsetenv ("IONSCAPE_VIEW_MAX_IONS");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/render/point-batch/sample", test_sample);
  g_test_add_func ("/render/point-batch/detail-limit", test_detail_limit);
  return g_test_run ();
}
