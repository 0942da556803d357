/* cli-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli-util.h"

int
isc_cli_fail (const char *format,
              ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line only: scripts read the first line of stderr. */
  g_strdelimit (message, "\n", ' ');
  fprintf (stderr, "ionscape-cli: %s\n", message);
  return 1;
}

int
isc_cli_fail_error (const GError *error)
{
  return isc_cli_fail ("%s", error != NULL ? error->message : "unknown error");
}

gboolean
isc_cli_parse (GOptionContext *context,
               int            *argc,
               char         ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      isc_cli_fail ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

void
isc_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

gboolean
isc_cli_parse_doubles (const char *text,
                       double     *out,
                       guint       n)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, ",", -1);
  if (g_strv_length (parts) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      char *end = NULL;

      errno = 0;
      out[i] = g_ascii_strtod (g_strstrip (parts[i]), &end);
      if (errno != 0 || end == parts[i] || *end != '\0')
        return FALSE;
    }
  return TRUE;
}
