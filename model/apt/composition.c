/* composition.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_multifit.h>

#include "composition.h"
#include "isc-csv.h"
#include "isc-error.h"
#include "ion-pass.h"
#include "isotopes.h"

static const char * const default_basis[] = { "Ni", "Co", "Mn", NULL };

const char * const *
isc_composition_default_basis (void)
{
  return default_basis;
}

IscComposition *
isc_composition_from_counts (const IscRangeSet *ranges,
                             const guint64     *ion_counts,
                             guint64            ions_unranged)
{
  IscComposition *comp = g_new0 (IscComposition, 1);
  guint n_types;

  g_return_val_if_fail (ranges != NULL, comp);

  n_types = isc_range_set_get_n_ion_types (ranges);
  comp->n_ion_types = n_types;
  comp->ion_names = g_new0 (char *, n_types + 1);
  comp->ion_counts = g_new0 (guint64, n_types + 1);
  for (guint t = 0; t < n_types; t++)
    {
      comp->ion_names[t] = g_strdup (isc_range_set_get_ion_type (ranges, t)->name);
      comp->ion_counts[t] = ion_counts[t];
      comp->ions_ranged += ion_counts[t];
    }
  comp->ions_unranged = ions_unranged;
  comp->ions_total = comp->ions_ranged + ions_unranged;

  comp->elements = isc_range_set_list_elements (ranges);
  comp->n_elements = g_strv_length (comp->elements);
  comp->atom_counts = g_new0 (guint64, comp->n_elements + 1);
  comp->fractions = g_new0 (double, comp->n_elements + 1);
  comp->sigmas = g_new0 (double, comp->n_elements + 1);

  /* Decomposition: each ion contributes its element multiset. */
  for (guint e = 0; e < comp->n_elements; e++)
    {
      for (guint t = 0; t < n_types; t++)
        comp->atom_counts[e] += ion_counts[t] * isc_range_set_count_atoms (ranges, t, comp->elements[e]);
      comp->atoms_total += comp->atom_counts[e];
    }
  for (guint e = 0; e < comp->n_elements; e++)
    {
      double n = (double) comp->atoms_total;
      double c = n > 0 ? comp->atom_counts[e] / n : 0.0;

      comp->fractions[e] = c;
      comp->sigmas[e] = n > 0 ? sqrt (c * (1.0 - c) / n) : 0.0;
    }
  return comp;
}

typedef struct
{
  const IscIonCloud   *cloud;
  const IscRangeTable *table;
  const guint8        *selected;
  guint64              counts[ISC_ION_PASS_MAX_WORKERS][256];
} CountPass;

static void
count_chunk (gsize    first,
             gsize    n,
             guint    worker,
             gpointer user_data)
{
  CountPass *pass = user_data;

  isc_range_table_count (pass->table, pass->cloud->mq + first,
                         pass->selected != NULL ? pass->selected + first : NULL, n,
                         pass->counts[worker]);
}

IscComposition *
isc_composition_compute (const IscIonCloud  *cloud,
                         const IscRangeSet  *ranges,
                         const guint8       *selected,
                         GCancellable       *cancellable,
                         GError            **error)
{
  g_autoptr(IscRangeTable) table = NULL;
  g_autofree CountPass *pass = g_new0 (CountPass, 1);
  guint64 counts[256] = { 0 };

  g_return_val_if_fail (cloud != NULL, NULL);
  g_return_val_if_fail (ranges != NULL, NULL);

  /* One pass over the ions on every core, each ion ranged by a table load rather than a
   * binary search (that search was 58 % of the time at 10^9 ions). */
  table = isc_range_table_new (ranges);
  pass->cloud = cloud;
  pass->table = table;
  pass->selected = selected;
  if (!isc_ion_pass_run_full (cloud, cloud->n_ions, 1 << 20, 0, count_chunk, pass, cancellable,
                              NULL, NULL, 0, 1, error))
    return NULL;
  for (guint w = 0; w < ISC_ION_PASS_MAX_WORKERS; w++)
    for (guint t = 0; t < 256; t++)
      counts[t] += pass->counts[w][t];
  return isc_composition_from_counts (ranges, counts, counts[ISC_ION_UNRANGED]);
}

void
isc_composition_free (IscComposition *comp)
{
  if (comp == NULL)
    return;
  g_strfreev (comp->ion_names);
  g_free (comp->ion_counts);
  g_strfreev (comp->elements);
  g_free (comp->atom_counts);
  g_free (comp->fractions);
  g_free (comp->sigmas);
  g_free (comp->ion_estimates);
  g_free (comp->ion_sigmas);
  g_free (comp->atom_estimates);
  g_free (comp->background_model);
  g_free (comp);
}

int
isc_composition_find_element (const IscComposition *comp,
                              const char           *symbol)
{
  g_return_val_if_fail (comp != NULL, -1);
  for (guint e = 0; e < comp->n_elements; e++)
    if (g_str_equal (comp->elements[e], symbol))
      return (int) e;
  return -1;
}

double
isc_composition_get_ratio (const IscComposition *comp,
                           const char * const   *basis,
                           const char           *element)
{
  double denominator = 0;
  int e;

  g_return_val_if_fail (comp != NULL, NAN);
  g_return_val_if_fail (element != NULL, NAN);

  if (basis == NULL)
    basis = default_basis;
  for (guint b = 0; basis[b] != NULL; b++)
    {
      int k = isc_composition_find_element (comp, basis[b]);

      if (k >= 0)
        denominator += comp->decomposed ? comp->atom_estimates[k] : (double) comp->atom_counts[k];
    }
  if (denominator <= 0)
    return NAN;
  e = isc_composition_find_element (comp, element);
  if (e < 0)
    return 0.0;
  return (comp->decomposed ? comp->atom_estimates[e] : (double) comp->atom_counts[e]) / denominator;
}

/* A number with '.' decimals (the text is for spreadsheets and scripts, whatever the locale). */
static void
append_double (GString    *out,
               const char *format,
               double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    g_string_append (out, "NaN");
  else
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, format, value));
}

char *
isc_composition_to_text (const IscComposition *c,
                         const char * const   *basis_elements,
                         char                  separator)
{
  GString *out;
  g_autofree char *basis = NULL;
  g_autofree char *ratio_header = NULL;

  if (basis_elements == NULL)
    basis_elements = isc_composition_default_basis ();
  out = g_string_new (NULL);
  basis = g_strjoinv ("+", (char **) basis_elements);
  ratio_header = g_strdup_printf ("Ratio to %s", basis);
  /* Headers stay in English: the text is data for other programs. */
  g_string_append (out, "Element");
  g_string_append_c (out, separator);
  g_string_append (out, "at.%");
  g_string_append_c (out, separator);
  g_string_append (out, "sigma at.%");
  g_string_append_c (out, separator);
  g_string_append (out, "Atoms");
  g_string_append_c (out, separator);
  isc_csv_append_field (out, ratio_header, separator);
  g_string_append_c (out, '\n');

  if (c == NULL)
    return g_string_free (out, FALSE);

  for (guint e = 0; e < c->n_elements; e++)
    {
      isc_csv_append_field (out, c->elements[e], separator);
      g_string_append_c (out, separator);
      append_double (out, "%.4f", 100.0 * c->fractions[e]);
      g_string_append_c (out, separator);
      append_double (out, "%.4f", 100.0 * c->sigmas[e]);
      g_string_append_c (out, separator);
      if (c->decomposed)
        append_double (out, "%.2f", c->atom_estimates[e]);
      else
        g_string_append_printf (out, "%" G_GUINT64_FORMAT, c->atom_counts[e]);
      g_string_append_c (out, separator);
      append_double (out, "%.5f", isc_composition_get_ratio (c, basis_elements, c->elements[e]));
      g_string_append_c (out, '\n');
    }
  g_string_append_c (out, '\n');
  g_string_append (out, "Ion");
  g_string_append_c (out, separator);
  g_string_append (out, "Count\n");
  for (guint t = 0; t < c->n_ion_types; t++)
    {
      isc_csv_append_field (out, c->ion_names[t], separator);
      if (c->decomposed)
        {
          g_string_append_c (out, separator);
          append_double (out, "%.2f", c->ion_estimates[t]);
          g_string_append_c (out, '\n');
        }
      else
        g_string_append_printf (out, "%c%" G_GUINT64_FORMAT "\n", separator, c->ion_counts[t]);
    }
  g_string_append_printf (out, "Ranged%c%" G_GUINT64_FORMAT "\n", separator, c->ions_ranged);
  g_string_append_printf (out, "Unranged%c%" G_GUINT64_FORMAT "\n", separator, c->ions_unranged);
  g_string_append_printf (out, "Total%c%" G_GUINT64_FORMAT "\n", separator, c->ions_total);
  if (c->decomposed)
    {
      g_autofree char *method = g_strdup_printf ("decomposed by isotope abundances%s%s",
                                                 c->background_model != NULL ? ", background " : "",
                                                 c->background_model != NULL ? c->background_model : "");

      g_string_append (out, "Counts");
      g_string_append_c (out, separator);
      isc_csv_append_field (out, method, separator);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* ---- Decomposition of overlapping peaks ---- */

typedef struct
{
  guint   type;
  guint   charge;      /* 0: a window group counted as itself (no isotope peak of the ion in it) */
  guint   group;       /* for charge 0 */
  GArray *peaks;       /* IscIsotopePeak, for charge > 0 */
  double  in_range;    /* abundance inside the ranged windows (1 for charge 0) */
  gboolean active;
} Species;

typedef struct
{
  double low;
  double high;
} Group;

static double
peaks_in (GArray *peaks,
          double  low,
          double  high)
{
  double sum = 0;

  for (guint i = 0; peaks != NULL && i < peaks->len; i++)
    {
      const IscIsotopePeak *p = &g_array_index (peaks, IscIsotopePeak, i);

      if (p->mass_da >= low && p->mass_da <= high)
        sum += p->abundance;
    }
  return sum;
}

/* Weighted least squares over the active species; FALSE when they cannot be separated. */
static gboolean
fit_species (const double *A,
             const double *y,
             const double *w,
             guint         n_groups,
             Species      *species,
             guint         n_species,
             double       *estimate,
             double       *cov_out)
{
  g_autofree guint *map = g_new (guint, MAX (n_species, 1));
  guint p = 0;
  gboolean ok;

  for (guint s = 0; s < n_species; s++)
    if (species[s].active)
      map[p++] = s;
  memset (estimate, 0, n_species * sizeof *estimate);
  memset (cov_out, 0, (gsize) n_species * n_species * sizeof *cov_out);
  if (p == 0)
    return TRUE;
  if (n_groups < p)
    return FALSE;
  {
    gsl_matrix *X = gsl_matrix_alloc (n_groups, p);
    gsl_vector *yv = gsl_vector_alloc (n_groups);
    gsl_vector *wv = gsl_vector_alloc (n_groups);
    gsl_vector *c = gsl_vector_alloc (p);
    gsl_matrix *cov = gsl_matrix_alloc (p, p);
    gsl_multifit_linear_workspace *work = gsl_multifit_linear_alloc (n_groups, p);
    double chisq;
    size_t rank = 0;
    int status;

    for (guint g = 0; g < n_groups; g++)
      {
        for (guint j = 0; j < p; j++)
          gsl_matrix_set (X, g, j, A[(gsize) g * n_species + map[j]]);
        gsl_vector_set (yv, g, y[g]);
        gsl_vector_set (wv, g, w[g]);
      }
    status = gsl_multifit_wlinear_tsvd (X, wv, yv, 1e-10, c, cov, &chisq, &rank, work);
    ok = status == GSL_SUCCESS && rank == p;
    if (ok)
      for (guint i = 0; i < p; i++)
        {
          estimate[map[i]] = gsl_vector_get (c, i);
          for (guint j = 0; j < p; j++)
            cov_out[(gsize) map[i] * n_species + map[j]] = gsl_matrix_get (cov, i, j);
        }
    gsl_multifit_linear_free (work);
    gsl_matrix_free (cov);
    gsl_vector_free (c);
    gsl_vector_free (wv);
    gsl_vector_free (yv);
    gsl_matrix_free (X);
  }
  return ok;
}

/* The least-squares split of the ions in the ranged windows, shared by the composition and by
 * the per-group shares that profiles and the frequency analysis use. */
typedef struct
{
  guint     n_groups;
  Group    *groups;
  guint64  *raw;          /* ions per group */
  guint64   total;        /* ions considered */
  guint64   in_groups;
  GArray   *species;      /* Species */
  double   *A;            /* n_groups × n_species: abundance of a species' peaks in each group */
  double   *est;          /* fitted ions of each species */
  double   *cov;
} Fit;

static void
fit_clear (Fit *fit)
{
  for (guint s = 0; fit->species != NULL && s < fit->species->len; s++)
    g_clear_pointer (&g_array_index (fit->species, Species, s).peaks, g_array_unref);
  g_clear_pointer (&fit->species, g_array_unref);
  g_clear_pointer (&fit->groups, g_free);
  g_clear_pointer (&fit->raw, g_free);
  g_clear_pointer (&fit->A, g_free);
  g_clear_pointer (&fit->est, g_free);
  g_clear_pointer (&fit->cov, g_free);
}

static gboolean
decompose_fit (Fit                  *fit,
               const IscIonCloud    *cloud,
               const IscRangeSet    *ranges,
               const guint8         *selected,
               const IscBackground  *background,
               GCancellable         *cancellable,
               GError              **error)
{
  guint n_ranges, n_types, n_groups = 0, n_species;
  g_autofree guint *group_of = NULL;      /* per range */
  g_autofree double *lows = NULL, *highs = NULL;
  g_autofree double *y = NULL, *w = NULL;
  GArray *species;
  Group *groups;
  double *A, *est, *cov;
  gboolean ok;

  memset (fit, 0, sizeof *fit);
  n_ranges = isc_range_set_get_n_ranges (ranges);
  n_types = isc_range_set_get_n_ion_types (ranges);

  /* Groups: connected runs of overlapping windows (sorted by low). */
  groups = fit->groups = g_new (Group, MAX (n_ranges, 1));
  group_of = g_new (guint, MAX (n_ranges, 1));
  for (guint r = 0; r < n_ranges; r++)
    {
      const IscRange *range = isc_range_set_get_range (ranges, r);

      if (n_groups > 0 && range->low < groups[n_groups - 1].high)
        groups[n_groups - 1].high = MAX (groups[n_groups - 1].high, range->high);
      else
        groups[n_groups++] = (Group) { range->low, range->high };
      group_of[r] = n_groups - 1;
    }
  fit->n_groups = n_groups;

  lows = g_new (double, MAX (n_groups, 1));
  highs = g_new (double, MAX (n_groups, 1));
  fit->raw = g_new0 (guint64, MAX (n_groups, 1));
  for (guint g = 0; g < n_groups; g++)
    {
      lows[g] = groups[g].low;
      highs[g] = groups[g].high;
    }
  if (!isc_count_in_windows (cloud, selected, lows, highs, n_groups, fit->raw, cancellable, error))
    return FALSE;
  if (selected == NULL)
    fit->total = cloud->n_ions;
  else
    for (gsize i = 0; i < cloud->n_ions; i++)
      fit->total += selected[i] != 0;
  for (guint g = 0; g < n_groups; g++)
    fit->in_groups += fit->raw[g];

  /* Candidate species: an ion type at a charge with a peak inside one of its own windows. */
  species = fit->species = g_array_new (FALSE, TRUE, sizeof (Species));
  for (guint t = 0; t < n_types; t++)
    {
      const IscIonType *type = isc_range_set_get_ion_type (ranges, t);

      for (guint z = 1; z <= 4; z++)
        {
          g_autoptr(GArray) peaks = isc_isotopes_ion_peaks (type->elements, type->n_elements, z, 0, 1e-6, NULL);
          gboolean claims = FALSE;

          for (guint r = 0; peaks != NULL && r < n_ranges && !claims; r++)
            {
              const IscRange *range = isc_range_set_get_range (ranges, r);

              claims = range->ion_type == t && peaks_in (peaks, range->low, range->high) > 0;
            }
          if (claims)
            {
              Species s = { t, z, 0, g_steal_pointer (&peaks), 0, TRUE };

              g_array_append_val (species, s);
            }
        }
    }
  /* Windows that no species of their ion explains count as themselves, per group. */
  for (guint r = 0; r < n_ranges; r++)
    {
      const IscRange *range = isc_range_set_get_range (ranges, r);
      gboolean explained = FALSE, known = FALSE;

      for (guint s = 0; s < species->len; s++)
        {
          Species *sp = &g_array_index (species, Species, s);

          if (sp->type != range->ion_type)
            continue;
          if (sp->charge > 0)
            explained |= peaks_in (sp->peaks, range->low, range->high) > 0;
          else
            known |= sp->group == group_of[r];
        }
      if (!explained && !known)
        {
          Species s = { range->ion_type, 0, group_of[r], NULL, 1.0, TRUE };

          g_array_append_val (species, s);
        }
    }
  n_species = species->len;

  A = fit->A = g_new0 (double, (gsize) MAX (n_groups, 1) * MAX (n_species, 1));
  y = g_new (double, MAX (n_groups, 1));
  w = g_new (double, MAX (n_groups, 1));
  for (guint g = 0; g < n_groups; g++)
    {
      double var_bg = 0, bg = background != NULL ? isc_background_integral (background, lows[g], highs[g], &var_bg) : 0;

      y[g] = (double) fit->raw[g] - bg;
      w[g] = 1.0 / (MAX ((double) fit->raw[g], 1.0) + var_bg);
      for (guint s = 0; s < n_species; s++)
        {
          const Species *sp = &g_array_index (species, Species, s);

          A[(gsize) g * n_species + s] = sp->charge == 0 ? (sp->group == g ? 1.0 : 0.0)
                                                         : peaks_in (sp->peaks, lows[g], highs[g]);
        }
    }
  for (guint s = 0; s < n_species; s++)
    {
      Species *sp = &g_array_index (species, Species, s);

      if (sp->charge > 0)
        for (guint g = 0; g < n_groups; g++)
          sp->in_range += A[(gsize) g * n_species + s];
    }

  /* Non-negative least squares by elimination: drop the most negative species and refit. */
  est = fit->est = g_new (double, MAX (n_species, 1));
  cov = fit->cov = g_new (double, (gsize) MAX (n_species, 1) * MAX (n_species, 1));
  for (;;)
    {
      int worst = -1;

      ok = fit_species (A, y, w, n_groups, (Species *) species->data, n_species, est, cov);
      if (!ok)
        break;
      for (guint s = 0; s < n_species; s++)
        if (g_array_index (species, Species, s).active && est[s] < 0 && (worst < 0 || est[s] < est[worst]))
          worst = (int) s;
      if (worst < 0)
        break;
      g_array_index (species, Species, worst).active = FALSE;
    }
  if (!ok)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint s = 0; s < n_species; s++)
        {
          const Species *sp = &g_array_index (species, Species, s);

          if (sp->charge > 0 && sp->active)
            g_string_append_printf (names, "%s%s%u+", names->len > 0 ? ", " : "",
                                    isc_range_set_get_ion_type (ranges, sp->type)->name, sp->charge);
        }
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID,
                   "the ranged peaks cannot separate the overlapping ions (%s): range more of their "
                   "isotope peaks", names->str);
      return FALSE;
    }
  return TRUE;
}

IscComposition *
isc_composition_compute_decomposed (const IscIonCloud    *cloud,
                                    const IscRangeSet    *ranges,
                                    const guint8         *selected,
                                    const IscBackground  *background,
                                    GCancellable         *cancellable,
                                    GError              **error)
{
  guint n_types, n_species;
  g_autofree guint64 *rounded = NULL;
  g_autofree double *type_est = NULL, *type_var = NULL;
  IscComposition *comp;
  Fit fit;

  g_return_val_if_fail (cloud != NULL, NULL);
  g_return_val_if_fail (ranges != NULL, NULL);

  if (!decompose_fit (&fit, cloud, ranges, selected, background, cancellable, error))
    {
      fit_clear (&fit);
      return NULL;
    }
  n_types = isc_range_set_get_n_ion_types (ranges);
  n_species = fit.species->len;
  type_est = g_new0 (double, MAX (n_types, 1));
  type_var = g_new0 (double, MAX (n_types, 1));
  rounded = g_new0 (guint64, MAX (n_types, 1));
  for (guint s = 0; s < n_species; s++)
    {
      const Species *a = &g_array_index (fit.species, Species, s);

      type_est[a->type] += fit.est[s] * a->in_range;
      for (guint u = 0; u < n_species; u++)
        {
          const Species *b = &g_array_index (fit.species, Species, u);

          if (b->type == a->type)
            type_var[a->type] += a->in_range * b->in_range * fit.cov[(gsize) s * n_species + u];
        }
    }
  for (guint t = 0; t < n_types; t++)
    rounded[t] = (guint64) llround (MAX (type_est[t], 0));

  comp = isc_composition_from_counts (ranges, rounded, fit.total - fit.in_groups);
  comp->ions_ranged = fit.in_groups;
  comp->ions_unranged = fit.total - fit.in_groups;
  comp->ions_total = fit.total;
  fit_clear (&fit);
  comp->decomposed = TRUE;
  comp->background_model = background != NULL ? g_strdup (isc_background_model_to_string (background->model)) : NULL;
  comp->ion_estimates = g_new0 (double, n_types + 1);
  comp->ion_sigmas = g_new0 (double, n_types + 1);
  comp->atom_estimates = g_new0 (double, comp->n_elements + 1);
  for (guint t = 0; t < n_types; t++)
    {
      comp->ion_estimates[t] = type_est[t];
      comp->ion_sigmas[t] = sqrt (MAX (type_var[t], 0));
    }
  {
    double atoms = 0;

    for (guint e = 0; e < comp->n_elements; e++)
      {
        for (guint t = 0; t < n_types; t++)
          comp->atom_estimates[e] += type_est[t] * isc_range_set_count_atoms (ranges, t, comp->elements[e]);
        atoms += comp->atom_estimates[e];
      }
    for (guint e = 0; e < comp->n_elements; e++)
      {
        double c = atoms > 0 ? comp->atom_estimates[e] / atoms : 0.0;

        comp->fractions[e] = c;
        comp->sigmas[e] = atoms > 0 ? sqrt (MAX (c * (1.0 - c), 0) / atoms) : 0.0;
      }
  }
  return comp;
}

/* ---- Per-group shares, for profiles and the frequency analysis ---- */

IscDecomposition *
isc_decomposition_compute (const IscIonCloud    *cloud,
                           const IscRangeSet    *ranges,
                           const guint8         *selected,
                           const IscBackground  *background,
                           GCancellable         *cancellable,
                           GError              **error)
{
  g_autoptr(IscDecomposition) d = NULL;
  guint n_types, n_species, n_ranges;
  Fit fit;

  g_return_val_if_fail (cloud != NULL, NULL);
  g_return_val_if_fail (ranges != NULL, NULL);

  if (!decompose_fit (&fit, cloud, ranges, selected, background, cancellable, error))
    {
      fit_clear (&fit);
      return NULL;
    }
  n_types = isc_range_set_get_n_ion_types (ranges);
  n_ranges = isc_range_set_get_n_ranges (ranges);
  n_species = fit.species->len;
  d = g_new0 (IscDecomposition, 1);
  d->n_groups = fit.n_groups;
  d->n_ion_types = n_types;
  d->lows = g_new (double, MAX (fit.n_groups, 1));
  d->highs = g_new (double, MAX (fit.n_groups, 1));
  d->raw = g_memdup2 (fit.raw, MAX (fit.n_groups, 1) * sizeof (guint64));
  d->shares = g_new0 (double, (gsize) MAX (fit.n_groups, 1) * MAX (n_types, 1));
  d->background_model = background != NULL ? g_strdup (isc_background_model_to_string (background->model)) : NULL;
  for (guint g = 0; g < fit.n_groups; g++)
    {
      d->lows[g] = fit.groups[g].low;
      d->highs[g] = fit.groups[g].high;
      /* A group's ions, split as the fit explains them: the species' fitted ions times the
       * abundance their peaks have in the group, per ion counted there. */
      for (guint s = 0; s < n_species && fit.raw[g] > 0; s++)
        {
          const Species *sp = &g_array_index (fit.species, Species, s);

          d->shares[(gsize) g * n_types + sp->type] += fit.est[s] * fit.A[(gsize) g * n_species + s] / fit.raw[g];
        }
    }

  /* Keys: one per (group, ion type of a window in it), so that analyses that cut blocks or bins
   * by the plain units of an ion keep doing so. */
  d->key_of = g_new (guint8, (gsize) MAX (fit.n_groups, 1) * 256);
  memset (d->key_of, ISC_ION_UNRANGED, (gsize) MAX (fit.n_groups, 1) * 256);
  for (guint r = 0; r < n_ranges; r++)
    {
      const IscRange *range = isc_range_set_get_range (ranges, r);
      int g = isc_decomposition_find_group (d, (float) (0.5 * (range->low + range->high)));
      guint8 *slot;

      if (g < 0)
        continue;
      slot = &d->key_of[(gsize) g * 256 + range->ion_type];
      if (*slot != ISC_ION_UNRANGED)
        continue;
      if (d->n_keys >= ISC_MAX_ION_TYPES)
        {
          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_UNSUPPORTED,
                       "decomposition: %s holds more than %d windows; decomposed profiles and "
                       "frequency analyses support at most that many",
                       ranges->source_path != NULL ? ranges->source_path : "the range set",
                       ISC_MAX_ION_TYPES);
          fit_clear (&fit);
          return NULL;
        }
      *slot = d->n_keys;
      d->key_group[d->n_keys] = g;
      d->key_type[d->n_keys] = range->ion_type;
      d->n_keys++;
    }
  fit_clear (&fit);
  return g_steal_pointer (&d);
}

void
isc_decomposition_free (IscDecomposition *d)
{
  if (d == NULL)
    return;
  g_free (d->lows);
  g_free (d->highs);
  g_free (d->raw);
  g_free (d->shares);
  g_free (d->key_of);
  g_free (d->background_model);
  g_free (d);
}

int
isc_decomposition_find_group (const IscDecomposition *d,
                              float                   mq)
{
  guint lo = 0, hi;

  g_return_val_if_fail (d != NULL, -1);

  /* Last group whose low ≤ mq (a shared boundary belongs to the upper window, as in ranging). */
  hi = d->n_groups;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if ((float) d->lows[mid] <= mq)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0 || !(mq <= (float) d->highs[lo - 1]))
    return -1;
  return (int) lo - 1;
}

guint8 *
isc_decomposition_key_ions (const IscDecomposition  *d,
                            const IscIonCloud       *cloud,
                            GCancellable            *cancellable,
                            GError                 **error)
{
  g_autofree guint8 *keys = NULL;

  g_return_val_if_fail (d != NULL, NULL);
  g_return_val_if_fail (cloud != NULL, NULL);

  if (cloud->ion_type == NULL)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID,
                   "decomposition: the ions of %s are not ranged yet (apply a range set first)",
                   cloud->source_path != NULL ? cloud->source_path : "the dataset");
      return NULL;
    }
  keys = g_new (guint8, MAX (cloud->n_ions, 1));
  for (gsize first = 0; first < cloud->n_ions; first += 1 << 20)
    {
      gsize end = MIN (cloud->n_ions, first + (1 << 20));

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      for (gsize i = first; i < end; i++)
        {
          guint8 t = cloud->ion_type[i];
          int g = t == ISC_ION_UNRANGED ? -1 : isc_decomposition_find_group (d, cloud->mq[i]);

          keys[i] = g < 0 ? ISC_ION_UNRANGED : d->key_of[(gsize) g * 256 + t];
        }
    }
  return g_steal_pointer (&keys);
}

void
isc_decomposition_element_weights (const IscDecomposition *d,
                                   const IscRangeSet      *ranges,
                                   char                  **elements,
                                   double                 *atoms,
                                   double                 *ions)
{
  guint n_el = g_strv_length (elements);

  g_return_if_fail (d != NULL);

  for (guint k = 0; k < d->n_keys; k++)
    {
      const double *share = d->shares + (gsize) d->key_group[k] * d->n_ion_types;

      for (guint e = 0; e < n_el; e++)
        {
          double a = 0, n = 0;

          for (guint t = 0; t < d->n_ion_types; t++)
            {
              guint c = isc_range_set_count_atoms (ranges, t, elements[e]);

              a += share[t] * c;
              n += c > 0 ? share[t] : 0;
            }
          if (atoms != NULL)
            atoms[(gsize) k * n_el + e] = a;
          if (ions != NULL)
            ions[(gsize) k * n_el + e] = n;
        }
    }
}
