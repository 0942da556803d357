/* palette.h: colour-blind-safe colours shared by plots and species defaults.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double r, g, b, a;   /* 0..1 */
} IscColor;

/* Okabe–Ito palette (distinguishable with the common colour-vision deficiencies), cycled. */
IscColor isc_palette_get         (guint index);
guint    isc_palette_get_n       (void);

/* Parses "#rrggbb" or "#rrggbbaa". Returns FALSE on anything else. */
gboolean isc_color_parse_hex     (const char *text,
                                  IscColor   *out);
/* Returns "#rrggbb". Free with g_free. */
char    *isc_color_to_hex        (const IscColor *color);

/* Perceptually uniform, colour-blind-safe sequential map (viridis), @t in [0, 1] (clamped). */
IscColor isc_colormap_viridis    (double t);
/* A colour with its alpha replaced. */
IscColor isc_color_with_alpha    (IscColor color,
                                  double   alpha);

G_END_DECLS
