/* thermal-curve.c: the thermal-analysis curve and the readers of the instrument exports. Every
 * reader works on the file converted to UTF-8 (UTF-16 by its byte-order mark; single-byte files
 * with the DOS degree sign 0xF8 or NETZSCH's 0x9B read as °, the rest as Latin-1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "thermal-curve.h"

G_DEFINE_QUARK (isc-thermal-error-quark, isc_thermal_error)

/* Files larger than this are not thermal-analysis exports (the largest real ones are a few MB). */
#define MAX_FILE_SIZE (512u * 1024 * 1024)

IscThermalCurve *
isc_thermal_curve_new (guint n)
{
  IscThermalCurve *c = g_new0 (IscThermalCurve, 1);

  c->n = n;
  c->temperature_c = g_new0 (double, MAX (n, 1));
  c->sample_mass_mg = NAN;
  return c;
}

void
isc_thermal_curve_free (IscThermalCurve *curve)
{
  if (curve == NULL)
    return;
  g_free (curve->source);
  g_free (curve->label);
  g_free (curve->time_min);
  g_free (curve->temperature_c);
  g_free (curve->mass);
  g_free (curve->signal);
  g_free (curve->segment);
  g_free (curve->signal_name);
  g_free (curve->signal_unit);
  g_free (curve->sample);
  g_free (curve->instrument);
  g_free (curve);
}

const char *
isc_thermal_format_to_string (IscThermalFormat format)
{
  switch (format)
    {
    case ISC_THERMAL_FORMAT_TA:
      return "TA Instruments";
    case ISC_THERMAL_FORMAT_NETZSCH:
      return "NETZSCH";
    case ISC_THERMAL_FORMAT_METTLER:
      return "METTLER TOLEDO STARe";
    case ISC_THERMAL_FORMAT_PERKINELMER:
      return "PerkinElmer Pyris";
    case ISC_THERMAL_FORMAT_CSV:
      return "CSV";
    case ISC_THERMAL_FORMAT_AUTO:
    default:
      return "auto";
    }
}

void
isc_thermal_columns_init (IscThermalColumns *columns)
{
  columns->time = columns->temperature = columns->mass = columns->signal = -1;
}

static gpointer
fail (GError     **error,
      const char  *path,
      IscErrorCode code,
      const char  *format,
      ...) G_GNUC_PRINTF (4, 5);

static gpointer
fail (GError     **error,
      const char  *path,
      IscErrorCode code,
      const char  *format,
      ...)
{
  va_list ap;
  g_autofree char *message = NULL;
  g_autofree char *name = g_filename_display_name (path);

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (error, ISC_THERMAL_ERROR, code, "%s: %s", name, message);
  return NULL;
}

/* The file as UTF-8 text (NUL-terminated; an embedded NUL ends it). */
static char *
to_utf8 (const char   *path,
         const guint8 *data,
         gsize         len,
         GError      **error)
{
  GString *out;

  if (len >= 2 && ((data[0] == 0xff && data[1] == 0xfe) || (data[0] == 0xfe && data[1] == 0xff)))
    {
      g_autoptr(GError) local = NULL;
      const char *from = data[0] == 0xff ? "UTF-16LE" : "UTF-16BE";
      char *text = g_convert ((const char *) data + 2, (len - 2) & ~(gsize) 1, "UTF-8", from, NULL, NULL, &local);

      if (text == NULL)
        return fail (error, path, ISC_ERROR_FORMAT, "not valid %s text (%s)", from, local->message);
      return text;
    }
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      len -= 3;
    }
  {
    gsize n = strnlen ((const char *) data, len);

    if (g_utf8_validate ((const char *) data, n, NULL))
      return g_strndup ((const char *) data, n);
    out = g_string_sized_new (n + 64);
    for (gsize i = 0; i < n; i++)
      {
        guint8 b = data[i];

        if (b < 0x80)
          g_string_append_c (out, b);
        else if (b == 0xf8 || b == 0x9b || b == 0xb0)
          g_string_append (out, "°");
        else if (b >= 0xa0)
          g_string_append_unichar (out, b);
        else
          g_string_append_c (out, '?');
      }
  }
  return g_string_free (out, FALSE);
}

/* Parses a whole token as a finite double (C locale; a decimal comma when @comma). */
static gboolean
parse_double (const char *text,
              gboolean    comma,
              double     *value)
{
  char buffer[64];
  char *end;
  gsize n;

  while (*text == ' ' || *text == '\t')
    text++;
  n = strlen (text);
  while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\r'))
    n--;
  if (n == 0 || n >= sizeof buffer)
    return FALSE;
  memcpy (buffer, text, n);
  buffer[n] = '\0';
  if (comma)
    for (char *p = buffer; *p != '\0'; p++)
      if (*p == ',')
        *p = '.';
  *value = g_ascii_strtod (buffer, &end);
  return end == buffer + n && isfinite (*value);
}

typedef struct
{
  GArray *time;
  GArray *temperature;
  GArray *mass;
  GArray *signal;
  GArray *segment;
} Table;

static void
table_init (Table *t)
{
  t->time = g_array_new (FALSE, FALSE, sizeof (double));
  t->temperature = g_array_new (FALSE, FALSE, sizeof (double));
  t->mass = g_array_new (FALSE, FALSE, sizeof (double));
  t->signal = g_array_new (FALSE, FALSE, sizeof (double));
  t->segment = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
table_clear (Table *t)
{
  g_clear_pointer (&t->time, g_array_unref);
  g_clear_pointer (&t->temperature, g_array_unref);
  g_clear_pointer (&t->mass, g_array_unref);
  g_clear_pointer (&t->signal, g_array_unref);
  g_clear_pointer (&t->segment, g_array_unref);
}

/* One row; NAN for a quantity the file lacks. */
static void
table_add (Table *t,
           double time,
           double temperature,
           double mass,
           double signal,
           guint  segment)
{
  g_array_append_val (t->time, time);
  g_array_append_val (t->temperature, temperature);
  g_array_append_val (t->mass, mass);
  g_array_append_val (t->signal, signal);
  g_array_append_val (t->segment, segment);
}

static double *
column_or_null (GArray *a)
{
  for (guint i = 0; i < a->len; i++)
    if (isnan (g_array_index (a, double, i)))
      return NULL;
  return g_memdup2 (a->data, sizeof (double) * a->len);
}

/* Moves the table into a checked curve: at least two points, a temperature for every point, a
 * mass or a signal. */
static IscThermalCurve *
table_to_curve (Table           *t,
                const char      *path,
                IscThermalFormat format,
                GError         **error)
{
  IscThermalCurve *c;
  gboolean segmented = FALSE;

  if (t->temperature->len < 2)
    return fail (error, path, ISC_ERROR_FORMAT, "no data rows (%u found; truncated or not a thermal-analysis export)",
                 t->temperature->len);
  c = isc_thermal_curve_new (t->temperature->len);
  c->source = g_strdup (path);
  c->label = g_path_get_basename (path);
  c->format = format;
  memcpy (c->temperature_c, t->temperature->data, sizeof (double) * c->n);
  c->time_min = column_or_null (t->time);
  c->mass = column_or_null (t->mass);
  c->signal = column_or_null (t->signal);
  for (guint i = 0; i < c->n; i++)
    segmented = segmented || g_array_index (t->segment, guint, i) != g_array_index (t->segment, guint, 0);
  if (segmented)
    c->segment = g_memdup2 (t->segment->data, sizeof (guint) * c->n);
  for (guint i = 0; i < c->n; i++)
    if (isnan (c->temperature_c[i]))
      {
        isc_thermal_curve_free (c);
        return fail (error, path, ISC_ERROR_FORMAT, "no temperature in data row %u", i + 1);
      }
  if (c->mass == NULL && c->signal == NULL)
    {
      isc_thermal_curve_free (c);
      return fail (error, path, ISC_ERROR_FORMAT, "neither a mass nor a DTA/DSC column");
    }
  return c;
}

/* The value after @key at the start of @line (e.g. "Size\t20.8210\tmg"), or NULL. */
static const char *
after_key (const char *line,
           const char *key)
{
  gsize n = strlen (key);

  if (g_ascii_strncasecmp (line, key, n) != 0)
    return NULL;
  line += n;
  while (*line == ' ' || *line == '\t' || *line == ':')
    line++;
  return line;
}

static double
leading_number (const char *text)
{
  char *end;
  double v;

  if (text == NULL)
    return NAN;
  v = g_ascii_strtod (text, &end);
  return end != text && isfinite (v) ? v : NAN;
}

/* What a column named @name (any case, with its unit) holds. */
typedef enum
{
  COL_OTHER,
  COL_TIME,
  COL_TEMPERATURE,
  COL_PROGRAM_TEMPERATURE,
  COL_MASS,
  COL_SIGNAL,
} ColumnRole;

static ColumnRole
column_role (const char *name)
{
  g_autofree char *l = g_ascii_strdown (name, -1);

  g_strstrip (l);
  if (strstr (l, "program") != NULL || g_str_equal (l, "tr") || g_str_has_prefix (l, "tr ")
      || g_str_has_prefix (l, "tr[") || strstr (l, "reference temp") != NULL)
    return COL_PROGRAM_TEMPERATURE;
  if (strstr (l, "temp") != NULL || g_str_equal (l, "t (°c)") || g_str_equal (l, "ts") || g_str_has_prefix (l, "ts ")
      || g_str_has_prefix (l, "ts["))
    return COL_TEMPERATURE;
  if (strstr (l, "time") != NULL || g_str_equal (l, "t") || g_str_has_prefix (l, "t ") || g_str_has_prefix (l, "t[")
      || g_str_has_prefix (l, "t/"))
    return COL_TIME;
  if (strstr (l, "deriv") != NULL || strstr (l, "dtg") != NULL)
    return COL_OTHER;
  if (strstr (l, "mass") != NULL || strstr (l, "weight") != NULL || g_str_equal (l, "tg") || g_str_has_prefix (l, "tg/")
      || g_str_has_prefix (l, "tg ") || g_str_has_prefix (l, "tg("))
    return COL_MASS;
  if (strstr (l, "heat flow") != NULL || strstr (l, "dsc") != NULL || strstr (l, "dta") != NULL
      || strstr (l, "heatflow") != NULL || strstr (l, "temperature difference") != NULL)
    return COL_SIGNAL;
  return COL_OTHER;
}

/* The unit in a column name: "Mass/%", "Weight (mg)", "Value [mW]", "DSC/(mW/mg)". */
static char *
column_unit (const char *name)
{
  const char *open = strrchr (name, '(');
  const char *bracket = strrchr (name, '[');
  const char *slash = strchr (name, '/');
  const char *start = NULL, *end = NULL;

  if (slash != NULL && slash[1] == '(')
    {
      start = slash + 2;
      end = strrchr (start, ')');
    }
  else if (slash != NULL)
    {
      start = slash + 1;
      end = start + strlen (start);
    }
  else if (bracket != NULL)
    {
      start = bracket + 1;
      end = strchr (start, ']');
    }
  else if (open != NULL)
    {
      start = open + 1;
      end = strchr (start, ')');
    }
  if (start == NULL || end == NULL || end <= start)
    return NULL;
  return g_strstrip (g_strndup (start, end - start));
}

static gboolean
unit_is_percent (const char *name)
{
  g_autofree char *unit = column_unit (name);

  return unit != NULL && g_str_equal (unit, "%");
}

static void
set_signal (IscThermalCurve *c,
            const char      *column_name)
{
  g_autofree char *name = g_strdup (column_name);
  char *cut = strpbrk (name, "/([");

  if (c->signal == NULL)
    return;
  c->signal_unit = column_unit (column_name);
  /* ASCII stand-ins for the micro sign. */
  if (c->signal_unit != NULL && (g_str_equal (c->signal_unit, "uV") || g_str_equal (c->signal_unit, "muV")))
    {
      g_free (c->signal_unit);
      c->signal_unit = g_strdup ("µV");
    }
  if (cut != NULL)
    *cut = '\0';
  c->signal_name = g_strdup (g_strstrip (name));
}

/* ---------------------------------------------------------------- TA Instruments */

static GPtrArray *
read_ta (const char *path,
         char       *text,
         GError    **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) signals = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) curves = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_thermal_curve_free);
  g_autofree char *sample = NULL;
  g_autofree char *instrument = NULL;
  double size_mg = NAN;
  int col_time = -1, col_t = -1, col_mass = -1, col_signal = -1;
  guint i, segment = 1, data_row = 0;
  gboolean mass_percent = FALSE;
  Table t;
  IscThermalCurve *c;

  for (i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);
      const char *v;

      if (g_str_equal (line, "StartOfData"))
        break;
      if ((v = after_key (line, "Sample\t")) != NULL && sample == NULL)
        sample = g_strdup (v);
      else if ((v = after_key (line, "Instrument\t")) != NULL && instrument == NULL)
        instrument = g_strdup (v);
      else if ((v = after_key (line, "Size\t")) != NULL)
        size_mg = leading_number (v);
      else if (g_ascii_strncasecmp (line, "Sig", 3) == 0 && g_ascii_isdigit (line[3]))
        {
          const char *tab = strchr (line, '\t');

          g_ptr_array_add (signals, g_strdup (tab != NULL ? tab + 1 : ""));
        }
    }
  if (lines[i] == NULL)
    return fail (error, path, ISC_ERROR_FORMAT, "no “StartOfData” line (truncated TA Instruments export?)");
  for (guint k = 0; k < signals->len; k++)
    switch (column_role (g_ptr_array_index (signals, k)))
      {
      case COL_TIME:
        col_time = col_time < 0 ? (int) k : col_time;
        break;
      case COL_TEMPERATURE:
        col_t = col_t < 0 ? (int) k : col_t;
        break;
      case COL_MASS:
        if (col_mass < 0)
          {
            col_mass = k;
            mass_percent = unit_is_percent (g_ptr_array_index (signals, k));
          }
        break;
      case COL_SIGNAL:
        col_signal = col_signal < 0 ? (int) k : col_signal;
        break;
      case COL_PROGRAM_TEMPERATURE:
      case COL_OTHER:
      default:
        break;
      }
  if (col_t < 0)
    return fail (error, path, ISC_ERROR_FORMAT, "no temperature signal among the %u “Sig” lines", signals->len);
  if (signals->len > 64)
    return fail (error, path, ISC_ERROR_UNSUPPORTED, "%u signals (at most 64 are read)", signals->len);
  table_init (&t);
  for (i++; lines[i] != NULL; i++)
    {
      g_auto(GStrv) tok = g_strsplit (g_strstrip (lines[i]), "\t", -1);
      guint n = g_strv_length (tok);
      double v[64];

      if (n == 0 || tok[0][0] == '\0')
        continue;
      data_row++;
      if (n > G_N_ELEMENTS (v))
        n = G_N_ELEMENTS (v);
      for (guint k = 0; k < n; k++)
        if (!parse_double (tok[k], FALSE, &v[k]))
          {
            g_autofree char *excerpt = isc_error_excerpt (tok[k], 20);

            table_clear (&t);
            return fail (error, path, ISC_ERROR_FORMAT, "data row %u: “%s” is not a number", data_row, excerpt);
          }
      /* Marker rows (negative time: segment limits, the end of the run) are not samples. */
      if (col_time >= 0 && (guint) col_time < n && v[col_time] < 0)
        {
          if (t.temperature->len > 0)
            segment++;
          continue;
        }
      if (n < signals->len)
        {
          table_clear (&t);
          return fail (error, path, ISC_ERROR_FORMAT, "data row %u has %u of %u columns", data_row, n, signals->len);
        }
      table_add (&t, col_time >= 0 ? v[col_time] : NAN, v[col_t], col_mass >= 0 ? v[col_mass] : NAN,
                 col_signal >= 0 ? v[col_signal] : NAN, segment);
    }
  c = table_to_curve (&t, path, ISC_THERMAL_FORMAT_TA, error);
  table_clear (&t);
  if (c == NULL)
    return NULL;
  c->mass_unit = mass_percent ? ISC_THERMAL_MASS_PERCENT : ISC_THERMAL_MASS_MG;
  c->sample_mass_mg = size_mg;
  c->sample = g_steal_pointer (&sample);
  c->instrument = g_steal_pointer (&instrument);
  if (col_signal >= 0)
    set_signal (c, g_ptr_array_index (signals, col_signal));
  g_ptr_array_add (curves, c);
  return g_steal_pointer (&curves);
}

/* ---------------------------------------------------------------- delimited tables */

/* Splits a data line on @sep (blanks collapse when @sep is ' '). */
static char **
split_fields (const char *line,
              char        sep)
{
  if (sep == ' ')
    {
      g_autoptr(GPtrArray) out = g_ptr_array_new ();
      g_auto(GStrv) raw = g_strsplit_set (line, " \t", -1);

      for (guint i = 0; raw[i] != NULL; i++)
        if (raw[i][0] != '\0')
          g_ptr_array_add (out, g_strdup (raw[i]));
      g_ptr_array_add (out, NULL);
      return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
    }
  {
    char seps[2] = { sep, '\0' };
    char **f = g_strsplit (line, seps, -1);

    for (guint i = 0; f[i] != NULL; i++)
      {
        g_strstrip (f[i]);
        /* Quoted fields of a CSV. */
        if (f[i][0] == '"')
          {
            gsize n = strlen (f[i]);

            memmove (f[i], f[i] + 1, n);
            if (n >= 2 && f[i][n - 2] == '"')
              f[i][n - 2] = '\0';
          }
      }
    return f;
  }
}

/* Reads rows of @lines from @first with the columns of @cols into @t; rows that fail to parse
 * end the data when @stop_at_text, else are an error. Returns FALSE with @error set. */
typedef struct
{
  int time;
  int temperature;
  int mass;
  int signal;
  int segment;
  guint n_columns;
  char sep;
  gboolean comma;
} Layout;

static gboolean
read_rows (const char   *path,
           char        **lines,
           guint         first,
           const Layout *lay,
           Table        *t,
           GError      **error)
{
  guint row = 0;

  for (guint i = first; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      guint n;
      double v[64];
      guint segment = 1;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      row++;
      f = split_fields (lines[i], lay->sep);
      n = MIN (g_strv_length (f), G_N_ELEMENTS (v));
      if (n < MIN (lay->n_columns, G_N_ELEMENTS (v)))
        return fail (error, path, ISC_ERROR_FORMAT, "data row %u has %u of %u columns", row, n, lay->n_columns), FALSE;
      for (guint k = 0; k < n; k++)
        {
          gboolean wanted = (int) k == lay->time || (int) k == lay->temperature || (int) k == lay->mass
                            || (int) k == lay->signal || (int) k == lay->segment;

          v[k] = NAN;
          if (wanted && !parse_double (f[k], lay->comma, &v[k]))
            {
              g_autofree char *excerpt = isc_error_excerpt (f[k], 20);

              return fail (error, path, ISC_ERROR_FORMAT, "data row %u: “%s” is not a number", row, excerpt), FALSE;
            }
        }
      if (lay->segment >= 0 && v[lay->segment] >= 1 && v[lay->segment] < 1e6)
        segment = (guint) v[lay->segment];
      table_add (t, lay->time >= 0 ? v[lay->time] : NAN, v[lay->temperature], lay->mass >= 0 ? v[lay->mass] : NAN,
                 lay->signal >= 0 ? v[lay->signal] : NAN, segment);
    }
  return TRUE;
}

/* Fills @lay from the header @names (explicit @columns first). Returns the mass column's name. */
static const char *
layout_from_names (Layout                  *lay,
                   char                   **names,
                   const IscThermalColumns *columns)
{
  int program = -1;

  lay->time = lay->temperature = lay->mass = lay->signal = lay->segment = -1;
  lay->n_columns = g_strv_length (names);
  for (guint k = 0; names[k] != NULL; k++)
    {
      g_autofree char *l = g_ascii_strdown (names[k], -1);

      if (g_str_has_prefix (g_strstrip (l), "segment"))
        {
          lay->segment = k;
          continue;
        }
      switch (column_role (names[k]))
        {
        case COL_TIME:
          lay->time = lay->time < 0 ? (int) k : lay->time;
          break;
        case COL_TEMPERATURE:
          lay->temperature = lay->temperature < 0 ? (int) k : lay->temperature;
          break;
        case COL_PROGRAM_TEMPERATURE:
          program = program < 0 ? (int) k : program;
          break;
        case COL_MASS:
          lay->mass = lay->mass < 0 ? (int) k : lay->mass;
          break;
        case COL_SIGNAL:
          lay->signal = lay->signal < 0 ? (int) k : lay->signal;
          break;
        case COL_OTHER:
        default:
          break;
        }
    }
  if (lay->temperature < 0)
    lay->temperature = program;
  if (columns != NULL)
    {
      if (columns->time >= 0)
        lay->time = columns->time;
      if (columns->temperature >= 0)
        lay->temperature = columns->temperature;
      if (columns->mass >= 0)
        lay->mass = columns->mass;
      if (columns->signal >= 0)
        lay->signal = columns->signal;
    }
  return lay->mass >= 0 && (guint) lay->mass < lay->n_columns ? names[lay->mass] : NULL;
}

static gboolean
layout_check (const char   *path,
              const Layout *lay,
              GError      **error)
{
  int cols[] = { lay->time, lay->temperature, lay->mass, lay->signal };

  if (lay->temperature < 0)
    return fail (error, path, ISC_ERROR_FORMAT, "no temperature column in the header"), FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (cols); k++)
    if (cols[k] >= 64 || (cols[k] >= 0 && (guint) cols[k] >= lay->n_columns))
      return fail (error, path, ISC_ERROR_ARGUMENT, "column %d does not exist (the header has %u)", cols[k] + 1,
                   lay->n_columns), FALSE;
  return TRUE;
}

/* ---------------------------------------------------------------- NETZSCH */

static GPtrArray *
read_netzsch (const char *path,
              char       *text,
              GError    **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) curves = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_thermal_curve_free);
  g_auto(GStrv) names = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *instrument = NULL;
  double mass_mg = NAN;
  char sep = ';';
  gboolean comma = FALSE;
  const char *mass_name;
  Layout lay;
  Table t;
  IscThermalCurve *c;
  guint i;

  for (i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);
      const char *v;

      if (g_str_has_prefix (line, "##"))
        break;
      if ((v = after_key (line, "#DECIMAL")) != NULL)
        comma = g_ascii_strncasecmp (v, "COMMA", 5) == 0;
      else if ((v = after_key (line, "#SEPARATOR")) != NULL)
        sep = g_ascii_strncasecmp (v, "TAB", 3) == 0 ? '\t' : g_ascii_strncasecmp (v, "COMMA", 5) == 0 ? ',' : ';';
      else if ((v = after_key (line, "#SAMPLE MASS /mg")) != NULL)
        {
          g_autofree char *dotted = g_strdelimit (g_strdup (v), ",", '.');

          mass_mg = leading_number (dotted);
        }
      else if ((v = after_key (line, "#SAMPLE")) != NULL && sample == NULL && !g_str_has_prefix (line, "#SAMPLE "))
        sample = g_strdup (v);
      else if ((v = after_key (line, "#INSTRUMENT")) != NULL)
        instrument = g_strdup (v);
    }
  if (lines[i] == NULL)
    return fail (error, path, ISC_ERROR_FORMAT, "no “##” column header line (truncated NETZSCH export?)");
  {
    char seps[2] = { sep, '\0' };

    names = g_strsplit (lines[i] + 2, seps, -1);
  }
  mass_name = layout_from_names (&lay, names, NULL);
  lay.sep = sep;
  lay.comma = comma && sep != ',';
  if (!layout_check (path, &lay, error))
    return NULL;
  table_init (&t);
  if (!read_rows (path, lines, i + 1, &lay, &t, error))
    {
      table_clear (&t);
      return NULL;
    }
  c = table_to_curve (&t, path, ISC_THERMAL_FORMAT_NETZSCH, error);
  table_clear (&t);
  if (c == NULL)
    return NULL;
  c->mass_unit = mass_name != NULL && unit_is_percent (mass_name) ? ISC_THERMAL_MASS_PERCENT : ISC_THERMAL_MASS_MG;
  c->sample_mass_mg = mass_mg;
  c->sample = g_steal_pointer (&sample);
  c->instrument = g_steal_pointer (&instrument);
  if (lay.signal >= 0)
    set_signal (c, names[lay.signal]);
  g_ptr_array_add (curves, c);
  return g_steal_pointer (&curves);
}

/* ---------------------------------------------------------------- METTLER TOLEDO STARe */

typedef struct
{
  Table t;
  char *unit;
} MettlerCurve;

static GPtrArray *
read_mettler (const char *path,
              char       *text,
              GError    **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) curves = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_thermal_curve_free);
  g_autofree char *sample = NULL;
  double sample_mg = NAN;
  GArray *found = g_array_new (FALSE, TRUE, sizeof (MettlerCurve));
  GPtrArray *result = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) names = NULL;
      g_auto(GStrv) units = NULL;
      MettlerCurve mc = { { 0 }, NULL };
      int col_t = -1, col_ts = -1, col_tr = -1, col_v = -1;
      guint n_names;

      g_strstrip (lines[i]);
      if (g_str_equal (lines[i], "SampleID:") && lines[i + 1] != NULL && sample == NULL)
        {
          g_autofree char *s = g_strstrip (g_strdup (lines[i + 1]));
          char *comma = strrchr (s, ',');

          if (comma != NULL)
            {
              sample_mg = leading_number (comma + 1);
              *comma = '\0';
            }
          sample = g_strdup (s);
        }
      if (!g_str_equal (lines[i], "Curve:") || lines[i + 1] == NULL || lines[i + 2] == NULL)
        continue;
      names = split_fields (lines[i + 1], ' ');
      units = split_fields (lines[i + 2], ' ');
      n_names = g_strv_length (names);
      for (guint k = 0; k < n_names; k++)
        {
          if (g_str_equal (names[k], "t"))
            col_t = k;
          else if (g_str_equal (names[k], "Ts"))
            col_ts = k;
          else if (g_str_equal (names[k], "Tr"))
            col_tr = k;
          else if (g_str_equal (names[k], "Value"))
            col_v = k;
        }
      if (col_ts < 0)
        col_ts = col_tr;
      if (col_ts < 0 || col_v < 0)
        {
          for (guint j = 0; j < found->len; j++)
            {
              table_clear (&g_array_index (found, MettlerCurve, j).t);
              g_free (g_array_index (found, MettlerCurve, j).unit);
            }
          g_array_unref (found);
          return fail (error, path, ISC_ERROR_FORMAT, "curve at line %u has no “Ts” and “Value” columns", i + 1);
        }
      /* The unit line has one entry per column after "Index". */
      if (g_strv_length (units) + 1 == n_names)
        mc.unit = g_strdelimit (g_strdup (units[col_v - 1]), "[]", ' ');
      if (mc.unit != NULL)
        g_strstrip (mc.unit);
      table_init (&mc.t);
      for (i += 3; lines[i] != NULL; i++)
        {
          g_auto(GStrv) f = split_fields (lines[i], ' ');
          double v[8];
          guint n = g_strv_length (f);
          gboolean ok = n == n_names && n <= G_N_ELEMENTS (v);

          for (guint k = 0; ok && k < n; k++)
            ok = parse_double (f[k], FALSE, &v[k]);
          if (!ok)
            break;
          table_add (&mc.t, col_t >= 0 ? v[col_t] / 60 : NAN, v[col_ts], NAN, NAN, 1);
          g_array_index (mc.t.mass, double, mc.t.mass->len - 1) = v[col_v];
        }
      g_array_append_val (found, mc);
      if (lines[i] == NULL)
        break;
    }
  if (found->len == 0)
    {
      g_array_unref (found);
      return fail (error, path, ISC_ERROR_FORMAT, "no “Curve:” block (truncated STARe export?)");
    }
  /* A mass curve (mg or %) takes the non-mass curve that follows it on the same time base as
   * its DTA/DSC signal; any other curve stands alone. */
  for (guint j = 0; j < found->len; j++)
    {
      MettlerCurve *mc = &g_array_index (found, MettlerCurve, j);
      MettlerCurve *next = j + 1 < found->len ? &g_array_index (found, MettlerCurve, j + 1) : NULL;
      gboolean is_mass = mc->unit != NULL && (g_str_equal (mc->unit, "mg") || g_str_equal (mc->unit, "%"));
      gboolean next_signal = next != NULL && next->unit != NULL && !g_str_equal (next->unit, "mg")
                             && !g_str_equal (next->unit, "%") && next->t.temperature->len == mc->t.temperature->len;
      g_autoptr(GError) local = NULL;
      IscThermalCurve *c;
      GArray *values = mc->t.mass;

      if (!is_mass)
        {
          mc->t.mass = mc->t.signal;
          mc->t.signal = values;
        }
      else if (next_signal)
        {
          g_array_unref (mc->t.signal);
          mc->t.signal = g_array_ref (next->t.mass);
        }
      c = table_to_curve (&mc->t, path, ISC_THERMAL_FORMAT_METTLER, &local);
      if (c == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          break;
        }
      c->mass_unit = is_mass && g_str_equal (mc->unit, "%") ? ISC_THERMAL_MASS_PERCENT : ISC_THERMAL_MASS_MG;
      c->sample_mass_mg = sample_mg;
      c->sample = g_strdup (sample);
      if (c->signal != NULL)
        {
          const char *unit = is_mass ? next->unit : mc->unit;

          c->signal_unit = g_strdup (unit);
          c->signal_name = g_strdup (unit != NULL && strstr (unit, "W") != NULL ? "Heat Flow" : "DTA");
        }
      if (found->len > 1 && !(found->len == 2 && is_mass && next_signal))
        {
          g_autofree char *base = g_path_get_basename (path);

          g_free (c->label);
          c->label = g_strdup_printf ("%s · curve %u", base, j + 1);
        }
      g_ptr_array_add (curves, c);
      if (is_mass && next_signal)
        j++;
    }
  for (guint j = 0; j < found->len; j++)
    {
      table_clear (&g_array_index (found, MettlerCurve, j).t);
      g_free (g_array_index (found, MettlerCurve, j).unit);
    }
  g_array_unref (found);
  if (error != NULL && *error != NULL)
    return NULL;
  result = g_steal_pointer (&curves);
  return result;
}

/* ---------------------------------------------------------------- PerkinElmer Pyris */

static gboolean
is_stage_line (const char *line)
{
  const char *p = line;

  while (g_ascii_isdigit (*p))
    p++;
  return p != line && p[0] == ')' && p[1] == ' ';
}

static GPtrArray *
read_perkinelmer (const char *path,
                  char       *text,
                  GError    **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) curves = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_thermal_curve_free);
  g_autofree char *sample = NULL;
  double weight_mg = NAN;
  guint i, stage = 0, n_columns = 0;
  gboolean started = FALSE;
  Table t;
  IscThermalCurve *c;

  for (i = 0; lines[i] != NULL; i++)
    {
      const char *v;

      g_strchomp (lines[i]);
      if ((v = after_key (lines[i], "Sample ID:")) != NULL)
        sample = g_strdup (v);
      else if ((v = after_key (lines[i], "Sample Weight:")) != NULL)
        weight_mg = leading_number (v);
      else if (lines[i][0] == '\t' && strstr (lines[i], "Time") != NULL
               && (strstr (lines[i], "Weight") != NULL || strstr (lines[i], "Unsubtracted") != NULL))
        break;
    }
  if (lines[i] == NULL)
    return fail (error, path, ISC_ERROR_FORMAT, "no “Time” column header (truncated Pyris export?)");
  /* Columns: time (min), unsubtracted weight (mg), baseline weight, program T, sample T, flows. */
  table_init (&t);
  for (i++; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      double v[16];
      guint n;
      gboolean ok;

      g_strchomp (lines[i]);
      if (is_stage_line (lines[i]))
        {
          stage = (guint) g_ascii_strtoull (lines[i], NULL, 10);
          continue;
        }
      if (lines[i][strspn (lines[i], " \t")] == '\0')
        continue;
      f = split_fields (lines[i], ' ');
      n = g_strv_length (f);
      ok = n >= 5 && n <= G_N_ELEMENTS (v);
      for (guint k = 0; ok && k < n; k++)
        ok = parse_double (f[k], FALSE, &v[k]);
      if (!ok)
        {
          /* The second header line, then the footer of instrument settings ends the data. */
          if (!started)
            continue;
          break;
        }
      if (!started)
        n_columns = n;
      else if (n != n_columns)
        {
          table_clear (&t);
          return fail (error, path, ISC_ERROR_FORMAT, "line %u has %u of %u columns", i + 1, n, n_columns);
        }
      started = TRUE;
      table_add (&t, v[0], v[4], v[1], NAN, MAX (stage, 1));
    }
  c = table_to_curve (&t, path, ISC_THERMAL_FORMAT_PERKINELMER, error);
  table_clear (&t);
  if (c == NULL)
    return NULL;
  c->mass_unit = ISC_THERMAL_MASS_MG;
  c->sample_mass_mg = weight_mg;
  c->sample = g_steal_pointer (&sample);
  c->instrument = g_strdup ("PerkinElmer");
  g_ptr_array_add (curves, c);
  return g_steal_pointer (&curves);
}

/* ---------------------------------------------------------------- CSV */

static GPtrArray *
read_csv (const char              *path,
          char                    *text,
          const IscThermalColumns *columns,
          GError                 **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) curves = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_thermal_curve_free);
  g_auto(GStrv) names = NULL;
  const char *mass_name;
  const char *header = NULL;
  guint i;
  Layout lay;
  Table t;
  IscThermalCurve *c;
  double probe;

  /* The header: the last non-comment line before the first line that starts with a number. */
  for (i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char first[32];

      if (line[0] == '\0' || line[0] == '#')
        continue;
      g_strlcpy (first, line, sizeof first);
      first[strcspn (first, ",;\t ")] = '\0';
      if (parse_double (first, FALSE, &probe))
        break;
      header = line;
    }
  if (header == NULL || lines[i] == NULL)
    return fail (error, path, ISC_ERROR_FORMAT, "no header line followed by numeric rows");
  lay.sep = strchr (header, '\t') != NULL ? '\t' : strchr (header, ';') != NULL ? ';' : strchr (header, ',') != NULL ? ',' : ' ';
  names = split_fields (header, lay.sep);
  mass_name = layout_from_names (&lay, names, columns);
  /* Decimal commas only with another separator. */
  lay.comma = lay.sep != ',' && strchr (lines[i], ',') != NULL;
  if (!layout_check (path, &lay, error))
    return NULL;
  table_init (&t);
  if (!read_rows (path, lines, i, &lay, &t, error))
    {
      table_clear (&t);
      return NULL;
    }
  c = table_to_curve (&t, path, ISC_THERMAL_FORMAT_CSV, error);
  table_clear (&t);
  if (c == NULL)
    return NULL;
  c->mass_unit = mass_name != NULL && unit_is_percent (mass_name) ? ISC_THERMAL_MASS_PERCENT : ISC_THERMAL_MASS_MG;
  if (lay.signal >= 0)
    set_signal (c, names[lay.signal]);
  g_ptr_array_add (curves, c);
  return g_steal_pointer (&curves);
}

/* ---------------------------------------------------------------- entry points */

static IscThermalFormat
guess_text (const char *text)
{
  if (strstr (text, "\nStartOfData") != NULL || (strstr (text, "\nNsig") != NULL && strstr (text, "\nSig1") != NULL))
    return ISC_THERMAL_FORMAT_TA;
  if (text[0] == '#' && strstr (text, "\n##") != NULL)
    return ISC_THERMAL_FORMAT_NETZSCH;
  if (strstr (text, "\nCurve:") != NULL || strstr (text, "STARe") != NULL)
    return ISC_THERMAL_FORMAT_METTLER;
  if (strstr (text, ") TGA ") != NULL || strstr (text, ") DSC ") != NULL || strstr (text, "Pyris") != NULL
      || strstr (text, "Total Points in Run") != NULL)
    return ISC_THERMAL_FORMAT_PERKINELMER;
  return ISC_THERMAL_FORMAT_CSV;
}

/* TRUE when the first non-comment line of @text names a temperature and a mass or DTA/DSC column. */
static gboolean
csv_header_is_thermal (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", 64);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      g_auto(GStrv) names = NULL;
      gboolean t = FALSE, other = FALSE;
      char sep;

      if (line[0] == '\0' || line[0] == '#')
        continue;
      sep = strchr (line, '\t') != NULL ? '\t' : strchr (line, ';') != NULL ? ';' : ',';
      names = split_fields (line, sep);
      for (guint k = 0; names[k] != NULL; k++)
        {
          ColumnRole role = column_role (names[k]);

          t = t || role == COL_TEMPERATURE || role == COL_PROGRAM_TEMPERATURE;
          other = other || role == COL_MASS || role == COL_SIGNAL;
        }
      return t && other;
    }
  return FALSE;
}

void
isc_thermal_curve_get_range (const IscThermalCurve *curve,
                             double                *min_c,
                             double                *max_c)
{
  double lo = INFINITY, hi = -INFINITY;

  g_return_if_fail (curve != NULL && min_c != NULL && max_c != NULL);
  for (guint k = 0; k < curve->n; k++)
    {
      lo = MIN (lo, curve->temperature_c[k]);
      hi = MAX (hi, curve->temperature_c[k]);
    }
  *min_c = curve->n > 0 ? lo : NAN;
  *max_c = curve->n > 0 ? hi : NAN;
}

IscThermalFormat
isc_thermal_format_guess (const guint8 *data,
                          gsize         len)
{
  g_autofree char *text = to_utf8 ("", data, MIN (len, 64 * 1024), NULL);
  IscThermalFormat format;

  if (text == NULL)
    return ISC_THERMAL_FORMAT_AUTO;
  format = guess_text (text);
  if (format == ISC_THERMAL_FORMAT_CSV && !csv_header_is_thermal (text))
    return ISC_THERMAL_FORMAT_AUTO;
  return format;
}

GPtrArray *
isc_thermal_load_data (const char              *path,
                       const guint8            *data,
                       gsize                    len,
                       IscThermalFormat         format,
                       const IscThermalColumns *columns,
                       GError                 **error)
{
  g_autofree char *text = NULL;

  if (len == 0)
    return fail (error, path, ISC_ERROR_FORMAT, "the file is empty");
  text = to_utf8 (path, data, len, error);
  if (text == NULL)
    return NULL;
  if (format == ISC_THERMAL_FORMAT_AUTO)
    format = guess_text (text);
  switch (format)
    {
    case ISC_THERMAL_FORMAT_TA:
      return read_ta (path, text, error);
    case ISC_THERMAL_FORMAT_NETZSCH:
      return read_netzsch (path, text, error);
    case ISC_THERMAL_FORMAT_METTLER:
      return read_mettler (path, text, error);
    case ISC_THERMAL_FORMAT_PERKINELMER:
      return read_perkinelmer (path, text, error);
    case ISC_THERMAL_FORMAT_CSV:
    case ISC_THERMAL_FORMAT_AUTO:
    default:
      return read_csv (path, text, columns, error);
    }
}

GPtrArray *
isc_thermal_load (const char              *path,
                  IscThermalFormat         format,
                  const IscThermalColumns *columns,
                  GError                 **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local = NULL;

  mapped = g_mapped_file_new (path, FALSE, &local);
  if (mapped == NULL)
    return fail (error, path, ISC_ERROR_IO, "%s", local->message);
  if (g_mapped_file_get_length (mapped) > MAX_FILE_SIZE)
    return fail (error, path, ISC_ERROR_FORMAT, "too large for a thermal-analysis export");
  return isc_thermal_load_data (path, (const guint8 *) g_mapped_file_get_contents (mapped),
                                g_mapped_file_get_length (mapped), format, columns, error);
}
