/* thermal-kind.c: recognising thermal-analysis exports by their first bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "thermal-curve.h"
#include "thermal-kind.h"

/* Words of a cycler's or potentiostat's column header: such a table may log a temperature
 * beside an "active mass", and stays with the electrochemistry kinds. */
static const char * const electrochemistry_words[] = {
  "volt", "current", "cycle", "capacity", "ewe", "ecell", "ohm", "freq", NULL
};

/* The first line of @text that is neither empty nor a comment, lower case. */
static char *
header_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit_set (text, "\r\n", 64);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (line[0] != '\0' && line[0] != '#')
        return g_ascii_strdown (line, -1);
    }
  return NULL;
}

gboolean
isc_thermal_sniff (const char *head,
                   gsize       len)
{
  g_autofree char *text = NULL;
  g_autofree char *header = NULL;

  g_return_val_if_fail (head != NULL || len == 0, FALSE);

  switch (isc_thermal_format_guess ((const guint8 *) head, len))
    {
    case ISC_THERMAL_FORMAT_TA:
    case ISC_THERMAL_FORMAT_NETZSCH:
    case ISC_THERMAL_FORMAT_METTLER:
    case ISC_THERMAL_FORMAT_PERKINELMER:
      return TRUE;
    case ISC_THERMAL_FORMAT_CSV:
      break;
    case ISC_THERMAL_FORMAT_AUTO:
    default:
      return FALSE;
    }
  /* A CSV whose header names temperature and mass or DTA/DSC: not when it is a cycler's. */
  text = g_strndup (head, MIN (len, 4096));
  header = header_line (text);
  if (header == NULL)
    return FALSE;
  for (guint i = 0; electrochemistry_words[i] != NULL; i++)
    if (strstr (header, electrochemistry_words[i]) != NULL)
      return FALSE;
  return TRUE;
}

JsonNode *
isc_thermal_summarize (const char  *path,
                       GError     **error)
{
  g_autoptr(GPtrArray) curves = isc_thermal_load (path, ISC_THERMAL_FORMAT_AUTO, NULL, error);
  g_autoptr(JsonBuilder) b = NULL;

  if (curves == NULL)
    return NULL;
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "thermal");
  json_builder_set_member_name (b, "curves");
  json_builder_begin_array (b);
  for (guint i = 0; i < curves->len; i++)
    {
      const IscThermalCurve *c = g_ptr_array_index (curves, i);
      double tmin, tmax;

      isc_thermal_curve_get_range (c, &tmin, &tmax);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "format");
      json_builder_add_string_value (b, isc_thermal_format_to_string (c->format));
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, c->label);
      json_builder_set_member_name (b, "points");
      json_builder_add_int_value (b, c->n);
      json_builder_set_member_name (b, "temperature_min_c");
      json_builder_add_double_value (b, c->n > 0 ? tmin : 0);
      json_builder_set_member_name (b, "temperature_max_c");
      json_builder_add_double_value (b, c->n > 0 ? tmax : 0);
      json_builder_set_member_name (b, "mass");
      json_builder_add_boolean_value (b, c->mass != NULL);
      json_builder_set_member_name (b, "signal");
      json_builder_add_string_value (b, c->signal != NULL ? (c->signal_name != NULL ? c->signal_name : "signal") : NULL);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
