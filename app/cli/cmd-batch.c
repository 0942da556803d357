/* cmd-batch.c: `ionscape-cli batch PROJECT|GLOB… --recipe RECIPE.json [--jobs N] --out TABLE.csv` —
 * a recipe of analyses over every APT dataset of a project or a set of files, resumable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <unistd.h>

#include "batch-run.h"
#include "project-batch.h"
#include "cli-commands.h"

typedef struct
{
  gboolean tty;
  gboolean quiet;
} Progress;

static void
show_progress (guint       done,
               guint       total,
               const char *dataset,
               gpointer    user_data)
{
  Progress *p = user_data;

  /* Nothing done yet is not worth a line in a log (and keeps an early error on one line). */
  if (p->quiet || (done == 0 && !p->tty))
    return;
  /* A terminal sees one line that counts up; a log gets one line per dataset. */
  if (p->tty)
    fprintf (stderr, "\r%u/%u datasets", done, total);
  else
    fprintf (stderr, "%u/%u datasets%s%s\n", done, total, dataset != NULL ? " " : "",
             dataset != NULL ? dataset : "");
  fflush (stderr);
}

int
isc_cli_cmd_batch (int    argc,
                   char **argv)
{
  g_autofree char *recipe_path = NULL, *out_path = NULL, *ranges_path = NULL;
  gint64 jobs = 0, max_datasets = 0;
  gboolean allow_outside = FALSE, quiet = FALSE, cache = FALSE;
  GOptionEntry entries[] = {
    { "recipe", 0, 0, G_OPTION_ARG_FILENAME, &recipe_path, "The analyses to run, as JSON: {\"analyses\": "
      "[{\"kind\": \"composition\", \"basis\": [\"Ni\",\"Co\",\"Mn\"]}, {\"kind\": \"fda\", \"element\": "
      "\"Li\"}, …]} (kinds composition, fda, profile, cluster; keys as the commands' options)", "RECIPE" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "The table to write: CSV (dataset,analysis,key,value), "
      "or HDF5 when it ends in .h5 (group batch: those columns, value as numbers, value_text); OUT.done "
      "beside it records finished datasets, which a rerun skips", "TABLE.csv|.h5" },
    { "jobs", 0, 0, G_OPTION_ARG_INT64, &jobs, "Datasets analysed at once (default: one per processor)", "N" },
    { "ranges", 0, 0, G_OPTION_ARG_FILENAME, &ranges_path, "Range file of the data files (not with a project, "
      "whose datasets name theirs)", "RANGES" },
    { "max-datasets", 0, 0, G_OPTION_ARG_INT64, &max_datasets, "Stop after analysing K datasets (for scripts "
      "and tests: an interruption at a known point; rerun to finish)", "K" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress on stderr", NULL },
    { "cache", 0, 0, G_OPTION_ARG_NONE, &cache, "Also keep the finished table in the project file, where the "
      "window shows it (Recipe Results); CSV output only", NULL },
    ISC_CLI_ALLOW_OUTSIDE_ENTRY (&allow_outside),
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("PROJECT|DATA… — run a recipe of analyses over "
                                                            "every dataset of a study");
  g_autoptr(IscBatchRecipe) recipe = NULL;
  g_autoptr(GPtrArray) datasets = NULL;
  g_autoptr(GError) error = NULL;
  IscBatchOptions options = { 0 };
  IscBatchStats stats;
  Progress progress = { isatty (STDERR_FILENO), FALSE };
  gboolean is_project;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc < 2)
    return isc_cli_fail ("batch: give a PROJECT (.ionscape) or DATA files (a glob such as 'apt/*.pos')");
  if (recipe_path == NULL)
    return isc_cli_fail ("batch: --recipe RECIPE.json is required");
  if (out_path == NULL)
    return isc_cli_fail ("batch: --out TABLE.csv is required");
  if (jobs < 0 || jobs > 256)
    return isc_cli_fail ("batch: --jobs %" G_GINT64_FORMAT ": expected 1 to 256", jobs);
  if (max_datasets < 0 || max_datasets > G_MAXUINT)
    return isc_cli_fail ("batch: --max-datasets %" G_GINT64_FORMAT ": expected a count", max_datasets);
  is_project = argc == 2 && g_str_has_suffix (argv[1], ".ionscape");
  if (is_project && ranges_path != NULL)
    return isc_cli_fail ("batch: --ranges is for data files; the project's datasets name their range files");
  if (!is_project && ranges_path == NULL)
    return isc_cli_fail ("batch: --ranges RANGES is required with data files");
  if (cache && (!is_project || g_str_has_suffix (out_path, ".h5")))
    return isc_cli_fail ("batch: --cache keeps a CSV table in a project: give a PROJECT and --out TABLE.csv");

  /* The recipe first: a typo fails before any data is read. */
  recipe = isc_batch_recipe_load (recipe_path, &error);
  if (recipe == NULL)
    return isc_cli_fail_error (error);

  if (is_project)
    {
      g_autoptr(IscProject) project = NULL;

      if ((status = isc_cli_open_project (argv[1], allow_outside, &project)) != 0)
        return status;
      datasets = isc_batch_datasets_from_project (project, &error);
    }
  else
    datasets = isc_batch_datasets_from_files ((const char * const *) argv + 1, ranges_path, &error);
  if (datasets == NULL)
    return isc_cli_fail_error (error);
  if (datasets->len == 0)
    return isc_cli_fail ("batch: %s has no APT dataset", argv[1]);

  options.jobs = (guint) jobs;
  options.max_datasets = (guint) max_datasets;
  progress.quiet = quiet;
  if (!isc_batch_run (recipe, datasets, out_path, &options, &stats, NULL, show_progress, &progress, &error))
    {
      if (progress.tty && !quiet)
        fputc ('\n', stderr);
      return isc_cli_fail_error (error);
    }
  if (!quiet)
    fprintf (stderr, "%s%u/%u datasets: %u analysed, %u done before%s\n", progress.tty ? "\r" : "",
             stats.skipped + stats.computed, stats.total, stats.computed, stats.skipped,
             stats.restarted ? " (the record of another recipe was discarded)" : "");
  /* Only a finished table is cached: an interrupted one is the done-record's business. */
  if (cache && stats.skipped + stats.computed == stats.total)
    {
      g_autofree char *recipe_name = g_path_get_basename (recipe_path);

      if (!isc_project_batch_cache (argv[1], out_path, recipe_name, NULL, &error))
        return isc_cli_fail_error (error);
    }
  return 0;
}
