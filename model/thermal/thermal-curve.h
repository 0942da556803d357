/* thermal-curve.h: thermogravimetric (TGA), DTA and DSC curves, and the readers of the common
 * instrument exports: TA Instruments Universal Analysis text (UTF-16 or single-byte), NETZSCH
 * Proteus ASCII, METTLER TOLEDO STARe, PerkinElmer Pyris, and CSV with mapped columns.
 *
 * Units: temperatures in °C, times in min, mass in mg or % (stated in @mass_unit), the DTA/DSC
 * signal in the file's unit (@signal_unit). Marker rows of the exports (negative time) are
 * dropped; each one starts a new segment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "isc-error.h"

G_BEGIN_DECLS

/* Errors of the thermal readers and analyses carry the shared IscErrorCode codes. */
#define ISC_THERMAL_ERROR (isc_thermal_error_quark ())
GQuark isc_thermal_error_quark (void);

typedef enum
{
  ISC_THERMAL_FORMAT_AUTO,
  ISC_THERMAL_FORMAT_TA,           /* TA Instruments Universal Analysis text export */
  ISC_THERMAL_FORMAT_NETZSCH,      /* NETZSCH Proteus ASCII export (#KEY:value, ##columns) */
  ISC_THERMAL_FORMAT_METTLER,      /* METTLER TOLEDO STARe text export, one or more curves */
  ISC_THERMAL_FORMAT_PERKINELMER,  /* PerkinElmer Pyris ASCII export */
  ISC_THERMAL_FORMAT_CSV,          /* delimited columns with a header line */
} IscThermalFormat;

typedef enum
{
  ISC_THERMAL_MASS_MG,
  ISC_THERMAL_MASS_PERCENT,
} IscThermalMassUnit;

typedef struct
{
  char *source;               /* file path */
  char *label;                /* file name (plus " · curve N" for several curves of one file) */
  IscThermalFormat format;
  guint n;                    /* number of points */
  double *time_min;           /* n values, or NULL */
  double *temperature_c;      /* n sample temperatures */
  double *mass;               /* n values in @mass_unit, or NULL (DSC/DTA only) */
  double *signal;             /* n DTA/DSC values, or NULL */
  guint *segment;             /* n segment numbers from 1, or NULL (one segment) */
  IscThermalMassUnit mass_unit;
  char *signal_name;          /* "Heat Flow", "DSC", "DTA" … or NULL */
  char *signal_unit;          /* "mW", "mW/mg", "µV" … or NULL */
  double sample_mass_mg;      /* from the header, or NAN */
  char *sample;               /* sample name from the header, or NULL */
  char *instrument;           /* or NULL */
} IscThermalCurve;

/* Column indices (from 0) of a CSV; −1: found by the header's names (temperature, time,
 * mass/weight/TG, DSC/DTA/heat flow). */
typedef struct
{
  int time;
  int temperature;
  int mass;
  int signal;
} IscThermalColumns;

IscThermalCurve *isc_thermal_curve_new     (guint n);
void             isc_thermal_curve_free    (IscThermalCurve *curve);

const char      *isc_thermal_format_to_string (IscThermalFormat format);
/* The format by the content of @data (the first 64 KiB are enough): an instrument export by its
 * header, CSV when the first line names a temperature and a mass or DTA/DSC column, else AUTO
 * (not a thermal-analysis file). For a dataset-kind registry's magic check. */
IscThermalFormat isc_thermal_format_guess  (const guint8 *data,
                                            gsize         len);

void             isc_thermal_columns_init  (IscThermalColumns *columns);

/* The lowest and highest temperature of @curve, °C (NAN for a curve without points). */
void             isc_thermal_curve_get_range (const IscThermalCurve *curve,
                                              double                *min_c,
                                              double                *max_c);

/* Reads every curve of one file (Mettler files hold several: a mass curve and a heat-flow curve
 * on the same time base become one curve with both). @columns is used for CSV only (NULL: by
 * names). Returns IscThermalCurve*, owned; errors name the file. */
GPtrArray       *isc_thermal_load          (const char              *path,
                                            IscThermalFormat         format,
                                            const IscThermalColumns *columns,
                                            GError                 **error);
/* The same on bytes already in memory (@path names them in errors). */
GPtrArray       *isc_thermal_load_data     (const char              *path,
                                            const guint8            *data,
                                            gsize                    len,
                                            IscThermalFormat         format,
                                            const IscThermalColumns *columns,
                                            GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscThermalCurve, isc_thermal_curve_free)

G_END_DECLS
