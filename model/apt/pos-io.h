/* pos-io.h: the headerless big-endian .pos format (x, y, z, m/n as float32, 16 bytes per ion).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ion-cloud.h"
#include "isc-error.h"
#include "range-set.h"

G_BEGIN_DECLS

/* Reads a .pos file (positions nm, m/n Da). Fails with ISC_APT_ERROR when the size is not a
 * multiple of 16 bytes or a value is NaN/Inf. Returns a new cloud (free with
 * isc_ion_cloud_unref) or NULL with @error. Callable from a worker thread. */
IscIonCloud *isc_ion_cloud_load_pos  (const char         *path,
                                      GCancellable       *cancellable,
                                      IscProgressFunc     progress,
                                      gpointer            progress_data,
                                      GError            **error);

/* Writes x, y, z, m/n of every ion as a .pos file (byte-exact inverse of the reader). */
gboolean     isc_ion_cloud_save_pos  (const IscIonCloud  *cloud,
                                      const char         *path,
                                      GError            **error);

/* Writes ions as CSV "x_nm,y_nm,z_nm,mass_to_charge_da[,ion]" with '.' decimals, atomically;
 * the ion column (the type's name, empty when unranged) is written when @ranges is given and the
 * cloud is ranged. */
gboolean     isc_ion_cloud_save_csv  (const IscIonCloud  *cloud,
                                      const IscRangeSet  *ranges,
                                      const char         *path,
                                      GError            **error);

G_END_DECLS
