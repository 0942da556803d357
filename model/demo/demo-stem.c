/* demo-stem.c: the demo's HAADF images.
 *
 * Seen along a zone axis, a layered R-3m oxide (LiNiO2-like) shows rows of bright
 * transition-metal columns, one (003) plane every 0.47 nm, with the Li planes dark in
 * between. Transition metals that migrate into the Li layer (cycled surfaces) light up the Li
 * planes: their column intensity is the site's disorder times that of a full TM column.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <glib/gi18n.h>

#include "demo-stem.h"

#define COLUMN_NM      0.25   /* spacing of the projected columns within a plane */
#define SIGMA_NM       0.045  /* width of a column's probe-convolved image */
#define BACKGROUND     150.0  /* counts from the amorphous layer and thickness */
#define TM_PEAK        900.0  /* counts at a transition-metal column */

/* Adds a Gaussian column of @peak counts at (cx, cy) pixels. */
static void
add_column (float  *pixels,
            guint   n,
            double  cx,
            double  cy,
            double  peak,
            double  sigma_px)
{
  int r = (int) ceil (4 * sigma_px);
  int x0 = MAX (0, (int) floor (cx) - r), x1 = MIN ((int) n - 1, (int) floor (cx) + r);
  int y0 = MAX (0, (int) floor (cy) - r), y1 = MIN ((int) n - 1, (int) floor (cy) + r);
  double gx[64];
  double inv = 1.0 / (2 * sigma_px * sigma_px);

  if (x0 > x1 || y0 > y1 || x1 - x0 >= (int) G_N_ELEMENTS (gx))
    return;
  /* separable: exp(-(dx² + dy²)/2σ²) = gx · gy */
  for (int x = x0; x <= x1; x++)
    gx[x - x0] = exp (-(x - cx) * (x - cx) * inv);
  for (int y = y0; y <= y1; y++)
    {
      double gy = peak * exp (-(y - cy) * (y - cy) * inv);
      float *row = pixels + (gsize) y * n;

      for (int x = x0; x <= x1; x++)
        row[x] += gy * gx[x - x0];
    }
}

/* Poisson counts: exact for small means, normal approximation above 30 */
static double
shot_noise (GRand  *rand,
            double  mean)
{
  if (mean < 30)
    {
      double limit = exp (-mean), p = 1.0;
      int k = 0;

      do
        {
          k++;
          p *= g_rand_double (rand);
        }
      while (p > limit);
      return k - 1;
    }
  {
    double u1 = g_rand_double (rand), u2 = g_rand_double (rand);
    double z = sqrt (-2 * log (MAX (u1, 1e-300))) * cos (2 * G_PI * u2);
    return MAX (0.0, round (mean + sqrt (mean) * z));
  }
}

IscImage *
isc_demo_stem_image (const IscDemoSite *site,
                     guint              site_index)
{
  const guint n = ISC_DEMO_STEM_SIZE;
  const double px = ISC_DEMO_STEM_PIXEL_NM;
  const double layer_px = ISC_DEMO_STEM_LAYER_NM / px;
  const double column_px = COLUMN_NM / px;
  const double sigma_px = SIGMA_NM / px;
  IscImage *image;
  GRand *rand;

  g_return_val_if_fail (site != NULL, NULL);
  image = isc_image_new (n, n, 1, ISC_IMAGE_DTYPE_U16, NULL);
  g_free (image->format);
  image->format = g_strdup ("tiff");

  for (gsize i = 0; i < (gsize) n * n; i++)
    image->pixels[i] = BACKGROUND;

  /* plane k: TM at y = (k + ¼) · layer, Li half a layer below; ABC stacking shifts each
   * plane by a third of the column spacing */
  for (int k = -1; k * layer_px < n + layer_px; k++)
    {
      double y_tm = (k + 0.25) * layer_px;
      double y_li = y_tm + 0.5 * layer_px;
      double shift_tm = fmod ((k % 3 + 3) % 3 * column_px / 3.0, column_px);
      double shift_li = shift_tm + column_px / 2.0;

      for (double x = shift_tm - column_px; x < n + column_px; x += column_px)
        add_column (image->pixels, n, x, y_tm, TM_PEAK, sigma_px);
      if (site->disorder > 0)
        for (double x = shift_li - column_px; x < n + column_px; x += column_px)
          add_column (image->pixels, n, x, y_li, TM_PEAK * site->disorder, sigma_px);
    }

  rand = g_rand_new_with_seed (ISC_DEMO_SEED + 7919u * site_index);
  for (gsize i = 0; i < (gsize) n * n; i++)
    image->pixels[i] = MIN (65535.0, shot_noise (rand, image->pixels[i]));
  g_rand_free (rand);

  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, px, "nm", "x");
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0, px, "nm", "y");
  g_free (image->title);
  image->title = g_strdup_printf ("HAADF %s %s", site->condition, site->label);
  return image;
}

gboolean
isc_demo_write_stem (const char    *dir,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *folder = NULL;
  const IscDemoSite *sites;
  guint n_sites = 0;

  g_return_val_if_fail (dir != NULL, FALSE);
  folder = g_build_filename (dir, "stem", NULL);
  if (g_mkdir_with_parents (folder, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, ISC_IMAGE_ERROR, ISC_ERROR_IO, _ ("cannot create %s: %s"), folder, g_strerror (saved));
      return FALSE;
    }
  sites = isc_demo_sites_get (&n_sites);
  for (guint i = 0; i < n_sites; i++)
    {
      g_autoptr(IscImage) image = NULL;
      g_autofree char *slug = NULL;
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      image = isc_demo_stem_image (&sites[i], i);
      slug = isc_demo_site_slug (&sites[i]);
      name = g_strconcat (slug, ".tif", NULL);
      path = g_build_filename (folder, name, NULL);
      if (!isc_image_write_tiff (image, path, error))
        return FALSE;
    }
  return TRUE;
}
