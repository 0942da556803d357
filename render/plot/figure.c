/* figure.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <pango/pangocairo.h>

#include "figure.h"

typedef struct
{
  IscPlot *plot;
  IscDrawFunc draw;
  gpointer user_data;
  GDestroyNotify destroy;
} Panel;

struct _IscFigure
{
  guint rows, columns;
  Panel *panels;
  gboolean letters;
  double spacing;
  gboolean transparent;
};

static void
panel_clear (Panel *p)
{
  g_clear_pointer (&p->plot, isc_plot_free);
  if (p->destroy != NULL && p->user_data != NULL)
    p->destroy (p->user_data);
  p->draw = NULL;
  p->user_data = NULL;
  p->destroy = NULL;
}

IscFigure *
isc_figure_new (guint rows,
                guint columns)
{
  IscFigure *figure;

  g_return_val_if_fail (rows > 0 && columns > 0 && rows * columns <= 64, NULL);

  figure = g_new0 (IscFigure, 1);
  figure->rows = rows;
  figure->columns = columns;
  figure->panels = g_new0 (Panel, rows * columns);
  figure->letters = TRUE;
  figure->spacing = 6;
  return figure;
}

void
isc_figure_free (IscFigure *figure)
{
  if (figure == NULL)
    return;
  for (guint i = 0; i < figure->rows * figure->columns; i++)
    panel_clear (&figure->panels[i]);
  g_free (figure->panels);
  g_free (figure);
}

static Panel *
panel_at (IscFigure *figure,
          guint      row,
          guint      column)
{
  g_return_val_if_fail (row < figure->rows && column < figure->columns, NULL);
  return &figure->panels[row * figure->columns + column];
}

void
isc_figure_set_plot (IscFigure *figure,
                     guint      row,
                     guint      column,
                     IscPlot   *plot)
{
  Panel *p;

  g_return_if_fail (figure != NULL);
  p = panel_at (figure, row, column);
  if (p == NULL)
    return;
  panel_clear (p);
  p->plot = plot;
}

void
isc_figure_set_panel_func (IscFigure      *figure,
                           guint           row,
                           guint           column,
                           IscDrawFunc     draw,
                           gpointer        user_data,
                           GDestroyNotify  destroy)
{
  Panel *p;

  g_return_if_fail (figure != NULL && draw != NULL);
  p = panel_at (figure, row, column);
  if (p == NULL)
    return;
  panel_clear (p);
  p->draw = draw;
  p->user_data = user_data;
  p->destroy = destroy;
}

IscPlot *
isc_figure_get_plot (IscFigure *figure,
                     guint      row,
                     guint      column)
{
  Panel *p;

  g_return_val_if_fail (figure != NULL, NULL);
  p = panel_at (figure, row, column);
  return p != NULL ? p->plot : NULL;
}

void
isc_figure_set_letters (IscFigure *figure,
                        gboolean   letters)
{
  g_return_if_fail (figure != NULL);
  figure->letters = letters;
}

void
isc_figure_set_spacing (IscFigure *figure,
                        double     spacing_pt)
{
  g_return_if_fail (figure != NULL);
  figure->spacing = MAX (0, spacing_pt);
}

static void
draw_letter (cairo_t    *cr,
             const char *letter,
             double      size)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans Bold");

  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72.0);
  pango_layout_context_changed (layout);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, letter, -1);
  cairo_move_to (cr, 1, 0);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
}

void
isc_figure_draw (IscFigure *figure,
                 cairo_t   *cr,
                 double     width,
                 double     height)
{
  double gap, cw, ch, letter_size;
  guint n = 0;

  g_return_if_fail (figure != NULL && cr != NULL);

  gap = figure->spacing;
  cw = (width - gap * (figure->columns - 1)) / figure->columns;
  ch = (height - gap * (figure->rows - 1)) / figure->rows;
  letter_size = CLAMP (MIN (cw, ch) * 0.06, 8, 14);

  cairo_save (cr);
  if (!figure->transparent)
    {
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill (cr);
    }

  for (guint r = 0; r < figure->rows; r++)
    for (guint c = 0; c < figure->columns; c++)
      {
        Panel *p = &figure->panels[r * figure->columns + c];
        double x = c * (cw + gap), y = r * (ch + gap);
        /* Leave a strip for the letter so it never covers the panel's own text. */
        double inset = figure->letters ? letter_size * 1.3 : 0;

        if (p->plot == NULL && p->draw == NULL)
          continue;
        cairo_save (cr);
        cairo_rectangle (cr, x, y, cw, ch);
        cairo_clip (cr);
        cairo_translate (cr, x + inset, y);
        if (p->plot != NULL)
          isc_plot_draw (p->plot, cr, cw - inset, ch);
        else
          p->draw (cr, cw - inset, ch, p->user_data);
        cairo_restore (cr);
        if (figure->letters)
          {
            char letter[2] = { (char) ('a' + n % 26), 0 };

            cairo_save (cr);
            cairo_translate (cr, x, y);
            cairo_set_source_rgb (cr, 0, 0, 0);
            draw_letter (cr, letter, letter_size);
            cairo_restore (cr);
          }
        n++;
      }
  cairo_restore (cr);
}

static void
draw_figure_cb (cairo_t  *cr,
                double    width,
                double    height,
                gpointer  data)
{
  isc_figure_draw (data, cr, width, height);
}

gboolean
isc_figure_export (IscFigure  *figure,
                   const char *path,
                   double      width_pt,
                   double      height_pt,
                   double      dpi,
                   GError    **error)
{
  g_return_val_if_fail (figure != NULL && path != NULL, FALSE);
  return isc_render_export (path, width_pt, height_pt, dpi, draw_figure_cb, figure, error);
}

void
isc_figure_set_transparent (IscFigure *figure,
                            gboolean   transparent)
{
  g_return_if_fail (figure != NULL);
  figure->transparent = transparent;
}

void
isc_figure_apply_options (IscFigure              *figure,
                          const IscFigureOptions *options)
{
  g_return_if_fail (figure != NULL && options != NULL);

  for (guint i = 0; i < figure->rows * figure->columns; i++)
    if (figure->panels[i].plot != NULL)
      isc_figure_options_apply_to_plot (options, figure->panels[i].plot);
  figure->transparent = options->background == ISC_FIGURE_BACKGROUND_TRANSPARENT;
}

gboolean
isc_figure_export_with_options (IscFigure              *figure,
                                const char             *path,
                                const IscFigureOptions *options,
                                GError                **error)
{
  g_return_val_if_fail (figure != NULL && path != NULL && options != NULL, FALSE);

  if (!isc_figure_options_check (options, error))
    return FALSE;
  isc_figure_apply_options (figure, options);
  return isc_render_export_with_options (path, options, draw_figure_cb, figure, error);
}

void
isc_figure_draw_scale_bar (cairo_t    *cr,
                           double      x,
                           double      y,
                           double      length,
                           const char *label)
{
  double thick = MAX (2, length * 0.04);
  PangoLayout *layout;
  PangoFontDescription *font;
  int tw, th;

  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  cairo_rectangle (cr, x, y - thick, length, thick);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
  cairo_set_line_width (cr, 0.75);
  cairo_stroke (cr);
  if (label != NULL)
    {
      layout = pango_cairo_create_layout (cr);
      pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72.0);
      pango_layout_context_changed (layout);
      font = pango_font_description_from_string ("Sans Bold");
      pango_font_description_set_absolute_size (font, CLAMP (length * 0.25, 7, 14) * PANGO_SCALE);
      pango_layout_set_font_description (layout, font);
      pango_font_description_free (font);
      pango_layout_set_text (layout, label, -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      cairo_move_to (cr, x + (length - tw) / 2, y - thick - 2 - th);
      pango_cairo_layout_path (cr, layout);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
      cairo_set_line_width (cr, 2);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill (cr);
      g_object_unref (layout);
    }
  cairo_restore (cr);
}
