/* demo-apt.c: synthetic but realistic APT needles for the demo project.
 *
 * Each specimen is a truncated cone (apex radius 12–16 nm, half angle 5–8°, 60–120 nm long)
 * filled in evaporation order. Ions are drawn from isotope-resolved channels whose weights
 * reproduce the site's decomposed composition; peaks have a Gaussian core (FWHM m/1000) and a
 * thermal tail, and a uniform background lies under the spectrum.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "composition.h"
#include "demo-apt.h"
#include "pos-io.h"
#include "range-io.h"

/* ---- a small private PRNG (xoshiro256**), so no global random state is touched ---- */

typedef struct
{
  guint64 s[4];
} Rng;

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += 0x9E3779B97F4A7C15ull);

  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static void
rng_seed (Rng     *rng,
          guint64  seed)
{
  for (int i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&seed);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

static inline guint64
rng_next (Rng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

/* Uniform in [0, 1). */
static inline double
rng_uniform (Rng *rng)
{
  return (rng_next (rng) >> 11) * 0x1.0p-53;
}

static double
rng_normal (Rng *rng)
{
  double u1 = 1.0 - rng_uniform (rng), u2 = rng_uniform (rng);

  return sqrt (-2.0 * log (u1)) * cos (2 * G_PI * u2);
}

/* ---- ion channels ---- */

typedef enum
{
  CH_LI6, CH_LI7, CH_LIO6, CH_LIO7,          /* Li-bearing: weights follow the local Li factor */
  CH_O, CH_O2,
  CH_NI58, CH_NI60, CH_NI62, CH_CO, CH_MN,
  CH_NIO58, CH_NIO60, CH_NIO62,
  N_CHANNELS,
  N_LI_CHANNELS = CH_O
} Channel;

typedef struct
{
  const char *ion;      /* ion type in the range file */
  const char *formula;
  double      mq;       /* Da: isotope mass / charge */
  guint32     color;
} ChannelInfo;

static const ChannelInfo channels[N_CHANNELS] = {
  [CH_LI6]   = { "Li",  "Li",  6.01512, 0xE69F00 },
  [CH_LI7]   = { "Li",  "Li",  7.01600, 0xE69F00 },
  [CH_LIO6]  = { "LiO", "LiO", 22.01004, 0xF0E442 },
  [CH_LIO7]  = { "LiO", "LiO", 23.01092, 0xF0E442 },
  [CH_O]     = { "O",   "O",   15.99491, 0x56B4E9 },
  [CH_O2]    = { "O2",  "O2",  31.98983, 0x88CCEE },
  [CH_NI58]  = { "Ni",  "Ni",  57.93534 / 2, 0x009E73 },
  [CH_NI60]  = { "Ni",  "Ni",  59.93079 / 2, 0x009E73 },
  [CH_NI62]  = { "Ni",  "Ni",  61.92835 / 2, 0x009E73 },
  [CH_CO]    = { "Co",  "Co",  58.93319 / 2, 0x0072B2 },
  [CH_MN]    = { "Mn",  "Mn",  54.93804 / 2, 0xCC79A7 },
  [CH_NIO58] = { "NiO", "NiO", 57.93534 + 15.99491, 0x117733 },
  [CH_NIO60] = { "NiO", "NiO", 59.93079 + 15.99491, 0x117733 },
  [CH_NIO62] = { "NiO", "NiO", 61.92835 + 15.99491, 0x117733 },
};

/* Natural abundances renormalised to the isotopes the demo uses. */
#define LI6_SHARE  0.0759
#define NI58_SHARE (68.077 / 97.898)
#define NI60_SHARE (26.223 / 97.898)
#define NI62_SHARE (3.598 / 97.898)

/* How atoms leave the tip: shares of each element's atoms in molecular ions. */
#define LI_AS_LIO  0.05
#define NI_AS_NIO  0.15
#define O_FREE_AS_O2 0.4    /* share of the remaining O atoms that leave as O2+ */
#define BACKGROUND 0.015    /* fraction of all ions, uniform over 1–100 Da */

/* Peak shape: Gaussian core with FWHM m/1000 plus an exponential thermal tail. */
#define TAIL_SHARE   0.3
#define TAIL_PER_DA  0.0025

static double
peak_sigma (double mq)
{
  return mq / (1000.0 * 2.3548);
}

static double
peak_tail (double mq)
{
  return TAIL_PER_DA * mq;
}

IscRangeSet *
isc_demo_apt_ranges (void)
{
  IscRangeSet *set = isc_range_set_new ();

  for (int c = 0; c < N_CHANNELS; c++)
    {
      IscElementCount elements[ISC_MAX_ELEMENTS_PER_ION];
      guint n = 0;
      double color[3] = { ((channels[c].color >> 16) & 0xff) / 255.0, ((channels[c].color >> 8) & 0xff) / 255.0,
                          (channels[c].color & 0xff) / 255.0 };
      double s = peak_sigma (channels[c].mq), tail = peak_tail (channels[c].mq);
      int type;
      gboolean ok;

      ok = isc_parse_formula (channels[c].formula, elements, &n, NULL);
      g_assert (ok);
      type = isc_range_set_add_ion_type (set, channels[c].ion, elements, n, color, NULL);
      g_assert (type >= 0);
      /* 4 σ below, 4 σ + 4 tail lengths above: ~99.5 % of every peak, windows never touch. */
      ok = isc_range_set_add_range (set, channels[c].mq - 4 * s, channels[c].mq + 4 * s + 4 * tail,
                                    (guint8) type, NULL);
      g_assert (ok);
    }
  return set;
}

/* ---- sites ---- */

static const IscDemoSite *
site_at (guint index)
{
  guint n = 0;
  const IscDemoSite *sites = isc_demo_sites_get (&n);

  g_return_val_if_fail (index < n, NULL);
  return &sites[index];
}

gboolean
isc_demo_apt_has_depleted_top (guint site_index)
{
  const IscDemoSite *site = site_at (site_index);

  return site != NULL && site->cycles == 300 && g_str_equal (site->label, "R0");
}

gboolean
isc_demo_apt_has_gradual_rise (guint site_index)
{
  const IscDemoSite *site = site_at (site_index);

  /* The study: below the depleted surface, Li rises gradually from ~30 nm (300 cycles R1). */
  return site != NULL && site->cycles == 300 && g_str_equal (site->label, "R1");
}

gboolean
isc_demo_apt_has_line_defects (guint site_index)
{
  const IscDemoSite *site = site_at (site_index);

  /* One cycled site (300 cycles, R2 ~100 nm) shows Li along dislocation-like lines. */
  return site != NULL && site->cycles == 300 && g_str_equal (site->label, "R2");
}

typedef struct
{
  double li, ni, co, mn, o;
} Ratios;

/* The five specimens of a site scatter around the table by ~0.02 with zero mean, so that
 * the site mean is the published value. */
static Ratios
specimen_ratios (guint site_index,
                 guint specimen)
{
  const IscDemoSite *site = site_at (site_index);
  double d[5][ISC_DEMO_SPECIMENS_PER_SITE], mean[5] = { 0 };
  double sd[5] = { MIN (0.02, 0.3 * site->li), 0.0, 0.01, 0.005, 0.02 };
  Rng rng;
  Ratios r;
  double tm;

  rng_seed (&rng, ISC_DEMO_SEED ^ (0xA5A5ull << 32) ^ site_index);
  for (guint k = 0; k < ISC_DEMO_SPECIMENS_PER_SITE; k++)
    for (int e = 0; e < 5; e++)
      {
        d[e][k] = sd[e] * rng_normal (&rng);
        mean[e] += d[e][k] / ISC_DEMO_SPECIMENS_PER_SITE;
      }
  for (int e = 0; e < 5; e++)
    for (guint k = 0; k < ISC_DEMO_SPECIMENS_PER_SITE; k++)
      d[e][k] -= mean[e];

  /* The table's rounded metals may not sum to 1 (formation: 1.01); normalise them so Li and
   * O, which matter most, come out exactly as published. */
  tm = site->ni + site->co + site->mn;
  r.li = site->li + d[0][specimen];
  r.co = site->co / tm + d[2][specimen];
  r.mn = site->mn / tm + d[3][specimen];
  r.ni = site->ni / tm - d[2][specimen] - d[3][specimen];   /* keeps Ni + Co + Mn = 1 */
  r.o = site->o + d[4][specimen];
  return r;
}

/* ---- specimens ---- */

typedef struct
{
  double p[3];   /* a point on the line, nm */
  double u[3];   /* unit direction */
} Line;

static double
line_distance (const Line *l,
               double      x,
               double      y,
               double      z)
{
  double q[3] = { x - l->p[0], y - l->p[1], z - l->p[2] };
  double c[3] = { q[1] * l->u[2] - q[2] * l->u[1], q[2] * l->u[0] - q[0] * l->u[2], q[0] * l->u[1] - q[1] * l->u[0] };

  return sqrt (c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
}

IscIonCloud *
isc_demo_apt_specimen (guint site_index,
                       guint specimen)
{
  const IscDemoSite *site = site_at (site_index);
  Ratios r;
  Rng rng;
  IscIonCloud *cloud;
  g_autofree float *li_factor = NULL;
  double weights[N_CHANNELS], w_li = 0, w_other = 0, w_background, scale = 1.0;
  double length, r_top, r_bot, k_cone;
  Line lines[ISC_DEMO_APT_MAX_LINES];
  guint n_lines = 0;
  gsize n;

  g_return_val_if_fail (site != NULL, NULL);
  g_return_val_if_fail (specimen < ISC_DEMO_SPECIMENS_PER_SITE, NULL);

  r = specimen_ratios (site_index, specimen);
  rng_seed (&rng, ((guint64) ISC_DEMO_SEED << 20) ^ (site_index * 64u + specimen));

  /* Geometry. */
  n = ISC_DEMO_APT_MIN_IONS + (gsize) (rng_uniform (&rng) * 50000);
  length = 60.0 + 60.0 * rng_uniform (&rng);
  r_top = 12.0 + 4.0 * rng_uniform (&rng);
  r_bot = r_top + length * tan ((5.0 + 3.0 * rng_uniform (&rng)) * G_PI / 180.0);
  k_cone = (r_bot - r_top) / length;

  /* Channel weights in ions, from the atom ratios. */
  {
    double o_free = MAX (r.o - LI_AS_LIO * r.li - NI_AS_NIO * r.ni, 0.0);

    weights[CH_LI6] = r.li * (1 - LI_AS_LIO) * LI6_SHARE;
    weights[CH_LI7] = r.li * (1 - LI_AS_LIO) * (1 - LI6_SHARE);
    weights[CH_LIO6] = r.li * LI_AS_LIO * LI6_SHARE;
    weights[CH_LIO7] = r.li * LI_AS_LIO * (1 - LI6_SHARE);
    weights[CH_O] = o_free * (1 - O_FREE_AS_O2);
    weights[CH_O2] = o_free * O_FREE_AS_O2 / 2;
    weights[CH_NI58] = r.ni * (1 - NI_AS_NIO) * NI58_SHARE;
    weights[CH_NI60] = r.ni * (1 - NI_AS_NIO) * NI60_SHARE;
    weights[CH_NI62] = r.ni * (1 - NI_AS_NIO) * NI62_SHARE;
    weights[CH_CO] = r.co;
    weights[CH_MN] = r.mn;
    weights[CH_NIO58] = r.ni * NI_AS_NIO * NI58_SHARE;
    weights[CH_NIO60] = r.ni * NI_AS_NIO * NI60_SHARE;
    weights[CH_NIO62] = r.ni * NI_AS_NIO * NI62_SHARE;
    for (int c = 0; c < N_CHANNELS; c++)
      *(c < N_LI_CHANNELS ? &w_li : &w_other) += weights[c];
    w_background = BACKGROUND / (1 - BACKGROUND) * (w_li + w_other);
    w_other += w_background;
  }

  if (isc_demo_apt_has_line_defects (site_index))
    {
      /* Lines thick enough to hold nearly all of the site's Li: the study's μ > 0.9 is for Li
       * confined to the defects, read with spatial blocks. Spread in depth and nearly flat so
       * that they stay apart (four to six separate isosurfaces and clusters). */
      n_lines = ISC_DEMO_APT_MAX_LINES - 2 + (guint) (rng_uniform (&rng) * 3);
      for (guint l = 0; l < n_lines; l++)
        {
          /* Mostly across the needle, so they show in depth-ordered blocks too. */
          double phi = 2 * G_PI * rng_uniform (&rng), tilt = (rng_uniform (&rng) - 0.5) * 0.2;
          double depth = length * (0.1 + 0.8 * (l + 0.3 + 0.4 * rng_uniform (&rng)) / n_lines);
          double rad = r_top + k_cone * depth;

          lines[l].p[0] = 0.4 * rad * (rng_uniform (&rng) - 0.5);
          lines[l].p[1] = 0.4 * rad * (rng_uniform (&rng) - 0.5);
          lines[l].p[2] = depth;
          lines[l].u[0] = cos (phi) * cos (tilt);
          lines[l].u[1] = sin (phi) * cos (tilt);
          lines[l].u[2] = sin (tilt);
        }
    }

  cloud = isc_ion_cloud_new (n);
  li_factor = g_new (float, n);

  /* Positions in evaporation order: depth from the inverse CDF of a cone (density ∝ r²) at
   * stratified, slightly jittered quantiles. */
  for (gsize i = 0; i < n; i++)
    {
      double u = (i + rng_uniform (&rng)) / n;
      double r3 = pow (r_top, 3) + u * (pow (r_bot, 3) - pow (r_top, 3));
      double depth = (cbrt (r3) - r_top) / k_cone + 0.2 * rng_normal (&rng);
      double rad, rr, theta, f = 1.0;

      depth = CLAMP (depth, 0.0, length);
      rad = r_top + k_cone * depth;
      rr = rad * sqrt (rng_uniform (&rng));
      theta = 2 * G_PI * rng_uniform (&rng);
      cloud->x[i] = (float) (rr * cos (theta));
      cloud->y[i] = (float) (rr * sin (theta));
      cloud->z[i] = (float) depth;

      if (isc_demo_apt_has_depleted_top (site_index))
        f = depth < ISC_DEMO_APT_DEPLETED_NM ? 0.15
                                             : 1.0 - 0.85 * exp (-(depth - ISC_DEMO_APT_DEPLETED_NM) / 12.0);
      else if (isc_demo_apt_has_gradual_rise (site_index))
        f = 1.0 - 0.7 * exp (-depth / ISC_DEMO_APT_RISE_NM);
      if (n_lines > 0)
        {
          /* Li along the lines only. */
          f = 0.0;
          for (guint l = 0; l < n_lines; l++)
            if (line_distance (&lines[l], cloud->x[i], cloud->y[i], depth) < ISC_DEMO_APT_LINE_RADIUS_NM)
              f = 1.0;
        }
      li_factor[i] = (float) f;
    }

  /* Scale the Li weight so that, on average over this needle, Li ions keep their share
   * relative to the other ions (the local factors only move Li around). */
  if (isc_demo_apt_has_depleted_top (site_index) || isc_demo_apt_has_gradual_rise (site_index) || n_lines > 0)
    for (int iter = 0; iter < (n_lines > 0 ? 60 : 6); iter++)
      {
        double s1 = 0, s0 = 0;

        for (gsize i = 0; i < n; i++)
          {
            double d = w_other + scale * li_factor[i] * w_li;

            s1 += scale * li_factor[i] / d;
            s0 += 1.0 / d;
          }
        scale /= s1 / s0;
      }

  /* Species and mass-to-charge of each ion. */
  for (gsize i = 0; i < n; i++)
    {
      double li = scale * li_factor[i] * w_li;
      double pick = rng_uniform (&rng) * (li + w_other);
      int c;
      double mq, m0;

      if (pick < li)
        {
          pick *= w_li / li;
          for (c = 0; c < N_LI_CHANNELS - 1 && pick >= weights[c]; c++)
            pick -= weights[c];
        }
      else
        {
          pick -= li;
          for (c = N_LI_CHANNELS; c < N_CHANNELS && pick >= weights[c]; c++)
            pick -= weights[c];
        }

      if (c >= N_CHANNELS)
        mq = 1.0 + 99.0 * rng_uniform (&rng);   /* background */
      else
        {
          m0 = channels[c].mq;
          mq = m0 + peak_sigma (m0) * rng_normal (&rng);
          if (rng_uniform (&rng) < TAIL_SHARE)
            mq += -peak_tail (m0) * log (1.0 - rng_uniform (&rng));
        }
      cloud->mq[i] = (float) mq;
    }

  isc_ion_cloud_update_bounds (cloud);
  cloud->format = g_strdup ("demo");
  return cloud;
}

/* ---- files ---- */

char *
isc_demo_apt_ranges_path (const char *dir)
{
  return g_build_filename (dir, "apt", "ranges.rrng", NULL);
}

char *
isc_demo_apt_specimen_path (const char *dir,
                            guint       site_index,
                            guint       specimen)
{
  g_autofree char *slug = isc_demo_site_slug (site_at (site_index));
  g_autofree char *name = g_strdup_printf ("specimen-%u.pos", specimen + 1);

  return g_build_filename (dir, "apt", slug, name, NULL);
}

static gboolean
make_parent (const char  *path,
             GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (path);

  if (g_mkdir_with_parents (parent, 0777) != 0)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_IO, "%s: cannot create the folder", parent);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_ranges (const char  *dir,
              GError     **error)
{
  g_autofree char *path = isc_demo_apt_ranges_path (dir);
  g_autoptr(IscRangeSet) set = isc_demo_apt_ranges ();

  return make_parent (path, error) && isc_range_set_save_rrng (set, path, error);
}

static gboolean
write_specimens (const char    *dir,
                 guint          site_index,
                 GCancellable  *cancellable,
                 GError       **error)
{
  for (guint k = 0; k < ISC_DEMO_SPECIMENS_PER_SITE; k++)
    {
      g_autofree char *path = isc_demo_apt_specimen_path (dir, site_index, k);
      g_autoptr(IscIonCloud) cloud = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error) || !make_parent (path, error))
        return FALSE;
      cloud = isc_demo_apt_specimen (site_index, k);
      if (!isc_ion_cloud_save_pos (cloud, path, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
isc_demo_apt_write_site (const char    *dir,
                         guint          site_index,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (site_at (site_index) != NULL, FALSE);

  return write_ranges (dir, error) && write_specimens (dir, site_index, cancellable, error);
}

gboolean
isc_demo_apt_write (const char       *dir,
                    GCancellable     *cancellable,
                    IscProgressFunc   progress,
                    gpointer          progress_data,
                    GError          **error)
{
  guint n_sites = 0;

  g_return_val_if_fail (dir != NULL, FALSE);

  isc_demo_sites_get (&n_sites);
  if (!write_ranges (dir, error))
    return FALSE;
  for (guint s = 0; s < n_sites; s++)
    {
      if (!write_specimens (dir, s, cancellable, error))
        return FALSE;
      if (progress != NULL)
        progress ((double) (s + 1) / n_sites, progress_data);
    }
  return TRUE;
}

const char * const isc_demo_apt_elements[ISC_DEMO_APT_N_ELEMENTS] = { "Li", "Ni", "Co", "Mn", "O" };

gboolean
isc_demo_apt_measure_site (const char          *dir,
                           guint                site_index,
                           const IscRangeSet   *ranges,
                           double               mean[ISC_DEMO_APT_N_ELEMENTS],
                           double               sd[ISC_DEMO_APT_N_ELEMENTS],
                           GCancellable        *cancellable,
                           GError             **error)
{
  double values[ISC_DEMO_APT_N_ELEMENTS][ISC_DEMO_SPECIMENS_PER_SITE];
  const guint n = ISC_DEMO_SPECIMENS_PER_SITE;

  g_return_val_if_fail (dir != NULL && ranges != NULL, FALSE);
  g_return_val_if_fail (site_at (site_index) != NULL, FALSE);

  for (guint k = 0; k < n; k++)
    {
      g_autofree char *path = isc_demo_apt_specimen_path (dir, site_index, k);
      g_autoptr(IscIonCloud) cloud = isc_ion_cloud_load (path, cancellable, NULL, NULL, error);
      g_autoptr(IscComposition) comp = NULL;

      if (cloud == NULL)
        return FALSE;
      comp = isc_composition_compute (cloud, ranges, NULL, cancellable, error);
      if (comp == NULL)
        return FALSE;
      for (int e = 0; e < ISC_DEMO_APT_N_ELEMENTS; e++)
        values[e][k] = isc_composition_get_ratio (comp, NULL, isc_demo_apt_elements[e]);
    }

  for (int e = 0; e < ISC_DEMO_APT_N_ELEMENTS; e++)
    {
      double sum = 0, sq = 0;

      for (guint k = 0; k < n; k++)
        sum += values[e][k];
      mean[e] = sum / n;
      for (guint k = 0; k < n; k++)
        sq += (values[e][k] - mean[e]) * (values[e][k] - mean[e]);
      sd[e] = sqrt (sq / (n - 1));
    }
  return TRUE;
}
