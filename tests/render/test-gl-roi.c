/* test-gl-roi.c: ROI outline geometry (no GL): every vertex lies on the region's surface.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "gl-roi.h"

static const float *
vertex (GArray *v,
        guint   i)
{
  return &g_array_index (v, float, 3 * i);
}

static void
test_cylinder (void)
{
  IscRoi roi = { .kind = ISC_ROI_CYLINDER, .center = { 1, 2, 3 }, .axis = { 1, 1, 0 },
                 .radius = 4, .length = 10 };
  g_autoptr(GArray) v = g_array_new (FALSE, FALSE, sizeof (float));
  double a[3] = { M_SQRT1_2, M_SQRT1_2, 0 };
  guint n = isc_gl_roi_append_outline (&roi, v);

  /* Two circles of 48 segments, four side lines. */
  g_assert_cmpuint (n, ==, 2 * 2 * 48 + 4 * 2);
  g_assert_cmpuint (v->len, ==, 3 * n);
  for (guint i = 0; i < n; i++)
    {
      const float *p = vertex (v, i);
      double d[3], t = 0, r2 = 0;

      for (int k = 0; k < 3; k++)
        {
          d[k] = p[k] - roi.center[k];
          t += d[k] * a[k];
        }
      for (int k = 0; k < 3; k++)
        r2 += (d[k] - t * a[k]) * (d[k] - t * a[k]);
      /* On an end cap rim: 4 nm from the axis, 5 nm along it either way. */
      g_assert_cmpfloat_with_epsilon (sqrt (r2), 4.0, 1e-4);
      g_assert_cmpfloat_with_epsilon (fabs (t), 5.0, 1e-4);
    }
}

static void
test_sphere (void)
{
  IscRoi roi = { .kind = ISC_ROI_SPHERE, .center = { -3, 0, 7 }, .radius = 2.5 };
  g_autoptr(GArray) v = g_array_new (FALSE, FALSE, sizeof (float));
  guint n = isc_gl_roi_append_outline (&roi, v);

  g_assert_cmpuint (n, ==, 3 * 2 * 48);
  for (guint i = 0; i < n; i++)
    {
      const float *p = vertex (v, i);

      g_assert_cmpfloat_with_epsilon (hypot (hypot (p[0] + 3, p[1]), p[2] - 7), 2.5, 1e-5);
    }
}

static void
test_box (void)
{
  IscRoi roi = { .kind = ISC_ROI_BOX, .box_min = { -1, -2, -3 }, .box_max = { 4, 5, 6 } };
  g_autoptr(GArray) v = g_array_new (FALSE, FALSE, sizeof (float));
  guint n = isc_gl_roi_append_outline (&roi, v);
  double total = 0;

  g_assert_cmpuint (n, ==, 24);
  for (guint e = 0; e < 12; e++)
    {
      const float *p = vertex (v, 2 * e), *q = vertex (v, 2 * e + 1);
      int differ = 0;

      for (int k = 0; k < 3; k++)
        {
          g_assert_true (p[k] == roi.box_min[k] || p[k] == roi.box_max[k]);
          g_assert_true (q[k] == roi.box_min[k] || q[k] == roi.box_max[k]);
          differ += p[k] != q[k];
          total += fabs (p[k] - q[k]);
        }
      g_assert_cmpint (differ, ==, 1);
    }
  /* Twelve edges: four of each side length, 4 × (5 + 7 + 9). */
  g_assert_cmpfloat_with_epsilon (total, 84.0, 1e-9);
}

static void
test_all (void)
{
  IscRoi roi = { .kind = ISC_ROI_ALL };
  g_autoptr(GArray) v = g_array_new (FALSE, FALSE, sizeof (float));

  g_assert_cmpuint (isc_gl_roi_append_outline (&roi, v), ==, 0);
  g_assert_cmpuint (v->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gl/roi/cylinder", test_cylinder);
  g_test_add_func ("/gl/roi/sphere", test_sphere);
  g_test_add_func ("/gl/roi/box", test_box);
  g_test_add_func ("/gl/roi/all", test_all);
  return g_test_run ();
}
