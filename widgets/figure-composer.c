/* figure-composer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "figure-composer.h"
#include "isc-save-dialog.h"
#include "isc-widgets.h"
#include "project-copy.h"
#include "project-figures.h"

#define PREVIEW_WIDTH_PX 900    /* drawn at this width, scaled down by the picture */
#define PREVIEW_DELAY_MS 150    /* settle time after a change before the preview is redrawn */

/* The panel kinds in figure-layout.c's order, as the user reads them. */
static const char *const kind_labels[] = {
  N_("Gradient (ratio versus depth)"), N_("Elements versus depth"), N_("Gradient depth"),
  N_("Retention versus ratio"), N_("Capacity"), N_("Capacity retention"), N_("Ion map"),
  N_("STEM image with scale bar"), N_("Line profile"), N_("FFT"), N_("Concentration profile"),
  N_("Frequency distribution"), N_("APT map on the registered image"), N_("In situ series"),
};

struct _IscFigureComposer
{
  GtkWindow        parent_instance;

  IscProject      *project;        /* private copy, read by the worker threads */
  IscFigureLayout *layout;
  GPtrArray       *sites;          /* char* "CONDITION/LABEL" */
  GPtrArray       *conditions;     /* char* */
  GPtrArray       *saved;          /* char* names of the saved figures */
  guint            row, column;    /* the cell being edited */
  gboolean         syncing;        /* controls are being set from the layout */
  guint            preview_source;
  guint            generation;
  GCancellable    *preview_cancellable;
  GdkTexture      *preview_texture;

  /* template children */
  GtkDropDown     *start_dropdown;
  GtkEntry        *name_entry;
  GtkSpinButton   *rows_spin;
  GtkSpinButton   *columns_spin;
  GtkDropDown     *cell_dropdown;
  GtkDropDown     *kind_dropdown;
  GtkDropDown     *site_dropdown;
  GtkDropDown     *condition_dropdown;
  GtkEntry        *element_entry;
  GtkDropDown     *width_dropdown;
  GtkSpinButton   *custom_width_spin;
  GtkDropDown     *unit_dropdown;
  GtkSpinButton   *height_spin;
  GtkSpinButton   *font_spin;
  GtkDropDown     *dpi_dropdown;
  GtkLabel        *status_label;
  GtkPicture      *preview;
  GtkButton       *save_button;
  GtkButton       *export_button;
};

G_DEFINE_FINAL_TYPE (IscFigureComposer, isc_figure_composer, GTK_TYPE_WINDOW)

enum
{
  SAVE_FIGURE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const double dpi_values[] = { 300, 600, 1200 };

/* Preview */

typedef struct
{
  IscFigureLayout *layout;
  IscProject      *project;   /* borrowed: the composer outlives its tasks (it holds them) */
  guint            generation;
} PreviewJob;

static void
preview_job_free (gpointer data)
{
  PreviewJob *job = data;

  isc_figure_layout_free (job->layout);
  g_free (job);
}

static void
preview_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  PreviewJob *job = data;
  g_autoptr(IscFigure) figure = NULL;
  GError *error = NULL;
  double w_pt = isc_figure_options_width_pt (&job->layout->options);
  double h_pt = isc_figure_options_height_pt (&job->layout->options);
  double scale = PREVIEW_WIDTH_PX / w_pt;
  cairo_surface_t *surface;
  cairo_t *cr;

  figure = isc_figure_layout_build (job->layout, job->project, cancellable, &error);
  if (figure == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, PREVIEW_WIDTH_PX,
                                        MAX (1, (int) ceil (h_pt * scale)));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  isc_figure_draw (figure, cr, w_pt, h_pt);
  cairo_destroy (cr);
  /* The ion map's GL context goes with the figure, on this thread. */
  g_clear_pointer (&figure, isc_figure_free);
  g_task_return_pointer (task, surface, (GDestroyNotify) cairo_surface_destroy);
}

static GdkTexture *
texture_from_surface (cairo_surface_t *surface)
{
  g_autoptr(GBytes) bytes = NULL;
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);

  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * h);
  return gdk_memory_texture_new (w, h, GDK_MEMORY_DEFAULT, bytes, stride);
}

static void
preview_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = g_task_propagate_pointer (G_TASK (result), &error);
  PreviewJob *job = g_task_get_task_data (G_TASK (result));
  IscFigureComposer *self = ISC_FIGURE_COMPOSER (source);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || job->generation != self->generation)
    {
      g_clear_pointer (&surface, cairo_surface_destroy);
      return;
    }
  if (surface == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }
  gtk_label_set_text (self->status_label, "");
  g_clear_object (&self->preview_texture);
  self->preview_texture = texture_from_surface (surface);
  cairo_surface_destroy (surface);
  gtk_picture_set_paintable (self->preview, GDK_PAINTABLE (self->preview_texture));
}

static gboolean
preview_timeout_cb (gpointer data)
{
  IscFigureComposer *self = data;
  g_autoptr(GTask) task = NULL;
  PreviewJob *job;

  self->preview_source = 0;
  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  self->preview_cancellable = g_cancellable_new ();
  job = g_new0 (PreviewJob, 1);
  job->layout = isc_figure_layout_copy (self->layout);
  job->project = self->project;
  job->generation = ++self->generation;
  gtk_label_set_text (self->status_label, _("Drawing the preview…"));
  task = g_task_new (self, self->preview_cancellable, preview_done, NULL);
  g_task_set_task_data (task, job, preview_job_free);
  g_task_run_in_thread (task, preview_thread);
  return G_SOURCE_REMOVE;
}

static void
schedule_preview (IscFigureComposer *self)
{
  g_clear_handle_id (&self->preview_source, g_source_remove);
  self->preview_source = g_timeout_add (PREVIEW_DELAY_MS, preview_timeout_cb, self);
}

/* Controls ↔ layout */

static void
set_strings (GtkDropDown *dropdown,
             GPtrArray   *strings,
             const char  *first)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  if (first != NULL)
    gtk_string_list_append (list, first);
  for (guint i = 0; i < strings->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (strings, i));
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

static guint
index_of (GPtrArray  *strings,
          const char *value)
{
  for (guint i = 0; value != NULL && i < strings->len; i++)
    if (g_str_equal (g_ptr_array_index (strings, i), value))
      return i;
  return 0;
}

static void
sync_panel_controls (IscFigureComposer *self)
{
  IscFigurePanelSpec *panel = isc_figure_layout_get_panel (self->layout, self->row, self->column);
  const char * const *kinds = isc_figure_panel_kinds ();
  IscFigurePanelNeeds needs;
  guint kind = 0;

  self->syncing = TRUE;
  for (guint i = 0; panel != NULL && kinds[i] != NULL; i++)
    if (g_str_equal (kinds[i], panel->kind))
      kind = i + 1;
  gtk_drop_down_set_selected (self->kind_dropdown, kind);
  gtk_drop_down_set_selected (self->site_dropdown,
                              index_of (self->sites, panel != NULL ? panel->site : NULL));
  gtk_drop_down_set_selected (self->condition_dropdown,
                              panel != NULL && panel->condition != NULL
                              ? index_of (self->conditions, panel->condition) + 1 : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->element_entry),
                         panel != NULL && panel->element != NULL ? panel->element : "Li");
  needs = isc_figure_panel_kind_needs (panel != NULL ? panel->kind : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->site_dropdown),
                            needs == ISC_FIGURE_PANEL_NEEDS_SITE && self->sites->len > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->condition_dropdown),
                            needs == ISC_FIGURE_PANEL_NEEDS_CONDITION);
  self->syncing = FALSE;
}

static void
sync_cells (IscFigureComposer *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  self->syncing = TRUE;
  for (guint r = 0; r < self->layout->rows; r++)
    for (guint c = 0; c < self->layout->columns; c++)
      {
        g_autofree char *label = g_strdup_printf (_("Row %u, column %u"), r + 1, c + 1);

        gtk_string_list_append (list, label);
      }
  gtk_drop_down_set_model (self->cell_dropdown, G_LIST_MODEL (list));
  self->row = MIN (self->row, self->layout->rows - 1);
  self->column = MIN (self->column, self->layout->columns - 1);
  gtk_drop_down_set_selected (self->cell_dropdown, self->row * self->layout->columns + self->column);
  self->syncing = FALSE;
  sync_panel_controls (self);
}

static void
sync_controls (IscFigureComposer *self)
{
  const IscFigureOptions *o = &self->layout->options;
  guint dpi = 0;

  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), self->layout->name);
  gtk_spin_button_set_value (self->rows_spin, self->layout->rows);
  gtk_spin_button_set_value (self->columns_spin, self->layout->columns);
  gtk_drop_down_set_selected (self->width_dropdown, o->width_preset);
  gtk_drop_down_set_selected (self->unit_dropdown, self->layout->width_in_inches ? 1 : 0);
  gtk_spin_button_set_value (self->custom_width_spin,
                             isc_figure_options_width_mm (o) / (self->layout->width_in_inches ? 25.4 : 1));
  gtk_widget_set_sensitive (GTK_WIDGET (self->custom_width_spin), o->width_preset == ISC_FIGURE_WIDTH_CUSTOM);
  gtk_widget_set_sensitive (GTK_WIDGET (self->unit_dropdown), o->width_preset == ISC_FIGURE_WIDTH_CUSTOM);
  gtk_spin_button_set_value (self->height_spin, isc_figure_options_height_mm (o));
  gtk_spin_button_set_value (self->font_spin, o->font_pt);
  for (guint i = 0; i < G_N_ELEMENTS (dpi_values); i++)
    if (fabs (o->dpi - dpi_values[i]) < fabs (o->dpi - dpi_values[dpi]))
      dpi = i;
  gtk_drop_down_set_selected (self->dpi_dropdown, dpi);
  self->syncing = FALSE;
  sync_cells (self);
}

static void
read_options (IscFigureComposer *self)
{
  IscFigureOptions *o = &self->layout->options;
  guint preset = gtk_drop_down_get_selected (self->width_dropdown);
  double custom = gtk_spin_button_get_value (self->custom_width_spin);

  self->layout->width_in_inches = gtk_drop_down_get_selected (self->unit_dropdown) == 1;
  o->width_preset = MIN (preset, ISC_FIGURE_WIDTH_CUSTOM);
  o->width_mm = self->layout->width_in_inches ? custom * 25.4 : custom;
  o->height_mm = gtk_spin_button_get_value (self->height_spin);
  o->font_pt = gtk_spin_button_get_value (self->font_spin);
  o->dpi = dpi_values[MIN (gtk_drop_down_get_selected (self->dpi_dropdown), G_N_ELEMENTS (dpi_values) - 1)];
  gtk_widget_set_sensitive (GTK_WIDGET (self->custom_width_spin), o->width_preset == ISC_FIGURE_WIDTH_CUSTOM);
  gtk_widget_set_sensitive (GTK_WIDGET (self->unit_dropdown), o->width_preset == ISC_FIGURE_WIDTH_CUSTOM);
}

static void
options_changed_cb (IscFigureComposer *self)
{
  if (self->syncing)
    return;
  read_options (self);
  schedule_preview (self);
}

/* The typed width keeps its length in the other unit. */
static void
unit_changed_cb (IscFigureComposer *self)
{
  gboolean inches = gtk_drop_down_get_selected (self->unit_dropdown) == 1;
  double value = gtk_spin_button_get_value (self->custom_width_spin);

  if (self->syncing || inches == self->layout->width_in_inches)
    return;
  self->syncing = TRUE;
  gtk_spin_button_set_digits (self->custom_width_spin, 2);
  gtk_spin_button_set_value (self->custom_width_spin, inches ? value / 25.4 : value * 25.4);
  self->syncing = FALSE;
  options_changed_cb (self);
}

static void
grid_changed_cb (IscFigureComposer *self)
{
  if (self->syncing)
    return;
  isc_figure_layout_set_grid (self->layout, gtk_spin_button_get_value_as_int (self->rows_spin),
                              gtk_spin_button_get_value_as_int (self->columns_spin));
  sync_cells (self);
  schedule_preview (self);
}

static void
cell_changed_cb (IscFigureComposer *self)
{
  guint i = gtk_drop_down_get_selected (self->cell_dropdown);

  if (self->syncing || i == GTK_INVALID_LIST_POSITION)
    return;
  self->row = i / self->layout->columns;
  self->column = i % self->layout->columns;
  sync_panel_controls (self);
}

static void
panel_changed_cb (IscFigureComposer *self)
{
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  guint site = gtk_drop_down_get_selected (self->site_dropdown);
  guint condition = gtk_drop_down_get_selected (self->condition_dropdown);
  const char *element = gtk_editable_get_text (GTK_EDITABLE (self->element_entry));
  IscFigurePanelSpec *panel;

  if (self->syncing)
    return;
  panel = isc_figure_layout_set_panel (self->layout, self->row, self->column,
                                       kind > 0 && kind != GTK_INVALID_LIST_POSITION
                                       ? isc_figure_panel_kinds ()[kind - 1] : NULL);
  if (panel != NULL)
    {
      IscFigurePanelNeeds needs = isc_figure_panel_kind_needs (panel->kind);

      if (needs == ISC_FIGURE_PANEL_NEEDS_SITE && site < self->sites->len)
        panel->site = g_strdup (g_ptr_array_index (self->sites, site));
      if (needs == ISC_FIGURE_PANEL_NEEDS_CONDITION && condition > 0 && condition <= self->conditions->len)
        panel->condition = g_strdup (g_ptr_array_index (self->conditions, condition - 1));
      if (element[0] != '\0' && !g_str_equal (element, "Li"))
        panel->element = g_strdup (element);
    }
  sync_panel_controls (self);
  schedule_preview (self);
}

static void
start_changed_cb (IscFigureComposer *self)
{
  guint i = gtk_drop_down_get_selected (self->start_dropdown);
  g_autoptr(IscFigureLayout) layout = NULL;
  g_autoptr(GError) error = NULL;

  if (self->syncing || i == GTK_INVALID_LIST_POSITION)
    return;
  if (i == 0)
    layout = isc_figure_layout_new (_("Figure"), 2, 2);
  else if (i <= 2)
    {
      guint site = gtk_drop_down_get_selected (self->site_dropdown);

      if (self->sites->len == 0)
        {
          gtk_label_set_text (self->status_label, _("The project has no site for a site figure."));
          return;
        }
      layout = isc_figure_layout_new_site (g_ptr_array_index (self->sites, MIN (site, self->sites->len - 1)),
                                           i == 2, NULL);
      g_free (layout->name);
      layout->name = g_strdup (i == 2 ? _("Site figure with profile") : _("Site figure"));
    }
  else if (i - 3 < self->saved->len)
    {
      IscProjectFigure *saved = isc_project_find_figure (self->project,
                                                         g_ptr_array_index (self->saved, i - 3));

      layout = saved != NULL ? isc_figure_layout_from_json (saved->layout, NULL, &error) : NULL;
      if (layout == NULL)
        {
          gtk_label_set_text (self->status_label, error != NULL ? error->message : "");
          return;
        }
    }
  if (layout != NULL)
    isc_figure_composer_set_layout (self, layout);
}

static void
sync_start_list (IscFigureComposer *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  self->syncing = TRUE;
  gtk_string_list_append (list, _("New figure"));
  gtk_string_list_append (list, _("Site figure"));
  gtk_string_list_append (list, _("Site figure with profile"));
  for (guint i = 0; i < self->saved->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (self->saved, i));
  gtk_drop_down_set_model (self->start_dropdown, G_LIST_MODEL (list));
  self->syncing = FALSE;
}

static void
save_clicked_cb (IscFigureComposer *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
  g_autofree char *json = NULL;
  g_autofree char *message = NULL;

  if (name[0] == '\0')
    name = _("Figure");
  g_free (self->layout->name);
  self->layout->name = g_strdup (name);
  json = isc_figure_layout_to_json (self->layout);
  if (isc_project_find_figure (self->project, name) == NULL)
    g_ptr_array_add (self->saved, g_strdup (name));
  isc_project_set_figure (self->project, name, json);
  g_signal_emit (self, signals[SAVE_FIGURE], 0, name, json);
  sync_start_list (self);
  message = g_strdup_printf (_("Saved “%s” in the project."), name);
  gtk_label_set_text (self->status_label, message);
}

/* Export */

typedef struct
{
  IscFigureLayout *layout;
  IscProject      *project;
  char            *path;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  isc_figure_layout_free (job->layout);
  g_free (job->path);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ExportJob *job = data;
  GError *error = NULL;

  if (isc_figure_layout_export (job->layout, job->project, job->path, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  IscFigureComposer *self = ISC_FIGURE_COMPOSER (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    isc_show_error (GTK_WIDGET (self), _("The figure could not be saved"), error->message);
  else
    {
      g_autofree char *base = g_path_get_basename (job->path);
      g_autofree char *message = g_strdup_printf (_("Exported %s."), base);

      gtk_label_set_text (self->status_label, message);
    }
}

static gboolean
write_figure (const char  *path,
              gpointer     data,
              GError     **error)
{
  IscFigureComposer *self = data;
  g_autoptr(GTask) task = g_task_new (self, NULL, export_done, NULL);
  ExportJob *job = g_new0 (ExportJob, 1);

  job->layout = isc_figure_layout_copy (self->layout);
  job->project = self->project;
  job->path = g_strdup (path);
  g_task_set_task_data (task, job, export_job_free);
  gtk_label_set_text (self->status_label, _("Exporting…"));
  g_task_run_in_thread (task, export_thread);
  return TRUE;
}

static void
export_clicked_cb (IscFigureComposer *self)
{
  g_autofree char *name = g_strdup_printf ("%s.pdf", self->layout->name);

  g_strdelimit (name, "/\\", '-');
  isc_save_dialog_run (GTK_WIDGET (self), _("Export Figure"), _("_Export"), name,
                       isc_save_dialog_figure_filters, ISC_SAVE_DIALOG_ADD_SUFFIX | ISC_SAVE_DIALOG_MATCH_FILTER, NULL,
                       write_figure, self);
}

/* Lifetime */

static void
isc_figure_composer_dispose (GObject *object)
{
  IscFigureComposer *self = ISC_FIGURE_COMPOSER (object);

  g_clear_handle_id (&self->preview_source, g_source_remove);
  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->preview_texture);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISC_TYPE_FIGURE_COMPOSER);
  G_OBJECT_CLASS (isc_figure_composer_parent_class)->dispose (object);
}

static void
isc_figure_composer_finalize (GObject *object)
{
  IscFigureComposer *self = ISC_FIGURE_COMPOSER (object);

  g_clear_pointer (&self->layout, isc_figure_layout_free);
  g_clear_pointer (&self->project, isc_project_free);
  g_clear_pointer (&self->sites, g_ptr_array_unref);
  g_clear_pointer (&self->conditions, g_ptr_array_unref);
  g_clear_pointer (&self->saved, g_ptr_array_unref);
  G_OBJECT_CLASS (isc_figure_composer_parent_class)->finalize (object);
}

static void
isc_figure_composer_class_init (IscFigureComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_figure_composer_dispose;
  object_class->finalize = isc_figure_composer_finalize;

  signals[SAVE_FIGURE] = g_signal_new ("save-figure", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                       G_TYPE_STRING);

  g_type_ensure (ADW_TYPE_HEADER_BAR);
  isc_widget_class_set_template (widget_class, "figure-composer", NULL, G_TYPE_INVALID);
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscFigureComposer, start_dropdown, name_entry, rows_spin,
                              columns_spin, cell_dropdown, kind_dropdown, site_dropdown, condition_dropdown,
                              element_entry, width_dropdown, custom_width_spin, unit_dropdown, height_spin,
                              font_spin, dpi_dropdown, status_label, preview, save_button, export_button);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, start_changed_cb, grid_changed_cb, cell_changed_cb,
                               panel_changed_cb, options_changed_cb, unit_changed_cb, save_clicked_cb,
                               export_clicked_cb);
}

static void
isc_figure_composer_init (IscFigureComposer *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  self->sites = g_ptr_array_new_with_free_func (g_free);
  self->conditions = g_ptr_array_new_with_free_func (g_free);
  self->saved = g_ptr_array_new_with_free_func (g_free);
  self->syncing = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_string_list_append (kinds, _("Nothing"));
  for (guint i = 0; i < G_N_ELEMENTS (kind_labels); i++)
    gtk_string_list_append (kinds, _(kind_labels[i]));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));
  self->syncing = FALSE;
}

/* Public API */

static gboolean
site_has (IscSite        *site,
          IscDatasetKind  kind)
{
  for (guint i = 0; i < site->datasets->len; i++)
    if (((IscDataset *) g_ptr_array_index (site->datasets, i))->kind == kind)
      return TRUE;
  return FALSE;
}

GtkWidget *
isc_figure_composer_new (GtkWindow  *parent,
                         IscProject *project)
{
  IscFigureComposer *self;
  g_autoptr(IscFigureLayout) layout = NULL;
  const char *site_figure = NULL;
  GPtrArray *figures;

  g_return_val_if_fail (project != NULL, NULL);

  self = g_object_new (ISC_TYPE_FIGURE_COMPOSER, "transient-for", parent, NULL);
  self->project = isc_project_copy (project);
  for (guint c = 0; c < project->conditions->len; c++)
    {
      IscCondition *condition = g_ptr_array_index (project->conditions, c);

      g_ptr_array_add (self->conditions, g_strdup (condition->name));
      for (guint s = 0; s < condition->sites->len; s++)
        {
          IscSite *site = g_ptr_array_index (condition->sites, s);
          char *spec = g_strdup_printf ("%s/%s", condition->name, site->label);

          g_ptr_array_add (self->sites, spec);
          if (site_figure == NULL && site_has (site, ISC_DATASET_APT) && site_has (site, ISC_DATASET_STEM))
            site_figure = spec;
        }
    }
  figures = isc_project_get_figures (self->project);
  for (guint i = 0; i < figures->len; i++)
    g_ptr_array_add (self->saved, g_strdup (((IscProjectFigure *) g_ptr_array_index (figures, i))->name));

  self->syncing = TRUE;
  set_strings (self->site_dropdown, self->sites, NULL);
  set_strings (self->condition_dropdown, self->conditions, _("First with data"));
  self->syncing = FALSE;
  sync_start_list (self);

  if (figures->len > 0)
    layout = isc_figure_layout_from_json (((IscProjectFigure *) g_ptr_array_index (figures, 0))->layout,
                                          NULL, NULL);
  if (layout == NULL && site_figure != NULL)
    {
      layout = isc_figure_layout_new_site (site_figure, TRUE, NULL);
      g_free (layout->name);
      layout->name = g_strdup (_("Site figure with profile"));
    }
  if (layout == NULL)
    layout = isc_figure_layout_new (_("Figure"), 2, 2);
  isc_figure_composer_set_layout (self, layout);
  /* The start list names where the figure came from. */
  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->start_dropdown, figures->len > 0 ? 3 : site_figure != NULL ? 2 : 0);
  self->syncing = FALSE;
  return GTK_WIDGET (self);
}

void
isc_figure_composer_set_layout (IscFigureComposer     *self,
                                const IscFigureLayout *layout)
{
  g_return_if_fail (ISC_IS_FIGURE_COMPOSER (self) && layout != NULL);

  g_clear_pointer (&self->layout, isc_figure_layout_free);
  self->layout = isc_figure_layout_copy (layout);
  self->row = self->column = 0;
  sync_controls (self);
  schedule_preview (self);
}

const IscFigureLayout *
isc_figure_composer_get_layout (IscFigureComposer *self)
{
  g_return_val_if_fail (ISC_IS_FIGURE_COMPOSER (self), NULL);
  return self->layout;
}

void
isc_figure_composer_select_cell (IscFigureComposer *self,
                                 guint              row,
                                 guint              column)
{
  g_return_if_fail (ISC_IS_FIGURE_COMPOSER (self));
  g_return_if_fail (row < self->layout->rows && column < self->layout->columns);
  gtk_drop_down_set_selected (self->cell_dropdown, row * self->layout->columns + column);
}

gboolean
isc_figure_composer_export (IscFigureComposer  *self,
                            const char         *path,
                            GError            **error)
{
  g_return_val_if_fail (ISC_IS_FIGURE_COMPOSER (self) && path != NULL, FALSE);
  return isc_figure_layout_export (self->layout, self->project, path, NULL, error);
}
