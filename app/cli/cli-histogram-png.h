/* cli-histogram-png.h: a 2D histogram written as a PNG with its axes, for multihit and
 * detector-map.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "multihit.h"

G_BEGIN_DECLS

/* @tracks: NULL, or GArrays of double pairs (x, y in the histogram's units) drawn as lines. */
gboolean isc_cli_histogram_png (const IscHistogram2D  *histogram,
                                GPtrArray             *tracks,
                                const char            *title,
                                const char            *x_label,
                                const char            *y_label,
                                const char            *path,
                                GError               **error);

G_END_DECLS
