/* eis-kind.c: recognising impedance files by their first bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "eis-data.h"
#include "eis-kind.h"

/* A case-insensitive search in the first @len bytes (which need not end in a NUL). */
static gboolean
head_contains (const char *head,
               gsize       len,
               const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (g_ascii_strncasecmp (head + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* The first line of @head that is not empty, as a new string. */
static char *
first_line (const char *head,
            gsize       len)
{
  gsize start = 0;

  /* A UTF-8 byte-order mark is not part of the line. */
  if (len >= 3 && memcmp (head, "\xef\xbb\xbf", 3) == 0)
    start = 3;
  while (start < len)
    {
      gsize end = start;

      while (end < len && head[end] != '\n' && head[end] != '\r')
        end++;
      if (end > start)
        return g_strndup (head + start, end - start);
      start = end + 1;
    }
  return NULL;
}

/* Parses a line of exactly three numbers. */
static gboolean
three_numbers (const char *line,
               double      v[3])
{
  g_auto(GStrv) fields = g_strsplit_set (line, ",;\t", -1);

  if (g_strv_length (fields) != 3)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      char *end = NULL;

      v[i] = g_ascii_strtod (fields[i], &end);
      if (end == fields[i] || *g_strchug (end) != '\0')
        return FALSE;
    }
  return TRUE;
}

/* Rows of three numbers without a header are impedance when the first column is a frequency
 * sweep spaced by a constant ratio (points per decade), or the third column goes negative
 * (capacitive Z''): a diffraction pattern's 2θ, I, σ rises in constant steps and stays positive. */
static gboolean
rows_are_impedance (const char *head,
                    gsize       len)
{
  g_autofree char *text = g_strndup (head, len);
  g_auto(GStrv) lines = g_strsplit_set (text, "\r\n", -1);
  double f[3] = { 0 }, v[3];
  guint rows = 0;

  for (guint i = 0; lines[i] != NULL && rows < 50; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      if (!three_numbers (lines[i], v) || !(v[0] > 0))
        return FALSE;
      if (v[2] < 0)
        return TRUE;
      f[0] = f[1];
      f[1] = f[2];
      f[2] = v[0];
      if (++rows >= 3)
        {
          double r1 = f[1] / f[0], r2 = f[2] / f[1];

          if (fabs (r1 - 1) > 0.05 && fabs (r2 / r1 - 1) < 0.02)
            return TRUE;
        }
    }
  return FALSE;
}

/* freq, Z', Z'' as three numbers, or a header naming frequency and the real part. */
static gboolean
csv_is_impedance (const char *head,
                  gsize       len)
{
  g_autofree char *line = first_line (head, len);
  g_auto(GStrv) fields = NULL;
  double v[3];
  guint n;

  if (line == NULL)
    return FALSE;
  if (three_numbers (line, v))
    return rows_are_impedance (head, len);
  fields = g_strsplit_set (line, ",;\t", -1);
  n = g_strv_length (fields);
  /* A cycler log may carry a frequency and an impedance column among thirty others: an
   * impedance table starts with the frequency and has few columns. */
  return n >= 3 && n <= 8 && head_contains (fields[0], strlen (fields[0]), "freq")
         && (head_contains (line, strlen (line), "z'") || head_contains (line, strlen (line), "re(z)")
             || head_contains (line, strlen (line), "zreal") || head_contains (line, strlen (line), "z_re"));
}

gboolean
isc_eis_sniff (const char *head,
               gsize       len)
{
  g_return_val_if_fail (head != NULL || len == 0, FALSE);

  if (len >= 17 && strncmp (head, "EC-Lab ASCII FILE", 17) == 0)
    /* A PEIS/GEIS export, not a GCPL one: its technique line, or its frequency column. */
    return head_contains (head, len, "Impedance Spectroscopy") || head_contains (head, len, "freq/Hz");
  if (len >= 7 && strncmp (head, "EXPLAIN", 7) == 0)
    return head_contains (head, len, "\tEISPOT") || head_contains (head, len, "\tEISGALV")
           || head_contains (head, len, "ZCURVE");
  if (head_contains (head, MIN (len, 256), "ZPLOT") || head_contains (head, MIN (len, 256), "Z60W")
      || head_contains (head, MIN (len, 256), "ZView"))
    return TRUE;
  if (head_contains (head, MIN (len, 1024), "A.C. Impedance"))
    return TRUE;
  return csv_is_impedance (head, len);
}

JsonNode *
isc_eis_summarize (const char  *path,
                   GError     **error)
{
  g_autoptr(IscEisData) data = isc_eis_data_load (path, error);
  g_autoptr(JsonBuilder) b = NULL;

  if (data == NULL)
    return NULL;
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "eis");
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, data->format);
  json_builder_set_member_name (b, "spectra");
  json_builder_begin_array (b);
  for (guint i = 0; i < data->spectra->len; i++)
    {
      const IscEisSpectrum *s = g_ptr_array_index (data->spectra, i);
      double fmin = G_MAXDOUBLE, fmax = 0;

      for (guint k = 0; k < s->n; k++)
        {
          fmin = MIN (fmin, s->freq[k]);
          fmax = MAX (fmax, s->freq[k]);
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "cycle");
      json_builder_add_int_value (b, s->cycle);
      json_builder_set_member_name (b, "points");
      json_builder_add_int_value (b, s->n);
      json_builder_set_member_name (b, "freq_min_hz");
      json_builder_add_double_value (b, s->n > 0 ? fmin : 0);
      json_builder_set_member_name (b, "freq_max_hz");
      json_builder_add_double_value (b, fmax);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
