/* batch-h5.c: the batch table as HDF5 — one group "batch" of four equally long columns, read
 * by h5py (or pandas.DataFrame ({k: f["batch"][k].asstr ()[()] …})) without PyTables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>

#include "batch-h5.h"
#include "isc-hdf5.h"

static gboolean
write_strings (hid_t        group,
               const char  *name,
               const char **values,
               hsize_t      n)
{
  hid_t type = H5Tcopy (H5T_C_S1), space = -1, dset = -1;
  gboolean ok = FALSE;

  if (type < 0 || H5Tset_size (type, H5T_VARIABLE) < 0 || H5Tset_cset (type, H5T_CSET_UTF8) < 0)
    goto out;
  if ((space = H5Screate_simple (1, &n, NULL)) < 0
      || (dset = H5Dcreate2 (group, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) < 0)
    goto out;
  ok = n == 0 || H5Dwrite (dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) >= 0;
out:
  if (dset >= 0)
    H5Dclose (dset);
  if (space >= 0)
    H5Sclose (space);
  if (type >= 0)
    H5Tclose (type);
  return ok;
}

static gboolean
write_doubles (hid_t         group,
               const char   *name,
               const double *values,
               hsize_t       n)
{
  hid_t space = H5Screate_simple (1, &n, NULL), dset = -1;
  gboolean ok = FALSE;

  if (space >= 0
      && (dset = H5Dcreate2 (group, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) >= 0)
    ok = n == 0 || H5Dwrite (dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) >= 0;
  if (dset >= 0)
    H5Dclose (dset);
  if (space >= 0)
    H5Sclose (space);
  return ok;
}

gboolean
isc_batch_write_h5 (const char   *path,
                    GPtrArray    *names,
                    GPtrArray    *rows,
                    GError      **error)
{
  g_autofree const char **datasets = NULL, **analyses = NULL, **keys = NULL, **texts = NULL;
  g_autofree double *values = NULL;
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);
  hsize_t n;
  hid_t file, group = -1;
  gboolean ok = FALSE;

  g_return_val_if_fail (path != NULL && names != NULL && rows != NULL && names->len == rows->len, FALSE);

  n = rows->len;
  datasets = g_new (const char *, MAX (n, 1));
  analyses = g_new (const char *, MAX (n, 1));
  keys = g_new (const char *, MAX (n, 1));
  texts = g_new (const char *, MAX (n, 1));
  values = g_new (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const IscBatchRow *row = g_ptr_array_index (rows, i);
      char *end;

      datasets[i] = g_ptr_array_index (names, i);
      analyses[i] = row->analysis;
      keys[i] = row->key;
      texts[i] = row->value;
      /* "value" as numbers (NaN where the text is none); "value_text" exactly as the CSV. */
      values[i] = g_ascii_strtod (row->value, &end);
      if (end == row->value || *end != '\0')
        values[i] = NAN;
    }

  /* Written beside and renamed: a reader never sees half a table. */
  isc_hdf5_lock ();
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
  file = H5Fcreate (tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (file >= 0 && (group = H5Gcreate2 (file, "batch", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) >= 0)
    ok = write_strings (group, "dataset", datasets, n) && write_strings (group, "analysis", analyses, n)
         && write_strings (group, "key", keys, n) && write_doubles (group, "value", values, n)
         && write_strings (group, "value_text", texts, n);
  if (group >= 0)
    H5Gclose (group);
  if (file >= 0 && H5Fclose (file) < 0)
    ok = FALSE;
  isc_hdf5_unlock ();

  if (ok && g_rename (tmp, path) != 0)
    ok = FALSE;
  if (!ok)
    {
      g_unlink (tmp);
      g_set_error (error, ISC_BATCH_ERROR, ISC_BATCH_ERROR_OUTPUT, "%s: the HDF5 table could not be written", path);
    }
  return ok;
}
