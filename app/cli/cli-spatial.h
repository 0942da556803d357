/* cli-spatial.h: what the spatial subcommands (voxel, map, isosurface, proxigram, cluster, nn,
 * rdf) share: their common options, loading, and JSON pieces.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cli-util.h"
#include "roi.h"
#include "spatial-common.h"
#include "isosurface.h"
#include "voxel.h"

G_BEGIN_DECLS

typedef struct
{
  char     *ranges_path;
  char     *roi_spec;
  gboolean  json;
  gboolean  csv;
} IscCliSpatial;

#define ISC_CLI_SPATIAL_ENTRIES(c) \
  { "ranges", 0, 0, G_OPTION_ARG_FILENAME, &(c).ranges_path, "Range file (.rrng, .rng, .env)", "RANGES" }, \
  { "roi", 0, 0, G_OPTION_ARG_STRING, &(c).roi_spec, "Region: cylinder:cx,cy,cz,ax,ay,az,radius,length, " \
    "box:x0,y0,z0,x1,y1,z1 or sphere:cx,cy,cz,r (nm)", "SPEC" }, \
  { "json", 0, 0, G_OPTION_ARG_NONE, &(c).json, "Print JSON", NULL }, \
  { "csv", 0, 0, G_OPTION_ARG_NONE, &(c).csv, "Print CSV (the default)", NULL }

void isc_cli_spatial_clear   (IscCliSpatial *c);

/* After option parsing: one DATA argument, --ranges, not both --json and --csv, the region;
 * then loads and ranges the data. Returns 0 or the exit status (the error printed). */
int  isc_cli_spatial_load    (const char     *command,
                              int             argc,
                              char          **argv,
                              IscCliSpatial  *c,
                              IscRoi         *roi,
                              IscIonCloud   **cloud,
                              IscRangeSet   **ranges);

/* "FROM:TO" in nm. */
gboolean isc_cli_parse_span  (const char *text,
                              double     *from,
                              double     *to);

/* A fraction threshold is given in at.% (40 → 0.40); a ratio as it is. */
double isc_cli_spatial_threshold (const IscQuantity *quantity,
                                  double             given);

/* Member @name: {El: atoms / total, …} over @elements (null values without atoms). */
void isc_cli_json_add_composition (JsonBuilder    *b,
                                   const char     *name,
                                   char          **elements,
                                   const guint64  *counts,
                                   guint64         atoms);

/* The string member @name. */
void isc_cli_json_add_string (JsonBuilder *b,
                              const char  *name,
                              const char  *value);


/* Voxelises (bin, delocalise), then the surfaces of @element (an element or ratio) at
 * @threshold (at.% for an element, else the ratio) with their ions. Returns NULL with the error
 * printed and *@status set. */
IscIsosurface *isc_cli_spatial_isosurface (const char        *command,
                                           const IscIonCloud *cloud,
                                           const IscRangeSet *ranges,
                                           const IscRoi      *roi,
                                           const char        *element,
                                           double             threshold,
                                           double             bin,
                                           double             delocalise,
                                           int               *status);
G_END_DECLS
