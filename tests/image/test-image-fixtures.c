/* test-image-fixtures.c: every STEM/TEM fixture opens (or is refused clearly) and agrees with
 * the values an independent tool (hyperspy 1.7.3, fixtures/stem/REFERENCE.txt) read, after
 * correcting that tool's documented quirks (Q1–Q8).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "image.h"
#include "test-util.h"

#define NONE NAN

typedef struct
{
  const char *path;
  const char *title;         /* select the image by title in multi-image files (NULL: index 0) */
  guint       width, height, frames;
  const char *dtype;
  gboolean    all_frames;    /* REFERENCE.txt statistics cover the whole array */
  double      min, max, mean;
  double      scale_x, scale_y;  /* in unit */
  const char *unit;
  double      origin_x, origin_y;
} Expect;

/* Values copied from REFERENCE.txt; comments name the quirk corrected. */
static const Expect expected[] = {
  /* Q2: hyperspy leaves the TIA offset in metres (-5.12650457e-09 m = -5.1265 nm) */
  { "ncempy/16_STOimage.emi", NULL, 1024, 1024, 1, "uint16", FALSE, 16121, 24376, 18748.3,
    0.0100127042, 0.0100127042, "nm", -5.12650457, -5.12650457 },
  { "ncempy/16_STOimage_1.ser", NULL, 1024, 1024, 1, "uint16", FALSE, 16121, 24376, 18748.3,
    0.0100127042, 0.0100127042, "nm", -5.12650457, -5.12650457 },
  /* Q3: units 'n_m' mean nm (hyperspy shows ''); no transpose (square: stats unchanged) */
  { "ncempy/Acquisition_18.emd", NULL, 1024, 1024, 1, "uint16", FALSE, 4842, 23891, 10663.5,
    0.0122465249, 0.0122465249, "nm", 0, 0 },
  /* Q1: stored int16, not float64. Offset: the file stores Offset.x = -8.035e-07 m; hyperspy
   * prints it in µm under a nm label (-0.8035), as for the 8.17 pm stack below */
  { "ncempy/Camera_Ceta_Imaging_Micro.emd", NULL, 512, 512, 1, "int16", FALSE, -10, 7, -1.57054,
    3.13883705, 3.13883705, "nm", -803.542286, -803.542286 },
  { "ncempy/STEM_HAADF-DF4-DF2-BF_Diffraction_Micro.emd", "HAADF", 128, 128, 1, "uint16", FALSE, 9989, 10003, 9995.61,
    87.3707961, 87.3707961, "nm", -5591.73095, -5591.73095 },
  { "ncempy/STEM_HAADF-DF4-DF2-BF_Diffraction_Micro.emd", "BF", 128, 128, 1, "uint16", FALSE, 0, 0, 0,
    87.3707961, 87.3707961, "nm", -5591.73095, -5591.73095 },
  { "ncempy/STEM_HAADF_Diffraction_Micro.emd", NULL, 128, 128, 1, "uint16", FALSE, 9987, 10002, 9994.93,
    87.3707961, 87.3707961, "nm", -5591.73095, -5591.73095 },
  { "ncempy/08_carbon.dm3", NULL, 2048, 1, 1, "float32", FALSE, 8674, 33036, 17479.6,
    0.100000001, 1, "eV", 240.000004, 0 },
  { "ncempy/dmTest_3D_int16_64_65_66.dm4", NULL, 64, 65, 66, "int16", TRUE, 0, 63, 31.5,
    0.002, 3, "nm", 0, 0 },
  /* y is stored in Å: 2 Å = 0.2 nm */
  { "ncempy/dmTest_float32_nonSquare_diffPixelSize.dm3", NULL, 128, 64, 1, "float32", FALSE, 0, 127, 63.5,
    1, 0.2, "nm", 0, 0 },
  { "ncempy/dmTest_float32_nonSquare_diffPixelSize.dm4", NULL, 128, 64, 1, "float32", FALSE, 0, 127, 63.5,
    1, 0.2, "nm", 0, 0 },
  /* Q3: (3,4,5,6) int64, rows = axis 0; the last two axes are frames */
  { "ncempy/emd_type1_stringDims.h5", NULL, 4, 3, 30, "int64", TRUE, 0, 359, 179.5,
    NONE, NONE, NULL, 0, 0 },
  /* Q8: cella 256 Å / 128 = 2 Å = 0.2 nm (hyperspy says 20) */
  { "ncempy/temp.mrc", NULL, 128, 128, 3, "float32", TRUE, 5.61329e-05, 0.999993, 0.497138,
    0.2, 0.2, "nm", 0, 0 },
  /* Q5: 442 image rows, the data bar dropped. The image rows of this test file are all zero
   * (only the bar has pixels: the reference max/mean come from it) */
  { "rsciio/FEI_Helios_tiff/FEI-Helios-Ebeam-16bits.tif", NULL, 512, 442, 1, "uint16", FALSE, 0, 0, 0,
    3372.4, 3372.4, "nm", 0, 0 },
  { "rsciio/FEI_Helios_tiff/FEI-Helios-Ebeam-8bits.tif", NULL, 512, 442, 1, "uint8", FALSE, 0, 0, 0,
    3372.4, 3372.4, "nm", 0, 0 },
  { "rsciio/digitalmicrograph_2D_test-1.dm3", NULL, 2, 2, 1, "int16", FALSE, 1, 4, 2.5, 1, 1, "", 0, 0 },
  { "rsciio/digitalmicrograph_2D_test-1.dm4", NULL, 2, 2, 1, "int16", FALSE, 1, 4, 2.5, 1, 1, "", 0, 0 },
  { "rsciio/digitalmicrograph_2D_test-9.dm4", NULL, 2, 2, 1, "int8", FALSE, 1, 4, 2.5, 1, 1, "", 0, 0 },
  { "rsciio/digitalmicrograph_2D_test_STEM_image.dm3", NULL, 68, 68, 1, "uint32", FALSE, 29407, 36106, 32655.4,
    0.248538017, 0.248538017, "nm", 51.4473696, 42.500001 },
  { "rsciio/digitalmicrograph_2D_test_diffraction_pattern.dm3", NULL, 87, 87, 1, "int32", FALSE, 625, 2974, 1249.8,
    0.174432859, 0.174432859, "1/nm", 137.104227, 131.871241 },
  /* hyperspy unpacks odd widths to 4 columns (its hstack assumes even widths): the mean
   * differs, min and max are shared; checked separately below */
  { "rsciio/digitalmicrograph_3D_test-1.dm4", NULL, 2, 2, 2, "int16", TRUE, 1, 8, 4.5, 1, 1, "", 0, 0 },
  { "rsciio/digitalmicrograph_Fei_HAADF-DE_location.dm3", NULL, 16, 4, 1, "uint16", FALSE, 3816, 3954, 3871.12,
    5.50607312, 5.50607312, "nm", 0, 0 },
  { "rsciio/digitalmicrograph_Fei_HAADF-UK_location.dm3", NULL, 16, 4, 1, "uint16", FALSE, 3799, 3969, 3877.75,
    5.50607312, 5.50607312, "nm", 0, 0 },
  { "rsciio/digitalmicrograph_test_stackbuilder_imagestack.dm3", NULL, 16, 2, 3, "uint32", TRUE, 593415, 640661, 610174,
    59.9829033, 59.9829033, "nm", 0, 0 },
  /* Prismatic flavour: raw (22, 22, 37), the 37 detector angles are frames */
  { "rsciio/emd_Si100_3D.emd", NULL, 22, 22, 37, "float32", TRUE, 0, 0.144692, 0.0247056,
    0.25, 0.25, "nm", 0, 0 },
  { "rsciio/emd_example_image.emd", NULL, 3, 3, 1, "int32", FALSE, 0, 8, 4, 1, 1, "", 0, 0 },
  { "rsciio/emd_example_signal.emd", NULL, 3, 3, 3, "int32", TRUE, 0, 26, 13, 1, 1, "", 0, 0 },
  /* Q1 for all Velox images; 99.6 pm = 0.0996 nm */
  { "rsciio/emd_fei_example_dpc_titles.emd", "DF4-C", 2, 2, 1, "uint16", FALSE, 29955, 30503, 30234,
    0.0996199156, 0.0996199156, "nm", 0, 0 },
  { "rsciio/emd_fei_example_dpc_titles.emd", "DF4-D", 2, 2, 1, "uint16", FALSE, 30264, 32410, 31181.8,
    0.0996199156, 0.0996199156, "nm", 0, 0 },
  /* offset: the file stores -1.6738e-08 m = -16.738 nm (hyperspy prints it as pm) */
  { "rsciio/emd_fei_example_tem_stack.emd", NULL, 3, 3, 2, "int16", TRUE, 0, 17, 8.5,
    0.00817288319, 0.00817288319, "nm", -16.7380648, -16.7380648 },
  /* Q4: raw header values: cella 908.661 Å / 16 */
  { "rsciio/mrc_HAADFscan.mrc", NULL, 16, 16, 1, "uint16", FALSE, NONE, NONE, NONE,
    5.67913125, 5.67913125, "nm", 0, 0 },
  { "rsciio/tia_new_128x128-TEM_search.emi", NULL, 128, 128, 1, "int32", FALSE, 255, 14171, 10353.9,
    5.26121421, 5.26121421, "nm", -336.717709, -336.717709 },
  { "rsciio/tia_old_16x16_STEM_BF_DF_acquire.emi", NULL, 16, 16, 1, "uint16", FALSE, 0, 3, 0.511719,
    21.5100441, 21.5100441, "nm", -172.080353, -172.080353 },
  { "rsciio/tia_old_16x16_STEM_BF_DF_acquire_2.ser", NULL, 16, 16, 1, "uint16", FALSE, 2549, 2798, 2680.35,
    21.5100441, 21.5100441, "nm", -172.080353, -172.080353 },
  { "rsciio/tia_old_64x64_TEM_images_acquire.emi", NULL, 64, 64, 1, "float32", FALSE, 7737.38, 49743, 40295.6,
    6.28183362, 6.28183362, "nm", -201.018676, -201.018676 },
  { "rsciio/tia_old_64x64x5_TEM_preview.emi", NULL, 64, 64, 5, "float32", TRUE, 345.939, 2818.54, 2094.26,
    6.28183362, 6.28183362, "nm", -201.018676, -201.018676 },
  /* Q7: dummy pixels; the JEOL SightX calibration (XML) is not read: uncalibrated */
  { "rsciio/tiff_JEOL-SightX-TEM-mag-dummy.tif", NULL, 556, 556, 1, "uint16", FALSE, 513, 513, 513,
    1, 1, "", 0, 0 },
  { "rsciio/tiff_test_loading_image_saved_with_DM.tif", NULL, 68, 68, 1, "int32", FALSE, 2866, 3774, 3335.39,
    168.674693, 168.674693, "nm", 139662.643, 128192.764 },
  /* Q6: different x and y scales on purpose */
  { "rsciio/tiff_test_loading_image_saved_with_DM_stack.tif", NULL, 68, 68, 2, "float32", TRUE, 2866, 3774, 3335.39,
    168.674007, 1686.74004, "nm", 0, 0 },
  { "rsciio/tiff_test_loading_image_saved_with_imageJ.tif", NULL, 68, 68, 1, "float32", FALSE, 2866, 3774, 3335.39,
    168.674711, 168.674711, "nm", 0, 0 },
  { "rsciio/tiff_test_loading_image_saved_with_imageJ_stack.tif", NULL, 68, 68, 2, "float32", TRUE, 2866, 3774, 3335.39,
    168.674711, 168.674711, "nm", 0, 0 },
  /* Q4: raw values of the v11 HAADF (16, 16, 2) */
  { "rsciio/velox_emd_version11/Test_SI_16x16_215_kx.emd", "HAADF", 16, 16, 2, "uint16", TRUE, 5425, 16410, 9225.916,
    3.5992492559614689, 3.5992492559614689, "nm", 0, 0 },
  { "scifireaders/SI-HAADF.dm3", NULL, 192, 1568, 1, "float32", FALSE, 1722.94, 1911.83, 1766.06,
    0.03125, 0.03125, "", 0, 0 },
  { "scifireaders/SI-Survey_Image.dm3", NULL, 512, 512, 1, "uint32", FALSE, 2.83342e+06, 3.23579e+06, 2.92512e+06,
    1, 1, "", 0, 0 },
  { "scifireaders/fei_emd_image.emd", NULL, 512, 512, 1, "uint16", FALSE, 9133, 29036, 9277.01,
    5.30241484, 5.30241484, "nm", -1357.4182, -1357.4182 },
};

/* REFERENCE.txt prints 6 significant digits for statistics and 9 for calibrations. */
static void
assert_close (double      value,
              double      reference,
              double      rel,
              const char *what,
              const char *file)
{
  double tol = rel * MAX (fabs (reference), 1e-3);

  if (isnan (reference))
    return;
  if (!(fabs (value - reference) <= tol))
    g_error ("%s: %s is %.10g, reference %.10g", file, what, value, reference);
}

static IscImage *
load_by_title (const char *path,
               const char *title)
{
  g_autoptr(GError) error = NULL;
  guint count = isc_image_count_in_file (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < count; i++)
    {
      IscImage *image = isc_image_load (path, i, NULL, NULL, NULL, &error);

      g_assert_no_error (error);
      if (title == NULL || g_str_equal (image->title, title))
        return image;
      isc_image_free (image);
    }
  g_error ("%s: no image titled %s among %u", path, title, count);
  return NULL;
}

static void
test_reference_values (gconstpointer data)
{
  const Expect *e = data;
  g_autofree char *relative = g_strconcat ("stem/", e->path, NULL);
  g_autofree char *path = isc_test_fixture_or_skip (relative);
  g_autoptr(IscImage) image = NULL;
  double min, max, mean;

  if (path == NULL)
    return;
  image = load_by_title (path, e->title);
  g_assert_cmpuint (image->width, ==, e->width);
  g_assert_cmpuint (image->height, ==, e->height);
  g_assert_cmpuint (image->frames, ==, e->frames);
  g_assert_cmpstr (isc_image_dtype_name (image->dtype), ==, e->dtype);
  isc_image_stats (image, e->all_frames ? G_MAXUINT : 0, &min, &max, &mean);
  assert_close (min, e->min, 2e-5, "min", e->path);
  assert_close (max, e->max, 2e-5, "max", e->path);
  assert_close (mean, e->mean, 2e-5, "mean", e->path);
  if (e->unit != NULL)
    {
      g_assert_cmpstr (image->axis[ISC_IMAGE_AXIS_X].unit, ==, e->unit);
      g_assert_cmpstr (image->axis[ISC_IMAGE_AXIS_Y].unit, ==, e->height > 1 ? e->unit : "");
    }
  assert_close (image->axis[ISC_IMAGE_AXIS_X].scale, e->scale_x, 1e-6, "x scale", e->path);
  assert_close (image->axis[ISC_IMAGE_AXIS_Y].scale, e->scale_y, 1e-6, "y scale", e->path);
  assert_close (image->axis[ISC_IMAGE_AXIS_X].origin, e->origin_x, 1e-6, "x origin", e->path);
  assert_close (image->axis[ISC_IMAGE_AXIS_Y].origin, e->origin_y, 1e-6, "y origin", e->path);
}

/* REFERENCE.txt's raw cross-check: hyperspy's (and ncempy's) first row after the flip. */
static void
test_ser_rows_flipped (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("stem/ncempy/16_STOimage.emi");
  g_autoptr(IscImage) image = NULL;
  const float first_row[] = { 18024, 18416, 18350, 19660, 18707 };
  const float file_first_row[] = { 19351, 18863, 18726, 18870, 17890 };

  if (path == NULL)
    return;
  image = isc_image_load (path, 0, NULL, NULL, NULL, NULL);
  g_assert_nonnull (image);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpfloat (image->pixels[i], ==, first_row[i]);
      /* the file's first stored row ends up at the bottom */
      g_assert_cmpfloat (image->pixels[(gsize) 1023 * 1024 + i], ==, file_first_row[i]);
    }
}

static void
test_multi_image_counts (void)
{
  const struct { const char *path; guint count; } files[] = {
    { "ncempy/STEM_HAADF-DF4-DF2-BF_Diffraction_Micro.emd", 4 },
    { "rsciio/emd_fei_example_dpc_titles.emd", 9 },
    { "rsciio/velox_emd_version11/Test_SI_16x16_215_kx.emd", 5 },
    { "rsciio/tia_old_16x16_STEM_BF_DF_acquire.emi", 2 },
    { "ncempy/Acquisition_18.emd", 1 },
    { "rsciio/digitalmicrograph_2D_test_STEM_image.dm3", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *relative = g_strconcat ("stem/", files[i].path, NULL);
      g_autofree char *path = isc_test_fixture_or_skip (relative);
      g_autoptr(GError) error = NULL;
      g_autoptr(IscImage) beyond = NULL;

      if (path == NULL)
        return;
      g_assert_cmpuint (isc_image_count_in_file (path, &error), ==, files[i].count);
      g_assert_no_error (error);
      beyond = isc_image_load (path, files[i].count, NULL, NULL, NULL, &error);
      g_assert_null (beyond);
      g_assert_error (error, ISC_IMAGE_ERROR, ISC_ERROR_ARGUMENT);
    }
}

/* The DM-written FFT: half plane of 5 × 3 complex values spread to 5 × 5 magnitudes. */
static void
test_dm_packed_complex (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("stem/rsciio/digitalmicrograph_2D_test_fft_packed_complex8.dm4");
  g_autoptr(IscImage) image = NULL;
  double min, max;

  if (path == NULL)
    return;
  image = isc_image_load (path, 0, NULL, NULL, NULL, NULL);
  g_assert_nonnull (image);
  g_assert_cmpuint (image->width, ==, 5);
  g_assert_cmpuint (image->height, ==, 5);
  g_assert_cmpstr (isc_image_dtype_name (image->dtype), ==, "complex64");
  isc_image_stats (image, 0, &min, &max, NULL);
  assert_close (min, 5.96343e-08, 1e-5, "min", path);
  assert_close (max, 50, 1e-6, "max", path);
  /* |F(-kx)| = |F(kx)|: columns mirror about the centre column */
  for (guint y = 0; y < 5; y++)
    for (guint k = 1; k <= 2; k++)
      g_assert_cmpfloat (image->pixels[y * 5 + 2 - k], ==, image->pixels[y * 5 + 2 + k]);
}

/* Every file in the folder opens, or fails with a message that names the file. */
static void
test_every_fixture (void)
{
  g_autofree char *dir = isc_test_fixture_or_skip ("stem");
  g_autoptr(GPtrArray) queue = g_ptr_array_new_with_free_func (g_free);
  guint opened = 0, refused = 0;

  if (dir == NULL)
    return;
  g_ptr_array_add (queue, g_strdup (dir));
  while (queue->len > 0)
    {
      g_autofree char *folder = g_ptr_array_steal_index (queue, queue->len - 1);
      g_autoptr(GDir) d = g_dir_open (folder, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *path = g_build_filename (folder, name, NULL);
          g_autoptr(IscImage) image = NULL;
          g_autoptr(GError) error = NULL;

          if (g_file_test (path, G_FILE_TEST_IS_DIR))
            {
              g_ptr_array_add (queue, g_steal_pointer (&path));
              continue;
            }
          if (g_str_has_suffix (name, ".md") || g_str_has_suffix (name, ".txt"))
            continue;
          image = isc_image_load (path, 0, NULL, NULL, NULL, &error);
          if (image != NULL)
            {
              g_assert_cmpuint (image->width, >, 0);
              opened++;
            }
          else
            {
              g_assert_nonnull (error);
              g_assert_true (g_str_has_prefix (error->message, name));
              g_test_message ("refused %s: %s", name, error->message);
              refused++;
            }
        }
    }
  g_test_message ("%u fixtures opened, %u refused", opened, refused);
  g_assert_cmpuint (opened, >=, 40);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *name = g_strdup_printf ("/image/fixtures/%s%s%s", expected[i].path,
                                               expected[i].title ? "/" : "", expected[i].title ? expected[i].title : "");
      g_test_add_data_func (name, &expected[i], test_reference_values);
    }
  g_test_add_func ("/image/fixtures/ser-rows-flipped", test_ser_rows_flipped);
  g_test_add_func ("/image/fixtures/multi-image-counts", test_multi_image_counts);
  g_test_add_func ("/image/fixtures/dm-packed-complex", test_dm_packed_complex);
  g_test_add_func ("/image/fixtures/every-file", test_every_fixture);
  return g_test_run ();
}
