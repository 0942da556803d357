/* test-gl-render.c: offscreen renders of synthetic clouds with species at known positions,
 * checked pixel by pixel (headless EGL context; skips only when no GL exists at all).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <glib/gstdio.h>

#include "camera.h"
#include "gl-context-headless.h"
#include "gl-export.h"
#include "ion-overlay.h"
#include "isc-error.h"
#include "point-renderer.h"
#include "test-util.h"

#include <epoxy/gl.h>

#define W 240
#define H 180
#define PER_SITE 5

static IscGlHeadless *context;

typedef struct
{
  guint  species;
  double pos[3];
  float  rgb[3];
} Site;

/* Three ranged species and one unranged site, inside a ±30 nm box. */
static const Site sites[] = {
  { 0, { -20, 0, 0 }, { 0.8f, 0.1f, 0.1f } },
  { 1, { 20, 0, 0 }, { 0.1f, 0.7f, 0.2f } },
  { 2, { 0, 0, 20 }, { 0.1f, 0.2f, 0.9f } },
  { ISC_ION_UNRANGED, { 0, 0, -20 }, { 0.6f, 0.6f, 0.6f } },
};

static gboolean
need_gl (void)
{
  if (context == NULL)
    {
      g_test_skip ("no OpenGL context could be made");
      return FALSE;
    }
  return TRUE;
}

static IscIonCloud *
make_site_cloud (void)
{
  IscIonCloud *cloud = isc_ion_cloud_new (G_N_ELEMENTS (sites) * PER_SITE);
  gsize k = 0;

  cloud->ion_type = g_new (guint8, cloud->n_ions);
  for (guint s = 0; s < G_N_ELEMENTS (sites); s++)
    for (int j = 0; j < PER_SITE; j++, k++)
      {
        cloud->x[k] = sites[s].pos[0];
        cloud->y[k] = sites[s].pos[1];
        cloud->z[k] = sites[s].pos[2];
        cloud->mq[k] = 10.0f;
        cloud->ion_type[k] = sites[s].species;
      }
  for (int i = 0; i < 3; i++)
    {
      cloud->bounds_min[i] = -30;
      cloud->bounds_max[i] = 30;
    }
  return cloud;
}

static IscPointRenderer *
make_renderer (const IscIonCloud *cloud)
{
  g_autoptr(GError) error = NULL;
  IscPointRenderer *renderer = isc_point_renderer_new (&error);

  g_assert_no_error (error);
  g_assert_nonnull (renderer);
  g_assert_true (isc_point_renderer_set_cloud (renderer, cloud, &error));
  g_assert_no_error (error);
  isc_point_renderer_set_show_axes (renderer, FALSE);
  isc_point_renderer_set_show_box (renderer, FALSE);
  for (guint s = 0; s < G_N_ELEMENTS (sites); s++)
    {
      isc_point_renderer_set_species (renderer, sites[s].species, NULL, sites[s].rgb);
      isc_point_renderer_set_species_size (renderer, sites[s].species, 9.0f);
    }
  return renderer;
}

static IscCamera *
make_camera (int           w,
             int           h,
             IscProjection projection)
{
  static const float min[3] = { -30, -30, -30 }, max[3] = { 30, 30, 30 };
  IscCamera *camera = isc_camera_new ();

  isc_camera_set_viewport (camera, w, h);
  isc_camera_set_scene_bounds (camera, min, max);
  isc_camera_set_projection (camera, projection);
  return camera;
}

static cairo_surface_t *
render (IscPointRenderer *renderer,
        IscCamera        *camera,
        gboolean          legend,
        gboolean          scale_bar)
{
  g_autoptr(GError) error = NULL;
  IscGlExportOptions options = { camera->width, camera->height, legend, scale_bar };
  cairo_surface_t *surface = isc_gl_export_render (renderer, camera, &options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (surface);
  return surface;
}

static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  return *(const guint32 *) (data + (gsize) y * stride + 4 * x) & 0xffffff;
}

static gboolean
color_near (guint32      p,
            const float  rgb[3],
            int          tolerance)
{
  int c[3] = { (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff };

  for (int i = 0; i < 3; i++)
    if (abs (c[i] - (int) lround (rgb[i] * 255.0)) > tolerance)
      return FALSE;
  return TRUE;
}

static void
project_pixel (IscCamera    *camera,
               const double  pos[3],
               int          *x,
               int          *y)
{
  double px, py;

  g_assert_true (isc_camera_project (camera, pos, &px, &py, NULL));
  *x = (int) floor (px);
  *y = (int) floor (py);
}

/* Whether any pixel within @radius of (x, y) is near @rgb. */
static gboolean
color_around (cairo_surface_t *surface,
              int              x,
              int              y,
              int              radius,
              const float      rgb[3],
              int              tolerance)
{
  for (int dy = -radius; dy <= radius; dy++)
    for (int dx = -radius; dx <= radius; dx++)
      if (color_near (pixel (surface, x + dx, y + dy), rgb, tolerance))
        return TRUE;
  return FALSE;
}

static guint
count_color (cairo_surface_t *surface,
             const float      rgb[3],
             int              tolerance)
{
  guint n = 0;

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      n += color_near (pixel (surface, x, y), rgb, tolerance);
  return n;
}

static const float white[3] = { 1, 1, 1 };

static void
test_species_colors (void)
{
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscPointRenderer) renderer = NULL;
  g_autoptr(IscCamera) camera = NULL;
  cairo_surface_t *surface;
  guint64 shown, total;

  if (!need_gl ())
    return;

  cloud = make_site_cloud ();
  renderer = make_renderer (cloud);
  for (int proj = 0; proj < 2; proj++)
    {
      camera = make_camera (W, H, proj ? ISC_PROJECTION_ORTHOGRAPHIC : ISC_PROJECTION_PERSPECTIVE);
      surface = render (renderer, camera, FALSE, FALSE);
      g_assert_true (color_near (pixel (surface, 0, 0), white, 0));
      for (guint s = 0; s < G_N_ELEMENTS (sites); s++)
        {
          int x, y;

          project_pixel (camera, sites[s].pos, &x, &y);
          /* The unranged layer is hidden by default: background shows through. */
          if (sites[s].species == ISC_ION_UNRANGED)
            g_assert_true (color_near (pixel (surface, x, y), white, 0));
          else
            g_assert_true (color_near (pixel (surface, x, y), sites[s].rgb, 4));
        }
      cairo_surface_destroy (surface);
      g_clear_pointer (&camera, isc_camera_free);
    }
  isc_point_renderer_get_counts (renderer, &shown, &total);
  g_assert_cmpuint (total, ==, 3 * PER_SITE);
  g_assert_cmpuint (shown, ==, 3 * PER_SITE);
  /* 6 bytes per ion: x, y, z as 16-bit words (the batch's fourth, empty word stays behind). */
  g_assert_cmpuint (isc_point_renderer_get_gpu_bytes (renderer), ==, 6 * cloud->n_ions);

  /* Showing the unranged layer draws it in its grey. */
  isc_point_renderer_set_species_visible (renderer, ISC_ION_UNRANGED, TRUE);
  camera = make_camera (W, H, ISC_PROJECTION_PERSPECTIVE);
  surface = render (renderer, camera, FALSE, FALSE);
  {
    int x, y;

    project_pixel (camera, sites[3].pos, &x, &y);
    g_assert_true (color_near (pixel (surface, x, y), sites[3].rgb, 4));
  }
  cairo_surface_destroy (surface);
}

static void
test_hidden_species (void)
{
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscPointRenderer) renderer = NULL;
  g_autoptr(IscCamera) camera = NULL;
  cairo_surface_t *surface;
  guint64 shown, total;
  int x, y;

  if (!need_gl ())
    return;

  cloud = make_site_cloud ();
  renderer = make_renderer (cloud);
  camera = make_camera (W, H, ISC_PROJECTION_PERSPECTIVE);

  surface = render (renderer, camera, FALSE, FALSE);
  /* A 9 px round sprite covers about π 4.5² ≈ 64 pixels. */
  g_assert_cmpuint (count_color (surface, sites[1].rgb, 30), >, 40);
  cairo_surface_destroy (surface);

  isc_point_renderer_set_species_visible (renderer, 1, FALSE);
  surface = render (renderer, camera, FALSE, FALSE);
  g_assert_cmpuint (count_color (surface, sites[1].rgb, 30), ==, 0);
  project_pixel (camera, sites[1].pos, &x, &y);
  g_assert_true (color_near (pixel (surface, x, y), white, 0));
  /* The others are unaffected. */
  project_pixel (camera, sites[0].pos, &x, &y);
  g_assert_true (color_near (pixel (surface, x, y), sites[0].rgb, 4));
  cairo_surface_destroy (surface);
  isc_point_renderer_get_counts (renderer, &shown, &total);
  g_assert_cmpuint (total, ==, 2 * PER_SITE);

  /* A colour change applies at the next draw. */
  {
    static const float orange[3] = { 0.9f, 0.6f, 0.0f };

    isc_point_renderer_set_species_color (renderer, 0, orange);
    surface = render (renderer, camera, FALSE, FALSE);
    project_pixel (camera, sites[0].pos, &x, &y);
    g_assert_true (color_near (pixel (surface, x, y), orange, 4));
    cairo_surface_destroy (surface);
  }
}

static void
test_depth (void)
{
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (2);
  g_autoptr(IscPointRenderer) renderer = NULL;
  g_autoptr(IscCamera) camera = NULL;
  cairo_surface_t *surface;
  double front[3] = { 0, -10, 0 };
  int x, y;

  if (!need_gl ())
    return;

  /* Two ions on the line of sight through the centre: the nearer (y = −10) must win even
   * though it is drawn first (its species has the lower index). */
  cloud->ion_type = g_new (guint8, 2);
  cloud->x[0] = 0; cloud->y[0] = -10; cloud->z[0] = 0; cloud->ion_type[0] = 0;
  cloud->x[1] = 0; cloud->y[1] = 10; cloud->z[1] = 0; cloud->ion_type[1] = 1;
  for (int i = 0; i < 3; i++)
    {
      cloud->bounds_min[i] = -30;
      cloud->bounds_max[i] = 30;
    }
  renderer = make_renderer (cloud);
  camera = make_camera (W, H, ISC_PROJECTION_ORTHOGRAPHIC);
  surface = render (renderer, camera, FALSE, FALSE);
  project_pixel (camera, front, &x, &y);
  g_assert_true (color_near (pixel (surface, x, y), sites[0].rgb, 4));
  cairo_surface_destroy (surface);
}

static void
test_export_size (void)
{
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscPointRenderer) renderer = NULL;
  g_autoptr(IscCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  IscGlExportOptions options = { 333, 77, TRUE, TRUE };
  IscGlExportOptions bad = { 0, 77, FALSE, FALSE };
  cairo_surface_t *png;

  if (!need_gl ())
    return;

  cloud = make_site_cloud ();
  renderer = make_renderer (cloud);
  /* The camera's own viewport (a widget's size) does not matter for export. */
  camera = make_camera (640, 480, ISC_PROJECTION_PERSPECTIVE);
  dir = isc_test_make_tmpdir ();
  path = g_build_filename (dir, "export.png", NULL);
  g_assert_true (isc_gl_export_png (renderer, camera, &options, path, &error));
  g_assert_no_error (error);

  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 333);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 77);
  cairo_surface_destroy (png);

  g_assert_false (isc_gl_export_png (renderer, camera, &bad, path, &error));
  g_assert_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT);
}

static void
test_scale_bar_and_legend (void)
{
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscPointRenderer) renderer = NULL;
  g_autoptr(IscCamera) camera = NULL;
  cairo_surface_t *surface;
  double s, bar_nm, thickness;
  int bar_px, row, dark = 0, first = -1, last = -1;

  if (!need_gl ())
    return;

  g_assert_cmpfloat (isc_ion_overlay_nice_length (0.9), ==, 0.5);
  g_assert_cmpfloat (isc_ion_overlay_nice_length (37), ==, 20);
  g_assert_cmpfloat (isc_ion_overlay_nice_length (120), ==, 100);
  g_assert_cmpfloat (isc_ion_overlay_nice_length (5), ==, 5);

  cloud = make_site_cloud ();
  renderer = make_renderer (cloud);
  isc_point_renderer_set_species (renderer, 0, "Li", sites[0].rgb);
  isc_point_renderer_set_species (renderer, 1, "Ni", sites[1].rgb);
  isc_point_renderer_set_species (renderer, 2, "O", sites[2].rgb);
  camera = make_camera (400, 300, ISC_PROJECTION_ORTHOGRAPHIC);
  surface = render (renderer, camera, TRUE, TRUE);

  /* By hand: a quarter of the width in nm, rounded down to 1-2-5; 12 px margin. */
  s = 2.0 * camera->distance * tan (15.0 * G_PI / 180.0) / 300.0;
  bar_nm = 100 * s;
  bar_nm = bar_nm >= 50 ? 50 : bar_nm >= 20 ? 20 : 10;
  bar_px = (int) lround (bar_nm / s);
  thickness = 3.0 ;
  row = (int) (300 - 12 - thickness / 2);
  for (int x = 0; x < 400; x++)
    if ((pixel (surface, x, row) & 0xff) < 60)
      {
        dark++;
        if (first < 0)
          first = x;
        last = x;
      }
  g_assert_cmpint (abs (dark - bar_px), <=, 1);
  g_assert_cmpint (abs (last + 1 - (400 - 12)), <=, 1);
  g_assert_cmpint (abs (first - (400 - 12 - bar_px)), <=, 1);

  /* Legend swatches in the species' colours in the upper-right quarter. */
  for (guint sp = 0; sp < 3; sp++)
    {
      gboolean found = FALSE;

      for (int y = 0; y < 100 && !found; y++)
        for (int x = 250; x < 400 && !found; x++)
          found = color_near (pixel (surface, x, y), sites[sp].rgb, 3);
      g_assert_true (found);
    }
  cairo_surface_destroy (surface);
}

static void
test_roi_outlines (void)
{
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscPointRenderer) renderer = NULL;
  g_autoptr(IscCamera) camera = NULL;
  cairo_surface_t *surface;
  IscRoi rois[3] = {
    { .kind = ISC_ROI_SPHERE, .center = { 0, 0, 0 }, .radius = 10 },
    { .kind = ISC_ROI_CYLINDER, .center = { 0, 0, 0 }, .axis = { 0, 0, 1 }, .radius = 16,
      .length = 40 },
    /* centre (5, 0, −5), half sizes (20, 20, 22) */
    { .kind = ISC_ROI_BOX, .box_min = { -15, -20, -27 }, .box_max = { 25, 20, 17 } },
  };
  static const float colors[3][4] = {
    { 1, 0, 1, 1 }, { 0, 0.8f, 0.8f, 1 }, { 0.9f, 0.6f, 0, 1 },
  };
  struct { double pos[3]; int roi; } on[] = {
    { { 0, 0, 10 }, 0 }, { { 10 * M_SQRT1_2, 0, -10 * M_SQRT1_2 }, 0 },
    { { 16, 0, 0 }, 1 }, { { -16, 0, 10 }, 1 }, { { 5, 0, 20 }, 1 },
    { { 25, 0, -20 }, 2 }, { { 0, 0, -27 }, 2 },
  };
  double off[][3] = { { 5, 0, 5 }, { 12, 0, 3 }, { -8, 0, -14 } };
  float roi_rgb[3][3];
  int x, y;

  if (!need_gl ())
    return;

  cloud = make_site_cloud ();
  renderer = make_renderer (cloud);
  isc_point_renderer_set_species_visible (renderer, 0, FALSE);
  isc_point_renderer_set_species_visible (renderer, 1, FALSE);
  isc_point_renderer_set_species_visible (renderer, 2, FALSE);
  isc_point_renderer_set_rois (renderer, rois, colors, G_N_ELEMENTS (rois));
  for (int r = 0; r < 3; r++)
    for (int i = 0; i < 3; i++)
      roi_rgb[r][i] = colors[r][i];

  /* Orthographic side view: outlines project exactly onto the x–z plane. */
  camera = make_camera (W, H, ISC_PROJECTION_ORTHOGRAPHIC);
  surface = render (renderer, camera, FALSE, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (on); i++)
    {
      project_pixel (camera, on[i].pos, &x, &y);
      g_assert_true (color_around (surface, x, y, 1, roi_rgb[on[i].roi], 10));
    }
  /* Inside the outlines, away from every edge, only background. */
  for (guint i = 0; i < G_N_ELEMENTS (off); i++)
    {
      project_pixel (camera, off[i], &x, &y);
      g_assert_true (color_near (pixel (surface, x, y), white, 0));
    }
  cairo_surface_destroy (surface);

  /* Removing them clears them. */
  isc_point_renderer_set_rois (renderer, NULL, NULL, 0);
  surface = render (renderer, camera, FALSE, FALSE);
  for (int r = 0; r < 3; r++)
    g_assert_cmpuint (count_color (surface, roi_rgb[r], 10), ==, 0);
  cairo_surface_destroy (surface);
}

static void
test_axis_triad (void)
{
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscPointRenderer) renderer = NULL;
  g_autoptr(IscCamera) camera = NULL;
  cairo_surface_t *surface;
  static const float z_blue[3] = { 0.12f, 0.47f, 0.71f };
  static const float x_red[3] = { 0.84f, 0.15f, 0.16f };

  if (!need_gl ())
    return;

  cloud = make_site_cloud ();
  renderer = make_renderer (cloud);
  isc_point_renderer_set_show_axes (renderer, TRUE);
  camera = make_camera (W, H, ISC_PROJECTION_PERSPECTIVE);
  surface = render (renderer, camera, FALSE, FALSE);
  /* The 72 px triad sits in the lower-left corner, centred at (36, H − 36); in the side view
   * z points up and x to the right. */
  g_assert_true (color_around (surface, 36, H - 36 - 25, 1, z_blue, 6));
  g_assert_true (color_around (surface, 36 + 20, H - 36, 1, x_red, 6));
  g_assert_false (color_around (surface, 36, H - 36 + 20, 1, z_blue, 6));
  /* The "z" label sits beyond the end of the z axis (reach 0.75 × 1.2 of the half side):
   * dark ink there, none below the centre. */
  {
    static const float black[3] = { 0, 0, 0 };
    int label_y = (int) (H - 36 - 36 * 0.75 * 1.2);

    g_assert_true (color_around (surface, 36, label_y, 4, black, 90));
    g_assert_false (color_around (surface, 36, H - 36 + 20, 4, black, 90));
  }
  cairo_surface_destroy (surface);
}

/* A turning frame's budget leaves out the window's part of the frame: 10 ms of drawing fits
 * 25 ms alone, not beside 20 ms of compositing. Fast frames let it grow to every ion (a
 * bounded factor per frame), and no frame draws more than it. */
static void
test_lod_frame_overhead (void)
{
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (300000);
  g_autoptr(IscPointRenderer) renderer = NULL;
  g_autoptr(IscCamera) camera = NULL;
  guint64 shown, total, budget, last;
  GRand *rand = g_rand_new_with_seed (11);

  if (!need_gl ())
    {
      g_rand_free (rand);
      return;
    }
  cloud->ion_type = g_new (guint8, cloud->n_ions);
  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      cloud->ion_type[i] = i < 200000 ? 0 : i < 299000 ? 1 : 2;
      cloud->x[i] = (float) g_rand_double_range (rand, -30, 30);
      cloud->y[i] = (float) g_rand_double_range (rand, -30, 30);
      cloud->z[i] = (float) g_rand_double_range (rand, -30, 30);
    }
  g_rand_free (rand);
  isc_ion_cloud_update_bounds (cloud);
  renderer = make_renderer (cloud);
  camera = make_camera (W, H, ISC_PROJECTION_ORTHOGRAPHIC);
  isc_point_renderer_set_interactive (renderer, TRUE);

  /* 10 ms for the first 200 000 ions, nothing else in the frame: room for more */
  isc_point_renderer_draw (renderer, camera);
  isc_point_renderer_get_counts (renderer, &shown, &total);
  g_assert_cmpuint (total, ==, 300000);
  g_assert_cmpuint (shown, ==, isc_point_renderer_get_lod_budget (renderer));
  isc_point_renderer_report_frame_time (renderer, 10.0);
  budget = isc_point_renderer_get_lod_budget (renderer);
  g_assert_cmpuint (budget, >, shown);
  g_assert_cmpuint (budget, <=, (guint64) (1.5 * shown));

  /* the same 10 ms beside 20 ms the window takes: fewer ions at once */
  isc_point_renderer_set_frame_overhead (renderer, 20.0);
  g_assert_cmpfloat (isc_point_renderer_get_frame_overhead (renderer), ==, 20.0);
  isc_point_renderer_draw (renderer, camera);
  isc_point_renderer_get_counts (renderer, &shown, &total);
  g_assert_cmpuint (shown, ==, MIN (budget, total));
  isc_point_renderer_report_frame_time (renderer, 10.0);
  budget = isc_point_renderer_get_lod_budget (renderer);
  g_test_message ("10 ms for %" G_GUINT64_FORMAT " ions beside 20 ms: budget %" G_GUINT64_FORMAT,
                  shown, budget);
  g_assert_cmpuint (budget, <, (guint64) (0.7 * shown));
  isc_point_renderer_draw (renderer, camera);
  isc_point_renderer_get_counts (renderer, &shown, &total);
  g_assert_cmpuint (shown, ==, budget);

  /* fast frames: the budget grows by a bounded factor per frame up to every ion */
  isc_point_renderer_set_frame_overhead (renderer, 0.0);
  last = budget;
  for (int f = 0; f < 40 && shown < total; f++)
    {
      isc_point_renderer_report_frame_time (renderer, 0.5);
      budget = isc_point_renderer_get_lod_budget (renderer);
      g_assert_cmpuint (budget, <=, (guint64) (1.5 * last) + 1);
      last = budget;
      isc_point_renderer_draw (renderer, camera);
      isc_point_renderer_get_counts (renderer, &shown, &total);
      g_assert_cmpuint (shown, <=, budget);
    }
  g_assert_cmpuint (shown, ==, total);
}

/* The first frame of a turn draws no more than a frame at rest managed: frames of 100 ms for
 * a refinement step shrink the step, and the turn starts from it rather than from 200 000. */
static void
test_first_turn_from_refinement (void)
{
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (400000);
  g_autoptr(IscPointRenderer) renderer = NULL;
  g_autoptr(IscCamera) camera = NULL;
  guint64 shown, total, step = 0;
  GRand *rand = g_rand_new_with_seed (5);
  GLuint fbo, rbo[2];

  if (!need_gl ())
    {
      g_rand_free (rand);
      return;
    }
  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      cloud->x[i] = (float) g_rand_double_range (rand, -30, 30);
      cloud->y[i] = (float) g_rand_double_range (rand, -30, 30);
      cloud->z[i] = (float) g_rand_double_range (rand, -30, 30);
    }
  g_rand_free (rand);
  isc_ion_cloud_update_bounds (cloud);
  renderer = make_renderer (cloud);
  camera = make_camera (W, H, ISC_PROJECTION_ORTHOGRAPHIC);
  glGenFramebuffers (1, &fbo);
  glGenRenderbuffers (2, rbo);
  glBindRenderbuffer (GL_RENDERBUFFER, rbo[0]);
  glRenderbufferStorage (GL_RENDERBUFFER, GL_RGBA8, W, H);
  glBindRenderbuffer (GL_RENDERBUFFER, rbo[1]);
  glRenderbufferStorage (GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, W, H);
  glBindFramebuffer (GL_FRAMEBUFFER, fbo);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rbo[0]);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, rbo[1]);

  for (int f = 0; f < 3; f++)
    {
      isc_point_renderer_draw_progressive (renderer, camera,
                                           isc_point_renderer_get_refine_budget (renderer));
      isc_point_renderer_report_frame_time (renderer, 100.0);
      step = isc_point_renderer_get_refine_budget (renderer);
    }
  g_test_message ("refinement step after 100 ms frames: %" G_GUINT64_FORMAT, step);
  g_assert_cmpuint (step, <, 100000);

  isc_point_renderer_set_interactive (renderer, TRUE);
  isc_point_renderer_draw (renderer, camera);
  isc_point_renderer_get_counts (renderer, &shown, &total);
  g_assert_cmpuint (total, ==, 400000);
  g_assert_cmpuint (shown, <=, MAX (step, ISC_POINT_RENDERER_MIN_LOD_BUDGET));

  glBindFramebuffer (GL_FRAMEBUFFER, 0);
  glDeleteFramebuffers (1, &fbo);
  glDeleteRenderbuffers (2, rbo);
}

static void
test_level_of_detail (void)
{
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (250000);
  g_autoptr(IscPointRenderer) renderer = NULL;
  g_autoptr(IscCamera) camera = NULL;
  cairo_surface_t *surface;
  guint64 shown, total, budget;
  guint left = 0, right = 0;
  GRand *rand = g_rand_new_with_seed (7);

  if (!need_gl ())
    {
      g_rand_free (rand);
      return;
    }

  /* Species 0 fills the left half of the box, species 1 the right half; the subsample keeps
   * both in proportion. */
  cloud->ion_type = g_new (guint8, cloud->n_ions);
  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      cloud->ion_type[i] = i < 150000 ? 0 : 1;
      cloud->x[i] = (float) g_rand_double_range (rand, -30, 0) + (i < 150000 ? 0 : 30);
      cloud->y[i] = (float) g_rand_double_range (rand, -30, 30);
      cloud->z[i] = (float) g_rand_double_range (rand, -30, 30);
    }
  g_rand_free (rand);
  isc_ion_cloud_update_bounds (cloud);
  renderer = make_renderer (cloud);
  isc_point_renderer_set_species_size (renderer, 0, 1);
  isc_point_renderer_set_species_size (renderer, 1, 1);
  camera = make_camera (W, H, ISC_PROJECTION_ORTHOGRAPHIC);

  isc_point_renderer_set_interactive (renderer, TRUE);
  isc_camera_set_viewport (camera, W, H);
  isc_point_renderer_draw (renderer, camera);
  budget = isc_point_renderer_get_lod_budget (renderer);
  isc_point_renderer_get_counts (renderer, &shown, &total);
  g_assert_cmpuint (total, ==, 250000);
  g_assert_cmpuint (budget, <, total);
  /* Each layer draws its share of the budget: the budget in all, never more. */
  g_assert_cmpuint (shown, ==, budget);

  /* With a tiny frame budget the measured cost drives the subsample down to the floor. */
  isc_point_renderer_set_frame_budget (renderer, 1e-4);
  for (int i = 0; i < 12 && isc_point_renderer_get_lod_budget (renderer) > ISC_POINT_RENDERER_MIN_LOD_BUDGET; i++)
    {
      gint64 start = g_get_monotonic_time ();

      isc_point_renderer_draw (renderer, camera);
      glFinish ();
      isc_point_renderer_report_frame_time (renderer, (g_get_monotonic_time () - start) / 1e3);
    }
  g_assert_cmpuint (isc_point_renderer_get_lod_budget (renderer), ==,
                    ISC_POINT_RENDERER_MIN_LOD_BUDGET);
  g_assert_cmpfloat (isc_point_renderer_get_last_frame_ms (renderer), >, 0.0);

  /* The subsample still covers both halves about evenly (uniform density on both sides). */
  {
    g_autoptr(IscCamera) view = isc_camera_copy (camera);
    g_autofree guint32 *buf = g_new (guint32, W * H);
    GLuint fbo, rbo[2];

    glGenFramebuffers (1, &fbo);
    glGenRenderbuffers (2, rbo);
    glBindRenderbuffer (GL_RENDERBUFFER, rbo[0]);
    glRenderbufferStorage (GL_RENDERBUFFER, GL_RGBA8, W, H);
    glBindRenderbuffer (GL_RENDERBUFFER, rbo[1]);
    glRenderbufferStorage (GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, W, H);
    glBindFramebuffer (GL_FRAMEBUFFER, fbo);
    glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rbo[0]);
    glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER,
                               rbo[1]);
    /* Zoom out so a 1 px point is sparse enough to count coverage. */
    isc_camera_zoom (view, 2.0, W / 2.0, H / 2.0);
    isc_point_renderer_draw (renderer, view);
    isc_point_renderer_get_counts (renderer, &shown, &total);
    g_assert_cmpuint (shown, ==, ISC_POINT_RENDERER_MIN_LOD_BUDGET);
    glReadPixels (0, 0, W, H, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, buf);
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++)
        if ((buf[y * W + x] & 0xffffff) != 0xffffff)
          {
            if (x < W / 2)
              left++;
            else
              right++;
          }
    glBindFramebuffer (GL_FRAMEBUFFER, 0);
    glDeleteFramebuffers (1, &fbo);
    glDeleteRenderbuffers (2, rbo);
  }
  g_assert_cmpuint (left, >, 500);
  g_assert_cmpfloat ((double) left / right, >, 0.8);
  g_assert_cmpfloat ((double) left / right, <, 1.25);

  /* Idle: everything. */
  isc_point_renderer_set_interactive (renderer, FALSE);
  surface = render (renderer, camera, FALSE, FALSE);
  isc_point_renderer_get_counts (renderer, &shown, &total);
  g_assert_cmpuint (shown, ==, total);
  cairo_surface_destroy (surface);
}

static void
configure (IscPointRenderer *renderer)
{
  static const float rgb[4][3] = {
    { 0.8f, 0.1f, 0.1f }, { 0.1f, 0.7f, 0.2f }, { 0.1f, 0.2f, 0.9f }, { 0.6f, 0.6f, 0.6f },
  };

  isc_point_renderer_set_show_box (renderer, FALSE);
  for (guint s = 0; s < 3; s++)
    isc_point_renderer_set_species (renderer, s, NULL, rgb[s]);
  isc_point_renderer_set_species_color (renderer, ISC_ION_UNRANGED, rgb[3]);
  isc_point_renderer_set_species_visible (renderer, ISC_ION_UNRANGED, TRUE);
  /* Round sprites for one species, square ones for the rest: both point programs. */
  isc_point_renderer_set_species_size (renderer, 0, 2);
  isc_point_renderer_set_species_size (renderer, 1, 2);
  isc_point_renderer_set_species_size (renderer, 2, 5);
  isc_point_renderer_set_species_size (renderer, ISC_ION_UNRANGED, 2);
}

static guint32 *
read_pixels (void)
{
  guint32 *buf = g_new (guint32, W * H);

  glReadPixels (0, 0, W, H, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, buf);
  return buf;
}

static guint
count_differences (const guint32 *a,
                   const guint32 *b)
{
  guint n = 0;

  for (int i = 0; i < W * H; i++)
    n += (a[i] & 0xffffff) != (b[i] & 0xffffff);
  return n;
}

typedef struct
{
  gsize n;
  gsize step;
} ProgressiveCase;

/* A cloud drawn a few thousand ions per step, from a batch copied to the GPU step by step,
 * ends as the very picture of one full draw; a new camera starts the picture over. With
 * 2.5 M ions, species span several vertex buffers (1 M ions each) and steps cross them. */
static void
test_progressive (gconstpointer data)
{
  const ProgressiveCase *c = data;
  const gsize step = c->step;
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (c->n);
  g_autoptr(IscPointRenderer) reference = NULL;
  g_autoptr(IscPointRenderer) renderer = NULL;
  g_autoptr(IscCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *want = NULL;
  g_autofree guint32 *got = NULL;
  g_autofree guint32 *partial = NULL;
  guint64 shown = 0, total = 0, last = 0, lod;
  GRand *rand = g_rand_new_with_seed (11);
  GLuint fbo, rbo[2];
  gboolean complete = FALSE;
  int steps = 0;

  if (!need_gl ())
    {
      g_rand_free (rand);
      return;
    }

  cloud->ion_type = g_new (guint8, cloud->n_ions);
  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      /* species 0 holds most ions, so that it needs two buffers at 2.5 M */
      guint32 k = g_rand_int_range (rand, 0, 8);

      cloud->ion_type[i] = k == 7 ? ISC_ION_UNRANGED : k <= 4 ? 0 : (guint8) (k - 4);
      cloud->x[i] = (float) g_rand_double_range (rand, -30, 30);
      cloud->y[i] = (float) g_rand_double_range (rand, -30, 30);
      cloud->z[i] = (float) g_rand_double_range (rand, -30, 30);
    }
  g_rand_free (rand);
  isc_ion_cloud_update_bounds (cloud);
  camera = make_camera (W, H, ISC_PROJECTION_PERSPECTIVE);
  isc_camera_orbit (camera, 25, 15);

  glGenFramebuffers (1, &fbo);
  glGenRenderbuffers (2, rbo);
  glBindRenderbuffer (GL_RENDERBUFFER, rbo[0]);
  glRenderbufferStorage (GL_RENDERBUFFER, GL_RGBA8, W, H);
  glBindRenderbuffer (GL_RENDERBUFFER, rbo[1]);
  glRenderbufferStorage (GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, W, H);
  glBindFramebuffer (GL_FRAMEBUFFER, fbo);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rbo[0]);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, rbo[1]);

  /* Today's picture: every ion in one draw. */
  reference = isc_point_renderer_new (&error);
  g_assert_no_error (error);
  g_assert_true (isc_point_renderer_set_cloud (reference, cloud, &error));
  configure (reference);
  isc_point_renderer_draw (reference, camera);
  want = read_pixels ();

  renderer = isc_point_renderer_new (&error);
  g_assert_no_error (error);
  isc_point_renderer_take_batch (renderer, isc_point_batch_new (cloud, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (isc_point_renderer_get_uploading (renderer));
  configure (renderer);
  lod = isc_point_renderer_get_lod_budget (renderer);
  while (!complete && steps < 100)
    {
      complete = isc_point_renderer_draw_progressive (renderer, camera, step);
      isc_point_renderer_get_counts (renderer, &shown, &total);
      g_assert_cmpuint (total, ==, c->n);
      g_assert_cmpuint (shown, >, last);
      g_assert_cmpuint (shown - last, <=, step + 4);
      last = shown;
      if (steps == 2)
        partial = read_pixels ();
      /* A progressive frame steers the refinement step, never the interactive subsample. */
      isc_point_renderer_report_frame_time (renderer, 40.0);
      g_assert_cmpuint (isc_point_renderer_get_lod_budget (renderer), ==, lod);
      steps++;
    }
  g_assert_true (complete);
  g_assert_false (isc_point_renderer_get_uploading (renderer));
  g_assert_cmpint (steps, >=, (int) (c->n / step));
  g_assert_cmpuint (shown, ==, c->n);
  got = read_pixels ();
  g_assert_cmpuint (count_differences (want, got), ==, 0);
  /* Midway the picture was a thinner one. */
  g_assert_cmpuint (count_differences (want, partial), >, 1000);

  /* Nothing changed: the next frame adds nothing and shows the same picture. */
  g_assert_true (isc_point_renderer_draw_progressive (renderer, camera, step));
  g_clear_pointer (&got, g_free);
  got = read_pixels ();
  g_assert_cmpuint (count_differences (want, got), ==, 0);

  /* All ions arriving after a sample of them are drawn over the sample's picture, which
   * stays on screen meanwhile, and end in the same picture. */
  {
    g_autoptr(IscPointRenderer) sampled = isc_point_renderer_new (&error);
    g_autoptr(IscPointBatch) sample = isc_point_batch_new_sample (cloud, 10000, NULL, &error);
    g_autofree guint32 *sample_picture = NULL;
    guint64 sample_shown;
    guint lost = 0;

    g_assert_no_error (error);
    isc_point_renderer_set_batch (sampled, sample);
    configure (sampled);
    while (!isc_point_renderer_draw_progressive (sampled, camera, 4000))
      ;
    isc_point_renderer_get_counts (sampled, &sample_shown, &total);
    g_assert_cmpuint (sample_shown, ==, sample->n_vertices);
    sample_picture = read_pixels ();
    isc_point_renderer_take_batch (sampled, isc_point_batch_new (cloud, NULL, &error));
    g_assert_false (isc_point_renderer_draw_progressive (sampled, camera, 4000));
    isc_point_renderer_get_counts (sampled, &shown, &total);
    g_assert_cmpuint (shown, ==, sample_shown);
    g_assert_cmpuint (total, ==, c->n);
    g_clear_pointer (&got, g_free);
    got = read_pixels ();
    /* nothing of the sample's picture went blank */
    for (int i = 0; i < W * H; i++)
      lost += (sample_picture[i] & 0xffffff) != 0xffffff && (got[i] & 0xffffff) == 0xffffff;
    g_assert_cmpuint (lost, ==, 0);
    while (!isc_point_renderer_draw_progressive (sampled, camera, step))
      ;
    g_clear_pointer (&got, g_free);
    got = read_pixels ();
    g_assert_cmpuint (count_differences (want, got), ==, 0);
  }

  /* A turn of the camera (or a new colour) starts over from the first step. */
  isc_camera_orbit (camera, 5, 0);
  g_assert_false (isc_point_renderer_draw_progressive (renderer, camera, step));
  isc_point_renderer_get_counts (renderer, &shown, &total);
  g_assert_cmpuint (shown, <=, step + 4);
  while (!isc_point_renderer_draw_progressive (renderer, camera, 25 * step))
    ;
  isc_point_renderer_set_species_color (renderer, 1, (const float[3]) { 0, 0, 0 });
  g_assert_false (isc_point_renderer_draw_progressive (renderer, camera, step));

  glBindFramebuffer (GL_FRAMEBUFFER, 0);
  glDeleteFramebuffers (1, &fbo);
  glDeleteRenderbuffers (2, rbo);
}

static void
test_headless_error_message (void)
{
  /* Either a context exists (this machine) or the error says why, in the promised words. */
  g_autoptr(GError) error = NULL;
  g_autoptr(IscGlHeadless) other = NULL;

  if (context == NULL)
    return;
  g_assert_nonnull (isc_gl_headless_get_renderer (context));
  other = isc_gl_headless_new (&error);
  if (other == NULL)
    g_assert_true (g_str_has_prefix (error->message, "no OpenGL available: "));
  g_clear_pointer (&other, isc_gl_headless_free);
  g_assert_true (isc_gl_headless_make_current (context));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  context = isc_gl_headless_new (&error);
  if (context == NULL)
    g_test_message ("%s", error->message);
  else
    g_test_message ("GL renderer: %s", isc_gl_headless_get_renderer (context));

  g_test_add_func ("/gl/render/species-colors", test_species_colors);
  g_test_add_func ("/gl/render/hidden-species", test_hidden_species);
  g_test_add_func ("/gl/render/depth", test_depth);
  g_test_add_func ("/gl/render/export-size", test_export_size);
  g_test_add_func ("/gl/render/scale-bar-legend", test_scale_bar_and_legend);
  g_test_add_func ("/gl/render/roi-outlines", test_roi_outlines);
  g_test_add_func ("/gl/render/axis-triad", test_axis_triad);
  g_test_add_func ("/gl/render/level-of-detail", test_level_of_detail);
  g_test_add_func ("/gl/render/lod-frame-overhead", test_lod_frame_overhead);
  g_test_add_func ("/gl/render/first-turn-from-refinement", test_first_turn_from_refinement);
  g_test_add_func ("/gl/render/headless", test_headless_error_message);
  {
    static const ProgressiveCase small = { 50000, 4000 }, segments = { 2500000, 400000 };

    g_test_add_data_func ("/gl/render/progressive", &small, test_progressive);
    g_test_add_data_func ("/gl/render/progressive-segments", &segments, test_progressive);
  }
  status = g_test_run ();
  g_clear_pointer (&context, isc_gl_headless_free);
  return status;
}
