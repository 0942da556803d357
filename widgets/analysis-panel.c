/* analysis-panel.c: computes the profile and the frequency distribution of a region in a worker
 * (IscTaskSlot: the latest request wins) and shows them; the layout lives in
 * resources/ui/analysis-panel.ui.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Ionscape"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "analysis-panel.h"
#include "isc-busy.h"
#include "isc-save-dialog.h"
#include "isc-style.h"
#include "isc-task-slot.h"
#include "isc-widgets.h"
#include "plot-view.h"
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
  /* The elements the profile plots: a choice of the analysis, apart from what the map shows.
   * NULL until the first data arrive, which tick Li (or the basis elements) by default. */
  GHashTable           *shown;

  IscTaskSlot          *task;
  guint                 idle_id;
  gboolean              busy;           /* as last notified */
  gboolean              syncing;        /* controls are being set from code */
  Results              *results;

  IscPlot              *profile_plot;
  IscPlot              *fda_plot;
  GHashTable           *mu_labels;      /* element → GtkLabel (owned by the grid) */

  /* Template children */
  GtkWidget            *box;
  GtkWidget            *profile_settings_box;
  GtkWidget            *fda_settings_box;
  GtkDropDown          *axis_dropdown;
  GtkDropDown          *binning_dropdown;
  GtkSpinButton        *bin_spin;
  GtkSpinButton        *block_spin;
  GtkDropDown          *chi2_dropdown;
  GtkDropDown          *unit_dropdown;     /* atoms or ion types */
  GtkDropDown          *layout_dropdown;   /* evaporation order or spatial grid */
  GtkSpinButton        *threshold_spin;
  GtkFlowBox           *toggles_box;
  GtkWidget            *profile_area;
  GtkDropDown          *fda_element_dropdown;
  GtkWidget            *fda_area;
  GtkWidget            *table;
  GtkLabel             *status_label;
};

G_DEFINE_FINAL_TYPE (IscAnalysisPanel, isc_analysis_panel, GTK_TYPE_WIDGET)

enum { UPDATED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Notifies "busy" when a computation is queued or running, or when it ends. */
static void
update_busy (IscAnalysisPanel *self)
{
  gboolean busy = self->idle_id != 0 || (self->task != NULL && isc_task_slot_is_busy (self->task));

  isc_busy_update (self, &self->busy, busy);
}

static void rebuild_table (IscAnalysisPanel *self);
static void rebuild_profile_plot (IscAnalysisPanel *self);
static void rebuild_fda_plot (IscAnalysisPanel *self);
static void on_element_toggled (GtkCheckButton *check, IscAnalysisPanel *self);

/* ---- Computation ------------------------------------------------------------------------ */

/* Worker thread: touches only the job. */
static gpointer
compute_thread (gpointer          input,
                GCancellable     *cancellable,
                IscProgressFunc   progress,
                gpointer          progress_data,
                GError          **error)
{
  Job *job = input;
  Results *r = g_new0 (Results, 1);
  g_autoptr(GError) local_error = NULL;

  r->n_in_region = isc_roi_select (&job->roi, job->holder->cloud, NULL);
  r->profile = isc_profile_compute (job->holder->cloud, job->ranges, &job->roi, &job->profile_settings,
                                    cancellable, NULL, NULL, &local_error);
  if (r->profile == NULL)
    {
      r->profile_error = g_strdup (local_error->message);
      g_clear_error (&local_error);
    }
  if (!g_cancellable_is_cancelled (cancellable))
    {
      r->fda = isc_fda_compute (job->holder->cloud, job->ranges, &job->roi, &job->fda_settings, NULL,
                                cancellable, NULL, NULL, &local_error);
      if (r->fda == NULL)
        {
          r->fda_error = g_strdup (local_error->message);
          g_clear_error (&local_error);
        }
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      results_free (r);
      return NULL;
    }
  return r;
}

/* Main thread, newest run only: the slot drops superseded and cancelled runs. */
static void
compute_done (gpointer      owner,
              gpointer      result,
              const GError *error)
{
  IscAnalysisPanel *self = ISC_ANALYSIS_PANEL (owner);
  Results *r = result;

  update_busy (self);
  if (r == NULL)
    {
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
  Job *job;

  self->idle_id = 0;
  if (self->holder == NULL || self->ranges == NULL)
    return G_SOURCE_REMOVE;

  job = g_new0 (Job, 1);
  job->holder = g_atomic_rc_box_acquire (self->holder);
  job->ranges = isc_range_set_copy (self->ranges);
  job->roi = self->roi;
  job->profile_settings = self->profile_settings;
  job->fda_settings = self->fda_settings;

  gtk_label_set_text (self->status_label, _("Computing…"));
  isc_task_slot_run (self->task, compute_thread, job, (GDestroyNotify) job_free,
                     (GDestroyNotify) results_free, compute_done);
  return G_SOURCE_REMOVE;
}

/* Coalesces changes that arrive together (e.g. a dragged ROI) into one computation. */
static void
queue_compute (IscAnalysisPanel *self)
{
  if (self->holder == NULL || self->ranges == NULL)
    return;
  if (self->idle_id == 0)
    self->idle_id = g_idle_add (start_compute, self);
  update_busy (self);
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
  for (guint e = 0; p != NULL && e < p->n_elements; e++)
    {
      IscPlotSeries *series;
      IscColor color;

      if (!isc_analysis_panel_get_element_visible (self, p->elements[e]))
        continue;
      series = isc_plot_add_binned_fraction (self->profile_plot, p->elements[e], p->n_bins, p->start, p->end,
                                             p->n_elements, e, p->fraction, p->sigma, 1.0);
      if (series == NULL)
        continue;
      color = element_color (self, p->elements[e]);
      isc_plot_series_set_color (series, &color);
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

/* The N of μ as in the headings. */
static const char *
mu_n_symbol (IscFdaMuN mu_n)
{
  return mu_n == ISC_FDA_MU_N_BLOCKS ? "N<sub>b</sub>"
         : mu_n == ISC_FDA_MU_N_ATOMS ? "N<sub>b</sub>·n<sub>b</sub>" : "N<sub>s</sub>";
}

/* The definition of μ with the N it uses. */
static const char *
mu_n_tooltip (IscFdaMuN mu_n)
{
  switch (mu_n)
    {
    case ISC_FDA_MU_N_BLOCKS:
      return _("Pearson's μ = √(χ² / (N + χ²)), the coefficient normalised to 0–1 (0: random solution); "
               "here N is the number of blocks (Moody et al.)");
    case ISC_FDA_MU_N_ATOMS:
      return _("Pearson's μ = √(χ² / (N + χ²)), the coefficient normalised to 0–1 (0: random solution); "
               "here N is all atoms in the blocks");
    case ISC_FDA_MU_N_SOLUTE:
    default:
      return _("Pearson's μ = √(χ² / (N + χ²)), the coefficient normalised to 0–1 (0: random solution); "
               "here N is the element's atoms in the blocks (as 3Depict)");
    }
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
      GtkWidget *label = isc_table_label_new (NULL, c > 0);

      gtk_label_set_markup (GTK_LABEL (label), _(headers[c]));
      gtk_widget_add_css_class (label, "heading");
      if (c == 5)
        {
          /* μ names the N it is normalised with. */
          g_autofree char *markup = g_strdup_printf ("%s (%s)", _(headers[c]), mu_n_symbol (self->fda_settings.mu_n));

          gtk_label_set_markup (GTK_LABEL (label), markup);
          gtk_widget_set_tooltip_text (label, mu_n_tooltip (self->fda_settings.mu_n));
        }
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
      {
        g_autofree char *p = isc_fda_format_p_value (r->p_value);

        g_strlcpy (cells[4], p, sizeof cells[4]);
      }
      format_number (cells[5], sizeof cells[5], r->mu, "%.4f");
      for (guint c = 0; c < 6; c++)
        {
          labels[c] = isc_table_label_new (cells[c], c > 0);
          if (high)
            gtk_widget_add_css_class (labels[c], "isc-mu-high");
          gtk_grid_attach (GTK_GRID (self->table), labels[c], c, i + 1, 1, 1);
        }
      {
        /* μ's definition with the N used, and its value. */
        g_autofree char *tip = NULL;

        if (high)
          tip = g_strdup_printf ("%s\n%s\nN = %" G_GUINT64_FORMAT, _("μ above the threshold: not a random solution"),
                                 mu_n_tooltip (r->mu_n), r->mu_n_value);
        else
          tip = g_strdup_printf ("%s\nN = %" G_GUINT64_FORMAT, mu_n_tooltip (r->mu_n), r->mu_n_value);
        gtk_widget_set_tooltip_text (labels[5], tip);
      }
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
  /* On screen the plots follow the window's style; the panel exports tables, not figures. */
  isc_plot_set_theme (data, isc_style_is_dark () ? ISC_PLOT_THEME_DARK : ISC_PLOT_THEME_PUBLICATION);
  isc_plot_draw (data, cr, width, height);
}

static void
style_changed (GtkWidget *widget)
{
  IscAnalysisPanel *self = ISC_ANALYSIS_PANEL (widget);

  gtk_widget_queue_draw (GTK_WIDGET (self->profile_area));
  gtk_widget_queue_draw (GTK_WIDGET (self->fda_area));
}

/* Li when the data hold it (the element the battery analyses are about), else the elements of
 * the default normalisation basis, else every element: the profile never starts empty. */
static void
choose_default_elements (IscAnalysisPanel *self)
{
  static const char * const basis[] = { "Ni", "Co", "Mn", NULL };

  g_hash_table_remove_all (self->shown);
  if (self->elements == NULL)
    return;
  if (g_strv_contains ((const char * const *) self->elements, "Li"))
    g_hash_table_add (self->shown, g_strdup ("Li"));
  else
    for (guint i = 0; basis[i] != NULL; i++)
      if (g_strv_contains ((const char * const *) self->elements, basis[i]))
        g_hash_table_add (self->shown, g_strdup (basis[i]));
  if (g_hash_table_size (self->shown) == 0)
    for (guint e = 0; self->elements[e] != NULL; e++)
      g_hash_table_add (self->shown, g_strdup (self->elements[e]));
}

static void
rebuild_element_controls (IscAnalysisPanel *self)
{
  GtkWidget *child;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->toggles_box))) != NULL)
    gtk_flow_box_remove (self->toggles_box, child);
  for (guint e = 0; self->elements != NULL && self->elements[e] != NULL; e++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (self->elements[e]);
      g_autofree char *tooltip = g_strdup_printf (_("Plot %s in the concentration profile"), self->elements[e]);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   isc_analysis_panel_get_element_visible (self, self->elements[e]));
      gtk_widget_set_tooltip_text (check, tooltip);
      gtk_widget_set_name (check, self->elements[e]);
      g_object_set_data_full (G_OBJECT (check), "element", g_strdup (self->elements[e]), g_free);
      g_signal_connect (check, "toggled", G_CALLBACK (on_element_toggled), self);
      gtk_flow_box_append (self->toggles_box, check);
      /* The check box takes the focus, not the flow box's cell around it. */
      gtk_widget_set_focusable (gtk_widget_get_parent (check), FALSE);
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
  /* A nearest-neighbour block is an ion's k ≤ 64 neighbours. */
  if (self->fda_settings.blocks == ISC_FDA_BLOCKS_NN && self->fda_settings.block_size > 64)
    {
      self->fda_settings.block_size = 20;
      sync_controls (self);
    }
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

static void
unfocus_flow_box_cells (GtkWidget *flow_box)
{
  /* The controls take the focus, not the flow box's cells around them. */
  for (GtkWidget *child = gtk_widget_get_first_child (flow_box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
}

static void
isc_analysis_panel_dispose (GObject *object)
{
  IscAnalysisPanel *self = ISC_ANALYSIS_PANEL (object);

  /* Never waits: a worker still running frees its own job and result. */
  g_clear_pointer (&self->task, isc_task_slot_free);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISC_TYPE_ANALYSIS_PANEL);
  G_OBJECT_CLASS (isc_analysis_panel_parent_class)->dispose (object);
}

static void
isc_analysis_panel_finalize (GObject *object)
{
  IscAnalysisPanel *self = ISC_ANALYSIS_PANEL (object);

  g_clear_pointer (&self->holder, cloud_holder_unref);
  g_clear_pointer (&self->ranges, isc_range_set_free);
  g_clear_pointer (&self->elements, g_strfreev);
  g_clear_pointer (&self->results, results_free);
  g_clear_pointer (&self->shown, g_hash_table_unref);
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

  isc_busy_class_install (object_class, (IscBusyFunc) isc_analysis_panel_is_busy);

  /* Emitted on the main thread when new results are shown. */
  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "analysis.export-profile", NULL, export_profile_action);
  gtk_widget_class_install_action (widget_class, "analysis.export-fda", NULL, export_fda_action);

  isc_widget_class_set_template (widget_class, "analysis-panel", "analysispanel", GTK_TYPE_BIN_LAYOUT);
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscAnalysisPanel, box);
  gtk_widget_class_bind_template_child_full (widget_class, "profile_settings", FALSE,
                                             G_STRUCT_OFFSET (IscAnalysisPanel, profile_settings_box));
  gtk_widget_class_bind_template_child_full (widget_class, "fda_settings", FALSE,
                                             G_STRUCT_OFFSET (IscAnalysisPanel, fda_settings_box));
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscAnalysisPanel, axis_dropdown, binning_dropdown, bin_spin,
                              block_spin, chi2_dropdown, unit_dropdown, layout_dropdown, threshold_spin,
                              toggles_box, profile_area, fda_element_dropdown, fda_area, table, status_label);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, on_settings_changed, on_threshold_changed,
                               on_fda_element_changed);
}

static void
isc_analysis_panel_init (IscAnalysisPanel *self)
{
  isc_roi_init_all (&self->roi);
  isc_profile_settings_init (&self->profile_settings);
  isc_fda_settings_init (&self->fda_settings);
  self->mu_threshold = 0.1;
  self->mu_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->task = isc_task_slot_new (self, NULL);

  self->profile_plot = isc_plot_new ();
  isc_plot_set_axis_label (self->profile_plot, ISC_PLOT_AXIS_X, _("Position (nm)"));
  isc_plot_set_axis_label (self->profile_plot, ISC_PLOT_AXIS_Y, _("Atomic fraction"));
  self->fda_plot = isc_plot_new ();
  isc_plot_set_axis_label (self->fda_plot, ISC_PLOT_AXIS_X, _("Atoms of the element per block"));
  isc_plot_set_axis_label (self->fda_plot, ISC_PLOT_AXIS_Y, _("Blocks"));

  /* Controls set from code (sync_controls) must not start a computation. */
  self->syncing = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->syncing = FALSE;
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->profile_area), draw_plot, self->profile_plot, NULL);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->fda_area), draw_plot, self->fda_plot, NULL);
  isc_style_watch (GTK_WIDGET (self), style_changed);
  unfocus_flow_box_cells (self->profile_settings_box);
  unfocus_flow_box_cells (self->fda_settings_box);
  unfocus_flow_box_cells (gtk_widget_get_prev_sibling (GTK_WIDGET (self->status_label)));

  sync_controls (self);
  rebuild_table (self);
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

  isc_task_slot_cancel (self->task);
  g_clear_pointer (&self->holder, cloud_holder_unref);
  self->holder = g_atomic_rc_box_new0 (CloudHolder);
  self->holder->cloud = cloud;
  self->holder->destroy = cloud_destroy;
  g_clear_pointer (&self->ranges, isc_range_set_free);
  self->ranges = isc_range_set_copy (ranges);
  g_clear_pointer (&self->elements, g_strfreev);
  self->elements = isc_range_set_list_elements (ranges);
  g_clear_pointer (&self->results, results_free);
  /* Edited ranges keep the ticked elements they still hold; new data start from the defaults. */
  if (self->shown != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->shown);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_strv_contains ((const char * const *) self->elements, key))
          g_hash_table_iter_remove (&iter);
    }
  if (self->shown == NULL || g_hash_table_size (self->shown) == 0)
    {
      if (self->shown == NULL)
        self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      choose_default_elements (self);
    }

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

void
isc_analysis_panel_set_element_visible (IscAnalysisPanel *self,
                                        const char       *element,
                                        gboolean          visible)
{
  g_return_if_fail (ISC_IS_ANALYSIS_PANEL (self));
  g_return_if_fail (element != NULL);

  if (self->shown == NULL)
    self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (visible)
    g_hash_table_add (self->shown, g_strdup (element));
  else
    g_hash_table_remove (self->shown, element);
  for (GtkWidget *cell = gtk_widget_get_first_child (GTK_WIDGET (self->toggles_box)); cell != NULL;
       cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget *check = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (cell));

      if (g_strcmp0 (g_object_get_data (G_OBJECT (check), "element"), element) == 0
          && gtk_check_button_get_active (GTK_CHECK_BUTTON (check)) != visible)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), visible);
    }
  rebuild_profile_plot (self);
}

gboolean
isc_analysis_panel_get_element_visible (IscAnalysisPanel *self,
                                        const char       *element)
{
  g_return_val_if_fail (ISC_IS_ANALYSIS_PANEL (self), FALSE);
  g_return_val_if_fail (element != NULL, FALSE);

  /* Before any data, every element counts as shown. */
  return self->shown == NULL || g_hash_table_contains (self->shown, element);
}

gboolean
isc_analysis_panel_is_busy (IscAnalysisPanel *self)
{
  g_return_val_if_fail (ISC_IS_ANALYSIS_PANEL (self), FALSE);

  return self->idle_id != 0 || isc_task_slot_is_busy (self->task);
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

char *
isc_analysis_panel_get_fda_csv (IscAnalysisPanel *self)
{
  g_return_val_if_fail (ISC_IS_ANALYSIS_PANEL (self), NULL);

  if (self->results == NULL || self->results->fda == NULL)
    return NULL;
  return isc_fda_results_to_csv (self->results->fda);
}
