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
#include <utime.h>

#include "project-file.h"
#include "test-util.h"

/* Site @s of condition @c of @project. */
static IscSite *
site_at (const IscProject *project,
         guint             c,
         guint             s)
{
  IscCondition *condition = g_ptr_array_index (project->conditions, c);

  return g_ptr_array_index (condition->sites, s);
}

/* Dataset @d of site @s of condition @c of @project. */
static IscDataset *
dataset_at (const IscProject *project,
            guint             c,
            guint             s,
            guint             d)
{
  return g_ptr_array_index (site_at (project, c, s)->datasets, d);
}

/* Compares the checksum of @path with @expected (op "==" or "!="), freeing what it computed. */
static void
assert_checksum (const char *path,
                 const char *op,
                 const char *expected)
{
  g_autofree char *sum = isc_test_checksum_file (path);

  if (g_str_equal (op, "=="))
    g_assert_cmpstr (sum, ==, expected);
  else
    g_assert_cmpstr (sum, !=, expected);
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

  dataset = dataset_at (loaded, 1, 0, 0);
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
  old_sum = isc_test_checksum_file (file);
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
  g_autofree char *before = isc_test_checksum_file (path);
  g_autofree char *after = NULL;
  g_autofree char *basename = g_path_get_basename (path);
  g_autoptr(GError) error = NULL;
  IscProject *project = isc_project_load (path, &error);

  g_assert_null (project);
  g_assert_error (error, ISC_PROJECT_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, basename));
  g_assert_nonnull (strstr (error->message, words));
  after = isc_test_checksum_file (path);
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

/* HDF5 files, groups, datasets and attributes open in the whole process: a load, refused or
 * not, leaves none behind. */
static void
assert_nothing_open (void)
{
  g_assert_cmpint (H5Fget_obj_count (H5F_OBJ_ALL, H5F_OBJ_ALL), ==, 0);
}

static void
delete_link (const char *file,
             const char *name)
{
  hid_t h5 = H5Fopen (file, H5F_ACC_RDWR, H5P_DEFAULT);

  g_assert_cmpint (h5, >=, 0);
  g_assert_cmpint (H5Ldelete (h5, name, H5P_DEFAULT), >=, 0);
  H5Fclose (h5);
}

static void
move_link (const char *file,
           const char *from,
           const char *to)
{
  hid_t h5 = H5Fopen (file, H5F_ACC_RDWR, H5P_DEFAULT);

  g_assert_cmpint (h5, >=, 0);
  g_assert_cmpint (H5Lmove (h5, from, h5, to, H5P_DEFAULT, H5P_DEFAULT), >=, 0);
  H5Fclose (h5);
}

static void
set_double_attr (const char *file,
                 const char *object,
                 const char *name,
                 double      value)
{
  hid_t h5 = H5Fopen (file, H5F_ACC_RDWR, H5P_DEFAULT);
  hid_t group = H5Oopen (h5, object, H5P_DEFAULT);
  hid_t attr = H5Aopen (group, name, H5P_DEFAULT);

  g_assert_cmpint (attr, >=, 0);
  g_assert_cmpint (H5Awrite (attr, H5T_NATIVE_DOUBLE, &value), >=, 0);
  H5Aclose (attr);
  H5Oclose (group);
  H5Fclose (h5);
}

/* @n_conditions conditions of three sites of two datasets each, data inside @dir. */
static IscProject *
numbered_project (const char *dir,
                  guint       n_conditions)
{
  IscProject *project = isc_project_new ();

  for (guint c = 0; c < n_conditions; c++)
    {
      g_autofree char *name = g_strdup_printf ("%u cycles", c * 100);
      IscCondition *condition = isc_project_add_condition (project, name, c * 100);

      for (guint s = 0; s < 3; s++)
        {
          g_autofree char *label = g_strdup_printf ("R%u", s + 1);
          g_autofree char *pos = g_strdup_printf ("%s/apt/c%u-s%u.pos", dir, c, s);
          g_autofree char *tif = g_strdup_printf ("%s/stem/c%u-s%u.tif", dir, c, s);
          IscSite *site = isc_condition_add_site (condition, label, 10.0 * (s + 1), "");

          isc_site_add_dataset (site, ISC_DATASET_APT, pos);
          isc_site_add_dataset (site, ISC_DATASET_STEM, tif);
          isc_site_add_roi (site, "cyl:0,0,0,0,0,1,10,50");
          isc_site_add_roi (site, "box:-5,-5,0,5,5,100");
        }
    }
  return project;
}

static void
test_refuse_gaps (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "gaps.ionscape", NULL);
  g_autoptr(IscProject) project = numbered_project (dir, 8);
  g_autoptr(GError) error = NULL;

  /* Conditions 0, 2, 3, 7: loading condition 0 alone would lose the other three at the next
   * save. */
  g_assert_true (isc_project_save (project, file, NULL));
  delete_link (file, "/conditions/1");
  delete_link (file, "/conditions/4");
  delete_link (file, "/conditions/5");
  delete_link (file, "/conditions/6");
  assert_refused (file, ISC_ERROR_FORMAT, "/conditions");
  g_assert_null (isc_project_load (file, &error));
  g_assert_nonnull (strstr (error->message, "entry “1” is missing"));
  g_assert_nonnull (strstr (error->message, "“7”"));
  assert_nothing_open ();

  /* A stray entry beside complete numbering. */
  g_assert_true (isc_project_save (project, file, NULL));
  move_link (file, "/conditions/7/sites/2", "/conditions/7/sites/extra");
  assert_refused (file, ISC_ERROR_FORMAT, "/conditions/7/sites");
  g_clear_error (&error);
  g_assert_null (isc_project_load (file, &error));
  g_assert_nonnull (strstr (error->message, "“extra”"));

  /* Gaps among datasets and among numbered attributes too. */
  g_assert_true (isc_project_save (project, file, NULL));
  delete_link (file, "/conditions/3/sites/1/datasets/0");
  assert_refused (file, ISC_ERROR_FORMAT, "/conditions/3/sites/1/datasets");

  g_assert_true (isc_project_save (project, file, NULL));
  {
    hid_t h5 = H5Fopen (file, H5F_ACC_RDWR, H5P_DEFAULT);

    g_assert_cmpint (H5Adelete_by_name (h5, "/conditions/2/sites/0/rois", "0", H5P_DEFAULT), >=, 0);
    H5Fclose (h5);
  }
  assert_refused (file, ISC_ERROR_FORMAT, "/conditions/2/sites/0/rois");

  /* Soft links are not groups of the project, even when they point to one. */
  g_assert_true (isc_project_save (project, file, NULL));
  delete_link (file, "/conditions/1");
  {
    hid_t h5 = H5Fopen (file, H5F_ACC_RDWR, H5P_DEFAULT);

    g_assert_cmpint (H5Lcreate_soft ("/conditions/0", h5, "/conditions/1", H5P_DEFAULT,
                                     H5P_DEFAULT), >=, 0);
    H5Fclose (h5);
  }
  assert_refused (file, ISC_ERROR_FORMAT, "not a group");
  assert_nothing_open ();
}

static void
test_refuse_bad_depth (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "depth.ionscape", NULL);
  g_autoptr(IscProject) project = numbered_project (dir, 2);
  const double bad[] = { NAN, INFINITY, -INFINITY, -5 };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_true (isc_project_save (project, file, NULL));
      set_double_attr (file, "/conditions/1/sites/2", "depth_nm", bad[i]);
      assert_refused (file, ISC_ERROR_INVALID, "depth");
    }
  g_assert_true (isc_project_save (project, file, NULL));
  set_double_attr (file, "/conditions/0", "retention", -INFINITY);
  assert_refused (file, ISC_ERROR_INVALID, "retention");
  assert_nothing_open ();
}

/* Messages quote what a file holds only as a short, escaped token. */
static void
test_quoted_content_is_short (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "kind.ionscape", NULL);
  g_autoptr(IscProject) project = numbered_project (dir, 1);
  g_autoptr(GString) kind = g_string_new ("root:x:0:0:root:/root:/bin/bash\nsecret line two ");
  g_autoptr(GError) error = NULL;
  hid_t h5, type, space, attr;

  for (guint i = 0; i < 50; i++)
    g_string_append (kind, "secret ");
  g_assert_true (isc_project_save (project, file, NULL));
  h5 = H5Fopen (file, H5F_ACC_RDWR, H5P_DEFAULT);
  g_assert_cmpint (H5Adelete_by_name (h5, "/conditions/0/sites/0/datasets/1", "kind", H5P_DEFAULT),
                   >=, 0);
  type = H5Tcopy (H5T_C_S1);
  H5Tset_size (type, kind->len + 1);
  space = H5Screate (H5S_SCALAR);
  attr = H5Acreate_by_name (h5, "/conditions/0/sites/0/datasets/1", "kind", type, space,
                            H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite (attr, type, kind->str);
  H5Aclose (attr);
  H5Sclose (space);
  H5Tclose (type);
  H5Fclose (h5);

  g_assert_null (isc_project_load (file, &error));
  g_assert_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT);
  g_test_message ("%s", error->message);
  g_assert_null (strchr (error->message, '\n'));
  g_assert_nonnull (strstr (error->message, "root:x:0:0"));
  g_assert_null (strstr (error->message, "secret line two"));
  g_assert_cmpuint (strlen (error->message), <, strlen (file) + 200);
}

static void
load_scrambled_files (void)
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
  for (guint part = 1; part < 64; part++)
    {
      g_autofree char *copy = g_memdup2 (data, len);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(IscProject) loaded = NULL;
      gsize offset = len * part / 64;

      for (gsize i = offset; i < MIN (len, offset + 64); i++)
        copy[i] ^= 0x5a;
      isc_test_write_file (bad, copy, len);
      before = isc_test_checksum_file (bad);
      loaded = isc_project_load (bad, &error);
      if (loaded == NULL)
        {
          g_assert_nonnull (error);
          g_assert_nonnull (strstr (error->message, "bad.ionscape"));
        }
      after = isc_test_checksum_file (bad);
      g_assert_cmpstr (before, ==, after);
      assert_nothing_open ();
    }
}

static void
test_corrupt_blocks (void)
{
  load_scrambled_files ();
}

/* HDF5 reports identifiers or state left behind at exit ("infinite loop closing library"):
 * refused corrupt files leave nothing it would complain about. */
static void
test_corrupt_blocks_quiet_exit (void)
{
  if (g_test_subprocess ())
    {
      load_scrambled_files ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*infinite loop*");
}

static guint
n_conditions_in (const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscProject) project = isc_project_load (file, &error);

  g_assert_no_error (error);
  return project->conditions->len;
}

static void
test_backup_when_shrinking (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "study.ionscape", NULL);
  g_autofree char *backup = g_build_filename (dir, "study.ionscape.bak", NULL);
  g_autoptr(IscProject) project = numbered_project (dir, 4);
  g_autoptr(GError) error = NULL;
  g_autofree char *four = NULL;
  g_autofree char *large = NULL;
  g_autoptr(GString) notes = g_string_new (NULL);

  /* Growing needs no backup. */
  g_assert_true (isc_project_save (project, file, NULL));
  isc_project_add_condition (project, "extra", 1);
  g_assert_true (isc_project_save (project, file, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  four = isc_test_checksum_file (file);

  /* Fewer conditions than on disk: the previous file is kept. */
  isc_project_remove_condition (project, g_ptr_array_index (project->conditions, 4));
  isc_project_remove_condition (project, g_ptr_array_index (project->conditions, 3));
  g_assert_true (isc_project_save (project, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  assert_checksum (backup, "==", four);
  g_assert_cmpuint (n_conditions_in (backup), ==, 5);
  g_assert_cmpuint (n_conditions_in (file), ==, 3);

  /* One dataset less is enough. */
  g_assert_true (isc_site_remove_dataset (site_at (project, 0, 0), dataset_at (project, 0, 0, 1)));
  g_free (four);
  four = isc_test_checksum_file (file);
  g_assert_true (isc_project_save (project, file, NULL));
  assert_checksum (backup, "==", four);

  /* So is a file less than half as large, with the same structure. */
  for (guint i = 0; i < 20000; i++)
    g_string_append (notes, "notes of a long session ");
  isc_project_set_notes (project, notes->str);
  g_assert_true (isc_project_save (project, file, NULL));
  large = isc_test_checksum_file (file);
  assert_checksum (backup, "!=", large);
  isc_project_set_notes (project, "short");
  g_assert_true (isc_project_save (project, file, NULL));
  assert_checksum (backup, "==", large);
}

static void
test_automatic_save_keeps_loaded (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "study.ionscape", NULL);
  g_autoptr(IscProject) saved = numbered_project (dir, 4);
  g_autoptr(IscProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  IscCondition *lost;

  g_assert_true (isc_project_save (saved, file, NULL));
  before = isc_test_checksum_file (file);
  project = isc_project_load (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (project->loaded.conditions, ==, 4);
  g_assert_cmpuint (project->loaded.sites, ==, 12);
  g_assert_cmpuint (project->loaded.datasets, ==, 24);

  /* A site gone without the user removing it: an automatic save refuses, the file stays. */
  lost = g_ptr_array_index (project->conditions, 2);
  g_ptr_array_remove_index (lost->sites, 1);
  g_assert_false (isc_project_save_full (project, file, ISC_PROJECT_SAVE_AUTOMATIC, &error));
  g_assert_error (error, ISC_PROJECT_ERROR, ISC_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "study.ionscape"));
  g_assert_nonnull (strstr (error->message, "automatically"));
  g_clear_error (&error);
  assert_checksum (file, "==", before);

  /* Removed by the user (through the model's API), a site or a whole condition is saved. */
  g_clear_pointer (&project, isc_project_free);
  project = isc_project_load (file, &error);
  g_assert_no_error (error);
  lost = g_ptr_array_index (project->conditions, 2);
  g_assert_true (isc_condition_remove_site (lost, g_ptr_array_index (lost->sites, 1)));
  g_assert_true (isc_project_save_full (project, file, ISC_PROJECT_SAVE_AUTOMATIC, &error));
  g_assert_no_error (error);
  isc_project_remove_condition (project, lost);
  g_assert_true (isc_project_save_full (project, file, ISC_PROJECT_SAVE_AUTOMATIC, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_conditions_in (file), ==, 3);
}

static void
touch_at (const char *path,
          gint64      mtime_s)
{
  struct utimbuf times = { mtime_s, mtime_s };

  isc_test_write_file (path, "partial", 7);
  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

static void
test_stale_temps_removed (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "study.ionscape", NULL);
  g_autoptr(IscProject) project = numbered_project (dir, 1);
  g_autoptr(IscProject) loaded = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *removed[] = { ".study.ionscape.AbC123", ".study.ionscape.q0Z9xx" };
  const char *kept[] = {
    ".study.ionscape.Future",    /* newer than the running save */
    ".other.ionscape.AbC123",    /* another project */
    ".study.ionscape.AbC12",     /* not the pattern */
    ".study.ionscape.AbC1234",
    ".study.ionscape.AbC-23",
    "study.ionscape.AbC123",
    ".study.ionscape.bak",
  };

  g_assert_true (isc_project_save (project, file, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (removed); i++)
    {
      g_autofree char *path = g_build_filename (dir, removed[i], NULL);

      touch_at (path, now - 3600);
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *path = g_build_filename (dir, kept[i], NULL);

      touch_at (path, i == 0 ? now + 3600 : now - 3600);
    }
  g_assert_true (isc_project_save (project, file, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (removed); i++)
    {
      g_autofree char *path = g_build_filename (dir, removed[i], NULL);

      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *path = g_build_filename (dir, kept[i], NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    }

  /* Opening the project cleans up too, but leaves one a save may have only just created. */
  {
    g_autofree char *old = g_build_filename (dir, removed[0], NULL);
    g_autofree char *fresh = g_build_filename (dir, removed[1], NULL);

    touch_at (old, now - 3600);
    touch_at (fresh, now);
    loaded = isc_project_load (file, NULL);
    g_assert_nonnull (loaded);
    g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  }
}

static void
test_save_through_symlink (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *real_dir = g_build_filename (dir, "real", NULL);
  g_autofree char *link_dir = g_build_filename (dir, "links", NULL);
  g_autofree char *real = g_build_filename (real_dir, "study.ionscape", NULL);
  g_autofree char *link = g_build_filename (link_dir, "study.ionscape", NULL);
  g_autofree char *dangling = g_build_filename (link_dir, "new.ionscape", NULL);
  g_autofree char *created = g_build_filename (real_dir, "new.ionscape", NULL);
  g_autofree char *pos = NULL;
  g_autoptr(IscProject) project = NULL;
  g_autoptr(IscProject) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) folder = NULL;
  const char *name;

  g_assert_cmpint (g_mkdir (real_dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (link_dir, 0755), ==, 0);
  project = numbered_project (real_dir, 2);
  pos = g_strdup (dataset_at (project, 0, 0, 0)->path);
  g_assert_true (isc_project_save (project, real, NULL));
  g_assert_cmpint (symlink ("../real/study.ionscape", link), ==, 0);

  /* Through the link, paths are relative to the folder of the file itself. */
  loaded = isc_project_load (link, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->path, ==, link);
  g_assert_cmpstr (dataset_at (loaded, 0, 0, 0)->path, ==, pos);
  g_assert_cmpuint (loaded->outside_paths->len, ==, 0);

  isc_project_set_notes (loaded, "saved through the link");
  g_assert_true (isc_project_save (loaded, link, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  g_clear_pointer (&loaded, isc_project_free);
  loaded = isc_project_load (real, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->notes, ==, "saved through the link");
  g_assert_cmpstr (dataset_at (loaded, 0, 0, 0)->path, ==, pos);
  /* Nothing was written beside the link. */
  folder = g_dir_open (link_dir, 0, NULL);
  while ((name = g_dir_read_name (folder)) != NULL)
    g_assert_cmpstr (name, ==, "study.ionscape");

  /* A link to a file not written yet: the file is created where the link points. */
  g_assert_cmpint (symlink ("../real/new.ionscape", dangling), ==, 0);
  g_assert_true (isc_project_save (loaded, dangling, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (dangling, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (created, G_FILE_TEST_IS_REGULAR));
}

/* Loading reports dataset and range paths that leave the project's folder. */
static void
test_outside_paths_reported (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *project_dir = g_build_filename (dir, "project", NULL);
  g_autofree char *file = g_build_filename (project_dir, "study.ionscape", NULL);
  g_autofree char *inside = g_build_filename (project_dir, "apt", "a.pos", NULL);
  g_autofree char *up = g_build_filename (dir, "secret.rrng", NULL);
  g_autofree char *linked = g_build_filename (project_dir, "escape", NULL);
  g_autofree char *via_link = g_build_filename (project_dir, "escape", "secret.rrng", NULL);
  g_autoptr(IscProject) project = isc_project_new ();
  g_autoptr(IscProject) loaded = NULL;
  g_autoptr(GError) error = NULL;
  IscSite *site;
  IscDataset *dataset;

  g_assert_cmpint (g_mkdir (project_dir, 0755), ==, 0);
  isc_test_write_file (up, "root:x:0:0\n", 11);
  g_assert_cmpint (symlink ("..", linked), ==, 0);
  site = isc_condition_add_site (isc_project_add_condition (project, "c", 1), "R1", 5, "");
  dataset = isc_site_add_dataset (site, ISC_DATASET_APT, inside);
  isc_dataset_set_range_path (dataset, up);
  isc_site_add_dataset (site, ISC_DATASET_RANGES, "/etc/passwd");
  isc_site_add_dataset (site, ISC_DATASET_RANGES, via_link);
  isc_site_add_dataset (site, ISC_DATASET_RANGES, up);
  g_assert_true (isc_project_save (project, file, NULL));

  loaded = isc_project_load (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->outside_paths->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (loaded->outside_paths, 0), ==, up);
  g_assert_cmpstr (g_ptr_array_index (loaded->outside_paths, 1), ==, "/etc/passwd");
  g_assert_cmpstr (g_ptr_array_index (loaded->outside_paths, 2), ==, via_link);
  g_assert_true (isc_path_is_inside (project_dir, inside));
  g_assert_false (isc_path_is_inside (project_dir, up));
  g_assert_false (isc_path_is_inside (project_dir, "/etc/passwd"));
  g_assert_false (isc_path_is_inside ("/a/b", "/a/bc/x"));
  g_assert_true (isc_path_is_inside ("/", "/etc/passwd"));
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
  g_test_add_func ("/project-file/corrupt-blocks-quiet-exit", test_corrupt_blocks_quiet_exit);
  g_test_add_func ("/project-file/refuse-gaps", test_refuse_gaps);
  g_test_add_func ("/project-file/refuse-bad-depth", test_refuse_bad_depth);
  g_test_add_func ("/project-file/quoted-content-is-short", test_quoted_content_is_short);
  g_test_add_func ("/project-file/backup-when-shrinking", test_backup_when_shrinking);
  g_test_add_func ("/project-file/automatic-save-keeps-loaded", test_automatic_save_keeps_loaded);
  g_test_add_func ("/project-file/stale-temps-removed", test_stale_temps_removed);
  g_test_add_func ("/project-file/save-through-symlink", test_save_through_symlink);
  g_test_add_func ("/project-file/outside-paths-reported", test_outside_paths_reported);
  g_test_add_func ("/project-file/refuse-newer-version", test_refuse_newer_version);
  g_test_add_func ("/project-file/refuse-other-application", test_refuse_other_application);
  return g_test_run ();
}
