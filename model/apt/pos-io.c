/* pos-io.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "apt-file.h"
#include "pos-io.h"

#define POS_RECORD       16
#define POS_CHUNK_IONS   (1u << 16)   /* 1 MiB of records per read */

static inline float
be_float (guint32 raw)
{
  float f;

  raw = GUINT32_FROM_BE (raw);
  memcpy (&f, &raw, sizeof f);
  return f;
}

static inline gboolean
bits_finite (guint32 host_bits)
{
  return (host_bits & 0x7f800000u) != 0x7f800000u;
}

IscIonCloud *
isc_ion_cloud_load_pos (const char       *path,
                        GCancellable     *cancellable,
                        IscProgressFunc   progress,
                        gpointer          progress_data,
                        GError          **error)
{
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autofree guint32 *buf = NULL;
  IscAptFile file;
  float lo[4] = { INFINITY, INFINITY, INFINITY, INFINITY };
  float hi[4] = { -INFINITY, -INFINITY, -INFINITY, -INFINITY };
  gsize n_ions;

  g_return_val_if_fail (path != NULL, NULL);

  if (!isc_apt_file_open (&file, path, error))
    return NULL;

  if (file.size % POS_RECORD != 0)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT,
                   "%s: size %" G_GUINT64_FORMAT " bytes is not a multiple of the 16-byte .pos record",
                   path, file.size);
      isc_apt_file_close (&file);
      return NULL;
    }
  if (file.size / POS_RECORD > G_MAXSIZE / 32)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: file too large", path);
      isc_apt_file_close (&file);
      return NULL;
    }

  n_ions = (gsize) (file.size / POS_RECORD);
  if (n_ions == 0)
    {
      /* An empty export is a failed export, not a valid data set of nothing. */
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: no ions", path);
      isc_apt_file_close (&file);
      return NULL;
    }
  cloud = isc_ion_cloud_try_new (n_ions, path, error);
  if (cloud == NULL)
    {
      isc_apt_file_close (&file);
      return NULL;
    }
  buf = g_new (guint32, 4 * (gsize) MIN (n_ions, POS_CHUNK_IONS) + 4);

  for (gsize start = 0; start < n_ions; start += POS_CHUNK_IONS)
    {
      gsize count = MIN (POS_CHUNK_IONS, n_ions - start);

      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || !isc_apt_file_read (&file, buf, count * POS_RECORD, (guint64) start * POS_RECORD, error))
        {
          isc_apt_file_close (&file);
          return NULL;
        }

      /* Swap and scatter into the four arrays; the finiteness test works on the bit pattern
       * so the loop stays branch-light and vectorisable. */
      {
        guint32 bad = 0;
        float *x = cloud->x + start, *y = cloud->y + start, *z = cloud->z + start, *mq = cloud->mq + start;

        for (gsize i = 0; i < count; i++)
          {
            guint32 a = GUINT32_FROM_BE (buf[4 * i]), b = GUINT32_FROM_BE (buf[4 * i + 1]);
            guint32 c = GUINT32_FROM_BE (buf[4 * i + 2]), d = GUINT32_FROM_BE (buf[4 * i + 3]);

            bad |= !bits_finite (a) | !bits_finite (b) | !bits_finite (c) | !bits_finite (d);
            memcpy (&x[i], &a, 4);
            memcpy (&y[i], &b, 4);
            memcpy (&z[i], &c, 4);
            memcpy (&mq[i], &d, 4);
          }

        if (bad)
          {
            for (gsize i = 0; i < count; i++)
              for (int k = 0; k < 4; k++)
                if (!isfinite (be_float (buf[4 * i + k])))
                  {
                    static const char *names[] = { "x", "y", "z", "m/n" };

                    g_set_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID,
                                 "%s: ion %" G_GSIZE_FORMAT " (byte %" G_GSIZE_FORMAT ") has a non-finite %s",
                                 path, start + i, (start + i) * POS_RECORD + 4 * k, names[k]);
                    isc_apt_file_close (&file);
                    return NULL;
                  }
          }

        for (gsize i = 0; i < count; i++)
          {
            lo[0] = MIN (lo[0], x[i]); hi[0] = MAX (hi[0], x[i]);
            lo[1] = MIN (lo[1], y[i]); hi[1] = MAX (hi[1], y[i]);
            lo[2] = MIN (lo[2], z[i]); hi[2] = MAX (hi[2], z[i]);
            lo[3] = MIN (lo[3], mq[i]); hi[3] = MAX (hi[3], mq[i]);
          }
      }

      if (progress != NULL)
        progress ((double) (start + count) / n_ions, progress_data);
    }
  isc_apt_file_close (&file);

  if (n_ions == 0)
    isc_ion_cloud_update_bounds (cloud);
  else
    {
      for (int k = 0; k < 3; k++)
        {
          cloud->bounds_min[k] = lo[k];
          cloud->bounds_max[k] = hi[k];
        }
      cloud->mq_min = lo[3];
      cloud->mq_max = hi[3];
    }
  cloud->source_path = g_strdup (path);
  cloud->format = g_strdup ("pos");
  return g_steal_pointer (&cloud);
}

gboolean
isc_ion_cloud_save_pos (const IscIonCloud  *cloud,
                        const char         *path,
                        GError            **error)
{
  g_autofree guint32 *buf = NULL;
  gboolean ok = TRUE;
  int fd;

  g_return_val_if_fail (cloud != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_IO, "%s: cannot create: %s", path, g_strerror (saved));
      return FALSE;
    }

  buf = g_new (guint32, 4 * (gsize) POS_CHUNK_IONS);
  for (gsize start = 0; ok && start < cloud->n_ions; start += POS_CHUNK_IONS)
    {
      gsize count = MIN (POS_CHUNK_IONS, cloud->n_ions - start);
      const float *columns[4] = { cloud->x + start, cloud->y + start, cloud->z + start, cloud->mq + start };

      for (gsize i = 0; i < count; i++)
        for (int k = 0; k < 4; k++)
          {
            guint32 raw;

            memcpy (&raw, &columns[k][i], 4);
            buf[4 * i + k] = GUINT32_TO_BE (raw);
          }
      ok = isc_apt_write_all (fd, buf, count * POS_RECORD, path, error);
    }

  if (close (fd) != 0 && ok)
    {
      int saved = errno;

      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_IO, "%s: cannot write: %s", path, g_strerror (saved));
      ok = FALSE;
    }
  return ok;
}

gboolean
isc_ion_cloud_save_csv (const IscIonCloud  *cloud,
                        const IscRangeSet  *ranges,
                        const char         *path,
                        GError            **error)
{
  gboolean with_ion = ranges != NULL && cloud->ion_type != NULL;
  /* Written beside and renamed: a failed export leaves no half table. */
  g_autofree char *temp_path = g_strdup_printf ("%s.%08x.tmp", path, g_random_int ());
  FILE *out;
  gboolean ok;

  g_return_val_if_fail (cloud != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  out = g_fopen (temp_path, "w");
  if (out == NULL)
    {
      int saved = errno;

      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_IO, "%s: cannot create: %s", path, g_strerror (saved));
      return FALSE;
    }

  /* Units in the names, as a table read by pandas or Origin should carry them. */
  fputs (with_ion ? "x_nm,y_nm,z_nm,mass_to_charge_da,ion\n" : "x_nm,y_nm,z_nm,mass_to_charge_da\n",
         out);
  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      char cols[4][G_ASCII_DTOSTR_BUF_SIZE];

      /* %.9g keeps every float32 exact; g_ascii_formatd always writes '.' decimals. */
      g_ascii_formatd (cols[0], sizeof cols[0], "%.9g", cloud->x[i]);
      g_ascii_formatd (cols[1], sizeof cols[1], "%.9g", cloud->y[i]);
      g_ascii_formatd (cols[2], sizeof cols[2], "%.9g", cloud->z[i]);
      g_ascii_formatd (cols[3], sizeof cols[3], "%.9g", cloud->mq[i]);
      fprintf (out, "%s,%s,%s,%s", cols[0], cols[1], cols[2], cols[3]);
      if (with_ion)
        {
          guint8 t = cloud->ion_type[i];

          fprintf (out, ",%s", t < isc_range_set_get_n_ion_types (ranges)
                                 ? isc_range_set_get_ion_type (ranges, t)->name : "");
        }
      fputc ('\n', out);
    }
  ok = !ferror (out);
  if (fclose (out) != 0)
    ok = FALSE;
  if (ok && g_rename (temp_path, path) != 0)
    ok = FALSE;
  if (!ok)
    {
      g_unlink (temp_path);
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_IO, "%s: cannot write", path);
    }
  return ok;
}
