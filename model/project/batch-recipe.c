/* batch-recipe.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "batch-recipe.h"
#include "neighbours.h"

G_DEFINE_QUARK (isc-batch-error-quark, isc_batch_error)

/* Keys each kind takes, for messages and the unknown-key check. */
static const char * const composition_keys[] = { "kind", "name", "basis", "roi", NULL };
static const char * const fda_keys[] = { "kind", "name", "element", "block", "chi2", "count", "mu_n",
                                         "blocks", "k", "roi", NULL };
static const char * const profile_keys[] = { "kind", "name", "axis", "bin", "count", "roi", NULL };
static const char * const cluster_keys[] = { "kind", "name", "elements", "dmax", "nmin", "envelope",
                                             "erosion", "roi", NULL };

static void
analysis_free (IscBatchAnalysis *a)
{
  g_free (a->name);
  g_strfreev (a->basis);
  g_free (a->element);
  g_strfreev (a->solutes);
  g_free (a);
}

void
isc_batch_recipe_free (IscBatchRecipe *recipe)
{
  if (recipe == NULL)
    return;
  g_free (recipe->path);
  g_ptr_array_unref (recipe->analyses);
  g_free (recipe->hash);
  g_free (recipe);
}

IscBatchRow *
isc_batch_row_new (const char *analysis,
                   const char *key,
                   const char *value)
{
  IscBatchRow *row = g_new0 (IscBatchRow, 1);

  row->analysis = g_strdup (analysis);
  row->key = g_strdup (key);
  row->value = g_strdup (value);
  return row;
}

void
isc_batch_row_free (IscBatchRow *row)
{
  if (row == NULL)
    return;
  g_free (row->analysis);
  g_free (row->key);
  g_free (row->value);
  g_free (row);
}

char *
isc_batch_format_double (double value)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!isfinite (value))
    return g_strdup ("NaN");
  /* The generator, not printf: the CSV then holds exactly the digits of the CLI's --json. */
  generator = json_generator_new ();
  node = json_node_init_double (json_node_alloc (), value);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* Parsing */

typedef struct
{
  const char *path;
  guint       index;
  const char *kind;
} Where;

static gboolean G_GNUC_PRINTF (3, 4)
fail (GError      **error,
      const Where  *w,
      const char   *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, ISC_BATCH_ERROR, ISC_BATCH_ERROR_RECIPE, "%s: analyses[%u] (%s): %s", w->path,
               w->index, w->kind, message);
  return FALSE;
}

static gboolean
get_string (JsonObject   *o,
            const char   *key,
            const char  **out,
            const Where  *w,
            GError      **error)
{
  JsonNode *node = json_object_get_member (o, key);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (error, w, "“%s” must be a string", key);
  *out = json_node_get_string (node);
  return TRUE;
}

/* Reads a word into an enum (the model's *_from_string ()). */
typedef gboolean (*ParseChoice) (const char *text,
                                 gpointer    out);

/* An optional string naming one value of an enum: @parse stores it in @out, which an absent
 * key leaves as it is; another word fails with the @expected ones. */
static gboolean
get_choice (JsonObject   *o,
            const char   *key,
            ParseChoice   parse,
            gpointer      out,
            const char   *expected,
            const Where  *w,
            GError      **error)
{
  const char *text;

  if (!get_string (o, key, &text, w, error))
    return FALSE;
  if (text != NULL && !parse (text, out))
    return fail (error, w, "“%s” “%s”: expected %s", key, text, expected);
  return TRUE;
}

static gboolean
get_number (JsonObject   *o,
            const char   *key,
            double       *out,
            gboolean     *present,
            const Where  *w,
            GError      **error)
{
  JsonNode *node = json_object_get_member (o, key);
  GType type;

  *present = node != NULL;
  if (node == NULL)
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return fail (error, w, "“%s” must be a number", key);
  if (!isfinite (*out))
    return fail (error, w, "“%s” must be a finite number", key);
  return TRUE;
}

static gboolean
get_int (JsonObject   *o,
         const char   *key,
         gint64        lo,
         gint64        hi,
         gint64       *out,
         gboolean     *present,
         const Where  *w,
         GError      **error)
{
  double v = 0;

  if (!get_number (o, key, &v, present, w, error))
    return FALSE;
  if (!*present)
    return TRUE;
  if (v != floor (v) || v < lo || v > hi)
    return fail (error, w, "“%s” %g: expected a whole number from %" G_GINT64_FORMAT " to %"
                 G_GINT64_FORMAT, key, v, lo, hi);
  *out = (gint64) v;
  return TRUE;
}

/* An array of element symbols, or one string "Li,Ni". */
static gboolean
get_elements (JsonObject   *o,
              const char   *key,
              char       ***out,
              const Where  *w,
              GError      **error)
{
  JsonNode *node = json_object_get_member (o, key);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *e = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
            return fail (error, w, "“%s” must list element symbols as strings", key);
          g_ptr_array_add (list, g_strstrip (g_strdup (json_node_get_string (e))));
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_auto(GStrv) parts = g_strsplit (json_node_get_string (node), ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        g_ptr_array_add (list, g_strstrip (g_strdup (parts[i])));
    }
  else
    return fail (error, w, "“%s” must be an array of element symbols", key);
  if (list->len == 0)
    return fail (error, w, "“%s” is empty", key);
  for (guint i = 0; i < list->len; i++)
    if (((char *) g_ptr_array_index (list, i))[0] == '\0')
      return fail (error, w, "“%s” has an empty element", key);
  g_ptr_array_add (list, NULL);
  *out = (char **) g_ptr_array_steal (list, NULL);
  return TRUE;
}

static gboolean
check_keys (JsonObject         *o,
            const char * const *allowed,
            const Where        *w,
            GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (o);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) allowed);

        return fail (error, w, "unknown key “%s” (expected %s)", (const char *) l->data, list);
      }
  return TRUE;
}

static gboolean
parse_roi (JsonObject        *o,
           IscBatchAnalysis  *a,
           const Where       *w,
           GError           **error)
{
  g_autoptr(GError) local = NULL;
  const char *spec;

  isc_roi_init_all (&a->roi);
  if (!get_string (o, "roi", &spec, w, error))
    return FALSE;
  if (spec == NULL)
    return TRUE;
  if (!isc_roi_parse (spec, &a->roi, &local))
    return fail (error, w, "“roi”: %s", local->message);
  a->has_roi = TRUE;
  return TRUE;
}

static gboolean
parse_composition (JsonObject        *o,
                   IscBatchAnalysis  *a,
                   const Where       *w,
                   GError           **error)
{
  if (!get_elements (o, "basis", &a->basis, w, error))
    return FALSE;
  if (a->basis == NULL)
    a->basis = g_strdupv ((char **) isc_composition_default_basis ());
  if (a->name == NULL)
    a->name = g_strdup ("composition");
  return TRUE;
}

static gboolean
parse_fda (JsonObject        *o,
           IscBatchAnalysis  *a,
           const Where       *w,
           GError           **error)
{
  const char *element;
  gint64 block = ISC_FDA_DEFAULT_BLOCK_SIZE, k = 0;
  gboolean has_block, has_k;

  isc_fda_settings_init (&a->fda);
  if (!get_string (o, "element", &element, w, error)
      || !get_int (o, "block", 1, 100000, &block, &has_block, w, error)
      || !get_int (o, "k", 1, 64, &k, &has_k, w, error))
    return FALSE;
  if (element == NULL || element[0] == '\0')
    return fail (error, w, "“element” is required (e.g. \"Li\")");
  a->element = g_strdup (element);
  a->fda.block_size = block;
  if (!get_choice (o, "chi2", (ParseChoice) isc_fda_chi2_mode_from_string, &a->fda.chi2_mode,
                   "pool or skip", w, error)
      || !get_choice (o, "count", (ParseChoice) isc_fda_count_unit_from_string, &a->fda.count_unit,
                      "atoms or ions", w, error)
      || !get_choice (o, "mu_n", (ParseChoice) isc_fda_mu_n_from_string, &a->fda.mu_n,
                      "solute, blocks or atoms", w, error)
      || !get_choice (o, "blocks", (ParseChoice) isc_fda_blocks_from_string, &a->fda.blocks,
                      "sequence, spatial or nn", w, error))
    return FALSE;
  /* As the CLI: with nn blocks the block of an ion is its k nearest neighbours. */
  if (a->fda.blocks == ISC_FDA_BLOCKS_NN)
    {
      if (has_block)
        return fail (error, w, "“blocks”: “nn” takes its block size from “k”, not “block”");
      a->fda.block_size = has_k ? (guint) k : 20;
    }
  else if (has_k)
    return fail (error, w, "“k” is for “blocks”: “nn”");
  if (a->name == NULL)
    a->name = g_strdup_printf ("fda_%s", element);
  return TRUE;
}

static gboolean
parse_profile (JsonObject        *o,
               IscBatchAnalysis  *a,
               const Where       *w,
               GError           **error)
{
  const char *axis;
  double bin = 0;
  gint64 count = 0;
  gboolean has_bin, has_count;

  isc_profile_settings_init (&a->profile);
  if (!get_string (o, "axis", &axis, w, error)
      || !get_number (o, "bin", &bin, &has_bin, w, error)
      || !get_int (o, "count", 1, G_MAXINT64 / 2, &count, &has_count, w, error))
    return FALSE;
  if (axis == NULL)
    return fail (error, w, "“axis” is required (x, y, z or roi)");
  if (!isc_profile_axis_from_string (axis, &a->profile.axis))
    return fail (error, w, "“axis” “%s”: expected x, y, z or roi", axis);
  if (has_bin == has_count)
    return fail (error, w, "give exactly one of “bin” (nm) or “count” (atoms per bin)");
  if (has_bin)
    {
      if (!(bin > 0))
        return fail (error, w, "“bin” %g: the bin width must be positive (nm)", bin);
      a->profile.binning = ISC_PROFILE_FIXED_WIDTH;
      a->profile.bin_width = bin;
    }
  else
    {
      a->profile.binning = ISC_PROFILE_FIXED_COUNT;
      a->profile.atoms_per_bin = (guint64) count;
    }
  if (a->name == NULL)
    a->name = g_strdup_printf ("profile_%s", axis);
  return TRUE;
}

static gboolean
parse_cluster (JsonObject        *o,
               IscBatchAnalysis  *a,
               const Where       *w,
               GError           **error)
{
  JsonNode *dmax = json_object_get_member (o, "dmax");
  gint64 n_min = 0;
  gboolean present;

  if (!get_elements (o, "elements", &a->solutes, w, error)
      || !get_int (o, "nmin", 1, G_MAXUINT, &n_min, &present, w, error))
    return FALSE;
  if (a->solutes == NULL)
    return fail (error, w, "“elements” is required (e.g. [\"Li\"])");
  if (!present)
    return fail (error, w, "“nmin” is required (at least 1 solute ion)");
  a->n_min = (guint) n_min;
  if (dmax == NULL)
    return fail (error, w, "“dmax” is required (nm, or \"auto\")");
  if (JSON_NODE_HOLDS_VALUE (dmax) && json_node_get_value_type (dmax) == G_TYPE_STRING)
    {
      if (g_ascii_strcasecmp (json_node_get_string (dmax), "auto") != 0)
        return fail (error, w, "“dmax” “%s”: expected a distance in nm or \"auto\"", json_node_get_string (dmax));
      a->dmax_auto = TRUE;
      a->d_max = NAN;
    }
  else
    {
      if (!get_number (o, "dmax", &a->d_max, &present, w, error))
        return FALSE;
      if (!(a->d_max > 0))
        return fail (error, w, "“dmax” %g: d_max must be a positive distance in nm", a->d_max);
    }
  if (!get_number (o, "envelope", &a->envelope, &present, w, error)
      || !get_number (o, "erosion", &a->erosion, &present, w, error))
    return FALSE;
  if (a->name == NULL)
    {
      g_autofree char *joined = g_strjoinv ("+", a->solutes);

      a->name = g_strdup_printf ("cluster_%s", joined);
    }
  return TRUE;
}

/* The settings as text, the same whatever the JSON's spacing or key order: hashed to tell
 * whether a done-record was made by this recipe. */
static void
describe (GString                *out,
          const IscBatchAnalysis *a)
{
  g_autofree char *roi = a->has_roi ? isc_roi_to_string (&a->roi) : g_strdup ("all");

  g_string_append_printf (out, "%s|%s|roi=%s|", a->name, a->kind == ISC_BATCH_COMPOSITION ? "composition"
                          : a->kind == ISC_BATCH_FDA ? "fda" : a->kind == ISC_BATCH_PROFILE ? "profile"
                          : "cluster", roi);
  switch (a->kind)
    {
    case ISC_BATCH_COMPOSITION:
      {
        g_autofree char *basis = g_strjoinv (",", a->basis);

        g_string_append_printf (out, "basis=%s", basis);
      }
      break;
    case ISC_BATCH_FDA:
      g_string_append_printf (out, "element=%s,block=%u,chi2=%s,count=%s,mu_n=%s,blocks=%s", a->element,
                              a->fda.block_size, isc_fda_chi2_mode_to_string (a->fda.chi2_mode),
                              isc_fda_count_unit_to_string (a->fda.count_unit),
                              isc_fda_mu_n_to_string (a->fda.mu_n), isc_fda_blocks_to_string (a->fda.blocks));
      break;
    case ISC_BATCH_PROFILE:
      g_string_append_printf (out, "axis=%s,binning=%d,bin=%.17g,count=%" G_GUINT64_FORMAT,
                              isc_profile_axis_to_string (a->profile.axis), a->profile.binning,
                              a->profile.bin_width, a->profile.atoms_per_bin);
      break;
    case ISC_BATCH_CLUSTER:
      {
        g_autofree char *solutes = g_strjoinv (",", a->solutes);

        g_string_append_printf (out, "elements=%s,dmax=%.17g,auto=%d,nmin=%u,envelope=%.17g,erosion=%.17g",
                                solutes, a->d_max, a->dmax_auto, a->n_min, a->envelope, a->erosion);
      }
      break;
    }
  g_string_append_c (out, '\n');
}

IscBatchRecipe *
isc_batch_recipe_parse (const char  *path,
                        const char  *text,
                        gssize       length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(IscBatchRecipe) recipe = g_new0 (IscBatchRecipe, 1);
  g_autoptr(GError) local = NULL;
  g_autoptr(GString) canonical = g_string_new ("ionscape-batch-recipe 1\n");
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *root, *list;
  JsonArray *array;

  g_return_val_if_fail (path != NULL && text != NULL, NULL);

  recipe->path = g_strdup (path);
  recipe->analyses = g_ptr_array_new_with_free_func ((GDestroyNotify) analysis_free);
  if (!json_parser_load_from_data (parser, text, length, &local))
    {
      const char *message = local->message;

      /* json-glib names the text "<data>": the file name is already in front. */
      if (g_str_has_prefix (message, "<data>:"))
        message += strlen ("<data>:");
      g_set_error (error, ISC_BATCH_ERROR, ISC_BATCH_ERROR_RECIPE, "%s: not valid JSON: line %s", path, message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, ISC_BATCH_ERROR, ISC_BATCH_ERROR_RECIPE,
                   "%s: expected an object with an array “analyses”", path);
      return NULL;
    }
  {
    g_autoptr(GList) members = json_object_get_members (json_node_get_object (root));

    /* A misspelt "analyses" is named as such, not reported as missing. */
    for (GList *l = members; l != NULL; l = l->next)
      if (!g_str_equal (l->data, "analyses"))
        {
          g_set_error (error, ISC_BATCH_ERROR, ISC_BATCH_ERROR_RECIPE,
                       "%s: unknown key “%s” (expected analyses)", path, (const char *) l->data);
          return NULL;
        }
  }
  list = json_object_get_member (json_node_get_object (root), "analyses");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, ISC_BATCH_ERROR, ISC_BATCH_ERROR_RECIPE,
                   "%s: expected an object with an array “analyses”", path);
      return NULL;
    }
  array = json_node_get_array (list);
  if (json_array_get_length (array) == 0)
    {
      g_set_error (error, ISC_BATCH_ERROR, ISC_BATCH_ERROR_RECIPE, "%s: “analyses” is empty", path);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      IscBatchAnalysis *a;
      Where w = { path, i, "?" };
      JsonObject *o;
      const char *kind, *name;
      const char * const *keys;
      gboolean ok;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (error, &w, "expected an object");
          return NULL;
        }
      o = json_node_get_object (node);
      if (!get_string (o, "kind", &kind, &w, error))
        return NULL;
      if (kind == NULL)
        {
          fail (error, &w, "“kind” is required (composition, fda, profile or cluster)");
          return NULL;
        }
      w.kind = kind;
      a = g_new0 (IscBatchAnalysis, 1);
      g_ptr_array_add (recipe->analyses, a);
      if (g_str_equal (kind, "composition"))
        a->kind = ISC_BATCH_COMPOSITION, keys = composition_keys;
      else if (g_str_equal (kind, "fda"))
        a->kind = ISC_BATCH_FDA, keys = fda_keys;
      else if (g_str_equal (kind, "profile"))
        a->kind = ISC_BATCH_PROFILE, keys = profile_keys;
      else if (g_str_equal (kind, "cluster"))
        a->kind = ISC_BATCH_CLUSTER, keys = cluster_keys;
      else
        {
          fail (error, &w, "unknown kind (expected composition, fda, profile or cluster)");
          return NULL;
        }
      if (!check_keys (o, keys, &w, error) || !get_string (o, "name", &name, &w, error)
          || !parse_roi (o, a, &w, error))
        return NULL;
      if (name != NULL)
        {
          if (name[0] == '\0' || strpbrk (name, ",\"\n\r") != NULL)
            {
              fail (error, &w, "“name” must be non-empty, without commas, quotes or line breaks");
              return NULL;
            }
          a->name = g_strdup (name);
        }
      switch (a->kind)
        {
        case ISC_BATCH_COMPOSITION: ok = parse_composition (o, a, &w, error); break;
        case ISC_BATCH_FDA: ok = parse_fda (o, a, &w, error); break;
        case ISC_BATCH_PROFILE: ok = parse_profile (o, a, &w, error); break;
        case ISC_BATCH_CLUSTER: ok = parse_cluster (o, a, &w, error); break;
        default: g_assert_not_reached ();
        }
      if (!ok)
        return NULL;
      if (!g_hash_table_add (names, a->name))
        {
          fail (error, &w, "a second analysis named “%s” (give one a \"name\")", a->name);
          return NULL;
        }
      describe (canonical, a);
    }
  recipe->hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical->str, canonical->len);
  return g_steal_pointer (&recipe);
}

IscBatchRecipe *
isc_batch_recipe_load (const char  *path,
                       GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  gsize length;

  if (!g_file_get_contents (path, &text, &length, &local))
    {
      g_set_error (error, ISC_BATCH_ERROR, ISC_BATCH_ERROR_RECIPE, "%s", local->message);
      return NULL;
    }
  return isc_batch_recipe_parse (path, text, (gssize) length, error);
}

/* Running */

static void
add_row (GPtrArray  *rows,
         const char *analysis,
         const char *key,
         char       *value)   /* taken */
{
  g_ptr_array_add (rows, isc_batch_row_new (analysis, key, value));
  g_free (value);
}

static void
add_double (GPtrArray  *rows,
            const char *analysis,
            const char *key,
            double      value)
{
  add_row (rows, analysis, key, isc_batch_format_double (value));
}

static void
add_int (GPtrArray  *rows,
         const char *analysis,
         const char *key,
         guint64     value)
{
  add_row (rows, analysis, key, g_strdup_printf ("%" G_GUINT64_FORMAT, value));
}

static gboolean
run_composition (const IscBatchAnalysis *a,
                 const IscIonCloud      *cloud,
                 const IscRangeSet      *ranges,
                 GPtrArray              *rows,
                 GCancellable           *cancellable,
                 GError                **error)
{
  g_autofree guint8 *selected = NULL;
  g_autoptr(IscComposition) comp = NULL;
  const char * const *basis = (const char * const *) a->basis;

  if (a->has_roi)
    {
      selected = g_new (guint8, MAX (cloud->n_ions, 1));
      isc_roi_select (&a->roi, cloud, selected);
    }
  comp = isc_composition_compute (cloud, ranges, selected, cancellable, error);
  if (comp == NULL)
    return FALSE;
  add_int (rows, a->name, "ions_total", comp->ions_total);
  add_int (rows, a->name, "ions_ranged", comp->ions_ranged);
  add_int (rows, a->name, "ions_unranged", comp->ions_unranged);
  for (guint t = 0; t < comp->n_ion_types; t++)
    {
      g_autofree char *key = g_strdup_printf ("ions_%s", comp->ion_names[t]);

      add_int (rows, a->name, key, comp->ion_counts[t]);
    }
  for (guint e = 0; e < comp->n_elements; e++)
    {
      const char *el = comp->elements[e];
      g_autofree char *atoms = g_strdup_printf ("atoms_%s", el);
      g_autofree char *fraction = g_strdup_printf ("fraction_%s", el);
      g_autofree char *sigma = g_strdup_printf ("sigma_%s", el);
      g_autofree char *ratio = g_strdup_printf ("ratio_%s", el);

      add_int (rows, a->name, atoms, comp->atom_counts[e]);
      add_double (rows, a->name, fraction, comp->fractions[e]);
      add_double (rows, a->name, sigma, comp->sigmas[e]);
      add_double (rows, a->name, ratio, isc_composition_get_ratio (comp, basis, el));
    }
  return TRUE;
}

static gboolean
run_fda (const IscBatchAnalysis *a,
         const IscIonCloud      *cloud,
         const IscRangeSet      *ranges,
         GPtrArray              *rows,
         GCancellable           *cancellable,
         GError                **error)
{
  g_autoptr(GPtrArray) results = NULL;
  const char *elements[2] = { a->element, NULL };
  const IscFdaResult *r;

  results = isc_fda_compute (cloud, ranges, &a->roi, &a->fda, elements, cancellable, NULL, NULL, error);
  if (results == NULL)
    return FALSE;
  r = g_ptr_array_index (results, 0);
  add_int (rows, a->name, "block_size", r->block_size);
  add_int (rows, a->name, "blocks", r->n_blocks);
  add_double (rows, a->name, "fraction", r->fraction);
  add_double (rows, a->name, "chi2", r->chi2);
  add_int (rows, a->name, "dof", r->dof);
  add_double (rows, a->name, "p_value", r->p_value);
  add_double (rows, a->name, "mu", r->mu);
  add_int (rows, a->name, "mu_n_value", r->mu_n_value);
  add_int (rows, a->name, "n_solute", r->n_solute);
  return TRUE;
}

static gboolean
run_profile (const IscBatchAnalysis *a,
             const IscIonCloud      *cloud,
             const IscRangeSet      *ranges,
             GPtrArray              *rows,
             GCancellable           *cancellable,
             GError                **error)
{
  g_autoptr(IscProfile) p = NULL;

  p = isc_profile_compute (cloud, ranges, &a->roi, &a->profile, cancellable, NULL, NULL, error);
  if (p == NULL)
    return FALSE;
  add_int (rows, a->name, "bins", p->n_bins);
  add_int (rows, a->name, "ions", p->n_ions);
  /* One row per bin and column of `profile`'s CSV, keyed bin<i>_<column>: long form throughout. */
  for (guint b = 0; b < p->n_bins; b++)
    {
      g_autofree char *start = g_strdup_printf ("bin%u_start_nm", b);
      g_autofree char *end = g_strdup_printf ("bin%u_end_nm", b);
      g_autofree char *atoms = g_strdup_printf ("bin%u_atoms", b);

      add_double (rows, a->name, start, p->start[b]);
      add_double (rows, a->name, end, p->end[b]);
      add_int (rows, a->name, atoms, p->atoms[b]);
      for (guint e = 0; e < p->n_elements; e++)
        {
          gsize k = (gsize) b * p->n_elements + e;
          g_autofree char *count = g_strdup_printf ("bin%u_%s_count", b, p->elements[e]);
          g_autofree char *fraction = g_strdup_printf ("bin%u_%s_fraction", b, p->elements[e]);
          g_autofree char *sigma = g_strdup_printf ("bin%u_%s_sigma", b, p->elements[e]);

          add_int (rows, a->name, count, p->counts[k]);
          add_double (rows, a->name, fraction, p->fraction[k]);
          add_double (rows, a->name, sigma, p->sigma[k]);
        }
    }
  return TRUE;
}

static gboolean
run_cluster (const IscBatchAnalysis *a,
             const IscIonCloud      *cloud,
             const IscRangeSet      *ranges,
             GPtrArray              *rows,
             GCancellable           *cancellable,
             GError                **error)
{
  g_autoptr(IscClusterResult) r = NULL;
  IscClusterSettings settings;
  double d_max = a->d_max, guinier = 0;
  guint64 clustered = 0;

  if (a->dmax_auto)
    {
      g_autoptr(IscNnResult) nn = NULL;
      IscNnSettings ns;

      /* As `cluster --dmax auto`: from the first solute's 1st-neighbour distribution. */
      isc_nn_settings_init (&ns);
      ns.k_max = 1;
      nn = isc_nn_compute (cloud, ranges, &a->roi, a->solutes[0], NULL, &ns, cancellable, NULL, NULL, error);
      if (nn == NULL)
        return FALSE;
      if (isnan (nn->suggested_dmax))
        {
          g_set_error (error, ISC_BATCH_ERROR, ISC_BATCH_ERROR_DATASET, "%s: dmax auto: the %s neighbour "
                       "distribution does not differ from a random one; give dmax in nm", a->name, a->solutes[0]);
          return FALSE;
        }
      d_max = nn->suggested_dmax;
    }
  isc_cluster_settings_init (&settings);
  settings.solutes = (const char * const *) a->solutes;
  settings.d_max = d_max;
  settings.n_min = a->n_min;
  settings.envelope = a->envelope;
  settings.erosion = a->erosion;
  r = isc_cluster_compute (cloud, ranges, &a->roi, &settings, cancellable, NULL, NULL, error);
  if (r == NULL)
    return FALSE;
  for (guint c = 0; c < r->n_clusters; c++)
    {
      clustered += r->clusters[c].solute_ions;
      guinier += r->clusters[c].guinier;
    }
  add_double (rows, a->name, "dmax_nm", r->d_max);
  add_int (rows, a->name, "clusters", r->n_clusters);
  add_int (rows, a->name, "solute_ions", r->solute_ions);
  add_int (rows, a->name, "clustered_solute_ions", clustered);
  add_double (rows, a->name, "clustered_fraction", r->solute_ions > 0 ? (double) clustered / r->solute_ions : NAN);
  add_double (rows, a->name, "mean_guinier_radius_nm", r->n_clusters > 0 ? guinier / r->n_clusters : NAN);
  add_int (rows, a->name, "matrix_ions", r->matrix_ions);
  add_int (rows, a->name, "matrix_atoms", r->matrix_atoms);
  for (guint e = 0; e < r->n_elements; e++)
    {
      g_autofree char *key = g_strdup_printf ("matrix_fraction_%s", r->elements[e]);

      add_double (rows, a->name, key, r->matrix_atoms > 0 ? (double) r->matrix_counts[e] / r->matrix_atoms : NAN);
    }
  return TRUE;
}

gboolean
isc_batch_recipe_run (const IscBatchRecipe *recipe,
                      const IscIonCloud    *cloud,
                      const IscRangeSet    *ranges,
                      GPtrArray            *rows,
                      GCancellable         *cancellable,
                      GError              **error)
{
  g_return_val_if_fail (recipe != NULL && cloud != NULL && ranges != NULL && rows != NULL, FALSE);

  for (guint i = 0; i < recipe->analyses->len; i++)
    {
      const IscBatchAnalysis *a = g_ptr_array_index (recipe->analyses, i);
      gboolean ok = FALSE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      switch (a->kind)
        {
        case ISC_BATCH_COMPOSITION: ok = run_composition (a, cloud, ranges, rows, cancellable, error); break;
        case ISC_BATCH_FDA: ok = run_fda (a, cloud, ranges, rows, cancellable, error); break;
        case ISC_BATCH_PROFILE: ok = run_profile (a, cloud, ranges, rows, cancellable, error); break;
        case ISC_BATCH_CLUSTER: ok = run_cluster (a, cloud, ranges, rows, cancellable, error); break;
        }
      if (!ok)
        {
          g_prefix_error (error, "%s: ", a->name);
          return FALSE;
        }
    }
  return TRUE;
}
