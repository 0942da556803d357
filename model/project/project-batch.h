/* project-batch.h: the last recipe run over a project (`ionscape-cli batch`, Run Recipe… in the
 * window), cached in the project so the window shows its table again after a reload. Stored in
 * the project file as one "batch" byte dataset holding JSON {"recipe", "table", "finished"
 * (ISO 8601), "rows": [[dataset, analysis, key, value], …]}, the rows of the long-form table as
 * written; files without it have no cached run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <hdf5.h>

#include "project.h"

G_BEGIN_DECLS

typedef struct
{
  char *dataset;    /* relative to the project folder, as in the table */
  char *analysis;   /* "composition", "fda_Li", … */
  char *key;
  char *value;      /* as written in the table ('.' decimals, "nan") */
} IscProjectBatchRow;

struct _IscProjectBatch
{
  char      *recipe;       /* the recipe's file name, e.g. "li-study.json" */
  char      *table;        /* the table written (absolute), or NULL */
  gint64     finished_us;  /* wall-clock time the run finished, µs since the epoch */
  GPtrArray *rows;         /* IscProjectBatchRow*, in table order */
};

IscProjectBatch       *isc_project_batch_new        (const char            *recipe,
                                                     const char            *table,
                                                     gint64                 finished_us);
void                   isc_project_batch_free       (IscProjectBatch       *batch);
IscProjectBatch       *isc_project_batch_copy       (const IscProjectBatch *batch);
void                   isc_project_batch_add_row    (IscProjectBatch       *batch,
                                                     const char            *dataset,
                                                     const char            *analysis,
                                                     const char            *key,
                                                     const char            *value);
/* A run read back from the CSV table @csv_path that isc_batch_run () wrote (header
 * "dataset,analysis,key,value"). NULL with @error naming the file and line. */
IscProjectBatch       *isc_project_batch_read_table (const char            *csv_path,
                                                     const char            *recipe,
                                                     gint64                 finished_us,
                                                     GError               **error);

/* Caches the run whose table is @csv_path in the project file @project_path as it is on disk
 * (load, set, atomic save), as `ionscape-cli batch --cache` and the window's Run Recipe… do.
 * @batch_out (may be NULL) receives the run for a project already in memory. */
gboolean               isc_project_batch_cache      (const char            *project_path,
                                                     const char            *csv_path,
                                                     const char            *recipe,
                                                     IscProjectBatch      **batch_out,
                                                     GError               **error);

/* The cached run (borrowed), or NULL. */
const IscProjectBatch *isc_project_get_batch        (const IscProject      *project);
/* Replaces the cached run with @batch (taken; NULL forgets it). */
void                   isc_project_set_batch        (IscProject            *project,
                                                     IscProjectBatch       *batch);

/* For project-file.c, with the HDF5 lock held. Writing no run writes nothing; a file without
 * the dataset reads as none. Table paths are stored relative to @project_dir when inside it. */
gboolean               _isc_project_batch_write     (const IscProject      *project,
                                                     hid_t                  file,
                                                     const char            *project_dir,
                                                     GError               **error);
gboolean               _isc_project_batch_read      (IscProject            *project,
                                                     hid_t                  file,
                                                     const char            *project_dir,
                                                     GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscProjectBatch, isc_project_batch_free)

G_END_DECLS
