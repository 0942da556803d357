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

static void
isc_page_real_export_figure (IscPage *self)
{
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
