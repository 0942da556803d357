/* gl-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gl-export.h"
#include "ion-overlay.h"
#include "isc-error.h"

#include <epoxy/gl.h>
#include <string.h>

#include "plot-export.h"

/* The background of a transparent export: a colour no species or outline uses. */
#define KEY_RGB 0xfe01feu

cairo_surface_t *
isc_gl_export_render (IscPointRenderer         *renderer,
                      const IscCamera          *camera,
                      const IscGlExportOptions *options,
                      GError                  **error)
{
  g_autoptr(IscCamera) view = NULL;
  cairo_surface_t *surface;
  GLint saved_draw = 0, saved_read = 0, saved_viewport[4], max_rb = 0, max_vp[2] = { 0, 0 };
  GLuint fbo = 0, rbo[2] = { 0, 0 };
  GLenum status;
  int w, h, stride;
  unsigned char *data;
  g_autofree unsigned char *row = NULL;
  float screen_background[3];
  static const float white[3] = { 1.0f, 1.0f, 1.0f }, black[3] = { 0.0f, 0.0f, 0.0f };
  static const float key[3] = { 254 / 255.0f, 1 / 255.0f, 254 / 255.0f };
  gboolean paper;
  double scale = 1.0;

  g_return_val_if_fail (renderer != NULL, NULL);
  g_return_val_if_fail (camera != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  w = options->width;
  h = options->height;
  paper = options->dpi > 0;
  if (paper)
    {
      if (!(options->dpi >= 10 && options->dpi <= 2400))
        {
          g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                       "export resolution %g dpi is outside 10–2400", options->dpi);
          return NULL;
        }
      scale = options->dpi / 72.0 * (options->font_pt > 0 ? options->font_pt : 8.0)
              / ISC_GL_EXPORT_SCREEN_FONT_PX;
    }
  glGetIntegerv (GL_MAX_RENDERBUFFER_SIZE, &max_rb);
  glGetIntegerv (GL_MAX_VIEWPORT_DIMS, max_vp);
  max_rb = MIN (max_rb, MIN (max_vp[0], max_vp[1]));
  if (w < 1 || h < 1 || w > max_rb || h > max_rb || w > 32767 || h > 32767)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "export size %d×%d is outside 1…%d pixels per side", w, h,
                   MIN (max_rb, 32767));
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_IO,
                   "cannot allocate a %d×%d image: %s", w, h,
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }

  /* GtkGLArea renders into its own FBO: remember and restore whatever was bound. */
  glGetIntegerv (GL_DRAW_FRAMEBUFFER_BINDING, &saved_draw);
  glGetIntegerv (GL_READ_FRAMEBUFFER_BINDING, &saved_read);
  glGetIntegerv (GL_VIEWPORT, saved_viewport);

  glGenFramebuffers (1, &fbo);
  glGenRenderbuffers (2, rbo);
  glBindRenderbuffer (GL_RENDERBUFFER, rbo[0]);
  glRenderbufferStorage (GL_RENDERBUFFER, GL_RGBA8, w, h);
  glBindRenderbuffer (GL_RENDERBUFFER, rbo[1]);
  glRenderbufferStorage (GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, w, h);
  glBindFramebuffer (GL_FRAMEBUFFER, fbo);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rbo[0]);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, rbo[1]);
  status = glCheckFramebufferStatus (GL_FRAMEBUFFER);
  if (status != GL_FRAMEBUFFER_COMPLETE)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_UNSUPPORTED,
                   "offscreen framebuffer of %d×%d is incomplete (0x%x)", w, h, status);
      cairo_surface_destroy (surface);
      surface = NULL;
      goto out;
    }

  view = isc_camera_copy (camera);
  isc_camera_set_viewport (view, w, h);
  isc_point_renderer_set_interactive (renderer, FALSE);
  isc_point_renderer_get_background (renderer, screen_background);
  if (paper || options->background != ISC_FIGURE_BACKGROUND_WHITE)
    isc_point_renderer_set_background (renderer, options->background == ISC_FIGURE_BACKGROUND_BLACK
                                                 ? black
                                                 : options->background == ISC_FIGURE_BACKGROUND_TRANSPARENT
                                                 ? key : white);
  else if (!options->keep_background)
    isc_point_renderer_set_background (renderer, white);
  if (paper)
    isc_point_renderer_set_pixel_scale (renderer, (float) scale);
  isc_point_renderer_draw (renderer, view);
  if (options->extras != NULL)
    isc_mesh_renderer_draw (options->extras, view);
  if (paper)
    isc_point_renderer_set_pixel_scale (renderer, 1.0f);

  /* BGRA + 8_8_8_8_REV is cairo's native 0xAARRGGBB word layout. */
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  glPixelStorei (GL_PACK_ALIGNMENT, 4);
  glPixelStorei (GL_PACK_ROW_LENGTH, stride / 4);
  glReadPixels (0, 0, w, h, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, data);
  glPixelStorei (GL_PACK_ROW_LENGTH, 0);

  /* GL's origin is the bottom-left corner. */
  row = g_malloc (stride);
  for (int y = 0; y < h / 2; y++)
    {
      unsigned char *a = data + (gsize) y * stride;
      unsigned char *b = data + (gsize) (h - 1 - y) * stride;

      memcpy (row, a, stride);
      memcpy (a, b, stride);
      memcpy (b, row, stride);
    }
  cairo_surface_mark_dirty (surface);

  if (options->background == ISC_FIGURE_BACKGROUND_TRANSPARENT)
    {
      /* The key colour is the background: clear it, keep every ion opaque. */
      cairo_surface_t *argb = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
      int astride = cairo_image_surface_get_stride (argb);
      unsigned char *adata;

      cairo_surface_flush (argb);
      adata = cairo_image_surface_get_data (argb);
      for (int y = 0; y < h; y++)
        {
          const guint32 *src = (const guint32 *) (data + (gsize) y * stride);
          guint32 *dst = (guint32 *) (adata + (gsize) y * astride);

          for (int x = 0; x < w; x++)
            dst[x] = (src[x] & 0xffffff) == KEY_RGB ? 0 : (src[x] | 0xff000000u);
        }
      cairo_surface_mark_dirty (argb);
      cairo_surface_destroy (surface);
      surface = argb;
    }

  if (options->legend || options->scale_bar || isc_point_renderer_get_show_axes (renderer))
    {
      cairo_t *cr = cairo_create (surface);
      float background[3], ink[3];
      double f = paper ? scale : 1.0;
      double ow = w / f, oh = h / f;

      isc_point_renderer_get_background (renderer, background);
      isc_ion_overlay_ink_for_background (background, ink);
      if (paper)
        {
          /* Black on white and on nothing (the page is white), white on black. */
          float v = options->background == ISC_FIGURE_BACKGROUND_BLACK ? 1.0f : 0.0f;

          ink[0] = ink[1] = ink[2] = v;
        }
      /* On paper everything is drawn in units of the screen's pixels, scaled to the text size. */
      cairo_scale (cr, f, f);
      if (options->scale_bar)
        isc_ion_overlay_draw_scale_bar (cr, ow, oh, isc_camera_get_nm_per_pixel (view) * f, ink);
      if (options->legend)
        isc_ion_overlay_draw_legend (cr, ow, oh, renderer, ink);
      if (isc_point_renderer_get_show_axes (renderer))
        isc_ion_overlay_draw_axis_labels (cr, oh, view, ISC_POINT_RENDERER_TRIAD_PX, ink);
      cairo_destroy (cr);
    }
  isc_point_renderer_set_background (renderer, screen_background);

out:
  glBindFramebuffer (GL_DRAW_FRAMEBUFFER, saved_draw);
  glBindFramebuffer (GL_READ_FRAMEBUFFER, saved_read);
  glViewport (saved_viewport[0], saved_viewport[1], saved_viewport[2], saved_viewport[3]);
  glDeleteFramebuffers (1, &fbo);
  glDeleteRenderbuffers (2, rbo);
  return surface;
}

gboolean
isc_gl_export_png (IscPointRenderer         *renderer,
                   const IscCamera          *camera,
                   const IscGlExportOptions *options,
                   const char               *path,
                   GError                  **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;

  g_return_val_if_fail (path != NULL, FALSE);

  surface = isc_gl_export_render (renderer, camera, options, error);
  if (surface == NULL)
    return FALSE;
  if (options->dpi > 0 || isc_figure_format_from_path (path) == ISC_FIGURE_FORMAT_TIFF)
    {
      gboolean ok = isc_render_write_raster (surface, path, options->dpi > 0 ? options->dpi : 72,
                                             error);

      cairo_surface_destroy (surface);
      return ok;
    }
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_IO, "%s: cannot write PNG: %s", path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
