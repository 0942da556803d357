/* gradient-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gradient-table.h"
#include "gradient-view.h"
#include "isc-busy.h"
#include "isc-style.h"
#include "isc-widgets.h"
#include "project-copy.h"
#include "isc-save-dialog.h"
#include "isc-task-slot.h"
#include "project-analysis.h"
#include "project-retention.h"

struct _IscGradientView
{
  GtkWidget parent_instance;

  IscProject *project;          /* borrowed */
  IscGradient *gradient;        /* owned; NULL until an analysis finished */
  char *basis;                  /* normalising elements of the project's first site */
  IscTaskSlot *analysis;        /* the analysis, on a private copy of the project */
  char *message;
  char *warning;                /* of the last analysis, shown when the plot has no problem */

  IscGradientPlotKind kind;
  char *element;
  char *condition;
  gboolean log_depth;
  gboolean updating;            /* TRUE while the choosers are refilled by code */

  /* Template children (resources/ui/gradient-view.ui) */
  GtkWidget *controls;
  GtkWidget *kind_dropdown;
  GtkWidget *element_dropdown;
  GtkWidget *condition_dropdown;
  GtkWidget *log_check;
  GtkWidget *table_button;
  GtkWidget *spinner;
  GtkWidget *status_label;
  GtkWidget *plot_view;
};

static void isc_gradient_view_page_init (IscPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IscGradientView, isc_gradient_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (ISC_TYPE_PAGE, isc_gradient_view_page_init))

/* Result of the worker thread. */
typedef struct
{
  IscProject *copy;  /* the worker's copy, whose cached ratios go home to the view's project */
  IscGradient *gradient;
  char *basis;
  char *warning;     /* a cycler file that gave no retention (its stored value is used) */
  GError *error;     /* the analysis failed (the cache may still have gained ratios) */
} Analysis;

static void
analysis_free (gpointer data)
{
  Analysis *analysis = data;

  g_clear_pointer (&analysis->copy, isc_project_free);
  g_clear_pointer (&analysis->gradient, isc_gradient_free);
  g_free (analysis->basis);
  g_free (analysis->warning);
  g_clear_error (&analysis->error);
  g_free (analysis);
}

/* Input of the worker thread: a private copy, which the user's edits cannot reach. */
typedef struct
{
  IscProject *project;
} AnalysisInput;

static void
analysis_input_free (gpointer data)
{
  AnalysisInput *input = data;

  g_clear_pointer (&input->project, isc_project_free);
  g_free (input);
}

/* -------------------------------------------------------------- helpers */

static void
set_message (IscGradientView *self,
             const char      *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  isc_label_set_status (self->status_label, message);
}

static void
rebuild (IscGradientView *self)
{
  IscGradientPlotOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  IscPlot *plot;

  gtk_widget_set_sensitive (self->condition_dropdown, self->kind == ISC_GRADIENT_PLOT_ELEMENTS);
  gtk_widget_set_sensitive (self->log_check, self->kind == ISC_GRADIENT_PLOT_GRADIENT
                                             || self->kind == ISC_GRADIENT_PLOT_ELEMENTS);
  if (self->gradient == NULL)
    {
      isc_plot_view_set_plot (ISC_PLOT_VIEW (self->plot_view), NULL);
      return;
    }
  options.element = self->element;
  options.condition = self->condition;
  options.basis = self->basis;
  options.log_depth = self->log_depth;
  plot = isc_gradient_plot_new (self->gradient, self->kind, &options, &error);
  isc_plot_view_set_plot (ISC_PLOT_VIEW (self->plot_view), plot);
  set_message (self, error != NULL ? error->message : self->warning);
}

/* Replaces the strings of @dropdown and selects @selected (or the first). */
static void
fill_dropdown (IscGradientView    *self,
               GtkWidget          *dropdown,
               const char * const *strings,
               const char         *selected)
{
  GtkStringList *list = gtk_string_list_new (strings);
  guint index = 0;

  for (guint i = 0; strings != NULL && strings[i] != NULL; i++)
    if (g_strcmp0 (strings[i], selected) == 0)
      index = i;
  self->updating = TRUE;
  gtk_drop_down_set_model (GTK_DROP_DOWN (dropdown), G_LIST_MODEL (list));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), index);
  self->updating = FALSE;
  g_object_unref (list);
}

static const char *
dropdown_string (GtkWidget *dropdown)
{
  GObject *item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (dropdown));

  return GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (GTK_STRING_OBJECT (item))
                                     : NULL;
}

/* After an analysis: the element and condition lists of the new gradient, keeping the choices
 * that still exist. */
static void
refill_choosers (IscGradientView *self)
{
  g_auto(GStrv) elements = isc_gradient_list_elements (self->gradient, G_MAXUINT);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint n = isc_gradient_get_n_conditions (self->gradient);

  if ((self->element == NULL || !g_strv_contains ((const char * const *) elements, self->element))
      && elements[0] != NULL)
    {
      g_free (self->element);
      self->element = g_strdup (g_strv_contains ((const char * const *) elements, "Li")
                                ? "Li" : elements[0]);
    }
  fill_dropdown (self, self->element_dropdown, (const char * const *) elements, self->element);

  for (guint c = 0; c < n; c++)
    g_ptr_array_add (names, (gpointer) isc_gradient_get_condition (self->gradient, c, NULL));
  g_ptr_array_add (names, NULL);
  if (self->condition == NULL
      || !g_strv_contains ((const char * const *) names->pdata, self->condition))
    {
      g_free (self->condition);
      self->condition = g_strdup (n > 0 ? names->pdata[0] : NULL);
    }
  fill_dropdown (self, self->condition_dropdown, (const char * const *) names->pdata,
                 self->condition);
}

/* -------------------------------------------------------------- analysis */

/* Worker thread. A failed analysis is a result too (with its error): the ratios it cached
 * before failing still go home. Only cancellation returns NULL. */
static gpointer
analyse_project (gpointer          data,
                 GCancellable     *cancellable,
                 IscProgressFunc   progress,
                 gpointer          progress_data,
                 GError          **error)
{
  AnalysisInput *input = data;
  IscProject *project = input->project;
  Analysis *analysis = g_new0 (Analysis, 1);
  g_autoptr(GError) retention_error = NULL;

  analysis->copy = g_steal_pointer (&input->project);
  if (!isc_project_update_ratios (project, cancellable, NULL, NULL, NULL, &analysis->error))
    {
      if (g_error_matches (analysis->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&analysis->error));
          analysis_free (analysis);
          return NULL;
        }
      return analysis;
    }
  analysis->gradient = isc_gradient_new ();
  isc_gradient_add_project (analysis->gradient, project, TRUE);
  if (!isc_gradient_add_cycler_retention (analysis->gradient, project, cancellable, NULL,
                                          &retention_error))
    {
      if (g_error_matches (retention_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&retention_error));
          analysis_free (analysis);
          return NULL;
        }
      analysis->warning = g_strdup_printf (_("Stored capacity retention used: %s"),
                                           retention_error->message);
    }
  for (guint c = 0; c < project->conditions->len && analysis->basis == NULL; c++)
    {
      IscCondition *condition = g_ptr_array_index (project->conditions, c);

      if (condition->sites->len > 0)
        analysis->basis = isc_site_get_basis (g_ptr_array_index (condition->sites, 0));
    }
  return analysis;
}

/* Main thread, newest analysis only. */
static void
on_analysed (gpointer      owner,
             gpointer      result,
             const GError *error)
{
  IscGradientView *self = owner;
  Analysis *analysis = result;

  isc_busy_set_spinner (self, self->spinner, FALSE);
  if (analysis == NULL)
    {
      set_message (self, error->message);
      return;
    }
  /* The worker computed on its own copy: bring its cached ratios home, so a save keeps them. */
  if (self->project != NULL)
    isc_project_merge_cache (self->project, analysis->copy);
  if (analysis->error != NULL)
    {
      set_message (self, analysis->error->message);
      analysis_free (analysis);
      return;
    }
  self->gradient = g_steal_pointer (&analysis->gradient);
  g_free (self->basis);
  self->basis = g_steal_pointer (&analysis->basis);
  g_free (self->warning);
  self->warning = g_steal_pointer (&analysis->warning);
  analysis_free (analysis);
  refill_choosers (self);
  gtk_widget_set_sensitive (self->table_button, TRUE);
  rebuild (self);
}

/* -------------------------------------------------------------- callbacks */

static const IscGradientPlotKind kinds[] = {
  ISC_GRADIENT_PLOT_GRADIENT, ISC_GRADIENT_PLOT_ELEMENTS, ISC_GRADIENT_PLOT_DEPTH,
  ISC_GRADIENT_PLOT_RETENTION,
};

static void
on_kind_selected (GObject         *dropdown,
                  GParamSpec      *pspec,
                  IscGradientView *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown));

  if (i < G_N_ELEMENTS (kinds) && kinds[i] != self->kind)
    {
      self->kind = kinds[i];
      rebuild (self);
    }
}

/* The user picked another string in @dropdown: it replaces *@choice and the plot follows. */
static void
take_choice (IscGradientView  *self,
             GtkWidget        *dropdown,
             char            **choice)
{
  const char *picked = dropdown_string (dropdown);

  if (self->updating || picked == NULL || g_strcmp0 (picked, *choice) == 0)
    return;
  g_free (*choice);
  *choice = g_strdup (picked);
  rebuild (self);
}

static void
on_element_selected (GObject         *dropdown,
                     GParamSpec      *pspec,
                     IscGradientView *self)
{
  take_choice (self, self->element_dropdown, &self->element);
}

static void
on_condition_selected (GObject         *dropdown,
                       GParamSpec      *pspec,
                       IscGradientView *self)
{
  take_choice (self, self->condition_dropdown, &self->condition);
}

static void
on_log_toggled (GtkCheckButton  *check,
                IscGradientView *self)
{
  gboolean active = gtk_check_button_get_active (check);

  if (active != self->log_depth)
    {
      self->log_depth = active;
      rebuild (self);
    }
}

static gboolean
write_table (const char  *path,
             gpointer     self,
             GError     **error)
{
  return isc_gradient_view_export_table (self, path, error);
}

static void
action_export_table (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  if (ISC_GRADIENT_VIEW (widget)->gradient == NULL)
    return;
  isc_save_dialog_run_csv (widget, _("Export Site Table"), "sites.csv",
                           _("The site table could not be exported"), write_table, widget);
}

static void
action_kind (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  IscGradientPlotKind kind;

  if (isc_gradient_plot_kind_from_string (g_variant_get_string (param, NULL), &kind))
    isc_gradient_view_set_kind (ISC_GRADIENT_VIEW (widget), kind);
}

/* -------------------------------------------------------------- GObject */

static void
isc_gradient_view_dispose (GObject *object)
{
  IscGradientView *self = ISC_GRADIENT_VIEW (object);

  /* Cancels the analysis without waiting: the worker owns its copy of the project and
   * finishes on its own; its result is dropped. */
  isc_task_slot_cancel (self->analysis);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISC_TYPE_GRADIENT_VIEW);
  G_OBJECT_CLASS (isc_gradient_view_parent_class)->dispose (object);
}

static void
isc_gradient_view_finalize (GObject *object)
{
  IscGradientView *self = ISC_GRADIENT_VIEW (object);

  g_clear_pointer (&self->analysis, isc_task_slot_free);
  g_clear_pointer (&self->gradient, isc_gradient_free);
  g_free (self->basis);
  g_free (self->message);
  g_free (self->warning);
  g_free (self->element);
  g_free (self->condition);
  G_OBJECT_CLASS (isc_gradient_view_parent_class)->finalize (object);
}

static void
isc_gradient_view_class_init (IscGradientViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_gradient_view_dispose;
  object_class->finalize = isc_gradient_view_finalize;

  isc_busy_class_install (object_class, (IscBusyFunc) isc_gradient_view_get_busy);

  gtk_widget_class_install_action (widget_class, "gradient.kind", "s", action_kind);
  gtk_widget_class_install_action (widget_class, "gradient.export-table", NULL,
                                   action_export_table);

  isc_widget_class_set_template (widget_class, "gradient-view", "gradientview", G_TYPE_INVALID);
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscGradientView, controls, kind_dropdown, element_dropdown,
                              condition_dropdown, log_check, table_button, spinner, status_label, plot_view);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, on_kind_selected, on_element_selected, on_condition_selected,
                               on_log_toggled);
}

static void
isc_gradient_view_init (IscGradientView *self)
{
  self->kind = ISC_GRADIENT_PLOT_GRADIENT;
  self->element = g_strdup ("Li");
  self->analysis = isc_task_slot_new (self, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  isc_page_set_export_action (ISC_PAGE (self), self->plot_view, "plot.export");
  /* A screen reader names a drop-down by its label's text, read on its inner button too. */
  isc_label_drop_down (self->kind_dropdown, _("Plot"));
  isc_label_drop_down (self->element_dropdown, _("Element"));
  isc_label_drop_down (self->condition_dropdown, _("Condition"));
  rebuild (self);
}

/* -------------------------------------------------------------- public API */

GtkWidget *
isc_gradient_view_new (void)
{
  return g_object_new (ISC_TYPE_GRADIENT_VIEW, NULL);
}

static gboolean
isc_gradient_view_can_export_figure (IscPage *page)
{
  return ISC_GRADIENT_VIEW (page)->project != NULL;
}

static void
isc_gradient_view_page_init (IscPageInterface *iface)
{
  iface->can_export_figure = isc_gradient_view_can_export_figure;
}

void
isc_gradient_view_set_project (IscGradientView *self,
                               IscProject      *project)
{
  AnalysisInput *input;

  g_return_if_fail (ISC_IS_GRADIENT_VIEW (self));

  /* The analysis before works on its own copy: drop it, without waiting for its worker. */
  isc_task_slot_cancel (self->analysis);
  g_clear_pointer (&self->gradient, isc_gradient_free);
  g_clear_pointer (&self->warning, g_free);
  self->project = project;
  gtk_widget_set_sensitive (self->table_button, FALSE);
  isc_page_capabilities_changed (ISC_PAGE (self));
  set_message (self, NULL);
  rebuild (self);
  if (project == NULL)
    {
      isc_busy_set_spinner (self, self->spinner, FALSE);
      return;
    }

  /* A private copy: the user may edit the project (labels, files) while the worker reads. */
  input = g_new0 (AnalysisInput, 1);
  input->project = isc_project_copy (project);
  isc_task_slot_run (self->analysis, analyse_project, input, analysis_input_free,
                     analysis_free, on_analysed);
  isc_busy_set_spinner (self, self->spinner, TRUE);
}

gboolean
isc_gradient_view_get_busy (IscGradientView *self)
{
  g_return_val_if_fail (ISC_IS_GRADIENT_VIEW (self), FALSE);
  return isc_task_slot_is_busy (self->analysis);
}

const char *
isc_gradient_view_get_message (IscGradientView *self)
{
  g_return_val_if_fail (ISC_IS_GRADIENT_VIEW (self), NULL);
  return self->message;
}

void
isc_gradient_view_set_kind (IscGradientView     *self,
                            IscGradientPlotKind  kind)
{
  g_return_if_fail (ISC_IS_GRADIENT_VIEW (self));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i] == kind)
      {
        self->kind = kind;
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->kind_dropdown), i);
        rebuild (self);
        return;
      }
}

IscGradientPlotKind
isc_gradient_view_get_kind (IscGradientView *self)
{
  g_return_val_if_fail (ISC_IS_GRADIENT_VIEW (self), ISC_GRADIENT_PLOT_GRADIENT);
  return self->kind;
}

/* Selects @text in a string dropdown; FALSE when absent. */
static gboolean
select_string (GtkWidget  *dropdown,
               const char *text)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), text) == 0)
        {
          gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
          return TRUE;
        }
    }
  return FALSE;
}

void
isc_gradient_view_set_element (IscGradientView *self,
                               const char      *element)
{
  g_return_if_fail (ISC_IS_GRADIENT_VIEW (self));
  g_return_if_fail (element != NULL);
  /* Through the chooser, so that what is shown and what is drawn never differ. */
  select_string (self->element_dropdown, element);
}

const char *
isc_gradient_view_get_element (IscGradientView *self)
{
  g_return_val_if_fail (ISC_IS_GRADIENT_VIEW (self), NULL);
  return self->element;
}

void
isc_gradient_view_set_condition (IscGradientView *self,
                                 const char      *condition)
{
  g_return_if_fail (ISC_IS_GRADIENT_VIEW (self));
  g_return_if_fail (condition != NULL);
  select_string (self->condition_dropdown, condition);
}

void
isc_gradient_view_set_log_depth (IscGradientView *self,
                                 gboolean         log_depth)
{
  g_return_if_fail (ISC_IS_GRADIENT_VIEW (self));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->log_check), log_depth);
}

IscGradient *
isc_gradient_view_get_gradient (IscGradientView *self)
{
  g_return_val_if_fail (ISC_IS_GRADIENT_VIEW (self), NULL);
  return self->gradient;
}

gboolean
isc_gradient_view_export_table (IscGradientView  *self,
                                const char       *path,
                                GError          **error)
{
  g_autofree char *csv = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (ISC_IS_GRADIENT_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  if (self->gradient == NULL)
    {
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_ARGUMENT,
                   _("%s: the project has not been analysed yet"), path);
      return FALSE;
    }
  csv = isc_gradient_site_table_csv (self->gradient);
  if (!g_file_set_contents (path, csv, -1, &local))
    {
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}
