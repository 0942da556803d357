/* gradient.c: per-site statistics, gradient depth and the fits across conditions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gradient.h"

#include <math.h>
#include <string.h>

typedef struct
{
  char       *label;
  double      depth_nm;
  GHashTable *values;      /* element → GArray of double (one per specimen) */
} GradSite;

typedef struct
{
  char      *name;
  guint      cycles;
  double     retention;
  GPtrArray *sites;        /* GradSite* */
  char      *bulk_name;    /* the bulk reference's name, or NULL */
  GHashTable *bulk;        /* element → double* (bulk reference ratios) */
} GradCondition;

struct _IscGradient
{
  GPtrArray *conditions;   /* GradCondition* */
};

static void
grad_site_free (gpointer data)
{
  GradSite *site = data;

  g_free (site->label);
  g_hash_table_unref (site->values);
  g_free (site);
}

static void
grad_condition_free (gpointer data)
{
  GradCondition *condition = data;

  g_free (condition->name);
  g_free (condition->bulk_name);
  g_clear_pointer (&condition->bulk, g_hash_table_unref);
  g_ptr_array_unref (condition->sites);
  g_free (condition);
}

IscGradient *
isc_gradient_new (void)
{
  IscGradient *gradient = g_new0 (IscGradient, 1);

  gradient->conditions = g_ptr_array_new_with_free_func (grad_condition_free);
  return gradient;
}

void
isc_gradient_free (IscGradient *gradient)
{
  if (gradient == NULL)
    return;
  g_ptr_array_unref (gradient->conditions);
  g_free (gradient);
}

static GradCondition *
ensure_condition (IscGradient *gradient,
                  const char  *name,
                  guint        cycles)
{
  GradCondition *condition;

  for (guint i = 0; i < gradient->conditions->len; i++)
    {
      condition = g_ptr_array_index (gradient->conditions, i);
      if (g_str_equal (condition->name, name))
        return condition;
    }
  condition = g_new0 (GradCondition, 1);
  condition->name = g_strdup (name);
  condition->cycles = cycles;
  condition->retention = NAN;
  condition->sites = g_ptr_array_new_with_free_func (grad_site_free);
  g_ptr_array_add (gradient->conditions, condition);
  return condition;
}

static GradSite *
ensure_site (GradCondition *condition,
             const char    *label,
             double         depth_nm)
{
  GradSite *site;

  for (guint i = 0; i < condition->sites->len; i++)
    {
      site = g_ptr_array_index (condition->sites, i);
      if (g_str_equal (site->label, label))
        return site;
    }
  site = g_new0 (GradSite, 1);
  site->label = g_strdup (label);
  site->depth_nm = depth_nm;
  site->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_array_unref);
  g_ptr_array_add (condition->sites, site);
  return site;
}

void
isc_gradient_add_specimen (IscGradient *gradient,
                           const char  *condition,
                           guint        cycles,
                           const char  *site,
                           double       depth_nm,
                           const char  *element,
                           double       ratio)
{
  GradSite *s;
  GArray *values;

  g_return_if_fail (gradient != NULL);
  g_return_if_fail (condition != NULL && site != NULL && element != NULL);
  if (!isfinite (ratio))
    return;

  s = ensure_site (ensure_condition (gradient, condition, cycles), site, depth_nm);
  values = g_hash_table_lookup (s->values, element);
  if (values == NULL)
    {
      values = g_array_new (FALSE, FALSE, sizeof (double));
      g_hash_table_insert (s->values, g_strdup (element), values);
    }
  g_array_append_val (values, ratio);
}

void
isc_gradient_set_retention (IscGradient *gradient,
                            const char  *condition,
                            guint        cycles,
                            double       retention)
{
  g_return_if_fail (gradient != NULL && condition != NULL);
  ensure_condition (gradient, condition, cycles)->retention = retention;
}

guint
isc_gradient_add_project (IscGradient *gradient,
                          IscProject  *project,
                          gboolean     only_valid)
{
  guint added = 0;

  g_return_val_if_fail (gradient != NULL && project != NULL, 0);
  for (guint c = 0; c < project->conditions->len; c++)
    {
      IscCondition *condition = g_ptr_array_index (project->conditions, c);

      ensure_condition (gradient, condition->name, condition->cycles)->retention =
        condition->retention;
      for (guint r = 0; r < project->references->len; r++)
        {
          IscReference *reference = g_ptr_array_index (project->references, r);
          gsize len = strlen (condition->name);

          /* "300 cycles (ICP-AES)" or "300 cycles" belongs to "300 cycles". */
          if (strncmp (reference->name, condition->name, len) != 0
              || (reference->name[len] != '\0' && !g_str_has_prefix (reference->name + len, " (")))
            continue;
          for (guint k = 0; k < reference->ratios->len; k++)
            {
              const IscRatio *ratio = &g_array_index (reference->ratios, IscRatio, k);

              isc_gradient_set_bulk_reference (gradient, condition->name, condition->cycles,
                                               reference->name, ratio->element, ratio->value);
            }
        }
      for (guint s = 0; s < condition->sites->len; s++)
        {
          IscSite *site = g_ptr_array_index (condition->sites, s);

          for (guint d = 0; d < site->datasets->len; d++)
            {
              IscDataset *dataset = g_ptr_array_index (site->datasets, d);

              if (dataset->kind != ISC_DATASET_APT || !dataset->has_cache)
                continue;
              if (only_valid && !isc_dataset_cache_is_valid (dataset))
                continue;
              for (guint r = 0; r < dataset->ratios->len; r++)
                {
                  const IscRatio *ratio = &g_array_index (dataset->ratios, IscRatio, r);

                  isc_gradient_add_specimen (gradient, condition->name, condition->cycles,
                                             site->label, site->depth_nm,
                                             ratio->element, ratio->value);
                }
              added++;
            }
        }
    }
  return added;
}

guint
isc_gradient_get_n_conditions (IscGradient *gradient)
{
  g_return_val_if_fail (gradient != NULL, 0);
  return gradient->conditions->len;
}

const char *
isc_gradient_get_condition (IscGradient *gradient,
                            guint        index,
                            guint       *cycles)
{
  GradCondition *condition;

  g_return_val_if_fail (gradient != NULL, NULL);
  g_return_val_if_fail (index < gradient->conditions->len, NULL);
  condition = g_ptr_array_index (gradient->conditions, index);
  if (cycles != NULL)
    *cycles = condition->cycles;
  return condition->name;
}

double
isc_gradient_get_retention (IscGradient *gradient,
                            guint        index)
{
  g_return_val_if_fail (gradient != NULL, NAN);
  g_return_val_if_fail (index < gradient->conditions->len, NAN);
  return ((GradCondition *) g_ptr_array_index (gradient->conditions, index))->retention;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

char **
isc_gradient_list_elements (IscGradient *gradient,
                            guint        index)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *out = g_ptr_array_new ();

  g_return_val_if_fail (gradient != NULL, NULL);
  for (guint c = 0; c < gradient->conditions->len; c++)
    {
      GradCondition *condition = g_ptr_array_index (gradient->conditions, c);

      if (index != G_MAXUINT && index != c)
        continue;
      for (guint s = 0; s < condition->sites->len; s++)
        {
          GradSite *site = g_ptr_array_index (condition->sites, s);
          GHashTableIter iter;
          gpointer key;

          g_hash_table_iter_init (&iter, site->values);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            if (g_hash_table_add (seen, key))
              g_ptr_array_add (out, g_strdup (key));
        }
    }
  g_ptr_array_sort (out, compare_strings);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

static int
compare_point_depth (gconstpointer a,
                     gconstpointer b)
{
  const IscGradientPoint *pa = a;
  const IscGradientPoint *pb = b;

  return (pa->depth_nm > pb->depth_nm) - (pa->depth_nm < pb->depth_nm);
}

GArray *
isc_gradient_get_series (IscGradient *gradient,
                         guint        index,
                         const char  *element)
{
  GradCondition *condition;
  GArray *series;

  g_return_val_if_fail (gradient != NULL && element != NULL, NULL);
  g_return_val_if_fail (index < gradient->conditions->len, NULL);
  condition = g_ptr_array_index (gradient->conditions, index);
  series = g_array_new (FALSE, TRUE, sizeof (IscGradientPoint));
  for (guint s = 0; s < condition->sites->len; s++)
    {
      GradSite *site = g_ptr_array_index (condition->sites, s);
      GArray *values = g_hash_table_lookup (site->values, element);
      IscGradientPoint point = { site->label, site->depth_nm, 0.0, NAN, 0 };
      double sum = 0.0, squares = 0.0;

      if (values == NULL || values->len == 0)
        continue;
      point.n = values->len;
      for (guint i = 0; i < values->len; i++)
        sum += g_array_index (values, double, i);
      point.mean = sum / point.n;
      /* Two passes: no cancellation for ratios that differ in the third digit. */
      for (guint i = 0; i < values->len; i++)
        {
          double d = g_array_index (values, double, i) - point.mean;

          squares += d * d;
        }
      if (point.n >= 2)
        point.std = sqrt (squares / (point.n - 1));
      g_array_append_val (series, point);
    }
  /* g_array_sort is stable (merge sort), so equal depths keep the order of the sites. */
  g_array_sort (series, compare_point_depth);
  return series;
}

double
isc_gradient_get_depth (IscGradient *gradient,
                        guint        index,
                        const char  *element,
                        double       share,
                        char       **reason)
{
  g_autoptr(GArray) series = NULL;
  const IscGradientPoint *p;
  double threshold;

  if (reason != NULL)
    *reason = NULL;
  g_return_val_if_fail (gradient != NULL && element != NULL, NAN);
  g_return_val_if_fail (index < gradient->conditions->len, NAN);

  series = isc_gradient_get_series (gradient, index, element);
  p = (const IscGradientPoint *) series->data;
  if (series->len < 2)
    {
      if (reason != NULL)
        *reason = g_strdup_printf ("%s has %u site(s) with %s: a gradient needs two depths",
                                   isc_gradient_get_condition (gradient, index, NULL),
                                   series->len, element);
      return NAN;
    }
  threshold = share * p[series->len - 1].mean;
  if (p[0].mean >= threshold)
    {
      if (reason != NULL)
        *reason = g_strdup_printf ("%s already reaches %.0f %% of its deepest value at the "
                                   "shallowest site (%s, %g nm): no gradient",
                                   isc_gradient_get_condition (gradient, index, NULL),
                                   share * 100.0, p[0].label, p[0].depth_nm);
      return NAN;
    }
  for (guint i = 0; i + 1 < series->len; i++)
    if (p[i].mean < threshold && p[i + 1].mean >= threshold)
      {
        double t = (threshold - p[i].mean) / (p[i + 1].mean - p[i].mean);

        return p[i].depth_nm + t * (p[i + 1].depth_nm - p[i].depth_nm);
      }
  /* Only reachable when the deepest value is negative or share > 1. */
  if (reason != NULL)
    *reason = g_strdup_printf ("%s never reaches %.0f %% of its deepest value",
                               isc_gradient_get_condition (gradient, index, NULL),
                               share * 100.0);
  return NAN;
}

gboolean
isc_linear_fit (const double *x,
                const double *y,
                guint         n,
                IscLinearFit *fit)
{
  double mx = 0.0, my = 0.0, sxx = 0.0, sxy = 0.0, syy = 0.0, ss_res = 0.0;

  g_return_val_if_fail (fit != NULL, FALSE);
  fit->slope = fit->intercept = fit->r2 = NAN;
  fit->n = n;
  if (n < 2)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      mx += x[i];
      my += y[i];
    }
  mx /= n;
  my /= n;
  for (guint i = 0; i < n; i++)
    {
      sxx += (x[i] - mx) * (x[i] - mx);
      sxy += (x[i] - mx) * (y[i] - my);
      syy += (y[i] - my) * (y[i] - my);
    }
  if (sxx <= 0.0)
    return FALSE;
  fit->slope = sxy / sxx;
  fit->intercept = my - fit->slope * mx;
  for (guint i = 0; i < n; i++)
    {
      double r = y[i] - (fit->intercept + fit->slope * x[i]);

      ss_res += r * r;
    }
  fit->r2 = syy > 0.0 ? 1.0 - ss_res / syy : NAN;
  return TRUE;
}

gboolean
isc_gradient_fit_depth (IscGradient  *gradient,
                        const char   *element,
                        double        share,
                        IscLinearFit *fit,
                        GError      **error)
{
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));

  g_return_val_if_fail (gradient != NULL && element != NULL && fit != NULL, FALSE);
  for (guint c = 0; c < gradient->conditions->len; c++)
    {
      GradCondition *condition = g_ptr_array_index (gradient->conditions, c);
      double depth = isc_gradient_get_depth (gradient, c, element, share, NULL);
      double cycles = condition->cycles;

      if (!isfinite (depth))
        continue;
      g_array_append_val (x, cycles);
      g_array_append_val (y, depth);
    }
  if (!isc_linear_fit ((double *) x->data, (double *) y->data, x->len, fit))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID,
                   "gradient depth of %s against cycles: %u condition(s) with a gradient, "
                   "at least two with different cycle counts are needed", element, x->len);
      return FALSE;
    }
  return TRUE;
}

double
isc_gradient_get_condition_mean (IscGradient *gradient,
                                 guint        index,
                                 const char  *element)
{
  g_autoptr(GArray) series = NULL;
  double sum = 0.0;

  g_return_val_if_fail (gradient != NULL && element != NULL, NAN);
  g_return_val_if_fail (index < gradient->conditions->len, NAN);
  series = isc_gradient_get_series (gradient, index, element);
  if (series->len == 0)
    return NAN;
  for (guint i = 0; i < series->len; i++)
    sum += g_array_index (series, IscGradientPoint, i).mean;
  return sum / series->len;
}

gboolean
isc_gradient_fit_retention (IscGradient  *gradient,
                            const char   *element,
                            IscLinearFit *fit,
                            GError      **error)
{
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));

  g_return_val_if_fail (gradient != NULL && element != NULL && fit != NULL, FALSE);
  for (guint c = 0; c < gradient->conditions->len; c++)
    {
      GradCondition *condition = g_ptr_array_index (gradient->conditions, c);
      double mean = isc_gradient_get_condition_mean (gradient, c, element);

      if (!isfinite (mean) || !isfinite (condition->retention))
        continue;
      g_array_append_val (x, mean);
      g_array_append_val (y, condition->retention);
    }
  if (!isc_linear_fit ((double *) x->data, (double *) y->data, x->len, fit))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID,
                   "retention against mean %s: %u condition(s) with both known, at least two "
                   "with different means are needed", element, x->len);
      return FALSE;
    }
  return TRUE;
}

void
isc_gradient_set_bulk_reference (IscGradient *gradient,
                                 const char  *condition,
                                 guint        cycles,
                                 const char  *name,
                                 const char  *element,
                                 double       value)
{
  GradCondition *c;

  g_return_if_fail (gradient != NULL && condition != NULL && element != NULL);
  c = ensure_condition (gradient, condition, cycles);
  if (c->bulk == NULL)
    c->bulk = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (name != NULL && g_strcmp0 (c->bulk_name, name) != 0)
    {
      g_free (c->bulk_name);
      c->bulk_name = g_strdup (name);
    }
  g_hash_table_replace (c->bulk, g_strdup (element), g_memdup2 (&value, sizeof value));
}

double
isc_gradient_get_bulk_reference (IscGradient *gradient,
                                 guint        index,
                                 const char  *element,
                                 const char **name)
{
  GradCondition *c;
  const double *v;

  if (name != NULL)
    *name = NULL;
  g_return_val_if_fail (gradient != NULL && element != NULL, NAN);
  g_return_val_if_fail (index < gradient->conditions->len, NAN);
  c = g_ptr_array_index (gradient->conditions, index);
  v = c->bulk != NULL ? g_hash_table_lookup (c->bulk, element) : NULL;
  if (v == NULL)
    return NAN;
  if (name != NULL)
    *name = c->bulk_name;
  return *v;
}

/* The crossing of isc_gradient_get_depth () over site means given as points. */
static double
depth_of_points (const IscGradientPoint *p,
                 guint                   n,
                 double                  share)
{
  double threshold;

  if (n < 2)
    return NAN;
  threshold = share * p[n - 1].mean;
  if (p[0].mean >= threshold)
    return NAN;
  for (guint i = 0; i + 1 < n; i++)
    if (p[i].mean < threshold && p[i + 1].mean >= threshold)
      {
        double t = (threshold - p[i].mean) / (p[i + 1].mean - p[i].mean);

        return p[i].depth_nm + t * (p[i + 1].depth_nm - p[i].depth_nm);
      }
  return NAN;
}

double
isc_gradient_get_depth_sigma (IscGradient *gradient,
                              guint        index,
                              const char  *element,
                              double       share)
{
  g_autoptr(GArray) series = NULL;
  IscGradientPoint *p;
  double depth, sum = 0.0;

  g_return_val_if_fail (gradient != NULL && element != NULL, NAN);
  g_return_val_if_fail (index < gradient->conditions->len, NAN);
  series = isc_gradient_get_series (gradient, index, element);
  p = (IscGradientPoint *) series->data;
  depth = depth_of_points (p, series->len, share);
  if (!isfinite (depth))
    return NAN;
  for (guint i = 0; i < series->len; i++)
    {
      double mean = p[i].mean, se, up, down, change;

      if (!isfinite (p[i].std) || p[i].n < 2)
        continue;
      se = p[i].std / sqrt (p[i].n);
      p[i].mean = mean + se;
      up = depth_of_points (p, series->len, share);
      p[i].mean = mean - se;
      down = depth_of_points (p, series->len, share);
      p[i].mean = mean;
      /* A side that loses the crossing counts by the other side's change. */
      if (isfinite (up) && isfinite (down))
        change = 0.5 * (up - down);
      else if (isfinite (up))
        change = up - depth;
      else if (isfinite (down))
        change = depth - down;
      else
        continue;
      sum += change * change;
    }
  return sqrt (sum);
}

double
isc_gradient_get_depth_sensitivity (IscGradient *gradient,
                                    guint        index,
                                    const char  *element,
                                    double       share,
                                    double       step)
{
  double lo = MAX (share - step, 1e-6), hi = MIN (share + step, 1.0);
  double d_lo, d_hi;

  g_return_val_if_fail (gradient != NULL && element != NULL, NAN);
  if (!(hi > lo))
    return NAN;
  d_lo = isc_gradient_get_depth (gradient, index, element, lo, NULL);
  d_hi = isc_gradient_get_depth (gradient, index, element, hi, NULL);
  if (!isfinite (d_lo) || !isfinite (d_hi))
    return NAN;
  return (d_hi - d_lo) / (hi - lo);
}

gboolean
isc_gradient_fit_depth_origin (IscGradient  *gradient,
                               const char   *element,
                               double        share,
                               double       *slope,
                               double       *slope_sigma,
                               guint        *n,
                               GError      **error)
{
  double sxx = 0.0, sxy = 0.0, ss = 0.0, k;
  guint m = 0;
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));

  g_return_val_if_fail (gradient != NULL && element != NULL, FALSE);
  for (guint c = 0; c < gradient->conditions->len; c++)
    {
      GradCondition *condition = g_ptr_array_index (gradient->conditions, c);
      double depth = isc_gradient_get_depth (gradient, c, element, share, NULL);
      double cycles = condition->cycles;

      if (!isfinite (depth) || !(cycles > 0))
        continue;
      g_array_append_val (x, cycles);
      g_array_append_val (y, depth);
      sxx += cycles * cycles;
      sxy += cycles * depth;
      m++;
    }
  if (n != NULL)
    *n = m;
  if (m == 0)
    {
      if (slope != NULL)
        *slope = NAN;
      if (slope_sigma != NULL)
        *slope_sigma = NAN;
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_INVALID,
                   "gradient depth of %s against cycles through the origin: no cycled condition "
                   "with a gradient", element);
      return FALSE;
    }
  k = sxy / sxx;
  for (guint i = 0; i < m; i++)
    {
      double r = g_array_index (y, double, i) - k * g_array_index (x, double, i);

      ss += r * r;
    }
  if (slope != NULL)
    *slope = k;
  if (slope_sigma != NULL)
    *slope_sigma = m > 1 ? sqrt (ss / (m - 1) / sxx) : NAN;
  return TRUE;
}
