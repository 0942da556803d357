/* gl-export.h: renders the ion map offscreen (framebuffer object) at any size, independent
 * of any widget, optionally annotated with a legend and a scale bar, to an image or PNG.
 * Needs a current GL context (a widget's or isc_gl_headless_new ()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "camera.h"
#include "figure-options.h"
#include "mesh-renderer.h"
#include "point-renderer.h"

/* The pixel scale of a figure's overlays and points: the screen's 11-pixel text becomes
 * @font_pt at @dpi. */
#define ISC_GL_EXPORT_SCREEN_FONT_PX 11.0

G_BEGIN_DECLS

typedef struct
{
  int      width;       /* px */
  int      height;      /* px */
  gboolean legend;
  gboolean scale_bar;
  /* FALSE (the default): white, as a figure for paper, whatever the screen shows;
   * TRUE: the renderer's own background (a dark screen's, say). */
  gboolean keep_background;
  /* A figure for paper (dpi > 0): the width × height pixels are printed at @dpi, and points,
   * axis triad, legend, scale bar and their margins are sized in points from @font_pt (0: 8 pt),
   * as on a screen whose 11-pixel text is @font_pt: they look the same at any resolution.
   * With dpi 0 everything is in pixels, as on screen. @background, when not WHITE or on paper,
   * replaces the renderer's (and @keep_background); TRANSPARENT gives an ARGB32 image whose
   * background pixels have alpha 0. The renderer's pixel scale is left at 1 afterwards (as exports set it). */
  double              dpi;
  double              font_pt;
  IscFigureBackground background;
  /* What the spatial analyses add (isosurfaces, ions coloured by cluster), drawn over the
   * points as on screen; NULL: none. Not owned. */
  IscMeshRenderer    *extras;
} IscGlExportOptions;

/* Renders all ions (no level of detail) as seen by @camera, re-framed to the export size,
 * and returns an opaque CAIRO_FORMAT_RGB24 image of exactly width × height (full
 * reference). The previously bound framebuffer and viewport are restored. */
cairo_surface_t *isc_gl_export_render (IscPointRenderer         *renderer,
                                       const IscCamera          *camera,
                                       const IscGlExportOptions *options,
                                       GError                  **error);
/* Writes the image by the extension of @path: TIFF (.tif, .tiff; LZW) or else PNG, with the
 * resolution stored when @options->dpi > 0 (plot-export.h). */
gboolean         isc_gl_export_png    (IscPointRenderer         *renderer,
                                       const IscCamera          *camera,
                                       const IscGlExportOptions *options,
                                       const char               *path,
                                       GError                  **error);

G_END_DECLS
