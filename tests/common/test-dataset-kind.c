/* test-dataset-kind.c: the registry of dataset kinds — ids, suffixes, and sniffing the files
 * that several kinds share (.mpt, .csv, .txt).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "isc-dataset-kind.h"
#include "isc-fixtures.h"
#include "project.h"
#include "project-file.h"
#include "saed-kind.h"
#include "test-util.h"

/* Every kind has its row, in order, with an id that round-trips and lower-case suffixes. */
static void
test_table (void)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (IscDatasetKind kind = 0; kind < ISC_DATASET_N_KINDS; kind++)
    {
      const IscDatasetKindInfo *info = isc_dataset_kind_get_info (kind);
      IscDatasetKind back;

      g_assert_nonnull (info);
      g_assert_cmpint (info->kind, ==, kind);
      g_assert_true (g_hash_table_add (ids, (gpointer) info->id));
      g_assert_true (isc_dataset_kind_from_string (isc_dataset_kind_to_string (kind), &back));
      g_assert_cmpint (back, ==, kind);
      g_assert_cmpstr (isc_dataset_kind_describe (kind), !=, "");
      g_assert_true (g_str_has_suffix (isc_dataset_kind_get_icon (kind), "-symbolic"));
      g_assert_nonnull (info->suffixes[0]);
      for (guint i = 0; info->suffixes[i] != NULL; i++)
        {
          g_autofree char *lower = g_ascii_strdown (info->suffixes[i], -1);

          g_assert_cmpstr (info->suffixes[i], ==, lower);
        }
    }
}

/* The strings project files already hold must keep meaning the same kinds. */
static void
test_stored_ids (void)
{
  IscDatasetKind kind;

  g_assert_cmpstr (isc_dataset_kind_to_string (ISC_DATASET_APT), ==, "apt");
  g_assert_cmpstr (isc_dataset_kind_to_string (ISC_DATASET_RANGES), ==, "ranges");
  g_assert_cmpstr (isc_dataset_kind_to_string (ISC_DATASET_STEM), ==, "stem");
  g_assert_cmpstr (isc_dataset_kind_to_string (ISC_DATASET_CYCLER), ==, "cycler");
  g_assert_cmpstr (isc_dataset_kind_to_string (ISC_DATASET_EIS), ==, "eis");
  g_assert_cmpstr (isc_dataset_kind_to_string (ISC_DATASET_XRD), ==, "xrd");
  g_assert_cmpstr (isc_dataset_kind_to_string (ISC_DATASET_THERMAL), ==, "thermal");
  g_assert_cmpstr (isc_dataset_kind_to_string (ISC_DATASET_EELS), ==, "eels");
  g_assert_cmpstr (isc_dataset_kind_to_string (ISC_DATASET_DIFFRACTION), ==, "diffraction");
  g_assert_false (isc_dataset_kind_from_string ("xrd-pattern-unknown", &kind));
  g_assert_cmpstr (isc_dataset_kind_get_icon (ISC_DATASET_CYCLER), ==, "battery-full-charged-symbolic");
}

static IscDatasetKind
guess_text (const char *name,
            const char *text)
{
  IscDatasetKind kind;

  return isc_dataset_kind_guess_data (name, text, strlen (text), &kind) ? kind : ISC_DATASET_N_KINDS;
}

/* Bytes decide between kinds sharing a suffix; the name alone falls to the kind without a sniff. */
static void
test_sniff_memory (void)
{
  IscDatasetKind kind;

  g_assert_cmpint (guess_text ("a.csv", "1000,0.5,-0.2\n100,0.6,-0.3\n"), ==, ISC_DATASET_EIS);
  g_assert_cmpint (guess_text ("a.csv", "freq/Hz,Z'/Ohm,Z''/Ohm\n1000,0.5,-0.2\n"), ==, ISC_DATASET_EIS);
  g_assert_cmpint (guess_text ("a.csv", "Cycle_Index,Voltage,Current\n1,3.7,0.1\n"), ==, ISC_DATASET_CYCLER);
  /* Three positive columns: a log-spaced sweep is impedance, 2θ in constant steps is not. */
  g_assert_cmpint (guess_text ("a.csv", "1000,0.5,0.2\n100,0.6,0.3\n10,0.9,0.4\n1,1.5,0.5\n"), ==, ISC_DATASET_EIS);
  g_assert_cmpint (guess_text ("a.csv", "10.00,120,11\n10.02,118,11\n10.04,125,11\n10.06,131,12\n"), ==, ISC_DATASET_CYCLER);
  g_assert_cmpint (guess_text ("a.mpt", "EC-Lab ASCII FILE\nNb header lines : 3\n\nGalvanostatic Cycling with Potential Limitation\n"),
                   ==, ISC_DATASET_CYCLER);
  g_assert_cmpint (guess_text ("a.mpt", "EC-Lab ASCII FILE\nNb header lines : 3\n\nPotentio Electrochemical Impedance Spectroscopy\n"),
                   ==, ISC_DATASET_EIS);
  g_assert_cmpint (guess_text ("a.DTA", "EXPLAIN\nTAG\tEISPOT\n"), ==, ISC_DATASET_EIS);
  /* A Gamry cyclic voltammogram is no impedance file, and no other kind takes .DTA. */
  g_assert_cmpint (guess_text ("a.DTA", "EXPLAIN\nTAG\tCV\n"), ==, ISC_DATASET_N_KINDS);
  g_assert_true (isc_dataset_kind_guess_data ("a.mpt", NULL, 0, &kind) && kind == ISC_DATASET_CYCLER);
  g_assert_true (isc_dataset_kind_guess_data ("a.z", NULL, 0, &kind) && kind == ISC_DATASET_EIS);
  /* Diffraction: blank-separated 2θ in constant steps, a PANalytical CSV header, RAW magic; a
   * comma-separated table without a header stays with the cycler (above). */
  g_assert_cmpint (guess_text ("a.xy", "# 300 C\n10.00 120\n10.02 118\n10.04 125\n10.06 131\n"), ==, ISC_DATASET_XRD);
  g_assert_cmpint (guess_text ("a.csv", "[Measurement conditions]\nAnode material,Cu\n"), ==, ISC_DATASET_XRD);
  g_assert_cmpint (guess_text ("a.raw", "RAW4.00\n"), ==, ISC_DATASET_XRD);
  /* Uneven first column, or a negative intensity: no pattern. */
  g_assert_cmpint (guess_text ("a.xy", "10.00 120\n10.50 118\n10.52 125\n10.60 131\n"), ==, ISC_DATASET_N_KINDS);
  g_assert_cmpint (guess_text ("a.xy", "10.00 120\n10.02 -118\n10.04 125\n10.06 131\n"), ==, ISC_DATASET_N_KINDS);
  g_assert_true (isc_dataset_kind_guess_data ("a.xrdml", NULL, 0, &kind) && kind == ISC_DATASET_XRD);
  g_assert_true (isc_dataset_kind_has_suffix (ISC_DATASET_EIS, "/x/y/Spectrum.DTA"));
  g_assert_false (isc_dataset_kind_has_suffix (ISC_DATASET_EIS, "/x/y.dta/notes"));
}

/* Thermal analysis shares .csv and .txt with the cycler and impedance: its header decides. */
static void
test_sniff_thermal_memory (void)
{
  g_assert_cmpint (guess_text ("a.csv", "Time/min,Temperature/°C,Mass/mg,DTA/uV\n0,25,10.0,0.1\n"), ==, ISC_DATASET_THERMAL);
  g_assert_cmpint (guess_text ("a.txt", "#EXPORTTYPE:DATA SINGLE\n#FTYPE:ANSI\n\n##Temp./°C;Time/min;Mass/%\n30;0;100\n"),
                   ==, ISC_DATASET_THERMAL);
  /* A cycler log with a temperature and an active-mass column stays a cycler table. */
  g_assert_cmpint (guess_text ("a.csv", "Cycle_Index,Voltage(V),Current(A),Temperature(C),Active mass(mg)\n1,3.7,0.1,25,12\n"),
                   ==, ISC_DATASET_CYCLER);
  g_assert_cmpint (guess_text ("a.csv", "Temperature,Capacity,Mass\n25,1,2\n"), ==, ISC_DATASET_CYCLER);
  g_assert_cmpint (guess_text ("a.csv", "Time,Temperature\n0,25\n"), ==, ISC_DATASET_CYCLER);
  /* An impedance table keeps its kind. */
  g_assert_cmpint (guess_text ("a.csv", "freq/Hz,Z'/Ohm,Z''/Ohm\n1000,0.5,-0.2\n"), ==, ISC_DATASET_EIS);
}

static void
expect_fixture (const char     *relative,
                IscDatasetKind  expected)
{
  g_autofree char *path = isc_fixture_path (relative);
  IscDatasetKind kind;

  if (path == NULL)
    {
      g_test_message ("fixture %s missing", relative);
      return;
    }
  g_assert_true (isc_dataset_kind_guess (path, &kind));
  if (kind != expected)
    g_error ("%s: guessed %s, expected %s", relative, isc_dataset_kind_to_string (kind),
             isc_dataset_kind_to_string (expected));
}

/* Real files: impedance exports go to the EIS kind, every cycler table stays a cycler table. */
static void
test_sniff_fixtures (void)
{
  static const char *eis[] = {
    "cycling/impedance_py/exampleData.csv", "cycling/impedance_py/exampleDataBioLogic.mpt",
    "cycling/impedance_py/exampleDataGamry.DTA", "cycling/impedance_py/exampleDataZPlot.z",
    "cycling/yadg/peis.mpt", "eis/yadg/peis.issue_149.mpt", "eis/impedance_py/exampleDataAutolab.txt",
    "eis/impedance_py/exampleDataCHInstruments.txt",
  };
  g_autofree char *dir = isc_fixtures_dir ();
  g_autofree char *cycling = NULL;
  g_autoptr(GDir) folders = NULL;
  const char *folder;

  if (dir == NULL)
    {
      g_test_skip ("no fixtures folder");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (eis); i++)
    expect_fixture (eis[i], ISC_DATASET_EIS);

  cycling = g_build_filename (dir, "cycling", NULL);
  folders = g_dir_open (cycling, 0, NULL);
  while (folders != NULL && (folder = g_dir_read_name (folders)) != NULL)
    {
      g_autofree char *sub = g_build_filename (cycling, folder, NULL);
      g_autoptr(GDir) files = NULL;
      const char *name;

      if (g_str_equal (folder, "impedance_py"))
        continue;
      files = g_dir_open (sub, 0, NULL);
      while (files != NULL && (name = g_dir_read_name (files)) != NULL)
        {
          g_autofree char *relative = g_build_filename ("cycling", folder, name, NULL);

          if (g_str_has_prefix (name, "peis") || !isc_dataset_kind_has_suffix (ISC_DATASET_CYCLER, name))
            continue;
          expect_fixture (relative, ISC_DATASET_CYCLER);
        }
    }
}

/* Every diffraction fixture (the PANalytical .csv among them) is guessed as diffraction. */
static void
test_sniff_xrd_fixtures (void)
{
  g_autofree char *dir = isc_fixtures_dir ();
  g_autofree char *top = NULL;
  g_autoptr(GDir) subs = NULL;
  const char *sub;
  guint checked = 0;

  if (dir == NULL)
    {
      g_test_skip ("no fixtures folder");
      return;
    }
  top = g_build_filename (dir, "xrd", NULL);
  subs = g_dir_open (top, 0, NULL);
  while (subs != NULL && (sub = g_dir_read_name (subs)) != NULL)
    {
      g_autofree char *folder = g_build_filename (top, sub, NULL);
      g_autoptr(GDir) files = g_dir_open (folder, 0, NULL);
      const char *name;

      while (files != NULL && (name = g_dir_read_name (files)) != NULL)
        {
          g_autofree char *relative = g_build_filename ("xrd", sub, name, NULL);

          if (!isc_dataset_kind_has_suffix (ISC_DATASET_XRD, name))
            continue;
          expect_fixture (relative, ISC_DATASET_XRD);
          checked++;
        }
    }
  g_assert_cmpuint (checked, >=, 15);

  /* The `info` summary: every scan of a heating run, its 2θ range and wavelength. */
  {
    g_autofree char *uxd = g_build_filename (top, "dxtools", "Temperature.uxd", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = isc_dataset_kind_get_info (ISC_DATASET_XRD)->summarize (uxd, &error);
    JsonObject *object, *first;
    JsonArray *scans;

    g_assert_no_error (error);
    object = json_node_get_object (node);
    g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "xrd");
    scans = json_object_get_array_member (object, "scans");
    g_assert_cmpuint (json_array_get_length (scans), ==, 22);
    first = json_array_get_object_element (scans, 0);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (first, "two_theta_min"), 61.5, 0.01);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (first, "two_theta_max"), 66.5, 0.01);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (first, "wavelength_A"), 1.5406, 1e-4);
  }
}

/* Every thermal-analysis fixture is guessed as thermal analysis, and the `info` summary reads it;
 * no cycler fixture is (test_sniff_fixtures checks that each stays a cycler table). */
static void
test_sniff_thermal_fixtures (void)
{
  static const char *files[] = {
    "thermal/pytga/netzsch2_example_file.txt", "thermal/pytga/netzsch_example3.txt",
    "thermal/pytga/TAInstruments_example_file.txt", "thermal/pytga/PerkinElmer_example_file.txt",
    "thermal/pytga/MettlerToledo_example_file.txt", "thermal/pkynetics/sample_dsc_tainstruments.txt",
  };
  g_autofree char *dir = isc_fixtures_dir ();
  g_autofree char *netzsch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *first;

  if (dir == NULL)
    {
      g_test_skip ("no fixtures folder");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    expect_fixture (files[i], ISC_DATASET_THERMAL);

  netzsch = g_build_filename (dir, "thermal", "pytga", "netzsch2_example_file.txt", NULL);
  node = isc_dataset_kind_get_info (ISC_DATASET_THERMAL)->summarize (netzsch, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "kind"), ==, "thermal");
  first = json_array_get_object_element (json_object_get_array_member (json_node_get_object (node), "curves"), 0);
  g_assert_cmpint (json_object_get_int_member (first, "points"), ==, 270);
  g_assert_true (json_object_get_boolean_member (first, "mass"));
}

/* A DM tag @name with the UTF-16LE string @value, as DigitalMicrograph 3 writes it. */
static GByteArray *
dm_tag (const char *name,
        const char *value)
{
  GByteArray *b = g_byte_array_new ();
  static const guint8 header[] = { '%', '%', '%', '%', 0, 0, 0, 3, 0, 0, 0, 0x14, 0, 0, 0, 4, 0, 0, 0, 0x0b };

  g_byte_array_append (b, (const guint8 *) "\x15\x00\x0e", 3);
  g_byte_array_append (b, (const guint8 *) name, strlen (name));
  g_byte_array_append (b, header, sizeof header);
  for (const char *c = value; *c != '\0'; c++)
    {
      guint8 u[2] = { (guint8) *c, 0 };
      g_byte_array_append (b, u, 2);
    }
  return b;
}

static gboolean
sniff_text (const char *text)
{
  return isc_saed_sniff (text, strlen (text));
}

/* The diffraction sniff: only what says "diffraction" is a pattern. A STEM image is taken with
 * the projector in diffraction too ("Imaging Mode"), and a HAADF image's axes are in m. */
static void
test_sniff_diffraction_memory (void)
{
  g_autoptr(GByteArray) dm_diff = dm_tag ("Operation Mode", "DIFFRACTION");
  g_autoptr(GByteArray) dm_scan = dm_tag ("Operation Mode", "SCANNING");
  g_autoptr(GByteArray) dm_imaging = dm_tag ("Imaging Mode", "DIFFRACTION");

  g_assert_true (isc_saed_sniff ((const char *) dm_diff->data, dm_diff->len));
  g_assert_false (isc_saed_sniff ((const char *) dm_scan->data, dm_scan->len));
  g_assert_false (isc_saed_sniff ((const char *) dm_imaging->data, dm_imaging->len));
  g_assert_true (sniff_text ("{\"PixelUnitX\":\"1\\/m\",\"PixelUnitY\":\"1\\/m\"}"));
  g_assert_true (sniff_text ("{\n  \"PixelUnitX\": \"1/m\",\n}"));
  g_assert_false (sniff_text ("{\"PixelUnitX\":\"m\",\"PixelUnitY\":\"m\"}"));
  g_assert_true (sniff_text ("II*\nImageJ=1.54f\nunit=1/nm\n"));
  g_assert_false (sniff_text ("II*\nImageJ=1.54f\nunit=nm\n"));
  g_assert_false (sniff_text ("II*\nImageJ=1.11a\nunit=\n"));
  /* the bytes alone never decide: an image suffix without the file is an image */
  {
    IscDatasetKind kind;

    g_assert_true (isc_dataset_kind_guess_data ("pattern.dm3", NULL, 0, &kind) && kind == ISC_DATASET_STEM);
  }
}

/* Every image fixture is an image, except the two whose files say diffraction; the Au ring
 * pattern TIFF says nothing (no calibration) and stays an image to analyse by hand. */
static void
test_sniff_diffraction_fixtures (void)
{
  static const char *patterns[] = {
    "saed/ncempy/Camera_Ceta_Diffraction_Micro.emd",
    "stem/rsciio/digitalmicrograph_2D_test_diffraction_pattern.dm3",
  };
  g_autofree char *dir = isc_fixtures_dir ();
  g_autofree char *stem = NULL;
  g_autoptr(GPtrArray) queue = g_ptr_array_new_with_free_func (g_free);
  guint images = 0;

  if (dir == NULL)
    {
      g_test_skip ("no fixtures folder");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    expect_fixture (patterns[i], ISC_DATASET_DIFFRACTION);
  expect_fixture ("saed/pyxem/au_xgrating_20cm.tif", ISC_DATASET_STEM);

  /* stem/ and its folders, every file with an image suffix */
  stem = g_build_filename (dir, "stem", NULL);
  g_ptr_array_add (queue, g_strdup ("stem"));
  while (queue->len > 0)
    {
      g_autofree char *relative = g_ptr_array_steal_index (queue, queue->len - 1);
      g_autofree char *folder = g_build_filename (dir, relative, NULL);
      g_autoptr(GDir) files = g_dir_open (folder, 0, NULL);
      const char *name;

      while (files != NULL && (name = g_dir_read_name (files)) != NULL)
        {
          g_autofree char *rel = g_build_filename (relative, name, NULL);
          g_autofree char *path = g_build_filename (dir, rel, NULL);

          if (g_file_test (path, G_FILE_TEST_IS_DIR))
            g_ptr_array_add (queue, g_steal_pointer (&rel));
          /* 08_carbon.dm3 is an EELS spectrum (test_sniff_eels_fixtures) */
          else if (isc_dataset_kind_has_suffix (ISC_DATASET_STEM, name)
                   && !g_str_equal (rel, patterns[1]) && !g_str_equal (name, "08_carbon.dm3"))
            {
              expect_fixture (rel, ISC_DATASET_STEM);
              images++;
            }
        }
    }
  g_test_message ("%u images stay images", images);
  g_assert_cmpuint (images, >=, 30);

  /* the `info` summary states the file's calibration */
  {
    g_autofree char *emd = g_build_filename (dir, patterns[0], NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = isc_dataset_kind_get_info (ISC_DATASET_DIFFRACTION)->summarize (emd, &error);
    JsonObject *object;

    g_assert_no_error (error);
    object = json_node_get_object (node);
    g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "diffraction");
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "calibration_nm_inv_per_px"), 0.114430, 1e-5);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "camera_length_m"), 0.378, 1e-6);
  }
}

/* A site's impedance file goes into the project file under the registry's id and comes back
 * as the same kind, beside the kinds of before. */
static void
test_project_round_trip (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *eis = g_build_filename (dir, "cell-100-cycles.mpt", NULL);
  g_autofree char *tif = g_build_filename (dir, "haadf.tif", NULL);
  g_autofree char *file = g_build_filename (dir, "study.ionscape", NULL);
  g_autoptr(IscProject) project = isc_project_new ();
  g_autoptr(IscProject) loaded = NULL;
  g_autoptr(GError) error = NULL;
  IscSite *site;
  IscDatasetKind kind;
  static const char peis[] = "EC-Lab ASCII FILE\nNb header lines : 4\n\nPotentio Electrochemical Impedance Spectroscopy\n"
                             "freq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\n1000\t12\t1\n100\t40\t20\n";

  isc_test_write_file (eis, peis, sizeof peis - 1);
  isc_test_write_file (tif, "II*\0", 4);
  /* The sidebar guesses a dropped file's kind through the registry: the bytes say impedance. */
  g_assert_true (isc_dataset_kind_guess (eis, &kind));
  g_assert_cmpint (kind, ==, ISC_DATASET_EIS);
  site = isc_condition_add_site (isc_project_add_condition (project, "100 cycles", 100), "R1", 50, "");
  isc_site_add_dataset (site, kind, eis);
  isc_site_add_dataset (site, ISC_DATASET_STEM, tif);
  g_assert_true (isc_project_save (project, file, &error));
  g_assert_no_error (error);

  loaded = isc_project_load (file, &error);
  g_assert_no_error (error);
  site = isc_condition_find_site (isc_project_find_condition (loaded, "100 cycles"), "R1");
  g_assert_cmpint (isc_site_find_dataset (site, eis)->kind, ==, ISC_DATASET_EIS);
  g_assert_cmpint (isc_site_find_dataset (site, tif)->kind, ==, ISC_DATASET_STEM);
}

/* Calls @func on every file (its path under the fixtures and its name) in the sub-folders of
 * @folder in the fixtures. */
static void
for_each_fixture (const char *dir,
                  const char *folder,
                  void      (*func) (const char *relative, const char *path, const char *name, gpointer data),
                  gpointer    data)
{
  g_autofree char *top = g_build_filename (dir, folder, NULL);
  g_autoptr(GDir) subs = g_dir_open (top, 0, NULL);
  const char *sub;

  while (subs != NULL && (sub = g_dir_read_name (subs)) != NULL)
    {
      g_autofree char *path = g_build_filename (top, sub, NULL);
      g_autoptr(GDir) files = g_dir_open (path, 0, NULL);
      const char *name;

      while (files != NULL && (name = g_dir_read_name (files)) != NULL)
        {
          g_autofree char *relative = g_build_filename (folder, sub, name, NULL);
          g_autofree char *file = g_build_filename (path, name, NULL);

          func (relative, file, name, data);
        }
    }
}

/* A fixture of an image folder sharing a suffix with EELS stays an image. */
static void
expect_image (const char *relative,
              const char *path,
              const char *name,
              gpointer    data)
{
  guint *images = data;

  if (!isc_dataset_kind_has_suffix (ISC_DATASET_EELS, name))
    return;
  /* the one spectrum among them: carbon K, 2048 channels (SOURCES.md) */
  if (g_str_equal (name, "08_carbon.dm3"))
    {
      expect_fixture (relative, ISC_DATASET_EELS);
      return;
    }
  /* the two files that say they are diffraction patterns (test_sniff_diffraction_fixtures) */
  if (g_str_equal (name, "digitalmicrograph_2D_test_diffraction_pattern.dm3")
      || g_str_equal (name, "Camera_Ceta_Diffraction_Micro.emd"))
    {
      expect_fixture (relative, ISC_DATASET_DIFFRACTION);
      return;
    }
  expect_fixture (relative, ISC_DATASET_STEM);
  (*images)++;
}

/* EELS shares .dm3/.dm4/.emd with STEM images: every spectrum, line scan and spectrum image of
 * fixtures/eels is EELS, every image of fixtures/stem and fixtures/saed stays an image (a
 * spectrum image's HAADF survey among them), and EMSA text must say ELS. */
static void
test_sniff_eels_fixtures (void)
{
  static const char *eels[] = {
    "eels/hyperspy/coreloss_spectrum.msa", "eels/hyperspy/lowloss_spectrum.msa",
    "eels/pytemlib/EELS_STO.dm3", "eels/pytemlib/AL-DFoffset0.00.dm3", "eels/rsciio/EELS_SI.dm4",
  };
  static const char *folders[] = { "stem", "saed" };
  g_autofree char *dir = isc_fixtures_dir ();
  guint images = 0;

  g_assert_cmpint (guess_text ("a.msa", "#FORMAT      : EMSA/MAS Spectral Data File\n#VERSION     : 1.0\n"
                                        "#SIGNALTYPE  : ELS\n#NPOINTS     : 2\n"), ==, ISC_DATASET_EELS);
  g_assert_cmpint (guess_text ("a.msa", "#FORMAT      : EMSA/MAS Spectral Data File\n#VERSION     : 1.0\n"
                                        "#SIGNALTYPE  : EDS\n#NPOINTS     : 2\n"), ==, ISC_DATASET_N_KINDS);
  /* the head of a DM file says nothing either way: without the file the image kind keeps it */
  g_assert_cmpint (guess_text ("a.dm3", "\003"), ==, ISC_DATASET_STEM);
  if (dir == NULL)
    {
      g_test_skip ("no fixtures folder");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (eels); i++)
    expect_fixture (eels[i], ISC_DATASET_EELS);
  for (guint f = 0; f < G_N_ELEMENTS (folders); f++)
    for_each_fixture (dir, folders[f], expect_image, &images);
  g_test_message ("%u images checked", images);
  g_assert_cmpuint (images, >=, 20);
}

/* Diffraction and thermal-analysis text files share .csv and .txt: none is taken for impedance. */
static void
test_sniff_other_text (void)
{
  static const char *folders[] = { "xrd", "thermal" };
  g_autofree char *dir = isc_fixtures_dir ();
  guint checked = 0;

  if (dir == NULL)
    {
      g_test_skip ("no fixtures folder");
      return;
    }
  for (guint f = 0; f < G_N_ELEMENTS (folders); f++)
    {
      g_autofree char *top = g_build_filename (dir, folders[f], NULL);
      g_autoptr(GDir) subs = g_dir_open (top, 0, NULL);
      const char *sub;

      while (subs != NULL && (sub = g_dir_read_name (subs)) != NULL)
        {
          g_autofree char *folder = g_build_filename (top, sub, NULL);
          g_autoptr(GDir) files = g_dir_open (folder, 0, NULL);
          const char *name;

          while (files != NULL && (name = g_dir_read_name (files)) != NULL)
            {
              g_autofree char *path = g_build_filename (folder, name, NULL);
              IscDatasetKind kind;

              if (!isc_dataset_kind_has_suffix (ISC_DATASET_EIS, name))
                continue;
              checked++;
              if (isc_dataset_kind_guess (path, &kind) && kind == ISC_DATASET_EIS)
                g_error ("%s/%s/%s taken for impedance", folders[f], sub, name);
            }
        }
    }
  g_test_message ("%u files checked", checked);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dataset-kind/table", test_table);
  g_test_add_func ("/dataset-kind/stored-ids", test_stored_ids);
  g_test_add_func ("/dataset-kind/sniff-memory", test_sniff_memory);
  g_test_add_func ("/dataset-kind/sniff-fixtures", test_sniff_fixtures);
  g_test_add_func ("/dataset-kind/sniff-other-text", test_sniff_other_text);
  g_test_add_func ("/dataset-kind/sniff-xrd-fixtures", test_sniff_xrd_fixtures);
  g_test_add_func ("/dataset-kind/sniff-eels-fixtures", test_sniff_eels_fixtures);
  g_test_add_func ("/dataset-kind/project-round-trip", test_project_round_trip);
  g_test_add_func ("/dataset-kind/sniff-thermal-memory", test_sniff_thermal_memory);
  g_test_add_func ("/dataset-kind/sniff-thermal-fixtures", test_sniff_thermal_fixtures);
  g_test_add_func ("/dataset-kind/sniff-diffraction-memory", test_sniff_diffraction_memory);
  g_test_add_func ("/dataset-kind/sniff-diffraction-fixtures", test_sniff_diffraction_fixtures);
  return g_test_run ();
}
