/* apt6-io.c: AP Suite / IVAS 6 ".apt" files — a 540-byte header, then sections walked by
 * their byte counts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "apt-file.h"
#include "apt-readers.h"

#define FILE_HEADER     540
#define SECTION_HEADER  148
#define MAX_HEADER      (1 << 20)

enum { REL_ONE_TO_ONE = 1 };
enum { REC_FIXED = 1 };
enum { TYPE_INT = 1, TYPE_UINT = 2, TYPE_FLOAT = 3 };

typedef struct
{
  char     name[64];      /* UTF-8 of wcSectionType */
  guint32  header_size;
  guint32  relationship;
  guint32  record_type;
  guint32  data_type;
  gint32   type_bits;
  gint32   record_size;
  guint64  record_count;
  guint64  byte_count;
  guint64  data_offset;
} Section;

static guint32
le32 (const guint8 *p)
{
  guint32 u;

  memcpy (&u, p, 4);
  return GUINT32_FROM_LE (u);
}

static guint64
le64 (const guint8 *p)
{
  guint64 u;

  memcpy (&u, p, 8);
  return GUINT64_FROM_LE (u);
}

/* UTF-16LE, NUL-terminated within @units, to UTF-8 (non-ASCII replaced by '?'). */
static void
utf16_name (const guint8 *p,
            guint         units,
            char         *out,
            gsize         out_len)
{
  gsize k = 0;

  for (guint i = 0; i < units && k + 1 < out_len; i++)
    {
      guint16 c = p[2 * i] | (p[2 * i + 1] << 8);

      if (c == 0)
        break;
      out[k++] = c < 128 && c >= 32 ? (char) c : '?';
    }
  out[k] = '\0';
}

/* Reads @count records of @size bytes from @s, keeping the first @keep bytes of each in @dest
 * (as-is, little-endian on disk = host order on x86 — converted below per type). */
static gboolean
read_column (IscAptFile     *file,
             const Section  *s,
             guint64         count,
             void           *dest,
             gsize           elem,
             guint           components,
             GCancellable   *cancellable,
             GError        **error)
{
  const gsize chunk = 1 << 20;
  guint8 *out = dest;
  gsize total = (gsize) count * elem * components;

  for (gsize done = 0; done < total; done += chunk)
    {
      gsize len = MIN (chunk, total - done);

      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || !isc_apt_file_read (file, out + done, len, s->data_offset + done, error))
        return FALSE;
    }
#if G_BYTE_ORDER == G_BIG_ENDIAN
  if (elem == 4)
    for (gsize i = 0; i < count * components; i++)
      ((guint32 *) dest)[i] = GUINT32_SWAP_LE_BE (((guint32 *) dest)[i]);
  else if (elem == 2)
    for (gsize i = 0; i < count * components; i++)
      ((guint16 *) dest)[i] = GUINT16_SWAP_LE_BE (((guint16 *) dest)[i]);
#endif
  return TRUE;
}

static gboolean
check_layout (const char     *path,
              const Section  *s,
              guint64         n_ions,
              guint           data_type,
              gint32          bits,
              gint32          record_size,
              GError        **error)
{
  if (s->relationship != REL_ONE_TO_ONE || s->record_type != REC_FIXED || s->data_type != data_type
      || s->type_bits != bits || s->record_size != record_size)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_UNSUPPORTED,
                   "%s: section “%s” at byte %" G_GUINT64_FORMAT " has layout relation %u, record type %u, "
                   "data type %u/%d bit, %d bytes per record; expected 1, 1, %u/%d bit, %d bytes",
                   path, s->name, s->data_offset - s->header_size, s->relationship, s->record_type, s->data_type,
                   s->type_bits, s->record_size, data_type, bits, record_size);
      return FALSE;
    }
  if (s->record_count != n_ions || s->byte_count < n_ions * (guint64) record_size)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT,
                   "%s: section “%s” holds %" G_GUINT64_FORMAT " records in %" G_GUINT64_FORMAT " bytes, "
                   "expected %" G_GUINT64_FORMAT " ions of %d bytes", path, s->name, s->record_count,
                   s->byte_count, n_ions, record_size);
      return FALSE;
    }
  return TRUE;
}

IscIonCloud *
isc_ion_cloud_load_apt (const char       *path,
                        GCancellable     *cancellable,
                        IscProgressFunc   progress,
                        gpointer          progress_data,
                        GError          **error)
{
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autofree float *xyz = NULL;
  IscAptFile file;
  guint8 head[FILE_HEADER];
  guint64 offset, n_ions;
  guint32 header_size;
  gboolean have_position = FALSE, have_mass = FALSE;
  gsize n;

  g_return_val_if_fail (path != NULL, NULL);

  if (!isc_apt_file_open (&file, path, error))
    return NULL;

#define FAIL(code, ...) G_STMT_START { g_set_error (error, ISC_APT_ERROR, code, __VA_ARGS__); \
                                        isc_apt_file_close (&file); return NULL; } G_STMT_END

  if (file.size < FILE_HEADER)
    FAIL (ISC_ERROR_FORMAT, "%s: %" G_GUINT64_FORMAT " bytes is too short for the 540-byte .apt header",
          path, file.size);
  if (!isc_apt_file_read (&file, head, FILE_HEADER, 0, error))
    {
      isc_apt_file_close (&file);
      return NULL;
    }
  if (memcmp (head, "APT\0", 4) != 0)
    FAIL (ISC_ERROR_FORMAT, "%s: no “APT” signature at byte 0, not an AP Suite .apt file", path);
  header_size = le32 (head + 4);
  n_ions = le64 (head + 532);
  if (header_size < FILE_HEADER || header_size > file.size)
    FAIL (ISC_ERROR_FORMAT, "%s: header size %u at byte 4 is outside 540…%" G_GUINT64_FORMAT,
          path, header_size, file.size);
  /* Every ion needs at least 16 bytes (Position + Mass): refuse counts the file cannot hold. */
  if (n_ions > file.size / 16)
    FAIL (ISC_ERROR_FORMAT, "%s: ion count %" G_GUINT64_FORMAT " at byte 532 is more than a %" G_GUINT64_FORMAT
          "-byte file can hold", path, n_ions, file.size);

  if (n_ions == 0)
    FAIL (ISC_ERROR_FORMAT, "%s: no ions (ion count 0 at byte 532)", path);
  n = (gsize) n_ions;
  cloud = isc_ion_cloud_try_new (n, path, error);
  if (cloud == NULL)
    {
      isc_apt_file_close (&file);
      return NULL;
    }
  xyz = g_new (float, 3 * MAX (n, 1));

  for (offset = header_size; offset < file.size;)
    {
      guint8 sh[SECTION_HEADER];
      Section s = { { 0 } };

      if (file.size - offset < SECTION_HEADER)
        FAIL (ISC_ERROR_FORMAT, "%s: %" G_GUINT64_FORMAT " stray bytes at byte %" G_GUINT64_FORMAT
              ", expected a 148-byte section header", path, file.size - offset, offset);
      if (!isc_apt_file_read (&file, sh, SECTION_HEADER, offset, error))
        {
          isc_apt_file_close (&file);
          return NULL;
        }
      if (memcmp (sh, "SEC\0", 4) != 0)
        FAIL (ISC_ERROR_FORMAT, "%s: no “SEC” signature at byte %" G_GUINT64_FORMAT, path, offset);
      s.header_size = le32 (sh + 4);
      utf16_name (sh + 12, 32, s.name, sizeof s.name);
      s.relationship = le32 (sh + 80);
      s.record_type = le32 (sh + 84);
      s.data_type = le32 (sh + 88);
      s.type_bits = (gint32) le32 (sh + 92);
      s.record_size = (gint32) le32 (sh + 96);
      s.record_count = le64 (sh + 132);
      s.byte_count = le64 (sh + 140);
      if (s.header_size < SECTION_HEADER || s.header_size > MAX_HEADER || s.header_size > file.size - offset)
        FAIL (ISC_ERROR_FORMAT, "%s: section “%s” at byte %" G_GUINT64_FORMAT " has header size %u",
              path, s.name, offset, s.header_size);
      s.data_offset = offset + s.header_size;
      if (s.byte_count > file.size - s.data_offset)
        FAIL (ISC_ERROR_FORMAT, "%s: section “%s” at byte %" G_GUINT64_FORMAT " claims %" G_GUINT64_FORMAT
              " bytes, the file ends %" G_GUINT64_FORMAT " bytes later", path, s.name, offset, s.byte_count,
              file.size - s.data_offset);

      if (g_str_equal (s.name, "Position"))
        {
          if (!check_layout (path, &s, n_ions, TYPE_FLOAT, 32, 12, error)
              || !read_column (&file, &s, n_ions, xyz, 4, 3, cancellable, error))
            {
              isc_apt_file_close (&file);
              return NULL;
            }
          for (gsize i = 0; i < n; i++)
            {
              cloud->x[i] = xyz[3 * i];
              cloud->y[i] = xyz[3 * i + 1];
              cloud->z[i] = xyz[3 * i + 2];
            }
          have_position = TRUE;
        }
      else if (g_str_equal (s.name, "Mass"))
        {
          if (!check_layout (path, &s, n_ions, TYPE_FLOAT, 32, 4, error)
              || !read_column (&file, &s, n_ions, cloud->mq, 4, 1, cancellable, error))
            {
              isc_apt_file_close (&file);
              return NULL;
            }
          have_mass = TRUE;
        }
      else if (g_str_equal (s.name, "Ion Type"))
        {
          if (!check_layout (path, &s, n_ions, TYPE_UINT, 8, 1, error))
            {
              isc_apt_file_close (&file);
              return NULL;
            }
          g_clear_pointer (&cloud->ion_type, g_free);
          cloud->ion_type = g_new (guint8, MAX (n, 1));
          if (!read_column (&file, &s, n_ions, cloud->ion_type, 1, 1, cancellable, error))
            {
              isc_apt_file_close (&file);
              return NULL;
            }
        }
      else
        {
          /* Optional float channels with a direct home in the cloud; everything else is skipped. */
          float **dest = NULL;

          if (g_str_equal (s.name, "tof"))
            dest = &cloud->tof;
          else if (g_str_equal (s.name, "Voltage"))
            dest = &cloud->v_dc;
          else if (g_str_equal (s.name, "Pulse Voltage"))
            dest = &cloud->v_pulse;
          else if (g_str_equal (s.name, "XDet_mm"))
            dest = &cloud->det_x;
          else if (g_str_equal (s.name, "YDet_mm"))
            dest = &cloud->det_y;

          if (dest != NULL && *dest == NULL && s.relationship == REL_ONE_TO_ONE && s.record_type == REC_FIXED
              && s.data_type == TYPE_FLOAT && s.type_bits == 32 && s.record_size == 4
              && s.record_count == n_ions && s.byte_count >= 4 * n_ions)
            {
              *dest = g_new (float, MAX (n, 1));
              if (!read_column (&file, &s, n_ions, *dest, 4, 1, cancellable, error))
                {
                  isc_apt_file_close (&file);
                  return NULL;
                }
            }
        }

      offset = s.data_offset + s.byte_count;
      if (progress != NULL)
        progress ((double) offset / file.size, progress_data);
    }
  isc_apt_file_close (&file);

  if (!have_position || !have_mass)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: no “%s” section; AP Suite files need Position and Mass",
                   path, have_position ? "Mass" : "Position");
      return NULL;
    }
  for (gsize i = 0; i < n; i++)
    if (!isfinite (cloud->x[i]) || !isfinite (cloud->y[i]) || !isfinite (cloud->z[i]) || !isfinite (cloud->mq[i]))
      {
        g_set_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID, "%s: ion %" G_GSIZE_FORMAT " has a non-finite "
                     "position or m/n", path, i);
        return NULL;
      }
#undef FAIL

  isc_ion_cloud_update_bounds (cloud);
  cloud->source_path = g_strdup (path);
  cloud->format = g_strdup ("apt");
  return g_steal_pointer (&cloud);
}
