/* project-demo.c: the demo project's structure from the demo folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "project-demo.h"

#include <math.h>
#include <string.h>

#include "demo-correlative.h"
#include "demo-eels.h"
#include "demo-saed.h"
#include "demo-sites.h"

/* Bulk ICP-AES compositions of SCIENCE.md, normalised to a transition-metal sum of 1. */
static const struct
{
  const char *name;
  double      li, ni, co, mn;
} icp_rows[] = {
  { "pristine (ICP-AES)",   1.04, 0.80, 0.15, 0.05 },
  { "100 cycles (ICP-AES)", 0.94, 0.80, 0.15, 0.05 },
  { "300 cycles (ICP-AES)", 0.83, 0.80, 0.15, 0.05 },
};

/* Published capacity retention: 76.0 % after 300 cycles; an uncycled cathode keeps all of it.
 * The other conditions are left unknown (NaN) until their cycler data is analysed. */
static double
published_retention (guint cycles)
{
  if (cycles == 0)
    return 1.0;
  if (cycles == 300)
    return 0.760;
  return NAN;
}

static gboolean
is_full_cell_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_has_suffix (lower, ".csv")
         && (strstr (lower, "18650") != NULL || strstr (lower, "full") != NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The full-cell CSV of DIR/cycling, or NULL when the folder or the file is absent. */
static char *
find_full_cell (const char *dir)
{
  g_autofree char *cycling = g_build_filename (dir, "cycling", NULL);
  g_autoptr(GDir) folder = g_dir_open (cycling, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (folder == NULL)
    return NULL;
  while ((name = g_dir_read_name (folder)) != NULL)
    if (is_full_cell_name (name))
      g_ptr_array_add (names, g_strdup (name));
  if (names->len == 0)
    return NULL;
  /* Directory order is arbitrary: pick the first name in sort order so the result is stable. */
  g_ptr_array_sort (names, compare_names);
  return g_build_filename (cycling, g_ptr_array_index (names, 0), NULL);
}

/* The second study's instruments (SCIENCE.md §2) at the pristine bulk site, each a dataset of its
 * kind: the precursor's in situ XRD heating series (a folder), its TGA/DTA curves without and with
 * LiOH, and the impedance of TS-NCM and R-NCM before and after 100 cycles. */
static void
attach_synthesis_data (IscProject *project,
                       const char *root)
{
  static const struct
  {
    IscDatasetKind  kind;
    const char     *path;
  } files[] = {
    { ISC_DATASET_XRD, "xrd/heating" },
    { ISC_DATASET_THERMAL, "thermal/tmoh2.csv" },
    { ISC_DATASET_THERMAL, "thermal/tmoh2-lioh.csv" },
    { ISC_DATASET_EIS, "eis/ts-ncm.mpt" },
    { ISC_DATASET_EIS, "eis/r-ncm.mpt" },
  };
  IscCondition *condition = isc_project_find_condition (project, "pristine");
  IscSite *site = condition != NULL ? isc_condition_find_site (condition, "bulk") : NULL;

  for (guint i = 0; site != NULL && i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (root, files[i].path, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        isc_site_add_dataset (site, files[i].kind, path);
    }
}

IscProject *
isc_project_new_from_demo_dir (const char  *dir,
                               GError     **error)
{
  g_autoptr(IscProject) project = NULL;
  g_autofree char *root = NULL;
  g_autofree char *ranges = NULL;
  g_autofree char *full_cell = NULL;
  const IscDemoSite *sites;
  guint n_sites;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_IO, "%s: not a folder", dir);
      return NULL;
    }
  root = g_canonicalize_filename (dir, NULL);
  ranges = g_build_filename (root, "apt", "ranges.rrng", NULL);
  full_cell = find_full_cell (root);

  project = isc_project_new ();
  isc_project_set_notes (project,
                         "Demo: Li(Ni0.80Co0.15Mn0.05)O2 in 18650 full cells, site-specific APT "
                         "and STEM at known depths below the particle surface (SCIENCE.md).");
  for (guint i = 0; i < G_N_ELEMENTS (icp_rows); i++)
    {
      IscReference *reference = isc_project_add_reference (project, icp_rows[i].name);

      isc_ratios_set (reference->ratios, "Li", icp_rows[i].li);
      isc_ratios_set (reference->ratios, "Ni", icp_rows[i].ni);
      isc_ratios_set (reference->ratios, "Co", icp_rows[i].co);
      isc_ratios_set (reference->ratios, "Mn", icp_rows[i].mn);
    }

  sites = isc_demo_sites_get (&n_sites);
  for (guint i = 0; i < n_sites; i++)
    {
      const IscDemoSite *demo = &sites[i];
      IscCondition *condition = isc_project_find_condition (project, demo->condition);
      g_autofree char *slug = isc_demo_site_slug (demo);
      g_autofree char *stem_name = g_strdup_printf ("%s.tif", slug);
      g_autofree char *stem = g_build_filename (root, "stem", stem_name, NULL);
      IscSite *site;

      if (condition == NULL)
        {
          condition = isc_project_add_condition (project, demo->condition, demo->cycles);
          condition->retention = published_retention (demo->cycles);
          if (demo->cycles > 0 && full_cell != NULL)
            isc_condition_add_cycler (condition, full_cell, NAN);
        }
      site = isc_condition_add_site (condition, demo->label, demo->depth_nm, demo->region);
      for (guint k = 1; k <= ISC_DEMO_SPECIMENS_PER_SITE; k++)
        {
          g_autofree char *name = g_strdup_printf ("specimen-%u.pos", k);
          g_autofree char *pos = g_build_filename (root, "apt", slug, name, NULL);

          isc_dataset_set_range_path (isc_site_add_dataset (site, ISC_DATASET_APT, pos), ranges);
        }
      isc_site_add_dataset (site, ISC_DATASET_STEM, stem);
    }
  isc_demo_correlative_attach (project, root);
  isc_demo_eels_attach (project, root);
  attach_synthesis_data (project, root);
  isc_demo_saed_attach (project, root);
  return g_steal_pointer (&project);
}
