/* cmd-isotopes.c: `ionscape-cli isotopes ION [--charge Z] [--tolerance DA] [--json]`: the isotope
 * peaks of a (molecular) ion, e.g. "what could be at 29.5 Da?".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "cli-commands.h"
#include "isotopes.h"

int
isc_cli_cmd_isotopes (int    argc,
                      char **argv)
{
  int charge = 1;
  double tolerance = 0.01;
  double min_abundance = 1e-5;
  gboolean json = FALSE;
  double at = -1;
  g_autofree char *elements_text = NULL;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_DOUBLE, &at, "Instead of ION: the ions with a peak within --tolerance of this m/n", "DA" },
    { "elements", 0, 0, G_OPTION_ARG_STRING, &elements_text, "With --at: elements to build ions of "
      "(default H,Li,C,N,O,Mn,Co,Ni)", "EL,EL,…" },
    { "charge", 0, 0, G_OPTION_ARG_INT, &charge, "Charge state (default 1)", "Z" },
    { "tolerance", 0, 0, G_OPTION_ARG_DOUBLE, &tolerance, "Merge peaks closer than this in m/n (default 0.01 Da)", "DA" },
    { "min-abundance", 0, 0, G_OPTION_ARG_DOUBLE, &min_abundance, "Leave out peaks below this fraction (default 1e-5)", "F" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("ION — isotope peaks (m/n and abundance) of an ion");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) peaks = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (at >= 0)
    {
      g_auto(GStrv) elements = g_strsplit (elements_text != NULL ? elements_text : "H,Li,C,N,O,Mn,Co,Ni", ",", -1);
      g_autoptr(GArray) found = NULL;
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      if (argc != 1)
        return isc_cli_fail ("isotopes: give ION or --at DA, not both");
      if (tolerance == 0.01)
        tolerance = 0.05;
      found = isc_isotopes_candidates (at, tolerance, (const char * const *) elements, 3, 3);
      if (!json)
        {
          printf ("%-10s %6s %12s %12s\n", "ion", "charge", "m/n (Da)", "abundance");
          for (guint i = 0; i < found->len; i++)
            {
              const IscIonCandidate *c = &g_array_index (found, IscIonCandidate, i);

              printf ("%-10s %5u+ %12.4f %12.6f\n", c->formula, c->charge, c->mass_da, c->abundance);
            }
          return 0;
        }
      json_builder_begin_object (b);
      isc_cli_json_add_member (b, "at_da", at);
      json_builder_set_member_name (b, "candidates");
      json_builder_begin_array (b);
      for (guint i = 0; i < found->len; i++)
        {
          const IscIonCandidate *c = &g_array_index (found, IscIonCandidate, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "ion");
          json_builder_add_string_value (b, c->formula);
          json_builder_set_member_name (b, "charge");
          json_builder_add_int_value (b, c->charge);
          isc_cli_json_add_member (b, "mass_da", c->mass_da);
          isc_cli_json_add_member (b, "abundance", c->abundance);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      isc_cli_print_json (root);
      return 0;
    }
  if (argc != 2)
    return isc_cli_fail ("isotopes: expected one ION such as O2 or LiO (or --at DA)");
  if (charge < 1 || charge > 20)
    return isc_cli_fail ("isotopes: --charge Z must be between 1 and 20");
  if (!(tolerance >= 0) || !(min_abundance >= 0 && min_abundance < 1))
    return isc_cli_fail ("isotopes: --tolerance and --min-abundance must be non-negative");

  peaks = isc_isotopes_formula_peaks (argv[1], (guint) charge, tolerance, min_abundance, &error);
  if (peaks == NULL)
    return isc_cli_fail ("isotopes: %s", error->message);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "ion");
      json_builder_add_string_value (b, argv[1]);
      json_builder_set_member_name (b, "charge");
      json_builder_add_int_value (b, charge);
      json_builder_set_member_name (b, "peaks");
      json_builder_begin_array (b);
      for (guint i = 0; i < peaks->len; i++)
        {
          const IscIsotopePeak *p = &g_array_index (peaks, IscIsotopePeak, i);

          json_builder_begin_object (b);
          isc_cli_json_add_member (b, "mass_da", p->mass_da);
          isc_cli_json_add_member (b, "abundance", p->abundance);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      isc_cli_print_json (root);
    }
  else
    {
      printf ("%-12s %12s\n", "m/n (Da)", "abundance");
      for (guint i = 0; i < peaks->len; i++)
        {
          const IscIsotopePeak *p = &g_array_index (peaks, IscIsotopePeak, i);

          printf ("%12.4f %12.6f\n", p->mass_da, p->abundance);
        }
    }
  return 0;
}
