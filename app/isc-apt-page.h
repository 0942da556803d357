/* isc-apt-page.h: the APT workspace — ion map, species, mass spectrum, composition and analysis
 * of one reconstruction with its ranges.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "isc-page.h"

#include "analysis-panel.h"
#include "composition.h"
#include "composition-table.h"
#include "species-list.h"
#include "spatial-panel.h"
#include "ion-view.h"
#include "multihit-view.h"
#include "ion-cloud.h"
#include "range-set.h"

G_BEGIN_DECLS

#define ISC_TYPE_APT_PAGE (isc_apt_page_get_type ())
G_DECLARE_FINAL_TYPE (IscAptPage, isc_apt_page, ISC, APT_PAGE, GtkWidget)

GtkWidget         *isc_apt_page_new             (void);

/* Shows @cloud (ranged with @ranges) and its @composition. Takes ownership of all three
 * (@ranges and @composition may be NULL for unranged data). */
void               isc_apt_page_set_data        (IscAptPage     *self,
                                                 IscIonCloud    *cloud,
                                                 IscRangeSet    *ranges,
                                                 IscComposition *composition);

IscIonCloud       *isc_apt_page_get_cloud       (IscAptPage *self);
const IscRangeSet *isc_apt_page_get_ranges      (IscAptPage *self);
const IscComposition *isc_apt_page_get_composition (IscAptPage *self);

/* Exports the spectrum when its tab is in front, else the ion map (PNG with legend and scale
 * bar), asking where first. */
void               isc_apt_page_export_figure   (IscAptPage *self);

/* Brings a side tab to the front: "spectrum", "composition" or "analysis". */
void               isc_apt_page_show_tab        (IscAptPage *self,
                                                 const char *name);

const char        *isc_apt_page_get_tab         (IscAptPage *self);
IscIonView        *isc_apt_page_get_ion_view    (IscAptPage *self);

/* Adds a cylinder region along the needle axis (the analyses follow it). */
void               isc_apt_page_add_cylinder    (IscAptPage *self);

/* The title shown above the page, as given. */
void               isc_apt_page_set_title       (IscAptPage *self,
                                                 const char *title);
/* Titles the page after where its data belong: "300 cycles · R1 · specimen-1.pos" for a file of a
 * project site; @condition and @site may be NULL (a file opened on its own shows its name). */
void               isc_apt_page_set_source      (IscAptPage *self,
                                                 const char *condition,
                                                 const char *site,
                                                 const char *file);
const char        *isc_apt_page_get_title       (IscAptPage *self);

/* The composition tab's table (it counts the ions of the current region). */
IscCompositionTable *isc_apt_page_get_composition_table (IscAptPage *self);
IscAnalysisPanel  *isc_apt_page_get_analysis_panel (IscAptPage *self);
IscSpatialPanel   *isc_apt_page_get_spatial_panel (IscAptPage *self);
IscSpeciesList    *isc_apt_page_get_species_list (IscAptPage *self);
/* The Spectrum tab's view: "spectrum", "correlation" (multiple hits) or "detector". */
const char        *isc_apt_page_get_spectrum_view_name (IscAptPage *self);
IscMultihitView   *isc_apt_page_get_multihit_view (IscAptPage          *self,
                                                  IscMultihitViewKind  kind);

G_END_DECLS
