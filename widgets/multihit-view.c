/* multihit-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "isc-busy.h"
#include "isc-task-slot.h"
#include "isc-widgets.h"
#include "multihit-view.h"
#include "palette.h"
#include "plot-view.h"

#define CORRELATION_DA_PER_BIN 0.25
#define DETECTOR_BINS          160

typedef struct
{
  IscIonCloud         *cloud;
  IscMultihitViewKind  kind;
} HistogramInput;

struct _IscMultihitView
{
  GtkWidget parent_instance;

  IscMultihitViewKind kind;
  IscIonCloud *cloud;            /* a reference */
  IscHistogram2D *histogram;
  IscTaskSlot *task;
  gboolean stale;                /* the cloud changed since the last computation */
  char *status;
  GPtrArray *tracks;             /* GArray of x, y doubles: dissociation tracks drawn on the Saxey plot */

  /* Template children (resources/ui/multihit-view.ui) */
  GtkWidget *box;
  GtkWidget *plot_view;
  GtkWidget *spinner;
  GtkWidget *status_label;
  GtkWidget *tracks_box;
};

enum { PROP_0, PROP_KIND, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IscMultihitView, isc_multihit_view, GTK_TYPE_WIDGET)

/* ------------------------------------------------------------ worker */

static void
histogram_input_free (gpointer data)
{
  HistogramInput *input = data;

  isc_ion_cloud_unref (input->cloud);
  g_free (input);
}

static double
correlation_high (const IscIonCloud *cloud)
{
  /* Whole Da up to the heaviest ion, within what a pair plot can show. */
  return CLAMP (ceil (cloud->mq_max), 10.0, 150.0);
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

  if (input->kind == ISC_MULTIHIT_VIEW_DETECTOR)
    return isc_detector_map (input->cloud, NULL, 0, DETECTOR_BINS, error);
  else
    {
      double hi = correlation_high (input->cloud);

      return isc_multihit_correlation (input->cloud, 0, hi, (guint) lround (hi / CORRELATION_DA_PER_BIN), error);
    }
}

static void
set_status (IscMultihitView *self,
            const char      *text)
{
  g_free (self->status);
  self->status = g_strdup (text);
  gtk_label_set_text (GTK_LABEL (self->status_label), text != NULL ? text : "");
}

static void
rebuild_plot (IscMultihitView *self)
{
  const IscHistogram2D *h = self->histogram;
  g_autoptr(IscPlot) plot = NULL;
  g_autofree double *z = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *status = NULL;
  guint64 total = 0;
  gsize n;

  /* tracks belong to the correlation histogram only */
  gtk_widget_set_visible (self->tracks_box, self->kind != ISC_MULTIHIT_VIEW_DETECTOR);
  if (h == NULL)
    {
      isc_plot_view_set_plot (ISC_PLOT_VIEW (self->plot_view), NULL);
      return;
    }
  n = (gsize) h->n * h->n;
  z = g_new (double, MAX (n, 1));
  /* Counts span decades: log colour, empty bins left white. */
  for (gsize i = 0; i < n; i++)
    {
      z[i] = h->bins[i] > 0 ? log10 ((double) h->bins[i]) : NAN;
      total += h->bins[i];
    }
  plot = isc_plot_new ();
  isc_plot_set_legend_visible (plot, FALSE);
  total_text = g_strdup_printf ("%" G_GUINT64_FORMAT, total);
  if (self->kind == ISC_MULTIHIT_VIEW_DETECTOR)
    {
      isc_plot_add_heatmap (plot, _("log₁₀ hits"), z, h->n, h->n, h->lo, h->hi, h->lo, h->hi);
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, _("Detector x (mm)"));
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, _("Detector y (mm)"));
      status = g_strdup_printf (_("%s hits in bins of %.2f mm, colour on a log scale"), total_text,
                                (h->hi - h->lo) / h->n);
    }
  else
    {
      IscColor grey = { 0.5, 0.5, 0.5, 0.6 };
      double diag[2] = { h->lo, h->hi };

      isc_plot_add_heatmap (plot, _("log₁₀ pairs"), z, h->n, h->n, h->lo, h->hi, h->lo, h->hi);
      /* The diagonal: the plot fills the triangle above it (lighter ion on x). */
      isc_plot_series_set_color (isc_plot_add_series (plot, ISC_SERIES_LINE, NULL, diag, diag, 2), &grey);
      /* dissociation tracks: where the pairs of a parent that broke up in flight lie */
      for (guint t = 0; self->tracks != NULL && t < self->tracks->len; t++)
        {
          GArray *points = g_ptr_array_index (self->tracks, t);
          guint n_points = points->len / 2;
          g_autofree double *tx = g_new (double, MAX (n_points, 1));
          g_autofree double *ty = g_new (double, MAX (n_points, 1));
          IscColor color = isc_palette_get (t + 1);

          for (guint k = 0; k < n_points; k++)
            {
              /* the lighter ion on x, as the histogram */
              double a = g_array_index (points, double, 2 * k), b = g_array_index (points, double, 2 * k + 1);

              tx[k] = MIN (a, b);
              ty[k] = MAX (a, b);
            }
          isc_plot_series_set_color (isc_plot_add_series (plot, ISC_SERIES_LINE, NULL, tx, ty, n_points), &color);
        }
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, _("Mass-to-charge of the lighter ion (Da)"));
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, _("Mass-to-charge of the heavier ion (Da)"));
      status = g_strdup_printf (_("%s pairs of ions from the same pulse in bins of %.2f Da, colour on a log scale"),
                                total_text, (h->hi - h->lo) / h->n);
    }
  isc_plot_view_set_plot (ISC_PLOT_VIEW (self->plot_view), g_steal_pointer (&plot));
  set_status (self, status);
}

/* Main thread, newest request only. */
/* The entry's "O2:2:O:1; NiO:2:Ni:1": each parent → daughter track drawn, or the first bad one
 * named under the plot. */
static void
on_tracks_activate (GtkEntry        *entry,
                    IscMultihitView *self)
{
  g_autoptr(GError) error = NULL;

  if (!isc_multihit_view_set_tracks (self, gtk_editable_get_text (GTK_EDITABLE (entry)), &error))
    set_status (self, error->message);
}

static void
histogram_done (gpointer      owner,
                gpointer      result,
                const GError *error)
{
  IscMultihitView *self = owner;

  isc_busy_set_spinner (self, self->spinner, FALSE);
  g_clear_pointer (&self->histogram, isc_histogram_2d_free);
  self->histogram = result;
  rebuild_plot (self);
  if (result == NULL)
    set_status (self, error->message);
}

static void
start_histogram (IscMultihitView *self)
{
  HistogramInput *input;
  const char *why = NULL;

  isc_task_slot_cancel (self->task);
  self->stale = FALSE;
  g_clear_pointer (&self->histogram, isc_histogram_2d_free);
  rebuild_plot (self);
  if (self->cloud == NULL || !isc_multihit_view_can_show (self->kind, self->cloud, &why))
    {
      isc_busy_set_spinner (self, self->spinner, FALSE);
      set_status (self, why);
      return;
    }
  input = g_new0 (HistogramInput, 1);
  input->cloud = isc_ion_cloud_ref (self->cloud);
  input->kind = self->kind;
  set_status (self, NULL);
  isc_task_slot_run (self->task, compute_histogram, input, histogram_input_free,
                     (GDestroyNotify) isc_histogram_2d_free, histogram_done);
  isc_busy_set_spinner (self, self->spinner, TRUE);
}

static void
map_cb (IscMultihitView *self)
{
  /* Computed only once someone looks. */
  if (self->stale)
    start_histogram (self);
}

/* ------------------------------------------------------------ GObject */

static void
isc_multihit_view_dispose (GObject *object)
{
  IscMultihitView *self = ISC_MULTIHIT_VIEW (object);

  if (self->task != NULL)
    isc_task_slot_cancel (self->task);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISC_TYPE_MULTIHIT_VIEW);
  G_OBJECT_CLASS (isc_multihit_view_parent_class)->dispose (object);
}

static void
isc_multihit_view_finalize (GObject *object)
{
  IscMultihitView *self = ISC_MULTIHIT_VIEW (object);

  g_clear_pointer (&self->task, isc_task_slot_free);
  g_clear_pointer (&self->cloud, isc_ion_cloud_unref);
  g_clear_pointer (&self->histogram, isc_histogram_2d_free);
  g_clear_pointer (&self->tracks, g_ptr_array_unref);
  g_free (self->status);
  G_OBJECT_CLASS (isc_multihit_view_parent_class)->finalize (object);
}

static void
isc_multihit_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IscMultihitView *self = ISC_MULTIHIT_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, isc_multihit_view_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isc_multihit_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  IscMultihitView *self = ISC_MULTIHIT_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isc_multihit_view_class_init (IscMultihitViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_multihit_view_dispose;
  object_class->finalize = isc_multihit_view_finalize;
  object_class->get_property = isc_multihit_view_get_property;
  object_class->set_property = isc_multihit_view_set_property;

  /* 0: correlation histogram, 1: detector map (IscMultihitViewKind). */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, ISC_MULTIHIT_VIEW_CORRELATION, ISC_MULTIHIT_VIEW_DETECTOR,
                      ISC_MULTIHIT_VIEW_CORRELATION,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] = isc_busy_param_spec_new ();
  g_object_class_install_properties (object_class, N_PROPS, properties);

  isc_widget_class_set_template (widget_class, "multihit-view", NULL, GTK_TYPE_BIN_LAYOUT);
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscMultihitView, box, plot_view, spinner, status_label,
                              tracks_box);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, on_tracks_activate);
}

static void
isc_multihit_view_init (IscMultihitView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->task = isc_task_slot_new (self, NULL);
  g_signal_connect_swapped (self, "map", G_CALLBACK (map_cb), self);
}

/* ------------------------------------------------------------ public */

GtkWidget *
isc_multihit_view_new (IscMultihitViewKind kind)
{
  return g_object_new (ISC_TYPE_MULTIHIT_VIEW, "kind", kind, NULL);
}

gboolean
isc_multihit_view_can_show (IscMultihitViewKind   kind,
                            const IscIonCloud    *cloud,
                            const char          **why)
{
  if (why != NULL)
    *why = NULL;
  if (kind == ISC_MULTIHIT_VIEW_DETECTOR && (cloud == NULL || cloud->det_x == NULL || cloud->det_y == NULL))
    {
      if (why != NULL)
        *why = _("Only .epos data carry the detector coordinates of each hit");
      return FALSE;
    }
  if (kind == ISC_MULTIHIT_VIEW_CORRELATION && (cloud == NULL || cloud->multiplicity == NULL))
    {
      if (why != NULL)
        *why = _("Only .epos data carry the ions of each pulse, which the correlation histogram needs");
      return FALSE;
    }
  return TRUE;
}

void
isc_multihit_view_set_cloud (IscMultihitView *self,
                             IscIonCloud     *cloud)
{
  g_return_if_fail (ISC_IS_MULTIHIT_VIEW (self));

  if (cloud == self->cloud)
    return;
  if (cloud != NULL)
    isc_ion_cloud_ref (cloud);
  g_clear_pointer (&self->cloud, isc_ion_cloud_unref);
  self->cloud = cloud;
  self->stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_histogram (self);
  else
    {
      /* Nothing to compute until the view is shown; say why it would stay empty. */
      const char *why = NULL;

      isc_task_slot_cancel (self->task);
      isc_busy_set_spinner (self, self->spinner, FALSE);
      g_clear_pointer (&self->histogram, isc_histogram_2d_free);
      rebuild_plot (self);
      isc_multihit_view_can_show (self->kind, cloud, &why);
      set_status (self, why);
    }
}

const IscHistogram2D *
isc_multihit_view_get_histogram (IscMultihitView *self)
{
  g_return_val_if_fail (ISC_IS_MULTIHIT_VIEW (self), NULL);
  return self->histogram;
}

gboolean
isc_multihit_view_get_busy (IscMultihitView *self)
{
  g_return_val_if_fail (ISC_IS_MULTIHIT_VIEW (self), FALSE);
  return isc_task_slot_is_busy (self->task);
}

GtkWidget *
isc_multihit_view_get_plot_view (IscMultihitView *self)
{
  g_return_val_if_fail (ISC_IS_MULTIHIT_VIEW (self), NULL);
  return self->plot_view;
}

gboolean
isc_multihit_view_set_tracks (IscMultihitView  *self,
                              const char       *text,
                              GError          **error)
{
  g_autoptr(GPtrArray) tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_auto(GStrv) specs = NULL;

  g_return_val_if_fail (ISC_IS_MULTIHIT_VIEW (self), FALSE);
  specs = g_strsplit_set (text != NULL ? text : "", ";, ", -1);
  for (guint i = 0; specs[i] != NULL; i++)
    {
      GArray *points;

      if (*specs[i] == '\0')
        continue;
      points = isc_multihit_track_parse (specs[i], error);
      if (points == NULL)
        return FALSE;
      g_ptr_array_add (tracks, points);
    }
  g_clear_pointer (&self->tracks, g_ptr_array_unref);
  self->tracks = g_steal_pointer (&tracks);
  rebuild_plot (self);
  return TRUE;
}

guint
isc_multihit_view_get_n_tracks (IscMultihitView *self)
{
  g_return_val_if_fail (ISC_IS_MULTIHIT_VIEW (self), 0);
  return self->tracks != NULL ? self->tracks->len : 0;
}
