/* plot-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "isc-save-dialog.h"
#include "isc-style.h"
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
  double hover_px, hover_py;   /* the marker, widget coordinates */
  char *readout;
  gboolean box_valid;
  graphene_rect_t readout_box; /* where the last snapshot drew the read-out */

  gboolean follow_style;       /* dark or light as the window, until set_dark () */
  gboolean keyboard_inside;    /* the focus is in the plot or its buttons, by keyboard */

  IscPlotViewReadoutFunc readout_func;
  gpointer readout_data;
  GDestroyNotify readout_destroy;
};

G_DEFINE_FINAL_TYPE (IscPlotView, isc_plot_view, GTK_TYPE_WIDGET)

static void style_changed  (GtkWidget   *widget);
static void update_toolbar (IscPlotView *self,
                            gboolean     pointer_inside);

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

static char *
plain_text (const char *markup)
{
  char *plain = NULL;

  if (markup == NULL || *markup == '\0')
    return NULL;
  if (!pango_parse_markup (markup, -1, 0, NULL, &plain, NULL, NULL))
    plain = g_strdup (markup);
  return plain;
}

/* Whole numbers (counts) in full, others with four significant digits. */
static char *
format_value (double v)
{
  if (v == floor (v) && fabs (v) < 1e12)
    return g_strdup_printf ("%.0f", v);
  if (fabs (v) >= 1e4 && fabs (v) < 1e12)
    return g_strdup_printf ("%.1f", v);
  return g_strdup_printf ("%.4g", v);
}

static gboolean
ascending (const double *x,
           guint         n)
{
  for (guint k = 1; k < n; k++)
    if (!(x[k] >= x[k - 1]))
      return FALSE;
  return TRUE;
}

/* The neighbouring samples around @at in ascending @x (n > 0): *hi = *lo + 1 and
 * x[*lo] <= at <= x[*hi] for @at between x[0] and x[n - 1]; both 0 for one sample. */
static void
bracket (const double *x,
         guint         n,
         double        at,
         guint        *lo,
         guint        *hi)
{
  *lo = 0;
  *hi = n - 1;
  while (*hi - *lo > 1)
    {
      guint mid = (*lo + *hi) / 2;

      if (x[mid] <= at)
        *lo = mid;
      else
        *hi = mid;
    }
}

/* The value of a line, step or bar series under the data x @at (the bin that holds it, or the
 * line between the samples around it), as the status lines of the views report it. */
static gboolean
value_under (IscPlotSeries *s,
             double         at,
             double        *value)
{
  const double *x, *y;
  guint n = isc_plot_series_get_data (s, &x, &y);
  IscSeriesKind kind = isc_plot_series_get_kind (s);
  guint lo, hi;

  if (n == 0 || x == NULL || y == NULL || !ascending (x, n))
    return FALSE;
  if (kind == ISC_SERIES_STEP || kind == ISC_SERIES_BARS)
    {
      double half0 = n > 1 ? (x[1] - x[0]) / 2 : 0.5, half1 = n > 1 ? (x[n - 1] - x[n - 2]) / 2 : 0.5;

      if (at < x[0] - half0 || at > x[n - 1] + half1)
        return FALSE;
      /* the bin whose centre is nearest */
      bracket (x, n, at, &lo, &hi);
      *value = (hi != lo && fabs (x[hi] - at) < fabs (at - x[lo])) ? y[hi] : y[lo];
      return TRUE;
    }
  if (kind != ISC_SERIES_LINE || n < 2 || at < x[0] || at > x[n - 1])
    return FALSE;
  bracket (x, n, at, &lo, &hi);
  *value = x[hi] > x[lo] ? y[lo] + (y[hi] - y[lo]) * (at - x[lo]) / (x[hi] - x[lo]) : y[lo];
  return TRUE;
}

static IscPlotAxis
series_axis (IscPlotView   *self,
             IscPlotSeries *s,
             double         x,
             double         y,
             double         py)
{
  double p1 = 0, p2 = 0;

  /* The plot does not say which axis a series is on: the nearer transform tells. */
  if (!isc_plot_has_twin_axis (self->plot))
    return ISC_PLOT_AXIS_Y;
  isc_plot_data_to_pixel (self->plot, ISC_PLOT_AXIS_Y, x, y, NULL, &p1);
  isc_plot_data_to_pixel (self->plot, ISC_PLOT_AXIS_Y2, x, y, NULL, &p2);
  return fabs (p2 - py) < fabs (p1 - py) ? ISC_PLOT_AXIS_Y2 : ISC_PLOT_AXIS_Y;
}

IscPlotReadout
isc_plot_view_get_readout (IscPlotView *self)
{
  IscPlotReadout r = { NULL };

  g_return_val_if_fail (ISC_IS_PLOT_VIEW (self), r);

  r.text = self->readout;
  r.drawn = self->hover_valid && self->box_valid;
  if (r.drawn)
    {
      r.box = self->readout_box;
      r.marker_x = self->hover_px;
      r.marker_y = self->hover_py;
    }
  return r;
}

void
isc_plot_view_hover (IscPlotView *self,
                     double       px,
                     double       py)
{
  double ax, ay, aw, ah, at, best = G_MAXDOUBLE;
  double best_x = 0, best_y = 0;
  IscPlotSeries *best_series = NULL;
  guint si, pi;

  g_return_if_fail (ISC_IS_PLOT_VIEW (self));
  self->pointer_x = px;
  self->pointer_y = py;
  update_toolbar (self, px >= 0 && py >= 0 && px <= gtk_widget_get_width (GTK_WIDGET (self))
                        && py <= gtk_widget_get_height (GTK_WIDGET (self)));
  g_clear_pointer (&self->readout, g_free);
  self->hover_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->plot == NULL || !data_area (self, &ax, &ay, &aw, &ah)
      || px < ax || px > ax + aw || py < ay || py > ay + ah
      || !isc_plot_pixel_to_data (self->plot, ISC_PLOT_AXIS_Y, px, py, &at, NULL))
    return;

  /* Curves and histograms: the value under the pointer's x. */
  for (guint i = 0; i < isc_plot_get_n_series (self->plot); i++)
    {
      IscPlotSeries *s = isc_plot_get_series (self->plot, i);
      double v, mx = 0, my = 0, d;
      IscPlotAxis axis;

      if (!value_under (s, at, &v))
        continue;
      axis = series_axis (self, s, at, v, py);
      if (!isc_plot_data_to_pixel (self->plot, axis, at, v, &mx, &my) || !isfinite (my))
        my = ay + ah;   /* zero on a log axis: at the bottom */
      my = CLAMP (my, ay, ay + ah);
      d = fabs (my - py);
      /* an unlabelled copy of a labelled series (a line through markers) yields to it */
      if (isc_plot_series_get_label (s) == NULL || *isc_plot_series_get_label (s) == '\0')
        d += 4;
      if (d < best)
        {
          best = d;
          best_series = s;
          best_x = at;
          best_y = v;
          self->hover_px = px;
          self->hover_py = my;
        }
    }
  /* Markers: the nearest point, when it is close. */
  if (isc_plot_find_nearest (self->plot, px, py, 24, &si, &pi))
    {
      IscPlotSeries *s = isc_plot_get_series (self->plot, si);
      IscSeriesKind kind = isc_plot_series_get_kind (s);
      const double *x, *y;
      double mx = 0, my = 0;

      isc_plot_series_get_data (s, &x, &y);
      if (kind == ISC_SERIES_SCATTER || kind == ISC_SERIES_ERRORBARS || best_series == NULL)
        {
          isc_plot_data_to_pixel (self->plot, series_axis (self, s, x[pi], y[pi], py), x[pi], y[pi], &mx, &my);
          if (hypot (mx - px, my - py) <= best)
            {
              best_series = s;
              best_x = x[pi];
              best_y = y[pi];
              self->hover_px = mx;
              self->hover_py = my;
            }
        }
    }
  if (best_series == NULL)
    return;

  if (self->readout_func != NULL)
    self->readout = self->readout_func (self, best_series, best_x, best_y, self->readout_data);
  if (self->readout == NULL)
    {
      g_autofree char *xname = plain_text (isc_plot_get_axis_label (self->plot, ISC_PLOT_AXIS_X));
      g_autofree char *yname = plain_text (isc_plot_series_get_label (best_series));
      g_autofree char *xs = format_value (best_x);
      g_autofree char *ys = format_value (best_y);

      if (yname == NULL)
        yname = plain_text (isc_plot_get_axis_label (self->plot, ISC_PLOT_AXIS_Y));
      /* two short lines fit between curves where one long line would not */
      self->readout = g_strdup_printf ("%s: %s\n%s: %s", xname != NULL ? xname : "x", xs,
                                       yname != NULL ? yname : "y", ys);
    }
  self->hover_valid = TRUE;
}

static gboolean
rects_meet (const graphene_rect_t *a,
            const graphene_rect_t *b)
{
  return a->origin.x < b->origin.x + b->size.width && b->origin.x < a->origin.x + a->size.width
         && a->origin.y < b->origin.y + b->size.height && b->origin.y < a->origin.y + a->size.height;
}

/* How much a read-out box at @box hides: the data points under it, and far more for the
 * marker it describes, the legend and the floating buttons. */
static double
readout_cost (IscPlotView           *self,
              const graphene_rect_t *box)
{
  graphene_rect_t keep;
  double lx, ly, lw, lh, cost = 0;

  keep = GRAPHENE_RECT_INIT (self->hover_px - 8, self->hover_py - 8, 16, 16);
  if (rects_meet (box, &keep))
    cost += 1e9;
  if (isc_plot_get_legend_area (self->plot, &lx, &ly, &lw, &lh))
    {
      keep = GRAPHENE_RECT_INIT (lx, ly, lw, lh);
      if (rects_meet (box, &keep))
        cost += 1e8;
    }
  if (gtk_widget_get_visible (self->toolbar))
    {
      graphene_rect_t bounds;

      if (gtk_widget_compute_bounds (self->toolbar, GTK_WIDGET (self), &bounds) && rects_meet (box, &bounds))
        cost += 1e7;
    }
  for (guint i = 0; i < isc_plot_get_n_series (self->plot); i++)
    {
      IscPlotSeries *s = isc_plot_get_series (self->plot, i);
      IscSeriesKind kind = isc_plot_series_get_kind (s);
      gboolean joined = kind == ISC_SERIES_LINE || kind == ISC_SERIES_STEP || kind == ISC_SERIES_BAND;
      const double *x, *y;
      guint n = isc_plot_series_get_data (s, &x, &y);
      guint stride = MAX (1, n / 2000);
      double prev_x = NAN, prev_y = NAN;

      if (x == NULL || y == NULL)
        continue;
      for (guint k = 0; k < n; k += stride)
        {
          double px, py;

          if (!isc_plot_data_to_pixel (self->plot, ISC_PLOT_AXIS_Y, x[k], y[k], &px, &py) || !isfinite (py))
            {
              prev_x = prev_y = NAN;
              continue;
            }
          if (graphene_rect_contains_point (box, &GRAPHENE_POINT_INIT (px, py)))
            cost += 1;
          /* a curve crosses the box between its samples too (a narrow peak's flanks) */
          if (joined && isfinite (prev_x))
            {
              /* one test every 4 px along the segment */
              int steps = (int) CLAMP (hypot (px - prev_x, py - prev_y) / 4, 1, 64);

              for (int f = 1; f < steps; f++)
                if (graphene_rect_contains_point (box, &GRAPHENE_POINT_INIT (prev_x + (px - prev_x) * f / steps,
                                                                             prev_y + (py - prev_y) * f / steps)))
                  cost += 1;
            }
          prev_x = px;
          prev_y = py;
        }
    }
  return cost;
}

/* Beside the marker where it hides least, else in a corner of the data area; never over the
 * marker or the legend, and inside the data area when it fits. */
static void
place_readout (IscPlotView *self,
               double       w,
               double       h)
{
  double ax = 0, ay = 0, aw = 0, ah = 0, gap = 12, best = G_MAXDOUBLE;
  double mx = self->hover_px, my = self->hover_py;
  double cx[14], cy[14];

  data_area (self, &ax, &ay, &aw, &ah);
  cx[0] = mx + gap;     cy[0] = my - gap - h;
  cx[1] = mx - gap - w; cy[1] = my - gap - h;
  cx[2] = mx + gap;     cy[2] = my + gap;
  cx[3] = mx - gap - w; cy[3] = my + gap;
  cx[4] = ax + 4;          cy[4] = ay + 4;
  cx[5] = ax + aw - w - 4; cy[5] = ay + 4;
  cx[6] = ax + 4;          cy[6] = ay + ah - h - 4;
  cx[7] = ax + aw - w - 4; cy[7] = ay + ah - h - 4;
  /* level with the marker, then the free middle of either side */
  cx[8] = mx + gap;        cy[8] = my - h / 2;
  cx[9] = mx - gap - w;    cy[9] = my - h / 2;
  cx[10] = ax + 4;         cy[10] = ay + ah / 4;
  cx[11] = ax + aw - w - 4; cy[11] = ay + ah / 4;
  cx[12] = ax + 4;         cy[12] = ay + ah / 2;
  cx[13] = ax + aw - w - 4; cy[13] = ay + ah / 2;
  for (guint c = 0; c < G_N_ELEMENTS (cx); c++)
    {
      graphene_rect_t box;
      double cost;

      /* inside the data area, so that the axis labels stay readable */
      cx[c] = w <= aw ? CLAMP (cx[c], ax, ax + aw - w) : ax;
      cy[c] = h <= ah ? CLAMP (cy[c], ay, ay + ah - h) : ay;
      box = GRAPHENE_RECT_INIT (cx[c], cy[c], w, h);
      cost = readout_cost (self, &box);
      if (cost < best)
        {
          best = cost;
          self->readout_box = box;
        }
    }
  self->box_valid = TRUE;
}

/* The buttons float over the top of the plot: they show when the pointer comes up there or the
 * keyboard is in the plot, not while the pointer reads values lower down, where they would hide
 * the data (and never while the pointer is away, so they never hide the legend otherwise). */
static void
update_toolbar (IscPlotView *self,
                gboolean     pointer_inside)
{
  GtkRequisition nat;
  gboolean near_top;

  gtk_widget_get_preferred_size (self->toolbar, NULL, &nat);
  near_top = pointer_inside && self->pointer_y <= nat.height + 24;
  gtk_widget_set_visible (self->toolbar, near_top || self->keyboard_inside);
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           IscPlotView              *self)
{
  if (!self->dragging)
    isc_plot_view_hover (self, x, y);
}

static void
on_enter (GtkEventControllerMotion *motion,
          double                    x,
          double                    y,
          IscPlotView              *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  update_toolbar (self, TRUE);
}

static void
on_focus_changed (GtkEventControllerFocus *focus,
                  GParamSpec              *pspec,
                  IscPlotView             *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* a keyboard user reaches the buttons with Tab; a click into the plot does not show them */
  self->keyboard_inside = gtk_event_controller_focus_contains_focus (focus)
                          && GTK_IS_WINDOW (root) && gtk_window_get_focus_visible (GTK_WINDOW (root));
  update_toolbar (self, FALSE);
}

static void
on_leave (GtkEventControllerMotion *motion,
          IscPlotView              *self)
{
  update_toolbar (self, FALSE);
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
write_figure (const char              *path,
              const IscFigureOptions  *options,
              gpointer                 data,
              GError                 **error)
{
  return isc_plot_view_export_with_options (data, path, options, error);
}

gboolean
isc_plot_view_export (IscPlotView  *self,
                      const char   *path,
                      GError      **error)
{
  IscFigureOptions options;

  g_return_val_if_fail (ISC_IS_PLOT_VIEW (self), FALSE);

  isc_save_dialog_get_figure_options (&options);
  return isc_plot_view_export_with_options (self, path, &options, error);
}

gboolean
isc_plot_view_export_with_options (IscPlotView             *self,
                                   const char              *path,
                                   const IscFigureOptions  *options,
                                   GError                 **error)
{
  g_return_val_if_fail (ISC_IS_PLOT_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL && options != NULL, FALSE);

  if (self->plot == NULL)
    return TRUE;
  /* A figure is for paper: the publication theme in journal units, whatever the window's style
   * and size (isc_figure_options_apply_to_plot ()). */
  return isc_plot_export_with_options (self->plot, path, options, error);
}

static void
action_export (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  isc_save_dialog_run_figure (widget, _("Export Figure"), "figure.pdf", NULL,
                              _("The figure could not be exported"), write_figure, widget);
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
  self->box_valid = FALSE;
  if (self->hover_valid && self->readout != NULL && self->plot != NULL)
    {
      /* the widget's own font, as every label around the plot */
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, self->readout);
      double ink = self->dark ? 0.92 : 0.1, paper = self->dark ? 0.16 : 1.0;
      int tw, th;

      pango_layout_get_pixel_size (layout, &tw, &th);
      place_readout (self, tw + 12, th + 6);
      /* a path left over from the plot would join the marker with a stray line */
      cairo_new_path (cr);
      cairo_arc (cr, self->hover_px, self->hover_py, 5, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, ink, ink, ink, 0.85);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
      cairo_rectangle (cr, self->readout_box.origin.x, self->readout_box.origin.y,
                       self->readout_box.size.width, self->readout_box.size.height);
      cairo_set_source_rgba (cr, paper, paper, paper, 0.92);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, ink, ink, ink, 0.35);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      cairo_move_to (cr, self->readout_box.origin.x + 6, self->readout_box.origin.y + 3);
      cairo_set_source_rgb (cr, ink, ink, ink);
      pango_cairo_show_layout (cr, layout);
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
  if (self->readout_destroy != NULL)
    self->readout_destroy (self->readout_data);
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
  GtkEventController *focus;

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
  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "notify::contains-focus", G_CALLBACK (on_focus_changed), self);
  gtk_widget_add_controller (widget, focus);

  self->follow_style = TRUE;
  self->dark = isc_style_is_dark ();
  isc_style_watch (widget, style_changed);
}

/* ------------------------------------------------------------ public API */

GtkWidget *
isc_plot_view_new (void)
{
  return g_object_new (ISC_TYPE_PLOT_VIEW, NULL);
}

static void
apply_theme (IscPlotView *self);

static void
style_changed (GtkWidget *widget)
{
  IscPlotView *self = ISC_PLOT_VIEW (widget);

  if (!self->follow_style)
    return;
  self->dark = isc_style_is_dark ();
  apply_theme (self);
  gtk_widget_queue_draw (widget);
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
  self->follow_style = FALSE;
  self->dark = dark;
  apply_theme (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
isc_plot_view_set_readout_func (IscPlotView            *self,
                                IscPlotViewReadoutFunc  func,
                                gpointer                user_data,
                                GDestroyNotify          destroy)
{
  g_return_if_fail (ISC_IS_PLOT_VIEW (self));
  if (self->readout_destroy != NULL)
    self->readout_destroy (self->readout_data);
  self->readout_func = func;
  self->readout_data = user_data;
  self->readout_destroy = destroy;
}

IscPlotSeries *
isc_plot_add_binned_fraction (IscPlot      *plot,
                              const char   *label,
                              guint         n_bins,
                              const double *start,
                              const double *end,
                              guint         n_elements,
                              guint         e,
                              const double *fraction,
                              const double *sigma,
                              double        scale)
{
  g_autofree double *x = g_new (double, MAX (n_bins, 1));
  g_autofree double *y = g_new (double, MAX (n_bins, 1));
  g_autofree double *err = g_new (double, MAX (n_bins, 1));
  IscPlotSeries *series;
  guint n = 0;

  g_return_val_if_fail (plot != NULL, NULL);
  g_return_val_if_fail (e < n_elements, NULL);

  for (guint b = 0; b < n_bins; b++)
    {
      gsize k = (gsize) b * n_elements + e;

      if (isnan (fraction[k]))
        continue;
      x[n] = 0.5 * (start[b] + end[b]);
      y[n] = scale * fraction[k];
      err[n] = scale * sigma[k];
      n++;
    }
  if (n == 0)
    return NULL;
  series = isc_plot_add_series (plot, ISC_SERIES_ERRORBARS, label, x, y, n);
  isc_plot_series_set_errors (series, err, NULL);
  return series;
}
