/* cluster-json.c: a cluster analysis as JSON, the one text `ionscape-cli cluster --json` prints
 * and the spatial panel's Export JSON writes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "cluster.h"

/* Non-finite numbers are null: JSON has no NaN. */
static void
add_number (JsonBuilder *b,
            double       value)
{
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_member (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  add_number (b, value);
}

static void
add_int_member (JsonBuilder *b,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_composition (JsonBuilder    *b,
                 char          **elements,
                 const guint64  *counts,
                 guint64         atoms)
{
  json_builder_set_member_name (b, "composition");
  json_builder_begin_object (b);
  for (guint e = 0; elements[e] != NULL; e++)
    add_member (b, elements[e], atoms > 0 ? (double) counts[e] / atoms : NAN);
  json_builder_end_object (b);
}

JsonNode *
isc_cluster_result_to_json_node (const IscClusterResult *r,
                                 gboolean                dmax_auto,
                                 const char             *roi_text)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (r != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "clusters");
  json_builder_begin_array (b);
  for (guint c = 0; c < r->n_clusters; c++)
    {
      const IscCluster *cl = &r->clusters[c];

      json_builder_begin_object (b);
      add_int_member (b, "id", cl->id);
      add_int_member (b, "solute_atoms", cl->solute_atoms);
      add_int_member (b, "solute_ions", cl->solute_ions);
      add_int_member (b, "atoms", cl->atoms);
      add_int_member (b, "ions", cl->ions);
      add_composition (b, r->elements, cl->counts, cl->atoms);
      json_builder_set_member_name (b, "centre_nm");
      json_builder_begin_array (b);
      for (int a = 0; a < 3; a++)
        add_number (b, cl->centre[a]);
      json_builder_end_array (b);
      add_member (b, "rg_nm", cl->rg);
      add_member (b, "guinier_radius_nm", cl->guinier);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "matrix");
  json_builder_begin_object (b);
  add_int_member (b, "ions", r->matrix_ions);
  add_int_member (b, "atoms", r->matrix_atoms);
  add_composition (b, r->elements, r->matrix_counts, r->matrix_atoms);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "size_distribution");
  json_builder_begin_array (b);
  for (guint s = 0; s < r->n_sizes; s++)
    {
      json_builder_begin_object (b);
      add_int_member (b, "solute_atoms", r->sizes[s].solute_atoms);
      add_int_member (b, "clusters", r->sizes[s].n_clusters);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "parameters");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "elements");
  json_builder_begin_array (b);
  for (guint i = 0; r->solutes[i] != NULL; i++)
    json_builder_add_string_value (b, r->solutes[i]);
  json_builder_end_array (b);
  add_member (b, "dmax_nm", r->d_max);
  json_builder_set_member_name (b, "dmax_auto");
  json_builder_add_boolean_value (b, dmax_auto);
  add_int_member (b, "nmin", r->n_min);
  add_member (b, "envelope_nm", r->envelope);
  add_member (b, "erosion_nm", r->erosion);
  json_builder_set_member_name (b, "roi");
  json_builder_add_string_value (b, roi_text != NULL ? roi_text : "all");
  add_int_member (b, "solute_ions", r->solute_ions);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
isc_cluster_result_to_json (const IscClusterResult *r,
                            gboolean                dmax_auto,
                            const char             *roi_text)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (r != NULL, NULL);

  root = isc_cluster_result_to_json_node (r, dmax_auto, roi_text);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}
