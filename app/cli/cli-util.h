/* cli-util.h: helpers shared by the ionscape-cli subcommands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Every subcommand has this shape; argv[0] is the subcommand name. Returns the exit status. */
typedef int (*IscCliCommandFunc) (int    argc,
                                  char **argv);

/* Prints "ionscape-cli: MESSAGE" on one line of stderr and returns 1 (the error exit status). */
int      isc_cli_fail         (const char *format,
                               ...) G_GNUC_PRINTF (1, 2);
int      isc_cli_fail_error   (const GError *error);

/* Parses options; on a usage error prints it and returns FALSE. */
gboolean isc_cli_parse        (GOptionContext *context,
                               int            *argc,
                               char         ***argv);

/* Prints @node as pretty JSON on stdout, followed by a newline. */
void     isc_cli_print_json   (JsonNode *node);

/* Splits "a,b,c" into doubles; FALSE unless exactly @n numbers parse. */
gboolean isc_cli_parse_doubles (const char *text,
                                double     *out,
                                guint       n);

G_END_DECLS
