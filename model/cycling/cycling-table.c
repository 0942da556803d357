/* cycling-table.c: every text export (BioLogic .mpt, Arbin, Maccor, Neware, generic CSV) is a
 * delimited table with a preamble; one reader handles them all through a column map.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "cycling-readers-private.h"
#include "isc-regular-file.h"

/* Larger text exports are refused rather than read into memory whole. */
#define TEXT_MAX_BYTES ((gsize) 1 << 31)

typedef struct
{
  char delim;
  gboolean decimal_comma;
  guint header_line;   /* 0-based index of the column-name line */
} TableLayout;

/* ------------------------------------------------------------ column names */

typedef struct
{
  IscCyclingColumn column;
  const char *names[12];   /* normalised names, best first */
} RoleNames;

static const RoleNames roles[] = {
  { ISC_CYCLING_COL_TIME, { "test time", "cumulative time", "total time", "run time", "testtime", "test",
                            "elapsed time", "time", NULL } },
  { ISC_CYCLING_COL_VOLTAGE, { "voltage", "ewe", "ecell", "volts", "potential", "<ewe>", "cell voltage",
                               "voltage v", NULL } },
  { ISC_CYCLING_COL_CURRENT, { "current", "i", "<i>", "amps", "current a", NULL } },
  { ISC_CYCLING_COL_CHARGE_CAPACITY, { "charge capacity", "q charge", "chg. cap.", "chg cap",
                                       "capacitance chg", "charge cap", NULL } },
  { ISC_CYCLING_COL_DISCHARGE_CAPACITY, { "discharge capacity", "q discharge", "dchg. cap.", "dchg cap",
                                          "capacitance dchg", "discharge cap", NULL } },
  { ISC_CYCLING_COL_CAPACITY, { "capacity", "amp-hr", "cap.", "amphr", "cap", NULL } },
  { ISC_CYCLING_COL_CYCLE, { "cycle index", "cycle number", "cycle", "cyc#", "cycle c", "cycle count",
                             "cycle id", NULL } },
  { ISC_CYCLING_COL_STEP, { "step index", "step", "ns", "step id", NULL } },
  { ISC_CYCLING_COL_STATE, { "state", "md", "step type", NULL } },
};

/* "Current(A)" → ("current", "a"); "Q charge/mA.h" → ("q charge", "ma.h"); "Test Time / h" →
 * ("test time", "h"); "Cap. [Ah]" → ("cap.", "ah"). */
static void
split_name_unit (const char  *header,
                 char       **name,
                 char       **unit)
{
  g_autofree char *h = g_utf8_strdown (header, -1);
  char *open = NULL;
  gsize len;
  GString *clean;

  g_strstrip (h);
  len = strlen (h);
  *unit = NULL;
  if (len > 1 && (h[len - 1] == ')' || h[len - 1] == ']'))
    {
      open = strrchr (h, h[len - 1] == ')' ? '(' : '[');
      if (open != NULL)
        {
          h[len - 1] = '\0';
          *unit = g_strstrip (g_strdup (open + 1));
          *open = '\0';
        }
    }
  else if (strstr (h, " / ") != NULL)
    {
      char *slash = g_strrstr (h, " / ");

      *unit = g_strstrip (g_strdup (slash + 3));
      *slash = '\0';
    }
  else if (strchr (h, '/') != NULL)
    {
      char *slash = strrchr (h, '/');

      *unit = g_strstrip (g_strdup (slash + 1));
      *slash = '\0';
    }
  if (*unit == NULL)
    {
      /* batterydata style: "Current_A", "Time_s", "Charge_Capacity_Ah". */
      static const char *const suffixes[] = { "s", "h", "min", "v", "mv", "a", "ma", "ah", "mah", NULL };
      char *us = strrchr (h, '_');

      if (us != NULL && us != h && g_strv_contains (suffixes, us + 1))
        {
          *unit = g_strdup (us + 1);
          *us = '\0';
        }
      else
        *unit = g_strdup ("");
    }

  clean = g_string_new (NULL);
  for (const char *p = h; *p != '\0'; p++)
    {
      char c = *p == '_' ? ' ' : *p;

      if (c == ' ' && (clean->len == 0 || clean->str[clean->len - 1] == ' '))
        continue;
      g_string_append_c (clean, c);
    }
  while (clean->len > 0 && clean->str[clean->len - 1] == ' ')
    g_string_truncate (clean, clean->len - 1);
  *name = g_string_free (clean, FALSE);
}

static double
unit_scale (IscCyclingColumn  column,
            const char       *unit)
{
  switch (column)
    {
    case ISC_CYCLING_COL_TIME:
      if (g_str_equal (unit, "min") || g_str_equal (unit, "mins"))
        return 60;
      if (g_str_equal (unit, "h") || g_str_equal (unit, "hr") || g_str_equal (unit, "hours"))
        return 3600;
      return 1;
    case ISC_CYCLING_COL_VOLTAGE:
      return g_str_equal (unit, "mv") ? 1e-3 : 1;
    case ISC_CYCLING_COL_CURRENT:
      if (g_str_equal (unit, "ma"))
        return 1;
      if (g_str_equal (unit, "µa") || g_str_equal (unit, "ua"))
        return 1e-3;
      return 1000;   /* A, and cyclers that do not say (Arbin, Maccor "Amps") use A */
    case ISC_CYCLING_COL_CHARGE_CAPACITY:
    case ISC_CYCLING_COL_DISCHARGE_CAPACITY:
    case ISC_CYCLING_COL_CAPACITY:
      if (g_str_equal (unit, "mah") || g_str_equal (unit, "ma.h") || g_str_equal (unit, "ma h"))
        return 1;
      if (g_str_equal (unit, "µah") || g_str_equal (unit, "uah") || g_str_equal (unit, "µa.h"))
        return 1e-3;
      return 1000;   /* Ah */
    default:
      return 1;
    }
}

gboolean
isc_cycling_guess_columns (const char * const  *headers,
                           guint                n_headers,
                           IscCyclingColumnMap *map)
{
  int rank[ISC_CYCLING_N_COLS];

  g_return_val_if_fail (map != NULL, FALSE);
  isc_cycling_column_map_init (map);
  for (guint i = 0; i < ISC_CYCLING_N_COLS; i++)
    rank[i] = G_MAXINT;

  for (guint h = 0; h < n_headers; h++)
    {
      g_autofree char *name = NULL;
      g_autofree char *unit = NULL;

      if (headers[h] == NULL)
        continue;
      split_name_unit (headers[h], &name, &unit);
      /* Specific (per gram) and per-area columns are derived, never the raw quantity. */
      if (strstr (unit, "/g") != NULL || strstr (name, "spec") != NULL || strstr (unit, "/cm") != NULL)
        continue;
      for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
        for (int k = 0; roles[r].names[k] != NULL; k++)
          if (g_str_equal (name, roles[r].names[k]) && k < rank[roles[r].column])
            {
              rank[roles[r].column] = k;
              map->index[roles[r].column] = (int) h;
              map->scale[roles[r].column] = unit_scale (roles[r].column, unit);
              /* The newer Maccor export's numeric "TestTime" counts minutes (its DPT Time
               * column advances one minute per 1.0); the classic one writes "0d 00:00:00". */
              if (roles[r].column == ISC_CYCLING_COL_TIME && g_str_equal (name, "testtime") && *unit == '\0')
                map->scale[roles[r].column] = 60;
            }
    }
  /* A single capacity column only matters when the split ones are missing. */
  if (map->index[ISC_CYCLING_COL_CHARGE_CAPACITY] >= 0 && map->index[ISC_CYCLING_COL_DISCHARGE_CAPACITY] >= 0)
    map->index[ISC_CYCLING_COL_CAPACITY] = -1;
  return map->index[ISC_CYCLING_COL_TIME] >= 0 && map->index[ISC_CYCLING_COL_VOLTAGE] >= 0
         && (map->index[ISC_CYCLING_COL_CURRENT] >= 0 || map->index[ISC_CYCLING_COL_CAPACITY] >= 0
             || map->index[ISC_CYCLING_COL_CHARGE_CAPACITY] >= 0);
}

/* ------------------------------------------------------------ fields */

typedef enum
{
  FIELD_OK,
  FIELD_NOT_A_NUMBER,
  FIELD_NOT_FINITE,   /* "nan", "inf", or beyond the double range */
} FieldParse;

/* A number in a data field. @decimal_comma: the file writes "540,0000" (tab- or
 * semicolon-separated German-locale exports); in a comma-separated file a decimal comma can
 * only appear inside quotes ("540,0000"), and is accepted there. */
static FieldParse
parse_field (const char *field,
             gboolean    decimal_comma,
             double     *out)
{
  char buf[64];
  char *end;
  gsize len;
  const char *s = field;
  gboolean quoted;

  while (*s == ' ')
    s++;
  quoted = *s == '"';
  while (*s == ' ' || *s == '"')
    s++;
  len = strlen (s);
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '"' || s[len - 1] == '\r'))
    len--;
  if (len == 0 || len >= sizeof buf)
    return FIELD_NOT_A_NUMBER;
  memcpy (buf, s, len);
  buf[len] = '\0';
  if (decimal_comma || (quoted && memchr (buf, '.', len) == NULL))
    for (gsize i = 0; i < len; i++)
      if (buf[i] == ',')
        buf[i] = '.';
  errno = 0;
  *out = g_ascii_strtod (buf, &end);
  if (end == buf || *end != '\0')
    return FIELD_NOT_A_NUMBER;
  if (!isfinite (*out))
    return FIELD_NOT_FINITE;
  return FIELD_OK;   /* ERANGE with a finite value is an underflow to about 0: fine */
}

static gboolean
parse_number (const char *field,
              gboolean    decimal_comma,
              double     *out)
{
  return parse_field (field, decimal_comma, out) == FIELD_OK;
}

/* "12:34:56.5", "1d 02:00:00.0000", "  0d 00:00:00.0000" → seconds. */
static gboolean
parse_clock (const char *field,
             double     *out)
{
  double days = 0, parts[3] = { 0 };
  guint n = 0;
  const char *p = field;
  char *end;

  while (*p == ' ')
    p++;
  if (strchr (p, 'd') != NULL)
    {
      days = g_ascii_strtod (p, &end);
      if (end == p || *end != 'd')
        return FALSE;
      p = end + 1;
    }
  while (*p != '\0' && n < 3)
    {
      parts[n++] = g_ascii_strtod (p, &end);
      if (end == p)
        return FALSE;
      p = end;
      if (*p == ':')
        p++;
      else
        break;
    }
  while (*p == ' ' || *p == '\r')
    p++;
  if (*p != '\0' || n < 2)
    return FALSE;
  if (n == 2)   /* mm:ss */
    *out = days * 86400 + parts[0] * 60 + parts[1];
  else
    *out = days * 86400 + parts[0] * 3600 + parts[1] * 60 + parts[2];
  return isfinite (*out);
}

static gboolean
numeric_like (const char *field)
{
  double v;

  const char *p = field;

  while (*p == ' ')
    p++;
  return parse_number (field, FALSE, &v) || parse_number (field, TRUE, &v)
         || (strchr (p, ':') != NULL && g_ascii_isdigit (*p));
}

/* +1 charge, -1 discharge, 0 rest or other, from a state cell. */
static int
state_direction (const char *field)
{
  g_autofree char *s = g_ascii_strdown (field, -1);

  g_strstrip (s);
  if (g_str_equal (s, "c"))
    return 1;
  if (g_str_equal (s, "d") || strstr (s, "dchg") != NULL || strstr (s, "discharge") != NULL)
    return -1;
  if (strstr (s, "chg") != NULL || strstr (s, "charge") != NULL)
    return 1;
  return 0;
}

static gboolean
is_blank (const char *line)
{
  for (const char *p = line; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* Splits @line at @delim by writing NULs into it; @out gets pointers into the line. Avoids an
 * allocation per field on files of hundreds of thousands of rows. A delimiter inside double
 * quotes does not split ("540,0000" in a comma-separated file). */
static guint
split_in_place (char      *line,
                char       delim,
                GPtrArray *out)
{
  gboolean quoted = FALSE;

  g_ptr_array_set_size (out, 0);
  g_ptr_array_add (out, line);
  for (char *p = line; *p != '\0'; p++)
    if (*p == '"')
      quoted = !quoted;
    else if (*p == delim && !quoted)
      {
        *p = '\0';
        g_ptr_array_add (out, p + 1);
      }
  return out->len;
}

static char **
split_fields (const char *line,
              char        delim)
{
  g_autofree char *copy = g_strdup (line);
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  GStrvBuilder *builder = g_strv_builder_new ();
  char **fields;

  split_in_place (copy, delim, parts);
  for (guint i = 0; i < parts->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (parts, i));
  fields = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return fields;
}

/* ------------------------------------------------------------ table reading */

static gboolean
read_table (IscCyclingData             *data,
            char                      **lines,
            guint                       n_lines,
            const TableLayout          *layout,
            const IscCyclingColumnMap  *map_in,
            gboolean                    derive_cycle_from_zero,
            GCancellable               *cancellable,
            IscProgressFunc             progress,
            gpointer                    progress_data,
            GError                    **error)
{
  g_auto(GStrv) header = split_fields (lines[layout->header_line], layout->delim);
  guint n_header = g_strv_length (header);
  IscCyclingColumnMap map;
  int needed = -1;
  gboolean split_caps, single_cap;
  const int *ix;
  /* Per-cycle accumulation of a per-step capacity column (Maccor Amp-hr). */
  double offset[2] = { 0, 0 }, last_value[2] = { 0, 0 }, cum[2] = { 0, 0 };
  int last_step[2] = { G_MININT, G_MININT };
  gint32 cycle_prev = G_MININT, derived_cycle = derive_cycle_from_zero ? 0 : 1;
  int last_dir = 0;
  gboolean have_cap;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();

  for (guint i = 0; i < n_header; i++)
    g_strstrip (header[i]);
  if (map_in != NULL)
    map = *map_in;
  else if (!isc_cycling_guess_columns ((const char * const *) header, n_header, &map))
    {
      g_set_error (error, ISC_CYCLING_ERROR, ISC_CYCLING_ERROR_COLUMNS,
                   "%s: line %u: cannot tell time, voltage and current/capacity columns from the header "
                   "(set the column mapping explicitly)", data->source, layout->header_line + 1);
      return FALSE;
    }
  ix = map.index;
  for (guint c = 0; c < ISC_CYCLING_N_COLS; c++)
    {
      if (ix[c] >= (int) n_header && map_in != NULL)
        {
          g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_ARGUMENT,
                       "%s: column %d requested but the header on line %u has %u columns",
                       data->source, ix[c] + 1, layout->header_line + 1, n_header);
          return FALSE;
        }
      needed = MAX (needed, ix[c]);
    }
  if (ix[ISC_CYCLING_COL_TIME] < 0 || ix[ISC_CYCLING_COL_VOLTAGE] < 0)
    {
      g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_ARGUMENT,
                   "%s: the column mapping needs at least a time and a voltage column", data->source);
      return FALSE;
    }
  data->columns = map;
  split_caps = ix[ISC_CYCLING_COL_CHARGE_CAPACITY] >= 0 && ix[ISC_CYCLING_COL_DISCHARGE_CAPACITY] >= 0;
  single_cap = !split_caps && ix[ISC_CYCLING_COL_CAPACITY] >= 0;
  have_cap = split_caps || single_cap;

  for (guint ln = layout->header_line + 1; ln < n_lines; ln++)
    {
      char **f;
      guint nf;
      IscCyclingRecord r = { 0 };
      double v;
      int dir = 0;
      const char *bad = NULL;
      int bad_col = -1;

      if ((ln & 4095) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress != NULL)
            progress ((double) ln / n_lines, progress_data);
        }
      if (is_blank (lines[ln]))
        continue;
      nf = split_in_place (lines[ln], layout->delim, fields);
      f = (char **) fields->pdata;
      if ((int) nf <= needed)
        {
          g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT,
                       "%s: line %u: expected at least %d fields, found %u", data->source, ln + 1,
                       needed + 1, nf);
          return FALSE;
        }

      /* A "nan" or "inf" in any mapped column refuses the file: a cycler writes them only for
       * a broken record, and letting them through changes integrated capacities and energies. */
#define CHECK_FINITE(col)                                                                 \
      G_STMT_START {                                                                      \
        if (ix[col] >= 0 && parse_field (f[ix[col]], layout->decimal_comma, &v) == FIELD_NOT_FINITE) \
          {                                                                               \
            g_autofree char *found = isc_error_excerpt (f[ix[col]], 20);                  \
                                                                                          \
            g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT,                      \
                         "%s: line %u, column %d (“%s”): expected a finite number, found “%s”", \
                         data->source, ln + 1, ix[col] + 1,                               \
                         ix[col] < (int) n_header ? header[ix[col]] : "", found);         \
            return FALSE;                                                                 \
          }                                                                               \
      } G_STMT_END
#define NUM(col, dest, required)                                                          \
      G_STMT_START {                                                                      \
        if (ix[col] >= 0)                                                                 \
          {                                                                               \
            if (parse_number (f[ix[col]], layout->decimal_comma, &v))                     \
              dest = v * map.scale[col];                                                  \
            else if (required)                                                            \
              { bad = f[ix[col]]; bad_col = ix[col]; }                                    \
            else                                                                          \
              dest = NAN;                                                                 \
          }                                                                               \
      } G_STMT_END

      for (guint c = 0; c < ISC_CYCLING_N_COLS; c++)
        if (c != ISC_CYCLING_COL_STATE)
          CHECK_FINITE (c);
#undef CHECK_FINITE

      if (parse_clock (f[ix[ISC_CYCLING_COL_TIME]], &v) && strchr (f[ix[ISC_CYCLING_COL_TIME]], ':') != NULL)
        r.time_s = v;
      else
        NUM (ISC_CYCLING_COL_TIME, r.time_s, TRUE);
      NUM (ISC_CYCLING_COL_VOLTAGE, r.voltage_v, TRUE);
      r.current_ma = NAN;
      NUM (ISC_CYCLING_COL_CURRENT, r.current_ma, TRUE);
      r.step = -1;
      if (ix[ISC_CYCLING_COL_STEP] >= 0 && parse_number (f[ix[ISC_CYCLING_COL_STEP]], layout->decimal_comma, &v))
        r.step = (gint32) CLAMP (v, G_MININT32, G_MAXINT32);
      if (bad != NULL)
        {
          g_autofree char *found = isc_error_excerpt (bad, 20);

          g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT,
                       "%s: line %u, column %d (“%s”): expected a number, found “%s”", data->source,
                       ln + 1, bad_col + 1, header[bad_col], found);
          return FALSE;
        }

      if (ix[ISC_CYCLING_COL_STATE] >= 0)
        {
          dir = state_direction (f[ix[ISC_CYCLING_COL_STATE]]);
          if (isfinite (r.current_ma) && dir != 0)
            r.current_ma = dir * fabs (r.current_ma);
        }
      else if (isfinite (r.current_ma))
        dir = r.current_ma > 0 ? 1 : r.current_ma < 0 ? -1 : 0;

      if (ix[ISC_CYCLING_COL_CYCLE] >= 0)
        {
          if (!parse_number (f[ix[ISC_CYCLING_COL_CYCLE]], layout->decimal_comma, &v))
            {
              g_autofree char *found = isc_error_excerpt (f[ix[ISC_CYCLING_COL_CYCLE]], 20);

              g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT,
                           "%s: line %u: expected a cycle number, found “%s”", data->source, ln + 1, found);
              return FALSE;
            }
          r.cycle = (gint32) CLAMP (round (v), G_MININT32, G_MAXINT32);
        }
      else
        {
          /* A new cycle begins where charging follows discharging (EC-Lab's rule). */
          if (dir == 1 && last_dir == -1)
            derived_cycle++;
          r.cycle = derived_cycle;
        }
      if (dir != 0)
        last_dir = dir;

      if (r.cycle != cycle_prev)
        {
          offset[0] = offset[1] = last_value[0] = last_value[1] = cum[0] = cum[1] = 0;
          last_step[0] = last_step[1] = G_MININT;
          cycle_prev = r.cycle;
        }
      if (split_caps)
        {
          NUM (ISC_CYCLING_COL_CHARGE_CAPACITY, r.charge_mah, FALSE);
          NUM (ISC_CYCLING_COL_DISCHARGE_CAPACITY, r.discharge_mah, FALSE);
          r.charge_mah = fabs (r.charge_mah);
          r.discharge_mah = fabs (r.discharge_mah);
        }
      else if (single_cap)
        {
          double q = NAN;

          NUM (ISC_CYCLING_COL_CAPACITY, q, FALSE);
          if (dir != 0 && isfinite (q))
            {
              int k = dir > 0 ? 0 : 1;

              q = fabs (q);
              /* Per-step counters restart at each step: add up the steps of one direction. */
              if (q < last_value[k] - 1e-12 && r.step != last_step[k])
                offset[k] += last_value[k];
              last_value[k] = q;
              last_step[k] = r.step;
              cum[k] = offset[k] + q;
            }
          r.charge_mah = cum[0];
          r.discharge_mah = cum[1];
        }
#undef NUM
      g_array_append_val (data->records, r);
    }

  if (data->records->len == 0)
    {
      g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT,
                   "%s: no data rows after the header on line %u", data->source, layout->header_line + 1);
      return FALSE;
    }

  /* Without a current column, the current follows from the capacity increments. */
  if (ix[ISC_CYCLING_COL_CURRENT] < 0)
    for (guint i = 0; i < data->records->len; i++)
      {
        IscCyclingRecord *b = &g_array_index (data->records, IscCyclingRecord, i);
        IscCyclingRecord *a = i > 0 ? b - 1 : NULL;
        double dt = a != NULL ? b->time_s - a->time_s : 0;

        b->current_ma = 0;
        if (a != NULL && a->cycle == b->cycle && dt > 0)
          b->current_ma = ((b->charge_mah - a->charge_mah) - (b->discharge_mah - a->discharge_mah)) * 3600 / dt;
      }

  isc_cycling_data_normalize (data, have_cap);
  return TRUE;
}

/* ------------------------------------------------------------ layout detection */

static gboolean
find_header (char  **lines,
             guint   n_lines,
             char   *delim,
             guint  *header_line)
{
  static const char delims[] = { '\t', ',', ';' };

  for (guint i = 0; i < MIN (n_lines, 300); i++)
    for (guint d = 0; d < G_N_ELEMENTS (delims); d++)
      {
        g_auto(GStrv) h = split_fields (lines[i], delims[d]);
        g_auto(GStrv) next = NULL;
        guint nh = g_strv_length (h), nn, named = 0, numeric = 0;
        guint j = i + 1;

        if (nh < 3)
          continue;
        while (j < n_lines && is_blank (lines[j]) && j < i + 3)
          j++;
        if (j >= n_lines)
          continue;
        next = split_fields (lines[j], delims[d]);
        nn = g_strv_length (next);
        if (nn + 1 < nh || nn > nh + 1)
          continue;
        for (guint k = 0; k < nh; k++)
          if (!numeric_like (h[k]) && *g_strstrip (h[k]) != '\0')
            named++;
        for (guint k = 0; k < nn; k++)
          if (numeric_like (next[k]))
            numeric++;
        if (named * 2 >= nh && numeric * 2 >= nn)
          {
            *delim = delims[d];
            *header_line = i;
            return TRUE;
          }
      }
  return FALSE;
}

/* Whether one of the first rows from @first holds a comma (then, with tab or semicolon
 * separators, commas are decimal marks). */
static gboolean
has_comma_rows (char  **lines,
                guint   n_lines,
                guint   first)
{
  for (guint i = first; i < n_lines && i < first + 20; i++)
    if (strchr (lines[i], ',') != NULL)
      return TRUE;
  return FALSE;
}

static double
parse_biologic_mass (char  **lines,
                     guint   n_header)
{
  /* "Mass of active material : 12,3 mg"; EC-Lab's default 0.001 mg means "not entered". */
  for (guint i = 0; i < n_header; i++)
    if (g_str_has_prefix (lines[i], "Mass of active material"))
      {
        const char *colon = strchr (lines[i], ':');
        g_autofree char *value = NULL;
        g_auto(GStrv) parts = NULL;
        double v;

        if (colon == NULL)
          continue;
        value = g_strstrip (g_strdup (colon + 1));
        parts = g_strsplit (value, " ", 2);
        if (parts[0] == NULL || !parse_number (parts[0], TRUE, &v) || !(v > 0))
          continue;
        if (parts[1] != NULL && g_str_has_prefix (parts[1], "mg"))
          v /= 1000;
        else if (parts[1] != NULL && (g_str_has_prefix (parts[1], "µg") || g_str_has_prefix (parts[1], "ug")))
          v /= 1e6;
        else if (parts[1] != NULL && g_str_has_prefix (parts[1], "kg"))
          v *= 1000;
        return v > 1.5e-6 ? v : NAN;
      }
  return NAN;
}

/* "# … active mass 12.5 mg …" in a preamble (our demo files, many home-made exports), also
 * as a spreadsheet row: "Active mass;12,5;mg", "Active mass (mg)\t12,5". A comma is a decimal
 * mark unless the table itself is comma-separated. */
static double
preamble_mass (char  **lines,
               guint   header_line,
               char    delim)
{
  for (guint i = 0; i < header_line; i++)
    {
      g_autofree char *low = g_ascii_strdown (lines[i], -1);
      const char *at = strstr (low, "active mass");
      char number[64];
      gsize n = 0;
      const char *unit = NULL;
      char *end;
      double v;

      if (at == NULL)
        continue;
      at += strlen ("active mass");
      while (*at == ' ')
        at++;
      if (*at == '(' || *at == '[')
        {
          /* unit in the name: "Active mass (mg)" */
          unit = at + 1;
          while (*at != '\0' && *at != ')' && *at != ']')
            at++;
          if (*at != '\0')
            at++;
        }
      while (*at == ' ' || *at == ':' || *at == '=' || *at == ';' || *at == '\t' || *at == '"'
             || (*at == ',' && delim == ','))
        at++;
      while (n + 1 < sizeof number && (g_ascii_isdigit (at[n]) || at[n] == '.' || at[n] == '+' || at[n] == '-'
                                       || at[n] == 'e' || (at[n] == ',' && delim != ',')))
        {
          number[n] = at[n] == ',' ? '.' : at[n];
          n++;
        }
      number[n] = '\0';
      v = g_ascii_strtod (number, &end);
      if (n == 0 || end == number || *end != '\0' || !(v > 0) || !isfinite (v))
        continue;
      at += n;
      if (unit == NULL)
        {
          while (*at == ' ' || *at == ';' || *at == '\t' || *at == '"' || *at == ',')
            at++;
          unit = at;
        }
      if (g_str_has_prefix (unit, "mg"))
        return v / 1000;
      if (g_str_has_prefix (unit, "g"))
        return v;
    }
  return NAN;
}

/* Rows "c,…" (cycle), ",s,…" (step) and ",,r,…" (record); the first cycle row also carries the
 * first step row after its own columns. Returns a flat CSV table as lines. */
static char **
flatten_neware (char  **lines,
                guint   n_lines)
{
  g_auto(GStrv) cycle_header = g_strsplit (lines[0], ",", -1);
  guint n_cycle = g_strv_length (cycle_header);
  GPtrArray *out = g_ptr_array_new ();
  g_autofree char *cycle = g_strdup ("0");
  g_autofree char *step = g_strdup ("0");
  g_autofree char *type = g_strdup ("");

  g_ptr_array_add (out, g_strconcat (lines[2] + 2, ",Cycle Index,Step Index,Step Type", NULL));
  for (guint i = 3; i < n_lines; i++)
    {
      const char *line = lines[i];
      g_auto(GStrv) f = NULL;
      guint nf, at;

      if (g_str_has_prefix (line, ",,"))
        {
          g_ptr_array_add (out, g_strdup_printf ("%s,%s,%s,%s", line + 2, cycle, step, type));
          continue;
        }
      if (line[0] == '\0')
        continue;
      f = g_strsplit (line, ",", -1);
      nf = g_strv_length (f);
      at = 1;   /* where Step Index, Step Number, Step Type start */
      if (line[0] != ',')
        {
          g_free (cycle);
          cycle = g_strdup (f[0]);
          if (nf <= n_cycle)
            continue;
          at = n_cycle;
        }
      if (at + 2 < nf)
        {
          g_free (step);
          step = g_strdup (f[at]);
          g_free (type);
          type = g_strdup (f[at + 2]);
        }
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

/* ------------------------------------------------------------ entry points */

/* The first @max_bytes of @path cut after its last complete line (the whole file when it is
 * shorter), NUL-terminated. */
static gboolean
read_prefix (const char  *path,
             gsize        max_bytes,
             char       **bytes_out,
             gsize       *len_out,
             GError     **error)
{
  g_autofree char *bytes = g_malloc (max_bytes + 1);
  gsize len = 0;

  if (!isc_regular_file_read_head (path, ISC_CYCLING_ERROR, bytes, max_bytes, &len, error))
    return FALSE;
  if (len == max_bytes)
    {
      char *nl = memrchr (bytes, '\n', len);

      if (nl != NULL)
        len = (gsize) (nl - bytes) + 1;
    }
  bytes[len] = '\0';
  *bytes_out = g_steal_pointer (&bytes);
  *len_out = len;
  return TRUE;
}

/* The text of @path as UTF-8; @max_bytes > 0 reads only that much (see read_prefix). */
static char *
read_text (const char  *path,
           gsize        max_bytes,
           gsize       *len_out,
           GError     **error)
{
  char *bytes = NULL;
  gsize len = 0;

  /* Only regular files: a FIFO would block the open () and the read for ever. */
  if (max_bytes > 0 ? !read_prefix (path, max_bytes, &bytes, &len, error)
                    : !isc_regular_file_get_contents (path, ISC_CYCLING_ERROR, TEXT_MAX_BYTES, &bytes, &len, error))
    return NULL;
  /* A UTF-8 byte-order mark (Excel, Notepad) would hide "EC-Lab ASCII FILE" and the first
   * column name. */
  if (len >= 3 && memcmp (bytes, "\xEF\xBB\xBF", 3) == 0)
    {
      memmove (bytes, bytes + 3, len - 3 + 1);
      len -= 3;
    }
  if (memchr (bytes, '\0', len) != NULL)
    {
      g_free (bytes);
      g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_UNSUPPORTED,
                   "%s: binary content where a text export was expected (Neware .nda/.ndax, Arbin .res and "
                   "Excel files are not read: export CSV or text from the cycler software)", path);
      return NULL;
    }
  /* EC-Lab and Maccor write latin-1 ("µF", "°C"): convert so that names compare as UTF-8. */
  if (!g_utf8_validate (bytes, len, NULL))
    {
      char *utf8 = g_convert (bytes, len, "UTF-8", "ISO-8859-1", NULL, &len, NULL);

      g_free (bytes);
      if (utf8 == NULL)
        {
          g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT, "%s: unreadable text encoding", path);
          return NULL;
        }
      bytes = utf8;
    }
  *len_out = len;
  return bytes;
}

/* Cuts @text into lines in place (no copy per line, and linear time: g_strsplit rescans the
 * rest of the text for every line under AddressSanitizer). The array is NULL-terminated and
 * points into @text. */
static GPtrArray *
split_lines (char *text)
{
  GPtrArray *lines = g_ptr_array_new ();
  char *start = text;

  for (char *p = text;; p++)
    {
      if (*p == '\n' || *p == '\0')
        {
          gboolean end = *p == '\0';

          if (p > start && p[-1] == '\r')
            p[-1] = '\0';
          *p = '\0';
          g_ptr_array_add (lines, start);
          if (end)
            break;
          start = p + 1;
        }
    }
  g_ptr_array_add (lines, NULL);
  return lines;
}

static gboolean
header_has (char       **lines,
            guint        header_line,
            const char  *needle)
{
  return strstr (lines[header_line], needle) != NULL;
}

static IscCyclerFormat
classify (char  **lines,
          guint   n_lines,
          guint   header_line)
{
  if (n_lines > 0 && (g_str_has_prefix (lines[0], "EC-Lab ASCII FILE") || g_str_has_prefix (lines[0], "BT-Lab ASCII FILE")))
    return ISC_CYCLER_BIOLOGIC;
  if ((n_lines > 0 && g_str_has_prefix (lines[0], "Today's Date")) || header_has (lines, header_line, "Rec#")
      || (header_has (lines, header_line, "Cycle C") && header_has (lines, header_line, "Md")))
    return ISC_CYCLER_MACCOR;
  if (header_has (lines, header_line, "Cycle_Index") && header_has (lines, header_line, "Charge_Capacity")
      && header_has (lines, header_line, "Data_Point"))
    return ISC_CYCLER_ARBIN;
  if (header_has (lines, header_line, "Step Type") && (header_has (lines, header_line, "Chg. Cap")
                                                       || header_has (lines, header_line, "DataPoint")))
    return ISC_CYCLER_NEWARE;
  return ISC_CYCLER_CSV;
}

/* Finds the table in @lines: delimiter, header line and decimal mark, and the format the
 * content looks like. Neware's nested export is flattened into *flat (then *n_lines changes).
 * @mass_g gets an active mass found in the preamble, or NAN. */
static gboolean
detect_layout (const char       *path,
               char            **lines,
               guint            *n_lines_inout,
               TableLayout      *layout,
               char           ***flat,
               IscCyclerFormat  *found,
               double           *mass_g,
               GError          **error)
{
  guint n_lines = *n_lines_inout;
  gboolean is_mpt;

  *mass_g = NAN;
  is_mpt = n_lines > 1 && (g_str_has_prefix (lines[0], "EC-Lab ASCII FILE") || g_str_has_prefix (lines[0], "BT-Lab ASCII FILE"));
  if (is_mpt)
    {
      const char *colon = strchr (lines[1], ':');
      g_autofree char *count = g_strstrip (g_strdup (colon != NULL ? colon + 1 : ""));
      guint64 nh = 0;

      if (!g_str_has_prefix (lines[1], "Nb header lines") || colon == NULL
          || !g_ascii_string_to_unsigned (count, 10, 3, n_lines, &nh, NULL))
        {
          /* Plain "EC-Lab ASCII FILE" with the column line right after is also seen. */
          if (g_str_has_prefix (lines[1], "Nb header lines"))
            {
              g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT,
                           "%s: line 2: expected “Nb header lines : N” with 3 ≤ N ≤ %u", path, n_lines);
              return FALSE;
            }
          nh = 2;
        }
      layout->header_line = (guint) nh - 1;
      layout->delim = '\t';
      if (layout->header_line + 1 < n_lines)
        {
          const char *first = lines[layout->header_line + 1];

          layout->decimal_comma = (strchr (first, ',') != NULL && strchr (first, '.') == NULL)
                                  || has_comma_rows (lines, n_lines, layout->header_line + 1);
        }
      *mass_g = parse_biologic_mass (lines, layout->header_line);
      *found = ISC_CYCLER_BIOLOGIC;
    }
  else if (n_lines > 3 && g_str_has_prefix (lines[0], "Cycle Index,") && lines[1][0] == ','
           && g_str_has_prefix (lines[2], ",,"))
    {
      /* Neware's "regular" export nests cycle / step / record rows: flatten it to one table of
       * records that carry their cycle and step. */
      *flat = flatten_neware (lines, n_lines);
      *n_lines_inout = g_strv_length (*flat);
      layout->delim = ',';
      layout->header_line = 0;
      *found = ISC_CYCLER_NEWARE;
    }
  else
    {
      if (!find_header (lines, n_lines, &layout->delim, &layout->header_line))
        {
          g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT,
                       "%s: no table found (expected a header line of column names followed by rows of "
                       "numbers, separated by tabs, commas or semicolons)", path);
          return FALSE;
        }
      /* With tabs or semicolons between fields, a comma in a data row can only be a
       * decimal comma (German-locale exports: "540,0000"). */
      if ((layout->delim == ';' || layout->delim == '\t') && layout->header_line + 1 < n_lines)
        layout->decimal_comma = has_comma_rows (lines, n_lines, layout->header_line + 1);
      *found = classify (lines, n_lines, layout->header_line);
      *mass_g = preamble_mass (lines, layout->header_line, layout->delim);
      if (lines[layout->header_line][0] == ','
          || (layout->header_line + 2 < n_lines && lines[layout->header_line + 1][0] == ','
              && g_str_has_prefix (lines[layout->header_line + 2], ",,")))
        {
          g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_UNSUPPORTED,
                       "%s: line %u: a hierarchical (cycle/step/record) export; export the flat record "
                       "table instead", path, layout->header_line + 1);
          return FALSE;
        }
    }
  return TRUE;
}

static IscCyclingData *
load_text (const char                *path,
           IscCyclerFormat            format,
           const IscCyclingColumnMap *map,
           GCancellable              *cancellable,
           IscProgressFunc            progress,
           gpointer                   progress_data,
           GError                   **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) line_array = NULL;
  char **lines;
  g_auto(GStrv) flat = NULL;
  g_autoptr(IscCyclingData) data = NULL;
  TableLayout layout = { '\t', FALSE, 0 };
  guint n_lines;
  gsize len;
  IscCyclerFormat found;

  text = read_text (path, 0, &len, error);
  if (text == NULL)
    return NULL;
  line_array = split_lines (text);
  lines = (char **) line_array->pdata;
  n_lines = g_strv_length (lines);
  data = isc_cycling_data_new (path);
  if (!detect_layout (path, lines, &n_lines, &layout, &flat, &found, &data->active_mass_g, error))
    return NULL;

  if (format != ISC_CYCLER_AUTO && format != ISC_CYCLER_CSV && format != found)
    {
      g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT,
                   "%s: not a %s export (the content looks like %s)", path,
                   isc_cycler_format_to_string (format), isc_cycler_format_to_string (found));
      return NULL;
    }
  data->format = format == ISC_CYCLER_CSV ? ISC_CYCLER_CSV : found;
  if (!read_table (data, flat != NULL ? flat : lines, n_lines, &layout, map, found == ISC_CYCLER_BIOLOGIC, cancellable,
                   progress, progress_data, error))
    return NULL;
  if (progress != NULL)
    progress (1.0, progress_data);
  return g_steal_pointer (&data);
}

/* Fields of one line split as read_table splits them, trimmed for display. */
static char **
preview_fields (const char *line,
                char        delim)
{
  char **f = split_fields (line, delim);

  for (guint i = 0; f[i] != NULL; i++)
    g_strstrip (f[i]);
  return f;
}

IscCyclingTablePreview *
isc_cycling_table_preview (const char  *path,
                           guint        max_rows,
                           GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) line_array = NULL;
  g_auto(GStrv) flat = NULL;
  g_autoptr(IscCyclingTablePreview) preview = NULL;
  TableLayout layout = { '\t', FALSE, 0 };
  char **lines, **table;
  guint n_lines;
  gsize len;
  double mass;

  g_return_val_if_fail (path != NULL, NULL);

  text = read_text (path, 1 << 20, &len, error);
  if (text == NULL)
    return NULL;
  if (g_str_has_prefix (text, "BIO-LOGIC MODULAR FILE"))
    {
      g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_UNSUPPORTED,
                   "%s: a BioLogic binary .mpr file has fixed columns, not a table to map", path);
      return NULL;
    }
  line_array = split_lines (text);
  lines = (char **) line_array->pdata;
  n_lines = g_strv_length (lines);
  preview = g_new0 (IscCyclingTablePreview, 1);
  preview->source = g_strdup (path);
  preview->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  if (!detect_layout (path, lines, &n_lines, &layout, &flat, &preview->format, &mass, error))
    return NULL;
  table = flat != NULL ? flat : lines;
  /* A flattened Neware table has no line numbers of its own; its header is the file's 3rd. */
  preview->header_line = flat != NULL ? 3 : layout.header_line + 1;
  preview->delimiter = layout.delim;
  preview->decimal_comma = layout.decimal_comma;
  preview->headers = preview_fields (table[layout.header_line], layout.delim);
  preview->n_columns = g_strv_length (preview->headers);
  for (guint ln = layout.header_line + 1; ln < n_lines && preview->rows->len < max_rows; ln++)
    if (!is_blank (table[ln]))
      g_ptr_array_add (preview->rows, preview_fields (table[ln], layout.delim));
  return g_steal_pointer (&preview);
}

void
isc_cycling_table_preview_free (IscCyclingTablePreview *preview)
{
  if (preview == NULL)
    return;
  g_free (preview->source);
  g_strfreev (preview->headers);
  if (preview->rows != NULL)
    g_ptr_array_unref (preview->rows);
  g_free (preview);
}

IscCyclingData *
isc_cycling_load_csv (const char                *path,
                      const IscCyclingColumnMap *map,
                      GCancellable              *cancellable,
                      GError                   **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  return load_text (path, ISC_CYCLER_CSV, map, cancellable, NULL, NULL, error);
}

IscCyclingData *
isc_cycling_load (const char      *path,
                  IscCyclerFormat  format,
                  GCancellable    *cancellable,
                  GError         **error)
{
  return isc_cycling_load_full (path, format, NULL, cancellable, NULL, NULL, error);
}

IscCyclingData *
isc_cycling_load_full (const char                *path,
                       IscCyclerFormat            format,
                       const IscCyclingColumnMap *map,
                       GCancellable              *cancellable,
                       IscProgressFunc            progress,
                       gpointer                   progress_data,
                       GError                   **error)
{
  char magic[24] = { 0 };
  gsize got = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  /* One byte short of the buffer: magic stays NUL-terminated for the prefix tests. */
  if (!isc_regular_file_read_head (path, ISC_CYCLING_ERROR, magic, sizeof magic - 1, &got, error))
    return NULL;
  if (g_str_has_prefix (magic, "BIO-LOGIC MODULAR FILE"))
    {
      if (format != ISC_CYCLER_AUTO && format != ISC_CYCLER_BIOLOGIC)
        {
          g_set_error (error, ISC_CYCLING_ERROR, ISC_ERROR_FORMAT,
                       "%s: a BioLogic .mpr file, not a %s export", path, isc_cycler_format_to_string (format));
          return NULL;
        }
      return isc_cycling_load_mpr (path, cancellable, progress, progress_data, error);
    }
  return load_text (path, format, map, cancellable, progress, progress_data, error);
}
