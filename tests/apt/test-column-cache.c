/* test-column-cache.c: a large file's second load maps the column cache, and everything read
 * from the mapping equals the parsed file bit for bit; a changed source or a damaged cache is
 * parsed again, never trusted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <utime.h>

#include "column-cache.h"
#include "composition.h"
#include "fda.h"
#include "profile.h"
#include "ion-cloud.h"
#include "range-set.h"

static char *tmpdir;

static void
put_be32 (GByteArray *a,
          guint32     v)
{
  guint32 be = GUINT32_TO_BE (v);

  g_byte_array_append (a, (const guint8 *) &be, 4);
}

static void
put_bef (GByteArray *a,
         float       f)
{
  guint32 v;

  memcpy (&v, &f, 4);
  put_be32 (a, v);
}

/* n ions with pseudo-random positions and three m/n peaks; .epos adds its seven channels. */
static char *
write_file (const char *name,
            gsize       n,
            gboolean    epos,
            guint32     seed)
{
  g_autoptr(GByteArray) a = g_byte_array_new ();
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  static const float peaks[] = { 7.0f, 29.0f, 16.0f };

  for (gsize i = 0; i < n; i++)
    {
      seed = seed * 1664525u + 1013904223u;
      put_bef (a, (seed >> 8) * (40.0f / (1 << 24)) - 20.0f);
      put_bef (a, (float) ((i * 37) % 101) * 0.3f);
      put_bef (a, (float) i * 0.01f);
      put_bef (a, peaks[seed % 3] + ((seed >> 4) % 100) * 0.001f);
      if (epos)
        {
          for (int k = 0; k < 5; k++)
            put_bef (a, (float) (i % 977) * (k + 1) * 0.5f);
          put_be32 (a, (guint32) (i % 5));
          put_be32 (a, (guint32) (1 + i % 2));
        }
    }
  g_assert_true (g_file_set_contents (path, (const char *) a->data, a->len, NULL));
  return g_steal_pointer (&path);
}

static IscIonCloud *
load (const char *path,
      gboolean    with_cache)
{
  g_autoptr(GError) error = NULL;
  IscIonCloud *cloud;

  g_setenv ("IONSCAPE_COLUMN_CACHE", with_cache ? "1" : "0", TRUE);
  cloud = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cloud);
  return cloud;
}

#define SAME_CHANNEL(field)                                                                  \
  G_STMT_START {                                                                             \
    g_assert_true ((a->field == NULL) == (b->field == NULL));                                \
    if (a->field != NULL)                                                                    \
      g_assert_cmpint (memcmp (a->field, b->field, a->n_ions * sizeof *a->field), ==, 0);    \
  } G_STMT_END

static void
assert_same_cloud (const IscIonCloud *a,
                   const IscIonCloud *b)
{
  g_assert_cmpuint (a->n_ions, ==, b->n_ions);
  SAME_CHANNEL (x);
  SAME_CHANNEL (y);
  SAME_CHANNEL (z);
  SAME_CHANNEL (mq);
  SAME_CHANNEL (tof);
  SAME_CHANNEL (v_dc);
  SAME_CHANNEL (v_pulse);
  SAME_CHANNEL (det_x);
  SAME_CHANNEL (det_y);
  SAME_CHANNEL (pulse_delta);
  SAME_CHANNEL (multiplicity);
  g_assert_cmpint (memcmp (a->bounds_min, b->bounds_min, sizeof a->bounds_min), ==, 0);
  g_assert_cmpint (memcmp (a->bounds_max, b->bounds_max, sizeof a->bounds_max), ==, 0);
  g_assert_cmpfloat (a->mq_min, ==, b->mq_min);
  g_assert_cmpfloat (a->mq_max, ==, b->mq_max);
  g_assert_cmpstr (a->format, ==, b->format);
}

static IscRangeSet *
three_ranges (void)
{
  IscRangeSet *set = isc_range_set_new ();
  const char *names[] = { "Li", "Ni", "O" };
  const double low[] = { 6.95, 28.95, 15.95 };

  for (guint t = 0; t < 3; t++)
    {
      IscElementCount el[ISC_MAX_ELEMENTS_PER_ION];
      guint n_el;
      double color[3] = { 0.5, 0.5, 0.5 };

      g_assert_true (isc_parse_formula (names[t], el, &n_el, NULL));
      g_assert_cmpint (isc_range_set_add_ion_type (set, names[t], el, n_el, color, NULL), ==, (int) t);
      g_assert_true (isc_range_set_add_range (set, low[t], low[t] + 0.15, t, NULL));
    }
  return set;
}

static void
check_format (const char *name,
              gboolean    epos)
{
  g_autofree char *path = write_file (name, 30000, epos, 11);
  g_autofree char *cache = isc_column_cache_path (path);
  g_autoptr(IscIonCloud) parsed = load (path, FALSE);
  g_autoptr(IscRangeSet) ranges = three_ranges ();

  g_assert_false (isc_ion_cloud_is_mapped (parsed));
  g_assert_false (g_file_test (cache, G_FILE_TEST_EXISTS));

  /* the first load of a .pos streams it into the cache and maps that (bounded memory); an
   * .epos is parsed and its cache written beside the work */
  {
    g_autoptr(IscIonCloud) first = load (path, TRUE);

    g_assert_true (isc_ion_cloud_is_mapped (first) == !epos);
    assert_same_cloud (parsed, first);
    if (!epos)
      g_assert_cmpuint (isc_ion_cloud_get_memory_size (first), ==, sizeof (IscIonCloud));
    isc_column_cache_wait ();
    g_assert_true (g_file_test (cache, G_FILE_TEST_IS_REGULAR));
  }
  /* the second maps it; analyses give the same numbers */
  {
    g_autoptr(IscIonCloud) second = load (path, TRUE);
    g_autoptr(IscComposition) from_parsed = isc_composition_compute (parsed, ranges, NULL, NULL, NULL);
    g_autoptr(IscComposition) from_mapped = isc_composition_compute (second, ranges, NULL, NULL, NULL);

    g_assert_true (isc_ion_cloud_is_mapped (second));
    assert_same_cloud (parsed, second);
    /* only the range index is the cloud's own memory */
    g_assert_cmpuint (isc_ion_cloud_get_memory_size (second), ==, sizeof (IscIonCloud));
    g_assert_cmpuint (from_parsed->n_elements, ==, from_mapped->n_elements);
    for (guint e = 0; e < from_parsed->n_elements; e++)
      g_assert_cmpfloat (from_parsed->atom_counts[e], ==, from_mapped->atom_counts[e]);
    g_assert_cmpfloat (from_parsed->atom_counts[0], >, 9000);
    /* ranging a mapped cloud writes only its own index */
    g_assert_true (isc_range_set_apply (ranges, second, NULL, NULL, NULL, NULL));
    g_assert_nonnull (second->ion_type);
  }
}

static void
test_pos (void)
{
  check_format ("needle.pos", FALSE);
}

static void
test_epos (void)
{
  check_format ("needle.epos", TRUE);
}

/* A source rewritten with other ions (same size, new time) is parsed again. */
static void
test_changed_source (void)
{
  g_autofree char *path = write_file ("changed.pos", 5000, FALSE, 1);
  g_autoptr(IscIonCloud) before = NULL;
  struct utimbuf times = { .actime = 1000000000, .modtime = 1000000000 };

  isc_ion_cloud_unref (load (path, TRUE));
  isc_column_cache_wait ();
  before = load (path, TRUE);
  g_assert_true (isc_ion_cloud_is_mapped (before));
  g_free (write_file ("changed.pos", 5000, FALSE, 2));
  g_assert_cmpint (utime (path, &times), ==, 0);
  {
    g_autoptr(IscIonCloud) parsed = load (path, FALSE);
    g_autoptr(IscIonCloud) after = load (path, TRUE);

    /* converted again from the new source, never the old columns */
    g_assert_true (isc_ion_cloud_is_mapped (after));
    assert_same_cloud (parsed, after);
    g_assert_cmpint (memcmp (before->x, after->x, 5000 * sizeof (float)), !=, 0);
  }
}

/* A cache cut short or overwritten with junk is ignored and written again. */
static void
test_damaged_cache (void)
{
  g_autofree char *path = write_file ("damaged.pos", 5000, FALSE, 3);
  g_autofree char *cache = isc_column_cache_path (path);
  g_autoptr(IscIonCloud) parsed = load (path, FALSE);

  isc_ion_cloud_unref (load (path, TRUE));
  isc_column_cache_wait ();
  g_assert_cmpint (truncate (cache, 4096 + 1000), ==, 0);
  {
    g_autoptr(IscIonCloud) cut = load (path, TRUE);

    assert_same_cloud (parsed, cut);
  }
  isc_column_cache_wait ();
  g_assert_true (g_file_set_contents (cache, "ISCCOL1\njunk", -1, NULL));
  {
    g_autoptr(IscIonCloud) junk = load (path, TRUE);

    assert_same_cloud (parsed, junk);
  }
  /* and each damaged cache was written again */
  isc_column_cache_wait ();
  {
    g_autoptr(IscIonCloud) again = load (path, TRUE);

    g_assert_true (isc_ion_cloud_is_mapped (again));
    assert_same_cloud (parsed, again);
  }
}

/* A cache cut short while a cloud maps it: every pass over the cloud ends in an error before
 * it reads a page that is gone (which would raise SIGBUS), and so does a rewrite in place. */
static void
test_truncated_while_mapped (void)
{
  g_autofree char *path = write_file ("cut-under.pos", 200000, FALSE, 5);
  g_autofree char *cache = isc_column_cache_path (path);
  g_autoptr(IscRangeSet) ranges = three_ranges ();
  g_autoptr(IscIonCloud) mapped = NULL;
  g_autoptr(GError) error = NULL;
  IscProfileSettings profile;
  IscFdaSettings fda;

  isc_ion_cloud_unref (load (path, TRUE));
  isc_column_cache_wait ();
  mapped = load (path, TRUE);
  g_assert_true (isc_ion_cloud_is_mapped (mapped));
  g_assert_true (isc_range_set_apply (ranges, mapped, NULL, NULL, NULL, NULL));
  g_assert_true (isc_ion_cloud_check_mapping (mapped, NULL));
  {
    g_autoptr(IscComposition) whole = isc_composition_compute (mapped, ranges, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (whole);
  }

  g_assert_cmpint (truncate (cache, 4096 + 1000), ==, 0);
  g_assert_false (isc_ion_cloud_check_mapping (mapped, &error));
  g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_IO);
  g_clear_error (&error);

  g_assert_null (isc_composition_compute (mapped, ranges, NULL, NULL, &error));
  g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "truncated or changed"));
  g_clear_error (&error);

  isc_profile_settings_init (&profile);
  for (int binning = ISC_PROFILE_FIXED_WIDTH; binning <= ISC_PROFILE_FIXED_COUNT; binning++)
    {
      profile.binning = binning;
      g_assert_null (isc_profile_compute (mapped, ranges, NULL, &profile, NULL, NULL, NULL, &error));
      g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_IO);
      g_clear_error (&error);
    }

  isc_fda_settings_init (&fda);
  fda.blocks = ISC_FDA_BLOCKS_SPATIAL;
  g_assert_null (isc_fda_compute (mapped, ranges, NULL, &fda, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_IO);
  g_clear_error (&error);

  /* the next load does not trust the damaged cache: it converts the source again */
  {
    g_autoptr(IscIonCloud) again = load (path, TRUE);
    g_autoptr(IscIonCloud) parsed = load (path, FALSE);

    assert_same_cloud (parsed, again);
  }
  isc_column_cache_wait ();
}

/* A cache directory that cannot be created: the first load of a .pos falls back to reading the
 * file into the cloud's own arrays, with the same ions. */
static void
test_unwritable_cache (void)
{
  g_autofree char *path = write_file ("nowhere.pos", 20000, FALSE, 9);
  g_autofree char *cache = isc_column_cache_path (path);
  g_autofree char *columns = g_path_get_dirname (cache);
  g_autofree char *aside = g_strconcat (columns, ".aside", NULL);
  g_autoptr(IscIonCloud) parsed = load (path, FALSE);

  /* a file where the directory should be: no cache can be written, not even as root */
  g_assert_cmpint (g_rename (columns, aside), ==, 0);
  g_assert_true (g_file_set_contents (columns, "", 0, NULL));
  {
    g_autoptr(IscIonCloud) first = load (path, TRUE);

    g_assert_false (isc_ion_cloud_is_mapped (first));
    assert_same_cloud (parsed, first);
    isc_column_cache_wait ();
    g_assert_false (g_file_test (cache, G_FILE_TEST_EXISTS));
  }
  g_assert_cmpint (g_unlink (columns), ==, 0);
  g_assert_cmpint (g_rename (aside, columns), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  tmpdir = g_dir_make_tmp ("isc-column-cache-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  /* before the first g_get_user_cache_dir (), which keeps what it reads */
  g_setenv ("XDG_CACHE_HOME", tmpdir, TRUE);
  g_setenv ("IONSCAPE_COLUMN_CACHE_MIN_BYTES", "0", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/apt/column-cache/pos", test_pos);
  g_test_add_func ("/apt/column-cache/epos", test_epos);
  g_test_add_func ("/apt/column-cache/changed-source", test_changed_source);
  g_test_add_func ("/apt/column-cache/damaged-cache", test_damaged_cache);
  g_test_add_func ("/apt/column-cache/truncated-while-mapped", test_truncated_while_mapped);
  g_test_add_func ("/apt/column-cache/unwritable-cache", test_unwritable_cache);
  status = g_test_run ();
  {
    const char *rm[] = { "rm", "-rf", tmpdir, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmpdir);
  return status;
}
