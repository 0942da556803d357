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
  gsize    stride;                              /* 1, or every stride-th ion of a sample */
  double   prepare_ms;                          /* time this batch took to build */
} IscPointBatch;

/* Builds the batch (6 bytes per ion). Callable from any thread; reads @cloud only. Fails
 * with G_IO_ERROR_CANCELLED, or ISC_RENDER_ERROR when memory runs out. */
IscPointBatch *isc_point_batch_new  (const IscIonCloud *cloud,
                                     GCancellable      *cancellable,
                                     GError           **error);
/* A batch of every k-th ion only, k chosen so that at most @max_ions remain (0: all of them),
 * for a first picture of a large cloud within a second of its load; the full batch follows. */
IscPointBatch *isc_point_batch_new_sample (const IscIonCloud *cloud,
                                           gsize              max_ions,
                                           GCancellable      *cancellable,
                                           GError           **error);
void           isc_point_batch_free (IscPointBatch     *batch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscPointBatch, isc_point_batch_free)

G_END_DECLS
