/* spatial-common.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "spatial-common.h"

void
isc_atom_table_init (IscAtomTable      *table,
                     const IscRangeSet *ranges)
{
  memset (table, 0, sizeof *table);
  table->elements = isc_range_set_list_elements (ranges);
  table->n_elements = MIN (g_strv_length (table->elements), 64);
  table->n_types = MIN (isc_range_set_get_n_ion_types (ranges), ISC_MAX_ION_TYPES);
  table->per_element = g_new0 (guint, 256 * MAX (table->n_elements, 1));
  for (guint t = 0; t < table->n_types; t++)
    for (guint e = 0; e < table->n_elements; e++)
      {
        guint n = isc_range_set_count_atoms (ranges, t, table->elements[e]);

        table->per_element[t * table->n_elements + e] = n;
        table->atoms[t] += n;
      }
}

void
isc_atom_table_clear (IscAtomTable *table)
{
  g_clear_pointer (&table->elements, g_strfreev);
  g_clear_pointer (&table->per_element, g_free);
}

int
isc_atom_table_find (const IscAtomTable *table,
                     const char         *symbol)
{
  for (guint e = 0; e < table->n_elements; e++)
    if (g_ascii_strcasecmp (table->elements[e], symbol) == 0)
      return e;
  return -1;
}

int
isc_atom_table_require (const IscAtomTable *table,
                        const char         *what,
                        const char         *symbol,
                        GError            **error)
{
  int e = isc_atom_table_find (table, symbol);

  if (e < 0)
    {
      g_autofree char *known = g_strjoinv (", ", table->elements);

      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "%s: the element “%s” is not in the ranges (they name %s)", what, symbol,
                   known[0] ? known : "no elements");
    }
  return e;
}

static gboolean
parse_sum (const char      *text,
           const char      *whole,
           const IscRangeSet *ranges,
           guint64         *mask,
           GError         **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  g_auto(GStrv) parts = NULL;
  IscAtomTable table;
  gboolean ok = TRUE;
  gsize len = strlen (copy);

  if (len >= 2 && copy[0] == '(' && copy[len - 1] == ')')
    {
      copy[len - 1] = '\0';
      memmove (copy, copy + 1, len - 1);
    }
  g_strdelimit (copy, ",", '+');
  parts = g_strsplit (copy, "+", -1);
  isc_atom_table_init (&table, ranges);
  *mask = 0;
  for (guint i = 0; parts[i] != NULL && ok; i++)
    {
      const char *sym = g_strstrip (parts[i]);
      int e;

      if (sym[0] == '\0')
        {
          g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                       "“%s”: expected an element such as Li, or a ratio such as Li/(Ni+Co+Mn)", whole);
          ok = FALSE;
        }
      else if ((e = isc_atom_table_require (&table, whole, sym, error)) < 0)
        ok = FALSE;
      else
        *mask |= G_GUINT64_CONSTANT (1) << e;
    }
  isc_atom_table_clear (&table);
  return ok;
}

gboolean
isc_quantity_parse (const char         *text,
                    const IscRangeSet  *ranges,
                    IscQuantity        *out,
                    GError            **error)
{
  g_auto(GStrv) halves = NULL;
  guint64 num = 0, den = 0;

  g_return_val_if_fail (text != NULL && ranges != NULL && out != NULL, FALSE);

  halves = g_strsplit (text, "/", -1);
  if (halves[0] == NULL || g_strv_length (halves) > 2)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "“%s”: expected an element such as Li, or a ratio such as Li/(Ni+Co+Mn)", text);
      return FALSE;
    }
  if (!parse_sum (halves[0], text, ranges, &num, error))
    return FALSE;
  if (halves[1] != NULL && !parse_sum (halves[1], text, ranges, &den, error))
    return FALSE;
  out->text = g_strdup (text);
  out->num_mask = num;
  out->den_mask = den;
  return TRUE;
}

void
isc_quantity_clear (IscQuantity *quantity)
{
  g_clear_pointer (&quantity->text, g_free);
}

void
isc_quantity_weights (const IscQuantity  *quantity,
                      const IscAtomTable *table,
                      guint               num[256],
                      guint               den[256])
{
  for (guint t = 0; t < 256; t++)
    {
      num[t] = den[t] = 0;
      if (t >= table->n_types)
        continue;
      for (guint e = 0; e < table->n_elements; e++)
        {
          guint n = table->per_element[t * table->n_elements + e];

          if (quantity->num_mask & (G_GUINT64_CONSTANT (1) << e))
            num[t] += n;
          if (quantity->den_mask == 0 || (quantity->den_mask & (G_GUINT64_CONSTANT (1) << e)))
            den[t] += n;
        }
    }
}

gboolean
isc_quantity_is_fraction (const IscQuantity *quantity)
{
  return quantity->den_mask == 0 || (quantity->num_mask & ~quantity->den_mask) == 0;
}

void
isc_quantity_value (const IscQuantity  *quantity,
                    double              num,
                    double              den,
                    double              min_den,
                    double             *value,
                    double             *sigma)
{
  double c;

  if (!(den > 0) || den < min_den)
    {
      *value = *sigma = NAN;
      return;
    }
  c = num / den;
  *value = c;
  if (isc_quantity_is_fraction (quantity))
    *sigma = sqrt (MAX (c * (1.0 - c), 0.0) / den);
  else
    *sigma = num > 0 ? c * sqrt (1.0 / num + 1.0 / den) : 1.0 / den;
}

gboolean
isc_roi_bounds (const IscRoi      *roi,
                const IscIonCloud *cloud,
                double             lo[3],
                double             hi[3])
{
  gboolean meets = TRUE;

  for (int a = 0; a < 3; a++)
    {
      double l = cloud->bounds_min[a], h = cloud->bounds_max[a];

      switch (roi != NULL ? roi->kind : ISC_ROI_ALL)
        {
        case ISC_ROI_BOX:
          l = MAX (l, roi->box_min[a]);
          h = MIN (h, roi->box_max[a]);
          break;
        case ISC_ROI_SPHERE:
          l = MAX (l, roi->center[a] - roi->radius);
          h = MIN (h, roi->center[a] + roi->radius);
          break;
        case ISC_ROI_CYLINDER:
          {
            double ext = fabs (roi->axis[a]) * roi->length / 2
                         + roi->radius * sqrt (MAX (0.0, 1.0 - roi->axis[a] * roi->axis[a]));

            l = MAX (l, roi->center[a] - ext);
            h = MIN (h, roi->center[a] + ext);
          }
          break;
        case ISC_ROI_ALL:
        default:
          break;
        }
      lo[a] = l;
      hi[a] = MAX (l, h);
      meets = meets && h >= l;
    }
  return meets;
}

gboolean
isc_spatial_check_ranged (const char        *what,
                          const IscIonCloud *cloud,
                          const IscRangeSet *ranges,
                          GError           **error)
{
  g_auto(GStrv) elements = NULL;

  if (cloud->ion_type == NULL)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "%s: the ions of %s are not ranged yet (apply a range set first)", what,
                   cloud->source_path ? cloud->source_path : "the dataset");
      return FALSE;
    }
  /* every analysis starts here: one whose mapped cache was cut short stops before it reads */
  if (!isc_ion_cloud_check_mapping (cloud, error))
    return FALSE;
  elements = isc_range_set_list_elements (ranges);
  if (elements[0] == NULL)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   "%s: the range set %s names no elements", what,
                   ranges->source_path ? ranges->source_path : "");
      return FALSE;
    }
  return TRUE;
}
