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
#include "point-renderer.h"

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
} IscGlExportOptions;

/* Renders all ions (no level of detail) as seen by @camera, re-framed to the export size,
 * and returns an opaque CAIRO_FORMAT_RGB24 image of exactly width × height (full
 * reference). The previously bound framebuffer and viewport are restored. */
cairo_surface_t *isc_gl_export_render (IscPointRenderer         *renderer,
                                       const IscCamera          *camera,
                                       const IscGlExportOptions *options,
                                       GError                  **error);
gboolean         isc_gl_export_png    (IscPointRenderer         *renderer,
                                       const IscCamera          *camera,
                                       const IscGlExportOptions *options,
                                       const char               *path,
                                       GError                  **error);

G_END_DECLS
