/* xrd-phase.c: reflections, built-in phases, lattice refinement, zero shift, RIR fractions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xrd-fit.h"
#include "xrd-phase.h"

/* Half width (deg) of the window beyond a reference line (and its neighbours), and how far (deg)
 * a neighbouring reflection is fitted with it. */
#define LINE_HALF_WINDOW 0.5
#define LINE_NEIGHBOURS  1.0

/* Lattice parameters: literature values (sources beside each). RIR (I/Ic, strongest line
 * against corundum) values are approximate, of the order listed on ICDD cards of the structure
 * type; the fractions built on them are semi-quantitative, and a user with the card of the
 * actual phase should replace them. */
static const IscXrdPhase builtin[] = {
  /* NCM622, LiNi0.6Co0.2Mn0.2O2: a ≈ 2.87, c ≈ 14.22 Å as reported for NCM622 calcined at
   * 800–850 °C (e.g. Noh et al., J. Power Sources 233 (2013) 121); rounded. */
  { "layered", "LiNi<sub>0.6</sub>Co<sub>0.2</sub>Mn<sub>0.2</sub>O<sub>2</sub> (layered, R-3m)",
    ISC_XRD_SG_R3M, 2.868, 2.868, 14.22, 90, 4.0, 0, 0, 3 },
  /* NiO-type rock salt: a = 4.1771 Å (ICDD PDF 47-1049, bunsenite). */
  { "rocksalt", "NiO-type rock salt (Fm-3m)", ISC_XRD_SG_FM3M, 4.1771, 4.1771, 4.1771, 90, 5.4, 2, 0, 0 },
  /* M3O4 spinel, Co3O4 type: a = 8.084 Å (ICDD PDF 42-1467 lists 8.0837 Å). */
  { "spinel", "M<sub>3</sub>O<sub>4</sub> spinel, Co<sub>3</sub>O<sub>4</sub> type (Fd-3m)", ISC_XRD_SG_FD3M,
    8.084, 8.084, 8.084, 90, 4.5, 3, 1, 1 },
  /* β-Ni(OH)2, brucite type: a = 3.126, c = 4.605 Å (ICDD PDF 14-117). */
  { "hydroxide", "β-Ni(OH)<sub>2</sub> (brucite type, P-3m1)", ISC_XRD_SG_P3M1, 3.126, 3.126, 4.605, 90, 2.0, 0, 0, 1 },
  /* LiOH: a = 3.549, c = 4.334 Å (Dachs, Z. Kristallogr. 112 (1959) 60). */
  { "lioh", "LiOH (P4/nmm)", ISC_XRD_SG_P4NMM, 3.549, 3.549, 4.334, 90, 1.5, 1, 0, 1 },
  /* Li2CO3 (zabuyelite): a = 8.359, b = 4.973, c = 6.197 Å, β = 114.83° (Effenberger & Zemann,
   * Z. Kristallogr. 150 (1979) 133). */
  { "li2co3", "Li<sub>2</sub>CO<sub>3</sub> (C2/c)", ISC_XRD_SG_C2C, 8.359, 4.973, 6.197, 114.83, 1.0, 0, 0, 2 },
  /* Line-position standards. Si: a = 5.4311 Å (NIST SRM 640 series, 5.4311–5.4312 Å at 22.5 °C). */
  { "si", "Si standard (Fd-3m)", ISC_XRD_SG_FD3M, 5.4311, 5.4311, 5.4311, 90, 4.7, 1, 1, 1 },
  /* LaB6: a = 4.156826 Å (NIST SRM 660c certificate). */
  { "lab6", "LaB<sub>6</sub> standard (Pm-3m)", ISC_XRD_SG_PM3M, 4.156826, 4.156826, 4.156826, 90, NAN, 1, 1, 0 },
};

static const struct { IscXrdSpaceGroup group; const char *name; const char *alias; } group_names[] = {
  { ISC_XRD_SG_R3M, "R-3m", "r3m" },
  { ISC_XRD_SG_P3M1, "P-3m1", "p3m1" },
  { ISC_XRD_SG_FM3M, "Fm-3m", "fm3m" },
  { ISC_XRD_SG_FD3M, "Fd-3m", "fd3m" },
  { ISC_XRD_SG_PM3M, "Pm-3m", "pm3m" },
  { ISC_XRD_SG_P4NMM, "P4/nmm", "p4nmm" },
  { ISC_XRD_SG_C2C, "C2/c", "c2c" },
};

const char *
isc_xrd_space_group_name (IscXrdSpaceGroup group)
{
  for (guint i = 0; i < G_N_ELEMENTS (group_names); i++)
    if (group_names[i].group == group)
      return group_names[i].name;
  return "?";
}

gboolean
isc_xrd_space_group_from_string (const char       *text,
                                 IscXrdSpaceGroup *group)
{
  for (guint i = 0; i < G_N_ELEMENTS (group_names); i++)
    if (g_ascii_strcasecmp (text, group_names[i].name) == 0 || g_ascii_strcasecmp (text, group_names[i].alias) == 0)
      {
        *group = group_names[i].group;
        return TRUE;
      }
  return FALSE;
}

IscXrdCrystalSystem
isc_xrd_space_group_system (IscXrdSpaceGroup group)
{
  switch (group)
    {
    case ISC_XRD_SG_R3M:
    case ISC_XRD_SG_P3M1:
      return ISC_XRD_SYSTEM_HEXAGONAL;
    case ISC_XRD_SG_P4NMM:
      return ISC_XRD_SYSTEM_TETRAGONAL;
    case ISC_XRD_SG_C2C:
      return ISC_XRD_SYSTEM_MONOCLINIC;
    case ISC_XRD_SG_FM3M:
    case ISC_XRD_SG_FD3M:
    case ISC_XRD_SG_PM3M:
    default:
      return ISC_XRD_SYSTEM_CUBIC;
    }
}

static gboolean
even (int v)
{
  return v % 2 == 0;
}

gboolean
isc_xrd_reflection_allowed (IscXrdSpaceGroup group,
                            int              h,
                            int              k,
                            int              l)
{
  if (h == 0 && k == 0 && l == 0)
    return FALSE;
  switch (group)
    {
    case ISC_XRD_SG_R3M:
      /* Obverse rhombohedral centring in hexagonal axes. */
      return ((-h + k + l) % 3 + 3) % 3 == 0;
    case ISC_XRD_SG_FM3M:
      return even (h) == even (k) && even (k) == even (l);
    case ISC_XRD_SG_FD3M:
      {
        int ah = abs (h), ak = abs (k), al = abs (l);

        if (!(even (h) == even (k) && even (k) == even (l)))
          return FALSE;
        /* d-glide: 0kl needs k + l = 4n (h00 then h = 4n). */
        if ((h == 0 && (ak + al) % 4 != 0) || (k == 0 && (ah + al) % 4 != 0) || (l == 0 && (ah + ak) % 4 != 0))
          return FALSE;
        return TRUE;
      }
    case ISC_XRD_SG_P4NMM:
      return l != 0 || even (h + k);
    case ISC_XRD_SG_C2C:
      return even (h + k) && (k != 0 || even (l));
    case ISC_XRD_SG_P3M1:
    case ISC_XRD_SG_PM3M:
    default:
      return TRUE;
    }
}

const IscXrdPhase *
isc_xrd_builtin_phases (guint *n_phases)
{
  *n_phases = G_N_ELEMENTS (builtin);
  return builtin;
}

const IscXrdPhase *
isc_xrd_builtin_phase (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (builtin); i++)
    if (g_ascii_strcasecmp (builtin[i].id, id) == 0)
      return &builtin[i];
  return NULL;
}

IscXrdPhase *
isc_xrd_phase_new (const char       *id,
                   const char       *name,
                   IscXrdSpaceGroup  group,
                   double            a,
                   double            b,
                   double            c,
                   double            beta)
{
  IscXrdPhase *p = g_new0 (IscXrdPhase, 1);
  IscXrdCrystalSystem system = isc_xrd_space_group_system (group);

  p->id = g_strdup (id);
  p->name = g_strdup (name != NULL ? name : id);
  p->group = group;
  p->a = a;
  p->b = system == ISC_XRD_SYSTEM_MONOCLINIC ? b : a;
  p->c = system == ISC_XRD_SYSTEM_CUBIC ? a : c;
  p->beta = system == ISC_XRD_SYSTEM_MONOCLINIC ? beta : 90;
  p->rir = NAN;
  return p;
}

IscXrdPhase *
isc_xrd_phase_copy (const IscXrdPhase *phase)
{
  IscXrdPhase *p = g_memdup2 (phase, sizeof *phase);

  p->id = g_strdup (phase->id);
  p->name = g_strdup (phase->name);
  return p;
}

void
isc_xrd_phase_free (IscXrdPhase *phase)
{
  if (phase == NULL)
    return;
  g_free (phase->id);
  g_free (phase->name);
  g_free (phase);
}

double
isc_xrd_phase_d (const IscXrdPhase *phase,
                 int                h,
                 int                k,
                 int                l)
{
  double a = phase->a, b = phase->b, c = phase->c, inv;

  switch (isc_xrd_space_group_system (phase->group))
    {
    case ISC_XRD_SYSTEM_HEXAGONAL:
      inv = 4.0 / 3.0 * (h * h + h * k + k * k) / (a * a) + (double) (l * l) / (c * c);
      break;
    case ISC_XRD_SYSTEM_TETRAGONAL:
      inv = (double) (h * h + k * k) / (a * a) + (double) (l * l) / (c * c);
      break;
    case ISC_XRD_SYSTEM_MONOCLINIC:
      {
        double beta = phase->beta * G_PI / 180, s = sin (beta);

        inv = ((h * h) / (a * a) + (k * k) * s * s / (b * b) + (l * l) / (c * c)
               - 2.0 * h * l * cos (beta) / (a * c)) / (s * s);
      }
      break;
    case ISC_XRD_SYSTEM_CUBIC:
    default:
      inv = (double) (h * h + k * k + l * l) / (a * a);
      break;
    }
  return inv > 0 ? 1 / sqrt (inv) : INFINITY;
}

typedef struct
{
  int h, k, l;
  double d;
} Hkl;

static int
compare_d_desc (const void *a,
                const void *b)
{
  const Hkl *x = a, *y = b;

  return (x->d < y->d) - (x->d > y->d);
}

/* Fewer negative indices first, then the lexicographically largest: 104 over 014, 511 over 333. */
static gboolean
better_label (const Hkl *x,
              const Hkl *y)
{
  int nx = (x->h < 0) + (x->k < 0) + (x->l < 0);
  int ny = (y->h < 0) + (y->k < 0) + (y->l < 0);

  if (nx != ny)
    return nx < ny;
  if (x->h != y->h)
    return x->h > y->h;
  if (x->k != y->k)
    return x->k > y->k;
  return x->l > y->l;
}

GArray *
isc_xrd_phase_reflections (const IscXrdPhase *phase,
                           double             wavelength,
                           double             two_theta_min,
                           double             two_theta_max)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (IscXrdReflection));
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (Hkl));
  double d_min, longest, s;
  int hmax;

  g_return_val_if_fail (phase != NULL && wavelength > 0, out);
  two_theta_max = MIN (two_theta_max, 179.9);
  if (!(two_theta_max > 0 && phase->a > 0 && phase->b > 0 && phase->c > 0))
    return out;
  d_min = wavelength / (2 * sin (two_theta_max * G_PI / 360));
  s = isc_xrd_space_group_system (phase->group) == ISC_XRD_SYSTEM_MONOCLINIC ? sin (phase->beta * G_PI / 180) : 1;
  longest = MAX (MAX (phase->a, phase->b), phase->c) / MAX (s, 0.1);
  /* Any index beyond 2·L/d_min gives a spacing below d_min (hexagonal axes need the factor 2/√3). */
  hmax = (int) ceil (2 * longest / d_min) + 1;
  hmax = MIN (hmax, 60);
  for (int h = -hmax; h <= hmax; h++)
    for (int k = -hmax; k <= hmax; k++)
      for (int l = -hmax; l <= hmax; l++)
        {
          Hkl x = { h, k, l, 0 };

          if (!isc_xrd_reflection_allowed (phase->group, h, k, l))
            continue;
          x.d = isc_xrd_phase_d (phase, h, k, l);
          if (x.d >= d_min * (1 - 1e-12))
            g_array_append_val (all, x);
        }
  if (all->len > 1)
    qsort (all->data, all->len, sizeof (Hkl), compare_d_desc);
  for (guint i = 0; i < all->len;)
    {
      const Hkl *first = &g_array_index (all, Hkl, i);
      const Hkl *best = first;
      IscXrdReflection r;
      guint j = i;

      while (j < all->len && fabs (g_array_index (all, Hkl, j).d - first->d) <= 1e-9 * first->d)
        {
          if (better_label (&g_array_index (all, Hkl, j), best))
            best = &g_array_index (all, Hkl, j);
          j++;
        }
      r.h = best->h;
      r.k = best->k;
      r.l = best->l;
      r.d = first->d;
      r.two_theta = isc_xrd_two_theta_from_d (first->d, wavelength);
      r.multiplicity = j - i;
      if (r.two_theta >= two_theta_min && r.two_theta <= two_theta_max)
        g_array_append_val (out, r);
      i = j;
    }
  return out;
}

static double
sigma_or_default (double sigma)
{
  return sigma > 0 && isfinite (sigma) ? sigma : 0.01;
}

gboolean
isc_xrd_refine_lattice (const IscXrdPhase        *phase,
                        const IscXrdAssignedPeak *peaks,
                        guint                     n_peaks,
                        double                    wavelength,
                        double                    zero_shift,
                        IscXrdPhase             **refined,
                        double                   *sigma_a,
                        double                   *sigma_c,
                        GError                  **error)
{
  IscXrdCrystalSystem system = isc_xrd_space_group_system (phase->group);
  guint np = system == ISC_XRD_SYSTEM_CUBIC ? 1 : 2;
  gsl_matrix *X, *cov;
  gsl_vector *y, *w, *coef;
  gsl_multifit_linear_workspace *ws;
  double chi2, A, C, scale;
  int status;

  *refined = NULL;
  *sigma_a = *sigma_c = NAN;
  if (system == ISC_XRD_SYSTEM_MONOCLINIC)
    {
      g_set_error (error, ISC_XRD_ERROR, ISC_ERROR_UNSUPPORTED,
                   "%s: lattice refinement is implemented for cubic, hexagonal and tetragonal phases", phase->id);
      return FALSE;
    }
  if (n_peaks < np)
    {
      g_set_error (error, ISC_XRD_ERROR, ISC_ERROR_ARGUMENT,
                   "%s: %u assigned reflections for %u lattice parameters", phase->id, n_peaks, np);
      return FALSE;
    }
  X = gsl_matrix_alloc (n_peaks, np);
  y = gsl_vector_alloc (n_peaks);
  w = gsl_vector_alloc (n_peaks);
  coef = gsl_vector_alloc (np);
  cov = gsl_matrix_alloc (np, np);
  for (guint i = 0; i < n_peaks; i++)
    {
      const IscXrdAssignedPeak *p = &peaks[i];
      double two_theta = (p->two_theta - zero_shift) * G_PI / 180;
      double s = sin (two_theta / 2);
      /* 1/d² = 4 sin²θ / λ²; its error from σ(2θ): d(1/d²)/d(2θ) = 2 sin 2θ / λ². */
      double inv_d2 = 4 * s * s / (wavelength * wavelength);
      double sy = 2 * sin (two_theta) / (wavelength * wavelength) * sigma_or_default (p->sigma) * G_PI / 180;

      switch (system)
        {
        case ISC_XRD_SYSTEM_HEXAGONAL:
          gsl_matrix_set (X, i, 0, 4.0 / 3.0 * (p->h * p->h + p->h * p->k + p->k * p->k));
          gsl_matrix_set (X, i, 1, p->l * p->l);
          break;
        case ISC_XRD_SYSTEM_TETRAGONAL:
          gsl_matrix_set (X, i, 0, p->h * p->h + p->k * p->k);
          gsl_matrix_set (X, i, 1, p->l * p->l);
          break;
        case ISC_XRD_SYSTEM_CUBIC:
        case ISC_XRD_SYSTEM_MONOCLINIC:
        default:
          gsl_matrix_set (X, i, 0, p->h * p->h + p->k * p->k + p->l * p->l);
          break;
        }
      gsl_vector_set (y, i, inv_d2);
      gsl_vector_set (w, i, 1 / MAX (sy * sy, 1e-30));
    }
  ws = gsl_multifit_linear_alloc (n_peaks, np);
  {
    gsl_error_handler_t *old = gsl_set_error_handler_off ();
    size_t rank = 0;

    status = gsl_multifit_wlinear_tsvd (X, w, y, 1e-12, coef, cov, &chi2, &rank, ws);
    gsl_set_error_handler (old);
    if (status == GSL_SUCCESS && rank < np)
      status = GSL_ESING;
  }
  gsl_multifit_linear_free (ws);
  A = gsl_vector_get (coef, 0);
  C = np > 1 ? gsl_vector_get (coef, 1) : A;
  if (status != GSL_SUCCESS || !(A > 0) || !(C > 0))
    {
      g_set_error (error, ISC_XRD_ERROR, ISC_ERROR_ARGUMENT,
                   "%s: the assigned reflections do not determine the lattice (need both hk0-type and 00l-type information)",
                   phase->id);
      gsl_matrix_free (X);
      gsl_vector_free (y);
      gsl_vector_free (w);
      gsl_vector_free (coef);
      gsl_matrix_free (cov);
      return FALSE;
    }
  /* Standard errors from the scatter when there is redundancy (σ(2θ) of fits is often optimistic). */
  scale = n_peaks > np ? MAX (chi2 / (n_peaks - np), 1.0) : NAN;
  *refined = isc_xrd_phase_copy (phase);
  (*refined)->a = (*refined)->b = 1 / sqrt (A);
  *sigma_a = sqrt (gsl_matrix_get (cov, 0, 0) * scale) / (2 * pow (A, 1.5));
  if (system == ISC_XRD_SYSTEM_CUBIC)
    (*refined)->c = (*refined)->a;
  else
    {
      (*refined)->c = 1 / sqrt (C);
      *sigma_c = sqrt (gsl_matrix_get (cov, 1, 1) * scale) / (2 * pow (C, 1.5));
    }
  gsl_matrix_free (X);
  gsl_vector_free (y);
  gsl_vector_free (w);
  gsl_vector_free (coef);
  gsl_matrix_free (cov);
  return TRUE;
}

gboolean
isc_xrd_zero_shift (const IscXrdPhase        *standard,
                    const IscXrdAssignedPeak *peaks,
                    guint                     n_peaks,
                    double                    wavelength,
                    double                   *zero_shift,
                    double                   *sigma,
                    GError                  **error)
{
  double sw = 0, swr = 0, swrr = 0;

  *zero_shift = *sigma = NAN;
  if (n_peaks == 0)
    {
      g_set_error (error, ISC_XRD_ERROR, ISC_ERROR_ARGUMENT, "%s: no reflection of the standard assigned",
                   standard->id);
      return FALSE;
    }
  for (guint i = 0; i < n_peaks; i++)
    {
      double calc = isc_xrd_two_theta_from_d (isc_xrd_phase_d (standard, peaks[i].h, peaks[i].k, peaks[i].l),
                                              wavelength);
      double s = sigma_or_default (peaks[i].sigma);
      double w = 1 / (s * s), r = peaks[i].two_theta - calc;

      if (!isfinite (calc))
        {
          g_set_error (error, ISC_XRD_ERROR, ISC_ERROR_ARGUMENT, "%s: (%d %d %d) does not diffract at %g Å",
                       standard->id, peaks[i].h, peaks[i].k, peaks[i].l, wavelength);
          return FALSE;
        }
      sw += w;
      swr += w * r;
      swrr += w * r * r;
    }
  *zero_shift = swr / sw;
  *sigma = n_peaks > 1 ? sqrt (MAX (swrr / sw - *zero_shift * *zero_shift, 0) / (n_peaks - 1)) : sqrt (1 / sw);
  return TRUE;
}

void
isc_xrd_assign (const GArray *reflections,
                const double *two_theta,
                guint         n,
                double        tolerance,
                int          *assignment)
{
  for (guint i = 0; i < n; i++)
    {
      double best = tolerance;

      assignment[i] = -1;
      for (guint j = 0; j < reflections->len; j++)
        {
          double dist = fabs (g_array_index (reflections, IscXrdReflection, j).two_theta - two_theta[i]);

          if (dist <= best)
            {
              best = dist;
              assignment[i] = j;
            }
        }
    }
}

gboolean
isc_xrd_rir_fractions (const double *areas,
                       const double *rir,
                       const double *relative_intensity,
                       guint         n,
                       double       *fractions,
                       GError      **error)
{
  double total = 0;

  for (guint i = 0; i < n; i++)
    {
      double rel = relative_intensity != NULL ? relative_intensity[i] : 1;

      if (!(areas[i] >= 0) || !(rir[i] > 0) || !(rel > 0))
        {
          g_set_error (error, ISC_XRD_ERROR, ISC_ERROR_ARGUMENT,
                       "phase %u: area %g, RIR %g, relative intensity %g (the RIR method needs a positive RIR and intensity)",
                       i + 1, areas[i], rir[i], rel);
          return FALSE;
        }
      fractions[i] = areas[i] / (rir[i] * rel);
      total += fractions[i];
    }
  if (!(total > 0))
    {
      g_set_error (error, ISC_XRD_ERROR, ISC_ERROR_ARGUMENT, "no phase has a positive peak area");
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    fractions[i] /= total;
  return TRUE;
}

gboolean
isc_xrd_phase_line_area (const IscXrdPattern        *pattern,
                         const IscXrdPhase * const  *phases,
                         guint                       n_phases,
                         guint                       index,
                         IscXrdProfile               profile,
                         gboolean                    model_ka2,
                         double                      zero_shift,
                         IscXrdPeakFit              *fit,
                         GError                    **error)
{
  const IscXrdPhase *phase = phases[index];
  double ref_tt = isc_xrd_two_theta_from_d (isc_xrd_phase_d (phase, phase->ref_h, phase->ref_k, phase->ref_l),
                                            pattern->wavelength) + zero_shift;
  g_autoptr(GArray) centers = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree IscXrdPeakFit *fits = NULL;
  IscXrdFitOptions options;
  double lo = ref_tt, hi = ref_tt;

  if (!isfinite (ref_tt) || ref_tt < pattern->two_theta[0] || ref_tt > pattern->two_theta[pattern->n - 1])
    {
      g_set_error (error, ISC_XRD_ERROR, ISC_ERROR_ARGUMENT, "%s: the (%d %d %d) line of %s lies outside the pattern",
                   pattern->label, phase->ref_h, phase->ref_k, phase->ref_l, phase->id);
      return FALSE;
    }
  g_array_append_val (centers, ref_tt);
  for (guint k = 0; k < n_phases; k++)
    {
      g_autoptr(GArray) r = isc_xrd_phase_reflections (phases[k], pattern->wavelength,
                                                       ref_tt - zero_shift - LINE_NEIGHBOURS,
                                                       ref_tt - zero_shift + LINE_NEIGHBOURS);

      for (guint j = 0; j < r->len; j++)
        {
          double x = g_array_index (r, IscXrdReflection, j).two_theta + zero_shift;
          gboolean known = FALSE;

          for (guint c = 0; c < centers->len; c++)
            known = known || fabs (g_array_index (centers, double, c) - x) < 0.05;
          if (known)
            continue;
          g_array_append_val (centers, x);
          lo = MIN (lo, x);
          hi = MAX (hi, x);
        }
    }
  isc_xrd_fit_options_init (&options, lo - LINE_HALF_WINDOW, hi + LINE_HALF_WINDOW);
  options.profile = profile;
  options.model_ka2 = model_ka2;
  fits = g_new (IscXrdPeakFit, centers->len);
  if (!isc_xrd_fit_peaks (pattern, &options, (double *) centers->data, centers->len, fits, error))
    return FALSE;
  if (fabs (fits[0].center - ref_tt) > LINE_HALF_WINDOW)
    {
      g_set_error (error, ISC_XRD_ERROR, ISC_ERROR_INVALID, "%s: no (%d %d %d) line of %s near %.3f° 2θ",
                   pattern->label, phase->ref_h, phase->ref_k, phase->ref_l, phase->id, ref_tt);
      return FALSE;
    }
  *fit = fits[0];
  return TRUE;
}
