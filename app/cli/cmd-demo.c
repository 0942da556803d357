/* cmd-demo.c: `ionscape-cli demo --out DIR` writes the demo project; `demo --summary DIR` reads
 * its APT files back and prints the site table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <unistd.h>

#include "cli-commands.h"
#include "demo-apt.h"
#include "demo-sites.h"
#include "demo.h"
#include "range-set.h"

static int
summary (const char *dir)
{
  g_autofree char *ranges_path = isc_demo_apt_ranges_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(IscRangeSet) ranges = isc_range_set_load (ranges_path, &error);
  const IscDemoSite *sites;
  guint n_sites = 0;

  if (ranges == NULL)
    return isc_cli_fail_error (error);
  sites = isc_demo_sites_get (&n_sites);

  printf ("Atomic ratios normalised to Ni + Co + Mn = 1; mean ± standard deviation over %d specimens\n\n",
          ISC_DEMO_SPECIMENS_PER_SITE);
  printf ("%-11s %-18s", "specimen", "region");
  for (int e = 0; e < ISC_DEMO_APT_N_ELEMENTS; e++)
    printf (" %13s", isc_demo_apt_elements[e]);
  printf ("\n");

  for (guint s = 0; s < n_sites; s++)
    {
      double mean[ISC_DEMO_APT_N_ELEMENTS], sd[ISC_DEMO_APT_N_ELEMENTS];
      g_autofree char *region = g_strdup_printf ("%s %s", g_str_equal (sites[s].label, "bulk") ? "" : sites[s].label,
                                                 sites[s].region);

      if (!isc_demo_apt_measure_site (dir, s, ranges, mean, sd, NULL, &error))
        return isc_cli_fail_error (error);
      printf ("%-11s %-18s", sites[s].condition, g_strstrip (region));
      for (int e = 0; e < ISC_DEMO_APT_N_ELEMENTS; e++)
        printf ("   %5.2f ± %.2f", mean[e], sd[e]);
      printf ("\n");
    }
  return 0;
}

static void
print_progress (double   fraction,
                gpointer data)
{
  fprintf (stderr, "\rwriting demo… %3.0f %%", 100 * fraction);
  if (fraction >= 1.0)
    fprintf (stderr, "\n");
}

int
isc_cli_cmd_demo (int    argc,
                  char **argv)
{
  g_autofree char *out = NULL;
  g_autofree char *summary_dir = NULL;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "Write the demo project into DIR", "DIR" },
    { "summary", 0, 0, G_OPTION_ARG_FILENAME, &summary_dir, "Print the site table measured from the demo in DIR", "DIR" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress output", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the demo project");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 1 || (out == NULL) == (summary_dir == NULL))
    return isc_cli_fail ("demo: give either --out DIR or --summary DIR");

  if (summary_dir != NULL)
    return summary (summary_dir);

  /* Progress only for a person watching; scripts get a clean stderr. */
  if (!isc_demo_write (out, NULL, quiet || !isatty (STDERR_FILENO) ? NULL : print_progress, NULL, &error))
    return isc_cli_fail_error (error);
  printf ("Demo project written to %s\n", out);
  return 0;
}
