/* test-image-synthetic.c: files built byte by byte by the test for every reader — a valid one
 * (its pixels and calibration checked against what was written), then truncated, junk and
 * absurd-size variants that must end in a GError (run under ASan in the sanitizer build).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <tiffio.h>
#include <unistd.h>

#include "image.h"
#include "test-util.h"

#define W 5
#define H 4

/* pixel (x, y) of the synthetic image as displayed (row 0 at the top) */
static guint16
pixel_value (guint x,
             guint y)
{
  return 100 + 10 * y + x;
}

/* ---- byte builders ---- */

static void
put_be (GByteArray *b, guint64 v, guint size)
{
  for (guint i = 0; i < size; i++)
    {
      guint8 c = (v >> (8 * (size - 1 - i))) & 0xff;
      g_byte_array_append (b, &c, 1);
    }
}

static void
put_le (GByteArray *b, guint64 v, guint size)
{
  for (guint i = 0; i < size; i++)
    {
      guint8 c = (v >> (8 * i)) & 0xff;
      g_byte_array_append (b, &c, 1);
    }
}

static void
put_f32_le (GByteArray *b, float f)
{
  guint32 v;
  memcpy (&v, &f, 4);
  put_le (b, v, 4);
}

static void
put_f64_le (GByteArray *b, double d)
{
  guint64 v;
  memcpy (&v, &d, 8);
  put_le (b, v, 8);
}

/* ---- DM3 / DM4 ---- */

typedef struct
{
  GByteArray *b;
  gboolean    dm4;
} Dm;

static void
dm_word (Dm *dm, guint64 v)
{
  put_be (dm->b, v, dm->dm4 ? 8 : 4);
}

static void
dm_entry_start (Dm *dm, guint kind, const char *name)
{
  put_be (dm->b, kind, 1);
  put_be (dm->b, strlen (name), 2);
  g_byte_array_append (dm->b, (const guint8 *) name, strlen (name));
  if (dm->dm4)
    put_be (dm->b, 0, 8); /* tag size: not used by the reader */
}

static void
dm_group (Dm *dm, const char *name, guint n_tags)
{
  dm_entry_start (dm, 20, name);
  put_be (dm->b, 1, 1);
  put_be (dm->b, 0, 1);
  dm_word (dm, n_tags);
}

static void
dm_i32 (Dm *dm, const char *name, gint32 v)
{
  dm_entry_start (dm, 21, name);
  g_byte_array_append (dm->b, (const guint8 *) "%%%%", 4);
  dm_word (dm, 1);
  dm_word (dm, 3);
  put_le (dm->b, (guint32) v, 4);
}

static void
dm_f32 (Dm *dm, const char *name, float v)
{
  dm_entry_start (dm, 21, name);
  g_byte_array_append (dm->b, (const guint8 *) "%%%%", 4);
  dm_word (dm, 1);
  dm_word (dm, 6);
  put_f32_le (dm->b, v);
}

static void
dm_utf16 (Dm *dm, const char *name, const char *text)
{
  dm_entry_start (dm, 21, name);
  g_byte_array_append (dm->b, (const guint8 *) "%%%%", 4);
  dm_word (dm, 3);
  dm_word (dm, 20);
  dm_word (dm, 4);
  dm_word (dm, strlen (text));
  for (const char *p = text; *p; p++)
    put_le (dm->b, (guint8) *p, 2);
}

/* A W × H uint16 image, 0.25 nm × 2 Å pixels, x origin 4 px. The pixel data comes last so
 * that every truncation cuts into it or into the tags. */
static GByteArray *
build_dm (gboolean dm4,
          guint32  width,
          guint32  height)
{
  Dm dm = { g_byte_array_new (), dm4 };

  put_be (dm.b, dm4 ? 4 : 3, 4);
  put_be (dm.b, 0, dm4 ? 8 : 4);
  put_be (dm.b, 1, 4);
  /* root */
  put_be (dm.b, 1, 1);
  put_be (dm.b, 0, 1);
  dm_word (&dm, 1);
  dm_group (&dm, "ImageList", 1);
  dm_group (&dm, "", 2);
  dm_utf16 (&dm, "Name", "synthetic");
  dm_group (&dm, "ImageData", 4);
  dm_group (&dm, "Calibrations", 1);
  dm_group (&dm, "Dimension", 2);
  dm_group (&dm, "", 3);
  dm_f32 (&dm, "Origin", 4);
  dm_f32 (&dm, "Scale", 0.25f);
  dm_utf16 (&dm, "Units", "nm");
  dm_group (&dm, "", 3);
  dm_f32 (&dm, "Origin", 0);
  dm_f32 (&dm, "Scale", 2);
  dm_utf16 (&dm, "Units", "A");
  dm_i32 (&dm, "DataType", 10);
  dm_group (&dm, "Dimensions", 2);
  dm_i32 (&dm, "", width);
  dm_i32 (&dm, "", height);
  dm_entry_start (&dm, 21, "Data");
  g_byte_array_append (dm.b, (const guint8 *) "%%%%", 4);
  dm_word (&dm, 3);
  dm_word (&dm, 20);
  dm_word (&dm, 4);
  dm_word (&dm, W * H);
  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      put_le (dm.b, pixel_value (x, y), 2);
  return dm.b;
}

/* ---- TIA SER (version 0x0210, bottom row stored first) ---- */

static GByteArray *
build_ser (gint32 width,
           gint32 height)
{
  GByteArray *b = g_byte_array_new ();
  guint32 data_offset;

  put_le (b, 0x4949, 2);
  put_le (b, 0x0197, 2);
  put_le (b, 0x0210, 2);
  put_le (b, 0x4122, 4);
  put_le (b, 0x4152, 4);
  put_le (b, 1, 4);          /* total */
  put_le (b, 1, 4);          /* valid */
  put_le (b, 30 + 32, 4);    /* offset array right after the one dimension record */
  put_le (b, 1, 4);          /* series dimensions */
  put_le (b, 1, 4);
  put_f64_le (b, 0);
  put_f64_le (b, 1);
  put_le (b, 0, 4);
  put_le (b, 0, 4);
  put_le (b, 0, 4);
  data_offset = b->len + 8;
  put_le (b, data_offset, 4);
  put_le (b, 0, 4);
  /* element: x then y calibration (metres), type 2 = uint16, size */
  put_f64_le (b, -1e-9);
  put_f64_le (b, 1e-10);
  put_le (b, 0, 4);
  put_f64_le (b, 0);
  put_f64_le (b, 3e-10);
  put_le (b, 0, 4);
  put_le (b, 2, 2);
  put_le (b, (guint32) width, 4);
  put_le (b, (guint32) height, 4);
  for (int y = H - 1; y >= 0; y--)
    for (guint x = 0; x < W; x++)
      put_le (b, pixel_value (x, y), 2);
  return b;
}

/* ---- MRC (mode 6 = uint16, 2 sections) ---- */

static GByteArray *
build_mrc (gint32 nx,
           gint32 nsymbt)
{
  GByteArray *b = g_byte_array_new ();

  put_le (b, (guint32) nx, 4);
  put_le (b, H, 4);
  put_le (b, 2, 4);
  put_le (b, 6, 4);
  for (guint i = 16; i < 28; i += 4)
    put_le (b, 0, 4);
  put_le (b, W, 4);
  put_le (b, H, 4);
  put_le (b, 2, 4);
  put_f32_le (b, W * 1.5f);   /* 1.5 Å = 0.15 nm per pixel */
  put_f32_le (b, H * 1.5f);
  put_f32_le (b, 2 * 1.5f);
  while (b->len < 92)
    put_le (b, 0, 4);
  put_le (b, (guint32) nsymbt, 4);
  while (b->len < 1024)
    put_le (b, 0, 1);
  for (guint i = 0; i < (guint) MAX (nsymbt, 0) && i < 64; i++)
    put_le (b, 0xee, 1);
  for (guint f = 0; f < 2; f++)
    for (guint y = 0; y < H; y++)
      for (guint x = 0; x < W; x++)
        put_le (b, pixel_value (x, y) + 1000 * f, 2);
  return b;
}

/* ---- helpers ---- */

static char *
write_bytes (const char *dir,
             const char *name,
             const guint8 *data,
             gsize       len)
{
  char *path = g_build_filename (dir, name, NULL);
  /* plain stdio: g_file_set_contents fsyncs on every overwrite, and this runs thousands of times */
  FILE *f = fopen (path, "wb");

  g_assert_nonnull (f);
  g_assert_cmpuint (fwrite (data, 1, len, f), ==, len);
  g_assert_cmpint (fclose (f), ==, 0);
  return path;
}

static void
check_synthetic_pixels (const IscImage *image,
                        guint           frame,
                        guint           add)
{
  const float *p = isc_image_frame_const (image, frame);

  g_assert_cmpuint (image->width, ==, W);
  g_assert_cmpuint (image->height, ==, H);
  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      g_assert_cmpfloat (p[y * W + x], ==, pixel_value (x, y) + add);
}

static void
assert_refused (const char *path,
                const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = isc_image_load (path, 0, NULL, NULL, NULL, &error);
  g_autofree char *base = g_path_get_basename (path);

  if (image != NULL)
    g_error ("%s: %s was accepted", base, what);
  g_assert_error (error, ISC_IMAGE_ERROR, error->code);
  g_assert_true (g_str_has_prefix (error->message, base));
}

/* Every shorter prefix of a valid file must be refused. */
static void
assert_truncations_refused (const char   *dir,
                            const char   *name,
                            const guint8 *data,
                            gsize         len,
                            gsize         step)
{
  for (gsize cut = 0; cut < len; cut += step)
    {
      g_autofree char *path = write_bytes (dir, name, data, cut);
      g_autofree char *what = g_strdup_printf ("a copy truncated to %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes", cut, len);

      assert_refused (path, what);
    }
}

/* Deterministic single-byte corruptions: any result is fine except a crash or a bad read. */
static void
survive_corruptions (const char   *dir,
                     const char   *name,
                     const guint8 *data,
                     gsize         len)
{
  g_autofree guint8 *copy = g_memdup2 (data, len);
  GRand *rand = g_rand_new_with_seed (12345);

  for (guint i = 0; i < 200; i++)
    {
      gsize at = g_rand_int_range (rand, 0, len);
      guint8 old = copy[at];
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(IscImage) image = NULL;

      copy[at] = (guint8) g_rand_int (rand);
      path = write_bytes (dir, name, copy, len);
      image = isc_image_load (path, 0, NULL, NULL, NULL, &error);
      g_assert_true ((image != NULL) != (error != NULL));
      copy[at] = old;
    }
  g_rand_free (rand);
}

static void
test_dm (gconstpointer data)
{
  gboolean dm4 = GPOINTER_TO_INT (data);
  g_autofree char *dir = isc_test_make_tmpdir ();
  const char *name = dm4 ? "s.dm4" : "s.dm3";
  g_autoptr(GByteArray) good = build_dm (dm4, W, H);
  g_autoptr(GByteArray) huge = build_dm (dm4, 1000000, 1000000);
  g_autoptr(GByteArray) zero = build_dm (dm4, 0, H);
  g_autofree char *path = write_bytes (dir, name, good->data, good->len);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = isc_image_load (path, 0, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  check_synthetic_pixels (image, 0, 0);
  g_assert_cmpstr (image->format, ==, dm4 ? "dm4" : "dm3");
  g_assert_cmpstr (image->title, ==, "synthetic");
  g_assert_cmpstr (isc_image_dtype_name (image->dtype), ==, "uint16");
  /* coordinate = (i - origin) × scale: pixel 0 at -4 × 0.25 nm; 2 Å = 0.2 nm */
  g_assert_cmpfloat_with_epsilon (image->axis[ISC_IMAGE_AXIS_X].scale, 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (image->axis[ISC_IMAGE_AXIS_X].origin, -1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (image->axis[ISC_IMAGE_AXIS_Y].scale, 0.2, 1e-7);
  g_assert_cmpstr (image->axis[ISC_IMAGE_AXIS_Y].unit, ==, "nm");

  assert_truncations_refused (dir, name, good->data, good->len, 1);
  g_clear_pointer (&path, g_free);
  path = write_bytes (dir, name, huge->data, huge->len);
  assert_refused (path, "10¹² pixels");
  g_clear_pointer (&path, g_free);
  path = write_bytes (dir, name, zero->data, zero->len);
  assert_refused (path, "a zero width");
  g_clear_pointer (&path, g_free);
  path = write_bytes (dir, name, (const guint8 *) "\0\0\0\3junkjunkjunkjunkjunk", 24);
  assert_refused (path, "junk after the version");
  survive_corruptions (dir, name, good->data, good->len);
}

static void
test_ser (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autoptr(GByteArray) good = build_ser (W, H);
  g_autoptr(GByteArray) huge = build_ser (100000, 100000);
  g_autoptr(GByteArray) negative = build_ser (-5, H);
  g_autofree char *path = write_bytes (dir, "s_1.ser", good->data, good->len);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = isc_image_load (path, 0, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  /* rows were written bottom-up: the reader flips them back */
  check_synthetic_pixels (image, 0, 0);
  g_assert_cmpfloat_with_epsilon (image->axis[ISC_IMAGE_AXIS_X].scale, 0.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (image->axis[ISC_IMAGE_AXIS_X].origin, -1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (image->axis[ISC_IMAGE_AXIS_Y].scale, 0.3, 1e-9);

  assert_truncations_refused (dir, "s_1.ser", good->data, good->len, 1);
  g_clear_pointer (&path, g_free);
  path = write_bytes (dir, "s_1.ser", huge->data, huge->len);
  assert_refused (path, "10¹⁰ pixels");
  g_clear_pointer (&path, g_free);
  path = write_bytes (dir, "s_1.ser", negative->data, negative->len);
  assert_refused (path, "a negative width");
  g_clear_pointer (&path, g_free);
  /* an .emi without its .ser */
  path = write_bytes (dir, "lonely.emi", (const guint8 *) "<ObjectInfo></ObjectInfo>", 25);
  assert_refused (path, "an .emi without .ser");
  survive_corruptions (dir, "s_1.ser", good->data, good->len);
}

static void
test_mrc (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autoptr(GByteArray) good = build_mrc (W, 0);
  g_autoptr(GByteArray) extended = build_mrc (W, 64);
  g_autoptr(GByteArray) huge = build_mrc (1000000, 0);
  g_autoptr(GByteArray) bad_ext = build_mrc (W, 0x7fffffff);
  g_autofree char *path = write_bytes (dir, "s.mrc", good->data, good->len);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = isc_image_load (path, 0, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (image->frames, ==, 2);
  check_synthetic_pixels (image, 0, 0);
  check_synthetic_pixels (image, 1, 1000);
  g_assert_cmpfloat_with_epsilon (image->axis[ISC_IMAGE_AXIS_X].scale, 0.15, 1e-7);
  g_assert_cmpstr (image->axis[ISC_IMAGE_AXIS_X].unit, ==, "nm");
  g_clear_pointer (&image, isc_image_free);

  /* the extended header is skipped */
  g_clear_pointer (&path, g_free);
  path = write_bytes (dir, "s.mrc", extended->data, extended->len);
  image = isc_image_load (path, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  check_synthetic_pixels (image, 1, 1000);

  assert_truncations_refused (dir, "s.mrc", good->data, good->len, 7);
  g_clear_pointer (&path, g_free);
  path = write_bytes (dir, "s.mrc", huge->data, huge->len);
  assert_refused (path, "NX = 10⁶ without the data");
  g_clear_pointer (&path, g_free);
  path = write_bytes (dir, "s.mrc", bad_ext->data, bad_ext->len);
  assert_refused (path, "a 2 GB extended header");
}

/* ---- HDF5: Berkeley EMD v0.2 and Velox written with the HDF5 API ---- */

static void
write_string_attr (hid_t obj, const char *name, const char *value)
{
  hid_t type = H5Tcopy (H5T_C_S1), space = H5Screate (H5S_SCALAR), attr;

  H5Tset_size (type, strlen (value) + 1);
  attr = H5Acreate2 (obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite (attr, type, value);
  H5Aclose (attr);
  H5Sclose (space);
  H5Tclose (type);
}

static void
write_int_attr (hid_t obj, const char *name, int value)
{
  hid_t space = H5Screate (H5S_SCALAR);
  hid_t attr = H5Acreate2 (obj, name, H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT);

  H5Awrite (attr, H5T_NATIVE_INT, &value);
  H5Aclose (attr);
  H5Sclose (space);
}

static void
write_vector (hid_t group, const char *name, const float *v, hsize_t n, const char *label, const char *units)
{
  hid_t space = H5Screate_simple (1, &n, NULL);
  hid_t dset = H5Dcreate2 (group, name, H5T_IEEE_F32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);

  H5Dwrite (dset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
  write_string_attr (dset, "name", label);
  write_string_attr (dset, "units", units);
  H5Dclose (dset);
  H5Sclose (space);
}

static void
build_berkeley (const char *path)
{
  hid_t file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  hid_t data = H5Gcreate2 (file, "data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hid_t group = H5Gcreate2 (data, "synthetic", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hsize_t dims[2] = { H, W };
  hid_t space = H5Screate_simple (2, dims, NULL);
  hid_t dset = H5Dcreate2 (group, "data", H5T_STD_U16LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  guint16 pixels[H * W];
  const float ys[H] = { 0, 0.5f, 1.0f, 1.5f }, xs[W] = { 2, 2.25f, 2.5f, 2.75f, 3 };

  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      pixels[y * W + x] = pixel_value (x, y);
  H5Dwrite (dset, H5T_NATIVE_UINT16, H5S_ALL, H5S_ALL, H5P_DEFAULT, pixels);
  write_int_attr (file, "version_major", 0);
  write_int_attr (file, "version_minor", 2);
  write_int_attr (group, "emd_group_type", 1);
  write_vector (group, "dim1", ys, H, "y", "[n_m]");
  write_vector (group, "dim2", xs, W, "x", "nm");
  H5Dclose (dset);
  H5Sclose (space);
  H5Gclose (group);
  H5Gclose (data);
  H5Fclose (file);
}

static void
build_velox (const char *path)
{
  const char *json = "{\"BinaryResult\":{\"Detector\":\"HAADF\",\"PixelSize\":{\"width\":\"2.5e-10\",\"height\":\"2.5e-10\"},"
                     "\"PixelUnitX\":\"m\",\"PixelUnitY\":\"m\",\"Offset\":{\"x\":\"-1e-9\",\"y\":\"0\"}}}";
  hid_t file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  hid_t g1 = H5Gcreate2 (file, "Data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hid_t g2 = H5Gcreate2 (g1, "Image", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hid_t g3 = H5Gcreate2 (g2, "0123456789abcdef0123456789abcdef", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hsize_t dims[3] = { H, W, 2 }, mdims[2] = { 400, 2 };
  hid_t space = H5Screate_simple (3, dims, NULL), mspace = H5Screate_simple (2, mdims, NULL);
  hid_t dset = H5Dcreate2 (g3, "Data", H5T_STD_U16LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hid_t meta = H5Dcreate2 (g3, "Metadata", H5T_STD_U8LE, mspace, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  guint16 pixels[H * W * 2];
  guint8 text[400 * 2] = { 0 };

  /* frames last: (rows, cols, frames) */
  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      for (guint f = 0; f < 2; f++)
        pixels[(y * W + x) * 2 + f] = pixel_value (x, y) + 1000 * f;
  /* column f of Metadata is the JSON of frame f */
  for (gsize i = 0; i < strlen (json); i++)
    text[i * 2] = text[i * 2 + 1] = json[i];
  H5Dwrite (dset, H5T_NATIVE_UINT16, H5S_ALL, H5S_ALL, H5P_DEFAULT, pixels);
  H5Dwrite (meta, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, text);
  H5Dclose (meta);
  H5Dclose (dset);
  H5Sclose (mspace);
  H5Sclose (space);
  H5Gclose (g3);
  H5Gclose (g2);
  H5Gclose (g1);
  H5Fclose (file);
}

static void
test_hdf5 (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *berkeley = g_build_filename (dir, "b.emd", NULL);
  g_autofree char *velox = g_build_filename (dir, "v.emd", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = NULL;

  build_berkeley (berkeley);
  image = isc_image_load (berkeley, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  check_synthetic_pixels (image, 0, 0);
  g_assert_cmpstr (image->format, ==, "berkeley-emd");
  g_assert_cmpstr (image->title, ==, "synthetic");
  /* dim1 → rows (0.5 nm, MATLAB-era "[n_m]"), dim2 → columns (0.25 nm from 2 nm) */
  g_assert_cmpfloat_with_epsilon (image->axis[ISC_IMAGE_AXIS_Y].scale, 0.5, 1e-7);
  g_assert_cmpstr (image->axis[ISC_IMAGE_AXIS_Y].unit, ==, "nm");
  g_assert_cmpfloat_with_epsilon (image->axis[ISC_IMAGE_AXIS_X].scale, 0.25, 1e-7);
  g_assert_cmpfloat_with_epsilon (image->axis[ISC_IMAGE_AXIS_X].origin, 2.0, 1e-7);
  g_clear_pointer (&image, isc_image_free);

  build_velox (velox);
  image = isc_image_load (velox, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (image->frames, ==, 2);
  check_synthetic_pixels (image, 0, 0);
  check_synthetic_pixels (image, 1, 1000);
  g_assert_cmpstr (image->title, ==, "HAADF");
  g_assert_cmpfloat_with_epsilon (image->axis[ISC_IMAGE_AXIS_X].scale, 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (image->axis[ISC_IMAGE_AXIS_X].origin, -1.0, 1e-9);

  g_assert_true (g_file_get_contents (velox, &contents, &len, NULL));
  assert_truncations_refused (dir, "t.emd", (const guint8 *) contents, len, 97);
  {
    g_autofree char *junk = g_strdup ("\x89HDF\r\n\x1a\njunk junk junk junk junk junk junk junk");
    g_autofree char *path = write_bytes (dir, "j.emd", (const guint8 *) junk, strlen (junk));
    assert_refused (path, "junk after the HDF5 signature");
  }
  {
    /* a valid HDF5 file that is neither flavour */
    g_autofree char *path = g_build_filename (dir, "empty.h5", NULL);
    hid_t file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    H5Fclose (file);
    assert_refused (path, "an HDF5 file without images");
  }
}

static void
test_tiff (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "s.tif", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = isc_image_new (W, H, 1, ISC_IMAGE_DTYPE_U16, &error);
  g_autoptr(IscImage) back = NULL;

  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      image->pixels[y * W + x] = pixel_value (x, y);
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, 0.25, "nm", "x");
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0, 0.25, "nm", "y");
  g_assert_true (isc_image_write_tiff (image, path, &error));
  g_assert_no_error (error);
  back = isc_image_load (path, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  check_synthetic_pixels (back, 0, 0);

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  /* cuts inside the header and the directory */
  for (gsize cut = 0; cut < 8; cut++)
    {
      g_autofree char *cut_path = write_bytes (dir, "t.tif", (const guint8 *) contents, cut);
      assert_refused (cut_path, "a truncated TIFF header");
    }
  {
    /* header pointing the first directory past the end */
    const guint8 bad[] = { 'I', 'I', 42, 0, 0xff, 0xff, 0xff, 0x7f, 0, 0 };
    g_autofree char *bad_path = write_bytes (dir, "b.tif", bad, sizeof bad);
    assert_refused (bad_path, "an IFD offset past the end");
  }
  {
    g_autofree char *junk = write_bytes (dir, "j.tif", (const guint8 *) "II*\0junk junk junk junk junk", 28);
    assert_refused (junk, "junk after the TIFF signature");
  }
  {
    /* a directory claiming 2³⁰ × 2³⁰ pixels with one 4-byte strip */
    GByteArray *b = g_byte_array_new ();
    const guint16 tags[][2] = { { 256, 4 }, { 257, 4 }, { 258, 3 }, { 273, 4 }, { 277, 3 }, { 278, 4 }, { 279, 4 } };
    const guint32 values[] = { 1u << 30, 1u << 30, 16, 8, 1, 1u << 30, 4 };
    g_autofree char *huge_path = NULL;

    put_le (b, 0x4949, 2);
    put_le (b, 42, 2);
    put_le (b, 12, 4);
    put_le (b, 0, 4);
    put_le (b, G_N_ELEMENTS (tags), 2);
    for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
      {
        put_le (b, tags[i][0], 2);
        put_le (b, tags[i][1], 2);
        put_le (b, 1, 4);
        put_le (b, values[i], 4);
      }
    put_le (b, 0, 4);
    huge_path = write_bytes (dir, "h.tif", b->data, b->len);
    assert_refused (huge_path, "2³⁰ × 2³⁰ pixels");
    g_byte_array_unref (b);
  }
  survive_corruptions (dir, "c.tif", (const guint8 *) contents, len);

  {
    /* 8-bit RGB: shown as luminance 0.2126 R + 0.7152 G + 0.0722 B */
    g_autofree char *rgb_path = g_build_filename (dir, "rgb.tif", NULL);
    g_autoptr(IscImage) rgb = NULL;
    TIFF *tif = TIFFOpen (rgb_path, "w");
    guint8 row[3 * 3];

    TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, 3);
    TIFFSetField (tif, TIFFTAG_IMAGELENGTH, 2);
    TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 8);
    TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 3);
    TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
    TIFFSetField (tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    for (guint y = 0; y < 2; y++)
      {
        for (guint x = 0; x < 3; x++)
          {
            row[3 * x] = 100 * y;
            row[3 * x + 1] = 50 * x;
            row[3 * x + 2] = 200;
          }
        TIFFWriteScanline (tif, row, y, 0);
      }
    TIFFClose (tif);
    rgb = isc_image_load (rgb_path, 0, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (isc_image_dtype_name (rgb->dtype), ==, "rgba8");
    g_assert_cmpfloat_with_epsilon (rgb->pixels[1 * 3 + 2], 0.2126 * 100 + 0.7152 * 100 + 0.0722 * 200, 1e-3);
  }
}

/* A TIFF directory with no pixel data behind it, written with libtiff. */
static char *
write_empty_tiff (const char *dir,
                  const char *name,
                  guint32     width,
                  guint32     height,
                  guint16     compression,
                  const char *description)
{
  char *path = g_build_filename (dir, name, NULL);
  TIFF *tif = TIFFOpen (path, "w");

  g_assert_nonnull (tif);
  TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, width);
  TIFFSetField (tif, TIFFTAG_IMAGELENGTH, height);
  TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 8);
  TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
  TIFFSetField (tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField (tif, TIFFTAG_COMPRESSION, compression);
  TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, height);
  if (description != NULL)
    {
      TIFFSetField (tif, TIFFTAG_IMAGEDESCRIPTION, description);
      TIFFSetField (tif, TIFFTAG_XRESOLUTION, 4.0);
      TIFFSetField (tif, TIFFTAG_YRESOLUTION, 4.0);
    }
  if (width * height <= 4096)
    {
      guint8 row[64] = { 0 };

      for (guint32 y = 0; y < height; y++)
        g_assert_cmpint (TIFFWriteScanline (tif, row, y, 0), ==, 1);
    }
  else
    {
      /* one short raw strip: the directory is complete, the pixels are not there */
      guint8 junk[16] = { 0x78, 0x9c };

      g_assert_cmpint (TIFFWriteRawStrip (tif, 0, junk, sizeof junk), ==, sizeof junk);
    }
  TIFFClose (tif);
  return path;
}

static void
assert_refused_with (const char *path,
                     const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = isc_image_load (path, 0, NULL, NULL, NULL, &error);
  g_autofree char *base = g_path_get_basename (path);

  g_assert_null (image);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, base));
  g_assert_nonnull (strstr (error->message, words));
  g_assert_null (strchr (error->message, '\n'));
}

/* Headers that claim more pixels than the file holds are refused before any allocation (a
 * 222-byte TIFF claiming 60000 × 60000 used to allocate 14.4 GB). */
static void
test_size_bounds (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *huge = write_empty_tiff (dir, "huge.tif", 60000, 60000, COMPRESSION_NONE, NULL);
  g_autofree char *big = write_empty_tiff (dir, "big.tif", 2000, 2000, COMPRESSION_NONE, NULL);
  g_autofree char *deflate = write_empty_tiff (dir, "deflate.tif", 40000, 40000, COMPRESSION_ADOBE_DEFLATE, NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (huge, &st), ==, 0);
  g_assert_cmpint (st.st_size, <, 1024);
  assert_refused_with (huge, "60000");
  assert_refused_with (big, "but the file has");
  assert_refused_with (deflate, "compression");

  /* A SER whose offset array claims 5 000 000 elements in a file of a few hundred bytes. */
  {
    g_autoptr(GByteArray) ser = build_ser (W, H);
    g_autofree char *path = NULL;
    const guint32 many = GUINT32_TO_LE (5000000);

    memcpy (ser->data + 14, &many, 4);
    memcpy (ser->data + 18, &many, 4);
    path = write_bytes (dir, "many_1.ser", ser->data, ser->len);
    assert_refused_with (path, "offset array");
  }
}

/* ImageJ descriptions may repeat unit=; the last one counts (and none leaks). */
static void
test_imagej_units (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = write_empty_tiff (dir, "units.tif", 8, 8, COMPRESSION_NONE,
                                            "ImageJ=1.11a\nunit=nm\nunit=micron\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = isc_image_load (path, 0, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  /* 1/4 micron per pixel, shown in nm */
  g_assert_cmpfloat_with_epsilon (image->axis[0].scale, 250, 1e-9);
  g_assert_cmpstr (image->axis[0].unit, ==, "nm");
}

/* A FIFO named as an image is refused at once, whatever its name promises. */
static void
test_fifo (void)
{
  static const char *names[] = { "pipe.tif", "pipe.dm4", "pipe.mrc", "pipe.ser", "pipe.emi", "pipe.emd" };
  g_autofree char *dir = isc_test_make_tmpdir ();

  alarm (20);   /* a reader that blocks on the FIFO fails the test instead of hanging it */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(IscImage) image = NULL;

      g_assert_cmpint (mkfifo (path, 0600), ==, 0);
      image = isc_image_load (path, 0, NULL, NULL, NULL, &error);
      g_assert_null (image);
      g_assert_error (error, ISC_IMAGE_ERROR, ISC_ERROR_IO);
      g_assert_nonnull (strstr (error->message, names[i]));
      g_clear_error (&error);
      g_assert_cmpuint (isc_image_count_in_file (path, &error), ==, 0);
      g_assert_error (error, ISC_IMAGE_ERROR, ISC_ERROR_IO);
    }
  alarm (0);
}

static void
test_unknown_and_missing (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *text = write_bytes (dir, "notes.txt", (const guint8 *) "hello", 5);
  g_autofree char *empty = write_bytes (dir, "empty.dm3", (const guint8 *) "", 0);
  g_autofree char *missing = g_build_filename (dir, "missing.tif", NULL);
  g_autoptr(GError) error = NULL;

  assert_refused (text, "a text file");
  assert_refused (empty, "an empty .dm3");
  g_assert_null (isc_image_load (missing, 0, NULL, NULL, NULL, &error));
  g_assert_error (error, ISC_IMAGE_ERROR, ISC_ERROR_IO);
}

/* An image is shared by reference: a second holder keeps the pixels alive after the first lets
 * go, the boxed copy is the same image, and g_autoptr drops one reference. */
static void
test_refcount (void)
{
  IscImage *image = isc_image_new (4, 3, 2, ISC_IMAGE_DTYPE_F32, NULL);
  IscImage *shared;

  g_assert_nonnull (image);
  isc_image_frame (image, 1)[5] = 42.0f;
  shared = isc_image_ref (image);
  g_assert_true (shared == image);
  isc_image_unref (image);
  g_assert_cmpfloat (isc_image_frame_const (shared, 1)[5], ==, 42.0f);
  {
    IscImage *copy = g_boxed_copy (ISC_TYPE_IMAGE, shared);
    g_autoptr(IscImage) held = copy;

    g_assert_true (copy == shared);
  }
  g_assert_cmpuint (shared->width, ==, 4);
  g_assert_true (G_TYPE_IS_BOXED (ISC_TYPE_IMAGE));
  isc_image_unref (shared);
  isc_image_unref (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/image/synthetic/dm3", GINT_TO_POINTER (FALSE), test_dm);
  g_test_add_data_func ("/image/synthetic/dm4", GINT_TO_POINTER (TRUE), test_dm);
  g_test_add_func ("/image/synthetic/refcount", test_refcount);
  g_test_add_func ("/image/synthetic/ser", test_ser);
  g_test_add_func ("/image/synthetic/mrc", test_mrc);
  g_test_add_func ("/image/synthetic/hdf5", test_hdf5);
  g_test_add_func ("/image/synthetic/tiff", test_tiff);
  g_test_add_func ("/image/synthetic/unknown", test_unknown_and_missing);
  g_test_add_func ("/image/synthetic/size-bounds", test_size_bounds);
  g_test_add_func ("/image/synthetic/imagej-units", test_imagej_units);
  g_test_add_func ("/image/synthetic/fifo", test_fifo);
  return g_test_run ();
}
