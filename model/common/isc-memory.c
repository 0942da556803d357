/* isc-memory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include "isc-error.h"
#include "isc-memory.h"

/* MemAvailable + SwapFree of /proc/meminfo in bytes, or G_MAXUINT64 when unknown. */
static guint64
system_available (void)
{
  g_autofree char *text = NULL;
  guint64 avail = 0, swap = 0;
  gboolean found = FALSE;
  char **lines;

  if (!g_file_get_contents ("/proc/meminfo", &text, NULL, NULL))
    return G_MAXUINT64;
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    {
      if (g_str_has_prefix (*l, "MemAvailable:"))
        {
          avail = g_ascii_strtoull (*l + 13, NULL, 10) * 1024;
          found = TRUE;
        }
      else if (g_str_has_prefix (*l, "SwapFree:"))
        swap = g_ascii_strtoull (*l + 9, NULL, 10) * 1024;
    }
  g_strfreev (lines);
  return found ? avail + swap : G_MAXUINT64;
}

/* Address space left under RLIMIT_AS, or G_MAXUINT64 without a limit. */
static guint64
address_space_left (void)
{
  struct rlimit limit;
  g_autofree char *statm = NULL;
  guint64 pages;

  if (getrlimit (RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
    return G_MAXUINT64;
  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    return G_MAXUINT64;
  pages = g_ascii_strtoull (statm, NULL, 10);
  pages *= (guint64) sysconf (_SC_PAGESIZE);
  return pages < limit.rlim_cur ? limit.rlim_cur - pages : 0;
}

gboolean
isc_memory_check (guint64      bytes,
                  const char  *what,
                  GError     **error)
{
  const char *cap = g_getenv ("IONSCAPE_MEMORY_LIMIT");
  guint64 left = MIN (system_available (), address_space_left ());

  if (cap != NULL && *cap != '\0')
    left = MIN (left, g_ascii_strtoull (cap, NULL, 10));
  if (bytes <= left)
    return TRUE;
  {
    g_autofree char *size = g_format_size (bytes);

    g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_IO,
                 "%s needs %s of memory, which is not available", what, size);
  }
  return FALSE;
}

gpointer
isc_memory_try_new (gsize        n,
                    gsize        size,
                    gboolean     zeroed,
                    const char  *what,
                    GError     **error)
{
  gpointer p;

  n = MAX (n, 1);
  if (size != 0 && n > G_MAXSIZE / size)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_IO,
                   "%s needs more memory than can be addressed", what);
      return NULL;
    }
  if (!isc_memory_check ((guint64) n * size, what, error))
    return NULL;
  p = zeroed ? g_try_malloc0 (n * size) : g_try_malloc (n * size);
  if (p == NULL)
    {
      g_autofree char *text = g_format_size ((guint64) n * size);

      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_IO,
                   "%s needs %s of memory, which is not available", what, text);
    }
  return p;
}
