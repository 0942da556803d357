/* point-renderer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "point-renderer.h"
#include "isc-error.h"
#include "gl-program.h"

#include <epoxy/gl.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#ifdef G_OS_UNIX
#include <sys/mman.h>
#include <unistd.h>
#endif

/* A turning needle keeps its shape with this few ions; software GL under load draws about
 * 25 000 in a frame's time. */
#define MIN_LOD_BUDGET ISC_POINT_RENDERER_MIN_LOD_BUDGET
#define INITIAL_LOD_BUDGET 200000
/* Per frame the budget grows by at most this factor (a noisy fast frame must not send the
 * next far over budget), so 10⁸ ions on a fast GPU are reached in some 25 frames. */
#define LOD_GROWTH 1.5
/* Frames whose per-ion cost is remembered: the budget follows the slowest of them. */
#define LOD_HISTORY 3
/* Ions copied into the vertex buffers per progressive step (12 MB: a few ms of memcpy), and
 * per frame while turning (a share of the frame's budget; the rest waits for rest). */
#define UPLOAD_STEP_IONS (2u << 20)
#define UPLOAD_STEP_INTERACTIVE_IONS (1u << 18)
/* Each species' vertices live in buffers of this many ions (1.5 MB), made as the data
 * arrives: a driver that clears a new buffer (llvmpipe does) then never holds a whole
 * untouched copy beside the batch it is copied from, and the part made ahead of the copy
 * (one segment per species) stays small — at 1 M ions a segment, four species held 24 MB
 * beyond the data, 2.4 B/ion of a 10 M-ion cloud at the peak. */
#define SEGMENT_IONS (1u << 18)

/* GLSL 3.30 core. Positions arrive as three 16-bit normalised integers over the cloud's
 * bounds (6 bytes per ion, as the batch holds them). */
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
  GLuint   *vaos;       /* one per SEGMENT_IONS ions, 0 until made */
  GLuint   *vbos;
  guint     n_segments;
  gsize     count;
  gsize     uploaded;   /* the prefix of the buffer that holds data */
  gsize     acc_done;   /* the prefix in the progressive picture */
} Layer;

/* Everything the progressive picture depends on: when any of it changes, it starts over. */
typedef struct
{
  float    mvp[16];
  int      width, height;
  float    background[3];
  float    pixel_scale;
  gboolean show_box;
  guint64  lines_serial;
  guint64  data_serial;
  float    layers[ISC_POINT_RENDERER_N_SPECIES][5];   /* visible, r, g, b, size */
} SceneKey;

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
  double      overhead_ms;   /* of each frame outside our draw (the caller's compositing) */
  double      fixed_ms;      /* of our draw whatever its ions: clear, box, triad */
  int         fixed_width, fixed_height;   /* the viewport fixed_ms was measured for */
  double      per_ion_ns[LOD_HISTORY];     /* of the last interactive frames, 0: none */
  guint       n_per_ion;
  gboolean    refine_measured;             /* refine_budget comes from frames at rest */
  guint64     lod_budget;
  guint64     refine_budget; /* ions per progressive step, steered by those frames alone */
  double      last_frame_ms;
  guint64     shown;
  guint64     total;
  guint64     drawn;         /* ions drawn by the last frame (for the frame-time report) */
  double      points_ms;     /* of the last progressive step's points, or -1 */

  IscPointBatch *pending;    /* owned, copied into the vertex buffers a step at a time */
  guint64     data_serial;
  guint64     lines_serial;

  /* The progressive picture: colour and depth kept between frames in our own framebuffer. */
  GLuint      acc_fbo;
  GLuint      acc_rbo[2];
  int         acc_width, acc_height;
  GLenum      acc_depth_format;
  gboolean    acc_valid;
  guint64     acc_base;      /* ions of a sample the picture began with */
  gsize       stride;        /* of the batch in the buffers: > 1 for a sample */
  gboolean    acc_depth_blit_failed;
  SceneKey    acc_key;
};

static void
layer_defaults (Layer *layer,
                guint  species)
{
  if (species == ISC_POINT_RENDERER_UNRANGED)
    {
      layer->color[0] = layer->color[1] = layer->color[2] = 0.6f;
      layer->visible = FALSE;
      layer->name = g_strdup (_("unranged"));
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
  self->refine_budget = INITIAL_LOD_BUDGET;
  self->last_frame_ms = -1.0;
  self->points_ms = -1.0;
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

      for (guint k = 0; k < layer->n_segments; k++)
        {
          if (layer->vbos[k] != 0)
            glDeleteBuffers (1, &layer->vbos[k]);
          if (layer->vaos[k] != 0)
            glDeleteVertexArrays (1, &layer->vaos[k]);
        }
      g_clear_pointer (&layer->vaos, g_free);
      g_clear_pointer (&layer->vbos, g_free);
      layer->n_segments = 0;
      layer->count = layer->uploaded = layer->acc_done = 0;
    }
  g_clear_pointer (&self->pending, isc_point_batch_free);
  self->has_cloud = FALSE;
  self->gpu_bytes = 0;
  self->data_serial++;
  self->acc_valid = FALSE;
}

static void
release_accumulation (IscPointRenderer *self)
{
  if (self->acc_fbo != 0)
    glDeleteFramebuffers (1, &self->acc_fbo);
  if (self->acc_rbo[0] != 0)
    glDeleteRenderbuffers (2, self->acc_rbo);
  self->acc_fbo = self->acc_rbo[0] = self->acc_rbo[1] = 0;
  self->acc_width = self->acc_height = 0;
  self->acc_valid = FALSE;
}

void
isc_point_renderer_free (IscPointRenderer *self)
{
  if (self == NULL)
    return;

  release_layers (self);
  release_accumulation (self);
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

#define VERTEX_BYTES (3 * sizeof (guint16))

/* Gives the pages wholly inside [start, end) back to the system: the part of a batch already
 * on the GPU is never read again, so the batch shrinks as the GPU copy grows (the allocation
 * itself is freed as usual once all is copied). */
static void
release_copied (const void *start,
                const void *end)
{
#if defined(G_OS_UNIX) && defined(MADV_DONTNEED)
  static gsize page;
  guintptr a, b;

  if (page == 0)
    page = (gsize) sysconf (_SC_PAGESIZE);
  a = ((guintptr) start + page - 1) & ~(guintptr) (page - 1);
  b = (guintptr) end & ~(guintptr) (page - 1);
  if (b > a)
    madvise ((void *) a, b - a, MADV_DONTNEED);
#endif
}

/* Makes segment @k of @layer (its vertex array and buffer) if it does not exist yet. */
static void
ensure_segment (IscPointRenderer *self,
                Layer            *layer,
                guint             k)
{
  gsize first = (gsize) k * SEGMENT_IONS;
  gsize n = MIN (layer->count - first, SEGMENT_IONS);

  if (layer->vbos[k] != 0)
    return;
  glGenVertexArrays (1, &layer->vaos[k]);
  glGenBuffers (1, &layer->vbos[k]);
  glBindVertexArray (layer->vaos[k]);
  glBindBuffer (GL_ARRAY_BUFFER, layer->vbos[k]);
  glBufferData (GL_ARRAY_BUFFER, n * VERTEX_BYTES, NULL, GL_STATIC_DRAW);
  glEnableVertexAttribArray (0);
  glVertexAttribPointer (0, 3, GL_UNSIGNED_SHORT, GL_TRUE, VERTEX_BYTES, NULL);
  glBindVertexArray (0);
  self->gpu_bytes += n * VERTEX_BYTES;
}

/* Copies ions [from, to) of species @s of @batch into its segments (the batch holds them
 * in the buffers' own layout) and lets go of the batch's pages that held them. */
static void
copy_range (IscPointRenderer    *self,
            const IscPointBatch *batch,
            guint                s,
            gsize                from,
            gsize                to)
{
  Layer *layer = &self->layers[s];

  while (from < to)
    {
      guint k = (guint) (from / SEGMENT_IONS);
      gsize seg_first = (gsize) k * SEGMENT_IONS;
      gsize end = MIN (to, seg_first + SEGMENT_IONS);
      const guint16 *src = batch->vertices + 3 * (batch->offsets[s] + from);
      guint16 *dst;

      ensure_segment (self, layer, k);
      glBindBuffer (GL_ARRAY_BUFFER, layer->vbos[k]);
      dst = glMapBufferRange (GL_ARRAY_BUFFER, (from - seg_first) * VERTEX_BYTES,
                              (end - from) * VERTEX_BYTES,
                              GL_MAP_WRITE_BIT | GL_MAP_INVALIDATE_RANGE_BIT);
      if (dst == NULL)
        {
          g_warning ("cannot map %" G_GSIZE_FORMAT " bytes of vertex data",
                     (end - from) * VERTEX_BYTES);
          return;
        }
      memcpy (dst, src, (end - from) * VERTEX_BYTES);
      glUnmapBuffer (GL_ARRAY_BUFFER);
      release_copied (src, src + 3 * (end - from));
      from = end;
    }
  glBindBuffer (GL_ARRAY_BUFFER, 0);
}

/* The vertex buffers of every species of @batch: filled now (@fill), or made segment by
 * segment as a step at a time copies the data. */
static void
allocate_layers (IscPointRenderer    *self,
                 const IscPointBatch *batch,
                 gboolean             fill)
{
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
      layer->n_segments = (guint) ((layer->count + SEGMENT_IONS - 1) / SEGMENT_IONS);
      layer->vaos = g_new0 (GLuint, layer->n_segments);
      layer->vbos = g_new0 (GLuint, layer->n_segments);
      layer->uploaded = 0;
      if (fill)
        {
          /* the caller keeps its batch: copy without giving its pages away */
          for (guint k = 0; k < layer->n_segments; k++)
            {
              gsize first = (gsize) k * SEGMENT_IONS;
              gsize n = MIN (layer->count - first, SEGMENT_IONS);
              const guint16 *src = batch->vertices + 3 * (batch->offsets[s] + first);
              guint16 *dst;

              ensure_segment (self, layer, k);
              glBindBuffer (GL_ARRAY_BUFFER, layer->vbos[k]);
              dst = glMapBufferRange (GL_ARRAY_BUFFER, 0, n * VERTEX_BYTES,
                                      GL_MAP_WRITE_BIT | GL_MAP_INVALIDATE_BUFFER_BIT);
              if (dst == NULL)
                continue;
              memcpy (dst, src, n * VERTEX_BYTES);
              glUnmapBuffer (GL_ARRAY_BUFFER);
            }
          layer->uploaded = layer->count;
        }
    }
  glBindBuffer (GL_ARRAY_BUFFER, 0);
  self->has_cloud = TRUE;
  self->lines_dirty = TRUE;
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
  allocate_layers (self, batch, TRUE);
  self->stride = batch->stride;
  glFinish ();
  self->upload_ms = (g_get_monotonic_time () - start) / 1000.0;
}

void
isc_point_renderer_take_batch (IscPointRenderer *self,
                               IscPointBatch    *batch)
{
  gboolean keep;
  guint64 serial = self->data_serial, base = 0;

  g_return_if_fail (self != NULL);

  /* All ions of the cloud whose sample is on screen: they are drawn over the sample's
   * picture rather than from scratch (the sample's ions are among them, at the same quantised
   * places, so the finished picture is the same). */
  keep = batch != NULL && self->has_cloud && self->stride > 1 && batch->stride == 1
         && self->acc_valid
         && memcmp (self->origin, batch->origin, sizeof self->origin) == 0
         && memcmp (self->extent, batch->extent, sizeof self->extent) == 0;
  if (keep)
    for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
      if (self->layers[s].visible)
        base += self->layers[s].acc_done;
  release_layers (self);
  if (batch == NULL || batch->n_vertices == 0)
    {
      isc_point_batch_free (batch);
      return;
    }
  allocate_layers (self, batch, FALSE);
  self->stride = batch->stride;
  self->pending = batch;
  self->upload_ms = 0.0;
  if (keep)
    {
      self->data_serial = serial;
      self->acc_valid = TRUE;
      self->acc_base = base;
    }
}

/* Copies the next part of every species' random order, in proportion, so that what is in
 * the buffers is always a representative subsample; frees the batch once all is copied. */
static void
upload_step (IscPointRenderer *self,
             guint64           max_ions)
{
  gint64 start = g_get_monotonic_time ();
  double fraction;
  guint64 done = 0;

  if (self->pending == NULL)
    return;
  for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
    done += self->layers[s].uploaded;
  fraction = (double) (done + max_ions) / self->pending->n_vertices;
  for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
    {
      Layer *layer = &self->layers[s];
      gsize n;

      if (layer->uploaded >= layer->count)
        continue;
      n = fraction >= 1.0 ? layer->count : (gsize) ceil (layer->count * fraction);
      n = MIN (n, layer->count);
      if (n <= layer->uploaded)
        continue;
      copy_range (self, self->pending, s, layer->uploaded, n);
      layer->uploaded = n;
    }
  self->upload_ms += (g_get_monotonic_time () - start) / 1000.0;
  if (fraction >= 1.0)
    g_clear_pointer (&self->pending, isc_point_batch_free);
}

gboolean
isc_point_renderer_get_uploading (IscPointRenderer *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->pending != NULL;
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
      /* as many ions as the view draws (an even sample of a larger cloud) */
      batch = isc_point_batch_new_sample (cloud, isc_point_batch_detail_limit (), NULL, error);
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
  self->lines_serial++;
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

guint64
isc_point_renderer_get_refine_budget (IscPointRenderer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->refine_budget;
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
  double per_ion, fixed_ns, available_ns, fit;
  gboolean progressive;
  guint64 *budget;

  g_return_if_fail (self != NULL);

  self->last_frame_ms = ms;
  progressive = self->points_ms >= 0.0;
  budget = progressive ? &self->refine_budget : &self->lod_budget;
  /* Too few ions say nothing about the cost per ion. */
  if (self->drawn < 1000 || !(ms > 0.0))
    return;
  /* A frame costs a part whatever its ions: a progressive step copies its picture (timed
   * apart), every draw clears and adds box and triad (measured per viewport size). */
  if (progressive && self->points_ms > 0.0 && self->points_ms <= ms)
    {
      fixed_ns = (ms - self->points_ms) * 1e6;
      per_ion = self->points_ms * 1e6 / self->drawn;
    }
  else
    {
      fixed_ns = MIN (self->fixed_ms, 0.5 * ms) * 1e6;
      per_ion = (ms * 1e6 - fixed_ns) / self->drawn;
    }
  self->refine_measured |= progressive;
  if (!progressive)
    {
      /* While turning, the slowest of the last frames sets the cost: one quick frame on a
       * busy machine does not send the next one over budget. */
      self->per_ion_ns[self->n_per_ion++ % LOD_HISTORY] = per_ion;
      for (guint i = 0; i < MIN (self->n_per_ion, LOD_HISTORY); i++)
        per_ion = MAX (per_ion, self->per_ion_ns[i]);
    }
  /* What the caller's part of the frame (compositing, presenting) takes is not ours to use;
   * a quarter of the budget is always left for ions, so that something is drawn. */
  available_ns = MAX (self->budget_ns - self->overhead_ms * 1e6 - fixed_ns,
                      0.25 * self->budget_ns);
  fit = available_ns / per_ion;
  /* Shrink at once when over budget; grow by a bounded factor per frame. */
  if (fit < *budget)
    *budget = (guint64) fit;
  else
    *budget = (guint64) MIN (fit, LOD_GROWTH * *budget);
  *budget = MAX (*budget, MIN_LOD_BUDGET);
}

void
isc_point_renderer_set_frame_overhead (IscPointRenderer *self,
                                       double            ms)
{
  g_return_if_fail (self != NULL);

  self->overhead_ms = ms > 0.0 ? ms : 0.0;
}

double
isc_point_renderer_get_frame_overhead (IscPointRenderer *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return self->overhead_ms;
}

static void
use_point_programs (IscPointRenderer *self,
                    const float       mvp[16])
{
  for (int p = 0; p < N_PROGRAMS; p++)
    {
      glUseProgram (self->points[p].id);
      glUniformMatrix4fv (self->points[p].u_mvp, 1, GL_FALSE, mvp);
      glUniform3fv (self->points[p].u_origin, 1, self->origin);
      glUniform3fv (self->points[p].u_extent, 1, self->extent);
    }
}

/* Draws ions [first, end) of @layer's random order. */
static void
draw_layer_range (IscPointRenderer *self,
                  Layer            *layer,
                  gsize             first,
                  gsize             end)
{
  float size = layer->size * self->pixel_scale;
  const PointProgram *prog = &self->points[size < ROUND_MIN_PX ? PROGRAM_SMALL : PROGRAM_ROUND];

  if (end <= first)
    return;
  glUseProgram (prog->id);
  glUniform3fv (prog->u_color, 1, layer->color);
  glUniform1f (prog->u_size, size);
  for (guint k = (guint) (first / SEGMENT_IONS); k <= (end - 1) / SEGMENT_IONS; k++)
    {
      gsize seg_first = (gsize) k * SEGMENT_IONS;
      gsize a = MAX (first, seg_first), b = MIN (end, seg_first + SEGMENT_IONS);

      glBindVertexArray (layer->vaos[k]);
      glDrawArrays (GL_POINTS, (GLint) (a - seg_first), (GLsizei) (b - a));
    }
}

static void
draw_points (IscPointRenderer *self,
             const float       mvp[16])
{
  double fraction = 1.0;
  gsize take[ISC_POINT_RENDERER_N_SPECIES] = { 0 };
  guint64 left;

  self->total = 0;
  self->shown = 0;
  for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
    if (self->layers[s].visible)
      self->total += self->layers[s].count;
  if (self->interactive && self->total > self->lod_budget)
    fraction = (double) self->lod_budget / self->total;

  /* Each species its share of the budget, rounded down, and what rounding leaves to the
   * species it cut short: never more than the budget, and a rare species keeps an ion. */
  left = fraction >= 1.0 ? 0 : self->lod_budget;
  for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
    {
      const Layer *layer = &self->layers[s];

      if (!layer->visible || layer->count == 0)
        continue;
      take[s] = fraction >= 1.0 ? layer->count : (gsize) floor (layer->count * fraction);
      if (fraction < 1.0)
        left -= MIN (left, take[s]);
    }
  for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES && left > 0; s++)
    if (self->layers[s].visible && take[s] < self->layers[s].count)
      {
        take[s]++;
        left--;
      }

  use_point_programs (self, mvp);
  for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
    {
      Layer *layer = &self->layers[s];
      gsize n;

      if (!layer->visible || layer->count == 0)
        continue;
      n = MIN (take[s], layer->uploaded);
      draw_layer_range (self, layer, 0, n);
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

static void
begin_frame (IscPointRenderer *self,
             const IscCamera  *camera)
{
  glViewport (0, 0, camera->width, camera->height);
  glClearColor (self->background[0], self->background[1], self->background[2], 1.0f);
  glClearDepth (1.0);
  glEnable (GL_DEPTH_TEST);
  glDepthFunc (GL_LESS);
  glEnable (GL_PROGRAM_POINT_SIZE);
  glDisable (GL_BLEND);
}

/* The part of a frame that does not depend on its ions, for a viewport size: a clear timed
 * once (the box and triad add little). */
static void
measure_fixed (IscPointRenderer *self,
               const IscCamera  *camera)
{
  gint64 start;

  if (self->fixed_width == camera->width && self->fixed_height == camera->height)
    return;
  begin_frame (self, camera);
  glFinish ();
  start = g_get_monotonic_time ();
  glClear (GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  glFinish ();
  self->fixed_ms = 1.25 * (g_get_monotonic_time () - start) / 1000.0;
  self->fixed_width = camera->width;
  self->fixed_height = camera->height;
}

void
isc_point_renderer_draw (IscPointRenderer *self,
                         const IscCamera  *camera)
{
  float mvp[16];

  g_return_if_fail (self != NULL);
  g_return_if_fail (camera != NULL);

  /* A full picture needs every ion in the buffers; a subsample makes do with what is there,
   * and turning copies only a little more per frame. */
  if (!self->interactive)
    upload_step (self, G_MAXUINT64);
  else
    {
      upload_step (self, UPLOAD_STEP_INTERACTIVE_IONS);
      measure_fixed (self, camera);
      /* The first turn: what frames at rest managed is a better guess than a constant (a
       * 200 000-ion first frame takes a quarter of a second on software GL). */
      if (self->n_per_ion == 0 && self->refine_measured)
        self->lod_budget = MIN (self->lod_budget, MAX (self->refine_budget, MIN_LOD_BUDGET));
    }

  begin_frame (self, camera);
  glClear (GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);

  isc_camera_get_view_projection (camera, mvp);
  if (self->has_cloud)
    draw_points (self, mvp);
  else
    self->shown = self->total = 0;
  self->drawn = self->shown;
  self->points_ms = -1.0;
  draw_lines (self, mvp);
  if (self->show_axes)
    draw_triad (self, camera);

  glBindVertexArray (0);
  glUseProgram (0);
}

static void
scene_key (IscPointRenderer *self,
           const IscCamera  *camera,
           const float       mvp[16],
           SceneKey         *key)
{
  memset (key, 0, sizeof *key);
  memcpy (key->mvp, mvp, sizeof key->mvp);
  key->width = camera->width;
  key->height = camera->height;
  memcpy (key->background, self->background, sizeof key->background);
  key->pixel_scale = self->pixel_scale;
  key->show_box = self->show_box;
  key->lines_serial = self->lines_serial;
  key->data_serial = self->data_serial;
  for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
    {
      const Layer *layer = &self->layers[s];

      if (layer->count == 0 || !layer->visible)
        continue;
      key->layers[s][0] = 1.0f;
      memcpy (&key->layers[s][1], layer->color, sizeof layer->color);
      key->layers[s][4] = layer->size;
    }
}

/* The depth format of the bound draw framebuffer, so that the kept picture's depth can be
 * copied into it (a blit needs equal formats); 0 when it has no depth to copy into. */
static GLenum
target_depth_format (void)
{
  GLint fb = 0, type = GL_NONE, depth = 0, stencil = 0, component = GL_NONE;

  glGetIntegerv (GL_DRAW_FRAMEBUFFER_BINDING, &fb);
  if (fb == 0)
    return 0;
  glGetFramebufferAttachmentParameteriv (GL_DRAW_FRAMEBUFFER, GL_DEPTH_ATTACHMENT,
                                         GL_FRAMEBUFFER_ATTACHMENT_OBJECT_TYPE, &type);
  if (type == GL_NONE)
    return 0;
  glGetFramebufferAttachmentParameteriv (GL_DRAW_FRAMEBUFFER, GL_DEPTH_ATTACHMENT,
                                         GL_FRAMEBUFFER_ATTACHMENT_DEPTH_SIZE, &depth);
  glGetFramebufferAttachmentParameteriv (GL_DRAW_FRAMEBUFFER, GL_DEPTH_ATTACHMENT,
                                         GL_FRAMEBUFFER_ATTACHMENT_STENCIL_SIZE, &stencil);
  glGetFramebufferAttachmentParameteriv (GL_DRAW_FRAMEBUFFER, GL_DEPTH_ATTACHMENT,
                                         GL_FRAMEBUFFER_ATTACHMENT_COMPONENT_TYPE, &component);
  if (component == GL_FLOAT)
    return stencil > 0 ? GL_DEPTH32F_STENCIL8 : GL_DEPTH_COMPONENT32F;
  if (stencil > 0)
    return GL_DEPTH24_STENCIL8;
  if (depth == 16)
    return GL_DEPTH_COMPONENT16;
  if (depth == 32)
    return GL_DEPTH_COMPONENT32;
  return GL_DEPTH_COMPONENT24;
}

static gboolean
ensure_accumulation (IscPointRenderer *self,
                     int               width,
                     int               height,
                     GLenum            depth_format)
{
  GLint saved = 0;
  GLenum status;

  if (self->acc_fbo != 0 && self->acc_width == width && self->acc_height == height
      && self->acc_depth_format == depth_format)
    return TRUE;
  release_accumulation (self);
  glGetIntegerv (GL_FRAMEBUFFER_BINDING, &saved);
  glGenFramebuffers (1, &self->acc_fbo);
  glGenRenderbuffers (2, self->acc_rbo);
  glBindRenderbuffer (GL_RENDERBUFFER, self->acc_rbo[0]);
  glRenderbufferStorage (GL_RENDERBUFFER, GL_RGBA8, width, height);
  glBindRenderbuffer (GL_RENDERBUFFER, self->acc_rbo[1]);
  glRenderbufferStorage (GL_RENDERBUFFER, depth_format, width, height);
  glBindFramebuffer (GL_FRAMEBUFFER, self->acc_fbo);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                             self->acc_rbo[0]);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER,
                             depth_format == GL_DEPTH24_STENCIL8 || depth_format == GL_DEPTH32F_STENCIL8
                             ? GL_DEPTH_STENCIL_ATTACHMENT : GL_DEPTH_ATTACHMENT,
                             GL_RENDERBUFFER, self->acc_rbo[1]);
  status = glCheckFramebufferStatus (GL_FRAMEBUFFER);
  glBindFramebuffer (GL_FRAMEBUFFER, saved);
  if (status != GL_FRAMEBUFFER_COMPLETE)
    {
      release_accumulation (self);
      return FALSE;
    }
  self->acc_width = width;
  self->acc_height = height;
  self->acc_depth_format = depth_format;
  self->acc_depth_blit_failed = FALSE;
  return TRUE;
}

gboolean
isc_point_renderer_draw_progressive (IscPointRenderer *self,
                                     const IscCamera  *camera,
                                     guint64           max_ions)
{
  SceneKey key;
  GLint target = 0;
  GLenum depth_format;
  float mvp[16];
  double fraction;
  guint64 done = 0;
  gboolean restart, complete = TRUE;
  gint64 start;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (camera != NULL, FALSE);

  glGetIntegerv (GL_DRAW_FRAMEBUFFER_BINDING, &target);
  depth_format = target_depth_format ();
  if (camera->width <= 0 || camera->height <= 0
      || !ensure_accumulation (self, camera->width, camera->height,
                               depth_format != 0 ? depth_format : GL_DEPTH24_STENCIL8))
    {
      /* No framebuffer of our own: the whole picture in one go, as before. */
      isc_point_renderer_draw (self, camera);
      return TRUE;
    }

  upload_step (self, UPLOAD_STEP_IONS);
  isc_camera_get_view_projection (camera, mvp);
  scene_key (self, camera, mvp, &key);
  restart = !self->acc_valid || memcmp (&key, &self->acc_key, sizeof key) != 0;

  glBindFramebuffer (GL_FRAMEBUFFER, self->acc_fbo);
  begin_frame (self, camera);
  start = g_get_monotonic_time ();
  if (restart)
    {
      glClear (GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
      for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
        self->layers[s].acc_done = 0;
      self->acc_key = key;
      self->acc_valid = TRUE;
      self->acc_base = 0;
    }

  self->total = 0;
  for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
    if (self->layers[s].visible && self->has_cloud)
      {
        self->total += self->layers[s].count;
        done += self->layers[s].acc_done;
      }
  fraction = self->total > 0 ? (double) (done + max_ions) / self->total : 1.0;

  self->drawn = 0;
  self->shown = 0;
  if (self->has_cloud)
    {
      use_point_programs (self, mvp);
      for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
        {
          Layer *layer = &self->layers[s];
          gsize n;

          if (!layer->visible || layer->count == 0)
            continue;
          n = fraction >= 1.0 ? layer->count : (gsize) ceil (layer->count * fraction);
          n = MIN (MIN (n, layer->count), layer->uploaded);
          if (n > layer->acc_done)
            {
              draw_layer_range (self, layer, layer->acc_done, n);
              self->drawn += n - layer->acc_done;
              layer->acc_done = n;
            }
          self->shown += layer->acc_done;
          complete &= layer->acc_done == layer->count;
        }
    }
  self->shown = MAX (self->shown, self->acc_base);
  /* The box and regions once per picture; later ions are depth-tested against them. */
  if (restart)
    draw_lines (self, mvp);
  glFinish ();
  self->points_ms = (g_get_monotonic_time () - start) / 1000.0;

  /* Show the picture so far: colour, and depth for whatever is drawn over it. */
  glBindFramebuffer (GL_READ_FRAMEBUFFER, self->acc_fbo);
  glBindFramebuffer (GL_DRAW_FRAMEBUFFER, target);
  while (glGetError () != GL_NO_ERROR)
    ;
  if (depth_format != 0 && !self->acc_depth_blit_failed)
    {
      glBlitFramebuffer (0, 0, camera->width, camera->height, 0, 0, camera->width,
                         camera->height, GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT, GL_NEAREST);
      self->acc_depth_blit_failed = glGetError () != GL_NO_ERROR;
    }
  if (depth_format == 0 || self->acc_depth_blit_failed)
    {
      glBlitFramebuffer (0, 0, camera->width, camera->height, 0, 0, camera->width,
                         camera->height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
      glBindFramebuffer (GL_FRAMEBUFFER, target);
      glClear (GL_DEPTH_BUFFER_BIT);
    }
  glBindFramebuffer (GL_FRAMEBUFFER, target);
  if (self->show_axes)
    draw_triad (self, camera);

  glBindVertexArray (0);
  glUseProgram (0);
  return complete && self->pending == NULL;
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
