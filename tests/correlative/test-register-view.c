/* test-register-view.c: the site page's Register mode — landmark pairs, Fit with residuals, the
 * APT map over the image with its opacity, and a profile line through image and map.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "isc-register-view.h"
#include "isc-site-page.h"
#include "needle-scene.h"
#include "project-registration.h"
#include "registration.h"
#include "test-gtk-util.h"
#include "test-util.h"

#define N_BLOBS  6
#define SIZE     240
#define PIXEL_NM 0.5

static double blob[N_BLOBS][3];

/* A needle of radius 20 nm with dense blobs; an image of it along z under @truth. */
static IscIonCloud *
make_cloud (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  const gsize background = 30000, per_blob = 2000, n = background + N_BLOBS * per_blob;
  IscIonCloud *cloud = isc_ion_cloud_new (n);
  gsize at = 0;

  for (guint b = 0; b < N_BLOBS; b++)
    {
      double a = b * 2 * G_PI / N_BLOBS, r = b % 2 == 0 ? 8 : 14;

      blob[b][0] = r * cos (a);
      blob[b][1] = r * sin (a);
      blob[b][2] = 10 + 5 * b;
    }
  while (at < background)
    {
      double x = g_rand_double_range (rand, -20, 20), y = g_rand_double_range (rand, -20, 20);

      if (x * x + y * y > 400)
        continue;
      cloud->x[at] = x;
      cloud->y[at] = y;
      cloud->z[at] = g_rand_double_range (rand, 0, 50);
      cloud->mq[at++] = 27;
    }
  for (guint b = 0; b < N_BLOBS; b++)
    for (gsize k = 0; k < per_blob; k++, at++)
      {
        cloud->x[at] = blob[b][0] + g_rand_double_range (rand, -1.2, 1.2);
        cloud->y[at] = blob[b][1] + g_rand_double_range (rand, -1.2, 1.2);
        cloud->z[at] = blob[b][2] + g_rand_double_range (rand, -1.2, 1.2);
        cloud->mq[at] = 27;
      }
  isc_ion_cloud_update_bounds (cloud);
  return cloud;
}

static IscImage *
make_image (const IscIonCloud     *cloud,
            const IscRegistration *truth,
            gboolean               calibrated)
{
  g_autoptr(IscProjectedMap) map = isc_projected_map_new (cloud->x, cloud->y, cloud->z,
                                                          cloud->n_ions, NULL, NULL,
                                                          ISC_MAP_DENSITY, NULL, 0.25, 0.8, NULL);
  g_autofree float *pixels = isc_projected_map_resample (map, truth, SIZE, SIZE);
  IscImage *image = isc_image_new (SIZE, SIZE, 1, ISC_IMAGE_DTYPE_F32, NULL);

  for (gsize i = 0; i < SIZE * SIZE; i++)
    image->pixels[i] = isfinite (pixels[i]) ? pixels[i] : 0;
  if (calibrated)
    isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, PIXEL_NM, "nm", NULL);
  return image;
}

static void
count_cb (gpointer  instance,
          gpointer  data)
{
  (*(guint *) data)++;
}

/* Pixels whose channels differ: the colour map over a grey image. */
static gsize
count_coloured (const guint32 *pixels,
                int            width,
                int            height)
{
  gsize n = 0;

  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      int r = (pixels[i] >> 16) & 0xff, g = (pixels[i] >> 8) & 0xff, b = pixels[i] & 0xff;

      if (ABS (r - g) > 30 || ABS (g - b) > 30)
        n++;
    }
  return n;
}

static void
test_fit_overlay_profile (void)
{
  g_autoptr(IscIonCloud) cloud = make_cloud ();
  g_autoptr(IscImage) image = NULL;
  GtkWidget *view = isc_register_view_new ();
  GtkWindow *window;
  GtkWidget *fit_button, *status, *scale;
  const IscSiteRegistration *registration;
  const double *d, *intensity, *map_value;
  g_autofree guint32 *shot = NULL;
  g_autofree guint32 *clear = NULL;
  IscRegistration truth;
  guint registered = 0, n, peak_i = 0, peak_m = 0;
  double from[2], to[2];
  int w, h;

  isc_registration_init (&truth, NULL, PIXEL_NM, 25, 1.0, 118, 124);
  image = make_image (cloud, &truth, TRUE);
  g_signal_connect (view, "registered", G_CALLBACK (count_cb), &registered);
  window = isc_test_show_in_window (view, 700, 600);
  isc_register_view_set_data (ISC_REGISTER_VIEW (view), cloud, NULL, image, NULL);
  fit_button = isc_test_get_widget (view, GTK_TYPE_BUTTON, "fit_button");
  status = isc_test_get_widget (view, GTK_TYPE_LABEL, "status");
  g_assert_false (gtk_widget_get_sensitive (fit_button));
  g_assert_null (isc_register_view_get_registration (ISC_REGISTER_VIEW (view)));

  /* Two pairs are not enough: the message says so and nothing is fitted. */
  for (guint b = 0; b < 2; b++)
    {
      double px[2];

      isc_registration_apply (&truth, blob[b], px);
      isc_register_view_add_landmark (ISC_REGISTER_VIEW (view), blob[b], px);
    }
  g_assert_false (gtk_widget_get_sensitive (fit_button));
  g_assert_false (isc_register_view_fit (ISC_REGISTER_VIEW (view)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "at least 3"));
  g_assert_cmpuint (registered, ==, 0);

  for (guint b = 2; b < N_BLOBS; b++)
    {
      double px[2];

      isc_registration_apply (&truth, blob[b], px);
      isc_register_view_add_landmark (ISC_REGISTER_VIEW (view), blob[b], px);
    }
  g_assert_true (gtk_widget_get_sensitive (fit_button));
  g_signal_emit_by_name (fit_button, "clicked");
  g_assert_cmpuint (registered, ==, 1);
  registration = isc_register_view_get_registration (ISC_REGISTER_VIEW (view));
  g_assert_nonnull (registration);
  g_assert_cmpfloat_with_epsilon (registration->transform.rotation_deg, 25, 1e-6);
  g_assert_cmpfloat_with_epsilon (registration->transform.scale, 1.0, 1e-6);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "rms"));

  /* The map lies over the image in colour; at opacity 0 it is gone. */
  shot = isc_test_snapshot (view, &w, &h, "register-view.png");
  g_assert_cmpuint (count_coloured (shot, w, h), >, 2000);
  scale = isc_test_get_widget (view, GTK_TYPE_SCALE, "opacity_scale");
  gtk_range_set_value (GTK_RANGE (scale), 0);
  clear = isc_test_snapshot (view, &w, &h, NULL);
  /* Only the landmark markers stay coloured. */
  g_assert_cmpuint (count_coloured (clear, w, h), <, count_coloured (shot, w, h) / 4);

  /* A line through a blob: the image and the APT map peak at the same place along it. */
  isc_registration_apply (&truth, blob[1], to);
  from[0] = to[0] - 20;
  from[1] = to[1] - 10;
  to[0] += 20;
  to[1] += 10;
  g_assert_true (isc_register_view_set_line (ISC_REGISTER_VIEW (view), from, to));
  n = isc_register_view_get_profile (ISC_REGISTER_VIEW (view), &d, &intensity, &map_value);
  g_assert_cmpuint (n, >, 10);
  for (guint i = 1; i < n; i++)
    {
      if (intensity[i] > intensity[peak_i])
        peak_i = i;
      if (isfinite (map_value[i]) && (!isfinite (map_value[peak_m]) || map_value[i] > map_value[peak_m]))
        peak_m = i;
    }
  g_assert_cmpfloat_with_epsilon (d[n - 1], hypot (40, 20) * PIXEL_NM, 1e-6);
  g_assert_cmpfloat (fabs (d[peak_i] - d[n / 2]), <, 1.0);
  g_assert_cmpfloat (fabs (d[peak_m] - d[peak_i]), <, 1.0);
  g_free (isc_test_snapshot (view, &w, &h, "register-view-profile.png"));

  gtk_window_destroy (window);
}

/* Refine from landmarks clicked a few pixels off: the worker's correlation brings the
 * transform back to the truth and the view says so. */
static void
test_refine (void)
{
  g_autoptr(IscIonCloud) cloud = make_cloud ();
  g_autoptr(IscImage) image = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);
  GtkWidget *view = isc_register_view_new ();
  GtkWidget *refine_button;
  const IscSiteRegistration *registration;
  GtkWindow *window;
  IscRegistration truth;
  double off;

  isc_registration_init (&truth, NULL, PIXEL_NM, 40, 1.0, 120, 118);
  image = make_image (cloud, &truth, TRUE);
  window = isc_test_show_in_window (view, 600, 500);
  isc_register_view_set_data (ISC_REGISTER_VIEW (view), cloud, NULL, image, NULL);
  refine_button = isc_test_get_widget (view, GTK_TYPE_BUTTON, "refine_button");
  g_assert_false (gtk_widget_get_sensitive (refine_button));
  for (guint b = 0; b < 3; b++)
    {
      double px[2];

      isc_registration_apply (&truth, blob[b], px);
      px[0] += g_rand_double_range (rand, -3, 3);
      px[1] += g_rand_double_range (rand, -3, 3);
      isc_register_view_add_landmark (ISC_REGISTER_VIEW (view), blob[b], px);
    }
  g_assert_true (isc_register_view_fit (ISC_REGISTER_VIEW (view)));
  registration = isc_register_view_get_registration (ISC_REGISTER_VIEW (view));
  off = fabs (registration->transform.rotation_deg - 40);
  g_test_message ("landmark fit %.2f° off", off);
  g_assert_true (gtk_widget_get_sensitive (refine_button));
  g_signal_emit_by_name (refine_button, "clicked");
  g_assert_true (isc_test_wait_for_signal (view, "registered", 60));
  registration = isc_register_view_get_registration (ISC_REGISTER_VIEW (view));
  g_test_message ("refined %.3f°, scale %.4f", registration->transform.rotation_deg,
                  registration->transform.scale);
  g_assert_true (registration->refined);
  g_assert_cmpfloat (fabs (registration->transform.rotation_deg - 40), <, 0.5);
  g_assert_cmpfloat (fabs (registration->transform.scale - 1), <, 0.005);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (isc_test_get_widget (view,
                                                   GTK_TYPE_LABEL, "status"))), "Refined"));
  gtk_window_destroy (window);
}

/* "From Outline": an image of the whole needle, no landmarks; the map lands where the image was
 * made to put it. */
static void
test_outline (void)
{
  const gsize n = 40000, size = 300;
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (n);
  g_autoptr(IscImage) image = isc_image_new (size, size, 1, ISC_IMAGE_DTYPE_F32, NULL);
  g_autofree float *x = NULL, *y = NULL, *z = NULL, *pixels = NULL;
  GtkWidget *view = isc_register_view_new ();
  GtkWidget *outline_button;
  const IscSiteRegistration *registration;
  GtkWindow *window;
  IscRegistration truth;

  needle_scene_points (n, 9, &x, &y, &z);
  memcpy (cloud->x, x, n * sizeof (float));
  memcpy (cloud->y, y, n * sizeof (float));
  memcpy (cloud->z, z, n * sizeof (float));
  for (gsize i = 0; i < n; i++)
    cloud->mq[i] = 27;
  isc_ion_cloud_update_bounds (cloud);
  /* the apex at (60, 90) px, the shank running to the lower right */
  isc_registration_init (&truth, needle_side_view, PIXEL_NM, 110, 1.0, 60, 90);
  pixels = needle_scene_image (&truth, size, 2);
  memcpy (image->pixels, pixels, size * size * sizeof (float));
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, PIXEL_NM, "nm", NULL);
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0, PIXEL_NM, "nm", NULL);

  window = isc_test_show_in_window (view, 600, 500);
  isc_register_view_set_data (ISC_REGISTER_VIEW (view), cloud, NULL, image, NULL);
  outline_button = isc_test_get_widget (view, GTK_TYPE_BUTTON, "outline_button");
  g_assert_true (gtk_widget_get_sensitive (outline_button));
  g_assert_null (isc_register_view_get_registration (ISC_REGISTER_VIEW (view)));
  g_signal_emit_by_name (outline_button, "clicked");
  /* busy: one placement at a time */
  g_assert_false (gtk_widget_get_sensitive (outline_button));
  g_assert_true (isc_test_wait_for_signal (view, "registered", 60));
  registration = isc_register_view_get_registration (ISC_REGISTER_VIEW (view));
  g_assert_nonnull (registration);
  g_test_message ("outline %.3f°, scale %.4f, shift %.1f, %.1f px",
                  registration->transform.rotation_deg, registration->transform.scale,
                  registration->transform.translation_px[0],
                  registration->transform.translation_px[1]);
  g_assert_cmpfloat (fabs (remainder (registration->transform.rotation_deg - 110, 360)), <, 0.5);
  g_assert_cmpfloat (fabs (registration->transform.scale - 1), <, 0.015);
  g_assert_cmpfloat (hypot (registration->transform.translation_px[0] - 60,
                            registration->transform.translation_px[1] - 90), <, 2);
  g_assert_cmpfloat (registration->transform.view[1], ==, 1.0);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (isc_test_get_widget (view,
                                                   GTK_TYPE_LABEL, "status"))), "outline"));
  g_assert_true (gtk_widget_get_sensitive (outline_button));
  gtk_window_destroy (window);
}

static void
test_uncalibrated (void)
{
  g_autoptr(IscIonCloud) cloud = make_cloud ();
  g_autoptr(IscImage) image = NULL;
  GtkWidget *view = isc_register_view_new ();
  GtkWindow *window;
  IscRegistration truth;

  isc_registration_init (&truth, NULL, PIXEL_NM, 0, 1.0, 120, 120);
  image = make_image (cloud, &truth, FALSE);
  window = isc_test_show_in_window (view, 500, 400);
  isc_register_view_set_data (ISC_REGISTER_VIEW (view), cloud, NULL, image, NULL);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (isc_test_get_widget (view,
                                                   GTK_TYPE_LABEL, "status"))), "calibrat"));
  g_assert_false (gtk_widget_get_sensitive (isc_test_get_widget (view, GTK_TYPE_BUTTON,
                                                                 "fit_button")));
  g_assert_false (isc_register_view_fit (ISC_REGISTER_VIEW (view)));
  gtk_window_destroy (window);
}

static void
page_registered_cb (IscSitePage               *page,
                    const char                *condition,
                    const char                *label,
                    const IscSiteRegistration *registration,
                    gpointer                   data)
{
  char **where = data;

  *where = g_strdup_printf ("%s/%s %.3f", condition, label, registration->transform.rotation_deg);
}

/* The site page's Register toggle shows the site's stored registration on its registered image
 * (not the site's first image), and a new fit comes out as "registered" with the site's names. */
static void
test_site_page (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *registered_path = g_build_filename (dir, "needle.tif", NULL);
  g_autofree char *first_path = g_build_filename (dir, "haadf.tif", NULL);
  g_autofree char *where = NULL;
  g_autoptr(IscIonCloud) cloud = make_cloud ();
  g_autoptr(IscImage) registered_image = NULL;
  g_autoptr(IscImage) small = isc_image_new (32, 32, 1, ISC_IMAGE_DTYPE_F32, NULL);
  g_autoptr(IscProject) project = isc_project_new ();
  IscSite *site = isc_condition_add_site (isc_project_add_condition (project, "300 cycles", 300),
                                          "R2", 100, "");
  IscSiteRegistration *registration = isc_site_registration_new (registered_path);
  GtkWidget *page = isc_site_page_new ();
  GtkWidget *toggle, *stack, *view;
  GtkWindow *window;
  IscRegistration truth;
  const char *title = "300 cycles · R2";

  isc_registration_init (&truth, NULL, PIXEL_NM, -12, 1.0, 120, 120);
  registered_image = make_image (cloud, &truth, TRUE);
  g_assert_true (isc_image_write_tiff (registered_image, registered_path, NULL));
  isc_image_set_axis (small, ISC_IMAGE_AXIS_X, 0, 0.01, "nm", NULL);
  isc_site_add_dataset (site, ISC_DATASET_STEM, first_path);
  registration->transform = truth;
  isc_site_set_registration (site, registration);

  g_signal_connect (page, "registered", G_CALLBACK (page_registered_cb), &where);
  window = isc_test_show_in_window (page, 900, 650);
  isc_site_page_prepare_registration (ISC_SITE_PAGE (page), title, site);
  isc_site_page_set_site (ISC_SITE_PAGE (page), title, isc_ion_cloud_ref (cloud), NULL,
                          isc_image_ref (small));
  toggle = isc_test_get_widget (page, GTK_TYPE_TOGGLE_BUTTON, "register_toggle");
  stack = isc_test_get_widget (page, GTK_TYPE_STACK, "view_stack");
  view = isc_test_get_widget (page, ISC_TYPE_REGISTER_VIEW, "register_view");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "views");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "register");
  g_assert_nonnull (isc_register_view_get_registration (ISC_REGISTER_VIEW (view)));
  g_assert_cmpfloat_with_epsilon (isc_register_view_get_registration (
                                    ISC_REGISTER_VIEW (view))->transform.rotation_deg, -12, 1e-9);
  /* Landmarks on the registered (240 px) image, so a fit needs its calibration: it would fail
   * on the 32-px first image of 0.01 nm. */
  for (guint b = 0; b < 3; b++)
    {
      double px[2];

      isc_registration_apply (&truth, blob[b], px);
      isc_register_view_add_landmark (ISC_REGISTER_VIEW (view), blob[b], px);
    }
  g_assert_true (isc_register_view_fit (ISC_REGISTER_VIEW (view)));
  g_assert_cmpstr (where, ==, "300 cycles/R2 -12.000");
  {
    int w, h;

    g_free (isc_test_snapshot (page, &w, &h, "site-page-register.png"));
  }
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/register-view/fit-overlay-profile", test_fit_overlay_profile);
  g_test_add_func ("/register-view/refine", test_refine);
  g_test_add_func ("/register-view/outline", test_outline);
  g_test_add_func ("/register-view/uncalibrated", test_uncalibrated);
  g_test_add_func ("/register-view/site-page", test_site_page);
  return g_test_run ();
}
