/* isc-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "isc-csv.h"

void
isc_csv_append_field (GString    *out,
                      const char *text,
                      char        separator)
{
  g_return_if_fail (out != NULL && text != NULL);

  if (strchr (text, separator) == NULL && strpbrk (text, "\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
