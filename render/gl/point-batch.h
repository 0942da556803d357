/* point-batch.h: the CPU side of uploading an ion cloud to the point renderer — ions grouped
 * by species, positions quantised to 16 bits over the cloud's bounds, each species in a fixed
 * random order (so any prefix is a representative subsample). Needs no GL context: build it
 * on a worker thread, then hand it to isc_point_renderer_set_batch () on the GL thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ion-cloud.h"

G_BEGIN_DECLS

#define ISC_POINT_BATCH_N_SPECIES 256

typedef struct
{
  guint16 *vertices;                            /* 3 × guint16 (x, y, z) per ion: the GPU's
                                                 * own layout, copied as it is */
  gsize    n_vertices;
  gsize    counts[ISC_POINT_BATCH_N_SPECIES];   /* ions per species (255: unranged) */
  gsize    offsets[ISC_POINT_BATCH_N_SPECIES];  /* first vertex of each species */
  float    origin[3];                           /* nm: position of quantised 0 */
  float    extent[3];                           /* nm: span of quantised 0..65535 */
  float    bounds_min[3];                       /* nm */
  float    bounds_max[3];                       /* nm */
  gboolean untyped;                             /* the cloud had no ion types */
  gsize    stride;                              /* 1, or about 1 in stride ions (a sample) */
  gboolean preview;                             /* a first picture, the detail to follow */
  double   prepare_ms;                          /* time this batch took to build */
} IscPointBatch;

/* Ions of the first picture of a large cloud. */
#define ISC_POINT_BATCH_PREVIEW_IONS 300000

/* The most ions the 3-D view draws: 2 × 10⁸, less where memory is under 12.8 GB (a 64th of
 * it: the batch and its GPU copy take 12 bytes an ion, and a mapped cloud wants the page
 * cache). A larger cloud is drawn from an even sample of this many; analyses use every ion.
 * IONSCAPE_VIEW_MAX_IONS sets it. */
gsize          isc_point_batch_detail_limit (void);

/* Builds the batch (6 bytes per ion). Callable from any thread; reads @cloud only. Fails
 * with G_IO_ERROR_CANCELLED, or ISC_RENDER_ERROR when memory runs out. */
IscPointBatch *isc_point_batch_new  (const IscIonCloud *cloud,
                                     GCancellable      *cancellable,
                                     GError           **error);
/* A batch of at most @max_ions (0: all of them), for a first picture of a large cloud within a
 * second of its load, or for a cloud larger than the view draws: runs of consecutive ions
 * spread evenly over the cloud (consecutive ions are recorded at about one depth, all over the
 * detector). Runs rather than every k-th ion: a mapped cloud then reads a page per run and
 * channel, not one per ion. */
IscPointBatch *isc_point_batch_new_sample (const IscIonCloud *cloud,
                                           gsize              max_ions,
                                           GCancellable      *cancellable,
                                           GError           **error);
void           isc_point_batch_free (IscPointBatch     *batch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscPointBatch, isc_point_batch_free)

G_END_DECLS
