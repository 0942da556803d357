/* isc-window.c: the main window's shell — header bar, folding sidebar with the project's pages,
 * content stack, messages (banner for errors, toasts for the rest), size and recent files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Ionscape"

#include "config.h"

#include <glib/gi18n.h>

#include "isc-dataset-kind.h"
#include "isc-job.h"
#include "isc-window-private.h"

/* More lines than this and the banner says how many it left out. */
#define MAX_BANNER_LINES 8

G_DEFINE_FINAL_TYPE (IscWindow, isc_window, ADW_TYPE_APPLICATION_WINDOW)

static void
rebuild_recent_menu (IscWindow *self)
{
  g_auto(GStrv) recent = NULL;

  g_menu_remove_all (self->recent_section);
  if (self->settings != NULL)
    recent = g_settings_get_strv (self->settings, "recent-files");
  if (recent == NULL || recent[0] == NULL)
    {
      /* An item without an action shows greyed out: the submenu says why it is empty. */
      g_menu_append (self->recent_section, _("No Recent Files"), NULL);
      return;
    }
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *label = g_path_get_basename (recent[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_section, item);
    }
}

/* The application is set after construction (it is not a construct property), so settings —
 * the size to restore, the recent files — are read here rather than in constructed (). */
static void
application_changed_cb (IscWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings = app != NULL ? isc_application_get_settings (ISC_APPLICATION (app)) : NULL;

  if (settings == self->settings)
    return;
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_set_object (&self->settings, settings);
  if (settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   MAX (g_settings_get_int (settings, "window-width"), 360),
                                   MAX (g_settings_get_int (settings, "window-height"), 300));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      g_signal_connect_object (settings, "changed::recent-files", G_CALLBACK (rebuild_recent_menu),
                               self, G_CONNECT_SWAPPED);
    }
  rebuild_recent_menu (self);
}

/* ---- Messages ------------------------------------------------------------------------ */

static void
update_banner_label (IscWindow *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = self->banner_errors->len;

  for (guint i = 0; i < MIN (n, MAX_BANNER_LINES); i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      /* One error reads as a sentence; several as a list, one file per line. */
      if (n > 1)
        g_string_append (text, "• ");
      g_string_append (text, g_ptr_array_index (self->banner_errors, i));
    }
  if (n > MAX_BANNER_LINES)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "… and %u more error",
                                                 "… and %u more errors", n - MAX_BANNER_LINES),
                              n - MAX_BANNER_LINES);
    }
  gtk_label_set_text (self->banner_label, text->str);
}

static void
toast_dismissed_cb (AdwToast  *toast,
                    IscWindow *self)
{
  if (self->toast == toast)
    {
      self->toast = NULL;
      g_clear_pointer (&self->toast_text, g_free);
    }
}

static void
show_toast (IscWindow  *self,
            const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  /* A newer message replaces the one shown rather than queueing behind it. */
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, 0);
  self->toast = toast;
  g_free (self->toast_text);
  self->toast_text = g_strdup (message);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_isc_window_dismiss_messages (IscWindow *self)
{
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
  g_ptr_array_set_size (self->banner_errors, 0);
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
}

/* ---- Sidebar and pages --------------------------------------------------------------- */

static gboolean
project_has_cycler_files (IscProject *project)
{
  if (project == NULL)
    return FALSE;
  for (guint i = 0; i < project->conditions->len; i++)
    if (((IscCondition *) g_ptr_array_index (project->conditions, i))->cycler_files->len > 0)
      return TRUE;
  return FALSE;
}

static GtkWidget *
page_of_row (IscWindow  *self,
             GtkWidget  *row)
{
  if (row == self->overview_row)
    return GTK_WIDGET (self->gradient_view);
  if (row == self->cycling_row)
    return GTK_WIDGET (self->cycling_view);
  if (row == self->batch_row)
    return GTK_WIDGET (self->batch_table);
  if (row == self->image_row)
    return GTK_WIDGET (self->image_page);
  if (row == self->site_row)
    return GTK_WIDGET (self->site_page);
  if (row == self->apt_row)
    return GTK_WIDGET (self->apt_page);
  /* Rows of registered kinds (isc-window-kinds.c) are named after their stack page. */
  if (gtk_widget_get_name (row) != NULL && g_str_has_prefix (gtk_widget_get_name (row), "kind-"))
    return gtk_stack_get_child_by_name (self->content_stack, gtk_widget_get_name (row) + 5);
  return NULL;
}

static GtkWidget *
row_of_page (IscWindow *self,
             GtkWidget *page)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->page_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && page_of_row (self, row) == page)
      return row;
  return NULL;
}

/* The title a row shows ("Overview", "In Situ"): the page's name where the user picks it.
 * Each row of window.ui is an icon and a label. */
static const char *
row_title (GtkWidget *row)
{
  GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  GtkWidget *label = box != NULL ? gtk_widget_get_last_child (box) : NULL;

  return GTK_IS_LABEL (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

/* The header's subtitle names the page shown as its row does ("Overview", "In Situ"). */
static void
update_subtitle (IscWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->content_stack);
  GtkWidget *row = row_of_page (self, page);

  if (page == NULL || page == GTK_WIDGET (self->welcome_page))
    adw_window_title_set_subtitle (self->window_title, NULL);
  else if (row != NULL)
    adw_window_title_set_subtitle (self->window_title, row_title (row));
  else
    adw_window_title_set_subtitle (self->window_title,
                                   gtk_stack_page_get_title (gtk_stack_get_page (self->content_stack, page)));
}

void
_isc_window_update_page_rows (IscWindow *self)
{
  const IscImage *image = isc_image_view_get_image (isc_image_page_get_view (self->image_page));

  gtk_widget_set_visible (self->overview_row, self->project != NULL);
  gtk_widget_set_visible (self->cycling_row,
                          isc_cycling_view_get_n_cells (self->cycling_view) > 0
                          || project_has_cycler_files (self->project));
  gtk_widget_set_visible (self->batch_row, self->project != NULL && self->project->batch != NULL);
  gtk_widget_set_visible (self->image_row, image != NULL);
  /* A series of frames is the in situ experiment; a single frame is a STEM image. */
  gtk_label_set_text (self->image_row_label, image != NULL && image->frames > 1 ? _("In Situ") : _("Image"));
  gtk_widget_set_visible (self->site_row, self->site_shown);
  gtk_widget_set_visible (self->apt_row, isc_apt_page_get_cloud (self->apt_page) != NULL);
  update_subtitle (self);
}

static void
load_project_cyclers (IscWindow *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  /* Conditions often share one cell's file: each file becomes one cell. */
  for (guint i = 0; i < self->project->conditions->len; i++)
    {
      IscCondition *condition = g_ptr_array_index (self->project->conditions, i);

      for (guint j = 0; j < condition->cycler_files->len; j++)
        {
          IscDataset *dataset = g_ptr_array_index (condition->cycler_files, j);

          if (g_hash_table_add (seen, dataset->path))
            _isc_window_open_cycler (self, dataset->path);
        }
    }
}

static void
page_row_activated_cb (IscWindow     *self,
                       GtkListBoxRow *row)
{
  GtkWidget *page = page_of_row (self, GTK_WIDGET (row));

  if (page == NULL)
    return;
  /* The project's cells load the first time their page is asked for. */
  if (page == GTK_WIDGET (self->cycling_view) && isc_cycling_view_get_n_cells (self->cycling_view) == 0
      && project_has_cycler_files (self->project))
    {
      load_project_cyclers (self);
      return;
    }
  gtk_stack_set_visible_child (self->content_stack, page);
}

static void
visible_child_changed_cb (IscWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->content_stack);
  GtkWidget *row = row_of_page (self, page);

  if (page == NULL)
    return;
  _isc_window_history_page_shown (self);
  _isc_window_update_page_rows (self);
  if (row != NULL)
    gtk_list_box_select_row (self->page_list, GTK_LIST_BOX_ROW (row));
  else
    gtk_list_box_unselect_all (self->page_list);
  /* A folded sidebar covers the page: once the user has picked something, it gets out of the way. */
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
  _isc_window_actions_update (self);
}

/* A folded sidebar slid out of sight is out of the window: a screen reader must not read it
 * (nor count its buttons as sticking out to the left). */
static void
flap_state_changed_cb (IscWindow *self)
{
  gboolean hidden = adw_flap_get_folded (self->flap) && !adw_flap_get_reveal_flap (self->flap);

  gtk_accessible_update_state (GTK_ACCESSIBLE (self->sidebar_box), GTK_ACCESSIBLE_STATE_HIDDEN, hidden, -1);
}

/* ---- Window -------------------------------------------------------------------------- */

static void
mouse_button_pressed_cb (GtkGestureClick *gesture,
                         int              n_press,
                         double           x,
                         double           y,
                         IscWindow       *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  if (_isc_window_navigate_button (self, button))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static gboolean
isc_window_close_request (GtkWindow *window)
{
  IscWindow *self = ISC_WINDOW (window);
  int width, height;

  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);

  if (self->settings != NULL)
    {
      /* The default size follows the user's resizing but not maximising: it is the size to
       * come back to when the window is restored. */
      gtk_window_get_default_size (window, &width, &height);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (isc_window_parent_class)->close_request (window);
}

static void
isc_window_dispose (GObject *object)
{
  IscWindow *self = ISC_WINDOW (object);

  /* GtkWindow lets go of the application after this: nothing to reread then. */
  g_signal_handlers_disconnect_by_func (self, application_changed_cb, NULL);
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  _isc_window_jobs_clear (self);
  g_clear_object (&self->job_cancellable);
  g_clear_object (&self->chooser);
  /* Pages go away below: no more page-change callbacks into a half-disposed window. */
  if (self->content_stack != NULL)
    g_signal_handlers_disconnect_by_data (self->content_stack, self);
  /* The sidebar borrows the project: let go of it before freeing. */
  if (self->site_browser != NULL)
    isc_site_browser_set_project (self->site_browser, NULL);
  if (self->gradient_view != NULL)
    isc_gradient_view_set_project (self->gradient_view, NULL);
  if (self->toast != NULL)
    g_signal_handlers_disconnect_by_data (self->toast, self);
  self->toast = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), ISC_TYPE_WINDOW);
  g_clear_pointer (&self->toast_text, g_free);
  g_clear_pointer (&self->project, isc_project_free);
  if (self->outside_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->outside_dialog)));
  g_clear_pointer (&self->outside_project, isc_project_free);
  g_clear_pointer (&self->outside_allowed, g_hash_table_unref);
  g_clear_pointer (&self->pending_site, g_free);
  g_clear_pointer (&self->pending_ranges, g_free);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (isc_window_parent_class)->dispose (object);
}

static void
isc_window_finalize (GObject *object)
{
  IscWindow *self = ISC_WINDOW (object);

  g_clear_pointer (&self->banner_errors, g_ptr_array_unref);
  g_clear_pointer (&self->history_back, g_ptr_array_unref);
  g_clear_pointer (&self->history_forward, g_ptr_array_unref);
  g_mutex_clear (&self->progress_lock);

  G_OBJECT_CLASS (isc_window_parent_class)->finalize (object);
}

static void
isc_window_class_init (IscWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = isc_window_dispose;
  object_class->finalize = isc_window_finalize;
  window_class->close_request = isc_window_close_request;

  /* The pages of the template. */
  g_type_ensure (ISC_TYPE_APT_PAGE);
  g_type_ensure (ISC_TYPE_SITE_PAGE);
  g_type_ensure (ISC_TYPE_IMAGE_PAGE);
  g_type_ensure (ISC_TYPE_GRADIENT_VIEW);
  g_type_ensure (ISC_TYPE_CYCLING_VIEW);
  g_type_ensure (ISC_TYPE_SITE_BROWSER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ionscape/Ionscape/ui/window.ui");
  gtk_widget_class_bind_template_child (widget_class, IscWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, banner_box);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, banner_close_button);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, page_list);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, overview_row);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, cycling_row);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, batch_row);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, image_row);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, image_row_label);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, site_row);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, apt_row);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, sidebar_hint);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, site_browser);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, apt_page);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, cycling_view);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, batch_table);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, image_page);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, site_page);
  gtk_widget_class_bind_template_child (widget_class, IscWindow, gradient_view);

  gtk_widget_class_bind_template_callback (widget_class, page_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, flap_state_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, visible_child_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, _isc_window_dataset_activated);
  gtk_widget_class_bind_template_callback (widget_class, _isc_window_open_site);
  gtk_widget_class_bind_template_callback (widget_class, _isc_window_project_changed);
  gtk_widget_class_bind_template_callback (widget_class, _isc_window_ranges_edited);
  gtk_widget_class_bind_template_callback (widget_class, _isc_window_actions_update);
  gtk_widget_class_bind_template_callback (widget_class, _isc_window_columns_requested);

  _isc_window_class_actions_init (klass);
}

static void
isc_window_init (IscWindow *self)
{
  GtkGesture *click;

  g_mutex_init (&self->progress_lock);
  g_queue_init (&self->jobs);
  self->banner_errors = g_ptr_array_new_with_free_func (g_free);
  _isc_window_history_init (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);
  rebuild_recent_menu (self);

  _isc_window_dnd_init (self);
  _isc_window_register_init (self);

  /* The mouse's back and forward buttons, wherever the pointer is in the window. */
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (mouse_button_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  _isc_window_update_page_rows (self);
  _isc_window_actions_update (self);
}

IscWindow *
isc_window_new (IscApplication *app)
{
  return g_object_new (ISC_TYPE_WINDOW, "application", app, NULL);
}

void
isc_window_show_banner (IscWindow     *self,
                        IscBannerKind  kind,
                        const char    *message)
{
  g_return_if_fail (ISC_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  if (kind != ISC_BANNER_ERROR)
    {
      show_toast (self, message);
      return;
    }
  /* Errors stay until dismissed, and collect: opening five bad files lists five errors. */
  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    g_ptr_array_set_size (self->banner_errors, 0);
  for (guint i = 0; i < self->banner_errors->len; i++)
    if (g_str_equal (g_ptr_array_index (self->banner_errors, i), message))
      return;
  g_ptr_array_add (self->banner_errors, g_strdup (message));
  update_banner_label (self);
  gtk_widget_add_css_class (self->banner_box, "error");
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

const char *
isc_window_get_banner_text (IscWindow *self)
{
  g_return_val_if_fail (ISC_IS_WINDOW (self), NULL);

  if (gtk_revealer_get_reveal_child (self->banner_revealer))
    return gtk_label_get_text (self->banner_label);
  return self->toast_text;
}

void
isc_window_open_file (IscWindow *self,
                      GFile     *file)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  IscDatasetKind kind;

  g_return_if_fail (ISC_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  path = g_file_get_path (file);

  if (path != NULL && _isc_window_is_project_name (name))
    {
      _isc_window_open_project (self, path);
      return;
    }
  /* The registry of kinds tells what the file is (by its suffix, and its first bytes where
   * several kinds share one); isc-window-kinds.c opens it in its page. */
  if (path == NULL || !isc_dataset_kind_guess (path, &kind))
    {
      g_autofree char *message = _isc_window_describe_unknown (name);

      isc_window_show_banner (self, ISC_BANNER_ERROR, message);
      return;
    }
  _isc_window_open_kind (self, kind, path);
}

void
isc_window_show_tutorial (IscWindow *self)
{
  g_return_if_fail (ISC_IS_WINDOW (self));

  _isc_window_show_tutorial (self);
}

void
isc_window_set_pending_site (IscWindow  *self,
                             const char *spec)
{
  g_return_if_fail (ISC_IS_WINDOW (self));

  g_free (self->pending_site);
  self->pending_site = g_strdup (spec);
}
