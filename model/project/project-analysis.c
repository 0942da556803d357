/* project-analysis.c: per-specimen normalised ratios for the whole project, with caching.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "project-analysis.h"

#include "composition.h"
#include "ion-cloud.h"
#include "range-set.h"

char *
isc_site_get_basis (IscSite *site)
{
  const char *setting;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  g_return_val_if_fail (site != NULL, NULL);
  setting = isc_site_get_setting (site, ISC_SITE_SETTING_METAL_BASIS);
  if (setting == NULL)
    return g_strjoinv (",", (char **) isc_composition_default_basis ());
  /* Normalise " Ni, Co ,Mn" to "Ni,Co,Mn" so equal bases compare equal. */
  parts = g_strsplit (setting, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_strstrip (parts[i])[0] != '\0')
      g_ptr_array_add (kept, parts[i]);
  if (kept->len == 0)
    return g_strjoinv (",", (char **) isc_composition_default_basis ());
  g_ptr_array_add (kept, NULL);
  return g_strjoinv (",", (char **) kept->pdata);
}

static gboolean
needs_update (IscDataset *dataset,
              const char *basis)
{
  return dataset->kind == ISC_DATASET_APT
         && (!isc_dataset_cache_is_valid (dataset)
             || g_strcmp0 (dataset->cache_basis, basis) != 0);
}

static gboolean
update_dataset (IscDataset   *dataset,
                const char   *basis_text,
                GHashTable   *range_sets,
                GCancellable *cancellable,
                GError      **error)
{
  g_auto(GStrv) basis = g_strsplit (basis_text, ",", -1);
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscComposition) composition = NULL;
  g_autofree double *values = NULL;
  IscRangeSet *ranges;

  if (dataset->range_path == NULL)
    {
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_ARGUMENT,
                   "%s: no range file is assigned to this APT dataset", dataset->path);
      return FALSE;
    }
  ranges = g_hash_table_lookup (range_sets, dataset->range_path);
  if (ranges == NULL)
    {
      ranges = isc_range_set_load (dataset->range_path, error);
      if (ranges == NULL)
        return FALSE;
      g_hash_table_insert (range_sets, g_strdup (dataset->range_path), ranges);
    }
  cloud = isc_ion_cloud_load (dataset->path, cancellable, NULL, NULL, error);
  if (cloud == NULL)
    return FALSE;
  composition = isc_composition_compute (cloud, ranges, NULL, cancellable, error);
  if (composition == NULL)
    return FALSE;

  values = g_new (double, MAX (composition->n_elements, 1));
  for (guint e = 0; e < composition->n_elements; e++)
    values[e] = isc_composition_get_ratio (composition, (const char * const *) basis,
                                           composition->elements[e]);
  if (!isc_dataset_store_ratios (dataset, basis_text,
                                 (const char * const *) composition->elements, values,
                                 composition->n_elements))
    {
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_IO,
                   "%s: the file changed or vanished while it was analysed", dataset->path);
      return FALSE;
    }
  return TRUE;
}

gboolean
isc_project_update_ratios (IscProject       *project,
                           GCancellable     *cancellable,
                           IscProgressFunc   progress,
                           gpointer          progress_data,
                           guint            *n_computed,
                           GError          **error)
{
  g_autoptr(GHashTable) range_sets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            (GDestroyNotify) isc_range_set_free);
  guint total = 0, done = 0;

  g_return_val_if_fail (project != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_computed != NULL)
    *n_computed = 0;
  /* Count first, so progress means "share of the work", not "share of the datasets". */
  for (guint c = 0; c < project->conditions->len; c++)
    {
      IscCondition *condition = g_ptr_array_index (project->conditions, c);

      for (guint s = 0; s < condition->sites->len; s++)
        {
          IscSite *site = g_ptr_array_index (condition->sites, s);
          g_autofree char *basis = isc_site_get_basis (site);

          for (guint d = 0; d < site->datasets->len; d++)
            total += needs_update (g_ptr_array_index (site->datasets, d), basis);
        }
    }

  for (guint c = 0; c < project->conditions->len; c++)
    {
      IscCondition *condition = g_ptr_array_index (project->conditions, c);

      for (guint s = 0; s < condition->sites->len; s++)
        {
          IscSite *site = g_ptr_array_index (condition->sites, s);
          g_autofree char *basis = isc_site_get_basis (site);

          for (guint d = 0; d < site->datasets->len; d++)
            {
              IscDataset *dataset = g_ptr_array_index (site->datasets, d);

              if (!needs_update (dataset, basis))
                continue;
              if (g_cancellable_set_error_if_cancelled (cancellable, error))
                return FALSE;
              if (!update_dataset (dataset, basis, range_sets, cancellable, error))
                return FALSE;
              done++;
              if (n_computed != NULL)
                *n_computed = done;
              if (progress != NULL)
                progress ((double) done / total, progress_data);
            }
        }
    }
  return TRUE;
}
