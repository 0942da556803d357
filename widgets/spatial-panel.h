/* spatial-panel.h: the spatial analyses of a region (concentration map, isosurfaces with their
 * proxigram, clusters, nearest neighbours and RDF), each computed off the main thread in its
 * own IscTaskSlot and shown as plots and tables that export the model's CSV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cluster.h"
#include "isosurface.h"
#include "neighbours.h"
#include "voxel.h"

G_BEGIN_DECLS

typedef enum
{
  ISC_SPATIAL_MAP,
  ISC_SPATIAL_ISOSURFACE,
  ISC_SPATIAL_CLUSTERS,
  ISC_SPATIAL_NEIGHBOURS,
  ISC_SPATIAL_N_SECTIONS
} IscSpatialSection;

/* The results of the last completed computations (owned by the panel; NULL before one, or after
 * an error), and how the 3D map should draw them. The isosurface may come from the coarse grid
 * while its slider moves. */
typedef struct
{
  const IscConcMap       *conc_map;
  const IscIsosurface    *isosurface;
  const float            *isosurface_normals; /* 3 floats per vertex, for the 3D map */
  const IscProxigram     *proxigram;
  const IscClusterResult *clusters;
  const IscNnResult      *nn;
  const IscRdfResult     *rdf;
  gboolean                show_surfaces;
  gboolean                colour_clusters;
  gboolean                hide_non_cluster;   /* hide the ions of no cluster */
} IscSpatialResults;

#define ISC_TYPE_SPATIAL_PANEL (isc_spatial_panel_get_type ())
G_DECLARE_FINAL_TYPE (IscSpatialPanel, isc_spatial_panel, ISC, SPATIAL_PANEL, GtkWidget)

GtkWidget              *isc_spatial_panel_new             (void);
/* The ranged cloud (a reference is taken) and its range set (copied). NULL @cloud clears. */
void                    isc_spatial_panel_set_data        (IscSpatialPanel   *self,
                                                           IscIonCloud       *cloud,
                                                           const IscRangeSet *ranges);
/* The region (copied); NULL means the whole dataset. Recomputes the sections shown. */
void                    isc_spatial_panel_set_roi         (IscSpatialPanel   *self,
                                                           const IscRoi      *roi);
/* Starts (or restarts) the computation of @section with the settings shown. */
void                    isc_spatial_panel_compute         (IscSpatialPanel   *self,
                                                           IscSpatialSection  section);
/* Opens (or closes) @section as its expander does; an open section computes. */
void                    isc_spatial_panel_set_section_expanded (IscSpatialPanel   *self,
                                                                IscSpatialSection  section,
                                                                gboolean           expanded);
/* Settings of the isosurface and cluster sections (also editable in the panel); each starts a
 * computation. @threshold is in % (at.% for an element). */
void                    isc_spatial_panel_set_isosurface_settings (IscSpatialPanel *self,
                                                                   const char      *quantity,
                                                                   double           threshold,
                                                                   double           bin,
                                                                   double           delocalise);
void                    isc_spatial_panel_set_cluster_settings (IscSpatialPanel *self,
                                                                const char      *solutes,
                                                                double           d_max,
                                                                guint            n_min,
                                                                double           envelope,
                                                                double           erosion);
/* TRUE while any computation is queued or runs (the "busy" property). */
gboolean                isc_spatial_panel_is_busy         (IscSpatialPanel   *self);
IscSpatialResults       isc_spatial_panel_get_results     (IscSpatialPanel   *self);
/* Colour of surface or cluster @index (r, g, b in 0..1), as the tables and the map show it. */
void                    isc_spatial_panel_get_item_color  (guint              index,
                                                           float              rgb[3]);
/* Selects cluster @id in the table (the "cluster-selected" signal follows). */
void                    isc_spatial_panel_select_cluster  (IscSpatialPanel   *self,
                                                           guint              id);

G_END_DECLS
