/* test-apt-composition.c: composition, ratios, spectrum and CSV with numbers worked by hand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "composition.h"
#include "pos-io.h"
#include "range-io.h"
#include "spectrum.h"
#include "test-util.h"

static const char *rrng =
  "[Ranges]\n"
  "Range1=6.9 7.1 Li:1\n"
  "Range2=15.9 16.1 O:1\n"
  "Range3=73.9 74.1 Ni:1 O:1\n"
  "Range4=28.9 29.1 Ni:1\n"
  "Range5=29.4 29.6 Co:1\n"
  "Range6=27.4 27.6 Mn:1\n";

/* 3 Li, 4 O, 2 NiO, 2 Ni, 1 Co, 1 Mn, 2 unranged (50, 100 Da). */
static const float masses[] = { 7.0f, 7.05f, 6.95f, 16.0f, 16.0f, 15.95f, 16.05f, 74.0f, 74.0f,
                                29.0f, 29.0f, 29.5f, 27.5f, 50.0f, 100.0f };

static IscIonCloud *
make_cloud (void)
{
  IscIonCloud *cloud = isc_ion_cloud_new (G_N_ELEMENTS (masses));

  for (guint i = 0; i < G_N_ELEMENTS (masses); i++)
    {
      cloud->x[i] = i;
      cloud->y[i] = -(float) i;
      cloud->z[i] = 0.5f * i;
      cloud->mq[i] = masses[i];
    }
  isc_ion_cloud_update_bounds (cloud);
  return cloud;
}

static IscRangeSet *
make_ranges (void)
{
  g_autoptr(GError) error = NULL;
  IscRangeSet *set = isc_range_set_parse_rrng ("hand.rrng", rrng, strlen (rrng), &error);

  g_assert_no_error (error);
  return set;
}

static guint64
atoms (const IscComposition *comp,
       const char           *symbol)
{
  int e = isc_composition_find_element (comp, symbol);

  g_assert_cmpint (e, >=, 0);
  return comp->atom_counts[e];
}

static void
test_composition (void)
{
  g_autoptr(IscIonCloud) cloud = make_cloud ();
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IscComposition) comp = isc_composition_compute (cloud, set, NULL, NULL, &error);
  const char *li_o_basis[] = { "Li", "O", NULL };
  int li;

  g_assert_no_error (error);
  g_assert_cmpuint (comp->ions_total, ==, 15);
  g_assert_cmpuint (comp->ions_ranged, ==, 13);
  g_assert_cmpuint (comp->ions_unranged, ==, 2);
  g_assert_cmpuint (comp->n_ion_types, ==, 6);
  g_assert_cmpstr (comp->ion_names[2], ==, "NiO");
  g_assert_cmpuint (comp->ion_counts[2], ==, 2);

  /* NiO decomposes: Ni = 2 + 2, O = 4 + 2. */
  g_assert_cmpuint (atoms (comp, "Li"), ==, 3);
  g_assert_cmpuint (atoms (comp, "O"), ==, 6);
  g_assert_cmpuint (atoms (comp, "Ni"), ==, 4);
  g_assert_cmpuint (atoms (comp, "Co"), ==, 1);
  g_assert_cmpuint (atoms (comp, "Mn"), ==, 1);
  g_assert_cmpuint (comp->atoms_total, ==, 15);

  li = isc_composition_find_element (comp, "Li");
  g_assert_cmpfloat_with_epsilon (comp->fractions[li], 0.2, 1e-12);
  /* sqrt (0.2 · 0.8 / 15) */
  g_assert_cmpfloat_with_epsilon (comp->sigmas[li], 0.10327955589886444, 1e-12);

  /* Ratios to Ni + Co + Mn = 6 atoms. */
  g_assert_cmpfloat_with_epsilon (isc_composition_get_ratio (comp, NULL, "Li"), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (isc_composition_get_ratio (comp, NULL, "O"), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (isc_composition_get_ratio (comp, NULL, "Ni"), 4.0 / 6.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (isc_composition_get_ratio (comp, li_o_basis, "Ni"), 4.0 / 9.0, 1e-12);
  g_assert_cmpfloat (isc_composition_get_ratio (comp, NULL, "Fe"), ==, 0.0);
}

static void
test_selection (void)
{
  g_autoptr(IscIonCloud) cloud = make_cloud ();
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(GError) error = NULL;
  guint8 selected[G_N_ELEMENTS (masses)] = { 0 };
  g_autoptr(IscComposition) comp = NULL;
  const char *basis[] = { "Ni", NULL };

  /* Li, Li, O, NiO, unranged 100 */
  selected[0] = selected[1] = selected[3] = selected[7] = selected[14] = 1;
  comp = isc_composition_compute (cloud, set, selected, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comp->ions_total, ==, 5);
  g_assert_cmpuint (comp->ions_unranged, ==, 1);
  g_assert_cmpuint (atoms (comp, "Li"), ==, 2);
  g_assert_cmpuint (atoms (comp, "O"), ==, 2);
  g_assert_cmpuint (atoms (comp, "Ni"), ==, 1);
  g_assert_cmpuint (comp->atoms_total, ==, 5);
  g_assert_cmpfloat_with_epsilon (isc_composition_get_ratio (comp, basis, "Li"), 2.0, 1e-12);
  /* Co is in the ranges but has no atoms here: the default basis still works (Ni only). */
  g_assert_cmpfloat_with_epsilon (isc_composition_get_ratio (comp, NULL, "O"), 2.0, 1e-12);
  g_assert_false (cloud->ion_type != NULL);
}

static void
test_spectrum (void)
{
  g_autoptr(IscIonCloud) cloud = make_cloud ();
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IscSpectrum) sp = isc_spectrum_compute (cloud, set, NULL, 1.0, 0, 0, NULL, &error);
  g_autoptr(IscSpectrum) fine = NULL;
  g_autoptr(IscSpectrum) bad = NULL;
  guint64 sum = 0;

  g_assert_no_error (error);
  g_assert_cmpfloat (sp->start, ==, 0.0);
  g_assert_cmpuint (sp->n_bins, ==, 101);    /* 0 … 100 Da at 1 Da */
  g_assert_cmpuint (sp->counts[6], ==, 1);   /* 6.95 */
  g_assert_cmpuint (sp->counts[7], ==, 2);   /* 7.0, 7.05 */
  g_assert_cmpuint (sp->counts[15], ==, 1);  /* 15.95 */
  g_assert_cmpuint (sp->counts[16], ==, 3);
  g_assert_cmpuint (sp->counts[74], ==, 2);
  g_assert_cmpuint (sp->counts[100], ==, 1);
  for (gsize k = 0; k < sp->n_bins; k++)
    sum += sp->counts[k];
  g_assert_cmpuint (sum, ==, 15);
  /* Bin 74 holds the two NiO ions (its centre 74.5 is outside the window); bin 29 holds two
   * Ni and one Co: Ni wins; bin 28 is empty and its centre 28.5 in no window. */
  g_assert_cmpstr (isc_range_set_get_ion_type (set, sp->ion_type[74])->name, ==, "NiO");
  g_assert_cmpstr (isc_range_set_get_ion_type (set, sp->ion_type[29])->name, ==, "Ni");
  g_assert_cmpuint (sp->ion_type[28], ==, ISC_ION_UNRANGED);
  g_assert_cmpuint (sp->ion_type[50], ==, ISC_ION_UNRANGED);

  /* 0.1 Da bins from 15 to 17: 20 + 1 bins, the O peak in bins 9 (15.95) and 10 (16.0, 16.0, 16.05). */
  fine = isc_spectrum_compute (cloud, set, NULL, 0.1, 15.0, 17.0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fine->n_bins, ==, 21);
  g_assert_cmpfloat_with_epsilon (fine->start, 15.0, 1e-9);
  g_assert_cmpuint (fine->counts[9], ==, 1);
  g_assert_cmpuint (fine->counts[10], ==, 3);
  g_assert_cmpstr (isc_range_set_get_ion_type (set, fine->ion_type[10])->name, ==, "O");

  bad = isc_spectrum_compute (cloud, NULL, NULL, 0.0, 0, 0, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT);
  g_clear_error (&error);
  bad = isc_spectrum_compute (cloud, NULL, NULL, 1e-9, 0, 0, NULL, &error);
  g_assert_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT);
}

static void
test_csv (void)
{
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_new (2);
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "ions.csv", NULL);
  g_autofree char *text = NULL;

  cloud->x[0] = 1.5f; cloud->y[0] = -2.0f; cloud->z[0] = 0.1f; cloud->mq[0] = 7.0f;
  cloud->x[1] = 0.0f; cloud->y[1] = 3.25f; cloud->z[1] = 10.0f; cloud->mq[1] = 50.0f;
  g_assert_true (isc_range_set_apply (set, cloud, NULL, NULL, NULL, &error));
  g_assert_true (isc_ion_cloud_save_csv (cloud, set, path, &error));
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* 0.1f is 0.100000001 in float32: %.9g keeps it exact. */
  g_assert_cmpstr (text, ==, "x_nm,y_nm,z_nm,mass_to_charge_da,ion\n1.5,-2,0.100000001,7,Li\n0,3.25,10,50,\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/apt/composition/hand-worked", test_composition);
  g_test_add_func ("/apt/composition/selection", test_selection);
  g_test_add_func ("/apt/spectrum/hand-worked", test_spectrum);
  g_test_add_func ("/apt/csv/writer", test_csv);
  return g_test_run ();
}
