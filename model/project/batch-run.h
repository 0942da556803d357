/* batch-run.h: a recipe (batch-recipe.h) over the APT datasets of a project or a list of files,
 * in parallel, resumable, cancellable.
 *
 * Results go to a CSV (or HDF5, batch-h5.h, for a name ending in .h5) in long form, "dataset,analysis,key,value", datasets in the order given and
 * rows in the recipe's order, so the file is the same however many jobs ran and however often the
 * run was interrupted. Beside it, OUT.done records each finished dataset (its rows, the size and
 * mtime of its files, the recipe's hash) as soon as it finishes: a rerun with the same recipe skips
 * the datasets recorded there whose files are unchanged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "batch-recipe.h"
#include "project.h"

G_BEGIN_DECLS

typedef struct
{
  char *name;        /* the CSV's dataset column: relative to the project folder, or as given */
  char *path;        /* the data file */
  char *range_path;  /* its range file */
} IscBatchDataset;

typedef struct
{
  guint jobs;          /* datasets analysed at once; 0: one per processor */
  guint max_datasets;  /* 0: all; else stop after analysing this many (scripts and tests: an
                        * interruption at a known point) */
} IscBatchOptions;

typedef struct
{
  guint    total;       /* datasets */
  guint    skipped;     /* found finished in the done-record */
  guint    computed;    /* analysed by this run */
  gboolean restarted;   /* a done-record of another recipe was discarded */
} IscBatchStats;

/* Called in the thread that runs isc_batch_run () after each dataset: @done of @total finished
 * (the skipped ones count as finished from the start). */
typedef void (*IscBatchProgressFunc) (guint       done,
                                      guint       total,
                                      const char *dataset,
                                      gpointer    user_data);

void        isc_batch_dataset_free         (IscBatchDataset *dataset);

/* The APT datasets of @project, in order (conditions, sites, datasets), named relative to the
 * folder of its file, each file once. Fails (ISC_BATCH_ERROR_DATASET) when one has no range file. */
GPtrArray  *isc_batch_datasets_from_project (const IscProject   *project,
                                             GError            **error);
/* Files matching @patterns (glob; a pattern matching nothing is an error), each with
 * @range_path, named as matched; the same file twice is taken once, a name with a line break
 * not at all. */
GPtrArray  *isc_batch_datasets_from_files  (const char * const  *patterns,
                                            const char          *range_path,
                                            GError             **error);

/* The fields of one line of the table as isc_batch_run () writes it (quoted where needed), or
 * NULL when the line is not well formed. */
GPtrArray  *isc_batch_split_csv_line       (const char *line);

/* The done-record of @out_path: "@out_path.done". */
char       *isc_batch_done_path            (const char *out_path);

/* Runs @recipe over @datasets (IscBatchDataset*) into @out_path. Errors: the first dataset that
 * fails (finished ones stay recorded), cancellation, or files that cannot be written. */
gboolean    isc_batch_run                  (const IscBatchRecipe  *recipe,
                                            GPtrArray             *datasets,
                                            const char            *out_path,
                                            const IscBatchOptions *options,
                                            IscBatchStats         *stats,
                                            GCancellable          *cancellable,
                                            IscBatchProgressFunc   progress,
                                            gpointer               progress_data,
                                            GError               **error);

G_END_DECLS
