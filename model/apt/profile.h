/* profile.h: 1D concentration profiles along x, y, z or a region's axis.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "composition.h"
#include "ion-cloud.h"
#include "range-set.h"
#include "roi.h"

G_BEGIN_DECLS

typedef enum
{
  ISC_PROFILE_AXIS_X,
  ISC_PROFILE_AXIS_Y,
  ISC_PROFILE_AXIS_Z,
  ISC_PROFILE_AXIS_ROI,   /* isc_roi_axis_coordinate () */
} IscProfileAxis;

typedef enum
{
  ISC_PROFILE_FIXED_WIDTH,  /* bins of bin_width nm */
  ISC_PROFILE_FIXED_COUNT,  /* bins of atoms_per_bin atoms (the last one may hold fewer) */
} IscProfileBinning;

typedef struct
{
  IscProfileAxis    axis;
  IscProfileBinning binning;
  double            bin_width;      /* nm, for ISC_PROFILE_FIXED_WIDTH */
  guint64           atoms_per_bin;  /* for ISC_PROFILE_FIXED_COUNT */
  /* NULL: window counting. Else (borrowed, computed for the same range set) each ranged ion
   * counts as the shares of its window group: bins are still cut by plain atoms, but their
   * element counts and atoms are the decomposed (and background-corrected) estimates. */
  const IscDecomposition *decomposition;
} IscProfileSettings;

/* Bin b covers [start[b], end[b]) nm along the axis. Per-element arrays are row-major:
 * value of element e in bin b at [b * n_elements + e]. Fractions are atomic fractions of
 * the bin's atoms (molecular ions decomposed); sigma = sqrt (c (1 − c) / N) with N the bin's
 * atoms. Empty bins have fraction and sigma NAN. */
typedef struct
{
  guint     n_bins;
  guint     n_elements;
  char    **elements;   /* NULL-terminated symbols, range-set order */
  double   *start;      /* nm */
  double   *end;        /* nm */
  guint64  *atoms;      /* atoms in each bin */
  guint64  *counts;     /* n_bins × n_elements */
  double   *fraction;   /* n_bins × n_elements */
  double   *sigma;      /* n_bins × n_elements */
  guint64   n_ions;     /* ranged ions in the region that carry atoms */
  /* With a decomposition only (else NULL): fractional atoms and counts, of which atoms and
   * counts are the rounded values; fraction and sigma come from these. */
  double   *atom_estimates;   /* n_bins */
  double   *count_estimates;  /* n_bins × n_elements */
  char     *method;           /* "decomposed by isotope abundances[, background MODEL]" */
} IscProfile;

void        isc_profile_settings_init (IscProfileSettings *settings);

/* Profile of the ranged ions of @cloud (cloud->ion_type must be filled, see
 * isc_range_set_apply ()) inside @roi (NULL: everything). Bins start at floor () of the
 * smallest coordinate of those ions. Cancellable (G_IO_ERROR_CANCELLED); callable from a
 * worker thread. Returns a new profile (isc_profile_free) or NULL with @error. */
IscProfile *isc_profile_compute       (const IscIonCloud         *cloud,
                                       const IscRangeSet         *ranges,
                                       const IscRoi              *roi,
                                       const IscProfileSettings  *settings,
                                       GCancellable              *cancellable,
                                       IscProgressFunc            progress,
                                       gpointer                   progress_data,
                                       GError                   **error);
void        isc_profile_free          (IscProfile *profile);

/* Index of @symbol in profile->elements, or -1. */
int         isc_profile_find_element  (const IscProfile *profile,
                                       const char       *symbol);

/* CSV text: header start_nm,end_nm,atoms,<El>_count,<El>_fraction,<El>_sigma,… then one row per
 * bin ('.' decimals whatever the locale, "nan" for empty bins). Decomposed profiles write their
 * fractional atoms and counts and start with a "# counts: <method>" line. Free with g_free. */
char       *isc_profile_to_csv        (const IscProfile *profile);

/* "x", "y", "z", "roi" and back. */
const char *isc_profile_axis_to_string (IscProfileAxis axis);
gboolean    isc_profile_axis_from_string (const char     *text,
                                          IscProfileAxis *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscProfile, isc_profile_free)

G_END_DECLS
