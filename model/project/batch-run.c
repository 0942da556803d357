/* batch-run.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <string.h>

#include "batch-h5.h"
#include "batch-run.h"

#define DONE_MAGIC "ionscape-batch-done 1 recipe="

void
isc_batch_dataset_free (IscBatchDataset *dataset)
{
  if (dataset == NULL)
    return;
  g_free (dataset->name);
  g_free (dataset->path);
  g_free (dataset->range_path);
  g_free (dataset);
}

static IscBatchDataset *
dataset_new (const char *name,
             const char *path,
             const char *range_path)
{
  IscBatchDataset *d = g_new0 (IscBatchDataset, 1);

  d->name = g_strdup (name);
  d->path = g_strdup (path);
  d->range_path = g_strdup (range_path);
  return d;
}

GPtrArray *
isc_batch_datasets_from_project (const IscProject  *project,
                                 GError           **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_batch_dataset_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GFile) folder = NULL;

  g_return_val_if_fail (project != NULL, NULL);

  if (project->path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (project->path);

      folder = g_file_new_for_path (dir);
    }
  for (guint c = 0; c < project->conditions->len; c++)
    {
      IscCondition *condition = g_ptr_array_index (project->conditions, c);

      for (guint s = 0; s < condition->sites->len; s++)
        {
          IscSite *site = g_ptr_array_index (condition->sites, s);

          for (guint d = 0; d < site->datasets->len; d++)
            {
              IscDataset *dataset = g_ptr_array_index (site->datasets, d);
              g_autoptr(GFile) file = NULL;
              g_autofree char *name = NULL;

              if (dataset->kind != ISC_DATASET_APT)
                continue;
              if (dataset->range_path == NULL)
                {
                  g_set_error (error, ISC_BATCH_ERROR, ISC_BATCH_ERROR_DATASET, "%s (%s, %s): no range file",
                               dataset->path, condition->name, site->label);
                  return NULL;
                }
              file = g_file_new_for_path (dataset->path);
              if (folder != NULL)
                name = g_file_get_relative_path (folder, file);
              if (name == NULL)
                name = g_strdup (dataset->path);
              /* The done-record is a file of lines, keyed by name. */
              if (strpbrk (name, "\r\n") != NULL)
                {
                  g_set_error (error, ISC_BATCH_ERROR, ISC_BATCH_ERROR_DATASET,
                               "a dataset's file name has a line break (%s, %s)", condition->name, site->label);
                  return NULL;
                }
              /* The same file in two sites is analysed once and listed once. */
              if (g_hash_table_add (seen, g_strdup (name)))
                g_ptr_array_add (list, dataset_new (name, dataset->path, dataset->range_path));
            }
        }
    }
  return g_steal_pointer (&list);
}

GPtrArray *
isc_batch_datasets_from_files (const char * const  *patterns,
                               const char          *range_path,
                               GError             **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_batch_dataset_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (patterns != NULL && range_path != NULL, NULL);

  for (guint i = 0; patterns[i] != NULL; i++)
    {
      glob_t g = { 0 };
      int status = glob (patterns[i], GLOB_ERR, NULL, &g);

      if (status != 0)
        {
          g_set_error (error, ISC_BATCH_ERROR, ISC_BATCH_ERROR_DATASET, "%s: %s", patterns[i],
                       status == GLOB_NOMATCH ? "no such file" : "cannot be listed");
          globfree (&g);
          return NULL;
        }
      for (gsize k = 0; k < g.gl_pathc; k++)
        if (strpbrk (g.gl_pathv[k], "\r\n") == NULL && g_hash_table_add (seen, g_strdup (g.gl_pathv[k])))
          g_ptr_array_add (list, dataset_new (g.gl_pathv[k], g.gl_pathv[k], range_path));
      globfree (&g);
    }
  return g_steal_pointer (&list);
}

char *
isc_batch_done_path (const char *out_path)
{
  return g_strconcat (out_path, ".done", NULL);
}

/* CSV */

static void
append_field (GString    *out,
              const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL && field[0] != '#')
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_rows (GString    *out,
             const char *dataset,
             GPtrArray  *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const IscBatchRow *row = g_ptr_array_index (rows, i);

      append_field (out, dataset);
      g_string_append_c (out, ',');
      append_field (out, row->analysis);
      g_string_append_c (out, ',');
      append_field (out, row->key);
      g_string_append_c (out, ',');
      append_field (out, row->value);
      g_string_append_c (out, '\n');
    }
}

/* Splits one line written by append_field (); NULL when it is not well formed. */
static GPtrArray *
split_line (const char *line)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  const char *p = line;

  for (;;)
    {
      GString *field = g_string_new (NULL);

      if (*p == '"')
        {
          for (p++;; p++)
            {
              if (*p == '\0')
                {
                  g_string_free (field, TRUE);
                  return NULL;
                }
              if (*p == '"' && p[1] == '"')
                g_string_append_c (field, *p++);
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (field, *p);
            }
        }
      else
        while (*p != '\0' && *p != ',')
          g_string_append_c (field, *p++);
      g_ptr_array_add (fields, g_string_free (field, FALSE));
      if (*p == '\0')
        break;
      if (*p != ',')
        return NULL;
      p++;
    }
  return g_steal_pointer (&fields);
}

GPtrArray *
isc_batch_split_csv_line (const char *line)
{
  g_return_val_if_fail (line != NULL, NULL);
  return split_line (line);
}

/* The stamp of a dataset's files: a rerun recomputes a dataset whose files changed. */
static char *
stamp_of (const IscBatchDataset *d)
{
  IscFileStamp a = { 0 }, b = { 0 };

  if (!isc_file_stamp_read (d->path, &a) || !isc_file_stamp_read (d->range_path, &b))
    return g_strdup ("unreadable");
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                          a.size, a.mtime_us, b.size, b.mtime_us);
}

typedef struct
{
  char      *stamp;
  GPtrArray *rows;   /* IscBatchRow* */
} Done;

static void
done_free (Done *done)
{
  g_free (done->stamp);
  g_ptr_array_unref (done->rows);
  g_free (done);
}

/* Reads @path into dataset name → Done. FALSE (with @table empty) when it is absent or of
 * another recipe (*@other set). Each dataset is a block of rows closed by its #done line: a block
 * cut short by a kill (no #done, or a line broken off) is dropped. *@open_line is set when the
 * file ends inside a line. */
static gboolean
read_done (const char *path,
           const char *hash,
           GHashTable *table,
           gboolean   *other,
           gboolean   *open_line)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *magic = g_strconcat (DONE_MAGIC, hash, NULL);
  g_autofree char *block_name = NULL;
  g_autoptr(GPtrArray) block = NULL;
  gsize length = 0;

  *other = FALSE;
  *open_line = FALSE;
  if (!g_file_get_contents (path, &text, &length, NULL))
    return FALSE;
  *open_line = length > 0 && text[length - 1] != '\n';
  lines = g_strsplit (text, "\n", -1);
  if (lines[0] == NULL || !g_str_equal (lines[0], magic))
    {
      *other = TRUE;
      return FALSE;
    }
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) f = NULL;
      gboolean last = lines[i + 1] == NULL;

      if (lines[i][0] == '\0')
        continue;
      f = last && *open_line ? NULL : split_line (lines[i]);
      if (f != NULL && f->len == 3 && g_str_equal (g_ptr_array_index (f, 0), "#done"))
        {
          const char *name = g_ptr_array_index (f, 1);
          Done *done = g_new0 (Done, 1);

          done->stamp = g_strdup (g_ptr_array_index (f, 2));
          if (block != NULL && g_str_equal (block_name, name))
            done->rows = g_steal_pointer (&block);
          else
            done->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_batch_row_free);
          g_hash_table_replace (table, g_strdup (name), done);
          g_clear_pointer (&block, g_ptr_array_unref);
          g_clear_pointer (&block_name, g_free);
        }
      else if (f != NULL && f->len == 4)
        {
          const char *name = g_ptr_array_index (f, 0);

          /* Another dataset's row: the block before it was never closed. */
          if (block != NULL && !g_str_equal (block_name, name))
            {
              g_clear_pointer (&block, g_ptr_array_unref);
              g_clear_pointer (&block_name, g_free);
            }
          if (block == NULL)
            {
              block = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_batch_row_free);
              block_name = g_strdup (name);
            }
          g_ptr_array_add (block, isc_batch_row_new (g_ptr_array_index (f, 1), g_ptr_array_index (f, 2),
                                                     g_ptr_array_index (f, 3)));
        }
      else
        {
          /* A broken line spoils its block. */
          g_clear_pointer (&block, g_ptr_array_unref);
          g_clear_pointer (&block_name, g_free);
        }
    }
  return TRUE;
}

/* The parallel run */

typedef struct
{
  const IscBatchRecipe *recipe;
  GPtrArray            *datasets;
  GCancellable         *cancellable;   /* the caller's, and our own on the first failure */
  GAsyncQueue          *finished;      /* Job* */
} Context;

typedef struct
{
  guint      index;
  GPtrArray *rows;
  GError    *error;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_clear_error (&job->error);
  g_free (job);
}

static void
analyse (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  Context *ctx = user_data;
  const IscBatchDataset *d = g_ptr_array_index (ctx->datasets, job->index);
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;

  job->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_batch_row_free);
  /* Each dataset is loaded once and every analysis runs on it. */
  if (!g_cancellable_set_error_if_cancelled (ctx->cancellable, &job->error)
      && (ranges = isc_range_set_load (d->range_path, &job->error)) != NULL
      && (cloud = isc_ion_cloud_load (d->path, ctx->cancellable, NULL, NULL, &job->error)) != NULL
      && isc_range_set_apply (ranges, cloud, ctx->cancellable, NULL, NULL, &job->error))
    isc_batch_recipe_run (ctx->recipe, cloud, ranges, job->rows, ctx->cancellable, &job->error);
  if (job->error != NULL && !g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (&job->error, "%s: ", d->name);
  g_async_queue_push (ctx->finished, job);
}

static void
forward_cancel (GCancellable *source,
                gpointer      target)
{
  g_cancellable_cancel (target);
}

static gboolean
write_all (FILE        *out,
           const char  *path,
           GString     *text,
           GError     **error)
{
  if (fwrite (text->str, 1, text->len, out) != text->len || fflush (out) != 0)
    {
      int saved = errno;

      g_set_error (error, ISC_BATCH_ERROR, ISC_BATCH_ERROR_OUTPUT, "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
isc_batch_run (const IscBatchRecipe  *recipe,
               GPtrArray             *datasets,
               const char            *out_path,
               const IscBatchOptions *options,
               IscBatchStats         *stats,
               GCancellable          *cancellable,
               IscBatchProgressFunc   progress,
               gpointer               progress_data,
               GError               **error)
{
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) done_free);
  g_autofree char *done_path = NULL;
  g_autoptr(GCancellable) own = g_cancellable_new ();
  g_autoptr(GArray) todo = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) stamps = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) csv = NULL;
  g_autoptr(GError) first_error = NULL;
  IscBatchStats local_stats = { 0 };
  Context ctx = { recipe, datasets, own, NULL };
  GThreadPool *pool = NULL;
  gulong handler = 0;
  gboolean other = FALSE, append, open_line = FALSE;
  guint jobs, finished;
  FILE *record = NULL;

  g_return_val_if_fail (recipe != NULL && datasets != NULL && out_path != NULL, FALSE);

  if (stats == NULL)
    stats = &local_stats;
  memset (stats, 0, sizeof *stats);
  stats->total = datasets->len;
  done_path = isc_batch_done_path (out_path);

  /* What an earlier run of this recipe finished, on files that have not changed since. */
  read_done (done_path, recipe->hash, done, &other, &open_line);
  stats->restarted = other;
  for (guint i = 0; i < datasets->len; i++)
    {
      const IscBatchDataset *d = g_ptr_array_index (datasets, i);
      Done *previous = g_hash_table_lookup (done, d->name);
      char *stamp = stamp_of (d);

      g_ptr_array_add (stamps, stamp);
      if (previous != NULL && g_str_equal (previous->stamp, stamp))
        stats->skipped++;
      else
        {
          g_hash_table_remove (done, d->name);
          g_array_append_val (todo, i);
        }
    }
  if (options != NULL && options->max_datasets > 0 && todo->len > options->max_datasets)
    g_array_set_size (todo, options->max_datasets);

  /* A fresh record unless this recipe's is there to append to. */
  append = !other && g_file_test (done_path, G_FILE_TEST_EXISTS);
  record = fopen (done_path, append ? "a" : "w");
  if (record == NULL)
    {
      int saved = errno;

      g_set_error (error, ISC_BATCH_ERROR, ISC_BATCH_ERROR_OUTPUT, "%s: %s", done_path, g_strerror (saved));
      return FALSE;
    }
  if (!append || open_line)
    {
      g_autoptr(GString) header = g_string_new (NULL);

      /* After a line broken off by a kill, a new line: the next block must start clean. */
      if (!append)
        g_string_append_printf (header, "%s%s\n", DONE_MAGIC, recipe->hash);
      else
        g_string_append_c (header, '\n');
      if (!write_all (record, done_path, header, error))
        {
          fclose (record);
          return FALSE;
        }
    }

  finished = stats->skipped;
  if (progress != NULL)
    progress (finished, stats->total, NULL, progress_data);

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel), own, NULL);
  jobs = options != NULL && options->jobs > 0 ? options->jobs : g_get_num_processors ();
  ctx.finished = g_async_queue_new ();
  if (todo->len > 0)
    pool = g_thread_pool_new (analyse, &ctx, (int) MIN (jobs, todo->len), FALSE, NULL);
  for (guint k = 0; k < todo->len; k++)
    {
      Job *job = g_new0 (Job, 1);

      job->index = g_array_index (todo, guint, k);
      g_thread_pool_push (pool, job, NULL);
    }

  /* Results are recorded here, in this thread, as they come: a kill loses at most the
   * datasets being analysed. */
  for (guint k = 0; k < todo->len; k++)
    {
      Job *job = g_async_queue_pop (ctx.finished);
      const IscBatchDataset *d = g_ptr_array_index (datasets, job->index);

      if (job->error != NULL)
        {
          /* The first real failure is the one to report, not the cancellations it caused. */
          if (first_error == NULL
              || (g_error_matches (first_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                  && !g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
            {
              g_clear_error (&first_error);
              first_error = g_steal_pointer (&job->error);
            }
          g_cancellable_cancel (own);
        }
      else
        {
          g_autoptr(GString) block = g_string_new (NULL);
          Done *entry = g_new0 (Done, 1);

          append_rows (block, d->name, job->rows);
          g_string_append (block, "#done,");
          append_field (block, d->name);
          g_string_append_c (block, ',');
          append_field (block, g_ptr_array_index (stamps, job->index));
          g_string_append_c (block, '\n');
          if (first_error == NULL && !write_all (record, done_path, block, &first_error))
            g_cancellable_cancel (own);
          entry->stamp = g_strdup (g_ptr_array_index (stamps, job->index));
          entry->rows = g_steal_pointer (&job->rows);
          g_hash_table_replace (done, g_strdup (d->name), entry);
          stats->computed++;
          finished++;
          if (progress != NULL)
            progress (finished, stats->total, d->name, progress_data);
        }
      job_free (job);
    }
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);
  g_async_queue_unref (ctx.finished);
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
  if (fclose (record) != 0 && first_error == NULL)
    {
      int saved = errno;

      g_set_error (&first_error, ISC_BATCH_ERROR, ISC_BATCH_ERROR_OUTPUT, "%s: %s", done_path, g_strerror (saved));
    }
  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }

  /* The table in the datasets' order, whatever order they finished in. */
  if (g_str_has_suffix (out_path, ".h5"))
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autoptr(GPtrArray) rows = g_ptr_array_new ();

      for (guint i = 0; i < datasets->len; i++)
        {
          const IscBatchDataset *d = g_ptr_array_index (datasets, i);
          Done *entry = g_hash_table_lookup (done, d->name);

          for (guint r = 0; entry != NULL && r < entry->rows->len; r++)
            {
              g_ptr_array_add (names, d->name);
              g_ptr_array_add (rows, g_ptr_array_index (entry->rows, r));
            }
        }
      return isc_batch_write_h5 (out_path, names, rows, error);
    }
  csv = g_string_new ("dataset,analysis,key,value\n");
  for (guint i = 0; i < datasets->len; i++)
    {
      const IscBatchDataset *d = g_ptr_array_index (datasets, i);
      Done *entry = g_hash_table_lookup (done, d->name);

      if (entry != NULL)
        append_rows (csv, d->name, entry->rows);
    }
  if (!g_file_set_contents (out_path, csv->str, (gssize) csv->len, error))
    return FALSE;
  return TRUE;
}
