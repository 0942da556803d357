/* test-roi.c: region parsing, membership and the axis coordinate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "roi.h"

static IscIonCloud *
cloud_from_points (const float (*p)[3],
                   gsize         n)
{
  IscIonCloud *cloud = isc_ion_cloud_new (n);

  for (gsize i = 0; i < n; i++)
    {
      cloud->x[i] = p[i][0];
      cloud->y[i] = p[i][1];
      cloud->z[i] = p[i][2];
      cloud->mq[i] = 7.0f;
    }
  return cloud;
}

static void
test_parse_cylinder (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  IscRoi roi, again;

  g_assert_true (isc_roi_parse ("cylinder:1,2,3,0,0,2,5,40", &roi, &error));
  g_assert_no_error (error);
  g_assert_cmpint (roi.kind, ==, ISC_ROI_CYLINDER);
  g_assert_cmpfloat (roi.center[0], ==, 1.0);
  g_assert_cmpfloat (roi.center[2], ==, 3.0);
  /* The axis is normalised: (0,0,2) → (0,0,1). */
  g_assert_cmpfloat (roi.axis[2], ==, 1.0);
  g_assert_cmpfloat (roi.radius, ==, 5.0);
  g_assert_cmpfloat (roi.length, ==, 40.0);

  text = isc_roi_to_string (&roi);
  g_assert_cmpstr (text, ==, "cylinder:1,2,3,0,0,1,5,40");
  g_assert_true (isc_roi_parse (text, &again, NULL));
  g_assert_cmpmem (&roi, sizeof roi, &again, sizeof again);
}

static void
test_parse_box_sphere_all (void)
{
  g_autofree char *box_text = NULL, *sphere_text = NULL, *all_text = NULL;
  IscRoi roi;

  /* Corners in either order give the same box. */
  g_assert_true (isc_roi_parse ("box:10,-1,5,0,1,-5", &roi, NULL));
  g_assert_cmpint (roi.kind, ==, ISC_ROI_BOX);
  g_assert_cmpfloat (roi.box_min[0], ==, 0.0);
  g_assert_cmpfloat (roi.box_max[0], ==, 10.0);
  g_assert_cmpfloat (roi.box_min[2], ==, -5.0);
  box_text = isc_roi_to_string (&roi);
  g_assert_cmpstr (box_text, ==, "box:0,-1,-5,10,1,5");

  g_assert_true (isc_roi_parse ("sphere: 0.5, 1.5 ,2.5,3", &roi, NULL));
  g_assert_cmpint (roi.kind, ==, ISC_ROI_SPHERE);
  g_assert_cmpfloat (roi.center[1], ==, 1.5);
  g_assert_cmpfloat (roi.radius, ==, 3.0);
  sphere_text = isc_roi_to_string (&roi);
  g_assert_cmpstr (sphere_text, ==, "sphere:0.5,1.5,2.5,3");

  g_assert_true (isc_roi_parse ("all", &roi, NULL));
  g_assert_cmpint (roi.kind, ==, ISC_ROI_ALL);
  all_text = isc_roi_to_string (&roi);
  g_assert_cmpstr (all_text, ==, "all");
}

static void
test_parse_errors (void)
{
  static const struct { const char *spec; const char *needle; } bad[] = {
    { "cylinder:1,2,3", "expected 8" },
    { "cylinder:0,0,0,0,0,0,5,10", "axis" },
    { "cylinder:0,0,0,0,0,1,-5,10", "positive" },
    { "box:0,0,0,1,1", "expected 6" },
    { "box:0,0,0,1,0,1", "same y" },
    { "sphere:0,0,0,abc", "“abc”" },
    { "sphere:0,0,0,0", "positive" },
    { "sphere:0,0,0,nan", "finite" },
    { "cone:0,0,0,1", "unknown kind" },
    { "0,0,0,1", "expected cylinder" },
    { "sphere:0,0,0,1,", "expected 4" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      IscRoi roi;

      isc_roi_init_all (&roi);
      g_assert_false (isc_roi_parse (bad[i].spec, &roi, &error));
      g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
      if (strstr (error->message, bad[i].needle) == NULL)
        g_error ("“%s”: message “%s” lacks “%s”", bad[i].spec, error->message, bad[i].needle);
      /* A failed parse leaves the output alone. */
      g_assert_cmpint (roi.kind, ==, ISC_ROI_ALL);
    }
}

static void
test_membership (void)
{
  /* Hand-placed points for a cylinder along x through (10, 0, 0), radius 2, length 8
   * (x from 6 to 14), a box and a sphere. */
  static const float pts[][3] = {
    { 10, 0, 0 },      /* cylinder centre */
    { 6.5, 1.9, 0 },   /* inside near the lower end and the rim */
    { 13.9, 0, -1.9 }, /* inside near the upper end */
    { 5.5, 0, 0 },     /* beyond the lower end */
    { 14.5, 0, 0 },    /* beyond the upper end */
    { 10, 1.5, 1.5 },  /* r = 2.12: outside the rim */
    { 10, 1.4, 1.4 },  /* r = 1.98: inside */
  };
  static const guint8 in_cylinder[] = { 1, 1, 1, 0, 0, 0, 1 };
  /* box 0..10 × -1..1 × -2..2 */
  static const guint8 in_box[] = { 1, 0, 0, 1, 0, 0, 0 };
  /* sphere at (10,0,0) radius 2.05 */
  static const guint8 in_sphere[] = { 1, 0, 0, 0, 0, 0, 1 };
  g_autoptr(IscIonCloud) cloud = cloud_from_points (pts, G_N_ELEMENTS (pts));
  guint8 mask[G_N_ELEMENTS (pts)];
  IscRoi roi;

  g_assert_true (isc_roi_parse ("cylinder:10,0,0,1,0,0,2,8", &roi, NULL));
  g_assert_cmpuint (isc_roi_select (&roi, cloud, mask), ==, 4);
  g_assert_cmpmem (mask, sizeof mask, in_cylinder, sizeof in_cylinder);
  g_assert_cmpuint (isc_roi_select (&roi, cloud, NULL), ==, 4);

  g_assert_true (isc_roi_parse ("box:0,-1,-2,10,1,2", &roi, NULL));
  g_assert_cmpuint (isc_roi_select (&roi, cloud, mask), ==, 2);
  g_assert_cmpmem (mask, sizeof mask, in_box, sizeof in_box);

  g_assert_true (isc_roi_parse ("sphere:10,0,0,2.05", &roi, NULL));
  g_assert_cmpuint (isc_roi_select (&roi, cloud, mask), ==, 2);
  g_assert_cmpmem (mask, sizeof mask, in_sphere, sizeof in_sphere);

  isc_roi_init_all (&roi);
  g_assert_cmpuint (isc_roi_select (&roi, cloud, mask), ==, G_N_ELEMENTS (pts));
  for (guint i = 0; i < G_N_ELEMENTS (pts); i++)
    g_assert_cmpuint (mask[i], ==, 1);
}

/* The vectorised array path agrees with the per-point double-precision test on a tilted
 * cylinder, away from the knife edge (points closer than 1e-4 nm to the surface are skipped). */
static void
test_select_matches_contains (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (20000);
  g_autofree guint8 *mask = g_new (guint8, cloud->n_ions);
  const char *specs[] = { "cylinder:1,-2,3,1,1,2,4.5,12", "box:-3,-4,-5,2,6,1", "sphere:1,1,1,5.5" };

  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      cloud->x[i] = g_rand_double_range (rand, -10, 10);
      cloud->y[i] = g_rand_double_range (rand, -10, 10);
      cloud->z[i] = g_rand_double_range (rand, -10, 10);
    }
  for (guint s = 0; s < G_N_ELEMENTS (specs); s++)
    {
      IscRoi roi;
      gsize n_in, expected = 0, n_checked = 0;

      g_assert_true (isc_roi_parse (specs[s], &roi, NULL));
      n_in = isc_roi_select (&roi, cloud, mask);
      for (gsize i = 0; i < cloud->n_ions; i++)
        {
          gboolean inside = isc_roi_contains (&roi, cloud->x[i], cloud->y[i], cloud->z[i]);
          gboolean near_edge = FALSE;

          /* Nudge the point by 1e-4 nm along each axis: if membership flips, it is on the edge. */
          for (int k = 0; k < 3 && !near_edge; k++)
            for (int sgn = -1; sgn <= 1; sgn += 2)
              {
                double p[3] = { cloud->x[i], cloud->y[i], cloud->z[i] };

                p[k] += sgn * 1e-4;
                near_edge |= isc_roi_contains (&roi, p[0], p[1], p[2]) != inside;
              }
          expected += inside;
          if (!near_edge)
            {
              g_assert_cmpuint (mask[i], ==, inside);
              n_checked++;
            }
        }
      g_assert_cmpuint (n_in, ==, expected);
      g_assert_cmpuint (n_checked, >, cloud->n_ions - 10);
      /* Each region holds a sizeable share of the points, so the test checks both outcomes. */
      g_assert_cmpuint (n_in, >, 500);
      g_assert_cmpuint (n_in, <, cloud->n_ions - 500);
    }
}

/* A slice selects exactly the slice's part of the whole cloud's mask, and its count is the
 * number of ones in that part. Points on a line x = i − 10 against a box 0 ≤ x ≤ 5: ions 10…15
 * are inside, so the slice 8…19 holds 6 of them at mask positions 2…7. */
static void
test_select_range (void)
{
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (30);
  guint8 whole[30], part[14];
  IscRoi roi;

  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      cloud->x[i] = (float) i - 10;
      cloud->y[i] = 0;
      cloud->z[i] = 0;
    }
  g_assert_true (isc_roi_parse ("box:0,-1,-1,5,1,1", &roi, NULL));
  g_assert_cmpuint (isc_roi_select (&roi, cloud, whole), ==, 6);
  memset (part, 0xff, sizeof part);
  g_assert_cmpuint (isc_roi_select_range (&roi, cloud, 8, 12, part), ==, 6);
  for (guint j = 0; j < 12; j++)
    {
      g_assert_cmpuint (part[j], ==, whole[8 + j]);
      g_assert_cmpuint (part[j], ==, j >= 2 && j <= 7);
    }
  /* Counting only; a slice past the region; an empty slice at the end. */
  g_assert_cmpuint (isc_roi_select_range (&roi, cloud, 12, 10, NULL), ==, 4);
  g_assert_cmpuint (isc_roi_select_range (&roi, cloud, 16, 14, part), ==, 0);
  g_assert_cmpuint (isc_roi_select_range (&roi, cloud, 30, 0, NULL), ==, 0);
}

static void
test_axis_coordinate (void)
{
  IscRoi roi;
  double o[3], d[3];

  /* Axis (3,4,0)/5 through (1,1,1), length 10: the lower end is (1,1,1) − 5·(0.6,0.8,0). */
  g_assert_true (isc_roi_parse ("cylinder:1,1,1,3,4,0,2,10", &roi, NULL));
  isc_roi_get_axis (&roi, o, d);
  g_assert_cmpfloat_with_epsilon (o[0], -2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (o[1], -3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (o[2], 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (isc_roi_axis_coordinate (&roi, 1, 1, 1), 5.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (isc_roi_axis_coordinate (&roi, -2, -3, 7), 0.0, 1e-12);
  /* A point off the axis projects onto it: (4,5,1) − (−2,−3,1) = (6,8,0) → 10. */
  g_assert_cmpfloat_with_epsilon (isc_roi_axis_coordinate (&roi, 4, 5, 1), 10.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (isc_roi_axis_coordinate (&roi, 4 + 0.8, 5 - 0.6, 3), 10.0, 1e-12);

  /* Other kinds use z. */
  g_assert_true (isc_roi_parse ("sphere:0,0,0,1", &roi, NULL));
  g_assert_cmpfloat (isc_roi_axis_coordinate (&roi, 7, 8, -3.5), ==, -3.5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/roi/parse-cylinder", test_parse_cylinder);
  g_test_add_func ("/roi/parse-box-sphere-all", test_parse_box_sphere_all);
  g_test_add_func ("/roi/parse-errors", test_parse_errors);
  g_test_add_func ("/roi/membership", test_membership);
  g_test_add_func ("/roi/select-matches-contains", test_select_matches_contains);
  g_test_add_func ("/roi/select-range", test_select_range);
  g_test_add_func ("/roi/axis-coordinate", test_axis_coordinate);
  return g_test_run ();
}
