/* demo-insitu.h: a synthetic in situ heating TEM series of an NCM622 precursor particle.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "image.h"

G_BEGIN_DECLS

#define ISC_DEMO_INSITU_SIZE         256     /* pixels per side */
#define ISC_DEMO_INSITU_PIXEL_NM     2.0     /* nm per pixel */
#define ISC_DEMO_INSITU_T_START      150.0   /* °C, first frame */
#define ISC_DEMO_INSITU_T_STEP       10.0    /* °C between frames */
#define ISC_DEMO_INSITU_FRAMES       31      /* 150 … 450 °C */
#define ISC_DEMO_INSITU_CENTRE_X_NM  262.0   /* particle centre, nm */
#define ISC_DEMO_INSITU_CENTRE_Y_NM  250.0
#define ISC_DEMO_INSITU_RADIUS_NM    200.0   /* outer radius */
#define ISC_DEMO_INSITU_SHELL_NM     40.0    /* reacting shell */
#define ISC_DEMO_INSITU_ONSET_C      240.0   /* the core–shell contrast starts here */
#define ISC_DEMO_INSITU_REFERENCE_C  170.0

/* Relative change of the negative intensity (mass-thickness) the generator gives the shell and
 * the core at @temperature (°C): 0 up to ISC_DEMO_INSITU_ONSET_C, then piecewise linear through
 * +8 % / −5 % at 300 °C to +15 % / −10 % at 450 °C. */
void      isc_demo_insitu_change (double  temperature,
                                  double *shell,
                                  double *core);

/* The heating series (6 °C/min in O2, one frame every 10 °C from 150 to 450 °C): a bright
 * background and a dark spherical particle (negative intensity ∝ its projected thickness),
 * whose shell darkens and core lightens from ~240 °C; Poisson shot noise from ISC_DEMO_SEED.
 * Calibrated in nm; stored type uint16; frame i at ISC_DEMO_INSITU_T_START + i × step. */
IscImage *isc_demo_insitu_series (void);

/* Writes DIR/insitu/ncm622-heating.tif (calibrated multi-frame TIFF) and
 * DIR/insitu/ncm622-heating.json (temperatures and particle geometry, see
 * isc_core_shell_read_json). */
gboolean  isc_demo_write_insitu  (const char    *dir,
                                  GCancellable  *cancellable,
                                  GError       **error);

G_END_DECLS
