/* isc-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "isc-error.h"

G_DEFINE_QUARK (isc-apt-error-quark, isc_apt_error)
G_DEFINE_QUARK (isc-image-error-quark, isc_image_error)
G_DEFINE_QUARK (isc-cycling-error-quark, isc_cycling_error)
G_DEFINE_QUARK (isc-project-error-quark, isc_project_error)
G_DEFINE_QUARK (isc-render-error-quark, isc_render_error)
G_DEFINE_QUARK (isc-analysis-error-quark, isc_analysis_error)

char *
isc_error_excerpt (const char *text,
                   guint       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_new (NULL);
  const char *p = valid;

  for (guint n = 0; *p != '\0' && n < max_chars; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, '?');
      else
        g_string_append_unichar (out, c);
    }
  if (*p != '\0')
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}
