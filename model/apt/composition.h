/* composition.h: ion-type counts and decomposed atomic composition of ranged ions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ion-cloud.h"
#include "background.h"
#include "range-set.h"

G_BEGIN_DECLS

typedef struct
{
  guint64   ions_total;     /* ions considered (all, or the selected ones) */
  guint64   ions_ranged;
  guint64   ions_unranged;

  guint     n_ion_types;    /* as in the range set */
  char    **ion_names;      /* n_ion_types names (NULL-terminated) */
  guint64  *ion_counts;     /* ions per ion type */

  guint     n_elements;     /* elements of the range set, first-seen order */
  char    **elements;       /* symbols (NULL-terminated) */
  guint64  *atom_counts;    /* atoms per element after decomposing molecular ions (NiO → Ni + O) */
  double   *fractions;      /* atomic fraction c = atoms / atoms_total */
  double   *sigmas;         /* counting error sqrt (c (1 − c) / atoms_total) */
  guint64   atoms_total;

  /* Set by isc_composition_compute_decomposed () only (else FALSE and NULL): fractional ion
   * counts (ions in overlapping windows split by isotope abundances, background subtracted),
   * with atom_counts/atoms_total their rounded values and fractions/sigmas from the estimates. */
  gboolean  decomposed;
  double   *ion_estimates;     /* n_ion_types */
  double   *ion_sigmas;        /* counting error of peaks and background, through the fit */
  double   *atom_estimates;    /* n_elements */
  char     *background_model;  /* "constant", "a/sqrt(m)+b", or NULL without background */
} IscComposition;

/* Ranges the ions of @cloud with @ranges (the cloud's own ion_type array is not used or
 * changed) and counts ions and atoms. @selected: NULL for all ions, else one 0/1 byte per ion.
 * Cancellable; callable from a worker thread. Free with isc_composition_free. */
IscComposition *isc_composition_compute      (const IscIonCloud  *cloud,
                                              const IscRangeSet  *ranges,
                                              const guint8       *selected,
                                              GCancellable       *cancellable,
                                              GError            **error);

/* As above from per-ion-type counts (e.g. counted elsewhere); @ion_counts has one entry per
 * ion type of @ranges. */
IscComposition *isc_composition_from_counts  (const IscRangeSet  *ranges,
                                              const guint64      *ion_counts,
                                              guint64             ions_unranged);

/* Quantification beyond window counting: the ranges' windows are joined into groups where
 * they overlap; each group's ions, less @background (may be NULL), are explained by least
 * squares (GSL, weighted by counting variance; species driven below zero are dropped and the
 * fit repeated) as a sum over candidate species, an ion type at a charge state with an isotope
 * peak in one of its own windows, each contributing its natural isotopic abundances of peaks
 * in the group. An ion type's count is its fitted ions times the abundance its peaks have
 * inside the ranged windows (so a species with no overlap keeps its window count, less the
 * background). Windows of an ion without an isotope peak in them count as themselves. Fails
 * when the ranged peaks cannot separate the overlapping species. */
IscComposition *isc_composition_compute_decomposed (const IscIonCloud    *cloud,
                                                    const IscRangeSet    *ranges,
                                                    const guint8         *selected,
                                                    const IscBackground  *background,
                                                    GCancellable         *cancellable,
                                                    GError              **error);

/* The decomposition as shares per window group, for analyses that count ions in bins or blocks
 * (profiles, frequency analysis): an ion in group g stands for shares[g × n_ion_types + t] ions
 * of type t (the fitted ions of t there per ion counted; the shares of a group sum to 1 less its
 * background fraction). Groups are the ranges' windows joined where they overlap. Each ion is
 * keyed by (group, the ion type ranging gave it), so that bins and blocks can still be cut by
 * the plain units of each ion. */
typedef struct
{
  guint    n_groups;
  double  *lows;              /* Da, sorted */
  double  *highs;
  guint64 *raw;               /* ions counted in each group */
  guint    n_ion_types;
  double  *shares;            /* n_groups × n_ion_types */
  char    *background_model;  /* as in IscComposition */
  guint    n_keys;            /* ≤ ISC_MAX_ION_TYPES */
  guint    key_group[ISC_MAX_ION_TYPES];
  guint8   key_type[ISC_MAX_ION_TYPES];
  guint8  *key_of;            /* n_groups × 256: key of (group, type), or ISC_ION_UNRANGED */
} IscDecomposition;

/* The fit of isc_composition_compute_decomposed () as shares per group. */
IscDecomposition *isc_decomposition_compute   (const IscIonCloud    *cloud,
                                               const IscRangeSet    *ranges,
                                               const guint8         *selected,
                                               const IscBackground  *background,
                                               GCancellable         *cancellable,
                                               GError              **error);
void              isc_decomposition_free      (IscDecomposition *decomposition);

/* Index of the group whose window holds @mq (compared as float32), or -1. */
int               isc_decomposition_find_group (const IscDecomposition *decomposition,
                                                float                   mq);

/* One key per ion of @cloud (which must be ranged with the same set): ISC_ION_UNRANGED outside
 * the groups. A temporary byte per ion, like the ranging itself. Free with g_free. */
guint8           *isc_decomposition_key_ions  (const IscDecomposition  *decomposition,
                                               const IscIonCloud       *cloud,
                                               GCancellable            *cancellable,
                                               GError                 **error);

/* Per key and element of @elements (n_keys × n_elements, row-major), what one ion of that key
 * stands for: @atoms, the expected atoms of the element; @ions, the expected ions that contain
 * it (either may be NULL). */
void              isc_decomposition_element_weights (const IscDecomposition *decomposition,
                                                     const IscRangeSet      *ranges,
                                                     char                  **elements,
                                                     double                 *atoms,
                                                     double                 *ions);

void            isc_composition_free         (IscComposition *composition);

/* Index of @symbol in composition->elements, or -1. */
int             isc_composition_find_element (const IscComposition *composition,
                                              const char           *symbol);

/* Atoms of @element divided by the summed atoms of the @basis elements (NULL-terminated; NULL
 * means Ni, Co, Mn as in the published site table). NaN when the basis holds no atoms. */
double          isc_composition_get_ratio    (const IscComposition *composition,
                                              const char * const   *basis,
                                              const char           *element);

/* The default normalisation basis { "Ni", "Co", "Mn", NULL }. */
const char * const *isc_composition_default_basis (void);

/* The composition as text, '.' decimals: one header line (Element, at.%, sigma at.%, Atoms,
 * Ratio to <basis>), one line per element, an empty line, one line per ion type (Ion, Count)
 * and the Ranged, Unranged and Total ion counts. @separator is '\t' for TSV or ',' for CSV;
 * @basis NULL means the default. @composition NULL gives the header line only. The GUI's
 * "Copy as TSV"/"Export CSV…" and `ionscape-cli composition --csv` write this. Free with g_free. */
char           *isc_composition_to_text      (const IscComposition *composition,
                                              const char * const   *basis,
                                              char                  separator);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscComposition, isc_composition_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscDecomposition, isc_decomposition_free)

G_END_DECLS
