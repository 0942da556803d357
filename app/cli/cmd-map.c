/* cmd-map.c: ionscape-cli map — a 2D concentration map of a slab, as CSV or JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include <cairo.h>

#include "cli-commands.h"
#include "cli-spatial.h"
#include "colormap.h"
#include "voxel.h"

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The map as a PNG: viridis from the smallest to the largest value, empty pixels light grey,
 * a colour bar with its range (at.% for a fraction; 2nd to 98th percentile) on the right. */
static gboolean
write_png (const IscConcMap  *map,
           gboolean           fraction,
           const char        *path,
           GError           **error)
{
  const guint8 *table = isc_colormap_table (ISC_COLORMAP_VIRIDIS);
  int scale = MAX (1, 600 / (int) MAX (map->width, map->height));
  int w = map->width * scale, h = map->height * scale, bar = 110;
  double lo = INFINITY, hi = -INFINITY, unit = fraction ? 100.0 : 1.0;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w + bar, MAX (h, 160));
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;
  char label[64];

  /* The colour range: 2nd to 98th percentile, so single-atom pixels at the edge do not set it. */
  {
    g_autoptr(GArray) v = g_array_new (FALSE, FALSE, sizeof (double));

    for (gsize k = 0; k < (gsize) map->width * map->height; k++)
      if (!isnan (map->value[k]))
        g_array_append_val (v, map->value[k]);
    g_array_sort (v, compare_double);
    if (v->len > 0)
      {
        lo = g_array_index (v, double, (gsize) (0.02 * (v->len - 1)));
        hi = g_array_index (v, double, (gsize) (0.98 * (v->len - 1)));
      }
  }
  if (!(hi > lo))
    hi = lo + 1e-9;
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  for (guint j = 0; j < map->height; j++)
    for (guint i = 0; i < map->width; i++)
      {
        double v = map->value[(gsize) j * map->width + i];

        if (isnan (v))
          cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
        else
          {
            int c = CLAMP ((int) ((v - lo) / (hi - lo) * 255.0 + 0.5), 0, 255);

            cairo_set_source_rgb (cr, table[3 * c] / 255.0, table[3 * c + 1] / 255.0, table[3 * c + 2] / 255.0);
          }
        /* v grows upwards, as in a plot. */
        cairo_rectangle (cr, i * scale, h - (j + 1) * scale, scale, scale);
        cairo_fill (cr);
      }
  for (int y = 0; y < 128; y++)
    {
      int c = 255 - 2 * y;

      cairo_set_source_rgb (cr, table[3 * c] / 255.0, table[3 * c + 1] / 255.0, table[3 * c + 2] / 255.0);
      cairo_rectangle (cr, w + 10, 16 + y, 16, 1);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_font_size (cr, 12);
  g_snprintf (label, sizeof label, "≥ %.3g%s", hi * unit, fraction ? " at.%" : "");
  cairo_move_to (cr, w + 30, 24);
  cairo_show_text (cr, label);
  g_snprintf (label, sizeof label, "≤ %.3g%s", lo * unit, fraction ? " at.%" : "");
  cairo_move_to (cr, w + 30, 144);
  cairo_show_text (cr, label);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_IO, "map: cannot write %s: %s", path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

int
isc_cli_cmd_map (int    argc,
                 char **argv)
{
  IscCliSpatial common = { 0 };
  g_autofree char *element = NULL, *axis_name = NULL, *slab = NULL, *out_path = NULL;
  double bin = 1.0, min_atoms = 1;
  GOptionEntry entries[] = {
    ISC_CLI_SPATIAL_ENTRIES (common),
    { "element", 0, 0, G_OPTION_ARG_STRING, &element, "Element (atomic fraction) or ratio such as Li/(Ni+Co+Mn)", "EL" },
    { "axis", 0, 0, G_OPTION_ARG_STRING, &axis_name, "Slab normal: x, y, z (default) or roi", "AXIS" },
    { "slab", 0, 0, G_OPTION_ARG_STRING, &slab, "Slab along the axis (nm; default all)", "FROM:TO" },
    { "bin", 0, 0, G_OPTION_ARG_DOUBLE, &bin, "Pixel edge (nm, default 1)", "NM" },
    { "min-atoms", 0, 0, G_OPTION_ARG_DOUBLE, &min_atoms, "Pixels with fewer atoms are empty (default 1)", "N" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "Also write the map as a PNG", "F.png" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DATA — 2D concentration map of a slab (CSV, JSON or --out F.png)");
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscConcMap) map = NULL;
  g_autoptr(GError) error = NULL;
  IscConcMapSettings settings;
  IscQuantity quantity = { 0 };
  IscRoi roi;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  isc_conc_map_settings_init (&settings);
  if (element == NULL)
    {
      status = isc_cli_fail ("map: --element EL is required");
      goto out;
    }
  if (axis_name != NULL && !isc_profile_axis_from_string (axis_name, &settings.axis))
    {
      status = isc_cli_fail ("map: --axis “%s”: expected x, y, z or roi", axis_name);
      goto out;
    }
  if (slab != NULL && !isc_cli_parse_span (slab, &settings.from, &settings.to))
    {
      status = isc_cli_fail ("map: --slab “%s”: expected FROM:TO in nm, e.g. 10:15", slab);
      goto out;
    }
  if (out_path != NULL && !g_str_has_suffix (out_path, ".png"))
    {
      status = isc_cli_fail ("map: --out “%s”: expected a .png file name", out_path);
      goto out;
    }
  if ((status = isc_cli_spatial_load ("map", argc, argv, &common, &roi, &cloud, &ranges)) != 0)
    goto out;
  if (!isc_quantity_parse (element, ranges, &quantity, &error))
    {
      status = isc_cli_fail ("map: --element %s", error->message);
      goto out;
    }
  settings.bin = bin;
  settings.min_atoms = min_atoms;
  map = isc_conc_map_compute (cloud, ranges, &roi, &quantity, &settings, NULL, NULL, NULL, &error);
  if (map == NULL)
    {
      status = isc_cli_fail_error (error);
      goto out;
    }
  if (out_path != NULL && !write_png (map, isc_quantity_is_fraction (&quantity), out_path, &error))
    {
      status = isc_cli_fail_error (error);
      goto out;
    }
  if (out_path != NULL && !common.json && !common.csv)
    goto out;
  if (common.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      gsize filled = 0;

      json_builder_begin_object (b);
      isc_cli_json_add_string (b, "quantity", map->quantity);
      isc_cli_json_add_string (b, "axis", isc_profile_axis_to_string (settings.axis));
      isc_cli_json_add_member (b, "from_nm", settings.from);
      isc_cli_json_add_member (b, "to_nm", settings.to);
      isc_cli_json_add_member (b, "bin_nm", map->bin);
      json_builder_set_member_name (b, "width");
      json_builder_add_int_value (b, map->width);
      json_builder_set_member_name (b, "height");
      json_builder_add_int_value (b, map->height);
      isc_cli_json_add_member (b, "u0_nm", map->u0);
      isc_cli_json_add_member (b, "v0_nm", map->v0);
      json_builder_set_member_name (b, "atoms");
      json_builder_add_int_value (b, map->n_atoms);
      /* Rows of v, each a list over u; null for empty pixels. */
      json_builder_set_member_name (b, "value");
      json_builder_begin_array (b);
      for (guint j = 0; j < map->height; j++)
        {
          json_builder_begin_array (b);
          for (guint i = 0; i < map->width; i++)
            {
              double v = map->value[(gsize) j * map->width + i];

              filled += !isnan (v);
              isc_cli_json_add_number (b, v);
            }
          json_builder_end_array (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "sigma");
      json_builder_begin_array (b);
      for (guint j = 0; j < map->height; j++)
        {
          json_builder_begin_array (b);
          for (guint i = 0; i < map->width; i++)
            isc_cli_json_add_number (b, map->sigma[(gsize) j * map->width + i]);
          json_builder_end_array (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "filled_pixels");
      json_builder_add_int_value (b, filled);
      isc_cli_json_add_string (b, "roi", common.roi_spec != NULL ? common.roi_spec : "all");
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      isc_cli_print_json (root);
    }
  else
    {
      g_autofree char *csv = isc_conc_map_to_csv (map);

      fputs (csv, stdout);
    }

out:
  isc_quantity_clear (&quantity);
  isc_cli_spatial_clear (&common);
  return status;
}
