/* isc-gi-project.c: a project's conditions, sites and datasets, for introspection.
 *
 * Conditions and sites point into the project they come from and hold a reference on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "isc-gi-private.h"

#include "isc-csv.h"
#include "project.h"
#include "project-batch.h"
#include "project-file.h"

struct _IscGiProject
{
  GObject     parent_instance;
  IscProject *project;
};

G_DEFINE_FINAL_TYPE (IscGiProject, isc_gi_project, G_TYPE_OBJECT)

struct _IscGiCondition
{
  GObject       parent_instance;
  IscGiProject *owner;
  IscCondition *condition;   /* borrowed from owner */
};

G_DEFINE_FINAL_TYPE (IscGiCondition, isc_gi_condition, G_TYPE_OBJECT)

struct _IscGiSite
{
  GObject       parent_instance;
  IscGiProject *owner;
  IscSite      *site;        /* borrowed from owner */
};

G_DEFINE_FINAL_TYPE (IscGiSite, isc_gi_site, G_TYPE_OBJECT)

static void
isc_gi_project_finalize (GObject *object)
{
  g_clear_pointer (&ISC_GI_PROJECT (object)->project, isc_project_free);
  G_OBJECT_CLASS (isc_gi_project_parent_class)->finalize (object);
}

static void
isc_gi_project_class_init (IscGiProjectClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isc_gi_project_finalize;
}

static void
isc_gi_project_init (IscGiProject *self)
{
}

static void
isc_gi_condition_finalize (GObject *object)
{
  g_clear_object (&ISC_GI_CONDITION (object)->owner);
  G_OBJECT_CLASS (isc_gi_condition_parent_class)->finalize (object);
}

static void
isc_gi_condition_class_init (IscGiConditionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isc_gi_condition_finalize;
}

static void
isc_gi_condition_init (IscGiCondition *self)
{
}

static void
isc_gi_site_finalize (GObject *object)
{
  g_clear_object (&ISC_GI_SITE (object)->owner);
  G_OBJECT_CLASS (isc_gi_site_parent_class)->finalize (object);
}

static void
isc_gi_site_class_init (IscGiSiteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isc_gi_site_finalize;
}

static void
isc_gi_site_init (IscGiSite *self)
{
}

static GList *
datasets_to_list (GPtrArray *datasets,
                  GList     *list)
{
  for (guint i = 0; i < datasets->len; i++)
    {
      const IscDataset *d = g_ptr_array_index (datasets, i);

      list = g_list_prepend (list, _isc_gi_dataset_new (d->kind, d->path, d->range_path));
    }
  return list;
}

/**
 * isc_gi_project_load:
 * @path: (type filename): an .ionscape project
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the project, or %NULL with @error
 */
IscGiProject *
isc_gi_project_load (const char  *path,
                     GError     **error)
{
  IscProject *project;
  IscGiProject *self;

  g_return_val_if_fail (path != NULL, NULL);

  if ((project = isc_project_load (path, error)) == NULL)
    return NULL;
  self = g_object_new (ISC_GI_TYPE_PROJECT, NULL);
  self->project = project;
  return self;
}

/**
 * isc_gi_project_get_path:
 * @self: the project
 *
 * Returns: (type filename) (nullable): the project file
 */
const char *
isc_gi_project_get_path (IscGiProject *self)
{
  g_return_val_if_fail (ISC_GI_IS_PROJECT (self), NULL);
  return self->project->path;
}

/**
 * isc_gi_project_get_notes:
 * @self: the project
 *
 * Returns: the notes (may be empty)
 */
const char *
isc_gi_project_get_notes (IscGiProject *self)
{
  g_return_val_if_fail (ISC_GI_IS_PROJECT (self), NULL);
  return self->project->notes;
}

/**
 * isc_gi_project_get_conditions:
 * @self: the project
 *
 * Returns: (transfer full) (element-type IscGiCondition): the conditions, in project order
 */
GList *
isc_gi_project_get_conditions (IscGiProject *self)
{
  GList *list = NULL;

  g_return_val_if_fail (ISC_GI_IS_PROJECT (self), NULL);

  for (guint i = 0; i < self->project->conditions->len; i++)
    {
      IscGiCondition *condition = g_object_new (ISC_GI_TYPE_CONDITION, NULL);

      condition->owner = g_object_ref (self);
      condition->condition = g_ptr_array_index (self->project->conditions, i);
      list = g_list_prepend (list, condition);
    }
  return g_list_reverse (list);
}

/**
 * isc_gi_project_get_datasets:
 * @self: the project
 *
 * Every dataset of every site and the conditions' cycler files, in project order.
 *
 * Returns: (transfer full) (element-type IscGiDataset): the datasets
 */
GList *
isc_gi_project_get_datasets (IscGiProject *self)
{
  GList *list = NULL;

  g_return_val_if_fail (ISC_GI_IS_PROJECT (self), NULL);

  for (guint i = 0; i < self->project->conditions->len; i++)
    {
      const IscCondition *condition = g_ptr_array_index (self->project->conditions, i);

      list = datasets_to_list (condition->cycler_files, list);
      for (guint s = 0; s < condition->sites->len; s++)
        list = datasets_to_list (((IscSite *) g_ptr_array_index (condition->sites, s))->datasets, list);
    }
  return g_list_reverse (list);
}

/**
 * isc_gi_project_get_batch_csv:
 * @self: the project
 *
 * The last recipe run cached in the project (`ionscape-cli batch --cache`, Run Recipe… in the
 * window), as the long-form table the run wrote: for pandas.read_csv (io.StringIO (text)).
 *
 * Returns: (transfer full) (nullable): CSV text with the header "dataset,analysis,key,value",
 *   or %NULL when no run is cached
 */
char *
isc_gi_project_get_batch_csv (IscGiProject *self)
{
  const IscProjectBatch *batch;
  GString *out;

  g_return_val_if_fail (ISC_GI_IS_PROJECT (self), NULL);

  if ((batch = isc_project_get_batch (self->project)) == NULL)
    return NULL;
  out = g_string_new ("dataset,analysis,key,value\n");
  for (guint i = 0; i < batch->rows->len; i++)
    {
      const IscProjectBatchRow *row = g_ptr_array_index (batch->rows, i);

      isc_csv_append_field (out, row->dataset, ',');
      g_string_append_c (out, ',');
      isc_csv_append_field (out, row->analysis, ',');
      g_string_append_c (out, ',');
      isc_csv_append_field (out, row->key, ',');
      g_string_append_c (out, ',');
      isc_csv_append_field (out, row->value, ',');
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/**
 * isc_gi_condition_get_name:
 * @self: the condition
 *
 * Returns: its name, e.g. "300 cycles"
 */
const char *
isc_gi_condition_get_name (IscGiCondition *self)
{
  g_return_val_if_fail (ISC_GI_IS_CONDITION (self), NULL);
  return self->condition->name;
}

/**
 * isc_gi_condition_get_cycles:
 * @self: the condition
 *
 * Returns: the number of cycles
 */
guint
isc_gi_condition_get_cycles (IscGiCondition *self)
{
  g_return_val_if_fail (ISC_GI_IS_CONDITION (self), 0);
  return self->condition->cycles;
}

/**
 * isc_gi_condition_get_retention:
 * @self: the condition
 *
 * Returns: the capacity retention as a fraction (0.76 = 76 %), NaN when unknown
 */
double
isc_gi_condition_get_retention (IscGiCondition *self)
{
  g_return_val_if_fail (ISC_GI_IS_CONDITION (self), NAN);
  return self->condition->retention;
}

/**
 * isc_gi_condition_get_sites:
 * @self: the condition
 *
 * Returns: (transfer full) (element-type IscGiSite): its sites
 */
GList *
isc_gi_condition_get_sites (IscGiCondition *self)
{
  GList *list = NULL;

  g_return_val_if_fail (ISC_GI_IS_CONDITION (self), NULL);

  for (guint i = 0; i < self->condition->sites->len; i++)
    {
      IscGiSite *site = g_object_new (ISC_GI_TYPE_SITE, NULL);

      site->owner = g_object_ref (self->owner);
      site->site = g_ptr_array_index (self->condition->sites, i);
      list = g_list_prepend (list, site);
    }
  return g_list_reverse (list);
}

/**
 * isc_gi_condition_get_cycler_files:
 * @self: the condition
 *
 * Returns: (transfer full) (element-type IscGiDataset): its cycler files
 */
GList *
isc_gi_condition_get_cycler_files (IscGiCondition *self)
{
  g_return_val_if_fail (ISC_GI_IS_CONDITION (self), NULL);
  return g_list_reverse (datasets_to_list (self->condition->cycler_files, NULL));
}

/**
 * isc_gi_site_get_label:
 * @self: the site
 *
 * Returns: its label, e.g. "R1"
 */
const char *
isc_gi_site_get_label (IscGiSite *self)
{
  g_return_val_if_fail (ISC_GI_IS_SITE (self), NULL);
  return self->site->label;
}

/**
 * isc_gi_site_get_depth_nm:
 * @self: the site
 *
 * Returns: its depth below the particle surface, nm
 */
double
isc_gi_site_get_depth_nm (IscGiSite *self)
{
  g_return_val_if_fail (ISC_GI_IS_SITE (self), NAN);
  return self->site->depth_nm;
}

/**
 * isc_gi_site_get_region:
 * @self: the site
 *
 * Returns: (nullable): its region, free text such as "< 30 nm"
 */
const char *
isc_gi_site_get_region (IscGiSite *self)
{
  g_return_val_if_fail (ISC_GI_IS_SITE (self), NULL);
  return self->site->region;
}

/**
 * isc_gi_site_get_condition_name:
 * @self: the site
 *
 * Returns: the name of its condition
 */
const char *
isc_gi_site_get_condition_name (IscGiSite *self)
{
  g_return_val_if_fail (ISC_GI_IS_SITE (self), NULL);
  return self->site->condition->name;
}

/**
 * isc_gi_site_get_datasets:
 * @self: the site
 *
 * Returns: (transfer full) (element-type IscGiDataset): its datasets (APT data carry their
 *   range file)
 */
GList *
isc_gi_site_get_datasets (IscGiSite *self)
{
  g_return_val_if_fail (ISC_GI_IS_SITE (self), NULL);
  return g_list_reverse (datasets_to_list (self->site->datasets, NULL));
}
