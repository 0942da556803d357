/* isc-window-batch.c: Run Recipe… — the recipe of `ionscape-cli batch` over the open project's
 * datasets, in the window's job (progress bar and Cancel), the table written next to the project.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Ionscape"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "batch-run.h"
#include "isc-job.h"
#include "project-batch.h"
#include "isc-window-private.h"

typedef struct
{
  IscBatchRecipe *recipe;
  GPtrArray      *datasets;   /* IscBatchDataset* */
  char           *out_path;
  char           *project_path;
} BatchInput;

typedef struct
{
  IscBatchStats    stats;
  char            *out_path;
  char            *project_path;
  IscProjectBatch *batch;     /* the table read back, cached in the project file; NULL on failure */
  char            *cache_error;
} BatchResult;

typedef struct
{
  IscProgressFunc progress;
  gpointer        progress_data;
} ProgressRelay;

static void
batch_input_free (BatchInput *input)
{
  isc_batch_recipe_free (input->recipe);
  g_ptr_array_unref (input->datasets);
  g_free (input->out_path);
  g_free (input->project_path);
  g_free (input);
}

static void
batch_result_free (BatchResult *result)
{
  g_free (result->out_path);
  g_free (result->project_path);
  isc_project_batch_free (result->batch);
  g_free (result->cache_error);
  g_free (result);
}

static void
relay_progress (guint       done,
                guint       total,
                const char *dataset,
                gpointer    user_data)
{
  ProgressRelay *relay = user_data;

  if (relay->progress != NULL && total > 0)
    relay->progress ((double) done / total, relay->progress_data);
}

/* The rows as written go into the project file as it is on disk, so the project page shows them
 * after a reload; the window's own copy (which may hold unsaved edits) gets them in batch_done. */
static gboolean
cache_in_project (BatchInput       *input,
                  IscProjectBatch **batch_out,
                  GError          **error)
{
  g_autofree char *recipe_name = g_path_get_basename (input->recipe->path);

  return isc_project_batch_cache (input->project_path, input->out_path, recipe_name, batch_out, error);
}

static gpointer
batch_job (gpointer          data,
           GCancellable     *cancellable,
           IscProgressFunc   progress,
           gpointer          progress_data,
           GError          **error)
{
  BatchInput *input = data;
  g_autoptr(GError) cache_error = NULL;
  BatchResult *result = g_new0 (BatchResult, 1);
  ProgressRelay relay = { progress, progress_data };
  IscBatchOptions options = { 0 };

  /* Leave a processor to the window. */
  options.jobs = MAX (1, g_get_num_processors () - 1);
  if (!isc_batch_run (input->recipe, input->datasets, input->out_path, &options, &result->stats, cancellable,
                      relay_progress, &relay, error))
    {
      batch_result_free (result);
      return NULL;
    }
  result->out_path = g_strdup (input->out_path);
  result->project_path = g_strdup (input->project_path);
  if (!cache_in_project (input, &result->batch, &cache_error))
    result->cache_error = g_strdup (cache_error->message);
  return result;
}

static void
batch_done (IscWindow    *self,
            gpointer      data,
            const GError *error,
            gpointer      user_data)
{
  g_autoptr(GError) shown = NULL;
  BatchResult *result = data;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        isc_window_show_banner (self, ISC_BANNER_INFO,
                                _("Recipe stopped. The datasets it finished are kept and skipped when it runs again."));
      else
        {
          shown = g_error_new (error->domain, error->code, _("The recipe could not run: %s"), error->message);
          _isc_window_report_error (self, shown);
        }
      return;
    }
  name = g_path_get_basename (result->out_path);
  message = g_strdup_printf (_("Recipe results of %u datasets written to %s"), result->stats.total, name);
  isc_window_show_banner (self, ISC_BANNER_INFO, message);
  if (result->cache_error != NULL)
    {
      g_autofree char *warning = g_strdup_printf (_("The results are not kept in the project: %s"),
                                                  result->cache_error);

      isc_window_show_banner (self, ISC_BANNER_ERROR, warning);
    }
  /* Another project may have been opened while the recipe ran. */
  else if (self->project != NULL && g_strcmp0 (self->project->path, result->project_path) == 0)
    {
      isc_project_set_batch (self->project, g_steal_pointer (&result->batch));
      _isc_window_show_batch (self);
    }
  batch_result_free (result);
}

void
_isc_window_show_batch (IscWindow *self)
{
  g_return_if_fail (ISC_IS_WINDOW (self));

  isc_batch_table_set_batch (self->batch_table, self->project != NULL ? self->project->batch : NULL);
  _isc_window_update_page_rows (self);
}

/* PROJECT-RECIPE.csv in the project's folder. */
static char *
output_path (const char *project_path,
             const char *recipe_path)
{
  g_autofree char *dir = g_path_get_dirname (project_path);
  g_autofree char *project = g_path_get_basename (project_path);
  g_autofree char *recipe = g_path_get_basename (recipe_path);
  g_autofree char *name = NULL;
  char *dot;

  if ((dot = strrchr (project, '.')) != NULL && dot != project)
    *dot = '\0';
  if ((dot = strrchr (recipe, '.')) != NULL && dot != recipe)
    *dot = '\0';
  name = g_strdup_printf ("%s-%s.csv", project, recipe);
  return g_build_filename (dir, name, NULL);
}

void
_isc_window_run_recipe_file (IscWindow  *self,
                             const char *recipe_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscBatchRecipe) recipe = NULL;
  g_autoptr(GPtrArray) datasets = NULL;
  BatchInput *input;

  g_return_if_fail (ISC_IS_WINDOW (self));
  g_return_if_fail (recipe_path != NULL);

  if (self->project == NULL || self->project->path == NULL)
    {
      isc_window_show_banner (self, ISC_BANNER_ERROR, _("Save the project first: the results are written next to it."));
      return;
    }
  if ((recipe = isc_batch_recipe_load (recipe_path, &error)) == NULL
      || (datasets = isc_batch_datasets_from_project (self->project, &error)) == NULL)
    {
      _isc_window_report_error (self, error);
      return;
    }
  if (datasets->len == 0)
    {
      isc_window_show_banner (self, ISC_BANNER_ERROR, _("The project has no APT dataset to run the recipe on."));
      return;
    }
  input = g_new0 (BatchInput, 1);
  input->recipe = g_steal_pointer (&recipe);
  input->datasets = g_steal_pointer (&datasets);
  input->out_path = output_path (self->project->path, recipe_path);
  input->project_path = g_strdup (self->project->path);
  isc_job_run (self, _("Running recipe…"), batch_job, input, (GDestroyNotify) batch_input_free,
               (GDestroyNotify) batch_result_free, batch_done, NULL);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     IscWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        _isc_window_run_recipe_file (self, path);
    }
  g_object_unref (chooser);
}

void
_isc_window_run_recipe (IscWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->project == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Run Recipe"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Run"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Recipes (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (self->project->path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self->project->path);
      g_autoptr(GFile) folder = g_file_new_for_path (dir);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
