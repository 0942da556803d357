/* test-apt-pos.c: the .pos reader and writer against REFERENCE.md and hand-built files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "ion-cloud.h"
#include "pos-io.h"
#include "range-set.h"
#include "test-util.h"

#define RPV "apt/jenjamin_APT-Data-Analysis/RPV_Cluster_Analysis/"
#define EDGE "apt/jenjamin_APT-Data-Analysis/Automated_Edge_Cluster_Detection/"

typedef struct
{
  const char *pos;
  const char *rrng;
  gsize       ions;
  float       min[3], max[3];
  float       mass_min, mass_max;
  gsize       ranged;
  const char *counts;   /* "name=count,…" */
} Reference;

/* Values from fixtures/apt/REFERENCE.md (numpy, independent of Ionscape). */
static const Reference refs[] = {
  { RPV "006_full.cluster.pos", EDGE "006_full.cluster.rrng", 21772,
    { -18.318418502807617f, -16.86005401611328f, -18.9760684967041f },
    { 19.559913635253906f, 18.882736206054688f, 18.252147674560547f }, 1.0f, 3.0f, 21772,
    "Fe=891,Ni=10249,Cu=10632" },
  { RPV "006_full.cluster.indexed.pos", EDGE "006_full.cluster.indexed.rrng", 21837,
    { -18.424373626708984f, -16.86005401611328f, -18.9760684967041f },
    { 19.559913635253906f, 18.882736206054688f, 18.252147674560547f }, 1.0f, 38.0f, 21632,
    "Cluster1=558,Cluster2=22,Cluster3=678,Cluster4=668,Cluster5=689,Cluster6=571,Cluster7=641,"
    "Cluster8=396,Cluster9=702,Cluster10=706,Cluster11=535,Cluster12=704,Cluster13=202,Cluster14=650,"
    "Cluster15=681,Cluster16=668,Cluster17=736,Cluster18=703,Cluster19=713,Cluster20=704,Cluster21=720,"
    "Cluster22=722,Cluster23=679,Cluster24=668,Cluster25=717,Cluster26=682,Cluster27=710,Cluster28=43,"
    "Cluster29=702,Cluster30=371,Cluster31=608,Cluster32=215,Cluster33=724,Cluster34=700,Cluster35=717,"
    "Cluster36=727" },
  { RPV "006_full.cluster Edge Clusters Ranged.pos", EDGE "006_full.cluster.rrng", 15395,
    { -18.318418502807617f, -16.5403995513916f, -18.9760684967041f },
    { 19.559913635253906f, 18.882736206054688f, 18.252147674560547f }, 1.0f, 3.0f, 15395,
    "Fe=644,Ni=7181,Cu=7570" },
  { RPV "006_full.cluster Non Edge Clusters Ranged.pos", EDGE "006_full.cluster.rrng", 6377,
    { -11.667017936706543f, -16.86005401611328f, -5.757559776306152f },
    { 17.677600860595703f, 16.22926139831543f, 13.5626220703125f }, 1.0f, 3.0f, 6377,
    "Fe=247,Ni=3068,Cu=3062" },
};

static void
test_reference (void)
{
  for (guint r = 0; r < G_N_ELEMENTS (refs); r++)
    {
      g_autofree char *pos = isc_test_fixture_or_skip (refs[r].pos);
      g_autofree char *rrng = isc_test_fixture_or_skip (refs[r].rrng);
      g_autoptr(IscIonCloud) cloud = NULL;
      g_autoptr(IscRangeSet) set = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) pairs = NULL;
      g_autofree gsize *counts = NULL;
      gsize ranged = 0;

      if (pos == NULL || rrng == NULL)
        return;
      cloud = isc_ion_cloud_load (pos, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      set = isc_range_set_load (rrng, &error);
      g_assert_no_error (error);

      g_assert_cmpuint (cloud->n_ions, ==, refs[r].ions);
      g_assert_cmpstr (cloud->format, ==, "pos");
      for (int k = 0; k < 3; k++)
        {
          g_assert_cmpfloat (cloud->bounds_min[k], ==, refs[r].min[k]);
          g_assert_cmpfloat (cloud->bounds_max[k], ==, refs[r].max[k]);
        }
      g_assert_cmpfloat (cloud->mq_min, ==, refs[r].mass_min);
      g_assert_cmpfloat (cloud->mq_max, ==, refs[r].mass_max);

      g_assert_true (isc_range_set_apply (set, cloud, NULL, NULL, NULL, &error));
      counts = g_new0 (gsize, isc_range_set_get_n_ion_types (set));
      for (gsize i = 0; i < cloud->n_ions; i++)
        if (cloud->ion_type[i] != ISC_ION_UNRANGED)
          {
            counts[cloud->ion_type[i]]++;
            ranged++;
          }
      g_assert_cmpuint (ranged, ==, refs[r].ranged);

      pairs = g_strsplit (refs[r].counts, ",", -1);
      g_assert_cmpuint (g_strv_length (pairs), ==, isc_range_set_get_n_ion_types (set));
      for (guint p = 0; pairs[p] != NULL; p++)
        {
          g_auto(GStrv) kv = g_strsplit (pairs[p], "=", 2);
          gboolean found = FALSE;

          for (guint t = 0; t < isc_range_set_get_n_ion_types (set); t++)
            if (g_str_equal (isc_range_set_get_ion_type (set, t)->name, kv[0]))
              {
                g_assert_cmpuint (counts[t], ==, g_ascii_strtoull (kv[1], NULL, 10));
                found = TRUE;
              }
          g_assert_true (found);
        }
    }
}

static void
put_be (guint8 *p,
        float   v)
{
  guint32 u;

  memcpy (&u, &v, 4);
  p[0] = u >> 24; p[1] = u >> 16; p[2] = u >> 8; p[3] = u;
}

static void
test_hand_built (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "three.pos", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.pos", NULL);
  g_autofree char *bytes_a = NULL;
  g_autofree char *bytes_b = NULL;
  const float values[3][4] = { { 1.5f, -2.25f, 3.0f, 7.016f }, { -4.0f, 5.5f, -6.75f, 58.0f }, { 0.0f, 0.0f, 100.0f, 0.5f } };
  guint8 raw[48];
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscIonCloud) again = NULL;
  g_autoptr(GError) error = NULL;
  gsize len_a, len_b;

  for (int i = 0; i < 3; i++)
    for (int k = 0; k < 4; k++)
      put_be (raw + 16 * i + 4 * k, values[i][k]);
  isc_test_write_file (path, raw, sizeof raw);

  cloud = isc_ion_cloud_load_pos (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cloud->n_ions, ==, 3);
  for (int i = 0; i < 3; i++)
    {
      g_assert_cmpfloat (cloud->x[i], ==, values[i][0]);
      g_assert_cmpfloat (cloud->y[i], ==, values[i][1]);
      g_assert_cmpfloat (cloud->z[i], ==, values[i][2]);
      g_assert_cmpfloat (cloud->mq[i], ==, values[i][3]);
    }
  g_assert_cmpfloat (cloud->bounds_min[0], ==, -4.0f);
  g_assert_cmpfloat (cloud->bounds_max[2], ==, 100.0f);
  g_assert_cmpfloat (cloud->mq_min, ==, 0.5f);
  g_assert_null (cloud->tof);

  /* Byte-level round trip. */
  g_assert_true (isc_ion_cloud_save_pos (cloud, copy, &error));
  g_assert_true (g_file_get_contents (path, &bytes_a, &len_a, NULL));
  g_assert_true (g_file_get_contents (copy, &bytes_b, &len_b, NULL));
  g_assert_cmpmem (bytes_a, len_a, bytes_b, len_b);
  again = isc_ion_cloud_load (copy, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->n_ions, ==, 3);
}

static void
expect_error (const char *name,
              const void *data,
              gsize       len,
              int         code)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;

  isc_test_write_file (path, data, len);
  cloud = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
  g_assert_null (cloud);
  g_assert_error (error, ISC_APT_ERROR, code);
  g_assert_nonnull (strstr (error->message, name));
}

static void
test_malformed (void)
{
  guint8 raw[64] = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) empty = NULL;
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "empty.pos", NULL);

  expect_error ("truncated.pos", raw, 17, ISC_ERROR_FORMAT);
  expect_error ("short.pos", raw, 5, ISC_ERROR_FORMAT);
  put_be (raw + 16 + 8, NAN);
  expect_error ("nan.pos", raw, 32, ISC_ERROR_INVALID);
  put_be (raw + 16 + 8, 0.f);
  put_be (raw + 48 + 12, INFINITY);
  expect_error ("inf.pos", raw, 64, ISC_ERROR_INVALID);
  expect_error ("junk.xyz", raw, 64, ISC_ERROR_UNSUPPORTED);

  /* An empty .pos or .epos is a failed export: refused, naming the file. */
  isc_test_write_file (path, "", 0);
  empty = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
  g_assert_null (empty);
  g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "no ions"));
  g_clear_error (&error);
  {
    g_autofree char *epos = g_build_filename (dir, "empty.epos", NULL);
    g_autoptr(IscIonCloud) none = NULL;

    isc_test_write_file (epos, "", 0);
    none = isc_ion_cloud_load (epos, NULL, NULL, NULL, &error);
    g_assert_null (none);
    g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT);
    g_assert_true (g_str_has_prefix (error->message, epos));
    g_assert_nonnull (strstr (error->message, "no ions"));
    g_clear_error (&error);
  }

  {
    g_autoptr(IscIonCloud) none = isc_ion_cloud_load ("/nonexistent/x.pos", NULL, NULL, NULL, &error);

    g_assert_null (none);
    g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_IO);
  }
}

static void
test_cancel (void)
{
  g_autofree char *path = isc_test_fixture_or_skip (RPV "006_full.cluster.pos");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;

  if (path == NULL)
    return;
  g_cancellable_cancel (cancellable);
  cloud = isc_ion_cloud_load (path, cancellable, NULL, NULL, &error);
  g_assert_null (cloud);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

typedef struct
{
  GMainLoop   *loop;
  IscIonCloud *cloud;
  GError      *error;
  double       last_progress;
} AsyncState;

static void
on_progress (double   fraction,
             gpointer data)
{
  AsyncState *state = data;

  /* Called in the worker thread; a plain store is enough for the test. */
  state->last_progress = fraction;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  AsyncState *state = data;

  state->cloud = isc_ion_cloud_load_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_async (void)
{
  g_autofree char *path = isc_test_fixture_or_skip (RPV "006_full.cluster.pos");
  AsyncState state = { NULL, NULL, NULL, 0 };

  if (path == NULL)
    return;
  state.loop = g_main_loop_new (NULL, FALSE);
  isc_ion_cloud_load_async (path, NULL, on_progress, &state, on_loaded, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.cloud->n_ions, ==, 21772);
  g_assert_cmpfloat (state.last_progress, ==, 1.0);
  isc_ion_cloud_unref (state.cloud);

  state.cloud = NULL;
  isc_ion_cloud_load_async ("/nonexistent/none.pos", NULL, NULL, NULL, on_loaded, &state);
  g_main_loop_run (state.loop);
  g_assert_null (state.cloud);
  g_assert_error (state.error, ISC_APT_ERROR, ISC_ERROR_IO);
  g_clear_error (&state.error);
  g_main_loop_unref (state.loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/apt/pos/reference", test_reference);
  g_test_add_func ("/apt/pos/hand-built", test_hand_built);
  g_test_add_func ("/apt/pos/malformed", test_malformed);
  g_test_add_func ("/apt/pos/cancel", test_cancel);
  g_test_add_func ("/apt/pos/async", test_async);
  return g_test_run ();
}
