/* plot-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "isc-save-dialog.h"
#include "plot-view.h"

struct _IscPlotView
{
  GtkWidget parent_instance;

  IscPlot *plot;
  GtkWidget *toolbar;
  gboolean dark;

  /* The view "reset" returns to: the ranges the plot came with. */
  gboolean home_fixed[ISC_PLOT_N_AXES];
  double home_min[ISC_PLOT_N_AXES];
  double home_max[ISC_PLOT_N_AXES];

  /* Drag state: box zoom or pan. */
  gboolean dragging;
  gboolean panning;
  double drag_x, drag_y;       /* start, widget coordinates */
  double drag_dx, drag_dy;     /* current offset */
  double pan_dx, pan_dy;       /* offset already applied */

  /* Hover. */
  double pointer_x, pointer_y;
  gboolean hover_valid;
  double hover_px, hover_py;
  char *readout;
};

G_DEFINE_FINAL_TYPE (IscPlotView, isc_plot_view, GTK_TYPE_WIDGET)

/* ------------------------------------------------------------ ranges */

static gboolean
data_area (IscPlotView *self,
           double      *x,
           double      *y,
           double      *w,
           double      *h)
{
  return self->plot != NULL && isc_plot_get_data_area (self->plot, x, y, w, h);
}

/* Shows the data under the widget rectangle (x0, y0)–(x1, y1). Works for log axes too, since
 * it goes through the plot's own pixel → data transform. */
static void
apply_pixel_box (IscPlotView *self,
                 double       x0,
                 double       y0,
                 double       x1,
                 double       y1)
{
  double a, b, c, d;
  IscPlotAxis ys[2] = { ISC_PLOT_AXIS_Y, ISC_PLOT_AXIS_Y2 };

  if (self->plot == NULL)
    return;
  if (isc_plot_pixel_to_data (self->plot, ISC_PLOT_AXIS_Y, MIN (x0, x1), 0, &a, NULL)
      && isc_plot_pixel_to_data (self->plot, ISC_PLOT_AXIS_Y, MAX (x0, x1), 0, &b, NULL))
    isc_plot_set_axis_range (self->plot, ISC_PLOT_AXIS_X, MIN (a, b), MAX (a, b), NULL);
  for (guint k = 0; k < 2; k++)
    {
      if (ys[k] == ISC_PLOT_AXIS_Y2 && !isc_plot_has_twin_axis (self->plot))
        continue;
      if (isc_plot_pixel_to_data (self->plot, ys[k], 0, MAX (y0, y1), NULL, &c)
          && isc_plot_pixel_to_data (self->plot, ys[k], 0, MIN (y0, y1), NULL, &d))
        isc_plot_set_axis_range (self->plot, ys[k], MIN (c, d), MAX (c, d), NULL);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
isc_plot_view_zoom_at (IscPlotView *self,
                       double       factor,
                       double       px,
                       double       py)
{
  double ax, ay, aw, ah;

  g_return_if_fail (ISC_IS_PLOT_VIEW (self));
  if (!(factor > 0) || !data_area (self, &ax, &ay, &aw, &ah))
    return;
  px = CLAMP (px, ax, ax + aw);
  py = CLAMP (py, ay, ay + ah);
  apply_pixel_box (self, px - (px - ax) * factor, py - (py - ay) * factor,
                   px + (ax + aw - px) * factor, py + (ay + ah - py) * factor);
}

static void
pan_by (IscPlotView *self,
        double       dx,
        double       dy)
{
  double ax, ay, aw, ah;

  if (!data_area (self, &ax, &ay, &aw, &ah))
    return;
  apply_pixel_box (self, ax - dx, ay - dy, ax + aw - dx, ay + ah - dy);
}

void
isc_plot_view_reset (IscPlotView *self)
{
  g_return_if_fail (ISC_IS_PLOT_VIEW (self));
  if (self->plot == NULL)
    return;
  for (guint a = 0; a < ISC_PLOT_N_AXES; a++)
    {
      if (self->home_fixed[a])
        isc_plot_set_axis_range (self->plot, a, self->home_min[a], self->home_max[a], NULL);
      else
        isc_plot_set_axis_auto (self->plot, a);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------ hover */

void
isc_plot_view_hover (IscPlotView *self,
                     double       px,
                     double       py)
{
  guint si, pi;

  g_return_if_fail (ISC_IS_PLOT_VIEW (self));
  g_clear_pointer (&self->readout, g_free);
  self->hover_valid = FALSE;
  if (self->plot != NULL && isc_plot_find_nearest (self->plot, px, py, 24, &si, &pi))
    {
      IscPlotSeries *s = isc_plot_get_series (self->plot, si);
      const double *x, *y;
      g_autofree char *plain = NULL;
      const char *label = isc_plot_series_get_label (s);
      IscPlotAxis axis = ISC_PLOT_AXIS_Y;

      isc_plot_series_get_data (s, &x, &y);
      if (label == NULL || !pango_parse_markup (label, -1, 0, NULL, &plain, NULL, NULL))
        plain = g_strdup (label != NULL ? label : "");
      /* Which axis the series is on decides where its marker sits. */
      if (isc_plot_has_twin_axis (self->plot))
        {
          double p1 = 0, p2 = 0;

          isc_plot_data_to_pixel (self->plot, ISC_PLOT_AXIS_Y, x[pi], y[pi], NULL, &p1);
          isc_plot_data_to_pixel (self->plot, ISC_PLOT_AXIS_Y2, x[pi], y[pi], NULL, &p2);
          if (fabs (p2 - py) < fabs (p1 - py))
            axis = ISC_PLOT_AXIS_Y2;
        }
      isc_plot_data_to_pixel (self->plot, axis, x[pi], y[pi], &self->hover_px, &self->hover_py);
      self->hover_valid = TRUE;
      self->readout = g_strdup_printf ("%s%s%.6g, %.6g", plain, *plain != '\0' ? ": " : "", x[pi], y[pi]);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
isc_plot_view_get_readout (IscPlotView *self)
{
  g_return_val_if_fail (ISC_IS_PLOT_VIEW (self), NULL);
  return self->readout;
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           IscPlotView              *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  if (!self->dragging)
    isc_plot_view_hover (self, x, y);
}

static void
on_enter (GtkEventControllerMotion *motion,
          double                    x,
          double                    y,
          IscPlotView              *self)
{
  /* The buttons appear only under the pointer, so they never hide the legend otherwise. */
  gtk_widget_set_visible (self->toolbar, TRUE);
}

static void
on_leave (GtkEventControllerMotion *motion,
          IscPlotView              *self)
{
  gtk_widget_set_visible (self->toolbar, FALSE);
  self->hover_valid = FALSE;
  g_clear_pointer (&self->readout, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------ gestures */

static gboolean
on_scroll (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           IscPlotView              *self)
{
  isc_plot_view_zoom_at (self, pow (1.15, dy), self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               IscPlotView    *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  self->dragging = TRUE;
  self->panning = button != GDK_BUTTON_PRIMARY || (state & GDK_SHIFT_MASK) != 0;
  self->drag_x = x;
  self->drag_y = y;
  self->drag_dx = self->drag_dy = 0;
  self->pan_dx = self->pan_dy = 0;
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                IscPlotView    *self)
{
  self->drag_dx = dx;
  self->drag_dy = dy;
  if (self->panning)
    {
      pan_by (self, dx - self->pan_dx, dy - self->pan_dy);
      self->pan_dx = dx;
      self->pan_dy = dy;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             IscPlotView    *self)
{
  if (!self->panning && fabs (dx) > 5 && fabs (dy) > 5)
    apply_pixel_box (self, self->drag_x, self->drag_y, self->drag_x + dx, self->drag_y + dy);
  self->dragging = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_pressed (GtkGestureClick *click,
            int              n_press,
            double           x,
            double           y,
            IscPlotView     *self)
{
  if (n_press == 2)
    isc_plot_view_reset (self);
}

/* ------------------------------------------------------------ actions */

static gboolean
write_figure (const char  *path,
              gpointer     data,
              GError     **error)
{
  IscPlotView *self = data;

  if (self->plot == NULL)
    return TRUE;
  /* 1 px on screen = 1 pt on paper: the figure keeps the proportions the user sees. */
  return isc_plot_export (self->plot, path, MAX (gtk_widget_get_width (GTK_WIDGET (self)), 100),
                          MAX (gtk_widget_get_height (GTK_WIDGET (self)), 80), 300, error);
}

static void
action_export (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  static const IscSaveFilter filters[] = {
    { N_("PDF (vector)"), { "pdf" } },
    { N_("SVG (vector)"), { "svg" } },
    { N_("PNG (300 dpi)"), { "png" } },
    { NULL },
  };

  isc_save_dialog_run (widget, _("Export Figure"), _("_Export"), "figure.pdf", filters,
                       ISC_SAVE_DIALOG_ADD_SUFFIX, _("The figure could not be exported"), write_figure, widget);
}

static void
action_copy_tsv (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  IscPlotView *self = ISC_PLOT_VIEW (widget);
  g_autofree char *tsv = NULL;

  if (self->plot == NULL)
    return;
  tsv = isc_plot_to_tsv (self->plot);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), tsv);
}

static void
action_reset (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  isc_plot_view_reset (ISC_PLOT_VIEW (widget));
}

static void
action_zoom (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  IscPlotView *self = ISC_PLOT_VIEW (widget);
  double ax, ay, aw, ah;

  if (data_area (self, &ax, &ay, &aw, &ah))
    isc_plot_view_zoom_at (self, g_variant_get_double (param), ax + aw / 2, ay + ah / 2);
}

/* ------------------------------------------------------------ GtkWidget */

static void
isc_plot_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  IscPlotView *self = ISC_PLOT_VIEW (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (w <= 0 || h <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (self->plot != NULL)
    isc_plot_draw (self->plot, cr, w, h);

  if (self->dragging && !self->panning)
    {
      cairo_rectangle (cr, self->drag_x, self->drag_y, self->drag_dx, self->drag_dy);
      cairo_set_source_rgba (cr, 0.2, 0.5, 0.9, 0.15);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.2, 0.5, 0.9, 0.8);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
  if (self->hover_valid && self->readout != NULL)
    {
      PangoLayout *layout = pango_cairo_create_layout (cr);
      int tw, th;
      double ax = 0, ay = 0;

      cairo_arc (cr, self->hover_px, self->hover_py, 5, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, self->dark ? 1 : 0, self->dark ? 1 : 0, self->dark ? 1 : 0, 0.8);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
      data_area (self, &ax, &ay, NULL, NULL);
      pango_layout_set_text (layout, self->readout, -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      cairo_rectangle (cr, ax + 4, ay + 4, tw + 8, th + 4);
      cairo_set_source_rgba (cr, self->dark ? 0.1 : 1, self->dark ? 0.1 : 1, self->dark ? 0.1 : 1, 0.85);
      cairo_fill (cr);
      cairo_move_to (cr, ax + 8, ay + 6);
      cairo_set_source_rgb (cr, self->dark ? 0.9 : 0.1, self->dark ? 0.9 : 0.1, self->dark ? 0.9 : 0.1);
      pango_cairo_show_layout (cr, layout);
      g_object_unref (layout);
    }
  cairo_destroy (cr);
  gtk_widget_snapshot_child (widget, self->toolbar, snapshot);
}

static void
isc_plot_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  IscPlotView *self = ISC_PLOT_VIEW (widget);
  int tmin = 0, tnat = 0;

  gtk_widget_measure (self->toolbar, orientation, -1, &tmin, &tnat, NULL, NULL);
  *minimum = MAX (tmin, orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 120);
  *natural = MAX (tnat, orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 340);
}

static void
isc_plot_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  IscPlotView *self = ISC_PLOT_VIEW (widget);
  GtkRequisition nat;

  /* The buttons float in the top-right corner, over the margin above the data area. */
  if (!gtk_widget_get_visible (self->toolbar))
    return;
  gtk_widget_get_preferred_size (self->toolbar, NULL, &nat);
  gtk_widget_size_allocate (self->toolbar,
                            &(GtkAllocation) { MAX (0, width - nat.width - 2), 2, MIN (nat.width, width), nat.height },
                            -1);
}

static void
isc_plot_view_dispose (GObject *object)
{
  IscPlotView *self = ISC_PLOT_VIEW (object);

  g_clear_pointer (&self->toolbar, gtk_widget_unparent);
  G_OBJECT_CLASS (isc_plot_view_parent_class)->dispose (object);
}

static void
isc_plot_view_finalize (GObject *object)
{
  IscPlotView *self = ISC_PLOT_VIEW (object);

  g_clear_pointer (&self->plot, isc_plot_free);
  g_clear_pointer (&self->readout, g_free);
  G_OBJECT_CLASS (isc_plot_view_parent_class)->finalize (object);
}

static void
isc_plot_view_class_init (IscPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_plot_view_dispose;
  object_class->finalize = isc_plot_view_finalize;
  widget_class->snapshot = isc_plot_view_snapshot;
  widget_class->measure = isc_plot_view_measure;
  widget_class->size_allocate = isc_plot_view_size_allocate;

  gtk_widget_class_install_action (widget_class, "plot.reset", NULL, action_reset);
  gtk_widget_class_install_action (widget_class, "plot.zoom", "d", action_zoom);
  gtk_widget_class_install_action (widget_class, "plot.export", NULL, action_export);
  gtk_widget_class_install_action (widget_class, "plot.copy-tsv", NULL, action_copy_tsv);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "plot.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "plot.zoom", "d", 0.8);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "plot.zoom", "d", 0.8);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "plot.zoom", "d", 1.25);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "plot.zoom", "d", 1.25);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "plot.copy-tsv", NULL);
  gtk_widget_class_set_css_name (widget_class, "plotview");
}

static GtkWidget *
tool_button (const char *icon,
             const char *tooltip,
             const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
isc_plot_view_init (IscPlotView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  GtkEventController *motion = gtk_event_controller_motion_new ();

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_vexpand (widget, TRUE);

  self->toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_append (GTK_BOX (self->toolbar), tool_button ("zoom-original-symbolic", _("Reset zoom (Home)"), "plot.reset"));
  gtk_box_append (GTK_BOX (self->toolbar), tool_button ("document-save-as-symbolic", _("Export figure…"), "plot.export"));
  gtk_box_append (GTK_BOX (self->toolbar), tool_button ("edit-copy-symbolic", _("Copy data as TSV (Ctrl+C)"), "plot.copy-tsv"));
  gtk_widget_add_css_class (self->toolbar, "osd");
  gtk_widget_set_visible (self->toolbar, FALSE);
  gtk_widget_set_parent (self->toolbar, widget);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (widget, scroll);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "enter", G_CALLBACK (on_enter), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (widget, motion);
}

/* ------------------------------------------------------------ public API */

GtkWidget *
isc_plot_view_new (void)
{
  return g_object_new (ISC_TYPE_PLOT_VIEW, NULL);
}

static void
apply_theme (IscPlotView *self)
{
  IscPlotTheme *theme;

  if (self->plot == NULL)
    return;
  isc_plot_set_theme (self->plot, self->dark ? ISC_PLOT_THEME_DARK : ISC_PLOT_THEME_PUBLICATION);
  /* Screen pixels, not paper points: larger text and lines than the publication defaults. */
  theme = isc_plot_get_theme (self->plot);
  theme->font_size = 12;
  theme->line_width = 1.5;
  theme->frame_width = 1.0;
}

void
isc_plot_view_set_plot (IscPlotView *self,
                        IscPlot     *plot)
{
  g_return_if_fail (ISC_IS_PLOT_VIEW (self));

  if (self->plot != plot)
    g_clear_pointer (&self->plot, isc_plot_free);
  self->plot = plot;
  self->hover_valid = FALSE;
  g_clear_pointer (&self->readout, g_free);
  for (guint a = 0; a < ISC_PLOT_N_AXES; a++)
    self->home_fixed[a] = plot != NULL && isc_plot_get_axis_fixed (plot, a, &self->home_min[a], &self->home_max[a]);
  apply_theme (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

IscPlot *
isc_plot_view_get_plot (IscPlotView *self)
{
  g_return_val_if_fail (ISC_IS_PLOT_VIEW (self), NULL);
  return self->plot;
}

void
isc_plot_view_queue_redraw (IscPlotView *self)
{
  g_return_if_fail (ISC_IS_PLOT_VIEW (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
isc_plot_view_set_dark (IscPlotView *self,
                        gboolean     dark)
{
  g_return_if_fail (ISC_IS_PLOT_VIEW (self));
  self->dark = dark;
  apply_theme (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
