/* nxapm-io.c: positions and mass-to-charge from NeXus NXapm (HDF5) files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <hdf5.h>
#include <math.h>
#include <string.h>

#include "apt-readers.h"
#include "isc-hdf5-write.h"
#include "isc-hdf5.h"
#include "isc-isolate.h"
#include "nxapm-io.h"

/* A damaged file must not make the walk run for minutes: real NXapm files hold hundreds of
 * objects, not hundreds of thousands. */
#define MAX_VISITED_OBJECTS 200000

typedef struct
{
  char  *positions;   /* path of the first …/reconstructed_positions */
  char  *mass;        /* path of the first …/mass_to_charge */
  guint  visited;
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

  if (++found->visited > MAX_VISITED_OBJECTS)
    return -1;
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
 * (1 also accepts a 1-D dataset). The dataset is checked against the file first. */
static float *
read_floats (hid_t        file,
             const char  *path,
             const char  *name,
             hsize_t      cols,
             hsize_t     *rows,
             GError     **error)
{
  hid_t dset = H5Dopen2 (file, name, H5P_DEFAULT);
  hsize_t dims[2] = { 0, 1 };
  int rank = 0;
  float *data = NULL;

  if (dset < 0)
    g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: dataset %s cannot be opened", path, name);
  /* 16 GB: a billion ions' positions and mass-to-charge as float */
  else if (!isc_hdf5_check_dataset (dset, path, name, ISC_APT_ERROR, 2, (guint64) 16 << 30, dims, &rank, error))
    ;
  else if ((rank == 1 && cols != 1) || (rank == 2 && dims[1] != cols))
    g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: dataset %s is not an n × %d array",
                 path, name, (int) cols);
  else
    {
      data = g_try_new (float, MAX (dims[0] * cols, 1));
      if (data == NULL || H5Dread (dset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
        {
          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: cannot read dataset %s as numbers", path, name);
          g_clear_pointer (&data, g_free);
        }
      *rows = dims[0];
    }
  if (dset >= 0)
    H5Dclose (dset);
  return data;
}

/* Child side of isc_ion_cloud_load_nxapm: finds and reads the two datasets, then writes
 * n, the n × 3 positions and the n mass-to-charge values. */
static gboolean
read_nxapm_ions (IscIsolateWriter  *writer,
                 gpointer           user_data,
                 GError           **error)
{
  const char *path = user_data;
  g_autofree float *xyz = NULL;
  g_autofree float *mq = NULL;
  Found found = { NULL, NULL, 0 };
  hsize_t n_pos = 0, n_mq = 0;
  gboolean ok = FALSE;
  hid_t file = isc_hdf5_open_read (path, ISC_APT_ERROR, error);

  if (file < 0)
    return FALSE;
  if (H5Ovisit (file, H5_INDEX_NAME, H5_ITER_INC, visit, &found) < 0 && found.visited > MAX_VISITED_OBJECTS)
    g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: more than %d HDF5 objects: not an NXapm file Ionscape reads",
                 path, MAX_VISITED_OBJECTS);
  else if (found.positions == NULL || found.mass == NULL)
    g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT,
                 "%s: no NXapm %s dataset (…/reconstruction/reconstructed_positions and "
                 "…/mass_to_charge_conversion/mass_to_charge are needed)",
                 path, found.positions == NULL ? "reconstructed_positions" : "mass_to_charge");
  else if ((xyz = read_floats (file, path, found.positions, 3, &n_pos, error)) != NULL
           && (mq = read_floats (file, path, found.mass, 1, &n_mq, error)) != NULL)
    {
      if (n_pos != n_mq)
        g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: %llu positions but %llu mass-to-charge values",
                     path, (unsigned long long) n_pos, (unsigned long long) n_mq);
      else
        ok = isc_isolate_write_u64 (writer, n_pos)
             && isc_isolate_write (writer, xyz, 3 * n_pos * sizeof (float))
             && isc_isolate_write (writer, mq, n_pos * sizeof (float));
    }
  H5Fclose (file);
  g_free (found.positions);
  g_free (found.mass);
  return ok;
}

/* Parent side: the child's arrays into a new cloud, refusing non-finite values. */
static IscIonCloud *
ions_from_child (GBytes      *bytes,
                 const char  *path,
                 GError     **error)
{
  IscIsolateReader reader;
  const float *xyz, *mq;
  IscIonCloud *cloud;
  guint64 n;

  isc_isolate_reader_init (&reader, bytes);
  n = isc_isolate_read_u64 (&reader);
  if (reader.failed || n > (reader.len - reader.pos) / (4 * sizeof (float)))
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: the reader returned a short result", path);
      return NULL;
    }
  if (n == 0)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: no ions", path);
      return NULL;
    }
  xyz = (const float *) (reader.data + reader.pos);
  mq = xyz + 3 * n;
  cloud = isc_ion_cloud_new ((gsize) n);
  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      memcpy (&cloud->x[i], &xyz[3 * i], sizeof (float));
      memcpy (&cloud->y[i], &xyz[3 * i + 1], sizeof (float));
      memcpy (&cloud->z[i], &xyz[3 * i + 2], sizeof (float));
      memcpy (&cloud->mq[i], &mq[i], sizeof (float));
      if (!isfinite (cloud->x[i]) || !isfinite (cloud->y[i]) || !isfinite (cloud->z[i]) || !isfinite (cloud->mq[i]))
        {
          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID,
                       "%s: ion %" G_GSIZE_FORMAT " has a non-finite position or m/n", path, i);
          isc_ion_cloud_unref (cloud);
          return NULL;
        }
    }
  return cloud;
}

IscIonCloud *
isc_ion_cloud_load_nxapm (const char       *path,
                          GCancellable     *cancellable,
                          IscProgressFunc   progress,
                          gpointer          progress_data,
                          GError          **error)
{
  IscIsolateLimits limits;
  g_autoptr(GBytes) bytes = NULL;
  IscIonCloud *cloud;

  g_return_val_if_fail (path != NULL, NULL);

  /* libhdf5 crashes and loops on some damaged files: read in a child process. */
  limits = isc_isolate_limits_for_file (isc_hdf5_file_size (path));
  isc_hdf5_lock ();
  bytes = isc_isolate_run (path, ISC_APT_ERROR, read_nxapm_ions, (gpointer) path, &limits, cancellable, error);
  isc_hdf5_unlock ();
  if (bytes == NULL)
    return NULL;
  cloud = ions_from_child (bytes, path, error);
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

/* ---- elements ---- */

static const char * const symbols[] = {
  NULL, "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar",
  "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr",
  "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe",
  "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu",
  "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn",
  "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr",
  "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og",
};

guint
isc_element_atomic_number (const char *symbol)
{
  for (guint z = 1; z < G_N_ELEMENTS (symbols); z++)
    if (g_strcmp0 (symbols[z], symbol) == 0)
      return z;
  return 0;
}

const char *
isc_element_symbol (guint z)
{
  return z > 0 && z < G_N_ELEMENTS (symbols) ? symbols[z] : NULL;
}

/* ---- ranging definitions ---- */

#define MAX_NUCLIDES 32

typedef struct
{
  GPtrArray *groups;   /* paths of groups holding mass_to_charge_range */
  guint      visited;
} RangingScan;

static herr_t
visit_ranging (hid_t             obj,
               const char       *name,
               const H5O_info_t *info,
               void             *data)
{
  RangingScan *scan = data;

  if (++scan->visited > MAX_VISITED_OBJECTS || scan->groups->len > 255)
    return -1;
  if (info->type == H5O_TYPE_DATASET && ends_with_component (name, "mass_to_charge_range"))
    {
      const char *slash = strrchr (name, '/');

      g_ptr_array_add (scan->groups, slash != NULL ? g_strndup (name, slash - name) : g_strdup ("."));
    }
  return 0;
}

static int
compare_natural (gconstpointer a,
                 gconstpointer b)
{
  g_autofree char *ka = g_utf8_collate_key_for_filename (*(const char * const *) a, -1);
  g_autofree char *kb = g_utf8_collate_key_for_filename (*(const char * const *) b, -1);

  return strcmp (ka, kb);
}

/* Dataset @name of @group (called @group_path in @path) as one string, variable or fixed length:
 * *@out is NULL when it is absent, not text or not UTF-8. FALSE with @error when it holds more
 * or less than one value: an array of names is not a name (reading it into one string's
 * buffer overflowed it). */
static gboolean
read_string (hid_t         group,
             const char   *name,
             const char   *path,
             const char   *group_path,
             char        **out,
             GError      **error)
{
  hid_t dset, type, space;
  hssize_t n_values;
  char *result = NULL;

  *out = NULL;
  if (H5Lexists (group, name, H5P_DEFAULT) <= 0)
    return TRUE;
  dset = H5Dopen2 (group, name, H5P_DEFAULT);
  if (dset < 0)
    return TRUE;
  type = H5Dget_type (dset);
  space = H5Dget_space (dset);
  n_values = space >= 0 ? H5Sget_simple_extent_npoints (space) : -1;
  if (n_values != 1)
    g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: %s/%s holds %lld values where one is expected",
                 path, group_path, name, (long long) n_values);
  else if (type >= 0 && H5Tget_class (type) == H5T_STRING)
    {
      if (H5Tis_variable_str (type) > 0)
        {
          hid_t mem = H5Tcopy (H5T_C_S1);
          char *value = NULL;

          H5Tset_size (mem, H5T_VARIABLE);
          H5Tset_cset (mem, H5Tget_cset (type));
          if (H5Dread (dset, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value) >= 0 && value != NULL)
            {
              result = g_strdup (value);
              H5free_memory (value);
            }
          H5Tclose (mem);
        }
      else
        {
          gsize size = H5Tget_size (type);

          if (size > 0 && size < 65536)
            {
              hid_t mem = H5Tcopy (type);

              result = g_malloc0 (size + 1);
              if (H5Dread (dset, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, result) < 0)
                g_clear_pointer (&result, g_free);
              H5Tclose (mem);
            }
        }
    }
  if (space >= 0)
    H5Sclose (space);
  if (type >= 0)
    H5Tclose (type);
  H5Dclose (dset);
  if (result != NULL && !g_utf8_validate (result, -1, NULL))
    g_clear_pointer (&result, g_free);
  *out = result;
  return n_values == 1;
}

/* All values of a small numeric dataset as doubles (at most @max). Returns the count, or -1. */
static gssize
read_small (hid_t       group,
            const char *name,
            double     *out,
            gsize       max,
            int        *rank_out,
            hsize_t    *cols_out)
{
  hid_t dset, space;
  hsize_t dims[2] = { 0, 1 };
  int rank;
  gssize n = -1;

  if (H5Lexists (group, name, H5P_DEFAULT) <= 0)
    return -1;
  dset = H5Dopen2 (group, name, H5P_DEFAULT);
  if (dset < 0)
    return -1;
  space = H5Dget_space (dset);
  rank = H5Sget_simple_extent_ndims (space);
  if (rank >= 0 && rank <= 2 && H5Sget_simple_extent_dims (space, dims, NULL) >= 0)
    {
      hsize_t total = rank == 0 ? 1 : dims[0] * (rank == 2 ? dims[1] : 1);

      if (total <= max && (total == 0 || H5Dread (dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) >= 0))
        {
          n = (gssize) total;
          if (rank_out != NULL)
            *rank_out = rank;
          if (cols_out != NULL)
            *cols_out = rank == 2 ? dims[1] : 1;
        }
    }
  H5Sclose (space);
  H5Dclose (dset);
  return n;
}

static gboolean
parse_color (const char *text,
             double      color[3])
{
  guint rgb = 0;

  if (text == NULL)
    return FALSE;
  if (text[0] == '#')
    text++;
  if (strlen (text) != 6)
    return FALSE;
  for (int i = 0; i < 6; i++)
    {
      if (!g_ascii_isxdigit (text[i]))
        return FALSE;
      rgb = rgb * 16 + g_ascii_xdigit_value (text[i]);
    }
  color[0] = ((rgb >> 16) & 0xff) / 255.0;
  color[1] = ((rgb >> 8) & 0xff) / 255.0;
  color[2] = (rgb & 0xff) / 255.0;
  return TRUE;
}

static gboolean
add_ion_group (IscRangeSet  *set,
               hid_t         file,
               const char   *path,
               const char   *group_path,
               GError      **error)
{
  hid_t group = H5Gopen2 (file, group_path, H5P_DEFAULT);
  double hashes[4 * MAX_NUCLIDES];
  g_autofree double *windows = NULL;
  IscElementCount elements[ISC_MAX_ELEMENTS_PER_ION];
  guint n_elements = 0;
  g_autofree char *name = NULL;
  g_autofree char *color_text = NULL;
  g_autofree char *label = NULL;
  double color[3];
  gssize n_hash, n_win;
  hsize_t cols = 0;
  int rank = 0, type;
  gboolean ok = TRUE;

  if (group < 0)
    return TRUE;
  windows = g_new (double, 2 * 4096);
  n_win = read_small (group, "mass_to_charge_range", windows, 2 * 4096, &rank, &cols);
  if (n_win < 0 || (rank == 2 && cols != 2) || n_win % 2 != 0)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: %s/mass_to_charge_range is not a k × 2 array",
                   path, group_path);
      H5Gclose (group);
      return FALSE;
    }
  if (n_win == 0)
    {
      H5Gclose (group);
      return TRUE;   /* e.g. the reserved "unknown" type */
    }

  n_hash = read_small (group, "nuclide_hash", hashes, G_N_ELEMENTS (hashes), NULL, NULL);
  for (gssize i = 0; i < n_hash && ok; i++)
    {
      guint h = (guint) hashes[i];
      const char *symbol = isc_element_symbol (h % 256);
      gboolean merged = FALSE;

      if (h == 0)
        continue;
      if (symbol == NULL)
        {
          n_elements = 0;   /* not an element we know: keep the name only */
          break;
        }
      for (guint e = 0; e < n_elements && !merged; e++)
        if (g_str_equal (elements[e].symbol, symbol))
          {
            elements[e].count++;
            merged = TRUE;
          }
      if (!merged)
        {
          if (n_elements >= ISC_MAX_ELEMENTS_PER_ION)
            {
              n_elements = 0;
              break;
            }
          memset (&elements[n_elements], 0, sizeof elements[n_elements]);
          g_strlcpy (elements[n_elements].symbol, symbol, sizeof elements[n_elements].symbol);
          elements[n_elements++].count = 1;
        }
    }

  if (!read_string (group, "name", path, group_path, &name, error)
      || !read_string (group, "color", path, group_path, &color_text, error))
    {
      H5Gclose (group);
      return FALSE;
    }
  /* Imago-style names carry the charge ("Bi +"): then the formula is the better label. */
  if (name != NULL)
    g_strstrip (name);
  if (name != NULL && name[0] != '\0' && strpbrk (name, " +-\t") == NULL)
    label = g_strdup (name);
  else if (n_elements > 0)
    {
      GString *f = g_string_new (NULL);

      for (guint e = 0; e < n_elements; e++)
        {
          g_string_append (f, elements[e].symbol);
          if (elements[e].count != 1)
            g_string_append_printf (f, "%u", elements[e].count);
        }
      label = g_string_free (f, FALSE);
    }
  else if (name != NULL && name[0] != '\0')
    label = g_strdup (name);
  else
    label = g_path_get_basename (group_path);

  type = isc_range_set_add_ion_type (set, label, elements, n_elements,
                                     parse_color (color_text, color) ? color : NULL, error);
  ok = type >= 0;
  for (gssize w = 0; ok && w < n_win; w += 2)
    if (!isc_range_set_add_range (set, windows[w], windows[w + 1], (guint8) type, error))
      {
        g_prefix_error (error, "%s: %s: ", path, group_path);
        ok = FALSE;
      }
  H5Gclose (group);
  return ok;
}

/* Child side of isc_range_set_load_nxapm: builds the set, then writes its ion types
 * (name, elements, colour) and windows. */
static gboolean
read_nxapm_ranges (IscIsolateWriter  *writer,
                   gpointer           user_data,
                   GError           **error)
{
  const char *path = user_data;
  g_autoptr(IscRangeSet) set = isc_range_set_new ();
  RangingScan scan = { g_ptr_array_new_with_free_func (g_free), 0 };
  gboolean ok = TRUE;
  hid_t file = isc_hdf5_open_read (path, ISC_APT_ERROR, error);

  if (file < 0)
    {
      g_ptr_array_unref (scan.groups);
      return FALSE;
    }
  if (H5Ovisit (file, H5_INDEX_NAME, H5_ITER_INC, visit_ranging, &scan) < 0 && scan.visited > MAX_VISITED_OBJECTS)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: more than %d HDF5 objects: not an NXapm file Ionscape reads",
                   path, MAX_VISITED_OBJECTS);
      ok = FALSE;
    }
  g_ptr_array_sort (scan.groups, compare_natural);
  for (guint i = 0; i < scan.groups->len && ok; i++)
    ok = add_ion_group (set, file, path, g_ptr_array_index (scan.groups, i), error);
  H5Fclose (file);
  g_ptr_array_unref (scan.groups);
  if (!ok)
    return FALSE;

  isc_isolate_write_u64 (writer, set->ion_types->len);
  for (guint t = 0; t < set->ion_types->len; t++)
    {
      const IscIonType *type = g_ptr_array_index (set->ion_types, t);

      isc_isolate_write_string (writer, type->name);
      isc_isolate_write_u64 (writer, type->n_elements);
      isc_isolate_write (writer, type->elements, type->n_elements * sizeof type->elements[0]);
      isc_isolate_write (writer, type->color, sizeof type->color);
    }
  isc_isolate_write_u64 (writer, set->ranges->len);
  return isc_isolate_write (writer, set->ranges->data, set->ranges->len * sizeof (IscRange));
}

/* Parent side: the same set again, through the same checks. */
static IscRangeSet *
ranges_from_child (GBytes      *bytes,
                   const char  *path,
                   GError     **error)
{
  g_autoptr(IscRangeSet) set = isc_range_set_new ();
  IscIsolateReader reader;
  guint64 n_types, n_ranges;

  isc_isolate_reader_init (&reader, bytes);
  n_types = isc_isolate_read_u64 (&reader);
  for (guint64 t = 0; t < n_types && !reader.failed; t++)
    {
      g_autofree char *name = isc_isolate_read_string (&reader);
      IscElementCount elements[ISC_MAX_ELEMENTS_PER_ION];
      guint64 n_elements = isc_isolate_read_u64 (&reader);
      double color[3];

      if (n_elements > ISC_MAX_ELEMENTS_PER_ION || name == NULL)
        reader.failed = TRUE;
      else if (isc_isolate_read (&reader, elements, n_elements * sizeof elements[0])
               && isc_isolate_read (&reader, color, sizeof color))
        {
          for (guint64 e = 0; e < n_elements; e++)
            elements[e].symbol[sizeof elements[e].symbol - 1] = '\0';
          int index = isc_range_set_add_ion_type (set, name, elements, (guint) n_elements, color, error);

          if (index < 0)
            return NULL;
          if (index != (int) t)
            reader.failed = TRUE;   /* the child's types were distinct: a garbled result */
        }
    }
  n_ranges = isc_isolate_read_u64 (&reader);
  for (guint64 r = 0; r < n_ranges && !reader.failed; r++)
    {
      IscRange range;

      if (isc_isolate_read (&reader, &range, sizeof range)
          && (range.ion_type >= n_types
              || !isc_range_set_add_range (set, range.low, range.high, range.ion_type, error)))
        {
          if (error == NULL || *error == NULL)
            reader.failed = TRUE;
          else
            return NULL;
        }
    }
  if (reader.failed)
    {
      g_clear_error (error);
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: the reader returned a short result", path);
      return NULL;
    }
  return g_steal_pointer (&set);
}

IscRangeSet *
isc_range_set_load_nxapm (const char  *path,
                          GError     **error)
{
  IscIsolateLimits limits;
  g_autoptr(GBytes) bytes = NULL;
  IscRangeSet *set;

  g_return_val_if_fail (path != NULL, NULL);

  limits = isc_isolate_limits_for_file (isc_hdf5_file_size (path));
  isc_hdf5_lock ();
  bytes = isc_isolate_run (path, ISC_APT_ERROR, read_nxapm_ranges, (gpointer) path, &limits, NULL, error);
  isc_hdf5_unlock ();
  if (bytes == NULL)
    return NULL;
  set = ranges_from_child (bytes, path, error);
  if (set == NULL)
    return NULL;
  if (isc_range_set_get_n_ranges (set) == 0)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT,
                   "%s: no NXapm ranging definitions (groups with mass_to_charge_range)", path);
      isc_range_set_free (set);
      return NULL;
    }
  set->source_path = g_strdup (path);
  return set;
}

/* ---- writer ---- */

/* The composition as an NXprocess beside the ranging: what was counted, per element. */
static gboolean
write_composition (hid_t                 entry,
                   const IscComposition *composition)
{
  hid_t group = isc_hdf5_make_group (entry, "composition", "NXprocess");
  hsize_t n = composition->n_elements, one = 1;
  gboolean ok;

  if (group < 0)
    return FALSE;
  ok = isc_hdf5_write_string (group, "program", "Ionscape " PACKAGE_VERSION)
       && isc_hdf5_write_string (group, "method", composition->decomposed
                                 ? "peak decomposition by isotope abundances"
                                 : "ions counted in range windows, molecular ions decomposed")
       && isc_hdf5_write_strings (group, "element", (const char * const *) composition->elements, n)
       && isc_hdf5_write_array (group, "atom_count", H5T_STD_U64LE, H5T_NATIVE_UINT64, 1, &n,
                                composition->atom_counts, NULL)
       && isc_hdf5_write_array (group, "atomic_fraction", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &n,
                                composition->fractions, NULL)
       && isc_hdf5_write_array (group, "atomic_fraction_sigma", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                                1, &n, composition->sigmas, NULL)
       && isc_hdf5_write_array (group, "ions_ranged", H5T_STD_U64LE, H5T_NATIVE_UINT64, 1, &one,
                                &composition->ions_ranged, NULL)
       && isc_hdf5_write_array (group, "ions_total", H5T_STD_U64LE, H5T_NATIVE_UINT64, 1, &one,
                                &composition->ions_total, NULL);
  H5Gclose (group);
  return ok;
}

static gboolean
save_nxapm_locked (const IscIonCloud    *cloud,
                   const IscRangeSet    *ranges,
                   const IscComposition *composition,
                   const char           *path,
                   GError              **error)
{
  g_autofree float *xyz = NULL;
  g_autofree char *temp_path = NULL;
  hid_t file, entry, probe, recon, conv;
  hsize_t dims2[2] = { cloud->n_ions, 3 }, dims1[1] = { cloud->n_ions };
  gboolean ok = TRUE;

  g_return_val_if_fail (cloud != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  file = isc_hdf5_create_atomic (path, &temp_path, ISC_APT_ERROR, error);
  if (file < 0)
    return FALSE;

  xyz = g_new (float, 3 * MAX (cloud->n_ions, 1));
  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      xyz[3 * i] = cloud->x[i];
      xyz[3 * i + 1] = cloud->y[i];
      xyz[3 * i + 2] = cloud->z[i];
    }

  entry = isc_hdf5_make_group (file, "entry1", "NXentry");
  isc_hdf5_write_string (entry, "definition", "NXapm");
  probe = isc_hdf5_make_group (entry, "atom_probe", "NXinstrument");
  recon = isc_hdf5_make_group (probe, "reconstruction", "NXprocess");
  conv = isc_hdf5_make_group (probe, "mass_to_charge_conversion", "NXprocess");
  ok &= isc_hdf5_write_array (recon, "reconstructed_positions", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 2, dims2, xyz, "nm");
  ok &= isc_hdf5_write_array (conv, "mass_to_charge", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 1, dims1, cloud->mq, "Da");

  if (ranges != NULL)
    {
      hid_t ranging = isc_hdf5_make_group (probe, "ranging", "NXprocess");
      hid_t peaks = isc_hdf5_make_group (ranging, "peak_identification", "NXprocess");
      guint n_types = isc_range_set_get_n_ion_types (ranges);
      guint32 count = n_types + 1, max_atoms = MAX_NUCLIDES;
      hsize_t one[1] = { 1 };
      g_autofree guint8 *iontypes = g_new (guint8, MAX (cloud->n_ions, 1));

      ok &= isc_hdf5_write_array (peaks, "number_of_ion_types", H5T_STD_U32LE, H5T_NATIVE_UINT32, 1, one, &count, NULL);
      ok &= isc_hdf5_write_array (peaks, "maximum_number_of_atoms_per_molecular_ion", H5T_STD_U32LE, H5T_NATIVE_UINT32, 1,
                         one, &max_atoms, NULL);
      for (guint t = 0; t < n_types; t++)
        {
          const IscIonType *type = isc_range_set_get_ion_type (ranges, t);
          g_autofree char *group_name = g_strdup_printf ("ion%u", t + 1);
          g_autofree char *color = g_strdup_printf ("#%02X%02X%02X", (guint) lround (type->color[0] * 255),
                                                    (guint) lround (type->color[1] * 255),
                                                    (guint) lround (type->color[2] * 255));
          g_autoptr(GArray) windows = g_array_new (FALSE, FALSE, sizeof (double));
          guint16 hash[MAX_NUCLIDES] = { 0 }, list[MAX_NUCLIDES][2] = { { 0 } };
          hsize_t hd[1] = { MAX_NUCLIDES }, ld[2] = { MAX_NUCLIDES, 2 }, wd[2];
          gint8 charge = 0;
          guint k = 0;
          hid_t ion = isc_hdf5_make_group (peaks, group_name, "NXion");

          for (guint e = 0; e < type->n_elements; e++)
            for (guint c = 0; c < type->elements[e].count && k < MAX_NUCLIDES; c++, k++)
              {
                /* N = 0: "this element, any isotope" as the Imago conversion writes it. */
                hash[k] = (guint16) isc_element_atomic_number (type->elements[e].symbol);
                list[k][1] = hash[k];
              }
          for (guint r = 0; r < isc_range_set_get_n_ranges (ranges); r++)
            {
              const IscRange *range = isc_range_set_get_range (ranges, r);

              if (range->ion_type == t)
                {
                  g_array_append_val (windows, range->low);
                  g_array_append_val (windows, range->high);
                }
            }
          wd[0] = windows->len / 2;
          wd[1] = 2;
          isc_hdf5_write_string (ion, "name", type->name);
          isc_hdf5_write_string (ion, "color", color);
          ok &= isc_hdf5_write_array (ion, "nuclide_hash", H5T_STD_U16LE, H5T_NATIVE_UINT16, 1, hd, hash, NULL);
          ok &= isc_hdf5_write_array (ion, "nuclide_list", H5T_STD_U16LE, H5T_NATIVE_UINT16, 2, ld, list, NULL);
          ok &= isc_hdf5_write_array (ion, "charge_state", H5T_STD_I8LE, H5T_NATIVE_INT8, 1, one, &charge, NULL);
          /* float64, so that the windows come back exactly. */
          ok &= isc_hdf5_write_array (ion, "mass_to_charge_range", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, wd,
                             windows->len > 0 ? windows->data : (gpointer) &charge, "Da");
          H5Gclose (ion);
        }

      for (gsize i = 0; i < cloud->n_ions; i++)
        {
          guint8 t = cloud->ion_type != NULL ? cloud->ion_type[i] : isc_range_set_lookup (ranges, cloud->mq[i]);

          iontypes[i] = t < n_types ? t + 1 : 0;   /* NXapm reserves 0 for unranged */
        }
      ok &= isc_hdf5_write_array (peaks, "iontypes", H5T_STD_U8LE, H5T_NATIVE_UINT8, 1, dims1, iontypes, NULL);
      H5Gclose (peaks);
      H5Gclose (ranging);
    }

  if (composition != NULL)
    ok &= write_composition (entry, composition);

  H5Gclose (conv);
  H5Gclose (recon);
  H5Gclose (probe);
  H5Gclose (entry);
  return isc_hdf5_commit_atomic (file, temp_path, path, ok, ISC_APT_ERROR, error);
}

gboolean
isc_ion_cloud_save_nxapm (const IscIonCloud  *cloud,
                          const IscRangeSet  *ranges,
                          const char         *path,
                          GError            **error)
{
  gboolean ok;

  isc_hdf5_lock ();
  ok = save_nxapm_locked (cloud, ranges, NULL, path, error);
  isc_hdf5_unlock ();
  return ok;
}

gboolean
isc_ion_cloud_save_nxapm_with_results (const IscIonCloud     *cloud,
                                       const IscRangeSet     *ranges,
                                       const IscComposition  *composition,
                                       const char            *path,
                                       GError               **error)
{
  gboolean ok;

  g_return_val_if_fail (cloud != NULL && ranges != NULL && composition != NULL, FALSE);
  isc_hdf5_lock ();
  ok = save_nxapm_locked (cloud, ranges, composition, path, error);
  isc_hdf5_unlock ();
  return ok;
}
