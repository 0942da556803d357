/* palette.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "palette.h"

static const guint32 okabe_ito[] = {
  0x0072B2, /* blue */
  0xD55E00, /* vermillion */
  0x009E73, /* bluish green */
  0xE69F00, /* orange */
  0xCC79A7, /* reddish purple */
  0x56B4E9, /* sky blue */
  0xF0E442, /* yellow */
  0x000000, /* black */
};

guint
isc_palette_get_n (void)
{
  return G_N_ELEMENTS (okabe_ito);
}

IscColor
isc_palette_get (guint index)
{
  guint32 rgb = okabe_ito[index % G_N_ELEMENTS (okabe_ito)];

  return (IscColor) { ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                      (rgb & 0xff) / 255.0, 1.0 };
}

gboolean
isc_color_parse_hex (const char *text,
                     IscColor   *out)
{
  guint v[4] = { 0, 0, 0, 255 };
  gsize len;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL || text[0] != '#')
    return FALSE;
  len = strlen (text + 1);
  if (len != 6 && len != 8)
    return FALSE;
  for (gsize i = 0; i < len / 2; i++)
    {
      int hi = g_ascii_xdigit_value (text[1 + 2 * i]);
      int lo = g_ascii_xdigit_value (text[2 + 2 * i]);

      if (hi < 0 || lo < 0)
        return FALSE;
      v[i] = (guint) (hi * 16 + lo);
    }
  *out = (IscColor) { v[0] / 255.0, v[1] / 255.0, v[2] / 255.0, v[3] / 255.0 };
  return TRUE;
}

char *
isc_color_to_hex (const IscColor *color)
{
  g_return_val_if_fail (color != NULL, NULL);

  return g_strdup_printf ("#%02x%02x%02x",
                          (guint) CLAMP (color->r * 255.0 + 0.5, 0, 255),
                          (guint) CLAMP (color->g * 255.0 + 0.5, 0, 255),
                          (guint) CLAMP (color->b * 255.0 + 0.5, 0, 255));
}

/* Viridis sampled at 9 evenly spaced points (matplotlib's _viridis_data); linear
 * interpolation between them stays within 1/255 of the full table for our purposes. */
static const guint32 viridis9[] = {
  0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725,
};

IscColor
isc_colormap_viridis (double t)
{
  double pos;
  guint i;
  double f;
  guint32 a, b;

  if (!(t > 0))
    t = 0;
  if (t > 1)
    t = 1;
  pos = t * (G_N_ELEMENTS (viridis9) - 1);
  i = MIN ((guint) pos, G_N_ELEMENTS (viridis9) - 2);
  f = pos - i;
  a = viridis9[i];
  b = viridis9[i + 1];
  return (IscColor) {
    (((a >> 16) & 0xff) * (1 - f) + ((b >> 16) & 0xff) * f) / 255.0,
    (((a >> 8) & 0xff) * (1 - f) + ((b >> 8) & 0xff) * f) / 255.0,
    ((a & 0xff) * (1 - f) + (b & 0xff) * f) / 255.0,
    1.0 };
}

IscColor
isc_color_with_alpha (IscColor color,
                      double   alpha)
{
  color.a = alpha;
  return color;
}
