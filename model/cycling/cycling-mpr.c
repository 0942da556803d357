/* cycling-mpr.c: BioLogic EC-Lab binary .mpr (reference/image-and-cycler-formats.md §4.3).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "cycling-readers-private.h"
#include "isc-regular-file.h"

enum { T_FLAGS, T_F4, T_F8, T_U1, T_U2, T_U4 };

typedef struct
{
  guint16 id;
  guint8 type;
} ColType;

/* Column ids and their storage (galvani's VMPdata_colID_dtype_map). */
static const ColType col_types[] = {
  { 1, T_FLAGS }, { 2, T_FLAGS }, { 3, T_FLAGS }, { 21, T_FLAGS }, { 31, T_FLAGS }, { 65, T_FLAGS },
  { 4, T_F8 }, { 5, T_F4 }, { 6, T_F4 }, { 7, T_F8 }, { 8, T_F4 }, { 9, T_F4 }, { 11, T_F8 },
  { 13, T_F8 }, { 16, T_F4 }, { 19, T_F4 }, { 20, T_F4 }, { 23, T_F8 }, { 24, T_F8 }, { 26, T_F4 },
  { 32, T_F4 }, { 33, T_F4 }, { 34, T_F4 }, { 35, T_F4 }, { 36, T_F4 }, { 37, T_F4 }, { 38, T_F4 },
  { 39, T_U2 }, { 69, T_F4 }, { 70, T_F4 }, { 74, T_F8 }, { 75, T_F4 }, { 76, T_F4 }, { 77, T_F4 },
  { 78, T_F4 }, { 96, T_F4 }, { 98, T_F4 }, { 99, T_F4 }, { 100, T_F4 }, { 101, T_F4 },
  { 123, T_F8 }, { 124, T_F8 }, { 125, T_F8 }, { 126, T_F8 }, { 131, T_U2 }, { 163, T_F4 },
  { 168, T_F4 }, { 169, T_F4 }, { 172, T_F4 }, { 173, T_F4 }, { 174, T_F4 }, { 178, T_F4 },
  { 179, T_F4 }, { 211, T_F8 }, { 212, T_U4 }, { 213, T_U4 }, { 467, T_F8 }, { 468, T_U4 },
  { 469, T_U4 }, { 471, T_F4 }, { 498, T_F8 }, { 499, T_F8 }, { 501, T_F8 }, { 502, T_F8 },
  { 505, T_F4 }, { 509, T_U1 },
};

static int
type_of (guint16 id)
{
  for (guint i = 0; i < G_N_ELEMENTS (col_types); i++)
    if (col_types[i].id == id)
      return col_types[i].type;
  return -1;
}

static guint
type_size (int type)
{
  switch (type)
    {
    case T_F4: case T_U4: return 4;
    case T_F8: return 8;
    case T_U2: return 2;
    default: return 1;
    }
}

static double
read_value (const guint8 *p,
            int           type)
{
  switch (type)
    {
    case T_F4: { float f; guint32 u; memcpy (&u, p, 4); u = GUINT32_FROM_LE (u); memcpy (&f, &u, 4); return f; }
    case T_F8: { double d; guint64 u; memcpy (&u, p, 8); u = GUINT64_FROM_LE (u); memcpy (&d, &u, 8); return d; }
    case T_U2: return p[0] | (p[1] << 8);
    case T_U4: return (double) ((guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24));
    default: return p[0];
    }
}

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

IscCyclingData *
isc_cycling_load_mpr (const char      *path,
                      GCancellable    *cancellable,
                      IscProgressFunc  progress,
                      gpointer         progress_data,
                      GError         **error)
{
  g_autofree guint8 *bytes = NULL;
  g_autoptr(IscCyclingData) data = NULL;
  gsize len, pos = 52;
  const guint8 *mod = NULL;
  gsize mod_len = 0, mod_offset = 0;
  guint32 version = 0;
  guint n_points, n_cols, ids_at, rec_at, rec_size = 0;
  guint16 ids[256];
  int offsets[256];
  int types[256];
  gboolean flags_placed = FALSE;
  int c_time = -1, c_ewe = -1, c_i = -1, c_dq = -1, c_q = -1, c_qch = -1, c_qdis = -1, c_cycle = -1, c_ns = -1;
  double qc = 0, qd = 0;
  int last_dir = 0;
  gint32 cycle = 0, prev_cycle = G_MININT;
  gboolean caps;

  g_return_val_if_fail (path != NULL, NULL);

  if (!isc_regular_file_get_contents (path, ISC_CYCLING_ERROR, (gsize) 1 << 31, (char **) &bytes, &len, error))
    return NULL;
  if (len < 52 || memcmp (bytes, "BIO-LOGIC MODULAR FILE", 22) != 0)
    {
      g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT,
                   "%s: offset 0: expected “BIO-LOGIC MODULAR FILE”", path);
      return NULL;
    }

  /* Walk the modules to the data module. */
  while (pos + 57 <= len)
    {
      gsize header, length;

      if (memcmp (bytes + pos, "MODULE", 6) != 0)
        {
          g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT,
                       "%s: offset %" G_GSIZE_FORMAT ": expected “MODULE”", path, pos);
          return NULL;
        }
      if (le32 (bytes + pos + 41) == 0xffffffffu)
        {
          /* EC-Lab ≥ 11.50 header: max length, length, version, unknown, date. */
          if (pos + 65 > len)
            break;
          length = le32 (bytes + pos + 45);
          version = le32 (bytes + pos + 49);
          header = 65;
        }
      else
        {
          length = le32 (bytes + pos + 41);
          version = le32 (bytes + pos + 45);
          header = 57;
        }
      if (length > len - pos - header)
        {
          g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT,
                       "%s: offset %" G_GSIZE_FORMAT ": module of %" G_GSIZE_FORMAT " bytes runs past the end of the file",
                       path, pos, length);
          return NULL;
        }
      if (memcmp (bytes + pos + 6, "VMP data", 8) == 0)
        {
          mod = bytes + pos + header;
          mod_len = length;
          mod_offset = pos + header;
          break;
        }
      pos += header + length;
    }
  if (mod == NULL || mod_len < 6)
    {
      g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT, "%s: no “VMP data” module found", path);
      return NULL;
    }

  n_points = le32 (mod);
  n_cols = mod[4];
  if (version >= 2)
    {
      ids_at = 5;
      rec_at = version == 2 ? 405 : 406;
      for (guint k = 0; k < n_cols && ids_at + 2 * k + 1 < mod_len; k++)
        ids[k] = (guint16) (mod[ids_at + 2 * k] | (mod[ids_at + 2 * k + 1] << 8));
    }
  else if (mod_len > 5 && mod[5] != 0)
    {
      rec_at = 100;
      for (guint k = 0; k < n_cols && 5 + k < mod_len; k++)
        ids[k] = mod[5 + k];
    }
  else
    {
      /* EC-Lab ≥ 11.50 version-0 module: 16-bit ids one byte later, records at 1007. */
      rec_at = 1007;
      for (guint k = 0; k < n_cols && 6 + 2 * k + 1 < mod_len; k++)
        ids[k] = (guint16) (mod[6 + 2 * k] | (mod[7 + 2 * k] << 8));
    }

  for (guint k = 0; k < n_cols; k++)
    {
      types[k] = type_of (ids[k]);
      if (types[k] < 0)
        {
          g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_UNSUPPORTED,
                       "%s: offset %" G_GSIZE_FORMAT ": unknown data column id %u (its size is unknown, so "
                       "the records cannot be read)", path, mod_offset + 5, ids[k]);
          return NULL;
        }
      if (types[k] == T_FLAGS)
        {
          /* All flag columns share one byte, placed where the first appears. */
          offsets[k] = flags_placed ? -1 : (int) rec_size;
          if (!flags_placed)
            rec_size += 1;
          flags_placed = TRUE;
          continue;
        }
      offsets[k] = (int) rec_size;
      rec_size += type_size (types[k]);
      switch (ids[k])
        {
        case 4: c_time = k; break;
        case 6: c_ewe = k; break;
        case 77: case 174: if (c_ewe < 0) c_ewe = k; break;
        case 8: case 11: case 76: c_i = k; break;
        case 7: c_dq = k; break;
        case 211: case 467: c_q = k; break;
        case 498: c_qch = k; break;
        case 499: c_qdis = k; break;
        case 24: c_cycle = k; break;
        case 131: c_ns = k; break;
        default: break;
        }
    }
  if (c_time < 0 || c_ewe < 0)
    {
      g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_UNSUPPORTED,
                   "%s: the data module has no time/s or Ewe/V column (not a cycling technique)", path);
      return NULL;
    }
  if (rec_at > mod_len || (guint64) n_points * rec_size > mod_len - rec_at)
    {
      g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT,
                   "%s: offset %" G_GSIZE_FORMAT ": %u records of %u bytes do not fit in the %" G_GSIZE_FORMAT "-byte data module",
                   path, mod_offset, n_points, rec_size, mod_len);
      return NULL;
    }

  data = isc_cycling_data_new (path);
  data->format = ISC_CYCLER_BIOLOGIC;
  caps = c_dq >= 0 || c_q >= 0 || (c_qch >= 0 && c_qdis >= 0);
  for (guint n = 0; n < n_points; n++)
    {
      const guint8 *rec = mod + rec_at + (gsize) n * rec_size;
      IscCyclingRecord r = { 0 };
      IscCyclingRecord *prev = data->records->len > 0
                               ? &g_array_index (data->records, IscCyclingRecord, data->records->len - 1) : NULL;
      double dq = NAN;
      int dir = 0;

      if ((n & 4095) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          if (progress != NULL)
            progress ((double) n / n_points, progress_data);
        }
      r.time_s = read_value (rec + offsets[c_time], types[c_time]);
      r.voltage_v = read_value (rec + offsets[c_ewe], types[c_ewe]);
      r.step = c_ns >= 0 ? (gint32) read_value (rec + offsets[c_ns], types[c_ns]) : -1;
      if (c_dq >= 0)
        dq = read_value (rec + offsets[c_dq], types[c_dq]);
      if (c_i >= 0)
        r.current_ma = read_value (rec + offsets[c_i], types[c_i]);
      else if (c_dq >= 0 && prev != NULL && r.time_s > prev->time_s)
        r.current_ma = dq * 3600.0 / (r.time_s - prev->time_s);   /* dq is this point's charge */
      else
        r.current_ma = 0;
      dir = r.current_ma > 0 ? 1 : r.current_ma < 0 ? -1 : 0;

      if (c_cycle >= 0)
        cycle = (gint32) round (read_value (rec + offsets[c_cycle], types[c_cycle]));
      else if (dir == 1 && last_dir == -1)
        cycle++;   /* EC-Lab's export rule: a charge after a discharge opens a new cycle */
      if (dir != 0)
        last_dir = dir;
      r.cycle = cycle;
      if (cycle != prev_cycle)
        {
          qc = qd = 0;
          prev_cycle = cycle;
        }

      if (c_dq >= 0)
        {
          if (dq > 0)
            qc += dq;
          else if (dq < 0)
            qd -= dq;
          r.charge_mah = qc;
          r.discharge_mah = qd;
        }
      else if (c_qch >= 0 && c_qdis >= 0)
        {
          r.charge_mah = fabs (read_value (rec + offsets[c_qch], types[c_qch]));
          r.discharge_mah = fabs (read_value (rec + offsets[c_qdis], types[c_qdis]));
        }
      else if (c_q >= 0)
        {
          double q = read_value (rec + offsets[c_q], types[c_q]);

          /* Signed, restarting every half cycle: positive while charging. */
          if (q > 0)
            qc = MAX (qc, q);
          else if (q < 0)
            qd = MAX (qd, -q);
          r.charge_mah = qc;
          r.discharge_mah = qd;
        }
      g_array_append_val (data->records, r);
    }
  if (data->records->len == 0)
    {
      g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT, "%s: the data module holds no records", path);
      return NULL;
    }
  isc_cycling_data_normalize (data, caps);
  if (progress != NULL)
    progress (1.0, progress_data);
  return g_steal_pointer (&data);
}
