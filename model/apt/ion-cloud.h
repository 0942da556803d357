/* ion-cloud.h: the reconstructed APT point cloud, stored as a structure of arrays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "isc-error.h"

G_BEGIN_DECLS

#define ISC_ION_UNRANGED 255

/* Structure of arrays: no per-ion structs, no per-ion allocations. Positions are in nm,
 * mass-to-charge in Da. Extra channels (epos/apt) are NULL unless the file has them. */
typedef struct
{
  gsize    n_ions;

  float   *x;             /* nm */
  float   *y;             /* nm */
  float   *z;             /* nm, analysis (needle) direction */
  float   *mq;            /* Da */

  guint8  *ion_type;      /* index into the applied range set, ISC_ION_UNRANGED; NULL before ranging */

  /* Optional channels, only when the source file carries them. */
  float   *tof;           /* ns */
  float   *v_dc;          /* V */
  float   *v_pulse;       /* V */
  float   *det_x;         /* mm */
  float   *det_y;         /* mm */
  guint32 *pulse_delta;   /* pulses since the previous event */
  guint32 *multiplicity;  /* ions in the event (0 for the later ions of a multiple) */

  float    bounds_min[3]; /* nm */
  float    bounds_max[3]; /* nm */
  float    mq_min;        /* Da */
  float    mq_max;        /* Da */

  char    *source_path;   /* provenance: file it was read from, or NULL */
  char    *format;        /* "pos", "epos", "apt", "nxapm", "ato", "demo" ... */

  /* Private: the column cache the channel arrays point into (column-cache.h), or NULL when
   * the cloud owns them. ion_type is always the cloud's own. */
  GMappedFile *mapping;
  int          mapping_fd;      /* the mapped file, kept open to see it change (-1: none) */
  guint64      mapping_size;    /* its size and modification time when mapped */
  gint64       mapping_mtime_nsec;
  /* Private: the persistent range index ion_type points into (range-index.h), or NULL. */
  GMappedFile *type_mapping;
  int          type_mapping_fd;
  guint64      type_mapping_size;
} IscIonCloud;

#define ISC_TYPE_ION_CLOUD (isc_ion_cloud_get_type ())

/* A boxed type (G_TYPE_BOXED copies by reference), so a cloud can be a property or a signal
 * argument. */
GType        isc_ion_cloud_get_type         (void) G_GNUC_CONST;

/* Allocates the four core arrays for @n_ions ions (uninitialised). The cloud is reference
 * counted (atomically, so workers may hold references): isc_ion_cloud_ref () adds a holder,
 * isc_ion_cloud_unref () drops one and frees the arrays with the last. It is immutable once
 * shared: only its creator writes to it, before handing out the first reference. Whoever
 * needs a differently ranged cloud takes isc_ion_cloud_copy (). */
IscIonCloud *isc_ion_cloud_new              (gsize        n_ions);
/* As isc_ion_cloud_new, but NULL with @error (naming @path) when the memory is not there,
 * instead of aborting: for readers, whose sizes come from files. */
IscIonCloud *isc_ion_cloud_try_new          (gsize        n_ions,
                                             const char  *path,
                                             GError     **error);
/* A cloud whose channel arrays the caller points into @mapping (a reference is taken); they
 * are left NULL here. @fd (or -1) is the descriptor @mapping was made from: the cloud keeps
 * and closes it, and isc_ion_cloud_check_mapping () compares it with its state now. */
IscIonCloud *isc_ion_cloud_new_mapped       (gsize        n_ions,
                                             GMappedFile *mapping,
                                             int          fd);
/* FALSE with @error when the file the channels of @cloud are mapped from has been truncated
 * or rewritten since (reading a page past its new end would raise SIGBUS): passes call it
 * before each chunk (ion-pass.h). TRUE for a cloud that owns its arrays. Thread-safe. */
gboolean     isc_ion_cloud_check_mapping    (const IscIonCloud *cloud,
                                             GError           **error);
/* Whether the channels live in a memory-mapped cache rather than in the cloud's own memory. */
gboolean     isc_ion_cloud_is_mapped        (const IscIonCloud *cloud);
IscIonCloud *isc_ion_cloud_ref              (IscIonCloud *cloud);
void         isc_ion_cloud_unref            (IscIonCloud *cloud);
/* A new, unshared copy of every array (e.g. to range it differently while views read the
 * original). */
IscIonCloud *isc_ion_cloud_copy             (const IscIonCloud *cloud);

/* Recomputes bounds_min/max and mq_min/max from the arrays. */
void         isc_ion_cloud_update_bounds    (IscIonCloud *cloud);

/* Bytes held by the cloud's arrays (for memory figures). */
gsize        isc_ion_cloud_get_memory_size  (const IscIonCloud *cloud);

/* Reads APT data, choosing the reader by suffix (.pos, .epos, .apt, .ato, .nxs/.h5) and, where
 * the format has one, by magic number. Returns a new cloud or NULL with @error (ISC_APT_ERROR
 * naming the file and the problem). Cancellable; callable from a worker thread. */
IscIonCloud *isc_ion_cloud_load             (const char       *path,
                                             GCancellable     *cancellable,
                                             IscProgressFunc   progress,
                                             gpointer          progress_data,
                                             GError          **error);

/* isc_ion_cloud_load in a GTask thread, for the GUI. @progress is called from that thread (see
 * IscProgressFunc); @callback runs in the caller's main context. */
void         isc_ion_cloud_load_async       (const char          *path,
                                             GCancellable        *cancellable,
                                             IscProgressFunc      progress,
                                             gpointer             progress_data,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
IscIonCloud *isc_ion_cloud_load_finish      (GAsyncResult        *result,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscIonCloud, isc_ion_cloud_unref)

G_END_DECLS
