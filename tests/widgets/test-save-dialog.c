/* test-save-dialog.c: the shared save flow hands the chosen path to the write function, adds the
 * suggested suffix only when asked and when no filter's suffix is there, and shows a failure in an
 * error dialog. Without a portal GtkFileChooserNative falls back to a GtkFileChooserDialog,
 * which the test answers itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "isc-error.h"
#include "isc-save-dialog.h"
#include "test-gtk-util.h"
#include "test-util.h"

typedef struct
{
  char    *path;
  guint    calls;
  gboolean fail;
} Written;

static gboolean
record (const char  *path,
        gpointer     data,
        GError     **error)
{
  Written *w = data;

  g_free (w->path);
  w->path = g_strdup (path);
  w->calls++;
  if (w->fail)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_IO, "Cannot write %s: disk full", path);
      return FALSE;
    }
  return TRUE;
}

static void
iterate (void)
{
  for (int i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* The chooser checks the typed name on a worker thread before it answers. */
static void
wait_for_chooser_to_close (void)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint id = g_timeout_add (20, tick, NULL);

  while (isc_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL) != NULL
         && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
  iterate ();
}

/* Answers the open chooser with @name in @dir; returns the chooser's title. */
static char *
answer (const char *dir,
        const char *name)
{
  GtkWindow *chooser;
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  char *title;

  iterate ();
  chooser = isc_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
  g_assert_nonnull (chooser);
  title = g_strdup (gtk_window_get_title (chooser));
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  wait_for_chooser_to_close ();
  return title;
}

static void
test_flow (void)
{
  static const IscSaveFilter filters[] = {
    { "PNG", { "png" } },
    { "TIFF", { "tif", "tiff" } },
    { NULL },
  };
  g_autofree char *dir = isc_test_make_tmpdir ();
  GtkWidget *label = gtk_label_new ("from");
  GtkWindow *window = isc_test_show_in_window (label, 200, 100);
  Written w = { 0 };
  GtkWindow *msg;

  /* No suffix typed: the suggested one is added. */
  isc_save_dialog_run (label, "Export It", "_Export", "x.png", filters, ISC_SAVE_DIALOG_ADD_SUFFIX,
                       "It could not be exported", record, &w);
  {
    g_autofree char *title = answer (dir, "plain");
    g_autofree char *want = g_build_filename (dir, "plain.png", NULL);

    g_assert_cmpstr (title, ==, "Export It");
    g_assert_cmpuint (w.calls, ==, 1);
    g_assert_cmpstr (w.path, ==, want);
  }

  /* Any filter's suffix, in any case, is kept as typed. */
  isc_save_dialog_run (label, "Export It", "_Export", "x.png", filters, ISC_SAVE_DIALOG_ADD_SUFFIX,
                       "It could not be exported", record, &w);
  {
    g_autofree char *title = answer (dir, "scan.TIFF");
    g_autofree char *want = g_build_filename (dir, "scan.TIFF", NULL);

    g_assert_cmpuint (w.calls, ==, 2);
    g_assert_cmpstr (w.path, ==, want);
  }

  /* Without the flag the name stays as typed; a failure opens the error dialog. */
  w.fail = TRUE;
  isc_save_dialog_run (label, "Save It", "_Save", "x.png", filters, ISC_SAVE_DIALOG_DEFAULT,
                       "It could not be saved", record, &w);
  {
    g_autofree char *title = answer (dir, "plain");
    g_autofree char *want = g_build_filename (dir, "plain", NULL);
    g_autofree char *primary = NULL, *secondary = NULL;

    g_assert_cmpstr (title, ==, "Save It");
    g_assert_cmpuint (w.calls, ==, 3);
    g_assert_cmpstr (w.path, ==, want);
    msg = isc_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG, NULL);
    g_assert_nonnull (msg);
    g_assert_true (gtk_window_get_transient_for (msg) == window);
    g_object_get (msg, "text", &primary, "secondary-text", &secondary, NULL);
    g_assert_cmpstr (primary, ==, "It could not be saved");
    g_assert_true (g_str_has_suffix (secondary, "plain: disk full"));
    gtk_dialog_response (GTK_DIALOG (msg), GTK_RESPONSE_CLOSE);
    iterate ();
    g_assert_null (isc_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG, NULL));
  }

  /* Cancel: nothing is written. */
  isc_save_dialog_run (label, "Save It", "_Save", "x.png", NULL, ISC_SAVE_DIALOG_DEFAULT, NULL, record, &w);
  iterate ();
  gtk_dialog_response (GTK_DIALOG (isc_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL)),
                       GTK_RESPONSE_CANCEL);
  iterate ();
  g_assert_cmpuint (w.calls, ==, 3);

  g_free (w.path);
  gtk_window_destroy (window);
}

typedef struct
{
  char            *path;
  guint            calls;
  IscFigureOptions options;
} Figure;

static gboolean
write_plot (const char              *path,
            const IscFigureOptions  *options,
            gpointer                 data,
            GError                 **error)
{
  static const double x[] = { 0, 1, 2 }, y[] = { 1, 3, 2 };
  Figure *f = data;
  g_autoptr(IscPlot) plot = isc_plot_new ();

  g_free (f->path);
  f->path = g_strdup (path);
  f->calls++;
  f->options = *options;
  isc_plot_add_series (plot, ISC_SERIES_LINE, "a", x, y, 3);
  return isc_plot_export_with_options (plot, path, options, error);
}

static GtkFileFilter *
filter_named (GtkFileChooser *chooser,
              const char     *name)
{
  g_autoptr(GListModel) filters = gtk_file_chooser_get_filters (chooser);

  for (guint i = 0; i < g_list_model_get_n_items (filters); i++)
    {
      g_autoptr(GtkFileFilter) f = g_list_model_get_item (filters, i);

      if (g_strcmp0 (gtk_file_filter_get_name (f), name) == 0)
        return f;
    }
  return NULL;
}

static void
pick_choice (GtkWindow  *chooser,
             const char *label,
             const char *option)
{
  GtkWidget *l = isc_test_get_widget (GTK_WIDGET (chooser), GTK_TYPE_LABEL, label);
  GtkWidget *drop = gtk_widget_get_next_sibling (l);
  GListModel *model;

  g_assert_true (GTK_IS_DROP_DOWN (drop));
  model = gtk_drop_down_get_model (GTK_DROP_DOWN (drop));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), option))
        {
          gtk_drop_down_set_selected (GTK_DROP_DOWN (drop), i);
          return;
        }
    }
  g_assert_not_reached ();
}

/* The PNG filter picked with a .pdf name: the chooser shows the name changed to .png and stays
 * open; accepted, a PNG is written, of the chosen width and resolution. */
static void
test_figure_filter_mismatch (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *want = g_build_filename (dir, "fig.png", NULL);
  g_autofree char *bytes = NULL;
  GtkWidget *label = gtk_label_new ("from");
  GtkWindow *window = isc_test_show_in_window (label, 200, 100);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  Figure f = { 0 };
  GtkWindow *chooser;
  gsize len;

  isc_save_dialog_run_figure (label, "Export Figure", "figure.pdf", NULL, "Not exported",
                              write_plot, &f);
  iterate ();
  chooser = isc_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
  g_assert_nonnull (chooser);
  /* The suggested name's format is the one shown first. */
  g_assert_cmpstr (gtk_file_filter_get_name (gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser))),
                   ==, "PDF (vector)");
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "fig.pdf");
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser),
                               filter_named (GTK_FILE_CHOOSER (chooser), "PNG (raster)"));
  {
    int min = 0;

    /* The choices fit a laptop screen beside each other. */
    gtk_widget_measure (GTK_WIDGET (chooser), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
    g_test_message ("chooser min width %d", min);
    g_assert_cmpint (min, <=, 1000);
  }
  /* As a user: the drop-downs beside the choices' labels. */
  pick_choice (chooser, "Width", "180 mm (two columns)");
  pick_choice (chooser, "Resolution", "300 dpi");
  pick_choice (chooser, "Text", "9 pt");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  iterate ();
  {
    gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (f.calls == 0 && g_get_monotonic_time () < end
           && ((chooser = isc_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL)) == NULL
               || g_strcmp0 (gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser)),
                             "fig.png") != 0))
      g_main_context_iteration (NULL, FALSE);
  }
  /* Nothing written yet; the chooser is open again with the name changed. */
  g_assert_cmpuint (f.calls, ==, 0);
  chooser = isc_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
  g_assert_nonnull (chooser);
  {
    g_autofree char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));

    g_assert_cmpstr (name, ==, "fig.png");
  }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  wait_for_chooser_to_close ();
  g_assert_cmpuint (f.calls, ==, 1);
  g_assert_cmpstr (f.path, ==, want);
  g_assert_cmpfloat (isc_figure_options_width_mm (&f.options), ==, 180);
  g_assert_cmpfloat (f.options.dpi, ==, 300);
  g_assert_cmpfloat (f.options.font_pt, ==, 9);
  /* The bytes are a PNG, as the name says, 180 mm at 300 dpi wide. */
  g_assert_true (g_file_get_contents (want, &bytes, &len, NULL));
  g_assert_cmpmem (bytes, 4, "\x89PNG", 4);
  {
    cairo_surface_t *s = cairo_image_surface_create_from_png (want);

    g_assert_cmpint (cairo_image_surface_get_width (s), ==, 2126);
    cairo_surface_destroy (s);
  }
  /* The next export starts from these choices. */
  {
    IscFigureOptions last;

    isc_save_dialog_get_figure_options (&last);
    g_assert_cmpint (last.width_preset, ==, ISC_FIGURE_WIDTH_DOUBLE);
    g_assert_cmpfloat (last.font_pt, ==, 9);
  }

  /* The filter left as shown: the typed suffix decides (a TIFF), nothing is asked again. */
  isc_save_dialog_run_figure (label, "Export Figure", "figure.pdf", NULL, "Not exported",
                              write_plot, &f);
  {
    g_autofree char *title = answer (dir, "scan.tif");
    g_autofree char *tif = g_build_filename (dir, "scan.tif", NULL);

    g_assert_cmpuint (f.calls, ==, 2);
    g_assert_cmpstr (f.path, ==, tif);
    g_clear_pointer (&bytes, g_free);
    g_assert_true (g_file_get_contents (tif, &bytes, &len, NULL));
    g_assert_cmpmem (bytes, 4, "II*\0", 4);
  }

  g_free (f.path);
  gtk_window_destroy (window);
}

/* The table export: one CSV filter, the suggested name, and the written path. */
static void
test_csv (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *want = g_build_filename (dir, "table.csv", NULL);
  GtkWidget *label = gtk_label_new ("from");
  GtkWindow *window = isc_test_show_in_window (label, 200, 100);
  Written w = { 0 };
  GtkWindow *chooser;
  g_autoptr(GListModel) filters = NULL;
  g_autoptr(GtkFileFilter) filter = NULL;

  isc_save_dialog_run_csv (label, "Export Table", "table.csv", "It could not be exported", record, &w);
  iterate ();
  chooser = isc_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
  g_assert_nonnull (chooser);
  filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 1);
  filter = g_list_model_get_item (filters, 0);
  g_assert_cmpstr (gtk_file_filter_get_name (filter), ==, "CSV (comma-separated values)");
  {
    g_autofree char *current = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));

    g_assert_cmpstr (current, ==, "table.csv");
  }
  {
    g_autofree char *title = answer (dir, "table.csv");

    g_assert_cmpstr (title, ==, "Export Table");
  }
  g_assert_cmpuint (w.calls, ==, 1);
  g_assert_cmpstr (w.path, ==, want);

  g_free (w.path);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/widgets/save-dialog/flow", test_flow);
  g_test_add_func ("/widgets/save-dialog/figure-filter-mismatch", test_figure_filter_mismatch);
  g_test_add_func ("/widgets/save-dialog/csv", test_csv);
  return g_test_run ();
}
