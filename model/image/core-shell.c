/* core-shell.c: mean negative intensity of a particle's core and shell, frame by frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <json-glib/json-glib.h>
#include <glib/gi18n.h>

#include "core-shell.h"

enum
{
  REGION_NONE = -1,
  REGION_CORE,
  REGION_SHELL,
  REGION_BACKGROUND,
  N_REGIONS
};

typedef struct
{
  guint64 n;
  double  sum;
  double  sum_sq_dev;   /* second pass: Σ (I − mean)² */
} RegionStats;

void
isc_core_shell_geometry_init (IscCoreShellGeometry *geometry,
                              double                centre_x,
                              double                centre_y,
                              double                radius,
                              double                shell)
{
  g_return_if_fail (geometry != NULL);
  *geometry = (IscCoreShellGeometry) {
    .centre_x = centre_x,
    .centre_y = centre_y,
    .radius = radius,
    .shell = shell,
    .margin = ISC_CORE_SHELL_DEFAULT_MARGIN,
  };
}

void
isc_core_shell_series_free (IscCoreShellSeries *series)
{
  if (series == NULL)
    return;
  g_free (series->frames);
  g_free (series);
}

static double
axis_scale (const IscImage *image,
            guint           axis)
{
  double s = image->axis[axis].scale;

  return s != 0.0 && isfinite (s) ? s : 1.0;
}

/* Is the calibrated coordinate @c within the extent of the axis (pixel edges included)? */
static gboolean
inside_axis (const IscImage *image,
             guint           axis,
             guint           n,
             double          c)
{
  double s = axis_scale (image, axis);
  double a = image->axis[axis].origin - 0.5 * s;
  double b = image->axis[axis].origin + (n - 0.5) * s;

  return c >= MIN (a, b) && c <= MAX (a, b);
}

/* Sorts the pixels of one frame into regions by the distance of their centres; with @means
 * NULL accumulates counts and sums, otherwise the squared deviations from @means. */
static void
accumulate (const IscImage *image,
            const float    *pixels,
            double          cx,
            double          cy,
            double          r_core,
            double          r_outer,
            double          r_background,
            const double   *means,
            RegionStats    *stats)
{
  double sx = axis_scale (image, ISC_IMAGE_AXIS_X), sy = axis_scale (image, ISC_IMAGE_AXIS_Y);
  double ox = image->axis[ISC_IMAGE_AXIS_X].origin, oy = image->axis[ISC_IMAGE_AXIS_Y].origin;
  double core2 = r_core * r_core, outer2 = r_outer * r_outer, back2 = r_background * r_background;

  for (guint j = 0; j < image->height; j++)
    {
      const float *row = pixels + (gsize) j * image->width;
      double dy = oy + j * sy - cy;

      for (guint i = 0; i < image->width; i++)
        {
          double dx = ox + i * sx - cx;
          double d2 = dx * dx + dy * dy;
          double v = row[i];
          int region;

          if (isnan (v))
            continue;
          if (d2 < core2)
            region = REGION_CORE;
          else if (d2 <= outer2)
            region = REGION_SHELL;
          else if (d2 > back2)
            region = REGION_BACKGROUND;
          else
            region = REGION_NONE;
          if (region == REGION_NONE)
            continue;
          if (means == NULL)
            {
              stats[region].n++;
              stats[region].sum += v;
            }
          else
            stats[region].sum_sq_dev += (v - means[region]) * (v - means[region]);
        }
    }
}

static double
sem_of (const RegionStats *s)
{
  if (s->n < 2)
    return 0.0;
  return sqrt (s->sum_sq_dev / (double) (s->n - 1) / (double) s->n);
}

static gboolean
check_geometry (const IscImage             *image,
                const IscCoreShellGeometry *g,
                guint                       reference_frame,
                GError                    **error)
{
  if (!(g->radius > 0) || !isfinite (g->radius))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   _ ("core–shell: the particle radius must be positive (got %g nm)"), g->radius);
      return FALSE;
    }
  if (!(g->shell > 0) || !(g->shell < g->radius))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   _ ("core–shell: the shell thickness must be above 0 and below the radius "
                      "(got %g nm for a radius of %g nm)"), g->shell, g->radius);
      return FALSE;
    }
  if (!isfinite (g->centre_x) || !isfinite (g->centre_y))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   _ ("core–shell: the particle centre is not a number"));
      return FALSE;
    }
  if (reference_frame >= image->frames)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   _ ("core–shell: reference frame %u does not exist (the series has %u frames)"),
                   reference_frame, image->frames);
      return FALSE;
    }
  if (g->frame_centres != NULL && g->n_frame_centres != image->frames)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   _ ("core–shell: %u per-frame centres given for %u frames"),
                   g->n_frame_centres, image->frames);
      return FALSE;
    }
  return TRUE;
}

IscCoreShellSeries *
isc_core_shell_analyse (const IscImage             *image,
                        const IscCoreShellGeometry *geometry,
                        guint                       reference_frame,
                        const double               *temperatures,
                        GCancellable               *cancellable,
                        GError                    **error)
{
  g_autoptr(IscCoreShellSeries) result = NULL;
  double margin;
  const char *unit;

  g_return_val_if_fail (image != NULL && geometry != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_geometry (image, geometry, reference_frame, error))
    return NULL;
  margin = geometry->margin >= 0 ? geometry->margin : ISC_CORE_SHELL_DEFAULT_MARGIN;
  unit = image->axis[ISC_IMAGE_AXIS_X].unit[0] != '\0' ? image->axis[ISC_IMAGE_AXIS_X].unit : "px";

  result = g_new0 (IscCoreShellSeries, 1);
  result->n_frames = image->frames;
  result->frames = g_new0 (IscCoreShellFrame, image->frames);
  result->reference_frame = reference_frame;
  result->has_temperatures = temperatures != NULL;
  result->geometry = *geometry;
  result->geometry.margin = margin;
  result->geometry.frame_centres = NULL;
  result->geometry.n_frame_centres = 0;

  for (guint f = 0; f < image->frames; f++)
    {
      IscCoreShellFrame *out = &result->frames[f];
      RegionStats stats[N_REGIONS] = { { 0 } };
      double means[N_REGIONS];
      double cx = geometry->frame_centres ? geometry->frame_centres[2 * f] : geometry->centre_x;
      double cy = geometry->frame_centres ? geometry->frame_centres[2 * f + 1] : geometry->centre_y;
      const float *pixels = isc_image_frame_const (image, f);
      static const char *names[N_REGIONS] = { N_ ("core"), N_ ("shell"), N_ ("background") };

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (!isfinite (cx) || !isfinite (cy)
          || !inside_axis (image, ISC_IMAGE_AXIS_X, image->width, cx)
          || !inside_axis (image, ISC_IMAGE_AXIS_Y, image->height, cy))
        {
          g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                       _ ("core–shell: the particle centre (%g, %g) %s lies outside the image in frame %u"),
                       cx, cy, unit, f);
          return NULL;
        }
      accumulate (image, pixels, cx, cy, geometry->radius - geometry->shell, geometry->radius,
                  geometry->radius + margin, NULL, stats);
      for (int r = 0; r < N_REGIONS; r++)
        {
          if (stats[r].n < ISC_CORE_SHELL_MIN_PIXELS)
            {
              /* The count as text: a format macro inside _() would hide the string from xgettext. */
              g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) stats[r].n);

              g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                           _ ("core–shell: the %s of frame %u holds %s pixels, fewer than %d (check the "
                              "radius, shell and centre against the pixel size and the field of view)"),
                           _ (names[r]), f, count, ISC_CORE_SHELL_MIN_PIXELS);
              return NULL;
            }
          means[r] = stats[r].sum / (double) stats[r].n;
        }
      accumulate (image, pixels, cx, cy, geometry->radius - geometry->shell, geometry->radius,
                  geometry->radius + margin, means, stats);

      out->frame = f;
      out->temperature = temperatures ? temperatures[f] : NAN;
      out->background = means[REGION_BACKGROUND];
      out->core = means[REGION_BACKGROUND] - means[REGION_CORE];
      out->shell = means[REGION_BACKGROUND] - means[REGION_SHELL];
      out->core_sem = hypot (sem_of (&stats[REGION_CORE]), sem_of (&stats[REGION_BACKGROUND]));
      out->shell_sem = hypot (sem_of (&stats[REGION_SHELL]), sem_of (&stats[REGION_BACKGROUND]));
      out->core_pixels = stats[REGION_CORE].n;
      out->shell_pixels = stats[REGION_SHELL].n;
      out->background_pixels = stats[REGION_BACKGROUND].n;
    }

  {
    const IscCoreShellFrame *ref = &result->frames[reference_frame];

    if (ref->core == 0.0 || ref->shell == 0.0)
      {
        g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID,
                     _ ("core–shell: in the reference frame %u the %s is exactly as bright as the "
                        "background, so relative values are undefined"),
                     reference_frame, ref->core == 0.0 ? _ ("core") : _ ("shell"));
        return NULL;
      }
    for (guint f = 0; f < result->n_frames; f++)
      {
        result->frames[f].core_relative = result->frames[f].core / ref->core;
        result->frames[f].shell_relative = result->frames[f].shell / ref->shell;
      }
  }
  return g_steal_pointer (&result);
}

gboolean
isc_core_shell_nearest_frame (const double *temperatures,
                              guint         n,
                              double        temperature,
                              guint        *frame)
{
  double best = INFINITY;
  gboolean found = FALSE;

  g_return_val_if_fail (frame != NULL, FALSE);
  if (temperatures == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (isfinite (temperatures[i]) && fabs (temperatures[i] - temperature) < best)
      {
        best = fabs (temperatures[i] - temperature);
        *frame = i;
        found = TRUE;
      }
  return found;
}

static double
frame_position (const IscCoreShellSeries *series,
                guint                     f)
{
  return series->has_temperatures ? series->frames[f].temperature : (double) f;
}

static double
frame_contrast (const IscCoreShellSeries *series,
                guint                     f)
{
  return series->frames[f].shell_relative - series->frames[f].core_relative;
}

/* Sum of squared residuals of the hinge y = b + s · max (0, x − x0) fitted (b, s by least
 * squares) to frames [0, last]. */
static double
hinge_residual (const IscCoreShellSeries *series,
                guint                     last,
                double                    x0)
{
  double n = 0, su = 0, sy = 0, suu = 0, suy = 0, syy = 0, det, b, sl;

  for (guint f = 0; f <= last; f++)
    {
      double u = MAX (0.0, frame_position (series, f) - x0), y = frame_contrast (series, f);

      n++;
      su += u;
      sy += y;
      suu += u * u;
      suy += u * y;
      syy += y * y;
    }
  det = n * suu - su * su;
  if (det == 0)
    return INFINITY;
  sl = (n * suy - su * sy) / det;
  b = (sy - sl * su) / n;
  /* Σ (y − b − s u)² expanded */
  return syy + n * b * b + sl * sl * suu - 2 * b * sy - 2 * sl * suy + 2 * b * sl * su;
}

gboolean
isc_core_shell_series_onset_full (const IscCoreShellSeries *series,
                                  double                    threshold,
                                  double                   *onset,
                                  double                   *sigma)
{
  guint first = G_MAXUINT, last;
  double lo, hi, best = INFINITY, best_x;

  g_return_val_if_fail (series != NULL && onset != NULL, FALSE);
  for (guint f = series->n_frames; f-- > 0;)
    {
      if (!(frame_contrast (series, f) > threshold))
        break;
      first = f;
    }
  if (first == G_MAXUINT)
    return FALSE;
  if (first == 0)
    {
      *onset = frame_position (series, 0);
      if (sigma)
        *sigma = 0;
      return TRUE;
    }
  hi = frame_position (series, first);
  if (sigma)
    *sigma = 0.5 * fabs (hi - frame_position (series, first - 1));
  if (first + 1 >= series->n_frames)
    {
      /* one frame above: where the line from the frame before crosses the threshold */
      double x0 = frame_position (series, first - 1), y0 = frame_contrast (series, first - 1);
      double y1 = frame_contrast (series, first);

      *onset = y1 != y0 ? x0 + (threshold - y0) * (hi - x0) / (y1 - y0) : x0;
      *onset = CLAMP (*onset, MIN (x0, hi), MAX (x0, hi));
      return TRUE;
    }

  /* the change point: a flat baseline, then a straight rise, fitted to every frame up to two
   * past the first above the threshold; the onset, the corner, lies after frame f − 2 (f − 1
   * may already have begun to rise) and before frame f */
  last = MIN (first + 2, series->n_frames - 1);
  lo = frame_position (series, first >= 2 ? first - 2 : first - 1);
  best_x = hi;
  for (guint k = 0; k <= 400; k++)
    {
      double x = lo + (hi - lo) * k / 400.0, r = hinge_residual (series, last, x);

      if (r < best)
        {
          best = r;
          best_x = x;
        }
    }
  *onset = best_x;
  return TRUE;
}

gboolean
isc_core_shell_series_onset (const IscCoreShellSeries *series,
                             double                    threshold,
                             double                   *onset)
{
  return isc_core_shell_series_onset_full (series, threshold, onset, NULL);
}

static void
append_number (GString *s,
               double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (s, ',');
  if (isfinite (v))
    g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", v));
}

char *
isc_core_shell_series_to_csv (const IscCoreShellSeries *series)
{
  GString *s;

  g_return_val_if_fail (series != NULL, NULL);
  s = g_string_new ("frame,temperature_C,core,shell,core_relative,shell_relative,core_sem,shell_sem\n");
  for (guint f = 0; f < series->n_frames; f++)
    {
      const IscCoreShellFrame *fr = &series->frames[f];

      g_string_append_printf (s, "%u", fr->frame);
      append_number (s, fr->temperature);
      append_number (s, fr->core);
      append_number (s, fr->shell);
      append_number (s, fr->core_relative);
      append_number (s, fr->shell_relative);
      append_number (s, fr->core_sem);
      append_number (s, fr->shell_sem);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

static gboolean
json_number (JsonNode *node,
             double   *out)
{
  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *out = (double) json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *out = json_node_get_double (node);
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
isc_core_shell_read_json (const char            *path,
                          double               **temperatures,
                          guint                 *n_temperatures,
                          IscCoreShellGeometry  *geometry,
                          double                *reference_temperature,
                          GError               **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  JsonObject *root;
  JsonNode *node;

  g_return_val_if_fail (path != NULL, FALSE);

  if (temperatures)
    *temperatures = NULL;
  if (n_temperatures)
    *n_temperatures = 0;
  if (geometry)
    isc_core_shell_geometry_init (geometry, 0, 0, 0, 0);
  if (reference_temperature)
    *reference_temperature = NAN;

  if (!json_parser_load_from_file (parser, path, &local))
    {
      if (local->domain == G_FILE_ERROR)
        g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_IO, _ ("%s: cannot be read (%s)"), path, local->message);
      else
        g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_FORMAT, _ ("%s: not valid JSON (%s)"),
                     path, local->message);
      return FALSE;
    }
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_FORMAT,
                   _ ("%s: expected a JSON object at the top level"), path);
      return FALSE;
    }
  root = json_node_get_object (node);

  node = json_object_get_member (root, "temperatures_C");
  if (node != NULL)
    {
      JsonArray *array;
      guint n;
      g_autofree double *t = NULL;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_FORMAT,
                       _ ("%s: \"temperatures_C\" must be an array of numbers"), path);
          return FALSE;
        }
      array = json_node_get_array (node);
      n = json_array_get_length (array);
      t = g_new (double, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        if (!json_number (json_array_get_element (array, i), &t[i]))
          {
            g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_FORMAT,
                         _ ("%s: \"temperatures_C\" element %u is not a number"), path, i);
            return FALSE;
          }
      if (temperatures)
        *temperatures = g_steal_pointer (&t);
      if (n_temperatures)
        *n_temperatures = n;
    }

  node = json_object_get_member (root, "particle");
  if (node != NULL)
    {
      JsonObject *p;
      JsonNode *centre;
      double x, y, r, t;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_FORMAT,
                       _ ("%s: \"particle\" must be an object"), path);
          return FALSE;
        }
      p = json_node_get_object (node);
      centre = json_object_get_member (p, "centre_nm");
      if (centre == NULL || !JSON_NODE_HOLDS_ARRAY (centre)
          || json_array_get_length (json_node_get_array (centre)) != 2
          || !json_number (json_array_get_element (json_node_get_array (centre), 0), &x)
          || !json_number (json_array_get_element (json_node_get_array (centre), 1), &y)
          || !json_number (json_object_get_member (p, "radius_nm"), &r)
          || !json_number (json_object_get_member (p, "shell_nm"), &t))
        {
          g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_FORMAT,
                       _ ("%s: \"particle\" needs \"centre_nm\": [x, y], \"radius_nm\" and \"shell_nm\" as numbers"),
                       path);
          return FALSE;
        }
      if (geometry)
        isc_core_shell_geometry_init (geometry, x, y, r, t);
    }

  node = json_object_get_member (root, "reference_temperature_C");
  if (node != NULL)
    {
      double t;

      if (!json_number (node, &t))
        {
          g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_FORMAT,
                       _ ("%s: \"reference_temperature_C\" must be a number"), path);
          return FALSE;
        }
      if (reference_temperature)
        *reference_temperature = t;
    }
  return TRUE;
}
