/* isc-window-register.c: a fit made in the site page's Register mode is kept with its site, so
 * the next project save stores it (project-registration.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "isc-window-private.h"
#include "project-registration.h"

static void
site_registered_cb (IscSitePage               *page,
                    const char                *condition_name,
                    const char                *label,
                    const IscSiteRegistration *registration,
                    IscWindow                 *self)
{
  IscCondition *condition;
  IscSite *site;

  if (self->project == NULL)
    return;
  /* A save in progress reads the project in a worker: no edits until it is written (the
   * sidebar is insensitive meanwhile). */
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->site_browser)))
    {
      isc_window_show_banner (self, ISC_BANNER_ERROR,
                              _("The registration was not kept: the project is being saved. Fit again."));
      return;
    }
  condition = isc_project_find_condition (self->project, condition_name);
  site = condition != NULL ? isc_condition_find_site (condition, label) : NULL;
  if (site == NULL)
    return;
  isc_site_set_registration (site, isc_site_registration_copy (registration));
  _isc_window_project_changed (self);
}

void
_isc_window_register_init (IscWindow *self)
{
  g_signal_connect (self->site_page, "registered", G_CALLBACK (site_registered_cb), self);
}
