/* isc-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ISC_TYPE_APPLICATION (isc_application_get_type ())
G_DECLARE_FINAL_TYPE (IscApplication, isc_application, ISC, APPLICATION, AdwApplication)

IscApplication *isc_application_new           (void);
GSettings      *isc_application_get_settings  (IscApplication *self);

/* Adds @path at the front of the recent-files list (kept in GSettings, at most 10). */
void            isc_application_add_recent    (IscApplication *self,
                                               const char     *path);

G_END_DECLS
