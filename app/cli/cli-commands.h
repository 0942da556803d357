/* cli-commands.h: the subcommands of ionscape-cli, one file each (cmd-NAME.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cli-util.h"

G_BEGIN_DECLS

/* Add one declaration per subcommand, and its row in cli-main.c's table. */
int isc_cli_cmd_info        (int argc, char **argv);
int isc_cli_cmd_composition (int argc, char **argv);
int isc_cli_cmd_spectrum    (int argc, char **argv);
int isc_cli_cmd_gradient    (int argc, char **argv);
int isc_cli_cmd_profile (int argc, char **argv);
int isc_cli_cmd_fda     (int argc, char **argv);
int isc_cli_cmd_image_info   (int argc, char **argv);
int isc_cli_cmd_line_profile (int argc, char **argv);
int isc_cli_cmd_core_shell (int argc, char **argv);
int isc_cli_cmd_disorder   (int argc, char **argv);
int isc_cli_cmd_fft          (int argc, char **argv);
int isc_cli_cmd_demo        (int argc, char **argv);
int isc_cli_cmd_cycling (int    argc,
                         char **argv);
int isc_cli_cmd_figure  (int    argc,
                         char **argv);
int isc_cli_cmd_render  (int argc, char **argv);
/* Spatial analyses (cmd-voxel.c … cmd-rdf.c, sharing cli-spatial.c). */
int isc_cli_cmd_voxel      (int argc, char **argv);
int isc_cli_cmd_map        (int argc, char **argv);
int isc_cli_cmd_isosurface (int argc, char **argv);
int isc_cli_cmd_proxigram  (int argc, char **argv);
int isc_cli_cmd_cluster    (int argc, char **argv);
int isc_cli_cmd_nn         (int argc, char **argv);
int isc_cli_cmd_rdf        (int argc, char **argv);

G_END_DECLS
