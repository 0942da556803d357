/* spectrum-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "composition.h"
#include "isc-busy.h"
#include "isc-error.h"
#include "isc-widgets.h"
#include "isotopes.h"
#include "isc-save-dialog.h"
#include "isc-task-slot.h"
#include "plot-view.h"
#include "range-io.h"
#include "spectrum-view.h"

#define EDGE_GRAB_PX   5.0    /* how close to a window edge a press grabs it */
#define MIN_ADD_PX     3.0    /* shorter add-drags are taken as clicks */
#define SPAN_ALPHA     0.35
#define SELECTED_ALPHA 0.6
#define STACKED_SPAN_ALPHA 0.12

typedef enum { DRAG_NONE, DRAG_EDGE, DRAG_ADD, DRAG_BACKGROUND } DragMode;

/* What the histogram worker reads: its own reference to the cloud, so that nothing has to
 * wait for the worker to let go of it. */
typedef struct
{
  IscIonCloud *cloud;
  double       bin_width;
} HistogramInput;

/* What the decomposition worker reads: its own copies, as the ranges are edited in place. */
typedef struct
{
  IscIonCloud   *cloud;
  IscRangeSet   *ranges;
  IscBackground *background;   /* or NULL */
} DecompositionInput;

struct _IscSpectrumView
{
  GtkWidget parent_instance;

  IscIonCloud *cloud;            /* a reference */
  IscRangeSet *ranges;           /* borrowed, edited in place */
  double bin_width;
  IscSpectrum *spectrum;
  IscTaskSlot *histogram;        /* the histogram computation */

  int selected;                  /* range index or -1 */
  char *error_message;
  char *readout;

  /* Mouse editing. */
  DragMode drag_mode;
  guint drag_range;
  gboolean drag_high;            /* which edge */
  double drag_x0;                /* data x where the drag started */
  double preview_low, preview_high;
  gboolean pending;              /* an add-drag waiting for its ion in the popover */
  GArray *bg_windows;            /* IscMassWindow: where the background is fitted */
  IscBackgroundModel bg_model;
  IscBackground *background;     /* fitted on the histogram, or NULL */
  gboolean bg_enabled;           /* FALSE: "None", the windows are kept but nothing is fitted */
  IscTaskSlot *decomposition_task;
  IscDecomposition *decomposition;  /* of overlapping windows, for the stacked fills, or NULL */
  double pending_low, pending_high;

  /* Template children (resources/ui/spectrum-view.ui) */
  GtkWidget *box;
  GtkWidget *plot_view;
  GtkWidget *bin_spin;
  GtkWidget *add_toggle;
  GtkWidget *bg_toggle;
  GtkWidget *bg_clear_button;
  GtkWidget *bg_model_dropdown;
  GtkWidget *bg_label;
  GtkWidget *spinner;
  GtkWidget *readout_label;
  GtkWidget *error_label;
  GtkWidget *popover;

  /* The ion popover's content, rebuilt for each proposed window */
  GtkWidget *popover_error;
  GtkWidget *formula_entry;
};

enum { RANGES_CHANGED, SPECTRUM_UPDATED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (IscSpectrumView, isc_spectrum_view, GTK_TYPE_WIDGET)

/* ------------------------------------------------------------ worker */

static void
histogram_input_free (gpointer data)
{
  HistogramInput *input = data;

  isc_ion_cloud_unref (input->cloud);
  g_free (input);
}

/* Worker thread. */
static gpointer
compute_histogram (gpointer          data,
                   GCancellable     *cancellable,
                   IscProgressFunc   progress,
                   gpointer          progress_data,
                   GError          **error)
{
  HistogramInput *input = data;

  return isc_spectrum_compute (input->cloud, NULL, NULL, input->bin_width, 0, 0, cancellable, error);
}

static void rebuild_plot (IscSpectrumView *self, gboolean keep_view);
static gboolean refit_background (IscSpectrumView *self, GError **error);
static void start_decomposition (IscSpectrumView *self);
static void show_error (IscSpectrumView *self, const char *message);

/* Main thread, newest request only. */
static void
histogram_done (gpointer      owner,
                gpointer      result,
                const GError *error)
{
  IscSpectrumView *self = owner;

  isc_busy_set_spinner (self, self->spinner, FALSE);
  if (result == NULL)
    {
      show_error (self, error->message);
      return;
    }
  g_clear_pointer (&self->spectrum, isc_spectrum_free);
  self->spectrum = result;
  refit_background (self, NULL);
  rebuild_plot (self, TRUE);
  start_decomposition (self);
  g_signal_emit (self, signals[SPECTRUM_UPDATED], 0);
}

/* ------------------------------------------------------------ decomposition worker */

static void
decomposition_input_free (gpointer data)
{
  DecompositionInput *input = data;

  isc_ion_cloud_unref (input->cloud);
  isc_range_set_free (input->ranges);
  isc_background_free (input->background);
  g_free (input);
}

static IscBackground *
background_copy (const IscBackground *bg)
{
  IscBackground *copy;

  if (bg == NULL)
    return NULL;
  copy = g_memdup2 (bg, sizeof *bg);
  copy->windows = g_memdup2 (bg->windows, MAX (bg->n_windows, 1) * sizeof (IscMassWindow));
  return copy;
}

/* Worker thread. */
static gpointer
compute_decomposition (gpointer          data,
                       GCancellable     *cancellable,
                       IscProgressFunc   progress,
                       gpointer          progress_data,
                       GError          **error)
{
  DecompositionInput *input = data;

  return isc_decomposition_compute (input->cloud, input->ranges, NULL, input->background, cancellable, error);
}

/* Main thread, newest request only. */
static void
decomposition_done (gpointer      owner,
                    gpointer      result,
                    const GError *error)
{
  IscSpectrumView *self = owner;

  g_clear_pointer (&self->decomposition, isc_decomposition_free);
  self->decomposition = result;
  /* Ranges the peaks cannot separate: plain spans, and the reason in the tooltip. */
  gtk_widget_set_tooltip_text (self->bg_label, result == NULL && error != NULL ? error->message : NULL);
  rebuild_plot (self, TRUE);
}

/* Splits the ions of overlapping windows by the isotope-abundance fit (on the ions, less the
 * background), for the stacked fills. Only when windows overlap. */
static void
start_decomposition (IscSpectrumView *self)
{
  DecompositionInput *input;

  isc_task_slot_cancel (self->decomposition_task);
  if (self->decomposition != NULL)
    {
      g_clear_pointer (&self->decomposition, isc_decomposition_free);
      rebuild_plot (self, TRUE);
    }
  if (self->cloud == NULL || self->ranges == NULL || !self->ranges->has_overlaps)
    return;
  input = g_new0 (DecompositionInput, 1);
  input->cloud = isc_ion_cloud_ref (self->cloud);
  input->ranges = isc_range_set_copy (self->ranges);
  input->background = background_copy (self->background);
  isc_task_slot_run (self->decomposition_task, compute_decomposition, input, decomposition_input_free,
                     (GDestroyNotify) isc_decomposition_free, decomposition_done);
}

/* Starts a histogram of the current cloud and width; a running one is cancelled and its
 * result dropped, without waiting for its worker. */
static void
start_histogram (IscSpectrumView *self)
{
  HistogramInput *input;

  isc_task_slot_cancel (self->histogram);
  if (self->cloud == NULL)
    {
      isc_busy_set_spinner (self, self->spinner, FALSE);
      return;
    }
  input = g_new0 (HistogramInput, 1);
  input->cloud = isc_ion_cloud_ref (self->cloud);
  input->bin_width = self->bin_width;
  isc_task_slot_run (self->histogram, compute_histogram, input, histogram_input_free,
                     (GDestroyNotify) isc_spectrum_free, histogram_done);
  isc_busy_set_spinner (self, self->spinner, TRUE);
}

/* ------------------------------------------------------------ plot */

static IscPlot *
get_plot (IscSpectrumView *self)
{
  return isc_plot_view_get_plot (ISC_PLOT_VIEW (self->plot_view));
}

static void
add_span (IscSpectrumView *self,
          IscPlot         *plot,
          double           low,
          double           high,
          const double     rgb[3],
          double           alpha,
          const char      *name)
{
  IscColor color = { rgb[0], rgb[1], rgb[2], alpha };
  g_autofree char *markup = name != NULL ? g_markup_escape_text (name, -1) : NULL;

  isc_plot_add_xspan (plot, low, high, &color, markup);
}

/* Whether range @r lies in a window group drawn as stacked fills. */
static gboolean
in_stacked_group (IscSpectrumView *self,
                  const IscRange  *r)
{
  const IscDecomposition *d = self->decomposition;
  int g;
  guint n = 0;

  if (d == NULL || d->n_ion_types != isc_range_set_get_n_ion_types (self->ranges))
    return FALSE;
  g = isc_decomposition_find_group (d, (float) (0.5 * (r->low + r->high)));
  for (guint t = 0; g >= 0 && t < d->n_ion_types; t++)
    n += d->key_of[(gsize) g * 256 + t] != ISC_ION_UNRANGED;
  return n >= 2;
}

/* The range windows as shaded spans, with the window being edited shown where the mouse has it. */
static void
update_spans (IscSpectrumView *self)
{
  IscPlot *plot = get_plot (self);
  static const double grey[3] = { 0.45, 0.45, 0.45 };

  if (plot == NULL)
    return;
  isc_plot_clear_annotations (plot);
  if (self->ranges != NULL)
    {
      for (guint i = 0; i < isc_range_set_get_n_ranges (self->ranges); i++)
        {
          const IscRange *r = isc_range_set_get_range (self->ranges, i);
          const IscIonType *t = isc_range_set_get_ion_type (self->ranges, r->ion_type);
          double low = r->low, high = r->high;
          gboolean selected = (int) i == self->selected;

          if (self->drag_mode == DRAG_EDGE && i == self->drag_range)
            {
              low = self->preview_low;
              high = self->preview_high;
            }
          /* Under stacked fills the windows are only hinted, so the species' shares show. */
          add_span (self, plot, low, high, t->color,
                    selected ? SELECTED_ALPHA : in_stacked_group (self, r) ? STACKED_SPAN_ALPHA : SPAN_ALPHA, t->name);
          if (selected)
            {
              IscColor edge = { t->color[0] * 0.6, t->color[1] * 0.6, t->color[2] * 0.6, 1 };

              isc_plot_add_vline (plot, low, &edge);
              isc_plot_add_vline (plot, high, &edge);
            }
        }
    }
  for (guint i = 0; i < self->bg_windows->len; i++)
    {
      const IscMassWindow *w = &g_array_index (self->bg_windows, IscMassWindow, i);

      /* Translators: label of a peak-free window of the mass spectrum, where the background is fitted */
      add_span (self, plot, w->low, w->high, grey, 0.18, _("bg"));
    }
  if (self->drag_mode == DRAG_ADD || self->drag_mode == DRAG_BACKGROUND)
    add_span (self, plot, self->preview_low, self->preview_high, grey, SPAN_ALPHA, NULL);
  else if (self->pending)
    add_span (self, plot, self->pending_low, self->pending_high, grey, SPAN_ALPHA, "?");
  isc_plot_view_queue_redraw (ISC_PLOT_VIEW (self->plot_view));
}

/* Inside each window group where ions of several species overlap, every bin's counts split as
 * the fit splits the group's ions: the background share at the bottom, then each species'
 * share in its colour. */
static void
add_stacked_fills (IscSpectrumView *self,
                   IscPlot         *plot,
                   const double    *x,
                   const double    *y)
{
  const IscDecomposition *d = self->decomposition;
  gsize n_bins = self->spectrum->n_bins;

  if (d == NULL || self->ranges == NULL || d->n_ion_types != isc_range_set_get_n_ion_types (self->ranges))
    return;
  for (guint g = 0; g < d->n_groups; g++)
    {
      const double *share = d->shares + (gsize) g * d->n_ion_types;
      guint n_species = 0;
      gsize first = n_bins, last = 0, n;
      g_autofree double *low = NULL, *high = NULL, *bx = NULL;
      double signal = 0;

      /* Groups where windows of several ions overlap (keys: the ion types ranged there). */
      for (guint t = 0; t < d->n_ion_types; t++)
        {
          n_species += d->key_of[(gsize) g * 256 + t] != ISC_ION_UNRANGED;
          signal += MAX (share[t], 0);
        }
      if (n_species < 2)
        continue;
      for (gsize k = 0; k < n_bins; k++)
        if (x[k] >= d->lows[g] && x[k] <= d->highs[g])
          {
            first = MIN (first, k);
            last = k;
          }
      if (first > last)
        continue;
      /* Two points per bin, at its edges, so the fills follow the histogram's steps. */
      n = 2 * (last - first + 1);
      low = g_new (double, n);
      high = g_new (double, n);
      bx = g_new (double, n);
      /* The log axis cannot show 0: the stack starts at the background or at half a count. */
      for (gsize k = first; k <= last; k++)
        {
          gsize j = 2 * (k - first);

          bx[j] = self->spectrum->start + k * self->spectrum->bin_width;
          bx[j + 1] = bx[j] + self->spectrum->bin_width;
          high[j] = high[j + 1] = MAX (y[k] * (1.0 - MIN (signal, 1.0)), 0.5);
        }
      for (guint t = 0; t < d->n_ion_types; t++)
        {
          const IscIonType *type = isc_range_set_get_ion_type (self->ranges, t);
          IscColor color = { type->color[0], type->color[1], type->color[2], 0.75 };
          IscPlotSeries *band;

          if (share[t] <= 1e-9)
            continue;
          for (gsize j = 0; j < n; j++)
            {
              low[j] = high[j];
              high[j] = low[j] + y[first + j / 2] * share[t];
            }
          band = isc_plot_add_band (plot, type->name, bx, low, high, n);
          isc_plot_series_set_color (band, &color);
        }
    }
}

static void
rebuild_plot (IscSpectrumView *self,
              gboolean         keep_view)
{
  IscPlot *old = get_plot (self);
  IscPlot *plot;
  gboolean had_x = FALSE, had_y = FALSE;
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  IscPlotSeries *series;
  IscColor ink = { 0.1, 0.1, 0.1, 1 };

  if (keep_view && old != NULL)
    {
      had_x = isc_plot_get_axis_fixed (old, ISC_PLOT_AXIS_X, &x0, &x1);
      had_y = isc_plot_get_axis_fixed (old, ISC_PLOT_AXIS_Y, &y0, &y1);
    }
  if (self->spectrum == NULL)
    {
      isc_plot_view_set_plot (ISC_PLOT_VIEW (self->plot_view), NULL);
      return;
    }

  plot = isc_plot_new ();
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, _("Mass-to-charge (Da)"));
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, _("Counts"));
  isc_plot_set_axis_scale (plot, ISC_PLOT_AXIS_Y, ISC_AXIS_LOG);
  isc_plot_set_legend_visible (plot, FALSE);
  x = g_new (double, MAX (self->spectrum->n_bins, 1));
  y = g_new (double, MAX (self->spectrum->n_bins, 1));
  for (gsize k = 0; k < self->spectrum->n_bins; k++)
    {
      x[k] = self->spectrum->start + (k + 0.5) * self->spectrum->bin_width;
      y[k] = (double) self->spectrum->counts[k];
    }
  series = isc_plot_add_series (plot, ISC_SERIES_STEP, _("Counts"), x, y, self->spectrum->n_bins);
  /* Near-black: the histogram stays readable over every ion colour. */
  isc_plot_series_set_color (series, &ink);
  add_stacked_fills (self, plot, x, y);
  if (self->background != NULL)
    {
      /* The fitted background in counts per bin, where the log axis can show it. */
      IscColor orange = { 0.85, 0.37, 0.0, 1 };
      g_autofree double *by = g_new (double, MAX (self->spectrum->n_bins, 1));
      g_autofree double *bx = g_new (double, MAX (self->spectrum->n_bins, 1));
      gsize n = 0;
      IscPlotSeries *curve;

      for (gsize k = 0; k < self->spectrum->n_bins; k++)
        {
          double v = isc_background_density (self->background, x[k]) * self->spectrum->bin_width;

          if (x[k] > 0 && v > 0)
            {
              bx[n] = x[k];
              by[n++] = v;
            }
        }
      curve = isc_plot_add_series (plot, ISC_SERIES_LINE, C_("mass spectrum", "Background"), bx, by, n);
      isc_plot_series_set_color (curve, &orange);
      isc_plot_series_set_line_width (curve, 1.5);
    }
  isc_plot_view_set_plot (ISC_PLOT_VIEW (self->plot_view), plot);
  /* A new bin width keeps the zoom the user chose. */
  if (had_x)
    isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_X, x0, x1, NULL);
  if (had_y)
    isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_Y, y0, y1, NULL);
  update_spans (self);
}

/* ------------------------------------------------------------ messages */

static void
show_error (IscSpectrumView *self,
            const char      *message)
{
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  isc_label_set_status (self->error_label, message);
  gtk_widget_set_tooltip_text (self->plot_view, message);
}

const char *
isc_spectrum_view_hover (IscSpectrumView *self,
                         double           px,
                         double           py)
{
  IscPlot *plot;
  double ax, ay, aw, ah, mq;
  guint64 counts = 0;
  guint8 type = ISC_ION_UNRANGED;
  g_autofree char *mq_text = NULL;
  g_autofree char *count_text = NULL;

  g_return_val_if_fail (ISC_IS_SPECTRUM_VIEW (self), NULL);

  g_clear_pointer (&self->readout, g_free);
  plot = get_plot (self);
  if (plot != NULL && self->spectrum != NULL && isc_plot_get_data_area (plot, &ax, &ay, &aw, &ah)
      && px >= ax && px <= ax + aw && py >= ay && py <= ay + ah
      && isc_plot_pixel_to_data (plot, ISC_PLOT_AXIS_Y, px, py, &mq, NULL))
    {
      double k = floor ((mq - self->spectrum->start) / self->spectrum->bin_width);

      if (k >= 0 && k < (double) self->spectrum->n_bins)
        counts = self->spectrum->counts[(gsize) k];
      if (self->ranges != NULL)
        type = isc_range_set_lookup (self->ranges, (float) mq);
      mq_text = g_strdup_printf ("%.3f", mq);
      count_text = g_strdup_printf ("%" G_GUINT64_FORMAT, counts);
      /* Translators: hover read-out of the mass spectrum: m/n, counts in its bin, ion */
      self->readout = g_strdup_printf (_("m/n %s Da · %s counts · %s"), mq_text, count_text,
                                       type != ISC_ION_UNRANGED
                                         ? isc_range_set_get_ion_type (self->ranges, type)->name
                                         : _("unranged"));
    }
  gtk_label_set_text (GTK_LABEL (self->readout_label), self->readout != NULL ? self->readout : "");
  return self->readout;
}

/* ------------------------------------------------------------ editing */

static int
find_range (IscRangeSet *set,
            double       low,
            double       high)
{
  for (guint i = 0; i < isc_range_set_get_n_ranges (set); i++)
    {
      const IscRange *r = isc_range_set_get_range (set, i);

      if (r->low <= low && r->high >= high)
        return (int) i;
    }
  return -1;
}

static void
after_edit (IscSpectrumView *self,
            int              select)
{
  self->selected = select;
  if (self->pending)
    {
      self->pending = FALSE;
      gtk_popover_popdown (GTK_POPOVER (self->popover));
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "spectrum.delete-range", select >= 0);
  show_error (self, NULL);
  update_spans (self);
  start_decomposition (self);
  g_signal_emit (self, signals[RANGES_CHANGED], 0);
}

static gboolean
refuse (IscSpectrumView  *self,
        GError          **error,
        GError           *local)
{
  show_error (self, local->message);
  g_propagate_error (error, local);
  return FALSE;
}

static int
find_ion_type (IscRangeSet *set,
               const char  *name)
{
  for (guint t = 0; t < isc_range_set_get_n_ion_types (set); t++)
    if (g_strcmp0 (isc_range_set_get_ion_type (set, t)->name, name) == 0)
      return (int) t;
  return -1;
}

gboolean
isc_spectrum_view_add_range (IscSpectrumView  *self,
                             double            low,
                             double            high,
                             const char       *ion,
                             GError          **error)
{
  g_autoptr(IscRangeSet) trial = NULL;
  IscElementCount elements[ISC_MAX_ELEMENTS_PER_ION];
  guint n_elements = 0;
  GError *local = NULL;
  int type;
  gboolean new_type;

  g_return_val_if_fail (ISC_IS_SPECTRUM_VIEW (self), FALSE);
  g_return_val_if_fail (ion != NULL, FALSE);

  if (self->ranges == NULL)
    {
      g_set_error (&local, ISC_APT_ERROR, ISC_ERROR_ARGUMENT, _("There is no range set to add to"));
      return refuse (self, error, local);
    }
  type = find_ion_type (self->ranges, ion);
  new_type = type < 0;
  if (new_type && !isc_parse_formula (ion, elements, &n_elements, &local))
    return refuse (self, error, local);

  /* Tried on a copy first: a refused edit leaves the user's range set exactly as it was. */
  trial = isc_range_set_copy (self->ranges);
  if (new_type && (type = isc_range_set_add_ion_type (trial, ion, elements, n_elements, NULL, &local)) < 0)
    return refuse (self, error, local);
  if (!isc_range_set_add_range (trial, MIN (low, high), MAX (low, high), (guint8) type, &local))
    return refuse (self, error, local);

  if (new_type)
    isc_range_set_add_ion_type (self->ranges, ion, elements, n_elements, NULL, NULL);
  isc_range_set_add_range (self->ranges, MIN (low, high), MAX (low, high), (guint8) type, NULL);
  after_edit (self, find_range (self->ranges, MIN (low, high), MAX (low, high)));
  return TRUE;
}

gboolean
isc_spectrum_view_resize_range (IscSpectrumView  *self,
                                guint             index,
                                double            low,
                                double            high,
                                GError          **error)
{
  g_autoptr(IscRangeSet) trial = NULL;
  GError *local = NULL;
  guint8 type;

  g_return_val_if_fail (ISC_IS_SPECTRUM_VIEW (self), FALSE);
  g_return_val_if_fail (self->ranges != NULL, FALSE);
  g_return_val_if_fail (index < isc_range_set_get_n_ranges (self->ranges), FALSE);

  type = isc_range_set_get_range (self->ranges, index)->ion_type;
  trial = isc_range_set_copy (self->ranges);
  isc_range_set_remove_range (trial, index);
  if (!isc_range_set_add_range (trial, MIN (low, high), MAX (low, high), type, &local))
    {
      update_spans (self);
      return refuse (self, error, local);
    }
  isc_range_set_remove_range (self->ranges, index);
  isc_range_set_add_range (self->ranges, MIN (low, high), MAX (low, high), type, NULL);
  after_edit (self, find_range (self->ranges, MIN (low, high), MAX (low, high)));
  return TRUE;
}

void
isc_spectrum_view_delete_range (IscSpectrumView *self,
                                guint            index)
{
  g_return_if_fail (ISC_IS_SPECTRUM_VIEW (self));
  g_return_if_fail (self->ranges != NULL && index < isc_range_set_get_n_ranges (self->ranges));

  isc_range_set_remove_range (self->ranges, index);
  after_edit (self, -1);
}

int
isc_spectrum_view_get_selected_range (IscSpectrumView *self)
{
  g_return_val_if_fail (ISC_IS_SPECTRUM_VIEW (self), -1);
  return self->selected;
}

void
isc_spectrum_view_select_range (IscSpectrumView *self,
                                int              index)
{
  g_return_if_fail (ISC_IS_SPECTRUM_VIEW (self));

  if (self->ranges == NULL || index < 0 || index >= (int) isc_range_set_get_n_ranges (self->ranges))
    index = -1;
  self->selected = index;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "spectrum.delete-range", index >= 0);
  update_spans (self);
}

/* ------------------------------------------------------------ popover */

static void
on_ion_chosen (GtkButton       *button,
               IscSpectrumView *self)
{
  const char *ion = g_object_get_data (G_OBJECT (button), "ion");
  g_autoptr(GError) error = NULL;

  if (ion == NULL)
    ion = gtk_editable_get_text (GTK_EDITABLE (self->formula_entry));
  if (isc_spectrum_view_add_range (self, self->pending_low, self->pending_high, ion, &error))
    gtk_popover_popdown (GTK_POPOVER (self->popover));
  else
    {
      gtk_label_set_text (GTK_LABEL (self->popover_error), error->message);
      gtk_widget_set_visible (self->popover_error, TRUE);
    }
}

static void
on_popover_closed (GtkPopover      *popover,
                   IscSpectrumView *self)
{
  self->pending = FALSE;
  update_spans (self);
}

static void
open_ion_popover (IscSpectrumView *self,
                  double           px0,
                  double           px1,
                  double           py)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *flow = gtk_flow_box_new ();
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add"));
  GtkWidget *title;
  g_autofree char *text = NULL;
  double sx = 0, sy = 0;

  text = g_strdup_printf (_("Ion for %.3f–%.3f Da"), self->pending_low, self->pending_high);
  title = gtk_label_new (text);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 6);
  for (guint t = 0; self->ranges != NULL && t < isc_range_set_get_n_ion_types (self->ranges); t++)
    {
      const IscIonType *type = isc_range_set_get_ion_type (self->ranges, t);
      g_autofree char *name = g_markup_escape_text (type->name, -1);
      g_autofree char *markup = g_strdup_printf ("<span foreground=\"#%02x%02x%02x\">■</span> %s",
                                                 (guint) lround (type->color[0] * 255),
                                                 (guint) lround (type->color[1] * 255),
                                                 (guint) lround (type->color[2] * 255), name);
      GtkWidget *label = gtk_label_new (NULL);
      GtkWidget *button = gtk_button_new ();

      gtk_label_set_markup (GTK_LABEL (label), markup);
      gtk_button_set_child (GTK_BUTTON (button), label);
      g_object_set_data_full (G_OBJECT (button), "ion", g_strdup (type->name), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_ion_chosen), self);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), button);
    }
  gtk_box_append (GTK_BOX (box), flow);

  self->formula_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->formula_entry), _("New ion, e.g. NiO or O2"));
  gtk_widget_set_hexpand (self->formula_entry, TRUE);
  gtk_box_append (GTK_BOX (row), self->formula_entry);
  gtk_box_append (GTK_BOX (row), add);
  gtk_box_append (GTK_BOX (box), row);
  g_signal_connect (add, "clicked", G_CALLBACK (on_ion_chosen), self);
  g_signal_connect_swapped (self->formula_entry, "activate", G_CALLBACK (gtk_widget_activate), add);

  self->popover_error = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->popover_error), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->popover_error), 40);
  gtk_widget_add_css_class (self->popover_error, "error");
  gtk_widget_set_visible (self->popover_error, FALSE);
  gtk_box_append (GTK_BOX (box), self->popover_error);

  gtk_popover_set_child (GTK_POPOVER (self->popover), box);
  gtk_widget_translate_coordinates (self->plot_view, GTK_WIDGET (self), MIN (px0, px1), py, &sx, &sy);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                               &(GdkRectangle) { (int) sx, (int) sy, MAX (1, (int) fabs (px1 - px0)), 1 });
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

/* ------------------------------------------------------------ mouse */

/* The window edge within EDGE_GRAB_PX of pixel column @px (the nearest), if any. */
static gboolean
pick_edge (IscSpectrumView *self,
           double           px,
           guint           *index,
           gboolean        *high)
{
  IscPlot *plot = get_plot (self);
  double best = EDGE_GRAB_PX;
  gboolean found = FALSE;

  if (plot == NULL || self->ranges == NULL)
    return FALSE;
  for (guint i = 0; i < isc_range_set_get_n_ranges (self->ranges); i++)
    {
      const IscRange *r = isc_range_set_get_range (self->ranges, i);
      double pl, ph;

      if (!isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, r->low, 1, &pl, NULL)
          || !isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, r->high, 1, &ph, NULL))
        return FALSE;
      if (fabs (px - pl) <= best)
        {
          best = fabs (px - pl);
          *index = i;
          *high = FALSE;
          found = TRUE;
        }
      if (fabs (px - ph) <= best)
        {
          best = fabs (px - ph);
          *index = i;
          *high = TRUE;
          found = TRUE;
        }
    }
  return found;
}

static double
data_x (IscSpectrumView *self,
        double           px)
{
  double x = NAN;
  IscPlot *plot = get_plot (self);

  if (plot != NULL)
    isc_plot_pixel_to_data (plot, ISC_PLOT_AXIS_Y, px, 0, &x, NULL);
  return x;
}

static gboolean
drag_start (IscSpectrumView *self,
            double           px,
            double           py,
            GdkModifierType  state)
{
  guint index;
  gboolean high;
  double ax, ay, aw, ah;
  IscPlot *plot = get_plot (self);

  self->drag_mode = DRAG_NONE;
  if (plot == NULL || (state & GDK_SHIFT_MASK) != 0
      || !isc_plot_get_data_area (plot, &ax, &ay, &aw, &ah)
      || px < ax - EDGE_GRAB_PX || px > ax + aw + EDGE_GRAB_PX || py < ay || py > ay + ah)
    return FALSE;
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->bg_toggle)))
    {
      self->drag_mode = DRAG_BACKGROUND;
      self->drag_x0 = data_x (self, px);
      self->preview_low = self->preview_high = self->drag_x0;
      return isfinite (self->drag_x0);
    }
  if (self->ranges == NULL)
    return FALSE;
  if (pick_edge (self, px, &index, &high))
    {
      const IscRange *r = isc_range_set_get_range (self->ranges, index);

      self->drag_mode = DRAG_EDGE;
      self->drag_range = index;
      self->drag_high = high;
      self->drag_x0 = data_x (self, px);
      self->preview_low = r->low;
      self->preview_high = r->high;
      return isfinite (self->drag_x0);
    }
  if ((state & GDK_CONTROL_MASK) != 0 || gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->add_toggle)))
    {
      self->drag_mode = DRAG_ADD;
      self->drag_x0 = data_x (self, px);
      self->preview_low = self->preview_high = self->drag_x0;
      return isfinite (self->drag_x0);
    }
  return FALSE;
}

static void
drag_move (IscSpectrumView *self,
           double           px)
{
  double x = data_x (self, px);

  if (!isfinite (x))
    return;
  if (self->drag_mode == DRAG_EDGE)
    {
      const IscRange *r = isc_range_set_get_range (self->ranges, self->drag_range);
      /* An edge cannot pass the other one: the window keeps a tenth of a bin at least. */
      double min_width = self->bin_width / 10;

      /* The edge follows the pointer's movement, so a press without a move changes nothing. */
      double dx = x - self->drag_x0;

      if (self->drag_high)
        self->preview_high = MAX (r->high + dx, r->low + min_width);
      else
        self->preview_low = MIN (r->low + dx, r->high - min_width);
    }
  else if (self->drag_mode == DRAG_ADD || self->drag_mode == DRAG_BACKGROUND)
    {
      self->preview_low = MIN (self->drag_x0, x);
      self->preview_high = MAX (self->drag_x0, x);
    }
  update_spans (self);
}

static void
drag_finish (IscSpectrumView *self,
             double           px0,
             double           px1,
             double           py)
{
  DragMode mode = self->drag_mode;

  drag_move (self, px1);
  self->drag_mode = DRAG_NONE;
  if (mode == DRAG_EDGE)
    {
      const IscRange *r = isc_range_set_get_range (self->ranges, self->drag_range);

      if (self->preview_low != r->low || self->preview_high != r->high)
        isc_spectrum_view_resize_range (self, self->drag_range, self->preview_low, self->preview_high, NULL);
      else
        update_spans (self);
    }
  else if (mode == DRAG_BACKGROUND)
    {
      if (fabs (px1 - px0) >= MIN_ADD_PX)
        isc_spectrum_view_add_background_window (self, self->preview_low, self->preview_high, NULL);
      update_spans (self);
    }
  else if (mode == DRAG_ADD)
    {
      if (fabs (px1 - px0) < MIN_ADD_PX)
        {
          update_spans (self);
          return;
        }
      self->pending = TRUE;
      self->pending_low = self->preview_low;
      self->pending_high = self->preview_high;
      update_spans (self);
      open_ion_popover (self, px0, px1, py);
    }
}

gboolean
isc_spectrum_view_drag (IscSpectrumView *self,
                        double           x0,
                        double           x1,
                        double           y,
                        GdkModifierType  state)
{
  g_return_val_if_fail (ISC_IS_SPECTRUM_VIEW (self), FALSE);

  if (!drag_start (self, x0, y, state))
    return FALSE;
  drag_move (self, (x0 + x1) / 2);
  drag_finish (self, x0, x1, y);
  return TRUE;
}

gboolean
isc_spectrum_view_get_pending_range (IscSpectrumView *self,
                                     double          *low,
                                     double          *high)
{
  g_return_val_if_fail (ISC_IS_SPECTRUM_VIEW (self), FALSE);

  if (!self->pending)
    return FALSE;
  *low = self->pending_low;
  *high = self->pending_high;
  return TRUE;
}

static void
on_drag_begin (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               IscSpectrumView *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  /* Claimed drags edit ranges; the others go on to the plot view's zoom and pan. */
  if (drag_start (self, x, y, state))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      gtk_widget_grab_focus (self->plot_view);
    }
  else
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
}

static void
on_drag_update (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                IscSpectrumView *self)
{
  double x0, y0;

  if (self->drag_mode != DRAG_NONE && gtk_gesture_drag_get_start_point (gesture, &x0, &y0))
    drag_move (self, x0 + dx);
}

static void
on_drag_end (GtkGestureDrag  *gesture,
             double           dx,
             double           dy,
             IscSpectrumView *self)
{
  double x0, y0;

  if (self->drag_mode != DRAG_NONE && gtk_gesture_drag_get_start_point (gesture, &x0, &y0))
    drag_finish (self, x0, x0 + dx, y0);
}

static void
on_drag_cancel (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                IscSpectrumView  *self)
{
  if (self->drag_mode != DRAG_NONE)
    {
      self->drag_mode = DRAG_NONE;
      update_spans (self);
    }
}

static void
on_click_released (GtkGestureClick *click,
                   int              n_press,
                   double           px,
                   double           py,
                   IscSpectrumView *self)
{
  double x = data_x (self, px);
  int index = -1;

  if (n_press != 1)
    return;
  gtk_widget_grab_focus (self->plot_view);
  if (self->ranges != NULL && isfinite (x))
    {
      guint8 type = isc_range_set_lookup (self->ranges, (float) x);

      if (type != ISC_ION_UNRANGED)
        index = find_range (self->ranges, x, x);
    }
  isc_spectrum_view_select_range (self, index);
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           IscSpectrumView          *self)
{
  guint index;
  gboolean high;

  isc_spectrum_view_hover (self, x, y);
  gtk_widget_set_cursor_from_name (self->plot_view,
                                   self->drag_mode == DRAG_EDGE || pick_edge (self, x, &index, &high)
                                     ? "col-resize" : NULL);
}

static gboolean
on_key_pressed (GtkEventControllerKey *key,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                IscSpectrumView       *self)
{
  if ((keyval == GDK_KEY_Delete || keyval == GDK_KEY_KP_Delete || keyval == GDK_KEY_BackSpace)
      && self->selected >= 0 && self->ranges != NULL)
    {
      isc_spectrum_view_delete_range (self, (guint) self->selected);
      return TRUE;
    }
  if (keyval == GDK_KEY_Escape && self->selected >= 0)
    {
      isc_spectrum_view_select_range (self, -1);
      return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------ actions */

static void
action_delete_range (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  IscSpectrumView *self = ISC_SPECTRUM_VIEW (widget);

  if (self->selected >= 0 && self->ranges != NULL)
    isc_spectrum_view_delete_range (self, (guint) self->selected);
}

static gboolean
write_ranges (const char  *path,
              gpointer     self,
              GError     **error)
{
  return isc_spectrum_view_save_ranges (self, path, error);
}

static void
action_save_ranges (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  static const IscSaveFilter filters[] = {
    { N_("Range files (.rrng)"), { "rrng" } },
    { NULL },
  };

  if (ISC_SPECTRUM_VIEW (widget)->ranges == NULL)
    return;
  isc_save_dialog_run (widget, _("Save Ranges"), _("_Save"), "ranges.rrng", filters,
                       ISC_SAVE_DIALOG_ADD_SUFFIX, _("The ranges could not be saved"), write_ranges, widget);
}

gboolean
isc_spectrum_view_save_ranges (IscSpectrumView  *self,
                               const char       *path,
                               GError          **error)
{
  g_return_val_if_fail (ISC_IS_SPECTRUM_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->ranges == NULL)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT, _("%s: there are no ranges to save"), path);
      return FALSE;
    }
  /* isc_range_set_save_rrng writes through g_file_set_contents: a temporary file, then rename. */
  return isc_range_set_save_rrng (self->ranges, path, error);
}

gboolean
isc_spectrum_view_export (IscSpectrumView  *self,
                          const char       *path,
                          GError          **error)
{
  IscFigureOptions options;

  isc_save_dialog_get_figure_options (&options);
  return isc_spectrum_view_export_with_options (self, path, &options, error);
}

gboolean
isc_spectrum_view_export_with_options (IscSpectrumView        *self,
                                       const char             *path,
                                       const IscFigureOptions *options,
                                       GError                **error)
{
  IscPlot *plot;

  g_return_val_if_fail (ISC_IS_SPECTRUM_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL && options != NULL, FALSE);

  plot = get_plot (self);
  if (plot == NULL)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT, _("%s: there is no spectrum to export"), path);
      return FALSE;
    }
  /* A figure for paper: the publication theme in journal units, whatever the window's size. */
  return isc_plot_export_with_options (plot, path, options, error);
}

/* ------------------------------------------------------------ background */

static void on_bg_model_changed (GtkDropDown *dropdown, GParamSpec *pspec, IscSpectrumView *self);

/* States the background model in use under the plot. */
static void
update_bg_label (IscSpectrumView *self)
{
  g_autofree char *text = NULL;

  if (!self->bg_enabled)
    text = g_strdup (_("Background: none subtracted"));
  else if (self->background == NULL)
    text = g_strdup (self->bg_model == ISC_BACKGROUND_INV_SQRT
                     ? _("Background: a/√m + b, drag with Background on over peak-free stretches to fit it")
                     : _("Background: constant, drag with Background on over peak-free stretches to fit it"));
  else if (self->background->model == ISC_BACKGROUND_INV_SQRT)
    text = g_strdup_printf (_("Background: %.3g/√m + %.3g counts per Da (fit windows: %u)"),
                            self->background->a, self->background->b, self->background->n_windows);
  else
    text = g_strdup_printf (_("Background: constant, %.3g counts per Da (fit windows: %u)"),
                            self->background->b, self->background->n_windows);
  gtk_label_set_text (GTK_LABEL (self->bg_label), text);
}

/* Fits the background on the current histogram; FALSE (background cleared) when the fit fails. */
static gboolean
refit_background (IscSpectrumView  *self,
                  GError          **error)
{
  g_autoptr(GError) local = NULL;

  g_clear_pointer (&self->background, isc_background_free);
  gtk_widget_set_sensitive (self->bg_clear_button, self->bg_windows->len > 0);
  if (self->spectrum == NULL || self->bg_windows->len == 0 || !self->bg_enabled)
    {
      update_bg_label (self);
      return TRUE;
    }
  self->background = isc_background_fit_histogram (self->spectrum->counts, self->spectrum->n_bins,
                                                   self->spectrum->start, self->spectrum->bin_width,
                                                   (const IscMassWindow *) self->bg_windows->data,
                                                   self->bg_windows->len, self->bg_model, &local);
  update_bg_label (self);
  if (self->background == NULL)
    {
      show_error (self, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

gboolean
isc_spectrum_view_add_background_window (IscSpectrumView  *self,
                                         double            low,
                                         double            high,
                                         GError          **error)
{
  IscMassWindow w = { low, high };
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (ISC_IS_SPECTRUM_VIEW (self), FALSE);

  g_array_append_val (self->bg_windows, w);
  if (!refit_background (self, &local))
    {
      /* Keep the windows that fitted. */
      g_array_set_size (self->bg_windows, self->bg_windows->len - 1);
      refit_background (self, NULL);
      show_error (self, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      rebuild_plot (self, TRUE);
      return FALSE;
    }
  show_error (self, NULL);
  rebuild_plot (self, TRUE);
  start_decomposition (self);
  return TRUE;
}

void
isc_spectrum_view_clear_background (IscSpectrumView *self)
{
  g_return_if_fail (ISC_IS_SPECTRUM_VIEW (self));

  g_array_set_size (self->bg_windows, 0);
  refit_background (self, NULL);
  rebuild_plot (self, TRUE);
  start_decomposition (self);
}

void
isc_spectrum_view_set_background_model (IscSpectrumView    *self,
                                        IscBackgroundModel  model)
{
  g_return_if_fail (ISC_IS_SPECTRUM_VIEW (self));

  self->bg_model = model;
  self->bg_enabled = TRUE;
  g_signal_handlers_block_by_func (self->bg_model_dropdown, on_bg_model_changed, self);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->bg_model_dropdown), model == ISC_BACKGROUND_INV_SQRT ? 2 : 1);
  g_signal_handlers_unblock_by_func (self->bg_model_dropdown, on_bg_model_changed, self);
  refit_background (self, NULL);
  rebuild_plot (self, TRUE);
  start_decomposition (self);
}

void
isc_spectrum_view_set_background_enabled (IscSpectrumView *self,
                                          gboolean         enabled)
{
  g_return_if_fail (ISC_IS_SPECTRUM_VIEW (self));

  self->bg_enabled = enabled;
  if (!enabled)
    {
      g_signal_handlers_block_by_func (self->bg_model_dropdown, on_bg_model_changed, self);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->bg_model_dropdown), 0);
      g_signal_handlers_unblock_by_func (self->bg_model_dropdown, on_bg_model_changed, self);
    }
  refit_background (self, NULL);
  rebuild_plot (self, TRUE);
  start_decomposition (self);
}

const IscDecomposition *
isc_spectrum_view_get_decomposition (IscSpectrumView *self)
{
  g_return_val_if_fail (ISC_IS_SPECTRUM_VIEW (self), NULL);
  return self->decomposition;
}

gboolean
isc_spectrum_view_get_decomposition_busy (IscSpectrumView *self)
{
  g_return_val_if_fail (ISC_IS_SPECTRUM_VIEW (self), FALSE);
  return isc_task_slot_is_busy (self->decomposition_task);
}

/* The dropdown: None, Constant, a/√m + b. */
static void
on_bg_model_changed (GtkDropDown     *dropdown,
                     GParamSpec      *pspec,
                     IscSpectrumView *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected == 0)
    isc_spectrum_view_set_background_enabled (self, FALSE);
  else
    isc_spectrum_view_set_background_model (self, selected == 2 ? ISC_BACKGROUND_INV_SQRT : ISC_BACKGROUND_CONSTANT);
}

const IscBackground *
isc_spectrum_view_get_background (IscSpectrumView *self)
{
  g_return_val_if_fail (ISC_IS_SPECTRUM_VIEW (self), NULL);
  return self->background;
}

static void
on_bg_clear_clicked (GtkButton       *button,
                     IscSpectrumView *self)
{
  isc_spectrum_view_clear_background (self);
}

/* ------------------------------------------------------------ peak identification */

guint
isc_spectrum_view_identify (IscSpectrumView *self,
                            double           px,
                            double           py)
{
  static const char * const common[] = { "H", "Li", "C", "N", "O", "F", "Al", "Mn", "Fe", "Co", "Ni", NULL };
  g_auto(GStrv) elements = NULL;
  g_autoptr(GArray) found = NULL;
  g_autofree char *title = NULL;
  GtkWidget *box, *grid, *heading;
  double mq = data_x (self, px), sx = 0, sy = 0, tolerance;
  guint shown;

  g_return_val_if_fail (ISC_IS_SPECTRUM_VIEW (self), 0);
  if (!isfinite (mq) || mq <= 0)
    return 0;
  if (self->ranges != NULL)
    elements = isc_range_set_list_elements (self->ranges);
  if (elements == NULL || elements[0] == NULL)
    {
      g_clear_pointer (&elements, g_strfreev);
      elements = g_strdupv ((char **) common);
    }
  /* Half a bin, but never finer than the calibration of a typical spectrum. */
  tolerance = MAX (0.05, self->bin_width);
  found = isc_isotopes_candidates (mq, tolerance, (const char * const *) elements, 3, 3);

  self->pending = FALSE;
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  title = g_strdup_printf (_("Ions near %.3f Da"), mq);
  heading = gtk_label_new (title);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  shown = MIN (found->len, 12);
  for (guint i = 0; i < shown; i++)
    {
      const IscIonCandidate *c = &g_array_index (found, IscIonCandidate, i);
      g_autofree char *ion = g_strdup_printf ("%s<sup>%s%s</sup>", c->formula,
                                              c->charge > 1 ? (c->charge == 2 ? "2" : "3") : "", "+");
      g_autofree char *mass = g_strdup_printf ("%.3f Da", c->mass_da);
      g_autofree char *share = g_strdup_printf ("%.1f %%", 100 * c->abundance);
      GtkWidget *cells[3] = { gtk_label_new (NULL), gtk_label_new (mass), gtk_label_new (share) };

      gtk_label_set_markup (GTK_LABEL (cells[0]), ion);
      for (guint k = 0; k < 3; k++)
        {
          gtk_label_set_xalign (GTK_LABEL (cells[k]), k == 0 ? 0 : 1);
          if (k > 0)
            gtk_widget_add_css_class (cells[k], "numeric");
          gtk_grid_attach (GTK_GRID (grid), cells[k], (int) k, (int) i, 1, 1);
        }
    }
  if (shown == 0)
    gtk_grid_attach (GTK_GRID (grid), gtk_label_new (_("No ion of the ranged elements has a peak here.")),
                     0, 0, 3, 1);
  gtk_box_append (GTK_BOX (box), grid);
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);
  gtk_widget_translate_coordinates (self->plot_view, GTK_WIDGET (self), px, py, &sx, &sy);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &(GdkRectangle) { (int) sx, (int) sy, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->popover));
  return shown;
}

static void
on_secondary_click (GtkGestureClick *click,
                    int              n_press,
                    double           px,
                    double           py,
                    IscSpectrumView *self)
{
  if (n_press == 1)
    isc_spectrum_view_identify (self, px, py);
}

/* ------------------------------------------------------------ public */

void
isc_spectrum_view_set_data (IscSpectrumView *self,
                            IscIonCloud     *cloud,
                            IscRangeSet     *ranges)
{
  g_return_if_fail (ISC_IS_SPECTRUM_VIEW (self));

  /* A histogram still running holds its own reference to the old cloud: no waiting here. */
  isc_task_slot_cancel (self->histogram);
  isc_task_slot_cancel (self->decomposition_task);
  g_clear_pointer (&self->decomposition, isc_decomposition_free);
  if (cloud != NULL)
    isc_ion_cloud_ref (cloud);
  g_clear_pointer (&self->cloud, isc_ion_cloud_unref);
  self->cloud = cloud;
  self->ranges = ranges;
  self->selected = -1;
  self->pending = FALSE;
  self->drag_mode = DRAG_NONE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "spectrum.delete-range", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "spectrum.save-ranges", ranges != NULL);
  show_error (self, NULL);
  g_clear_pointer (&self->spectrum, isc_spectrum_free);
  rebuild_plot (self, FALSE);
  start_histogram (self);
}

void
isc_spectrum_view_ranges_changed (IscSpectrumView *self)
{
  g_return_if_fail (ISC_IS_SPECTRUM_VIEW (self));

  if (self->ranges == NULL || self->selected >= (int) isc_range_set_get_n_ranges (self->ranges))
    self->selected = -1;
  update_spans (self);
  start_decomposition (self);
}

static void on_bin_width_changed (GtkSpinButton *spin, IscSpectrumView *self);

void
isc_spectrum_view_set_bin_width (IscSpectrumView *self,
                                 double           bin_width)
{
  g_return_if_fail (ISC_IS_SPECTRUM_VIEW (self));
  g_return_if_fail (bin_width > 0 && isfinite (bin_width));

  if (bin_width == self->bin_width)
    return;
  self->bin_width = bin_width;
  /* The spin button may clamp a width set from code; the view still uses the width asked for. */
  g_signal_handlers_block_by_func (self->bin_spin, on_bin_width_changed, self);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->bin_spin), bin_width);
  g_signal_handlers_unblock_by_func (self->bin_spin, on_bin_width_changed, self);
  start_histogram (self);
}

double
isc_spectrum_view_get_bin_width (IscSpectrumView *self)
{
  g_return_val_if_fail (ISC_IS_SPECTRUM_VIEW (self), 0);
  return self->bin_width;
}

const IscSpectrum *
isc_spectrum_view_get_spectrum (IscSpectrumView *self)
{
  g_return_val_if_fail (ISC_IS_SPECTRUM_VIEW (self), NULL);
  return self->spectrum;
}

gboolean
isc_spectrum_view_is_computing (IscSpectrumView *self)
{
  g_return_val_if_fail (ISC_IS_SPECTRUM_VIEW (self), FALSE);
  return isc_task_slot_is_busy (self->histogram);
}

GtkWidget *
isc_spectrum_view_get_plot_view (IscSpectrumView *self)
{
  g_return_val_if_fail (ISC_IS_SPECTRUM_VIEW (self), NULL);
  return self->plot_view;
}

GtkWidget *
isc_spectrum_view_new (void)
{
  return g_object_new (ISC_TYPE_SPECTRUM_VIEW, NULL);
}

/* ------------------------------------------------------------ GtkWidget */

static void
on_bin_width_changed (GtkSpinButton   *spin,
                      IscSpectrumView *self)
{
  double w = gtk_spin_button_get_value (spin);

  if (w > 0)
    isc_spectrum_view_set_bin_width (self, w);
}

static GtkSizeRequestMode
isc_spectrum_view_get_request_mode (GtkWidget *widget)
{
  /* The toolbar wraps: our height depends on the width we get. */
  return gtk_widget_get_request_mode (ISC_SPECTRUM_VIEW (widget)->box);
}

static void
isc_spectrum_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  gtk_widget_measure (ISC_SPECTRUM_VIEW (widget)->box, orientation, for_size, minimum, natural, NULL, NULL);
}

static void
isc_spectrum_view_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  IscSpectrumView *self = ISC_SPECTRUM_VIEW (widget);

  gtk_widget_size_allocate (self->box, &(GtkAllocation) { 0, 0, width, height }, baseline);
  /* The popover is our child too and needs a place every allocation. */
  gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
isc_spectrum_view_dispose (GObject *object)
{
  IscSpectrumView *self = ISC_SPECTRUM_VIEW (object);

  /* Cancels a running histogram and drops its result; the worker keeps its own reference to
   * the cloud and finishes on its own. */
  isc_task_slot_cancel (self->histogram);
  if (self->decomposition_task != NULL)
    isc_task_slot_cancel (self->decomposition_task);
  g_clear_pointer (&self->cloud, isc_ion_cloud_unref);
  self->ranges = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), ISC_TYPE_SPECTRUM_VIEW);
  G_OBJECT_CLASS (isc_spectrum_view_parent_class)->dispose (object);
}

static void
isc_spectrum_view_finalize (GObject *object)
{
  IscSpectrumView *self = ISC_SPECTRUM_VIEW (object);

  g_clear_pointer (&self->histogram, isc_task_slot_free);
  g_clear_pointer (&self->decomposition_task, isc_task_slot_free);
  g_clear_pointer (&self->decomposition, isc_decomposition_free);
  g_clear_pointer (&self->spectrum, isc_spectrum_free);
  g_clear_pointer (&self->background, isc_background_free);
  g_clear_pointer (&self->bg_windows, g_array_unref);
  g_free (self->error_message);
  g_free (self->readout);
  G_OBJECT_CLASS (isc_spectrum_view_parent_class)->finalize (object);
}

static void
isc_spectrum_view_class_init (IscSpectrumViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_spectrum_view_dispose;
  object_class->finalize = isc_spectrum_view_finalize;
  widget_class->get_request_mode = isc_spectrum_view_get_request_mode;
  widget_class->measure = isc_spectrum_view_measure;
  widget_class->size_allocate = isc_spectrum_view_size_allocate;

  isc_busy_class_install (object_class, (IscBusyFunc) isc_spectrum_view_is_computing);

  signals[RANGES_CHANGED] = g_signal_new ("ranges-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SPECTRUM_UPDATED] = g_signal_new ("spectrum-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "spectrum.delete-range", NULL, action_delete_range);
  gtk_widget_class_install_action (widget_class, "spectrum.save-ranges", NULL, action_save_ranges);

  isc_widget_class_set_template (widget_class, "spectrum-view", "spectrumview", G_TYPE_INVALID);
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscSpectrumView, box, plot_view, bin_spin, add_toggle, bg_toggle,
                              bg_clear_button, bg_model_dropdown, bg_label, spinner, readout_label,
                              error_label, popover);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, on_bin_width_changed, on_popover_closed, on_bg_clear_clicked,
                               on_bg_model_changed);
}

static void
isc_spectrum_view_init (IscSpectrumView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *secondary = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *key = gtk_event_controller_key_new ();

  self->bin_width = ISC_SPECTRUM_VIEW_DEFAULT_BIN_WIDTH;
  self->selected = -1;
  self->histogram = isc_task_slot_new (self, NULL);
  self->bg_windows = g_array_new (FALSE, FALSE, sizeof (IscMassWindow));
  self->bg_model = ISC_BACKGROUND_CONSTANT;
  self->bg_enabled = TRUE;
  self->decomposition_task = isc_task_slot_new (self, NULL);

  gtk_widget_init_template (widget);
  update_bg_label (self);
  /* The dropdown's button is what assistive technology sees: give it the dropdown's name. */
  for (GtkWidget *child = gtk_widget_get_first_child (self->bg_model_dropdown); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Background model"), -1);
  /* The template shows the default width; keep the spin button and the view in step. */
  g_signal_handlers_block_by_func (self->bin_spin, on_bin_width_changed, self);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->bin_spin), self->bin_width);
  g_signal_handlers_unblock_by_func (self->bin_spin, on_bin_width_changed, self);

  /* Capture phase: a press on a window edge (or an add-drag) is ours before the plot view
   * starts its box zoom. */
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (on_drag_cancel), self);
  gtk_widget_add_controller (self->plot_view, GTK_EVENT_CONTROLLER (drag));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (self->plot_view, GTK_EVENT_CONTROLLER (click));
  /* The secondary button asks what could be at the pointer's mass. */
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect (secondary, "pressed", G_CALLBACK (on_secondary_click), self);
  gtk_widget_add_controller (self->plot_view, GTK_EVENT_CONTROLLER (secondary));
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (self->plot_view, motion);
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (widget, key);

  gtk_widget_action_set_enabled (widget, "spectrum.delete-range", FALSE);
  gtk_widget_action_set_enabled (widget, "spectrum.save-ranges", FALSE);
  gtk_widget_set_sensitive (self->bg_clear_button, FALSE);
}
