/* saed-plot.h: figures of an electron diffraction pattern — the azimuthal average against q,
 * d or radius with the found rings labelled and the chosen phases' reflections as ticks, and
 * the pattern itself (log intensity about its centre) with the rings drawn — for the CLI and
 * the diffraction page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "plot.h"
#include "saed.h"

G_BEGIN_DECLS

typedef enum
{
  ISC_SAED_PLOT_Q,        /* q = 1/d (nm⁻¹), the radius when uncalibrated */
  ISC_SAED_PLOT_D,        /* d (nm); needs a calibration */
} IscSaedPlotAxis;

typedef struct
{
  const IscSaedResult            *result;
  const IscCrystalPhase * const  *phases;     /* indexed against; ticks of each (may be NULL) */
  guint                           n_phases;
  const IscCrystalPhase          *standard;   /* the standard the calibration was fitted to, or NULL */
  double                          tolerance;  /* relative d mismatch of an indexed ring */
  double                          r_full;     /* px: the largest circle about the centre inside
                                               * the image (the corners average fewer angles) */
} IscSaedPlotInput;

/* The largest radius about (@cx, @cy) whose circle lies inside a @width × @height image. */
double   isc_saed_plot_full_radius  (guint width,
                                     guint height,
                                     double cx,
                                     double cy);

/* The label of ring @i: the standard's reflection it was fitted to ("Au 111") or its best
 * indexing over the phases ("rocksalt 200"), NULL when neither. Free with g_free. */
char    *isc_saed_plot_ring_label   (const IscSaedPlotInput *in,
                                     guint                   i);

/* The azimuthal average from the direct beam out to r_full (log intensity when positive), a
 * line at each ring with its label, and with @ticks the reflections of every phase below. */
IscPlot *isc_saed_plot_profile      (const IscSaedPlotInput *in,
                                     IscSaedPlotAxis         axis,
                                     gboolean                ticks);

/* Frame @frame of @image in (k_x, k_y) about the centre (k_y up; pixels without a
 * calibration), log intensity, binned to at most 512 columns, the rings as circles and the
 * centre as a cross. */
IscPlot *isc_saed_plot_pattern      (const IscImage         *image,
                                     guint                   frame,
                                     const IscSaedPlotInput *in);

/* Widens the x or y range of @plot so a unit is as long on both axes when drawn @width ×
 * @height (points or pixels): rings stay round. Draws a copy to learn the data area. */
void     isc_saed_plot_equal_aspect (IscPlot                *plot,
                                     double                  width,
                                     double                  height);

G_END_DECLS
