/* isc-window-history.c: the pages visited, so that Back and Forward (Alt+Left/Right, the
 * header bar's arrows, the mouse's side buttons) lead the user back to where they were.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Ionscape"

#include "config.h"

#include "isc-window-private.h"

/* Enough for an afternoon's wandering; the oldest pages fall off. */
#define MAX_HISTORY 64

void
_isc_window_history_init (IscWindow *self)
{
  /* Pages are borrowed: they live as long as the content stack. */
  self->history_back = g_ptr_array_new ();
  self->history_forward = g_ptr_array_new ();
}

void
_isc_window_history_page_shown (IscWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->content_stack);

  if (page == self->shown_page)
    return;
  /* The welcome page is where one starts, not a place to go back to. */
  if (!self->navigating && self->shown_page != NULL
      && self->shown_page != GTK_WIDGET (self->welcome_page))
    {
      g_ptr_array_add (self->history_back, self->shown_page);
      if (self->history_back->len > MAX_HISTORY)
        g_ptr_array_remove_index (self->history_back, 0);
      g_ptr_array_set_size (self->history_forward, 0);
    }
  self->shown_page = page;
}

static gboolean
move (IscWindow *self,
      GPtrArray *from,
      GPtrArray *to)
{
  GtkWidget *page;

  if (from->len == 0)
    return FALSE;
  page = g_ptr_array_steal_index (from, from->len - 1);
  if (self->shown_page != NULL && self->shown_page != GTK_WIDGET (self->welcome_page))
    g_ptr_array_add (to, self->shown_page);
  self->navigating = TRUE;
  gtk_stack_set_visible_child (self->content_stack, page);
  self->navigating = FALSE;
  _isc_window_actions_update (self);
  return TRUE;
}

gboolean
_isc_window_go_back (IscWindow *self)
{
  return move (self, self->history_back, self->history_forward);
}

gboolean
_isc_window_go_forward (IscWindow *self)
{
  return move (self, self->history_forward, self->history_back);
}

gboolean
_isc_window_can_go_back (IscWindow *self)
{
  return self->history_back != NULL && self->history_back->len > 0;
}

gboolean
_isc_window_can_go_forward (IscWindow *self)
{
  return self->history_forward != NULL && self->history_forward->len > 0;
}

gboolean
_isc_window_navigate_button (IscWindow *self,
                             guint      button)
{
  /* X11 and Wayland both number the side buttons 8 (back) and 9 (forward). */
  switch (button)
    {
    case 8:
      _isc_window_go_back (self);
      return TRUE;
    case 9:
      _isc_window_go_forward (self);
      return TRUE;
    default:
      return FALSE;
    }
}
