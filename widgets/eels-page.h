/* eels-page.h: the page of an energy-loss spectrum, line scan or spectrum image — the (sum)
 * spectrum with the edges of the table marked, each edge's fitted power-law background and
 * integration window drawn, a table of the edges (onset, L3, L2, L3/L2 and how it was
 * measured, background A and r), the choice of the white-line method; for a line scan or a
 * spectrum image, L3/L2, the L3 shift and t/λ as profiles along the line beside the HAADF image
 * acquired with it (from the file, or given by the site) with the scan line drawn on it.
 *
 * Reading and analysis run in a worker (isc-task-slot.h): the latest request wins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "eels.h"
#include "image.h"
#include "isc-dataset-page.h"

G_BEGIN_DECLS

typedef enum
{
  ISC_EELS_PROFILE_RATIO,     /* L3/L2 of every L2,3 edge found */
  ISC_EELS_PROFILE_L3_SHIFT,  /* L3 position relative to its mean along the line, eV */
  ISC_EELS_PROFILE_THICKNESS, /* t/λ, where the spectra hold the zero-loss peak */
} IscEelsProfileKind;

#define ISC_TYPE_EELS_PAGE (isc_eels_page_get_type ())
G_DECLARE_FINAL_TYPE (IscEelsPage, isc_eels_page, ISC, EELS_PAGE, IscDatasetPage)

GtkWidget               *isc_eels_page_new              (void);
/* Reads @path (EMSA/MSA, DM3/DM4, EMD) and analyses it in a worker; an image acquired with it
 * in the same file becomes the survey image. */
void                     isc_eels_page_load             (IscEelsPage            *self,
                                                         const char             *path);
/* Shows @data (transfer full; NULL clears) and analyses it in a worker. */
void                     isc_eels_page_set_data         (IscEelsPage            *self,
                                                         IscEelsData            *data);
/* The HAADF image of the site (transfer full; NULL clears), shown with the scan line when the
 * file brings none of its own. */
void                     isc_eels_page_set_survey       (IscEelsPage            *self,
                                                         IscImage               *image);
void                     isc_eels_page_set_method       (IscEelsPage            *self,
                                                         IscEelsWhiteLineMethod  method);
void                     isc_eels_page_set_profile_kind (IscEelsPage            *self,
                                                         IscEelsProfileKind      kind);
/* The result of the edge of @element shown, or NULL. */
const IscEelsEdgeResult *isc_eels_page_get_edge         (IscEelsPage            *self,
                                                         const char             *element);

G_END_DECLS
