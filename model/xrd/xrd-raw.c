/* xrd-raw.c: Bruker DIFFRAC plus RAW, version 3 ("RAW1.01") and version 4 ("RAW4.00").
 * Little-endian binary; every read is bounds-checked against the file length.
 *
 * Layouts (checked on the GSAS-II LaB6 tutorial file and a DIFFRAC.EVA v4 file):
 *  v3: 712-byte header (ranges u32 @12, anode @608, Kα avg/1/2/β/ratio f64 @616…648), then per
 *      range a header (length u32 @0, steps u32 @4, start 2θ f64 @16, step f64 @176, λ f64 @240,
 *      supplementary header length u32 @256), the supplementary header and float32 counts.
 *  v4: 61-byte header, then segments (type u32, length u32): type 10 text, 30 hardware
 *      (Kα avg/1/2/β/ratio f64 @72…104, anode @116) …; a range starts with type 0 or 160 and
 *      has a 160-byte header (steps u32 @4, start 2θ f64 @72, step f64 @80, λ f64 @112, datum
 *      size u32 @136, sub-header length u32 @140), sub-headers, then steps × datum-size bytes,
 *      the intensity a float32 at the start of each datum (8-byte datums are common).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "xrd-readers-private.h"

typedef struct
{
  const char *path;
  const guint8 *data;
  gsize len;
} Buf;

static gboolean
has (const Buf *b,
     guint64    offset,
     guint64    size)
{
  return offset <= b->len && size <= b->len - offset;
}

static guint32
u32 (const Buf *b,
     guint64    offset)
{
  guint32 v;

  memcpy (&v, b->data + offset, 4);
  return GUINT32_FROM_LE (v);
}

static double
f64 (const Buf *b,
     guint64    offset)
{
  guint64 bits;
  double v;

  memcpy (&bits, b->data + offset, 8);
  bits = GUINT64_FROM_LE (bits);
  memcpy (&v, &bits, 8);
  return v;
}

static float
f32 (const Buf *b,
     guint64    offset)
{
  guint32 bits = u32 (b, offset);
  float v;

  memcpy (&v, &bits, 4);
  return v;
}

static char *
anode_at (const Buf *b,
          guint64    offset)
{
  char text[5] = { 0 };

  memcpy (text, b->data + offset, 4);
  g_strstrip (text);
  return text[0] != '\0' && g_utf8_validate (text, -1, NULL) ? g_strdup (text) : NULL;
}

static IscXrdPattern *
range_pattern (const Buf *b,
               guint      index,
               guint32    steps,
               double     start,
               double     step,
               guint64    data_offset,
               guint32    datum_size,
               GError   **error)
{
  g_autofree char *suffix = g_strdup_printf ("range %u", index);
  IscXrdPattern *p;

  if (steps == 0 || !isfinite (start) || !isfinite (step) || !(step > 0) || step > 10)
    return _isc_xrd_fail (error, b->path, ISC_ERROR_FORMAT,
                          "range %u: %u steps from %g° by %g° is not a scan", index, steps, start, step);
  if (!has (b, data_offset, (guint64) steps * datum_size))
    return _isc_xrd_fail (error, b->path, ISC_ERROR_FORMAT,
                          "range %u is truncated: %u points of %u bytes from byte %" G_GUINT64_FORMAT
                          " need %" G_GUINT64_FORMAT " bytes, the file has %" G_GSIZE_FORMAT,
                          index, steps, datum_size, data_offset,
                          data_offset + (guint64) steps * datum_size, b->len);
  p = _isc_xrd_pattern_start (b->path, ISC_XRD_FORMAT_RAW, suffix, steps);
  for (guint32 i = 0; i < steps; i++)
    {
      p->two_theta[i] = start + step * i;
      p->intensity[i] = f32 (b, data_offset + (guint64) i * datum_size);
    }
  p->intensity_unit = g_strdup ("counts");
  return p;
}

static void
set_radiation (IscXrdPattern *p,
               double         range_wavelength,
               double         ka1,
               double         ka2,
               double         ratio,
               const char    *anode)
{
  double wl = range_wavelength > 0.1 && range_wavelength < 10 ? range_wavelength
              : ka1 > 0.1 && ka1 < 10 ? ka1 : NAN;

  if (isfinite (wl))
    {
      p->wavelength = wl;
      p->wavelength_from_file = TRUE;
    }
  p->wavelength2 = ka2 > 0.1 && ka2 < 10 ? ka2 : NAN;
  p->ka2_ratio = isfinite (ratio) && ratio > 0 && ratio < 1 && !isnan (p->wavelength2) ? ratio : 0;
  p->anode = g_strdup (anode);
}

static IscXrdSeries *
read_v3 (const Buf *b,
         GError   **error)
{
  g_autoptr(IscXrdSeries) series = isc_xrd_series_new ();
  g_autofree char *anode = NULL;
  guint64 o = 712;
  guint32 n_ranges;
  double ka1, ka2, ratio;

  if (!has (b, 0, 712))
    return _isc_xrd_fail (error, b->path, ISC_ERROR_FORMAT,
                          "RAW v3 header is truncated (%" G_GSIZE_FORMAT " of 712 bytes)", b->len);
  n_ranges = u32 (b, 12);
  anode = anode_at (b, 608);
  ka1 = f64 (b, 624);
  ka2 = f64 (b, 632);
  ratio = f64 (b, 648);
  if (n_ranges == 0 || n_ranges > 10000)
    return _isc_xrd_fail (error, b->path, ISC_ERROR_FORMAT, "RAW v3 header names %u ranges", n_ranges);
  for (guint32 r = 0; r < n_ranges; r++)
    {
      guint32 header_len, steps, supplement;
      IscXrdPattern *p;

      if (!has (b, o, 304))
        return _isc_xrd_fail (error, b->path, ISC_ERROR_FORMAT,
                              "range %u header is truncated at byte %" G_GUINT64_FORMAT, r + 1, o);
      header_len = u32 (b, o);
      steps = u32 (b, o + 4);
      supplement = u32 (b, o + 256);
      if (header_len < 304 || header_len > 65536 || supplement > 65536)
        return _isc_xrd_fail (error, b->path, ISC_ERROR_FORMAT,
                              "range %u: header length %u, supplementary %u bytes (expected 304 and a few)",
                              r + 1, header_len, supplement);
      p = range_pattern (b, r + 1, steps, f64 (b, o + 16), f64 (b, o + 176),
                         o + header_len + supplement, 4, error);
      if (p == NULL)
        return NULL;
      set_radiation (p, f64 (b, o + 240), ka1, ka2, ratio, anode);
      g_ptr_array_add (series->patterns, p);
      o += (guint64) header_len + supplement + (guint64) 4 * steps;
    }
  return g_steal_pointer (&series);
}

static IscXrdSeries *
read_v4 (const Buf *b,
         GError   **error)
{
  g_autoptr(IscXrdSeries) series = isc_xrd_series_new ();
  g_autofree char *anode = NULL;
  double ka1 = NAN, ka2 = NAN, ratio = NAN;
  guint64 o = 61;
  guint index = 0;

  if (!has (b, 0, 61))
    return _isc_xrd_fail (error, b->path, ISC_ERROR_FORMAT,
                          "RAW v4 header is truncated (%" G_GSIZE_FORMAT " of 61 bytes)", b->len);
  while (o < b->len)
    {
      guint32 type, seg_len;

      if (!has (b, o, 8))
        return _isc_xrd_fail (error, b->path, ISC_ERROR_FORMAT,
                              "segment header truncated at byte %" G_GUINT64_FORMAT, o);
      type = u32 (b, o);
      if (type == 0 || type == 160)
        {
          guint32 steps, datum_size, sub_len;
          IscXrdPattern *p;

          if (!has (b, o, 160))
            return _isc_xrd_fail (error, b->path, ISC_ERROR_FORMAT,
                                  "range %u header is truncated at byte %" G_GUINT64_FORMAT, index + 1, o);
          steps = u32 (b, o + 4);
          datum_size = u32 (b, o + 136);
          sub_len = u32 (b, o + 140);
          if (datum_size < 4 || datum_size > 64 || sub_len > 16 * 1024 * 1024)
            return _isc_xrd_fail (error, b->path, ISC_ERROR_FORMAT,
                                  "range %u: datum size %u, sub-headers %u bytes (expected 4 or 8, and a few hundred)",
                                  index + 1, datum_size, sub_len);
          index++;
          p = range_pattern (b, index, steps, f64 (b, o + 72), f64 (b, o + 80), o + 160 + sub_len,
                             datum_size, error);
          if (p == NULL)
            return NULL;
          set_radiation (p, f64 (b, o + 112), ka1, ka2, ratio, anode);
          g_ptr_array_add (series->patterns, p);
          o += 160 + (guint64) sub_len + (guint64) steps * datum_size;
          continue;
        }
      seg_len = u32 (b, o + 4);
      if (seg_len < 8 || !has (b, o, seg_len))
        return _isc_xrd_fail (error, b->path, ISC_ERROR_FORMAT,
                              "segment of type %u at byte %" G_GUINT64_FORMAT " has length %u (file of %" G_GSIZE_FORMAT " bytes)",
                              type, o, seg_len, b->len);
      if (type == 30 && seg_len >= 120)
        {
          ka1 = f64 (b, o + 80);
          ka2 = f64 (b, o + 88);
          ratio = f64 (b, o + 104);
          g_free (anode);
          anode = anode_at (b, o + 116);
        }
      o += seg_len;
    }
  if (index == 0)
    return _isc_xrd_fail (error, b->path, ISC_ERROR_FORMAT, "RAW v4 file without a range");
  return g_steal_pointer (&series);
}

IscXrdSeries *
_isc_xrd_read_raw (const char   *path,
                   const guint8 *data,
                   gsize         len,
                   GError      **error)
{
  Buf b = { path, data, len };

  if (len >= 7 && memcmp (data, "RAW1.01", 7) == 0)
    return read_v3 (&b, error);
  if (len >= 4 && memcmp (data, "RAW4", 4) == 0)
    return read_v4 (&b, error);
  if (len >= 4 && memcmp (data, "RAW", 3) == 0)
    return _isc_xrd_fail (error, path, ISC_ERROR_UNSUPPORTED,
                          "Bruker RAW version 1 or 2 (only v3 “RAW1.01” and v4 “RAW4.00” are read); export it as .uxd or .xy");
  return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "not a Bruker RAW file (no “RAW1.01” or “RAW4.00” at the start)");
}
