/* isotopes.h: natural isotopes of the elements APT meets, and the isotope peaks of molecular ions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "range-set.h"

G_BEGIN_DECLS

typedef struct
{
  guint  mass_number;
  double mass;        /* Da (atomic mass, AME) */
  double abundance;   /* natural abundance, 0..1 (IUPAC representative values) */
} IscIsotope;

typedef struct
{
  double mass_da;     /* mass-to-charge of the peak, Da */
  double abundance;   /* fraction of the ion's isotopologues in this peak, 0..1 */
} IscIsotopePeak;

/* The natural isotopes of @symbol ("O", "Ni"), lightest first, and their number in @n;
 * NULL when the table does not know the element. */
const IscIsotope *isc_isotopes_lookup        (const char *symbol,
                                              guint      *n);

/* Peaks of the ion made of @elements at charge @charge: every isotopologue's mass-to-charge
 * (mass / charge; the electrons' mass is neglected, as APT spectra are calibrated) and
 * probability, peaks closer than @tolerance_da in m/n merged (abundance-weighted mean mass),
 * peaks below @min_abundance dropped. Sorted by mass. Returns an array of IscIsotopePeak, or
 * NULL with @error when an element is unknown or @charge is 0. */
GArray           *isc_isotopes_ion_peaks     (const IscElementCount  *elements,
                                              guint                   n_elements,
                                              guint                   charge,
                                              double                  tolerance_da,
                                              double                  min_abundance,
                                              GError                **error);

/* The same for a formula such as "O2", "LiO", "Ni". */
GArray           *isc_isotopes_formula_peaks (const char  *formula,
                                              guint        charge,
                                              double       tolerance_da,
                                              double       min_abundance,
                                              GError     **error);

/* TRUE when an isotope peak of @elements at @charge lies in [@low, @high] (Da). */
gboolean          isc_isotopes_peak_in       (const IscElementCount *elements,
                                              guint                  n_elements,
                                              guint                  charge,
                                              double                 low,
                                              double                 high);

typedef struct
{
  char   *formula;     /* "NiO", "O2" (elements in the order given) */
  guint   charge;
  double  mass_da;     /* the peak's m/n */
  double  abundance;   /* of that peak within the ion */
} IscIonCandidate;

/* Ions of at most @max_atoms atoms of @elements (NULL-terminated symbols the table knows) at
 * charge 1…@max_charge with an isotope peak of at least 1 % abundance within @tolerance_da of
 * @mq: "what could be at 29.5 Da?". Sorted by distance from @mq, then by abundance. Returns an
 * array of IscIonCandidate (its clear function frees the formulas). */
GArray           *isc_isotopes_candidates    (double              mq,
                                              double              tolerance_da,
                                              const char * const *elements,
                                              guint               max_atoms,
                                              guint               max_charge);

G_END_DECLS
