/* eis-data.h: impedance spectra read from instrument files.
 *
 * A file holds one or more spectra (an EC-Lab PEIS run with several cycles holds one per cycle).
 * Each spectrum keeps the points in file order: frequency in Hz, Z' and Z'' in Ω with
 * Z = Z' + jZ'' (Z'' < 0 for a capacitive response, whatever sign the file stores).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "isc-error.h"

G_BEGIN_DECLS

#define ISC_EIS_ERROR (isc_eis_error_quark ())
GQuark isc_eis_error_quark (void);

typedef struct
{
  guint   n;
  double *freq;     /* Hz */
  double *re;       /* Z', Ω */
  double *im;       /* Z'', Ω (signed: negative capacitive) */
  guint   cycle;    /* the file's cycle number (1, 2, …), or the spectrum's position from 1 */
} IscEisSpectrum;

typedef struct
{
  char      *path;
  char      *format;   /* "biologic-mpt", "gamry-dta", "zplot-z", "z60w-txt", "chi-txt", "csv" */
  GPtrArray *spectra;  /* IscEisSpectrum*, at least one, each with at least one point */
} IscEisData;

/* Reads @path, recognising the format by its first bytes. Errors in ISC_EIS_ERROR name the
 * file, the line and what was expected. */
IscEisData     *isc_eis_data_load        (const char    *path,
                                          GError       **error);
/* Reads from memory; @name only names the file in messages. */
IscEisData     *isc_eis_data_parse       (const char    *name,
                                          const char    *text,
                                          gsize          len,
                                          GError       **error);
void            isc_eis_data_free        (IscEisData    *data);

/* A spectrum of @n points copied from the arrays (any may be NULL for zeros). */
IscEisSpectrum *isc_eis_spectrum_new     (guint          n,
                                          const double  *freq,
                                          const double  *re,
                                          const double  *im);
void            isc_eis_spectrum_free    (IscEisSpectrum *spectrum);
/* A new spectrum of the points with Z'' < 0 (impedance.py's ignoreBelowX). */
IscEisSpectrum *isc_eis_spectrum_capacitive (const IscEisSpectrum *spectrum);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscEisData, isc_eis_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscEisSpectrum, isc_eis_spectrum_free)

G_END_DECLS
