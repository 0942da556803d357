/* xrd-pattern.c: patterns, series, format detection and loading of files and folders.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "xrd-readers-private.h"

/* Larger files are not diffraction patterns; refusing them keeps a mistaken pick cheap. */
#define MAX_FILE_BYTES ((gsize) 512 * 1024 * 1024)

G_DEFINE_QUARK (isc-xrd-error-quark, isc_xrd_error)

IscXrdPattern *
isc_xrd_pattern_new (guint n)
{
  IscXrdPattern *p = g_new0 (IscXrdPattern, 1);

  p->n = n;
  p->two_theta = g_new0 (double, MAX (n, 1));
  p->intensity = g_new0 (double, MAX (n, 1));
  p->temperature_c = NAN;
  p->time_s = NAN;
  p->wavelength = ISC_XRD_CU_KALPHA1;
  p->wavelength2 = NAN;
  return p;
}

void
isc_xrd_pattern_free (IscXrdPattern *pattern)
{
  if (pattern == NULL)
    return;
  g_free (pattern->source);
  g_free (pattern->label);
  g_free (pattern->two_theta);
  g_free (pattern->intensity);
  g_free (pattern->sigma);
  g_free (pattern->point_temperature);
  g_free (pattern->anode);
  g_free (pattern->intensity_unit);
  g_free (pattern);
}

IscXrdPattern *
isc_xrd_pattern_copy (const IscXrdPattern *pattern)
{
  IscXrdPattern *p = g_memdup2 (pattern, sizeof *pattern);
  gsize bytes = sizeof (double) * MAX (pattern->n, 1);

  p->source = g_strdup (pattern->source);
  p->label = g_strdup (pattern->label);
  p->two_theta = g_memdup2 (pattern->two_theta, bytes);
  p->intensity = g_memdup2 (pattern->intensity, bytes);
  p->sigma = pattern->sigma != NULL ? g_memdup2 (pattern->sigma, bytes) : NULL;
  p->point_temperature = pattern->point_temperature != NULL
                         ? g_memdup2 (pattern->point_temperature, bytes) : NULL;
  p->anode = g_strdup (pattern->anode);
  p->intensity_unit = g_strdup (pattern->intensity_unit);
  return p;
}

IscXrdSeries *
isc_xrd_series_new (void)
{
  IscXrdSeries *s = g_new0 (IscXrdSeries, 1);

  s->patterns = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_xrd_pattern_free);
  return s;
}

void
isc_xrd_series_free (IscXrdSeries *series)
{
  if (series == NULL)
    return;
  g_ptr_array_unref (series->patterns);
  g_free (series);
}

guint
isc_xrd_series_get_n (const IscXrdSeries *series)
{
  return series->patterns->len;
}

IscXrdPattern *
isc_xrd_series_get (const IscXrdSeries *series,
                    guint               index)
{
  g_return_val_if_fail (index < series->patterns->len, NULL);
  return g_ptr_array_index (series->patterns, index);
}

void
isc_xrd_series_append (IscXrdSeries *series,
                       IscXrdSeries *other)
{
  g_ptr_array_set_free_func (other->patterns, NULL);
  for (guint i = 0; i < other->patterns->len; i++)
    g_ptr_array_add (series->patterns, g_ptr_array_index (other->patterns, i));
  g_ptr_array_set_size (other->patterns, 0);
  isc_xrd_series_free (other);
}

static int
compare_temperature (gconstpointer a,
                     gconstpointer b)
{
  const IscXrdPattern *pa = *(IscXrdPattern * const *) a;
  const IscXrdPattern *pb = *(IscXrdPattern * const *) b;

  return (pa->temperature_c > pb->temperature_c) - (pa->temperature_c < pb->temperature_c);
}

void
isc_xrd_series_sort_by_temperature (IscXrdSeries *series)
{
  for (guint i = 0; i < series->patterns->len; i++)
    if (isnan (((IscXrdPattern *) g_ptr_array_index (series->patterns, i))->temperature_c))
      return;
  /* g_ptr_array_sort is a merge sort in GLib ≥ 2.x: stable, so equal temperatures keep file order. */
  g_ptr_array_sort (series->patterns, compare_temperature);
}

const char *
isc_xrd_format_to_string (IscXrdFormat format)
{
  static const char *const names[] = { "auto", "xrdml", "brml", "raw", "uxd", "ras", "rasx", "xy", "csv" };

  return (guint) format < G_N_ELEMENTS (names) ? names[format] : "unknown";
}

IscXrdFormat
isc_xrd_format_guess (const char   *path,
                      const guint8 *head,
                      gsize         head_len)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);
  static const struct { const char *ext; IscXrdFormat format; } by_ext[] = {
    { ".xrdml", ISC_XRD_FORMAT_XRDML }, { ".brml", ISC_XRD_FORMAT_BRML },
    { ".raw", ISC_XRD_FORMAT_RAW }, { ".uxd", ISC_XRD_FORMAT_UXD },
    { ".rasx", ISC_XRD_FORMAT_RASX }, { ".ras", ISC_XRD_FORMAT_RAS },
    { ".xye", ISC_XRD_FORMAT_XY }, { ".xy", ISC_XRD_FORMAT_XY },
    { ".csv", ISC_XRD_FORMAT_CSV },
  };

  /* Magic bytes first: a RAW or XRDML file renamed .dat is still what its bytes say. */
  if (head != NULL)
    {
      if (head_len >= 4 && (memcmp (head, "RAW1", 4) == 0 || memcmp (head, "RAW4", 4) == 0))
        return ISC_XRD_FORMAT_RAW;
      if (head_len >= 16 && g_strstr_len ((const char *) head, head_len, "*RAS_DATA_START") != NULL)
        return ISC_XRD_FORMAT_RAS;
      if (head_len >= 16 && g_strstr_len ((const char *) head, head_len, "xrdMeasurement") != NULL)
        return ISC_XRD_FORMAT_XRDML;
    }
  for (guint i = 0; i < G_N_ELEMENTS (by_ext); i++)
    if (g_str_has_suffix (lower, by_ext[i].ext))
      return by_ext[i].format;
  return ISC_XRD_FORMAT_AUTO;
}

gboolean
isc_xrd_is_xrd_file (const char *path)
{
  return isc_xrd_format_guess (path, NULL, 0) != ISC_XRD_FORMAT_AUTO;
}

double
isc_xrd_temperature_from_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GRegex) re = g_regex_new ("(?<![0-9.])([0-9]+(?:\\.[0-9]+)?)\\s*(°C|degC|deg|C|K)(?![a-zA-Z])",
                                      G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  double value;

  if (!g_regex_match (re, base, 0, &match))
    return NAN;
  {
    g_autofree char *number = g_match_info_fetch (match, 1);
    g_autofree char *unit = g_match_info_fetch (match, 2);

    value = g_ascii_strtod (number, NULL);
    if (g_ascii_strcasecmp (unit, "K") == 0)
      value -= 273.15;
  }
  return value;
}

gpointer
_isc_xrd_fail (GError     **error,
               const char  *path,
               IscErrorCode code,
               const char  *format,
               ...)
{
  va_list args;
  g_autofree char *message = NULL;
  g_autofree char *base = g_path_get_basename (path);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, ISC_XRD_ERROR, code, "%s: %s", base, message);
  return NULL;
}

IscXrdPattern *
_isc_xrd_pattern_start (const char   *path,
                        IscXrdFormat  format,
                        const char   *suffix,
                        guint         n)
{
  IscXrdPattern *p = isc_xrd_pattern_new (n);
  g_autofree char *base = g_path_get_basename (path);

  p->source = g_strdup (path);
  p->label = suffix != NULL ? g_strdup_printf ("%s · %s", base, suffix) : g_steal_pointer (&base);
  p->format = format;
  return p;
}

static void
reverse (double *v,
         guint   n)
{
  if (v == NULL)
    return;
  for (guint i = 0; i < n / 2; i++)
    {
      double t = v[i];

      v[i] = v[n - 1 - i];
      v[n - 1 - i] = t;
    }
}

gboolean
_isc_xrd_pattern_check (IscXrdPattern *p,
                        GError       **error)
{
  if (p->n < 2)
    {
      _isc_xrd_fail (error, p->source, ISC_ERROR_FORMAT, "%s has %u data points, expected at least 2",
                     p->label, p->n);
      return FALSE;
    }
  if (p->two_theta[0] > p->two_theta[p->n - 1])
    {
      reverse (p->two_theta, p->n);
      reverse (p->intensity, p->n);
      reverse (p->sigma, p->n);
      reverse (p->point_temperature, p->n);
    }
  for (guint i = 0; i < p->n; i++)
    {
      if (!isfinite (p->two_theta[i]) || !isfinite (p->intensity[i])
          || p->two_theta[i] <= 0 || p->two_theta[i] >= 180)
        {
          _isc_xrd_fail (error, p->source, ISC_ERROR_INVALID,
                         "point %u of %s: 2θ %g, intensity %g (expected 0° < 2θ < 180° and finite values)",
                         i + 1, p->label, p->two_theta[i], p->intensity[i]);
          return FALSE;
        }
      if (i > 0 && !(p->two_theta[i] > p->two_theta[i - 1]))
        {
          _isc_xrd_fail (error, p->source, ISC_ERROR_INVALID,
                         "2θ does not increase at point %u of %s (%g after %g)",
                         i + 1, p->label, p->two_theta[i], p->two_theta[i - 1]);
          return FALSE;
        }
    }
  if (!(p->wavelength > 0.1 && p->wavelength < 10))
    {
      _isc_xrd_fail (error, p->source, ISC_ERROR_INVALID, "wavelength %g Å is not an X-ray wavelength",
                     p->wavelength);
      return FALSE;
    }
  return TRUE;
}

gboolean
_isc_xrd_parse_double (const char *text,
                       double     *value)
{
  char *end = NULL;

  while (*text == ' ' || *text == '\t')
    text++;
  if (*text == '\0')
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  if (end == text)
    return FALSE;
  while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
    end++;
  return *end == '\0' && isfinite (*value);
}

static IscXrdSeries *
load_file (const char   *path,
           IscXrdFormat  format,
           GError      **error)
{
  static const IscXrdReadFunc readers[] = {
    [ISC_XRD_FORMAT_XRDML] = _isc_xrd_read_xrdml,
    [ISC_XRD_FORMAT_BRML] = _isc_xrd_read_brml,
    [ISC_XRD_FORMAT_RAW] = _isc_xrd_read_raw,
    [ISC_XRD_FORMAT_UXD] = _isc_xrd_read_uxd,
    [ISC_XRD_FORMAT_RAS] = _isc_xrd_read_ras,
    [ISC_XRD_FORMAT_RASX] = _isc_xrd_read_rasx,
    [ISC_XRD_FORMAT_XY] = _isc_xrd_read_xy,
    [ISC_XRD_FORMAT_CSV] = _isc_xrd_read_csv,
  };
  g_autofree char *contents = NULL;
  g_autoptr(GError) local = NULL;
  IscXrdSeries *series;
  gsize len = 0;
  GStatBuf st;

  if (g_stat (path, &st) == 0 && (gsize) st.st_size > MAX_FILE_BYTES)
    return _isc_xrd_fail (error, path, ISC_ERROR_UNSUPPORTED, "%" G_GUINT64_FORMAT " bytes is too large for a diffraction pattern",
                          (guint64) st.st_size);
  if (!g_file_get_contents (path, &contents, &len, &local))
    return _isc_xrd_fail (error, path, ISC_ERROR_IO, "%s", local->message);
  if (format == ISC_XRD_FORMAT_AUTO)
    format = isc_xrd_format_guess (path, (const guint8 *) contents, MIN (len, 4096));
  if (format == ISC_XRD_FORMAT_AUTO || (guint) format >= G_N_ELEMENTS (readers))
    format = ISC_XRD_FORMAT_XY;   /* any other text: try two columns */
  series = readers[format] (path, (const guint8 *) contents, len, error);
  if (series == NULL)
    return NULL;
  if (series->patterns->len == 0)
    {
      isc_xrd_series_free (series);
      return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "no scan found");
    }
  /* A single-scan file without a temperature of its own may name it ("300deg.xy"). */
  for (guint i = 0; i < series->patterns->len; i++)
    {
      IscXrdPattern *p = g_ptr_array_index (series->patterns, i);

      if (!_isc_xrd_pattern_check (p, error))
        {
          isc_xrd_series_free (series);
          return NULL;
        }
      if (isnan (p->temperature_c) && series->patterns->len == 1)
        p->temperature_c = isc_xrd_temperature_from_name (path);
      /* One scan: the file name alone ("· range 1" says nothing). */
      if (series->patterns->len == 1)
        {
          g_free (p->label);
          p->label = g_path_get_basename (path);
        }
    }
  return series;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const char *na = *(const char * const *) a;
  const char *nb = *(const char * const *) b;
  g_autofree char *ka = g_utf8_collate_key_for_filename (na, -1);
  g_autofree char *kb = g_utf8_collate_key_for_filename (nb, -1);

  return strcmp (ka, kb);
}

static IscXrdSeries *
load_folder (const char *path,
             GError    **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &local);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(IscXrdSeries) series = isc_xrd_series_new ();
  const char *name;

  if (dir == NULL)
    return _isc_xrd_fail (error, path, ISC_ERROR_IO, "%s", local->message);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (isc_xrd_is_xrd_file (name))
      g_ptr_array_add (names, g_strdup (name));
  if (names->len == 0)
    return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT,
                          "the folder holds no diffraction file (.xrdml, .brml, .raw, .uxd, .ras, .rasx, .xy, .xye, .csv)");
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      IscXrdSeries *one = load_file (file, ISC_XRD_FORMAT_AUTO, error);

      if (one == NULL)
        return NULL;
      isc_xrd_series_append (series, one);
    }
  isc_xrd_series_sort_by_temperature (series);
  return g_steal_pointer (&series);
}

IscXrdSeries *
isc_xrd_load (const char   *path,
              IscXrdFormat  format,
              GError      **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return load_folder (path, error);
  return load_file (path, format, error);
}

IscXrdSeries *
isc_xrd_load_many (const char * const *paths,
                   guint               n_paths,
                   GError            **error)
{
  g_autoptr(IscXrdSeries) series = isc_xrd_series_new ();

  for (guint i = 0; i < n_paths; i++)
    {
      IscXrdSeries *one = isc_xrd_load (paths[i], ISC_XRD_FORMAT_AUTO, error);

      if (one == NULL)
        return NULL;
      isc_xrd_series_append (series, one);
    }
  if (n_paths > 1)
    isc_xrd_series_sort_by_temperature (series);
  return g_steal_pointer (&series);
}

double
isc_xrd_two_theta_from_d (double d,
                          double wavelength)
{
  double s = wavelength / (2 * d);

  if (!(d > 0) || !(s <= 1))
    return NAN;
  return 2 * asin (s) * 180 / G_PI;
}

double
isc_xrd_d_from_two_theta (double two_theta,
                          double wavelength)
{
  return wavelength / (2 * sin (two_theta * G_PI / 360));
}
