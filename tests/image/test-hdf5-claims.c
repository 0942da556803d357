/* test-hdf5-claims.c: HDF5 datasets whose dataspace claims more than the file holds
 * (a 20000 × 20000 Velox image in a file of kilobytes, a Berkeley EMD with unwritten chunks,
 * an NXapm file claiming 10^9 ions) are refused before any allocation, with a message naming
 * the file; complete files of the same shape still load.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <hdf5.h>
#include <string.h>

#include "image.h"
#include "ion-cloud.h"
#include "test-util.h"

/* A Velox-shaped file whose Data is @rows × @cols × 1 uint16, chunked 64 × 64 × 1, with only
 * the first @written chunks written (gzip when @compress). */
static void
write_velox (const char *path,
             hsize_t     rows,
             hsize_t     cols,
             guint       written,
             gboolean    compress)
{
  hid_t file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  hid_t g1 = H5Gcreate2 (file, "Data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hid_t g2 = H5Gcreate2 (g1, "Image", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hid_t g3 = H5Gcreate2 (g2, "0123456789abcdef0123456789abcdef", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hsize_t dims[3] = { rows, cols, 1 }, chunk[3] = { 64, 64, 1 };
  hid_t space = H5Screate_simple (3, dims, NULL);
  hid_t plist = H5Pcreate (H5P_DATASET_CREATE);
  hid_t dset;
  guint16 block[64 * 64];

  H5Pset_chunk (plist, 3, chunk);
  if (compress)
    H5Pset_deflate (plist, 6);
  dset = H5Dcreate2 (g3, "Data", H5T_STD_U16LE, space, H5P_DEFAULT, plist, H5P_DEFAULT);
  for (guint i = 0; i < G_N_ELEMENTS (block); i++)
    block[i] = (guint16) (i % 977);
  for (guint c = 0; c < written; c++)
    {
      hsize_t start[3] = { (c / (cols / 64)) * 64, (c % (cols / 64)) * 64, 0 };
      hid_t fspace = H5Dget_space (dset);
      hid_t mspace = H5Screate_simple (3, chunk, NULL);

      H5Sselect_hyperslab (fspace, H5S_SELECT_SET, start, NULL, chunk, NULL);
      g_assert_cmpint (H5Dwrite (dset, H5T_NATIVE_UINT16, mspace, fspace, H5P_DEFAULT, block), >=, 0);
      H5Sclose (mspace);
      H5Sclose (fspace);
    }
  H5Dclose (dset);
  H5Pclose (plist);
  H5Sclose (space);
  H5Gclose (g3);
  H5Gclose (g2);
  H5Gclose (g1);
  H5Fclose (file);
}

static void
assert_refused_naming (const GError *error,
                       const char   *path,
                       const char   *words)
{
  g_autofree char *base = g_path_get_basename (path);

  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, base));
  if (strstr (error->message, words) == NULL)
    g_error ("expected “%s” in “%s”", words, error->message);
}

/* A Velox file (see write_velox) that claims more than it holds is refused as incomplete. */
static void
assert_incomplete_velox_refused (const char *name,
                                 hsize_t     rows,
                                 hsize_t     cols,
                                 guint       written,
                                 gboolean    compress)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  IscImage *image;

  write_velox (path, rows, cols, written, compress);
  image = isc_image_load (path, 0, NULL, NULL, NULL, &error);
  g_assert_null (image);
  assert_refused_naming (error, path, "incomplete");
}

static void
test_velox_claiming_20000_squared (void)
{
  /* One 64 × 64 chunk of 97 656 written: 8 KB of data behind a claim of 800 MB. */
  assert_incomplete_velox_refused ("claims.emd", 20000, 20032, 1, FALSE);
}

static void
test_velox_compressed_unwritten (void)
{
  /* A compressed claim of 64 × 41 943 040 × 2 B = 5.4 GB with no chunk written. */
  assert_incomplete_velox_refused ("huge.emd", 64, 41943040, 0, TRUE);
}

static void
test_complete_chunked_image_loads (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "whole.emd", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = NULL;

  /* 128 × 128: four chunks, all written, compressed. */
  write_velox (path, 128, 128, 4, TRUE);
  image = isc_image_load (path, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (image->width, ==, 128);
  g_assert_cmpuint (image->height, ==, 128);
  /* Each 64 × 64 chunk holds block[r * 64 + c] at its local row r, column c: pixel (row 1,
   * column 2) is element 66 of the first chunk, (row 70, column 100) element 6 · 64 + 36 = 420
   * of the fourth. */
  g_assert_cmpfloat (image->pixels[1 * 128 + 2], ==, 66.0f);
  g_assert_cmpfloat (image->pixels[70 * 128 + 100], ==, 420.0f);
}

/* An NXapm file whose positions dataset is contiguous but never written (allocation late),
 * claiming 10^9 ions. */
static void
test_nxapm_claiming_a_billion_ions (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "claims.nxs", NULL);
  g_autoptr(GError) error = NULL;
  hid_t file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  hid_t entry = H5Gcreate2 (file, "entry1", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hid_t recon = H5Gcreate2 (entry, "reconstruction", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hid_t conv = H5Gcreate2 (entry, "mass_to_charge_conversion", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hsize_t d2[2] = { 1000000000, 3 }, d1[1] = { 1000000000 };
  hid_t s2 = H5Screate_simple (2, d2, NULL), s1 = H5Screate_simple (1, d1, NULL);
  hid_t a = H5Dcreate2 (recon, "reconstructed_positions", H5T_IEEE_F32LE, s2, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hid_t b = H5Dcreate2 (conv, "mass_to_charge", H5T_IEEE_F32LE, s1, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  IscIonCloud *cloud;

  H5Dclose (a);
  H5Dclose (b);
  H5Sclose (s1);
  H5Sclose (s2);
  H5Gclose (conv);
  H5Gclose (recon);
  H5Gclose (entry);
  H5Fclose (file);

  cloud = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
  g_assert_null (cloud);
  assert_refused_naming (error, path, "reconstructed_positions");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
  g_test_add_func ("/hdf5-claims/velox-20000-squared", test_velox_claiming_20000_squared);
  g_test_add_func ("/hdf5-claims/velox-compressed-unwritten", test_velox_compressed_unwritten);
  g_test_add_func ("/hdf5-claims/complete-chunked-image-loads", test_complete_chunked_image_loads);
  g_test_add_func ("/hdf5-claims/nxapm-billion-ions", test_nxapm_claiming_a_billion_ions);
  return g_test_run ();
}
