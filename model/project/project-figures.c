/* project-figures.c: the composed figures of a project and their place in the project file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "project-figures.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "isc-error.h"

#define FIGURES_DATASET   "figures"
#define MAX_FIGURES_BYTES (16u << 20)

static void
figure_free (gpointer data)
{
  IscProjectFigure *figure = data;

  g_free (figure->name);
  g_free (figure->layout);
  g_free (figure);
}

GPtrArray *
isc_project_get_figures (IscProject *project)
{
  g_return_val_if_fail (project != NULL, NULL);
  if (project->figures == NULL)
    project->figures = g_ptr_array_new_with_free_func (figure_free);
  return project->figures;
}

IscProjectFigure *
isc_project_find_figure (IscProject *project,
                         const char *name)
{
  g_return_val_if_fail (project != NULL && name != NULL, NULL);
  for (guint i = 0; project->figures != NULL && i < project->figures->len; i++)
    {
      IscProjectFigure *figure = g_ptr_array_index (project->figures, i);

      if (g_str_equal (figure->name, name))
        return figure;
    }
  return NULL;
}

IscProjectFigure *
isc_project_set_figure (IscProject *project,
                        const char *name,
                        const char *layout)
{
  IscProjectFigure *figure;

  g_return_val_if_fail (project != NULL && name != NULL && layout != NULL, NULL);
  figure = isc_project_find_figure (project, name);
  if (figure == NULL)
    {
      figure = g_new0 (IscProjectFigure, 1);
      figure->name = g_strdup (name);
      g_ptr_array_add (isc_project_get_figures (project), figure);
    }
  if (figure->layout != layout)
    {
      g_free (figure->layout);
      figure->layout = g_strdup (layout);
    }
  return figure;
}

gboolean
isc_project_remove_figure (IscProject *project,
                           const char *name)
{
  IscProjectFigure *figure = isc_project_find_figure (project, name);

  return figure != NULL && g_ptr_array_remove (project->figures, figure);
}

void
isc_project_copy_figures (IscProject       *to,
                          const IscProject *from)
{
  g_return_if_fail (to != NULL && from != NULL);
  for (guint i = 0; from->figures != NULL && i < from->figures->len; i++)
    {
      const IscProjectFigure *figure = g_ptr_array_index (from->figures, i);

      isc_project_set_figure (to, figure->name, figure->layout);
    }
}

void
isc_project_free_figures (IscProject *project)
{
  g_clear_pointer (&project->figures, g_ptr_array_unref);
}

gboolean
_isc_project_figures_write (const IscProject  *project,
                            hid_t              file,
                            GError           **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  hsize_t len;
  hid_t space, dset;
  gboolean ok;

  if (project->figures == NULL || project->figures->len == 0)
    return TRUE;
  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < project->figures->len; i++)
    {
      const IscProjectFigure *figure = g_ptr_array_index (project->figures, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, figure->name);
      json_builder_set_member_name (builder, "layout");
      json_builder_add_string_value (builder, figure->layout);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  len = strlen (text);
  space = H5Screate_simple (1, &len, NULL);
  dset = H5Dcreate2 (file, FIGURES_DATASET, H5T_STD_U8LE, space, H5P_DEFAULT, H5P_DEFAULT,
                     H5P_DEFAULT);
  ok = dset >= 0 && H5Dwrite (dset, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, text) >= 0;
  if (dset >= 0)
    H5Dclose (dset);
  H5Sclose (space);
  if (!ok)
    g_set_error_literal (error, ISC_PROJECT_ERROR, ISC_ERROR_IO, "could not write the figures");
  return ok;
}

gboolean
_isc_project_figures_read (IscProject  *project,
                           hid_t        file,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *text = NULL;
  hid_t dset, space = -1, type = -1;
  hssize_t n;
  JsonNode *root;
  JsonArray *list;

  if (H5Lexists (file, FIGURES_DATASET, H5P_DEFAULT) <= 0)
    return TRUE;   /* written before figures were saved */
  dset = H5Dopen2 (file, FIGURES_DATASET, H5P_DEFAULT);
  if (dset >= 0)
    {
      space = H5Dget_space (dset);
      type = H5Dget_type (dset);
    }
  n = space >= 0 ? H5Sget_simple_extent_npoints (space) : -1;
  if (dset < 0 || type < 0 || H5Tget_class (type) != H5T_INTEGER || H5Tget_size (type) != 1
      || n < 0 || (guint64) n > MAX_FIGURES_BYTES)
    g_set_error_literal (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT,
                         "the figures dataset is not a byte string");
  else
    {
      text = g_malloc0 ((gsize) n + 1);
      if (n > 0 && H5Dread (dset, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, text) < 0)
        g_set_error_literal (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT, "the figures cannot be read");
    }
  if (type >= 0)
    H5Tclose (type);
  if (space >= 0)
    H5Sclose (space);
  if (dset >= 0)
    H5Dclose (dset);
  if (text == NULL || (error != NULL && *error != NULL))
    return FALSE;

  parser = json_parser_new ();
  if (!g_utf8_validate (text, -1, NULL) || !json_parser_load_from_data (parser, text, -1, NULL)
      || !JSON_NODE_HOLDS_ARRAY (root = json_parser_get_root (parser)))
    {
      g_set_error_literal (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT,
                           "the figures dataset is not a JSON list");
      return FALSE;
    }
  list = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *name = o != NULL ? json_object_get_member (o, "name") : NULL;
      JsonNode *layout = o != NULL ? json_object_get_member (o, "layout") : NULL;

      if (name == NULL || layout == NULL || json_node_get_value_type (name) != G_TYPE_STRING
          || json_node_get_value_type (layout) != G_TYPE_STRING)
        {
          g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT,
                       "figure %u of the figures dataset has no name or layout", i + 1);
          return FALSE;
        }
      isc_project_set_figure (project, json_node_get_string (name), json_node_get_string (layout));
    }
  return TRUE;
}
