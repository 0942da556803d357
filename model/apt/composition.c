/* composition.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "composition.h"
#include "isc-csv.h"

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

IscComposition *
isc_composition_compute (const IscIonCloud  *cloud,
                         const IscRangeSet  *ranges,
                         const guint8       *selected,
                         GCancellable       *cancellable,
                         GError            **error)
{
  const gsize chunk = 1 << 20;
  guint64 counts[256] = { 0 };

  g_return_val_if_fail (cloud != NULL, NULL);
  g_return_val_if_fail (ranges != NULL, NULL);

  for (gsize start = 0; start < cloud->n_ions; start += chunk)
    {
      gsize end = MIN (start + chunk, cloud->n_ions);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (selected == NULL)
        for (gsize i = start; i < end; i++)
          counts[isc_range_set_lookup (ranges, cloud->mq[i])]++;
      else
        for (gsize i = start; i < end; i++)
          if (selected[i])
            counts[isc_range_set_lookup (ranges, cloud->mq[i])]++;
    }
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
        denominator += (double) comp->atom_counts[k];
    }
  if (denominator <= 0)
    return NAN;
  e = isc_composition_find_element (comp, element);
  return e >= 0 ? comp->atom_counts[e] / denominator : 0.0;
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
      g_string_append_printf (out, "%c%" G_GUINT64_FORMAT "\n", separator, c->ion_counts[t]);
    }
  g_string_append_printf (out, "Ranged%c%" G_GUINT64_FORMAT "\n", separator, c->ions_ranged);
  g_string_append_printf (out, "Unranged%c%" G_GUINT64_FORMAT "\n", separator, c->ions_unranged);
  g_string_append_printf (out, "Total%c%" G_GUINT64_FORMAT "\n", separator, c->ions_total);
  return g_string_free (out, FALSE);
}
