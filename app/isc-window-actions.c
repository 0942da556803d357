/* isc-window-actions.c: the window's actions, and the one place that enables and disables
 * them from what the visible page can do (export a figure), whether a project is open (save)
 * and whether a job runs (cancel).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Ionscape"

#include "config.h"

#include <glib/gi18n.h>

#include "figure-composer.h"
#include "isc-dataset-kind.h"
#include "project-figures.h"
#include "isc-window-private.h"
#include "project-file.h"

/* ---- Capabilities of the pages ------------------------------------------------------- */

/* What the visible page can do: each page answers through IscPage. */
static IscPage *
visible_page (IscWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->content_stack);

  return page != NULL && ISC_IS_PAGE (page) ? ISC_PAGE (page) : NULL;
}

void
_isc_window_actions_update (IscWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  IscPage *page;
  gboolean running;

  g_return_if_fail (ISC_IS_WINDOW (self));
  if (self->content_stack == NULL)
    return;   /* disposed */

  page = visible_page (self);
  running = self->job_cancellable != NULL;
  gtk_widget_action_set_enabled (widget, "win.export-figure", page != NULL && isc_page_can_export_figure (page));
  /* The gradient's worker writes cached ratios into the project: no save while it runs. */
  gtk_widget_action_set_enabled (widget, "win.save-project",
                                 self->project != NULL && !isc_gradient_view_get_busy (self->gradient_view));
  gtk_widget_action_set_enabled (widget, "win.compose-figure", self->project != NULL);
  gtk_widget_action_set_enabled (widget, "win.run-recipe", self->project != NULL);
  gtk_widget_action_set_enabled (widget, "win.cancel", running);
  gtk_widget_action_set_enabled (widget, "win.go-back", _isc_window_can_go_back (self));
  gtk_widget_action_set_enabled (widget, "win.go-forward", _isc_window_can_go_forward (self));
}

/* ---- Open ---------------------------------------------------------------------------- */

/* Each suffix in both cases: instruments write .DTA as often as .dta. */
static void
add_suffixes (GtkFileFilter      *filter,
              const char * const *suffixes)
{
  for (guint i = 0; suffixes[i] != NULL; i++)
    {
      g_autofree char *upper = g_ascii_strup (suffixes[i], -1);

      gtk_file_filter_add_suffix (filter, suffixes[i]);
      gtk_file_filter_add_suffix (filter, upper);
    }
}

static GtkFileFilter *
project_filter (void)
{
  static const char * const suffixes[] = { ISC_PROJECT_SUFFIX + 1, NULL }  /* without the dot */;
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Ionscape projects"));
  add_suffixes (filter, suffixes);
  return filter;
}

static void
chooser_response_cb (IscWindow            *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          isc_window_open_file (self, file);
        }
    }
  g_clear_object (&self->chooser);
}

GtkFileChooserNative *
_isc_window_new_chooser (IscWindow *self,
                         gboolean   project_only)
{
  GtkFileChooserNative *native;
  GtkFileChooser *chooser;

  native = gtk_file_chooser_native_new (project_only ? _("Open Project") : _("Open"),
                                        GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (native);
  gtk_file_chooser_set_select_multiple (chooser, !project_only);
  if (project_only)
    {
      g_autoptr(GtkFileFilter) filter = project_filter ();

      gtk_file_chooser_add_filter (chooser, filter);
    }
  else
    {
      /* Everything Ionscape reads first, and chosen: a user need not know the kind of a file
       * to find it. Then one filter per kind of the registry that the window can show. */
      g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
      g_autoptr(GtkFileFilter) projects = project_filter ();
      static const char * const project_suffixes[] = { ISC_PROJECT_SUFFIX + 1, NULL };

      gtk_file_filter_set_name (all, _("All supported files"));
      for (IscDatasetKind kind = 0; kind < ISC_DATASET_N_KINDS; kind++)
        if (_isc_window_kind_has_page (kind))
          add_suffixes (all, isc_dataset_kind_get_info (kind)->suffixes);
      add_suffixes (all, project_suffixes);
      gtk_file_chooser_add_filter (chooser, all);
      for (IscDatasetKind kind = 0; kind < ISC_DATASET_N_KINDS; kind++)
        if (_isc_window_kind_has_page (kind))
          {
            g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

            gtk_file_filter_set_name (filter, isc_dataset_kind_describe (kind));
            add_suffixes (filter, isc_dataset_kind_get_info (kind)->suffixes);
            gtk_file_chooser_add_filter (chooser, filter);
          }
      gtk_file_chooser_add_filter (chooser, projects);
      gtk_file_chooser_set_filter (chooser, all);
    }
  return native;
}

static void
show_chooser (IscWindow *self,
              gboolean   project_only)
{
  g_clear_object (&self->chooser);
  self->chooser = _isc_window_new_chooser (self, project_only);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- Actions ------------------------------------------------------------------------- */

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_chooser (ISC_WINDOW (widget), FALSE);
}

static void
open_project_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  show_chooser (ISC_WINDOW (widget), TRUE);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  isc_window_open_file (ISC_WINDOW (widget), file);
}

static void
save_project_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _isc_window_save_project (ISC_WINDOW (widget));
}

static void
export_figure_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  IscPage *page = visible_page (ISC_WINDOW (widget));

  if (page != NULL)
    isc_page_export_figure (page);
}

/* The composer works on a copy of the project; a figure it saves goes into the window's. */
static void
composer_save_figure_cb (GtkWidget  *composer,
                         const char *name,
                         const char *layout,
                         IscWindow  *self)
{
  if (self->project == NULL)
    return;
  isc_project_set_figure (self->project, name, layout);
  _isc_window_save_project (self);
}

static void
compose_figure_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  IscWindow *self = ISC_WINDOW (widget);
  GtkWidget *composer;

  if (self->project == NULL)
    return;
  composer = isc_figure_composer_new (GTK_WINDOW (self), self->project);
  g_signal_connect_object (composer, "save-figure", G_CALLBACK (composer_save_figure_cb), self, 0);
  gtk_window_present (GTK_WINDOW (composer));
}

static void
run_recipe_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  _isc_window_run_recipe (ISC_WINDOW (widget));
}

static void
dismiss_banner_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  _isc_window_dismiss_messages (ISC_WINDOW (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  IscWindow *self = ISC_WINDOW (widget);

  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _isc_window_go_back (ISC_WINDOW (widget));
}

static void
go_forward_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  _isc_window_go_forward (ISC_WINDOW (widget));
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AdwFlap *flap = ISC_WINDOW (widget)->flap;

  adw_flap_set_reveal_flap (flap, !adw_flap_get_reveal_flap (flap));
}

void
_isc_window_class_actions_init (IscWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-project", NULL, open_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save-project", NULL, save_project_action);
  gtk_widget_class_install_action (widget_class, "win.export-figure", NULL, export_figure_action);
  gtk_widget_class_install_action (widget_class, "win.compose-figure", NULL, compose_figure_action);
  gtk_widget_class_install_action (widget_class, "win.run-recipe", NULL, run_recipe_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-banner", NULL, dismiss_banner_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.go-forward", NULL, go_forward_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.analyse-diffraction", NULL, _isc_window_analyse_diffraction);

  /* The window's own keys; Ctrl+O and the like are application accels (isc-application.c). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.go-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "win.go-forward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "win.go-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Forward, 0, "win.go-forward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
}
