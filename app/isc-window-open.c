/* isc-window-open.c: opening APT data with its ranges, range files and images into the window,
 * always in a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Ionscape"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "image.h"
#include "isc-dataset-kind.h"
#include "isc-job.h"
#include "isc-window-private.h"

void
_isc_window_report_error (IscWindow    *self,
                          const GError *error)
{
  g_auto(GStrv) lines = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      isc_window_show_banner (self, ISC_BANNER_INFO, _("Cancelled."));
      return;
    }
  /* A job that met several problems (data and its ranges) lists each on its own line. */
  lines = g_strsplit (error->message, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      isc_window_show_banner (self, ISC_BANNER_ERROR, lines[i]);
}

void
_isc_window_remember (IscWindow  *self,
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
  char           *range_error;   /* the range file could not be read: the data shows unranged */
} AptResult;

static void
apt_request_free (gpointer data)
{
  AptRequest *request = data;

  g_free (request->path);
  g_free (request->range_path);
  g_clear_pointer (&request->ranges, isc_range_set_free);
  g_clear_pointer (&request->cloud, isc_ion_cloud_unref);
  g_free (request);
}

static void
apt_result_free (gpointer data)
{
  AptResult *result = data;

  g_clear_pointer (&result->cloud, isc_ion_cloud_unref);
  g_clear_pointer (&result->ranges, isc_range_set_free);
  g_clear_pointer (&result->composition, isc_composition_free);
  g_free (result->path);
  g_free (result->range_error);
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
  g_autoptr(GError) range_error = NULL;
  g_autoptr(GError) cloud_error = NULL;
  AptResult *result;

  if (request->range_path != NULL)
    {
      ranges = isc_range_set_load (request->range_path, &range_error);
      /* Ranges alone asked for (the data is shown already): their error is the answer. */
      if (ranges == NULL && request->path == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&range_error));
          return NULL;
        }
    }
  else if (request->ranges != NULL)
    ranges = isc_range_set_copy (request->ranges);

  /* A bad range file must not hide the data's own problem: the data is read regardless. */
  if (request->path != NULL)
    cloud = isc_ion_cloud_load (request->path, cancellable, progress, progress_data, &cloud_error);
  else
    /* Views may still read the old cloud: range a private copy and swap afterwards. */
    cloud = isc_ion_cloud_copy (request->cloud);
  if (cloud == NULL)
    {
      if (cloud_error != NULL && range_error != NULL)
        /* Both broken: both named, one per line of the banner. */
        g_set_error (error, cloud_error->domain, cloud_error->code, "%s\n%s", cloud_error->message,
                     range_error->message);
      else if (cloud_error != NULL)
        g_propagate_error (error, g_steal_pointer (&cloud_error));
      return NULL;
    }

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
  result->range_error = range_error != NULL ? g_strdup (range_error->message) : NULL;
  return result;
}

/* The APT page's title: condition · site · file when the specimen belongs to a site of the
 * open project (every site has a specimen-1.pos), else the file name alone. */
static void
set_apt_title (IscWindow  *self,
               const char *path,
               const char *name)
{
  IscDataset *dataset = NULL;

  if (self->project != NULL && path != NULL)
    dataset = isc_project_find_dataset (self->project, path);
  if (dataset != NULL && dataset->site != NULL)
    isc_apt_page_set_source (self->apt_page, dataset->condition->name, dataset->site->label, name);
  else
    isc_apt_page_set_title (self->apt_page, name);
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
      g_clear_pointer (&self->pending_ranges, g_free);
      _isc_window_report_error (self, error);
      return;
    }

  name = result->path != NULL ? g_path_get_basename (result->path) : g_strdup (_("Ion cloud"));
  set_apt_title (self, result->path, name);
  isc_apt_page_set_data (self->apt_page, g_steal_pointer (&result->cloud),
                         g_steal_pointer (&result->ranges), g_steal_pointer (&result->composition));
  gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (self->apt_page));
  _isc_window_apply_pending_tab (self);
  if (self->pending_ranges != NULL)
    {
      g_autofree char *ranges = g_steal_pointer (&self->pending_ranges);

      _isc_window_open_ranges (self, ranges);
    }
  if (result->path != NULL)
    _isc_window_remember (self, result->path);
  if (result->range_error != NULL)
    isc_window_show_banner (self, ISC_BANNER_ERROR, result->range_error);
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
    if (isc_dataset_kind_has_suffix (ISC_DATASET_RANGES, name) && n_found++ == 0)
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

  if (cloud == NULL && isc_window_job_is_running (self))
    {
      /* Data and ranges opened together: range the data once it has loaded. */
      g_free (self->pending_ranges);
      self->pending_ranges = g_strdup (path);
      return;
    }
  if (cloud == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Open APT data first: “%s” will then range it."), name);

      isc_window_show_banner (self, ISC_BANNER_INFO, message);
      return;
    }

  request = g_new0 (AptRequest, 1);
  request->range_path = g_strdup (path);
  request->cloud = isc_ion_cloud_ref (cloud);
  _isc_window_remember (self, path);
  isc_job_run (self, label, apt_load_job, request, apt_request_free, apt_result_free,
               apt_load_done, NULL);
}

/* The spectrum edited the ranges in place: range the data again with them. */
void
_isc_window_ranges_edited (IscWindow *self)
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
  gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (self->image_page));
  _isc_window_remember (self, path);
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
