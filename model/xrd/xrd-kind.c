/* xrd-kind.c: recognising diffraction files by their first bytes, and their `info` summary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "xrd-kind.h"
#include "xrd-pattern.h"

/* Lines of two or three blank-separated numbers: 2θ rising in constant steps within 0…180°,
 * intensities not negative. Comment lines (#, ;, !) before them are skipped. */
static gboolean
rows_are_pattern (const char *head,
                  gsize       len)
{
  g_autofree char *text = g_strndup (head, len);
  g_auto(GStrv) lines = g_strsplit_set (text, "\r\n", -1);
  double x[3] = { 0 };
  guint rows = 0, n_lines = g_strv_length (lines);

  /* The last line may be cut short by the end of @head. */
  for (guint i = 0; i + 1 < n_lines && rows < 20; i++)
    {
      const char *line = g_strstrip (lines[i]);
      g_auto(GStrv) fields = NULL;
      guint n = 0;
      double v[3];

      if (line[0] == '\0' || (rows == 0 && (line[0] == '#' || line[0] == ';' || line[0] == '!')))
        continue;
      if (strchr (line, ',') != NULL)
        return FALSE;
      fields = g_strsplit_set (line, " \t", -1);
      for (guint f = 0; fields[f] != NULL; f++)
        {
          char *end = NULL;

          if (fields[f][0] == '\0')
            continue;
          if (n == 3)
            return FALSE;
          v[n] = g_ascii_strtod (fields[f], &end);
          if (end == fields[f] || *end != '\0' || !isfinite (v[n]))
            return FALSE;
          n++;
        }
      if (n < 2 || !(v[0] > 0 && v[0] < 180) || v[1] < 0)
        return FALSE;
      x[0] = x[1];
      x[1] = x[2];
      x[2] = v[0];
      if (++rows >= 3)
        {
          double d1 = x[1] - x[0], d2 = x[2] - x[1];

          /* Steps of at most a few degrees, equal to a few parts per thousand of a step. */
          if (!(d1 > 0 && d1 < 2 && fabs (d2 - d1) < 0.01 * d1 + 1e-5))
            return FALSE;
        }
    }
  return rows >= 3;
}

gboolean
isc_xrd_sniff (const char *head,
               gsize       len)
{
  g_return_val_if_fail (head != NULL || len == 0, FALSE);

  /* RAW, RAS and XRDML by the model's own magic. */
  if (isc_xrd_format_guess ("", (const guint8 *) head, len) != ISC_XRD_FORMAT_AUTO)
    return TRUE;
  /* A zip: Bruker .brml and Rigaku .rasx (no other kind of these suffixes is one). */
  if (len >= 4 && memcmp (head, "PK\003\004", 4) == 0)
    return TRUE;
  /* Bruker UXD: ";comment" and "_KEY = value" lines. */
  if (g_strstr_len (head, MIN (len, 4096), "_2THETA") != NULL
      || (g_strstr_len (head, MIN (len, 4096), "_FILEVERSION") != NULL
          && g_strstr_len (head, MIN (len, 4096), "_WL1") != NULL))
    return TRUE;
  /* PANalytical CSV export. */
  if (len >= 24 && (strncmp (head, "[Measurement conditions]", 24) == 0
                    || (len >= 27 && strncmp (head, "\xef\xbb\xbf[Measurement conditions]", 27) == 0)))
    return TRUE;
  return rows_are_pattern (head, len);
}

JsonNode *
isc_xrd_summarize (const char  *path,
                   GError     **error)
{
  g_autoptr(IscXrdSeries) series = isc_xrd_load (path, ISC_XRD_FORMAT_AUTO, error);
  g_autoptr(JsonBuilder) b = NULL;

  if (series == NULL)
    return NULL;
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "xrd");
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, series->patterns->len > 0
                                    ? isc_xrd_format_to_string (isc_xrd_series_get (series, 0)->format) : "");
  json_builder_set_member_name (b, "scans");
  json_builder_begin_array (b);
  for (guint i = 0; i < series->patterns->len; i++)
    {
      const IscXrdPattern *p = isc_xrd_series_get (series, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, p->label);
      json_builder_set_member_name (b, "points");
      json_builder_add_int_value (b, p->n);
      json_builder_set_member_name (b, "two_theta_min");
      json_builder_add_double_value (b, p->n > 0 ? p->two_theta[0] : 0);
      json_builder_set_member_name (b, "two_theta_max");
      json_builder_add_double_value (b, p->n > 0 ? p->two_theta[p->n - 1] : 0);
      json_builder_set_member_name (b, "wavelength_A");
      json_builder_add_double_value (b, p->wavelength);
      json_builder_set_member_name (b, "wavelength_from_file");
      json_builder_add_boolean_value (b, p->wavelength_from_file);
      if (!isnan (p->temperature_c))
        {
          json_builder_set_member_name (b, "temperature_c");
          json_builder_add_double_value (b, p->temperature_c);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
