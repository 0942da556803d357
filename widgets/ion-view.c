/* ion-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "isc-ion-view"

#include "config.h"

#include "ion-view.h"

#include <epoxy/gl.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "gl-export.h"
#include "ion-overlay.h"
#include "isc-error.h"
#include "isc-task-slot.h"
#include "isc-style.h"
#include "mesh-renderer.h"
#include "plot-export.h"
#include "point-renderer.h"
#include "ion-view-private.h"

#define IDLE_MS_DEFAULT 250
/* Frames further apart than this (µs) do not follow each other: the gap is a pause, not the
 * window's part of a frame. */
#define FRAME_GAP_US 100000
/* Logical pixels: the side of a drawn handle and how near the cursor must come to grab a
 * handle or pick an outline. */
#define HANDLE_SIZE 9.0
#define HANDLE_GRAB 8.0
#define OUTLINE_GRAB 5.0

typedef enum
{
  DRAG_ROTATE,
  DRAG_HANDLE,
  DRAG_NONE,     /* the press only selected a region */
} DragMode;

typedef struct
{
  gboolean has_color, has_size, has_visible;
  float    color[3];
  float    size;
  gboolean visible;
} SpeciesOverride;

struct _IscIonView
{
  GtkGLArea          parent_instance;

  IscPointRenderer  *renderer;
  IscCamera         *camera;
  IscIonCloud       *cloud;        /* a reference */
  IscRangeSet       *ranges;
  gboolean           cloud_dirty;   /* the renderer does not hold self->cloud yet */
  IscPointBatch     *batch;         /* prepared off the main thread, waiting for upload */
  IscTaskSlot       *prepare;       /* the batch being prepared for self->cloud */
  SpeciesOverride    overrides[ISC_POINT_RENDERER_N_SPECIES];
  GArray            *rois;         /* IscRoi */
  double             scale_bar_nm;  /* fixed scale-bar length, or 0 for a nice automatic one */
  GArray            *roi_colors;   /* float[4] */
  int                selected_roi; /* index into rois, or -1 */
  DragMode           drag_mode;
  IscRoiHandle       drag_handle;
  IscRoi             drag_start_roi;
  gboolean           drag_moved;
  gboolean           rois_emit_pending;
  guint              emit_tick;     /* tick callback id: one "rois-changed" per frame */

  GtkWidget         *status_label;
  GtkWidget         *message_label;
  char              *status;
  char              *pending_status;
  guint              status_source;
  guint64            drawn_ions;     /* ions in the picture on screen */
  guint64            pending_drawn;
  gboolean           refining;       /* the picture is still being completed, frame by frame */
  int                sample_percent; /* the share of a cloud larger than the view draws, or 0 */
  guint              refine_tick;
  double             forced_frame_ms; /* tests: the frame time to report instead, or < 0 */
  double             forced_overhead_ms; /* tests: GTK's part of a frame instead, or < 0 */
  gint64             frame_start_us;  /* of our last draw, and its end */
  gint64             frame_end_us;
  double             overhead_ms;     /* GTK's part of a frame, smoothed */
  guint64            frame_budget;    /* ions the last frame was allowed while turning */

  /* interaction */
  gboolean           interactive;
  guint              idle_source;
  guint              idle_ms;
  double             pointer_x;   /* logical px */
  double             pointer_y;
  double             drag_last_x;
  double             drag_last_y;
  double             zoom_last_scale;
  gboolean           show_overlay;

  /* What the spatial analyses add: surfaces and recoloured ions, uploaded at the next draw. */
  IscMeshRenderer   *mesh_renderer;
  gboolean           extras_dirty;
  double             extras_scale;    /* of the uploaded recoloured ions */
  GArray            *mesh_vertices;   /* float */
  GArray            *mesh_normals;    /* float, or empty */
  GArray            *mesh_triangles;  /* guint32 */
  GArray            *mesh_surface_of; /* guint32 */
  GArray            *mesh_colors;     /* float[4] per surface */
  GArray            *label_xyz;       /* float[3] per recoloured ion */
  GArray            *label_rgb;       /* float[3] */
  gboolean           hide_unlabelled;
  gboolean           species_hidden;  /* the renderer's layers are off for hide_unlabelled */
};

G_DEFINE_FINAL_TYPE (IscIonView, isc_ion_view, GTK_TYPE_GL_AREA)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_SHOW_OVERLAY,
  PROP_IDLE_MS,
  PROP_LOADING,
  PROP_SELECTED_ROI,
  PROP_DRAWN_IONS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  ROIS_CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static double
device_scale (IscIonView *self)
{
  return gtk_widget_get_scale_factor (GTK_WIDGET (self));
}

static void
set_status (IscIonView *self,
            const char *status)
{
  /* A direct status is newer than whatever a past frame queued. */
  g_clear_pointer (&self->pending_status, g_free);
  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  gtk_label_set_text (GTK_LABEL (self->status_label), status);
  gtk_widget_set_visible (self->status_label, status[0] != '\0');
  /* Screen readers hear what the map shows, e.g. "Showing 12 % of ions — refining". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  status, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATUS]);
}

static gboolean
apply_status_cb (gpointer data)
{
  IscIonView *self = data;
  g_autofree char *status = g_steal_pointer (&self->pending_status);

  self->status_source = 0;
  if (status != NULL)
    set_status (self, status);
  if (self->pending_drawn != self->drawn_ions)
    {
      self->drawn_ions = self->pending_drawn;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DRAWN_IONS]);
    }
  return G_SOURCE_REMOVE;
}

/* Render runs inside the snapshot, where the label may not change size: apply it later,
 * with the number of ions drawn. */
static void
queue_status (IscIonView *self,
              const char *status,
              guint64     drawn)
{
  self->pending_drawn = drawn;
  if (self->pending_status == NULL && g_strcmp0 (self->status, status) == 0
      && drawn == self->drawn_ions)
    return;
  if (self->pending_status != NULL || g_strcmp0 (self->status, status) != 0)
    {
      g_free (self->pending_status);
      self->pending_status = g_strdup (status);
    }
  /* Above the frame clock's priority: while the picture refines, frames follow each other
   * without a gap, and a default idle would wait for the last one. */
  if (self->status_source == 0)
    self->status_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, apply_status_cb, self,
                                           NULL);
}

/* While the picture is incomplete, every frame adds to it; frames stop once it is whole or
 * the view is off screen (showing it again draws a frame, which resumes). */
static gboolean
refine_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  IscIonView *self = ISC_ION_VIEW (widget);

  if (!self->refining || !gtk_widget_get_mapped (widget))
    {
      self->refine_tick = 0;
      return G_SOURCE_REMOVE;
    }
  gtk_gl_area_queue_render (GTK_GL_AREA (self));
  return G_SOURCE_CONTINUE;
}

static gboolean
idle_cb (gpointer data)
{
  IscIonView *self = data;

  self->idle_source = 0;
  self->interactive = FALSE;
  gtk_gl_area_queue_render (GTK_GL_AREA (self));
  return G_SOURCE_REMOVE;
}

/* Interaction draws a subsample; the full cloud returns once input pauses. */
static void
interaction_tick (IscIonView *self,
                  gboolean    ongoing)
{
  self->interactive = TRUE;
  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (!ongoing)
    self->idle_source = g_timeout_add (self->idle_ms, idle_cb, self);
  gtk_gl_area_queue_render (GTK_GL_AREA (self));
}

static void
apply_species (IscIonView *self)
{
  if (self->renderer == NULL)
    return;
  if (self->ranges != NULL)
    isc_point_renderer_set_species_from_ranges (self->renderer, self->ranges);
  for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
    {
      SpeciesOverride *o = &self->overrides[s];

      if (o->has_color)
        isc_point_renderer_set_species_color (self->renderer, s, o->color);
      if (o->has_size)
        isc_point_renderer_set_species_size (self->renderer, s, o->size);
      if (o->has_visible)
        isc_point_renderer_set_species_visible (self->renderer, s, o->visible);
    }
}

/* Worker thread; @input is a reference to the cloud: every ion, or an even sample of as many
 * as the view draws. */
static gpointer
prepare_batch (gpointer          input,
               GCancellable     *cancellable,
               IscProgressFunc   progress,
               gpointer          progress_data,
               GError          **error)
{
  return isc_point_batch_new_sample (input, isc_point_batch_detail_limit (), cancellable, error);
}

/* Worker thread: an even sample of a large cloud, for the first picture. */
static gpointer
prepare_sample (gpointer          input,
                GCancellable     *cancellable,
                IscProgressFunc   progress,
                gpointer          progress_data,
                GError          **error)
{
  IscPointBatch *batch = isc_point_batch_new_sample (input, ISC_POINT_BATCH_PREVIEW_IONS, cancellable, error);

  if (batch != NULL)
    batch->preview = TRUE;
  return batch;
}

static void prepare_done (gpointer      owner,
                          gpointer      result,
                          const GError *error);

static void
run_prepare (IscIonView *self,
             gboolean    sample_first)
{
  isc_task_slot_run (self->prepare, sample_first ? prepare_sample : prepare_batch,
                     isc_ion_cloud_ref (self->cloud), (GDestroyNotify) isc_ion_cloud_unref,
                     (GDestroyNotify) isc_point_batch_free, prepare_done);
}

/* Main thread, for the newest cloud only. */
static void
prepare_done (gpointer      owner,
              gpointer      result,
              const GError *error)
{
  IscIonView *self = owner;
  IscPointBatch *batch = result;

  if (batch == NULL)
    g_warning ("3-D view: %s", error->message);
  g_clear_pointer (&self->batch, isc_point_batch_free);
  /* Keep it only for a renderer that will take it (a realized view without GL never will). */
  if (gtk_widget_get_realized (GTK_WIDGET (self)) && self->renderer == NULL)
    g_clear_pointer (&batch, isc_point_batch_free);
  self->batch = batch;
  if (batch != NULL)
    self->cloud_dirty = TRUE;
  if (batch != NULL && !batch->preview && self->cloud != NULL && batch->n_vertices < self->cloud->n_ions)
    self->sample_percent = MAX (1, (int) (100.0 * batch->n_vertices / self->cloud->n_ions));
  /* A first picture is shown at once; the detail (every ion, or as many as the view draws)
   * is prepared behind it and replaces it. */
  if (batch != NULL && batch->preview && self->cloud != NULL)
    run_prepare (self, FALSE);
  else
    set_status (self, "");
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
  gtk_gl_area_queue_render (GTK_GL_AREA (self));
}

/* Grouping, quantising and shuffling millions of ions takes a while: a worker thread does
 * it and the GL thread only copies the result into buffers. A preparation still running for
 * an older cloud is cancelled and its result dropped; nobody waits for it. */
static void
start_prepare (IscIonView *self)
{
  gboolean was_loading = isc_task_slot_is_busy (self->prepare);

  isc_task_slot_cancel (self->prepare);
  g_clear_pointer (&self->batch, isc_point_batch_free);
  self->cloud_dirty = TRUE;
  self->sample_percent = 0;

  if (self->cloud != NULL
      && !(gtk_widget_get_realized (GTK_WIDGET (self)) && self->renderer == NULL))
    {
      run_prepare (self, self->cloud->n_ions > ISC_POINT_BATCH_PREVIEW_IONS);
      set_status (self, _("Preparing the 3-D view…"));
    }
  if (was_loading != isc_task_slot_is_busy (self->prepare))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

/* Brings the renderer up to date with self->cloud; synchronously when @wait. */
static void
sync_renderer (IscIonView *self,
               gboolean    wait)
{
  g_autoptr(GError) error = NULL;

  if (!self->cloud_dirty || self->renderer == NULL)
    return;
  /* an export (wait) wants the detail, not the first picture */
  if (wait && self->batch != NULL && self->batch->preview)
    g_clear_pointer (&self->batch, isc_point_batch_free);
  if (self->batch != NULL && self->batch->preview)
    {
      /* The first picture, small: uploaded at once. Still dirty: the detail follows (or, for
       * an export, is uploaded right away). */
      isc_point_renderer_set_batch (self->renderer, self->batch);
      g_clear_pointer (&self->batch, isc_point_batch_free);
      apply_species (self);
      return;
    }
  else if (self->batch != NULL || self->cloud == NULL)
    {
      /* The detail: copied to the GPU a part per frame (or at once by a full draw), and the
       * batch freed then. */
      isc_point_renderer_take_batch (self->renderer, g_steal_pointer (&self->batch));
    }
  else if (wait)
    {
      /* The worker's result would arrive too late: do it here and drop that request. */
      if (isc_task_slot_is_busy (self->prepare))
        {
          isc_task_slot_cancel (self->prepare);
          set_status (self, "");
          g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
        }
      if (!isc_point_renderer_set_cloud (self->renderer, self->cloud, &error))
        g_warning ("3-D view: %s", error->message);
    }
  else
    return;
  self->cloud_dirty = FALSE;
  apply_species (self);
}

static void
show_message (IscIonView   *self,
              const GError *error)
{
  g_autofree char *text = NULL;

  /* Translators: %s is the technical reason, e.g. "Unable to create a GL context". */
  text = g_strdup_printf (_("The 3-D ion map needs OpenGL 3.3, which is not available:\n%s"),
                          error->message);
  gtk_label_set_text (GTK_LABEL (self->message_label), text);
  gtk_widget_set_visible (self->message_label, TRUE);
}

/* The map follows the window's dark style on screen; exports stay white (gl-export.c). */
static void
follow_style (GtkWidget *widget)
{
  IscIonView *self = ISC_ION_VIEW (widget);
  static const float white[3] = { 1.0f, 1.0f, 1.0f }, dark[3] = { 0.12f, 0.12f, 0.13f };

  if (self->renderer == NULL)
    return;
  isc_point_renderer_set_background (self->renderer, isc_style_is_dark () ? dark : white);
  gtk_gl_area_queue_render (GTK_GL_AREA (self));
}

static void
isc_ion_view_realize (GtkWidget *widget)
{
  IscIonView *self = ISC_ION_VIEW (widget);
  GtkGLArea *area = GTK_GL_AREA (widget);
  g_autoptr(GError) error = NULL;

  /* The parent creates the context. */
  GTK_WIDGET_CLASS (isc_ion_view_parent_class)->realize (widget);

  gtk_gl_area_make_current (area);
  if (gtk_gl_area_get_error (area) != NULL)
    {
      show_message (self, gtk_gl_area_get_error (area));
      return;
    }
  self->renderer = isc_point_renderer_new (&error);
  if (self->renderer == NULL)
    {
      gtk_gl_area_set_error (area, error);
      show_message (self, error);
      return;
    }
  gtk_widget_set_visible (self->message_label, FALSE);
  follow_style (widget);
  isc_point_renderer_set_pixel_scale (self->renderer, device_scale (self));
  isc_point_renderer_set_rois (self->renderer, (const IscRoi *) self->rois->data,
                               (const float (*)[4]) self->roi_colors->data, self->rois->len);
  apply_species (self);
  /* A new context has none of the old buffers. */
  if (self->batch == NULL && !isc_task_slot_is_busy (self->prepare))
    start_prepare (self);
}

/* Measured on two busy cores under Xvfb with llvmpipe: while the view turns, GTK's GL
 * renderer takes 60–150 ms a frame to repaint and present the window around a 5 ms draw of
 * ours; the cairo renderer repaints only the view (its picture read back, 0.5 ms at
 * 1280 × 800) in 6–14 ms. */
gboolean
isc_ion_view_prefer_cairo_on_software_gl (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GdkGLContext) context = NULL;
  const char *name;
  gboolean software;

  if (display == NULL || g_getenv ("GSK_RENDERER") != NULL)
    return FALSE;
  context = gdk_display_create_gl_context (display, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return FALSE;
  gdk_gl_context_make_current (context);
  name = (const char *) glGetString (GL_RENDERER);
  software = name != NULL && (strstr (name, "llvmpipe") != NULL || strstr (name, "softpipe") != NULL
                              || strstr (name, "swrast") != NULL);
  gdk_gl_context_clear_current ();
  if (software)
    g_setenv ("GSK_RENDERER", "cairo", FALSE);
  return software;
}

/* A picture left unfinished while the view was off screen goes on. */
static void
isc_ion_view_map (GtkWidget *widget)
{
  IscIonView *self = ISC_ION_VIEW (widget);

  GTK_WIDGET_CLASS (isc_ion_view_parent_class)->map (widget);
  if (self->refining)
    gtk_gl_area_queue_render (GTK_GL_AREA (self));
}

static void
isc_ion_view_unrealize (GtkWidget *widget)
{
  IscIonView *self = ISC_ION_VIEW (widget);

  if (self->renderer != NULL)
    {
      gtk_gl_area_make_current (GTK_GL_AREA (widget));
      g_clear_pointer (&self->renderer, isc_point_renderer_free);
      g_clear_pointer (&self->mesh_renderer, isc_mesh_renderer_free);
      self->extras_dirty = TRUE;
    }
  GTK_WIDGET_CLASS (isc_ion_view_parent_class)->unrealize (widget);
}

/* Surfaces and recoloured ions over the points (mesh-renderer.h), made with the context and
 * uploaded when they changed; recoloured ions are @point_scale × 4 px. NULL when there are
 * none. */
static IscMeshRenderer *
ensure_extras (IscIonView *self,
               double      point_scale)
{
  if (self->mesh_renderer == NULL && (self->mesh_triangles->len > 0 || self->label_xyz->len > 0))
    {
      g_autoptr(GError) error = NULL;

      self->mesh_renderer = isc_mesh_renderer_new (&error);
      if (self->mesh_renderer == NULL)
        {
          g_warning ("%s", error->message);
          return NULL;
        }
      self->extras_dirty = TRUE;
    }
  if (self->mesh_renderer == NULL)
    return NULL;
  if (self->extras_dirty || self->extras_scale != point_scale)
    {
      self->extras_dirty = FALSE;
      self->extras_scale = point_scale;
      isc_mesh_renderer_set_mesh (self->mesh_renderer, (const float *) self->mesh_vertices->data,
                                  self->mesh_normals->len > 0 ? (const float *) self->mesh_normals->data : NULL,
                                  self->mesh_vertices->len / 3, (const guint32 *) self->mesh_triangles->data,
                                  self->mesh_triangles->len / 3, (const guint32 *) self->mesh_surface_of->data,
                                  (const float (*)[4]) self->mesh_colors->data, self->mesh_colors->len / 4);
      isc_mesh_renderer_set_points (self->mesh_renderer, (const float *) self->label_xyz->data,
                                    (const float *) self->label_rgb->data, self->label_xyz->len / 3,
                                    4.0f * (float) point_scale);
    }
  return self->mesh_renderer;
}

static void
draw_extras (IscIonView *self)
{
  IscMeshRenderer *extras = ensure_extras (self, device_scale (self));

  if (extras != NULL)
    isc_mesh_renderer_draw (extras, self->camera);
}

static gboolean
isc_ion_view_render (GtkGLArea    *area,
                     GdkGLContext *context)
{
  IscIonView *self = ISC_ION_VIEW (area);
  double scale = device_scale (self);
  guint64 shown = 0, total = 0;
  gboolean complete = TRUE;
  gint64 start;

  if (gtk_gl_area_get_error (area) != NULL || self->renderer == NULL)
    return FALSE;

  sync_renderer (self, FALSE);

  isc_camera_set_viewport (self->camera, (int) (gtk_widget_get_width (GTK_WIDGET (self)) * scale),
                           (int) (gtk_widget_get_height (GTK_WIDGET (self)) * scale));
  isc_point_renderer_set_pixel_scale (self->renderer, scale);
  isc_point_renderer_set_interactive (self->renderer, self->interactive);
  /* Only the recoloured ions: every species layer off, until they are shown again. */
  if (self->species_hidden)
    apply_species (self);
  self->species_hidden = self->hide_unlabelled && self->label_xyz->len > 0;
  if (self->species_hidden)
    for (guint sp = 0; sp < ISC_POINT_RENDERER_N_SPECIES; sp++)
      isc_point_renderer_set_species_visible (self->renderer, sp, FALSE);
  start = g_get_monotonic_time ();
  /* What the window does with a frame besides our draw — composite it, present it, handle
   * input — is the time from the end of our last draw to this one, when the frames follow
   * each other (a drag, refinement). The level of detail leaves that time out of its budget,
   * so that the whole frame, not just our part of it, keeps to 30 frames per second. */
  if (self->frame_end_us != 0 && start - self->frame_start_us < FRAME_GAP_US)
    {
      double other = (start - self->frame_end_us) / 1000.0;

      self->overhead_ms = self->overhead_ms > 0.0 ? 0.5 * (self->overhead_ms + other) : other;
    }
  if (self->forced_frame_ms >= 0.0)
    isc_point_renderer_set_frame_overhead (self->renderer, MAX (self->forced_overhead_ms, 0.0));
  else
    isc_point_renderer_set_frame_overhead (self->renderer, self->overhead_ms);
  self->frame_budget = self->interactive ? isc_point_renderer_get_lod_budget (self->renderer)
                                          : G_MAXUINT64;
  if (self->interactive)
    /* While turning: a subsample, whole every frame. */
    isc_point_renderer_draw (self->renderer, self->camera);
  else
    /* At rest: the picture grows by a frame's worth of ions until it holds them all. */
    complete = isc_point_renderer_draw_progressive (self->renderer, self->camera,
                                                    isc_point_renderer_get_refine_budget (self->renderer));
  glFinish ();
  /* The frame's real cost steers how many ions the next one draws. */
  isc_point_renderer_report_frame_time (self->renderer, self->forced_frame_ms >= 0.0
                                                        ? self->forced_frame_ms
                                                        : (g_get_monotonic_time () - start) / 1000.0);
  draw_extras (self);
  self->frame_start_us = start;
  self->frame_end_us = g_get_monotonic_time ();

  isc_point_renderer_get_counts (self->renderer, &shown, &total);
  g_debug ("frame: %s, %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " ions, %.1f ms, window %.1f ms",
           self->interactive ? "turning" : complete ? "complete" : "refining", shown, total,
           isc_point_renderer_get_last_frame_ms (self->renderer), self->overhead_ms);
  self->refining = !complete;
  if (self->refining && self->refine_tick == 0)
    self->refine_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), refine_tick_cb, NULL,
                                                      NULL);
  if (isc_task_slot_is_busy (self->prepare))
    queue_status (self, self->status, shown);   /* "Preparing…" stays until the cloud arrives */
  else if (!complete && total > 0)
    {
      g_autofree char *text = NULL;
      int percent = (int) MIN (99, shown * 100 / total);

      /* Translators: the 3-D map draws a large cloud over several frames; %d is the share of
       * ions drawn so far, e.g. "Showing 12 % of ions — refining". */
      text = g_strdup_printf (_("Showing %d %% of ions — refining"), percent);
      queue_status (self, text, shown);
    }
  else if (shown < total)
    {
      g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, shown);
      g_autofree char *m = g_strdup_printf ("%" G_GUINT64_FORMAT, total);
      g_autofree char *text = NULL;

      /* Translators: the view draws a subsample, while it turns or of a cloud larger than it
       * draws at all: "showing 200000 of 5000000 ions". */
      text = g_strdup_printf (g_dngettext (NULL, "showing %s of %s ion", "showing %s of %s ions",
                                           (gulong) MIN (total, G_MAXULONG)), n, m);
      queue_status (self, text, shown);
    }
  else if (self->sample_percent > 0)
    {
      g_autofree char *text = NULL;

      /* Translators: the 3-D map of a cloud larger than it draws at all holds an even sample
       * of its ions, e.g. "a 20 % sample of the ions" (of 10⁹ ions); analyses use them all. */
      text = g_strdup_printf (_("a %d %% sample of the ions"), self->sample_percent);
      queue_status (self, text, shown);
    }
  else
    queue_status (self, "", shown);
  return TRUE;
}

void
_isc_ion_view_force_frame_overhead (IscIonView *self,
                                    double      ms)
{
  g_return_if_fail (ISC_IS_ION_VIEW (self));

  self->forced_overhead_ms = ms;
}

guint64
_isc_ion_view_get_counts (IscIonView *self,
                          guint64    *shown,
                          guint64    *budget)
{
  guint64 total = 0;

  g_return_val_if_fail (ISC_IS_ION_VIEW (self), 0);

  *shown = 0;
  *budget = self->frame_budget;
  if (self->renderer != NULL)
    isc_point_renderer_get_counts (self->renderer, shown, &total);
  return total;
}

static void
isc_ion_view_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  IscIonView *self = ISC_ION_VIEW (widget);
  int min_h, nat_h, min_w, nat_w;

  GTK_WIDGET_CLASS (isc_ion_view_parent_class)->size_allocate (widget, width, height, baseline);
  /* Rendering is on demand (auto-render off): a new size needs a new frame. */
  gtk_gl_area_queue_render (GTK_GL_AREA (widget));

  gtk_widget_measure (self->status_label, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat_w,
                      NULL, NULL);
  gtk_widget_measure (self->status_label, GTK_ORIENTATION_VERTICAL, -1, &min_h, &nat_h,
                      NULL, NULL);
  gtk_widget_size_allocate (self->status_label,
                            &(GtkAllocation) { 6, 6, MIN (nat_w, MAX (width - 12, min_w)), nat_h },
                            -1);
  gtk_widget_measure (self->message_label, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat_w,
                      NULL, NULL);
  gtk_widget_size_allocate (self->message_label,
                            &(GtkAllocation) { 0, 0, MAX (width, min_w), height }, -1);
}

/* Squares in the region's colour with a dark rim at the selected region's handles. */
static void
draw_handles (IscIonView  *self,
              GtkSnapshot *snapshot,
              int          width,
              int          height)
{
  IscRoiHandle handles[ISC_ROI_MAX_HANDLES];
  double positions[ISC_ROI_MAX_HANDLES][3];
  const float *color;
  double s = device_scale (self);
  cairo_t *cr;
  guint n;

  if (self->selected_roi < 0)
    return;
  n = isc_roi_handles_get (&g_array_index (self->rois, IscRoi, self->selected_roi), self->camera,
                           handles, positions);
  if (n == 0)
    return;
  color = (const float *) self->roi_colors->data + 4 * self->selected_roi;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_width (cr, 1.0);
  for (guint k = 0; k < n; k++)
    {
      double px, py;

      if (!isc_camera_project (self->camera, positions[k], &px, &py, NULL))
        continue;
      px /= s;
      py /= s;
      cairo_rectangle (cr, px - HANDLE_SIZE / 2, py - HANDLE_SIZE / 2, HANDLE_SIZE, HANDLE_SIZE);
      cairo_set_source_rgb (cr, color[0], color[1], color[2]);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
isc_ion_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  IscIonView *self = ISC_ION_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  /* Without GL our own message replaces GtkGLArea's terse error screen. */
  if (gtk_gl_area_get_error (GTK_GL_AREA (widget)) != NULL)
    {
      gtk_widget_snapshot_child (widget, self->message_label, snapshot);
      return;
    }

  GTK_WIDGET_CLASS (isc_ion_view_parent_class)->snapshot (widget, snapshot);

  if (self->renderer != NULL && self->show_overlay && self->cloud != NULL && width > 0
      && height > 0)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                               &GRAPHENE_RECT_INIT (0, 0, width, height));
      float background[3], ink[3];

      isc_point_renderer_get_background (self->renderer, background);
      isc_ion_overlay_ink_for_background (background, ink);
      if (self->scale_bar_nm > 0.0)
        isc_ion_overlay_draw_scale_bar_of (cr, width, height,
                                           isc_camera_get_nm_per_pixel (self->camera) * device_scale (self),
                                           self->scale_bar_nm, ink);
      else
        isc_ion_overlay_draw_scale_bar (cr, width, height,
                                        isc_camera_get_nm_per_pixel (self->camera) * device_scale (self),
                                        ink);
      isc_ion_overlay_draw_legend (cr, width, height, self->renderer, ink);
      if (isc_point_renderer_get_show_axes (self->renderer))
        isc_ion_overlay_draw_axis_labels (cr, height, self->camera, ISC_POINT_RENDERER_TRIAD_PX,
                                          ink);
      cairo_destroy (cr);
    }
  if (self->renderer != NULL && width > 0 && height > 0)
    draw_handles (self, snapshot, width, height);
  gtk_widget_snapshot_child (widget, self->status_label, snapshot);
  gtk_widget_snapshot_child (widget, self->message_label, snapshot);
}

/* Input. Cursor positions arrive in logical pixels; the camera works in device pixels. */

/* Regions: the selected one's handles are dragged; a click on an outline selects. */

static void
upload_rois (IscIonView *self)
{
  if (self->renderer != NULL)
    {
      gtk_gl_area_make_current (GTK_GL_AREA (self));
      isc_point_renderer_set_rois (self->renderer, (const IscRoi *) self->rois->data,
                                   (const float (*)[4]) self->roi_colors->data, self->rois->len);
    }
  gtk_gl_area_queue_render (GTK_GL_AREA (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
emit_rois_changed (IscIonView *self)
{
  self->rois_emit_pending = FALSE;
  g_signal_emit (self, signals [ROIS_CHANGED], 0);
}

static gboolean
emit_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       data)
{
  IscIonView *self = ISC_ION_VIEW (widget);

  self->emit_tick = 0;
  if (self->rois_emit_pending)
    emit_rois_changed (self);
  return G_SOURCE_REMOVE;
}

/* The index of the region whose handle or outline lies under (@x, @y) (device px): the
 * selected region's handles win, then the nearest outline. */
static int
pick_roi (IscIonView   *self,
          double        x,
          double        y,
          IscRoiHandle *handle)
{
  double s = device_scale (self), best = OUTLINE_GRAB * s;
  int picked = -1;

  *handle = ISC_ROI_HANDLE_NONE;
  if (self->selected_roi >= 0)
    {
      *handle = isc_roi_handles_hit (&g_array_index (self->rois, IscRoi, self->selected_roi),
                                     self->camera, x, y, HANDLE_GRAB * s);
      if (*handle != ISC_ROI_HANDLE_NONE)
        return self->selected_roi;
    }
  for (guint i = 0; i < self->rois->len; i++)
    {
      double d = isc_roi_outline_distance (&g_array_index (self->rois, IscRoi, i), self->camera,
                                           x, y);

      if (d <= best)
        {
          best = d;
          picked = (int) i;
        }
    }
  return picked;
}

/* The rest of the gesture does nothing (rather than turning the view without a start). */
static void
abandon_handle_drag (IscIonView *self)
{
  if (self->drag_mode == DRAG_HANDLE)
    self->drag_mode = DRAG_NONE;
}

static gboolean
handle_drag_begin (IscIonView   *self,
                   IscRoiHandle  handle)
{
  if (self->selected_roi < 0 || handle == ISC_ROI_HANDLE_NONE)
    return FALSE;
  self->drag_mode = DRAG_HANDLE;
  self->drag_handle = handle;
  self->drag_start_roi = g_array_index (self->rois, IscRoi, self->selected_roi);
  self->drag_moved = FALSE;
  return TRUE;
}

/* Cursor positions in device pixels, relative to the region as it was at the press. */
static gboolean
handle_drag_update (IscIonView *self,
                    double      x0,
                    double      y0,
                    double      x1,
                    double      y1)
{
  IscRoi roi;

  if (self->drag_mode != DRAG_HANDLE || self->selected_roi < 0)
    return FALSE;
  if (!isc_roi_handles_drag (&self->drag_start_roi, self->drag_handle, self->camera,
                             x0, y0, x1, y1, &roi))
    return FALSE;
  g_array_index (self->rois, IscRoi, self->selected_roi) = roi;
  self->drag_moved = TRUE;
  upload_rois (self);
  self->rois_emit_pending = TRUE;
  if (self->emit_tick == 0)
    self->emit_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), emit_tick_cb, NULL, NULL);
  return TRUE;
}

static void
handle_drag_end (IscIonView *self)
{
  if (self->emit_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->emit_tick);
      self->emit_tick = 0;
    }
  self->drag_mode = DRAG_ROTATE;
  self->drag_handle = ISC_ROI_HANDLE_NONE;
  /* The last word on release, even when a frame's emission already went out. */
  if (self->drag_moved)
    emit_rois_changed (self);
  self->drag_moved = FALSE;
}

gboolean
_isc_ion_view_drag_handle (IscIonView   *self,
                           IscRoiHandle  handle,
                           double        x0,
                           double        y0,
                           double        x1,
                           double        y1)
{
  double s;
  gboolean moved;

  g_return_val_if_fail (ISC_IS_ION_VIEW (self), FALSE);

  s = device_scale (self);
  if (!handle_drag_begin (self, handle))
    return FALSE;
  moved = handle_drag_update (self, x0 * s, y0 * s, x1 * s, y1 * s);
  handle_drag_end (self);
  return moved;
}

static void
rotate_begin_cb (GtkGestureDrag *gesture,
                 double          x,
                 double          y,
                 IscIonView     *self)
{
  double s = device_scale (self);
  IscRoiHandle handle;
  int picked;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_mode = DRAG_ROTATE;
  picked = pick_roi (self, x * s, y * s, &handle);
  if (picked >= 0 && handle_drag_begin (self, handle))
    return;
  if (picked >= 0)
    {
      isc_ion_view_select_roi (self, picked);
      self->drag_mode = DRAG_NONE;
      return;
    }
  isc_camera_arcball_begin (self->camera, x * s, y * s);
  interaction_tick (self, TRUE);
}

static void
rotate_update_cb (GtkGestureDrag *gesture,
                  double          dx,
                  double          dy,
                  IscIonView     *self)
{
  double x0, y0, s = device_scale (self);

  gtk_gesture_drag_get_start_point (gesture, &x0, &y0);
  if (self->drag_mode == DRAG_HANDLE)
    handle_drag_update (self, x0 * s, y0 * s, (x0 + dx) * s, (y0 + dy) * s);
  else if (self->drag_mode == DRAG_ROTATE)
    {
      isc_camera_arcball_drag (self->camera, (x0 + dx) * s, (y0 + dy) * s);
      interaction_tick (self, TRUE);
    }
}

static void
rotate_end_cb (GtkGestureDrag *gesture,
               double          dx,
               double          dy,
               IscIonView     *self)
{
  if (self->drag_mode == DRAG_HANDLE)
    handle_drag_end (self);
  else if (self->drag_mode == DRAG_ROTATE)
    {
      isc_camera_arcball_end (self->camera);
      interaction_tick (self, FALSE);
    }
  self->drag_mode = DRAG_ROTATE;
}

static void
pan_begin_cb (GtkGestureDrag *gesture,
              double          x,
              double          y,
              IscIonView     *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_last_x = 0;
  self->drag_last_y = 0;
  interaction_tick (self, TRUE);
}

static void
pan_update_cb (GtkGestureDrag *gesture,
               double          dx,
               double          dy,
               IscIonView     *self)
{
  double s = device_scale (self);

  isc_camera_pan (self->camera, (dx - self->drag_last_x) * s, (dy - self->drag_last_y) * s);
  self->drag_last_x = dx;
  self->drag_last_y = dy;
  interaction_tick (self, TRUE);
}

static void
pan_end_cb (GtkGestureDrag *gesture,
            double          dx,
            double          dy,
            IscIonView     *self)
{
  interaction_tick (self, FALSE);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           IscIonView               *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           IscIonView               *self)
{
  double s = device_scale (self);

  /* Smooth (touchpad) deltas are small fractions; wheel clicks are ±1. */
  isc_camera_zoom (self->camera, pow (1.15, dy), self->pointer_x * s, self->pointer_y * s);
  interaction_tick (self, FALSE);
  return GDK_EVENT_STOP;
}

static void
pinch_begin_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                IscIonView       *self)
{
  self->zoom_last_scale = 1.0;
  interaction_tick (self, TRUE);
}

static void
pinch_scale_cb (GtkGestureZoom *gesture,
                double          scale,
                IscIonView     *self)
{
  double x, y, s = device_scale (self);

  if (!(scale > 0.0))
    return;
  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      x = self->pointer_x;
      y = self->pointer_y;
    }
  isc_camera_zoom (self->camera, self->zoom_last_scale / scale, x * s, y * s);
  self->zoom_last_scale = scale;
  interaction_tick (self, TRUE);
}

static void
pinch_end_cb (GtkGesture       *gesture,
              GdkEventSequence *sequence,
              IscIonView       *self)
{
  interaction_tick (self, FALSE);
}

/* Actions: the same code serves keys, menus and tests. */

static gboolean
parse_axis (const char  *name,
            IscViewAxis *axis)
{
  static const char *names[] = { "+x", "-x", "+y", "-y", "+z", "-z" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      {
        *axis = (IscViewAxis) i;
        return TRUE;
      }
  return FALSE;
}

static void
view_axis_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  IscViewAxis axis;

  if (!parse_axis (g_variant_get_string (parameter, NULL), &axis))
    {
      g_warning ("ion-view.view-axis: unknown axis “%s” (expected +x, -x, +y, -y, +z or -z)",
                 g_variant_get_string (parameter, NULL));
      return;
    }
  isc_ion_view_view_axis (ISC_ION_VIEW (widget), axis);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  isc_ion_view_reset (ISC_ION_VIEW (widget));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  IscIonView *self = ISC_ION_VIEW (widget);
  double factor = g_variant_get_double (parameter);

  if (!(factor > 0.0))
    return;
  isc_camera_zoom (self->camera, factor, self->camera->width / 2.0, self->camera->height / 2.0);
  interaction_tick (self, FALSE);
}

static void
orbit_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  IscIonView *self = ISC_ION_VIEW (widget);
  double dx, dy;

  g_variant_get (parameter, "(dd)", &dx, &dy);
  isc_camera_orbit (self->camera, dx, dy);
  interaction_tick (self, FALSE);
}

/* One click: a cylinder along z (the analysis direction) through the view's centre spanning
 * the data's depth, or along the line of sight through the whole scene; a fifth of the
 * scene radius wide. */
static void
add_cylinder_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  IscIonView *self = ISC_ION_VIEW (widget);
  const char *along = g_variant_get_string (parameter, NULL);
  IscRoi roi = { .kind = ISC_ROI_CYLINDER };

  for (int i = 0; i < 3; i++)
    roi.center[i] = self->camera->target[i];
  roi.radius = 0.2 * self->camera->scene_radius;
  roi.length = 2.0 * self->camera->scene_radius;
  if (g_str_equal (along, "z"))
    {
      roi.axis[2] = 1.0;
      if (self->cloud != NULL)
        {
          roi.center[2] = 0.5 * ((double) self->cloud->bounds_min[2] + self->cloud->bounds_max[2]);
          roi.length = MAX ((double) self->cloud->bounds_max[2] - self->cloud->bounds_min[2], 1e-3);
        }
    }
  else if (g_str_equal (along, "view"))
    isc_camera_get_view_direction (self->camera, roi.axis);
  else
    {
      g_warning ("ion-view.add-cylinder: unknown direction “%s” (expected z or view)", along);
      return;
    }
  isc_ion_view_add_roi (self, &roi, NULL);
}

static void
remove_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  IscIonView *self = ISC_ION_VIEW (widget);

  if (self->selected_roi >= 0)
    isc_ion_view_remove_roi (self, (guint) self->selected_roi);
}

static void
select_none_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  isc_ion_view_select_roi (ISC_ION_VIEW (widget), -1);
}

static void
projection_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  IscIonView *self = ISC_ION_VIEW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  isc_camera_set_projection (self->camera, g_str_equal (name, "orthographic")
                                           ? ISC_PROJECTION_ORTHOGRAPHIC
                                           : ISC_PROJECTION_PERSPECTIVE);
  gtk_gl_area_queue_render (GTK_GL_AREA (self));
}

static void
isc_ion_view_dispose (GObject *object)
{
  IscIonView *self = ISC_ION_VIEW (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->status_source, g_source_remove);
  if (self->refine_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->refine_tick);
  self->refine_tick = 0;
  if (self->emit_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->emit_tick);
  self->emit_tick = 0;
  /* A running preparation holds its own reference to the cloud: cancel it, never wait. */
  isc_task_slot_cancel (self->prepare);
  g_clear_pointer (&self->batch, isc_point_batch_free);
  g_clear_pointer (&self->status_label, gtk_widget_unparent);
  g_clear_pointer (&self->message_label, gtk_widget_unparent);

  G_OBJECT_CLASS (isc_ion_view_parent_class)->dispose (object);
}

static void
isc_ion_view_finalize (GObject *object)
{
  IscIonView *self = ISC_ION_VIEW (object);

  g_clear_pointer (&self->prepare, isc_task_slot_free);
  g_clear_pointer (&self->camera, isc_camera_free);
  g_clear_pointer (&self->cloud, isc_ion_cloud_unref);
  g_clear_pointer (&self->ranges, isc_range_set_free);
  g_clear_pointer (&self->rois, g_array_unref);
  g_clear_pointer (&self->roi_colors, g_array_unref);
  g_clear_pointer (&self->mesh_vertices, g_array_unref);
  g_clear_pointer (&self->mesh_normals, g_array_unref);
  g_clear_pointer (&self->mesh_triangles, g_array_unref);
  g_clear_pointer (&self->mesh_surface_of, g_array_unref);
  g_clear_pointer (&self->mesh_colors, g_array_unref);
  g_clear_pointer (&self->label_xyz, g_array_unref);
  g_clear_pointer (&self->label_rgb, g_array_unref);
  g_free (self->status);
  g_free (self->pending_status);

  G_OBJECT_CLASS (isc_ion_view_parent_class)->finalize (object);
}

static void
isc_ion_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  IscIonView *self = ISC_ION_VIEW (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_SHOW_OVERLAY:
      g_value_set_boolean (value, self->show_overlay);
      break;
    case PROP_IDLE_MS:
      g_value_set_uint (value, self->idle_ms);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, isc_ion_view_get_loading (self));
      break;
    case PROP_SELECTED_ROI:
      g_value_set_int (value, self->selected_roi);
      break;
    case PROP_DRAWN_IONS:
      g_value_set_uint64 (value, self->drawn_ions);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isc_ion_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  IscIonView *self = ISC_ION_VIEW (object);

  switch (prop_id)
    {
    case PROP_SHOW_OVERLAY:
      if (self->show_overlay != g_value_get_boolean (value))
        {
          self->show_overlay = g_value_get_boolean (value);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_IDLE_MS:
      self->idle_ms = g_value_get_uint (value);
      break;
    case PROP_SELECTED_ROI:
      isc_ion_view_select_roi (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_key (GtkWidgetClass *widget_class,
         guint           key,
         const char     *action,
         const char     *format,
         ...)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (key, 0),
                                            gtk_named_action_new (action));

  if (format != NULL)
    {
      va_list args;

      va_start (args, format);
      gtk_shortcut_set_arguments (shortcut, g_variant_new_va (format, NULL, &args));
      va_end (args);
    }
  gtk_widget_class_add_shortcut (widget_class, shortcut);
  g_object_unref (shortcut);
}

static void
isc_ion_view_class_init (IscIonViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkGLAreaClass *area_class = GTK_GL_AREA_CLASS (klass);
  static const struct { guint key; const char *axis; } axis_keys[] = {
    { GDK_KEY_1, "+x" }, { GDK_KEY_2, "-x" }, { GDK_KEY_3, "+y" },
    { GDK_KEY_4, "-y" }, { GDK_KEY_5, "+z" }, { GDK_KEY_6, "-z" },
    { GDK_KEY_KP_1, "+x" }, { GDK_KEY_KP_2, "-x" }, { GDK_KEY_KP_3, "+y" },
    { GDK_KEY_KP_4, "-y" }, { GDK_KEY_KP_5, "+z" }, { GDK_KEY_KP_6, "-z" },
  };

  object_class->dispose = isc_ion_view_dispose;
  object_class->finalize = isc_ion_view_finalize;
  object_class->get_property = isc_ion_view_get_property;
  object_class->set_property = isc_ion_view_set_property;

  widget_class->realize = isc_ion_view_realize;
  widget_class->unrealize = isc_ion_view_unrealize;
  widget_class->map = isc_ion_view_map;
  widget_class->size_allocate = isc_ion_view_size_allocate;
  widget_class->snapshot = isc_ion_view_snapshot;
  area_class->render = isc_ion_view_render;

  properties [PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_SHOW_OVERLAY] =
    g_param_spec_boolean ("show-overlay", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_IDLE_MS] =
    g_param_spec_uint ("idle-ms", NULL, NULL, 1, 60000, IDLE_MS_DEFAULT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /* TRUE while a new cloud is being prepared for the GPU off the main thread. */
  properties [PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Index of the region whose handles are shown and dragged, or -1. */
  properties [PROP_SELECTED_ROI] =
    g_param_spec_int ("selected-roi", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Ions in the picture on screen: a large cloud's picture grows over frames while the view
   * rests, up to every ion of the visible species; a subsample while it turns. */
  properties [PROP_DRAWN_IONS] =
    g_param_spec_uint64 ("drawn-ions", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted when the regions change (set, added, updated, removed, or dragged: at most once
   * per frame while dragging, and once on release); read them with isc_ion_view_get_rois (). */
  signals [ROIS_CHANGED] =
    g_signal_new ("rois-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "ion-view.view-axis", "s", view_axis_action);
  gtk_widget_class_install_action (widget_class, "ion-view.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "ion-view.zoom", "d", zoom_action);
  gtk_widget_class_install_action (widget_class, "ion-view.orbit", "(dd)", orbit_action);
  gtk_widget_class_install_action (widget_class, "ion-view.projection", "s", projection_action);
  gtk_widget_class_install_action (widget_class, "ion-view.add-cylinder", "s",
                                   add_cylinder_action);
  gtk_widget_class_install_action (widget_class, "ion-view.remove-selected", NULL,
                                   remove_selected_action);
  gtk_widget_class_install_action (widget_class, "ion-view.select-none", NULL,
                                   select_none_action);

  for (guint i = 0; i < G_N_ELEMENTS (axis_keys); i++)
    add_key (widget_class, axis_keys[i].key, "ion-view.view-axis", "s", axis_keys[i].axis);
  add_key (widget_class, GDK_KEY_r, "ion-view.reset", NULL);
  add_key (widget_class, GDK_KEY_Delete, "ion-view.remove-selected", NULL);
  add_key (widget_class, GDK_KEY_KP_Delete, "ion-view.remove-selected", NULL);
  add_key (widget_class, GDK_KEY_Escape, "ion-view.select-none", NULL);
  add_key (widget_class, GDK_KEY_Left, "ion-view.orbit", "(dd)", -5.0, 0.0);
  add_key (widget_class, GDK_KEY_Right, "ion-view.orbit", "(dd)", 5.0, 0.0);
  add_key (widget_class, GDK_KEY_Up, "ion-view.orbit", "(dd)", 0.0, -5.0);
  add_key (widget_class, GDK_KEY_Down, "ion-view.orbit", "(dd)", 0.0, 5.0);
  add_key (widget_class, GDK_KEY_plus, "ion-view.zoom", "d", 1 / 1.25);
  add_key (widget_class, GDK_KEY_equal, "ion-view.zoom", "d", 1 / 1.25);
  add_key (widget_class, GDK_KEY_KP_Add, "ion-view.zoom", "d", 1 / 1.25);
  add_key (widget_class, GDK_KEY_minus, "ion-view.zoom", "d", 1.25);
  add_key (widget_class, GDK_KEY_KP_Subtract, "ion-view.zoom", "d", 1.25);

  gtk_widget_class_set_css_name (widget_class, "ionview");
}

/* A drag with @button: its begin, update and end go to the three callbacks. */
static void
add_drag (IscIonView *self,
          guint       button,
          GCallback   begin,
          GCallback   update,
          GCallback   end)
{
  GtkGesture *gesture = gtk_gesture_drag_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), button);
  g_signal_connect_object (gesture, "drag-begin", begin, self, 0);
  g_signal_connect_object (gesture, "drag-update", update, self, 0);
  g_signal_connect_object (gesture, "drag-end", end, self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}

static void
isc_ion_view_init (IscIonView *self)
{
  GtkGesture *gesture;
  GtkEventController *controller;
  GtkGLArea *area = GTK_GL_AREA (self);

  self->prepare = isc_task_slot_new (self, NULL);
  self->mesh_vertices = g_array_new (FALSE, FALSE, sizeof (float));
  self->mesh_normals = g_array_new (FALSE, FALSE, sizeof (float));
  self->mesh_triangles = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->mesh_surface_of = g_array_new (FALSE, TRUE, sizeof (guint32));
  self->mesh_colors = g_array_new (FALSE, FALSE, sizeof (float));
  self->label_xyz = g_array_new (FALSE, FALSE, sizeof (float));
  self->label_rgb = g_array_new (FALSE, FALSE, sizeof (float));
  gtk_gl_area_set_required_version (area, 3, 3);
  isc_style_watch (GTK_WIDGET (self), follow_style);
  gtk_gl_area_set_has_depth_buffer (area, TRUE);
  gtk_gl_area_set_auto_render (area, FALSE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  self->camera = isc_camera_new ();
  self->rois = g_array_new (FALSE, FALSE, sizeof (IscRoi));
  self->roi_colors = g_array_new (FALSE, FALSE, 4 * sizeof (float));
  self->selected_roi = -1;
  self->drag_mode = DRAG_ROTATE;
  self->drag_handle = ISC_ROI_HANDLE_NONE;
  self->status = g_strdup ("");
  self->idle_ms = IDLE_MS_DEFAULT;
  self->show_overlay = TRUE;
  self->forced_frame_ms = -1.0;

  self->status_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->status_label, "osd");
  gtk_widget_set_visible (self->status_label, FALSE);
  gtk_widget_set_can_target (self->status_label, FALSE);
  gtk_widget_set_parent (self->status_label, GTK_WIDGET (self));

  self->message_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->message_label), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->message_label), GTK_JUSTIFY_CENTER);
  gtk_widget_set_visible (self->message_label, FALSE);
  gtk_widget_set_parent (self->message_label, GTK_WIDGET (self));

  add_drag (self, GDK_BUTTON_PRIMARY, G_CALLBACK (rotate_begin_cb), G_CALLBACK (rotate_update_cb),
            G_CALLBACK (rotate_end_cb));
  for (guint button = GDK_BUTTON_MIDDLE; button <= GDK_BUTTON_SECONDARY; button++)
    add_drag (self, button, G_CALLBACK (pan_begin_cb), G_CALLBACK (pan_update_cb), G_CALLBACK (pan_end_cb));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "motion", G_CALLBACK (motion_cb), self, 0);
  g_signal_connect_object (controller, "enter", G_CALLBACK (motion_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (scroll_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_object (gesture, "begin", G_CALLBACK (pinch_begin_cb), self, 0);
  g_signal_connect_object (gesture, "scale-changed", G_CALLBACK (pinch_scale_cb), self, 0);
  g_signal_connect_object (gesture, "end", G_CALLBACK (pinch_end_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}

GtkWidget *
isc_ion_view_new (void)
{
  return g_object_new (ISC_TYPE_ION_VIEW, NULL);
}

void
isc_ion_view_set_cloud (IscIonView        *self,
                        IscIonCloud       *cloud,
                        const IscRangeSet *ranges)
{
  g_return_if_fail (ISC_IS_ION_VIEW (self));

  if (cloud != NULL)
    isc_ion_cloud_ref (cloud);
  g_clear_pointer (&self->cloud, isc_ion_cloud_unref);
  self->cloud = cloud;
  g_clear_pointer (&self->ranges, isc_range_set_free);
  if (ranges != NULL)
    self->ranges = isc_range_set_copy (ranges);
  start_prepare (self);
  if (cloud != NULL)
    isc_camera_set_scene_bounds (self->camera, cloud->bounds_min, cloud->bounds_max);
  apply_species (self);
  gtk_gl_area_queue_render (GTK_GL_AREA (self));
}

static SpeciesOverride *
get_override (IscIonView *self,
              guint       species)
{
  g_return_val_if_fail (ISC_IS_ION_VIEW (self), NULL);
  g_return_val_if_fail (species < ISC_POINT_RENDERER_N_SPECIES, NULL);

  return &self->overrides[species];
}

void
isc_ion_view_set_species_visible (IscIonView *self,
                                  guint       species,
                                  gboolean    visible)
{
  SpeciesOverride *o = get_override (self, species);

  if (o == NULL)
    return;
  o->has_visible = TRUE;
  o->visible = !!visible;
  if (self->renderer != NULL)
    isc_point_renderer_set_species_visible (self->renderer, species, visible);
  gtk_gl_area_queue_render (GTK_GL_AREA (self));
}

void
isc_ion_view_set_species_color (IscIonView   *self,
                                guint         species,
                                const double  rgb[3])
{
  SpeciesOverride *o = get_override (self, species);

  g_return_if_fail (rgb != NULL);
  if (o == NULL)
    return;
  o->has_color = TRUE;
  for (int i = 0; i < 3; i++)
    o->color[i] = (float) rgb[i];
  if (self->renderer != NULL)
    isc_point_renderer_set_species_color (self->renderer, species, o->color);
  gtk_gl_area_queue_render (GTK_GL_AREA (self));
}

void
isc_ion_view_set_species_size (IscIonView *self,
                               guint       species,
                               float       size)
{
  SpeciesOverride *o = get_override (self, species);

  if (o == NULL)
    return;
  o->has_size = TRUE;
  o->size = size;
  if (self->renderer != NULL)
    isc_point_renderer_set_species_size (self->renderer, species, size);
  gtk_gl_area_queue_render (GTK_GL_AREA (self));
}

void
isc_ion_view_set_rois (IscIonView    *self,
                       const IscRoi  *rois,
                       const float  (*colors)[4],
                       guint          n_rois)
{
  static const float magenta[4] = { 0.85f, 0.1f, 0.75f, 1.0f };

  g_return_if_fail (ISC_IS_ION_VIEW (self));
  g_return_if_fail (rois != NULL || n_rois == 0);

  g_array_set_size (self->rois, 0);
  g_array_set_size (self->roi_colors, 0);
  g_array_append_vals (self->rois, rois, n_rois);
  for (guint i = 0; i < n_rois; i++)
    g_array_append_vals (self->roi_colors, colors != NULL ? colors[i] : magenta, 1);
  /* A drag holds an index into the old regions. */
  abandon_handle_drag (self);
  upload_rois (self);
  if (self->selected_roi >= (int) n_rois)
    {
      self->selected_roi = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SELECTED_ROI]);
    }
  emit_rois_changed (self);
}

void
isc_ion_view_add_roi (IscIonView   *self,
                      const IscRoi *roi,
                      const float   color[4])
{
  g_autoptr(GArray) rois = NULL;
  g_autoptr(GArray) colors = NULL;

  g_return_if_fail (ISC_IS_ION_VIEW (self));
  g_return_if_fail (roi != NULL);

  rois = g_array_copy (self->rois);
  colors = g_array_copy (self->roi_colors);
  g_array_append_vals (rois, roi, 1);
  if (color != NULL)
    g_array_append_vals (colors, color, 1);
  else
    {
      static const float magenta[4] = { 0.85f, 0.1f, 0.75f, 1.0f };

      g_array_append_vals (colors, magenta, 1);
    }
  isc_ion_view_set_rois (self, (const IscRoi *) rois->data,
                         (const float (*)[4]) colors->data, rois->len);
  /* A new region is the one the user wants to adjust next. */
  isc_ion_view_select_roi (self, (int) rois->len - 1);
}

int
isc_ion_view_get_selected_roi (IscIonView *self)
{
  g_return_val_if_fail (ISC_IS_ION_VIEW (self), -1);

  return self->selected_roi;
}

void
isc_ion_view_select_roi (IscIonView *self,
                         int         index)
{
  g_return_if_fail (ISC_IS_ION_VIEW (self));
  g_return_if_fail (index >= -1 && index < (int) self->rois->len);

  if (self->selected_roi == index)
    return;
  self->selected_roi = index;
  abandon_handle_drag (self);
  /* A fresh GL frame too: a plain redraw may show an older texture of the area. */
  gtk_gl_area_queue_render (GTK_GL_AREA (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SELECTED_ROI]);
}

void
isc_ion_view_update_roi (IscIonView   *self,
                         guint         index,
                         const IscRoi *roi)
{
  g_return_if_fail (ISC_IS_ION_VIEW (self));
  g_return_if_fail (index < self->rois->len);
  g_return_if_fail (roi != NULL);

  g_array_index (self->rois, IscRoi, index) = *roi;
  upload_rois (self);
  emit_rois_changed (self);
}

void
isc_ion_view_remove_roi (IscIonView *self,
                         guint       index)
{
  int selected;

  g_return_if_fail (ISC_IS_ION_VIEW (self));
  g_return_if_fail (index < self->rois->len);

  g_array_remove_index (self->rois, index);
  g_array_remove_index (self->roi_colors, index);
  abandon_handle_drag (self);
  selected = self->selected_roi;
  if (selected == (int) index)
    selected = -1;
  else if (selected > (int) index)
    selected--;
  upload_rois (self);
  if (selected != self->selected_roi)
    {
      self->selected_roi = selected;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SELECTED_ROI]);
    }
  emit_rois_changed (self);
}

const IscRoi *
isc_ion_view_get_rois (IscIonView *self,
                       guint      *n_rois)
{
  g_return_val_if_fail (ISC_IS_ION_VIEW (self), NULL);
  g_return_val_if_fail (n_rois != NULL, NULL);

  *n_rois = self->rois->len;
  return (const IscRoi *) self->rois->data;
}

IscCamera *
isc_ion_view_get_camera (IscIonView *self)
{
  g_return_val_if_fail (ISC_IS_ION_VIEW (self), NULL);

  return self->camera;
}

void
isc_ion_view_view_axis (IscIonView  *self,
                        IscViewAxis  axis)
{
  g_return_if_fail (ISC_IS_ION_VIEW (self));

  isc_camera_view_axis (self->camera, axis);
  interaction_tick (self, FALSE);
}

void
isc_ion_view_reset (IscIonView *self)
{
  g_return_if_fail (ISC_IS_ION_VIEW (self));

  isc_camera_reset (self->camera);
  interaction_tick (self, FALSE);
}

const char *
isc_ion_view_get_status (IscIonView *self)
{
  g_return_val_if_fail (ISC_IS_ION_VIEW (self), NULL);

  return self->status;
}

gboolean
isc_ion_view_get_loading (IscIonView *self)
{
  g_return_val_if_fail (ISC_IS_ION_VIEW (self), FALSE);

  return isc_task_slot_is_busy (self->prepare);
}

gboolean
isc_ion_view_get_gl_available (IscIonView *self)
{
  g_return_val_if_fail (ISC_IS_ION_VIEW (self), FALSE);

  return self->renderer != NULL;
}

gboolean
isc_ion_view_export_png (IscIonView  *self,
                         const char  *path,
                         int          width,
                         int          height,
                         gboolean     legend,
                         gboolean     scale_bar,
                         GError     **error)
{
  IscGlExportOptions options = { width, height, legend, scale_bar };
  gboolean ok;

  g_return_val_if_fail (ISC_IS_ION_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->renderer == NULL)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_UNSUPPORTED,
                   "%s: cannot export the 3-D view: no OpenGL context", path);
      return FALSE;
    }
  gtk_gl_area_make_current (GTK_GL_AREA (self));
  sync_renderer (self, TRUE);
  /* Export in logical pixels: sprites and triad at their on-screen size. */
  isc_point_renderer_set_pixel_scale (self->renderer, 1.0f);
  /* The figure shows what the view shows: surfaces, cluster colours, hidden other ions. */
  options.extras = ensure_extras (self, 1.0);
  if (self->hide_unlabelled && self->label_xyz->len > 0)
    {
      for (guint sp = 0; sp < ISC_POINT_RENDERER_N_SPECIES; sp++)
        isc_point_renderer_set_species_visible (self->renderer, sp, FALSE);
      self->species_hidden = TRUE;
    }
  ok = isc_gl_export_png (self->renderer, self->camera, &options, path, error);
  isc_point_renderer_set_pixel_scale (self->renderer, device_scale (self));
  gtk_gl_area_queue_render (GTK_GL_AREA (self));
  return ok;
}

static void
paint_image_cb (cairo_t  *cr,
                double    width,
                double    height,
                gpointer  data)
{
  cairo_surface_t *image = data;

  cairo_scale (cr, width / cairo_image_surface_get_width (image),
               height / cairo_image_surface_get_height (image));
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
}

gboolean
isc_ion_view_export_with_options (IscIonView              *self,
                                  const char              *path,
                                  const IscFigureOptions  *figure,
                                  GError                 **error)
{
  IscGlExportOptions options = { 0 };
  IscFigureFormat format;
  cairo_surface_t *image;
  gboolean ok;

  g_return_val_if_fail (ISC_IS_ION_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL && figure != NULL, FALSE);

  if (!isc_figure_options_check (figure, error))
    return FALSE;
  format = isc_figure_format_from_path (path);
  if (format == ISC_FIGURE_FORMAT_UNKNOWN)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "%s: unknown figure format (use .png, .tif, .svg or .pdf)", path);
      return FALSE;
    }
  if (self->renderer == NULL)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_UNSUPPORTED,
                   "%s: cannot export the 3-D view: no OpenGL context", path);
      return FALSE;
    }
  options.width = isc_figure_options_width_px (figure);
  options.height = isc_figure_options_height_px (figure);
  options.legend = TRUE;
  options.scale_bar = TRUE;
  options.dpi = figure->dpi;
  options.font_pt = figure->font_pt;
  options.background = figure->background;
  gtk_gl_area_make_current (GTK_GL_AREA (self));
  sync_renderer (self, TRUE);
  isc_point_renderer_set_pixel_scale (self->renderer, 1.0f);
  if (format == ISC_FIGURE_FORMAT_PNG || format == ISC_FIGURE_FORMAT_TIFF)
    ok = isc_gl_export_png (self->renderer, self->camera, &options, path, error);
  else
    {
      /* PDF and SVG carry the map as an image of the figure's size at its resolution. */
      image = isc_gl_export_render (self->renderer, self->camera, &options, error);
      ok = image != NULL
           && isc_render_export_with_options (path, figure, paint_image_cb, image, error);
      g_clear_pointer (&image, cairo_surface_destroy);
    }
  isc_point_renderer_set_pixel_scale (self->renderer, device_scale (self));
  gtk_gl_area_queue_render (GTK_GL_AREA (self));
  return ok;
}

void
isc_ion_view_set_scale_bar_length (IscIonView *view,
                                   double      length_nm)
{
  g_return_if_fail (ISC_IS_ION_VIEW (view));

  view->scale_bar_nm = length_nm > 0.0 ? length_nm : 0.0;
  gtk_widget_queue_draw (GTK_WIDGET (view));
}

void
isc_ion_view_set_mesh (IscIonView     *view,
                       const float    *vertices,
                       const float    *normals,
                       guint           n_vertices,
                       const guint32  *triangles,
                       guint           n_triangles,
                       const guint32  *surface_of,
                       const float   (*colors)[4],
                       guint           n_surfaces)
{
  g_return_if_fail (ISC_IS_ION_VIEW (view));

  g_array_set_size (view->mesh_vertices, 0);
  g_array_set_size (view->mesh_normals, 0);
  g_array_set_size (view->mesh_triangles, 0);
  g_array_set_size (view->mesh_surface_of, 0);
  g_array_set_size (view->mesh_colors, 0);
  if (n_triangles > 0 && n_vertices > 0)
    {
      g_array_append_vals (view->mesh_vertices, vertices, (guint) n_vertices * 3);
      if (normals != NULL)
        g_array_append_vals (view->mesh_normals, normals, (guint) n_vertices * 3);
      g_array_append_vals (view->mesh_triangles, triangles, n_triangles * 3);
      if (surface_of != NULL)
        g_array_append_vals (view->mesh_surface_of, surface_of, n_triangles);
      else
        g_array_set_size (view->mesh_surface_of, n_triangles);
      if (colors != NULL)
        g_array_append_vals (view->mesh_colors, colors, n_surfaces * 4);
    }
  view->extras_dirty = TRUE;
  gtk_gl_area_queue_render (GTK_GL_AREA (view));
}

guint
isc_ion_view_get_mesh_triangles (IscIonView *view)
{
  g_return_val_if_fail (ISC_IS_ION_VIEW (view), 0);
  return view->mesh_triangles->len / 3;
}

void
isc_ion_view_set_ion_labels (IscIonView    *view,
                             const guint32 *ions,
                             const guint32 *labels,
                             gsize          n,
                             const float  (*colors)[3],
                             guint          n_colors,
                             gboolean       hide_others)
{
  g_return_if_fail (ISC_IS_ION_VIEW (view));
  g_return_if_fail (ions == NULL || n == 0 || labels != NULL);

  g_array_set_size (view->label_xyz, 0);
  g_array_set_size (view->label_rgb, 0);
  view->hide_unlabelled = hide_others;
  if (ions != NULL && view->cloud != NULL && n_colors > 0)
    for (gsize k = 0; k < n; k++)
      if (ions[k] < view->cloud->n_ions)
        {
          guint32 i = ions[k];
          float p[3] = { view->cloud->x[i], view->cloud->y[i], view->cloud->z[i] };

          g_array_append_vals (view->label_xyz, p, 3);
          g_array_append_vals (view->label_rgb, colors[labels[k] % n_colors], 3);
        }
  view->extras_dirty = TRUE;
  gtk_gl_area_queue_render (GTK_GL_AREA (view));
}

gsize
isc_ion_view_get_n_labelled_ions (IscIonView *view)
{
  g_return_val_if_fail (ISC_IS_ION_VIEW (view), 0);
  return view->label_xyz->len / 3;
}

void
_isc_ion_view_force_frame_time (IscIonView *self,
                                double      ms)
{
  g_return_if_fail (ISC_IS_ION_VIEW (self));

  self->forced_frame_ms = ms;
}

guint64
_isc_ion_view_get_lod_budget (IscIonView *self)
{
  g_return_val_if_fail (ISC_IS_ION_VIEW (self), 0);

  return self->renderer != NULL ? isc_point_renderer_get_lod_budget (self->renderer) : 0;
}
