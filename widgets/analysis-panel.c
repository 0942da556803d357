/* analysis-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Ionscape"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "analysis-panel.h"
#include "isc-save-dialog.h"
#include "plot.h"

/* The cloud shared with worker threads: freed when the panel and every job let go of it. */
typedef struct
{
  IscIonCloud    *cloud;
  GDestroyNotify  destroy;
} CloudHolder;

static void
cloud_holder_clear (gpointer data)
{
  CloudHolder *holder = data;

  if (holder->destroy != NULL)
    holder->destroy (holder->cloud);
}

static void
cloud_holder_unref (CloudHolder *holder)
{
  g_atomic_rc_box_release_full (holder, cloud_holder_clear);
}

/* What a worker needs; everything is owned by the job so the panel may change meanwhile. */
typedef struct
{
  CloudHolder        *holder;
  IscRangeSet        *ranges;
  IscRoi              roi;
  IscProfileSettings  profile_settings;
  IscFdaSettings      fda_settings;
  guint               generation;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->holder, cloud_holder_unref);
  g_clear_pointer (&job->ranges, isc_range_set_free);
  g_free (job);
}

typedef struct
{
  IscProfile *profile;
  GPtrArray  *fda;            /* IscFdaResult*, every element of the range set */
  char       *profile_error;
  char       *fda_error;
  gsize       n_in_region;
} Results;

static void
results_free (Results *r)
{
  g_clear_pointer (&r->profile, isc_profile_free);
  g_clear_pointer (&r->fda, g_ptr_array_unref);
  g_free (r->profile_error);
  g_free (r->fda_error);
  g_free (r);
}

struct _IscAnalysisPanel
{
  GtkWidget             parent_instance;

  CloudHolder          *holder;
  IscRangeSet          *ranges;
  char                **elements;
  IscRoi                roi;
  IscProfileSettings    profile_settings;
  IscFdaSettings        fda_settings;
  double                mu_threshold;
  GHashTable           *hidden;         /* element symbols left out of the profile plot */

  GCancellable         *cancellable;
  guint                 generation;
  guint                 idle_id;
  gboolean              busy;
  gboolean              syncing;        /* controls are being set from code */
  Results              *results;

  IscPlot              *profile_plot;
  IscPlot              *fda_plot;
  GHashTable           *mu_labels;      /* element → GtkLabel (owned by the grid) */

  GtkWidget            *box;
  GtkDropDown          *axis_dropdown;
  GtkDropDown          *binning_dropdown;
  GtkSpinButton        *bin_spin;
  GtkSpinButton        *block_spin;
  GtkDropDown          *chi2_dropdown;
  GtkDropDown          *unit_dropdown;     /* atoms or ion types */
  GtkDropDown          *layout_dropdown;   /* evaporation order or spatial grid */
  GtkSpinButton        *threshold_spin;
  GtkWidget            *toggles_box;
  GtkWidget            *profile_area;
  GtkDropDown          *fda_element_dropdown;
  GtkWidget            *fda_area;
  GtkWidget            *table;
  GtkLabel             *status_label;
};

G_DEFINE_FINAL_TYPE (IscAnalysisPanel, isc_analysis_panel, GTK_TYPE_WIDGET)

enum { UPDATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void rebuild_table (IscAnalysisPanel *self);
static void rebuild_profile_plot (IscAnalysisPanel *self);
static void rebuild_fda_plot (IscAnalysisPanel *self);
static void on_element_toggled (GtkCheckButton *check, IscAnalysisPanel *self);

/* ---- Computation ------------------------------------------------------------------------ */

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  Results *r = g_new0 (Results, 1);
  g_autoptr(GError) error = NULL;

  r->n_in_region = isc_roi_select (&job->roi, job->holder->cloud, NULL);
  r->profile = isc_profile_compute (job->holder->cloud, job->ranges, &job->roi, &job->profile_settings,
                                    cancellable, NULL, NULL, &error);
  if (r->profile == NULL)
    {
      r->profile_error = g_strdup (error->message);
      g_clear_error (&error);
    }
  if (!g_cancellable_is_cancelled (cancellable))
    {
      r->fda = isc_fda_compute (job->holder->cloud, job->ranges, &job->roi, &job->fda_settings, NULL,
                                cancellable, NULL, NULL, &error);
      if (r->fda == NULL)
        {
          r->fda_error = g_strdup (error->message);
          g_clear_error (&error);
        }
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      results_free (r);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, r, (GDestroyNotify) results_free);
}

static void
compute_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  IscAnalysisPanel *self = ISC_ANALYSIS_PANEL (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  Results *r = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer request superseded this one: its own completion will update the view. */
  if (job->generation != self->generation)
    {
      g_clear_pointer (&r, results_free);
      return;
    }
  self->busy = FALSE;
  if (r == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->status_label, error->message);
      return;
    }

  g_clear_pointer (&self->results, results_free);
  self->results = r;
  if (r->profile_error != NULL || r->fda_error != NULL)
    gtk_label_set_text (self->status_label, r->profile_error != NULL ? r->profile_error : r->fda_error);
  else
    {
      g_autofree char *count = g_strdup_printf ("%" G_GSIZE_FORMAT, r->n_in_region);
      g_autofree char *text = g_strdup_printf (_("%s ions in the region"), count);

      gtk_label_set_text (self->status_label, text);
    }
  rebuild_table (self);
  rebuild_profile_plot (self);
  rebuild_fda_plot (self);
  g_signal_emit (self, signals[UPDATED], 0);
}

static gboolean
start_compute (gpointer data)
{
  IscAnalysisPanel *self = data;
  g_autoptr(GTask) task = NULL;
  Job *job;

  self->idle_id = 0;
  if (self->holder == NULL || self->ranges == NULL)
    return G_SOURCE_REMOVE;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  job = g_new0 (Job, 1);
  job->holder = g_atomic_rc_box_acquire (self->holder);
  job->ranges = isc_range_set_copy (self->ranges);
  job->roi = self->roi;
  job->profile_settings = self->profile_settings;
  job->fda_settings = self->fda_settings;
  job->generation = ++self->generation;

  self->busy = TRUE;
  gtk_label_set_text (self->status_label, _("Computing…"));
  task = g_task_new (self, self->cancellable, compute_done, NULL);
  g_task_set_source_tag (task, start_compute);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, compute_thread);
  return G_SOURCE_REMOVE;
}

/* Coalesces changes that arrive together (e.g. a dragged ROI) into one computation. */
static void
queue_compute (IscAnalysisPanel *self)
{
  if (self->holder == NULL || self->ranges == NULL)
    return;
  self->busy = TRUE;
  if (self->idle_id == 0)
    self->idle_id = g_idle_add (start_compute, self);
}

/* ---- Views ------------------------------------------------------------------------------ */

/* An element is drawn in the colour of its own single-atom ion (Li in Li+'s colour), so the
 * plots match the ion map and the species list; else in its default element colour. */
static IscColor
element_color (IscAnalysisPanel *self,
               const char       *symbol)
{
  double rgb[3];

  for (guint t = 0; self->ranges != NULL && t < isc_range_set_get_n_ion_types (self->ranges); t++)
    {
      const IscIonType *type = isc_range_set_get_ion_type (self->ranges, t);

      if (type->n_elements == 1 && type->elements[0].count == 1
          && g_str_equal (type->elements[0].symbol, symbol))
        return (IscColor) { type->color[0], type->color[1], type->color[2], 1.0 };
    }
  isc_element_default_color (symbol, rgb);
  return (IscColor) { rgb[0], rgb[1], rgb[2], 1.0 };
}

static void
rebuild_profile_plot (IscAnalysisPanel *self)
{
  const IscProfile *p = self->results != NULL ? self->results->profile : NULL;

  isc_plot_clear_series (self->profile_plot);
  if (p != NULL && p->n_bins > 0)
    {
      g_autofree double *x = g_new (double, p->n_bins);
      g_autofree double *y = g_new (double, p->n_bins);
      g_autofree double *err = g_new (double, p->n_bins);

      for (guint e = 0; e < p->n_elements; e++)
        {
          IscPlotSeries *series;
          IscColor color;
          guint n = 0;

          if (g_hash_table_contains (self->hidden, p->elements[e]))
            continue;
          for (guint b = 0; b < p->n_bins; b++)
            {
              gsize k = (gsize) b * p->n_elements + e;

              if (isnan (p->fraction[k]))
                continue;  /* empty bin */
              x[n] = 0.5 * (p->start[b] + p->end[b]);
              y[n] = p->fraction[k];
              err[n] = p->sigma[k];
              n++;
            }
          if (n == 0)
            continue;
          series = isc_plot_add_series (self->profile_plot, ISC_SERIES_ERRORBARS, p->elements[e], x, y, n);
          isc_plot_series_set_errors (series, err, NULL);
          color = element_color (self, p->elements[e]);
          isc_plot_series_set_color (series, &color);
        }
    }
  gtk_widget_queue_draw (self->profile_area);
}

static const char *
selected_fda_element (IscAnalysisPanel *self)
{
  guint i = gtk_drop_down_get_selected (self->fda_element_dropdown);

  if (self->elements == NULL || i == GTK_INVALID_LIST_POSITION || i >= g_strv_length (self->elements))
    return NULL;
  return self->elements[i];
}

static void
rebuild_fda_plot (IscAnalysisPanel *self)
{
  const char *element = selected_fda_element (self);
  const IscFdaResult *r = element != NULL ? isc_analysis_panel_get_fda_result (self, element) : NULL;

  isc_plot_clear_series (self->fda_plot);
  if (r != NULL)
    {
      guint n_show = 1;
      g_autofree double *x = g_new (double, r->block_size + 1);
      g_autofree double *o = g_new (double, r->block_size + 1);
      IscPlotSeries *bars, *line;
      IscColor color = element_color (self, element);
      IscColor black = { 0, 0, 0, 1 };

      /* Up to the last class with anything observed or expected worth seeing. */
      for (guint n = 0; n <= r->block_size; n++)
        {
          x[n] = n;
          o[n] = r->observed[n];
          if (r->observed[n] > 0 || r->expected[n] >= 0.01)
            n_show = n + 1;
        }
      bars = isc_plot_add_series (self->fda_plot, ISC_SERIES_BARS, _("Observed"), x, o, n_show);
      isc_plot_series_set_color (bars, &color);
      line = isc_plot_add_series (self->fda_plot, ISC_SERIES_LINE, _("Binomial"), x, r->expected, n_show);
      isc_plot_series_set_color (line, &black);
      isc_plot_series_set_marker (line, ISC_MARKER_CIRCLE, 3);
    }
  gtk_widget_queue_draw (self->fda_area);
}

static void
format_number (char   *buf,
               gsize   len,
               double  v,
               const char *format)
{
  if (isnan (v))
    g_strlcpy (buf, "—", len);
  else
    g_snprintf (buf, len, format, v);
}

static GtkWidget *
table_label (const char *text,
             gboolean    numeric)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_widget_add_css_class (label, "isc-table-cell");
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

static void
rebuild_table (IscAnalysisPanel *self)
{
  const char *headers[] = { N_("Element"), N_("N<sub>s</sub>"), N_("χ²"), N_("dof"), N_("p"), N_("μ") };
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->table)) != NULL)
    gtk_grid_remove (GTK_GRID (self->table), child);
  g_hash_table_remove_all (self->mu_labels);

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    {
      GtkWidget *label = table_label (NULL, c > 0);

      gtk_label_set_markup (GTK_LABEL (label), _(headers[c]));
      gtk_widget_add_css_class (label, "heading");
      gtk_grid_attach (GTK_GRID (self->table), label, c, 0, 1, 1);
    }
  if (self->results == NULL || self->results->fda == NULL)
    return;

  for (guint i = 0; i < self->results->fda->len; i++)
    {
      const IscFdaResult *r = g_ptr_array_index (self->results->fda, i);
      gboolean high = !isnan (r->mu) && r->mu > self->mu_threshold;
      char cells[6][64];
      GtkWidget *labels[6];

      g_strlcpy (cells[0], r->element, sizeof cells[0]);
      g_snprintf (cells[1], sizeof cells[1], "%" G_GUINT64_FORMAT, r->n_solute);
      format_number (cells[2], sizeof cells[2], r->chi2, "%.4g");
      g_snprintf (cells[3], sizeof cells[3], "%u", r->dof);
      format_number (cells[4], sizeof cells[4], r->p_value, "%.3g");
      format_number (cells[5], sizeof cells[5], r->mu, "%.4f");
      for (guint c = 0; c < 6; c++)
        {
          labels[c] = table_label (cells[c], c > 0);
          if (high)
            gtk_widget_add_css_class (labels[c], "isc-mu-high");
          gtk_grid_attach (GTK_GRID (self->table), labels[c], c, i + 1, 1, 1);
        }
      if (high)
        gtk_widget_set_tooltip_text (labels[5], _("μ above the threshold: not a random solution"));
      g_hash_table_insert (self->mu_labels, g_strdup (r->element), labels[5]);
    }
}

static void
draw_plot (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  isc_plot_draw (data, cr, width, height);
}

static void
rebuild_element_controls (IscAnalysisPanel *self)
{
  GtkWidget *child;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  while ((child = gtk_widget_get_first_child (self->toggles_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->toggles_box), child);
  for (guint e = 0; self->elements != NULL && self->elements[e] != NULL; e++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (self->elements[e]);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   !g_hash_table_contains (self->hidden, self->elements[e]));
      g_object_set_data_full (G_OBJECT (check), "element", g_strdup (self->elements[e]), g_free);
      g_signal_connect (check, "toggled", G_CALLBACK (on_element_toggled), self);
      gtk_box_append (GTK_BOX (self->toggles_box), check);
      gtk_string_list_append (names, self->elements[e]);
    }
  self->syncing = TRUE;
  gtk_drop_down_set_model (self->fda_element_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->fda_element_dropdown, 0);
  self->syncing = FALSE;
}

/* ---- Controls --------------------------------------------------------------------------- */

static void
sync_bin_spin (IscAnalysisPanel *self)
{
  self->syncing = TRUE;
  if (self->profile_settings.binning == ISC_PROFILE_FIXED_WIDTH)
    {
      gtk_spin_button_set_digits (self->bin_spin, 2);
      gtk_spin_button_set_range (self->bin_spin, 0.05, 1000);
      gtk_spin_button_set_increments (self->bin_spin, 0.5, 5);
      gtk_spin_button_set_value (self->bin_spin, self->profile_settings.bin_width);
    }
  else
    {
      gtk_spin_button_set_digits (self->bin_spin, 0);
      gtk_spin_button_set_range (self->bin_spin, 10, 1e8);
      gtk_spin_button_set_increments (self->bin_spin, 100, 1000);
      gtk_spin_button_set_value (self->bin_spin, self->profile_settings.atoms_per_bin);
    }
  self->syncing = FALSE;
}

static void
sync_controls (IscAnalysisPanel *self)
{
  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->axis_dropdown, self->profile_settings.axis);
  gtk_drop_down_set_selected (self->binning_dropdown, self->profile_settings.binning);
  gtk_spin_button_set_value (self->block_spin, self->fda_settings.block_size);
  gtk_drop_down_set_selected (self->chi2_dropdown, self->fda_settings.chi2_mode);
  gtk_drop_down_set_selected (self->unit_dropdown, self->fda_settings.count_unit);
  gtk_drop_down_set_selected (self->layout_dropdown, self->fda_settings.blocks);
  gtk_spin_button_set_value (self->threshold_spin, self->mu_threshold);
  self->syncing = FALSE;
  sync_bin_spin (self);
}

static void
on_settings_changed (IscAnalysisPanel *self)
{
  if (self->syncing)
    return;
  self->profile_settings.axis = gtk_drop_down_get_selected (self->axis_dropdown);
  if ((IscProfileBinning) gtk_drop_down_get_selected (self->binning_dropdown) != self->profile_settings.binning)
    {
      self->profile_settings.binning = gtk_drop_down_get_selected (self->binning_dropdown);
      sync_bin_spin (self);
    }
  else if (self->profile_settings.binning == ISC_PROFILE_FIXED_WIDTH)
    self->profile_settings.bin_width = gtk_spin_button_get_value (self->bin_spin);
  else
    self->profile_settings.atoms_per_bin = (guint64) gtk_spin_button_get_value (self->bin_spin);
  self->fda_settings.block_size = gtk_spin_button_get_value_as_int (self->block_spin);
  self->fda_settings.chi2_mode = gtk_drop_down_get_selected (self->chi2_dropdown);
  self->fda_settings.count_unit = gtk_drop_down_get_selected (self->unit_dropdown);
  self->fda_settings.blocks = gtk_drop_down_get_selected (self->layout_dropdown);
  queue_compute (self);
}

static void
on_threshold_changed (IscAnalysisPanel *self)
{
  if (self->syncing)
    return;
  isc_analysis_panel_set_mu_threshold (self, gtk_spin_button_get_value (self->threshold_spin));
}

static void
on_fda_element_changed (IscAnalysisPanel *self)
{
  if (!self->syncing)
    rebuild_fda_plot (self);
}

static void
on_element_toggled (GtkCheckButton   *check,
                    IscAnalysisPanel *self)
{
  isc_analysis_panel_set_element_visible (self, g_object_get_data (G_OBJECT (check), "element"),
                                          gtk_check_button_get_active (check));
}

/* Reports in the status line rather than a dialog: the panel sits beside the data it exports. */
static gboolean
save_csv (IscAnalysisPanel *self,
          char             *csv,
          const char       *path)
{
  g_autofree char *owned = csv;
  g_autoptr(GError) error = NULL;

  if (csv == NULL)
    gtk_label_set_text (self->status_label, _("Nothing to export yet"));
  else if (!g_file_set_contents (path, csv, -1, &error))
    gtk_label_set_text (self->status_label, error->message);
  else
    {
      g_autofree char *text = g_strdup_printf (_("Saved %s"), path);

      gtk_label_set_text (self->status_label, text);
    }
  return TRUE;
}

static gboolean
write_profile (const char  *path,
               gpointer     self,
               GError     **error)
{
  return save_csv (self, isc_analysis_panel_get_profile_csv (self), path);
}

static gboolean
write_fda (const char  *path,
           gpointer     self,
           GError     **error)
{
  return save_csv (self, isc_analysis_panel_get_fda_csv (self), path);
}

static void
export_csv (IscAnalysisPanel *self,
            gboolean          profile)
{
  isc_save_dialog_run (GTK_WIDGET (self), profile ? _("Export Profile") : _("Export Frequency Distribution"),
                       _("_Export"), profile ? "profile.csv" : "fda.csv", NULL, ISC_SAVE_DIALOG_MODELESS, NULL,
                       profile ? write_profile : write_fda, self);
}

static void
export_profile_action (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  export_csv (ISC_ANALYSIS_PANEL (widget), TRUE);
}

static void
export_fda_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  export_csv (ISC_ANALYSIS_PANEL (widget), FALSE);
}

/* ---- Construction ----------------------------------------------------------------------- */

static GtkWidget *
labelled (const char *text,
          GtkWidget  *control)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), control);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), control);
  return box;
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static GtkWidget *
plot_area (IscPlot *plot)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 220);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 360);
  gtk_widget_set_vexpand (area, TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_plot, plot, NULL);
  return area;
}

static void
install_css (void)
{
  static gsize done = 0;
  GdkDisplay *display = gdk_display_get_default ();

  if (display == NULL || !g_once_init_enter (&done))
    return;
  {
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    /* Okabe–Ito orange: visible in light and dark themes and to colour-blind readers. */
    gtk_css_provider_load_from_data (provider,
                                     ".isc-table-cell { padding: 2px 8px; }\n"
                                     ".isc-mu-high { background-color: #e69f00; color: #000000; }\n", -1);
    gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  g_once_init_leave (&done, 1);
}

static void
isc_analysis_panel_dispose (GObject *object)
{
  IscAnalysisPanel *self = ISC_ANALYSIS_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (isc_analysis_panel_parent_class)->dispose (object);
}

static void
isc_analysis_panel_finalize (GObject *object)
{
  IscAnalysisPanel *self = ISC_ANALYSIS_PANEL (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->holder, cloud_holder_unref);
  g_clear_pointer (&self->ranges, isc_range_set_free);
  g_clear_pointer (&self->elements, g_strfreev);
  g_clear_pointer (&self->results, results_free);
  g_clear_pointer (&self->hidden, g_hash_table_unref);
  g_clear_pointer (&self->mu_labels, g_hash_table_unref);
  g_clear_pointer (&self->profile_plot, isc_plot_free);
  g_clear_pointer (&self->fda_plot, isc_plot_free);
  G_OBJECT_CLASS (isc_analysis_panel_parent_class)->finalize (object);
}

static void
isc_analysis_panel_class_init (IscAnalysisPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_analysis_panel_dispose;
  object_class->finalize = isc_analysis_panel_finalize;

  /* Emitted on the main thread when new results are shown. */
  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "analysis.export-profile", NULL, export_profile_action);
  gtk_widget_class_install_action (widget_class, "analysis.export-fda", NULL, export_fda_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "analysispanel");
}

static void
isc_analysis_panel_init (IscAnalysisPanel *self)
{
  const char *axes[] = { N_("x"), N_("y"), N_("z"), N_("Region axis"), NULL };
  const char *binnings[] = { N_("Bin width (nm)"), N_("Atoms per bin"), NULL };
  const char *chi2_modes[] = { N_("Pool E < 5"), N_("Skip O < 5 (3Depict)"), NULL };
  const char *translated[5];
  GtkWidget *row, *scroller, *button, *buttons;

  isc_roi_init_all (&self->roi);
  isc_profile_settings_init (&self->profile_settings);
  isc_fda_settings_init (&self->fda_settings);
  self->mu_threshold = 0.1;
  self->hidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->mu_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();

  self->profile_plot = isc_plot_new ();
  isc_plot_set_axis_label (self->profile_plot, ISC_PLOT_AXIS_X, _("Position (nm)"));
  isc_plot_set_axis_label (self->profile_plot, ISC_PLOT_AXIS_Y, _("Atomic fraction"));
  self->fda_plot = isc_plot_new ();
  isc_plot_set_axis_label (self->fda_plot, ISC_PLOT_AXIS_X, _("Atoms of the element per block"));
  isc_plot_set_axis_label (self->fda_plot, ISC_PLOT_AXIS_Y, _("Blocks"));

  install_css ();
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (self->box, 6);
  gtk_widget_set_margin_end (self->box, 6);
  gtk_widget_set_margin_top (self->box, 6);
  gtk_widget_set_margin_bottom (self->box, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  /* Profile settings */
  gtk_box_append (GTK_BOX (self->box), heading (_("Concentration profile")));
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  for (guint i = 0; axes[i] != NULL; i++)
    translated[i] = _(axes[i]);
  translated[4] = NULL;
  self->axis_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (translated));
  gtk_box_append (GTK_BOX (row), labelled (_("_Axis"), GTK_WIDGET (self->axis_dropdown)));
  for (guint i = 0; binnings[i] != NULL; i++)
    translated[i] = _(binnings[i]);
  translated[2] = NULL;
  self->binning_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (translated));
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->binning_dropdown));
  self->bin_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0.05, 1000, 0.5));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->bin_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Bin width or atoms per bin"), -1);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->bin_spin));
  gtk_box_append (GTK_BOX (self->box), row);

  self->toggles_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->box), self->toggles_box);
  self->profile_area = plot_area (self->profile_plot);
  gtk_box_append (GTK_BOX (self->box), self->profile_area);

  /* Frequency distribution settings */
  gtk_box_append (GTK_BOX (self->box), heading (_("Frequency distribution")));
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->block_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (5, 100000, 10));
  gtk_box_append (GTK_BOX (row), labelled (_("_Block size"), GTK_WIDGET (self->block_spin)));
  for (guint i = 0; chi2_modes[i] != NULL; i++)
    translated[i] = _(chi2_modes[i]);
  translated[2] = NULL;
  self->chi2_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (translated));
  gtk_box_append (GTK_BOX (row), labelled (_("_Classes"), GTK_WIDGET (self->chi2_dropdown)));
  self->threshold_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 1, 0.05));
  gtk_spin_button_set_digits (self->threshold_spin, 2);
  gtk_box_append (GTK_BOX (row), labelled (_("_Highlight μ above"), GTK_WIDGET (self->threshold_spin)));
  gtk_box_append (GTK_BOX (self->box), row);

  /* Same order as IscFdaCountUnit and IscFdaBlocks. */
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  {
    const char *units[] = { _("Atoms"), _("Ion types"), NULL };
    const char *layouts[] = { _("Evaporation order"), _("Spatial grid"), NULL };

    self->unit_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (units));
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->unit_dropdown),
                                 _("Count atoms (molecular ions split) or ions"));
    gtk_box_append (GTK_BOX (row), labelled (_("C_ount"), GTK_WIDGET (self->unit_dropdown)));
    self->layout_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (layouts));
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->layout_dropdown),
                                 _("Blocks of consecutive ions in evaporation order, or cells of a voxel grid"));
    gtk_box_append (GTK_BOX (row), labelled (_("Bloc_ks"), GTK_WIDGET (self->layout_dropdown)));
  }
  gtk_box_append (GTK_BOX (self->box), row);

  self->table = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->table), 0);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->table);
  gtk_box_append (GTK_BOX (self->box), scroller);

  self->fda_element_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_box_append (GTK_BOX (self->box), labelled (_("_Distribution of"), GTK_WIDGET (self->fda_element_dropdown)));
  self->fda_area = plot_area (self->fda_plot);
  gtk_box_append (GTK_BOX (self->box), self->fda_area);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  button = gtk_button_new_with_mnemonic (_("Export _Profile CSV…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "analysis.export-profile");
  gtk_box_append (GTK_BOX (buttons), button);
  button = gtk_button_new_with_mnemonic (_("Export _Table CSV…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "analysis.export-fda");
  gtk_box_append (GTK_BOX (buttons), button);
  gtk_box_append (GTK_BOX (self->box), buttons);

  self->status_label = GTK_LABEL (gtk_label_new (_("No data")));
  gtk_label_set_xalign (self->status_label, 0);
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->status_label));

  sync_controls (self);
  rebuild_table (self);
  g_signal_connect_swapped (self->axis_dropdown, "notify::selected", G_CALLBACK (on_settings_changed), self);
  g_signal_connect_swapped (self->binning_dropdown, "notify::selected", G_CALLBACK (on_settings_changed), self);
  g_signal_connect_swapped (self->bin_spin, "value-changed", G_CALLBACK (on_settings_changed), self);
  g_signal_connect_swapped (self->block_spin, "value-changed", G_CALLBACK (on_settings_changed), self);
  g_signal_connect_swapped (self->chi2_dropdown, "notify::selected", G_CALLBACK (on_settings_changed), self);
  g_signal_connect_swapped (self->unit_dropdown, "notify::selected", G_CALLBACK (on_settings_changed), self);
  g_signal_connect_swapped (self->layout_dropdown, "notify::selected", G_CALLBACK (on_settings_changed), self);
  g_signal_connect_swapped (self->threshold_spin, "value-changed", G_CALLBACK (on_threshold_changed), self);
  g_signal_connect_swapped (self->fda_element_dropdown, "notify::selected", G_CALLBACK (on_fda_element_changed), self);
}

/* ---- Public API ------------------------------------------------------------------------- */

GtkWidget *
isc_analysis_panel_new (void)
{
  return g_object_new (ISC_TYPE_ANALYSIS_PANEL, NULL);
}

void
isc_analysis_panel_set_data (IscAnalysisPanel  *self,
                             IscIonCloud       *cloud,
                             GDestroyNotify     cloud_destroy,
                             const IscRangeSet *ranges)
{
  g_return_if_fail (ISC_IS_ANALYSIS_PANEL (self));
  g_return_if_fail (cloud != NULL && ranges != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->holder, cloud_holder_unref);
  self->holder = g_atomic_rc_box_new0 (CloudHolder);
  self->holder->cloud = cloud;
  self->holder->destroy = cloud_destroy;
  g_clear_pointer (&self->ranges, isc_range_set_free);
  self->ranges = isc_range_set_copy (ranges);
  g_clear_pointer (&self->elements, g_strfreev);
  self->elements = isc_range_set_list_elements (ranges);
  g_clear_pointer (&self->results, results_free);

  rebuild_element_controls (self);
  rebuild_table (self);
  rebuild_profile_plot (self);
  rebuild_fda_plot (self);
  queue_compute (self);
}

void
isc_analysis_panel_set_roi (IscAnalysisPanel *self,
                            const IscRoi     *roi)
{
  g_return_if_fail (ISC_IS_ANALYSIS_PANEL (self));

  if (roi != NULL)
    self->roi = *roi;
  else
    isc_roi_init_all (&self->roi);
  queue_compute (self);
}

void
isc_analysis_panel_get_roi (IscAnalysisPanel *self,
                            IscRoi           *out)
{
  g_return_if_fail (ISC_IS_ANALYSIS_PANEL (self));
  g_return_if_fail (out != NULL);

  *out = self->roi;
}

void
isc_analysis_panel_set_profile_settings (IscAnalysisPanel         *self,
                                         const IscProfileSettings *settings)
{
  g_return_if_fail (ISC_IS_ANALYSIS_PANEL (self));
  g_return_if_fail (settings != NULL);

  self->profile_settings = *settings;
  sync_controls (self);
  queue_compute (self);
}

void
isc_analysis_panel_set_fda_settings (IscAnalysisPanel     *self,
                                     const IscFdaSettings *settings)
{
  g_return_if_fail (ISC_IS_ANALYSIS_PANEL (self));
  g_return_if_fail (settings != NULL);

  self->fda_settings = *settings;
  sync_controls (self);
  queue_compute (self);
}

void
isc_analysis_panel_set_mu_threshold (IscAnalysisPanel *self,
                                     double            threshold)
{
  g_return_if_fail (ISC_IS_ANALYSIS_PANEL (self));

  self->mu_threshold = threshold;
  if (gtk_spin_button_get_value (self->threshold_spin) != threshold)
    {
      self->syncing = TRUE;
      gtk_spin_button_set_value (self->threshold_spin, threshold);
      self->syncing = FALSE;
    }
  rebuild_table (self);
}

double
isc_analysis_panel_get_mu_threshold (IscAnalysisPanel *self)
{
  g_return_val_if_fail (ISC_IS_ANALYSIS_PANEL (self), 0);

  return self->mu_threshold;
}

void
isc_analysis_panel_set_element_visible (IscAnalysisPanel *self,
                                        const char       *element,
                                        gboolean          visible)
{
  g_return_if_fail (ISC_IS_ANALYSIS_PANEL (self));
  g_return_if_fail (element != NULL);

  if (visible)
    g_hash_table_remove (self->hidden, element);
  else
    g_hash_table_add (self->hidden, g_strdup (element));
  for (GtkWidget *child = gtk_widget_get_first_child (self->toggles_box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "element"), element) == 0
        && gtk_check_button_get_active (GTK_CHECK_BUTTON (child)) != visible)
      gtk_check_button_set_active (GTK_CHECK_BUTTON (child), visible);
  rebuild_profile_plot (self);
}

gboolean
isc_analysis_panel_is_busy (IscAnalysisPanel *self)
{
  g_return_val_if_fail (ISC_IS_ANALYSIS_PANEL (self), FALSE);

  return self->busy;
}

const IscProfile *
isc_analysis_panel_get_profile (IscAnalysisPanel *self)
{
  g_return_val_if_fail (ISC_IS_ANALYSIS_PANEL (self), NULL);

  return self->results != NULL ? self->results->profile : NULL;
}

const IscFdaResult *
isc_analysis_panel_get_fda_result (IscAnalysisPanel *self,
                                   const char       *element)
{
  g_return_val_if_fail (ISC_IS_ANALYSIS_PANEL (self), NULL);
  g_return_val_if_fail (element != NULL, NULL);

  if (self->results == NULL || self->results->fda == NULL)
    return NULL;
  for (guint i = 0; i < self->results->fda->len; i++)
    {
      const IscFdaResult *r = g_ptr_array_index (self->results->fda, i);

      if (g_str_equal (r->element, element))
        return r;
    }
  return NULL;
}

GtkWidget *
isc_analysis_panel_get_mu_label (IscAnalysisPanel *self,
                                 const char       *element)
{
  g_return_val_if_fail (ISC_IS_ANALYSIS_PANEL (self), NULL);

  return g_hash_table_lookup (self->mu_labels, element);
}

char *
isc_analysis_panel_get_profile_csv (IscAnalysisPanel *self)
{
  const IscProfile *p = isc_analysis_panel_get_profile (self);

  return p != NULL ? isc_profile_to_csv (p) : NULL;
}

static void
append_csv_double (GString *s,
                   double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (s, ',');
  g_string_append (s, isnan (v) ? "nan" : g_ascii_formatd (buf, sizeof buf, "%.9g", v));
}

char *
isc_analysis_panel_get_fda_csv (IscAnalysisPanel *self)
{
  GString *s;

  g_return_val_if_fail (ISC_IS_ANALYSIS_PANEL (self), NULL);

  if (self->results == NULL || self->results->fda == NULL)
    return NULL;
  s = g_string_new ("element,block_size,blocks,fraction,chi2,dof,p_value,mu,n_solute,mode,count,block_layout\n");
  for (guint i = 0; i < self->results->fda->len; i++)
    {
      const IscFdaResult *r = g_ptr_array_index (self->results->fda, i);

      g_string_append_printf (s, "%s,%u,%" G_GUINT64_FORMAT, r->element, r->block_size, r->n_blocks);
      append_csv_double (s, r->fraction);
      append_csv_double (s, r->chi2);
      g_string_append_printf (s, ",%u", r->dof);
      append_csv_double (s, r->p_value);
      append_csv_double (s, r->mu);
      g_string_append_printf (s, ",%" G_GUINT64_FORMAT ",%s,%s,%s\n", r->n_solute,
                              isc_fda_chi2_mode_to_string (r->mode),
                              isc_fda_count_unit_to_string (r->count_unit),
                              isc_fda_blocks_to_string (r->blocks));
    }
  return g_string_free (s, FALSE);
}
