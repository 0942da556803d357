/* xrd-xml.c: the XML formats — PANalytical .xrdml, Bruker .brml (zip of XML) and Rigaku .rasx
 * (zip of a text profile and XML conditions). libxml2 parses without network access or entity
 * expansion; libarchive reads the zips from memory with a cap on every member.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xrd-readers-private.h"

#define MAX_MEMBER_BYTES ((gsize) 256 * 1024 * 1024)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

GHashTable *
_isc_xrd_zip_members (const char   *path,
                      const guint8 *data,
                      gsize         len,
                      gboolean    (*want) (const char *name),
                      GError      **error)
{
  g_autoptr(GHashTable) members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_bytes_unref);
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  int status;

  archive_read_support_format_zip (a);
  if (archive_read_open_memory (a, data, len) != ARCHIVE_OK)
    {
      _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "not a readable zip archive (%s)",
                     archive_error_string (a) != NULL ? archive_error_string (a) : "unknown error");
      archive_read_free (a);
      return NULL;
    }
  while ((status = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);
      g_autoptr(GByteArray) bytes = NULL;
      guint8 buffer[65536];
      la_ssize_t got;

      if (name == NULL || !want (name))
        continue;
      bytes = g_byte_array_new ();
      while ((got = archive_read_data (a, buffer, sizeof buffer)) > 0)
        {
          if (bytes->len + (gsize) got > MAX_MEMBER_BYTES)
            {
              _isc_xrd_fail (error, path, ISC_ERROR_UNSUPPORTED, "zip member %s is larger than 256 MiB", name);
              archive_read_free (a);
              return NULL;
            }
          g_byte_array_append (bytes, buffer, got);
        }
      if (got < 0)
        {
          _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "zip member %s is damaged (%s)", name,
                         archive_error_string (a) != NULL ? archive_error_string (a) : "read error");
          archive_read_free (a);
          return NULL;
        }
      g_hash_table_insert (members, g_strdup (name), g_byte_array_free_to_bytes (g_steal_pointer (&bytes)));
    }
  if (status != ARCHIVE_EOF)
    {
      _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "damaged zip archive (%s)",
                     archive_error_string (a) != NULL ? archive_error_string (a) : "read error");
      archive_read_free (a);
      return NULL;
    }
  archive_read_free (a);
  return g_steal_pointer (&members);
}

static xmlDoc *
parse_xml (const char *path,
           const char *member,
           const char *data,
           gsize       len,
           GError    **error)
{
  xmlDoc *doc;

  if (len > G_MAXINT)
    return _isc_xrd_fail (error, path, ISC_ERROR_UNSUPPORTED, "XML too large");
  doc = xmlReadMemory (data, (int) len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      const xmlError *e = xmlGetLastError ();
      g_autofree char *why = e != NULL && e->message != NULL ? g_strchomp (g_strdup (e->message)) : g_strdup ("empty");

      if (doc != NULL)
        xmlFreeDoc (doc);
      return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "%s%snot well-formed XML (line %d: %s)",
                            member != NULL ? member : "", member != NULL ? ": " : "",
                            e != NULL ? e->line : 0, why);
    }
  return doc;
}

static gboolean
is_named (const xmlNode *node,
          const char    *name)
{
  return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0;
}

static xmlNode *
child (xmlNode    *node,
       const char *name)
{
  if (node == NULL)
    return NULL;
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    if (is_named (c, name))
      return c;
  return NULL;
}

/* The first element named @name below @node, depth first. */
static xmlNode *
descendant (xmlNode    *node,
            const char *name)
{
  if (node == NULL)
    return NULL;
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      xmlNode *found;

      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (is_named (c, name))
        return c;
      if ((found = descendant (c, name)) != NULL)
        return found;
    }
  return NULL;
}

static void
collect (xmlNode    *node,
         const char *name,
         GPtrArray  *out)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (is_named (c, name))
        g_ptr_array_add (out, c);
      else
        collect (c, name, out);
    }
}

static char *
text_of (xmlNode *node)
{
  xmlChar *x;
  char *s;

  if (node == NULL)
    return NULL;
  x = xmlNodeGetContent (node);
  s = g_strdup ((const char *) x);
  xmlFree (x);
  return s;
}

static char *
attr_of (xmlNode    *node,
         const char *name)
{
  xmlChar *x;
  char *s;

  if (node == NULL)
    return NULL;
  x = xmlGetProp (node, (const xmlChar *) name);
  s = g_strdup ((const char *) x);
  xmlFree (x);
  return s;
}

static double
number_of (xmlNode *node)
{
  g_autofree char *t = text_of (node);
  double v;

  return t != NULL && _isc_xrd_parse_double (g_strstrip (t), &v) ? v : NAN;
}

static double
value_attr (xmlNode *node)
{
  g_autofree char *t = attr_of (node, "Value");
  double v;

  return t != NULL && _isc_xrd_parse_double (t, &v) ? v : NAN;
}

/* Whitespace-separated numbers of @node's text. */
static GArray *
numbers_of (xmlNode *node)
{
  g_autofree char *t = text_of (node);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));
  char *p;

  if (t == NULL)
    return out;
  p = t;
  while (*p != '\0')
    {
      char *end;
      double v;

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        break;
      v = g_ascii_strtod (p, &end);
      if (end == p || !isfinite (v) || (*end != '\0' && !g_ascii_isspace (*end)))
        {
          g_array_unref (out);
          return NULL;
        }
      g_array_append_val (out, v);
      p = end;
    }
  return out;
}

static double
time_of (xmlNode *node)
{
  g_autofree char *t = text_of (node);
  g_autoptr(GDateTime) dt = NULL;

  if (t == NULL)
    return NAN;
  dt = g_date_time_new_from_iso8601 (g_strstrip (t), NULL);
  return dt != NULL ? (double) g_date_time_to_unix (dt) + g_date_time_get_microsecond (dt) * 1e-6 : NAN;
}

/* Scan start times (absolute, s) → seconds since the first scan of the series. */
static void
times_relative (IscXrdSeries *series)
{
  double first = NAN;

  for (guint i = 0; i < series->patterns->len; i++)
    {
      IscXrdPattern *p = g_ptr_array_index (series->patterns, i);

      if (isfinite (p->time_s) && !isfinite (first))
        first = p->time_s;
      p->time_s = isfinite (p->time_s) ? p->time_s - first : NAN;
    }
}

/* ---- PANalytical .xrdml -------------------------------------------------------------- */

IscXrdSeries *
_isc_xrd_read_xrdml (const char   *path,
                     const guint8 *data,
                     gsize         len,
                     GError      **error)
{
  g_autoptr(xmlDoc) doc = parse_xml (path, NULL, (const char *) data, len, error);
  g_autoptr(IscXrdSeries) series = isc_xrd_series_new ();
  g_autoptr(GPtrArray) scans = g_ptr_array_new ();
  g_autofree char *anode = NULL;
  xmlNode *root, *wl;
  double ka1, ka2, ratio;

  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  if (!is_named (root, "xrdMeasurements") && !is_named (root, "xrdMeasurement"))
    return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "root element <%s>, expected <xrdMeasurements>",
                          (const char *) root->name);
  wl = descendant (root, "usedWavelength");
  ka1 = number_of (child (wl, "kAlpha1"));
  ka2 = number_of (child (wl, "kAlpha2"));
  ratio = number_of (child (wl, "ratioKAlpha2KAlpha1"));
  anode = text_of (descendant (root, "anodeMaterial"));
  collect (root, "scan", scans);
  for (guint s = 0; s < scans->len; s++)
    {
      xmlNode *points = descendant (g_ptr_array_index (scans, s), "dataPoints");
      xmlNode *axis = NULL, *counts;
      g_autoptr(GArray) y = NULL;
      g_autofree char *suffix = NULL;
      g_autofree char *unit = NULL;
      IscXrdPattern *p;

      if (points == NULL)
        return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "scan %u has no <dataPoints>", s + 1);
      for (xmlNode *c = points->children; c != NULL; c = c->next)
        if (is_named (c, "positions"))
          {
            g_autofree char *name = attr_of (c, "axis");

            if (g_strcmp0 (name, "2Theta") == 0)
              axis = c;
          }
      counts = child (points, "intensities");
      if (counts == NULL)
        counts = child (points, "counts");
      if (axis == NULL || counts == NULL)
        return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT,
                              "scan %u lacks <positions axis=\"2Theta\"> or <intensities>", s + 1);
      y = numbers_of (counts);
      if (y == NULL || y->len < 2)
        return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "scan %u: <intensities> is not a list of numbers",
                              s + 1);
      suffix = scans->len > 1 ? g_strdup_printf ("scan %u", s + 1) : NULL;
      p = _isc_xrd_pattern_start (path, ISC_XRD_FORMAT_XRDML, suffix, y->len);
      g_ptr_array_add (series->patterns, p);
      memcpy (p->intensity, y->data, sizeof (double) * y->len);
      if (child (axis, "listPositions") != NULL)
        {
          g_autoptr(GArray) x = numbers_of (child (axis, "listPositions"));

          if (x == NULL || x->len != y->len)
            return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT,
                                  "scan %u: %u listed 2θ positions for %u intensities", s + 1,
                                  x != NULL ? x->len : 0, y->len);
          memcpy (p->two_theta, x->data, sizeof (double) * x->len);
        }
      else
        {
          double start = number_of (child (axis, "startPosition"));
          double end = number_of (child (axis, "endPosition"));

          if (!isfinite (start) || !isfinite (end))
            return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "scan %u: 2θ start or end position missing", s + 1);
          /* Positions are implicit: equally spaced from start to end inclusive. */
          for (guint i = 0; i < y->len; i++)
            p->two_theta[i] = start + (end - start) * i / (y->len - 1);
        }
      if (isfinite (ka1))
        {
          p->wavelength = ka1;
          p->wavelength_from_file = TRUE;
        }
      p->wavelength2 = isfinite (ka2) ? ka2 : NAN;
      p->ka2_ratio = isfinite (ratio) && ratio > 0 && ratio < 1 ? ratio : 0;
      p->anode = g_strdup (anode);
      unit = attr_of (counts, "unit");
      p->intensity_unit = g_strdup (unit != NULL ? unit : "counts");
      p->time_s = time_of (descendant (g_ptr_array_index (scans, s), "startTimeStamp"));
    }
  times_relative (series);
  return g_steal_pointer (&series);
}

/* ---- Bruker .brml ---------------------------------------------------------------------- */

static gboolean
want_brml (const char *name)
{
  const char *base = strrchr (name, '/');

  base = base != NULL ? base + 1 : name;
  return g_str_has_prefix (base, "RawData") && g_str_has_suffix (base, ".xml");
}

/* The number before the extension of a member's base name: RawData12.xml → 12. */
static long
member_number (const char *name)
{
  const char *dot = strrchr (name, '.');
  const char *p = dot != NULL ? dot : name + strlen (name);

  while (p > name && g_ascii_isdigit (p[-1]))
    p--;
  return g_ascii_isdigit (*p) ? strtol (p, NULL, 10) : -1;
}

/* RawData10.xml sorts after RawData9.xml: the zip lists them in no useful order. Folders
 * (Experiment0/, Data1/) compare by name first. */
static int
compare_member_number (gconstpointer a,
                       gconstpointer b)
{
  const char *na = *(const char * const *) a;
  const char *nb = *(const char * const *) b;
  const char *sa = strrchr (na, '/'), *sb = strrchr (nb, '/');
  g_autofree char *fa = sa != NULL ? g_strndup (na, sa - na) : g_strdup ("");
  g_autofree char *fb = sb != NULL ? g_strndup (nb, sb - nb) : g_strdup ("");
  g_autofree char *ka = g_utf8_collate_key_for_filename (fa, -1);
  g_autofree char *kb = g_utf8_collate_key_for_filename (fb, -1);
  long ia = member_number (na), ib = member_number (nb);
  int folder = strcmp (ka, kb);

  if (folder != 0)
    return folder;
  if (ia != ib)
    return ia < ib ? -1 : 1;
  return strcmp (na, nb);
}

typedef struct
{
  int two_theta;     /* column indices in a <Datum>, -1 when absent */
  int counts;
  int absorption;
  int temperature;
  gboolean kelvin;
} BrmlColumns;

static void
brml_columns (xmlNode     *route,
              BrmlColumns *cols)
{
  xmlNode *views = child (route, "DataViews");

  cols->two_theta = cols->counts = cols->absorption = cols->temperature = -1;
  cols->kelvin = FALSE;
  if (views != NULL)
    for (xmlNode *v = views->children; v != NULL; v = v->next)
      {
        g_autofree char *start_text = NULL;
        g_autofree char *logic = NULL;
        xmlNode *varying, *rec;
        int start;

        if (!is_named (v, "RawDataView"))
          continue;
        start_text = attr_of (v, "Start");
        start = start_text != NULL ? atoi (start_text) : -1;
        if (start < 0 || start > 1000)
          continue;
        logic = attr_of (v, "LogicName");
        if (g_strcmp0 (logic, "AbsorptionFactor") == 0)
          cols->absorption = start;
        if ((varying = child (v, "Varying")) != NULL)
          {
            int k = 0;

            for (xmlNode *f = varying->children; f != NULL; f = f->next)
              if (is_named (f, "FieldDefinitions"))
                {
                  g_autofree char *field = attr_of (f, "FieldName");

                  if (g_strcmp0 (field, "TwoTheta") == 0)
                    cols->two_theta = start + k;
                  k++;
                }
          }
        if ((rec = child (v, "Recording")) != NULL)
          {
            g_autofree char *category = attr_of (rec, "Category");
            g_autofree char *base = attr_of (child (rec, "Unit"), "Base");

            if (g_strcmp0 (category, "Count") == 0 && cols->counts < 0)
              cols->counts = start;
            else if (g_strcmp0 (category, "Temperature") == 0 && cols->temperature < 0)
              {
                cols->temperature = start;
                cols->kelvin = g_strcmp0 (base, "Kelvin") == 0;
              }
          }
      }
  /* Older files without views: time, absorption, 2θ, θ, counts. */
  if (cols->two_theta < 0)
    cols->two_theta = 2;
  if (cols->counts < 0)
    cols->counts = 4;
}

static IscXrdPattern *
brml_range (const char *path,
            const char *member,
            GBytes     *bytes,
            guint       index,
            GError    **error)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autoptr(xmlDoc) doc = parse_xml (path, member, data, len, error);
  g_autoptr(GPtrArray) datums = g_ptr_array_new ();
  g_autofree char *suffix = g_strdup_printf ("range %u", index);
  g_autofree char *anode = NULL;
  xmlNode *root, *route = NULL, *tube;
  BrmlColumns cols;
  IscXrdPattern *p;
  double t_sum = 0;
  guint t_n = 0;
  int needed;

  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  for (xmlNode *r = child (child (root, "DataRoutes") != NULL ? child (root, "DataRoutes") : root, "DataRoute");
       r != NULL; r = r->next)
    if (is_named (r, "DataRoute"))
      {
        g_autofree char *flag = attr_of (r, "RouteFlag");

        if (route == NULL || g_strcmp0 (flag, "Measured") == 0)
          route = r;
        if (g_strcmp0 (flag, "Measured") == 0)
          break;
      }
  if (route == NULL)
    return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "%s has no <DataRoute>", member);
  brml_columns (route, &cols);
  needed = MAX (MAX (cols.two_theta, cols.counts), MAX (cols.absorption, cols.temperature)) + 1;
  for (xmlNode *d = route->children; d != NULL; d = d->next)
    if (is_named (d, "Datum"))
      g_ptr_array_add (datums, d);
  if (datums->len < 2)
    return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "%s has %u <Datum> rows", member, datums->len);

  p = _isc_xrd_pattern_start (path, ISC_XRD_FORMAT_BRML, suffix, datums->len);
  if (cols.temperature >= 0)
    p->point_temperature = g_new (double, datums->len);
  for (guint i = 0; i < datums->len; i++)
    {
      g_autofree char *text = text_of (g_ptr_array_index (datums, i));
      g_auto(GStrv) fields = g_strsplit (text, ",", -1);
      double v[4] = { NAN, NAN, 1, NAN };
      const int col[4] = { cols.two_theta, cols.counts, cols.absorption, cols.temperature };

      if ((int) g_strv_length (fields) < needed)
        {
          isc_xrd_pattern_free (p);
          return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "%s, <Datum> %u: %u fields, expected %d", member,
                                i + 1, g_strv_length (fields), needed);
        }
      for (guint k = 0; k < 4; k++)
        if (col[k] >= 0 && !_isc_xrd_parse_double (fields[col[k]], &v[k]))
          {
            g_autofree char *excerpt = isc_error_excerpt (fields[col[k]], 20);

            isc_xrd_pattern_free (p);
            return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "%s, <Datum> %u: “%s” is not a number", member,
                                  i + 1, excerpt);
          }
      p->two_theta[i] = v[0];
      p->intensity[i] = v[1] * v[2];
      if (p->point_temperature != NULL)
        {
          p->point_temperature[i] = cols.kelvin ? v[3] - 273.15 : v[3];
          t_sum += p->point_temperature[i];
          t_n++;
        }
    }
  p->temperature_c = t_n > 0 ? t_sum / t_n : NAN;
  tube = descendant (root, "Tube");
  if (tube != NULL)
    {
      double ka1 = value_attr (child (tube, "WaveLengthAlpha1"));
      double ka2 = value_attr (child (tube, "WaveLengthAlpha2"));
      double ratio = value_attr (child (tube, "WaveLengthRatio"));

      if (ka1 > 0)
        {
          p->wavelength = ka1;
          p->wavelength_from_file = TRUE;
        }
      p->wavelength2 = ka2 > 0 ? ka2 : NAN;
      p->ka2_ratio = ratio > 0 && ratio < 1 ? ratio : 0;
      anode = text_of (child (tube, "TubeMaterial"));
      p->anode = anode != NULL ? g_strdup (g_strstrip (anode)) : NULL;
    }
  p->intensity_unit = g_strdup ("counts");
  p->time_s = time_of (child (root, "TimeStampStarted"));
  return p;
}

IscXrdSeries *
_isc_xrd_read_brml (const char   *path,
                    const guint8 *data,
                    gsize         len,
                    GError      **error)
{
  g_autoptr(GHashTable) members = _isc_xrd_zip_members (path, data, len, want_brml, error);
  g_autoptr(IscXrdSeries) series = NULL;
  g_autofree const char **names = NULL;
  guint n;

  if (members == NULL)
    return NULL;
  names = (const char **) g_hash_table_get_keys_as_array (members, &n);
  if (n == 0)
    return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "the archive holds no RawData*.xml (not a Bruker .brml?)");
  qsort (names, n, sizeof (char *), (int (*) (const void *, const void *)) compare_member_number);
  series = isc_xrd_series_new ();
  for (guint i = 0; i < n; i++)
    {
      IscXrdPattern *p = brml_range (path, names[i], g_hash_table_lookup (members, names[i]), i + 1, error);

      if (p == NULL)
        return NULL;
      g_ptr_array_add (series->patterns, p);
    }
  times_relative (series);
  return g_steal_pointer (&series);
}

/* ---- Rigaku .rasx ---------------------------------------------------------------------- */

static gboolean
want_rasx (const char *name)
{
  const char *base = strrchr (name, '/');

  base = base != NULL ? base + 1 : name;
  return (g_str_has_prefix (base, "Profile") && g_str_has_suffix (base, ".txt"))
         || (g_str_has_prefix (base, "MesurementConditions") && g_str_has_suffix (base, ".xml"))
         || (g_str_has_prefix (base, "MeasurementConditions") && g_str_has_suffix (base, ".xml"));
}

IscXrdSeries *
_isc_xrd_read_rasx (const char   *path,
                    const guint8 *data,
                    gsize         len,
                    GError      **error)
{
  g_autoptr(GHashTable) members = _isc_xrd_zip_members (path, data, len, want_rasx, error);
  g_autoptr(IscXrdSeries) series = NULL;
  g_autofree const char **names = NULL;
  guint n;

  if (members == NULL)
    return NULL;
  names = (const char **) g_hash_table_get_keys_as_array (members, &n);
  qsort (names, n, sizeof (char *), (int (*) (const void *, const void *)) compare_member_number);
  series = isc_xrd_series_new ();
  for (guint i = 0; i < n; i++)
    {
      const char *slash = strrchr (names[i], '/');
      g_autofree char *folder = slash != NULL ? g_strndup (names[i], slash - names[i] + 1) : g_strdup ("");
      const char *base = slash != NULL ? slash + 1 : names[i];
      g_autofree char *number = NULL;
      g_autofree char *conditions_name = NULL;
      GBytes *bytes = g_hash_table_lookup (members, names[i]);
      GBytes *conditions;
      gsize plen;
      const char *pdata;
      IscXrdSeries *one;
      IscXrdPattern *p;

      if (!g_str_has_prefix (base, "Profile"))
        continue;
      number = g_strndup (base + strlen ("Profile"), strlen (base) - strlen ("Profile") - strlen (".txt"));
      pdata = g_bytes_get_data (bytes, &plen);
      one = _isc_xrd_read_columns (path, pdata, plen, ISC_XRD_FORMAT_RASX, ISC_XRD_THIRD_ATTENUATION, error);
      if (one == NULL)
        return NULL;
      p = g_ptr_array_steal_index (one->patterns, 0);
      isc_xrd_series_free (one);
      g_ptr_array_add (series->patterns, p);
      p->format = ISC_XRD_FORMAT_RASX;
      if (n > 2)
        {
          g_free (p->label);
          p->label = g_strdup_printf ("%s · %s%s", strrchr (path, '/') != NULL ? strrchr (path, '/') + 1 : path,
                                      folder, base);
        }
      /* Rigaku's own spelling first, then the corrected one. */
      conditions_name = g_strdup_printf ("%sMesurementConditions%s.xml", folder, number);
      conditions = g_hash_table_lookup (members, conditions_name);
      if (conditions == NULL)
        {
          g_free (conditions_name);
          conditions_name = g_strdup_printf ("%sMeasurementConditions%s.xml", folder, number);
          conditions = g_hash_table_lookup (members, conditions_name);
        }
      if (conditions != NULL)
        {
          gsize clen;
          const char *cdata = g_bytes_get_data (conditions, &clen);
          g_autoptr(xmlDoc) doc = parse_xml (path, conditions_name, cdata, clen, error);
          xmlNode *root;
          double ka1, ka2;

          if (doc == NULL)
            return NULL;
          root = xmlDocGetRootElement (doc);
          ka1 = number_of (descendant (root, "WavelengthKalpha1"));
          ka2 = number_of (descendant (root, "WavelengthKalpha2"));
          if (ka1 > 0)
            {
              p->wavelength = ka1;
              p->wavelength_from_file = TRUE;
            }
          p->wavelength2 = ka2 > 0 ? ka2 : NAN;
          p->intensity_unit = text_of (descendant (root, "IntensityUnit"));
          p->anode = text_of (descendant (root, "TargetName"));
          p->time_s = time_of (descendant (root, "StartTime"));
        }
    }
  if (series->patterns->len == 0)
    return _isc_xrd_fail (error, path, ISC_ERROR_FORMAT, "the archive holds no Data*/Profile*.txt (not a Rigaku .rasx?)");
  times_relative (series);
  return g_steal_pointer (&series);
}
