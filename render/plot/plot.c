/* plot.c: the plot model and its cairo/pango drawing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "isc-error.h"
#include "plot-export.h"
#include "plot-ticks.h"
#include "plot.h"

struct _IscPlotSeries
{
  IscSeriesKind kind;
  char *label;
  guint n;
  double *x, *y;
  double *y_high;            /* band */
  double *y_err, *x_err;     /* error bars */
  IscColor color;
  double line_width_scale;
  IscMarker marker;
  double marker_size;
  IscPlotAxis y_axis;
  gboolean in_legend;
  /* heat map */
  double *z;
  guint nx, ny;
  double x0, x1, y0, y1;
};

typedef struct
{
  char *label;
  IscAxisScale scale;
  gboolean fixed;
  double min, max;           /* fixed range */
  double draw_min, draw_max; /* range of the last draw */
} AxisState;

typedef enum { ANNOT_TEXT, ANNOT_VLINE, ANNOT_HLINE, ANNOT_XSPAN } AnnotKind;

typedef struct
{
  AnnotKind kind;
  double x, y;
  double x1;                 /* x span: upper bound */
  char *markup;
  IscColor color;
} Annotation;

struct _IscPlot
{
  char *title;
  AxisState axes[ISC_PLOT_N_AXES];
  GPtrArray *series;
  GPtrArray *annotations;
  IscPlotTheme theme;
  gboolean legend_visible;
  guint next_color;

  gboolean drawn;
  double area_x, area_y, area_w, area_h;
  gboolean legend_drawn;     /* the legend box of the last draw */
  double legend_x, legend_y, legend_w, legend_h;
};

#define TICK_LEN 4.0
#define MINOR_LEN 2.0

static void
series_free (IscPlotSeries *s)
{
  g_free (s->label);
  g_free (s->x);
  g_free (s->y);
  g_free (s->y_high);
  g_free (s->y_err);
  g_free (s->x_err);
  g_free (s->z);
  g_free (s);
}

static void
annotation_free (Annotation *a)
{
  g_free (a->markup);
  g_free (a);
}

static IscPlotTheme
theme_for (IscPlotThemeKind kind)
{
  if (kind == ISC_PLOT_THEME_DARK)
    return (IscPlotTheme) {
      .background = { 0.12, 0.12, 0.13, 1 },
      .frame = { 0.88, 0.88, 0.88, 1 },
      .grid = { 1, 1, 1, 0.10 },
      .font_size = 11, .line_width = 1.5, .frame_width = 1.0, .show_grid = TRUE };
  return (IscPlotTheme) {
    .background = { 1, 1, 1, 1 },
    .frame = { 0, 0, 0, 1 },
    .grid = { 0, 0, 0, 0.08 },
    .font_size = 8, .line_width = 1.0, .frame_width = 0.75, .show_grid = FALSE };
}

IscPlot *
isc_plot_new (void)
{
  IscPlot *plot = g_new0 (IscPlot, 1);

  plot->series = g_ptr_array_new_with_free_func ((GDestroyNotify) series_free);
  plot->annotations = g_ptr_array_new_with_free_func ((GDestroyNotify) annotation_free);
  plot->theme = theme_for (ISC_PLOT_THEME_PUBLICATION);
  plot->legend_visible = TRUE;
  for (guint i = 0; i < ISC_PLOT_N_AXES; i++)
    {
      plot->axes[i].draw_min = 0;
      plot->axes[i].draw_max = 1;
    }
  return plot;
}

void
isc_plot_free (IscPlot *plot)
{
  if (plot == NULL)
    return;
  g_free (plot->title);
  for (guint i = 0; i < ISC_PLOT_N_AXES; i++)
    g_free (plot->axes[i].label);
  g_ptr_array_unref (plot->series);
  g_ptr_array_unref (plot->annotations);
  g_free (plot);
}

static double *
dup_doubles (const double *v,
             guint         n)
{
  return v != NULL ? g_memdup2 (v, sizeof (double) * MAX (n, 1)) : NULL;
}

IscPlot *
isc_plot_copy (const IscPlot *plot)
{
  IscPlot *copy;

  g_return_val_if_fail (plot != NULL, NULL);

  copy = isc_plot_new ();
  copy->title = g_strdup (plot->title);
  for (guint i = 0; i < ISC_PLOT_N_AXES; i++)
    {
      copy->axes[i] = plot->axes[i];
      copy->axes[i].label = g_strdup (plot->axes[i].label);
    }
  copy->theme = plot->theme;
  copy->legend_visible = plot->legend_visible;
  copy->next_color = plot->next_color;
  for (guint i = 0; i < plot->series->len; i++)
    {
      const IscPlotSeries *s = g_ptr_array_index (plot->series, i);
      IscPlotSeries *c = g_memdup2 (s, sizeof *s);
      guint nz = s->nx * s->ny;

      c->label = g_strdup (s->label);
      c->x = dup_doubles (s->x, s->n);
      c->y = dup_doubles (s->y, s->n);
      c->y_high = dup_doubles (s->y_high, s->n);
      c->y_err = dup_doubles (s->y_err, s->n);
      c->x_err = dup_doubles (s->x_err, s->n);
      c->z = dup_doubles (s->z, nz);
      g_ptr_array_add (copy->series, c);
    }
  for (guint i = 0; i < plot->annotations->len; i++)
    {
      const Annotation *a = g_ptr_array_index (plot->annotations, i);
      Annotation *c = g_memdup2 (a, sizeof *a);

      c->markup = g_strdup (a->markup);
      g_ptr_array_add (copy->annotations, c);
    }
  return copy;
}

void
isc_plot_set_title (IscPlot    *plot,
                    const char *markup)
{
  g_return_if_fail (plot != NULL);
  g_free (plot->title);
  plot->title = g_strdup (markup);
}

void
isc_plot_set_axis_label (IscPlot     *plot,
                         IscPlotAxis  axis,
                         const char  *markup)
{
  g_return_if_fail (plot != NULL && axis < ISC_PLOT_N_AXES);
  g_free (plot->axes[axis].label);
  plot->axes[axis].label = g_strdup (markup);
}

const char *
isc_plot_get_axis_label (const IscPlot *plot,
                         IscPlotAxis    axis)
{
  g_return_val_if_fail (plot != NULL && axis < ISC_PLOT_N_AXES, NULL);
  return plot->axes[axis].label;
}

void
isc_plot_set_axis_scale (IscPlot      *plot,
                         IscPlotAxis   axis,
                         IscAxisScale  scale)
{
  g_return_if_fail (plot != NULL && axis < ISC_PLOT_N_AXES);
  plot->axes[axis].scale = scale;
  /* A fixed range that a log axis cannot show falls back to automatic. */
  if (scale == ISC_AXIS_LOG && plot->axes[axis].fixed && !(plot->axes[axis].min > 0))
    plot->axes[axis].fixed = FALSE;
}

gboolean
isc_plot_set_axis_range (IscPlot      *plot,
                         IscPlotAxis   axis,
                         double        min,
                         double        max,
                         GError      **error)
{
  g_return_val_if_fail (plot != NULL && axis < ISC_PLOT_N_AXES, FALSE);

  if (!isfinite (min) || !isfinite (max) || !(min < max))
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "Axis range [%g, %g] must be finite with min < max", min, max);
      return FALSE;
    }
  if (plot->axes[axis].scale == ISC_AXIS_LOG && !(min > 0))
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "A logarithmic axis cannot show [%g, %g]: both bounds must be positive", min, max);
      return FALSE;
    }
  plot->axes[axis].fixed = TRUE;
  plot->axes[axis].min = min;
  plot->axes[axis].max = max;
  return TRUE;
}

gboolean
isc_plot_get_axis_fixed (IscPlot     *plot,
                         IscPlotAxis  axis,
                         double      *min,
                         double      *max)
{
  g_return_val_if_fail (plot != NULL && axis < ISC_PLOT_N_AXES, FALSE);
  if (min != NULL)
    *min = plot->axes[axis].min;
  if (max != NULL)
    *max = plot->axes[axis].max;
  return plot->axes[axis].fixed;
}

void
isc_plot_set_axis_auto (IscPlot     *plot,
                        IscPlotAxis  axis)
{
  g_return_if_fail (plot != NULL && axis < ISC_PLOT_N_AXES);
  plot->axes[axis].fixed = FALSE;
}

void
isc_plot_set_theme (IscPlot          *plot,
                    IscPlotThemeKind  kind)
{
  g_return_if_fail (plot != NULL);
  plot->theme = theme_for (kind);
}

IscPlotTheme *
isc_plot_get_theme (IscPlot *plot)
{
  g_return_val_if_fail (plot != NULL, NULL);
  return &plot->theme;
}

void
isc_plot_set_legend_visible (IscPlot  *plot,
                             gboolean  visible)
{
  g_return_if_fail (plot != NULL);
  plot->legend_visible = visible;
}

static IscPlotSeries *
series_new (IscPlot       *plot,
            IscSeriesKind  kind,
            const char    *label)
{
  IscPlotSeries *s = g_new0 (IscPlotSeries, 1);

  s->kind = kind;
  s->label = g_strdup (label);
  s->color = isc_palette_get (plot->next_color++);
  s->line_width_scale = 1.0;
  s->marker = (kind == ISC_SERIES_SCATTER || kind == ISC_SERIES_ERRORBARS) ? ISC_MARKER_CIRCLE
                                                                           : ISC_MARKER_NONE;
  s->marker_size = 4.0;
  s->y_axis = ISC_PLOT_AXIS_Y;
  s->in_legend = label != NULL && *label != '\0';
  g_ptr_array_add (plot->series, s);
  return s;
}

IscPlotSeries *
isc_plot_add_series (IscPlot       *plot,
                     IscSeriesKind  kind,
                     const char    *label,
                     const double  *x,
                     const double  *y,
                     guint          n)
{
  IscPlotSeries *s;

  g_return_val_if_fail (plot != NULL, NULL);
  g_return_val_if_fail (kind != ISC_SERIES_HEATMAP && kind != ISC_SERIES_BAND, NULL);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), NULL);

  s = series_new (plot, kind, label);
  s->n = n;
  s->x = g_new (double, MAX (n, 1));
  s->y = g_new (double, MAX (n, 1));
  if (n > 0)
    {
      memcpy (s->x, x, sizeof (double) * n);
      memcpy (s->y, y, sizeof (double) * n);
    }
  return s;
}

IscPlotSeries *
isc_plot_add_band (IscPlot      *plot,
                   const char   *label,
                   const double *x,
                   const double *y_low,
                   const double *y_high,
                   guint         n)
{
  IscPlotSeries *s;

  g_return_val_if_fail (plot != NULL, NULL);
  g_return_val_if_fail (n == 0 || (x != NULL && y_low != NULL && y_high != NULL), NULL);

  s = series_new (plot, ISC_SERIES_BAND, label);
  s->n = n;
  s->x = g_new0 (double, MAX (n, 1));
  s->y = g_new0 (double, MAX (n, 1));
  s->y_high = g_new0 (double, MAX (n, 1));
  if (n > 0)
    {
      memcpy (s->x, x, sizeof (double) * n);
      memcpy (s->y, y_low, sizeof (double) * n);
      memcpy (s->y_high, y_high, sizeof (double) * n);
    }
  return s;
}

IscPlotSeries *
isc_plot_add_heatmap (IscPlot      *plot,
                      const char   *z_label,
                      const double *z,
                      guint         nx,
                      guint         ny,
                      double        x0,
                      double        x1,
                      double        y0,
                      double        y1)
{
  IscPlotSeries *s;

  g_return_val_if_fail (plot != NULL, NULL);
  g_return_val_if_fail (z != NULL && nx > 0 && ny > 0, NULL);

  s = series_new (plot, ISC_SERIES_HEATMAP, z_label);
  s->in_legend = FALSE;
  s->z = g_memdup2 (z, sizeof (double) * nx * ny);
  s->nx = nx;
  s->ny = ny;
  s->x0 = x0;
  s->x1 = x1;
  s->y0 = y0;
  s->y1 = y1;
  return s;
}

guint
isc_plot_get_n_series (const IscPlot *plot)
{
  g_return_val_if_fail (plot != NULL, 0);
  return plot->series->len;
}

IscPlotSeries *
isc_plot_get_series (IscPlot *plot,
                     guint    index)
{
  g_return_val_if_fail (plot != NULL && index < plot->series->len, NULL);
  return g_ptr_array_index (plot->series, index);
}

void
isc_plot_clear_series (IscPlot *plot)
{
  g_return_if_fail (plot != NULL);
  g_ptr_array_set_size (plot->series, 0);
  plot->next_color = 0;
}

void
isc_plot_series_set_color (IscPlotSeries  *series,
                           const IscColor *color)
{
  g_return_if_fail (series != NULL && color != NULL);
  series->color = *color;
}

void
isc_plot_series_set_line_width (IscPlotSeries *series,
                                double         width_pt)
{
  g_return_if_fail (series != NULL);
  series->line_width_scale = width_pt;
}

void
isc_plot_series_set_marker (IscPlotSeries *series,
                            IscMarker      marker,
                            double         size_pt)
{
  g_return_if_fail (series != NULL);
  series->marker = marker;
  series->marker_size = size_pt > 0 ? size_pt : 4.0;
}

void
isc_plot_series_set_y_axis (IscPlotSeries *series,
                            IscPlotAxis    axis)
{
  g_return_if_fail (series != NULL);
  g_return_if_fail (axis == ISC_PLOT_AXIS_Y || axis == ISC_PLOT_AXIS_Y2);
  series->y_axis = axis;
}

void
isc_plot_series_set_errors (IscPlotSeries *series,
                            const double  *y_err,
                            const double  *x_err)
{
  g_return_if_fail (series != NULL);
  g_clear_pointer (&series->y_err, g_free);
  g_clear_pointer (&series->x_err, g_free);
  series->y_err = dup_doubles (y_err, series->n);
  series->x_err = dup_doubles (x_err, series->n);
}

void
isc_plot_series_set_show_in_legend (IscPlotSeries *series,
                                    gboolean       show)
{
  g_return_if_fail (series != NULL);
  series->in_legend = show;
}

IscMarker
isc_plot_series_get_marker (const IscPlotSeries *series,
                            double              *size_pt)
{
  g_return_val_if_fail (series != NULL, ISC_MARKER_NONE);
  if (size_pt != NULL)
    *size_pt = series->marker_size;
  return series->marker;
}

/* Lines, steps and error bars read as strokes; bars and bands as areas: a stroke and an area of
 * one colour are still told apart. */
static gboolean
series_is_area (const IscPlotSeries *s)
{
  return s->kind == ISC_SERIES_BARS || s->kind == ISC_SERIES_BAND;
}

static gboolean
same_color (IscColor a,
            IscColor b)
{
  return fabs (a.r - b.r) < 0.02 && fabs (a.g - b.g) < 0.02 && fabs (a.b - b.b) < 0.02;
}

gboolean
isc_plot_check_series_distinct (IscPlot *plot,
                                guint   *first,
                                guint   *second)
{
  g_return_val_if_fail (plot != NULL, TRUE);

  for (guint i = 0; i < plot->series->len; i++)
    {
      IscPlotSeries *a = g_ptr_array_index (plot->series, i);

      if (a->kind == ISC_SERIES_HEATMAP || !a->in_legend || a->label == NULL)
        continue;
      for (guint j = i + 1; j < plot->series->len; j++)
        {
          IscPlotSeries *b = g_ptr_array_index (plot->series, j);

          if (b->kind == ISC_SERIES_HEATMAP || !b->in_legend || b->label == NULL)
            continue;
          if (same_color (a->color, b->color) && a->marker == b->marker
              && series_is_area (a) == series_is_area (b))
            {
              if (first != NULL)
                *first = i;
              if (second != NULL)
                *second = j;
              return FALSE;
            }
        }
    }
  return TRUE;
}

IscSeriesKind
isc_plot_series_get_kind (const IscPlotSeries *series)
{
  g_return_val_if_fail (series != NULL, ISC_SERIES_LINE);
  return series->kind;
}

const char *
isc_plot_series_get_label (const IscPlotSeries *series)
{
  g_return_val_if_fail (series != NULL, NULL);
  return series->label;
}

guint
isc_plot_series_get_data (const IscPlotSeries  *series,
                          const double        **x,
                          const double        **y)
{
  g_return_val_if_fail (series != NULL, 0);
  if (x != NULL)
    *x = series->x;
  if (y != NULL)
    *y = series->y;
  return series->kind == ISC_SERIES_HEATMAP ? 0 : series->n;
}

IscColor
isc_plot_series_get_color (const IscPlotSeries *series)
{
  g_return_val_if_fail (series != NULL, isc_palette_get (0));
  return series->color;
}

static void
add_annotation (IscPlot        *plot,
                AnnotKind       kind,
                double          x,
                double          y,
                const char     *markup,
                const IscColor *color)
{
  Annotation *a = g_new0 (Annotation, 1);

  a->kind = kind;
  a->x = x;
  a->y = y;
  a->markup = g_strdup (markup);
  a->color = color != NULL ? *color : plot->theme.frame;
  g_ptr_array_add (plot->annotations, a);
}

void
isc_plot_add_text (IscPlot    *plot,
                   double      x,
                   double      y,
                   const char *markup)
{
  g_return_if_fail (plot != NULL && markup != NULL);
  add_annotation (plot, ANNOT_TEXT, x, y, markup, NULL);
}

void
isc_plot_add_vline (IscPlot        *plot,
                    double          x,
                    const IscColor *color)
{
  g_return_if_fail (plot != NULL);
  add_annotation (plot, ANNOT_VLINE, x, 0, NULL, color);
}

void
isc_plot_add_hline (IscPlot        *plot,
                    double          y,
                    const IscColor *color)
{
  g_return_if_fail (plot != NULL);
  add_annotation (plot, ANNOT_HLINE, 0, y, NULL, color);
}

void
isc_plot_add_xspan (IscPlot        *plot,
                    double          x0,
                    double          x1,
                    const IscColor *color,
                    const char     *label_markup)
{
  Annotation *a;

  g_return_if_fail (plot != NULL);
  g_return_if_fail (isfinite (x0) && isfinite (x1));

  add_annotation (plot, ANNOT_XSPAN, MIN (x0, x1), 0, label_markup, color);
  a = g_ptr_array_index (plot->annotations, plot->annotations->len - 1);
  a->x1 = MAX (x0, x1);
}

guint
isc_plot_get_n_xspans (const IscPlot *plot)
{
  guint n = 0;

  g_return_val_if_fail (plot != NULL, 0);
  for (guint i = 0; i < plot->annotations->len; i++)
    n += ((const Annotation *) g_ptr_array_index (plot->annotations, i))->kind == ANNOT_XSPAN;
  return n;
}

void
isc_plot_clear_annotations (IscPlot *plot)
{
  g_return_if_fail (plot != NULL);
  g_ptr_array_set_size (plot->annotations, 0);
}

/* ---------------------------------------------------------------- ranges */

static gboolean
axis_used (IscPlot     *plot,
           IscPlotAxis  axis)
{
  if (axis != ISC_PLOT_AXIS_Y2)
    return TRUE;
  for (guint i = 0; i < plot->series->len; i++)
    {
      IscPlotSeries *s = g_ptr_array_index (plot->series, i);

      if (s->y_axis == ISC_PLOT_AXIS_Y2)
        return TRUE;
    }
  return FALSE;
}

gboolean
isc_plot_has_twin_axis (IscPlot *plot)
{
  g_return_val_if_fail (plot != NULL, FALSE);
  return axis_used (plot, ISC_PLOT_AXIS_Y2);
}

static void
extend (double   v,
        gboolean log,
        double  *lo,
        double  *hi)
{
  if (!isfinite (v) || (log && !(v > 0)))
    return;
  *lo = MIN (*lo, v);
  *hi = MAX (*hi, v);
}

static void
compute_range (IscPlot     *plot,
               IscPlotAxis  axis)
{
  AxisState *a = &plot->axes[axis];
  gboolean log = a->scale == ISC_AXIS_LOG;
  double lo = INFINITY, hi = -INFINITY;
  gboolean tight = FALSE;

  if (a->fixed)
    {
      a->draw_min = a->min;
      a->draw_max = a->max;
      return;
    }

  for (guint i = 0; i < plot->series->len; i++)
    {
      IscPlotSeries *s = g_ptr_array_index (plot->series, i);

      if (axis != ISC_PLOT_AXIS_X && s->y_axis != axis)
        continue;
      if (s->kind == ISC_SERIES_HEATMAP)
        {
          if (axis == ISC_PLOT_AXIS_X)
            {
              extend (s->x0, log, &lo, &hi);
              extend (s->x1, log, &lo, &hi);
            }
          else
            {
              extend (s->y0, log, &lo, &hi);
              extend (s->y1, log, &lo, &hi);
            }
          tight = TRUE;
          continue;
        }
      for (guint k = 0; k < s->n; k++)
        {
          if (axis == ISC_PLOT_AXIS_X)
            {
              double e = s->x_err != NULL ? fabs (s->x_err[k]) : 0;

              extend (s->x[k] - e, log, &lo, &hi);
              extend (s->x[k] + e, log, &lo, &hi);
            }
          else
            {
              double e = s->y_err != NULL ? fabs (s->y_err[k]) : 0;

              extend (s->y[k] - e, log, &lo, &hi);
              extend (s->y[k] + e, log, &lo, &hi);
              if (s->y_high != NULL)
                extend (s->y_high[k], log, &lo, &hi);
            }
        }
      if (s->kind == ISC_SERIES_BARS && axis != ISC_PLOT_AXIS_X && !log)
        extend (0, log, &lo, &hi);
      if ((s->kind == ISC_SERIES_BARS || s->kind == ISC_SERIES_STEP) && axis == ISC_PLOT_AXIS_X
          && s->n >= 2)
        {
          /* Room for the outer half bins. */
          double d0 = (s->x[1] - s->x[0]) / 2, d1 = (s->x[s->n - 1] - s->x[s->n - 2]) / 2;

          extend (s->x[0] - d0, log, &lo, &hi);
          extend (s->x[s->n - 1] + d1, log, &lo, &hi);
        }
    }

  if (!(lo <= hi))
    {
      lo = log ? 1 : 0;
      hi = log ? 10 : 1;
    }
  isc_axis_fix_range (a->scale, &lo, &hi);
  if (!tight)
    {
      if (log)
        {
          double f = pow (hi / lo, 0.04);

          lo /= f;
          hi *= f;
        }
      else
        {
          double pad = (hi - lo) * 0.04;

          if (isfinite (pad))
            {
              lo -= pad;
              hi += pad;
            }
        }
    }
  a->draw_min = lo;
  a->draw_max = hi;
}

/* ---------------------------------------------------------------- transforms */

static double
axis_frac (const AxisState *a,
           double           v)
{
  if (a->scale == ISC_AXIS_LOG)
    {
      if (!(v > 0))
        return NAN;
      return (log10 (v) - log10 (a->draw_min)) / (log10 (a->draw_max) - log10 (a->draw_min));
    }
  return (v - a->draw_min) / (a->draw_max - a->draw_min);
}

static double
axis_unfrac (const AxisState *a,
             double           f)
{
  if (a->scale == ISC_AXIS_LOG)
    return pow (10, log10 (a->draw_min) + f * (log10 (a->draw_max) - log10 (a->draw_min)));
  return a->draw_min + f * (a->draw_max - a->draw_min);
}

static inline double
to_px (IscPlot *plot,
       double   x)
{
  return plot->area_x + axis_frac (&plot->axes[ISC_PLOT_AXIS_X], x) * plot->area_w;
}

static inline double
to_py (IscPlot     *plot,
       IscPlotAxis  axis,
       double       y)
{
  return plot->area_y + plot->area_h * (1 - axis_frac (&plot->axes[axis], y));
}

gboolean
isc_plot_data_to_pixel (IscPlot     *plot,
                        IscPlotAxis  y_axis,
                        double       x,
                        double       y,
                        double      *px,
                        double      *py)
{
  g_return_val_if_fail (plot != NULL, FALSE);
  g_return_val_if_fail (y_axis == ISC_PLOT_AXIS_Y || y_axis == ISC_PLOT_AXIS_Y2, FALSE);
  if (!plot->drawn)
    return FALSE;
  if (px != NULL)
    *px = to_px (plot, x);
  if (py != NULL)
    *py = to_py (plot, y_axis, y);
  return TRUE;
}

gboolean
isc_plot_pixel_to_data (IscPlot     *plot,
                        IscPlotAxis  y_axis,
                        double       px,
                        double       py,
                        double      *x,
                        double      *y)
{
  g_return_val_if_fail (plot != NULL, FALSE);
  g_return_val_if_fail (y_axis == ISC_PLOT_AXIS_Y || y_axis == ISC_PLOT_AXIS_Y2, FALSE);
  if (!plot->drawn || plot->area_w <= 0 || plot->area_h <= 0)
    return FALSE;
  if (x != NULL)
    *x = axis_unfrac (&plot->axes[ISC_PLOT_AXIS_X], (px - plot->area_x) / plot->area_w);
  if (y != NULL)
    *y = axis_unfrac (&plot->axes[y_axis], 1 - (py - plot->area_y) / plot->area_h);
  return TRUE;
}

gboolean
isc_plot_get_data_area (IscPlot *plot,
                        double  *x,
                        double  *y,
                        double  *width,
                        double  *height)
{
  g_return_val_if_fail (plot != NULL, FALSE);
  if (x != NULL)
    *x = plot->area_x;
  if (y != NULL)
    *y = plot->area_y;
  if (width != NULL)
    *width = plot->area_w;
  if (height != NULL)
    *height = plot->area_h;
  return plot->drawn;
}

gboolean
isc_plot_get_legend_area (IscPlot *plot,
                          double  *x,
                          double  *y,
                          double  *width,
                          double  *height)
{
  g_return_val_if_fail (plot != NULL, FALSE);
  if (!plot->legend_drawn)
    return FALSE;
  if (x != NULL)
    *x = plot->legend_x;
  if (y != NULL)
    *y = plot->legend_y;
  if (width != NULL)
    *width = plot->legend_w;
  if (height != NULL)
    *height = plot->legend_h;
  return TRUE;
}

void
isc_plot_get_axis_range (IscPlot     *plot,
                         IscPlotAxis  axis,
                         double      *min,
                         double      *max)
{
  g_return_if_fail (plot != NULL && axis < ISC_PLOT_N_AXES);
  if (!plot->drawn)
    compute_range (plot, axis);
  if (min != NULL)
    *min = plot->axes[axis].draw_min;
  if (max != NULL)
    *max = plot->axes[axis].draw_max;
}

gboolean
isc_plot_find_nearest (IscPlot *plot,
                       double   px,
                       double   py,
                       double   max_distance,
                       guint   *series_index,
                       guint   *point_index)
{
  double best = max_distance * max_distance;
  gboolean found = FALSE;

  g_return_val_if_fail (plot != NULL, FALSE);
  if (!plot->drawn)
    return FALSE;

  for (guint i = 0; i < plot->series->len; i++)
    {
      IscPlotSeries *s = g_ptr_array_index (plot->series, i);

      if (s->kind == ISC_SERIES_HEATMAP || s->kind == ISC_SERIES_BAND)
        continue;
      for (guint k = 0; k < s->n; k++)
        {
          double dx = to_px (plot, s->x[k]) - px;
          double dy = to_py (plot, s->y_axis, s->y[k]) - py;
          double d = dx * dx + dy * dy;

          if (isfinite (d) && d <= best)
            {
              best = d;
              found = TRUE;
              if (series_index != NULL)
                *series_index = i;
              if (point_index != NULL)
                *point_index = k;
            }
        }
    }
  return found;
}

/* ---------------------------------------------------------------- drawing helpers */

static void
set_color (cairo_t        *cr,
           const IscColor *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *markup,
             double      size,
             gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans");

  /* 72 dpi: a font size in points equals user units, as in the vector exports. */
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72.0);
  pango_layout_context_changed (layout);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  if (!pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, NULL))
    pango_layout_set_text (layout, markup, -1);   /* not markup: show it verbatim */
  else if (strstr (markup, "<sup>") != NULL || strstr (markup, "<sub>") != NULL)
    {
      /* With an absolute font size Pango's <sup> does not shrink the text: spell it out. */
      g_autofree char *sup = g_strdup_printf ("<span size=\"%d\" rise=\"%d\">", (int) (size * 0.7 * PANGO_SCALE),
                                              (int) (size * 0.45 * PANGO_SCALE));
      g_autofree char *sub = g_strdup_printf ("<span size=\"%d\" rise=\"%d\">", (int) (size * 0.7 * PANGO_SCALE),
                                              (int) (-size * 0.2 * PANGO_SCALE));
      g_auto(GStrv) a = g_strsplit (markup, "<sup>", -1);
      g_autofree char *m1 = g_strjoinv (sup, a);
      g_auto(GStrv) b = g_strsplit (m1, "<sub>", -1);
      g_autofree char *m2 = g_strjoinv (sub, b);
      g_auto(GStrv) c = g_strsplit (m2, "</sup>", -1);
      g_autofree char *m3 = g_strjoinv ("</span>", c);
      g_auto(GStrv) d = g_strsplit (m3, "</sub>", -1);
      g_autofree char *m4 = g_strjoinv ("</span>", d);

      pango_layout_set_markup (layout, m4, -1);
    }
  else
    pango_layout_set_markup (layout, markup, -1);
  return layout;
}

static void
layout_size (PangoLayout *layout,
             double      *w,
             double      *h)
{
  int iw, ih;

  pango_layout_get_size (layout, &iw, &ih);
  *w = (double) iw / PANGO_SCALE;
  *h = (double) ih / PANGO_SCALE;
}

/* Draws text with its anchor at (x, y); ax, ay in [0, 1] pick the anchor inside the box. */
static void
draw_text (cairo_t        *cr,
           const char     *markup,
           double          size,
           gboolean        bold,
           const IscColor *color,
           double          x,
           double          y,
           double          ax,
           double          ay,
           double          angle)
{
  PangoLayout *layout = make_layout (cr, markup, size, bold);
  double w, h;

  layout_size (layout, &w, &h);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_rotate (cr, angle);
  cairo_move_to (cr, -ax * w, -ay * h);
  set_color (cr, color);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  g_object_unref (layout);
}

static void
text_extent (cairo_t    *cr,
             const char *markup,
             double      size,
             double     *w,
             double     *h)
{
  PangoLayout *layout = make_layout (cr, markup, size, FALSE);

  layout_size (layout, w, h);
  g_object_unref (layout);
}

static void
marker_path (cairo_t   *cr,
             IscMarker  marker,
             double     x,
             double     y,
             double     size)
{
  double r = size / 2;

  switch (marker)
    {
    case ISC_MARKER_NONE:
      break;
    case ISC_MARKER_CIRCLE:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    case ISC_MARKER_SQUARE:
      cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
      break;
    case ISC_MARKER_TRIANGLE:
      cairo_move_to (cr, x, y - r * 1.15);
      cairo_line_to (cr, x + r, y + r * 0.6);
      cairo_line_to (cr, x - r, y + r * 0.6);
      cairo_close_path (cr);
      break;
    case ISC_MARKER_DIAMOND:
      cairo_move_to (cr, x, y - r * 1.2);
      cairo_line_to (cr, x + r, y);
      cairo_line_to (cr, x, y + r * 1.2);
      cairo_line_to (cr, x - r, y);
      cairo_close_path (cr);
      break;
    }
}

static void
draw_markers (IscPlot       *plot,
              cairo_t       *cr,
              IscPlotSeries *s)
{
  if (s->marker == ISC_MARKER_NONE)
    return;
  cairo_new_path (cr);
  for (guint k = 0; k < s->n; k++)
    {
      double px = to_px (plot, s->x[k]), py = to_py (plot, s->y_axis, s->y[k]);

      if (isfinite (px) && isfinite (py))
        marker_path (cr, s->marker, px, py, s->marker_size);
    }
  set_color (cr, &s->color);
  cairo_fill (cr);
}

static void
draw_polyline (IscPlot       *plot,
               cairo_t       *cr,
               IscPlotSeries *s)
{
  gboolean pen_down = FALSE;

  cairo_new_path (cr);
  for (guint k = 0; k < s->n; k++)
    {
      double px = to_px (plot, s->x[k]), py = to_py (plot, s->y_axis, s->y[k]);

      if (!isfinite (px) || !isfinite (py))
        {
          pen_down = FALSE;   /* a gap: NaN or a non-positive value on a log axis */
          continue;
        }
      if (pen_down)
        cairo_line_to (cr, px, py);
      else
        cairo_move_to (cr, px, py);
      pen_down = TRUE;
    }
  set_color (cr, &s->color);
  cairo_stroke (cr);
}

static double
bin_edge (IscPlotSeries *s,
          guint          k)   /* edge between bin k-1 and k; k in [0, n] */
{
  if (s->n == 1)
    return k == 0 ? s->x[0] - 0.5 : s->x[0] + 0.5;
  if (k == 0)
    return s->x[0] - (s->x[1] - s->x[0]) / 2;
  if (k == s->n)
    return s->x[s->n - 1] + (s->x[s->n - 1] - s->x[s->n - 2]) / 2;
  return (s->x[k - 1] + s->x[k]) / 2;
}

static void
draw_step (IscPlot       *plot,
           cairo_t       *cr,
           IscPlotSeries *s)
{
  gboolean started = FALSE;

  cairo_new_path (cr);
  for (guint k = 0; k < s->n; k++)
    {
      double xa = to_px (plot, bin_edge (s, k)), xb = to_px (plot, bin_edge (s, k + 1));
      double py = to_py (plot, s->y_axis, s->y[k]);

      if (!isfinite (py))
        py = plot->area_y + plot->area_h;   /* zero counts on a log axis sit on the floor */
      if (!started)
        cairo_move_to (cr, xa, py);
      else
        cairo_line_to (cr, xa, py);
      cairo_line_to (cr, xb, py);
      started = TRUE;
    }
  set_color (cr, &s->color);
  cairo_stroke (cr);
}

static void
draw_bars (IscPlot       *plot,
           cairo_t       *cr,
           IscPlotSeries *s)
{
  const AxisState *ya = &plot->axes[s->y_axis];
  double base = ya->scale == ISC_AXIS_LOG ? ya->draw_min : 0;
  double base_py = to_py (plot, s->y_axis, base);

  cairo_new_path (cr);
  for (guint k = 0; k < s->n; k++)
    {
      double xa = to_px (plot, bin_edge (s, k)), xb = to_px (plot, bin_edge (s, k + 1));
      double w = (xb - xa) * 0.8;
      double py = to_py (plot, s->y_axis, s->y[k]);

      if (!isfinite (py) || !isfinite (xa) || !isfinite (xb))
        continue;
      cairo_rectangle (cr, xa + (xb - xa) * 0.1, MIN (py, base_py), w, fabs (base_py - py));
    }
  set_color (cr, &s->color);
  cairo_fill (cr);
}

static void
draw_band (IscPlot       *plot,
           cairo_t       *cr,
           IscPlotSeries *s)
{
  IscColor fill = isc_color_with_alpha (s->color, 0.3);
  guint started = 0;

  cairo_new_path (cr);
  for (guint k = 0; k < s->n; k++)
    {
      double px = to_px (plot, s->x[k]), py = to_py (plot, s->y_axis, s->y[k]);

      if (!isfinite (px) || !isfinite (py))
        continue;
      if (started++ == 0)
        cairo_move_to (cr, px, py);
      else
        cairo_line_to (cr, px, py);
    }
  for (guint k = s->n; k-- > 0;)
    {
      double px = to_px (plot, s->x[k]), py = to_py (plot, s->y_axis, s->y_high[k]);

      if (isfinite (px) && isfinite (py))
        cairo_line_to (cr, px, py);
    }
  cairo_close_path (cr);
  set_color (cr, &fill);
  cairo_fill (cr);
}

static void
draw_error_bars (IscPlot       *plot,
                 cairo_t       *cr,
                 IscPlotSeries *s)
{
  double cap = s->marker_size * 0.6;

  cairo_new_path (cr);
  for (guint k = 0; k < s->n; k++)
    {
      double px = to_px (plot, s->x[k]), py = to_py (plot, s->y_axis, s->y[k]);

      if (!isfinite (px) || !isfinite (py))
        continue;
      if (s->y_err != NULL && s->y_err[k] > 0)
        {
          double lo = to_py (plot, s->y_axis, s->y[k] - s->y_err[k]);
          double hi = to_py (plot, s->y_axis, s->y[k] + s->y_err[k]);

          if (!isfinite (lo))
            lo = plot->area_y + plot->area_h;
          cairo_move_to (cr, px, lo);
          cairo_line_to (cr, px, hi);
          cairo_move_to (cr, px - cap, lo);
          cairo_line_to (cr, px + cap, lo);
          cairo_move_to (cr, px - cap, hi);
          cairo_line_to (cr, px + cap, hi);
        }
      if (s->x_err != NULL && s->x_err[k] > 0)
        {
          double lo = to_px (plot, s->x[k] - s->x_err[k]);
          double hi = to_px (plot, s->x[k] + s->x_err[k]);

          if (!isfinite (lo))
            lo = plot->area_x;
          cairo_move_to (cr, lo, py);
          cairo_line_to (cr, hi, py);
          cairo_move_to (cr, lo, py - cap);
          cairo_line_to (cr, lo, py + cap);
          cairo_move_to (cr, hi, py - cap);
          cairo_line_to (cr, hi, py + cap);
        }
    }
  set_color (cr, &s->color);
  cairo_stroke (cr);
}

static void
heatmap_z_range (IscPlotSeries *s,
                 double        *lo,
                 double        *hi)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint k = 0; k < s->nx * s->ny; k++)
    if (isfinite (s->z[k]))
      {
        *lo = MIN (*lo, s->z[k]);
        *hi = MAX (*hi, s->z[k]);
      }
  isc_axis_fix_range (ISC_AXIS_LINEAR, lo, hi);
}

static void
draw_heatmap (IscPlot       *plot,
              cairo_t       *cr,
              IscPlotSeries *s)
{
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) s->nx, (int) s->ny);
  unsigned char *data;
  int stride;
  double lo, hi;
  double xa, xb, ya, yb;
  cairo_pattern_t *pattern;

  if (cairo_surface_status (img) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (img);
      return;
    }
  heatmap_z_range (s, &lo, &hi);
  cairo_surface_flush (img);
  data = cairo_image_surface_get_data (img);
  stride = cairo_image_surface_get_stride (img);
  for (guint j = 0; j < s->ny; j++)
    {
      /* Row 0 is at y0, i.e. the bottom of the image. */
      guint32 *row = (guint32 *) (data + (gsize) stride * (s->ny - 1 - j));

      for (guint i = 0; i < s->nx; i++)
        {
          double v = s->z[(gsize) j * s->nx + i];
          IscColor c;

          if (!isfinite (v))
            {
              row[i] = 0;
              continue;
            }
          c = isc_colormap_viridis ((v - lo) / (hi - lo));
          row[i] = 0xff000000u | ((guint32) (c.r * 255 + 0.5) << 16)
                   | ((guint32) (c.g * 255 + 0.5) << 8) | (guint32) (c.b * 255 + 0.5);
        }
    }
  cairo_surface_mark_dirty (img);

  xa = to_px (plot, s->x0);
  xb = to_px (plot, s->x1);
  ya = to_py (plot, s->y_axis, s->y0);
  yb = to_py (plot, s->y_axis, s->y1);
  if (!isfinite (xa) || !isfinite (xb) || !isfinite (ya) || !isfinite (yb) || xa == xb || ya == yb)
    {
      cairo_surface_destroy (img);
      return;
    }
  cairo_save (cr);
  cairo_translate (cr, xa, yb);
  cairo_scale (cr, (xb - xa) / s->nx, (ya - yb) / s->ny);
  pattern = cairo_pattern_create_for_surface (img);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_set_source (cr, pattern);
  cairo_rectangle (cr, 0, 0, s->nx, s->ny);
  cairo_fill (cr);
  cairo_pattern_destroy (pattern);
  cairo_restore (cr);
  cairo_surface_destroy (img);
}

static IscPlotSeries *
find_heatmap (IscPlot *plot)
{
  for (guint i = 0; i < plot->series->len; i++)
    {
      IscPlotSeries *s = g_ptr_array_index (plot->series, i);

      if (s->kind == ISC_SERIES_HEATMAP)
        return s;
    }
  return NULL;
}

/* ---------------------------------------------------------------- legend */

static gboolean
inside (double px,
        double py,
        double x,
        double y,
        double w,
        double h)
{
  return px >= x && px <= x + w && py >= y && py <= y + h;
}

/* How much of the data a legend box at (x, y, w, h) would hide: points, and for lines also
 * points along their segments (a sparse curve still crosses a corner). */
static guint
count_points_in (IscPlot *plot,
                 double   x,
                 double   y,
                 double   w,
                 double   h)
{
  guint count = 0;

  for (guint i = 0; i < plot->series->len; i++)
    {
      IscPlotSeries *s = g_ptr_array_index (plot->series, i);
      guint stride = MAX (1, s->n / 2000);   /* sampling is enough to choose a corner */
      gboolean lines = s->kind == ISC_SERIES_LINE || s->kind == ISC_SERIES_STEP || s->kind == ISC_SERIES_BAND;
      double prev_x = NAN, prev_y = NAN;

      if (s->kind == ISC_SERIES_HEATMAP)
        continue;
      for (guint k = 0; k < s->n; k += stride)
        {
          double px = to_px (plot, s->x[k]), py = to_py (plot, s->y_axis, s->y[k]);

          if (inside (px, py, x, y, w, h))
            count++;
          if (lines && isfinite (prev_x) && isfinite (prev_y) && isfinite (px) && isfinite (py))
            for (int f = 1; f < 4; f++)
              if (inside (prev_x + (px - prev_x) * f / 4, prev_y + (py - prev_y) * f / 4, x, y, w, h))
                count++;
          prev_x = px;
          prev_y = py;
          if (s->y_high != NULL && inside (px, to_py (plot, s->y_axis, s->y_high[k]), x, y, w, h))
            count++;
        }
    }
  return count;
}

/* Size of the legend box; FALSE when nothing goes into it. */
static gboolean
legend_size (IscPlot *plot,
             cairo_t *cr,
             double  *box_w,
             double  *box_h)
{
  double fs = plot->theme.font_size;
  double pad = fs * 0.5, sample_w = fs * 2.0, row_h = fs * 1.35;
  double text_w = 0;
  guint n = 0;

  for (guint i = 0; i < plot->series->len; i++)
    {
      IscPlotSeries *s = g_ptr_array_index (plot->series, i);
      double w, h;

      if (!s->in_legend || s->label == NULL)
        continue;
      text_extent (cr, s->label, fs, &w, &h);
      text_w = MAX (text_w, w);
      n++;
    }
  *box_w = pad * 3 + sample_w + text_w;
  *box_h = pad * 2 + n * row_h;
  return n > 0;
}

/* The corner of the data area where the legend hides the least data; returns how much. */
static guint
legend_corner (IscPlot *plot,
               double   box_w,
               double   box_h,
               double  *x,
               double  *y)
{
  double pad = plot->theme.font_size * 0.5;
  double cx[4], cy[4];
  guint best = 0, best_count = G_MAXUINT;

  /* Corners in order of preference; take the one covering the fewest data points. */
  cx[0] = plot->area_x + plot->area_w - box_w - pad; cy[0] = plot->area_y + pad;
  cx[1] = plot->area_x + pad;                        cy[1] = plot->area_y + pad;
  cx[2] = cx[0];                                     cy[2] = plot->area_y + plot->area_h - box_h - pad;
  cx[3] = cx[1];                                     cy[3] = cy[2];
  for (guint c = 0; c < 4; c++)
    {
      guint count = count_points_in (plot, cx[c], cy[c], box_w, box_h);

      if (count < best_count)
        {
          best_count = count;
          best = c;
        }
    }
  *x = cx[best];
  *y = cy[best];
  return best_count;
}

static void
draw_legend (IscPlot *plot,
             cairo_t *cr,
             double   outside_x)   /* NAN: inside the data area */
{
  double fs = plot->theme.font_size;
  double pad = fs * 0.5, sample_w = fs * 2.0, row_h = fs * 1.35;
  double box_w, box_h;
  guint n = 0;
  double x, y;

  if (!legend_size (plot, cr, &box_w, &box_h))
    return;
  if (isnan (outside_x))
    legend_corner (plot, box_w, box_h, &x, &y);
  else
    {
      x = outside_x;
      y = plot->area_y;
    }

  /* Never start left of or above the data area, even when the legend is wider than it. */
  x = MAX (x, plot->area_x + 1);
  y = MAX (y, plot->area_y + 1);
  plot->legend_drawn = TRUE;
  plot->legend_x = x;
  plot->legend_y = y;
  plot->legend_w = box_w;
  plot->legend_h = box_h;

  cairo_new_path (cr);
  cairo_rectangle (cr, x, y, box_w, box_h);
  set_color (cr, &(IscColor) { plot->theme.background.r, plot->theme.background.g,
                               plot->theme.background.b, 0.85 });
  cairo_fill_preserve (cr);
  set_color (cr, &(IscColor) { plot->theme.frame.r, plot->theme.frame.g, plot->theme.frame.b, 0.4 });
  cairo_set_line_width (cr, plot->theme.frame_width * 0.75);
  cairo_stroke (cr);

  n = 0;
  for (guint i = 0; i < plot->series->len; i++)
    {
      IscPlotSeries *s = g_ptr_array_index (plot->series, i);
      double ry;

      if (!s->in_legend || s->label == NULL)
        continue;
      ry = y + pad + n * row_h + row_h / 2;
      cairo_new_path (cr);
      set_color (cr, &s->color);
      switch (s->kind)
        {
        case ISC_SERIES_BARS:
        case ISC_SERIES_BAND:
          if (s->kind == ISC_SERIES_BAND)
            set_color (cr, &(IscColor) { s->color.r, s->color.g, s->color.b, 0.3 });
          cairo_rectangle (cr, x + pad, ry - row_h * 0.3, sample_w, row_h * 0.6);
          cairo_fill (cr);
          break;
        case ISC_SERIES_SCATTER:
        case ISC_SERIES_ERRORBARS:
          marker_path (cr, s->marker, x + pad + sample_w / 2, ry, s->marker_size);
          cairo_fill (cr);
          break;
        default:
          cairo_set_line_width (cr, plot->theme.line_width * s->line_width_scale);
          cairo_move_to (cr, x + pad, ry);
          cairo_line_to (cr, x + pad + sample_w, ry);
          cairo_stroke (cr);
          if (s->marker != ISC_MARKER_NONE)
            {
              marker_path (cr, s->marker, x + pad + sample_w / 2, ry, s->marker_size);
              cairo_fill (cr);
            }
          break;
        }
      draw_text (cr, s->label, fs, FALSE, &plot->theme.frame, x + pad * 2 + sample_w, ry, 0, 0.5, 0);
      n++;
    }
}

/* ---------------------------------------------------------------- axes */

static IscTicks *
ticks_for (IscPlot     *plot,
           IscPlotAxis  axis,
           double       length)
{
  AxisState *a = &plot->axes[axis];
  IscTicks *ticks = NULL;
  guint target = (guint) CLAMP (length / (plot->theme.font_size * (axis == ISC_PLOT_AXIS_X ? 6 : 3.5)),
                                2, 10);

  if (!isc_ticks_compute (a->scale, a->draw_min, a->draw_max, target, &ticks, NULL))
    {
      /* Ranges are validated when set, so this only guards against surprises. */
      isc_ticks_compute (ISC_AXIS_LINEAR, 0, 1, target, &ticks, NULL);
    }
  return ticks;
}

static double
max_label_width (cairo_t  *cr,
                 IscTicks *ticks,
                 double    fs)
{
  double best = 0;

  for (guint i = 0; i < ticks->labels->len; i++)
    {
      double w, h;

      text_extent (cr, g_ptr_array_index (ticks->labels, i), fs, &w, &h);
      best = MAX (best, w);
    }
  return best;
}

static void
draw_colorbar (IscPlot       *plot,
               cairo_t       *cr,
               IscPlotSeries *s,
               double         x,
               double         bar_w)
{
  double lo, hi;
  double y0 = plot->area_y, h = plot->area_h;
  g_autoptr(IscTicks) ticks = NULL;
  double fs = plot->theme.font_size;
  double max_w = 0;
  const int steps = 64;

  heatmap_z_range (s, &lo, &hi);
  for (int i = 0; i < steps; i++)
    {
      IscColor c = isc_colormap_viridis ((i + 0.5) / steps);

      cairo_rectangle (cr, x, y0 + h - (i + 1) * h / steps, bar_w, h / steps + 0.5);
      set_color (cr, &c);
      cairo_fill (cr);
    }
  cairo_rectangle (cr, x, y0, bar_w, h);
  cairo_set_line_width (cr, plot->theme.frame_width);
  set_color (cr, &plot->theme.frame);
  cairo_stroke (cr);

  if (!isc_ticks_compute (ISC_AXIS_LINEAR, lo, hi, 5, &ticks, NULL))
    return;
  for (guint i = 0; i < ticks->major->len; i++)
    {
      double v = g_array_index (ticks->major, double, i);
      double py = y0 + h * (1 - (v - lo) / (hi - lo));
      double w, th;

      cairo_move_to (cr, x + bar_w, py);
      cairo_line_to (cr, x + bar_w + TICK_LEN, py);
      cairo_stroke (cr);
      draw_text (cr, g_ptr_array_index (ticks->labels, i), fs, FALSE, &plot->theme.frame,
                 x + bar_w + TICK_LEN + 2, py, 0, 0.5, 0);
      text_extent (cr, g_ptr_array_index (ticks->labels, i), fs, &w, &th);
      max_w = MAX (max_w, w);
    }
  if (s->label != NULL)
    draw_text (cr, s->label, fs, FALSE, &plot->theme.frame,
               x + bar_w + TICK_LEN + 4 + max_w + fs * 0.2, y0 + h / 2, 0.5, 0, G_PI / 2);
}

/* Shaded x spans, beneath the series. Labels sit at the top of the data area, centred on their
 * span; a label that would overlap the previous one moves down a line (up to three lines), so
 * neighbouring narrow peaks stay readable. */
static void
draw_xspans (IscPlot *plot,
             cairo_t *cr)
{
  const IscPlotTheme *t = &plot->theme;
  double row_end[3] = { -INFINITY, -INFINITY, -INFINITY };

  for (guint i = 0; i < plot->annotations->len; i++)
    {
      Annotation *a = g_ptr_array_index (plot->annotations, i);
      double xa, xb;

      if (a->kind != ANNOT_XSPAN)
        continue;
      xa = to_px (plot, a->x);
      xb = to_px (plot, a->x1);
      if (!isfinite (xa) || !isfinite (xb))
        continue;
      /* At least one pixel wide, so a narrow window stays visible when zoomed out. */
      if (xb - xa < 1)
        {
          double c = (xa + xb) / 2;

          xa = c - 0.5;
          xb = c + 0.5;
        }
      cairo_new_path (cr);
      cairo_rectangle (cr, xa, plot->area_y, xb - xa, plot->area_h);
      set_color (cr, &a->color);
      cairo_fill (cr);
    }
  for (guint i = 0; i < plot->annotations->len; i++)
    {
      Annotation *a = g_ptr_array_index (plot->annotations, i);
      PangoLayout *layout;
      double xc, w, h;
      IscColor ink;
      guint row;

      if (a->kind != ANNOT_XSPAN || a->markup == NULL)
        continue;
      xc = (to_px (plot, a->x) + to_px (plot, a->x1)) / 2;
      if (!isfinite (xc) || xc < plot->area_x || xc > plot->area_x + plot->area_w)
        continue;
      layout = make_layout (cr, a->markup, t->font_size * 0.9, FALSE);
      layout_size (layout, &w, &h);
      g_object_unref (layout);
      for (row = 0; row < G_N_ELEMENTS (row_end) - 1; row++)
        if (xc - w / 2 > row_end[row] + 2)
          break;
      row_end[row] = xc + w / 2;
      /* The span colour at full opacity, so the label names its span by colour too. */
      ink = isc_color_with_alpha (a->color, 1.0);
      draw_text (cr, a->markup, t->font_size * 0.9, FALSE, &ink, xc, plot->area_y + 2 + row * h, 0.5, 0, 0);
    }
}

void
isc_plot_draw (IscPlot *plot,
               cairo_t *cr,
               double   width,
               double   height)
{
  const IscPlotTheme *t;
  double fs, title_h = 0, xlabel_h = 0, ylabel_h = 0, y2label_h = 0, tick_h, dummy;
  double left, right, bottom, top;
  gboolean twin;
  IscPlotSeries *heat;
  double colorbar_w = 0, y2_space, legend_x;
  g_autoptr(IscTicks) xt = NULL;
  g_autoptr(IscTicks) yt = NULL;
  g_autoptr(IscTicks) y2t = NULL;

  g_return_if_fail (plot != NULL && cr != NULL);

  t = &plot->theme;
  fs = t->font_size;
  twin = axis_used (plot, ISC_PLOT_AXIS_Y2);
  heat = find_heatmap (plot);

  for (guint a = 0; a < ISC_PLOT_N_AXES; a++)
    compute_range (plot, a);

  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  /* Background. */
  cairo_rectangle (cr, 0, 0, width, height);
  set_color (cr, &t->background);
  cairo_fill (cr);

  /* Layout: measure text, then place the data area. */
  if (plot->title != NULL)
    text_extent (cr, plot->title, fs * 1.15, &dummy, &title_h);
  text_extent (cr, "0123456789", fs, &dummy, &tick_h);
  if (plot->axes[ISC_PLOT_AXIS_X].label != NULL)
    text_extent (cr, plot->axes[ISC_PLOT_AXIS_X].label, fs, &dummy, &xlabel_h);
  if (plot->axes[ISC_PLOT_AXIS_Y].label != NULL)
    text_extent (cr, plot->axes[ISC_PLOT_AXIS_Y].label, fs, &dummy, &ylabel_h);
  if (twin && plot->axes[ISC_PLOT_AXIS_Y2].label != NULL)
    text_extent (cr, plot->axes[ISC_PLOT_AXIS_Y2].label, fs, &dummy, &y2label_h);

  top = (title_h > 0 ? title_h + fs * 0.5 : 0) + fs * 0.8;
  bottom = TICK_LEN + 2 + tick_h + (xlabel_h > 0 ? xlabel_h + 2 : 0) + fs * 0.4;
  /* The y tick labels depend on the y ticks, which depend on the area height: use the
   * height estimate from the vertical layout, which is already final. */
  plot->area_y = top;
  plot->area_h = MAX (height - top - bottom, 10);
  yt = ticks_for (plot, ISC_PLOT_AXIS_Y, plot->area_h);
  left = fs * 0.4 + (ylabel_h > 0 ? ylabel_h + 3 : 0) + max_label_width (cr, yt, fs) + TICK_LEN + 3;
  right = fs * 1.2;
  if (twin)
    {
      y2t = ticks_for (plot, ISC_PLOT_AXIS_Y2, plot->area_h);
      right = fs * 0.4 + (y2label_h > 0 ? y2label_h + 3 : 0) + max_label_width (cr, y2t, fs) + TICK_LEN + 3;
    }
  y2_space = twin ? right : 0;
  if (heat != NULL)
    {
      double lo, hi, lw;
      g_autoptr(IscTicks) zt = NULL;
      double zl_h = 0;

      heatmap_z_range (heat, &lo, &hi);
      isc_ticks_compute (ISC_AXIS_LINEAR, lo, hi, 5, &zt, NULL);
      lw = zt != NULL ? max_label_width (cr, zt, fs) : fs * 3;
      if (heat->label != NULL)
        text_extent (cr, heat->label, fs, &dummy, &zl_h);
      colorbar_w = fs * 1.2;
      right += fs + colorbar_w + TICK_LEN + 4 + lw + zl_h + fs * 0.4;
    }
  plot->area_x = left;
  plot->area_w = MAX (width - left - right, 10);
  xt = ticks_for (plot, ISC_PLOT_AXIS_X, plot->area_w);
  plot->drawn = TRUE;
  plot->legend_drawn = FALSE;

  /* Every corner crowded (curves filling the frame): move the legend out to the right, if
   * the data area stays at least half the width. */
  legend_x = NAN;
  if (plot->legend_visible && heat == NULL)
    {
      double bw, bh, lx, ly;

      if (legend_size (plot, cr, &bw, &bh) && legend_corner (plot, bw, bh, &lx, &ly) > 3
          && width - left - right - bw - fs > width * 0.5)
        {
          plot->area_w = width - left - right - bw - fs * 0.5;
          legend_x = plot->area_x + plot->area_w + right - fs * 0.5;
          g_clear_pointer (&xt, isc_ticks_free);
          xt = ticks_for (plot, ISC_PLOT_AXIS_X, plot->area_w);
        }
    }

  /* Grid. */
  if (t->show_grid)
    {
      cairo_set_line_width (cr, 0.5);
      set_color (cr, &t->grid);
      for (guint i = 0; i < xt->major->len; i++)
        {
          double px = round (to_px (plot, g_array_index (xt->major, double, i))) + 0.25;

          cairo_move_to (cr, px, plot->area_y);
          cairo_line_to (cr, px, plot->area_y + plot->area_h);
        }
      for (guint i = 0; i < yt->major->len; i++)
        {
          double py = round (to_py (plot, ISC_PLOT_AXIS_Y, g_array_index (yt->major, double, i))) + 0.25;

          cairo_move_to (cr, plot->area_x, py);
          cairo_line_to (cr, plot->area_x + plot->area_w, py);
        }
      cairo_stroke (cr);
    }

  /* Series, clipped to the data area. */
  cairo_save (cr);
  cairo_rectangle (cr, plot->area_x, plot->area_y, plot->area_w, plot->area_h);
  cairo_clip (cr);
  draw_xspans (plot, cr);
  for (guint i = 0; i < plot->series->len; i++)
    {
      IscPlotSeries *s = g_ptr_array_index (plot->series, i);

      cairo_set_line_width (cr, t->line_width * s->line_width_scale);
      switch (s->kind)
        {
        case ISC_SERIES_LINE:
          draw_polyline (plot, cr, s);
          draw_markers (plot, cr, s);
          break;
        case ISC_SERIES_SCATTER:
          draw_markers (plot, cr, s);
          break;
        case ISC_SERIES_ERRORBARS:
          cairo_set_line_width (cr, t->line_width * 0.75 * s->line_width_scale);
          draw_error_bars (plot, cr, s);
          draw_markers (plot, cr, s);
          break;
        case ISC_SERIES_STEP:
          draw_step (plot, cr, s);
          break;
        case ISC_SERIES_BARS:
          draw_bars (plot, cr, s);
          break;
        case ISC_SERIES_BAND:
          draw_band (plot, cr, s);
          break;
        case ISC_SERIES_HEATMAP:
          draw_heatmap (plot, cr, s);
          break;
        }
    }
  /* Annotations. */
  for (guint i = 0; i < plot->annotations->len; i++)
    {
      Annotation *a = g_ptr_array_index (plot->annotations, i);

      cairo_new_path (cr);
      set_color (cr, &a->color);
      cairo_set_line_width (cr, t->frame_width);
      if (a->kind == ANNOT_VLINE)
        {
          double px = to_px (plot, a->x);

          cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
          cairo_move_to (cr, px, plot->area_y);
          cairo_line_to (cr, px, plot->area_y + plot->area_h);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      else if (a->kind == ANNOT_HLINE)
        {
          double py = to_py (plot, ISC_PLOT_AXIS_Y, a->y);

          cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
          cairo_move_to (cr, plot->area_x, py);
          cairo_line_to (cr, plot->area_x + plot->area_w, py);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      else if (a->kind == ANNOT_TEXT)
        draw_text (cr, a->markup, fs, FALSE, &a->color, to_px (plot, a->x),
                   to_py (plot, ISC_PLOT_AXIS_Y, a->y), 0, 1, 0);
    }
  cairo_restore (cr);

  /* Frame and ticks. */
  cairo_new_path (cr);
  set_color (cr, &t->frame);
  cairo_set_line_width (cr, t->frame_width);
  cairo_rectangle (cr, plot->area_x, plot->area_y, plot->area_w, plot->area_h);
  cairo_stroke (cr);

  for (guint i = 0; i < xt->major->len; i++)
    {
      double px = to_px (plot, g_array_index (xt->major, double, i));

      cairo_move_to (cr, px, plot->area_y + plot->area_h);
      cairo_line_to (cr, px, plot->area_y + plot->area_h - TICK_LEN);
      cairo_stroke (cr);
      draw_text (cr, g_ptr_array_index (xt->labels, i), fs, FALSE, &t->frame,
                 px, plot->area_y + plot->area_h + TICK_LEN, 0.5, 0, 0);
    }
  for (guint i = 0; i < xt->minor->len; i++)
    {
      double px = to_px (plot, g_array_index (xt->minor, double, i));

      cairo_move_to (cr, px, plot->area_y + plot->area_h);
      cairo_line_to (cr, px, plot->area_y + plot->area_h - MINOR_LEN);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < yt->major->len; i++)
    {
      double py = to_py (plot, ISC_PLOT_AXIS_Y, g_array_index (yt->major, double, i));

      cairo_move_to (cr, plot->area_x, py);
      cairo_line_to (cr, plot->area_x + TICK_LEN, py);
      cairo_stroke (cr);
      draw_text (cr, g_ptr_array_index (yt->labels, i), fs, FALSE, &t->frame,
                 plot->area_x - 3, py, 1, 0.5, 0);
    }
  for (guint i = 0; i < yt->minor->len; i++)
    {
      double py = to_py (plot, ISC_PLOT_AXIS_Y, g_array_index (yt->minor, double, i));

      cairo_move_to (cr, plot->area_x, py);
      cairo_line_to (cr, plot->area_x + MINOR_LEN, py);
    }
  cairo_stroke (cr);
  if (twin)
    {
      double rx = plot->area_x + plot->area_w;
      double max_w = max_label_width (cr, y2t, fs);

      for (guint i = 0; i < y2t->major->len; i++)
        {
          double py = to_py (plot, ISC_PLOT_AXIS_Y2, g_array_index (y2t->major, double, i));

          cairo_move_to (cr, rx, py);
          cairo_line_to (cr, rx - TICK_LEN, py);
          cairo_stroke (cr);
          draw_text (cr, g_ptr_array_index (y2t->labels, i), fs, FALSE, &t->frame, rx + 3, py, 0, 0.5, 0);
        }
      for (guint i = 0; i < y2t->minor->len; i++)
        {
          double py = to_py (plot, ISC_PLOT_AXIS_Y2, g_array_index (y2t->minor, double, i));

          cairo_move_to (cr, rx, py);
          cairo_line_to (cr, rx - MINOR_LEN, py);
        }
      cairo_stroke (cr);
      if (plot->axes[ISC_PLOT_AXIS_Y2].label != NULL)
        draw_text (cr, plot->axes[ISC_PLOT_AXIS_Y2].label, fs, FALSE, &t->frame,
                   rx + 3 + max_w + 3, plot->area_y + plot->area_h / 2, 0.5, 1, G_PI / 2);
    }

  /* Axis labels and title. */
  if (plot->axes[ISC_PLOT_AXIS_X].label != NULL)
    draw_text (cr, plot->axes[ISC_PLOT_AXIS_X].label, fs, FALSE, &t->frame,
               plot->area_x + plot->area_w / 2, plot->area_y + plot->area_h + TICK_LEN + 2 + tick_h,
               0.5, 0, 0);
  if (plot->axes[ISC_PLOT_AXIS_Y].label != NULL)
    draw_text (cr, plot->axes[ISC_PLOT_AXIS_Y].label, fs, FALSE, &t->frame,
               fs * 0.4, plot->area_y + plot->area_h / 2, 0.5, 0, -G_PI / 2);
  if (plot->title != NULL)
    draw_text (cr, plot->title, fs * 1.15, TRUE, &t->frame, plot->area_x + plot->area_w / 2,
               fs * 0.4, 0.5, 0, 0);

  if (heat != NULL)
    draw_colorbar (plot, cr, heat, plot->area_x + plot->area_w + y2_space + fs, colorbar_w);

  if (plot->legend_visible)
    draw_legend (plot, cr, legend_x);

  cairo_restore (cr);
}

/* ---------------------------------------------------------------- export and TSV */

static void
draw_plot_cb (cairo_t  *cr,
              double    width,
              double    height,
              gpointer  data)
{
  isc_plot_draw (data, cr, width, height);
}

gboolean
isc_plot_export (IscPlot    *plot,
                 const char *path,
                 double      width_pt,
                 double      height_pt,
                 double      dpi,
                 GError    **error)
{
  g_return_val_if_fail (plot != NULL && path != NULL, FALSE);
  return isc_render_export (path, width_pt, height_pt, dpi, draw_plot_cb, plot, error);
}

char *
isc_plot_to_tsv (IscPlot *plot)
{
  GString *out;
  const char *xl;

  g_return_val_if_fail (plot != NULL, NULL);

  out = g_string_new (NULL);
  xl = plot->axes[ISC_PLOT_AXIS_X].label;

  for (guint i = 0; i < plot->series->len; i++)
    {
      IscPlotSeries *s = g_ptr_array_index (plot->series, i);
      g_autofree char *xs = NULL;
      g_autofree char *ys = NULL;
      char buf[2][G_ASCII_DTOSTR_BUF_SIZE];

      if (s->kind == ISC_SERIES_HEATMAP)
        continue;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      /* Strip markup from the header: spreadsheets should see plain text. */
      if (xl == NULL || !pango_parse_markup (xl, -1, 0, NULL, &xs, NULL, NULL))
        xs = g_strdup (xl != NULL ? xl : "x");
      if (s->label == NULL || !pango_parse_markup (s->label, -1, 0, NULL, &ys, NULL, NULL))
        ys = g_strdup_printf ("series %u", i + 1);
      g_string_append_printf (out, "%s\t%s\n", xs, ys);
      for (guint k = 0; k < s->n; k++)
        g_string_append_printf (out, "%s\t%s\n",
                                g_ascii_formatd (buf[0], sizeof buf[0], "%.10g", s->x[k]),
                                g_ascii_formatd (buf[1], sizeof buf[1], "%.10g", s->y[k]));
    }
  return g_string_free (out, FALSE);
}
