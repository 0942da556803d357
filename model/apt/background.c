/* background.c: background fits and background-corrected range counts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_multifit.h>

#include "background.h"
#include "isc-error.h"

#define SUB_WINDOWS 8   /* per window, for the shape of a/√m + b */

GArray *
isc_mass_windows_parse (const char  *text,
                        GError     **error)
{
  g_autoptr(GArray) windows = g_array_new (FALSE, FALSE, sizeof (IscMassWindow));
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) ends = g_strsplit (g_strstrip (parts[i]), ":", -1);
      IscMassWindow w;
      char *end0 = NULL, *end1 = NULL;

      if (g_strv_length (ends) != 2)
        goto bad;
      w.low = g_ascii_strtod (ends[0], &end0);
      w.high = g_ascii_strtod (ends[1], &end1);
      if (end0 == ends[0] || *end0 != '\0' || end1 == ends[1] || *end1 != '\0'
          || !isfinite (w.low) || !isfinite (w.high) || w.low < 0 || !(w.high > w.low))
        goto bad;
      g_array_append_val (windows, w);
      continue;
bad:
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT,
                   "“%s” is not a mass window LO:HI in Da with LO < HI", parts[i]);
      return NULL;
    }
  if (windows->len == 0)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT, "no mass windows given");
      return NULL;
    }
  return g_steal_pointer (&windows);
}

const char *
isc_background_model_to_string (IscBackgroundModel model)
{
  return model == ISC_BACKGROUND_INV_SQRT ? "a/sqrt(m)+b" : "constant";
}

gboolean
isc_background_model_from_string (const char         *text,
                                  IscBackgroundModel *model)
{
  if (g_strcmp0 (text, "constant") == 0)
    *model = ISC_BACKGROUND_CONSTANT;
  else if (g_strcmp0 (text, "inv-sqrt") == 0 || g_strcmp0 (text, "a/sqrt(m)+b") == 0)
    *model = ISC_BACKGROUND_INV_SQRT;
  else
    return FALSE;
  return TRUE;
}

typedef struct
{
  double low;
  double high;
  guint  index;
} Window;

static int
compare_windows (const void *a,
                 const void *b)
{
  const Window *wa = a, *wb = b;

  return (wa->low > wb->low) - (wa->low < wb->low);
}

gboolean
isc_count_in_windows (const IscIonCloud *cloud,
                      const guint8      *selected,
                      const double      *lows,
                      const double      *highs,
                      guint              n,
                      guint64           *counts,
                      GCancellable      *cancellable,
                      GError           **error)
{
  const gsize chunk = 1 << 20;
  g_autofree Window *w = g_new (Window, MAX (n, 1));
  g_autofree float *lo = g_new (float, MAX (n, 1));
  g_autofree float *hi = g_new (float, MAX (n, 1));
  g_autofree float *reach = g_new (float, MAX (n, 1));   /* highest high of windows 0..k */

  for (guint k = 0; k < n; k++)
    {
      w[k] = (Window) { lows[k], highs[k], k };
      counts[k] = 0;
    }
  qsort (w, n, sizeof *w, compare_windows);
  for (guint k = 0; k < n; k++)
    {
      lo[k] = (float) w[k].low;
      hi[k] = (float) w[k].high;
      reach[k] = k > 0 ? MAX (reach[k - 1], hi[k]) : hi[k];
    }
  for (gsize start = 0; start < cloud->n_ions; start += chunk)
    {
      gsize end = MIN (start + chunk, cloud->n_ions);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      for (gsize i = start; i < end; i++)
        {
          float m = cloud->mq[i];
          guint a = 0, b = n;

          if (selected != NULL && !selected[i])
            continue;
          /* b: the number of windows with lo ≤ m. */
          while (a < b)
            {
              guint mid = (a + b) / 2;

              if (lo[mid] <= m)
                a = mid + 1;
              else
                b = mid;
            }
          for (guint k = a; k-- > 0 && reach[k] >= m;)
            if (hi[k] >= m)
              counts[w[k].index]++;
        }
    }
  return TRUE;
}

static double
g_basis (double low,
         double high)
{
  return 2.0 * (sqrt (high) - sqrt (low));
}

/* Checks @windows and splits each into @n_sub sub-windows (lows/highs, n_windows × n_sub). */
static gboolean
split_windows (const IscMassWindow  *windows,
               guint                 n_windows,
               guint                 n_sub,
               double               *lows,
               double               *highs,
               GError              **error)
{
  if (n_windows == 0)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT, "the background needs at least one window");
      return FALSE;
    }
  for (guint i = 0; i < n_windows; i++)
    {
      if (!(windows[i].high > windows[i].low) || windows[i].low < 0)
        {
          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT,
                       "background window %g–%g Da is empty or inverted", windows[i].low, windows[i].high);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (windows[i].low < windows[j].high && windows[j].low < windows[i].high)
          {
            g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT,
                         "background windows %g–%g Da and %g–%g Da overlap",
                         windows[j].low, windows[j].high, windows[i].low, windows[i].high);
            return FALSE;
          }
      for (guint s = 0; s < n_sub; s++)
        {
          double step = (windows[i].high - windows[i].low) / n_sub;

          lows[i * n_sub + s] = windows[i].low + s * step;
          /* Sub-windows share their inner edges: nudge so that no ion counts twice. */
          highs[i * n_sub + s] = s + 1 == n_sub ? windows[i].high
                                                : nextafterf ((float) (windows[i].low + (s + 1) * step), 0.0f);
        }
    }
  if (n_sub > 1)
    {
      double lo = G_MAXDOUBLE, hi = 0;

      for (guint i = 0; i < n_windows; i++)
        {
          lo = MIN (lo, windows[i].low);
          hi = MAX (hi, windows[i].high);
        }
      /* 1/√m and 1 are told apart only over a span of masses (20 % gives √ a 10 % lever). */
      if (!(hi >= 1.2 * lo))
        {
          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT,
                       "the background windows span %g–%g Da: a/√m + b needs windows spread over at least "
                       "20 %% of the mass (the highest end ≥ 1.2 × the lowest)", lo, hi);
          return FALSE;
        }
    }
  return TRUE;
}

/* The fit from the ions counted in each sub-window [lows[k], highs[k]]. */
static IscBackground *
fit_counts (const IscMassWindow  *windows,
            guint                 n_windows,
            IscBackgroundModel    model,
            const double         *lows,
            const double         *highs,
            const guint64        *counts,
            guint                 n,
            GError              **error)
{
  g_autoptr(IscBackground) bg = g_new0 (IscBackground, 1);

  bg->model = model;
  bg->n_windows = n_windows;
  bg->windows = g_memdup2 (windows, n_windows * sizeof *windows);
  for (guint k = 0; k < n; k++)
    {
      bg->counts += counts[k];
      bg->width += highs[k] - lows[k];
    }

  if (model == ISC_BACKGROUND_CONSTANT)
    {
      bg->b = bg->counts / bg->width;
      /* Poisson: var(N) = N; with no ion at all, the one-count upper scale. */
      bg->cov[1][1] = MAX ((double) bg->counts, 1.0) / (bg->width * bg->width);
      return g_steal_pointer (&bg);
    }

  {
    gsl_matrix *X = gsl_matrix_alloc (n, 2);
    gsl_vector *y = gsl_vector_alloc (n);
    gsl_vector *w = gsl_vector_alloc (n);
    gsl_vector *c = gsl_vector_alloc (2);
    gsl_matrix *cov = gsl_matrix_alloc (2, 2);
    gsl_multifit_linear_workspace *work = gsl_multifit_linear_alloc (n, 2);
    double chisq;
    size_t rank = 0;
    int status = GSL_SUCCESS;

    for (guint k = 0; k < n; k++)
      {
        gsl_matrix_set (X, k, 0, g_basis (lows[k], highs[k]));
        gsl_matrix_set (X, k, 1, highs[k] - lows[k]);
        gsl_vector_set (y, k, (double) counts[k]);
        gsl_vector_set (w, k, 1.0 / MAX ((double) counts[k], 1.0));
      }
    /* Weights from the model rather than the data (a Pearson fit): Neyman weights 1/N pull
     * a sparse background low. */
    for (guint iter = 0; iter < 4 && status == GSL_SUCCESS; iter++)
      {
        status = gsl_multifit_wlinear_tsvd (X, w, y, 1e-12, c, cov, &chisq, &rank, work);
        for (guint k = 0; k < n; k++)
          {
            double e = gsl_vector_get (c, 0) * gsl_matrix_get (X, k, 0)
                       + gsl_vector_get (c, 1) * gsl_matrix_get (X, k, 1);

            gsl_vector_set (w, k, 1.0 / MAX (e, 0.5));
          }
      }
    if (status == GSL_SUCCESS && rank == 2)
      {
        bg->a = gsl_vector_get (c, 0);
        bg->b = gsl_vector_get (c, 1);
        for (guint i = 0; i < 2; i++)
          for (guint j = 0; j < 2; j++)
            bg->cov[i][j] = gsl_matrix_get (cov, i, j);
      }
    gsl_multifit_linear_free (work);
    gsl_matrix_free (cov);
    gsl_vector_free (c);
    gsl_vector_free (w);
    gsl_vector_free (y);
    gsl_matrix_free (X);
    if (status != GSL_SUCCESS || rank < 2)
      {
        g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT,
                     "the background windows do not determine a/√m + b (give windows spread over the spectrum)");
        return NULL;
      }
  }
  return g_steal_pointer (&bg);
}

IscBackground *
isc_background_fit (const IscIonCloud    *cloud,
                    const guint8         *selected,
                    const IscMassWindow  *windows,
                    guint                 n_windows,
                    IscBackgroundModel    model,
                    GCancellable         *cancellable,
                    GError              **error)
{
  guint n_sub = model == ISC_BACKGROUND_INV_SQRT ? SUB_WINDOWS : 1;
  guint n = n_windows * n_sub;
  g_autofree double *lows = g_new (double, MAX (n, 1));
  g_autofree double *highs = g_new (double, MAX (n, 1));
  g_autofree guint64 *counts = g_new0 (guint64, MAX (n, 1));

  g_return_val_if_fail (cloud != NULL, NULL);

  if (!split_windows (windows, n_windows, n_sub, lows, highs, error)
      || !isc_count_in_windows (cloud, selected, lows, highs, n, counts, cancellable, error))
    return NULL;
  return fit_counts (windows, n_windows, model, lows, highs, counts, n, error);
}

IscBackground *
isc_background_fit_histogram (const guint64        *bins,
                              gsize                 n_bins,
                              double                start,
                              double                bin_width,
                              const IscMassWindow  *windows,
                              guint                 n_windows,
                              IscBackgroundModel    model,
                              GError              **error)
{
  guint n_sub = model == ISC_BACKGROUND_INV_SQRT ? SUB_WINDOWS : 1;
  guint n = n_windows * n_sub;
  g_autofree double *lows = g_new (double, MAX (n, 1));
  g_autofree double *highs = g_new (double, MAX (n, 1));
  g_autofree guint64 *counts = g_new0 (guint64, MAX (n, 1));

  if (!split_windows (windows, n_windows, n_sub, lows, highs, error))
    return NULL;
  /* Whole bins only: a sub-window becomes the bins whose centre it holds, its edges theirs. */
  for (guint k = 0; k < n; k++)
    {
      double first = ceil ((lows[k] - start) / bin_width - 0.5);
      double last = floor ((highs[k] - start) / bin_width - 0.5);

      first = MAX (first, 0);
      last = MIN (last, (double) n_bins - 1);
      if (last < first)
        {
          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT,
                       "background window %g–%g Da holds no whole bin of %g Da", lows[k], highs[k], bin_width);
          return NULL;
        }
      for (gsize b = (gsize) first; b <= (gsize) last; b++)
        counts[k] += bins[b];
      lows[k] = start + first * bin_width;
      highs[k] = start + (last + 1) * bin_width;
    }
  return fit_counts (windows, n_windows, model, lows, highs, counts, n, error);
}

void
isc_background_free (IscBackground *bg)
{
  if (bg == NULL)
    return;
  g_free (bg->windows);
  g_free (bg);
}

double
isc_background_density (const IscBackground *bg,
                        double               mq)
{
  g_return_val_if_fail (bg != NULL, 0);
  return (mq > 0 ? bg->a / sqrt (mq) : 0) + bg->b;
}

double
isc_background_integral (const IscBackground *bg,
                         double               low,
                         double               high,
                         double              *variance)
{
  double ga, gb;

  g_return_val_if_fail (bg != NULL, 0);
  low = MAX (low, 0);
  high = MAX (high, low);
  ga = g_basis (low, high);
  gb = high - low;
  if (variance != NULL)
    *variance = ga * ga * bg->cov[0][0] + 2 * ga * gb * bg->cov[0][1] + gb * gb * bg->cov[1][1];
  return bg->a * ga + bg->b * gb;
}

GArray *
isc_range_counts_compute (const IscIonCloud    *cloud,
                          const IscRangeSet    *set,
                          const guint8         *selected,
                          const IscBackground  *background,
                          GCancellable         *cancellable,
                          GError              **error)
{
  guint n = isc_range_set_get_n_ranges (set);
  g_autoptr(GArray) out = g_array_sized_new (FALSE, TRUE, sizeof (IscRangeCount), n);
  g_autofree double *lows = g_new (double, MAX (n, 1));
  g_autofree double *highs = g_new (double, MAX (n, 1));
  g_autofree guint64 *counts = g_new0 (guint64, MAX (n, 1));

  for (guint k = 0; k < n; k++)
    {
      lows[k] = isc_range_set_get_range (set, k)->low;
      highs[k] = isc_range_set_get_range (set, k)->high;
    }
  if (!isc_count_in_windows (cloud, selected, lows, highs, n, counts, cancellable, error))
    return NULL;
  for (guint k = 0; k < n; k++)
    {
      const IscRange *r = isc_range_set_get_range (set, k);
      IscRangeCount rc = { 0 };
      double var = 0;

      rc.name = isc_range_set_get_ion_type (set, r->ion_type)->name;
      rc.ion_type = r->ion_type;
      rc.low = r->low;
      rc.high = r->high;
      rc.raw = counts[k];
      if (background != NULL)
        rc.background = isc_background_integral (background, r->low, r->high, &var);
      rc.corrected = rc.raw - rc.background;
      rc.sigma = sqrt ((double) rc.raw + var);
      g_array_append_val (out, rc);
    }
  return g_steal_pointer (&out);
}
