/* xrd-readers-private.h: what the XRD readers share. Each reader gets the whole file in memory
 * (@data, @len, always followed by a NUL byte) and returns a series of one or more patterns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xrd-pattern.h"

G_BEGIN_DECLS

typedef IscXrdSeries *(*IscXrdReadFunc) (const char   *path,
                                         const guint8 *data,
                                         gsize         len,
                                         GError      **error);

IscXrdSeries *_isc_xrd_read_xrdml (const char *path, const guint8 *data, gsize len, GError **error);
IscXrdSeries *_isc_xrd_read_brml  (const char *path, const guint8 *data, gsize len, GError **error);
IscXrdSeries *_isc_xrd_read_rasx  (const char *path, const guint8 *data, gsize len, GError **error);
IscXrdSeries *_isc_xrd_read_raw   (const char *path, const guint8 *data, gsize len, GError **error);
IscXrdSeries *_isc_xrd_read_uxd   (const char *path, const guint8 *data, gsize len, GError **error);
IscXrdSeries *_isc_xrd_read_ras   (const char *path, const guint8 *data, gsize len, GError **error);
IscXrdSeries *_isc_xrd_read_xy    (const char *path, const guint8 *data, gsize len, GError **error);
IscXrdSeries *_isc_xrd_read_csv   (const char *path, const guint8 *data, gsize len, GError **error);

/* What a third column holds. */
typedef enum
{
  ISC_XRD_THIRD_IGNORE,
  ISC_XRD_THIRD_SIGMA,        /* .xye: standard error of the intensity */
  ISC_XRD_THIRD_ATTENUATION,  /* Rigaku: attenuator factor, intensity = counts × factor */
} IscXrdThirdColumn;

/* Two or three numeric columns (blank, comma or semicolon separated), header lines before the
 * data, PANalytical's [Measurement conditions] block read for the radiation. One pattern. */
IscXrdSeries *_isc_xrd_read_columns (const char       *path,
                                     const char       *data,
                                     gsize             len,
                                     IscXrdFormat      format,
                                     IscXrdThirdColumn third,
                                     GError          **error);

/* Sets @error to "FILE: message" in ISC_XRD_ERROR. Returns NULL for convenience. */
gpointer      _isc_xrd_fail       (GError     **error,
                                   const char  *path,
                                   IscErrorCode code,
                                   const char  *format,
                                   ...) G_GNUC_PRINTF (4, 5);

/* A pattern with the source, label (file name, plus " · @suffix" when not NULL), Cu Kα1 default
 * wavelength and NAN temperature/time. */
IscXrdPattern *_isc_xrd_pattern_start (const char   *path,
                                       IscXrdFormat  format,
                                       const char   *suffix,
                                       guint         n);

/* Checks a finished pattern: at least two points, finite, 2θ strictly increasing within
 * (0, 180). Sorts a decreasing scan. */
gboolean      _isc_xrd_pattern_check (IscXrdPattern *pattern,
                                      GError       **error);

/* Every member of the zip in @data whose name @want accepts, as name → GBytes (each at most
 * 256 MiB uncompressed). */
GHashTable   *_isc_xrd_zip_members (const char   *path,
                                    const guint8 *data,
                                    gsize         len,
                                    gboolean    (*want) (const char *name),
                                    GError      **error);

/* Parses a double with the C locale; FALSE unless the whole token (surrounding blanks aside) is a
 * finite number. */
gboolean      _isc_xrd_parse_double (const char *text,
                                     double     *value);

G_END_DECLS
