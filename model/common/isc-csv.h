/* isc-csv.h: writing one field of a delimited table (CSV, TSV) as RFC 4180 reads it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @text to @out, in double quotes (inner quotes doubled) only when it holds
 * @separator, a quote or a line break. */
void isc_csv_append_field (GString    *out,
                           const char *text,
                           char        separator);

G_END_DECLS
