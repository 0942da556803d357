/* registration.c: landmark fit, projection and correlation refinement of APT data on an image.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "registration.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MAP_BINS      (4096u * 4096u)
/* Landmarks whose spread across their main direction is below this fraction of the spread along
 * it lie on a line: rotation and scale would rest on noise. */
#define MIN_SPREAD_RATIO  0.02
/* Refinement looks for small corrections of the landmark fit; beyond these it has locked on to
 * something else and its answer is not trusted. */
#define MAX_REFINE_DEG    10.0
#define MAX_REFINE_LOG_S  0.2
/* Below this the best overlap is chance: a wrong image or a map of the wrong quantity. */
#define MIN_REFINED_NCC   0.2

static const double default_view[3] = { 0, 0, 1 };

gboolean
isc_registration_parse_view (const char  *text,
                             double       view[3],
                             GError     **error)
{
  g_auto(GStrv) parts = NULL;
  double norm = 0;
  double sign = 1;
  const char *axis = text;

  g_return_val_if_fail (text != NULL, FALSE);

  if (axis[0] == '-' || axis[0] == '+')
    {
      sign = axis[0] == '-' ? -1 : 1;
      axis++;
    }
  if (g_ascii_strcasecmp (axis, "x") == 0 || g_ascii_strcasecmp (axis, "y") == 0
      || g_ascii_strcasecmp (axis, "z") == 0)
    {
      int i = g_ascii_tolower (axis[0]) - 'x';

      view[0] = view[1] = view[2] = 0;
      view[i] = sign;
      return TRUE;
    }

  parts = g_strsplit (text, ",", -1);
  if (g_strv_length (parts) == 3)
    {
      gboolean ok = TRUE;

      for (guint i = 0; i < 3; i++)
        {
          char *end = NULL;

          view[i] = g_ascii_strtod (g_strstrip (parts[i]), &end);
          ok = ok && end != parts[i] && *end == '\0' && isfinite (view[i]);
          norm += view[i] * view[i];
        }
      norm = sqrt (norm);
      if (ok && norm > 0)
        {
          for (guint i = 0; i < 3; i++)
            view[i] /= norm;
          return TRUE;
        }
    }
  g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
               "invalid view direction “%s”: expected x, y, z (optionally signed) or three numbers "
               "“a,b,c” not all zero", text);
  return FALSE;
}

void
isc_registration_project (const double view[3],
                          const double apt_nm[3],
                          double       uv_nm[2])
{
  const double *d = view != NULL ? view : default_view;
  double k[3], s, c, kp, kxp[3], p[3];

  /* The shortest rotation taking d to z (Rodrigues): axis d × z, angle acos (d · z). */
  k[0] = d[1];
  k[1] = -d[0];
  k[2] = 0;
  s = sqrt (k[0] * k[0] + k[1] * k[1]);
  c = d[2];
  if (s < 1e-12)
    {
      uv_nm[0] = apt_nm[0];
      uv_nm[1] = c > 0 ? apt_nm[1] : -apt_nm[1];   /* looking along -z: turned over about x */
      return;
    }
  k[0] /= s;
  k[1] /= s;
  kp = k[0] * apt_nm[0] + k[1] * apt_nm[1];
  kxp[0] = k[1] * apt_nm[2];
  kxp[1] = -k[0] * apt_nm[2];
  kxp[2] = k[0] * apt_nm[1] - k[1] * apt_nm[0];
  for (guint i = 0; i < 2; i++)
    p[i] = apt_nm[i] * c + kxp[i] * s + k[i] * kp * (1 - c);
  uv_nm[0] = p[0];
  uv_nm[1] = p[1];
}

double
isc_registration_pixel_size (const IscImage  *image,
                             GError         **error)
{
  const IscAxisCalibration *x;

  g_return_val_if_fail (image != NULL, NAN);

  x = &image->axis[ISC_IMAGE_AXIS_X];
  if (g_strcmp0 (x->unit, "nm") != 0 || !isfinite (x->scale) || x->scale <= 0)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "the image has no length calibration (x axis: scale %g, unit “%s”): a "
                   "registration needs the pixel size in nm — calibrate the image first",
                   x->scale, x->unit != NULL ? x->unit : "");
      return NAN;
    }
  return x->scale;
}

void
isc_registration_update (IscRegistration *reg)
{
  const double *m = reg->matrix;
  double det = m[0] * m[3] - m[1] * m[2];

  /* The nearest similarity: the rotation of the matrix's rotational part, the scale of its area. */
  reg->rotation_deg = atan2 (m[2] - m[1], m[0] + m[3]) * 180.0 / G_PI;
  reg->scale = sqrt (fabs (det)) * reg->pixel_size_nm;
}

void
isc_registration_init (IscRegistration *reg,
                       const double     view[3],
                       double           pixel_size_nm,
                       double           rotation_deg,
                       double           scale,
                       double           translation_x_px,
                       double           translation_y_px)
{
  double theta = rotation_deg * G_PI / 180.0;
  double f = scale / pixel_size_nm;

  g_return_if_fail (reg != NULL);

  memset (reg, 0, sizeof *reg);
  reg->kind = ISC_REGISTRATION_SIMILARITY;
  memcpy (reg->view, view != NULL ? view : default_view, sizeof reg->view);
  reg->pixel_size_nm = pixel_size_nm;
  reg->matrix[0] = f * cos (theta);
  reg->matrix[1] = -f * sin (theta);
  reg->matrix[2] = f * sin (theta);
  reg->matrix[3] = f * cos (theta);
  reg->translation_px[0] = translation_x_px;
  reg->translation_px[1] = translation_y_px;
  reg->rotation_deg = rotation_deg;
  reg->scale = scale;
}

void
isc_registration_apply_uv (const IscRegistration *reg,
                           const double           uv_nm[2],
                           double                 px[2])
{
  const double *m = reg->matrix;

  px[0] = m[0] * uv_nm[0] + m[1] * uv_nm[1] + reg->translation_px[0];
  px[1] = m[2] * uv_nm[0] + m[3] * uv_nm[1] + reg->translation_px[1];
}

void
isc_registration_apply (const IscRegistration *reg,
                        const double           apt_nm[3],
                        double                 px[2])
{
  double uv[2];

  isc_registration_project (reg->view, apt_nm, uv);
  isc_registration_apply_uv (reg, uv, px);
}

gboolean
isc_registration_invert_uv (const IscRegistration *reg,
                            const double           px[2],
                            double                 uv_nm[2])
{
  const double *m = reg->matrix;
  double det = m[0] * m[3] - m[1] * m[2];
  double dx = px[0] - reg->translation_px[0];
  double dy = px[1] - reg->translation_px[1];

  if (det == 0 || !isfinite (det))
    return FALSE;
  uv_nm[0] = (m[3] * dx - m[1] * dy) / det;
  uv_nm[1] = (-m[2] * dx + m[0] * dy) / det;
  return TRUE;
}

void
isc_registration_residuals (const IscRegistration *reg,
                            const IscLandmark     *landmarks,
                            guint                  n,
                            double                *residuals_nm,
                            double                *rms_nm)
{
  double sum = 0;

  for (guint i = 0; i < n; i++)
    {
      double p[2], r;

      isc_registration_apply (reg, landmarks[i].apt_nm, p);
      r = hypot (p[0] - landmarks[i].image_px[0], p[1] - landmarks[i].image_px[1])
          * reg->pixel_size_nm;
      if (residuals_nm != NULL)
        residuals_nm[i] = r;
      sum += r * r;
    }
  if (rms_nm != NULL)
    *rms_nm = n > 0 ? sqrt (sum / n) : NAN;
}

/* Eigenvalues of the symmetric 2 × 2 matrix [[a, b], [b, c]], largest first. */
static void
eigen2 (double  a,
        double  b,
        double  c,
        double *big,
        double *small)
{
  double mean = (a + c) / 2;
  double r = hypot ((a - c) / 2, b);

  *big = mean + r;
  *small = mean - r;
}

gboolean
isc_registration_fit (const IscLandmark   *landmarks,
                      guint                n,
                      IscRegistrationKind  kind,
                      const double         view[3],
                      double               pixel_size_nm,
                      IscRegistration     *reg,
                      double              *residuals_nm,
                      double              *rms_nm,
                      GError             **error)
{
  g_autofree double *uv = NULL;
  double uc[2] = { 0, 0 }, pc[2] = { 0, 0 };
  double suu = 0, suv = 0, svv = 0;        /* spread of the APT side */
  double sxu = 0, sxv = 0, syu = 0, syv = 0;  /* cross terms image · APT */
  double big, small;
  IscRegistration fit;

  g_return_val_if_fail (reg != NULL, FALSE);
  g_return_val_if_fail (n == 0 || landmarks != NULL, FALSE);

  if (n < 3)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "%u landmark pair%s given: a registration needs at least 3 pairs, each a point "
                   "of the APT data and the same point on the image", n, n == 1 ? "" : "s");
      return FALSE;
    }
  if (!isfinite (pixel_size_nm) || pixel_size_nm <= 0)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "the image has no length calibration (pixel size %g nm): a registration needs "
                   "the pixel size in nm — calibrate the image first", pixel_size_nm);
      return FALSE;
    }

  uv = g_new (double, 2 * (gsize) n);
  for (guint i = 0; i < n; i++)
    {
      const IscLandmark *l = &landmarks[i];

      if (!isfinite (l->apt_nm[0]) || !isfinite (l->apt_nm[1]) || !isfinite (l->apt_nm[2])
          || !isfinite (l->image_px[0]) || !isfinite (l->image_px[1]))
        {
          g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                       "landmark pair %u has a coordinate that is not a finite number", i + 1);
          return FALSE;
        }
      isc_registration_project (view, l->apt_nm, uv + 2 * i);
      uc[0] += uv[2 * i] / n;
      uc[1] += uv[2 * i + 1] / n;
      pc[0] += l->image_px[0] / n;
      pc[1] += l->image_px[1] / n;
    }

  /* Centred sums: the normal equations of both models in closed form. */
  for (guint i = 0; i < n; i++)
    {
      double u = uv[2 * i] - uc[0], v = uv[2 * i + 1] - uc[1];
      double x = landmarks[i].image_px[0] - pc[0], y = landmarks[i].image_px[1] - pc[1];

      suu += u * u;
      suv += u * v;
      svv += v * v;
      sxu += x * u;
      sxv += x * v;
      syu += y * u;
      syv += y * v;
    }
  eigen2 (suu, suv, svv, &big, &small);
  if (big <= 1e-12)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "the %u APT landmarks coincide once projected along the view direction: place "
                   "them at distinct features", n);
      return FALSE;
    }
  if (small < 0 || sqrt (small / big) < MIN_SPREAD_RATIO)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "the %u APT landmarks lie on one line once projected along the view direction: "
                   "rotation and scale cannot be told apart — add a landmark away from that line",
                   n);
      return FALSE;
    }

  memset (&fit, 0, sizeof fit);
  fit.kind = kind;
  memcpy (fit.view, view != NULL ? view : default_view, sizeof fit.view);
  fit.pixel_size_nm = pixel_size_nm;
  if (kind == ISC_REGISTRATION_AFFINE)
    {
      /* M = (Σ p qᵀ) (Σ q qᵀ)⁻¹ */
      double det = suu * svv - suv * suv;

      if (n < 3 || det <= 0)
        {
          g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                       "the APT landmarks do not span a plane: an affine fit is undetermined");
          return FALSE;
        }
      fit.matrix[0] = (sxu * svv - sxv * suv) / det;
      fit.matrix[1] = (sxv * suu - sxu * suv) / det;
      fit.matrix[2] = (syu * svv - syv * suv) / det;
      fit.matrix[3] = (syv * suu - syu * suv) / det;
    }
  else
    {
      double norm = suu + svv;
      double a = (sxu + syv) / norm;
      double b = (syu - sxv) / norm;

      fit.matrix[0] = a;
      fit.matrix[1] = -b;
      fit.matrix[2] = b;
      fit.matrix[3] = a;
    }
  if (fabs (fit.matrix[0] * fit.matrix[3] - fit.matrix[1] * fit.matrix[2]) * pixel_size_nm
      * pixel_size_nm < 1e-12)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "the image landmarks coincide or lie on one line: the fit has no scale");
      return FALSE;
    }
  fit.translation_px[0] = pc[0] - fit.matrix[0] * uc[0] - fit.matrix[1] * uc[1];
  fit.translation_px[1] = pc[1] - fit.matrix[2] * uc[0] - fit.matrix[3] * uc[1];
  isc_registration_update (&fit);

  *reg = fit;
  isc_registration_residuals (reg, landmarks, n, residuals_nm, rms_nm);
  return TRUE;
}

/* Landmark files ---------------------------------------------------------------------------- */

GArray *
isc_landmarks_read_csv (const char  *path,
                        GError     **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) landmarks = g_array_new (FALSE, TRUE, sizeof (IscLandmark));
  gboolean header = FALSE;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      g_auto(GStrv) cells = NULL;
      IscLandmark l;
      double values[5];

      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (!header)
        {
          g_autofree char *compact = g_strdup (line);
          char *out = compact;

          for (const char *p = line; *p != '\0'; p++)
            if (*p != ' ' && *p != '\t')
              *out++ = *p;
          *out = '\0';
          if (!g_str_equal (compact, ISC_LANDMARKS_CSV_HEADER))
            {
              g_autofree char *shown = isc_error_excerpt (line, 60);

              g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_FORMAT,
                           "%s: line %u: expected the header “" ISC_LANDMARKS_CSV_HEADER
                           "”, found “%s”",
                           path, i + 1, shown);
              return NULL;
            }
          header = TRUE;
          continue;
        }
      cells = g_strsplit (line, ",", -1);
      if (g_strv_length (cells) != 5)
        {
          g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_FORMAT,
                       "%s: line %u: expected 5 numbers (" ISC_LANDMARKS_CSV_HEADER
                       "), found %u fields",
                       path, i + 1, g_strv_length (cells));
          return NULL;
        }
      for (guint k = 0; k < 5; k++)
        {
          char *cell = g_strstrip (cells[k]), *end = NULL;

          values[k] = g_ascii_strtod (cell, &end);
          if (end == cell || *end != '\0' || !isfinite (values[k]))
            {
              g_autofree char *shown = isc_error_excerpt (cell, 20);

              g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_FORMAT,
                           "%s: line %u, column %u: “%s” is not a finite number", path, i + 1,
                           k + 1, shown);
              return NULL;
            }
        }
      memcpy (l.apt_nm, values, sizeof l.apt_nm);
      memcpy (l.image_px, values + 3, sizeof l.image_px);
      g_array_append_val (landmarks, l);
    }
  if (!header)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_FORMAT,
                   "%s: empty: expected the header “" ISC_LANDMARKS_CSV_HEADER
                   "” and one pair per line",
                   path);
      return NULL;
    }
  return g_steal_pointer (&landmarks);
}

gboolean
isc_landmarks_write_csv (const char         *path,
                         const IscLandmark  *landmarks,
                         guint               n,
                         GError            **error)
{
  g_autoptr(GString) text = g_string_new (ISC_LANDMARKS_CSV_HEADER "\n");

  for (guint i = 0; i < n; i++)
    {
      char cells[5][G_ASCII_DTOSTR_BUF_SIZE];
      const double values[5] = { landmarks[i].apt_nm[0], landmarks[i].apt_nm[1],
                                 landmarks[i].apt_nm[2], landmarks[i].image_px[0],
                                 landmarks[i].image_px[1] };

      for (guint k = 0; k < 5; k++)
        g_ascii_formatd (cells[k], sizeof cells[k], "%.4f", values[k]);
      g_string_append_printf (text, "%s,%s,%s,%s,%s\n", cells[0], cells[1], cells[2], cells[3],
                              cells[4]);
    }
  return g_file_set_contents (path, text->str, text->len, error);
}

/* Projected map ------------------------------------------------------------------------------ */

void
isc_projected_map_free (IscProjectedMap *map)
{
  if (map == NULL)
    return;
  g_free (map->values);
  g_free (map->counts);
  g_free (map);
}

/* Separable Gaussian blur of a width × height grid, in place. */
static void
blur (float  *grid,
      guint   width,
      guint   height,
      double  sigma_bins)
{
  int radius = (int) ceil (3 * sigma_bins);
  g_autofree double *kernel = NULL;
  g_autofree float *line = NULL;
  double total = 0;

  if (sigma_bins <= 0.05 || radius < 1)
    return;
  kernel = g_new (double, 2 * radius + 1);
  for (int k = -radius; k <= radius; k++)
    total += kernel[k + radius] = exp (-0.5 * k * k / (sigma_bins * sigma_bins));
  for (int k = 0; k <= 2 * radius; k++)
    kernel[k] /= total;
  line = g_new (float, MAX (width, height));

  for (guint r = 0; r < height; r++)
    {
      float *row = grid + (gsize) r * width;

      memcpy (line, row, width * sizeof (float));
      for (guint c = 0; c < width; c++)
        {
          double sum = 0;

          for (int k = -radius; k <= radius; k++)
            {
              int cc = (int) c + k;

              if (cc >= 0 && cc < (int) width)
                sum += kernel[k + radius] * line[cc];
            }
          row[c] = sum;
        }
    }
  for (guint c = 0; c < width; c++)
    {
      for (guint r = 0; r < height; r++)
        line[r] = grid[(gsize) r * width + c];
      for (guint r = 0; r < height; r++)
        {
          double sum = 0;

          for (int k = -radius; k <= radius; k++)
            {
              int rr = (int) r + k;

              if (rr >= 0 && rr < (int) height)
                sum += kernel[k + radius] * line[rr];
            }
          grid[(gsize) r * width + c] = sum;
        }
    }
}

IscProjectedMap *
isc_projected_map_new (const float     *x,
                       const float     *y,
                       const float     *z,
                       gsize            n,
                       const guint8    *ion_type,
                       const gboolean  *selected,
                       IscMapQuantity   quantity,
                       const double     view[3],
                       double           bin_nm,
                       double           smooth_nm,
                       GError         **error)
{
  g_autoptr(IscProjectedMap) map = NULL;
  g_autofree float *selected_counts = NULL;
  g_autofree float *ranged = NULL;
  double lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };
  gboolean chosen = ion_type != NULL && selected != NULL;
  gboolean composition = chosen && quantity == ISC_MAP_FRACTION;
  double pad;
  gsize bins;

  if (quantity == ISC_MAP_FRACTION && !chosen)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "a composition map needs ranged ions and a choice of ion types");
      return NULL;
    }
  if (!isfinite (bin_nm) || bin_nm <= 0 || !isfinite (smooth_nm) || smooth_nm < 0)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "invalid map bin (%g nm) or smoothing (%g nm): expected a bin > 0 and a "
                   "smoothing ≥ 0", bin_nm, smooth_nm);
      return NULL;
    }
  for (gsize i = 0; i < n; i++)
    {
      double p[3] = { x[i], y[i], z[i] }, uv[2];

      isc_registration_project (view, p, uv);
      for (guint k = 0; k < 2; k++)
        if (isfinite (uv[k]))
          {
            lo[k] = MIN (lo[k], uv[k]);
            hi[k] = MAX (hi[k], uv[k]);
          }
    }
  if (!(lo[0] <= hi[0]) || !(lo[1] <= hi[1]))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "no APT point with finite coordinates to project");
      return NULL;
    }

  map = g_new0 (IscProjectedMap, 1);
  pad = 3 * smooth_nm + bin_nm;
  map->bin_nm = bin_nm;
  memcpy (map->view, view != NULL ? view : default_view, sizeof map->view);
  map->origin_nm[0] = lo[0] - pad;
  map->origin_nm[1] = lo[1] - pad;
  map->width = (guint) MIN (ceil ((hi[0] - lo[0] + 2 * pad) / bin_nm) + 1, (double) G_MAXUINT);
  map->height = (guint) MIN (ceil ((hi[1] - lo[1] + 2 * pad) / bin_nm) + 1, (double) G_MAXUINT);
  bins = (gsize) map->width * map->height;
  if ((double) map->width * map->height > MAX_MAP_BINS)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "a map of %u × %u bins of %g nm is too large: choose a larger bin",
                   map->width, map->height, bin_nm);
      return NULL;
    }
  map->counts = g_new0 (float, bins);
  map->values = g_new0 (float, bins);
  if (composition)
    {
      selected_counts = g_new0 (float, bins);
      ranged = g_new0 (float, bins);
    }
  for (gsize i = 0; i < n; i++)
    {
      double p[3] = { x[i], y[i], z[i] }, uv[2];
      gsize c, r, at;

      isc_registration_project (view, p, uv);
      if (!isfinite (uv[0]) || !isfinite (uv[1]))
        continue;
      c = (gsize) floor ((uv[0] - map->origin_nm[0]) / bin_nm + 0.5);
      r = (gsize) floor ((uv[1] - map->origin_nm[1]) / bin_nm + 0.5);
      if (c >= map->width || r >= map->height)
        continue;
      at = r * map->width + c;
      if (!chosen || composition || selected[ion_type[i]])
        map->counts[at] += 1;
      if (composition && ion_type[i] != 255)
        {
          ranged[at] += 1;
          if (selected[ion_type[i]])
            selected_counts[at] += 1;
        }
    }
  blur (map->counts, map->width, map->height, smooth_nm / bin_nm);
  if (composition)
    {
      blur (ranged, map->width, map->height, smooth_nm / bin_nm);
      blur (selected_counts, map->width, map->height, smooth_nm / bin_nm);
      /* Bins with less than a tenth of an ion (after smoothing) have no composition to speak of. */
      for (gsize i = 0; i < bins; i++)
        map->values[i] = ranged[i] >= 0.1f ? selected_counts[i] / ranged[i] : NAN;
    }
  else
    memcpy (map->values, map->counts, bins * sizeof (float));
  return g_steal_pointer (&map);
}

double
isc_projected_map_sample (const IscProjectedMap *map,
                          const double           uv_nm[2])
{
  double fx = (uv_nm[0] - map->origin_nm[0]) / map->bin_nm;
  double fy = (uv_nm[1] - map->origin_nm[1]) / map->bin_nm;
  const float *row0, *row1;
  guint x0, y0;

  if (!(fx >= 0 && fy >= 0 && fx <= map->width - 1 && fy <= map->height - 1)
      || map->width < 2 || map->height < 2)
    return NAN;
  x0 = MIN ((guint) fx, map->width - 2);
  y0 = MIN ((guint) fy, map->height - 2);
  fx -= x0;
  fy -= y0;
  row0 = map->values + (gsize) y0 * map->width;
  row1 = row0 + map->width;
  {
    /* Bilinear over the corners that have a value: a composition is undefined (NaN) where
     * there are no ions, and that must not blank its neighbours. */
    const double w[4] = { (1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy };
    const double v[4] = { row0[x0], row0[x0 + 1], row1[x0], row1[x0 + 1] };
    double sum = 0, weight = 0;

    for (guint k = 0; k < 4; k++)
      if (isfinite (v[k]) && w[k] > 0)
        {
          sum += w[k] * v[k];
          weight += w[k];
        }
    return weight > 1e-9 ? sum / weight : NAN;
  }
}

float *
isc_projected_map_resample (const IscProjectedMap *map,
                            const IscRegistration *reg,
                            guint                  width,
                            guint                  height)
{
  float *grid = g_new (float, (gsize) width * height);

  for (guint r = 0; r < height; r++)
    for (guint c = 0; c < width; c++)
      {
        double p[2] = { c, r }, uv[2];

        grid[(gsize) r * width + c] = isc_registration_invert_uv (reg, p, uv)
                                      ? isc_projected_map_sample (map, uv) : NAN;
      }
  return grid;
}

/* Refinement --------------------------------------------------------------------------------- */

double
isc_registration_ncc (const IscRegistration *reg,
                      const IscProjectedMap *map,
                      const float           *pixels,
                      guint                  width,
                      guint                  height)
{
  double sm = 0, si = 0, smm = 0, sii = 0, smi = 0, nn = 0, den;
  gsize used = 0, total = 0;

  for (guint r = 0; r < map->height; r++)
    for (guint c = 0; c < map->width; c++)
      {
        double m = map->values[(gsize) r * map->width + c];
        double uv[2] = { map->origin_nm[0] + c * map->bin_nm, map->origin_nm[1] + r * map->bin_nm };
        double p[2], fx, fy, i;
        guint x0, y0;
        const float *row0, *row1;

        if (!isfinite (m))
          continue;
        total++;
        isc_registration_apply_uv (reg, uv, p);
        if (!(p[0] >= 0 && p[1] >= 0 && p[0] <= width - 1 && p[1] <= height - 1))
          continue;
        x0 = MIN ((guint) p[0], width - 2);
        y0 = MIN ((guint) p[1], height - 2);
        fx = p[0] - x0;
        fy = p[1] - y0;
        row0 = pixels + (gsize) y0 * width;
        row1 = row0 + width;
        i = (1 - fy) * ((1 - fx) * row0[x0] + fx * row0[x0 + 1])
            + fy * ((1 - fx) * row1[x0] + fx * row1[x0 + 1]);
        if (!isfinite (i))
          continue;
        used++;
        nn += 1;
        sm += m;
        si += i;
        smm += m * m;
        sii += i * i;
        smi += m * i;
      }
  if (used < 16 || used * 4 < total)
    return NAN;
  den = (nn * smm - sm * sm) * (nn * sii - si * si);
  if (!(den > 0))
    return NAN;
  return (nn * smi - sm * si) / sqrt (den);
}

typedef struct
{
  const IscRegistration *start;
  const IscProjectedMap *map;
  const float           *pixels;
  guint                  width;
  guint                  height;
  double                 pivot[2];  /* image pixel the rotation and scale turn about */
} Refine;

/* The start transform corrected by a rotation dθ and scale e^ds about the pivot and a shift. */
static void
refine_apply (const Refine    *data,
              const double     q[4],
              IscRegistration *reg)
{
  const IscRegistration *s = data->start;
  double f = exp (q[1]), c = f * cos (q[0]), n = f * sin (q[0]);
  double t[2] = { s->translation_px[0] - data->pivot[0], s->translation_px[1] - data->pivot[1] };

  *reg = *s;
  reg->matrix[0] = c * s->matrix[0] - n * s->matrix[2];
  reg->matrix[1] = c * s->matrix[1] - n * s->matrix[3];
  reg->matrix[2] = n * s->matrix[0] + c * s->matrix[2];
  reg->matrix[3] = n * s->matrix[1] + c * s->matrix[3];
  reg->translation_px[0] = c * t[0] - n * t[1] + data->pivot[0] + q[2];
  reg->translation_px[1] = n * t[0] + c * t[1] + data->pivot[1] + q[3];
  isc_registration_update (reg);
}

static double
refine_cost (const gsl_vector *v,
             void             *user_data)
{
  const Refine *data = user_data;
  double q[4] = { gsl_vector_get (v, 0), gsl_vector_get (v, 1), gsl_vector_get (v, 2),
                  gsl_vector_get (v, 3) };
  IscRegistration reg;
  double ncc;

  refine_apply (data, q, &reg);
  ncc = isc_registration_ncc (&reg, data->map, data->pixels, data->width, data->height);
  return isfinite (ncc) ? -ncc : 2.0;
}

gboolean
isc_registration_refine (IscRegistration       *reg,
                         const IscProjectedMap *map,
                         const float           *pixels,
                         guint                  width,
                         guint                  height,
                         double                *ncc,
                         GError               **error)
{
  const gsl_multimin_fminimizer_type *type = gsl_multimin_fminimizer_nmsimplex2;
  Refine data = { reg, map, pixels, width, height, { 0, 0 } };
  double centre[2] = { map->origin_nm[0] + (map->width - 1) * map->bin_nm / 2,
                       map->origin_nm[1] + (map->height - 1) * map->bin_nm / 2 };
  double start_ncc, best_ncc, q[4] = { 0, 0, 0, 0 };
  IscRegistration best;
  gsl_multimin_function function = { refine_cost, 4, &data };

  g_return_val_if_fail (reg != NULL && map != NULL && pixels != NULL, FALSE);

  start_ncc = width >= 2 && height >= 2 ? isc_registration_ncc (reg, map, pixels, width, height)
                                        : NAN;
  if (!isfinite (start_ncc))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "cannot refine: less than a quarter of the projected APT map falls on the "
                   "image, or the map or the image is flat — place landmarks first");
      return FALSE;
    }
  isc_registration_apply_uv (reg, centre, data.pivot);

  /* Nelder–Mead twice: a restart from the first answer escapes a collapsed simplex. */
  for (guint round = 0; round < 2; round++)
    {
      gsl_multimin_fminimizer *solver = gsl_multimin_fminimizer_alloc (type, 4);
      gsl_vector *x = gsl_vector_alloc (4);
      gsl_vector *step = gsl_vector_alloc (4);
      int status = GSL_CONTINUE;

      for (guint k = 0; k < 4; k++)
        gsl_vector_set (x, k, q[k]);
      gsl_vector_set (step, 0, (round == 0 ? 1.0 : 0.3) * G_PI / 180.0);
      gsl_vector_set (step, 1, round == 0 ? 0.01 : 0.003);
      gsl_vector_set (step, 2, round == 0 ? 1.0 : 0.3);
      gsl_vector_set (step, 3, round == 0 ? 1.0 : 0.3);
      gsl_multimin_fminimizer_set (solver, &function, x, step);
      for (guint iter = 0; iter < 600 && status == GSL_CONTINUE; iter++)
        {
          if (gsl_multimin_fminimizer_iterate (solver) != GSL_SUCCESS)
            break;
          status = gsl_multimin_test_size (gsl_multimin_fminimizer_size (solver), 1e-5);
        }
      for (guint k = 0; k < 4; k++)
        q[k] = gsl_vector_get (solver->x, k);
      gsl_vector_free (step);
      gsl_vector_free (x);
      gsl_multimin_fminimizer_free (solver);
    }

  if (fabs (q[0]) * 180.0 / G_PI > MAX_REFINE_DEG || fabs (q[1]) > MAX_REFINE_LOG_S)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID,
                   "refinement moved %.1f° and %.0f %% in scale away from the landmark fit: too "
                   "far to trust — check the landmarks", q[0] * 180.0 / G_PI,
                   (exp (q[1]) - 1) * 100);
      return FALSE;
    }
  refine_apply (&data, q, &best);
  best_ncc = isc_registration_ncc (&best, map, pixels, width, height);
  if (!(best_ncc >= MIN_REFINED_NCC))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID,
                   "the image and the projected APT map hardly correlate (%.2f at best): is it "
                   "the image of this needle, or does the map need another element?", best_ncc);
      return FALSE;
    }
  if (ncc != NULL)
    *ncc = best_ncc;
  *reg = best;
  return TRUE;
}

gboolean
isc_registration_refine_points (IscRegistration *reg,
                                const float     *x,
                                const float     *y,
                                const float     *z,
                                gsize            n,
                                const guint8    *ion_type,
                                const gboolean  *selected,
                                const float     *pixels,
                                guint            width,
                                guint            height,
                                double          *ncc,
                                GError         **error)
{
  /* Blurs tried, in map bins (about image pixels). */
  static const double blurs[] = { 0.7, 1.0, 1.5, 2.0, 3.0, 4.5, 6.5 };
  double lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY }, bin;
  IscRegistration work = *reg;

  g_return_val_if_fail (reg != NULL && pixels != NULL, FALSE);

  for (gsize i = 0; i < n; i++)
    {
      double p[3] = { x[i], y[i], z[i] }, uv[2];

      isc_registration_project (reg->view, p, uv);
      for (guint k = 0; k < 2; k++)
        if (isfinite (uv[k]))
          {
            lo[k] = MIN (lo[k], uv[k]);
            hi[k] = MAX (hi[k], uv[k]);
          }
    }
  if (!(lo[0] <= hi[0]) || !(lo[1] <= hi[1]))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "no APT point with finite coordinates to project");
      return FALSE;
    }
  /* One image pixel in APT nm, coarser when the needle would need more than 1024 bins. */
  bin = reg->pixel_size_nm / MAX (reg->scale, 1e-6);
  bin = MAX (bin, MAX (hi[0] - lo[0], hi[1] - lo[1]) / 1024);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(IscProjectedMap) best = NULL;
      double best_ncc = -INFINITY;

      for (guint b = 0; b < G_N_ELEMENTS (blurs); b++)
        {
          g_autoptr(IscProjectedMap) map = NULL;
          double value;

          map = isc_projected_map_new (x, y, z, n, ion_type, selected, ISC_MAP_DENSITY,
                                       reg->view, bin, blurs[b] * bin, error);
          if (map == NULL)
            return FALSE;
          value = isc_registration_ncc (&work, map, pixels, width, height);
          if (isfinite (value) && value > best_ncc)
            {
              best_ncc = value;
              g_clear_pointer (&best, isc_projected_map_free);
              best = g_steal_pointer (&map);
            }
        }
      if (best == NULL)
        best = isc_projected_map_new (x, y, z, n, ion_type, selected, ISC_MAP_DENSITY, reg->view,
                                      bin, bin, error);
      if (best == NULL || !isc_registration_refine (&work, best, pixels, width, height, ncc, error))
        return FALSE;
    }
  *reg = work;
  return TRUE;
}
