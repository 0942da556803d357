/* cli-figure-options.h: the figure options every command that writes a figure shares —
 * `--width single|1.5|double|LENGTH`, `--width-mm`, `--height-mm`, `--font-pt`, `--dpi`,
 * `--background` — turned into one IscFigureOptions (figure-options.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "figure-options.h"

G_BEGIN_DECLS

typedef struct
{
  char   *width;        /* preset name or a length ("90", "90mm", "3.5in") */
  double  width_mm;     /* NAN: not given */
  double  height_mm;
  double  font_pt;
  double  dpi;
  char   *background;   /* white|black|transparent */
} IscCliFigureArgs;

void          isc_cli_figure_args_init    (IscCliFigureArgs *args);
void          isc_cli_figure_args_clear   (IscCliFigureArgs *args);
/* Adds the entries to @context's main group; @args must outlive the parse. */
void          isc_cli_figure_args_add     (IscCliFigureArgs *args,
                                           GOptionContext   *context);
/* Fills @options from the defaults (@width_mm: 0 for the single column; @aspect: height/width)
 * and what was given. FALSE with a message on stderr, prefixed by @command, when it makes no sense. */
gboolean      isc_cli_figure_args_resolve (const IscCliFigureArgs *args,
                                           const char             *command,
                                           double                  width_mm,
                                           double                  aspect,
                                           IscFigureOptions       *options);

G_END_DECLS
