/* test-decomposed-counts.c: profiles and the frequency analysis on decomposed counts, where the
 * ions of an overlapping window are split by the isotope-abundance fit (issue 14), and the CLI's
 * profile and fda --decompose agreeing with the model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "composition.h"
#include "fda.h"
#include "profile.h"
#include "range-set.h"
#include "test-util.h"

/* ⁶⁴Ni²⁺ (31.964 Da) sits in the O₂⁺ window at 32 Da (31.990 Da). The data, placed exactly at
 * the peaks so the split can be worked out by hand:
 *   z in [0, 10) nm: Ni²⁺ ions as 100 000 with natural abundances, ⁵⁸Ni 68 077, ⁶⁰Ni 26 223,
 *     ⁶¹Ni 1 140 (not ranged), ⁶²Ni 3 634, ⁶⁴Ni 926;
 *   z in [10, 20) nm: O₂⁺ as 2 200, ¹⁶O₂ 2 189, ¹⁶O¹⁷O 2 (not ranged), ¹⁶O¹⁸O 9.
 * The fit finds 100 000 Ni²⁺ and 2 200 O₂⁺, so the 3 115 ions of the 32 Da window split as
 * 926 / 3 115 = 0.29727 Ni²⁺ and 2 189 / 3 115 = 0.70273 O₂⁺ per ion. Window counting gives them
 * all to O₂ (the inner window, starting last). */
#define N_NI58 68077
#define N_NI60 26223
#define N_NI61 1140
#define N_NI62 3634
#define N_NI64 926
#define N_O32  2189
#define N_O33  2
#define N_O34  9
#define SHARE_NI (926.0 / 3115.0)
#define SHARE_O2 (2189.0 / 3115.0)

static const char *rrng =
  "[Ions]\nNumber=2\nIon1=Ni\nIon2=O2\n"
  "[Ranges]\nNumber=6\n"
  "Range1=28.9 29.05 Vol:0.01 Ni:1 Color:00FF00\nRange2=29.9 30.05 Vol:0.01 Ni:1 Color:00FF00\n"
  "Range3=30.9 31.05 Vol:0.01 Ni:1 Color:00FF00\nRange4=31.9 32.05 Vol:0.01 Ni:1 Color:00FF00\n"
  "Range5=31.93 32.05 Vol:0.01 O:2 Color:FF0000\nRange6=33.9 34.1 Vol:0.01 O:2 Color:FF0000\n";

typedef struct
{
  float v[4];   /* x, y, z, m/n */
} Ion;

typedef struct
{
  char *dir;
  char *pos;
  char *ranges;
  IscIonCloud *cloud;
  IscRangeSet *set;
} Data;

static void
append (GArray *ions,
        float   mass,
        guint   n)
{
  for (guint i = 0; i < n; i++)
    {
      Ion ion = { { 0, 0, 0, mass } };

      g_array_append_val (ions, ion);
    }
}

static void
data_init (Data *d)
{
  g_autoptr(GArray) ni = g_array_new (FALSE, FALSE, sizeof (Ion));
  g_autoptr(GArray) o2 = g_array_new (FALSE, FALSE, sizeof (Ion));
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (Ion));
  g_autoptr(GRand) rand = g_rand_new_with_seed (64);
  g_autoptr(GError) error = NULL;

  append (ni, 57.93534f / 2, N_NI58);
  append (ni, 59.93079f / 2, N_NI60);
  append (ni, 60.93106f / 2, N_NI61);
  append (ni, 61.92835f / 2, N_NI62);
  append (ni, 63.92797f / 2, N_NI64);
  /* Ni isotopes mixed in evaporation order; O₂ after them, the ¹⁸O peak last. */
  for (guint i = ni->len - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, i + 1);
      Ion tmp = g_array_index (ni, Ion, i);

      g_array_index (ni, Ion, i) = g_array_index (ni, Ion, j);
      g_array_index (ni, Ion, j) = tmp;
    }
  append (o2, 31.98983f, N_O32);
  append (o2, 32.99405f, N_O33);
  append (o2, 33.99407f, N_O34);
  for (guint i = 0; i < ni->len; i++)
    g_array_index (ni, Ion, i).v[2] = 10.0f * i / ni->len;
  for (guint i = 0; i < o2->len; i++)
    g_array_index (o2, Ion, i).v[2] = 10.0f + 10.0f * i / o2->len;
  g_array_append_vals (all, ni->data, ni->len);
  g_array_append_vals (all, o2->data, o2->len);

  d->dir = isc_test_make_tmpdir ();
  d->pos = g_build_filename (d->dir, "ni-o2.pos", NULL);
  d->ranges = g_build_filename (d->dir, "ni-o2.rrng", NULL);
  isc_test_write_pos (d->pos, (const float (*)[4]) all->data, all->len);
  isc_test_write_file (d->ranges, rrng, strlen (rrng));
  d->cloud = isc_ion_cloud_load (d->pos, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  d->set = isc_range_set_load (d->ranges, &error);
  g_assert_no_error (error);
  g_assert_true (d->set->has_overlaps);
  g_assert_true (isc_range_set_apply (d->set, d->cloud, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
data_clear (Data *d)
{
  g_free (d->dir);
  g_free (d->pos);
  g_free (d->ranges);
  isc_ion_cloud_unref (d->cloud);
  isc_range_set_free (d->set);
}

static IscDecomposition *
decompose (const Data *d)
{
  g_autoptr(GError) error = NULL;
  IscDecomposition *dec = isc_decomposition_compute (d->cloud, d->set, NULL, NULL, NULL, &error);
  int g;

  g_assert_no_error (error);
  g_assert_nonnull (dec);
  /* Groups at 29, 30, 31, 32 (Ni and O₂ joined) and 34 Da. */
  g_assert_cmpuint (dec->n_groups, ==, 5);
  g = isc_decomposition_find_group (dec, 31.98983f);
  g_assert_cmpint (g, ==, 3);
  g_assert_cmpint (isc_decomposition_find_group (dec, 30.46553f), ==, -1);
  g_assert_cmpuint (dec->raw[g], ==, N_NI64 + N_O32);
  g_test_message ("shares at 32 Da: Ni %.5f (hand %.5f), O2 %.5f (hand %.5f)",
                  dec->shares[g * 2 + 0], SHARE_NI, dec->shares[g * 2 + 1], SHARE_O2);
  g_assert_cmpfloat_with_epsilon (dec->shares[g * 2 + 0], SHARE_NI, 0.003);
  g_assert_cmpfloat_with_epsilon (dec->shares[g * 2 + 1], SHARE_O2, 0.003);
  /* A window of one species keeps its ions. */
  g_assert_cmpfloat_with_epsilon (dec->shares[0 * 2 + 0], 1.0, 1e-3);
  return dec;
}

static void
test_profile (void)
{
  Data d;
  g_autoptr(IscDecomposition) dec = NULL;
  g_autoptr(IscProfile) plain = NULL;
  g_autoptr(IscProfile) split = NULL;
  g_autoptr(IscProfile) by_count = NULL;
  g_autoptr(GError) error = NULL;
  IscProfileSettings s;
  double ni0, o0, ni1, o1, total_ni = 0, total_o = 0;
  int eni, eo;

  data_init (&d);
  dec = decompose (&d);
  isc_profile_settings_init (&s);
  s.axis = ISC_PROFILE_AXIS_Z;
  s.bin_width = 10.0;
  plain = isc_profile_compute (d.cloud, d.set, NULL, &s, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  s.decomposition = dec;
  split = isc_profile_compute (d.cloud, d.set, NULL, &s, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (split->n_bins, ==, 2);
  eni = isc_profile_find_element (split, "Ni");
  eo = isc_profile_find_element (split, "O");
  g_assert_cmpint (eni, >=, 0);
  g_assert_cmpint (eo, >=, 0);
  g_assert_nonnull (split->count_estimates);
  g_assert_null (plain->count_estimates);
  g_assert_cmpstr (split->method, ==, "decomposed by isotope abundances");

  /* By hand: bin 0 holds the Ni ions; its ⁶⁴Ni²⁺ count 0.29727 Ni and 2 × 0.70273 O each. */
  ni0 = N_NI58 + N_NI60 + N_NI62 + N_NI64 * SHARE_NI;
  o0 = N_NI64 * 2 * SHARE_O2;
  ni1 = N_O32 * SHARE_NI;
  o1 = N_O32 * 2 * SHARE_O2 + 2 * N_O34;
  g_test_message ("bin 0: Ni %.1f (hand %.1f), O %.1f (hand %.1f); bin 1: Ni %.1f (hand %.1f), O %.1f (hand %.1f)",
                  split->count_estimates[eni], ni0, split->count_estimates[eo], o0,
                  split->count_estimates[2 + eni], ni1, split->count_estimates[2 + eo], o1);
  g_assert_cmpfloat_with_epsilon (split->count_estimates[eni], ni0, 0.001 * ni0);
  g_assert_cmpfloat_with_epsilon (split->count_estimates[eo], o0, 0.01 * o0);
  g_assert_cmpfloat_with_epsilon (split->count_estimates[2 + eni], ni1, 0.01 * ni1);
  g_assert_cmpfloat_with_epsilon (split->count_estimates[2 + eo], o1, 0.01 * o1);
  g_assert_cmpfloat_with_epsilon (split->fraction[eo], o0 / (ni0 + o0), 1e-4);
  g_assert_cmpuint (split->counts[eni], ==, (guint64) llround (split->count_estimates[eni]));
  /* Window counting gives every 32 Da ion to O₂: no Ni at all in bin 1. */
  g_assert_cmpuint (plain->counts[2 + eni], ==, 0);
  g_assert_cmpuint (plain->counts[eo], ==, 2 * N_NI64);

  /* Fixed-count bins are cut by plain atoms and count the same estimates. */
  s.binning = ISC_PROFILE_FIXED_COUNT;
  s.atoms_per_bin = 5000;
  by_count = isc_profile_compute (d.cloud, d.set, NULL, &s, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (by_count->count_estimates);
  for (guint b = 0; b < by_count->n_bins; b++)
    {
      total_ni += by_count->count_estimates[b * 2 + eni];
      total_o += by_count->count_estimates[b * 2 + eo];
    }
  g_assert_cmpfloat_with_epsilon (total_ni, split->count_estimates[eni] + split->count_estimates[2 + eni], 1e-6 * total_ni);
  g_assert_cmpfloat_with_epsilon (total_o, split->count_estimates[eo] + split->count_estimates[2 + eo], 1e-6 * total_o);

  /* The CLI writes the same CSV, method line first. */
  {
    g_autofree char *csv = isc_profile_to_csv (split);
    g_autofree char *out = NULL;

    g_assert_true (g_str_has_prefix (csv, "# counts: decomposed by isotope abundances\nstart_nm,"));
    g_assert_cmpint (isc_test_run_cli (&out, NULL, "profile", d.pos, "--ranges", d.ranges, "--axis", "z",
                                       "--bin", "10", "--decompose", NULL), ==, 0);
    g_assert_cmpstr (out, ==, csv);
  }
  data_clear (&d);
}

static void
test_fda (void)
{
  Data d;
  g_autoptr(IscDecomposition) dec = NULL;
  g_autoptr(GPtrArray) plain = NULL;
  g_autoptr(GPtrArray) split = NULL;
  g_autoptr(GError) error = NULL;
  const char *ni[] = { "Ni", NULL };
  const IscFdaResult *rp, *rs;
  IscFdaSettings s;
  double per_unit, hand;

  data_init (&d);
  dec = decompose (&d);
  isc_fda_settings_init (&s);
  s.block_size = 100;
  plain = isc_fda_compute (d.cloud, d.set, NULL, &s, ni, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  s.decomposition = dec;
  split = isc_fda_compute (d.cloud, d.set, NULL, &s, ni, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  rp = g_ptr_array_index (plain, 0);
  rs = g_ptr_array_index (split, 0);

  /* Blocks are cut by plain units: 97 934 Ni + 2 × 3 115 + 2 × 9 = 104 182 atoms, 1041 blocks. */
  g_assert_cmpuint (rp->n_blocks, ==, 1041);
  g_assert_cmpuint (rs->n_blocks, ==, 1041);
  g_assert_cmpuint (rp->n_solute, ==, N_NI58 + N_NI60 + N_NI62);
  /* Each atom of a 32 Da ion (two atoms: ranged as O₂) is Ni with the group's share of Ni atoms,
   * 0.29727 / (0.29727 + 2 × 0.70273); the dropped last 82 atoms are 9 ¹⁸O ions and 32 ions
   * at 32 Da. */
  per_unit = SHARE_NI / (SHARE_NI + 2 * SHARE_O2);
  hand = N_NI58 + N_NI60 + N_NI62 + (2.0 * (N_NI64 + N_O32) - 64) * per_unit;
  g_test_message ("Ni in blocks: %" G_GUINT64_FORMAT " (hand %.1f), window counting %" G_GUINT64_FORMAT,
                  rs->n_solute, hand, rp->n_solute);
  g_assert_cmpfloat (fabs ((double) rs->n_solute - hand), <, 3);
  g_assert_cmpstr (rs->method, ==, "decomposed by isotope abundances");
  g_assert_null (rp->method);

  /* The CLI agrees, and says how it counted. */
  {
    g_autofree char *out = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *o;

    g_assert_cmpint (isc_test_run_cli (&out, NULL, "fda", d.pos, "--ranges", d.ranges, "--element", "Ni",
                                       "--block", "100", "--decompose", "--json", NULL), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
    o = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpint (json_object_get_int_member (o, "n_solute"), ==, (gint64) rs->n_solute);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "chi2"), rs->chi2, 1e-9 * (1 + rs->chi2));
    g_assert_true (json_object_get_boolean_member (o, "decomposed"));
    g_assert_cmpstr (json_object_get_string_member (o, "counts"), ==, "decomposed by isotope abundances");
  }
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (isc_test_run_cli (NULL, &err, "fda", d.pos, "--ranges", d.ranges, "--element", "Ni",
                                       "--background", "2:14", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "--decompose"));
  }
  data_clear (&d);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/decomposed/profile", test_profile);
  g_test_add_func ("/decomposed/fda", test_fda);
  return g_test_run ();
}
