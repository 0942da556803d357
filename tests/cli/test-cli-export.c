/* test-cli-export.c: `ionscape-cli export` — APT data as NXapm with its composition attached (read
 * back by Ionscape's own NXapm reader and by libhdf5) and as CSV with units; an image stack as a
 * HyperSpy 3.1 file whose axes carry the calibration.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <hdf5.h>
#include <math.h>
#include <string.h>

#include "composition.h"
#include "image.h"
#include "ion-cloud.h"
#include "nxapm-io.h"
#include "range-io.h"
#include "test-util.h"

static const char rrng[] =
  "[Ions]\nNumber=2\nIon1=Li\nIon2=O\n"
  "[Ranges]\nNumber=2\n"
  "Range1=6.5000 7.5000 Vol:0.01 Li:1 Color:FF0000\n"
  "Range2=15.5000 16.5000 Vol:0.01 O:1 Color:0000FF\n";

/* 300 Li (7 Da), 500 O (16 Da), 200 unranged (30 Da) on a line. */
static char *
write_specimen (const char *dir,
                char      **ranges_path)
{
  g_autofree float *ions = g_new (float, 4 * 1000);
  char *pos = g_build_filename (dir, "needle.pos", NULL);

  for (guint i = 0; i < 1000; i++)
    {
      ions[4 * i] = i * 0.01f;
      ions[4 * i + 1] = -(float) i * 0.02f;
      ions[4 * i + 2] = i * 0.1f;
      ions[4 * i + 3] = i < 300 ? 7.0f : i < 800 ? 16.0f : 30.0f;
    }
  isc_test_write_pos (pos, (const float (*)[4]) ions, 1000);
  *ranges_path = g_build_filename (dir, "needle.rrng", NULL);
  isc_test_write_file (*ranges_path, rrng, strlen (rrng));
  return pos;
}

static double *
read_doubles (hid_t       file,
              const char *name,
              hsize_t    *n)
{
  hid_t dset = H5Dopen2 (file, name, H5P_DEFAULT);
  hid_t space = H5Dget_space (dset);
  double *values;

  g_assert_cmpint (dset, >=, 0);
  g_assert_cmpint (H5Sget_simple_extent_ndims (space), ==, 1);
  H5Sget_simple_extent_dims (space, n, NULL);
  values = g_new (double, *n);
  g_assert_cmpint (H5Dread (dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), >=, 0);
  H5Sclose (space);
  H5Dclose (dset);
  return values;
}

static void
test_apt_nxapm (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *ranges_path = NULL, *pos = write_specimen (dir, &ranges_path);
  g_autofree char *nxs = g_build_filename (dir, "needle.nxs", NULL);
  g_autofree char *err = NULL;
  g_autofree double *fractions = NULL, *sigmas = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) original = NULL, back = NULL;
  g_autoptr(IscRangeSet) ranges = NULL, back_ranges = NULL;
  hsize_t n = 0;
  hid_t file;

  g_assert_cmpint (isc_test_run_cli (NULL, &err, "export", pos, "--ranges", ranges_path, "--out",
                                     nxs, NULL), ==, 0);
  original = isc_ion_cloud_load (pos, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  back = isc_ion_cloud_load (nxs, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->n_ions, ==, 1000);
  g_assert_cmpmem (back->x, 1000 * sizeof (float), original->x, 1000 * sizeof (float));
  g_assert_cmpmem (back->mq, 1000 * sizeof (float), original->mq, 1000 * sizeof (float));
  back_ranges = isc_range_set_load_nxapm (nxs, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (isc_range_set_get_n_ion_types (back_ranges), ==, 2);

  /* The composition rides along: Li 300 / 800, O 500 / 800, with their counting errors. */
  file = H5Fopen (nxs, H5F_ACC_RDONLY, H5P_DEFAULT);
  g_assert_cmpint (file, >=, 0);
  fractions = read_doubles (file, "/entry1/composition/atomic_fraction", &n);
  g_assert_cmpuint (n, ==, 2);
  sigmas = read_doubles (file, "/entry1/composition/atomic_fraction_sigma", &n);
  H5Fclose (file);
  g_assert_cmpfloat_with_epsilon (fractions[0], 300.0 / 800, 1e-12);
  g_assert_cmpfloat_with_epsilon (fractions[1], 500.0 / 800, 1e-12);
  g_assert_cmpfloat_with_epsilon (sigmas[0], sqrt (0.375 * 0.625 / 800), 1e-12);

  /* Without ranges: positions only, no composition. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (isc_test_run_cli (NULL, &err, "export", pos, "--ranges", "/nonexistent.rrng",
                                     "--out", nxs, NULL), ==, 1);
}

static void
test_apt_csv (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *ranges_path = NULL, *pos = write_specimen (dir, &ranges_path);
  g_autofree char *csv = g_build_filename (dir, "needle.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (isc_test_run_cli (NULL, NULL, "export", pos, "--ranges", ranges_path, "--out",
                                     csv, NULL), ==, 0);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "x_nm,y_nm,z_nm,mass_to_charge_da,ion");
  g_assert_cmpstr (lines[1], ==, "0,-0,0,7,Li");
  g_assert_cmpstr (lines[1000], ==, "9.98999977,-19.9799995,99.9000015,30,");
}

/* An attribute's string, fixed or variable length. */
static char *
string_attr (hid_t       object,
             const char *name)
{
  hid_t attr = H5Aopen (object, name, H5P_DEFAULT), type = H5Aget_type (attr);
  char *value = NULL, *result;

  g_assert_cmpint (attr, >=, 0);
  g_assert_true (H5Tis_variable_str (type) > 0);
  g_assert_cmpint (H5Aread (attr, type, &value), >=, 0);
  result = g_strdup (value);
  H5free_memory (value);
  H5Tclose (type);
  H5Aclose (attr);
  return result;
}

static double
double_attr (hid_t       object,
             const char *name)
{
  hid_t attr = H5Aopen (object, name, H5P_DEFAULT);
  double value = NAN;

  g_assert_cmpint (H5Aread (attr, H5T_NATIVE_DOUBLE, &value), >=, 0);
  H5Aclose (attr);
  return value;
}

/* "navigate" as h5py writes numpy booleans: an enum whose member names are FALSE and TRUE. */
static gboolean
bool_attr (hid_t       object,
           const char *name)
{
  hid_t attr = H5Aopen (object, name, H5P_DEFAULT), type = H5Aget_type (attr);
  gint8 value = -1;
  char member[8] = "";

  g_assert_cmpint (H5Tget_class (type), ==, H5T_ENUM);
  g_assert_cmpint (H5Aread (attr, type, &value), >=, 0);
  g_assert_cmpint (H5Tenum_nameof (type, &value, member, sizeof member), >=, 0);
  g_assert_true (g_str_equal (member, value ? "TRUE" : "FALSE"));
  H5Tclose (type);
  H5Aclose (attr);
  return value == 1;
}

static void
test_image_hspy (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *tif = g_build_filename (dir, "series.tif", NULL);
  g_autofree char *hspy = g_build_filename (dir, "series.hspy", NULL);
  g_autofree char *format = NULL, *version = NULL, *units = NULL, *name = NULL, *title = NULL;
  g_autofree float *data = g_new (float, 2 * 30 * 40);
  g_autoptr(IscImage) image = isc_image_new (40, 30, 2, ISC_IMAGE_DTYPE_F32, NULL);
  g_autoptr(GError) error = NULL;
  hid_t file, experiment, axis, dset, space;
  hsize_t dims[3];

  for (guint i = 0; i < 2 * 30 * 40; i++)
    image->pixels[i] = (float) (i % 97) * 1.5f;
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 1.0, 0.25, "nm", NULL);
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0, 0.25, "nm", NULL);
  g_free (image->title);
  image->title = g_strdup ("HAADF");
  g_assert_true (isc_image_write_tiff (image, tif, &error));
  g_assert_no_error (error);
  g_clear_pointer (&image, isc_image_unref);
  image = isc_image_load (tif, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (isc_test_run_cli (NULL, NULL, "export", tif, "--out", hspy, NULL), ==, 0);
  file = H5Fopen (hspy, H5F_ACC_RDONLY, H5P_DEFAULT);
  g_assert_cmpint (file, >=, 0);
  format = string_attr (file, "file_format");
  version = string_attr (file, "file_format_version");
  g_assert_cmpstr (format, ==, "HyperSpy");
  g_assert_cmpstr (version, ==, "3.1");

  /* one experiment, named by the image's title when the file keeps one, else "image" */
  experiment = H5Gopen2 (file, image->title[0] != '\0' ? "/Experiments/HAADF" : "/Experiments/image",
                         H5P_DEFAULT);
  g_assert_cmpint (experiment, >=, 0);
  dset = H5Dopen2 (experiment, "data", H5P_DEFAULT);
  space = H5Dget_space (dset);
  g_assert_cmpint (H5Sget_simple_extent_ndims (space), ==, 3);
  H5Sget_simple_extent_dims (space, dims, NULL);
  g_assert_cmpuint (dims[0], ==, image->frames);
  g_assert_cmpuint (dims[1], ==, 30);
  g_assert_cmpuint (dims[2], ==, 40);
  g_assert_cmpint (H5Dread (dset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), >=, 0);
  g_assert_cmpmem (data, sizeof (float) * 30 * 40 * image->frames, image->pixels,
                   sizeof (float) * 30 * 40 * image->frames);
  H5Sclose (space);
  H5Dclose (dset);

  /* frames navigate; rows then columns are the signal, each with its calibration */
  axis = H5Gopen2 (experiment, "axis-0", H5P_DEFAULT);
  g_assert_cmpint (bool_attr (axis, "navigate"), ==, image->frames > 1);
  H5Gclose (axis);
  axis = H5Gopen2 (experiment, image->frames > 1 ? "axis-2" : "axis-1", H5P_DEFAULT);
  g_assert_false (bool_attr (axis, "navigate"));
  units = string_attr (axis, "units");
  name = string_attr (axis, "name");
  g_assert_cmpstr (units, ==, "nm");
  g_assert_cmpstr (name, ==, "x");
  g_assert_cmpfloat (double_attr (axis, "scale"), ==, 0.25);
  g_assert_cmpfloat (double_attr (axis, "offset"), ==, image->axis[ISC_IMAGE_AXIS_X].origin);
  H5Gclose (axis);
  axis = H5Gopen2 (experiment, "metadata/General", H5P_DEFAULT);
  title = string_attr (axis, "title");
  g_assert_cmpstr (title, ==, image->title[0] != '\0' ? "HAADF" : "image");
  H5Gclose (axis);
  H5Gclose (experiment);
  H5Fclose (file);

  /* No half file where the folder cannot take one. */
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (isc_test_run_cli (NULL, &err, "export", tif, "--out", "/nonexistent/x.hspy",
                                       NULL), ==, 1);
    g_assert_nonnull (strstr (err, "/nonexistent/x.hspy"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-export/apt-nxapm", test_apt_nxapm);
  g_test_add_func ("/cli-export/apt-csv", test_apt_csv);
  g_test_add_func ("/cli-export/image-hspy", test_image_hspy);
  return g_test_run ();
}
