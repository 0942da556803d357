/* gradient-table.h: the site table of a gradient study as CSV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gradient.h"

G_BEGIN_DECLS

/* One row per site, conditions in order and sites by depth:
 *   condition,cycles,site,depth_nm,n,<El>_mean,<El>_std,…
 * for every element of any specimen (sorted by name). '.' decimals, fields with commas or
 * quotes quoted; an unknown value (no specimen, or std of one specimen) is an empty field;
 * n is the largest specimen count of the site over the elements. Free with g_free. */
char *isc_gradient_site_table_csv (IscGradient *gradient);

G_END_DECLS
