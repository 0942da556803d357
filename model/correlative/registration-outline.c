/* registration-outline.c: a registration started from the needle's outline (see the header).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "registration-outline.h"

#include <math.h>
#include <string.h>

#include "isc-error.h"

/* An outline needs this many cells and this elongation to have an axis worth trusting. */
#define MIN_CELLS      50
#define MIN_ELONGATION 1.3
/* The share of the length at each end whose width tells the apex (narrow) from the shank. */
#define END_SHARE      0.15
/* The share of the length at the tip whose cells place the apex sideways. */
#define TIP_SHARE      0.03

/* The outline of the cells of @mask (non-zero) on a @width × @height grid. */
static gboolean
outline_of_mask (const guint8     *mask,
                 guint             width,
                 guint             height,
                 IscNeedleOutline *o)
{
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, cxx, cyy, cxy, theta, l1, l2, tr, det;
  double t_min = G_MAXDOUBLE, t_max = -G_MAXDOUBLE, ax, ay, tip_side = 0;
  gsize n = 0, ends[2] = { 0, 0 }, n_tip = 0;

  memset (o, 0, sizeof *o);
  for (guint r = 0; r < height; r++)
    for (guint c = 0; c < width; c++)
      if (mask[(gsize) r * width + c])
        {
          n++;
          sx += c;
          sy += r;
        }
  o->n_cells = n;
  if (n < MIN_CELLS)
    return FALSE;
  o->centroid[0] = sx / n;
  o->centroid[1] = sy / n;
  for (guint r = 0; r < height; r++)
    for (guint c = 0; c < width; c++)
      if (mask[(gsize) r * width + c])
        {
          double dx = c - o->centroid[0], dy = r - o->centroid[1];

          sxx += dx * dx;
          syy += dy * dy;
          sxy += dx * dy;
        }
  cxx = sxx / n;
  cyy = syy / n;
  cxy = sxy / n;
  /* The principal moments and the direction of the larger. */
  tr = cxx + cyy;
  det = cxx * cyy - cxy * cxy;
  l1 = tr / 2 + sqrt (MAX (tr * tr / 4 - det, 0));
  l2 = tr / 2 - sqrt (MAX (tr * tr / 4 - det, 0));
  o->elongation = l2 > 0 ? sqrt (l1 / l2) : G_MAXDOUBLE;
  theta = 0.5 * atan2 (2 * cxy, cxx - cyy);
  ax = cos (theta);
  ay = sin (theta);

  for (guint r = 0; r < height; r++)
    for (guint c = 0; c < width; c++)
      if (mask[(gsize) r * width + c])
        {
          double t = (c - o->centroid[0]) * ax + (r - o->centroid[1]) * ay;

          t_min = MIN (t_min, t);
          t_max = MAX (t_max, t);
        }
  o->length = t_max - t_min;
  /* The narrower end is the apex: the shank widens, or is cut by the image's edge. */
  for (guint r = 0; r < height; r++)
    for (guint c = 0; c < width; c++)
      if (mask[(gsize) r * width + c])
        {
          double t = (c - o->centroid[0]) * ax + (r - o->centroid[1]) * ay;

          if (t < t_min + END_SHARE * o->length)
            ends[0]++;
          else if (t > t_max - END_SHARE * o->length)
            ends[1]++;
        }
  if (ends[0] < ends[1])
    {
      double t = t_min;

      ax = -ax;
      ay = -ay;
      t_min = -t_max;
      t_max = -t;
    }
  o->axis[0] = ax;
  o->axis[1] = ay;

  /* The apex: at the outermost point along the axis, in the middle of the tip's cells. */
  for (guint r = 0; r < height; r++)
    for (guint c = 0; c < width; c++)
      if (mask[(gsize) r * width + c])
        {
          double dx = c - o->centroid[0], dy = r - o->centroid[1];
          double t = dx * ax + dy * ay;

          if (t > t_max - MAX (TIP_SHARE * o->length, 1.0))
            {
              tip_side += -dx * ay + dy * ax;
              n_tip++;
            }
        }
  tip_side /= MAX (n_tip, 1);
  o->apex[0] = o->centroid[0] + t_max * ax - tip_side * ay;
  o->apex[1] = o->centroid[1] + t_max * ay + tip_side * ax;
  return TRUE;
}

/* The outline of the part of @mask within @max_length (grid units) of the apex: a needle cut by
 * the image's edge, or longer than the APT data, tilts the axis of the whole; the piece near the
 * apex has the shape the APT data has. Refined twice, as the apex and axis settle. */
static gboolean
outline_near_apex (const guint8     *mask,
                   guint             width,
                   guint             height,
                   double            max_length,
                   IscNeedleOutline *o)
{
  g_autofree guint8 *part = g_new (guint8, (gsize) width * height);

  if (!outline_of_mask (mask, width, height, o))
    return FALSE;
  for (guint round = 0; round < 3 && o->length > max_length; round++)
    {
      IscNeedleOutline next;

      for (guint r = 0; r < height; r++)
        for (guint c = 0; c < width; c++)
          {
            gsize i = (gsize) r * width + c;

            part[i] = mask[i] && ((c - o->apex[0]) * o->axis[0] + (r - o->apex[1]) * o->axis[1]
                                  >= -max_length);
          }
      if (!outline_of_mask (part, width, height, &next))
        break;
      *o = next;
    }
  return TRUE;
}

/* Otsu's threshold of @values (finite ones) in 256 bins between their extremes. */
static double
otsu_threshold (const float *values,
                gsize        n)
{
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, total = 0, sum = 0, w0 = 0, s0 = 0, best = -1;
  double threshold;
  gsize hist[256] = { 0 }, count = 0;

  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      {
        lo = MIN (lo, values[i]);
        hi = MAX (hi, values[i]);
      }
  if (!(hi > lo))
    return NAN;
  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      {
        hist[MIN ((int) ((values[i] - lo) / (hi - lo) * 256), 255)]++;
        count++;
      }
  for (guint b = 0; b < 256; b++)
    sum += (double) b * hist[b];
  total = count;
  threshold = 128;
  for (guint b = 0; b < 256; b++)
    {
      double w1, between;

      w0 += hist[b];
      s0 += (double) b * hist[b];
      w1 = total - w0;
      if (w0 == 0 || w1 == 0)
        continue;
      between = w0 * w1 * pow (s0 / w0 - (sum - s0) / w1, 2);
      if (between > best)
        {
          best = between;
          threshold = b + 1;
        }
    }
  return lo + threshold / 256 * (hi - lo);
}

/* A box mean over (2 @radius + 1)² cells, so that noise does not speckle the silhouette. */
static float *
box_smooth (const float *pixels,
            guint        width,
            guint        height,
            guint        radius)
{
  float *row_pass = g_new (float, (gsize) width * height);
  float *out = g_new (float, (gsize) width * height);

  for (guint r = 0; r < height; r++)
    for (guint c = 0; c < width; c++)
      {
        double s = 0;
        guint k = 0;

        for (int d = -(int) radius; d <= (int) radius; d++)
          if ((int) c + d >= 0 && (int) c + d < (int) width)
            {
              s += pixels[(gsize) r * width + c + d];
              k++;
            }
        row_pass[(gsize) r * width + c] = s / k;
      }
  for (guint r = 0; r < height; r++)
    for (guint c = 0; c < width; c++)
      {
        double s = 0;
        guint k = 0;

        for (int d = -(int) radius; d <= (int) radius; d++)
          if ((int) r + d >= 0 && (int) r + d < (int) height)
            {
              s += row_pass[(gsize) (r + d) * width + c];
              k++;
            }
        out[(gsize) r * width + c] = s / k;
      }
  g_free (row_pass);
  return out;
}

/* Keeps only the largest 4-connected piece of @mask. */
static void
keep_largest_piece (guint8 *mask,
                    guint   width,
                    guint   height)
{
  gsize n = (gsize) width * height, best_size = 0;
  guint32 *label = g_new0 (guint32, n);
  gsize *stack = g_new (gsize, n);
  guint32 next = 0, best = 0;

  for (gsize start = 0; start < n; start++)
    {
      gsize top = 0, size = 0;

      if (!mask[start] || label[start] != 0)
        continue;
      label[start] = ++next;
      stack[top++] = start;
      while (top > 0)
        {
          gsize i = stack[--top], r = i / width, c = i % width;
          gsize nb[4];
          guint k = 0;

          size++;
          if (c > 0)
            nb[k++] = i - 1;
          if (c + 1 < width)
            nb[k++] = i + 1;
          if (r > 0)
            nb[k++] = i - width;
          if (r + 1 < height)
            nb[k++] = i + width;
          for (guint j = 0; j < k; j++)
            if (mask[nb[j]] && label[nb[j]] == 0)
              {
                label[nb[j]] = next;
                stack[top++] = nb[j];
              }
        }
      if (size > best_size)
        {
          best_size = size;
          best = next;
        }
    }
  for (gsize i = 0; i < n; i++)
    mask[i] = mask[i] && label[i] == best;
  g_free (stack);
  g_free (label);
}

gboolean
isc_needle_outline_of_image (const float       *pixels,
                             guint              width,
                             guint              height,
                             double             max_length,
                             IscNeedleOutline  *outline,
                             float            **mask_out,
                             GError           **error)
{
  gsize n = (gsize) width * height, border[2] = { 0, 0 };
  g_autofree float *smooth = NULL;
  g_autofree guint8 *mask = NULL;
  double threshold;
  gboolean needle_above;

  g_return_val_if_fail (pixels != NULL && outline != NULL, FALSE);

  if (width < 8 || height < 8)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID,
                   "the image (%u × %u pixels) is too small to show a needle", width, height);
      return FALSE;
    }
  smooth = box_smooth (pixels, width, height, MAX (1, MIN (width, height) / 200));
  threshold = otsu_threshold (smooth, n);
  if (isnan (threshold))
    {
      g_set_error_literal (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID,
                           "the image is flat: no needle stands out of its background");
      return FALSE;
    }
  /* The background surrounds the needle: the class holding less of the border is the needle. */
  for (guint r = 0; r < height; r++)
    for (guint c = 0; c < width; c++)
      if (r == 0 || c == 0 || r + 1 == height || c + 1 == width)
        border[smooth[(gsize) r * width + c] > threshold]++;
  needle_above = border[1] < border[0];
  mask = g_new (guint8, n);
  for (gsize i = 0; i < n; i++)
    mask[i] = (smooth[i] > threshold) == needle_above;
  keep_largest_piece (mask, width, height);

  if (!outline_near_apex (mask, width, height, max_length > 0 ? max_length : G_MAXDOUBLE, outline)
      || outline->elongation < MIN_ELONGATION)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID,
                   "the image shows no needle: its %s object (%" G_GSIZE_FORMAT " pixels) is "
                   "not elongated enough to have an axis", needle_above ? "bright" : "dark",
                   outline->n_cells);
      return FALSE;
    }
  if (mask_out != NULL)
    {
      *mask_out = g_new (float, n);
      for (gsize i = 0; i < n; i++)
        (*mask_out)[i] = mask[i];
    }
  return TRUE;
}

gboolean
isc_needle_outline_of_points (const float      *x,
                              const float      *y,
                              const float      *z,
                              gsize             n,
                              const double      view[3],
                              double            bin_nm,
                              IscNeedleOutline *outline,
                              GError          **error)
{
  double lo[2] = { G_MAXDOUBLE, G_MAXDOUBLE }, hi[2] = { -G_MAXDOUBLE, -G_MAXDOUBLE };
  g_autofree guint8 *mask = NULL;
  guint width, height;

  g_return_val_if_fail (outline != NULL, FALSE);

  if (n == 0 || !(bin_nm > 0))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "no APT points (%" G_GSIZE_FORMAT ") or no bin (%g nm) to outline", n, bin_nm);
      return FALSE;
    }
  /* Projected twice, for the extent and then into the bins, rather than kept: 16 B per ion
   * would not fit beside a billion-ion specimen. */
  for (gsize i = 0; i < n; i++)
    {
      double p[3] = { x[i], y[i], z[i] }, uv[2];

      isc_registration_project (view, p, uv);
      for (guint a = 0; a < 2; a++)
        {
          lo[a] = MIN (lo[a], uv[a]);
          hi[a] = MAX (hi[a], uv[a]);
        }
    }
  /* Bins coarse enough that the needle has no holes, at most 2048 a side. */
  bin_nm = MAX (bin_nm, MAX (hi[0] - lo[0], hi[1] - lo[1]) / 2048);
  width = (guint) ((hi[0] - lo[0]) / bin_nm) + 1;
  height = (guint) ((hi[1] - lo[1]) / bin_nm) + 1;
  mask = g_new0 (guint8, (gsize) width * height);
  for (gsize i = 0; i < n; i++)
    {
      double p[3] = { x[i], y[i], z[i] }, uv[2];
      guint c, r;

      isc_registration_project (view, p, uv);
      c = (guint) ((uv[0] - lo[0]) / bin_nm);
      r = (guint) ((uv[1] - lo[1]) / bin_nm);
      mask[(gsize) MIN (r, height - 1) * width + MIN (c, width - 1)] = 1;
    }
  if (!outline_of_mask (mask, width, height, outline) || outline->elongation < MIN_ELONGATION)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID,
                   "the APT data seen along (%.2f, %.2f, %.2f) is no needle (elongation %.2f): "
                   "project it across the needle axis (--view x or y)",
                   view != NULL ? view[0] : 0, view != NULL ? view[1] : 0,
                   view != NULL ? view[2] : 1, outline->elongation);
      return FALSE;
    }
  /* From bins to nm of the (u, v) plane: cell c spans [lo + c·bin, lo + (c + 1)·bin). */
  for (guint a = 0; a < 2; a++)
    {
      outline->centroid[a] = lo[a] + (outline->centroid[a] + 0.5) * bin_nm;
      outline->apex[a] = lo[a] + (outline->apex[a] + 0.5) * bin_nm;
    }
  outline->length *= bin_nm;
  return TRUE;
}

gboolean
isc_registration_from_outline (IscRegistration  *reg,
                               const float      *x,
                               const float      *y,
                               const float      *z,
                               gsize             n,
                               const double      view[3],
                               const float      *pixels,
                               guint             width,
                               guint             height,
                               double            pixel_size_nm,
                               float           **mask,
                               GError          **error)
{
  IscNeedleOutline image, apt;
  double rotation, apex_px[2];

  g_return_val_if_fail (reg != NULL, FALSE);

  if (!(pixel_size_nm > 0) || !isfinite (pixel_size_nm))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "the image has no calibration (pixel size %g nm)", pixel_size_nm);
      return FALSE;
    }
  /* The image's needle as far from its apex as the APT data reaches (at scale 1). */
  if (!isc_needle_outline_of_points (x, y, z, n, view, MAX (pixel_size_nm, 0.5), &apt, error)
      || !isc_needle_outline_of_image (pixels, width, height, apt.length / pixel_size_nm, &image,
                                       mask, error))
    return FALSE;
  /* R turns the APT axis onto the image's; then the apexes meet. */
  rotation = (atan2 (image.axis[1], image.axis[0]) - atan2 (apt.axis[1], apt.axis[0])) * 180 / G_PI;
  rotation = remainder (rotation, 360);
  isc_registration_init (reg, view, pixel_size_nm, rotation, 1.0, 0, 0);
  isc_registration_apply_uv (reg, apt.apex, apex_px);
  isc_registration_init (reg, view, pixel_size_nm, rotation, 1.0, image.apex[0] - apex_px[0],
                         image.apex[1] - apex_px[1]);
  return TRUE;
}

gboolean
isc_registration_refine_outline (IscRegistration *reg,
                                 const float     *x,
                                 const float     *y,
                                 const float     *z,
                                 gsize            n,
                                 const float     *mask,
                                 guint            width,
                                 guint            height,
                                 double          *ncc,
                                 GError         **error)
{
  g_autoptr(IscProjectedMap) map = NULL;
  gsize bins;

  g_return_val_if_fail (reg != NULL && mask != NULL, FALSE);

  /* Bins of about one image pixel, but at least 0.5 nm so that the needle has no holes. */
  map = isc_projected_map_new (x, y, z, n, NULL, NULL, ISC_MAP_DENSITY, reg->view,
                               MAX (reg->pixel_size_nm / MAX (reg->scale, 1e-6), 0.5), 0, error);
  if (map == NULL)
    return FALSE;
  /* The silhouette: the mask knows where the needle is, not how thick it is there. */
  bins = (gsize) map->width * map->height;
  for (gsize i = 0; i < bins; i++)
    map->values[i] = map->counts[i] > 0 ? 1.0f : 0.0f;
  return isc_registration_refine (reg, map, mask, width, height, ncc, error);
}
