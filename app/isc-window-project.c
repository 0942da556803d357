/* isc-window-project.c: projects in the window — opening, saving atomically, the sidebar and
 * the side-by-side view of a site.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Ionscape"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "image.h"
#include "isc-job.h"
#include "isc-window-private.h"
#include "project-file.h"

/* ---- Projects ------------------------------------------------------------------------ */

static gpointer
project_load_job (gpointer          input,
                  GCancellable     *cancellable,
                  IscProgressFunc   progress,
                  gpointer          progress_data,
                  GError          **error)
{
  return isc_project_load (input, error);
}

static void
install_project (IscWindow  *self,
                 IscProject *project)
{
  /* The views borrow the project: detach them before the old one goes. */
  isc_site_browser_set_project (self->site_browser, NULL);
  isc_gradient_view_set_project (self->gradient_view, NULL);
  g_clear_pointer (&self->project, isc_project_free);
  self->project = project;
  isc_site_browser_set_project (self->site_browser, project);
  /* Conditions and sites at a glance; a site's files show when it is expanded. */
  isc_site_browser_collapse_sites (self->site_browser);
  gtk_widget_set_visible (self->sidebar_hint, FALSE);
  /* The gradient across conditions is the project's headline figure: show it first. */
  isc_gradient_view_set_project (self->gradient_view, project);
  _isc_window_show_batch (self);
  gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (self->gradient_view));
  if (self->pending_site != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (self->pending_site, "/", 2);
      IscCondition *condition = parts[0] != NULL ? isc_project_find_condition (project, parts[0]) : NULL;
      IscSite *site = condition != NULL && parts[1] != NULL ? isc_condition_find_site (condition, parts[1]) : NULL;

      if (site != NULL)
        _isc_window_open_site (self, site);
      else
        {
          g_autofree char *message = g_strdup_printf (_("The project has no site “%s”."), self->pending_site);

          isc_window_show_banner (self, ISC_BANNER_ERROR, message);
        }
      g_clear_pointer (&self->pending_site, g_free);
    }
  if (project->path != NULL)
    {
      g_autofree char *title = g_path_get_basename (project->path);

      gtk_window_set_title (GTK_WINDOW (self), title);
      _isc_window_remember (self, project->path);
    }
  /* Installed from a job or from the outside-files question: either way, the project's pages
   * and Save follow now. */
  _isc_window_update_page_rows (self);
  _isc_window_actions_update (self);
}

static void
outside_response_cb (GtkDialog *dialog,
                     int        response,
                     IscWindow *self)
{
  IscProject *project = g_steal_pointer (&self->outside_project);

  self->outside_dialog = NULL;
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (project == NULL)
    return;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      /* Asked once: reopening the same project this session does not ask again. */
      if (project->path != NULL)
        g_hash_table_add (self->outside_allowed, g_strdup (project->path));
      install_project (self, project);
    }
  else
    {
      g_autofree char *name = g_path_get_basename (project->path != NULL ? project->path : "");
      g_autofree char *message = g_strdup_printf (_("%s was not opened: it uses files outside its folder."),
                                                  name);

      g_clear_pointer (&self->pending_site, g_free);
      isc_project_free (project);
      isc_window_show_banner (self, ISC_BANNER_INFO, message);
    }
}

/* A project names files outside its folder (perhaps "../../etc/passwd" in a file from someone
 * else): nothing of it is read until the user says so, once per project. */
static void
ask_about_outside (IscWindow  *self,
                   IscProject *project)
{
  g_autofree char *name = g_path_get_basename (project->path);
  g_autoptr(GString) list = g_string_new (NULL);
  guint n = project->outside_paths->len;
  GtkWidget *dialog;

  for (guint i = 0; i < MIN (n, 5); i++)
    {
      const guchar *path = g_ptr_array_index (project->outside_paths, i);

      /* Control characters escaped: a file name cannot forge lines of the dialog. */
      g_string_append_c (list, '\n');
      for (const guchar *p = path; *p != '\0'; p++)
        if (*p < 0x20 || *p == 0x7f)
          g_string_append_printf (list, "\\x%02x", *p);
        else
          g_string_append_c (list, (char) *p);
    }
  if (n > 5)
    g_string_append_printf (list, "\n%s", _("…"));

  if (self->outside_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->outside_dialog)));
  g_clear_pointer (&self->outside_project, isc_project_free);
  self->outside_project = project;

  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
                                   _("Open “%s”? It uses files outside its folder"), name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s%s",
                                            _("Opening it lets Ionscape read these files:"),
                                            list->str);
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Open Anyway"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_signal_connect (dialog, "response", G_CALLBACK (outside_response_cb), self);
  self->outside_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
project_load_done (IscWindow    *self,
                   gpointer      data,
                   const GError *error,
                   gpointer      user_data)
{
  IscProject *project = data;

  if (error != NULL)
    {
      _isc_window_report_error (self, error);
      return;
    }
  if (self->outside_allowed == NULL)
    self->outside_allowed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (project->outside_paths->len > 0 && project->path != NULL
      && !g_hash_table_contains (self->outside_allowed, project->path))
    ask_about_outside (self, project);
  else
    install_project (self, project);
}

void
_isc_window_open_project (IscWindow  *self,
                          const char *path)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *label = g_strdup_printf (_("Opening %s…"), name);

  isc_job_run (self, label, project_load_job, g_strdup (path), g_free,
               (GDestroyNotify) isc_project_free, project_load_done, NULL);
}

typedef struct
{
  IscProject *project;   /* borrowed: the window keeps it and blocks edits while saving */
  char       *path;
} SaveRequest;

static void
save_request_free (gpointer data)
{
  SaveRequest *request = data;

  g_free (request->path);
  g_free (request);
}

static gpointer
project_save_job (gpointer          input,
                  GCancellable     *cancellable,
                  IscProgressFunc   progress,
                  gpointer          progress_data,
                  GError          **error)
{
  SaveRequest *request = input;

  if (!isc_project_save (request->project, request->path, error))
    return NULL;
  return g_strdup (request->path);
}

static void
project_save_done (IscWindow    *self,
                   gpointer      data,
                   const GError *error,
                   gpointer      user_data)
{
  g_autofree char *path = data;
  g_autofree char *message = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->site_browser), TRUE);
  if (error != NULL)
    {
      _isc_window_report_error (self, error);
      return;
    }
  message = g_strdup_printf (_("Saved %s"), path);
  isc_window_show_banner (self, ISC_BANNER_INFO, message);
}

static void
start_save (IscWindow  *self,
            const char *path)
{
  SaveRequest *request = g_new0 (SaveRequest, 1);

  request->project = self->project;
  request->path = g_strdup (path);
  /* The project is read by the worker: no edits until it is written. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->site_browser), FALSE);
  isc_job_run (self, _("Saving the project…"), project_save_job, request, save_request_free, g_free,
               project_save_done, NULL);
}

static void
save_chooser_response_cb (GtkNativeDialog *chooser,
                          int              response,
                          IscWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->project != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL && !g_str_has_suffix (path, ".ionscape"))
        {
          char *with_suffix = g_strconcat (path, ".ionscape", NULL);

          g_free (path);
          path = with_suffix;
        }
      if (path != NULL)
        start_save (self, path);
    }
  g_object_unref (chooser);
}

void
_isc_window_save_project (IscWindow *self)
{
  GtkFileChooserNative *chooser;

  if (self->project == NULL)
    {
      isc_window_show_banner (self, ISC_BANNER_INFO,
                              _("There is no project to save yet: open or create one first."));
      return;
    }
  if (isc_gradient_view_get_busy (self->gradient_view))
    {
      /* Its worker writes the cached ratios into the project: save once it is done. */
      isc_window_show_banner (self, ISC_BANNER_INFO,
                              _("The project is still being analysed: save it when the gradient view is ready."));
      return;
    }
  if (self->project->path != NULL)
    {
      start_save (self, self->project->path);
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Save Project"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "project.ionscape");
  g_signal_connect (chooser, "response", G_CALLBACK (save_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- Sidebar ------------------------------------------------------------------------- */

void
_isc_window_dataset_activated (IscWindow  *self,
                               const char *path,
                               int         kind)
{
  IscDataset *dataset = self->project != NULL ? isc_project_find_dataset (self->project, path) : NULL;

  if (kind == ISC_DATASET_APT)
    _isc_window_open_apt (self, path, dataset != NULL ? dataset->range_path : NULL);
  else
    _isc_window_open_kind (self, (IscDatasetKind) kind, path);
}

/* A site opens both microscopes side by side: its first APT specimen and its STEM image. */
typedef struct
{
  char *title;
  char *apt_path;     /* or NULL */
  char *range_path;   /* or NULL */
  char *image_path;   /* or NULL */
} SiteRequest;

typedef struct
{
  char        *title;
  IscIonCloud *cloud;
  IscRangeSet *ranges;
  IscImage    *image;
} SiteResult;

static void
site_request_free (gpointer data)
{
  SiteRequest *request = data;

  g_free (request->title);
  g_free (request->apt_path);
  g_free (request->range_path);
  g_free (request->image_path);
  g_free (request);
}

static void
site_result_free (gpointer data)
{
  SiteResult *result = data;

  g_free (result->title);
  g_clear_pointer (&result->cloud, isc_ion_cloud_unref);
  g_clear_pointer (&result->ranges, isc_range_set_free);
  g_clear_pointer (&result->image, isc_image_free);
  g_free (result);
}

static gpointer
site_load_job (gpointer          input,
               GCancellable     *cancellable,
               IscProgressFunc   progress,
               gpointer          progress_data,
               GError          **error)
{
  SiteRequest *request = input;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autoptr(IscImage) image = NULL;
  SiteResult *result;

  if (request->apt_path != NULL)
    {
      cloud = isc_ion_cloud_load (request->apt_path, cancellable, NULL, NULL, error);
      if (cloud == NULL)
        return NULL;
      if (request->range_path != NULL)
        {
          ranges = isc_range_set_load (request->range_path, error);
          if (ranges == NULL || !isc_range_set_apply (ranges, cloud, cancellable, NULL, NULL, error))
            return NULL;
        }
    }
  progress (0.5, progress_data);
  if (request->image_path != NULL)
    {
      image = isc_image_load (request->image_path, 0, cancellable, NULL, NULL, error);
      if (image == NULL)
        return NULL;
    }

  result = g_new0 (SiteResult, 1);
  result->title = g_strdup (request->title);
  result->cloud = g_steal_pointer (&cloud);
  result->ranges = g_steal_pointer (&ranges);
  result->image = g_steal_pointer (&image);
  return result;
}

static void
site_load_done (IscWindow    *self,
                gpointer      data,
                const GError *error,
                gpointer      user_data)
{
  SiteResult *result = data;

  if (error != NULL)
    {
      _isc_window_report_error (self, error);
      return;
    }
  isc_site_page_set_site (self->site_page, result->title, g_steal_pointer (&result->cloud),
                          g_steal_pointer (&result->ranges), g_steal_pointer (&result->image));
  self->site_shown = TRUE;
  gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (self->site_page));
  site_result_free (result);
}

void
_isc_window_open_site (IscWindow *self,
                       IscSite   *site)
{
  SiteRequest *request = g_new0 (SiteRequest, 1);
  g_autofree char *label = NULL;

  for (guint i = 0; i < site->datasets->len; i++)
    {
      IscDataset *dataset = g_ptr_array_index (site->datasets, i);

      if (dataset->kind == ISC_DATASET_APT && request->apt_path == NULL)
        {
          request->apt_path = g_strdup (dataset->path);
          request->range_path = g_strdup (dataset->range_path);
        }
      else if (dataset->kind == ISC_DATASET_STEM && request->image_path == NULL)
        request->image_path = g_strdup (dataset->path);
    }
  request->title = g_strdup_printf (_("%s · %s · %g nm below the surface"),
                                    site->condition != NULL ? site->condition->name : "",
                                    site->label, site->depth_nm);
  isc_site_page_prepare_registration (self->site_page, request->title, site);
  isc_site_page_set_patterns (self->site_page, site);
  label = g_strdup_printf (_("Opening site %s…"), site->label);
  isc_job_run (self, label, site_load_job, request, site_request_free, site_result_free,
               site_load_done, NULL);
}

/* Sites edited or files dropped in the sidebar: the gradient follows. */
void
_isc_window_project_changed (IscWindow *self)
{
  if (self->project != NULL)
    isc_gradient_view_set_project (self->gradient_view, self->project);
}
