/* test-mapped-bands.c: the paths that keep a billion ions within memory give the results of the
 * loaded arrays, bit for bit: the persistent range index beside the column cache
 * (range-index.h), and fixed-count profiles and spatial frequency blocks filed in bands
 * (isc_ion_pass_band_bytes ()) on a mapped cloud.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fda.h"
#include "ion-pass.h"
#include "profile.h"
#include "range-index.h"
#include "test-util.h"

enum { T_LI, T_O, T_NI, T_LIO, N_TYPES };
static const char *formulas[N_TYPES] = { "Li", "O", "Ni", "LiO" };
static const float masses[N_TYPES] = { 7.0f, 16.0f, 58.0f, 23.0f };

#define N_IONS 300000  /* several chunks of 65536 */

static char *pos_path;

/* A needle with Li in clusters and unranged ions among the rest; equal z values repeat so the
 * order of equal keys matters. */
static void
write_needle (const char *path)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (23);
  g_autofree float (*ions)[4] = g_malloc (sizeof (float[4]) * N_IONS);

  for (gsize i = 0; i < N_IONS; i++)
    {
      float x = g_rand_double_range (rand, -15, 15), y = g_rand_double_range (rand, -15, 15);
      float z = (float) (g_rand_int_range (rand, 0, 20000) * 0.005);
      gboolean in_cluster = ((int) (x + 15) / 6 + (int) (y + 15) / 6 + (int) z / 20) % 4 == 0;
      double u = g_rand_double (rand);

      ions[i][0] = x;
      ions[i][1] = y;
      ions[i][2] = z;
      ions[i][3] = u < (in_cluster ? 0.5 : 0.05) ? masses[T_LI]
                   : u < 0.6 ? masses[T_O] : u < 0.8 ? masses[T_NI] : u < 0.9 ? masses[T_LIO] : 100.0f;
    }
  isc_test_write_pos (path, (const float (*)[4]) ions, N_IONS);
}

static IscIonCloud *
load (gboolean mapped)
{
  g_autoptr(GError) error = NULL;
  IscIonCloud *cloud;

  g_setenv ("IONSCAPE_COLUMN_CACHE", mapped ? "1" : "0", TRUE);
  cloud = isc_ion_cloud_load (pos_path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cloud);
  g_assert_cmpint (isc_ion_cloud_is_mapped (cloud), ==, mapped);
  return cloud;
}

/* The loaded arrays, ranged in memory. */
static IscIonCloud *
load_arrays (const IscRangeSet *ranges)
{
  return isc_test_load_ranged (pos_path, ranges, FALSE);
}

/* The mapped cache, ranged through the index. */
static IscIonCloud *
load_mapped (const IscRangeSet *ranges)
{
  return isc_test_load_ranged (pos_path, ranges, TRUE);
}

static void
test_range_index (void)
{
  g_autoptr(IscRangeSet) ranges = isc_test_make_ranges (formulas, masses, N_TYPES);
  g_autoptr(IscRangeSet) other = isc_test_make_ranges (formulas, masses, N_TYPES - 1);
  g_autoptr(IscIonCloud) arrays = load_arrays (ranges);
  g_autoptr(IscIonCloud) first = load (TRUE);
  g_autoptr(IscIonCloud) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = isc_range_index_path (ranges, first);
  g_autofree char *other_path = isc_range_index_path (other, first);
  GStatBuf st;
  gint64 mtime;

  g_assert_nonnull (path);
  g_assert_cmpstr (path, !=, other_path);
  /* the arrays have no cache: they range in memory */
  g_assert_null (isc_range_index_path (ranges, arrays));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* the first apply writes the index and maps it */
  g_assert_true (isc_range_index_apply (ranges, first, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (first->type_mapping);
  g_assert_cmpint (memcmp (first->ion_type, arrays->ion_type, N_IONS), ==, 0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 4096 + N_IONS);
  mtime = st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;

  /* a later load maps it without writing it again */
  second = load_mapped (ranges);
  g_assert_nonnull (second->type_mapping);
  g_assert_cmpint (memcmp (second->ion_type, arrays->ion_type, N_IONS), ==, 0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec, ==, mtime);
  /* ranging the cloud again writes its own pages, never the index (copy-on-write) */
  g_assert_true (isc_range_set_apply (other, second, NULL, NULL, NULL, NULL));
  g_clear_pointer (&second, isc_ion_cloud_unref);
  second = load_mapped (ranges);
  g_assert_cmpint (memcmp (second->ion_type, arrays->ion_type, N_IONS), ==, 0);

  /* cut short while mapped: the passes stop with an error, not SIGBUS */
  g_assert_cmpint (truncate (path, 4096 + N_IONS / 2), ==, 0);
  g_assert_false (isc_ion_cloud_check_mapping (second, &error));
  g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_IO);
  g_clear_error (&error);
  g_clear_pointer (&second, isc_ion_cloud_unref);
  g_clear_pointer (&first, isc_ion_cloud_unref);

  /* a damaged index is written again */
  second = load_mapped (ranges);
  g_assert_nonnull (second->type_mapping);
  g_assert_cmpint (memcmp (second->ion_type, arrays->ion_type, N_IONS), ==, 0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 4096 + N_IONS);
}

#define SAME_ARRAY ISC_TEST_SAME_ARRAY

static guint
n_open_files (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* A write of the index that is cancelled reports it, leaves neither the index nor its temporary
 * behind, and closes its file (it once kept the descriptor open). */
static void
test_range_index_cancelled (void)
{
  g_autoptr(IscRangeSet) ranges = isc_test_make_ranges (formulas, masses, N_TYPES);
  g_autoptr(IscIonCloud) cloud = load (TRUE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = isc_range_index_path (ranges, cloud);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  guint before;

  g_unlink (path);
  before = n_open_files ();
  g_cancellable_cancel (cancellable);
  g_assert_false (isc_range_index_apply (ranges, cloud, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (n_open_files (), ==, before);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      g_assert_false (g_str_has_prefix (name, base));
  }
}

static IscProfile *
profile (const IscIonCloud *cloud,
         const IscRangeSet *ranges,
         IscProfileAxis     axis)
{
  g_autoptr(GError) error = NULL;
  IscProfileSettings settings;
  IscProfile *p;

  isc_profile_settings_init (&settings);
  settings.binning = ISC_PROFILE_FIXED_COUNT;
  settings.atoms_per_bin = 997;
  settings.axis = axis;
  p = isc_profile_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);
  return p;
}

static GPtrArray *
fda (const IscIonCloud *cloud,
     const IscRangeSet *ranges,
     IscFdaCountUnit    unit)
{
  g_autoptr(GError) error = NULL;
  IscFdaSettings settings;
  GPtrArray *results;

  isc_fda_settings_init (&settings);
  settings.blocks = ISC_FDA_BLOCKS_SPATIAL;
  settings.count_unit = unit;
  settings.block_size = 50;
  results = isc_fda_compute (cloud, ranges, NULL, &settings, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

/* Bands small enough that the analyses only run within a memory cap far below what holding
 * every record at once needs (5 and 7 bytes per ion). */
static void
small_bands (gboolean on)
{
  if (on)
    {
      g_setenv ("IONSCAPE_BAND_BYTES", "150000", TRUE);
      g_setenv ("IONSCAPE_MEMORY_LIMIT", "1000000", TRUE);
    }
  else
    {
      g_unsetenv ("IONSCAPE_BAND_BYTES");
      g_unsetenv ("IONSCAPE_MEMORY_LIMIT");
    }
}

static void
test_profile_bands (void)
{
  g_autoptr(IscRangeSet) ranges = isc_test_make_ranges (formulas, masses, N_TYPES);
  g_autoptr(IscIonCloud) arrays = load_arrays (ranges);
  g_autoptr(IscIonCloud) mapped = load_mapped (ranges);

  for (guint k = 0; k < 6; k++)
    {
      IscProfileAxis axis = ISC_PROFILE_AXIS_X + k % 3;
      g_autoptr(IscProfile) one = NULL;
      g_autoptr(IscProfile) banded = NULL;
      g_autofree char *csv_one = NULL;
      g_autofree char *csv_banded = NULL;
      gsize cells;

      g_setenv ("IONSCAPE_WORKERS", "2", TRUE);
      small_bands (FALSE);
      one = profile (arrays, ranges, axis);
      g_setenv ("IONSCAPE_WORKERS", k < 3 ? "1" : "3", TRUE);
      small_bands (TRUE);
      banded = profile (mapped, ranges, axis);
      small_bands (FALSE);
      g_assert_cmpuint (one->n_bins, >, 100);
      g_assert_cmpuint (one->n_bins, ==, banded->n_bins);
      cells = (gsize) one->n_bins * one->n_elements;
      SAME_ARRAY (one->start, banded->start, one->n_bins);
      SAME_ARRAY (one->end, banded->end, one->n_bins);
      SAME_ARRAY (one->atoms, banded->atoms, one->n_bins);
      SAME_ARRAY (one->counts, banded->counts, cells);
      SAME_ARRAY (one->fraction, banded->fraction, cells);
      SAME_ARRAY (one->sigma, banded->sigma, cells);
      csv_one = isc_profile_to_csv (one);
      csv_banded = isc_profile_to_csv (banded);
      g_assert_cmpstr (csv_one, ==, csv_banded);
    }
  g_unsetenv ("IONSCAPE_WORKERS");
}

static void
test_fda_bands (void)
{
  g_autoptr(IscRangeSet) ranges = isc_test_make_ranges (formulas, masses, N_TYPES);
  g_autoptr(IscIonCloud) arrays = load_arrays (ranges);
  g_autoptr(IscIonCloud) mapped = load_mapped (ranges);

  for (int k = 0; k < 4; k++)
    {
      IscFdaCountUnit unit = k % 2 ? ISC_FDA_COUNT_IONS : ISC_FDA_COUNT_ATOMS;
      g_autoptr(GPtrArray) one = NULL;
      g_autoptr(GPtrArray) banded = NULL;
      g_autofree char *csv_one = NULL;
      g_autofree char *csv_banded = NULL;

      g_setenv ("IONSCAPE_WORKERS", "2", TRUE);
      small_bands (FALSE);
      one = fda (arrays, ranges, unit);
      g_setenv ("IONSCAPE_WORKERS", k < 2 ? "1" : "3", TRUE);
      small_bands (TRUE);
      banded = fda (mapped, ranges, unit);
      small_bands (FALSE);
      g_assert_cmpuint (one->len, ==, 3);
      g_assert_cmpuint (one->len, ==, banded->len);
      for (guint e = 0; e < one->len; e++)
        {
          const IscFdaResult *a = one->pdata[e], *b = banded->pdata[e];

          g_assert_cmpuint (a->n_blocks, >, 1000);
          g_assert_cmpuint (a->n_blocks, ==, b->n_blocks);
          g_assert_cmpuint (a->n_solute, ==, b->n_solute);
          SAME_ARRAY (a->observed, b->observed, a->block_size + 1);
          SAME_ARRAY (a->expected, b->expected, a->block_size + 1);
          SAME_ARRAY (&a->chi2, &b->chi2, 1);
          SAME_ARRAY (&a->mu, &b->mu, 1);
        }
      csv_one = isc_fda_results_to_csv (one);
      csv_banded = isc_fda_results_to_csv (banded);
      g_assert_cmpstr (csv_one, ==, csv_banded);
    }
  g_unsetenv ("IONSCAPE_WORKERS");
}

/* ⁶⁴Ni²⁺ in the O₂⁺ window at 32 Da: decomposed counts, whose blocks depend on their order (each
 * block's rounding remainder goes to the next). */
static const char *ni_o2_rrng =
  "[Ions]\nNumber=2\nIon1=Ni\nIon2=O2\n"
  "[Ranges]\nNumber=6\n"
  "Range1=28.9 29.05 Vol:0.01 Ni:1 Color:00FF00\nRange2=29.9 30.05 Vol:0.01 Ni:1 Color:00FF00\n"
  "Range3=30.9 31.05 Vol:0.01 Ni:1 Color:00FF00\nRange4=31.9 32.05 Vol:0.01 Ni:1 Color:00FF00\n"
  "Range5=31.93 32.05 Vol:0.01 O:2 Color:FF0000\nRange6=33.9 34.1 Vol:0.01 O:2 Color:FF0000\n";

/* A needle recorded along z, as an atom probe records: z rises with the ion's number, a little
 * out of order, in 30 × 30 nm columns of Ni²⁺ and O₂⁺ at their isotope abundances. */
static void
write_needle_along_z (const char *path)
{
  static const float peak[] = { 57.93534f / 2, 59.93079f / 2, 60.93106f / 2, 61.92835f / 2,
                                63.92797f / 2, 31.98983f, 32.99405f, 33.99407f };
  static const double weight[] = { 0.68077 * 0.8, 0.26223 * 0.8, 0.01140 * 0.8, 0.03634 * 0.8,
                                   0.00926 * 0.8, 0.995 * 0.2, 0.001 * 0.2, 0.004 * 0.2 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (31);
  g_autofree float (*ions)[4] = g_malloc (sizeof (float[4]) * N_IONS);

  for (gsize i = 0; i < N_IONS; i++)
    {
      double u = g_rand_double (rand);
      guint p = 0;

      while (p + 1 < G_N_ELEMENTS (peak) && (u -= weight[p]) > 0)
        p++;
      ions[i][0] = g_rand_double_range (rand, -15, 15);
      ions[i][1] = g_rand_double_range (rand, -15, 15);
      ions[i][2] = (float) (60.0 * i / N_IONS + g_rand_double_range (rand, 0, 0.2));
      ions[i][3] = peak[p];
    }
  isc_test_write_pos (path, (const float (*)[4]) ions, N_IONS);
}

/* Spatial blocks in bands along z on data recorded along z: each band reads its own part of
 * the file, carries each column's part-filled block to the next band, and the blocks come out
 * in the order of one band, on 1 and 3 workers, in plain and decomposed counts. */
static void
test_fda_z_bands (void)
{
  g_autofree char *tmp = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (tmp, "along-z.pos", NULL);
  g_autofree char *rrng = g_build_filename (tmp, "ni-o2.rrng", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscRangeSet) set = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscDecomposition) dec = NULL;
  const char *ni[] = { "Ni", NULL };

  write_needle_along_z (path);
  isc_test_write_file (rrng, ni_o2_rrng, strlen (ni_o2_rrng));
  set = isc_range_set_load (rrng, &error);
  g_assert_no_error (error);
  cloud = isc_test_load_ranged (path, set, TRUE);
  dec = isc_decomposition_compute (cloud, set, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  for (int k = 0; k < 4; k++)
    {
      IscFdaSettings settings;
      g_autoptr(GPtrArray) one = NULL;
      g_autoptr(GPtrArray) banded = NULL;
      g_autofree char *csv_one = NULL;
      g_autofree char *csv_banded = NULL;
      const IscFdaResult *a, *b;

      isc_fda_settings_init (&settings);
      settings.blocks = ISC_FDA_BLOCKS_SPATIAL;
      settings.block_size = 50;
      settings.decomposition = k < 2 ? dec : NULL;
      g_setenv ("IONSCAPE_WORKERS", "1", TRUE);
      one = isc_fda_compute (cloud, set, NULL, &settings, ni, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_setenv ("IONSCAPE_WORKERS", k % 2 ? "3" : "1", TRUE);
      small_bands (TRUE);
      banded = isc_fda_compute (cloud, set, NULL, &settings, ni, NULL, NULL, NULL, &error);
      small_bands (FALSE);
      g_assert_no_error (error);
      a = one->pdata[0];
      b = banded->pdata[0];
      g_assert_cmpuint (a->n_blocks, >, 5000);
      g_assert_cmpuint (a->n_blocks, ==, b->n_blocks);
      g_assert_cmpuint (a->n_solute, ==, b->n_solute);
      SAME_ARRAY (a->observed, b->observed, a->block_size + 1);
      SAME_ARRAY (&a->chi2, &b->chi2, 1);
      csv_one = isc_fda_results_to_csv (one);
      csv_banded = isc_fda_results_to_csv (banded);
      g_assert_cmpstr (csv_one, ==, csv_banded);
    }
  g_unsetenv ("IONSCAPE_WORKERS");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  int status;

  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("IONSCAPE_COLUMN_CACHE_MIN_BYTES", "0", TRUE);
  g_test_init (&argc, &argv, NULL);
  pos_path = g_build_filename (dir, "needle.pos", NULL);
  write_needle (pos_path);
  g_test_add_func ("/apt/mapped/range-index", test_range_index);
  g_test_add_func ("/apt/mapped/range-index-cancelled", test_range_index_cancelled);
  g_test_add_func ("/apt/mapped/profile-bands", test_profile_bands);
  g_test_add_func ("/apt/mapped/fda-bands", test_fda_bands);
  g_test_add_func ("/apt/mapped/fda-z-bands", test_fda_z_bands);
  status = g_test_run ();
  g_free (pos_path);
  return status;
}
