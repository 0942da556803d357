/* colormap.h: colour maps for microscope images (grey and matplotlib's perceptually uniform
 * viridis, inferno, magma), tabulated at 256 entries.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  ISC_COLORMAP_GREY,
  ISC_COLORMAP_VIRIDIS,
  ISC_COLORMAP_INFERNO,
  ISC_COLORMAP_MAGMA,
  ISC_N_COLORMAPS
} IscColormap;

/* Stable lower-case name ("grey", "viridis", …), for settings and the CLI. Static string. */
const char   *isc_colormap_name       (IscColormap  map);
/* The map called @name; FALSE for an unknown name. */
gboolean      isc_colormap_from_name  (const char  *name,
                                       IscColormap *out_map);
/* 256 × RGB bytes, index 0 for the lowest intensity. Static, never NULL (grey when @map is
 * out of range). */
const guint8 *isc_colormap_table      (IscColormap  map);

G_END_DECLS
