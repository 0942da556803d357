/* isc-register-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "colormap.h"
#include "image-render.h"
#include "isc-register-view.h"
#include "registration-outline.h"
#include "registration.h"

#define PROFILE_POINTS 200
/* Interactive maps stay under this many bins a side, whatever the needle. */
#define MAX_MAP_SIDE   512

struct _IscRegisterView
{
  GtkWidget            parent_instance;

  IscIonCloud         *cloud;
  const IscRangeSet   *ranges;
  IscImage            *image;
  double               pixel_size_nm;   /* NaN when the image has no calibration */
  IscSiteRegistration *registration;    /* the current transform and the landmarks */
  gboolean             fitted;          /* the transform came from a fit (or was stored) */
  GPtrArray           *elements;        /* char*: the dropdown's elements after "density" */

  IscProjectedMap     *map;
  cairo_surface_t     *image_surface;
  cairo_surface_t     *map_surface;
  float               *overlay;         /* the map on the image's pixels */

  gboolean             pending;         /* a map point is waiting for its image point */
  double               pending_uv[2];
  gboolean             has_line;
  double               line[4];         /* image px: from x, y, to x, y */
  double               drag_start[2];
  double               profile_d[PROFILE_POINTS];
  double               profile_i[PROFILE_POINTS];
  double               profile_m[PROFILE_POINTS];

  /* widget → image: image px = (widget − offset) / zoom */
  double               zoom, offset_x, offset_y;

  GtkWidget           *box;
  GtkDrawingArea      *area;
  GtkDrawingArea      *profile_area;
  GtkDropDown         *element_drop;
  GtkScale            *opacity_scale;
  GtkToggleButton     *profile_toggle;
  GtkWidget           *fit_button;
  GtkWidget           *refine_button;
  GtkWidget           *outline_button;
  GCancellable        *refine_cancellable;
  GtkWidget           *clear_button;
  GtkLabel            *status;
};

G_DEFINE_FINAL_TYPE (IscRegisterView, isc_register_view, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_REGISTERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_status (IscRegisterView *self,
            const char      *text)
{
  gtk_label_set_text (self->status, text);
}

static void
update_buttons (IscRegisterView *self)
{
  guint n = self->registration != NULL ? self->registration->landmarks->len : 0;

  gtk_widget_set_sensitive (self->fit_button, n >= 3 && !isnan (self->pixel_size_nm));
  gtk_widget_set_sensitive (self->refine_button, self->fitted && self->registration != NULL
                                                 && self->refine_cancellable == NULL);
  gtk_widget_set_sensitive (self->clear_button, n > 0 || self->pending);
  gtk_widget_set_sensitive (self->outline_button, self->registration != NULL
                                                  && self->refine_cancellable == NULL);
}

/* The ion types holding the element chosen for the map; FALSE for the density of all ions. */
static gboolean
chosen_ions (IscRegisterView *self,
             gboolean        *selected)
{
  guint choice = gtk_drop_down_get_selected (self->element_drop);
  gboolean any = FALSE;

  memset (selected, 0, 256 * sizeof (gboolean));
  if (choice != GTK_INVALID_LIST_POSITION && choice > 0 && choice <= self->elements->len
      && self->ranges != NULL && self->cloud != NULL && self->cloud->ion_type != NULL)
    {
      const char *element = g_ptr_array_index (self->elements, choice - 1);

      any = isc_range_set_select_element (self->ranges, element, selected);
    }
  return any;
}

/* The map of the chosen quantity in bins of about an image pixel, and its surface on the image. */
static void
rebuild_map (IscRegisterView *self)
{
  const IscRegistration *reg;
  gboolean selected[256] = { FALSE };
  gboolean fraction;
  double extent = 0, bin, low = INFINITY, high = -INFINITY;
  gsize n;

  g_clear_pointer (&self->map, isc_projected_map_free);
  g_clear_pointer (&self->map_surface, cairo_surface_destroy);
  g_clear_pointer (&self->overlay, g_free);
  if (self->cloud == NULL || self->image == NULL || self->registration == NULL)
    return;
  reg = &self->registration->transform;

  fraction = chosen_ions (self, selected);
  for (guint k = 0; k < 3; k++)
    extent = MAX (extent, self->cloud->bounds_max[k] - self->cloud->bounds_min[k]);
  bin = MAX (reg->pixel_size_nm / MAX (reg->scale, 1e-6), extent / MAX_MAP_SIDE);
  self->map = isc_projected_map_new (self->cloud->x, self->cloud->y, self->cloud->z,
                                     self->cloud->n_ions,
                                     fraction ? self->cloud->ion_type : NULL,
                                     fraction ? selected : NULL,
                                     fraction ? ISC_MAP_FRACTION : ISC_MAP_DENSITY, reg->view,
                                     bin, MAX (fraction ? 1.0 : 0.0, 1.5 * bin), NULL);
  if (self->map == NULL)
    return;
  self->overlay = isc_projected_map_resample (self->map, reg, self->image->width,
                                              self->image->height);
  n = (gsize) self->image->width * self->image->height;
  for (gsize i = 0; i < n; i++)
    if (isfinite (self->overlay[i]))
      {
        low = MIN (low, self->overlay[i]);
        high = MAX (high, self->overlay[i]);
      }
  /* Density: transparent where there are (almost) no ions, so the needle's outline shows. */
  if (!fraction)
    for (gsize i = 0; i < n; i++)
      if (isfinite (self->overlay[i]) && self->overlay[i] < low + 0.02 * (high - low))
        self->overlay[i] = NAN;
  if (high > low)
    self->map_surface = isc_image_render_float (self->overlay, self->image->width,
                                                self->image->height, low, high, 1.0,
                                                ISC_COLORMAP_VIRIDIS);
}

/* Without a stored registration: the map's centre on the image's centre, scale 1, no turn. */
static void
initial_transform (IscRegisterView *self)
{
  IscRegistration *reg = &self->registration->transform;
  double centre[2], p[2];

  isc_registration_init (reg, NULL, self->pixel_size_nm, 0, 1, 0, 0);
  centre[0] = (self->cloud->bounds_min[0] + self->cloud->bounds_max[0]) / 2;
  centre[1] = (self->cloud->bounds_min[1] + self->cloud->bounds_max[1]) / 2;
  isc_registration_apply_uv (reg, centre, p);
  reg->translation_px[0] = self->image->width / 2.0 - p[0];
  reg->translation_px[1] = self->image->height / 2.0 - p[1];
}

static void
widget_to_image (IscRegisterView *self,
                 double           wx,
                 double           wy,
                 double           px[2])
{
  px[0] = (wx - self->offset_x) / self->zoom;
  px[1] = (wy - self->offset_y) / self->zoom;
}

static void
draw_marker (cairo_t *cr,
             double   x,
             double   y,
             double   r,
             gboolean cross)
{
  if (cross)
    {
      cairo_move_to (cr, x - r, y);
      cairo_line_to (cr, x + r, y);
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x, y + r);
    }
  else
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
    }
  cairo_stroke (cr);
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        data)
{
  IscRegisterView *self = data;
  double w, h;

  if (self->image_surface == NULL)
    return;
  w = self->image->width;
  h = self->image->height;
  self->zoom = MIN (width / w, height / h);
  self->offset_x = (width - w * self->zoom) / 2;
  self->offset_y = (height - h * self->zoom) / 2;

  cairo_save (cr);
  cairo_translate (cr, self->offset_x, self->offset_y);
  cairo_scale (cr, self->zoom, self->zoom);
  cairo_set_source_surface (cr, self->image_surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  if (self->map_surface != NULL)
    {
      cairo_set_source_surface (cr, self->map_surface, 0, 0);
      cairo_paint_with_alpha (cr, gtk_range_get_value (GTK_RANGE (self->opacity_scale)));
    }
  cairo_restore (cr);

  /* Landmarks: the map's point (circle) where the transform puts it, the image's (cross), and
   * the misfit between them. */
  cairo_set_line_width (cr, 2);
  for (guint i = 0; self->registration != NULL && i < self->registration->landmarks->len; i++)
    {
      const IscLandmark *l = &g_array_index (self->registration->landmarks, IscLandmark, i);
      double p[2];

      isc_registration_apply (&self->registration->transform, l->apt_nm, p);
      cairo_set_source_rgb (cr, 1.0, 0.55, 0.0);
      draw_marker (cr, self->offset_x + p[0] * self->zoom, self->offset_y + p[1] * self->zoom, 6,
                   FALSE);
      cairo_set_source_rgb (cr, 0.3, 0.9, 1.0);
      draw_marker (cr, self->offset_x + l->image_px[0] * self->zoom,
                   self->offset_y + l->image_px[1] * self->zoom, 7, TRUE);
      cairo_move_to (cr, self->offset_x + p[0] * self->zoom, self->offset_y + p[1] * self->zoom);
      cairo_line_to (cr, self->offset_x + l->image_px[0] * self->zoom,
                     self->offset_y + l->image_px[1] * self->zoom);
      cairo_stroke (cr);
    }
  if (self->pending && self->registration != NULL)
    {
      double p[2];

      isc_registration_apply_uv (&self->registration->transform, self->pending_uv, p);
      cairo_set_source_rgb (cr, 1.0, 0.55, 0.0);
      draw_marker (cr, self->offset_x + p[0] * self->zoom, self->offset_y + p[1] * self->zoom, 9,
                   FALSE);
    }
  if (self->has_line)
    {
      cairo_set_source_rgb (cr, 1, 1, 0.2);
      cairo_move_to (cr, self->offset_x + self->line[0] * self->zoom,
                     self->offset_y + self->line[1] * self->zoom);
      cairo_line_to (cr, self->offset_x + self->line[2] * self->zoom,
                     self->offset_y + self->line[3] * self->zoom);
      cairo_stroke (cr);
    }
}

/* Both profiles on one distance axis, each scaled to its own range (intensity white-grey on the
 * left, the APT map in the map's colour on the right). */
static void
profile_draw_cb (GtkDrawingArea *area,
                 cairo_t        *cr,
                 int             width,
                 int             height,
                 gpointer        data)
{
  IscRegisterView *self = data;
  const double *series[2] = { self->profile_i, self->profile_m };
  const double colors[2][3] = { { 0.45, 0.45, 0.45 }, { 0.13, 0.57, 0.55 } };
  double left = 8, right = width - 8, top = 8, bottom = height - 22, total;
  PangoLayout *layout;
  char text[64];

  if (!self->has_line)
    return;
  total = self->profile_d[PROFILE_POINTS - 1];
  cairo_set_source_rgb (cr, 0.5, 0.5, 0.5);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, left, top, right - left, bottom - top);
  cairo_stroke (cr);
  for (guint s = 0; s < 2; s++)
    {
      double lo = INFINITY, hi = -INFINITY;
      gboolean drawing = FALSE;

      for (guint i = 0; i < PROFILE_POINTS; i++)
        if (isfinite (series[s][i]))
          {
            lo = MIN (lo, series[s][i]);
            hi = MAX (hi, series[s][i]);
          }
      if (!(hi > lo))
        continue;
      cairo_set_source_rgb (cr, colors[s][0], colors[s][1], colors[s][2]);
      cairo_set_line_width (cr, 2);
      for (guint i = 0; i < PROFILE_POINTS; i++)
        {
          double x = left + (right - left) * self->profile_d[i] / MAX (total, 1e-9);
          double y = bottom - (bottom - top) * (series[s][i] - lo) / (hi - lo);

          if (!isfinite (series[s][i]))
            {
              drawing = FALSE;
              continue;
            }
          if (drawing)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          drawing = TRUE;
        }
      cairo_stroke (cr);
    }
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);
  g_snprintf (text, sizeof text, _("%.1f nm along the line"), total);
  pango_layout_set_text (layout, text, -1);
  cairo_set_source_rgb (cr, 0.5, 0.5, 0.5);
  cairo_move_to (cr, left, bottom + 3);
  pango_cairo_show_layout (cr, layout);
  /* The legend: which curve is which. */
  for (guint s = 0; s < 2; s++)
    {
      int tw, th;

      pango_layout_set_text (layout, s == 0 ? _("Image intensity") : _("APT map"), -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      cairo_set_source_rgb (cr, colors[s][0], colors[s][1], colors[s][2]);
      cairo_move_to (cr, right - tw - 4, top + 2 + s * (th + 2));
      pango_cairo_show_layout (cr, layout);
    }
  g_object_unref (layout);
}

static double
sample_image (const IscImage *image,
              double          x,
              double          y)
{
  const float *pixels = isc_image_frame_const (image, 0);
  guint x0, y0;
  double fx, fy;

  if (!(x >= 0 && y >= 0 && x <= image->width - 1 && y <= image->height - 1)
      || image->width < 2 || image->height < 2)
    return NAN;
  x0 = MIN ((guint) x, image->width - 2);
  y0 = MIN ((guint) y, image->height - 2);
  fx = x - x0;
  fy = y - y0;
  return (1 - fy) * ((1 - fx) * pixels[(gsize) y0 * image->width + x0]
                     + fx * pixels[(gsize) y0 * image->width + x0 + 1])
         + fy * ((1 - fx) * pixels[(gsize) (y0 + 1) * image->width + x0]
                 + fx * pixels[(gsize) (y0 + 1) * image->width + x0 + 1]);
}

static void
compute_profile (IscRegisterView *self)
{
  double length_px = hypot (self->line[2] - self->line[0], self->line[3] - self->line[1]);
  double pixel = isnan (self->pixel_size_nm) ? 1.0 : self->pixel_size_nm;

  for (guint i = 0; i < PROFILE_POINTS; i++)
    {
      double t = i / (double) (PROFILE_POINTS - 1);
      double px[2] = { self->line[0] + t * (self->line[2] - self->line[0]),
                       self->line[1] + t * (self->line[3] - self->line[1]) };
      double uv[2];

      self->profile_d[i] = t * length_px * pixel;
      self->profile_i[i] = sample_image (self->image, px[0], px[1]);
      self->profile_m[i] = self->map != NULL
                           && isc_registration_invert_uv (&self->registration->transform, px, uv)
                           ? isc_projected_map_sample (self->map, uv) : NAN;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self->profile_area));
}

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  IscRegisterView *self)
{
  double px[2];

  if (gtk_toggle_button_get_active (self->profile_toggle) || self->registration == NULL
      || self->image == NULL || self->zoom <= 0)
    return;
  widget_to_image (self, x, y, px);
  if (!self->pending)
    {
      if (!isc_registration_invert_uv (&self->registration->transform, px, self->pending_uv))
        return;
      self->pending = TRUE;
      set_status (self, _("Now click the same feature on the image."));
    }
  else
    {
      isc_register_view_add_landmark (self, self->pending_uv, px);
      set_status (self, self->registration->landmarks->len >= 3
                        ? _("Add more pairs, or fit.")
                        : _("Click a feature of the APT map, then the same feature on the image."));
    }
  update_buttons (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
drag_begin_cb (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               IscRegisterView *self)
{
  if (!gtk_toggle_button_get_active (self->profile_toggle) || self->zoom <= 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  widget_to_image (self, x, y, self->drag_start);
}

static void
drag_update_cb (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                IscRegisterView *self)
{
  double start_x, start_y, end[2];

  if (!gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y))
    return;
  widget_to_image (self, start_x + dx, start_y + dy, end);
  isc_register_view_set_line (self, self->drag_start, end);
}

static void
element_changed_cb (IscRegisterView *self)
{
  rebuild_map (self);
  if (self->has_line)
    compute_profile (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
opacity_changed_cb (IscRegisterView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
profile_toggled_cb (IscRegisterView *self)
{
  gboolean on = gtk_toggle_button_get_active (self->profile_toggle);

  gtk_widget_set_visible (GTK_WIDGET (self->profile_area), on && self->has_line);
  if (on)
    set_status (self, _("Drag a line across the image."));
}

static void
clear_clicked_cb (IscRegisterView *self)
{
  if (self->registration != NULL)
    g_array_set_size (self->registration->landmarks, 0);
  self->pending = FALSE;
  update_buttons (self);
  set_status (self, _("Click a feature of the APT map, then the same feature on the image."));
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
fit_clicked_cb (IscRegisterView *self)
{
  isc_register_view_fit (self);
}

/* Refinement in a worker: it reads its own references and copies. */
typedef struct
{
  IscIonCloud     *cloud;
  IscImage        *image;
  gboolean         use_selection;
  gboolean         selected[256];
  IscRegistration  transform;
  double           ncc;
  gboolean         outline;    /* start from the needle's outline rather than from the fit */
} RefineJob;

static void
refine_job_free (gpointer data)
{
  RefineJob *job = data;

  isc_ion_cloud_unref (job->cloud);
  isc_image_unref (job->image);
  g_free (job);
}

static void
refine_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  RefineJob *job = data;
  GError *error = NULL;
  const IscIonCloud *c = job->cloud;

  if (job->outline)
    {
      /* Seen across the needle: its azimuth about its axis is free, y serves as well as x. */
      static const double across[3] = { 0, 1, 0 };
      g_autofree float *mask = NULL;

      if (isc_registration_from_outline (&job->transform, c->x, c->y, c->z, c->n_ions, across,
                                         isc_image_frame_const (job->image, 0), job->image->width,
                                         job->image->height, job->transform.pixel_size_nm, &mask,
                                         &error)
          && isc_registration_refine_outline (&job->transform, c->x, c->y, c->z, c->n_ions, mask,
                                              job->image->width, job->image->height, &job->ncc,
                                              &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      return;
    }
  if (isc_registration_refine_points (&job->transform, job->cloud->x, job->cloud->y,
                                      job->cloud->z, job->cloud->n_ions,
                                      job->use_selection ? job->cloud->ion_type : NULL,
                                      job->use_selection ? job->selected : NULL,
                                      isc_image_frame_const (job->image, 0), job->image->width,
                                      job->image->height, &job->ncc, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
refine_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  IscRegisterView *self = ISC_REGISTER_VIEW (source);
  RefineJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  double rms = NAN;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_object (&self->refine_cancellable);
          set_status (self, error->message);
          update_buttons (self);
        }
      return;
    }
  g_clear_object (&self->refine_cancellable);
  self->registration->transform = job->transform;
  self->registration->refined = TRUE;
  if (job->outline)
    {
      /* The landmarks were of another start; the outline placed the map on its own. */
      g_array_set_size (self->registration->landmarks, 0);
      self->fitted = TRUE;
      text = g_strdup_printf (_("Placed by the needle's outline, seen across the needle: rotation "
                                "%.2f°, scale %.4f, correlation %.3f."),
                              job->transform.rotation_deg, job->transform.scale, job->ncc);
    }
  else
    {
      isc_registration_residuals (&job->transform,
                                  (const IscLandmark *) self->registration->landmarks->data,
                                  self->registration->landmarks->len, NULL, &rms);
      text = g_strdup_printf (_("Refined: rotation %.2f°, scale %.4f, correlation %.3f; landmark "
                                "rms %.2f nm."), job->transform.rotation_deg, job->transform.scale,
                              job->ncc, rms);
    }
  set_status (self, text);
  rebuild_map (self);
  if (self->has_line)
    compute_profile (self);
  update_buttons (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
  g_signal_emit (self, signals[SIGNAL_REGISTERED], 0);
}

/* Refines the fit, or with @outline places the map by the needle's outline, in a worker. */
static void
start_refinement (IscRegisterView *self,
                  gboolean         outline)
{
  g_autoptr(GTask) task = NULL;
  RefineJob *job;

  if (self->registration == NULL || self->cloud == NULL || self->image == NULL
      || self->refine_cancellable != NULL)
    return;
  job = g_new0 (RefineJob, 1);
  job->cloud = isc_ion_cloud_ref (self->cloud);
  job->image = isc_image_ref (self->image);
  job->use_selection = chosen_ions (self, job->selected);
  job->transform = self->registration->transform;
  job->transform.pixel_size_nm = self->pixel_size_nm;
  job->outline = outline;
  self->refine_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->refine_cancellable, refine_done, NULL);
  g_task_set_task_data (task, job, refine_job_free);
  g_task_run_in_thread (task, refine_thread);
  set_status (self, outline ? _("Finding the needle's outline…") : _("Refining…"));
  update_buttons (self);
}

static void
refine_clicked_cb (IscRegisterView *self)
{
  start_refinement (self, FALSE);
}

static void
outline_clicked_cb (IscRegisterView *self)
{
  start_refinement (self, TRUE);
}

void
isc_register_view_start_from_outline (IscRegisterView *self)
{
  g_return_if_fail (ISC_IS_REGISTER_VIEW (self));
  start_refinement (self, TRUE);
}

static void
isc_register_view_dispose (GObject *object)
{
  IscRegisterView *self = ISC_REGISTER_VIEW (object);

  g_cancellable_cancel (self->refine_cancellable);
  g_clear_object (&self->refine_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISC_TYPE_REGISTER_VIEW);
  g_clear_pointer (&self->cloud, isc_ion_cloud_unref);
  g_clear_pointer (&self->image, isc_image_unref);
  g_clear_pointer (&self->registration, isc_site_registration_free);
  g_clear_pointer (&self->map, isc_projected_map_free);
  g_clear_pointer (&self->image_surface, cairo_surface_destroy);
  g_clear_pointer (&self->map_surface, cairo_surface_destroy);
  g_clear_pointer (&self->overlay, g_free);
  g_clear_pointer (&self->elements, g_ptr_array_unref);
  G_OBJECT_CLASS (isc_register_view_parent_class)->dispose (object);
}

static void
isc_register_view_class_init (IscRegisterViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_register_view_dispose;

  /* Emitted after a successful fit: isc_register_view_get_registration () has it. */
  signals[SIGNAL_REGISTERED] = g_signal_new ("registered", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ionscape/Ionscape/ui/register-view.ui");
  gtk_widget_class_bind_template_child (widget_class, IscRegisterView, box);
  gtk_widget_class_bind_template_child (widget_class, IscRegisterView, area);
  gtk_widget_class_bind_template_child (widget_class, IscRegisterView, profile_area);
  gtk_widget_class_bind_template_child (widget_class, IscRegisterView, element_drop);
  gtk_widget_class_bind_template_child (widget_class, IscRegisterView, opacity_scale);
  gtk_widget_class_bind_template_child (widget_class, IscRegisterView, profile_toggle);
  gtk_widget_class_bind_template_child (widget_class, IscRegisterView, fit_button);
  gtk_widget_class_bind_template_child (widget_class, IscRegisterView, refine_button);
  gtk_widget_class_bind_template_child (widget_class, IscRegisterView, outline_button);
  gtk_widget_class_bind_template_child (widget_class, IscRegisterView, clear_button);
  gtk_widget_class_bind_template_child (widget_class, IscRegisterView, status);
  gtk_widget_class_bind_template_callback (widget_class, element_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, opacity_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, profile_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, fit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, refine_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, outline_clicked_cb);
}

static void
isc_register_view_init (IscRegisterView *self)
{
  GtkGesture *click, *drag;

  self->pixel_size_nm = NAN;
  self->elements = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->area, draw_cb, self, NULL);
  gtk_drawing_area_set_draw_func (self->profile_area, profile_draw_cb, self, NULL);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->area), GTK_EVENT_CONTROLLER (click));
  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->area), GTK_EVENT_CONTROLLER (drag));
}

GtkWidget *
isc_register_view_new (void)
{
  return g_object_new (ISC_TYPE_REGISTER_VIEW, NULL);
}

void
isc_register_view_set_data (IscRegisterView           *self,
                            IscIonCloud               *cloud,
                            const IscRangeSet         *ranges,
                            IscImage                  *image,
                            const IscSiteRegistration *registration)
{
  g_autoptr(GtkStringList) items = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ISC_IS_REGISTER_VIEW (self));

  /* A refinement of the previous site must not land on this one. */
  g_cancellable_cancel (self->refine_cancellable);
  g_clear_object (&self->refine_cancellable);
  if (cloud != NULL)
    isc_ion_cloud_ref (cloud);
  g_clear_pointer (&self->cloud, isc_ion_cloud_unref);
  self->cloud = cloud;
  if (image != NULL)
    isc_image_ref (image);
  g_clear_pointer (&self->image, isc_image_unref);
  self->image = image;
  self->ranges = ranges;
  g_clear_pointer (&self->registration, isc_site_registration_free);
  g_clear_pointer (&self->image_surface, cairo_surface_destroy);
  self->pending = FALSE;
  self->has_line = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->profile_area), FALSE);

  /* Elements of the ranges, after the density. */
  g_ptr_array_set_size (self->elements, 0);
  gtk_string_list_append (items, _("Ion density"));
  if (ranges != NULL)
    {
      g_auto(GStrv) elements = isc_range_set_list_elements (ranges);

      for (guint i = 0; elements != NULL && elements[i] != NULL; i++)
        {
          g_ptr_array_add (self->elements, g_strdup (elements[i]));
          gtk_string_list_append (items, elements[i]);
        }
    }
  g_signal_handlers_block_by_func (self->element_drop, element_changed_cb, self);
  gtk_drop_down_set_model (self->element_drop, G_LIST_MODEL (items));
  gtk_drop_down_set_selected (self->element_drop, 0);
  g_signal_handlers_unblock_by_func (self->element_drop, element_changed_cb, self);

  self->pixel_size_nm = image != NULL ? isc_registration_pixel_size (image, &error) : NAN;
  if (image != NULL)
    self->image_surface = isc_image_render_rgba (image, 0, NULL, ISC_COLORMAP_GREY, NULL, NULL,
                                                 NULL);
  if (cloud == NULL || image == NULL)
    set_status (self, _("Registering needs an APT specimen and an image of the site."));
  else if (isnan (self->pixel_size_nm))
    set_status (self, _("The image has no length calibration: calibrate it before registering."));
  else
    {
      self->registration = registration != NULL ? isc_site_registration_copy (registration)
                                                : isc_site_registration_new (NULL);
      self->fitted = registration != NULL;
      if (registration == NULL)
        initial_transform (self);
      set_status (self, _("Click a feature of the APT map, then the same feature on the image."));
    }
  rebuild_map (self);
  update_buttons (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

const IscSiteRegistration *
isc_register_view_get_registration (IscRegisterView *self)
{
  g_return_val_if_fail (ISC_IS_REGISTER_VIEW (self), NULL);
  return self->fitted ? self->registration : NULL;
}

void
isc_register_view_add_landmark (IscRegisterView *self,
                                const double     uv_nm[2],
                                const double     image_px[2])
{
  IscLandmark landmark = { { uv_nm[0], uv_nm[1], 0 }, { image_px[0], image_px[1] } };

  g_return_if_fail (ISC_IS_REGISTER_VIEW (self));
  if (self->registration == NULL)
    return;
  g_array_append_val (self->registration->landmarks, landmark);
  self->pending = FALSE;
  update_buttons (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

gboolean
isc_register_view_fit (IscRegisterView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree double *residuals = NULL;
  IscRegistration fit;
  double rms;
  guint n;

  g_return_val_if_fail (ISC_IS_REGISTER_VIEW (self), FALSE);
  if (self->registration == NULL)
    return FALSE;
  n = self->registration->landmarks->len;
  residuals = g_new0 (double, MAX (n, 1));
  if (!isc_registration_fit ((const IscLandmark *) self->registration->landmarks->data, n,
                             ISC_REGISTRATION_SIMILARITY, NULL, self->pixel_size_nm, &fit,
                             residuals, &rms, &error))
    {
      set_status (self, error->message);
      return FALSE;
    }
  self->registration->transform = fit;
  self->registration->refined = FALSE;
  self->fitted = TRUE;
  text = g_string_new (NULL);
  g_string_append_printf (text, _("Rotation %.2f°, scale %.4f, shift %.1f, %.1f px."),
                          fit.rotation_deg, fit.scale, fit.translation_px[0],
                          fit.translation_px[1]);
  g_string_append (text, " ");
  g_string_append (text, _("Residuals (nm):"));
  g_string_append (text, " ");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s%.2f", i > 0 ? ", " : "", residuals[i]);
  g_string_append (text, "; ");
  g_string_append_printf (text, _("rms %.2f nm"), rms);
  set_status (self, text->str);
  update_buttons (self);
  rebuild_map (self);
  if (self->has_line)
    compute_profile (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
  g_signal_emit (self, signals[SIGNAL_REGISTERED], 0);
  return TRUE;
}

gboolean
isc_register_view_set_line (IscRegisterView *self,
                            const double     from_px[2],
                            const double     to_px[2])
{
  g_return_val_if_fail (ISC_IS_REGISTER_VIEW (self), FALSE);
  if (self->image == NULL || self->registration == NULL)
    return FALSE;
  self->line[0] = from_px[0];
  self->line[1] = from_px[1];
  self->line[2] = to_px[0];
  self->line[3] = to_px[1];
  self->has_line = TRUE;
  compute_profile (self);
  gtk_widget_set_visible (GTK_WIDGET (self->profile_area), TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
  return TRUE;
}

guint
isc_register_view_get_profile (IscRegisterView  *self,
                               const double    **distance_nm,
                               const double    **intensity,
                               const double    **map_value)
{
  g_return_val_if_fail (ISC_IS_REGISTER_VIEW (self), 0);
  if (!self->has_line)
    return 0;
  if (distance_nm != NULL)
    *distance_nm = self->profile_d;
  if (intensity != NULL)
    *intensity = self->profile_i;
  if (map_value != NULL)
    *map_value = self->profile_m;
  return PROFILE_POINTS;
}
