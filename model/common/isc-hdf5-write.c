/* isc-hdf5-write.c: groups, attributes, arrays and atomic files for the HDF5 writers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "isc-hdf5-write.h"

#include <glib/gstdio.h>

#include "isc-error.h"

hid_t
isc_hdf5_create_atomic (const char  *path,
                        char       **temp_path,
                        GQuark       domain,
                        GError     **error)
{
  hid_t file;

  *temp_path = g_strdup_printf ("%s.%08x.tmp", path, g_random_int ());
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
  file = H5Fcreate (*temp_path, H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT);
  if (file < 0)
    {
      g_set_error (error, domain, ISC_ERROR_IO, "%s: cannot create the HDF5 file (is the folder "
                   "writable?)", path);
      g_clear_pointer (temp_path, g_free);
    }
  return file;
}

gboolean
isc_hdf5_commit_atomic (hid_t        file,
                        const char  *temp_path,
                        const char  *path,
                        gboolean     ok,
                        GQuark       domain,
                        GError     **error)
{
  if (H5Fclose (file) < 0)
    ok = FALSE;
  if (ok && g_rename (temp_path, path) == 0)
    return TRUE;
  g_unlink (temp_path);
  g_set_error (error, domain, ISC_ERROR_IO, "%s: cannot write the HDF5 file", path);
  return FALSE;
}

static hid_t
utf8_string_type (void)
{
  hid_t type = H5Tcopy (H5T_C_S1);

  if (type >= 0 && (H5Tset_size (type, H5T_VARIABLE) < 0 || H5Tset_cset (type, H5T_CSET_UTF8) < 0))
    {
      H5Tclose (type);
      return -1;
    }
  return type;
}

/* A scalar attribute of @type from @value. */
static gboolean
set_attr (hid_t        object,
          const char  *name,
          hid_t        file_type,
          hid_t        mem_type,
          const void  *value)
{
  hid_t space = H5Screate (H5S_SCALAR), attr = -1;
  gboolean ok = FALSE;

  if (space >= 0 && (attr = H5Acreate2 (object, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT)) >= 0)
    ok = H5Awrite (attr, mem_type, value) >= 0;
  if (attr >= 0)
    H5Aclose (attr);
  if (space >= 0)
    H5Sclose (space);
  return ok;
}

gboolean
isc_hdf5_set_string_attr (hid_t        object,
                          const char  *name,
                          const char  *value)
{
  hid_t type = utf8_string_type ();
  gboolean ok = type >= 0 && set_attr (object, name, type, type, &value);

  if (type >= 0)
    H5Tclose (type);
  return ok;
}

gboolean
isc_hdf5_set_double_attr (hid_t        object,
                          const char  *name,
                          double       value)
{
  return set_attr (object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

gboolean
isc_hdf5_set_int_attr (hid_t        object,
                       const char  *name,
                       gint64       value)
{
  return set_attr (object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

gboolean
isc_hdf5_set_bool_attr (hid_t        object,
                        const char  *name,
                        gboolean     value)
{
  hid_t type = H5Tenum_create (H5T_NATIVE_INT8);
  gint8 no = 0, yes = 1, stored = value ? 1 : 0;
  gboolean ok;

  if (type < 0)
    return FALSE;
  ok = H5Tenum_insert (type, "FALSE", &no) >= 0 && H5Tenum_insert (type, "TRUE", &yes) >= 0
       && set_attr (object, name, type, type, &stored);
  H5Tclose (type);
  return ok;
}

hid_t
isc_hdf5_make_group (hid_t        parent,
                     const char  *name,
                     const char  *nx_class)
{
  hid_t group = H5Gcreate2 (parent, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);

  if (group >= 0 && nx_class != NULL && !isc_hdf5_set_string_attr (group, "NX_class", nx_class))
    {
      H5Gclose (group);
      return -1;
    }
  return group;
}

/* A UTF-8 string dataset of @space's shape from @values (one per element; none when @empty). */
static gboolean
write_utf8 (hid_t               group,
            const char         *name,
            hid_t               space,
            const char * const *values,
            gboolean            empty)
{
  hid_t type = utf8_string_type (), dset = -1;
  gboolean ok = FALSE;

  if (type >= 0 && space >= 0
      && (dset = H5Dcreate2 (group, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) >= 0)
    ok = empty || H5Dwrite (dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) >= 0;
  if (dset >= 0)
    H5Dclose (dset);
  if (space >= 0)
    H5Sclose (space);
  if (type >= 0)
    H5Tclose (type);
  return ok;
}

gboolean
isc_hdf5_write_string (hid_t        group,
                       const char  *name,
                       const char  *value)
{
  return write_utf8 (group, name, H5Screate (H5S_SCALAR), &value, FALSE);
}

gboolean
isc_hdf5_write_strings (hid_t               group,
                        const char         *name,
                        const char * const *values,
                        hsize_t             n)
{
  return write_utf8 (group, name, H5Screate_simple (1, &n, NULL), values, n == 0);
}

gboolean
isc_hdf5_write_array (hid_t          group,
                      const char    *name,
                      hid_t          file_type,
                      hid_t          mem_type,
                      int            rank,
                      const hsize_t *dims,
                      const void    *data,
                      const char    *units)
{
  hid_t space = H5Screate_simple (rank, dims, NULL), dset = -1;
  gboolean ok = FALSE, empty = FALSE;

  for (int i = 0; i < rank; i++)
    empty |= dims[i] == 0;
  if (space >= 0
      && (dset = H5Dcreate2 (group, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) >= 0)
    {
      ok = empty || H5Dwrite (dset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0;
      if (ok && units != NULL)
        ok = isc_hdf5_set_string_attr (dset, "units", units);
    }
  if (dset >= 0)
    H5Dclose (dset);
  if (space >= 0)
    H5Sclose (space);
  return ok;
}
