/* range-io.c: range-file parsers and the .rrng writer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <math.h>
#include <string.h>

#include <unistd.h>

#include "isc-regular-file.h"
#include "nxapm-io.h"
#include "range-io.h"

#define RANGE_FILE_MAX_BYTES (64u << 20)

typedef struct
{
  char  *text;     /* stripped, points into the owned buffer */
  guint  lineno;   /* 1-based line number in the file */
} Line;

/* Splits @text into stripped lines; drops blank lines and, when @comments, '#' lines.
 * Fails on NUL bytes (binary junk). */
static GArray *
split_lines (const char  *path,
             const char  *text,
             gsize        len,
             gboolean     comments,
             char       **buffer,
             GError     **error)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  char *copy, *p;
  guint lineno = 0;

  if (memchr (text, '\0', len) != NULL)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT,
                   "%s: binary data at byte %" G_GSIZE_FORMAT ", expected a text range file",
                   path, (gsize) ((const char *) memchr (text, '\0', len) - text));
      g_array_unref (lines);
      return NULL;
    }
  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      len -= 3;
    }

  /* Old range files are latin-1 ("µ", "°"), damaged ones anything: names end up in
   * messages and the project file, so they must be UTF-8. */
  if (g_utf8_validate (text, len, NULL))
    copy = g_strndup (text, len);
  else
    copy = g_convert (text, len, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  p = copy;
  while (p != NULL && *p != '\0')
    {
      char *next = strchr (p, '\n');
      Line line;

      if (next != NULL)
        *next++ = '\0';
      lineno++;
      line.text = g_strstrip (p);
      line.lineno = lineno;
      if (line.text[0] != '\0' && !(comments && line.text[0] == '#'))
        g_array_append_val (lines, line);
      p = next;
    }
  *buffer = copy;
  return lines;
}

/* Whitespace-separated tokens (owned strv). */
static char **
tokens_of (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *p = text;

  while (*p != '\0')
    {
      const char *start;

      while (*p == ' ' || *p == '\t' || *p == '\r')
        p++;
      if (*p == '\0')
        break;
      start = p;
      while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r')
        p++;
      {
        g_autofree char *token = g_strndup (start, p - start);

        g_strv_builder_add (builder, token);
      }
    }
  return g_strv_builder_end (builder);
}

/* Parses a finite number, accepting a decimal comma (German-locale exports). */
static gboolean
parse_number (const char *token,
              double     *out)
{
  g_autofree char *copy = g_strdup (token);
  char *end = NULL;

  g_strdelimit (copy, ",", '.');
  errno = 0;
  *out = g_ascii_strtod (copy, &end);
  return copy[0] != '\0' && end != copy && *end == '\0' && errno == 0 && isfinite (*out);
}

static gboolean
parse_count (const char *token,
             guint       max,
             guint      *out)
{
  double v;

  if (!parse_number (token, &v) || v < 0 || v > max || fabs (v - round (v)) > 1e-6)
    return FALSE;
  *out = (guint) round (v);
  return TRUE;
}

static gboolean
parse_hex_color (const char *hex,
                 double      color[3])
{
  guint rgb = 0;

  if (strlen (hex) != 6)
    return FALSE;
  for (int i = 0; i < 6; i++)
    {
      if (!g_ascii_isxdigit (hex[i]))
        return FALSE;
      rgb = rgb * 16 + g_ascii_xdigit_value (hex[i]);
    }
  color[0] = ((rgb >> 16) & 0xff) / 255.0;
  color[1] = ((rgb >> 8) & 0xff) / 255.0;
  color[2] = (rgb & 0xff) / 255.0;
  return TRUE;
}

/* "NiO", "O2", "B2" … from an element list (count 1 omitted). */
static char *
formula_of (const IscElementCount *elements,
            guint                  n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_string_append (s, elements[i].symbol);
      if (elements[i].count != 1)
        g_string_append_printf (s, "%u", elements[i].count);
    }
  return g_string_free (s, FALSE);
}

static char *
excerpt (const char *text)
{
  /* Keeps error messages on one short line, with no more of the file than the bad token. */
  return isc_error_excerpt (text, 40);
}

/* ---------------------------------------------------------------------------------------- */
/* RRNG                                                                                     */

typedef enum { SECTION_NONE, SECTION_IONS, SECTION_RANGES, SECTION_OTHER } Section;

static gboolean
parse_rrng_range (IscRangeSet  *set,
                  const char   *value,
                  GError      **error)
{
  g_auto(GStrv) tokens = tokens_of (value);
  IscElementCount elements[ISC_MAX_ELEMENTS_PER_ION];
  guint n_elements = 0;
  const char *name = NULL;
  double color[3];
  gboolean have_color = FALSE;
  g_autofree char *formula = NULL;
  double low, high;
  int type;

  if (g_strv_length (tokens) < 2 || !parse_number (tokens[0], &low) || !parse_number (tokens[1], &high))
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "expected “low high” in Da, found “%s”", value);
      return FALSE;
    }

  for (guint i = 2; tokens[i] != NULL; i++)
    {
      char *colon = strchr (tokens[i], ':');
      g_autofree char *key = NULL;
      const char *val;

      if (colon == NULL || colon == tokens[i])
        {
          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "expected key:value, found “%s”", tokens[i]);
          return FALSE;
        }
      key = g_ascii_strdown (tokens[i], colon - tokens[i]);
      val = colon + 1;

      if (g_str_equal (key, "vol"))
        continue;   /* atomic volume: not used */
      else if (g_str_equal (key, "name"))
        name = val;
      else if (g_str_equal (key, "color") || g_str_equal (key, "colour"))
        {
          if (!parse_hex_color (val, color))
            {
              g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "colour “%s” is not RRGGBB", val);
              return FALSE;
            }
          have_color = TRUE;
        }
      else
        {
          guint count;
          gsize symbol_len = colon - tokens[i];
          gboolean merged = FALSE;

          if (!parse_count (val, 1000, &count))
            {
              g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "“%s” is not an element count", tokens[i]);
              return FALSE;
            }
          if (count == 0)
            continue;
          if (symbol_len >= sizeof elements[0].symbol)
            {
              g_set_error (error, ISC_APT_ERROR, ISC_ERROR_UNSUPPORTED,
                           "element label “%.*s” is longer than 3 characters", (int) symbol_len, tokens[i]);
              return FALSE;
            }
          for (guint k = 0; k < n_elements && !merged; k++)
            if (strncmp (elements[k].symbol, tokens[i], symbol_len) == 0 && elements[k].symbol[symbol_len] == '\0')
              {
                elements[k].count += count;
                merged = TRUE;
              }
          if (merged)
            continue;
          if (n_elements >= ISC_MAX_ELEMENTS_PER_ION)
            {
              g_set_error (error, ISC_APT_ERROR, ISC_ERROR_UNSUPPORTED,
                           "more than %d elements in one ion", ISC_MAX_ELEMENTS_PER_ION);
              return FALSE;
            }
          memset (&elements[n_elements], 0, sizeof elements[n_elements]);
          memcpy (elements[n_elements].symbol, tokens[i], symbol_len);
          elements[n_elements].count = count;
          n_elements++;
        }
    }

  /* 3Depict ignores range lines that name neither an element nor an ion. */
  if (n_elements == 0 && (name == NULL || name[0] == '\0'))
    return TRUE;

  if (name == NULL || name[0] == '\0')
    name = formula = formula_of (elements, n_elements);
  type = isc_range_set_add_ion_type (set, name, elements, n_elements, have_color ? color : NULL, error);
  if (type < 0)
    return FALSE;
  return isc_range_set_add_range (set, low, high, (guint8) type, error);
}

IscRangeSet *
isc_range_set_parse_rrng (const char  *path,
                          const char  *text,
                          gsize        len,
                          GError     **error)
{
  g_autoptr(IscRangeSet) set = isc_range_set_new ();
  g_autofree char *buffer = NULL;
  g_autoptr(GArray) lines = NULL;
  Section section = SECTION_NONE;
  gboolean saw_ranges = FALSE;

  lines = split_lines (path, text, len, TRUE, &buffer, error);
  if (lines == NULL)
    return NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);
      char *eq;
      g_autofree char *key = NULL;
      g_autofree char *shown = NULL;

      if (line->text[0] == '[')
        {
          g_autofree char *name = g_ascii_strdown (line->text, -1);

          if (g_str_equal (name, "[ions]"))
            section = SECTION_IONS;
          else if (g_str_equal (name, "[ranges]"))
            {
              section = SECTION_RANGES;
              saw_ranges = TRUE;
            }
          else
            section = SECTION_OTHER;
          continue;
        }

      eq = strchr (line->text, '=');
      if (section == SECTION_NONE || eq == NULL)
        {
          shown = excerpt (line->text);
          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT,
                       "%s: line %u: expected %s, found “%s”", path, line->lineno,
                       section == SECTION_NONE ? "an [Ions] or [Ranges] section" : "key=value", shown);
          return NULL;
        }
      key = g_ascii_strdown (line->text, eq - line->text);
      g_strstrip (key);
      /* Counts are not used to allocate, but one the file cannot hold (more entries than it
       * has lines) marks a damaged file. */
      if ((section == SECTION_IONS || section == SECTION_RANGES) && g_str_equal (key, "number"))
        {
          guint count;

          if (!parse_count (g_strstrip (eq + 1), lines->len, &count))
            {
              shown = excerpt (line->text);
              g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT,
                           "%s: line %u: expected Number=N with N at most the %u lines of the file, found “%s”",
                           path, line->lineno, lines->len, shown);
              return NULL;
            }
          continue;
        }
      if (section != SECTION_RANGES)
        continue;
      if (!g_str_has_prefix (key, "range"))
        {
          shown = excerpt (line->text);
          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT,
                       "%s: line %u: expected RangeN=…, found “%s”", path, line->lineno, shown);
          return NULL;
        }
      /* The K of RangeK is ignored: some writers repeat Range1= on every line. */
      if (!parse_rrng_range (set, eq + 1, error))
        {
          g_prefix_error (error, "%s: line %u: ", path, line->lineno);
          return NULL;
        }
    }

  if (!saw_ranges)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: no [Ranges] section, not an RRNG range file", path);
      return NULL;
    }
  set->source_path = g_strdup (path);
  return g_steal_pointer (&set);
}

/* ---------------------------------------------------------------------------------------- */
/* RNG (ORNL)                                                                               */

typedef struct
{
  guint    n_ions;
  guint    n_ranges;
  char   **names;        /* short names, n_ions */
  double  *colors;       /* 3 per ion */
  double  *low, *high;   /* n_ranges */
  guint   *counts;       /* n_ranges × n_ions */
  guint   *row_line;     /* line number of each row */
  guint    end;          /* index of the first line after the table */
} RngTable;

static void
rng_table_clear (RngTable *t)
{
  g_strfreev (t->names);
  g_free (t->colors);
  g_free (t->low);
  g_free (t->high);
  g_free (t->counts);
  g_free (t->row_line);
  memset (t, 0, sizeof *t);
}

static gboolean
rng_fail (GError     **error,
          const char  *path,
          const Line  *line,
          const char  *expected)
{
  g_autofree char *shown = line != NULL ? excerpt (line->text) : NULL;

  if (line == NULL)
    g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: file ends early, expected %s", path, expected);
  else
    g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: line %u: expected %s, found “%s”",
                 path, line->lineno, expected, shown);
  return FALSE;
}

/* Reads one ORNL table starting at line @start: counts, name block, dash line, rows. */
static gboolean
parse_rng_table (const char  *path,
                 GArray      *lines,
                 guint        start,
                 RngTable    *t,
                 GError     **error)
{
  guint pos = start;
  g_auto(GStrv) header = NULL;
  Line *line;

#define NEXT_LINE() (pos < lines->len ? &g_array_index (lines, Line, pos++) : NULL)

  memset (t, 0, sizeof *t);
  line = NEXT_LINE ();
  if (line == NULL)
    return rng_fail (error, path, NULL, "“ions ranges” counts");
  header = tokens_of (line->text);
  if (g_strv_length (header) != 2 || !parse_count (header[0], ISC_MAX_ION_TYPES, &t->n_ions)
      || !parse_count (header[1], G_MAXINT, &t->n_ranges) || t->n_ions == 0)
    return rng_fail (error, path, line, "two counts “ions ranges” (at most 254 ions)");
  /* Every declared line must exist: refuse absurd counts before allocating. */
  if ((guint64) 2 * t->n_ions + 1 + t->n_ranges > lines->len - start)
    return rng_fail (error, path, line, "as many name and range lines as the counts announce");

  t->names = g_new0 (char *, t->n_ions + 1);
  t->colors = g_new0 (double, 3 * t->n_ions);
  for (guint k = 0; k < t->n_ions; k++)
    {
      g_auto(GStrv) tokens = NULL;

      NEXT_LINE ();   /* long name: free text */
      line = NEXT_LINE ();
      if (line == NULL)
        return rng_fail (error, path, NULL, "an ion's short name and colour");
      tokens = tokens_of (line->text);
      if (g_strv_length (tokens) < 4)
        return rng_fail (error, path, line, "“ShortName r g b”");
      for (int c = 0; c < 3; c++)
        if (!parse_number (tokens[1 + c], &t->colors[3 * k + c]))
          return rng_fail (error, path, line, "“ShortName r g b” with colour components in 0..1");
        else
          t->colors[3 * k + c] = CLAMP (t->colors[3 * k + c], 0.0, 1.0);
      for (guint j = 0; j < k; j++)
        if (g_str_equal (t->names[j], tokens[0]))
          return rng_fail (error, path, line, "a short name not used before");
      t->names[k] = g_strdup (tokens[0]);
    }

  line = NEXT_LINE ();
  if (line == NULL || line->text[0] != '-')
    return rng_fail (error, path, line, "the “-----” line before the range table");

  t->low = g_new (double, MAX (t->n_ranges, 1));
  t->high = g_new (double, MAX (t->n_ranges, 1));
  t->counts = g_new0 (guint, (gsize) MAX (t->n_ranges, 1) * t->n_ions);
  t->row_line = g_new (guint, MAX (t->n_ranges, 1));
  for (guint r = 0; r < t->n_ranges; r++)
    {
      g_auto(GStrv) tokens = NULL;
      guint n, first;

      line = NEXT_LINE ();
      if (line == NULL)
        return rng_fail (error, path, NULL, "another range row");
      tokens = tokens_of (line->text);
      n = g_strv_length (tokens);
      /* The first column ('.', sometimes a number) is vestigial and sometimes missing. */
      if (n == t->n_ions + 3)
        first = 1;
      else if (n == t->n_ions + 2)
        first = 0;
      else
        {
          g_autofree char *what = g_strdup_printf ("“. low high” and %u ion columns", t->n_ions);
          return rng_fail (error, path, line, what);
        }
      if (!parse_number (tokens[first], &t->low[r]) || !parse_number (tokens[first + 1], &t->high[r]))
        return rng_fail (error, path, line, "numeric low and high m/n");
      for (guint k = 0; k < t->n_ions; k++)
        if (!parse_count (tokens[first + 2 + k], 1000, &t->counts[(gsize) r * t->n_ions + k]))
          return rng_fail (error, path, line, "whole, non-negative ion counts");
      t->row_line[r] = line->lineno;
    }
  t->end = pos;
  return TRUE;
#undef NEXT_LINE
}

/* Elements of a column's short name, or 0 when the name is not a formula ("In-P"). */
static guint
column_elements (const char      *name,
                 IscElementCount *elements)
{
  guint n = 0;

  if (!isc_parse_formula (name, elements, &n, NULL))
    return 0;
  return n;
}

/* The composite name for a row: concatenated short names with counts > 1. */
static char *
row_name (const RngTable *t,
          const guint    *order,
          guint           n,
          const guint    *row,
          gboolean        explicit_ones)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_string_append (s, t->names[order[i]]);
      if (row[order[i]] != 1 || explicit_ones)
        g_string_append_printf (s, "%u", row[order[i]]);
    }
  return g_string_free (s, FALSE);
}

/* Heap's algorithm over the row's columns, looking for a declared composite name. */
static int
match_composed (const RngTable *t,
                const gboolean *composable,
                guint          *cols,
                guint           n,
                const guint    *row)
{
  guint c[ISC_MAX_ELEMENTS_PER_ION] = { 0 };
  guint i = 1;

  for (;;)
    {
      for (int ones = 0; ones < 2; ones++)
        {
          g_autofree char *name = row_name (t, cols, n, row, ones);

          for (guint k = 0; k < t->n_ions; k++)
            if (composable[k] && g_str_equal (t->names[k], name))
              return (int) k;
        }
      while (i < n && c[i] >= i)
        c[i++] = 0;
      if (i >= n)
        return -1;
      {
        guint j = (i % 2 == 0) ? 0 : c[i], tmp = cols[j];

        cols[j] = cols[i];
        cols[i] = tmp;
      }
      c[i]++;
      i = 1;
    }
}

static IscRangeSet *
build_rng (const char      *path,
           const RngTable  *t,
           GError         **error)
{
  g_autoptr(IscRangeSet) set = isc_range_set_new ();
  g_autofree int *declared = g_new (int, t->n_ions);
  g_autofree gboolean *composable = g_new0 (gboolean, t->n_ions);
  gboolean any_composable = FALSE;

  for (guint k = 0; k < t->n_ions; k++)
    {
      IscElementCount elements[ISC_MAX_ELEMENTS_PER_ION];
      guint n = column_elements (t->names[k], elements);

      declared[k] = isc_range_set_add_ion_type (set, t->names[k], elements, n, &t->colors[3 * k], error);
      if (declared[k] < 0)
        return NULL;
    }

  /* Columns that are zero in every row may name combinations (3Depict's heuristic for
   * tables such as "CuNi4" beside "Cu" and "Ni"). */
  for (guint k = 0; k < t->n_ions; k++)
    {
      composable[k] = TRUE;
      for (guint r = 0; r < t->n_ranges && composable[k]; r++)
        composable[k] = t->counts[(gsize) r * t->n_ions + k] == 0;
      any_composable |= composable[k];
    }

  for (guint r = 0; r < t->n_ranges; r++)
    {
      const guint *row = &t->counts[(gsize) r * t->n_ions];
      guint cols[ISC_MAX_ELEMENTS_PER_ION];
      guint n_cols = 0, total = 0;
      int type = -1;

      for (guint k = 0; k < t->n_ions; k++)
        if (row[k] > 0)
          {
            if (n_cols >= ISC_MAX_ELEMENTS_PER_ION)
              {
                g_set_error (error, ISC_APT_ERROR, ISC_ERROR_UNSUPPORTED,
                             "%s: line %u: more than %d ion columns in one row", path, t->row_line[r],
                             ISC_MAX_ELEMENTS_PER_ION);
                return NULL;
              }
            cols[n_cols++] = k;
            total += row[k];
          }

      if (total == 0)
        continue;   /* a row assigning no ion carries no information */
      if (total == 1)
        type = declared[cols[0]];
      else if (any_composable)
        {
          int k = match_composed (t, composable, cols, n_cols, row);

          if (k < 0)
            {
              g_autofree char *name = row_name (t, cols, n_cols, row, FALSE);

              g_set_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID,
                           "%s: line %u: range %g–%g Da combines several ions (%s) but no ion of the name "
                           "block stands for that combination", path, t->row_line[r], t->low[r], t->high[r], name);
              return NULL;
            }
          type = declared[k];
        }
      else
        {
          IscElementCount elements[ISC_MAX_ELEMENTS_PER_ION];
          guint n_elements = 0;
          gboolean chemical = TRUE;
          g_autofree char *name = row_name (t, cols, n_cols, row, FALSE);

          for (guint i = 0; i < n_cols && chemical; i++)
            {
              IscElementCount part[ISC_MAX_ELEMENTS_PER_ION];
              guint n_part = column_elements (t->names[cols[i]], part);

              chemical = n_part > 0;
              for (guint j = 0; j < n_part && chemical; j++)
                {
                  gboolean merged = FALSE;

                  for (guint e = 0; e < n_elements && !merged; e++)
                    if (g_str_equal (elements[e].symbol, part[j].symbol))
                      {
                        elements[e].count += part[j].count * row[cols[i]];
                        merged = TRUE;
                      }
                  if (!merged)
                    {
                      if (n_elements >= ISC_MAX_ELEMENTS_PER_ION)
                        chemical = FALSE;
                      else
                        {
                          elements[n_elements] = part[j];
                          elements[n_elements++].count *= row[cols[i]];
                        }
                    }
                }
            }
          type = isc_range_set_add_ion_type (set, name, elements, chemical ? n_elements : 0, NULL, error);
          if (type < 0)
            return NULL;
        }

      /* ORNL tables from 3Depict's tests must fail on any overlap, even within one ion. */
      if (!isc_range_set_add_range_full (set, t->low[r], t->high[r], (guint8) type, FALSE, error))
        {
          g_prefix_error (error, "%s: line %u: ", path, t->row_line[r]);
          return NULL;
        }
    }
  return g_steal_pointer (&set);
}

/* IVAS appends a second table whose ranges repeat molecular ranges of the first and carry the
 * molecule's name and colour: rename the matching ion types. */
static gboolean
apply_polyatomic_extension (const char      *path,
                            IscRangeSet     *set,
                            const RngTable  *ext,
                            GError         **error)
{
  g_autofree char **renamed = g_new0 (char *, set->ion_types->len);

  for (guint r = 0; r < ext->n_ranges; r++)
    {
      const guint *row = &ext->counts[(gsize) r * ext->n_ions];
      guint k = 0;

      while (k < ext->n_ions && row[k] == 0)
        k++;
      if (k == ext->n_ions)
        continue;
      for (guint i = 0; i < set->ranges->len; i++)
        {
          const IscRange *range = &g_array_index (set->ranges, IscRange, i);
          IscIonType *type;

          if ((float) range->low != (float) ext->low[r] || (float) range->high != (float) ext->high[r])
            continue;
          type = g_ptr_array_index (set->ion_types, range->ion_type);
          if (renamed[range->ion_type] != NULL && !g_str_equal (renamed[range->ion_type], ext->names[k]))
            {
              g_set_error (error, ISC_APT_ERROR, ISC_ERROR_INVALID,
                           "%s: line %u: polyatomic extension names ion %s both %s and %s",
                           path, ext->row_line[r], type->name, renamed[range->ion_type], ext->names[k]);
              return FALSE;
            }
          g_free (type->name);
          type->name = g_strdup (ext->names[k]);
          memcpy (type->color, &ext->colors[3 * k], sizeof type->color);
          renamed[range->ion_type] = ext->names[k];
        }
    }
  return TRUE;
}

IscRangeSet *
isc_range_set_parse_rng (const char  *path,
                         const char  *text,
                         gsize        len,
                         GError     **error)
{
  g_autoptr(IscRangeSet) set = NULL;
  g_autofree char *buffer = NULL;
  g_autoptr(GArray) lines = NULL;
  RngTable main_table, ext;
  gboolean ok;

  lines = split_lines (path, text, len, FALSE, &buffer, error);
  if (lines == NULL)
    return NULL;

  if (!parse_rng_table (path, lines, 0, &main_table, error))
    {
      rng_table_clear (&main_table);
      return NULL;
    }
  set = build_rng (path, &main_table, error);
  if (set == NULL)
    {
      rng_table_clear (&main_table);
      return NULL;
    }

  /* "--- polyatomic extension": the next line starting with '-' opens a second table. */
  ok = TRUE;
  for (guint i = main_table.end; i < lines->len; i++)
    if (g_array_index (lines, Line, i).text[0] == '-')
      {
        ok = parse_rng_table (path, lines, i + 1, &ext, error)
             && apply_polyatomic_extension (path, set, &ext, error);
        rng_table_clear (&ext);
        break;
      }
  rng_table_clear (&main_table);
  if (!ok)
    return NULL;

  set->source_path = g_strdup (path);
  return g_steal_pointer (&set);
}

/* ---------------------------------------------------------------------------------------- */
/* ENV (GPM Rouen)                                                                          */

IscRangeSet *
isc_range_set_parse_env (const char  *path,
                         const char  *text,
                         gsize        len,
                         GError     **error)
{
  g_autoptr(IscRangeSet) set = isc_range_set_new ();
  g_autofree char *buffer = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autofree int *declared = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) header = NULL;
  guint pos = 0, n_el, n_ranges;
  Line *line;

  lines = split_lines (path, text, len, TRUE, &buffer, error);
  if (lines == NULL)
    return NULL;

  /* Rev 0.3 files append comments after ';'. */
  for (guint i = 0; i < lines->len; i++)
    {
      Line *l = &g_array_index (lines, Line, i);
      char *semi = strchr (l->text, ';');

      if (semi != NULL)
        {
          *semi = '\0';
          g_strstrip (l->text);
        }
    }

  if (pos < lines->len && g_ascii_strncasecmp (g_array_index (lines, Line, pos).text, "rev", 3) == 0)
    pos++;
  line = pos < lines->len ? &g_array_index (lines, Line, pos++) : NULL;
  if (line == NULL)
    {
      rng_fail (error, path, NULL, "“elements ranges” counts");
      return NULL;
    }
  header = tokens_of (line->text);
  if (g_strv_length (header) != 2 || !parse_count (header[0], ISC_MAX_ION_TYPES, &n_el)
      || !parse_count (header[1], G_MAXINT, &n_ranges) || n_el == 0
      || (guint64) n_el + n_ranges > lines->len - pos)
    {
      rng_fail (error, path, line, "two counts “elements ranges” matching the lines that follow");
      return NULL;
    }

  declared = g_new (int, n_el);
  names = g_new0 (char *, n_el + 1);
  for (guint k = 0; k < n_el; k++)
    {
      g_auto(GStrv) tokens = NULL;
      IscElementCount elements[ISC_MAX_ELEMENTS_PER_ION];
      guint n = 0;
      double color[3];

      line = &g_array_index (lines, Line, pos++);
      tokens = tokens_of (line->text);
      if (g_strv_length (tokens) < 4 || !parse_number (tokens[1], &color[0])
          || !parse_number (tokens[2], &color[1]) || !parse_number (tokens[3], &color[2]))
        {
          rng_fail (error, path, line, "“Name r g b”");
          return NULL;
        }
      for (int c = 0; c < 3; c++)
        color[c] = CLAMP (color[c], 0.0, 1.0);
      if (!isc_parse_formula (tokens[0], elements, &n, NULL))
        n = 0;
      declared[k] = isc_range_set_add_ion_type (set, tokens[0], elements, n, color, error);
      if (declared[k] < 0)
        return NULL;
      names[k] = g_strdup (tokens[0]);
    }

  for (guint r = 0; r < n_ranges; r++)
    {
      g_auto(GStrv) tokens = NULL;
      double low, high;
      int k;

      line = &g_array_index (lines, Line, pos++);
      tokens = tokens_of (line->text);
      if (g_strv_length (tokens) < 3 || !parse_number (tokens[1], &low) || !parse_number (tokens[2], &high))
        {
          rng_fail (error, path, line, "“Name low high [volume increment]”");
          return NULL;
        }
      for (k = 0; k < (int) n_el && !g_str_equal (names[k], tokens[0]); k++)
        ;
      if (k == (int) n_el)
        {
          rng_fail (error, path, line, "a range of an element listed above");
          return NULL;
        }
      if (!isc_range_set_add_range (set, low, high, (guint8) declared[k], error))
        {
          g_prefix_error (error, "%s: line %u: ", path, line->lineno);
          return NULL;
        }
    }
  /* Instrument parameters follow; Ionscape does not use them. */
  set->source_path = g_strdup (path);
  return g_steal_pointer (&set);
}

/* ---------------------------------------------------------------------------------------- */

const char *
isc_range_set_guess_format (const char *path,
                            const char *text,
                            gsize       len)
{
  const char *dot = path != NULL ? strrchr (path, '.') : NULL;

  if (dot != NULL && strchr (dot, G_DIR_SEPARATOR) == NULL)
    {
      if (g_ascii_strcasecmp (dot, ".rrng") == 0)
        return "rrng";
      if (g_ascii_strcasecmp (dot, ".rng") == 0)
        return "rng";
      if (g_ascii_strcasecmp (dot, ".env") == 0)
        return "env";
    }
  /* No telling suffix: an INI section marks RRNG; ENV files start with comments or "Rev". */
  for (gsize i = 0; i + 8 <= len; i++)
    if (g_ascii_strncasecmp (text + i, "[ranges]", 8) == 0)
      return "rrng";
  if (len > 0 && (text[0] == '#' || g_ascii_strncasecmp (text, "rev", 3) == 0))
    return "env";
  return "rng";
}

IscRangeSet *
isc_range_set_load (const char  *path,
                    GError     **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  const char *format;

  g_return_val_if_fail (path != NULL, NULL);

  /* NeXus files carry ranging definitions next to (possibly large) ion data. Only regular
   * files are opened: a FIFO would block the open () and the read forever. */
  {
    char magic[8];
    gsize got = 0;

    if (!isc_regular_file_read_head (path, ISC_APT_ERROR, magic, sizeof magic, &got, error))
      return NULL;
    if (got == sizeof magic && memcmp (magic, "\x89HDF\r\n\x1a\n", 8) == 0)
      return isc_range_set_load_nxapm (path, error);
  }

  if (!isc_regular_file_get_contents (path, ISC_APT_ERROR, RANGE_FILE_MAX_BYTES, &text, &len, error))
    return NULL;
  if (len == 0)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_FORMAT, "%s: the file is empty", path);
      return NULL;
    }

  format = isc_range_set_guess_format (path, text, len);
  if (g_str_equal (format, "rrng"))
    return isc_range_set_parse_rrng (path, text, len, error);
  if (g_str_equal (format, "env"))
    return isc_range_set_parse_env (path, text, len, error);
  return isc_range_set_parse_rng (path, text, len, error);
}

/* ---------------------------------------------------------------------------------------- */
/* RRNG writer                                                                              */

static void
append_number (GString *s,
               double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* Four decimals as IVAS writes them, unless that would lose the value. */
  g_ascii_formatd (buf, sizeof buf, "%.4f", v);
  if (g_ascii_strtod (buf, NULL) != v)
    g_ascii_formatd (buf, sizeof buf, "%.17g", v);
  g_string_append (s, buf);
}

static char *
safe_name (const char *name)
{
  char *copy = g_strdup (name);

  /* Tokens are whitespace- and colon-separated in RRNG. */
  g_strdelimit (copy, " \t\r\n:=", '_');
  return copy;
}

char *
isc_range_set_to_rrng (const IscRangeSet *set)
{
  GString *s = g_string_new ("# Written by Ionscape\n[Ions]\n");
  g_autofree guint *order = NULL;
  g_autofree gboolean *listed = NULL;
  guint n_listed = 0;

  g_return_val_if_fail (set != NULL, NULL);

  /* Ions in the order their first range appears, so that writing what was read back
   * reproduces the same bytes (readers create ion types in range order). */
  order = g_new (guint, set->ion_types->len + 1);
  listed = g_new0 (gboolean, set->ion_types->len + 1);
  for (guint i = 0; i < set->ranges->len; i++)
    {
      guint8 t = g_array_index (set->ranges, IscRange, i).ion_type;

      if (!listed[t])
        {
          listed[t] = TRUE;
          order[n_listed++] = t;
        }
    }
  /* Ion types without a window cannot be expressed in RRNG: readers create ions from ranges. */
  g_string_append_printf (s, "Number=%u\n", n_listed);
  for (guint i = 0; i < n_listed; i++)
    {
      const IscIonType *type = g_ptr_array_index (set->ion_types, order[i]);
      g_autofree char *name = safe_name (type->name);

      g_string_append_printf (s, "Ion%u=%s\n", i + 1, name);
    }
  g_string_append_printf (s, "[Ranges]\nNumber=%u\n", set->ranges->len);
  for (guint i = 0; i < set->ranges->len; i++)
    {
      const IscRange *range = &g_array_index (set->ranges, IscRange, i);
      const IscIonType *type = g_ptr_array_index (set->ion_types, range->ion_type);
      g_autofree char *formula = formula_of (type->elements, type->n_elements);
      g_autofree char *name = safe_name (type->name);

      g_string_append_printf (s, "Range%u=", i + 1);
      append_number (s, range->low);
      g_string_append_c (s, ' ');
      append_number (s, range->high);
      g_string_append (s, " Vol:0.00000");
      for (guint j = 0; j < type->n_elements; j++)
        g_string_append_printf (s, " %s:%u", type->elements[j].symbol, type->elements[j].count);
      if (type->n_elements == 0 || !g_str_equal (formula, type->name))
        g_string_append_printf (s, " Name:%s", name);
      g_string_append_printf (s, " Color:%02X%02X%02X\n",
                              (guint) lround (CLAMP (type->color[0], 0, 1) * 255),
                              (guint) lround (CLAMP (type->color[1], 0, 1) * 255),
                              (guint) lround (CLAMP (type->color[2], 0, 1) * 255));
    }
  return g_string_free (s, FALSE);
}

gboolean
isc_range_set_save_rrng (const IscRangeSet  *set,
                         const char         *path,
                         GError            **error)
{
  g_autofree char *text = isc_range_set_to_rrng (set);
  g_autoptr(GError) local = NULL;

  if (!g_file_set_contents (path, text, -1, &local))
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_IO, "%s: cannot write: %s", path, local->message);
      return FALSE;
    }
  return TRUE;
}
