/* epos-io.c: .epos and LAWATAP .ato v3, two fixed-record formats.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "apt-file.h"
#include "apt-readers.h"

#define EPOS_RECORD 44
#define ATO_HEADER  8
#define ATO_RECORD  56
#define CHUNK_IONS  (1u << 15)

static inline guint32
word_at (const guint8 *p,
         gboolean      big_endian)
{
  guint32 u;

  memcpy (&u, p, 4);
  return big_endian ? GUINT32_FROM_BE (u) : GUINT32_FROM_LE (u);
}

static inline float
float_at (const guint8 *p,
          gboolean      big_endian)
{
  guint32 u = word_at (p, big_endian);
  float f;

  memcpy (&f, &u, 4);
  return f;
}

typedef enum { FORMAT_EPOS, FORMAT_ATO } RecordFormat;

static IscIonCloud *
load_records (const char       *path,
              RecordFormat      format,
              GCancellable     *cancellable,
              IscProgressFunc   progress,
              gpointer          progress_data,
              GError          **error)
{
  const gsize record = format == FORMAT_EPOS ? EPOS_RECORD : ATO_RECORD;
  const guint64 header = format == FORMAT_EPOS ? 0 : ATO_HEADER;
  const char *name = format == FORMAT_EPOS ? ".epos" : ".ato";
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autofree guint8 *buf = NULL;
  IscAptFile file;
  gsize n;

  if (!isc_apt_file_open (&file, path, error))
    return NULL;

  if (format == FORMAT_ATO)
    {
      guint8 head[ATO_HEADER];
      guint32 version;

      if (file.size < ATO_HEADER)
        {
          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: %" G_GUINT64_FORMAT " bytes is too short for "
                       "the 8-byte .ato header", path, file.size);
          isc_apt_file_close (&file);
          return NULL;
        }
      if (!isc_apt_file_read (&file, head, ATO_HEADER, 0, error))
        {
          isc_apt_file_close (&file);
          return NULL;
        }
      version = word_at (head + 4, FALSE);
      if (version != 3)
        {
          g_set_error (error, ISC_APT_ERROR, version == 5 ? ISC_ERROR_UNSUPPORTED : ISC_ERROR_FORMAT,
                       "%s: .ato version %u at byte 4, only LAWATAP version 3 is read", path, version);
          isc_apt_file_close (&file);
          return NULL;
        }
    }

  if ((file.size - header) % record != 0)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT,
                   "%s: %" G_GUINT64_FORMAT " bytes of records is not a multiple of the %" G_GSIZE_FORMAT
                   "-byte %s record", path, file.size - header, record, name);
      isc_apt_file_close (&file);
      return NULL;
    }

  n = (gsize) ((file.size - header) / record);
  if (n == 0)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: no ions", path);
      isc_apt_file_close (&file);
      return NULL;
    }
  cloud = isc_ion_cloud_try_new (n, path, error);
  if (cloud != NULL)
    {
      cloud->tof = g_try_new (float, MAX (n, 1));
      cloud->v_dc = g_try_new (float, MAX (n, 1));
      cloud->v_pulse = g_try_new (float, MAX (n, 1));
      cloud->det_x = g_try_new (float, MAX (n, 1));
      cloud->det_y = g_try_new (float, MAX (n, 1));
      if (format == FORMAT_EPOS)
        {
          cloud->pulse_delta = g_try_new (guint32, MAX (n, 1));
          cloud->multiplicity = g_try_new (guint32, MAX (n, 1));
        }
      if (cloud->tof == NULL || cloud->v_dc == NULL || cloud->v_pulse == NULL
          || cloud->det_x == NULL || cloud->det_y == NULL
          || (format == FORMAT_EPOS && (cloud->pulse_delta == NULL || cloud->multiplicity == NULL)))
        {
          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_IO,
                       "%s: not enough memory for the channels of %" G_GSIZE_FORMAT " ions", path, n);
          g_clear_pointer (&cloud, isc_ion_cloud_unref);
        }
    }
  if (cloud == NULL)
    {
      isc_apt_file_close (&file);
      return NULL;
    }
  buf = g_malloc (record * MIN (MAX (n, 1), CHUNK_IONS));

  for (gsize start = 0; start < n; start += CHUNK_IONS)
    {
      gsize count = MIN (CHUNK_IONS, n - start);

      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || !isc_apt_file_read (&file, buf, count * record, header + (guint64) start * record, error))
        {
          isc_apt_file_close (&file);
          return NULL;
        }
      for (gsize j = 0; j < count; j++)
        {
          const guint8 *p = buf + j * record;
          gsize i = start + j;

          if (format == FORMAT_EPOS)
            {
              cloud->x[i] = float_at (p, TRUE);
              cloud->y[i] = float_at (p + 4, TRUE);
              cloud->z[i] = float_at (p + 8, TRUE);
              cloud->mq[i] = float_at (p + 12, TRUE);
              cloud->tof[i] = float_at (p + 16, TRUE);
              cloud->v_dc[i] = float_at (p + 20, TRUE) * 1000.0f;
              cloud->v_pulse[i] = float_at (p + 24, TRUE) * 1000.0f;
              cloud->det_x[i] = float_at (p + 28, TRUE);
              cloud->det_y[i] = float_at (p + 32, TRUE);
              cloud->pulse_delta[i] = word_at (p + 36, TRUE);
              cloud->multiplicity[i] = word_at (p + 40, TRUE);
            }
          else
            {
              /* Larson's table says big-endian, real files are little-endian (ifes reader). */
              cloud->x[i] = float_at (p, FALSE) * 0.1f;
              cloud->y[i] = float_at (p + 4, FALSE) * 0.1f;
              cloud->z[i] = float_at (p + 8, FALSE) * 0.1f;
              cloud->mq[i] = float_at (p + 12, FALSE);
              cloud->v_dc[i] = float_at (p + 24, FALSE) * 1000.0f;
              cloud->tof[i] = float_at (p + 28, FALSE) * 1000.0f;
              cloud->det_x[i] = float_at (p + 32, FALSE) * 10.0f;
              cloud->det_y[i] = float_at (p + 36, FALSE) * 10.0f;
              cloud->v_pulse[i] = float_at (p + 40, FALSE) * 1000.0f;
            }
          if (!isfinite (cloud->x[i]) || !isfinite (cloud->y[i]) || !isfinite (cloud->z[i])
              || !isfinite (cloud->mq[i]))
            {
              g_set_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID,
                           "%s: ion %" G_GSIZE_FORMAT " (byte %" G_GUINT64_FORMAT ") has a non-finite position "
                           "or m/n", path, i, header + (guint64) i * record);
              isc_apt_file_close (&file);
              return NULL;
            }
        }
      if (progress != NULL)
        progress ((double) (start + count) / n, progress_data);
    }
  isc_apt_file_close (&file);

  isc_ion_cloud_update_bounds (cloud);
  cloud->source_path = g_strdup (path);
  cloud->format = g_strdup (format == FORMAT_EPOS ? "epos" : "ato");
  return g_steal_pointer (&cloud);
}

IscIonCloud *
isc_ion_cloud_load_epos (const char       *path,
                         GCancellable     *cancellable,
                         IscProgressFunc   progress,
                         gpointer          progress_data,
                         GError          **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  return load_records (path, FORMAT_EPOS, cancellable, progress, progress_data, error);
}

IscIonCloud *
isc_ion_cloud_load_ato (const char       *path,
                        GCancellable     *cancellable,
                        IscProgressFunc   progress,
                        gpointer          progress_data,
                        GError          **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  return load_records (path, FORMAT_ATO, cancellable, progress, progress_data, error);
}
