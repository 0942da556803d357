/* test-figure-composer.c: the figure composer — a 2 × 2 figure composed with its controls is
 * written with its panels where the layout puts them (pixel checks on the PNG), at a custom width
 * typed in inches, and the layout saved in the project comes back after a reload; a project file
 * without figures still opens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo.h>
#include <math.h>

#include "figure-composer.h"
#include "project-figures.h"
#include "project-file.h"
#include "test-gtk-util.h"
#include "test-util.h"

static GtkWidget *
part (GtkWidget  *composer,
      const char *name)
{
  GObject *child = gtk_widget_get_template_child (composer, ISC_TYPE_FIGURE_COMPOSER, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static guint
kind_index (const char *kind)
{
  const char * const *kinds = isc_figure_panel_kinds ();

  for (guint i = 0; kinds[i] != NULL; i++)
    if (g_str_equal (kinds[i], kind))
      return i + 1;   /* 0 is "Nothing" */
  g_assert_not_reached ();
}

/* Pixels in (x0, y0)–(x1, y1) that are not white. */
static gsize
count_ink (cairo_surface_t *png,
           int              x0,
           int              y0,
           int              x1,
           int              y1)
{
  const guint8 *data = cairo_image_surface_get_data (png);
  int stride = cairo_image_surface_get_stride (png);
  gsize n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 p = *(const guint32 *) (data + (gsize) y * stride + 4 * x);

        if ((p & 0xffffff) != 0xffffff)
          n++;
      }
  return n;
}

static void
on_save_figure (GtkWidget  *composer,
                const char *name,
                const char *layout,
                IscProject *project)
{
  g_autoptr(GError) error = NULL;

  isc_project_set_figure (project, name, layout);
  g_assert_true (isc_project_save (project, project->path, &error));
  g_assert_no_error (error);
}

static gboolean
has_preview (gpointer data)
{
  return gtk_picture_get_paintable (GTK_PICTURE (part (data, "preview"))) != NULL;
}

static void
test_compose_two_by_two (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *tiff = isc_test_write_tiff (dir, "stem.tif", 200, 100, 0.2);
  g_autofree char *project_path = g_build_filename (dir, "study.ionscape", NULL);
  g_autofree char *png_path = g_build_filename (dir, "figure.png", NULL);
  g_autoptr(IscProject) project = isc_project_new ();
  g_autoptr(IscProject) reloaded = NULL;
  g_autoptr(IscFigureLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *png;
  GtkWidget *composer, *again;
  IscProjectFigure *saved;
  const IscFigureLayout *current;
  IscSite *site;
  int w, h, gap, cw, ch;

  site = isc_condition_add_site (isc_project_add_condition (project, "aged", 300), "R1", 50, NULL);
  isc_site_add_dataset (site, ISC_DATASET_STEM, tiff);
  g_assert_true (isc_project_save (project, project_path, &error));
  g_assert_no_error (error);

  /* A project file written without figures opens, with none. */
  reloaded = isc_project_load (project_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (isc_project_get_figures (reloaded)->len, ==, 0);
  g_clear_pointer (&reloaded, isc_project_free);

  composer = isc_figure_composer_new (NULL, project);
  g_signal_connect (composer, "save-figure", G_CALLBACK (on_save_figure), project);
  gtk_window_present (GTK_WINDOW (composer));
  /* No APT specimen, so no site figure: an empty 2 × 2 grid to fill. */
  current = isc_figure_composer_get_layout (ISC_FIGURE_COMPOSER (composer));
  g_assert_cmpuint (current->rows, ==, 2);
  g_assert_cmpuint (current->columns, ==, 2);

  /* The STEM image in (a) top left and (b) bottom right, through the panel controls. */
  isc_figure_composer_select_cell (ISC_FIGURE_COMPOSER (composer), 0, 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (part (composer, "kind_dropdown")), kind_index ("stem-image"));
  isc_figure_composer_select_cell (ISC_FIGURE_COMPOSER (composer), 1, 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (part (composer, "kind_dropdown")), kind_index ("stem-image"));
  g_assert_cmpstr (isc_figure_layout_get_panel (current, 1, 1)->site, ==, "aged/R1");
  g_assert_null (isc_figure_layout_get_panel (current, 0, 1));

  /* 3.35 in typed as a custom width: 1005 px at 300 dpi; a square figure. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (part (composer, "width_dropdown")), 3);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (part (composer, "unit_dropdown")), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (part (composer, "custom_width_spin")), 3.35);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (part (composer, "height_spin")), 3.35 * 25.4);
  g_assert_cmpfloat_with_epsilon (current->options.width_mm, 85.09, 1e-6);

  g_assert_true (isc_figure_composer_export (ISC_FIGURE_COMPOSER (composer), png_path, &error));
  g_assert_no_error (error);
  png = cairo_image_surface_create_from_png (png_path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  w = cairo_image_surface_get_width (png);
  h = cairo_image_surface_get_height (png);
  g_assert_cmpint (abs (w - 1005), <=, 1);
  g_assert_cmpint (abs (h - 1005), <=, 1);

  /* The grid of figure.c: cells split the figure less a 6 pt gap. */
  gap = (int) ceil (6 * 300 / 72.0);
  cw = (w - gap) / 2;
  ch = (h - gap) / 2;
  /* Ink in the cells of the layout's panels (the ramp around their centres) … */
  g_assert_cmpuint (count_ink (png, cw / 2 - 20, ch / 2 - 20, cw / 2 + 20, ch / 2 + 20), >, 1000);
  g_assert_cmpuint (count_ink (png, w - cw / 2 - 20, h - ch / 2 - 20, w - cw / 2 + 20, h - ch / 2 + 20),
                    >, 1000);
  /* … and none in the two cells the layout leaves empty. */
  g_assert_cmpuint (count_ink (png, w - cw + 2, 2, w - 2, ch - 2), ==, 0);
  g_assert_cmpuint (count_ink (png, 2, h - ch + 2, cw - 2, h - 2), ==, 0);
  cairo_surface_destroy (png);

  g_assert_true (isc_test_wait_until (has_preview, composer, 30));
  gtk_test_widget_wait_for_draw (composer);
  g_free (isc_test_snapshot (composer, &w, &h, "figure-composer.png"));

  /* Save in Project writes the layout into the project file; it comes back after a reload. */
  gtk_editable_set_text (GTK_EDITABLE (part (composer, "name_entry")), "Figure 3");
  g_signal_emit_by_name (part (composer, "save_button"), "clicked");
  reloaded = isc_project_load (project_path, &error);
  g_assert_no_error (error);
  saved = isc_project_find_figure (reloaded, "Figure 3");
  g_assert_nonnull (saved);
  layout = isc_figure_layout_from_json (saved->layout, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layout->rows, ==, 2);
  g_assert_cmpuint (layout->panels->len, ==, 2);
  g_assert_cmpstr (isc_figure_layout_get_panel (layout, 0, 0)->kind, ==, "stem-image");
  g_assert_cmpstr (isc_figure_layout_get_panel (layout, 1, 1)->kind, ==, "stem-image");
  g_assert_true (layout->width_in_inches);
  g_assert_cmpfloat_with_epsilon (layout->options.width_mm, 85.09, 1e-6);

  /* A composer opened on the reloaded project starts from the saved figure. */
  again = isc_figure_composer_new (NULL, reloaded);
  current = isc_figure_composer_get_layout (ISC_FIGURE_COMPOSER (again));
  g_assert_cmpstr (current->name, ==, "Figure 3");
  g_assert_nonnull (isc_figure_layout_get_panel (current, 1, 1));
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (part (again, "custom_width_spin"))),
                                  3.35, 1e-6);
  gtk_window_destroy (GTK_WINDOW (again));
  gtk_window_destroy (GTK_WINDOW (composer));
}

int
main (int    argc,
      char **argv)
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/widgets/figure-composer/two-by-two", test_compose_two_by_two);
  return g_test_run ();
}
