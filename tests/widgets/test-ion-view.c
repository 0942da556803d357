/* test-ion-view.c: the 3-D ion map under Xvfb: realize, render, screenshot through
 * GtkWidgetPaintable, pixels at the projected species positions; actions, visibility, level
 * of detail status and the no-OpenGL message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ion-view.h"
#include "ion-view-private.h"
#include "point-renderer.h"
#include "test-gtk-util.h"
#include "test-util.h"

#define W 400
#define H 300

typedef struct
{
  guint  species;
  double pos[3];
  GdkRGBA color;
} Site;

static const Site sites[] = {
  { 0, { -20, 0, 0 }, { 0.8f, 0.1f, 0.1f, 1 } },
  { 1, { 20, 0, 0 }, { 0.1f, 0.7f, 0.2f, 1 } },
  { 2, { 0, 0, 20 }, { 0.1f, 0.2f, 0.9f, 1 } },
};

static IscIonCloud *
make_cloud (gsize extra)
{
  IscIonCloud *cloud = isc_ion_cloud_new (G_N_ELEMENTS (sites) * 5 + extra);
  gsize k = 0;

  cloud->ion_type = g_new (guint8, cloud->n_ions);
  for (guint s = 0; s < G_N_ELEMENTS (sites); s++)
    for (int j = 0; j < 5; j++, k++)
      {
        cloud->x[k] = sites[s].pos[0];
        cloud->y[k] = sites[s].pos[1];
        cloud->z[k] = sites[s].pos[2];
        cloud->ion_type[k] = sites[s].species;
      }
  /* Extra ions: a faint spread of species 3 far behind, for level-of-detail counts. */
  for (; k < cloud->n_ions; k++)
    {
      cloud->x[k] = (float) ((k * 7919) % 600) / 10.0f - 30.0f;
      cloud->y[k] = 29.0f;
      cloud->z[k] = (float) ((k * 104729) % 600) / 10.0f - 30.0f;
      cloud->ion_type[k] = 3;
    }
  for (gsize i = 0; i < cloud->n_ions; i++)
    cloud->mq[i] = 10.0f;
  for (int i = 0; i < 3; i++)
    {
      cloud->bounds_min[i] = -30;
      cloud->bounds_max[i] = 30;
    }
  return cloud;
}

typedef struct
{
  GtkWidget   *window;
  IscIonView  *view;
  IscIonCloud *cloud;
} Fixture;

static gboolean
prepared (gpointer view)
{
  return !isc_ion_view_get_loading (view);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  gsize extra = GPOINTER_TO_SIZE (data);

  f->cloud = make_cloud (extra);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), W, H);
  f->view = ISC_ION_VIEW (isc_ion_view_new ());
  g_object_set (f->view, "show-overlay", FALSE, NULL);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  isc_ion_view_set_cloud (f->view, f->cloud, NULL);
  for (guint s = 0; s < G_N_ELEMENTS (sites); s++)
    {
      double rgb[3] = { sites[s].color.red, sites[s].color.green, sites[s].color.blue };

      isc_ion_view_set_species_color (f->view, sites[s].species, rgb);
      isc_ion_view_set_species_size (f->view, sites[s].species, 9);
    }
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (f->window);
  /* The cloud is prepared on a worker thread; wait for it. */
  g_assert_true (isc_test_wait_until (prepared, f->view, 60));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_pointer (&f->cloud, isc_ion_cloud_unref);
}

/* A real screenshot through the cairo GSK renderer (see isc_test_snapshot_cairo). */
static guint32 *
screenshot (GtkWidget *widget,
            int       *width,
            int       *height)
{
  return isc_test_snapshot_cairo (widget, width, height, NULL);
}

static gboolean
near (guint32        p,
      const GdkRGBA *c,
      int            tolerance)
{
  int rgb[3] = { (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff };
  double want[3] = { c->red, c->green, c->blue };

  for (int i = 0; i < 3; i++)
    if (abs (rgb[i] - (int) lround (want[i] * 255)) > tolerance)
      return FALSE;
  return TRUE;
}

static guint32
pixel_at (Fixture       *f,
          const guint32 *pixels,
          int            width,
          const double   pos[3])
{
  double px, py;

  g_assert_true (isc_camera_project (isc_ion_view_get_camera (f->view), pos, &px, &py, NULL));
  return pixels[(int) floor (py) * width + (int) floor (px)];
}

static const GdkRGBA white = { 1, 1, 1, 1 };

static gboolean
require_gl (Fixture *f)
{
  if (!isc_ion_view_get_gl_available (f->view))
    {
      g_test_skip ("no OpenGL context could be made for the view");
      return FALSE;
    }
  return TRUE;
}

static void
test_render_species (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree guint32 *pixels = NULL;
  int w, h;

  if (!require_gl (f))
    return;

  pixels = screenshot (GTK_WIDGET (f->view), &w, &h);
  g_assert_cmpint (w, ==, W);
  g_assert_cmpint (h, ==, H);
  g_assert_cmpint (isc_ion_view_get_camera (f->view)->width, ==, W);
  for (guint s = 0; s < G_N_ELEMENTS (sites); s++)
    g_assert_true (near (pixel_at (f, pixels, w, sites[s].pos), &sites[s].color, 5));
  /* Background between them. */
  g_assert_true (near (pixels[(H / 2 + 40) * w + W / 2], &white, 0));
  g_assert_cmpstr (isc_ion_view_get_status (f->view), ==, "");
}

static void
test_visibility_applies_at_once (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree guint32 *pixels = NULL;
  static const GdkRGBA orange = { 0.9, 0.6, 0.0, 1 };
  static const double orange_rgb[3] = { 0.9, 0.6, 0.0 };
  int w, h;

  if (!require_gl (f))
    return;

  isc_ion_view_set_species_visible (f->view, 1, FALSE);
  isc_ion_view_set_species_color (f->view, 0, orange_rgb);
  pixels = screenshot (GTK_WIDGET (f->view), &w, &h);
  g_assert_true (near (pixel_at (f, pixels, w, sites[1].pos), &white, 0));
  g_assert_true (near (pixel_at (f, pixels, w, sites[0].pos), &orange, 5));
  g_assert_true (near (pixel_at (f, pixels, w, sites[2].pos), &sites[2].color, 5));
}

static void
test_new_cloud (Fixture       *f,
                gconstpointer  data)
{
  g_autofree guint32 *pixels = NULL;
  g_autoptr(IscIonCloud) moved = make_cloud (0);
  double old_pos[3] = { -20, 0, 0 }, new_pos[3] = { -20, 0, 15 };
  int w, h;

  if (!require_gl (f))
    return;

  /* The red site moves up by 15 nm; the view prepares the new cloud off the main thread. */
  for (gsize i = 0; i < moved->n_ions; i++)
    if (moved->ion_type[i] == 0)
      moved->z[i] = 15;
  isc_ion_view_set_cloud (f->view, moved, NULL);
  g_assert_true (isc_ion_view_get_loading (f->view));
  g_assert_true (isc_test_wait_for_notify (f->view, "loading", 60));
  g_assert_false (isc_ion_view_get_loading (f->view));
  g_assert_cmpstr (isc_ion_view_get_status (f->view), ==, "");

  pixels = screenshot (GTK_WIDGET (f->view), &w, &h);
  g_assert_true (near (pixel_at (f, pixels, w, new_pos), &sites[0].color, 5));
  g_assert_true (near (pixel_at (f, pixels, w, old_pos), &white, 0));
}

static void
test_actions (Fixture       *f,
              gconstpointer  data)
{
  g_autofree guint32 *pixels = NULL;
  IscCamera *camera = isc_ion_view_get_camera (f->view);
  double dir[3], nm_before;
  static const double centre[3] = { 0, 0, 0 };
  double px, py;
  int w, h;

  if (!require_gl (f))
    return;

  /* "6": look down along −z; the blue site at z = 20 is nearest, on the centre. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "ion-view.view-axis", "s", "-z"));
  isc_camera_get_view_direction (camera, dir);
  g_assert_cmpfloat_with_epsilon (dir[2], -1.0, 1e-9);
  pixels = screenshot (GTK_WIDGET (f->view), &w, &h);
  g_assert_true (near (pixels[(H / 2) * w + W / 2], &sites[2].color, 5));
  /* x to the right: red (x = −20) left of the centre. */
  g_assert_true (isc_camera_project (camera, sites[0].pos, &px, &py, NULL));
  g_assert_cmpfloat (px, <, W / 2.0 - 20);
  g_assert_true (near (pixel_at (f, pixels, w, sites[0].pos), &sites[0].color, 5));

  nm_before = isc_camera_get_nm_per_pixel (camera);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "ion-view.zoom", "d", 0.5));
  g_assert_cmpfloat_with_epsilon (isc_camera_get_nm_per_pixel (camera), nm_before / 2, 1e-12);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "ion-view.reset", NULL));
  isc_camera_get_view_direction (camera, dir);
  g_assert_cmpfloat_with_epsilon (dir[1], 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (isc_camera_get_nm_per_pixel (camera), nm_before, 1e-12);
  g_assert_true (isc_camera_project (camera, centre, &px, &py, NULL));
  g_assert_cmpfloat_with_epsilon (px, W / 2.0, 1e-6);

  /* An invalid axis name is refused without changing the view. */
  g_test_expect_message ("isc-ion-view", G_LOG_LEVEL_WARNING, "*unknown axis*");
  gtk_widget_activate_action (GTK_WIDGET (f->view), "ion-view.view-axis", "s", "sideways");
  g_test_assert_expected_messages ();
  isc_camera_get_view_direction (camera, dir);
  g_assert_cmpfloat_with_epsilon (dir[1], 1.0, 1e-9);
}

static void
test_rois (Fixture       *f,
           gconstpointer  data)
{
  g_autofree guint32 *pixels = NULL;
  IscRoi roi = { .kind = ISC_ROI_CYLINDER, .center = { 0, 0, 0 }, .axis = { 0, 0, 1 },
                 .radius = 12, .length = 40 };
  static const float color[1][4] = { { 1, 0, 1, 1 } };
  static const GdkRGBA magenta = { 1, 0, 1, 1 };
  double on[3] = { 12, 0, 5 };
  double px, py;
  gboolean found = FALSE;
  int w, h;

  if (!require_gl (f))
    return;

  isc_camera_set_projection (isc_ion_view_get_camera (f->view), ISC_PROJECTION_ORTHOGRAPHIC);
  isc_ion_view_set_rois (f->view, &roi, color, 1);
  pixels = screenshot (GTK_WIDGET (f->view), &w, &h);
  g_assert_true (isc_camera_project (isc_ion_view_get_camera (f->view), on, &px, &py, NULL));
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      found |= near (pixels[((int) py + dy) * w + (int) px + dx], &magenta, 10);
  g_assert_true (found);
}

static void
count_cb (IscIonView *view,
          guint      *count)
{
  (*count)++;
}

static void
test_add_cylinder (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree guint32 *pixels = NULL;
  static const GdkRGBA magenta = { 0.85, 0.1, 0.75, 1 };
  IscCamera *camera = isc_ion_view_get_camera (f->view);
  const IscRoi *rois;
  guint n = 0, changed = 0;
  double side[3], px, py;
  gboolean found = FALSE;
  int w, h;

  if (!require_gl (f))
    return;

  g_signal_connect (f->view, "rois-changed", G_CALLBACK (count_cb), &changed);
  isc_camera_set_projection (camera, ISC_PROJECTION_ORTHOGRAPHIC);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "ion-view.add-cylinder", "s", "z"));
  rois = isc_ion_view_get_rois (f->view, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (rois[0].kind, ==, ISC_ROI_CYLINDER);
  g_assert_cmpfloat (rois[0].axis[2], ==, 1.0);
  /* Through the view's centre (the scene centre after reset), a fifth of the scene radius
   * (√3 × 30 nm for the ±30 nm box) wide. */
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat_with_epsilon (rois[0].center[i], 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rois[0].radius, 0.2 * sqrt (3.0) * 30, 1e-6);
  /* Along z it spans the data's depth, −30…30 nm. */
  g_assert_cmpfloat_with_epsilon (rois[0].length, 60.0, 1e-6);

  /* Its side line at x = +radius shows in the side view. */
  side[0] = rois[0].radius;
  side[1] = 0;
  side[2] = 10;
  pixels = screenshot (GTK_WIDGET (f->view), &w, &h);
  g_assert_true (isc_camera_project (camera, side, &px, &py, NULL));
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      found |= near (pixels[((int) py + dy) * w + (int) px + dx], &magenta, 10);
  g_assert_true (found);

  /* Along the line of sight: after looking along +x the new cylinder's axis is +x. */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "ion-view.view-axis", "s", "+x");
  gtk_widget_activate_action (GTK_WIDGET (f->view), "ion-view.add-cylinder", "s", "view");
  rois = isc_ion_view_get_rois (f->view, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpfloat_with_epsilon (rois[1].axis[0], 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rois[1].length, 2 * sqrt (3.0) * 30, 1e-6);
  g_assert_cmpfloat (rois[0].axis[2], ==, 1.0);
}

static void
test_level_of_detail_status (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree guint32 *pixels = NULL;
  int w, h;
  const char *status;

  if (!require_gl (f))
    return;

  /* 300 015 ions and an interaction that stays "recent" for a minute: the first interactive
   * frame draws at most the initial budget of 200 000 ions and says so. */
  g_object_set (f->view, "idle-ms", 60000, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "ion-view.orbit", "(dd)",
                                             0.0, 0.0));
  pixels = screenshot (GTK_WIDGET (f->view), &w, &h);
  /* The status label is updated from an idle after the frame. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  status = isc_ion_view_get_status (f->view);
  g_assert_true (g_str_has_prefix (status, "showing "));
  g_assert_true (g_str_has_suffix (status, " of 300015 ions"));
  {
    guint64 shown = g_ascii_strtoull (status + strlen ("showing "), NULL, 10);

    g_assert_cmpuint (shown, >=, ISC_POINT_RENDERER_MIN_LOD_BUDGET);
    g_assert_cmpuint (shown, <=, 200000);
  }
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "view.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;

  if (!require_gl (f))
    return;

  /* Exporting while a new cloud is still being prepared does the work at once. */
  isc_ion_view_set_cloud (f->view, f->cloud, NULL);
  g_assert_true (isc_ion_view_get_loading (f->view));
  g_assert_true (isc_ion_view_export_png (f->view, path, 640, 123, TRUE, TRUE, &error));
  g_assert_no_error (error);
  g_assert_false (isc_ion_view_get_loading (f->view));
  g_assert_cmpstr (isc_ion_view_get_status (f->view), ==, "");
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 640);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 123);
}

static guint64
drawn_ions (IscIonView *view)
{
  guint64 n = 0;

  g_object_get (view, "drawn-ions", &n, NULL);
  return n;
}

typedef struct
{
  IscIonView *view;
  guint64     n;
} DrawnTarget;

static gboolean
all_drawn (gpointer data)
{
  DrawnTarget *target = data;

  return drawn_ions (target->view) == target->n && !isc_ion_view_get_loading (target->view);
}

typedef struct
{
  GArray   *drawn;      /* guint64 per notification */
  gboolean  refining;   /* some status said so */
  gboolean  loading_at_first;
} Progress;

static void
drawn_cb (IscIonView *view,
          GParamSpec *pspec,
          Progress   *progress)
{
  guint64 n = drawn_ions (view);

  if (progress->drawn->len == 0)
    progress->loading_at_first = isc_ion_view_get_loading (view);
  g_array_append_val (progress->drawn, n);
}

static void
status_cb (IscIonView *view,
           GParamSpec *pspec,
           Progress   *progress)
{
  const char *status = isc_ion_view_get_status (view);

  if (g_str_has_prefix (status, "Showing ") && g_str_has_suffix (status, " % of ions — refining"))
    progress->refining = TRUE;
}

/* A view without its overlay, alone in a W × H window. */
static IscIonView *
view_in_window (GtkWidget **window)
{
  IscIonView *view = ISC_ION_VIEW (isc_ion_view_new ());

  *window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (*window), W, H);
  g_object_set (view, "show-overlay", FALSE, NULL);
  gtk_window_set_child (GTK_WINDOW (*window), GTK_WIDGET (view));
  return view;
}

/* Shows the window; without OpenGL skips the test and destroys it (FALSE). */
static gboolean
present_with_gl (GtkWidget  *window,
                 IscIonView *view)
{
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  if (isc_ion_view_get_gl_available (view))
    return TRUE;
  g_test_skip ("no OpenGL context could be made for the view");
  gtk_window_destroy (GTK_WINDOW (window));
  return FALSE;
}

/* A cloud of 1.2 M ions: a picture comes at once from a sample, before all ions are on the
 * GPU, and grows over frames until it holds every ion; the status says so meanwhile. */
static void
test_progressive_refinement (void)
{
  g_autoptr(IscIonCloud) cloud = make_cloud (1200000);
  GtkWidget *window;
  IscIonView *view = view_in_window (&window);
  Progress progress = { g_array_new (FALSE, FALSE, sizeof (guint64)) };
  DrawnTarget target = { view, cloud->n_ions };
  guint64 first;

  g_signal_connect (view, "notify::drawn-ions", G_CALLBACK (drawn_cb), &progress);
  g_signal_connect (view, "notify::status", G_CALLBACK (status_cb), &progress);
  isc_ion_view_set_cloud (view, cloud, NULL);
  if (!present_with_gl (window, view))
    {
      g_array_unref (progress.drawn);
      return;
    }
  g_assert_true (isc_test_wait_until (all_drawn, &target, 120));
  /* let the last status land */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpuint (progress.drawn->len, >=, 3);
  first = g_array_index (progress.drawn, guint64, 0);
  g_test_message ("first picture: %" G_GUINT64_FORMAT " ions%s; %u steps to %" G_GUINT64_FORMAT,
                  first, progress.loading_at_first ? " (all ions still being prepared)" : "",
                  progress.drawn->len, cloud->n_ions);
  /* The first picture is a part of the cloud: at most the 300 000-ion sample. */
  g_assert_cmpuint (first, >, 0);
  g_assert_cmpuint (first, <=, 300004);
  /* It rises over several frames to every ion, and says so while it does. */
  for (guint i = 0; i + 1 < progress.drawn->len; i++)
    g_assert_cmpuint (g_array_index (progress.drawn, guint64, i), <, cloud->n_ions);
  g_assert_cmpuint (g_array_index (progress.drawn, guint64, progress.drawn->len - 1), ==,
                    cloud->n_ions);
  g_assert_true (progress.refining);
  g_assert_cmpstr (isc_ion_view_get_status (view), ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (progress.drawn);
}

/* A cloud larger than the view draws (IONSCAPE_VIEW_MAX_IONS): the first picture, then an even
 * sample of the most the view draws, and no further preparation; the status says what share
 * of the cloud's ions the picture holds. */
static void
test_capped_detail (void)
{
  g_autoptr(IscIonCloud) cloud = make_cloud (1200000);
  GtkWidget *window;
  IscIonView *view = view_in_window (&window);
  DrawnTarget target = { view, 499968 };   /* 500 000 / 64 = 7812 runs of 64 ions */
  gint64 until;

  g_setenv ("IONSCAPE_VIEW_MAX_IONS", "500000", TRUE);
  isc_ion_view_set_cloud (view, cloud, NULL);
  if (!present_with_gl (window, view))
    {
      g_unsetenv ("IONSCAPE_VIEW_MAX_IONS");
      return;
    }
  g_assert_true (isc_test_wait_until (all_drawn, &target, 120));
  /* half a second more: nothing is prepared again, and the count stays */
  until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (isc_ion_view_get_loading (view));
  g_assert_cmpuint (drawn_ions (view), ==, 499968);
  /* 499 968 of 1 200 015 ions: 41.7 % */
  g_assert_cmpstr (isc_ion_view_get_status (view), ==, "a 41 % sample of the ions");

  gtk_window_destroy (GTK_WINDOW (window));
  g_unsetenv ("IONSCAPE_VIEW_MAX_IONS");
}

static guint64
status_shown (IscIonView *view)
{
  const char *status;

  while (g_main_context_iteration (NULL, FALSE))
    ;
  status = isc_ion_view_get_status (view);
  if (status[0] == '\0')
    return drawn_ions (view);
  g_assert_true (g_str_has_prefix (status, "showing "));
  g_assert_true (g_str_has_suffix (status, " of 300015 ions"));
  return g_ascii_strtoull (status + strlen ("showing "), NULL, 10);
}

/* While turning, frames that take long shrink the subsample at once; fast ones let it grow. */
static void
test_lod_follows_frame_time (Fixture       *f,
                             gconstpointer  data)
{
  guint64 fast, slow, shown;

  if (!require_gl (f))
    return;

  g_object_set (f->view, "idle-ms", 60000, NULL);
  _isc_ion_view_force_frame_time (f->view, 1.0);
  for (int i = 0; i < 6; i++)
    {
      g_autofree guint32 *pixels = NULL;
      int w, h;

      gtk_widget_activate_action (GTK_WIDGET (f->view), "ion-view.orbit", "(dd)", 1.0, 0.0);
      pixels = screenshot (GTK_WIDGET (f->view), &w, &h);
    }
  fast = _isc_ion_view_get_lod_budget (f->view);
  g_assert_cmpuint (fast, >, 300015);
  g_assert_cmpuint (status_shown (f->view), ==, 300015);

  /* 250 ms for every ion: the next frame fits the 25 ms budget, a tenth of them. */
  _isc_ion_view_force_frame_time (f->view, 250.0);
  for (int i = 0; i < 2; i++)
    {
      g_autofree guint32 *pixels = NULL;
      int w, h;

      gtk_widget_activate_action (GTK_WIDGET (f->view), "ion-view.orbit", "(dd)", 1.0, 0.0);
      pixels = screenshot (GTK_WIDGET (f->view), &w, &h);
    }
  slow = _isc_ion_view_get_lod_budget (f->view);
  shown = status_shown (f->view);
  g_test_message ("budget %" G_GUINT64_FORMAT " at 1 ms, %" G_GUINT64_FORMAT " at 250 ms", fast,
                  slow);
  g_assert_cmpuint (slow, <, 300015 / 5);
  g_assert_cmpuint (slow, >=, ISC_POINT_RENDERER_MIN_LOD_BUDGET);
  g_assert_cmpuint (shown, <, 300015 / 5);
  g_assert_cmpuint (shown, >=, ISC_POINT_RENDERER_MIN_LOD_BUDGET);
}

static void
turn (Fixture *f)
{
  g_autofree guint32 *pixels = NULL;
  int w, h;

  gtk_widget_activate_action (GTK_WIDGET (f->view), "ion-view.orbit", "(dd)", 1.0, 0.0);
  pixels = screenshot (GTK_WIDGET (f->view), &w, &h);
}

/* The window's own part of a frame counts: 12 ms of drawing fits the budget alone, not
 * beside 20 ms of compositing, so the subsample shrinks — and no frame draws more ions than
 * its budget. Once input stops, the picture refines to every ion. */
static void
test_lod_window_overhead (Fixture       *f,
                          gconstpointer  data)
{
  DrawnTarget target = { f->view, 300015 };
  guint64 budget, shown, total, alone;

  if (!require_gl (f))
    return;

  g_object_set (f->view, "idle-ms", 60000, NULL);
  _isc_ion_view_force_frame_time (f->view, 12.0);
  /* 12 ms whatever the ions: the budget grows frame by frame until every ion is drawn */
  shown = 0;
  for (int i = 0; i < 25 && shown < 300015; i++)
    {
      turn (f);
      total = _isc_ion_view_get_counts (f->view, &shown, &budget);
      g_assert_cmpuint (total, ==, 300015);
      g_assert_cmpuint (shown, <=, budget);
    }
  g_assert_cmpuint (shown, ==, 300015);
  alone = _isc_ion_view_get_lod_budget (f->view);
  g_assert_cmpuint (alone, >=, 300000);

  _isc_ion_view_force_frame_overhead (f->view, 20.0);
  for (int i = 0; i < 3; i++)
    {
      turn (f);
      _isc_ion_view_get_counts (f->view, &shown, &budget);
      g_assert_cmpuint (shown, <=, budget);
      g_assert_cmpuint (budget, <, G_MAXUINT64);
    }
  budget = _isc_ion_view_get_lod_budget (f->view);
  g_test_message ("budget %" G_GUINT64_FORMAT " alone, %" G_GUINT64_FORMAT " beside 20 ms",
                  alone, budget);
  g_assert_cmpuint (budget, <, 300015 / 2);
  g_assert_cmpuint (budget, >=, ISC_POINT_RENDERER_MIN_LOD_BUDGET);

  /* input stops: frames measure themselves again and the picture grows to every ion */
  _isc_ion_view_force_frame_time (f->view, -1.0);
  _isc_ion_view_force_frame_overhead (f->view, 0.0);
  g_object_set (f->view, "idle-ms", 10, NULL);
  turn (f);
  g_assert_true (isc_test_wait_until (all_drawn, &target, 60));
  _isc_ion_view_get_counts (f->view, &shown, &budget);
  g_assert_cmpuint (shown, ==, 300015);
  g_assert_cmpuint (budget, ==, G_MAXUINT64);
}

/* The picture refined over frames on screen is the one a full draw gives: the export (one
 * full draw), outside the corner where the export adds axis labels; and the export of the
 * refined view equals the export made before any frame. */
static void
test_refined_equals_export (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *before_path = g_build_filename (dir, "before.png", NULL);
  g_autofree char *after_path = g_build_filename (dir, "after.png", NULL);
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) after = NULL;
  g_autofree guint32 *before_px = g_new (guint32, W * H);
  g_autofree guint32 *after_px = g_new (guint32, W * H);
  g_autofree guint32 *screen = NULL;
  DrawnTarget target = { f->view, f->cloud->n_ions };
  guint differ = 0, compared = 0;
  int w, h;

  if (!require_gl (f))
    return;

  /* A new cloud exported at once is drawn in one go, as before. */
  isc_ion_view_set_cloud (f->view, f->cloud, NULL);
  g_assert_true (isc_ion_view_export_png (f->view, before_path, W, H, FALSE, FALSE, &error));
  g_assert_no_error (error);

  /* Turn it so the refinement starts over, and let it finish. */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "ion-view.orbit", "(dd)", 0.0, 0.0);
  g_object_set (f->view, "idle-ms", 1, NULL);
  g_assert_true (isc_test_wait_until (all_drawn, &target, 60));
  screen = screenshot (GTK_WIDGET (f->view), &w, &h);
  g_assert_true (isc_ion_view_export_png (f->view, after_path, W, H, FALSE, FALSE, &error));
  g_assert_no_error (error);

  before = gdk_texture_new_from_filename (before_path, &error);
  g_assert_no_error (error);
  after = gdk_texture_new_from_filename (after_path, &error);
  g_assert_no_error (error);
  gdk_texture_download (before, (guchar *) before_px, W * 4);
  gdk_texture_download (after, (guchar *) after_px, W * 4);
  g_assert_cmpmem (before_px, W * H * 4, after_px, W * H * 4);

  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        guint32 a = screen[y * w + x], b = after_px[y * W + x];

        if (x < 110 && y > H - 110)
          continue;   /* triad and its labels */
        compared++;
        for (int c = 0; c < 24; c += 8)
          if (abs ((int) ((a >> c) & 0xff) - (int) ((b >> c) & 0xff)) > 3)
            {
              differ++;
              break;
            }
      }
  g_test_message ("%u of %u pixels differ", differ, compared);
  g_assert_cmpuint (differ, <=, compared / 1000);
  /* and the picture is not empty: the sites are there */
  for (guint s = 0; s < G_N_ELEMENTS (sites); s++)
    g_assert_true (near (pixel_at (f, screen, w, sites[s].pos), &sites[s].color, 5));
}

/* Destroying the window while a large cloud is prepared off the main thread finalizes the
 * view at once: the worker holds its own reference to the cloud and nobody waits for it. */
static void
test_dispose_while_busy (void)
{
  g_autoptr(IscIonCloud) cloud = make_cloud (4000000);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = isc_ion_view_new ();
  gint64 start;

  gtk_window_set_default_size (GTK_WINDOW (window), W, H);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  /* Before the view is realized, so the preparation starts with or without OpenGL. */
  isc_ion_view_set_cloud (ISC_ION_VIEW (widget), cloud, NULL);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  g_assert_true (isc_ion_view_get_loading (ISC_ION_VIEW (widget)));
  g_object_ref (widget);
  start = g_get_monotonic_time ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (widget);
  g_test_message ("destroyed in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
}

/* The primary button rotates, the middle and secondary ones pan: one drag gesture each. */
static void
test_drag_buttons (void)
{
  GtkWidget *view = g_object_ref_sink (isc_ion_view_new ());
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (view);
  guint buttons = 0;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (c))
        {
          guint button = gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (c));

          g_assert_false (buttons & (1u << button));
          buttons |= 1u << button;
        }
    }
  g_assert_cmphex (buttons, ==, (1u << GDK_BUTTON_PRIMARY) | (1u << GDK_BUTTON_MIDDLE)
                                | (1u << GDK_BUTTON_SECONDARY));
  g_clear_object (&controllers);
  g_object_unref (view);
}

static void
test_no_gl_message_child (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = isc_ion_view_new ();
  GtkWidget *child;
  gboolean found = FALSE;

  gtk_window_set_default_size (GTK_WINDOW (window), W, H);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  g_assert_false (isc_ion_view_get_gl_available (ISC_ION_VIEW (view)));
  for (child = gtk_widget_get_first_child (view); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child)
        && strstr (gtk_label_get_text (GTK_LABEL (child)), "OpenGL") != NULL)
      found = TRUE;
  g_assert_true (found);
  {
    /* The message is really drawn: some text pixels differ from the first one. */
    int w, h, differ = 0;
    g_autofree guint32 *pixels = screenshot (view, &w, &h);

    for (int i = 0; i < w * h; i++)
      differ += pixels[i] != pixels[0];
    g_assert_cmpint (differ, >, 100);
  }
  /* The rest keeps working: actions and setters do not crash. */
  gtk_widget_activate_action (view, "ion-view.reset", NULL);
  isc_ion_view_set_species_visible (ISC_ION_VIEW (view), 0, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  printf ("no-gl-message-ok\n");
}

static void
test_no_gl_message (void)
{
  if (g_getenv ("ISC_TEST_NO_GL_CHILD") != NULL)
    {
      test_no_gl_message_child ();
      return;
    }
  /* GDK reads GDK_DEBUG at start-up, so the check runs in a fresh process. */
  g_setenv ("ISC_TEST_NO_GL_CHILD", "1", TRUE);
  g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("ISC_TEST_NO_GL_CHILD");
  g_unsetenv ("GDK_DEBUG");
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*no-gl-message-ok*");
}

int
main (int    argc,
      char **argv)
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;

  g_test_add ("/ion-view/render-species", Fixture, NULL, fixture_set_up,
              test_render_species, fixture_tear_down);
  g_test_add ("/ion-view/visibility", Fixture, NULL, fixture_set_up,
              test_visibility_applies_at_once, fixture_tear_down);
  g_test_add ("/ion-view/new-cloud", Fixture, NULL, fixture_set_up, test_new_cloud,
              fixture_tear_down);
  g_test_add ("/ion-view/actions", Fixture, NULL, fixture_set_up, test_actions,
              fixture_tear_down);
  g_test_add ("/ion-view/rois", Fixture, NULL, fixture_set_up, test_rois, fixture_tear_down);
  g_test_add ("/ion-view/add-cylinder", Fixture, NULL, fixture_set_up, test_add_cylinder,
              fixture_tear_down);
  g_test_add ("/ion-view/level-of-detail", Fixture, GSIZE_TO_POINTER (300000), fixture_set_up,
              test_level_of_detail_status, fixture_tear_down);
  g_test_add ("/ion-view/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add_func ("/ion-view/no-gl-message", test_no_gl_message);
  g_test_add_func ("/ion-view/progressive-refinement", test_progressive_refinement);
  g_test_add_func ("/ion-view/capped-detail", test_capped_detail);
  g_test_add ("/ion-view/lod-follows-frame-time", Fixture, GSIZE_TO_POINTER (300000),
              fixture_set_up, test_lod_follows_frame_time, fixture_tear_down);
  g_test_add ("/ion-view/lod-window-overhead", Fixture, GSIZE_TO_POINTER (300000),
              fixture_set_up, test_lod_window_overhead, fixture_tear_down);
  g_test_add ("/ion-view/refined-equals-export", Fixture, GSIZE_TO_POINTER (300000),
              fixture_set_up, test_refined_equals_export, fixture_tear_down);
  g_test_add_func ("/ion-view/dispose-while-busy", test_dispose_while_busy);
  g_test_add_func ("/ion-view/drag-buttons", test_drag_buttons);
  return g_test_run ();
}
