/* isc-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "isc-application.h"

G_BEGIN_DECLS

#define ISC_TYPE_WINDOW (isc_window_get_type ())
G_DECLARE_FINAL_TYPE (IscWindow, isc_window, ISC, WINDOW, AdwApplicationWindow)

typedef enum
{
  ISC_BANNER_INFO,
  ISC_BANNER_ERROR,
} IscBannerKind;

IscWindow    *isc_window_new            (IscApplication *app);

/* Opens any file Ionscape knows by its name; unknown or not-yet-readable files get a banner. */
void          isc_window_open_file      (IscWindow      *self,
                                         GFile          *file);

/* In-window message (never a modal dialog). Errors go to the banner, which lists every error
 * not yet dismissed, one per line; information goes to a toast. */
void          isc_window_show_banner    (IscWindow      *self,
                                         IscBannerKind   kind,
                                         const char     *message);
/* The message shown: the banner's lines, else the toast's text; NULL when neither shows. */
const char   *isc_window_get_banner_text (IscWindow     *self);

/* Long work: shows a progress bar with a Cancel button bound to the returned cancellable.
 * isc_window_job_progress may be called from any thread. */
GCancellable *isc_window_job_begin      (IscWindow      *self,
                                         const char     *label);
void          isc_window_job_progress   (double          fraction,
                                         gpointer        window);
void          isc_window_job_end        (IscWindow      *self);
gboolean      isc_window_job_is_running (IscWindow      *self);
/* Ends the job only if @cancellable is still the current job's (a newer job may run). */
void          isc_window_job_end_if     (IscWindow      *self,
                                         GCancellable   *cancellable);

void          isc_window_show_tutorial  (IscWindow      *self);

/* Shows the site "CONDITION/LABEL" (e.g. "300 cycles/R1") of the next project opened. */
void          isc_window_set_pending_site (IscWindow    *self,
                                           const char   *spec);

G_END_DECLS
