/* composition-table.h: the atomic composition of ranged APT data as a table: atomic %, ± counting
 * error, atom counts, ratios normalised to an editable basis (default Ni, Co, Mn) and ion-type
 * counts, with "Copy as TSV" and "Export CSV…".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "composition.h"

G_BEGIN_DECLS

#define ISC_TYPE_COMPOSITION_TABLE (isc_composition_table_get_type ())
G_DECLARE_FINAL_TYPE (IscCompositionTable, isc_composition_table, ISC, COMPOSITION_TABLE, GtkWidget)

GtkWidget *isc_composition_table_new             (void);

/* Shows @composition (copied; NULL clears the table). */
void       isc_composition_table_set_composition (IscCompositionTable  *self,
                                                  const IscComposition *composition);

/* Says which ions the table counts: @region names the selected region ("cylinder"), shown as
 * "Region: cylinder, 12 345 ions"; NULL shows "Whole dataset". */
void       isc_composition_table_set_scope       (IscCompositionTable  *self,
                                                  const char           *region,
                                                  guint64               n_ions);
/* The composition shown (owned by the table; NULL when cleared). */
const IscComposition *isc_composition_table_get_composition (IscCompositionTable *self);

/* Sets the normalisation basis from a comma list such as "Ni, Co, Mn" (as typed in the basis
 * entry). Refuses (FALSE + ISC_ANALYSIS_ERROR / ISC_ERROR_ARGUMENT, shown inline under the entry)
 * an empty list, a token that is not an element symbol, or an element the ranges do not hold;
 * the previous basis then stays. */
gboolean   isc_composition_table_set_basis       (IscCompositionTable  *self,
                                                  const char           *basis,
                                                  GError              **error);
/* The basis in use (NULL-terminated, owned by the table). */
const char * const *isc_composition_table_get_basis (IscCompositionTable *self);

/* The table as text, '.' decimals, one header line, then one line per element (Element, at.%,
 * ± at.%, Atoms, Ratio), an empty line, one line per ion type (Ion, Count) and the totals.
 * @separator is '\t' for TSV or ',' for CSV. Free with g_free. */
char      *isc_composition_table_to_text         (IscCompositionTable *self,
                                                  char                 separator);
char      *isc_composition_table_to_tsv          (IscCompositionTable *self);

/* Writes the CSV text to @path atomically. */
gboolean   isc_composition_table_export_csv      (IscCompositionTable  *self,
                                                  const char           *path,
                                                  GError              **error);

G_END_DECLS
