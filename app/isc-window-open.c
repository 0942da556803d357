/* isc-window-open.c: opening files into the window — APT data with its ranges, range files,
 * projects — always in a worker thread, and saving the project.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Ionscape"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "column-map-dialog.h"
#include "cycling-data.h"
#include "image.h"
#include "isc-file-kind.h"
#include "isc-job.h"
#include "isc-window-private.h"
#include "project-file.h"
#include "range-io.h"

void
_isc_window_report_error (IscWindow    *self,
                          const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    isc_window_show_banner (self, ISC_BANNER_INFO, _("Cancelled."));
  else
    isc_window_show_banner (self, ISC_BANNER_ERROR, error->message);
}

static void
remember (IscWindow  *self,
          const char *path)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app != NULL)
    isc_application_add_recent (ISC_APPLICATION (app), path);
}

/* ---- APT data ------------------------------------------------------------------------ */

typedef struct
{
  char        *path;        /* data file, or NULL to re-range @cloud */
  char        *range_path;  /* range file to load, or NULL to use @ranges */
  IscRangeSet *ranges;      /* current ranges (copy), or NULL */
  IscIonCloud *cloud;       /* current cloud (shared), when only the ranges change */
} AptRequest;

typedef struct
{
  IscIonCloud    *cloud;
  IscRangeSet    *ranges;
  IscComposition *composition;
  char           *path;
} AptResult;

static void
apt_request_free (gpointer data)
{
  AptRequest *request = data;

  g_free (request->path);
  g_free (request->range_path);
  g_clear_pointer (&request->ranges, isc_range_set_free);
  g_clear_pointer (&request->cloud, isc_ion_cloud_free);
  g_free (request);
}

static void
apt_result_free (gpointer data)
{
  AptResult *result = data;

  g_clear_pointer (&result->cloud, isc_ion_cloud_free);
  g_clear_pointer (&result->ranges, isc_range_set_free);
  g_clear_pointer (&result->composition, isc_composition_free);
  g_free (result->path);
  g_free (result);
}

static gpointer
apt_load_job (gpointer          input,
              GCancellable     *cancellable,
              IscProgressFunc   progress,
              gpointer          progress_data,
              GError          **error)
{
  AptRequest *request = input;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autoptr(IscComposition) composition = NULL;
  AptResult *result;

  if (request->range_path != NULL)
    {
      ranges = isc_range_set_load (request->range_path, error);
      if (ranges == NULL)
        return NULL;
    }
  else if (request->ranges != NULL)
    ranges = isc_range_set_copy (request->ranges);

  if (request->path != NULL)
    cloud = isc_ion_cloud_load (request->path, cancellable, progress, progress_data, error);
  else
    /* Views may still read the old cloud: range a private copy and swap afterwards. */
    cloud = isc_ion_cloud_copy (request->cloud);
  if (cloud == NULL)
    return NULL;

  if (ranges != NULL)
    {
      if (!isc_range_set_apply (ranges, cloud, cancellable, NULL, NULL, error))
        return NULL;
      composition = isc_composition_compute (cloud, ranges, NULL, cancellable, error);
      if (composition == NULL)
        return NULL;
    }

  result = g_new0 (AptResult, 1);
  result->cloud = g_steal_pointer (&cloud);
  result->ranges = g_steal_pointer (&ranges);
  result->composition = g_steal_pointer (&composition);
  result->path = g_strdup (request->path != NULL ? request->path : result->cloud->source_path);
  return result;
}

static void
apt_load_done (IscWindow    *self,
               gpointer      data,
               const GError *error,
               gpointer      user_data)
{
  AptResult *result = data;
  g_autofree char *name = NULL;

  if (error != NULL)
    {
      _isc_window_report_error (self, error);
      return;
    }

  name = result->path != NULL ? g_path_get_basename (result->path) : g_strdup (_("Ion cloud"));
  isc_apt_page_set_title (self->apt_page, name);
  isc_apt_page_set_data (self->apt_page, g_steal_pointer (&result->cloud),
                         g_steal_pointer (&result->ranges), g_steal_pointer (&result->composition));
  gtk_stack_set_visible_child_name (self->content_stack, "apt");
  _isc_window_apply_pending_tab (self);
  if (result->path != NULL)
    remember (self, result->path);
  apt_result_free (result);
}

/* A range file for @path when none was given: the same name with a range suffix, else the
 * only range file in its folder, else ranges.rrng one folder up (the demo's layout). */
static char *
find_range_file (const char *path)
{
  static const char *suffixes[] = { ".rrng", ".RRNG", ".rng", ".RNG", ".env", ".ENV" };
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *stem = g_strdup (path);
  g_autofree char *upper = NULL;
  g_autoptr(GDir) listing = NULL;
  char *dot = strrchr (stem, '.');
  char *found = NULL;
  guint n_found = 0;
  const char *name;

  if (dot != NULL && strchr (dot, G_DIR_SEPARATOR) == NULL)
    *dot = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *candidate = g_strconcat (stem, suffixes[i], NULL);

      if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&candidate);
    }

  listing = g_dir_open (dir, 0, NULL);
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (isc_file_kind_from_name (name) == ISC_FILE_KIND_RANGES && n_found++ == 0)
      found = g_build_filename (dir, name, NULL);
  if (n_found == 1)
    return found;
  g_free (found);

  upper = g_build_filename (parent, "ranges.rrng", NULL);
  if (g_file_test (upper, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&upper);
  return NULL;
}

void
_isc_window_open_apt (IscWindow  *self,
                      const char *path,
                      const char *range_path)
{
  AptRequest *request = g_new0 (AptRequest, 1);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *label = g_strdup_printf (_("Loading %s…"), name);
  const IscRangeSet *current = isc_apt_page_get_ranges (self->apt_page);

  request->path = g_strdup (path);
  request->range_path = range_path != NULL ? g_strdup (range_path) : find_range_file (path);
  if (request->range_path == NULL && current != NULL)
    request->ranges = isc_range_set_copy (current);

  isc_job_run (self, label, apt_load_job, request, apt_request_free, apt_result_free,
               apt_load_done, NULL);
}

void
_isc_window_open_ranges (IscWindow  *self,
                         const char *path)
{
  IscIonCloud *cloud = isc_apt_page_get_cloud (self->apt_page);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *label = g_strdup_printf (_("Applying %s…"), name);
  AptRequest *request;

  if (cloud == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Open APT data first: “%s” will then range it."), name);

      isc_window_show_banner (self, ISC_BANNER_INFO, message);
      return;
    }

  request = g_new0 (AptRequest, 1);
  request->range_path = g_strdup (path);
  request->cloud = isc_ion_cloud_ref (cloud);
  remember (self, path);
  isc_job_run (self, label, apt_load_job, request, apt_request_free, apt_result_free,
               apt_load_done, NULL);
}

/* The spectrum edited the ranges in place: range the data again with them. */
static void
ranges_edited_cb (IscWindow *self)
{
  IscIonCloud *cloud = isc_apt_page_get_cloud (self->apt_page);
  const IscRangeSet *ranges = isc_apt_page_get_ranges (self->apt_page);
  AptRequest *request;

  if (cloud == NULL || ranges == NULL)
    return;
  request = g_new0 (AptRequest, 1);
  request->ranges = isc_range_set_copy (ranges);
  request->cloud = isc_ion_cloud_ref (cloud);
  isc_job_run (self, _("Ranging with the edited ranges…"), apt_load_job, request, apt_request_free,
               apt_result_free, apt_load_done, NULL);
}


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

  /* The views borrow the project: detach them before the old one goes. */
  isc_site_browser_set_project (self->site_browser, NULL);
  isc_gradient_view_set_project (self->gradient_view, NULL);
  g_clear_pointer (&self->project, isc_project_free);
  self->project = project;
  isc_site_browser_set_project (self->site_browser, project);
  /* The gradient across conditions is the project's headline figure: show it first. */
  isc_gradient_view_set_project (self->gradient_view, project);
  gtk_stack_set_visible_child_name (self->content_stack, "gradient");
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
      remember (self, project->path);
    }
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

/* ---- Cycler data -------------------------------------------------------------------- */

/* What a cycler job reads, and where the result goes. */
typedef struct
{
  char *path;
  gboolean has_map;
  IscCyclingColumnMap map;   /* the user's column mapping, when has_map */
  int replace;               /* cell of the cycling view to replace, or -1 to add one */
} CyclerLoad;

static CyclerLoad *
cycler_load_new (const char                *path,
                 const IscCyclingColumnMap *map,
                 int                        replace)
{
  CyclerLoad *load = g_new0 (CyclerLoad, 1);

  load->path = g_strdup (path);
  load->has_map = map != NULL;
  if (map != NULL)
    load->map = *map;
  load->replace = replace;
  return load;
}

static void
cycler_load_free (CyclerLoad *load)
{
  g_free (load->path);
  g_free (load);
}

static gpointer
cycler_load_job (gpointer          input,
                 GCancellable     *cancellable,
                 IscProgressFunc   progress,
                 gpointer          progress_data,
                 GError          **error)
{
  CyclerLoad *load = input;

  return isc_cycling_load_full (load->path, ISC_CYCLER_AUTO, load->has_map ? &load->map : NULL, cancellable,
                                progress, progress_data, error);
}

static void start_cycler_load (IscWindow                 *self,
                               const char                *path,
                               const IscCyclingColumnMap *map,
                               int                        replace);

static void
mapping_chosen_cb (IscColumnMapDialog        *dialog,
                   const IscCyclingColumnMap *map,
                   IscWindow                 *self)
{
  int replace = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "isc-replace-cell"));

  start_cycler_load (self, isc_column_map_dialog_get_path (dialog), map, replace);
}

/* Asks which column holds what (@initial: NULL = guess), then loads again with that. */
static void
ask_cycler_columns (IscWindow                 *self,
                    const char                *path,
                    const IscCyclingColumnMap *initial,
                    int                        replace)
{
  g_autoptr(GError) error = NULL;
  IscColumnMapDialog *dialog = isc_column_map_dialog_new (GTK_WINDOW (self), path, initial, &error);

  if (dialog == NULL)
    {
      _isc_window_report_error (self, error);
      return;
    }
  g_object_set_data (G_OBJECT (dialog), "isc-replace-cell", GINT_TO_POINTER (replace));
  g_signal_connect_object (dialog, "mapping-chosen", G_CALLBACK (mapping_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
columns_requested_cb (IscCyclingView            *view,
                      guint                      cell,
                      const char                *path,
                      const IscCyclingColumnMap *columns,
                      IscWindow                 *self)
{
  /* A cell read without a table map (binary) starts from the guess. */
  ask_cycler_columns (self, path, columns != NULL && columns->index[ISC_CYCLING_COL_TIME] >= 0 ? columns : NULL,
                      (int) cell);
}

static void
cycler_load_done (IscWindow    *self,
                  gpointer      data,
                  const GError *error,
                  gpointer      user_data)
{
  CyclerLoad *load = user_data;
  g_autofree char *label = g_path_get_basename (load->path);

  if (error != NULL && g_error_matches (error, ISC_CYCLING_ERROR, ISC_CYCLING_ERROR_COLUMNS) && !load->has_map)
    /* The column names told nothing: let the user say which is which. */
    ask_cycler_columns (self, load->path, NULL, load->replace);
  else if (error != NULL)
    _isc_window_report_error (self, error);
  else
    {
      /* Cells accumulate, so several cells (e.g. two calcinations) compare in one view;
       * a new column mapping replaces the cell it was chosen for. */
      if (load->replace >= 0)
        isc_cycling_view_replace_cell (self->cycling_view, (guint) load->replace, label, data);
      else
        isc_cycling_view_add_cell (self->cycling_view, label, data);
      gtk_stack_set_visible_child_name (self->content_stack, "cycling");
      remember (self, load->path);
    }
  cycler_load_free (load);
}

static void
start_cycler_load (IscWindow                 *self,
                   const char                *path,
                   const IscCyclingColumnMap *map,
                   int                        replace)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *label = g_strdup_printf (_("Loading %s…"), name);

  isc_job_run (self, label, cycler_load_job, cycler_load_new (path, map, replace),
               (GDestroyNotify) cycler_load_free, (GDestroyNotify) isc_cycling_data_free, cycler_load_done,
               cycler_load_new (path, map, replace));
}

void
_isc_window_open_cycler (IscWindow  *self,
                         const char *path)
{
  start_cycler_load (self, path, NULL, -1);
}

/* ---- Images -------------------------------------------------------------------------- */

static gpointer
image_load_job (gpointer          input,
                GCancellable     *cancellable,
                IscProgressFunc   progress,
                gpointer          progress_data,
                GError          **error)
{
  return isc_image_load (input, 0, cancellable, progress, progress_data, error);
}

static void
image_load_done (IscWindow    *self,
                 gpointer      data,
                 const GError *error,
                 gpointer      user_data)
{
  g_autofree char *path = user_data;

  if (error != NULL)
    {
      _isc_window_report_error (self, error);
      return;
    }
  isc_image_page_set_image (self->image_page, data);
  {
    /* A series may come with its particle geometry and temperatures beside it (NAME.json). */
    g_autofree char *stem = g_strndup (path, strrchr (path, '.') != NULL ? (gsize) (strrchr (path, '.') - path) : strlen (path));
    g_autofree char *sidecar = g_strconcat (stem, ".json", NULL);
    g_autoptr(GError) sidecar_error = NULL;

    if (g_file_test (sidecar, G_FILE_TEST_IS_REGULAR)
        && !isc_core_shell_panel_load_sidecar (isc_image_page_get_core_shell_panel (self->image_page),
                                               sidecar, &sidecar_error))
      isc_window_show_banner (self, ISC_BANNER_ERROR, sidecar_error->message);
  }
  gtk_stack_set_visible_child_name (self->content_stack, "image");
  remember (self, path);
}

void
_isc_window_open_image (IscWindow  *self,
                        const char *path)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *label = g_strdup_printf (_("Loading %s…"), name);

  isc_job_run (self, label, image_load_job, g_strdup (path), g_free,
               (GDestroyNotify) isc_image_free, image_load_done, g_strdup (path));
}

/* ---- Sidebar ------------------------------------------------------------------------- */

static IscDataset *
find_dataset (IscProject *project,
              const char *path)
{
  for (guint c = 0; project != NULL && c < project->conditions->len; c++)
    {
      IscCondition *condition = g_ptr_array_index (project->conditions, c);

      for (guint s = 0; s < condition->sites->len; s++)
        {
          IscSite *site = g_ptr_array_index (condition->sites, s);
          IscDataset *dataset = isc_site_find_dataset (site, path);

          if (dataset != NULL)
            return dataset;
        }
    }
  return NULL;
}

static void
dataset_activated_cb (IscWindow  *self,
                      const char *path,
                      int         kind)
{
  IscDataset *dataset = find_dataset (self->project, path);

  if (kind == ISC_DATASET_APT)
    _isc_window_open_apt (self, path, dataset != NULL ? dataset->range_path : NULL);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      isc_window_open_file (self, file);
    }
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
  g_clear_pointer (&result->cloud, isc_ion_cloud_free);
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
  gtk_stack_set_visible_child_name (self->content_stack, "site");
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
  label = g_strdup_printf (_("Opening site %s…"), site->label);
  isc_job_run (self, label, site_load_job, request, site_request_free, site_result_free,
               site_load_done, NULL);
}

void
_isc_window_open_init (IscWindow *self)
{
  self->site_browser = ISC_SITE_BROWSER (isc_site_browser_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->site_browser), TRUE);
  gtk_box_append (self->sidebar_box, GTK_WIDGET (self->site_browser));
  g_signal_connect_object (self->site_browser, "dataset-activated", G_CALLBACK (dataset_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->site_browser, "site-activated", G_CALLBACK (_isc_window_open_site),
                           self, G_CONNECT_SWAPPED);

  self->apt_page = ISC_APT_PAGE (isc_apt_page_new ());
  gtk_stack_add_titled (self->content_stack, GTK_WIDGET (self->apt_page), "apt", _("APT"));
  g_signal_connect_object (self->apt_page, "ranges-edited", G_CALLBACK (ranges_edited_cb), self,
                           G_CONNECT_SWAPPED);
  self->gradient_view = ISC_GRADIENT_VIEW (isc_gradient_view_new ());
  gtk_stack_add_titled (self->content_stack, GTK_WIDGET (self->gradient_view), "gradient", _("Gradient"));
  self->site_page = ISC_SITE_PAGE (isc_site_page_new ());
  gtk_stack_add_titled (self->content_stack, GTK_WIDGET (self->site_page), "site", _("Site"));
  self->image_page = ISC_IMAGE_PAGE (isc_image_page_new ());
  gtk_stack_add_titled (self->content_stack, GTK_WIDGET (self->image_page), "image", _("Image"));
  self->cycling_view = ISC_CYCLING_VIEW (isc_cycling_view_new ());
  g_signal_connect_object (self->cycling_view, "columns-requested", G_CALLBACK (columns_requested_cb),
                           self, 0);
  gtk_stack_add_titled (self->content_stack, GTK_WIDGET (self->cycling_view), "cycling", _("Cycling"));
}
