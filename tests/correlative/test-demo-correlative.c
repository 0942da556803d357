/* test-demo-correlative.c: the demo's needle image and landmarks agree with the transform the
 * generator used, and the demo project carries the registration.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "demo-apt.h"
#include "demo-correlative.h"
#include "demo-sites.h"
#include "project-registration.h"
#include "test-util.h"

static void
test_demo_pair (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *image_path = isc_demo_correlative_image_path (dir);
  g_autofree char *marks_path = isc_demo_correlative_landmarks_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = NULL;
  g_autoptr(GArray) marks = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscProject) project = isc_project_new ();
  g_autofree guint8 *heavy = NULL;
  gboolean selected[256] = { FALSE };
  const IscDemoSite *demo = &isc_demo_sites_get (NULL)[isc_demo_correlative_site ()];
  IscRegistration truth, fit, refined;
  double residuals[ISC_DEMO_CORRELATIVE_N_MARKS], rms, pixel_nm;
  IscSite *site;

  g_assert_true (isc_demo_write_correlative (dir, NULL, &error));
  g_assert_no_error (error);
  isc_demo_correlative_truth (&truth);

  image = isc_image_load (image_path, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (image->width, ==, ISC_DEMO_CORRELATIVE_SIZE);
  pixel_nm = isc_registration_pixel_size (image, &error);
  g_assert_cmpfloat_with_epsilon (pixel_nm, ISC_DEMO_CORRELATIVE_PIXEL_NM, 1e-6);

  marks = isc_landmarks_read_csv (marks_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (marks->len, ==, ISC_DEMO_CORRELATIVE_N_MARKS);
  g_assert_true (isc_registration_fit ((const IscLandmark *) marks->data, marks->len,
                                       ISC_REGISTRATION_SIMILARITY, NULL, pixel_nm, &fit,
                                       residuals, &rms, &error));
  g_test_message ("demo fit: %.3f°, scale %.4f, (%.2f, %.2f) px, rms %.3f nm", fit.rotation_deg,
                  fit.scale, fit.translation_px[0], fit.translation_px[1], rms);
  g_assert_cmpfloat (fabs (fit.rotation_deg - truth.rotation_deg), <, 0.5);
  g_assert_cmpfloat (fabs (fit.scale / truth.scale - 1), <, 0.005);
  g_assert_cmpfloat (fabs (fit.translation_px[0] - truth.translation_px[0]), <, 1);
  g_assert_cmpfloat (fabs (fit.translation_px[1] - truth.translation_px[1]), <, 1);
  /* The clicks' error, in nm: about σ √2 per landmark. */
  g_assert_cmpfloat (rms, <, 3 * ISC_DEMO_CORRELATIVE_CLICK_PX * pixel_nm);
  g_assert_cmpfloat (rms, >, 0.2 * ISC_DEMO_CORRELATIVE_CLICK_PX * pixel_nm);

  /* The image shows the heavy (non-Li) ions: refined against them, it lands on the truth. */
  cloud = isc_demo_apt_specimen (isc_demo_correlative_site (), 0);
  heavy = g_new (guint8, cloud->n_ions);
  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      float mq = cloud->mq[i];

      heavy[i] = (mq > 5.5f && mq < 7.5f) || (mq > 21.5f && mq < 23.5f) ? 0 : 1;
    }
  selected[1] = TRUE;
  refined = fit;
  g_assert_true (isc_registration_refine_points (&refined, cloud->x, cloud->y, cloud->z,
                                                 cloud->n_ions, heavy, selected,
                                                 isc_image_frame_const (image, 0), image->width,
                                                 image->height, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("demo refined: %.3f°, scale %.4f", refined.rotation_deg, refined.scale);
  g_assert_cmpfloat (fabs (refined.rotation_deg - truth.rotation_deg), <, 0.5);
  g_assert_cmpfloat (fabs (refined.scale / truth.scale - 1), <, 0.005);

  /* The demo project registers that site from the files. */
  site = isc_condition_add_site (isc_project_add_condition (project, demo->condition,
                                                            demo->cycles),
                                 demo->label, demo->depth_nm, demo->region);
  isc_demo_correlative_attach (project, dir);
  g_assert_nonnull (site->registration);
  g_assert_cmpstr (site->registration->image_path, ==, image_path);
  g_assert_cmpuint (site->registration->landmarks->len, ==, ISC_DEMO_CORRELATIVE_N_MARKS);
  g_assert_cmpfloat_with_epsilon (site->registration->transform.rotation_deg, fit.rotation_deg,
                                  1e-9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/demo-correlative/pair", test_demo_pair);
  return g_test_run ();
}
