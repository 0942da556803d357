/* project.h: the structure of a correlative study — conditions, sites, datasets — as plain data.
 *
 * A project holds cycling conditions (e.g. "300 cycles"); each condition holds its cycler data files
 * and the sites examined (needles lifted out at a known depth below the particle surface); each site
 * holds its datasets (APT specimens with their range file, STEM images, …), ROI specifications and
 * analysis settings. Datasets may carry cached analysis results (normalised atomic ratios) stamped
 * with the size and modification time of the files they were computed from.
 *
 * Every object is owned by its parent: pointers returned by the add/find functions are borrowed and
 * stay valid until the object is removed or the project is freed. Paths are absolute in memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "isc-dataset-kind.h"

G_BEGIN_DECLS

/* IscDatasetKind and its registry: isc-dataset-kind.h. */

typedef struct _IscProject   IscProject;
typedef struct _IscProjectBatch IscProjectBatch;     /* project-batch.h */
typedef struct _IscCondition IscCondition;
typedef struct _IscSite      IscSite;
typedef struct _IscSiteRegistration IscSiteRegistration;   /* project-registration.h */

/* One element's value, e.g. Li → 0.37 (atomic ratio normalised to the metal sum). */
typedef struct
{
  char   *element;
  double  value;
} IscRatio;

/* Size and modification time (µs since the epoch) of a file when a result was computed. */
typedef struct
{
  gint64 size;
  gint64 mtime_us;
} IscFileStamp;

typedef struct
{
  IscDatasetKind  kind;
  char           *path;            /* absolute */
  char           *range_path;      /* absolute, APT specimens only; NULL otherwise or when unset */
  double          active_mass_mg;  /* cycler files: active material mass in mg; NaN when unknown */

  /* Cached analysis result: normalised ratios, valid while both stamps match the files. */
  gboolean        has_cache;
  char           *cache_basis;     /* elements the ratios are normalised to, "Ni,Co,Mn"; NULL when none */
  GArray         *ratios;          /* IscRatio, in the order they were stored */
  IscFileStamp    stamp;           /* of path */
  IscFileStamp    range_stamp;     /* of range_path (zeros when there is none) */

  IscSite        *site;            /* parent, or NULL for a condition's cycler file */
  IscCondition   *condition;       /* owning condition */
} IscDataset;

struct _IscSite
{
  char         *label;         /* "R1" */
  double        depth_nm;      /* representative depth below the particle surface, nm */
  char         *region;        /* free text, e.g. "< 30 nm" */
  GPtrArray    *datasets;      /* IscDataset* */
  GPtrArray    *rois;          /* char*: ROI specifications, e.g. "cyl:0,0,0,0,0,1,10,50" */
  GHashTable   *settings;      /* char* → char*: analysis settings, e.g. "metal_basis" → "Ni,Co,Mn" */
  IscSiteRegistration *registration; /* APT data placed on one of its images, or NULL; owned */
  IscCondition *condition;     /* parent */
};

struct _IscCondition
{
  char       *name;            /* "300 cycles" */
  guint       cycles;          /* number of cycles (formation counts its cycles) */
  double      retention;       /* capacity retention as a fraction (0.76 = 76 %), NaN when unknown */
  GPtrArray  *cycler_files;    /* IscDataset* of kind ISC_DATASET_CYCLER */
  GPtrArray  *sites;           /* IscSite* */
  IscProject *project;         /* parent */
};

/* A bulk reference composition, e.g. an ICP-AES row. */
typedef struct
{
  char   *name;                /* "pristine (ICP)" */
  GArray *ratios;              /* IscRatio */
} IscReference;

/* How much a project holds: what a save must not lose unnoticed. */
typedef struct
{
  guint conditions;
  guint sites;
  guint datasets;              /* of every site, and the conditions' cycler files */
} IscProjectCounts;

struct _IscProject
{
  GPtrArray *conditions;       /* IscCondition* */
  GPtrArray *references;       /* IscReference* */
  char      *notes;            /* free text, never NULL */
  char      *path;             /* the .ionscape file, absolute, or NULL before the first save */
  GPtrArray *figures;          /* IscProjectFigure*, composed figures (project-figures.h); NULL: none */
  IscProjectBatch *batch;      /* the last recipe run, cached for the window (project-batch.h); NULL: none */

  /* Set by isc_project_load: absolute dataset and range paths that lie outside the folder of the
   * project file, once each, in file order (char*). Empty for a new project. */
  GPtrArray *outside_paths;
  /* What isc_project_load read, and what the remove functions took away since: an automatic
   * save compares them with what is left (zeros for a new project). */
  IscProjectCounts loaded;
  IscProjectCounts removed;
};

IscProject   *isc_project_new                (void);
void          isc_project_free               (IscProject  *project);
void          isc_project_set_notes          (IscProject  *project,
                                              const char  *notes);
void          isc_project_set_path           (IscProject  *project,
                                              const char  *path);

/* Counts what @project holds now. */
void          isc_project_count              (const IscProject *project,
                                              IscProjectCounts *counts);

IscCondition *isc_project_add_condition      (IscProject  *project,
                                              const char  *name,
                                              guint        cycles);
IscCondition *isc_project_find_condition     (IscProject  *project,
                                              const char  *name);
gboolean      isc_project_remove_condition   (IscProject   *project,
                                              IscCondition *condition);
/* Moves @condition to position @index (clamped) in the project's list. */
gboolean      isc_project_move_condition     (IscProject   *project,
                                              IscCondition *condition,
                                              guint         index);

/* The dataset of any site whose file is @path (absolute), or NULL. */
IscDataset   *isc_project_find_dataset       (IscProject  *project,
                                              const char  *path);
IscReference *isc_project_add_reference      (IscProject  *project,
                                              const char  *name);
IscReference *isc_project_find_reference     (IscProject  *project,
                                              const char  *name);
gboolean      isc_project_remove_reference   (IscProject   *project,
                                              IscReference *reference);

IscDataset   *isc_condition_add_cycler       (IscCondition *condition,
                                              const char   *path,
                                              double        active_mass_mg);
IscSite      *isc_condition_add_site         (IscCondition *condition,
                                              const char   *label,
                                              double        depth_nm,
                                              const char   *region);
IscSite      *isc_condition_find_site        (IscCondition *condition,
                                              const char   *label);
gboolean      isc_condition_remove_site      (IscCondition *condition,
                                              IscSite      *site);
/* Moves @site to position @index (clamped) of @target, which may be another condition. */
gboolean      isc_condition_move_site        (IscCondition *target,
                                              IscSite      *site,
                                              guint         index);
/* Orders the sites by depth (stable for equal depths). */
void          isc_condition_sort_sites       (IscCondition *condition);

void          isc_site_set_label             (IscSite     *site,
                                              const char  *label);
void          isc_site_set_region            (IscSite     *site,
                                              const char  *region);
IscDataset   *isc_site_add_dataset           (IscSite       *site,
                                              IscDatasetKind kind,
                                              const char    *path);
IscDataset   *isc_site_find_dataset          (IscSite     *site,
                                              const char  *path);
gboolean      isc_site_remove_dataset        (IscSite     *site,
                                              IscDataset  *dataset);
void          isc_site_add_roi               (IscSite     *site,
                                              const char  *spec);
void          isc_site_set_setting           (IscSite     *site,
                                              const char  *key,
                                              const char  *value);
const char   *isc_site_get_setting           (IscSite     *site,
                                              const char  *key);

void          isc_dataset_set_range_path     (IscDataset  *dataset,
                                              const char  *range_path);
/* Stores @n ratios, normalised to the comma-separated @basis elements, as the cached result,
 * stamped with the current size and mtime of the files. Returns FALSE (and stores nothing) when a
 * file cannot be inspected. */
gboolean      isc_dataset_store_ratios       (IscDataset         *dataset,
                                              const char         *basis,
                                              const char * const *elements,
                                              const double       *values,
                                              guint               n);
/* TRUE when a cached result exists and the files still have the stamped size and mtime. */
gboolean      isc_dataset_cache_is_valid     (const IscDataset   *dataset);
void          isc_dataset_clear_cache        (IscDataset         *dataset);
/* Looks up a cached ratio regardless of validity; FALSE when absent. */
gboolean      isc_dataset_get_ratio          (const IscDataset   *dataset,
                                              const char         *element,
                                              double             *value);

/* Stat helper: FALSE when the file cannot be inspected. */
gboolean      isc_file_stamp_read            (const char   *path,
                                              IscFileStamp *stamp);

/* IscRatio arrays (for references and caches). */
GArray       *isc_ratios_new                 (void);
void          isc_ratios_set                 (GArray      *ratios,
                                              const char  *element,
                                              double       value);
gboolean      isc_ratios_get                 (const GArray *ratios,
                                              const char   *element,
                                              double       *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscProject, isc_project_free)

G_END_DECLS
