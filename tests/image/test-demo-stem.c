/* test-demo-stem.c: the demo's HAADF images read back through the TIFF reader show the
 * 0.47 nm (003) spacing and Li-plane intensity that grows with the site's disorder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "demo-stem.h"
#include "fft.h"
#include "image.h"
#include "line-profile.h"
#include "test-util.h"

static char *demo_dir;

static IscImage *
load_site (guint i)
{
  const IscDemoSite *sites = isc_demo_sites_get (NULL);
  g_autofree char *slug = isc_demo_site_slug (&sites[i]);
  g_autofree char *name = g_strconcat (slug, ".tif", NULL);
  g_autofree char *path = g_build_filename (demo_dir, "stem", name, NULL);
  g_autoptr(GError) error = NULL;
  IscImage *image = isc_image_load (path, 0, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return image;
}

static void
test_written (void)
{
  guint n_sites = 0;

  isc_demo_sites_get (&n_sites);
  for (guint i = 0; i < n_sites; i++)
    {
      g_autoptr(IscImage) image = load_site (i);

      g_assert_cmpuint (image->width, ==, 1024);
      g_assert_cmpuint (image->height, ==, 1024);
      g_assert_cmpstr (isc_image_dtype_name (image->dtype), ==, "uint16");
      g_assert_cmpstr (image->axis[ISC_IMAGE_AXIS_X].unit, ==, "nm");
      g_assert_cmpfloat_with_epsilon (image->axis[ISC_IMAGE_AXIS_X].scale, 0.01, 1e-9);
      g_assert_cmpfloat_with_epsilon (image->axis[ISC_IMAGE_AXIS_Y].scale, 0.01, 1e-9);
    }
}

static void
test_layer_spacing (void)
{
  /* the most and the least disordered sites */
  const guint which[] = { 0, 6 };

  for (guint w = 0; w < G_N_ELEMENTS (which); w++)
    {
      g_autoptr(IscImage) image = load_site (which[w]);
      g_autoptr(IscFft) fft = isc_fft_compute (image, 0, NULL, NULL);
      g_autoptr(GArray) peaks = isc_fft_find_peaks (fft, 20, 0, 0);
      g_autoptr(IscLineProfile) profile = NULL;
      double largest_vertical = 0, spacing = 0;

      /* the (003) reflection: k along y (90°), the largest d among the vertical spots */
      for (guint i = 0; i < peaks->len; i++)
        {
          const IscFftPeak *p = &g_array_index (peaks, IscFftPeak, i);

          if (fabs (remainder (p->angle_deg - 90, 180)) < 2)
            largest_vertical = MAX (largest_vertical, p->d);
        }
      g_assert_cmpfloat_with_epsilon (largest_vertical, 0.47, 0.01);

      /* a vertical profile across the planes, averaged over 101 px along them. Where the Li
       * planes are nearly as bright as the TM planes (disorder 0.9, the rock-salt-like
       * surface) every plane is a maximum: half the (003) spacing */
      profile = isc_line_profile_compute (image, 0, 512, 50, 512, 970, 101, NULL);
      g_assert_true (isc_line_profile_peak_spacing (profile, &spacing, NULL));
      g_assert_cmpfloat_with_epsilon (spacing, isc_demo_sites_get (NULL)[which[w]].disorder < 0.5 ? 0.47 : 0.235, 0.01);
    }
}

/* Row means; TM planes are their maxima, Li planes lie midway between neighbouring maxima. */
static double
li_to_tm_ratio (const IscImage *image)
{
  g_autofree double *rows = g_new0 (double, image->height);
  g_autoptr(GArray) maxima = g_array_new (FALSE, FALSE, sizeof (guint));
  double tm = 0, li = 0, background;
  guint n_li = 0;

  for (guint y = 0; y < image->height; y++)
    {
      for (guint x = 0; x < image->width; x++)
        rows[y] += image->pixels[y * image->width + x];
      rows[y] /= image->width;
    }
  /* a TM plane: the largest row mean within ±30 px (TM planes are 47 px apart, a Li plane
   * 23.5 px from each, so a Li plane is never the largest within ±30 px) */
  for (guint y = 30; y + 30 < image->height; y++)
    {
      gboolean is_max = TRUE;

      for (guint j = y - 30; j <= y + 30 && is_max; j++)
        if (rows[j] > rows[y])
          is_max = FALSE;
      if (is_max)
        g_array_append_val (maxima, y);
    }
  g_assert_cmpuint (maxima->len, >=, 15);
  /* the darkest row: the background between the planes */
  background = INFINITY;
  for (guint y = 0; y < image->height; y++)
    background = MIN (background, rows[y]);
  for (guint i = 0; i < maxima->len; i++)
    tm += rows[g_array_index (maxima, guint, i)];
  tm /= maxima->len;
  for (guint i = 0; i + 1 < maxima->len; i++)
    {
      guint a = g_array_index (maxima, guint, i), b = g_array_index (maxima, guint, i + 1);

      li += rows[(a + b) / 2];
      n_li++;
    }
  li /= n_li;
  return (li - background) / (tm - background);
}

static void
test_disorder (void)
{
  const IscDemoSite *sites;
  guint n_sites = 0;
  g_autofree double *ratio = NULL;

  sites = isc_demo_sites_get (&n_sites);
  ratio = g_new (double, n_sites);
  for (guint i = 0; i < n_sites; i++)
    {
      g_autoptr(IscImage) image = load_site (i);

      ratio[i] = li_to_tm_ratio (image);
      g_test_message ("%s %s: disorder %.2f, Li/TM %.3f", sites[i].condition, sites[i].label, sites[i].disorder, ratio[i]);
      /* above the background, a Li plane carries `disorder` of a TM plane's columns */
      g_assert_cmpfloat_with_epsilon (ratio[i], sites[i].disorder, 0.05);
    }
  /* more disorder, brighter Li planes: every pair ordered by disorder is ordered by ratio */
  for (guint i = 0; i < n_sites; i++)
    for (guint j = 0; j < n_sites; j++)
      if (sites[i].disorder > sites[j].disorder + 0.005)
        g_assert_cmpfloat (ratio[i], >, ratio[j]);
}

static void
test_deterministic (void)
{
  const IscDemoSite *sites = isc_demo_sites_get (NULL);
  g_autoptr(IscImage) a = isc_demo_stem_image (&sites[3], 3);
  g_autoptr(IscImage) b = isc_demo_stem_image (&sites[3], 3);
  g_autoptr(IscImage) written = load_site (3);

  g_assert_cmpmem (a->pixels, 1024 * 1024 * sizeof (float), b->pixels, 1024 * 1024 * sizeof (float));
  g_assert_cmpmem (a->pixels, 1024 * 1024 * sizeof (float), written->pixels, 1024 * 1024 * sizeof (float));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  demo_dir = isc_test_make_tmpdir ();
  g_assert_true (isc_demo_write_stem (demo_dir, NULL, &error));
  g_assert_no_error (error);
  g_test_add_func ("/demo/stem/written", test_written);
  g_test_add_func ("/demo/stem/layer-spacing", test_layer_spacing);
  g_test_add_func ("/demo/stem/disorder", test_disorder);
  g_test_add_func ("/demo/stem/deterministic", test_deterministic);
  status = g_test_run ();
  g_free (demo_dir);
  return status;
}
