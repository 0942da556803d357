/* isc-page.c: the IscPage interface (see isc-page.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "isc-page.h"

G_DEFINE_INTERFACE (IscPage, isc_page, GTK_TYPE_WIDGET)

enum { CAPABILITIES_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
isc_page_real_can_export_figure (IscPage *self)
{
  return FALSE;
}

/* What isc_page_set_export_action () stored on a page. */
typedef struct
{
  GWeakRef  target;
  char     *action_name;
} ExportAction;

static void
export_action_free (gpointer data)
{
  ExportAction *export = data;

  g_weak_ref_clear (&export->target);
  g_free (export->action_name);
  g_free (export);
}

static void
isc_page_real_export_figure (IscPage *self)
{
  ExportAction *export = g_object_get_data (G_OBJECT (self), "isc-page-export-action");
  g_autoptr(GtkWidget) target = export != NULL ? g_weak_ref_get (&export->target) : NULL;

  if (target != NULL)
    gtk_widget_activate_action (target, export->action_name, NULL);
}

static void
isc_page_default_init (IscPageInterface *iface)
{
  iface->can_export_figure = isc_page_real_can_export_figure;
  iface->export_figure = isc_page_real_export_figure;

  /**
   * IscPage::capabilities-changed:
   *
   * Emitted when what the page can do may have changed.
   */
  signals[CAPABILITIES_CHANGED] =
    g_signal_new ("capabilities-changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

gboolean
isc_page_can_export_figure (IscPage *self)
{
  g_return_val_if_fail (ISC_IS_PAGE (self), FALSE);

  return ISC_PAGE_GET_IFACE (self)->can_export_figure (self);
}

void
isc_page_export_figure (IscPage *self)
{
  g_return_if_fail (ISC_IS_PAGE (self));

  if (isc_page_can_export_figure (self))
    ISC_PAGE_GET_IFACE (self)->export_figure (self);
}

void
isc_page_capabilities_changed (IscPage *self)
{
  g_return_if_fail (ISC_IS_PAGE (self));

  g_signal_emit (self, signals[CAPABILITIES_CHANGED], 0);
}

void
isc_page_set_export_action (IscPage    *self,
                            GtkWidget  *target,
                            const char *action_name)
{
  ExportAction *export;

  g_return_if_fail (ISC_IS_PAGE (self));
  g_return_if_fail (GTK_IS_WIDGET (target));
  g_return_if_fail (action_name != NULL);

  export = g_new0 (ExportAction, 1);
  g_weak_ref_init (&export->target, target);
  export->action_name = g_strdup (action_name);
  g_object_set_data_full (G_OBJECT (self), "isc-page-export-action", export, export_action_free);
}
