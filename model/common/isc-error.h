/* isc-error.h: error domains and codes shared by every model reader and analysis.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One domain per area, so a caller can tell an APT problem from an image problem. */
#define ISC_APT_ERROR      (isc_apt_error_quark ())
#define ISC_IMAGE_ERROR    (isc_image_error_quark ())
#define ISC_CYCLING_ERROR  (isc_cycling_error_quark ())
#define ISC_PROJECT_ERROR  (isc_project_error_quark ())
#define ISC_RENDER_ERROR   (isc_render_error_quark ())
#define ISC_ANALYSIS_ERROR (isc_analysis_error_quark ())

/* Codes are shared by all domains. */
typedef enum
{
  ISC_ERROR_IO,           /* the file could not be opened, read or written */
  ISC_ERROR_FORMAT,       /* the bytes do not follow the format (truncated, junk, bad header) */
  ISC_ERROR_UNSUPPORTED,  /* a valid file using a feature Ionscape does not read */
  ISC_ERROR_INVALID,      /* well-formed but meaningless content (overlapping ranges, NaN) */
  ISC_ERROR_ARGUMENT,     /* a caller passed parameters that make no sense */
  ISC_ERROR_VERSION,      /* written by a newer Ionscape */
} IscErrorCode;

GQuark isc_apt_error_quark      (void);
GQuark isc_image_error_quark    (void);
GQuark isc_cycling_error_quark  (void);
GQuark isc_project_error_quark  (void);
GQuark isc_render_error_quark   (void);
GQuark isc_analysis_error_quark (void);

/* A short excerpt of @text for an error message: at most @max_chars characters (then "…"),
 * valid UTF-8, control characters shown as "?", so a message stays one line and never carries
 * more of a file than the token that was wrong. Free with g_free. */
char  *isc_error_excerpt         (const char *text,
                                  guint       max_chars);

/* Progress of long work, fraction in [0, 1]. Called from the worker thread: the callee
 * must be thread-safe (the GUI forwards it to the main loop). May be NULL. */
typedef void (*IscProgressFunc) (double   fraction,
                                 gpointer user_data);

G_END_DECLS
