/* eels-kind.h: how the dataset-kind registry can recognise and summarise EELS spectra.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* TRUE when the first @len bytes are EMSA/MSA text of an energy-loss spectrum (#SIGNALTYPE ELS,
 * or none given; an EDS or XRF export is not). DM3/DM4 spectra cannot be told from images by
 * their first 64 KiB (a thumbnail's pixels usually come first): isc_eels_load () decides, by
 * whether an axis is calibrated in eV. */
gboolean  isc_eels_sniff      (const char  *head,
                               gsize        len);

/* TRUE when @path, a DM3/DM4 or EMD file (the containers STEM images share), holds an
 * energy-loss spectrum, line scan or spectrum image: its first image has an axis calibrated
 * in eV. DM files are judged by their tag tree alone (the pixels are not read). */
gboolean  isc_eels_probe_file (const char  *path);

/* The `ionscape-cli info` object: format, title, channels, spectra (width × height), energy
 * range and step, DM origin in channels, beam energy. */
JsonNode *isc_eels_summarize  (const char  *path,
                               GError     **error);

G_END_DECLS
