/* isc-tutorial.h: the guided tour of the demo project — a small window beside the main one,
 * one page per step, with Back, Next and "Show Me" (which does the step in the main window).
 *
 * Actions: tutorial.back, tutorial.next, tutorial.show-me.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The steps, in the order the tour shows them. */
typedef enum
{
  ISC_TUTORIAL_PROJECT,       /* open the demo project: the gradient page */
  ISC_TUTORIAL_SPECTRUM,      /* an APT specimen of the tour site, spectrum tab */
  ISC_TUTORIAL_RANGES,        /* widen the 7Li window; the data are ranged again */
  ISC_TUTORIAL_COMPOSITION,   /* composition tab */
  ISC_TUTORIAL_ION_MAP,       /* only Li shown in the map */
  ISC_TUTORIAL_PROFILES,      /* every species again, a cylinder, the analysis tab */
  ISC_TUTORIAL_SPATIAL,       /* 300 cycles · R2: Li isosurfaces and clusters on the lines */
  ISC_TUTORIAL_SITE,          /* the site page: ion map beside the STEM image */
  ISC_TUTORIAL_REGISTER,      /* 300 cycles · R2 in Register mode: its landmarks fitted */
  ISC_TUTORIAL_LATTICE,       /* the STEM image alone: a line across the planes, an FFT spot */
  ISC_TUTORIAL_GRADIENT,      /* the gradient page */
  ISC_TUTORIAL_CAPACITY,      /* the full cell's capacity and efficiency */
  ISC_TUTORIAL_RETENTION,     /* its retention against cycle 3, the first after formation */
  ISC_TUTORIAL_IN_SITU,       /* the heating series with its core/shell analysis */
  ISC_TUTORIAL_XRD,           /* the in situ XRD heating series: 19.5° → 18.5° from ~200 °C */
  ISC_TUTORIAL_THERMAL,       /* TGA/DTA with and without LiOH: lithiation before decomposition */
  ISC_TUTORIAL_EIS,           /* impedance before and after 100 cycles: R_ct 80 → 150 Ω */
  ISC_TUTORIAL_EXPORT,        /* the export dialog for the gradient figure */
  ISC_TUTORIAL_N_STEPS
} IscTutorialStep;

#define ISC_TYPE_TUTORIAL (isc_tutorial_get_type ())
G_DECLARE_FINAL_TYPE (IscTutorial, isc_tutorial, ISC, TUTORIAL, GtkWindow)

/* Number of steps in the tour, and the (translated) title of step @index. */
guint       isc_tutorial_get_n_steps  (void);
const char *isc_tutorial_get_title    (guint index);
/* The (translated) text of step @index. */
const char *isc_tutorial_get_body     (guint index);

/* Performs step @index on the demo project ("Show Me"). */
typedef void (*IscTutorialStepFunc) (guint    index,
                                     gpointer user_data);

/* Shows the tour beside @parent (not modal, so the user can follow each step). "Show Me"
 * calls @show_step (may be NULL: the button is then hidden). The window is owned by GTK's
 * list of toplevels, as any window. */
GtkWindow  *isc_tutorial_show         (GtkWindow           *parent,
                                       IscTutorialStepFunc  show_step,
                                       gpointer             user_data);

/* The step shown (0-based), and going to one. */
guint       isc_tutorial_get_step     (IscTutorial *self);
void        isc_tutorial_set_step     (IscTutorial *self,
                                       guint        index);

G_END_DECLS
