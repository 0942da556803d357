/* xrd-text.c: the text formats — two- or three-column .xy/.xye, CSV (plain or PANalytical's
 * export with a [Measurement conditions] block), Bruker UXD and Rigaku RAS (Shift-JIS).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "xrd-readers-private.h"

/* g_set_str () is GLib 2.76. */
static void
set_str (char      **slot,
         const char *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

typedef struct
{
  const char *p;
  const char *end;
  guint number;     /* 1-based number of the line last returned */
} LineReader;

static void
line_reader_init (LineReader *r,
                  const char *data,
                  gsize       len)
{
  r->p = data;
  r->end = data + len;
  r->number = 0;
  /* UTF-8 byte-order mark (Rigaku writes one). */
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    r->p += 3;
}

/* The next line without its CR/LF, as a new string; NULL at the end. Embedded NUL bytes end
 * the line's text but not the line. */
static char *
line_reader_next (LineReader *r)
{
  const char *start = r->p;
  const char *nl;
  gsize n;

  if (r->p >= r->end)
    return NULL;
  nl = memchr (start, '\n', r->end - start);
  n = (nl != NULL ? nl : r->end) - start;
  r->p = nl != NULL ? nl + 1 : r->end;
  if (n > 0 && start[n - 1] == '\r')
    n--;
  r->number++;
  return g_strndup (start, n);
}

/* Splits @line on blanks, commas and semicolons into at most @max numbers. Returns the count of
 * numbers, or -1 when a token is not a number. */
static int
split_numbers (char   *line,
               double *values,
               int     max)
{
  int n = 0;
  char *save = NULL;

  for (char *tok = strtok_r (line, " \t,;", &save); tok != NULL; tok = strtok_r (NULL, " \t,;", &save))
    {
      double v;

      if (!_isc_xrd_parse_double (tok, &v))
        return -1;
      if (n < max)
        values[n] = v;
      n++;
    }
  return MIN (n, max);
}

typedef struct
{
  GArray *x;
  GArray *y;
  GArray *s;
} Columns;

static void
columns_init (Columns *c)
{
  c->x = g_array_new (FALSE, FALSE, sizeof (double));
  c->y = g_array_new (FALSE, FALSE, sizeof (double));
  c->s = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
columns_clear (Columns *c)
{
  g_clear_pointer (&c->x, g_array_unref);
  g_clear_pointer (&c->y, g_array_unref);
  g_clear_pointer (&c->s, g_array_unref);
}

static void
columns_reset (Columns *c)
{
  g_array_set_size (c->x, 0);
  g_array_set_size (c->y, 0);
  g_array_set_size (c->s, 0);
}

/* Moves the columns into a new pattern (σ only when @with_sigma and every row had one). */
static IscXrdPattern *
columns_to_pattern (Columns     *c,
                    const char  *path,
                    IscXrdFormat format,
                    const char  *suffix,
                    gboolean     with_sigma)
{
  IscXrdPattern *p = _isc_xrd_pattern_start (path, format, suffix, c->x->len);

  memcpy (p->two_theta, c->x->data, sizeof (double) * c->x->len);
  memcpy (p->intensity, c->y->data, sizeof (double) * c->y->len);
  if (with_sigma && c->s->len == c->x->len && c->x->len > 0)
    p->sigma = g_memdup2 (c->s->data, sizeof (double) * c->s->len);
  columns_reset (c);
  return p;
}

static IscXrdSeries *
single (IscXrdPattern *p)
{
  IscXrdSeries *s = isc_xrd_series_new ();

  g_ptr_array_add (s->patterns, p);
  return s;
}

/* Two or three columns; header lines ("# …", "2theta intensity") only before the data. */
IscXrdSeries *
_isc_xrd_read_columns (const char    *path,
                       const char    *data,
                       gsize          len,
                       IscXrdFormat   format,
                       IscXrdThirdColumn third,
                       GError       **error)
{
  LineReader r;
  Columns c;
  IscXrdSeries *result;
  char *line;
  gboolean in_header_block = FALSE;
  double wavelength = NAN, wavelength2 = NAN, ratio = NAN;
  g_autofree char *anode = NULL;

  columns_init (&c);
  line_reader_init (&r, data, len);
  while ((line = line_reader_next (&r)) != NULL)
    {
      g_autofree char *owned = line;
      char *t = g_strstrip (line);
      double v[3];
      int n;

      if (*t == '\0' || *t == '#' || *t == ';' || *t == '!' || *t == '\'')
        continue;
      /* PANalytical CSV: "[Measurement conditions]" key,value lines, then "[Scan points]". */
      if (*t == '[')
        {
          in_header_block = g_str_has_prefix (t, "[Measurement");
          continue;
        }
      if (in_header_block)
        {
          const char *comma = strchr (t, ',');
          double value;

          if (comma == NULL || !_isc_xrd_parse_double (comma + 1, &value))
            {
              if (g_str_has_prefix (t, "Anode material,") && comma != NULL)
                anode = g_strdup (g_strstrip ((char *) comma + 1));
              continue;
            }
          if (g_str_has_prefix (t, "K-Alpha1 wavelength,"))
            wavelength = value;
          else if (g_str_has_prefix (t, "K-Alpha2 wavelength,"))
            wavelength2 = value;
          else if (g_str_has_prefix (t, "Ratio K-Alpha2/K-Alpha1,"))
            ratio = value;
          continue;
        }
      n = split_numbers (t, v, 3);
      if (n < 0)
        {
          if (c.x->len == 0)
            continue;   /* a column header before the data */
          columns_clear (&c);
          {
            g_autofree char *excerpt = isc_error_excerpt (owned, 40);

            return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT,
                                  "line %u: expected numbers (2θ, intensity), found “%s”", r.number, excerpt);
          }
        }
      if (n < 2)
        {
          columns_clear (&c);
          return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT,
                                "line %u: expected two or three columns (2θ, intensity[, σ]), found %d",
                                r.number, n);
        }
      if (n >= 3 && third == ISC_XRD_THIRD_ATTENUATION)
        v[1] *= v[2];
      g_array_append_val (c.x, v[0]);
      g_array_append_val (c.y, v[1]);
      if (n >= 3)
        g_array_append_val (c.s, v[2]);
    }
  if (c.x->len == 0)
    {
      columns_clear (&c);
      return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "no data rows (2θ, intensity) found");
    }
  result = single (columns_to_pattern (&c, path, format, NULL, third == ISC_XRD_THIRD_SIGMA));
  columns_clear (&c);
  {
    IscXrdPattern *p = g_ptr_array_index (result->patterns, 0);

    if (wavelength > 0)
      {
        p->wavelength = wavelength;
        p->wavelength_from_file = TRUE;
      }
    p->wavelength2 = wavelength2 > 0 ? wavelength2 : NAN;
    p->ka2_ratio = ratio >= 0 ? ratio : 0;
    p->anode = g_steal_pointer (&anode);
  }
  return result;
}

IscXrdSeries *
_isc_xrd_read_xy (const char   *path,
                  const guint8 *data,
                  gsize         len,
                  GError      **error)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return _isc_xrd_read_columns (path, (const char *) data, len, ISC_XRD_FORMAT_XY,
                                g_str_has_suffix (lower, ".xye") ? ISC_XRD_THIRD_SIGMA : ISC_XRD_THIRD_IGNORE,
                                error);
}

IscXrdSeries *
_isc_xrd_read_csv (const char   *path,
                   const guint8 *data,
                   gsize         len,
                   GError      **error)
{
  return _isc_xrd_read_columns (path, (const char *) data, len, ISC_XRD_FORMAT_CSV, ISC_XRD_THIRD_IGNORE, error);
}

/* "KEY = value" of a UXD line into @key/@value (borrowed pieces of @line). */
static gboolean
uxd_key_value (char  *line,
               char **key,
               char **value)
{
  char *eq = strchr (line, '=');

  if (line[0] != '_')
    return FALSE;
  if (eq == NULL)
    {
      *key = g_strstrip (line + 1);
      *value = NULL;
      return TRUE;
    }
  *eq = '\0';
  *key = g_strstrip (line + 1);
  *value = g_strstrip (eq + 1);
  return TRUE;
}

IscXrdSeries *
_isc_xrd_read_uxd (const char   *path,
                   const guint8 *data,
                   gsize         len,
                   GError      **error)
{
  g_autoptr(IscXrdSeries) series = isc_xrd_series_new ();
  LineReader r;
  Columns c;
  char *line;
  double wl1 = NAN, wl2 = NAN, ratio = 0, start = NAN, step = NAN, temperature_k = NAN;
  g_autofree char *anode = NULL;
  gboolean in_range = FALSE, pairs = TRUE;
  guint range = 0;

  columns_init (&c);
  line_reader_init (&r, (const char *) data, len);

  /* Finishes the open range (if any) as a pattern. */
#define FINISH_RANGE() \
  G_STMT_START { \
    if (in_range && c.x->len > 0) \
      { \
        g_autofree char *suffix = g_strdup_printf ("range %u", range); \
        IscXrdPattern *p = columns_to_pattern (&c, path, ISC_XRD_FORMAT_UXD, suffix, FALSE); \
        if (wl1 > 0) { p->wavelength = wl1; p->wavelength_from_file = TRUE; } \
        p->wavelength2 = wl2 > 0 ? wl2 : NAN; \
        p->ka2_ratio = ratio; \
        p->anode = g_strdup (anode); \
        p->intensity_unit = g_strdup ("counts"); \
        p->temperature_c = temperature_k > 0 ? temperature_k - 273.15 : NAN; \
        g_ptr_array_add (series->patterns, p); \
      } \
    columns_reset (&c); \
  } G_STMT_END

  while ((line = line_reader_next (&r)) != NULL)
    {
      g_autofree char *owned = line;
      char *t = g_strstrip (line);
      char *key, *value;
      double v[64];
      int n;

      if (*t == '\0')
        continue;
      if (*t == ';')
        {
          if (strstr (t, "Data for range") != NULL)
            {
              FINISH_RANGE ();
              in_range = TRUE;
              range++;
              start = step = temperature_k = NAN;
              pairs = TRUE;
            }
          continue;
        }
      if (uxd_key_value (t, &key, &value))
        {
          double x = NAN;

          if (value != NULL)
            _isc_xrd_parse_double (value, &x);
          if (g_str_equal (key, "WL1"))
            wl1 = x;
          else if (g_str_equal (key, "WL2"))
            wl2 = x;
          else if (g_str_equal (key, "WLRATIO"))
            ratio = isfinite (x) ? x : 0;
          else if (g_str_equal (key, "ANODE") && value != NULL)
            set_str (&anode, value);
          else if (g_str_equal (key, "RANGE_WL") && x > 0)
            wl1 = x;
          else if (g_str_equal (key, "START"))
            start = x;
          else if (g_str_equal (key, "STEPSIZE"))
            step = x;
          else if (g_str_equal (key, "V4_TEMPERATURE") || g_str_equal (key, "TEMPERATURE"))
            temperature_k = x;
          else if (g_str_equal (key, "COUNTS") || g_str_equal (key, "CPS"))
            pairs = FALSE;
          else if (g_str_equal (key, "2THETACOUNTS") || g_str_equal (key, "2THETACPS"))
            pairs = TRUE;
          continue;
        }
      if (!in_range)
        {
          in_range = TRUE;   /* data without a "; Data for range" line */
          range = 1;
        }
      n = split_numbers (t, v, G_N_ELEMENTS (v));
      if (n <= 0 || (pairs && n < 2))
        {
          g_autofree char *excerpt = isc_error_excerpt (owned, 40);

          columns_clear (&c);
          return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "line %u: expected %s, found “%s”", r.number,
                                pairs ? "2θ and counts" : "counts", excerpt);
        }
      if (pairs)
        {
          g_array_append_val (c.x, v[0]);
          g_array_append_val (c.y, v[1]);
        }
      else
        {
          if (!isfinite (start) || !(step > 0))
            {
              columns_clear (&c);
              return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT,
                                    "line %u: counts without _START and _STEPSIZE in range %u", r.number, range);
            }
          for (int i = 0; i < n; i++)
            {
              double x = start + step * c.x->len;

              g_array_append_val (c.x, x);
              g_array_append_val (c.y, v[i]);
            }
        }
    }
  FINISH_RANGE ();
#undef FINISH_RANGE
  columns_clear (&c);
  return g_steal_pointer (&series);
}

/* RAS header value: *KEY "value" → value without quotes (borrowed piece of @line). */
static gboolean
ras_key_value (char  *line,
               char **key,
               char **value)
{
  char *space = strchr (line, ' ');
  char *v;
  gsize n;

  if (line[0] != '*' || space == NULL)
    return FALSE;
  *space = '\0';
  *key = line + 1;
  v = g_strstrip (space + 1);
  n = strlen (v);
  if (n >= 2 && v[0] == '"' && v[n - 1] == '"')
    {
      v[n - 1] = '\0';
      v++;
    }
  *value = v;
  return TRUE;
}

IscXrdSeries *
_isc_xrd_read_ras (const char   *path,
                   const guint8 *data,
                   gsize         len,
                   GError      **error)
{
  g_autoptr(IscXrdSeries) series = isc_xrd_series_new ();
  g_autofree char *utf8 = NULL;
  gsize utf8_len = 0;
  LineReader r;
  Columns c;
  char *line;
  gboolean in_data = FALSE;
  double wl1 = NAN, wl2 = NAN, ratio = NAN;
  g_autofree char *anode = NULL;
  g_autofree char *unit = NULL;
  g_autofree char *sample = NULL;
  guint scan = 0;

  /* Rigaku writes the Japanese half of its labels in Shift-JIS (code page 932). */
  if (g_utf8_validate ((const char *) data, len, NULL))
    {
      utf8 = g_strndup ((const char *) data, len);
      utf8_len = len;
    }
  else
    {
      g_autoptr(GError) local = NULL;

      utf8 = g_convert ((const char *) data, len, "UTF-8", "CP932", NULL, &utf8_len, &local);
      if (utf8 == NULL)
        {
          g_clear_error (&local);
          utf8 = g_convert ((const char *) data, len, "UTF-8", "SHIFT_JIS", NULL, &utf8_len, &local);
        }
      if (utf8 == NULL)
        return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "the header is neither UTF-8 nor Shift-JIS text (%s)",
                              local->message);
    }

  columns_init (&c);
  line_reader_init (&r, utf8, utf8_len);
  while ((line = line_reader_next (&r)) != NULL)
    {
      g_autofree char *owned = line;
      char *t = g_strstrip (line);
      char *key, *value;
      double v[3];
      int n;

      if (*t == '\0')
        continue;
      if (g_str_equal (t, "*RAS_HEADER_START"))
        {
          wl1 = wl2 = ratio = NAN;
          continue;
        }
      if (g_str_equal (t, "*RAS_INT_START"))
        {
          in_data = TRUE;
          columns_reset (&c);
          continue;
        }
      if (g_str_equal (t, "*RAS_INT_END"))
        {
          g_autofree char *suffix = NULL;
          IscXrdPattern *p;

          if (!in_data)
            continue;
          in_data = FALSE;
          scan++;
          suffix = g_strdup_printf ("scan %u", scan);
          p = columns_to_pattern (&c, path, ISC_XRD_FORMAT_RAS, suffix, FALSE);
          if (wl1 > 0)
            {
              p->wavelength = wl1;
              p->wavelength_from_file = TRUE;
            }
          p->wavelength2 = wl2 > 0 ? wl2 : NAN;
          p->ka2_ratio = ratio >= 0 ? ratio : 0;
          p->anode = g_strdup (anode);
          p->intensity_unit = g_strdup (unit);
          g_ptr_array_add (series->patterns, p);
          continue;
        }
      if (in_data)
        {
          n = split_numbers (t, v, 3);
          if (n < 2)
            {
              g_autofree char *excerpt = isc_error_excerpt (owned, 40);

              columns_clear (&c);
              return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT,
                                    "line %u: expected 2θ, intensity and attenuation, found “%s”", r.number, excerpt);
            }
          /* The third column is the attenuator factor: counts × factor is the intensity. */
          if (n == 3)
            v[1] *= v[2];
          g_array_append_val (c.x, v[0]);
          g_array_append_val (c.y, v[1]);
          continue;
        }
      if (ras_key_value (t, &key, &value))
        {
          double x = NAN;

          _isc_xrd_parse_double (value, &x);
          if (g_str_equal (key, "HW_XG_WAVE_LENGTH_ALPHA1"))
            wl1 = x;
          else if (g_str_equal (key, "HW_XG_WAVE_LENGTH_ALPHA2"))
            wl2 = x;
          else if (g_str_equal (key, "HW_XG_TARGET_NAME"))
            set_str (&anode, value);
          else if (g_str_equal (key, "MEAS_SCAN_UNIT_Y"))
            set_str (&unit, value);
          else if (g_str_equal (key, "FILE_SAMPLE"))
            set_str (&sample, value);
        }
    }
  columns_clear (&c);
  if (in_data)
    return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "the data of scan %u end without *RAS_INT_END", scan + 1);
  /* One scan: the file name alone is the label. */
  if (series->patterns->len == 1)
    {
      IscXrdPattern *p = g_ptr_array_index (series->patterns, 0);

      g_free (p->label);
      p->label = g_path_get_basename (path);
    }
  return g_steal_pointer (&series);
}
