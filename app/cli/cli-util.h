/* cli-util.h: helpers shared by the ionscape-cli subcommands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "ion-cloud.h"
#include "project.h"
#include "range-set.h"

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

/* JSON has no NaN or infinity: adds @value, or null when it is not finite (an undefined statistic). */
void     isc_cli_json_add_number (JsonBuilder *builder,
                                  double       value);

/* The same as the member @key of the object being built. */
void     isc_cli_json_add_member (JsonBuilder *builder,
                                  const char  *key,
                                  double       value);

/* Splits "a,b,c" into doubles; FALSE unless exactly @n numbers parse. */
gboolean isc_cli_parse_doubles (const char *text,
                                double     *out,
                                guint       n);

/* Loads the ion data at @data_path and, when @ranges_path is not NULL, the ranges (else *@set_out
 * is NULL). Returns 0 with the outputs set (owned by the caller), or prints the error on one
 * line and returns the exit status with both outputs NULL. */
int      isc_cli_load_data    (const char   *data_path,
                               const char   *ranges_path,
                               IscIonCloud **cloud_out,
                               IscRangeSet **set_out);

/* isc_cli_load_data (), then the ranges (when given) fill the cloud's ion types. */
int      isc_cli_load_ranged  (const char   *data_path,
                               const char   *ranges_path,
                               IscIonCloud **cloud_out,
                               IscRangeSet **set_out);

/* The option every command that loads a project takes: "--allow-outside" sets *@allow. */
#define ISC_CLI_ALLOW_OUTSIDE_ENTRY(allow) \
  { "allow-outside", 0, 0, G_OPTION_ARG_NONE, (allow), \
    "Read data files the project names outside its folder", NULL }

/* Loads the project at @path, refusing one that names data files outside its folder unless
 * @allow_outside (a project from elsewhere must not make the CLI read /etc/passwd or quote it).
 * Returns 0 with *@project_out set (owned by the caller), or prints the error on one line and
 * returns the exit status. */
int      isc_cli_open_project (const char   *path,
                               gboolean      allow_outside,
                               IscProject  **project_out);

/* isc_cli_open_project (), then computes the ratios of sites that lack them; when any were
 * computed and @save is TRUE, writes them back into the file as an automatic save (never
 * fewer conditions, sites or datasets than were loaded; a failure there is only a warning: the
 * numbers are right either way). */
int      isc_cli_load_project (const char   *path,
                               gboolean      save,
                               gboolean      allow_outside,
                               IscProject  **project_out);

G_END_DECLS
