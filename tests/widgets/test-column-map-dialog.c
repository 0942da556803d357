/* test-column-map-dialog.c: the column-mapping dialog on a table whose names the guesser
 * mostly does not know: it pre-fills what it can, shows the first rows (screenshot), refuses
 * incomplete or contradictory mappings, and the chosen mapping gives hand-worked capacities.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "column-map-dialog.h"
#include "cycling-view.h"
#include "test-gtk-util.h"
#include "test-util.h"

/* Two cycles at ±2 mA. Cycle 1: charge 0…3600 s = 2.0 mAh, discharge 3601…6841 s (3240 s) =
 * 1.8 mAh. Cycle 2: charge 6842…10262 s (3420 s) = 1.9 mAh, discharge 10263…13323 s (3060 s)
 * = 1.7 mAh. The capacity columns say the same; "mode" is text. */
static const char csv[] =
  "t/s,U/V,I/mA,Q_ch/mAh,Q_dis/mAh,cyc,mode\n"
  "0,3.00,2,0,0,1,C\n"
  "1800,3.60,2,1.0,0,1,C\n"
  "3600,4.20,2,2.0,0,1,C\n"
  "3601,4.20,-2,2.0,0,1,D\n"
  "5401,3.50,-2,2.0,1.0,1,D\n"
  "6841,3.00,-2,2.0,1.8,1,D\n"
  "6842,3.00,2,0,0,2,C\n"
  "10262,4.20,2,1.9,0,2,C\n"
  "10263,4.20,-2,1.9,0,2,D\n"
  "13323,3.00,-2,1.9,1.7,2,D\n";

static const double hand_charge[] = { 2.0, 1.9 };
static const double hand_discharge[] = { 1.8, 1.7 };

static char *
write_csv (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  char *path = g_build_filename (dir, "odd-names.csv", NULL);

  isc_test_write_file (path, csv, sizeof csv - 1);
  return path;
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_class (GtkWidget  *root,
               const char *css_class,
               GPtrArray  *out)
{
  if (gtk_widget_has_css_class (root, css_class))
    g_ptr_array_add (out, root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_class (c, css_class, out);
}

static void
on_chosen (IscColumnMapDialog        *dialog,
           const IscCyclingColumnMap *map,
           gpointer                   user_data)
{
  IscCyclingColumnMap *out = user_data;

  *out = *map;
}

static void
wait_frames (GtkWidget *widget)
{
  for (int i = 0; i < 3; i++)
    {
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      gtk_test_widget_wait_for_draw (widget);
    }
}

static void
test_guess_preview_and_map (void)
{
  g_autofree char *path = write_csv ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IscColumnMapDialog) dialog = NULL;
  g_autoptr(IscCyclingData) data = NULL;
  g_autoptr(GArray) summary = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  GtkWindow *parent = GTK_WINDOW (gtk_window_new ());
  IscCyclingColumnMap map, chosen;
  GtkWidget *ok, *preview;
  graphene_rect_t area = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  g_autofree guint32 *pixels = NULL;
  GtkWidget *child;
  int w, h;
  gsize ink = 0, preview_ink = 0;

  gtk_window_present (parent);
  dialog = g_object_ref (isc_column_map_dialog_new (parent, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == parent);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_cmpstr (isc_column_map_dialog_get_path (dialog), ==, path);

  /* Only "I/mA" is a name the guesser knows: current in column 3, already in mA. */
  g_assert_false (isc_column_map_dialog_get_map (dialog, &map));
  g_assert_cmpint (map.index[ISC_CYCLING_COL_CURRENT], ==, 2);
  g_assert_cmpfloat (map.scale[ISC_CYCLING_COL_CURRENT], ==, 1);
  for (guint c = 0; c < ISC_CYCLING_N_COLS; c++)
    if (c != ISC_CYCLING_COL_CURRENT)
      g_assert_cmpint (map.index[c], ==, -1);
  g_assert_nonnull (isc_column_map_dialog_get_problem (dialog));
  ok = find_named (GTK_WIDGET (dialog), "ok");
  g_assert_nonnull (ok);

  gtk_window_set_default_size (GTK_WINDOW (dialog), 900, 700);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  wait_frames (GTK_WIDGET (dialog));
  g_assert_false (gtk_widget_get_sensitive (ok));

  /* The preview shows the data rows: dark text pixels inside the cells of the first rows. */
  /* The window itself, not its child: the window draws the background. */
  child = GTK_WIDGET (dialog);
  preview = find_named (child, "preview");
  g_assert_nonnull (preview);
  collect_class (child, "preview-cell", cells);
  g_assert_cmpuint (cells->len, ==, 10 * 7);
  for (guint i = 0; i < cells->len; i++)
    {
      graphene_rect_t r;

      g_assert_true (gtk_widget_compute_bounds (g_ptr_array_index (cells, i), child, &r));
      if (i == 0)
        area = r;
      else
        graphene_rect_union (&area, &r, &area);
    }
  pixels = isc_test_snapshot (child, &w, &h, "column-map-dialog.png");
  {
    graphene_rect_t pr;

    g_assert_true (gtk_widget_compute_bounds (preview, child, &pr));
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        {
          guint32 p = pixels[(gsize) y * w + x];
          int lum = (((p >> 16) & 0xff) * 3 + ((p >> 8) & 0xff) * 6 + (p & 0xff)) / 10;
          gboolean dark = lum < 110;

          if (dark && graphene_rect_contains_point (&area, &GRAPHENE_POINT_INIT (x + 0.5f, y + 0.5f))
              && graphene_rect_contains_point (&pr, &GRAPHENE_POINT_INIT (x + 0.5f, y + 0.5f)))
            preview_ink++;
          ink += dark;
        }
  }
  /* 70 cells, ~160 glyphs of ~15 dark pixels each at the default font (2200 measured). */
  g_test_message ("dark pixels: %zu in the rows, %zu in all", preview_ink, ink);
  g_assert_cmpuint (preview_ink, >, 1000);
  g_assert_cmpuint (preview_ink, <, ink);

  /* Incomplete and contradictory mappings are refused, with the reason shown. */
  isc_column_map_dialog_set_column (dialog, ISC_CYCLING_COL_TIME, 0, 1);
  isc_column_map_dialog_set_column (dialog, ISC_CYCLING_COL_VOLTAGE, 1, 1);
  isc_column_map_dialog_set_column (dialog, ISC_CYCLING_COL_CHARGE_CAPACITY, 3, 1);
  g_assert_false (isc_column_map_dialog_get_map (dialog, &map));
  g_assert_nonnull (strstr (isc_column_map_dialog_get_problem (dialog), "discharge"));
  isc_column_map_dialog_set_column (dialog, ISC_CYCLING_COL_DISCHARGE_CAPACITY, 4, 1);
  isc_column_map_dialog_set_column (dialog, ISC_CYCLING_COL_CYCLE, 5, 1);
  isc_column_map_dialog_set_column (dialog, ISC_CYCLING_COL_STEP, 5, 1);
  g_assert_false (isc_column_map_dialog_get_map (dialog, &map));
  g_assert_nonnull (strstr (isc_column_map_dialog_get_problem (dialog), "cyc"));
  g_assert_false (gtk_widget_get_sensitive (ok));
  isc_column_map_dialog_set_column (dialog, ISC_CYCLING_COL_STEP, -1, 1);
  /* A text column is no voltage. */
  isc_column_map_dialog_set_column (dialog, ISC_CYCLING_COL_VOLTAGE, 6, 1);
  g_assert_false (isc_column_map_dialog_get_map (dialog, &map));
  g_assert_nonnull (strstr (isc_column_map_dialog_get_problem (dialog), "“C”"));
  isc_column_map_dialog_set_column (dialog, ISC_CYCLING_COL_VOLTAGE, 1, 1);
  g_assert_true (isc_column_map_dialog_get_map (dialog, &map));
  g_assert_null (isc_column_map_dialog_get_problem (dialog));
  g_assert_true (gtk_widget_get_sensitive (ok));

  /* OK hands the mapping over and closes the window. */
  memset (&chosen, 0xff, sizeof chosen);
  g_signal_connect (dialog, "mapping-chosen", G_CALLBACK (on_chosen), &chosen);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "column-map.accept", NULL));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpmem (chosen.index, sizeof chosen.index, map.index, sizeof map.index);
  g_assert_cmpint (chosen.index[ISC_CYCLING_COL_TIME], ==, 0);
  g_assert_cmpint (chosen.index[ISC_CYCLING_COL_CYCLE], ==, 5);

  data = isc_cycling_load_csv (path, &chosen, NULL, &error);
  g_assert_no_error (error);
  summary = isc_cycling_summarize (data, NAN, -1);
  g_assert_cmpuint (summary->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      IscCycleSummary *s = &g_array_index (summary, IscCycleSummary, i);
      double q_in, q_out;

      g_assert_cmpint (s->cycle, ==, (int) i + 1);
      g_assert_cmpfloat_with_epsilon (s->charge_mah, hand_charge[i], 1e-9);
      g_assert_cmpfloat_with_epsilon (s->discharge_mah, hand_discharge[i], 1e-9);
      /* The current column, read in mA, integrates to the same (1 s sign flips add ≤ 1 mAs). */
      isc_cycling_integrate (data, s->first_record, s->n_records, &q_in, &q_out);
      g_assert_cmpfloat_with_epsilon (q_in, hand_charge[i], 1e-3);
      g_assert_cmpfloat_with_epsilon (q_out, hand_discharge[i], 1e-3);
    }
  gtk_window_destroy (parent);
}

static void
test_initial_map_and_cancel (void)
{
  g_autofree char *path = write_csv ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IscColumnMapDialog) dialog = NULL;
  IscCyclingColumnMap initial, map, chosen;

  /* A map given by the caller (e.g. the one a cell was read with) is shown as it is, a
   * factor that is no offered unit included. */
  isc_cycling_column_map_init (&initial);
  initial.index[ISC_CYCLING_COL_TIME] = 0;
  initial.scale[ISC_CYCLING_COL_TIME] = 60;
  initial.index[ISC_CYCLING_COL_VOLTAGE] = 1;
  initial.index[ISC_CYCLING_COL_CURRENT] = 2;
  initial.scale[ISC_CYCLING_COL_CURRENT] = 2.5;
  initial.index[ISC_CYCLING_COL_STEP] = 17;   /* past this file's columns: none */
  dialog = g_object_ref (isc_column_map_dialog_new (NULL, path, &initial, &error));
  g_assert_no_error (error);
  g_assert_true (isc_column_map_dialog_get_map (dialog, &map));
  g_assert_cmpint (map.index[ISC_CYCLING_COL_TIME], ==, 0);
  g_assert_cmpfloat (map.scale[ISC_CYCLING_COL_TIME], ==, 60);
  g_assert_cmpfloat (map.scale[ISC_CYCLING_COL_CURRENT], ==, 2.5);
  g_assert_cmpint (map.index[ISC_CYCLING_COL_STEP], ==, -1);
  g_assert_cmpint (map.index[ISC_CYCLING_COL_CYCLE], ==, -1);

  /* Cancel closes without a mapping. */
  chosen.index[0] = 42;
  g_signal_connect (dialog, "mapping-chosen", G_CALLBACK (on_chosen), &chosen);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpint (chosen.index[0], ==, 42);

  /* Not a table: no dialog, the reader's error. */
  g_assert_null (isc_column_map_dialog_new (NULL, "/nonexistent/cell.csv", NULL, &error));
  g_assert_error (error, ISC_CYCLING_ERROR, ISC_ERROR_IO);
}

typedef struct
{
  guint calls;
  guint cell;
  char *path;
  IscCyclingColumnMap columns;
} Request;

static void
on_columns_requested (IscCyclingView            *view,
                      guint                      cell,
                      const char                *path,
                      const IscCyclingColumnMap *columns,
                      Request                   *req)
{
  req->calls++;
  req->cell = cell;
  g_free (req->path);
  req->path = g_strdup (path);
  req->columns = *columns;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The cycling view's Columns… button asks again for the last table's columns, starting from
 * the map it was read with; the new mapping replaces that cell. */
static void
test_cycling_view_columns (void)
{
  g_autofree char *path = write_csv ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IscColumnMapDialog) dialog = NULL;
  GtkWidget *view = isc_cycling_view_new ();
  GtkWidget *button = find_button (view, "C_olumns…");
  IscCyclingColumnMap first, second, shown;
  IscCyclingData *data;
  Request req = { 0 };
  g_autoptr(GArray) summary = NULL;
  GtkWindow *window;

  g_assert_nonnull (button);
  /* Charge and discharge swapped by mistake. */
  isc_cycling_column_map_init (&first);
  first.index[ISC_CYCLING_COL_TIME] = 0;
  first.index[ISC_CYCLING_COL_VOLTAGE] = 1;
  first.index[ISC_CYCLING_COL_CURRENT] = 2;
  first.index[ISC_CYCLING_COL_CHARGE_CAPACITY] = 4;
  first.index[ISC_CYCLING_COL_DISCHARGE_CAPACITY] = 3;
  first.index[ISC_CYCLING_COL_CYCLE] = 5;
  data = isc_cycling_load_csv (path, &first, NULL, &error);
  g_assert_no_error (error);
  isc_cycling_view_add_cell (ISC_CYCLING_VIEW (view), "demo", isc_cycling_data_new ("demo"));
  isc_cycling_view_add_cell (ISC_CYCLING_VIEW (view), "odd", data);
  /* Nobody listens yet: nothing to do for the button. */
  g_assert_false (gtk_widget_get_sensitive (button));
  g_signal_connect (view, "columns-requested", G_CALLBACK (on_columns_requested), &req);
  isc_cycling_view_set_kind (ISC_CYCLING_VIEW (view), ISC_CYCLING_PLOT_CAPACITY);
  g_assert_true (gtk_widget_get_sensitive (button));
  window = isc_test_show_in_window (view, 800, 500);

  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (req.calls, ==, 1);
  g_assert_cmpuint (req.cell, ==, 1);
  g_assert_cmpstr (req.path, ==, path);
  g_assert_cmpmem (req.columns.index, sizeof first.index, first.index, sizeof first.index);

  dialog = g_object_ref (isc_column_map_dialog_new (window, req.path, &req.columns, &error));
  g_assert_no_error (error);
  g_assert_true (isc_column_map_dialog_get_map (dialog, &shown));
  g_assert_cmpmem (shown.index, sizeof first.index, first.index, sizeof first.index);
  isc_column_map_dialog_set_column (dialog, ISC_CYCLING_COL_CHARGE_CAPACITY, 3, 1);
  g_assert_false (isc_column_map_dialog_get_map (dialog, &second));   /* column 4 twice */
  isc_column_map_dialog_set_column (dialog, ISC_CYCLING_COL_DISCHARGE_CAPACITY, 4, 1);
  g_assert_true (isc_column_map_dialog_get_map (dialog, &second));

  isc_cycling_view_replace_cell (ISC_CYCLING_VIEW (view), req.cell, "odd",
                                 isc_cycling_load_csv (path, &second, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (isc_cycling_view_get_n_cells (ISC_CYCLING_VIEW (view)), ==, 2);
  /* The view now holds the remapped cell: a second request reports the new map. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (req.calls, ==, 2);
  g_assert_cmpint (req.columns.index[ISC_CYCLING_COL_CHARGE_CAPACITY], ==, 3);
  g_assert_cmpint (req.columns.index[ISC_CYCLING_COL_DISCHARGE_CAPACITY], ==, 4);
  data = isc_cycling_load_csv (path, &req.columns, NULL, &error);
  g_assert_no_error (error);
  summary = isc_cycling_summarize (data, NAN, -1);
  g_assert_cmpfloat_with_epsilon (g_array_index (summary, IscCycleSummary, 0).charge_mah, hand_charge[0], 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (summary, IscCycleSummary, 0).discharge_mah, hand_discharge[0], 1e-9);
  isc_cycling_data_free (data);
  g_free (req.path);
  gtk_window_destroy (window);
}

int
main (int    argc,
      char **argv)
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/column-map-dialog/guess-preview-and-map", test_guess_preview_and_map);
  g_test_add_func ("/column-map-dialog/initial-map-and-cancel", test_initial_map_and_cancel);
  g_test_add_func ("/column-map-dialog/cycling-view-columns", test_cycling_view_columns);
  return g_test_run ();
}
