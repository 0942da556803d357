/* project-batch.c: the last recipe run cached in a project, and its place in the project file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "project-batch.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "batch-run.h"
#include "isc-error.h"
#include "project-file.h"

#define BATCH_DATASET   "batch"
#define MAX_BATCH_BYTES (256u << 20)
#define TABLE_HEADER    "dataset,analysis,key,value"

static void
row_free (gpointer data)
{
  IscProjectBatchRow *row = data;

  g_free (row->dataset);
  g_free (row->analysis);
  g_free (row->key);
  g_free (row->value);
  g_free (row);
}

IscProjectBatch *
isc_project_batch_new (const char *recipe,
                       const char *table,
                       gint64      finished_us)
{
  IscProjectBatch *batch = g_new0 (IscProjectBatch, 1);

  batch->recipe = g_strdup (recipe != NULL ? recipe : "");
  batch->table = g_strdup (table);
  batch->finished_us = finished_us;
  batch->rows = g_ptr_array_new_with_free_func (row_free);
  return batch;
}

void
isc_project_batch_free (IscProjectBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->recipe);
  g_free (batch->table);
  g_ptr_array_unref (batch->rows);
  g_free (batch);
}

void
isc_project_batch_add_row (IscProjectBatch *batch,
                           const char      *dataset,
                           const char      *analysis,
                           const char      *key,
                           const char      *value)
{
  IscProjectBatchRow *row;

  g_return_if_fail (batch != NULL && dataset != NULL && analysis != NULL && key != NULL && value != NULL);

  row = g_new (IscProjectBatchRow, 1);
  row->dataset = g_strdup (dataset);
  row->analysis = g_strdup (analysis);
  row->key = g_strdup (key);
  row->value = g_strdup (value);
  g_ptr_array_add (batch->rows, row);
}

IscProjectBatch *
isc_project_batch_copy (const IscProjectBatch *batch)
{
  IscProjectBatch *copy;

  if (batch == NULL)
    return NULL;
  copy = isc_project_batch_new (batch->recipe, batch->table, batch->finished_us);
  for (guint i = 0; i < batch->rows->len; i++)
    {
      const IscProjectBatchRow *row = g_ptr_array_index (batch->rows, i);

      isc_project_batch_add_row (copy, row->dataset, row->analysis, row->key, row->value);
    }
  return copy;
}

IscProjectBatch *
isc_project_batch_read_table (const char  *csv_path,
                              const char  *recipe,
                              gint64       finished_us,
                              GError     **error)
{
  g_autoptr(IscProjectBatch) batch = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (csv_path != NULL, NULL);

  if (!g_file_get_contents (csv_path, &text, NULL, error))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  if (lines[0] == NULL || strcmp (g_strchomp (lines[0]), TABLE_HEADER) != 0)
    {
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT, "%s: line 1: expected the header “%s”",
                   csv_path, TABLE_HEADER);
      return NULL;
    }
  batch = isc_project_batch_new (recipe, csv_path, finished_us);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) fields = NULL;
      char *line = lines[i];
      gsize len = strlen (line);

      if (len > 0 && line[len - 1] == '\r')
        line[len - 1] = '\0';
      if (line[0] == '\0')
        continue;
      fields = isc_batch_split_csv_line (line);
      if (fields == NULL || fields->len != 4)
        {
          g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT,
                       "%s: line %u: expected four fields (dataset,analysis,key,value)", csv_path, i + 1);
          return NULL;
        }
      isc_project_batch_add_row (batch, g_ptr_array_index (fields, 0), g_ptr_array_index (fields, 1),
                                 g_ptr_array_index (fields, 2), g_ptr_array_index (fields, 3));
    }
  return g_steal_pointer (&batch);
}

gboolean
isc_project_batch_cache (const char       *project_path,
                         const char       *csv_path,
                         const char       *recipe,
                         IscProjectBatch **batch_out,
                         GError          **error)
{
  g_autoptr(IscProjectBatch) batch = NULL;
  IscProject *on_disk;
  gboolean ok;

  g_return_val_if_fail (project_path != NULL && csv_path != NULL, FALSE);

  batch = isc_project_batch_read_table (csv_path, recipe, g_get_real_time (), error);
  if (batch == NULL || (on_disk = isc_project_load (project_path, error)) == NULL)
    return FALSE;
  isc_project_set_batch (on_disk, isc_project_batch_copy (batch));
  ok = isc_project_save (on_disk, project_path, error);
  isc_project_free (on_disk);
  if (ok && batch_out != NULL)
    *batch_out = g_steal_pointer (&batch);
  return ok;
}

const IscProjectBatch *
isc_project_get_batch (const IscProject *project)
{
  g_return_val_if_fail (project != NULL, NULL);
  return project->batch;
}

void
isc_project_set_batch (IscProject      *project,
                       IscProjectBatch *batch)
{
  g_return_if_fail (project != NULL);

  if (project->batch != batch)
    {
      isc_project_batch_free (project->batch);
      project->batch = batch;
    }
}

gboolean
_isc_project_batch_write (const IscProject  *project,
                          hid_t              file,
                          const char        *project_dir,
                          GError           **error)
{
  const IscProjectBatch *batch = project->batch;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) finished = NULL;
  g_autofree char *finished_text = NULL;
  g_autofree char *text = NULL;
  hsize_t len;
  hid_t space, dset;
  gboolean ok;

  if (batch == NULL)
    return TRUE;
  finished = g_date_time_new_from_unix_utc (batch->finished_us / G_USEC_PER_SEC);
  finished_text = finished != NULL ? g_date_time_format_iso8601 (finished) : NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "recipe");
  json_builder_add_string_value (builder, batch->recipe);
  json_builder_set_member_name (builder, "table");
  if (batch->table == NULL)
    json_builder_add_null_value (builder);
  else
    {
      g_autofree char *relative = g_path_is_absolute (batch->table) && project_dir != NULL
                                  ? isc_path_relative_to (project_dir, batch->table)
                                  : g_strdup (batch->table);

      json_builder_add_string_value (builder, relative);
    }
  json_builder_set_member_name (builder, "finished");
  if (finished_text != NULL)
    json_builder_add_string_value (builder, finished_text);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < batch->rows->len; i++)
    {
      const IscProjectBatchRow *row = g_ptr_array_index (batch->rows, i);

      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, row->dataset);
      json_builder_add_string_value (builder, row->analysis);
      json_builder_add_string_value (builder, row->key);
      json_builder_add_string_value (builder, row->value);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  len = strlen (text);
  space = H5Screate_simple (1, &len, NULL);
  dset = H5Dcreate2 (file, BATCH_DATASET, H5T_STD_U8LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  ok = dset >= 0 && H5Dwrite (dset, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, text) >= 0;
  if (dset >= 0)
    H5Dclose (dset);
  H5Sclose (space);
  if (!ok)
    g_set_error_literal (error, ISC_PROJECT_ERROR, ISC_ERROR_IO, "could not write the cached recipe results");
  return ok;
}

static gboolean
bad_batch (GError    **error,
           const char *what)
{
  g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT, "the batch dataset %s", what);
  return FALSE;
}

static const char *
string_member (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

gboolean
_isc_project_batch_read (IscProject  *project,
                         hid_t        file,
                         const char  *project_dir,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(IscProjectBatch) batch = NULL;
  g_autofree char *text = NULL;
  g_autofree char *table = NULL;
  const char *recipe, *table_text, *finished_text;
  gint64 finished_us = 0;
  hid_t dset, space = -1, type = -1;
  hssize_t n;
  JsonNode *root, *rows_node;
  JsonObject *o;
  JsonArray *rows;

  if (H5Lexists (file, BATCH_DATASET, H5P_DEFAULT) <= 0)
    return TRUE;   /* no recipe has run, or written before runs were cached */
  dset = H5Dopen2 (file, BATCH_DATASET, H5P_DEFAULT);
  if (dset >= 0)
    {
      space = H5Dget_space (dset);
      type = H5Dget_type (dset);
    }
  n = space >= 0 ? H5Sget_simple_extent_npoints (space) : -1;
  if (dset >= 0 && type >= 0 && H5Tget_class (type) == H5T_INTEGER && H5Tget_size (type) == 1
      && n >= 0 && (guint64) n <= MAX_BATCH_BYTES)
    {
      text = g_malloc0 ((gsize) n + 1);
      if (n > 0 && H5Dread (dset, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, text) < 0)
        g_clear_pointer (&text, g_free);
    }
  if (type >= 0)
    H5Tclose (type);
  if (space >= 0)
    H5Sclose (space);
  if (dset >= 0)
    H5Dclose (dset);
  if (text == NULL)
    return bad_batch (error, "is not a readable byte string");

  parser = json_parser_new ();
  if (!g_utf8_validate (text, -1, NULL) || !json_parser_load_from_data (parser, text, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    return bad_batch (error, "is not a JSON object");
  o = json_node_get_object (root);
  recipe = string_member (o, "recipe");
  table_text = string_member (o, "table");
  finished_text = string_member (o, "finished");
  rows_node = json_object_get_member (o, "rows");
  if (recipe == NULL || rows_node == NULL || !JSON_NODE_HOLDS_ARRAY (rows_node))
    return bad_batch (error, "has no recipe or rows");
  if (finished_text != NULL)
    {
      g_autoptr(GDateTime) finished = g_date_time_new_from_iso8601 (finished_text, NULL);

      if (finished == NULL)
        return bad_batch (error, "has a finishing time that is not ISO 8601");
      finished_us = g_date_time_to_unix (finished) * G_USEC_PER_SEC;
    }
  if (table_text != NULL && project_dir != NULL)
    table = g_canonicalize_filename (table_text, project_dir);
  else
    table = g_strdup (table_text);

  batch = isc_project_batch_new (recipe, table, finished_us);
  rows = json_node_get_array (rows_node);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      JsonArray *fields = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      const char *value[4] = { NULL };

      for (guint f = 0; fields != NULL && f < 4 && json_array_get_length (fields) == 4; f++)
        {
          JsonNode *field = json_array_get_element (fields, f);

          if (json_node_get_value_type (field) == G_TYPE_STRING)
            value[f] = json_node_get_string (field);
        }
      if (value[0] == NULL || value[1] == NULL || value[2] == NULL || value[3] == NULL)
        {
          g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT,
                       "row %u of the batch dataset is not four strings", i + 1);
          return FALSE;
        }
      isc_project_batch_add_row (batch, value[0], value[1], value[2], value[3]);
    }
  isc_project_set_batch (project, g_steal_pointer (&batch));
  return TRUE;
}
