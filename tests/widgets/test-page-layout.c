/* test-page-layout.c: the STEM image page (profile and FFT), the in situ page (core/shell),
 * the cycling view, the site page and the APT page's spatial tab fit the content area the window leaves them on a laptop
 * (≈ 740 × 620 at 1024×700 with the sidebar folded, ≈ 1000 × 720 at 1280×800), in English and
 * German: every visible control lies inside the window, nothing scrolls sideways. The
 * screenshots are written to the build folder for a person to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "core-shell-panel.h"
#include "eels-page.h"
#include "cycling-view.h"
#include "demo-apt.h"
#include "demo-cycling.h"
#include "demo-eels.h"
#include "demo-insitu.h"
#include "demo-saed.h"
#include "demo-sites.h"
#include "demo-stem.h"
#include "fft-panel.h"
#include "image-page.h"
#include "isc-apt-page.h"
#include "isc-site-page.h"
#include "saed-page.h"
#include "test-gtk-util.h"
#include "test-util.h"

static const struct { int width, height; } sizes[] = { { 740, 620 }, { 1000, 720 } };

static void
settle (GtkWidget *widget)
{
  for (int i = 0; i < 4; i++)
    {
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      gtk_test_widget_wait_for_draw (widget);
    }
}

/* "de" or "en" for the strings made from now on (gettext reads LANGUAGE on every call). */
static void
use_language (gconstpointer data)
{
  g_setenv ("LANGUAGE", data, TRUE);
}

static gboolean
is_control (GtkWidget *w)
{
  return GTK_IS_BUTTON (w) || GTK_IS_MENU_BUTTON (w) || GTK_IS_SPIN_BUTTON (w) || GTK_IS_DROP_DOWN (w)
         || GTK_IS_CHECK_BUTTON (w) || GTK_IS_SCALE (w) || GTK_IS_ENTRY (w) || GTK_IS_LABEL (w);
}

static const char *
describe (GtkWidget *w)
{
  static char text[256];
  const char *label = GTK_IS_LABEL (w) ? gtk_label_get_text (GTK_LABEL (w))
                      : GTK_IS_BUTTON (w) ? gtk_button_get_label (GTK_BUTTON (w)) : NULL;

  g_snprintf (text, sizeof text, "%s “%s” (%s)", G_OBJECT_TYPE_NAME (w), label != NULL ? label : "",
              gtk_widget_get_tooltip_text (w) != NULL ? gtk_widget_get_tooltip_text (w) : "");
  return text;
}

/* Every mapped control lies inside the window's width (and, outside a vertical scroller, its
 * height); no scrolled window needs to scroll sideways. */
static void
check_inside (GtkWidget *widget,
              GtkWidget *root,
              gboolean   in_scroller,
              guint     *n_checked)
{
  int rw = gtk_widget_get_width (root), rh = gtk_widget_get_height (root);

  if (!gtk_widget_get_mapped (widget) || GTK_IS_POPOVER (widget))
    return;
  if (GTK_IS_SCROLLED_WINDOW (widget))
    {
      GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (widget));

      if (gtk_adjustment_get_upper (h) - gtk_adjustment_get_lower (h) > gtk_adjustment_get_page_size (h) + 1)
        g_error ("a scrolled window scrolls sideways: %.0f px of content in %.0f px",
                 gtk_adjustment_get_upper (h) - gtk_adjustment_get_lower (h), gtk_adjustment_get_page_size (h));
      in_scroller = TRUE;
    }
  if (is_control (widget) && gtk_widget_get_width (widget) > 0)
    {
      graphene_rect_t b;

      g_assert_true (gtk_widget_compute_bounds (widget, root, &b));
      if (b.origin.x < -0.5 || b.origin.x + b.size.width > rw + 0.5)
        g_error ("%s runs from x = %.0f to %.0f, outside the window's width %d", describe (widget),
                 b.origin.x, b.origin.x + b.size.width, rw);
      if (!in_scroller && (b.origin.y < -0.5 || b.origin.y + b.size.height > rh + 0.5))
        g_error ("%s runs from y = %.0f to %.0f, outside the window's height %d", describe (widget),
                 b.origin.y, b.origin.y + b.size.height, rh);
      /* nor cut off by a container that gave it less room than it drew in */
      for (GtkWidget *a = gtk_widget_get_parent (widget); a != NULL && a != root; a = gtk_widget_get_parent (a))
        {
          graphene_rect_t in_a;
          gboolean scrolls = GTK_IS_VIEWPORT (a) || GTK_IS_SCROLLED_WINDOW (a);

          if (GTK_IS_SCROLLED_WINDOW (a) || GTK_IS_VIEWPORT (a) || GTK_IS_SPIN_BUTTON (a))
            {
              if (scrolls)
                break;   /* scrolled content is clipped on purpose, vertically */
              continue;
            }
          g_assert_true (gtk_widget_compute_bounds (widget, a, &in_a));
          if (in_a.origin.x < -1 || in_a.origin.y < -1
              || in_a.origin.x + in_a.size.width > gtk_widget_get_width (a) + 1
              || in_a.origin.y + in_a.size.height > gtk_widget_get_height (a) + 1)
            g_error ("%s is cut off by its container %s (%.0f,%.0f %.0f×%.0f in %d×%d)", describe (widget),
                     G_OBJECT_TYPE_NAME (a), in_a.origin.x, in_a.origin.y, in_a.size.width, in_a.size.height,
                     gtk_widget_get_width (a), gtk_widget_get_height (a));
        }
      (*n_checked)++;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    check_inside (c, root, in_scroller, n_checked);
}

/* Icon-only buttons say what they do: a tooltip (GTK reads it as their description) and a name. */
static void
check_named (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  {
  GtkWidget *parent = gtk_widget_get_parent (widget);

  /* the inner buttons of spin buttons, drop-downs and menu buttons are named by their owner */
  if ((GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget)) && !GTK_IS_SPIN_BUTTON (parent)
      && !GTK_IS_DROP_DOWN (parent) && !GTK_IS_MENU_BUTTON (parent))
    {
      const char *label = GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget))
                                                 : gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));

      if ((label == NULL || *label == '\0') && gtk_widget_get_tooltip_text (widget) == NULL)
        g_error ("%s has neither a label nor a tooltip", describe (widget));
    }
  }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    check_named (c);
}

static void
collect_controls (GtkWidget *widget,
                  GPtrArray *out)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if ((GTK_IS_BUTTON (widget) && !GTK_IS_SPIN_BUTTON (gtk_widget_get_parent (widget))
       && !GTK_IS_DROP_DOWN (gtk_widget_get_parent (widget)) && !GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget)))
      || GTK_IS_MENU_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_CHECK_BUTTON (widget))
    {
      if (gtk_widget_get_sensitive (widget))
        g_ptr_array_add (out, widget);
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_controls (c, out);
}

/* One walk of 300 Tab presses from the window's start; the first control of @controls that
 * focus never reached, or NULL. */
static GtkWidget *
first_unreached (GPtrArray *controls,
                 GtkWindow *window)
{
  g_autoptr(GHashTable) reached = g_hash_table_new (NULL, NULL);

  gtk_window_set_focus (window, NULL);
  for (int i = 0; i < 300; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        gtk_window_set_focus (window, NULL);
      for (focus = gtk_root_get_focus (GTK_ROOT (window)); focus != NULL; focus = gtk_widget_get_parent (focus))
        g_hash_table_add (reached, focus);
    }
  for (guint i = 0; i < controls->len; i++)
    if (!g_hash_table_contains (reached, controls->pdata[i]))
      return controls->pdata[i];
  return NULL;
}

/* Tab from the window's start reaches every sensitive button, toggle and drop-down of the page
 * (the keyboard path to each action), also through the wrapping toolbars. */
static void
check_tab_order (GtkWidget *page,
                 GtkWindow *window)
{
  GtkWidget *missed = NULL;

  /* A result delivered while the window was drawn may map controls that are laid out only in
   * the next frame, and focus skips what has no place yet: on a busy machine that can take a
   * few frames, so the walk is repeated from a drawn window before a control counts as lost. */
  for (int attempt = 0; attempt < 5; attempt++)
    {
      g_autoptr(GPtrArray) controls = g_ptr_array_new ();

      settle (GTK_WIDGET (window));
      collect_controls (page, controls);
      missed = first_unreached (controls, window);
      if (missed == NULL)
        return;
    }
  g_error ("Tab never reaches %s", describe (missed));
}

static void
check_page (GtkWidget  *page,
            GtkWindow  *window,
            const char *name,
            int         width)
{
  g_autofree char *png = g_strdup_printf ("layout-%s-%s-%d.png", name,
                                          g_strcmp0 (g_getenv ("LANGUAGE"), "de") == 0 ? "de" : "en", width);
  guint n = 0;
  int w, h;

  settle (GTK_WIDGET (window));
  g_free (isc_test_snapshot (GTK_WIDGET (window), &w, &h, png));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, width);
  check_inside (page, GTK_WIDGET (window), FALSE, &n);
  check_named (page);
  check_tab_order (page, window);
  g_test_message ("%s at %d px: %u controls inside", name, width, n);
  g_assert_cmpuint (n, >, 5);
}

static void
wait_until_idle (IscImagePage *page)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  IscFftPanel *fft = isc_image_page_get_fft_panel (page);
  IscCoreShellPanel *cs = isc_image_page_get_core_shell_panel (page);

  while ((isc_fft_panel_is_busy (fft) || isc_core_shell_panel_is_running (cs)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (isc_fft_panel_is_busy (fft));
}

static void
test_stem_page (gconstpointer data)
{

  use_language (data);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      GtkWidget *page = isc_image_page_new ();
      GtkWindow *window = isc_test_show_in_window (page, sizes[s].width, sizes[s].height);
      const IscDemoSite *sites = isc_demo_sites_get (NULL);
      IscImageView *view = isc_image_page_get_view (ISC_IMAGE_PAGE (page));

      isc_image_page_set_image (ISC_IMAGE_PAGE (page), isc_demo_stem_image (&sites[3], 3));
      isc_image_view_set_tool (view, ISC_IMAGE_TOOL_LINE);
      isc_image_view_set_line (view, 10, 10, 60, 40);
      wait_until_idle (ISC_IMAGE_PAGE (page));
      check_page (page, window, "stem", sizes[s].width);
      gtk_window_destroy (window);
    }
}

static void
test_insitu_page (gconstpointer data)
{

  use_language (data);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      GtkWidget *page = isc_image_page_new ();
      GtkWindow *window = isc_test_show_in_window (page, sizes[s].width, sizes[s].height);
      IscCoreShellPanel *cs = isc_image_page_get_core_shell_panel (ISC_IMAGE_PAGE (page));

      isc_image_page_set_image (ISC_IMAGE_PAGE (page), isc_demo_insitu_series ());
      isc_core_shell_panel_set_temperatures (cs, ISC_DEMO_INSITU_T_START, ISC_DEMO_INSITU_T_STEP);
      wait_until_idle (ISC_IMAGE_PAGE (page));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (cs)));
      check_page (page, window, "insitu", sizes[s].width);
      gtk_window_destroy (window);
    }
}

static IscCyclingData *
load_demo (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, "cycling", name, NULL);
  g_autoptr(GError) error = NULL;
  IscCyclingData *data = isc_cycling_load (path, ISC_CYCLER_AUTO, NULL, &error);

  g_assert_no_error (error);
  return data;
}

static void
columns_requested (void)
{
}

static void
test_cycling_view (gconstpointer data)
{
  g_autofree char *dir = isc_test_make_tmpdir ();

  g_assert_true (isc_demo_write_cycling (dir, NULL, NULL));
  use_language (data);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      GtkWidget *view = isc_cycling_view_new ();
      GtkWindow *window = isc_test_show_in_window (view, sizes[s].width, sizes[s].height);

      isc_cycling_view_add_cell (ISC_CYCLING_VIEW (view), "TS-NCM", load_demo (dir, "TS-NCM-half-cell.csv"));
      isc_cycling_view_add_cell (ISC_CYCLING_VIEW (view), "R-NCM", load_demo (dir, "R-NCM-half-cell.csv"));
      g_signal_connect (view, "columns-requested", G_CALLBACK (columns_requested), NULL);
      check_page (view, window, "cycling", sizes[s].width);
      gtk_window_destroy (window);
    }
}

static gboolean
eels_idle (gpointer page)
{
  return !isc_dataset_page_is_busy (ISC_DATASET_PAGE (page));
}

/* The EELS page with the demo's line scan: spectrum, edge table, survey and profile. */
static void
test_eels_page (gconstpointer data)
{
  use_language (data);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      GtkWidget *page = isc_eels_page_new ();
      GtkWindow *window = isc_test_show_in_window (page, sizes[s].width, sizes[s].height);

      isc_eels_page_set_data (ISC_EELS_PAGE (page), isc_demo_eels_line_scan ());
      isc_eels_page_set_survey (ISC_EELS_PAGE (page), isc_demo_eels_survey ());
      g_assert_true (isc_test_wait_until (eels_idle, page, 60));
      check_page (page, window, "eels", sizes[s].width);
      gtk_window_destroy (window);
    }
}

static void
test_site_page (gconstpointer data)
{
  const IscDemoSite *sites = isc_demo_sites_get (NULL);

  use_language (data);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      GtkWidget *page = isc_site_page_new ();
      GtkWindow *window = isc_test_show_in_window (page, sizes[s].width, sizes[s].height);

      isc_site_page_set_site (ISC_SITE_PAGE (page), "300 cycles · R1 · specimen-1.pos",
                              isc_demo_apt_specimen (6, 0), isc_demo_apt_ranges (),
                              isc_demo_stem_image (&sites[6], 6));
      check_page (page, window, "site", sizes[s].width);
      gtk_window_destroy (window);
    }
}

/* The electron diffraction page with the demo's shell pattern analysed (rings in the table). */
static void
test_saed_page (gconstpointer data)
{
  use_language (data);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      GtkWidget *page = isc_saed_page_new ();
      GtkWindow *window = isc_test_show_in_window (page, sizes[s].width, sizes[s].height);

      isc_saed_page_set_image (ISC_SAED_PAGE (page), isc_demo_saed_image (TRUE), "shell");
      g_assert_true (isc_test_wait_for_signal (page, "analysed", 60));
      check_page (page, window, "saed", sizes[s].width);
      gtk_window_destroy (window);
    }
}

/* The APT page with its Spatial tab in front and every section open, on the demo specimen
 * with Li along lines (surfaces, clusters and plots all filled in). */
static gboolean
spatial_idle (gpointer panel)
{
  return !isc_spatial_panel_is_busy (panel);
}

static void
test_apt_spatial (gconstpointer data)
{
  guint n_sites = 0, site = 0;

  use_language (data);
  isc_demo_sites_get (&n_sites);
  while (site < n_sites && !isc_demo_apt_has_line_defects (site))
    site++;
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      GtkWidget *page = isc_apt_page_new ();
      GtkWindow *window = isc_test_show_in_window (page, sizes[s].width, sizes[s].height);
      IscIonCloud *cloud = isc_demo_apt_specimen (site, 0);
      IscRangeSet *ranges = isc_demo_apt_ranges ();
      IscSpatialPanel *panel = isc_apt_page_get_spatial_panel (ISC_APT_PAGE (page));
      const char *expanders[] = { "iso_expander", "cluster_expander", "nn_expander" };

      g_assert_true (isc_range_set_apply (ranges, cloud, NULL, NULL, NULL, NULL));
      isc_apt_page_set_data (ISC_APT_PAGE (page), cloud, ranges,
                             isc_composition_compute (cloud, ranges, NULL, NULL, NULL));
      isc_apt_page_show_tab (ISC_APT_PAGE (page), "spatial");
      g_assert_cmpstr (isc_apt_page_get_tab (ISC_APT_PAGE (page)), ==, "spatial");
      for (guint e = 0; e < G_N_ELEMENTS (expanders); e++)
        gtk_expander_set_expanded (GTK_EXPANDER (isc_test_get_widget (GTK_WIDGET (panel), GTK_TYPE_EXPANDER,
                                                                      expanders[e])), TRUE);
      g_assert_true (isc_test_wait_until (spatial_idle, panel, 120));
      g_assert_nonnull (isc_spatial_panel_get_results (panel).clusters);
      /* The tab's scrolled window: the panel scrolls vertically in it, never sideways. The page
       * as a whole is not walked with Tab here: its map and region editor are other tests'. */
      {
        GtkWidget *tab = gtk_widget_get_ancestor (GTK_WIDGET (panel), GTK_TYPE_SCROLLED_WINDOW);
        g_autofree char *png = g_strdup_printf ("layout-apt-spatial-%s-%d.png", (const char *) data, sizes[s].width);
        guint n = 0;
        int w, h;

        settle (GTK_WIDGET (window));
        g_free (isc_test_snapshot (GTK_WIDGET (window), &w, &h, png));
        int spatial_min = 0, analysis_min = 0;

        /* The tab never widens the page: it needs no more than the Analysis tab beside it
         * (whose width, with the species list's, sets the page's at 740 px in German). */
        gtk_widget_measure (tab, GTK_ORIENTATION_HORIZONTAL, -1, &spatial_min, NULL, NULL, NULL);
        gtk_widget_measure (gtk_widget_get_ancestor (GTK_WIDGET (isc_apt_page_get_analysis_panel (ISC_APT_PAGE (page))),
                                                     GTK_TYPE_SCROLLED_WINDOW),
                            GTK_ORIENTATION_HORIZONTAL, -1, &analysis_min, NULL, NULL, NULL);
        g_test_message ("spatial tab %d px, analysis tab %d px, window %d px", spatial_min, analysis_min,
                        gtk_widget_get_width (GTK_WIDGET (window)));
        g_assert_cmpint (spatial_min, <=, analysis_min);
        check_inside (tab, GTK_WIDGET (window), FALSE, &n);
        check_named (tab);
        g_assert_cmpuint (n, >, 30);
      }
      gtk_window_destroy (window);
    }
  /* Tab reaches every control of the panel (alone, as wide as the page gives it at 740 px). */
  {
    GtkWidget *panel = isc_spatial_panel_new ();
    GtkWindow *window = isc_test_show_in_window (panel, 400, 620);
    const char *expanders[] = { "iso_expander", "cluster_expander", "nn_expander" };

    for (guint e = 0; e < G_N_ELEMENTS (expanders); e++)
      gtk_expander_set_expanded (GTK_EXPANDER (isc_test_get_widget (panel, GTK_TYPE_EXPANDER, expanders[e])), TRUE);
    settle (GTK_WIDGET (window));
    check_tab_order (panel, window);
    gtk_window_destroy (window);
  }
}

/* Narrower still (a half-screen window): the map and the image stack rather than squeeze. */
static void
test_site_page_narrow (gconstpointer data)
{
  const IscDemoSite *sites = isc_demo_sites_get (NULL);
  GtkWidget *page = isc_site_page_new ();
  GtkWindow *window = isc_test_show_in_window (page, 560, 700);

  use_language (data);
  isc_site_page_set_site (ISC_SITE_PAGE (page), "300 cycles · R1 · specimen-1.pos",
                          isc_demo_apt_specimen (6, 0), isc_demo_apt_ranges (),
                          isc_demo_stem_image (&sites[6], 6));
  settle (GTK_WIDGET (window));
  g_assert_cmpint (isc_site_page_get_orientation (ISC_SITE_PAGE (page)), ==, GTK_ORIENTATION_VERTICAL);
  check_page (page, window, "site-stacked", 560);
  gtk_window_set_default_size (window, 1000, 700);
  settle (GTK_WIDGET (window));
  g_assert_cmpint (isc_site_page_get_orientation (ISC_SITE_PAGE (page)), ==, GTK_ORIENTATION_HORIZONTAL);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  /* C.UTF-8 rather than C: gettext ignores LANGUAGE only under the plain C locale. */
  setlocale (LC_ALL, "C.UTF-8");
  if (g_getenv ("IONSCAPE_LOCALEDIR") != NULL)
    bindtextdomain (GETTEXT_PACKAGE, g_getenv ("IONSCAPE_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  for (guint l = 0; l < 2; l++)
    {
      const char *lang = l == 0 ? "en" : "de";
      g_autofree char *stem = g_strdup_printf ("/page-layout/%s/stem", lang);
      g_autofree char *insitu = g_strdup_printf ("/page-layout/%s/insitu", lang);
      g_autofree char *cycling = g_strdup_printf ("/page-layout/%s/cycling", lang);
      g_autofree char *site = g_strdup_printf ("/page-layout/%s/site", lang);
      g_autofree char *spatial = g_strdup_printf ("/page-layout/%s/apt-spatial", lang);
      g_autofree char *eels = g_strdup_printf ("/page-layout/%s/eels", lang);

      g_test_add_data_func (stem, lang, test_stem_page);
      g_test_add_data_func (insitu, lang, test_insitu_page);
      g_test_add_data_func (cycling, lang, test_cycling_view);
      g_test_add_data_func (site, lang, test_site_page);
      g_test_add_data_func (spatial, lang, test_apt_spatial);
      g_test_add_data_func (eels, lang, test_eels_page);
      {
        g_autofree char *saed = g_strdup_printf ("/page-layout/%s/saed", lang);

        g_test_add_data_func (saed, lang, test_saed_page);
      }
      if (l == 0)
        g_test_add_data_func ("/page-layout/en/site-stacked", lang, test_site_page_narrow);
    }
  return g_test_run ();
}
