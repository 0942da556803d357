/* isosurface.h: isoconcentration surfaces of a voxel grid (marching tetrahedra: each cube of
 * voxel centres is cut into the six tetrahedra around its main diagonal, which gives closed,
 * crack-free surfaces without the ambiguous cases of the marching-cubes table), their area,
 * enclosed volume and ions, PLY/STL export, and the proxigram (Hellman et al. 2000).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ion-cloud.h"
#include "range-set.h"
#include "roi.h"
#include "spatial-common.h"
#include "voxel.h"

G_BEGIN_DECLS

typedef struct
{
  guint    id;           /* 0, 1, … */
  guint    n_triangles;
  double   area;         /* nm² */
  double   volume;       /* nm³ enclosed (for an open surface: with the grid's faces as lids) */
  gboolean closed;       /* FALSE when the surface runs into the edge of the grid */
  guint64  n_ions;       /* ranged ions in the region the surface encloses (by voxel) */
  guint64  atoms;        /* their atoms (molecular ions decomposed) */
  guint64 *counts;       /* atoms per element (IscIsosurface.elements), NULL before counting */
} IscSurfaceInfo;

/* One mesh for all surfaces; triangles point outwards (from the side above the threshold to
 * the side below). The field (the quantity on the voxel centres, empty voxels as 0) is kept so
 * that points can be classified exactly as the mesh cuts space. */
typedef struct
{
  double           threshold;     /* fraction (0 … 1) or ratio */
  char            *quantity;
  guint            n_vertices;
  float           *vertices;      /* 3 per vertex, nm */
  guint            n_triangles;
  guint32         *triangles;     /* 3 vertex indices per triangle */
  guint32         *surface_of;    /* surface of each triangle */
  guint            n_surfaces;
  IscSurfaceInfo  *surfaces;

  /* The field with one layer of padding (value 0) around the grid. */
  guint            pdims[3];
  double           origin[3];     /* nm, position of padded point (0, 0, 0) */
  double           bin;
  float           *field;

  /* Regions above the threshold (connected as the tetrahedra connect them): label per padded
   * point (−1 below), and the region each surface bounds. */
  gint32          *label;
  guint            n_regions;
  guint32         *region_of;     /* n_surfaces */

  guint            n_elements;    /* after isc_isosurface_count_ions () */
  char           **elements;
} IscIsosurface;

/* Surfaces of @quantity at @threshold (a fraction 0 … 1 or a ratio, > 0) on @grid. Errors
 * (ISC_ANALYSIS_ERROR): a threshold ≤ 0 or not finite. Cancellable. No surfaces is a valid,
 * empty result. */
IscIsosurface *isc_isosurface_compute   (const IscVoxelGrid *grid,
                                         const IscQuantity  *quantity,
                                         double              threshold,
                                         GCancellable       *cancellable,
                                         GError            **error);
void           isc_isosurface_free      (IscIsosurface *surface);

/* Counts the ranged ions of @cloud inside @roi (NULL: all) in the region of each surface, and
 * their atoms per element of @ranges (fills surfaces[].n_ions, atoms, counts and elements). */
gboolean       isc_isosurface_count_ions (IscIsosurface      *surface,
                                          const IscIonCloud  *cloud,
                                          const IscRangeSet  *ranges,
                                          const IscRoi       *roi,
                                          GCancellable       *cancellable,
                                          GError            **error);

/* The field at @p interpolated linearly inside the tetrahedron that holds it (the same
 * interpolation the mesh follows: ≥ threshold exactly on the inside). */
double         isc_isosurface_field_at  (const IscIsosurface *surface,
                                         const double         p[3]);

/* Unit normals per vertex (3 floats each, pointing outwards: from above the threshold to
 * below), the area-weighted mean of the triangles around it; for lit drawing. Free with g_free. */
float         *isc_isosurface_vertex_normals (const IscIsosurface *surface);

/* Writes the mesh as ASCII PLY (vertices, faces, a per-face "surface" property) or binary STL,
 * chosen by the suffix of @path (.ply or .stl). */
gboolean       isc_isosurface_save      (const IscIsosurface *surface,
                                         const char          *path,
                                         GError             **error);

/* ---- proxigram ---- */

typedef struct
{
  double shell;      /* nm, shell width */
  double d_min;      /* nm, signed distance range: negative outside, positive inside */
  double d_max;
  gint   surface;    /* one surface id, or −1 for all */
  guint  n_workers;
} IscProxigramSettings;

/* Shell s covers [d_min + s · shell, d_min + (s + 1) · shell) of signed distance to the nearest
 * triangle (positive on the side above the threshold). Per-element arrays as IscProfile's. */
typedef struct
{
  guint     n_shells;
  guint     n_elements;
  char    **elements;
  double   *start;      /* nm */
  double   *end;        /* nm */
  guint64  *atoms;
  guint64  *counts;     /* n_shells × n_elements */
  double   *fraction;   /* NAN for empty shells */
  double   *sigma;
  guint64   n_ions;     /* ions that fell in a shell */
} IscProxigram;

void           isc_proxigram_settings_init (IscProxigramSettings *settings);
IscProxigram  *isc_proxigram_compute    (const IscIsosurface         *surface,
                                         const IscIonCloud           *cloud,
                                         const IscRangeSet           *ranges,
                                         const IscRoi                *roi,
                                         const IscProxigramSettings  *settings,
                                         GCancellable                *cancellable,
                                         IscProgressFunc              progress,
                                         gpointer                     progress_data,
                                         GError                     **error);
void           isc_proxigram_free       (IscProxigram *proxigram);
int            isc_proxigram_find_element (const IscProxigram *proxigram,
                                           const char         *symbol);
/* CSV: start_nm,end_nm,atoms,<El>_count,<El>_fraction,<El>_sigma,… Free with g_free. */
char          *isc_proxigram_to_csv     (const IscProxigram *proxigram);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscIsosurface, isc_isosurface_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscProxigram, isc_proxigram_free)

G_END_DECLS
