/* eels-kind.c: sniff and `info` summary of EELS spectra for the dataset-kind registry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "eels.h"
#include "eels-kind.h"
#include "image.h"

/* The value of "#KEY : value" in @head (NULL when absent); newly allocated, stripped. */
static char *
header_value (const char *head,
              gsize       len,
              const char *key)
{
  gsize klen = strlen (key);

  for (gsize i = 0; i + klen + 1 < len; i++)
    {
      gsize j;

      if (head[i] != '#' || (i > 0 && head[i - 1] != '\n'))
        continue;
      if (g_ascii_strncasecmp (head + i + 1, key, klen) != 0)
        continue;
      j = i + 1 + klen;
      while (j < len && (head[j] == ' ' || head[j] == '\t' || head[j] == '-'))
        j++;
      if (j >= len || head[j] != ':')
        continue;
      j++;
      {
        gsize end = j;

        while (end < len && head[end] != '\n' && head[end] != '\r')
          end++;
        return g_strstrip (g_strndup (head + j, end - j));
      }
    }
  return NULL;
}

gboolean
isc_eels_sniff (const char *head,
                gsize       len)
{
  g_autofree char *format = NULL;
  g_autofree char *signal = NULL;

  if (head == NULL || len < 8 || head[0] != '#')
    return FALSE;
  format = header_value (head, len, "FORMAT");
  if (format == NULL || g_ascii_strncasecmp (format, "EMSA", 4) != 0)
    return FALSE;
  signal = header_value (head, len, "SIGNALTYPE");
  return signal == NULL || signal[0] == '\0' || g_ascii_strncasecmp (signal, "ELS", 3) == 0;
}

/* Velox/Berkeley EMD has no cheap look at its axes here: a file up to this size is read whole. */
#define EMD_PROBE_MAX_BYTES (32 * 1024 * 1024)

static gboolean
unit_is_ev (const char *unit)
{
  return g_strcmp0 (unit, "eV") == 0;
}

gboolean
isc_eels_probe_file (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  g_return_val_if_fail (path != NULL, FALSE);
  if (g_str_has_suffix (lower, ".dm3") || g_str_has_suffix (lower, ".dm4"))
    {
      g_auto(GStrv) units = isc_image_dm_peek_units (path);
      guint n = units != NULL ? g_strv_length (units) : 0;

      /* a spectrum, line scan or spectrum image: one axis in eV, at most two others in length
       * units (an image series has none in eV; a diffraction pattern has 1/nm) */
      for (guint i = 0; i < n; i++)
        if (unit_is_ev (units[i]))
          return n <= 3;
      return FALSE;
    }
  if (g_str_has_suffix (lower, ".emd"))
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                                     NULL, NULL);
      g_autoptr(IscImage) image = NULL;

      if (info == NULL || g_file_info_get_size (info) > EMD_PROBE_MAX_BYTES)
        return FALSE;
      image = isc_image_load (path, 0, NULL, NULL, NULL, NULL);
      if (image == NULL)
        return FALSE;
      for (guint i = 0; i < 3; i++)
        if (unit_is_ev (image->axis[i].unit))
          return TRUE;
      return FALSE;
    }
  return FALSE;
}

static void
add_number (JsonBuilder *b,
            const char  *key,
            double       value)
{
  json_builder_set_member_name (b, key);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

JsonNode *
isc_eels_summarize (const char  *path,
                    GError     **error)
{
  g_autoptr(IscEelsData) d = isc_eels_load (path, error);
  g_autoptr(JsonBuilder) b = NULL;

  if (d == NULL)
    return NULL;
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, d->width * d->height > 1 ? (d->height > 1 ? "eels-spectrum-image" : "eels-line-scan")
                                                             : "eels-spectrum");
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, d->format);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, d->title);
  json_builder_set_member_name (b, "n_channels");
  json_builder_add_int_value (b, d->n_channels);
  json_builder_set_member_name (b, "width");
  json_builder_add_int_value (b, d->width);
  json_builder_set_member_name (b, "height");
  json_builder_add_int_value (b, d->height);
  add_number (b, "energy_first_ev", isc_eels_energy (d, 0));
  add_number (b, "energy_last_ev", isc_eels_energy (d, d->n_channels - 1));
  add_number (b, "energy_scale_ev", d->energy_scale);
  add_number (b, "origin_channels", d->origin_channels);
  add_number (b, "pixel_size", d->width * d->height > 1 ? d->spatial_scale : NAN);
  json_builder_set_member_name (b, "pixel_unit");
  json_builder_add_string_value (b, d->spatial_unit);
  add_number (b, "beam_energy_kev", d->beam_energy_kev);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
