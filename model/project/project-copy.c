/* project-copy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "project-copy.h"
#include "project-batch.h"
#include "project-figures.h"

static void
copy_cache (IscDataset       *to,
            const IscDataset *from)
{
  g_free (to->cache_basis);
  to->cache_basis = g_strdup (from->cache_basis);
  if (to->ratios != NULL)
    g_array_set_size (to->ratios, 0);
  else
    to->ratios = isc_ratios_new ();
  for (guint i = 0; from->ratios != NULL && i < from->ratios->len; i++)
    {
      const IscRatio *ratio = &g_array_index (from->ratios, IscRatio, i);

      isc_ratios_set (to->ratios, ratio->element, ratio->value);
    }
  to->stamp = from->stamp;
  to->range_stamp = from->range_stamp;
  to->has_cache = from->has_cache;
}

static void
copy_dataset (IscDataset       *to,
              const IscDataset *from)
{
  if (from->range_path != NULL)
    isc_dataset_set_range_path (to, from->range_path);
  to->active_mass_mg = from->active_mass_mg;
  if (from->has_cache)
    copy_cache (to, from);
}

static void
copy_site (IscCondition  *condition,
           const IscSite *from)
{
  IscSite *site = isc_condition_add_site (condition, from->label, from->depth_nm, from->region);
  GHashTableIter iter;
  gpointer key, value;

  for (guint d = 0; d < from->datasets->len; d++)
    {
      const IscDataset *dataset = g_ptr_array_index (from->datasets, d);

      copy_dataset (isc_site_add_dataset (site, dataset->kind, dataset->path), dataset);
    }
  for (guint r = 0; r < from->rois->len; r++)
    isc_site_add_roi (site, g_ptr_array_index (from->rois, r));
  g_hash_table_iter_init (&iter, from->settings);
  while (g_hash_table_iter_next (&iter, &key, &value))
    isc_site_set_setting (site, key, value);
}

IscProject *
isc_project_copy (const IscProject *project)
{
  IscProject *copy;

  g_return_val_if_fail (project != NULL, NULL);

  copy = isc_project_new ();
  isc_project_set_notes (copy, project->notes);
  isc_project_copy_figures (copy, project);
  isc_project_set_batch (copy, isc_project_batch_copy (project->batch));
  if (project->path != NULL)
    isc_project_set_path (copy, project->path);

  for (guint c = 0; c < project->conditions->len; c++)
    {
      const IscCondition *from = g_ptr_array_index (project->conditions, c);
      IscCondition *condition = isc_project_add_condition (copy, from->name, from->cycles);

      condition->retention = from->retention;
      for (guint i = 0; i < from->cycler_files->len; i++)
        {
          const IscDataset *cycler = g_ptr_array_index (from->cycler_files, i);

          copy_dataset (isc_condition_add_cycler (condition, cycler->path, cycler->active_mass_mg), cycler);
        }
      for (guint s = 0; s < from->sites->len; s++)
        copy_site (condition, g_ptr_array_index (from->sites, s));
    }

  for (guint r = 0; r < project->references->len; r++)
    {
      const IscReference *from = g_ptr_array_index (project->references, r);
      IscReference *reference = isc_project_add_reference (copy, from->name);

      for (guint i = 0; i < from->ratios->len; i++)
        {
          const IscRatio *ratio = &g_array_index (from->ratios, IscRatio, i);

          isc_ratios_set (reference->ratios, ratio->element, ratio->value);
        }
    }
  for (guint i = 0; i < project->outside_paths->len; i++)
    g_ptr_array_add (copy->outside_paths, g_strdup (g_ptr_array_index (project->outside_paths, i)));
  copy->loaded = project->loaded;
  copy->removed = project->removed;
  return copy;
}

guint
isc_project_merge_cache (IscProject       *to,
                         const IscProject *from)
{
  guint n = 0;

  g_return_val_if_fail (to != NULL && from != NULL, 0);

  for (guint c = 0; c < from->conditions->len; c++)
    {
      const IscCondition *condition = g_ptr_array_index (from->conditions, c);

      for (guint s = 0; s < condition->sites->len; s++)
        {
          const IscSite *site = g_ptr_array_index (condition->sites, s);

          for (guint d = 0; d < site->datasets->len; d++)
            {
              const IscDataset *source = g_ptr_array_index (site->datasets, d);
              IscDataset *target;

              if (!isc_dataset_cache_is_valid (source))
                continue;
              target = isc_project_find_dataset (to, source->path);
              if (target == NULL || isc_dataset_cache_is_valid (target)
                  || g_strcmp0 (target->range_path, source->range_path) != 0)
                continue;
              copy_cache (target, source);
              n++;
            }
        }
    }
  return n;
}
