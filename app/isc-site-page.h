/* isc-site-page.h: one site, two microscopes — the ion map of an APT specimen beside the STEM
 * image of the same place (stacked, the map on top, when the page is narrower than 640 px),
 * with scale bars of the same physical length.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "eels-page.h"
#include "isc-page.h"
#include "saed-page.h"

#include "image.h"
#include "ion-cloud.h"
#include "project.h"
#include "range-set.h"

G_BEGIN_DECLS

#define ISC_TYPE_SITE_PAGE (isc_site_page_get_type ())
G_DECLARE_FINAL_TYPE (IscSitePage, isc_site_page, ISC, SITE_PAGE, GtkWidget)

GtkWidget *isc_site_page_new               (void);

/* Shows the site. Takes ownership of @cloud, @ranges and @image; any may be NULL (a site
 * without an image shows the map alone, and the other way round). */
void       isc_site_page_set_site          (IscSitePage *self,
                                            const char  *title,
                                            IscIonCloud *cloud,
                                            IscRangeSet *ranges,
                                            IscImage    *image);

/* Before the site titled @title loads: its names and a copy of its registration for Register
 * mode (the registered image is loaded with it when it is not the site's first image). */
void       isc_site_page_prepare_registration (IscSitePage   *self,
                                               const char    *title,
                                               const IscSite *site);

/* Register mode (the image with the APT map over it, landmarks and Fit) or the two views side
 * by side, as the Register toggle switches them. */
void       isc_site_page_set_register_mode (IscSitePage *self,
                                            gboolean     on);
gboolean   isc_site_page_get_register_mode (IscSitePage *self);
/* Loads the site's first two electron diffraction patterns (core and shell) for the
 * "Diffraction" view, each analysed and indexed in its own worker; the button shows only when
 * the site has one. */
void       isc_site_page_set_patterns      (IscSitePage   *self,
                                            const IscSite *site);
/* Pattern @index (0 or 1) of that view. */
IscSaedPage *isc_site_page_get_pattern     (IscSitePage   *self,
                                            guint          index);
/* Switches to (or from) the diffraction view when the site has patterns. */
void       isc_site_page_show_diffraction  (IscSitePage   *self,
                                            gboolean       show);

/* GTK_ORIENTATION_HORIZONTAL: side by side; VERTICAL: stacked (a narrow page). */
GtkOrientation isc_site_page_get_orientation (IscSitePage *self);

/* The common scale-bar length (nm) of both views, 0 when not both are shown. */
double     isc_site_page_get_scale_bar_nm  (IscSitePage *self);

/* Asks for a file (PDF, SVG or PNG) and writes the site figure there in a worker thread: the
 * ion map as shown (view direction) beside the image (frame, contrast, colour map), with the
 * common scale bar, panel letters a and b (site-figure.h). Errors are shown in a dialog. The
 * "Export Figure…" button in the page's header does the same. */
void       isc_site_page_export_figure     (IscSitePage *self);

/* Starts writing the figure to @path (PDF, SVG or PNG by suffix) in a worker thread, with the
 * depth profile as the last panel when "Depth profile" is ticked (the site needs ranged ions).
 * FALSE with @error when the site lacks a map or an image; the Export Figure button is
 * insensitive until the worker is done. */
gboolean   isc_site_page_write_figure      (IscSitePage  *self,
                                            const char   *path,
                                            GError      **error);
/* Ticks or unticks "Registered overlay": the site's registered APT Li map over the image as a
 * panel before the profile (panel b then shows the registered image, as `ionscape-cli figure
 * --overlay` does). It can be ticked only for a registered site, and ticks itself then. */
void       isc_site_page_set_overlay_panel (IscSitePage  *self,
                                            gboolean      overlay);
gboolean   isc_site_page_get_overlay_possible (IscSitePage *self);

/* Ticks or unticks "Depth profile". */
void       isc_site_page_set_profile_panel (IscSitePage  *self,
                                            gboolean      profile);

/* EELS beside the microscopes: the site's first EELS dataset (NULL when it has none). */
const char  *isc_site_page_find_eels        (const IscSite *site);
/* The EELS file the next isc_site_page_set_site () shows under the EELS toggle (NULL: none;
 * isc_site_page_prepare_registration () sets it from the site). */
void         isc_site_page_set_eels_path    (IscSitePage   *self,
                                             const char    *path);
IscEelsPage *isc_site_page_get_eels_page    (IscSitePage   *self);

G_END_DECLS
