/* nxapm-io.c: positions and mass-to-charge from NeXus NXapm (HDF5) files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <hdf5.h>
#include <math.h>
#include <string.h>

#include "apt-readers.h"

/* The Debian HDF5 library is not built thread-safe: serialise our use of it. */
static GMutex hdf5_lock;

typedef struct
{
  char *positions;   /* path of the first …/reconstructed_positions */
  char *mass;        /* path of the first …/mass_to_charge */
} Found;

static gboolean
ends_with_component (const char *path,
                     const char *name)
{
  gsize n = strlen (path), m = strlen (name);

  return n >= m && strcmp (path + n - m, name) == 0 && (n == m || path[n - m - 1] == '/');
}

static herr_t
visit (hid_t             obj,
       const char       *name,
       const H5O_info_t *info,
       void             *data)
{
  Found *found = data;

  if (info->type != H5O_TYPE_DATASET)
    return 0;
  if (found->positions == NULL && ends_with_component (name, "reconstructed_positions"))
    found->positions = g_strdup (name);
  if (found->mass == NULL && ends_with_component (name, "mass_to_charge")
      && strstr (name, "mass_to_charge_conversion") != NULL)
    found->mass = g_strdup (name);
  return 0;
}

/* Reads dataset @name as float into a new array; @cols must match its second dimension
 * (1 also accepts a 1-D dataset). */
static float *
read_floats (hid_t        file,
             const char  *path,
             const char  *name,
             hsize_t      cols,
             hsize_t     *rows,
             GError     **error)
{
  hid_t dset = H5Dopen2 (file, name, H5P_DEFAULT);
  hid_t space = dset >= 0 ? H5Dget_space (dset) : -1;
  hsize_t dims[2] = { 0, 1 };
  int rank = space >= 0 ? H5Sget_simple_extent_ndims (space) : -1;
  float *data = NULL;

  if (rank < 1 || rank > 2 || H5Sget_simple_extent_dims (space, dims, NULL) < 0
      || (rank == 1 && cols != 1) || (rank == 2 && dims[1] != cols))
    g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: dataset %s is not an n × %d array",
                 path, name, (int) cols);
  else if (dims[0] > (hsize_t) G_MAXINT32)
    g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: dataset %s has %llu rows, too many",
                 path, name, (unsigned long long) dims[0]);
  else
    {
      data = g_try_new (float, MAX (dims[0] * cols, 1));
      if (data == NULL || (dims[0] > 0 && H5Dread (dset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0))
        {
          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: cannot read dataset %s as numbers", path, name);
          g_clear_pointer (&data, g_free);
        }
      *rows = dims[0];
    }
  if (space >= 0)
    H5Sclose (space);
  if (dset >= 0)
    H5Dclose (dset);
  return data;
}

IscIonCloud *
isc_ion_cloud_load_nxapm (const char       *path,
                          GCancellable     *cancellable,
                          IscProgressFunc   progress,
                          gpointer          progress_data,
                          GError          **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&hdf5_lock);
  g_autofree float *xyz = NULL;
  g_autofree float *mq = NULL;
  Found found = { NULL, NULL };
  IscIonCloud *cloud = NULL;
  hsize_t n_pos = 0, n_mq = 0;
  hid_t file;

  g_return_val_if_fail (path != NULL, NULL);

  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
  file = H5Fopen (path, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: not a readable HDF5 file", path);
      return NULL;
    }

  H5Ovisit (file, H5_INDEX_NAME, H5_ITER_INC, visit, &found);
  if (found.positions == NULL || found.mass == NULL)
    g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT,
                 "%s: no NXapm %s dataset (…/reconstruction/reconstructed_positions and "
                 "…/mass_to_charge_conversion/mass_to_charge are needed)",
                 path, found.positions == NULL ? "reconstructed_positions" : "mass_to_charge");
  else if (!g_cancellable_set_error_if_cancelled (cancellable, error)
           && (xyz = read_floats (file, path, found.positions, 3, &n_pos, error)) != NULL
           && (mq = read_floats (file, path, found.mass, 1, &n_mq, error)) != NULL)
    {
      if (n_pos != n_mq)
        g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: %llu positions but %llu mass-to-charge values",
                     path, (unsigned long long) n_pos, (unsigned long long) n_mq);
      else
        {
          cloud = isc_ion_cloud_new ((gsize) n_pos);
          for (gsize i = 0; i < cloud->n_ions; i++)
            {
              cloud->x[i] = xyz[3 * i];
              cloud->y[i] = xyz[3 * i + 1];
              cloud->z[i] = xyz[3 * i + 2];
              cloud->mq[i] = mq[i];
              if (!isfinite (cloud->x[i]) || !isfinite (cloud->y[i]) || !isfinite (cloud->z[i])
                  || !isfinite (cloud->mq[i]))
                {
                  g_set_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID,
                               "%s: ion %" G_GSIZE_FORMAT " has a non-finite position or m/n", path, i);
                  g_clear_pointer (&cloud, isc_ion_cloud_free);
                  break;
                }
            }
        }
    }
  H5Fclose (file);
  g_free (found.positions);
  g_free (found.mass);

  if (cloud != NULL)
    {
      isc_ion_cloud_update_bounds (cloud);
      cloud->source_path = g_strdup (path);
      cloud->format = g_strdup ("nxapm");
      if (progress != NULL)
        progress (1.0, progress_data);
    }
  return cloud;
}
