/* project-registration.h: a site's correlative registration (its APT data placed on one of its
 * images) as the project holds and stores it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "project.h"
#include "registration.h"

G_BEGIN_DECLS

struct _IscSiteRegistration
{
  char            *image_path;  /* absolute: the site's image the APT data is registered to */
  IscRegistration  transform;
  GArray          *landmarks;   /* IscLandmark, the pairs the transform was fitted to */
  gboolean         refined;     /* TRUE when the correlation refinement moved the fit */
};

IscSiteRegistration *isc_site_registration_new      (const char                *image_path);
void                 isc_site_registration_free     (IscSiteRegistration       *registration);
IscSiteRegistration *isc_site_registration_copy     (const IscSiteRegistration *registration);

/* Gives @registration (may be NULL to clear) to @site, which frees the one it held. */
void                 isc_site_set_registration      (IscSite                   *site,
                                                     IscSiteRegistration       *registration);

/* The stored form: versioned JSON, the image path relative to @base_dir (may be NULL: kept
 * absolute). */
char                *isc_site_registration_to_json  (const IscSiteRegistration *registration,
                                                     const char                *base_dir);
/* NULL with @error (ISC_PROJECT_ERROR) for malformed text or a newer version. */
IscSiteRegistration *isc_site_registration_from_json (const char               *text,
                                                      const char               *base_dir,
                                                      GError                  **error);

/* Called by project-file.c for each site group (an HDF5 hid_t): writes the site's registration
 * as the attribute "registration", or reads it when present (files before it have none). A
 * registered image outside @base_dir is added to @outside (char*, may be NULL) once, as a
 * dataset there would be. */
gboolean             isc_project_registration_write (gint64                     site_group,
                                                     const IscSite             *site,
                                                     const char                *base_dir,
                                                     GError                   **error);
gboolean             isc_project_registration_read  (gint64                     site_group,
                                                     IscSite                   *site,
                                                     const char                *base_dir,
                                                     GPtrArray                 *outside,
                                                     GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscSiteRegistration, isc_site_registration_free)

G_END_DECLS
