/* cmd-composition.c: `ionscape-cli composition DATA --ranges RANGES [--basis Ni,Co,Mn] [--roi SPEC] [--json]`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli-commands.h"
#include "composition.h"
#include "ion-cloud.h"
#include "range-set.h"
#include "roi.h"

static void
print_json (const IscComposition *comp,
            const char * const   *basis)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ions_total");
  json_builder_add_int_value (b, (gint64) comp->ions_total);
  json_builder_set_member_name (b, "ions_ranged");
  json_builder_add_int_value (b, (gint64) comp->ions_ranged);
  json_builder_set_member_name (b, "ions_unranged");
  json_builder_add_int_value (b, (gint64) comp->ions_unranged);

  if (comp->decomposed)
    {
      json_builder_set_member_name (b, "decomposed");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_set_member_name (b, "background_model");
      if (comp->background_model != NULL)
        json_builder_add_string_value (b, comp->background_model);
      else
        json_builder_add_null_value (b);
    }

  json_builder_set_member_name (b, "ions");
  json_builder_begin_object (b);
  for (guint t = 0; t < comp->n_ion_types; t++)
    {
      json_builder_set_member_name (b, comp->ion_names[t]);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "count");
      if (comp->decomposed)
        {
          isc_cli_json_add_number (b, comp->ion_estimates[t]);
          isc_cli_json_add_member (b, "sigma", comp->ion_sigmas[t]);
        }
      else
        json_builder_add_int_value (b, (gint64) comp->ion_counts[t]);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "atoms");
  json_builder_begin_object (b);
  for (guint e = 0; e < comp->n_elements; e++)
    {
      json_builder_set_member_name (b, comp->elements[e]);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "count");
      if (comp->decomposed)
        isc_cli_json_add_number (b, comp->atom_estimates[e]);
      else
        json_builder_add_int_value (b, (gint64) comp->atom_counts[e]);
      json_builder_set_member_name (b, "fraction");
      json_builder_add_double_value (b, comp->fractions[e]);
      json_builder_set_member_name (b, "sigma");
      json_builder_add_double_value (b, comp->sigmas[e]);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "normalized");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "basis");
  json_builder_begin_array (b);
  for (guint i = 0; basis[i] != NULL; i++)
    json_builder_add_string_value (b, basis[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "ratios");
  json_builder_begin_object (b);
  for (guint e = 0; e < comp->n_elements; e++)
    isc_cli_json_add_member (b, comp->elements[e],
                             isc_composition_get_ratio (comp, basis, comp->elements[e]));
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  isc_cli_print_json (root);
}

static void
print_table (const IscComposition *comp,
             const char * const   *basis)
{
  g_autofree char *basis_text = g_strjoinv ("+", (char **) basis);

  printf ("ions: %" G_GUINT64_FORMAT " total, %" G_GUINT64_FORMAT " ranged, %" G_GUINT64_FORMAT " unranged\n",
          comp->ions_total, comp->ions_ranged, comp->ions_unranged);
  if (comp->decomposed)
    printf ("counts decomposed by isotope abundances%s%s\n", comp->background_model != NULL ? ", background " : "",
            comp->background_model != NULL ? comp->background_model : "");
  for (guint t = 0; t < comp->n_ion_types; t++)
    if (comp->decomposed)
      printf ("  %-12s %14.2f ± %.2f\n", comp->ion_names[t], comp->ion_estimates[t], comp->ion_sigmas[t]);
    else
      printf ("  %-12s %12" G_GUINT64_FORMAT "\n", comp->ion_names[t], comp->ion_counts[t]);
  printf ("%-6s %12s %10s %10s %12s\n", "atom", "count", "at.%", "± at.%", basis_text);
  for (guint e = 0; e < comp->n_elements; e++)
    printf ("%-6s %12.*f %10.4f %10.4f %12.4f\n", comp->elements[e], comp->decomposed ? 2 : 0,
            comp->decomposed ? comp->atom_estimates[e] : (double) comp->atom_counts[e],
            100 * comp->fractions[e], 100 * comp->sigmas[e],
            isc_composition_get_ratio (comp, basis, comp->elements[e]));
}

int
isc_cli_cmd_composition (int    argc,
                         char **argv)
{
  g_autofree char *ranges_path = NULL;
  g_autofree char *basis_text = NULL;
  g_autofree char *roi_text = NULL;
  g_autofree guint8 *selected = NULL;
  IscRoi roi;
  g_autofree char *csv_path = NULL;
  g_autofree char *bg_text = NULL;
  g_autofree char *bg_model = NULL;
  gboolean json = FALSE;
  gboolean decompose = FALSE;
  GOptionEntry entries[] = {
    { "decompose", 0, 0, G_OPTION_ARG_NONE, &decompose, "Split ions of overlapping windows by isotope abundances "
      "(least squares); counts may be fractional", NULL },
    { "background", 0, 0, G_OPTION_ARG_STRING, &bg_text, "With --decompose: subtract the background fitted in these "
      "peak-free windows (Da)", "LO:HI[,LO:HI]" },
    { "background-model", 0, 0, G_OPTION_ARG_STRING, &bg_model, "constant (default) or inv-sqrt (a/√m + b)", "MODEL" },
    { "ranges", 0, 0, G_OPTION_ARG_FILENAME, &ranges_path, "Range file (.rrng, .rng, .env)", "RANGES" },
    { "basis", 0, 0, G_OPTION_ARG_STRING, &basis_text, "Elements the ratios are normalised to (default Ni,Co,Mn)", "EL,EL,…" },
    { "roi", 0, 0, G_OPTION_ARG_STRING, &roi_text, "Only the ions inside this region (cylinder:…, box:…, sphere:…)", "SPEC" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path, "Write the table as CSV (as the GUI's Export CSV) to FILE, "
      "- for standard output", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DATA — ion and atom counts, fractions and ratios");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) set = NULL;
  g_autoptr(IscComposition) comp = NULL;
  g_auto(GStrv) basis = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return isc_cli_fail ("composition: expected one DATA file");
  if (ranges_path == NULL)
    return isc_cli_fail ("composition: --ranges RANGES is required");
  if (json && csv_path != NULL)
    return isc_cli_fail ("composition: give --json or --csv, not both");
  if ((bg_text != NULL || bg_model != NULL) && !decompose)
    return isc_cli_fail ("composition: --background needs --decompose (spectrum --background --json gives "
                         "background-corrected counts per range)");

  if (basis_text != NULL)
    {
      basis = g_strsplit (basis_text, ",", -1);
      for (guint i = 0; basis[i] != NULL; i++)
        if (g_strstrip (basis[i])[0] == '\0')
          return isc_cli_fail ("composition: --basis “%s” has an empty element", basis_text);
      if (basis[0] == NULL)
        return isc_cli_fail ("composition: --basis is empty");
    }
  else
    basis = g_strdupv ((char **) isc_composition_default_basis ());

  if (roi_text != NULL && !isc_roi_parse (roi_text, &roi, &error))
    return isc_cli_fail ("composition: --roi: %s", error->message);

  if ((status = isc_cli_load_data (argv[1], ranges_path, &cloud, &set)) != 0)
    return status;
  if (roi_text != NULL)
    {
      selected = g_new (guint8, MAX (cloud->n_ions, 1));
      isc_roi_select (&roi, cloud, selected);
    }
  if (decompose)
    {
      g_autoptr(IscBackground) bg = NULL;

      if ((status = isc_cli_fit_background ("composition", cloud, selected, bg_text, bg_model, &bg)) != 0)
        return status;
      comp = isc_composition_compute_decomposed (cloud, set, selected, bg, NULL, &error);
    }
  else
    comp = isc_composition_compute (cloud, set, selected, NULL, &error);
  if (comp == NULL)
    return isc_cli_fail_error (error);

  if (csv_path != NULL)
    {
      g_autofree char *csv = isc_composition_to_text (comp, (const char * const *) basis, ',');

      if (g_strcmp0 (csv_path, "-") == 0)
        fputs (csv, stdout);
      else if (!g_file_set_contents (csv_path, csv, -1, &error))
        return isc_cli_fail_error (error);
    }
  else if (json)
    print_json (comp, (const char * const *) basis);
  else
    print_table (comp, (const char * const *) basis);
  return 0;
}
