/* main.c: the ionscape desktop application.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "isc-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(IscApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("IONSCAPE_LOCALEDIR") ? g_getenv ("IONSCAPE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = isc_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
