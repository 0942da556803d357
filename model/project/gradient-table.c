/* gradient-table.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gradient-table.h"

#include <math.h>
#include <string.h>

#include "isc-csv.h"

typedef struct
{
  const char *label;     /* owned by the gradient */
  double      depth_nm;
  guint       n;
  double     *mean;      /* per element */
  double     *std;
  guint       order;     /* first appearance, for a stable sort */
} Row;

static void
row_free (gpointer data)
{
  Row *row = data;

  g_free (row->mean);
  g_free (row->std);
  g_free (row);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const Row *ra = *(Row * const *) a;
  const Row *rb = *(Row * const *) b;

  if (ra->depth_nm != rb->depth_nm)
    return ra->depth_nm < rb->depth_nm ? -1 : 1;
  return (ra->order > rb->order) - (ra->order < rb->order);
}

static void
append_number (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, ',');
  if (isfinite (value))
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6g", value));
}

char *
isc_gradient_site_table_csv (IscGradient *gradient)
{
  g_auto(GStrv) elements = NULL;
  GString *out;
  guint n_elements;

  g_return_val_if_fail (gradient != NULL, NULL);
  elements = isc_gradient_list_elements (gradient, G_MAXUINT);
  n_elements = g_strv_length (elements);
  out = g_string_new ("condition,cycles,site,depth_nm,n");
  for (guint e = 0; e < n_elements; e++)
    {
      g_string_append_c (out, ',');
      isc_csv_append_field (out, elements[e], ',');
      g_string_append (out, "_mean,");
      isc_csv_append_field (out, elements[e], ',');
      g_string_append (out, "_std");
    }
  g_string_append_c (out, '\n');

  for (guint c = 0; c < isc_gradient_get_n_conditions (gradient); c++)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
      g_autoptr(GHashTable) by_label = g_hash_table_new (g_str_hash, g_str_equal);
      guint cycles = 0;
      const char *name = isc_gradient_get_condition (gradient, c, &cycles);

      for (guint e = 0; e < n_elements; e++)
        {
          g_autoptr(GArray) series = isc_gradient_get_series (gradient, c, elements[e]);

          for (guint i = 0; i < series->len; i++)
            {
              const IscGradientPoint *p = &g_array_index (series, IscGradientPoint, i);
              Row *row = g_hash_table_lookup (by_label, p->label);

              if (row == NULL)
                {
                  row = g_new0 (Row, 1);
                  row->label = p->label;
                  row->depth_nm = p->depth_nm;
                  row->order = rows->len;
                  row->mean = g_new (double, MAX (n_elements, 1));
                  row->std = g_new (double, MAX (n_elements, 1));
                  for (guint k = 0; k < n_elements; k++)
                    row->mean[k] = row->std[k] = NAN;
                  g_ptr_array_add (rows, row);
                  g_hash_table_insert (by_label, (gpointer) p->label, row);
                }
              row->mean[e] = p->mean;
              row->std[e] = p->std;
              row->n = MAX (row->n, p->n);
            }
        }
      g_ptr_array_sort (rows, compare_rows);
      for (guint r = 0; r < rows->len; r++)
        {
          Row *row = g_ptr_array_index (rows, r);

          isc_csv_append_field (out, name, ',');
          g_string_append_printf (out, ",%u,", cycles);
          isc_csv_append_field (out, row->label, ',');
          append_number (out, row->depth_nm);
          g_string_append_printf (out, ",%u", row->n);
          for (guint e = 0; e < n_elements; e++)
            {
              append_number (out, row->mean[e]);
              append_number (out, row->std[e]);
            }
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}
