/* test-eels-readers.c: EELS readers (EMSA/MSA, DM3 spectra, DM4 spectrum image) against the
 * values of fixtures/eels/REFERENCE.md, and damaged input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "eels.h"
#include "eels-kind.h"
#include "image.h"
#include "test-util.h"

static IscEelsData *
load_fixture (const char *relative)
{
  g_autofree char *path = isc_test_fixture_or_skip (relative);
  g_autoptr(GError) error = NULL;
  IscEelsData *d;

  if (path == NULL)
    return NULL;
  d = isc_eels_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (d);
  return d;
}

static double
total (const IscEelsData *d)
{
  double s = 0;

  for (gsize i = 0; i < (gsize) d->n_channels * d->width * d->height; i++)
    s += d->counts[i];
  return s;
}

static void
test_msa_coreloss (void)
{
  g_autoptr(IscEelsData) d = load_fixture ("eels/hyperspy/coreloss_spectrum.msa");

  if (d == NULL)
    return;
  g_assert_cmpstr (d->format, ==, "msa");
  g_assert_cmpuint (d->n_channels, ==, 2048);
  g_assert_cmpuint (d->width, ==, 1);
  g_assert_cmpuint (d->height, ==, 1);
  g_assert_cmpfloat_with_epsilon (isc_eels_energy (d, 0), 360.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (isc_eels_energy (d, 2047), 769.4, 1e-9);
  g_assert_cmpfloat (total (d), ==, 47020089);
  /* max 47 353 at 360.6 eV (channel 3) */
  g_assert_cmpfloat (d->counts[3], ==, 47353);
}

static void
test_msa_lowloss (void)
{
  g_autoptr(IscEelsData) d = load_fixture ("eels/hyperspy/lowloss_spectrum.msa");
  g_autofree double *e = NULL;
  IscEelsZeroLoss z;

  if (d == NULL)
    return;
  g_assert_cmpuint (d->n_channels, ==, 2048);
  g_assert_cmpfloat_with_epsilon (isc_eels_energy (d, 0), -40.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (isc_eels_energy (d, 2047), 369.4, 1e-9);
  g_assert_cmpfloat_with_epsilon (d->origin_channels, 200.0, 1e-9);
  g_assert_cmpfloat (total (d), ==, 1254382);
  g_assert_cmpfloat (d->counts[0], ==, 35);
  g_assert_cmpfloat (d->counts[1], ==, 23);

  e = isc_eels_energy_axis (d, 0);
  g_assert_true (isc_eels_zero_loss (e, d->counts, d->n_channels, &z));
  g_test_message ("ZLP %.4f fwhm %.4f min %.3f izlp %.0f t %.4f", z.centre_ev, z.fwhm_ev, z.first_minimum_ev, z.i_zlp,
                  z.t_over_lambda);
  g_assert_cmpfloat_with_epsilon (z.centre_ev, 0.873, 0.005);
  g_assert_cmpfloat_with_epsilon (z.fwhm_ev, 3.14, 0.005);
  g_assert_cmpfloat_with_epsilon (z.first_minimum_ev, 6.60, 1e-6);
  g_assert_cmpfloat (z.i_zlp, ==, 768972);
  g_assert_cmpfloat_with_epsilon (z.t_over_lambda, 0.489, 0.001);
  /* plasmon maximum 32.02 eV */
  g_assert_cmpfloat_with_epsilon (isc_eels_peak_in (e, d->counts, d->n_channels, 10, 60, NULL), 32.02, 0.1);
}

static void
test_dm3_sto (void)
{
  g_autoptr(IscEelsData) d = load_fixture ("eels/pytemlib/EELS_STO.dm3");
  g_autofree double *e = NULL;
  guint top = 0;

  if (d == NULL)
    return;
  g_assert_cmpstr (d->format, ==, "dm3");
  g_assert_cmpuint (d->n_channels, ==, 2048);
  g_assert_cmpuint (d->width, ==, 1);
  g_assert_cmpuint (d->height, ==, 1);
  g_assert_cmpfloat (d->origin_channels, ==, -1400.0);
  g_assert_cmpfloat (d->energy_scale, ==, 0.25);
  g_assert_cmpfloat_with_epsilon (isc_eels_energy (d, 0), 350.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (isc_eels_energy (d, 2047), 861.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (total (d) / 1.62760e8, 1.0, 1e-5);
  for (guint i = 1; i < d->n_channels; i++)
    if (d->counts[i] > d->counts[top])
      top = i;
  g_assert_cmpfloat_with_epsilon (isc_eels_energy (d, top), 461.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (d->counts[top], 235408, 1);
  g_assert_cmpfloat_with_epsilon (d->beam_energy_kev, 200, 1e-6);
  e = isc_eels_energy_axis (d, 0);
  (void) e;
}

static void
test_dm3_al_lowloss (void)
{
  g_autoptr(IscEelsData) d = load_fixture ("eels/pytemlib/AL-DFoffset0.00.dm3");
  g_autofree double *e = NULL;
  IscEelsZeroLoss z;

  if (d == NULL)
    return;
  g_assert_cmpuint (d->n_channels, ==, 2048);
  g_assert_cmpfloat (d->origin_channels, ==, 179.33062744140625);
  g_assert_cmpfloat (d->energy_scale, ==, 0.0201262179762125);
  g_assert_cmpfloat_with_epsilon (isc_eels_energy (d, 0), -3.60925, 1e-5);
  g_assert_cmpfloat_with_epsilon (isc_eels_energy (d, 2047), 37.58912, 1e-5);
  g_assert_cmpfloat_with_epsilon (total (d) / 4.87554e9, 1.0, 1e-5);

  e = isc_eels_energy_axis (d, 0);
  g_assert_true (isc_eels_zero_loss (e, d->counts, d->n_channels, &z));
  g_test_message ("ZLP %.4f fwhm %.4f min %.3f t %.4f", z.centre_ev, z.fwhm_ev, z.first_minimum_ev, z.t_over_lambda);
  g_assert_cmpfloat_with_epsilon (z.centre_ev, -0.1365, 0.001);
  g_assert_cmpfloat_with_epsilon (z.height / 4.27616e8, 1.0, 0.02);
  g_assert_cmpfloat_with_epsilon (z.fwhm_ev, 0.1558, 0.001);
  g_assert_cmpfloat_with_epsilon (z.first_minimum_ev, 1.764, 0.001);
  g_assert_cmpfloat_with_epsilon (z.t_over_lambda, 0.1759, 0.0005);
  g_assert_cmpfloat_with_epsilon (isc_eels_peak_in (e, d->counts, d->n_channels, 5, 30, NULL), 14.903, 0.1);
}

static void
test_dm4_spectrum_image (void)
{
  g_autoptr(IscEelsData) d = load_fixture ("eels/rsciio/EELS_SI.dm4");
  const double sums[4] = { 1.85897e6, 1.72222e6, 1.75338e6, 1.83450e6 };
  const double first[4] = { 8473.006, 7891.006, 7923.006, 8271.006 };

  if (d == NULL)
    return;
  g_assert_cmpstr (d->format, ==, "dm4");
  g_assert_cmpuint (d->n_channels, ==, 2048);
  g_assert_cmpuint (d->width, ==, 2);
  g_assert_cmpuint (d->height, ==, 2);
  g_assert_cmpfloat (d->origin_channels, ==, -300.0);
  g_assert_cmpfloat (d->energy_scale, ==, 1.0);
  g_assert_cmpfloat_with_epsilon (isc_eels_energy (d, 0), 300.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (isc_eels_energy (d, 2047), 2347.0, 1e-9);
  /* µm converted to nm by the image layer */
  g_assert_cmpstr (d->spatial_unit, ==, "nm");
  g_assert_cmpfloat_with_epsilon (d->spatial_scale, 1.9920736085623503, 1e-6);
  /* (x, y) order: x fastest */
  for (guint k = 0; k < 4; k++)
    {
      const double *s = isc_eels_spectrum (d, k % 2, k / 2);
      double sum = 0;

      for (guint i = 0; i < d->n_channels; i++)
        sum += s[i];
      g_assert_cmpfloat_with_epsilon (sum / sums[k], 1.0, 1e-5);
      g_assert_cmpfloat_with_epsilon (s[0], first[k], 1e-3);
    }
}

/* Truncated copies of real files: an error naming the file, never a crash (run under ASan in the
 * sanitizer build). */
static void
test_truncated (void)
{
  const char *names[] = { "eels/pytemlib/EELS_STO.dm3", "eels/rsciio/EELS_SI.dm4", "eels/hyperspy/lowloss_spectrum.msa" };
  g_autofree char *dir = isc_test_make_tmpdir ();

  for (guint f = 0; f < G_N_ELEMENTS (names); f++)
    {
      g_autofree char *path = isc_test_fixture_or_skip (names[f]);
      g_autofree char *contents = NULL;
      gsize len = 0;
      const double fractions[] = { 0.0, 0.001, 0.05, 0.5, 0.9, 0.99 };

      if (path == NULL)
        return;
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      for (guint k = 0; k < G_N_ELEMENTS (fractions); k++)
        {
          g_autofree char *base = g_path_get_basename (path);
          g_autofree char *cut = g_build_filename (dir, base, NULL);
          g_autoptr(GError) error = NULL;
          g_autoptr(IscEelsData) d = NULL;

          g_assert_true (g_file_set_contents (cut, contents, (gssize) (len * fractions[k]), NULL));
          d = isc_eels_load (cut, &error);
          g_assert_null (d);
          g_assert_nonnull (error);
          g_test_message ("%s", error->message);
          g_assert_true (g_str_has_prefix (error->message, base));
          g_unlink (cut);
        }
    }
  g_rmdir (dir);
}

static void
test_msa_damaged (void)
{
  const char *bad[] = {
    "#FORMAT : EMSA/MAS Spectral Data File\n#NPOINTS : 3\n#XPERCHAN : 1\n#SPECTRUM :\n1\n2\n",
    "#FORMAT : EMSA/MAS Spectral Data File\n#NPOINTS : 2\n#XPERCHAN : 1\n#SPECTRUM :\n1\nx\n",
    "#FORMAT : EMSA/MAS Spectral Data File\n#NPOINTS : 2\n#SPECTRUM :\n1\n2\n",
    "#FORMAT : EMSA/MAS Spectral Data File\n#NPOINTS : 1e12\n#XPERCHAN : 1\n#SPECTRUM :\n1\n",
    "hello\n",
  };
  const char *good = "#FORMAT : EMSA/MAS Spectral Data File\n#NPOINTS : 3\n#DATATYPE : XY\n#SPECTRUM :\n"
                     "10.0, 5\n10.5, 6\n11.0, 7\n#ENDOFDATA :\n";
  g_autoptr(IscEelsData) d = NULL;
  g_autoptr(GError) error = NULL;

  for (guint k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(IscEelsData) x = isc_eels_parse_msa (bad[k], strlen (bad[k]), "/tmp/bad.msa", &e);

      g_assert_null (x);
      g_assert_nonnull (e);
      g_assert_true (g_str_has_prefix (e->message, "bad.msa: "));
    }
  d = isc_eels_parse_msa (good, strlen (good), "good.msa", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->n_channels, ==, 3);
  g_assert_cmpfloat_with_epsilon (d->energy_offset, 10.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (d->energy_scale, 0.5, 1e-12);
  g_assert_cmpfloat (d->counts[2], ==, 7);
}

/* A plain image is not a spectrum. */
static void
test_image_is_refused (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("stem/ncempy/dmTest_float32_nonSquare_diffPixelSize.dm3");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscEelsData) d = NULL;

  if (path == NULL)
    return;
  d = isc_eels_load (path, &error);
  g_assert_null (d);
  g_assert_error (error, ISC_IMAGE_ERROR, ISC_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "eV"));
}

/* ---- a synthetic DM3 line scan (float32, one axis in eV) ---- */

static void
put_be (GByteArray *b, guint64 v, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      guint8 c = (v >> (8 * (n - 1 - i))) & 0xff;
      g_byte_array_append (b, &c, 1);
    }
}

static void
put_le (GByteArray *b, guint64 v, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      guint8 c = (v >> (8 * i)) & 0xff;
      g_byte_array_append (b, &c, 1);
    }
}

static void
put_f32 (GByteArray *b, float f)
{
  guint32 v;

  memcpy (&v, &f, 4);
  put_le (b, v, 4);
}

static void
dm_entry (GByteArray *b, guint kind, const char *name)
{
  put_be (b, kind, 1);
  put_be (b, strlen (name), 2);
  g_byte_array_append (b, (const guint8 *) name, strlen (name));
}

static void
dm_group (GByteArray *b, const char *name, guint n)
{
  dm_entry (b, 20, name);
  put_be (b, 1, 1);
  put_be (b, 0, 1);
  put_be (b, n, 4);
}

static void
dm_simple (GByteArray *b, const char *name, guint type, guint64 bits)
{
  dm_entry (b, 21, name);
  g_byte_array_append (b, (const guint8 *) "%%%%", 4);
  put_be (b, 1, 4);
  put_be (b, type, 4);
  put_le (b, bits, 4);
}

static void
dm_float (GByteArray *b, const char *name, float f)
{
  guint32 v;

  memcpy (&v, &f, 4);
  dm_simple (b, name, 6, v);
}

static void
dm_units (GByteArray *b, const char *text)
{
  dm_entry (b, 21, "Units");
  g_byte_array_append (b, (const guint8 *) "%%%%", 4);
  put_be (b, 3, 4);
  put_be (b, 20, 4);
  put_be (b, 4, 4);
  put_be (b, strlen (text), 4);
  for (const char *p = text; *p; p++)
    put_le (b, (guint8) *p, 2);
}

/* @positions × @channels; energy is DM dimension @energy_dim (0 or 1), Origin −100 ch,
 * 0.5 eV/ch; value at (position p, channel i) = 1000 p + i. */
static GByteArray *
build_line_scan (guint positions,
                 guint channels,
                 guint energy_dim)
{
  GByteArray *b = g_byte_array_new ();
  guint dims[2];

  dims[energy_dim] = channels;
  dims[1 - energy_dim] = positions;
  put_be (b, 3, 4);
  put_be (b, 0, 4);
  put_be (b, 1, 4);
  put_be (b, 1, 1);
  put_be (b, 0, 1);
  put_be (b, 1, 4);
  dm_group (b, "ImageList", 1);
  dm_group (b, "", 1);
  dm_group (b, "ImageData", 4);
  dm_group (b, "Calibrations", 1);
  dm_group (b, "Dimension", 2);
  for (guint d = 0; d < 2; d++)
    {
      dm_group (b, "", 3);
      dm_float (b, "Origin", d == energy_dim ? -100 : 0);
      dm_float (b, "Scale", d == energy_dim ? 0.5f : 2.0f);
      dm_units (b, d == energy_dim ? "eV" : "nm");
    }
  dm_simple (b, "DataType", 3, 2);
  dm_group (b, "Dimensions", 2);
  dm_simple (b, "", 3, dims[0]);
  dm_simple (b, "", 3, dims[1]);
  dm_entry (b, 21, "Data");
  g_byte_array_append (b, (const guint8 *) "%%%%", 4);
  put_be (b, 3, 4);
  put_be (b, 20, 4);
  put_be (b, 6, 4);
  put_be (b, (guint64) positions * channels, 4);
  for (guint r = 0; r < dims[1]; r++)
    for (guint c = 0; c < dims[0]; c++)
      {
        guint p = energy_dim == 0 ? r : c, i = energy_dim == 0 ? c : r;
        put_f32 (b, 1000.0f * p + i);
      }
  return b;
}

static void
test_dm3_line_scan (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();

  for (guint energy_dim = 0; energy_dim < 2; energy_dim++)
    {
      g_autoptr(GByteArray) bytes = build_line_scan (5, 300, energy_dim);
      g_autofree char *path = g_build_filename (dir, "line.dm3", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(IscEelsData) d = NULL;

      g_assert_true (g_file_set_contents (path, (const char *) bytes->data, bytes->len, NULL));
      d = isc_eels_load (path, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (d->n_channels, ==, 300);
      g_assert_cmpuint (d->width, ==, 5);
      g_assert_cmpuint (d->height, ==, 1);
      g_assert_cmpfloat (d->origin_channels, ==, -100);
      g_assert_cmpfloat_with_epsilon (isc_eels_energy (d, 0), 50.0, 1e-9);
      g_assert_cmpfloat_with_epsilon (isc_eels_energy (d, 299), 199.5, 1e-9);
      g_assert_cmpfloat_with_epsilon (d->spatial_scale, 2.0, 1e-9);
      g_assert_cmpstr (d->spatial_unit, ==, "nm");
      for (guint p = 0; p < 5; p++)
        for (guint i = 0; i < 300; i += 37)
          g_assert_cmpfloat (isc_eels_spectrum (d, p, 0)[i], ==, 1000.0 * p + i);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* The registry hooks: EMSA energy-loss text is sniffed (EDS is not); info summarises. */
static void
test_kind (void)
{
  const char *els = "#FORMAT      : EMSA/MAS Spectral Data File\n#VERSION : 1.0\n#SIGNALTYPE  : ELS\n#SPECTRUM :\n1\n";
  const char *eds = "#FORMAT      : EMSA/MAS Spectral Data File\n#VERSION : 1.0\n#SIGNALTYPE  : EDS\n#SPECTRUM :\n1\n";
  const char *plain = "#FORMAT : EMSA/MAS Spectral Data File\n#XUNITS : eV\n";
  g_autofree char *path = isc_test_fixture_or_skip ("eels/rsciio/EELS_SI.dm4");
  g_autofree char *msa = isc_test_fixture_or_skip ("eels/hyperspy/coreloss_spectrum.msa");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *head = NULL;
  gsize len = 0;
  JsonObject *o;

  g_assert_true (isc_eels_sniff (els, strlen (els)));
  g_assert_false (isc_eels_sniff (eds, strlen (eds)));
  g_assert_true (isc_eels_sniff (plain, strlen (plain)));
  g_assert_false (isc_eels_sniff ("#FORMAT : something else\n", 25));
  g_assert_false (isc_eels_sniff ("\x03\x00\x00\x00", 4));
  if (path == NULL || msa == NULL)
    return;
  g_assert_true (g_file_get_contents (msa, &head, &len, NULL));
  g_assert_true (isc_eels_sniff (head, MIN (len, 65536)));
  node = isc_eels_summarize (path, &error);
  g_assert_no_error (error);
  o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "eels-spectrum-image");
  g_assert_cmpint (json_object_get_int_member (o, "n_channels"), ==, 2048);
  g_assert_cmpfloat (json_object_get_double_member (o, "energy_first_ev"), ==, 300.0);
  g_assert_cmpfloat (json_object_get_double_member (o, "energy_last_ev"), ==, 2347.0);
  g_assert_null (isc_eels_summarize ("/nonexistent/x.dm3", NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/eels/msa/coreloss", test_msa_coreloss);
  g_test_add_func ("/eels/msa/lowloss", test_msa_lowloss);
  g_test_add_func ("/eels/msa/damaged", test_msa_damaged);
  g_test_add_func ("/eels/dm3/sto", test_dm3_sto);
  g_test_add_func ("/eels/dm3/al-lowloss", test_dm3_al_lowloss);
  g_test_add_func ("/eels/dm4/spectrum-image", test_dm4_spectrum_image);
  g_test_add_func ("/eels/dm3/line-scan", test_dm3_line_scan);
  g_test_add_func ("/eels/truncated", test_truncated);
  g_test_add_func ("/eels/kind", test_kind);
  g_test_add_func ("/eels/image-is-refused", test_image_is_refused);
  return g_test_run ();
}
