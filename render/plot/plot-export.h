/* plot-export.h: writes any cairo drawing to PNG, SVG or PDF, chosen by the file suffix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Draws into (0, 0, width, height) in points. */
typedef void (*IscDrawFunc) (cairo_t  *cr,
                             double    width,
                             double    height,
                             gpointer  user_data);

/* Sizes in points (1/72 in). PNG gets width_pt × dpi / 72 pixels; SVG and PDF are vector.
 * Errors: ISC_RENDER_ERROR ARGUMENT (unknown suffix, bad size), IO (cannot write). */
gboolean isc_render_export (const char  *path,
                            double       width_pt,
                            double       height_pt,
                            double       dpi,
                            IscDrawFunc  draw,
                            gpointer     user_data,
                            GError     **error);

G_END_DECLS
