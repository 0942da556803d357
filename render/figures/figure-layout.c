/* figure-layout.c: a composed figure's layout as JSON, and the figure it describes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <pango/pangocairo.h>
#include <math.h>
#include <string.h>

#include "cycling-data.h"
#include "cycling-plot.h"
#include "fda.h"
#include "fft.h"
#include "figure-layout.h"
#include "gradient-plots.h"
#include "image-render.h"
#include "isc-error.h"
#include "line-profile.h"
#include "plot.h"
#include "project-analysis.h"
#include "project-retention.h"
#include "overlay-figure.h"
#include "project-registration.h"
#include "registration-overlay.h"
#include "site-figure.h"

static const char *const panel_kinds[] = {
  "gradient", "elements", "gradient-depth", "retention",
  "capacity", "cycle-retention",
  "ion-map", "stem-image", "line-profile", "fft", "profile", "fda", "overlay",
  "insitu",
  NULL
};

const char * const *
isc_figure_panel_kinds (void)
{
  return panel_kinds;
}

gboolean
isc_figure_panel_kind_exists (const char *kind)
{
  return kind != NULL && g_strv_contains (panel_kinds, kind);
}

IscFigurePanelNeeds
isc_figure_panel_kind_needs (const char *kind)
{
  static const char *const site_kinds[] = { "ion-map", "stem-image", "line-profile", "fft",
                                            "profile", "fda", "overlay", NULL };
  static const char *const condition_kinds[] = { "elements", "capacity", "cycle-retention", NULL };

  if (kind == NULL)
    return ISC_FIGURE_PANEL_NEEDS_NOTHING;
  if (g_strv_contains (site_kinds, kind))
    return ISC_FIGURE_PANEL_NEEDS_SITE;
  if (g_strv_contains (condition_kinds, kind))
    return ISC_FIGURE_PANEL_NEEDS_CONDITION;
  if (g_str_equal (kind, "insitu"))
    return ISC_FIGURE_PANEL_NEEDS_PATH;
  return ISC_FIGURE_PANEL_NEEDS_NOTHING;
}

static void
panel_spec_free (IscFigurePanelSpec *panel)
{
  g_free (panel->kind);
  g_free (panel->element);
  g_free (panel->condition);
  g_free (panel->site);
  g_free (panel->path);
  g_free (panel);
}

static IscFigurePanelSpec *
panel_spec_copy (const IscFigurePanelSpec *panel)
{
  IscFigurePanelSpec *copy = g_new0 (IscFigurePanelSpec, 1);

  *copy = *panel;
  copy->kind = g_strdup (panel->kind);
  copy->element = g_strdup (panel->element);
  copy->condition = g_strdup (panel->condition);
  copy->site = g_strdup (panel->site);
  copy->path = g_strdup (panel->path);
  return copy;
}

IscFigureLayout *
isc_figure_layout_new (const char *name,
                       guint       rows,
                       guint       columns)
{
  IscFigureLayout *layout = g_new0 (IscFigureLayout, 1);

  layout->name = g_strdup (name != NULL ? name : "Figure");
  layout->rows = CLAMP (rows, 1, ISC_FIGURE_LAYOUT_MAX_CELLS);
  layout->columns = CLAMP (columns, 1, ISC_FIGURE_LAYOUT_MAX_CELLS);
  isc_figure_options_init (&layout->options);
  layout->panels = g_ptr_array_new_with_free_func ((GDestroyNotify) panel_spec_free);
  return layout;
}

IscFigureLayout *
isc_figure_layout_copy (const IscFigureLayout *layout)
{
  IscFigureLayout *copy;

  g_return_val_if_fail (layout != NULL, NULL);
  copy = isc_figure_layout_new (layout->name, layout->rows, layout->columns);
  copy->options = layout->options;
  copy->width_in_inches = layout->width_in_inches;
  for (guint i = 0; i < layout->panels->len; i++)
    g_ptr_array_add (copy->panels, panel_spec_copy (g_ptr_array_index (layout->panels, i)));
  return copy;
}

void
isc_figure_layout_free (IscFigureLayout *layout)
{
  if (layout == NULL)
    return;
  g_free (layout->name);
  g_ptr_array_unref (layout->panels);
  g_free (layout);
}

void
isc_figure_layout_set_grid (IscFigureLayout *layout,
                            guint            rows,
                            guint            columns)
{
  g_return_if_fail (layout != NULL);
  layout->rows = CLAMP (rows, 1, ISC_FIGURE_LAYOUT_MAX_CELLS);
  layout->columns = CLAMP (columns, 1, ISC_FIGURE_LAYOUT_MAX_CELLS);
  for (guint i = layout->panels->len; i-- > 0;)
    {
      IscFigurePanelSpec *panel = g_ptr_array_index (layout->panels, i);

      if (panel->row >= layout->rows || panel->column >= layout->columns)
        g_ptr_array_remove_index (layout->panels, i);
    }
}

IscFigurePanelSpec *
isc_figure_layout_get_panel (const IscFigureLayout *layout,
                             guint                  row,
                             guint                  column)
{
  g_return_val_if_fail (layout != NULL, NULL);
  for (guint i = 0; i < layout->panels->len; i++)
    {
      IscFigurePanelSpec *panel = g_ptr_array_index (layout->panels, i);

      if (panel->row == row && panel->column == column)
        return panel;
    }
  return NULL;
}

IscFigurePanelSpec *
isc_figure_layout_set_panel (IscFigureLayout *layout,
                             guint            row,
                             guint            column,
                             const char      *kind)
{
  IscFigurePanelSpec *panel;

  g_return_val_if_fail (layout != NULL, NULL);
  panel = isc_figure_layout_get_panel (layout, row, column);
  if (panel != NULL)
    g_ptr_array_remove (layout->panels, panel);
  if (kind == NULL || row >= layout->rows || column >= layout->columns)
    return NULL;
  panel = g_new0 (IscFigurePanelSpec, 1);
  panel->row = row;
  panel->column = column;
  panel->kind = g_strdup (kind);
  g_ptr_array_add (layout->panels, panel);
  return panel;
}

IscFigureLayout *
isc_figure_layout_new_site (const char *site,
                            gboolean    profile,
                            const char *element)
{
  IscFigureLayout *layout = isc_figure_layout_new ("Site figure", 1, profile ? 3 : 2);
  const char *kinds[] = { "ion-map", "stem-image", "profile" };

  g_return_val_if_fail (site != NULL, NULL);
  /* As `ionscape-cli figure --plot site`: 1.5 columns, or two with the profile. */
  layout->options.width_preset = profile ? ISC_FIGURE_WIDTH_DOUBLE : ISC_FIGURE_WIDTH_ONE_HALF;
  layout->options.aspect = profile ? 1 / 3.0 : 0.5;
  for (guint c = 0; c < layout->columns; c++)
    {
      IscFigurePanelSpec *panel = isc_figure_layout_set_panel (layout, 0, c, kinds[c]);

      panel->site = g_strdup (site);
      panel->element = g_strdup (element);
    }
  return layout;
}

/* JSON */

static const char *const width_names[] = { "single", "onehalf", "double", NULL };
static const char *const background_names[] = { "white", "black", "transparent", NULL };

static gboolean
member_number (JsonObject *o,
               const char *name,
               double     *value)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) == G_TYPE_STRING
      || json_node_get_value_type (n) == G_TYPE_BOOLEAN)
    return FALSE;
  *value = json_node_get_double (n);
  return TRUE;
}

static char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
         ? g_strdup (json_node_get_string (n)) : NULL;
}

static gboolean
whole (double value,
       double low,
       double high)
{
  return value >= low && value <= high && value == floor (value);
}

IscFigureLayout *
isc_figure_layout_from_json (const char              *json,
                             const IscFigureOptions  *defaults,
                             GError                 **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(IscFigureLayout) layout = NULL;
  g_autofree char *name = NULL, *width = NULL, *unit = NULL, *background = NULL;
  JsonObject *root;
  JsonArray *panels;
  double rows = 1, columns = 1, value;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                           "expected a JSON object");
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  member_number (root, "rows", &rows);
  member_number (root, "columns", &columns);
  if (!whole (rows, 1, ISC_FIGURE_LAYOUT_MAX_CELLS) || !whole (columns, 1, ISC_FIGURE_LAYOUT_MAX_CELLS))
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "rows and columns must be whole numbers 1…%d", ISC_FIGURE_LAYOUT_MAX_CELLS);
      return NULL;
    }
  name = member_string (root, "name");
  layout = isc_figure_layout_new (name, (guint) rows, (guint) columns);
  if (defaults != NULL)
    layout->options = *defaults;

  width = member_string (root, "width");
  if (width != NULL)
    {
      guint i;

      for (i = 0; width_names[i] != NULL && !g_str_equal (width, width_names[i]); i++)
        ;
      if (width_names[i] == NULL)
        {
          g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                       "unknown \"width\" “%s” (single, onehalf, double, or give \"width_mm\")",
                       width);
          return NULL;
        }
      layout->options.width_preset = (IscFigureWidth) i;
    }
  if (member_number (root, "width_mm", &value))
    {
      layout->options.width_preset = ISC_FIGURE_WIDTH_CUSTOM;
      layout->options.width_mm = value;
    }
  unit = member_string (root, "width_unit");
  layout->width_in_inches = g_strcmp0 (unit, "in") == 0;
  if (member_number (root, "height_mm", &value))
    layout->options.height_mm = value;
  if (member_number (root, "aspect", &value))
    layout->options.aspect = value;
  if (member_number (root, "font_pt", &value))
    layout->options.font_pt = value;
  if (member_number (root, "dpi", &value))
    layout->options.dpi = value;
  background = member_string (root, "background");
  if (background != NULL)
    {
      guint i;

      for (i = 0; background_names[i] != NULL && !g_str_equal (background, background_names[i]); i++)
        ;
      if (background_names[i] == NULL)
        {
          g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                       "unknown \"background\" “%s” (white, black, transparent)", background);
          return NULL;
        }
      layout->options.background = (IscFigureBackground) i;
    }
  if (!isc_figure_options_check (&layout->options, error))
    return NULL;

  panels = json_object_has_member (root, "panels")
           && JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "panels"))
           ? json_object_get_array_member (root, "panels") : NULL;
  if (panels == NULL)
    {
      g_set_error_literal (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT, "no \"panels\" list");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (panels); i++)
    {
      JsonNode *node = json_array_get_element (panels, i);
      g_autofree char *kind = NULL;
      IscFigurePanelSpec *panel;
      JsonObject *o;
      double row = -1, column = -1;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT, "panel %u is not an object",
                       i + 1);
          return NULL;
        }
      o = json_node_get_object (node);
      member_number (o, "row", &row);
      member_number (o, "column", &column);
      kind = member_string (o, "plot");
      if (!whole (row, 0, rows - 1) || !whole (column, 0, columns - 1))
        {
          g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                       "panel %u lies outside the %g × %g grid", i + 1, rows, columns);
          return NULL;
        }
      if (!isc_figure_panel_kind_exists (kind))
        {
          g_autofree char *known = g_strjoinv (", ", (char **) panel_kinds);

          g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                       "panel %u: unknown plot “%s” (%s)", i + 1, kind != NULL ? kind : "", known);
          return NULL;
        }
      if (isc_figure_layout_get_panel (layout, (guint) row, (guint) column) != NULL)
        {
          g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                       "panel %u: cell (%g, %g) is taken by an earlier panel", i + 1, row, column);
          return NULL;
        }
      panel = isc_figure_layout_set_panel (layout, (guint) row, (guint) column, kind);
      panel->element = member_string (o, "element");
      panel->condition = member_string (o, "condition");
      panel->site = member_string (o, "site");
      panel->path = member_string (o, "path");
      if (json_object_has_member (o, "log_depth"))
        panel->log_depth = json_object_get_boolean_member (o, "log_depth");
    }
  return g_steal_pointer (&layout);
}

IscFigureLayout *
isc_figure_layout_load (const char              *path,
                        const IscFigureOptions  *defaults,
                        GError                 **error)
{
  g_autofree char *text = NULL;
  IscFigureLayout *layout;

  g_return_val_if_fail (path != NULL, NULL);
  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  layout = isc_figure_layout_from_json (text, defaults, error);
  if (layout == NULL)
    g_prefix_error (error, "%s: ", path);
  return layout;
}

static int
compare_panels (gconstpointer a,
                gconstpointer b)
{
  const IscFigurePanelSpec *p = *(IscFigurePanelSpec **) a, *q = *(IscFigurePanelSpec **) b;

  return p->row != q->row ? (int) p->row - (int) q->row : (int) p->column - (int) q->column;
}

char *
isc_figure_layout_to_json (const IscFigureLayout *layout)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  const IscFigureOptions *o;

  g_return_val_if_fail (layout != NULL, NULL);
  o = &layout->options;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, layout->name);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, layout->rows);
  json_builder_set_member_name (builder, "columns");
  json_builder_add_int_value (builder, layout->columns);
  if (o->width_preset == ISC_FIGURE_WIDTH_CUSTOM)
    {
      json_builder_set_member_name (builder, "width_mm");
      json_builder_add_double_value (builder, o->width_mm);
      json_builder_set_member_name (builder, "width_unit");
      json_builder_add_string_value (builder, layout->width_in_inches ? "in" : "mm");
    }
  else
    {
      json_builder_set_member_name (builder, "width");
      json_builder_add_string_value (builder, width_names[o->width_preset]);
    }
  if (o->height_mm > 0)
    {
      json_builder_set_member_name (builder, "height_mm");
      json_builder_add_double_value (builder, o->height_mm);
    }
  json_builder_set_member_name (builder, "aspect");
  json_builder_add_double_value (builder, o->aspect);
  json_builder_set_member_name (builder, "font_pt");
  json_builder_add_double_value (builder, o->font_pt);
  json_builder_set_member_name (builder, "dpi");
  json_builder_add_double_value (builder, o->dpi);
  json_builder_set_member_name (builder, "background");
  json_builder_add_string_value (builder, background_names[o->background]);

  sorted = g_ptr_array_copy (layout->panels, NULL, NULL);
  g_ptr_array_set_free_func (sorted, NULL);   /* the copy would free the panels */
  g_ptr_array_sort (sorted, compare_panels);
  json_builder_set_member_name (builder, "panels");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sorted->len; i++)
    {
      const IscFigurePanelSpec *p = g_ptr_array_index (sorted, i);
      struct { const char *key; const char *value; } strings[] = {
        { "element", p->element }, { "condition", p->condition }, { "site", p->site },
        { "path", p->path },
      };

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "row");
      json_builder_add_int_value (builder, p->row);
      json_builder_set_member_name (builder, "column");
      json_builder_add_int_value (builder, p->column);
      json_builder_set_member_name (builder, "plot");
      json_builder_add_string_value (builder, p->kind);
      for (guint k = 0; k < G_N_ELEMENTS (strings); k++)
        if (strings[k].value != NULL)
          {
            json_builder_set_member_name (builder, strings[k].key);
            json_builder_add_string_value (builder, strings[k].value);
          }
      if (p->log_depth)
        {
          json_builder_set_member_name (builder, "log_depth");
          json_builder_add_boolean_value (builder, TRUE);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

gboolean
isc_figure_layout_save (const IscFigureLayout  *layout,
                        const char             *path,
                        GError                **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (layout != NULL && path != NULL, FALSE);
  json = isc_figure_layout_to_json (layout);
  return g_file_set_contents (path, json, -1, error);
}

/* Building */

/* What the site panels show, loaded once per site. */
typedef struct
{
  IscIonCloud *cloud;
  IscRangeSet *ranges;
  IscImage    *image;
} SiteData;

static void
site_data_free (SiteData *data)
{
  g_clear_pointer (&data->cloud, isc_ion_cloud_unref);
  g_clear_pointer (&data->ranges, isc_range_set_free);
  g_clear_pointer (&data->image, isc_image_free);
  g_free (data);
}

typedef struct
{
  const IscFigureLayout *layout;
  IscProject            *project;
  GCancellable          *cancellable;
  IscGradient           *gradient;     /* made on first use */
  char                  *basis;
  GHashTable            *sites;        /* spec → SiteData* */
} Build;

static void
build_clear (Build *b)
{
  g_clear_pointer (&b->gradient, isc_gradient_free);
  g_clear_pointer (&b->basis, g_free);
  g_clear_pointer (&b->sites, g_hash_table_unref);
}

static IscCondition *
find_condition (IscProject  *project,
                const char  *name,
                GError     **error)
{
  IscCondition *condition;

  if (name == NULL)
    {
      if (project->conditions->len > 0)
        return g_ptr_array_index (project->conditions, 0);
      g_set_error_literal (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                           "the project has no condition");
      return NULL;
    }
  condition = isc_project_find_condition (project, name);
  if (condition == NULL)
    g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT, "no condition “%s”", name);
  return condition;
}

static IscDataset *
first_dataset (GPtrArray      *datasets,
               IscDatasetKind  kind)
{
  for (guint i = 0; i < datasets->len; i++)
    {
      IscDataset *dataset = g_ptr_array_index (datasets, i);

      if (dataset->kind == kind)
        return dataset;
    }
  return NULL;
}

/* "300 cycles/R1": the label follows the last slash, so condition names may hold one. */
static IscSite *
find_site (IscProject  *project,
           const char  *spec,
           GError     **error)
{
  const char *slash = spec != NULL ? strrchr (spec, '/') : NULL;
  g_autofree char *condition_name = NULL;
  IscCondition *condition;
  IscSite *site;

  if (slash == NULL)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "a site is named “CONDITION/LABEL”, got “%s”", spec != NULL ? spec : "");
      return NULL;
    }
  condition_name = g_strndup (spec, slash - spec);
  condition = isc_project_find_condition (project, g_strstrip (condition_name));
  site = condition != NULL ? isc_condition_find_site (condition, slash + 1) : NULL;
  if (site == NULL)
    g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT, "the project has no site “%s”", spec);
  return site;
}

static SiteData *
load_site (Build       *b,
           const char  *spec,
           gboolean     want_cloud,
           gboolean     want_image,
           GError     **error)
{
  SiteData *data = g_hash_table_lookup (b->sites, spec != NULL ? spec : "");
  IscSite *site = find_site (b->project, spec, error);

  if (site == NULL)
    return NULL;
  if (data == NULL)
    {
      data = g_new0 (SiteData, 1);
      g_hash_table_insert (b->sites, g_strdup (spec), data);
    }
  if (want_cloud && data->cloud == NULL)
    {
      IscDataset *apt = first_dataset (site->datasets, ISC_DATASET_APT);

      if (apt == NULL)
        {
          g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT, "site “%s” has no APT specimen",
                       spec);
          return NULL;
        }
      if (apt->range_path != NULL && data->ranges == NULL
          && (data->ranges = isc_range_set_load (apt->range_path, error)) == NULL)
        return NULL;
      data->cloud = isc_ion_cloud_load (apt->path, b->cancellable, NULL, NULL, error);
      if (data->cloud == NULL)
        return NULL;
      if (data->ranges != NULL
          && !isc_range_set_apply (data->ranges, data->cloud, b->cancellable, NULL, NULL, error))
        return NULL;
    }
  if (want_image && data->image == NULL)
    {
      IscDataset *stem = first_dataset (site->datasets, ISC_DATASET_STEM);

      if (stem == NULL)
        {
          g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT, "site “%s” has no STEM image",
                       spec);
          return NULL;
        }
      data->image = isc_image_load (stem->path, 0, b->cancellable, NULL, NULL, error);
      if (data->image == NULL)
        return NULL;
    }
  return data;
}

static IscGradient *
get_gradient (Build *b)
{
  if (b->gradient != NULL)
    return b->gradient;
  b->gradient = isc_gradient_new ();
  isc_gradient_add_project (b->gradient, b->project, TRUE);
  /* A failing cycler file leaves that condition's stored retention standing. */
  isc_gradient_add_cycler_retention (b->gradient, b->project, b->cancellable, NULL, NULL);
  for (guint c = 0; c < b->project->conditions->len && b->basis == NULL; c++)
    {
      IscCondition *cond = g_ptr_array_index (b->project->conditions, c);

      if (cond->sites->len > 0)
        b->basis = isc_site_get_basis (g_ptr_array_index (cond->sites, 0));
    }
  return b->gradient;
}

static IscPlot *
cycling_plot (Build                    *b,
              const IscFigurePanelSpec *p,
              IscCyclingPlotKind        kind,
              GError                  **error)
{
  IscCondition *condition = NULL;
  g_autoptr(IscCyclingData) data = NULL;
  IscCyclingCell cell = { 0 };
  IscDataset *file;

  /* No condition named: the first one with cycler data. */
  for (guint c = 0; p->condition == NULL && c < b->project->conditions->len && condition == NULL; c++)
    {
      IscCondition *candidate = g_ptr_array_index (b->project->conditions, c);

      if (candidate->cycler_files->len > 0)
        condition = candidate;
    }
  if (condition == NULL && (condition = find_condition (b->project, p->condition, error)) == NULL)
    return NULL;
  file = first_dataset (condition->cycler_files, ISC_DATASET_CYCLER);
  if (file == NULL)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT, "condition “%s” has no cycler data",
                   condition->name);
      return NULL;
    }
  data = isc_cycling_load (file->path, ISC_CYCLER_AUTO, b->cancellable, error);
  if (data == NULL)
    return NULL;
  cell.data = data;
  cell.label = condition->name;
  cell.mass_g = isfinite (file->active_mass_mg) ? file->active_mass_mg / 1000.0 : NAN;
  return isc_cycling_plot_new (kind, &cell, 1, NULL, 0, -1);
}

/* The intensity along a horizontal line through the middle of the image, 5 px wide. */
static IscPlot *
line_profile_plot (const IscImage  *image,
                   GError         **error)
{
  g_autoptr(IscLineProfile) line = NULL;
  g_autoptr(IscPlot) plot = NULL;
  g_autofree char *x_label = NULL;
  double y = 0.5 * (image->height - 1);

  line = isc_line_profile_compute (image, 0, 0, y, image->width - 1, y, 5, error);
  if (line == NULL)
    return NULL;
  plot = isc_plot_new ();
  isc_plot_set_theme (plot, ISC_PLOT_THEME_PUBLICATION);
  x_label = g_strdup_printf ("Distance (%s)", line->unit);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, x_label);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, "Intensity (counts)");
  isc_plot_add_series (plot, ISC_SERIES_LINE, "Intensity", line->distance, line->intensity, line->n);
  isc_plot_set_legend_visible (plot, FALSE);
  return g_steal_pointer (&plot);
}

static IscPlot *
fda_plot (const SiteData  *data,
          const char      *element,
          GCancellable    *cancellable,
          GError         **error)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(IscPlot) plot = NULL;
  g_autofree double *n = NULL, *observed = NULL;
  const char *elements[] = { element, NULL };
  IscFdaSettings settings;
  IscFdaResult *r;

  if (data->ranges == NULL)
    {
      g_set_error_literal (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                           "the frequency distribution needs the specimen's ranges");
      return NULL;
    }
  isc_fda_settings_init (&settings);
  results = isc_fda_compute (data->cloud, data->ranges, NULL, &settings, elements, cancellable,
                             NULL, NULL, error);
  if (results == NULL)
    return NULL;
  r = g_ptr_array_index (results, 0);
  n = g_new (double, r->block_size + 1);
  observed = g_new (double, r->block_size + 1);
  for (guint i = 0; i <= r->block_size; i++)
    {
      n[i] = i;
      observed[i] = (double) r->observed[i];
    }
  plot = isc_plot_new ();
  isc_plot_set_theme (plot, ISC_PLOT_THEME_PUBLICATION);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, "Solute atoms per block");
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, "Blocks");
  isc_plot_add_series (plot, ISC_SERIES_BARS, "Observed", n, observed, r->block_size + 1);
  isc_plot_add_series (plot, ISC_SERIES_LINE, "Binomial", n, r->expected, r->block_size + 1);
  return g_steal_pointer (&plot);
}

/* An image drawn fitted into a panel (FFT, in situ frames). */
typedef struct
{
  cairo_surface_t *tiles[4];
  char            *labels[4];
  guint            n;
} Tiles;

static void
tiles_free (gpointer data)
{
  Tiles *t = data;

  for (guint i = 0; i < t->n; i++)
    {
      cairo_surface_destroy (t->tiles[i]);
      g_free (t->labels[i]);
    }
  g_free (t);
}

static void
draw_tiles (cairo_t  *cr,
            double    width,
            double    height,
            gpointer  data)
{
  Tiles *t = data;
  guint cols = t->n > 1 ? 2 : 1, rows = (t->n + cols - 1) / cols;
  double gap = t->n > 1 ? 2 : 0;
  double cw = (width - gap * (cols - 1)) / cols, ch = (height - gap * (rows - 1)) / rows;

  for (guint i = 0; i < t->n; i++)
    {
      double iw = cairo_image_surface_get_width (t->tiles[i]);
      double ih = cairo_image_surface_get_height (t->tiles[i]);
      double zoom = MIN (cw / iw, ch / ih);
      double x = (i % cols) * (cw + gap) + (cw - iw * zoom) / 2;
      double y = (i / cols) * (ch + gap) + (ch - ih * zoom) / 2;

      cairo_save (cr);
      cairo_translate (cr, x, y);
      cairo_scale (cr, zoom, zoom);
      cairo_set_source_surface (cr, t->tiles[i], 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_paint (cr);
      cairo_restore (cr);
      if (t->labels[i] != NULL)
        {
          PangoLayout *layout = pango_cairo_create_layout (cr);
          PangoFontDescription *font = pango_font_description_from_string ("Sans");

          pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72.0);
          pango_layout_context_changed (layout);
          pango_font_description_set_absolute_size (font, 7 * PANGO_SCALE);
          pango_layout_set_font_description (layout, font);
          pango_font_description_free (font);
          pango_layout_set_text (layout, t->labels[i], -1);
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_move_to (cr, x + 3, y + 2);
          pango_cairo_show_layout (cr, layout);
          g_object_unref (layout);
        }
    }
}

static gboolean
set_fft_panel (IscFigure       *figure,
               guint            row,
               guint            column,
               const IscImage  *image,
               GCancellable    *cancellable,
               GError         **error)
{
  g_autoptr(IscFft) fft = isc_fft_compute (image, 0, cancellable, error);
  g_autoptr(IscImageLevels) levels = NULL;
  g_autofree float *log_magnitude = NULL;
  Tiles *t;
  double black, white;

  if (fft == NULL)
    return FALSE;
  log_magnitude = isc_fft_log_magnitude_new (fft);
  levels = isc_image_levels_new (log_magnitude, (gsize) fft->width * fft->height);
  black = isc_image_levels_percentile (levels, 50);
  white = isc_image_levels_percentile (levels, 99.98);
  t = g_new0 (Tiles, 1);
  t->tiles[0] = isc_image_render_float (log_magnitude, fft->width, fft->height, black,
                                        MAX (white, black + 1e-6), 1.0, ISC_COLORMAP_GREY);
  if (t->tiles[0] == NULL)
    {
      g_free (t);
      g_set_error_literal (error, ISC_RENDER_ERROR, ISC_ERROR_INVALID, "the FFT cannot be drawn");
      return FALSE;
    }
  t->n = 1;
  isc_figure_set_panel_func (figure, row, column, draw_tiles, t, tiles_free);
  return TRUE;
}

/* Four frames spread over the series, each labelled with its number. */
static gboolean
set_insitu_panel (IscFigure       *figure,
                  guint            row,
                  guint            column,
                  Build           *b,
                  const char      *path,
                  GError         **error)
{
  g_autoptr(IscImage) series = NULL;
  g_autofree char *full = NULL;
  Tiles *t;

  if (path == NULL)
    {
      g_set_error_literal (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                           "an in situ panel needs the \"path\" of its image series");
      return FALSE;
    }
  if (g_path_is_absolute (path) || b->project->path == NULL)
    full = g_strdup (path);
  else
    {
      g_autofree char *dir = g_path_get_dirname (b->project->path);

      full = g_build_filename (dir, path, NULL);
    }
  series = isc_image_load (full, 0, b->cancellable, NULL, NULL, error);
  if (series == NULL)
    return FALSE;
  t = g_new0 (Tiles, 1);
  t->n = MIN (series->frames, 4);
  for (guint i = 0; i < t->n; i++)
    {
      guint frame = t->n > 1 ? (guint) lround ((double) i * (series->frames - 1) / (t->n - 1)) : 0;

      t->tiles[i] = isc_image_render_rgba (series, frame, NULL, ISC_COLORMAP_GREY, NULL, NULL, NULL);
      t->labels[i] = g_strdup_printf ("#%u", frame + 1);
      if (t->tiles[i] == NULL)
        {
          t->n = i;
          tiles_free (t);
          g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_INVALID, "%s: frame %u cannot be drawn",
                       full, frame + 1);
          return FALSE;
        }
    }
  isc_figure_set_panel_func (figure, row, column, draw_tiles, t, tiles_free);
  return TRUE;
}

/* ---- The correlative overlay: the registered image with the APT composition over it ------ */

typedef struct
{
  IscImage *image;
  float    *overlay;
  char     *label;
} OverlayPanel;

static void
overlay_panel_free (gpointer data)
{
  OverlayPanel *o = data;

  g_clear_pointer (&o->image, isc_image_unref);
  g_free (o->overlay);
  g_free (o->label);
  g_free (o);
}

static void
draw_overlay_panel (cairo_t  *cr,
                    double    width,
                    double    height,
                    gpointer  user_data)
{
  OverlayPanel *o = user_data;
  IscOverlayFigureInput in = { 0 };
  g_autoptr(GError) error = NULL;

  in.image = o->image;
  in.overlay = o->overlay;
  in.opacity = 0.6;
  in.colormap = ISC_COLORMAP_VIRIDIS;
  in.label = o->label;
  if (!isc_overlay_figure_draw (&in, cr, width, height, &error))
    g_warning ("overlay panel: %s", error->message);
}

static gboolean
set_overlay_panel (Build                    *b,
                   IscFigure                *figure,
                   const IscFigurePanelSpec *p,
                   const char               *element,
                   GError                  **error)
{
  IscSite *site = find_site (b->project, p->site, error);
  OverlayPanel *o;
  SiteData *data;

  if (site == NULL)
    return FALSE;
  if (site->registration == NULL)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "site “%s” is not registered: register its APT data to an image first", p->site);
      return FALSE;
    }
  data = load_site (b, p->site, TRUE, FALSE, error);
  if (data == NULL)
    return FALSE;
  o = g_new0 (OverlayPanel, 1);
  o->image = isc_image_load (site->registration->image_path, 0, b->cancellable, NULL, NULL, error);
  if (o->image != NULL)
    o->overlay = isc_registration_overlay_new (&site->registration->transform, data->cloud,
                                               data->ranges, element, o->image->width,
                                               o->image->height, &o->label, error);
  if (o->overlay == NULL)
    {
      overlay_panel_free (o);
      return FALSE;
    }
  isc_figure_set_panel_func (figure, p->row, p->column, draw_overlay_panel, o, overlay_panel_free);
  return TRUE;
}

static gboolean
build_panel (Build                    *b,
             IscFigure                *figure,
             const IscFigurePanelSpec *p,
             GError                  **error)
{
  const char *element = p->element != NULL ? p->element : "Li";
  IscGradientPlotKind gradient_kind;
  IscPlot *plot = NULL;
  SiteData *site;

  if (isc_gradient_plot_kind_from_string (p->kind, &gradient_kind))
    {
      IscGradientPlotOptions options = { 0 };

      options.element = element;
      options.condition = p->condition;
      options.log_depth = p->log_depth;
      options.share = ISC_GRADIENT_DEFAULT_SHARE;
      get_gradient (b);
      options.basis = b->basis;
      plot = isc_gradient_plot_new (b->gradient, gradient_kind, &options, error);
    }
  else if (g_str_equal (p->kind, "capacity"))
    plot = cycling_plot (b, p, ISC_CYCLING_PLOT_CAPACITY, error);
  else if (g_str_equal (p->kind, "cycle-retention"))
    plot = cycling_plot (b, p, ISC_CYCLING_PLOT_RETENTION, error);
  else if (g_str_equal (p->kind, "insitu"))
    return set_insitu_panel (figure, p->row, p->column, b, p->path, error);
  else if (g_str_equal (p->kind, "overlay"))
    return set_overlay_panel (b, figure, p, element, error);
  else
    {
      gboolean wants_image = g_str_equal (p->kind, "stem-image") || g_str_equal (p->kind, "line-profile")
                             || g_str_equal (p->kind, "fft");

      site = load_site (b, p->site, !wants_image, wants_image, error);
      if (site == NULL)
        return FALSE;
      if (g_str_equal (p->kind, "ion-map"))
        {
          IscSiteFigureInput in = { 0 };

          in.cloud = site->cloud;
          in.ranges = site->ranges;
          in.legend = site->ranges != NULL;
          return isc_site_figure_set_ion_map_panel (figure, p->row, p->column, &in,
                                                    &b->layout->options, error);
        }
      if (g_str_equal (p->kind, "stem-image"))
        {
          if (!isc_image_set_figure_panel (figure, p->row, p->column, site->image, 0, NULL,
                                           ISC_COLORMAP_GREY, TRUE))
            {
              g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_INVALID,
                           "the STEM image of “%s” cannot be drawn", p->site);
              return FALSE;
            }
          return TRUE;
        }
      if (g_str_equal (p->kind, "fft"))
        return set_fft_panel (figure, p->row, p->column, site->image, b->cancellable, error);
      if (g_str_equal (p->kind, "line-profile"))
        plot = line_profile_plot (site->image, error);
      else if (g_str_equal (p->kind, "profile"))
        {
          g_autoptr(IscProfile) profile = NULL;
          IscProfileSettings settings;

          if (site->ranges == NULL)
            {
              g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                           "the profile of “%s” needs the specimen's ranges", p->site);
              return FALSE;
            }
          isc_profile_settings_init (&settings);
          settings.axis = ISC_PROFILE_AXIS_Z;
          profile = isc_profile_compute (site->cloud, site->ranges, NULL, &settings, b->cancellable,
                                         NULL, NULL, error);
          if (profile == NULL)
            return FALSE;
          plot = isc_site_figure_profile_plot_new (profile, element, error);
        }
      else if (g_str_equal (p->kind, "fda"))
        plot = fda_plot (site, element, b->cancellable, error);
    }
  if (plot == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT, "cannot draw “%s”", p->kind);
      return FALSE;
    }
  isc_figure_set_plot (figure, p->row, p->column, plot);
  return TRUE;
}

IscFigure *
isc_figure_layout_build (const IscFigureLayout  *layout,
                         IscProject             *project,
                         GCancellable           *cancellable,
                         GError                **error)
{
  g_autoptr(IscFigure) figure = NULL;
  Build b = { layout, project, cancellable, NULL, NULL, NULL };

  g_return_val_if_fail (layout != NULL && project != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  b.sites = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) site_data_free);
  figure = isc_figure_new (layout->rows, layout->columns);
  for (guint i = 0; i < layout->panels->len; i++)
    {
      const IscFigurePanelSpec *p = g_ptr_array_index (layout->panels, i);

      if (!build_panel (&b, figure, p, error))
        {
          /* Named by its letter: the panels before it in reading order. */
          guint letter = 0;

          for (guint j = 0; j < layout->panels->len; j++)
            {
              const IscFigurePanelSpec *q = g_ptr_array_index (layout->panels, j);

              letter += q->row * layout->columns + q->column < p->row * layout->columns + p->column;
            }
          g_prefix_error (error, "panel (%c): ", 'a' + (int) (letter % 26));
          build_clear (&b);
          return NULL;
        }
    }
  build_clear (&b);
  isc_figure_apply_options (figure, &layout->options);
  return g_steal_pointer (&figure);
}

gboolean
isc_figure_layout_export (const IscFigureLayout  *layout,
                          IscProject             *project,
                          const char             *path,
                          GCancellable           *cancellable,
                          GError                **error)
{
  g_autoptr(IscFigure) figure = NULL;

  g_return_val_if_fail (layout != NULL && project != NULL && path != NULL, FALSE);
  if (!isc_figure_options_check (&layout->options, error))
    return FALSE;
  figure = isc_figure_layout_build (layout, project, cancellable, error);
  if (figure == NULL)
    return FALSE;
  return isc_figure_export_with_options (figure, path, &layout->options, error);
}
