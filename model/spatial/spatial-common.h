/* spatial-common.h: what the spatial analyses share: atoms per ion type (molecular ions
 * decomposed through the range set), the quantity a grid or map shows (an element's atomic
 * fraction or a ratio such as Li/(Ni+Co+Mn)) with its counting error, and region bounds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ion-cloud.h"
#include "range-set.h"
#include "roi.h"

G_BEGIN_DECLS

/* Per ion type (index = cloud->ion_type; 255 unranged has no atoms). */
typedef struct
{
  guint    n_types;
  guint    n_elements;
  char   **elements;        /* NULL-terminated, range-set order */
  guint    atoms[256];      /* atoms in one ion of each type */
  guint   *per_element;     /* 256 × n_elements: atoms of element e in one ion of type t */
} IscAtomTable;

void     isc_atom_table_init   (IscAtomTable      *table,
                                const IscRangeSet *ranges);
void     isc_atom_table_clear  (IscAtomTable      *table);
/* Index of @symbol among the table's elements, or -1. */
int      isc_atom_table_find   (const IscAtomTable *table,
                                const char         *symbol);

/* What a voxel, pixel or shell shows: atoms of the numerator elements divided by the atoms of
 * the denominator elements (all atoms when den_mask is 0, i.e. an atomic fraction). Bit e of a
 * mask is element e of the atom table. */
typedef struct
{
  char    *text;       /* as given, e.g. "Li" or "Li/(Ni+Co+Mn)" */
  guint64  num_mask;
  guint64  den_mask;   /* 0: every atom */
} IscQuantity;

/* Parses "El", "El1+El2", "El/(A+B+C)" or "El/A+B" (',' may stand for '+'). Every element must
 * be in @ranges, else one error naming it and the elements there are. */
gboolean isc_quantity_parse    (const char         *text,
                                const IscRangeSet  *ranges,
                                IscQuantity        *out,
                                GError            **error);
void     isc_quantity_clear    (IscQuantity        *quantity);
/* Numerator and denominator atoms of one ion of each type. */
void     isc_quantity_weights  (const IscQuantity  *quantity,
                                const IscAtomTable *table,
                                guint               num[256],
                                guint               den[256]);
/* TRUE when the numerator atoms are part of the denominator (a fraction in 0 … 1). */
gboolean isc_quantity_is_fraction (const IscQuantity *quantity);
/* value = num / den (NAN when den < @min_den or den is 0); sigma its counting error: binomial
 * sqrt (c (1 − c) / den) for a fraction, Poisson c · sqrt (1/num + 1/den) for a ratio. */
void     isc_quantity_value    (const IscQuantity  *quantity,
                                double              num,
                                double              den,
                                double              min_den,
                                double             *value,
                                double             *sigma);

/* A box holding the ions of @cloud that @roi may contain (the region's bounds clipped to the
 * data's). FALSE when the region misses the data's box (then lo = hi). */
gboolean isc_roi_bounds        (const IscRoi      *roi,
                                const IscIonCloud *cloud,
                                double             lo[3],
                                double             hi[3]);

/* The standard error checks of a spatial analysis: ranged ions and a named analysis. */
gboolean isc_spatial_check_ranged (const char        *what,
                                   const IscIonCloud *cloud,
                                   const IscRangeSet *ranges,
                                   GError           **error);

/* Looks up @symbol among the elements of @table, else one error naming it (ISC_ERROR_ARGUMENT). */
int      isc_atom_table_require (const IscAtomTable *table,
                                 const char         *what,
                                 const char         *symbol,
                                 GError            **error);

G_END_DECLS
