/* image-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "image-view.h"
#include "isc-style.h"
#include "isc-save-dialog.h"
#include "isc-widgets.h"
#include "scale-bar.h"

#define HIST_BINS     128
#define MAX_PYRAMID   12
#define GRAB_RADIUS   8.0

struct _IscImageView
{
  GtkWidget parent_instance;

  IscImage *image;
  guint frame;
  IscImageLevels *levels;            /* of the shown frame */
  IscContrast contrast;
  IscColormap colormap;
  double black, white;
  /* Display buffer, redone only when the frame, contrast or colour map changes; pyramid[k]
   * is it reduced 2^k times by box averaging, for honest zoomed-out views. */
  cairo_surface_t *pyramid[MAX_PYRAMID];
  gboolean scale_bar;
  double scale_bar_length;           /* fixed length (calibrated), or 0 for a round automatic one */
  char scale_bar_label[32];

  double zoom;                       /* screen pixels per image pixel */
  double ox, oy;                     /* canvas position of the image's top-left corner */
  gboolean fit;                      /* refit when the canvas is resized */

  IscImageTool tool;
  gboolean has_line;
  double lx[2], ly[2];               /* image coordinates */
  double line_width;                 /* calibrated */

  /* Drag. */
  enum { DRAG_NONE, DRAG_PAN, DRAG_LINE_END } drag;
  int drag_end;                      /* 0 or 1 for DRAG_LINE_END */
  double drag_x, drag_y, drag_ox, drag_oy;
  double pointer_x, pointer_y;
  char *readout;

  gboolean syncing;                  /* controls being set from the state */
  guint zoom_label_source;

  /* Children. */
  GtkWidget *toolbar;
  GtkWidget *canvas;
  GtkWidget *status;
  GtkWidget *readout_label;
  GtkWidget *zoom_label;
  GtkWidget *line_toggle;
  GtkWidget *width_spin;
  GtkWidget *width_unit;
  GtkWidget *width_box;             /* the line's width: shown with the line tool or a line */
  GtkWidget *frame_box;             /* "Frame [k] of N", for series */
  GtkWidget *frame_spin;
  GtkWidget *frame_total;
  GtkWidget *colormap_dropdown;
  GtkWidget *scale_bar_check;
  GtkWidget *mode_dropdown;
  GtkWidget *low_spin;
  GtkWidget *high_spin;
  GtkWidget *gamma_spin;
  GtkWidget *histogram;
  GtkWidget *display_button;
};

G_DEFINE_FINAL_TYPE (IscImageView, isc_image_view, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_LINE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void sync_controls (IscImageView *self);

/* ------------------------------------------------------------ helpers */

static double
pixel_size (IscImageView *self)
{
  double s = self->image != NULL ? self->image->axis[ISC_IMAGE_AXIS_X].scale : 1;

  return s > 0 && isfinite (s) ? s : 1;
}

static const char *
length_unit (IscImageView *self)
{
  const char *unit = self->image != NULL ? self->image->axis[ISC_IMAGE_AXIS_X].unit : "";

  return unit != NULL && *unit != '\0' ? unit : "px";
}

static void
clear_pyramid (IscImageView *self)
{
  for (guint k = 0; k < MAX_PYRAMID; k++)
    g_clear_pointer (&self->pyramid[k], cairo_surface_destroy);
}

/* Halves @src by averaging 2 × 2 blocks (premultiplied ARGB, so transparent NaN pixels
 * weigh correctly). */
static cairo_surface_t *
halve (cairo_surface_t *src)
{
  int w = cairo_image_surface_get_width (src), h = cairo_image_surface_get_height (src);
  int nw = MAX (1, w / 2), nh = MAX (1, h / 2);
  int ss = cairo_image_surface_get_stride (src), ds;
  const guint8 *s = cairo_image_surface_get_data (src);
  cairo_surface_t *dst = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, nw, nh);
  guint8 *d;

  cairo_surface_flush (dst);
  d = cairo_image_surface_get_data (dst);
  ds = cairo_image_surface_get_stride (dst);
  for (int y = 0; y < nh; y++)
    {
      const guint8 *r0 = s + (gsize) MIN (2 * y, h - 1) * ss;
      const guint8 *r1 = s + (gsize) MIN (2 * y + 1, h - 1) * ss;
      guint8 *out = d + (gsize) y * ds;

      for (int x = 0; x < nw; x++)
        {
          int a = 4 * MIN (2 * x, w - 1), b = 4 * MIN (2 * x + 1, w - 1);

          for (int c = 0; c < 4; c++)
            out[4 * x + c] = (r0[a + c] + r0[b + c] + r1[a + c] + r1[b + c] + 2) / 4;
        }
    }
  cairo_surface_mark_dirty (dst);
  return dst;
}

static void
update_display (IscImageView *self)
{
  clear_pyramid (self);
  if (self->image == NULL)
    return;
  if (self->levels == NULL)
    self->levels = isc_image_levels_compute (self->image, self->frame);
  self->pyramid[0] = isc_image_render_rgba (self->image, self->frame, &self->contrast, self->colormap,
                                            self->levels, &self->black, &self->white);
  gtk_widget_queue_draw (self->canvas);
  gtk_widget_queue_draw (self->histogram);
}

/* The reduced buffer for showing the image at @zoom, and its reduction factor. */
static cairo_surface_t *
level_for_zoom (IscImageView *self,
                double        zoom,
                double       *factor)
{
  guint k = 0;

  *factor = 1;
  if (self->pyramid[0] == NULL)
    return NULL;
  while (zoom * 2 <= 1.0 + 1e-9 && k + 1 < MAX_PYRAMID)
    {
      cairo_surface_t *prev = self->pyramid[k];

      if (cairo_image_surface_get_width (prev) < 2 || cairo_image_surface_get_height (prev) < 2)
        break;
      if (self->pyramid[k + 1] == NULL)
        self->pyramid[k + 1] = halve (prev);
      k++;
      zoom *= 2;
      *factor *= 2;
    }
  return self->pyramid[k];
}

void
isc_image_view_canvas_to_image (IscImageView *self,
                                double        canvas_x,
                                double        canvas_y,
                                double       *image_x,
                                double       *image_y)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  /* Pixel i covers [i, i + 1) of the buffer, and its centre is image coordinate i. */
  if (image_x != NULL)
    *image_x = (canvas_x - self->ox) / self->zoom - 0.5;
  if (image_y != NULL)
    *image_y = (canvas_y - self->oy) / self->zoom - 0.5;
}

void
isc_image_view_image_to_canvas (IscImageView *self,
                                double        image_x,
                                double        image_y,
                                double       *canvas_x,
                                double       *canvas_y)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  if (canvas_x != NULL)
    *canvas_x = self->ox + (image_x + 0.5) * self->zoom;
  if (canvas_y != NULL)
    *canvas_y = self->oy + (image_y + 0.5) * self->zoom;
}

static gboolean
zoom_label_idle (gpointer data)
{
  IscImageView *self = data;
  g_autofree char *text = g_strdup_printf ("%.0f %%", self->zoom * 100);

  self->zoom_label_source = 0;
  gtk_label_set_text (GTK_LABEL (self->zoom_label), text);
  return G_SOURCE_REMOVE;
}

/* Deferred: the zoom changes during size allocation (fit), when relabelling would queue
 * another resize of the toolbar in the middle of the frame. */
static void
update_zoom_label (IscImageView *self)
{
  if (self->zoom_label_source == 0)
    self->zoom_label_source = g_idle_add (zoom_label_idle, self);
}

/* ------------------------------------------------------------ zoom */

static void
apply_fit (IscImageView *self)
{
  int cw = gtk_widget_get_width (self->canvas), ch = gtk_widget_get_height (self->canvas);

  if (self->image == NULL || cw <= 0 || ch <= 0)
    return;
  self->zoom = MIN ((double) cw / self->image->width, (double) ch / self->image->height);
  self->ox = (cw - self->image->width * self->zoom) / 2;
  self->oy = (ch - self->image->height * self->zoom) / 2;
  update_zoom_label (self);
  gtk_widget_queue_draw (self->canvas);
}

void
isc_image_view_zoom_fit (IscImageView *self)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  self->fit = TRUE;
  apply_fit (self);
}

/* Sets the zoom keeping the image point under canvas (cx, cy) in place. */
static void
set_zoom_about (IscImageView *self,
                double        zoom,
                double        cx,
                double        cy)
{
  if (self->image == NULL || !(zoom > 0))
    return;
  zoom = CLAMP (zoom, 1.0 / 64, 64);
  self->ox = cx - (cx - self->ox) * zoom / self->zoom;
  self->oy = cy - (cy - self->oy) * zoom / self->zoom;
  self->zoom = zoom;
  self->fit = FALSE;
  update_zoom_label (self);
  gtk_widget_queue_draw (self->canvas);
}

void
isc_image_view_zoom_at (IscImageView *self,
                        double        factor,
                        double        canvas_x,
                        double        canvas_y)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  if (factor > 0)
    set_zoom_about (self, self->zoom * factor, canvas_x, canvas_y);
}

void
isc_image_view_zoom_one_to_one (IscImageView *self)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  set_zoom_about (self, 1, gtk_widget_get_width (self->canvas) / 2.0, gtk_widget_get_height (self->canvas) / 2.0);
}

double
isc_image_view_get_zoom (IscImageView *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_VIEW (self), 1);
  return self->zoom;
}

/* ------------------------------------------------------------ drawing */

static void
draw_line_overlay (IscImageView *self,
                   cairo_t      *cr)
{
  double dx = self->lx[1] - self->lx[0], dy = self->ly[1] - self->ly[0];
  double len = hypot (dx, dy), half = isc_image_view_get_line_width_px (self) / 2;
  double nx = 0, ny = 0, cx[4], cy[4];

  if (len > 0)
    {
      nx = -dy / len * half;
      ny = dx / len * half;
    }
  isc_image_view_image_to_canvas (self, self->lx[0] + nx, self->ly[0] + ny, &cx[0], &cy[0]);
  isc_image_view_image_to_canvas (self, self->lx[1] + nx, self->ly[1] + ny, &cx[1], &cy[1]);
  isc_image_view_image_to_canvas (self, self->lx[1] - nx, self->ly[1] - ny, &cx[2], &cy[2]);
  isc_image_view_image_to_canvas (self, self->lx[0] - nx, self->ly[0] - ny, &cx[3], &cy[3]);

  /* The integration band. */
  cairo_move_to (cr, cx[0], cy[0]);
  for (int i = 1; i < 4; i++)
    cairo_line_to (cr, cx[i], cy[i]);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 1.0, 0.8, 0.0, 0.2);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 1.0, 0.8, 0.0, 0.7);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  /* The line itself with its ends: a filled start, a hollow end (the profile's direction). */
  for (int e = 0; e < 2; e++)
    isc_image_view_image_to_canvas (self, self->lx[e], self->ly[e], &cx[e], &cy[e]);
  cairo_move_to (cr, cx[0], cy[0]);
  cairo_line_to (cr, cx[1], cy[1]);
  cairo_set_source_rgb (cr, 1.0, 0.8, 0.0);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  cairo_arc (cr, cx[0], cy[0], 4, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_arc (cr, cx[1], cy[1], 4, 0, 2 * G_PI);
  cairo_stroke (cr);
}

static void
draw_canvas (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  IscImageView *self = user_data;
  cairo_surface_t *level;
  double factor, vx0, vy0, vx1, vy1;
  IscScaleBar bar;

  cairo_set_source_rgb (cr, 0.16, 0.16, 0.16);
  cairo_paint (cr);
  self->scale_bar_label[0] = '\0';
  if (self->image == NULL)
    return;
  level = level_for_zoom (self, self->zoom, &factor);
  if (level == NULL)
    return;

  cairo_save (cr);
  cairo_translate (cr, self->ox, self->oy);
  cairo_scale (cr, self->zoom * factor, self->zoom * factor);
  cairo_rectangle (cr, 0, 0, self->image->width / factor, self->image->height / factor);
  cairo_clip (cr);
  cairo_set_source_surface (cr, level, 0, 0);
  /* Magnified pixels stay square: a microscopist must see the real pixels. */
  cairo_pattern_set_filter (cairo_get_source (cr), self->zoom * factor >= 1 ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);

  if (self->has_line)
    draw_line_overlay (self, cr);

  /* The scale bar sits in the visible part of the image. */
  vx0 = MAX (0, self->ox);
  vy0 = MAX (0, self->oy);
  vx1 = MIN (width, self->ox + self->image->width * self->zoom);
  vy1 = MIN (height, self->oy + self->image->height * self->zoom);
  if (self->scale_bar && vx1 - vx0 > 40 && vy1 - vy0 > 30
      && (self->scale_bar_length > 0
          ? isc_scale_bar_for_length (self->scale_bar_length, pixel_size (self) / self->zoom,
                                      self->image->axis[ISC_IMAGE_AXIS_X].unit, &bar)
          : isc_scale_bar_choose (pixel_size (self) / self->zoom, self->image->axis[ISC_IMAGE_AXIS_X].unit,
                                  vx1 - vx0, &bar)))
    {
      cairo_save (cr);
      cairo_translate (cr, vx0, vy0);
      isc_scale_bar_draw (cr, bar.label, bar.length_px, vx1 - vx0, vy1 - vy0, 13);
      cairo_restore (cr);
      g_strlcpy (self->scale_bar_label, bar.label, sizeof self->scale_bar_label);
    }
}

const char *
isc_image_view_get_scale_bar_label (IscImageView *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_VIEW (self), NULL);
  return self->scale_bar_label[0] != '\0' ? self->scale_bar_label : NULL;
}

static void
on_canvas_resize (GtkDrawingArea *area,
                  int             width,
                  int             height,
                  IscImageView   *self)
{
  if (self->fit)
    apply_fit (self);
}

/* ------------------------------------------------------------ histogram */

static void
draw_histogram (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  IscImageView *self = user_data;
  double counts[HIST_BINS], lo, hi, peak = 0, x;

  cairo_set_source_rgb (cr, 0.12, 0.12, 0.12);
  cairo_paint (cr);
  if (self->levels == NULL || isc_image_levels_get_range (self->levels, &lo, &hi) == 0)
    return;
  if (!(hi > lo))
    hi = lo + 1;
  isc_image_levels_histogram (self->levels, lo, hi, HIST_BINS, counts);
  /* Square-root counts: a few bright pixels and the bulk both stay visible. */
  for (guint i = 0; i < HIST_BINS; i++)
    peak = MAX (peak, sqrt (counts[i]));
  if (peak <= 0)
    return;
  cairo_set_source_rgb (cr, 0.75, 0.75, 0.75);
  for (guint i = 0; i < HIST_BINS; i++)
    {
      double bh = sqrt (counts[i]) / peak * (height - 2);

      cairo_rectangle (cr, (double) i * width / HIST_BINS, height - bh, (double) width / HIST_BINS + 0.5, bh);
    }
  cairo_fill (cr);
  /* The black and white levels. */
  cairo_set_line_width (cr, 1.5);
  for (int e = 0; e < 2; e++)
    {
      x = ((e == 0 ? self->black : self->white) - lo) / (hi - lo) * width;
      cairo_move_to (cr, CLAMP (x, 1, width - 1), 0);
      cairo_line_to (cr, CLAMP (x, 1, width - 1), height);
      cairo_set_source_rgb (cr, e == 0 ? 0.3 : 1.0, e == 0 ? 0.6 : 0.8, e == 0 ? 1.0 : 0.0);
      cairo_stroke (cr);
    }
}

/* ------------------------------------------------------------ read-out */

void
isc_image_view_hover (IscImageView *self,
                      double        canvas_x,
                      double        canvas_y)
{
  const IscAxisCalibration *ax, *ay;
  const IscIntensityCalibration *ic;
  double ix, iy, value;
  int px, py;

  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  g_clear_pointer (&self->readout, g_free);
  if (self->image != NULL)
    {
      isc_image_view_canvas_to_image (self, canvas_x, canvas_y, &ix, &iy);
      px = (int) floor (ix + 0.5);
      py = (int) floor (iy + 0.5);
      if (px >= 0 && py >= 0 && px < (int) self->image->width && py < (int) self->image->height)
        {
          ax = &self->image->axis[ISC_IMAGE_AXIS_X];
          ay = &self->image->axis[ISC_IMAGE_AXIS_Y];
          ic = &self->image->intensity;
          value = isc_image_frame_const (self->image, self->frame)[(gsize) py * self->image->width + px];
          value = ic->offset + ic->scale * value;
          if (*ax->unit != '\0')
            self->readout = g_strdup_printf (_("x = %.4g %s  y = %.4g %s  (pixel %d, %d)  I = %.6g%s%s"),
                                             ax->origin + ix * ax->scale, ax->unit,
                                             ay->origin + iy * ay->scale, *ay->unit != '\0' ? ay->unit : ax->unit,
                                             px, py, value, *ic->unit != '\0' ? " " : "", ic->unit);
          else
            self->readout = g_strdup_printf (_("pixel %d, %d  I = %.6g%s%s"), px, py, value,
                                             *ic->unit != '\0' ? " " : "", ic->unit);
        }
    }
  gtk_label_set_text (GTK_LABEL (self->readout_label), self->readout != NULL ? self->readout : "");
}

const char *
isc_image_view_get_readout (IscImageView *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_VIEW (self), NULL);
  return self->readout;
}

/* ------------------------------------------------------------ gestures */

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           IscImageView             *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  isc_image_view_hover (self, x, y);
}

static void
on_leave (GtkEventControllerMotion *motion,
          IscImageView             *self)
{
  g_clear_pointer (&self->readout, g_free);
  gtk_label_set_text (GTK_LABEL (self->readout_label), "");
}

static gboolean
on_scroll (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           IscImageView             *self)
{
  isc_image_view_zoom_at (self, pow (1.2, -dy), self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               IscImageView   *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  self->drag_x = x;
  self->drag_y = y;
  self->drag_ox = self->ox;
  self->drag_oy = self->oy;
  self->drag = DRAG_PAN;
  if (self->image == NULL)
    self->drag = DRAG_NONE;
  else if (self->tool == ISC_IMAGE_TOOL_LINE && button == GDK_BUTTON_PRIMARY && (state & GDK_SHIFT_MASK) == 0)
    {
      double ix, iy;

      self->drag = DRAG_LINE_END;
      self->drag_end = 1;
      /* Grabbing an end moves it; anywhere else starts a new line. */
      for (int e = 0; e < 2 && self->has_line; e++)
        {
          double cx, cy;

          isc_image_view_image_to_canvas (self, self->lx[e], self->ly[e], &cx, &cy);
          if (hypot (cx - x, cy - y) <= GRAB_RADIUS)
            {
              self->drag_end = e;
              return;
            }
        }
      isc_image_view_canvas_to_image (self, x, y, &ix, &iy);
      self->lx[0] = self->lx[1] = ix;
      self->ly[0] = self->ly[1] = iy;
      self->has_line = TRUE;
    }
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                IscImageView   *self)
{
  double ix, iy;

  switch (self->drag)
    {
    case DRAG_PAN:
      self->ox = self->drag_ox + dx;
      self->oy = self->drag_oy + dy;
      self->fit = FALSE;
      gtk_widget_queue_draw (self->canvas);
      break;
    case DRAG_LINE_END:
      isc_image_view_canvas_to_image (self, self->drag_x + dx, self->drag_y + dy, &ix, &iy);
      self->lx[self->drag_end] = ix;
      self->ly[self->drag_end] = iy;
      gtk_widget_queue_draw (self->canvas);
      if (hypot (self->lx[1] - self->lx[0], self->ly[1] - self->ly[0]) >= 1)
        g_signal_emit (self, signals[SIGNAL_LINE_CHANGED], 0);
      break;
    case DRAG_NONE:
    default:
      break;
    }
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             IscImageView   *self)
{
  /* A click without a drag leaves no line shorter than a pixel behind. */
  if (self->drag == DRAG_LINE_END && hypot (self->lx[1] - self->lx[0], self->ly[1] - self->ly[0]) < 1)
    isc_image_view_clear_line (self);
  self->drag = DRAG_NONE;
}

/* ------------------------------------------------------------ controls */

/* The width matters only for a line: the toolbar stays one row until there is one. */
static void
update_line_controls (IscImageView *self)
{
  if (self->width_box != NULL)
    gtk_widget_set_visible (gtk_widget_get_parent (self->width_box),
                            self->tool == ISC_IMAGE_TOOL_LINE || self->has_line);
}

static void
on_line_toggled (GtkToggleButton *button,
                 IscImageView    *self)
{
  self->tool = gtk_toggle_button_get_active (button) ? ISC_IMAGE_TOOL_LINE : ISC_IMAGE_TOOL_PAN;
  gtk_widget_set_cursor_from_name (self->canvas, self->tool == ISC_IMAGE_TOOL_LINE ? "crosshair" : "grab");
  update_line_controls (self);
}

static void
on_width_changed (GtkSpinButton *spin,
                  IscImageView  *self)
{
  if (!self->syncing)
    isc_image_view_set_line_width (self, gtk_spin_button_get_value (spin));
}

static void
on_frame_changed (GtkSpinButton *spin,
                  IscImageView  *self)
{
  if (!self->syncing)
    isc_image_view_set_frame (self, gtk_spin_button_get_value_as_int (spin) - 1);
}

static void
on_colormap_changed (GtkDropDown  *dropdown,
                     GParamSpec   *pspec,
                     IscImageView *self)
{
  if (!self->syncing)
    isc_image_view_set_colormap (self, gtk_drop_down_get_selected (dropdown));
}

static void
on_scale_bar_toggled (GtkCheckButton *check,
                      IscImageView   *self)
{
  if (!self->syncing)
    isc_image_view_set_scale_bar (self, gtk_check_button_get_active (check));
}

static void
on_contrast_control_changed (IscImageView *self)
{
  IscContrast c = self->contrast;
  IscContrastMode mode;

  if (self->syncing)
    return;
  mode = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->mode_dropdown));
  c.gamma = gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->gamma_spin));
  if (mode != c.mode)
    {
      /* A new mode starts from what is shown now, so the picture does not jump. */
      c.mode = mode;
      if (mode == ISC_CONTRAST_MANUAL)
        {
          c.low = self->black;
          c.high = self->white;
        }
      else if (mode == ISC_CONTRAST_PERCENTILE)
        {
          c.low = 0.5;
          c.high = 99.5;
        }
    }
  else
    {
      c.low = gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->low_spin));
      c.high = gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->high_spin));
    }
  isc_image_view_set_contrast (self, &c);
}

static void
on_mode_changed (GtkDropDown  *dropdown,
                 GParamSpec   *pspec,
                 IscImageView *self)
{
  on_contrast_control_changed (self);
}

static void
on_spin_changed (GtkSpinButton *spin,
                 IscImageView  *self)
{
  on_contrast_control_changed (self);
}

static void
set_spin (GtkWidget *widget,
          double     lower,
          double     upper,
          double     step,
          guint      digits,
          double     value)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (widget);

  gtk_spin_button_set_digits (spin, digits);
  gtk_spin_button_set_range (spin, lower, upper);
  gtk_spin_button_set_increments (spin, step, step * 10);
  gtk_spin_button_set_value (spin, value);
}

/* Puts the state into the controls (guarded so that their handlers do not write it back). */
static void
sync_controls (IscImageView *self)
{
  double lo = 0, hi = 1, span;
  guint digits;

  self->syncing = TRUE;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->colormap_dropdown), self->colormap);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->scale_bar_check), self->scale_bar);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->mode_dropdown), self->contrast.mode);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->gamma_spin), self->contrast.gamma);
  if (self->levels != NULL)
    isc_image_levels_get_range (self->levels, &lo, &hi);
  span = MAX (hi - lo, 1e-12);
  digits = (guint) CLAMP (3 - floor (log10 (span)), 0, 8);
  if (self->contrast.mode == ISC_CONTRAST_PERCENTILE)
    {
      set_spin (self->low_spin, 0, 100, 0.1, 2, self->contrast.low);
      set_spin (self->high_spin, 0, 100, 0.1, 2, self->contrast.high);
    }
  else
    {
      double step = pow (10, floor (log10 (span)) - 2);

      set_spin (self->low_spin, lo - span, hi + span, step, digits, self->black);
      set_spin (self->high_spin, lo - span, hi + span, step, digits, self->white);
    }
  gtk_widget_set_sensitive (self->low_spin, self->contrast.mode != ISC_CONTRAST_FULL);
  gtk_widget_set_sensitive (self->high_spin, self->contrast.mode != ISC_CONTRAST_FULL);

  gtk_label_set_text (GTK_LABEL (self->width_unit), length_unit (self));
  update_line_controls (self);
  set_spin (self->width_spin, pixel_size (self), pixel_size (self) * 1000, pixel_size (self),
            (guint) CLAMP (2 - floor (log10 (pixel_size (self))), 0, 6), self->line_width);
  if (self->image != NULL && self->image->frames > 1)
    {
      g_autofree char *total = g_strdup_printf (_("of %u"), self->image->frames);

      set_spin (self->frame_spin, 1, self->image->frames, 1, 0, self->frame + 1);
      gtk_label_set_text (GTK_LABEL (self->frame_total), total);
      gtk_widget_set_visible (gtk_widget_get_parent (self->frame_box), TRUE);
    }
  else
    gtk_widget_set_visible (gtk_widget_get_parent (self->frame_box), FALSE);
  self->syncing = FALSE;
}

/* ------------------------------------------------------------ export */

gboolean
isc_image_view_export (IscImageView *self,
                       const char   *path,
                       GError      **error)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (ISC_IS_IMAGE_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  if (self->image == NULL)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT, _("Cannot export %s: no image is shown"), path);
      return FALSE;
    }
  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".tif") || g_str_has_suffix (lower, ".tiff"))
    return isc_image_write_tiff (self->image, path, error);
  return isc_image_export (self->image, self->frame, &self->contrast, self->colormap, self->scale_bar, path, error);
}

static gboolean
write_image (const char  *path,
             gpointer     self,
             GError     **error)
{
  return isc_image_view_export (self, path, error);
}

static void
action_export (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  static const IscSaveFilter filters[] = {
    { N_("PNG image with scale bar"), { "png" } },
    { N_("SVG (vector) with scale bar"), { "svg" } },
    { N_("PDF (vector) with scale bar"), { "pdf" } },
    { N_("Calibrated TIFF (data)"), { "tif", "tiff" } },
    { NULL },
  };

  if (ISC_IMAGE_VIEW (widget)->image == NULL)
    return;
  isc_save_dialog_run (widget, _("Export Image"), _("_Export"), "image.png", filters,
                       ISC_SAVE_DIALOG_ADD_SUFFIX, _("The image could not be exported"), write_image, widget);
}

static void
action_line_tool (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  IscImageView *self = ISC_IMAGE_VIEW (widget);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->line_toggle),
                                !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->line_toggle)));
}

static void
action_display (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  isc_image_view_show_display_settings (ISC_IMAGE_VIEW (widget));
}

static void
action_fit (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  isc_image_view_zoom_fit (ISC_IMAGE_VIEW (widget));
}

static void
action_one_to_one (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  isc_image_view_zoom_one_to_one (ISC_IMAGE_VIEW (widget));
}

/* ------------------------------------------------------------ GObject */

static void
isc_image_view_dispose (GObject *object)
{
  IscImageView *self = ISC_IMAGE_VIEW (object);

  g_clear_handle_id (&self->zoom_label_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISC_TYPE_IMAGE_VIEW);
  G_OBJECT_CLASS (isc_image_view_parent_class)->dispose (object);
}

static void
isc_image_view_finalize (GObject *object)
{
  IscImageView *self = ISC_IMAGE_VIEW (object);

  clear_pyramid (self);
  g_clear_pointer (&self->levels, isc_image_levels_free);
  g_clear_pointer (&self->image, isc_image_unref);
  g_clear_pointer (&self->readout, g_free);
  G_OBJECT_CLASS (isc_image_view_parent_class)->finalize (object);
}

static void
isc_image_view_class_init (IscImageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_image_view_dispose;
  object_class->finalize = isc_image_view_finalize;

  signals[SIGNAL_LINE_CHANGED] = g_signal_new ("line-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "image.fit", NULL, action_fit);
  gtk_widget_class_install_action (widget_class, "image.one-to-one", NULL, action_one_to_one);
  gtk_widget_class_install_action (widget_class, "image.export", NULL, action_export);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, 0, "image.fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, 0, "image.one-to-one", NULL);
  /* every toolbar button has a key while the view has the focus */
  gtk_widget_class_install_action (widget_class, "image.line-tool", NULL, action_line_tool);
  gtk_widget_class_install_action (widget_class, "image.display", NULL, action_display);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, 0, "image.line-tool", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, 0, "image.display", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "image.export", NULL);

  isc_widget_class_set_template (widget_class, "image-view", "imageview", G_TYPE_INVALID);
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscImageView, toolbar, canvas, status, readout_label, zoom_label,
                              line_toggle, width_spin, width_unit, width_box, frame_box, frame_spin,
                              frame_total, colormap_dropdown, scale_bar_check, mode_dropdown, low_spin,
                              high_spin, gamma_spin, histogram, display_button);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, on_canvas_resize, on_drag_begin, on_drag_update, on_drag_end,
                               on_scroll, on_motion, on_leave, on_line_toggled, on_width_changed,
                               on_frame_changed, on_mode_changed, on_spin_changed, on_colormap_changed,
                               on_scale_bar_toggled);
}

static void
isc_image_view_init (IscImageView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  isc_contrast_init_default (&self->contrast);
  self->colormap = ISC_COLORMAP_GREY;
  self->scale_bar = TRUE;
  self->zoom = 1;
  self->fit = TRUE;
  self->line_width = 5;

  gtk_widget_init_template (widget);

  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->canvas), draw_canvas, self, NULL);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->histogram), draw_histogram, self, NULL);
  gtk_widget_set_cursor_from_name (self->canvas, "grab");
  isc_label_drop_down (self->mode_dropdown, _("Mode"));
  isc_label_drop_down (self->colormap_dropdown, _("Colour map"));
  /* GTK 4.8 does not name a menu button (nor its inner toggle) after its label */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->display_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Display"), -1);
  for (GtkWidget *c = gtk_widget_get_first_child (self->display_button); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_TOGGLE_BUTTON (c))
      gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Display"), -1);
  update_line_controls (self);
  sync_controls (self);
}

/* ------------------------------------------------------------ public API */

GtkWidget *
isc_image_view_new (void)
{
  return g_object_new (ISC_TYPE_IMAGE_VIEW, NULL);
}

void
isc_image_view_set_image (IscImageView *self,
                          IscImage     *image)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));

  if (image != self->image)
    g_clear_pointer (&self->image, isc_image_unref);
  self->image = image;
  self->frame = 0;
  g_clear_pointer (&self->levels, isc_image_levels_free);
  clear_pyramid (self);
  self->has_line = FALSE;
  /* A 5-pixel band by default, in the image's length unit. */
  self->line_width = 5 * pixel_size (self);
  if (image != NULL)
    update_display (self);
  sync_controls (self);
  isc_image_view_zoom_fit (self);
  gtk_widget_queue_draw (self->canvas);
  g_signal_emit (self, signals[SIGNAL_LINE_CHANGED], 0);
}

const IscImage *
isc_image_view_get_image (IscImageView *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_VIEW (self), NULL);
  return self->image;
}

char *
isc_image_view_dup_frame_text (IscImageView *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_VIEW (self), NULL);
  if (!gtk_widget_get_visible (gtk_widget_get_parent (self->frame_box)))
    return NULL;
  return g_strdup_printf ("%d %s", gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->frame_spin)),
                          gtk_label_get_text (GTK_LABEL (self->frame_total)));
}

IscImage *
isc_image_view_ref_image (IscImageView *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_VIEW (self), NULL);
  return self->image != NULL ? isc_image_ref (self->image) : NULL;
}

void
isc_image_view_set_frame (IscImageView *self,
                          guint         frame)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  if (self->image == NULL || frame >= self->image->frames || frame == self->frame)
    return;
  self->frame = frame;
  g_clear_pointer (&self->levels, isc_image_levels_free);
  update_display (self);
  sync_controls (self);
  g_signal_emit (self, signals[SIGNAL_LINE_CHANGED], 0);
}

guint
isc_image_view_get_frame (IscImageView *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_VIEW (self), 0);
  return self->frame;
}

void
isc_image_view_set_contrast (IscImageView      *self,
                             const IscContrast *contrast)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  g_return_if_fail (contrast != NULL);
  self->contrast = *contrast;
  if (!(self->contrast.gamma > 0))
    self->contrast.gamma = 1;
  update_display (self);
  sync_controls (self);
}

void
isc_image_view_get_contrast (IscImageView *self,
                             IscContrast  *out)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  g_return_if_fail (out != NULL);
  *out = self->contrast;
}

void
isc_image_view_get_display_range (IscImageView *self,
                                  double       *black,
                                  double       *white)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  if (black != NULL)
    *black = self->black;
  if (white != NULL)
    *white = self->white;
}

void
isc_image_view_set_colormap (IscImageView *self,
                             IscColormap   colormap)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  g_return_if_fail (colormap < ISC_N_COLORMAPS);
  self->colormap = colormap;
  update_display (self);
  sync_controls (self);
}

IscColormap
isc_image_view_get_colormap (IscImageView *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_VIEW (self), ISC_COLORMAP_GREY);
  return self->colormap;
}

void
isc_image_view_set_scale_bar (IscImageView *self,
                              gboolean      visible)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  self->scale_bar = visible;
  sync_controls (self);
  gtk_widget_queue_draw (self->canvas);
}

void
isc_image_view_set_scale_bar_length (IscImageView *self,
                                     double        length)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  self->scale_bar_length = length > 0 && isfinite (length) ? length : 0;
  gtk_widget_queue_draw (self->canvas);
}

GtkWidget *
isc_image_view_get_canvas (IscImageView *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_VIEW (self), NULL);
  return self->canvas;
}

void
isc_image_view_set_tool (IscImageView *self,
                         IscImageTool  tool)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->line_toggle), tool == ISC_IMAGE_TOOL_LINE);
}

void
isc_image_view_set_line (IscImageView *self,
                         double        x0,
                         double        y0,
                         double        x1,
                         double        y1)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  self->lx[0] = x0;
  self->ly[0] = y0;
  self->lx[1] = x1;
  self->ly[1] = y1;
  self->has_line = TRUE;
  update_line_controls (self);
  gtk_widget_queue_draw (self->canvas);
  g_signal_emit (self, signals[SIGNAL_LINE_CHANGED], 0);
}

void
isc_image_view_clear_line (IscImageView *self)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  if (!self->has_line)
    return;
  self->has_line = FALSE;
  update_line_controls (self);
  gtk_widget_queue_draw (self->canvas);
  g_signal_emit (self, signals[SIGNAL_LINE_CHANGED], 0);
}

gboolean
isc_image_view_get_line (IscImageView *self,
                         double       *x0,
                         double       *y0,
                         double       *x1,
                         double       *y1)
{
  g_return_val_if_fail (ISC_IS_IMAGE_VIEW (self), FALSE);
  if (!self->has_line || self->image == NULL)
    return FALSE;
  if (x0 != NULL)
    *x0 = self->lx[0];
  if (y0 != NULL)
    *y0 = self->ly[0];
  if (x1 != NULL)
    *x1 = self->lx[1];
  if (y1 != NULL)
    *y1 = self->ly[1];
  return TRUE;
}

void
isc_image_view_set_line_width (IscImageView *self,
                               double        width)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  if (!(width > 0) || !isfinite (width) || width == self->line_width)
    return;
  self->line_width = width;
  sync_controls (self);
  gtk_widget_queue_draw (self->canvas);
  if (self->has_line)
    g_signal_emit (self, signals[SIGNAL_LINE_CHANGED], 0);
}

double
isc_image_view_get_line_width_px (IscImageView *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_VIEW (self), 1);
  return MAX (1, self->line_width / pixel_size (self));
}

void
isc_image_view_show_display_settings (IscImageView *self)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  gtk_menu_button_popup (GTK_MENU_BUTTON (self->display_button));
}

void
isc_image_view_set_toolbar_visible (IscImageView *self,
                                    gboolean      visible)
{
  g_return_if_fail (ISC_IS_IMAGE_VIEW (self));
  gtk_widget_set_visible (self->toolbar, visible);
}
