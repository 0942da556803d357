/* test-app-shell.c: the window's shell — the project's pages in the sidebar and Back/Forward
 * through the pages visited, Open Recent and the window size kept in settings, every error of
 * several files shown, the Open dialog's filters, actions enabled from the page shown,
 * accessible names of icon-only buttons, and the layout at 1024×700 and 1280×800 (light and
 * dark, English and German with --german), with screenshots in the build folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "demo.h"
#include "isc-application.h"
#include "isc-window-private.h"
#include "project-file.h"
#include "test-gtk-util.h"
#include "test-util.h"

static IscApplication *app;
static char *demo_project;   /* written once by main () */
static gboolean german;

static void
wait_for_job (IscWindow *window)
{
  do
    g_main_context_iteration (NULL, TRUE);
  while (window->job_cancellable != NULL);
}

static void
settle (void)
{
  /* Let size allocation and the flap's folding (a frame or two) happen. */
  for (guint i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
  g_usleep (20000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static IscWindow *
new_window_sized (int width,
                  int height)
{
  GSettings *settings = isc_application_get_settings (app);
  IscWindow *window;

  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  window = isc_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static IscWindow *
new_window (void)
{
  return new_window_sized (1280, 800);
}

static void
open_path (IscWindow  *window,
           const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  isc_window_open_file (window, file);
  wait_for_job (window);
}

/* DIR/needle.pos (30 Li, 10 NiO, 5 unranged ions) and DIR/needle.rrng beside it. */
static char *
write_small_dataset (const char *dir,
                     const char *stem)
{
  float ions[45][4];
  g_autofree char *pos_name = g_strconcat (stem, ".pos", NULL);
  g_autofree char *rrng_name = g_strconcat (stem, ".rrng", NULL);
  char *pos = g_build_filename (dir, pos_name, NULL);
  g_autofree char *rrng = g_build_filename (dir, rrng_name, NULL);
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

/* DIR/small.ionscape: one condition, site R1 with a specimen and an image. */
static char *
write_small_project (const char *dir)
{
  g_autofree char *pos = write_small_dataset (dir, "needle");
  g_autofree char *rrng = g_build_filename (dir, "needle.rrng", NULL);
  g_autofree char *tif = isc_test_write_tiff (dir, "fringes.tif", 64, 48, 0.01);
  char *path = g_build_filename (dir, "small.ionscape", NULL);
  g_autoptr(IscProject) project = isc_project_new ();
  g_autoptr(GError) error = NULL;
  IscCondition *condition = isc_project_add_condition (project, "100 cycles", 100);
  IscSite *site = isc_condition_add_site (condition, "R1", 50, "< 100 nm");

  isc_dataset_set_range_path (isc_site_add_dataset (site, ISC_DATASET_APT, pos), rrng);
  isc_site_add_dataset (site, ISC_DATASET_STEM, tif);
  g_assert_true (isc_project_save (project, path, &error));
  g_assert_no_error (error);
  return path;
}

static void
activate_site (IscWindow  *window,
               const char *label)
{
  for (guint row = 0; row < isc_site_browser_get_n_rows (window->site_browser); row++)
    {
      g_autofree char *text = isc_site_browser_get_row_text (window->site_browser, row);

      if (g_str_has_prefix (text, label))
        {
          isc_site_browser_activate_row (window->site_browser, row);
          wait_for_job (window);
          return;
        }
    }
  g_error ("no site %s in the sidebar", label);
}

static GtkWidget *
visible_page (IscWindow *window)
{
  return gtk_stack_get_visible_child (window->content_stack);
}

/* A button in the header bar wired to @action: its sensitivity is the action's enabled state,
 * read from GTK's own action muxer. */
static GtkWidget *
action_probe (IscWindow  *window,
              const char *action)
{
  GtkWidget *button = gtk_button_new_with_label ("probe");

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  adw_header_bar_pack_end (window->header_bar, button);
  return button;
}

static gboolean
has_binding (GtkWidget  *widget,
             const char *trigger,
             const char *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (trigger);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *shortcut_action = gtk_shortcut_get_action (shortcut);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted)
              && GTK_IS_NAMED_ACTION (shortcut_action)
              && g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (shortcut_action)), action))
            return TRUE;
        }
    }
  return FALSE;
}

/* ---- Pages and history ----------------------------------------------------------------- */

static void
test_project_pages_and_history (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = write_small_project (dir);
  IscWindow *window = new_window ();
  GtkWidget *back = action_probe (window, "win.go-back");
  GtkWidget *forward = action_probe (window, "win.go-forward");

  /* Nothing visited yet: nowhere to go back to, and no project pages. */
  g_assert_false (gtk_widget_get_sensitive (back));
  g_assert_false (gtk_widget_get_visible (window->overview_row));

  open_path (window, path);
  g_assert_true (visible_page (window) == GTK_WIDGET (window->gradient_view));
  g_assert_true (gtk_widget_get_visible (window->overview_row));
  g_assert_true (gtk_list_box_get_selected_row (window->page_list) == GTK_LIST_BOX_ROW (window->overview_row));
  /* The header names the project and the page, as the sidebar does. */
  g_assert_cmpstr (adw_window_title_get_title (window->window_title), ==, "small.ionscape");
  g_assert_cmpstr (adw_window_title_get_subtitle (window->window_title), ==, _("Overview"));

  /* A site opens; the sidebar now offers it, and the overview is one click away. */
  activate_site (window, "R1");
  g_assert_true (visible_page (window) == GTK_WIDGET (window->site_page));
  g_assert_true (gtk_widget_get_visible (window->site_row));
  g_assert_true (gtk_widget_get_sensitive (back));
  g_assert_false (gtk_widget_get_sensitive (forward));

  g_signal_emit_by_name (window->page_list, "row-activated", window->overview_row);
  g_assert_true (visible_page (window) == GTK_WIDGET (window->gradient_view));

  /* Back and forward through the pages visited: the action (Alt+Left/Right), and the mouse's
   * side buttons through the gesture's handler. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL);
  g_assert_true (visible_page (window) == GTK_WIDGET (window->site_page));
  g_assert_true (gtk_widget_get_sensitive (forward));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-forward", NULL);
  g_assert_true (visible_page (window) == GTK_WIDGET (window->gradient_view));
  g_assert_false (gtk_widget_get_sensitive (forward));
  g_assert_true (_isc_window_navigate_button (window, 8));
  g_assert_true (visible_page (window) == GTK_WIDGET (window->site_page));
  g_assert_true (_isc_window_navigate_button (window, 9));
  g_assert_true (visible_page (window) == GTK_WIDGET (window->gradient_view));
  g_assert_false (_isc_window_navigate_button (window, 1));
  g_assert_true (visible_page (window) == GTK_WIDGET (window->gradient_view));

  /* Back twice from the overview: site, then the overview it came from; the welcome page is
   * not a place to go back to. */
  g_assert_true (_isc_window_go_back (window));
  g_assert_true (_isc_window_go_back (window));
  g_assert_true (visible_page (window) == GTK_WIDGET (window->gradient_view));
  g_assert_false (_isc_window_go_back (window));
  g_assert_false (gtk_widget_get_sensitive (back));

  /* The keys. */
  g_assert_true (has_binding (GTK_WIDGET (window), "<Alt>Left", "win.go-back"));
  g_assert_true (has_binding (GTK_WIDGET (window), "<Alt>Right", "win.go-forward"));
  g_assert_true (has_binding (GTK_WIDGET (window), "F9", "win.toggle-sidebar"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The APT page names the specimen's condition and site, not only its file (every site of a
 * project has a specimen-1.pos); a file outside any project shows its name alone. */
static void
test_apt_title_names_site (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = write_small_project (dir);
  g_autofree char *pos = g_build_filename (dir, "needle.pos", NULL);
  g_autofree char *other_dir = isc_test_make_tmpdir ();
  g_autofree char *other = write_small_dataset (other_dir, "loose");
  IscWindow *window = new_window ();

  open_path (window, path);
  open_path (window, pos);
  g_assert_true (visible_page (window) == GTK_WIDGET (window->apt_page));
  g_assert_cmpstr (isc_apt_page_get_title (window->apt_page), ==, "100 cycles · R1 · needle.pos");
  open_path (window, other);
  g_assert_cmpstr (isc_apt_page_get_title (window->apt_page), ==, "loose.pos");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- Actions follow the page ------------------------------------------------------------ */

static void
test_actions_follow_page (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = write_small_project (dir);
  IscWindow *window = new_window ();
  GtkWidget *export = action_probe (window, "win.export-figure");
  GtkWidget *save = action_probe (window, "win.save-project");
  GtkWidget *cancel = action_probe (window, "win.cancel");

  /* The welcome page has no figure and there is no project. */
  g_assert_false (gtk_widget_get_sensitive (export));
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_false (gtk_widget_get_sensitive (cancel));

  open_path (window, path);
  /* The gradient's worker writes into the project: Save waits for it. */
  while (isc_gradient_view_get_busy (window->gradient_view))
    {
      g_assert_false (gtk_widget_get_sensitive (save));
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (gtk_widget_get_sensitive (save));
  g_assert_true (gtk_widget_get_sensitive (export));
  g_assert_false (gtk_widget_get_sensitive (cancel));

  /* An empty page: the cycling view without cells exports nothing. */
  gtk_stack_set_visible_child (window->content_stack, GTK_WIDGET (window->cycling_view));
  g_assert_false (gtk_widget_get_sensitive (export));
  gtk_stack_set_visible_child (window->content_stack, GTK_WIDGET (window->gradient_view));
  g_assert_true (gtk_widget_get_sensitive (export));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- Settings: recent files, size ------------------------------------------------------- */

static guint
recent_items (IscWindow *window,
              char     **first_target)
{
  GMenuModel *menu = G_MENU_MODEL (window->recent_section);
  guint n = 0;

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                                          G_VARIANT_TYPE_STRING);

      if (target == NULL)
        continue;
      if (n++ == 0 && first_target != NULL)
        *first_target = g_variant_dup_string (target, NULL);
    }
  return n;
}

static void
test_recent_menu (void)
{
  GSettings *settings = isc_application_get_settings (app);
  const char *paths[] = { "/data/a.pos", "/data/b.ionscape", NULL };
  g_autofree char *first = NULL;
  IscWindow *window;

  /* The paths remembered by an earlier session are in the submenu of a new window. */
  g_settings_set_strv (settings, "recent-files", paths);
  window = new_window ();
  g_assert_cmpuint (recent_items (window, &first), ==, 2);
  g_assert_cmpstr (first, ==, "/data/a.pos");
  g_clear_pointer (&first, g_free);

  /* A file opened now comes first. */
  isc_application_add_recent (app, "/data/c.tif");
  g_assert_cmpuint (recent_items (window, &first), ==, 3);
  g_assert_cmpstr (first, ==, "/data/c.tif");

  /* None: one greyed-out line says so. */
  g_settings_set_strv (settings, "recent-files", NULL);
  g_assert_cmpuint (recent_items (window, NULL), ==, 0);
  g_assert_cmpint (g_menu_model_get_n_items (G_MENU_MODEL (window->recent_section)), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_size_kept (void)
{
  GSettings *settings = isc_application_get_settings (app);
  IscWindow *window = new_window_sized (1100, 720);
  int width, height;

  /* Restored from the settings ... */
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1100);
  g_assert_cmpint (height, ==, 720);

  /* ... and saved on close. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1180);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 760);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* Maximised last time: maximised again, and closing keeps the size to restore to. */
  g_settings_set_boolean (settings, "window-maximized", TRUE);
  window = isc_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_window_is_maximized (GTK_WINDOW (window)));
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (g_settings_get_boolean (settings, "window-maximized"));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1180);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
}

/* ---- Errors ----------------------------------------------------------------------------- */

static void
test_every_error_shown (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *bad_pos = g_build_filename (dir, "first.pos", NULL);
  g_autofree char *bad_tif = g_build_filename (dir, "second.tif", NULL);
  g_autofree char *bad_rrng = g_build_filename (dir, "both.rrng", NULL);
  g_autofree char *both_pos = g_build_filename (dir, "both.pos", NULL);
  g_autofree char *good_pos = write_small_dataset (dir, "good");
  g_autofree char *good_rrng = g_build_filename (dir, "good.rrng", NULL);
  g_autoptr(GFile) first = g_file_new_for_path (bad_pos);
  g_autoptr(GFile) second = g_file_new_for_path (bad_tif);
  IscWindow *window = new_window ();
  const char *banner;

  isc_test_write_file (bad_pos, "0123456789", 10);
  isc_test_write_file (bad_tif, "not a tiff", 10);

  /* Two bad files opened together: both named, one line each. */
  isc_window_open_file (window, first);
  isc_window_open_file (window, second);
  wait_for_job (window);
  wait_for_job (window);
  banner = isc_window_get_banner_text (window);
  g_assert_nonnull (banner);
  g_assert_nonnull (strstr (banner, "first.pos"));
  g_assert_nonnull (strstr (banner, "second.tif"));
  g_assert_nonnull (strchr (banner, '\n'));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-banner", NULL);
  g_assert_null (isc_window_get_banner_text (window));

  /* A broken .pos with a broken .rrng beside it: the range error does not hide the data's. */
  isc_test_write_file (both_pos, "0123456789", 10);
  isc_test_write_file (bad_rrng, "[Ions]\nNumber=zwei\n", 20);
  open_path (window, both_pos);
  banner = isc_window_get_banner_text (window);
  g_assert_nonnull (banner);
  g_assert_nonnull (strstr (banner, "both.pos"));
  g_assert_nonnull (strstr (banner, "both.rrng"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-banner", NULL);

  /* Good data with a broken .rrng: the data shows, unranged, and the range file's error too. */
  isc_test_write_file (good_rrng, "[Ions]\nNumber=zwei\n", 20);
  open_path (window, good_pos);
  g_assert_true (visible_page (window) == GTK_WIDGET (window->apt_page));
  g_assert_nonnull (isc_apt_page_get_cloud (window->apt_page));
  banner = isc_window_get_banner_text (window);
  g_assert_nonnull (banner);
  g_assert_nonnull (strstr (banner, "good.rrng"));

  /* Information is a toast, not the error banner. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-banner", NULL);
  isc_window_show_banner (window, ISC_BANNER_INFO, "Saved somewhere");
  g_assert_false (gtk_revealer_get_reveal_child (window->banner_revealer));
  g_assert_cmpstr (isc_window_get_banner_text (window), ==, "Saved somewhere");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- Open dialog ------------------------------------------------------------------------ */

static gboolean
filter_matches (GtkFileFilter *filter,
                const char    *name)
{
  g_autoptr(GFileInfo) info = g_file_info_new ();

  g_file_info_set_display_name (info, name);
  g_file_info_set_name (info, name);
  return gtk_filter_match (GTK_FILTER (filter), info);
}

static void
test_open_dialog_filters (void)
{
  IscWindow *window = new_window ();
  g_autoptr(GListModel) filters = NULL;
  g_autoptr(GtkFileFilter) first = NULL;
  GtkFileChooser *chooser;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL);
  g_assert_nonnull (window->chooser);
  chooser = GTK_FILE_CHOOSER (window->chooser);
  filters = gtk_file_chooser_get_filters (chooser);
  g_assert_cmpuint (g_list_model_get_n_items (filters), >=, 2);
  first = g_list_model_get_item (filters, 0);
  g_assert_cmpstr (gtk_file_filter_get_name (first), ==, _("All supported files"));
  g_assert_true (gtk_file_chooser_get_filter (chooser) == first);
  g_assert_true (filter_matches (first, "specimen.pos"));
  g_assert_true (filter_matches (first, "SPECIMEN.POS"));
  g_assert_true (filter_matches (first, "ranges.rrng"));
  g_assert_true (filter_matches (first, "image.dm4"));
  g_assert_true (filter_matches (first, "demo.ionscape"));
  g_assert_false (filter_matches (first, "notes.docx"));
  gtk_native_dialog_hide (GTK_NATIVE_DIALOG (window->chooser));
  g_clear_object (&window->chooser);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- Accessible names ------------------------------------------------------------------- */

static gboolean
has_text_label (GtkWidget *button)
{
  for (GtkWidget *child = gtk_widget_get_first_child (button); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if ((GTK_IS_LABEL (child) && gtk_label_get_text (GTK_LABEL (child))[0] != '\0') || has_text_label (child))
      return TRUE;
  return FALSE;
}

static void
collect_unnamed (GtkWidget *widget,
                 GString   *unnamed,
                 guint     *n_checked)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gboolean control = GTK_IS_BUTTON (child) || GTK_IS_MENU_BUTTON (child) || GTK_IS_TREE_EXPANDER (child);

      if (!gtk_widget_get_mapped (child))
        continue;
      /* A menu button's inner toggle is named through the menu button. */
      if (GTK_IS_TOGGLE_BUTTON (child) && GTK_IS_MENU_BUTTON (widget))
        control = FALSE;
      if (control)
        {
          (*n_checked)++;
          if (!has_text_label (child)
              && !gtk_test_accessible_has_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL))
            g_string_append_printf (unnamed, " %s(%s)", G_OBJECT_TYPE_NAME (child),
                                    gtk_widget_get_tooltip_text (child) != NULL ? gtk_widget_get_tooltip_text (child) : "");
        }
      collect_unnamed (child, unnamed, n_checked);
    }
}

static void
test_accessible_names (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = write_small_project (dir);
  g_autoptr(GString) unnamed = g_string_new (NULL);
  IscWindow *window = new_window ();
  guint n_checked = 0;

  open_path (window, path);
  /* The condition row is open: its expander and the site's (with its edit button) show. */
  isc_window_show_banner (window, ISC_BANNER_ERROR, "An error to show the banner's close button");
  settle ();
  collect_unnamed (window->header_bar != NULL ? GTK_WIDGET (window->header_bar) : NULL, unnamed, &n_checked);
  collect_unnamed (GTK_WIDGET (window->sidebar_box), unnamed, &n_checked);
  collect_unnamed (GTK_WIDGET (window->banner_box), unnamed, &n_checked);
  g_test_message ("%u controls checked", n_checked);
  /* Header bar 8 (3 of them the window's own), banner 1, sidebar: 2 expanders, 1 edit button. */
  g_assert_cmpuint (n_checked, >=, 12);
  if (unnamed->len > 0)
    g_error ("icon-only controls without an accessible name:%s", unnamed->str);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- Layout ----------------------------------------------------------------------------- */

static void
collect_outside (GtkWidget             *root,
                 GtkWidget             *widget,
                 const graphene_rect_t *frame,
                 GString               *outside)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_get_mapped (child) || GTK_IS_POPOVER (child) || GTK_IS_NATIVE (child))
        continue;
      if (gtk_widget_compute_bounds (child, root, &bounds)
          && (bounds.origin.x < frame->origin.x - 1 || bounds.origin.y < frame->origin.y - 1
              || bounds.origin.x + bounds.size.width > frame->origin.x + frame->size.width + 1
              || bounds.origin.y + bounds.size.height > frame->origin.y + frame->size.height + 1))
        g_string_append_printf (outside, "\n  %s at %.0f,%.0f size %.0f×%.0f", G_OBJECT_TYPE_NAME (child),
                                bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
      /* A scrolled window's content is meant to be larger than what shows. */
      if (!GTK_IS_SCROLLED_WINDOW (child) && !GTK_IS_VIEWPORT (child))
        collect_outside (root, child, frame, outside);
    }
}

/* The shell's own parts (header bar, sidebar, banners, the page area) and every page's
 * controls must lie inside the window, and no page may make the window grow past its size. */
static void
check_layout (IscWindow  *window,
              int         width,
              int         height,
              const char *what,
              const char *scheme)
{
  g_autoptr(GString) shell_outside = g_string_new (NULL);
  g_autoptr(GString) page_outside = g_string_new (NULL);
  g_autofree char *png = g_strdup_printf ("shell-%s-%dx%d-%s-%s.png", what, width, height,
                                          german ? "de" : "en", scheme);
  g_autofree guint32 *pixels = NULL;
  GtkWidget *content;
  GtkWidget *page;
  graphene_rect_t frame, bounds;
  int shot_width, shot_height;

  settle ();
  content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  g_assert_true (gtk_widget_compute_bounds (content, GTK_WIDGET (window), &frame));
  pixels = isc_test_snapshot (GTK_WIDGET (window), &shot_width, &shot_height, png);
  g_assert_nonnull (pixels);
  page = visible_page (window);
  if (frame.size.width > width || frame.size.height > height)
    {
      int page_min_width, page_min_height;

      /* The window grew past the screen: the shell's own floor is 800 px of page (the sidebar
       * folds below that), so a wider page minimum is the page's to fix. */
      gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &page_min_width, NULL, NULL, NULL);
      gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, -1, &page_min_height, NULL, NULL, NULL);
      g_error ("%s at %d×%d: %s needs %d×%d px, the window grew to %.0f×%.0f", what, width, height,
               G_OBJECT_TYPE_NAME (page), page_min_width, page_min_height, frame.size.width,
               frame.size.height);
    }

  collect_outside (GTK_WIDGET (window), GTK_WIDGET (window->header_bar), &frame, shell_outside);
  collect_outside (GTK_WIDGET (window), GTK_WIDGET (window->banner_revealer), &frame, shell_outside);
  if (gtk_widget_get_mapped (GTK_WIDGET (window->sidebar_box)))
    collect_outside (GTK_WIDGET (window), GTK_WIDGET (window->sidebar_box), &frame, shell_outside);
  /* The page itself gets no more than the window. */
  g_assert_true (gtk_widget_compute_bounds (page, GTK_WIDGET (window), &bounds));
  if (bounds.origin.x < frame.origin.x - 1 || bounds.origin.x + bounds.size.width > frame.origin.x + frame.size.width + 1)
    g_string_append_printf (shell_outside, "\n  page %s at %.0f size %.0f", G_OBJECT_TYPE_NAME (page),
                            bounds.origin.x, bounds.size.width);
  if (shell_outside->len > 0)
    g_error ("%s at %d×%d (content %.0f×%.0f): the window's parts stick out:%s", what, width, height,
             frame.size.width, frame.size.height, shell_outside->str);

  collect_outside (GTK_WIDGET (window), page, &frame, page_outside);
  if (page_outside->len > 0)
    g_error ("%s at %d×%d: %s sticks out of the window:%s", what, width, height,
             G_OBJECT_TYPE_NAME (page), page_outside->str);
}

static void
test_layout (gconstpointer data)
{
  const int *size = data;
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *small = write_small_project (dir);
  const AdwColorScheme schemes[] = { ADW_COLOR_SCHEME_FORCE_LIGHT, ADW_COLOR_SCHEME_FORCE_DARK };

  for (guint s = 0; s < G_N_ELEMENTS (schemes); s++)
    {
      const char *scheme = s == 0 ? "light" : "dark";
      IscWindow *window;

      adw_style_manager_set_color_scheme (style, schemes[s]);
      window = new_window_sized (size[0], size[1]);
      check_layout (window, size[0], size[1], "welcome", scheme);
      /* At 1024 px the sidebar folds over the page; at 1280 px both fit side by side. Folded
       * away, it is hidden from screen readers too. */
      g_assert_cmpint (adw_flap_get_folded (window->flap), ==, size[0] < 1100);
      if (adw_flap_get_folded (window->flap))
        gtk_test_accessible_assert_state (window->sidebar_box, GTK_ACCESSIBLE_STATE_HIDDEN, TRUE);

      open_path (window, demo_project != NULL ? demo_project : small);
      g_assert_null (isc_window_get_banner_text (window));
      check_layout (window, size[0], size[1], "overview", scheme);

      activate_site (window, demo_project != NULL ? "R1 · 30" : "R1");
      g_assert_true (visible_page (window) == GTK_WIDGET (window->site_page));
      check_layout (window, size[0], size[1], "site", scheme);

      if (demo_project != NULL)
        {
          g_autofree char *demo_dir = g_path_get_dirname (demo_project);
          g_autofree char *specimen = g_build_filename (demo_dir, "apt", "300cycles_R1", "specimen-1.pos", NULL);
          g_autofree char *stem = g_build_filename (demo_dir, "stem", "300cycles_R1.tif", NULL);
          g_autofree char *series = g_build_filename (demo_dir, "insitu", "ncm622-heating.tif", NULL);

          /* The cycling cells, the specimen with a cylinder and its analysis, a STEM image and
           * the in situ series: every page a user reaches from the demo. */
          g_signal_emit_by_name (window->page_list, "row-activated", window->cycling_row);
          wait_for_job (window);
          g_assert_true (visible_page (window) == GTK_WIDGET (window->cycling_view));
          check_layout (window, size[0], size[1], "cycling", scheme);

          open_path (window, specimen);
          g_assert_true (visible_page (window) == GTK_WIDGET (window->apt_page));
          isc_apt_page_add_cylinder (window->apt_page);
          isc_apt_page_show_tab (window->apt_page, "analysis");
          check_layout (window, size[0], size[1], "apt-analysis", scheme);

          open_path (window, stem);
          g_assert_true (visible_page (window) == GTK_WIDGET (window->image_page));
          check_layout (window, size[0], size[1], "stem", scheme);

          open_path (window, series);
          g_assert_true (visible_page (window) == GTK_WIDGET (window->image_page));
          g_assert_cmpstr (gtk_label_get_text (window->image_row_label), ==, _("In Situ"));
          g_assert_cmpstr (adw_window_title_get_subtitle (window->window_title), ==, _("In Situ"));
          check_layout (window, size[0], size[1], "in-situ", scheme);
          g_assert_null (strstr (isc_window_get_banner_text (window) != NULL ? isc_window_get_banner_text (window) : "",
                                 "rror"));

          /* Every page visited is one step back. */
          g_assert_true (_isc_window_go_back (window));
          g_assert_true (visible_page (window) == GTK_WIDGET (window->apt_page));
        }

      /* Folded, the toggle still reaches the sidebar, and picking a page folds it away. */
      g_assert_cmpint (adw_flap_get_reveal_flap (window->flap), ==, !adw_flap_get_folded (window->flap));
      if (!adw_flap_get_reveal_flap (window->flap))
        gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-sidebar", NULL);
      g_assert_true (adw_flap_get_reveal_flap (window->flap));
      gtk_test_accessible_assert_state (window->sidebar_box, GTK_ACCESSIBLE_STATE_HIDDEN, FALSE);
      g_signal_emit_by_name (window->page_list, "row-activated", window->overview_row);
      g_assert_true (visible_page (window) == GTK_WIDGET (window->gradient_view));
      if (adw_flap_get_folded (window->flap))
        {
          g_assert_false (adw_flap_get_reveal_flap (window->flap));
          gtk_test_accessible_assert_state (window->sidebar_box, GTK_ACCESSIBLE_STATE_HIDDEN, TRUE);
        }
      gtk_window_destroy (GTK_WINDOW (window));
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* The demo's Cycling page: its cells load the first time the page is asked for. */
static void
test_cycling_page (void)
{
  IscWindow *window;

  if (demo_project == NULL)
    {
      g_test_skip ("the demo project could not be written");
      return;
    }
  window = new_window ();
  open_path (window, demo_project);
  g_assert_true (gtk_widget_get_visible (window->cycling_row));
  g_assert_cmpuint (isc_cycling_view_get_n_cells (window->cycling_view), ==, 0);
  g_signal_emit_by_name (window->page_list, "row-activated", window->cycling_row);
  wait_for_job (window);
  g_assert_null (isc_window_get_banner_text (window));
  g_assert_true (visible_page (window) == GTK_WIDGET (window->cycling_view));
  /* Three conditions name the same cell: it is loaded once. */
  g_assert_cmpuint (isc_cycling_view_get_n_cells (window->cycling_view), ==, 1);
  g_assert_true (gtk_list_box_get_selected_row (window->page_list) == GTK_LIST_BOX_ROW (window->cycling_row));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The Style menu's setting drives libadwaita's style manager; About is libadwaita's. */
static void
test_style_and_about (void)
{
  GSettings *settings = isc_application_get_settings (app);
  AdwStyleManager *style = adw_application_get_style_manager (ADW_APPLICATION (app));
  GListModel *toplevels = gtk_window_get_toplevels ();
  IscWindow *window = new_window ();
  GtkWindow *about = NULL;

  g_settings_set_string (settings, "color-scheme", "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  g_settings_set_string (settings, "color-scheme", "light");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (style));
  g_settings_set_string (settings, "color-scheme", "default");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel))
        about = toplevel;
    }
  g_assert_nonnull (about);
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));
  gtk_window_destroy (about);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  IscWindow *window;
  guint      n;
} ProgressFlood;

static gpointer
flood_progress (gpointer data)
{
  ProgressFlood *flood = data;

  for (guint i = 1; i <= flood->n; i++)
    isc_window_job_progress ((double) i / flood->n, flood->window);
  return NULL;
}

/* A worker reporting progress ten thousand times leaves one idle pending, not ten thousand,
 * and the bar shows the last fraction. */
static void
test_progress_coalesced (void)
{
  IscWindow *window = new_window ();
  ProgressFlood flood = { window, 10000 };
  g_autoptr(GCancellable) cancellable = isc_window_job_begin (window, "flood");
  GThread *thread;
  guint pending;

  g_assert_cmpuint (window->progress_source, ==, 0);
  thread = g_thread_new ("flood", flood_progress, &flood);
  g_thread_join (thread);
  pending = window->progress_source;
  g_assert_cmpuint (pending, !=, 0);
  g_assert_cmpuint (g_queue_get_length (&window->jobs), ==, 0);
  while (window->progress_source != 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (window->progress_bar), 1.0, 1e-9);
  isc_window_job_end_if (window, cancellable);
  g_assert_false (isc_window_job_is_running (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_welcome_page (void)
{
  IscWindow *window = new_window ();

  /* The welcome page leads to everything a new user needs, the tutorial included. */
  g_assert_true (ADW_IS_STATUS_PAGE (visible_page (window)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->welcome_page)));
  g_assert_cmpstr (adw_status_page_get_title (window->welcome_page), ==, _("Welcome to Ionscape"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  static const int small_size[] = { 1024, 700 };
  static const int laptop_size[] = { 1280, 800 };
  g_autofree char *cache = NULL;
  int status;

  german = argc > 1 && g_str_equal (argv[argc - 1], "--german");
  if (german)
    argc--;
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

  g_test_init (&argc, &argv, NULL);
  /* The test context keeps accessible properties without an accessibility bus, so that the
   * names a screen reader would read can be checked. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  cache = isc_test_make_tmpdir ();
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
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

  /* The demo project, as a user sees it: written once for the layout cases. */
  {
    g_autofree char *dir = g_build_filename (cache, "demo", NULL);
    g_autoptr(GError) error = NULL;

    if (isc_demo_write (dir, NULL, NULL, NULL, &error))
      demo_project = g_build_filename (dir, "demo.ionscape", NULL);
    else
      g_printerr ("# demo not written (%s): the layout uses a small project\n", error->message);
  }

  g_test_add_data_func ("/shell/layout-1024x700", small_size, test_layout);
  g_test_add_data_func ("/shell/layout-1280x800", laptop_size, test_layout);
  if (!german)
    {
      g_test_add_func ("/shell/welcome-page", test_welcome_page);
      g_test_add_func ("/shell/project-pages-and-history", test_project_pages_and_history);
      g_test_add_func ("/shell/apt-title-names-site", test_apt_title_names_site);
      g_test_add_func ("/shell/cycling-page", test_cycling_page);
      g_test_add_func ("/shell/style-and-about", test_style_and_about);
      g_test_add_func ("/shell/progress-coalesced", test_progress_coalesced);
      g_test_add_func ("/shell/actions-follow-page", test_actions_follow_page);
      g_test_add_func ("/shell/recent-menu", test_recent_menu);
      g_test_add_func ("/shell/window-size-kept", test_window_size_kept);
      g_test_add_func ("/shell/every-error-shown", test_every_error_shown);
      g_test_add_func ("/shell/open-dialog-filters", test_open_dialog_filters);
      g_test_add_func ("/shell/accessible-names", test_accessible_names);
    }

  status = g_test_run ();
  g_clear_object (&app);
  g_free (demo_project);
  return status;
}
