/* apt-readers.h: the binary APT readers besides .pos (see pos-io.h). Each returns a new cloud
 * with bounds computed, or NULL with an ISC_APT_ERROR naming the file, the byte offset and what
 * was expected. Extra channels are filled only when the format carries them. All callable from
 * a worker thread; isc_ion_cloud_load picks among them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ion-cloud.h"

G_BEGIN_DECLS

/* .epos: 44-byte big-endian records (x, y, z, m/n, TOF ns, DC kV, pulse kV, detector x/y mm,
 * pulses since last event, ions per pulse). Voltages are stored in V. */
IscIonCloud *isc_ion_cloud_load_epos  (const char        *path,
                                       GCancellable      *cancellable,
                                       IscProgressFunc    progress,
                                       gpointer           progress_data,
                                       GError           **error);

/* AP Suite / IVAS 6 .apt: little-endian header and section walk; Position and Mass required,
 * Ion Type (uint8, 255 unranged) kept in cloud->ion_type, unknown sections skipped. */
IscIonCloud *isc_ion_cloud_load_apt   (const char        *path,
                                       GCancellable      *cancellable,
                                       IscProgressFunc    progress,
                                       gpointer           progress_data,
                                       GError           **error);

/* LAWATAP .ato version 3: 8-byte header, 56-byte little-endian records, positions in Å
 * (converted to nm), TOF in µs (to ns), detector coordinates in cm (to mm). */
IscIonCloud *isc_ion_cloud_load_ato   (const char        *path,
                                       GCancellable      *cancellable,
                                       IscProgressFunc    progress,
                                       gpointer           progress_data,
                                       GError           **error);

/* NeXus NXapm (HDF5): reconstructed_positions [n, 3] (nm) and mass_to_charge [n] (Da), found
 * below /entry*, as pynxtools-apm and paraprobe write them. */
IscIonCloud *isc_ion_cloud_load_nxapm (const char        *path,
                                       GCancellable      *cancellable,
                                       IscProgressFunc    progress,
                                       gpointer           progress_data,
                                       GError           **error);

G_END_DECLS
