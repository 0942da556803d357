/* project.c: conditions, sites and datasets as plain data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "project.h"
#include "project-batch.h"
#include "project-registration.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

/* Ratios */

static void
ratio_clear (gpointer data)
{
  IscRatio *ratio = data;

  g_free (ratio->element);
}

GArray *
isc_ratios_new (void)
{
  GArray *ratios = g_array_new (FALSE, TRUE, sizeof (IscRatio));

  g_array_set_clear_func (ratios, ratio_clear);
  return ratios;
}

void
isc_ratios_set (GArray     *ratios,
                const char *element,
                double      value)
{
  IscRatio ratio;

  g_return_if_fail (ratios != NULL && element != NULL);
  for (guint i = 0; i < ratios->len; i++)
    if (g_str_equal (g_array_index (ratios, IscRatio, i).element, element))
      {
        g_array_index (ratios, IscRatio, i).value = value;
        return;
      }
  ratio.element = g_strdup (element);
  ratio.value = value;
  g_array_append_val (ratios, ratio);
}

gboolean
isc_ratios_get (const GArray *ratios,
                const char   *element,
                double       *value)
{
  g_return_val_if_fail (ratios != NULL && element != NULL, FALSE);
  for (guint i = 0; i < ratios->len; i++)
    if (g_str_equal (g_array_index (ratios, IscRatio, i).element, element))
      {
        if (value != NULL)
          *value = g_array_index (ratios, IscRatio, i).value;
        return TRUE;
      }
  return FALSE;
}

/* Datasets */

static IscDataset *
dataset_new (IscDatasetKind kind,
             const char    *path)
{
  IscDataset *dataset = g_new0 (IscDataset, 1);

  dataset->kind = kind;
  dataset->path = g_strdup (path);
  dataset->active_mass_mg = NAN;
  dataset->ratios = isc_ratios_new ();
  return dataset;
}

static void
dataset_free (gpointer data)
{
  IscDataset *dataset = data;

  g_free (dataset->path);
  g_free (dataset->range_path);
  g_free (dataset->cache_basis);
  g_array_unref (dataset->ratios);
  g_free (dataset);
}

gboolean
isc_file_stamp_read (const char   *path,
                     IscFileStamp *stamp)
{
  GStatBuf st;

  g_return_val_if_fail (stamp != NULL, FALSE);
  memset (stamp, 0, sizeof *stamp);
  if (path == NULL || g_stat (path, &st) != 0)
    return FALSE;
  stamp->size = (gint64) st.st_size;
  stamp->mtime_us = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
  return TRUE;
}

void
isc_dataset_set_range_path (IscDataset *dataset,
                            const char *range_path)
{
  g_return_if_fail (dataset != NULL);
  if (g_strcmp0 (dataset->range_path, range_path) == 0)
    return;
  g_free (dataset->range_path);
  dataset->range_path = g_strdup (range_path);
  /* A result computed with other ranges no longer describes this dataset. */
  isc_dataset_clear_cache (dataset);
}

void
isc_dataset_clear_cache (IscDataset *dataset)
{
  g_return_if_fail (dataset != NULL);
  dataset->has_cache = FALSE;
  g_clear_pointer (&dataset->cache_basis, g_free);
  g_array_set_size (dataset->ratios, 0);
  memset (&dataset->stamp, 0, sizeof dataset->stamp);
  memset (&dataset->range_stamp, 0, sizeof dataset->range_stamp);
}

gboolean
isc_dataset_store_ratios (IscDataset         *dataset,
                          const char         *basis,
                          const char * const *elements,
                          const double       *values,
                          guint               n)
{
  IscFileStamp stamp, range_stamp = { 0, 0 };

  g_return_val_if_fail (dataset != NULL && basis != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (elements != NULL && values != NULL), FALSE);

  if (!isc_file_stamp_read (dataset->path, &stamp))
    return FALSE;
  if (dataset->range_path != NULL && !isc_file_stamp_read (dataset->range_path, &range_stamp))
    return FALSE;

  isc_dataset_clear_cache (dataset);
  for (guint i = 0; i < n; i++)
    isc_ratios_set (dataset->ratios, elements[i], values[i]);
  dataset->stamp = stamp;
  dataset->range_stamp = range_stamp;
  dataset->cache_basis = g_strdup (basis);
  dataset->has_cache = TRUE;
  return TRUE;
}

gboolean
isc_dataset_cache_is_valid (const IscDataset *dataset)
{
  IscFileStamp now;

  g_return_val_if_fail (dataset != NULL, FALSE);
  if (!dataset->has_cache)
    return FALSE;
  if (!isc_file_stamp_read (dataset->path, &now)
      || now.size != dataset->stamp.size || now.mtime_us != dataset->stamp.mtime_us)
    return FALSE;
  if (dataset->range_path != NULL
      && (!isc_file_stamp_read (dataset->range_path, &now)
          || now.size != dataset->range_stamp.size
          || now.mtime_us != dataset->range_stamp.mtime_us))
    return FALSE;
  return TRUE;
}

gboolean
isc_dataset_get_ratio (const IscDataset *dataset,
                       const char       *element,
                       double           *value)
{
  g_return_val_if_fail (dataset != NULL, FALSE);
  return dataset->has_cache && isc_ratios_get (dataset->ratios, element, value);
}

/* Sites */

static IscSite *
site_new (const char *label,
          double      depth_nm,
          const char *region)
{
  IscSite *site = g_new0 (IscSite, 1);

  site->label = g_strdup (label != NULL ? label : "");
  site->depth_nm = depth_nm;
  site->region = g_strdup (region != NULL ? region : "");
  site->datasets = g_ptr_array_new_with_free_func (dataset_free);
  site->rois = g_ptr_array_new_with_free_func (g_free);
  site->settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return site;
}

static void
site_free (gpointer data)
{
  IscSite *site = data;

  g_free (site->label);
  g_free (site->region);
  g_ptr_array_unref (site->datasets);
  g_ptr_array_unref (site->rois);
  g_hash_table_unref (site->settings);
  isc_site_registration_free (site->registration);
  g_free (site);
}

void
isc_site_set_label (IscSite    *site,
                    const char *label)
{
  g_return_if_fail (site != NULL && label != NULL);
  g_free (site->label);
  site->label = g_strdup (label);
}

void
isc_site_set_region (IscSite    *site,
                     const char *region)
{
  g_return_if_fail (site != NULL && region != NULL);
  g_free (site->region);
  site->region = g_strdup (region);
}

IscDataset *
isc_site_add_dataset (IscSite       *site,
                      IscDatasetKind kind,
                      const char    *path)
{
  IscDataset *dataset;

  g_return_val_if_fail (site != NULL && path != NULL, NULL);
  g_return_val_if_fail ((guint) kind < ISC_DATASET_N_KINDS, NULL);
  dataset = dataset_new (kind, path);
  dataset->site = site;
  dataset->condition = site->condition;
  g_ptr_array_add (site->datasets, dataset);
  return dataset;
}

IscDataset *
isc_site_find_dataset (IscSite    *site,
                       const char *path)
{
  g_return_val_if_fail (site != NULL && path != NULL, NULL);
  for (guint i = 0; i < site->datasets->len; i++)
    {
      IscDataset *dataset = g_ptr_array_index (site->datasets, i);

      if (g_str_equal (dataset->path, path))
        return dataset;
    }
  return NULL;
}

gboolean
isc_site_remove_dataset (IscSite    *site,
                         IscDataset *dataset)
{
  g_return_val_if_fail (site != NULL && dataset != NULL, FALSE);
  if (!g_ptr_array_find (site->datasets, dataset, NULL))
    return FALSE;
  /* A removal the user asked for: an automatic save may then write fewer datasets. */
  if (site->condition != NULL && site->condition->project != NULL)
    site->condition->project->removed.datasets++;
  return g_ptr_array_remove (site->datasets, dataset);
}

void
isc_site_add_roi (IscSite    *site,
                  const char *spec)
{
  g_return_if_fail (site != NULL && spec != NULL);
  g_ptr_array_add (site->rois, g_strdup (spec));
}

void
isc_site_set_setting (IscSite    *site,
                      const char *key,
                      const char *value)
{
  g_return_if_fail (site != NULL && key != NULL);
  if (value == NULL)
    g_hash_table_remove (site->settings, key);
  else
    g_hash_table_insert (site->settings, g_strdup (key), g_strdup (value));
}

const char *
isc_site_get_setting (IscSite    *site,
                      const char *key)
{
  g_return_val_if_fail (site != NULL && key != NULL, NULL);
  return g_hash_table_lookup (site->settings, key);
}

/* Conditions */

static void
condition_free (gpointer data)
{
  IscCondition *condition = data;

  g_free (condition->name);
  g_ptr_array_unref (condition->cycler_files);
  g_ptr_array_unref (condition->sites);
  g_free (condition);
}

IscDataset *
isc_condition_add_cycler (IscCondition *condition,
                          const char   *path,
                          double        active_mass_mg)
{
  IscDataset *dataset;

  g_return_val_if_fail (condition != NULL && path != NULL, NULL);
  dataset = dataset_new (ISC_DATASET_CYCLER, path);
  dataset->active_mass_mg = active_mass_mg;
  dataset->condition = condition;
  g_ptr_array_add (condition->cycler_files, dataset);
  return dataset;
}

IscSite *
isc_condition_add_site (IscCondition *condition,
                        const char   *label,
                        double        depth_nm,
                        const char   *region)
{
  IscSite *site;

  g_return_val_if_fail (condition != NULL && label != NULL, NULL);
  site = site_new (label, depth_nm, region);
  site->condition = condition;
  g_ptr_array_add (condition->sites, site);
  return site;
}

IscSite *
isc_condition_find_site (IscCondition *condition,
                         const char   *label)
{
  g_return_val_if_fail (condition != NULL && label != NULL, NULL);
  for (guint i = 0; i < condition->sites->len; i++)
    {
      IscSite *site = g_ptr_array_index (condition->sites, i);

      if (g_str_equal (site->label, label))
        return site;
    }
  return NULL;
}

gboolean
isc_condition_remove_site (IscCondition *condition,
                           IscSite      *site)
{
  g_return_val_if_fail (condition != NULL && site != NULL, FALSE);
  if (!g_ptr_array_find (condition->sites, site, NULL))
    return FALSE;
  if (condition->project != NULL)
    {
      condition->project->removed.sites++;
      condition->project->removed.datasets += site->datasets->len;
    }
  return g_ptr_array_remove (condition->sites, site);
}

gboolean
isc_condition_move_site (IscCondition *target,
                         IscSite      *site,
                         guint         index)
{
  IscCondition *source;
  guint position;

  g_return_val_if_fail (target != NULL && site != NULL && site->condition != NULL, FALSE);
  source = site->condition;
  if (!g_ptr_array_find (source->sites, site, &position))
    return FALSE;
  /* Steal without freeing, then insert into the target. */
  g_ptr_array_steal_index (source->sites, position);
  index = MIN (index, target->sites->len);
  g_ptr_array_insert (target->sites, (int) index, site);
  site->condition = target;
  for (guint i = 0; i < site->datasets->len; i++)
    ((IscDataset *) g_ptr_array_index (site->datasets, i))->condition = target;
  return TRUE;
}

static int
compare_site_depth (gconstpointer a,
                    gconstpointer b)
{
  const IscSite *sa = *(IscSite * const *) a;
  const IscSite *sb = *(IscSite * const *) b;

  return (sa->depth_nm > sb->depth_nm) - (sa->depth_nm < sb->depth_nm);
}

void
isc_condition_sort_sites (IscCondition *condition)
{
  g_return_if_fail (condition != NULL);
  /* g_ptr_array_sort is a stable merge sort in GLib. */
  g_ptr_array_sort (condition->sites, compare_site_depth);
}

/* References */

static void
reference_free (gpointer data)
{
  IscReference *reference = data;

  g_free (reference->name);
  g_array_unref (reference->ratios);
  g_free (reference);
}

IscDataset *
isc_project_find_dataset (IscProject *project,
                          const char *path)
{
  g_return_val_if_fail (project != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  for (guint c = 0; c < project->conditions->len; c++)
    {
      IscCondition *condition = g_ptr_array_index (project->conditions, c);

      for (guint s = 0; s < condition->sites->len; s++)
        {
          IscDataset *dataset = isc_site_find_dataset (g_ptr_array_index (condition->sites, s), path);

          if (dataset != NULL)
            return dataset;
        }
    }
  return NULL;
}

IscReference *
isc_project_add_reference (IscProject *project,
                           const char *name)
{
  IscReference *reference;

  g_return_val_if_fail (project != NULL && name != NULL, NULL);
  reference = g_new0 (IscReference, 1);
  reference->name = g_strdup (name);
  reference->ratios = isc_ratios_new ();
  g_ptr_array_add (project->references, reference);
  return reference;
}

IscReference *
isc_project_find_reference (IscProject *project,
                            const char *name)
{
  g_return_val_if_fail (project != NULL && name != NULL, NULL);
  for (guint i = 0; i < project->references->len; i++)
    {
      IscReference *reference = g_ptr_array_index (project->references, i);

      if (g_str_equal (reference->name, name))
        return reference;
    }
  return NULL;
}

gboolean
isc_project_remove_reference (IscProject   *project,
                              IscReference *reference)
{
  g_return_val_if_fail (project != NULL && reference != NULL, FALSE);
  return g_ptr_array_remove (project->references, reference);
}

/* Project */

IscProject *
isc_project_new (void)
{
  IscProject *project = g_new0 (IscProject, 1);

  project->conditions = g_ptr_array_new_with_free_func (condition_free);
  project->references = g_ptr_array_new_with_free_func (reference_free);
  project->notes = g_strdup ("");
  project->outside_paths = g_ptr_array_new_with_free_func (g_free);
  return project;
}

void
isc_project_free (IscProject *project)
{
  if (project == NULL)
    return;
  g_ptr_array_unref (project->conditions);
  g_ptr_array_unref (project->references);
  g_ptr_array_unref (project->outside_paths);
  g_free (project->notes);
  g_free (project->path);
  g_clear_pointer (&project->figures, g_ptr_array_unref);
  isc_project_batch_free (project->batch);
  g_free (project);
}

void
isc_project_set_notes (IscProject *project,
                       const char *notes)
{
  g_return_if_fail (project != NULL);
  g_free (project->notes);
  project->notes = g_strdup (notes != NULL ? notes : "");
}

void
isc_project_set_path (IscProject *project,
                      const char *path)
{
  g_return_if_fail (project != NULL);
  g_free (project->path);
  project->path = g_strdup (path);
}

void
isc_project_count (const IscProject *project,
                   IscProjectCounts *counts)
{
  g_return_if_fail (project != NULL && counts != NULL);
  memset (counts, 0, sizeof *counts);
  counts->conditions = project->conditions->len;
  for (guint c = 0; c < project->conditions->len; c++)
    {
      const IscCondition *condition = g_ptr_array_index (project->conditions, c);

      counts->datasets += condition->cycler_files->len;
      counts->sites += condition->sites->len;
      for (guint s = 0; s < condition->sites->len; s++)
        counts->datasets += ((IscSite *) g_ptr_array_index (condition->sites, s))->datasets->len;
    }
}

IscCondition *
isc_project_add_condition (IscProject *project,
                           const char *name,
                           guint       cycles)
{
  IscCondition *condition;

  g_return_val_if_fail (project != NULL && name != NULL, NULL);
  condition = g_new0 (IscCondition, 1);
  condition->name = g_strdup (name);
  condition->cycles = cycles;
  condition->retention = NAN;
  condition->cycler_files = g_ptr_array_new_with_free_func (dataset_free);
  condition->sites = g_ptr_array_new_with_free_func (site_free);
  condition->project = project;
  g_ptr_array_add (project->conditions, condition);
  return condition;
}

IscCondition *
isc_project_find_condition (IscProject *project,
                            const char *name)
{
  g_return_val_if_fail (project != NULL && name != NULL, NULL);
  for (guint i = 0; i < project->conditions->len; i++)
    {
      IscCondition *condition = g_ptr_array_index (project->conditions, i);

      if (g_str_equal (condition->name, name))
        return condition;
    }
  return NULL;
}

gboolean
isc_project_remove_condition (IscProject   *project,
                              IscCondition *condition)
{
  g_return_val_if_fail (project != NULL && condition != NULL, FALSE);
  if (!g_ptr_array_find (project->conditions, condition, NULL))
    return FALSE;
  project->removed.conditions++;
  project->removed.datasets += condition->cycler_files->len;
  for (guint i = 0; i < condition->sites->len; i++)
    {
      IscSite *site = g_ptr_array_index (condition->sites, i);

      project->removed.sites++;
      project->removed.datasets += site->datasets->len;
    }
  return g_ptr_array_remove (project->conditions, condition);
}

gboolean
isc_project_move_condition (IscProject   *project,
                            IscCondition *condition,
                            guint         index)
{
  guint position;

  g_return_val_if_fail (project != NULL && condition != NULL, FALSE);
  if (!g_ptr_array_find (project->conditions, condition, &position))
    return FALSE;
  g_ptr_array_steal_index (project->conditions, position);
  index = MIN (index, project->conditions->len);
  g_ptr_array_insert (project->conditions, (int) index, condition);
  return TRUE;
}
