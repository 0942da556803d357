/* test-composition-table.c: the table of a synthetic cloud shows the hand-worked composition,
 * the basis entry validates, and the CSV export writes the same numbers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "composition-table.h"
#include "composition.h"
#include "isc-error.h"
#include "range-set.h"
#include "test-gtk-util.h"
#include "test-util.h"

/* Ion types, their windows (Da) and how many synthetic ions sit at the window centre. */
static const struct
{
  const char *formula;
  double low, high;
  guint ions;
} species[] = {
  { "Li", 6.9, 7.1, 10 },
  { "O", 15.9, 16.1, 5 },
  { "NiO", 73.9, 74.1, 4 },
  { "Ni", 57.9, 58.1, 6 },
  { "Co", 58.9, 59.1, 3 },
  { "Mn", 54.9, 55.1, 2 },
};
#define N_UNRANGED 2

static IscComposition *
make_composition (void)
{
  g_autoptr(IscRangeSet) ranges = isc_range_set_new ();
  g_autoptr(IscIonCloud) cloud = NULL;
  gsize n = N_UNRANGED, k = 0;
  IscComposition *comp;
  GError *error = NULL;

  for (guint s = 0; s < G_N_ELEMENTS (species); s++)
    {
      IscElementCount elements[ISC_MAX_ELEMENTS_PER_ION];
      guint n_elements = 0;
      double rgb[3] = { 0.5, 0.5, 0.5 };
      int type;

      g_assert_true (isc_parse_formula (species[s].formula, elements, &n_elements, NULL));
      type = isc_range_set_add_ion_type (ranges, species[s].formula, elements, n_elements, rgb, NULL);
      g_assert_cmpint (type, ==, (int) s);
      g_assert_true (isc_range_set_add_range (ranges, species[s].low, species[s].high, type, NULL));
      n += species[s].ions;
    }
  cloud = isc_ion_cloud_new (n);
  for (guint s = 0; s < G_N_ELEMENTS (species); s++)
    for (guint i = 0; i < species[s].ions; i++, k++)
      cloud->mq[k] = (float) ((species[s].low + species[s].high) / 2);
  cloud->mq[k++] = 30.0f;   /* unranged */
  cloud->mq[k++] = 90.0f;
  g_assert_cmpuint (k, ==, n);
  memset (cloud->x, 0, n * sizeof (float));
  memset (cloud->y, 0, n * sizeof (float));
  memset (cloud->z, 0, n * sizeof (float));
  isc_ion_cloud_update_bounds (cloud);

  comp = isc_composition_compute (cloud, ranges, NULL, NULL, &error);
  g_assert_no_error (error);
  return comp;
}

/* Finds the TSV line that starts with @key (in the ion part when @ions) and returns its fields. */
static char **
tsv_row (const char *tsv,
         const char *key,
         gboolean    ions)
{
  g_auto(GStrv) lines = g_strsplit (tsv, "\n", -1);
  gboolean in_ions = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      in_ions |= strcmp (lines[i], "Ion\tCount") == 0;
      if (in_ions != ions)
        continue;

      char **fields = g_strsplit (lines[i], "\t", -1);

      if (fields[0] != NULL && strcmp (fields[0], key) == 0)
        return fields;
      g_strfreev (fields);
    }
  g_assert_not_reached ();
  return NULL;
}

static void
check_element (const char *tsv,
               const char *element,
               double      percent,
               double      sigma_percent,
               guint64     atoms,
               double      ratio)
{
  g_auto(GStrv) f = tsv_row (tsv, element, FALSE);

  g_assert_cmpuint (g_strv_length (f), ==, 5);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (f[1], NULL), percent, 1e-4);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (f[2], NULL), sigma_percent, 1e-4);
  g_assert_cmpuint (g_ascii_strtoull (f[3], NULL, 10), ==, atoms);
  if (isnan (ratio))
    g_assert_cmpstr (f[4], ==, "NaN");
  else
    g_assert_cmpfloat_with_epsilon (g_ascii_strtod (f[4], NULL), ratio, 1e-5);
}

static void
check_count (const char *tsv,
             const char *key,
             guint64     count)
{
  g_auto(GStrv) f = tsv_row (tsv, key, TRUE);

  g_assert_cmpuint (g_strv_length (f), ==, 2);
  g_assert_cmpuint (g_ascii_strtoull (f[1], NULL, 10), ==, count);
}

/* Opaque red pixels of the inline error label (the theme's error colour is a strong red). */
static gsize
count_reddish (const guint32 *pixels,
               int            w,
               int            h)
{
  gsize n = 0;

  for (gsize i = 0; i < (gsize) w * h; i++)
    {
      guint r = (pixels[i] >> 16) & 0xff, g = (pixels[i] >> 8) & 0xff, b = pixels[i] & 0xff;

      n += (pixels[i] >> 24) > 128 && r > 150 && g < 90 && b < 90;
    }
  return n;
}

static gsize
count_dark (const guint32 *pixels,
            int            w,
            int            h)
{
  gsize n = 0;

  for (gsize i = 0; i < (gsize) w * h; i++)
    {
      guint r = (pixels[i] >> 16) & 0xff, g = (pixels[i] >> 8) & 0xff, b = pixels[i] & 0xff;

      /* The widget has no background of its own: only opaque ink counts. */
      n += (pixels[i] >> 24) > 128 && r < 80 && g < 80 && b < 80;
    }
  return n;
}

static void
test_values (void)
{
  g_autoptr(IscComposition) comp = make_composition ();
  GtkWidget *table = isc_composition_table_new ();
  IscCompositionTable *t = ISC_COMPOSITION_TABLE (table);
  g_autofree char *tsv = NULL;
  g_autofree char *tsv_ni = NULL;
  g_autofree guint32 *empty_pixels = NULL;
  g_autofree guint32 *pixels = NULL;
  g_autofree guint32 *error_pixels = NULL;
  GtkWindow *window;
  GError *error = NULL;
  int w, h;
  gsize dark_empty, dark_full, red_before;

  window = isc_test_show_in_window (table, 640, 420);
  empty_pixels = isc_test_snapshot (table, &w, &h, NULL);
  dark_empty = count_dark (empty_pixels, w, h);

  isc_composition_table_set_composition (t, comp);
  /* The table copies: freeing the caller's composition must not matter. */
  g_clear_pointer (&comp, isc_composition_free);

  /* Hand-worked: atoms Li 10, O 5 + 4 (NiO) = 9, Ni 6 + 4 (NiO) = 10, Co 3, Mn 2; N = 34.
   * c = n/34, sigma = sqrt (c (1 − c) / 34); ratios to Ni+Co+Mn = 15 atoms. */
  tsv = isc_composition_table_to_tsv (t);
  g_assert_true (g_str_has_prefix (tsv, "Element\tat.%\tsigma at.%\tAtoms\tRatio to Ni+Co+Mn\n"));
  check_element (tsv, "Li", 29.4118, 7.8142, 10, 0.66667);
  check_element (tsv, "O", 26.4706, 7.5661, 9, 0.60000);
  check_element (tsv, "Ni", 29.4118, 7.8142, 10, 0.66667);
  check_element (tsv, "Co", 8.8235, 4.8643, 3, 0.20000);
  check_element (tsv, "Mn", 5.8824, 4.0353, 2, 0.13333);
  check_count (tsv, "NiO", 4);
  check_count (tsv, "Li", 10);   /* the ion row, not the element row of the same name */
  check_count (tsv, "Ranged", 30);
  check_count (tsv, "Unranged", 2);
  check_count (tsv, "Total", 32);

  gtk_test_widget_wait_for_draw (table);
  pixels = isc_test_snapshot (table, &w, &h, "composition-table.png");
  dark_full = count_dark (pixels, w, h);
  /* The rows of text are on screen: far more ink than the empty table. */
  g_assert_cmpuint (dark_full, >, dark_empty + 500);
  red_before = count_reddish (pixels, w, h);

  /* Basis Ni alone: Co/Ni = 3/10. */
  g_assert_true (isc_composition_table_set_basis (t, " Ni ", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (isc_composition_table_get_basis (t)[0], ==, "Ni");
  g_assert_null (isc_composition_table_get_basis (t)[1]);
  tsv_ni = isc_composition_table_to_tsv (t);
  check_element (tsv_ni, "Co", 8.8235, 4.8643, 3, 0.3);
  check_element (tsv_ni, "Li", 29.4118, 7.8142, 10, 1.0);

  /* Refused bases keep the previous one and show the error inline, in red. */
  g_assert_false (isc_composition_table_set_basis (t, "Ni, 7", &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "7"));
  g_clear_error (&error);
  g_assert_false (isc_composition_table_set_basis (t, " , ", &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (isc_composition_table_set_basis (t, "Ni,Ni", &error));
  g_clear_error (&error);
  g_assert_false (isc_composition_table_set_basis (t, "Fe", &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpstr (isc_composition_table_get_basis (t)[0], ==, "Ni");
  gtk_test_widget_wait_for_draw (table);
  error_pixels = isc_test_snapshot (table, &w, &h, "composition-table-error.png");
  g_assert_cmpuint (count_reddish (error_pixels, w, h), >, red_before + 20);

  /* A basis with an absent element next to a present one is fine: Fe adds no atoms. */
  g_assert_true (isc_composition_table_set_basis (t, "Fe,Ni,Co,Mn", &error));
  g_assert_no_error (error);
  {
    g_autofree char *text = isc_composition_table_to_tsv (t);

    check_element (text, "Mn", 5.8824, 4.0353, 2, 2.0 / 15);
  }

  /* CSV export: same numbers, comma-separated, written atomically to the path. */
  {
    g_autofree char *dir = isc_test_make_tmpdir ();
    g_autofree char *path = g_build_filename (dir, "comp.csv", NULL);
    g_autofree char *csv = NULL;
    g_autofree char *bad = g_build_filename (dir, "missing", "comp.csv", NULL);

    g_assert_true (isc_composition_table_export_csv (t, path, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
    g_assert_true (g_str_has_prefix (csv, "Element,at.%,sigma at.%,Atoms,Ratio to Fe+Ni+Co+Mn\n"));
    g_assert_nonnull (strstr (csv, "\nCo,8.8235,4.8643,3,0.20000\n"));
    g_assert_nonnull (strstr (csv, "\nTotal,32\n"));
    g_assert_false (isc_composition_table_export_csv (t, bad, &error));
    g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_IO);
    g_assert_nonnull (strstr (error->message, bad));
    g_clear_error (&error);
    g_unlink (path);
    g_rmdir (dir);
  }

  /* Clearing leaves only the header. */
  isc_composition_table_set_composition (t, NULL);
  {
    g_autofree char *text = isc_composition_table_to_tsv (t);

    g_assert_cmpstr (text, ==, "Element\tat.%\tsigma at.%\tAtoms\tRatio to Fe+Ni+Co+Mn\n");
  }
  gtk_window_destroy (window);
}

/* The table says which ions it counts: a region with its ion count, grouped in threes, or the
 * whole dataset. */
static void
test_scope (void)
{
  GtkWidget *table = g_object_ref_sink (isc_composition_table_new ());
  IscCompositionTable *t = ISC_COMPOSITION_TABLE (table);

  g_assert_cmpstr (isc_test_label_text (GTK_WIDGET (t), "scope_label"), ==, "Whole dataset");
  isc_composition_table_set_scope (t, "cylinder", 12345);
  g_assert_cmpstr (isc_test_label_text (GTK_WIDGET (t), "scope_label"), ==, "Region: cylinder, 12\u202f345 ions");
  isc_composition_table_set_scope (t, "box", 1234567);
  g_assert_cmpstr (isc_test_label_text (GTK_WIDGET (t), "scope_label"), ==, "Region: box, 1\u202f234\u202f567 ions");
  isc_composition_table_set_scope (t, "sphere", 999);
  g_assert_cmpstr (isc_test_label_text (GTK_WIDGET (t), "scope_label"), ==, "Region: sphere, 999 ions");
  isc_composition_table_set_scope (t, NULL, 0);
  g_assert_cmpstr (isc_test_label_text (GTK_WIDGET (t), "scope_label"), ==, "Whole dataset");
  g_assert_finalize_object (table);
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/widgets/composition-table/values", test_values);
  g_test_add_func ("/widgets/composition-table/scope", test_scope);
  return g_test_run ();
}
