/* eels-read.c: EELS readers. EMSA/MSA text is parsed here; DigitalMicrograph (and any other
 * image format with an axis in eV) goes through the image readers, whose DM tag parser already
 * keeps 1-D and 3-D datasets with their calibrations (pixel i ↦ (i − Origin) × Scale), and
 * the energy axis is then moved to the innermost position.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eels.h"
#include "image.h"
#include "isc-error.h"

#define MAX_CHANNELS (1u << 24)

static void
set_error (GError    **error,
           int         code,
           const char *path,
           const char *format,
           ...) G_GNUC_PRINTF (4, 5);

static void
set_error (GError    **error,
           int         code,
           const char *path,
           const char *format,
           ...)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, ISC_IMAGE_ERROR, code, "%s: %s", base, message);
}

IscEelsData *
isc_eels_data_new (guint n_channels,
                   guint width,
                   guint height)
{
  IscEelsData *d;
  guint64 total = (guint64) n_channels * width * height;

  if (n_channels == 0 || width == 0 || height == 0 || total > ((guint64) 1 << 31))
    return NULL;
  d = g_new0 (IscEelsData, 1);
  d->counts = g_try_new0 (double, total);
  if (d->counts == NULL)
    {
      g_free (d);
      return NULL;
    }
  d->n_channels = n_channels;
  d->width = width;
  d->height = height;
  d->energy_scale = 1;
  d->spatial_scale = 1;
  d->spatial_unit = g_strdup ("");
  d->format = g_strdup ("");
  d->title = g_strdup ("");
  d->beam_energy_kev = NAN;
  d->convergence_mrad = NAN;
  d->collection_mrad = NAN;
  return d;
}

void
isc_eels_data_free (IscEelsData *data)
{
  if (data == NULL)
    return;
  g_free (data->counts);
  g_free (data->spatial_unit);
  g_free (data->format);
  g_free (data->title);
  g_free (data);
}

double
isc_eels_energy (const IscEelsData *data,
                 double             i)
{
  return data->energy_offset + i * data->energy_scale;
}

const double *
isc_eels_spectrum (const IscEelsData *data,
                   guint              x,
                   guint              y)
{
  g_return_val_if_fail (x < data->width && y < data->height, NULL);
  return data->counts + ((gsize) y * data->width + x) * data->n_channels;
}

double *
isc_eels_sum_spectrum (const IscEelsData *data)
{
  double *sum = g_new0 (double, data->n_channels);
  gsize n_pixels = (gsize) data->width * data->height;

  for (gsize p = 0; p < n_pixels; p++)
    for (guint i = 0; i < data->n_channels; i++)
      sum[i] += data->counts[p * data->n_channels + i];
  return sum;
}

double *
isc_eels_energy_axis (const IscEelsData *data,
                      double             shift)
{
  double *e = g_new (double, data->n_channels);

  for (guint i = 0; i < data->n_channels; i++)
    e[i] = isc_eels_energy (data, i) + shift;
  return e;
}

/* ---- EMSA/MSA (ISO 22029) ---- */

static gboolean
parse_number (const char *text,
              double     *out)
{
  char *end = NULL;
  double v;

  while (g_ascii_isspace (*text))
    text++;
  v = g_ascii_strtod (text, &end);
  if (end == text || !isfinite (v))
    return FALSE;
  *out = v;
  return TRUE;
}

IscEelsData *
isc_eels_parse_msa (const char  *text,
                    gsize        len,
                    const char  *name,
                    GError     **error)
{
  g_autofree char *copy = g_strndup (text, len);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *datatype = g_strdup ("Y");
  g_autofree char *title = NULL;
  g_autofree char *signal = NULL;
  double npoints = NAN, ncolumns = 1, xperchan = NAN, offset = 0, beam = NAN, conv = NAN, coll = NAN;
  gboolean in_data = FALSE, ended = FALSE, is_emsa = FALSE;
  IscEelsData *d;

  /* NUL bytes would end the copy early: treat them as damage */
  if (strlen (copy) != len)
    {
      set_error (error, ISC_ERROR_FORMAT, name, "EMSA file contains NUL bytes at byte %zu", strlen (copy));
      return NULL;
    }
  lines = g_strsplit_set (copy, "\n", -1);
  for (guint l = 0; lines[l] != NULL && !ended; l++)
    {
      char *line = g_strstrip (lines[l]);

      if (line[0] == '#')
        {
          char *colon = strchr (line, ':');
          g_autofree char *raw_key = NULL;
          g_autofree char *key = NULL;
          char *value;

          if (colon == NULL)
            continue;
          raw_key = g_strndup (line + 1, colon - line - 1);
          key = g_ascii_strup (g_strstrip (raw_key), -1);
          value = g_strstrip (colon + 1);
          /* keywords may carry a unit suffix in "-" ("#BEAMKV   -kV: 300") */
          {
            char *dash = strchr (key, '-');
            if (dash != NULL)
              {
                *dash = '\0';
                g_strchomp (key);
              }
          }
          if (g_str_equal (key, "FORMAT"))
            is_emsa = g_ascii_strncasecmp (value, "EMSA", 4) == 0;
          else if (g_str_equal (key, "NPOINTS"))
            parse_number (value, &npoints);
          else if (g_str_equal (key, "NCOLUMNS"))
            parse_number (value, &ncolumns);
          else if (g_str_equal (key, "XPERCHAN"))
            parse_number (value, &xperchan);
          else if (g_str_equal (key, "OFFSET"))
            parse_number (value, &offset);
          else if (g_str_equal (key, "BEAMKV"))
            parse_number (value, &beam);
          else if (g_str_equal (key, "CONVANGLE"))
            parse_number (value, &conv);
          else if (g_str_equal (key, "COLLANGLE"))
            parse_number (value, &coll);
          else if (g_str_equal (key, "DATATYPE"))
            {
              g_free (datatype);
              datatype = g_ascii_strup (value, -1);
            }
          else if (g_str_equal (key, "TITLE"))
            {
              g_free (title);
              title = g_strdup (value);
            }
          else if (g_str_equal (key, "SIGNALTYPE"))
            {
              g_free (signal);
              signal = g_strdup (value);
            }
          else if (g_str_equal (key, "SPECTRUM"))
            in_data = TRUE;
          else if (g_str_equal (key, "ENDOFDATA"))
            ended = TRUE;
          continue;
        }
      if (!in_data || line[0] == '\0')
        continue;
      {
        g_auto(GStrv) fields = g_strsplit_set (line, ", \t;", -1);
        guint k = 0;

        for (guint f = 0; fields[f] != NULL; f++)
          {
            double v;

            if (fields[f][0] == '\0')
              continue;
            if (!parse_number (fields[f], &v))
              {
                set_error (error, ISC_ERROR_FORMAT, name, "EMSA data line %u: “%s” is not a number", l + 1, fields[f]);
                return NULL;
              }
            if (g_str_equal (datatype, "XY") && k++ % 2 == 0)
              g_array_append_val (xs, v);
            else
              g_array_append_val (ys, v);
          }
      }
      if (ys->len > MAX_CHANNELS)
        {
          set_error (error, ISC_ERROR_FORMAT, name, "EMSA spectrum has more than %u values", MAX_CHANNELS);
          return NULL;
        }
    }
  if (!is_emsa)
    {
      set_error (error, ISC_ERROR_FORMAT, name, "not an EMSA/MSA file (no “#FORMAT : EMSA/MAS Spectral Data File”)");
      return NULL;
    }
  if (!in_data || ys->len == 0)
    {
      set_error (error, ISC_ERROR_FORMAT, name, "EMSA file holds no #SPECTRUM data");
      return NULL;
    }
  if (!isnan (npoints) && (npoints < 1 || npoints > MAX_CHANNELS))
    {
      set_error (error, ISC_ERROR_FORMAT, name, "EMSA #NPOINTS is %g", npoints);
      return NULL;
    }
  if (!isnan (npoints) && ys->len < (guint) npoints)
    {
      set_error (error, ISC_ERROR_FORMAT, name, "EMSA data is truncated: %u of %u values%s", ys->len,
                 (guint) npoints, ended ? "" : " and no #ENDOFDATA");
      return NULL;
    }
  if (g_str_equal (datatype, "XY"))
    {
      if (xs->len != ys->len)
        {
          set_error (error, ISC_ERROR_FORMAT, name, "EMSA XY data has an energy without a count");
          return NULL;
        }
      if (xs->len >= 2)
        {
          offset = g_array_index (xs, double, 0);
          xperchan = (g_array_index (xs, double, xs->len - 1) - offset) / (xs->len - 1);
        }
    }
  if (isnan (xperchan) || xperchan == 0)
    {
      set_error (error, ISC_ERROR_FORMAT, name, "EMSA file has no energy step (#XPERCHAN)");
      return NULL;
    }
  (void) ncolumns;

  d = isc_eels_data_new (isnan (npoints) ? ys->len : (guint) npoints, 1, 1);
  if (d == NULL)
    {
      set_error (error, ISC_ERROR_IO, name, "not enough memory for the spectrum");
      return NULL;
    }
  memcpy (d->counts, ys->data, d->n_channels * sizeof (double));
  d->energy_offset = offset;
  d->energy_scale = xperchan;
  d->origin_channels = -offset / xperchan;
  d->beam_energy_kev = beam;
  d->convergence_mrad = conv;
  d->collection_mrad = coll;
  g_free (d->format);
  d->format = g_strdup ("msa");
  if (title != NULL)
    {
      g_free (d->title);
      d->title = g_steal_pointer (&title);
    }
  return d;
}

/* ---- image formats ---- */

static double
meta_number (const IscImage *image,
             const char     *suffix)
{
  for (guint i = 0; i < image->meta_keys->len; i++)
    if (g_str_has_suffix (g_ptr_array_index (image->meta_keys, i), suffix))
      {
        double v;

        if (parse_number (g_ptr_array_index (image->meta_values, i), &v))
          return v;
      }
  return NAN;
}

static IscEelsData *
from_image (const IscImage *image,
            const char     *path,
            GError        **error)
{
  guint dims[3] = { image->width, image->height, image->frames };
  gsize stride[3] = { 1, image->width, (gsize) image->width * image->height };
  guint k = G_MAXUINT, a, b, n_dims = image->frames > 1 ? 3 : image->height > 1 ? 2 : 1;
  IscEelsData *d;

  for (guint i = 0; i < n_dims && k == G_MAXUINT; i++)
    if (g_str_equal (image->axis[i].unit, "eV") || g_str_equal (image->axis[i].unit, "keV"))
      k = i;
  if (k == G_MAXUINT)
    {
      set_error (error, ISC_ERROR_FORMAT, path,
                 "no axis is calibrated in eV: this %s file is an image, not an energy-loss spectrum", image->format);
      return NULL;
    }
  if (image->axis[k].scale == 0 || !isfinite (image->axis[k].scale) || !isfinite (image->axis[k].origin))
    {
      set_error (error, ISC_ERROR_FORMAT, path, "the energy axis has scale %g", image->axis[k].scale);
      return NULL;
    }
  a = k == 0 ? 1 : 0;
  b = k == 2 ? 1 : 2;
  /* a line stored along the second spatial axis is still a line along x */
  if (dims[a] == 1 && dims[b] > 1)
    {
      guint t = a;
      a = b;
      b = t;
    }
  d = isc_eels_data_new (dims[k], dims[a], dims[b]);
  if (d == NULL)
    {
      set_error (error, ISC_ERROR_IO, path, "not enough memory for %u × %u × %u values", dims[a], dims[b], dims[k]);
      return NULL;
    }
  for (guint iy = 0; iy < dims[b]; iy++)
    for (guint ix = 0; ix < dims[a]; ix++)
      {
        double *dst = d->counts + ((gsize) iy * dims[a] + ix) * dims[k];
        const float *src = image->pixels + ix * stride[a] + iy * stride[b];

        /* stored values, as HyperSpy reads them: DM's Brightness calibration (e.g. counts to
         * electrons) would break the counting statistics the background fit relies on */
        for (guint i = 0; i < dims[k]; i++)
          dst[i] = src[i * stride[k]];
      }
  {
    double f = g_str_equal (image->axis[k].unit, "keV") ? 1000 : 1;

    d->energy_offset = image->axis[k].origin * f;
    d->energy_scale = image->axis[k].scale * f;
    d->origin_channels = -image->axis[k].origin / image->axis[k].scale;
  }
  if (a < n_dims)
    {
      d->spatial_scale = image->axis[a].scale;
      g_free (d->spatial_unit);
      d->spatial_unit = g_strdup (image->axis[a].unit);
    }
  g_free (d->format);
  d->format = g_strdup (image->format);
  g_free (d->title);
  d->title = g_strdup (image->title ? image->title : "");
  d->beam_energy_kev = meta_number (image, "Microscope Info.Voltage") / 1000;
  d->convergence_mrad = meta_number (image, "Convergence semi-angle (mrad)");
  d->collection_mrad = meta_number (image, "Collection semi-angle (mrad)");
  return d;
}

static gboolean
looks_like_msa (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, NULL);
  char head[64] = { 0 };
  gsize got = 0;

  if (in == NULL)
    return FALSE;
  if (!g_input_stream_read_all (G_INPUT_STREAM (in), head, sizeof head - 1, &got, NULL, NULL))
    return FALSE;
  return g_ascii_strncasecmp (head, "#FORMAT", 7) == 0 || g_str_has_suffix (path, ".msa")
         || g_str_has_suffix (path, ".emsa") || g_str_has_suffix (path, ".MSA");
}

IscEelsData *
isc_eels_load (const char  *path,
               GError     **error)
{
  g_autoptr(IscImage) image = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      set_error (error, ISC_ERROR_IO, path, "no such file, or not a regular file");
      return NULL;
    }
  if (looks_like_msa (path))
    {
      g_autofree char *text = NULL;
      gsize len = 0;
      g_autoptr(GError) local = NULL;

      if (!g_file_get_contents (path, &text, &len, &local))
        {
          set_error (error, ISC_ERROR_IO, path, "%s", local->message);
          return NULL;
        }
      return isc_eels_parse_msa (text, len, path, error);
    }
  image = isc_image_load (path, 0, NULL, NULL, NULL, error);
  if (image == NULL)
    return NULL;
  return from_image (image, path, error);
}
