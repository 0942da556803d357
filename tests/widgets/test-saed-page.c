/* test-saed-page.c: the diffraction page analyses in its worker and shows the demo's shell
 * pattern indexed as rock salt (table, ring labels, drawn rings and centre), calibrates the
 * real Au pattern on its rings when Au is chosen, follows the phase choice without a new
 * analysis, may be destroyed while busy; the site page shows a site's core and shell side by
 * side, indexed as layered and rock salt.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "demo-saed.h"
#include "isc-page.h"
#include "isc-site-page.h"
#include "saed-page.h"
#include "test-gtk-util.h"
#include "test-util.h"

#define ORANGE 0xd65e00   /* rings on the profile, the centre cross on the pattern */

static void
wait_analysed (IscSaedPage *page)
{
  if (isc_dataset_page_is_busy (ISC_DATASET_PAGE (page)))
    g_assert_true (isc_test_wait_for_signal (page, "analysed", 60));
  g_assert_false (isc_dataset_page_is_busy (ISC_DATASET_PAGE (page)));
}

/* The page's plot view of builder id @id: "pattern_view" or "profile_view". */
static IscPlotView *
view_of (IscSaedPage *page,
         const char  *id)
{
  return ISC_PLOT_VIEW (isc_test_get_widget (GTK_WIDGET (page), ISC_TYPE_PLOT_VIEW, id));
}

static gsize
orange_pixels (GtkWidget  *widget,
               const char *png)
{
  int w, h;
  g_autofree guint32 *px = isc_test_snapshot_cairo (widget, &w, &h, png);

  return isc_test_count_color (px, w, h, ORANGE, 40);
}

static void
test_shell_pattern (void)
{
  GtkWidget *page = isc_saed_page_new ();
  GtkWindow *window = isc_test_show_in_window (page, 1024, 700);
  IscSaedPage *self = ISC_SAED_PAGE (page);
  const IscSaedResult *res;
  guint cells = 0;
  int w, h;

  g_assert_false (isc_page_can_export_figure (ISC_PAGE (page)));
  {
    IscFigureOptions options;
    g_autoptr(GError) error = NULL;

    isc_figure_options_init (&options);
    g_assert_false (isc_saed_page_write_pattern_figure (self, "/nonexistent/x.png", &options, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }
  isc_saed_page_set_image (self, isc_demo_saed_image (TRUE), "shell");
  g_assert_true (isc_dataset_page_is_busy (ISC_DATASET_PAGE (self)));
  wait_analysed (self);
  res = isc_saed_page_get_result (self);
  g_assert_nonnull (res);
  g_assert_true (isc_page_can_export_figure (ISC_PAGE (page)));
  g_assert_cmpuint (res->rings->len, ==, 5);
  for (guint i = 0; i < res->rings->len; i++)
    {
      g_autofree char *label = isc_saed_page_dup_ring_label (self, i);

      g_assert_nonnull (label);
      g_assert_true (g_str_has_prefix (label, "rocksalt "));
    }
  g_assert_nonnull (strstr (isc_test_label_text (GTK_WIDGET (self), "calibration_label"), "0.04000"));
  /* header and one row per ring, five columns */
  for (GtkWidget *c = gtk_widget_get_first_child (isc_test_get_widget (GTK_WIDGET (self), GTK_TYPE_GRID, "ring_table")); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    cells++;
  g_assert_cmpuint (cells, ==, 6 * 5);
  /* the centre is marked on the pattern; the profile has its curve and a row of ticks for
   * each chosen phase (layered, rock salt) */
  g_assert_cmpuint (orange_pixels (GTK_WIDGET (view_of (self, "pattern_view")), "saed-pattern.png"), >, 10);
  g_free (isc_test_snapshot_cairo (GTK_WIDGET (view_of (self, "profile_view")), &w, &h, "saed-profile.png"));
  g_assert_cmpuint (isc_plot_get_n_series (isc_plot_view_get_plot (view_of (self, "profile_view"))), ==, 3);

  /* Export Figure: a near-square PNG of the pattern at the journal width */
  {
    g_autofree char *dir = isc_test_make_tmpdir ();
    g_autofree char *png = g_build_filename (dir, "rings.png", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GdkTexture) texture = NULL;
    IscFigureOptions options;

    isc_figure_options_init (&options);
    options.aspect = 0.85;
    g_assert_true (isc_saed_page_write_pattern_figure (self, png, &options, &error));
    g_assert_no_error (error);
    texture = gdk_texture_new_from_filename (png, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat_with_epsilon ((double) gdk_texture_get_height (texture) / gdk_texture_get_width (texture), 0.85, 0.01);
  }

  /* Without rock salt, no ring is rock salt any more; the result is the same one. */
  isc_saed_page_set_phase_shown (self, "rocksalt", FALSE);
  g_assert_false (isc_dataset_page_is_busy (ISC_DATASET_PAGE (self)));
  g_assert_true (isc_saed_page_get_result (self) == res);
  g_assert_cmpuint (isc_plot_get_n_series (isc_plot_view_get_plot (view_of (self, "profile_view"))), ==, 2);
  for (guint i = 0; i < res->rings->len; i++)
    {
      g_autofree char *label = isc_saed_page_dup_ring_label (self, i);

      g_assert_true (label == NULL || !g_str_has_prefix (label, "rocksalt"));
    }
  gtk_window_destroy (window);
}

/* The real Au ring pattern carries no calibration; with Au chosen the page fits its rings
 * (REFERENCE.md: 0.0998 nm⁻¹/px, ring 111 first). */
static void
test_au_standard (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("saed/pyxem/au_xgrating_20cm.tif");
  GtkWidget *page;
  GtkWindow *window;
  IscSaedPage *self;
  const IscSaedResult *res;
  g_autofree char *first = NULL;

  if (path == NULL)
    return;
  page = isc_saed_page_new ();
  window = isc_test_show_in_window (page, 1024, 700);
  self = ISC_SAED_PAGE (page);
  isc_saed_page_load (self, path);
  wait_analysed (self);
  g_assert_nonnull (strstr (isc_test_label_text (GTK_WIDGET (self), "calibration_label"), "Not calibrated"));
  isc_saed_page_set_standard (self, "Au");
  wait_analysed (self);
  res = isc_saed_page_get_result (self);
  g_assert_nonnull (res);
  g_assert_cmpint (res->calibration_source, ==, ISC_SAED_CALIBRATION_STANDARD);
  g_assert_cmpfloat (fabs (res->calibration - 0.0998) / 0.0998, <, 0.015);
  first = isc_saed_page_dup_ring_label (self, 0);
  g_assert_cmpstr (first, ==, "Au 111");
  g_assert_cmpstr (isc_test_label_text (GTK_WIDGET (self), "status_label"), ==, "");
  gtk_window_destroy (window);
}

static void
test_dispose_while_busy (void)
{
  GtkWidget *page = isc_saed_page_new ();
  GtkWindow *window = isc_test_show_in_window (page, 800, 600);

  g_object_ref (page);
  isc_saed_page_set_image (ISC_SAED_PAGE (page), isc_demo_saed_image (FALSE), NULL);
  g_assert_true (isc_dataset_page_is_busy (ISC_DATASET_PAGE (page)));
  gtk_window_destroy (window);
  /* nothing waited for the worker, and nothing keeps the page alive */
  g_assert_finalize_object (page);
}

/* Core vs shell: a site's two patterns side by side in the site page, indexed. */
static void
test_site_core_shell (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autoptr(IscProject) project = isc_project_new ();
  IscCondition *condition = isc_project_add_condition (project, ISC_DEMO_SAED_CONDITION, 300);
  IscSite *site = isc_condition_add_site (condition, ISC_DEMO_SAED_SITE, 30, "< 30 nm");
  GtkWidget *page;
  GtkWindow *window;
  const char *phases[] = { "layered ", "rocksalt " };
  int w, h;
  g_autofree guint32 *px = NULL;

  g_assert_true (isc_demo_write_saed (dir, NULL, NULL));
  isc_demo_saed_attach (project, dir);
  page = isc_site_page_new ();
  window = isc_test_show_in_window (page, 1024, 700);
  isc_site_page_set_site (ISC_SITE_PAGE (page), "300 cycles · R1", NULL, NULL, NULL);
  isc_site_page_set_patterns (ISC_SITE_PAGE (page), site);
  isc_site_page_show_diffraction (ISC_SITE_PAGE (page), TRUE);
  for (guint k = 0; k < 2; k++)
    {
      IscSaedPage *pattern = isc_site_page_get_pattern (ISC_SITE_PAGE (page), k);
      const IscSaedResult *res;

      wait_analysed (pattern);
      res = isc_saed_page_get_result (pattern);
      g_assert_nonnull (res);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (pattern)));
      for (guint i = 0; i < res->rings->len; i++)
        {
          g_autofree char *label = isc_saed_page_dup_ring_label (pattern, i);

          g_assert_nonnull (label);
          g_assert_true (g_str_has_prefix (label, phases[k]));
        }
    }
  px = isc_test_snapshot_cairo (page, &w, &h, "saed-site.png");
  g_assert_cmpuint (isc_test_count_color (px, w, h, ORANGE, 40), >, 10);
  /* side by side: the shell to the right of the core */
  {
    graphene_point_t a = { 0, 0 }, b = { 0, 0 };

    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (isc_site_page_get_pattern (ISC_SITE_PAGE (page), 1)),
                                             GTK_WIDGET (isc_site_page_get_pattern (ISC_SITE_PAGE (page), 0)), &b, &a));
    g_test_message ("b at %g,%g of a", a.x, a.y);
    g_assert_cmpfloat (a.x, >, 200);
  }

  /* a site without patterns hides the button and goes back to the views */
  {
    IscSite *other = isc_condition_add_site (condition, "R2", 100, "~100 nm");

    isc_site_page_set_patterns (ISC_SITE_PAGE (page), other);
    g_assert_null (isc_saed_page_get_result (isc_site_page_get_pattern (ISC_SITE_PAGE (page), 0)));
  }
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/saed-page/shell-pattern", test_shell_pattern);
  g_test_add_func ("/saed-page/au-standard", test_au_standard);
  g_test_add_func ("/saed-page/dispose-while-busy", test_dispose_while_busy);
  g_test_add_func ("/saed-page/site-core-shell", test_site_core_shell);
  return g_test_run ();
}
