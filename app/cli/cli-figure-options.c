/* cli-figure-options.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "cli-figure-options.h"
#include "cli-util.h"

void
isc_cli_figure_args_init (IscCliFigureArgs *args)
{
  memset (args, 0, sizeof *args);
  args->width_mm = NAN;
  args->height_mm = NAN;
  args->font_pt = NAN;
  args->dpi = NAN;
}

void
isc_cli_figure_args_clear (IscCliFigureArgs *args)
{
  g_clear_pointer (&args->width, g_free);
  g_clear_pointer (&args->background, g_free);
}

void
isc_cli_figure_args_add (IscCliFigureArgs *args,
                         GOptionContext   *context)
{
  const GOptionEntry entries[] = {
    { "width", 0, 0, G_OPTION_ARG_STRING, &args->width,
      "Figure width: single (85 mm), 1.5 (120 mm), double (180 mm) or a length (90mm, 3.5in)",
      "W" },
    { "width-mm", 0, 0, G_OPTION_ARG_DOUBLE, &args->width_mm, "Figure width in mm", "MM" },
    { "height-mm", 0, 0, G_OPTION_ARG_DOUBLE, &args->height_mm,
      "Figure height in mm (default: from the width)", "MM" },
    { "font-pt", 0, 0, G_OPTION_ARG_DOUBLE, &args->font_pt, "Text size in points (default 8)",
      "PT" },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &args->dpi, "PNG and TIFF resolution (default 300)",
      "DPI" },
    { "background", 0, 0, G_OPTION_ARG_STRING, &args->background,
      "white (default), black or transparent (PNG, TIFF)", "BG" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
}

/* "90", "90mm", "3.5in", "8.5cm" → mm. */
static gboolean
parse_length (const char *text,
              double     *mm)
{
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);

  if (end == text || !isfinite (v))
    return FALSE;
  if (*end == '\0' || g_ascii_strcasecmp (end, "mm") == 0)
    *mm = v;
  else if (g_ascii_strcasecmp (end, "cm") == 0)
    *mm = v * 10;
  else if (g_ascii_strcasecmp (end, "in") == 0)
    *mm = v * 25.4;
  else if (g_ascii_strcasecmp (end, "pt") == 0)
    *mm = ISC_PT_TO_MM (v);
  else
    return FALSE;
  return TRUE;
}

gboolean
isc_cli_figure_args_resolve (const IscCliFigureArgs *args,
                             const char             *command,
                             double                  width_mm,
                             double                  aspect,
                             IscFigureOptions       *options)
{
  g_autoptr(GError) error = NULL;

  isc_figure_options_init (options);
  if (width_mm > 0)
    {
      options->width_preset = ISC_FIGURE_WIDTH_CUSTOM;
      options->width_mm = width_mm;
    }
  if (aspect > 0)
    options->aspect = aspect;
  if (args->width != NULL)
    {
      if (g_str_equal (args->width, "single"))
        options->width_preset = ISC_FIGURE_WIDTH_SINGLE;
      else if (g_str_equal (args->width, "1.5") || g_str_equal (args->width, "one-and-half"))
        options->width_preset = ISC_FIGURE_WIDTH_ONE_HALF;
      else if (g_str_equal (args->width, "double"))
        options->width_preset = ISC_FIGURE_WIDTH_DOUBLE;
      else if (parse_length (args->width, &options->width_mm))
        options->width_preset = ISC_FIGURE_WIDTH_CUSTOM;
      else
        {
          isc_cli_fail ("%s: --width expects single, 1.5, double or a length such as 90mm or "
                        "3.5in, got “%s”", command, args->width);
          return FALSE;
        }
    }
  if (!isnan (args->width_mm))
    {
      options->width_preset = ISC_FIGURE_WIDTH_CUSTOM;
      options->width_mm = args->width_mm;
    }
  if (!isnan (args->height_mm))
    options->height_mm = args->height_mm;
  if (!isnan (args->font_pt))
    options->font_pt = args->font_pt;
  if (!isnan (args->dpi))
    options->dpi = args->dpi;
  if (args->background != NULL)
    {
      if (g_str_equal (args->background, "white"))
        options->background = ISC_FIGURE_BACKGROUND_WHITE;
      else if (g_str_equal (args->background, "black"))
        options->background = ISC_FIGURE_BACKGROUND_BLACK;
      else if (g_str_equal (args->background, "transparent"))
        options->background = ISC_FIGURE_BACKGROUND_TRANSPARENT;
      else
        {
          isc_cli_fail ("%s: --background expects white, black or transparent, got “%s”",
                        command, args->background);
          return FALSE;
        }
    }
  if (!isc_figure_options_check (options, &error))
    {
      isc_cli_fail ("%s: %s", command, error->message);
      return FALSE;
    }
  return TRUE;
}
