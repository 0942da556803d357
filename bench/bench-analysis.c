/* bench-analysis.c: 1D profiles and frequency-distribution analysis of five elements on a
 * synthetic cathode-like cloud, against one plain pass over the same arrays.
 *
 * Usage: bench-analysis [N_IONS]   (default 5 000 000; 50000000 for the target)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "composition.h"
#include "fda.h"
#include "ion-pass.h"
#include "profile.h"

static const char *formulas[] = { "Li", "O", "Ni", "Co", "Mn", "LiO", "NiO", "O2" };
static const float masses[] = { 7.0f, 16.0f, 58.0f, 59.0f, 55.0f, 23.0f, 74.0f, 32.0f };
/* Cumulative ion shares (the rest unranged noise). */
static const double shares[] = { 0.22, 0.50, 0.64, 0.71, 0.78, 0.84, 0.88, 0.95 };

static guint64 state = 0x9E3779B97F4A7C15ull;

static inline double
uniform (void)
{
  /* xorshift64*: fast and deterministic; quality is plenty for synthetic positions. */
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return (double) ((state * 0x2545F4914F6CDD1Dull) >> 11) * (1.0 / 9007199254740992.0);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) * 1e-6;
}

/* The baseline: read every array the analyses read, once. */
static double
one_pass (const IscIonCloud *cloud,
          double            *sink)
{
  gint64 t0 = g_get_monotonic_time ();
  float acc = 0;
  guint64 types = 0;

  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      acc += cloud->x[i] + cloud->y[i] + cloud->z[i];
      types += cloud->ion_type[i];
    }
  *sink += acc + types;
  return seconds_since (t0);
}

/* Enough of a result to compare two builds' outputs by eye (or diff). */
static void
print_profile_summary (const IscProfile *p)
{
  guint64 weighted = 0;

  for (guint b = 0; b < p->n_bins; b++)
    for (guint e = 0; e < p->n_elements; e++)
      weighted += (b + 1) * (e + 1) * p->counts[(gsize) b * p->n_elements + e];
  printf ("    %u bins, first [%.6g, %.6g), last ends at %.6g; checksum %" G_GUINT64_FORMAT "\n",
          p->n_bins, p->start[0], p->end[0], p->end[p->n_bins - 1], weighted);
}

static void
print_fda_summary (const GPtrArray *r)
{
  for (guint i = 0; i < r->len; i++)
    {
      const IscFdaResult *e = g_ptr_array_index (r, i);

      printf ("    %-2s blocks=%" G_GUINT64_FORMAT " c=%.4f chi2=%.1f dof=%u p=%.3g mu=%.4f\n",
              e->element, e->n_blocks, e->fraction, e->chi2, e->dof, e->p_value, e->mu);
    }
}

int
main (int   argc,
      char *argv[])
{
  gsize n = argc > 1 ? (gsize) g_ascii_strtoull (argv[1], NULL, 10) : 5000000;
  g_autoptr(IscRangeSet) set = isc_range_set_new ();
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(GError) error = NULL;
  const char *five[] = { "Li", "O", "Ni", "Co", "Mn", NULL };
  double sink = 0, base, t;
  gint64 t0;
  IscRoi roi;

  if (n < 1000)
    {
      fprintf (stderr, "bench-analysis: N_IONS must be at least 1000\n");
      return 1;
    }
  for (guint t = 0; t < G_N_ELEMENTS (formulas); t++)
    {
      IscElementCount el[ISC_MAX_ELEMENTS_PER_ION];
      guint n_el;
      double color[3];

      isc_parse_formula (formulas[t], el, &n_el, NULL);
      isc_element_default_color (formulas[t], color);
      isc_range_set_add_ion_type (set, formulas[t], el, n_el, color, NULL);
      isc_range_set_add_range (set, masses[t] - 0.3, masses[t] + 0.3, t, NULL);
    }

  /* A needle-like cylinder of radius 30 nm; z grows with file order like an evaporation. */
  cloud = isc_ion_cloud_new (n);
  for (gsize i = 0; i < n; i++)
    {
      double u = uniform (), r = 30.0 * sqrt (uniform ()), phi = 2 * G_PI * uniform ();
      guint t = 0;

      while (t < G_N_ELEMENTS (shares) && u >= shares[t])
        t++;
      cloud->x[i] = r * cos (phi);
      cloud->y[i] = r * sin (phi);
      cloud->z[i] = 200.0 * i / n + uniform ();
      cloud->mq[i] = t < G_N_ELEMENTS (masses) ? masses[t] : 100.0f;
    }
  t0 = g_get_monotonic_time ();
  if (!isc_range_set_apply (set, cloud, NULL, NULL, NULL, &error))
    {
      fprintf (stderr, "bench-analysis: %s\n", error->message);
      return 1;
    }
  printf ("bench-analysis: %" G_GSIZE_FORMAT " ions (ranging took %.3f s)\n", n, seconds_since (t0));

  one_pass (cloud, &sink);  /* warm the caches and the page tables */
  base = one_pass (cloud, &sink);
  printf ("%-44s %8.3f s   1.00×\n", "baseline: one pass over x, y, z, ion_type", base);

#define REPORT(label, expr)                                                     \
  G_STMT_START {                                                                \
    t0 = g_get_monotonic_time ();                                               \
    if (!(expr))                                                                \
      {                                                                         \
        fprintf (stderr, "bench-analysis: %s: %s\n", label, error ? error->message : "?"); \
        return 1;                                                               \
      }                                                                         \
    t = seconds_since (t0);                                                     \
    printf ("%-44s %8.3f s %6.2f×\n", label, t, t / base);                      \
  } G_STMT_END

  {
    IscComposition *c = NULL;
    guint workers = isc_ion_pass_default_workers ();

    /* ranges every ion from m/n (not the stored ion_type), as the CLI's composition does */
    struct timespec cpu0, cpu1;

    clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &cpu0);
    REPORT ("composition (ranged from m/n, all cores)", (c = isc_composition_compute (cloud, set, NULL, NULL, &error)));
    clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &cpu1);
    /* per core = ions per CPU second, which holds on a busy machine too */
    printf ("    %.0f M ions per CPU second (goal ≥ 300 per core), wall %.0f M ions/s on %u workers\n",
            n / 1e6 / ((cpu1.tv_sec - cpu0.tv_sec) + 1e-9 * (cpu1.tv_nsec - cpu0.tv_nsec)),
            n / t / 1e6, workers);
    isc_composition_free (c);
  }

  {
    IscProfileSettings s;
    IscProfile *p = NULL;

    isc_profile_settings_init (&s);
    s.axis = ISC_PROFILE_AXIS_Z;
    s.bin_width = 1.0;
    REPORT ("profile z, 1 nm bins, whole dataset", (p = isc_profile_compute (cloud, set, NULL, &s, NULL, NULL, NULL, &error)));
    isc_profile_free (p);

    g_assert (isc_roi_parse ("cylinder:0,0,100,0,0,1,15,180", &roi, NULL));
    s.axis = ISC_PROFILE_AXIS_ROI;
    REPORT ("profile roi axis, 1 nm bins, cylinder r=15", (p = isc_profile_compute (cloud, set, &roi, &s, NULL, NULL, NULL, &error)));
    isc_profile_free (p);

    s.axis = ISC_PROFILE_AXIS_Z;
    s.binning = ISC_PROFILE_FIXED_COUNT;
    s.atoms_per_bin = 10000;
    REPORT ("profile z, 10000 atoms per bin", (p = isc_profile_compute (cloud, set, NULL, &s, NULL, NULL, NULL, &error)));
    print_profile_summary (p);
    isc_profile_free (p);
    /* x is uncorrelated with file order: the scattered case. */
    s.axis = ISC_PROFILE_AXIS_X;
    REPORT ("profile x, 10000 atoms per bin", (p = isc_profile_compute (cloud, set, NULL, &s, NULL, NULL, NULL, &error)));
    print_profile_summary (p);
    isc_profile_free (p);
  }

  {
    IscFdaSettings s;
    GPtrArray *r = NULL;

    isc_fda_settings_init (&s);
    REPORT ("FDA 5 elements, sequence blocks of 100", (r = isc_fda_compute (cloud, set, NULL, &s, five, NULL, NULL, NULL, &error)));
    print_fda_summary (r);
    g_ptr_array_unref (r);
    REPORT ("FDA 5 elements, sequence, cylinder r=15", (r = isc_fda_compute (cloud, set, &roi, &s, five, NULL, NULL, NULL, &error)));
    g_ptr_array_unref (r);
    s.blocks = ISC_FDA_BLOCKS_SPATIAL;
    REPORT ("FDA 5 elements, spatial blocks of 100", (r = isc_fda_compute (cloud, set, NULL, &s, five, NULL, NULL, NULL, &error)));
    print_fda_summary (r);
    g_ptr_array_unref (r);
  }

  if (sink == 12345.678)
    printf ("\n");  /* keeps the baseline loop from being optimised away */
  return 0;
}
