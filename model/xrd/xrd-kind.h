/* xrd-kind.h: how the dataset-kind registry recognises and summarises X-ray diffraction files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* TRUE when the first @len bytes are a diffraction file: the magic of a Bruker RAW, Rigaku RAS
 * or PANalytical XRDML file, a zip (.brml, .rasx), a Bruker UXD header, a PANalytical CSV
 * header, or rows of two or three numbers separated by blanks whose first column climbs in
 * constant 2θ steps. A headerless comma-separated table is left to the cycler and impedance
 * kinds. */
gboolean  isc_xrd_sniff      (const char  *head,
                              gsize        len);

/* The `ionscape-cli info` object: format, scans, 2θ range and wavelength. */
JsonNode *isc_xrd_summarize  (const char  *path,
                              GError     **error);

G_END_DECLS
