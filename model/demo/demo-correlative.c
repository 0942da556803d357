/* demo-correlative.c: an image of a demo needle with landmarks of a known transform.
 *
 * The image is what HAADF shows of the needle seen along its axis: brightness follows the
 * projected amount of heavy (non-Li) ions, so the Li-rich lines of the line-defect site are dark
 * bands. The landmarks are the centres of the Li found near six points of the needle — features
 * on those bands — and their true image positions plus a click error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "demo-correlative.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>

#include "demo-apt.h"
#include "demo-sites.h"
#include "project-registration.h"

#define BACKGROUND  120.0   /* counts outside the needle (support film) */
#define PEAK        1400.0  /* counts at the thickest, heaviest projection */
#define BLUR_NM     0.6     /* probe and projection blur */
#define MARK_RADIUS_NM 4.0  /* Li within this distance (projected) of a seed makes a landmark */

void
isc_demo_correlative_truth (IscRegistration *reg)
{
  isc_registration_init (reg, NULL, ISC_DEMO_CORRELATIVE_PIXEL_NM, ISC_DEMO_CORRELATIVE_ROT_DEG,
                         ISC_DEMO_CORRELATIVE_SCALE, ISC_DEMO_CORRELATIVE_TX_PX,
                         ISC_DEMO_CORRELATIVE_TY_PX);
}

guint
isc_demo_correlative_site (void)
{
  guint n_sites = 0;

  isc_demo_sites_get (&n_sites);
  for (guint i = 0; i < n_sites; i++)
    if (isc_demo_apt_has_line_defects (i))
      return i;
  g_assert_not_reached ();
  return 0;
}

static char *
correlative_path (const char *dir,
                  const char *suffix)
{
  const IscDemoSite *sites = isc_demo_sites_get (NULL);
  g_autofree char *slug = isc_demo_site_slug (&sites[isc_demo_correlative_site ()]);
  g_autofree char *name = g_strconcat (slug, suffix, NULL);

  return g_build_filename (dir, "correlative", name, NULL);
}

char *
isc_demo_correlative_image_path (const char *dir)
{
  return correlative_path (dir, "-needle.tif");
}

char *
isc_demo_correlative_landmarks_path (const char *dir)
{
  return correlative_path (dir, "-landmarks.csv");
}

static gboolean
is_li (float mq)
{
  /* 6Li+, 7Li+ and 6LiO+, 7LiO+ of the demo's range set. */
  return (mq > 5.5f && mq < 7.5f) || (mq > 21.5f && mq < 23.5f);
}

static double
gaussian (GRand *rand)
{
  double u1 = g_rand_double_range (rand, 1e-300, 1), u2 = g_rand_double (rand);

  return sqrt (-2 * log (u1)) * cos (2 * G_PI * u2);
}

static IscImage *
render (const IscIonCloud     *cloud,
        const IscRegistration *truth,
        GError               **error)
{
  const guint n = ISC_DEMO_CORRELATIVE_SIZE;
  g_autofree float *x = g_new (float, cloud->n_ions);
  g_autofree float *y = g_new (float, cloud->n_ions);
  g_autofree float *z = g_new (float, cloud->n_ions);
  g_autoptr(IscProjectedMap) map = NULL;
  g_autofree float *heavy = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (ISC_DEMO_SEED + 19u);
  IscImage *image;
  gsize m = 0;
  double top = 0;

  for (gsize i = 0; i < cloud->n_ions; i++)
    if (!is_li (cloud->mq[i]))
      {
        x[m] = cloud->x[i];
        y[m] = cloud->y[i];
        z[m] = cloud->z[i];
        m++;
      }
  map = isc_projected_map_new (x, y, z, m, NULL, NULL, ISC_MAP_DENSITY, NULL, 0.1, BLUR_NM,
                               error);
  if (map == NULL)
    return NULL;
  heavy = isc_projected_map_resample (map, truth, n, n);
  for (gsize i = 0; i < (gsize) n * n; i++)
    if (isfinite (heavy[i]))
      top = MAX (top, heavy[i]);

  image = isc_image_new (n, n, 1, ISC_IMAGE_DTYPE_U16, error);
  if (image == NULL)
    return NULL;
  g_free (image->format);
  image->format = g_strdup ("tiff");
  for (gsize i = 0; i < (gsize) n * n; i++)
    {
      double mean = BACKGROUND + (isfinite (heavy[i]) && top > 0 ? PEAK * heavy[i] / top : 0);

      /* Shot noise, normal above a hundred counts. */
      image->pixels[i] = CLAMP (round (mean + sqrt (mean) * gaussian (rand)), 0, 65535);
    }
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, ISC_DEMO_CORRELATIVE_PIXEL_NM, "nm", "x");
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0, ISC_DEMO_CORRELATIVE_PIXEL_NM, "nm", "y");
  g_free (image->title);
  image->title = g_strdup ("HAADF of the needle along its axis (300 cycles R2, specimen 1)");
  return image;
}

/* Landmarks: the Li centroid (x, y, z) near seeds on a ring around the axis; a seed without Li
 * nearby is skipped for the next one round the ring. */
static guint
make_landmarks (const IscIonCloud     *cloud,
                const IscRegistration *truth,
                IscLandmark           *marks)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (ISC_DEMO_SEED + 23u);
  guint n_marks = 0;

  for (guint s = 0; s < 24 && n_marks < ISC_DEMO_CORRELATIVE_N_MARKS; s++)
    {
      double angle = s * (2 * G_PI / 6) + (s / 6) * 0.5, radius = s % 2 == 0 ? 6.0 : 9.0;
      double seed[2] = { radius * cos (angle), radius * sin (angle) };
      double sum[3] = { 0, 0, 0 };
      gsize count = 0;

      for (gsize i = 0; i < cloud->n_ions; i++)
        if (is_li (cloud->mq[i])
            && hypot (cloud->x[i] - seed[0], cloud->y[i] - seed[1]) < MARK_RADIUS_NM)
          {
            sum[0] += cloud->x[i];
            sum[1] += cloud->y[i];
            sum[2] += cloud->z[i];
            count++;
          }
      if (count < 200)
        continue;
      for (guint k = 0; k < 3; k++)
        marks[n_marks].apt_nm[k] = round (100 * sum[k] / count) / 100;
      isc_registration_apply (truth, marks[n_marks].apt_nm, marks[n_marks].image_px);
      for (guint k = 0; k < 2; k++)
        marks[n_marks].image_px[k] += ISC_DEMO_CORRELATIVE_CLICK_PX * gaussian (rand);
      n_marks++;
    }
  return n_marks;
}

gboolean
isc_demo_write_correlative (const char    *dir,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autofree char *image_path = isc_demo_correlative_image_path (dir);
  g_autofree char *marks_path = isc_demo_correlative_landmarks_path (dir);
  g_autofree char *folder = g_path_get_dirname (image_path);
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscImage) image = NULL;
  IscLandmark marks[ISC_DEMO_CORRELATIVE_N_MARKS];
  IscRegistration truth;
  guint n_marks;

  if (g_mkdir_with_parents (folder, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_IO, "cannot create %s: %s", folder,
                   g_strerror (saved));
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  isc_demo_correlative_truth (&truth);
  cloud = isc_demo_apt_specimen (isc_demo_correlative_site (), 0);
  image = render (cloud, &truth, error);
  if (image == NULL || !isc_image_write_tiff (image, image_path, error))
    return FALSE;
  n_marks = make_landmarks (cloud, &truth, marks);
  return isc_landmarks_write_csv (marks_path, marks, n_marks, error);
}

void
isc_demo_correlative_attach (IscProject *project,
                             const char *dir)
{
  const IscDemoSite *demo = &isc_demo_sites_get (NULL)[isc_demo_correlative_site ()];
  g_autofree char *image_path = isc_demo_correlative_image_path (dir);
  g_autofree char *marks_path = isc_demo_correlative_landmarks_path (dir);
  g_autoptr(GArray) marks = NULL;
  g_autoptr(IscSiteRegistration) registration = NULL;
  IscCondition *condition = isc_project_find_condition (project, demo->condition);
  IscSite *site = condition != NULL ? isc_condition_find_site (condition, demo->label) : NULL;

  if (site == NULL || !g_file_test (image_path, G_FILE_TEST_IS_REGULAR))
    return;
  marks = isc_landmarks_read_csv (marks_path, NULL);
  if (marks == NULL)
    return;
  registration = isc_site_registration_new (image_path);
  g_array_append_vals (registration->landmarks, marks->data, marks->len);
  if (isc_registration_fit ((const IscLandmark *) marks->data, marks->len,
                            ISC_REGISTRATION_SIMILARITY, NULL, ISC_DEMO_CORRELATIVE_PIXEL_NM,
                            &registration->transform, NULL, NULL, NULL))
    isc_site_set_registration (site, g_steal_pointer (&registration));
}
