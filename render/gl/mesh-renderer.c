/* mesh-renderer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "mesh-renderer.h"
#include "isc-error.h"
#include "gl-program.h"

#include <epoxy/gl.h>
#include <math.h>

/* Per vertex: position, normal, colour (10 floats). */
#define STRIDE 10

static const char mesh_vs[] =
  "#version 330 core\n"
  "layout (location = 0) in vec3 a_pos;\n"
  "layout (location = 1) in vec3 a_normal;\n"
  "layout (location = 2) in vec4 a_color;\n"
  "uniform mat4 u_mvp;\n"
  "out vec3 v_normal;\n"
  "out vec4 v_color;\n"
  "void main ()\n"
  "{\n"
  "  gl_Position = u_mvp * vec4 (a_pos, 1.0);\n"
  "  v_normal = a_normal;\n"
  "  v_color = a_color;\n"
  "}\n";

/* A head light (along the view) lighting both faces: a surface seen from inside is lit too. */
static const char mesh_fs[] =
  "#version 330 core\n"
  "in vec3 v_normal;\n"
  "in vec4 v_color;\n"
  "uniform vec3 u_light;\n"
  "out vec4 frag_color;\n"
  "void main ()\n"
  "{\n"
  "  float d = abs (dot (normalize (v_normal), u_light));\n"
  "  frag_color = vec4 (v_color.rgb * (0.35 + 0.65 * d), v_color.a);\n"
  "}\n";

static const char points_vs[] =
  "#version 330 core\n"
  "layout (location = 0) in vec3 a_pos;\n"
  "layout (location = 1) in vec3 a_color;\n"
  "uniform mat4 u_mvp;\n"
  "uniform float u_size;\n"
  "out vec3 v_color;\n"
  "void main ()\n"
  "{\n"
  "  gl_Position = u_mvp * vec4 (a_pos, 1.0);\n"
  "  gl_PointSize = u_size;\n"
  "  v_color = a_color;\n"
  "}\n";

static const char points_fs[] =
  "#version 330 core\n"
  "in vec3 v_color;\n"
  "out vec4 frag_color;\n"
  "void main ()\n"
  "{\n"
  "  vec2 d = gl_PointCoord * 2.0 - 1.0;\n"
  "  float r2 = dot (d, d);\n"
  "  if (r2 > 1.0)\n"
  "    discard;\n"
  "  frag_color = vec4 (v_color * (0.8 + 0.2 * sqrt (1.0 - r2)), 1.0);\n"
  "}\n";

struct _IscMeshRenderer
{
  GLuint points_program;
  GLint  u_points_mvp;
  GLint  u_points_size;
  GLuint points_vao;
  GLuint points_vbo;
  gsize  n_points;
  float  point_size;
  GLuint program;
  GLint  u_mvp;
  GLint  u_light;
  GLuint vao;
  GLuint vbo;
  GLuint ebo;
  guint  n_triangles;
};

IscMeshRenderer *
isc_mesh_renderer_new (GError **error)
{
  IscMeshRenderer *self;

  if (epoxy_gl_version () < 33)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_UNSUPPORTED, "OpenGL 3.3 is required, this context has %d.%d",
                   epoxy_gl_version () / 10, epoxy_gl_version () % 10);
      return NULL;
    }
  self = g_new0 (IscMeshRenderer, 1);
  self->program = isc_gl_program_link (mesh_vs, mesh_fs, error);
  if (self->program != 0)
    self->points_program = isc_gl_program_link (points_vs, points_fs, error);
  if (self->program == 0 || self->points_program == 0)
    {
      isc_mesh_renderer_free (self);
      return NULL;
    }
  self->u_points_mvp = glGetUniformLocation (self->points_program, "u_mvp");
  self->u_points_size = glGetUniformLocation (self->points_program, "u_size");
  glGenVertexArrays (1, &self->points_vao);
  glGenBuffers (1, &self->points_vbo);
  glBindVertexArray (self->points_vao);
  glBindBuffer (GL_ARRAY_BUFFER, self->points_vbo);
  glEnableVertexAttribArray (0);
  glVertexAttribPointer (0, 3, GL_FLOAT, GL_FALSE, 6 * sizeof (float), (void *) 0);
  glEnableVertexAttribArray (1);
  glVertexAttribPointer (1, 3, GL_FLOAT, GL_FALSE, 6 * sizeof (float), (void *) (3 * sizeof (float)));
  self->u_mvp = glGetUniformLocation (self->program, "u_mvp");
  self->u_light = glGetUniformLocation (self->program, "u_light");
  glGenVertexArrays (1, &self->vao);
  glGenBuffers (1, &self->vbo);
  glGenBuffers (1, &self->ebo);
  glBindVertexArray (self->vao);
  glBindBuffer (GL_ARRAY_BUFFER, self->vbo);
  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, self->ebo);
  glEnableVertexAttribArray (0);
  glVertexAttribPointer (0, 3, GL_FLOAT, GL_FALSE, STRIDE * sizeof (float), (void *) 0);
  glEnableVertexAttribArray (1);
  glVertexAttribPointer (1, 3, GL_FLOAT, GL_FALSE, STRIDE * sizeof (float), (void *) (3 * sizeof (float)));
  glEnableVertexAttribArray (2);
  glVertexAttribPointer (2, 4, GL_FLOAT, GL_FALSE, STRIDE * sizeof (float), (void *) (6 * sizeof (float)));
  glBindVertexArray (0);
  return self;
}

void
isc_mesh_renderer_free (IscMeshRenderer *self)
{
  if (self == NULL)
    return;
  if (self->vao != 0)
    glDeleteVertexArrays (1, &self->vao);
  if (self->vbo != 0)
    glDeleteBuffers (1, &self->vbo);
  if (self->ebo != 0)
    glDeleteBuffers (1, &self->ebo);
  if (self->program != 0)
    glDeleteProgram (self->program);
  if (self->points_vao != 0)
    glDeleteVertexArrays (1, &self->points_vao);
  if (self->points_vbo != 0)
    glDeleteBuffers (1, &self->points_vbo);
  if (self->points_program != 0)
    glDeleteProgram (self->points_program);
  g_free (self);
}

void
isc_mesh_renderer_set_mesh (IscMeshRenderer *self,
                            const float     *vertices,
                            const float     *normals,
                            guint            n_vertices,
                            const guint32   *triangles,
                            guint            n_triangles,
                            const guint32   *surface_of,
                            const float    (*colors)[4],
                            guint            n_surfaces)
{
  g_autofree float *data = NULL;
  static const float fallback[4] = { 0.9f, 0.6f, 0.0f, 0.5f };

  g_return_if_fail (self != NULL);

  self->n_triangles = 0;
  if (n_triangles == 0 || n_vertices == 0)
    return;
  g_return_if_fail (vertices != NULL && triangles != NULL);

  data = g_new0 (float, (gsize) n_vertices * STRIDE);
  for (guint v = 0; v < n_vertices; v++)
    for (int i = 0; i < 3; i++)
      data[(gsize) v * STRIDE + i] = vertices[3 * v + i];
  /* Colours from the triangles (a vertex belongs to one surface); normals given, or summed
   * from the triangles' (area-weighted by the cross product). */
  for (guint t = 0; t < n_triangles; t++)
    {
      guint s = surface_of != NULL ? surface_of[t] : 0;
      const float *rgba = colors != NULL && s < n_surfaces ? colors[s] : fallback;
      const guint32 *tri = triangles + 3 * t;
      float n[3] = { 0, 0, 0 };

      if (normals == NULL)
        {
          const float *a = vertices + 3 * tri[0], *b = vertices + 3 * tri[1], *c = vertices + 3 * tri[2];
          float e1[3] = { b[0] - a[0], b[1] - a[1], b[2] - a[2] };
          float e2[3] = { c[0] - a[0], c[1] - a[1], c[2] - a[2] };

          n[0] = e1[1] * e2[2] - e1[2] * e2[1];
          n[1] = e1[2] * e2[0] - e1[0] * e2[2];
          n[2] = e1[0] * e2[1] - e1[1] * e2[0];
        }
      for (int k = 0; k < 3; k++)
        {
          float *d;

          if (tri[k] >= n_vertices)
            continue;
          d = data + (gsize) tri[k] * STRIDE;
          for (int i = 0; i < 3; i++)
            d[3 + i] += n[i];
          for (int i = 0; i < 4; i++)
            d[6 + i] = rgba[i];
        }
    }
  if (normals != NULL)
    for (guint v = 0; v < n_vertices; v++)
      for (int i = 0; i < 3; i++)
        data[(gsize) v * STRIDE + 3 + i] = normals[3 * v + i];

  glBindVertexArray (self->vao);
  glBindBuffer (GL_ARRAY_BUFFER, self->vbo);
  glBufferData (GL_ARRAY_BUFFER, (GLsizeiptr) ((gsize) n_vertices * STRIDE * sizeof (float)), data, GL_STATIC_DRAW);
  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, self->ebo);
  glBufferData (GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr) ((gsize) n_triangles * 3 * sizeof (guint32)), triangles,
                GL_STATIC_DRAW);
  glBindVertexArray (0);
  self->n_triangles = n_triangles;
}

guint
isc_mesh_renderer_get_n_triangles (IscMeshRenderer *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_triangles;
}

void
isc_mesh_renderer_set_points (IscMeshRenderer *self,
                              const float     *xyz,
                              const float     *rgb,
                              gsize            n,
                              float            size_px)
{
  g_autofree float *data = NULL;

  g_return_if_fail (self != NULL);

  self->n_points = 0;
  self->point_size = size_px;
  if (n == 0)
    return;
  g_return_if_fail (xyz != NULL && rgb != NULL);
  data = g_new (float, n * 6);
  for (gsize i = 0; i < n; i++)
    for (int k = 0; k < 3; k++)
      {
        data[i * 6 + k] = xyz[i * 3 + k];
        data[i * 6 + 3 + k] = rgb[i * 3 + k];
      }
  glBindBuffer (GL_ARRAY_BUFFER, self->points_vbo);
  glBufferData (GL_ARRAY_BUFFER, (GLsizeiptr) (n * 6 * sizeof (float)), data, GL_STATIC_DRAW);
  glBindBuffer (GL_ARRAY_BUFFER, 0);
  self->n_points = n;
}

gsize
isc_mesh_renderer_get_n_points (IscMeshRenderer *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_points;
}

void
isc_mesh_renderer_draw (IscMeshRenderer *self,
                        const IscCamera *camera)
{
  float mvp[16];
  float light[3];
  double dir[3];

  g_return_if_fail (self != NULL);
  g_return_if_fail (camera != NULL);

  if (self->n_triangles == 0 && self->n_points == 0)
    return;
  isc_camera_get_view_projection (camera, mvp);
  isc_camera_get_view_direction (camera, dir);
  for (int i = 0; i < 3; i++)
    light[i] = (float) dir[i];

  glViewport (0, 0, camera->width, camera->height);
  glEnable (GL_DEPTH_TEST);
  if (self->n_points > 0)
    {
      /* At the same depth as the species' points below them: equal depth wins. */
      glDepthFunc (GL_LEQUAL);
      glDisable (GL_BLEND);
      glEnable (GL_PROGRAM_POINT_SIZE);
      glUseProgram (self->points_program);
      glUniformMatrix4fv (self->u_points_mvp, 1, GL_FALSE, mvp);
      glUniform1f (self->u_points_size, self->point_size);
      glBindVertexArray (self->points_vao);
      glDrawArrays (GL_POINTS, 0, (GLsizei) self->n_points);
    }
  if (self->n_triangles == 0)
    {
      glBindVertexArray (0);
      glUseProgram (0);
      glDepthFunc (GL_LESS);
      return;
    }
  glDepthFunc (GL_LESS);
  /* Translucent: the points behind and inside show through; without depth writes the
   * surfaces do not hide one another's far sides. */
  glDepthMask (GL_FALSE);
  glEnable (GL_BLEND);
  glBlendFunc (GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  glDisable (GL_CULL_FACE);
  glUseProgram (self->program);
  glUniformMatrix4fv (self->u_mvp, 1, GL_FALSE, mvp);
  glUniform3fv (self->u_light, 1, light);
  glBindVertexArray (self->vao);
  glDrawElements (GL_TRIANGLES, (GLsizei) (self->n_triangles * 3), GL_UNSIGNED_INT, NULL);
  glBindVertexArray (0);
  glUseProgram (0);
  glDepthMask (GL_TRUE);
  glDisable (GL_BLEND);
}
