/* cmd-cache.c: `ionscape-cli cache [list|clear|tidy] [--json]`: the column caches of large
 * .pos/.epos files (column-cache.h) — what they hold, their limit, and removing them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "cli-commands.h"
#include "column-cache.h"

static const char *
state_name (const IscColumnCacheEntry *e)
{
  if (e->temporary)
    return e->in_use ? "being written" : "dead temporary";
  switch (e->source)
    {
    case ISC_COLUMN_CACHE_SOURCE_CURRENT: return "current";
    case ISC_COLUMN_CACHE_SOURCE_CHANGED: return "source changed";
    case ISC_COLUMN_CACHE_SOURCE_MISSING: return "source missing";
    case ISC_COLUMN_CACHE_SOURCE_UNKNOWN:
    default: return "source unknown";
    }
}

static int
list (gboolean json)
{
  g_autoptr(GPtrArray) entries = isc_column_cache_list ();
  g_autofree char *dir = isc_column_cache_dir ();
  g_autofree char *limit_text = NULL;
  guint64 limit = isc_column_cache_limit (), total = 0;

  for (guint i = 0; i < entries->len; i++)
    total += ((IscColumnCacheEntry *) g_ptr_array_index (entries, i))->bytes;
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "directory");
      json_builder_add_string_value (b, dir);
      json_builder_set_member_name (b, "limit_bytes");
      json_builder_add_int_value (b, (gint64) MIN (limit, (guint64) G_MAXINT64));
      json_builder_set_member_name (b, "total_bytes");
      json_builder_add_int_value (b, (gint64) total);
      json_builder_set_member_name (b, "files");
      json_builder_begin_array (b);
      for (guint i = 0; i < entries->len; i++)
        {
          const IscColumnCacheEntry *e = g_ptr_array_index (entries, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "path");
          json_builder_add_string_value (b, e->path);
          json_builder_set_member_name (b, "source");
          if (e->source_path != NULL)
            json_builder_add_string_value (b, e->source_path);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "format");
          json_builder_add_string_value (b, e->format);
          json_builder_set_member_name (b, "ions");
          json_builder_add_int_value (b, (gint64) e->n_ions);
          json_builder_set_member_name (b, "bytes");
          json_builder_add_int_value (b, (gint64) e->bytes);
          json_builder_set_member_name (b, "last_used");
          json_builder_add_int_value (b, e->last_used);
          json_builder_set_member_name (b, "state");
          json_builder_add_string_value (b, state_name (e));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      isc_cli_print_json (root);
      return 0;
    }

  limit_text = g_format_size (limit);
  {
    g_autofree char *total_text = g_format_size (total);

    printf ("Column cache %s: %s in %u files, limit %s%s\n", dir, total_text, entries->len, limit_text,
            g_getenv ("IONSCAPE_CACHE_LIMIT") != NULL ? " (IONSCAPE_CACHE_LIMIT)" : "");
  }
  if (entries->len == 0)
    return 0;
  printf ("%-16s %10s %12s %-6s %-15s %s\n", "last used", "size", "ions", "format", "state", "source");
  for (guint i = 0; i < entries->len; i++)
    {
      const IscColumnCacheEntry *e = g_ptr_array_index (entries, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (e->last_used);
      g_autofree char *when_text = when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("?");
      g_autofree char *size = g_format_size (e->bytes);

      printf ("%-16s %10s %12" G_GUINT64_FORMAT " %-6s %-15s %s\n", when_text, size, e->n_ions,
              e->format[0] != '\0' ? e->format : "-", state_name (e),
              e->source_path != NULL ? e->source_path : e->path);
    }
  return 0;
}

int
isc_cli_cmd_cache (int    argc,
                   char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[list|clear|tidy] — the column caches of large .pos/.epos files");
  const char *action;

  g_option_context_set_description (context,
    "list   what the cache holds, least recently used first (the default)\n"
    "clear  remove every cache file not in use\n"
    "tidy   remove dead temporaries and caches of changed files, then the least recently used\n"
    "       beyond the limit\n"
    "\n"
    "The limit is IONSCAPE_CACHE_LIMIT (40G, 500M, 10%, bytes), else 10 % of the disk (at least 4 GiB).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc > 2)
    return isc_cli_fail ("cache: one action at most (list, clear or tidy)");
  action = argc > 1 ? argv[1] : "list";
  if (g_str_equal (action, "list"))
    return list (json);
  if (g_str_equal (action, "clear") || g_str_equal (action, "tidy"))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *freed_text = NULL;
      guint64 freed = 0;
      guint n = 0;

      if (g_str_equal (action, "tidy"))
        freed = isc_column_cache_tidy (0);
      else if (!isc_column_cache_clear (&n, &freed, &error))
        return isc_cli_fail_error (error);
      freed_text = g_format_size (freed);
      if (json)
        printf ("{\n  \"removed\" : %u,\n  \"freed_bytes\" : %" G_GUINT64_FORMAT "\n}\n", n, freed);
      else if (g_str_equal (action, "clear"))
        printf ("Removed %u files, %s freed\n", n, freed_text);
      else
        printf ("%s freed\n", freed_text);
      return 0;
    }
  return isc_cli_fail ("cache: unknown action “%s” (list, clear or tidy)", action);
}
