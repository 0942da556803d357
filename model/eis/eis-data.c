/* eis-data.c: readers for impedance exports (EC-Lab PEIS .mpt, Gamry .DTA, ZPlot .z, Z60W and
 * CH Instruments text, three-column CSV).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "eis-data.h"

G_DEFINE_QUARK (isc-eis-error-quark, isc_eis_error)

IscEisSpectrum *
isc_eis_spectrum_new (guint         n,
                      const double *freq,
                      const double *re,
                      const double *im)
{
  IscEisSpectrum *s = g_new0 (IscEisSpectrum, 1);

  s->n = n;
  s->freq = g_new0 (double, MAX (n, 1));
  s->re = g_new0 (double, MAX (n, 1));
  s->im = g_new0 (double, MAX (n, 1));
  if (freq != NULL)
    memcpy (s->freq, freq, n * sizeof (double));
  if (re != NULL)
    memcpy (s->re, re, n * sizeof (double));
  if (im != NULL)
    memcpy (s->im, im, n * sizeof (double));
  s->cycle = 1;
  return s;
}

void
isc_eis_spectrum_free (IscEisSpectrum *spectrum)
{
  if (spectrum == NULL)
    return;
  g_free (spectrum->freq);
  g_free (spectrum->re);
  g_free (spectrum->im);
  g_free (spectrum);
}

IscEisSpectrum *
isc_eis_spectrum_capacitive (const IscEisSpectrum *spectrum)
{
  IscEisSpectrum *out;
  guint k = 0;

  g_return_val_if_fail (spectrum != NULL, NULL);
  out = isc_eis_spectrum_new (spectrum->n, NULL, NULL, NULL);
  for (guint i = 0; i < spectrum->n; i++)
    if (spectrum->im[i] < 0)
      {
        out->freq[k] = spectrum->freq[i];
        out->re[k] = spectrum->re[i];
        out->im[k] = spectrum->im[i];
        k++;
      }
  out->n = k;
  out->cycle = spectrum->cycle;
  return out;
}

void
isc_eis_data_free (IscEisData *data)
{
  if (data == NULL)
    return;
  g_free (data->path);
  g_free (data->format);
  g_clear_pointer (&data->spectra, g_ptr_array_unref);
  g_free (data);
}

/* ---- Building spectra ------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  GArray     *freq, *re, *im;
  guint       cycle;
  GPtrArray  *spectra;
} Builder;

static void
builder_init (Builder    *b,
              const char *name)
{
  b->name = name;
  b->freq = g_array_new (FALSE, FALSE, sizeof (double));
  b->re = g_array_new (FALSE, FALSE, sizeof (double));
  b->im = g_array_new (FALSE, FALSE, sizeof (double));
  b->cycle = 0;
  b->spectra = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_eis_spectrum_free);
}

/* Ends the current spectrum (if it has points). */
static void
builder_flush (Builder *b)
{
  IscEisSpectrum *s;

  if (b->freq->len == 0)
    return;
  s = isc_eis_spectrum_new (b->freq->len, (double *) b->freq->data, (double *) b->re->data,
                            (double *) b->im->data);
  s->cycle = b->cycle != 0 ? b->cycle : b->spectra->len + 1;
  g_ptr_array_add (b->spectra, s);
  g_array_set_size (b->freq, 0);
  g_array_set_size (b->re, 0);
  g_array_set_size (b->im, 0);
}

static gboolean
builder_add (Builder  *b,
             guint     line,
             double    f,
             double    re,
             double    im,
             GError  **error)
{
  if (!isfinite (f) || f <= 0 || !isfinite (re) || !isfinite (im))
    {
      g_set_error (error, ISC_EIS_ERROR, ISC_ERROR_FORMAT,
                   "%s: line %u: expected a positive frequency and finite Z', Z''", b->name, line);
      return FALSE;
    }
  g_array_append_val (b->freq, f);
  g_array_append_val (b->re, re);
  g_array_append_val (b->im, im);
  return TRUE;
}

static void
builder_clear (Builder *b)
{
  g_array_unref (b->freq);
  g_array_unref (b->re);
  g_array_unref (b->im);
  g_clear_pointer (&b->spectra, g_ptr_array_unref);
}

static IscEisData *
builder_finish (Builder     *b,
                const char  *format,
                GError     **error)
{
  IscEisData *data;

  builder_flush (b);
  if (b->spectra->len == 0)
    {
      g_set_error (error, ISC_EIS_ERROR, ISC_ERROR_FORMAT,
                   "%s: no impedance points found (expected rows of frequency, Z' and Z'')", b->name);
      builder_clear (b);
      return NULL;
    }
  data = g_new0 (IscEisData, 1);
  data->format = g_strdup (format);
  data->spectra = g_steal_pointer (&b->spectra);
  builder_clear (b);
  return data;
}

/* ---- Fields ----------------------------------------------------------------------------- */

/* Splits @line at any of @seps, skipping empty fields when @merge (runs of blanks). */
static GPtrArray *
split_fields (const char *line,
              const char *seps,
              gboolean    merge)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = g_strsplit_set (line, seps, -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *field = g_strstrip (parts[i]);

      if (merge && field[0] == '\0')
        continue;
      g_ptr_array_add (fields, g_strdup (field));
    }
  return fields;
}

/* A number, with a decimal comma when @comma; NaN when the field is not one. */
static double
field_number (const GPtrArray *fields,
              guint            index,
              gboolean         comma)
{
  g_autofree char *copy = NULL;
  char *end = NULL;
  double value;

  if (index >= fields->len)
    return NAN;
  copy = g_strdup (g_ptr_array_index (fields, index));
  if (comma)
    g_strdelimit (copy, ",", '.');
  g_strstrip (copy);
  if (copy[0] == '"')
    {
      memmove (copy, copy + 1, strlen (copy));
      g_strdelimit (copy, "\"", ' ');
      g_strstrip (copy);
    }
  value = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0')
    return NAN;
  return value;
}

static gboolean
line_is_blank (const char *line)
{
  for (; *line != '\0'; line++)
    if (!g_ascii_isspace (*line))
      return FALSE;
  return TRUE;
}

static int
find_column (const GPtrArray *fields,
             const char      *name)
{
  for (guint i = 0; i < fields->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (fields, i), name) == 0)
      return i;
  return -1;
}

/* ---- EC-Lab .mpt ------------------------------------------------------------------------ */

static IscEisData *
parse_mpt (const char  *name,
           char       **lines,
           GError     **error)
{
  g_autoptr(GPtrArray) header = NULL;
  guint n_lines = g_strv_length (lines);
  guint n_header = 0;
  int col_f, col_re, col_im, col_cycle;
  gboolean comma = FALSE;
  double last_f = 0;
  Builder b;

  for (guint i = 0; i < MIN (n_lines, 5); i++)
    if (g_str_has_prefix (lines[i], "Nb header lines"))
      {
        const char *colon = strchr (lines[i], ':');

        n_header = colon != NULL ? (guint) g_ascii_strtoull (colon + 1, NULL, 10) : 0;
      }
  if (n_header < 1 || n_header > n_lines)
    {
      g_set_error (error, ISC_EIS_ERROR, ISC_ERROR_FORMAT,
                   "%s: line 2: expected “Nb header lines : N” of an EC-Lab text export", name);
      return NULL;
    }
  header = split_fields (lines[n_header - 1], "\t", FALSE);
  col_f = find_column (header, "freq/Hz");
  col_re = find_column (header, "Re(Z)/Ohm");
  col_im = find_column (header, "-Im(Z)/Ohm");
  col_cycle = find_column (header, "cycle number");
  if (col_f < 0 || col_re < 0 || col_im < 0)
    {
      g_set_error (error, ISC_EIS_ERROR, ISC_ERROR_FORMAT,
                   "%s: line %u: no freq/Hz, Re(Z)/Ohm and -Im(Z)/Ohm columns: not an impedance "
                   "(PEIS/GEIS) export", name, n_header);
      return NULL;
    }

  builder_init (&b, name);
  for (guint i = n_header; i < n_lines; i++)
    {
      g_autoptr(GPtrArray) fields = NULL;
      double f, re, im;

      if (line_is_blank (lines[i]))
        continue;
      fields = split_fields (lines[i], "\t", FALSE);
      /* German EC-Lab writes decimal commas; the fields are tab-separated either way. */
      if (i == n_header)
        comma = strchr (g_ptr_array_index (fields, 0), ',') != NULL;
      f = field_number (fields, col_f, comma);
      re = field_number (fields, col_re, comma);
      im = -field_number (fields, col_im, comma);
      if (col_cycle >= 0)
        {
          double c = field_number (fields, col_cycle, comma);

          if (isfinite (c) && (guint) c != b.cycle)
            {
              builder_flush (&b);
              b.cycle = (guint) c;
            }
        }
      else if (b.freq->len > 0 && f > last_f)
        {
          /* No cycle column: a new sweep starts where the frequency rises again. */
          builder_flush (&b);
        }
      if (!builder_add (&b, i + 1, f, re, im, error))
        {
          builder_clear (&b);
          return NULL;
        }
      last_f = f;
    }
  return builder_finish (&b, "biologic-mpt", error);
}

/* ---- Gamry .DTA ------------------------------------------------------------------------- */

static IscEisData *
parse_dta (const char  *name,
           char       **lines,
           GError     **error)
{
  guint n_lines = g_strv_length (lines);
  Builder b;

  builder_init (&b, name);
  for (guint i = 0; i < n_lines; i++)
    {
      g_autoptr(GPtrArray) header = NULL;
      int col_f, col_re, col_im;

      if (!g_str_has_prefix (lines[i], "ZCURVE\tTABLE") || i + 2 >= n_lines)
        continue;
      header = split_fields (lines[i + 1], "\t", FALSE);
      col_f = find_column (header, "Freq");
      col_re = find_column (header, "Zreal");
      col_im = find_column (header, "Zimag");
      if (col_f < 0 || col_re < 0 || col_im < 0)
        {
          g_set_error (error, ISC_EIS_ERROR, ISC_ERROR_FORMAT,
                       "%s: line %u: expected Freq, Zreal and Zimag columns in the ZCURVE table", name, i + 2);
          builder_clear (&b);
          return NULL;
        }
      builder_flush (&b);
      /* Rows are indented by a tab; the table ends at the first line that is not. */
      for (i += 3; i < n_lines && lines[i][0] == '\t'; i++)
        {
          g_autoptr(GPtrArray) fields = split_fields (lines[i], "\t", FALSE);

          if (!builder_add (&b, i + 1, field_number (fields, col_f, FALSE), field_number (fields, col_re, FALSE),
                            field_number (fields, col_im, FALSE), error))
            {
              builder_clear (&b);
              return NULL;
            }
        }
      builder_flush (&b);
      i--;
    }
  return builder_finish (&b, "gamry-dta", error);
}

/* ---- Tables after a header line (ZPlot, Z60W, CH Instruments, CSV) ---------------------- */

static IscEisData *
parse_rows (const char  *name,
            const char  *format,
            char       **lines,
            guint        first,
            const char  *seps,
            gboolean     merge,
            int          col_f,
            int          col_re,
            int          col_im,
            double       im_sign,
            GError     **error)
{
  guint n_lines = g_strv_length (lines);
  Builder b;

  builder_init (&b, name);
  for (guint i = first; i < n_lines; i++)
    {
      g_autoptr(GPtrArray) fields = NULL;

      if (line_is_blank (lines[i]))
        continue;
      fields = split_fields (lines[i], seps, merge);
      if (!builder_add (&b, i + 1, field_number (fields, col_f, FALSE), field_number (fields, col_re, FALSE),
                        im_sign * field_number (fields, col_im, FALSE), error))
        {
          builder_clear (&b);
          return NULL;
        }
    }
  return builder_finish (&b, format, error);
}

static int
find_line (char       **lines,
           const char  *needle,
           gboolean     prefix)
{
  for (guint i = 0; lines[i] != NULL; i++)
    if (prefix ? g_str_has_prefix (g_strchug (lines[i]), needle) : strstr (lines[i], needle) != NULL)
      return i;
  return -1;
}

static IscEisData *
parse_csv (const char  *name,
           char       **lines,
           GError     **error)
{
  g_autoptr(GPtrArray) first = NULL;
  const char *seps = ",";
  int col_f = 0, col_re = 1, col_im = 2;
  double sign = 1;
  guint start = 0;

  while (lines[start] != NULL && line_is_blank (lines[start]))
    start++;
  if (lines[start] == NULL)
    return parse_rows (name, "csv", lines, start, seps, FALSE, 0, 1, 2, 1, error);
  if (strchr (lines[start], ';') != NULL)
    seps = ";";
  else if (strchr (lines[start], ',') == NULL && strchr (lines[start], '\t') != NULL)
    seps = "\t";
  first = split_fields (lines[start], seps, FALSE);
  if (isnan (field_number (first, 0, FALSE)))
    {
      /* A header: frequency, then the real and imaginary columns by name. */
      col_f = col_re = col_im = -1;
      for (guint i = 0; i < first->len; i++)
        {
          g_autofree char *h = g_ascii_strdown (g_ptr_array_index (first, i), -1);

          if (col_f < 0 && strstr (h, "freq") != NULL)
            col_f = i;
          else if (col_im < 0 && (strstr (h, "z''") != NULL || strstr (h, "im") != NULL
                                  || strstr (h, "z\"") != NULL))
            {
              col_im = i;
              sign = h[0] == '-' ? -1 : 1;
            }
          else if (col_re < 0 && (strstr (h, "z'") != NULL || strstr (h, "re") != NULL))
            col_re = i;
        }
      if (col_f < 0 || col_re < 0 || col_im < 0)
        {
          g_set_error (error, ISC_EIS_ERROR, ISC_ERROR_FORMAT,
                       "%s: line %u: expected frequency, Z' and Z'' columns", name, start + 1);
          return NULL;
        }
      start++;
    }
  return parse_rows (name, "csv", lines, start, seps, FALSE, col_f, col_re, col_im, sign, error);
}

IscEisData *
isc_eis_data_parse (const char  *name,
                    const char  *text,
                    gsize        len,
                    GError     **error)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = NULL;
  char *body;
  int at;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (text != NULL || len == 0, NULL);

  copy = g_strndup (text, len);
  if (strlen (copy) != len)
    {
      g_set_error (error, ISC_EIS_ERROR, ISC_ERROR_FORMAT,
                   "%s: a NUL byte at offset %zu: expected a text export (binary .mpr is not read)",
                   name, strlen (copy));
      return NULL;
    }
  body = copy;
  if (len >= 3 && memcmp (body, "\xef\xbb\xbf", 3) == 0)
    body += 3;
  g_strdelimit (body, "\r", ' ');
  lines = g_strsplit (body, "\n", -1);
  if (lines[0] == NULL)
    {
      g_set_error (error, ISC_EIS_ERROR, ISC_ERROR_FORMAT,
                   "%s: the file is empty: expected rows of frequency, Z' and Z''", name);
      return NULL;
    }

  if (g_str_has_prefix (body, "EC-Lab ASCII FILE"))
    return parse_mpt (name, lines, error);
  if (g_str_has_prefix (body, "EXPLAIN"))
    return parse_dta (name, lines, error);
  if (strstr (lines[0], "ZPLOT") != NULL || strstr (lines[0], "ZView") != NULL)
    {
      at = find_line (lines, "End Comments", TRUE);
      if (at < 0)
        {
          g_set_error (error, ISC_EIS_ERROR, ISC_ERROR_FORMAT,
                       "%s: no “End Comments” line: expected a ZPlot/ZView data table", name);
          return NULL;
        }
      return parse_rows (name, "zplot-z", lines, at + 1, " \t", TRUE, 0, 4, 5, 1, error);
    }
  if (strstr (lines[0], "Z60W") != NULL)
    {
      at = find_line (lines, "Freq", FALSE);
      if (at < 0)
        {
          g_set_error (error, ISC_EIS_ERROR, ISC_ERROR_FORMAT,
                       "%s: no column line naming Freq: expected a Z60W data table", name);
          return NULL;
        }
      return parse_rows (name, "z60w-txt", lines, at + 1, ",", FALSE, 0, 4, 5, 1, error);
    }
  if (find_line (lines, "A.C. Impedance", TRUE) >= 0)
    {
      at = find_line (lines, "Freq/Hz", TRUE);
      if (at < 0)
        {
          g_set_error (error, ISC_EIS_ERROR, ISC_ERROR_FORMAT,
                       "%s: no “Freq/Hz” column line: expected a CH Instruments impedance table", name);
          return NULL;
        }
      return parse_rows (name, "chi-txt", lines, at + 1, ",", FALSE, 0, 1, 2, 1, error);
    }
  return parse_csv (name, lines, error);
}

IscEisData *
isc_eis_data_load (const char  *path,
                   GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local = NULL;
  IscEisData *data;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);

  name = g_path_get_basename (path);
  if (!g_file_get_contents (path, &text, &len, &local))
    {
      g_set_error (error, ISC_EIS_ERROR, ISC_ERROR_IO, "%s: %s", path, local->message);
      return NULL;
    }
  data = isc_eis_data_parse (name, text, len, error);
  if (data != NULL)
    data->path = g_strdup (path);
  return data;
}
