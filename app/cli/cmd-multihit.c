/* cmd-multihit.c: `ionscape-cli multihit DATA.epos [--json] [--csv] [--out F.png]`: multiplicity
 * statistics, and the correlation histogram (Saxey plot) as CSV or PNG.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "cli-commands.h"
#include "cli-histogram-png.h"
#include "multihit.h"

static void
print_stats_json (const IscMultihitStats *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "events");
  json_builder_add_int_value (b, (gint64) s->events);
  json_builder_set_member_name (b, "ions");
  json_builder_add_int_value (b, (gint64) s->ions);
  json_builder_set_member_name (b, "pairs");
  json_builder_add_int_value (b, (gint64) s->pairs);
  isc_cli_json_add_member (b, "multiple_fraction", s->multiple_fraction);
  isc_cli_json_add_member (b, "mean_multiplicity", s->mean_multiplicity);
  json_builder_set_member_name (b, "multiplicities");
  json_builder_begin_array (b);
  for (guint k = 1; k <= ISC_MULTIHIT_MAX_CLASS; k++)
    if (s->events_by_multiplicity[k] > 0)
      {
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "multiplicity");
        json_builder_add_int_value (b, k);
        json_builder_set_member_name (b, "events");
        json_builder_add_int_value (b, (gint64) s->events_by_multiplicity[k]);
        json_builder_set_member_name (b, "ions");
        json_builder_add_int_value (b, (gint64) s->ions_by_multiplicity[k]);
        json_builder_end_object (b);
      }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  isc_cli_print_json (root);
}

int
isc_cli_cmd_multihit (int    argc,
                      char **argv)
{
  g_autofree char *out_path = NULL;
  g_autofree char *range_text = NULL;
  g_auto(GStrv) track_texts = NULL;
  g_autoptr(GPtrArray) tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  gboolean json = FALSE, csv = FALSE;
  int bins = 400;
  double range[2] = { 0, 100 };
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Multiplicity statistics as JSON", NULL },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, "Correlation histogram as CSV (mq1,mq2,pairs; non-empty bins)", NULL },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "Write the correlation histogram as PNG", "F.png" },
    { "range", 0, 0, G_OPTION_ARG_STRING, &range_text, "Mass-to-charge range of both axes (default 0,100)", "LO,HI" },
    { "bins", 0, 0, G_OPTION_ARG_INT, &bins, "Bins per axis (default 400)", "N" },
    { "track", 0, 0, G_OPTION_ARG_STRING_ARRAY, &track_texts, "With --out: draw the dissociation track of a "
      "parent into a daughter and the charged rest (repeatable)", "PARENT:Z:DAUGHTER:Z" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DATA.epos — multiple hits: multiplicities and correlation histogram");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) set = NULL;
  g_autoptr(IscHistogram2D) h = NULL;
  IscMultihitStats stats;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return isc_cli_fail ("multihit: expected one DATA file (.epos or .apt)");
  if (json + csv > 1)
    return isc_cli_fail ("multihit: give --json or --csv, not both");
  if (range_text != NULL && !isc_cli_parse_doubles (range_text, range, 2))
    return isc_cli_fail ("multihit: --range “%s” is not LO,HI", range_text);
  if (bins < 1 || bins > 4096)
    return isc_cli_fail ("multihit: --bins must be between 1 and 4096");

  for (guint i = 0; track_texts != NULL && track_texts[i] != NULL; i++)
    {
      GArray *points = isc_multihit_track_parse (track_texts[i], &error);

      if (points == NULL)
        return isc_cli_fail ("multihit: %s", error->message);
      g_ptr_array_add (tracks, points);
    }
  if ((status = isc_cli_load_data (argv[1], NULL, &cloud, &set)) != 0)
    return status;
  if (!isc_multihit_stats (cloud, &stats, &error))
    return isc_cli_fail ("multihit: %s", error->message);

  if (csv || out_path != NULL)
    {
      h = isc_multihit_correlation (cloud, range[0], range[1], (guint) bins, &error);
      if (h == NULL)
        return isc_cli_fail ("multihit: %s", error->message);
    }
  if (out_path != NULL
      && !isc_cli_histogram_png (h, tracks, "Correlation histogram (ion pairs of one pulse)",
                                 "m/n of the lighter ion (Da)", "m/n of the heavier ion (Da)", out_path, &error))
    return isc_cli_fail_error (error);

  if (csv)
    {
      g_autoptr(GString) out = g_string_new ("mq1,mq2,pairs\n");
      double w = (h->hi - h->lo) / h->n;

      for (guint y = 0; y < h->n; y++)
        for (guint x = 0; x < h->n; x++)
          if (h->bins[(gsize) y * h->n + x] > 0)
            {
              char a[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE];

              g_ascii_formatd (a, sizeof a, "%.6g", h->lo + (x + 0.5) * w);
              g_ascii_formatd (c, sizeof c, "%.6g", h->lo + (y + 0.5) * w);
              g_string_append_printf (out, "%s,%s,%" G_GUINT64_FORMAT "\n", a, c, h->bins[(gsize) y * h->n + x]);
            }
      fwrite (out->str, 1, out->len, stdout);
    }
  else if (json)
    print_stats_json (&stats);
  else if (out_path == NULL)
    {
      printf ("events %" G_GUINT64_FORMAT ", ions %" G_GUINT64_FORMAT ", mean multiplicity %.4f, "
              "ions in multiple hits %.2f %%\n", stats.events, stats.ions, stats.mean_multiplicity,
              100 * stats.multiple_fraction);
      for (guint k = 1; k <= ISC_MULTIHIT_MAX_CLASS; k++)
        if (stats.events_by_multiplicity[k] > 0)
          printf ("  %2u%s %12" G_GUINT64_FORMAT " events %12" G_GUINT64_FORMAT " ions\n", k,
                  k == ISC_MULTIHIT_MAX_CLASS ? "+" : " ", stats.events_by_multiplicity[k],
                  stats.ions_by_multiplicity[k]);
    }
  return 0;
}
