/* cli-commands.h: the subcommands of ionscape-cli, one file each (cmd-NAME.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "background.h"
#include "composition.h"
#include "cli-util.h"
#include "figure-options.h"

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
int isc_cli_cmd_eis     (int argc, char **argv);
/* X-ray diffraction patterns and series (cmd-xrd.c). */
int isc_cli_cmd_xrd     (int argc, char **argv);
/* Selected-area electron diffraction (cmd-saed.c). */
int isc_cli_cmd_saed    (int argc, char **argv);
int isc_cli_cmd_export  (int argc, char **argv);
/* The column caches of large files (cmd-cache.c). */
int isc_cli_cmd_cache   (int argc, char **argv);
int isc_cli_cmd_thermal (int argc, char **argv);   /* thermal analysis (cmd-thermal.c) */
/* Spatial analyses (cmd-voxel.c … cmd-rdf.c, sharing cli-spatial.c). */
int isc_cli_cmd_voxel      (int argc, char **argv);
int isc_cli_cmd_map        (int argc, char **argv);
int isc_cli_cmd_isosurface (int argc, char **argv);
int isc_cli_cmd_proxigram  (int argc, char **argv);
int isc_cli_cmd_cluster    (int argc, char **argv);
int isc_cli_cmd_nn         (int argc, char **argv);
int isc_cli_cmd_rdf        (int argc, char **argv);
/* Mass-spectrum quantification (cmd-isotopes.c, cmd-multihit.c, cmd-detector-map.c). */
int isc_cli_cmd_isotopes     (int argc, char **argv);
int isc_cli_cmd_multihit     (int argc, char **argv);
int isc_cli_cmd_detector_map (int argc, char **argv);
/* Electron energy-loss spectra (cmd-eels.c). */
int isc_cli_cmd_eels       (int argc, char **argv);
/* Correlative registration (cmd-register.c); the overlay figure of `figure --plot overlay`. */
int isc_cli_cmd_register   (int argc, char **argv);
/* A recipe of analyses over a project's datasets (cmd-batch.c). */
int isc_cli_cmd_batch      (int argc, char **argv);
int isc_cli_overlay_figure (const char             *project_path,
                            const char             *site,
                            const char             *element,
                            const char             *title,
                            const char             *out_path,
                            const IscFigureOptions *options,
                            gboolean                allow_outside);
/* --background LO:HI[,…] and --background-model of spectrum and composition (cmd-spectrum.c):
 * returns 0 with *@bg fitted (NULL without windows), or prints the error and returns 1. */
int isc_cli_fit_background (const char         *command,
                            const IscIonCloud  *cloud,
                            const guint8       *selected,
                            const char         *windows_text,
                            const char         *model_text,
                            IscBackground     **bg);
/* --decompose [--background … --background-model …] of profile and fda (cmd-spectrum.c): 0 with
 * *@d the decomposition (NULL without --decompose), or prints the error and returns 1. */
int isc_cli_decomposition  (const char         *command,
                            const IscIonCloud  *cloud,
                            const IscRangeSet  *ranges,
                            gboolean            decompose,
                            const char         *windows_text,
                            const char         *model_text,
                            IscDecomposition  **d);

G_END_DECLS
