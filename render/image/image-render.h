/* image-render.h: an IscImage frame as 8-bit colour for display and export — contrast (full
 * range, percentiles or manual limits, then gamma), colour map, and a calibrated scale bar.
 * Pure cairo: used by the image view, image export and figure panels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "colormap.h"
#include "figure.h"
#include "image.h"

G_BEGIN_DECLS

typedef enum
{
  ISC_CONTRAST_FULL,        /* black at the frame's minimum, white at its maximum */
  ISC_CONTRAST_PERCENTILE,  /* black/white at the low/high percentiles of the pixel values */
  ISC_CONTRAST_MANUAL,      /* black/white at the given intensities */
} IscContrastMode;

typedef struct
{
  IscContrastMode mode;
  double          low;    /* PERCENTILE: percent (0–100); MANUAL: stored intensity; FULL: unused */
  double          high;
  double          gamma;  /* shown = t^gamma for t in [0, 1] after the linear map; 1 = linear,
                           * < 1 brightens the dark end */
} IscContrast;

/* Percentiles 0.5–99.5 %, gamma 1. */
void             isc_contrast_init_default   (IscContrast *contrast);

/* A fine histogram of one frame (65536 bins between its finite minimum and maximum, NaN and
 * infinities ignored), from which percentiles and display histograms are read. */
typedef struct _IscImageLevels IscImageLevels;

IscImageLevels  *isc_image_levels_new        (const float    *pixels,
                                              gsize           n);
IscImageLevels  *isc_image_levels_compute    (const IscImage *image,
                                              guint           frame);
void             isc_image_levels_free       (IscImageLevels *levels);
/* Finite minimum and maximum (0, 0 when there is no finite pixel); returns the finite count. */
guint64          isc_image_levels_get_range  (const IscImageLevels *levels,
                                              double               *out_min,
                                              double               *out_max);
/* The value below which @percent % of the finite pixels lie (linear within a bin). */
double           isc_image_levels_percentile (const IscImageLevels *levels,
                                              double                percent);
/* Pixel counts in @n_bins equal bins over [@low, @high] (values outside are not counted). */
void             isc_image_levels_histogram  (const IscImageLevels *levels,
                                              double                low,
                                              double                high,
                                              guint                 n_bins,
                                              double               *out_counts);

/* The intensities shown black and white under @contrast; white > black always. */
void             isc_contrast_resolve        (const IscContrast    *contrast,
                                              const IscImageLevels *levels,
                                              double               *out_black,
                                              double               *out_white);

/* @width × @height floats (row stride @width) → CAIRO_FORMAT_ARGB32 surface of the same size,
 * opaque except NaN pixels (transparent). NULL when a side is 0 or over 32767 (cairo's limit). */
cairo_surface_t *isc_image_render_float      (const float *pixels,
                                              guint        width,
                                              guint        height,
                                              double       black,
                                              double       white,
                                              double       gamma,
                                              IscColormap  colormap);

/* Frame @frame of @image under @contrast (NULL: the default) and @colormap. @levels may be NULL
 * (computed when the contrast needs it) or the frame's levels, so that a contrast change does
 * not rescan the frame. @out_black/@out_white (nullable) receive the limits used. Free the
 * surface with cairo_surface_destroy. */
cairo_surface_t *isc_image_render_rgba       (const IscImage       *image,
                                              guint                 frame,
                                              const IscContrast    *contrast,
                                              IscColormap           colormap,
                                              const IscImageLevels *levels,
                                              double               *out_black,
                                              double               *out_white);

/* Draws @rgba (a render of @image) scaled to fit (0, 0, @width, @height) keeping the aspect,
 * centred, pixels kept sharp when enlarged, with the scale bar when @scale_bar and the image
 * is calibrated. Usable as a figure panel. */
void             isc_image_draw_fitted       (cairo_t              *cr,
                                              cairo_surface_t      *rgba,
                                              const IscImage       *image,
                                              double                width,
                                              double                height,
                                              gboolean              scale_bar);

/* Puts frame @frame of @image, rendered now (the figure keeps its own display buffer and
 * calibration, so @image may go away), into a figure cell, fitted, with the scale bar when
 * @scale_bar. FALSE when the frame does not exist or is too large to draw. */
gboolean         isc_image_set_figure_panel  (IscFigure            *figure,
                                              guint                 row,
                                              guint                 column,
                                              const IscImage       *image,
                                              guint                 frame,
                                              const IscContrast    *contrast,
                                              IscColormap           colormap,
                                              gboolean              scale_bar);

/* Writes frame @frame as PNG (one pixel per image pixel), SVG or PDF (one point per pixel),
 * chosen by the suffix of @path, with the scale bar when @scale_bar. Errors: ISC_RENDER_ERROR. */
gboolean         isc_image_export            (const IscImage       *image,
                                              guint                 frame,
                                              const IscContrast    *contrast,
                                              IscColormap           colormap,
                                              gboolean              scale_bar,
                                              const char           *path,
                                              GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscImageLevels, isc_image_levels_free)

G_END_DECLS
