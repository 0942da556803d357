/* saed-kind.h: how the dataset-kind registry recognises and summarises electron diffraction
 * patterns, which come in the same files as HAADF images (.dm3/.dm4, .tif, Velox .emd).
 *
 * The sniff is strict: only a file that says it was taken in diffraction is a pattern, so
 * every image that does not say so stays an image (the image page offers "Analyse as
 * Diffraction Pattern" for those). DigitalMicrograph keeps its tags after the pixels, so the
 * sniff reads the file's head and tail, not only its first bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* TRUE when @len bytes of a file (its head, or its tail: the sniff looks for tags, not at
 * offsets) say the image is a diffraction pattern:
 *   - DigitalMicrograph tags (a .dm3/.dm4, or a TIFF saved by DM): Microscope Info
 *     "Operation Mode" = "DIFFRACTION" (STEM images are taken with the projector in
 *     diffraction too, so "Imaging Mode" says nothing);
 *   - Velox EMD metadata: "PixelUnitX" a reciprocal length ("1/m");
 *   - an ImageJ TIFF description calibrated in a reciprocal length ("unit=1/nm"). */
gboolean  isc_saed_sniff       (const char  *bytes,
                                gsize        len);

/* isc_saed_sniff on the first and the last MiB of @path (DM tags and Velox metadata follow
 * the pixels). FALSE when the file cannot be read. */
gboolean  isc_saed_sniff_file  (const char  *path);

/* The `ionscape-cli info` object: size, the file's calibration (nm⁻¹/px) and centre, camera
 * length and voltage as stated. */
JsonNode *isc_saed_summarize   (const char  *path,
                                GError     **error);

G_END_DECLS
