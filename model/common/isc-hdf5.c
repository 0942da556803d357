/* isc-hdf5.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "isc-error.h"
#include "isc-hdf5.h"

static GMutex hdf5_lock;

void
isc_hdf5_lock (void)
{
  g_mutex_lock (&hdf5_lock);
}

void
isc_hdf5_unlock (void)
{
  g_mutex_unlock (&hdf5_lock);
}

guint64
isc_hdf5_file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
}

hid_t
isc_hdf5_open_read (const char  *path,
                    GQuark       domain,
                    GError     **error)
{
  hid_t file;

  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
  file = H5Fopen (path, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0)
    g_set_error (error, domain, ISC_ERROR_FORMAT, "%s: not a readable HDF5 file (bad superblock or truncated)",
                 path);
  return file;
}

/* Every chunk of a chunked dataset must be in the file: an unwritten one reads as fill values,
 * a plausible-looking but wrong image. */
static gboolean
all_chunks_written (hid_t          dset,
                    hid_t          plist,
                    int            rank,
                    const hsize_t *dims)
{
  hsize_t chunk[H5S_MAX_RANK];
  hsize_t expected = 1, found = 0;
  gboolean counted;
  hid_t space;

  if (H5Pget_chunk (plist, rank, chunk) != rank)
    return FALSE;
  for (int i = 0; i < rank; i++)
    {
      if (chunk[i] == 0)
        return FALSE;
      expected *= (dims[i] + chunk[i] - 1) / chunk[i];
    }
  /* libhdf5 1.10 wants the dataset's own dataspace here, not H5S_ALL. */
  space = H5Dget_space (dset);
  counted = space >= 0 && H5Dget_num_chunks (dset, space, &found) >= 0;
  if (space >= 0)
    H5Sclose (space);
  return counted && found == expected;
}

static gboolean
check_storage (hid_t          dset,
               hid_t          plist,
               int            rank,
               const hsize_t *dims,
               guint64        raw,
               guint64        file_size,
               const char    *path,
               const char    *name,
               GQuark         domain,
               guint64        max_bytes,
               int            n_filters,
               GError       **error)
{
  H5D_layout_t layout = H5Pget_layout (plist);
  H5D_space_status_t allocation = H5D_SPACE_STATUS_ERROR;
  guint64 stored = H5Dget_storage_size (dset);
  gboolean complete;

  if (layout == H5D_CHUNKED)
    complete = all_chunks_written (dset, plist, rank, dims);
  else if (layout == H5D_CONTIGUOUS || layout == H5D_COMPACT)
    complete = H5Dget_space_status (dset, &allocation) >= 0 && allocation == H5D_SPACE_STATUS_ALLOCATED;
  else
    {
      g_set_error (error, domain, ISC_ERROR_UNSUPPORTED, "%s: dataset %s uses an HDF5 storage layout Ionscape does not read",
                   path, name);
      return FALSE;
    }

  if (!complete || stored == 0)
    g_set_error (error, domain, ISC_ERROR_FORMAT,
                 "%s: dataset %s is incomplete: not all of its data was written to the file", path, name);
  else if (file_size > 0 && stored > file_size)
    g_set_error (error, domain, ISC_ERROR_FORMAT,
                 "%s: dataset %s claims %" G_GUINT64_FORMAT " stored bytes in a file of %" G_GUINT64_FORMAT,
                 path, name, stored, file_size);
  else if (n_filters == 0 && raw > stored)
    g_set_error (error, domain, ISC_ERROR_FORMAT,
                 "%s: dataset %s claims %" G_GUINT64_FORMAT " bytes of data but the file stores %" G_GUINT64_FORMAT,
                 path, name, raw, stored);
  else if (raw > max_bytes)
    g_set_error (error, domain, ISC_ERROR_UNSUPPORTED,
                 "%s: dataset %s would take %.1f GB once decompressed, more than the %.1f GB Ionscape reads",
                 path, name, raw / 1e9, max_bytes / 1e9);
  else
    return TRUE;
  return FALSE;
}

gboolean
isc_hdf5_check_dataset (hid_t        dset,
                        const char  *path,
                        const char  *name,
                        GQuark       domain,
                        int          max_rank,
                        guint64      max_bytes,
                        hsize_t     *dims,
                        int         *rank,
                        GError     **error)
{
  hid_t space = H5Dget_space (dset);
  hid_t type = H5Dget_type (dset);
  hid_t plist = H5Dget_create_plist (dset);
  guint64 file_size = isc_hdf5_file_size (path);
  gboolean ok = FALSE;
  gsize element = type >= 0 ? H5Tget_size (type) : 0;
  guint64 raw = element;
  int n_filters = plist >= 0 ? H5Pget_nfilters (plist) : -1;
  int r = space >= 0 && H5Sget_simple_extent_type (space) == H5S_SIMPLE ? H5Sget_simple_extent_ndims (space) : -1;

  if (r < 1 || r > max_rank || H5Sget_simple_extent_dims (space, dims, NULL) != r)
    g_set_error (error, domain, ISC_ERROR_FORMAT, "%s: dataset %s is not an array of 1 to %d dimensions",
                 path, name, max_rank);
  else if (element == 0 || element > 64 || n_filters < 0)
    g_set_error (error, domain, ISC_ERROR_FORMAT, "%s: dataset %s has an unreadable element type", path, name);
  else
    {
      ok = TRUE;
      for (int i = 0; i < r && ok; i++)
        {
          if (dims[i] == 0 || raw > G_MAXUINT64 / dims[i])
            ok = FALSE;
          else
            raw *= dims[i];
        }
      if (!ok)
        g_set_error (error, domain, ISC_ERROR_FORMAT, "%s: dataset %s has an empty or impossible size", path, name);
    }
  if (ok)
    ok = check_storage (dset, plist, r, dims, raw, file_size, path, name, domain, max_bytes, n_filters, error);
  if (rank != NULL)
    *rank = ok ? r : 0;
  if (plist >= 0)
    H5Pclose (plist);
  if (type >= 0)
    H5Tclose (type);
  if (space >= 0)
    H5Sclose (space);
  return ok;
}
