/* test-column-cache.c: a large file's second load maps the column cache, and everything read
 * from the mapping equals the parsed file bit for bit; a changed source or a damaged cache is
 * parsed again, never trusted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include "column-cache.h"
#include "composition.h"
#include "fda.h"
#include "profile.h"
#include "cluster.h"
#include "ion-cloud.h"
#include "isosurface.h"
#include "neighbours.h"
#include "range-set.h"
#include "spatial-index.h"
#include "voxel.h"
#include "test-util.h"

static char *tmpdir;
static char *inherited_cache_home;   /* XDG_CACHE_HOME as meson test gave it */

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

  /* the first load of a .pos or .epos streams it into the cache and maps that (bounded
   * memory: nothing per ion is the cloud's own) */
  {
    g_autoptr(IscIonCloud) first = load (path, TRUE);

    g_assert_true (isc_ion_cloud_is_mapped (first));
    assert_same_cloud (parsed, first);
    g_assert_cmpuint (isc_ion_cloud_get_memory_size (first), ==, sizeof (IscIonCloud));
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

/* An .epos with the positions of a real .pos fixture and channels at the edges of float: NaN
 * with a payload, infinities, −0, subnormals, kV that round when given in V, words at their
 * extremes. The streamed cache equals the reader's cloud bit for bit. */
static void
check_epos_from_fixture (const char *relative)
{
  g_autofree char *pos = isc_test_fixture_or_skip (relative);
  g_autoptr(IscIonCloud) real = NULL;
  g_autoptr(GByteArray) a = g_byte_array_new ();
  g_autofree char *path = NULL;
  static const guint32 odd_words[] = {
    0x7fc00001u, 0xffc12345u, 0x7f800000u, 0xff800000u, 0x80000000u, 0x00000001u, 0x807fffffu,
    0x3f9e0652u, 0xc2c80000u, 0x7f7fffffu,
  };

  if (pos == NULL)
    return;
  real = load (pos, FALSE);
  path = g_build_filename (tmpdir, "fixture.epos", NULL);
  for (gsize i = 0; i < real->n_ions; i++)
    {
      put_bef (a, real->x[i]);
      put_bef (a, real->y[i]);
      put_bef (a, real->z[i]);
      put_bef (a, real->mq[i]);
      for (int k = 0; k < 5; k++)
        {
          if ((i + k) % 3 == 0)
            put_be32 (a, odd_words[(i + k) % G_N_ELEMENTS (odd_words)]);
          else
            put_bef (a, (float) (i % 977) * 1.2345678f + k);
        }
      put_be32 (a, i % 7 == 0 ? G_MAXUINT32 : (guint32) i);
      put_be32 (a, (guint32) (i % 4));
    }
  g_assert_true (g_file_set_contents (path, (const char *) a->data, a->len, NULL));
  {
    g_autoptr(IscIonCloud) parsed = load (path, FALSE);
    g_autoptr(IscIonCloud) streamed = load (path, TRUE);

    g_assert_false (isc_ion_cloud_is_mapped (parsed));
    g_assert_true (isc_ion_cloud_is_mapped (streamed));
    g_assert_cmpuint (streamed->n_ions, ==, real->n_ions);
    assert_same_cloud (parsed, streamed);
    g_assert_true (isnan (streamed->tof[0]));
  }
  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
test_epos_fixtures (void)
{
  check_epos_from_fixture ("apt/iFit/test.pos");
  check_epos_from_fixture ("apt/jenjamin_APT-Data-Analysis/RPV_Cluster_Analysis/006_full.cluster.pos");
}

/* More ions than one 16 MiB chunk of 44-byte records holds (381 300): the chunks join. */
static void
test_epos_chunks (void)
{
  g_autofree char *path = write_file ("chunks.epos", 400000, TRUE, 21);
  g_autoptr(IscIonCloud) parsed = load (path, FALSE);
  g_autoptr(IscIonCloud) streamed = load (path, TRUE);

  g_assert_true (isc_ion_cloud_is_mapped (streamed));
  assert_same_cloud (parsed, streamed);
  g_clear_pointer (&streamed, isc_ion_cloud_unref);
  g_assert_cmpint (g_unlink (path), ==, 0);
}

static guint
count_temporaries (void)
{
  g_autofree char *dir = isc_column_cache_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    n += strstr (name, ".iscol.") != NULL;
  return n;
}

/* An .epos whose ion 5 has no position: the stream stops, leaves nothing behind, and the
 * reader's message names the ion. */
static void
test_epos_bad_value (void)
{
  g_autofree char *path = write_file ("bad.epos", 20, TRUE, 3);
  g_autofree char *cache = isc_column_cache_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  gsize len;
  float nan_value = NAN;
  guint32 be;

  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  memcpy (&be, &nan_value, 4);
  be = GUINT32_TO_BE (be);
  memcpy (bytes + 5 * 44 + 4, &be, 4);
  g_assert_true (g_file_set_contents (path, bytes, len, NULL));
  g_setenv ("IONSCAPE_COLUMN_CACHE", "1", TRUE);
  g_assert_null (isc_ion_cloud_load (path, NULL, NULL, NULL, &error));
  g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "ion 5"));
  isc_column_cache_wait ();
  g_assert_false (g_file_test (cache, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_temporaries (), ==, 0);
}

static void
set_times (const char *path,
           gint64      atime,
           gint64      mtime)
{
  struct timespec times[2] = { { atime, 0 }, { mtime, 0 } };

  if (atime < 0)
    times[0].tv_nsec = UTIME_OMIT;
  if (mtime < 0)
    times[1].tv_nsec = UTIME_OMIT;
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
}

static char *
in_cache_dir (const char *name)
{
  g_autofree char *dir = isc_column_cache_dir ();

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return g_build_filename (dir, name, NULL);
}

/* What killed runs leave: a temporary nobody writes goes once a minute old, one still written
 * (locked) stays unless a day old; files that are not the cache's are never touched. */
static void
test_tidy_temporaries (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *old = in_cache_dir ("00aa.iscol.Ab12Cd");
  g_autofree char *killed = in_cache_dir ("00bb.iscol.Ab12Ce");
  g_autofree char *writing = in_cache_dir ("00cc.iscol.Ab12Cf");
  g_autofree char *fresh = in_cache_dir ("00dd.iscol.Ab12Cg");
  g_autofree char *stuck = in_cache_dir ("00ee.iscol.Ab12Ch");
  g_autofree char *foreign = in_cache_dir ("notes.txt");
  const char *all[] = { old, killed, writing, fresh, stuck, foreign };
  int writer, stuck_writer;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    g_assert_true (g_file_set_contents (all[i], "partial columns", -1, NULL));
  writer = g_open (writing, O_RDWR, 0);
  stuck_writer = g_open (stuck, O_RDWR, 0);
  g_assert_cmpint (flock (writer, LOCK_EX | LOCK_NB), ==, 0);
  g_assert_cmpint (flock (stuck_writer, LOCK_EX | LOCK_NB), ==, 0);
  set_times (old, now - 2 * 86400, now - 2 * 86400);
  set_times (killed, now - 7200, now - 7200);
  set_times (writing, now - 7200, now - 7200);
  set_times (stuck, now - 2 * 86400, now - 2 * 86400);
  set_times (foreign, now - 30 * 86400, now - 30 * 86400);

  isc_column_cache_tidy (0);
  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (killed, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (stuck, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (writing, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (foreign, G_FILE_TEST_EXISTS));

  /* its writer gone, the temporary goes at the next tidy */
  close (writer);
  close (stuck_writer);
  isc_column_cache_tidy (0);
  g_assert_false (g_file_test (writing, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_unlink (fresh), ==, 0);
  g_assert_cmpint (g_unlink (foreign), ==, 0);
}

/* A cache's range indexes (NAME.iscol.KEY.types, range-index.c) go with it: an index whose
 * cache is gone is removed at the next tidy, as is its dead temporary; one whose cache is there
 * stays; `clear` takes them all. */
static void
test_tidy_range_indexes (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *cache = in_cache_dir ("01aa.iscol");
  g_autofree char *kept = in_cache_dir ("01aa.iscol.0123456789abcdef.types");
  g_autofree char *orphan = in_cache_dir ("01bb.iscol.0123456789abcdef.types");
  g_autofree char *dead_tmp = in_cache_dir ("01aa.iscol.0123456789abcdef.types.Ab12Cd");
  g_autofree char *live_tmp = in_cache_dir ("01aa.iscol.fedcba9876543210.types.Ab12Ce");
  const char *all[] = { cache, kept, orphan, dead_tmp, live_tmp };
  int writer;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    g_assert_true (g_file_set_contents (all[i], "types", -1, NULL));
  writer = g_open (live_tmp, O_RDWR, 0);
  g_assert_cmpint (flock (writer, LOCK_EX | LOCK_NB), ==, 0);
  set_times (dead_tmp, now - 7200, now - 7200);
  set_times (live_tmp, now - 7200, now - 7200);

  isc_column_cache_tidy (0);
  g_assert_true (g_file_test (cache, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (kept, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (orphan, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dead_tmp, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (live_tmp, G_FILE_TEST_EXISTS));
  /* `cache list` shows caches, not their indexes */
  {
    g_autoptr(GPtrArray) entries = isc_column_cache_list ();

    for (guint i = 0; i < entries->len; i++)
      g_assert_null (strstr (((IscColumnCacheEntry *) g_ptr_array_index (entries, i))->path, ".types"));
  }
  close (writer);
  g_assert_true (isc_column_cache_clear (NULL, NULL, NULL));
  g_assert_false (g_file_test (cache, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (kept, G_FILE_TEST_EXISTS));
  /* its writer gone, the old temporary goes too */
  g_assert_false (g_file_test (live_tmp, G_FILE_TEST_EXISTS));
}

/* Over the limit, whole caches go least recently used first, never one this process maps; a
 * cache whose source changed goes whatever the limit. */
static void
test_eviction_order (void)
{
  char *paths[5] = { NULL };
  char *caches[5] = { NULL };
  g_autofree char *limit = NULL;
  g_autoptr(IscIonCloud) held = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint64 one;

  g_assert_true (isc_column_cache_clear (NULL, NULL, NULL));
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("evict-%u.pos", i);

      paths[i] = write_file (name, 5000, FALSE, 40 + i);
      caches[i] = isc_column_cache_path (paths[i]);
      isc_ion_cloud_unref (load (paths[i], TRUE));
      g_assert_true (g_file_test (caches[i], G_FILE_TEST_IS_REGULAR));
    }
  /* 0 is the oldest but mapped here; 4's source changes */
  held = load (paths[0], TRUE);
  g_assert_true (isc_ion_cloud_is_mapped (held));
  for (guint i = 0; i < 5; i++)
    set_times (caches[i], now - 5000 + 1000 * i, -1);
  set_times (paths[4], now - 100, now - 100);

  entries = isc_column_cache_list ();
  g_assert_cmpuint (entries->len, ==, 5);
  one = ((IscColumnCacheEntry *) g_ptr_array_index (entries, 0))->bytes;
  g_assert_cmpuint (one, >=, 5000 * 16);
  g_assert_cmpstr (((IscColumnCacheEntry *) g_ptr_array_index (entries, 0))->path, ==, caches[0]);
  g_assert_true (((IscColumnCacheEntry *) g_ptr_array_index (entries, 0))->in_use);
  g_assert_cmpint (((IscColumnCacheEntry *) g_ptr_array_index (entries, 4))->source, ==,
                   ISC_COLUMN_CACHE_SOURCE_CHANGED);
  g_assert_cmpint (((IscColumnCacheEntry *) g_ptr_array_index (entries, 1))->source, ==,
                   ISC_COLUMN_CACHE_SOURCE_CURRENT);
  g_assert_cmpstr (((IscColumnCacheEntry *) g_ptr_array_index (entries, 1))->format, ==, "pos");

  /* room for two and a half: 4 (changed) goes, then 1 (0 is mapped), then 2 */
  limit = g_strdup_printf ("%" G_GUINT64_FORMAT, one * 5 / 2);
  g_setenv ("IONSCAPE_CACHE_LIMIT", limit, TRUE);
  g_assert_cmpuint (isc_column_cache_limit (), ==, one * 5 / 2);
  g_assert_cmpuint (isc_column_cache_tidy (0), ==, 3 * one);
  g_assert_true (g_file_test (caches[0], G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (caches[1], G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (caches[2], G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (caches[3], G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (caches[4], G_FILE_TEST_EXISTS));

  /* a new cache makes room for itself: 3 goes, 0 stays mapped */
  {
    g_autoptr(IscIonCloud) again = load (paths[1], TRUE);

    g_assert_true (isc_ion_cloud_is_mapped (again));
    g_assert_false (g_file_test (caches[3], G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (caches[0], G_FILE_TEST_EXISTS));
  }
  /* the held cloud still reads its pages */
  g_assert_true (isc_ion_cloud_check_mapping (held, NULL));
  g_setenv ("IONSCAPE_CACHE_LIMIT", "10%", TRUE);
  g_assert_cmpuint (isc_column_cache_limit (), >=, G_GUINT64_CONSTANT (1) << 20);
  g_unsetenv ("IONSCAPE_CACHE_LIMIT");
  g_assert_cmpuint (isc_column_cache_limit (), >=, ISC_COLUMN_CACHE_DEFAULT_MIN);
  for (guint i = 0; i < 5; i++)
    {
      g_free (paths[i]);
      g_free (caches[i]);
    }
}

/* The CLI: a process that opens a cache first tidies what killed runs left; `cache list` names
 * the source; `cache clear` removes the caches (only unlinks: a cloud mapping one here reads on). */
static void
test_cli_cache (void)
{
  g_autofree char *path = write_file ("cli.pos", 5000, FALSE, 77);
  g_autofree char *dead = in_cache_dir ("01ff.iscol.Zz9Yy8");
  g_autofree char *out = NULL;
  g_autoptr(IscIonCloud) held = NULL;
  g_autoptr(IscIonCloud) parsed = load (path, FALSE);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  held = load (path, TRUE);
  g_assert_true (g_file_set_contents (dead, "partial", -1, NULL));
  set_times (dead, now - 2 * 86400, now - 2 * 86400);
  g_setenv ("IONSCAPE_COLUMN_CACHE", "1", TRUE);
  g_assert_cmpint (isc_test_run_cli (NULL, NULL, "info", path, NULL), ==, 0);
  g_assert_false (g_file_test (dead, G_FILE_TEST_EXISTS));

  g_assert_cmpint (isc_test_run_cli (&out, NULL, "cache", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, path));
  g_assert_nonnull (strstr (out, "current"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "cache", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"limit_bytes\""));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (isc_test_run_cli (&out, NULL, "cache", "clear", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Removed"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (isc_test_run_cli (&out, NULL, "cache", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "in 0 files"));
  g_assert_true (isc_ion_cloud_check_mapping (held, NULL));
  assert_same_cloud (parsed, held);
  g_assert_cmpint (isc_test_run_cli (NULL, NULL, "cache", "drop", NULL), ==, 1);
}

/* Cuts the cache short once the first chunk of a pass has reported (one worker: the next
 * chunk is read only after its check). */
typedef struct
{
  const char *cache;
  gboolean    cut;
  double      at;
} CutJob;

static void
cut_midway (double   fraction,
            gpointer data)
{
  CutJob *job = data;

  if (job->cut || fraction <= 0)
    return;
  g_assert_cmpint (truncate (job->cache, 4096 + 1000), ==, 0);
  job->cut = TRUE;
  job->at = fraction;
}

/* A fresh mapping of @path's cache (converted again after a cut), ranged. */
static IscIonCloud *
mapped_ranged (const char        *path,
               const IscRangeSet *ranges)
{
  IscIonCloud *cloud = load (path, TRUE);

  g_assert_true (isc_ion_cloud_is_mapped (cloud));
  g_assert_true (isc_range_set_apply (ranges, cloud, NULL, NULL, NULL, NULL));
  return cloud;
}

#define ASSERT_CUT(error) \
  G_STMT_START { \
    g_assert_error ((error), ISC_APT_ERROR, ISC_ERROR_IO); \
    g_assert_nonnull (strstr ((error)->message, "truncated or changed")); \
    g_clear_error (&(error)); \
  } G_STMT_END

/* The spatial analyses on a mapped cache cut short: in the middle of a pass over the ions or
 * before the run, each ends in an error, never SIGBUS. */
static void
test_spatial_truncated (void)
{
  g_autofree char *path = write_file ("cut-spatial.pos", 300000, FALSE, 8);
  g_autofree char *cache = isc_column_cache_path (path);
  g_autoptr(IscRangeSet) ranges = three_ranges ();
  g_autoptr(IscIonCloud) parsed = load (path, FALSE);
  g_autoptr(IscIonCloud) mapped = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIsosurface) surface = NULL;
  const char *solutes[] = { "Li", NULL };
  IscVoxelSettings vs;
  IscConcMapSettings ms;
  IscClusterSettings cs;
  IscNnSettings ns;
  IscRdfSettings rs;
  IscProxigramSettings ps;
  IscQuantity q;
  IscRoi all = { .kind = ISC_ROI_ALL };
  IscVoxelGrid *grid;

  mapped = mapped_ranged (path, ranges);
  g_assert_true (isc_range_set_apply (ranges, parsed, NULL, NULL, NULL, NULL));
  isc_voxel_settings_init (&vs);
  vs.bin = 2.0;
  vs.n_workers = 1;
  g_assert_true (isc_quantity_parse ("Li", ranges, &q, &error));
  /* whole, the mapped cloud gives the parsed one's grid */
  grid = isc_voxel_grid_compute (mapped, ranges, NULL, &vs, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    IscVoxelGrid *from_parsed = isc_voxel_grid_compute (parsed, ranges, NULL, &vs, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (memcmp (grid->atoms, from_parsed->atoms,
                             isc_voxel_grid_get_n_voxels (grid) * sizeof (float)), ==, 0);
    isc_voxel_grid_free (from_parsed);
  }
  surface = isc_isosurface_compute (grid, &q, 0.3, NULL, &error);
  g_assert_no_error (error);
  isc_voxel_grid_free (grid);

  /* mid-pass: voxels, a concentration map, clusters */
  {
    CutJob job = { cache, FALSE, 0 };

    g_assert_null (isc_voxel_grid_compute (mapped, ranges, NULL, &vs, NULL, cut_midway, &job, &error));
    g_assert_true (job.cut);
    g_assert_cmpfloat (job.at, <, 0.7);
    ASSERT_CUT (error);
  }
  g_clear_pointer (&mapped, isc_ion_cloud_unref);
  mapped = mapped_ranged (path, ranges);
  isc_conc_map_settings_init (&ms);
  ms.n_workers = 1;
  {
    CutJob job = { cache, FALSE, 0 };

    g_assert_null (isc_conc_map_compute (mapped, ranges, &all, &q, &ms, NULL, cut_midway, &job, &error));
    g_assert_true (job.cut);
    g_assert_cmpfloat (job.at, <, 0.95);
    ASSERT_CUT (error);
  }
  g_clear_pointer (&mapped, isc_ion_cloud_unref);
  mapped = mapped_ranged (path, ranges);
  isc_cluster_settings_init (&cs);
  cs.solutes = solutes;
  cs.n_workers = 1;
  {
    CutJob job = { cache, FALSE, 0 };

    g_assert_null (isc_cluster_compute (mapped, ranges, NULL, &cs, NULL, cut_midway, &job, &error));
    g_assert_true (job.cut);
    g_assert_cmpfloat (job.at, <, 0.1);
    ASSERT_CUT (error);
  }

  /* before the run: every other analysis stops before its first read */
  g_assert_null (isc_voxel_grid_compute (mapped, ranges, NULL, &vs, NULL, NULL, NULL, &error));
  ASSERT_CUT (error);
  g_assert_null (isc_conc_map_compute (mapped, ranges, &all, &q, &ms, NULL, NULL, NULL, &error));
  ASSERT_CUT (error);
  g_assert_false (isc_isosurface_count_ions (surface, mapped, ranges, NULL, NULL, &error));
  ASSERT_CUT (error);
  isc_proxigram_settings_init (&ps);
  g_assert_null (isc_proxigram_compute (surface, mapped, ranges, NULL, &ps, NULL, NULL, NULL, &error));
  ASSERT_CUT (error);
  isc_nn_settings_init (&ns);
  g_assert_null (isc_nn_compute (mapped, ranges, NULL, "Li", NULL, &ns, NULL, NULL, NULL, &error));
  ASSERT_CUT (error);
  isc_rdf_settings_init (&rs);
  g_assert_null (isc_rdf_compute (mapped, ranges, NULL, "Li", "O", &rs, NULL, NULL, NULL, &error));
  ASSERT_CUT (error);
  g_assert_null (isc_spatial_index_new (mapped, NULL, 0, 1.0, &error));
  ASSERT_CUT (error);
  isc_quantity_clear (&q);
  g_clear_pointer (&mapped, isc_ion_cloud_unref);
  isc_column_cache_wait ();
}

/* A file named .pos or .epos that begins with another format's signature is that format (as
 * the loader reads it): never streamed as records, never cached. */
static void
test_signature_not_streamed (void)
{
  static const char *names[] = { "disguised.pos", "disguised.epos" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (tmpdir, names[i], NULL);
      g_autofree char *cache = isc_column_cache_path (path);
      g_autofree char *bytes = g_malloc0 (16 * 44 * 10);
      g_autoptr(GError) error = NULL;
      g_autoptr(IscIonCloud) cloud = NULL;

      memcpy (bytes, "APT\0", 4);
      g_assert_true (g_file_set_contents (path, bytes, 16 * 44 * 10, NULL));
      g_setenv ("IONSCAPE_COLUMN_CACHE", "1", TRUE);
      cloud = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
      /* the .apt reader's verdict, whatever it is, and no cache */
      g_assert_true (cloud == NULL || !isc_ion_cloud_is_mapped (cloud));
      isc_column_cache_wait ();
      g_assert_false (g_file_test (cache, G_FILE_TEST_EXISTS));
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

/* Under an address-space limit the cache could not be mapped in: it is not written (a sparse
 * 10⁸-ion file would otherwise leave 1.6 GB of cache behind for nothing). */
static void
test_unmappable_not_written (void)
{
#if defined(__SANITIZE_ADDRESS__)
  g_test_skip ("AddressSanitizer reserves more address space than the limit allows");
#else
  if (g_test_subprocess ())
    {
      g_autofree char *path = g_build_filename (tmpdir, "sparse.pos", NULL);
      g_autofree char *cache = isc_column_cache_path (path);
      g_autoptr(GError) error = NULL;
      struct rlimit as = { 1u << 30, 1u << 30 };
      FILE *f = fopen (path, "wb");

      g_assert_nonnull (f);
      g_assert_cmpint (ftruncate (fileno (f), (off_t) 16 * 100000000), ==, 0);
      fclose (f);
      g_assert_cmpint (setrlimit (RLIMIT_AS, &as), ==, 0);
      g_assert_null (isc_column_cache_convert (path, NULL, NULL, NULL, &error));
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOMEM);
      g_assert_false (g_file_test (cache, G_FILE_TEST_EXISTS));
      g_assert_cmpuint (count_temporaries (), ==, 0);
      g_assert_cmpint (g_unlink (path), ==, 0);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
#endif
}

/* The suite runs with a cache of its own: no test writes into the user's ~/.cache. */
static void
test_suite_cache_home (void)
{
  g_autofree char *user_cache = g_build_filename (g_get_home_dir (), ".cache", NULL);

  if (g_getenv ("G_TEST_BUILDDIR") == NULL)
    {
      g_test_skip ("not run by meson test");
      return;
    }
  g_assert_nonnull (inherited_cache_home);
  g_assert_false (g_str_has_prefix (inherited_cache_home, user_cache));
  g_assert_nonnull (strstr (inherited_cache_home, g_getenv ("G_TEST_BUILDDIR")));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  tmpdir = g_dir_make_tmp ("isc-column-cache-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  inherited_cache_home = g_strdup (g_getenv ("XDG_CACHE_HOME"));
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
  g_test_add_func ("/apt/column-cache/epos-fixtures", test_epos_fixtures);
  g_test_add_func ("/apt/column-cache/epos-chunks", test_epos_chunks);
  g_test_add_func ("/apt/column-cache/epos-bad-value", test_epos_bad_value);
  g_test_add_func ("/apt/column-cache/tidy-temporaries", test_tidy_temporaries);
  g_test_add_func ("/apt/column-cache/tidy-range-indexes", test_tidy_range_indexes);
  g_test_add_func ("/apt/column-cache/eviction-order", test_eviction_order);
  g_test_add_func ("/apt/column-cache/cli", test_cli_cache);
  g_test_add_func ("/apt/column-cache/suite-cache-home", test_suite_cache_home);
  g_test_add_func ("/apt/column-cache/spatial-truncated", test_spatial_truncated);
  g_test_add_func ("/apt/column-cache/signature-not-streamed", test_signature_not_streamed);
  g_test_add_func ("/apt/column-cache/unmappable-not-written", test_unmappable_not_written);
  status = g_test_run ();
  {
    const char *rm[] = { "rm", "-rf", tmpdir, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmpdir);
  g_free (inherited_cache_home);
  return status;
}
