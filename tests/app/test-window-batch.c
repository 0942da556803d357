/* test-window-batch.c: Run Recipe… in the window writes the same table as `ionscape-cli batch`
 * next to the project, caches it in the project file so the Recipe Results page shows it again
 * after a reload, and names a bad recipe in the banner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "isc-application.h"
#include "isc-window-private.h"
#include "project-file.h"
#include "test-util.h"

static IscApplication *app;

/* DIR/NAME.pos: @n_li Li, 10 NiO and 5 unranged ions, with DIR/needle.rrng. */
static char *
write_dataset (const char *dir,
               const char *name,
               guint       n_li)
{
  float ions[60][4];
  g_autofree char *file = g_strdup_printf ("%s.pos", name);
  char *pos = g_build_filename (dir, file, NULL);
  g_autofree char *rrng = g_build_filename (dir, "needle.rrng", NULL);
  const char *ranges =
    "[Ions]\nNumber=2\nIon1=Li\nIon2=NiO\n[Ranges]\nNumber=2\n"
    "Range1=6.9 7.1 Vol:0.01 Li:1 Color:E69F00\nRange2=73.9 74.1 Vol:0.02 Ni:1 O:1 Color:009E73\n";
  guint n = n_li + 15;

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (ions));
  for (guint i = 0; i < n; i++)
    {
      ions[i][0] = (float) (i % 5);
      ions[i][1] = (float) (i % 3);
      ions[i][2] = (float) i;
      ions[i][3] = i < n_li ? 7.0f : i < n_li + 10 ? 74.0f : 50.0f;
    }
  isc_test_write_pos (pos, (const float (*)[4]) ions, n);
  isc_test_write_file (rrng, ranges, strlen (ranges));
  return pos;
}

static void
wait_for_job (IscWindow *window)
{
  do
    g_main_context_iteration (NULL, TRUE);
  while (window->job_cancellable != NULL);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* The Recipe Results row and page of @window show the run of test_run_recipe: two datasets, the
 * composition ratios and the FDA values as columns, the values as in the CSV. */
static void
check_batch_page (IscWindow *window)
{
  IscBatchTable *table = window->batch_table;
  guint n_columns = isc_batch_table_get_n_columns (table);
  int block_column = -1;

  g_assert_true (gtk_widget_get_visible (window->batch_row));
  g_assert_cmpuint (isc_batch_table_get_n_rows (table), ==, 2);
  g_assert_cmpstr (isc_batch_table_get_cell (table, 0, 0), ==, "needle-1.pos");
  g_assert_cmpstr (isc_batch_table_get_cell (table, 1, 0), ==, "needle-2.pos");
  g_assert_cmpuint (n_columns, >, 3);
  for (guint c = 1; c < n_columns; c++)
    if (g_strcmp0 (isc_batch_table_get_column_title (table, c), "fda_Li · block_size") == 0)
      block_column = c;
  g_assert_cmpint (block_column, >, 0);
  g_assert_cmpstr (isc_batch_table_get_cell (table, 1, block_column), ==, "5");

  /* Choosing the row shows the page. */
  gtk_list_box_select_row (window->page_list, GTK_LIST_BOX_ROW (window->batch_row));
  g_signal_emit_by_name (window->page_list, "row-activated", window->batch_row);
  g_assert_true (gtk_stack_get_visible_child (window->content_stack) == GTK_WIDGET (table));
}

static void
test_run_recipe (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *pos1 = write_dataset (dir, "needle-1", 30);
  g_autofree char *pos2 = write_dataset (dir, "needle-2", 40);
  g_autofree char *rrng = g_build_filename (dir, "needle.rrng", NULL);
  g_autofree char *path = g_build_filename (dir, "small.ionscape", NULL);
  g_autofree char *recipe = g_build_filename (dir, "recipe.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *written = g_build_filename (dir, "small-recipe.csv", NULL);
  g_autofree char *by_cli = g_build_filename (dir, "cli.csv", NULL);
  g_autofree char *window_text = NULL, *cli_text = NULL;
  g_autoptr(IscProject) project = isc_project_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  IscCondition *condition = isc_project_add_condition (project, "100 cycles", 100);
  IscSite *site = isc_condition_add_site (condition, "R1", 50, "< 100 nm");
  IscWindow *window;
  GtkWidget *probe = gtk_button_new_with_label ("probe");
  const char recipe_text[] = "{\"analyses\": [{\"kind\": \"composition\", \"basis\": [\"Ni\"]}, "
                             "{\"kind\": \"fda\", \"element\": \"Li\", \"block\": 5}]}";
  const char bad_text[] = "{\"analyses\": [{\"kind\": \"fda\", \"element\": \"Li\", \"blok\": 5}]}";
  const char *banner;

  isc_dataset_set_range_path (isc_site_add_dataset (site, ISC_DATASET_APT, pos1), rrng);
  isc_dataset_set_range_path (isc_site_add_dataset (site, ISC_DATASET_APT, pos2), rrng);
  g_assert_true (isc_project_save (project, path, &error));
  g_assert_no_error (error);
  isc_test_write_file (recipe, recipe_text, strlen (recipe_text));
  isc_test_write_file (bad, bad_text, strlen (bad_text));

  window = isc_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  /* A button wired to the action: its sensitivity is the action's enabled state. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (probe), "win.run-recipe");
  adw_header_bar_pack_end (window->header_bar, probe);
  g_assert_false (gtk_widget_get_sensitive (probe));
  isc_window_open_file (window, file);
  wait_for_job (window);
  g_assert_nonnull (window->project);
  g_assert_true (gtk_widget_get_sensitive (probe));

  /* The run is the window's job (progress bar and Cancel), its table next to the project. */
  _isc_window_run_recipe_file (window, recipe);
  g_assert_nonnull (window->job_cancellable);
  wait_for_job (window);
  banner = isc_window_get_banner_text (window);
  g_assert_nonnull (banner);
  g_assert_nonnull (strstr (banner, "2 datasets"));
  g_assert_nonnull (strstr (banner, "small-recipe.csv"));
  g_assert_cmpint (isc_test_run_cli (NULL, NULL, "batch", path, "--recipe", recipe, "--out", by_cli, NULL), ==, 0);
  window_text = read_text (written);
  cli_text = read_text (by_cli);
  g_assert_cmpstr (window_text, ==, cli_text);
  g_assert_true (g_str_has_prefix (window_text, "dataset,analysis,key,value\nneedle-1.pos,composition,"));
  g_assert_nonnull (strstr (window_text, "\nneedle-2.pos,fda_Li,block_size,5\n"));

  /* The table is cached in the project (in the window and in its file) and shown as one row per
   * dataset on the Recipe Results page. */
  g_assert_nonnull (window->project->batch);
  g_assert_cmpstr (window->project->batch->recipe, ==, "recipe.json");
  check_batch_page (window);
  {
    IscWindow *reopened = isc_window_new (app);

    gtk_window_present (GTK_WINDOW (reopened));
    g_assert_false (gtk_widget_get_visible (reopened->batch_row));
    isc_window_open_file (reopened, file);
    wait_for_job (reopened);
    g_assert_nonnull (reopened->project);
    check_batch_page (reopened);
    gtk_window_destroy (GTK_WINDOW (reopened));
  }

  /* A bad recipe: the banner names the file and the analysis; nothing runs. */
  _isc_window_dismiss_messages (window);
  _isc_window_run_recipe_file (window, bad);
  g_assert_null (window->job_cancellable);
  banner = isc_window_get_banner_text (window);
  g_assert_nonnull (banner);
  g_assert_nonnull (strstr (banner, "bad.json: analyses[0] (fda): unknown key “blok”"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  {
    g_autofree char *cache = isc_test_make_tmpdir ();

    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }
  gtk_init ();
  app = isc_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);
  g_test_add_func ("/window/run-recipe", test_run_recipe);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
