/* fft-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fft-panel.h"
#include "image-render.h"
#include "isc-style.h"
#include "isc-task-slot.h"
#include "isc-widgets.h"

#define MAX_DISPLAY 512
#define N_PEAKS     8

struct _IscFftPanel
{
  GtkWidget parent_instance;

  IscTaskSlot *slot;
  IscFft *fft;
  GArray *peaks;
  cairo_surface_t *display;      /* log |F| reduced by max-pooling: spots survive shrinking */
  guint block;                   /* FFT pixels per display pixel */
  double zoom;                   /* 1: the whole diffractogram; 2, 4, 8: its centre */

  gboolean has_selection;
  double sel_px, sel_py, sel_d, sel_angle;
  char *sel_text;

  GtkWidget *zoom_dropdown;
  GtkWidget *canvas;
  GtkWidget *status;
  GtkWidget *selection_label;
  GtkWidget *peaks_label;
};

G_DEFINE_FINAL_TYPE (IscFftPanel, isc_fft_panel, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_COMPUTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------ worker */

typedef struct
{
  IscImage *image;                /* a reference: shared, never changed */
  guint frame;
} FftJob;

typedef struct
{
  IscFft *fft;
  GArray *peaks;
  float *pooled;
  guint pw, ph, block;
} FftResult;

static void
fft_job_free (FftJob *job)
{
  g_clear_pointer (&job->image, isc_image_unref);
  g_free (job);
}

static void
fft_result_free (FftResult *result)
{
  g_clear_pointer (&result->fft, isc_fft_free);
  g_clear_pointer (&result->peaks, g_array_unref);
  g_free (result->pooled);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FftResult, fft_result_free)

/* Keeps the reflections that stand out: above 8 × the median |F| (the background of the
 * diffractogram) and above 0.1 % of the strongest (rounding noise of a perfect lattice). */
static void
drop_weak_peaks (const IscFft *fft,
                 GArray       *peaks)
{
  g_autoptr(IscImageLevels) levels = NULL;
  double floor_mag;

  if (peaks->len == 0)
    return;
  levels = isc_image_levels_new (fft->magnitude, (gsize) fft->width * fft->height);
  floor_mag = MAX (8 * isc_image_levels_percentile (levels, 50),
                   1e-3 * g_array_index (peaks, IscFftPeak, 0).magnitude);
  for (guint i = peaks->len; i-- > 1;)
    if (g_array_index (peaks, IscFftPeak, i).magnitude < floor_mag)
      g_array_remove_index (peaks, i);
}

/* Angles print in [0, 180): 179.97° is the same direction as 0.0°. */
static double
shown_angle (double angle)
{
  return angle >= 179.95 ? angle - 180 : angle;
}

static gpointer
fft_worker (gpointer          input,
            GCancellable     *cancellable,
            IscProgressFunc   progress,
            gpointer          progress_data,
            GError          **error)
{
  FftJob *job = input;
  g_autoptr(FftResult) result = g_new0 (FftResult, 1);
  const float *lm;

  result->fft = isc_fft_compute (job->image, job->frame, cancellable, error);
  if (result->fft == NULL)
    return NULL;
  result->peaks = isc_fft_find_peaks (result->fft, N_PEAKS, 0, 0);
  drop_weak_peaks (result->fft, result->peaks);

  /* Max-pool to at most MAX_DISPLAY pixels a side, so a one-pixel spot stays visible. */
  result->block = MAX (1, (MAX (result->fft->width, result->fft->height) + MAX_DISPLAY - 1) / MAX_DISPLAY);
  result->pw = (result->fft->width + result->block - 1) / result->block;
  result->ph = (result->fft->height + result->block - 1) / result->block;
  result->pooled = g_new (float, (gsize) result->pw * result->ph);
  lm = result->fft->magnitude;
  for (guint y = 0; y < result->ph; y++)
    for (guint x = 0; x < result->pw; x++)
      {
        float m = -G_MAXFLOAT;

        for (guint yy = y * result->block; yy < MIN ((y + 1) * result->block, result->fft->height); yy++)
          for (guint xx = x * result->block; xx < MIN ((x + 1) * result->block, result->fft->width); xx++)
            m = MAX (m, lm[(gsize) yy * result->fft->width + xx]);
        /* the log only for the pixels shown: it is monotonic, so log of the maximum */
        result->pooled[(gsize) y * result->pw + x] = log1pf (m);
      }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&result);
}

static void
update_peaks_label (IscFftPanel *self)
{
  GString *text = g_string_new (NULL);

  if (self->peaks != NULL)
    for (guint i = 0; i < self->peaks->len; i++)
      {
        const IscFftPeak *p = &g_array_index (self->peaks, IscFftPeak, i);

        if (i > 0)
          g_string_append_c (text, '\n');
        g_string_append_printf (text, _("%u.  d = %.4f %s   %.1f°"), i + 1, p->d,
                                g_str_has_prefix (self->fft->unit, "1/") ? self->fft->unit + 2 : self->fft->unit,
                                fabs (shown_angle (p->angle_deg)));
      }
  if (text->len == 0)
    g_string_append (text, self->fft != NULL ? _("No reflections found") : "");
  gtk_label_set_text (GTK_LABEL (self->peaks_label), text->str);
  g_string_free (text, TRUE);
}

static void
on_fft_done (gpointer      owner,
             gpointer      data,
             const GError *error)
{
  IscFftPanel *self = owner;
  g_autoptr(FftResult) result = data;

  if (result == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->status), error->message);
      g_signal_emit (self, signals[SIGNAL_COMPUTED], 0);
      return;
    }
  self->fft = g_steal_pointer (&result->fft);
  self->peaks = g_steal_pointer (&result->peaks);
  self->block = result->block;
  {
    g_autoptr(IscImageLevels) levels = isc_image_levels_new (result->pooled, (gsize) result->pw * result->ph);
    /* The background fills most of the diffractogram: start black at its median. */
    double black = isc_image_levels_percentile (levels, 50);
    double white = isc_image_levels_percentile (levels, 99.99);

    self->display = isc_image_render_float (result->pooled, result->pw, result->ph, black, white, 1, ISC_COLORMAP_GREY);
  }
  gtk_label_set_text (GTK_LABEL (self->status), "");
  update_peaks_label (self);
  gtk_widget_queue_draw (self->canvas);
  g_signal_emit (self, signals[SIGNAL_COMPUTED], 0);
}

/* ------------------------------------------------------------ drawing */

/* Display rectangle: the diffractogram fitted into the canvas, centred. */
static gboolean
layout (IscFftPanel *self,
        double      *ox,
        double      *oy,
        double      *scale)
{
  int cw = gtk_widget_get_width (self->canvas), ch = gtk_widget_get_height (self->canvas);

  if (self->display == NULL || cw <= 0 || ch <= 0)
    return FALSE;
  *scale = self->zoom * MIN ((double) cw / self->fft->width, (double) ch / self->fft->height);
  /* Zero frequency (FFT pixel w/2, h/2) at the centre of the canvas. */
  *ox = cw / 2.0 - (self->fft->width / 2 + 0.5) * *scale;
  *oy = ch / 2.0 - (self->fft->height / 2 + 0.5) * *scale;
  return TRUE;
}

gboolean
isc_fft_panel_fft_to_canvas (IscFftPanel *self,
                             double       fft_x,
                             double       fft_y,
                             double      *canvas_x,
                             double      *canvas_y)
{
  double ox, oy, scale;

  g_return_val_if_fail (ISC_IS_FFT_PANEL (self), FALSE);
  if (!layout (self, &ox, &oy, &scale))
    return FALSE;
  /* FFT pixel i covers [i, i + 1) of the canvas mapping; its centre is i + 0.5. */
  *canvas_x = ox + (fft_x + 0.5) * scale;
  *canvas_y = oy + (fft_y + 0.5) * scale;
  return TRUE;
}

static void
draw_canvas (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  IscFftPanel *self = user_data;
  double ox, oy, scale, cx, cy;

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_paint (cr);
  cairo_set_font_size (cr, 11);
  if (!layout (self, &ox, &oy, &scale))
    return;
  cairo_save (cr);
  cairo_translate (cr, ox, oy);
  cairo_scale (cr, scale * self->block, scale * self->block);
  cairo_set_source_surface (cr, self->display, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), scale * self->block >= 1 ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);

  /* The listed reflections, numbered as in the list. */
  cairo_set_line_width (cr, 1.2);
  for (guint i = 0; self->peaks != NULL && i < self->peaks->len; i++)
    {
      const IscFftPeak *p = &g_array_index (self->peaks, IscFftPeak, i);
      char number[8];

      isc_fft_panel_fft_to_canvas (self, p->px, p->py, &cx, &cy);
      cairo_new_path (cr);
      cairo_arc (cr, cx, cy, 6, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 0.35, 0.75, 1.0, 0.9);
      cairo_stroke (cr);
      g_snprintf (number, sizeof number, "%u", i + 1);
      cairo_move_to (cr, cx + 7, cy - 7);
      cairo_show_text (cr, number);
    }
  if (self->has_selection)
    {
      isc_fft_panel_fft_to_canvas (self, self->sel_px, self->sel_py, &cx, &cy);
      cairo_set_source_rgb (cr, 1.0, 0.8, 0.0);
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, cx - 9, cy);
      cairo_line_to (cr, cx - 3, cy);
      cairo_move_to (cr, cx + 3, cy);
      cairo_line_to (cr, cx + 9, cy);
      cairo_move_to (cr, cx, cy - 9);
      cairo_line_to (cr, cx, cy - 3);
      cairo_move_to (cr, cx, cy + 3);
      cairo_line_to (cr, cx, cy + 9);
      cairo_stroke (cr);
    }
}

/* ------------------------------------------------------------ click */

gboolean
isc_fft_panel_click (IscFftPanel *self,
                     double       canvas_x,
                     double       canvas_y)
{
  double ox, oy, scale, fx, fy, best = -G_MAXDOUBLE, px, py;
  int bx = 0, by = 0, radius;
  const float *m;
  int w, h;
  const char *unit;

  g_return_val_if_fail (ISC_IS_FFT_PANEL (self), FALSE);
  if (!layout (self, &ox, &oy, &scale))
    return FALSE;
  w = self->fft->width;
  h = self->fft->height;
  m = self->fft->magnitude;
  fx = (canvas_x - ox) / scale - 0.5;
  fy = (canvas_y - oy) / scale - 0.5;
  /* A click is never pixel-exact: take the brightest pixel within a few screen pixels. */
  radius = (int) ceil (MAX (3, 6 / scale));
  for (int y = (int) floor (fy) - radius; y <= (int) ceil (fy) + radius; y++)
    for (int x = (int) floor (fx) - radius; x <= (int) ceil (fx) + radius; x++)
      if (x >= 0 && y >= 0 && x < w && y < h && (x != w / 2 || y != h / 2)
          && hypot (x - fx, y - fy) <= radius + 0.5 && m[(gsize) y * w + x] > best)
        {
          best = m[(gsize) y * w + x];
          bx = x;
          by = y;
        }
  if (best == -G_MAXDOUBLE)
    return FALSE;
  /* Sub-pixel: a parabola through the log-magnitude neighbours (a Gaussian peak). */
  px = bx;
  py = by;
  if (bx > 0 && bx < w - 1)
    {
      double a = log (m[(gsize) by * w + bx - 1] + 1e-30), b = log (best + 1e-30), c = log (m[(gsize) by * w + bx + 1] + 1e-30);
      double den = a - 2 * b + c;

      if (den < 0)
        px += CLAMP (0.5 * (a - c) / den, -0.5, 0.5);
    }
  if (by > 0 && by < h - 1)
    {
      double a = log (m[(gsize) (by - 1) * w + bx] + 1e-30), b = log (best + 1e-30), c = log (m[(gsize) (by + 1) * w + bx] + 1e-30);
      double den = a - 2 * b + c;

      if (den < 0)
        py += CLAMP (0.5 * (a - c) / den, -0.5, 0.5);
    }
  self->has_selection = TRUE;
  self->sel_px = px;
  self->sel_py = py;
  self->sel_d = isc_fft_d_spacing_at (self->fft, px, py, &self->sel_angle);
  unit = g_str_has_prefix (self->fft->unit, "1/") ? self->fft->unit + 2 : self->fft->unit;
  g_free (self->sel_text);
  self->sel_text = g_strdup_printf (_("d = %.4f %s, %.1f°"), self->sel_d, unit, fabs (shown_angle (self->sel_angle)));
  gtk_label_set_text (GTK_LABEL (self->selection_label), self->sel_text);
  gtk_widget_queue_draw (self->canvas);
  return TRUE;
}

static void
on_zoom_changed (GtkDropDown *dropdown,
                 GParamSpec  *pspec,
                 IscFftPanel *self)
{
  self->zoom = 1 << MIN (gtk_drop_down_get_selected (dropdown), 3);
  gtk_widget_queue_draw (self->canvas);
}

static void
on_pressed (GtkGestureClick *click,
            int              n_press,
            double           x,
            double           y,
            IscFftPanel     *self)
{
  isc_fft_panel_click (self, x, y);
}

/* ------------------------------------------------------------ GObject */

static void
isc_fft_panel_dispose (GObject *object)
{
  IscFftPanel *self = ISC_FFT_PANEL (object);

  g_clear_pointer (&self->slot, isc_task_slot_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISC_TYPE_FFT_PANEL);
  G_OBJECT_CLASS (isc_fft_panel_parent_class)->dispose (object);
}

static void
clear_result (IscFftPanel *self)
{
  g_clear_pointer (&self->fft, isc_fft_free);
  g_clear_pointer (&self->peaks, g_array_unref);
  g_clear_pointer (&self->display, cairo_surface_destroy);
  g_clear_pointer (&self->sel_text, g_free);
  self->has_selection = FALSE;
}

static void
isc_fft_panel_finalize (GObject *object)
{
  clear_result (ISC_FFT_PANEL (object));
  G_OBJECT_CLASS (isc_fft_panel_parent_class)->finalize (object);
}

static void
isc_fft_panel_class_init (IscFftPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_fft_panel_dispose;
  object_class->finalize = isc_fft_panel_finalize;
  signals[SIGNAL_COMPUTED] = g_signal_new ("computed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  isc_widget_class_set_template (widget_class, "fft-panel", "fftpanel", G_TYPE_INVALID);
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscFftPanel, zoom_dropdown, canvas, status, selection_label,
                              peaks_label);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, on_zoom_changed, on_pressed);
}

static void
isc_fft_panel_init (IscFftPanel *self)
{
  self->zoom = 1;
  self->slot = isc_task_slot_new (self, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->canvas), draw_canvas, self, NULL);
  gtk_widget_set_cursor_from_name (self->canvas, "crosshair");
  isc_label_drop_down (self->zoom_dropdown, _("Magnification"));
}

/* ------------------------------------------------------------ public API */

GtkWidget *
isc_fft_panel_new (void)
{
  return g_object_new (ISC_TYPE_FFT_PANEL, NULL);
}

void
isc_fft_panel_compute (IscFftPanel    *self,
                       const IscImage *image,
                       guint           frame)
{
  FftJob *job;

  g_return_if_fail (ISC_IS_FFT_PANEL (self));
  if (self->slot == NULL)   /* disposed */
    return;
  isc_task_slot_cancel (self->slot);
  clear_result (self);
  update_peaks_label (self);
  gtk_label_set_text (GTK_LABEL (self->selection_label), _("Click a spot for its d-spacing"));
  gtk_widget_queue_draw (self->canvas);
  if (image == NULL || frame >= image->frames)
    {
      gtk_label_set_text (GTK_LABEL (self->status), "");
      return;
    }
  job = g_new0 (FftJob, 1);
  /* a shared image is never changed: the worker reads it in place */
  job->image = isc_image_ref ((IscImage *) image);
  job->frame = frame;
  gtk_label_set_text (GTK_LABEL (self->status), _("Computing the FFT…"));
  isc_task_slot_run (self->slot, fft_worker, job, (GDestroyNotify) fft_job_free,
                     (GDestroyNotify) fft_result_free, on_fft_done);
}

gboolean
isc_fft_panel_is_busy (IscFftPanel *self)
{
  g_return_val_if_fail (ISC_IS_FFT_PANEL (self), FALSE);
  return self->slot != NULL && isc_task_slot_is_busy (self->slot);
}

const IscFft *
isc_fft_panel_get_fft (IscFftPanel *self)
{
  g_return_val_if_fail (ISC_IS_FFT_PANEL (self), NULL);
  return self->fft;
}

GArray *
isc_fft_panel_get_peaks (IscFftPanel *self)
{
  g_return_val_if_fail (ISC_IS_FFT_PANEL (self), NULL);
  return self->peaks;
}

gboolean
isc_fft_panel_get_selection (IscFftPanel *self,
                             double      *d,
                             double      *angle_deg)
{
  g_return_val_if_fail (ISC_IS_FFT_PANEL (self), FALSE);
  if (!self->has_selection)
    return FALSE;
  if (d != NULL)
    *d = self->sel_d;
  if (angle_deg != NULL)
    *angle_deg = self->sel_angle;
  return TRUE;
}

void
isc_fft_panel_set_zoom (IscFftPanel *self,
                        guint        zoom)
{
  guint index = 0;

  g_return_if_fail (ISC_IS_FFT_PANEL (self));
  while ((2u << index) <= zoom && index < 3)
    index++;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->zoom_dropdown), index);
}

guint
isc_fft_panel_get_zoom (IscFftPanel *self)
{
  g_return_val_if_fail (ISC_IS_FFT_PANEL (self), 1);
  return (guint) self->zoom;
}
