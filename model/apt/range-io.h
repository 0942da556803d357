/* range-io.h: reading .rrng, .rng (ORNL, with the IVAS polyatomic extension) and .env range
 * files, and writing .rrng.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "range-set.h"

G_BEGIN_DECLS

/* Each parser takes the whole file text (any line endings, optional UTF-8 BOM) and names
 * @path and the line in its errors. Windows are inclusive; overlapping windows are refused,
 * identical duplicates merged, windows that only share a boundary accepted. */
IscRangeSet *isc_range_set_parse_rrng (const char  *path,
                                       const char  *text,
                                       gsize        len,
                                       GError     **error);
IscRangeSet *isc_range_set_parse_rng  (const char  *path,
                                       const char  *text,
                                       gsize        len,
                                       GError     **error);
IscRangeSet *isc_range_set_parse_env  (const char  *path,
                                       const char  *text,
                                       gsize        len,
                                       GError     **error);

/* The .rrng text of @set (caller frees). Reading it back gives the same ranges and the ion types
 * that have ranges (RRNG cannot hold an ion type without a window). */
char        *isc_range_set_to_rrng    (const IscRangeSet *set);

gboolean     isc_range_set_save_rrng  (const IscRangeSet  *set,
                                       const char         *path,
                                       GError            **error);

/* The format a range file was recognised as: "rrng", "rng" or "env" (static string). */
const char  *isc_range_set_guess_format (const char *path,
                                         const char *text,
                                         gsize       len);

G_END_DECLS
