/* nxapm-io.h: NeXus NXapm (HDF5) ranging definitions and writing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "composition.h"
#include "ion-cloud.h"
#include "range-set.h"

G_BEGIN_DECLS

/* Reads the ranging definitions of an NXapm file: every group holding a mass_to_charge_range
 * [k, 2] dataset (…/peak_identification/ionID, or /entry1/ionK as converted from Imago) is an
 * ion type; its nuclide_hash (Z + 256·N per atom) gives the elements, name and color the label.
 * Fails when the file has no ranging definitions. */
IscRangeSet *isc_range_set_load_nxapm (const char   *path,
                                       GError      **error);

/* Writes @cloud as NXapm: reconstructed_positions [n, 3] (nm), mass_to_charge [n] (Da) and,
 * when @ranges is given, its ion types as peak_identification/ionID groups plus the per-ion
 * iontypes (0 = unranged, k + 1 = ion type k). Reading it back gives the same ions and ranges.
 * Written atomically: a failure leaves no file, or the one that was there. */
gboolean     isc_ion_cloud_save_nxapm (const IscIonCloud  *cloud,
                                       const IscRangeSet  *ranges,
                                       const char         *path,
                                       GError            **error);
/* The same with the composition attached as /entry1/composition (NXprocess): element,
 * atom_count, atomic_fraction, atomic_fraction_sigma, ions_ranged, ions_total, program, method. */
gboolean     isc_ion_cloud_save_nxapm_with_results (const IscIonCloud     *cloud,
                                                    const IscRangeSet     *ranges,
                                                    const IscComposition  *composition,
                                                    const char            *path,
                                                    GError               **error);

/* Atomic number of an element symbol (1…118), or 0; and back (NULL when out of range). */
guint        isc_element_atomic_number (const char *symbol);
const char  *isc_element_symbol        (guint       z);

G_END_DECLS
