/* species-list.h: the ion types of a range set with colour swatch, visibility and counts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "range-set.h"

G_BEGIN_DECLS

#define ISC_TYPE_SPECIES_LIST (isc_species_list_get_type ())
G_DECLARE_FINAL_TYPE (IscSpeciesList, isc_species_list, ISC, SPECIES_LIST, GtkWidget)

GtkWidget *isc_species_list_new            (void);

/* Shows one row per ion type of @ranges (copied), plus an "Unranged" row. All visible except
 * unranged. Counts reset to unknown. */
void       isc_species_list_set_ranges     (IscSpeciesList    *self,
                                            const IscRangeSet *ranges);

/* Ion and atom counts per ion type (arrays of n_types), and the unranged ion count. */
void       isc_species_list_set_counts     (IscSpeciesList *self,
                                            const guint64  *ion_counts,
                                            const guint64  *atom_counts,
                                            guint           n_types,
                                            guint64         unranged);

/* @ion_type is ISC_ION_UNRANGED for the unranged row. */
gboolean   isc_species_list_get_visible    (IscSpeciesList *self,
                                            guint           ion_type);
void       isc_species_list_set_visible    (IscSpeciesList *self,
                                            guint           ion_type,
                                            gboolean        visible);
void       isc_species_list_get_color      (IscSpeciesList *self,
                                            guint           ion_type,
                                            double          rgb[3]);
void       isc_species_list_set_color      (IscSpeciesList *self,
                                            guint           ion_type,
                                            const double    rgb[3]);
guint      isc_species_list_get_n_rows     (IscSpeciesList *self);

G_END_DECLS
