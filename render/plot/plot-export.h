/* plot-export.h: writes any cairo drawing to PNG, SVG or PDF, chosen by the file suffix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "figure-options.h"

G_BEGIN_DECLS

/* Draws into (0, 0, width, height) in points. */
typedef void (*IscDrawFunc) (cairo_t  *cr,
                             double    width,
                             double    height,
                             gpointer  user_data);

/* The format follows the suffix of @path (figure-options.h): PNG (with its resolution in a pHYs
 * chunk), TIFF (LZW, resolution tags), SVG or PDF (vector, text as text with embedded fonts).
 * Sizes in points (1/72 in); rasters get ceil (width_pt × dpi / 72) pixels.
 * Errors: ISC_RENDER_ERROR ARGUMENT (unknown suffix, bad size), IO (cannot write). */
gboolean isc_render_export (const char  *path,
                            double       width_pt,
                            double       height_pt,
                            double       dpi,
                            IscDrawFunc  draw,
                            gpointer     user_data,
                            GError     **error);

/* The same with the size and resolution of @options (checked first). */
gboolean isc_render_export_with_options (const char              *path,
                                         const IscFigureOptions  *options,
                                         IscDrawFunc              draw,
                                         gpointer                 user_data,
                                         GError                 **error);

/* Writes an image surface (ARGB32 or RGB24) as TIFF when @path ends in .tif/.tiff, else as PNG,
 * with @dpi stored as its resolution. */
gboolean isc_render_write_raster (cairo_surface_t  *surface,
                                  const char       *path,
                                  double            dpi,
                                  GError          **error);

G_END_DECLS
