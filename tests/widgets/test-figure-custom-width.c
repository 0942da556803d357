/* test-figure-custom-width.c: the figure export's custom width typed in inches — "Custom
 * width…" in the chooser, then 3.35 in in the width dialog: a PNG 1005 px wide at 300 dpi; the
 * next export starts from that custom width.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo.h>
#include <stdlib.h>

#include "isc-save-dialog.h"
#include "test-gtk-util.h"
#include "test-util.h"

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

/* Until a visible window of @type (and @title) exists, or 5 s. */
static GtkWindow *
wait_for_window (GType       type,
                 const char *title)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  GtkWindow *window;

  while ((window = isc_test_find_toplevel (type, title)) == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  return window;
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

static void
test_inches (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *want = g_build_filename (dir, "column.png", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  GtkWidget *label = gtk_label_new ("from");
  GtkWindow *window = isc_test_show_in_window (label, 200, 100);
  GtkWindow *chooser, *custom;
  GtkSpinButton *spin;
  Figure f = { 0 };
  IscFigureOptions last;
  cairo_surface_t *png;

  isc_save_dialog_run_figure (label, "Export Figure", "figure.png", NULL, "Not exported",
                              write_plot, &f);
  chooser = wait_for_window (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
  g_assert_nonnull (chooser);
  /* Let the chooser load its first folder before it is sent elsewhere. */
  for (int i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "column.png");
  pick_choice (chooser, "Width", "Custom width…");
  pick_choice (chooser, "Resolution", "300 dpi");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  /* Nothing is written before the width is typed. */
  custom = wait_for_window (GTK_TYPE_WINDOW, "Custom Width");
  g_assert_nonnull (custom);
  g_assert_cmpuint (f.calls, ==, 0);
  spin = GTK_SPIN_BUTTON (isc_test_get_widget (GTK_WIDGET (custom), GTK_TYPE_SPIN_BUTTON, NULL));
  /* Switching the unit keeps the length: 85 mm is 3.35 in. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (isc_test_get_widget (GTK_WIDGET (custom),
                                                                 GTK_TYPE_DROP_DOWN, NULL)), 1);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (spin), 85 / 25.4, 0.01);
  gtk_spin_button_set_value (spin, 3.35);
  g_signal_emit_by_name (isc_test_get_widget (GTK_WIDGET (custom), GTK_TYPE_BUTTON, "Export"), "clicked");

  g_assert_cmpuint (f.calls, ==, 1);
  g_assert_cmpstr (f.path, ==, want);
  g_assert_cmpint (f.options.width_preset, ==, ISC_FIGURE_WIDTH_CUSTOM);
  g_assert_cmpfloat_with_epsilon (f.options.width_mm, 3.35 * 25.4, 1e-9);
  png = cairo_image_surface_create_from_png (want);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (abs (cairo_image_surface_get_width (png) - 1005), <=, 1);
  cairo_surface_destroy (png);

  /* The next export starts from the typed width. */
  isc_save_dialog_get_figure_options (&last);
  g_assert_cmpint (last.width_preset, ==, ISC_FIGURE_WIDTH_CUSTOM);
  g_assert_cmpfloat_with_epsilon (last.width_mm, 85.09, 1e-9);

  g_free (f.path);
  gtk_window_destroy (window);
}

int
main (int    argc,
      char **argv)
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/widgets/save-dialog/custom-width-inches", test_inches);
  return g_test_run ();
}
