/* saed-phase.c: the crystal lattices of electron diffraction: ring standards, the phases of
 * a Ni-rich layered cathode, their allowed reflections, indexing and zone axes.
 *
 * model/xrd/xrd-phase.c (another branch) holds reflection conditions for the XRD phase list;
 * this is a deliberately small, self-contained list of the same three phases plus the ring
 * standards. The two should merge into one phase table once both are on main.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>

#include "saed.h"

G_DEFINE_QUARK (isc-saed-error-quark, isc_saed_error)

/* Lattice parameters: Au, Al, Si at room temperature (ICDD/NIST values), TlCl CsCl type. */
static const IscCrystalPhase standards[] = {
  { "Au", "Au (Fm-3m)", ISC_LATTICE_CUBIC, ISC_REFLECTIONS_F, 0.40782, 0 },
  { "Al", "Al (Fm-3m)", ISC_LATTICE_CUBIC, ISC_REFLECTIONS_F, 0.40495, 0 },
  { "Si", "Si (Fd-3m)", ISC_LATTICE_CUBIC, ISC_REFLECTIONS_DIAMOND, 0.54311, 0 },
  { "TlCl", "TlCl (Pm-3m)", ISC_LATTICE_CUBIC, ISC_REFLECTIONS_P, 0.3842, 0 },
};

/* The phases a Ni-rich cathode particle shows from core to surface: layered NCM622, the
 * rock-salt (Ni,Co,Mn)O reconstruction layer and the spinel between them. */
static const IscCrystalPhase phases[] = {
  { "layered", "LiNi0.6Co0.2Mn0.2O2 (R-3m)", ISC_LATTICE_HEXAGONAL, ISC_REFLECTIONS_R_OBVERSE, 0.2870, 1.4210 },
  { "rocksalt", "Rock salt (Fm-3m)", ISC_LATTICE_CUBIC, ISC_REFLECTIONS_F, 0.418, 0 },
  { "spinel", "Spinel (Fd-3m)", ISC_LATTICE_CUBIC, ISC_REFLECTIONS_FD3M, 0.81, 0 },
};

static const IscCrystalPhase *
lookup (const IscCrystalPhase *table,
        guint                  n,
        const char            *id)
{
  if (id == NULL)
    return NULL;
  for (guint i = 0; i < n; i++)
    if (g_ascii_strcasecmp (table[i].id, id) == 0)
      return &table[i];
  return NULL;
}

const IscCrystalPhase *
isc_saed_standard_lookup (const char *id)
{
  return lookup (standards, G_N_ELEMENTS (standards), id);
}

const IscCrystalPhase *
isc_saed_phase_lookup (const char *id)
{
  const IscCrystalPhase *p = lookup (phases, G_N_ELEMENTS (phases), id);

  if (p == NULL && id != NULL && g_ascii_strcasecmp (id, "rock-salt") == 0)
    p = &phases[1];
  return p;
}

const char *
isc_saed_standard_ids (void)
{
  return "Au, Al, Si, TlCl";
}

const char *
isc_saed_phase_ids (void)
{
  return "layered, rocksalt, spinel";
}

char *
isc_reflection_label (int h, int k, int l)
{
  if (ABS (h) > 9 || ABS (k) > 9 || ABS (l) > 9)
    return g_strdup_printf ("%d %d %d", h, k, l);
  return g_strdup_printf ("%d%d%d", h, k, l);
}

/* g·g' in nm⁻² through the reciprocal metric tensor. */
static double
recip_dot (const IscCrystalPhase *phase,
           int h1, int k1, int l1,
           int h2, int k2, int l2)
{
  double a2 = phase->a_nm * phase->a_nm;

  if (phase->system == ISC_LATTICE_HEXAGONAL)
    return 4.0 / 3.0 * (h1 * h2 + k1 * k2 + 0.5 * (h1 * k2 + k1 * h2)) / a2
           + l1 * l2 / (phase->c_nm * phase->c_nm);
  return (h1 * h2 + k1 * k2 + l1 * l2) / a2;
}

double
isc_crystal_phase_d (const IscCrystalPhase *phase,
                     int h, int k, int l)
{
  double g2;

  g_return_val_if_fail (phase != NULL, NAN);
  g2 = recip_dot (phase, h, k, l, h, k, l);
  return g2 > 0 ? 1.0 / sqrt (g2) : INFINITY;
}

static gboolean
all_even (int h, int k, int l)
{
  return h % 2 == 0 && k % 2 == 0 && l % 2 == 0;
}

static gboolean
all_odd (int h, int k, int l)
{
  return abs (h) % 2 == 1 && abs (k) % 2 == 1 && abs (l) % 2 == 1;
}

static int
mod (int a, int n)
{
  return ((a % n) + n) % n;
}

gboolean
isc_crystal_phase_allows (const IscCrystalPhase *phase,
                          int h, int k, int l)
{
  g_return_val_if_fail (phase != NULL, FALSE);
  if (h == 0 && k == 0 && l == 0)
    return FALSE;
  switch (phase->rule)
    {
    case ISC_REFLECTIONS_P:
      return TRUE;
    case ISC_REFLECTIONS_F:
      return all_even (h, k, l) || all_odd (h, k, l);
    case ISC_REFLECTIONS_DIAMOND:
      return all_odd (h, k, l) || (all_even (h, k, l) && mod (h + k + l, 4) == 0);
    case ISC_REFLECTIONS_FD3M:
      {
        int a = abs (h), b = abs (k), c = abs (l);
        int zeros = (a == 0) + (b == 0) + (c == 0);

        if (!all_even (h, k, l) && !all_odd (h, k, l))
          return FALSE;
        /* h00 (two zeros): h = 4n; 0kl (one zero): k + l = 4n */
        if (zeros == 2)
          return (a + b + c) % 4 == 0;
        if (zeros == 1)
          return (a + b + c) % 4 == 0;
        /* hhl (two equal moduli): h + l = 2n — always true once F holds */
        return TRUE;
      }
    case ISC_REFLECTIONS_R_OBVERSE:
      return mod (-h + k + l, 3) == 0;
    default:
      return FALSE;
    }
}

/* Order of preference for the representative of a family: indices all non-negative first,
 * then the largest h, k, l. */
static gboolean
better_representative (int h, int k, int l,
                       const IscReflection *r)
{
  gboolean nn = h >= 0 && k >= 0 && l >= 0;
  gboolean rnn = r->h >= 0 && r->k >= 0 && r->l >= 0;

  if (nn != rnn)
    return nn;
  if (h != r->h)
    return h > r->h;
  if (k != r->k)
    return k > r->k;
  return l > r->l;
}

static int
compare_d_desc (gconstpointer a,
                gconstpointer b)
{
  double da = ((const IscReflection *) a)->d_nm, db = ((const IscReflection *) b)->d_nm;

  return (da < db) - (da > db);
}

GArray *
isc_crystal_phase_reflections (const IscCrystalPhase *phase,
                               double                 d_min_nm)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (IscReflection));
  GArray *families = g_array_new (FALSE, FALSE, sizeof (IscReflection));
  int nh, nl;

  g_return_val_if_fail (phase != NULL && d_min_nm > 0, families);
  /* the enumeration grows as (a/d)³; nothing an SAED pattern shows lies below 0.02 nm */
  d_min_nm = MAX (d_min_nm, ISC_SAED_D_MIN_NM);

  /* |h| ≤ a/d is enough for both systems (a hexagonal h a* has length ≥ h·√3/2 / a... use a
   * margin of 2 on top) */
  nh = (int) ceil (phase->a_nm / d_min_nm * 1.2) + 1;
  nl = phase->system == ISC_LATTICE_HEXAGONAL ? (int) ceil (phase->c_nm / d_min_nm) + 1 : nh;
  for (int h = -nh; h <= nh; h++)
    for (int k = -nh; k <= nh; k++)
      for (int l = -nl; l <= nl; l++)
        {
          IscReflection r = { h, k, l, 0, 1 };

          if (!isc_crystal_phase_allows (phase, h, k, l))
            continue;
          r.d_nm = isc_crystal_phase_d (phase, h, k, l);
          if (r.d_nm >= d_min_nm)
            g_array_append_val (all, r);
        }
  g_array_sort (all, compare_d_desc);
  for (guint i = 0; i < all->len; i++)
    {
      const IscReflection *r = &g_array_index (all, IscReflection, i);
      IscReflection *last = families->len > 0
                            ? &g_array_index (families, IscReflection, families->len - 1) : NULL;

      if (last != NULL && fabs (last->d_nm - r->d_nm) < 1e-6)
        {
          last->multiplicity++;
          if (better_representative (r->h, r->k, r->l, last))
            {
              last->h = r->h;
              last->k = r->k;
              last->l = r->l;
            }
        }
      else
        g_array_append_val (families, *r);
    }
  return families;
}

gboolean
isc_saed_index_d (const IscCrystalPhase *phase,
                  double                 d_nm,
                  IscSaedIndexing       *out)
{
  g_autoptr(GArray) refl = NULL;
  double best = INFINITY;

  g_return_val_if_fail (phase != NULL && out != NULL, FALSE);
  if (!(d_nm >= ISC_SAED_D_MIN_NM) || !isfinite (d_nm))
    return FALSE;
  refl = isc_crystal_phase_reflections (phase, d_nm * 0.8);
  if (refl->len == 0 || d_nm > g_array_index (refl, IscReflection, 0).d_nm * 1.1)
    return FALSE;
  for (guint i = 0; i < refl->len; i++)
    {
      const IscReflection *r = &g_array_index (refl, IscReflection, i);
      double m = (d_nm - r->d_nm) / r->d_nm;

      if (fabs (m) < best)
        {
          best = fabs (m);
          out->phase = phase;
          out->reflection = *r;
          out->mismatch = m;
        }
    }
  return isfinite (best);
}

gboolean
isc_saed_index_best (const IscCrystalPhase * const *phases,
                     guint                          n_phases,
                     double                         d_nm,
                     double                         tolerance,
                     IscSaedIndexing               *out)
{
  double best = INFINITY;

  g_return_val_if_fail (phases != NULL || n_phases == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  for (guint p = 0; isfinite (d_nm) && p < n_phases; p++)
    {
      IscSaedIndexing ix;

      if (isc_saed_index_d (phases[p], d_nm, &ix) && fabs (ix.mismatch) <= tolerance && fabs (ix.mismatch) < best)
        {
          best = fabs (ix.mismatch);
          *out = ix;
        }
    }
  return isfinite (best);
}

static int
gcd (int a, int b)
{
  a = abs (a);
  b = abs (b);
  while (b != 0)
    {
      int t = a % b;
      a = b;
      b = t;
    }
  return a;
}

typedef struct
{
  int    h, k, l;
  double mismatch;
} Candidate;

static GArray *
candidates_for (const IscCrystalPhase *phase,
                double                 d_obs,
                double                 tolerance)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Candidate));
  double d_min = d_obs * (1 - tolerance);
  int nh = (int) ceil (phase->a_nm / d_min * 1.2) + 1;
  int nl = phase->system == ISC_LATTICE_HEXAGONAL ? (int) ceil (phase->c_nm / d_min) + 1 : nh;

  /* h descending so that, among equally good answers, positive indices come first */
  for (int h = nh; h >= -nh; h--)
    for (int k = nh; k >= -nh; k--)
      for (int l = nl; l >= -nl; l--)
        {
          double d;

          if (!isc_crystal_phase_allows (phase, h, k, l))
            continue;
          d = isc_crystal_phase_d (phase, h, k, l);
          if (fabs (d_obs - d) / d <= tolerance)
            {
              Candidate c = { h, k, l, (d_obs - d) / d };
              g_array_append_val (out, c);
            }
        }
  return out;
}

gboolean
isc_saed_zone_axis (const IscCrystalPhase *phase,
                    const double           g1[2],
                    const double           g2[2],
                    double                 nm_inv_per_px,
                    double                 tolerance,
                    IscSaedZone           *out)
{
  double len1, len2, cos_obs, angle_obs, best = INFINITY;
  g_autoptr(GArray) c1 = NULL;
  g_autoptr(GArray) c2 = NULL;
  const Candidate *first;

  g_return_val_if_fail (phase != NULL && out != NULL, FALSE);
  len1 = hypot (g1[0], g1[1]) * nm_inv_per_px;
  len2 = hypot (g2[0], g2[1]) * nm_inv_per_px;
  if (!(len1 > 0) || !(len2 > 0))
    return FALSE;
  cos_obs = (g1[0] * g2[0] + g1[1] * g2[1]) / (hypot (g1[0], g1[1]) * hypot (g2[0], g2[1]));
  angle_obs = acos (CLAMP (cos_obs, -1.0, 1.0)) * 180 / G_PI;
  if (1 / len1 < ISC_SAED_D_MIN_NM || 1 / len2 < ISC_SAED_D_MIN_NM)
    return FALSE;
  c1 = candidates_for (phase, 1 / len1, tolerance);
  c2 = candidates_for (phase, 1 / len2, tolerance);
  if (c1->len == 0 || c2->len == 0)
    return FALSE;

  /* Spot 1 may be given any member of its family (the pattern's orientation is free), so one
   * representative is enough; spot 2 then has to sit at the right angle from it. */
  first = &g_array_index (c1, Candidate, 0);
  for (guint i = 0; i < c1->len; i++)
    {
      const Candidate *a = &g_array_index (c1, Candidate, i);
      if (fabs (a->mismatch) < fabs (first->mismatch) - 1e-9)
        first = a;
    }
  for (guint i = 0; i < c1->len; i++)
    {
      const Candidate *a = &g_array_index (c1, Candidate, i);

      /* only members of spot 1's best family (same d) */
      if (fabs (a->mismatch - first->mismatch) > 1e-9)
        continue;
      for (guint j = 0; j < c2->len; j++)
        {
          const Candidate *b = &g_array_index (c2, Candidate, j);
          double dot = recip_dot (phase, a->h, a->k, a->l, b->h, b->k, b->l);
          double n1 = sqrt (recip_dot (phase, a->h, a->k, a->l, a->h, a->k, a->l));
          double n2 = sqrt (recip_dot (phase, b->h, b->k, b->l, b->h, b->k, b->l));
          double angle = acos (CLAMP (dot / (n1 * n2), -1.0, 1.0)) * 180 / G_PI;
          double score = fabs (angle - angle_obs) + 10 * (fabs (a->mismatch) + fabs (b->mismatch));
          int u, v, w, g;

          if (fabs (angle - angle_obs) > 3 || score >= best - 1e-9)
            continue;
          u = a->k * b->l - a->l * b->k;
          v = a->l * b->h - a->h * b->l;
          w = a->h * b->k - a->k * b->h;
          g = gcd (gcd (u, v), w);
          if (g == 0)
            continue;
          best = score;
          *out = (IscSaedZone) {
            a->h, a->k, a->l, b->h, b->k, b->l, u / g, v / g, w / g,
            angle_obs, angle, a->mismatch, b->mismatch };
        }
    }
  if (!isfinite (best))
    return FALSE;
  /* sign convention: first non-zero index positive */
  if (out->u < 0 || (out->u == 0 && (out->v < 0 || (out->v == 0 && out->w < 0))))
    {
      out->u = -out->u;
      out->v = -out->v;
      out->w = -out->w;
    }
  return TRUE;
}
