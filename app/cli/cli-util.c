/* cli-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli-util.h"
#include "project-analysis.h"
#include "project-file.h"
#include "range-index.h"

int
isc_cli_fail (const char *format,
              ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line only: scripts read the first line of stderr. */
  g_strdelimit (message, "\n", ' ');
  fprintf (stderr, "ionscape-cli: %s\n", message);
  return 1;
}

int
isc_cli_fail_error (const GError *error)
{
  return isc_cli_fail ("%s", error != NULL ? error->message : "unknown error");
}

gboolean
isc_cli_parse (GOptionContext *context,
               int            *argc,
               char         ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      isc_cli_fail ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

void
isc_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

gboolean
isc_cli_parse_doubles (const char *text,
                       double     *out,
                       guint       n)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, ",", -1);
  if (g_strv_length (parts) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      char *end = NULL;

      errno = 0;
      out[i] = g_ascii_strtod (g_strstrip (parts[i]), &end);
      if (errno != 0 || end == parts[i] || *end != '\0')
        return FALSE;
    }
  return TRUE;
}

int
isc_cli_load_data (const char   *data_path,
                   const char   *ranges_path,
                   IscIonCloud **cloud_out,
                   IscRangeSet **set_out)
{
  g_autoptr(IscRangeSet) set = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (data_path != NULL, 1);
  g_return_val_if_fail (cloud_out != NULL && set_out != NULL, 1);

  *cloud_out = NULL;
  *set_out = NULL;
  /* Ranges first: a typo in the small file fails before the large one is read. */
  if (ranges_path != NULL && (set = isc_range_set_load (ranges_path, &error)) == NULL)
    return isc_cli_fail_error (error);
  cloud = isc_ion_cloud_load (data_path, NULL, NULL, NULL, &error);
  if (cloud == NULL)
    return isc_cli_fail_error (error);
  *cloud_out = g_steal_pointer (&cloud);
  *set_out = g_steal_pointer (&set);
  return 0;
}

int
isc_cli_load_ranged (const char   *data_path,
                     const char   *ranges_path,
                     IscIonCloud **cloud_out,
                     IscRangeSet **set_out)
{
  g_autoptr(GError) error = NULL;
  int status = isc_cli_load_data (data_path, ranges_path, cloud_out, set_out);

  if (status == 0 && *set_out != NULL
      && !isc_range_index_apply (*set_out, *cloud_out, NULL, NULL, NULL, &error))
    {
      g_clear_pointer (cloud_out, isc_ion_cloud_unref);
      g_clear_pointer (set_out, isc_range_set_free);
      return isc_cli_fail_error (error);
    }
  return status;
}

/* A path for a message: control characters escaped, other characters kept. */
static char *
shown_path (const char *path)
{
  GString *out = g_string_new (NULL);

  for (const guchar *p = (const guchar *) path; *p != '\0'; p++)
    {
      if (*p < 0x20 || *p == 0x7f)
        g_string_append_printf (out, "\\x%02x", *p);
      else
        g_string_append_c (out, (char) *p);
    }
  return g_string_free (out, FALSE);
}

int
isc_cli_open_project (const char  *path,
                      gboolean     allow_outside,
                      IscProject **project_out)
{
  g_autoptr(IscProject) project = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (path != NULL && project_out != NULL, 1);

  project = isc_project_load (path, &error);
  if (project == NULL)
    return isc_cli_fail_error (error);
  if (project->outside_paths->len > 0 && !allow_outside)
    {
      g_autofree char *first = shown_path (g_ptr_array_index (project->outside_paths, 0));
      guint n = project->outside_paths->len;

      return isc_cli_fail ("%s: names %u data file%s outside the project folder (%s%s); not read "
                           "(pass --allow-outside to read them)", path, n, n == 1 ? "" : "s",
                           first, n > 1 ? ", …" : "");
    }
  *project_out = g_steal_pointer (&project);
  return 0;
}

int
isc_cli_load_project (const char  *path,
                      gboolean     save,
                      gboolean     allow_outside,
                      IscProject **project_out)
{
  g_autoptr(IscProject) project = NULL;
  g_autoptr(GError) error = NULL;
  guint computed = 0;
  int status;

  g_return_val_if_fail (path != NULL && project_out != NULL, 1);

  if ((status = isc_cli_open_project (path, allow_outside, &project)) != 0)
    return status;
  if (!isc_project_update_ratios (project, NULL, NULL, NULL, &computed, &error))
    return isc_cli_fail_error (error);
  /* Caching is a convenience: the numbers are right even if the project cannot be rewritten.
   * Nobody asked for this save, so it must not lose anything that was loaded. */
  if (computed > 0 && save
      && !isc_project_save_full (project, path, ISC_PROJECT_SAVE_AUTOMATIC, &error))
    fprintf (stderr, "ionscape-cli: warning: results not cached: %s\n", error->message);
  *project_out = g_steal_pointer (&project);
  return 0;
}

void
isc_cli_json_add_number (JsonBuilder *builder,
                         double       value)
{
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
isc_cli_json_add_member (JsonBuilder *builder,
                         const char  *key,
                         double       value)
{
  json_builder_set_member_name (builder, key);
  isc_cli_json_add_number (builder, value);
}
