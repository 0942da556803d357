/* eis-kind.h: how the dataset-kind registry recognises and summarises impedance spectra.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* TRUE when the first @len bytes of a file are an impedance export: an EC-Lab PEIS/GEIS text
 * file (a GCPL .mpt is not), a Gamry EIS .DTA, a ZPlot/ZView .z, a Z60W or CH Instruments
 * text export, or a three-column CSV of frequency, Z' and Z''. */
gboolean  isc_eis_sniff      (const char  *head,
                              gsize        len);

/* The `ionscape-cli info` object: format, spectra, points and frequency range of each. */
JsonNode *isc_eis_summarize  (const char  *path,
                              GError     **error);

G_END_DECLS
