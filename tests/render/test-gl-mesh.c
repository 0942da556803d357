/* test-gl-mesh.c: the isosurface mesh renderer draws lit, translucent surfaces in their own
 * colour over the points, and ions in colours of their own, offscreen (headless EGL context; skips only when no GL exists).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "camera.h"
#include "gl-context-headless.h"
#include "gl-export.h"
#include "mesh-renderer.h"
#include "point-renderer.h"

#include <epoxy/gl.h>

#define W 160
#define H 120

static IscGlHeadless *context;

/* A cube of edge 2·@h about the origin, four vertices per face so that each face is flat. */
static void
make_cube (float    h,
           float    vertices[24 * 3],
           guint32  triangles[12 * 3])
{
  static const int faces[6][4][3] = {
    { { -1, -1, -1 }, { -1, 1, -1 }, { 1, 1, -1 }, { 1, -1, -1 } },
    { { -1, -1, 1 }, { 1, -1, 1 }, { 1, 1, 1 }, { -1, 1, 1 } },
    { { -1, -1, -1 }, { 1, -1, -1 }, { 1, -1, 1 }, { -1, -1, 1 } },
    { { -1, 1, -1 }, { -1, 1, 1 }, { 1, 1, 1 }, { 1, 1, -1 } },
    { { -1, -1, -1 }, { -1, -1, 1 }, { -1, 1, 1 }, { -1, 1, -1 } },
    { { 1, -1, -1 }, { 1, 1, -1 }, { 1, 1, 1 }, { 1, -1, 1 } },
  };

  for (int f = 0; f < 6; f++)
    {
      for (int v = 0; v < 4; v++)
        for (int i = 0; i < 3; i++)
          vertices[(f * 4 + v) * 3 + i] = h * faces[f][v][i];
      triangles[f * 6 + 0] = f * 4;
      triangles[f * 6 + 1] = f * 4 + 1;
      triangles[f * 6 + 2] = f * 4 + 2;
      triangles[f * 6 + 3] = f * 4;
      triangles[f * 6 + 4] = f * 4 + 2;
      triangles[f * 6 + 5] = f * 4 + 3;
    }
}

/* Draws the points (none: only the background) and the mesh into an offscreen framebuffer;
 * returns RGBA bytes, bottom row first. */
static guint8 *
render (IscPointRenderer *points,
        IscMeshRenderer  *mesh,
        IscCamera        *camera)
{
  GLuint fbo, color, depth;
  guint8 *pixels = g_new (guint8, W * H * 4);

  glGenFramebuffers (1, &fbo);
  glBindFramebuffer (GL_FRAMEBUFFER, fbo);
  glGenRenderbuffers (1, &color);
  glBindRenderbuffer (GL_RENDERBUFFER, color);
  glRenderbufferStorage (GL_RENDERBUFFER, GL_RGBA8, W, H);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color);
  glGenRenderbuffers (1, &depth);
  glBindRenderbuffer (GL_RENDERBUFFER, depth);
  glRenderbufferStorage (GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, W, H);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depth);
  g_assert_cmpint (glCheckFramebufferStatus (GL_FRAMEBUFFER), ==, GL_FRAMEBUFFER_COMPLETE);

  isc_point_renderer_draw (points, camera);
  isc_mesh_renderer_draw (mesh, camera);
  glFinish ();
  glReadPixels (0, 0, W, H, GL_RGBA, GL_UNSIGNED_BYTE, pixels);

  glBindFramebuffer (GL_FRAMEBUFFER, 0);
  glDeleteRenderbuffers (1, &color);
  glDeleteRenderbuffers (1, &depth);
  glDeleteFramebuffers (1, &fbo);
  return pixels;
}

/* Pixels whose red clearly dominates: the surface's colour at any lighting. */
static guint
count_red (const guint8 *pixels)
{
  guint n = 0;

  for (int i = 0; i < W * H; i++)
    {
      const guint8 *p = pixels + 4 * i;

      n += p[0] > 60 && p[0] > 3 * p[1] && p[0] > 3 * p[2];
    }
  return n;
}

static void
test_mesh_draws (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscPointRenderer) points = NULL;
  g_autoptr(IscMeshRenderer) mesh = NULL;
  g_autoptr(IscCamera) camera = isc_camera_new ();
  static const float min[3] = { -30, -30, -30 }, max[3] = { 30, 30, 30 };
  static const float black[3] = { 0, 0, 0 };
  static const float white[3] = { 1, 1, 1 };
  float vertices[24 * 3];
  guint32 triangles[12 * 3];
  guint32 surface_of[12];
  float colors[2][4] = { { 0.9f, 0.1f, 0.1f, 1.0f }, { 0.1f, 0.1f, 0.9f, 1.0f } };
  g_autofree guint8 *opaque = NULL;
  g_autofree guint8 *translucent = NULL;
  g_autofree guint8 *cleared = NULL;
  const guint8 *centre;

  if (context == NULL)
    {
      g_test_skip ("no OpenGL context could be made");
      return;
    }
  points = isc_point_renderer_new (&error);
  g_assert_no_error (error);
  mesh = isc_mesh_renderer_new (&error);
  g_assert_no_error (error);
  isc_point_renderer_set_show_axes (points, FALSE);
  isc_point_renderer_set_show_box (points, FALSE);
  isc_camera_set_viewport (camera, W, H);
  isc_camera_set_scene_bounds (camera, min, max);

  make_cube (10, vertices, triangles);
  for (guint t = 0; t < 12; t++)
    surface_of[t] = 0;
  isc_mesh_renderer_set_mesh (mesh, vertices, NULL, 24, triangles, 12, surface_of,
                              (const float (*)[4]) colors, 2);
  g_assert_cmpuint (isc_mesh_renderer_get_n_triangles (mesh), ==, 12);

  /* Opaque red on black: the cube covers a good part of the middle, in surface 0's colour. */
  isc_point_renderer_set_background (points, black);
  opaque = render (points, mesh, camera);
  g_test_message ("%u red pixels", count_red (opaque));
  g_assert_cmpuint (count_red (opaque), >, W * H / 50);
  centre = opaque + 4 * (H / 2 * W + W / 2);
  g_assert_cmpuint (centre[0], >, 3 * centre[1]);

  /* Translucent on white: the background shows through both faces of the cube (a quarter of
   * it at α = 0.5: pink, neither red nor white). */
  colors[0][3] = 0.5f;
  isc_mesh_renderer_set_mesh (mesh, vertices, NULL, 24, triangles, 12, surface_of,
                              (const float (*)[4]) colors, 2);
  isc_point_renderer_set_background (points, white);
  translucent = render (points, mesh, camera);
  centre = translucent + 4 * (H / 2 * W + W / 2);
  g_test_message ("translucent centre %u %u %u", centre[0], centre[1], centre[2]);
  g_assert_cmpuint (centre[1], >, 50);
  g_assert_cmpuint (centre[1], <, 130);
  g_assert_cmpuint (centre[0], >, centre[1] + 20);

  /* No triangles: nothing drawn. */
  isc_mesh_renderer_set_mesh (mesh, NULL, NULL, 0, NULL, 0, NULL, NULL, 0);
  isc_point_renderer_set_background (points, black);
  cleared = render (points, mesh, camera);
  g_assert_cmpuint (count_red (cleared), ==, 0);
}

/* The per-ion colour override: points drawn in their own colours (a cluster's ions). */
static void
test_points_draw (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscPointRenderer) points = NULL;
  g_autoptr(IscMeshRenderer) mesh = NULL;
  g_autoptr(IscCamera) camera = isc_camera_new ();
  static const float min[3] = { -30, -30, -30 }, max[3] = { 30, 30, 30 };
  static const float black[3] = { 0, 0, 0 };
  const float xyz[6] = { 0, 0, 0, 15, 0, 0 };
  const float rgb[6] = { 0.9f, 0.1f, 0.1f, 0.9f, 0.1f, 0.1f };
  g_autofree guint8 *shown = NULL;
  g_autofree guint8 *removed = NULL;

  if (context == NULL)
    {
      g_test_skip ("no OpenGL context could be made");
      return;
    }
  points = isc_point_renderer_new (&error);
  g_assert_no_error (error);
  mesh = isc_mesh_renderer_new (&error);
  g_assert_no_error (error);
  isc_point_renderer_set_show_axes (points, FALSE);
  isc_point_renderer_set_show_box (points, FALSE);
  isc_point_renderer_set_background (points, black);
  isc_camera_set_viewport (camera, W, H);
  isc_camera_set_scene_bounds (camera, min, max);

  isc_mesh_renderer_set_points (mesh, xyz, rgb, 2, 10.0f);
  g_assert_cmpuint (isc_mesh_renderer_get_n_points (mesh), ==, 2);
  shown = render (points, mesh, camera);
  g_test_message ("%u red pixels", count_red (shown));
  /* Two round 10 px sprites: about 2 × 78 pixels. */
  g_assert_cmpuint (count_red (shown), >, 100);
  g_assert_cmpuint (count_red (shown), <, 250);
  isc_mesh_renderer_set_points (mesh, NULL, NULL, 0, 10.0f);
  removed = render (points, mesh, camera);
  g_assert_cmpuint (count_red (removed), ==, 0);
}

/* Pixels of a cairo RGB24 image whose red clearly dominates (as count_red ()). */
static guint
count_red_image (cairo_surface_t *image)
{
  const guint8 *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);
  guint n = 0;

  for (int y = 0; y < cairo_image_surface_get_height (image); y++)
    for (int x = 0; x < cairo_image_surface_get_width (image); x++)
      {
        guint32 p = *(const guint32 *) (data + (gsize) y * stride + 4 * x);
        guint r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

        n += r > 60 && r > 3 * g && r > 3 * b;
      }
  return n;
}

/* The ion-map export (gl-export.h) draws the extras too: an exported figure shows the
 * isosurfaces and the cluster colours the view shows, and nothing of them without. */
static void
test_export_draws_extras (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscPointRenderer) points = NULL;
  g_autoptr(IscMeshRenderer) mesh = NULL;
  g_autoptr(IscCamera) camera = isc_camera_new ();
  static const float min[3] = { -30, -30, -30 }, max[3] = { 30, 30, 30 };
  const float xyz[3] = { 20, 0, 0 };
  const float rgb[3] = { 0.9f, 0.1f, 0.1f };
  float vertices[24 * 3];
  guint32 triangles[12 * 3];
  float colors[1][4] = { { 0.9f, 0.1f, 0.1f, 1.0f } };
  IscGlExportOptions options = { 2 * W, 2 * H, FALSE, FALSE };
  cairo_surface_t *plain, *with_mesh, *with_points;
  guint n_mesh, n_points;

  if (context == NULL)
    {
      g_test_skip ("no OpenGL context could be made");
      return;
    }
  points = isc_point_renderer_new (&error);
  g_assert_no_error (error);
  mesh = isc_mesh_renderer_new (&error);
  g_assert_no_error (error);
  isc_point_renderer_set_show_axes (points, FALSE);
  isc_point_renderer_set_show_box (points, FALSE);
  isc_camera_set_viewport (camera, W, H);
  isc_camera_set_scene_bounds (camera, min, max);

  plain = isc_gl_export_render (points, camera, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_red_image (plain), ==, 0);

  make_cube (10, vertices, triangles);
  isc_mesh_renderer_set_mesh (mesh, vertices, NULL, 24, triangles, 12, NULL,
                              (const float (*)[4]) colors, 1);
  options.extras = mesh;
  with_mesh = isc_gl_export_render (points, camera, &options, &error);
  g_assert_no_error (error);
  n_mesh = count_red_image (with_mesh);
  g_test_message ("%u red pixels with the surface", n_mesh);
  /* The export is re-framed at twice the view's size: the cube covers a good part of it,
   * and the export's white background stays around it. */
  g_assert_cmpuint (n_mesh, >, 4 * W * H / 50);
  g_assert_cmpuint (n_mesh, <, 4 * W * H / 2);
  g_assert_cmphex (*(const guint32 *) cairo_image_surface_get_data (with_mesh) & 0xffffff, ==, 0xffffff);

  /* One recoloured ion and no surface: a round sprite of 8 px, off the centre. */
  isc_mesh_renderer_set_mesh (mesh, NULL, NULL, 0, NULL, 0, NULL, NULL, 0);
  isc_mesh_renderer_set_points (mesh, xyz, rgb, 1, 8.0f);
  with_points = isc_gl_export_render (points, camera, &options, &error);
  g_assert_no_error (error);
  n_points = count_red_image (with_points);
  g_test_message ("%u red pixels with the ion", n_points);
  g_assert_cmpuint (n_points, >, 20);
  g_assert_cmpuint (n_points, <, 120);

  cairo_surface_destroy (plain);
  cairo_surface_destroy (with_mesh);
  cairo_surface_destroy (with_points);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  context = isc_gl_headless_new (&error);
  if (context == NULL)
    g_test_message ("%s", error->message);
  g_test_add_func ("/gl-mesh/draws", test_mesh_draws);
  g_test_add_func ("/gl-mesh/points", test_points_draw);
  g_test_add_func ("/gl-mesh/export-extras", test_export_draws_extras);
  status = g_test_run ();
  g_clear_pointer (&context, isc_gl_headless_free);
  return status;
}
