/* cluster.h: maximum-separation cluster analysis (Vaumousse et al., Ultramicroscopy 95 (2003)
 * 215; Stephenson et al., Microsc. Microanal. 13 (2007) 448).
 *
 * Solute ions (ions holding at least one atom of a solute element) closer than d_max are linked;
 * linked sets of at least N_min solute ions are clusters. The envelope step adds every other
 * ion within L of a cluster's solute ions (to the nearest cluster); erosion removes the added
 * ions lying within E of an ion outside every cluster.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ion-cloud.h"
#include "range-set.h"
#include "roi.h"

G_BEGIN_DECLS

typedef struct
{
  const char * const *solutes;   /* element symbols, NULL-terminated */
  double              d_max;     /* nm, > 0 */
  guint               n_min;     /* solute ions, ≥ 1 */
  double              envelope;  /* nm, L; 0: none */
  double              erosion;   /* nm, E; 0: none */
  guint               n_workers; /* 0: default */
} IscClusterSettings;

typedef struct
{
  guint     id;
  guint64   solute_ions;   /* linked solute ions (what N_min counts) */
  guint64   solute_atoms;  /* atoms of the solute elements in the cluster */
  guint64   ions;          /* after envelope and erosion */
  guint64   atoms;
  guint64  *counts;        /* atoms per element (result->elements) */
  double    centre[3];     /* nm, mean position of the cluster's ions */
  double    rg;            /* nm, radius of gyration of the solute ions about their centre */
  double    guinier;       /* nm, sqrt (5/3) · rg: the radius of a uniform sphere with that rg */
} IscCluster;

typedef struct
{
  guint64 solute_atoms;
  guint   n_clusters;
} IscClusterSize;

typedef struct
{
  guint            n_elements;
  char           **elements;        /* NULL-terminated */
  char           **solutes;
  double           d_max, envelope, erosion;
  guint            n_min;

  guint            n_clusters;
  IscCluster      *clusters;
  guint            n_sizes;
  IscClusterSize  *sizes;           /* size distribution, ascending solute atoms */

  guint64          matrix_ions;     /* ranged ions of the region outside every cluster */
  guint64          matrix_atoms;
  guint64         *matrix_counts;   /* per element */
  guint64          solute_ions;     /* solute ions in the region */

  /* The ions of every cluster (after envelope and erosion), so views can colour them: 8 bytes
   * per member and nothing per other ion, whatever the size of the cloud. */
  gsize            n_members;
  guint32         *member_ions;     /* ion indices, ascending */
  guint32         *member_cluster;  /* the cluster id of member_ions[k] */
} IscClusterResult;

void              isc_cluster_settings_init (IscClusterSettings *settings);

/* Clusters among the ranged ions of @cloud (ion_type filled) inside @roi (NULL: all). Errors
 * (ISC_ANALYSIS_ERROR, one line): d_max ≤ 0, N_min = 0, negative L or E, no solute element, an
 * element not in the ranges. No clusters is a valid, empty result. Cancellable. */
IscClusterResult *isc_cluster_compute       (const IscIonCloud         *cloud,
                                             const IscRangeSet         *ranges,
                                             const IscRoi              *roi,
                                             const IscClusterSettings  *settings,
                                             GCancellable              *cancellable,
                                             IscProgressFunc            progress,
                                             gpointer                   progress_data,
                                             GError                   **error);
void              isc_cluster_result_free   (IscClusterResult *result);

/* The cluster id of ion @ion of the cloud, or −1 when it lies in no cluster (a binary search
 * of the members). */
gint32            isc_cluster_result_label  (const IscClusterResult *result,
                                             gsize                   ion);

/* Atomic fraction of element @e in @cluster (NAN without atoms). */
double            isc_cluster_fraction      (const IscClusterResult *result,
                                             const IscCluster       *cluster,
                                             guint                   e);

/* CSV: id,solute_ions,solute_atoms,ions,atoms,x_nm,y_nm,z_nm,rg_nm,guinier_radius_nm,<El>_fraction…
 * Free with g_free. */
char             *isc_cluster_result_to_csv (const IscClusterResult *result);

/* The result as JSON: {"clusters": [{"id", "solute_atoms", "solute_ions", "atoms", "ions",
 * "composition": {El: fraction}, "centre_nm": [x, y, z], "rg_nm", "guinier_radius_nm"}],
 * "matrix": {"ions", "atoms", "composition"}, "size_distribution": [{"solute_atoms",
 * "clusters"}], "parameters": {"elements", "dmax_nm", "dmax_auto", "nmin", "envelope_nm",
 * "erosion_nm", "roi", "solute_ions"}}; undefined numbers are null. @dmax_auto says d_max came
 * from the neighbour distribution; @roi_text is the region's spec (NULL: "all"). `ionscape-cli
 * cluster --json` prints it and the spatial panel exports it. */
JsonNode         *isc_cluster_result_to_json_node (const IscClusterResult *result,
                                                   gboolean                dmax_auto,
                                                   const char             *roi_text);
/* The same, pretty-printed with a final newline. Free with g_free. */
char             *isc_cluster_result_to_json      (const IscClusterResult *result,
                                                   gboolean                dmax_auto,
                                                   const char             *roi_text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscClusterResult, isc_cluster_result_free)

G_END_DECLS
