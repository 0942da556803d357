/* image-hspy.h: images as HyperSpy's HDF5 files (.hspy, format 3.1), which `hyperspy.api.load`
 * reads as a Signal2D with its axes calibrated (name, units, scale, offset).
 *
 * Layout: root attributes file_format = "HyperSpy", file_format_version = "3.1"; one group
 * /Experiments/TITLE holding "data" (frames × rows × columns, or rows × columns), a group per
 * axis "axis-0", "axis-1"[, "axis-2"] (the slowest first) with attributes name, units, scale,
 * offset, size, navigate (the frame axis navigates, the image's do not) and "metadata/General"
 * with the title and the original file name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "image.h"

G_BEGIN_DECLS

/* Writes @image to @path atomically (nothing is left there when it fails). */
gboolean  isc_image_write_hspy (const IscImage  *image,
                                const char      *path,
                                GError         **error);

G_END_DECLS
