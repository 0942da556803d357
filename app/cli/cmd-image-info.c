/* cmd-image-info.c: `ionscape-cli image-info IMAGE [--index K] [--json]` — size, type,
 * statistics of frame 0 and calibration of a microscope image.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli-commands.h"
#include "image.h"

/* The unit of the pixel size: "nm" for lengths, "1/nm" for reciprocal lengths, as stored
 * for anything else, "" when the image carries no calibration. */
static const char *
pixel_unit (const IscImage *image)
{
  return image->axis[ISC_IMAGE_AXIS_X].unit;
}

int
isc_cli_cmd_image_info (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("IMAGE");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = NULL;
  int index = 0;
  gboolean json = FALSE;
  double min, max, mean;
  GOptionEntry entries[] = {
    { "index", 'i', 0, G_OPTION_ARG_INT, &index, "Which image of a multi-image file (from 0)", "K" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Size, pixel type, statistics of frame 0 and calibration of a STEM/TEM image.");
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return isc_cli_fail ("image-info needs exactly one IMAGE file");
  if (index < 0)
    return isc_cli_fail ("--index must not be negative");

  image = isc_image_load (argv[1], index, NULL, NULL, NULL, &error);
  if (image == NULL)
    return isc_cli_fail_error (error);
  isc_image_stats (image, 0, &min, &max, &mean);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "format");
      json_builder_add_string_value (b, image->format);
      json_builder_set_member_name (b, "width");
      json_builder_add_int_value (b, image->width);
      json_builder_set_member_name (b, "height");
      json_builder_add_int_value (b, image->height);
      json_builder_set_member_name (b, "frames");
      json_builder_add_int_value (b, image->frames);
      json_builder_set_member_name (b, "dtype");
      json_builder_add_string_value (b, isc_image_dtype_name (image->dtype));
      json_builder_set_member_name (b, "min");
      json_builder_add_double_value (b, min);
      json_builder_set_member_name (b, "max");
      json_builder_add_double_value (b, max);
      json_builder_set_member_name (b, "mean");
      json_builder_add_double_value (b, mean);
      json_builder_set_member_name (b, "pixel_size");
      json_builder_begin_array (b);
      json_builder_add_double_value (b, image->axis[ISC_IMAGE_AXIS_X].scale);
      json_builder_add_double_value (b, image->axis[ISC_IMAGE_AXIS_Y].scale);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "unit");
      json_builder_add_string_value (b, pixel_unit (image));
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      isc_cli_print_json (root);
    }
  else
    {
      printf ("format      %s\n", image->format);
      printf ("title       %s\n", image->title);
      printf ("size        %u × %u × %u frames\n", image->width, image->height, image->frames);
      printf ("dtype       %s\n", isc_image_dtype_name (image->dtype));
      printf ("frame 0     min %.10g  max %.10g  mean %.10g\n", min, max, mean);
      printf ("pixel size  %.10g × %.10g %s\n", image->axis[ISC_IMAGE_AXIS_X].scale,
              image->axis[ISC_IMAGE_AXIS_Y].scale, pixel_unit (image));
      printf ("origin      %.10g, %.10g\n", image->axis[ISC_IMAGE_AXIS_X].origin, image->axis[ISC_IMAGE_AXIS_Y].origin);
    }
  return 0;
}
