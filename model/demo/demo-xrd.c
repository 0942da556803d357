/* demo-xrd.c: the demo's in situ XRD heating series of the NCM622 precursor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>
#include <math.h>

#include "demo-sites.h"
#include "demo-xrd.h"
#include "xrd-fit.h"
#include "xrd-phase.h"

#define TWO_THETA_MIN  10.0
#define TWO_THETA_STEP 0.02
#define N_POINTS       3501      /* 10 … 80° */
/* Integrated intensity (counts·deg) of a phase's strongest line per unit of weight fraction × RIR. */
#define AREA_SCALE     1500.0

/* Anchor states; between them everything is linear in temperature. At 300 °C the weight
 * fractions are SCIENCE.md's 69.7 / 19.5 / 10.9 % (normalised so that they round to those). */
static const IscDemoXrdState anchors[] = {
  {  25.0, 0.0,    0.0,    0.79,   0.21, 4.549 },
  { 200.0, 0.0,    0.0,    0.79,   0.21, 4.549 },
  { 250.0, 0.36,   0.10,   0.49,   0.05, 4.575 },
  { 300.0, 0.6966, 0.1946, 0.1088, 0.0,  4.598 },
  { 350.0, 0.78,   0.19,   0.03,   0.0,  4.620 },
  { 400.0, 0.82,   0.18,   0.0,    0.0,  4.620 },
};

IscDemoXrdState
isc_demo_xrd_state (double temperature_c)
{
  guint n = G_N_ELEMENTS (anchors);

  if (temperature_c <= anchors[0].temperature_c)
    return anchors[0];
  for (guint i = 1; i < n; i++)
    if (temperature_c <= anchors[i].temperature_c)
      {
        const IscDemoXrdState *a = &anchors[i - 1], *b = &anchors[i];
        double t = (temperature_c - a->temperature_c) / (b->temperature_c - a->temperature_c);
        IscDemoXrdState s;

        s.temperature_c = temperature_c;
        s.layered = a->layered + t * (b->layered - a->layered);
        s.rocksalt = a->rocksalt + t * (b->rocksalt - a->rocksalt);
        s.hydroxide = a->hydroxide + t * (b->hydroxide - a->hydroxide);
        s.lioh = a->lioh + t * (b->lioh - a->lioh);
        s.hydroxide_c = a->hydroxide_c + t * (b->hydroxide_c - a->hydroxide_c);
        return s;
      }
  return anchors[n - 1];
}

typedef struct
{
  int h, k, l;
  double relative;   /* area relative to the phase's strongest line */
} Line;

/* Typical relative intensities of the structure types (strongest line = 1). */
static const Line layered_lines[] = {
  { 0, 0, 3, 1.0 }, { 1, 0, 1, 0.45 }, { 0, 0, 6, 0.08 }, { 0, 1, 2, 0.15 }, { 1, 0, 4, 0.85 },
  { 0, 1, 5, 0.12 }, { 1, 0, 7, 0.10 }, { 0, 1, 8, 0.10 }, { 1, 1, 0, 0.12 }, { 1, 1, 3, 0.12 },
};
static const Line rocksalt_lines[] = {
  { 1, 1, 1, 0.65 }, { 2, 0, 0, 1.0 }, { 2, 2, 0, 0.5 }, { 3, 1, 1, 0.15 }, { 2, 2, 2, 0.12 },
};
static const Line hydroxide_lines[] = {
  { 0, 0, 1, 1.0 }, { 1, 0, 0, 0.12 }, { 1, 0, 1, 0.9 }, { 1, 0, 2, 0.3 }, { 1, 1, 0, 0.15 },
  { 1, 1, 1, 0.15 }, { 1, 0, 3, 0.1 },
};
static const Line lioh_lines[] = {
  { 0, 0, 1, 0.4 }, { 1, 0, 1, 1.0 }, { 1, 1, 0, 0.5 }, { 1, 1, 1, 0.3 }, { 0, 0, 2, 0.1 },
};

static void
add_phase (double            *y,
           const IscXrdPhase *phase,
           const Line        *lines,
           guint              n_lines,
           double             fraction,
           double             fwhm,
           double             eta)
{
  if (!(fraction > 0))
    return;
  for (guint i = 0; i < n_lines; i++)
    {
      double center = isc_xrd_two_theta_from_d (isc_xrd_phase_d (phase, lines[i].h, lines[i].k, lines[i].l),
                                                ISC_XRD_CU_KALPHA1);
      double area = AREA_SCALE * fraction * phase->rir * lines[i].relative;
      /* Broader at high angle (size and strain). */
      double w = fwhm * (1 + 0.004 * (center - 18));

      if (!isfinite (center))
        continue;
      for (guint j = 0; j < N_POINTS; j++)
        {
          double x = TWO_THETA_MIN + TWO_THETA_STEP * j;

          if (fabs (x - center) < 40 * w)
            y[j] += isc_xrd_pseudo_voigt (x, center, w, w, eta, area);
        }
    }
}

IscXrdPattern *
isc_demo_xrd_pattern (guint step)
{
  double t = ISC_DEMO_XRD_T_START + ISC_DEMO_XRD_T_STEP * step;
  IscDemoXrdState s = isc_demo_xrd_state (t);
  IscXrdPattern *p = isc_xrd_pattern_new (N_POINTS);
  g_autoptr(GRand) rand = g_rand_new_with_seed (ISC_DEMO_SEED + 7919u * step);
  g_autoptr(IscXrdPhase) layered = isc_xrd_phase_copy (isc_xrd_builtin_phase ("layered"));
  g_autoptr(IscXrdPhase) rocksalt = isc_xrd_phase_copy (isc_xrd_builtin_phase ("rocksalt"));
  g_autoptr(IscXrdPhase) hydroxide = isc_xrd_phase_copy (isc_xrd_builtin_phase ("hydroxide"));
  g_autoptr(IscXrdPhase) lioh = isc_xrd_phase_copy (isc_xrd_builtin_phase ("lioh"));

  layered->a = layered->b = ISC_DEMO_XRD_LAYERED_A;
  layered->c = ISC_DEMO_XRD_LAYERED_C;
  rocksalt->a = rocksalt->b = rocksalt->c = ISC_DEMO_XRD_ROCKSALT_A;
  hydroxide->a = hydroxide->b = ISC_DEMO_XRD_HYDROXIDE_A;
  hydroxide->c = s.hydroxide_c;

  p->source = g_strdup_printf ("demo-%03.0fC", t);
  p->label = g_strdup_printf ("%.0f °C", t);
  p->format = ISC_XRD_FORMAT_XY;
  p->temperature_c = t;
  p->intensity_unit = g_strdup ("counts");
  for (guint j = 0; j < N_POINTS; j++)
    {
      double x = TWO_THETA_MIN + TWO_THETA_STEP * j;

      p->two_theta[j] = x;
      /* Air scatter and fluorescence: a smooth background falling with angle. */
      p->intensity[j] = 150 + 120 * exp (-(x - TWO_THETA_MIN) / 12);
    }
  add_phase (p->intensity, layered, layered_lines, G_N_ELEMENTS (layered_lines), s.layered, 0.12, 0.3);
  add_phase (p->intensity, rocksalt, rocksalt_lines, G_N_ELEMENTS (rocksalt_lines), s.rocksalt, 0.15, 0.3);
  add_phase (p->intensity, hydroxide, hydroxide_lines, G_N_ELEMENTS (hydroxide_lines), s.hydroxide, 0.18, 0.3);
  add_phase (p->intensity, lioh, lioh_lines, G_N_ELEMENTS (lioh_lines), s.lioh, 0.10, 0.3);
  /* Counting noise: normal with variance = counts (counts ≫ 1), rounded to whole counts. */
  for (guint j = 0; j < N_POINTS; j++)
    {
      double u1 = g_rand_double (rand), u2 = g_rand_double (rand);
      double normal = sqrt (-2 * log (1 - u1)) * cos (2 * G_PI * u2);

      p->intensity[j] = MAX (0, round (p->intensity[j] + sqrt (p->intensity[j]) * normal));
    }
  return p;
}

gboolean
isc_demo_write_xrd (const char    *dir,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *folder = g_build_filename (dir, "xrd", "heating", NULL);

  if (g_mkdir_with_parents (folder, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, ISC_XRD_ERROR, ISC_ERROR_IO, "cannot create %s: %s", folder, g_strerror (saved));
      return FALSE;
    }
  for (guint step = 0; step < ISC_DEMO_XRD_N_STEPS; step++)
    {
      g_autoptr(IscXrdPattern) p = isc_demo_xrd_pattern (step);
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *name = g_strdup_printf ("%03.0fC.xy", p->temperature_c);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      char x[G_ASCII_DTOSTR_BUF_SIZE];

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_string_append_printf (text,
                              "# Ionscape demo: in situ XRD of the NCM622 precursor (TM(OH)2 + LiOH) heated in O2, "
                              "%.0f C, Cu K-alpha1 1.5406 A, synthetic\n"
                              "# 2theta(deg) intensity(counts)\n",
                              p->temperature_c);
      for (guint j = 0; j < p->n; j++)
        {
          g_ascii_formatd (x, sizeof x, "%.2f", p->two_theta[j]);
          g_string_append_printf (text, "%s %.0f\n", x, p->intensity[j]);
        }
      if (!g_file_set_contents (path, text->str, text->len, error))
        return FALSE;
    }
  return TRUE;
}
