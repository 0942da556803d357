/* species-row.h: one row of the species list (private to species-list.c): show check box,
 * colour swatch, name, ion and atom counts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ISC_TYPE_SPECIES_ROW (isc_species_row_get_type ())
G_DECLARE_FINAL_TYPE (IscSpeciesRow, isc_species_row, ISC, SPECIES_ROW, GtkWidget)

#define ISC_SPECIES_ROW_N_COLUMNS 5

/* @ion_type: index into the range set, or ISC_ION_UNRANGED. */
GtkWidget      *isc_species_row_new          (guint          ion_type,
                                              const char    *name,
                                              const double   rgb[3],
                                              gboolean       visible);
guint           isc_species_row_get_ion_type (IscSpeciesRow *self);
GtkCheckButton *isc_species_row_get_check    (IscSpeciesRow *self);
GtkColorButton *isc_species_row_get_swatch   (IscSpeciesRow *self);
void            isc_species_row_set_counts   (IscSpeciesRow *self,
                                              const char    *ions,
                                              const char    *atoms);
/* Lines the row's cells up with the other rows' (one horizontal size group per column). */
void            isc_species_row_add_to_columns (IscSpeciesRow *self,
                                                GtkSizeGroup  *columns[ISC_SPECIES_ROW_N_COLUMNS]);

G_END_DECLS
