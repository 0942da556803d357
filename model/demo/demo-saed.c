/* demo-saed.c: ring patterns of the core (layered) and shell (rock salt) of one demo site.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>

#include "demo-saed.h"
#include "demo-sites.h"
#include "saed.h"

typedef struct
{
  int    h, k, l;
  double amplitude;   /* ring height above the background, counts */
} DemoRing;

/* The strong families of each phase, resolved from one another at 0.04 nm⁻¹/px (layered 006,
 * 012 and 018 fall within a few px of 101 and 110 and are left out). */
static const DemoRing core_rings[] = {
  { 0, 0, 3, 900 }, { 1, 0, 1, 350 }, { 1, 0, 4, 700 }, { 0, 1, 5, 250 },
  { 1, 0, 7, 200 }, { 1, 1, 0, 400 }, { 1, 1, 3, 220 },
};
static const DemoRing shell_rings[] = {
  { 1, 1, 1, 450 }, { 2, 0, 0, 800 }, { 2, 2, 0, 550 }, { 3, 1, 1, 220 }, { 2, 2, 2, 180 },
};

const char *
isc_demo_saed_phase (gboolean shell)
{
  return shell ? "rocksalt" : "layered";
}

static const DemoRing *
rings_of (gboolean  shell,
          guint    *n)
{
  *n = shell ? G_N_ELEMENTS (shell_rings) : G_N_ELEMENTS (core_rings);
  return shell ? shell_rings : core_rings;
}

double *
isc_demo_saed_d_nm (gboolean  shell,
                    guint    *n)
{
  const IscCrystalPhase *phase = isc_saed_phase_lookup (isc_demo_saed_phase (shell));
  const DemoRing *rings = rings_of (shell, n);
  double *d = g_new (double, *n);

  for (guint i = 0; i < *n; i++)
    d[i] = isc_crystal_phase_d (phase, rings[i].h, rings[i].k, rings[i].l);
  return d;
}

IscImage *
isc_demo_saed_image (gboolean shell)
{
  guint n;
  const DemoRing *rings = rings_of (shell, &n);
  g_autofree double *d = isc_demo_saed_d_nm (shell, &n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (ISC_DEMO_SEED + (shell ? 2 : 1));
  IscImage *image = isc_image_new (ISC_DEMO_SAED_SIZE, ISC_DEMO_SAED_SIZE, 1, ISC_IMAGE_DTYPE_F32, NULL);
  const double s = ISC_DEMO_SAED_NM_INV_PER_PX, sigma = 1.4;
  float *px;

  g_assert (image != NULL);
  px = isc_image_frame (image, 0);
  for (guint y = 0; y < ISC_DEMO_SAED_SIZE; y++)
    for (guint x = 0; x < ISC_DEMO_SAED_SIZE; x++)
      {
        double r = hypot (x - ISC_DEMO_SAED_CX, y - ISC_DEMO_SAED_CY);
        /* direct beam, diffuse inelastic background, a flat camera offset */
        double v = 30000 * exp (-r * r / (2 * 4.0 * 4.0)) + 2500 * exp (-r / 45) + 60;
        double u;

        for (guint i = 0; i < n; i++)
          {
            double dr = r - 1.0 / (d[i] * s);

            if (fabs (dr) < 8 * sigma)
              v += rings[i].amplitude * exp (-dr * dr / (2 * sigma * sigma));
          }
        /* Poisson counts, Gaussian-approximated (every pixel holds ≥ 60) */
        u = sqrt (-2 * log (1 - g_rand_double (rand))) * cos (2 * G_PI * g_rand_double (rand));
        px[(gsize) y * ISC_DEMO_SAED_SIZE + x] = (float) MAX (0.0, v + sqrt (v) * u);
      }
  /* k = 0 at the direct beam, in 1/nm, as a microscope's software writes it */
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, -ISC_DEMO_SAED_CX * s, s, "1/nm", "kx");
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, -ISC_DEMO_SAED_CY * s, s, "1/nm", "ky");
  g_free (image->title);
  image->title = g_strdup (shell ? "SAED shell (rock salt)" : "SAED core (layered)");
  return image;
}

static const IscDemoSite *
saed_site (void)
{
  guint n_sites;
  const IscDemoSite *sites = isc_demo_sites_get (&n_sites);

  for (guint i = 0; i < n_sites; i++)
    if (g_str_equal (sites[i].condition, ISC_DEMO_SAED_CONDITION) && g_str_equal (sites[i].label, ISC_DEMO_SAED_SITE))
      return &sites[i];
  g_assert_not_reached ();
  return NULL;
}

char *
isc_demo_saed_path (const char *dir,
                    gboolean    shell)
{
  g_autofree char *slug = isc_demo_site_slug (saed_site ());
  g_autofree char *name = g_strdup_printf ("%s-%s.tif", slug, shell ? "shell" : "core");

  return g_build_filename (dir, "saed", name, NULL);
}

gboolean
isc_demo_write_saed (const char    *dir,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *folder = g_build_filename (dir, "saed", NULL);

  if (g_mkdir_with_parents (folder, 0777) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: cannot create the folder", folder);
      return FALSE;
    }
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(IscImage) image = isc_demo_saed_image (k == 1);
      g_autofree char *path = isc_demo_saed_path (dir, k == 1);

      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || !isc_image_write_tiff (image, path, error))
        return FALSE;
    }
  return TRUE;
}

void
isc_demo_saed_attach (IscProject *project,
                      const char *dir)
{
  IscCondition *condition = isc_project_find_condition (project, ISC_DEMO_SAED_CONDITION);
  IscSite *site = condition != NULL ? isc_condition_find_site (condition, ISC_DEMO_SAED_SITE) : NULL;

  for (guint k = 0; site != NULL && k < 2; k++)
    {
      g_autofree char *path = isc_demo_saed_path (dir, k == 1);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        isc_site_add_dataset (site, ISC_DATASET_DIFFRACTION, path);
    }
}
