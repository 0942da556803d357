/* voxel.h: atoms per element on a cubic grid (voxelisation), with optional Gaussian
 * delocalisation (Hellman et al., Microsc. Microanal. 6 (2000) 437), and 2D concentration maps
 * of a slab.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ion-cloud.h"
#include "profile.h"
#include "range-set.h"
#include "roi.h"
#include "spatial-common.h"

G_BEGIN_DECLS

#define ISC_VOXEL_MAX_VOXELS (64u * 1024 * 1024)

typedef struct
{
  double bin;          /* nm, voxel edge */
  double delocalise;   /* nm, σ of the Gaussian each voxel's atoms are spread with; 0: none */
  double min_atoms;    /* voxels holding fewer (delocalised) atoms are empty: NAN, not 0 % */
  guint  n_workers;    /* 0: isc_ion_pass_default_workers () */
} IscVoxelSettings;

/* Voxel (i, j, k) covers origin + [i, i + 1) · bin along x (j along y, k along z); its index is
 * (k · dims[1] + j) · dims[0] + i. Counts are atoms (molecular ions decomposed), delocalised
 * when delocalise > 0 (then no longer integers). */
typedef struct
{
  guint     dims[3];
  double    origin[3];     /* nm */
  double    bin;           /* nm */
  double    delocalise;    /* nm */
  double    min_atoms;
  guint     n_elements;
  char    **elements;      /* NULL-terminated, range-set order */
  float    *counts;        /* n_voxels × n_elements, element e of voxel v at [v · n_elements + e] */
  float    *atoms;         /* n_voxels: all atoms */
  guint64   n_ions;        /* ranged ions counted (inside the region) */
  guint64   n_atoms;
} IscVoxelGrid;

void          isc_voxel_settings_init     (IscVoxelSettings *settings);

/* Voxelises the ranged ions of @cloud (ion_type filled) inside @roi (NULL: all) over the box
 * that holds them. Errors (ISC_ANALYSIS_ERROR): a bin ≤ 0 or larger than the data, too many
 * voxels, unranged data. Cancellable; callable from a worker thread. */
IscVoxelGrid *isc_voxel_grid_compute      (const IscIonCloud       *cloud,
                                           const IscRangeSet       *ranges,
                                           const IscRoi            *roi,
                                           const IscVoxelSettings  *settings,
                                           GCancellable            *cancellable,
                                           IscProgressFunc          progress,
                                           gpointer                 progress_data,
                                           GError                 **error);
void          isc_voxel_grid_free         (IscVoxelGrid *grid);

static inline gsize
isc_voxel_grid_get_n_voxels (const IscVoxelGrid *grid)
{
  return (gsize) grid->dims[0] * grid->dims[1] * grid->dims[2];
}

/* @quantity per voxel (n_voxels floats, NAN for empty voxels; free with g_free). */
float        *isc_voxel_grid_quantity     (const IscVoxelGrid *grid,
                                           const IscQuantity  *quantity);

/* Voxels that are not empty. */
gsize         isc_voxel_grid_count_filled (const IscVoxelGrid *grid);

/* CSV of the non-empty voxels: i,j,k,x_nm,y_nm,z_nm (centre),atoms,<El>_count…,<El>_fraction…
 * Free with g_free. */
char         *isc_voxel_grid_to_csv       (const IscVoxelGrid *grid);

/* ---- 2D concentration maps ---- */

typedef struct
{
  IscProfileAxis axis;       /* slab normal: x, y, z or the region's axis */
  double         from;       /* nm along the axis (from the region's axis origin for roi) */
  double         to;         /* nm, > from */
  double         bin;        /* nm, pixel edge */
  double         min_atoms;  /* pixels with fewer denominator atoms are empty (NAN) */
  guint          n_workers;
} IscConcMapSettings;

/* Pixel (i, j) at [j · width + i] covers u0 + [i, i + 1) · bin along u and v0 + [j, j + 1) · bin
 * along v; u and v are perpendicular to the axis (x: u = y, v = z; y: u = x, v = z; z: u = x,
 * v = y; roi: a right-handed pair). */
typedef struct
{
  guint     width;
  guint     height;
  double    u0;
  double    v0;
  double    bin;
  double    u_dir[3];
  double    v_dir[3];
  char     *quantity;    /* as parsed */
  guint64  *num;         /* numerator atoms per pixel */
  guint64  *den;         /* denominator atoms per pixel */
  double   *value;       /* fraction or ratio; NAN when empty */
  double   *sigma;       /* counting error; NAN when empty */
  guint64   n_atoms;     /* denominator atoms in the slab */
} IscConcMap;

void          isc_conc_map_settings_init  (IscConcMapSettings *settings);
IscConcMap   *isc_conc_map_compute        (const IscIonCloud         *cloud,
                                           const IscRangeSet         *ranges,
                                           const IscRoi              *roi,
                                           const IscQuantity         *quantity,
                                           const IscConcMapSettings  *settings,
                                           GCancellable              *cancellable,
                                           IscProgressFunc            progress,
                                           gpointer                   progress_data,
                                           GError                   **error);
void          isc_conc_map_free           (IscConcMap *map);
/* CSV: u_nm,v_nm (pixel centres),num_atoms,den_atoms,value,sigma, one row per pixel, "nan" for
 * empty ones. Free with g_free. */
char         *isc_conc_map_to_csv         (const IscConcMap *map);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscVoxelGrid, isc_voxel_grid_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscConcMap, isc_conc_map_free)

G_END_DECLS
