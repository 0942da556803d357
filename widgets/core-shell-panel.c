/* core-shell-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "core-shell-panel.h"
#include "isc-save-dialog.h"
#include "isc-task-slot.h"
#include "isc-widgets.h"

struct _IscCoreShellPanel
{
  GtkWidget parent_instance;

  IscImageView *view;              /* weak */
  gulong line_changed_id;
  const IscImage *image_seen;      /* the view's image the ranges were set for (not owned) */
  guint n_frames;
  guint frame;
  gboolean syncing;                /* programmatic changes: no re-run, no feedback loop */
  gboolean pending;                /* a run waits for the panel to be shown */

  IscTaskSlot *slot;
  IscCoreShellSeries *series;

  GtkWidget *box;
  GtkWidget *centre_x;
  GtkWidget *centre_y;
  GtkWidget *radius;
  GtkWidget *shell;
  GtkWidget *margin;
  GtkWidget *reference;
  GtkWidget *t_start;
  GtkWidget *t_step;
  GtkWidget *frame_scale;
  GtkWidget *frame_value;
  GtkWidget *show_check;
  IscPlotView *plot_view;
  GtkWidget *status;
  GtkWidget *overlay;              /* owned reference; parented by whoever stacks it */
};

G_DEFINE_FINAL_TYPE (IscCoreShellPanel, isc_core_shell_panel, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_ANALYSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Shell and core colours: Okabe–Ito vermillion and blue, also used for the circles. */
#define SHELL_PALETTE 5
#define CORE_PALETTE  4

static const IscImage *
view_image (IscCoreShellPanel *self)
{
  return self->view != NULL ? isc_image_view_get_image (self->view) : NULL;
}

static double
spin (GtkWidget *w)
{
  return gtk_spin_button_get_value (GTK_SPIN_BUTTON (w));
}

static void
set_spin (GtkWidget *w,
          double     value)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (w), value);
}

static gboolean
has_temperatures (IscCoreShellPanel *self)
{
  return spin (self->t_step) != 0.0;
}

static double
frame_x (IscCoreShellPanel *self,
         guint              frame)
{
  /* without temperatures the axis counts frames from 1, as the slider and the view do */
  return has_temperatures (self) ? spin (self->t_start) + frame * spin (self->t_step) : (double) frame + 1;
}

static void  refresh_frame_label (IscCoreShellPanel *self);

/* ------------------------------------------------------------ worker */

typedef struct
{
  IscImage *image;                 /* a reference to the view's series: shared, never changed */
  IscCoreShellGeometry geometry;
  guint reference;
  double *temperatures;            /* owned, may be NULL */
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->image, isc_image_unref);
  g_free (job->temperatures);
  g_free (job);
}

static gpointer
analyse_worker (gpointer          input,
                GCancellable     *cancellable,
                IscProgressFunc   progress,
                gpointer          progress_data,
                GError          **error)
{
  Job *job = input;

  return isc_core_shell_analyse (job->image, &job->geometry, job->reference, job->temperatures,
                                 cancellable, error);
}

/* ------------------------------------------------------------ plot and status */

static void
update_annotations (IscCoreShellPanel *self)
{
  IscPlot *plot = isc_plot_view_get_plot (self->plot_view);
  IscColor grey = { 0.5, 0.5, 0.5, 1 };
  IscColor marker = { 0.85, 0.65, 0.13, 1 };

  if (plot == NULL)
    return;
  isc_plot_clear_annotations (plot);
  isc_plot_add_hline (plot, 1.0, &grey);
  isc_plot_add_vline (plot, frame_x (self, self->frame), &marker);
  isc_plot_view_queue_redraw (self->plot_view);
}

static void
update_status (IscCoreShellPanel *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  double onset, sigma;

  if (self->series == NULL || self->frame >= self->series->n_frames)
    return;
  {
    const IscCoreShellFrame *fr = &self->series->frames[self->frame];

    /* frames count from 1 on screen */
    if (self->series->has_temperatures)
      g_string_append_printf (text, _("Frame %u of %u (%.0f °C): core %.3f, shell %.3f of frame %u"),
                              fr->frame + 1, self->series->n_frames, fr->temperature, fr->core_relative,
                              fr->shell_relative, self->series->reference_frame + 1);
    else
      g_string_append_printf (text, _("Frame %u of %u: core %.3f, shell %.3f of frame %u"),
                              fr->frame + 1, self->series->n_frames, fr->core_relative, fr->shell_relative,
                              self->series->reference_frame + 1);
  }
  g_string_append_c (text, '\n');
  if (isc_core_shell_series_onset_full (self->series, 0.01, &onset, &sigma))
    {
      /* the onset lies between two frames: ± half their spacing */
      if (self->series->has_temperatures)
        g_string_append_printf (text, _("Shell and core part (by more than 1 %%): onset %.0f ± %.0f °C"),
                                onset, sigma);
      else
        g_string_append_printf (text, _("Shell and core part (by more than 1 %%): onset at frame %.1f ± %.1f"),
                                onset + 1, sigma);
    }
  else
    g_string_append (text, _("Shell and core do not part by more than 1 %"));
  gtk_label_set_text (GTK_LABEL (self->status), text->str);
}

/* One quantity against the frames: its markers with error bars (in the legend) joined by a line. */
static void
add_curve (IscPlot      *plot,
           const char   *label,
           const double *x,
           const double *y,
           const double *err,
           guint         n,
           guint         palette_index,
           IscMarker     marker)
{
  IscColor c = isc_palette_get (palette_index);
  IscPlotSeries *ps;

  ps = isc_plot_add_series (plot, ISC_SERIES_ERRORBARS, label, x, y, n);
  isc_plot_series_set_errors (ps, err, NULL);
  isc_plot_series_set_color (ps, &c);
  isc_plot_series_set_marker (ps, marker, 4);
  ps = isc_plot_add_series (plot, ISC_SERIES_LINE, NULL, x, y, n);
  isc_plot_series_set_color (ps, &c);
  isc_plot_series_set_show_in_legend (ps, FALSE);
}

static void
update_plot (IscCoreShellPanel *self)
{
  g_autoptr(IscPlot) plot = NULL;
  g_autofree double *x = NULL;
  g_autofree double *core = NULL;
  g_autofree double *shell = NULL;
  g_autofree double *core_err = NULL;
  g_autofree double *shell_err = NULL;
  const IscCoreShellSeries *s = self->series;

  if (s == NULL)
    {
      isc_plot_view_set_plot (self->plot_view, NULL);
      return;
    }
  x = g_new (double, s->n_frames);
  core = g_new (double, s->n_frames);
  shell = g_new (double, s->n_frames);
  core_err = g_new (double, s->n_frames);
  shell_err = g_new (double, s->n_frames);
  for (guint f = 0; f < s->n_frames; f++)
    {
      const IscCoreShellFrame *ref = &s->frames[s->reference_frame];

      x[f] = s->has_temperatures ? s->frames[f].temperature : f + 1;
      core[f] = s->frames[f].core_relative;
      shell[f] = s->frames[f].shell_relative;
      core_err[f] = s->frames[f].core_sem / fabs (ref->core);
      shell_err[f] = s->frames[f].shell_sem / fabs (ref->shell);
    }
  plot = isc_plot_new ();
  add_curve (plot, _("Shell"), x, shell, shell_err, s->n_frames, SHELL_PALETTE, ISC_MARKER_CIRCLE);
  add_curve (plot, _("Core"), x, core, core_err, s->n_frames, CORE_PALETTE, ISC_MARKER_SQUARE);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, s->has_temperatures ? _("Temperature (°C)") : _("Frame"));
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, _("Negative intensity (relative)"));
  isc_plot_set_legend_visible (plot, TRUE);
  /* The x axis spans the frames analysed, whatever else the plot holds (the line at the
   * selected frame, a stale setting): 4 % either side, as an automatic axis pads. */
  if (s->n_frames >= 2)
    {
      double lo = MIN (x[0], x[s->n_frames - 1]), hi = MAX (x[0], x[s->n_frames - 1]);
      double pad = (hi - lo) * 0.04;

      if (hi > lo)
        isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_X, lo - pad, hi + pad, NULL);
    }
  isc_plot_view_set_plot (self->plot_view, g_steal_pointer (&plot));
  update_annotations (self);
}

static void
on_analysed (gpointer      owner,
             gpointer      result,
             const GError *error)
{
  IscCoreShellPanel *self = owner;

  g_clear_pointer (&self->series, isc_core_shell_series_free);
  self->series = result;
  update_plot (self);
  if (error != NULL)
    gtk_label_set_text (GTK_LABEL (self->status), error->message);
  else
    update_status (self);
  g_signal_emit (self, signals[SIGNAL_ANALYSED], 0);
}

static void
analyse (IscCoreShellPanel *self)
{
  const IscImage *image = view_image (self);
  Job *job;

  if (self->slot == NULL)   /* disposed */
    return;
  isc_task_slot_cancel (self->slot);
  g_clear_pointer (&self->series, isc_core_shell_series_free);
  gtk_widget_queue_draw (self->overlay);
  /* hidden (e.g. a single image in the image page): no work until shown */
  self->pending = image != NULL && !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (image == NULL || self->pending)
    {
      update_plot (self);
      gtk_label_set_text (GTK_LABEL (self->status), "");
      return;
    }

  job = g_new0 (Job, 1);
  job->image = isc_image_view_ref_image (self->view);
  isc_core_shell_panel_get_geometry (self, &job->geometry);
  job->reference = (guint) MAX (1, spin (self->reference)) - 1;   /* shown from 1 */
  if (has_temperatures (self))
    {
      job->temperatures = g_new (double, image->frames);
      for (guint f = 0; f < image->frames; f++)
        job->temperatures[f] = frame_x (self, f);
    }
  gtk_label_set_text (GTK_LABEL (self->status), _("Analysing…"));
  isc_task_slot_run (self->slot, analyse_worker, job, (GDestroyNotify) job_free,
                     (GDestroyNotify) isc_core_shell_series_free, on_analysed);
}

/* ------------------------------------------------------------ overlay */

static void
draw_circle (cairo_t *cr,
             double   cx,
             double   cy,
             double   rx,
             double   ry)
{
  if (!(rx > 0) || !(ry > 0))
    return;
  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  cairo_scale (cr, rx, ry);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_stroke (cr);
}

static void
draw_overlay (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  IscCoreShellPanel *self = user_data;
  const IscImage *image = view_image (self);
  GtkWidget *canvas;
  IscCoreShellGeometry g;
  double sx, sy, px, py, cx, cy, ox, oy, zoom, canvas_x0, canvas_y0;
  IscColor shell = isc_palette_get (SHELL_PALETTE), core = isc_palette_get (CORE_PALETTE);
  static const double dash[] = { 4, 4 };

  if (image == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self))
      || !gtk_check_button_get_active (GTK_CHECK_BUTTON (self->show_check)))
    return;
  canvas = isc_image_view_get_canvas (self->view);
  if (!gtk_widget_translate_coordinates (canvas, GTK_WIDGET (area), 0, 0, &canvas_x0, &canvas_y0))
    return;
  isc_core_shell_panel_get_geometry (self, &g);
  sx = image->axis[ISC_IMAGE_AXIS_X].scale != 0 ? image->axis[ISC_IMAGE_AXIS_X].scale : 1;
  sy = image->axis[ISC_IMAGE_AXIS_Y].scale != 0 ? image->axis[ISC_IMAGE_AXIS_Y].scale : 1;
  px = (g.centre_x - image->axis[ISC_IMAGE_AXIS_X].origin) / sx;
  py = (g.centre_y - image->axis[ISC_IMAGE_AXIS_Y].origin) / sy;
  /* image_to_canvas maps pixel index i to the centre of that pixel */
  isc_image_view_image_to_canvas (self->view, px, py, &cx, &cy);
  isc_image_view_image_to_canvas (self->view, 0, 0, &ox, &oy);
  zoom = isc_image_view_get_zoom (self->view);

  cairo_rectangle (cr, canvas_x0, canvas_y0, gtk_widget_get_width (canvas), gtk_widget_get_height (canvas));
  cairo_clip (cr);
  cairo_translate (cr, canvas_x0, canvas_y0);
  cairo_set_line_width (cr, 2);
  cairo_set_source_rgba (cr, shell.r, shell.g, shell.b, 1);
  draw_circle (cr, cx, cy, g.radius / fabs (sx) * zoom, g.radius / fabs (sy) * zoom);
  cairo_set_source_rgba (cr, core.r, core.g, core.b, 1);
  draw_circle (cr, cx, cy, (g.radius - g.shell) / fabs (sx) * zoom, (g.radius - g.shell) / fabs (sy) * zoom);
  /* where the background starts */
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.6);
  draw_circle (cr, cx, cy, (g.radius + g.margin) / fabs (sx) * zoom, (g.radius + g.margin) / fabs (sy) * zoom);
}

/* Zoom and pan change the view without a signal: redraw the circles on any pointer activity
 * over the view (they are cheap). */
static void
on_view_motion (GtkEventControllerMotion *controller,
                double                    x,
                double                    y,
                IscCoreShellPanel        *self)
{
  gtk_widget_queue_draw (self->overlay);
}

static gboolean
on_view_scroll (GtkEventControllerScroll *controller,
                double                    dx,
                double                    dy,
                IscCoreShellPanel        *self)
{
  gtk_widget_queue_draw (self->overlay);
  return FALSE;
}

/* ------------------------------------------------------------ callbacks */

/* A centred guess for a new image: the particle fills about 70 % of the shorter side. */
static void
guess_geometry (IscCoreShellPanel *self,
                const IscImage    *image)
{
  const IscAxisCalibration *ax = &image->axis[ISC_IMAGE_AXIS_X], *ay = &image->axis[ISC_IMAGE_AXIS_Y];
  double w = fabs (ax->scale) * image->width, h = fabs (ay->scale) * image->height;
  IscCoreShellGeometry g;

  isc_core_shell_geometry_init (&g, ax->origin + ax->scale * (image->width - 1) / 2.0,
                                ay->origin + ay->scale * (image->height - 1) / 2.0,
                                0.35 * MIN (w, h), 0.07 * MIN (w, h));
  g.margin = MIN (ISC_CORE_SHELL_DEFAULT_MARGIN, 0.05 * MIN (w, h));
  isc_core_shell_panel_set_geometry (self, &g);
}

static gboolean
centre_inside (IscCoreShellPanel *self,
               const IscImage    *image)
{
  double x = spin (self->centre_x), y = spin (self->centre_y);
  const IscAxisCalibration *ax = &image->axis[ISC_IMAGE_AXIS_X], *ay = &image->axis[ISC_IMAGE_AXIS_Y];
  double x0 = ax->origin, x1 = ax->origin + ax->scale * (image->width - 1);
  double y0 = ay->origin, y1 = ay->origin + ay->scale * (image->height - 1);

  return spin (self->radius) > 0 && x >= MIN (x0, x1) && x <= MAX (x0, x1) && y >= MIN (y0, y1) && y <= MAX (y0, y1);
}

static void
sync_frame (IscCoreShellPanel *self,
            guint              frame)
{
  self->frame = frame;
  self->syncing = TRUE;
  gtk_range_set_value (GTK_RANGE (self->frame_scale), frame);
  self->syncing = FALSE;
  refresh_frame_label (self);
  update_annotations (self);
  update_status (self);
}

static void
on_line_changed (IscImageView      *view,
                 IscCoreShellPanel *self)
{
  const IscImage *image = isc_image_view_get_image (view);

  if (image != self->image_seen)
    {
      self->image_seen = image;
      self->n_frames = image != NULL ? image->frames : 0;
      self->syncing = TRUE;
      gtk_range_set_range (GTK_RANGE (self->frame_scale), 0, MAX (1, self->n_frames) - 1);
      gtk_spin_button_set_range (GTK_SPIN_BUTTON (self->reference), 1, MAX (1, self->n_frames));
      if (image != NULL)
        {
          double px = fabs (image->axis[ISC_IMAGE_AXIS_X].scale);

          for (GtkWidget **w = (GtkWidget *[]) { self->centre_x, self->centre_y, self->radius, self->shell, self->margin, NULL };
               *w != NULL; w++)
            gtk_spin_button_set_increments (GTK_SPIN_BUTTON (*w), px > 0 ? px : 1, 10 * (px > 0 ? px : 1));
          if (!centre_inside (self, image))
            guess_geometry (self, image);
        }
      self->syncing = FALSE;
      self->frame = G_MAXUINT;
      sync_frame (self, isc_image_view_get_frame (view));
      refresh_frame_label (self);
      analyse (self);
      return;
    }
  if (image != NULL && isc_image_view_get_frame (view) != self->frame)
    {
      sync_frame (self, isc_image_view_get_frame (view));
      gtk_widget_queue_draw (self->overlay);
    }
}

static void
on_setting_changed (GtkSpinButton     *button,
                    IscCoreShellPanel *self)
{
  if (self->syncing)
    return;
  refresh_frame_label (self);
  analyse (self);
}

static void
on_frame_scale_changed (GtkRange          *range,
                        IscCoreShellPanel *self)
{
  guint frame = (guint) lround (MAX (0, gtk_range_get_value (range)));

  if (self->syncing || frame == self->frame)
    return;
  isc_core_shell_panel_set_frame (self, frame);
}

char *
isc_core_shell_panel_format_frame (IscCoreShellPanel *self,
                                   guint              frame)
{
  g_return_val_if_fail (ISC_IS_CORE_SHELL_PANEL (self), NULL);

  /* 1-based, as the view's toolbar and the status line */
  if (has_temperatures (self))
    return g_strdup_printf (_("%u of %u · %.0f °C"), frame + 1, MAX (self->n_frames, 1), frame_x (self, frame));
  return g_strdup_printf (_("%u of %u"), frame + 1, MAX (self->n_frames, 1));
}

/* The label over the slider; the frame count and temperatures change under it too. */
static void
refresh_frame_label (IscCoreShellPanel *self)
{
  guint frame = (guint) lround (MAX (0, gtk_range_get_value (GTK_RANGE (self->frame_scale))));
  g_autofree char *text = isc_core_shell_panel_format_frame (self, frame);

  gtk_label_set_text (GTK_LABEL (self->frame_value), text);
}

static void
on_show_toggled (GtkCheckButton    *check,
                 IscCoreShellPanel *self)
{
  gtk_widget_queue_draw (self->overlay);
}

/* A failed export is told in the status line, as a failed analysis. */
static gboolean
write_csv (const char  *path,
           gpointer     data,
           GError     **error)
{
  IscCoreShellPanel *self = data;
  g_autoptr(GError) local_error = NULL;

  if (!isc_core_shell_panel_export_csv (self, path, &local_error))
    gtk_label_set_text (GTK_LABEL (self->status), local_error->message);
  return TRUE;
}

static void
action_export_csv (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  isc_save_dialog_run_csv (widget, _("Export Core and Shell"), "core-shell.csv", NULL, write_csv, widget);
}

/* ------------------------------------------------------------ GObject */

static void
disconnect_view (IscCoreShellPanel *self)
{
  if (self->view == NULL)
    return;
  g_clear_signal_handler (&self->line_changed_id, self->view);
  for (GList *l = g_object_get_data (G_OBJECT (self->view), "isc-core-shell-controllers"); l; l = l->next)
    gtk_widget_remove_controller (GTK_WIDGET (self->view), l->data);
  g_object_set_data (G_OBJECT (self->view), "isc-core-shell-controllers", NULL);
  g_object_remove_weak_pointer (G_OBJECT (self->view), (gpointer *) &self->view);
  self->view = NULL;
}

static void
isc_core_shell_panel_map (GtkWidget *widget)
{
  IscCoreShellPanel *self = ISC_CORE_SHELL_PANEL (widget);

  GTK_WIDGET_CLASS (isc_core_shell_panel_parent_class)->map (widget);
  gtk_widget_queue_draw (self->overlay);
  if (self->pending)
    analyse (self);
}

static void
isc_core_shell_panel_unmap (GtkWidget *widget)
{
  gtk_widget_queue_draw (ISC_CORE_SHELL_PANEL (widget)->overlay);
  GTK_WIDGET_CLASS (isc_core_shell_panel_parent_class)->unmap (widget);
}

static void
isc_core_shell_panel_dispose (GObject *object)
{
  IscCoreShellPanel *self = ISC_CORE_SHELL_PANEL (object);

  g_clear_pointer (&self->slot, isc_task_slot_free);
  disconnect_view (self);
  /* the overlay may outlive the panel in its GtkOverlay: it must not call back into us */
  if (self->overlay != NULL)
    gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->overlay), NULL, NULL, NULL);
  g_clear_object (&self->overlay);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISC_TYPE_CORE_SHELL_PANEL);
  G_OBJECT_CLASS (isc_core_shell_panel_parent_class)->dispose (object);
}

static void
isc_core_shell_panel_finalize (GObject *object)
{
  IscCoreShellPanel *self = ISC_CORE_SHELL_PANEL (object);

  g_clear_pointer (&self->series, isc_core_shell_series_free);
  G_OBJECT_CLASS (isc_core_shell_panel_parent_class)->finalize (object);
}

static void
isc_core_shell_panel_class_init (IscCoreShellPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_core_shell_panel_dispose;
  object_class->finalize = isc_core_shell_panel_finalize;
  widget_class->map = isc_core_shell_panel_map;
  widget_class->unmap = isc_core_shell_panel_unmap;

  signals[SIGNAL_ANALYSED] = g_signal_new ("analysed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_install_action (widget_class, "core-shell.export-csv", NULL, action_export_csv);

  isc_widget_class_set_template (widget_class, "core-shell-panel", "coreshellpanel", GTK_TYPE_BIN_LAYOUT);
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscCoreShellPanel, box, centre_x, centre_y, radius, shell, margin,
                              reference, t_start, t_step, frame_scale, frame_value, show_check, plot_view,
                              status);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, on_setting_changed, on_frame_scale_changed, on_show_toggled);
}

static void
isc_core_shell_panel_init (IscCoreShellPanel *self)
{
  self->slot = isc_task_slot_new (self, NULL);
  /* the template's spin buttons announce their first values: nothing to analyse yet */
  self->syncing = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->syncing = FALSE;
  refresh_frame_label (self);

  self->overlay = g_object_ref_sink (gtk_drawing_area_new ());
  gtk_widget_set_can_target (self->overlay, FALSE);
  gtk_widget_set_can_focus (self->overlay, FALSE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->overlay), draw_overlay, self, NULL);
}

/* ------------------------------------------------------------ public API */

GtkWidget *
isc_core_shell_panel_new (void)
{
  return g_object_new (ISC_TYPE_CORE_SHELL_PANEL, NULL);
}

void
isc_core_shell_panel_set_view (IscCoreShellPanel *self,
                               IscImageView      *view)
{
  GtkEventController *controller;

  g_return_if_fail (ISC_IS_CORE_SHELL_PANEL (self));
  g_return_if_fail (view == NULL || ISC_IS_IMAGE_VIEW (view));

  if (self->view == view)
    return;
  disconnect_view (self);
  self->image_seen = NULL;
  if (view != NULL)
    {
      GList *controllers = NULL;

      self->view = view;
      g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &self->view);
      self->line_changed_id = g_signal_connect (view, "line-changed", G_CALLBACK (on_line_changed), self);
      controller = gtk_event_controller_motion_new ();
      g_signal_connect (controller, "motion", G_CALLBACK (on_view_motion), self);
      gtk_widget_add_controller (GTK_WIDGET (view), controller);
      controllers = g_list_prepend (controllers, controller);
      controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
      gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
      g_signal_connect (controller, "scroll", G_CALLBACK (on_view_scroll), self);
      gtk_widget_add_controller (GTK_WIDGET (view), controller);
      controllers = g_list_prepend (controllers, controller);
      g_object_set_data_full (G_OBJECT (view), "isc-core-shell-controllers", controllers, (GDestroyNotify) g_list_free);
      on_line_changed (view, self);
    }
  else
    analyse (self);
}

GtkWidget *
isc_core_shell_panel_get_overlay (IscCoreShellPanel *self)
{
  g_return_val_if_fail (ISC_IS_CORE_SHELL_PANEL (self), NULL);
  return self->overlay;
}

void
isc_core_shell_panel_set_geometry (IscCoreShellPanel          *self,
                                   const IscCoreShellGeometry *geometry)
{
  gboolean was_syncing;

  g_return_if_fail (ISC_IS_CORE_SHELL_PANEL (self));
  g_return_if_fail (geometry != NULL);

  was_syncing = self->syncing;
  self->syncing = TRUE;
  set_spin (self->centre_x, geometry->centre_x);
  set_spin (self->centre_y, geometry->centre_y);
  set_spin (self->radius, geometry->radius);
  set_spin (self->shell, geometry->shell);
  set_spin (self->margin, geometry->margin >= 0 ? geometry->margin : ISC_CORE_SHELL_DEFAULT_MARGIN);
  self->syncing = was_syncing;
  if (!was_syncing)
    analyse (self);
}

void
isc_core_shell_panel_get_geometry (IscCoreShellPanel    *self,
                                   IscCoreShellGeometry *geometry)
{
  g_return_if_fail (ISC_IS_CORE_SHELL_PANEL (self));
  g_return_if_fail (geometry != NULL);

  isc_core_shell_geometry_init (geometry, spin (self->centre_x), spin (self->centre_y), spin (self->radius),
                                spin (self->shell));
  geometry->margin = spin (self->margin);
}

void
isc_core_shell_panel_set_temperatures (IscCoreShellPanel *self,
                                       double             start,
                                       double             step)
{
  g_return_if_fail (ISC_IS_CORE_SHELL_PANEL (self));
  self->syncing = TRUE;
  set_spin (self->t_start, start);
  set_spin (self->t_step, step);
  self->syncing = FALSE;
  refresh_frame_label (self);
  analyse (self);
}

void
isc_core_shell_panel_set_reference_frame (IscCoreShellPanel *self,
                                          guint              frame)
{
  g_return_if_fail (ISC_IS_CORE_SHELL_PANEL (self));
  set_spin (self->reference, frame + 1);
}

void
isc_core_shell_panel_set_frame (IscCoreShellPanel *self,
                                guint              frame)
{
  g_return_if_fail (ISC_IS_CORE_SHELL_PANEL (self));
  if (self->n_frames == 0 || frame >= self->n_frames)
    return;
  if (self->view != NULL && isc_image_view_get_frame (self->view) != frame)
    isc_image_view_set_frame (self->view, frame);
  sync_frame (self, frame);
  gtk_widget_queue_draw (self->overlay);
}

guint
isc_core_shell_panel_get_frame (IscCoreShellPanel *self)
{
  g_return_val_if_fail (ISC_IS_CORE_SHELL_PANEL (self), 0);
  return self->frame;
}

gboolean
isc_core_shell_panel_load_sidecar (IscCoreShellPanel  *self,
                                   const char         *path,
                                   GError            **error)
{
  g_autofree double *temps = NULL;
  IscCoreShellGeometry g;
  guint n = 0, reference = 0;
  double reference_t;

  g_return_val_if_fail (ISC_IS_CORE_SHELL_PANEL (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!isc_core_shell_read_json (path, &temps, &n, &g, &reference_t, error))
    return FALSE;
  self->syncing = TRUE;
  if (g.radius > 0)
    isc_core_shell_panel_set_geometry (self, &g);
  if (n >= 2)
    {
      set_spin (self->t_start, temps[0]);
      set_spin (self->t_step, temps[1] - temps[0]);
    }
  if (isfinite (reference_t) && isc_core_shell_nearest_frame (temps, n, reference_t, &reference))
    set_spin (self->reference, reference + 1);
  self->syncing = FALSE;
  refresh_frame_label (self);
  analyse (self);
  return TRUE;
}

const IscCoreShellSeries *
isc_core_shell_panel_get_series (IscCoreShellPanel *self)
{
  g_return_val_if_fail (ISC_IS_CORE_SHELL_PANEL (self), NULL);
  return self->series;
}

gboolean
isc_core_shell_panel_is_running (IscCoreShellPanel *self)
{
  g_return_val_if_fail (ISC_IS_CORE_SHELL_PANEL (self), FALSE);
  return self->slot != NULL && isc_task_slot_is_busy (self->slot);
}

gboolean
isc_core_shell_panel_export_csv (IscCoreShellPanel  *self,
                                 const char         *path,
                                 GError            **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (ISC_IS_CORE_SHELL_PANEL (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->series == NULL)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT, _("%s: there is no core–shell result to export"), path);
      return FALSE;
    }
  csv = isc_core_shell_series_to_csv (self->series);
  return g_file_set_contents (path, csv, -1, error);
}
