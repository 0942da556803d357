/* test-species-list.c: rows follow the range set, swatches show the ion colours on screen,
 * and toggles emit visibility-changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "range-set.h"
#include "species-list.h"
#include "test-gtk-util.h"

static IscRangeSet *
make_ranges (void)
{
  IscRangeSet *set = isc_range_set_new ();
  IscElementCount li[] = { { "Li", 1 } };
  IscElementCount nio[] = { { "Ni", 1 }, { "O", 1 } };
  const double red[3] = { 1.0, 0.0, 0.0 };
  const double blue[3] = { 0.0, 0.0, 1.0 };

  g_assert_cmpint (isc_range_set_add_ion_type (set, "Li", li, 1, red, NULL), ==, 0);
  g_assert_cmpint (isc_range_set_add_ion_type (set, "NiO", nio, 2, blue, NULL), ==, 1);
  return set;
}

static void
on_visibility (IscSpeciesList *list,
               guint           ion_type,
               gboolean        visible,
               int            *calls)
{
  g_assert_cmpuint (ion_type, ==, 1);
  g_assert_false (visible);
  (*calls)++;
}

static void
test_rows_and_pixels (void)
{
  g_autoptr(IscRangeSet) ranges = make_ranges ();
  GtkWidget *list = isc_species_list_new ();
  const guint64 ions[] = { 1200, 800 };
  const guint64 atoms[] = { 1200, 1600 };
  GtkWindow *window;
  g_autofree guint32 *pixels = NULL;
  int width, height, calls = 0;
  double rgb[3];

  isc_species_list_set_ranges (ISC_SPECIES_LIST (list), ranges);
  isc_species_list_set_counts (ISC_SPECIES_LIST (list), ions, atoms, 2, 55);
  g_assert_cmpuint (isc_species_list_get_n_rows (ISC_SPECIES_LIST (list)), ==, 3);
  g_assert_true (isc_species_list_get_visible (ISC_SPECIES_LIST (list), 0));
  g_assert_false (isc_species_list_get_visible (ISC_SPECIES_LIST (list), ISC_ION_UNRANGED));

  window = isc_test_show_in_window (list, 360, 160);
  pixels = isc_test_snapshot (list, &width, &height, "species-list.png");
  /* Both swatches are painted in their ion colours. */
  g_assert_cmpuint (isc_test_count_color (pixels, width, height, 0xff0000, 10), >, 20);
  g_assert_cmpuint (isc_test_count_color (pixels, width, height, 0x0000ff, 10), >, 20);

  g_signal_connect (list, "visibility-changed", G_CALLBACK (on_visibility), &calls);
  isc_species_list_set_visible (ISC_SPECIES_LIST (list), 1, FALSE);
  g_assert_cmpint (calls, ==, 1);
  g_assert_false (isc_species_list_get_visible (ISC_SPECIES_LIST (list), 1));

  isc_species_list_get_color (ISC_SPECIES_LIST (list), 1, rgb);
  g_assert_cmpfloat_with_epsilon (rgb[2], 1.0, 1e-6);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/widgets/species-list/rows-and-pixels", test_rows_and_pixels);
  return g_test_run ();
}
