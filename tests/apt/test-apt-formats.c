/* test-apt-formats.c: .epos, AP Suite .apt, .ato and NXapm readers on files built here from
 * the byte layouts of apt-formats.md, and malformed variants of each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <hdf5.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "apt-readers.h"
#include "column-cache.h"
#include "nxapm-io.h"
#include "range-set.h"
#include "ion-cloud.h"
#include "range-io.h"
#include "test-util.h"

static void
put32 (GByteArray *a,
       guint32     v,
       gboolean    big)
{
  guint8 b[4];

  if (big)
    { b[0] = v >> 24; b[1] = v >> 16; b[2] = v >> 8; b[3] = v; }
  else
    { b[0] = v; b[1] = v >> 8; b[2] = v >> 16; b[3] = v >> 24; }
  g_byte_array_append (a, b, 4);
}

static void
putf (GByteArray *a,
      float       f,
      gboolean    big)
{
  guint32 u;

  memcpy (&u, &f, 4);
  put32 (a, u, big);
}

static void
put64 (GByteArray *a,
       guint64     v)
{
  put32 (a, (guint32) v, FALSE);
  put32 (a, (guint32) (v >> 32), FALSE);
}

static void
put_zeros (GByteArray *a,
           gsize       n)
{
  static const guint8 zero[64] = { 0 };

  while (n > 0)
    {
      gsize k = MIN (n, sizeof zero);

      g_byte_array_append (a, zero, k);
      n -= k;
    }
}

static char *
write_bytes (const char *name,
             const void *data,
             gsize       len)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  char *path = g_build_filename (dir, name, NULL);

  isc_test_write_file (path, data, len);
  return path;
}

static void
expect_error (const char *name,
              const void *data,
              gsize       len,
              int         code)
{
  g_autofree char *path = write_bytes (name, data, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);

  g_assert_null (cloud);
  if (!g_error_matches (error, ISC_APT_ERROR, code))
    g_error ("%s: expected code %d, got %s", name, code, error != NULL ? error->message : "no error");
  g_assert_nonnull (strstr (error->message, name));
}

/* ---- .epos ---- */

static GByteArray *
make_epos (void)
{
  GByteArray *a = g_byte_array_new ();

  for (int i = 0; i < 3; i++)
    {
      putf (a, 1.0f + i, TRUE);          /* x nm */
      putf (a, -2.0f * i, TRUE);         /* y */
      putf (a, 10.0f + i, TRUE);         /* z */
      putf (a, 7.0f * (i + 1), TRUE);    /* m/n Da */
      putf (a, 500.0f + i, TRUE);        /* TOF ns */
      putf (a, 4.5f, TRUE);              /* DC kV */
      putf (a, 0.25f, TRUE);             /* pulse kV */
      putf (a, 12.5f, TRUE);             /* det x mm */
      putf (a, -3.0f, TRUE);             /* det y mm */
      put32 (a, i == 1 ? 0 : 17 + i, TRUE);   /* pulses since last event */
      put32 (a, i == 0 ? 2 : i == 1 ? 0 : 1, TRUE);   /* multiplicity: a double then a single */
    }
  return a;
}

static void
test_epos (void)
{
  g_autoptr(GByteArray) a = make_epos ();
  g_autofree char *path = write_bytes ("three.epos", a->data, a->len);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) c = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (c->format, ==, "epos");
  g_assert_cmpuint (c->n_ions, ==, 3);
  g_assert_cmpfloat (c->x[2], ==, 3.0f);
  g_assert_cmpfloat (c->y[1], ==, -2.0f);
  g_assert_cmpfloat (c->mq[2], ==, 21.0f);
  g_assert_cmpfloat (c->tof[1], ==, 501.0f);
  g_assert_cmpfloat (c->v_dc[0], ==, 4500.0f);    /* kV → V */
  g_assert_cmpfloat (c->v_pulse[0], ==, 250.0f);
  g_assert_cmpfloat (c->det_x[2], ==, 12.5f);
  g_assert_cmpfloat (c->det_y[2], ==, -3.0f);
  g_assert_cmpuint (c->pulse_delta[0], ==, 17);
  g_assert_cmpuint (c->pulse_delta[2], ==, 19);
  g_assert_cmpuint (c->multiplicity[0], ==, 2);
  g_assert_cmpuint (c->multiplicity[1], ==, 0);
  g_assert_cmpfloat (c->bounds_max[2], ==, 12.0f);
  g_assert_cmpfloat (c->mq_min, ==, 7.0f);
  /* 4 core floats + 5 float + 2 uint32 channels. */
  g_assert_cmpuint (isc_ion_cloud_get_memory_size (c) - sizeof (IscIonCloud), ==, 3 * 44);

  expect_error ("cut.epos", a->data, a->len - 1, ISC_ERROR_FORMAT);
  expect_error ("short.epos", a->data, 40, ISC_ERROR_FORMAT);
  {
    g_autoptr(GByteArray) bad = make_epos ();
    float nan = NAN;
    guint32 u;

    memcpy (&u, &nan, 4);
    u = GUINT32_TO_BE (u);
    memcpy (bad->data + 44 + 12, &u, 4);
    expect_error ("nan.epos", bad->data, bad->len, ISC_ERROR_INVALID);
  }
}

/* ---- AP Suite .apt ---- */

static void
put_utf16 (GByteArray *a,
           const char *text,
           guint       units)
{
  for (guint i = 0; i < units; i++)
    {
      guint8 b[2] = { i < strlen (text) ? (guint8) text[i] : 0, 0 };

      g_byte_array_append (a, b, 2);
    }
}

static void
put_section (GByteArray   *a,
             const char   *name,
             guint32       data_type,
             gint32        bits,
             gint32        record_size,
             guint64       count,
             const void   *data,
             gsize         len,
             gboolean      position)
{
  put32 (a, 'S' | 'E' << 8 | 'C' << 16, FALSE);
  put32 (a, position ? 172 : 148, FALSE);
  put32 (a, 2, FALSE);
  put_utf16 (a, name, 32);
  put32 (a, 1, FALSE);          /* section version */
  put32 (a, 1, FALSE);          /* one-to-one */
  put32 (a, 1, FALSE);          /* fixed size */
  put32 (a, data_type, FALSE);
  put32 (a, (guint32) bits, FALSE);
  put32 (a, (guint32) record_size, FALSE);
  put_utf16 (a, position ? "nm" : "", 16);
  put64 (a, count);
  put64 (a, len);
  if (position)
    for (int k = 0; k < 6; k++)
      putf (a, k < 3 ? -1.0f : 1.0f, FALSE);   /* bounding box */
  g_byte_array_append (a, data, len);
}

static GByteArray *
make_apt (gboolean with_mass,
          guint64  ion_count)
{
  GByteArray *a = g_byte_array_new ();
  g_autoptr(GByteArray) pos = g_byte_array_new ();
  g_autoptr(GByteArray) mass = g_byte_array_new ();
  g_autoptr(GByteArray) junk = g_byte_array_new ();
  g_autoptr(GByteArray) tof = g_byte_array_new ();
  const guint8 types[3] = { 0, 255, 1 };

  put32 (a, 'A' | 'P' << 8 | 'T' << 16, FALSE);
  put32 (a, 540, FALSE);
  put32 (a, 2, FALSE);
  put_utf16 (a, "test.apt", 256);
  put64 (a, 0);
  put64 (a, ion_count);
  g_assert_cmpuint (a->len, ==, 540);

  for (int i = 0; i < 3; i++)
    {
      putf (pos, 0.5f * i, FALSE);
      putf (pos, -1.0f * i, FALSE);
      putf (pos, 20.0f + i, FALSE);
      putf (mass, 16.0f + i, FALSE);
      putf (tof, 300.0f + i, FALSE);
      put32 (junk, 0xDEADBEEF, FALSE);
    }
  put_zeros (junk, 5);   /* padding: byte count, not record count, drives the walk */

  put_section (a, "Position", 3, 32, 12, 3, pos->data, pos->len, TRUE);
  put_section (a, "Wobble", 2, 32, 4, 3, junk->data, junk->len, FALSE);
  if (with_mass)
    put_section (a, "Mass", 3, 32, 4, 3, mass->data, mass->len, FALSE);
  put_section (a, "Ion Type", 2, 8, 1, 3, types, 3, FALSE);
  put_section (a, "tof", 3, 32, 4, 3, tof->data, tof->len, FALSE);
  return a;
}

static void
test_apt (void)
{
  g_autoptr(GByteArray) a = make_apt (TRUE, 3);
  g_autofree char *path = write_bytes ("three.apt", a->data, a->len);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) c = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (c->format, ==, "apt");
  g_assert_cmpuint (c->n_ions, ==, 3);
  g_assert_cmpfloat (c->x[1], ==, 0.5f);
  g_assert_cmpfloat (c->y[2], ==, -2.0f);
  g_assert_cmpfloat (c->z[0], ==, 20.0f);
  g_assert_cmpfloat (c->mq[2], ==, 18.0f);
  g_assert_nonnull (c->ion_type);
  g_assert_cmpuint (c->ion_type[1], ==, ISC_ION_UNRANGED);
  g_assert_cmpuint (c->ion_type[2], ==, 1);
  g_assert_cmpfloat (c->tof[2], ==, 302.0f);
  g_assert_null (c->v_dc);

  /* Malformed variants. */
  {
    g_autoptr(GByteArray) no_mass = make_apt (FALSE, 3);
    g_autoptr(GByteArray) many = make_apt (TRUE, G_GUINT64_CONSTANT (1) << 40);
    g_autoptr(GByteArray) bad_sig = make_apt (TRUE, 3);
    g_autoptr(GByteArray) big_section = make_apt (TRUE, 3);
    g_autoptr(GByteArray) wrong_count = make_apt (TRUE, 2);
    guint64 huge = GUINT64_TO_LE (G_GUINT64_CONSTANT (1) << 50);

    expect_error ("nomass.apt", no_mass->data, no_mass->len, ISC_ERROR_FORMAT);
    expect_error ("many.apt", many->data, many->len, ISC_ERROR_FORMAT);
    bad_sig->data[540] = 'X';
    expect_error ("badsig.apt", bad_sig->data, bad_sig->len, ISC_ERROR_FORMAT);
    memcpy (big_section->data + 540 + 140, &huge, 8);
    expect_error ("bigsection.apt", big_section->data, big_section->len, ISC_ERROR_FORMAT);
    expect_error ("count.apt", wrong_count->data, wrong_count->len, ISC_ERROR_FORMAT);
    expect_error ("header.apt", a->data, 300, ISC_ERROR_FORMAT);
    expect_error ("cut.apt", a->data, a->len - 3, ISC_ERROR_FORMAT);
    expect_error ("nosig.apt", "XXXX", 4, ISC_ERROR_FORMAT);
  }
}

/* ---- .ato v3 ---- */

static void
test_ato (void)
{
  g_autoptr(GByteArray) a = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) c = NULL;
  g_autofree char *path = NULL;

  put32 (a, 0, FALSE);
  put32 (a, 3, FALSE);
  for (int i = 0; i < 2; i++)
    {
      float rec[14] = { 10.0f * (i + 1), -20.0f, 55.0f, 27.0f + i, 0, 1000.0f + i, 5.5f, 0.8f,
                        1.25f, -0.5f, 0.1f, 0, 0, 0 };

      for (int k = 0; k < 14; k++)
        putf (a, rec[k], FALSE);
    }
  path = write_bytes ("two.ato", a->data, a->len);
  c = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c->format, ==, "ato");
  g_assert_cmpuint (c->n_ions, ==, 2);
  g_assert_cmpfloat_with_epsilon (c->x[1], 2.0, 1e-6);    /* 20 Å */
  g_assert_cmpfloat_with_epsilon (c->y[0], -2.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (c->z[0], 5.5, 1e-6);
  g_assert_cmpfloat (c->mq[1], ==, 28.0f);
  g_assert_cmpfloat_with_epsilon (c->v_dc[0], 5500.0, 1e-3);
  g_assert_cmpfloat_with_epsilon (c->tof[0], 800.0, 1e-3);   /* 0.8 µs */
  g_assert_cmpfloat_with_epsilon (c->det_x[0], 12.5, 1e-5);  /* 1.25 cm */
  g_assert_cmpfloat_with_epsilon (c->v_pulse[0], 100.0, 1e-3);

  expect_error ("cut.ato", a->data, a->len - 4, ISC_ERROR_FORMAT);
  expect_error ("tiny.ato", a->data, 5, ISC_ERROR_FORMAT);
  a->data[4] = 5;
  expect_error ("v5.ato", a->data, a->len, ISC_ERROR_UNSUPPORTED);
}

/* ---- NXapm ---- */

static void
write_dataset (hid_t        file,
               const char  *name,
               int          rank,
               const hsize_t *dims,
               const float *data)
{
  hid_t lcpl = H5Pcreate (H5P_LINK_CREATE);
  hid_t space = H5Screate_simple (rank, dims, NULL);
  hid_t dset;

  H5Pset_create_intermediate_group (lcpl, 1);
  dset = H5Dcreate2 (file, name, H5T_IEEE_F32LE, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (dset, >=, 0);
  H5Dwrite (dset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
  H5Dclose (dset);
  H5Sclose (space);
  H5Pclose (lcpl);
}

static void
test_nxapm (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "tiny.nxs", NULL);
  g_autofree char *mismatch = g_build_filename (dir, "mismatch.nxs", NULL);
  const float xyz[4][3] = { { 0, 1, 2 }, { 3, 4, 5 }, { -6, 7, 8 }, { 9, -10, 11 } };
  const float mq[4] = { 7.0f, 16.0f, 29.0f, 74.0f };
  hsize_t d2[2] = { 4, 3 }, d1[1] = { 4 }, d3[1] = { 3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) c = NULL;
  hid_t file;

  file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  write_dataset (file, "/entry1/atom_probe/reconstruction/reconstructed_positions", 2, d2, &xyz[0][0]);
  write_dataset (file, "/entry1/atom_probe/mass_to_charge_conversion/mass_to_charge", 1, d1, mq);
  H5Fclose (file);

  c = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c->format, ==, "nxapm");
  g_assert_cmpuint (c->n_ions, ==, 4);
  g_assert_cmpfloat (c->x[2], ==, -6.0f);
  g_assert_cmpfloat (c->y[3], ==, -10.0f);
  g_assert_cmpfloat (c->z[1], ==, 5.0f);
  g_assert_cmpfloat (c->mq[3], ==, 74.0f);
  g_assert_cmpfloat (c->bounds_max[2], ==, 11.0f);

  file = H5Fcreate (mismatch, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  write_dataset (file, "/entry1/atom_probe/reconstruction/reconstructed_positions", 2, d2, &xyz[0][0]);
  write_dataset (file, "/entry1/atom_probe/mass_to_charge_conversion/mass_to_charge", 1, d3, mq);
  H5Fclose (file);
  g_clear_pointer (&c, isc_ion_cloud_unref);
  c = isc_ion_cloud_load (mismatch, NULL, NULL, NULL, &error);
  g_assert_null (c);
  g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT);
  g_clear_error (&error);

  expect_error ("junk.nxs", "\x89HDF\r\n\x1a\n and then nothing useful", 32, ISC_ERROR_FORMAT);
  expect_error ("nohdf.h5", "plain text", 10, ISC_ERROR_FORMAT);
}

/* The real NeXus and HDF5 fixtures hold ranging definitions / raw detector events only:
 * they must be refused with a message, not read as ions. */
static void
test_nxapm_fixtures (void)
{
  static const char *files[] = {
    "apt/ifes_apt_tc_data_modeling/imago/examples_without_provenance/default.analysis.nxs",
    "apt/pyccapt/AL_data_b.h5",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = isc_test_fixture_or_skip (files[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(IscIonCloud) c = NULL;

      if (path == NULL)
        return;
      c = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
      g_assert_null (c);
      g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT);
      g_assert_nonnull (strstr (error->message, "reconstructed_positions"));
    }
}

static void
test_nxapm_ranging_fixture (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("apt/ifes_apt_tc_data_modeling/imago/examples_without_provenance/default.analysis.nxs");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscRangeSet) set = NULL;
  guint8 bi, pbse2;

  if (path == NULL)
    return;
  set = isc_range_set_load (path, &error);
  g_assert_no_error (error);
  /* 14 ionK groups with one window each (h5dump); Ag, Se, Pb, PbSe2, BiSe2 occur more than once. */
  g_assert_cmpuint (isc_range_set_get_n_ranges (set), ==, 14);
  g_assert_cmpuint (isc_range_set_get_n_ion_types (set), ==, 8);
  bi = isc_range_set_lookup (set, 209.0f);
  g_assert_cmpstr (isc_range_set_get_ion_type (set, bi)->name, ==, "Bi");     /* "Bi +" in the file */
  g_assert_cmpuint (isc_range_set_lookup (set, 208.8f), ==, ISC_ION_UNRANGED);  /* window 208.876–209.087 */
  pbse2 = isc_range_set_lookup (set, 182.0f);
  g_assert_cmpuint (isc_range_set_count_atoms (set, pbse2, "Pb"), ==, 1);
  g_assert_cmpuint (isc_range_set_count_atoms (set, pbse2, "Se"), ==, 2);
}

static void
test_nxapm_round_trip (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "round.nxs", NULL);
  const char *rrng = "[Ranges]\nRange1=6.9 7.1 Li:1\nRange2=15.9 16.1 O:1 Color:3366FF\n"
                     "Range3=73.9 74.1 Ni:1 O:1\nRange4=75.9 76.1 Ni:1 O:1\nRange5=90 91 Name:Noise\n";
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autoptr(IscRangeSet) back = NULL;
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (6);
  g_autoptr(IscIonCloud) again = NULL;
  g_autoptr(GError) error = NULL;
  const float mq[6] = { 7.0f, 16.0f, 74.0f, 76.05f, 50.0f, 90.5f };
  guint8 iontypes[6];
  hid_t file, dset;

  ranges = isc_range_set_parse_rrng ("r.rrng", rrng, strlen (rrng), &error);
  g_assert_no_error (error);
  for (int i = 0; i < 6; i++)
    {
      cloud->x[i] = i;
      cloud->y[i] = -i;
      cloud->z[i] = 2 * i;
      cloud->mq[i] = mq[i];
    }
  g_assert_true (isc_ion_cloud_save_nxapm (cloud, ranges, path, &error));
  g_assert_no_error (error);

  again = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (again->mq, 24, cloud->mq, 24);
  g_assert_cmpmem (again->z, 24, cloud->z, 24);

  back = isc_range_set_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (isc_range_set_get_n_ranges (back), ==, 5);
  g_assert_cmpuint (isc_range_set_get_n_ion_types (back), ==, 4);
  for (guint r = 0; r < 5; r++)
    {
      const IscRange *a = isc_range_set_get_range (ranges, r), *b = isc_range_set_get_range (back, r);
      const IscIonType *ta = isc_range_set_get_ion_type (ranges, a->ion_type);
      const IscIonType *tb = isc_range_set_get_ion_type (back, b->ion_type);

      g_assert_cmpfloat (a->low, ==, b->low);
      g_assert_cmpfloat (a->high, ==, b->high);
      g_assert_cmpstr (ta->name, ==, tb->name);
      g_assert_cmpuint (ta->n_elements, ==, tb->n_elements);
      for (int c = 0; c < 3; c++)
        g_assert_cmpfloat_with_epsilon (ta->color[c], tb->color[c], 0.5 / 255);
    }
  g_assert_cmpuint (isc_range_set_count_atoms (back, isc_range_set_lookup (back, 74.0f), "O"), ==, 1);

  /* Per-ion types: 0 unranged, k + 1 for ion type k (Li 0, O 1, NiO 2, Noise 3). */
  file = H5Fopen (path, H5F_ACC_RDONLY, H5P_DEFAULT);
  dset = H5Dopen2 (file, "/entry1/atom_probe/ranging/peak_identification/iontypes", H5P_DEFAULT);
  g_assert_cmpint (dset, >=, 0);
  H5Dread (dset, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, iontypes);
  H5Dclose (dset);
  H5Fclose (file);
  g_assert_cmpuint (iontypes[0], ==, 1);
  g_assert_cmpuint (iontypes[1], ==, 2);
  g_assert_cmpuint (iontypes[2], ==, 3);
  g_assert_cmpuint (iontypes[3], ==, 3);
  g_assert_cmpuint (iontypes[4], ==, 0);
  g_assert_cmpuint (iontypes[5], ==, 4);
}

static void
test_junk (void)
{
  guint8 junk[997];
  guint32 state = 12345;

  for (gsize i = 0; i < sizeof junk; i++)
    {
      state = state * 1103515245u + 12345u;
      junk[i] = state >> 24;
    }
  expect_error ("junk.pos", junk, sizeof junk, ISC_ERROR_FORMAT);
  expect_error ("junk.epos", junk, sizeof junk, ISC_ERROR_FORMAT);
  expect_error ("junk.apt", junk, sizeof junk, ISC_ERROR_FORMAT);
  expect_error ("junk.ato", junk, sizeof junk, ISC_ERROR_FORMAT);
  expect_error ("junk.nxs", junk, sizeof junk, ISC_ERROR_FORMAT);
  expect_error ("empty.apt", junk, 0, ISC_ERROR_FORMAT);
  expect_error ("empty.nxs", junk, 0, ISC_ERROR_FORMAT);
}

/* Files that hold a valid header but no ion are refused with "PATH: no ions". */
static void
expect_no_ions (const char *name,
                const void *data,
                gsize       len)
{
  g_autofree char *path = write_bytes (name, data, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);

  g_assert_null (cloud);
  g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "no ions"));
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_no_ions (void)
{
  const guint8 ato_header[8] = { 0, 0, 0, 0, 3, 0, 0, 0 };   /* version 3, then no record */
  g_autoptr(GByteArray) apt = make_apt (TRUE, 0);

  expect_no_ions ("none.pos", "", 0);
  expect_no_ions ("none.epos", "", 0);
  expect_no_ions ("none.ato", ato_header, sizeof ato_header);
  expect_no_ions ("none.apt", apt->data, 540);   /* header with ion count 0, no section */
}

/* A FIFO (or a device) named as APT data is refused before open () could block on it. */
static void
test_fifo (void)
{
  const char *names[] = { "needle.pos", "needle.epos", "needle.apt", "needle.ato", "needle.nxs" };
  g_autofree char *dir = isc_test_make_tmpdir ();

  alarm (20);   /* a reader that blocks on the FIFO fails the test instead of hanging it */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr(GError) error = NULL;
      IscIonCloud *cloud;

      g_assert_cmpint (mkfifo (path, 0600), ==, 0);
      cloud = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
      g_assert_null (cloud);
      g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_IO);
      g_assert_nonnull (strstr (error->message, "pipe (FIFO)"));
      g_assert_nonnull (strstr (error->message, names[i]));
    }
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (isc_ion_cloud_load ("/dev/zero", NULL, NULL, NULL, &error));
    g_assert_nonnull (strstr (error->message, "a device"));
  }
  alarm (0);
}

/* ---- The column cache of the formats that are parsed ---- */

/* Loads @path twice with every file going through the cache: the second load maps the columns
 * the first wrote (in the background), and holds the same channels bit for bit. */
static void
assert_cached_like_parsed (const char *path,
                           gboolean    expect_mapped)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) parsed = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
  g_autoptr(IscIonCloud) again = NULL;

  g_assert_no_error (error);
  g_assert_false (isc_ion_cloud_is_mapped (parsed));
  isc_column_cache_wait ();
  again = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (isc_ion_cloud_is_mapped (again), ==, expect_mapped);
  g_assert_cmpstr (again->format, ==, parsed->format);
  g_assert_cmpuint (again->n_ions, ==, parsed->n_ions);
  g_assert_cmpint (memcmp (again->x, parsed->x, parsed->n_ions * 4), ==, 0);
  g_assert_cmpint (memcmp (again->y, parsed->y, parsed->n_ions * 4), ==, 0);
  g_assert_cmpint (memcmp (again->z, parsed->z, parsed->n_ions * 4), ==, 0);
  g_assert_cmpint (memcmp (again->mq, parsed->mq, parsed->n_ions * 4), ==, 0);
  g_assert_cmpint (again->tof == NULL, ==, parsed->tof == NULL);
  if (parsed->tof != NULL)
    g_assert_cmpint (memcmp (again->tof, parsed->tof, parsed->n_ions * 4), ==, 0);
  g_assert_cmpint (again->v_dc == NULL, ==, parsed->v_dc == NULL);
  if (parsed->v_dc != NULL)
    g_assert_cmpint (memcmp (again->v_dc, parsed->v_dc, parsed->n_ions * 4), ==, 0);
  /* ion types read from the file survive: such a file is parsed every time */
  g_assert_cmpint (again->ion_type == NULL, ==, parsed->ion_type == NULL);
  if (parsed->ion_type != NULL)
    g_assert_cmpint (memcmp (again->ion_type, parsed->ion_type, parsed->n_ions), ==, 0);
}

/* .apt, .ato and NXapm convert once into the column cache that later loads map, as .pos and
 * .epos do; an .apt with its own ion types is parsed each time, keeping them. */
static void
test_formats_cached (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autofree char *nxs = g_build_filename (dir, "cached.nxs", NULL);
  g_autoptr(GByteArray) apt = make_apt (TRUE, 3);
  g_autoptr(GByteArray) ato = g_byte_array_new ();
  g_autofree char *apt_path = NULL;
  g_autofree char *ato_path = NULL;
  g_autofree char *typeless_path = NULL;
  const float xyz[4][3] = { { 0, 1, 2 }, { 3, 4, 5 }, { -6, 7, 8 }, { 9, -10, 11 } };
  const float mq[4] = { 7.0f, 16.0f, 29.0f, 74.0f };
  hsize_t d2[2] = { 4, 3 }, d1[1] = { 4 };
  hid_t file;

  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("IONSCAPE_COLUMN_CACHE_MIN_BYTES", "0", TRUE);

  put32 (ato, 0, FALSE);
  put32 (ato, 3, FALSE);
  for (int i = 0; i < 5; i++)
    {
      float rec[14] = { 10.0f * (i + 1), -20.0f, 55.0f + i, 27.0f + i, 0, 1000.0f + i, 5.5f, 0.8f,
                        1.25f, -0.5f, 0.1f, 0, 0, 0 };

      for (int k = 0; k < 14; k++)
        putf (ato, rec[k], FALSE);
    }
  ato_path = write_bytes ("five.ato", ato->data, ato->len);
  assert_cached_like_parsed (ato_path, TRUE);

  file = H5Fcreate (nxs, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  write_dataset (file, "/entry1/atom_probe/reconstruction/reconstructed_positions", 2, d2, &xyz[0][0]);
  write_dataset (file, "/entry1/atom_probe/mass_to_charge_conversion/mass_to_charge", 1, d1, mq);
  H5Fclose (file);
  assert_cached_like_parsed (nxs, TRUE);

  apt_path = write_bytes ("typed.apt", apt->data, apt->len);
  assert_cached_like_parsed (apt_path, FALSE);
  /* without its "Ion Type" section (renamed, so the reader skips it) the .apt is cached */
  {
    guint8 *name = memmem (apt->data, apt->len, "I\0o\0n\0 \0T\0y\0p\0e\0", 16);

    g_assert_nonnull (name);
    name[0] = 'X';
    typeless_path = write_bytes ("typeless.apt", apt->data, apt->len);
    assert_cached_like_parsed (typeless_path, TRUE);
  }

  g_unsetenv ("IONSCAPE_COLUMN_CACHE_MIN_BYTES");
  g_unsetenv ("XDG_CACHE_HOME");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/apt/formats/epos", test_epos);
  g_test_add_func ("/apt/formats/no-ions", test_no_ions);
  g_test_add_func ("/apt/formats/apt", test_apt);
  g_test_add_func ("/apt/formats/ato", test_ato);
  g_test_add_func ("/apt/formats/nxapm", test_nxapm);
  g_test_add_func ("/apt/formats/nxapm-fixtures", test_nxapm_fixtures);
  g_test_add_func ("/apt/formats/nxapm-ranging", test_nxapm_ranging_fixture);
  g_test_add_func ("/apt/formats/nxapm-round-trip", test_nxapm_round_trip);
  g_test_add_func ("/apt/formats/junk", test_junk);
  g_test_add_func ("/apt/formats/fifo", test_fifo);
  g_test_add_func ("/apt/formats/cached", test_formats_cached);
  return g_test_run ();
}
