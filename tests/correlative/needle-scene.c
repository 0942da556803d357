/* needle-scene.c: a synthetic needle for the outline registration tests (see the header).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "needle-scene.h"

#include <math.h>

const double needle_side_view[3] = { 0, 1, 0 };

void
needle_scene_points (gsize    n,
                     guint32  seed,
                     float  **x,
                     float  **y,
                     float  **z)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  double r_max = NEEDLE_APEX_R + NEEDLE_TAPER * NEEDLE_APT_DEPTH;
  gsize k = 0;

  *x = g_new (float, n);
  *y = g_new (float, n);
  *z = g_new (float, n);
  while (k < n)
    {
      double px = g_rand_double_range (rand, -r_max, r_max);
      double py = g_rand_double_range (rand, -r_max, r_max);
      double pz = g_rand_double_range (rand, 0, NEEDLE_APT_DEPTH);

      if (hypot (px, py) > NEEDLE_APEX_R + NEEDLE_TAPER * pz)
        continue;
      (*x)[k] = px;
      (*y)[k] = py;
      (*z)[k] = pz;
      k++;
    }
}

float *
needle_scene_image (const IscRegistration *truth,
                    guint                  size,
                    guint32                seed)
{
  static const double unit_x[3] = { 1, 0, 0 }, unit_z[3] = { 0, 0, 1 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  float *pixels = g_new (float, (gsize) size * size);
  double ex[2], ez[2];

  /* the side view's plane: x across the needle, z along it */
  isc_registration_project (needle_side_view, unit_x, ex);
  isc_registration_project (needle_side_view, unit_z, ez);
  for (guint r = 0; r < size; r++)
    for (guint c = 0; c < size; c++)
      {
        double px[2] = { c, r }, uv[2], across, along, noise;

        g_assert_true (isc_registration_invert_uv (truth, px, uv));
        across = uv[0] * ex[0] + uv[1] * ex[1];
        along = uv[0] * ez[0] + uv[1] * ez[1];
        noise = 0.05 * sqrt (-2 * log (g_rand_double_range (rand, 1e-12, 1)))
                * cos (2 * G_PI * g_rand_double (rand));
        pixels[(gsize) r * size + c] =
          (along >= 0 && along <= NEEDLE_LENGTH
           && fabs (across) <= NEEDLE_APEX_R + NEEDLE_TAPER * along ? 0.3 : 0.9) + noise;
      }
  return pixels;
}
