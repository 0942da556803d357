/* site-figure.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "camera.h"
#include "figure.h"
#include "gl-context-headless.h"
#include "gl-export.h"
#include "ion-overlay.h"
#include "isc-error.h"
#include "overlay-figure.h"
#include "palette.h"
#include "plot-export.h"
#include "point-renderer.h"
#include "scale-bar.h"
#include "site-figure.h"

/* Same as figure.c: the layout is reported without reaching into IscFigure. */
#define FIGURE_SPACING 6.0
#define TITLE_FONT     10.0
/* Vector outputs get the ion map as an embedded raster of this resolution. */
#define VECTOR_RASTER_DPI 300.0

typedef struct _SiteFigure SiteFigure;

typedef struct
{
  SiteFigure *owner;
  guint       index;   /* the panel: 0 = a, 1 = b, … */
} PanelRef;

struct _SiteFigure
{
  const IscSiteFigureInput *in;
  IscGlHeadless            *gl;
  IscPointRenderer         *renderer;
  cairo_surface_t          *image_rgba;
  IscFigure                *figure;
  PanelRef                  refs[ISC_SITE_FIGURE_MAX_PANELS];
  double                    bar_nm;
  IscScaleBar               image_bar;
  double                    font_size;   /* of both scale bars, in points */
  const IscFigureOptions   *options;     /* NULL: sizes from the panels, white */
  /* A lone ion-map panel (isc_site_figure_set_ion_map_panel) owns its input. */
  IscSiteFigureInput        own_in;
  IscFigureOptions          own_options;

  /* The transform of the draw's user space, to report the layout in it. */
  cairo_matrix_t            outer_inverse;
  IscSiteFigureLayout       layout;
  GError                   *error;       /* the first failure inside a panel */
};

static void
site_figure_free (SiteFigure *sf)
{
  if (sf == NULL)
    return;
  g_clear_pointer (&sf->figure, isc_figure_free);
  g_clear_pointer (&sf->image_rgba, cairo_surface_destroy);
  /* The renderer releases its GL objects: its context must be current. */
  if (sf->renderer != NULL)
    {
      isc_gl_headless_make_current (sf->gl);
      isc_point_renderer_free (sf->renderer);
    }
  g_clear_pointer (&sf->gl, isc_gl_headless_free);
  g_clear_error (&sf->error);
  if (sf->in == &sf->own_in)
    {
      g_clear_pointer ((IscIonCloud **) &sf->own_in.cloud, isc_ion_cloud_unref);
      g_clear_pointer ((IscRangeSet **) &sf->own_in.ranges, isc_range_set_free);
    }
  g_free (sf);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SiteFigure, site_figure_free)

double
isc_site_figure_common_scale_bar (const IscImage *image)
{
  const IscAxisCalibration *x;

  g_return_val_if_fail (image != NULL, 0.0);
  x = &image->axis[ISC_IMAGE_AXIS_X];
  if (g_strcmp0 (x->unit, "nm") != 0 || !(x->scale > 0.0) || !isfinite (x->scale))
    return 0.0;
  return isc_ion_overlay_nice_length (0.25 * image->width * x->scale);
}

/* A point of the panel's user space in the user space of the whole draw. */
static void
to_outer (SiteFigure *sf,
          cairo_t    *cr,
          double     *x,
          double     *y)
{
  cairo_user_to_device (cr, x, y);
  cairo_matrix_transform_point (&sf->outer_inverse, x, y);
}

static double
to_outer_distance (SiteFigure *sf,
                   cairo_t    *cr,
                   double      length)
{
  double dx = length, dy = 0;

  cairo_user_to_device_distance (cr, &dx, &dy);
  cairo_matrix_transform_distance (&sf->outer_inverse, &dx, &dy);
  return hypot (dx, dy);
}

static void
record_panel (SiteFigure *sf,
              cairo_t    *cr,
              guint       index,
              double      width,
              double      height)
{
  double x = 0, y = 0;

  to_outer (sf, cr, &x, &y);
  sf->layout.panel_x[index] = x;
  sf->layout.panel_y[index] = y;
  sf->layout.panel_width[index] = to_outer_distance (sf, cr, width);
  sf->layout.panel_height[index] = to_outer_distance (sf, cr, height);
}

/* Draws the bar at the bottom-right of (0, 0, w, h) and records where it went. The bar's
 * geometry follows isc_scale_bar_draw (): centred in a box whose bottom is a margin plus a
 * padding below it. */
static void
draw_bar (SiteFigure *sf,
          cairo_t    *cr,
          guint       index,
          const char *label,
          double      length,
          double      w,
          double      h,
          double      nm_per_unit)
{
  PangoLayout *layout;
  PangoFontDescription *font;
  PangoRectangle logical;
  double fs = sf->font_size, pad = 0.5 * fs, margin = 0.8 * fs, thickness = MAX (2, 0.35 * fs);
  double box_w, cx, cy;

  isc_scale_bar_draw (cr, label, length, w, h, fs);

  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Sans Bold");
  pango_font_description_set_absolute_size (font, fs * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, label, -1);
  pango_layout_get_extents (layout, NULL, &logical);
  g_object_unref (layout);
  box_w = MAX (length, (double) logical.width / PANGO_SCALE) + 2 * pad;
  cx = w - margin - box_w / 2;
  cy = h - margin - pad - thickness / 2;
  to_outer (sf, cr, &cx, &cy);
  sf->layout.bar_center_x[index] = cx;
  sf->layout.bar_center_y[index] = cy;
  sf->layout.bar_length[index] = to_outer_distance (sf, cr, length);
  sf->layout.nm_per_unit[index] = nm_per_unit * length / sf->layout.bar_length[index];
}

/* The ion map's bar: plain ink on the map's own background (no box, which on a white map reads
 * as a grey square), bottom-right inside a margin, its length above it. */
static void
draw_map_bar (SiteFigure  *sf,
              cairo_t     *cr,
              double       bar_nm,
              const char  *label,
              double       length,
              double       w,
              double       h,
              double       nm_per_unit,
              const float  ink[3])
{
  PangoLayout *layout;
  PangoFontDescription *font;
  int tw, th;
  double fs = sf->font_size, margin = 0.8 * fs, thickness = 0.3 * fs;
  double x1 = w - margin, y = h - margin - thickness, cx, cy;

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_set_source_rgb (cr, ink[0], ink[1], ink[2]);
  cairo_rectangle (cr, x1 - length, y, length, thickness);
  cairo_fill (cr);
  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Sans Bold");
  pango_font_description_set_absolute_size (font, fs * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, label, -1);
  pango_layout_get_pixel_size (layout, &tw, &th);
  cairo_move_to (cr, MIN (x1 - length / 2 - tw / 2.0, w - margin - tw), y - th - 0.15 * fs);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
  cairo_new_path (cr);
  cairo_restore (cr);

  cx = x1 - length / 2;
  cy = y + thickness / 2;
  to_outer (sf, cr, &cx, &cy);
  sf->layout.bar_center_x[0] = cx;
  sf->layout.bar_center_y[0] = cy;
  sf->layout.bar_length[0] = to_outer_distance (sf, cr, length);
  sf->layout.nm_per_unit[0] = nm_per_unit * length / sf->layout.bar_length[0];
  sf->layout.bar_nm[0] = bar_nm;
}

static void
fail_in_panel (SiteFigure *sf,
               GError     *error)
{
  if (sf->error == NULL)
    sf->error = error;
  else
    g_error_free (error);
}

/* Panel a: rendered now at the resolution of the output, so the points stay sharp. */
static void
draw_ion_panel (cairo_t  *cr,
                double    width,
                double    height,
                gpointer  data)
{
  PanelRef *ref = data;
  SiteFigure *sf = ref->owner;
  const IscSiteFigureInput *in = sf->in;
  g_autoptr(IscCamera) camera = NULL;
  GError *error = NULL;
  IscGlExportOptions options = { 0 };
  cairo_surface_t *map;
  IscScaleBar bar;
  double sx = 1, sy = 0, scale, shown, nm_per_unit;
  float background[3], ink[3];

  record_panel (sf, cr, 0, width, height);
  if (!(width > 1 && height > 1))
    return;

  cairo_user_to_device_distance (cr, &sx, &sy);
  scale = hypot (sx, sy);
  if (cairo_surface_get_type (cairo_get_target (cr)) != CAIRO_SURFACE_TYPE_IMAGE)
    scale = MAX (scale, VECTOR_RASTER_DPI / 72.0);
  if (sf->options != NULL)
    options.background = sf->options->background;
  options.width = MAX (1, (int) lround (width * scale));
  options.height = MAX (1, (int) lround (height * scale));

  for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
    {
      isc_point_renderer_set_species_size (sf->renderer, s,
                                           (in->point_size > 0 ? in->point_size : 1.5) * scale);
      if (in->visible != NULL)
        isc_point_renderer_set_species_visible (sf->renderer, s, in->visible[s]);
    }

  camera = isc_camera_new ();
  isc_camera_set_viewport (camera, options.width, options.height);
  isc_camera_set_scene_bounds (camera, in->cloud->bounds_min, in->cloud->bounds_max);
  /* A scale bar holds everywhere only without perspective. */
  isc_camera_set_projection (camera, ISC_PROJECTION_ORTHOGRAPHIC);
  isc_camera_set_azimuth_elevation (camera, in->azimuth, in->elevation);

  isc_gl_headless_make_current (sf->gl);
  map = isc_gl_export_render (sf->renderer, camera, &options, &error);
  if (map == NULL)
    {
      fail_in_panel (sf, error);
      return;
    }
  /* One uniform scale; the rounding of the pixel size leaves at most a device pixel. */
  shown = MIN (width / options.width, height / options.height);
  nm_per_unit = isc_camera_get_nm_per_pixel (camera) / shown;

  cairo_save (cr);
  cairo_scale (cr, shown, shown);
  cairo_set_source_surface (cr, map, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (map);

  isc_point_renderer_get_background (sf->renderer, background);
  isc_ion_overlay_ink_for_background (background, ink);
  if (in->legend)
    {
      /* The legend's text is at least 11 units: scale it to the scale bar's size. */
      double k = sf->font_size / 11.0;

      cairo_save (cr);
      cairo_scale (cr, k, k);
      isc_ion_overlay_draw_legend (cr, width / k, height / k, sf->renderer, ink);
      cairo_restore (cr);
    }
  {
    /* The common length is kept while it reads as a bar; a needle tens of nm long beside an
     * atomic-resolution image would otherwise get a dot. Then the map gets its own round
     * length, about a quarter of the panel. */
    double bar_nm = sf->bar_nm;

    if (bar_nm / nm_per_unit < MAX (0.1 * width, 4 * sf->font_size))
      bar_nm = isc_ion_overlay_nice_length (0.25 * width * nm_per_unit);
    if (isc_scale_bar_for_length (bar_nm, nm_per_unit, "nm", &bar))
      draw_map_bar (sf, cr, bar_nm, bar.label, bar.length_px, width, height, nm_per_unit, ink);
  }
}

/* Panel b: the image fitted and centred as isc_image_draw_fitted () does, bar on the image. */
static void
draw_image_panel (cairo_t  *cr,
                  double    width,
                  double    height,
                  gpointer  data)
{
  PanelRef *ref = data;
  SiteFigure *sf = ref->owner;
  const IscImage *image = sf->in->image;
  double iw = cairo_image_surface_get_width (sf->image_rgba);
  double ih = cairo_image_surface_get_height (sf->image_rgba);
  double zoom, ox, oy;

  record_panel (sf, cr, 1, width, height);
  if (!(width > 0 && height > 0))
    return;
  isc_image_draw_fitted (cr, sf->image_rgba, image, width, height, FALSE);
  zoom = MIN (width / iw, height / ih);
  ox = (width - iw * zoom) / 2;
  oy = (height - ih * zoom) / 2;
  cairo_save (cr);
  cairo_translate (cr, ox, oy);
  draw_bar (sf, cr, 1, sf->image_bar.label, sf->image_bar.length_px * zoom, iw * zoom, ih * zoom,
            image->axis[ISC_IMAGE_AXIS_X].scale / zoom);
  sf->layout.bar_nm[1] = sf->bar_nm;
  cairo_restore (cr);
}

/* The overlay panel: the image again, as panel b, with the registered APT map over it, the
 * common scale bar and the map's colour bar in a strip at the right. */
static void
draw_overlay_panel (cairo_t  *cr,
                    double    width,
                    double    height,
                    gpointer  data)
{
  PanelRef *ref = data;
  SiteFigure *sf = ref->owner;
  const IscSiteFigureInput *in = sf->in;
  IscOverlayFigureInput overlay = {
    .image = in->image,
    .frame = in->frame,
    .contrast = in->contrast,
    .overlay = in->overlay,
    .opacity = in->overlay_opacity > 0 ? in->overlay_opacity : 0.6,
    .colormap = ISC_COLORMAP_VIRIDIS,
    .label = in->overlay_label,
  };
  GError *error = NULL;
  cairo_surface_t *composite;
  double strip = isc_overlay_figure_colour_bar_width (sf->font_size);
  double iw = in->image->width, ih = in->image->height, low, high, zoom, ox, oy;

  record_panel (sf, cr, ref->index, width, height);
  if (!(width > strip + 1 && height > 1))
    return;
  composite = isc_overlay_figure_render (&overlay, &low, &high, &error);
  if (composite == NULL)
    {
      fail_in_panel (sf, error);
      return;
    }
  isc_image_draw_fitted (cr, composite, in->image, width - strip, height, FALSE);
  cairo_surface_destroy (composite);
  zoom = MIN ((width - strip) / iw, height / ih);
  ox = (width - strip - iw * zoom) / 2;
  oy = (height - ih * zoom) / 2;
  cairo_save (cr);
  cairo_translate (cr, ox, oy);
  draw_bar (sf, cr, ref->index, sf->image_bar.label, sf->image_bar.length_px * zoom, iw * zoom,
            ih * zoom, in->image->axis[ISC_IMAGE_AXIS_X].scale / zoom);
  sf->layout.bar_nm[ref->index] = sf->bar_nm;
  cairo_restore (cr);
  isc_overlay_figure_draw_colour_bar (&overlay, cr, low, high, width - strip,
                                      oy + 0.15 * ih * zoom, 0.7 * ih * zoom, sf->font_size);
}

guint
isc_site_figure_count_panels (const IscSiteFigureInput *in)
{
  return 2 + (in->overlay != NULL ? 1 : 0) + (in->profile != NULL ? 1 : 0);
}

IscPlot *
isc_site_figure_profile_plot_new (const IscProfile *profile,
                                  const char       *element,
                                  GError          **error)
{
  g_autoptr(IscPlot) plot = isc_plot_new ();
  g_autofree double *x = g_new (double, MAX (profile->n_bins, 1));
  g_autofree double *y = g_new (double, MAX (profile->n_bins, 1));
  g_autofree double *low = g_new (double, MAX (profile->n_bins, 1));
  g_autofree double *high = g_new (double, MAX (profile->n_bins, 1));
  g_autofree char *y_label = NULL;
  IscPlotSeries *series;
  double rgb[3];
  IscColor color;
  int e = isc_profile_find_element (profile, element);
  guint n = 0;

  if (e < 0)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "the profile has no element “%s”", element);
      return NULL;
    }
  /* Empty bins (NaN) are left out rather than breaking the line. */
  for (guint b = 0; b < profile->n_bins; b++)
    {
      double c = profile->fraction[(gsize) b * profile->n_elements + e];
      double s = profile->sigma[(gsize) b * profile->n_elements + e];

      if (!isfinite (c))
        continue;
      x[n] = 0.5 * (profile->start[b] + profile->end[b]);
      y[n] = 100.0 * c;
      low[n] = 100.0 * (c - (isfinite (s) ? s : 0));
      high[n] = 100.0 * (c + (isfinite (s) ? s : 0));
      n++;
    }
  if (n == 0)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_INVALID,
                   "the %s profile has no bin with atoms", element);
      return NULL;
    }

  isc_element_default_color (element, rgb);
  color = (IscColor) { rgb[0], rgb[1], rgb[2], 0.3 };
  isc_plot_set_theme (plot, ISC_PLOT_THEME_PUBLICATION);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, "<i>z</i> (nm)");
  y_label = g_strdup_printf ("%s (at.%%)", element);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, y_label);
  series = isc_plot_add_band (plot, "± σ", x, low, high, n);
  isc_plot_series_set_color (series, &color);
  isc_plot_series_set_show_in_legend (series, FALSE);
  color.a = 1.0;
  series = isc_plot_add_series (plot, ISC_SERIES_LINE, element, x, y, n);
  isc_plot_series_set_color (series, &color);
  isc_plot_set_legend_visible (plot, FALSE);
  return g_steal_pointer (&plot);
}

static SiteFigure *
site_figure_new (const IscSiteFigureInput *in,
                 GError                  **error)
{
  g_autoptr(SiteFigure) sf = g_new0 (SiteFigure, 1);
  g_autoptr(IscPlot) plot = NULL;
  const IscAxisCalibration *axis = &in->image->axis[ISC_IMAGE_AXIS_X];

  sf->in = in;
  if (in->cloud->n_ions == 0)
    {
      g_set_error_literal (error, ISC_RENDER_ERROR, ISC_ERROR_INVALID,
                           "the APT specimen has no ions to show");
      return NULL;
    }
  if (g_strcmp0 (axis->unit, "nm") != 0 || !(axis->scale > 0) || !isfinite (axis->scale))
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_INVALID,
                   "the STEM image is not calibrated in nm (pixel size %g “%s”), so its scale "
                   "bar cannot match the ion map's", axis->scale, axis->unit);
      return NULL;
    }
  sf->bar_nm = in->scale_bar_nm > 0 ? in->scale_bar_nm : isc_site_figure_common_scale_bar (in->image);
  if (!isc_scale_bar_for_length (sf->bar_nm, axis->scale, "nm", &sf->image_bar))
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "scale bar length %g nm is not positive", sf->bar_nm);
      return NULL;
    }
  if (in->frame >= in->image->frames)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "the STEM image has %u frames, frame %u was asked for", in->image->frames,
                   in->frame);
      return NULL;
    }
  if (in->profile != NULL)
    {
      plot = isc_site_figure_profile_plot_new (in->profile, in->profile_element != NULL ? in->profile_element : "Li",
                               error);
      if (plot == NULL)
        return NULL;
    }

  sf->image_rgba = isc_image_render_rgba (in->image, in->frame, in->contrast, in->colormap, NULL,
                                          NULL, NULL);
  if (sf->image_rgba == NULL)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_INVALID,
                   "the STEM image (%u×%u) cannot be drawn", in->image->width, in->image->height);
      return NULL;
    }

  sf->gl = isc_gl_headless_new (error);
  if (sf->gl == NULL)
    return NULL;
  sf->renderer = isc_point_renderer_new (error);
  if (sf->renderer == NULL)
    return NULL;
  if (!isc_point_renderer_set_cloud (sf->renderer, in->cloud, error))
    return NULL;
  if (in->ranges != NULL)
    isc_point_renderer_set_species_from_ranges (sf->renderer, in->ranges);
  /* The axis triad is sized in device pixels, which means nothing on paper. */
  isc_point_renderer_set_show_axes (sf->renderer, FALSE);

  sf->figure = isc_figure_new (1, isc_site_figure_count_panels (in));
  isc_figure_set_spacing (sf->figure, FIGURE_SPACING);
  for (guint i = 0; i < ISC_SITE_FIGURE_MAX_PANELS; i++)
    sf->refs[i] = (PanelRef) { sf, i };
  isc_figure_set_panel_func (sf->figure, 0, 0, draw_ion_panel, &sf->refs[0], NULL);
  isc_figure_set_panel_func (sf->figure, 0, 1, draw_image_panel, &sf->refs[1], NULL);
  if (in->overlay != NULL)
    isc_figure_set_panel_func (sf->figure, 0, 2, draw_overlay_panel, &sf->refs[2], NULL);
  if (plot != NULL)
    isc_figure_set_plot (sf->figure, 0, isc_site_figure_count_panels (in) - 1,
                         g_steal_pointer (&plot));
  return g_steal_pointer (&sf);
}

static void
site_figure_draw (SiteFigure *sf,
                  cairo_t    *cr,
                  double      width,
                  double      height)
{
  IscSiteFigureLayout *l = &sf->layout;
  guint columns = isc_site_figure_count_panels (sf->in);
  double top = 0, cw, ch, inset;
  PangoLayout *layout = NULL;

  cairo_get_matrix (cr, &sf->outer_inverse);
  cairo_matrix_invert (&sf->outer_inverse);
  memset (l, 0, sizeof *l);

  cairo_save (cr);
  if (sf->options == NULL || sf->options->background != ISC_FIGURE_BACKGROUND_TRANSPARENT)
    {
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill (cr);
    }
  if (sf->in->title != NULL && sf->in->title[0] != '\0')
    {
      PangoFontDescription *font = pango_font_description_from_string ("Sans Bold");
      int tw, th;

      layout = pango_cairo_create_layout (cr);
      pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72.0);
      pango_layout_context_changed (layout);
      pango_font_description_set_absolute_size (font, TITLE_FONT * PANGO_SCALE);
      pango_layout_set_font_description (layout, font);
      pango_font_description_free (font);
      pango_layout_set_text (layout, sf->in->title, -1);
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (layout, &tw, &th);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, MAX (0, (width - tw) / 2), 0);
      pango_cairo_show_layout (cr, layout);
      g_object_unref (layout);
      top = th + 4;
    }

  /* The grid of isc_figure_draw (), for the letters' places and the bars' text size. */
  cw = (width - FIGURE_SPACING * (columns - 1)) / columns;
  ch = height - top;
  l->letter_size = CLAMP (MIN (cw, ch) * 0.06, 8, 14);
  inset = l->letter_size * 1.3;
  sf->font_size = CLAMP (0.045 * MIN (cw - inset, ch), 6, 12);
  if (sf->options != NULL)
    sf->font_size = sf->options->font_pt;
  l->n_panels = columns;
  l->scale_bar_nm = sf->bar_nm;
  for (guint c = 0; c < columns; c++)
    {
      l->letter_x[c] = c * (cw + FIGURE_SPACING);
      l->letter_y[c] = top;
    }

  if (ch > 1)
    {
      cairo_translate (cr, 0, top);
      isc_figure_draw (sf->figure, cr, width, ch);
    }
  cairo_restore (cr);

  if (sf->in->profile != NULL)
    {
      guint p = columns - 1;

      l->panel_x[p] = l->letter_x[p] + inset;
      l->panel_y[p] = top;
      l->panel_width[p] = cw - inset;
      l->panel_height[p] = ch;
    }
}

gboolean
isc_site_figure_draw (const IscSiteFigureInput *in,
                      cairo_t                  *cr,
                      double                    width,
                      double                    height,
                      IscSiteFigureLayout      *layout,
                      GError                  **error)
{
  g_autoptr(SiteFigure) sf = NULL;

  g_return_val_if_fail (in != NULL && in->cloud != NULL && in->image != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sf = site_figure_new (in, error);
  if (sf == NULL)
    return FALSE;
  site_figure_draw (sf, cr, width, height);
  if (sf->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&sf->error));
      return FALSE;
    }
  if (layout != NULL)
    *layout = sf->layout;
  return TRUE;
}

static void
export_draw_cb (cairo_t  *cr,
                double    width,
                double    height,
                gpointer  data)
{
  site_figure_draw (data, cr, width, height);
}

gboolean
isc_site_figure_export (const IscSiteFigureInput *in,
                        const char               *path,
                        double                    width_pt,
                        double                    height_pt,
                        double                    dpi,
                        GError                  **error)
{
  g_autoptr(SiteFigure) sf = NULL;

  g_return_val_if_fail (in != NULL && in->cloud != NULL && in->image != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sf = site_figure_new (in, error);
  if (sf == NULL)
    return FALSE;
  if (!isc_render_export (path, width_pt, height_pt, dpi, export_draw_cb, sf, error))
    return FALSE;
  if (sf->error != NULL)
    {
      /* A half-drawn figure is not left behind as if it were complete. */
      g_unlink (path);
      g_propagate_prefixed_error (error, g_steal_pointer (&sf->error), "%s: ", path);
      return FALSE;
    }
  return TRUE;
}

gboolean
isc_site_figure_export_with_options (const IscSiteFigureInput *in,
                                     const char               *path,
                                     const IscFigureOptions   *options,
                                     GError                  **error)
{
  g_autoptr(SiteFigure) sf = NULL;

  g_return_val_if_fail (in != NULL && in->cloud != NULL && in->image != NULL, FALSE);
  g_return_val_if_fail (path != NULL && options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!isc_figure_options_check (options, error))
    return FALSE;
  if (options->background == ISC_FIGURE_BACKGROUND_BLACK)
    {
      /* Letters, bars and panel c are drawn for white paper. */
      g_set_error_literal (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                           "the site figure is drawn on white or on a transparent background, "
                           "not on black");
      return FALSE;
    }
  sf = site_figure_new (in, error);
  if (sf == NULL)
    return FALSE;
  sf->options = options;
  isc_figure_set_transparent (sf->figure, options->background == ISC_FIGURE_BACKGROUND_TRANSPARENT);
  {
    IscPlot *plot = in->profile != NULL
                    ? isc_figure_get_plot (sf->figure, 0, isc_site_figure_count_panels (in) - 1)
                    : NULL;

    if (plot != NULL)
      isc_figure_options_apply_to_plot (options, plot);
  }
  if (!isc_render_export_with_options (path, options, export_draw_cb, sf, error))
    return FALSE;
  if (sf->error != NULL)
    {
      g_unlink (path);
      g_propagate_prefixed_error (error, g_steal_pointer (&sf->error), "%s: ", path);
      return FALSE;
    }
  return TRUE;
}

static void
draw_lone_ion_panel (cairo_t  *cr,
                     double    width,
                     double    height,
                     gpointer  data)
{
  PanelRef *ref = data;
  SiteFigure *sf = ref->owner;

  cairo_get_matrix (cr, &sf->outer_inverse);
  cairo_matrix_invert (&sf->outer_inverse);
  sf->font_size = sf->options != NULL ? sf->options->font_pt : 8;
  cairo_save (cr);
  draw_ion_panel (cr, width, height, data);
  cairo_restore (cr);
  /* A panel cannot fail its figure: a failed render leaves it empty, said once on stderr. */
  if (sf->error != NULL)
    {
      g_printerr ("ion map: %s\n", sf->error->message);
      g_clear_error (&sf->error);
    }
}

static void
lone_ion_panel_free (gpointer data)
{
  site_figure_free (((PanelRef *) data)->owner);
}

gboolean
isc_site_figure_set_ion_map_panel (IscFigure                *figure,
                                   guint                     row,
                                   guint                     column,
                                   const IscSiteFigureInput *in,
                                   const IscFigureOptions   *options,
                                   GError                  **error)
{
  g_autoptr(SiteFigure) sf = g_new0 (SiteFigure, 1);
  SiteFigure *owned;

  g_return_val_if_fail (figure != NULL && in != NULL && in->cloud != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (in->cloud->n_ions == 0)
    {
      g_set_error_literal (error, ISC_RENDER_ERROR, ISC_ERROR_INVALID,
                           "the APT specimen has no ions to show");
      return FALSE;
    }
  sf->own_in = *in;
  sf->own_in.cloud = isc_ion_cloud_ref ((IscIonCloud *) in->cloud);
  sf->own_in.ranges = in->ranges != NULL ? isc_range_set_copy (in->ranges) : NULL;
  sf->own_in.visible = NULL;
  sf->own_in.image = NULL;
  sf->own_in.contrast = NULL;
  sf->own_in.profile = NULL;
  sf->own_in.title = NULL;
  sf->own_in.profile_element = NULL;
  sf->own_in.overlay = NULL;
  sf->own_in.overlay_label = NULL;
  sf->in = &sf->own_in;
  if (options != NULL)
    {
      sf->own_options = *options;
      sf->options = &sf->own_options;
    }
  /* Without an image, the ion map's bar gets its own round length. */
  sf->bar_nm = in->scale_bar_nm > 0 ? in->scale_bar_nm : 1e-9;

  sf->gl = isc_gl_headless_new (error);
  if (sf->gl == NULL)
    return FALSE;
  sf->renderer = isc_point_renderer_new (error);
  if (sf->renderer == NULL)
    return FALSE;
  if (!isc_point_renderer_set_cloud (sf->renderer, sf->own_in.cloud, error))
    return FALSE;
  if (sf->own_in.ranges != NULL)
    isc_point_renderer_set_species_from_ranges (sf->renderer, sf->own_in.ranges);
  isc_point_renderer_set_show_axes (sf->renderer, FALSE);
  sf->refs[0] = (PanelRef) { sf, 0 };
  owned = g_steal_pointer (&sf);
  isc_figure_set_panel_func (figure, row, column, draw_lone_ion_panel, &owned->refs[0],
                             lone_ion_panel_free);
  return TRUE;
}
