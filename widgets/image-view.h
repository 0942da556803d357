/* image-view.h: a calibrated microscope image on screen — zoom (wheel about the pointer),
 * pan (drag), fit, 1:1; contrast (full range, percentiles or manual limits, gamma) with a
 * histogram; colour maps; a scale bar; the pointer position in calibrated units; and a
 * line-profile tool whose integration band is shown and whose width is given in nm.
 *
 * Coordinates: "image" coordinates are pixels with pixel centres at integers (as
 * isc_line_profile_compute); "canvas" coordinates are pixels of the drawing area returned by
 * isc_image_view_get_canvas ().
 *
 * Signal "line-changed" (no arguments): the profile line or its width changed (also when the
 * line is removed or a new image is set).
 *
 * Actions (keys while the view has the focus): image.fit (F), image.one-to-one (1),
 * image.line-tool (L), image.display (D), image.export (Ctrl+Shift+S).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "image-render.h"
#include "image.h"

G_BEGIN_DECLS

typedef enum
{
  ISC_IMAGE_TOOL_PAN,    /* primary drag pans */
  ISC_IMAGE_TOOL_LINE,   /* primary drag draws (or, from an end, moves) the profile line;
                          * Shift, middle or right drag pans */
} IscImageTool;

#define ISC_TYPE_IMAGE_VIEW (isc_image_view_get_type ())
G_DECLARE_FINAL_TYPE (IscImageView, isc_image_view, ISC, IMAGE_VIEW, GtkWidget)

GtkWidget      *isc_image_view_new               (void);

/* Takes over the caller's reference to @image (NULL clears); frame 0 is shown, fitted to the
 * view, with the current contrast settings; the line is removed. The image is shared from
 * then on: nobody changes its pixels. */
void            isc_image_view_set_image         (IscImageView      *self,
                                                  IscImage          *image);
/* Borrowed; valid until the next set_image. */
const IscImage *isc_image_view_get_image         (IscImageView      *self);
/* A new reference to the shown image (for a worker thread), or NULL. */
IscImage       *isc_image_view_ref_image         (IscImageView      *self);
void            isc_image_view_set_frame         (IscImageView      *self,
                                                  guint              frame);
guint           isc_image_view_get_frame         (IscImageView      *self);
/* Shows or hides the toolbar (shown by default): a view that only displays, such as the survey
 * image beside an EELS profile with its scan line, gives its room to the image. */
void            isc_image_view_set_toolbar_visible (IscImageView    *self,
                                                    gboolean         visible);
/* The toolbar's frame counter as shown ("16 of 31", counting from 1), or NULL for one frame. */
char           *isc_image_view_dup_frame_text    (IscImageView      *self);

void            isc_image_view_set_contrast      (IscImageView      *self,
                                                  const IscContrast *contrast);
void            isc_image_view_get_contrast      (IscImageView      *self,
                                                  IscContrast       *out);
/* The intensities (stored units) shown black and white. */
void            isc_image_view_get_display_range (IscImageView      *self,
                                                  double            *black,
                                                  double            *white);
void            isc_image_view_set_colormap      (IscImageView      *self,
                                                  IscColormap        colormap);
IscColormap     isc_image_view_get_colormap      (IscImageView      *self);
void            isc_image_view_set_scale_bar     (IscImageView      *self,
                                                  gboolean           visible);
/* Fixes the bar's length in the image's length unit (nm), e.g. to match the ion map of the
 * same site; 0 returns to a round length of about 20 % of the view. */
void            isc_image_view_set_scale_bar_length (IscImageView   *self,
                                                     double          length);
/* The scale bar's label as drawn ("2 nm"), or NULL when none is drawn. */
const char     *isc_image_view_get_scale_bar_label (IscImageView    *self);

/* Zoom = screen pixels per image pixel. */
void            isc_image_view_zoom_fit          (IscImageView      *self);
void            isc_image_view_zoom_one_to_one   (IscImageView      *self);
void            isc_image_view_zoom_at           (IscImageView      *self,
                                                  double             factor,
                                                  double             canvas_x,
                                                  double             canvas_y);
double          isc_image_view_get_zoom          (IscImageView      *self);

GtkWidget      *isc_image_view_get_canvas        (IscImageView      *self);
void            isc_image_view_canvas_to_image   (IscImageView      *self,
                                                  double             canvas_x,
                                                  double             canvas_y,
                                                  double            *image_x,
                                                  double            *image_y);
void            isc_image_view_image_to_canvas   (IscImageView      *self,
                                                  double             image_x,
                                                  double             image_y,
                                                  double            *canvas_x,
                                                  double            *canvas_y);

/* Pointer read-out ("x = 1.250 nm  y = 0.500 nm  I = 1200") as if the pointer were at the
 * canvas point; NULL outside the image. */
void            isc_image_view_hover             (IscImageView      *self,
                                                  double             canvas_x,
                                                  double             canvas_y);
const char     *isc_image_view_get_readout       (IscImageView      *self);

void            isc_image_view_set_tool          (IscImageView      *self,
                                                  IscImageTool       tool);
/* The profile line in image coordinates; emits "line-changed". */
void            isc_image_view_set_line          (IscImageView      *self,
                                                  double             x0,
                                                  double             y0,
                                                  double             x1,
                                                  double             y1);
void            isc_image_view_clear_line        (IscImageView      *self);
gboolean        isc_image_view_get_line          (IscImageView      *self,
                                                  double            *x0,
                                                  double            *y0,
                                                  double            *x1,
                                                  double            *y1);
/* Integration width in the image's length unit (nm; pixels when uncalibrated). */
void            isc_image_view_set_line_width    (IscImageView      *self,
                                                  double             width);
/* The same width in image pixels (≥ 1). */
double          isc_image_view_get_line_width_px (IscImageView      *self);

/* Opens the popover with contrast (mode, black/white levels, gamma, histogram), colour map and
 * scale bar settings. */
void            isc_image_view_show_display_settings (IscImageView  *self);

/* PNG, SVG or PDF of the shown frame with the current contrast, colour map and scale bar;
 * ".tif"/".tiff": the image data as a calibrated TIFF (ImageJ convention). */
gboolean        isc_image_view_export            (IscImageView      *self,
                                                  const char        *path,
                                                  GError           **error);

G_END_DECLS
