/* test-app-window.c: the main window opens, shows its parts, reports unreadable files in a
 * banner and comes up translated with LANGUAGE=de.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>

#include "isc-application.h"
#include "isc-job.h"
#include "isc-tutorial.h"
#include "isc-window-private.h"
#include "column-map-dialog.h"
#include "demo-eels.h"
#include "eels-page.h"
#include "image.h"
#include "ion-view.h"
#include "project-file.h"
#include <string.h>

#include "test-util.h"

static IscApplication *app;

static IscWindow *
new_window (void)
{
  IscWindow *window = isc_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_window_parts (void)
{
  IscWindow *window = new_window ();

  g_assert_nonnull (find_label (GTK_WIDGET (window), _("Welcome to Ionscape")));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_unknown_file_banner (void)
{
  IscWindow *window = new_window ();
  g_autoptr(GFile) file = g_file_new_for_path ("/nowhere/notes.docx");

  g_assert_null (isc_window_get_banner_text (window));
  isc_window_open_file (window, file);
  g_assert_nonnull (strstr (isc_window_get_banner_text (window), "notes.docx"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-banner", NULL);
  g_assert_null (isc_window_get_banner_text (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_translated_title (void)
{
  IscWindow *window = new_window ();

  /* main () switched to German before GTK started; the sidebar heading must follow. */
  g_assert_nonnull (find_label (GTK_WIDGET (window), "Projekt"));
  g_assert_cmpstr (isc_tutorial_get_title (0), ==, "Das Demo-Projekt");
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  gboolean done;
  gpointer result;
  GError  *error;
} JobOutcome;

static gpointer
count_job (gpointer          input,
           GCancellable     *cancellable,
           IscProgressFunc   progress,
           gpointer          progress_data,
           GError          **error)
{
  guint limit = GPOINTER_TO_UINT (input);
  guint64 sum = 0;

  /* Spins until cancelled when the limit is 0, else sums 1..limit. */
  for (guint i = 1; limit == 0 || i <= limit; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      sum += i;
      if (limit == 0)
        g_usleep (1000);
      else if (i % 100 == 0)
        progress ((double) i / limit, progress_data);
    }
  return g_memdup2 (&sum, sizeof sum);
}

static void
job_done (IscWindow    *window,
          gpointer      result,
          const GError *error,
          gpointer      user_data)
{
  JobOutcome *outcome = user_data;

  outcome->done = TRUE;
  outcome->result = result;
  outcome->error = error != NULL ? g_error_copy (error) : NULL;
}

static void
test_job_result_and_cancel (void)
{
  IscWindow *window = new_window ();
  JobOutcome finished = { 0 }, cancelled = { 0 };

  isc_job_run (window, "sum", count_job, GUINT_TO_POINTER (1000), NULL, g_free, job_done, &finished);
  while (!finished.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (finished.error);
  g_assert_cmpuint (*(guint64 *) finished.result, ==, 1000 * 1001 / 2);
  g_free (finished.result);

  isc_job_run (window, "spin", count_job, GUINT_TO_POINTER (0), NULL, g_free, job_done, &cancelled);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL);
  while (!cancelled.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (cancelled.result);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancelled.error);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Writes DIR/needle.pos (30 Li, 10 NiO, 5 unranged ions) and DIR/needle.rrng beside it. */
static char *
write_small_dataset (const char *dir)
{
  float ions[45][4];
  char *pos = g_build_filename (dir, "needle.pos", NULL);
  g_autofree char *rrng = g_build_filename (dir, "needle.rrng", NULL);
  const char *ranges =
    "[Ions]\nNumber=2\nIon1=Li\nIon2=NiO\n[Ranges]\nNumber=2\n"
    "Range1=6.9 7.1 Vol:0.01 Li:1 Color:E69F00\nRange2=73.9 74.1 Vol:0.02 Ni:1 O:1 Color:009E73\n";

  for (guint i = 0; i < 45; i++)
    {
      ions[i][0] = (float) (i % 5);
      ions[i][1] = (float) (i % 3);
      ions[i][2] = (float) i;
      ions[i][3] = i < 30 ? 7.0f : i < 40 ? 74.0f : 50.0f;
    }
  isc_test_write_pos (pos, (const float (*)[4]) ions, 45);
  isc_test_write_file (rrng, ranges, strlen (ranges));
  return pos;
}

/* DIR/fringes.tif: 64 × 48 pixels of 0.01 nm, a ramp along x. */
static char *
write_small_image (const char *dir)
{
  return isc_test_write_tiff (dir, "fringes.tif", 64, 48, 0.01);
}

static void
wait_for_job (IscWindow *window)
{
  /* Jobs end on the main loop; the progress bar hides when the last one is done. */
  do
    g_main_context_iteration (NULL, TRUE);
  while (window->job_cancellable != NULL);
}

static void
test_open_apt_data (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *pos = write_small_dataset (dir);
  g_autofree char *broken = g_build_filename (dir, "broken.pos", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (pos);
  g_autoptr(GFile) broken_file = g_file_new_for_path (broken);
  IscWindow *window = new_window ();
  const IscComposition *composition;
  int li;

  isc_window_open_file (window, file);
  wait_for_job (window);
  g_assert_null (isc_window_get_banner_text (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "apt");

  /* The range file beside the data was found and applied: 30 Li, 10 NiO → 10 Ni + 10 O. */
  composition = isc_apt_page_get_composition (window->apt_page);
  g_assert_nonnull (composition);
  g_assert_cmpuint (composition->ions_total, ==, 45);
  g_assert_cmpuint (composition->ions_unranged, ==, 5);
  li = isc_composition_find_element (composition, "Li");
  g_assert_cmpint (li, >=, 0);
  g_assert_cmpuint (composition->atom_counts[li], ==, 30);
  g_assert_cmpfloat_with_epsilon (isc_composition_get_ratio (composition, NULL, "Li"), 3.0, 1e-12);

  /* A broken file leaves the data shown and names itself in the banner. */
  isc_test_write_file (broken, "0123456789", 10);
  isc_window_open_file (window, broken_file);
  wait_for_job (window);
  g_assert_nonnull (strstr (isc_window_get_banner_text (window), "broken.pos"));
  g_assert_cmpuint (isc_apt_page_get_composition (window->apt_page)->ions_total, ==, 45);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Data and a range file from another folder, opened together (as from a drop or a multiple
 * selection): the ranges are applied once the data has loaded. */
static void
test_open_data_with_ranges (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *pos = write_small_dataset (dir);
  g_autofree char *rrng = g_build_filename (dir, "needle.rrng", NULL);
  g_autofree char *elsewhere = g_build_filename (dir, "ranges", NULL);
  g_autofree char *moved = g_build_filename (elsewhere, "mine.rrng", NULL);
  g_autoptr(GFile) data_file = g_file_new_for_path (pos);
  g_autoptr(GFile) range_file = g_file_new_for_path (moved);
  IscWindow *window = new_window ();
  const IscComposition *composition;

  g_assert_cmpint (g_mkdir (elsewhere, 0700), ==, 0);
  g_assert_cmpint (g_rename (rrng, moved), ==, 0);

  isc_window_open_file (window, data_file);
  isc_window_open_file (window, range_file);
  wait_for_job (window);
  g_assert_null (isc_window_get_banner_text (window));
  composition = isc_apt_page_get_composition (window->apt_page);
  g_assert_nonnull (composition);
  g_assert_cmpuint (composition->ions_ranged, ==, 40);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_open_project (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *pos = write_small_dataset (dir);
  g_autofree char *rrng = g_build_filename (dir, "needle.rrng", NULL);
  g_autofree char *path = g_build_filename (dir, "small.ionscape", NULL);
  g_autoptr(IscProject) project = isc_project_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  IscWindow *window = new_window ();
  IscCondition *condition = isc_project_add_condition (project, "100 cycles", 100);
  IscSite *site = isc_condition_add_site (condition, "R1", 50, "< 100 nm");
  IscDataset *dataset = isc_site_add_dataset (site, ISC_DATASET_APT, pos);
  g_autofree char *tif = write_small_image (dir);

  isc_dataset_set_range_path (dataset, rrng);
  isc_site_add_dataset (site, ISC_DATASET_STEM, tif);
  g_assert_true (isc_project_save (project, path, &error));
  g_assert_no_error (error);

  isc_window_open_file (window, file);
  wait_for_job (window);
  g_assert_null (isc_window_get_banner_text (window));
  g_assert_nonnull (window->project);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "gradient");
  /* The condition and its site; the site's files are folded away until it is expanded. */
  g_assert_cmpuint (isc_site_browser_get_n_rows (window->site_browser), ==, 2);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "small.ionscape");

  /* Activating the site shows its specimen and its image side by side, with scale bars of
   * one length: a quarter of the 0.64 nm wide image, rounded down to 0.1 nm. */
  for (guint row = 0; row < isc_site_browser_get_n_rows (window->site_browser); row++)
    {
      g_autofree char *text = isc_site_browser_get_row_text (window->site_browser, row);

      if (g_str_has_prefix (text, "R1"))
        isc_site_browser_activate_row (window->site_browser, row);
    }
  wait_for_job (window);
  g_assert_null (isc_window_get_banner_text (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "site");
  g_assert_cmpfloat_with_epsilon (isc_site_page_get_scale_bar_nm (window->site_page), 0.1, 1e-12);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A project naming files outside its folder is not opened until the user says so, once. */
static void
test_open_project_outside (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *project_dir = g_build_filename (dir, "project", NULL);
  g_autofree char *outside = g_build_filename (dir, "elsewhere.rrng", NULL);
  g_autofree char *path = g_build_filename (project_dir, "outside.ionscape", NULL);
  g_autofree char *pos = NULL;
  g_autoptr(IscProject) project = isc_project_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  IscWindow *window = new_window ();
  IscSite *site;

  g_assert_cmpint (g_mkdir (project_dir, 0755), ==, 0);
  pos = write_small_dataset (project_dir);
  isc_test_write_file (outside, "root:x:0:0\n", 11);
  site = isc_condition_add_site (isc_project_add_condition (project, "100 cycles", 100), "R1", 50, "");
  isc_dataset_set_range_path (isc_site_add_dataset (site, ISC_DATASET_APT, pos), outside);
  g_assert_true (isc_project_save (project, path, NULL));

  /* Asked; cancelled, nothing is opened. */
  isc_window_open_file (window, file);
  wait_for_job (window);
  g_assert_null (window->project);
  g_assert_nonnull (window->outside_dialog);
  g_assert_true (GTK_IS_MESSAGE_DIALOG (window->outside_dialog));
  gtk_dialog_response (GTK_DIALOG (window->outside_dialog), GTK_RESPONSE_CANCEL);
  g_assert_null (window->outside_dialog);
  g_assert_null (window->project);
  g_assert_nonnull (strstr (isc_window_get_banner_text (window), "outside"));

  /* Asked again; "Open Anyway" opens it. */
  isc_window_open_file (window, file);
  wait_for_job (window);
  g_assert_nonnull (window->outside_dialog);
  gtk_dialog_response (GTK_DIALOG (window->outside_dialog), GTK_RESPONSE_ACCEPT);
  g_assert_null (window->outside_dialog);
  g_assert_nonnull (window->project);
  /* Installed outside a job, the project's pages show all the same. */
  g_assert_true (gtk_widget_get_visible (window->overview_row));

  /* Once per project: reopening it does not ask again. */
  isc_window_open_file (window, file);
  wait_for_job (window);
  g_assert_null (window->outside_dialog);
  g_assert_nonnull (window->project);
  g_assert_cmpstr (window->project->path, ==, path);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_open_image (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = write_small_image (dir);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  IscWindow *window = new_window ();
  const IscImage *shown;

  isc_window_open_file (window, file);
  wait_for_job (window);
  g_assert_null (isc_window_get_banner_text (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "image");
  shown = isc_image_view_get_image (isc_image_page_get_view (window->image_page));
  g_assert_nonnull (shown);
  g_assert_cmpuint (shown->width, ==, 64);
  g_assert_cmpfloat_with_epsilon (shown->axis[ISC_IMAGE_AXIS_X].scale, 0.01, 1e-9);
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_toggle (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_TOGGLE_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toggle (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
eels_idle (gpointer data)
{
  return !isc_dataset_page_is_busy (ISC_DATASET_PAGE (data));
}

/* An EELS file opens in its own page, made on first use with its sidebar row. */
static void
test_open_eels (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "scan.dm3", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  IscWindow *window = new_window ();
  GtkWidget *page;
  IscDatasetKind kind;

  g_assert_true (isc_demo_eels_write_dm3 (path, NULL));
  /* a .dm3 shared with images: its energy axis makes it EELS */
  g_assert_true (isc_dataset_kind_guess (path, &kind));
  g_assert_cmpint (kind, ==, ISC_DATASET_EELS);
  isc_window_open_file (window, file);
  g_assert_null (isc_window_get_banner_text (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "eels");
  page = gtk_stack_get_child_by_name (window->content_stack, "eels");
  g_assert_true (isc_test_wait_until (eels_idle, page, 60));
  g_assert_true (isc_eels_page_get_edge (ISC_EELS_PAGE (page), "Ni")->found);
  {
    gboolean row = FALSE;

    for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (window->page_list)); c != NULL;
         c = gtk_widget_get_next_sibling (c))
      row = row || g_strcmp0 (gtk_widget_get_name (c), "kind-eels") == 0;
    g_assert_true (row);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A site with EELS shows it beside its image: the toggle, the page, the site's image as survey. */
static void
test_site_eels (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *fixture = isc_test_fixture_or_skip ("eels/hyperspy/coreloss_spectrum.msa");
  g_autofree char *msa = g_build_filename (dir, "coreloss.msa", NULL);
  g_autofree char *text = NULL;
  gsize len = 0;
  g_autofree char *path = g_build_filename (dir, "eels.ionscape", NULL);
  g_autofree char *tif = NULL;
  g_autoptr(IscProject) project = isc_project_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  IscWindow *window;
  IscSite *site;
  GtkWidget *toggle;
  IscEelsPage *eels;

  if (fixture == NULL)
    return;
  /* inside the project's folder, or opening it asks first */
  g_assert_true (g_file_get_contents (fixture, &text, &len, NULL));
  isc_test_write_file (msa, text, len);
  tif = write_small_image (dir);
  site = isc_condition_add_site (isc_project_add_condition (project, "pristine", 0), "bulk", 500, "");
  isc_site_add_dataset (site, ISC_DATASET_STEM, tif);
  isc_site_add_dataset (site, ISC_DATASET_EELS, msa);
  g_assert_true (isc_project_save (project, path, NULL));

  window = new_window ();
  isc_window_open_file (window, file);
  wait_for_job (window);
  for (guint row = 0; row < isc_site_browser_get_n_rows (window->site_browser); row++)
    {
      g_autofree char *text = isc_site_browser_get_row_text (window->site_browser, row);

      if (g_str_has_prefix (text, "bulk"))
        isc_site_browser_activate_row (window->site_browser, row);
    }
  wait_for_job (window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "site");
  toggle = find_toggle (GTK_WIDGET (window->site_page), _("_EELS"));
  g_assert_nonnull (toggle);
  g_assert_true (gtk_widget_get_visible (toggle));
  eels = isc_site_page_get_eels_page (window->site_page);
  g_assert_true (isc_test_wait_until (eels_idle, eels, 60));
  g_assert_true (isc_eels_page_get_edge (eels, "Mn")->found);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (eels)) || gtk_widget_get_child_visible (GTK_WIDGET (eels)));
  g_assert_true (isc_page_can_export_figure (ISC_PAGE (window->site_page)));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
  g_assert_false (gtk_widget_get_child_visible (GTK_WIDGET (eels)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_job_queue (void)
{
  IscWindow *window = new_window ();
  JobOutcome first = { 0 }, second = { 0 }, spin = { 0 }, dropped = { 0 };

  /* Two jobs started together both finish, in order. */
  isc_job_run (window, "first", count_job, GUINT_TO_POINTER (10), NULL, g_free, job_done, &first);
  isc_job_run (window, "second", count_job, GUINT_TO_POINTER (20), NULL, g_free, job_done, &second);
  while (!second.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (first.done);
  g_assert_cmpuint (*(guint64 *) first.result, ==, 55);
  g_assert_cmpuint (*(guint64 *) second.result, ==, 210);
  g_free (first.result);
  g_free (second.result);

  /* Cancel stops the running job and drops the waiting one. */
  isc_job_run (window, "spin", count_job, GUINT_TO_POINTER (0), NULL, g_free, job_done, &spin);
  isc_job_run (window, "dropped", count_job, GUINT_TO_POINTER (5), NULL, g_free, job_done, &dropped);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL);
  while (!dropped.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (spin.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_error (dropped.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (dropped.result);
  g_clear_error (&spin.error);
  g_clear_error (&dropped.error);
  gtk_window_destroy (GTK_WINDOW (window));
}

static IscColumnMapDialog *
find_column_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ISC_IS_COLUMN_MAP_DIALOG (window))
        return ISC_COLUMN_MAP_DIALOG (window);
    }
  return NULL;
}

/* A cycler table whose column names say nothing: the window asks which column is which
 * instead of failing, and loads the file with the answer. */
static void
test_cycler_columns_dialog (void)
{
  const char csv[] = "t/s,U/V,I/mA,Q_ch/mAh,Q_dis/mAh,cyc\n0,3.0,2,0,0,1\n3600,4.2,2,2.0,0,1\n"
                     "3601,4.2,-2,2.0,0,1\n6841,3.0,-2,2.0,1.8,1\n";
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "odd.csv", NULL);
  g_autoptr(GFile) file = NULL;
  IscWindow *window = new_window ();
  IscColumnMapDialog *dialog;

  isc_test_write_file (path, csv, sizeof csv - 1);
  file = g_file_new_for_path (path);
  isc_window_open_file (window, file);
  wait_for_job (window);
  dialog = find_column_dialog ();
  g_assert_nonnull (dialog);
  g_assert_null (isc_window_get_banner_text (window));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));

  isc_column_map_dialog_set_column (dialog, ISC_CYCLING_COL_TIME, 0, 1);
  isc_column_map_dialog_set_column (dialog, ISC_CYCLING_COL_VOLTAGE, 1, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "column-map.accept", NULL));
  wait_for_job (window);
  g_assert_null (isc_window_get_banner_text (window));
  g_assert_null (find_column_dialog ());
  g_assert_cmpuint (isc_cycling_view_get_n_cells (window->cycling_view), ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "cycling");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_tutorial_steps (void)
{
  g_assert_cmpuint (isc_tutorial_get_n_steps (), >=, 6);
  for (guint i = 0; i < isc_tutorial_get_n_steps (); i++)
    g_assert_nonnull (isc_tutorial_get_title (i));
}

int
main (int   argc,
      char *argv[])
{
  gboolean german = argc > 1 && g_str_equal (argv[argc - 1], "--german");
  int status;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

  if (german)
    argc--;

  g_test_init (&argc, &argv, NULL);
  /* The tour writes the demo into the cache folder: keep it inside the test's own folder. */
  {
    g_autofree char *cache = isc_test_make_tmpdir ();

    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }
  /* C.UTF-8 rather than C: gettext ignores LANGUAGE only under the plain C locale. */
  if (german)
    {
      g_setenv ("LANGUAGE", "de", TRUE);
      setlocale (LC_ALL, "C.UTF-8");
    }
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("IONSCAPE_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();

  app = isc_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);
  /* startup ran inside register: resources, actions and settings are ready. */

  if (german)
    g_test_add_func ("/app/translated-title", test_translated_title);
  else
    {
      g_test_add_func ("/app/window-parts", test_window_parts);
      g_test_add_func ("/app/unknown-file-banner", test_unknown_file_banner);
      g_test_add_func ("/app/tutorial-steps", test_tutorial_steps);
      g_test_add_func ("/app/job-result-and-cancel", test_job_result_and_cancel);
      g_test_add_func ("/app/job-queue", test_job_queue);
      g_test_add_func ("/app/open-apt-data", test_open_apt_data);
      g_test_add_func ("/app/open-data-with-ranges", test_open_data_with_ranges);
      g_test_add_func ("/app/open-project", test_open_project);
      g_test_add_func ("/app/open-project-outside", test_open_project_outside);
      g_test_add_func ("/app/open-image", test_open_image);
      g_test_add_func ("/app/open-eels", test_open_eels);
      g_test_add_func ("/app/site-eels", test_site_eels);
      g_test_add_func ("/app/cycler-columns-dialog", test_cycler_columns_dialog);
    }

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
