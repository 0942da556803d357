/* point-renderer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "point-renderer.h"
#include "isc-error.h"
#include "gl-program.h"

#include <epoxy/gl.h>
#include <math.h>
#include <string.h>

#define MIN_LOD_BUDGET 20000
#define INITIAL_LOD_BUDGET 200000

/* GLSL 3.30 core. Positions arrive as 16-bit normalised integers over the cloud's bounds. */
static const char point_vs[] =
  "#version 330 core\n"
  "layout (location = 0) in vec4 a_pos;\n"
  "uniform mat4 u_mvp;\n"
  "uniform vec3 u_origin;\n"
  "uniform vec3 u_extent;\n"
  "uniform float u_size;\n"
  "void main ()\n"
  "{\n"
  "  gl_Position = u_mvp * vec4 (u_origin + a_pos.xyz * u_extent, 1.0);\n"
  "  gl_PointSize = u_size;\n"
  "}\n";

/* Round sprites, gently darkened towards the rim so that dense clusters keep some depth. */
static const char point_fs[] =
  "#version 330 core\n"
  "uniform vec3 u_color;\n"
  "out vec4 frag_color;\n"
  "void main ()\n"
  "{\n"
  "  vec2 d = gl_PointCoord * 2.0 - 1.0;\n"
  "  float r2 = dot (d, d);\n"
  "  if (r2 > 1.0)\n"
  "    discard;\n"
  "  frag_color = vec4 (u_color * (0.8 + 0.2 * sqrt (1.0 - r2)), 1.0);\n"
  "}\n";

/* Sprites under 3 px cannot show their roundness; without a discard the rasteriser keeps its
 * early depth test, which matters most on software GL. */
static const char point_small_fs[] =
  "#version 330 core\n"
  "uniform vec3 u_color;\n"
  "out vec4 frag_color;\n"
  "void main ()\n"
  "{\n"
  "  frag_color = vec4 (u_color, 1.0);\n"
  "}\n";

#define ROUND_MIN_PX 3.0f

static const char line_vs[] =
  "#version 330 core\n"
  "layout (location = 0) in vec3 a_pos;\n"
  "uniform mat4 u_mvp;\n"
  "void main ()\n"
  "{\n"
  "  gl_Position = u_mvp * vec4 (a_pos, 1.0);\n"
  "}\n";

static const char line_fs[] =
  "#version 330 core\n"
  "uniform vec4 u_color;\n"
  "out vec4 frag_color;\n"
  "void main ()\n"
  "{\n"
  "  frag_color = u_color;\n"
  "}\n";

typedef struct
{
  char     *name;
  float     color[3];
  float     size;
  gboolean  visible;
  GLuint    vao;
  GLuint    vbo;
  gsize     count;
} Layer;

typedef struct
{
  GLuint id;
  GLint  u_mvp, u_origin, u_extent, u_size, u_color;
} PointProgram;

enum { PROGRAM_ROUND, PROGRAM_SMALL, N_PROGRAMS };

struct _IscPointRenderer
{
  PointProgram points[N_PROGRAMS];
  GLuint      line_program;
  GLint       u_line_mvp, u_line_color;

  Layer       layers[ISC_POINT_RENDERER_N_SPECIES];
  gboolean    has_cloud;
  float       origin[3];     /* nm */
  float       extent[3];     /* nm */
  float       bounds_min[3];
  float       bounds_max[3];
  guint64     gpu_bytes;
  double      upload_ms;

  float       background[3];
  gboolean    show_box;
  gboolean    show_axes;
  float       pixel_scale;

  GLuint      line_vao;
  GLuint      line_vbo;
  guint       n_box_vertices;
  GArray     *roi_vertices;  /* float xyz */
  GArray     *roi_ranges;    /* guint first, count pairs per ROI */
  GArray     *roi_colors;    /* float rgba per ROI */
  gboolean    lines_dirty;

  GLuint      triad_vao;
  GLuint      triad_vbo;

  gboolean    interactive;
  double      budget_ns;
  guint64     lod_budget;
  double      last_frame_ms;
  guint64     shown;
  guint64     total;
};

static void
layer_defaults (Layer *layer,
                guint  species)
{
  if (species == ISC_POINT_RENDERER_UNRANGED)
    {
      layer->color[0] = layer->color[1] = layer->color[2] = 0.6f;
      layer->visible = FALSE;
      layer->name = g_strdup ("unranged");
    }
  else
    {
      layer->color[0] = layer->color[1] = layer->color[2] = 0.3f;
      layer->visible = TRUE;
    }
  layer->size = 2.0f;
}

IscPointRenderer *
isc_point_renderer_new (GError **error)
{
  g_autoptr(IscPointRenderer) self = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (epoxy_gl_version () < 33)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_UNSUPPORTED,
                   "OpenGL 3.3 is needed, the current context offers %d.%d",
                   epoxy_gl_version () / 10, epoxy_gl_version () % 10);
      return NULL;
    }

  self = g_new0 (IscPointRenderer, 1);
  for (guint i = 0; i < ISC_POINT_RENDERER_N_SPECIES; i++)
    layer_defaults (&self->layers[i], i);
  self->background[0] = self->background[1] = self->background[2] = 1.0f;
  self->show_box = TRUE;
  self->show_axes = TRUE;
  self->pixel_scale = 1.0f;
  self->budget_ns = 25e6;
  self->lod_budget = INITIAL_LOD_BUDGET;
  self->last_frame_ms = -1.0;
  self->roi_vertices = g_array_new (FALSE, FALSE, sizeof (float));
  self->roi_ranges = g_array_new (FALSE, FALSE, sizeof (guint));
  self->roi_colors = g_array_new (FALSE, FALSE, sizeof (float));

  for (int p = 0; p < N_PROGRAMS; p++)
    {
      PointProgram *prog = &self->points[p];

      prog->id = isc_gl_program_link (point_vs, p == PROGRAM_ROUND ? point_fs : point_small_fs, error);
      if (prog->id == 0)
        return NULL;
      prog->u_mvp = glGetUniformLocation (prog->id, "u_mvp");
      prog->u_origin = glGetUniformLocation (prog->id, "u_origin");
      prog->u_extent = glGetUniformLocation (prog->id, "u_extent");
      prog->u_size = glGetUniformLocation (prog->id, "u_size");
      prog->u_color = glGetUniformLocation (prog->id, "u_color");
    }
  self->line_program = isc_gl_program_link (line_vs, line_fs, error);
  if (self->line_program == 0)
    return NULL;

  self->u_line_mvp = glGetUniformLocation (self->line_program, "u_mvp");
  self->u_line_color = glGetUniformLocation (self->line_program, "u_color");

  glGenVertexArrays (1, &self->line_vao);
  glGenBuffers (1, &self->line_vbo);
  glBindVertexArray (self->line_vao);
  glBindBuffer (GL_ARRAY_BUFFER, self->line_vbo);
  glEnableVertexAttribArray (0);
  glVertexAttribPointer (0, 3, GL_FLOAT, GL_FALSE, 3 * sizeof (float), NULL);

  {
    /* Triad: x, y, z from the origin, unit length; z (analysis direction) drawn longer. */
    static const float triad[] = {
      0, 0, 0, 0.8f, 0, 0,
      0, 0, 0, 0, 0.8f, 0,
      0, 0, 0, 0, 0, 1.0f,
    };

    glGenVertexArrays (1, &self->triad_vao);
    glGenBuffers (1, &self->triad_vbo);
    glBindVertexArray (self->triad_vao);
    glBindBuffer (GL_ARRAY_BUFFER, self->triad_vbo);
    glBufferData (GL_ARRAY_BUFFER, sizeof triad, triad, GL_STATIC_DRAW);
    glEnableVertexAttribArray (0);
    glVertexAttribPointer (0, 3, GL_FLOAT, GL_FALSE, 3 * sizeof (float), NULL);
  }
  glBindVertexArray (0);

  return g_steal_pointer (&self);
}

static void
release_layers (IscPointRenderer *self)
{
  for (guint i = 0; i < ISC_POINT_RENDERER_N_SPECIES; i++)
    {
      Layer *layer = &self->layers[i];

      if (layer->vbo != 0)
        glDeleteBuffers (1, &layer->vbo);
      if (layer->vao != 0)
        glDeleteVertexArrays (1, &layer->vao);
      layer->vbo = layer->vao = 0;
      layer->count = 0;
    }
  self->has_cloud = FALSE;
  self->gpu_bytes = 0;
}

void
isc_point_renderer_free (IscPointRenderer *self)
{
  if (self == NULL)
    return;

  release_layers (self);
  for (int p = 0; p < N_PROGRAMS; p++)
    if (self->points[p].id != 0)
      glDeleteProgram (self->points[p].id);
  if (self->line_program != 0)
    glDeleteProgram (self->line_program);
  if (self->line_vbo != 0)
    glDeleteBuffers (1, &self->line_vbo);
  if (self->line_vao != 0)
    glDeleteVertexArrays (1, &self->line_vao);
  if (self->triad_vbo != 0)
    glDeleteBuffers (1, &self->triad_vbo);
  if (self->triad_vao != 0)
    glDeleteVertexArrays (1, &self->triad_vao);
  for (guint i = 0; i < ISC_POINT_RENDERER_N_SPECIES; i++)
    g_free (self->layers[i].name);
  g_clear_pointer (&self->roi_vertices, g_array_unref);
  g_clear_pointer (&self->roi_ranges, g_array_unref);
  g_clear_pointer (&self->roi_colors, g_array_unref);
  g_free (self);
}

void
isc_point_renderer_set_batch (IscPointRenderer    *self,
                              const IscPointBatch *batch)
{
  gint64 start;

  g_return_if_fail (self != NULL);

  release_layers (self);
  if (batch == NULL || batch->n_vertices == 0)
    return;

  start = g_get_monotonic_time ();
  memcpy (self->bounds_min, batch->bounds_min, sizeof self->bounds_min);
  memcpy (self->bounds_max, batch->bounds_max, sizeof self->bounds_max);
  memcpy (self->origin, batch->origin, sizeof self->origin);
  memcpy (self->extent, batch->extent, sizeof self->extent);
  if (batch->untyped)
    self->layers[ISC_POINT_RENDERER_UNRANGED].visible = TRUE;

  for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
    {
      Layer *layer = &self->layers[s];

      if (batch->counts[s] == 0)
        continue;
      layer->count = batch->counts[s];
      glGenVertexArrays (1, &layer->vao);
      glGenBuffers (1, &layer->vbo);
      glBindVertexArray (layer->vao);
      glBindBuffer (GL_ARRAY_BUFFER, layer->vbo);
      glBufferData (GL_ARRAY_BUFFER, layer->count * sizeof (guint64),
                    batch->vertices + batch->offsets[s], GL_STATIC_DRAW);
      glEnableVertexAttribArray (0);
      glVertexAttribPointer (0, 4, GL_UNSIGNED_SHORT, GL_TRUE, sizeof (guint64), NULL);
      self->gpu_bytes += layer->count * sizeof (guint64);
    }
  glBindVertexArray (0);
  glFinish ();

  self->has_cloud = TRUE;
  self->lines_dirty = TRUE;
  self->upload_ms = (g_get_monotonic_time () - start) / 1000.0;
}

gboolean
isc_point_renderer_set_cloud (IscPointRenderer   *self,
                              const IscIonCloud  *cloud,
                              GError            **error)
{
  g_autoptr(IscPointBatch) batch = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (cloud != NULL && cloud->n_ions > 0)
    {
      batch = isc_point_batch_new (cloud, NULL, error);
      if (batch == NULL)
        {
          isc_point_renderer_set_batch (self, NULL);
          return FALSE;
        }
    }
  isc_point_renderer_set_batch (self, batch);
  return TRUE;
}

static Layer *
get_layer (IscPointRenderer *self,
           guint             species)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (species < ISC_POINT_RENDERER_N_SPECIES, NULL);

  return &self->layers[species];
}

void
isc_point_renderer_set_species (IscPointRenderer *self,
                                guint             species,
                                const char       *name,
                                const float       rgb[3])
{
  Layer *layer = get_layer (self, species);

  if (layer == NULL)
    return;
  g_free (layer->name);
  layer->name = g_strdup (name);
  if (rgb != NULL)
    memcpy (layer->color, rgb, sizeof layer->color);
}

void
isc_point_renderer_set_species_from_ranges (IscPointRenderer  *self,
                                            const IscRangeSet *ranges)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (ranges != NULL);

  for (guint i = 0; i < ranges->ion_types->len && i < ISC_POINT_RENDERER_UNRANGED; i++)
    {
      const IscIonType *type = g_ptr_array_index (ranges->ion_types, i);
      float rgb[3] = { type->color[0], type->color[1], type->color[2] };

      isc_point_renderer_set_species (self, i, type->name, rgb);
    }
}

void
isc_point_renderer_set_species_color (IscPointRenderer *self,
                                      guint             species,
                                      const float       rgb[3])
{
  Layer *layer = get_layer (self, species);

  g_return_if_fail (rgb != NULL);
  if (layer != NULL)
    memcpy (layer->color, rgb, sizeof layer->color);
}

void
isc_point_renderer_set_species_size (IscPointRenderer *self,
                                     guint             species,
                                     float             size_px)
{
  Layer *layer = get_layer (self, species);

  if (layer != NULL)
    layer->size = CLAMP (size_px, 1.0f, 64.0f);
}

void
isc_point_renderer_set_species_visible (IscPointRenderer *self,
                                        guint             species,
                                        gboolean          visible)
{
  Layer *layer = get_layer (self, species);

  if (layer != NULL)
    layer->visible = !!visible;
}

gsize
isc_point_renderer_get_species (IscPointRenderer  *self,
                                guint              species,
                                const char       **name,
                                float              rgb[3],
                                float             *size_px,
                                gboolean          *visible)
{
  Layer *layer = get_layer (self, species);

  if (layer == NULL)
    return 0;
  if (name != NULL)
    *name = layer->name;
  if (rgb != NULL)
    memcpy (rgb, layer->color, sizeof layer->color);
  if (size_px != NULL)
    *size_px = layer->size;
  if (visible != NULL)
    *visible = layer->visible;
  return layer->count;
}

void
isc_point_renderer_set_background (IscPointRenderer *self,
                                   const float       rgb[3])
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (rgb != NULL);

  memcpy (self->background, rgb, sizeof self->background);
}

void
isc_point_renderer_get_background (IscPointRenderer *self,
                                   float             rgb[3])
{
  g_return_if_fail (self != NULL);

  memcpy (rgb, self->background, sizeof self->background);
}

void
isc_point_renderer_set_show_box (IscPointRenderer *self,
                                 gboolean          show)
{
  g_return_if_fail (self != NULL);

  self->show_box = !!show;
}

void
isc_point_renderer_set_show_axes (IscPointRenderer *self,
                                  gboolean          show)
{
  g_return_if_fail (self != NULL);

  self->show_axes = !!show;
}

gboolean
isc_point_renderer_get_show_axes (IscPointRenderer *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->show_axes;
}

void
isc_point_renderer_set_pixel_scale (IscPointRenderer *self,
                                    float             scale)
{
  g_return_if_fail (self != NULL);

  self->pixel_scale = CLAMP (scale, 0.1f, 16.0f);
}

void
isc_point_renderer_set_rois (IscPointRenderer *self,
                             const IscRoi     *rois,
                             const float     (*colors)[4],
                             guint             n_rois)
{
  static const float magenta[4] = { 0.85f, 0.1f, 0.75f, 1.0f };

  g_return_if_fail (self != NULL);
  g_return_if_fail (rois != NULL || n_rois == 0);

  g_array_set_size (self->roi_vertices, 0);
  g_array_set_size (self->roi_ranges, 0);
  g_array_set_size (self->roi_colors, 0);
  for (guint i = 0; i < n_rois; i++)
    {
      guint first = self->roi_vertices->len / 3;
      guint count = isc_gl_roi_append_outline (&rois[i], self->roi_vertices);

      g_array_append_val (self->roi_ranges, first);
      g_array_append_val (self->roi_ranges, count);
      g_array_append_vals (self->roi_colors, colors != NULL ? colors[i] : magenta, 4);
    }
  self->lines_dirty = TRUE;
}

void
isc_point_renderer_set_interactive (IscPointRenderer *self,
                                    gboolean          interactive)
{
  g_return_if_fail (self != NULL);

  self->interactive = !!interactive;
}

void
isc_point_renderer_set_frame_budget (IscPointRenderer *self,
                                     double            ms)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (ms > 0);

  self->budget_ns = ms * 1e6;
}

guint64
isc_point_renderer_get_lod_budget (IscPointRenderer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->lod_budget;
}

/* Box edges first, then every ROI outline, in one buffer rebuilt only when they change. */
static void
upload_lines (IscPointRenderer *self)
{
  g_autoptr(GArray) v = g_array_new (FALSE, FALSE, sizeof (float));

  if (self->has_cloud)
    {
      IscRoi box = { .kind = ISC_ROI_BOX };

      for (int i = 0; i < 3; i++)
        {
          box.box_min[i] = self->bounds_min[i];
          box.box_max[i] = self->bounds_max[i];
        }
      self->n_box_vertices = isc_gl_roi_append_outline (&box, v);
    }
  else
    self->n_box_vertices = 0;

  g_array_append_vals (v, self->roi_vertices->data, self->roi_vertices->len);
  glBindBuffer (GL_ARRAY_BUFFER, self->line_vbo);
  glBufferData (GL_ARRAY_BUFFER, v->len * sizeof (float), v->data, GL_STATIC_DRAW);
  self->lines_dirty = FALSE;
}

void
isc_point_renderer_report_frame_time (IscPointRenderer *self,
                                      double            ms)
{
  double per_ion, fit;

  g_return_if_fail (self != NULL);

  self->last_frame_ms = ms;
  /* Too few ions say nothing about the cost per ion. */
  if (self->shown < 1000 || !(ms > 0.0))
    return;
  per_ion = ms * 1e6 / self->shown;
  fit = self->budget_ns / per_ion;
  /* Shrink at once when over budget; grow by at most a quarter per frame so a noisy fast
   * frame cannot push the next one far over budget. */
  if (fit < self->lod_budget)
    self->lod_budget = (guint64) fit;
  else
    self->lod_budget = (guint64) MIN (fit, 1.25 * self->lod_budget);
  self->lod_budget = MAX (self->lod_budget, MIN_LOD_BUDGET);
}

static void
draw_points (IscPointRenderer *self,
             const float       mvp[16])
{
  double fraction = 1.0;

  self->total = 0;
  self->shown = 0;
  for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
    if (self->layers[s].visible)
      self->total += self->layers[s].count;
  if (self->interactive && self->total > self->lod_budget)
    fraction = (double) self->lod_budget / self->total;

  for (int p = 0; p < N_PROGRAMS; p++)
    {
      glUseProgram (self->points[p].id);
      glUniformMatrix4fv (self->points[p].u_mvp, 1, GL_FALSE, mvp);
      glUniform3fv (self->points[p].u_origin, 1, self->origin);
      glUniform3fv (self->points[p].u_extent, 1, self->extent);
    }

  for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
    {
      Layer *layer = &self->layers[s];
      const PointProgram *prog;
      float size;
      gsize n;

      if (!layer->visible || layer->count == 0)
        continue;
      n = fraction >= 1.0 ? layer->count : (gsize) ceil (layer->count * fraction);
      n = MIN (n, layer->count);
      size = layer->size * self->pixel_scale;
      prog = &self->points[size < ROUND_MIN_PX ? PROGRAM_SMALL : PROGRAM_ROUND];
      glUseProgram (prog->id);
      glUniform3fv (prog->u_color, 1, layer->color);
      glUniform1f (prog->u_size, size);
      glBindVertexArray (layer->vao);
      glDrawArrays (GL_POINTS, 0, (GLsizei) n);
      self->shown += n;
    }
}

static void
draw_lines (IscPointRenderer *self,
            const float       mvp[16])
{
  float luminance = 0.3f * self->background[0] + 0.6f * self->background[1]
                    + 0.1f * self->background[2];
  float box_color[4] = { 0.5f, 0.5f, 0.5f, 1.0f };

  if (luminance > 0.5f)
    box_color[0] = box_color[1] = box_color[2] = 0.55f;

  if (self->lines_dirty)
    upload_lines (self);

  glUseProgram (self->line_program);
  glUniformMatrix4fv (self->u_line_mvp, 1, GL_FALSE, mvp);
  glBindVertexArray (self->line_vao);
  if (self->show_box && self->n_box_vertices > 0)
    {
      glUniform4fv (self->u_line_color, 1, box_color);
      glDrawArrays (GL_LINES, 0, self->n_box_vertices);
    }
  for (guint i = 0; i < self->roi_ranges->len / 2; i++)
    {
      guint first = g_array_index (self->roi_ranges, guint, 2 * i);
      guint count = g_array_index (self->roi_ranges, guint, 2 * i + 1);

      glUniform4fv (self->u_line_color, 1, &g_array_index (self->roi_colors, float, 4 * i));
      glDrawArrays (GL_LINES, self->n_box_vertices + first, count);
    }
}

/* The triad sits in the lower-left corner and turns with the view (rotation only). */
static void
draw_triad (IscPointRenderer *self,
            const IscCamera  *camera)
{
  static const float colors[3][4] = {
    { 0.84f, 0.15f, 0.16f, 1.0f },   /* x red */
    { 0.17f, 0.63f, 0.17f, 1.0f },   /* y green */
    { 0.12f, 0.47f, 0.71f, 1.0f },   /* z blue: analysis direction */
  };
  int size = (int) (ISC_POINT_RENDERER_TRIAD_PX * self->pixel_scale);
  float m[16];

  isc_camera_get_rotation_matrix (camera, m);
  /* Leave room for the labels around it, and squash depth so the triad never clips. */
  for (int col = 0; col < 3; col++)
    {
      m[col * 4 + 0] *= ISC_POINT_RENDERER_TRIAD_REACH;
      m[col * 4 + 1] *= ISC_POINT_RENDERER_TRIAD_REACH;
      m[col * 4 + 2] *= 0.5f;
    }

  glViewport (0, 0, size, size);
  glDisable (GL_DEPTH_TEST);
  glUseProgram (self->line_program);
  glUniformMatrix4fv (self->u_line_mvp, 1, GL_FALSE, m);
  glBindVertexArray (self->triad_vao);
  for (int a = 0; a < 3; a++)
    {
      glUniform4fv (self->u_line_color, 1, colors[a]);
      glDrawArrays (GL_LINES, 2 * a, 2);
    }
  glEnable (GL_DEPTH_TEST);
  glViewport (0, 0, camera->width, camera->height);
}

void
isc_point_renderer_draw (IscPointRenderer *self,
                         const IscCamera  *camera)
{
  float mvp[16];

  g_return_if_fail (self != NULL);
  g_return_if_fail (camera != NULL);

  glViewport (0, 0, camera->width, camera->height);
  glClearColor (self->background[0], self->background[1], self->background[2], 1.0f);
  glClearDepth (1.0);
  glClear (GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  glEnable (GL_DEPTH_TEST);
  glDepthFunc (GL_LESS);
  glEnable (GL_PROGRAM_POINT_SIZE);
  glDisable (GL_BLEND);

  isc_camera_get_view_projection (camera, mvp);
  if (self->has_cloud)
    draw_points (self, mvp);
  else
    self->shown = self->total = 0;
  draw_lines (self, mvp);
  if (self->show_axes)
    draw_triad (self, camera);

  glBindVertexArray (0);
  glUseProgram (0);
}

void
isc_point_renderer_get_counts (IscPointRenderer *self,
                               guint64          *shown,
                               guint64          *total)
{
  g_return_if_fail (self != NULL);

  if (shown != NULL)
    *shown = self->shown;
  if (total != NULL)
    *total = self->total;
}

gboolean
isc_point_renderer_get_bounds (IscPointRenderer *self,
                               float             min[3],
                               float             max[3])
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->has_cloud)
    return FALSE;
  memcpy (min, self->bounds_min, sizeof self->bounds_min);
  memcpy (max, self->bounds_max, sizeof self->bounds_max);
  return TRUE;
}

guint64
isc_point_renderer_get_gpu_bytes (IscPointRenderer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->gpu_bytes;
}

double
isc_point_renderer_get_upload_ms (IscPointRenderer *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return self->upload_ms;
}

double
isc_point_renderer_get_last_frame_ms (IscPointRenderer *self)
{
  g_return_val_if_fail (self != NULL, -1.0);

  return self->last_frame_ms;
}
