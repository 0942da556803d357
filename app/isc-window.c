/* isc-window.c: the main window — header bar, sidebar, content area, banner and progress.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Ionscape"

#include "config.h"

#include <glib/gi18n.h>

#include "isc-file-kind.h"
#include "isc-window-private.h"

G_DEFINE_FINAL_TYPE (IscWindow, isc_window, GTK_TYPE_APPLICATION_WINDOW)

static GSettings *
get_settings (IscWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return app != NULL ? isc_application_get_settings (ISC_APPLICATION (app)) : NULL;
}

static void
rebuild_recent_menu (IscWindow *self)
{
  GSettings *settings = get_settings (self);
  g_auto(GStrv) recent = NULL;

  g_menu_remove_all (self->recent_submenu);
  if (settings == NULL)
    return;
  recent = g_settings_get_strv (settings, "recent-files");
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *label = g_path_get_basename (recent[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_submenu, item);
    }
}

static void
add_chooser_filter (GtkFileChooser *chooser,
                    IscFileKind     kind)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  const char * const *suffixes = isc_file_kind_suffixes (kind);

  gtk_file_filter_set_name (filter, isc_file_kind_describe (kind));
  for (guint i = 0; suffixes[i] != NULL; i++)
    {
      g_autofree char *upper = g_ascii_strup (suffixes[i], -1);

      gtk_file_filter_add_suffix (filter, suffixes[i]);
      gtk_file_filter_add_suffix (filter, upper);
    }
  gtk_file_chooser_add_filter (chooser, filter);
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

static void
show_chooser (IscWindow   *self,
              IscFileKind  only_kind)
{
  GtkFileChooser *chooser;

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (only_kind == ISC_FILE_KIND_PROJECT ? _("Open Project") : _("Open"),
                                               GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (self->chooser);
  gtk_file_chooser_set_select_multiple (chooser, only_kind == ISC_FILE_KIND_UNKNOWN);
  if (only_kind != ISC_FILE_KIND_UNKNOWN)
    add_chooser_filter (chooser, only_kind);
  else
    for (IscFileKind kind = ISC_FILE_KIND_APT_DATA; kind <= ISC_FILE_KIND_PROJECT; kind++)
      add_chooser_filter (chooser, kind);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_chooser (ISC_WINDOW (widget), ISC_FILE_KIND_UNKNOWN);
}

static void
open_project_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  show_chooser (ISC_WINDOW (widget), ISC_FILE_KIND_PROJECT);
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
  IscWindow *self = ISC_WINDOW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->content_stack);

  /* Each view exports its own figure; plot views know PNG, SVG and PDF. */
  if (g_strcmp0 (page, "apt") == 0 && isc_apt_page_get_cloud (self->apt_page) != NULL)
    isc_apt_page_export_figure (self->apt_page);
  else if (g_strcmp0 (page, "site") == 0)
    isc_site_page_export_figure (self->site_page);
  else if (g_strcmp0 (page, "image") == 0)
    gtk_widget_activate_action (GTK_WIDGET (isc_image_page_get_view (self->image_page)),
                                "image.export", NULL);
  else if (g_strcmp0 (page, "gradient") == 0)
    gtk_widget_activate_action (GTK_WIDGET (isc_gradient_view_get_plot_view (self->gradient_view)),
                                "plot.export", NULL);
  else if (g_strcmp0 (page, "cycling") == 0 && isc_cycling_view_get_n_cells (self->cycling_view) > 0)
    gtk_widget_activate_action (GTK_WIDGET (isc_cycling_view_get_plot_view (self->cycling_view)),
                                "plot.export", NULL);
  else
    isc_window_show_banner (self, ISC_BANNER_INFO,
                            _("Open a view with a figure (spectrum, ion map, image or plot) to export it."));
}

static void
dismiss_banner_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  gtk_revealer_set_reveal_child (ISC_WINDOW (widget)->banner_revealer, FALSE);
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

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         IscWindow     *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  for (GSList *l = files; l != NULL; l = l->next)
    isc_window_open_file (self, G_FILE (l->data));
  return TRUE;
}

static gboolean
isc_window_close_request (GtkWindow *window)
{
  IscWindow *self = ISC_WINDOW (window);
  GSettings *settings = get_settings (self);
  int width, height;

  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);

  if (settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (isc_window_parent_class)->close_request (window);
}

static void
isc_window_constructed (GObject *object)
{
  IscWindow *self = ISC_WINDOW (object);
  GSettings *settings;

  G_OBJECT_CLASS (isc_window_parent_class)->constructed (object);

  settings = get_settings (self);
  if (settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      g_signal_connect_object (settings, "changed::recent-files", G_CALLBACK (rebuild_recent_menu),
                               self, G_CONNECT_SWAPPED);
    }
  rebuild_recent_menu (self);
}

static void
isc_window_dispose (GObject *object)
{
  IscWindow *self = ISC_WINDOW (object);

  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->job_cancellable);
  g_clear_object (&self->chooser);
  /* The sidebar borrows the project: let go of it before freeing. */
  if (self->site_browser != NULL)
    isc_site_browser_set_project (self->site_browser, NULL);
  if (self->gradient_view != NULL)
    isc_gradient_view_set_project (self->gradient_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISC_TYPE_WINDOW);
  self->site_browser = NULL;
  self->apt_page = NULL;
  self->gradient_view = NULL;
  self->cycling_view = NULL;
  self->image_page = NULL;
  self->site_page = NULL;
  g_clear_pointer (&self->project, isc_project_free);
  if (self->outside_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->outside_dialog)));
  g_clear_pointer (&self->outside_project, isc_project_free);
  g_clear_pointer (&self->outside_allowed, g_hash_table_unref);
  g_clear_pointer (&self->pending_site, g_free);
  g_clear_pointer (&self->pending_tab, g_free);
  g_clear_pointer (&self->pending_ranges, g_free);

  G_OBJECT_CLASS (isc_window_parent_class)->dispose (object);
}

static void
isc_window_class_init (IscWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = isc_window_constructed;
  object_class->dispose = isc_window_dispose;
  window_class->close_request = isc_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ionscape/Ionscape/ui/window.ui");
  gtk_widget_class_bind_template_child (widget_class, IscWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, banner_box);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, main_paned);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, recent_submenu);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-project", NULL, open_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save-project", NULL, save_project_action);
  gtk_widget_class_install_action (widget_class, "win.export-figure", NULL, export_figure_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-banner", NULL, dismiss_banner_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
}

static void
isc_window_init (IscWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  _isc_window_open_init (self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

IscWindow *
isc_window_new (IscApplication *app)
{
  return g_object_new (ISC_TYPE_WINDOW, "application", app, NULL);
}

void
isc_window_show_banner (IscWindow     *self,
                        IscBannerKind  kind,
                        const char    *message)
{
  g_return_if_fail (ISC_IS_WINDOW (self));

  gtk_label_set_text (self->banner_label, message);
  gtk_widget_remove_css_class (self->banner_box, "error");
  gtk_widget_remove_css_class (self->banner_box, "info");
  gtk_widget_add_css_class (self->banner_box, kind == ISC_BANNER_ERROR ? "error" : "info");
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

const char *
isc_window_get_banner_text (IscWindow *self)
{
  g_return_val_if_fail (ISC_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return gtk_label_get_text (self->banner_label);
}

void
isc_window_open_file (IscWindow *self,
                      GFile     *file)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  IscFileKind kind;

  g_return_if_fail (ISC_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  kind = isc_file_kind_from_name (name);
  path = g_file_get_path (file);

  if (kind == ISC_FILE_KIND_UNKNOWN || path == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a file type Ionscape knows (APT data, range files, images, cycler data or projects)."), name);

      isc_window_show_banner (self, ISC_BANNER_ERROR, message);
      return;
    }

  switch (kind)
    {
    case ISC_FILE_KIND_APT_DATA:
      _isc_window_open_apt (self, path, NULL);
      break;
    case ISC_FILE_KIND_RANGES:
      _isc_window_open_ranges (self, path);
      break;
    case ISC_FILE_KIND_PROJECT:
      _isc_window_open_project (self, path);
      break;
    case ISC_FILE_KIND_CYCLER:
      _isc_window_open_cycler (self, path);
      break;
    case ISC_FILE_KIND_IMAGE:
      _isc_window_open_image (self, path);
      break;
    case ISC_FILE_KIND_UNKNOWN:
    default:
      {
        g_autofree char *message = g_strdup_printf (_("Ionscape cannot open “%s” yet: reading %s is not available in this version."),
                                                    name, isc_file_kind_describe (kind));

        isc_window_show_banner (self, ISC_BANNER_ERROR, message);
      }
      break;
    }
}

typedef struct
{
  GWeakRef window;
  double   fraction;
} ProgressUpdate;

static void
apply_progress (gpointer data)
{
  ProgressUpdate *update = data;
  g_autoptr(IscWindow) self = g_weak_ref_get (&update->window);

  if (self != NULL)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (update->fraction, 0.0, 1.0));
  g_weak_ref_clear (&update->window);
  g_free (update);
}

GCancellable *
isc_window_job_begin (IscWindow  *self,
                      const char *label)
{
  g_return_val_if_fail (ISC_IS_WINDOW (self), NULL);

  /* isc-job queues jobs, so none should be running here; if one is, it gives way. */
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->job_cancellable);
  self->job_cancellable = g_cancellable_new ();

  gtk_label_set_text (self->progress_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  return g_object_ref (self->job_cancellable);
}

void
isc_window_job_progress (double   fraction,
                         gpointer window)
{
  ProgressUpdate *update = g_new0 (ProgressUpdate, 1);

  /* Workers call this from their thread; the widget is touched only on the main loop. */
  g_weak_ref_init (&update->window, window);
  update->fraction = fraction;
  g_idle_add_once (apply_progress, update);
}

void
isc_window_job_end (IscWindow *self)
{
  g_return_if_fail (ISC_IS_WINDOW (self));

  g_clear_object (&self->job_cancellable);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
}

gboolean
isc_window_job_is_running (IscWindow *self)
{
  g_return_val_if_fail (ISC_IS_WINDOW (self), FALSE);
  return self->job_cancellable != NULL;
}

void
isc_window_job_end_if (IscWindow    *self,
                       GCancellable *cancellable)
{
  g_return_if_fail (ISC_IS_WINDOW (self));

  if (self->job_cancellable == cancellable)
    isc_window_job_end (self);
}

void
isc_window_show_tutorial (IscWindow *self)
{
  g_return_if_fail (ISC_IS_WINDOW (self));

  _isc_window_show_tutorial (self);
}

void
isc_window_set_pending_site (IscWindow  *self,
                             const char *spec)
{
  g_return_if_fail (ISC_IS_WINDOW (self));

  g_free (self->pending_site);
  self->pending_site = g_strdup (spec);
}
