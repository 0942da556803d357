/* plot-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "isc-error.h"
#include "plot-export.h"

static gboolean
check_surface (cairo_surface_t  *surface,
               const char       *path,
               GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_IO, "Cannot write figure %s: %s",
               path, cairo_status_to_string (status));
  return FALSE;
}

gboolean
isc_render_export (const char  *path,
                   double       width_pt,
                   double       height_pt,
                   double       dpi,
                   IscDrawFunc  draw,
                   gpointer     user_data,
                   GError     **error)
{
  g_autofree char *lower = NULL;
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  gboolean ok;

  g_return_val_if_fail (path != NULL && draw != NULL, FALSE);

  if (!(width_pt >= 1 && height_pt >= 1 && width_pt <= 14400 && height_pt <= 14400))
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "Figure %s: size %g × %g pt is outside 1–14400 pt", path, width_pt, height_pt);
      return FALSE;
    }
  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".png"))
    {
      double scale;
      double wpx, hpx;

      if (!(dpi >= 10 && dpi <= 2400))
        {
          g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                       "Figure %s: resolution %g dpi is outside 10–2400", path, dpi);
          return FALSE;
        }
      scale = dpi / 72.0;
      wpx = ceil (width_pt * scale);
      hpx = ceil (height_pt * scale);
      if (wpx * hpx > 400e6)
        {
          g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                       "Figure %s: %.0f × %.0f pixels is too large", path, wpx, hpx);
          return FALSE;
        }
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) wpx, (int) hpx);
      if (!check_surface (surface, path, error))
        {
          cairo_surface_destroy (surface);
          return FALSE;
        }
      cr = cairo_create (surface);
      cairo_scale (cr, scale, scale);
      draw (cr, width_pt, height_pt, user_data);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      {
        cairo_status_t status = cairo_surface_write_to_png (surface, path);

        ok = status == CAIRO_STATUS_SUCCESS;
        if (!ok)
          g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_IO, "Cannot write figure %s: %s",
                       path, cairo_status_to_string (status));
      }
      cairo_surface_destroy (surface);
      return ok;
    }

  if (g_str_has_suffix (lower, ".svg"))
    surface = cairo_svg_surface_create (path, width_pt, height_pt);
  else if (g_str_has_suffix (lower, ".pdf"))
    surface = cairo_pdf_surface_create (path, width_pt, height_pt);
  else
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "Figure %s: unknown format (use .png, .svg or .pdf)", path);
      return FALSE;
    }
  if (!check_surface (surface, path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cr = cairo_create (surface);
  draw (cr, width_pt, height_pt, user_data);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  ok = check_surface (surface, path, error);
  cairo_surface_destroy (surface);
  return ok;
}
