/* eels-page.c: energy-loss spectra, their edges and white lines, and profiles along a line scan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>
#include <math.h>

#include "eels-page.h"
#include "eels-plot.h"
#include "image-view.h"
#include "isc-style.h"
#include "isc-widgets.h"
#include "plot-view.h"

/* White-line ratios of the 3d metals lie between 1 and 6; a pixel's value beyond this is noise. */
#define MAX_RATIO 10.0

/* What a worker reads: the spectra and the image acquired with them, shared and never changed. */
typedef struct
{
  IscEelsData *data;
  IscImage    *survey;   /* from the file, or NULL */
} EelsSource;

static void
source_clear (gpointer p)
{
  EelsSource *source = p;

  g_clear_pointer (&source->data, isc_eels_data_free);
  g_clear_pointer (&source->survey, isc_image_unref);
}

static EelsSource *
source_ref (EelsSource *source)
{
  return g_atomic_rc_box_acquire (source);
}

static void
source_unref (EelsSource *source)
{
  g_atomic_rc_box_release_full (source, source_clear);
}

typedef struct
{
  EelsSource            *source;   /* NULL: read @path */
  char                  *path;
  IscEelsWhiteLineMethod method;
} AnalysisInput;

static void
analysis_input_free (AnalysisInput *in)
{
  g_clear_pointer (&in->source, source_unref);
  g_free (in->path);
  g_free (in);
}

typedef struct
{
  EelsSource        *source;
  double            *e;        /* energy axis after the zero-loss shift */
  double            *sum;      /* sum spectrum */
  double             shift;    /* eV added to the file's energies (0 without a zero-loss peak) */
  IscEelsEdgeResult *edges;
  guint              n_edges;
  /* profiles along x (averaged over the rows of a spectrum image), n_x values each */
  guint              n_x;
  double           **ratio;    /* per edge; NULL for K edges */
  double           **l3;       /* per edge; NULL for K edges */
  double            *thickness;
} Analysis;

static void
analysis_free (Analysis *a)
{
  if (a == NULL)
    return;
  for (guint k = 0; k < a->n_edges; k++)
    {
      g_free (a->ratio[k]);
      g_free (a->l3[k]);
    }
  g_free (a->ratio);
  g_free (a->l3);
  g_free (a->thickness);
  g_free (a->edges);
  g_free (a->e);
  g_free (a->sum);
  g_clear_pointer (&a->source, source_unref);
  g_free (a);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Analysis, analysis_free)

struct _IscEelsPage
{
  IscDatasetPage      parent_instance;

  Analysis           *analysis;
  IscImage           *site_survey;   /* given by the site; the file's own wins */
  gboolean            syncing;

  /* Template widgets */
  GtkWidget          *method_dropdown;
  GtkWidget          *profile_label;
  GtkWidget          *profile_dropdown;
  GtkWidget          *spectrum_view;
  GtkWidget          *edge_grid;
  GtkWidget          *line_box;
  GtkWidget          *survey_view;
  GtkWidget          *profile_view;
};

G_DEFINE_FINAL_TYPE (IscEelsPage, isc_eels_page, ISC_TYPE_DATASET_PAGE)

/* ---- Worker --------------------------------------------------------------------------- */

/* An image of the file that is not the spectra: the HAADF survey acquired with them. The spectra
 * are the file's first image (isc_eels_load ()). */
static IscImage *
find_survey (const char *path)
{
  guint count = isc_image_count_in_file (path, NULL);

  for (guint i = 1; i < count; i++)
    {
      g_autoptr(IscImage) image = isc_image_load (path, i, NULL, NULL, NULL, NULL);
      gboolean energy = FALSE;

      if (image == NULL || image->height < 2)
        continue;
      for (guint a = 0; a < 3; a++)
        energy = energy || g_str_equal (image->axis[a].unit, "eV") || g_str_equal (image->axis[a].unit, "keV");
      if (!energy)
        return g_steal_pointer (&image);
    }
  return NULL;
}

/* Mean of the finite values of column @x over the rows. */
static double
column_mean (const IscEelsData *d,
             const double      *values,
             guint              x)
{
  double sum = 0;
  guint m = 0;

  for (guint y = 0; y < d->height; y++)
    if (isfinite (values[(gsize) y * d->width + x]))
      {
        sum += values[(gsize) y * d->width + x];
        m++;
      }
  return m > 0 ? sum / m : NAN;
}

static void
profiles (Analysis           *a,
          const IscEelsEdgeOptions *options,
          GCancellable       *cancellable)
{
  const IscEelsData *d = a->source->data;
  gsize n_pixels = (gsize) d->width * d->height;
  g_autofree double *values = g_new (double, n_pixels);
  g_autofree double *raw = isc_eels_energy_axis (d, 0);

  a->n_x = d->width;
  for (guint k = 0; k < a->n_edges && !g_cancellable_is_cancelled (cancellable); k++)
    {
      g_autofree IscEelsEdgeResult *px = NULL;

      if (a->edges[k].info->l2_ev == 0 || !a->edges[k].found)
        continue;
      px = g_new0 (IscEelsEdgeResult, n_pixels);
      isc_eels_analyse_map (d, a->e, a->edges[k].info, options, &a->edges[k], px);
      a->ratio[k] = g_new (double, d->width);
      a->l3[k] = g_new (double, d->width);
      /* a weak edge in one noisy spectrum can give any ratio: keep the physical ones */
      for (gsize p = 0; p < n_pixels; p++)
        values[p] = px[p].found && px[p].l3_l2_ratio > 0 && px[p].l3_l2_ratio <= MAX_RATIO ? px[p].l3_l2_ratio : NAN;
      for (guint x = 0; x < d->width; x++)
        a->ratio[k][x] = column_mean (d, values, x);
      for (gsize p = 0; p < n_pixels; p++)
        values[p] = px[p].found ? px[p].l3_ev : NAN;
      for (guint x = 0; x < d->width; x++)
        a->l3[k][x] = column_mean (d, values, x);
    }
  /* t/λ needs the zero-loss peak in every spectrum */
  if (raw[0] < 0 && raw[d->n_channels - 1] > 0)
    {
      a->thickness = g_new (double, d->width);
      for (gsize p = 0; p < n_pixels; p++)
        {
          IscEelsZeroLoss z;

          values[p] = isc_eels_zero_loss (raw, d->counts + p * d->n_channels, d->n_channels, &z) ? z.t_over_lambda : NAN;
        }
      for (guint x = 0; x < d->width; x++)
        a->thickness[x] = column_mean (d, values, x);
    }
}

static gpointer
analysis_job (gpointer          input,
              GCancellable     *cancellable,
              IscProgressFunc   progress,
              gpointer          progress_data,
              GError          **error)
{
  AnalysisInput *in = input;
  g_autoptr(Analysis) a = g_new0 (Analysis, 1);
  g_autoptr(GArray) edges = g_array_new (FALSE, TRUE, sizeof (IscEelsEdgeResult));
  const IscEelsEdgeInfo *table;
  const IscEelsData *d;
  IscEelsEdgeOptions options;
  guint n_table;

  if (in->source != NULL)
    a->source = source_ref (in->source);
  else
    {
      IscEelsData *data = isc_eels_load (in->path, error);

      if (data == NULL)
        return NULL;
      a->source = g_atomic_rc_box_new0 (EelsSource);
      a->source->data = data;
      if (data->width * data->height > 1)
        a->source->survey = find_survey (in->path);
    }
  d = a->source->data;
  a->sum = isc_eels_sum_spectrum (d);

  /* A spectrum holding 0 eV is aligned to its own zero-loss peak, as the CLI does. */
  if (isc_eels_energy (d, 0) < 0 && isc_eels_energy (d, d->n_channels - 1) > 0)
    {
      g_autofree double *raw = isc_eels_energy_axis (d, 0);
      IscEelsZeroLoss z;

      if (isc_eels_zero_loss (raw, a->sum, d->n_channels, &z))
        a->shift = -z.centre_ev;
    }
  a->e = isc_eels_energy_axis (d, a->shift);

  isc_eels_edge_options_init (&options);
  options.method = in->method;
  table = isc_eels_edge_table (&n_table);
  for (guint k = 0; k < n_table; k++)
    if (table[k].onset_ev - 30 > a->e[0] && table[k].onset_ev + 10 < a->e[d->n_channels - 1])
      {
        IscEelsEdgeResult r;

        isc_eels_analyse_edge (a->e, a->sum, d->n_channels, &table[k], &options, &r);
        g_array_append_val (edges, r);
      }
  a->n_edges = edges->len;
  a->edges = (IscEelsEdgeResult *) g_array_free (g_steal_pointer (&edges), FALSE);
  a->ratio = g_new0 (double *, MAX (a->n_edges, 1));
  a->l3 = g_new0 (double *, MAX (a->n_edges, 1));
  if (d->width * d->height > 1)
    profiles (a, &options, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&a);
}

/* ---- Showing the analysis --------------------------------------------------------------- */

static const char *
method_name (IscEelsWhiteLineMethod method)
{
  return method == ISC_EELS_WHITE_LINE_SECOND_DERIVATIVE ? _("Second derivative") : _("Pearson");
}

static char *
format_value (double value,
              const char *format)
{
  if (!isfinite (value))
    return g_strdup ("–");
  return g_strdup_printf (format, value);
}

static GtkWidget *
add_cell (IscEelsPage *self,
          int          column,
          int          row,
          const char  *text,
          gboolean     header)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 || column == 5 ? 0 : 1);
  gtk_widget_add_css_class (label, header ? "heading" : "numeric");
  gtk_grid_attach (GTK_GRID (self->edge_grid), label, column, row, 1, 1);
  return label;
}

static void
rebuild_table (IscEelsPage *self)
{
  const char *headers[] = { N_("Edge"), N_("Onset (eV)"), N_("L₃ (eV)"), N_("L₂ (eV)"), N_("L₃/L₂"), N_("Method"),
                            N_("Background A"), N_("Exponent r") };
  GtkWidget *child;
  Analysis *a = self->analysis;

  while ((child = gtk_widget_get_first_child (self->edge_grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->edge_grid), child);
  if (a == NULL)
    return;
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    add_cell (self, c, 0, _(headers[c]), TRUE);
  for (guint k = 0; k < a->n_edges; k++)
    {
      const IscEelsEdgeResult *r = &a->edges[k];
      gboolean l_edge = r->info->l2_ev > 0;
      g_autofree char *name = g_strdup_printf ("%s %s", r->info->element, r->info->edge);
      g_autofree char *onset = format_value (r->found ? r->onset_ev : NAN, "%.1f");
      g_autofree char *l3 = format_value (r->found ? r->l3_ev : NAN, "%.2f");
      g_autofree char *l2 = format_value (r->found ? r->l2_ev : NAN, "%.2f");
      g_autofree char *ratio = format_value (r->found ? r->l3_l2_ratio : NAN, "%.2f");
      g_autofree char *bg_a = format_value (r->background.ok ? r->background.a : NAN, "%.3g");
      g_autofree char *bg_r = format_value (r->background.ok ? r->background.r : NAN, "%.3f");

      /* an edge of the table that the spectrum does not show: its row dimmed */
      if (!r->found)
        {
          GtkWidget *label = add_cell (self, 0, k + 1, name, FALSE);

          gtk_widget_add_css_class (label, "dim-label");
          gtk_widget_set_tooltip_text (label, _("Not found: no rise above the noise of the background"));
        }
      else
        add_cell (self, 0, k + 1, name, FALSE);
      add_cell (self, 1, k + 1, onset, FALSE);
      add_cell (self, 2, k + 1, l_edge ? l3 : "", FALSE);
      add_cell (self, 3, k + 1, l_edge ? l2 : "", FALSE);
      add_cell (self, 4, k + 1, l_edge ? ratio : "", FALSE);
      add_cell (self, 5, k + 1, l_edge && r->found ? method_name (r->method) : "", FALSE);
      add_cell (self, 6, k + 1, bg_a, FALSE);
      add_cell (self, 7, k + 1, bg_r, FALSE);
    }
}

static void
rebuild_spectrum (IscEelsPage *self)
{
  Analysis *a = self->analysis;
  IscEelsPlotWords words = { _("Spectrum"), _("background"), _("Energy loss (eV)"), _("Counts") };
  const IscEelsData *d;
  g_autofree char *title = NULL;

  if (a == NULL)
    {
      isc_plot_view_set_plot (ISC_PLOT_VIEW (self->spectrum_view), NULL);
      return;
    }
  d = a->source->data;
  title = d->width * d->height > 1 ? g_strdup_printf (_("%s (sum of %u spectra)"), d->title, d->width * d->height)
                                   : g_strdup (d->title);
  isc_plot_view_set_plot (ISC_PLOT_VIEW (self->spectrum_view),
                          isc_eels_plot_spectrum (title, a->e, a->sum, d->n_channels, a->edges, a->n_edges, &words));
}

static const IscImage *
survey_image (IscEelsPage *self)
{
  if (self->analysis != NULL && self->analysis->source->survey != NULL)
    return self->analysis->source->survey;
  return self->site_survey;
}

/* The scan line on the survey image: the file does not say where the line lies, so it is drawn
 * through the centre, horizontally, at its calibrated length when both are in the same unit
 * (else across the whole width). Returns the length in the profile's unit. */
static void
draw_scan_line (IscEelsPage *self)
{
  const IscImage *image = survey_image (self);
  const IscEelsData *d = self->analysis != NULL ? self->analysis->source->data : NULL;
  IscImageView *view = ISC_IMAGE_VIEW (self->survey_view);
  double length_px, cx, cy;

  if (image == NULL || d == NULL)
    {
      isc_image_view_set_image (view, NULL);
      return;
    }
  if (isc_image_view_get_image (view) != image)
    isc_image_view_set_image (view, isc_image_ref ((IscImage *) image));
  length_px = image->width * 0.8;
  if (g_strcmp0 (d->spatial_unit, image->axis[ISC_IMAGE_AXIS_X].unit) == 0 && d->spatial_unit[0] != '\0'
      && image->axis[ISC_IMAGE_AXIS_X].scale > 0)
    length_px = MIN ((d->width - 1) * d->spatial_scale / image->axis[ISC_IMAGE_AXIS_X].scale, image->width - 1.0);
  cx = (image->width - 1) / 2.0;
  cy = (image->height - 1) / 2.0;
  isc_image_view_set_line (view, cx - length_px / 2, cy, cx + length_px / 2, cy);
}

/* What the status line says of the analysis shown: the zero-loss shift, if any. */
static void
show_default_status (IscEelsPage *self)
{
  g_autofree char *text = NULL;

  /* "Analysing…" stays until the newest result is in */
  if (isc_dataset_page_is_busy (ISC_DATASET_PAGE (self)))
    return;
  if (self->analysis != NULL && fabs (self->analysis->shift) > 0)
    text = g_strdup_printf (_("Energies shifted by %+.2f eV to the zero-loss peak."), self->analysis->shift);
  isc_dataset_page_set_status (ISC_DATASET_PAGE (self), text);
}

static void
rebuild_profile (IscEelsPage *self)
{
  Analysis *a = self->analysis;
  const IscEelsData *d = a != NULL ? a->source->data : NULL;
  gboolean line = d != NULL && d->width > 1;
  /* the drop-down lists the profile kinds in their order */
  IscEelsProfileKind kind = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->profile_dropdown));
  g_autofree double *x = NULL;
  g_autofree double *v = NULL;
  g_autofree char *x_label = NULL;
  IscPlot *plot;
  guint shown = 0;

  show_default_status (self);
  gtk_widget_set_visible (self->line_box, line);
  gtk_widget_set_visible (self->profile_label, line);
  gtk_widget_set_visible (self->profile_dropdown, line);
  if (!line)
    {
      isc_plot_view_set_plot (ISC_PLOT_VIEW (self->profile_view), NULL);
      isc_image_view_set_image (ISC_IMAGE_VIEW (self->survey_view), NULL);
      return;
    }
  gtk_widget_set_visible (self->survey_view, survey_image (self) != NULL);
  draw_scan_line (self);

  x = g_new (double, a->n_x);
  v = g_new (double, a->n_x);
  for (guint i = 0; i < a->n_x; i++)
    x[i] = i * d->spatial_scale;
  plot = isc_plot_new ();
  if (kind == ISC_EELS_PROFILE_THICKNESS)
    {
      if (a->thickness != NULL)
        {
          isc_plot_add_series (plot, ISC_SERIES_LINE, _("t/λ"), x, a->thickness, a->n_x);
          shown++;
        }
      else if (!isc_dataset_page_is_busy (ISC_DATASET_PAGE (self)))
        isc_dataset_page_set_status (ISC_DATASET_PAGE (self),
                                     _("t/λ needs the zero-loss peak in every spectrum: these start above 0 eV."));
    }
  else
    for (guint k = 0; k < a->n_edges; k++)
      {
        const double *values = kind == ISC_EELS_PROFILE_RATIO ? a->ratio[k] : a->l3[k];
        IscColor color = isc_eels_plot_edge_color (k);
        double mean = 0;
        guint m = 0;
        IscPlotSeries *s;

        if (values == NULL)
          continue;
        for (guint i = 0; i < a->n_x; i++)
          if (isfinite (values[i]))
            {
              mean += values[i];
              m++;
            }
        mean = m > 0 ? mean / m : 0;
        for (guint i = 0; i < a->n_x; i++)
          v[i] = kind == ISC_EELS_PROFILE_L3_SHIFT ? values[i] - mean : values[i];
        s = isc_plot_add_series (plot, ISC_SERIES_LINE, a->edges[k].info->element, x, v, a->n_x);
        isc_plot_series_set_color (s, &color);
        isc_plot_series_set_marker (s, ISC_MARKER_CIRCLE, 3);
        shown++;
      }
  x_label = d->spatial_unit[0] != '\0' ? g_strdup_printf (_("Distance along the line (%s)"), d->spatial_unit)
                                       : g_strdup (_("Position along the line (pixels)"));
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, x_label);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y,
                           kind == ISC_EELS_PROFILE_RATIO ? _("L₃/L₂")
                           : kind == ISC_EELS_PROFILE_L3_SHIFT ? _("L₃ shift from the line mean (eV)")
                           : _("t/λ"));
  isc_plot_set_legend_visible (plot, shown > 1);
  isc_plot_view_set_plot (ISC_PLOT_VIEW (self->profile_view), shown > 0 ? plot : NULL);
  if (shown == 0)
    isc_plot_free (plot);
}

static void
isc_eels_page_rebuild (IscDatasetPage *page)
{
  IscEelsPage *self = ISC_EELS_PAGE (page);

  rebuild_spectrum (self);
  rebuild_table (self);
  rebuild_profile (self);
}

static void
isc_eels_page_done (IscDatasetPage *page,
                    gpointer        analysis)
{
  IscEelsPage *self = ISC_EELS_PAGE (page);

  /* NULL after an error, which is in the status line already */
  if (analysis == NULL)
    return;
  g_clear_pointer (&self->analysis, analysis_free);
  self->analysis = analysis;
  isc_dataset_page_rebuild (page);
}

static void
run_analysis (IscEelsPage *self,
              EelsSource  *source,
              const char  *path)
{
  AnalysisInput *in = g_new0 (AnalysisInput, 1);

  in->source = source != NULL ? source_ref (source) : NULL;
  in->path = g_strdup (path);
  /* the drop-down lists Pearson, then the second derivative */
  in->method = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->method_dropdown)) == 1
               ? ISC_EELS_WHITE_LINE_SECOND_DERIVATIVE : ISC_EELS_WHITE_LINE_PEARSON;
  isc_dataset_page_run (ISC_DATASET_PAGE (self), _("Analysing…"), analysis_job, in,
                        (GDestroyNotify) analysis_input_free, (GDestroyNotify) analysis_free);
}

/* ---- Callbacks ----------------------------------------------------------------------- */

static void
on_method_selected (IscEelsPage *self)
{
  if (self->syncing || self->analysis == NULL)
    return;
  run_analysis (self, self->analysis->source, NULL);
}

static void
on_profile_selected (IscEelsPage *self)
{
  rebuild_profile (self);
}

/* ---- GObject / GtkWidget ------------------------------------------------------------- */

static void
isc_eels_page_finalize (GObject *object)
{
  IscEelsPage *self = ISC_EELS_PAGE (object);

  g_clear_pointer (&self->analysis, analysis_free);
  g_clear_pointer (&self->site_survey, isc_image_unref);
  G_OBJECT_CLASS (isc_eels_page_parent_class)->finalize (object);
}

static void
isc_eels_page_class_init (IscEelsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = isc_eels_page_finalize;
  ISC_DATASET_PAGE_CLASS (klass)->rebuild = isc_eels_page_rebuild;
  ISC_DATASET_PAGE_CLASS (klass)->done = isc_eels_page_done;

  isc_dataset_page_class_set_template (widget_class, "eels-page", "spectrum_view");
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscEelsPage, method_dropdown, profile_label, profile_dropdown,
                              spectrum_view, edge_grid, line_box, survey_view, profile_view);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, on_method_selected, on_profile_selected);
}

static void
isc_eels_page_init (IscEelsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  isc_label_drop_down (self->method_dropdown, _("L₃/L₂ method"));
  /* the survey only shows where the line ran; zoom and contrast are the image page's */
  isc_image_view_set_toolbar_visible (ISC_IMAGE_VIEW (self->survey_view), FALSE);
  isc_label_drop_down (self->profile_dropdown, _("Profile"));
}

/* ---- Public API ---------------------------------------------------------------------- */

GtkWidget *
isc_eels_page_new (void)
{
  return g_object_new (ISC_TYPE_EELS_PAGE, NULL);
}

void
isc_eels_page_load (IscEelsPage *self,
                    const char  *path)
{
  g_return_if_fail (ISC_IS_EELS_PAGE (self));
  g_return_if_fail (path != NULL);

  run_analysis (self, NULL, path);
}

void
isc_eels_page_set_data (IscEelsPage *self,
                        IscEelsData *data)
{
  EelsSource *source;

  g_return_if_fail (ISC_IS_EELS_PAGE (self));

  if (data == NULL)
    {
      isc_dataset_page_cancel (ISC_DATASET_PAGE (self));
      g_clear_pointer (&self->analysis, analysis_free);
      isc_dataset_page_set_status (ISC_DATASET_PAGE (self), NULL);
      isc_dataset_page_rebuild (ISC_DATASET_PAGE (self));
      return;
    }
  source = g_atomic_rc_box_new0 (EelsSource);
  source->data = data;
  run_analysis (self, source, NULL);
  source_unref (source);
}

void
isc_eels_page_set_survey (IscEelsPage *self,
                          IscImage    *image)
{
  g_return_if_fail (ISC_IS_EELS_PAGE (self));

  g_clear_pointer (&self->site_survey, isc_image_unref);
  self->site_survey = image;
  if (self->analysis != NULL)
    rebuild_profile (self);
}

void
isc_eels_page_set_method (IscEelsPage            *self,
                          IscEelsWhiteLineMethod  method)
{
  g_return_if_fail (ISC_IS_EELS_PAGE (self));

  /* the drop-down's handler starts the analysis */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->method_dropdown),
                              method == ISC_EELS_WHITE_LINE_SECOND_DERIVATIVE ? 1 : 0);
}

void
isc_eels_page_set_profile_kind (IscEelsPage        *self,
                                IscEelsProfileKind  kind)
{
  g_return_if_fail (ISC_IS_EELS_PAGE (self));

  /* its handler redraws */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->profile_dropdown), (guint) kind);
}

const IscEelsEdgeResult *
isc_eels_page_get_edge (IscEelsPage *self,
                        const char  *element)
{
  g_return_val_if_fail (ISC_IS_EELS_PAGE (self), NULL);

  for (guint k = 0; self->analysis != NULL && k < self->analysis->n_edges; k++)
    if (g_ascii_strcasecmp (self->analysis->edges[k].info->element, element) == 0)
      return &self->analysis->edges[k];
  return NULL;
}
