/* ion-cloud.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ion-cloud.h"
#include "isc-memory.h"

G_DEFINE_BOXED_TYPE (IscIonCloud, isc_ion_cloud, isc_ion_cloud_ref, isc_ion_cloud_unref)

/* Large arrays are 2 MiB aligned and marked for transparent huge pages: filling a fresh
 * 10 M-ion cloud otherwise spends more time in page faults than in reading the file.
 * The memory comes from malloc's family, so g_free releases it. */
static gpointer
try_alloc_array (gsize n,
                 gsize size)
{
  const gsize huge = 2u << 20;
  gsize bytes = MAX (n, 1) * size;
  void *p = NULL;

  if (bytes < 2 * huge)
    return g_try_malloc (bytes);
  if (posix_memalign (&p, huge, bytes) != 0)
    return NULL;
#ifdef MADV_HUGEPAGE
  madvise (p, bytes, MADV_HUGEPAGE);
#endif
  return p;
}

IscIonCloud *
isc_ion_cloud_try_new (gsize        n_ions,
                       const char  *path,
                       GError     **error)
{
  /* Reference counted: the ion map, the analyses and running jobs share one cloud. */
  g_autoptr(IscIonCloud) cloud = g_atomic_rc_box_new0 (IscIonCloud);

  cloud->n_ions = n_ions;
  /* valid pointers even for 0 ions, so callers need no special case */
  if (n_ions <= G_MAXSIZE / (4 * sizeof (float))
      && isc_memory_check ((guint64) n_ions * 4 * sizeof (float), "ion cloud", NULL))
    {
      cloud->x = try_alloc_array (n_ions, sizeof (float));
      cloud->y = try_alloc_array (n_ions, sizeof (float));
      cloud->z = try_alloc_array (n_ions, sizeof (float));
      cloud->mq = try_alloc_array (n_ions, sizeof (float));
    }
  if (cloud->x == NULL || cloud->y == NULL || cloud->z == NULL || cloud->mq == NULL)
    {
      g_autofree char *size = g_format_size ((guint64) MIN (n_ions, G_MAXUINT64 / 16) * 16);

      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_IO,
                   "%s: not enough memory for %" G_GSIZE_FORMAT " ions (%s)",
                   path != NULL ? path : "ion cloud", n_ions, size);
      return NULL;
    }
  return g_steal_pointer (&cloud);
}

IscIonCloud *
isc_ion_cloud_new (gsize n_ions)
{
  g_autoptr(GError) error = NULL;
  IscIonCloud *cloud = isc_ion_cloud_try_new (n_ions, NULL, &error);

  if (cloud == NULL)
    g_error ("%s", error->message);
  return cloud;
}

static void
ion_cloud_clear (gpointer data)
{
  IscIonCloud *cloud = data;

  if (cloud->type_mapping != NULL)
    {
      g_mapped_file_unref (cloud->type_mapping);
      close (cloud->type_mapping_fd);
    }
  else
    g_free (cloud->ion_type);
  g_free (cloud->source_path);
  g_free (cloud->format);
  if (cloud->mapping != NULL)
    {
      /* the channels are pages of the cache file, not the cloud's memory */
      g_mapped_file_unref (cloud->mapping);
      if (cloud->mapping_fd >= 0)
        close (cloud->mapping_fd);
      return;
    }
  g_free (cloud->x);
  g_free (cloud->y);
  g_free (cloud->z);
  g_free (cloud->mq);
  g_free (cloud->tof);
  g_free (cloud->v_dc);
  g_free (cloud->v_pulse);
  g_free (cloud->det_x);
  g_free (cloud->det_y);
  g_free (cloud->pulse_delta);
  g_free (cloud->multiplicity);
}

IscIonCloud *
isc_ion_cloud_new_mapped (gsize        n_ions,
                          GMappedFile *mapping,
                          int          fd)
{
  IscIonCloud *cloud = g_atomic_rc_box_new0 (IscIonCloud);
  struct stat st;

  cloud->mapping_fd = -1;
  g_return_val_if_fail (mapping != NULL, cloud);
  cloud->n_ions = n_ions;
  cloud->mapping = g_mapped_file_ref (mapping);
  cloud->mapping_size = g_mapped_file_get_length (mapping);
  if (fd >= 0 && fstat (fd, &st) == 0)
    {
      cloud->mapping_fd = fd;
      cloud->mapping_mtime_nsec = (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    }
  else if (fd >= 0)
    close (fd);
  return cloud;
}

gboolean
isc_ion_cloud_check_mapping (const IscIonCloud *cloud,
                             GError           **error)
{
  struct stat st;

  g_return_val_if_fail (cloud != NULL, FALSE);

  if (cloud->type_mapping != NULL
      && (fstat (cloud->type_mapping_fd, &st) != 0 || (guint64) st.st_size < cloud->type_mapping_size))
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_IO,
                   "%s: the cached range index of its ions was truncated while in use; "
                   "open the file again", cloud->source_path != NULL ? cloud->source_path : "data");
      return FALSE;
    }
  if (cloud->mapping == NULL || cloud->mapping_fd < 0)
    return TRUE;
  if (fstat (cloud->mapping_fd, &st) == 0 && (guint64) st.st_size >= cloud->mapping_size
      && (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec == cloud->mapping_mtime_nsec)
    return TRUE;
  g_set_error (error, ISC_APT_ERROR, ISC_ERROR_IO,
               "%s: the cached copy of its ions was truncated or changed while in use; "
               "open the file again", cloud->source_path != NULL ? cloud->source_path : "data");
  return FALSE;
}

gboolean
isc_ion_cloud_is_mapped (const IscIonCloud *cloud)
{
  g_return_val_if_fail (cloud != NULL, FALSE);
  return cloud->mapping != NULL;
}

IscIonCloud *
isc_ion_cloud_ref (IscIonCloud *cloud)
{
  g_return_val_if_fail (cloud != NULL, NULL);
  return g_atomic_rc_box_acquire (cloud);
}

#define DUP_CHANNEL(field) \
  copy->field = cloud->field != NULL ? g_memdup2 (cloud->field, n * sizeof *cloud->field) : NULL

IscIonCloud *
isc_ion_cloud_copy (const IscIonCloud *cloud)
{
  IscIonCloud *copy;
  gsize n;

  g_return_val_if_fail (cloud != NULL, NULL);

  n = MAX (cloud->n_ions, 1);
  copy = g_atomic_rc_box_new0 (IscIonCloud);
  copy->n_ions = cloud->n_ions;
  DUP_CHANNEL (x);
  DUP_CHANNEL (y);
  DUP_CHANNEL (z);
  DUP_CHANNEL (mq);
  DUP_CHANNEL (ion_type);
  DUP_CHANNEL (tof);
  DUP_CHANNEL (v_dc);
  DUP_CHANNEL (v_pulse);
  DUP_CHANNEL (det_x);
  DUP_CHANNEL (det_y);
  DUP_CHANNEL (pulse_delta);
  DUP_CHANNEL (multiplicity);
  memcpy (copy->bounds_min, cloud->bounds_min, sizeof copy->bounds_min);
  memcpy (copy->bounds_max, cloud->bounds_max, sizeof copy->bounds_max);
  copy->mq_min = cloud->mq_min;
  copy->mq_max = cloud->mq_max;
  copy->source_path = g_strdup (cloud->source_path);
  copy->format = g_strdup (cloud->format);
  return copy;
}

#undef DUP_CHANNEL

void
isc_ion_cloud_unref (IscIonCloud *cloud)
{
  if (cloud == NULL)
    return;
  g_atomic_rc_box_release_full (cloud, ion_cloud_clear);
}

void
isc_ion_cloud_update_bounds (IscIonCloud *cloud)
{
  float lo[3] = { INFINITY, INFINITY, INFINITY };
  float hi[3] = { -INFINITY, -INFINITY, -INFINITY };
  float mq_lo = INFINITY, mq_hi = -INFINITY;

  g_return_if_fail (cloud != NULL);

  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      lo[0] = MIN (lo[0], cloud->x[i]); hi[0] = MAX (hi[0], cloud->x[i]);
      lo[1] = MIN (lo[1], cloud->y[i]); hi[1] = MAX (hi[1], cloud->y[i]);
      lo[2] = MIN (lo[2], cloud->z[i]); hi[2] = MAX (hi[2], cloud->z[i]);
      mq_lo = MIN (mq_lo, cloud->mq[i]); mq_hi = MAX (mq_hi, cloud->mq[i]);
    }

  if (cloud->n_ions == 0)
    {
      for (int k = 0; k < 3; k++)
        lo[k] = hi[k] = 0.f;
      mq_lo = mq_hi = 0.f;
    }

  for (int k = 0; k < 3; k++)
    {
      cloud->bounds_min[k] = lo[k];
      cloud->bounds_max[k] = hi[k];
    }
  cloud->mq_min = mq_lo;
  cloud->mq_max = mq_hi;
}

gsize
isc_ion_cloud_get_memory_size (const IscIonCloud *cloud)
{
  gsize per_ion = 4 * sizeof (float);

  g_return_val_if_fail (cloud != NULL, 0);

  /* a mapped cloud's channels are page cache the kernel may drop and re-read: only the
   * range index is its own */
  if (cloud->mapping != NULL)
    return (cloud->ion_type != NULL) * cloud->n_ions + sizeof (IscIonCloud);
  if (cloud->ion_type != NULL)
    per_ion += 1;
  per_ion += (cloud->tof != NULL) * sizeof (float) + (cloud->v_dc != NULL) * sizeof (float)
           + (cloud->v_pulse != NULL) * sizeof (float) + (cloud->det_x != NULL) * sizeof (float)
           + (cloud->det_y != NULL) * sizeof (float) + (cloud->pulse_delta != NULL) * sizeof (guint32)
           + (cloud->multiplicity != NULL) * sizeof (guint32);
  return per_ion * cloud->n_ions + sizeof (IscIonCloud);
}
