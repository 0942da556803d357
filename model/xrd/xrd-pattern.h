/* xrd-pattern.h: X-ray powder diffraction patterns and series (patterns against temperature or
 * time), and the readers of the common laboratory formats.
 *
 * Units: 2θ in degrees, wavelengths in Å, temperatures in °C, times in s. Intensities are the
 * file's (counts or counts per second, stated in @intensity_unit).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "isc-error.h"

G_BEGIN_DECLS

/* Errors of the XRD readers and analyses carry the shared IscErrorCode codes. */
#define ISC_XRD_ERROR (isc_xrd_error_quark ())
GQuark isc_xrd_error_quark (void);

/* Cu Kα1 (Å), used when a file states no wavelength (then wavelength_from_file is FALSE). */
#define ISC_XRD_CU_KALPHA1 1.5406
#define ISC_XRD_CU_KALPHA2 1.54439

typedef enum
{
  ISC_XRD_FORMAT_AUTO,
  ISC_XRD_FORMAT_XRDML,    /* PANalytical XML */
  ISC_XRD_FORMAT_BRML,     /* Bruker DIFFRAC.SUITE: zip of XML */
  ISC_XRD_FORMAT_RAW,      /* Bruker DIFFRAC plus RAW v3 (RAW1.01) or v4 (RAW4.00) */
  ISC_XRD_FORMAT_UXD,      /* Bruker text export */
  ISC_XRD_FORMAT_RAS,      /* Rigaku text (Shift-JIS headers) */
  ISC_XRD_FORMAT_RASX,     /* Rigaku SmartLab Studio: zip */
  ISC_XRD_FORMAT_XY,       /* two or three columns (.xy, .xye, .dat, .txt) */
  ISC_XRD_FORMAT_CSV,      /* comma-separated, optionally with a PANalytical header */
} IscXrdFormat;

typedef struct
{
  char *source;              /* file path */
  char *label;               /* short name: file name, plus "range N" for multi-range files */
  IscXrdFormat format;
  guint n;                   /* number of points */
  double *two_theta;         /* n values, degrees, increasing */
  double *intensity;         /* n values */
  double *sigma;             /* n standard errors (.xye), or NULL */
  double *point_temperature; /* n per-point sample temperatures, °C (brml), or NULL */
  double temperature_c;      /* mean sample temperature of the scan, °C, or NAN */
  double time_s;             /* start of the scan relative to the first of its series, s, or NAN */
  double wavelength;         /* Kα1 (or the monochromatic line), Å */
  double wavelength2;        /* Kα2, Å, or NAN */
  double ka2_ratio;          /* I(Kα2)/I(Kα1): 0 for monochromatic radiation */
  gboolean wavelength_from_file; /* FALSE: the Cu Kα1 default was assumed */
  char *anode;               /* "Cu", "Co", … or NULL */
  char *intensity_unit;      /* "counts", "cps" … */
} IscXrdPattern;

typedef struct
{
  GPtrArray *patterns;       /* IscXrdPattern*, owned, in series order */
} IscXrdSeries;

IscXrdPattern *isc_xrd_pattern_new          (guint n);
void           isc_xrd_pattern_free         (IscXrdPattern *pattern);
IscXrdPattern *isc_xrd_pattern_copy         (const IscXrdPattern *pattern);

IscXrdSeries  *isc_xrd_series_new           (void);
void           isc_xrd_series_free          (IscXrdSeries *series);
guint          isc_xrd_series_get_n         (const IscXrdSeries *series);
IscXrdPattern *isc_xrd_series_get           (const IscXrdSeries *series,
                                             guint               index);
/* Moves every pattern of @other to the end of @series and frees @other. */
void           isc_xrd_series_append        (IscXrdSeries *series,
                                             IscXrdSeries *other);
/* Sorts by temperature when every pattern has one (stable), else leaves the order. */
void           isc_xrd_series_sort_by_temperature (IscXrdSeries *series);

const char    *isc_xrd_format_to_string     (IscXrdFormat format);
/* The format by extension, then by magic bytes of @head (may be NULL). AUTO if unknown. */
IscXrdFormat   isc_xrd_format_guess         (const char   *path,
                                             const guint8 *head,
                                             gsize         head_len);
/* TRUE when @path looks like a diffraction file Ionscape reads (by extension and magic). */
gboolean       isc_xrd_is_xrd_file          (const char *path);

/* A temperature written in a file name: "300deg.xy", "T_450C.xy", "573K.xrdml" (K converted
 * to °C). NAN when none. */
double         isc_xrd_temperature_from_name (const char *path);

/* Reads one file (every scan/range of it, in order) or, for a folder, every diffraction file
 * in it (sorted by temperature when all have one, else by name). A file holding several scans
 * and a folder of files both give a series. */
IscXrdSeries  *isc_xrd_load                 (const char   *path,
                                             IscXrdFormat  format,
                                             GError      **error);
/* Several files or folders, concatenated in the given order, then sorted by temperature when
 * every pattern has one. */
IscXrdSeries  *isc_xrd_load_many            (const char * const *paths,
                                             guint               n_paths,
                                             GError            **error);

/* Bragg: 2θ (deg) of spacing @d (Å) at @wavelength (Å); NAN when λ/2d > 1. */
double         isc_xrd_two_theta_from_d     (double d,
                                             double wavelength);
double         isc_xrd_d_from_two_theta     (double two_theta,
                                             double wavelength);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscXrdPattern, isc_xrd_pattern_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscXrdSeries, isc_xrd_series_free)

G_END_DECLS
