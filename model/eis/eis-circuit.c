/* eis-circuit.c: parsing circuit strings and evaluating their impedance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <complex.h>
#include <math.h>
#include <string.h>

#include "eis-circuit.h"

typedef enum
{
  ELEM_R,
  ELEM_C,
  ELEM_L,
  ELEM_CPE,
  ELEM_W,
  ELEM_WO,
  ELEM_WS,
} ElemType;

/* Longer prefixes first: "CPE" before "C", "Wo" before "W". */
static const struct
{
  const char *prefix;
  ElemType    type;
  guint       n_params;
  const char *units[2];
} elem_types[] = {
  { "CPE", ELEM_CPE, 2, { "Ohm^-1 s^a", "" } },
  { "Wo", ELEM_WO, 2, { "Ohm", "s" } },
  { "Ws", ELEM_WS, 2, { "Ohm", "s" } },
  { "W", ELEM_W, 1, { "Ohm s^-1/2", NULL } },
  { "R", ELEM_R, 1, { "Ohm", NULL } },
  { "C", ELEM_C, 1, { "F", NULL } },
  { "L", ELEM_L, 1, { "H", NULL } },
};

typedef enum
{
  NODE_ELEMENT,
  NODE_SERIES,
  NODE_PARALLEL,
} NodeKind;

typedef struct _Node Node;
struct _Node
{
  NodeKind   kind;
  guint      type_index;  /* into elem_types, elements only */
  guint      first_param;
  GPtrArray *children;    /* Node*, series and parallel only */
};

struct _IscEisCircuit
{
  char      *text;
  Node      *root;
  GPtrArray *names;       /* char*, one per parameter */
  GPtrArray *units;       /* const char*, static */
  GArray    *param_types; /* guint type_index per parameter */
  GArray    *param_slot;  /* guint 0 or 1 per parameter */
  GArray    *in_parallel; /* gboolean per parameter: inside a p() block */
};

static void
node_free (gpointer data)
{
  Node *node = data;

  if (node == NULL)
    return;
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

void
isc_eis_circuit_free (IscEisCircuit *circuit)
{
  if (circuit == NULL)
    return;
  g_free (circuit->text);
  node_free (circuit->root);
  g_clear_pointer (&circuit->names, g_ptr_array_unref);
  g_clear_pointer (&circuit->units, g_ptr_array_unref);
  g_clear_pointer (&circuit->param_types, g_array_unref);
  g_clear_pointer (&circuit->param_slot, g_array_unref);
  g_clear_pointer (&circuit->in_parallel, g_array_unref);
  g_free (circuit);
}

/* ---- Parsing ---------------------------------------------------------------------------- */

typedef struct
{
  const char    *text;
  const char    *at;
  IscEisCircuit *circuit;
  GHashTable    *seen;     /* element names, to refuse a name used twice */
  guint          depth;    /* of p() blocks */
} Parser;

static void
skip_blanks (Parser *p)
{
  while (*p->at == ' ' || *p->at == '\t')
    p->at++;
}

static gboolean
fail (Parser      *p,
      GError     **error,
      const char  *expected)
{
  if (*p->at == '\0')
    g_set_error (error, ISC_EIS_ERROR, ISC_ERROR_ARGUMENT,
                 "circuit “%s”: at offset %d (the end): expected %s", p->text, (int) (p->at - p->text),
                 expected);
  else
    g_set_error (error, ISC_EIS_ERROR, ISC_ERROR_ARGUMENT,
                 "circuit “%s”: at offset %d (“%c”): expected %s", p->text, (int) (p->at - p->text),
                 *p->at, expected);
  return FALSE;
}

static Node *parse_series (Parser *p, GError **error);

static Node *
parse_element (Parser  *p,
               GError **error)
{
  const char *start = p->at;
  g_autofree char *name = NULL;
  Node *node;
  guint t;

  while (g_ascii_isalnum (*p->at) || *p->at == '_')
    p->at++;
  if (p->at == start)
    {
      fail (p, error, "an element (R, C, L, CPE, W, Wo, Ws) or p(");
      return NULL;
    }
  name = g_strndup (start, p->at - start);
  for (t = 0; t < G_N_ELEMENTS (elem_types); t++)
    {
      gsize len = strlen (elem_types[t].prefix);
      const char *rest = name + len;

      if (strncmp (name, elem_types[t].prefix, len) == 0
          && (*rest == '\0' || g_ascii_isdigit (*rest) || *rest == '_'))
        break;
    }
  if (t == G_N_ELEMENTS (elem_types))
    {
      p->at = start;
      fail (p, error, "an element type R, C, L, CPE, W, Wo or Ws");
      return NULL;
    }
  if (!g_hash_table_add (p->seen, g_strdup (name)))
    {
      p->at = start;
      fail (p, error, "an element name not used before");
      return NULL;
    }

  node = g_new0 (Node, 1);
  node->kind = NODE_ELEMENT;
  node->type_index = t;
  node->first_param = p->circuit->names->len;
  for (guint k = 0; k < elem_types[t].n_params; k++)
    {
      gboolean parallel = p->depth > 0;

      g_ptr_array_add (p->circuit->names, elem_types[t].n_params == 1 ? g_strdup (name)
                                                                       : g_strdup_printf ("%s_%u", name, k));
      g_ptr_array_add (p->circuit->units, (gpointer) elem_types[t].units[k]);
      g_array_append_val (p->circuit->param_types, t);
      g_array_append_val (p->circuit->param_slot, k);
      g_array_append_val (p->circuit->in_parallel, parallel);
    }
  return node;
}

static Node *
parse_term (Parser  *p,
            GError **error)
{
  Node *node;

  skip_blanks (p);
  if (p->at[0] == 'p' && p->at[1] == '(')
    {
      p->at += 2;
      p->depth++;
      node = g_new0 (Node, 1);
      node->kind = NODE_PARALLEL;
      node->children = g_ptr_array_new_with_free_func (node_free);
      for (;;)
        {
          Node *child = parse_series (p, error);

          if (child == NULL)
            {
              node_free (node);
              return NULL;
            }
          g_ptr_array_add (node->children, child);
          skip_blanks (p);
          if (*p->at == ',')
            {
              p->at++;
              continue;
            }
          if (*p->at == ')' && node->children->len >= 2)
            {
              p->at++;
              break;
            }
          fail (p, error, node->children->len >= 2 ? "“,” or “)”" : "“,” (a parallel block joins two or more branches)");
          node_free (node);
          return NULL;
        }
      p->depth--;
      return node;
    }
  return parse_element (p, error);
}

static Node *
parse_series (Parser  *p,
              GError **error)
{
  Node *node = g_new0 (Node, 1);

  node->kind = NODE_SERIES;
  node->children = g_ptr_array_new_with_free_func (node_free);
  for (;;)
    {
      Node *child = parse_term (p, error);

      if (child == NULL)
        {
          node_free (node);
          return NULL;
        }
      g_ptr_array_add (node->children, child);
      skip_blanks (p);
      if (*p->at != '-')
        break;
      p->at++;
    }
  return node;
}

IscEisCircuit *
isc_eis_circuit_parse (const char  *text,
                       GError     **error)
{
  g_autoptr(IscEisCircuit) circuit = NULL;
  g_autoptr(GHashTable) seen = NULL;
  Parser p;

  g_return_val_if_fail (text != NULL, NULL);

  circuit = g_new0 (IscEisCircuit, 1);
  circuit->text = g_strstrip (g_strdup (text));
  circuit->names = g_ptr_array_new_with_free_func (g_free);
  circuit->units = g_ptr_array_new ();
  circuit->param_types = g_array_new (FALSE, FALSE, sizeof (guint));
  circuit->param_slot = g_array_new (FALSE, FALSE, sizeof (guint));
  circuit->in_parallel = g_array_new (FALSE, FALSE, sizeof (gboolean));
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p = (Parser) { circuit->text, circuit->text, circuit, seen, 0 };

  circuit->root = parse_series (&p, error);
  if (circuit->root == NULL)
    return NULL;
  skip_blanks (&p);
  if (*p.at != '\0')
    {
      fail (&p, error, "“-” or the end of the circuit");
      return NULL;
    }
  return g_steal_pointer (&circuit);
}

const char *
isc_eis_circuit_get_text (const IscEisCircuit *circuit)
{
  g_return_val_if_fail (circuit != NULL, NULL);
  return circuit->text;
}

guint
isc_eis_circuit_get_n_params (const IscEisCircuit *circuit)
{
  g_return_val_if_fail (circuit != NULL, 0);
  return circuit->names->len;
}

const char *
isc_eis_circuit_get_param_name (const IscEisCircuit *circuit,
                                guint                index)
{
  g_return_val_if_fail (circuit != NULL && index < circuit->names->len, NULL);
  return g_ptr_array_index (circuit->names, index);
}

const char *
isc_eis_circuit_get_param_unit (const IscEisCircuit *circuit,
                                guint                index)
{
  g_return_val_if_fail (circuit != NULL && index < circuit->units->len, NULL);
  return g_ptr_array_index (circuit->units, index);
}

/* ---- Impedance -------------------------------------------------------------------------- */

static double complex
element_z (ElemType      type,
           const double *p,
           double        omega)
{
  double complex jw = I * omega;

  switch (type)
    {
    case ELEM_R:
      return p[0];
    case ELEM_C:
      return 1.0 / (jw * p[0]);
    case ELEM_L:
      return jw * p[0];
    case ELEM_CPE:
      return 1.0 / (p[0] * cpow (jw, p[1]));
    case ELEM_W:
      return p[0] * (1.0 - I) / sqrt (omega);
    case ELEM_WO:
      {
        double complex s = csqrt (jw * p[1]);

        return p[0] / (ctanh (s) * s);
      }
    case ELEM_WS:
      {
        double complex s = csqrt (jw * p[1]);

        return p[0] * ctanh (s) / s;
      }
    default:
      g_assert_not_reached ();
    }
}

static double complex
node_z (const Node   *node,
        const double *params,
        double        omega)
{
  double complex sum = 0;

  switch (node->kind)
    {
    case NODE_ELEMENT:
      return element_z (elem_types[node->type_index].type, params + node->first_param, omega);
    case NODE_SERIES:
      for (guint i = 0; i < node->children->len; i++)
        sum += node_z (g_ptr_array_index (node->children, i), params, omega);
      return sum;
    case NODE_PARALLEL:
      for (guint i = 0; i < node->children->len; i++)
        sum += 1.0 / node_z (g_ptr_array_index (node->children, i), params, omega);
      return 1.0 / sum;
    default:
      g_assert_not_reached ();
    }
}

void
isc_eis_circuit_eval (const IscEisCircuit *circuit,
                      const double        *params,
                      double               freq_hz,
                      double              *re,
                      double              *im)
{
  double complex z;

  g_return_if_fail (circuit != NULL && params != NULL);
  z = node_z (circuit->root, params, 2 * G_PI * freq_hz);
  *re = creal (z);
  *im = cimag (z);
}

gboolean
isc_eis_circuit_param_is_fraction (const IscEisCircuit *circuit,
                                   guint                index)
{
  g_return_val_if_fail (circuit != NULL && index < circuit->names->len, FALSE);
  return elem_types[g_array_index (circuit->param_types, guint, index)].type == ELEM_CPE
         && g_array_index (circuit->param_slot, guint, index) == 1;
}

int
isc_eis_circuit_charge_transfer (const IscEisCircuit *circuit)
{
  g_return_val_if_fail (circuit != NULL, -1);
  for (guint i = 0; i < circuit->names->len; i++)
    if (elem_types[g_array_index (circuit->param_types, guint, i)].type == ELEM_R
        && g_array_index (circuit->in_parallel, gboolean, i))
      return i;
  return -1;
}

static int
compare_freq_desc (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const double *freq = user_data;
  double fa = freq[*(const guint *) a], fb = freq[*(const guint *) b];

  return fa < fb ? 1 : fa > fb ? -1 : 0;
}

/* The first arc from high to low frequency: its apex (largest −Z'') and its end (the minimum
 * of −Z'' after the apex where a diffusion tail or a second arc begins), so that a tail does
 * not count as arc width. Without such a valley the arc ends at the last point. */
static void
find_first_arc (const IscEisSpectrum *s,
                double               *re_end,
                double               *f_apex)
{
  g_autofree guint *order = g_new (guint, s->n);
  guint apex = 0, valley = 0;

  for (guint i = 0; i < s->n; i++)
    order[i] = i;
  g_qsort_with_data (order, s->n, sizeof (guint), compare_freq_desc, (gpointer) s->freq);
  for (guint k = 1; k < s->n; k++)
    {
      double y = -s->im[order[k]];

      if (valley == 0 && y > -s->im[order[apex]])
        apex = k;
      else if (valley == 0 && y < 0.9 * -s->im[order[apex]])
        valley = k;
      else if (valley != 0 && y <= -s->im[order[valley]])
        valley = k;
      else if (valley != 0 && y > 1.1 * -s->im[order[valley]] + 1e-12 * fabs (s->re[order[valley]]))
        break;
    }
  *re_end = s->re[order[valley != 0 ? valley : s->n - 1]];
  *f_apex = s->freq[order[apex]];
}

void
isc_eis_circuit_guess_initial (const IscEisCircuit  *circuit,
                               const IscEisSpectrum *spectrum,
                               double               *params)
{
  double re_min = G_MAXDOUBLE, re_max = -G_MAXDOUBLE, f_min = G_MAXDOUBLE, f_max = 0;
  double f_apex = 1, re_end;
  double span, tail, r_share;
  guint n_series_r = 0, n_other = 0;

  g_return_if_fail (circuit != NULL && spectrum != NULL && params != NULL);

  for (guint i = 0; i < spectrum->n; i++)
    {
      re_min = MIN (re_min, spectrum->re[i]);
      re_max = MAX (re_max, spectrum->re[i]);
      f_min = MIN (f_min, spectrum->freq[i]);
      f_max = MAX (f_max, spectrum->freq[i]);
    }
  if (spectrum->n == 0)
    re_min = re_max = re_end = f_min = f_max = 1;
  else
    find_first_arc (spectrum, &re_end, &f_apex);
  re_min = MAX (re_min, 1e-3 * MAX (re_max, 1e-9));
  /* The arc's width goes to the resistances, what lies beyond it to the diffusion elements. */
  span = MAX (re_end - re_min, 1e-3 * re_max);
  tail = MAX (re_max - re_end, span);
  /* Count the resistances that share the arc, beside the series resistance at the
   * high-frequency intercept. */
  for (guint i = 0; i < circuit->names->len; i++)
    {
      ElemType type = elem_types[g_array_index (circuit->param_types, guint, i)].type;
      gboolean parallel = g_array_index (circuit->in_parallel, gboolean, i);

      if (type == ELEM_R && !parallel && n_series_r == 0)
        n_series_r++;
      else if (type == ELEM_R)
        n_other++;
    }
  r_share = span / MAX (n_other, 1);

  n_series_r = 0;
  for (guint i = 0; i < circuit->names->len; i++)
    {
      ElemType type = elem_types[g_array_index (circuit->param_types, guint, i)].type;
      guint slot = g_array_index (circuit->param_slot, guint, i);
      gboolean parallel = g_array_index (circuit->in_parallel, gboolean, i);

      switch (type)
        {
        case ELEM_R:
          params[i] = !parallel && n_series_r++ == 0 ? re_min : r_share;
          break;
        case ELEM_C:
          params[i] = 1.0 / (2 * G_PI * f_apex * r_share);
          break;
        case ELEM_CPE:
          params[i] = slot == 0 ? 1.0 / (2 * G_PI * f_apex * r_share) : 0.9;
          break;
        case ELEM_L:
          params[i] = 1e-3 * re_min / (2 * G_PI * f_max);
          break;
        case ELEM_W:
          /* |Z_W| at the lowest frequency spans the tail. */
          params[i] = tail * sqrt (2 * G_PI * f_min) / G_SQRT2;
          break;
        case ELEM_WO:
        case ELEM_WS:
          params[i] = slot == 0 ? tail : 1.0 / (2 * G_PI * f_min);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}
