/* bench-spatial.c: voxelisation, isosurface, 1st-neighbour distances and cluster analysis,
 * each against one plain pass over the same arrays measured in the same run.
 *
 * Usage: bench-spatial [N_VOXEL_IONS [N_CLUSTER_IONS]]
 *        (defaults 50 000 000 and 10 000 000, the targets: voxelisation under 2× one
 *        pass; cluster analysis and 1-NN of Li under 10 s each on the 2-core machine)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cluster.h"
#include "isosurface.h"
#include "neighbours.h"
#include "voxel.h"

static const char *formulas[] = { "Li", "O", "Ni", "Co", "Mn", "LiO", "NiO", "O2" };
static const float masses[] = { 7.0f, 16.0f, 58.0f, 59.0f, 55.0f, 23.0f, 74.0f, 32.0f };
/* Cumulative ion shares of the matrix (the rest unranged noise); Li first. */
static const double shares[] = { 0.05, 0.40, 0.60, 0.70, 0.80, 0.84, 0.88, 0.95 };

static guint64 state = 0x9E3779B97F4A7C15ull;

static inline double
uniform (void)
{
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

/* CPU seconds of the whole process (all threads): with other work on the machine, wall time of
 * a two-thread pass says little; CPU time says what the pass costs. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

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

/* A needle-like cylinder (radius 25 nm, 200 nm long, z growing with file order like an
 * evaporation) with matrix 5 % Li, and spheres of radius 1.5 nm, 80 % Li, every 8 nm. */
static IscIonCloud *
make_cloud (gsize        n,
            IscRangeSet *set,
            GError     **error)
{
  IscIonCloud *cloud = isc_ion_cloud_new (n);

  for (gsize i = 0; i < n; i++)
    {
      double u = uniform (), r = 25.0 * sqrt (uniform ()), phi = 2 * G_PI * uniform ();
      double x = r * cos (phi), y = r * sin (phi), z = 200.0 * i / n + uniform ();
      double cx = 8 * round (x / 8), cy = 8 * round (y / 8), cz = 8 * round (z / 8);
      guint t = 0;

      if ((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz) < 1.5 * 1.5)
        t = u < 0.8 ? 0 : 1;
      else
        while (t < G_N_ELEMENTS (shares) && u >= shares[t])
          t++;
      cloud->x[i] = x;
      cloud->y[i] = y;
      cloud->z[i] = z;
      cloud->mq[i] = t < G_N_ELEMENTS (masses) ? masses[t] : 100.0f;
    }
  isc_ion_cloud_update_bounds (cloud);
  if (!isc_range_set_apply (set, cloud, NULL, NULL, NULL, error))
    {
      isc_ion_cloud_unref (cloud);
      return NULL;
    }
  return cloud;
}

#define REPORT(label, expr)                                                     \
  G_STMT_START {                                                                \
    gint64 t0_ = g_get_monotonic_time ();                                       \
    double c0_ = cpu_seconds ();                                                \
    if (!(expr))                                                                \
      {                                                                         \
        fprintf (stderr, "bench-spatial: %s: %s\n", label, error ? error->message : "?"); \
        return 1;                                                               \
      }                                                                         \
    t = seconds_since (t0_);                                                    \
    printf ("%-48s %8.3f s %6.2f×   cpu %7.3f s %6.2f×\n", label, t, t / base, \
            cpu_seconds () - c0_, (cpu_seconds () - c0_) / base_cpu);           \
  } G_STMT_END

int
main (int   argc,
      char *argv[])
{
  gsize n_vox = argc > 1 ? (gsize) g_ascii_strtoull (argv[1], NULL, 10) : 50000000;
  gsize n_cl = argc > 2 ? (gsize) g_ascii_strtoull (argv[2], NULL, 10) : 10000000;
  g_autoptr(IscRangeSet) set = isc_range_set_new ();
  g_autoptr(GError) error = NULL;
  const char *li_only[] = { "Li", NULL };
  double sink = 0, base, base_cpu, t;

  if (n_vox < 100000 || n_cl < 100000)
    {
      fprintf (stderr, "bench-spatial: sizes must be at least 100000 ions\n");
      return 1;
    }
  for (guint k = 0; k < G_N_ELEMENTS (formulas); k++)
    {
      IscElementCount el[ISC_MAX_ELEMENTS_PER_ION];
      guint n_el;
      double color[3];

      isc_parse_formula (formulas[k], el, &n_el, NULL);
      isc_element_default_color (formulas[k], color);
      isc_range_set_add_ion_type (set, formulas[k], el, n_el, color, NULL);
      isc_range_set_add_range (set, masses[k] - 0.3, masses[k] + 0.3, k, NULL);
    }

  {
    g_autoptr(IscIonCloud) cloud = make_cloud (n_vox, set, &error);
    IscVoxelGrid *grid = NULL;
    IscIsosurface *iso = NULL;
    IscVoxelSettings s;
    IscQuantity q;

    if (cloud == NULL)
      {
        fprintf (stderr, "bench-spatial: %s\n", error->message);
        return 1;
      }
    printf ("bench-spatial: %" G_GSIZE_FORMAT " ions, %u processors\n", n_vox, g_get_num_processors ());
    one_pass (cloud, &sink);
    base_cpu = cpu_seconds ();
    base = one_pass (cloud, &sink);
    base_cpu = cpu_seconds () - base_cpu;
    printf ("%-48s %8.3f s   1.00×   cpu %7.3f s   1.00×\n", "baseline: one pass over x, y, z, ion_type", base, base_cpu);

    isc_voxel_settings_init (&s);
    s.bin = 1.0;
    REPORT ("voxelise, 1 nm bins", (grid = isc_voxel_grid_compute (cloud, set, NULL, &s, NULL, NULL, NULL, &error)));
    printf ("    %u × %u × %u voxels, %" G_GUINT64_FORMAT " atoms\n", grid->dims[0], grid->dims[1], grid->dims[2], grid->n_atoms);
    isc_voxel_grid_free (grid);
    s.delocalise = 1.0;
    REPORT ("voxelise, 1 nm bins, delocalised 1 nm", (grid = isc_voxel_grid_compute (cloud, set, NULL, &s, NULL, NULL, NULL, &error)));
    g_assert (isc_quantity_parse ("Li", set, &q, NULL));
    REPORT ("isosurface Li 30 % on that grid", (iso = isc_isosurface_compute (grid, &q, 0.30, NULL, &error)));
    printf ("    %u surfaces, %u triangles\n", iso->n_surfaces, iso->n_triangles);
    isc_isosurface_free (iso);
    isc_quantity_clear (&q);
    isc_voxel_grid_free (grid);
  }

  {
    g_autoptr(IscIonCloud) cloud = make_cloud (n_cl, set, &error);
    IscNnResult *nn = NULL;
    IscClusterResult *cl = NULL;
    IscNnSettings ns;
    IscClusterSettings cs;

    if (cloud == NULL)
      {
        fprintf (stderr, "bench-spatial: %s\n", error->message);
        return 1;
      }
    printf ("bench-spatial: %" G_GSIZE_FORMAT " ions\n", n_cl);
    one_pass (cloud, &sink);
    base_cpu = cpu_seconds ();
    base = one_pass (cloud, &sink);
    base_cpu = cpu_seconds () - base_cpu;
    printf ("%-48s %8.3f s   1.00×   cpu %7.3f s   1.00×\n", "baseline: one pass over x, y, z, ion_type", base, base_cpu);

    isc_nn_settings_init (&ns);
    ns.k_max = 1;
    REPORT ("1-NN Li to Li, and randomly relabelled", (nn = isc_nn_compute (cloud, set, NULL, "Li", NULL, &ns, NULL, NULL, NULL, &error)));
    printf ("    %" G_GUINT64_FORMAT " Li ions, mean %.4f nm, random %.4f nm, KS p %.3g, suggested d_max %.3f nm\n",
            nn->n_from, nn->mean[0], nn->random_mean[0], nn->ks_p[0], nn->suggested_dmax);
    isc_nn_result_free (nn);

    isc_cluster_settings_init (&cs);
    cs.solutes = li_only;
    cs.d_max = 0.5;
    cs.n_min = 20;
    REPORT ("clusters Li, d_max 0.5, N_min 20", (cl = isc_cluster_compute (cloud, set, NULL, &cs, NULL, NULL, NULL, &error)));
    printf ("    %u clusters\n", cl->n_clusters);
    isc_cluster_result_free (cl);
    cs.envelope = 0.5;
    cs.erosion = 0.5;
    REPORT ("clusters Li, d_max 0.5, N_min 20, L = E = 0.5", (cl = isc_cluster_compute (cloud, set, NULL, &cs, NULL, NULL, NULL, &error)));
    printf ("    %u clusters, %" G_GUINT64_FORMAT " matrix ions\n", cl->n_clusters, cl->matrix_ions);
    isc_cluster_result_free (cl);

    {
      IscVoxelSettings vs;
      IscProxigramSettings ps;
      IscVoxelGrid *grid;
      IscIsosurface *iso;
      IscProxigram *prox = NULL;
      IscQuantity q;

      isc_voxel_settings_init (&vs);
      vs.delocalise = 1.0;
      grid = isc_voxel_grid_compute (cloud, set, NULL, &vs, NULL, NULL, NULL, &error);
      g_assert (grid != NULL && isc_quantity_parse ("Li", set, &q, NULL));
      iso = isc_isosurface_compute (grid, &q, 0.3, NULL, &error);
      g_assert (iso != NULL);
      isc_proxigram_settings_init (&ps);
      REPORT ("proxigram of the Li 30 % surfaces, ±5 nm", (prox = isc_proxigram_compute (iso, cloud, set, NULL, &ps, NULL, NULL, NULL, &error)));
      printf ("    %u surfaces, %" G_GUINT64_FORMAT " ions in the shells\n", iso->n_surfaces, prox->n_ions);
      isc_proxigram_free (prox);
      isc_isosurface_free (iso);
      isc_voxel_grid_free (grid);
      isc_quantity_clear (&q);
    }
  }

  if (sink == 12345.678)
    printf ("\n");  /* keeps the baseline loop from being optimised away */
  return 0;
}
