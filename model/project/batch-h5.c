/* batch-h5.c: the batch table as HDF5 — one group "batch" of four equally long columns, read
 * by h5py (or pandas.DataFrame ({k: f["batch"][k].asstr ()[()] …})) without PyTables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>

#include "batch-h5.h"
#include "isc-hdf5-write.h"
#include "isc-hdf5.h"

gboolean
isc_batch_write_h5 (const char   *path,
                    GPtrArray    *names,
                    GPtrArray    *rows,
                    GError      **error)
{
  g_autofree const char **datasets = NULL, **analyses = NULL, **keys = NULL, **texts = NULL;
  g_autofree double *values = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GError) local = NULL;
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
  file = isc_hdf5_create_atomic (path, &tmp, ISC_BATCH_ERROR, &local);
  if (file >= 0)
    {
      typedef const char * const *Strings;

      if ((group = isc_hdf5_make_group (file, "batch", NULL)) >= 0)
        ok = isc_hdf5_write_strings (group, "dataset", (Strings) datasets, n)
             && isc_hdf5_write_strings (group, "analysis", (Strings) analyses, n)
             && isc_hdf5_write_strings (group, "key", (Strings) keys, n)
             && isc_hdf5_write_array (group, "value", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &n,
                                      values, NULL)
             && isc_hdf5_write_strings (group, "value_text", (Strings) texts, n);
      if (group >= 0)
        H5Gclose (group);
      ok = isc_hdf5_commit_atomic (file, tmp, path, ok, ISC_BATCH_ERROR, &local);
    }
  isc_hdf5_unlock ();
  if (!ok)
    g_set_error (error, ISC_BATCH_ERROR, ISC_BATCH_ERROR_OUTPUT, "%s: the HDF5 table could not be written", path);
  return ok;
}
