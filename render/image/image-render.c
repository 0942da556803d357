/* image-render.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "image-render.h"
#include "isc-error.h"
#include "plot-export.h"
#include "scale-bar.h"

#define N_LEVEL_BINS 65536
#define N_LUT        4096

struct _IscImageLevels
{
  double   min, max;
  guint64  n;                     /* finite pixels */
  guint64 *counts;                /* N_LEVEL_BINS */
};

void
isc_contrast_init_default (IscContrast *contrast)
{
  g_return_if_fail (contrast != NULL);
  contrast->mode = ISC_CONTRAST_PERCENTILE;
  contrast->low = 0.5;
  contrast->high = 99.5;
  contrast->gamma = 1.0;
}

/* ------------------------------------------------------------ levels */

IscImageLevels *
isc_image_levels_new (const float *pixels,
                      gsize        n)
{
  IscImageLevels *levels = g_new0 (IscImageLevels, 1);
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, scale;

  g_return_val_if_fail (pixels != NULL || n == 0, levels);
  levels->counts = g_new0 (guint64, N_LEVEL_BINS);
  for (gsize i = 0; i < n; i++)
    if (isfinite (pixels[i]))
      {
        lo = MIN (lo, pixels[i]);
        hi = MAX (hi, pixels[i]);
        levels->n++;
      }
  if (levels->n == 0)
    return levels;
  levels->min = lo;
  levels->max = hi;
  scale = hi > lo ? N_LEVEL_BINS / (hi - lo) : 0;
  for (gsize i = 0; i < n; i++)
    if (isfinite (pixels[i]))
      {
        gsize b = (gsize) ((pixels[i] - lo) * scale);

        levels->counts[MIN (b, N_LEVEL_BINS - 1)]++;
      }
  return levels;
}

IscImageLevels *
isc_image_levels_compute (const IscImage *image,
                          guint           frame)
{
  g_return_val_if_fail (image != NULL && frame < image->frames, NULL);
  return isc_image_levels_new (isc_image_frame_const (image, frame), (gsize) image->width * image->height);
}

void
isc_image_levels_free (IscImageLevels *levels)
{
  if (levels == NULL)
    return;
  g_free (levels->counts);
  g_free (levels);
}

guint64
isc_image_levels_get_range (const IscImageLevels *levels,
                            double               *out_min,
                            double               *out_max)
{
  g_return_val_if_fail (levels != NULL, 0);
  if (out_min != NULL)
    *out_min = levels->min;
  if (out_max != NULL)
    *out_max = levels->max;
  return levels->n;
}

/* The value of the pixel of rank @k (0-based) among the sorted finite pixels, approximated by
 * spreading each bin's pixels evenly over the bin. */
static double
value_at_rank (const IscImageLevels *levels,
               double                k)
{
  double cum = 0, width = (levels->max - levels->min) / N_LEVEL_BINS;

  for (guint b = 0; b < N_LEVEL_BINS; b++)
    {
      guint64 c = levels->counts[b];

      if (c > 0 && cum + c > k)
        return CLAMP (levels->min + (b + (k - cum + 0.5) / c) * width, levels->min, levels->max);
      cum += c;
    }
  return levels->max;
}

double
isc_image_levels_percentile (const IscImageLevels *levels,
                             double                percent)
{
  double rank, k0, v0, v1;

  g_return_val_if_fail (levels != NULL, 0);
  if (levels->n == 0)
    return 0;
  if (!(levels->max > levels->min))
    return levels->min;
  percent = CLAMP (percent, 0, 100);
  /* Between the two pixels around the rank (numpy's "linear" convention). */
  rank = percent / 100 * (levels->n - 1);
  k0 = floor (rank);
  v0 = value_at_rank (levels, k0);
  v1 = k0 + 1 < levels->n ? value_at_rank (levels, k0 + 1) : v0;
  return v0 + (rank - k0) * (v1 - v0);
}

void
isc_image_levels_histogram (const IscImageLevels *levels,
                            double                low,
                            double                high,
                            guint                 n_bins,
                            double               *out_counts)
{
  double width;

  g_return_if_fail (levels != NULL && out_counts != NULL && n_bins > 0);
  for (guint i = 0; i < n_bins; i++)
    out_counts[i] = 0;
  if (levels->n == 0 || !(high > low))
    return;
  width = (levels->max - levels->min) / N_LEVEL_BINS;
  for (guint b = 0; b < N_LEVEL_BINS; b++)
    {
      double centre = levels->min + (b + 0.5) * width;
      double pos;

      if (levels->counts[b] == 0)
        continue;
      if (width == 0)
        centre = levels->min;
      pos = (centre - low) / (high - low) * n_bins;
      if (pos >= 0 && pos <= n_bins)
        out_counts[MIN ((guint) pos, n_bins - 1)] += levels->counts[b];
    }
}

void
isc_contrast_resolve (const IscContrast    *contrast,
                      const IscImageLevels *levels,
                      double               *out_black,
                      double               *out_white)
{
  double black = 0, white = 1;

  g_return_if_fail (contrast != NULL && out_black != NULL && out_white != NULL);
  switch (contrast->mode)
    {
    case ISC_CONTRAST_FULL:
      if (levels != NULL)
        isc_image_levels_get_range (levels, &black, &white);
      break;
    case ISC_CONTRAST_PERCENTILE:
      if (levels != NULL)
        {
          black = isc_image_levels_percentile (levels, MIN (contrast->low, contrast->high));
          white = isc_image_levels_percentile (levels, MAX (contrast->low, contrast->high));
        }
      break;
    case ISC_CONTRAST_MANUAL:
    default:
      black = contrast->low;
      white = contrast->high;
      break;
    }
  if (!isfinite (black))
    black = 0;
  if (!isfinite (white))
    white = black + 1;
  /* A flat image (or equal limits) still needs a non-empty interval. */
  if (!(white > black))
    {
      double pad = fabs (black) > 0 ? fabs (black) * 1e-6 : 0.5;

      white = black + pad;
      black = black - pad;
    }
  *out_black = black;
  *out_white = white;
}

/* ------------------------------------------------------------ rendering */

cairo_surface_t *
isc_image_render_float (const float *pixels,
                        guint        width,
                        guint        height,
                        double       black,
                        double       white,
                        double       gamma,
                        IscColormap  colormap)
{
  const guint8 *table = isc_colormap_table (colormap);
  guint32 lut[N_LUT];
  cairo_surface_t *surface;
  guint8 *data;
  int stride;
  float fblack, scale;

  g_return_val_if_fail (pixels != NULL, NULL);
  if (width == 0 || height == 0 || width > 32767 || height > 32767)
    return NULL;
  if (!(gamma > 0) || !isfinite (gamma))
    gamma = 1;
  if (!(white > black))
    white = black + 1;

  /* Contrast, gamma and colour map folded into one table over the normalised intensity, so
   * the per-pixel work is one multiply and one look-up. */
  for (guint k = 0; k < N_LUT; k++)
    {
      double t = (double) k / (N_LUT - 1);
      guint idx = (guint) floor (pow (t, gamma) * 255 + 0.5);

      idx = MIN (idx, 255);
      lut[k] = 0xff000000u | ((guint32) table[3 * idx] << 16) | ((guint32) table[3 * idx + 1] << 8) | table[3 * idx + 2];
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  fblack = (float) black;
  scale = (float) ((N_LUT - 1) / (white - black));
  for (guint y = 0; y < height; y++)
    {
      const float *src = pixels + (gsize) y * width;
      guint32 *dst = (guint32 *) (data + (gsize) y * stride);

      for (guint x = 0; x < width; x++)
        {
          float k = (src[x] - fblack) * scale + 0.5f;

          if (isnan (k))
            dst[x] = 0;
          else if (k <= 0)
            dst[x] = lut[0];
          else if (k >= N_LUT - 1)
            dst[x] = lut[N_LUT - 1];
          else
            dst[x] = lut[(guint) k];
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

cairo_surface_t *
isc_image_render_rgba (const IscImage       *image,
                       guint                 frame,
                       const IscContrast    *contrast,
                       IscColormap           colormap,
                       const IscImageLevels *levels,
                       double               *out_black,
                       double               *out_white)
{
  g_autoptr(IscImageLevels) own = NULL;
  IscContrast def;
  double black, white;

  g_return_val_if_fail (image != NULL && frame < image->frames, NULL);
  if (contrast == NULL)
    {
      isc_contrast_init_default (&def);
      contrast = &def;
    }
  if (levels == NULL && contrast->mode != ISC_CONTRAST_MANUAL)
    levels = own = isc_image_levels_compute (image, frame);
  isc_contrast_resolve (contrast, levels, &black, &white);
  if (out_black != NULL)
    *out_black = black;
  if (out_white != NULL)
    *out_white = white;
  return isc_image_render_float (isc_image_frame_const (image, frame), image->width, image->height,
                                 black, white, contrast->gamma, colormap);
}

/* ------------------------------------------------------------ fitted drawing and export */

/* The body of isc_image_draw_fitted, needing only the calibration of the image. */
static void
draw_fitted (cairo_t         *cr,
             cairo_surface_t *rgba,
             double           pixel_size,
             const char      *unit,
             double           width,
             double           height,
             gboolean         scale_bar)
{
  double iw, ih, zoom, ox, oy;
  cairo_pattern_t *pattern;
  IscScaleBar bar;

  iw = cairo_image_surface_get_width (rgba);
  ih = cairo_image_surface_get_height (rgba);
  if (iw <= 0 || ih <= 0 || !(width > 0) || !(height > 0))
    return;
  zoom = MIN (width / iw, height / ih);
  ox = (width - iw * zoom) / 2;
  oy = (height - ih * zoom) / 2;

  cairo_save (cr);
  cairo_translate (cr, ox, oy);
  cairo_rectangle (cr, 0, 0, iw * zoom, ih * zoom);
  cairo_clip (cr);
  cairo_scale (cr, zoom, zoom);
  cairo_set_source_surface (cr, rgba, 0, 0);
  pattern = cairo_get_source (cr);
  /* Enlarged pixels stay square (and PDF/SVG viewers are told not to smooth them). */
  cairo_pattern_set_filter (pattern, zoom >= 1 ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);

  if (scale_bar && isc_scale_bar_choose (pixel_size, unit, iw, &bar))
    {
      double shown_w = iw * zoom, shown_h = ih * zoom;

      cairo_save (cr);
      cairo_translate (cr, ox, oy);
      isc_scale_bar_draw (cr, bar.label, bar.length_px * zoom, shown_w, shown_h,
                          MAX (8, 0.035 * MIN (shown_w, shown_h)));
      cairo_restore (cr);
    }
}

void
isc_image_draw_fitted (cairo_t         *cr,
                       cairo_surface_t *rgba,
                       const IscImage  *image,
                       double           width,
                       double           height,
                       gboolean         scale_bar)
{
  g_return_if_fail (cr != NULL && rgba != NULL && image != NULL);
  draw_fitted (cr, rgba, image->axis[ISC_IMAGE_AXIS_X].scale, image->axis[ISC_IMAGE_AXIS_X].unit,
               width, height, scale_bar);
}

/* ------------------------------------------------------------ figure panels */

typedef struct
{
  cairo_surface_t *rgba;
  double           pixel_size;
  char            *unit;
  gboolean         scale_bar;
} ImagePanel;

static void
image_panel_free (gpointer data)
{
  ImagePanel *panel = data;

  cairo_surface_destroy (panel->rgba);
  g_free (panel->unit);
  g_free (panel);
}

static void
draw_image_panel (cairo_t  *cr,
                  double    width,
                  double    height,
                  gpointer  user_data)
{
  ImagePanel *panel = user_data;

  draw_fitted (cr, panel->rgba, panel->pixel_size, panel->unit, width, height, panel->scale_bar);
}

gboolean
isc_image_set_figure_panel (IscFigure         *figure,
                            guint              row,
                            guint              column,
                            const IscImage    *image,
                            guint              frame,
                            const IscContrast *contrast,
                            IscColormap        colormap,
                            gboolean           scale_bar)
{
  ImagePanel *panel;
  cairo_surface_t *rgba;

  g_return_val_if_fail (figure != NULL && image != NULL, FALSE);
  if (frame >= image->frames)
    return FALSE;
  rgba = isc_image_render_rgba (image, frame, contrast, colormap, NULL, NULL, NULL);
  if (rgba == NULL)
    return FALSE;
  panel = g_new0 (ImagePanel, 1);
  panel->rgba = rgba;
  panel->pixel_size = image->axis[ISC_IMAGE_AXIS_X].scale;
  panel->unit = g_strdup (image->axis[ISC_IMAGE_AXIS_X].unit);
  panel->scale_bar = scale_bar;
  isc_figure_set_panel_func (figure, row, column, draw_image_panel, panel, image_panel_free);
  return TRUE;
}

typedef struct
{
  const IscImage  *image;
  cairo_surface_t *rgba;
  gboolean         scale_bar;
} ExportData;

static void
draw_export (cairo_t  *cr,
             double    width,
             double    height,
             gpointer  user_data)
{
  ExportData *data = user_data;

  isc_image_draw_fitted (cr, data->rgba, data->image, width, height, data->scale_bar);
}

gboolean
isc_image_export (const IscImage    *image,
                  guint              frame,
                  const IscContrast *contrast,
                  IscColormap        colormap,
                  gboolean           scale_bar,
                  const char        *path,
                  GError           **error)
{
  ExportData data = { image, NULL, scale_bar };
  double width_pt, height_pt, dpi = 72;
  gboolean ok;

  g_return_val_if_fail (image != NULL && path != NULL, FALSE);
  if (frame >= image->frames)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   _("Cannot export %s: frame %u of an image with %u frames"), path, frame, image->frames);
      return FALSE;
    }
  data.rgba = isc_image_render_rgba (image, frame, contrast, colormap, NULL, NULL, NULL);
  if (data.rgba == NULL)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   _("Cannot export %s: an image of %u × %u pixels is too large to draw"),
                   path, image->width, image->height);
      return FALSE;
    }
  /* One point per pixel, as large as the exporter allows; PNG then gets one pixel per pixel. */
  width_pt = image->width;
  height_pt = image->height;
  if (MAX (width_pt, height_pt) > 14400)
    {
      double shrink = 14400 / MAX (width_pt, height_pt);

      width_pt *= shrink;
      height_pt *= shrink;
      dpi = 72 / shrink;
    }
  ok = isc_render_export (path, MAX (width_pt, 1), MAX (height_pt, 1), dpi, draw_export, &data, error);
  cairo_surface_destroy (data.rgba);
  return ok;
}
