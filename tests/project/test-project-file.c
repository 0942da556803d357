/* test-project-file.c: the .ionscape file — lossless round trip, atomic replacement, refusal of
 * foreign, truncated and newer files without touching them, relative paths.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <hdf5.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "project-file.h"
#include "test-util.h"

static char *
checksum_of (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

static void
assert_ratios_equal (const GArray *a,
                     const GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      g_assert_cmpstr (g_array_index (a, IscRatio, i).element, ==,
                       g_array_index (b, IscRatio, i).element);
      g_assert_cmpfloat (g_array_index (a, IscRatio, i).value, ==,
                         g_array_index (b, IscRatio, i).value);
    }
}

static void
assert_double_same (double a,
                    double b)
{
  if (isnan (a))
    g_assert_true (isnan (b));
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
assert_datasets_equal (const IscDataset *a,
                       const IscDataset *b)
{
  g_assert_cmpint (a->kind, ==, b->kind);
  g_assert_cmpstr (a->path, ==, b->path);
  g_assert_cmpstr (a->range_path, ==, b->range_path);
  assert_double_same (a->active_mass_mg, b->active_mass_mg);
  g_assert_cmpint (a->has_cache, ==, b->has_cache);
  g_assert_cmpstr (a->cache_basis, ==, b->cache_basis);
  g_assert_cmpint (a->stamp.size, ==, b->stamp.size);
  g_assert_cmpint (a->stamp.mtime_us, ==, b->stamp.mtime_us);
  g_assert_cmpint (a->range_stamp.size, ==, b->range_stamp.size);
  g_assert_cmpint (a->range_stamp.mtime_us, ==, b->range_stamp.mtime_us);
  assert_ratios_equal (a->ratios, b->ratios);
}

static void
assert_projects_equal (const IscProject *a,
                       const IscProject *b)
{
  g_assert_cmpstr (a->notes, ==, b->notes);
  g_assert_cmpuint (a->references->len, ==, b->references->len);
  for (guint i = 0; i < a->references->len; i++)
    {
      const IscReference *ra = g_ptr_array_index (a->references, i);
      const IscReference *rb = g_ptr_array_index (b->references, i);

      g_assert_cmpstr (ra->name, ==, rb->name);
      assert_ratios_equal (ra->ratios, rb->ratios);
    }
  g_assert_cmpuint (a->conditions->len, ==, b->conditions->len);
  for (guint c = 0; c < a->conditions->len; c++)
    {
      const IscCondition *ca = g_ptr_array_index (a->conditions, c);
      const IscCondition *cb = g_ptr_array_index (b->conditions, c);

      g_assert_cmpstr (ca->name, ==, cb->name);
      g_assert_cmpuint (ca->cycles, ==, cb->cycles);
      assert_double_same (ca->retention, cb->retention);
      g_assert_cmpuint (ca->cycler_files->len, ==, cb->cycler_files->len);
      for (guint i = 0; i < ca->cycler_files->len; i++)
        assert_datasets_equal (g_ptr_array_index (ca->cycler_files, i),
                               g_ptr_array_index (cb->cycler_files, i));
      g_assert_cmpuint (ca->sites->len, ==, cb->sites->len);
      for (guint s = 0; s < ca->sites->len; s++)
        {
          const IscSite *sa = g_ptr_array_index (ca->sites, s);
          const IscSite *sb = g_ptr_array_index (cb->sites, s);
          GHashTableIter iter;
          gpointer key, value;

          g_assert_cmpstr (sa->label, ==, sb->label);
          g_assert_cmpfloat (sa->depth_nm, ==, sb->depth_nm);
          g_assert_cmpstr (sa->region, ==, sb->region);
          g_assert_true (sb->condition == cb);
          g_assert_cmpuint (sa->rois->len, ==, sb->rois->len);
          for (guint r = 0; r < sa->rois->len; r++)
            g_assert_cmpstr (g_ptr_array_index (sa->rois, r), ==, g_ptr_array_index (sb->rois, r));
          g_assert_cmpuint (g_hash_table_size (sa->settings), ==, g_hash_table_size (sb->settings));
          g_hash_table_iter_init (&iter, sa->settings);
          while (g_hash_table_iter_next (&iter, &key, &value))
            g_assert_cmpstr (g_hash_table_lookup (sb->settings, key), ==, value);
          g_assert_cmpuint (sa->datasets->len, ==, sb->datasets->len);
          for (guint d = 0; d < sa->datasets->len; d++)
            assert_datasets_equal (g_ptr_array_index (sa->datasets, d),
                                   g_ptr_array_index (sb->datasets, d));
        }
    }
}

/* A project with every field set, its data files in @dir/data (and one outside @dir). */
static IscProject *
rich_project (const char *dir)
{
  IscProject *project = isc_project_new ();
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *pos = g_build_filename (data, "specimen 1.pos", NULL);
  g_autofree char *rrng = g_build_filename (data, "ranges.rrng", NULL);
  g_autofree char *tif = g_build_filename (data, "site-ü.tif", NULL);
  g_autofree char *csv = g_build_filename (data, "cell.csv", NULL);
  IscCondition *pristine, *cycled;
  IscReference *reference;
  IscSite *site;
  IscDataset *dataset;
  const char *elements[] = { "Li", "Ni", "Co", "Mn", "O" };
  double values[] = { 0.37, 0.81, 0.14, 0.05, 1.88 };

  g_assert_cmpint (g_mkdir_with_parents (data, 0755), ==, 0);
  isc_test_write_file (pos, "0123456789abcdef", 16);
  isc_test_write_file (rrng, "[Ions]\nNumber=0\n", 16);

  isc_project_set_notes (project, "Line one\nLíne two — 300 cycles at 45 °C\n");
  reference = isc_project_add_reference (project, "pristine (ICP-AES)");
  isc_ratios_set (reference->ratios, "Li", 1.04);
  isc_ratios_set (reference->ratios, "Ni", 0.80);
  isc_project_add_reference (project, "empty");

  pristine = isc_project_add_condition (project, "pristine", 0);
  isc_condition_add_site (pristine, "bulk", 500, "surface to centre");
  cycled = isc_project_add_condition (project, "300 cycles", 300);
  cycled->retention = 0.76;
  isc_condition_add_cycler (cycled, csv, 12.5);
  isc_condition_add_cycler (cycled, "/elsewhere/other cell.mpt", NAN);
  site = isc_condition_add_site (cycled, "R1", 15, "< 30 nm");
  dataset = isc_site_add_dataset (site, ISC_DATASET_APT, pos);
  isc_dataset_set_range_path (dataset, rrng);
  g_assert_true (isc_dataset_store_ratios (dataset, "Ni,Co,Mn", elements, values, G_N_ELEMENTS (values)));
  isc_site_add_dataset (site, ISC_DATASET_STEM, tif);
  isc_site_add_dataset (site, ISC_DATASET_RANGES, rrng);
  isc_site_add_roi (site, "cyl:0,0,0,0,0,1,10,50");
  isc_site_add_roi (site, "box:-5,-5,0,5,5,100");
  isc_site_set_setting (site, "metal_basis", "Ni,Co,Mn");
  isc_site_set_setting (site, "block_size", "100");
  isc_condition_add_site (cycled, "R7", 2500.25, "");
  return project;
}

static void
test_round_trip (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "study.ionscape", NULL);
  g_autoptr(IscProject) project = rich_project (dir);
  g_autoptr(IscProject) loaded = NULL;
  g_autoptr(GError) error = NULL;
  IscDataset *dataset;

  g_assert_true (isc_project_save (project, file, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (project->path, ==, file);
  loaded = isc_project_load (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->path, ==, file);
  assert_projects_equal (project, loaded);

  dataset = g_ptr_array_index (((IscSite *) g_ptr_array_index (
                                  ((IscCondition *) g_ptr_array_index (loaded->conditions, 1))
                                  ->sites, 0))->datasets, 0);
  g_assert_true (isc_dataset_cache_is_valid (dataset));

  /* Saving the loaded project again gives the same project once more. */
  g_assert_true (isc_project_save (loaded, file, &error));
  g_clear_pointer (&loaded, isc_project_free);
  loaded = isc_project_load (file, &error);
  g_assert_no_error (error);
  assert_projects_equal (project, loaded);
}

static void
test_relative_paths (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *before = g_build_filename (dir, "before", NULL);
  g_autofree char *after = g_build_filename (dir, "after", NULL);
  g_autofree char *file = g_build_filename (before, "study.ionscape", NULL);
  g_autofree char *moved = g_build_filename (after, "study.ionscape", NULL);
  g_autofree char *expected = g_build_filename (after, "data", "specimen 1.pos", NULL);
  g_autoptr(IscProject) project = NULL;
  g_autoptr(IscProject) loaded = NULL;
  g_autoptr(GError) error = NULL;
  IscCondition *cycled;
  IscDataset *dataset;
  hid_t h5, group, attr, type;
  char stored[256] = { 0 };

  g_assert_cmpint (g_mkdir (before, 0755), ==, 0);
  project = rich_project (before);
  g_assert_true (isc_project_save (project, file, &error));
  g_assert_no_error (error);

  /* The file holds the path relative to its folder. */
  h5 = H5Fopen (file, H5F_ACC_RDONLY, H5P_DEFAULT);
  group = H5Gopen2 (h5, "/conditions/1/sites/0/datasets/0", H5P_DEFAULT);
  attr = H5Aopen (group, "path", H5P_DEFAULT);
  type = H5Aget_type (attr);
  g_assert_cmpuint (H5Tget_size (type), <, sizeof stored);
  H5Aread (attr, type, stored);
  g_assert_cmpstr (stored, ==, "data/specimen 1.pos");
  H5Tclose (type);
  H5Aclose (attr);
  H5Gclose (group);
  H5Fclose (h5);

  g_assert_cmpint (g_rename (before, after), ==, 0);
  loaded = isc_project_load (moved, &error);
  g_assert_no_error (error);
  cycled = g_ptr_array_index (loaded->conditions, 1);
  dataset = g_ptr_array_index (((IscSite *) g_ptr_array_index (cycled->sites, 0))->datasets, 0);
  g_assert_cmpstr (dataset->path, ==, expected);
  g_assert_true (g_str_has_prefix (dataset->range_path, after));
  /* Moving keeps size and mtime, so the cached result stays valid. */
  g_assert_true (isc_dataset_cache_is_valid (dataset));
  /* A path outside the folder stays where it was. */
  g_assert_cmpstr (((IscDataset *) g_ptr_array_index (cycled->cycler_files, 1))->path, ==,
                   "/elsewhere/other cell.mpt");
}

static void
test_relative_path_helper (void)
{
  static const struct { const char *base, *path, *expected; } cases[] = {
    { "/a/b", "/a/b/c/d.pos", "c/d.pos" },
    { "/a/b", "/a/x.pos", "../x.pos" },
    { "/a/b/", "/c/d", "../../c/d" },
    { "/a/b", "/a/b", "." },
    { "/", "/x/y", "x/y" },
    { "/a/bc", "/a/b/x", "../b/x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *relative = isc_path_relative_to (cases[i].base, cases[i].path);

      g_assert_cmpstr (relative, ==, cases[i].expected);
    }
}

static void
test_replace_open_file (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "study.ionscape", NULL);
  g_autoptr(IscProject) project = rich_project (dir);
  g_autoptr(IscProject) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_sum = NULL;
  g_autofree char *held_sum = NULL;
  g_autoptr(GByteArray) held = g_byte_array_new ();
  g_autoptr(GDir) folder = NULL;
  const char *name;
  guint8 buffer[4096];
  gssize got;
  int fd;

  hid_t held_h5, notes;
  char old_notes[256] = { 0 };

  g_assert_true (isc_project_save (project, file, NULL));
  old_sum = checksum_of (file);
  fd = g_open (file, O_RDONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  /* Held open through HDF5 as well, as another part of the application might. */
  held_h5 = H5Fopen (file, H5F_ACC_RDONLY, H5P_DEFAULT);
  g_assert_cmpint (held_h5, >=, 0);

  isc_project_set_notes (project, "second version");
  g_assert_true (isc_project_save (project, file, &error));
  g_assert_no_error (error);

  /* The reader that had the file open still sees the complete old version. */
  while ((got = read (fd, buffer, sizeof buffer)) > 0)
    g_byte_array_append (held, buffer, got);
  close (fd);
  held_sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, held->data, held->len);
  g_assert_cmpstr (held_sum, ==, old_sum);
  notes = H5Dopen2 (held_h5, "notes", H5P_DEFAULT);
  g_assert_cmpint (H5Dread (notes, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, old_notes), >=,
                   0);
  g_assert_true (g_str_has_prefix (old_notes, "Line one\n"));
  H5Dclose (notes);
  H5Fclose (held_h5);

  loaded = isc_project_load (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->notes, ==, "second version");

  /* No temporary file is left behind. */
  folder = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (folder)) != NULL)
    g_assert_false (g_str_has_prefix (name, "."));
}

static void
test_save_failure_leaves_nothing (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "missing", "study.ionscape", NULL);
  g_autoptr(IscProject) project = isc_project_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (isc_project_save (project, file, &error));
  g_assert_error (error, ISC_PROJECT_ERROR, ISC_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "study.ionscape"));
  g_assert_null (project->path);
}

/* Loads @path expecting @code, and checks the file did not change. */
static void
assert_refused (const char *path,
                int         code,
                const char *words)
{
  g_autofree char *before = checksum_of (path);
  g_autofree char *after = NULL;
  g_autofree char *basename = g_path_get_basename (path);
  g_autoptr(GError) error = NULL;
  IscProject *project = isc_project_load (path, &error);

  g_assert_null (project);
  g_assert_error (error, ISC_PROJECT_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, basename));
  g_assert_nonnull (strstr (error->message, words));
  after = checksum_of (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_refuse_bad_files (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *good = g_build_filename (dir, "good.ionscape", NULL);
  g_autofree char *truncated = g_build_filename (dir, "truncated.ionscape", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.ionscape", NULL);
  g_autofree char *foreign = g_build_filename (dir, "foreign.h5", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.ionscape", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.ionscape", NULL);
  g_autoptr(IscProject) project = rich_project (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;
  hid_t h5;

  g_assert_true (isc_project_save (project, good, NULL));
  g_assert_true (g_file_get_contents (good, &data, &len, NULL));
  isc_test_write_file (truncated, data, len / 2);
  assert_refused (truncated, ISC_ERROR_FORMAT, "truncated");

  /* A file cut just after the superblock is refused too. */
  isc_test_write_file (truncated, data, 600);
  assert_refused (truncated, ISC_ERROR_FORMAT, "truncated");

  isc_test_write_file (text, "conditions: pristine\n", 21);
  assert_refused (text, ISC_ERROR_FORMAT, "not an HDF5 file");
  isc_test_write_file (empty, "", 0);
  assert_refused (empty, ISC_ERROR_FORMAT, "not an HDF5 file");

  h5 = H5Fcreate (foreign, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  H5Gclose (H5Gcreate2 (h5, "conditions", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  H5Fclose (h5);
  assert_refused (foreign, ISC_ERROR_FORMAT, "not an Ionscape project");

  g_assert_null (isc_project_load (missing, &error));
  g_assert_error (error, ISC_PROJECT_ERROR, ISC_ERROR_IO);
}

static void
test_corrupt_blocks (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *good = g_build_filename (dir, "good.ionscape", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.ionscape", NULL);
  g_autoptr(IscProject) project = rich_project (dir);
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (isc_project_save (project, good, NULL));
  g_assert_true (g_file_get_contents (good, &data, &len, NULL));
  /* Scrambled blocks across the file: whatever HDF5 makes of them, the load either succeeds or
   * reports an error naming the file, never crashes, and never writes. */
  for (guint part = 1; part < 8; part++)
    {
      g_autofree char *copy = g_memdup2 (data, len);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(IscProject) loaded = NULL;
      gsize offset = len * part / 8;

      for (gsize i = offset; i < MIN (len, offset + 64); i++)
        copy[i] ^= 0x5a;
      isc_test_write_file (bad, copy, len);
      before = checksum_of (bad);
      loaded = isc_project_load (bad, &error);
      if (loaded == NULL)
        {
          g_assert_nonnull (error);
          g_assert_nonnull (strstr (error->message, "bad.ionscape"));
        }
      after = checksum_of (bad);
      g_assert_cmpstr (before, ==, after);
    }
}

static void
test_refuse_newer_version (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "future.ionscape", NULL);
  g_autoptr(IscProject) project = rich_project (dir);
  gint64 version = ISC_PROJECT_FORMAT_VERSION + 1;
  hid_t h5, attr;

  g_assert_true (isc_project_save (project, file, NULL));
  h5 = H5Fopen (file, H5F_ACC_RDWR, H5P_DEFAULT);
  attr = H5Aopen (h5, "ionscape_format_version", H5P_DEFAULT);
  g_assert_cmpint (H5Awrite (attr, H5T_NATIVE_INT64, &version), >=, 0);
  H5Aclose (attr);
  H5Fclose (h5);
  assert_refused (file, ISC_ERROR_VERSION, "newer");
}

static void
test_refuse_other_application (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "other.ionscape", NULL);
  gint64 version = 1;
  hid_t h5, space, attr, type;

  h5 = H5Fcreate (file, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  space = H5Screate (H5S_SCALAR);
  attr = H5Acreate2 (h5, "ionscape_format_version", H5T_STD_I64LE, space, H5P_DEFAULT,
                     H5P_DEFAULT);
  H5Awrite (attr, H5T_NATIVE_INT64, &version);
  H5Aclose (attr);
  type = H5Tcopy (H5T_C_S1);
  H5Tset_size (type, 6);
  attr = H5Acreate2 (h5, "application", type, space, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite (attr, type, "Other");
  H5Aclose (attr);
  H5Tclose (type);
  H5Sclose (space);
  H5Fclose (h5);
  assert_refused (file, ISC_ERROR_FORMAT, "Other");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/project-file/round-trip", test_round_trip);
  g_test_add_func ("/project-file/relative-paths", test_relative_paths);
  g_test_add_func ("/project-file/relative-path-helper", test_relative_path_helper);
  g_test_add_func ("/project-file/replace-open-file", test_replace_open_file);
  g_test_add_func ("/project-file/save-failure", test_save_failure_leaves_nothing);
  g_test_add_func ("/project-file/refuse-bad-files", test_refuse_bad_files);
  g_test_add_func ("/project-file/corrupt-blocks", test_corrupt_blocks);
  g_test_add_func ("/project-file/refuse-newer-version", test_refuse_newer_version);
  g_test_add_func ("/project-file/refuse-other-application", test_refuse_other_application);
  return g_test_run ();
}
