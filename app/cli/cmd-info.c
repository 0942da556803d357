/* cmd-info.c: `ionscape-cli info FILE [--json]` — what an APT data or range file holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "cli-commands.h"
#include "ion-cloud.h"
#include "isc-dataset-kind.h"
#include "nxapm-io.h"
#include "range-io.h"
#include "range-set.h"

static void
add_vec3 (JsonBuilder *b,
          const float  v[3])
{
  json_builder_begin_array (b);
  for (int k = 0; k < 3; k++)
    json_builder_add_double_value (b, v[k]);
  json_builder_end_array (b);
}

static int
print_ranges (const char        *path,
              const IscRangeSet *set,
              const char        *format,
              gboolean           json);

static int
info_ranges (const char *path,
             gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscRangeSet) set = isc_range_set_load (path, &error);
  g_autofree char *text = NULL;
  gsize len = 0;

  if (set == NULL)
    return isc_cli_fail_error (error);
  g_file_get_contents (path, &text, &len, NULL);
  return print_ranges (path, set, isc_range_set_guess_format (path, text != NULL ? text : "", len), json);
}

static int
print_ranges (const char        *path,
              const IscRangeSet *set,
              const char        *format,
              gboolean           json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "format");
      json_builder_add_string_value (b, format);
      json_builder_set_member_name (b, "ions");
      json_builder_add_int_value (b, isc_range_set_get_n_ion_types (set));
      json_builder_set_member_name (b, "ranges");
      json_builder_add_int_value (b, isc_range_set_get_n_ranges (set));
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      isc_cli_print_json (root);
    }
  else
    {
      printf ("%s: %s range file, %u ion types, %u ranges\n", path, format,
              isc_range_set_get_n_ion_types (set), isc_range_set_get_n_ranges (set));
      for (guint i = 0; i < isc_range_set_get_n_ranges (set); i++)
        {
          const IscRange *r = isc_range_set_get_range (set, i);

          printf ("  %10.4f %10.4f  %s\n", r->low, r->high, isc_range_set_get_ion_type (set, r->ion_type)->name);
        }
    }
  return 0;
}

static int
info_apt (const char *path,
          gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscIonCloud) cloud = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);

  if (cloud == NULL)
    {
      /* A NeXus file may hold only ranging definitions. */
      g_autoptr(IscRangeSet) set = NULL;

      if (g_error_matches (error, ISC_APT_ERROR, ISC_ERROR_FORMAT)
          && (set = isc_range_set_load_nxapm (path, NULL)) != NULL)
        return print_ranges (path, set, "nxapm", json);
      return isc_cli_fail_error (error);
    }

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "format");
      json_builder_add_string_value (b, cloud->format);
      json_builder_set_member_name (b, "ions");
      json_builder_add_int_value (b, (gint64) cloud->n_ions);
      json_builder_set_member_name (b, "bounds");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "min");
      add_vec3 (b, cloud->bounds_min);
      json_builder_set_member_name (b, "max");
      add_vec3 (b, cloud->bounds_max);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "mass_range");
      json_builder_begin_array (b);
      json_builder_add_double_value (b, cloud->mq_min);
      json_builder_add_double_value (b, cloud->mq_max);
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      isc_cli_print_json (root);
    }
  else
    printf ("%s: %s, %" G_GSIZE_FORMAT " ions\n"
            "  x %g … %g nm, y %g … %g nm, z %g … %g nm\n"
            "  m/n %g … %g Da\n",
            path, cloud->format, cloud->n_ions,
            cloud->bounds_min[0], cloud->bounds_max[0], cloud->bounds_min[1], cloud->bounds_max[1],
            cloud->bounds_min[2], cloud->bounds_max[2], cloud->mq_min, cloud->mq_max);
  return 0;
}

/* The first argument that is neither an option nor an option's value. */
static const char *
find_file_argument (int    argc,
                    char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--index"))
        i++;
      else if (argv[i][0] != '-')
        return argv[i];
    }
  return NULL;
}

int
isc_cli_cmd_info (int    argc,
                  char **argv)
{
  const char *file = find_file_argument (argc, argv);
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(GError) error = NULL;
  IscDatasetKindSummaryFunc summarize;
  IscDatasetKind kind;

  /* Images have their own describer (with --index for multi-image files). */
  if (file != NULL && isc_dataset_kind_has_suffix (ISC_DATASET_STEM, file))
    return isc_cli_cmd_image_info (argc, argv);

  context = g_option_context_new ("FILE — describe an APT data, range or image file");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return isc_cli_fail ("info: expected one FILE");
  if (!g_file_test (argv[1], G_FILE_TEST_EXISTS))
    return isc_cli_fail ("%s: no such file", argv[1]);

  if (!isc_dataset_kind_guess (argv[1], &kind))
    return isc_cli_fail ("%s: not an APT data, range or image file", argv[1]);
  if (kind == ISC_DATASET_RANGES)
    return info_ranges (argv[1], json);
  if (kind == ISC_DATASET_APT)
    return info_apt (argv[1], json);
  /* Other kinds describe themselves through the registry. */
  summarize = isc_dataset_kind_get_info (kind)->summarize;
  if (summarize == NULL)
    return isc_cli_fail ("%s: not an APT data, range or image file", argv[1]);
  summary = summarize (argv[1], &error);
  if (summary == NULL)
    return isc_cli_fail_error (error);
  {
    g_autofree char *text = json_to_string (summary, !json);

    printf ("%s\n", text);
  }
  return 0;
}
